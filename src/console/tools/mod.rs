//! The commands the console knows: Kafka's tools, a few bash builtins, and the
//! simulator's own `kafkascope` command.

pub mod configs;
pub mod consumer;
pub mod deserializer;
pub mod get_offsets;
pub mod groups;
pub mod leader_election;
mod metadata_quorum;
pub mod perf;
pub mod processor;
pub mod producer;
mod quotas;
mod re2;
pub mod share_consumer;
pub mod share_groups;
pub mod simulator;
pub mod topics;
pub mod transactions;
mod unreachable;
pub mod verifiable;

use crate::engine::sorting;
use crate::engine::{ErrorCode, KafkaError};

use super::options::{OptionError, OptionParser, OptionSpec, ParsedOptions};
use super::output::Output;
use super::runtime::{Console, Job, Status};
use super::shell::{Redirect, ShellCommand};

/// What a background (or interactive foreground) job is doing.
#[derive(Clone, Debug)]
pub enum JobKind {
    /// `kafkascope process`: a consume-transform-produce application (issue 18)
    Processor(processor::ProcessorJob),
    Consumer(consumer::ConsumerJob),
    Producer(producer::ProducerJob),
    ProducerPerf(perf::ProducerPerfJob),
    ConsumerPerf(perf::ConsumerPerfJob),
    VerifiableProducer(verifiable::VerifiableProducerJob),
    ShareConsumer(share_consumer::ShareConsumerJob),
}

/// The Kafka tools Kafkascope speaks, for `help` and Tab completion.
pub const KAFKA_TOOLS: &[&str] = &[
    "kafka-topics.sh",
    "kafka-configs.sh",
    "kafka-console-producer.sh",
    "kafka-console-consumer.sh",
    "kafka-consumer-groups.sh",
    "kafka-console-share-consumer.sh",
    "kafka-share-groups.sh",
    "kafka-groups.sh",
    "kafka-get-offsets.sh",
    "kafka-leader-election.sh",
    "kafka-producer-perf-test.sh",
    "kafka-consumer-perf-test.sh",
    "kafka-verifiable-producer.sh",
    "kafka-transactions.sh",
    "kafka-metadata-quorum.sh",
    "kafka-cluster.sh",
];

/// Shell builtins and other commands the console knows.
pub const BUILTINS: &[&str] = &["sleep", "echo", "jobs", "kill", "cat", "true", "false", "help", "kafkascope"];

/// Runs a command by name; `None` if no such command exists.
pub fn run(console: &mut Console, name: &str, cmd: &ShellCommand, stdin: Option<&str>, out: &mut Output) -> Option<Status> {
    let args = &cmd.argv[1..];
    let name = name.strip_suffix(".sh").unwrap_or(name);
    Some(match name {
        "kafka-topics" => topics::run(console, args, out),
        "kafka-configs" => configs::run(console, args, out),
        "kafka-console-producer" => producer::run(console, cmd, stdin, out),
        "kafka-console-consumer" => consumer::run(console, cmd, out),
        "kafka-consumer-groups" => groups::run(console, args, out),
        "kafka-console-share-consumer" => share_consumer::run(console, cmd, out),
        "kafka-share-groups" => share_groups::run(console, args, out),
        "kafka-groups" => share_groups::run_groups(console, args, out),
        "kafka-get-offsets" => get_offsets::run(console, args, out),
        "kafka-leader-election" => leader_election::run(console, args, out),
        "kafka-producer-perf-test" => perf::run_producer(console, cmd, out),
        "kafka-consumer-perf-test" => perf::run_consumer(console, cmd, out),
        "kafka-verifiable-producer" => verifiable::run(console, cmd, out),
        "kafka-transactions" => transactions::run(console, args, out),
        "kafka-metadata-quorum" => metadata_quorum::run(console, args, out),
        "kafka-cluster" => metadata_quorum::run_cluster_tool(console, args, out),
        "kafkascope" => simulator::run(console, args, out),
        "sleep" => sleep(console, args, out),
        "echo" => {
            let (newline, words) = match args.first().map(String::as_str) {
                Some("-n") => (false, &args[1..]),
                _ => (true, args),
            };
            out.out(words.join(" "));
            if newline {
                out.out("\n");
            }
            0
        }
        "cat" => cat(console, args, stdin, out),
        "jobs" => {
            for j in console.running_jobs() {
                out.outln(format!("[{}]+  Running                 {} &", j.id, j.command_line));
            }
            0
        }
        "kill" => kill(console, args, out),
        "true" => 0,
        "false" => 1,
        "help" => {
            help(out);
            0
        }
        _ => return None,
    })
}

