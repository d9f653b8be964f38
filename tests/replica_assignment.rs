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
