//! Dynamic broker configs (KIP-226, issue 16): `Command::AlterBrokerConfig` validated as Kafka
//! 4.3's `DynamicBrokerConfig.validateConfigs` and applied as `DynamicLogConfig.reconfigure`
//! does: a topic without its own value takes the new default, a broker's own value counts on
//! the replicas it holds, a topic's own value wins over both (engine/sim/broker_config.rs).
#![allow(clippy::disallowed_methods)] // native only: the one-sort rule (clippy.toml) is for the wasm build
#![cfg(not(target_arch = "wasm32"))]

use kafkascope::engine::{ClusterConfig, Command, ErrorCode, Event, NewRecord, Reply, Sim};

fn kv(k: &str, v: &str) -> (String, String) {
    (k.to_string(), v.to_string())
}

fn alter(s: &mut Sim, broker: Option<i32>, set: &[(&str, &str)], delete: &[&str]) -> Result<Reply, kafkascope::engine::KafkaError> {
    s.apply(Command::AlterBrokerConfig {
        broker,
        set: set.iter().map(|(k, v)| kv(k, v)).collect(),
        delete: delete.iter().map(|k| k.to_string()).collect(),
    })
}

/// Three brokers, retention checked every second; topics `t` (no retention of its own) and
/// `keep` (`retention.ms=-1`), each of one partition on all three brokers, rolling a segment
/// every second, with a record written, then another 5 s later.
fn setup(seed: u64) -> Sim {
    let mut s = Sim::new(ClusterConfig::default(), seed);
    s.apply(Command::SetClusterConfig { name: "log.retention.check.interval.ms".into(), value: "1000".into() }).unwrap();
    for (name, extra) in [("t", None), ("keep", Some(kv("retention.ms", "-1")))] {
        let mut configs = vec![kv("segment.ms", "1000")];
        configs.extend(extra);
        s.apply(Command::CreateTopic { name: name.into(), partitions: Some(1), replication_factor: Some(3), configs }).unwrap();
    }
    let Reply::ProducerCreated(p) = s.apply(Command::CreateProducer { configs: vec![kv("acks", "all")] }).unwrap() else { unreachable!() };
    for round in 0..2 {
        for topic in ["t", "keep"] {
            s.apply(Command::Send { producer: p, topic: topic.into(), partition: Some(0), record: NewRecord::value(format!("r{round}")) })
                .unwrap();
        }
        s.advance(5_000);
    }
    s
}

fn log_starts(s: &Sim, topic: &str) -> Vec<(i32, i64)> {
    s.topic(topic).unwrap().partitions[0].replicas.iter().map(|r| (r.broker, r.log.log_start_offset())).collect()
}

#[test]
fn a_dynamic_retention_default_deletes_old_segments_and_a_topic_override_still_wins() {
    let mut s = setup(1);
    s.advance(40_000); // past log.initial.task.delay.ms: the 7-day default deletes nothing
    assert!(log_starts(&s, "t").iter().all(|(_, start)| *start == 0));
    alter(&mut s, None, &[("log.retention.ms", "3000")], &[]).unwrap();
    assert_eq!(s.topic("t").unwrap().config.retention_ms, 3000, "a topic without its own value takes the default");
    assert_eq!(s.topic("keep").unwrap().config.retention_ms, -1, "a topic's own value wins");
    s.advance(5_000);
    assert!(
        log_starts(&s, "t").iter().all(|(_, start)| *start == 2),
        "every replica of t deleted its old segments: {:?}",
        log_starts(&s, "t")
    );
    assert!(log_starts(&s, "keep").iter().all(|(_, start)| *start == 0), "keep's own retention.ms=-1 keeps everything");
    assert!(s.trace().iter().any(|e| matches!(&e.event, Event::BrokerConfigChanged { broker: None, name, value: Some(v) } if name == "log.retention.ms" && v == "3000")));
    // a topic created now takes the default too; deleting its own value returns to it
    s.apply(Command::CreateTopic {
        name: "later".into(),
        partitions: Some(1),
        replication_factor: Some(1),
        configs: vec![kv("retention.ms", "5")],
    })
    .unwrap();
    s.apply(Command::AlterTopicConfig { topic: "later".into(), set: vec![], delete: vec!["retention.ms".into()] }).unwrap();
    assert_eq!(s.topic("later").unwrap().config.retention_ms, 3000);
    // deleting the default returns every topic to Kafka's default
    alter(&mut s, None, &[], &["log.retention.ms"]).unwrap();
    assert_eq!(s.topic("t").unwrap().config.retention_ms, 604_800_000);
    assert_eq!(s.topic("later").unwrap().config.retention_ms, 604_800_000);
}

