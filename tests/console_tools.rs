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

/// The console producer's own defaults (`--request-timeout-ms` 1500,
/// `--message-send-max-retries` 3, `--retry-backoff-ms` 100) go into the producer's
/// config unless a property set it (`CommandLineUtils.maybeMergeOptions`), and a flag that
/// is given wins over the property. A write that keeps failing gives up after three
/// retries, within a second, with the broker's error.
#[test]
fn the_console_producer_merges_its_retry_and_timeout_defaults() {
    let run = |extra: &str| {
        let mut c = Console::new(Sim::new(ClusterConfig::default(), 5));
        let script = format!(
            "kafka-topics.sh --bootstrap-server localhost:9092 --create --topic t --partitions 1 --replication-factor 3 --config min.insync.replicas=3\n\
             kafkascope broker stop 3 --clean\n\
             kafka-console-producer.sh --bootstrap-server localhost:9092 --topic t {extra} <<EOF\nx\nEOF\n"
        );
        let (out, _) = c.run_script(&script, "test.sh");
        let p = c.sim().producers().last().unwrap();
        let config = (p.config.request_timeout_ms, p.config.retries, p.config.retry_backoff_ms);
        let sent: Vec<i64> = c.sim().trace().iter().filter(|e| matches!(e.event, Event::BatchSent { .. })).map(|e| e.time).collect();
        (config, sent, out.stderr())
    };
    let (config, sent, err) = run("");
    assert_eq!(config, (1500, 3, 100), "the tool's defaults, not KafkaProducer's (30000, 2147483647, 100)");
    assert_eq!(sent.len(), 4, "one send and three retries: {sent:?}");
    // exponential backoff: about 100, 200, 400 ms (±20%) between the attempts
    let gaps: Vec<i64> = sent.windows(2).map(|w| w[1] - w[0]).collect();
    for (gap, base) in gaps.iter().zip([100, 200, 400]) {
        assert!(*gap >= base * 8 / 10 && *gap <= base * 12 / 10 + 10, "gaps {gaps:?}");
    }
    assert!(sent[3] - sent[0] < 1_000, "{sent:?}");
    assert!(err.contains("NotEnoughReplicasException"), "{err}");
    let (config, _, _) =
        run("--command-property retries=7 --command-property request.timeout.ms=900 --command-property retry.backoff.ms=50");
    assert_eq!(config, (900, 7, 50), "properties that are set are kept");
    let (config, _, _) = run("--command-property retries=7 --message-send-max-retries 1 --request-timeout-ms 2000 --retry-backoff-ms 10");
    assert_eq!(config, (2000, 1, 10), "a flag that is given overrides the property");
}

