//! Export of a session to a real Kafka cluster: the files a student downloads to run
//! what they did in Kafkascope against Apache Kafka on their own machine.
//!
//! An [`Export`] holds, in a `kafkascope-export/` folder:
//!
//! * `docker-compose.yml`: one Kafka node in KRaft mode (broker and controller in one
//!   process, no ZooKeeper) from the official `apache/kafka` image, pinned to
//!   [`KAFKA_VERSION`], listening on `localhost:9092` so the session's commands run
//!   unchanged.
//! * `kafkascope-session.sh`: the session's commands in order, with their
//!   here-documents, run by Kafka's own tools inside the container. Commands that only
//!   exist in the simulator are commented out, each with its real-world equivalent.
//! * `producer.py` and `consumer.py`: the session's producers and consumers written with
//!   kafka-python.
//! * `README.md`: what each file is, the order to run them, and how the real run
//!   differs from the simulation.
//!
//! Where the export simplifies (and the README says so):
//!
//! * One node instead of the simulation's brokers: replication factors and
//!   `min.insync.replicas` above 1 are lowered to 1, and every `--bootstrap-server`
//!   becomes `localhost:9092`. One container starts in seconds and needs a third of the
//!   memory of three; the lessons that need several brokers stop and start brokers,
//!   which are simulator commands and stay commented out anyway.
//! * Background jobs get the script's own numbers (`job_start N`), and `kill %N` is
//!   resolved to them with the job numbers the console gave when the session ran (the
//!   run is replayed to know them).
//! * The virtual time that passed between typed commands (the Play button) becomes a
//!   `sleep` of at most [`MAX_PAUSE_S`] seconds; real tools also need a few seconds of
//!   real time to start.

use crate::engine::decimal::shortest;
use crate::engine::map::{Map, Set};
use std::fmt::Write as _;

use crate::console::options::OptionParser;
use crate::console::output::Output;
use crate::console::session::{Op, Session};
use crate::console::shell::{quote_argv, quote_word, Redirect, ShellCommand, ShellParser};
use crate::console::tools::{consumer, producer, verifiable, JobKind, KAFKA_TOOLS};
use crate::console::Console;
use crate::engine::assignor::ClientAssignor;
use crate::engine::client_config::GroupProtocol;
use crate::engine::sim::CLUSTER_CONFIG_NAMES;
use crate::engine::{ClusterConfig, ConsumerConfig, ProducerConfig, Sim};

use super::share::{Limits, SessionRecord};
use super::tar::{Tar, TarError};

/// The Apache Kafka release the export runs: the one Kafkascope models.
pub use crate::engine::KAFKA_VERSION;
/// The folder inside the archive.
pub const EXPORT_DIR: &str = "kafkascope-export";
/// The archive's file name.
pub const TAR_NAME: &str = "kafkascope-export.tar";
/// Longest pause between two typed commands that the script reproduces, in seconds.
pub const MAX_PAUSE_S: i64 = 60;
/// Most records of one producer written out to `producer.py`.
pub const MAX_RECORDS: usize = 10_000;
/// How long an exported consumer that had no end waits for records, in milliseconds.
const ENDLESS_TIMEOUT_MS: i64 = 10_000;

/// The exported files, by name inside [`EXPORT_DIR`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Export {
    files: Map<String, String>,
}

impl Export {
    /// The export of a browser session: the typed lines as recorded (up to the present,
    /// without a future kept for time travel), lines typed into a running producer
    /// becoming its here-document, and the idle virtual time between commands becoming
    /// `sleep`s. The session is replayed on a fresh console (as a share link is) to know
    /// when each command ran and which job numbers it used.
    pub fn from_session(session: &Session) -> Export {
        let sim = session.console().sim();
        Export::from_ops(cluster_of(sim), sim.seed(), session.ops())
    }

    /// The export of the ops of a session that started as `cluster` with `seed`: they
    /// are replayed on a fresh console, whose state at the end is the session's.
    pub fn from_ops(cluster: ClusterConfig, seed: u64, ops: impl IntoIterator<Item = Op>) -> Export {
        let mut r = Replay::new(Console::interactive(Sim::new(cluster, seed)));
        for op in ops {
            // a long session's replay keeps only the trace's recent events, as the session did
            r.console.sim_mut().trim_trace();
            match &op {
                Op::Line(l) => {
                    r.line(l);
                }
                Op::Interrupt => r.interrupt(),
                Op::Item => {
                    r.console.step_item(&mut Output::default());
                }
                Op::ClockTo(t) => r.console.run_clock_to(*t, &mut Output::default()),
            }
        }
        r.note_sent();
        build(r.steps, &r.console)
    }

    /// The page's export worker (`src/bin/export_worker.rs`): the text of the page's
    /// session record ([`SessionRecord`], read without the caps of a shared one) in,
    /// the archive of the session up to its present out. The page's sessions start
    /// from the default cluster, as a record says.
    pub fn tar_of_record(text: &str) -> Result<Vec<u8>, String> {
        let record = SessionRecord::read(text, Limits::OWN).map_err(|e| format!("the session could not be read ({e})"))?;
        let ops = record.ops.prefix(record.cursor);
        Export::from_ops(ClusterConfig::default(), record.seed, ops).to_tar().map_err(|e| e.to_string())
    }

    /// The export of a script run with `kafkascope run` (or a lesson), with the console
    /// that ran it (its seed, its files, the simulation's final state). The script is run
    /// again, line by line, on a fresh console to follow its job numbers; like bash, it
    /// stops at a syntax error.
    pub fn from_script(script: &str, console: &Console) -> Export {
        let sim = console.sim();
        let mut r = Replay::new(Console::new(Sim::new(cluster_of(sim), sim.seed())));
        for line in crate::console::shell::script_lines(script) {
            if r.line(line) {
                break;
            }
        }
        if let Some(res) = r.parser.finish() {
            push_parsed(&mut r.steps, res, "", 0, &[]);
        }
        build(r.steps, console)
    }

    /// The files, by name, sorted.
    pub fn files(&self) -> &Map<String, String> {
        &self.files
    }

    /// One file's text.
    pub fn file(&self, name: &str) -> Option<&str> {
        self.files.get(name).map(String::as_str)
    }

    /// The one download: a ustar archive holding `kafkascope-export/` and the files
    /// (the script executable).
    pub fn to_tar(&self) -> Result<Vec<u8>, TarError> {
        let mut tar = Tar::new();
        tar.dir(EXPORT_DIR);
        for (name, text) in &self.files {
            let mode = if name.ends_with(".sh") || name.ends_with(".py") { 0o755 } else { 0o644 };
            tar.file(&format!("{EXPORT_DIR}/{name}"), text.as_bytes(), mode);
        }
        tar.to_bytes()
    }
}

// ---------------------------------------------------------------------------------
// Steps: what the session ran, in order

/// One thing the session did.
#[derive(Clone, Debug)]
enum Step {
    /// A parsed command; `typed` holds the lines typed into it while it ran in the
    /// foreground (a console producer reading the terminal).
    Run {
        cmd: ShellCommand,
        typed: Vec<String>,
        /// seconds of virtual time between the previous command's end and this one's start
        pause_s: i64,
        /// the job number the console gave it (`cmd &`)
        job: Option<usize>,
        /// the console's running jobs when its line was typed (on a line's first command)
        live: Option<Vec<usize>>,
        /// the records an endless foreground verifiable producer had sent when it was
        /// stopped (Ctrl-C) or when the session ended
        sent: Option<u64>,
    },
    /// A line the shell rejected (the console printed bash's error).
    Rejected { line: String, message: String },
}

fn push_parsed(steps: &mut Vec<Step>, r: Result<Vec<ShellCommand>, crate::console::ShellError>, line: &str, pause_s: i64, live: &[usize]) {
    match r {
        Ok(cmds) => {
            for (i, cmd) in cmds.into_iter().enumerate() {
                let pause_s = if i == 0 { pause_s } else { 0 };
                let live = (i == 0).then(|| live.to_vec());
                steps.push(Step::Run { cmd, typed: Vec::new(), pause_s, job: None, live, sent: None });
            }
        }
        Err(e) => {
            steps.push(Step::Rejected { line: if e.source.is_empty() { line.to_string() } else { e.source.clone() }, message: e.message() })
        }
    }
}

/// A command that reads the terminal while it runs in the foreground of an interactive
/// console: a console producer or consumer with no other standard input.
fn reads_terminal(cmd: &ShellCommand) -> bool {
    let name = tool_name(cmd).unwrap_or("");
    (name == "kafka-console-producer.sh" || name == "kafka-console-consumer.sh")
        && !cmd.background
        && cmd.heredoc.is_none()
        && !cmd.redirects.iter().any(|r| matches!(r, Redirect::Input { fd: 0, .. }))
}

/// The cluster a session or script started with: Kafkascope's default, with the
/// simulation's number of brokers (settings changed during the run are not the start).
fn cluster_of(sim: &Sim) -> ClusterConfig {
    ClusterConfig { brokers: sim.brokers().len() as u32, ..ClusterConfig::default() }
}

/// Runs the lines again on a fresh console, noting for each command when it started,
/// which background job number it got and which lines were typed into it.
struct Replay {
    console: Console,
    /// parses the same lines into commands
    parser: ShellParser,
    steps: Vec<Step>,
    /// virtual time when the last command finished, and when the command being typed started
    ended_at: i64,
    started_at: i64,
}

impl Replay {
    fn new(console: Console) -> Self {
        Replay { console, parser: ShellParser::new(), steps: Vec::new(), ended_at: 0, started_at: 0 }
    }

    fn live_jobs(&self) -> Vec<(usize, String)> {
        self.console.running_jobs().map(|j| (j.id, j.command_line.clone())).collect()
    }

    /// One line; true at a syntax error in a non-interactive console (bash stops there).
    fn line(&mut self, line: &str) -> bool {
        let mut out = Output::default();
        if self.console.has_foreground() {
            // typed into the running foreground command (a console producer reads it)
            if let Some(Step::Run { typed, .. }) =
                self.steps.iter_mut().rev().find(|s| matches!(s, Step::Run { cmd, .. } if reads_terminal(cmd)))
            {
                typed.push(line.to_string());
            }
            out.append(self.console.run_line(line));
            return false;
        }
        if self.parser.pending().is_none() {
            self.started_at = self.console.sim().now();
        }
        let before = self.live_jobs();
        out.append(self.console.run_line(line));
        let Some(parsed) = self.parser.push_line(line) else { return false };
        let stop = parsed.as_ref().is_err_and(|e| e.is_syntax_error()) && !self.console.interactive;
        let pause_s = ((self.started_at - self.ended_at) / 1000).clamp(0, MAX_PAUSE_S);
        let live: Vec<usize> = before.iter().map(|(id, _)| *id).collect();
        let first = self.steps.len();
        push_parsed(&mut self.steps, parsed, line, pause_s, &live);
        if stop {
            if let Some(Step::Rejected { message, .. }) = self.steps.last_mut() {
                message.push_str("; bash stops a script here, so nothing after it ran");
            }
        }
        // the jobs this line started, in order, to its background tool commands
        let mut started: Vec<usize> = self.live_jobs().into_iter().filter(|j| !before.contains(j)).map(|(id, _)| id).collect();
        started.reverse();
        for step in &mut self.steps[first..] {
            if let Step::Run { cmd, job, .. } = step {
                if cmd.background && jobbed_tool(cmd) {
                    *job = started.pop();
                }
            }
        }
        self.ended_at = self.console.sim().now();
        stop
    }

