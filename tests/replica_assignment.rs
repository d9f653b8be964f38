//! `CreateTopics` with a manual assignment (`kafka-topics.sh --create --replica-assignment`):
//! each partition on the given replicas, the first alive one leading; the controller's
//! checks (`ReplicationControlManager.validateManualPartitionAssignment`) leave the state
//! unchanged when they refuse.

use kafkascope::engine::*;

fn create(s: &mut Sim, assignment: Vec<Vec<i32>>) -> KafkaResult<Reply> {
    s.apply(Command::CreateTopicWithAssignment { name: "t".into(), assignment, configs: vec![] })
}

#[test]
fn partitions_sit_where_they_were_placed() {
    let mut s = Sim::new(ClusterConfig::default(), 4);
    create(&mut s, vec![vec![3, 1], vec![2, 3]]).unwrap();
    let t = s.topic("t").unwrap();
    let placed: Vec<(Vec<i32>, Option<i32>)> = t.partitions.iter().map(|p| (p.replica_ids(), p.leader)).collect();
    assert_eq!(placed, vec![(vec![3, 1], Some(3)), (vec![2, 3], Some(2))]);
}

#[test]
fn bad_assignments_are_refused_and_change_nothing() {
    let mut s = Sim::new(ClusterConfig::default(), 4);
    s.apply(Command::StopBroker { broker: 3, clean: false }).unwrap();
    s.advance(20_000);
    let before = s.state_hash();
    for (assignment, message) in [
        (vec![vec![]], "The manual partition assignment includes an empty replica list."),
        (vec![vec![1, 9]], "The manual partition assignment includes broker 9, but no such broker is registered."),
        (vec![vec![1, 1]], "The manual partition assignment includes the broker 1 more than once."),
        (
            vec![vec![1, 2], vec![2]],
            "The manual partition assignment includes a partition with 1 replica(s), but this is not consistent with previous partitions, which have 2 replica(s).",
        ),
        (vec![vec![3]], "All brokers specified in the manual partition assignment for partition 0 are fenced or in controlled shutdown."),
    ] {
        let e = create(&mut s, assignment).unwrap_err();
        assert_eq!((e.code, e.message.as_str()), (ErrorCode::InvalidReplicaAssignment, message));
        assert_eq!(s.state_hash(), before);
    }
    // a fenced broker may hold a replica when another one can lead
    create(&mut s, vec![vec![3, 1]]).unwrap();
    assert_eq!(s.topic("t").unwrap().partitions[0].leader, Some(1));
}

fn add(s: &mut Sim, count: i32, assignment: Vec<Vec<i32>>) -> KafkaResult<Reply> {
    s.apply(Command::CreatePartitionsWithAssignment { topic: "t".into(), count, assignment })
}

/// `kafka-topics.sh --alter --partitions N --replica-assignment` (CreatePartitions with
/// assignments, `ReplicationControlManager.createPartitions`): one replica list per added
/// partition, checked as a new topic's are, against the topic's replication factor.
#[test]
fn added_partitions_sit_where_they_were_placed() {
    let mut s = Sim::new(ClusterConfig::default(), 4);
    create(&mut s, vec![vec![3, 1], vec![2, 3]]).unwrap();
    add(&mut s, 4, vec![vec![1, 2], vec![2, 1]]).unwrap();
    let placed: Vec<(u32, Vec<i32>, Option<i32>)> =
        s.topic("t").unwrap().partitions.iter().map(|p| (p.index, p.replica_ids(), p.leader)).collect();
    assert_eq!(placed[2..], [(2, vec![1, 2], Some(1)), (3, vec![2, 1], Some(2))]);
    // the added partitions are led and followed like any other
    s.advance(1_000);
    let p3 = &s.topic("t").unwrap().partitions[3];
    assert_eq!(p3.isr, vec![2, 1]);
}

#[test]
fn bad_added_assignments_are_refused_and_change_nothing() {
    let mut s = Sim::new(ClusterConfig::default(), 4);
    create(&mut s, vec![vec![3, 1], vec![2, 3]]).unwrap();
    s.apply(Command::StopBroker { broker: 3, clean: false }).unwrap();
    s.advance(20_000);
    let before = s.state_hash();
    for (count, assignment, message) in [
        (4, vec![vec![1, 2]], "Attempted to add 2 additional partition(s), but only 1 assignment(s) were specified."),
        (3, vec![], "Attempted to add 1 additional partition(s), but only 0 assignment(s) were specified."),
        (3, vec![vec![1, 9]], "The manual partition assignment includes broker 9, but no such broker is registered."),
        (3, vec![vec![2, 2]], "The manual partition assignment includes the broker 2 more than once."),
        (
            3,
            vec![vec![1]],
            "The manual partition assignment includes a partition with 1 replica(s), but this is not consistent with previous partitions, which have 2 replica(s).",
        ),
        (
            4,
            vec![vec![1, 2], vec![3]],
            "The manual partition assignment includes a partition with 1 replica(s), but this is not consistent with previous partitions, which have 2 replica(s).",
        ),
    ] {
        let e = add(&mut s, count, assignment).unwrap_err();
        assert_eq!((e.code, e.message.as_str()), (ErrorCode::InvalidReplicaAssignment, message));
        assert_eq!(s.state_hash(), before);
    }
    // a fenced broker alone cannot hold an added partition
    s.apply(Command::CreateTopicWithAssignment { name: "u".into(), assignment: vec![vec![3]], configs: vec![] }).unwrap_err();
    let e = s
        .apply(Command::CreateTopicWithAssignment { name: "u".into(), assignment: vec![vec![1]], configs: vec![] })
        .and_then(|_| s.apply(Command::CreatePartitionsWithAssignment { topic: "u".into(), count: 2, assignment: vec![vec![3]] }))
        .unwrap_err();
    assert_eq!(e.message, "All brokers specified in the manual partition assignment for partition 1 are fenced or in controlled shutdown.");
    // the counts are checked before the assignment, as the controller does
    let e = add(&mut s, 2, vec![vec![1, 2]]).unwrap_err();
    assert_eq!((e.code, e.message.as_str()), (ErrorCode::InvalidPartitions, "Topic already has 2 partition(s)."));
}