/// Client configs that contradict each other fail the client's construction as Kafka's
/// do: `delivery.timeout.ms` below `linger.ms + request.timeout.ms` when set (raised with
/// a warning when left at its default), a classic group member's heartbeat interval not
/// below its session timeout, and (Kafka 4.x) the classic-only configs with
/// `group.protocol=consumer`.
#[test]
fn contradicting_client_configs_fail_at_construction() {
    let run = |line: &str| {
        let mut c = Console::new(Sim::new(ClusterConfig::default(), 5));
        let script =
            format!("kafka-topics.sh --bootstrap-server localhost:9092 --create --topic t --partitions 1 --replication-factor 1\n{line}\n");
        let (out, status) = c.run_script(&script, "test.sh");
        (status, out.stderr(), c.sim().producers().count() + c.sim().consumers().count())
    };
    let produce =
        |flags: &str| run(&format!("kafka-console-producer.sh --bootstrap-server localhost:9092 --topic t {flags} <<EOF\nx\nEOF"));
    let consume =
        |flags: &str| run(&format!("kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic t --timeout-ms 1000 {flags}"));

    let (status, err, clients) = produce("--command-property delivery.timeout.ms=2000");
    assert_eq!((status, clients), (1, 0), "{err}");
    assert_eq!(
        err,
        "org.apache.kafka.common.KafkaException: Failed to construct kafka producer\n\
         \t... (stack frames not simulated)\n\
         Caused by: org.apache.kafka.common.config.ConfigException: delivery.timeout.ms should be equal to or larger than linger.ms + request.timeout.ms\n"
    );
    let (status, err, _) = produce("--command-property delivery.timeout.ms=2500");
    assert_eq!(status, 0, "equal to linger.ms (1000) + request.timeout.ms (1500) is enough: {err}");
    let (status, err, _) = produce("--timeout 200000");
    assert_eq!(status, 0);
    assert!(
        err.contains("WARN [Producer clientId=console-producer] delivery.timeout.ms should be equal to or larger than linger.ms + request.timeout.ms. Setting it to 201500. (org.apache.kafka.clients.producer.KafkaProducer)"),
        "{err}"
    );

    let (status, err, clients) = consume("--group g --command-property heartbeat.interval.ms=45000");
    assert_eq!((status, clients), (1, 0), "{err}");
    assert!(
        err.contains(
            "org.apache.kafka.common.KafkaException: Failed to construct kafka consumer\n\
             \t... (stack frames not simulated)\n\
             Caused by: java.lang.IllegalArgumentException: Heartbeat must be set lower than the session timeout\n"
        ),
        "{err}"
    );
    let (status, err, _) = consume("--group g --command-property heartbeat.interval.ms=1000 --command-property session.timeout.ms=1001");
    assert_eq!(status, 0, "{err}");
    let (status, err, _) = consume("--partition 0 --command-property heartbeat.interval.ms=45000");
    assert_eq!(status, 0, "no group, no coordinator, no heartbeat: {err}");

    let (status, err, _) = consume("--group g --command-property group.protocol=consumer --command-property session.timeout.ms=10000");
    assert_eq!(status, 1);
    assert!(err.contains("ConfigException: session.timeout.ms cannot be set when group.protocol=CONSUMER"), "{err}");
    let (_, err, _) = consume(
        "--group g --command-property group.protocol=consumer --command-property heartbeat.interval.ms=1000 --command-property partition.assignment.strategy=range",
    );
    assert!(
        err.contains("ConfigException: partition.assignment.strategy, heartbeat.interval.ms cannot be set when group.protocol=CONSUMER"),
        "{err}"
    );
    let (status, err, _) = consume("--group g --command-property group.remote.assignor=range");
    assert_eq!(status, 1);
    assert!(err.contains("ConfigException: group.remote.assignor cannot be set when group.protocol=CLASSIC"), "{err}");
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

// ---------------------------------------------------------------------------------
// kafka-verifiable-producer.sh

/// The JSON lines of a console file, parsed.
fn json_lines(c: &Console, path: &str) -> Vec<serde_json::Value> {
    c.file(path).unwrap_or_default().lines().map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{l}: {e}"))).collect()
}

/// `--throughput 4 --repeating-keys 6 --value-prefix 1` in the background (the page's
/// scene): 4 records a second of virtual time, record `i` with key `i mod 6` and value
/// `1.i`, each key always on the partition murmur2 picks for it, offsets in order; `kill
/// %1` closes it cleanly (its last answer first), and then nothing more is written.
#[test]
fn the_verifiable_producer_writes_keyed_records_at_its_rate() {
    use kafkascope::engine::partitioner::partition_for_key;
    let mut c = Console::interactive(Sim::new(ClusterConfig::default(), 7));
    c.run_line("kafka-topics.sh --bootstrap-server localhost:9092 --create --topic orders --partitions 3 --replication-factor 3");
    c.advance(1_000);
    let out = c.run_line(
        "kafka-verifiable-producer.sh --bootstrap-server localhost:9092 --topic orders --throughput 4 --repeating-keys 6 --value-prefix 1 > out.json &",
    );
    assert_eq!(out.stdout(), "[1] 4243\n", "{}", out.stderr());
    c.run_line("sleep 10");
    let n = appended(&c, "orders");
    assert!((40..=41).contains(&n), "{n} records in 10 s at 4 records/s");
    let lines = json_lines(&c, "out.json");
    assert_eq!(lines[0]["name"], "startup_complete");
    let mut next_offset = [0i64; 3];
    for (i, l) in lines[1..].iter().enumerate() {
        assert_eq!(l["name"], "producer_send_success", "{l}");
        let key = (i % 6).to_string();
        assert_eq!(
            (l["key"].as_str(), l["value"].as_str(), l["topic"].as_str()),
            (Some(key.as_str()), Some(format!("1.{i}").as_str()), Some("orders"))
        );
        let p = l["partition"].as_i64().unwrap();
        assert_eq!(p, i64::from(partition_for_key(key.as_bytes(), 3)), "key {key} keeps to its partition");
        assert_eq!(l["offset"], next_offset[p as usize], "{l}");
        next_offset[p as usize] += 1;
    }
    let used = (0..3).filter(|&p| lines.iter().any(|l| l["partition"] == p)).count();
    assert!(used >= 2, "six keys spread over the partitions");
    c.run_line("kill %1");
    let lines = json_lines(&c, "out.json");
    let (shutdown, data) = (&lines[lines.len() - 2], &lines[lines.len() - 1]);
    assert_eq!(shutdown["name"], "shutdown_complete");
    assert_eq!(data["name"], "tool_data");
    // the record sent as the sleep ended is answered before close() returns
    let n = appended(&c, "orders");
    assert!((40..=41).contains(&n), "{n}");
    assert_eq!((data["sent"].as_i64(), data["acked"].as_i64(), data["target_throughput"].as_i64()), (Some(n), Some(n), Some(4)), "{data}");
    assert_eq!(lines.len() as i64, n + 3, "a success line per record, no error");
    assert_eq!(c.running_jobs().count(), 0);
    c.advance(5_000);
    assert_eq!(appended(&c, "orders"), n, "stopped");
    assert!(!c.sim().producers().any(|p| !p.closed), "its producer is closed");
}

/// `kill -9` is a crash: no `shutdown_complete`, no `tool_data`, no more records.
#[test]
fn a_killed_verifiable_producer_prints_nothing_more() {
    let mut c = Console::new(Sim::new(ClusterConfig::default(), 3));
    let (out, status) = c.run_script(
        "kafka-topics.sh --bootstrap-server localhost:9092 --create --topic t\n\
         kafka-verifiable-producer.sh --bootstrap-server localhost:9092 --topic t --throughput 10 > out.json &\n\
         sleep 1\nkill -9 %1\nsleep 1\n",
        "crash.sh",
    );
    assert_eq!(status, 0, "{}", out.stderr());
    let lines = json_lines(&c, "out.json");
    assert!(lines.iter().all(|l| l["name"] != "shutdown_complete" && l["name"] != "tool_data"), "{lines:?}");
    let n = appended(&c, "t");
    assert!((10..=12).contains(&n), "{n}");
    c.advance(2_000);
    assert_eq!(appended(&c, "t"), n);
}

/// Without `--max-messages` in the foreground of a terminal it runs until Ctrl-C, whose
/// shutdown hook prints the last lines; a script refuses it (it would never end).
#[test]
fn ctrl_c_stops_a_foreground_verifiable_producer() {
    let mut c = Console::interactive(Sim::new(ClusterConfig::default(), 3));
    c.run_line("kafka-topics.sh --bootstrap-server localhost:9092 --create --topic t --partitions 2");
    let out = c.run_line("kafka-verifiable-producer.sh --bootstrap-server localhost:9092 --topic t --throughput 2");
    assert!(out.stdout().contains("\"name\":\"startup_complete\""), "{}", out.stdout());
    assert!(c.has_foreground());
    let out = c.advance(3_000);
    assert_eq!(out.stdout().matches("producer_send_success").count(), 6, "{}", out.stdout());
    let out = c.interrupt();
    assert!(!c.has_foreground());
    assert_eq!(c.last_status(), 130);
    let stdout = out.stdout();
    let last: Vec<&str> = stdout.lines().collect();
    assert!(last.len() >= 2 && last[last.len() - 2].contains("shutdown_complete"), "{}", out.stdout());
    assert!(last[last.len() - 1].contains("\"name\":\"tool_data\",\"sent\":7,\"acked\":7,\"target_throughput\":2,"), "{}", out.stdout());

    let mut s = Console::new(Sim::new(ClusterConfig::default(), 3));
    let (out, status) = s.run_script("kafka-verifiable-producer.sh --bootstrap-server localhost:9092 --topic t\n", "endless.sh");
    assert_eq!(status, 1);
    assert!(out.stderr().contains("produces until it is stopped"), "{}", out.stderr());
    assert_eq!(s.sim().producers().count(), 0, "refused before its producer exists");
}

/// Bad options give argparse4j's usage and error (Kafka 4 removed `--broker-list`),
/// exit 1, and change nothing: no producer, no topic, no job.
#[test]
fn bad_verifiable_producer_options_change_nothing() {
    for (args, error) in [
        ("--topic fresh --broker-list localhost:9092", "verifiable-producer: error: unrecognized arguments: '--broker-list'\n"),
        ("--bootstrap-server localhost:9092 --topic fresh --throughput 4.5", "Integer (For input string: \"4.5\")\n"),
        (
            "--bootstrap-server localhost:9092 --topic fresh --acks 2",
            "error: argument  --acks:  invalid  choice: '2' (choose\nfrom {0,1,-1})\n",
        ),
        ("--bootstrap-server localhost:9092", "verifiable-producer: error: argument --topic is required\n"),
        ("--topic fresh", "one  of  the  arguments  --bootstrap-server is\nrequired\n"),
        ("--bootstrap-server localhost:9092 --topic fresh --repeating-keys", "argument   --repeating-keys:   expected  one\nargument\n"),
        ("--bootstrap-server localhost:9092 --topic fresh --repeating_keys 3", "\nDid you mean:\n\t--repeating-keys\n"),
        ("--bootstrap-server localhost:9092 --topic fresh extra", "unrecognized arguments: 'extra'"),
    ] {
        let mut c = Console::new(Sim::new(ClusterConfig::default(), 3));
        let (out, status) = c.run_script(&format!("kafka-verifiable-producer.sh {args} &\n"), "bad.sh");
        assert_eq!(status, 1, "{args}");
        assert!(out.stderr().starts_with("usage: verifiable-producer [-h] --topic TOPIC"), "{args}: {}", out.stderr());
        assert!(out.stderr().contains(error), "{args}: {}", out.stderr());
        assert_eq!(out.stdout(), "", "{args}");
        assert_eq!((c.sim().producers().count(), c.sim().topic("fresh").is_some(), c.jobs().len()), (0, false, 0), "{args}");
    }
    // --help prints the help on stdout, and (argparse4j's HelpScreenException) exits 1
    let mut c = Console::new(Sim::new(ClusterConfig::default(), 3));
    let (out, status) = c.run_script("kafka-verifiable-producer.sh --topic t --help\n", "help.sh");
    assert_eq!(status, 1);
    assert!(out.stdout().contains("\noptional arguments:\n  -h, --help             show this help message and exit\n"), "{}", out.stdout());
    assert!(out.stdout().contains("\nConnection Group:\n  Group of arguments for connection to brokers\n"), "{}", out.stdout());
}

/// `--message-create-time T`: the first record's CreateTime is T, and each send adds the
/// time since the start to it (VerifiableProducer.send), so with one record a second the
/// timestamps are T, T, T+1000, T+3000.
#[test]
fn the_create_time_grows_as_kafkas_tool_makes_it() {
    let mut c = Console::new(Sim::new(ClusterConfig::default(), 3));
    let (out, status) = c.run_script(
        "kafka-topics.sh --bootstrap-server localhost:9092 --create --topic t --partitions 1\n\
         kafka-verifiable-producer.sh --bootstrap-server localhost:9092 --topic t --max-messages 4 --throughput 1 --message-create-time 1700000000000 > /dev/null\n\
         kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic t --from-beginning --max-messages 4 --property print.timestamp=true\n",
        "create-time.sh",
    );
    assert_eq!(status, 0, "{}", out.stderr());
    let stdout = out.stdout();
    let times: Vec<&str> = stdout.lines().filter_map(|l| l.split('\t').next().filter(|t| t.starts_with("CreateTime:"))).collect();
    assert_eq!(times, ["CreateTime:1700000000000", "CreateTime:1700000000000", "CreateTime:1700000001000", "CreateTime:1700000003000"]);
}

/// Tab completes the tool and its flags.
#[test]
fn the_verifiable_producer_completes() {
    use kafkascope::console::tools::complete;
    assert_eq!(complete("kafka-verif"), vec!["kafka-verifiable-producer.sh"]);
    assert_eq!(complete("kafka-verifiable-producer.sh --rep"), vec!["--repeating-keys"]);
    assert!(complete("kafka-verifiable-producer.sh --").contains(&"--value-prefix".to_string()));
}

/// Option combinations and values the tools refuse as Kafka 4.3's do (TopicCommandOptions
/// and ConsumerGroupCommandOptions `checkArgs`, jopt-simple's `availableIf`,
/// `CommandLineUtils.printUsageAndExit`, whose status is 1, for `--help` too): the first
/// line of standard error and the status, and nothing changed.
#[test]
fn refused_option_combinations_print_kafkas_message_and_exit_1() {
    let cases: &[(&str, &str)] = &[
        (
            "kafka-topics.sh --bootstrap-server localhost:9092 --alter --topic t --config retention.ms=1000",
            "Option combination \"[[bootstrap-server], [config]]\" can't be used with option \"[alter]\" (To alter topic configurations, the kafka-configs tool can be used.)",
        ),
        ("kafka-topics.sh --bootstrap-server localhost:9092 --alter --topic t --replication-factor 2", "Missing required argument \"[partitions]\""),
        (
            "kafka-topics.sh --bootstrap-server localhost:9092 --alter --topic t --partitions 3 --replication-factor 2",
            "Option \"[replication-factor]\" can't be used with option \"[alter]\"",
        ),
        ("kafka-topics.sh --bootstrap-server localhost:9092 --delete --topic t --partitions 3", "Option \"[partitions]\" can't be used with option \"[delete]\""),
        ("kafka-topics.sh --bootstrap-server localhost:9092 --list --config a=b", "Option \"[config]\" can't be used with option \"[list]\""),
        ("kafka-topics.sh --bootstrap-server localhost:9092 --create --topic u --if-exists", "Option \"[if-exists]\" can't be used with option \"[create]\""),
        ("kafka-topics.sh --bootstrap-server localhost:9092 --describe --if-exists", "--topic or --topic-id is required to describe a topic"),
        ("kafka-topics.sh --list", "--bootstrap-server must be specified"),
        ("kafka-topics.sh --help", "This tool helps to create, delete, describe, or change a topic."),
        ("kafka-console-producer.sh --help", "This tool helps to read data from standard input and publish it to Kafka."),
        ("kafka-console-consumer.sh --help", "This tool helps to read data from Kafka topics and outputs it to standard output."),
        (
            "kafka-consumer-groups.sh --bootstrap-server localhost:9092 --reset-offsets --group g --topic t --to-earliest --dry-run --execute",
            "Option [reset-offsets] only accepts one of [execute] and [dry-run]",
        ),
        (
            "kafka-consumer-groups.sh --bootstrap-server localhost:9092 --describe --group g --members --offsets",
            "Option [describe] takes at most one of these options: [members], [offsets], [state]",
        ),
        (
            "kafka-consumer-groups.sh --bootstrap-server localhost:9092 --list --members",
            "Exception in thread \"main\" joptsimple.UnavailableOptionException: Option(s) [members] are unavailable given other options on the command line",
        ),
        (
            "kafka-consumer-groups.sh --bootstrap-server localhost:9092 --list --state Foo",
            "Invalid state list 'Foo'. Valid states are: PreparingRebalance, CompletingRebalance, Stable, Dead, Empty, Assigning, Reconciling",
        ),
        (
            "kafka-consumer-groups.sh --bootstrap-server localhost:9092 --delete --group g --topic t",
            "The consumer does not support topic-specific offset deletion from a consumer group.",
        ),
        (
            "kafka-consumer-groups.sh --bootstrap-server localhost:9092 --reset-offsets --group g --topic t --to-earliest --to-latest --execute",
            "Option \"[to-earliest]\" can't be used with option \"[to-latest]\"",
        ),
        (
            "kafka-consumer-groups.sh --bootstrap-server localhost:9092 --reset-offsets --group g --topic t --execute",
            "Option '[reset-offsets]' requires one of the following scenarios: [[to-offset], [to-current], [to-datetime], [from-file], [by-duration], [to-earliest], [to-latest], [shift-by]]",
        ),
        (
            "kafka-consumer-groups.sh --bootstrap-server localhost:9092 --reset-offsets --group g --to-earliest --execute",
            "One of the reset scopes should be defined: --all-topics, --topic.",
        ),
        (
            "kafka-consumer-groups.sh --bootstrap-server localhost:9092 --reset-offsets --group g --topic t --shift-by 1 --execute",
            "Cannot shift offset for partition t-0 since there is no current committed offset",
        ),
        ("kafka-consumer-groups.sh --bootstrap-server localhost:9092 --list --group g", "Option \"[group]\" can't be used with option \"[list]\""),
    ];
    for (line, first) in cases {
        let mut c = Console::new(Sim::new(ClusterConfig::default(), 5));
        let (_, status) = c.run_script("kafka-topics.sh --bootstrap-server localhost:9092 --create --topic t --partitions 2\n", "setup.sh");
        assert_eq!(status, 0);
        let topics_before: Vec<String> = c.sim().topics().map(|t| format!("{}:{}", t.name, t.partitions.len())).collect();
        let (out, status) = c.run_script(&format!("{line}\n"), "test.sh");
        assert_eq!((status, out.stderr().lines().next().unwrap_or("")), (1, *first), "{line}");
        assert!(out.stdout().is_empty(), "{line}: {}", out.stdout());
        let topics_after: Vec<String> = c.sim().topics().map(|t| format!("{}:{}", t.name, t.partitions.len())).collect();
        assert_eq!(topics_before, topics_after, "{line} changed nothing");
        assert!(c.sim().group("g").is_none(), "{line} changed nothing");
    }
}

/// An option the parser refuses, as each tool's main prints it (Kafka 4.3 TopicCommand's
/// mainNoExit: the message and the exception; ConsumerGroupCommand: the JVM's uncaught
/// exception; ConfigCommand: the message; GetOffsetShell: `Error occurred:`), the stack
/// traces' frames as one line (`tools::JAVA_FRAMES`), status 1.
#[test]
fn an_unknown_option_is_reported_as_each_tool_reports_it() {
    let cases: &[(&str, &str)] = &[
        (
            "kafka-topics.sh --bootstrap-server localhost:9092 --list --nope",
            "nope is not a recognized option\njoptsimple.UnrecognizedOptionException: nope is not a recognized option\n\t... (stack frames not simulated)\n\n",
        ),
        (
            "kafka-consumer-groups.sh --bootstrap-server localhost:9092 --list --nope",
            "Exception in thread \"main\" joptsimple.UnrecognizedOptionException: nope is not a recognized option\n\t... (stack frames not simulated)\n",
        ),
        ("kafka-configs.sh --bootstrap-server localhost:9092 --describe --nope", "nope is not a recognized option\n"),
        ("kafka-get-offsets.sh --bootstrap-server localhost:9092 --nope", "Error occurred: nope is not a recognized option\n"),
    ];
    for (line, err) in cases {
        let mut c = Console::new(Sim::new(ClusterConfig::default(), 5));
        let (out, status) = c.run_script(&format!("{line}\n"), "test.sh");
        assert_eq!((status, out.stderr().as_str(), out.stdout().as_str()), (1, *err, ""), "{line}");
    }
}

/// kafka-consumer-groups.sh exits as ConsumerGroupCommand (4.x) does: `run` catches every
/// Throwable and prints it with `printError`, after which `main` returns normally (0);
/// an IllegalArgumentException (a malformed `topic:partitions`) goes to
/// `printUsageAndExit` (1). Golden script groups_exit_codes shows the texts.
#[test]
fn consumer_groups_exit_codes_follow_consumer_group_command() {
    let mut c = Console::new(Sim::new(ClusterConfig::default(), 5));
    c.run_line("kafka-topics.sh --bootstrap-server localhost:9092 --create --topic t --partitions 2");
    let cases = [
        ("--reset-offsets --group g --topic nope --to-earliest --execute", 0),
        ("--reset-offsets --group g --topic t --to-offset x --execute", 0),
        ("--reset-offsets --group g --topic t:x --to-earliest --execute", 1),
        ("--delete-offsets --group g --topic t:0:1", 1),
        ("--delete-offsets --group g --group h --topic t", 0),
        ("--describe --group nope", 0),
        ("--delete --group nope", 0),
        ("--list --state Bogus", 1),
    ];
    for (args, status) in cases {
        c.run_line(&format!("kafka-consumer-groups.sh --bootstrap-server localhost:9092 {args}"));
        assert_eq!(c.last_status(), status, "{args}");
    }
}

/// A produce request unanswered after request.timeout.ms is given up: NetworkClient
/// closes the connection, so its late answer is never read, and the batch is retried
/// (Sender: REQUEST_TIMED_OUT "Disconnected from node N due to timeout"). Over an 800 ms
/// one-way network the console producer's 1500 ms timeout expires on each of its four
/// attempts (retries=3): without idempotence the leader appends all four, with it (the
/// default) the leader keeps the first and drops the retries by their sequence number;
/// either way the producer reports the failure.
#[test]
fn timed_out_retries_duplicate_without_idempotence() {
    for (idempotence, copies) in [("false", 4), ("true", 1)] {
        let mut c = Console::new(Sim::new(ClusterConfig::default(), 1));
        c.run_line("kafka-topics.sh --bootstrap-server localhost:9092 --create --topic a --partitions 1 --replication-factor 1");
        c.run_line("kafkascope network-delay 800");
        let out = c.run_line(&format!(
            "kafka-console-producer.sh --bootstrap-server localhost:9092 --topic a --command-property enable.idempotence={idempotence} <<X\none\nX"
        ));
        assert!(out.stderr().contains("TimeoutException: Disconnected from node 2 due to timeout"), "{}", out.stderr());
        assert_eq!(appended(&c, "a"), copies, "enable.idempotence={idempotence}");
    }
}
