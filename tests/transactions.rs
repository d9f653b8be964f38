//! Scenario tests of Kafka's transactions (issue 18): InitProducerId, fencing, the last
//! stable offset, markers, read_committed, transactional offsets, the timeout.
#![cfg(not(target_arch = "wasm32"))]

use kafkascope::engine::txn::{transaction_partition, TxnState};
use kafkascope::engine::*;

pub fn sim() -> Sim {
    Sim::new(ClusterConfig::default(), 7)
}

pub fn create(sim: &mut Sim, name: &str, partitions: i32) {
    sim.apply(Command::CreateTopic { name: name.into(), partitions: Some(partitions), replication_factor: Some(3), configs: vec![] })
        .unwrap();
}

pub fn producer(sim: &mut Sim, configs: &[(&str, &str)]) -> ProducerId {
    match sim.apply(Command::CreateProducer { configs: configs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect() }).unwrap() {
        Reply::ProducerCreated(id) => id,
        r => panic!("{r:?}"),
    }
}

pub fn txn_producer(sim: &mut Sim, tid: &str) -> ProducerId {
    let p = producer(sim, &[("transactional.id", tid)]);
    sim.apply(Command::InitTransactions { producer: p }).unwrap();
    sim.advance(100);
    p
}

pub fn send(sim: &mut Sim, p: ProducerId, topic: &str, partition: u32, v: &str) {
    sim.apply(Command::Send { producer: p, topic: topic.into(), partition: Some(partition), record: NewRecord::value(v) }).unwrap();
}

pub fn consumer(sim: &mut Sim, isolation: &str, topic: &str, partition: u32) -> u32 {
    let configs = vec![("auto.offset.reset".into(), "earliest".into()), ("isolation.level".into(), isolation.into())];
    let id = match sim.apply(Command::CreateConsumer { configs }).unwrap() {
        Reply::ConsumerCreated(id) => id,
        r => panic!("{r:?}"),
    };
    sim.apply(Command::Assign { consumer: id, partitions: vec![(topic.into(), partition)] }).unwrap();
    id
}

pub fn poll(sim: &mut Sim, c: u32) -> Vec<String> {
    match sim.apply(Command::Poll { consumer: c }).unwrap() {
        Reply::Records(r) => r.into_iter().map(|r| String::from_utf8(r.record.value.unwrap_or_default()).unwrap()).collect(),
        r => panic!("{r:?}"),
    }
}

fn txn_state(sim: &Sim, tid: &str) -> TxnState {
    sim.transactions().find(|m| &*m.transactional_id == tid).expect("known").state
}

#[test]
fn init_gives_a_producer_id_and_epoch_on_the_coordinator_of_the_ids_partition() {
    let mut s = sim();
    let p = txn_producer(&mut s, "scorer-1");
    let m = s.transactions().next().unwrap();
    assert_eq!((m.producer_id, m.producer_epoch, m.state), (0, 0, TxnState::Empty));
    let t = s.topic("__transaction_state").expect("created on first use");
    assert_eq!(t.partitions.len(), 50);
    let leader = t.partitions[transaction_partition("scorer-1") as usize].leader;
    assert_eq!(s.transaction_coordinator("scorer-1"), leader);
    let c = s.producers().find(|x| x.id == p).unwrap().txn.as_ref().unwrap();
    assert_eq!((c.producer_id, c.epoch), (0, 0));
}

#[test]
fn read_committed_stops_at_the_lso_until_the_commit_marker() {
    let mut s = sim();
    create(&mut s, "out", 1);
    let p = txn_producer(&mut s, "t1");
    s.apply(Command::BeginTransaction { producer: p }).unwrap();
    for v in ["a", "b", "c"] {
        send(&mut s, p, "out", 0, v);
    }
    s.advance(50);
    let rc = consumer(&mut s, "read_committed", "out", 0);
    let ru = consumer(&mut s, "read_uncommitted", "out", 0);
    assert_eq!(poll(&mut s, ru), ["a", "b", "c"]);
    assert!(poll(&mut s, rc).is_empty(), "the open transaction is past the LSO");
    let part = &s.topic("out").unwrap().partitions[0];
    assert_eq!((part.last_stable_offset(), part.high_watermark()), (0, 3));
    assert_eq!(txn_state(&s, "t1"), TxnState::Ongoing);
    s.apply(Command::CommitTransaction { producer: p }).unwrap();
    s.advance(50);
    assert_eq!(txn_state(&s, "t1"), TxnState::CompleteCommit);
    let part = &s.topic("out").unwrap().partitions[0];
    // the commit marker took offset 3
    assert_eq!((part.last_stable_offset(), part.high_watermark(), part.log_end_offset()), (4, 4, 4));
    assert_eq!(poll(&mut s, rc), ["a", "b", "c"]);
    assert!(poll(&mut s, ru).is_empty(), "the marker is never returned");
}

