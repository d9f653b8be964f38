//! A consumer's commit carries the leader epoch of the last record it read
//! (`OffsetAndMetadata.leaderEpoch`, from the fetched batch's `partitionLeaderEpoch`), which
//! `kafka-consumer-groups.sh --describe --verbose` prints as LEADER-EPOCH (Kafka 4.x); an
//! offset written by `--reset-offsets` carries none.

use kafkascope::engine::*;

fn kv(k: &str, v: &str) -> (String, String) {
    (k.to_string(), v.to_string())
}

fn epoch_of(s: &Sim, group: &str) -> Option<i32> {
    s.describe_group(group).unwrap().offsets.iter().find(|r| r.partition == 0).and_then(|r| r.leader_epoch)
}

#[test]
fn a_commit_after_a_leader_change_carries_the_new_epoch() {
    let mut s = Sim::new(ClusterConfig::default(), 9);
    s.apply(Command::CreateTopic { name: "t".into(), partitions: Some(1), replication_factor: Some(3), configs: vec![] }).unwrap();
    let Reply::ProducerCreated(p) = s.apply(Command::CreateProducer { configs: vec![kv("linger.ms", "0")] }).unwrap() else { panic!() };
    let send = |s: &mut Sim, v: &str| {
        s.apply(Command::Send { producer: p, topic: "t".into(), partition: Some(0), record: NewRecord::keyed("k", v) }).unwrap();
    };
    let configs = vec![kv("group.id", "g"), kv("auto.offset.reset", "earliest")];
    let Reply::ConsumerCreated(c) = s.apply(Command::CreateConsumer { configs }).unwrap() else { panic!() };
    s.apply(Command::Subscribe { consumer: c, topics: vec!["t".into()] }).unwrap();
    send(&mut s, "a");
    s.advance(12_000);
    assert_eq!(epoch_of(&s, "g"), Some(0), "written under the first leader");
    let leader = s.topic("t").unwrap().partitions[0].leader.unwrap();
    s.apply(Command::StopBroker { broker: leader, clean: true }).unwrap();
    s.advance(2_000);
    let p0 = &s.topic("t").unwrap().partitions[0];
    assert!(p0.leader_epoch >= 1 && p0.leader != Some(leader), "a new leader: {:?} epoch {}", p0.leader, p0.leader_epoch);
    let new_epoch = p0.leader_epoch;
    // nothing new read yet: the commit still names the epoch of the record before it
    s.advance(6_000);
    assert_eq!(epoch_of(&s, "g"), Some(0));
    send(&mut s, "b");
    s.advance(12_000);
    let d = s.describe_group("g").unwrap();
    assert_eq!(d.offsets[0].committed, Some(2));
    assert_eq!(d.offsets[0].leader_epoch, Some(new_epoch), "the record before offset 2 was written by the new leader");
}

#[test]
fn an_admin_reset_carries_no_epoch() {
    let mut s = Sim::new(ClusterConfig::default(), 9);
    s.apply(Command::CreateTopic { name: "t".into(), partitions: Some(1), replication_factor: Some(1), configs: vec![] }).unwrap();
    let mut console = kafkascope::console::Console::interactive(s);
    let out = console
        .run_line("kafka-consumer-groups.sh --bootstrap-server localhost:9092 --reset-offsets --group r --topic t --to-earliest --execute");
    assert!(out.stdout().contains("NEW-OFFSET"), "{}", out.stdout());
    assert_eq!(epoch_of(console.sim(), "r"), None);
}
