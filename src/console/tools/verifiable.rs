//! `kafka-verifiable-producer.sh` (tools/src/main/java/org/apache/kafka/tools/VerifiableProducer.java
//! as of Kafka 4.2/4.3: `--bootstrap-server` only, `--command-config`, a deprecated
//! `--producer.config`), a load generator that prints one JSON line per answered record.
//!
//! Record `i` (from 0) has the value `i`, or `PREFIX.i` with `--value-prefix`, and a null
//! key, or with `--repeating-keys K` the key `i mod K` (`"0"` to `"K-1"`, then again).
//! The tool's producer has `retries=0` and `acks` from `--acks` (-1), and the file's
//! settings on top. It prints `startup_complete`, then `producer_send_success` or
//! `producer_send_error` for each record as its answer arrives, and, when it ends
//! (`--max-messages` reached, or SIGTERM / Ctrl-C: the shutdown hook), closes its
//! producer, which waits for the answers still due, then prints `shutdown_complete` and
//! `tool_data`. `kill -9` prints nothing more.
//!
//! Its arguments are parsed as argparse4j 0.7.0 (Kafka's version) does: abbreviations,
//! `--flag=value`, its usage, help and error texts, justified to 75 columns as in an
//! 80-column terminal, and "Did you mean" for an unknown flag. These texts were checked
//! against argparse4j 0.7.0 itself, built from its source, with the tool's arguments.
//!
//! Simplifications: `--throughput N` sends record `k` at `k / N` seconds of virtual time
//! after the start (the throttler's steady rate); `--throughput 0` sends the first record
//! only (Kafka's sends those of the first millisecond, then waits forever); without a
//! throughput, at most [`MAX_UNANSWERED`] records wait for their answers at once (a stand-in
//! for `send()` blocking on a full `buffer.memory`); `kill -9` closes the simulated
//! producer, which still sends a batch accepted in that same millisecond.

use std::collections::VecDeque;

use crate::console::options::{line_break_segments, parse_java_int, parse_java_long};
use crate::console::output::Output;
use crate::console::runtime::{Console, Job, Status};
use crate::console::shell::ShellCommand;
use crate::console::time::{epoch_ms, virtual_ms};
use crate::engine::decimal::java_double;
use crate::engine::map::Map;
use crate::engine::sorting;
use crate::engine::{Command, Event, NewRecord, ProducerId, Reply};

use super::{check_bootstrap, exception_class, JobKind};

/// Most records sent and not yet answered: `send()` blocks beyond it, as it does when the
/// producer's `buffer.memory` is full. Kafka's 32 MB hold hundreds of thousands of small
/// records; this keeps an unthrottled run to some 25,000 records a second of virtual
/// time, which a browser tab can hold for a while.
pub const MAX_UNANSWERED: u64 = 100;
/// How long a stopped tool may wait for its last answers (`close()` waits for them; a
/// batch without an answer expires after `delivery.timeout.ms`, 120 s).
pub const CLOSE_WAIT_MS: i64 = 130_000;

const PROG: &str = "verifiable-producer";
/// `ArgumentParsers.getFormatWidth()` for an 80-column terminal.
const WIDTH: i64 = 75;

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Help,
    Str,
    Int,
    Long,
}

/// One argument as the tool declares it: flag, metavar, type, default, help.
struct Arg(&'static str, &'static str, Kind, Option<&'static str>, &'static str);

// indices into ARGS
const HELP: usize = 0;
const TOPIC: usize = 1;
const BOOTSTRAP: usize = 2;
const MAX_MESSAGES: usize = 3;
const THROUGHPUT: usize = 4;
const ACKS: usize = 5;
const PRODUCER_CONFIG: usize = 6;
const CREATE_TIME: usize = 7;
const VALUE_PREFIX: usize = 8;
const REPEATING_KEYS: usize = 9;
const COMMAND_CONFIG: usize = 10;

