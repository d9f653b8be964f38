//! `kafka-console-consumer.sh` (tools/src/main/java/org/apache/kafka/tools/consumer/ConsoleConsumer.java,
//! `ConsoleConsumerOptions` and `DefaultMessageFormatter`; options checked against
//! `ConsoleConsumerOptions` of Kafka 4.2+: `--whitelist` is gone (4.0), and KIP-1147's
//! `--command-property`, `--command-config` and `--formatter-property` replace
//! `--consumer-property`, `--consumer.config` and `--property`, which still work with a
//! warning).
//!
//! Without `--group` (and without `--partition`) it joins a fresh group
//! `console-consumer-NNNNN` with auto-commit off, as the tool does. `--include` takes a
//! regular expression; Kafkascope supports literals, `.`, `.*`, `\\` and `|`. The consumer
//! matches it against the cluster's topics when it starts, before each rejoin and at each
//! metadata refresh (`metadata.max.age.ms`, 5 minutes), as Kafka's does: a topic created
//! later joins the subscription and the group rebalances; a pattern matching nothing
//! waits.

use crate::console::options::{OptionParser, OptionSpec, ParsedOptions, ValueType};
use crate::console::output::Output;
use crate::console::runtime::{Console, Job, Status};
use crate::console::shell::ShellCommand;
use crate::console::time::{epoch_ms, log_timestamp};
use crate::engine::{Command, ConsumerConfig, ConsumerRecord, Reply};

use super::deserializer::Deserializer;
use super::{parse, split_property, usage_and_exit, JobKind, BOOTSTRAP};

pub(crate) const SPECS: &[OptionSpec] = &[
    BOOTSTRAP,
    OptionSpec::with_arg("command-config", "config file", "Consumer config properties file. Note that [command-property] takes precedence over this config."),
    OptionSpec::with_arg("command-property", "consumer_prop", "Consumer config properties in the form key=value.").repeatable(),
    OptionSpec::with_arg("consumer-property", "consumer_prop", "(DEPRECATED) Consumer config properties in the form key=value. This option will be removed in a future version. Use --command-property instead.").repeatable(),
    OptionSpec::with_arg("consumer.config", "config file", "(DEPRECATED) Consumer config properties file. Note that [command-property] takes precedence over this config. This option will be removed in a future version. Use --command-config instead."),
    OptionSpec::flag("enable-systest-events", "Log lifecycle events of the consumer in addition to logging consumed messages. (This is specific for system tests.)"),
    OptionSpec::with_arg("formatter-property", "prop", "The properties to initialize the message formatter: print.timestamp, print.key, print.offset, print.epoch, print.partition, print.headers, print.value, key.separator, line.separator, headers.separator, null.literal.").repeatable(),
    OptionSpec::with_arg("formatter", "class", "The name of a class to use for formatting kafka messages for display.").defaults_to(&["org.apache.kafka.tools.consumer.DefaultMessageFormatter"]),
    OptionSpec::with_arg("formatter-config", "config file", "Config properties file to initialize the message formatter. Note that [formatter-property] takes precedence over this config."),
    OptionSpec::flag("from-beginning", "If the consumer does not already have an established offset to consume from, start with the earliest message present in the log rather than the latest message."),
    OptionSpec::with_arg("group", "consumer group id", "The consumer group id of the consumer."),
    OptionSpec::help_option(),
    OptionSpec::with_arg("include", "Java regex (String)", "Regular expression specifying list of topics to include for consumption."),
    OptionSpec::with_arg("isolation-level", "String", "Set to read_committed in order to filter out transactional messages which are not committed. Set to read_uncommitted to read all messages.").defaults_to(&["read_uncommitted"]),
    OptionSpec::with_arg("key-deserializer", "deserializer for key", ""),
    OptionSpec::with_arg("max-messages", "num_messages", "The maximum number of messages to consume before exiting. If not set, consumption is continual.").of_type(ValueType::Integer),
    OptionSpec::with_arg("offset", "consume offset", "The offset to consume from (a non-negative number), or 'earliest' which means from beginning, or 'latest' which means from end").defaults_to(&["latest"]),
    OptionSpec::with_arg("partition", "partition", "The partition to consume from. Consumption starts from the end of the partition unless '--offset' is specified.").of_type(ValueType::Integer),
    OptionSpec::with_arg("property", "prop", "(DEPRECATED) The properties to initialize the message formatter: print.timestamp, print.key, print.offset, print.partition, print.headers, print.value, key.separator, line.separator, headers.separator, null.literal. This option will be removed in a future version. Use --formatter-property instead.").repeatable(),
    OptionSpec::flag("skip-message-on-error", "If there is an error when processing a message, skip it instead of halt."),
    OptionSpec::with_arg("timeout-ms", "timeout_ms", "If specified, exit if no message is available for consumption for the specified interval.").of_type(ValueType::Integer),
    OptionSpec::with_arg("topic", "topic", "The topic to consume on."),
    OptionSpec::with_arg("value-deserializer", "deserializer for values", ""),
    OptionSpec::version_option(),
];

/// The options KIP-1147 renamed in Kafka 4.2, as `ConsoleConsumerOptions` checks them.
const RENAMED: &[super::Renamed] = &[
    super::Renamed { old: "consumer-property", new: "command-property" },
    super::Renamed { old: "consumer.config", new: "command-config" },
    super::Renamed { old: "property", new: "formatter-property" },
];

/// The `--formatter` classes of Kafka 4.x's `org.apache.kafka.tools.consumer` package
/// (4.0-SNAPSHOT mirror; `buildFormatter` loads the name with `Class.forName`, with no
/// mapping of the pre-4.0 `kafka.tools.*` names, which 4.0 removed).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FormatterClass {
    /// `DefaultMessageFormatter`
    Default,
    /// `LoggingMessageFormatter`: the default formatter's output, plus an INFO log line per
    /// record that the tools' log4j configuration (root level WARN) does not print
    Logging,
    /// `NoOpMessageFormatter`: prints nothing
    NoOp,
}

