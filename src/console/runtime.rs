//! The console: runs scripts and typed lines against a simulation, as a terminal with
//! bash and Kafka's tools would.
//!
//! It owns the [`Sim`], a small in-memory file system (for `> FILE` and `cat`), and
//! background jobs (`&`). Virtual time passes only through commands that take time:
//! `sleep`, a producer waiting for its acknowledgements, a consumer waiting for
//! records, the perf tests. While time passes, background jobs print what they receive,
//! in virtual-time order.

use crate::engine::map::Map;
use crate::engine::sorting;

use crate::engine::rng::SimRng;
use crate::engine::{Command, Sim};

use super::output::{Output, Stream};
use super::shell::{Redirect, ShellCommand, ShellParser};
use super::tools;

/// A background job (`cmd &`) or the foreground job of an interactive terminal.
#[derive(Clone, Debug)]
pub struct Job {
    pub id: usize,
    pub command_line: String,
    pub kind: tools::JobKind,
    pub redirects: Vec<Redirect>,
    pub done: bool,
}

/// Everything a console holds at one moment (see [`Console::checkpoint`]).
#[derive(Clone, Debug)]
pub struct ConsoleCheckpoint {
    sim: crate::engine::Snapshot,
    files: Map<String, String>,
    jobs: Vec<Job>,
    rng: SimRng,
    last_status: Status,
    history_len: usize,
    foreground: Option<Job>,
    parser: ShellParser,
    next_pid: u32,
}

impl ConsoleCheckpoint {
    pub fn time(&self) -> i64 {
        self.sim.time()
    }
    pub fn trace_len(&self) -> usize {
        self.sim.trace_len()
    }
}

/// What a finished command left: its exit status.
pub type Status = i32;

pub struct Console {
    pub(crate) sim: Sim,
    pub(crate) files: Map<String, String>,
    pub(crate) jobs: Vec<Job>,
    /// a browser terminal (prompts, job notices) rather than a script
    pub(crate) interactive: bool,
    /// the console's own randomness (e.g. `console-consumer-12345` group ids), seeded from the simulation's seed
    pub(crate) rng: SimRng,
    pub(crate) last_status: Status,
    /// every command line run, in order: the session's script
    pub(crate) history: Vec<String>,
    /// a long-running foreground command in an interactive terminal (Ctrl-C stops it)
    pub(crate) foreground: Option<Job>,
    parser: ShellParser,
    next_pid: u32,
    /// what the shell itself prints while a command runs (`[1] 4243` for a new job): it
    /// goes to the terminal, never through the command's redirections
    notices: Output,
}

/// Longest a foreground command may keep the virtual clock running (a guard against
/// waiting forever): one simulated day.
pub const MAX_FOREGROUND_MS: i64 = 86_400_000;

/// Most background jobs that may run at once. Each stands for a JVM, so a real machine
/// runs few; the limit also bounds the work of every simulation step, which polls
/// each job (a share link's replay counts on it).
pub const MAX_JOBS: usize = 64;

impl Console {
    pub fn new(sim: Sim) -> Self {
        let seed = sim.seed();
        Console {
            sim,
            files: Map::new(),
            jobs: Vec::new(),
            interactive: false,
            rng: SimRng::new(seed ^ 0x6b61_666b_6173_636f),
            last_status: 0,
            history: Vec::new(),
            foreground: None,
            parser: ShellParser::new(),
            next_pid: 4242,
            notices: Output::default(),
        }
    }

    /// A console for a browser terminal: prompts and job notices as bash shows them.
    pub fn interactive(sim: Sim) -> Self {
        let mut c = Console::new(sim);
        c.interactive = true;
        c
    }

    pub fn sim(&self) -> &Sim {
        &self.sim
    }
    pub fn sim_mut(&mut self) -> &mut Sim {
        &mut self.sim
    }
    pub fn jobs(&self) -> &[Job] {
        &self.jobs
    }
    /// The background jobs still running (`jobs` lists them).
    pub fn running_jobs(&self) -> impl Iterator<Item = &Job> {
        self.jobs.iter().filter(|j| !j.done)
    }
    pub fn history(&self) -> &[String] {
        &self.history
    }
    pub fn file(&self, path: &str) -> Option<&str> {
        self.files.get(path).map(String::as_str)
    }
    pub fn last_status(&self) -> Status {
        self.last_status
    }
    pub fn has_foreground(&self) -> bool {
        self.foreground.is_some()
    }
    /// Why the terminal wants more input (an open quote, `\`, a here-document).
    pub fn pending_input(&self) -> Option<super::shell::Pending> {
        self.parser.pending()
    }