    /// Notes how far a foreground verifiable producer got, for its `--max-messages`.
    fn note_sent(&mut self) {
        let Some(JobKind::VerifiableProducer(p)) = self.console.foreground.as_ref().map(|j| &j.kind) else { return };
        let is_it = |cmd: &ShellCommand| !cmd.background && tool_name(cmd) == Some("kafka-verifiable-producer.sh");
        if let Some(Step::Run { sent, .. }) = self.steps.iter_mut().rev().find(|s| matches!(s, Step::Run { cmd, .. } if is_it(cmd))) {
            *sent = Some(p.sent());
        }
    }

    fn interrupt(&mut self) {
        self.note_sent();
        self.console.interrupt();
        self.parser.reset();
        self.ended_at = self.console.sim().now();
    }
}

/// Background commands that the console runs as jobs (`[N] PID`).
fn jobbed_tool(cmd: &ShellCommand) -> bool {
    tool_name(cmd).is_some_and(jobbed)
}

/// The tools the console runs as jobs (`[N] PID`) when they end in `&`.
fn jobbed(tool: &str) -> bool {
    matches!(
        tool,
        "kafka-console-consumer.sh"
            | "kafka-console-share-consumer.sh"
            | "kafka-producer-perf-test.sh"
            | "kafka-consumer-perf-test.sh"
            | "kafka-verifiable-producer.sh"
    )
}

// ---------------------------------------------------------------------------------
// Building the files

/// The canonical tool name of a command (`kafka-topics` and `/opt/kafka/bin/kafka-topics.sh`
/// both give `kafka-topics.sh`), or `None` if it is not one of Kafka's tools.
fn tool_name(cmd: &ShellCommand) -> Option<&'static str> {
    let first = cmd.argv.first()?;
    let base = first.rsplit('/').next().unwrap_or(first);
    let base = base.strip_suffix(".sh").unwrap_or(base);
    KAFKA_TOOLS.iter().copied().find(|t| t.strip_suffix(".sh") == Some(base))
}

/// A console producer or perf producer of the session, for `producer.py`.
#[derive(Clone, Debug)]
struct ProducerSpec {
    command: String,
    topic: String,
    config: ProducerConfig,
    compression: Option<String>,
    /// (key, value, headers) per record
    records: Vec<Record>,
    truncated: bool,
    /// `kafka-producer-perf-test.sh`: (records, record size, records per second or -1)
    perf: Option<(u64, usize, f64)>,
    /// what the reader stopped at (an unparsable line)
    error: Option<String>,
}

/// Where an assign-mode consumer starts.
#[derive(Clone, Debug)]
enum StartAt {
    Earliest,
    Latest,
    Offset(i64),
}

/// A console consumer or perf consumer of the session, for `consumer.py`.
#[derive(Clone, Debug)]
struct ConsumerSpec {
    command: String,
    topic: Option<String>,
    pattern: Option<String>,
    /// assign mode: (partition, start)
    partition: Option<(i32, StartAt)>,
    /// `None` for the tool's random `console-consumer-NNNNN` group
    group: Option<String>,
    config: ConsumerConfig,
    max_messages: Option<u64>,
    timeout_ms: Option<i64>,
    /// (print.timestamp, print.partition, print.offset, print.key, key.separator)
    print: (bool, bool, bool, bool, String),
    slow_ms: Option<i64>,
    commits: usize,
    perf: bool,
}

/// A background job of the session as the export follows it.
#[derive(Clone, Debug)]
struct JobRef {
    /// the export's own job number (`job_start N`), for Kafka tools; `None` for others
    export: Option<usize>,
    /// the consumer it runs, an index into the consumer specs
    consumer: Option<usize>,
    endless: bool,
}

/// Writes the script while walking the session's steps, and gathers what the other
/// files need: the producers and consumers, the jobs, the notes for the README.
#[derive(Default)]
struct Builder {
    script: String,
    notes: Set<String>,
    producers: Vec<ProducerSpec>,
    consumers: Vec<ConsumerSpec>,
    /// the console's job numbers in use, to their jobs
    jobs: Map<usize, JobRef>,
    next_export_job: usize,
    kip848: bool,
    simulator_commands: usize,
    /// the step's `sent` (an endless foreground verifiable producer's records)
    sent: Option<u64>,
}

fn build(steps: Vec<Step>, console: &Console) -> Export {
    let mut b = Builder { next_export_job: 1, ..Builder::default() };
    for step in &steps {
        match step {
            Step::Run { cmd, typed, pause_s, job, live, sent } => {
                if let Some(live) = live {
                    // jobs that ended by themselves (or were killed) are gone
                    b.jobs.retain(|id, _| live.contains(id));
                }
                b.sent = *sent;
                b.command(cmd, typed, *pause_s, *job, console)
            }
            Step::Rejected { line, message } => {
                let _ = writeln!(b.script, "\n# The shell rejected this line in the session ({}):", one_line(message));
                let _ = writeln!(b.script, "#   {}", one_line(line));
            }
        }
    }
    let endless: Vec<usize> = b.jobs.values().filter(|j| j.endless).filter_map(|j| j.export).collect();
    if b.jobs.values().any(|j| j.export.is_some()) {
        b.script.push_str("\n# The session ended with these jobs running. Give them a moment, then stop them cleanly\n# (as Ctrl-C would) so the script ends; `wait` lets the others finish.\nsleep 5\n");
        for n in endless {
            let _ = writeln!(b.script, "job_kill TERM {n}");
        }
        b.script.push_str("wait\n");
    }
    let sim = console.sim();
    let mut files = Map::new();
    files.insert("docker-compose.yml".to_string(), compose(sim, &mut b.notes));
    files.insert("kafkascope-session.sh".to_string(), script_file(&b, steps.is_empty()));
    files.insert("producer.py".to_string(), producer_py(&b.producers, sim));
    files.insert("consumer.py".to_string(), consumer_py(&b.consumers, sim));
    files.insert("README.md".to_string(), readme(&b, sim));
    Export { files }
}

impl Builder {
    fn command(&mut self, cmd: &ShellCommand, typed: &[String], pause_s: i64, job: Option<usize>, console: &Console) {
        if pause_s > 0 {
            let _ = writeln!(self.script, "\nsleep {pause_s}  # about {pause_s} s of virtual time passed here in the session");
        } else {
            self.script.push('\n');
        }
        let original = render(&cmd.argv, &cmd.redirects, None, cmd.background);
        let Some(first) = cmd.argv.first() else {
            if cmd.redirects.is_empty() {
                // a here-document or here-string with no command (`<<< a &`): nothing runs
                let _ = writeln!(
                    self.script,
                    "# in the session, a line with no command: {}",
                    one_line(&cmd.heredoc.as_deref().map_or(String::new(), |h| format!("<<< {}", h.trim_end_matches('\n'))))
                );
            } else {
                // `> file` alone: create or truncate the file, as bash does
                let _ = writeln!(self.script, "{original}");
            }
            return;
        };
        if let Some(tool) = tool_name(cmd) {
            self.tool(tool, cmd, typed, job, console);
            return;
        }
        match first.as_str() {
            "kafkascope" => self.simulator(cmd),
            "kill" => self.kill(cmd),
            "sleep" | "echo" | "cat" | "true" | "false" | "jobs" => {
                let mut line = render(&cmd.argv, &cmd.redirects, cmd.heredoc.as_deref(), false);
                if cmd.background {
                    // the console runs these in the foreground; so does the export
                    line = insert_comment(&line, "ran in the foreground in Kafkascope, so here too");
                }
                let _ = writeln!(self.script, "{line}");
            }
            "help" => {
                let _ = writeln!(self.script, "# Kafkascope's own help (not a real command). On a real machine every tool has --help,");
                let _ = writeln!(self.script, "# e.g. kafka-topics.sh --help");
                let _ = writeln!(self.script, "#   {}", one_line(&original));
            }
            _ => {
                let _ = writeln!(self.script, "# Not a command Kafkascope knows (the session printed \"command not found\"):");
                let _ = writeln!(self.script, "#   {}", one_line(&original));
            }
        }
    }

