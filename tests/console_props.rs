//! Property tests of the console as a whole (issue 5, "parser robustness"): random
//! bytes, token soups made of the real tools' names, flags and values, and sequences of
//! valid-looking commands go through `Console::run_script` (and, for a terminal,
//! `run_line`, `interrupt` and `advance`). The properties:
//!
//! * nothing panics;
//! * a non-zero exit status always comes with some text on stdout or stderr (unless the
//!   command redirected its output away);
//! * a command rejected at argument validation changes nothing: the simulation's clock
//!   does not move and its state hash is unchanged (so is it for read-only commands);
//! * the same script twice gives the same output and the same trace.
//!
//! 64 cases per property by default; `PROPTEST_CASES=N` runs more.
#![cfg(not(target_arch = "wasm32"))]

use kafkascope::console::shell::{parse_script, quote_word};
use kafkascope::console::tools::KAFKA_TOOLS;
use kafkascope::console::{Console, Output};
use kafkascope::engine::sim::OffsetSpec;
use kafkascope::engine::{ClusterConfig, Event, Sim};
use proptest::prelude::*;
use proptest::test_runner::TestCaseError;

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(64)
}

const SEED: u64 = 7;

/// A cluster with something in it: topic `orders` (3 partitions, 6 keyed records),
/// group `idle` with committed offsets and no members, group `active` with one member
/// (background job %1) in a Stable generation.
const SETUP: &str = "\
kafka-topics.sh --bootstrap-server localhost:9092 --create --topic orders --partitions 3 --replication-factor 2
kafka-console-producer.sh --bootstrap-server localhost:9092 --topic orders --property parse.key=true --property key.separator=: <<EOF
alice:1
bob:2
carol:3
alice:4
dave:5
bob:6
EOF
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic orders --group idle --from-beginning --max-messages 6 > /dev/null
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic orders --group active --from-beginning > /dev/null &
sleep 5
";

fn empty_console() -> Console {
    Console::new(Sim::new(ClusterConfig::default(), SEED))
}

fn base_console() -> Console {
    let mut c = empty_console();
    let (out, status) = c.run_script(SETUP, "setup.sh");
    assert_eq!(status, 0, "setup failed:\n{}{}", out.stdout(), out.stderr());
    c
}

fn text(out: &Output) -> String {
    out.chunks.iter().map(|(_, t)| t.as_str()).collect()
}

/// Runs `script` and checks what must hold for any command: a failure says something,
/// and no Rust internals leak into what a learner reads.
fn run_checked(console: &mut Console, script: &str) -> Result<(Output, i32), TestCaseError> {
    let (out, status) = console.run_script(script, "props.sh");
    let all = text(&out);
    // a command whose output was sent elsewhere may fail silently, as in bash
    let redirected = parse_script(script).is_ok_and(|cmds| cmds.iter().any(|c| !c.redirects.is_empty()));
    if status != 0 && !redirected {
        prop_assert!(!all.trim().is_empty(), "status {} with no output for {:?}", status, script);
    }
    for leak in ["panicked at", "KafkaError {", "ErrorCode::", "Some(\"", "called `Option::unwrap()`", "RUST_BACKTRACE"] {
        prop_assert!(script.contains(leak) || !all.contains(leak), "{:?} shows {:?}:\n{}", script, leak, all);
    }
    Ok((out, status))
}

