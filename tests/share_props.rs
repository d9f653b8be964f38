//! Property tests of share groups (KIP-932), over random histories of producing, share
//! consumers joining (some failing records with RELEASE or REJECT, some slow), crashing,
//! closing, and time passing:
//!
//! * no record is acquired by two members at once (followed through the trace's
//!   acquire, acknowledge and release events);
//! * the share-partition start offset (SPSO) never passes a record that is not
//!   acknowledged or archived;
//! * delivery counts never exceed `share.delivery.count.limit`;
//! * every record is delivered until it is acknowledged or archived: once healthy
//!   consumers run long enough, every share-partition's SPSO reaches the high watermark,
//!   and every record was delivered at least once.
#![allow(clippy::disallowed_methods)] // native only
#![cfg(not(target_arch = "wasm32"))]

use std::collections::BTreeMap;

use kafkascope::engine::group::share_group::{AcknowledgeType, RecordState};
use kafkascope::engine::sim::share_member::ShareFailure;
use kafkascope::engine::*;
use proptest::prelude::*;

#[derive(Clone, Debug)]
enum Op {
    Produce(u8, u8),
    Join { every: Option<u8>, ack: u8, explicit: bool, max_poll: u8 },
    Slow(u8, u16),
    Crash(u8),
    Close(u8),
    Advance(u16),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        3 => (1u8..30, 0u8..3).prop_map(|(n, p)| Op::Produce(n, p)),
        2 => (proptest::option::of(2u8..5), 0u8..3, any::<bool>(), 1u8..20).prop_map(|(every, ack, explicit, max_poll)| Op::Join { every, ack, explicit, max_poll }),
        1 => (any::<u8>(), 0u16..2_000).prop_map(|(i, ms)| Op::Slow(i, ms)),
        1 => any::<u8>().prop_map(Op::Crash),
        1 => any::<u8>().prop_map(Op::Close),
        3 => (1u16..20_000).prop_map(Op::Advance),
    ]
}

fn kv(k: &str, v: &str) -> (String, String) {
    (k.to_string(), v.to_string())
}

const LIMIT: u16 = 3;

/// Follows the trace: who holds each (partition, offset) now; fails on a double acquisition.
#[derive(Default)]
struct Holders {
    held: BTreeMap<(u32, i64), String>,
    done: BTreeMap<(u32, i64), ()>,
    delivered: BTreeMap<(u32, i64), u16>,
    seen: usize,
}

impl Holders {
    fn follow(&mut self, s: &Sim) -> Result<(), TestCaseError> {
        let entries: Vec<TraceEntry> = s.trace().iter().skip(self.seen).cloned().collect();
        self.seen += entries.len();
        for e in entries {
            match &e.event {
                Event::ShareRecordsAcquired { member_id, partition, ranges, .. } => {
                    for &(a, b) in ranges {
                        for o in a..=b {
                            if let Some(h) = self.held.get(&(*partition, o)) {
                                return Err(TestCaseError::fail(format!(
                                    "offset {partition}/{o} acquired by {member_id} while {h} holds it"
                                )));
                            }
                            prop_assert!(!self.done.contains_key(&(*partition, o)), "a finished record {partition}/{o} acquired again");
                            self.held.insert((*partition, o), member_id.to_string());
                            *self.delivered.entry((*partition, o)).or_default() += 1;
                        }
                    }
                }
                Event::ShareRecordsAcknowledged { partition, ranges, error: None, ack, .. } => {
                    for &(a, b) in ranges {
                        for o in a..=b {
                            self.held.remove(&(*partition, o));
                            let count = self.delivered.get(&(*partition, o)).copied().unwrap_or(0);
                            if *ack != AcknowledgeType::Release || count >= LIMIT {
                                self.done.insert((*partition, o), ());
                            }
                        }
                    }
                }
                Event::ShareRecordsReleased { partition, released, archived, .. } => {
                    for &(a, b) in released.iter().chain(archived) {
                        for o in a..=b {
                            self.held.remove(&(*partition, o));
                        }
                    }
                    for &(a, b) in archived {
                        for o in a..=b {
                            self.done.insert((*partition, o), ());
                        }
                    }
                }
                _ => {}
            }
        }
        Ok(())
    }
}

fn check_partitions(s: &Sim, h: &Holders) -> Result<(), TestCaseError> {
    if let Some(g) = s.share_group("g") {
        for (tp, sp) in &g.partitions {
            for o in 0..sp.start_offset {
                // below the SPSO: acknowledged or archived, or never delivered because the
                // group started later (share.auto.offset.reset=earliest here, so none)
                prop_assert!(
                    h.done.contains_key(&(tp.partition, o)) || !h.delivered.contains_key(&(tp.partition, o)) && o < 0,
                    "SPSO {} of {tp:?} passed offset {o}, not done with",
                    sp.start_offset
                );
            }
            prop_assert!(sp.records.front().is_none_or(|r| !r.state.is_terminal()));
            for r in &sp.records {
                prop_assert!(r.delivery_count <= LIMIT, "delivery count {} over the limit", r.delivery_count);
                prop_assert_eq!(r.state == RecordState::Acquired, r.owner.is_some());
            }
        }
    }
    Ok(())
}

