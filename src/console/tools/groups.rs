//! `kafka-consumer-groups.sh` (tools/src/main/java/org/apache/kafka/tools/consumer/group/ConsumerGroupCommand.java,
//! Kafka 3.8): `--list`, `--describe` (offsets, `--members [--verbose]`, `--state`),
//! `--reset-offsets`, `--delete`.
//!
//! Row order inside a member follows a Java hash map in Kafka; here rows are sorted by
//! topic and partition.

use crate::engine::map::Map;
use crate::engine::sorting;

use crate::console::options::{OptionParser, OptionSpec, ParsedOptions, ValueType};
use crate::console::output::Output;
use crate::console::runtime::{Console, Status};
use crate::console::time::{epoch_ms, log_timestamp, parse_datetime, parse_duration, virtual_ms};
use crate::engine::group::GroupState;
use crate::engine::sim::{GroupDescription, OffsetSpec};
use crate::engine::{Command, ErrorCode, KafkaError};

use super::{check_bootstrap, usage_and_exit, BOOTSTRAP};

const MISSING: &str = "-";

pub(crate) const SPECS: &[OptionSpec] = &[
    OptionSpec::flag("all-groups", "Apply to all consumer groups."),
    OptionSpec::flag("all-topics", "Consider all topics assigned to a group in the `reset-offsets` process."),
    BOOTSTRAP,
    OptionSpec::with_arg("by-duration", "duration", "Reset offsets to offset by duration from current timestamp. Format: 'PnDTnHnMnS'"),
    OptionSpec::with_arg("command-config", "command config property file", "Property file containing configs to be passed to Admin Client and Consumer."),
    OptionSpec::flag("delete", "Pass in groups to delete topic partition offsets and ownership information over the entire consumer group."),
    OptionSpec::flag("delete-offsets", "Delete offsets of consumer group. Supports one consumer group at the time, and multiple topics."),
    OptionSpec::flag("describe", "Describe consumer group and list offset lag (number of messages not yet processed) related to given group."),
    OptionSpec::flag("dry-run", "Only show results without executing changes on Consumer Groups. Supported operations: reset-offsets."),
    OptionSpec::flag("execute", "Execute operation. Supported operations: reset-offsets."),
    OptionSpec::flag("export", "Export operation execution to a CSV file. Supported operations: reset-offsets."),
    OptionSpec::with_arg("group", "consumer group", "The consumer group we wish to act on.").repeatable(),
    OptionSpec::help_option(),
    OptionSpec::flag("list", "List all consumer groups."),
    OptionSpec::flag("members", "Describe members of the group. This option may be used with '--describe' and '--bootstrap-server' options only."),
    OptionSpec::flag("offsets", "Describe the group and list all topic partitions in the group along with their offset lag. This is the default sub-action of and may be used with '--describe' and '--bootstrap-server' options only."),
    OptionSpec::flag("reset-offsets", "Reset offsets of consumer group. Supports one consumer group at the time, and instances should be inactive."),
    OptionSpec::with_arg("shift-by", "number-of-offsets", "Reset offsets shifting current offset by 'n', where 'n' can be positive or negative.").of_type(ValueType::Long),
    OptionSpec::with_optional_arg("state", "", "When specified with '--describe', includes the state of the group. When specified with '--list', it displays the state of all groups."),
    OptionSpec::with_arg("timeout", "timeout (ms)", "The timeout that can be set for some use cases.").of_type(ValueType::Long).defaults_to(&["5000"]),
    OptionSpec::flag("to-current", "Reset offsets to current offset."),
    OptionSpec::with_arg("to-datetime", "datetime", "Reset offsets to offset from datetime. Format: 'YYYY-MM-DDTHH:mm:SS.sss'"),
    OptionSpec::flag("to-earliest", "Reset offsets to earliest offset."),
    OptionSpec::flag("to-latest", "Reset offsets to latest offset."),
    OptionSpec::with_arg("to-offset", "offset", "Reset offsets to a specific offset.").of_type(ValueType::Long),
    OptionSpec::with_arg("topic", "topic", "The topic whose consumer group information should be deleted or topic whose should be included in the reset offset process. In `reset-offsets` case, partitions can be specified using this format: `topic1:0,1,2`.").repeatable(),
    OptionSpec::with_optional_arg("type", "", "When specified with '--list', it displays the types of all the groups. It can also be used to list groups with specific types. This option may be used with the '--list' option only."),
    OptionSpec::with_arg("validate-regex", "regex", "Validate that the syntax of the provided regular expression is valid according to the RE2 format."),
    OptionSpec::flag("verbose", "Provide additional information, if any, when describing the group. This option may be used with '--offsets'/'--members'/'--state' and '--bootstrap-server' options only."),
    OptionSpec::version_option(),
];

/// `ConsumerGroupCommand.printError` (and `ShareGroupCommand`'s): on stdout.
pub(crate) fn print_error(out: &mut Output, msg: &str) {
    out.outln(format!("\nError: {msg}"));
}

/// `run`'s `catch (Throwable e)` (Kafka 4.x): `printError("Executing consumer group command
/// failed due to " + e.getMessage(), Optional.of(e))`, the message on standard output and
/// `e.printStackTrace()` on standard error. `chain` is `e` and its causes, each as
/// `Throwable.toString()` prints it (`Class: message`); a wrapper's message is its cause's
/// `toString()`.
fn command_failed(out: &mut Output, chain: &[String]) {
    let top = &chain[0];
    let message = top.split_once(": ").map_or(top.as_str(), |(_, m)| m);
    print_error(out, &format!("Executing consumer group command failed due to {message}"));
    out.errln(super::java_trace(chain.join("\nCaused by: ")));
}

const RUNTIME: &str = "java.lang.RuntimeException";
const EXECUTION: &str = "java.util.concurrent.ExecutionException";

/// `e` wrapped as `new RuntimeException(e)` does, with its causes.
fn wrapped(class: &str, chain: &[String]) -> Vec<String> {
    std::iter::once(format!("{class}: {}", chain[0])).chain(chain.iter().cloned()).collect()
}

