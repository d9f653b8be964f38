//! Property tests of the engine with random seeds and random command sequences.
#![allow(clippy::disallowed_methods)] // native only: the one-sort rule (clippy.toml) is for the wasm build
#![cfg(not(target_arch = "wasm32"))]

use std::collections::BTreeMap;

use kafkascope::engine::*;
use proptest::prelude::*;

#[derive(Clone, Debug)]
enum Op {
    Send {
        key: Option<u8>,
        size: usize,
        partition: Option<u32>,
    },
    Advance(i64),
    Stop {
        broker: i32,
        clean: bool,
    },
    Start {
        broker: i32,
    },
    Retention {
        bytes: i64,
    },
    /// kafka-configs.sh --entity-type brokers: a dynamic log.retention.bytes for the cluster
    /// default (`None`) or one broker, or its deletion (`bytes: None`)
    BrokerRetention {
        broker: Option<i32>,
        bytes: Option<i64>,
    },
    /// kafka-leader-election.sh on every partition
    Elect {
        unclean: bool,
    },
    /// kafka-topics.sh --delete (only in `topic_op`'s sequences)
    Delete,
    /// kafka-topics.sh --create with this many partitions (min.insync.replicas=2)
    Create(u32),
    /// kafka-topics.sh --alter --partitions: this many more
    AddPartitions(u32),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        8 => (proptest::option::of(0u8..12), 20usize..400, proptest::option::of(0u32..4)).prop_map(|(key, size, partition)| Op::Send { key, size, partition }),
        3 => (1i64..20_000).prop_map(Op::Advance),
        2 => (1i32..=3, any::<bool>()).prop_map(|(broker, clean)| Op::Stop { broker, clean }),
        2 => (1i32..=3).prop_map(|broker| Op::Start { broker }),
        1 => (300i64..3_000).prop_map(|bytes| Op::Retention { bytes }),
        1 => (proptest::option::of(1i32..=3), proptest::option::of(300i64..3_000)).prop_map(|(broker, bytes)| Op::BrokerRetention { broker, bytes }),
        1 => any::<bool>().prop_map(|unclean| Op::Elect { unclean }),
    ]
}

/// [`op`] with the topic deleted, created again (with 1 to 6 partitions) and grown.
fn topic_op() -> impl Strategy<Value = Op> {
    prop_oneof![
        12 => op(),
        1 => Just(Op::Delete),
        1 => (1u32..=6).prop_map(Op::Create),
        1 => (1u32..=3).prop_map(Op::AddPartitions),
    ]
}