/// The internal-topic formatters Kafka 4.x ships, which Kafkascope does not model (it
/// keeps no `__consumer_offsets`, `__transaction_state` or `__share_group_state` topic).
const INTERNAL_FORMATTERS: &[&str] = &[
    "org.apache.kafka.tools.consumer.OffsetsMessageFormatter",
    "org.apache.kafka.tools.consumer.GroupMetadataMessageFormatter",
    "org.apache.kafka.tools.consumer.TransactionLogMessageFormatter",
    "org.apache.kafka.tools.consumer.group.share.ShareGroupStateMessageFormatter",
];

impl FormatterClass {
    /// `Class.forName(name)`: the class, or the refusal (`Err(None)`: a class
    /// Kafkascope does not model; `Err(Some(message))`: ClassNotFoundException's message,
    /// the name itself).
    fn for_name(name: &str) -> Result<Self, Option<String>> {
        match name.strip_prefix("org.apache.kafka.tools.consumer.") {
            Some("DefaultMessageFormatter") => Ok(FormatterClass::Default),
            Some("LoggingMessageFormatter") => Ok(FormatterClass::Logging),
            Some("NoOpMessageFormatter") => Ok(FormatterClass::NoOp),
            _ if INTERNAL_FORMATTERS.contains(&name) => Err(None),
            _ => Err(Some(name.to_string())),
        }
    }
}

/// `DefaultMessageFormatter`'s settings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Formatter {
    class: FormatterClass,
    /// `print.epoch` (4.x): the record's partition leader epoch
    print_epoch: bool,
    print_timestamp: bool,
    print_key: bool,
    print_offset: bool,
    print_partition: bool,
    print_headers: bool,
    print_value: bool,
    /// `print.delivery` (share consumers: the record's delivery count)
    print_delivery: bool,
    key_separator: String,
    line_separator: String,
    headers_separator: String,
    null_literal: String,
    /// `key.deserializer`, `value.deserializer`, `headers.deserializer`: what prints each
    /// key, value and header value (its bytes as UTF-8 without one)
    key_deserializer: Option<Deserializer>,
    value_deserializer: Option<Deserializer>,
    headers_deserializer: Option<Deserializer>,
    /// the deserializer classes that could not be loaded (the formatter logs each and
    /// prints the bytes)
    unknown_deserializers: Vec<String>,
}

/// A record the formatter could not write (`writeTo` threw): what it had written, and the
/// exception.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FormatError {
    pub partial: String,
    pub exception: String,
}

impl Formatter {
    pub fn from_properties(props: &[(String, String)]) -> Self {
        let get = |k: &str| props.iter().rev().find(|(p, _)| p == k).map(|(_, v)| v.clone());
        let flag = |k: &str, d: bool| get(k).map_or(d, |v| v.trim().eq_ignore_ascii_case("true"));
        let deserializer = |k: &str| get(k).and_then(|name| Deserializer::for_name(&name));
        Formatter {
            class: FormatterClass::Default,
            print_epoch: flag("print.epoch", false),
            print_timestamp: flag("print.timestamp", false),
            print_key: flag("print.key", false),
            print_offset: flag("print.offset", false),
            print_partition: flag("print.partition", false),
            print_headers: flag("print.headers", false),
            print_value: flag("print.value", true),
            print_delivery: flag("print.delivery", false),
            key_separator: get("key.separator").unwrap_or_else(|| "\t".into()),
            line_separator: get("line.separator").unwrap_or_else(|| "\n".into()),
            headers_separator: get("headers.separator").unwrap_or_else(|| ",".into()),
            null_literal: get("null.literal").unwrap_or_else(|| "null".into()),
            key_deserializer: deserializer("key.deserializer"),
            value_deserializer: deserializer("value.deserializer"),
            headers_deserializer: deserializer("headers.deserializer"),
            unknown_deserializers: ["key.deserializer", "value.deserializer", "headers.deserializer"]
                .iter()
                .filter_map(|k| get(k).filter(|name| Deserializer::for_name(name).is_none()))
                .collect(),
        }
    }

    /// What `getDeserializerProperty` logs for each deserializer class it cannot load
    /// (the `ClassNotFoundException`'s trace follows), at `ts`.
    pub fn deserializer_errors(&self, ts: &str) -> Vec<String> {
        self.unknown_deserializers
            .iter()
            .map(|name| {
                format!(
                    "{ts} ERROR Unable to instantiate a deserializer from {name} (org.apache.kafka.tools.consumer.DefaultMessageFormatter)\n{}",
                    super::java_trace(format!("java.lang.ClassNotFoundException: {name}"))
                )
            })
            .collect()
    }

    /// Whether a deserializer may fail on a record, so the record must be formatted even
    /// when standard output is discarded.
    pub fn deserializes(&self) -> bool {
        self.key_deserializer.is_some() || self.value_deserializer.is_some() || self.headers_deserializer.is_some()
    }

    /// `DefaultMessageFormatter.writeTo` (Kafka 4.3): the fields in a fixed order, each
    /// followed by the key separator when another field follows, else by the line
    /// separator (`writeSeparator`), so `print.value=false` still ends each record's line.
    pub fn format(&self, r: &ConsumerRecord) -> Result<String, FormatError> {
        self.format_as(r, false)
    }

    /// [`Formatter::format`] for a record of a topic whose `message.timestamp.type` is
    /// LogAppendTime when `log_append_time` (the batch's timestamp type, which
    /// `print.timestamp` names).
    pub fn format_as(&self, r: &ConsumerRecord, log_append_time: bool) -> Result<String, FormatError> {
        self.format_share(r, log_append_time, 0, None)
    }

    /// Whether `print.epoch` asks for each record's leader epoch.
    pub fn prints_epoch(&self) -> bool {
        self.print_epoch
    }