    /// Runs a whole script as `bash SCRIPT` would: commands in order, going on after a
    /// failed command, stopping at a syntax error. Returns the output and the status
    /// of the last command.
    pub fn run_script(&mut self, text: &str, name: &str) -> (Output, Status) {
        let mut out = Output::default();
        let mut parser = ShellParser::new();
        for line in super::shell::script_lines(text) {
            let Some(parsed) = parser.push_line(line) else { continue };
            match parsed {
                Ok(cmds) => self.exec_all(cmds, &mut out),
                Err(e) => {
                    for l in e.script_lines(name) {
                        out.errln(l);
                    }
                    self.last_status = e.exit_status();
                    if e.is_syntax_error() {
                        return (out, self.last_status);
                    }
                }
            }
        }
        // the end of the script: a last line ending in `\` or a here-document cut off
        // by the end still runs, as in bash (the cut-off warning comes first)
        let last = parser.finish();
        for w in parser.take_warnings() {
            out.errln(w.script_line(name));
        }
        match last {
            Some(Ok(cmds)) => self.exec_all(cmds, &mut out),
            Some(Err(e)) => {
                for l in e.script_lines(name) {
                    out.errln(l);
                }
                self.last_status = e.exit_status();
            }
            None => {}
        }
        // a script's background jobs are left as bash leaves them: running
        (out, self.last_status)
    }

    /// One line typed at the terminal. Returns what to show; an incomplete command
    /// (open quote, here-document) shows nothing until it is complete.
    pub fn run_line(&mut self, line: &str) -> Output {
        let mut out = Output::default();
        if let Some(mut job) = self.foreground.take() {
            // a line typed into a running interactive producer is a record
            if let tools::JobKind::Producer(p) = &mut job.kind {
                if !tools::producer::type_line(self, p, line, &mut out) {
                    // the reader threw: the tool exits 1, its shutdown hook closing the producer
                    tools::stop_job(self, &mut job, true, &mut out);
                    if !job.done {
                        self.foreground = Some(job);
                        tools::wait_for_close(self, None, &mut out);
                    }
                    self.last_status = 1;
                    return out;
                }
            }
            // a running consumer does not read the terminal: the line is not a command
            self.foreground = Some(job);
            return out;
        }
        let Some(parsed) = self.parser.push_line(line) else { return out };
        match parsed {
            Ok(cmds) => self.exec_all(cmds, &mut out),
            Err(e) => {
                out.errln(e.interactive_line());
                self.last_status = e.exit_status();
            }
        }
        out
    }

    /// Ctrl-C: stops the foreground command (a clean close, as the JVM's shutdown hook
    /// does), or abandons a half-typed command.
    pub fn interrupt(&mut self) -> Output {
        let mut out = Output::default();
        self.parser.reset();
        if let Some(mut job) = self.foreground.take() {
            tools::stop_job(self, &mut job, true, &mut out);
            if !job.done {
                // its shutdown waits for answers: the terminal waits for it
                self.foreground = Some(job);
                tools::wait_for_close(self, None, &mut out);
            }
            self.last_status = 130;
        }
        out
    }

    /// Lets virtual time pass (the UI's clock): background and foreground jobs print
    /// what they receive.
    pub fn advance(&mut self, ms: i64) -> Output {
        let mut out = Output::default();
        self.pump(ms, &mut out);
        out
    }

    /// Runs the simulation for `ms`, one scheduled action at a time, letting jobs print
    /// as it goes.
    pub(crate) fn pump(&mut self, ms: i64, out: &mut Output) {
        let end = self.sim.now().saturating_add(ms.max(0));
        loop {
            let event = self.sim.next_time().filter(|t| *t <= end);
            match (event, self.next_wake().filter(|t| *t <= end)) {
                (Some(e), Some(w)) if w < e => self.run_clock_to(w, out),
                (Some(_), _) => {
                    self.step_item(out);
                }
                (None, Some(w)) => self.run_clock_to(w, out),
                (None, None) => break,
            }
        }
        self.run_clock_to(end, out);
    }

    /// The earliest time a running job wants to look again although nothing may happen
    /// in the cluster (a `--timeout-ms` deadline, a throttled producer's next send).
    pub fn next_wake(&self) -> Option<i64> {
        let now = self.sim.now();
        self.running_jobs().chain(self.foreground.iter()).filter_map(|j| tools::wake(&j.kind)).filter(|t| *t > now).min()
    }

