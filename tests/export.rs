//! Export to real Kafka (issue 7): for real sessions (Kafka's quickstart; keys, groups and
//! offset resets; simulator commands with several brokers and replication factor 3; a
//! KIP-848 consumer; an empty session) the export is written as a tar, extracted with the
//! system's `tar -x`, and checked with the real tools: `bash -n` on the script, PyYAML on
//! the compose file, `python3 -m py_compile` on the Python files. A proptest feeds
//! arbitrary command histories and checks that the export never panics and that the script
//! always passes `bash -n`.
#![cfg(not(target_arch = "wasm32"))]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};

use kafkascope::classroom::export::{Export, EXPORT_DIR, KAFKA_VERSION};
use kafkascope::console::session::Session;
use kafkascope::console::shell::parse_script;
use kafkascope::console::Console;
use kafkascope::engine::{ClusterConfig, Sim};
use proptest::prelude::*;

const B: &str = "--bootstrap-server localhost:9092";

/// Runs typed lines in an interactive session as the browser terminal does, letting
/// `ms` of virtual time pass (the Play button) after each complete command.
fn session(lines: &[String], ms: i64) -> Session {
    let mut s = Session::new(Console::interactive(Sim::new(ClusterConfig::default(), 7)));
    for l in lines {
        s.run_line(l);
        if s.console().pending_input().is_none() && !s.console().has_foreground() {
            s.advance(ms);
        }
    }
    s
}

fn lines(text: &str) -> Vec<String> {
    text.lines().map(str::to_string).collect()
}

static DIRS: AtomicUsize = AtomicUsize::new(0);

/// Writes the export's tar to a fresh temporary directory and extracts it with `tar -x`.
fn extract(export: &Export) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("kafkascope-export-test-{}-{}", std::process::id(), DIRS.fetch_add(1, Ordering::SeqCst)));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let tar = dir.join("kafkascope-export.tar");
    std::fs::write(&tar, export.to_tar().expect("the export's paths fit a tar")).unwrap();
    let out = Command::new("tar").arg("-xf").arg(&tar).arg("-C").arg(&dir).output().expect("tar runs");
    assert!(out.status.success(), "tar -x failed: {}", String::from_utf8_lossy(&out.stderr));
    let listing = Command::new("tar").arg("-tf").arg(&tar).output().unwrap();
    let names = String::from_utf8_lossy(&listing.stdout).to_string();
    assert!(names.lines().all(|l| l.starts_with(&format!("{EXPORT_DIR}/"))), "{names}");
    dir.join(EXPORT_DIR)
}

fn bash_n(path: &Path) {
    let out = Command::new("bash").arg("-n").arg(path).output().expect("bash runs");
    assert!(
        out.status.success(),
        "bash -n {}: {}\n{}",
        path.display(),
        String::from_utf8_lossy(&out.stderr),
        std::fs::read_to_string(path).unwrap()
    );
}

fn py_compile(path: &Path) {
    let out = Command::new("python3").args(["-m", "py_compile"]).arg(path).output().expect("python3 runs");
    assert!(
        out.status.success(),
        "py_compile {}: {}\n{}",
        path.display(),
        String::from_utf8_lossy(&out.stderr),
        std::fs::read_to_string(path).unwrap()
    );
}

/// Parses the compose file with PyYAML and prints facts about it as `key=value` lines.
fn compose_facts(path: &Path) -> String {
    let probe = Command::new("python3").args(["-c", "import yaml"]).output().expect("python3 runs");
    assert!(
        probe.status.success(),
        "PyYAML is missing: run `source scripts/setup.sh && setup_test` (it installs it with `python3 -m pip install --user pyyaml`)"
    );
    let code = r#"
import base64, sys, yaml
doc = yaml.safe_load(open(sys.argv[1]))
services = doc["services"]
print("services=" + ",".join(sorted(services)))
k = services["kafka"]
env = {str(a): str(b) for a, b in k["environment"].items()}
print("image=" + k["image"])
print("roles=" + env["KAFKA_PROCESS_ROLES"])
print("ports=" + ",".join(str(p) for p in k["ports"]))
print("advertised=" + env["KAFKA_ADVERTISED_LISTENERS"])
print("offsets_rf=" + env["KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR"])
print("cluster_id_bytes=" + str(len(base64.urlsafe_b64decode(env["CLUSTER_ID"] + "=" * (-len(env["CLUSTER_ID"]) % 4)))) + "/" + str(len(env["CLUSTER_ID"])))
print("zookeeper=" + str(any("zookeeper" in (str(a) + str(b)).lower() for a, b in env.items()) or any("zookeeper" in s for s in services)))
for a, b in sorted(env.items()):
    print("env." + a + "=" + b)
"#;
    let out = Command::new("python3").args(["-c", code]).arg(path).output().expect("python3 runs");
    assert!(out.status.success(), "YAML: {}\n{}", String::from_utf8_lossy(&out.stderr), std::fs::read_to_string(path).unwrap());
    String::from_utf8(out.stdout).unwrap()
}

