//! kafka-console-producer.sh and kafka-console-consumer.sh against Kafka 4.3 (issue 16,
//! section 3): how they fail, their refusals in `ConsoleConsumerOptions`' order, no
//! arguments, `--formatter`, the producer's option flags and unknown bootstrap addresses.
//! Each test names the Kafka source it was checked against; golden `console_failures`
//! shows the same output whole.
#![cfg(not(target_arch = "wasm32"))]

use kafkascope::console::Console;
use kafkascope::engine::{ClusterConfig, Sim};

fn console() -> Console {
    let mut c = Console::new(Sim::new(ClusterConfig::default(), 7));
    run(&mut c, "kafka-topics.sh --bootstrap-server localhost:9092 --create --topic t --partitions 1 --replication-factor 1");
    c
}

/// Runs one line; gives stdout, stderr and the exit status.
fn run(c: &mut Console, line: &str) -> (String, String, i32) {
    let out = c.run_line(line);
    (out.stdout(), out.stderr(), c.last_status())
}

/// `ConsoleConsumerOptions.checkRequiredArgs` (4.0-SNAPSHOT mirror, stored 4.x copy): one
/// of --topic/--include (its message ends in a space), the partition checks, then
/// `--bootstrap-server`; `checkConsumerGroup` after them. Each is `printUsageAndExit`:
/// the message, the usage, exit 1.
#[test]
fn consumer_refusals_in_kafkas_order() {
    let cases = [
        ("--topic t --include t", "Exactly one of --include/--topic is required. \n"),
        ("--bootstrap-server localhost:9092", "Exactly one of --include/--topic is required. \n"),
        ("--include t --partition 0", "The topic is required when partition is specified.\n"),
        ("--topic t --offset 3", "The partition is required when offset is specified.\n"),
        ("--topic t --partition 0 --offset 3 --from-beginning", "Options from-beginning and offset cannot be specified together.\n"),
        // the bootstrap check comes after the others
        ("--topic t --partition 0", "Missing required argument \"[bootstrap-server]\"\n"),
        (
            "--bootstrap-server localhost:9092 --topic t --group g --command-property group.id=h",
            "The group ids provided in different places (directly using '--group', via '--consumer-property', or via '--consumer.config') do not match. Detected group ids: 'g', 'h'\n",
        ),
        ("--bootstrap-server localhost:9092 --topic t --partition 0 --command-property group.id=h", "Options group and partition cannot be specified together.\n"),
        (
            "--bootstrap-server localhost:9092 --topic t --partition 0 --offset x",
            "The provided offset value 'x' is incorrect. Valid values are 'earliest', 'latest', or a non-negative long.\n",
        ),
    ];
    for (args, first) in cases {
        let mut c = console();
        let (out, err, status) = run(&mut c, &format!("kafka-console-consumer.sh {args} --max-messages 1"));
        assert_eq!((out.as_str(), status), ("", 1), "{args}: {err}");
        assert!(err.starts_with(first), "{args}: {err}");
        assert!(err.contains("\nOption "), "{args}: the usage follows: {err}");
    }
}

/// `checkConsumerGroup` lists a `HashSet<String>`: the order of the ids' hash buckets,
/// not the order given (`"g".hashCode()` is 103, bucket 7; `"h"` bucket 8; `"ab"` 3105,
/// bucket 1).
#[test]
fn group_ids_are_listed_in_hash_set_order() {
    let mut c = console();
    let (_, err, _) =
        run(&mut c, "kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic t --group h --command-property group.id=g");
    assert!(err.starts_with("The group ids provided in different places (directly using '--group', via '--consumer-property', or via '--consumer.config') do not match. Detected group ids: 'g', 'h'\n"), "{err}");
    let (_, err, _) =
        run(&mut c, "kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic t --group g --command-property group.id=ab");
    assert!(err.contains("Detected group ids: 'ab', 'g'\n"), "{err}");
    // the same id in two places is one id
    let (_, err, status) = run(
        &mut c,
        "kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic t --group g --command-property group.id=g --timeout-ms 100",
    );
    assert_eq!(status, 0, "the --timeout-ms exit (process() logs the TimeoutException and returns): {err}");
    assert!(!err.contains("Detected group ids"), "{err}");
}

/// `setAutoOffsetResetValue` (ConsoleConsumerOptions, 4.x): a given `auto.offset.reset`
/// other than earliest contradicts --from-beginning; `System.err.println` of the message
/// naming the value given, then `Exit.exit(1)`: no usage, no client.
#[test]
fn from_beginning_against_auto_offset_reset() {
    let mut c = console();
    for v in ["none", "latest"] {
        let (out, err, status) = run(
            &mut c,
            &format!("kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic t --from-beginning --command-property auto.offset.reset={v}"),
        );
        assert_eq!(
            (out.as_str(), err, status),
            ("", format!("Can't simultaneously specify --from-beginning and 'auto.offset.reset={v}', please remove one option\n"), 1)
        );
    }
    assert_eq!(c.sim().consumers().count(), 0);
}