    /// [`Formatter::format_as`] for a share consumer's record: `print.delivery` adds
    /// `DeliveryCount:N` after the offset (`DefaultMessageFormatter`, Kafka 4.x), and
    /// `print.epoch` the leader epoch of the record's batch after it (`Epoch:N`, or
    /// `Epoch:NOT_PRESENT` when `epoch` is `None`).
    /// A deserializer that throws ends the record there: [`FormatError`] holds what was
    /// written before.
    pub fn format_share(
        &self,
        r: &ConsumerRecord,
        log_append_time: bool,
        delivery: u16,
        epoch: Option<i32>,
    ) -> Result<String, FormatError> {
        let mut s = String::new();
        if self.class == FormatterClass::NoOp {
            return Ok(s);
        }
        // `deserialize`: a null is the null literal's bytes, given to the deserializer too
        let text = |d: Option<Deserializer>, b: &Option<Vec<u8>>| {
            let bytes = b.as_deref().unwrap_or(self.null_literal.as_bytes());
            d.map_or_else(|| Ok(String::from_utf8_lossy(bytes).into_owned()), |d| d.to_text(bytes))
        };
        let failed = |s: &String, exception: String| FormatError { partial: s.clone(), exception };
        let sep = |s: &mut String, more: bool| s.push_str(if more { &self.key_separator } else { &self.line_separator });
        if self.print_timestamp {
            let kind = if log_append_time { "LogAppendTime" } else { "CreateTime" };
            s.push_str(&format!("{kind}:{}", epoch_ms(r.record.timestamp)));
            sep(
                &mut s,
                self.print_partition || self.print_offset || self.print_epoch || self.print_headers || self.print_key || self.print_value,
            );
        }
        if self.print_partition {
            s.push_str(&format!("Partition:{}", r.partition));
            sep(&mut s, self.print_offset || self.print_epoch || self.print_headers || self.print_key || self.print_value);
        }
        if self.print_offset {
            s.push_str(&format!("Offset:{}", r.record.offset));
            sep(
                &mut s,
                self.print_delivery && delivery > 0 || self.print_epoch || self.print_headers || self.print_key || self.print_value,
            );
        }
        if self.print_delivery && delivery > 0 {
            s.push_str(&format!("DeliveryCount:{delivery}"));
            sep(&mut s, self.print_epoch || self.print_headers || self.print_key || self.print_value);
        }
        if self.print_epoch {
            s.push_str(&epoch.map_or("Epoch:NOT_PRESENT".to_string(), |e| format!("Epoch:{e}")));
            sep(&mut s, self.print_headers || self.print_key || self.print_value);
        }
        if self.print_headers {
            if r.record.headers.is_empty() {
                s.push_str("NO_HEADERS");
            } else {
                for (i, h) in r.record.headers.iter().enumerate() {
                    if i > 0 {
                        s.push_str(&self.headers_separator);
                    }
                    s.push_str(&h.key);
                    s.push(':');
                    let value = text(self.headers_deserializer, &h.value).map_err(|e| failed(&s, e))?;
                    s.push_str(&value);
                }
            }
            sep(&mut s, self.print_key || self.print_value);
        }
        if self.print_key {
            let key = text(self.key_deserializer, &r.record.key).map_err(|e| failed(&s, e))?;
            s.push_str(&key);
            sep(&mut s, self.print_value);
        }
        if self.print_value {
            let value = text(self.value_deserializer, &r.record.value).map_err(|e| failed(&s, e))?;
            s.push_str(&value);
            s.push_str(&self.line_separator);
        }
        Ok(s)
    }
}

/// A running console consumer.
#[derive(Clone, Debug)]
pub struct ConsumerJob {
    pub consumer: u32,
    formatter: Formatter,
    max_messages: Option<u64>,
    timeout_ms: Option<i64>,
    pub printed: u64,
    last_activity_ms: i64,
    /// assign mode (`--partition`): the console polls itself
    standalone: bool,
    /// stdout goes to /dev/null: count records without formatting them
    discard_output: bool,
    /// no bootstrap broker is running: the client is cut off and keeps trying (see `unreachable`)
    reconnect: Option<super::unreachable::Reconnect>,
    /// what the client logged while starting (printed once the tool runs)
    notes: Vec<String>,
    /// `--skip-message-on-error`: a record the formatter cannot write is logged and skipped
    skip_message_on_error: bool,
    /// the tool ended with an exception that `main` logs: exit status 1
    pub failed: bool,
}

/// The consumer's log prefix (`ClassicKafkaConsumer.createLogContext`, Kafka 4.3).
fn log_prefix(console: &Console, consumer: u32) -> String {
    let Some(c) = console.sim.consumer_state(consumer) else { return String::new() };
    let group = c.group_id.as_deref().unwrap_or("null");
    match &c.config.group_instance_id {
        Some(i) => format!("Consumer instanceId={i}, clientId={}, groupId={group}", c.client_id),
        None => format!("Consumer clientId={}, groupId={group}", c.client_id),
    }
}

/// `NetworkClient.DefaultMetadataUpdater.handleSuccessfulResponse`'s warning for a topic the
/// broker is creating (KRaft answers UNKNOWN_TOPIC_OR_PARTITION while it forwards the
/// creation). Kafkascope logs the first response only; its correlation id is the one the
/// console clients' first metadata request gets.
pub(crate) fn metadata_warning(console: &Console, prefix: &str, topic: &str) -> String {
    format!(
        "{} WARN [{prefix}] The metadata response from the cluster reported a recoverable issue with correlation id 2 : {{{topic}=UNKNOWN_TOPIC_OR_PARTITION}} (org.apache.kafka.clients.NetworkClient)",
        log_timestamp(epoch_ms(console.sim.now()))
    )
}

/// Whether `--include`'s pattern matches a topic name (the engine's small subset of Java's
/// regular expressions: `|`, `.`, `.*` and `\\` escapes).
pub fn include_matches(pattern: &str, topic: &str) -> bool {
    crate::engine::topic_name::pattern_matches(pattern, topic)
}