    /// Processes the next scheduled action (one message or timer), then lets jobs look.
    /// The unit of time travel: replaying the same items gives the same history.
    pub fn step_item(&mut self, out: &mut Output) -> bool {
        let stepped = self.sim.step();
        self.poll_jobs(out);
        stepped
    }

    /// Moves the clock to `time` (nothing is scheduled before it), then lets jobs look.
    pub fn run_clock_to(&mut self, time: i64, out: &mut Output) {
        self.sim.run_until(time);
        self.poll_jobs(out);
    }

    /// A copy of everything the console holds, for time travel (the trace is shared:
    /// restoring truncates it).
    pub fn checkpoint(&self) -> ConsoleCheckpoint {
        ConsoleCheckpoint {
            sim: self.sim.snapshot(),
            files: self.files.clone(),
            jobs: self.jobs.clone(),
            rng: self.rng.clone(),
            last_status: self.last_status,
            history_len: self.history.len(),
            foreground: self.foreground.clone(),
            parser: self.parser.clone(),
            next_pid: self.next_pid,
        }
    }

    /// Returns to a checkpoint taken from this console.
    pub fn restore(&mut self, c: &ConsoleCheckpoint) {
        self.sim.restore(&c.sim);
        self.files = c.files.clone();
        self.jobs = c.jobs.clone();
        self.rng = c.rng.clone();
        self.last_status = c.last_status;
        self.history.truncate(c.history_len);
        self.foreground = c.foreground.clone();
        self.parser = c.parser.clone();
        self.next_pid = c.next_pid;
    }

    /// Runs the simulation until `done` holds (checked after each action) or `max_ms`
    /// passes. Returns whether `done` held.
    pub(crate) fn pump_until(&mut self, max_ms: i64, out: &mut Output, mut done: impl FnMut(&mut Console, &mut Output) -> bool) -> bool {
        let end = self.sim.now().saturating_add(max_ms.max(0));
        loop {
            if done(self, out) {
                return true;
            }
            if self.sim.next_time().is_none_or(|t| t > end) {
                self.run_clock_to(end, out);
                return done(self, out);
            }
            self.step_item(out);
        }
    }

    fn poll_jobs(&mut self, out: &mut Output) {
        let mut jobs = std::mem::take(&mut self.jobs);
        // each job looked at is work too, for a replay's step budget
        self.sim.spend_step_budget(jobs.iter().filter(|j| !j.done).count() as u64);
        for job in jobs.iter_mut().filter(|j| !j.done) {
            let mut job_out = Output::default();
            tools::poll_job(self, job, &mut job_out);
            let redirects = job.redirects.clone();
            self.route_job(job_out, &redirects, out);
            if job.done && self.interactive {
                out.outln(format!("[{}]+  Done                    {}", job.id, job.command_line));
            }
        }
        // jobs started while polling (none today) would be in self.jobs
        jobs.append(&mut self.jobs);
        self.jobs = jobs;
        if let Some(mut fg) = self.foreground.take() {
            let mut job_out = Output::default();
            tools::poll_job(self, &mut fg, &mut job_out);
            let redirects = fg.redirects.clone();
            self.route_job(job_out, &redirects, out);
            if !fg.done {
                self.foreground = Some(fg);
            }
        }
    }

    /// Runs parsed commands in order; `$?` is the last one's status.
    fn exec_all(&mut self, cmds: Vec<ShellCommand>, out: &mut Output) {
        for cmd in cmds {
            let status = self.exec(cmd, out);
            self.last_status = status;
        }
    }

    /// Runs one parsed command, appending what it prints (after redirections) to `out`.
    pub(crate) fn exec(&mut self, cmd: ShellCommand, out: &mut Output) -> Status {
        if cmd.argv.is_empty() {
            // `> file` alone creates or truncates the file
            let mut o = Output::default();
            return self.finish(Output::default(), &cmd.redirects, &mut o, out, 0);
        }
        self.history.push(super::shell::quote_argv(&cmd.argv) + if cmd.background { " &" } else { "" });
        if cmd.background && self.running_jobs().count() >= MAX_JOBS {
            out.errln(format!(
                "kafkascope: at most {MAX_JOBS} background jobs can run at once (each stands for a JVM); stop one first with kill %N"
            ));
            return 1;
        }
        let stdin = match self.stdin_for(&cmd) {
            Ok(s) => s,
            Err(e) => {
                out.errln(e);
                return 1;
            }
        };
        let mut cmd_out = Output::default();
        let name = cmd.argv[0].rsplit('/').next().unwrap_or("").to_string();
        let status = match tools::run(self, &name, &cmd, stdin.as_deref(), &mut cmd_out) {
            Some(status) => status,
            None => {
                cmd_out.errln(format!("bash: {}: command not found", cmd.argv[0]));
                127
            }
        };
        let mut scratch = Output::default();
        let status = self.finish(cmd_out, &cmd.redirects, &mut scratch, out, status);
        out.append(std::mem::take(&mut self.notices));
        status
    }