/// Checks every file of an export with the real tools (in a temporary folder, removed after).
fn check_files(export: &Export) {
    let dir = extract(export);
    for name in ["docker-compose.yml", "kafkascope-session.sh", "producer.py", "consumer.py", "README.md"] {
        assert!(dir.join(name).is_file(), "{name} is in the tar");
        assert_eq!(std::fs::read_to_string(dir.join(name)).unwrap(), export.file(name).unwrap(), "{name} round-trips through tar");
    }
    bash_n(&dir.join("kafkascope-session.sh"));
    py_compile(&dir.join("producer.py"));
    py_compile(&dir.join("consumer.py"));
    let facts = compose_facts(&dir.join("docker-compose.yml"));
    assert!(facts.contains("services=kafka\n"), "{facts}");
    assert!(facts.contains(&format!("image=apache/kafka:{KAFKA_VERSION}\n")), "{facts}");
    assert!(facts.contains("roles=broker,controller\n"), "KRaft combined mode: {facts}");
    assert!(facts.contains("ports=9092:9092\n"), "{facts}");
    assert!(facts.contains("advertised=PLAINTEXT://localhost:9092\n"), "{facts}");
    assert!(facts.contains("offsets_rf=1\n"), "{facts}");
    assert!(facts.contains("cluster_id_bytes=16/22\n"), "a KRaft cluster id is a 16-byte UUID in 22 base64url characters: {facts}");
    assert!(facts.contains("zookeeper=False\n"), "no ZooKeeper: {facts}");
    assert!(export.file("kafkascope-session.sh").unwrap().starts_with("#!/usr/bin/env bash\n"));
    remove(&dir);
}

/// Removes an extracted export (the folder holding `kafkascope-export/`).
fn remove(export_dir: &Path) {
    if let Some(parent) = export_dir.parent() {
        let _ = std::fs::remove_dir_all(parent);
    }
}

/// Every command of the session appears in the script, as run or as the session's line
/// above a rewritten one.
fn assert_commands_appear(script: &str, session_text: &str) {
    for cmd in parse_script(session_text).unwrap() {
        let line = kafkascope::console::shell::quote_argv(&cmd.argv);
        assert!(script.contains(&line), "missing `{line}` in\n{script}");
    }
}

/// The session of `text` left to run `ms`, exported: its files check out and every
/// command of `text` appears in its script.
fn exported(text: &str, ms: i64) -> Export {
    let export = Export::from_session(&session(&lines(text), ms));
    check_files(&export);
    assert_commands_appear(export.file("kafkascope-session.sh").unwrap(), text);
    export
}

/// The lines of the script's session part (after the helper functions).
fn script_lines_of(export: &Export) -> Vec<String> {
    let script = export.file("kafkascope-session.sh").unwrap();
    let (_, session) = script.split_once("# ---- the session ----\n").expect("the session part");
    session.lines().map(str::to_string).collect()
}

const QUICKSTART: &str = "kafka-topics.sh --bootstrap-server localhost:9092 --create --topic quickstart-events --partitions 3 --replication-factor 3
kafka-console-producer.sh --bootstrap-server localhost:9092 --topic quickstart-events --property parse.key=true --property key.separator=: <<EOF
user-0:signed up
user-1:signed up
user-2:added to cart
user-0:checked out
EOF
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic quickstart-events --from-beginning --max-messages 4";

#[test]
fn quickstart_session() {
    let export = exported(QUICKSTART, 2_000);
    let script = export.file("kafkascope-session.sh").unwrap();
    // the here-document is there, quoted so bash leaves it alone
    assert!(script.contains("--property key.separator=: <<'EOF'"), "{script}");
    assert!(script.contains("\nuser-2:added to cart\nuser-0:checked out\nEOF\n"), "{script}");
    // RF 3 became 1 on one broker, said on that line
    let create = script_lines_of(&export).into_iter().find(|l| l.starts_with("kafka-topics.sh") && l.contains("--create")).unwrap();
    assert!(create.contains("--replication-factor 1  # ") && create.contains("was --replication-factor 3"), "{create}");
    assert!(script.contains("# in the session: kafka-topics.sh --bootstrap-server localhost:9092 --create --topic quickstart-events --partitions 3 --replication-factor 3"));
    // the tools run in the container
    assert!(script.contains("docker compose exec -T -w /kafkascope kafka \"/opt/kafka/bin/$tool\" \"$@\""));
    assert!(script.contains("docker compose up -d"));
    // producer.py has the session's keys and values with the console producer's settings
    let producer = export.file("producer.py").unwrap();
    assert!(producer.contains("from kafka import KafkaProducer"));
    assert!(producer.contains("(\"user-2\", \"added to cart\", None),"), "{producer}");
    assert!(producer.contains("acks=\"all\"") && producer.contains("linger_ms=1000"), "{producer}");
    assert!(producer.contains("producer.send(\"quickstart-events\", key=encode(key), value=encode(value), headers=headers)"));
    // consumer.py: a fresh group (no --group), from the beginning, 4 messages
    let consumer = export.file("consumer.py").unwrap();
    assert!(consumer.contains("from kafka import KafkaConsumer"));
    assert!(consumer.contains("auto_offset_reset=\"earliest\"") && consumer.contains("enable_auto_commit=False"), "{consumer}");
    assert!(consumer.contains("console-consumer-") && consumer.contains("if received >= 4:"), "{consumer}");
    let readme = export.file("README.md").unwrap();
    assert!(readme.contains("docker compose up -d --wait") && readme.contains("| `quickstart-events` | 3 | 3 |"), "{readme}");
}

