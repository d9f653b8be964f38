//! `kafka-console-producer.sh` (tools/src/main/java/org/apache/kafka/tools/ConsoleProducer.java
//! and `LineMessageReader`; options checked against Kafka 4.0's `ConsoleProducerOptions`,
//! whose `--broker-list` is gone, and 4.2's KIP-1147 renames: `--reader-property`,
//! `--command-property` and `--command-config` replace `--property`, `--producer-property`
//! and `--producer.config`, which still work with a warning), and 4.2's KIP-1231, which
//! deprecates `--max-partition-memory-bytes` for `--batch-size` (a warning on standard
//! output): one record per line of standard input.
//!
//! Its defaults differ from a plain `KafkaProducer`: `linger.ms` is `--timeout` (1000 ms),
//! `acks` is `--request-required-acks` (-1), `request.timeout.ms` is
//! `--request-timeout-ms` (1500), `retries` is `--message-send-max-retries` (3) and
//! `retry.backoff.ms` is `--retry-backoff-ms` (100), so a write that keeps failing gives
//! up within seconds, long before `delivery.timeout.ms` (2 minutes). The `>` prompt
//! appears only when a terminal is attached (the browser), as `System.console() != null`
//! decides.
//! With `--sync` each line waits for its record's answer before the next is read, as
//! `ConsoleProducer.send` does with `producer.send(record).get()`, so every record
//! travels in a batch of its own.
//! Simplification: a failed send prints one error per batch, not per record (with
//! `--sync`, Kafka's tool would stop at the first failed record instead).

use crate::console::options::{OptionSpec, ParsedOptions, ValueType};
use crate::console::output::Output;
use crate::console::runtime::{Console, Status};
use crate::console::shell::ShellCommand;
use crate::console::time::{epoch_ms, log_timestamp};
use crate::engine::{Command, Event, Header, NewRecord, ProducerId};

use super::{parse, usage_and_exit, JobKind, BOOTSTRAP};