/// In the order the parser has them (`-h` first); `--bootstrap-server` is the required
/// mutually exclusive "Connection Group".
const ARGS: &[Arg] = &[
    Arg("--help", "", Kind::Help, None, "show this help message and exit"),
    Arg("--topic", "TOPIC", Kind::Str, None, "Produce messages to this topic."),
    Arg(
        "--bootstrap-server",
        "HOST1:PORT1[,HOST2:PORT2[...]]",
        Kind::Str,
        None,
        "REQUIRED: The server(s) to connect to. Comma-separated list of Kafka brokers in the form HOST1:PORT1,HOST2:PORT2,...",
    ),
    Arg(
        "--max-messages",
        "MAX-MESSAGES",
        Kind::Int,
        Some("-1"),
        "Produce this many messages. If -1, produce messages until the process is killed externally.",
    ),
    Arg(
        "--throughput",
        "THROUGHPUT",
        Kind::Int,
        Some("-1"),
        "If set >= 0, throttle maximum message throughput to *approximately* THROUGHPUT messages/sec.",
    ),
    Arg("--acks", "ACKS", Kind::Int, Some("-1"), "Acks required on each produced message. See Kafka docs on acks for details."),
    Arg(
        "--producer.config",
        "CONFIG-FILE",
        Kind::Str,
        None,
        "(DEPRECATED) Producer config properties file. This option will be removed in a future version. Use --command-config instead.",
    ),
    Arg(
        "--message-create-time",
        "CREATE-TIME",
        Kind::Long,
        Some("-1"),
        "Send messages with creation time starting at the arguments value, in milliseconds since epoch",
    ),
    Arg("--value-prefix", "VALUE-PREFIX", Kind::Int, None, "If specified, each produced value will have this prefix with a dot separator"),
    Arg(
        "--repeating-keys",
        "REPEATING-KEYS",
        Kind::Int,
        None,
        "If specified, each produced record will have a key starting at 0 increment by 1 up to the number specified (exclusive), then the key is set to 0 again",
    ),
    Arg(
        "--command-config",
        "CONFIG-FILE",
        Kind::Str,
        None,
        "Config properties file (config options shared with command line parameters will be overridden).",
    ),
];

/// Whether these arguments (after the tool's name) run until stopped: they parse and
/// `--max-messages` is negative or missing.
pub fn endless_args(args: &[String]) -> bool {
    parse_args(args).is_ok_and(|v| v[MAX_MESSAGES].as_deref().and_then(parse_java_int).unwrap_or(-1) < 0)
}

/// The long flags, for Tab completion.
pub fn flags() -> Vec<String> {
    ARGS.iter().map(|a| a.0.to_string()).collect()
}

// ---------------------------------------------------------------------------------
// argparse4j 0.7.0

fn width(s: &str) -> i64 {
    s.encode_utf16().count() as i64
}

/// `TextHelper.wrap`: fills lines of `WIDTH` at the JDK's line-break opportunities,
/// justifying each full line (`adjustSpace`).
fn wrap(s: &str, initial_offset: i64, indent: &str) -> String {
    let (mut res, mut line, mut current) = (String::new(), String::new(), initial_offset);
    for piece in line_break_segments(s) {
        let w = width(piece);
        current += w;
        if current > WIDTH {
            res.push_str(&adjust_space(&line, current - w));
            res.push('\n');
            res.push_str(indent);
            line.clear();
            current = width(indent) + w;
        }
        line.push_str(piece);
        if piece.ends_with('\n') {
            res.push_str(&line);
            res.push_str(indent);
            line.clear();
            current = width(indent);
        }
    }
    res + &line
}

/// `TextHelper.adjustSpace`: trims the line's spaces, then spreads the missing width over
/// its blocks of spaces, one more to the middle ones.
fn adjust_space(line: &str, current: i64) -> String {
    let trimmed = line.trim_matches(' ');
    let current = current - (width(line) - width(trimmed));
    let blocks = trimmed.split(' ').filter(|w| !w.is_empty()).count() as i64 - 1;
    if blocks <= 0 {
        return trimmed.to_string();
    }
    let need = WIDTH - current;
    let (each, rem) = (need / blocks, need % blocks);
    let rem_start = (blocks - rem + 1) / 2;
    let (mut out, mut block, mut in_block) = (String::new(), 0, false);
    for c in trimmed.chars() {
        if c == ' ' && !in_block {
            let add = each + i64::from(rem_start <= block && block < rem_start + rem);
            out.extend(std::iter::repeat_n(' ', add.max(0) as usize));
            block += 1;
        }
        in_block = c == ' ';
        out.push(c);
    }
    out
}

