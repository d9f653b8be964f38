//! Console tools against a running console: `kafka-producer-perf-test.sh --throughput`
//! keeps its rate for a whole run in an interactive console (a float-rounding mismatch
//! between "is the next record due" and "when to wake up" once stalled every run at 100
//! records/s after 29), and `kafka-console-producer.sh --producer.config` merges its
//! settings as Kafka's tool does.

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

/// `kafka-console-producer.sh --producer.config FILE`: the file's settings, then
/// `--producer-property` on top, then the dedicated flags where given or where nothing
/// set them (`ConsoleProducer.producerProps`, `CommandLineUtils.maybeMergeOptions`).
#[test]
fn the_console_producer_reads_its_config_file() {
    use kafkascope::engine::Acks;
    let run = |extra: &str| {
        let mut c = Console::new(Sim::new(ClusterConfig::default(), 5));
        let script = format!(
            "cat > producer.properties <<EOF\nacks=1\nclient.id=from-file\nlinger.ms=7\nEOF\n\
             kafka-topics.sh --bootstrap-server localhost:9092 --create --topic t --partitions 1 --replication-factor 1\n\
             kafka-console-producer.sh --bootstrap-server localhost:9092 --topic t {extra} <<EOF\nx\nEOF\n"
        );
        let (out, status) = c.run_script(&script, "test.sh");
        let p = c.sim().producers().last().map(|p| (p.client_id.clone(), p.config.acks, p.config.linger_ms));
        (p, status, out.stderr())
    };
    let (p, status, _) = run("--producer.config producer.properties");
    assert_eq!(status, 0);
    assert_eq!(p, Some(("from-file".to_string(), Acks::One, 7)), "the file's acks, client.id and linger.ms");
    let (p, _, _) = run("--producer.config producer.properties --producer-property acks=all");
    assert_eq!(p.unwrap().1, Acks::All, "--producer-property overrides the file");
    let (p, _, _) = run("--producer.config producer.properties --request-required-acks 0 --timeout 3");
    let p = p.unwrap();
    assert_eq!((p.1, p.2), (Acks::Zero, 3), "a flag that is given overrides both");
    let (p, status, err) = run("--producer.config nope.properties");
    assert_eq!(status, 1);
    assert!(p.is_none(), "no producer is created");
    assert!(err.contains("java.nio.file.NoSuchFileException: nope.properties"), "{err}");
}

/// The end of a script runs what is left, as bash does: a last line ending in `\`, and a
/// here-document cut off by the end (after bash's warning).
#[test]
fn the_end_of_a_script_runs_its_last_command() {
    let mut c = Console::new(Sim::new(ClusterConfig::default(), 1));
    let (out, status) = c.run_script("echo first\necho hi \\", "t.sh");
    assert_eq!((out.stdout(), status), ("first\nhi\n".to_string(), 0));
    let (out, status) = c.run_script("cat <<EOF\nline one", "t.sh");
    assert_eq!(status, 0);
    assert_eq!(out.stdout(), "line one\n");
    assert!(out.stderr().contains("here-document at line 1 delimited by end-of-file (wanted `EOF')"), "{}", out.stderr());
}

/// At most `MAX_JOBS` background jobs run at once; the next `&` is refused before its
/// tool starts (no client is created), and stopping one makes room again.
#[test]
fn background_jobs_are_limited() {
    use kafkascope::console::runtime::MAX_JOBS;
    let mut c = Console::new(Sim::new(ClusterConfig::default(), 5));
    let consume = "kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic t --group g > /dev/null &\n";
    let script = format!("kafka-topics.sh --bootstrap-server localhost:9092 --create --topic t\n{}", consume.repeat(MAX_JOBS + 1));
    let (out, status) = c.run_script(&script, "jobs.sh");
    assert_eq!(status, 1);
    assert!(out.stderr().contains(&format!("kafkascope: at most {MAX_JOBS} background jobs can run at once")), "{}", out.stderr());
    assert_eq!(c.sim().consumers().count(), MAX_JOBS, "the refused job created no consumer");
    let (_, status) = c.run_script(&format!("kill %1\n{consume}"), "more.sh");
    assert_eq!(status, 0, "a stopped job makes room");
}