pub(crate) const SPECS: &[OptionSpec] = &[
    OptionSpec::with_arg("batch-size", "size", "The buffer size allocated for a partition. When records are received which are smaller than this size the producer will attempt to optimistically group them together until this size is reached. This is the option to control `batch.size` in producer configs.").of_type(ValueType::Integer).defaults_to(&["16384"]),
    OptionSpec::with_arg("max-partition-memory-bytes", "memory in bytes per partition", "(Deprecated) The buffer size allocated for a partition. When records are received which are smaller than this size the producer will attempt to optimistically group them together until this size is reached. This option will be removed in Apache Kafka 5.0. Use --batch-size instead.").of_type(ValueType::Integer).defaults_to(&["16384"]),
    BOOTSTRAP,
    OptionSpec::with_arg("command-config", "config file", "Producer config properties file. Note that [command-property] takes precedence over this config."),
    OptionSpec::with_arg("command-property", "producer_prop", "Producer config properties in the form key=value.").repeatable(),
    OptionSpec::with_optional_arg("compression-codec", "compression-codec", "The compression codec: either 'none', 'gzip', 'snappy', 'lz4', or 'zstd'.If specified without value, then it defaults to 'gzip'"),
    OptionSpec::help_option(),
    OptionSpec::with_arg("line-reader", "reader_class", "The class name of the class to use for reading lines from standard in. By default each line is read as a separate message.").defaults_to(&[LINE_MESSAGE_READER]),
    OptionSpec::with_arg("max-block-ms", "max block on send", "The max time that the producer will block for during a send request.").of_type(ValueType::Long).defaults_to(&["60000"]),
    OptionSpec::with_arg("max-memory-bytes", "total memory in bytes", "The total memory used by the producer to buffer records waiting to be sent to the server. This is the option to control `buffer.memory` in producer configs.").of_type(ValueType::Long).defaults_to(&["33554432"]),
    OptionSpec::with_arg("message-send-max-retries", "", "Brokers can fail receiving the message for multiple reasons, and being unavailable transiently is just one of them. This property specifies the number of retries before the producer give up and drop this message. This is the option to control `retries` in producer configs.").of_type(ValueType::Integer).defaults_to(&["3"]),
    OptionSpec::with_arg("metadata-expiry-ms", "metadata expiration interval", "The period of time in milliseconds after which we force a refresh of metadata even if we haven't seen any leadership changes. This is the option to control `metadata.max.age.ms` in producer configs.").of_type(ValueType::Long).defaults_to(&["300000"]),
    OptionSpec::with_arg("producer-property", "producer_prop", "(DEPRECATED) Producer config properties in the form key=value. This option will be removed in a future version. Use --command-property instead.").repeatable(),
    OptionSpec::with_arg("producer.config", "config file", "(DEPRECATED) Producer config properties file. Note that [command-property] takes precedence over this config. This option will be removed in a future version. Use --command-config instead."),
    OptionSpec::with_arg("property", "prop", "(DEPRECATED) A mechanism to pass user-defined properties in the form key=value to the message reader: parse.key, key.separator, parse.headers, headers.delimiter, headers.separator, headers.key.separator, ignore.error, null.marker. This option will be removed in a future version. Use --reader-property instead.").repeatable(),
    OptionSpec::with_arg("reader-config", "config file", "Config properties file for the message reader. Note that [reader-property] takes precedence over this config."),
    OptionSpec::with_arg("reader-property", "prop", "A mechanism to pass user-defined properties in the form key=value to the message reader: parse.key, key.separator, parse.headers, headers.delimiter, headers.separator, headers.key.separator, ignore.error, null.marker.").repeatable(),
    OptionSpec::with_arg("request-required-acks", "request required acks", "The required `acks` of the producer requests").defaults_to(&["-1"]),
    OptionSpec::with_arg("request-timeout-ms", "request timeout ms", "The ack timeout of the producer requests.").of_type(ValueType::Integer).defaults_to(&["1500"]),
    OptionSpec::with_arg("retry-backoff-ms", "", "Before each retry, the producer refreshes the metadata of relevant topics. Since leader election takes a bit of time, this property specifies the amount of time that the producer waits before refreshing the metadata. This is the option to control `retry.backoff.ms` in producer configs.").of_type(ValueType::Long).defaults_to(&["100"]),
    OptionSpec::with_arg("socket-buffer-size", "size", "The size of the tcp RECV size. This is the option to control `send.buffer.bytes` in producer configs.").of_type(ValueType::Integer).defaults_to(&["102400"]),
    OptionSpec::flag("sync", "If set message send requests to the brokers are synchronously, one at a time as they arrive."),
    OptionSpec::with_arg("timeout", "timeout_ms", "If set and the producer is running in asynchronous mode, this gives the maximum amount of time a message will queue awaiting sufficient batch size. The value is given in ms.").of_type(ValueType::Long).defaults_to(&["1000"]),
    OptionSpec::with_arg("topic", "topic", "REQUIRED: The topic id to produce messages to."),
    OptionSpec::version_option(),
];

/// `--line-reader`'s default, the one `RecordReader` Kafka 4.x ships
/// (`org.apache.kafka.tools.LineMessageReader`; 4.0 dropped the old
/// `kafka.tools.ConsoleProducer$LineMessageReader` name and its mapping).
const LINE_MESSAGE_READER: &str = "org.apache.kafka.tools.LineMessageReader";

/// The options KIP-1147 renamed in Kafka 4.2, as `ConsoleProducerOptions` checks them.
const RENAMED: &[super::Renamed] = &[
    super::Renamed { old: "producer-property", new: "command-property" },
    super::Renamed { old: "producer.config", new: "command-config" },
    super::Renamed { old: "property", new: "reader-property" },
];

/// How lines become records (`LineMessageReader`'s settings).
#[derive(Clone, Debug)]
pub struct LineReader {
    parse_key: bool,
    key_separator: String,
    parse_headers: bool,
    headers_delimiter: String,
    headers_separator: String,
    headers_key_separator: String,
    ignore_error: bool,
    null_marker: Option<String>,
    line_number: usize,
}

