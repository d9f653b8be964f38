//! Client configs as Kafka 4.3's `ProducerConfig` / `ConsumerConfig` take them: a name the
//! client does not define is ignored (`AbstractConfig.logUnused` only mentions it at INFO);
//! a config it defines but the simulation does not act on is still checked by its
//! `ConfigDef` type and validator; `partitioner.class` and `partition.assignment.strategy`
//! take class names.

use kafkascope::engine::*;

fn kv(k: &str, v: &str) -> (String, String) {
    (k.to_string(), v.to_string())
}

fn producer(s: &mut Sim, configs: &[(&str, &str)]) -> KafkaResult<u32> {
    match s.apply(Command::CreateProducer { configs: configs.iter().map(|(k, v)| kv(k, v)).collect() })? {
        Reply::ProducerCreated(p) => Ok(p),
        r => panic!("{r:?}"),
    }
}

fn consumer(s: &mut Sim, configs: &[(&str, &str)]) -> KafkaResult<u32> {
    match s.apply(Command::CreateConsumer { configs: configs.iter().map(|(k, v)| kv(k, v)).collect() })? {
        Reply::ConsumerCreated(c) => Ok(c),
        r => panic!("{r:?}"),
    }
}

#[test]
fn names_the_client_does_not_define_are_ignored() {
    let mut s = Sim::new(ClusterConfig::default(), 1);
    producer(&mut s, &[("lingr.ms", "5"), ("some.plugin.setting", "x"), ("sasl.mechanism", "PLAIN")]).unwrap();
    consumer(&mut s, &[("group.id", "g"), ("no.such.thing", "1")]).unwrap();
}

#[test]
fn unmodelled_configs_are_checked_as_config_def_checks_them() {
    let mut s = Sim::new(ClusterConfig::default(), 1);
    let before = s.state_hash();
    for (name, value, why) in [
        ("max.block.ms", "abc", "Not a number of type LONG"),
        ("buffer.memory", "-5", "Value must be at least 0"),
        ("compression.type", "bogus", "String must be one of: none, gzip, snappy, lz4, zstd"),
        ("metadata.max.idle.ms", "10", "Value must be at least 5000"),
        ("security.protocol", "TLS", "String must be one of (case insensitive): PLAINTEXT, SSL, SASL_PLAINTEXT, SASL_SSL"),
        ("key.serializer", "com.example.Mine", "Class com.example.Mine could not be found."),
        (
            "partitioner.class",
            "org.apache.kafka.clients.producer.UniformStickyPartitioner",
            "Class org.apache.kafka.clients.producer.UniformStickyPartitioner could not be found.",
        ),
    ] {
        let e = producer(&mut s, &[(name, value)]).unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidConfig);
        assert_eq!(e.message, format!("Invalid value {value} for configuration {name}: {why}"));
    }
    let e = consumer(&mut s, &[("max.partition.fetch.bytes", "-1")]).unwrap_err();
    assert_eq!(e.message, "Invalid value -1 for configuration max.partition.fetch.bytes: Value must be at least 0");
    let e = consumer(&mut s, &[("allow.auto.create.topics", "maybe")]).unwrap_err();
    assert_eq!(e.message, "Invalid value maybe for configuration allow.auto.create.topics: Expected value to be either true or false");
    assert_eq!(s.state_hash(), before, "no client was created");
    producer(&mut s, &[("compression.type", "zstd"), ("max.block.ms", "3000"), ("security.protocol", "plaintext")]).unwrap();
}

#[test]
fn assignors_are_named_by_class() {
    let mut s = Sim::new(ClusterConfig::default(), 1);
    let e = consumer(&mut s, &[("group.id", "g"), ("partition.assignment.strategy", "range")]).unwrap_err();
    assert_eq!(e.code, ErrorCode::ClientConstructionFailed);
    assert_eq!(e.message, "org.apache.kafka.common.KafkaException: range ClassNotFoundException exception occurred");
    consumer(&mut s, &[("group.id", "g"), ("partition.assignment.strategy", "org.apache.kafka.clients.consumer.RoundRobinAssignor")])
        .unwrap();
    // the consumer protocol refuses the setting before any class is loaded
    let e = consumer(&mut s, &[("group.id", "g"), ("group.protocol", "consumer"), ("partition.assignment.strategy", "range")]).unwrap_err();
    assert!(e.message.contains("partition.assignment.strategy cannot be set when group.protocol=CONSUMER"), "{}", e.message);
}

#[test]
fn the_round_robin_partitioner_ignores_keys_and_takes_partitions_in_turn() {
    let mut s = Sim::new(ClusterConfig::default(), 1);
    s.apply(Command::CreateTopic { name: "t".into(), partitions: Some(3), replication_factor: Some(1), configs: vec![] }).unwrap();
    // six records with one key; the records per partition after them
    let send_six = |s: &mut Sim, configs: &[(&str, &str)]| -> Vec<i64> {
        let p = producer(s, configs).unwrap();
        for i in 0..6 {
            let record = NewRecord::keyed("same-key", format!("v{i}"));
            s.apply(Command::Send { producer: p, topic: "t".into(), partition: None, record }).unwrap();
        }
        s.apply(Command::Flush { producer: p }).unwrap();
        s.advance(1_000);
        s.topic("t").unwrap().partitions.iter().map(|p| p.high_watermark()).collect()
    };
    let counts = send_six(&mut s, &[("partitioner.class", "org.apache.kafka.clients.producer.RoundRobinPartitioner"), ("linger.ms", "0")]);
    assert_eq!(counts, vec![2, 2, 2], "one key, spread over every partition in turn");
    // the built-in partitioner keeps a key on one partition
    let after = send_six(&mut s, &[("linger.ms", "0")]);
    assert_eq!(after.iter().zip(&counts).filter(|(a, c)| a != c).count(), 1, "{after:?}");
}
