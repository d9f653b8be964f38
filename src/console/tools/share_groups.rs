//! `kafka-share-groups.sh` (tools/src/main/java/org/apache/kafka/tools/consumer/group/
//! ShareGroupCommand.java and `ShareGroupCommandOptions`, Kafka 4.x): `--list [--state]`,
//! `--describe` (offsets, `--members`, `--state`, each `--verbose`), `--delete`,
//! `--reset-offsets` (`--to-earliest`, `--to-latest`, `--to-datetime`, `--to-offset`),
//! `--delete-offsets`.
//!
//! The offsets table has 4.2's LAG column (KIP-1226): the records from the start offset
//! to the high watermark not yet acknowledged or archived. Groups and rows are sorted
//! (Kafka iterates hash maps); the LAG column's width is assumed.

use crate::console::options::{OptionParser, OptionSpec, ParsedOptions, ValueType};
use crate::console::output::Output;
use crate::console::runtime::{Console, Status};
use crate::console::time::{parse_datetime, virtual_ms};
use crate::engine::group::share_group::ShareGroup;
use crate::engine::group::GroupState;
use crate::engine::sim::OffsetSpec;
use crate::engine::{Command, ErrorCode, Reply};

use super::groups::{check_describe, check_exclusive, check_group_with, parse_group_options, print_error};
use super::{check_bootstrap, usage_and_exit, BOOTSTRAP};

pub(crate) const SPECS: &[OptionSpec] = &[
    OptionSpec::flag("all-groups", "Apply to all share groups."),
    OptionSpec::flag("all-topics", "Apply to all topics. Supported operation: reset-offsets."),
    BOOTSTRAP,
    OptionSpec::with_arg("command-config", "command config property file", "Property file containing configs to be passed to Admin Client."),
    OptionSpec::flag("delete", "Delete share group."),
    OptionSpec::flag("delete-offsets", "Delete offsets of share group. Supports one share group at a time, and multiple topics."),
    OptionSpec::flag("describe", "Describe share group, members and offset information."),
    OptionSpec::flag("dry-run", "Output offset reset information without executing the operation. Supported operation: reset-offsets."),
    OptionSpec::flag("execute", "Execute the offset reset operation. Supported operation: reset-offsets."),
    OptionSpec::flag("export", "Generate offset reset information in CSV format for export to a file. Supported operation: reset-offsets."),
    OptionSpec::with_arg("from-file", "path to CSV file", "Reset offsets to values defined in CSV file."),
    OptionSpec::with_arg("group", "group id", "The share group id.").repeatable(),
    OptionSpec::help_option(),
    OptionSpec::flag("list", "List all share groups."),
    OptionSpec::flag("members", "Describe members of the group. This option may be used with the --describe option only."),
    OptionSpec::flag("offsets", "Describe the group and list all topic partitions in the group along with their offset information. This is the default sub-action and may be used with the --describe option only."),
    OptionSpec::flag("reset-offsets", "Reset offsets of share group. Supports one share group at a time, and instances must be inactive."),
    OptionSpec::with_optional_arg("state", "String", "When specified with --describe, it displays the state of the group. When specified with --list, it displays the state of all groups. It can also be used to list groups with specific states. Valid values are Empty, Stable and Dead."),
    OptionSpec::with_arg("timeout", "timeout (ms)", "The timeout that can be set for some use cases. For example, it can be used when describing the group to specify the maximum amount of time in milliseconds to wait before the group stabilizes.").of_type(ValueType::Long).defaults_to(&["30000"]),
    OptionSpec::flag("to-current", "Reset offsets to current offset."),
    OptionSpec::with_arg("to-datetime", "datetime", "Reset offsets to offset from datetime. Format: 'YYYY-MM-DDThh:mm:ss.sss'"),
    OptionSpec::flag("to-earliest", "Reset offsets to earliest offset."),
    OptionSpec::flag("to-latest", "Reset offsets to latest offset."),
    OptionSpec::with_arg("to-offset", "offset", "Reset offsets to a specific offset.").of_type(ValueType::Long),
    OptionSpec::with_arg("topic", "topic", "The topic whose offset information should be deleted or reset. When resetting offsets, partitions can be specified using this format: `topic:0,1,2`, where 0,1,2 are the partitions to be included.").repeatable(),
    OptionSpec::flag("verbose", "Provide additional information, if any, when describing the group. This option may be used with the --describe option only."),
    OptionSpec::version_option(),
];

