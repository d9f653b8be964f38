//! The syntax check of RE2J's `Pattern.compile` (com.google.re2j `Parser.parseInternal`,
//! as Kafka 4.x bundles it), for `kafka-consumer-groups.sh --validate-regex`: the first
//! error the parser meets, as `PatternSyntaxException.getDescription()` gives it.
//!
//! Checked against RE2J's `Parser` (a decompiled 1.x build and the 1.7+ additions as a port
//! shows them: `(?<name>` and "duplicate capture group name"): the parse loop with its
//! stack of parentheses and vertical bars, `repeat` (a repetition right after another is
//! "invalid nested repetition operator", one with nothing before it "missing argument to
//! repetition operator"), `parseRepeat` (`{n}`, `{n,}`, `{n,m}` up to 1000; anything else
//! is a literal `{`), `parsePerlFlags`, `parseEscape`, `parseClass` and
//! `parseNamedClass`. Simplification: `\p{Name}` accepts any name of letters, digits and
//! `_` (RE2J looks it up in Unicode's category and script tables), and `\p` at the very
//! end, where RE2J's iterator throws a `StringIndexOutOfBoundsException`, is an invalid
//! escape here.

/// What the parser's stack holds, as far as the syntax check needs it.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Item {
    /// `(` (capturing, `(?:`, or named)
    Paren,
    /// `|`
    Bar,
    /// anything that can be repeated
    Atom,
}

const POSIX: [&str; 14] =
    ["alnum", "alpha", "ascii", "blank", "cntrl", "digit", "graph", "lower", "print", "punct", "space", "upper", "word", "xdigit"];

/// `None` when RE2J compiles `regex`; else the error's description.
pub fn check(regex: &str) -> Option<&'static str> {
    Parser { s: regex.chars().collect(), pos: 0, stack: Vec::new(), names: Vec::new() }.parse().err()
}

struct Parser {
    s: Vec<char>,
    pos: usize,
    stack: Vec<Item>,
    names: Vec<String>,
}

type Check = Result<(), &'static str>;

impl Parser {
    fn peek(&self) -> Option<char> {
        self.s.get(self.pos).copied()
    }
    fn looking_at(&self, text: &str) -> bool {
        text.chars().enumerate().all(|(i, c)| self.s.get(self.pos + i) == Some(&c))
    }

    fn parse(&mut self) -> Check {
        let mut last_repeat = false;
        while let Some(c) = self.peek() {
            let mut repeat = false;
            match c {
                '(' if self.looking_at("(?") => self.perl_flags()?,
                '(' => {
                    self.pos += 1;
                    self.stack.push(Item::Paren);
                }
                '|' => {
                    self.pos += 1;
                    self.collapse();
                    self.stack.push(Item::Bar);
                }
                ')' => {
                    self.pos += 1;
                    // parseRightParen: without a '(' below, the stack underflows
                    let Some(i) = self.stack.iter().rposition(|x| *x == Item::Paren) else {
                        return Err("regexp/syntax: internal error");
                    };
                    self.stack.truncate(i);
                    self.stack.push(Item::Atom);
                }
                '[' => self.class()?,
                '*' | '+' | '?' => {
                    self.pos += 1;
                    repeat = true;
                    self.repeat(last_repeat)?;
                }
                '{' => {
                    // the position is a repeat's even when '{' turns out to be a literal
                    repeat = true;
                    let start = self.pos;
                    if self.repeat_size()? {
                        self.repeat(last_repeat)?;
                    } else {
                        self.pos = start + 1;
                        self.stack.push(Item::Atom);
                    }
                }
                '\\' => self.backslash()?,
                _ => {
                    self.pos += 1;
                    self.stack.push(Item::Atom);
                }
            }
            last_repeat = repeat;
        }
        if self.stack.contains(&Item::Paren) {
            return Err("missing closing )");
        }
        Ok(())
    }

    /// `concat` before a `|`: what follows the last pseudo-operator becomes one item.
    fn collapse(&mut self) {
        while self.stack.last() == Some(&Item::Atom) {
            self.stack.pop();
        }
        if self.stack.last() == Some(&Item::Bar) {
            self.stack.pop();
        }
        self.stack.push(Item::Atom);
    }

    /// `repeat`: a lazy `?` is taken first; then a repetition right after another one,
    /// then one without an operand, fails.
    fn repeat(&mut self, after_repeat: bool) -> Check {
        if self.peek() == Some('?') {
            self.pos += 1;
        }
        if after_repeat {
            return Err("invalid nested repetition operator");
        }
        match self.stack.last() {
            Some(Item::Atom) => Ok(()),
            _ => Err("missing argument to repetition operator"),
        }
    }

    /// `parseInt`: digits without a leading zero; `Some(None)` for more than 8 of them.
    fn int(&mut self) -> Option<Option<u32>> {
        let start = self.pos;
        while self.peek().is_some_and(|c| c.is_ascii_digit()) {
            self.pos += 1;
        }
        let n: String = self.s[start..self.pos].iter().collect();
        if n.is_empty() || (n.len() > 1 && n.starts_with('0')) {
            return None;
        }
        Some(if n.len() > 8 { None } else { n.parse().ok() })
    }