impl LineReader {
    pub(crate) fn from_properties(props: &[(String, String)]) -> Result<Self, String> {
        let get = |k: &str| props.iter().rev().find(|(p, _)| p == k).map(|(_, v)| v.clone());
        let r = LineReader {
            parse_key: get("parse.key").is_some_and(|v| v.trim().eq_ignore_ascii_case("true")),
            key_separator: get("key.separator").unwrap_or_else(|| "\t".into()),
            parse_headers: get("parse.headers").is_some_and(|v| v.trim().eq_ignore_ascii_case("true")),
            headers_delimiter: get("headers.delimiter").unwrap_or_else(|| "\t".into()),
            headers_separator: get("headers.separator").unwrap_or_else(|| ",".into()),
            headers_key_separator: get("headers.key.separator").unwrap_or_else(|| ":".into()),
            ignore_error: get("ignore.error").is_some_and(|v| v.trim().eq_ignore_ascii_case("true")),
            null_marker: get("null.marker"),
            line_number: 0,
        };
        if r.key_separator.is_empty() {
            return Err("org.apache.kafka.common.KafkaException: key.separator must not be empty".into());
        }
        if r.null_marker.as_deref() == Some(r.key_separator.as_str()) {
            return Err("org.apache.kafka.common.KafkaException: null.marker and key.separator may not be equal".into());
        }
        Ok(r)
    }

    /// One line to a record; the error is the exception the reader throws.
    pub(crate) fn read(&mut self, line: &str) -> Result<NewRecord, String> {
        self.line_number += 1;
        let mut rest = line;
        let mut headers = Vec::new();
        if self.parse_headers {
            if let Some((h, r)) = self.split(rest, &self.headers_delimiter.clone(), "headers delimiter", line)? {
                if self.null_marker.as_deref() != Some(h) {
                    for pair in h.split(self.headers_separator.as_str()) {
                        match pair.split_once(self.headers_key_separator.as_str()) {
                            Some((k, v)) => headers.push(Header {
                                key: k.to_string(),
                                value: (self.null_marker.as_deref() != Some(v)).then(|| v.as_bytes().to_vec()),
                            }),
                            None if self.ignore_error => headers.push(Header { key: pair.to_string(), value: None }),
                            None => {
                                return Err(format!(
                                "org.apache.kafka.common.KafkaException: No header key separator found in pair '{pair}' on line number {}",
                                self.line_number
                            ))
                            }
                        }
                    }
                }
                rest = r;
            }
        }
        let mut key = None;
        if self.parse_key {
            if let Some((k, r)) = self.split(rest, &self.key_separator.clone(), "key separator", line)? {
                key = (self.null_marker.as_deref() != Some(k)).then(|| k.as_bytes().to_vec());
                rest = r;
            }
        }
        let value = (self.null_marker.as_deref() != Some(rest)).then(|| rest.as_bytes().to_vec());
        Ok(NewRecord { key, value, headers, timestamp: None })
    }

    fn split<'a>(&self, s: &'a str, sep: &str, what: &str, line: &str) -> Result<Option<(&'a str, &'a str)>, String> {
        match s.find(sep) {
            Some(i) => Ok(Some((&s[..i], &s[i + sep.len()..]))),
            None if self.ignore_error => Ok(None),
            None => Err(format!("org.apache.kafka.common.KafkaException: No {what} found on line number {}: '{line}'", self.line_number)),
        }
    }
}

/// An exception text in the JVM's "Exception in thread" form, as `start`'s
/// `printStackTrace` prints it instead (it catches every exception).
fn uncaught_to_printed(e: String) -> String {
    e.strip_prefix("Exception in thread \"main\" ").map(str::to_string).unwrap_or(e)
}

/// `ToolsUtils.validateBootstrapServer` (Kafka 4.0-SNAPSHOT mirror; ConsoleProducerOptions
/// calls it after the --topic check): a missing or blank address, or one without a port
/// (`Utils.getPort`: the text ends in `:` and digits), is refused with its message, whose
/// own line break `printUsageAndExit`'s `println` doubles.
fn validate_bootstrap_server(servers: &str) -> Result<(), &'static str> {
    if servers.trim().is_empty() {
        return Err("Error while validating the bootstrap address\n");
    }
    // String.split drops the trailing empty strings
    let addrs: Vec<&str> = servers.trim_end_matches(',').split(',').collect();
    let has_port =
        |a: &str| a.rsplit_once(':').is_some_and(|(_, p)| !p.is_empty() && p.len() <= 9 && p.bytes().all(|b| b.is_ascii_digit()));
    if addrs.iter().all(|a| has_port(a)) {
        Ok(())
    } else {
        Err("Please provide valid host:port like host1:9091,host2:9092\n")
    }
}