pub fn run(console: &mut Console, cmd: &ShellCommand, out: &mut Output) -> Status {
    let help = "This tool helps to read data from Kafka topics and outputs it to standard output.";
    let (parser, opts) = match parse_options("kafka-console-consumer.sh", SPECS, RENAMED, help, &cmd.argv[1..], out) {
        Ok(p) => p,
        Err(s) => return s,
    };
    // in a script, an endless foreground consumer is refused before any client exists
    let endless_refused = !cmd.background && !console.interactive;
    let mut job = match build(console, &opts, endless_refused) {
        Ok(job) => job,
        Err(Build::Usage(msg)) => return usage_and_exit(&parser, &msg, out),
        Err(Build::Fatal(msg)) => {
            out.errln(super::java_trace(msg));
            return 1;
        }
    };
    job.discard_output = super::stdout_discarded(&cmd.redirects);
    for note in std::mem::take(&mut job.notes) {
        out.errln(note);
    }
    let line = cmd.argv.join(" ");
    if cmd.background {
        console.start_job(line, JobKind::Consumer(job), cmd.redirects.clone(), out);
        return 0;
    }
    if job.max_messages.is_none() && job.timeout_ms.is_none() {
        // an interactive terminal (a script's endless consumer was refused in `build`)
        console.foreground =
            Some(Job { id: 0, command_line: line, kind: JobKind::Consumer(job), redirects: cmd.redirects.clone(), done: false });
        return 0;
    }
    // `consumer.poll(timeout)` returns when --timeout-ms expires even if nothing else
    // happens in the cluster
    let finished = super::run_foreground(console, &mut job, out, wake, poll);
    if !finished {
        let _ = console.apply(Command::CloseConsumer { consumer: job.consumer });
        out.errln(super::foreground_limit_message("kafka-console-consumer.sh"));
        out.errln(format!("Processed a total of {} messages", job.printed));
    }
    finish_close(console, job.consumer, out);
    if finished && !job.failed {
        0
    } else {
        1
    }
}

/// `kafka-console-consumer.sh` in a script with neither --max-messages nor --timeout-ms.
const ENDLESS_IN_SCRIPT: &str = "kafkascope: kafka-console-consumer.sh consumes until it is stopped (Ctrl-C in a terminal). In a script, add --max-messages N or --timeout-ms MS, or run it in the background with `&` and stop it with `kill %N`.";

/// The process exits once `close()` returns: its final commit and LeaveGroup are done
/// (or their request timeout passed).
pub(crate) fn finish_close(console: &mut Console, consumer: u32, out: &mut Output) {
    console.pump_until(30_000, out, |c, _| c.sim.consumer_state(consumer).is_none_or(|s| !s.alive && s.member.in_flight.is_empty()));
}

/// What the console consumers' options do first (`ConsoleConsumerOptions`,
/// `ConsoleShareConsumerOptions`): parse, `--help` (the usage), `--version`, then Kafka
/// 4.2's renamed options (KIP-1147): under both names refused, under the old name alone
/// accepted with a warning on standard output. `Err` is the exit status.
pub(crate) fn parse_options(
    tool: &'static str,
    specs: &[OptionSpec],
    renamed: &[super::Renamed],
    help: &str,
    args: &[String],
    out: &mut Output,
) -> Result<(OptionParser, ParsedOptions), Status> {
    let (parser, opts) = parse(tool, specs, args, out)?;
    // CommandLineUtils.isPrintHelpNeeded: no arguments at all, or --help
    if opts.has("help") || args.is_empty() {
        out.err(parser.usage_error(help));
        return Err(1); // CommandLineUtils.printUsageAndExit exits 1, for --help too
    }
    if opts.has("version") {
        return Err(super::print_version(out));
    }
    match super::check_renamed(
        &opts,
        renamed,
        |old, new| format!("Options --{old} and --{new} cannot be specified together."),
        |old, new| format!("Option --{old} is deprecated and will be removed in a future version. Use --{new} instead."),
    ) {
        Ok(warnings) => warnings.into_iter().for_each(|w| out.outln(w)),
        Err(e) => return Err(usage_and_exit(&parser, &e, out)),
    }
    Ok((parser, opts))
}

/// Why a console consumer's options were refused: with the usage, or a message alone.
pub(crate) enum Build {
    Usage(String),
    Fatal(String),
}

/// The console consumers' `renamed` options are, in order: the consumer property, the
/// consumer config file and the formatter property (under their old or new names).
/// The config file's properties, then each consumer property on top.
pub(crate) fn consumer_properties(
    console: &mut Console,
    opts: &ParsedOptions,
    renamed: &[super::Renamed],
) -> Result<Vec<(String, String)>, Build> {
    let (mut props, extra) = consumer_property_sources(console, opts, renamed)?;
    props.extend(extra);
    Ok(props)
}

/// [`consumer_properties`] apart: the config file's, then the command line's.
#[allow(clippy::type_complexity)]
fn consumer_property_sources(
    console: &mut Console,
    opts: &ParsedOptions,
    renamed: &[super::Renamed],
) -> Result<(Vec<(String, String)>, Vec<(String, String)>), Build> {
    let file = match opts.value_of(super::given_name(opts, &renamed[1])).ok().flatten() {
        Some(path) => super::load_properties(console, path).map_err(Build::Fatal)?,
        None => Vec::new(),
    };
    let mut extra = Vec::new();
    for p in opts.values_of(super::given_name(opts, &renamed[0])) {
        extra.push(super::key_value_arg(p));
    }
    Ok((file, extra))
}

/// The order in which Java's `HashSet<String>` iterates a few strings: a table of 16
/// buckets, each string in bucket `(h ^ h >>> 16) & 15` of its `hashCode` `h`, equal
/// buckets in insertion order (ConsoleConsumerOptions.checkConsumerGroup lists its set).
fn java_hash_set_order(mut v: Vec<String>) -> Vec<String> {
    debug_assert!(v.len() <= 12, "past 12 entries the table grows");
    let bucket = |s: &String| {
        let h = s.encode_utf16().fold(0i32, |h, c| h.wrapping_mul(31).wrapping_add(i32::from(c))) as u32;
        (h ^ (h >> 16)) & 15
    };
    crate::engine::sorting::sort_by_key(&mut v, bucket);
    v
}