const HELP: &str = "This tool helps to list, describe, delete and manage the offsets of share groups.";

fn pad(s: &str, w: usize) -> String {
    format!("{s:<w$}")
}

pub fn run(console: &mut Console, args: &[String], out: &mut Output) -> Status {
    let (parser, opts) = match parse_group_options("kafka-share-groups.sh", SPECS, args, out) {
        Ok(p) => p,
        Err(s) => return s,
    };
    // ShareGroupCommandOptions.checkArgs: maybePrintHelpOrVersion, so no arguments print the help too
    if opts.has("help") || args.is_empty() {
        return usage_and_exit(&parser, HELP, out);
    }
    if opts.has("version") {
        return super::print_version(out);
    }
    if let Some(msg) = check_args(&opts) {
        return usage_and_exit(&parser, &msg, out);
    }
    let actions = ["list", "describe", "delete", "reset-offsets", "delete-offsets"].iter().filter(|a| opts.has(a)).count();
    if actions != 1 {
        return usage_and_exit(
            &parser,
            "Command must include exactly one action: --list, --describe, --delete, --reset-offsets, --delete-offsets.",
            out,
        );
    }
    let bootstrap = opts.value_of("bootstrap-server").ok().flatten().unwrap_or("");
    if let Err(e) = check_bootstrap(console, bootstrap) {
        print_error(out, &format!("Executing share group command failed due to {e}"));
        return 1;
    }
    let all: Vec<String> = console.sim.share_groups().map(|g| g.group_id.to_string()).collect();
    let groups: Vec<String> =
        if opts.has("all-groups") { all.clone() } else { opts.values_of("group").iter().map(|s| s.to_string()).collect() };
    if opts.has("list") {
        return list(console, &opts, &parser, out);
    }
    if opts.has("describe") {
        return describe(console, &opts, &groups, out);
    }
    if opts.has("delete") {
        return delete(console, &groups, out);
    }
    if opts.has("delete-offsets") {
        return delete_offsets(console, &opts, out);
    }
    reset(console, &opts, &parser, out)
}

/// `ShareGroupCommandOptions.checkArgs` (after the required bootstrap server).
fn check_args(o: &ParsedOptions) -> Option<String> {
    if !o.has("bootstrap-server") {
        return Some("Missing required argument \"[bootstrap-server]\"".into());
    }
    if o.has("describe") {
        if let Some(m) = check_describe(o) {
            return Some(m);
        }
    }
    if o.has("delete") {
        if !o.has("group") && !o.has("all-groups") {
            return Some("Option [delete] takes the options [group] or [all-groups].".into());
        }
        if o.has("all-groups") && o.has("group") {
            return Some("Option [delete] takes either [group] or [all-groups], not both.".into());
        }
        if o.has("all-topics") || o.has("topic") {
            return Some("Option [delete] does not take the options [topic] or [all-topics].".into());
        }
    }
    if o.has("delete-offsets") && (!o.has("group") || !o.has("topic")) {
        return Some("Option [delete-offsets] takes the following options: [group], [topic]".into());
    }
    if o.has("reset-offsets") {
        if o.has("dry-run") && o.has("execute") {
            return Some("Option [reset-offsets] only accepts one of [execute] and [dry-run]".into());
        }
        if !o.has("dry-run") && !o.has("execute") {
            return Some("Option [reset-offsets] takes the option: [execute] or [dry-run]".into());
        }
        if !o.has("group") {
            return Some("Option [reset-offsets] takes the option: [group]".into());
        }
        if !o.has("topic") && !o.has("all-topics") && !o.has("from-file") {
            return Some("Option [reset-offsets] takes one of these options: [all-topics], [from-file], [topic]".into());
        }
        if let Some(m) = check_exclusive(o, &["topic", "all-topics", "from-file"]) {
            return Some(m);
        }
        let scenarios = ["to-offset", "to-datetime", "to-earliest", "to-latest", "to-current", "from-file"];
        if !scenarios.iter().any(|s| o.has(s)) {
            return Some("Option [reset-offsets] takes one of these options: [from-file], [to-current], [to-datetime], [to-earliest], [to-latest], [to-offset]".into());
        }
        if let Some(m) = check_exclusive(o, &scenarios) {
            return Some(m);
        }
    }
    if let Some(m) = check_group_with(o) {
        return Some(m);
    }
    if o.has("topic") {
        for a in ["list", "describe", "delete"] {
            if o.has(a) {
                return Some(format!("Option \"[topic]\" can't be used with option \"[{a}]\""));
            }
        }
    }
    None
}

