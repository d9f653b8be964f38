//! Apache Kafka 4.3 as the reference (issue 16, section 1): the tools' `--version`, what
//! Kafka 4.0–4.3 removed (refused) and deprecated (accepted with Kafka's warning), 4.0's
//! defaults and validations, Eligible Leader Replicas (KIP-966) and KIP-848 as released.
//! Each test names the Kafka source it was checked against.
#![allow(clippy::disallowed_methods)] // native only: the one-sort rule (clippy.toml) is for the wasm build
#![cfg(not(target_arch = "wasm32"))]

use kafkascope::console::Console;
use kafkascope::engine::{ClusterConfig, Sim, KAFKA_VERSION};

fn console() -> Console {
    Console::new(Sim::new(ClusterConfig::default(), 7))
}

/// Runs one line; gives stdout, stderr and the exit status.
fn run(c: &mut Console, line: &str) -> (String, String, i32) {
    let out = c.run_line(line);
    (out.stdout(), out.stderr(), c.last_status())
}

/// `CommandLineUtils.printVersionAndExit` (server-common, Kafka 4.x) prints
/// `AppInfoParser.getVersion()` and exits 0; every jopt-simple tool calls it from
/// `maybePrintHelpOrVersion` before checking required arguments.
#[test]
fn every_tool_prints_the_same_kafka_release() {
    assert_eq!(KAFKA_VERSION, "4.3.1");
    assert_eq!(kafkascope::classroom::export::KAFKA_VERSION, KAFKA_VERSION, "the export runs the release the tools name");
    // every tool the console speaks but the two argparse4j ones, whose parsers have no --version
    // (and kafka-metadata-quorum.sh, kafka-cluster.sh: argparse4j, MetadataQuorumCommand / ClusterTool)
    let without_version = ["kafka-producer-perf-test.sh", "kafka-verifiable-producer.sh", "kafka-metadata-quorum.sh", "kafka-cluster.sh"];
    let tools: Vec<&str> = kafkascope::console::tools::KAFKA_TOOLS.iter().copied().filter(|t| !without_version.contains(t)).collect();
    // + kafka-console-share-consumer.sh, kafka-share-groups.sh and kafka-groups.sh (issue 17)
    // + kafka-transactions.sh (issue 18)
    assert_eq!(tools.len(), 8 + 3 + 1);
    for tool in tools {
        let mut c = console();
        let (out, err, status) = run(&mut c, &format!("{tool} --version"));
        assert_eq!((out.as_str(), err.as_str(), status), ("4.3.1\n", "", 0), "{tool} --version");
    }
    // ProducerPerformance's argparse4j parser declares no --version
    let mut c = console();
    let (_, err, status) = run(&mut c, "kafka-producer-perf-test.sh --version");
    assert_eq!(status, 1);
    assert!(err.ends_with("producer-performance: error: unrecognized arguments: '--version'\n"), "{err}");
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    assert!(readme.contains("Apache Kafka 4.3") && readme.contains(KAFKA_VERSION), "the README names the release");
}

/// KIP-1030 (Kafka 4.0): `segment.bytes` is `atLeast(1024 * 1024)` (LogConfig, Kafka 4.3;
/// 14 bytes before), and the producer's `linger.ms` defaults to 5 (ProducerConfig, 4.0+).
#[test]
fn kafka_4_defaults_and_validations() {
    use kafkascope::engine::ProducerConfig;
    assert_eq!(ProducerConfig::default().linger_ms, 5);
    let mut c = console();
    let (out, _, status) = run(
        &mut c,
        "kafka-topics.sh --bootstrap-server localhost:9092 --create --topic small --replication-factor 1 --config segment.bytes=1048575",
    );
    assert_eq!(status, 1);
    assert!(
        out.contains(
            "Error while executing topic command : Invalid value 1048575 for configuration segment.bytes: Value must be at least 1048576"
        ),
        "{out}"
    );
    let (out, _, status) = run(
        &mut c,
        "kafka-topics.sh --bootstrap-server localhost:9092 --create --topic small --replication-factor 1 --config segment.bytes=1048576",
    );
    assert_eq!((out.as_str(), status), ("Created topic small.\n", 0));
    let (out, _, status) =
        run(&mut c, "kafka-configs.sh --bootstrap-server localhost:9092 --alter --entity-type topics --entity-name small --add-config segment.bytes=250");
    assert_eq!(status, 1, "{out}");
    // configs 4.0 removed are unknown to the controller (upgrade notes, 4.0.0)
    for removed in ["message.format.version=3.0", "message.timestamp.difference.max.ms=1000"] {
        let (out, _, status) = run(
            &mut c,
            &format!("kafka-topics.sh --bootstrap-server localhost:9092 --create --topic old --replication-factor 1 --config {removed}"),
        );
        let name = removed.split('=').next().unwrap();
        assert_eq!(status, 1);
        assert!(out.contains(&format!("Unknown topic config name: {name}")), "{out}");
    }
}