#[test]
fn aborted_records_are_skipped_by_read_committed_only() {
    let mut s = sim();
    create(&mut s, "out", 1);
    let p = txn_producer(&mut s, "t1");
    s.apply(Command::BeginTransaction { producer: p }).unwrap();
    send(&mut s, p, "out", 0, "x");
    s.advance(50);
    s.apply(Command::AbortTransaction { producer: p }).unwrap();
    s.advance(50);
    s.apply(Command::BeginTransaction { producer: p }).unwrap();
    send(&mut s, p, "out", 0, "y");
    s.apply(Command::CommitTransaction { producer: p }).unwrap();
    s.advance(50);
    assert_eq!(txn_state(&s, "t1"), TxnState::CompleteCommit);
    let rc = consumer(&mut s, "read_committed", "out", 0);
    let ru = consumer(&mut s, "read_uncommitted", "out", 0);
    assert_eq!(poll(&mut s, rc), ["y"]);
    assert_eq!(poll(&mut s, ru), ["x", "y"]);
    let leader = s.topic("out").unwrap().partitions[0].leader_replica().unwrap();
    let aborted = leader.log.txn_index().aborted();
    assert_eq!(aborted.len(), 1);
    assert_eq!((aborted[0].first_offset, aborted[0].last_offset), (0, 1));
}

#[test]
fn a_new_instance_fences_the_zombie_and_aborts_its_open_transaction() {
    let mut s = sim();
    create(&mut s, "out", 1);
    let zombie = txn_producer(&mut s, "scorer");
    s.apply(Command::BeginTransaction { producer: zombie }).unwrap();
    send(&mut s, zombie, "out", 0, "z1");
    s.advance(50);
    let fresh = txn_producer(&mut s, "scorer");
    s.advance(500);
    let m = s.transactions().next().unwrap();
    assert_eq!(m.state, TxnState::Empty);
    // epoch 0, fenced to 1 (and the abort), then 2 for the new instance
    assert_eq!(m.producer_epoch, 2);
    let c = s.producers().find(|x| x.id == fresh).unwrap().txn.as_ref().unwrap();
    assert_eq!(c.epoch, 2);
    // the zombie writes nothing more
    send(&mut s, zombie, "out", 0, "z2");
    s.advance(100);
    assert!(s.apply(Command::CommitTransaction { producer: zombie }).is_err());
    let rc = consumer(&mut s, "read_committed", "out", 0);
    let ru = consumer(&mut s, "read_uncommitted", "out", 0);
    assert!(poll(&mut s, rc).is_empty());
    assert_eq!(poll(&mut s, ru), ["z1"]);
    assert!(s.trace().iter().any(|e| matches!(&e.event, Event::TxnError { error: ErrorCode::ProducerFenced, .. })));
}

#[test]
fn the_coordinator_aborts_a_transaction_past_its_timeout() {
    let mut s = sim();
    create(&mut s, "out", 1);
    let p = producer(&mut s, &[("transactional.id", "slow"), ("transaction.timeout.ms", "5000")]);
    s.apply(Command::InitTransactions { producer: p }).unwrap();
    s.advance(100);
    s.apply(Command::BeginTransaction { producer: p }).unwrap();
    send(&mut s, p, "out", 0, "late");
    s.advance(4_000);
    assert_eq!(txn_state(&s, "slow"), TxnState::Ongoing);
    // the task runs every 10 s: at 10 s the transaction is 9.9 s old
    s.advance(7_000);
    assert_eq!(txn_state(&s, "slow"), TxnState::CompleteAbort);
    assert!(s.trace().iter().any(|e| matches!(&e.event, Event::TxnTimedOut { .. })));
    assert_eq!(s.topic("out").unwrap().partitions[0].last_stable_offset(), 2);
    assert!(s.apply(Command::CommitTransaction { producer: p }).is_ok());
    s.advance(100);
    let c = s.producers().find(|x| x.id == p).unwrap().txn.as_ref().unwrap();
    assert_eq!(c.state, ClientTxnState::FatalError);
}

#[test]
fn offsets_sent_in_a_transaction_are_committed_with_it() {
    let mut s = sim();
    create(&mut s, "in", 1);
    create(&mut s, "out", 1);
    let p = txn_producer(&mut s, "ctp");
    s.apply(Command::BeginTransaction { producer: p }).unwrap();
    send(&mut s, p, "out", 0, "r");
    s.apply(Command::SendOffsetsToTransaction { producer: p, group: "g".into(), offsets: vec![("in".into(), 0, 5)] }).unwrap();
    s.apply(Command::CommitTransaction { producer: p }).unwrap();
    s.advance(20);
    s.advance(200);
    let g = s.group("g").expect("the group has offsets");
    assert_eq!(g.offsets.values().next().unwrap().offset, 5);
    assert_eq!(txn_state(&s, "ctp"), TxnState::CompleteCommit);
}

#[test]
fn aborted_offsets_are_not_committed() {
    let mut s = sim();
    create(&mut s, "in", 1);
    create(&mut s, "out", 1);
    let p = txn_producer(&mut s, "ctp");
    s.apply(Command::BeginTransaction { producer: p }).unwrap();
    send(&mut s, p, "out", 0, "r");
    s.apply(Command::SendOffsetsToTransaction { producer: p, group: "g".into(), offsets: vec![("in".into(), 0, 5)] }).unwrap();
    s.apply(Command::AbortTransaction { producer: p }).unwrap();
    s.advance(200);
    assert!(s.group("g").is_none_or(|g| g.offsets.is_empty()));
    assert_eq!(txn_state(&s, "ctp"), TxnState::CompleteAbort);
}

#[test]
fn transactional_id_needs_idempotence() {
    let mut s = sim();
    let e = s
        .apply(Command::CreateProducer {
            configs: vec![("transactional.id".into(), "x".into()), ("enable.idempotence".into(), "false".into())],
        })
        .unwrap_err();
    assert_eq!(e.message, "Cannot set a transactional.id without also enabling idempotence.");
    let p = producer(&mut s, &[]);
    assert!(s.apply(Command::InitTransactions { producer: p }).is_err());
}
