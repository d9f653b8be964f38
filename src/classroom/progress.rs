//! A learner's way through a lesson ([`LessonRun`]): the step shown, the steps run and
//! what their claims found, the answers revealed; and its text form, which the page
//! keeps beside the autosaved session so that a reload resumes the lesson where it was.
//!
//! A step is first shown without having run (the learner reads the narration and
//! predicts), then "Next step" runs its commands and checks its claims, and the next
//! "Next step" shows the following step. "Previous step" rewinds the session to where
//! the step before the present point started, so it can be predicted and run again
//! (time travel keeps the recorded future, so it replays the same run).
//!
//! The text form holds the lesson file itself, so a resumed lesson is the one that was
//! played even if the site's lessons changed since. Like every stored or shared text it
//! may be damaged: [`LessonRun::from_text`] answers with an error, never a panic.

use std::fmt;
use std::rc::Rc;

use crate::console::session::Session;

use super::check::Mismatch;
use super::lesson::{self, Lesson};
use super::player::{self, CheckResult, StepOutcome};

/// The first line of the text form; the version changes with the format.
pub const HEADER: &str = "kafkascope lesson progress v1";

/// A lesson being played.
#[derive(Clone, Debug, PartialEq)]
pub struct LessonRun {
    pub lesson: Rc<Lesson>,
    /// the step shown (0-based)
    pub at: usize,
    /// the session's op count (its cursor) when each step run so far started
    pub starts: Vec<usize>,
    /// the checks and problems of each step run so far (their output is in the terminal)
    pub outcomes: Vec<StepOutcome>,
    /// (step, question) pairs whose answer is shown
    pub revealed: Vec<(usize, usize)>,
}

impl LessonRun {
    /// A lesson at its first step, not yet run.
    pub fn new(lesson: Rc<Lesson>) -> Self {
        LessonRun { lesson, at: 0, starts: Vec::new(), outcomes: Vec::new(), revealed: Vec::new() }
    }

    /// The shown step's commands have run.
    pub fn ran(&self) -> bool {
        self.outcomes.len() > self.at
    }

    /// Every step has run.
    pub fn complete(&self) -> bool {
        self.outcomes.len() >= self.lesson.steps.len()
    }

    /// (claims that held, claims checked) over the steps run so far.
    pub fn tally(&self) -> (usize, usize) {
        let checks = self.outcomes.iter().flat_map(|o| &o.checks);
        (checks.clone().filter(|c| c.passed()).count(), checks.count())
    }

    /// Runs the shown step, or, once it ran, shows the next one.
    pub fn next(&mut self, session: &mut Session) {
        if self.ran() {
            self.at = (self.at + 1).min(self.lesson.steps.len().saturating_sub(1));
            return;
        }
        let lesson = self.lesson.clone();
        let Some(step) = lesson.steps.get(self.at) else { return };
        self.starts.push(session.cursor());
        let mut outcome = player::run_step(session, step);
        outcome.output = Default::default();
        self.outcomes.push(outcome);
    }

    /// Rewinds to where the shown step started (if it ran), else to where the step
    /// before it started. That step is shown again as new: its answers are hidden.
    pub fn back(&mut self, session: &mut Session) {
        let target = if self.ran() { self.at } else { self.at.saturating_sub(1) };
        if let Some(&start) = self.starts.get(target) {
            session.rewind_to(start);
            self.starts.truncate(target);
            self.outcomes.truncate(target);
            self.revealed.retain(|&(step, _)| step < target);
            self.at = target;
        }
    }

    /// Shows the answer to question `q` of the shown step.
    pub fn reveal(&mut self, q: usize) {
        let in_step = self.lesson.steps.get(self.at).is_some_and(|s| q < s.questions.len());
        if in_step && !self.revealed.contains(&(self.at, q)) {
            self.revealed.push((self.at, q));
        }
    }

    /// The text form: [`HEADER`], the progress one fact per line, then `lesson` and the
    /// lesson file verbatim.
    pub fn to_text(&self) -> String {
        let mut out = format!("{HEADER}\nat {}\n", self.at);
        for (o, start) in self.outcomes.iter().zip(&self.starts) {
            out.push_str(&format!("step {start} {} {}\n", o.ops.start, o.ops.end));
            for c in &o.checks {
                let mut fields = vec![c.line.to_string(), escape(&c.claim)];
                if let Some(m) = &c.mismatch {
                    fields.extend([escape(&m.expected), escape(&m.actual)]);
                }
                out.push_str(&format!("check {}\n", fields.join("\t")));
            }
            for p in &o.problems {
                out.push_str(&format!("problem {}\n", escape(p)));
            }
        }
        for (step, q) in &self.revealed {
            out.push_str(&format!("revealed {step} {q}\n"));
        }
        out.push_str("lesson\n");
        out.push_str(&self.lesson.source);
        out
    }