fn list(console: &Console, opts: &ParsedOptions, parser: &OptionParser, out: &mut Output) -> Status {
    let groups: Vec<&ShareGroup> = console.sim.share_groups().collect();
    if !opts.has("state") {
        for g in groups {
            out.outln(&*g.group_id);
        }
        return 0;
    }
    let mut states: Vec<GroupState> = Vec::new();
    if let Some(v) = opts.value_of("state").ok().flatten().filter(|v| !v.is_empty()) {
        for s in v.split(',') {
            match s.trim().to_ascii_lowercase().as_str() {
                "empty" => states.push(GroupState::Empty),
                "stable" => states.push(GroupState::Stable),
                "dead" => states.push(GroupState::Dead),
                _ => return usage_and_exit(parser, &format!("Invalid state list '{v}'. Valid states are: Empty, Stable, Dead"), out),
            }
        }
    }
    let shown: Vec<&&ShareGroup> = groups.iter().filter(|g| states.is_empty() || states.contains(&g.state)).collect();
    let w = shown.iter().map(|g| g.group_id.len()).max().unwrap_or(0).max(15);
    out.outln(format!("{} STATE", pad("GROUP", w)));
    for g in shown {
        out.outln(format!("{} {}", pad(&g.group_id, w), g.state.name()));
    }
    0
}

/// The describe's failure for a group that is not a share group (the admin client's
/// `GroupIdNotFoundException`, printed by `run`).
fn not_found(console: &Console, g: &str) -> String {
    let why =
        if console.sim.group_type(g).is_some() { format!("Group {g} is not a share group.") } else { format!("Group {g} not found.") };
    format!("Executing share group command failed due to org.apache.kafka.common.errors.GroupIdNotFoundException: {why}")
}

/// Each partition's (topic, partition, leader epoch, start offset, lag).
fn offset_rows(sim: &crate::engine::Sim, g: &ShareGroup) -> Vec<(String, u32, i32, i64, i64)> {
    g.partitions
        .iter()
        .map(|(tp, sp)| {
            let part = sim.topic(&tp.topic).and_then(|t| t.partitions.get(tp.partition as usize));
            let hw = part.map_or(sp.start_offset, |p| p.high_watermark());
            let done = sp.records.len() as i64 - sp.undelivered_in_flight();
            (tp.topic.to_string(), tp.partition, part.map_or(0, |p| p.leader_epoch), sp.start_offset, (hw - sp.start_offset - done).max(0))
        })
        .collect()
}

fn describe(console: &Console, opts: &ParsedOptions, groups: &[String], out: &mut Output) -> Status {
    let mode = if opts.has("members") {
        Describe::Members
    } else if opts.has("state") {
        Describe::State
    } else {
        Describe::Offsets
    };
    let mut sorted = groups.to_vec();
    crate::engine::sorting::sort(&mut sorted);
    sorted.dedup();
    for gid in &sorted {
        if console.sim.share_group(gid).is_none() {
            print_error(out, &not_found(console, gid));
            return 1;
        }
        describe_one(&console.sim, gid, mode, opts.has("verbose"), out);
    }
    0
}

/// What `--describe` shows.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Describe {
    Offsets,
    Members,
    State,
}

/// A share group as `kafka-share-groups.sh --describe --members --verbose` and then
/// `--describe --verbose` print it (the inspector's Group tab shows it).
pub fn describe_text(sim: &crate::engine::Sim, gid: &str) -> String {
    let mut out = Output::default();
    describe_one(sim, gid, Describe::Members, true, &mut out);
    describe_one(sim, gid, Describe::Offsets, true, &mut out);
    out.stdout().trim_start_matches('\n').to_string()
}

