//! `kafka-producer-perf-test.sh` (tools/.../ProducerPerformance.java) and
//! `kafka-consumer-perf-test.sh` (tools/.../ConsumerPerformance.java), as load
//! generators whose rates and latencies are in virtual time.
//!
//! Simplifications: payloads are a fixed byte instead of random letters; with
//! `--throughput -1` every record is handed to the producer at once, so rates reflect
//! the simulated network, not a real client's CPU.

use crate::engine::decimal::{fixed, parse_java_double};
use crate::engine::map::Map;
use std::collections::VecDeque;

use crate::console::output::Output;
use crate::console::runtime::{Console, Status};
use crate::console::shell::ShellCommand;
use crate::console::time::epoch_ms;
use crate::engine::{Command, Event, NewRecord, ProducerId, Reply};

use super::{check_bootstrap, split_property, JobKind};

const PRODUCER_USAGE: &str = "usage: producer-performance [-h] --topic TOPIC --num-records NUM-RECORDS [--payload-delimiter PAYLOAD-DELIMITER] --throughput THROUGHPUT [--producer-props PROP-NAME=PROP-VALUE [PROP-NAME=PROP-VALUE ...]] [--producer.config CONFIG-FILE] [--print-metrics] [--transactional-id TRANSACTIONAL-ID] [--transaction-duration-ms TRANSACTION-DURATION] (--record-size RECORD-SIZE | --payload-file PAYLOAD-FILE)";

/// A running `kafka-producer-perf-test.sh`.
#[derive(Clone, Debug)]
pub struct ProducerPerfJob {
    producer: ProducerId,
    topic: String,
    num_records: u64,
    record_size: usize,
    /// records per second of virtual time; `None` is unlimited (-1)
    throughput: Option<f64>,
    start_ms: i64,
    sent: u64,
    done: u64,
    /// send times of unacknowledged records, per partition, in send order
    pending: Map<u32, VecDeque<i64>>,
    latencies: LatencyStats,
    window: (i64, u64, i64, i64),
    trace_cursor: usize,
    /// `--transactional-id` / `--transaction-duration-ms` (issue 18): the duration, when
    /// the open transaction began, and how many records it holds
    txn: Option<(i64, i64, u64)>,
}

/// Parses argparse4j-style arguments: `--name value`, `--producer-props` taking every
/// following `k=v` word.
fn parse_args(args: &[String]) -> Result<(Map<String, String>, Vec<String>), String> {
    let mut named = Map::new();
    let mut props = Vec::new();
    let mut i = 0;
    while i < args.len() {
        let a = &args[i];
        match a.as_str() {
            // KIP-1147 (Kafka 4.2): --command-property takes the producer's properties as
            // --producer-props does (nargs "+")
            "--producer-props" | "--command-property" => {
                i += 1;
                while i < args.len() && !args[i].starts_with("--") {
                    props.push(args[i].clone());
                    i += 1;
                }
                continue;
            }
            "--print-metrics" | "-h" | "--help" | "--show-detailed-stats" | "--from-latest" | "--hide-header" | "--version" => {
                named.insert(a.trim_start_matches('-').to_string(), String::new());
            }
            s if s.starts_with("--") => {
                let Some(v) = args.get(i + 1) else { return Err(format!("argument {s}: expected one argument")) };
                named.insert(s[2..].to_string(), v.clone());
                i += 1;
            }
            s => return Err(format!("unrecognized arguments: '{s}'")),
        }
        i += 1;
    }
    Ok((named, props))
}

