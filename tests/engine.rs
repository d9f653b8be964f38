//! Native integration tests of the engine: topics, producing, replication, retention,
//! compaction, fetching, determinism. Vectors come from Kafka's own tests where the
//! reference (shared/reference/kafka-semantics.md) lists them.
#![cfg(not(target_arch = "wasm32"))]

use kafkascope::engine::partitioner::partition_for_key;
use kafkascope::engine::*;

fn sim() -> Sim {
    Sim::new(ClusterConfig::default(), 1)
}

fn create(sim: &mut Sim, name: &str, partitions: i32, rf: i32, configs: &[(&str, &str)]) {
    sim.apply(Command::CreateTopic {
        name: name.into(),
        partitions: Some(partitions),
        replication_factor: Some(rf),
        configs: configs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect(),
    })
    .unwrap();
}

fn producer(sim: &mut Sim, configs: &[(&str, &str)]) -> ProducerId {
    match sim.apply(Command::CreateProducer { configs: configs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect() }).unwrap() {
        Reply::ProducerCreated(id) => id,
        r => panic!("{r:?}"),
    }
}

fn send(sim: &mut Sim, p: ProducerId, topic: &str, partition: Option<u32>, rec: NewRecord) -> u32 {
    match sim.apply(Command::Send { producer: p, topic: topic.into(), partition, record: rec }).unwrap() {
        Reply::Queued { partition } => partition,
        r => panic!("{r:?}"),
    }
}

fn acked(sim: &Sim) -> Vec<(u32, i64, i64)> {
    sim.trace()
        .iter()
        .filter_map(|e| match &e.event {
            Event::ProduceAcked { partition, first_offset, last_offset, .. } => Some((*partition, *first_offset, *last_offset)),
            _ => None,
        })
        .collect()
}

fn consumer(sim: &mut Sim, reset: &str, parts: &[(&str, u32)]) -> u32 {
    let id = match sim.apply(Command::CreateConsumer { configs: vec![("auto.offset.reset".into(), reset.into())] }).unwrap() {
        Reply::ConsumerCreated(id) => id,
        r => panic!("{r:?}"),
    };
    sim.apply(Command::Assign { consumer: id, partitions: parts.iter().map(|(t, p)| (t.to_string(), *p)).collect() }).unwrap();
    id
}

fn poll(sim: &mut Sim, c: u32) -> Vec<ConsumerRecord> {
    match sim.apply(Command::Poll { consumer: c }).unwrap() {
        Reply::Records(r) => r,
        r => panic!("{r:?}"),
    }
}

#[test]
fn topic_creation_errors_match_kafka_and_change_nothing() {
    let mut s = sim();
    create(&mut s, "x_y", 1, 1, &[]);
    let before = s.state_hash();
    let cases: Vec<(Command, ErrorCode, &str)> = vec![
        (Command::CreateTopic { name: "x_y".into(), partitions: None, replication_factor: None, configs: vec![] }, ErrorCode::TopicAlreadyExists, "Topic 'x_y' already exists."),
        (Command::CreateTopic { name: "x.y".into(), partitions: None, replication_factor: None, configs: vec![] }, ErrorCode::InvalidTopicException, "Topic 'x.y' collides with existing topic: x_y"),
        (Command::CreateTopic { name: "a b".into(), partitions: None, replication_factor: None, configs: vec![] }, ErrorCode::InvalidTopicException, "Topic name is invalid: 'a b' contains one or more characters other than ASCII alphanumerics, '.', '_' and '-'"),
        (Command::CreateTopic { name: "t".into(), partitions: Some(0), replication_factor: None, configs: vec![] }, ErrorCode::InvalidPartitions, "Number of partitions was set to an invalid non-positive value."),
        (Command::CreateTopic { name: "t".into(), partitions: Some(1), replication_factor: Some(0), configs: vec![] }, ErrorCode::InvalidReplicationFactor, "Replication factor must be larger than 0, or -1 to use the default value."),
        (
            Command::CreateTopic { name: "t".into(), partitions: Some(1), replication_factor: Some(4), configs: vec![] },
            ErrorCode::InvalidReplicationFactor,
            "Unable to replicate the partition 4 time(s): The target replication factor of 4 cannot be reached because only 3 broker(s) are registered.",
        ),
        (Command::CreateTopic { name: "t".into(), partitions: Some(1), replication_factor: Some(1), configs: vec![("retention.ms".into(), "abc".into())] }, ErrorCode::InvalidConfig, "Invalid value abc for configuration retention.ms: Not a number of type LONG"),
        (Command::CreateTopic { name: "t".into(), partitions: Some(1), replication_factor: Some(1), configs: vec![("retention.ms".into(), "-2".into())] }, ErrorCode::InvalidConfig, "Invalid value -2 for configuration retention.ms: Value must be at least -1"),
        (Command::CreateTopic { name: "t".into(), partitions: Some(1), replication_factor: Some(1), configs: vec![("cleanup.policy".into(), "compress".into())] }, ErrorCode::InvalidConfig, "Invalid value compress for configuration cleanup.policy: String must be one of: compact, delete"),
        (Command::CreateTopic { name: "t".into(), partitions: Some(1), replication_factor: Some(1), configs: vec![("no.such".into(), "1".into())] }, ErrorCode::InvalidConfig, "Unknown topic config name: no.such"),
        (Command::CreatePartitions { topic: "x_y".into(), count: 1 }, ErrorCode::InvalidPartitions, "Topic already has 1 partition(s)."),
        (Command::CreatePartitions { topic: "nope".into(), count: 3 }, ErrorCode::UnknownTopicOrPartition, "Topic 'nope' does not exist."),
    ];
    for (cmd, code, msg) in cases {
        let e = s.apply(cmd.clone()).unwrap_err();
        assert_eq!((e.code, e.message.as_str()), (code, msg), "{cmd:?}");
        assert_eq!(s.state_hash(), before, "{cmd:?} changed the state");
    }
    s.apply(Command::CreatePartitions { topic: "x_y".into(), count: 3 }).unwrap();
    let e = s.apply(Command::CreatePartitions { topic: "x_y".into(), count: 2 }).unwrap_err();
    assert_eq!(e.message, "The topic x_y currently has 3 partition(s); 2 would not be an increase.");
}

#[test]
fn acks_all_on_three_replicas_commits_everywhere_and_reads_in_order() {
    let mut s = sim();
    create(&mut s, "orders", 3, 3, &[("min.insync.replicas", "2")]);
    let p = producer(&mut s, &[]);
    for i in 0..60 {
        send(&mut s, p, "orders", None, NewRecord::keyed(format!("user-{}", i % 7), format!("order {i}")));
    }
    s.advance(1_000);
    let acks = acked(&s);
    assert_eq!(acks.iter().map(|(_, f, l)| l - f + 1).sum::<i64>(), 60, "every record acknowledged");
    let t = s.topic("orders").unwrap();
    for part in &t.partitions {
        let leo = part.log_end_offset();
        assert_eq!(part.high_watermark(), leo);
        assert_eq!(part.isr.len(), 3);
        for r in &part.replicas {
            assert_eq!(r.log.log_end_offset(), leo, "replica on broker {} caught up", r.broker);
            assert_eq!(r.high_watermark, leo);
        }
    }
    // keys land where murmur2 says, and each key's records stay in order
    let c = consumer(&mut s, "earliest", &[("orders", 0), ("orders", 1), ("orders", 2)]);
    let recs = poll(&mut s, c);
    assert_eq!(recs.len(), 60);
    for r in &recs {
        assert_eq!(r.partition, partition_for_key(r.record.key.as_ref().unwrap(), 3));
    }
    for k in 0..7 {
        let key = format!("user-{k}");
        let seq: Vec<usize> = recs
            .iter()
            .filter(|r| r.record.key.as_deref() == Some(key.as_bytes()))
            .map(|r| String::from_utf8_lossy(r.record.value.as_ref().unwrap())[6..].parse().unwrap())
            .collect();
        assert!(seq.windows(2).all(|w| w[0] < w[1]), "{key} in order: {seq:?}");
    }
    assert!(poll(&mut s, c).is_empty(), "a fetch at the high watermark is empty");
}