fn help(out: &mut Output) {
    out.outln("Kafkascope speaks these Kafka tools, with their real flags and output:");
    for t in KAFKA_TOOLS {
        out.outln(format!("  {t}"));
    }
    out.outln("Shell: sleep SECONDS, echo, cat FILE, jobs, kill %N or kill -TERM %N (clean close), kill -9 %N (crash), CMD & (background), here-documents, > FILE, 2>&1.");
    out.outln("Simulator commands (not part of Kafka; `kafkascope help` lists them):");
    for (usage, what) in simulator::COMMANDS {
        out.outln(format!("  kafkascope {usage:<34} {what}"));
    }
}

/// `sleep N`: lets N seconds of virtual time pass (decimals allowed).
fn sleep(console: &mut Console, args: &[String], out: &mut Output) -> Status {
    let Some(arg) = args.first() else {
        out.errln("sleep: missing operand");
        out.errln("Try 'sleep --help' for more information.");
        return 1;
    };
    let secs = crate::engine::decimal::parse(arg.strip_suffix('s').unwrap_or(arg));
    match secs {
        Some(s) if s.is_finite() && (0.0..=30.0 * 86_400.0).contains(&s) => {
            console.pump((s * 1000.0).round() as i64, out);
            0
        }
        _ => {
            out.errln(format!("sleep: invalid time interval '{arg}'"));
            out.errln("Try 'sleep --help' for more information.");
            1
        }
    }
}

fn cat(console: &mut Console, args: &[String], stdin: Option<&str>, out: &mut Output) -> Status {
    if args.is_empty() {
        out.out(stdin.unwrap_or(""));
        return 0;
    }
    let mut status = 0;
    for p in args {
        match console.files.get(p.as_str()) {
            Some(text) => out.out(text.clone()),
            None if p == "/dev/null" => {}
            None => {
                out.errln(format!("cat: {p}: No such file or directory"));
                status = 1;
            }
        }
    }
    status
}

/// The signal of a `kill` command line and its targets: `Ok((true, ..))` for a clean
/// close, `Ok((false, ..))` for a crash. As in bash, a bare `kill %N` sends SIGTERM, which
/// the JVM answers by running its shutdown hooks (the console tools close their clients
/// cleanly: a final commit, LeaveGroup); `-INT` and `-HUP` do the same. `-9`/`-KILL` kill
/// the process at once: no commit, no LeaveGroup, a crash.
pub fn kill_signal(args: &[String]) -> Result<(bool, &[String]), String> {
    match args.first().map(String::as_str) {
        Some("-s") => match args.get(1).map(String::as_str) {
            Some("TERM" | "SIGTERM" | "INT" | "SIGINT" | "HUP" | "SIGHUP") => Ok((true, &args[2..])),
            Some("KILL" | "SIGKILL") => Ok((false, &args[2..])),
            Some(s) => Err(format!("bash: kill: {s}: invalid signal specification")),
            None => Err("bash: kill: -s: option requires an argument".into()),
        },
        Some("-TERM" | "-15" | "-SIGTERM" | "-INT" | "-2" | "-SIGINT" | "-HUP" | "-1" | "-SIGHUP") => Ok((true, &args[1..])),
        Some("-9" | "-KILL" | "-SIGKILL") => Ok((false, &args[1..])),
        Some(s) if s.starts_with('-') && s != "-" => Err(format!("bash: kill: {}: invalid signal specification", &s[1..])),
        _ => Ok((true, args)),
    }
}

/// `kill %N` and `kill -TERM %N` close a job cleanly; `kill -9 %N` crashes it (see [`kill_signal`]).
fn kill(console: &mut Console, args: &[String], out: &mut Output) -> Status {
    let (clean, targets) = match kill_signal(args) {
        Ok(v) => v,
        Err(e) => {
            out.errln(e);
            return 1;
        }
    };
    if targets.is_empty() {
        out.errln("kill: usage: kill [-s sigspec | -n signum | -sigspec] pid | jobspec ... or kill -l [sigspec]");
        return 2;
    }
    let mut status = 0;
    for t in targets {
        let id = t.strip_prefix('%').and_then(|n| n.parse::<usize>().ok());
        let Some(pos) = id.and_then(|id| console.jobs.iter().position(|j| j.id == id && !j.done)) else {
            out.errln(format!("bash: kill: {t}: no such job"));
            status = 1;
            continue;
        };
        let mut job = console.jobs[pos].clone();
        let mut job_out = Output::default();
        stop_job(console, &mut job, clean, &mut job_out);
        let redirects = job.redirects.clone();
        console.route_job(job_out, &redirects, out);
        let (id, done) = (job.id, job.done);
        console.jobs[pos] = job;
        if !done {
            wait_for_close(console, Some(id), out);
        }
    }
    status
}

