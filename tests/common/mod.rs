//! A scenario shared by the native and the browser tests: the same seed and commands
//! must give the same trace hash on every target.
#![allow(dead_code)]

use kafkascope::engine::{ClusterConfig, Command, NewRecord, Sim};

#[cfg(not(target_arch = "wasm32"))]
pub mod churn;
pub mod scenes;

/// The trace hash of [`cross_target_scenario`] with seed 2024, computed natively (since the
/// first retention check waits log.initial.task.delay.ms; since segments roll by
/// segment.ms and linger.ms defaults to 5, as in Kafka 4). The
/// browser test asserts the same value, proving wasm32 runs the same history.
pub const CROSS_TARGET_TRACE_HASH: u64 = 15019294897965485896;

/// Replication, keyed and unkeyed producing, a broker crash and restart, retention and
/// compaction, all in one run.
pub fn cross_target_scenario(seed: u64) -> Sim {
    let mut sim = Sim::new(ClusterConfig::default(), seed);
    let kv = |k: &str, v: &str| (k.to_string(), v.to_string());
    sim.apply(Command::SetClusterConfig { name: "log.retention.check.interval.ms".into(), value: "5000".into() }).unwrap();
    sim.apply(Command::CreateTopic {
        name: "orders".into(),
        partitions: Some(6),
        replication_factor: Some(3),
        configs: vec![kv("min.insync.replicas", "2"), kv("segment.ms", "300"), kv("retention.bytes", "6000")],
    })
    .unwrap();
    sim.apply(Command::CreateTopic {
        name: "profiles".into(),
        partitions: Some(2),
        replication_factor: Some(2),
        configs: vec![kv("cleanup.policy", "compact"), kv("segment.ms", "100"), kv("min.cleanable.dirty.ratio", "0.1")],
    })
    .unwrap();
    sim.apply(Command::CreateProducer { configs: vec![kv("linger.ms", "5")] }).unwrap();
    sim.apply(Command::CreateProducer { configs: vec![kv("acks", "1"), kv("batch.size", "500")] }).unwrap();
    for i in 0..400 {
        let key = (i % 3 != 0).then(|| format!("customer-{}", i % 17).into_bytes());
        let rec = NewRecord { key, value: Some(format!("order {i} {}", "x".repeat(i % 40)).into_bytes()), ..Default::default() };
        sim.apply(Command::Send { producer: 1, topic: "orders".into(), partition: None, record: rec }).unwrap();
        sim.apply(Command::Send {
            producer: 2,
            topic: "profiles".into(),
            partition: None,
            record: NewRecord::keyed(format!("user-{}", i % 9), format!("v{i}")),
        })
        .unwrap();
        sim.advance(7);
        if i == 150 {
            sim.apply(Command::StopBroker { broker: 2, clean: false }).unwrap();
            sim.advance(10_000); // past broker.session.timeout.ms: fenced, ISRs shrink
        }
        if i == 300 {
            sim.apply(Command::StartBroker { broker: 2 }).unwrap();
        }
    }
    sim.advance(60_000);
    sim
}