/// Parses kafka-consumer-groups.sh's or kafka-share-groups.sh's options. Their options
/// classes parse in `fromArgs`/the constructor, outside main's try (Kafka 4.0 source), so
/// a parse error or jopt-simple's `availableIf` (--members, --verbose and --offsets need
/// --describe; --state needs --describe or --list) is an uncaught exception the JVM prints
/// (its stack trace left out). `Err` is the exit status.
pub(crate) fn parse_group_options(
    tool: &'static str,
    specs: &[OptionSpec],
    args: &[String],
    out: &mut Output,
) -> Result<(OptionParser, ParsedOptions), Status> {
    let parser = OptionParser::for_tool(tool, specs);
    let opts = match parser.parse(args) {
        Ok(o) => o,
        Err(e) => {
            out.errln(super::java_trace(format!("Exception in thread \"main\" {}", e.java_to_string())));
            return Err(1);
        }
    };
    for (opt, needs) in [
        ("members", &["describe"][..]),
        ("verbose", &["describe"]),
        ("offsets", &["describe"]),
        ("state", &["describe", "list"]),
        ("type", &["list"]),
    ] {
        if opts.has(opt) && !needs.iter().any(|n| opts.has(n)) {
            out.errln(super::java_trace(format!(
                "Exception in thread \"main\" joptsimple.UnavailableOptionException: Option(s) [{opt}] are unavailable given other options on the command line"
            )));
            return Err(1);
        }
    }
    Ok((parser, opts))
}

/// The checks of --describe both group commands' `checkArgs` make: a group (or all), at
/// most one of --members, --offsets and --state, and no value for --state.
pub(crate) fn check_describe(opts: &ParsedOptions) -> Option<String> {
    if !opts.has("group") && !opts.has("all-groups") {
        return Some("Option [describe] takes one of these options: [all-groups], [group]".into());
    }
    if ["members", "offsets", "state"].iter().filter(|o| opts.has(o)).count() > 1 {
        return Some("Option [describe] takes at most one of these options: [members], [offsets], [state]".into());
    }
    if opts.has("state") && opts.value_of("state").ok().flatten().is_some() {
        return Some("Option [describe] does not take a value for [state]".into());
    }
    None
}

/// jopt-simple's `checkInvalidArgs` over options that exclude each other: the first one
/// given, with the first other one given.
pub(crate) fn check_exclusive(opts: &ParsedOptions, options: &[&str]) -> Option<String> {
    let used = options.iter().find(|o| opts.has(o))?;
    let other = options.iter().find(|o| *o != used && opts.has(o))?;
    Some(format!("Option \"[{used}]\" can't be used with option \"[{other}]\""))
}

/// Both group commands' last checks: --group with neither --all-groups nor --list.
pub(crate) fn check_group_with(opts: &ParsedOptions) -> Option<String> {
    ["all-groups", "list"]
        .iter()
        .find(|o| opts.has("group") && opts.has(o))
        .map(|o| format!("Option \"[group]\" can't be used with option \"[{o}]\""))
}