const GROUPS: &str = "kafka-topics.sh --bootstrap-server localhost:9092 --create --topic orders --partitions 3 --replication-factor 1 --config retention.ms=600000
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic orders --group billing --property print.key=true --property key.separator== --consumer-property partition.assignment.strategy=org.apache.kafka.clients.consumer.RoundRobinAssignor,org.apache.kafka.clients.consumer.CooperativeStickyAssignor &
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic orders --group billing --consumer-property partition.assignment.strategy=org.apache.kafka.clients.consumer.CooperativeStickyAssignor --consumer-property enable.auto.commit=false &
kafka-console-producer.sh --broker-list localhost:9092 --topic orders --property parse.key=true --property key.separator=, <<'EOF'
alice,order 1
bob,order 2
carol,order 3
EOF
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --describe --group billing
kill -TERM %1
kill -9 %2
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --group billing --reset-offsets --to-earliest --topic orders --execute
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --group billing --reset-offsets --shift-by -1 --all-topics --dry-run
kafka-get-offsets.sh --broker-list localhost:9092 --topic orders
kafka-console-consumer.sh --bootstrap-server localhost:9092 --whitelist 'ord.*' --group audit --from-beginning --max-messages 3";

#[test]
fn keys_groups_and_offset_resets() {
    let export = exported(GROUPS, 4_000);
    let script = export.file("kafkascope-session.sh").unwrap();
    let l = script_lines_of(&export);
    // background consumers become jobs the script can stop inside the container
    assert!(
        l.iter().any(|x| x.starts_with("job_start 1 kafka-console-consumer.sh")
            && x.contains("--group billing")
            && x.contains(" &  # job %1 in the session")),
        "{script}"
    );
    assert!(l.iter().any(|x| x.starts_with("job_start 2 kafka-console-consumer.sh")), "{script}");
    assert!(l.iter().any(|x| x == "job_kill TERM 1  # %1: a clean close, as Ctrl-C"), "{script}");
    assert!(l.iter().any(|x| x.starts_with("job_kill KILL 2  # %2: a crash")), "{script}");
    // flags Kafka 4 removed are rewritten, with the reason on the line
    let offsets = l.iter().find(|x| x.starts_with("kafka-get-offsets.sh")).unwrap();
    assert!(
        offsets.starts_with("kafka-get-offsets.sh --bootstrap-server localhost:9092 --topic orders  # Kafka 4 removed --broker-list"),
        "{offsets}"
    );
    let audit = l.iter().find(|x| x.starts_with("kafka-console-consumer.sh") && x.contains("audit")).unwrap();
    assert!(audit.contains("--include 'ord.*'") && audit.contains("Kafka 4 removed --whitelist: --include instead"), "{audit}");
    let code = |x: &String| x.split("  # ").next().unwrap_or("").to_string();
    assert!(!l.iter().any(|x| !x.starts_with('#') && (code(x).contains("--broker-list") || code(x).contains("--whitelist"))), "{script}");
    // the offset resets are run as typed
    assert!(l.iter().any(|x| x == "kafka-consumer-groups.sh --bootstrap-server localhost:9092 --group billing --reset-offsets --shift-by -1 --all-topics --dry-run"));
    // the session's pauses are kept
    assert!(script.contains("sleep 4  # about 4 s of virtual time passed here in the session"), "{script}");
    // producer.py: keys split at the session's separator
    let producer = export.file("producer.py").unwrap();
    assert!(producer.contains("(\"carol\", \"order 3\", None),"), "{producer}");
    // consumer.py: the group, assignors mapped to kafka-python's classes, printing keys with `=`
    let consumer = export.file("consumer.py").unwrap();
    assert!(consumer.contains("group_id=\"billing\""), "{consumer}");
    assert!(consumer.contains("partition_assignment_strategy=[RoundRobinPartitionAssignor]"), "{consumer}");
    assert!(consumer.contains("cannot mix eager and cooperative assignors"), "{consumer}");
    assert!(consumer.contains("partition_assignment_strategy=[CooperativeStickyAssignor]"), "{consumer}");
    // only the assignors used are imported (kafka-python 2.x lacks cooperative-sticky)
    assert!(consumer.contains("from kafka.coordinator.assignors.cooperative_sticky import CooperativeStickyAssignor\n"), "{consumer}");
    assert!(consumer.contains("from kafka.coordinator.assignors.roundrobin import RoundRobinPartitionAssignor\n"), "{consumer}");
    assert!(!consumer.contains("StickyPartitionAssignor"), "{consumer}");
    assert!(consumer.contains("key=True, separator=\"=\""), "{consumer}");
    assert!(consumer.contains("enable_auto_commit=False"), "{consumer}");
    assert!(consumer.contains("consumer.subscribe(pattern=\"ord.*\")"), "{consumer}");
}

