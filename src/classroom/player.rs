//! Running a lesson step by step through a time-travel [`Session`]: the code path of
//! the browser's lesson player and of `kafkascope lesson FILE`.
//!
//! A step's command text is fed to the session line by line, as if typed, so the lines
//! appear in the terminal's history and time travel works across them. Blank lines and
//! plain comments outside a here-document are skipped, as bash skips them. Whenever a
//! foreground command is left running, virtual time passes until it finishes, as in
//! `kafkascope run`; then the step's claims are checked.
//!
//! Simplification: the session's console is an interactive one (the browser terminal),
//! so it prints what bash prints at a terminal (`[1] 4243` for a background job) where
//! `kafkascope run` prints nothing. A command that reads the terminal (a console
//! producer without a here-document) or consumes without end (a console consumer
//! without `--max-messages`, `--timeout-ms` or `&`) behaves differently in a script,
//! where it reads nothing or is refused; the player stops it with Ctrl-C and reports
//! it as a problem of the lesson.

use crate::console::output::Output;
use crate::console::runtime::MAX_FOREGROUND_MS;
use crate::console::session::Session;
use crate::console::tools::JobKind;
use crate::console::Console;
use crate::engine::{ClusterConfig, Sim};

use super::check::{check, Mismatch};
use super::lesson::{Lesson, Step};

/// The result of checking one `#! expect` claim.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckResult {
    /// the claim's line in the lesson file
    pub line: usize,
    /// the claim as written
    pub claim: String,
    /// `None` when the claim holds
    pub mismatch: Option<Mismatch>,
}

impl CheckResult {
    pub fn passed(&self) -> bool {
        self.mismatch.is_none()
    }
}

/// What running a step did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StepOutcome {
    /// everything the step printed (stdout and stderr in order, as the terminal shows it)
    pub output: Output,
    pub checks: Vec<CheckResult>,
    /// commands that cannot run as in a script (see the module documentation)
    pub problems: Vec<String>,
    /// the session ops the step applied: `session.rewind_to(ops.start)` goes back to
    /// just before the step, `ops.end` to just after it
    pub ops: std::ops::Range<usize>,
}

impl StepOutcome {
    /// Every claim holds and nothing went wrong.
    pub fn passed(&self) -> bool {
        self.problems.is_empty() && self.checks.iter().all(CheckResult::passed)
    }
}

/// A fresh session for a lesson: a default three-broker cluster with the lesson's seed,
/// behind an interactive console (the browser terminal).
pub fn new_session(lesson: &Lesson) -> Session {
    Session::new(Console::interactive(Sim::new(ClusterConfig::default(), lesson.seed)))
}

/// Runs one step at the session's present and checks its claims.
pub fn run_step(session: &mut Session, step: &Step) -> StepOutcome {
    let start = session.ops().len();
    let mut outcome = StepOutcome::default();
    for line in &step.commands {
        let console = session.console();
        let in_command = console.pending_input().is_some();
        let trimmed = line.trim_start();
        if !in_command && (trimmed.is_empty() || trimmed.starts_with('#')) {
            continue; // bash skips blank lines and comments
        }
        outcome.output.append(session.run_line(line));
        finish_foreground(session, line, &mut outcome);
    }
    outcome.ops = start..session.ops().len();
    let console = session.console();
    for e in &step.expectations {
        outcome.checks.push(CheckResult { line: e.line, claim: e.text.clone(), mismatch: check(&e.claim, console, &outcome.output).err() });
    }
    outcome
}

/// Lets a foreground command run to its end, as a script would; stops (Ctrl-C) one that
/// would never end by itself or that reads the terminal.
fn finish_foreground(session: &mut Session, line: &str, outcome: &mut StepOutcome) {
    let Some(job) = session.console().foreground.as_ref() else { return };
    let problem = match &job.kind {
        JobKind::Producer(_) => Some("reads records from the terminal; in a script it would read nothing. Give it a here-document (<<EOF ... EOF)."),
        // an interactive console runs a bounded consumer to its end inside the line, so a
        // foreground consumer without a deadline is an endless one
        JobKind::Consumer(_) if crate::console::tools::wake(&job.kind).is_none() => Some(
            "consumes until it is stopped; a script refuses it. Add --max-messages N or --timeout-ms MS, or run it in the background with `&`.",
        ),
        JobKind::VerifiableProducer(p) if p.endless() => {
            Some("produces until it is stopped; a script refuses it. Add --max-messages N, or run it in the background with `&`.")
        }
        _ => None,
    };
    if let Some(problem) = problem {
        outcome.output.append(session.interrupt());
        outcome.problems.push(format!("`{line}` {problem}"));
        return;
    }
    let (out, finished) = session.run_foreground(MAX_FOREGROUND_MS);
    outcome.output.append(out);
    if !finished {
        outcome.output.append(session.interrupt());
        outcome.problems.push(format!(
            "`{line}` was still running after {} hours of virtual time, the longest a foreground command may run.",
            MAX_FOREGROUND_MS / 3_600_000
        ));
    }
}

/// A lesson being played: which step comes next, and what the played steps did.
pub struct Player {
    pub lesson: Lesson,
    /// the outcome of each step played so far, in order
    pub outcomes: Vec<StepOutcome>,
}

impl Player {
    pub fn new(lesson: Lesson) -> Self {
        Player { lesson, outcomes: Vec::new() }
    }

    /// The step that runs next, if any.
    pub fn next_step(&self) -> Option<&Step> {
        self.lesson.steps.get(self.outcomes.len())
    }

    pub fn finished(&self) -> bool {
        self.outcomes.len() >= self.lesson.steps.len()
    }

    /// Runs the next step in `session`; `None` when every step has run.
    pub fn play_next(&mut self, session: &mut Session) -> Option<&StepOutcome> {
        let step = self.lesson.steps.get(self.outcomes.len())?;
        let outcome = run_step(session, step);
        self.outcomes.push(outcome);
        self.outcomes.last()
    }
}