pub fn run(console: &mut Console, args: &[String], out: &mut Output) -> Status {
    let (parser, opts) = match parse_group_options("kafka-consumer-groups.sh", SPECS, args, out) {
        Ok(p) => p,
        Err(s) => return s,
    };
    if opts.has("help") || args.is_empty() {
        out.err(parser.usage_error("This tool helps to list all consumer groups, describe a consumer group, delete consumer group info, or reset consumer group offsets."));
        return 1; // printUsageAndExit, for --help too
    }
    if opts.has("version") {
        return super::print_version(out);
    }
    // --validate-regex needs no broker (ConsumerGroupCommandTest, 4.x: it runs alone)
    let bootstrap = opts.value_of("bootstrap-server").ok().flatten();
    if bootstrap.is_none() && !opts.has("validate-regex") {
        return usage_and_exit(&parser, "Missing required argument \"[bootstrap-server]\"", out);
    }
    if let Some(message) = check_args(&opts, out) {
        return usage_and_exit(&parser, &message, out);
    }
    // ConsumerGroupCommand.main, after the options' checkArgs (4.x: the message lists the actions)
    const ACTIONS: [&str; 6] = ["list", "describe", "delete", "reset-offsets", "delete-offsets", "validate-regex"];
    if ACTIONS.iter().filter(|a| opts.has(a)).count() != 1 {
        let names: Vec<String> = ACTIONS.iter().map(|a| format!("--{a}")).collect();
        return usage_and_exit(&parser, &format!("Command must include exactly one action: {}", names.join(", ")), out);
    }
    // ConsumerGroupCommand.validateRegex (KIP-848, Kafka 4.0+): RE2J's Pattern.compile, locally
    if let Some(regex) = opts.value_of("validate-regex").ok().flatten() {
        match super::re2::check(regex) {
            None => out.outln(format!("The regular expression `{regex}` is valid.")),
            Some(why) => out.outln(format!("The regular expression `{regex}` is invalid: {why}.")),
        }
        return 0;
    }
    let bootstrap = bootstrap.expect("required unless --validate-regex");
    if let Err(e) = check_bootstrap(console, bootstrap) {
        print_error(out, &format!("Executing consumer group command failed due to {e}"));
        return 1;
    }
    let groups: Vec<String> =
        if opts.has("all-groups") { all_groups(console) } else { opts.values_of("group").into_iter().map(str::to_string).collect() };
    if opts.has("list") {
        // `listGroups` (4.x): `consumerGroupTypesFromString` for --type (classic and
        // consumer only), then `groupStatesFromString` for --state (the consumer type's
        // states, any case); Java's split drops trailing empty items; an unknown item is an
        // IllegalArgumentException, printed with the usage. Kafka lists the valid types
        // from a HashSet ("classic, consumer") and the states from a Set.of, whose order
        // changes between JVM runs: here it is GroupState's declaration order
        if let Some(types) = opts.value_of("type").ok().flatten().filter(|s| !s.is_empty()) {
            if java_split(types, ',').iter().any(|t| !["classic", "consumer"].contains(&t.trim().to_ascii_lowercase().as_str())) {
                return usage_and_exit(&parser, &format!("Invalid types list '{types}'. Valid types are: classic, consumer"), out);
            }
        }
        if let Some(states) = opts.value_of("state").ok().flatten().filter(|s| !s.is_empty()) {
            const VALID: [&str; 7] = ["PreparingRebalance", "CompletingRebalance", "Stable", "Dead", "Empty", "Assigning", "Reconciling"];
            if java_split(states, ',').iter().any(|s| !VALID.iter().any(|v| v.eq_ignore_ascii_case(s.trim()))) {
                let message = format!("Invalid state list '{states}'. Valid states are: {}", VALID.join(", "));
                return usage_and_exit(&parser, &message, out);
            }
        }
        // Admin.listConsumerGroups starts with a "findAllBrokers" call whose deadline is
        // --timeout; with no broker to reach it times out, and listConsumerGroups wraps the
        // ExecutionException in a RuntimeException (ConsumerGroupCommand, Kafka 4.0 source)
        if let Some(message) = super::unreachable::admin_call(console, out, bootstrap, "findAllBrokers", group_timeout(&opts)) {
            let e = format!("org.apache.kafka.common.errors.TimeoutException: {message}");
            command_failed(out, &wrapped(RUNTIME, &wrapped(EXECUTION, &[e])));
            return 0;
        }
        return list(console, &opts, out);
    }
    if opts.has("delete-offsets") {
        if !opts.has("group") || !opts.has("topic") {
            return usage_and_exit(&parser, "Option [delete-offsets] takes the following options: [group], [topic]", out);
        }
        return delete_offsets(console, &opts, &parser, out);
    }
    if groups.is_empty() && !opts.has("all-groups") {
        return usage_and_exit(&parser, "Option [describe] takes one of these options: [all-groups], [group]", out);
    }
    // the other actions start by finding each group's coordinator (the admin client's
    // FindCoordinator lookup, named after its handler); with no broker to reach they time
    // out after --timeout, each as its code reports it (ConsumerGroupCommand, 4.0 source)
    let timeout_text = |message: &str| format!("org.apache.kafka.common.errors.TimeoutException: {message}");
    if opts.has("all-groups") {
        if let Some(message) = super::unreachable::admin_call(console, out, bootstrap, "findAllBrokers", group_timeout(&opts)) {
            command_failed(out, &wrapped(RUNTIME, &wrapped(EXECUTION, &[timeout_text(&message)])));
            return 0;
        }
    } else if !opts.has("delete-offsets") {
        let call =
            if opts.has("delete") { "deleteConsumerGroups(api=FIND_COORDINATOR)" } else { "describeConsumerGroups(api=FIND_COORDINATOR)" };
        if let Some(message) = super::unreachable::admin_call(console, out, bootstrap, call, group_timeout(&opts)) {
            let e = timeout_text(&message);
            if opts.has("delete") {
                print_error(out, "Deletion of some consumer groups failed:");
                // deleteGroups (4.x) prints each future's cause, in HashMap order
                for g in java_hash_map_order(groups.clone()) {
                    out.outln(format!("* Group '{g}' could not be deleted due to: {e}"));
                }
            } else if opts.has("describe") {
                command_failed(out, &wrapped(EXECUTION, &[e]));
            } else {
                command_failed(out, &wrapped(RUNTIME, &wrapped(EXECUTION, &[e])));
            }
            return 0;
        }
    }
    if opts.has("describe") {
        for g in &groups {
            describe(console, &opts, g, out);
        }
        0
    } else if opts.has("delete") {
        delete(console, &groups, out)
    } else {
        reset(console, &opts, &groups, &parser, out)
    }
}

/// `ConsumerGroupCommandOptions.checkArgs` (Kafka 4.0's tools; 4.3 checks the same), after
/// --help, --version and --bootstrap-server: the first refusal's message, in Kafka's order.
/// `--reset-offsets` with neither --dry-run nor --execute warns here, on standard error.
fn check_args(opts: &ParsedOptions, out: &mut Output) -> Option<String> {
    let has = |o: &str| opts.has(o);
    let scope = "[all-groups], [group]";
    if has("describe") {
        if let Some(m) = check_describe(opts) {
            return Some(m);
        }
    }
    if has("delete") {
        if !has("group") && !has("all-groups") {
            return Some(format!("Option [delete] takes one of these options: {scope}"));
        }
        if has("topic") {
            return Some("The consumer does not support topic-specific offset deletion from a consumer group.".into());
        }
    }
    if has("delete-offsets") && (!has("group") || !has("topic")) {
        return Some("Option [delete-offsets] takes the following options: [group], [topic]".into());
    }
    if has("reset-offsets") {
        if has("dry-run") && has("execute") {
            return Some("Option [reset-offsets] only accepts one of [execute] and [dry-run]".into());
        }
        if !has("dry-run") && !has("execute") {
            out.errln("WARN: No action will be performed as the --execute option is missing. In a future major release, the default behavior of this command will be to prompt the user before executing the reset rather than doing a dry run. You should add the --dry-run option explicitly if you are scripting this command and want to keep the current default behavior without prompting.");
        }
        if !has("group") && !has("all-groups") {
            return Some(format!("Option [reset-offsets] takes one of these options: {scope}"));
        }
        let scenarios = ["to-offset", "to-datetime", "by-duration", "to-earliest", "to-latest", "to-current", "shift-by", "from-file"];
        if let Some(m) = check_exclusive(opts, &scenarios) {
            return Some(m);
        }
    }
    if let Some(m) = check_group_with(opts) {
        return Some(m);
    }
    if has("topic") {
        if let Some(a) = ["list", "describe"].iter().find(|a| has(a)) {
            return Some(format!("Option \"[topic]\" can't be used with option \"[{a}]\""));
        }
    }
    None
}