#[test]
fn a_brokers_own_value_counts_for_the_replicas_it_holds() {
    let mut s = setup(2);
    let leader = s.topic("t").unwrap().partitions[0].leader.unwrap();
    alter(&mut s, None, &[("log.retention.ms", "3000")], &[]).unwrap();
    alter(&mut s, Some(leader), &[("log.retention.ms", "86400000")], &[]).unwrap();
    // the cluster default is unchanged: a topic's config is the cluster's
    assert_eq!(s.topic("t").unwrap().config.retention_ms, 3000);
    assert_eq!(s.topic_default_config(Some(leader)).retention_ms, 86_400_000);
    s.advance(40_000);
    // the leader's log manager keeps a day; the others (3 s) deleted the old segments
    for (broker, start) in log_starts(&s, "t") {
        assert_eq!(start, if broker == leader { 0 } else { 2 }, "broker {broker} (leader {leader})");
    }
    assert!(s.dynamic_broker_configs(Some(leader)).unwrap().contains_key("log.retention.ms"));
    // deleting a broker's last value removes its entry; its log manager takes the default again
    alter(&mut s, Some(leader), &[], &["log.retention.ms"]).unwrap();
    assert!(s.dynamic_broker_configs(Some(leader)).is_none());
    s.advance(2_000);
    assert!(log_starts(&s, "t").iter().all(|(_, start)| *start == 2), "{:?}", log_starts(&s, "t"));
}

#[test]
fn refusals_leave_the_state_unchanged() {
    let mut s = setup(3);
    alter(&mut s, None, &[("log.retention.ms", "3000")], &[]).unwrap();
    let before = s.state_hash();
    /// (broker, set, delete, the error and its message)
    type Case<'a> = (Option<i32>, &'a [(&'a str, &'a str)], &'a [&'a str], ErrorCode, &'a str);
    let cases: &[Case] = &[
        (
            None,
            &[("log.retention.hours", "1")],
            &[],
            ErrorCode::InvalidRequest,
            "Cannot update these configs dynamically: Set(log.retention.hours)",
        ),
        (
            Some(1),
            &[("num.partitions", "3"), ("log.retention.ms", "1")],
            &[],
            ErrorCode::InvalidRequest,
            "Cannot update these configs dynamically: Set(num.partitions)",
        ),
        (
            None,
            &[("ssl.keystore.type", "PKCS12")],
            &[],
            ErrorCode::InvalidRequest,
            "These security configs can be dynamically updated only per-listener using the listener prefix: Set(ssl.keystore.type)",
        ),
        (
            None,
            &[("ssl.cipher.suites", "A")],
            &[],
            ErrorCode::InvalidRequest,
            "Cannot update these configs at default cluster level, broker id must be specified: Set(ssl.cipher.suites)",
        ),
        (
            None,
            &[("log.retention.ms", "x")],
            &[],
            ErrorCode::InvalidRequest,
            "Invalid value x for configuration log.retention.ms: Not a number of type LONG",
        ),
        (
            None,
            &[("log.segment.bytes", "1000")],
            &[],
            ErrorCode::InvalidRequest,
            "Invalid value 1000 for configuration log.segment.bytes: Value must be at least 1048576",
        ),
        (
            None,
            &[("log.cleaner.min.cleanable.ratio", "2")],
            &[],
            ErrorCode::InvalidRequest,
            "Invalid value 2 for configuration log.cleaner.min.cleanable.ratio: Value must be no more than 1",
        ),
        (
            None,
            &[("min.insync.replicas", "0")],
            &[],
            ErrorCode::InvalidRequest,
            "Invalid value 0 for configuration min.insync.replicas: Value must be at least 1",
        ),
        (None, &[("log.retention.ms", "1")], &["log.retention.ms"], ErrorCode::InvalidRequest, "Error due to duplicate config keys"),
        (
            None,
            &[("group.consumer.assignment.interval.ms", "1.5")],
            &[],
            ErrorCode::InvalidRequest,
            "Invalid value 1.5 for configuration group.consumer.assignment.interval.ms: Not a number of type INT",
        ),
        (
            None,
            &[("group.consumer.assignment.interval.ms", "20000")],
            &[],
            ErrorCode::InvalidRequest,
            "group.consumer.assignment.interval.ms must be less than or equal to group.consumer.max.assignment.interval.ms",
        ),
        (Some(7), &[("log.retention.ms", "1")], &[], ErrorCode::BrokerNotAvailable, "Broker 7 is not running."),
    ];
    for (broker, set, delete, code, message) in cases {
        let e = alter(&mut s, *broker, set, delete).unwrap_err();
        assert_eq!((e.code, e.message.as_str()), (*code, *message));
        assert_eq!(s.state_hash(), before, "{message}: nothing changed");
    }
    // accepted: a negative log.retention.ms means unlimited (KafkaConfig.logRetentionTimeMillis),
    // a name the broker does not know is kept as a custom config, a DELETE of an unset key is a no-op
    alter(&mut s, None, &[("log.retention.ms", "-5"), ("my.team", "blue")], &["log.roll.ms"]).unwrap();
    assert_eq!(s.topic("t").unwrap().config.retention_ms, -1);
    assert_eq!(s.dynamic_broker_configs(None).unwrap().get("my.team").map(String::as_str), Some("blue"));
}