/// When a job must look again even if nothing happens in the cluster.
pub(crate) fn wake(kind: &JobKind) -> Option<i64> {
    match kind {
        JobKind::Processor(_) => None,
        JobKind::Consumer(c) => consumer::wake(c),
        JobKind::Producer(_) => None,
        JobKind::ProducerPerf(p) => perf::wake_producer(p),
        JobKind::ConsumerPerf(p) => perf::wake_consumer(p),
        JobKind::VerifiableProducer(p) => verifiable::wake(p),
        JobKind::ShareConsumer(c) => share_consumer::wake(c),
    }
}

/// Advances a job by what happened in the simulation.
pub(crate) fn poll_job(console: &mut Console, job: &mut Job, out: &mut Output) {
    match &mut job.kind {
        JobKind::Processor(p) => {
            if processor::poll(console, p, out) {
                job.done = true;
            }
        }
        JobKind::Consumer(c) => {
            if consumer::poll(console, c, out) {
                job.done = true;
            }
        }
        JobKind::Producer(p) => producer::poll(console, p, out),
        JobKind::ShareConsumer(c) => {
            if share_consumer::poll(console, c, out) {
                job.done = true;
            }
        }
        JobKind::ProducerPerf(p) => {
            if perf::poll_producer(console, p, out) {
                job.done = true;
            }
        }
        JobKind::ConsumerPerf(p) => {
            if perf::poll_consumer(console, p, out) {
                job.done = true;
            }
        }
        JobKind::VerifiableProducer(p) => {
            if verifiable::poll(console, p, out) {
                job.done = true;
            }
        }
    }
}

/// Stops a job: `clean` as on SIGTERM (the tools' shutdown hooks close their clients),
/// otherwise as on SIGKILL. A job whose shutdown waits for answers (the verifiable
/// producer's `close()`) is left running until [`wait_for_close`] lets them come.
pub(crate) fn stop_job(console: &mut Console, job: &mut Job, clean: bool, out: &mut Output) {
    match &mut job.kind {
        JobKind::Processor(p) => processor::stop(console, p, clean, out),
        JobKind::Consumer(c) => consumer::stop(console, c, clean, out),
        JobKind::ShareConsumer(c) => share_consumer::stop(console, c, clean, out),
        JobKind::Producer(p) => producer::stop(console, p, clean, out),
        JobKind::ProducerPerf(p) => perf::stop_producer(console, p, clean, out),
        JobKind::ConsumerPerf(p) => perf::stop_consumer(console, p, clean, out),
        JobKind::VerifiableProducer(p) => {
            if !verifiable::stop(console, p, clean, out) {
                return;
            }
        }
    }
    job.done = true;
}

/// Lets virtual time pass until a stopped job's shutdown is over (the shell waits for the
/// process to exit), then ends it: background job `id`, or the foreground job. Its
/// output goes through its redirections as it comes.
pub(crate) fn wait_for_close(console: &mut Console, id: Option<usize>, out: &mut Output) {
    fn closed(c: &Console, id: Option<usize>) -> bool {
        let job = match id {
            Some(id) => c.jobs.iter().find(|j| j.id == id && !j.done),
            None => c.foreground.as_ref(),
        };
        job.is_none_or(|j| !matches!(&j.kind, JobKind::VerifiableProducer(p) if !p.finished()))
    }
    console.pump_until(verifiable::CLOSE_WAIT_MS, out, |c, _| closed(c, id));
    match id {
        Some(id) => console.jobs.iter_mut().filter(|j| j.id == id).for_each(|j| j.done = true),
        None => console.foreground = None,
    }
}