const SIMULATOR: &str = "kafka-topics.sh --bootstrap-server localhost:9093 --create --topic payments --partitions 2 --replication-factor 3 --config min.insync.replicas=2
kafkascope config log.retention.check.interval.ms=1000
kafkascope config auto.leader.rebalance.enable=false
kafkascope network-delay 20
kafka-console-consumer.sh --bootstrap-server localhost:9094 --topic payments --group risk &
kafkascope consumer slow %1 200
kafkascope broker stop 2
kafka-console-producer.sh --bootstrap-server localhost:9092 --topic payments --request-required-acks all <<EOF
p1
p2
EOF
kafkascope disconnect %1
kafkascope reconnect %1
kafkascope consumer commit %1
kafkascope broker start 2
kafkascope brokers
kafkascope seed
kafka-configs.sh --bootstrap-server localhost:9092 --entity-type brokers --entity-name 2 --alter --add-config log.cleaner.threads=2
kafka-topics.sh --bootstrap-server localhost:9092 --describe --topic payments
help
jobs
echo done > result.txt";

#[test]
fn simulator_commands_brokers_and_replication() {
    let export = exported(SIMULATOR, 3_000);
    let script = export.file("kafkascope-session.sh").unwrap();
    let l = script_lines_of(&export);
    // every simulator command is commented out, with a real-world equivalent on the next line
    for (i, x) in l.iter().enumerate() {
        if x.contains("kafkascope ") && !x.starts_with('#') {
            panic!("simulator command not commented out: {x}");
        }
        if x.starts_with("# Simulator only (not part of Kafka): kafkascope") {
            assert!(l[i + 1].starts_with("#   "), "an equivalent follows {x}");
        }
    }
    assert_eq!(l.iter().filter(|x| x.starts_with("# Simulator only (not part of Kafka): kafkascope")).count(), 11, "{script}");
    assert!(script.contains("#   real world: docker compose kill kafka"), "{script}");
    assert!(script.contains("#   real world: docker compose start kafka"), "{script}");
    assert!(script.contains("tc qdisc add dev eth0 root netem delay 20ms"), "{script}");
    assert!(script.contains("a sleep in its poll loop"), "{script}");
    assert!(script.contains("kafka-configs.sh --bootstrap-server localhost:9092 --alter --entity-type brokers --entity-default --add-config log.retention.check.interval.ms=1000"));
    assert!(script.contains("iptables"), "{script}");
    // one broker: RF 3 and min.insync.replicas=2 lowered, other brokers' addresses become localhost:9092
    let create = l.iter().find(|x| x.starts_with("kafka-topics.sh") && x.contains("--create")).unwrap();
    assert!(create.starts_with("kafka-topics.sh --bootstrap-server localhost:9092 --create --topic payments --partitions 2 --replication-factor 1 --config min.insync.replicas=1  # "), "{create}");
    assert!(
        create.contains("was --replication-factor 3")
            && create.contains("min.insync.replicas lowered to 1")
            && create.contains("one broker: localhost:9092")
    );
    let configs = l.iter().find(|x| x.starts_with("kafka-configs.sh")).unwrap();
    assert!(configs.contains("--entity-name 1 ") && configs.contains("broker 2 is broker 1 here"), "{configs}");
    assert!(
        l.iter()
            .any(|x| x
                .starts_with("job_start 1 kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic payments --group risk &")),
        "{script}"
    );
    // `help` is Kafkascope's; `jobs`, `echo` are bash's and run
    assert!(script.contains("# Kafkascope's own help"));
    assert!(l.iter().any(|x| x == "jobs") && l.iter().any(|x| x == "echo done > result.txt"));
    // the endless background consumer is stopped at the end so the script ends
    assert!(script.trim_end().ends_with("job_kill TERM 1\nwait"), "{script}");
    // the consumer's slowness and manual commit reach consumer.py
    let consumer = export.file("consumer.py").unwrap();
    assert!(consumer.contains("time.sleep(0.2)") && consumer.contains("consumer.commit()"), "{consumer}");
    assert!(!consumer.contains("consumer_timeout_ms"), "a background consumer without end runs until Ctrl-C: {consumer}");
    // the compose file explains the one node and carries the session's broker setting
    let compose = export.file("docker-compose.yml").unwrap();
    assert!(compose.contains("The session's cluster had 3 brokers"), "{compose}");
    let dir = extract(&export);
    let facts = compose_facts(&dir.join("docker-compose.yml"));
    remove(&dir);
    assert!(facts.contains("env.KAFKA_LOG_RETENTION_CHECK_INTERVAL_MS=1000\n"), "{facts}");
    assert!(facts.contains("env.KAFKA_AUTO_LEADER_REBALANCE_ENABLE=false\n"), "{facts}");
    assert!(!facts.contains("NETWORK"), "network.delay.ms is the simulator's own: {facts}");
    let readme = export.file("README.md").unwrap();
    assert!(readme.contains("11 simulator command(s)") && readme.contains("3 brokers"), "{readme}");
}