/// `printUsage`: `usage: verifiable-producer` and each argument's short syntax, wrapped
/// under the program name.
fn usage() -> String {
    let mut s = format!("usage: {PROG}");
    let offset = width(&s);
    let mut current = offset;
    let group = format!("{} {}", ARGS[BOOTSTRAP].0, ARGS[BOOTSTRAP].1);
    let items = ARGS.iter().enumerate().filter(|(i, _)| *i != BOOTSTRAP).map(|(i, a)| match i {
        HELP => "[-h]".to_string(),
        TOPIC => format!("{} {}", a.0, a.1),
        _ => format!("[{} {}]", a.0, a.1),
    });
    for (n, item) in items.chain([group]).enumerate() {
        if n > 0 && current + width(&item) + 1 > WIDTH {
            s.push('\n');
            s.extend(std::iter::repeat_n(' ', offset as usize));
            current = offset;
        }
        s.push(' ');
        s.push_str(&item);
        current += 1 + width(&item);
    }
    s + "\n"
}

/// `ArgumentImpl.printHelp` (with `defaultHelp(true)`).
fn argument_help(a: &Arg) -> String {
    let title = if a.2 == Kind::Help { "-h, --help".to_string() } else { format!("{} {}", a.0, a.1) };
    let help = match a.3 {
        Some(d) => format!("{} (default: {d})", a.4),
        None => a.4.to_string(),
    };
    let pad = if width(&title) <= 21 { " ".repeat(23 - title.len()) } else { format!("\n{}", " ".repeat(25)) };
    format!("  {title}{pad}{}\n", wrap(&help, 25, &" ".repeat(25)))
}

/// `printHelp`: what `--help`, and the tool without arguments, print.
fn help() -> String {
    let mut s = usage();
    s.push('\n');
    s.push_str(&wrap("This tool produces increasing integers to the specified topic and prints JSON metadata to stdout on each \"send\" request, making externally visible which messages have been acked and which have not.", 0, ""));
    s.push_str("\n\noptional arguments:\n");
    for (i, a) in ARGS.iter().enumerate() {
        if i != BOOTSTRAP {
            s.push_str(&argument_help(a));
        }
    }
    s.push_str("\nConnection Group:\n  ");
    s.push_str(&wrap("Group of arguments for connection to brokers", 2, "  "));
    s.push_str("\n\n");
    s + &argument_help(&ARGS[BOOTSTRAP])
}

/// Why parsing stopped.
enum Stop {
    /// `-h`/`--help`: the help is printed, then `handleError` ignores its exception (status 1)
    Help,
    /// an `ArgumentParserException`'s message, and the unknown flag for "Did you mean"
    Error(String, Option<String>),
}

/// `ArgumentParserException(message, parser, arg)`: "argument FLAGS: message".
fn arg_error(i: usize, message: String) -> Stop {
    let name = if i == HELP { "-h/--help" } else { ARGS[i].0 };
    Stop::Error(format!("argument {name}: {message}"), None)
}

/// A term that is a flag (`flagFound`): a leading `-` that is not all of it, and not a
/// negative number.
fn is_flag(term: &str) -> bool {
    let body = term.trim_start_matches('-');
    term.starts_with('-') && !body.is_empty() && !(term.len() - body.len() == 1 && body.bytes().all(|b| b.is_ascii_digit()))
}

/// `resolveNextFlag`: an exact flag or the only one it abbreviates.
fn resolve(flag: &str) -> Result<Option<usize>, Stop> {
    let keys = std::iter::once(("-h", HELP)).chain(ARGS.iter().enumerate().map(|(i, a)| (a.0, i)));
    let mut found: Vec<(&str, usize)> = keys.filter(|(k, _)| k.starts_with(flag)).collect();
    if let Some(&(_, i)) = found.iter().find(|(k, _)| *k == flag) {
        return Ok(Some(i));
    }
    match found.len() {
        0 => Ok(None),
        1 => Ok(Some(found[0].1)),
        _ => {
            sorting::sort(&mut found);
            let names: Vec<&str> = found.iter().map(|(k, _)| *k).collect();
            Err(Stop::Error(format!("ambiguous option: {flag} could match {}", names.join(", ")), None))
        }
    }
}

