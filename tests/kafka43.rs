//! Apache Kafka 4.3 as the reference (issue 16, section 1): the tools' `--version`, what
//! Kafka 4.0–4.3 removed (refused) and deprecated (accepted with Kafka's warning), 4.0's
//! defaults and validations, Eligible Leader Replicas (KIP-966) and KIP-848 as released.
//! Each test names the Kafka source it was checked against.

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
    for tool in [
        "kafka-topics.sh",
        "kafka-configs.sh",
        "kafka-console-producer.sh",
        "kafka-console-consumer.sh",
        "kafka-consumer-groups.sh",
        "kafka-get-offsets.sh",
        "kafka-leader-election.sh",
        "kafka-consumer-perf-test.sh",
    ] {
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
}

/// KIP-848 as released in 4.x: under `group.protocol=consumer` the client refuses the
/// classic protocol's own settings (`ConsumerConfig.checkGroupRemoteAssignor` and
/// `checkUnsupportedConfigsPostProcess`, clients 4.x), and `kafka-configs.sh
/// --delete-config` of a key that is not set is a no-op in 4.3 (ConfigCommand's
/// incrementalAlterConfigs DELETE of an absent key succeeds).
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