    /// Reads the text form back, for a session whose cursor is `cursor`: every step
    /// must have started at or before it, in order.
    pub fn from_text(text: &str, cursor: usize) -> Result<LessonRun, ProgressError> {
        let (head, source) = text.split_once("\nlesson\n").ok_or(ProgressError("the lesson file is missing".into()))?;
        let mut lines = head.lines();
        if lines.next() != Some(HEADER) {
            return Err(ProgressError(format!("it does not start with `{HEADER}`")));
        }
        let lesson = lesson::parse(source).map_err(|e| ProgressError(format!("its lesson cannot be read: {e}")))?;
        let mut run = LessonRun::new(Rc::new(lesson));
        let mut at = None;
        for (n, line) in lines.enumerate() {
            let bad = |why: &str| ProgressError(format!("line {}: {why}: {line}", n + 2));
            let (word, rest) = line.split_once(' ').unwrap_or((line, ""));
            let numbers =
                || rest.split(' ').map(|w| w.parse::<usize>().map_err(|_| bad("expected whole numbers"))).collect::<Result<Vec<_>, _>>();
            match word {
                "at" => at = Some(*numbers()?.first().ok_or_else(|| bad("expected a step"))?),
                "step" => match numbers()?[..] {
                    [start, from, to] if from <= to && run.starts.last().is_none_or(|&s| s <= start) && start <= from => {
                        run.starts.push(start);
                        run.outcomes.push(StepOutcome { ops: from..to, ..StepOutcome::default() });
                    }
                    _ => return Err(bad("expected `step START FROM TO`, in order")),
                },
                "check" | "problem" => {
                    let outcome = run.outcomes.last_mut().ok_or_else(|| bad("before any step"))?;
                    if word == "problem" {
                        outcome.problems.push(unescape(rest));
                        continue;
                    }
                    let fields: Vec<&str> = rest.split('\t').collect();
                    let line = fields[0].parse().map_err(|_| bad("expected a line number"))?;
                    let mismatch = match fields[1..] {
                        [_] => None,
                        [_, expected, actual] => Some(Mismatch { expected: unescape(expected), actual: unescape(actual) }),
                        _ => return Err(bad("expected LINE, CLAIM and, for a failed claim, EXPECTED and ACTUAL")),
                    };
                    outcome.checks.push(CheckResult { line, claim: unescape(fields[1]), mismatch });
                }
                "revealed" => match numbers()?[..] {
                    [step, q] if run.lesson.steps.get(step).is_some_and(|s| q < s.questions.len()) => run.revealed.push((step, q)),
                    _ => return Err(bad("expected `revealed STEP QUESTION` of a question in the lesson")),
                },
                _ => return Err(bad("unknown line")),
            }
        }
        run.at = at.ok_or(ProgressError("the shown step is missing".into()))?;
        if run.outcomes.len() > run.lesson.steps.len() || run.at >= run.lesson.steps.len() || run.at > run.outcomes.len() {
            return Err(ProgressError(format!(
                "step {} shown and {} run do not fit a lesson of {} steps",
                run.at + 1,
                run.outcomes.len(),
                run.lesson.steps.len()
            )));
        }
        if run.outcomes.last().is_some_and(|o| o.ops.end > cursor) {
            return Err(ProgressError("it is ahead of the saved session".into()));
        }
        Ok(run)
    }
}

/// Why a stored progress cannot be resumed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProgressError(pub String);

impl fmt::Display for ProgressError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the lesson's progress cannot be resumed: {}", self.0)
    }
}

/// One field on one line: backslash, tab and newline escaped.
fn escape(s: &str) -> String {
    s.replace('\\', "\\\\").replace('\t', "\\t").replace('\n', "\\n")
}

fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        match (c, c == '\\') {
            (_, true) => match chars.next() {
                Some('t') => out.push('\t'),
                Some('n') => out.push('\n'),
                Some(other) => out.push(other),
                None => out.push('\\'),
            },
            (c, false) => out.push(c),
        }
    }
    out
}
