//! `kafka-console-share-consumer.sh` (tools/src/main/java/org/apache/kafka/tools/consumer/
//! ConsoleShareConsumer.java and `ConsoleShareConsumerOptions`, Kafka 4.x; KIP-1147's
//! renames of Kafka 4.2 assumed as for `kafka-console-consumer.sh`: `--command-property`,
//! `--command-config` and `--formatter-property`, the old names still working with a
//! warning).
//!
//! It joins the share group `--group` (default `console-share-consumer`), prints each
//! record it gets and acknowledges it explicitly as it goes: ACCEPT, or REJECT with
//! `--reject`, RELEASE with `--release` (then every record comes back until it is
//! archived at the delivery count limit). `print.delivery=true` prints each record's
//! delivery count. The simulator's `kafkascope consumer fail %N` makes it fail only some
//! records.

use crate::console::options::{OptionSpec, ParsedOptions, ValueType};
use crate::console::output::Output;
use crate::console::runtime::{Console, Job, Status};
use crate::console::shell::ShellCommand;
use crate::console::time::{epoch_ms, log_timestamp};
use crate::engine::group::share_group::AcknowledgeType;
use crate::engine::sim::share_member::ShareRecord;
use crate::engine::{Command, Reply};

use super::consumer::{
    close_and_report, consumer_properties, formatter, limits, log_terminated, parse_options, time_out, unknown_error_of, Build, Formatter,
};
use super::{usage_and_exit, JobKind, BOOTSTRAP};

pub(crate) const SPECS: &[OptionSpec] = &[
    BOOTSTRAP,
    OptionSpec::with_arg("command-config", "config file", "Consumer config properties file. Note that [command-property] takes precedence over this config."),
    OptionSpec::with_arg("command-property", "consumer_prop", "Consumer config properties in the form key=value.").repeatable(),
    OptionSpec::with_arg("consumer-config", "config file", "(DEPRECATED) Consumer config properties file. Note that [command-property] takes precedence over this config. This option will be removed in a future version. Use --command-config instead."),
    OptionSpec::with_arg("consumer-property", "consumer_prop", "(DEPRECATED) Consumer config properties in the form key=value. This option will be removed in a future version. Use --command-property instead.").repeatable(),
    OptionSpec::with_arg("formatter", "class", "The name of a class to use for formatting Kafka messages for display.").defaults_to(&["org.apache.kafka.tools.consumer.DefaultMessageFormatter"]),
    OptionSpec::with_arg("formatter-config", "config file", "Config properties file to initialize the message formatter. Note that [formatter-property] takes precedence over this config."),
    OptionSpec::with_arg("formatter-property", "prop", "The properties to initialize the message formatter: print.timestamp, print.key, print.offset, print.delivery, print.partition, print.headers, print.value, key.separator, line.separator, headers.separator, null.literal.").repeatable(),
    OptionSpec::with_arg("group", "share group id", "The share group id of the consumer."),
    OptionSpec::help_option(),
    OptionSpec::with_arg("key-deserializer", "deserializer for key", "The name of the class to use for deserializing keys."),
    OptionSpec::with_arg("max-messages", "num_messages", "The maximum number of messages to consume before exiting. If not set, consumption is continual.").of_type(ValueType::Integer),
    OptionSpec::with_arg("property", "prop", "(DEPRECATED) The properties to initialize the message formatter. This option will be removed in a future version. Use --formatter-property instead.").repeatable(),
    OptionSpec::flag("reject", "If specified, messages are rejected as they are consumed."),
    OptionSpec::flag("reject-message-on-error", "If there is an error when processing a message, reject it instead of halting."),
    OptionSpec::flag("release", "If specified, messages are released as they are consumed."),
    OptionSpec::with_arg("timeout-ms", "timeout_ms", "If specified, exit if no message is available for consumption for the specified interval.").of_type(ValueType::Integer),
    OptionSpec::with_arg("topic", "topic", "The topic to consume from."),
    OptionSpec::with_arg("value-deserializer", "deserializer for values", "The name of the class to use for deserializing values."),
    OptionSpec::version_option(),
];