/// `ConsoleProducer.start` (4.0-SNAPSHOT mirror and the stored 4.x copy) catches every
/// `Exception` and calls `e.printStackTrace()`; `ConsoleConsumer.main` logs what `run`
/// throws with `LOG.error("Unknown error when running consumer: ", t)`.
#[test]
fn failures_print_as_the_tools_catch_them() {
    let mut c = console();
    let (_, err, status) =
        run(&mut c, "kafka-console-producer.sh --bootstrap-server localhost:9092 --topic t --command-property acks=2 < /dev/null");
    assert_eq!(status, 1);
    assert!(err.starts_with("org.apache.kafka.common.config.ConfigException: Invalid value 2 for configuration acks"), "{err}");
    let (_, err, status) = run(&mut c, "kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic t --group g --command-property heartbeat.interval.ms=45000 --max-messages 1");
    assert_eq!(status, 1);
    assert_eq!(
        err,
        "[2026-01-01 00:00:00,000] ERROR Unknown error when running consumer:  (org.apache.kafka.tools.consumer.ConsoleConsumer)\n\
         org.apache.kafka.common.KafkaException: Failed to construct kafka consumer\n\
         \t... (stack frames not simulated)\n\
         Caused by: java.lang.IllegalArgumentException: Heartbeat must be set lower than the session timeout\n"
    );
    assert!(!err.contains("Exception in thread"));
}

/// An interactive producer whose reader throws ends, as `start` exits 1 after printing.
#[test]
fn interactive_producer_ends_when_the_reader_throws() {
    let mut c = Console::interactive(Sim::new(ClusterConfig::default(), 7));
    run(&mut c, "kafka-topics.sh --bootstrap-server localhost:9092 --create --topic t --partitions 1 --replication-factor 1");
    run(&mut c, "kafka-console-producer.sh --bootstrap-server localhost:9092 --topic t --reader-property parse.key=true");
    assert!(c.has_foreground());
    let (_, err, status) = run(&mut c, "nokey");
    assert_eq!(
        err,
        "org.apache.kafka.common.KafkaException: No key separator found on line number 1: 'nokey'\n\t... (stack frames not simulated)\n"
    );
    assert_eq!(status, 1);
    assert!(!c.has_foreground());
}

/// `CommandLineUtils.isPrintHelpNeeded` is `args.length == 0 || has(--help)`, and
/// `maybePrintHelpOrVersion` runs first in ConsoleProducerOptions, ConsoleConsumerOptions,
/// ConsoleShareConsumerOptions and ShareGroupCommandOptions: with no arguments they print
/// their description and the usage through `printUsageAndExit` (exit 1).
#[test]
fn no_arguments_print_the_help() {
    for (tool, line) in [
        ("kafka-console-producer.sh", "This tool helps to read data from standard input and publish it to Kafka.\n"),
        ("kafka-console-consumer.sh", "This tool helps to read data from Kafka topics and outputs it to standard output.\n"),
        (
            "kafka-console-share-consumer.sh",
            "This tool helps to read data from Kafka topics using share groups and outputs it to standard output.\n",
        ),
        ("kafka-share-groups.sh", "This tool helps to list, describe, delete and manage the offsets of share groups.\n"),
    ] {
        let mut c = console();
        let (out, err, status) = run(&mut c, tool);
        assert_eq!((out.as_str(), status), ("", 1), "{tool}");
        let (_, help, _) = run(&mut c, &format!("{tool} --help"));
        assert!(err.starts_with(line), "{tool}: {err}");
        assert_eq!(err, help, "{tool}: as --help");
    }
}

/// `ToolsUtils.validateBootstrapServer` (4.0-SNAPSHOT mirror), called by
/// ConsoleProducerOptions.checkArgs after `--topic`: no address, or one without a port,
/// is refused with its message (ending in its own line break) and the usage.
#[test]
fn producer_validates_the_bootstrap_address() {
    for (flags, first) in [
        ("", "Error while validating the bootstrap address\n\n"),
        ("--bootstrap-server ' '", "Error while validating the bootstrap address\n\n"),
        ("--bootstrap-server nonsense", "Please provide valid host:port like host1:9091,host2:9092\n\n"),
        ("--bootstrap-server localhost:9092,kafka", "Please provide valid host:port like host1:9091,host2:9092\n\n"),
    ] {
        let mut c = console();
        let (_, err, status) = run(&mut c, &format!("kafka-console-producer.sh --topic t {flags} < /dev/null"));
        assert_eq!(status, 1, "{flags}");
        assert!(err.starts_with(first) && err.contains("\nOption "), "{flags}: {err}");
    }
    let mut c = console();
    let (_, err, _) = run(&mut c, "kafka-console-producer.sh --bootstrap-server nonsense < /dev/null");
    assert!(err.starts_with("Missing required argument \"[topic]\"\n"), "--topic is checked first: {err}");
}