/// A console producer reading typed lines (the browser terminal's foreground job).
#[derive(Clone, Debug)]
pub struct ProducerJob {
    pub producer: ProducerId,
    pub topic: String,
    reader: LineReader,
    trace_cursor: usize,
    /// `--bootstrap-server` and `max.block.ms`: a send waits that long for metadata when
    /// no bootstrap broker is running (see `unreachable`)
    bootstrap: String,
    max_block_ms: i64,
}

/// `ConsoleProducer.ProducerOptions.producerProps`: the `--producer.config` file, then
/// `--producer-property` on top, `client.id` if still unset, then each dedicated flag
/// (`--timeout`, `--request-required-acks`, `--request-timeout-ms`,
/// `--message-send-max-retries`, `--retry-backoff-ms`, `--batch-size`) where it was given
/// or where nothing set its property (`CommandLineUtils.maybeMergeOptions`): a flag's
/// default counts too. Later pairs win.
/// Fails with the exception the tool dies of when the `--producer.config` file is missing.
fn producer_configs(console: &Console, opts: &ParsedOptions) -> Result<Vec<(String, String)>, String> {
    let mut c: Vec<(String, String)> = match opts.value_of(super::given_name(opts, &RENAMED[1])).ok().flatten() {
        Some(path) => super::load_properties(console, path)?,
        None => Vec::new(),
    };
    for p in opts.values_of(super::given_name(opts, &RENAMED[0])) {
        c.push(super::key_value_arg(p));
    }
    // `compressionCodec()`: always put, over any compression.type given: the codec, gzip
    // for the option without a value, none without the option
    let codec = match opts.has("compression-codec") {
        true => opts.value_of("compression-codec").ok().flatten().filter(|v| !v.is_empty()).unwrap_or("gzip"),
        false => "none",
    };
    c.push(("compression.type".into(), codec.into()));
    let set = |c: &[(String, String)], key: &str| c.iter().any(|(k, _)| k == key);
    if !set(&c, "client.id") {
        c.push(("client.id".into(), "console-producer".into()));
    }
    for (key, flag, default) in [
        ("linger.ms", "timeout", "1000"),
        ("acks", "request-required-acks", "-1"),
        ("request.timeout.ms", "request-timeout-ms", "1500"),
        ("retries", "message-send-max-retries", "3"),
        ("retry.backoff.ms", "retry-backoff-ms", "100"),
        ("send.buffer.bytes", "socket-buffer-size", "102400"),
        ("buffer.memory", "max-memory-bytes", "33554432"),
        ("batch.size", "batch-size", "16384"),
    ] {
        if opts.has(flag) || !set(&c, key) {
            let value = opts.value_of(flag).ok().flatten().unwrap_or(default).to_string();
            c.push((key.into(), value));
        }
    }
    // maybeMergeOptions(batch.size, maxPartitionMemoryBytesOpt) after --batch-size: it
    // wins only when given (deprecated by KIP-1231 in 4.2)
    if opts.has("max-partition-memory-bytes") {
        c.push(("batch.size".into(), opts.value_of("max-partition-memory-bytes").ok().flatten().unwrap_or("16384").to_string()));
    }
    for (key, flag, default) in [("metadata.max.age.ms", "metadata-expiry-ms", "300000"), ("max.block.ms", "max-block-ms", "60000")] {
        if opts.has(flag) || !set(&c, key) {
            c.push((key.into(), opts.value_of(flag).ok().flatten().unwrap_or(default).to_string()));
        }
    }
    if opts.has("sync") {
        c.push(("linger.ms".into(), "0".into()));
    }
    Ok(super::as_properties(c))
}