/// Runs the ops against a 3-broker cluster with one topic of 4 partitions, whose
/// controller looks for partitions to give back to their preferred leader every 10 s.
/// `one_down_at_most` keeps at most one broker stopped at any time, and no unclean election.
fn run(seed: u64, ops: &[Op], acks: &str, one_down_at_most: bool, mut after_each: impl FnMut(&Sim)) -> Sim {
    let mut sim = Sim::new(ClusterConfig::default(), seed);
    sim.apply(Command::SetClusterConfig { name: "log.retention.check.interval.ms".into(), value: "2000".into() }).unwrap();
    sim.apply(Command::SetClusterConfig { name: "leader.imbalance.check.interval.seconds".into(), value: "10".into() }).unwrap();
    sim.apply(Command::CreateTopic {
        name: "t".into(),
        partitions: Some(4),
        replication_factor: Some(3),
        configs: vec![("min.insync.replicas".into(), "2".into()), ("segment.ms".into(), "100".into())],
    })
    .unwrap();
    let p = match sim.apply(Command::CreateProducer { configs: vec![("acks".into(), acks.into())] }).unwrap() {
        Reply::ProducerCreated(p) => p,
        _ => unreachable!(),
    };
    for (i, op) in ops.iter().enumerate() {
        let _ = match op {
            Op::Send { key, size, partition } => {
                let mut value = format!("value-{i}-").into_bytes();
                value.resize(*size + value.len(), b'.');
                let record = NewRecord { key: key.map(|k| vec![b'k', k]), value: Some(value), ..Default::default() };
                sim.apply(Command::Send { producer: p, topic: "t".into(), partition: *partition, record })
            }
            Op::Advance(ms) => {
                sim.advance(*ms);
                Ok(Reply::Done)
            }
            Op::Stop { broker, clean } => {
                if one_down_at_most && sim.brokers().iter().any(|b| !b.alive) {
                    continue;
                }
                sim.apply(Command::StopBroker { broker: *broker, clean: *clean })
            }
            Op::Start { broker } => sim.apply(Command::StartBroker { broker: *broker }),
            Op::Elect { unclean } => {
                if one_down_at_most && *unclean {
                    continue; // an unclean election may lose acknowledged records
                }
                let election = if *unclean { ElectionType::Unclean } else { ElectionType::Preferred };
                sim.apply(Command::ElectLeaders { election, partitions: None })
            }
            Op::Retention { bytes } => {
                if one_down_at_most {
                    continue; // retention may legitimately delete acknowledged records
                }
                sim.apply(Command::AlterTopicConfig {
                    topic: "t".into(),
                    set: vec![("retention.bytes".into(), bytes.to_string())],
                    delete: vec![],
                })
            }
            Op::BrokerRetention { broker, bytes } => {
                if one_down_at_most {
                    continue; // retention may legitimately delete acknowledged records
                }
                let (set, delete) = match bytes {
                    Some(b) => (vec![("log.retention.bytes".to_string(), b.to_string())], vec![]),
                    None => (vec![], vec!["log.retention.bytes".to_string()]),
                };
                sim.apply(Command::AlterBrokerConfig { broker: *broker, set, delete })
            }
            Op::Delete => sim.apply(Command::DeleteTopic { name: "t".into() }),
            Op::Create(n) => sim.apply(Command::CreateTopic {
                name: "t".into(),
                partitions: Some(*n as i32),
                replication_factor: Some(3),
                configs: vec![("min.insync.replicas".into(), "2".into()), ("segment.ms".into(), "100".into())],
            }),
            Op::AddPartitions(n) => {
                let count = sim.topic("t").map_or(0, |t| t.partitions.len() as i32) + *n as i32;
                sim.apply(Command::CreatePartitions { topic: "t".into(), count })
            }
        };
        after_each(&sim);
    }
    sim
}

fn check_logs(sim: &Sim) {
    for t in sim.topics() {
        for part in &t.partitions {
            for r in &part.replicas {
                let log = &r.log;
                log.check_records();
                // delete policy: offsets are contiguous from the log start to the LEO
                let offsets: Vec<i64> = log.read(log.log_start_offset(), log.log_end_offset()).map(|x| x.offset).collect();
                let expected: Vec<i64> = (log.log_start_offset()..log.log_end_offset()).collect();
                assert_eq!(offsets, expected, "broker {} partition {}", r.broker, part.index);
                // segments tile the log
                let segs = log.segments();
                for w in segs.windows(2) {
                    assert_eq!(w[0].next_offset(), w[1].base_offset());
                }
                assert!(r.high_watermark <= log.log_end_offset());
            }
            if let Some(l) = part.leader_replica() {
                assert!(l.log.log_start_offset() <= l.high_watermark, "retention stays below the high watermark");
            }
        }
    }
}