const RENAMED: &[super::Renamed] = &[
    super::Renamed { old: "consumer-property", new: "command-property" },
    super::Renamed { old: "consumer-config", new: "command-config" },
    super::Renamed { old: "property", new: "formatter-property" },
];

/// A running console share consumer.
#[derive(Clone, Debug)]
pub struct ShareConsumerJob {
    pub consumer: u32,
    formatter: Formatter,
    max_messages: Option<u64>,
    timeout_ms: Option<i64>,
    pub printed: u64,
    last_activity_ms: i64,
    discard_output: bool,
    /// `--reject-message-on-error`: a record the formatter cannot write is rejected
    reject_message_on_error: bool,
    /// the tool ended with an exception that `main` logs: exit status 1
    failed: bool,
}

const ENDLESS_IN_SCRIPT: &str = "kafkascope: kafka-console-share-consumer.sh consumes until it is stopped (Ctrl-C in a terminal). In a script, add --max-messages N or --timeout-ms MS, or run it in the background with `&` and stop it with `kill %N`.";

pub fn run(console: &mut Console, cmd: &ShellCommand, out: &mut Output) -> Status {
    let help = "This tool helps to read data from Kafka topics using share groups and outputs it to standard output.";
    let (parser, opts) = match parse_options("kafka-console-share-consumer.sh", SPECS, RENAMED, help, &cmd.argv[1..], out) {
        Ok(p) => p,
        Err(s) => return s,
    };
    let endless_refused = !cmd.background && !console.interactive;
    let mut job = match build(console, &opts, endless_refused, out) {
        Ok(job) => job,
        Err(Build::Usage(msg)) => return usage_and_exit(&parser, &msg, out),
        Err(Build::Fatal(msg)) => {
            out.errln(super::java_trace(msg));
            return 1;
        }
    };
    job.discard_output = super::stdout_discarded(&cmd.redirects);
    let line = cmd.argv.join(" ");
    if cmd.background {
        console.start_job(line, JobKind::ShareConsumer(job), cmd.redirects.clone(), out);
        return 0;
    }
    if job.max_messages.is_none() && job.timeout_ms.is_none() {
        console.foreground =
            Some(Job { id: 0, command_line: line, kind: JobKind::ShareConsumer(job), redirects: cmd.redirects.clone(), done: false });
        return 0;
    }
    let finished = super::run_foreground(console, &mut job, out, wake, poll);
    if !finished {
        let _ = console.apply(Command::CloseConsumer { consumer: job.consumer });
        out.errln(super::foreground_limit_message("kafka-console-share-consumer.sh"));
        out.errln(format!("Processed a total of {} messages", job.printed));
    }
    finish_close(console, job.consumer, out);
    if finished && !job.failed {
        0
    } else {
        1
    }
}

/// `close()` returns once its leave heartbeat is answered (or nothing is in flight).
pub(crate) fn finish_close(console: &mut Console, consumer: u32, out: &mut Output) {
    console
        .pump_until(30_000, out, |c, _| c.sim.share_consumer_state(consumer).is_none_or(|s| !s.alive && s.heartbeat_in_flight.is_none()));
}