/// `parseArgs`: each argument's value (defaults left out).
fn parse_args(args: &[String]) -> Result<Vec<Option<String>>, Stop> {
    let mut values: Vec<Option<String>> = vec![None; ARGS.len()];
    let mut i = 0;
    while i < args.len() {
        let term = &args[i];
        if term == "--" {
            i += 1;
            if i < args.len() {
                return Err(Stop::Error(format!("unrecognized arguments: '{}'", args[i..].join(" ")), None));
            }
            break;
        }
        if !is_flag(term) {
            return Err(Stop::Error(format!("unrecognized arguments: '{}'", args[i..].join(" ")), None));
        }
        let (flag, embedded) = match term.split_once('=') {
            Some((f, v)) => (f, Some(v)),
            None => (term.as_str(), None),
        };
        i += 1;
        let index = match resolve(flag)? {
            Some(index) => index,
            // concatenated short options: `-h` is the only one
            None if !term.starts_with("--") && term[1..].starts_with('h') => return Err(Stop::Help),
            None => return Err(Stop::Error(format!("unrecognized arguments: '{term}'"), Some(term.clone()))),
        };
        if index == HELP {
            return match embedded {
                Some(v) => Err(arg_error(HELP, format!("ignore implicit argument '{v}'"))),
                None => Err(Stop::Help),
            };
        }
        let value = match embedded {
            Some(v) => v.to_string(),
            None if i < args.len() && args[i] != "--" && !is_flag(&args[i]) => {
                i += 1;
                args[i - 1].clone()
            }
            None => return Err(arg_error(index, "expected one argument".into())),
        };
        let type_name = match ARGS[index].2 {
            Kind::Int if parse_java_int(&value).is_none() => Some("Integer"),
            Kind::Long if parse_java_long(&value).is_none() => Some("Long"),
            _ => None,
        };
        if let Some(t) = type_name {
            return Err(arg_error(index, format!("could not convert '{value}' to {t} (For input string: \"{value}\")")));
        }
        if index == ACKS && !matches!(parse_java_int(&value), Some(-1..=1)) {
            return Err(arg_error(index, format!("invalid choice: '{value}' (choose from {{0,1,-1}})")));
        }
        values[index] = Some(value);
    }
    if values[TOPIC].is_none() {
        return Err(Stop::Error("argument --topic is required".into(), None));
    }
    if values[BOOTSTRAP].is_none() {
        return Err(Stop::Error("one of the arguments --bootstrap-server is required".into(), None));
    }
    Ok(values)
}

/// `handleError`: the usage, the message, and for an unknown flag the closest ones.
fn print_error(out: &mut Output, message: &str, unknown: Option<&str>) {
    out.err(usage());
    out.err(wrap(&format!("{PROG}: error: {message}\n"), 0, ""));
    let Some(body) = unknown.map(|u| u.trim_start_matches('-')).filter(|b| b.chars().count() >= 2) else { return };
    let mut candidates: Vec<(i64, &str)> = ARGS
        .iter()
        .map(|a| {
            let flag = a.0.trim_start_matches('-');
            (if flag.starts_with(body) { 0 } else { levenshtein(body, flag) }, a.0)
        })
        .collect();
    sorting::sort(&mut candidates);
    let best = candidates[0].0;
    // the threshold, as git's help.c has it
    if best < 7 {
        out.err("\nDid you mean:\n");
        for (_, flag) in candidates.iter().take_while(|c| c.0 == best) {
            out.err(format!("\t{flag}\n"));
        }
    }
}

/// Damerau–Levenshtein distance with git's costs: swap 0, substitution 2, insertion 1,
/// deletion 4.
fn levenshtein(a: &str, b: &str) -> i64 {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let mut rows = [vec![0i64; b.len() + 1], (0..=b.len() as i64).collect(), vec![0i64; b.len() + 1]];
    for i in 1..=a.len() {
        rows[0][0] = i as i64;
        for j in 1..=b.len() {
            let mut d = rows[1][j - 1] + if a[i - 1] == b[j - 1] { 0 } else { 2 };
            if i >= 2 && j >= 2 && a[i - 1] != b[j - 1] && a[i - 2] == b[j - 1] && a[i - 1] == b[j - 2] {
                d = d.min(rows[2][j - 2]);
            }
            rows[0][j] = d.min(rows[1][j] + 4).min(rows[0][j - 1] + 1);
        }
        rows.rotate_right(1);
    }
    rows[1][b.len()]
}