pub fn run(console: &mut Console, cmd: &ShellCommand, stdin: Option<&str>, out: &mut Output) -> Status {
    let args = &cmd.argv[1..];
    let (parser, opts) = match parse("kafka-console-producer.sh", SPECS, args, out) {
        Ok(p) => p,
        Err(s) => return s,
    };
    // CommandLineUtils.isPrintHelpNeeded: no arguments at all, or --help
    if opts.has("help") || args.is_empty() {
        out.err(parser.usage_error("This tool helps to read data from standard input and publish it to Kafka."));
        return 1; // CommandLineUtils.printUsageAndExit exits 1, for --help too
    }
    if opts.has("version") {
        return super::print_version(out);
    }
    let Some(topic) = opts.value_of("topic").ok().flatten().map(str::to_string) else {
        return usage_and_exit(&parser, "Missing required argument \"[topic]\"", out);
    };
    let bootstrap = opts.value_of("bootstrap-server").ok().flatten().unwrap_or_default();
    if let Err(e) = validate_bootstrap_server(bootstrap) {
        return usage_and_exit(&parser, e, out);
    }
    // Kafka 4.2+: a renamed option under both names is refused; under its old name it
    // works, with a warning on standard output: ConsoleProducerOptions.checkArgs prints it
    // with System.out.println, as it prints KIP-1231's warning just after (the KIP-1231
    // diff, apache/kafka#20952, shows that call beside the KIP-1147 --property block)
    match super::check_renamed(
        &opts,
        RENAMED,
        |old, new| format!("Options --{new} and --{old} cannot be specified together."),
        |old, new| format!("Warning: --{old} is deprecated and will be removed in a future version. Use --{new} instead."),
    ) {
        Ok(warnings) => warnings.into_iter().for_each(|w| out.outln(w)),
        Err(e) => return usage_and_exit(&parser, &e, out),
    }
    // KIP-1231 (4.2): the deprecated --max-partition-memory-bytes still sets batch.size,
    // with a warning that ConsoleProducer prints on standard output
    if opts.has("max-partition-memory-bytes") {
        out.outln("Warning: --max-partition-memory-bytes is deprecated and will be removed in Apache Kafka 5.0. Use --batch-size instead.");
    }
    // `messageReader`: `Class.forName(--line-reader)`, then `configure(readerProps())`: the
    // --reader-config file, then the reader properties on top
    let class = opts.value_of("line-reader").ok().flatten().unwrap_or(LINE_MESSAGE_READER);
    if class != LINE_MESSAGE_READER {
        out.errln(super::java_trace(format!("java.lang.ClassNotFoundException: {class}")));
        return 1;
    }
    let mut props: Vec<(String, String)> = match opts.value_of("reader-config").ok().flatten() {
        Some(path) => match super::load_properties(console, path) {
            Ok(p) => p,
            Err(e) => {
                out.errln(super::java_trace(uncaught_to_printed(e)));
                return 1;
            }
        },
        None => Vec::new(),
    };
    let reader_props = opts.values_of(super::given_name(&opts, &RENAMED[2]));
    props.extend(reader_props.into_iter().map(super::key_value_arg));
    // `ConsoleProducer.start` (every version through 4.3) catches what the reader's
    // `configure`, the producer's constructor and the reading loop throw and calls
    // `e.printStackTrace()`: the trace alone, no "Exception in thread" line, exit 1
    let reader = match LineReader::from_properties(&props) {
        Ok(r) => r,
        Err(e) => {
            out.errln(super::java_trace(e));
            return 1;
        }
    };
    let configs = match producer_configs(console, &opts) {
        Ok(c) => c,
        Err(e) => {
            out.errln(super::java_trace(uncaught_to_printed(e)));
            return 1;
        }
    };
    let max_block_ms = configs.iter().rev().find(|(k, _)| k == "max.block.ms").and_then(|(_, v)| v.trim().parse().ok()).unwrap_or(60_000);
    // the constructor checks the configs, then parses bootstrap.servers (an address no
    // broker listens on is accepted: the sends time out, see `unreachable`)
    let checked = crate::engine::ProducerConfig::from_pairs(configs.iter().map(|(k, v)| (k.as_str(), v.as_str())))
        .and_then(|_| super::unreachable::check_client_bootstrap(console, bootstrap, out));
    if let Err(e) = checked {
        out.errln(super::java_trace(super::construction_exception(&e, "producer")));
        return 1;
    }
    let producer = match console.apply(Command::CreateProducer { configs }) {
        Ok(crate::engine::Reply::ProducerCreated(p)) => p,
        Ok(_) => unreachable!("CreateProducer answers ProducerCreated"),
        Err(e) => {
            out.errln(super::java_trace(super::construction_exception(&e, "producer")));
            return 1;
        }
    };
    warn_raised_delivery_timeout(console, producer, out);
    let bootstrap = bootstrap.to_string();
    let mut job = ProducerJob { producer, topic, reader, trace_cursor: console.sim.trace().len(), bootstrap, max_block_ms };
    match stdin {
        None if console.interactive => {
            out.out(">");
            console.foreground = Some(super::super::runtime::Job {
                id: 0,
                command_line: cmd.argv.join(" "),
                kind: JobKind::Producer(job),
                redirects: cmd.redirects.clone(),
                done: false,
            });
            0
        }
        stdin => {
            let text = stdin.unwrap_or("");
            let sync = opts.has("sync");
            let mut status = 0;
            for line in text.lines() {
                if let Err(e) = send_line(console, &mut job, line, out) {
                    // printed at once; `Exit.exit(1)` then runs the shutdown hook's close()
                    out.errln(super::java_trace(e));
                    status = 1;
                    break;
                }
                if sync {
                    // `producer.send(record).get()`: the next line is read only when this
                    // record is acknowledged (or failed), so each record is its own batch
                    console.pump_until(130_000, out, |c, _| {
                        c.sim.producers().find(|p| p.id == producer).is_none_or(|p| p.in_flight.is_empty() && p.open.is_empty())
                    });
                }
            }
            let _ = console.apply(Command::CloseProducer { producer });
            // close() waits for every record to be acknowledged or to fail
            console.pump_until(130_000, out, |c, _| {
                c.sim.producers().find(|p| p.id == producer).is_none_or(|p| p.in_flight.is_empty() && p.open.is_empty())
            });
            poll(console, &mut job, out);
            status
        }
    }
}