#[test]
fn null_keys_stick_to_one_partition_until_batch_size() {
    let mut s = sim();
    create(&mut s, "logs", 6, 1, &[]);
    let p = producer(&mut s, &[("linger.ms", "10")]);
    let parts: Vec<u32> = (0..40).map(|i| send(&mut s, p, "logs", None, NewRecord::value(format!("line {i}")))).collect();
    assert!(parts.iter().all(|x| *x == parts[0]), "sticky below batch.size: {parts:?}");
    // 100-byte values: ~110 bytes each, so the partition switches after ~149 records
    let big: Vec<u32> = (0..400).map(|_| send(&mut s, p, "logs", None, NewRecord::value(vec![b'x'; 100]))).collect();
    let switches = big.windows(2).filter(|w| w[0] != w[1]).count();
    assert!((1..=3).contains(&switches), "switches after batch.size bytes, not per record: {switches}");
}

#[test]
fn explicit_partition_out_of_range_is_rejected() {
    let mut s = sim();
    create(&mut s, "t", 2, 1, &[]);
    let p = producer(&mut s, &[]);
    let before = s.state_hash();
    let e = s.apply(Command::Send { producer: p, topic: "t".into(), partition: Some(5), record: NewRecord::value("x") }).unwrap_err();
    assert_eq!(e.message, "Invalid partition given with record: 5 is not in the range [0...2).");
    assert_eq!(s.state_hash(), before);
}

#[test]
fn retention_bytes_deletes_whole_old_segments_and_moves_log_start() {
    let mut s = sim();
    // 1 MiB segments (the smallest Kafka 4 allows), keep about 3 MiB
    create(&mut s, "r", 1, 1, &[("segment.bytes", "1048576"), ("retention.bytes", "3145728")]);
    s.apply(Command::SetClusterConfig { name: "log.retention.check.interval.ms".into(), value: "1000".into() }).unwrap();
    let p = producer(&mut s, &[]);
    // 60 KB records: 170 of them make about 10 MiB
    for i in 0..170 {
        send(&mut s, p, "r", None, NewRecord::value(format!("{i:0>60000}")));
        s.advance(10);
    }
    // the first check waits for log.initial.task.delay.ms (30 s after start), then every second
    s.advance(30_000);
    let part = &s.topic("r").unwrap().partitions[0];
    let leader = part.leader_replica().unwrap();
    assert!(leader.log.size() <= 3_145_728 + 1_048_576, "size {} within retention plus one segment", leader.log.size());
    assert!(part.log_start_offset() > 0);
    assert_eq!(part.log_start_offset(), leader.log.segments()[0].base_offset(), "log start = first segment's base");
    let deleted: Vec<_> = s.trace().iter().filter(|e| matches!(e.event, Event::SegmentDeleted { .. })).collect();
    assert!(!deleted.is_empty());
    // a consumer positioned before the log start is reset by auto.offset.reset
    let c = consumer(&mut s, "earliest", &[("r", 0)]);
    s.apply(Command::Seek { consumer: c, topic: "r".into(), partition: 0, offset: 0 }).unwrap();
    let recs = poll(&mut s, c);
    assert_eq!(recs[0].record.offset, s.topic("r").unwrap().partitions[0].log_start_offset());
    assert!(s.trace().iter().any(|e| matches!(e.event, Event::OffsetReset { from_offset: 0, .. })));
    // with auto.offset.reset=none the same position is OFFSET_OUT_OF_RANGE
    let c2 = consumer(&mut s, "none", &[("r", 0)]);
    s.apply(Command::Seek { consumer: c2, topic: "r".into(), partition: 0, offset: 0 }).unwrap();
    let e = s.apply(Command::Poll { consumer: c2 }).unwrap_err();
    assert_eq!(e.code, ErrorCode::OffsetOutOfRange);
    let c3 = consumer(&mut s, "none", &[("r", 0)]);
    assert_eq!(s.apply(Command::Poll { consumer: c3 }).unwrap_err().code, ErrorCode::NoOffsetForPartition);
}

#[test]
fn retention_ms_expiring_every_segment_rolls_then_deletes() {
    let mut s = sim();
    create(&mut s, "t", 1, 1, &[("retention.ms", "60000")]);
    let p = producer(&mut s, &[]);
    for i in 0..10 {
        send(&mut s, p, "t", None, NewRecord::value(format!("v{i}")));
    }
    s.advance(1_000);
    assert_eq!(s.topic("t").unwrap().partitions[0].log_end_offset(), 10);
    // the first check (30 s after start, log.initial.task.delay.ms) finds nothing older
    // than 60 s; the next, 300 s later (log.retention.check.interval.ms), finds them all
    s.advance(300_000);
    assert_eq!(s.topic("t").unwrap().partitions[0].log_start_offset(), 0, "not yet: checks at 30 s and 330 s");
    s.advance(30_000);
    let part = &s.topic("t").unwrap().partitions[0];
    let log = &part.leader_replica().unwrap().log;
    assert_eq!(log.log_start_offset(), 10, "log start jumps to the LEO");
    assert_eq!(log.log_end_offset(), 10);
    assert_eq!(log.segments().len(), 1, "one empty active segment remains");
    assert_eq!(log.segments()[0].base_offset(), 10);
    assert!(s
        .trace()
        .iter()
        .any(|e| matches!(&e.event, Event::SegmentDeleted { segment, .. } if segment.base_offset == 0 && segment.next_offset == 10)));
}

#[test]
fn retention_never_deletes_above_the_high_watermark() {
    let mut s = sim();
    create(&mut s, "t", 1, 3, &[("retention.ms", "1000"), ("segment.ms", "1")]);
    let p = producer(&mut s, &[("acks", "1")]);
    // both followers crash: the leader keeps records it cannot commit (acks=1)
    s.apply(Command::StopBroker { broker: followers(&s, "t")[0], clean: false }).unwrap();
    s.apply(Command::StopBroker { broker: followers(&s, "t")[1], clean: false }).unwrap();
    for i in 0..20 {
        send(&mut s, p, "t", None, NewRecord::value(format!("value-{i}")));
        s.advance(5);
    }
    s.advance(301_000);
    let part = &s.topic("t").unwrap().partitions[0];
    let leader = part.leader_replica().unwrap();
    // the ISR shrank to the leader at fencing, so the HW caught up with what was written after
    assert!(leader.log.log_start_offset() <= leader.high_watermark);
}

fn followers(s: &Sim, topic: &str) -> Vec<i32> {
    let p = &s.topic(topic).unwrap().partitions[0];
    p.replica_ids().into_iter().filter(|b| Some(*b) != p.leader).collect()
}

/// Topic `t` (one partition, two replicas, `configs`) whose follower stopped, then its
/// leader: offline, with the ISR the stopped leader alone. Then the follower, out of
/// sync, starts again. Returns (leader, follower).
fn offline_with_stale_follower_running(s: &mut Sim, configs: &[(&str, &str)]) -> (i32, i32) {
    create(s, "t", 1, 2, configs);
    let leader = s.topic("t").unwrap().partitions[0].leader.unwrap();
    let follower = followers(s, "t")[0];
    s.apply(Command::StopBroker { broker: follower, clean: true }).unwrap();
    s.apply(Command::StopBroker { broker: leader, clean: true }).unwrap();
    assert_eq!(s.topic("t").unwrap().partitions[0].leader, None);
    s.apply(Command::StartBroker { broker: follower }).unwrap();
    (leader, follower)
}