// ---------------------------------------------------------------------------------
// The tool

#[derive(Clone, Copy, Debug, PartialEq)]
enum State {
    Producing,
    /// `close()` is waiting for answers; `signalled`: SIGTERM or Ctrl-C ended the run
    Closing {
        signalled: bool,
    },
    /// `shutdown_complete` and `tool_data` printed
    Finished {
        signalled: bool,
    },
}

/// A running `kafka-verifiable-producer.sh`.
#[derive(Clone, Debug)]
pub struct VerifiableProducerJob {
    producer: ProducerId,
    topic: String,
    /// `--max-messages`; `None` (a negative value) produces until stopped
    max_messages: Option<u64>,
    throughput: i32,
    value_prefix: Option<i32>,
    repeating_keys: Option<i32>,
    /// the next record's create time (epoch ms), with `--message-create-time`
    create_time: Option<i64>,
    start_ms: i64,
    sent: u64,
    acked: u64,
    /// the records (their numbers) sent and not yet answered, per partition, in send order
    pending: Map<u32, VecDeque<u64>>,
    unanswered: u64,
    /// the record count of the producer's last batch sent per partition (an `acks=0`
    /// answer carries no offsets)
    last_batch: Map<u32, u32>,
    trace_cursor: usize,
    state: State,
    /// `main` died of an exception (an invalid create time)
    failed: bool,
    /// stdout goes to /dev/null: the per-record lines need not be built
    discard: bool,
}

impl VerifiableProducerJob {
    /// Produces until it is stopped (no `--max-messages`, or a negative one).
    pub fn endless(&self) -> bool {
        self.max_messages.is_none()
    }

    /// Records handed to `send()` so far.
    pub fn sent(&self) -> u64 {
        self.sent
    }

    /// Whether it printed its last lines (`tool_data`).
    pub fn finished(&self) -> bool {
        matches!(self.state, State::Finished { .. })
    }

    fn key(&self, i: u64) -> Option<String> {
        // `keyCounter` counts up and goes back to 0 when it reaches the number
        self.repeating_keys.map(|k| if k > 0 { (i % k as u64).to_string() } else { (i as i32).to_string() })
    }

    fn value(&self, i: u64) -> String {
        match self.value_prefix {
            Some(p) => format!("{p}.{i}"),
            None => i.to_string(),
        }
    }
}

/// A JSON string as Jackson writes it.
fn json_str(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out + "\""
}

fn json_opt(s: Option<&str>) -> String {
    s.map_or("null".to_string(), json_str)
}

/// The start of every line: `{"timestamp":...,"name":"..."`.
fn event(at_ms: i64, name: &str) -> String {
    format!("{{\"timestamp\":{},\"name\":\"{name}\"", epoch_ms(at_ms))
}

fn print_error_line(out: &mut Output, at_ms: i64, job: &VerifiableProducerJob, i: u64, class: &str, message: &str) {
    if !job.discard {
        out.outln(format!(
            "{},\"topic\":{},\"key\":{},\"value\":{},\"exception\":\"class {class}\",\"message\":{}}}",
            event(at_ms, "producer_send_error"),
            json_str(&job.topic),
            json_opt(job.key(i).as_deref()),
            json_str(&job.value(i)),
            json_str(message)
        ));
    }
}

/// An argparse4j error: usage and message on stderr, status 1.
fn fail(out: &mut Output, message: &str) -> Status {
    print_error(out, message, None);
    1
}

/// `kafka-verifiable-producer.sh` in a script without `--max-messages`.
const ENDLESS_IN_SCRIPT: &str = "kafkascope: kafka-verifiable-producer.sh produces until it is stopped (Ctrl-C in a terminal). In a script, add --max-messages N, or run it in the background with `&` and stop it with `kill %N`.";

