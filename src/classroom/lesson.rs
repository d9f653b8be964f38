//! A lesson: a console script with narration, predict questions and checked claims.
//!
//! A lesson file (`static/lessons/NN-slug.sh`) is a script `kafkascope run` executes
//! unchanged: every directive is a shell comment, a `#` followed by one marker
//! character:
//!
//! * `#! title: ...`, `#! summary: ...`, `#! seed: N` (default 1), `#! level: advanced`
//!   (the default is introductory): the header;
//! * `#> text`: narration; consecutive lines join into a paragraph, a bare `#>` starts
//!   a new one;
//! * `#? text`: a predict question, `#= text`: its reveal (both may span several lines);
//! * `#! expect CLAIM`: a claim about the simulation (see [`super::check`]), checked
//!   once the step's commands ran;
//! * `#! pause`: ends a step.
//!
//! Every other line is the step's command text, here-document bodies and plain
//! `# comments` included. `static/lessons/FORMAT.md` is the authors' guide.

use std::fmt;

use crate::console::shell::ShellParser;

use super::check::{parse_claim, Claim};

/// A parsed lesson.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Lesson {
    pub title: String,
    pub summary: String,
    /// the simulation's seed (`#! seed:`, default 1)
    pub seed: u64,
    /// `#! level: advanced`: the lesson list marks it, for a course that can stop
    /// before it
    pub advanced: bool,
    pub steps: Vec<Step>,
    /// the file's text, as parsed (a lesson's progress is stored with it)
    pub source: String,
}

/// Everything up to and including a `#! pause` (or the end of the file).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Step {
    /// the 1-based line the step starts on
    pub line: usize,
    /// narration paragraphs, in order
    pub narration: Vec<String>,
    /// the command lines (here-document bodies and plain comments included), in order
    pub commands: Vec<String>,
    pub questions: Vec<Question>,
    pub expectations: Vec<Expectation>,
}

impl Step {
    /// The step's command text, one line each, as the script holds it.
    pub fn command_text(&self) -> String {
        self.commands.join("\n")
    }
}

/// A predict question and its reveal.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Question {
    pub line: usize,
    pub prompt: String,
    pub answer: String,
}

/// `#! expect CLAIM`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Expectation {
    pub line: usize,
    /// the claim as written
    pub text: String,
    pub claim: Claim,
}

/// Why a lesson file is malformed, with the 1-based line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LessonError {
    pub line: usize,
    pub message: String,
}

impl fmt::Display for LessonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

impl std::error::Error for LessonError {}

fn err<T>(line: usize, message: impl Into<String>) -> Result<T, LessonError> {
    Err(LessonError { line, message: message.into() })
}

/// Which kind of line came last, to join consecutive narration, question and reveal lines.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Last {
    Other,
    Narration,
    Question,
    Answer,
}

/// Appends `text` to a paragraph, with a space between lines.
fn join(paragraph: &mut String, text: &str) {
    if !paragraph.is_empty() && !text.is_empty() {
        paragraph.push(' ');
    }
    paragraph.push_str(text);
}

/// The text of a directive after its marker, without one leading space.
fn directive_text(rest: &str) -> &str {
    rest.strip_prefix(' ').unwrap_or(rest).trim_end()
}