#[test]
fn compaction_keeps_the_latest_value_per_key_and_drops_tombstones_later() {
    let mut s = sim();
    create(
        &mut s,
        "c",
        1,
        1,
        &[("cleanup.policy", "compact"), ("segment.ms", "3"), ("delete.retention.ms", "100000"), ("min.cleanable.dirty.ratio", "0.01")],
    );
    let p = producer(&mut s, &[]);
    for round in 0..5 {
        for k in 0..4 {
            send(&mut s, p, "c", None, NewRecord::keyed(format!("k{k}"), format!("r{round}")));
            s.advance(1);
        }
    }
    send(&mut s, p, "c", None, NewRecord::tombstone("k0"));
    s.advance(1);
    for i in 0..10 {
        send(&mut s, p, "c", None, NewRecord::keyed("filler", format!("{i}")));
        s.advance(1);
    }
    s.advance(16_000); // the cleaner runs every 15 s
    assert!(s.trace().iter().any(|e| matches!(e.event, Event::LogCompacted { .. })));
    let c = consumer(&mut s, "earliest", &[("c", 0)]);
    let recs = poll(&mut s, c);
    for k in 1..4 {
        let key = format!("k{k}");
        let vals: Vec<_> = recs.iter().filter(|r| r.record.key.as_deref() == Some(key.as_bytes())).collect();
        assert_eq!(vals.len(), 1, "{key} compacted to one record");
        assert_eq!(vals[0].record.value.as_deref(), Some(&b"r4"[..]));
    }
    let k0: Vec<_> = recs.iter().filter(|r| r.record.key.as_deref() == Some(&b"k0"[..])).collect();
    assert_eq!(k0.len(), 1, "the tombstone survives its first cleaning");
    assert!(k0[0].record.value.is_none());
    let offsets: Vec<i64> = recs.iter().map(|r| r.record.offset).collect();
    assert!(offsets.windows(2).all(|w| w[0] < w[1]), "offsets still increase, with gaps");
    // past delete.retention.ms, with nothing new to clean, the cleaner leaves the log
    // alone (LogCleanerManager.grabFilthiestCompactedLog), so the tombstone stays
    let cleanings = |s: &Sim| s.trace().iter().filter(|e| matches!(e.event, Event::LogCompacted { .. })).count();
    let before = cleanings(&s);
    s.advance(120_000);
    assert_eq!(cleanings(&s), before, "no dirty data: no cleaning");
    let c = consumer(&mut s, "earliest", &[("c", 0)]);
    let recs = poll(&mut s, c);
    assert!(recs.iter().any(|r| r.record.key.as_deref() == Some(&b"k0"[..])), "an expired tombstone does not go on its own");
    // new writes make the log dirty again; the next cleaning drops the tombstone
    for i in 0..10 {
        send(&mut s, p, "c", None, NewRecord::keyed("filler", format!("again {i}")));
        s.advance(1);
    }
    s.advance(16_000);
    assert!(cleanings(&s) > before);
    let c = consumer(&mut s, "earliest", &[("c", 0)]);
    let recs = poll(&mut s, c);
    assert!(!recs.iter().any(|r| r.record.key.as_deref() == Some(&b"k0"[..])), "tombstone removed by the next cleaning");
}

/// `min.compaction.lag.ms`: the cleaner leaves segments holding a record younger than
/// the lag (`LogCleanerManager.cleanableOffsets`).
#[test]
fn min_compaction_lag_keeps_young_segments_uncleaned() {
    let mut s = sim();
    let cfg =
        [("cleanup.policy", "compact"), ("segment.ms", "3"), ("min.cleanable.dirty.ratio", "0.01"), ("min.compaction.lag.ms", "60000")];
    create(&mut s, "c", 1, 1, &cfg);
    let p = producer(&mut s, &[]);
    for round in 0..4 {
        for k in 0..3 {
            send(&mut s, p, "c", None, NewRecord::keyed(format!("k{k}"), format!("r{round}")));
            s.advance(1);
        }
    }
    let compacted = |s: &Sim| s.trace().iter().any(|e| matches!(e.event, Event::LogCompacted { .. }));
    s.advance(45_000);
    assert!(!compacted(&s), "every segment is younger than min.compaction.lag.ms");
    s.advance(30_000);
    assert!(compacted(&s), "a minute later the cleaner may clean them");
    let c = consumer(&mut s, "earliest", &[("c", 0)]);
    let recs = poll(&mut s, c);
    let k0 = recs.iter().filter(|r| r.record.key.as_deref() == Some(&b"k0"[..])).count();
    assert!(k0 < 4, "k0 was compacted: {k0} left");
}

/// `max.compaction.lag.ms` forces a cleaning below `min.cleanable.dirty.ratio`, and on a
/// compacted topic rolls the active segment after that long (`LogConfig.maxSegmentMs`).
#[test]
fn max_compaction_lag_forces_a_cleaning_below_the_dirty_ratio() {
    let mut s = sim();
    // a ratio can never pass 1: only max.compaction.lag.ms can make the cleaner run
    let cfg = [("cleanup.policy", "compact"), ("min.cleanable.dirty.ratio", "1"), ("max.compaction.lag.ms", "30000")];
    create(&mut s, "c", 1, 1, &cfg);
    let p = producer(&mut s, &[]);
    for round in 0..3 {
        send(&mut s, p, "c", None, NewRecord::keyed("k", format!("r{round}")));
        s.advance(1);
    }
    let compacted = |s: &Sim| s.trace().iter().any(|e| matches!(e.event, Event::LogCompacted { .. }));
    s.advance(35_000);
    assert!(!compacted(&s), "the active segment is never cleaned");
    // the next record rolls the active segment: it is older than max.compaction.lag.ms
    // although far below segment.ms
    send(&mut s, p, "c", None, NewRecord::keyed("k", "r3"));
    s.advance(16_000);
    assert!(compacted(&s), "max.compaction.lag.ms passed: cleaned whatever the ratio");
    let c = consumer(&mut s, "earliest", &[("c", 0)]);
    let recs = poll(&mut s, c);
    let values: Vec<_> = recs.iter().map(|r| r.record.value.clone().unwrap_or_default()).collect();
    assert_eq!(values, vec![b"r2".to_vec(), b"r3".to_vec()], "the rolled segment kept its newest record, the active one is untouched");
}

#[test]
fn compaction_lag_configs_are_validated_together() {
    let mut s = sim();
    let err = s
        .apply(Command::CreateTopic {
            name: "c".into(),
            partitions: Some(1),
            replication_factor: Some(1),
            configs: vec![("min.compaction.lag.ms".into(), "5000".into()), ("max.compaction.lag.ms".into(), "1000".into())],
        })
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidConfig);
    assert_eq!(err.message, "conflict topic config setting min.compaction.lag.ms (5000) > max.compaction.lag.ms (1000)");
    let err = s
        .apply(Command::CreateTopic {
            name: "c".into(),
            partitions: Some(1),
            replication_factor: Some(1),
            configs: vec![("max.compaction.lag.ms".into(), "0".into())],
        })
        .unwrap_err();
    assert_eq!(err.message, "Invalid value 0 for configuration max.compaction.lag.ms: Value must be at least 1");
}

#[test]
fn compacted_topics_reject_null_keys() {
    let mut s = sim();
    create(&mut s, "c", 1, 1, &[("cleanup.policy", "compact")]);
    let p = producer(&mut s, &[]);
    send(&mut s, p, "c", None, NewRecord::value("no key"));
    s.advance(100);
    assert!(s.trace().iter().any(|e| matches!(&e.event, Event::ProduceFailed { error: ErrorCode::InvalidRecord, .. })));
}

#[test]
fn a_crashed_leader_is_replaced_from_the_isr_after_the_session_timeout() {
    let mut s = sim();
    create(&mut s, "t", 1, 3, &[("min.insync.replicas", "2")]);
    let p = producer(&mut s, &[]);
    send(&mut s, p, "t", None, NewRecord::value("before"));
    s.advance(100);
    let old_leader = s.topic("t").unwrap().partitions[0].leader.unwrap();
    s.apply(Command::StopBroker { broker: old_leader, clean: false }).unwrap();
    s.advance(8_000);
    assert_eq!(s.topic("t").unwrap().partitions[0].leader, Some(old_leader), "not fenced yet");
    s.advance(2_000);
    let part = &s.topic("t").unwrap().partitions[0];
    assert_ne!(part.leader, Some(old_leader));
    assert!(part.leader.is_some());
    assert_eq!(part.isr.len(), 2);
    send(&mut s, p, "t", None, NewRecord::value("after"));
    s.advance(1_000);
    assert_eq!(acked(&s).len(), 2, "the producer retried onto the new leader");
    let c = consumer(&mut s, "earliest", &[("t", 0)]);
    let vals: Vec<_> = poll(&mut s, c).into_iter().map(|r| r.record.value.unwrap()).collect();
    assert_eq!(vals, vec![b"before".to_vec(), b"after".to_vec()]);
    // the old leader returns, catches up and rejoins the ISR
    s.apply(Command::StartBroker { broker: old_leader }).unwrap();
    s.advance(1_000);
    let part = &s.topic("t").unwrap().partitions[0];
    assert_eq!(part.isr.len(), 3);
    assert_eq!(part.replica(old_leader).unwrap().log.log_end_offset(), 2);
}

