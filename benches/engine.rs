//! Engine benchmarks (`cargo bench --bench engine`): throughput and memory figures for
//! issue 3. A plain harness, since these are whole-run figures, not micro-timings.
//!
//! * produce then fetch 10,000,000 records of 100 bytes over 12 partitions on one broker
//!   (broker-side batch append of 500-record batches, zero-copy fetch below the HW);
//! * engine bytes per retained record beyond key and value;
//! * 50,000,000 records into a topic capped by `retention.bytes`: memory stays flat;
//! * for comparison, the full client path (`KafkaProducer.send` per record, batching,
//!   the produce request, the consumer's poll) on 1,000,000 records.
#![allow(clippy::disallowed_methods)] // native only: the one-sort rule (clippy.toml) is for the wasm build

use std::hint::black_box;
use std::time::Instant;

use kafkascope::engine::{ClusterConfig, Command, NewRecord, Reply, Sim};

fn one_broker() -> Sim {
    Sim::new(ClusterConfig { brokers: 1, ..ClusterConfig::default() }, 1)
}

fn create(sim: &mut Sim, name: &str, partitions: i32, configs: &[(&str, &str)]) {
    sim.apply(Command::CreateTopic {
        name: name.into(),
        partitions: Some(partitions),
        replication_factor: Some(1),
        configs: configs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect(),
    })
    .expect("topic");
}

fn rss_bytes() -> Option<u64> {
    let statm = std::fs::read_to_string("/proc/self/statm").ok()?;
    let pages: u64 = statm.split_whitespace().nth(1)?.parse().ok()?;
    Some(pages * 4096)
}

fn produce_fetch_10m() {
    const N: usize = 10_000_000;
    const BATCH: usize = 500;
    const PARTITIONS: u32 = 12;
    let mut sim = one_broker();
    create(&mut sim, "bench", PARTITIONS as i32, &[]);
    let batch: Vec<NewRecord> = (0..BATCH).map(|i| NewRecord::value(vec![(i % 251) as u8; 100])).collect();
    let t0 = Instant::now();
    for b in 0..N / BATCH {
        sim.produce_batch("bench", b as u32 % PARTITIONS, &batch).expect("append");
    }
    let produce = t0.elapsed().as_secs_f64();
    let t1 = Instant::now();
    let (mut count, mut bytes) = (0usize, 0usize);
    for p in 0..PARTITIONS {
        let mut offset = 0;
        loop {
            // max.poll.records = 500 per fetch
            let mut n = 0;
            for r in sim.fetch("bench", p, offset).expect("fetch").take(500) {
                bytes += r.value.map_or(0, <[u8]>::len);
                offset = r.offset + 1;
                n += 1;
            }
            if n == 0 {
                break;
            }
            count += n;
        }
    }
    let fetch = t1.elapsed().as_secs_f64();
    assert_eq!(count, N);
    black_box(bytes);
    let total = produce + fetch;
    println!("produce+fetch 10M x 100 B, 12 partitions, 1 broker:");
    println!("  produce {:.3} s = {:.1} M records/s", produce, N as f64 / produce / 1e6);
    println!("  fetch   {:.3} s = {:.1} M records/s", fetch, N as f64 / fetch / 1e6);
    println!("  both    {:.3} s = {:.1} M records/s produced and fetched", total, N as f64 / total / 1e6);
    let (mut heap, mut payload) = (0usize, 0usize);
    for t in sim.topics() {
        for p in &t.partitions {
            for r in &p.replicas {
                heap += r.log.heap_bytes();
                payload += r.log.payload_bytes();
            }
        }
    }
    println!(
        "memory: {:.1} bytes of engine overhead per retained record beyond key and value ({} records, log heap {} MB, payload {} MB)",
        (heap - payload) as f64 / N as f64,
        N,
        heap / 1_000_000,
        payload / 1_000_000
    );
}

fn retention_keeps_memory_flat() {
    const N: usize = 50_000_000;
    const BATCH: usize = 1_000;
    let mut sim = one_broker();
    sim.apply(Command::SetClusterConfig { name: "log.retention.check.interval.ms".into(), value: "1000".into() }).unwrap();
    create(&mut sim, "capped", 1, &[("retention.bytes", "67108864"), ("segment.bytes", "8388608")]);
    let batch: Vec<NewRecord> = (0..BATCH).map(|_| NewRecord::value(vec![7u8; 100])).collect();
    let t0 = Instant::now();
    let mut samples = Vec::new();
    for b in 0..N / BATCH {
        sim.produce_batch("capped", 0, &batch).expect("append");
        if b % 100 == 99 {
            sim.advance(1_000); // lets the retention check run
        }
        if (b + 1) % (5_000_000 / BATCH) == 0 {
            let log = &sim.topic("capped").unwrap().partitions[0].replicas[0].log;
            samples.push(((b + 1) * BATCH, log.heap_bytes(), rss_bytes().unwrap_or(0)));
        }
    }
    let secs = t0.elapsed().as_secs_f64();
    println!("retention.bytes=64 MiB, 50M records of 100 B in {:.1} s ({:.1} M records/s):", secs, N as f64 / secs / 1e6);
    for (n, heap, rss) in &samples {
        println!("  after {:>2}M records: log heap {:>4} MB, process RSS {:>5} MB", n / 1_000_000, heap / 1_000_000, rss / 1_000_000);
    }
    let heaps: Vec<usize> = samples.iter().map(|s| s.1).collect();
    let (min, max) = (heaps.iter().min().unwrap(), heaps.iter().max().unwrap());
    println!(
        "  log heap min {} MB, max {} MB: {}",
        min / 1_000_000,
        max / 1_000_000,
        if max - min < 16_000_000 { "flat" } else { "NOT flat" }
    );
    println!("  trace: {} events", sim.trace().len());
}