/// Runs a foreground job until `poll` says it is finished, polling it after every
/// instant at which something happens and also at the virtual time `wake` asks for (a
/// `--timeout-ms` deadline, a throttled producer's next send), since a quiet cluster may
/// have nothing scheduled until then. Gives up after [`MAX_FOREGROUND_MS`]; returns
/// whether the job finished.
///
/// [`MAX_FOREGROUND_MS`]: super::runtime::MAX_FOREGROUND_MS
pub(crate) fn run_foreground<J>(
    console: &mut Console,
    job: &mut J,
    out: &mut Output,
    wake: impl Fn(&J) -> Option<i64>,
    mut poll: impl FnMut(&mut Console, &mut J, &mut Output) -> bool,
) -> bool {
    let limit = console.sim.now().saturating_add(super::runtime::MAX_FOREGROUND_MS);
    loop {
        let now = console.sim.now();
        if now >= limit {
            return false;
        }
        let until = wake(job).map_or(limit, |t| t.clamp(now + 1, limit));
        if console.pump_until(until - now, out, |c, o| poll(c, job, o)) {
            return true;
        }
    }
}

/// What a foreground command that hit [`run_foreground`]'s limit prints.
pub(crate) fn foreground_limit_message(tool: &str) -> String {
    format!(
        "kafkascope: {tool} stopped after {} hours of virtual time, the longest a foreground command may run; run it in the background with `&` to keep it running.",
        super::runtime::MAX_FOREGROUND_MS / 3_600_000
    )
}

/// `--version`: `CommandLineUtils.printVersionAndExit` prints `AppInfoParser.getVersion()`
/// (the release, e.g. `4.3.1`) and exits 0 (server-common `CommandLineUtils`, Kafka 4.x).
pub(crate) fn print_version(out: &mut Output) -> Status {
    out.outln(crate::engine::KAFKA_VERSION);
    0
}

/// An option Kafka 4.2 renamed (KIP-1147): `old` still works until 5.0, with a warning.
pub(crate) struct Renamed {
    pub old: &'static str,
    pub new: &'static str,
}

/// Checks a tool's renamed options as its 4.2+ options class does: giving both names is
/// a usage error (`conflict(old, new)`), the old name alone is accepted and answered
/// with `warning(old, new)`. Gives the warnings, in the order of `renamed`.
pub(crate) fn check_renamed(
    opts: &ParsedOptions,
    renamed: &[Renamed],
    conflict: fn(&str, &str) -> String,
    warning: fn(&str, &str) -> String,
) -> Result<Vec<String>, String> {
    let mut warnings = Vec::new();
    for r in renamed {
        match (opts.has(r.old), opts.has(r.new)) {
            (true, true) => return Err(conflict(r.old, r.new)),
            (true, false) => warnings.push(warning(r.old, r.new)),
            _ => {}
        }
    }
    Ok(warnings)
}

/// The name a renamed option was given under (the new one if neither; never both:
/// see [`check_renamed`]), to read its values with.
pub(crate) fn given_name(opts: &ParsedOptions, r: &Renamed) -> &'static str {
    if opts.has(r.old) {
        r.old
    } else {
        r.new
    }
}

/// The tools whose options jopt-simple parses, with their options. Their usage texts
/// are also files, `static/help/TOOL.txt`, which the page fetches (see
/// [`OptionParser::help`]).
pub const OPTION_TOOLS: &[(&str, &[OptionSpec])] = &[
    ("kafka-topics.sh", topics::SPECS),
    ("kafka-configs.sh", configs::SPECS),
    ("kafka-console-producer.sh", producer::SPECS),
    ("kafka-console-consumer.sh", consumer::SPECS),
    ("kafka-consumer-groups.sh", groups::SPECS),
    ("kafka-console-share-consumer.sh", share_consumer::SPECS),
    ("kafka-share-groups.sh", share_groups::SPECS),
    ("kafka-groups.sh", share_groups::GROUPS_SPECS),
    ("kafka-get-offsets.sh", get_offsets::SPECS),
    ("kafka-leader-election.sh", leader_election::SPECS),
    ("kafka-consumer-perf-test.sh", perf::CONSUMER_SPECS),
];

/// Parses the options of `tool` (`kafka-topics.sh`); on error prints what the tool
/// prints and gives the status.
pub(crate) fn parse(
    tool: &'static str,
    specs: &[OptionSpec],
    args: &[String],
    out: &mut Output,
) -> Result<(OptionParser, ParsedOptions), Status> {
    let parser = OptionParser::for_tool(tool, specs);
    match parser.parse(args) {
        Ok(p) => Ok((parser, p)),
        Err(e) => {
            usage_error(&parser, &e, out);
            Err(1)
        }
    }
}

