//! Share groups (KIP-932) in the engine: joining and the simple assignor, more consumers
//! than partitions, implicit and explicit acknowledgement, release and reject, the
//! delivery count limit, lock timeouts after a crash, release on a clean close, durable
//! start offsets, reset and delete of a share group's offsets, group configs.
#![allow(clippy::disallowed_methods)] // native only
#![cfg(not(target_arch = "wasm32"))]

use std::collections::BTreeSet;

use kafkascope::engine::group::share_group::{AcknowledgeType, RecordState};
use kafkascope::engine::group::GroupState;
use kafkascope::engine::sim::share_member::ShareFailure;
use kafkascope::engine::*;

fn kv(k: &str, v: &str) -> (String, String) {
    (k.to_string(), v.to_string())
}

fn sim(partitions: i32) -> Sim {
    let mut s = Sim::new(ClusterConfig::default(), 7);
    s.apply(Command::CreateTopic { name: "jobs".into(), partitions: Some(partitions), replication_factor: Some(1), configs: vec![] })
        .unwrap();
    s
}

fn share_consumer(s: &mut Sim, group: &str, extra: &[(&str, &str)]) -> u32 {
    let mut configs = vec![kv("group.id", group)];
    configs.extend(extra.iter().map(|(k, v)| kv(k, v)));
    let Reply::ConsumerCreated(id) = s.apply(Command::CreateShareConsumer { configs }).unwrap() else { panic!() };
    s.apply(Command::ShareSubscribe { consumer: id, topics: vec!["jobs".into()] }).unwrap();
    id
}

fn produce(s: &mut Sim, n: usize, partition: Option<u32>) {
    let Reply::ProducerCreated(p) = s.apply(Command::CreateProducer { configs: vec![kv("linger.ms", "0")] }).unwrap() else { panic!() };
    for i in 0..n {
        let record = NewRecord { key: Some(format!("k{i}").into_bytes()), value: Some(format!("v{i}").into_bytes()), ..Default::default() };
        s.apply(Command::Send { producer: p, topic: "jobs".into(), partition: partition.or(Some((i % 4) as u32)), record }).unwrap();
    }
    s.apply(Command::Flush { producer: p }).unwrap();
}

/// Every (partition, offset) the consumers were given, with how often.
fn drain(s: &mut Sim, consumers: &[u32], seen: &mut Vec<(u32, u32, i64, u16)>) {
    for &c in consumers {
        for r in s.take_share_delivered(c) {
            seen.push((c, r.record.partition, r.record.record.offset, r.delivery_count));
        }
    }
}

#[test]
fn more_members_than_partitions_all_get_work_and_each_record_once() {
    let mut s = sim(2);
    // a slow work queue: few records per poll
    let cs: Vec<u32> = (0..5).map(|_| share_consumer(&mut s, "workers", &[("max.poll.records", "5")])).collect();
    // the first join is assigned at once; the four after it, inside
    // group.share.assignment.interval.ms (1 s, KIP-1263), at their next heartbeat (5 s)
    s.advance(7_000);
    let g = s.share_group("workers").expect("share group");
    assert_eq!(g.state, GroupState::Stable);
    assert_eq!(g.members.len(), 5);
    assert!(g.members.values().all(|m| !m.assigned.is_empty()), "every member has a partition to share");
    // default share.auto.offset.reset=latest: produced after joining
    let Reply::ProducerCreated(p) = s.apply(Command::CreateProducer { configs: vec![kv("linger.ms", "0")] }).unwrap() else { panic!() };
    for i in 0..200u32 {
        let record = NewRecord { key: None, value: Some(format!("{i}").into_bytes()), ..Default::default() };
        s.apply(Command::Send { producer: p, topic: "jobs".into(), partition: Some(i % 2), record }).unwrap();
        // a slow, steady queue
        s.apply(Command::SetProcessingTime { consumer: cs[(i as usize) % 5], ms_per_record: 50 }).unwrap();
    }
    s.advance(60_000);
    let mut seen = Vec::new();
    drain(&mut s, &cs, &mut seen);
    let distinct: BTreeSet<(u32, i64)> = seen.iter().map(|(_, p, o, _)| (*p, *o)).collect();
    assert_eq!(distinct.len(), 200, "every record delivered");
    assert_eq!(seen.len(), 200, "implicit acknowledgement: none twice");
    let workers: BTreeSet<u32> = seen.iter().map(|(c, ..)| *c).collect();
    assert!(workers.len() > 2, "more consumers than partitions worked: {workers:?}");
    let g = s.share_group("workers").unwrap();
    for (tp, sp) in &g.partitions {
        assert_eq!(sp.start_offset, 100, "{tp:?}: everything acknowledged, the SPSO at the end");
        assert!(sp.records.is_empty());
    }
}