pub fn run(console: &mut Console, cmd: &ShellCommand, out: &mut Output) -> Status {
    let args = &cmd.argv[1..];
    if args.is_empty() {
        out.out(help());
        return 0;
    }
    let values = match parse_args(args) {
        Ok(v) => v,
        Err(Stop::Help) => {
            out.out(help());
            return 1;
        }
        Err(Stop::Error(message, unknown)) => {
            print_error(out, &message, unknown.as_deref());
            return 1;
        }
    };
    let get = |i: usize| values[i].clone();
    let int = |i: usize| get(i).and_then(|v| parse_java_int(&v));
    let (producer_config, command_config) = (get(PRODUCER_CONFIG), get(COMMAND_CONFIG));
    if producer_config.is_some() && command_config.is_some() {
        return fail(out, "Options --producer.config and --command-config are mutually exclusive.");
    }
    let max_messages = int(MAX_MESSAGES).unwrap_or(-1);
    if max_messages < 0 && !cmd.background && !console.interactive {
        out.errln(ENDLESS_IN_SCRIPT);
        return 1;
    }
    let bootstrap = get(BOOTSTRAP).unwrap_or_default();
    let mut configs: Vec<(String, String)> = vec![
        ("bootstrap.servers".into(), bootstrap),
        ("key.serializer".into(), "org.apache.kafka.common.serialization.StringSerializer".into()),
        ("value.serializer".into(), "org.apache.kafka.common.serialization.StringSerializer".into()),
        ("acks".into(), int(ACKS).unwrap_or(-1).to_string()),
        // no producer retries
        ("retries".into(), "0".into()),
    ];
    if producer_config.is_some() {
        out.outln("Option --producer.config has been deprecated and will be removed in a future version. Use --command-config instead.");
    }
    for path in producer_config.iter().chain(&command_config) {
        if !console.files.contains_key(path.as_str()) && path != "/dev/null" {
            // `NoSuchFileException`'s message is the path
            return fail(out, path);
        }
        configs.extend(super::load_properties(console, path).unwrap_or_default());
    }
    let servers = configs.iter().rev().find(|(k, _)| k == "bootstrap.servers").map(|(_, v)| v.clone()).unwrap_or_default();
    if let Err(e) = check_bootstrap(console, &servers) {
        out.errln(super::java_trace(format!(
            "Exception in thread \"main\" org.apache.kafka.common.KafkaException: Failed to construct kafka producer: {e}"
        )));
        return 1;
    }
    let Some(producer) = super::create_producer(console, configs, out) else { return 1 };
    let now = console.sim.now();
    let mut job = VerifiableProducerJob {
        producer,
        topic: get(TOPIC).unwrap_or_default(),
        max_messages: u64::try_from(max_messages).ok(),
        throughput: int(THROUGHPUT).unwrap_or(-1),
        value_prefix: int(VALUE_PREFIX),
        repeating_keys: int(REPEATING_KEYS),
        create_time: get(CREATE_TIME).and_then(|v| parse_java_long(&v)).filter(|t| *t != -1),
        start_ms: now,
        sent: 0,
        acked: 0,
        pending: Map::new(),
        unanswered: 0,
        last_batch: Map::new(),
        trace_cursor: console.sim.trace().len(),
        state: State::Producing,
        failed: false,
        discard: super::stdout_discarded(&cmd.redirects),
    };
    out.outln(format!("{}}}", event(now, "startup_complete")));
    // the first record is due now, before anything else happens
    let finished = poll(console, &mut job, out);
    if cmd.background {
        console.start_job(cmd.argv.join(" "), JobKind::VerifiableProducer(job), cmd.redirects.clone(), out);
        return 0;
    }
    if job.endless() {
        // an interactive terminal: it runs until Ctrl-C
        let line = cmd.argv.join(" ");
        let kind = JobKind::VerifiableProducer(job);
        console.foreground = Some(Job { id: 0, command_line: line, kind, redirects: cmd.redirects.clone(), done: false });
        return 0;
    }
    if !finished && !super::run_foreground(console, &mut job, out, wake, poll) {
        out.errln(super::foreground_limit_message("kafka-verifiable-producer.sh"));
        stop(console, &mut job, true, out);
        return 1;
    }
    i32::from(job.failed)
}

/// When a throttled producer's next record is due.
pub fn wake(j: &VerifiableProducerJob) -> Option<i64> {
    let more = j.state == State::Producing && j.max_messages.is_none_or(|m| j.sent < m);
    (more && j.throughput > 0).then(|| super::perf::due_time(j.start_ms, f64::from(j.throughput), j.sent))
}