#[test]
fn acks_all_fails_with_not_enough_replicas_when_the_isr_is_too_small() {
    let mut s = sim();
    create(&mut s, "t", 1, 3, &[("min.insync.replicas", "2")]);
    // delivery.timeout.ms must be at least linger.ms + request.timeout.ms (KafkaProducer.configureDeliveryTimeout)
    let p = producer(&mut s, &[("delivery.timeout.ms", "5000"), ("request.timeout.ms", "2000")]);
    for b in followers(&s, "t") {
        s.apply(Command::StopBroker { broker: b, clean: true }).unwrap();
    }
    assert_eq!(s.topic("t").unwrap().partitions[0].isr.len(), 1);
    send(&mut s, p, "t", None, NewRecord::value("x"));
    s.advance(10_000);
    assert!(s.trace().iter().any(|e| matches!(&e.event, Event::ProduceRetry { error: ErrorCode::NotEnoughReplicas, .. })));
    // retried until delivery.timeout.ms, then expired while waiting out a backoff (KIP-91)
    let failed: Vec<&Event> = s.trace().iter().map(|e| &e.event).filter(|e| matches!(e, Event::ProduceFailed { .. })).collect();
    assert_eq!(failed.len(), 1);
    assert!(
        matches!(failed[0], Event::ProduceFailed { error: ErrorCode::RequestTimedOut, message, .. } if message.starts_with("Expiring 1 record(s) for t-0:") && message.ends_with(" ms has passed since batch creation")),
        "{:?}",
        failed[0]
    );
    assert_eq!(s.topic("t").unwrap().partitions[0].log_end_offset(), 0, "nothing was written");
}

#[test]
fn acks_1_loses_an_acknowledged_record_when_an_out_of_sync_replica_takes_over() {
    let mut s = sim();
    s.apply(Command::SetClusterConfig { name: "unclean.leader.election.enable".into(), value: "true".into() }).unwrap();
    create(&mut s, "t", 1, 2, &[]);
    let p = producer(&mut s, &[("acks", "1")]);
    send(&mut s, p, "t", None, NewRecord::value("kept"));
    s.advance(100);
    let leader = s.topic("t").unwrap().partitions[0].leader.unwrap();
    let follower = followers(&s, "t")[0];
    s.apply(Command::StopBroker { broker: follower, clean: false }).unwrap();
    s.advance(10_000); // fenced: the ISR is just the leader
    send(&mut s, p, "t", None, NewRecord::value("acked-then-lost"));
    s.advance(100);
    assert_eq!(acked(&s).len(), 2, "acks=1: the leader acknowledged");
    s.apply(Command::StopBroker { broker: leader, clean: false }).unwrap();
    s.apply(Command::StartBroker { broker: follower }).unwrap();
    s.advance(10_000);
    assert_eq!(s.topic("t").unwrap().partitions[0].leader, Some(follower), "unclean election");
    s.apply(Command::StartBroker { broker: leader }).unwrap();
    s.advance(1_000);
    assert!(s
        .trace()
        .iter()
        .any(|e| matches!(&e.event, Event::LogTruncated { broker, from_offset: 2, to_offset: 1, .. } if *broker == leader)));
    let c = consumer(&mut s, "earliest", &[("t", 0)]);
    let vals: Vec<_> = poll(&mut s, c).into_iter().map(|r| r.record.value.unwrap()).collect();
    assert_eq!(vals, vec![b"kept".to_vec()], "the acknowledged record is gone");
}

#[test]
fn without_unclean_election_the_partition_goes_offline_instead() {
    let mut s = sim();
    let (leader, _) = offline_with_stale_follower_running(&mut s, &[]);
    assert_eq!(s.topic("t").unwrap().partitions[0].leader, None, "an out-of-sync replica may not lead");
    s.apply(Command::StartBroker { broker: leader }).unwrap();
    assert_eq!(s.topic("t").unwrap().partitions[0].leader, Some(leader));
}

#[test]
fn turning_unclean_election_on_mends_an_offline_partition_at_the_controllers_next_check() {
    let mut s = sim();
    s.apply(Command::SetClusterConfig { name: "unclean.leader.election.interval.ms".into(), value: "60000".into() }).unwrap();
    let (_, follower) = offline_with_stale_follower_running(&mut s, &[]);
    assert_eq!(s.topic("t").unwrap().partitions[0].leader, None, "offline: the ISR's only member is down");
    s.advance(61_000);
    assert_eq!(s.topic("t").unwrap().partitions[0].leader, None, "the periodic check does nothing while unclean election is off");
    s.apply(Command::SetClusterConfig { name: "unclean.leader.election.enable".into(), value: "true".into() }).unwrap();
    assert_eq!(s.topic("t").unwrap().partitions[0].leader, None, "not at once: at the controller's next check");
    s.advance(60_000);
    assert_eq!(s.topic("t").unwrap().partitions[0].leader, Some(follower), "the out-of-sync replica leads");
    assert_eq!(s.topic("t").unwrap().partitions[0].isr, vec![follower]);
    let bad = s.apply(Command::SetClusterConfig { name: "unclean.leader.election.interval.ms".into(), value: "0".into() }).unwrap_err();
    assert_eq!(bad.code, ErrorCode::InvalidConfig);
}

#[test]
fn broker_commands_reject_bad_ids_without_change() {
    let mut s = sim();
    let before = s.state_hash();
    assert_eq!(s.apply(Command::StopBroker { broker: 7, clean: true }).unwrap_err().code, ErrorCode::BrokerNotAvailable);
    assert_eq!(s.apply(Command::StartBroker { broker: 1 }).unwrap_err().code, ErrorCode::InvalidRequest);
    assert_eq!(s.state_hash(), before);
}

#[test]
fn snapshot_restore_and_replay_are_exact() {
    let run = |seed| {
        let mut s = Sim::new(ClusterConfig::default(), seed);
        create(&mut s, "t", 4, 3, &[]);
        let p = producer(&mut s, &[]);
        for i in 0..50 {
            send(&mut s, p, "t", None, NewRecord::value(format!("{i}")));
            s.advance(3);
        }
        s
    };
    let mut a = run(9);
    let b = run(9);
    assert_eq!(a.trace_hash(), b.trace_hash());
    assert_eq!(a.state_hash(), b.state_hash());
    assert_ne!(run(10).trace_hash(), a.trace_hash(), "the seed matters (sticky partitioner)");
    let snap = a.snapshot();
    let h = a.state_hash();
    a.advance(5_000);
    a.apply(Command::StopBroker { broker: 1, clean: false }).unwrap();
    a.advance(20_000);
    assert_ne!(a.state_hash(), h);
    a.restore(&snap);
    assert_eq!(a.state_hash(), h, "restore returns to the exact state");
    assert_eq!(a.trace().len(), snap.trace_len());
}

#[test]
fn step_event_walks_the_trace_one_event_at_a_time() {
    let mut s = sim();
    create(&mut s, "t", 1, 3, &[]);
    let p = producer(&mut s, &[]);
    send(&mut s, p, "t", None, NewRecord::value("x"));
    let mut kinds = Vec::new();
    while let Some(e) = s.step_event(10_000) {
        let name = format!("{:?}", e.event);
        kinds.push(name.split([' ', '{']).next().unwrap().to_string());
        if kinds.len() > 30 {
            break;
        }
    }
    let pos = |k: &str| kinds.iter().position(|x| x == k).unwrap_or_else(|| panic!("{k} missing from {kinds:?}"));
    assert!(pos("BatchSent") < pos("RecordsAppended"));
    assert!(pos("RecordsAppended") < pos("ReplicaFetched"));
    assert!(pos("ReplicaFetched") < pos("HighWatermarkAdvanced"));
    assert!(pos("HighWatermarkAdvanced") < pos("ProduceAcked"));
}

