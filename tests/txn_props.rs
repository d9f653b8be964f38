//! Property tests of transactions (issue 18): random interleavings of transactional and
//! plain producers, commits, aborts, fencing re-inits, crashes and broker stops.
//! * read_committed never returns an aborted record or one at or past the LSO;
//! * a committed transaction's records are all visible or none;
//! * a fenced producer writes nothing after it is fenced;
//! * runs are deterministic.
#![cfg(not(target_arch = "wasm32"))]

use kafkascope::engine::log::txn_index::TxnStatus;
use kafkascope::engine::*;
use proptest::prelude::*;

#[derive(Clone, Debug)]
enum Op {
    /// producer index (0..3), partition, value
    Send(usize, u32),
    Begin(usize),
    Commit(usize),
    Abort(usize),
    /// a new instance with producer i's transactional id (fences the old one)
    Reinit(usize),
    Plain(u32),
    Advance(i64),
    StopBroker(i32),
    StartBroker(i32),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        6 => (0..3usize, 0..2u32).prop_map(|(p, q)| Op::Send(p, q)),
        3 => (0..3usize).prop_map(Op::Begin),
        2 => (0..3usize).prop_map(Op::Commit),
        1 => (0..3usize).prop_map(Op::Abort),
        1 => (0..3usize).prop_map(Op::Reinit),
        2 => (0..2u32).prop_map(Op::Plain),
        4 => (1..3_000i64).prop_map(Op::Advance),
        1 => (1..4i32).prop_map(Op::StopBroker),
        1 => (1..4i32).prop_map(Op::StartBroker),
    ]
}

fn new_producer(s: &mut Sim, tid: &str) -> ProducerId {
    let cfg = vec![("transactional.id".to_string(), tid.to_string()), ("transaction.timeout.ms".to_string(), "15000".to_string())];
    let Ok(Reply::ProducerCreated(p)) = s.apply(Command::CreateProducer { configs: cfg }) else { panic!() };
    let _ = s.apply(Command::InitTransactions { producer: p });
    p
}

struct Run {
    sim: Sim,
    /// per value sent: the transactional producer index, or None (plain)
    sent: Vec<String>,
}

fn run(seed: u64, ops: &[Op]) -> Run {
    let mut s = Sim::new(ClusterConfig::default(), seed);
    s.apply(Command::CreateTopic { name: "t".into(), partitions: Some(2), replication_factor: Some(3), configs: vec![] }).unwrap();
    let Ok(Reply::ProducerCreated(plain)) = s.apply(Command::CreateProducer { configs: vec![] }) else { panic!() };
    let mut prods: Vec<ProducerId> = (0..3).map(|i| new_producer(&mut s, &format!("tx-{i}"))).collect();
    let mut gen = [0u32; 3];
    let mut sent = Vec::new();
    s.advance(200);
    for (n, o) in ops.iter().enumerate() {
        match o {
            Op::Send(i, q) => {
                // value: producer, instance, op number
                let v = format!("p{i}-g{}-{n}", gen[*i]);
                let r = s.apply(Command::Send {
                    producer: prods[*i],
                    topic: "t".into(),
                    partition: Some(*q),
                    record: NewRecord::value(v.clone()),
                });
                if r.is_ok() {
                    sent.push(v);
                }
            }
            Op::Begin(i) => {
                let _ = s.apply(Command::BeginTransaction { producer: prods[*i] });
            }
            Op::Commit(i) => {
                let _ = s.apply(Command::CommitTransaction { producer: prods[*i] });
            }
            Op::Abort(i) => {
                let _ = s.apply(Command::AbortTransaction { producer: prods[*i] });
            }
            Op::Reinit(i) => {
                gen[*i] += 1;
                prods[*i] = new_producer(&mut s, &format!("tx-{i}"));
            }
            Op::Plain(q) => {
                let _ = s.apply(Command::Send {
                    producer: plain,
                    topic: "t".into(),
                    partition: Some(*q),
                    record: NewRecord::value(format!("plain-{n}")),
                });
            }
            Op::Advance(ms) => s.advance(*ms),
            Op::StopBroker(b) => {
                let _ = s.apply(Command::StopBroker { broker: *b, clean: false });
            }
            Op::StartBroker(b) => {
                let _ = s.apply(Command::StartBroker { broker: *b });
            }
        }
    }
    for b in 1..=3 {
        let _ = s.apply(Command::StartBroker { broker: b });
    }
    s.advance(60_000);
    Run { sim: s, sent }
}

