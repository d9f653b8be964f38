//! Kafka's rules for topic names.
//!
//! Models `org.apache.kafka.common.internals.Topic` (clients/src/main/java/org/apache/kafka/common/internals/Topic.java):
//! `validate`, `hasCollision` and `hasCollisionChars`.

use super::error::{ErrorCode, KafkaError, KafkaResult};

/// `Topic.MAX_NAME_LENGTH`.
pub const MAX_NAME_LENGTH: usize = 249;

/// Checks a topic name as `Topic.validate` does; the error is `INVALID_TOPIC_EXCEPTION`
/// with Kafka's message (`Topic name is invalid: ...`).
pub fn validate(name: &str) -> KafkaResult<()> {
    let problem = if name.is_empty() {
        Some("the empty string is not allowed".to_string())
    } else if name == "." || name == ".." {
        Some(format!("'{name}' is not allowed"))
    } else if name.chars().count() > MAX_NAME_LENGTH {
        Some(format!("the length of '{name}' is longer than the max allowed length {MAX_NAME_LENGTH}"))
    } else if !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '_' || c == '-') {
        Some(format!("'{name}' contains one or more characters other than ASCII alphanumerics, '.', '_' and '-'"))
    } else {
        None
    };
    match problem {
        Some(p) => Err(KafkaError::new(ErrorCode::InvalidTopicException, format!("Topic name is invalid: {p}"))),
        None => Ok(()),
    }
}

/// `Topic.hasCollisionChars`: the name contains `.` or `_`.
pub fn has_collision_chars(name: &str) -> bool {
    name.contains('.') || name.contains('_')
}

/// `Topic.hasCollision`: the two names are equal once `.` is replaced by `_`.
pub fn has_collision(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.chars().zip(b.chars()).all(|(x, y)| norm(x) == norm(y))
}

fn norm(c: char) -> char {
    if c == '.' {
        '_'
    } else {
        c
    }
}

/// Internal topics that users cannot create (`Topic.INTERNAL_TOPICS`).
pub fn is_internal(name: &str) -> bool {
    name == "__consumer_offsets" || name == "__transaction_state"
}

/// A small subset of Java's regular expressions, for pattern subscriptions
/// (`subscribe(Pattern)`, `--include`): alternatives separated by `|`, each a sequence of
/// literals, `\\` escapes, `.` (any character) and `.*` (anything). The whole name must
/// match, as `Pattern.matcher(topic).matches()` requires.
pub fn pattern_matches(pattern: &str, topic: &str) -> bool {
    fn m(p: &[char], t: &[char]) -> bool {
        match p {
            [] => t.is_empty(),
            ['.', '*', rest @ ..] => (0..=t.len()).any(|i| m(rest, &t[i..])),
            ['\\', c, rest @ ..] => t.first() == Some(c) && m(rest, &t[1..]),
            ['.', rest @ ..] => !t.is_empty() && m(rest, &t[1..]),
            [c, rest @ ..] => t.first() == Some(c) && m(rest, &t[1..]),
        }
    }
    let t: Vec<char> = topic.chars().collect();
    pattern.split('|').any(|alt| m(&alt.chars().collect::<Vec<_>>(), &t))
}

#[cfg(test)]
mod tests {
    use super::*;

    // Vectors from clients/src/test/java/org/apache/kafka/common/internals/TopicTest.java
    #[test]
    fn topic_test_valid_names() {
        let long = "x".repeat(249);
        for n in ["valid", "TOPIC", "nAmEs", "ar6", "VaL1d", "_0-9_.", "...", long.as_str()] {
            assert!(validate(n).is_ok(), "{n} should be valid");
        }
    }

    #[test]
    fn topic_test_invalid_names() {
        let long = "x".repeat(250);
        for n in ["", "foo bar", "..", "foo:bar", "foo=bar", ".", long.as_str()] {
            let e = validate(n).unwrap_err();
            assert_eq!(e.code, ErrorCode::InvalidTopicException, "{n}");
        }
        assert_eq!(validate("").unwrap_err().message, "Topic name is invalid: the empty string is not allowed");
        assert_eq!(validate(".").unwrap_err().message, "Topic name is invalid: '.' is not allowed");
        assert_eq!(validate("..").unwrap_err().message, "Topic name is invalid: '..' is not allowed");
        assert_eq!(
            validate("foo bar").unwrap_err().message,
            "Topic name is invalid: 'foo bar' contains one or more characters other than ASCII alphanumerics, '.', '_' and '-'"
        );
        assert_eq!(
            validate(&long).unwrap_err().message,
            format!("Topic name is invalid: the length of '{long}' is longer than the max allowed length 249")
        );
    }

    #[test]
    fn topic_test_collisions() {
        assert!(has_collision(".topic", "_topic"));
        assert!(has_collision("to.pic", "to_pic"));
        assert!(has_collision("topic.", "topic_"));
        assert!(!has_collision(".topic", "topic_"));
        assert!(has_collision("same", "same"));
        assert!(has_collision_chars("a.b") && has_collision_chars("a_b") && !has_collision_chars("ab"));
    }
}