#[test]
fn max_message_bytes_and_max_request_size_reject_large_records() {
    let mut s = sim();
    create(&mut s, "t", 1, 1, &[("max.message.bytes", "500")]);
    let p = producer(&mut s, &[]);
    let e = s
        .apply(Command::Send { producer: p, topic: "t".into(), partition: None, record: NewRecord::value(vec![0u8; 2_000_000]) })
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::MessageTooLarge);
    send(&mut s, p, "t", None, NewRecord::value(vec![0u8; 1000]));
    s.advance(100);
    assert!(s.trace().iter().any(|e| matches!(&e.event, Event::ProduceFailed { error: ErrorCode::MessageTooLarge, .. })));
}

/// `LogManager.startup` schedules the retention check `log.initial.task.delay.ms` (30 s)
/// after the broker starts, then every `log.retention.check.interval.ms`.
#[test]
fn the_first_retention_check_waits_log_initial_task_delay_ms() {
    let checks =
        |s: &Sim| s.trace().iter().filter_map(|e| matches!(e.event, Event::SegmentDeleted { .. }).then_some(e.time)).collect::<Vec<i64>>();
    let mut s = sim();
    s.apply(Command::SetClusterConfig { name: "log.retention.check.interval.ms".into(), value: "1000".into() }).unwrap();
    create(&mut s, "t", 1, 1, &[("retention.ms", "100")]);
    let p = producer(&mut s, &[]);
    send(&mut s, p, "t", None, NewRecord::value("old"));
    s.advance(29_000);
    assert!(checks(&s).is_empty(), "no retention check before 30 s, however short the interval");
    s.advance(2_000);
    assert_eq!(checks(&s), vec![30_000], "the first check, at log.initial.task.delay.ms");
    // later checks keep the interval
    send(&mut s, p, "t", None, NewRecord::value("new"));
    s.advance(3_000);
    assert_eq!(checks(&s).len(), 2);
    assert!(checks(&s)[1] <= 31_000 + 2_000, "{:?}", checks(&s));
    // a broker setting like any other; 0 lets the first check come one interval after start
    let mut s = sim();
    s.apply(Command::SetClusterConfig { name: "log.initial.task.delay.ms".into(), value: "0".into() }).unwrap();
    s.apply(Command::SetClusterConfig { name: "log.retention.check.interval.ms".into(), value: "1000".into() }).unwrap();
    create(&mut s, "t", 1, 1, &[("retention.ms", "100")]);
    let p = producer(&mut s, &[]);
    send(&mut s, p, "t", None, NewRecord::value("old"));
    s.advance(3_000);
    assert_eq!(checks(&s).len(), 1);
    assert_eq!(s.config().get("log.initial.task.delay.ms").as_deref(), Some("0"));
    let e = s.apply(Command::SetClusterConfig { name: "log.initial.task.delay.ms".into(), value: "-1".into() }).unwrap_err();
    assert_eq!(e.message, "Invalid value -1 for configuration log.initial.task.delay.ms: Value must be at least 0");
}

mod common;

#[test]
fn cross_target_scenario_has_the_golden_trace_hash() {
    let a = common::cross_target_scenario(2024);
    let b = common::cross_target_scenario(2024);
    assert_eq!(a.trace_hash(), b.trace_hash());
    let kinds: std::collections::BTreeSet<String> =
        a.trace().iter().map(|e| format!("{:?}", e.event).split([' ', '{']).next().unwrap().to_string()).collect();
    for k in
        ["SegmentDeleted", "LogCompacted", "LeaderElected", "IsrShrunk", "IsrExpanded", "ReplicaFetched", "ProduceAcked", "SegmentRolled"]
    {
        assert!(kinds.contains(k), "the scenario exercises {k}: {kinds:?}");
    }
    assert_eq!(
        a.trace_hash(),
        common::CROSS_TARGET_TRACE_HASH,
        "golden hash (update both targets if the engine's behaviour changed on purpose)"
    );
}

#[test]
fn not_enough_replicas_names_the_isr_as_kafka_prints_it() {
    let mut s = sim();
    create(&mut s, "t", 1, 3, &[("min.insync.replicas", "2")]);
    let p = producer(&mut s, &[("retries", "0")]);
    let leader = s.topic("t").unwrap().partitions[0].leader.unwrap();
    for b in followers(&s, "t") {
        s.apply(Command::StopBroker { broker: b, clean: true }).unwrap();
    }
    send(&mut s, p, "t", None, NewRecord::value("x"));
    s.advance(1_000);
    let message = s.trace().iter().find_map(|e| match &e.event {
        Event::ProduceFailed { error: ErrorCode::NotEnoughReplicas, message, .. } => Some(message.clone()),
        _ => None,
    });
    // Partition.scala interpolates the ISR, a Scala Set
    assert_eq!(
        message.as_deref(),
        Some(
            format!("The size of the current ISR Set({leader}) is insufficient to satisfy the min.isr requirement of 2 for partition t-0")
                .as_str()
        )
    );
}

#[test]
fn idempotence_conflicts_fail_when_configured_and_turn_it_off_otherwise() {
    let mut s = sim();
    let create = |s: &mut Sim, configs: &[(&str, &str)]| {
        s.apply(Command::CreateProducer { configs: configs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect() })
    };
    // ProducerConfig.postProcessAndValidateIdempotenceConfigs
    for (configs, message) in [
        (&[("enable.idempotence", "true"), ("retries", "0")][..], "Must set retries to non-zero when using the idempotent producer."),
        (
            &[("enable.idempotence", "true"), ("acks", "1")][..],
            "Must set acks to all in order to use the idempotent producer. Otherwise we cannot guarantee idempotence.",
        ),
        (
            &[("max.in.flight.requests.per.connection", "6"), ("enable.idempotence", "true")][..],
            "To use the idempotent producer, max.in.flight.requests.per.connection must be set to at most 5. Current value is 6.",
        ),
    ] {
        let e = create(&mut s, configs).unwrap_err();
        assert_eq!((e.code, e.message.as_str()), (ErrorCode::InvalidConfig, message));
    }
    // left to its default, idempotence gives way to retries=0 or acks=1, but since Kafka
    // 4.0 no longer to more than 5 requests in flight
    for configs in [&[("retries", "0")][..], &[("acks", "1")][..]] {
        assert!(create(&mut s, configs).is_ok());
    }
    let e = create(&mut s, &[("max.in.flight.requests.per.connection", "6")]).unwrap_err();
    assert_eq!(
        e.message,
        "To use the idempotent producer, max.in.flight.requests.per.connection must be set to at most 5. Current value is 6."
    );
    let e = create(&mut s, &[("retries", "-1")]).unwrap_err();
    assert_eq!(e.message, "Invalid value -1 for configuration retries: Value must be at least 0");
}

/// The partitions of `t` whose leader is not their first (preferred) replica.
fn imbalanced(s: &Sim, topic: &str) -> Vec<u32> {
    s.topic(topic).unwrap().partitions.iter().filter(|p| p.leader != Some(p.replicas[0].broker)).map(|p| p.index).collect()
}

fn leader_elections_at(s: &Sim, from: i64) -> Vec<(u32, Option<i32>)> {
    s.trace()
        .iter()
        .filter(|e| e.time >= from)
        .filter_map(|e| match &e.event {
            Event::LeaderElected { partition, leader, .. } => Some((*partition, *leader)),
            _ => None,
        })
        .collect()
}

