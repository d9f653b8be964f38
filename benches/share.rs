//! Share group benchmark (`cargo bench --bench share`, issue 17): 1,000,000 records through
//! a share group of 8 consumers on 4 partitions with implicit acknowledgement, next to the
//! same records through a consumer group of 8 (classic protocol: 4 of them idle, one
//! partition each for the others). Target: the share group within 3× of the consumer
//! group's rate.
//!
//! Setup (not timed): a 4-partition topic holding 1,000,000 records (250,000 each). Timed:
//! the consumers are created and the simulation runs (in 100 ms virtual steps, handing
//! each consumer's delivered records to the "application" as the console does) until every
//! record is consumed: for the share group, until every share-partition's start offset
//! reached the end (every record acquired, delivered and acknowledged with ACCEPT at the
//! next poll); for the consumer group, until every record was delivered. Both start at
//! the earliest offset (`share.auto.offset.reset=earliest`, `auto.offset.reset=earliest`).
#![allow(clippy::disallowed_methods)] // native only

use std::time::Instant;

use kafkascope::engine::{ClusterConfig, Command, NewRecord, Reply, Sim};

/// 1,000,000 (`SHARE_BENCH_RECORDS` may lower it for a quick try)
fn records() -> usize {
    std::env::var("SHARE_BENCH_RECORDS").ok().and_then(|v| v.parse().ok()).unwrap_or(1_000_000)
}
const PARTITIONS: u32 = 4;
const CONSUMERS: usize = 8;

fn kv(k: &str, v: &str) -> (String, String) {
    (k.to_string(), v.to_string())
}

fn loaded() -> Sim {
    let mut sim = Sim::new(ClusterConfig::default(), 42);
    sim.apply(Command::CreateTopic {
        name: "jobs".into(),
        partitions: Some(PARTITIONS as i32),
        replication_factor: Some(1),
        configs: vec![],
    })
    .expect("topic");
    let configs = vec![kv("linger.ms", "5"), kv("batch.size", "1048576"), kv("acks", "1")];
    let Ok(Reply::ProducerCreated(p)) = sim.apply(Command::CreateProducer { configs }) else { panic!("producer") };
    for i in 0..records() {
        let record = NewRecord::value(format!("job-{i}"));
        sim.apply(Command::Send { producer: p, topic: "jobs".into(), partition: Some(i as u32 % PARTITIONS), record }).expect("send");
        if i % 10_000 == 9_999 {
            sim.advance(10);
            sim.trim_trace();
        }
    }
    sim.apply(Command::Flush { producer: p }).expect("flush");
    sim.advance(1_000);
    let end: i64 = (0..PARTITIONS as usize).map(|p| sim.topic("jobs").unwrap().partitions[p].high_watermark()).sum();
    assert_eq!(end as usize, records(), "every record is in the log");
    sim
}

struct Run {
    wall_s: f64,
    virtual_s: f64,
    delivered: u64,
}

fn share_group(base: &Sim) -> Run {
    let mut sim = base.clone();
    let start = Instant::now();
    let t0 = sim.now();
    sim.apply(Command::AlterGroupConfig { group: "sg".into(), set: vec![kv("share.auto.offset.reset", "earliest")], delete: vec![] })
        .unwrap();
    let mut consumers = Vec::new();
    for _ in 0..CONSUMERS {
        let Ok(Reply::ConsumerCreated(c)) = sim.apply(Command::CreateShareConsumer { configs: vec![kv("group.id", "sg")] }) else {
            panic!()
        };
        sim.apply(Command::ShareSubscribe { consumer: c, topics: vec!["jobs".into()] }).unwrap();
        consumers.push(c);
    }
    let mut delivered;
    loop {
        sim.advance(100);
        sim.trim_trace();
        for &c in &consumers {
            sim.take_share_delivered(c);
        }
        delivered = consumers.iter().map(|c| sim.share_consumer_state(*c).map_or(0, |s| s.delivered_records)).sum();
        let done = sim.share_group("sg").is_some_and(|g| {
            g.partitions.len() == PARTITIONS as usize
                && g.partitions.values().all(|sp| sp.start_offset as usize == records() / PARTITIONS as usize)
        });
        if done {
            break;
        }
        assert!(sim.now() - t0 < 3_600_000, "the share group drains within an hour of virtual time");
    }
    Run { wall_s: start.elapsed().as_secs_f64(), virtual_s: (sim.now() - t0) as f64 / 1000.0, delivered }
}

fn consumer_group(base: &Sim) -> Run {
    let mut sim = base.clone();
    let start = Instant::now();
    let t0 = sim.now();
    let mut consumers = Vec::new();
    for _ in 0..CONSUMERS {
        let configs = vec![kv("group.id", "cg"), kv("auto.offset.reset", "earliest")];
        let Ok(Reply::ConsumerCreated(c)) = sim.apply(Command::CreateConsumer { configs }) else { panic!() };
        sim.apply(Command::Subscribe { consumer: c, topics: vec!["jobs".into()] }).unwrap();
        consumers.push(c);
    }
    let mut delivered = 0u64;
    while delivered < records() as u64 {
        sim.advance(100);
        sim.trim_trace();
        for &c in &consumers {
            sim.take_delivered(c);
        }
        delivered = consumers.iter().map(|c| sim.consumer_state(*c).map_or(0, |s| s.delivered_records)).sum();
        assert!(sim.now() - t0 < 3_600_000, "the consumer group drains within an hour of virtual time");
    }
    Run { wall_s: start.elapsed().as_secs_f64(), virtual_s: (sim.now() - t0) as f64 / 1000.0, delivered }
}

fn main() {
    let setup = Instant::now();
    let base = loaded();
    println!("setup: {} records in {PARTITIONS} partitions, {:.1} s", records(), setup.elapsed().as_secs_f64());
    let mut rates = Vec::new();
    for (name, run) in [("consumer group", consumer_group as fn(&Sim) -> Run), ("share group", share_group)] {
        let mut best: Option<Run> = None;
        for _ in 0..3 {
            let r = run(&base);
            if best.as_ref().is_none_or(|b| r.wall_s < b.wall_s) {
                best = Some(r);
            }
        }
        let r = best.expect("runs");
        let rate = records() as f64 / r.wall_s;
        println!(
            "{name:<15} {CONSUMERS} consumers, {PARTITIONS} partitions: {} records in {:.3} s wall ({:.0} records/s; {} delivered, {:.0} s virtual)",
            records(),
            r.wall_s, rate, r.delivered, r.virtual_s
        );
        rates.push(rate);
    }
    let ratio = rates[0] / rates[1];
    println!("share group / consumer group: {:.2}x slower (target: within 3x) {}", ratio, if ratio <= 3.0 { "OK" } else { "OVER" });
}