/// `CommandLineUtils.printUsageAndExit`: the message, then the usage, on stderr.
pub(crate) fn usage_error(parser: &OptionParser, e: &OptionError, out: &mut Output) {
    out.err(parser.usage_error(&e.message()));
}

/// Prints usage with a message, as `CommandLineUtils.printUsageAndExit` does; status 1.
pub(crate) fn usage_and_exit(parser: &OptionParser, message: &str, out: &mut Output) -> Status {
    out.err(parser.usage_error(message));
    1
}

/// `bootstrap-server` as every tool declares it; the simulated brokers listen on
/// localhost:9092 (broker 1) to localhost:9100.
pub(crate) const BOOTSTRAP: OptionSpec = OptionSpec::with_arg(
    "bootstrap-server",
    "server to connect to",
    "REQUIRED: The Kafka server to connect to. In Kafkascope, localhost:9092 (broker 1) or another simulated broker's address.",
);

/// Checks a `--bootstrap-server` value: a simulated broker's address.
pub(crate) fn check_bootstrap(console: &Console, value: &str) -> Result<(), String> {
    let ok = value.split(',').map(str::trim).all(|addr| {
        let host_ok =
            addr.starts_with("localhost:") || addr.starts_with("127.0.0.1:") || addr.starts_with("kafka:") || addr.starts_with("broker:");
        let port = addr.rsplit(':').next().and_then(|p| p.parse::<i32>().ok());
        host_ok && port.is_some_and(|p| console.sim.brokers().iter().any(|b| 9091 + b.id == p))
    });
    if ok {
        Ok(())
    } else {
        Err(format!(
            "Kafkascope's brokers listen on localhost:9092 to localhost:{}; '{value}' is not one of them.",
            9091 + console.sim.brokers().len()
        ))
    }
}

/// A `--bootstrap-controller` value: it must name the KRaft controller (node 0), which
/// listens on localhost:9091 (CONTROLLER) in Kafkascope.
pub(crate) fn check_bootstrap_controller(value: &str) -> Result<(), String> {
    if value.split(',').map(str::trim).any(|a| a == "localhost:9091" || a == "127.0.0.1:9091") {
        Ok(())
    } else {
        Err(format!("Kafkascope's controller listens on localhost:9091 (CONTROLLER); '{value}' is not it."))
    }
}

