//! `kafka-get-offsets.sh` (tools/src/main/java/org/apache/kafka/tools/GetOffsetShell.java,
//! Kafka 3.8; options, filters, `--time` values and errors checked against the 4.0 source,
//! which 4.3 keeps): `topic:partition:offset` per partition, sorted by `topic-partition`
//! as a string. `--time -1`/`latest` (the high watermark), `-2`/`earliest` (the log start
//! offset), `-3`/`max-timestamp` (the record with the largest timestamp), `-4`/
//! `earliest-local` (the log start: no tiered storage), `-5`/`latest-tiered` (nothing: no
//! tiered storage) or a timestamp in ms. `--topic-partitions` takes GetOffsetShell's
//! patterns (`t:1`, `t:0-3` upper bound excluded, `t:5-`, `t:-3`, `:0`, `t`).

use crate::console::options::{OptionParser, OptionSpec, ValueType};
use crate::console::output::Output;
use crate::console::runtime::{Console, Status};
use crate::console::time::virtual_ms;
use crate::engine::sim::OffsetSpec;

use super::consumer::include_matches;
use super::{check_bootstrap, usage_and_exit, BOOTSTRAP};

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

/// What `--time` asks for (`GetOffsetShell.parseOffsetSpec`); `None` for latest-tiered.
fn parse_time(t: &str) -> Result<Option<OffsetSpec>, String> {
    Ok(Some(match t {
        "latest" | "-1" => OffsetSpec::Latest,
        "earliest" | "-2" | "earliest-local" | "-4" => OffsetSpec::Earliest,
        "max-timestamp" | "-3" => OffsetSpec::MaxTimestamp,
        "latest-tiered" | "-5" => return Ok(None),
        _ => match crate::console::options::parse_java_long(t) {
            Some(ts) => OffsetSpec::Timestamp(virtual_ms(ts)),
            None => {
                return Err(format!(
                    "Malformed time argument {t}. Please use -1 or latest / -2 or earliest / -3 or max-timestamp / -4 or earliest-local / -5 or latest-tiered, or a specified long format timestamp"
                ))
            }
        },
    }))
}

/// One `--topic-partitions` rule: `([^:,]*)(?::(?:([0-9]*)|(?:([0-9]*)-([0-9]*))))?`; the
/// partitions are `[low, high)`.
struct Rule {
    topic: Option<String>,
    low: i64,
    high: i64,
}

/// Why a rule is refused: it does not match the pattern (a TerseException), or a number in
/// it is not an int (Integer.parseInt's NumberFormatException).
enum BadRule {
    Pattern,
    Number(String),
}

fn parse_rule(spec: &str) -> Result<Rule, BadRule> {
    let digits = |s: &str| s.chars().all(|c| c.is_ascii_digit());
    let number = |s: &str, default: i64| {
        if s.is_empty() {
            Ok(default)
        } else {
            s.parse::<i32>().map(i64::from).map_err(|_| BadRule::Number(s.to_string()))
        }
    };
    let (topic, part) = match spec.split_once(':') {
        Some((t, p)) => (t, Some(p)),
        None => (spec, None),
    };
    if topic.contains(',') {
        return Err(BadRule::Pattern);
    }
    let topic = (!topic.is_empty()).then(|| topic.to_string());
    let (low, high) = match part {
        None | Some("") => (0, i64::from(i32::MAX)),
        Some(p) if digits(p) => {
            let n = number(p, 0)?;
            (n, n + 1)
        }
        Some(p) => {
            let (a, b) = p.split_once('-').ok_or(BadRule::Pattern)?;
            if !digits(a) || !digits(b) {
                return Err(BadRule::Pattern);
            }
            (number(a, 0)?, number(b, i64::from(i32::MAX))?)
        }
    };
    Ok(Rule { topic, low, high })
}