pub fn run_producer(console: &mut Console, cmd: &ShellCommand, out: &mut Output) -> Status {
    let (named, props) = match parse_args(&cmd.argv[1..]) {
        Ok(p) => p,
        Err(e) => {
            out.errln(PRODUCER_USAGE);
            out.errln(format!("producer-performance: error: {e}"));
            return 1;
        }
    };
    if named.contains_key("version") {
        // argparse4j's parser in ProducerPerformance declares no --version
        out.errln(PRODUCER_USAGE);
        out.errln("producer-performance: error: unrecognized arguments: '--version'");
        return 1;
    }
    if named.contains_key("help") || named.contains_key("h") {
        out.outln(PRODUCER_USAGE);
        return 0;
    }
    let need = |k: &str| named.get(k).cloned().ok_or_else(|| format!("argument --{k} is required"));
    let parsed = (|| -> Result<(String, u64, usize, f64), String> {
        let topic = need("topic")?;
        let n: u64 = need("num-records")?.parse().map_err(|_| "argument --num-records: could not convert to long".to_string())?;
        let size: usize = named
            .get("record-size")
            .ok_or("one of the arguments --record-size --payload-file is required")?
            .parse()
            .map_err(|_| "argument --record-size: could not convert to integer".to_string())?;
        let tp = parse_java_double(&need("throughput")?).ok_or_else(|| "argument --throughput: could not convert to double".to_string())?;
        Ok((topic, n, size, tp))
    })();
    let (topic, num_records, record_size, throughput) = match parsed {
        Ok(v) => v,
        Err(e) => {
            out.errln(PRODUCER_USAGE);
            out.errln(format!("producer-performance: error: {e}"));
            return 1;
        }
    };
    // KIP-1147 (4.2): --producer-props still works, with ProducerPerformance's warning on
    // standard output (its text as the 4.3 source prints it; stdout as the 4.2+ tools
    // print their KIP-1147 warnings)
    if cmd.argv.iter().any(|a| a == "--producer-props") {
        out.outln("Option --producer-props has been deprecated and will be removed in a future version. Use --command-property instead.");
    }
    let mut configs = Vec::new();
    // Kafka 4.2's ProducerPerformance also takes --bootstrap-server (KIP-1147)
    let bootstrap_option = named.get("bootstrap-server").map(|b| format!("bootstrap.servers={b}"));
    for p in props.iter().chain(bootstrap_option.iter()) {
        match split_property(p) {
            Some(kv) if kv.0 == "bootstrap.servers" => {
                if let Err(e) = check_bootstrap(console, &kv.1) {
                    out.errln(super::java_trace(format!(
                        "Exception in thread \"main\" org.apache.kafka.common.KafkaException: Failed to construct kafka producer: {e}"
                    )));
                    return 1;
                }
            }
            Some(kv) => configs.push(kv),
            None => {
                out.errln(super::java_trace(format!(
                    "Exception in thread \"main\" java.lang.IllegalArgumentException: Invalid property: {p}"
                )));
                return 1;
            }
        }
    }
    if !props.iter().chain(bootstrap_option.iter()).any(|p| p.starts_with("bootstrap.servers=")) && !named.contains_key("producer.config") {
        out.errln(super::java_trace("Exception in thread \"main\" org.apache.kafka.common.config.ConfigException: Missing required configuration \"bootstrap.servers\" which has no default value.".to_string()));
        return 1;
    }
    // ProducerPerformance (Kafka 4.3): transactions are on with --transaction-duration-ms,
    // --transactional-id or a transactional.id property; the id defaults to
    // performance-producer-default-transactional-id and the duration to 3000 ms
    let duration = named.get("transaction-duration-ms").map(|d| d.parse::<i64>());
    if let Some(Err(_)) = duration {
        out.errln(PRODUCER_USAGE);
        out.errln("producer-performance: error: argument --transaction-duration-ms: could not convert to long");
        return 1;
    }
    let txn_id = named.get("transactional-id").cloned();
    let txn_prop = configs.iter().any(|(k, _)| k == "transactional.id");
    let txn = (duration.is_some() || txn_id.is_some() || txn_prop).then(|| duration.and_then(Result::ok).unwrap_or(3000));
    if txn.is_some() && !txn_prop {
        configs.push(("transactional.id".into(), txn_id.unwrap_or_else(|| "performance-producer-default-transactional-id".into())));
    }
    let Some(producer) = super::create_producer(console, configs, out) else { return 1 };
    if txn.is_some() {
        let _ = console.apply(Command::InitTransactions { producer });
    }
    let now = console.sim.now();
    let job = ProducerPerfJob {
        txn: txn.map(|d| (d, now, 0)),
        producer,
        topic,
        num_records,
        record_size,
        throughput: (throughput > 0.0).then_some(throughput),
        start_ms: now,
        sent: 0,
        done: 0,
        pending: Map::new(),
        latencies: LatencyStats::new(num_records),
        window: (now, 0, 0, 0),
        trace_cursor: console.sim.trace().len(),
    };
    let mut job = job;
    if cmd.background {
        // the first records are due now: send them before anything else happens (a
        // background job is otherwise only polled when the cluster does something)
        poll_producer(console, &mut job, &mut Output::default());
        console.start_job(cmd.argv.join(" "), JobKind::ProducerPerf(job), cmd.redirects.clone(), out);
        return 0;
    }
    // a throttled test sends its next record on time even when nothing else happens
    if !super::run_foreground(console, &mut job, out, wake_producer, poll_producer) {
        out.errln(super::foreground_limit_message("kafka-producer-perf-test.sh"));
        stop_producer(console, &mut job, true, out);
        return 1;
    }
    0
}