/// The committed offsets of every group are within the partition's log (0 ≤ committed ≤ HW),
/// except for topics deleted at some point (see `deleting_a_topic_deletes_its_committed_offsets`:
/// a commit on its way when the topic was deleted and created again lands on the new topic,
/// as Kafka's commits go by topic name). Every committed offset is for a partition that
/// exists now (see `a_commit_for_a_deleted_topic_is_refused`).
fn check_offsets(sim: &Sim) -> Result<(), TestCaseError> {
    let groups = sim.groups().map(|g| (&g.group_id, &g.offsets)).chain(sim.consumer_groups().map(|g| (&g.group_id, &g.offsets)));
    for (group, offsets) in groups {
        for tp in offsets.keys() {
            let exists = sim.topic(&tp.topic).is_some_and(|t| (tp.partition as usize) < t.partitions.len());
            prop_assert!(exists, "group {} has an offset for {}, which does not exist", group, tp);
        }
    }
    let deleted: Vec<&str> = sim
        .trace()
        .iter()
        .filter_map(|e| match &e.event {
            Event::TopicDeleted { topic } => Some(&**topic),
            _ => None,
        })
        .collect();
    for g in sim.groups() {
        for (tp, c) in g.offsets.iter().filter(|(tp, _)| !deleted.contains(&&*tp.topic)) {
            prop_assert!(c.offset >= 0, "group {} commits {} for {:?}", g.group_id, c.offset, tp);
            if let Ok(Some(hw)) = sim.list_offset(&tp.topic, tp.partition, OffsetSpec::Latest) {
                prop_assert!(c.offset <= hw, "group {} commits {} beyond the high watermark {} of {:?}", g.group_id, c.offset, hw, tp);
            }
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------
// Vocabulary

/// Commands besides Kafka's tools (`console::tools::KAFKA_TOOLS`, which come first):
/// paths to a tool, the builtins, and some the console does not know.
const OTHER_COMMANDS: &[&str] = &[
    "bin/kafka-topics.sh",
    "/opt/kafka/bin/kafka-consumer-groups.sh",
    "kafkascope",
    "sleep",
    "echo",
    "jobs",
    "kill",
    "cat",
    "help",
    "true",
    "ls",
    "kafka-streams-application-reset.sh",
    "zookeeper-shell.sh",
];

const FLAGS: &[&str] = &[
    "--bootstrap-server",
    "--topic",
    "--partitions",
    "--replication-factor",
    "--create",
    "--describe",
    "--list",
    "--alter",
    "--delete",
    "--if-not-exists",
    "--if-exists",
    "--config",
    "--exclude-internal",
    "--under-replicated-partitions",
    "--entity-type",
    "--entity-name",
    "--add-config",
    "--delete-config",
    "--all",
    "--group",
    "--all-groups",
    "--reset-offsets",
    "--to-offset",
    "--to-earliest",
    "--to-latest",
    "--to-current",
    "--shift-by",
    "--to-datetime",
    "--by-duration",
    "--all-topics",
    "--execute",
    "--dry-run",
    "--members",
    "--verbose",
    "--state",
    "--offsets",
    "--delete-offsets",
    "--property",
    "--producer-property",
    "--consumer-property",
    "--request-required-acks",
    "--sync",
    "--timeout",
    "--from-beginning",
    "--max-messages",
    "--timeout-ms",
    "--partition",
    "--offset",
    "--include",
    "--whitelist",
    "--time",
    "--num-records",
    "--record-size",
    "--throughput",
    "--producer-props",
    "--messages",
    "--hide-header",
    "--help",
    "--version",
    "-h",
    "--",
    "-",
    "--frobnicate",
    "--topic=orders",
    "-TERM",
    "-9",
    "-HUP",
    "broker",
    "stop",
    "start",
    "brokers",
    "consumer",
    "slow",
    "disconnect",
    "reconnect",
    "network-delay",
    "seed",
    "time",
];

const VALUES: &[&str] = &[
    "localhost:9092",
    "localhost:9093",
    "localhost:9094",
    "localhost:9999",
    "kafka:9092",
    "example.com:9092",
    "orders",
    "payments",
    "fresh",
    "__consumer_offsets",
    "orders:0,1",
    "orders:9",
    "active",
    "idle",
    "g",
    "",
    " ",
    "-3",
    "-1",
    "-2",
    "0",
    "1",
    "2",
    "3",
    "12",
    "0.5",
    "1.5s",
    "1e3",
    "2147483647",
    "2147483648",
    "-2147483649",
    "9223372036854775807",
    "99999999999999999999",
    "NaN",
    "inf",
    "abc",
    "%1",
    "%2",
    "%9",
    "topics",
    "brokers",
    "groups",
    "parse.key=true",
    "key.separator=:",
    "key.separator=",
    "null.marker=:",
    "parse.headers=true",
    "print.key=true",
    "print.partition=true",
    "print.offset=true",
    "print.timestamp=true",
    "print.headers=true",
    "acks=all",
    "acks=7",
    "linger.ms=-5",
    "batch.size=abc",
    "enable.idempotence=maybe",
    "group.instance.id=",
    "group.instance.id=static-1",
    "group.protocol=consumer",
    "group.protocol=telepathy",
    "session.timeout.ms=1000",
    "session.timeout.ms=abc",
    "partition.assignment.strategy=org.apache.kafka.clients.consumer.RoundRobinAssignor",
    "partition.assignment.strategy=roundrobin",
    "partition.assignment.strategy=org.apache.kafka.clients.consumer.CooperativeStickyAssignor",
    "partition.assignment.strategy=bogus",
    "auto.offset.reset=latest",
    "auto.offset.reset=sideways",
    "enable.auto.commit=false",
    "max.poll.interval.ms=0",
    "cleanup.policy=compact",
    "cleanup.policy=bogus",
    "retention.ms=abc",
    "retention.ms=-1",
    "retention.bytes=1000",
    "segment.bytes=1",
    "min.insync.replicas=0",
    "min.insync.replicas=2",
    "unknown.config=1",
    "retention.ms=1000,cleanup.policy=[compact,delete]",
    "x=y",
    "=",
    "k=",
    "=v",
    "bootstrap.servers=localhost:9092",
    "bootstrap.servers=nowhere:1",
    "2026-01-01T00:00:00.000",
    "2026-13-45T99:99:99.999",
    "PT1H",
    "P1DT2H3M4S",
    "P-1D",
    ".*",
    "o.*|p.*",
    "[",
    "latest",
    "earliest",
    "EARLIEST",
    "💥",
    "tab\there",
    "new\nline",
    "quote'd",
    "dou\"ble",
    "$HOME",
    "back\\slash",
];

/// Endings that exercise the shell: background jobs, redirections, here-documents,
/// separators and what Kafkascope's shell refuses (pipes, `&&`).
const SUFFIXES: &[&str] = &[
    "",
    "",
    "",
    "",
    " &",
    " > out.txt",
    " >> out.txt",
    " 2>&1",
    " > /dev/null 2>&1",
    " 2> err.txt",
    " 2>&1 > /dev/null",
    " < in.txt",
    " < /dev/null",
    " <<EOF\nalice:1\n\nplain line\nk:v:w\nEOF",
    " <<'EOF'\nk:v\n$HOME\nEOF",
    " <<-EOF\n\tindented\n\tEOF",
    " <<EOF\nunterminated",
    "; echo after",
    " | cat",
    " && echo ok",
    " || echo failed",
    " # a comment",
    " \\\n --topic orders",
    " $(date)",
    " `date`",
    " 'open quote",
    " \"open quote",
];

/// One word: quoted so the shell reads it back exactly, or raw (then the shell may see
/// operators, quotes, globs), or in double quotes.
fn render(word: &str, style: u8) -> String {
    match style % 4 {
        0 | 1 => quote_word(word),
        2 => word.to_string(),
        _ => format!("\"{}\"", word.replace('\\', "\\\\").replace('"', "\\\"").replace('$', "\\$").replace('`', "\\`")),
    }
}

fn word() -> impl Strategy<Value = String> {
    prop_oneof![
        5 => prop::sample::select(FLAGS).prop_map(str::to_string),
        5 => prop::sample::select(VALUES).prop_map(str::to_string),
        1 => "[ -~]{0,12}",
        1 => "\\PC{0,6}",
    ]
}

/// A command made of the real vocabulary in random order.
fn soup_command() -> impl Strategy<Value = String> {
    (
        prop::sample::select(KAFKA_TOOLS.iter().chain(OTHER_COMMANDS).copied().collect::<Vec<_>>()),
        any::<bool>(),
        prop::collection::vec((word(), any::<u8>()), 0..10),
        prop::sample::select(SUFFIXES),
    )
        .prop_map(|(cmd, bootstrap, words, suffix)| {
            let mut line = cmd.to_string();
            if bootstrap {
                line.push_str(" --bootstrap-server localhost:9092");
            }
            for (w, style) in &words {
                line.push(' ');
                line.push_str(&render(w, *style));
            }
            line.push_str(suffix);
            line
        })
}

// ---------------------------------------------------------------------------------------
// Valid-looking commands

const TOPICS: &[&str] = &["orders", "payments", "logs.v2"];
const GROUPS: &[&str] = &["billing", "audit", "active", "idle"];
const B: &str = "--bootstrap-server localhost:9092";

fn valid_command() -> impl Strategy<Value = String> {
    let topic = || prop::sample::select(TOPICS);
    let group = || prop::sample::select(GROUPS);
    prop_oneof![
        2 => (topic(), 1i32..6, 1i32..=3, prop::sample::select(&["", " --config cleanup.policy=compact", " --config retention.ms=60000", " --config min.insync.replicas=2", " --if-not-exists"][..]))
            .prop_map(|(t, p, r, c)| format!("kafka-topics.sh {B} --create --topic {t} --partitions {p} --replication-factor {r}{c}")),
        3 => (topic(), prop::collection::vec("[a-z]{1,6}:[a-z0-9 ]{0,5}", 0..8), any::<bool>(), prop::sample::select(&["", " --producer-property acks=1", " --producer-property linger.ms=0", " --request-required-acks 0", " --sync"][..]))
            .prop_map(|(t, lines, keyed, extra)| {
                // keyed lines are `key:value`; unkeyed ones keep the colon in the value
                let props = if keyed { " --property parse.key=true --property key.separator=:" } else { "" };
                format!("kafka-console-producer.sh {B} --topic {t}{props}{extra} <<EOF\n{}EOF", lines.iter().map(|l| format!("{l}\n")).collect::<String>())
            }),
        2 => (topic(), prop::option::of(group()), 1u8..6, 100u32..4000, any::<bool>(), prop::sample::select(&["", " --property print.key=true", " --property print.partition=true --property print.offset=true", " --property print.timestamp=true --property print.headers=true"][..]))
            .prop_map(|(t, g, max, timeout, beginning, props)| {
                let g = g.map_or(String::new(), |g| format!(" --group {g}"));
                let b = if beginning { " --from-beginning" } else { "" };
                format!("kafka-console-consumer.sh {B} --topic {t}{g}{b} --max-messages {max} --timeout-ms {timeout}{props}")
            }),
        1 => (topic(), 0u32..3, prop::sample::select(&["earliest", "latest", "0", "2", "1000"][..]), 100u32..3000)
            .prop_map(|(t, p, o, timeout)| format!("kafka-console-consumer.sh {B} --topic {t} --partition {p} --offset {o} --timeout-ms {timeout}")),
        2 => (prop::sample::select(&["orders", "payments"][..]), group(), prop::sample::select(&["", " --consumer-property partition.assignment.strategy=org.apache.kafka.clients.consumer.RoundRobinAssignor", " --consumer-property partition.assignment.strategy=org.apache.kafka.clients.consumer.CooperativeStickyAssignor", " --consumer-property group.instance.id=static-a", " --consumer-property enable.auto.commit=false", " --consumer-property session.timeout.ms=10000", " --consumer-property group.protocol=consumer", " --consumer-property group.protocol=consumer --consumer-property group.remote.assignor=range"][..]), any::<bool>())
            .prop_map(|(t, g, props, null)| {
                let redirect = if null { " > /dev/null" } else { " > consumed.txt" };
                format!("kafka-console-consumer.sh {B} --topic {t} --group {g} --from-beginning{props}{redirect} &")
            }),
        3 => (0u32..120).prop_map(|tenths| format!("sleep {}.{}", tenths / 10, tenths % 10)),
        2 => (group(), prop::sample::select(&["", " --members", " --members --verbose", " --state", " --offsets"][..]))
            .prop_map(|(g, v)| format!("kafka-consumer-groups.sh {B} --describe --group {g}{v}")),
        1 => Just(format!("kafka-consumer-groups.sh {B} --list")),
        1 => Just(format!("kafka-consumer-groups.sh {B} --describe --all-groups --state")),
        2 => (group(), topic(), prop::sample::select(&["--to-earliest", "--to-latest", "--to-current", "--to-offset 1", "--to-offset 99", "--shift-by -2", "--shift-by 3", "--to-datetime 2026-01-01T00:00:05.000", "--by-duration PT10S"][..]), prop::sample::select(&[" --execute", " --dry-run", ""][..]))
            .prop_map(|(g, t, how, mode)| format!("kafka-consumer-groups.sh {B} --reset-offsets --group {g} --topic {t} {how}{mode}")),
        1 => group().prop_map(|g| format!("kafka-consumer-groups.sh {B} --delete --group {g}")),
        1 => Just(format!("kafka-topics.sh {B} --list")),
        1 => prop::option::of(topic()).prop_map(|t| format!("kafka-topics.sh {B} --describe{}", t.map_or(String::new(), |t| format!(" --topic {t}")))),
        1 => (topic(), 1i32..8).prop_map(|(t, n)| format!("kafka-topics.sh {B} --alter --topic {t} --partitions {n}")),
        // background consumers read orders and payments: deleting them (and a producer
        // creating them again) exercises everything that names a partition of the old topic
        1 => topic().prop_map(|t| format!("kafka-topics.sh {B} --delete --topic {t}")),
        1 => (topic(), prop::sample::select(&["--add-config retention.ms=1000", "--add-config cleanup.policy=compact,segment.bytes=2000", "--delete-config retention.ms", "--add-config min.insync.replicas=3"][..]))
            .prop_map(|(t, c)| format!("kafka-configs.sh {B} --alter --entity-type topics --entity-name {t} {c}")),
        1 => topic().prop_map(|t| format!("kafka-configs.sh {B} --describe --entity-type topics --entity-name {t}")),
        // dynamic broker configs (KIP-226): the cluster default and one broker's, set and deleted
        1 => (prop::sample::select(&["--entity-default", "--entity-name 1", "--entity-name 2"][..]), prop::sample::select(&["--add-config log.retention.ms=2000", "--add-config log.retention.bytes=500,log.cleaner.backoff.ms=1000", "--add-config min.insync.replicas=2", "--delete-config log.retention.ms,log.retention.bytes"][..]))
            .prop_map(|(e, c)| format!("kafka-configs.sh {B} --alter --entity-type brokers {e} {c}")),
        1 => (topic(), prop::sample::select(&["-1", "-2", "latest", "earliest", "1767225605000"][..]))
            .prop_map(|(t, time)| format!("kafka-get-offsets.sh {B} --topic {t} --time {time}")),
        1 => (topic(), 1u32..300, prop::sample::select(&["-1", "100", "1000"][..]))
            .prop_map(|(t, n, tp)| format!("kafka-producer-perf-test.sh --topic {t} --num-records {n} --record-size 20 --throughput {tp} --producer-props bootstrap.servers=localhost:9092")),
        1 => (topic(), 1u32..100, group(), 1000u32..5000)
            .prop_map(|(t, n, g, timeout)| format!("kafka-consumer-perf-test.sh {B} --topic {t} --messages {n} --group {g} --timeout {timeout}")),
        2 => (1u32..5, prop::sample::select(&["", "-TERM ", "-9 ", "-INT "][..])).prop_map(|(j, s)| format!("kill {s}%{j}")),
        1 => Just("jobs".to_string()),
        1 => (1u32..=3, any::<bool>()).prop_map(|(b, clean)| format!("kafkascope broker stop {b}{}", if clean { " --clean" } else { "" })),
        1 => (1u32..=3).prop_map(|b| format!("kafkascope broker start {b}")),
        1 => (1u32..5, 0u32..200).prop_map(|(j, ms)| format!("kafkascope consumer slow %{j} {ms}")),
        1 => (1u32..5, any::<bool>()).prop_map(|(j, d)| format!("kafkascope {} %{j}", if d { "disconnect" } else { "reconnect" })),
        1 => Just("cat consumed.txt".to_string()),
    ]
}

// ---------------------------------------------------------------------------------------
// Commands that must be rejected (on the base console) without changing anything

fn rejected_command() -> impl Strategy<Value = String> {
    let bad_partitions = prop_oneof![
        (-1000i64..=0).prop_map(|p| p.to_string()),
        prop::sample::select(&["abc", "2147483648", "99999999999999999999", "1.5", "", "-2147483649", "0x10"][..]).prop_map(str::to_string)
    ];
    prop_oneof![
        // kafka-topics.sh
        bad_partitions.prop_map(|p| format!("kafka-topics.sh {B} --create --topic fresh --partitions {}", quote_word(&p))),
        prop::sample::select(&["0", "-1", "4", "40000", "abc"][..]).prop_map(|r| format!("kafka-topics.sh {B} --create --topic fresh --partitions 2 --replication-factor {r}")),
        prop::sample::select(&["", ".", "..", "bad name", "a/b", "semi;colon", "ünïcode", "__consumer_offsets", "orders"][..]).prop_map(|t| format!("kafka-topics.sh {B} --create --topic {}", quote_word(t))),
        Just(format!("kafka-topics.sh {B} --create --topic {}", "x".repeat(250))),
        prop::sample::select(&["cleanup.policy=bogus", "retention.ms=abc", "nokey", "unknown.config=1", "min.insync.replicas=0", "segment.bytes=1", "max.message.bytes=-1", "=1"][..])
            .prop_map(|c| format!("kafka-topics.sh {B} --create --topic fresh --config {c}")),
        prop::sample::select(&["--frobnicate", "--topicz fresh", "-x", "--create --list", "--create --delete", "--list --bootstrap-server localhost:9092 --bootstrap-server localhost:9093"][..])
            .prop_map(|f| format!("kafka-topics.sh {B} --create --topic fresh {f}")),
        Just("kafka-topics.sh --create --topic fresh --partitions 2".to_string()),
        prop::sample::select(&["localhost:9999", "example.com:9092", "localhost", "", "localhost:abc"][..]).prop_map(|b| format!("kafka-topics.sh --bootstrap-server {} --create --topic fresh", quote_word(b))),
        prop::sample::select(&["1", "2", "3", "-1", "abc"][..]).prop_map(|n| format!("kafka-topics.sh {B} --alter --topic orders --partitions {n}")),
        Just(format!("kafka-topics.sh {B} --alter --topic missing --partitions 5")),
        Just(format!("kafka-topics.sh {B} --alter --topic orders")),
        prop::sample::select(&["missing", "__consumer_offsets"][..]).prop_map(|t| format!("kafka-topics.sh {B} --delete --topic {t}")),
        Just(format!("kafka-topics.sh {B} --describe --topic missing")),
        // kafka-configs.sh
        prop::sample::select(&["retention.ms=abc", "cleanup.policy=bogus", "unknown.name=1", "noequals", "segment.bytes=-1"][..])
            .prop_map(|c| format!("kafka-configs.sh {B} --alter --entity-type topics --entity-name orders --add-config {c}")),
        Just(format!("kafka-configs.sh {B} --alter --entity-type topics --entity-name missing --add-config retention.ms=1000")),
        Just(format!("kafka-configs.sh {B} --alter --entity-type topics --entity-name orders")),
        // dynamic broker configs the brokers refuse (DynamicBrokerConfig.validateConfigs)
        prop::sample::select(&["--entity-name 1 --add-config log.retention.hours=1", "--entity-default --add-config ssl.cipher.suites=A", "--entity-name 1 --add-config log.segment.bytes=1", "--entity-default --add-config log.retention.ms=x", "--entity-default --add-config a=1 --delete-config a"][..])
            .prop_map(|c| format!("kafka-configs.sh {B} --alter --entity-type brokers {c}")),
        Just(format!("kafka-configs.sh {B} --describe --alter --entity-type topics --entity-name orders")),
        // without --all a missing topic is a line and exit 0 (describeResourceConfig, 4.x)
        Just(format!("kafka-configs.sh {B} --describe --entity-type topics --entity-name missing --all")),
        Just("kafka-configs.sh --alter --entity-type topics --entity-name orders --add-config retention.ms=1".to_string()),
        // kafka-consumer-groups.sh: resets on an active group, bad resets, deletes
        prop::sample::select(&["--to-earliest", "--to-latest", "--to-offset 0", "--shift-by -1", "--to-current", "--to-datetime 2026-01-01T00:00:00.000", "--by-duration PT1H"][..])
            .prop_map(|how| format!("kafka-consumer-groups.sh {B} --reset-offsets --group active --topic orders {how} --execute")),
        Just(format!("kafka-consumer-groups.sh {B} --reset-offsets --group active --all-topics --to-earliest --execute")),
        prop::sample::select(&[
            "--topic orders --to-offset abc --execute",
            "--topic orders --shift-by 1.5 --execute",
            "--topic orders --execute",
            "--topic orders --to-earliest --to-latest --execute",
            "--to-earliest --execute",
            "--topic missing --to-earliest --execute",
            "--topic orders:7 --to-earliest --execute",
            "--topic orders:x --to-earliest --execute",
            "--topic orders --to-datetime notadate --execute",
            "--topic orders --by-duration bogus --execute",
            "--topic orders --to-offset 99999999999999999999 --execute",
        ][..])
        .prop_map(|how| format!("kafka-consumer-groups.sh {B} --reset-offsets --group idle {how}")),
        prop::sample::select(&["active", "missing"][..]).prop_map(|g| format!("kafka-consumer-groups.sh {B} --delete --group {g}")),
        Just(format!("kafka-consumer-groups.sh {B} --describe")),
        Just(format!("kafka-consumer-groups.sh {B} --list --describe --group idle")),
        prop::sample::select(&["", " --topic orders:x", " --topic orders --group active"][..])
            .prop_map(|rest| format!("kafka-consumer-groups.sh {B} --delete-offsets --group idle{rest}")),
        Just("kafka-consumer-groups.sh --describe --group idle".to_string()),
        // kafka-console-producer.sh: nothing is created when the options are wrong
        prop::sample::select(&[
            "--producer-property acks=7",
            "--producer-property buffer.memory=-5",
            "--producer-property linger.ms=-1",
            "--producer-property batch.size=abc",
            "--producer-property acks",
            "--request-required-acks 3",
            "--batch-size abc",
            "--timeout -5",
            "--property parse.key=true --property key.separator=",
            "--property key.separator=: --property null.marker=:",
            "--producer-property linger.ms=soon",
            "--frobnicate",
        ][..])
        .prop_map(|o| format!("kafka-console-producer.sh {B} --topic orders {o} <<EOF\na:1\nEOF")),
        // a malformed address (an address no broker listens on is accepted and times out)
        Just("kafka-console-producer.sh --bootstrap-server nonsense --topic orders <<EOF\na\nEOF".to_string()),
        Just(format!("kafka-console-producer.sh {B} <<EOF\na\nEOF")),
        // kafka-console-consumer.sh: nothing is created when the options are wrong
        prop::sample::select(&[
            "--topic orders --consumer-property session.timeout.ms=abc --max-messages 1",
            "--topic orders --consumer-property partition.assignment.strategy=bogus --max-messages 1",
            "--topic orders --consumer-property max.partition.fetch.bytes=-1 --max-messages 1",
            "--topic orders --consumer-property group.instance.id= --group g --max-messages 1",
            "--topic orders --consumer-property auto.offset.reset=sideways --max-messages 1",
            "--topic orders --consumer-property auto.commit.interval.ms --max-messages 1",
            "--topic orders --group g --consumer-property group.remote.assignor=range --max-messages 1",
            "--topic orders --group g --consumer-property group.protocol=telepathy --max-messages 1",
            "--topic orders --partition 0 --group g --max-messages 1",
            "--topic orders --offset 5 --max-messages 1",
            "--topic orders --partition 0 --offset -5 --max-messages 1",
            "--topic orders --partition 0 --offset soon --max-messages 1",
            "--topic orders --partition 0 --offset 1 --from-beginning --max-messages 1",
            "--topic orders --include 'o.*' --max-messages 1",
            "--max-messages 1",
            "--topic orders --max-messages abc",
            "--topic orders --timeout-ms 1.5",
            "--topic orders --group a --consumer-property group.id=b --max-messages 1",
            "--topic orders --from-beginning --consumer-property auto.offset.reset=latest --max-messages 1",
            "--topic orders --group g",
            "--topic orders",
            "--partition 0 --max-messages 1",
        ][..])
        .prop_map(|o| format!("kafka-console-consumer.sh {B} {o}")),
        Just("kafka-console-consumer.sh --topic orders --max-messages 1".to_string()),
        // a host that does not resolve: the consumer's constructor fails
        Just("kafka-console-consumer.sh --bootstrap-server elsewhere:9092 --topic orders --max-messages 1".to_string()),
        // kafka-get-offsets.sh
        prop::sample::select(&["--time bogus", "--time 1.5", "--partitions a,b", "--topic missing", "--frobnicate"][..]).prop_map(|o| format!("kafka-get-offsets.sh {B} {o}")),
        // perf tests
        prop::sample::select(&[
            "--topic orders --num-records -5 --record-size 10 --throughput -1 --producer-props bootstrap.servers=localhost:9092",
            "--topic orders --num-records 10 --record-size abc --throughput -1 --producer-props bootstrap.servers=localhost:9092",
            "--topic orders --num-records 10 --record-size 10 --throughput x --producer-props bootstrap.servers=localhost:9092",
            "--topic orders --num-records 10 --record-size 10 --throughput -1",
            "--topic orders --num-records 10 --record-size 10 --throughput -1 --producer-props bootstrap.servers=localhost:9092 acks=7",
            "--topic orders --num-records 10 --record-size 10 --throughput -1 --producer-props bootstrap.servers=localhost:9092 noequals",
            "--topic orders --num-records 10 --record-size 10 --throughput -1 --producer-props bootstrap.servers=localhost:9999",
            "--topic orders --num-records 10 --throughput -1 --producer-props bootstrap.servers=localhost:9092",
            "--num-records 10 --record-size 10 --throughput -1 --producer-props bootstrap.servers=localhost:9092",
            "stray --topic orders",
        ][..])
        .prop_map(|o| format!("kafka-producer-perf-test.sh {o}")),
        prop::sample::select(&["--topic orders", "--topic orders --messages abc", "--messages 10", "--bootstrap-server localhost:9999 --topic orders --messages 10"][..])
            .prop_map(|o| format!("kafka-consumer-perf-test.sh {o}")),
        // the shell and the simulator's own commands
        prop::sample::select(&[
            "sleep -1",
            "sleep abc",
            "sleep 99999999999",
            "sleep",
            "sleep NaN",
            "kill %9",
            "kill %0",
            "kill -FOO %1",
            "kill",
            "kill 4242",
            "cat missing.txt",
            "ls -l",
            "kafka-streams.sh --list",
            "kafka-topics.sh --list |",
            "echo $(date)",
            "true && false",
            "'unterminated",
            "kafka-topics.sh --list | wc -l",
            "cat < missing.txt",
            "kafkascope broker stop 9",
            "kafkascope broker stop x",
            "kafkascope broker start 1",
            "kafkascope config bogus=1",
            "kafkascope config network.delay.ms=-5",
            "kafkascope config log.retention.check.interval.ms=abc",
            "kafkascope config noequals",
            "kafkascope network-delay abc",
            "kafkascope consumer slow %9 10",
            "kafkascope consumer slow %1 -5",
            "kafkascope consumer slow %1 abc",
            "kafkascope disconnect %7",
            "kafkascope reconnect x",
            "kafkascope frobnicate",
        ][..])
        .prop_map(str::to_string),
    ]
}

/// Commands that only look: they succeed and change nothing.
fn read_only_command() -> impl Strategy<Value = String> {
    prop::sample::select(vec![
        format!("kafka-topics.sh {B} --list"),
        format!("kafka-topics.sh {B} --list --exclude-internal"),
        format!("kafka-topics.sh {B} --describe"),
        format!("kafka-topics.sh {B} --describe --topic orders"),
        format!("kafka-topics.sh {B} --describe --topic 'o.*'"),
        format!("kafka-topics.sh {B} --describe --under-replicated-partitions"),
        format!("kafka-topics.sh {B} --describe --topic missing --if-exists"),
        format!("kafka-topics.sh {B} --create --topic orders --if-not-exists"),
        format!("kafka-topics.sh {B} --delete --topic missing --if-exists"),
        format!("kafka-topics.sh {B} --version"),
        format!("kafka-topics.sh {B} --help"),
        format!("kafka-configs.sh {B} --describe --entity-type topics --entity-name orders"),
        format!("kafka-configs.sh {B} --describe --entity-type topics --entity-name orders --all"),
        format!("kafka-configs.sh {B} --describe --entity-type brokers"),
        format!("kafka-configs.sh {B} --describe --entity-type brokers --entity-name 1 --all"),
        format!("kafka-consumer-groups.sh {B} --list"),
        format!("kafka-consumer-groups.sh {B} --list --state"),
        format!("kafka-consumer-groups.sh {B} --describe --group active"),
        format!("kafka-consumer-groups.sh {B} --describe --group idle --members --verbose"),
        format!("kafka-consumer-groups.sh {B} --describe --all-groups --state"),
        format!("kafka-consumer-groups.sh {B} --describe --group missing"),
        format!("kafka-consumer-groups.sh {B} --reset-offsets --group idle --topic orders --to-earliest --dry-run"),
        format!("kafka-consumer-groups.sh {B} --reset-offsets --group idle --topic orders --shift-by -1"),
        format!("kafka-get-offsets.sh {B} --topic orders"),
        format!("kafka-get-offsets.sh {B} --topic orders --time -2"),
        format!("kafka-get-offsets.sh {B} --time 1767225600000"),
        "jobs".to_string(),
        "echo hello".to_string(),
        "help".to_string(),
        "kafkascope".to_string(),
        "kafkascope seed".to_string(),
        "kafkascope time".to_string(),
        "kafkascope brokers".to_string(),
        "true".to_string(),
        "echo written > notes.txt".to_string(),
        "cat /dev/null".to_string(),
    ])
}

/// What a run of a script left: each command's status and output, the trace hash and
/// the state hash.
type Run = (Vec<(i32, Output)>, u64, u64);

/// Runs `script`, command by command, on two fresh copies of the setup.
fn twice(script: &[String]) -> [Run; 2] {
    [0, 1].map(|_| {
        let mut c = base_console();
        let outs = script.iter().map(|s| c.run_script(s, "props.sh")).map(|(o, s)| (s, o)).collect();
        (outs, c.sim().trace_hash(), c.sim().state_hash())
    })
}

// ---------------------------------------------------------------------------------------

#[test]
fn the_setup_is_what_the_properties_assume() {
    let c = base_console();
    let sim = c.sim();
    assert_eq!(sim.topic("orders").map(|t| t.partitions.len()), Some(3));
    let idle = sim.group("idle").expect("group idle");
    assert_eq!(idle.state.name(), "Empty");
    assert_eq!(idle.offsets.values().map(|o| o.offset).sum::<i64>(), 6, "idle committed all six records");
    let active = sim.group("active").expect("group active");
    assert_eq!(active.state.name(), "Stable");
    assert_eq!(active.members.len(), 1);
    assert_eq!(c.jobs().iter().filter(|j| !j.done).count(), 1);
}

#[test]
fn a_rejected_consumer_creates_no_client() {
    // --offset is checked before the consumer exists, and so is a script's endless consumer
    for cmd in [
        format!("kafka-console-consumer.sh {B} --topic orders --partition 0 --offset -5 --max-messages 1"),
        format!("kafka-console-consumer.sh {B} --topic orders --group g"),
    ] {
        let mut c = base_console();
        let (hash, consumers) = (c.sim().state_hash(), c.sim().consumers().count());
        let (out, status) = c.run_script(&cmd, "t.sh");
        assert_eq!(status, 1, "{}", out.stderr());
        assert_eq!(c.sim().consumers().count(), consumers);
        assert_eq!(c.sim().state_hash(), hash, "{cmd}");
    }
}

#[test]
fn timeouts_fire_on_time_in_a_quiet_cluster() {
    // an assign-mode consumer has nothing scheduled of its own: --timeout-ms still ends it on time
    let mut c = base_console();
    let start = c.sim().now();
    let (out, status) =
        c.run_script(&format!("kafka-console-consumer.sh {B} --topic orders --partition 0 --from-beginning --timeout-ms 2000\n"), "t.sh");
    assert_eq!(status, 0, "{}", out.stderr());
    assert!(out.stderr().contains("Processed a total of"), "{}", out.stderr());
    assert!(!out.stdout().is_empty(), "--from-beginning with --partition reads from the start");
    assert_eq!(c.sim().now() - start, 2000, "records arrive at once, then 2 s without any");
    // a throttled producer perf test sends at its rate even when nothing else happens
    let start = c.sim().now();
    let (out, status) = c.run_script(
        "kafka-producer-perf-test.sh --topic orders --num-records 20 --record-size 10 --throughput 2 --producer-props bootstrap.servers=localhost:9092\n",
        "t.sh",
    );
    assert_eq!(status, 0, "{}", out.stderr());
    let took = c.sim().now() - start;
    assert!((9_500..10_000).contains(&took), "20 records at 2 per second take 9.5 s, not {took} ms");
}

/// Kafka drops a group's committed offsets for a topic when the topic is deleted
/// (`GroupCoordinator.onPartitionsDeleted`), so a topic created again under the same name
/// starts without them. The engine keeps them: a commit beyond the new log's end, and a
/// negative lag. Reported to the engine's owner; run with `--ignored`.
#[test]
fn deleting_a_topic_deletes_its_committed_offsets() {
    let mut c = base_console();
    let (out, _) = c.run_script(
        &format!("kafka-topics.sh {B} --delete --topic orders\nkafka-topics.sh {B} --create --topic orders --partitions 3\n"),
        "t.sh",
    );
    assert!(out.stdout().contains("Created topic orders."), "{}", out.stdout());
    let idle = c.sim().group("idle").expect("group idle");
    assert!(idle.offsets.keys().all(|tp| &*tp.topic != "orders"), "idle still has {:?}", idle.offsets);
}

/// A group member still owns `orders-2` when `orders` is deleted and a producer creates
/// it again with one partition (`auto.create.topics.enable`): the member's next poll
/// indexed a partition that no longer exists (engine/sim/consume.rs, `read_for`): a
/// panic once, kept as a regression test.
#[test]
fn a_consumed_topic_can_be_deleted_and_created_again() {
    let mut c = base_console();
    let script =
        format!("kafka-topics.sh {B} --delete --topic orders\nkafka-console-producer.sh {B} --topic orders <<EOF\na\nEOF\nsleep 5\n");
    let (out, _) = c.run_script(&script, "t.sh");
    assert!(!out.stderr().contains("panicked"), "{}", out.stderr());
}

/// `kafka-consumer-groups.sh --describe` in `stdout` shows `partitions` rows of `group`,
/// each with its CURRENT-OFFSET at the LOG-END-OFFSET.
fn assert_caught_up(stdout: &str, group: &str, partitions: usize) {
    let rows: Vec<Vec<&str>> =
        stdout.lines().map(|l| l.split_whitespace().collect::<Vec<_>>()).filter(|w| w.first() == Some(&group) && w.len() > 5).collect();
    assert_eq!(rows.len(), partitions, "{stdout}");
    for row in rows {
        assert_eq!(row[3], row[4], "CURRENT-OFFSET is the LOG-END-OFFSET:\n{stdout}");
    }
}

/// A follower's fetch for partition 1 is in flight when its two-partition topic is
/// deleted and a producer creates it again with one partition: the fetch belongs to the
/// old topic (its topic ID), so it is dropped on arrival instead of indexing partition 1
/// of the new topic (found by `valid_sessions_behave`; a panic once).
#[test]
fn a_fetch_for_a_deleted_topic_is_dropped() {
    let mut c = base_console();
    let script = format!(
        "kafka-topics.sh {B} --create --topic logs.v2 --partitions 2 --replication-factor 2\n\
         kafka-topics.sh {B} --delete --topic logs.v2\n\
         kafka-producer-perf-test.sh --topic logs.v2 --num-records 1 --record-size 20 --throughput -1 --producer-props bootstrap.servers=localhost:9092\n\
         sleep 5\n\
         kafka-topics.sh {B} --describe --topic logs.v2\n"
    );
    let (out, _) = c.run_script(&script, "t.sh");
    assert!(!out.stderr().contains("panicked"), "{}", out.stderr());
    assert!(out.stdout().contains("1 records sent"), "{}", out.stdout());
    assert!(out.stdout().contains("PartitionCount: 1"), "{}", out.stdout());
}

/// A consumer-protocol group (KIP-848) read `orders`, which is deleted and created again
/// with the same records: what the group reads now is the new topic's first delivery,
/// not a duplicate of what it read from the old one. The group's record of delivered
/// offsets outlived the topic, so every record of the new topic was flagged as
/// delivered twice.
#[test]
fn a_new_topic_under_an_old_name_is_not_a_duplicate_delivery() {
    let mut c = base_console();
    let six = "alice:1\nbob:2\ncarol:3\nalice:4\ndave:5\nbob:6\n";
    let script = format!(
        "kafka-console-consumer.sh {B} --topic orders --group cp --from-beginning --consumer-property group.protocol=consumer &\n\
         sleep 5\n\
         kafka-topics.sh {B} --delete --topic orders\n\
         kafka-topics.sh {B} --create --topic orders --partitions 3 --replication-factor 2\n\
         kafka-console-producer.sh {B} --topic orders --property parse.key=true --property key.separator=: <<EOF\n{six}EOF\n\
         sleep 10\n"
    );
    let start = c.sim().trace().len();
    let (out, _) = c.run_script(&script, "t.sh");
    assert!(!out.stderr().contains("panicked"), "{}", out.stderr());
    assert_eq!(
        out.stdout().lines().filter(|l| l.chars().all(|ch| ch.is_ascii_digit()) && !l.is_empty()).count(),
        12,
        "six records of each topic:\n{}",
        out.stdout()
    );
    let dups: Vec<_> = c.sim().trace()[start..].iter().filter(|e| matches!(e.event, Event::DuplicateDelivery { .. })).collect();
    assert!(dups.is_empty(), "{dups:?}");
}

/// Group `active` has committed what it read of `orders` when the topic is deleted and
/// created again with the same records: the member reads them again and auto-commits
/// them (Kafka commits every consumed position each `auto.commit.interval.ms`). The
/// member remembered its commits to the old topic and skipped committing the same
/// offsets, which the deletion had removed: the group showed no offsets.
#[test]
fn offsets_of_a_new_topic_under_an_old_name_are_committed() {
    let mut c = base_console();
    let six = "alice:1\nbob:2\ncarol:3\nalice:4\ndave:5\nbob:6\n";
    let script = format!(
        "sleep 5\n\
         kafka-topics.sh {B} --delete --topic orders\n\
         kafka-topics.sh {B} --create --topic orders --partitions 3 --replication-factor 2\n\
         kafka-console-producer.sh {B} --topic orders --property parse.key=true --property key.separator=: <<EOF\n{six}EOF\n\
         sleep 15\n\
         kafka-consumer-groups.sh {B} --describe --group active\n"
    );
    let (out, _) = c.run_script(&script, "t.sh");
    assert!(!out.stderr().contains("panicked"), "{}", out.stderr());
    assert_caught_up(&out.stdout(), "active", 3);
}

/// A consumer's last commit is on its way (one second of network delay) when its topic
/// is deleted: the broker no longer knows the partitions and answers
/// UNKNOWN_TOPIC_OR_PARTITION without committing (`KafkaApis.handleOffsetCommitRequest`).
/// The coordinator stored the offsets, and the group showed them for a topic that no
/// longer exists, with a negative lag.
#[test]
fn a_commit_for_a_deleted_topic_is_refused() {
    let mut c = base_console();
    let script = format!(
        "kafkascope network-delay 1000\n\
         kafka-console-consumer.sh {B} --topic orders --group billing --from-beginning --max-messages 6 > /dev/null &\n\
         sleep 11.5\n\
         kafka-topics.sh {B} --delete --topic orders\n\
         sleep 5\n\
         kafka-consumer-groups.sh {B} --describe --group billing\n"
    );
    let start = c.sim().trace().len();
    let (out, _) = c.run_script(&script, "t.sh");
    assert!(!out.stderr().contains("panicked"), "{}", out.stderr());
    let refused = c.sim().trace()[start..].iter().any(|e| {
        matches!(&e.event, Event::CommitFailed { group, error: kafkascope::engine::ErrorCode::UnknownTopicOrPartition, .. } if &**group == "billing")
    });
    assert!(refused, "the commit arrives after the deletion");
    assert!(c.sim().group("billing").is_some_and(|g| g.offsets.is_empty()), "{:?}", c.sim().group("billing").map(|g| &g.offsets));
    assert!(!out.stdout().contains("billing         orders"), "{}", out.stdout());
}

/// The rows of group `active` in `kafka-consumer-groups.sh --describe` output: (topic, partition).
fn active_rows(stdout: &str) -> Vec<(String, String)> {
    let rows = stdout.lines().map(|l| l.split_whitespace().collect::<Vec<_>>()).filter(|w| w.first() == Some(&"active") && w.len() > 2);
    rows.map(|w| (w[1].to_string(), w[2].to_string())).collect()
}

/// Group `active`'s only member (its leader) owns the three partitions of `orders` when
/// the topic is deleted: its fetches are answered UNKNOWN_TOPIC_OR_PARTITION, which makes
/// the consumer refresh its metadata (`FetchCollector`), and the leader, seeing the topic
/// gone, rejoins ("cached metadata has changed"). The member kept the partitions until
/// the periodic refresh, `metadata.max.age.ms` (5 minutes) later.
#[test]
fn a_member_gives_up_the_partitions_of_a_deleted_topic() {
    let mut c = base_console();
    let script = format!("kafka-topics.sh {B} --delete --topic orders\nsleep 10\nkafka-consumer-groups.sh {B} --describe --group active\n");
    let (out, _) = c.run_script(&script, "t.sh");
    assert!(!out.stderr().contains("panicked"), "{}", out.stderr());
    assert_eq!(active_rows(&out.stdout()).iter().filter(|(t, _)| t == "orders").count(), 0, "{}", out.stdout());
}

/// As above, with `orders` created again with one partition and a record in it: the
/// member reads the new `orders-0`, and its fetches of `orders-1` and `orders-2` fail, so
/// the next rebalance leaves it `orders-0` only.
#[test]
fn a_member_gives_up_the_partitions_a_new_topic_lacks() {
    let mut c = base_console();
    let script = format!(
        "kafka-topics.sh {B} --delete --topic orders\n\
         kafka-topics.sh {B} --create --topic orders --partitions 1 --replication-factor 2\n\
         kafka-console-producer.sh {B} --topic orders <<EOF\na\nEOF\n\
         sleep 10\n\
         kafka-consumer-groups.sh {B} --describe --group active\n"
    );
    let (out, _) = c.run_script(&script, "t.sh");
    assert!(!out.stderr().contains("panicked"), "{}", out.stderr());
    assert_eq!(active_rows(&out.stdout()), vec![("orders".to_string(), "0".to_string())], "{}", out.stdout());
}

/// An `acks=all` produce request waits at the leader for the followers (one second of
/// network delay each way) when its topic is deleted and created again: the leader
/// completes the waiting request with UNKNOWN_TOPIC_OR_PARTITION at once
/// (`ReplicaManager.stopPartitions` → `DelayedProduce`), and the producer retries into
/// the new topic. The request was dropped, and the producer waited `request.timeout.ms`
/// (30 s) before retrying.
#[test]
fn a_produce_waiting_on_a_deleted_topic_is_answered() {
    let mut c = base_console();
    let script = format!(
        "kafkascope network-delay 1000\n\
         kafka-producer-perf-test.sh --topic orders --num-records 1 --record-size 20 --throughput -1 --producer-props bootstrap.servers=localhost:9092 acks=all &\n\
         sleep 1.5\n\
         kafka-topics.sh {B} --delete --topic orders\n\
         kafka-topics.sh {B} --create --topic orders --partitions 3 --replication-factor 2\n\
         sleep 10\n\
         kafka-get-offsets.sh {B} --topic orders\n"
    );
    let start = c.sim().trace().len();
    let (out, _) = c.run_script(&script, "t.sh");
    assert!(!out.stderr().contains("panicked"), "{}", out.stderr());
    let trace = &c.sim().trace()[start..];
    let deleted = trace.iter().find(|e| matches!(e.event, Event::TopicDeleted { .. })).expect("deleted").time;
    let retried = trace.iter().any(|e| {
        matches!(&e.event, Event::ProduceRetry { error: kafkascope::engine::ErrorCode::UnknownTopicOrPartition, .. } if e.time == deleted + 1000)
    });
    let produce: Vec<_> = trace
        .iter()
        .filter(|e| {
            matches!(
                e.event,
                Event::BatchSent { .. }
                    | Event::RecordsAppended { .. }
                    | Event::ProduceRetry { .. }
                    | Event::ProduceAcked { .. }
                    | Event::TopicDeleted { .. }
            )
        })
        .collect();
    assert!(retried, "the answer reaches the producer a network delay after the deletion: {produce:#?}");
    let acked = trace.iter().find(|e| matches!(e.event, Event::ProduceAcked { .. })).map(|e| e.time);
    assert!(acked.is_some_and(|t| t < deleted + 10_000), "acknowledged by the new topic at {acked:?}, deleted at {deleted}");
    let total: i64 = out.stdout().lines().filter_map(|l| l.rsplit(':').next()?.parse::<i64>().ok()).sum();
    assert_eq!(total, 1, "the record is in the new topic:\n{}", out.stdout());
}

/// A producer holds ten records in a batch (`linger.ms=5000`) when their topic is
/// deleted, and topics are not created automatically: the batch stays in the
/// accumulator, finds no partition to go to, and expires after `delivery.timeout.ms`
/// (`RecordAccumulator.expiredBatches`), which the perf test reports. The deletion
/// dropped the batch without a word, and the perf test waited forever.
#[test]
fn a_batch_for_a_deleted_topic_expires() {
    let mut c = base_console();
    let script = format!(
        "kafkascope config auto.create.topics.enable=false\n\
         kafka-producer-perf-test.sh --topic orders --num-records 10 --record-size 20 --throughput -1 --producer-props bootstrap.servers=localhost:9092 linger.ms=5000 &\n\
         sleep 1\n\
         kafka-topics.sh {B} --delete --topic orders\n\
         sleep 130\n\
         jobs\n"
    );
    let start = c.sim().trace().len();
    let (out, _) = c.run_script(&script, "t.sh");
    assert!(!out.stderr().contains("panicked"), "{}", out.stderr());
    let expired = c.sim().trace()[start..].iter().any(|e| {
        matches!(&e.event, Event::ProduceFailed { records, error: kafkascope::engine::ErrorCode::RequestTimedOut, .. } if records.len() == 10)
    });
    assert!(expired, "the batch expires");
    assert!(!out.stdout().contains("Running                 kafka-producer-perf-test.sh"), "the perf test is over:\n{}", out.stdout());
}

/// The same waiting `acks=all` request, with its topic deleted and not created again:
/// the producer retries, its metadata request for the topic creates it again
/// (`auto.create.topics.enable`, with `num.partitions`), and the record goes there. The
/// producer retried into nothing until `delivery.timeout.ms`.
#[test]
fn a_producer_retrying_into_a_deleted_topic_creates_it_again() {
    let mut c = base_console();
    let script = format!(
        "kafkascope config num.partitions=3\n\
         kafkascope network-delay 1000\n\
         kafka-producer-perf-test.sh --topic orders --num-records 1 --record-size 20 --throughput -1 --producer-props bootstrap.servers=localhost:9092 acks=all &\n\
         sleep 1.5\n\
         kafka-topics.sh {B} --delete --topic orders\n\
         sleep 10\n\
         kafka-topics.sh {B} --describe --topic orders\n\
         kafka-get-offsets.sh {B} --topic orders\n"
    );
    let (out, _) = c.run_script(&script, "t.sh");
    assert!(!out.stderr().contains("panicked"), "{}", out.stderr());
    assert!(out.stdout().contains("1 records sent"), "{}", out.stdout());
    assert!(out.stdout().contains("PartitionCount: 3"), "{}", out.stdout());
    let total: i64 =
        out.stdout().lines().filter(|l| l.starts_with("orders:")).filter_map(|l| l.rsplit(':').next()?.parse::<i64>().ok()).sum();
    assert_eq!(total, 1, "the record is in the new topic:\n{}", out.stdout());
}

/// Group `active`'s member is cut off until the coordinator removes it, its offsets are
/// reset to the earliest, and it comes back: it rejoins, reads from the reset offsets to
/// where it had been, and auto-commits that (Kafka commits every consumed position each
/// `auto.commit.interval.ms`). It remembered committing those positions before it left
/// and skipped them, so the group stayed at the reset offsets, lagging.
#[test]
fn a_member_commits_over_offsets_reset_while_it_was_away() {
    let mut c = base_console();
    let script = format!(
        "sleep 5\n\
         kafkascope disconnect %1\n\
         sleep 60\n\
         kafka-consumer-groups.sh {B} --reset-offsets --group active --topic orders --to-earliest --execute\n\
         kafkascope reconnect %1\n\
         sleep 30\n\
         kafka-consumer-groups.sh {B} --describe --group active\n"
    );
    let (out, _) = c.run_script(&script, "t.sh");
    assert!(!out.stderr().contains("panicked"), "{}", out.stderr());
    assert_caught_up(&out.stdout(), "active", 3);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases()))]

    /// Any bytes as a script: no panic; a failure says something.
    #[test]
    fn random_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        let script = String::from_utf8_lossy(&bytes).into_owned();
        let mut c = empty_console();
        run_checked(&mut c, &script)?;
    }

    /// Printable text full of shell metacharacters, as a script, on a populated cluster.
    #[test]
    fn random_text_never_panics(script in "[ -~\n\t]{0,300}") {
        let mut c = base_console();
        run_checked(&mut c, &script)?;
        check_offsets(c.sim())?;
    }

    /// Token soups of real tool names, flags and values, command by command.
    #[test]
    fn token_soups_never_panic(commands in prop::collection::vec(soup_command(), 1..6)) {
        let mut c = base_console();
        for cmd in &commands {
            run_checked(&mut c, cmd)?;
        }
        check_offsets(c.sim())?;
    }

    /// The same soup twice: the same output, statuses, trace and state.
    #[test]
    fn token_soups_are_deterministic(commands in prop::collection::vec(soup_command(), 1..5)) {
        let [a, b] = twice(&commands);
        prop_assert_eq!(a.0, b.0);
        prop_assert_eq!(a.1, b.1, "trace hash");
        prop_assert_eq!(a.2, b.2, "state hash");
    }

    /// Sessions of plausible commands on the populated cluster: every failure says
    /// something, committed offsets stay within the log, and the same session twice is
    /// the same history.
    #[test]
    fn valid_sessions_behave(commands in prop::collection::vec(valid_command(), 1..14)) {
        let mut c = base_console();
        let mut outs = Vec::new();
        for cmd in &commands {
            outs.push(run_checked(&mut c, cmd)?);
            check_offsets(c.sim())?;
        }
        let mut again = base_console();
        for (cmd, (out, status)) in commands.iter().zip(&outs) {
            let (o, s) = again.run_script(cmd, "props.sh");
            prop_assert_eq!(&o, out, "{}", cmd);
            prop_assert_eq!(s, *status);
        }
        prop_assert_eq!(c.sim().trace_hash(), again.sim().trace_hash());
        prop_assert_eq!(c.sim().state_hash(), again.sim().state_hash());
    }

    /// A command rejected at argument validation neither moves the clock nor changes
    /// the simulation, and says why.
    #[test]
    fn rejected_commands_change_nothing(commands in prop::collection::vec(rejected_command(), 1..8)) {
        let mut c = base_console();
        for cmd in &commands {
            let (now, hash) = (c.sim().now(), c.sim().state_hash());
            let (out, status) = run_checked(&mut c, cmd)?;
            // Kafka's reset on an active group prints an error and exits 0
            prop_assert!(status != 0 || out.stdout().contains("Error:"), "{:?} was accepted:\n{}", cmd, text(&out));
            prop_assert_eq!(c.sim().now(), now, "{:?} let time pass", cmd);
            prop_assert_eq!(c.sim().state_hash(), hash, "{:?} changed the simulation:\n{}", cmd, text(&out));
        }
    }

    /// Commands that only look succeed and change nothing.
    #[test]
    fn read_only_commands_change_nothing(commands in prop::collection::vec(read_only_command(), 1..8)) {
        let mut c = base_console();
        for cmd in &commands {
            let (now, hash) = (c.sim().now(), c.sim().state_hash());
            let (out, status) = run_checked(&mut c, cmd)?;
            // --help exits 1, as CommandLineUtils.printUsageAndExit does
            prop_assert_eq!(status, i32::from(cmd.ends_with("--help")), "{:?}:\n{}", cmd, text(&out));
            prop_assert_eq!(c.sim().now(), now, "{:?} let time pass", cmd);
            prop_assert_eq!(c.sim().state_hash(), hash, "{:?} changed the simulation", cmd);
        }
    }

    /// A browser terminal: soups typed line by line, with Ctrl-C and the clock running
    /// in between. No panic, and the same keystrokes give the same screen.
    #[test]
    fn a_terminal_survives_anything(
        inputs in prop::collection::vec(prop_oneof![
            6 => soup_command().prop_map(Some),
            2 => valid_command().prop_map(Some),
            1 => Just(None),
        ], 1..8),
        ticks in prop::collection::vec(0i64..5_000, 8),
    ) {
        let screens: Vec<(Vec<Output>, u64)> = (0..2).map(|_| {
            let mut c = Console::interactive(Sim::new(ClusterConfig::default(), SEED));
            let mut screen = Vec::new();
            for (i, input) in inputs.iter().enumerate() {
                match input {
                    Some(cmd) => {
                        for line in cmd.split('\n') {
                            screen.push(c.run_line(line));
                        }
                    }
                    None => screen.push(c.interrupt()),
                }
                screen.push(c.advance(ticks[i % ticks.len()]));
            }
            (screen, c.sim().trace_hash())
        }).collect();
        prop_assert_eq!(&screens[0], &screens[1]);
    }
}