/// `ConsoleConsumer.main` (4.0 through 4.3) catches what `run` throws (the consumer's
/// constructor, `subscribe`, ...) and logs it with `LOG.error("Unknown error when running
/// consumer: ", t)`: the log line, then the trace (see [`super::java_trace`]).
fn unknown_error(console: &Console, exception: String) -> String {
    unknown_error_of(console, "ConsoleConsumer", exception)
}

/// [`unknown_error`] for the tool class `class` (`ConsoleShareConsumer.main` logs the same).
pub(crate) fn unknown_error_of(console: &Console, class: &str, exception: String) -> String {
    format!(
        "{} ERROR Unknown error when running consumer:  (org.apache.kafka.tools.consumer.{class})\n{}",
        log_timestamp(epoch_ms(console.sim.now())),
        super::java_trace(exception)
    )
}

/// `--max-messages` (a negative one is 0) and `--timeout-ms`.
pub(crate) fn limits(opts: &ParsedOptions) -> Result<(Option<u64>, Option<i64>), Build> {
    let max_messages = opts.i32_value_of("max-messages").map_err(|e| Build::Usage(e.message()))?.map(|n| n.max(0) as u64);
    let timeout_ms = opts.i32_value_of("timeout-ms").map_err(|e| Build::Usage(e.message()))?.map(i64::from);
    Ok((max_messages, timeout_ms))
}

/// `buildFormatter` (ConsoleConsumerOptions and ConsoleShareConsumerOptions, 4.x): the
/// `--formatter` class, configured with `formatterArgs()`: the `--formatter-config` file,
/// `--key-deserializer`/`--value-deserializer`, then the formatter properties
/// (`renamed[2]`, see `consumer_properties`) on top. What fails is
/// `printUsageAndExit(parser, e.getMessage())`: a class not found gives its name, a
/// missing file its path.
pub(crate) fn formatter(console: &Console, opts: &ParsedOptions, renamed: &[super::Renamed]) -> Result<Formatter, Build> {
    let name = opts.value_of("formatter").ok().flatten().unwrap_or("org.apache.kafka.tools.consumer.DefaultMessageFormatter");
    let class = FormatterClass::for_name(name).map_err(|e| match e {
        Some(message) => Build::Usage(message),
        None => Build::Fatal(format!(
            "kafkascope: {name} reads the records of one of Kafka's internal topics (__consumer_offsets, __transaction_state, __share_group_state), which Kafkascope does not keep as topics. Use kafka-consumer-groups.sh or kafka-transactions.sh to see that state."
        )),
    })?;
    let mut props: Vec<(String, String)> = match opts.value_of("formatter-config").ok().flatten() {
        Some(path) => super::load_properties(console, path).map_err(|_| Build::Usage(path.to_string()))?,
        None => Vec::new(),
    };
    for (option, key) in [("key-deserializer", "key.deserializer"), ("value-deserializer", "value.deserializer")] {
        if let Some(name) = opts.value_of(option).ok().flatten() {
            props.push((key.to_string(), name.to_string()));
        }
    }
    props.extend(opts.values_of(super::given_name(opts, &renamed[2])).into_iter().filter_map(split_property));
    Ok(Formatter { class, ..Formatter::from_properties(&props) })
}

/// The leader epoch of the batch holding a record (`ConsumerRecord.leaderEpoch()`): the
/// leader's `LeaderEpochFileCache` entry covering its offset.
pub(crate) fn record_leader_epoch(console: &Console, topic: &str, partition: u32, offset: i64) -> Option<i32> {
    let p = console.sim.topic(topic)?.partitions.get(partition as usize)?;
    let r = p.leader_replica().or(p.replicas.first())?;
    r.epochs.iter().rev().find(|(_, start)| *start <= offset).map(|(e, _)| *e)
}

/// A console consumer ended by an exception: the tool logs it (`class`, the tool's class,
/// names the logger), then prints how many messages it processed.
pub(crate) fn log_terminated(console: &Console, class: &str, exception: &str, printed: u64, out: &mut Output) {
    out.errln(format!(
        "{} ERROR Error processing message, terminating consumer process:  (org.apache.kafka.tools.consumer.{class})",
        log_timestamp(epoch_ms(console.sim.now()))
    ));
    out.errln(exception);
    out.errln(format!("Processed a total of {printed} messages"));
}

/// `--timeout-ms` passed with nothing consumed: a `TimeoutException` ends the tool, which
/// closes the consumer.
pub(crate) fn time_out(console: &mut Console, consumer: u32, printed: u64, class: &str, out: &mut Output) {
    log_terminated(console, class, "org.apache.kafka.common.errors.TimeoutException", printed, out);
    let _ = console.apply(Command::CloseConsumer { consumer });
}

/// Where an assign-mode (`--partition`) consumer starts.
enum Start {
    Spec(crate::engine::sim::OffsetSpec),
    At(i64),
}