/// When a throttled producer's next record is due.
pub fn wake_producer(j: &ProducerPerfJob) -> Option<i64> {
    j.throughput.filter(|_| j.sent < j.num_records).map(|tp| due_time(j.start_ms, tp, j.sent))
}

/// When record `k` (from 0) of a throttled run is due: `--throughput` records per second
/// from the start. Sending and waking both use this one formula, so a wake-up always
/// finds its record due (computing one with `floor` and the other with `ceil` once let
/// float rounding stall a run: 290 ms × 100/s gave 28.999…).
pub(crate) fn due_time(start_ms: i64, throughput: f64, k: u64) -> i64 {
    start_ms + ((k as f64) * 1000.0 / throughput).ceil() as i64
}

/// When the consumer perf test's `--timeout` runs out.
pub fn wake_consumer(j: &ConsumerPerfJob) -> Option<i64> {
    Some(j.last_record_ms.saturating_add(j.timeout_ms).saturating_add(1))
}

/// Sends what is due, collects acknowledgements, prints reports; true when finished.
pub fn poll_producer(console: &mut Console, job: &mut ProducerPerfJob, out: &mut Output) -> bool {
    let now = console.sim.now();
    let payload = vec![b'x'; job.record_size];
    while job.sent < job.num_records && job.throughput.is_none_or(|tp| due_time(job.start_ms, tp, job.sent) <= now) {
        let rec = NewRecord::value(payload.clone());
        if job.txn.is_some() {
            // the application thread waits while initTransactions or commitTransaction block
            let busy = console
                .sim
                .producers()
                .find(|p| p.id == job.producer)
                .and_then(|p| p.txn.as_ref())
                .is_some_and(|t| t.blocked || !t.queue.is_empty());
            if busy {
                break;
            }
        }
        if let Some((_, start, 0)) = &mut job.txn {
            let _ = console.apply(Command::BeginTransaction { producer: job.producer });
            *start = now;
        }
        let sent = console.apply(Command::Send { producer: job.producer, topic: job.topic.clone(), partition: None, record: rec });
        if let Some((duration, start, size)) = &mut job.txn {
            *size += 1;
            if *duration <= now - *start || job.sent + 1 == job.num_records {
                let _ = console.apply(Command::CommitTransaction { producer: job.producer });
                *size = 0;
            }
        }
        match sent {
            Ok(Reply::Queued { partition }) => job.pending.entry(partition).or_default().push_back(now),
            Ok(_) => {}
            Err(e) => {
                out.errln(super::java_trace(format!("Exception in thread \"main\" {}", super::exception_text(&e))));
                job.done = job.num_records;
                return true;
            }
        }
        job.sent += 1;
    }
    let trace = console.sim.trace();
    for e in &trace[job.trace_cursor.min(trace.len())..] {
        let (partition, n, ok) = match &e.event {
            Event::ProduceAcked { producer, partition, first_offset, last_offset, .. } if *producer == job.producer => {
                (*partition, (last_offset - first_offset + 1).max(1) as usize, true)
            }
            Event::ProduceFailed { producer, partition, records, .. } if *producer == job.producer => (*partition, records.len(), false),
            _ => continue,
        };
        let q = job.pending.entry(partition).or_default();
        for _ in 0..n {
            if let Some(sent) = q.pop_front() {
                if ok {
                    let lat = e.time - sent;
                    job.latencies.record(lat);
                    job.window.1 += 1;
                    job.window.2 += lat;
                    job.window.3 = job.window.3.max(lat);
                }
                job.done += 1;
            }
        }
    }
    job.trace_cursor = trace.len();
    // a report every 5 s of virtual time (`--reporting-interval` of the Stats class)
    if now - job.window.0 >= 5_000 && job.window.1 > 0 {
        let (start, count, total, max) = job.window;
        let secs = (now - start) as f64 / 1000.0;
        let mb = count as f64 * job.record_size as f64 / 1024.0 / 1024.0;
        out.outln(format!(
            "{count} records sent, {} records/sec ({} MB/sec), {} ms avg latency, {} ms max latency.",
            fixed(count as f64 / secs, 1),
            fixed(mb / secs, 2),
            fixed(total as f64 / count as f64, 1),
            fixed(max as f64, 1)
        ));
        job.window = (now, 0, 0, 0);
    }
    // a transactional run ends once its last commitTransaction() has returned
    let txn_busy = job.txn.is_some()
        && console
            .sim
            .producers()
            .find(|p| p.id == job.producer)
            .and_then(|p| p.txn.as_ref())
            .is_some_and(|t| t.blocked || !t.queue.is_empty());
    if job.done >= job.num_records && !txn_busy {
        let _ = console.apply(Command::CloseProducer { producer: job.producer });
        final_report(job, now, out);
        return true;
    }
    // let time move for throttled sends even when the cluster is quiet
    if job.throughput.is_some() && console.sim.next_time().is_none() {
        console.sim.advance(1);
    }
    false
}

