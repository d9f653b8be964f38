//! Export to real Kafka of a session with share groups (issue 17): the share group tools
//! run as they are (with `share.version` enabled first), the console share consumer is a
//! job like the console consumer, and `kafkascope consumer fail` is commented out with its
//! real-world equivalent; the script passes `bash -n`.
#![cfg(not(target_arch = "wasm32"))]

use kafkascope::classroom::export::Export;
use kafkascope::console::session::Session;
use kafkascope::console::Console;
use kafkascope::engine::{ClusterConfig, Sim};

#[test]
fn a_share_group_session_exports() {
    let text = "kafka-topics.sh --bootstrap-server localhost:9092 --create --topic jobs --partitions 2
kafka-console-share-consumer.sh --bootstrap-server localhost:9092 --topic jobs --group workers > /dev/null &
kafkascope consumer fail %1 every 3 reject
kafka-share-groups.sh --bootstrap-server localhost:9092 --describe --group workers
kafka-groups.sh --bootstrap-server localhost:9092 --list
kafka-configs.sh --bootstrap-server localhost:9092 --alter --entity-type groups --entity-name workers --add-config share.delivery.count.limit=3
kill %1";
    let mut s = Session::new(Console::interactive(Sim::new(ClusterConfig::default(), 7)));
    for l in text.lines() {
        s.run_line(l);
        s.advance(2_000);
    }
    let export = Export::from_session(&s);
    let script = export.file("kafkascope-session.sh").unwrap();
    let (_, session) = script.split_once("# ---- the session ----\n").expect("the session part");
    assert!(session.contains("kafka-features.sh --bootstrap-server localhost:9092 upgrade --feature share.version=1"), "{session}");
    assert!(session.contains("job_start 1 kafka-console-share-consumer.sh"), "a job, as in the session: {session}");
    assert!(session.contains("# Simulator only (not part of Kafka): kafkascope consumer fail %1 every 3 reject"), "{session}");
    assert!(session.contains("AcknowledgeType.REJECT"), "{session}");
    assert!(session.contains("\nkafka-share-groups.sh --bootstrap-server localhost:9092 --describe --group workers"), "{session}");
    assert!(session.contains("job_kill TERM 1"), "{session}");
    assert!(script.contains("\nkafka-share-groups.sh() { kafka_tool kafka-share-groups.sh \"$@\"; }\n"));
    let dir = std::env::temp_dir().join(format!("kafkascope-share-export-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("s.sh");
    std::fs::write(&path, script).unwrap();
    let out = std::process::Command::new("bash").arg("-n").arg(&path).output().expect("bash runs");
    assert!(out.status.success(), "bash -n: {}", String::from_utf8_lossy(&out.stderr));
    let _ = std::fs::remove_dir_all(&dir);
}