/// Checks the options and starts the consumer.
fn build(console: &mut Console, opts: &ParsedOptions, endless_refused: bool, out: &mut Output) -> Result<ShareConsumerJob, Build> {
    let usage = |m: &str| Build::Usage(m.to_string());
    let Some(topic) = opts.value_of("topic").ok().flatten() else { return Err(usage("--topic is a required argument")) };
    let Some(bootstrap) = opts.value_of("bootstrap-server").ok().flatten() else {
        return Err(usage("Missing required argument \"[bootstrap-server]\""));
    };
    if opts.has("reject") && opts.has("release") {
        return Err(usage("At most one of --reject and --release may be specified."));
    }
    let props = consumer_properties(console, opts, RENAMED)?;
    // checkShareGroup: --group and group.id must agree; the default is console-share-consumer
    let mut groups: Vec<String> = Vec::new();
    groups.extend(opts.value_of("group").ok().flatten().map(str::to_string));
    groups.extend(props.iter().filter(|(k, _)| k == "group.id").map(|(_, v)| v.clone()));
    groups.dedup();
    let mut distinct = groups.clone();
    crate::engine::sorting::sort(&mut distinct);
    distinct.dedup();
    if distinct.len() > 1 {
        let list: Vec<String> = groups.iter().map(|g| format!("'{g}'")).collect();
        return Err(usage(&format!(
            "The group ids provided in different places (directly using '--group', via '--consumer-property', or via '--consumer-config') do not match. Detected group ids: {}",
            list.join(", ")
        )));
    }
    let group = groups.into_iter().next().unwrap_or_else(|| "console-share-consumer".into());
    let (max_messages, timeout_ms) = limits(opts)?;
    let formatter = formatter(console, opts, RENAMED)?;
    for e in formatter.deserializer_errors(&log_timestamp(epoch_ms(console.sim.now()))) {
        out.errln(e);
    }
    // from here on `ConsoleShareConsumer.run` is running: what it throws, `main` logs
    // ("Unknown error when running consumer: ", as ConsoleConsumer does; 4.0-SNAPSHOT mirror)
    let fatal = |console: &Console, exception: String| Build::Fatal(unknown_error_of(console, "ConsoleShareConsumer", exception));
    // ShareConsumerImpl's constructor wraps what fails in it as "Failed to construct Kafka
    // share consumer"; ConsumerConfig's own ConfigException comes as it is
    let constructor = |e: &crate::engine::KafkaError| match e.code {
        crate::engine::ErrorCode::ClientConstructionFailed => {
            format!("org.apache.kafka.common.KafkaException: Failed to construct Kafka share consumer\nCaused by: {}", e.message)
        }
        _ => super::construction_exception(e, "share consumer"),
    };
    let mut configs: Vec<(String, String)> = vec![("group.id".into(), group)];
    if !props.iter().any(|(k, _)| k == "client.id") {
        configs.push(("client.id".into(), "console-share-consumer".into()));
    }
    // the tool acknowledges every record itself (`consumer.acknowledge(record, type)`)
    if !props.iter().any(|(k, _)| k == "share.acknowledgement.mode") {
        configs.push(("share.acknowledgement.mode".into(), "explicit".into()));
    }
    configs.extend(props.into_iter().filter(|(k, _)| k != "group.id"));
    // ShareConsumerConfig's own checks (ConfigException) come first, then the constructor
    // parses bootstrap.servers (see `unreachable`)
    let config_error =
        crate::engine::sim::share_member::ShareConsumerConfig::from_pairs(configs.iter().map(|(k, v)| (k.as_str(), v.as_str())))
            .err()
            .filter(|e| e.code == crate::engine::ErrorCode::InvalidConfig);
    if let Some(e) = config_error {
        return Err(fatal(console, constructor(&e)));
    }
    if let Err(e) = super::unreachable::check_client_bootstrap(console, bootstrap, out) {
        return Err(fatal(console, constructor(&e)));
    }
    // Simplification: the share consumer does not model unreachable brokers, so an address
    // no simulated broker listens on is still refused
    if let Err(e) = super::check_bootstrap(console, bootstrap) {
        return Err(fatal(console, format!("org.apache.kafka.common.KafkaException: Failed to construct Kafka share consumer: {e}")));
    }
    if endless_refused && max_messages.is_none() && timeout_ms.is_none() {
        return Err(Build::Fatal(ENDLESS_IN_SCRIPT.into()));
    }
    let consumer = match console.apply(Command::CreateShareConsumer { configs }) {
        Ok(Reply::ConsumerCreated(c)) => c,
        Ok(_) => unreachable!("CreateShareConsumer answers ConsumerCreated"),
        Err(e) => return Err(fatal(console, constructor(&e))),
    };
    let ack = if opts.has("reject") {
        Some(AcknowledgeType::Reject)
    } else if opts.has("release") {
        Some(AcknowledgeType::Release)
    } else {
        None
    };
    if ack.is_some() {
        let _ = console.apply(Command::SetShareAcknowledgement { consumer, failure: None, default_ack: ack });
    }
    if let Err(e) = console.apply(Command::ShareSubscribe { consumer, topics: vec![topic.to_string()] }) {
        let _ = console.apply(Command::CloseConsumer { consumer });
        return Err(fatal(console, super::exception_text(&e)));
    }
    let now = console.sim.now();
    Ok(ShareConsumerJob {
        consumer,
        formatter,
        max_messages,
        timeout_ms,
        printed: 0,
        last_activity_ms: now,
        discard_output: false,
        reject_message_on_error: opts.has("reject-message-on-error"),
        failed: false,
    })
}