/// An explicit consumer of group g that fails records as `failure` says, given `n`
/// records on partition 0: what it was given in the next 5 s.
fn consume_failing(s: &mut Sim, failure: ShareFailure, n: usize) -> Vec<(u32, u32, i64, u16)> {
    let c = share_consumer(s, "g", &[("share.acknowledgement.mode", "explicit")]);
    s.apply(Command::SetShareAcknowledgement { consumer: c, failure: Some(failure), default_ack: None }).unwrap();
    s.advance(1_000);
    produce(s, n, Some(0));
    s.advance(5_000);
    let mut seen = Vec::new();
    drain(s, &[c], &mut seen);
    seen
}

#[test]
fn a_poison_record_is_released_until_archived() {
    let mut s = sim(1);
    let seen = consume_failing(&mut s, ShareFailure { every: None, key: Some("k2".into()), ack: AcknowledgeType::Release }, 5);
    let poison: Vec<u16> = seen.iter().filter(|(_, _, o, _)| *o == 2).map(|x| x.3).collect();
    assert_eq!(poison, vec![1, 2, 3, 4, 5], "delivered up to group.share.delivery.count.limit (5) times");
    let g = s.share_group("g").unwrap();
    let sp = g.partitions.values().next().unwrap();
    assert_eq!(sp.start_offset, 5, "the archived poison record no longer holds the SPSO back");
    let archived = s.trace().iter().any(|e| matches!(&e.event, Event::ShareRecordsAcknowledged { ack: AcknowledgeType::Release, .. }));
    assert!(archived);
}

#[test]
fn reject_archives_at_once() {
    let mut s = sim(1);
    let seen = consume_failing(&mut s, ShareFailure { every: Some(2), key: None, ack: AcknowledgeType::Reject }, 6);
    assert_eq!(seen.len(), 6, "rejected records are never redelivered");
    assert_eq!(s.share_group("g").unwrap().partitions.values().next().unwrap().start_offset, 6);
}

#[test]
fn an_implicit_consumer_cannot_fail_records() {
    let mut s = sim(1);
    let c = share_consumer(&mut s, "g", &[]);
    let e = s
        .apply(Command::SetShareAcknowledgement {
            consumer: c,
            failure: Some(ShareFailure { every: Some(2), key: None, ack: AcknowledgeType::Reject }),
            default_ack: None,
        })
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::IllegalArgument);
}

#[test]
fn a_crashed_consumers_records_come_back_after_the_lock_duration() {
    let mut s = sim(1);
    let a = share_consumer(&mut s, "g", &[]);
    s.advance(1_000);
    s.apply(Command::SetProcessingTime { consumer: a, ms_per_record: 100_000 }).unwrap();
    produce(&mut s, 3, Some(0));
    s.advance(100);
    let mut seen = Vec::new();
    drain(&mut s, &[a], &mut seen);
    assert_eq!(seen.len(), 3);
    s.apply(Command::CrashConsumer { consumer: a }).unwrap();
    let b = share_consumer(&mut s, "g", &[]);
    s.advance(20_000);
    drain(&mut s, &[b], &mut seen);
    assert_eq!(seen.len(), 3, "still locked by the crashed member");
    let sp = s.share_group("g").unwrap().partitions.values().next().unwrap().clone();
    assert!(sp.records.iter().all(|r| r.state == RecordState::Acquired));
    s.advance(15_000);
    drain(&mut s, &[b], &mut seen);
    let again: Vec<_> = seen.iter().filter(|x| x.0 == b).map(|x| (x.2, x.3)).collect();
    assert_eq!(again, vec![(0, 2), (1, 2), (2, 2)], "redelivered after 30 s, second delivery");
    s.advance(40_000);
    assert_eq!(s.share_group("g").unwrap().members.len(), 1, "the crashed member's session expired");
}