pub fn run(console: &mut Console, args: &[String], out: &mut Output) -> Status {
    let parser = OptionParser::for_tool("kafka-get-offsets.sh", SPECS);
    if args.is_empty() {
        return usage_and_exit(&parser, "An interactive shell for getting topic-partition offsets.", out);
    }
    // GetOffsetShell.mainNoExit: an option the parser refuses is a TerseException
    let opts = match parser.parse(args) {
        Ok(o) => o,
        Err(e) => return error_occurred(out, &e.message()),
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
        return error_occurred(out, &e);
    }
    let topic = opts.value_of("topic").ok().flatten();
    let partitions = opts.value_of("partitions").ok().flatten();
    let rules = opts.value_of("topic-partitions").ok().flatten();
    if rules.is_some() && (topic.is_some() || partitions.is_some()) {
        return error_occurred(out, "--topic-partitions cannot be used with --topic or --partitions");
    }
    let spec = match parse_time(opts.value_of("time").ok().flatten().unwrap_or("latest")) {
        Ok(s) => s,
        Err(e) => return error_occurred(out, &e),
    };
    let rules: Vec<Rule> = match rules {
        Some(list) => {
            let mut v = Vec::new();
            for r in list.split(',') {
                match parse_rule(r) {
                    Ok(rule) => v.push(rule),
                    // a RuntimeException around the TerseException: its message is the cause's
                    Err(BadRule::Pattern) => {
                        return error_occurred(out, &format!("org.apache.kafka.tools.TerseException: Invalid rule specification: {r}"))
                    }
                    // Integer.parseInt's NumberFormatException: main's catch (Throwable)
                    // prints its message and its stack trace
                    Err(BadRule::Number(n)) => {
                        error_occurred(out, &format!("For input string: \"{n}\""));
                        super::print_stack_trace(out, format!("java.lang.NumberFormatException: For input string: \"{n}\""));
                        return 1;
                    }
                }
            }
            v
        }
        None => {
            let set: Option<Vec<i64>> = match partitions.filter(|p| !p.is_empty()) {
                Some(ps) => match ps.split(',').map(|p| p.parse::<i32>().map(i64::from)).collect::<Result<Vec<_>, _>>() {
                    Ok(v) => Some(v),
                    Err(_) => {
                        return error_occurred(
                            out,
                            &format!("--partitions expects a comma separated list of numeric partition ids, but received: {ps}"),
                        )
                    }
                },
                None => None,
            };
            let topic = Some(topic.unwrap_or(".*").to_string());
            match set {
                Some(ps) => ps.into_iter().map(|p| Rule { topic: topic.clone(), low: p, high: p + 1 }).collect(),
                None => vec![Rule { topic, low: 0, high: i64::from(i32::MAX) }],
            }
        }
    };
    // GetOffsetShell's admin client (client.id GetOffsetShell) lists the topics first; with
    // no broker to reach, the call times out after default.api.timeout.ms, and the
    // ExecutionException is reported with its stack trace
    if let Some(message) =
        super::unreachable::admin_call_as(console, out, bootstrap, "GetOffsetShell", "listTopics", super::unreachable::ADMIN_API_TIMEOUT_MS)
    {
        let cause = format!("org.apache.kafka.common.errors.TimeoutException: {message}");
        error_occurred(out, &cause);
        super::print_stack_trace(out, format!("java.util.concurrent.ExecutionException: {cause}\nCaused by: {cause}"));
        return 1;
    }
    let exclude_internal = opts.has("exclude-internal-topics");
    let allowed =
        |t: &str, p: i64| rules.iter().any(|r| r.topic.as_deref().is_none_or(|pat| include_matches(pat, t)) && r.low <= p && p < r.high);
    let mut matched: Vec<(String, u32)> = Vec::new();
    for t in console.sim.topics() {
        if exclude_internal && crate::engine::topic_name::is_internal(&t.name) {
            continue;
        }
        matched.extend((0..t.partitions.len() as u32).filter(|p| allowed(&t.name, i64::from(*p))).map(|p| (t.name.to_string(), p)));
    }
    if matched.is_empty() {
        return error_occurred(out, "Could not match any topic-partitions with the specified filters");
    }
    // a TreeMap ordered by TopicPartition.toString(): "t-10" before "t-2"
    let mut rows: Vec<(String, String)> = Vec::new();
    for (t, p) in matched {
        if let Some(o) = spec.and_then(|s| console.sim.list_offset(&t, p, s).ok().flatten()) {
            rows.push((format!("{t}-{p}"), format!("{t}:{p}:{o}")));
        }
    }
    crate::engine::sorting::sort(&mut rows);
    for (_, r) in rows {
        out.outln(r);
    }
    0
}

/// `GetOffsetShell.mainNoExit`'s handling of a TerseException.
fn error_occurred(out: &mut Output, message: &str) -> Status {
    out.errln(format!("Error occurred: {message}"));
    1
}