/// The Java exception class Kafka's clients throw for an error code.
pub fn exception_class(code: ErrorCode) -> &'static str {
    match code {
        ErrorCode::TopicAlreadyExists => "org.apache.kafka.common.errors.TopicExistsException",
        ErrorCode::InvalidTopicException => "org.apache.kafka.common.errors.InvalidTopicException",
        ErrorCode::InvalidPartitions => "org.apache.kafka.common.errors.InvalidPartitionsException",
        ErrorCode::InvalidReplicationFactor => "org.apache.kafka.common.errors.InvalidReplicationFactorException",
        ErrorCode::InvalidReplicaAssignment => "org.apache.kafka.common.errors.InvalidReplicaAssignmentException",
        ErrorCode::InvalidConfig => "org.apache.kafka.common.errors.InvalidConfigurationException",
        ErrorCode::InvalidRequest => "org.apache.kafka.common.errors.InvalidRequestException",
        ErrorCode::UnknownTopicOrPartition => "org.apache.kafka.common.errors.UnknownTopicOrPartitionException",
        ErrorCode::NotEnoughReplicas => "org.apache.kafka.common.errors.NotEnoughReplicasException",
        ErrorCode::NotEnoughReplicasAfterAppend => "org.apache.kafka.common.errors.NotEnoughReplicasAfterAppendException",
        ErrorCode::MessageTooLarge => "org.apache.kafka.common.errors.RecordTooLargeException",
        ErrorCode::RequestTimedOut => "org.apache.kafka.common.errors.TimeoutException",
        ErrorCode::NetworkException => "org.apache.kafka.common.errors.NetworkException",
        ErrorCode::InvalidRecord => "org.apache.kafka.common.InvalidRecordException",
        ErrorCode::InvalidTimestamp => "org.apache.kafka.common.errors.InvalidTimestampException",
        ErrorCode::OffsetOutOfRange => "org.apache.kafka.clients.consumer.OffsetOutOfRangeException",
        ErrorCode::NoOffsetForPartition => "org.apache.kafka.clients.consumer.NoOffsetForPartitionException",
        ErrorCode::InvalidGroupId => "org.apache.kafka.common.errors.InvalidGroupIdException",
        ErrorCode::GroupIdNotFound => "org.apache.kafka.common.errors.GroupIdNotFoundException",
        ErrorCode::UnsupportedVersion => "org.apache.kafka.common.errors.UnsupportedVersionException",
        ErrorCode::NonEmptyGroup => "org.apache.kafka.common.errors.GroupNotEmptyException",
        ErrorCode::GroupSubscribedToTopic => "org.apache.kafka.common.errors.GroupSubscribedToTopicException",
        ErrorCode::CoordinatorNotAvailable => "org.apache.kafka.common.errors.CoordinatorNotAvailableException",
        ErrorCode::FencedInstanceId => "org.apache.kafka.common.errors.FencedInstanceIdException",
        ErrorCode::InconsistentGroupProtocol => "org.apache.kafka.common.errors.InconsistentGroupProtocolException",
        ErrorCode::InvalidSessionTimeout => "org.apache.kafka.common.errors.InvalidSessionTimeoutException",
        ErrorCode::LeaderNotAvailable => "org.apache.kafka.common.errors.LeaderNotAvailableException",
        ErrorCode::IllegalArgument => "java.lang.IllegalArgumentException",
        ErrorCode::IllegalState => "java.lang.IllegalStateException",
        ErrorCode::UnsupportedAssignor => "org.apache.kafka.common.errors.UnsupportedAssignorException",
        ErrorCode::FencedMemberEpoch => "org.apache.kafka.common.errors.FencedMemberEpochException",
        ErrorCode::UnreleasedInstanceId => "org.apache.kafka.common.errors.UnreleasedInstanceIdException",
        ErrorCode::StaleMemberEpoch => "org.apache.kafka.common.errors.StaleMemberEpochException",
        ErrorCode::UnknownMemberId => "org.apache.kafka.common.errors.UnknownMemberIdException",
        ErrorCode::PreferredLeaderNotAvailable => "org.apache.kafka.common.errors.PreferredLeaderNotAvailableException",
        ErrorCode::EligibleLeadersNotAvailable => "org.apache.kafka.common.errors.EligibleLeadersNotAvailableException",
        ErrorCode::ElectionNotNeeded => "org.apache.kafka.common.errors.ElectionNotNeededException",
        ErrorCode::NotLeaderOrFollower => "org.apache.kafka.common.errors.NotLeaderOrFollowerException",
        ErrorCode::ResourceNotFound => "org.apache.kafka.common.errors.ResourceNotFoundException",
        _ => "org.apache.kafka.common.KafkaException",
    }
}

/// The one line Kafkascope prints where a Java stack trace has its `at` frames: the
/// simulation has no JVM frames to show, and inventing them would teach nothing true.
/// Kafka's `ApiException`s (`org.apache.kafka.common.errors.*`) have no frames at all
/// (`ApiException.fillInStackTrace` returns the exception itself), so their traces are
/// printed whole, without this line (see docs/conformance.md, "stack traces").
pub const JAVA_FRAMES: &str = "\t... (stack frames not simulated)";

/// Whether an exception of this class (a `Throwable.toString()`'s first word) prints `at`
/// frames: every class but Kafka's `ApiException`s.
pub(crate) fn has_frames(exception: &str) -> bool {
    let class = exception.split(':').next().unwrap_or(exception).trim();
    !(class.starts_with("org.apache.kafka.common.errors.") || class == "org.apache.kafka.common.InvalidRecordException")
}

/// A stack trace as the JVM prints it for an exception that escapes `main`
/// ("Exception in thread "main" ..."), or as `printStackTrace` prints it: the first line,
/// [`JAVA_FRAMES`] in place of the frames when the exception has them, then the rest
/// ("Caused by: ..." lines). Other text is returned as it is.
pub(crate) fn java_trace(text: String) -> String {
    let first = text.lines().next().unwrap_or_default();
    let exception = first.strip_prefix("Exception in thread \"main\" ").unwrap_or(first);
    let is_trace =
        first.starts_with("Exception in thread ") || exception.split(':').next().is_some_and(|c| c.contains('.') && !c.contains(' '));
    if !is_trace || !has_frames(exception) || text.contains(JAVA_FRAMES) {
        return text;
    }
    match text.split_once('\n') {
        Some((head, rest)) => format!("{head}\n{JAVA_FRAMES}\n{rest}"),
        None => format!("{text}\n{JAVA_FRAMES}"),
    }
}

