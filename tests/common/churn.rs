//! Random membership churn for the consumer-group property tests: one runner for the
//! classic protocol (`tests/group_props.rs`) and the consumer protocol, KIP-848
//! (`tests/consumer_protocol.rs`). Each test draws its own mix of [`Op`]s.

use kafkascope::engine::assignor::TopicPartition;
use kafkascope::engine::*;
use proptest::prelude::*;

#[derive(Clone, Debug)]
pub enum Op {
    Join,
    /// join with `group.instance.id` = `i{n}` (static membership)
    JoinStatic(u8),
    Crash(usize),
    Close(usize),
    Slow(usize),
    StopBroker(i32),
    StartBroker(i32),
    Produce(u8),
    Advance(i64),
    /// delete topic `t` (a later send creates it again with one partition)
    DeleteTopic,
    /// create topic `t` with this many partitions, if it does not exist
    CreateTopic(u32),
    /// give `t` this many more partitions
    AddPartitions(u32),
}

/// `op`, with topic `t` now and then deleted, created again (1 to 9 partitions) and grown.
pub fn with_topic_changes(op: impl Strategy<Value = Op>) -> impl Strategy<Value = Op> {
    prop_oneof![
        12 => op,
        1 => Just(Op::DeleteTopic),
        1 => (1u32..10).prop_map(Op::CreateTopic),
        1 => (1u32..4).prop_map(Op::AddPartitions),
    ]
}

/// Every committed offset is for a partition that exists.
pub fn assert_committed_partitions_exist<'a>(s: &Sim, committed: impl IntoIterator<Item = &'a TopicPartition>) {
    for tp in committed {
        let n = s.topic(&tp.topic).map_or(0, |t| t.partitions.len() as u32);
        assert!(tp.partition < n, "an offset for {tp}, which does not exist (t has {n} partitions) at t={}", s.now());
    }
}

/// Cases per property (`PROPTEST_CASES`, default 24).
pub fn cases() -> u32 {
    std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(24)
}

fn kv(k: &str, v: &str) -> (String, String) {
    (k.to_string(), v.to_string())
}

/// Runs the ops on a 7-partition topic `t` (replication factor 3) with consumers of
/// group `g`, each created with `group.id`, then `member_configs` (the protocol or the
/// assignor), `auto.offset.reset=earliest` and `max.poll.interval.ms=20000`; calls
/// `check` with the consumers so far after every event.
pub fn churn(seed: u64, ops: &[Op], member_configs: &[(&str, &str)], mut check: impl FnMut(&Sim, &[u32])) -> Sim {
    let mut s = Sim::new(ClusterConfig::default(), seed);
    s.apply(Command::CreateTopic { name: "t".into(), partitions: Some(7), replication_factor: Some(3), configs: vec![] }).unwrap();
    let Reply::ProducerCreated(p) = s.apply(Command::CreateProducer { configs: vec![] }).unwrap() else { unreachable!() };
    let mut consumers: Vec<u32> = Vec::new();
    for op in ops {
        match op {
            Op::Join | Op::JoinStatic(_) => {
                let mut configs = vec![kv("group.id", "g")];
                configs.extend(member_configs.iter().map(|(k, v)| kv(k, v)));
                configs.push(kv("auto.offset.reset", "earliest"));
                configs.push(kv("max.poll.interval.ms", "20000"));
                if let Op::JoinStatic(i) = op {
                    configs.push(kv("group.instance.id", &format!("i{i}")));
                }
                let Reply::ConsumerCreated(c) = s.apply(Command::CreateConsumer { configs }).unwrap() else { unreachable!() };
                s.apply(Command::Subscribe { consumer: c, topics: vec!["t".into()] }).unwrap();
                consumers.push(c);
            }
            Op::Crash(i) | Op::Close(i) | Op::Slow(i) => {
                let alive: Vec<u32> =
                    consumers.iter().copied().filter(|c| s.consumer_state(*c).is_some_and(|x| x.alive && !x.closing)).collect();
                if alive.is_empty() {
                    continue;
                }
                let c = alive[i % alive.len()];
                let cmd = match op {
                    Op::Crash(_) => Command::CrashConsumer { consumer: c },
                    Op::Close(_) => Command::CloseConsumer { consumer: c },
                    _ => Command::SetProcessingTime { consumer: c, ms_per_record: 2_000 },
                };
                s.apply(cmd).unwrap();
            }
            Op::StopBroker(b) => {
                if s.brokers().iter().all(|x| x.alive) {
                    s.apply(Command::StopBroker { broker: *b, clean: false }).unwrap();
                }
            }
            Op::StartBroker(b) => {
                let _ = s.apply(Command::StartBroker { broker: *b });
            }
            Op::Produce(n) => {
                for i in 0..*n {
                    s.apply(Command::Send {
                        producer: p,
                        topic: "t".into(),
                        partition: None,
                        record: NewRecord::keyed(format!("k{i}"), "v"),
                    })
                    .unwrap();
                }
            }
            Op::DeleteTopic => {
                let _ = s.apply(Command::DeleteTopic { name: "t".into() });
            }
            Op::CreateTopic(n) => {
                let _ = s.apply(Command::CreateTopic {
                    name: "t".into(),
                    partitions: Some(*n as i32),
                    replication_factor: Some(3),
                    configs: vec![],
                });
            }
            Op::AddPartitions(n) => {
                if let Some(count) = s.topic("t").map(|t| (t.partitions.len() as u32 + n) as i32) {
                    let _ = s.apply(Command::CreatePartitions { topic: "t".into(), count });
                }
            }
            Op::Advance(ms) => {
                let end = s.now() + ms;
                while s.next_time().is_some_and(|t| t <= end) {
                    s.step();
                    check(&s, &consumers);
                }
                s.run_until(end);
            }
        }
    }
    s
}