fn send_line(console: &mut Console, job: &mut ProducerJob, line: &str, out: &mut Output) -> Result<(), String> {
    let record = job.reader.read(line)?;
    let sizes = record.sizes();
    // `KafkaProducer.send` waits in `waitOnMetadata` (Kafka 4.3) while no bootstrap broker
    // answers; the exception goes to the callback, which logs it
    let client_id = console.sim.producers().find(|p| p.id == job.producer).map(|p| p.client_id.to_string()).unwrap_or_default();
    if let Some(message) = super::unreachable::producer_metadata(console, out, &job.bootstrap, &client_id, &job.topic, job.max_block_ms) {
        let exception = format!("{}: {message}", super::exception_class(crate::engine::ErrorCode::RequestTimedOut));
        log_send_error(out, console.sim.now(), &job.topic, sizes, &exception);
        return Ok(());
    }
    let missing = console.sim.topic(&job.topic).is_none();
    if missing && !console.sim.config().auto_create_topics_enable && crate::engine::topic_name::validate(&job.topic).is_ok() {
        // no broker creates it: `waitOnMetadata` asks again after each retry backoff (100 ms
        // doubling to retry.backoff.max.ms, 1 s; no jitter here), every answer logged, until
        // the topic appears or max.block.ms passes (the correlation ids are counted from 2)
        let prefix = format!("Producer clientId={client_id}");
        let deadline = console.sim.now().saturating_add(job.max_block_ms.max(0));
        let (mut backoff, mut correlation) = (100, 2);
        while console.sim.topic(&job.topic).is_none() && console.sim.now() < deadline {
            out.errln(
                super::consumer::metadata_warning(console, &prefix, &job.topic)
                    .replace("correlation id 2 :", &format!("correlation id {correlation} :")),
            );
            correlation += 1;
            let step = backoff.min(deadline - console.sim.now());
            backoff = (backoff * 2).min(1_000);
            console.pump_until(step, out, |_, _| false);
        }
        if console.sim.topic(&job.topic).is_none() {
            let exception = format!(
                "{}: Topic {} not present in metadata after {} ms.",
                super::exception_class(crate::engine::ErrorCode::RequestTimedOut),
                job.topic,
                job.max_block_ms
            );
            log_send_error(out, console.sim.now(), &job.topic, sizes, &exception);
            return Ok(());
        }
    }
    if let Err(e) = console.apply(Command::Send { producer: job.producer, topic: job.topic.clone(), partition: None, record }) {
        log_send_error(out, console.sim.now(), &job.topic, sizes, &super::exception_text(&e));
    } else if missing && console.sim.config().auto_create_topics_enable {
        // the broker created it on the producer's metadata request (auto.create.topics.enable)
        out.errln(super::consumer::metadata_warning(console, &format!("Producer clientId={client_id}"), &job.topic));
    }
    Ok(())
}