fn describe_one(sim: &crate::engine::Sim, gid: &str, mode: Describe, verbose: bool, out: &mut Output) {
    let Some(g) = sim.share_group(gid) else { return };
    let gw = gid.len().max(15);
    match mode {
        Describe::Members => {
            if g.members.is_empty() {
                out.errln(format!("\nShare group '{gid}' has no active members."));
                return;
            }
            let mut members: Vec<_> = g.members.values().collect();
            crate::engine::sorting::sort_by(&mut members, |a, b| a.member_id.cmp(&b.member_id));
            let cw = members.iter().map(|m| m.member_id.len()).max().unwrap_or(0).max(15);
            let hw = members.iter().map(|m| m.client_host.len()).max().unwrap_or(0).max(15);
            let lw = members.iter().map(|m| m.client_id.len()).max().unwrap_or(0).max(15);
            let row = |a: &str, b: &str, c: &str, d: &str, e: &str, f: &str, x: &str| {
                if verbose {
                    format!("\n{} {} {} {} {} {} {x}", pad(a, gw), pad(b, cw), pad(c, hw), pad(d, lw), pad(e, 12), pad(f, 13))
                } else {
                    format!("\n{} {} {} {} {} {x}", pad(a, gw), pad(b, cw), pad(c, hw), pad(d, lw), pad(e, 12))
                }
            };
            out.out(row("GROUP", "CONSUMER-ID", "HOST", "CLIENT-ID", "#PARTITIONS", "MEMBER-EPOCH", "ASSIGNMENT"));
            for m in members {
                let n = m.assigned.len().to_string();
                out.out(row(
                    gid,
                    &m.member_id,
                    &m.client_host,
                    &m.client_id,
                    &n,
                    &m.member_epoch.to_string(),
                    &assignment_text(&m.assigned),
                ));
            }
        }
        Describe::State => {
            if g.state == GroupState::Empty {
                out.errln(format!("\nShare group '{gid}' has no active members."));
            }
            let coordinator = sim
                .coordinator_for(gid)
                .and_then(|b| sim.brokers().iter().find(|x| x.id == b))
                .map_or_else(|| "-:-1  (-1)".to_string(), |b| format!("{}  ({})", b.address(), b.id));
            let kw = coordinator.len().max(25);
            let (n, state) = (g.members.len().to_string(), g.state.name());
            if verbose {
                let row = |a: &str, b: &str, c: &str, d: &str, e: &str, f: &str| {
                    format!("\n{} {} {} {} {} {f}", pad(a, gw), pad(b, kw), pad(c, 15), pad(d, 12), pad(e, 17))
                };
                out.out(row("GROUP", "COORDINATOR (ID)", "STATE", "GROUP-EPOCH", "ASSIGNMENT-EPOCH", "#MEMBERS"));
                out.out(row(gid, &coordinator, state, &g.group_epoch.to_string(), &g.assignment_epoch.to_string(), &n));
            } else {
                let row = |a: &str, b: &str, c: &str, d: &str| format!("\n{} {} {} {d}", pad(a, gw), pad(b, kw), pad(c, 15));
                out.out(row("GROUP", "COORDINATOR (ID)", "STATE", "#MEMBERS"));
                out.out(row(gid, &coordinator, state, &n));
            }
        }
        Describe::Offsets => {
            let rows = offset_rows(sim, g);
            let tw = rows.iter().map(|r| r.0.len()).max().unwrap_or(0).max(15);
            let row = |a: &str, b: &str, c: &str, e: &str, s: &str, l: &str| {
                if verbose {
                    format!("\n{} {} {} {} {} {l}", pad(a, gw), pad(b, tw), pad(c, 10), pad(e, 13), pad(s, 13))
                } else {
                    format!("\n{} {} {} {} {l}", pad(a, gw), pad(b, tw), pad(c, 10), pad(s, 13))
                }
            };
            out.out(row("GROUP", "TOPIC", "PARTITION", "LEADER-EPOCH", "START-OFFSET", "LAG"));
            for (t, p, e, s, l) in rows {
                out.out(row(gid, &t, &p.to_string(), &e.to_string(), &s.to_string(), &l.to_string()));
            }
        }
    }
    out.out("\n");
}

/// `getAssignmentString`: `topic:0,1;other:2`, topics sorted.
fn assignment_text(tps: &[crate::engine::assignor::TopicPartition]) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut i = 0;
    while i < tps.len() {
        let t = &tps[i].topic;
        let ps: Vec<String> = tps[i..].iter().take_while(|x| x.topic == *t).map(|x| x.partition.to_string()).collect();
        i += ps.len();
        parts.push(format!("{t}:{}", ps.join(",")));
    }
    parts.join(";")
}

