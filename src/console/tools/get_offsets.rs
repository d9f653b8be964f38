//! `kafka-get-offsets.sh` (tools/src/main/java/org/apache/kafka/tools/GetOffsetShell.java,
//! Kafka 3.8; its options checked against 4.0's, which dropped `--broker-list`): `topic:partition:offset` per partition. `--time -1` (latest, the high
//! watermark), `-2` (earliest, the log start offset), or a timestamp in ms.

use crate::console::options::{OptionSpec, ValueType};
use crate::console::output::Output;
use crate::console::runtime::{Console, Status};
use crate::console::time::virtual_ms;
use crate::engine::sim::OffsetSpec;

use super::consumer::include_matches;
use super::{check_bootstrap, parse, usage_and_exit, BOOTSTRAP};

pub(crate) const SPECS: &[OptionSpec] = &[
    BOOTSTRAP,
    OptionSpec::with_arg("command-config", "config file", "Property file containing configs to be passed to Admin Client."),
    OptionSpec::flag("exclude-internal-topics", "By default, internal topics are included. If specified, internal topics are excluded."),
    OptionSpec::help_option(),
    OptionSpec::with_arg("partitions", "partition ids", "Comma separated list of partition ids to get the offsets for. If not present, all partitions of the authorized topics are queried."),
    OptionSpec::with_arg("time", "<String: timestamp/-1(latest)/-2(earliest)/-3(max timestamp)>", "timestamp of the offsets before that.").defaults_to(&["latest"]),
    OptionSpec::with_arg("topic", "topic", "The topic to get the offsets for. It also accepts a regular expression. If not present, all authorized topics are queried."),
    OptionSpec::with_arg("topic-partitions", "topic1:1,topic2:0-3", "Comma separated list of topic-partition patterns to get the offsets for."),
    OptionSpec::version_option().of_type(ValueType::String),
];

pub fn run(console: &mut Console, args: &[String], out: &mut Output) -> Status {
    let (parser, opts) = match parse("kafka-get-offsets.sh", SPECS, args, out) {
        Ok(p) => p,
        Err(s) => return s,
    };
    if opts.has("help") {
        out.err(parser.usage_error("An interactive shell for getting topic-partition offsets."));
        return 1; // CommandLineUtils.printUsageAndExit exits 1, for --help too
    }
    if opts.has("version") {
        return super::print_version(out);
    }
    let Some(bootstrap) = opts.value_of("bootstrap-server").ok().flatten() else {
        return usage_and_exit(&parser, "Missing required argument \"[bootstrap-server]\"", out);
    };
    if let Err(e) = check_bootstrap(console, bootstrap) {
        out.errln(format!("Error occurred: {e}"));
        return 1;
    }
    let time = opts.value_of("time").ok().flatten().unwrap_or("latest");
    let spec = match time {
        "-1" | "latest" => OffsetSpec::Latest,
        "-2" | "earliest" => OffsetSpec::Earliest,
        t => match t.parse::<i64>() {
            Ok(ts) if ts >= 0 => OffsetSpec::Timestamp(virtual_ms(ts)),
            _ => {
                out.errln(format!("Malformed time argument {t}. Please use -1 or latest / -2 or earliest / -3 or max-timestamp, or a specified long format timestamp"));
                return 1;
            }
        },
    };
    let partitions: Option<Vec<u32>> = match opts.value_of("partitions").ok().flatten() {
        Some(ps) => match ps.split(',').map(|p| p.trim().parse::<u32>()).collect::<Result<Vec<_>, _>>() {
            Ok(v) => Some(v),
            Err(_) => return usage_and_exit(&parser, &format!("Invalid partition list '{ps}'"), out),
        },
        None => None,
    };
    let topic = opts.value_of("topic").ok().flatten();
    let exclude_internal = opts.has("exclude-internal-topics");
    let mut rows = Vec::new();
    for t in console.sim.topics() {
        if topic.is_some_and(|p| !include_matches(p, &t.name)) || (exclude_internal && t.name.starts_with("__")) {
            continue;
        }
        for p in 0..t.partitions.len() as u32 {
            if partitions.as_ref().is_some_and(|ps| !ps.contains(&p)) {
                continue;
            }
            if let Ok(Some(o)) = console.sim.list_offset(&t.name, p, spec) {
                rows.push(format!("{}:{p}:{o}", t.name));
            }
        }
    }
    if rows.is_empty() && topic.is_some() && console.sim.topics().all(|t| !include_matches(topic.unwrap_or(""), &t.name)) {
        out.errln("Error occurred: Could not match any topic-partitions with the specified filters");
        return 1;
    }
    for r in rows {
        out.outln(r);
    }
    0
}