const KIP848: &str = "kafka-topics.sh --bootstrap-server localhost:9092 --create --topic events --partitions 4
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic events --group modern --consumer-property group.protocol=consumer --consumer-property group.remote.assignor=range &
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic events --group modern --consumer-property group.protocol=consumer &
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --describe --group modern --members";

#[test]
fn kip848_consumer() {
    let export = exported(KIP848, 5_000);
    let script = export.file("kafkascope-session.sh").unwrap();
    assert!(script.contains("KIP-848 consumer protocol: needs a Kafka 4 broker"), "{script}");
    let consumer = export.file("consumer.py").unwrap();
    assert!(consumer.contains("KIP-848") && consumer.contains("group.remote.assignor=range has no kafka-python equivalent"), "{consumer}");
    assert!(!consumer.contains("partition_assignment_strategy=["), "the consumer protocol has no client assignors: {consumer}");
    assert!(!consumer.contains("kafka.coordinator.assignors"), "{consumer}");
    assert!(export.file("README.md").unwrap().contains("KIP-848"));
}

#[test]
fn empty_session() {
    let s = Session::new(Console::interactive(Sim::new(ClusterConfig::default(), 1)));
    let export = Export::from_session(&s);
    check_files(&export);
    let script = export.file("kafkascope-session.sh").unwrap();
    assert!(script.contains("quickstart-events"), "{script}");
    let producer = export.file("producer.py").unwrap();
    assert!(producer.contains("producer.send(\"quickstart-events\"") && producer.contains("example()"), "{producer}");
    let consumer = export.file("consumer.py").unwrap();
    assert!(consumer.contains("consumer.subscribe([\"quickstart-events\"])"), "{consumer}");
}

#[test]
fn interactive_producer_ctrl_c_and_time_travel() {
    let mut s = Session::new(Console::interactive(Sim::new(ClusterConfig::default(), 3)));
    s.run_line(&format!("kafka-topics.sh {B} --create --topic chat"));
    s.run_line(&format!("kafka-console-producer.sh {B} --topic chat"));
    for l in ["hello", "it's me", "EOF"] {
        s.run_line(l);
    }
    s.interrupt();
    s.run_line(&format!("kafka-console-consumer.sh {B} --topic chat --from-beginning"));
    s.advance(3_000);
    s.interrupt();
    s.run_line("echo 'an unclosed quote");
    s.interrupt();
    s.run_line("ls | wc -l");
    let export = Export::from_session(&s);
    check_files(&export);
    let script = export.file("kafkascope-session.sh").unwrap();
    // the typed lines became the producer's here-document (a line `EOF` picks another delimiter)
    assert!(script.contains(" <<'EOF1'  # the lines typed into it in the session\nhello\nit's me\nEOF\nEOF1\n"), "{script}");
    // the consumer stopped with Ctrl-C gets a timeout
    assert!(script.contains("--from-beginning --timeout-ms 10000  # stopped with Ctrl-C"), "{script}");
    // a rejected line is kept as a comment
    assert!(
        script
            .contains("# The shell rejected this line in the session (Kafkascope's shell does not support pipelines (|)):\n#   ls | wc -l"),
        "{script}"
    );
    assert!(!script.contains("an unclosed quote"), "a line abandoned with Ctrl-C never ran: {script}");
    let producer = export.file("producer.py").unwrap();
    assert!(producer.contains("(None, \"it's me\", None),"), "{producer}");
}