/// `ProducerPerformance.Stats`: the totals, and a sample of the latencies (every
/// `sampling`-th record, `sampling = numRecords / min(numRecords, 500000)`) for the
/// percentiles. Kafka keeps the sample in an array it sorts at the end; here it is a
/// histogram (latency → count), which is already in order and small to checkpoint.
/// Simplification: the sample takes every `sampling`-th acknowledged record.
#[derive(Clone, Debug)]
struct LatencyStats {
    count: u64,
    total: i64,
    max: i64,
    sampling: u64,
    sampled: u64,
    histogram: Map<i64, u64>,
}

impl LatencyStats {
    fn new(num_records: u64) -> Self {
        let sampling = (num_records / num_records.clamp(1, 500_000)).max(1);
        LatencyStats { count: 0, total: 0, max: 0, sampling, sampled: 0, histogram: Map::new() }
    }

    fn record(&mut self, latency: i64) {
        if self.count % self.sampling == 0 {
            *self.histogram.entry(latency).or_default() += 1;
            self.sampled += 1;
        }
        self.count += 1;
        self.total += latency;
        self.max = self.max.max(latency);
    }

    /// `percentiles`: the sample's value at index `(int) (p * size)` once sorted.
    fn percentile(&self, p: f64) -> i64 {
        let index = ((p * self.sampled as f64) as u64).min(self.sampled.saturating_sub(1));
        let mut seen = 0;
        for (&latency, &n) in self.histogram.iter() {
            seen += n;
            if seen > index {
                return latency;
            }
        }
        0
    }
}

fn final_report(job: &mut ProducerPerfJob, now: i64, out: &mut Output) {
    let stats = &job.latencies;
    let count = stats.count;
    let secs = ((now - job.start_ms) as f64 / 1000.0).max(0.001);
    let mb = count as f64 * job.record_size as f64 / 1024.0 / 1024.0;
    let avg = if count == 0 { 0.0 } else { stats.total as f64 / count as f64 };
    out.outln(format!(
        "{count} records sent, {} records/sec ({} MB/sec), {} ms avg latency, {} ms max latency, {} ms 50th, {} ms 95th, {} ms 99th, {} ms 99.9th.",
        fixed(count as f64 / secs, 6),
        fixed(mb / secs, 2),
        fixed(avg, 2),
        fixed(stats.max as f64, 2),
        stats.percentile(0.5),
        stats.percentile(0.95),
        stats.percentile(0.99),
        stats.percentile(0.999)
    ));
}

pub fn stop_producer(console: &mut Console, job: &mut ProducerPerfJob, clean: bool, out: &mut Output) {
    if clean {
        let _ = console.apply(Command::CloseProducer { producer: job.producer });
        let now = console.sim.now();
        final_report(job, now, out);
    }
}