#[test]
fn cluster_settings_take_the_dynamic_default_over_the_static_value() {
    let mut s = Sim::new(ClusterConfig::default(), 4);
    alter(&mut s, None, &[("log.cleaner.backoff.ms", "1000"), ("unclean.leader.election.enable", "TRUE")], &[]).unwrap();
    assert_eq!((s.config().log_cleaner_backoff_ms, s.config().unclean_leader_election_enable), (1000, true));
    // `kafkascope config` (server.properties) changes the static value underneath
    s.apply(Command::SetClusterConfig { name: "log.cleaner.backoff.ms".into(), value: "5000".into() }).unwrap();
    assert_eq!(s.config().log_cleaner_backoff_ms, 1000, "the dynamic default wins over the static value");
    assert_eq!(s.static_config_value("log.cleaner.backoff.ms").as_deref(), Some("5000"));
    let bad = s.apply(Command::SetClusterConfig { name: "log.cleaner.backoff.ms".into(), value: "0".into() }).unwrap_err();
    assert_eq!(bad.code, ErrorCode::InvalidConfig);
    alter(&mut s, None, &[], &["log.cleaner.backoff.ms", "unclean.leader.election.enable"]).unwrap();
    assert_eq!((s.config().log_cleaner_backoff_ms, s.config().unclean_leader_election_enable), (5000, false));
    // a per-broker value of a cluster-wide setting is kept, but the cluster runs the default
    alter(&mut s, Some(1), &[("log.cleaner.backoff.ms", "2000")], &[]).unwrap();
    assert_eq!(s.config().log_cleaner_backoff_ms, 5000);
    // log.cleaner.backoff.ms is atLeast(0) in Kafka: 0 is accepted, and the cleaner timer runs every 1 ms
    alter(&mut s, None, &[("log.cleaner.backoff.ms", "0")], &[]).unwrap();
    assert_eq!(s.config().log_cleaner_backoff_ms, 1);
    alter(&mut s, None, &[], &["log.cleaner.backoff.ms"]).unwrap();
    assert_eq!(s.config().log_cleaner_backoff_ms, 5000);
    // KIP-1263's assignment interval is dynamic in 4.3 (GroupCoordinatorConfig.RECONFIGURABLE_CONFIGS)
    alter(&mut s, None, &[("group.consumer.assignment.interval.ms", "0")], &[]).unwrap();
    assert_eq!(s.config().get("group.consumer.assignment.interval.ms").as_deref(), Some("0"));
}

#[test]
fn a_min_isr_default_change_clears_the_elr_of_topics_without_their_own() {
    let mut s = setup(5);
    alter(&mut s, None, &[("min.insync.replicas", "2")], &[]).unwrap();
    assert_eq!(s.topic("t").unwrap().config.min_insync_replicas, 2);
    assert!(s.topic("t").unwrap().partitions.iter().all(|p| p.elr.is_empty()));
}