/// `--timeout` (ms, 5000 by default): the admin calls' deadline.
fn group_timeout(opts: &ParsedOptions) -> i64 {
    opts.value_of("timeout").ok().flatten().and_then(|t| t.parse::<i64>().ok()).unwrap_or(5_000)
}

/// `String.split` as Java does it: trailing empty strings are dropped.
fn java_split(text: &str, separator: char) -> Vec<&str> {
    let mut parts: Vec<&str> = text.split(separator).collect();
    while parts.last().is_some_and(|p| p.is_empty()) {
        parts.pop();
    }
    parts
}

/// `--delete-offsets` (`ConsumerGroupCommand.deleteOffsets`): `--topic T` means every
/// partition of T, `--topic T:0,1` those partitions. Prints the outcome, then a row per
/// partition; partition errors are reported in the rows, and the status stays 0.
fn delete_offsets(console: &mut Console, opts: &ParsedOptions, parser: &crate::console::options::OptionParser, out: &mut Output) -> Status {
    let groups = opts.values_of("group");
    if groups.len() > 1 {
        // jopt-simple's valueOf, which the command uses for --group
        command_failed(
            out,
            &["joptsimple.MultipleArgumentsForOptionException: Found multiple arguments for option group, but you asked for only one"
                .into()],
        );
        return 0; // an OptionException caught by run's catch (Throwable): main returns normally
    }
    let group = groups[0].to_string();
    let topics: Vec<&str> = opts.values_of("topic");
    let mut requested: Vec<(String, i32)> = Vec::new();
    // (topic, partition, error): -1 for a topic that could not be described
    let mut rows: Vec<(String, i32, Option<String>)> = Vec::new();
    for arg in topics.iter().filter(|t| t.contains(':')) {
        let parts = java_split(arg, ':');
        // parseTopicsWithPartitions throws IllegalArgumentExceptions, which run prints
        // with the usage (CommandLineUtils.printUsageAndExit, exit 1)
        if parts.len() != 2 {
            return usage_and_exit(parser, &format!("Invalid topic arg '{arg}', expected topic name and partitions"), out);
        }
        for p in java_split(parts[1], ',') {
            let Some(n) = crate::console::options::parse_java_int(p) else {
                return usage_and_exit(parser, &format!("Invalid partition '{p}' specified in topic arg '{arg}''"), out);
            };
            requested.push((parts[0].to_string(), n));
        }
    }
    // the topics named without partitions, each once (a set in the tool)
    let mut whole: Vec<&str> = topics.iter().copied().filter(|t| !t.contains(':')).collect();
    sorting::sort(&mut whole);
    whole.dedup();
    for t in whole {
        match console.sim.topic(t) {
            Some(topic) => requested.extend((0..topic.partitions.len() as i32).map(|p| (t.to_string(), p))),
            None => rows.push((t.to_string(), -1, Some(super::exception_text(&KafkaError::of(ErrorCode::UnknownTopicOrPartition))))),
        }
    }
    sorting::sort(&mut requested);
    requested.dedup();
    // `deleteOffsets` (ConsumerGroupCommand, 4.1+: apache/kafka#19610 and later): the
    // top-level error as `Errors.forException` names it, then a row per partition
    let partition_level = "Encountered some partition-level error, see the follow-up details.";
    let top_level = |code: ErrorCode| match code {
        ErrorCode::InvalidGroupId | ErrorCode::GroupIdNotFound | ErrorCode::NonEmptyGroup => code.default_message().to_string(),
        ErrorCode::GroupSubscribedToTopic | ErrorCode::UnknownTopicOrPartition => partition_level.to_string(),
        _ => format!("Encountered some unknown error: {}", code.name()),
    };
    let top = match console.apply(Command::DeleteGroupOffsets { group: group.clone(), partitions: requested.clone() }) {
        Ok(crate::engine::Reply::OffsetsDeleted(results)) => {
            let failed = results.iter().find_map(|(_, _, e)| *e);
            rows.extend(results.into_iter().map(|(t, p, e)| (t, p, e.map(|e| super::exception_text(&KafkaError::of(e))))));
            failed.map_or(Ok(()), |code| Err(top_level(code)))
        }
        Ok(_) => Ok(()),
        Err(e) => {
            // the request failed as a whole: every partition reports it
            rows.extend(requested.into_iter().map(|(t, p)| (t, p, Some(super::exception_text(&e)))));
            Err(top_level(e.code))
        }
    };
    match top {
        Ok(()) => out.outln(format!("Request succeeded for deleting offsets from group {group}.")),
        Err(message) => print_error(out, &message),
    }
    // sorted as the tool sorts them: by topic and partition joined as text
    sorting::sort_by_key(&mut rows, |(t, p, _)| format!("{t}{p}"));
    let tw = rows.iter().map(|(t, _, _)| t.len()).max().unwrap_or(0).max(15);
    let row = |t: &str, p: &str, s: &str| format!("\n{t:<tw$} {p:<10} {s:<15}");
    out.out(row("TOPIC", "PARTITION", "STATUS"));
    for (t, p, error) in &rows {
        let partition = if *p >= 0 { p.to_string() } else { MISSING.to_string() };
        let status = error.as_ref().map_or("Successful".to_string(), |e| format!("Error: {e}"));
        out.out(row(t, &partition, &status));
    }
    out.out("\n");
    0
}

/// The order a `java.util.HashMap` created with its default capacity (16, doubled past
/// three quarters full) iterates the given strings in: by bucket of `String.hashCode`.
fn java_hash_map_order(mut names: Vec<String>) -> Vec<String> {
    let mut cap = 16;
    while names.len() > cap * 3 / 4 {
        cap *= 2;
    }
    let bucket = |s: &String| {
        let h = crate::engine::group::java_string_hash(s);
        ((h ^ ((h as u32) >> 16) as i32) as u32 as usize) & (cap - 1)
    };
    sorting::sort_by_key(&mut names, bucket);
    names
}

fn all_groups(console: &Console) -> Vec<String> {
    console.sim.list_groups().into_iter().map(|(id, _, _)| id.to_string()).collect()
}