    /// One of Kafka's tools: flags Kafka 4 no longer accepts and settings one broker
    /// cannot honour are rewritten, each with a comment on its line.
    fn tool(&mut self, tool: &'static str, cmd: &ShellCommand, typed: &[String], job: Option<usize>, console: &Console) {
        let mut argv: Vec<String> = cmd.argv.clone();
        let mut why: Vec<String> = Vec::new();
        if argv[0] != tool {
            why.push(format!("{} is {tool}", argv[0]));
            argv[0] = tool.to_string();
        }
        rewrite_args(tool, &mut argv, &mut why);
        // share groups (issue 17): the share.version feature is on by default for new
        // clusters from Kafka 4.2; enabling it again is harmless and makes sure
        if matches!(tool, "kafka-console-share-consumer.sh" | "kafka-share-groups.sh") && self.notes.insert(SHARE_NOTE.into()) {
            let _ = writeln!(
                self.script,
                "kafka-features.sh --bootstrap-server localhost:9092 upgrade --feature share.version=1  # share groups (KIP-932)"
            );
        }
        if tool == "kafka-console-share-consumer.sh"
            && !cmd.background
            && !argv.iter().any(|a| a == "--max-messages" || a == "--timeout-ms")
        {
            argv.push("--timeout-ms".into());
            argv.push(ENDLESS_TIMEOUT_MS.to_string());
            why.push(format!("stopped with Ctrl-C in the session; here it stops after {} s without records", ENDLESS_TIMEOUT_MS / 1000));
        }
        let mut heredoc = cmd.heredoc.clone();
        let mut redirects = cmd.redirects.clone();
        let reads_stdin = heredoc.is_some() || redirects.iter().any(|r| matches!(r, Redirect::Input { fd: 0, .. }));
        let mut background = cmd.background;
        let jobbed = background && jobbed(tool);
        if background && !jobbed {
            background = false;
            why.push("ran in the foreground in Kafkascope, so here too".to_string());
        }
        let opts_consumer =
            (tool == "kafka-console-consumer.sh").then(|| OptionParser::new(consumer::SPECS).parse(&argv[1..]).ok()).flatten();
        let endless = opts_consumer.as_ref().is_some_and(|o| !o.has("max-messages") && !o.has("timeout-ms"))
            || (tool == "kafka-verifiable-producer.sh" && verifiable::endless_args(&argv[1..]));
        if tool == "kafka-verifiable-producer.sh" && !background && endless {
            // only an interactive terminal runs it endlessly in the foreground, until Ctrl-C
            let n = self.sent.unwrap_or(0);
            argv.push("--max-messages".into());
            argv.push(n.to_string());
            why.push(format!("stopped with Ctrl-C in the session after {n} records; here it stops after as many"));
        }
        if tool == "kafka-console-consumer.sh" && !background && endless && opts_consumer.is_some() {
            argv.push("--timeout-ms".into());
            argv.push(ENDLESS_TIMEOUT_MS.to_string());
            why.push(format!("stopped with Ctrl-C in the session; here it stops after {} s without records", ENDLESS_TIMEOUT_MS / 1000));
            self.notes.insert(
                "A console consumer that the session stopped with Ctrl-C gets `--timeout-ms 10000` in the script, so the script goes on."
                    .into(),
            );
        }
        if tool == "kafka-console-producer.sh" && !reads_stdin {
            if typed.is_empty() {
                redirects.push(Redirect::Input { fd: 0, path: "/dev/null".into() });
                why.push("nothing was typed into it in the session".into());
            } else {
                heredoc = Some(typed.iter().map(|l| format!("{l}\n")).collect());
                why.push("the lines typed into it in the session".into());
            }
        }
        if argv.iter().any(|a| a.contains("group.protocol=consumer") || a.contains("group.protocol=CONSUMER")) {
            self.kip848 = true;
            why.push(format!("KIP-848 consumer protocol: needs a Kafka 4 broker (this one is {KAFKA_VERSION})"));
        }
        let changed = argv != cmd.argv || background != cmd.background || heredoc != cmd.heredoc || redirects != cmd.redirects;
        if changed {
            let _ = writeln!(self.script, "# in the session: {}", one_line(&render(&cmd.argv, &cmd.redirects, None, cmd.background)));
        }
        let mut line = render(&argv, &redirects, heredoc.as_deref(), background);
        if jobbed {
            // a job the script can stop inside the container (see job_start)
            let n = self.next_export_job;
            self.next_export_job += 1;
            line = format!("job_start {n} {line}");
            match job {
                Some(id) => {
                    why.push(format!("job %{id} in the session"));
                    let consumer_index =
                        matches!(tool, "kafka-console-consumer.sh" | "kafka-consumer-perf-test.sh").then_some(self.consumers.len());
                    self.jobs.insert(id, JobRef { export: Some(n), consumer: consumer_index, endless });
                }
                None => why.push("it failed in the session".into()),
            }
        }
        if !why.is_empty() {
            line = insert_comment(&line, &why.join("; "));
        }
        let _ = writeln!(self.script, "{line}");
        // what producer.py and consumer.py reproduce (from the session's own command)
        match tool {
            "kafka-console-producer.sh" => {
                let stdin = match (&cmd.heredoc, typed.is_empty()) {
                    (Some(h), _) => Some(h.clone()),
                    (None, false) => Some(typed.iter().map(|l| format!("{l}\n")).collect()),
                    (None, true) => cmd.redirects.iter().find_map(|r| match r {
                        Redirect::Input { fd: 0, path } => console.file(path).map(str::to_string),
                        _ => None,
                    }),
                };
                if let Some(spec) = producer_spec(&argv, stdin.as_deref().unwrap_or("")) {
                    self.producers.push(spec);
                }
            }
            "kafka-producer-perf-test.sh" => {
                if let Some(spec) = perf_producer_spec(&argv) {
                    self.producers.push(spec);
                }
            }
            "kafka-console-consumer.sh" => {
                if let Some(spec) = consumer_spec(&argv, background) {
                    self.consumers.push(spec);
                } else if let Some((_, j)) = self.jobs.iter_mut().find(|(_, j)| j.consumer == Some(self.consumers.len())) {
                    j.consumer = None;
                }
            }
            "kafka-consumer-perf-test.sh" => {
                if let Some(spec) = perf_consumer_spec(&argv) {
                    self.consumers.push(spec);
                } else if let Some((_, j)) = self.jobs.iter_mut().find(|(_, j)| j.consumer == Some(self.consumers.len())) {
                    j.consumer = None;
                }
            }
            _ => {}
        }
    }

    /// `kill [-SIGNAL] %N ...`: a Kafka tool's job is stopped inside the container, with
    /// SIGTERM (a clean close) or SIGKILL (a crash) as the console read the signal.
    fn kill(&mut self, cmd: &ShellCommand) {
        let args = &cmd.argv[1..];
        let original = render(&cmd.argv, &cmd.redirects, None, false);
        // the console's reading of the signal: a bare `kill` is SIGTERM, as in bash
        let (clean, targets) = match crate::console::tools::kill_signal(args) {
            Ok((clean, targets)) if !targets.is_empty() => (clean, targets),
            _ => {
                let _ = writeln!(self.script, "# {}   (rejected in the session)", one_line(&original));
                return;
            }
        };
        let _ = writeln!(self.script, "# in the session: {}", one_line(&original));
        for t in targets {
            let job = t.strip_prefix('%').and_then(|n| n.parse::<usize>().ok()).and_then(|id| self.jobs.remove(&id));
            match job.and_then(|j| j.export) {
                Some(n) => {
                    let (signal, what) =
                        if clean { ("TERM", "a clean close, as Ctrl-C") } else { ("KILL", "a crash: no commit, no LeaveGroup") };
                    let _ = writeln!(self.script, "job_kill {signal} {n}  # {t}: {what}");
                }
                None => {
                    let _ = writeln!(self.script, "# {}: no such job in the session; nothing to stop", one_line(t));
                }
            }
        }
    }

    /// `kafkascope ...`: commented out, with what one would do on a real cluster.
    fn simulator(&mut self, cmd: &ShellCommand) {
        self.simulator_commands += 1;
        let original = render(&cmd.argv, &cmd.redirects, None, cmd.background);
        let a: Vec<&str> = cmd.argv[1..].iter().map(String::as_str).collect();
        let job = |s: &&str| s.strip_prefix('%').and_then(|n| n.parse::<usize>().ok());
        let equivalent: Vec<String> = match a.as_slice() {
            ["broker", "stop", _, rest @ ..] => {
                let how = if rest.contains(&"--clean") { "docker compose stop kafka" } else { "docker compose kill kafka" };
                vec![
                    format!("real world: {how}   (kill = a crash, stop = a clean shutdown)"),
                    "this export runs one broker, so that would stop the whole cluster; left commented out".into(),
                ]
            }
            ["broker", "start", _] => vec!["real world: docker compose start kafka".into()],
            ["brokers"] => vec!["real world: kafka-metadata-quorum.sh --bootstrap-server localhost:9092 describe --status".into()],
            ["consumer", "slow", j, ms] => {
                if let Some(c) = job(j).and_then(|id| self.jobs.get(&id)).and_then(|r| r.consumer) {
                    if let (Some(spec), Ok(ms)) = (self.consumers.get_mut(c), ms.parse::<i64>()) {
                        spec.slow_ms = Some(ms.max(0));
                    }
                }
                vec![format!("real world: the application takes {} ms per record, e.g. a sleep in its poll loop (consumer.py does this)", one_line(ms))]
            }
            ["consumer", "commit", j] => {
                if let Some(c) = job(j).and_then(|id| self.jobs.get(&id)).and_then(|r| r.consumer) {
                    if let Some(spec) = self.consumers.get_mut(c) {
                        spec.commits += 1;
                    }
                }
                vec!["real world: the application calls consumer.commitSync() (kafka-python: consumer.commit())".into()]
            }
            ["disconnect", _] => vec![
                "real world: cut the client off the network, e.g. on Linux".into(),
                "  sudo iptables -A OUTPUT -p tcp --dport 9092 -j DROP   (and -D to undo)".into(),
            ],
            ["reconnect", _] => vec!["real world: undo the cut, e.g. sudo iptables -D OUTPUT -p tcp --dport 9092 -j DROP".into()],
            ["config"] => vec!["real world: kafka-configs.sh --bootstrap-server localhost:9092 --describe --all --entity-type brokers --entity-name 1".into()],
            ["config", kv] => match kv.split_once('=') {
                Some(("network.delay.ms", ms)) => netem(ms),
                Some((k, v)) => vec![
                    format!("real world: a broker setting. Static ones go in docker-compose.yml as {}: \"{}\"", env_name(k), one_line(v)),
                    format!(
                        "  (done there for this export); dynamic ones: kafka-configs.sh --bootstrap-server localhost:9092 --alter --entity-type brokers --entity-default --add-config {}",
                        one_line(kv)
                    ),
                ],
                None => vec!["rejected in the session (config takes NAME=VALUE)".into()],
            },
            ["process", rest @ ..] => {
                // issue 18: the consume-transform-produce job, written out as the Java loop it stands for
                let flag = |f: &str| rest.iter().position(|a| *a == f).and_then(|i| rest.get(i + 1)).map(|v| one_line(v)).unwrap_or_default();
                let (from, to, group, tid) = (flag("--from"), flag("--to"), flag("--group"), flag("--transactional-id"));
                let mut v = vec![format!("real world: an application reading {from} in group {group} and writing {to}, e.g. in Java:")];
                if tid.is_empty() {
                    v.push("  (at-least-once) consumer: group.id, enable.auto.commit=false; loop: records = consumer.poll(...);".into());
                    v.push(format!("  for each record producer.send(new ProducerRecord<>(\"{to}\", key, value)); producer.flush(); consumer.commitSync();"));
                } else {
                    v.push(format!("  producer: transactional.id={tid}; consumer: group.id={group}, isolation.level=read_committed, enable.auto.commit=false"));
                    v.push("  producer.initTransactions(); loop: records = consumer.poll(...); producer.beginTransaction();".into());
                    v.push(format!("  for each record producer.send(new ProducerRecord<>(\"{to}\", key, value));"));
                    v.push("  producer.sendOffsetsToTransaction(nextOffsets, consumer.groupMetadata()); producer.commitTransaction();".into());
                }
                if !flag("--crash-after").is_empty() {
                    v.push(format!("  --crash-after {}: kill -9 the process after that many sends", flag("--crash-after")));
                }
                v
            }
            ["consumer", "fail", _, rest @ ..] => vec![if rest.first() == Some(&"off") {
                "real world: the share consumer's application accepts every record again".into()
            } else {
                format!(
                    "real world: the share consumer's application (share.acknowledgement.mode=explicit) calls consumer.acknowledge(record, AcknowledgeType.{}) for those records ({})",
                    if rest.contains(&"reject") { "REJECT" } else { "RELEASE" },
                    one_line(&rest.join(" "))
                )
            }],
            ["network-delay", ms] => netem(ms),
            ["seed"] => vec!["real world: no equivalent; a real cluster is not a seeded simulation".into()],
            ["time"] => vec!["real world: date (real clocks move by themselves)".into()],
            [] | ["help"] => vec!["Kafkascope's list of simulator commands".into()],
            _ => vec!["not a simulator command Kafkascope knows".into()],
        };
        let _ = writeln!(self.script, "# Simulator only (not part of Kafka): {}", one_line(&original));
        for e in equivalent {
            let _ = writeln!(self.script, "#   {}", one_line(&e));
        }
    }
}