/// A running `kafka-consumer-perf-test.sh`.
#[derive(Clone, Debug)]
pub struct ConsumerPerfJob {
    consumer: u32,
    messages: u64,
    timeout_ms: i64,
    start_ms: i64,
    last_record_ms: i64,
    first_assignment_ms: Option<i64>,
    consumed: u64,
    bytes: u64,
    /// `--show-detailed-stats`: a progress line per `--reporting-interval` (ms) instead of
    /// the summary
    detailed: bool,
    reporting_interval_ms: i64,
    last_report_ms: i64,
    last_consumed: u64,
    last_bytes: u64,
    /// the first report shows the join time; ConsumerPerformance then resets a copy of the
    /// counter its rebalance listener never updates, so later reports show 0
    reported: bool,
}

/// `ConsumerPerfOptions` (tools/ConsumerPerformance.java, Kafka 4.2+: `--num-records`,
/// `--command-property`, `--command-config`, `--include`, the deprecated `--messages`
/// and `--consumer.config`), as jopt-simple prints them in `--help`. `--group` defaults
/// to `perf-consumer-` and a random number below 100000, drawn anew each run; the help
/// shows one such number.
pub(crate) const CONSUMER_SPECS: &[crate::console::options::OptionSpec] = {
    use crate::console::options::{OptionSpec, ValueType};
    &[
        OptionSpec::with_arg("bootstrap-server", "server to connect to", "REQUIRED: The server(s) to connect to."),
        OptionSpec::with_arg("topic", "topic", "The topic to consume from."),
        OptionSpec::with_arg("include", "Java regex (String)", "Regular expression specifying list of topics to include for consumption."),
        OptionSpec::with_arg("group", "gid", "The group id to consume on.").defaults_to(&["perf-consumer-58921"]),
        OptionSpec::with_arg("fetch-size", "size", "The maximum amount of data to fetch from a single partition per request.")
            .of_type(ValueType::Integer)
            .defaults_to(&["1048576"]),
        OptionSpec::with_arg(
            "command-property",
            "prop1=val1",
            "Kafka consumer related configuration properties like client.id. These configs take precedence over those passed via --command-config or --consumer.config.",
        )
        .repeatable(),
        OptionSpec::flag(
            "from-latest",
            "If the consumer does not already have an established offset to consume from, start with the latest record present in the log rather than the earliest record.",
        ),
        OptionSpec::with_arg("socket-buffer-size", "size", "The size of the tcp RECV size.")
            .of_type(ValueType::Integer)
            .defaults_to(&["2097152"]),
        OptionSpec::with_arg(
            "consumer.config",
            "config file",
            "(DEPRECATED) Consumer config properties file. This option will be removed in a future version. Use --command-config instead.",
        ),
        OptionSpec::with_arg("command-config", "config file", "Config properties file."),
        OptionSpec::flag("print-metrics", "Print out the metrics."),
        OptionSpec::flag("show-detailed-stats", "If set, stats are reported for each reporting interval as configured by reporting-interval."),
        OptionSpec::with_optional_arg("timeout", "milliseconds", "The maximum allowed time in milliseconds between returned records.")
            .of_type(ValueType::Long)
            .defaults_to(&["10000"]),
        OptionSpec::with_arg(
            "messages",
            "count",
            "(DEPRECATED) The number of records to consume. This option will be removed in a future version. Use --num-records instead.",
        )
        .of_type(ValueType::Long),
        OptionSpec::with_arg("num-records", "count", "REQUIRED: The number of records to consume.").of_type(ValueType::Long),
        OptionSpec::with_arg("reporting-interval", "interval_ms", "Interval in milliseconds at which to print progress info.")
            .of_type(ValueType::Long)
            .defaults_to(&["5000"]),
        OptionSpec::with_arg(
            "date-format",
            "date format",
            "The date format to use for formatting the time field. See java.text.SimpleDateFormat for options.",
        )
        .defaults_to(&["yyyy-MM-dd HH:mm:ss:SSS"]),
        OptionSpec::flag("hide-header", "If set, skips printing the header for the stats."),
        OptionSpec::help_option(),
        OptionSpec::version_option(),
    ]
};