/// The same commands give the same history (share links, time travel and the trace replay
/// the command list), and a snapshot taken before an alter restores the old configs.
#[test]
fn dynamic_configs_replay_deterministically_and_rewind() {
    let run = || {
        let mut s = setup(6);
        let snap = s.snapshot();
        alter(&mut s, None, &[("log.retention.ms", "3000"), ("log.cleaner.backoff.ms", "2000")], &[]).unwrap();
        alter(&mut s, Some(3), &[("log.retention.bytes", "10")], &[]).unwrap();
        s.advance(40_000);
        (s, snap)
    };
    let (mut a, snap) = run();
    let (b, _) = run();
    assert_eq!(a.state_hash(), b.state_hash());
    assert_eq!(a.trace_hash(), b.trace_hash());
    a.restore(&snap);
    assert!(a.dynamic_broker_configs(None).unwrap().is_empty());
    assert_eq!(a.topic("t").unwrap().config.retention_ms, 604_800_000);
    assert_eq!(a.config().log_cleaner_backoff_ms, 15_000);
}

/// A broker's own log configs count where its log is written: as leader, the message size
/// check (`LogValidator` with the leader's `max.message.bytes`); the cluster default is untouched.
#[test]
fn a_brokers_own_message_max_bytes_counts_at_the_leader() {
    let mut s = setup(7);
    let leader = s.topic("t").unwrap().partitions[0].leader.unwrap();
    let other = (1..=3).find(|b| *b != leader).unwrap();
    let Reply::ProducerCreated(p) = s.apply(Command::CreateProducer { configs: vec![kv("acks", "all")] }).unwrap() else { unreachable!() };
    let failed = |s: &Sim| {
        s.trace()
            .iter()
            .filter(|e| matches!(&e.event, Event::ProduceFailed { error: ErrorCode::MessageTooLarge, producer, .. } if *producer == p))
            .count()
    };
    // another broker's own limit does not matter to t's leader
    alter(&mut s, Some(other), &[("message.max.bytes", "100")], &[]).unwrap();
    s.apply(Command::Send { producer: p, topic: "t".into(), partition: Some(0), record: NewRecord::value("x".repeat(300)) }).unwrap();
    s.advance(1_000);
    assert_eq!(failed(&s), 0);
    alter(&mut s, Some(leader), &[("message.max.bytes", "100")], &[]).unwrap();
    assert_eq!(s.topic("t").unwrap().config.max_message_bytes, 1_048_588, "the cluster's config is unchanged");
    s.apply(Command::Send { producer: p, topic: "t".into(), partition: Some(0), record: NewRecord::value("x".repeat(300)) }).unwrap();
    s.advance(1_000);
    assert_eq!(failed(&s), 1, "the leader refuses a batch above its own message.max.bytes");
}

/// A session that alters dynamic broker configs round-trips through its share link to the
/// identical state, and stepping back before an alter undoes it (time travel replays the
/// recorded command lines).
#[test]
fn a_session_with_dynamic_broker_configs_round_trips_and_steps_back() {
    use kafkascope::classroom::share::{fresh_console, replay, SessionRecord};
    use kafkascope::console::session::Session;
    const B: &str = "--bootstrap-server localhost:9092";
    let mut s = Session::new(fresh_console(11));
    s.run_line(&format!("kafka-topics.sh {B} --create --topic t --replication-factor 3 --config segment.ms=1000"));
    s.run_line(&format!("kafka-configs.sh {B} --alter --entity-type brokers --entity-default --add-config log.retention.ms=2000"));
    s.run_line(&format!("kafka-configs.sh {B} --alter --broker 2 --add-config log.retention.ms=90000"));
    s.advance(5_000);
    assert_eq!(s.console().sim().topic("t").unwrap().config.retention_ms, 2000);
    let record = SessionRecord::of(&s);
    let parsed = SessionRecord::from_text(&record.to_text()).expect("its own text parses");
    let rebuilt = replay(&parsed).expect("its own record replays");
    assert_eq!(rebuilt.console().sim().state_hash(), s.console().sim().state_hash());
    assert_eq!(rebuilt.console().sim().dynamic_broker_configs(Some(2)), s.console().sim().dynamic_broker_configs(Some(2)));
    while s.console().sim().dynamic_broker_configs(None).is_some_and(|m| !m.is_empty()) {
        assert!(s.step_back(), "stepping back reaches the time before the alter");
    }
    assert_eq!(s.console().sim().topic("t").unwrap().config.retention_ms, 604_800_000);
}