/// KIP-848 as released in 4.x: under `group.protocol=consumer` the client refuses the
/// classic protocol's own settings (`ConsumerConfig.checkUnsupportedConfigsPostProcess`,
/// clients 4.x; under classic it refuses `group.remote.assignor`), and `kafka-configs.sh
/// --delete-config` of a key that is not set is a no-op in 4.3 (KAFKA-20506: 4.3's
/// `ConfigCommand.alterResourceConfig` dropped the "Invalid config(s)" check).
#[test]
fn kip_848_client_configs_and_4_3_config_deletes() {
    let mut c = console();
    run(&mut c, "kafka-topics.sh --bootstrap-server localhost:9092 --create --topic t --partitions 1 --replication-factor 1");
    for key in ["session.timeout.ms=10000", "heartbeat.interval.ms=1000", "partition.assignment.strategy=range"] {
        let name = key.split('=').next().unwrap();
        let (_, err, status) = run(
            &mut c,
            &format!("kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic t --group g --command-property group.protocol=consumer --command-property {key} --timeout-ms 100"),
        );
        assert_eq!(status, 1, "{key}");
        assert!(err.contains(&format!("ConfigException: {name} cannot be set when group.protocol=CONSUMER")), "{err}");
    }
    let (_, err, status) = run(
        &mut c,
        "kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic t --group g --command-property group.remote.assignor=uniform --timeout-ms 100",
    );
    assert_eq!(status, 1);
    assert!(err.contains("ConfigException: group.remote.assignor cannot be set when group.protocol=CLASSIC"), "{err}");
    let (out, err, status) = run(
        &mut c,
        "kafka-configs.sh --bootstrap-server localhost:9092 --alter --entity-type topics --entity-name t --delete-config retention.ms",
    );
    assert_eq!((out.as_str(), err.as_str(), status), ("Completed updating config for topic t.\n", "", 0));
}