/// Prints the answers that arrived, sends what is due, and ends the run when its records
/// are all sent and answered. True when the tool exits by itself.
pub fn poll(console: &mut Console, job: &mut VerifiableProducerJob, out: &mut Output) -> bool {
    if let State::Finished { signalled } = job.state {
        return !signalled;
    }
    collect(console, job, out);
    if job.state == State::Producing {
        send_due(console, job, out);
        collect(console, job, out);
        if job.failed || job.max_messages.is_some_and(|m| job.sent >= m) {
            // `run` returns: the JVM exits and the shutdown hook closes the producer
            close(console, job, false);
        }
    }
    match job.state {
        State::Closing { signalled } if job.unanswered == 0 => {
            let now = console.sim.now();
            out.outln(format!("{}}}", event(now, "shutdown_complete")));
            let elapsed = (now - job.start_ms) as f64;
            let avg = 1000.0 * (job.acked as f64 / elapsed);
            // Jackson writes NaN and infinities as strings
            let avg = if avg.is_finite() { java_double(avg) } else { json_str(&java_double(avg)) };
            out.outln(format!(
                "{},\"sent\":{},\"acked\":{},\"target_throughput\":{},\"avg_throughput\":{avg}}}",
                event(now, "tool_data"),
                job.sent,
                job.acked,
                job.throughput
            ));
            job.state = State::Finished { signalled };
            !signalled
        }
        _ => false,
    }
}

fn close(console: &mut Console, job: &mut VerifiableProducerJob, signalled: bool) {
    if job.state == State::Producing {
        let _ = console.apply(Command::CloseProducer { producer: job.producer });
    }
    if !job.finished() {
        job.state = State::Closing { signalled };
    }
}

/// `send(getKey(), getValue(i))` for each record that is due.
fn send_due(console: &mut Console, job: &mut VerifiableProducerJob, out: &mut Output) {
    let now = console.sim.now();
    while job.max_messages.is_none_or(|m| job.sent < m) && job.unanswered < MAX_UNANSWERED {
        let due = match job.throughput {
            t if t < 0 => true,
            0 => job.sent == 0,
            t => super::perf::due_time(job.start_ms, f64::from(t), job.sent) <= now,
        };
        if !due {
            return;
        }
        let i = job.sent;
        let (key, value) = (job.key(i), job.value(i));
        let timestamp = match job.create_time {
            Some(t) if t < 0 => {
                // `new ProducerRecord` throws in `run`, outside the send's try
                out.errln(super::java_trace(format!("Exception in thread \"main\" java.lang.IllegalArgumentException: Invalid timestamp: {t}. Timestamp should always be non-negative or null.")));
                job.failed = true;
                return;
            }
            Some(t) => {
                job.create_time = Some(t.wrapping_add(now - job.start_ms));
                Some(virtual_ms(t))
            }
            None => None,
        };
        job.sent += 1;
        let record = NewRecord { key: key.map(String::into_bytes), value: Some(value.into_bytes()), headers: Vec::new(), timestamp };
        match console.apply(Command::Send { producer: job.producer, topic: job.topic.clone(), partition: None, record }) {
            Ok(Reply::Queued { partition }) => {
                job.pending.entry(partition).or_default().push_back(i);
                job.unanswered += 1;
            }
            Ok(_) => {}
            // the callback gets the exception `send()` caught
            Err(e) => print_error_line(out, now, job, i, exception_class(e.code), &e.message),
        }
    }
}

/// The callbacks of the answers in the trace since the last look.
fn collect(console: &Console, job: &mut VerifiableProducerJob, out: &mut Output) {
    let trace = console.sim.trace();
    for e in &trace[job.trace_cursor.min(trace.len())..] {
        match &e.event {
            Event::BatchSent { producer, partition, records, .. } if *producer == job.producer => {
                job.last_batch.insert(*partition, *records);
            }
            Event::ProduceAcked { producer, partition, first_offset, last_offset, .. } if *producer == job.producer => {
                let n = if *first_offset < 0 {
                    i64::from(job.last_batch.get(partition).copied().unwrap_or(1))
                } else {
                    last_offset - first_offset + 1
                };
                for k in 0..n {
                    let Some(i) = job.pending.get_mut(partition).and_then(VecDeque::pop_front) else { break };
                    job.unanswered -= 1;
                    job.acked += 1;
                    if !job.discard {
                        let offset = if *first_offset < 0 { -1 } else { first_offset + k };
                        out.outln(format!(
                            "{},\"key\":{},\"value\":{},\"offset\":{offset},\"partition\":{partition},\"topic\":{}}}",
                            event(e.time, "producer_send_success"),
                            json_opt(job.key(i).as_deref()),
                            json_str(&job.value(i)),
                            json_str(&job.topic)
                        ));
                    }
                }
            }
            Event::ProduceFailed { producer, partition, records, error, message, .. } if *producer == job.producer => {
                for _ in records {
                    let Some(i) = job.pending.get_mut(partition).and_then(VecDeque::pop_front) else { break };
                    job.unanswered -= 1;
                    print_error_line(out, e.time, job, i, exception_class(*error), message);
                }
            }
            _ => {}
        }
    }
    job.trace_cursor = trace.len();
}