#[test]
fn leadership_returns_to_the_preferred_replica_at_the_controllers_imbalance_check() {
    // QuorumController.maybeScheduleNextBalancePartitionLeaders: the fence that moved
    // leadership away schedules a check leader.imbalance.check.interval.seconds later
    let mut s = sim();
    create(&mut s, "t", 6, 3, &[]);
    assert!(imbalanced(&s, "t").is_empty(), "a new topic is led by its preferred replicas");
    let moved: Vec<u32> = s.topic("t").unwrap().partitions.iter().filter(|p| p.leader == Some(1)).map(|p| p.index).collect();
    assert_eq!(moved.len(), 2);
    let epochs: Vec<i32> = s.topic("t").unwrap().partitions.iter().map(|p| p.leader_epoch).collect();
    s.apply(Command::StopBroker { broker: 1, clean: true }).unwrap();
    assert_eq!(imbalanced(&s, "t"), moved, "broker 1's partitions are led elsewhere");
    s.advance(1_000);
    s.apply(Command::StartBroker { broker: 1 }).unwrap();
    s.advance(297_000);
    assert_eq!(imbalanced(&s, "t"), moved, "no election before the check, though broker 1 is back in every ISR");
    assert!(s.topic("t").unwrap().partitions.iter().all(|p| p.isr.contains(&1)));
    s.advance(2_000);
    assert!(imbalanced(&s, "t").is_empty(), "at 300 s leadership is back with broker 1");
    assert_eq!(leader_elections_at(&s, 299_000), moved.iter().map(|p| (*p, Some(1))).collect::<Vec<_>>());
    for (p, before) in s.topic("t").unwrap().partitions.iter().zip(epochs) {
        let changes = if moved.contains(&p.index) { 2 } else { 0 };
        assert_eq!(p.leader_epoch, before + changes, "partition {}", p.index);
    }
    // balanced: no check is pending any more, so no election follows
    s.advance(3_600_000);
    assert_eq!(leader_elections_at(&s, 300_001), vec![]);
}

#[test]
fn a_preferred_replica_still_down_at_the_check_gets_leadership_at_a_later_one() {
    let mut s = sim();
    create(&mut s, "t", 3, 2, &[]);
    let moved = {
        s.apply(Command::StopBroker { broker: 2, clean: true }).unwrap();
        imbalanced(&s, "t")
    };
    assert!(!moved.is_empty());
    s.advance(400_000);
    assert_eq!(imbalanced(&s, "t"), moved, "the check at 300 s found broker 2 down and changed nothing");
    assert!(leader_elections_at(&s, 1).is_empty());
    s.apply(Command::StartBroker { broker: 2 }).unwrap();
    s.advance(190_000);
    assert_eq!(imbalanced(&s, "t"), moved, "the next check is at 600 s");
    s.advance(20_000);
    assert!(imbalanced(&s, "t").is_empty());
}

#[test]
fn without_auto_leader_rebalance_leadership_stays_where_it_moved() {
    let mut s = sim();
    s.apply(Command::SetClusterConfig { name: "auto.leader.rebalance.enable".into(), value: "false".into() }).unwrap();
    create(&mut s, "t", 3, 3, &[]);
    s.apply(Command::StopBroker { broker: 3, clean: true }).unwrap();
    s.apply(Command::StartBroker { broker: 3 }).unwrap();
    let moved = imbalanced(&s, "t");
    assert_eq!(moved.len(), 1);
    s.advance(3_600_000);
    assert_eq!(imbalanced(&s, "t"), moved, "an hour later, still led elsewhere");
    // turning it on is a controller write: the check follows one interval later
    s.apply(Command::SetClusterConfig { name: "leader.imbalance.check.interval.seconds".into(), value: "10".into() }).unwrap();
    s.apply(Command::SetClusterConfig { name: "auto.leader.rebalance.enable".into(), value: "true".into() }).unwrap();
    s.advance(9_000);
    assert_eq!(imbalanced(&s, "t"), moved);
    s.advance(1_000);
    assert!(imbalanced(&s, "t").is_empty());
    for (value, msg) in [("0", "Value must be at least 1"), ("x", "Not a number of type LONG")] {
        let e =
            s.apply(Command::SetClusterConfig { name: "leader.imbalance.check.interval.seconds".into(), value: value.into() }).unwrap_err();
        assert_eq!(e.message, format!("Invalid value {value} for configuration leader.imbalance.check.interval.seconds: {msg}"));
    }
    let e = s.apply(Command::SetClusterConfig { name: "auto.leader.rebalance.enable".into(), value: "yes".into() }).unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidConfig);
}

#[test]
fn a_leader_that_hands_over_to_the_preferred_replica_answers_its_pending_produce_with_not_leader() {
    let mut s = sim();
    s.apply(Command::SetClusterConfig { name: "network.delay.ms".into(), value: "50".into() }).unwrap();
    create(&mut s, "t", 1, 2, &[]);
    let preferred = s.topic("t").unwrap().partitions[0].leader.unwrap();
    s.apply(Command::StopBroker { broker: preferred, clean: true }).unwrap();
    let fence_time = s.now();
    s.apply(Command::StartBroker { broker: preferred }).unwrap();
    s.advance(10_000);
    assert_eq!(imbalanced(&s, "t"), vec![0]);
    // a record that reaches the interim leader just before the check, while its
    // follower (the preferred replica) has yet to fetch it
    let check = fence_time + 300_000;
    s.run_until(check - 60);
    let p = producer(&mut s, &[("acks", "all"), ("linger.ms", "0")]);
    send(&mut s, p, "t", Some(0), NewRecord::value("v"));
    s.run_until(check);
    assert!(imbalanced(&s, "t").is_empty());
    s.advance(5_000);
    let retried = s.trace().iter().any(|e| matches!(&e.event, Event::ProduceRetry { error: ErrorCode::NotLeaderOrFollower, .. }));
    assert!(retried, "the old leader answered NOT_LEADER_OR_FOLLOWER and the producer retried");
    assert_eq!(acked(&s), vec![(0, 0, 0)], "acknowledged once, by the preferred leader, well before request.timeout.ms");
}

#[test]
fn elect_leaders_answers_per_partition_as_the_controller_does() {
    let mut s = sim();
    create(&mut s, "t", 2, 2, &[]);
    let elect = |s: &mut Sim, election, partitions: Option<Vec<(&str, i32)>>| match s
        .apply(Command::ElectLeaders { election, partitions: partitions.map(|v| v.into_iter().map(|(t, p)| (t.to_string(), p)).collect()) })
        .unwrap()
    {
        Reply::LeadersElected(r) => r.into_iter().map(|(t, p, e)| (t, p, e.map(|e| (e.code, e.message)))).collect::<Vec<_>>(),
        r => panic!("{r:?}"),
    };
    let before = s.state_hash();
    assert_eq!(elect(&mut s, ElectionType::Preferred, None), vec![], "every partition has its preferred leader");
    let explicit = elect(&mut s, ElectionType::Preferred, Some(vec![("t", 1), ("t", -1), ("x", 0)]));
    assert_eq!(
        explicit,
        vec![
            ("t".into(), 1, Some((ErrorCode::ElectionNotNeeded, "Leader election not needed for topic partition.".into()))),
            ("t".into(), -1, Some((ErrorCode::UnknownTopicOrPartition, "No such partition as t--1".into()))),
            ("x".into(), 0, Some((ErrorCode::UnknownTopicOrPartition, "No such topic as x".into()))),
        ]
    );
    assert_eq!(s.state_hash(), before, "nothing elected, nothing changed");
    let preferred = s.topic("t").unwrap().partitions[0].leader.unwrap();
    s.apply(Command::StopBroker { broker: preferred, clean: true }).unwrap();
    assert_eq!(
        elect(&mut s, ElectionType::Preferred, Some(vec![("t", 0)])),
        vec![("t".into(), 0, Some((ErrorCode::PreferredLeaderNotAvailable, "The preferred leader was not available.".into())))]
    );
    s.apply(Command::StartBroker { broker: preferred }).unwrap();
    s.advance(5_000);
    let epoch = s.topic("t").unwrap().partitions[0].leader_epoch;
    assert_eq!(elect(&mut s, ElectionType::Preferred, Some(vec![("t", 0)])), vec![("t".into(), 0, None)]);
    assert_eq!(s.topic("t").unwrap().partitions[0].leader, Some(preferred));
    assert_eq!(s.topic("t").unwrap().partitions[0].leader_epoch, epoch + 1);
    assert_eq!(elect(&mut s, ElectionType::Unclean, Some(vec![("t", 0)]))[0].2.as_ref().unwrap().0, ErrorCode::ElectionNotNeeded);
}