/// Validates the options, then creates and subscribes (or assigns) the consumer. Every
/// rejection comes before the consumer exists, so a rejected command changes nothing.
fn build(console: &mut Console, opts: &ParsedOptions, endless_refused: bool) -> Result<ConsumerJob, Build> {
    let topic = opts.value_of("topic").ok().flatten();
    let include = opts.value_of("include").ok().flatten();
    // ConsoleConsumerOptions.checkRequiredArgs (4.0 through 4.3), in its order
    if topic.is_some() == include.is_some() {
        return Err(Build::Usage("Exactly one of --include/--topic is required. ".into()));
    }
    let partition = opts.i32_value_of("partition").map_err(|e| Build::Usage(e.message()))?;
    let offset_given = opts.has("offset");
    if partition.is_some() {
        if topic.is_none() {
            return Err(Build::Usage("The topic is required when partition is specified.".into()));
        }
        if offset_given && opts.has("from-beginning") {
            return Err(Build::Usage("Options from-beginning and offset cannot be specified together.".into()));
        }
    } else if offset_given {
        return Err(Build::Usage("The partition is required when offset is specified.".into()));
    }
    let Some(bootstrap) = opts.value_of("bootstrap-server").ok().flatten() else {
        return Err(Build::Usage("Missing required argument \"[bootstrap-server]\"".into()));
    };
    // the --consumer.config file, then --consumer-property on top
    let (file_props, extra_props) = consumer_property_sources(console, opts, RENAMED)?;
    let last = |props: &[(String, String)], key: &str| props.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v.clone());
    // checkConsumerGroup: --group, the file's group.id and the properties' must agree
    let mut group_ids: Vec<String> = Vec::new();
    for g in [opts.value_of("group").ok().flatten().map(str::to_string), last(&file_props, "group.id"), last(&extra_props, "group.id")]
        .into_iter()
        .flatten()
    {
        if !group_ids.contains(&g) {
            group_ids.push(g);
        }
    }
    if group_ids.len() > 1 {
        let ids: Vec<String> = java_hash_set_order(group_ids).iter().map(|g| format!("'{g}'")).collect();
        return Err(Build::Usage(format!(
            "The group ids provided in different places (directly using '--group', via '--consumer-property', or via '--consumer.config') do not match. Detected group ids: {}",
            ids.join(", ")
        )));
    }
    let group = group_ids.pop();
    if group.is_some() && partition.is_some() {
        return Err(Build::Usage("Options group and partition cannot be specified together.".into()));
    }
    let mut consumer_props = file_props;
    consumer_props.extend(extra_props);
    // setAutoOffsetResetValue: a given auto.offset.reset other than earliest contradicts
    // --from-beginning; the tool prints that alone (System.err) and exits 1
    let reset_prop = last(&consumer_props, "auto.offset.reset");
    if let Some(v) = reset_prop.as_deref().filter(|v| opts.has("from-beginning") && *v != "earliest") {
        return Err(Build::Fatal(format!(
            "Can't simultaneously specify --from-beginning and 'auto.offset.reset={v}', please remove one option"
        )));
    }
    // ConsoleConsumerOptions.parseOffset: --offset, else --from-beginning, else the end
    let start = match opts.value_of("offset").ok().flatten().filter(|_| offset_given) {
        None if opts.has("from-beginning") => Start::Spec(crate::engine::sim::OffsetSpec::Earliest),
        None => Start::Spec(crate::engine::sim::OffsetSpec::Latest),
        Some(o) if o.eq_ignore_ascii_case("earliest") => Start::Spec(crate::engine::sim::OffsetSpec::Earliest),
        Some(o) if o.eq_ignore_ascii_case("latest") => Start::Spec(crate::engine::sim::OffsetSpec::Latest),
        Some(n) => match n.parse::<i64>() {
            Ok(o) if o >= 0 => Start::At(o),
            _ => {
                return Err(Build::Usage(format!(
                    "The provided offset value '{n}' is incorrect. Valid values are 'earliest', 'latest', or a non-negative long."
                )))
            }
        },
    };
    let formatter = formatter(console, opts, RENAMED)?;
    let (max_messages, timeout_ms) = limits(opts)?;
    // from here on `ConsoleConsumer.run` is running: what it throws, `main` logs
    let reset = reset_prop.unwrap_or_else(|| if opts.has("from-beginning") { "earliest" } else { "latest" }.into());
    let mut configs: Vec<(String, String)> = vec![("auto.offset.reset".into(), reset)];
    let standalone = partition.is_some();
    if !standalone {
        match &group {
            Some(g) => configs.push(("group.id".into(), g.clone())),
            None => {
                // ConsoleConsumerOptions: a random group that will not be reused, no commits
                let n = console.rng.below(100_000);
                configs.push(("group.id".into(), format!("console-consumer-{n}")));
                configs.push(("enable.auto.commit".into(), "false".into()));
            }
        }
    }
    // ConsoleConsumerOptions (Kafka 4.3): client.id is console-consumer unless one is given
    if !consumer_props.iter().any(|(k, _)| k == "client.id") {
        configs.push(("client.id".into(), "console-consumer".into()));
    }
    configs.extend(consumer_props.into_iter().filter(|(k, _)| k != "group.id"));
    // `CommandLineUtils.maybeMergeOptions(props, isolation.level, options, isolationLevelOpt)`:
    // a given --isolation-level wins over the consumer properties (issue 18)
    if let (true, Ok(Some(level))) = (opts.has("isolation-level"), opts.value_of("isolation-level")) {
        configs.push(("isolation.level".into(), level.to_string()));
    }
    // the constructor parses bootstrap.servers (an address no broker listens on is
    // accepted: the consumer keeps trying to connect, see `unreachable`)
    // what the formatter logged while it was configured, with the options
    let mut notes = formatter.deserializer_errors(&log_timestamp(epoch_ms(console.sim.now())));
    let mut warnings = crate::console::output::Output::default();
    // ConsumerConfig's own checks (ConfigException) come first; the classic consumer's
    // heartbeat check comes after the addresses, in the coordinator's constructor
    let configs = super::as_properties(configs);
    let config_error = ConsumerConfig::from_pairs(configs.iter().map(|(k, v)| (k.as_str(), v.as_str())))
        .err()
        .filter(|e| e.code == crate::engine::ErrorCode::InvalidConfig);
    let checked = match config_error {
        Some(e) => Err(e),
        None => super::unreachable::check_client_bootstrap(console, bootstrap, &mut warnings),
    };
    notes.extend(warnings.stderr().lines().map(str::to_string));
    if let Err(e) = checked {
        notes.push(unknown_error(console, super::construction_exception(&e, "consumer")));
        return Err(Build::Fatal(notes.join("\n")));
    }
    if endless_refused && max_messages.is_none() && timeout_ms.is_none() {
        // the constructor's complaint first, as before; then the refusal, with no client created
        if let Err(e) = ConsumerConfig::from_pairs(configs.iter().map(|(k, v)| (k.as_str(), v.as_str()))) {
            return Err(Build::Fatal(unknown_error(console, super::construction_exception(&e, "consumer"))));
        }
        return Err(Build::Fatal(ENDLESS_IN_SCRIPT.into()));
    }
    let consumer = match console.apply(Command::CreateConsumer { configs }) {
        Ok(Reply::ConsumerCreated(c)) => c,
        Ok(_) => unreachable!("CreateConsumer answers ConsumerCreated"),
        Err(e) => return Err(Build::Fatal(unknown_error(console, super::construction_exception(&e, "consumer")))),
    };
    // a consumer whose bootstrap brokers are all stopped reaches nobody until one starts
    let prefix = log_prefix(console, consumer);
    let reconnect = super::unreachable::Reconnect::new(console, bootstrap, prefix.clone());
    if reconnect.is_some() {
        let _ = console.apply(Command::SetDisconnected { consumer, disconnected: true });
    }
    // a topic that does not exist is created by the consumer's metadata request
    // (auto.create.topics.enable); the first response says so (NetworkClient, Kafka 4.3)
    let missing = topic.filter(|t| console.sim.topic(t).is_none()).map(str::to_string);
    let fail = |console: &mut Console, e: crate::engine::KafkaError| {
        let _ = console.apply(Command::CloseConsumer { consumer });
        Build::Fatal(unknown_error(console, super::exception_text(&e)))
    };
    if let Some(p) = partition {
        let topic = topic.expect("checked above").to_string();
        if let Err(e) = console.apply(Command::Assign { consumer, partitions: vec![(topic.clone(), p.max(0) as u32)] }) {
            return Err(fail(console, e));
        }
        let start = match start {
            Start::Spec(spec) => console.sim.list_offset(&topic, p as u32, spec).ok().flatten(),
            Start::At(o) => Some(o),
        };
        if let Some(o) = start {
            let _ = console.apply(Command::Seek { consumer, topic, partition: p as u32, offset: o });
        }
    } else {
        // `subscribe(Pattern.compile(include))`: the engine matches the pattern again at each
        // metadata refresh, so topics created later are picked up (and none is fine)
        let subscribe = match (topic, include) {
            (Some(t), _) => Command::Subscribe { consumer, topics: vec![t.to_string()] },
            (None, Some(pattern)) => Command::SubscribePattern { consumer, pattern: pattern.to_string() },
            (None, None) => unreachable!("checked above"),
        };
        if let Err(e) = console.apply(subscribe) {
            return Err(fail(console, e));
        }
    }
    if let Some(t) = missing.filter(|t| console.sim.topic(t).is_some()) {
        notes.push(metadata_warning(console, &prefix, &t));
    }
    let now = console.sim.now();
    Ok(ConsumerJob {
        consumer,
        formatter,
        max_messages,
        timeout_ms,
        printed: 0,
        last_activity_ms: now,
        standalone,
        discard_output: false,
        reconnect,
        notes,
        skip_message_on_error: opts.has("skip-message-on-error"),
        failed: false,
    })
}