#[test]
fn a_clean_close_releases_at_once_and_offsets_survive_an_empty_group() {
    let mut s = sim(1);
    let a = share_consumer(&mut s, "g", &[("share.acknowledgement.mode", "explicit")]);
    s.advance(1_000);
    s.apply(Command::SetShareAcknowledgement { consumer: a, failure: None, default_ack: Some(AcknowledgeType::Release) }).unwrap();
    s.apply(Command::SetProcessingTime { consumer: a, ms_per_record: 100_000 }).unwrap();
    produce(&mut s, 3, Some(0));
    s.advance(100);
    s.apply(Command::CloseConsumer { consumer: a }).unwrap();
    s.advance(100);
    let g = s.share_group("g").unwrap();
    assert_eq!(g.state, GroupState::Empty);
    let sp = g.partitions.values().next().unwrap();
    assert!(sp.records.iter().all(|r| r.state == RecordState::Available && r.delivery_count == 1), "{:?}", sp.records);
    assert_eq!(sp.start_offset, 0, "the state survives the group emptying");
    let b = share_consumer(&mut s, "g", &[]);
    s.advance(2_000);
    let mut seen = Vec::new();
    drain(&mut s, &[b], &mut seen);
    assert_eq!(seen.iter().map(|x| x.2).collect::<Vec<_>>(), vec![0, 1, 2]);
    s.apply(Command::CloseConsumer { consumer: b }).unwrap();
    s.advance(1_000);
    assert_eq!(s.share_group("g").unwrap().partitions.values().next().unwrap().start_offset, 3);
}

#[test]
fn reset_and_delete_offsets_of_an_empty_share_group() {
    let mut s = sim(1);
    produce(&mut s, 10, Some(0));
    s.advance(100);
    let e = s.apply(Command::AlterShareGroupOffsets { group: "g".into(), offsets: vec![("jobs".into(), 0, 4)] });
    assert!(e.is_ok(), "a group that does not exist yet is created Empty");
    let c = share_consumer(&mut s, "g", &[]);
    s.advance(2_000);
    let err = s.apply(Command::AlterShareGroupOffsets { group: "g".into(), offsets: vec![("jobs".into(), 0, 0)] }).unwrap_err();
    assert_eq!(err.code, ErrorCode::NonEmptyGroup);
    let mut seen = Vec::new();
    drain(&mut s, &[c], &mut seen);
    assert_eq!(seen.first().map(|x| x.2), Some(4));
    s.apply(Command::CloseConsumer { consumer: c }).unwrap();
    s.advance(1_000);
    let Reply::OffsetsDeleted(r) = s.apply(Command::DeleteShareGroupOffsets { group: "g".into(), topics: vec!["jobs".into()] }).unwrap()
    else {
        panic!()
    };
    assert_eq!(r, vec![("jobs".to_string(), -1, None)]);
    assert!(s.share_group("g").unwrap().partitions.is_empty());
    s.apply(Command::DeleteShareGroup { group: "g".into() }).unwrap();
    assert!(s.share_group("g").is_none());
}

#[test]
fn earliest_and_group_configs() {
    let mut s = sim(1);
    produce(&mut s, 4, Some(0));
    s.advance(100);
    let bad = s.apply(Command::AlterGroupConfig { group: "g".into(), set: vec![kv("share.delivery.count.limit", "1")], delete: vec![] });
    assert_eq!(
        bad.unwrap_err().message,
        "share.delivery.count.limit must be greater than or equal to group.share.min.delivery.count.limit"
    );
    s.apply(Command::AlterGroupConfig { group: "g".into(), set: vec![kv("share.auto.offset.reset", "earliest")], delete: vec![] }).unwrap();
    let c = share_consumer(&mut s, "g", &[]);
    s.advance(2_000);
    let mut seen = Vec::new();
    drain(&mut s, &[c], &mut seen);
    assert_eq!(seen.len(), 4);
}