#[test]
fn a_topics_own_unclean_leader_election_enable_overrides_the_clusters() {
    // ConfigurationControlManager.uncleanLeaderElectionEnabledForTopic: the topic's
    // config, else the cluster's
    for (cluster, topic, expect_leader) in
        [(false, Some("true"), true), (true, Some("false"), false), (true, None, true), (false, None, false)]
    {
        let mut s = sim();
        s.apply(Command::SetClusterConfig { name: "unclean.leader.election.enable".into(), value: cluster.to_string() }).unwrap();
        let configs: Vec<(&str, &str)> = topic.map(|v| ("unclean.leader.election.enable", v)).into_iter().collect();
        let (_, follower) = offline_with_stale_follower_running(&mut s, &configs);
        let got = s.topic("t").unwrap().partitions[0].leader;
        assert_eq!(got, expect_leader.then_some(follower), "cluster {cluster}, topic {topic:?}");
    }
    // altering the topic's config mends it at the controller's next periodic check
    let mut s = sim();
    let (_, follower) = offline_with_stale_follower_running(&mut s, &[]);
    let bad = s
        .apply(Command::AlterTopicConfig {
            topic: "t".into(),
            set: vec![("unclean.leader.election.enable".into(), "yes".into())],
            delete: vec![],
        })
        .unwrap_err();
    assert_eq!(
        bad.message,
        "Invalid value yes for configuration unclean.leader.election.enable: Expected value to be either true or false"
    );
    s.apply(Command::AlterTopicConfig {
        topic: "t".into(),
        set: vec![("unclean.leader.election.enable".into(), " True ".into())],
        delete: vec![],
    })
    .unwrap();
    assert_eq!(s.topic("t").unwrap().config.unclean_leader_election_enable, Some(true));
    assert_eq!(s.topic("t").unwrap().partitions[0].leader, None, "not at once");
    s.advance(300_000);
    assert_eq!(s.topic("t").unwrap().partitions[0].leader, Some(follower), "at the check, every unclean.leader.election.interval.ms");
}

#[test]
fn every_cluster_setting_reads_back_what_was_set() {
    use kafkascope::engine::sim::CLUSTER_CONFIG_NAMES;
    let mut s = sim();
    for name in CLUSTER_CONFIG_NAMES {
        let value = s.config().get(name).unwrap_or_else(|| panic!("{name} has no value"));
        // setting the current value again changes nothing but the trace
        let before = s.config().clone();
        s.apply(Command::SetClusterConfig { name: name.to_string(), value: value.clone() }).unwrap();
        assert_eq!(s.config(), &before, "{name}={value}");
    }
    let changed = [("auto.leader.rebalance.enable", "false"), ("leader.imbalance.check.interval.seconds", "42"), ("num.partitions", "6")];
    for (name, value) in changed {
        s.apply(Command::SetClusterConfig { name: name.into(), value: value.into() }).unwrap();
        assert_eq!(s.config().get(name).as_deref(), Some(value));
    }
    assert_eq!(s.config().get("nope"), None);
}

/// Topic `t` with one partition on one broker, which is stopped: no leader. Returns it.
fn offline_single_replica(s: &mut Sim) -> i32 {
    create(s, "t", 1, 1, &[]);
    let leader = s.topic("t").unwrap().partitions[0].leader.unwrap();
    s.apply(Command::StopBroker { broker: leader, clean: true }).unwrap();
    assert_eq!(s.topic("t").unwrap().partitions[0].leader, None);
    leader
}

/// `RecordAccumulator.ready` drains no batch for a partition without a leader: with
/// `retries=0`, a record sent while the partition is offline is neither sent nor failed
/// (no attempt is spent); it waits, and goes out when a leader is back. Kafkascope used
/// to count each wait as a failed attempt (LEADER_NOT_AVAILABLE), so `retries=0` failed
/// the record at once.
#[test]
fn a_batch_waits_for_a_leader_without_spending_retries() {
    let mut s = sim();
    let leader = offline_single_replica(&mut s);
    let p = producer(&mut s, &[("retries", "0"), ("linger.ms", "0")]);
    send(&mut s, p, "t", Some(0), NewRecord::value("waits"));
    s.advance(30_000);
    let events: Vec<&Event> = s.trace().iter().map(|e| &e.event).collect();
    assert!(!events.iter().any(|e| matches!(e, Event::ProduceFailed { .. } | Event::ProduceRetry { .. })), "{events:?}");
    assert!(!events.iter().any(|e| matches!(e, Event::BatchSent { .. })), "nothing is sent without a leader");
    s.apply(Command::StartBroker { broker: leader }).unwrap();
    s.advance(5_000);
    assert_eq!(acked(&s), vec![(0, 0, 0)], "sent on the first attempt once the leader is back");
    let sent: Vec<u32> = s
        .trace()
        .iter()
        .filter_map(|e| match &e.event {
            Event::BatchSent { attempt, .. } => Some(*attempt),
            _ => None,
        })
        .collect();
    assert_eq!(sent, vec![1]);
}

/// Past delivery.timeout.ms, a batch still waiting for a leader expires in the
/// accumulator with Kafka's TimeoutException text.
#[test]
fn a_batch_without_a_leader_expires_after_the_delivery_timeout() {
    let mut s = sim();
    offline_single_replica(&mut s);
    let p = producer(&mut s, &[("delivery.timeout.ms", "5000"), ("linger.ms", "0"), ("request.timeout.ms", "4000")]);
    send(&mut s, p, "t", Some(0), NewRecord::value("late"));
    s.advance(10_000);
    let failed: Vec<(ErrorCode, String)> = s
        .trace()
        .iter()
        .filter_map(|e| match &e.event {
            Event::ProduceFailed { error, message, .. } => Some((*error, message.clone())),
            _ => None,
        })
        .collect();
    assert_eq!(failed.len(), 1, "{failed:?}");
    assert_eq!(failed[0].0, ErrorCode::RequestTimedOut);
    assert!(failed[0].1.starts_with("Expiring 1 record(s) for t-0:"), "{}", failed[0].1);
}

/// KIP-580's `ExponentialBackoff` for producer retries: retry.backoff.ms doubling per
/// attempt, capped at retry.backoff.max.ms, with a ±20% random factor that never goes
/// above the cap; no growth (and no random factor) when the cap is not above the start.
#[test]
fn producer_retry_backoff_doubles_up_to_retry_backoff_max_ms() {
    use kafkascope::engine::client_config::ProducerConfig;
    let c = ProducerConfig::from_pairs([("retry.backoff.ms", "100"), ("retry.backoff.max.ms", "1000")]).unwrap();
    let exact: Vec<i64> = (0..6).map(|a| c.retry_backoff(a, || 1_000_000)).collect();
    assert_eq!(exact, vec![100, 200, 400, 800, 1000, 1000]);
    assert_eq!(c.retry_backoff(0, || 800_000), 80);
    assert_eq!(c.retry_backoff(3, || 1_199_999), 959);
    assert_eq!(c.retry_backoff(4, || 1_199_999), 1000, "jitter never passes the cap");
    let flat = ProducerConfig::from_pairs([("retry.backoff.ms", "2000"), ("retry.backoff.max.ms", "1000")]).unwrap();
    assert_eq!(flat.retry_backoff(5, || unreachable!("no random factor")), 1000);
    let err = ProducerConfig::from_pairs([("retry.backoff.max.ms", "-1")]).unwrap_err();
    assert_eq!(err.message, "Invalid value -1 for configuration retry.backoff.max.ms: Value must be at least 0");
}