/// `buildFormatter` (ConsoleConsumerOptions, 4.0-SNAPSHOT mirror and the stored 4.x copy)
/// loads `--formatter` with `Class.forName`, with no mapping of the pre-4.0 names, and
/// answers any failure with `printUsageAndExit(parser, e.getMessage())`: a
/// ClassNotFoundException's message is the class name, a missing `--formatter-config`
/// file's (NoSuchFileException) its path. Both come before any client exists.
#[test]
fn formatter_failures_are_usage_errors() {
    for (flags, first) in [
        ("--formatter kafka.tools.DefaultMessageFormatter", "kafka.tools.DefaultMessageFormatter\n"),
        ("--formatter com.example.Nope", "com.example.Nope\n"),
        ("--formatter-config /no/such.properties", "/no/such.properties\n"),
    ] {
        let mut c = console();
        let (out, err, status) =
            run(&mut c, &format!("kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic t --max-messages 1 {flags}"));
        assert_eq!((out.as_str(), status), ("", 1), "{flags}");
        assert!(err.starts_with(first) && err.contains("\n--formatter-config <String: config"), "{flags}: {err}");
        assert_eq!(c.sim().consumers().count(), 0, "{flags}");
    }
    // the share consumer's options build the formatter the same way
    let mut c = console();
    let (_, err, status) = run(&mut c, "kafka-console-share-consumer.sh --bootstrap-server localhost:9092 --topic t --max-messages 1 --formatter kafka.tools.NoOpMessageFormatter");
    assert_eq!(status, 1);
    assert!(err.starts_with("kafka.tools.NoOpMessageFormatter\n"), "{err}");
}

/// A deserializer that throws (`DefaultMessageFormatter.deserialize`, Kafka 4.x): the tool
/// exits 1 after `main` logs the exception, the failing record counted and committed;
/// `--skip-message-on-error` logs and goes on (exit 0); the share consumer rejects with
/// `--reject-message-on-error`, else exits 1 and gives the records back. Golden
/// `console_deserializers` shows the whole output.
#[test]
fn deserializer_failures_end_the_tool_or_are_skipped() {
    let mut c = console();
    let produce = "kafka-console-producer.sh --bootstrap-server localhost:9092 --topic t";
    c.run_script(&format!("{produce} <<EOF\nabcd\nab\nEOF\n"), "produce.sh");
    let consume = "kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic t --from-beginning --max-messages 2";
    let (stdout, stderr, status) =
        run(&mut c, &format!("{consume} --group g --value-deserializer org.apache.kafka.common.serialization.ShortDeserializer"));
    assert_eq!((stdout.as_str(), status), ("", 1));
    assert!(stderr.starts_with("Processed a total of 1 messages\n"), "{stderr}");
    assert!(stderr.contains("ERROR Unknown error when running consumer:  (org.apache.kafka.tools.consumer.ConsoleConsumer)\norg.apache.kafka.common.errors.SerializationException: Size of data received by ShortDeserializer is not 2"), "{stderr}");
    let (described, _, _) = run(&mut c, "kafka-consumer-groups.sh --bootstrap-server localhost:9092 --describe --group g");
    assert!(
        described.lines().any(|l| l.split_whitespace().take(4).eq(["g", "t", "0", "1"])),
        "the failing record is committed: {described}"
    );

    let (stdout, stderr, status) = run(
        &mut c,
        &format!("{consume} --skip-message-on-error --value-deserializer org.apache.kafka.common.serialization.ShortDeserializer"),
    );
    assert_eq!((stdout.as_str(), status), ("24930\n", 0));
    assert!(stderr.contains("ERROR Error processing message, skipping this message:"), "{stderr}");

    // the share consumer: without --reject-message-on-error the records go back
    let share = "kafka-console-share-consumer.sh --bootstrap-server localhost:9092 --topic t --max-messages 2";
    run(&mut c, "kafka-configs.sh --bootstrap-server localhost:9092 --alter --entity-type groups --entity-name s --add-config share.auto.offset.reset=earliest");
    let (_, stderr, status) =
        run(&mut c, &format!("{share} --group s --value-deserializer org.apache.kafka.common.serialization.ShortDeserializer"));
    assert_eq!(status, 1, "{stderr}");
    let (described, _, _) = run(&mut c, "kafka-share-groups.sh --bootstrap-server localhost:9092 --describe --group s --offsets");
    assert!(described.lines().any(|l| l.split_whitespace().eq(["s", "t", "0", "0", "2"])), "nothing acknowledged: {described}");
    let (stdout, stderr, status) = run(
        &mut c,
        &format!(
            "{share} --group s --reject-message-on-error --value-deserializer org.apache.kafka.common.serialization.ShortDeserializer"
        ),
    );
    assert_eq!((stdout.as_str(), status), ("24930\n", 0), "{stderr}");
    assert!(stderr.contains("ERROR Error processing message, rejecting this message:"), "{stderr}");
    let (described, _, _) = run(&mut c, "kafka-share-groups.sh --bootstrap-server localhost:9092 --describe --group s --offsets");
    assert!(described.lines().any(|l| l.split_whitespace().eq(["s", "t", "0", "2", "0"])), "one rejected, one accepted: {described}");
}