fn client_path_1m() {
    const N: usize = 1_000_000;
    let mut sim = one_broker();
    create(&mut sim, "clients", 12, &[]);
    let Reply::ProducerCreated(p) = sim.apply(Command::CreateProducer { configs: vec![("linger.ms".into(), "5".into())] }).unwrap() else {
        unreachable!()
    };
    let t0 = Instant::now();
    for i in 0..N {
        sim.apply(Command::Send { producer: p, topic: "clients".into(), partition: None, record: NewRecord::value(vec![1u8; 100]) })
            .unwrap();
        if i % 1000 == 999 {
            sim.advance(1);
        }
    }
    sim.advance(1_000);
    let produce = t0.elapsed().as_secs_f64();
    let Reply::ConsumerCreated(c) =
        sim.apply(Command::CreateConsumer { configs: vec![("auto.offset.reset".into(), "earliest".into())] }).unwrap()
    else {
        unreachable!()
    };
    sim.apply(Command::Assign { consumer: c, partitions: (0..12).map(|p| ("clients".to_string(), p)).collect() }).unwrap();
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
    assert_eq!(got, N);
    println!("client path, 1M x 100 B: send {:.2} M records/s, poll {:.2} M records/s", N as f64 / produce / 1e6, N as f64 / fetch / 1e6);
}

/// Issue 6: stepping back with 100,000 events of history (a console session with
/// producers and a consumer group), timed per step back.
fn step_back_100k() {
    use kafkascope::console::session::Session;
    use kafkascope::console::Console;
    let mut s = Session::new(Console::interactive(Sim::new(ClusterConfig::default(), 3)));
    s.run_line("kafka-topics.sh --bootstrap-server localhost:9092 --create --topic t --partitions 6 --replication-factor 3");
    for _ in 0..2 {
        s.run_line("kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic t --group g > /dev/null &");
    }
    s.run_line("kafka-producer-perf-test.sh --topic t --num-records 20000 --record-size 100 --throughput 200 --producer-props bootstrap.servers=localhost:9092 linger.ms=0 > /dev/null &");
    let t0 = Instant::now();
    while s.console().sim().trace().len() < 100_000 {
        s.advance(1_000);
    }
    let build = t0.elapsed().as_secs_f64();
    let events = s.console().sim().trace().len();
    let mut times = Vec::new();
    for _ in 0..20 {
        let t = Instant::now();
        s.step_back();
        times.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    times.sort_by(|a, b| a.partial_cmp(b).unwrap());
    println!(
        "step back with {events} events of history ({} ops, built in {build:.2} s): median {:.2} ms, max {:.2} ms",
        s.ops().len(),
        times[times.len() / 2],
        times[times.len() - 1]
    );
}

/// Stepping back just after one heavy op (a 500,000-record perf test is a single op):
/// the session checkpoints after busy ops, so going back replays only what follows.
fn step_back_after_heavy_op() {
    use kafkascope::console::session::Session;
    use kafkascope::console::Console;
    let mut s = Session::new(Console::interactive(Sim::new(ClusterConfig::default(), 3)));
    s.run_line("kafka-topics.sh --bootstrap-server localhost:9092 --create --topic t --partitions 6 --replication-factor 1");
    s.run_line("kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic t --group g > /dev/null &");
    s.advance(10_000);
    let t0 = Instant::now();
    s.run_line("kafka-producer-perf-test.sh --topic t --num-records 500000 --record-size 10 --throughput -1 --producer-props bootstrap.servers=localhost:9092");
    let heavy = t0.elapsed().as_secs_f64() * 1000.0;
    for _ in 0..50 {
        s.step_event(3_600_000);
    }
    let mut times = Vec::new();
    for _ in 0..10 {
        let t = Instant::now();
        s.step_back();
        times.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    times.sort_by(|a, b| a.partial_cmp(b).unwrap());
    println!(
        "step back after a 500k-record op (the op took {heavy:.0} ms; {} ops, {} events): median {:.2} ms, max {:.2} ms",
        s.ops().len(),
        s.console().sim().trace().len(),
        times[times.len() / 2],
        times[times.len() - 1]
    );
}

fn main() {
    let filter = std::env::args().skip(1).find(|a| !a.starts_with('-'));
    let run = |name: &str| filter.as_deref().is_none_or(|f| name.contains(f));
    if run("produce_fetch_10m") {
        produce_fetch_10m();
    }
    if run("client_path_1m") {
        client_path_1m();
    }
    if run("step_back_100k") {
        step_back_100k();
    }
    if run("step_back_after_heavy_op") {
        step_back_after_heavy_op();
    }
    if run("retention_flat") {
        retention_keeps_memory_flat();
    }
}