/// When the job must look again even if nothing happens: its `--timeout-ms` deadline.
pub fn wake(j: &ConsumerJob) -> Option<i64> {
    let timeout = j.timeout_ms.map(|t| j.last_activity_ms.saturating_add(t));
    match (timeout, j.reconnect.as_ref().map(|r| r.next_ms())) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// Prints what the consumer received; true when the job is finished.
pub fn poll(console: &mut Console, job: &mut ConsumerJob, out: &mut Output) -> bool {
    if let Some(r) = &mut job.reconnect {
        if r.attempt_due(console, out) {
            job.reconnect = None;
            let _ = console.apply(Command::SetDisconnected { consumer: job.consumer, disconnected: false });
        }
    }
    let Some(state) = console.sim.consumer_state(job.consumer) else { return true };
    if !state.alive {
        if let Some(group) = state.group_id.clone() {
            // a fatal error ended it: the tool prints the exception and its count
            if state.member.fatal {
                let error = console.sim.trace().iter().rev().find_map(|e| match &e.event {
                    crate::engine::Event::ConsumerFailed { consumer, error, message, .. } if *consumer == job.consumer => {
                        Some((*error, message.clone(), e.time))
                    }
                    _ => None,
                });
                if let Some((code, broker_message, at)) = error {
                    let message = match (code, broker_message.as_deref()) {
                        (crate::engine::ErrorCode::UnsupportedVersion, _) | (_, None) => {
                            crate::engine::clients::fatal_exception_message(code)
                        }
                        (_, Some(m)) => m,
                    };
                    let ts = log_timestamp(epoch_ms(at));
                    let prefix = log_prefix(console, job.consumer);
                    let logger = "org.apache.kafka.clients.consumer.internals.ConsumerHeartbeatRequestManager";
                    if code == crate::engine::ErrorCode::UnsupportedVersion {
                        // ConsumerHeartbeatRequestManager logs it before poll() throws (4.x)
                        out.errln(format!(
                            "{ts} ERROR [{prefix}] ConsumerGroupHeartbeatRequest failed due to unsupported version response on broker side: {message} ({logger})"
                        ));
                    } else if broker_message.is_some() {
                        out.errln(format!(
                            "{ts} ERROR [{prefix}] ConsumerGroupHeartbeatRequest failed due to {} ({logger})",
                            heartbeat_failure(console, job.consumer, code, message)
                        ));
                    }
                    let exception = format!("{}: {message}", super::exception_class(code));
                    log_terminated(console, "ConsoleConsumer", &exception, job.printed, out);
                }
                let _ = group;
            }
        }
        return true;
    }
    let records: Vec<ConsumerRecord> = if job.reconnect.is_some() {
        Vec::new() // still connecting: `poll()` returns nothing
    } else if job.standalone {
        match console.apply(Command::Poll { consumer: job.consumer }) {
            Ok(Reply::Records(r)) => r,
            Ok(_) => Vec::new(),
            Err(e) => {
                log_terminated(console, "ConsoleConsumer", &super::exception_text(&e), job.printed, out);
                let _ = console.apply(Command::CloseConsumer { consumer: job.consumer });
                return true;
            }
        }
    } else {
        console.sim.take_delivered(job.consumer)
    };
    let now = console.sim.now();
    if !records.is_empty() {
        job.last_activity_ms = now;
    }
    let mut printed_now = 0;
    for r in &records {
        if job.max_messages.is_some_and(|m| job.printed >= m) {
            break;
        }
        // `process`: the message counts before `formatter.writeTo` runs
        job.printed += 1;
        printed_now += 1;
        let Some(exception) = write_record(console, &job.formatter, job.discard_output, r, 0, out) else { continue };
        if job.skip_message_on_error {
            out.errln(processing_error(console, "skipping", "ConsoleConsumer", exception));
            continue;
        }
        // `process` rethrows; `run`'s finally block cleans up (the offsets of the records
        // not processed reset, close) and reports the count, then `main` logs the exception
        reset_unconsumed_offsets(console, job.consumer, &records[printed_now..]);
        close_and_report(console, job.consumer, job.printed, out);
        out.errln(unknown_error(console, exception));
        job.failed = true;
        return true;
    }
    if job.max_messages.is_some_and(|m| job.printed >= m) {
        reset_unconsumed_offsets(console, job.consumer, &records[printed_now..]);
        close_and_report(console, job.consumer, job.printed, out);
        return true;
    }
    if let Some(t) = job.timeout_ms {
        if now - job.last_activity_ms >= t {
            time_out(console, job.consumer, job.printed, "ConsoleConsumer", out);
            return true;
        }
    }
    false
}

/// What `AbstractHeartbeatRequestManager.onErrorResponse` and
/// `ConsumerHeartbeatRequestManager.handleSpecificError` (4.0-SNAPSHOT mirror) log after
/// "ConsumerGroupHeartbeatRequest failed due to " for a fatal heartbeat error carrying the
/// coordinator's `message`.
fn heartbeat_failure(console: &Console, consumer: u32, code: crate::engine::ErrorCode, message: &str) -> String {
    use crate::engine::ErrorCode;
    let instance =
        || console.sim.consumer_state(consumer).and_then(|c| c.config.group_instance_id.clone()).unwrap_or_else(|| "null".into());
    match code {
        ErrorCode::InvalidRequest | ErrorCode::GroupMaxSizeReached | ErrorCode::UnsupportedAssignor => format!("{}: {message}", code.name()),
        ErrorCode::UnreleasedInstanceId => format!("unreleased instance id {}: {message}", instance()),
        ErrorCode::FencedInstanceId => format!(
            "fenced instance id {}: {message}. This is expected in the case that the member was removed from the group by an admin client, and another member joined using the same group instance id.",
            instance()
        ),
        _ => format!("unexpected error {}: {message}", code.name()),
    }
}

/// The console consumers' `run`, once `process` is over (done, stopped or thrown): its
/// finally block closes the consumer (`cleanup`) and reports how many messages it
/// processed (`reportRecordCount`).
pub(crate) fn close_and_report(console: &mut Console, consumer: u32, printed: u64, out: &mut Output) {
    let _ = console.apply(Command::CloseConsumer { consumer });
    out.errln(format!("Processed a total of {printed} messages"));
}

/// `formatter.writeTo(record, System.out)` in the console consumers' `process` (Kafka
/// 4.x): the record as the formatter writes it (`delivery`: a share record's delivery
/// count), unless standard output is discarded; what a throwing deserializer left
/// written stays, and its exception is returned.
pub(crate) fn write_record(
    console: &Console,
    formatter: &Formatter,
    discard: bool,
    r: &ConsumerRecord,
    delivery: u16,
    out: &mut Output,
) -> Option<String> {
    if discard && !formatter.deserializes() {
        return None; // nothing can fail and nothing shows
    }
    let log_append_time = console.sim.topic(&r.topic).is_some_and(|t| t.config.log_append_time);
    let epoch = formatter.prints_epoch().then(|| record_leader_epoch(console, &r.topic, r.partition, r.record.offset)).flatten();
    let (text, error) = match formatter.format_share(r, log_append_time, delivery, epoch) {
        Ok(text) => (text, None),
        Err(e) => (e.partial, Some(e.exception)),
    };
    if !discard {
        out.out(text);
    }
    error
}

/// `process`'s log line for a record it goes past (`what`: "skipping", or the share
/// consumer's "rejecting"), logged by the tool class `class`.
pub(crate) fn processing_error(console: &Console, what: &str, class: &str, exception: String) -> String {
    format!(
        "{} ERROR Error processing message, {what} this message:  (org.apache.kafka.tools.consumer.{class})\n{}",
        log_timestamp(epoch_ms(console.sim.now())),
        super::java_trace(exception)
    )
}

/// `ConsumerWrapper.resetUnconsumedOffsets` (ConsoleConsumer.java, Kafka 4.3): before
/// `close()` the tool seeks each partition back to the first record it received but did
/// not print, so the close's auto-commit covers only what was printed and the group's lag
/// shows the rest.
fn reset_unconsumed_offsets(console: &mut Console, consumer: u32, unprinted: &[ConsumerRecord]) {
    let mut first: Vec<(&str, u32, i64)> = Vec::new();
    for r in unprinted {
        if !first.iter().any(|(t, p, _)| *t == r.topic && *p == r.partition) {
            first.push((&r.topic, r.partition, r.record.offset));
        }
    }
    for (topic, partition, offset) in first {
        let _ = console.apply(Command::Seek { consumer, topic: topic.to_string(), partition, offset });
    }
}

/// SIGTERM closes the consumer (commit, LeaveGroup) and prints the count; SIGKILL crashes it.
pub fn stop(console: &mut Console, job: &mut ConsumerJob, clean: bool, out: &mut Output) {
    if clean {
        poll(console, job, out);
        close_and_report(console, job.consumer, job.printed, out);
    } else {
        let _ = console.apply(Command::CrashConsumer { consumer: job.consumer });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn include_patterns() {
        assert!(include_matches("orders", "orders"));
        assert!(!include_matches("orders", "orders2"));
        assert!(include_matches("orders.*", "orders-eu"));
        assert!(include_matches("a|b", "b"));
        assert!(include_matches("log.", "logs"));
        assert!(!include_matches("log\\.", "logs"));
    }
}