proptest! {
    // 48 cases per test run; PROPTEST_CASES=N runs more
    #![proptest_config(ProptestConfig::with_cases(std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(48)))]

    #[test]
    fn logs_stay_contiguous_and_retention_removes_prefixes(seed in any::<u64>(), ops in proptest::collection::vec(op(), 10..120)) {
        let sim = run(seed, &ops, "1", false, check_logs);
        if std::env::var("PROP_STATS").is_ok() {
            let deleted = sim.trace().iter().filter(|e| matches!(e.event, Event::SegmentDeleted { .. })).count();
            let truncated = sim.trace().iter().filter(|e| matches!(e.event, Event::LogTruncated { .. })).count();
            eprintln!("stats: deleted segments {deleted} truncations {truncated}");
        }
        // every deleted segment of a replica follows the previous one: a prefix
        let mut last: BTreeMap<(u32, i32), i64> = BTreeMap::new();
        for e in sim.trace() {
            match &e.event {
                Event::SegmentDeleted { partition, broker, segment, log_start_offset, .. } => {
                    if let Some(prev) = last.get(&(*partition, *broker)) {
                        prop_assert!(segment.base_offset >= *prev, "deleted segments move forward");
                    }
                    prop_assert!(segment.next_offset <= *log_start_offset || segment.base_offset == segment.next_offset);
                    last.insert((*partition, *broker), segment.next_offset);
                }
                Event::LogTruncated { partition, broker, to_offset, .. } => {
                    last.insert((*partition, *broker), (*to_offset).min(*last.get(&(*partition, *broker)).unwrap_or(&0)));
                }
                _ => {}
            }
        }
    }

    #[test]
    fn acks_all_with_min_isr_2_loses_nothing_when_one_broker_stops(seed in any::<u64>(), ops in proptest::collection::vec(op(), 10..120)) {
        // the value at each acknowledged offset, read from the leader when the ack is seen
        let mut acked: BTreeMap<(u32, i64), Vec<u8>> = BTreeMap::new();
        let mut seen = 0;
        let mut sim = run(seed, &ops, "all", true, |sim| {
            for e in &sim.trace()[seen..] {
                if let Event::ProduceAcked { partition, first_offset, last_offset, .. } = &e.event {
                    let part = &sim.topic("t").unwrap().partitions[*partition as usize];
                    // the leader's copy (or, while offline, the most complete ISR replica)
                    let log = &part
                        .leader_replica()
                        .or_else(|| part.replicas.iter().filter(|r| part.isr.contains(&r.broker)).max_by_key(|r| r.log.log_end_offset()))
                        .expect("a partition always has an ISR")
                        .log;
                    for r in log.read(*first_offset, last_offset + 1) {
                        acked.insert((*partition, r.offset), r.value.unwrap().to_vec());
                    }
                }
            }
            seen = sim.trace().len();
        });
        for b in 1..=3 {
            let _ = sim.apply(Command::StartBroker { broker: b });
        }
        sim.advance(60_000);
        check_logs(&sim);
        let t = sim.topic("t").unwrap();
        if std::env::var("PROP_STATS").is_ok() {
            let stops = sim.trace().iter().filter(|e| matches!(e.event, Event::BrokerStopped { .. })).count();
            let elections = sim.trace().iter().filter(|e| matches!(e.event, Event::LeaderElected { .. })).count();
            eprintln!("stats: acked records {} stops {} elections {}", acked.len(), stops, elections);
        }
        // idempotence: a retried batch is never written twice
        for part in &t.partitions {
            let leader = part.leader_replica().expect("online after restarts");
            let mut values: Vec<&[u8]> = leader.log.read(leader.log.log_start_offset(), leader.log.log_end_offset()).map(|r| r.value.unwrap()).collect();
            let n = values.len();
            values.sort();
            values.dedup();
            prop_assert_eq!(values.len(), n, "a record was written twice to partition {}", part.index);
        }
        for ((p, offset), value) in &acked {
            let part = &t.partitions[*p as usize];
            let leader = part.leader_replica().expect("online after restarts");
            let got = leader.log.read(*offset, offset + 1).next();
            prop_assert_eq!(got.and_then(|r| r.value), Some(&value[..]), "acknowledged record at {}-{} lost", p, offset);
        }
    }

    /// The topic deleted, created again with another number of partitions, and grown,
    /// while records are produced (a send to the deleted topic creates it again) and
    /// brokers stop and start: no panic, and the logs stay whole. In-flight produce
    /// requests and follower fetches name the old topic's partitions.
    #[test]
    fn a_topic_deleted_created_again_and_grown_keeps_whole_logs(seed in any::<u64>(), ops in proptest::collection::vec(topic_op(), 10..120)) {
        let a = run(seed, &ops, "all", false, check_logs);
        let b = run(seed, &ops, "all", false, |_| {});
        prop_assert_eq!(a.trace_hash(), b.trace_hash());
        prop_assert_eq!(a.state_hash(), b.state_hash());
    }

    #[test]
    fn same_seed_and_commands_give_the_same_trace(seed in any::<u64>(), ops in proptest::collection::vec(op(), 1..40)) {
        let a = run(seed, &ops, "all", false, |_| {});
        let b = run(seed, &ops, "all", false, |_| {});
        prop_assert_eq!(a.trace_hash(), b.trace_hash());
        prop_assert_eq!(a.state_hash(), b.state_hash());
    }
}
