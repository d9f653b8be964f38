//! Transactions benchmark (issue 18; `cargo bench --bench transactions`): 1,000,000 records
//! of 100 bytes sent through the client path (`KafkaProducer.send`, batching, the
//! produce request) by a transactional producer in transactions of 1,000 records
//! (beginTransaction, 1,000 sends, commitTransaction: EndTxn, markers on 12 partitions),
//! then polled back by a read_committed consumer; next to the same run without
//! transactions and read_uncommitted. Records per second of wall time; target: the
//! transactional figures within 2x of the plain ones.
#![allow(clippy::disallowed_methods)] // native only: the one-sort rule (clippy.toml) is for the wasm build

use std::time::Instant;

use kafkascope::engine::{ClusterConfig, Command, NewRecord, Reply, Sim};

const N: usize = 1_000_000;
const TXN: usize = 1_000;
const PARTITIONS: u32 = 12;

fn run(transactional: bool) -> (f64, f64) {
    let mut sim = Sim::new(ClusterConfig { brokers: 1, ..ClusterConfig::default() }, 1);
    sim.apply(Command::CreateTopic { name: "t".into(), partitions: Some(PARTITIONS as i32), replication_factor: Some(1), configs: vec![] })
        .expect("topic");
    let mut configs = vec![("linger.ms".to_string(), "5".to_string())];
    if transactional {
        configs.push(("transactional.id".into(), "bench".into()));
    }
    let Reply::ProducerCreated(p) = sim.apply(Command::CreateProducer { configs }).unwrap() else { unreachable!() };
    let t0 = Instant::now();
    if transactional {
        sim.apply(Command::InitTransactions { producer: p }).unwrap();
        sim.advance(50);
    }
    for i in 0..N {
        if transactional && i % TXN == 0 {
            sim.apply(Command::BeginTransaction { producer: p }).unwrap();
        }
        let record = NewRecord::value(vec![1u8; 100]);
        sim.apply(Command::Send { producer: p, topic: "t".into(), partition: None, record }).unwrap();
        if i % TXN == TXN - 1 {
            if transactional {
                sim.apply(Command::CommitTransaction { producer: p }).unwrap();
            }
            // commitTransaction blocks until EndTxn is answered; the plain run lets the
            // same virtual time pass
            sim.advance(20);
        }
    }
    sim.advance(1_000);
    let produce = t0.elapsed().as_secs_f64();
    let level = if transactional { "read_committed" } else { "read_uncommitted" };
    let configs = vec![("auto.offset.reset".into(), "earliest".into()), ("isolation.level".into(), level.into())];
    let Reply::ConsumerCreated(c) = sim.apply(Command::CreateConsumer { configs }).unwrap() else { unreachable!() };
    sim.apply(Command::Assign { consumer: c, partitions: (0..PARTITIONS).map(|q| ("t".to_string(), q)).collect() }).unwrap();
    let t1 = Instant::now();
    let mut got = 0;
    loop {
        let Reply::Records(r) = sim.apply(Command::Poll { consumer: c }).unwrap() else { unreachable!() };
        if r.is_empty() {
            break;
        }
        got += r.len();
    }
    let fetch = t1.elapsed().as_secs_f64();
    assert_eq!(got, N, "every committed record is read");
    if transactional {
        let leo: i64 = sim.topic("t").unwrap().partitions.iter().map(|q| q.log_end_offset()).sum();
        assert!(leo > N as i64, "the markers take offsets: {leo}");
    }
    (N as f64 / produce, N as f64 / fetch)
}

fn main() {
    let (plain_send, plain_poll) = run(false);
    let (txn_send, txn_poll) = run(true);
    println!("1M x 100 B over {PARTITIONS} partitions, client path:");
    println!("  plain:         send {:>10.0} records/s, poll (read_uncommitted) {:>10.0} records/s", plain_send, plain_poll);
    println!("  transactional: send {:>10.0} records/s, poll (read_committed)   {:>10.0} records/s", txn_send, txn_poll);
    println!("  ratio plain/transactional: send {:.2}x, poll {:.2}x (target: within 2x)", plain_send / txn_send, plain_poll / txn_poll);
}