fn delete(console: &mut Console, groups: &[String], out: &mut Output) -> Status {
    let mut ok: Vec<String> = Vec::new();
    let mut failed: Vec<(String, String)> = Vec::new();
    for g in groups {
        if ok.contains(g) || failed.iter().any(|(f, _)| f == g) {
            continue;
        }
        let Some(sg) = console.sim.share_group(g) else {
            failed.push((g.clone(), format!("java.lang.IllegalArgumentException: Group '{g}' is not a share group.")));
            continue;
        };
        if sg.state != GroupState::Empty {
            failed.push((g.clone(), format!("org.apache.kafka.common.errors.GroupNotEmptyException: Share group '{g}' is not EMPTY.")));
            continue;
        }
        match console.apply(Command::DeleteShareGroup { group: g.clone() }) {
            Ok(_) => ok.push(g.clone()),
            Err(e) => failed.push((g.clone(), super::exception_text(&e))),
        }
    }
    let quoted = |v: &[String]| v.iter().map(|g| format!("'{g}'")).collect::<Vec<_>>().join(", ");
    if failed.is_empty() {
        out.outln(format!("Deletion of requested share groups ({}) was successful.", quoted(&ok)));
        return 0;
    }
    print_error(out, "Deletion of some share groups failed:");
    for (g, e) in &failed {
        out.outln(format!("* Group '{g}' could not be deleted due to: {e}"));
    }
    if !ok.is_empty() {
        out.outln(format!("\nThese share groups were deleted successfully: {}", quoted(&ok)));
    }
    0
}

fn delete_offsets(console: &mut Console, opts: &ParsedOptions, out: &mut Output) -> Status {
    let group = opts.value_of("group").ok().flatten().unwrap_or("").to_string();
    let mut topics: Vec<String> = opts.values_of("topic").iter().map(|s| s.to_string()).collect();
    crate::engine::sorting::sort(&mut topics);
    topics.dedup();
    let results: Vec<(String, Option<String>)> =
        match console.apply(Command::DeleteShareGroupOffsets { group: group.clone(), topics: topics.clone() }) {
            Ok(Reply::OffsetsDeleted(r)) => r.into_iter().map(|(t, _, e)| (t, e.map(|c| c.default_message().to_string()))).collect(),
            Ok(_) => Vec::new(),
            Err(e) => {
                print_error(out, &e.message);
                let why = if e.code == ErrorCode::NonEmptyGroup { "The group is not empty." } else { "The group id does not exist." };
                topics.iter().map(|t| (t.clone(), Some(why.to_string()))).collect()
            }
        };
    let w = results.iter().map(|r| r.0.len()).max().unwrap_or(0).max(15);
    out.out(format!("\n{} STATUS", pad("TOPIC", w)));
    for (t, e) in &results {
        let status = e.as_ref().map_or_else(|| "Successful".to_string(), |m| format!("Error: {m}"));
        out.out(format!("\n{} {status}", pad(t, w)));
    }
    out.out("\n");
    0
}