#[test]
fn scripts_export_too() {
    let text =
        format!("{QUICKSTART}\nkafka-console-consumer.sh {B} --topic quickstart-events --group g --from-beginning &\nsleep 5\nkill %1\n");
    let mut console = Console::new(Sim::new(ClusterConfig::default(), 9));
    console.run_script(&text, "lesson.sh");
    let export = Export::from_script(&text, &console);
    check_files(&export);
    let script = export.file("kafkascope-session.sh").unwrap();
    assert_commands_appear(script, &text);
    assert!(script.contains("\nsleep 5\n") && script.contains("job_kill TERM 1  # %1: a clean close"), "{script}");
    assert!(!script.contains("virtual time passed"), "a script's own sleeps carry its timing");
    // bash stops a script at a syntax error: so does the export
    let bad = format!("kafka-topics.sh {B} --list\necho )\nkafka-topics.sh {B} --create --topic never\n");
    let mut console = Console::new(Sim::new(ClusterConfig::default(), 9));
    console.run_script(&bad, "bad.sh");
    let script = Export::from_script(&bad, &console).file("kafkascope-session.sh").unwrap().to_string();
    assert!(script.contains("syntax error near unexpected token `)'; bash stops a script here"), "{script}");
    assert!(!script.contains("--topic never"), "{script}");
}

#[test]
fn the_tar_is_deterministic() {
    let a = Export::from_session(&session(&lines(QUICKSTART), 2_000)).to_tar().unwrap();
    let b = Export::from_session(&session(&lines(QUICKSTART), 2_000)).to_tar().unwrap();
    assert_eq!(a, b);
    assert_eq!(&a[..EXPORT_DIR.len() + 1], format!("{EXPORT_DIR}/").as_bytes(), "the tar starts with the folder");
    assert_eq!(a.len() % 512, 0);
}

// ---------------------------------------------------------------------------------
// Arbitrary histories

fn token() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("kafka-topics.sh".to_string()),
        Just("kafka-console-producer.sh".to_string()),
        Just("kafka-console-consumer.sh".to_string()),
        Just("kafka-consumer-groups.sh".to_string()),
        Just("kafka-configs.sh".to_string()),
        Just("kafka-get-offsets.sh".to_string()),
        Just("kafka-producer-perf-test.sh".to_string()),
        Just("kafkascope".to_string()),
        Just(B.to_string()),
        Just("--bootstrap-server localhost:9093".to_string()),
        Just("--broker-list localhost:9092".to_string()),
        Just("--topic t".to_string()),
        Just("--create".to_string()),
        Just("--replication-factor 3".to_string()),
        Just("--partitions 2".to_string()),
        Just("--group g".to_string()),
        Just("--from-beginning".to_string()),
        Just("--whitelist 't.*'".to_string()),
        Just("--property parse.key=true".to_string()),
        Just("--consumer-property group.protocol=consumer".to_string()),
        Just("--config min.insync.replicas=2".to_string()),
        Just("broker stop 2".to_string()),
        Just("consumer slow %1 50".to_string()),
        Just("kill".to_string()),
        Just("%1".to_string()),
        Just("-TERM".to_string()),
        Just("&".to_string()),
        Just(";".to_string()),
        Just("<<EOF".to_string()),
        Just("<<<".to_string()),
        Just("EOF".to_string()),
        Just("> out.txt".to_string()),
        Just("2>&1".to_string()),
        Just("< out.txt".to_string()),
        Just("'".to_string()),
        Just("\"".to_string()),
        Just("\\".to_string()),
        Just("#".to_string()),
        Just("$'\\n'".to_string()),
        Just("echo".to_string()),
        Just("sleep 1".to_string()),
        Just("help".to_string()),
        "[ -~]{0,12}",
        "\\PC{0,6}",
    ]
}

fn history() -> impl Strategy<Value = Vec<(String, u8)>> {
    // each line with what follows it: 0 nothing, 1 time passes, 2 Ctrl-C
    prop::collection::vec((prop::collection::vec(token(), 0..7).prop_map(|t| t.join(" ")), 0u8..3), 0..10)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    /// Arbitrary command histories never make the export panic, and the script always
    /// passes `bash -n`, the Python files compile and the compose file parses.
    #[test]
    fn arbitrary_histories_export_to_valid_files(h in history()) {
        let mut s = Session::new(Console::interactive(Sim::new(ClusterConfig::default(), 11)));
        let mut text = String::new();
        for (line, then) in &h {
            s.run_line(line);
            text.push_str(line);
            text.push('\n');
            match then {
                1 => { s.advance(1_500); }
                2 => { s.interrupt(); }
                _ => {}
            }
        }
        let export = Export::from_session(&s);
        check_files(&export);
        // the same lines as a script export too
        let mut console = Console::new(Sim::new(ClusterConfig::default(), 11));
        console.run_script(&text, "s.sh");
        let from_script = Export::from_script(&text, &console);
        let dir = extract(&from_script);
        bash_n(&dir.join("kafkascope-session.sh"));
        py_compile(&dir.join("producer.py"));
        py_compile(&dir.join("consumer.py"));
        remove(&dir);
    }
}