/// Its `--timeout-ms` deadline.
pub fn wake(j: &ShareConsumerJob) -> Option<i64> {
    j.timeout_ms.map(|t| j.last_activity_ms.saturating_add(t))
}

/// Prints what the consumer received; true when the job is finished.
pub fn poll(console: &mut Console, job: &mut ShareConsumerJob, out: &mut Output) -> bool {
    let Some(state) = console.sim.share_consumer_state(job.consumer) else { return true };
    if !state.alive {
        if let Some(code) = state.fatal {
            let exception = format!("{}: {}", super::exception_class(code), code.default_message());
            log_terminated(console, "ConsoleShareConsumer", &exception, job.printed, out);
        }
        return true;
    }
    let records = console.sim.take_share_delivered(job.consumer);
    let now = console.sim.now();
    if !records.is_empty() {
        job.last_activity_ms = now;
    }
    for (i, r) in records.iter().enumerate() {
        if job.max_messages.is_some_and(|m| job.printed >= m) {
            break;
        }
        // `process`: the message counts before `formatter.writeTo` runs
        job.printed += 1;
        let written = super::consumer::write_record(console, &job.formatter, job.discard_output, &r.record, r.delivery_count, out);
        let Some(exception) = written else { continue };
        let acknowledge = |console: &mut Console, r: &ShareRecord, ack: AcknowledgeType| {
            let (topic, partition, offset) = (r.record.topic.clone(), r.record.partition, r.record.record.offset);
            let _ = console.apply(Command::AcknowledgeShareRecord { consumer: job.consumer, topic, partition, offset, ack });
        };
        if job.reject_message_on_error {
            out.errln(super::consumer::processing_error(console, "rejecting", "ConsoleShareConsumer", exception));
            acknowledge(console, r, AcknowledgeType::Reject);
            continue;
        }
        // `process` rethrows: this record and the rest of the batch are not acknowledged,
        // and go back to the group when the consumer closes (`run`'s finally block); the
        // count, then `main` logs the exception
        for rest in &records[i..] {
            acknowledge(console, rest, AcknowledgeType::Release);
        }
        close_and_report(console, job.consumer, job.printed, out);
        out.errln(unknown_error_of(console, "ConsoleShareConsumer", exception));
        job.failed = true;
        return true;
    }
    if job.max_messages.is_some_and(|m| job.printed >= m) {
        close_and_report(console, job.consumer, job.printed, out);
        return true;
    }
    if let Some(t) = job.timeout_ms {
        if now - job.last_activity_ms >= t {
            time_out(console, job.consumer, job.printed, "ConsoleShareConsumer", out);
            return true;
        }
    }
    false
}

/// SIGTERM closes the consumer (acknowledgements, leave) and prints the count; SIGKILL crashes it.
pub fn stop(console: &mut Console, job: &mut ShareConsumerJob, clean: bool, out: &mut Output) {
    if clean {
        poll(console, job, out);
        close_and_report(console, job.consumer, job.printed, out);
        // the process exits once `close()` has left the group
        finish_close(console, job.consumer, out);
    } else {
        let _ = console.apply(Command::CrashConsumer { consumer: job.consumer });
    }
}