pub fn run_consumer(console: &mut Console, cmd: &ShellCommand, out: &mut Output) -> Status {
    const ABOUT: &str = "This tool is used to verify the consumer performance.";
    let parser = crate::console::options::OptionParser::for_tool("kafka-consumer-perf-test.sh", CONSUMER_SPECS);
    let args = &cmd.argv[1..];
    // ConsumerPerfOptions: an option the parser refuses is printUsageAndExit's message
    // and usage; then maybePrintHelpOrVersion (no arguments or --help: the usage, exit 1)
    let opts = match parser.parse(args) {
        Ok(o) => o,
        Err(e) => return super::usage_and_exit(&parser, &e.message(), out),
    };
    if args.is_empty() || opts.has("help") {
        return super::usage_and_exit(&parser, ABOUT, out);
    }
    if opts.has("version") {
        return super::print_version(out);
    }
    let value = |k: &str| opts.value_of(k).ok().flatten().map(str::to_string);
    // checkRequiredArgs(bootstrap-server), checkOneOfArgs(topic, include),
    // checkOneOfArgs(messages, num-records), checkInvalidArgs(consumer.config, command-config)
    let Some(bootstrap) = value("bootstrap-server") else {
        return super::usage_and_exit(&parser, "Missing required argument \"[bootstrap-server]\"", out);
    };
    let topic = match (value("topic"), opts.has("include")) {
        (Some(t), false) => t,
        (None, true) => {
            out.errln("Kafkascope's kafka-consumer-perf-test.sh consumes a --topic; --include is not simulated.");
            return 1;
        }
        _ => return super::usage_and_exit(&parser, "Exactly one of the following arguments is required: [topic], [include]", out),
    };
    let messages = match (value("messages"), value("num-records")) {
        (Some(m), None) | (None, Some(m)) => m,
        _ => return super::usage_and_exit(&parser, "Exactly one of the following arguments is required: [messages], [num-records]", out),
    };
    if opts.has("consumer.config") && opts.has("command-config") {
        return super::usage_and_exit(&parser, "Option \"[consumer.config]\" can't be used with option \"[command-config]\"", out);
    }
    if opts.has("messages") {
        out.outln("Warning: --messages is deprecated. Use --num-records instead.");
    }
    if opts.has("consumer.config") {
        out.outln("Warning: --consumer.config is deprecated. Use --command-config instead.");
    }
    let command_props: Vec<String> = opts.values_of("command-property").iter().map(|p| p.to_string()).collect();
    let named: Map<String, String> = ["consumer.config", "command-config", "group", "timeout", "reporting-interval"]
        .iter()
        .filter(|k| opts.has(k))
        .filter_map(|k| value(k).map(|v| (k.to_string(), v)))
        .chain(["from-latest", "show-detailed-stats", "hide-header"].iter().filter(|k| opts.has(k)).map(|k| (k.to_string(), String::new())))
        .collect();
    let bootstrap = &bootstrap;
    // ConsumerPerfOptions.props: the config file, then --command-property on top, then
    // the tool's own settings (group.id, auto.offset.reset) over both
    let mut props: Vec<(String, String)> = match named.get("consumer.config").or(named.get("command-config")) {
        Some(path) => match super::load_properties(console, path) {
            Ok(p) => p,
            Err(e) => {
                out.errln(e);
                return 1;
            }
        },
        None => Vec::new(),
    };
    for p in &command_props {
        match split_property(p) {
            Some(kv) => props.push(kv),
            None => {
                out.errln(super::java_trace(format!(
                    "Exception in thread \"main\" java.lang.IllegalArgumentException: Invalid property: {p}"
                )));
                return 1;
            }
        }
    }
    props.retain(|(k, _)| k != "group.id" && k != "auto.offset.reset" && k != "bootstrap.servers");
    if let Err(e) = check_bootstrap(console, bootstrap) {
        out.errln(e);
        return 1;
    }
    let Ok(messages) = messages.parse::<u64>() else {
        out.errln(super::java_trace(format!("Exception in thread \"main\" joptsimple.OptionArgumentConversionException: Cannot parse argument '{messages}' of option messages")));
        return 1;
    };
    let group = named.get("group").cloned().unwrap_or_else(|| format!("perf-consumer-{}", console.rng.below(100_000)));
    let reset = if named.contains_key("from-latest") { "latest" } else { "earliest" };
    let mut configs = props;
    configs.push(("group.id".to_string(), group));
    configs.push(("auto.offset.reset".to_string(), reset.to_string()));
    let consumer = match console.apply(Command::CreateConsumer { configs }) {
        Ok(Reply::ConsumerCreated(c)) => c,
        Ok(_) => unreachable!("CreateConsumer answers ConsumerCreated"),
        Err(e) => {
            out.errln(super::client_construction_error(&e, "consumer"));
            return 1;
        }
    };
    if let Err(e) = console.apply(Command::Subscribe { consumer, topics: vec![topic.clone()] }) {
        out.errln(super::java_trace(format!("Exception in thread \"main\" {}", super::exception_text(&e))));
        return 1;
    }
    let now = console.sim.now();
    let timeout_ms = named.get("timeout").and_then(|t| t.parse().ok()).unwrap_or(10_000);
    let detailed = named.contains_key("show-detailed-stats");
    let reporting_interval_ms = named.get("reporting-interval").and_then(|t| t.parse::<i64>().ok()).unwrap_or(5_000);
    let hide_header = named.contains_key("hide-header");
    // ConsumerPerformance.printHeader runs before the consumer starts
    if !hide_header {
        out.outln(if detailed {
            "time, threadId, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec, rebalance.time.ms, fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec"
        } else {
            "start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec, rebalance.time.ms, fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec"
        });
    }
    // ConsumerPerfOptions.reportingIntervalMs (Kafka 4.0 source), read as the test starts:
    // not positive is an IllegalArgumentException, printed with its stack trace
    if reporting_interval_ms <= 0 {
        let _ = console.apply(Command::CloseConsumer { consumer });
        out.errln("Reporting interval must be greater than 0.");
        out.errln(super::java_trace("java.lang.IllegalArgumentException: Reporting interval must be greater than 0.".into()));
        return 1;
    }
    let job = ConsumerPerfJob {
        consumer,
        messages,
        timeout_ms,
        start_ms: now,
        last_record_ms: now,
        first_assignment_ms: None,
        consumed: 0,
        bytes: 0,
        detailed,
        reporting_interval_ms,
        last_report_ms: now,
        last_consumed: 0,
        last_bytes: 0,
        reported: false,
    };
    if cmd.background {
        console.start_job(cmd.argv.join(" "), JobKind::ConsumerPerf(job), cmd.redirects.clone(), out);
        return 0;
    }
    let mut job = job;
    // the test ends when --timeout passes without a record, even in a quiet cluster
    let finished = super::run_foreground(console, &mut job, out, wake_consumer, poll_consumer);
    if !finished {
        out.errln(super::foreground_limit_message("kafka-consumer-perf-test.sh"));
        stop_consumer(console, &mut job, true, out);
    }
    super::consumer::finish_close(console, job.consumer, out);
    if finished {
        0
    } else {
        1
    }
}