/// `listGroups` and `printGroupInfo` (ConsumerGroupCommand, 4.x): the classic and consumer
/// groups (`ListGroupsOptions.forConsumerGroups`), one id a line; with --type and/or
/// --state (each optionally a filter list) a table with a TYPE and/or a STATE column.
fn list(console: &Console, opts: &ParsedOptions, out: &mut Output) -> Status {
    let groups = console.sim.list_groups();
    let (with_type, with_state) = (opts.has("type"), opts.has("state"));
    if !with_type && !with_state {
        for (id, _, _) in groups {
            out.outln(&*id);
        }
        return 0;
    }
    let filter = |o: &str| -> Vec<String> {
        let v = opts.value_of(o).ok().flatten().unwrap_or_default();
        java_split(v, ',').iter().map(|x| x.trim().to_ascii_lowercase()).filter(|x| !x.is_empty()).collect()
    };
    let (types, states) = (filter("type"), filter("state"));
    let shown: Vec<_> = groups
        .iter()
        .filter(|(_, t, s)| {
            (types.is_empty() || types.iter().any(|x| x == t.name()))
                && (states.is_empty() || states.contains(&s.name().to_ascii_lowercase()))
        })
        .collect();
    let width = shown.iter().map(|(id, _, _)| id.len().max(15)).max().unwrap_or(15) + 10;
    let row = |id: &str, t: &str, s: &str| {
        let mut line = format!("{id:<width$}");
        if with_type {
            line.push_str(&format!(" {t:<20}"));
        }
        if with_state {
            line.push_str(&format!(" {s:<20}"));
        }
        line
    };
    out.outln(row("GROUP", "TYPE", "STATE"));
    for (id, t, s) in shown {
        out.outln(row(id, t.name(), s.name()));
    }
    0
}

/// `shouldPrintMemberState`: a notice per state; rows only for a live group with rows.
fn should_print(out: &mut Output, group: &str, state: GroupState, rows: usize) -> bool {
    match state {
        GroupState::Dead => print_error(out, &format!("Consumer group '{group}' does not exist.")),
        GroupState::Empty => out.errln(format!("\nConsumer group '{group}' has no active members.")),
        GroupState::Stable => {}
        // PreparingRebalance, CompletingRebalance, and the consumer protocol's Assigning and Reconciling
        _ => out.errln(format!("\nWarning: Consumer group '{group}' is rebalancing.")),
    }
    state != GroupState::Dead && rows > 0
}

fn describe(console: &Console, opts: &ParsedOptions, group: &str, out: &mut Output) {
    // Without `consumer` in group.coordinator.rebalance.protocols the broker answers
    // ConsumerGroupDescribe with UNSUPPORTED_VERSION (`KafkaApis.handleConsumerGroupDescribe`)
    // and the admin client falls back to DescribeGroups, which finds no classic group of a
    // consumer group's id: the group is described as Dead (`GroupMetadataManager.describeGroups`).
    let hidden = !console.sim.config().consumer_protocol_enabled()
        && console.sim.group_type(group) == Some(crate::engine::group::GroupType::Consumer);
    let Some(d) = console.sim.describe_group(group).filter(|_| !hidden) else {
        should_print(out, group, GroupState::Dead, 0);
        if opts.has("members") {
            // 4.x's printMembers prints its header whatever shouldPrintMemberState said
            members_header(out, &[15, 15, 17, 15, 15, 20, 20], false, opts.has("verbose"));
        }
        return;
    };
    if opts.has("members") {
        members(&d, opts.has("verbose"), out);
    } else if opts.has("state") {
        state(console, &d, opts.has("verbose"), out);
    } else {
        offsets(&d, opts.has("verbose"), out);
    }
}

fn pad(s: &str, w: usize) -> String {
    format!("{s:<w$}")
}

/// `printOffsets` (4.x): with `--verbose` a LEADER-EPOCH column after PARTITION, the
/// committed offset's leader epoch or "-" (its width, 15, as the share-group and streams
/// tools print their LEADER-EPOCH; 4.x's consumer-group source of it was not found).
fn offsets(d: &GroupDescription, verbose: bool, out: &mut Output) {
    // members with partitions first, most partitions first; then partitions with commits only
    let mut rows: Vec<&crate::engine::sim::PartitionLag> = Vec::new();
    let mut by_member: Map<&str, Vec<&crate::engine::sim::PartitionLag>> = Map::new();
    let mut unowned = Vec::new();
    for r in &d.offsets {
        match &r.member_id {
            Some(m) => by_member.entry(m.as_str()).or_default().push(r),
            None => unowned.push(r),
        }
    }
    let mut members: Vec<&str> = d.members.iter().map(|m| m.member_id.as_str()).filter(|m| by_member.contains_key(m)).collect();
    sorting::sort_by_key(&mut members, |m| std::cmp::Reverse(by_member[m].len()));
    for m in members {
        let mut rs = by_member[m].clone();
        sorting::sort_by(&mut rs, |a, b| (&*a.topic, a.partition).cmp(&(&*b.topic, b.partition)));
        rows.extend(rs);
    }
    sorting::sort_by(&mut unowned, |a, b| (&*a.topic, a.partition).cmp(&(&*b.topic, b.partition)));
    rows.extend(unowned);
    if !should_print(out, &d.group_id, d.state, rows.len()) {
        return;
    }
    let gw = rows.iter().map(|_| d.group_id.len()).max().unwrap_or(0).max(15);
    let tw = rows.iter().map(|r| r.topic.len()).max().unwrap_or(0).max(15);
    let cw = rows.iter().map(|r| r.member_id.as_deref().unwrap_or(MISSING).len()).max().unwrap_or(0).max(15);
    let hw = rows.iter().map(|r| r.host.as_deref().unwrap_or(MISSING).len()).max().unwrap_or(0).max(15);
    let line = |cols: [&str; 10]| {
        let epoch = if verbose { format!("{} ", pad(cols[9], 15)) } else { String::new() };
        format!(
            "\n{} {} {} {epoch}{} {} {} {} {} {}",
            pad(cols[0], gw),
            pad(cols[1], tw),
            pad(cols[2], 10),
            pad(cols[3], 15),
            pad(cols[4], 15),
            pad(cols[5], 15),
            pad(cols[6], cw),
            pad(cols[7], hw),
            cols[8]
        )
    };
    out.out(line([
        "GROUP",
        "TOPIC",
        "PARTITION",
        "CURRENT-OFFSET",
        "LOG-END-OFFSET",
        "LAG",
        "CONSUMER-ID",
        "HOST",
        "CLIENT-ID",
        "LEADER-EPOCH",
    ]));
    for r in rows {
        let committed = r.committed.map_or(MISSING.to_string(), |c| c.to_string());
        let lag = r.lag.map_or(MISSING.to_string(), |l| l.to_string());
        out.out(line([
            &d.group_id,
            &r.topic,
            &r.partition.to_string(),
            &committed,
            &r.log_end_offset.to_string(),
            &lag,
            r.member_id.as_deref().unwrap_or(MISSING),
            r.host.as_deref().unwrap_or(MISSING),
            r.client_id.as_deref().unwrap_or(MISSING),
            &r.leader_epoch.map_or(MISSING.to_string(), |e| e.to_string()),
        ]));
    }
    out.out("\n");
}