    fn finish(&mut self, cmd_out: Output, redirects: &[Redirect], _scratch: &mut Output, out: &mut Output, status: Status) -> Status {
        self.route(cmd_out, redirects, out);
        status
    }

    fn stdin_for(&self, cmd: &ShellCommand) -> Result<Option<String>, String> {
        if let Some(h) = &cmd.heredoc {
            return Ok(Some(h.clone()));
        }
        for r in &cmd.redirects {
            if let Redirect::Input { fd: 0, path } = r {
                return match self.files.get(path) {
                    Some(text) => Ok(Some(text.clone())),
                    None if path == "/dev/null" => Ok(Some(String::new())),
                    None => Err(format!("bash: {path}: No such file or directory")),
                };
            }
        }
        Ok(None)
    }

    /// Applies redirections (left to right, as bash does) and writes the result.
    pub(crate) fn route(&mut self, cmd_out: Output, redirects: &[Redirect], out: &mut Output) {
        #[derive(Clone, PartialEq)]
        enum Target {
            Terminal(Stream),
            File(String),
            Null,
        }
        let mut fd1 = Target::Terminal(Stream::Out);
        let mut fd2 = Target::Terminal(Stream::Err);
        for r in redirects {
            match r {
                Redirect::Output { fd, path, append } => {
                    let t = if path == "/dev/null" { Target::Null } else { Target::File(path.clone()) };
                    if let Target::File(p) = &t {
                        if !append {
                            self.files.insert(p.clone(), String::new());
                        } else {
                            self.files.entry(p.clone()).or_default();
                        }
                    }
                    match fd {
                        1 => fd1 = t,
                        2 => fd2 = t,
                        _ => {}
                    }
                }
                Redirect::Duplicate { fd, target } => {
                    let src = match target {
                        1 => Some(fd1.clone()),
                        2 => Some(fd2.clone()),
                        _ => None,
                    };
                    if let Some(src) = src {
                        match fd {
                            1 => fd1 = src,
                            2 => fd2 = src,
                            _ => {}
                        }
                    }
                }
                Redirect::Input { .. } => {}
            }
        }
        for (stream, text) in cmd_out.chunks {
            let target = if stream == Stream::Out { &fd1 } else { &fd2 };
            match target {
                Target::Terminal(s) => out.push(*s, &text),
                Target::File(p) => self.files.entry(p.clone()).or_default().push_str(&text),
                Target::Null => {}
            }
        }
    }

    /// Routes what a running job printed: its files were opened (and truncated) when the
    /// command started, so its later output is appended to them, as writes to an open
    /// file are.
    pub(crate) fn route_job(&mut self, job_out: Output, redirects: &[Redirect], out: &mut Output) {
        let open: Vec<Redirect> = redirects
            .iter()
            .map(|r| match r {
                Redirect::Output { fd, path, .. } => Redirect::Output { fd: *fd, path: path.clone(), append: true },
                r => r.clone(),
            })
            .collect();
        self.route(job_out, &open, out);
    }

    /// Starts a background job; an interactive shell prints its job number and pid to
    /// the terminal, whatever the command's redirections (`cmd > file &` too). `_out`
    /// is the command's own output, which the notice does not go through.
    pub(crate) fn start_job(&mut self, command_line: String, kind: tools::JobKind, redirects: Vec<Redirect>, _out: &mut Output) {
        let id = (1..).find(|i| !self.jobs.iter().any(|j| j.id == *i && !j.done)).expect("some id is free");
        self.jobs.retain(|j| !(j.done && j.id == id));
        self.next_pid += 1;
        if self.interactive {
            self.notices.outln(format!("[{id}] {}", self.next_pid));
        }
        self.jobs.push(Job { id, command_line, kind, redirects, done: false });
        sorting::sort_by_key(&mut self.jobs, |j| j.id);
    }

    /// Applies an engine command on behalf of a tool.
    pub(crate) fn apply(&mut self, cmd: Command) -> crate::engine::KafkaResult<crate::engine::Reply> {
        self.sim.apply(cmd)
    }
}