fn reset(console: &mut Console, opts: &ParsedOptions, parser: &OptionParser, out: &mut Output) -> Status {
    let group = opts.value_of("group").ok().flatten().unwrap_or("").to_string();
    if let Some(g) = console.sim.share_group(&group) {
        if !matches!(g.state, GroupState::Empty | GroupState::Dead) {
            out.errln(format!("Share group '{group}' is not empty."));
            return 1;
        }
    } else if console.sim.group_type(&group).is_some() {
        print_error(out, &not_found(console, &group));
        return 1;
    }
    let mut tps: Vec<(String, u32)> = Vec::new();
    if opts.has("all-topics") {
        if let Some(g) = console.sim.share_group(&group) {
            tps.extend(g.partitions.keys().map(|tp| (tp.topic.to_string(), tp.partition)));
        }
    }
    for spec in opts.values_of("topic") {
        let (topic, parts) = match spec.split_once(':') {
            Some((t, ps)) => (t, Some(ps)),
            None => (spec, None),
        };
        let Some(t) = console.sim.topic(topic) else {
            print_error(out, &format!("Executing share group command failed due to The topic '{topic}' does not exist."));
            return 1;
        };
        match parts {
            Some(ps) => {
                for p in ps.split(',') {
                    match p.trim().parse::<u32>() {
                        Ok(n) if (n as usize) < t.partitions.len() => tps.push((topic.to_string(), n)),
                        _ => {
                            print_error(
                                out,
                                &format!("Executing share group command failed due to Invalid partition '{p}' for topic '{topic}'."),
                            );
                            return 1;
                        }
                    }
                }
            }
            None => tps.extend((0..t.partitions.len() as u32).map(|n| (topic.to_string(), n))),
        }
    }
    crate::engine::sorting::sort(&mut tps);
    tps.dedup();
    let mut rows: Vec<(String, u32, i64)> = Vec::new();
    for (topic, p) in tps {
        let earliest = console.sim.list_offset(&topic, p, OffsetSpec::Earliest).ok().flatten().unwrap_or(0);
        let latest = console.sim.list_offset(&topic, p, OffsetSpec::Latest).ok().flatten().unwrap_or(0);
        let target = if opts.has("to-earliest") {
            earliest
        } else if opts.has("to-latest") {
            latest
        } else if opts.has("to-offset") {
            match opts.i64_value_of("to-offset") {
                Ok(Some(o)) => o.clamp(earliest, latest),
                _ => {
                    print_error(out, "Executing share group command failed due to the offset is not a number");
                    return 1;
                }
            }
        } else if opts.has("to-datetime") {
            let text = opts.value_of("to-datetime").ok().flatten().unwrap_or("");
            let Some(ms) = parse_datetime(text) else {
                print_error(
                    out,
                    &format!("Executing share group command failed due to java.text.ParseException: Unparseable date: \"{text}\""),
                );
                return 1;
            };
            console.sim.list_offset(&topic, p, OffsetSpec::Timestamp(virtual_ms(ms))).ok().flatten().unwrap_or(latest)
        } else {
            return usage_and_exit(
                parser,
                "Option '[reset-offsets]' requires one of the following scenarios: [[to-earliest], [to-latest], [to-datetime], [to-offset]]",
                out,
            );
        };
        rows.push((topic, p, target));
    }
    if opts.has("execute") {
        if let Err(e) = console.apply(Command::AlterShareGroupOffsets { group: group.clone(), offsets: rows.clone() }) {
            print_error(out, &format!("Executing share group command failed due to {}", super::exception_text(&e)));
            return 1;
        }
    }
    let line = |a: &str, b: &str, c: &str, d: &str| format!("\n{} {} {} {}", pad(a, 30), pad(b, 30), pad(c, 10), pad(d, 15));
    out.out(line("GROUP", "TOPIC", "PARTITION", "NEW-OFFSET"));
    for (t, p, o) in &rows {
        out.out(line(&group, t, &p.to_string(), &o.to_string()));
    }
    out.out("\n");
    0
}

/// `kafka-groups.sh` (tools/.../GroupsCommand.java, Kafka 4.x): `--list` every group with
/// its type and protocol, filtered by `--consumer`, `--share`, `--group-type` or
/// `--protocol`. Column widths are assumed (at least 15, like the other group tools).
pub(crate) const GROUPS_SPECS: &[OptionSpec] = &[
    BOOTSTRAP,
    OptionSpec::with_arg("command-config", "command config property file", "Property file containing configs to be passed to Admin Client."),
    OptionSpec::flag("consumer", "Filter the groups to show all kinds of consumer groups, including classic and simple consumer groups. This matches group type 'consumer', and group type 'classic' where the protocol type is 'consumer' or empty."),
    OptionSpec::with_arg("group-type", "type", "Filter the groups based on group type. Valid types are: 'classic', 'consumer', 'share' and 'streams'."),
    OptionSpec::help_option(),
    OptionSpec::flag("list", "List the groups."),
    OptionSpec::with_arg("protocol", "protocol", "Filter the groups based on protocol type."),
    OptionSpec::flag("share", "Filter the groups to show share groups."),
    OptionSpec::flag("streams", "Filter the groups to show streams groups."),
    OptionSpec::version_option(),
];

