//! `fetch.min.bytes` and `fetch.max.wait.ms`: the partition leader holds a fetch until
//! enough bytes are there or the wait is over (Kafka's DelayedFetch), so a consumer
//! receives records in batches instead of one by one.
#![cfg(not(target_arch = "wasm32"))]

use kafkascope::console::session::Session;
use kafkascope::console::Console;
use kafkascope::engine::{ClusterConfig, Sim};

const B: &str = "--bootstrap-server localhost:9092";

/// The consumer's position on t-0 every 250 ms while a producer writes a 100-byte record
/// every 250 ms, for a consumer with these `--consumer-property` settings.
fn positions(props: &[&str]) -> Vec<i64> {
    let mut s = Session::new(Console::interactive(Sim::new(ClusterConfig::default(), 3)));
    let props: String = props.iter().map(|p| format!(" --consumer-property {p}")).collect();
    for line in [
        format!("kafka-topics.sh {B} --create --topic t --partitions 1 --replication-factor 3"),
        format!("kafka-console-consumer.sh {B} --topic t --group g{props} > /dev/null &"),
        "sleep 6".to_string(),
        "kafka-producer-perf-test.sh --topic t --num-records 40 --record-size 100 --throughput 4 --producer-props bootstrap.servers=localhost:9092 linger.ms=0 > /dev/null &".to_string(),
    ] {
        s.run_line(&line);
    }
    (0..44)
        .map(|_| {
            s.advance(250);
            let c = s.console().sim().consumers().next().expect("the console consumer");
            c.positions.iter().find(|((t, p), _)| &**t == "t" && *p == 0).map_or(0, |(_, o)| *o)
        })
        .collect()
}

/// The sizes of the steps the position makes.
fn steps(p: &[i64]) -> Vec<i64> {
    p.windows(2).map(|w| w[1] - w[0]).filter(|d| *d > 0).collect()
}

#[test]
fn by_default_each_record_is_fetched_as_it_arrives() {
    let p = positions(&[]);
    assert_eq!(*p.last().unwrap(), 40, "{p:?}");
    assert!(steps(&p).iter().all(|d| *d <= 2), "one record at a time: {p:?}");
}

#[test]
fn fetch_min_bytes_makes_the_leader_wait_for_a_batch() {
    // each record is 100 bytes of value and a few of framing: 1,000 bytes are 9 records
    let p = positions(&["fetch.min.bytes=1000", "fetch.max.wait.ms=30000"]);
    let s = steps(&p);
    assert!(s.iter().take(s.len() - 1).all(|d| *d >= 9), "batches of at least 9: {s:?} from {p:?}");
    assert!(*p.last().unwrap() >= 36, "{p:?}");
}

#[test]
fn fetch_max_wait_ms_bounds_the_wait() {
    // fetch.min.bytes is never reached: each fetch answers when its 1,000 ms are up
    // (counted here from the first record it could have had, plus the network's delays)
    let p = positions(&["fetch.min.bytes=1000000", "fetch.max.wait.ms=1000"]);
    let s = steps(&p);
    assert!(s.len() >= 8, "a batch about every second: {s:?}");
    assert!(s.iter().all(|d| (3..=5).contains(d)), "about 4 records a second each time: {s:?} from {p:?}");
    assert_eq!(*p.last().unwrap(), 40, "{p:?}");
}

#[test]
fn bad_values_are_refused_as_kafka_refuses_them() {
    let mut s = Session::new(Console::interactive(Sim::new(ClusterConfig::default(), 3)));
    s.run_line(&format!("kafka-topics.sh {B} --create --topic t --partitions 1 --replication-factor 1"));
    for (prop, why) in [("fetch.min.bytes=-1", "Value must be at least 0"), ("fetch.max.wait.ms=soon", "Not a number of type INT")] {
        let out = s.run_line(&format!("kafka-console-consumer.sh {B} --topic t --consumer-property {prop}"));
        let text = format!("{out:?}");
        assert!(text.contains(why), "{prop}: {text}");
    }
    assert_eq!(s.console().sim().consumers().count(), 0, "no consumer was created");
}