/// `getAssignmentString` (4.x): each topic's partitions, sorted, as `topic:0,1`; topics
/// sorted and joined with ';'; "-" for none.
fn assignment_text(assignment: &[crate::engine::assignor::TopicPartition]) -> String {
    if assignment.is_empty() {
        return MISSING.to_string();
    }
    let mut by_topic: Map<&str, Vec<u32>> = Map::new();
    for tp in assignment {
        by_topic.entry(&tp.topic).or_default().push(tp.partition);
    }
    let mut topics: Vec<String> = by_topic
        .iter_mut()
        .map(|(t, ps)| {
            sorting::sort(ps);
            format!("{t}:{}", ps.iter().map(u32::to_string).collect::<Vec<_>>().join(","))
        })
        .collect();
    sorting::sort(&mut topics);
    topics.join(";")
}

/// `printMembers`' header (4.x): widths are group, consumer id, instance id, host, client
/// id, current and target assignment.
fn members_header(out: &mut Output, w: &[usize; 7], with_instance: bool, verbose: bool) {
    let mut line = format!("\n{} {} ", pad("GROUP", w[0]), pad("CONSUMER-ID", w[1]));
    if with_instance {
        line.push_str(&format!("{} ", pad("GROUP-INSTANCE-ID", w[2])));
    }
    line.push_str(&format!("{} {} {} ", pad("HOST", w[3]), pad("CLIENT-ID", w[4]), pad("#PARTITIONS", 15)));
    if verbose {
        line.push_str(&format!(
            "{} {} {} {}",
            pad("CURRENT-EPOCH", 15),
            pad("CURRENT-ASSIGNMENT", w[5]),
            pad("TARGET-EPOCH", 15),
            pad("TARGET-ASSIGNMENT", w[6])
        ));
    }
    out.outln(line);
}

/// `printMembers` (ConsumerGroupCommand, 4.x, KIP-1099's columns): a row per member; with
/// --verbose its epoch and assignment, and where the coordinator is taking it (the target
/// epoch and assignment; "-" for a classic member). The header is printed even when
/// `shouldPrintMemberState` refuses the rows (an Empty group). Kafka adds an UPGRADED
/// column to a group mixing classic and consumer members, which Kafkascope never has.
fn members(d: &GroupDescription, verbose: bool, out: &mut Output) {
    let show = should_print(out, &d.group_id, d.state, d.members.len());
    let current: Vec<String> = d.members.iter().map(|m| assignment_text(&m.assignment)).collect();
    let target: Vec<String> = d.members.iter().map(|m| assignment_text(m.target_assignment.as_deref().unwrap_or(&[]))).collect();
    let widest = |min: usize, f: &dyn Fn(usize) -> usize| if show { (0..d.members.len()).map(f).max().unwrap_or(0).max(min) } else { min };
    let w = [
        widest(15, &|_| d.group_id.len()),
        widest(15, &|i| d.members[i].member_id.len()),
        widest(17, &|i| d.members[i].instance_id.as_deref().unwrap_or("").len()),
        widest(15, &|i| d.members[i].host.len()),
        widest(15, &|i| d.members[i].client_id.len()),
        widest(20, &|i| current[i].len()),
        widest(20, &|i| target[i].len()),
    ];
    let with_instance = show && d.members.iter().any(|m| m.instance_id.is_some());
    members_header(out, &w, with_instance, verbose);
    for (i, m) in d.members.iter().enumerate() {
        let mut line = format!("{} {} ", pad(&d.group_id, w[0]), pad(&m.member_id, w[1]));
        if with_instance {
            line.push_str(&format!("{} ", pad(m.instance_id.as_deref().unwrap_or(""), w[2])));
        }
        line.push_str(&format!("{} {} {} ", pad(&m.host, w[3]), pad(&m.client_id, w[4]), pad(&m.assignment.len().to_string(), 15)));
        if verbose {
            let epoch = m.member_epoch.map_or(MISSING.to_string(), |e| e.to_string());
            let target_epoch = d.assignment_epoch.filter(|_| m.member_epoch.is_some()).map_or(MISSING.to_string(), |e| e.to_string());
            line.push_str(&format!("{} {} {} {}", pad(&epoch, 15), pad(&current[i], w[5]), pad(&target_epoch, 15), pad(&target[i], w[6])));
        }
        out.outln(line);
    }
}