/// `System.err.println(Utils.stackTrace(e))`, as the tools' `mainNoExit` prints an
/// exception: the trace ([`java_trace`]), then the empty line that `println` adds after the
/// trace's own line break.
pub(crate) fn print_stack_trace(out: &mut Output, text: String) {
    out.errln(java_trace(text));
    out.errln("");
}

/// `ExecutionException`'s text as admin tools print it: `Class: message`.
pub fn exception_text(e: &KafkaError) -> String {
    format!("{}: {}", exception_class(e.code), e.message)
}

/// What a tool prints when its client cannot be built. A config the client refuses
/// throws `ConfigException` from the config's constructor, before `KafkaProducer` or
/// `KafkaConsumer` could wrap it, so it reaches `main` as it is; what fails inside the
/// constructor (the producer's delivery timeout, the classic consumer's heartbeat) comes
/// wrapped in "Failed to construct kafka producer|consumer", with its cause.
pub(crate) fn client_construction_error(e: &KafkaError, client: &str) -> String {
    java_trace(format!("Exception in thread \"main\" {}", construction_exception(e, client)))
}

/// The exception a client's constructor throws (see [`client_construction_error`]), as
/// `Throwable.toString()` and its `Caused by:` line give it, without frames.
pub(crate) fn construction_exception(e: &KafkaError, client: &str) -> String {
    match e.code {
        ErrorCode::InvalidConfig => format!("org.apache.kafka.common.config.ConfigException: {}", e.message),
        // thrown inside the client's constructor, which wraps it
        ErrorCode::ClientConstructionFailed => {
            format!("org.apache.kafka.common.KafkaException: Failed to construct kafka {client}\nCaused by: {}", e.message)
        }
        _ => exception_text(e),
    }
}

/// Creates a tool's producer (`new KafkaProducer(props)`), or prints the exception its
/// constructor throws (see [`client_construction_error`]) and gives `None`.
pub(crate) fn create_producer(
    console: &mut Console,
    configs: Vec<(String, String)>,
    out: &mut Output,
) -> Option<crate::engine::ProducerId> {
    match console.apply(crate::engine::Command::CreateProducer { configs }) {
        Ok(crate::engine::Reply::ProducerCreated(p)) => Some(p),
        Ok(_) => unreachable!("CreateProducer answers ProducerCreated"),
        Err(e) => {
            out.errln(client_construction_error(&e, "producer"));
            None
        }
    }
}

/// Whether a command's stdout ends up in `/dev/null` once its redirections are applied
/// (left to right, as `Console::route` does), so a job need not format what nobody sees.
pub(crate) fn stdout_discarded(redirects: &[Redirect]) -> bool {
    let (mut fd1, mut fd2) = (false, false);
    for r in redirects {
        match r {
            Redirect::Output { fd: 1, path, .. } => fd1 = path == "/dev/null",
            Redirect::Output { fd: 2, path, .. } => fd2 = path == "/dev/null",
            Redirect::Duplicate { fd: 1, target: 2 } => fd1 = fd2,
            Redirect::Duplicate { fd: 2, target: 1 } => fd2 = fd1,
            _ => {}
        }
    }
    fd1
}

/// Splits `k=v` (the first `=`), as the tools' property parsing does.
/// `CommandLineUtils.parseKeyValueArgs(args, acceptMissingValue = true)`, as the console
/// producer and consumer parse their properties: `key=value` split at the first `=`; a key
/// alone has the empty value (an unknown key is then ignored by the client).
pub(crate) fn key_value_arg(s: &str) -> (String, String) {
    match s.split_once('=') {
        Some((k, v)) => (k.to_string(), v.to_string()),
        None => (s.to_string(), String::new()),
    }
}

/// The pairs as a `java.util.Properties` holds them: one value per key, the last put (in
/// the order of the last puts), which is what a client's config then checks.
pub(crate) fn as_properties(pairs: Vec<(String, String)>) -> Vec<(String, String)> {
    let mut props: Vec<(String, String)> = Vec::new();
    for (k, v) in pairs {
        props.retain(|(n, _)| *n != k);
        props.push((k, v));
    }
    props
}

