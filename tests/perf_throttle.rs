//! `kafka-producer-perf-test.sh --throughput`: a throttled run keeps its rate for its
//! whole length in an interactive console (a float-rounding mismatch between "is the next
//! record due" and "when to wake up" once stalled every run at 100 records/s after 29).

use kafkascope::console::Console;
use kafkascope::engine::{ClusterConfig, Event, Sim};

fn appended(c: &Console, topic: &str) -> i64 {
    c.sim()
        .trace()
        .iter()
        .filter_map(|e| match &e.event {
            Event::RecordsAppended { topic: t, first_offset, last_offset, .. } if &**t == topic => Some(last_offset - first_offset + 1),
            _ => None,
        })
        .sum()
}

#[test]
fn a_throttled_producer_keeps_its_rate() {
    for throughput in [100, 50, 67, 3, 1000] {
        let mut c = Console::interactive(Sim::new(ClusterConfig::default(), 5));
        c.run_line("kafka-topics.sh --bootstrap-server localhost:9092 --create --topic t --partitions 2 --replication-factor 1");
        c.advance(1_000);
        let out = c.run_line(&format!(
            "kafka-producer-perf-test.sh --topic t --num-records 100000 --record-size 10 --throughput {throughput} --producer-props bootstrap.servers=localhost:9092 > /dev/null &"
        ));
        let out = format!("{}{}", out.stdout(), out.stderr());
        c.advance(10_000);
        let n = appended(&c, "t");
        let expected = throughput * 10;
        assert!(
            (n - expected).abs() <= throughput / 10 + 2,
            "throughput {throughput}: {n} records in 10 s, expected about {expected}; {out}"
        );
    }
}