/// The README's note on share groups, once the session used them.
const SHARE_NOTE: &str = "Share groups (KIP-932) need the `share.version` feature: the script enables it (`kafka-features.sh upgrade --feature share.version=1`) before the first share group tool.";

fn netem(ms: &str) -> Vec<String> {
    vec![
        format!(
            "real world: add delay with netem inside the container (needs cap_add: [NET_ADMIN] and the iproute2 package): tc qdisc add dev eth0 root netem delay {}ms",
            one_line(ms)
        ),
        "on a laptop every connection to localhost:9092 is local, so there is no network delay to speak of".into(),
    ]
}

/// Rewrites a Kafka tool's arguments for one Kafka [`KAFKA_VERSION`] node; each change
/// adds a reason.
fn rewrite_args(tool: &str, argv: &mut [String], why: &mut Vec<String>) {
    let mut reasons: Set<String> = Set::new();
    let mut i = 1;
    while i < argv.len() {
        let (flag, inline) = match argv[i].split_once('=') {
            Some((f, v)) if argv[i].starts_with("--") => (f.to_string(), Some(v.to_string())),
            _ => (argv[i].clone(), None),
        };
        let renamed = match (tool, flag.as_str()) {
            (_, "--broker-list") => Some("--bootstrap-server"),
            ("kafka-console-consumer.sh", "--whitelist") => Some("--include"),
            _ => None,
        };
        if let Some(new) = renamed {
            reasons.insert(format!("Kafka 4 removed {flag}: {new} instead"));
        }
        let name = renamed.unwrap_or(flag.as_str()).to_string();
        // the value: inline (`--x=v`) or the next word
        let value_at = if inline.is_some() { None } else { Some(i + 1).filter(|j| *j < argv.len()) };
        let value = inline.clone().or_else(|| value_at.map(|j| argv[j].clone()));
        let new_value: Option<String> = match (name.as_str(), value.as_deref()) {
            ("--bootstrap-server", Some(v)) if v != "localhost:9092" => {
                reasons.insert("one broker: localhost:9092".into());
                Some("localhost:9092".into())
            }
            ("--replication-factor", Some(v)) if v.trim().parse::<i64>().is_ok_and(|n| n > 1) => {
                reasons.insert(format!("was --replication-factor {}: one broker holds one replica", v.trim()));
                Some("1".into())
            }
            ("--config" | "--add-config", Some(v)) if has_min_isr_above_one(v) => {
                reasons.insert("min.insync.replicas lowered to 1: one broker, one replica".into());
                Some(lower_min_isr(v))
            }
            ("--entity-name", Some(v))
                if tool == "kafka-configs.sh" && argv.iter().any(|a| a == "brokers" || a == "--entity-type=brokers") && v != "1" =>
            {
                reasons.insert(format!("broker {v} is broker 1 here (one node)"));
                Some("1".into())
            }
            ("--producer-props" | "--command-property", _) if tool == "kafka-producer-perf-test.sh" => {
                let mut j = i + 1;
                while j < argv.len() && !argv[j].starts_with("--") {
                    if let Some(v) = argv[j].strip_prefix("bootstrap.servers=") {
                        if v != "localhost:9092" {
                            argv[j] = "bootstrap.servers=localhost:9092".into();
                            reasons.insert("one broker: localhost:9092".into());
                        }
                    } else if has_min_isr_above_one(&argv[j]) {
                        argv[j] = lower_min_isr(&argv[j]);
                    }
                    j += 1;
                }
                None
            }
            _ => None,
        };
        match (inline.is_some(), new_value) {
            (true, Some(v)) => argv[i] = format!("{name}={v}"),
            (true, None) if renamed.is_some() => argv[i] = format!("{name}={}", inline.unwrap_or_default()),
            (false, nv) => {
                if renamed.is_some() {
                    argv[i] = name.clone();
                }
                if let (Some(v), Some(j)) = (nv, value_at) {
                    argv[j] = v;
                }
            }
            _ => {}
        }
        i += 1;
    }
    why.extend(reasons);
}

/// The values of an option Kafka 4.2 renamed (KIP-1147), under its old name or its new
/// one (the tool refuses both together).
fn either<'a>(opts: &'a crate::console::options::ParsedOptions, old: &str, new: &str) -> Vec<&'a str> {
    let mut v = opts.values_of(old);
    v.extend(opts.values_of(new));
    v
}

fn has_min_isr_above_one(v: &str) -> bool {
    v.split(',').any(|kv| kv.trim().strip_prefix("min.insync.replicas=").is_some_and(|n| n.trim().parse::<i64>().is_ok_and(|n| n > 1)))
}