pub fn poll_consumer(console: &mut Console, job: &mut ConsumerPerfJob, out: &mut Output) -> bool {
    let now = console.sim.now();
    let records = console.sim.take_delivered(job.consumer);
    if !records.is_empty() {
        job.last_record_ms = now;
    }
    if job.first_assignment_ms.is_none() && console.sim.consumer_state(job.consumer).is_some_and(|c| !c.member.owned.is_empty()) {
        job.first_assignment_ms = Some(now);
    }
    for r in records {
        if job.consumed >= job.messages {
            break;
        }
        job.consumed += 1;
        job.bytes += r.record.value.as_ref().map_or(0, Vec::len) as u64 + r.record.key.as_ref().map_or(0, Vec::len) as u64;
        // ConsumerPerformance.consume: checked after each record, against the poll's time
        if now - job.last_report_ms >= job.reporting_interval_ms {
            if job.detailed {
                report_progress(job, now, out);
            }
            job.reported = true;
            job.last_report_ms = now;
            job.last_consumed = job.consumed;
            job.last_bytes = job.bytes;
        }
    }
    let finished = job.consumed >= job.messages;
    let timed_out = now - job.last_record_ms > job.timeout_ms;
    if !finished && !timed_out {
        return false;
    }
    if timed_out && !finished {
        out.outln(format!("WARNING: Exiting before consuming the expected number of messages: timeout ({} ms) exceeded. You can use the --timeout option to increase the timeout.", job.timeout_ms));
    }
    let _ = console.apply(Command::CloseConsumer { consumer: job.consumer });
    report_consumer(job, now, out);
    true
}