/// Found by `arbitrary_histories_export_to_valid_files`: a here-string with no command,
/// in the background, was exported as ` &`, which bash refuses.
#[test]
fn a_line_with_no_command_exports_to_valid_bash() {
    for text in ["<<< a&\n", "<<EOF\nx\nEOF\n", "<<< a\n"] {
        let mut console = Console::new(Sim::new(ClusterConfig::default(), 11));
        console.run_script(text, "s.sh");
        let export = Export::from_script(text, &console);
        let dir = extract(&export);
        bash_n(&dir.join("kafkascope-session.sh"));
        remove(&dir);
    }
}

#[test]
fn job_numbers_follow_the_console() {
    // job %1 ends by itself (--max-messages), so the next background consumer is %1 again
    let text = format!(
        "kafka-topics.sh {B} --create --topic t\nkafka-console-consumer.sh {B} --topic t --from-beginning --max-messages 1 &\nkafka-console-producer.sh {B} --topic t <<EOF\nx\nEOF\nsleep 10\nkafka-console-consumer.sh {B} --topic t --group g &\nsleep 5\nkill %1\nkill %2\n"
    );
    let mut console = Console::new(Sim::new(ClusterConfig::default(), 5));
    console.run_script(&text, "jobs.sh");
    let export = Export::from_script(&text, &console);
    check_files(&export);
    let l = script_lines_of(&export);
    assert!(l.iter().any(|x| x.starts_with("job_start 1 kafka-console-consumer.sh") && x.ends_with("# job %1 in the session")));
    assert!(l.iter().any(|x| x.starts_with("job_start 2 kafka-console-consumer.sh") && x.ends_with("# job %1 in the session")));
    assert!(l.iter().any(|x| x.starts_with("job_kill TERM 2  # %1")), "{l:#?}");
    assert!(l.iter().any(|x| x == "# %2: no such job in the session; nothing to stop"), "{l:#?}");
}