fn lower_min_isr(v: &str) -> String {
    v.split(',')
        .map(|kv| {
            if kv.trim().starts_with("min.insync.replicas=") && has_min_isr_above_one(kv) {
                "min.insync.replicas=1".to_string()
            } else {
                kv.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join(",")
}

// ---------------------------------------------------------------------------------
// Producers and consumers, read from the session's commands

fn property_pairs(values: Vec<&str>) -> Vec<(String, String)> {
    values.into_iter().filter_map(|p| p.split_once('=').map(|(k, v)| (k.trim().to_string(), v.to_string()))).collect()
}

fn producer_spec(argv: &[String], stdin: &str) -> Option<ProducerSpec> {
    let opts = OptionParser::new(producer::SPECS).parse(&argv[1..]).ok()?;
    let topic = opts.value_of("topic").ok().flatten()?.to_string();
    let mut configs: Vec<(String, String)> = vec![
        ("acks".into(), opts.value_of("request-required-acks").ok().flatten().unwrap_or("-1").into()),
        ("linger.ms".into(), opts.value_of("timeout").ok().flatten().unwrap_or("1000").into()),
        ("batch.size".into(), opts.value_of("batch-size").ok().flatten().unwrap_or("16384").into()),
    ];
    if opts.has("sync") {
        configs.push(("linger.ms".into(), "0".into()));
    }
    let producer_props = property_pairs(either(&opts, "producer-property", "command-property"));
    configs.extend(producer_props.iter().cloned());
    let config = ProducerConfig::from_pairs(configs.iter().map(|(k, v)| (k.as_str(), v.as_str()))).ok()?;
    let compression = producer_props
        .iter()
        .rev()
        .find(|(k, _)| k == "compression.type")
        .map(|(_, v)| v.clone())
        .or_else(|| opts.value_of("compression-codec").ok().flatten().map(str::to_string))
        .filter(|c| c != "none");
    let props = property_pairs(either(&opts, "property", "reader-property"));
    let mut reader = crate::console::tools::producer::LineReader::from_properties(&props);
    let mut records = Vec::new();
    let mut error = reader.as_ref().err().cloned();
    let mut truncated = false;
    if let Ok(reader) = reader.as_mut() {
        for line in stdin.lines() {
            if records.len() >= MAX_RECORDS {
                truncated = true;
                break;
            }
            match reader.read(line) {
                Ok(r) => records.push(record_of(r)),
                Err(e) => {
                    error = Some(e);
                    break;
                }
            }
        }
    }
    Some(ProducerSpec { command: quote_argv(argv), topic, config, compression, records, truncated, perf: None, error })
}

fn perf_producer_spec(argv: &[String]) -> Option<ProducerSpec> {
    let mut named: Map<String, String> = Map::new();
    let mut props = Vec::new();
    let mut i = 1;
    while i < argv.len() {
        if argv[i] == "--producer-props" {
            i += 1;
            while i < argv.len() && !argv[i].starts_with("--") {
                props.push(argv[i].clone());
                i += 1;
            }
            continue;
        }
        if let (Some(k), Some(v)) = (argv[i].strip_prefix("--"), argv.get(i + 1)) {
            named.insert(k.to_string(), v.clone());
            i += 1;
        }
        i += 1;
    }
    let topic = named.get("topic")?.clone();
    let n: u64 = named.get("num-records")?.parse().ok()?;
    let size: usize = named.get("record-size")?.parse().ok()?;
    let throughput = crate::engine::decimal::parse_java_double(named.get("throughput")?).filter(|t| t.is_finite())?;
    let pairs = property_pairs(props.iter().map(String::as_str).collect());
    let config =
        ProducerConfig::from_pairs(pairs.iter().filter(|(k, _)| k != "bootstrap.servers").map(|(k, v)| (k.as_str(), v.as_str()))).ok()?;
    let compression = pairs.iter().rev().find(|(k, _)| k == "compression.type").map(|(_, v)| v.clone()).filter(|c| c != "none");
    Some(ProducerSpec {
        command: quote_argv(argv),
        topic,
        config,
        compression,
        records: Vec::new(),
        truncated: false,
        perf: Some((n.min(100_000_000), size.min(10_000_000), throughput)),
        error: None,
    })
}

/// One record read by the console producer: (key, value, headers), `None` for null.
type Record = (Option<String>, Option<String>, Vec<(String, Option<String>)>);

/// A line as `kafka-console-producer.sh` reads it, by the console's own reader (so the
/// export and the simulation agree on keys, headers and null markers), as text.
fn record_of(r: crate::engine::NewRecord) -> Record {
    let text = |b: Vec<u8>| String::from_utf8_lossy(&b).into_owned();
    (r.key.map(text), r.value.map(text), r.headers.into_iter().map(|h| (h.key, h.value.map(text))).collect())
}

fn consumer_spec(argv: &[String], background: bool) -> Option<ConsumerSpec> {
    let opts = OptionParser::new(consumer::SPECS).parse(&argv[1..]).ok()?;
    let topic = opts.value_of("topic").ok().flatten().map(str::to_string);
    let pattern = opts.value_of("include").ok().flatten().map(str::to_string);
    if topic.is_some() == pattern.is_some() {
        return None;
    }
    let partition = match opts.i32_value_of("partition").ok().flatten() {
        Some(p) => {
            let start = match opts.value_of("offset").ok().flatten().filter(|_| opts.has("offset")) {
                Some(o) if o.eq_ignore_ascii_case("earliest") => StartAt::Earliest,
                Some(o) if o.eq_ignore_ascii_case("latest") => StartAt::Latest,
                Some(o) => StartAt::Offset(o.parse::<i64>().ok().filter(|n| *n >= 0)?),
                None if opts.has("from-beginning") => StartAt::Earliest,
                None => StartAt::Latest,
            };
            Some((p, start))
        }
        None => None,
    };
    let consumer_props = property_pairs(either(&opts, "consumer-property", "command-property"));
    let group = opts
        .value_of("group")
        .ok()
        .flatten()
        .map(str::to_string)
        .or_else(|| consumer_props.iter().rev().find(|(k, _)| k == "group.id").map(|(_, v)| v.clone()));
    let mut configs: Vec<(String, String)> =
        vec![("auto.offset.reset".into(), if opts.has("from-beginning") { "earliest" } else { "latest" }.into())];
    if group.is_none() {
        configs.push(("enable.auto.commit".into(), "false".into()));
    }
    configs.extend(consumer_props.into_iter().filter(|(k, _)| k != "group.id"));
    let config = ConsumerConfig::from_pairs(configs.iter().map(|(k, v)| (k.as_str(), v.as_str()))).ok()?;
    let props = property_pairs(either(&opts, "property", "formatter-property"));
    let flag = |k: &str| props.iter().rev().find(|(p, _)| p == k).is_some_and(|(_, v)| v.trim().eq_ignore_ascii_case("true"));
    let separator = props.iter().rev().find(|(p, _)| p == "key.separator").map_or_else(|| "\t".to_string(), |(_, v)| v.clone());
    let max_messages = opts.i32_value_of("max-messages").ok().flatten().map(|n| n.max(0) as u64);
    let mut timeout_ms = opts.i32_value_of("timeout-ms").ok().flatten().map(i64::from);
    if !background && max_messages.is_none() && timeout_ms.is_none() {
        timeout_ms = Some(ENDLESS_TIMEOUT_MS);
    }
    Some(ConsumerSpec {
        command: quote_argv(argv),
        topic,
        pattern,
        partition,
        group,
        config,
        max_messages,
        timeout_ms,
        print: (flag("print.timestamp"), flag("print.partition"), flag("print.offset"), flag("print.key"), separator),
        slow_ms: None,
        commits: 0,
        perf: false,
    })
}

fn perf_consumer_spec(argv: &[String]) -> Option<ConsumerSpec> {
    let mut named: Map<String, String> = Map::new();
    let mut i = 1;
    while i < argv.len() {
        match argv[i].strip_prefix("--") {
            Some(k @ ("from-latest" | "hide-header" | "print-metrics" | "show-detailed-stats")) => {
                named.insert(k.to_string(), String::new());
            }
            Some(k) => {
                named.insert(k.to_string(), argv.get(i + 1).cloned().unwrap_or_default());
                i += 1;
            }
            None => {}
        }
        i += 1;
    }
    let topic = named.get("topic")?.clone();
    let messages: u64 = named.get("messages")?.parse().ok()?;
    let reset = if named.contains_key("from-latest") { "latest" } else { "earliest" };
    let config = ConsumerConfig::from_pairs([("auto.offset.reset", reset)]).ok()?;
    let timeout_ms = named.get("timeout").and_then(|t| t.parse::<i64>().ok()).or(Some(ENDLESS_TIMEOUT_MS));
    Some(ConsumerSpec {
        command: quote_argv(argv),
        topic: Some(topic),
        pattern: None,
        partition: None,
        group: Some(named.get("group").cloned().unwrap_or_else(|| "perf-consumer-kafkascope".into())),
        config,
        max_messages: Some(messages),
        timeout_ms,
        print: (false, false, false, false, "\t".into()),
        slow_ms: None,
        commits: 0,
        perf: true,
    })
}

// ---------------------------------------------------------------------------------
// Text helpers

/// Text for a one-line comment: control characters (newlines included) are shown
/// escaped, so a comment can never end early.
fn one_line(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\n' => o.push_str("\\n"),
            '\r' => o.push_str("\\r"),
            '\t' => o.push_str("\\t"),
            c if c.is_control() => {
                let _ = write!(o, "\\u{{{:x}}}", c as u32);
            }
            c => o.push(c),
        }
    }
    o
}

/// Removes NUL bytes, which bash cannot hold in a script.
fn no_nul(s: &str) -> String {
    s.replace('\0', "")
}

/// A command line as bash reads it: words, redirections, `<<'EOF'` with its body, `&`.
fn render(argv: &[String], redirects: &[Redirect], heredoc: Option<&str>, background: bool) -> String {
    let words: Vec<String> = argv.iter().map(|w| no_nul(w)).collect();
    let mut line = quote_argv(&words);
    for r in redirects {
        if !line.is_empty() {
            line.push(' ');
        }
        match r {
            Redirect::Output { fd, path, append } => {
                let fd = if *fd == 1 { String::new() } else { fd.to_string() };
                let _ = write!(line, "{fd}{} {}", if *append { ">>" } else { ">" }, quote_word(&no_nul(path)));
            }
            Redirect::Input { fd, path } => {
                let fd = if *fd == 0 { String::new() } else { fd.to_string() };
                let _ = write!(line, "{fd}< {}", quote_word(&no_nul(path)));
            }
            Redirect::Duplicate { fd, target } => {
                let _ = write!(line, "{fd}>&{target}");
            }
        }
    }
    let body = heredoc.map(no_nul);
    let delimiter = body.as_deref().map(|b| {
        let mut d = "EOF".to_string();
        let mut n = 0;
        while b.lines().any(|l| l == d) {
            n += 1;
            d = format!("EOF{n}");
        }
        d
    });
    if let Some(d) = &delimiter {
        let _ = write!(line, " <<'{d}'");
    }
    if background {
        line.push_str(" &");
    }
    if let (Some(b), Some(d)) = (body, delimiter) {
        line.push('\n');
        line.push_str(&b);
        if !b.is_empty() && !b.ends_with('\n') {
            line.push('\n');
        }
        line.push_str(&d);
    }
    line
}

/// Adds `# comment` at the end of a rendered command's first line (before a
/// here-document's body).
fn insert_comment(rendered: &str, comment: &str) -> String {
    let (first, rest) = rendered.split_once('\n').map_or((rendered, None), |(a, b)| (a, Some(b)));
    let mut s = format!("{first}  # {}", one_line(comment));
    if let Some(rest) = rest {
        s.push('\n');
        s.push_str(rest);
    }
    s
}

/// The environment variable the apache/kafka image reads a broker setting from:
/// `.` → `_`, `_` → `__`, `-` → `___`, upper case, prefixed with `KAFKA_`.
pub fn env_name(config: &str) -> String {
    let mut s = String::from("KAFKA_");
    for c in config.chars() {
        match c {
            '.' => s.push('_'),
            '_' => s.push_str("__"),
            '-' => s.push_str("___"),
            c if c.is_ascii_alphanumeric() => s.push(c.to_ascii_uppercase()),
            _ => s.push('_'),
        }
    }
    s
}

/// A Python string literal for any text (non-ASCII and control characters escaped).
fn py_str(s: &str) -> String {
    let mut o = String::from("\"");
    for c in s.chars() {
        match c {
            '\\' => o.push_str("\\\\"),
            '"' => o.push_str("\\\""),
            '\n' => o.push_str("\\n"),
            '\r' => o.push_str("\\r"),
            '\t' => o.push_str("\\t"),
            c if c.is_ascii() && !c.is_ascii_control() => o.push(c),
            c if (c as u32) < 0x100 => {
                let _ = write!(o, "\\x{:02x}", c as u32);
            }
            c if (c as u32) < 0x10000 => {
                let _ = write!(o, "\\u{:04x}", c as u32);
            }
            c => {
                let _ = write!(o, "\\U{:08x}", c as u32);
            }
        }
    }
    o.push('"');
    o
}

fn py_opt(s: &Option<String>) -> String {
    s.as_deref().map_or_else(|| "None".to_string(), py_str)
}

/// A YAML double-quoted scalar.
fn yaml_str(s: &str) -> String {
    let mut o = String::from("\"");
    for c in s.chars() {
        match c {
            '\\' => o.push_str("\\\\"),
            '"' => o.push_str("\\\""),
            c if c.is_control() => {
                let _ = write!(o, "\\x{:02x}", (c as u32).min(0xff));
            }
            c => o.push(c),
        }
    }
    o.push('"');
    o
}

// ---------------------------------------------------------------------------------
// The files

/// Broker settings of the simulation that differ from Kafka's defaults, as
/// (name, value, note); `network.delay.ms` is the simulator's own and is left out.
fn broker_settings(sim: &Sim) -> Vec<(String, String, Option<String>)> {
    let (c, d) = (sim.config(), ClusterConfig::default());
    // the network delay is the simulator's own (the script shows its netem equivalent);
    // one node holds one replica of everything
    let mut v: Vec<(String, String, Option<String>)> = CLUSTER_CONFIG_NAMES
        .iter()
        .filter(|n| !matches!(**n, "network.delay.ms" | "default.replication.factor" | "offsets.topic.replication.factor"))
        .filter_map(|n| {
            let value = c.get(n)?;
            (d.get(n).as_ref() != Some(&value)).then(|| (n.to_string(), value, None))
        })
        .collect();
    if c.default_replication_factor > 1 {
        v.push((
            "default.replication.factor".into(),
            "1".into(),
            Some(format!("the session used {}; one broker holds one replica", c.default_replication_factor)),
        ));
    }
    v
}

fn compose(sim: &Sim, notes: &mut Set<String>) -> String {
    let brokers = sim.brokers().len();
    let mut s = String::new();
    let _ = writeln!(s, "# Kafkascope export: one Apache Kafka {KAFKA_VERSION} node in KRaft mode (no ZooKeeper).");
    s.push_str("# Start it with `docker compose up -d --wait`, stop it with `docker compose down`.\n#\n");
    if brokers > 1 {
        let _ = writeln!(s, "# The session's cluster had {brokers} brokers; this file runs one node that is both broker and");
        s.push_str("# controller. kafkascope-session.sh lowers replication factors (and min.insync.replicas)\n");
        s.push_str("# to 1 and says so on each line it changes: one broker can hold only one replica, so there\n");
        s.push_str("# is no ISR to shrink, no leader to elect and no broker to stop without stopping them all.\n");
        s.push_str("# One node starts in seconds and needs a third of the memory of three.\n");
        notes.insert(format!(
            "The session's cluster had {brokers} brokers; the export runs one. Replication factors and `min.insync.replicas` above 1 become 1, every `--bootstrap-server` becomes `localhost:9092`, and broker ids in `kafka-configs.sh --entity-type brokers` become 1."
        ));
    }
    s.push_str("services:\n  kafka:\n");
    let _ = writeln!(s, "    image: apache/kafka:{KAFKA_VERSION}");
    s.push_str("    hostname: kafka\n    ports:\n      - \"9092:9092\"   # the CLI tools and the Python clients use localhost:9092\n");
    s.push_str("    volumes:\n      # the export folder, so tools reading or writing files (--command-config FILE) see the\n      # script's files; kafkascope-session.sh runs the tools there\n      - ./:/kafkascope\n");
    s.push_str("    environment:\n");
    s.push_str("      # KRaft: this node is both broker and controller\n");
    s.push_str("      KAFKA_NODE_ID: \"1\"\n      KAFKA_PROCESS_ROLES: \"broker,controller\"\n");
    s.push_str("      KAFKA_CONTROLLER_QUORUM_VOTERS: \"1@localhost:9093\"\n      KAFKA_CONTROLLER_LISTENER_NAMES: \"CONTROLLER\"\n");
    s.push_str("      KAFKA_LISTENERS: \"PLAINTEXT://:9092,CONTROLLER://:9093\"\n");
    s.push_str("      # clients inside the container and on the host both reach the broker as localhost:9092\n");
    s.push_str("      KAFKA_ADVERTISED_LISTENERS: \"PLAINTEXT://localhost:9092\"\n");
    s.push_str("      KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: \"CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT\"\n");
    s.push_str("      KAFKA_INTER_BROKER_LISTENER_NAME: \"PLAINTEXT\"\n");
    s.push_str("      # a fixed cluster id (16 bytes, base64url: \"kafkascopeExport\") so the node formats its storage itself\n");
    s.push_str("      CLUSTER_ID: \"a2Fma2FzY29wZUV4cG9ydA\"\n");
    s.push_str("      KAFKA_LOG_DIRS: \"/tmp/kraft-combined-logs\"\n");
    s.push_str("      # internal topics must fit on one broker (their default replication factor is 3)\n");
    s.push_str("      KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: \"1\"\n");
    s.push_str("      KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR: \"1\"\n      KAFKA_TRANSACTION_STATE_LOG_MIN_ISR: \"1\"\n");
    s.push_str(
        "      KAFKA_SHARE_COORDINATOR_STATE_TOPIC_REPLICATION_FACTOR: \"1\"\n      KAFKA_SHARE_COORDINATOR_STATE_TOPIC_MIN_ISR: \"1\"\n",
    );
    s.push_str("      # group.initial.rebalance.delay.ms keeps Kafka's default (3000 ms), as the simulation does\n");
    let settings = broker_settings(sim);
    if !settings.is_empty() {
        s.push_str("      # broker settings of the session that differ from Kafka's defaults\n");
    }
    for (name, value, note) in settings {
        let comment = note.map(|n| format!("  # {}", one_line(&n))).unwrap_or_default();
        let _ = writeln!(s, "      {}: {}{comment}", env_name(&name), yaml_str(&value));
    }
    s.push_str("    healthcheck:\n");
    s.push_str(
        "      test: [\"CMD-SHELL\", \"/opt/kafka/bin/kafka-broker-api-versions.sh --bootstrap-server localhost:9092 > /dev/null 2>&1\"]\n",
    );
    s.push_str("      interval: 5s\n      timeout: 10s\n      retries: 24\n");
    s
}

const TOOL_FUNCTIONS: &str = r#"# Kafka's tools run inside the broker's container, in the export folder (mounted there as
# /kafkascope), so the session's commands run unchanged: each tool is a function.
kafka_tool() {
    local tool=$1
    shift
    docker compose exec -T -w /kafkascope kafka "/opt/kafka/bin/$tool" "$@"
}
kafka-topics.sh() { kafka_tool kafka-topics.sh "$@"; }
kafka-configs.sh() { kafka_tool kafka-configs.sh "$@"; }
kafka-console-producer.sh() { kafka_tool kafka-console-producer.sh "$@"; }
kafka-console-consumer.sh() { kafka_tool kafka-console-consumer.sh "$@"; }
kafka-consumer-groups.sh() { kafka_tool kafka-consumer-groups.sh "$@"; }
kafka-console-share-consumer.sh() { kafka_tool kafka-console-share-consumer.sh "$@"; }
kafka-share-groups.sh() { kafka_tool kafka-share-groups.sh "$@"; }
kafka-groups.sh() { kafka_tool kafka-groups.sh "$@"; }
kafka-features.sh() { kafka_tool kafka-features.sh "$@"; }
kafka-get-offsets.sh() { kafka_tool kafka-get-offsets.sh "$@"; }
kafka-leader-election.sh() { kafka_tool kafka-leader-election.sh "$@"; }
kafka-producer-perf-test.sh() { kafka_tool kafka-producer-perf-test.sh "$@"; }
kafka-consumer-perf-test.sh() { kafka_tool kafka-consumer-perf-test.sh "$@"; }
kafka-verifiable-producer.sh() { kafka_tool kafka-verifiable-producer.sh "$@"; }
kafka-transactions.sh() { kafka_tool kafka-transactions.sh "$@"; }
kafka-metadata-quorum.sh() { kafka_tool kafka-metadata-quorum.sh "$@"; }
kafka-cluster.sh() { kafka_tool kafka-cluster.sh "$@"; }

# Background jobs. Stopping the local `docker compose exec` would leave the tool running in
# the container, so `job_start N TOOL ARGS... &` notes the tool's process id there and
# `job_kill SIGNAL N` signals that process: TERM closes it cleanly (its shutdown hook commits
# and leaves the group), KILL crashes it.
RUN_ID=$$
job_start() {
    local n=$1 tool=$2
    shift 2
    docker compose exec -T -w /kafkascope kafka sh -c \
        'echo $$ > "/tmp/kafkascope-$0.pid"; exec "$@"' "$RUN_ID-$n" "/opt/kafka/bin/$tool" "$@"
}
job_kill() {
    docker compose exec -T kafka sh -c \
        'pid=$(cat "/tmp/kafkascope-$1.pid" 2>/dev/null) && rm -f "/tmp/kafkascope-$1.pid" && kill -s "$0" "$pid" 2>/dev/null' "$1" "$RUN_ID-$2" || true
}

# Wait until the broker answers (`docker compose up -d --wait` does this too).
kafka-broker-api-versions.sh() { kafka_tool kafka-broker-api-versions.sh "$@"; }
ready=""
for _ in $(seq 1 60); do
    if kafka-broker-api-versions.sh --bootstrap-server localhost:9092 > /dev/null 2>&1; then
        ready=1
        break
    fi
    sleep 2
done
if [ -z "$ready" ]; then
    echo "Kafka does not answer on localhost:9092: start it with 'docker compose up -d --wait' in this folder." >&2
    exit 1
fi
"#;

fn script_file(b: &Builder, empty: bool) -> String {
    let mut s = String::from("#!/usr/bin/env bash\n");
    s.push_str("# Kafkascope export: the session's commands, run against a real Kafka.\n#\n");
    s.push_str("# How to run, in this folder:\n");
    s.push_str("#   docker compose up -d --wait     # one Kafka node (docker-compose.yml)\n");
    s.push_str("#   bash kafkascope-session.sh      # this script\n");
    s.push_str("#   docker compose down             # when done (add -v to also drop the data)\n#\n");
    let _ = writeln!(s, "# The commands are the session's, in order, for Kafka {KAFKA_VERSION} on one node. Lines the");
    s.push_str("# export changed say why at their end and show the session's line above them. Commands\n");
    s.push_str("# that only exist in the simulator are commented out with their real-world equivalent.\n");
    s.push_str("# Like bash, the script goes on after a failed command, as the session did.\n\n");
    s.push_str("cd \"$(dirname \"$0\")\" || exit 1\n\n");
    s.push_str(TOOL_FUNCTIONS);
    if empty {
        s.push_str("\n# The session ran no commands yet. Kafka's quickstart, to start from:\n");
        s.push_str(
            "kafka-topics.sh --bootstrap-server localhost:9092 --create --topic quickstart-events --partitions 3 --replication-factor 1\n",
        );
        s.push_str("kafka-console-producer.sh --bootstrap-server localhost:9092 --topic quickstart-events <<'EOF'\nhello\nworld\nEOF\n");
        s.push_str(
            "kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic quickstart-events --from-beginning --max-messages 2\n",
        );
    }
    s.push_str("\n# ---- the session ----\n");
    s.push_str(&b.script);
    s
}

/// The topic the Python examples fall back to: the session's first topic, else Kafka's
/// quickstart topic.
fn first_topic(sim: &Sim) -> String {
    sim.topics().map(|t| t.name.to_string()).find(|n| !n.starts_with("__")).unwrap_or_else(|| "quickstart-events".into())
}

fn producer_py(producers: &[ProducerSpec], sim: &Sim) -> String {
    let mut s = String::from("#!/usr/bin/env python3\n");
    s.push_str("# Kafkascope export: the session's producers with kafka-python.\n");
    s.push_str("#   python3 -m pip install 'kafka-python>=3.0'\n");
    s.push_str("#   python3 producer.py          (with the broker of docker-compose.yml running)\n");
    s.push_str("# Each function is one producer of the session, run in the session's order.\n\n");
    s.push_str("import time\n\nfrom kafka import KafkaProducer\n\nBOOTSTRAP = \"localhost:9092\"\n\n\n");
    s.push_str("def encode(text):\n    return None if text is None else text.encode(\"utf-8\")\n\n\n");
    let mut names = Vec::new();
    if producers.is_empty() {
        let topic = first_topic(sim);
        s.push_str("def example():\n");
        s.push_str("    # The session ran no producer; a minimal one for its first topic.\n");
        s.push_str("    producer = KafkaProducer(bootstrap_servers=BOOTSTRAP, acks=\"all\")\n");
        s.push_str("    for i in range(5):\n");
        let _ =
            writeln!(s, "        producer.send({}, key=encode(f\"key-{{i % 2}}\"), value=encode(f\"hello world {{i}}\"))", py_str(&topic));
        s.push_str("    producer.flush()\n    producer.close()\n\n\n");
        names.push("example".to_string());
    }
    for (i, p) in producers.iter().enumerate() {
        let name = format!("producer_{}", i + 1);
        let _ = writeln!(s, "def {name}():");
        let _ = writeln!(s, "    # {}", one_line(&p.command));
        let acks = match p.config.acks {
            crate::engine::Acks::Zero => "0",
            crate::engine::Acks::One => "1",
            crate::engine::Acks::All => "\"all\"",
        };
        let mut args = vec![format!("bootstrap_servers=BOOTSTRAP"), format!("acks={acks}")];
        args.push(format!("linger_ms={}", p.config.linger_ms));
        args.push(format!("batch_size={}", p.config.batch_size));
        if !p.config.enable_idempotence {
            args.push("enable_idempotence=False".into());
        }
        if let Some(c) = &p.compression {
            s.push_str("    # compression other than gzip needs its Python package (python-snappy, lz4, zstandard)\n");
            args.push(format!("compression_type={}", py_str(c)));
        }
        if let Some(id) = &p.config.client_id {
            args.push(format!("client_id={}", py_str(id)));
        }
        let _ = writeln!(s, "    producer = KafkaProducer({})", args.join(", "));
        let topic = py_str(&p.topic);
        if let Some((n, size, throughput)) = p.perf {
            let _ = writeln!(s, "    payload = b\"x\" * {size}  # kafka-producer-perf-test.sh sends records of a fixed size");
            let _ = writeln!(s, "    for _ in range({n}):");
            let _ = writeln!(s, "        producer.send({topic}, value=payload)");
            if throughput > 0.0 {
                let _ = writeln!(
                    s,
                    "        time.sleep({})  # --throughput {} records per second",
                    shortest(1.0 / throughput),
                    shortest(throughput)
                );
            }
        } else {
            s.push_str("    records = [  # (key, value, headers), as the console producer read its input\n");
            for (k, v, h) in &p.records {
                let headers = if h.is_empty() {
                    "None".to_string()
                } else {
                    format!(
                        "[{}]",
                        h.iter().map(|(hk, hv)| format!("({}, encode({}))", py_str(hk), py_opt(hv))).collect::<Vec<_>>().join(", ")
                    )
                };
                let _ = writeln!(s, "        ({}, {}, {headers}),", py_opt(k), py_opt(v));
            }
            s.push_str("    ]\n");
            if p.truncated {
                let _ = writeln!(s, "    # (only the first {MAX_RECORDS} records of the session are written here)");
            }
            if let Some(e) = &p.error {
                let _ = writeln!(s, "    # the console producer stopped here in the session: {}", one_line(e));
            }
            s.push_str("    for key, value, headers in records:\n");
            let _ = writeln!(s, "        producer.send({topic}, key=encode(key), value=encode(value), headers=headers)");
        }
        s.push_str("    producer.flush()\n    producer.close()\n\n\n");
        names.push(name);
    }
    s.push_str("if __name__ == \"__main__\":\n");
    for n in names {
        let _ = writeln!(s, "    {n}()");
    }
    s
}

/// kafka-python's assignor classes for the Java client's `partition.assignment.strategy`.
/// kafka-python refuses to mix eager and cooperative assignors in one consumer, so only
/// the assignors of the first one's kind are kept.
fn py_assignors(list: &[ClientAssignor]) -> (Vec<&'static str>, Option<String>) {
    let default = ConsumerConfig::default().assignors;
    if list == default.as_slice() {
        return (
            vec!["RangePartitionAssignor"],
            Some("the Java client's default is [range, cooperative-sticky]; kafka-python cannot mix an eager and a cooperative assignor in one consumer, and the group picks range either way".into()),
        );
    }
    let cooperative = list.first() == Some(&ClientAssignor::CooperativeSticky);
    let mut out = Vec::new();
    let mut dropped = false;
    for a in list {
        if (*a == ClientAssignor::CooperativeSticky) != cooperative {
            dropped = true;
            continue;
        }
        let class = match a {
            ClientAssignor::Range => "RangePartitionAssignor",
            ClientAssignor::RoundRobin => "RoundRobinPartitionAssignor",
            ClientAssignor::Sticky => "StickyPartitionAssignor",
            ClientAssignor::CooperativeSticky => "CooperativeStickyAssignor",
        };
        if !out.contains(&class) {
            out.push(class);
        }
    }
    (
        out,
        dropped
            .then(|| "kafka-python cannot mix eager and cooperative assignors in one consumer; only the first one's kind is kept".into()),
    )
}

fn consumer_py(consumers: &[ConsumerSpec], sim: &Sim) -> String {
    let mut s = String::from("#!/usr/bin/env python3\n");
    s.push_str("# Kafkascope export: the session's consumers with kafka-python.\n");
    s.push_str("#   python3 -m pip install 'kafka-python>=3.0'   (3.0 added the cooperative-sticky assignor)\n");
    s.push_str("#   python3 consumer.py N        (N: which consumer, 1 by default)\n");
    s.push_str("# Run the same N in several terminals to watch a group share its partitions.\n");
    for (i, c) in consumers.iter().enumerate() {
        let _ = writeln!(s, "#   {}: {}", i + 1, one_line(&c.command));
    }
    s.push_str("\nimport random\nimport sys\nimport time\n\nfrom kafka import KafkaConsumer, TopicPartition\n");
    // the assignor imports go here once the consumers are written (only those used)
    let imports_at = s.len();
    s.push('\n');
    let mut used: Set<&'static str> = Set::new();
    s.push_str("BOOTSTRAP = \"localhost:9092\"\n\n\n");
    s.push_str(
        "def show(record, timestamp=False, partition=False, offset=False, key=False, separator=\"\\t\"):\n    \"\"\"Prints a record as kafka-console-consumer.sh's DefaultMessageFormatter does.\"\"\"\n    def text(b):\n        return \"null\" if b is None else b.decode(\"utf-8\", errors=\"replace\")\n    fields = []\n    if timestamp:\n        fields.append(f\"CreateTime:{record.timestamp}\")\n    if partition:\n        fields.append(f\"Partition:{record.partition}\")\n    if offset:\n        fields.append(f\"Offset:{record.offset}\")\n    if key:\n        fields.append(text(record.key))\n    fields.append(text(record.value))\n    print(separator.join(fields), flush=True)\n\n\n",
    );
    let mut names = Vec::new();
    let fallback;
    let consumers: &[ConsumerSpec] = if consumers.is_empty() {
        fallback = vec![ConsumerSpec {
            command: "(the session ran no consumer; a minimal one for its first topic)".into(),
            topic: Some(first_topic(sim)),
            pattern: None,
            partition: None,
            group: Some("kafkascope-example".into()),
            config: ConsumerConfig::from_pairs([("auto.offset.reset", "earliest")]).unwrap_or_default(),
            max_messages: None,
            timeout_ms: Some(ENDLESS_TIMEOUT_MS),
            print: (false, false, false, true, "\t".into()),
            slow_ms: None,
            commits: 0,
            perf: false,
        }];
        &fallback
    } else {
        consumers
    };
    let defaults = ConsumerConfig::default();
    for (i, c) in consumers.iter().enumerate() {
        let name = format!("consumer_{}", i + 1);
        let _ = writeln!(s, "def {name}():");
        let _ = writeln!(s, "    # {}", one_line(&c.command));
        let cfg = &c.config;
        let mut args = vec!["bootstrap_servers=BOOTSTRAP".to_string()];
        if c.partition.is_none() {
            match &c.group {
                Some(g) => args.push(format!("group_id={}", py_str(g))),
                None => {
                    s.push_str("    # no --group: the tool joins a fresh random group and never commits\n");
                    args.push("group_id=f\"console-consumer-{random.randint(0, 99999)}\"".into());
                }
            }
        } else {
            s.push_str("    # --partition: the consumer assigns itself the partition, without a group\n");
        }
        args.push(format!("auto_offset_reset={}", py_str(cfg.auto_offset_reset.name())));
        args.push(format!("enable_auto_commit={}", if cfg.enable_auto_commit && c.partition.is_none() { "True" } else { "False" }));
        if cfg.auto_commit_interval_ms != defaults.auto_commit_interval_ms {
            args.push(format!("auto_commit_interval_ms={}", cfg.auto_commit_interval_ms));
        }
        if cfg.session_timeout_ms != defaults.session_timeout_ms {
            args.push(format!("session_timeout_ms={}", cfg.session_timeout_ms));
        }
        if cfg.heartbeat_interval_ms != defaults.heartbeat_interval_ms {
            args.push(format!("heartbeat_interval_ms={}", cfg.heartbeat_interval_ms));
        }
        if cfg.max_poll_records != defaults.max_poll_records {
            args.push(format!("max_poll_records={}", cfg.max_poll_records));
        }
        if cfg.max_poll_interval_ms != defaults.max_poll_interval_ms {
            args.push(format!("max_poll_interval_ms={}", cfg.max_poll_interval_ms));
        }
        if let Some(id) = &cfg.group_instance_id {
            args.push(format!("group_instance_id={}", py_str(id)));
        }
        if cfg.group_protocol == GroupProtocol::Consumer {
            s.push_str("    # The session's consumer used KIP-848's consumer group protocol (group.protocol=consumer,\n");
            s.push_str("    # ConsumerGroupHeartbeat, assignment computed by the broker). kafka-python speaks only the\n");
            s.push_str("    # classic protocol (JoinGroup/SyncGroup), which a Kafka 4 broker still serves; to see the\n");
            s.push_str("    # new protocol for real, run the console consumer of kafkascope-session.sh, or the Java\n");
            s.push_str("    # client with group.protocol=consumer.\n");
            if let Some(a) = &cfg.group_remote_assignor {
                let _ = writeln!(s, "    # (group.remote.assignor={} has no kafka-python equivalent)", one_line(a));
            }
        } else if c.partition.is_none() {
            let (classes, note) = py_assignors(&cfg.assignors);
            used.extend(classes.iter().copied());
            if let Some(n) = note {
                let _ = writeln!(s, "    # {}", one_line(&n));
            }
            args.push(format!("partition_assignment_strategy=[{}]", classes.iter().map(|c| c.to_string()).collect::<Vec<_>>().join(", ")));
        }
        if let Some(t) = c.timeout_ms {
            args.push(format!("consumer_timeout_ms={t}"));
        }
        s.push_str("    consumer = KafkaConsumer(\n");
        for a in &args {
            let _ = writeln!(s, "        {a},");
        }
        s.push_str("    )\n");
        match (&c.partition, &c.topic, &c.pattern) {
            (Some((p, start)), Some(t), _) => {
                let _ = writeln!(s, "    tp = TopicPartition({}, {p})", py_str(t));
                s.push_str("    consumer.assign([tp])\n");
                match start {
                    StartAt::Earliest => s.push_str("    consumer.seek_to_beginning(tp)\n"),
                    StartAt::Latest => s.push_str("    consumer.seek_to_end(tp)\n"),
                    StartAt::Offset(o) => {
                        let _ = writeln!(s, "    consumer.seek(tp, {o})");
                    }
                }
            }
            (_, Some(t), _) => {
                let _ = writeln!(s, "    consumer.subscribe([{}])", py_str(t));
            }
            (_, None, Some(p)) => {
                let _ = writeln!(s, "    consumer.subscribe(pattern={})", py_str(p));
            }
            _ => {}
        }
        s.push_str("    received = 0\n    try:\n        for record in consumer:\n");
        if c.perf {
            s.push_str("            received += 1  # kafka-consumer-perf-test.sh only counts\n");
        } else {
            let (ts, part, off, key, sep) = &c.print;
            let cap = |b: &bool| if *b { "True" } else { "False" };
            let _ = writeln!(
                s,
                "            show(record, timestamp={}, partition={}, offset={}, key={}, separator={})",
                cap(ts),
                cap(part),
                cap(off),
                cap(key),
                py_str(sep)
            );
            s.push_str("            received += 1\n");
        }
        if let Some(ms) = c.slow_ms {
            let _ = writeln!(
                s,
                "            time.sleep({})  # kafkascope consumer slow: {ms} ms of work per record",
                shortest(ms as f64 / 1000.0)
            );
        }
        if c.commits > 0 {
            s.push_str("            # the session committed by hand (kafkascope consumer commit): commitSync\n");
            s.push_str("            consumer.commit()\n");
        }
        if let Some(n) = c.max_messages {
            let _ = writeln!(s, "            if received >= {n}:  # --max-messages\n                break");
        }
        s.push_str("    except KeyboardInterrupt:\n        pass\n    finally:\n        consumer.close()  # commits (if auto-commit is on) and leaves the group\n");
        s.push_str("    print(f\"Processed a total of {received} messages\", file=sys.stderr)\n\n\n");
        names.push(name);
    }
    let _ = writeln!(s, "CONSUMERS = [{}]\n\n", names.join(", "));
    s.push_str("if __name__ == \"__main__\":\n");
    s.push_str("    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1\n");
    s.push_str("    if not 1 <= n <= len(CONSUMERS):\n");
    s.push_str("        sys.exit(f\"usage: consumer.py [N], N from 1 to {len(CONSUMERS)}\")\n");
    s.push_str("    CONSUMERS[n - 1]()\n");
    let imports: String = used
        .iter()
        .map(|c| {
            let module = match *c {
                "RangePartitionAssignor" => "range",
                "RoundRobinPartitionAssignor" => "roundrobin",
                "StickyPartitionAssignor" => "sticky.sticky_assignor",
                _ => "cooperative_sticky",
            };
            format!("from kafka.coordinator.assignors.{module} import {c}\n")
        })
        .collect();
    s.insert_str(imports_at, &imports);
    s
}

fn readme(b: &Builder, sim: &Sim) -> String {
    let mut s = String::from("# Kafkascope export\n\n");
    let _ = writeln!(s, "What you did in Kafkascope, ready to run against a real Apache Kafka {KAFKA_VERSION} on your machine.");
    s.push_str("You need Docker (with `docker compose`), bash, and Python 3 for the Python examples.\n\n");
    s.push_str("## Files\n\n");
    s.push_str("| file | what it is |\n| --- | --- |\n");
    let _ = writeln!(s, "| `docker-compose.yml` | one Kafka node in KRaft mode (broker and controller, no ZooKeeper), image `apache/kafka:{KAFKA_VERSION}`, on `localhost:9092` |");
    s.push_str("| `kafkascope-session.sh` | the session's commands in order, run by Kafka's own tools inside the container |\n");
    s.push_str("| `producer.py` | the session's producers with kafka-python |\n");
    s.push_str("| `consumer.py` | the session's consumers with kafka-python (`python3 consumer.py N` runs the N-th) |\n");
    s.push_str("| `README.md` | this file |\n\n");
    s.push_str("## Run order\n\n```sh\n");
    s.push_str("docker compose up -d --wait          # start Kafka and wait until it is healthy\n");
    s.push_str("bash kafkascope-session.sh           # replay the session's commands\n");
    s.push_str("python3 -m pip install 'kafka-python>=3.0'\n");
    s.push_str("python3 consumer.py 1 &              # a consumer (start more in other terminals)\n");
    s.push_str("python3 producer.py                  # the producers\n");
    s.push_str("docker compose down -v               # stop Kafka and delete its data\n```\n\n");
    s.push_str("## How this differs from the simulation\n\n");
    s.push_str("- Real time: the simulation ran on a virtual clock that you could pause and rewind. Real tools take a few seconds to start, and groups wait `group.initial.rebalance.delay.ms` (3 s) before their first assignment, so the script keeps the pauses you made between commands (at most 60 s each).\n");
    let _ = writeln!(s, "- Kafkascope models Kafka {KAFKA_VERSION}, the release this broker runs, and its tools refuse what 4.x removed; a session recorded before that may hold flags Kafka 4 removed (`--broker-list`, the console consumer's `--whitelist`): they are rewritten to their replacements. Options 4.x only deprecates (such as `--property`) still work and print Kafka's warning.");
    s.push_str("- Background jobs (`cmd &`) run as `job_start N cmd &` and `kill %N` becomes `job_kill SIGNAL N`, which signals the tool inside the container. The script numbers its jobs itself; each `kill` names the job the session's `%N` meant.\n");
    if b.simulator_commands > 0 {
        let _ = writeln!(s, "- {} simulator command(s) (`kafkascope ...`: stopping brokers, slowing or cutting off consumers, cluster settings) are commented out in the script, each with its real-world equivalent. Broker settings changed with `kafkascope config` are set in `docker-compose.yml` from the start.", b.simulator_commands);
    }
    if b.kip848 {
        let _ = writeln!(s, "- The session used KIP-848's consumer group protocol (`group.protocol=consumer`). The console tools use it on this Kafka {KAFKA_VERSION} broker; kafka-python speaks only the classic protocol, so `consumer.py` joins with JoinGroup/SyncGroup (a Kafka 4 broker serves both).");
    }
    for n in &b.notes {
        let _ = writeln!(s, "- {n}");
    }
    s.push_str("- kafka-python is not the Java client: it has no KIP-848 support, and it cannot mix eager and cooperative assignors in one consumer (the Java default `[range, cooperative-sticky]` becomes range).\n");
    let topics: Vec<_> = sim.topics().filter(|t| !t.name.starts_with("__")).collect();
    if !topics.is_empty() {
        s.push_str("\n## Topics at the end of the session\n\n| topic | partitions | replication factor in the session | configs |\n| --- | --- | --- | --- |\n");
        for t in topics {
            let configs: Vec<String> = t.config.overrides.iter().map(|(k, v)| format!("`{}={}`", one_line(k), one_line(v))).collect();
            let _ = writeln!(
                s,
                "| `{}` | {} | {} | {} |",
                one_line(&t.name).replace('|', "\\|"),
                t.partitions.len(),
                t.replication_factor(),
                configs.join(", ").replace('|', "\\|")
            );
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::console::tools::{simulator, BUILTINS};

    fn command(argv: &[&str]) -> ShellCommand {
        ShellCommand { argv: argv.iter().map(|s| s.to_string()).collect(), ..ShellCommand::default() }
    }

    /// A new simulator command needs its real-world equivalent here.
    #[test]
    fn every_simulator_command_has_an_equivalent() {
        for (usage, _) in simulator::COMMANDS {
            let mut argv = vec!["kafkascope"];
            for w in usage.split_whitespace() {
                argv.push(match w {
                    "ID" => "2",
                    "%JOB" => "%1",
                    "MS" => "100",
                    "NAME=VALUE" => "log.retention.check.interval.ms=1000",
                    "[--clean]" => continue,
                    w => w,
                });
            }
            let mut b = Builder::default();
            b.simulator(&command(&argv));
            assert!(b.script.contains("#   real world: "), "{usage}: {}", b.script);
            assert!(b.script.lines().all(|l| l.starts_with('#')), "{usage}: {}", b.script);
        }
    }

    /// A new console builtin needs a decision here: run as in bash, or commented out.
    #[test]
    fn every_changed_cluster_setting_but_the_simulators_own_goes_to_the_broker() {
        let mut sim = Sim::new(ClusterConfig::default(), 1);
        for (name, value) in
            [("unclean.leader.election.interval.ms", "60000"), ("network.delay.ms", "20"), ("auto.leader.rebalance.enable", "false")]
        {
            sim.apply(crate::engine::Command::SetClusterConfig { name: name.into(), value: value.into() }).unwrap();
        }
        let names: Vec<String> = broker_settings(&sim).into_iter().map(|(n, v, _)| format!("{n}={v}")).collect();
        assert_eq!(names, ["auto.leader.rebalance.enable=false", "unclean.leader.election.interval.ms=60000"]);
    }

    #[test]
    fn every_kafka_tool_runs_in_the_container() {
        for tool in KAFKA_TOOLS {
            assert!(TOOL_FUNCTIONS.contains(&format!("\n{tool}() {{ kafka_tool {tool} \"$@\"; }}\n")), "{tool}");
        }
    }

    #[test]
    fn every_builtin_is_handled() {
        let console = Console::new(Sim::new(ClusterConfig::default(), 1));
        for name in BUILTINS {
            let mut b = Builder::default();
            b.command(&command(&[name, "x"]), &[], 0, None, &console);
            assert!(!b.script.contains("Not a command Kafkascope knows"), "{name}: {}", b.script);
        }
    }

    #[test]
    fn text_helpers() {
        assert_eq!(one_line("a\nb\u{1}"), "a\\nb\\u{1}");
        assert_eq!(py_str("é\"\\\n\u{1F600}\u{7f}"), "\"\\xe9\\\"\\\\\\n\\U0001f600\\x7f\"");
        assert_eq!(env_name("log.retention_check-x.ms"), "KAFKA_LOG_RETENTION__CHECK___X_MS");
        assert_eq!(lower_min_isr("retention.ms=1,min.insync.replicas=3"), "retention.ms=1,min.insync.replicas=1");
        assert_eq!(render(&["echo".into(), "a b".into()], &[], Some("EOF\nx\n"), true), "echo 'a b' <<'EOF1' &\nEOF\nx\nEOF1");
    }
}