/// Parses a lesson file.
pub fn parse(text: &str) -> Result<Lesson, LessonError> {
    if text.trim().is_empty() {
        return err(1, "the lesson is empty: it needs at least `#! title: ...` and a step");
    }
    let mut title: Option<String> = None;
    let mut summary: Option<String> = None;
    let (mut advanced, mut level_seen) = (false, false);
    let mut seed: Option<u64> = None;
    let mut steps: Vec<Step> = Vec::new();
    let mut step = Step { line: 1, ..Step::default() };
    // which lines are commands and which are here-document bodies or open quotes
    let mut shell = ShellParser::new();
    let mut last = Last::Other;
    let mut lines = 0;

    fn close_step(step: &mut Step, steps: &mut Vec<Step>, next_line: usize) -> Result<(), LessonError> {
        if let Some(q) = step.questions.iter().find(|q| q.answer.is_empty()) {
            return err(q.line, "this question has no reveal: add `#= ...` lines after it, in the same step");
        }
        while step.commands.last().is_some_and(|l| l.trim().is_empty()) {
            step.commands.pop();
        }
        let first = step.commands.iter().position(|l| !l.trim().is_empty()).unwrap_or(step.commands.len());
        step.commands.drain(..first);
        steps.push(std::mem::replace(step, Step { line: next_line, ..Step::default() }));
        Ok(())
    }

    for (i, raw) in text.strip_suffix('\n').unwrap_or(text).split('\n').enumerate() {
        let n = i + 1;
        lines = n;
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        let trimmed = line.trim_start();
        let marker = trimmed.strip_prefix('#').and_then(|r| r.chars().next().filter(|c| "!>?=".contains(*c)).map(|c| (c, &r[1..])));
        let marker = match marker {
            Some(('!', rest)) if n == 1 && rest.starts_with('/') => None, // a shebang line
            m => m,
        };
        let Some((marker, rest)) = marker else {
            // a command line, a plain comment or a here-document body line
            if !step.expectations.is_empty() && shell.pending().is_none() && !trimmed.is_empty() && !trimmed.starts_with('#') {
                return err(
                    n,
                    "a command after `#! expect` in the same step: claims are checked when the step's commands have run, so put them just before `#! pause`",
                );
            }
            let _ = shell.push_line(line);
            step.commands.push(line.to_string());
            last = Last::Other;
            continue;
        };
        if let Some(p) = shell.pending() {
            let what = match p {
                crate::console::Pending::HereDoc(d) => format!("a here-document (it ends at a line `{d}`)"),
                crate::console::Pending::Quote(q) => format!("an open quote ({q})"),
                crate::console::Pending::Continuation => "a `\\` continuation".to_string(),
            };
            return err(n, format!("a `#{marker}` directive inside {what}: end the command first"));
        }
        let text = directive_text(rest);
        match marker {
            '>' => {
                if text.is_empty() {
                    last = Last::Other;
                    continue;
                }
                if last == Last::Narration {
                    join(step.narration.last_mut().expect("a paragraph is open"), text);
                } else {
                    step.narration.push(text.to_string());
                }
                last = Last::Narration;
            }
            '?' => {
                if text.is_empty() {
                    return err(n, "an empty `#?` question");
                }
                if last == Last::Question {
                    join(&mut step.questions.last_mut().expect("a question is open").prompt, text);
                } else {
                    if let Some(q) = step.questions.iter().find(|q| q.answer.is_empty()) {
                        return err(q.line, "this question has no reveal: add `#= ...` lines after it, before the next question");
                    }
                    step.questions.push(Question { line: n, prompt: text.to_string(), answer: String::new() });
                }
                last = Last::Question;
            }
            '=' => {
                let open =
                    if last == Last::Answer { step.questions.last_mut() } else { step.questions.iter_mut().find(|q| q.answer.is_empty()) };
                let Some(q) = open else {
                    return err(n, "a `#=` reveal without a `#?` question before it in this step");
                };
                if text.is_empty() && q.answer.is_empty() {
                    return err(n, "an empty `#=` reveal");
                }
                join(&mut q.answer, text);
                last = Last::Answer;
            }
            _ => {
                last = Last::Other;
                let (word, value) = match text.split_once(char::is_whitespace) {
                    Some((w, v)) => (w, v.trim()),
                    None => (text, ""),
                };
                match word {
                    "pause" if value.is_empty() => close_step(&mut step, &mut steps, n + 1)?,
                    "pause" => return err(n, format!("`#! pause` takes nothing after it, not '{value}'")),
                    "expect" => {
                        if !step.commands.iter().any(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#')) {
                            return err(n, "`#! expect` before any command in this step: claims are checked after the step's commands ran");
                        }
                        let claim = parse_claim(value).map_err(|message| LessonError { line: n, message })?;
                        step.expectations.push(Expectation { line: n, text: value.to_string(), claim });
                    }
                    "level:" => match value {
                        _ if level_seen => return err(n, "a second `#! level:`"),
                        "advanced" => (advanced, level_seen) = (true, true),
                        "introductory" => level_seen = true,
                        _ => return err(n, format!("`#! level:` is `introductory` (the default) or `advanced`, not '{value}'")),
                    },
                    "title:" | "summary:" | "seed:" => {
                        let slot = match word {
                            "title:" => &mut title,
                            "summary:" => &mut summary,
                            _ => {
                                if seed.is_some() {
                                    return err(n, "a second `#! seed:`");
                                }
                                let s = value.parse().map_err(|_| LessonError {
                                    line: n,
                                    message: format!("`#! seed:` takes a non-negative integer, not '{value}'"),
                                })?;
                                seed = Some(s);
                                continue;
                            }
                        };
                        if slot.is_some() {
                            return err(n, format!("a second `#! {word}`"));
                        }
                        if value.is_empty() {
                            return err(n, format!("`#! {word}` needs some text"));
                        }
                        *slot = Some(value.to_string());
                    }
                    _ => {
                        return err(
                            n,
                            format!(
                                "unknown directive `#! {text}` (known: title:, summary:, seed:, level:, expect CLAIM, pause; a plain comment is `# ...`)"
                            ),
                        )
                    }
                }
            }
        }
    }
    if let Some(p) = shell.pending() {
        let what = match p {
            crate::console::Pending::HereDoc(d) => format!("inside a here-document (no line `{d}` ends it)"),
            _ => "inside an unfinished command (an open quote or a `\\` continuation)".to_string(),
        };
        return err(lines, format!("the lesson ends {what}"));
    }
    let has_content = !step.narration.is_empty()
        || !step.questions.is_empty()
        || !step.expectations.is_empty()
        || step.commands.iter().any(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'));
    if has_content {
        close_step(&mut step, &mut steps, lines + 1)?;
    }
    let Some(title) = title else {
        return err(1, "the lesson has no `#! title: ...`");
    };
    if steps.is_empty() {
        return err(lines, "the lesson has no steps: add narration and commands");
    }
    Ok(Lesson { title, summary: summary.unwrap_or_default(), seed: seed.unwrap_or(1), advanced, steps, source: text.to_string() })
}

#[cfg(test)]
mod tests {
    use super::*;

    const SMALL: &str = "#! title: Small
#! summary: a test
#! seed: 7
#> First paragraph,
#> still the first.
#>
#> Second paragraph.
kafka-topics.sh --bootstrap-server localhost:9092 --create --topic t
#? Which partition?
#= Partition 0,
#= since there is one.
#! expect topic t partitions 1
#! pause
# a plain comment
kafka-console-producer.sh --bootstrap-server localhost:9092 --topic t <<EOF
#not a directive: a record
EOF
#! expect partition t 0 log-end-offset 1
";

    #[test]
    fn a_lesson_parses_into_steps() {
        let l = parse(SMALL).unwrap();
        assert_eq!(l.title, "Small");
        assert_eq!(l.seed, 7);
        assert_eq!(l.steps.len(), 2);
        let s = &l.steps[0];
        assert_eq!(s.narration, vec!["First paragraph, still the first.".to_string(), "Second paragraph.".to_string()]);
        assert_eq!(
            s.questions,
            vec![Question { line: 9, prompt: "Which partition?".into(), answer: "Partition 0, since there is one.".into() }]
        );
        assert_eq!(s.commands.len(), 1);
        assert_eq!(s.expectations[0].line, 12);
        assert_eq!(l.steps[1].line, 14);
        assert_eq!(l.steps[1].commands.len(), 4);
        assert_eq!(l.steps[1].expectations.len(), 1);
    }

    #[test]
    fn directives_inside_a_here_document_are_refused() {
        let text = "#! title: x\ncat <<EOF\n#! pause\nEOF\n";
        let e = parse(text).unwrap_err();
        assert_eq!(e.line, 3);
        assert!(e.message.contains("here-document"), "{e}");
    }

    #[test]
    fn the_level_directive_marks_an_advanced_lesson() {
        let base = "#! title: t\necho hi\n";
        assert!(!parse(base).unwrap().advanced, "introductory by default");
        assert!(parse(&format!("#! level: advanced\n{base}")).unwrap().advanced);
        assert!(!parse(&format!("#! level: introductory\n{base}")).unwrap().advanced);
        let e = parse(&format!("#! level: expert\n{base}")).unwrap_err();
        assert_eq!(e.line, 1);
        assert!(e.message.contains("`introductory` (the default) or `advanced`"), "{}", e.message);
        assert!(parse(&format!("#! level: advanced\n#! level: advanced\n{base}")).is_err(), "a second level");
    }
}