/// `printStates` (ConsumerGroupCommand, 4.x): the group, its coordinator, assignor, state
/// and member count; --verbose adds the group epoch and the target assignment's epoch
/// ("-" for a classic group, which DescribeGroups describes without them).
fn state(console: &Console, d: &GroupDescription, verbose: bool, out: &mut Output) {
    if !should_print(out, &d.group_id, d.state, 1) {
        return;
    }
    let coordinator = match d.coordinator.and_then(|id| console.sim.brokers().iter().find(|b| b.id == id)) {
        Some(b) => format!("{}  ({})", b.address(), b.id),
        None => "-  (-1)".to_string(),
    };
    let (gw, cw) = (d.group_id.len().max(15), coordinator.len().max(25));
    let strategy = d.protocol.as_deref().filter(|p| !p.is_empty()).unwrap_or(MISSING);
    let consumer = d.group_type == crate::engine::group::GroupType::Consumer;
    let epoch = if consumer { d.generation_id.to_string() } else { MISSING.to_string() };
    let target = d.assignment_epoch.filter(|_| consumer).map_or(MISSING.to_string(), |e| e.to_string());
    let members = d.members.len().to_string();
    let line = |cols: [&str; 7]| {
        let head = format!("\n{} {} {} {}", pad(cols[0], gw), pad(cols[1], cw), pad(cols[2], 20), pad(cols[3], 20));
        if verbose {
            format!("{head} {} {} {}", pad(cols[4], 15), pad(cols[5], 25), cols[6])
        } else {
            format!("{head} {}", cols[6])
        }
    };
    out.out(line(["GROUP", "COORDINATOR (ID)", "ASSIGNMENT-STRATEGY", "STATE", "GROUP-EPOCH", "TARGET-ASSIGNMENT-EPOCH", "#MEMBERS"]));
    out.out(line([&d.group_id, &coordinator, strategy, d.state.name(), &epoch, &target, &members]));
    out.out("\n");
}

/// `deleteGroups` (ConsumerGroupCommand, 4.x): the groups in `HashMap` order; each failure
/// is the future's cause (`Throwable.toString`); main exits 0.
fn delete(console: &mut Console, groups: &[String], out: &mut Output) -> Status {
    let mut failed = Vec::new();
    let mut ok = Vec::new();
    for g in groups {
        match console.apply(Command::DeleteGroup { group: g.clone() }) {
            Ok(_) => ok.push(g.clone()),
            Err(e) => failed.push((g.clone(), e)),
        }
    }
    let quoted = |names: Vec<String>| java_hash_map_order(names).iter().map(|g| format!("'{g}'")).collect::<Vec<_>>().join(", ");
    if failed.is_empty() {
        out.outln(format!("Deletion of requested consumer groups ({}) was successful.", quoted(ok)));
        return 0;
    }
    print_error(out, "Deletion of some consumer groups failed:");
    for g in java_hash_map_order(failed.iter().map(|(g, _)| g.clone()).collect()) {
        let e = &failed.iter().find(|(f, _)| *f == g).expect("a failed group").1;
        out.outln(format!("* Group '{g}' could not be deleted due to: {}", super::exception_text(e)));
    }
    if !ok.is_empty() {
        out.outln(format!("\nThese consumer groups were deleted successfully: {}", quoted(ok)));
    }
    0
}