#[test]
fn share_group_ids_do_not_mix_with_consumer_groups() {
    let mut s = sim(1);
    let Reply::ConsumerCreated(c) = s.apply(Command::CreateConsumer { configs: vec![kv("group.id", "g")] }).unwrap() else { panic!() };
    s.apply(Command::Subscribe { consumer: c, topics: vec!["jobs".into()] }).unwrap();
    s.advance(5_000);
    let sc = share_consumer(&mut s, "g", &[]);
    s.advance(1_000);
    let st = s.share_consumer_state(sc).unwrap();
    assert!(!st.alive);
    assert_eq!(st.fatal, Some(ErrorCode::GroupIdNotFound));
}

#[test]
fn same_history_same_state() {
    let run = || {
        let mut s = sim(4);
        for _ in 0..3 {
            share_consumer(&mut s, "g", &[]);
        }
        s.advance(1_000);
        produce(&mut s, 100, None);
        s.advance(10_000);
        s.state_hash()
    };
    assert_eq!(run(), run());
}

/// `share.isolation.level=read_committed` (with issue 18's transactions): an open
/// transaction holds acquisition at the last stable offset; an aborted transaction's
/// records are never delivered (archived gaps); read_uncommitted gets everything.
#[test]
fn read_committed_share_groups_stop_at_the_lso_and_skip_aborted_records() {
    let mut s = sim(1);
    for (g, level) in [("rc", "read_committed"), ("ru", "read_uncommitted")] {
        s.apply(Command::AlterGroupConfig {
            group: g.into(),
            set: vec![kv("share.isolation.level", level), kv("share.auto.offset.reset", "earliest")],
            delete: vec![],
        })
        .unwrap();
    }
    let Reply::ProducerCreated(p) = s.apply(Command::CreateProducer { configs: vec![kv("transactional.id", "t1")] }).unwrap() else {
        panic!()
    };
    s.apply(Command::InitTransactions { producer: p }).unwrap();
    s.advance(100);
    let send = |s: &mut Sim, v: &str| {
        s.apply(Command::Send { producer: p, topic: "jobs".into(), partition: Some(0), record: NewRecord::value(v) }).unwrap();
    };
    s.apply(Command::BeginTransaction { producer: p }).unwrap();
    send(&mut s, "aborted");
    s.advance(50);
    s.apply(Command::AbortTransaction { producer: p }).unwrap();
    s.advance(50);
    s.apply(Command::BeginTransaction { producer: p }).unwrap();
    send(&mut s, "open");
    s.advance(50);
    let rc = share_consumer(&mut s, "rc", &[]);
    let ru = share_consumer(&mut s, "ru", &[]);
    s.advance(2_000);
    let values = |s: &mut Sim, c: u32| -> Vec<String> {
        s.take_share_delivered(c).into_iter().map(|r| String::from_utf8(r.record.record.value.unwrap_or_default()).unwrap()).collect()
    };
    assert_eq!(values(&mut s, rc), Vec::<String>::new(), "nothing stable yet: the open transaction holds the LSO");
    assert_eq!(values(&mut s, ru), ["aborted", "open"]);
    s.apply(Command::CommitTransaction { producer: p }).unwrap();
    s.advance(2_000);
    assert_eq!(values(&mut s, rc), ["open"], "the aborted record is skipped, the committed one delivered");
    let sp = s.share_group("rc").unwrap().partitions.values().next().unwrap().clone();
    assert_eq!(sp.start_offset, s.topic("jobs").unwrap().partitions[0].high_watermark(), "markers and aborted records are done with");
}

#[test]
fn a_consumer_group_cannot_take_a_share_groups_id() {
    let mut s = sim(1);
    share_consumer(&mut s, "g", &[]);
    s.advance(1_000);
    for protocol in ["classic", "consumer"] {
        let configs = vec![kv("group.id", "g"), kv("group.protocol", protocol)];
        let Reply::ConsumerCreated(c) = s.apply(Command::CreateConsumer { configs }).unwrap() else { panic!() };
        s.apply(Command::Subscribe { consumer: c, topics: vec!["jobs".into()] }).unwrap();
        s.advance(5_000);
        assert!(s.group("g").is_none() && s.consumer_group("g").is_none(), "{protocol}: no second group under the share group's id");
    }
    assert_eq!(s.share_group("g").unwrap().members.len(), 1);
}