/// A producer's answered requests leave no timers behind: the expiry of in-flight
/// requests is one check per producer, for its earliest deadline (Kafka's
/// `NetworkClient` checks as it polls), not a timer per request that would fire,
/// idle, `request.timeout.ms` after each answer. With a timer per request, 30 s of an
/// idle cluster after 2,000 batches ran 2,000 empty actions, and stepping back over
/// them took most of a second.
#[test]
fn answered_produce_requests_leave_no_timers_behind() {
    let mut sim = sim();
    create(&mut sim, "t", 3, 3, &[]);
    let p = producer(&mut sim, &[("linger.ms", "0")]);
    for i in 0..2_000 {
        send(&mut sim, p, "t", None, NewRecord::keyed(format!("k{i}"), "v"));
        sim.advance(1);
    }
    sim.advance(2_000);
    assert_eq!(acked(&sim).iter().map(|(_, a, b)| b - a + 1).sum::<i64>(), 2_000, "every record acknowledged");
    // the next 30 s: only the cluster's own periodic work (follower fetches, ISR checks)
    let end = sim.now() + 30_000;
    let mut actions = 0;
    while sim.next_time().is_some_and(|t| t <= end) {
        sim.step();
        actions += 1;
    }
    assert!(actions < 600, "{actions} actions in 30 s of an idle cluster");
}

/// A produce request that gets no answer in time still fails at `request.timeout.ms` (the
/// network takes 10 s each way), and is retried.
#[test]
fn an_unanswered_produce_request_times_out_at_request_timeout_ms() {
    let mut sim = sim();
    create(&mut sim, "t", 1, 1, &[]);
    let p = producer(&mut sim, &[("request.timeout.ms", "5000"), ("delivery.timeout.ms", "60000"), ("linger.ms", "0")]);
    sim.apply(Command::SetClusterConfig { name: "network.delay.ms".into(), value: "10000".into() }).unwrap();
    let start = sim.now();
    send(&mut sim, p, "t", None, NewRecord::value("v"));
    sim.advance(4_000);
    assert!(!sim.trace().iter().any(|e| matches!(&e.event, Event::ProduceRetry { error: ErrorCode::RequestTimedOut, .. })));
    sim.advance(2_000);
    let timed_out = sim.trace().iter().find(|e| {
        matches!(&e.event, Event::ProduceRetry { error: ErrorCode::RequestTimedOut, .. })
            || matches!(&e.event, Event::ProduceFailed { error: ErrorCode::RequestTimedOut, .. })
    });
    let t = timed_out.map(|e| e.time - start);
    assert!(t.is_some_and(|t| (5_000..5_100).contains(&t)), "timed out after {t:?} ms");
}

/// `broker stop N` (unclean) kills the broker's process: every client sees it at once, as
/// the group coordinator lookup and the fetches do. The producer does not send to it (its
/// connection is refused) and spends no retry: the batch waits in the accumulator until the
/// controller fences the broker and a new leader is elected, then goes there.
#[test]
fn a_producer_waits_for_a_crashed_leader_to_be_replaced_without_spending_retries() {
    let mut s = sim();
    create(&mut s, "t", 1, 3, &[]);
    let p = producer(&mut s, &[("retries", "0")]);
    send(&mut s, p, "t", None, NewRecord::value("before"));
    s.advance(100);
    let old_leader = s.topic("t").unwrap().partitions[0].leader.unwrap();
    s.apply(Command::StopBroker { broker: old_leader, clean: false }).unwrap();
    let from = s.trace().len();
    send(&mut s, p, "t", None, NewRecord::value("during"));
    s.advance(20_000);
    let later = &s.trace()[from..];
    assert!(
        !later.iter().any(|e| matches!(&e.event, Event::BatchSent { broker, .. } if *broker == old_leader)),
        "nothing sent to the dead broker"
    );
    assert!(!later.iter().any(|e| matches!(&e.event, Event::ProduceFailed { .. })), "no retry spent, nothing failed");
    assert_eq!(acked(&s).len(), 2, "sent to the new leader once the old one was fenced");
}

/// A request waiting in a crashed leader's purgatory (acks=all) is disconnected at once
/// (NETWORK_EXCEPTION "Disconnected from node N", retriable), not left to time out.
#[test]
fn a_request_waiting_at_a_crashed_leader_fails_with_a_disconnect() {
    let mut s = sim();
    create(&mut s, "t", 1, 3, &[]);
    let leader = s.topic("t").unwrap().partitions[0].leader.unwrap();
    let p = producer(&mut s, &[("retries", "0"), ("linger.ms", "0")]);
    send(&mut s, p, "t", None, NewRecord::value("x"));
    // step until the leader has appended the record, before the followers fetch it
    while !s.trace().iter().any(|e| matches!(&e.event, Event::RecordsAppended { broker, .. } if *broker == leader)) {
        assert!(s.step());
    }
    let crashed_at = s.now();
    s.apply(Command::StopBroker { broker: leader, clean: false }).unwrap();
    s.advance(1_000);
    let failed = s.trace().iter().find_map(|e| match &e.event {
        Event::ProduceFailed { error, message, .. } => Some((e.time, *error, message.clone())),
        _ => None,
    });
    let (at, error, message) = failed.expect("the waiting request failed");
    assert_eq!((error, message), (ErrorCode::NetworkException, format!("Disconnected from node {leader}")));
    assert!(at - crashed_at < 100, "at once, not after request.timeout.ms");
}

/// A trace trimmed between steps (as a long browser session trims it) keeps absolute
/// positions, counts every event, hashes as the whole trace does (both below and beyond
/// `HASH_HEAD` events), and restores snapshots from before its window exactly.
#[test]
fn a_trimmed_trace_keeps_positions_hashes_and_snapshots() {
    use kafkascope::engine::trace::{HASH_HEAD, KEEP_MS};
    use kafkascope::engine::{Command, NewRecord};
    let sim = || {
        let mut s = Sim::new(ClusterConfig::default(), 11);
        s.apply(Command::CreateTopic { name: "t".into(), partitions: Some(3), replication_factor: Some(3), configs: vec![] }).unwrap();
        s.apply(Command::CreateProducer { configs: vec![("linger.ms".into(), "0".into())] }).unwrap();
        s
    };
    let (mut whole, mut trimmed) = (sim(), sim());
    let mut snap = None;
    let mut passed_head = false;
    for i in 0..200 {
        let before = trimmed.trace().len();
        for s in [&mut whole, &mut trimmed] {
            for k in 0..40 {
                let record = NewRecord::keyed(format!("k{k}"), format!("v{i}"));
                s.apply(Command::Send { producer: 1, topic: "t".into(), partition: None, record }).unwrap();
                s.advance(50);
            }
        }
        let (w, t) = (&whole, &trimmed);
        assert_eq!(t.trace().len(), w.trace().len(), "every event is counted");
        assert_eq!(t.trace()[before..], w.trace()[before..], "the events since a position");
        assert_eq!(t.trace_hash(), w.trace_hash(), "step {i}");
        assert_eq!(t.state_hash(), w.state_hash());
        passed_head |= t.trace().len() > HASH_HEAD && t.trace().start() > 0;
        if i == 20 {
            snap = Some((trimmed.snapshot(), trimmed.state_hash(), trimmed.trace_hash()));
        }
        trimmed.trim_trace();
        let t = trimmed.trace();
        assert!(t.first().is_none_or(|e| e.time >= trimmed.now() - KEEP_MS * 5 / 4 - 2_000), "old events are dropped");
    }
    assert!(passed_head, "the run went past HASH_HEAD events with a trimmed trace: {}", trimmed.trace().len());
    assert!(trimmed.trace().entries().len() * 2 < whole.trace().entries().len(), "the trimmed trace keeps its last two minutes");
    let (snap, state, trace) = snap.unwrap();
    assert!(snap.trace_len() < trimmed.trace().start(), "the snapshot lies before the kept window");
    let sim = &mut trimmed;
    sim.restore(&snap);
    assert_eq!((sim.trace().len(), sim.trace_hash(), sim.state_hash()), (snap.trace_len(), trace, state));
    assert!(sim.trace().entries().is_empty() && sim.trace()[0..].is_empty(), "nothing kept before the window, and no panic");
}