/// The glossary names the release and links the conformance table, which exists and
/// names the release too.
#[test]
fn the_glossary_links_the_conformance_table() {
    use kafkascope::engine::glossary::{CONFORMANCE_HREF, REFERENCE, SIMPLIFICATIONS};
    assert!(REFERENCE.contains(KAFKA_VERSION), "{REFERENCE}");
    assert_eq!(CONFORMANCE_HREF, "conformance.md");
    let table = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/conformance.md")).unwrap();
    assert!(table.contains(KAFKA_VERSION) && table.contains("| Tool |") && table.contains("| Behaviour |"));
    let index = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/index.html")).unwrap();
    assert!(index.contains(r#"rel="copy-file" href="docs/conformance.md""#), "the page serves the table beside itself");
    assert!(SIMPLIFICATIONS.iter().any(|s| s.contains("Eligible Leader Replicas")), "what is not modelled is said");
}

// ---- Eligible Leader Replicas (KIP-966): PartitionChangeBuilder (metadata/, 4.0-SNAPSHOT
// and a later stored version, identical in these parts), ReplicationControlManager's
// handleBrokerFenced / handleBrokerUncleanShutdown / handleBrokerUnfenced, and
// Partition.maybeIncrementLeaderHW (core/, 4.0-SNAPSHOT).

use kafkascope::engine::{Command, NewRecord, Reply};

fn sim_with_topic(configs: &[(&str, &str)]) -> Sim {
    let mut s = Sim::new(ClusterConfig::default(), 3);
    s.apply(Command::CreateTopic {
        name: "t".into(),
        partitions: Some(1),
        replication_factor: Some(3),
        configs: configs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect(),
    })
    .unwrap();
    s.advance(1_000);
    s
}

fn produce(s: &mut Sim, acks: &str, value: &str) {
    let p = match s.apply(Command::CreateProducer { configs: vec![("acks".into(), acks.into())] }).unwrap() {
        Reply::ProducerCreated(p) => p,
        r => panic!("{r:?}"),
    };
    s.apply(Command::Send { producer: p, topic: "t".into(), partition: Some(0), record: NewRecord::value(value) }).unwrap();
    s.advance(1_000);
}

/// (leader, isr, elr, last known elr, high watermark, log end offset) of t-0.
fn state(s: &Sim) -> (Option<i32>, Vec<i32>, Vec<i32>, Vec<i32>, i64, i64) {
    let p = &s.topic("t").unwrap().partitions[0];
    let mut isr = p.isr.clone();
    isr.sort_unstable();
    (p.leader, isr, p.elr.clone(), p.last_known_elr.clone(), p.high_watermark(), p.log_end_offset())
}

fn others(s: &Sim) -> (i32, i32, i32) {
    let p = &s.topic("t").unwrap().partitions[0];
    let leader = p.leader.unwrap();
    let f: Vec<i32> = p.replica_ids().into_iter().filter(|b| *b != leader).collect();
    (leader, f[0], f[1])
}

/// Below min.insync.replicas the high watermark stops (an acks=1 write is not readable),
/// and a replica that leaves such an ISR joins the ELR; back at min ISR the ELR clears.
#[test]
fn under_min_isr_the_high_watermark_stops_and_leavers_become_eligible() {
    let mut s = sim_with_topic(&[("min.insync.replicas", "2")]);
    produce(&mut s, "all", "a");
    let (leader, f1, f2) = others(&s);
    s.apply(Command::StopBroker { broker: f1, clean: true }).unwrap();
    s.advance(1_000);
    let (_, isr, elr, _, hw, _) = state(&s);
    assert_eq!((isr.len(), elr, hw), (2, vec![], 1), "at min ISR: no ELR");
    s.apply(Command::StopBroker { broker: f2, clean: true }).unwrap();
    s.advance(1_000);
    produce(&mut s, "1", "b");
    assert_eq!(state(&s), (Some(leader), vec![leader], vec![f2], vec![], 1, 2), "acks=1 appended, not committed; f2 eligible");
    // f2 comes back (a controlled shutdown: still trusted), catches up: ISR at min again
    s.apply(Command::StartBroker { broker: f2 }).unwrap();
    s.advance(5_000);
    let (_, isr, elr, _, hw, _) = state(&s);
    assert_eq!((isr.len(), elr, hw), (2, vec![], 2), "the ELR clears and the high watermark moves on");
}

/// The last ISR member fenced: the ISR empties, the ELR and LastKnownElr keep it; a
/// replica outside them never leads; an ELR member that shut down cleanly is elected
/// from the ELR at its return, with nothing lost.
#[test]
fn an_empty_isr_elects_from_the_elr() {
    let mut s = sim_with_topic(&[("min.insync.replicas", "2")]);
    produce(&mut s, "all", "a");
    let (leader, f1, f2) = others(&s);
    s.apply(Command::StopBroker { broker: f1, clean: true }).unwrap();
    s.advance(1_000);
    produce(&mut s, "all", "b"); // on leader and f2 only
    s.apply(Command::StopBroker { broker: f2, clean: true }).unwrap();
    s.advance(1_000);
    s.apply(Command::StopBroker { broker: leader, clean: true }).unwrap();
    s.advance(1_000);
    let mut elr = vec![leader, f2];
    elr.sort_unstable();
    assert_eq!(state(&s), (None, vec![], elr.clone(), vec![leader], 2, 0));
    // f1 missed "b": not eligible, the partition stays offline
    s.apply(Command::StartBroker { broker: f1 }).unwrap();
    s.advance(5_000);
    assert_eq!(state(&s).0, None);
    // f2, in the ELR and cleanly stopped, leads again: a clean election
    s.apply(Command::StartBroker { broker: f2 }).unwrap();
    s.advance(5_000);
    let (l, isr, elr_now, lke, hw, leo) = state(&s);
    assert_eq!((l, lke, leo), (Some(f2), vec![], 2));
    assert!(isr.contains(&f2) && !elr_now.contains(&f2), "{isr:?} {elr_now:?}");
    assert_eq!(hw, 2, "both records committed once the ISR is back at min ISR");
}

/// A broker back from a crash (an unclean shutdown) leaves the ELR; with the ISR and
/// the ELR empty, the last known leader leads again ("balanced recovery").
#[test]
fn an_unclean_shutdown_leaves_the_elr_and_the_last_leader_recovers() {
    let mut s = sim_with_topic(&[("min.insync.replicas", "2")]);
    produce(&mut s, "all", "a");
    let (leader, f1, f2) = others(&s);
    for b in [f1, f2, leader] {
        s.apply(Command::StopBroker { broker: b, clean: false }).unwrap();
        s.advance(20_000); // past broker.session.timeout.ms: fenced
    }
    let (l, isr, elr, lke, _, _) = state(&s);
    assert_eq!((l, isr, lke), (None, vec![], vec![leader]));
    assert!(elr.contains(&leader) && elr.contains(&f2), "{elr:?}");
    // f2 crashed: back, it is no longer eligible
    s.apply(Command::StartBroker { broker: f2 }).unwrap();
    s.advance(5_000);
    assert_eq!(state(&s).0, None);
    assert!(!state(&s).2.contains(&f2));
    // the last leader crashed too: it leaves the ELR, which empties, and it leads again
    s.apply(Command::StartBroker { broker: leader }).unwrap();
    s.advance(5_000);
    let (l, _, elr, lke, _, leo) = state(&s);
    assert_eq!((l, elr, lke, leo), (Some(leader), vec![], vec![], 1));
}

/// `kafka-topics.sh --describe` prints `Elr:` and `LastKnownElr:` (TopicCommand 4.x).
#[test]
fn describe_prints_the_elr() {
    let mut c = console();
    for line in [
        "kafka-topics.sh --bootstrap-server localhost:9092 --create --topic t --partitions 1 --replication-factor 3 --config min.insync.replicas=2",
        "kafkascope broker stop 3",
        "kafkascope broker stop 1",
        "sleep 20",
    ] {
        run(&mut c, line);
    }
    let (out, _, status) = run(&mut c, "kafka-topics.sh --bootstrap-server localhost:9093 --describe --topic t");
    assert_eq!(status, 0);
    let line = out.lines().nth(1).unwrap();
    assert!(line.contains("\tIsr: 2\tElr: ") && line.ends_with("\tLastKnownElr: "), "{line}");
    assert!(line.contains("Elr: 1") || line.contains("Elr: 3"), "{line}");
}

/// `Partition.effectiveMinIsr` (4.x): min.insync.replicas above the replication factor
/// counts as the replication factor, for acks=all writes and for the high watermark.
#[test]
fn min_isr_above_the_replication_factor_is_the_replication_factor() {
    let mut s = Sim::new(ClusterConfig::default(), 3);
    s.apply(Command::CreateTopic {
        name: "t".into(),
        partitions: Some(1),
        replication_factor: Some(1),
        configs: vec![("min.insync.replicas".into(), "2".into())],
    })
    .unwrap();
    s.advance(1_000);
    produce(&mut s, "all", "a");
    let p = &s.topic("t").unwrap().partitions[0];
    assert_eq!((p.high_watermark(), p.log_end_offset()), (1, 1), "accepted and committed");
    assert!(!s.trace().iter().any(|e| format!("{:?}", e.event).contains("NotEnoughReplicas")));
}

/// KIP-848's broker settings (`GroupCoordinatorConfig`, 4.0 source): `kafkascope config`
/// sets `group.consumer.*` within the coordinator's own checks, and members get the
/// heartbeat interval in every ConsumerGroupHeartbeat response.
#[test]
fn group_consumer_broker_settings() {
    let mut c = console();
    let (_, err, status) = run(&mut c, "kafkascope config group.consumer.session.timeout.ms=70000");
    assert_eq!(status, 1);
    assert!(err.contains("group.consumer.session.timeout.ms must be less than or equal to group.consumer.max.session.timeout.ms"), "{err}");
    let (_, err, status) = run(&mut c, "kafkascope config group.consumer.heartbeat.interval.ms=4000");
    assert_eq!(status, 1);
    assert!(err.contains("must be greater than or equal to group.consumer.min.heartbeat.interval.ms"), "{err}");
    for line in [
        "kafkascope config group.consumer.heartbeat.interval.ms=8000",
        "kafkascope config group.consumer.session.timeout.ms=60000",
        "kafka-topics.sh --bootstrap-server localhost:9092 --create --topic t --partitions 2 --replication-factor 1",
        "kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic t --group g --command-property group.protocol=consumer > /dev/null &",
    ] {
        let (_, err, status) = run(&mut c, line);
        assert_eq!(status, 0, "{line}: {err}");
    }
    c.advance(10_000);
    assert_eq!(c.sim().config().group_consumer.session_timeout_ms, 60_000);
    let consumer = c.sim().consumers().next().expect("the console consumer");
    assert_eq!(consumer.member.consumer_protocol.heartbeat_interval_ms, 8_000);
}

/// KIP-1030 (Kafka 4.0): `message.timestamp.after.max.ms` defaults to one hour, so a
/// CreateTime more than an hour ahead of the broker's clock is rejected
/// (`LogValidator.validateTimestamp`, `processRecordErrors`: INVALID_TIMESTAMP, "One or
/// more records have been rejected due to invalid timestamp"); the topic can allow it.
#[test]
fn a_create_time_over_an_hour_ahead_is_rejected() {
    let mut c = console();
    run(&mut c, "kafka-topics.sh --bootstrap-server localhost:9092 --create --topic t --partitions 1 --replication-factor 1");
    let now = 1_767_225_600_000i64; // the simulation starts at 2026-01-01T00:00:00Z
    let produce = |c: &mut Console, at: i64| {
        run(
            c,
            &format!(
                "kafka-verifiable-producer.sh --bootstrap-server localhost:9092 --topic t --max-messages 1 --message-create-time {at}"
            ),
        )
        .0
    };
    let out = produce(&mut c, now + 2 * 3_600_000);
    assert!(
        out.contains(r#""exception":"class org.apache.kafka.common.errors.InvalidTimestampException","message":"One or more records have been rejected due to invalid timestamp""#),
        "{out}"
    );
    assert!(produce(&mut c, now + 30 * 60_000).contains("producer_send_success"), "half an hour ahead is fine");
    run(&mut c, "kafka-configs.sh --bootstrap-server localhost:9092 --alter --entity-type topics --entity-name t --add-config message.timestamp.after.max.ms=86400000");
    assert!(produce(&mut c, now + 2 * 3_600_000).contains("producer_send_success"), "the topic allows a day");
}

/// Kafka 4.0: more than 5 requests in flight no longer turns the default idempotence off,
/// it fails the producer's construction (ProducerConfig.postProcessAndValidateIdempotenceConfigs,
/// 4.x; its testUpperboundCheckOfEnableIdempotence).
#[test]
fn more_than_five_in_flight_fails_an_idempotent_producer() {
    let mut c = console();
    run(&mut c, "kafka-topics.sh --bootstrap-server localhost:9092 --create --topic t --partitions 1 --replication-factor 1");
    let (_, err, status) = run(
        &mut c,
        "kafka-console-producer.sh --bootstrap-server localhost:9092 --topic t --command-property max.in.flight.requests.per.connection=6 <<END\nx\nEND",
    );
    assert_eq!(status, 1);
    assert!(
        err.contains("To use the idempotent producer, max.in.flight.requests.per.connection must be set to at most 5. Current value is 6."),
        "{err}"
    );
    let (_, err, status) = run(
        &mut c,
        "kafka-console-producer.sh --bootstrap-server localhost:9092 --topic t --command-property max.in.flight.requests.per.connection=6 --command-property enable.idempotence=false <<END\nx\nEND",
    );
    assert_eq!((status, err.as_str()), (0, ""));
}

/// KIP-1147 (Kafka 4.2): the console tools' renamed options still work under their old
/// names, with a warning on standard output (`ConsoleProducerOptions.checkArgs` prints it
/// with `System.out.println`, beside KIP-1231's warning, apache/kafka#20952; the consumers'
/// "Option --x is deprecated" lines and `ProducerPerformance`'s `--producer-props` line
/// likewise), so a pipe that reads the tool's output sees it; nothing goes to stderr.
#[test]
fn kip_1147_warnings_are_on_standard_output() {
    let mut c = console();
    run(&mut c, "kafka-topics.sh --bootstrap-server localhost:9092 --create --topic t --partitions 1 --replication-factor 1");
    let (out, err, status) = run(
        &mut c,
        "kafka-console-producer.sh --bootstrap-server localhost:9092 --topic t --producer-property acks=1 --property parse.key=true --property key.separator=: <<< k:v",
    );
    assert_eq!((err.as_str(), status), ("", 0), "{out}");
    assert!(out.starts_with("Warning: --producer-property is deprecated and will be removed in a future version. Use --command-property instead.\nWarning: --property is deprecated and will be removed in a future version. Use --reader-property instead.\n"), "{out}");
    let (out, err, _) = run(
        &mut c,
        "kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic t --from-beginning --consumer-property client.id=x --property print.key=true --max-messages 1",
    );
    assert!(out.starts_with("Option --consumer-property is deprecated and will be removed in a future version. Use --command-property instead.\nOption --property is deprecated and will be removed in a future version. Use --formatter-property instead.\n"), "{out}");
    assert!(!err.contains("deprecated"), "{err}");
    let (out, err, _) = run(
        &mut c,
        "kafka-producer-perf-test.sh --topic t --num-records 2 --record-size 10 --throughput -1 --producer-props bootstrap.servers=localhost:9092",
    );
    assert!(
        out.starts_with(
            "Option --producer-props has been deprecated and will be removed in a future version. Use --command-property instead.\n"
        ),
        "{out}"
    );
    assert!(!err.contains("deprecated"), "{err}");
}

/// Stack traces: Kafka's `ApiException`s carry no frames (`fillInStackTrace` returns the
/// exception), so TopicCommand's `LOG.error(Utils.stackTrace(e))` of a broker error is the
/// exception's line, its line break, then the logger's " (class)" on a line of its own;
/// other exceptions (an `IllegalArgumentException` of TopicCommand's own checks, a JVM
/// exception escaping `main`) have frames, which Kafkascope prints as one line,
/// `tools::JAVA_FRAMES`, and `println(Utils.stackTrace(e))` ends with an empty line.
#[test]
fn stack_traces_print_frames_as_one_line_and_api_exceptions_without() {
    use kafkascope::console::tools::JAVA_FRAMES;
    let mut c = console();
    let create = "kafka-topics.sh --bootstrap-server localhost:9092 --create --topic t --partitions 1 --replication-factor 1";
    run(&mut c, create);
    let (out, err, status) = run(&mut c, create);
    assert_eq!((out.as_str(), status), ("Error while executing topic command : Topic 't' already exists.\n", 1));
    assert!(err.ends_with(" ERROR org.apache.kafka.common.errors.TopicExistsException: Topic 't' already exists.\n (org.apache.kafka.tools.TopicCommand)\n"), "{err}");
    assert!(!err.contains(JAVA_FRAMES), "an ApiException has no frames: {err}");
    let (_, err, status) =
        run(&mut c, "kafka-topics.sh --bootstrap-server localhost:9092 --create --topic u --partitions 0 --replication-factor 1");
    assert_eq!(status, 1);
    assert!(
        err.ends_with(&format!(" ERROR java.lang.IllegalArgumentException: The partitions must be greater than 0\n{JAVA_FRAMES}\n (org.apache.kafka.tools.TopicCommand)\n")),
        "{err}"
    );
    let (_, err, status) = run(&mut c, "kafka-topics.sh --bootstrap-server localhost:9092 --list --nope");
    assert_eq!((err, status), (format!("nope is not a recognized option\njoptsimple.UnrecognizedOptionException: nope is not a recognized option\n{JAVA_FRAMES}\n\n"), 1));
}