fn reset(
    console: &mut Console,
    opts: &ParsedOptions,
    groups: &[String],
    parser: &crate::console::options::OptionParser,
    out: &mut Output,
) -> Status {
    let scenarios = ["to-datetime", "by-duration", "to-earliest", "to-latest", "shift-by", "to-offset", "to-current"];
    let chosen: Vec<&&str> = scenarios.iter().filter(|s| opts.has(s)).collect();
    // ConsumerGroupCommand.getPartitionsToReset and prepareOffsetsToReset (Kafka 4.0); the
    // scenarios are a HashSet, printed in its iteration order
    if !opts.has("topic") && !opts.has("all-topics") {
        return usage_and_exit(parser, "One of the reset scopes should be defined: --all-topics, --topic.", out);
    }
    if chosen.len() != 1 {
        return usage_and_exit(parser, "Option '[reset-offsets]' requires one of the following scenarios: [[to-offset], [to-current], [to-datetime], [from-file], [by-duration], [to-earliest], [to-latest], [shift-by]]", out);
    }
    // jopt-simple converts --to-offset and --shift-by when they are read; the command
    // catches the failure and prints it, before anything is reset
    // (an OptionException thrown while the ConsumerGroupService is built, inside run's
    // try: printError, and main returns normally: exit 0)
    for name in ["to-offset", "shift-by"] {
        if let Err(e) = opts.i64_value_of(name) {
            command_failed(out, &[format!("joptsimple.OptionArgumentConversionException: {}", e.message())]);
            return 0;
        }
    }
    let execute = opts.has("execute");
    let mut all: Vec<(String, String, u32, i64)> = Vec::new();
    for g in groups {
        let described = console.sim.describe_group(g);
        if let Some(grp) = &described {
            if !matches!(grp.state, GroupState::Empty | GroupState::Dead) {
                print_error(
                    out,
                    &format!(
                        "Assignments can only be reset if the group '{g}' is inactive, but the current state is {}.",
                        grp.state.name()
                    ),
                );
                continue;
            }
        }
        // the partitions: named ones, or every partition the group has committed
        let mut tps: Vec<(String, u32)> = Vec::new();
        if opts.has("all-topics") {
            if let Some(grp) = &described {
                tps.extend(grp.offsets.iter().filter(|r| r.committed.is_some()).map(|r| (r.topic.to_string(), r.partition)));
            }
        }
        for spec in opts.values_of("topic") {
            let (topic, parts) = match spec.split_once(':') {
                Some((t, ps)) => (t, Some(ps)),
                None => (spec, None),
            };
            // describeTopics fails; resetOffsetsForInactiveGroup rethrows the cause, which
            // run's catch (Throwable) prints by its message (Kafka 4.x): exit 0
            let Some(t) = console.sim.topic(topic) else {
                let e = KafkaError::of(ErrorCode::UnknownTopicOrPartition);
                command_failed(out, &[super::exception_text(&e)]);
                return 0;
            };
            match parts {
                Some(ps) => {
                    for p in java_split(ps, ',') {
                        if crate::console::options::parse_java_int(p).is_none() {
                            return usage_and_exit(parser, &format!("Invalid partition '{p}' specified in topic arg '{spec}''"), out);
                        }
                        match p.trim().parse::<u32>() {
                            Ok(n) if (n as usize) < t.partitions.len() => tps.push((topic.to_string(), n)),
                            _ => {
                                print_error(out, &format!("Invalid partition '{p}' for topic '{topic}'."));
                                return 1;
                            }
                        }
                    }
                }
                None => tps.extend((0..t.partitions.len() as u32).map(|n| (topic.to_string(), n))),
            }
        }
        sorting::sort(&mut tps);
        tps.dedup();
        // --shift-by needs a committed offset for every partition (an IllegalArgumentException,
        // which the command prints with its usage)
        if *chosen[0] == "shift-by" {
            let committed = |t: &str, p: u32| {
                described.as_ref().and_then(|grp| grp.offsets.iter().find(|r| &*r.topic == t && r.partition == p).and_then(|r| r.committed))
            };
            if let Some((t, p)) = tps.iter().find(|(t, p)| committed(t, *p).is_none()) {
                return usage_and_exit(
                    parser,
                    &format!("Cannot shift offset for partition {t}-{p} since there is no current committed offset"),
                    out,
                );
            }
        }
        for (topic, p) in tps {
            let earliest = console.sim.list_offset(&topic, p, OffsetSpec::Earliest).ok().flatten().unwrap_or(0);
            let latest = console.sim.list_offset(&topic, p, OffsetSpec::Latest).ok().flatten().unwrap_or(0);
            let current = described
                .as_ref()
                .and_then(|grp| grp.offsets.iter().find(|r| *r.topic == topic && r.partition == p).and_then(|r| r.committed));
            // `checkOffsetsRange`: an offset past either end is moved to it, with a warning
            let log_time = log_timestamp(epoch_ms(console.sim.now()));
            let clamp = |o: i64, out: &mut Output| {
                let (word, to) = if o > latest {
                    ("higher than latest", latest)
                } else if o < earliest {
                    ("lower than earliest", earliest)
                } else {
                    return o;
                };
                out.errln(format!(
                    "{log_time} WARN New offset ({o}) is {word} offset for topic partition {topic}-{p}. Value will be set to {to} (org.apache.kafka.tools.consumer.group.ConsumerGroupCommand)"
                ));
                to
            };
            // `getLogTimestampOffsets`: no offset at or after the time falls back to the end
            let by_time = |ts: i64, out: &mut Output| match console
                .sim
                .list_offset(&topic, p, OffsetSpec::Timestamp(virtual_ms(ts)))
                .ok()
                .flatten()
            {
                Some(o) => o,
                None => {
                    out.outln(format!("\nWarn: Partition {p} from topic {topic} is empty. Falling back to latest known offset."));
                    latest
                }
            };
            let target = match *chosen[0] {
                "to-earliest" => earliest,
                "to-latest" => latest,
                "to-current" => current.unwrap_or(latest),
                "to-offset" => clamp(opts.i64_value_of("to-offset").ok().flatten().unwrap_or(0), out),
                "shift-by" => clamp(current.unwrap_or(latest) + opts.i64_value_of("shift-by").ok().flatten().unwrap_or(0), out),
                "to-datetime" => {
                    let text = opts.value_of("to-datetime").ok().flatten().unwrap_or("");
                    let Some(ms) = parse_datetime(text) else {
                        // Utils.getDateTime's ParseException, wrapped in a RuntimeException and
                        // printed by run (Kafka 4.0 source); main exits 0
                        let why = match text.split_once('T') {
                            None => "Error parsing timestamp. It does not contain a 'T' according to ISO8601 format".to_string(),
                            Some((_, time)) if !(time.contains('+') || time.contains('-') || time.contains('Z')) => {
                                format!("Unparseable date: \"{text}Z\"")
                            }
                            Some(_) => format!("Unparseable date: \"{text}\""),
                        };
                        command_failed(out, &wrapped(RUNTIME, &[format!("java.text.ParseException: {why}")]));
                        return 0;
                    };
                    by_time(ms, out)
                }
                _ => {
                    let text = opts.value_of("by-duration").ok().flatten().unwrap_or("");
                    let Some(d) = parse_duration(text) else {
                        // java.time.Duration.parse's DateTimeParseException, printed by run
                        command_failed(out, &["java.time.format.DateTimeParseException: Text cannot be parsed to a Duration".into()]);
                        return 0;
                    };
                    let ts = epoch_ms(console.sim.now()) - d;
                    by_time(ts, out)
                }
            };
            all.push((g.clone(), topic, p, target));
        }
        if execute {
            let offsets: Vec<(String, u32, i64)> = all.iter().filter(|(gg, ..)| gg == g).map(|(_, t, p, o)| (t.clone(), *p, *o)).collect();
            if let Err(e) = console.apply(Command::AlterGroupOffsets { group: g.clone(), offsets }) {
                if e.code == ErrorCode::UnknownMemberId {
                    print_error(out, &e.message);
                } else {
                    print_error(out, &super::exception_text(&e));
                }
                return 0; // printed by run's catch (Throwable); main returns normally
            }
        }
    }
    if opts.has("export") {
        // `exportOffsetsToCsv`: Jackson's CSV rows, `topic,partition,offset` for one --group
        // (CsvRecordNoGroup), with the group first otherwise; println adds a line break
        let single = opts.values_of("group").len() == 1;
        let csv: String =
            all.iter().map(|(g, t, p, o)| if single { format!("{t},{p},{o}\n") } else { format!("{g},{t},{p},{o}\n") }).collect();
        out.outln(csv);
        return 0;
    }
    if !all.is_empty() {
        let line = |a: &str, b: &str, c: &str, d: &str| format!("\n{} {} {} {}", pad(a, 30), pad(b, 30), pad(c, 10), pad(d, 15));
        out.out(line("GROUP", "TOPIC", "PARTITION", "NEW-OFFSET"));
        for (g, t, p, o) in &all {
            out.out(line(g, t, &p.to_string(), &o.to_string()));
        }
        out.out("\n");
    }
    0
}