fn read_committed(s: &mut Sim, partition: u32) -> Vec<(i64, String)> {
    let cfg = vec![("auto.offset.reset".into(), "earliest".into()), ("isolation.level".into(), "read_committed".into())];
    let Ok(Reply::ConsumerCreated(c)) = s.apply(Command::CreateConsumer { configs: cfg }) else { panic!() };
    s.apply(Command::Assign { consumer: c, partitions: vec![("t".into(), partition)] }).unwrap();
    let mut out = Vec::new();
    for _ in 0..50 {
        let Ok(Reply::Records(r)) = s.apply(Command::Poll { consumer: c }) else { break };
        if r.is_empty() {
            break;
        }
        out.extend(r.into_iter().map(|r| (r.record.offset, String::from_utf8(r.record.value.unwrap()).unwrap())));
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn read_committed_sees_no_aborted_record_nor_past_the_lso(seed in 0u64..1000, ops in prop::collection::vec(op(), 1..60)) {
        let mut r = run(seed, &ops);
        for q in 0..2 {
            let (lso, statuses) = {
                let p = &r.sim.topic("t").unwrap().partitions[q as usize];
                let Some(leader) = p.leader_replica() else { continue };
                let lso = p.last_stable_offset();
                let st: Vec<(i64, TxnStatus)> = leader.log.read_all(0, i64::MAX).map(|x| (x.offset, leader.log.txn_status(x.offset))).collect();
                (lso, st)
            };
            let got = read_committed(&mut r.sim, q);
            for (o, v) in &got {
                prop_assert!(*o < lso, "offset {o} at or past the LSO {lso}");
                let st = statuses.iter().find(|(x, _)| x == o).map(|(_, s)| *s);
                prop_assert!(matches!(st, Some(TxnStatus::Plain | TxnStatus::Committed)), "{v} at {o} is {st:?}");
            }
        }
    }

    #[test]
    fn a_committed_transaction_is_all_visible_or_not_at_all(seed in 0u64..1000, ops in prop::collection::vec(op(), 1..60)) {
        let mut r = run(seed, &ops);
        // a settled cluster: every transaction has its markers, so the LSO is the HW, and
        // per partition every record of a committed transaction is visible
        let mut visible: Vec<String> = Vec::new();
        for q in 0..2 {
            visible.extend(read_committed(&mut r.sim, q).into_iter().map(|(_, v)| v));
        }
        for q in 0..2 {
            let p = &r.sim.topic("t").unwrap().partitions[q as usize];
            let Some(leader) = p.leader_replica() else { continue };
            for x in leader.log.read(0, p.last_stable_offset()) {
                let v = String::from_utf8(x.value.unwrap().to_vec()).unwrap();
                let committed = leader.log.txn_status(x.offset) == TxnStatus::Committed;
                if committed {
                    prop_assert!(visible.contains(&v), "{v} committed but not visible");
                }
            }
        }
        let _ = &r.sent;
    }

    #[test]
    fn a_fenced_producer_writes_nothing_after_its_fence(seed in 0u64..1000, ops in prop::collection::vec(op(), 1..60)) {
        let r = run(seed, &ops);
        // once a record of instance g+1 of an id is in a partition, no record of instance g
        // comes after it there
        for q in 0..2 {
            let p = &r.sim.topic("t").unwrap().partitions[q as usize];
            let Some(leader) = p.leader_replica() else { continue };
            let mut newest = [0u32; 3];
            for x in leader.log.read(0, i64::MAX) {
                let v = String::from_utf8(x.value.unwrap().to_vec()).unwrap();
                let Some(rest) = v.strip_prefix('p').filter(|r| r.as_bytes()[0].is_ascii_digit()) else { continue };
                let i: usize = rest[..1].parse().unwrap();
                let g: u32 = rest[3..].split('-').next().unwrap().parse().unwrap();
                prop_assert!(g >= newest[i], "instance {g} of tx-{i} wrote {v} after instance {}", newest[i]);
                newest[i] = newest[i].max(g);
            }
        }
    }

    #[test]
    fn transactional_runs_are_deterministic(seed in 0u64..1000, ops in prop::collection::vec(op(), 1..40)) {
        let a = run(seed, &ops);
        let b = run(seed, &ops);
        prop_assert_eq!(a.sim.state_hash(), b.sim.state_hash());
        prop_assert_eq!(a.sim.trace_hash(), b.sim.trace_hash());
    }
}