/// ConsumerPerformance's default date format: yyyy-MM-dd HH:mm:ss:SSS.
fn perf_date(ms: i64) -> String {
    let iso = crate::console::time::iso_datetime(epoch_ms(ms));
    format!("{} {}:{}", &iso[..10], &iso[11..19], &iso[20..23])
}

/// `printConsumerProgress` (Kafka 4.0 source): the totals, the interval's rates, and the
/// interval's join and fetch time.
fn report_progress(job: &ConsumerPerfJob, now: i64, out: &mut Output) {
    const MB: f64 = 1024.0 * 1024.0;
    let elapsed = (now - job.last_report_ms) as f64;
    let interval_mb = (job.bytes - job.last_bytes) as f64 / MB;
    let interval_msgs = (job.consumed - job.last_consumed) as f64;
    let join = if job.reported { 0 } else { job.first_assignment_ms.map_or(0, |t| t - job.start_ms) };
    let fetch_ms = now - job.last_report_ms - join;
    let per_fetch_sec = |x: f64| if fetch_ms <= 0 { 0.0 } else { 1000.0 * x / fetch_ms as f64 };
    out.outln(format!(
        "{}, 0, {}, {}, {}, {}, {join}, {fetch_ms}, {}, {}",
        perf_date(now),
        fixed(job.bytes as f64 / MB, 4),
        fixed(1000.0 * interval_mb / elapsed, 4),
        job.consumed,
        fixed(interval_msgs / elapsed * 1000.0, 4),
        fixed(per_fetch_sec(interval_mb), 4),
        fixed(per_fetch_sec(interval_msgs), 4)
    ));
}

fn report_consumer(job: &ConsumerPerfJob, now: i64, out: &mut Output) {
    if job.detailed {
        return; // the final summary is printed without --show-detailed-stats only
    }
    let fmt = perf_date;
    let mb = job.bytes as f64 / 1024.0 / 1024.0;
    let secs = ((now - job.start_ms) as f64 / 1000.0).max(0.001);
    let rebalance = job.first_assignment_ms.map_or(0, |t| t - job.start_ms);
    let fetch_ms = (now - job.start_ms - rebalance).max(1);
    let fetch_secs = fetch_ms as f64 / 1000.0;
    out.outln(format!(
        "{}, {}, {}, {}, {}, {}, {}, {}, {}, {}",
        fmt(job.start_ms),
        fmt(now),
        fixed(mb, 4),
        fixed(mb / secs, 4),
        job.consumed,
        fixed(job.consumed as f64 / secs, 4),
        rebalance,
        fetch_ms,
        fixed(mb / fetch_secs, 4),
        fixed(job.consumed as f64 / fetch_secs, 4)
    ));
}

pub fn stop_consumer(console: &mut Console, job: &mut ConsumerPerfJob, clean: bool, out: &mut Output) {
    if clean {
        let _ = console.apply(Command::CloseConsumer { consumer: job.consumer });
        report_consumer(job, console.sim.now(), out);
    } else {
        let _ = console.apply(Command::CrashConsumer { consumer: job.consumer });
    }
}

#[cfg(test)]
mod tests {
    use super::LatencyStats;

    #[test]
    fn percentiles_index_the_sorted_sample_as_producer_performance_does() {
        let mut s = LatencyStats::new(1000);
        for latency in (1..=1000).rev() {
            s.record(latency);
        }
        // latencies[(int) (p * size)] of the sorted 1..=1000
        assert_eq!([s.percentile(0.5), s.percentile(0.95), s.percentile(0.999)], [501, 951, 1000]);
        assert_eq!((s.count, s.total, s.max), (1000, 500_500, 1000));
        assert_eq!(LatencyStats::new(0).percentile(0.5), 0, "no records, no panic");
    }

    #[test]
    fn a_large_run_samples_every_nth_record() {
        // numRecords / min(numRecords, 500000)
        assert_eq!(LatencyStats::new(1_000_000).sampling, 2);
        assert_eq!(LatencyStats::new(1_600_000).sampling, 3);
        let mut s = LatencyStats::new(1_000_000);
        for i in 0..10 {
            s.record(i);
        }
        assert_eq!((s.sampled, s.count), (5, 10));
        assert_eq!(s.histogram.keys().copied().collect::<Vec<_>>(), vec![0, 2, 4, 6, 8]);
    }
}