/// SIGTERM or Ctrl-C: the shutdown hook stops the sends and closes the producer, which
/// waits for the answers still due; true when it is done. A crash (`kill -9`) ends it
/// at once.
pub fn stop(console: &mut Console, job: &mut VerifiableProducerJob, clean: bool, out: &mut Output) -> bool {
    if !clean {
        if job.state == State::Producing {
            let _ = console.apply(Command::CloseProducer { producer: job.producer });
        }
        return true;
    }
    collect(console, job, out);
    close(console, job, true);
    poll(console, job, out);
    job.finished()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn job(repeating_keys: Option<i32>, value_prefix: Option<i32>) -> VerifiableProducerJob {
        VerifiableProducerJob {
            producer: 0,
            topic: "t".into(),
            max_messages: None,
            throughput: -1,
            value_prefix,
            repeating_keys,
            create_time: None,
            start_ms: 0,
            sent: 0,
            acked: 0,
            pending: Map::new(),
            unanswered: 0,
            last_batch: Map::new(),
            trace_cursor: 0,
            state: State::Producing,
            failed: false,
            discard: false,
        }
    }

    /// `getKey`: 0 to K-1, then 0 again; with K <= 0 the counter never meets K and keeps
    /// counting. `getValue`: `PREFIX.i` or `i`.
    #[test]
    fn keys_wrap_and_values_count() {
        let keys = |k| (0..5).map(|i| job(k, None).key(i)).collect::<Vec<_>>();
        assert_eq!(keys(Some(3)), ["0", "1", "2", "0", "1"].map(|s| Some(s.to_string())));
        assert_eq!(keys(Some(0)), ["0", "1", "2", "3", "4"].map(|s| Some(s.to_string())));
        assert_eq!(keys(None), [None, None, None, None, None]);
        assert_eq!((job(None, Some(-3)).value(12), job(None, None).value(12)), ("-3.12".to_string(), "12".to_string()));
    }

    #[test]
    fn endless_unless_max_messages_is_given() {
        let args = |s: &str| s.split_whitespace().map(String::from).collect::<Vec<_>>();
        assert!(endless_args(&args("--topic t --bootstrap-server b")));
        assert!(endless_args(&args("--topic t --bootstrap-server b --max-messages -1")));
        assert!(!endless_args(&args("--topic t --bootstrap-server b --max-messages 0")));
        assert!(!endless_args(&args("--topic t --max-mess=3 --bootstrap-server b")), "an abbreviation counts");
        assert!(!endless_args(&args("--topic t")), "it fails to start");
    }

    /// argparse4j's justification (`adjustSpace`) and git's edit distance.
    #[test]
    fn text_helpers() {
        assert_eq!(adjust_space("a b c ", 6), format!("a{}b{}c", " ".repeat(36), " ".repeat(36)));
        // 68 spaces to add over 3 blocks: 22 each, the 2 left over to the middle ones (from the second)
        assert_eq!(adjust_space("a b c d", 7), format!("a{}b{}c{}d", " ".repeat(23), " ".repeat(24), " ".repeat(24)));
        assert_eq!(wrap("one two\n", 0, ""), "one two\n");
        assert_eq!(levenshtein("topc", "topic"), 1);
        assert!(levenshtein("broker-list", "bootstrap-server") >= 7, "no suggestion for --broker-list");
        // argparse4j lets the first line reach 76 columns (`usage: verifiable-producer` counts 26)
        assert_eq!(usage().lines().map(str::len).max(), Some(76));
    }
}