pub fn run_groups(console: &mut Console, args: &[String], out: &mut Output) -> Status {
    let (parser, o) = match super::parse("kafka-groups.sh", GROUPS_SPECS, args, out) {
        Ok(p) => p,
        Err(s) => return s,
    };
    if o.has("help") {
        return usage_and_exit(&parser, "This tool helps to list groups of all types.", out);
    }
    if o.has("version") {
        return super::print_version(out);
    }
    let Some(bootstrap) = o.value_of("bootstrap-server").ok().flatten() else {
        return usage_and_exit(&parser, "Missing required argument \"[bootstrap-server]\"", out);
    };
    if !o.has("list") {
        return usage_and_exit(&parser, "Command must include exactly one action: --list", out);
    }
    let filters = ["consumer", "share", "streams"].iter().filter(|f| o.has(f)).count() + o.has("group-type") as usize;
    if filters > 1 || (o.has("protocol") && (o.has("consumer") || o.has("share") || o.has("streams"))) {
        return usage_and_exit(
            &parser,
            "Options --consumer, --share, --streams and --group-type cannot be used together, nor with --protocol.",
            out,
        );
    }
    let group_type = o.value_of("group-type").ok().flatten().map(str::to_ascii_lowercase);
    if group_type.as_deref().is_some_and(|t| !["classic", "consumer", "share", "streams"].contains(&t)) {
        return usage_and_exit(&parser, &format!("Unknown group type: {}", group_type.unwrap_or_default()), out);
    }
    if let Err(e) = check_bootstrap(console, bootstrap) {
        out.outln(format!("\nError: {e}"));
        return 1;
    }
    let mut rows: Vec<(String, &str, &str)> = console
        .sim
        .list_groups()
        .into_iter()
        .map(|(id, t, _)| (id.to_string(), if t == crate::engine::group::GroupType::Classic { "Classic" } else { "Consumer" }, "consumer"))
        .chain(console.sim.share_groups().map(|g| (g.group_id.to_string(), "Share", "share")))
        .collect();
    crate::engine::sorting::sort(&mut rows);
    rows.retain(|(_, t, p)| {
        (!o.has("consumer") || *p == "consumer")
            && (!o.has("share") || *t == "Share")
            && !o.has("streams")
            && group_type.as_deref().is_none_or(|g| t.eq_ignore_ascii_case(g))
            && o.value_of("protocol").ok().flatten().is_none_or(|q| q == *p)
    });
    let gw = rows.iter().map(|r| r.0.len()).max().unwrap_or(0).max(15);
    out.outln(format!("{} {} PROTOCOL", pad("GROUP", gw), pad("TYPE", 15)));
    for (g, t, p) in rows {
        out.outln(format!("{} {} {p}", pad(&g, gw), pad(t, 15)));
    }
    0
}

/// `kafka-configs.sh --entity-type groups` (`ConfigCommand`, Kafka 4.x; `GroupConfig`):
/// describes and alters a group's dynamic configs. A group config's broker synonym is
/// the `group.`-prefixed broker setting.
#[allow(clippy::too_many_arguments)]
pub(crate) fn configs(
    console: &mut Console,
    name: &Option<String>,
    describe: bool,
    all: bool,
    adds: Vec<(String, String)>,
    deletes: Vec<String>,
    args: &[String],
    out: &mut Output,
) -> Status {
    use crate::engine::group::share_group::GROUP_CONFIG_NAMES;
    if describe {
        let names: Vec<String> = match name {
            Some(n) => vec![n.clone()],
            None => console.sim.share_groups().map(|g| g.group_id.to_string()).collect(),
        };
        for g in names {
            let set = console.sim.group_configs(&g).to_vec();
            out.outln(format!("{} configs for group {g} are:", if all { "All" } else { "Dynamic" }));
            for (k, default) in GROUP_CONFIG_NAMES {
                let own = set.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
                if own.is_none() && !all {
                    continue;
                }
                let mut synonyms = Vec::new();
                if let Some(v) = &own {
                    synonyms.push(format!("DYNAMIC_GROUP_CONFIG:{k}={v}"));
                }
                synonyms.push(format!("DEFAULT_CONFIG:group.{k}={default}"));
                out.outln(format!("  {k}={} sensitive=false synonyms={{{}}}", own.as_deref().unwrap_or(default), synonyms.join(", ")));
            }
        }
        return 0;
    }
    let Some(name) = name else {
        out.errln("An entity name must be specified with --alter of groups");
        return 1;
    };
    match console.apply(Command::AlterGroupConfig { group: name.clone(), set: adds, delete: deletes }) {
        Ok(_) => {
            out.outln(format!("Completed updating config for group {name}."));
            0
        }
        Err(e) => {
            super::configs::config_command_failed(out, args, &super::exception_text(&e));
            1
        }
    }
}