fn run(ops: &[Op], seed: u64) -> Result<(), TestCaseError> {
    let mut s = Sim::new(ClusterConfig::default(), seed);
    s.apply(Command::CreateTopic { name: "jobs".into(), partitions: Some(3), replication_factor: Some(2), configs: vec![] }).unwrap();
    s.apply(Command::AlterGroupConfig {
        group: "g".into(),
        set: vec![kv("share.auto.offset.reset", "earliest"), kv("share.delivery.count.limit", &LIMIT.to_string())],
        delete: vec![],
    })
    .unwrap();
    let Reply::ProducerCreated(p) = s.apply(Command::CreateProducer { configs: vec![kv("linger.ms", "0"), kv("acks", "all")] }).unwrap()
    else {
        panic!()
    };
    let mut consumers: Vec<u32> = Vec::new();
    let mut h = Holders::default();
    let mut produced = 0u64;
    for op in ops {
        match op {
            Op::Produce(n, partition) => {
                for _ in 0..*n {
                    let record = NewRecord::value(format!("job-{produced}"));
                    produced += 1;
                    s.apply(Command::Send { producer: p, topic: "jobs".into(), partition: Some(*partition as u32), record }).unwrap();
                }
            }
            Op::Join { every, ack, explicit, max_poll } => {
                let mode = if *explicit || every.is_some() { "explicit" } else { "implicit" };
                let configs =
                    vec![kv("group.id", "g"), kv("share.acknowledgement.mode", mode), kv("max.poll.records", &max_poll.to_string())];
                let Reply::ConsumerCreated(c) = s.apply(Command::CreateShareConsumer { configs }).unwrap() else { panic!() };
                s.apply(Command::ShareSubscribe { consumer: c, topics: vec!["jobs".into()] }).unwrap();
                let ack = [AcknowledgeType::Accept, AcknowledgeType::Release, AcknowledgeType::Reject][*ack as usize];
                if mode == "explicit" {
                    let failure = every.map(|n| ShareFailure { every: Some(n as u64), key: None, ack });
                    s.apply(Command::SetShareAcknowledgement { consumer: c, failure, default_ack: None }).unwrap();
                }
                consumers.push(c);
            }
            Op::Slow(i, ms) if !consumers.is_empty() => {
                let c = consumers[*i as usize % consumers.len()];
                let _ = s.apply(Command::SetProcessingTime { consumer: c, ms_per_record: *ms as i64 });
            }
            Op::Crash(i) if !consumers.is_empty() => {
                let _ = s.apply(Command::CrashConsumer { consumer: consumers[*i as usize % consumers.len()] });
            }
            Op::Close(i) if !consumers.is_empty() => {
                let _ = s.apply(Command::CloseConsumer { consumer: consumers[*i as usize % consumers.len()] });
            }
            Op::Advance(ms) => s.advance(*ms as i64),
            _ => {}
        }
        s.advance(1);
        h.follow(&s)?;
        check_partitions(&s, &h)?;
    }
    // healthy consumers drain the queue: everything ends acknowledged or archived
    for c in consumers {
        let _ = s.apply(Command::CloseConsumer { consumer: c });
    }
    for _ in 0..2 {
        let Reply::ConsumerCreated(c) = s.apply(Command::CreateShareConsumer { configs: vec![kv("group.id", "g")] }).unwrap() else {
            panic!()
        };
        s.apply(Command::ShareSubscribe { consumer: c, topics: vec!["jobs".into()] }).unwrap();
    }
    s.apply(Command::Flush { producer: p }).unwrap();
    s.advance(200_000);
    h.follow(&s)?;
    check_partitions(&s, &h)?;
    let g = s.share_group("g").expect("the group exists");
    for part in 0..3u32 {
        let hw = s.topic("jobs").unwrap().partitions[part as usize].high_watermark();
        let spso = g.partitions.iter().find(|(tp, _)| tp.partition == part).map_or(0, |(_, sp)| sp.start_offset);
        prop_assert_eq!(spso, hw, "partition {} drained", part);
        for o in 0..hw {
            prop_assert!(h.delivered.contains_key(&(part, o)), "record {}/{} never delivered", part, o);
            prop_assert!(h.done.contains_key(&(part, o)), "record {}/{} not acknowledged nor archived", part, o);
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn share_group_invariants(ops in proptest::collection::vec(op(), 1..40), seed in any::<u64>()) {
        run(&ops, seed)?;
    }
}