/// `kafka-verifiable-producer.sh` is one of Kafka's tools: the script runs it unchanged,
/// as a job it can stop (`job_start N`), stops it where the session did, and stops one
/// still running at the end. One stopped with Ctrl-C in the foreground stops after the
/// records it sent in the session.
#[test]
fn the_verifiable_producer_runs_unchanged() {
    let vp = format!("kafka-verifiable-producer.sh {B} --topic orders --throughput 4 --repeating-keys 6 --value-prefix 1 > /dev/null &");
    let text = format!(
        "kafka-topics.sh {B} --create --topic orders --partitions 3\n{vp}\nkafka-verifiable-producer.sh {B} --topic orders --max-messages 5 > five.json &\nkafka-verifiable-producer.sh {B} --topic orders --throughput 2 > second.json &\nkill %2\nkafka-console-consumer.sh {B} --topic orders --group g > /dev/null &\n"
    );
    let export = exported(&text, 2_000);
    let l = script_lines_of(&export);
    assert!(l.iter().any(|x| x == &format!("job_start 1 {vp}  # job %1 in the session")), "{l:#?}");
    assert!(
        l.iter()
            .any(|x| x.starts_with(&format!("job_start 3 kafka-verifiable-producer.sh {B} --topic orders --throughput 2 > second.json &"))),
        "{l:#?}"
    );
    // %2 had ended by itself (--max-messages 5), so the third one was %2 in the session
    assert!(l.iter().any(|x| x.starts_with("job_kill TERM 3  # %2: a clean close")), "{l:#?}");
    assert!(!l.iter().any(|x| x.starts_with("# in the session: kafka-verifiable")), "nothing rewritten: {l:#?}");
    // at the end: the endless producer %1 and the consumer are stopped; --max-messages 5 ended by itself
    let end = l.iter().position(|x| x.starts_with("# The session ended with these jobs running")).expect("the end");
    assert_eq!(
        l[end..].iter().filter(|x| x.starts_with("job_kill TERM")).cloned().collect::<Vec<_>>(),
        ["job_kill TERM 1", "job_kill TERM 4"]
    );
    assert!(export.file("consumer.py").unwrap().contains("\"g\""), "the consumer (job 4) is the first consumer");

    let mut s = Session::new(Console::interactive(Sim::new(ClusterConfig::default(), 3)));
    s.run_line(&format!("kafka-topics.sh {B} --create --topic orders"));
    s.run_line(&format!("kafka-verifiable-producer.sh {B} --topic orders --throughput 2"));
    s.advance(3_000);
    s.interrupt();
    let export = Export::from_session(&s);
    check_files(&export);
    let script = export.file("kafkascope-session.sh").unwrap();
    assert!(
        script.contains(&format!("\n# in the session: kafka-verifiable-producer.sh {B} --topic orders --throughput 2\nkafka-verifiable-producer.sh {B} --topic orders --throughput 2 --max-messages 7  # stopped with Ctrl-C in the session after 7 records; here it stops after as many\n")),
        "{script}"
    );
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    /// Many more histories, without the external tools: the export never panics, every
    /// file is there, and every simulator command is there, commented out.
    #[test]
    fn arbitrary_histories_never_panic(h in history()) {
        let mut s = Session::new(Console::interactive(Sim::new(ClusterConfig::default(), 13)));
        for (line, then) in &h {
            s.run_line(line);
            match then {
                1 => { s.advance(700); }
                2 => { s.interrupt(); }
                _ => {}
            }
        }
        let export = Export::from_session(&s);
        prop_assert_eq!(export.files().len(), 5);
        let script = export.file("kafkascope-session.sh").unwrap();
        prop_assert!(script.starts_with("#!/usr/bin/env bash\n"));
        let (_, session) = script.split_once("# ---- the session ----\n").unwrap();
        // every simulator command the console ran is in the script, commented out
        for h in s.console().history().iter().filter(|h| h.starts_with("kafkascope") && !h.chars().any(char::is_control)) {
            let h = h.strip_suffix(" &").unwrap_or(h);
            prop_assert!(session.contains(&format!("# Simulator only (not part of Kafka): {h}")), "{} in {}", h, session);
        }
        prop_assert!(export.to_tar().is_ok());
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    /// The tar writer's archives extract with the system's `tar` to exactly the files
    /// written, long paths (ustar's prefix field) included.
    #[test]
    fn tar_archives_extract_to_the_same_files(
        files in prop::collection::btree_map(("[a-z0-9_-]{1,70}", "[a-z0-9_-]{1,70}"), prop::collection::vec(any::<u8>(), 0..1200), 1..5)
    ) {
        use kafkascope::classroom::tar::Tar;
        let mut tar = Tar::new();
        tar.dir("d");
        for ((a, b), data) in &files {
            tar.file(&format!("d/{a}/{b}"), data.clone(), 0o644);
        }
        let dir = std::env::temp_dir().join(format!("kafkascope-tar-test-{}-{}", std::process::id(), DIRS.fetch_add(1, Ordering::SeqCst)));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        // a path that is both a file and a folder cannot be extracted; skip those sets
        let names: Vec<String> = files.keys().map(|(a, b)| format!("{a}/{b}")).collect();
        prop_assume!(!names.iter().any(|n| names.iter().any(|m| m.starts_with(&format!("{n}/")))));
        std::fs::write(dir.join("t.tar"), tar.to_bytes().unwrap()).unwrap();
        let out = Command::new("tar").arg("-xf").arg(dir.join("t.tar")).arg("-C").arg(&dir).output().unwrap();
        prop_assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        for ((a, b), data) in &files {
            prop_assert_eq!(&std::fs::read(dir.join("d").join(a).join(b)).unwrap(), data);
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
}

#[test]
fn the_export_worker_makes_the_same_archive_from_the_sessions_record() {
    use kafkascope::classroom::share::{session_text, SessionRecord};
    // a session with a recorded future: the export stops at the present
    let mut s = session(&lines(QUICKSTART), 2_000);
    s.run_line("kafka-topics.sh --bootstrap-server localhost:9092 --create --topic later --partitions 2");
    s.advance(1_000);
    s.rewind_to(s.cursor() - 3);
    assert!(s.future_len() > 0);
    let direct = Export::from_session(&s);
    assert!(!direct.file("kafkascope-session.sh").unwrap().contains("--topic later"), "the future is not exported");
    let via_worker = Export::tar_of_record(&session_text(&s)).unwrap();
    assert_eq!(via_worker, direct.to_tar().unwrap());
    assert_eq!(Export::tar_of_record(&SessionRecord::of(&s).to_text()).unwrap(), via_worker);
    // longer than a shared record may be: the page's own session is read without caps
    let long_line = format!("echo {}", "x".repeat(20_000));
    let mut s = session(&lines(QUICKSTART), 500);
    s.run_line(&long_line);
    assert!(SessionRecord::from_text(&session_text(&s)).is_err(), "too long for a link");
    let tar = Export::tar_of_record(&session_text(&s)).unwrap();
    assert_eq!(tar, Export::from_session(&s).to_tar().unwrap());
    let bad = Export::tar_of_record("kafkascope-session v9\n").unwrap_err();
    assert!(bad.starts_with("the session could not be read (line 1: unsupported session version"), "{bad}");
}