/// `ErrorLoggingCallback.onCompletion` for one record of the console producer (which
/// logs sizes, not contents): the log line, then the exception with its stack trace as
/// [`super::java_trace`] prints it (an `ApiException` has no frames).
fn log_send_error(out: &mut Output, now: i64, topic: &str, (key, value): (Option<u32>, Option<u32>), exception: &str) {
    let bytes = |n: Option<u32>| n.map_or("null".to_string(), |n| format!("{n} bytes"));
    out.errln(format!(
        "{} ERROR Error when sending message to topic {topic} with key: {}, value: {} with error: (org.apache.kafka.clients.producer.internals.ErrorLoggingCallback)",
        log_timestamp(epoch_ms(now)),
        bytes(key),
        bytes(value)
    ));
    out.errln(super::java_trace(exception.to_string()));
}

/// `KafkaProducer.configureDeliveryTimeout`'s warning (the tools log WARN to standard
/// error) when `delivery.timeout.ms` was left at its default below `linger.ms +
/// request.timeout.ms` and raised to that sum.
pub(crate) fn warn_raised_delivery_timeout(console: &Console, producer: ProducerId, out: &mut Output) {
    let Some(p) = console.sim.producers().find(|p| p.id == producer) else { return };
    if p.config.delivery_timeout_raised {
        out.errln(format!(
            "{} WARN [Producer clientId={}] delivery.timeout.ms should be equal to or larger than linger.ms + request.timeout.ms. Setting it to {}. (org.apache.kafka.clients.producer.KafkaProducer)",
            log_timestamp(epoch_ms(console.sim.now())),
            p.client_id,
            p.config.delivery_timeout_ms
        ));
    }
}

/// A line typed into an interactive producer. False when the reader threw: the tool
/// printed the trace and exits (status 1), its shutdown hook closing the producer.
pub fn type_line(console: &mut Console, job: &mut ProducerJob, line: &str, out: &mut Output) -> bool {
    if let Err(e) = send_line(console, job, line, out) {
        out.errln(super::java_trace(e));
        return false;
    }
    out.out(">");
    true
}

/// Prints the producer's failed sends (`ErrorLoggingCallback`).
pub fn poll(console: &mut Console, job: &mut ProducerJob, out: &mut Output) {
    let now = console.sim.now();
    for e in &console.sim.trace()[job.trace_cursor.min(console.sim.trace().len())..] {
        if let Event::ProduceFailed { producer, topic, records, error, message, .. } = &e.event {
            if *producer == job.producer {
                // the callback runs for every record of the failed batch
                let exception = format!("{}: {message}", super::exception_class(*error));
                for &sizes in records {
                    log_send_error(out, now, topic, sizes, &exception);
                }
            }
        }
    }
    job.trace_cursor = console.sim.trace().len();
}

pub fn stop(console: &mut Console, job: &mut ProducerJob, clean: bool, out: &mut Output) {
    if clean {
        let _ = console.apply(Command::CloseProducer { producer: job.producer });
    }
    poll(console, job, out);
}

#[cfg(test)]
mod tests {
    use crate::console::Console;
    use crate::engine::{ClusterConfig, Event, Sim};

    /// The record counts of the leader's appends to `t`, in order.
    fn appends(console: &Console) -> Vec<i64> {
        let leader = console.sim().topic("t").and_then(|t| t.partitions[0].leader).expect("t has a leader");
        console
            .sim()
            .trace()
            .iter()
            .filter_map(|e| match &e.event {
                Event::RecordsAppended { topic, broker, first_offset, last_offset, .. } if &**topic == "t" && *broker == leader => {
                    Some(last_offset - first_offset + 1)
                }
                _ => None,
            })
            .collect()
    }

    fn produce(flags: &str) -> Vec<i64> {
        let mut console = Console::new(Sim::new(ClusterConfig::default(), 1));
        let script = format!(
            "kafka-topics.sh --bootstrap-server localhost:9092 --create --topic t --replication-factor 3
kafka-console-producer.sh --bootstrap-server localhost:9092 --topic t{flags} <<EOF
a
b
c
EOF"
        );
        let (out, status) = console.run_script(&script, "t");
        assert_eq!(status, 0, "{}", out.stderr());
        appends(&console)
    }

    /// `--sync` sends one record at a time (`send(record).get()`); without it the lines
    /// read together share one batch.
    #[test]
    fn sync_sends_each_line_in_a_batch_of_its_own() {
        assert_eq!(produce(""), vec![3], "asynchronous: one batch of three");
        assert_eq!(produce(" --sync"), vec![1, 1, 1], "--sync: three batches of one");
    }
}