    /// `parseRepeat` at a '{': `Ok(true)` after a well-formed `{n}`, `{n,}` or `{n,m}`,
    /// `Ok(false)` when the '{' is a literal.
    fn repeat_size(&mut self) -> Result<bool, &'static str> {
        self.pos += 1;
        let Some(min) = self.int() else { return Ok(false) };
        let max = if self.peek() == Some(',') {
            self.pos += 1;
            if self.peek() == Some('}') {
                Some(None) // {n,}: no maximum
            } else {
                let Some(m) = self.int() else { return Ok(false) };
                Some(Some(m))
            }
        } else {
            None // {n}: max = min
        };
        if self.peek() != Some('}') {
            return Ok(false);
        }
        self.pos += 1;
        let bad = match (min, max) {
            (None, _) | (_, Some(Some(None))) => true,
            (Some(min), None | Some(None)) => min > 1000,
            (Some(min), Some(Some(Some(max)))) => min > 1000 || max > 1000 || min > max,
        };
        if bad {
            return Err("invalid repeat count");
        }
        Ok(true)
    }

    /// `parsePerlFlags` at "(?": a named group or flags (`i`, `m`, `s`, `U`, one `-`),
    /// ended by ')' (flags only) or ':' (a group).
    fn perl_flags(&mut self) -> Check {
        for prefix in ["(?P<", "(?<"] {
            if self.looking_at(prefix) {
                let start = self.pos + prefix.len();
                let Some(end) = self.s[start..].iter().position(|c| *c == '>') else { return Err("invalid named capture") };
                let name: String = self.s[start..start + end].iter().collect();
                if name.is_empty() || !name.chars().all(|c| c == '_' || c.is_ascii_alphanumeric()) {
                    return Err("invalid named capture");
                }
                if self.names.contains(&name) {
                    return Err("duplicate capture group name");
                }
                self.names.push(name);
                self.pos = start + end + 1;
                self.stack.push(Item::Paren);
                return Ok(());
            }
        }
        self.pos += 2;
        let (mut negated, mut saw_flag) = (false, false);
        while let Some(c) = self.peek() {
            self.pos += 1;
            match c {
                'i' | 'm' | 's' | 'U' => saw_flag = true,
                '-' if !negated => {
                    negated = true;
                    saw_flag = false;
                }
                ':' | ')' if !negated || saw_flag => {
                    if c == ':' {
                        self.stack.push(Item::Paren);
                    }
                    return Ok(());
                }
                _ => break,
            }
        }
        Err("invalid or unsupported Perl syntax")
    }

    /// A '\\' outside a class: `\A`, `\b`, `\B`, `\z`, `\Q...\E`, `\pN`/`\p{Name}`,
    /// the Perl classes, or `parseEscape`'s single character.
    fn backslash(&mut self) -> Check {
        match self.s.get(self.pos + 1) {
            Some('A' | 'b' | 'B' | 'z' | 'd' | 'D' | 's' | 'S' | 'w' | 'W') => self.pos += 2,
            Some('C') => return Err("invalid escape sequence"),
            Some('Q') => {
                self.pos += 2;
                while self.pos < self.s.len() && !self.looking_at("\\E") {
                    self.pos += 1;
                }
                self.pos = (self.pos + 2).min(self.s.len());
            }
            Some('p' | 'P') => self.unicode_class()?,
            _ => {
                self.escape()?;
            }
        }
        self.stack.push(Item::Atom);
        Ok(())
    }

    /// `parseUnicodeClass` at "\p" or "\P": one letter, or a name in braces.
    fn unicode_class(&mut self) -> Check {
        self.pos += 2;
        match self.peek() {
            None => return Err("invalid escape sequence"),
            Some('{') => {
                let Some(end) = self.s[self.pos..].iter().position(|c| *c == '}') else {
                    return Err("invalid character class range");
                };
                let name: String = self.s[self.pos + 1..self.pos + end].iter().collect();
                let name = name.strip_prefix('^').unwrap_or(&name);
                if name.is_empty() || !name.chars().all(|c| c == '_' || c.is_ascii_alphanumeric()) {
                    return Err("invalid character class range");
                }
                self.pos += end + 1;
            }
            Some(c) if c.is_ascii_alphabetic() => self.pos += 1,
            Some(_) => return Err("invalid character class range"),
        }
        Ok(())
    }

    /// `parseEscape` at a '\\': the character it stands for.
    fn escape(&mut self) -> Result<char, &'static str> {
        self.pos += 1;
        let Some(c) = self.peek() else { return Err("trailing backslash at end of expression") };
        self.pos += 1;
        let octal = |c: Option<char>| c.is_some_and(|c| ('0'..='7').contains(&c));
        match c {
            '1'..='7' if !octal(self.peek()) => Err("invalid escape sequence"),
            '0'..='7' => {
                let mut r = c as u32 - '0' as u32;
                for _ in 1..3 {
                    if !octal(self.peek()) {
                        break;
                    }
                    r = r * 8 + (self.s[self.pos] as u32 - '0' as u32);
                    self.pos += 1;
                }
                Ok(char::from_u32(r).unwrap_or('\0'))
            }
            'x' => self.hex(),
            'a' | 'f' | 'n' | 'r' | 't' | 'v' => Ok(c),
            c if c.is_ascii_alphanumeric() => Err("invalid escape sequence"),
            c => Ok(c),
        }
    }

    /// `\xHH` or `\x{H...}` (at most U+10FFFF).
    fn hex(&mut self) -> Result<char, &'static str> {
        let bad = Err("invalid escape sequence");
        let digit = |c: Option<char>| c.and_then(|c| c.to_digit(16));
        if self.peek() == Some('{') {
            self.pos += 1;
            let mut r = 0u32;
            let mut n = 0;
            while let Some(c) = self.peek() {
                self.pos += 1;
                if c == '}' {
                    return if n == 0 { bad } else { Ok(char::from_u32(r).unwrap_or('\u{fffd}')) };
                }
                let Some(v) = digit(Some(c)) else { return bad };
                r = r * 16 + v;
                if r > 0x10ffff {
                    return bad;
                }
                n += 1;
            }
            return bad;
        }
        let (x, y) = (digit(self.peek()), digit(self.s.get(self.pos + 1).copied()));
        self.pos += 2;
        match (x, y) {
            (Some(x), Some(y)) => Ok(char::from_u32(x * 16 + y).unwrap_or('\0')),
            _ => bad,
        }
    }

    /// `parseClass` at a '[': a ']' first is a literal; POSIX names, `\p`, Perl classes,
    /// characters and ranges until the closing ']'.
    fn class(&mut self) -> Check {
        self.pos += 1;
        if self.peek() == Some('^') {
            self.pos += 1;
        }
        let mut first = true;
        while first || self.peek() != Some(']') {
            first = false;
            if self.looking_at("[:") {
                if let Some(end) = (self.pos..self.s.len().saturating_sub(1)).find(|&i| self.s[i] == ':' && self.s[i + 1] == ']') {
                    // "[:]" names "[:]" itself, which is no class
                    let name: String = self.s[(self.pos + 2).min(end)..end].iter().collect();
                    if end < self.pos + 2 {
                        return Err("invalid character class range");
                    }
                    if !POSIX.contains(&name.strip_prefix('^').unwrap_or(&name)) {
                        return Err("invalid character class range");
                    }
                    self.pos = end + 2;
                    continue;
                }
            }
            if self.looking_at("\\p") || self.looking_at("\\P") {
                self.unicode_class()?;
                continue;
            }
            if matches!(self.s.get(self.pos + 1), Some('d' | 'D' | 's' | 'S' | 'w' | 'W')) && self.peek() == Some('\\') {
                self.pos += 2;
                continue;
            }
            let lo = self.class_char()?;
            if self.peek() == Some('-') {
                self.pos += 1;
                if self.peek() == Some(']') {
                    self.pos -= 1; // the '-' is a literal, read next
                } else if self.class_char()? < lo {
                    return Err("invalid character class range");
                }
            }
        }
        self.pos += 1;
        self.stack.push(Item::Atom);
        Ok(())
    }

    /// `parseClassChar`: one character or escape inside a class.
    fn class_char(&mut self) -> Result<char, &'static str> {
        match self.peek() {
            None => Err("missing closing ]"),
            Some('\\') => self.escape(),
            Some(c) => {
                self.pos += 1;
                Ok(c)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::check;

    #[test]
    fn re2j_accepts_and_refuses_as_its_parser_does() {
        for ok in [
            "foo.*",
            "orders|payments",
            "a{2,3}",
            "a{,3}",
            "x{",
            "(?i)abc",
            "(?P<n>a)",
            "[a-z]+",
            "[]a]",
            "\\d+\\.\\w",
            "a*?",
            "[[:alpha:]]",
            "\\x{41}",
        ] {
            assert_eq!(check(ok), None, "{ok}");
        }
        let bad = [
            ("[foo.*", "missing closing ]"),
            ("(foo", "missing closing )"),
            ("foo)", "regexp/syntax: internal error"),
            ("*a", "missing argument to repetition operator"),
            ("a|*", "missing argument to repetition operator"),
            ("a**", "invalid nested repetition operator"),
            ("a{1001}", "invalid repeat count"),
            ("a{3,2}", "invalid repeat count"),
            ("(?=a)", "invalid or unsupported Perl syntax"),
            ("(?P<1-x>a)", "invalid named capture"),
            ("\\1", "invalid escape sequence"),
            ("a\\", "trailing backslash at end of expression"),
            ("[z-a]", "invalid character class range"),
            ("[[:nope:]]", "invalid character class range"),
        ];
        for (regex, why) in bad {
            assert_eq!(check(regex), Some(why), "{regex}");
        }
    }
}