pub(crate) fn split_property(s: &str) -> Option<(String, String)> {
    let (k, v) = s.split_once('=')?;
    (!k.trim().is_empty()).then(|| (k.trim().to_string(), v.to_string()))
}

/// `Utils.loadProps`: a Java properties file from the console's files (`key=value`,
/// `key: value` or `key value` lines; `#` and `!` start comments). Simplification: no
/// `\` escapes or continuation lines. A missing file fails as Java's file API does.
pub(crate) fn load_properties(console: &Console, path: &str) -> Result<Vec<(String, String)>, String> {
    let text = match console.files.get(path) {
        Some(text) => text.as_str(),
        None if path == "/dev/null" => "",
        None => return Err(format!("Exception in thread \"main\" java.nio.file.NoSuchFileException: {path}")),
    };
    let mut props = Vec::new();
    for line in text.lines().map(str::trim_start) {
        if line.is_empty() || line.starts_with('#') || line.starts_with('!') {
            continue;
        }
        let split = line.find(['=', ':', ' ', '\t']).unwrap_or(line.len());
        let (key, rest) = line.split_at(split);
        let rest = rest.trim_start_matches([' ', '\t']);
        let value = rest.strip_prefix(['=', ':']).unwrap_or(rest).trim_start_matches([' ', '\t']);
        props.push((key.to_string(), value.trim_end().to_string()));
    }
    Ok(props)
}

/// The long flags a tool accepts, for Tab completion.
pub fn flags_for(tool: &str) -> Vec<String> {
    let name = tool.rsplit('/').next().unwrap_or(tool);
    let name = name.strip_suffix(".sh").unwrap_or(name);
    let specs: &[OptionSpec] = match name {
        "kafka-topics" => topics::SPECS,
        "kafka-configs" => configs::SPECS,
        "kafka-console-producer" => producer::SPECS,
        "kafka-console-consumer" => consumer::SPECS,
        "kafka-consumer-groups" => groups::SPECS,
        "kafka-console-share-consumer" => share_consumer::SPECS,
        "kafka-share-groups" => share_groups::SPECS,
        "kafka-groups" => share_groups::GROUPS_SPECS,
        "kafka-get-offsets" => get_offsets::SPECS,
        "kafka-leader-election" => leader_election::SPECS,
        "kafka-producer-perf-test" => {
            return ["--topic", "--num-records", "--record-size", "--throughput", "--producer-props", "--print-metrics"]
                .map(String::from)
                .to_vec();
        }
        "kafka-consumer-perf-test" => {
            return ["--bootstrap-server", "--topic", "--messages", "--group", "--from-latest", "--timeout", "--hide-header"]
                .map(String::from)
                .to_vec();
        }
        "kafka-verifiable-producer" => return verifiable::flags(),
        _ => return Vec::new(),
    };
    specs.iter().map(|s| format!("--{}", s.name)).collect()
}

/// Completes the last word of a command line: tool and builtin names first, then the
/// tool's flags. Returns the candidates (full words).
pub fn complete(line: &str) -> Vec<String> {
    let words: Vec<&str> = line.split_whitespace().collect();
    let ends_with_space = line.ends_with(' ');
    let (prefix, first) = match (words.last(), ends_with_space) {
        (Some(w), false) => (*w, words.len() == 1),
        _ => ("", words.is_empty()),
    };
    let mut out: Vec<String> = if first {
        KAFKA_TOOLS.iter().chain(BUILTINS.iter()).filter(|c| c.starts_with(prefix)).map(|c| c.to_string()).collect()
    } else if prefix.starts_with('-') || prefix.is_empty() {
        flags_for(words[0]).into_iter().filter(|f| f.starts_with(prefix)).collect()
    } else {
        Vec::new()
    };
    sorting::sort(&mut out);
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::complete;

    #[test]
    fn completes_tools_then_flags() {
        assert_eq!(complete("kafka-to"), vec!["kafka-topics.sh"]);
        assert!(complete("kafka-topics.sh --cr").contains(&"--create".to_string()));
        assert!(complete("kafka-console-consumer.sh --from").contains(&"--from-beginning".to_string()));
        assert!(complete("slee").contains(&"sleep".to_string()));
        assert!(complete("kafka-topics.sh orders").is_empty());
    }
}
