//! Consumer groups on the KIP-848 consumer protocol (`group.protocol=consumer`): joins,
//! reconciliation (revoke before assign), leaves, session and rebalance timeouts,
//! static members, every error of ConsumerGroupHeartbeat and OffsetCommit, groups shared
//! with the classic protocol, determinism, and a churn property test.
#![allow(clippy::disallowed_methods)] // native only: the one-sort rule (clippy.toml) is for the wasm build
#![cfg(not(target_arch = "wasm32"))]

use std::collections::BTreeMap;

use kafkascope::engine::assignor::TopicPartition;
use kafkascope::engine::group::consumer_group::{ConsumerGroup, ConsumerMemberState};
use kafkascope::engine::group::protocol::GroupApi;
use kafkascope::engine::group::{GroupState, GroupType};
use kafkascope::engine::*;
use proptest::prelude::*;

mod common;
use common::churn::{assert_committed_partitions_exist, cases, churn, with_topic_changes, Op};

/// The churn's members use the consumer protocol.
const KIP_848: &[(&str, &str)] = &[("group.protocol", "consumer")];

fn kv(k: &str, v: &str) -> (String, String) {
    (k.to_string(), v.to_string())
}

fn sim_with_topic(seed: u64, partitions: i32) -> Sim {
    let mut s = Sim::new(ClusterConfig::default(), seed);
    s.apply(Command::CreateTopic { name: "orders".into(), partitions: Some(partitions), replication_factor: Some(3), configs: vec![] })
        .unwrap();
    s
}

fn new_consumer(s: &mut Sim, group: &str, protocol: &str, extra: &[(&str, &str)]) -> u32 {
    let mut configs = vec![kv("group.id", group), kv("group.protocol", protocol), kv("auto.offset.reset", "earliest")];
    configs.extend(extra.iter().map(|(k, v)| kv(k, v)));
    let Reply::ConsumerCreated(id) = s.apply(Command::CreateConsumer { configs }).unwrap() else { panic!() };
    s.apply(Command::Subscribe { consumer: id, topics: vec!["orders".into()] }).unwrap();
    id
}

/// A member of `group` speaking the consumer protocol, subscribed to "orders".
fn consumer(s: &mut Sim, group: &str, extra: &[(&str, &str)]) -> u32 {
    new_consumer(s, group, "consumer", extra)
}

fn cg<'a>(s: &'a Sim, group: &str) -> &'a ConsumerGroup {
    s.consumer_group(group).unwrap_or_else(|| panic!("no consumer group {group}"))
}

fn state(s: &Sim, group: &str) -> GroupState {
    s.consumer_group(group).map_or(GroupState::Dead, |g| g.state)
}

fn owned(s: &Sim, c: u32) -> Vec<TopicPartition> {
    let mut v = s.consumer_state(c).unwrap().member.owned.clone();
    v.sort();
    v
}

fn member_id(s: &Sim, c: u32) -> String {
    s.consumer_state(c).unwrap().member.member_id.clone()
}

fn tps(list: &[u32]) -> Vec<TopicPartition> {
    list.iter().map(|p| TopicPartition::new("orders", *p)).collect()
}

fn produce(s: &mut Sim, n: usize) {
    let Reply::ProducerCreated(p) = s.apply(Command::CreateProducer { configs: vec![] }).unwrap() else { unreachable!() };
    for i in 0..n {
        s.apply(Command::Send { producer: p, topic: "orders".into(), partition: None, record: NewRecord::keyed(format!("k{i}"), "v") })
            .unwrap();
    }
    s.advance(100);
}

fn states_seen(s: &Sim, group: &str, from_seq: usize) -> Vec<GroupState> {
    s.trace()[from_seq..]
        .iter()
        .filter_map(|e| match &e.event {
            Event::GroupStateChanged { group: g, to, .. } if &**g == group => Some(*to),
            _ => None,
        })
        .collect()
}

/// The heartbeat errors consumer `c` received.
fn heartbeat_errors(s: &Sim, c: u32) -> Vec<ErrorCode> {
    s.trace()
        .iter()
        .filter_map(|e| match &e.event {
            Event::GroupResponseReceived { consumer, api: GroupApi::ConsumerGroupHeartbeat, error: Some(err), .. } if *consumer == c => {
                Some(*err)
            }
            _ => None,
        })
        .collect()
}

fn failed_with(s: &Sim, c: u32) -> Option<ErrorCode> {
    s.trace().iter().find_map(|e| match &e.event {
        Event::ConsumerFailed { consumer, error, .. } if *consumer == c => Some(*error),
        _ => None,
    })
}

/// No partition is owned by two live consumers that the coordinator counts as members
/// (client view). A consumer the coordinator already removed is a zombie until it hears
/// so; Kafka cannot stop it from processing what it fetched.
fn assert_single_owners(s: &Sim, group: &str, consumers: &[u32]) {
    let Some(g) = s.consumer_group(group) else { return };
    let mut seen = BTreeMap::new();
    for c in consumers {
        let st = s.consumer_state(*c).unwrap();
        if !st.alive || !g.has_member(&st.member.member_id) {
            continue;
        }
        for tp in &st.member.owned {
            if let Some(other) = seen.insert(tp.clone(), *c) {
                panic!("{tp} owned by consumers {other} and {c} at t={}", s.now());
            }
        }
    }
    assert!(g.doubly_held().is_empty(), "the coordinator let two members hold {:?}", g.doubly_held());
}

/// Steps until the coordinator has moved the epoch of `c`'s member (on one of its
/// heartbeats), then cuts `c` off so that the response is lost, and reconnects it. The
/// client keeps waiting for the lost answer until `request.timeout.ms`.
fn lose_the_response_that_moves_the_epoch(s: &mut Sim, group: &str, c: u32) {
    let id = member_id(s, c);
    let epoch = |s: &Sim| cg(s, group).member(&id).unwrap().member_epoch;
    let before = epoch(s);
    let deadline = s.now() + 60_000;
    while epoch(s) == before {
        assert!(s.now() < deadline, "the epoch never moved");
        assert!(s.step());
    }
    s.apply(Command::SetDisconnected { consumer: c, disconnected: true }).unwrap();
    s.advance(10);
    s.apply(Command::SetDisconnected { consumer: c, disconnected: false }).unwrap();
}

#[test]
fn three_members_reach_stable_with_a_uniform_assignment() {
    let mut s = sim_with_topic(7, 6);
    let cs: Vec<u32> = (0..3).map(|_| consumer(&mut s, "g", &[])).collect();
    s.advance(15_000);
    assert_eq!(state(&s, "g"), GroupState::Stable);
    assert_eq!(s.group_type("g"), Some(GroupType::Consumer));
    assert!(s.group("g").is_none(), "no classic group of that id");
    let g = cg(&s, "g");
    assert_eq!(g.members.len(), 3);
    assert_eq!(g.group_epoch, 3, "one bump per member joining");
    assert_eq!(g.assignment_epoch, 3);
    for m in &g.members {
        assert_eq!(m.member_epoch, 3);
        assert_eq!(m.state, ConsumerMemberState::Stable);
        assert_eq!(m.member_id.len(), 22, "a Kafka Uuid string: {}", m.member_id);
        assert!(!m.member_id.starts_with('-'));
    }
    for c in &cs {
        assert_eq!(owned(&s, *c).len(), 2, "uniform gives 6/3 = 2 each");
        assert_eq!(cg(&s, "g").member(&member_id(&s, *c)).unwrap().assigned, owned(&s, *c), "client and coordinator agree");
    }
    assert_single_owners(&s, "g", &cs);
    let trace = s.trace();
    // one RPC for everything: no JoinGroup, SyncGroup or Heartbeat
    assert!(trace.iter().all(|e| !matches!(
        &e.event,
        Event::GroupRequestSent { api: GroupApi::JoinGroup | GroupApi::SyncGroup | GroupApi::Heartbeat | GroupApi::LeaveGroup, .. }
    )));
    assert!(trace.iter().any(|e| matches!(&e.event, Event::GroupResponseReceived { api: GroupApi::ConsumerGroupHeartbeat, detail, .. }
            if detail.contains("heartbeat interval 5000 ms"))));
    let assignors: Vec<&str> = trace
        .iter()
        .filter_map(|e| match &e.event {
            Event::TargetAssignmentComputed { assignor, .. } => Some(assignor.as_str()),
            _ => None,
        })
        .collect();
    assert!(!assignors.is_empty() && assignors.iter().all(|a| *a == "uniform"), "the default server assignor: {assignors:?}");
    assert_eq!(*states_seen(&s, "g", 0).last().unwrap(), GroupState::Stable);
    // heartbeats every 5 s once stable
    let before = s.trace().len();
    s.advance(20_000);
    let sent = s.trace()[before..]
        .iter()
        .filter(
            |e| matches!(&e.event, Event::GroupRequestSent { api: GroupApi::ConsumerGroupHeartbeat, consumer, .. } if *consumer == cs[0]),
        )
        .count();
    assert_eq!(sent, 4, "20 s / 5 s");
}

#[test]
fn a_fourth_member_gets_partitions_only_after_their_owners_revoked_them() {
    let mut s = sim_with_topic(11, 6);
    let mut cs: Vec<u32> = (0..3).map(|_| consumer(&mut s, "g", &[])).collect();
    s.advance(15_000);
    assert_eq!(state(&s, "g"), GroupState::Stable);
    let epoch = cg(&s, "g").group_epoch;
    let before = s.trace().len();
    cs.push(consumer(&mut s, "g", &[]));
    // step through every event, checking ownership at every virtual time
    while s.now() < 40_000 {
        if s.step_event(40_000 - s.now()).is_none() {
            break;
        }
        assert_single_owners(&s, "g", &cs);
    }
    assert_eq!(state(&s, "g"), GroupState::Stable);
    assert_eq!(cg(&s, "g").group_epoch, epoch + 1);
    let mut sizes: Vec<usize> = cs.iter().map(|c| owned(&s, *c).len()).collect();
    sizes.sort();
    assert_eq!(sizes, vec![1, 1, 2, 2]);
    let new = cs[3];
    let trace = &s.trace()[before..];
    // the new member's partitions were each revoked by their previous owner first
    for tp in owned(&s, new) {
        let revoked_at = trace
            .iter()
            .position(|e| matches!(&e.event, Event::PartitionsRevoked { partitions, consumer, .. } if *consumer != new && partitions.contains(&tp)))
            .unwrap_or_else(|| panic!("{tp} was never revoked"));
        let assigned_at = trace
            .iter()
            .position(|e| matches!(&e.event, Event::PartitionsAssigned { partitions, consumer, .. } if *consumer == new && partitions.contains(&tp)))
            .unwrap();
        assert!(revoked_at < assigned_at, "{tp} assigned before it was revoked");
    }
    // the old members revoked one partition each, nothing more (incremental)
    let revoked: usize = trace
        .iter()
        .filter_map(|e| match &e.event {
            Event::PartitionsRevoked { partitions, .. } => Some(partitions.len()),
            _ => None,
        })
        .sum();
    assert_eq!(revoked, 2);
    // the coordinator went through revocation and release states
    let member_states: Vec<ConsumerMemberState> = trace
        .iter()
        .filter_map(|e| match &e.event {
            Event::MemberAssignmentUpdated { state, .. } => Some(*state),
            _ => None,
        })
        .collect();
    assert!(member_states.contains(&ConsumerMemberState::UnrevokedPartitions));
    assert!(member_states.contains(&ConsumerMemberState::UnreleasedPartitions));
    assert!(states_seen(&s, "g", before).contains(&GroupState::Reconciling));
}

#[test]
fn a_member_that_closes_leaves_with_epoch_minus_one() {
    let mut s = sim_with_topic(7, 4);
    produce(&mut s, 20);
    let cs: Vec<u32> = (0..2).map(|_| consumer(&mut s, "g", &[])).collect();
    // Stable at about 10 s (the second join waits out group.consumer.assignment.interval.ms
    // and a heartbeat), and the next auto-commit is at 15 s
    s.advance(12_000);
    assert_eq!(state(&s, "g"), GroupState::Stable);
    // records the members fetch but have not committed yet when the first one closes
    produce(&mut s, 20);
    let epoch = cg(&s, "g").group_epoch;
    let before = s.trace().len();
    s.apply(Command::CloseConsumer { consumer: cs[0] }).unwrap();
    s.advance(100);
    assert_eq!(cg(&s, "g").members.len(), 1, "the leave heartbeat removed it at once");
    assert_eq!(cg(&s, "g").group_epoch, epoch + 1);
    assert_eq!(states_seen(&s, "g", before)[0], GroupState::Assigning, "no target yet for the new epoch");
    assert!(s.trace()[before..].iter().any(
        |e| matches!(&e.event, Event::GroupRequestSent { api: GroupApi::ConsumerGroupHeartbeat, detail, .. } if detail.contains("epoch -1 (leave)"))
    ));
    // the close committed the final positions first
    assert!(s.trace()[before..].iter().any(|e| matches!(&e.event, Event::OffsetsCommitted { .. })));
    s.advance(15_000);
    assert_eq!(state(&s, "g"), GroupState::Stable);
    assert_eq!(owned(&s, cs[1]), tps(&[0, 1, 2, 3]));
    // the last member leaving empties the group, which keeps its offsets
    s.apply(Command::CloseConsumer { consumer: cs[1] }).unwrap();
    s.advance(1_000);
    assert_eq!(state(&s, "g"), GroupState::Empty);
    let committed: i64 = cg(&s, "g").offsets.values().map(|o| o.offset).sum();
    assert_eq!(committed, 40);
}

#[test]
fn a_crashed_member_is_fenced_when_its_session_expires() {
    let mut s = sim_with_topic(7, 4);
    let cs: Vec<u32> = (0..2).map(|_| consumer(&mut s, "g", &[])).collect();
    s.advance(15_000);
    s.apply(Command::CrashConsumer { consumer: cs[0] }).unwrap();
    s.advance(35_000);
    assert_eq!(cg(&s, "g").members.len(), 2, "not yet: group.consumer.session.timeout.ms is 45 s");
    s.advance(15_000);
    assert_eq!(cg(&s, "g").members.len(), 1);
    assert!(s.trace().iter().any(|e| matches!(&e.event, Event::MemberRemoved { reason, .. } if reason.contains("session expired"))));
    s.advance(15_000);
    assert_eq!(state(&s, "g"), GroupState::Stable);
    assert_eq!(owned(&s, cs[1]), tps(&[0, 1, 2, 3]));
}

#[test]
fn a_static_member_restarting_within_the_session_keeps_its_partitions_without_a_rebalance() {
    let mut s = sim_with_topic(7, 4);
    let a = consumer(&mut s, "g", &[("group.instance.id", "a")]);
    let b = consumer(&mut s, "g", &[("group.instance.id", "b")]);
    s.advance(15_000);
    assert_eq!(state(&s, "g"), GroupState::Stable);
    let (epoch, assignment_epoch) = (cg(&s, "g").group_epoch, cg(&s, "g").assignment_epoch);
    let a_parts = owned(&s, a);
    let b_parts = owned(&s, b);
    let old_id = member_id(&s, a);
    let before = s.trace().len();
    s.apply(Command::CloseConsumer { consumer: a }).unwrap();
    s.advance(100);
    assert!(s.trace()[before..].iter().any(|e| matches!(&e.event, Event::GroupRequestSent { detail, .. } if detail.contains("epoch -2"))));
    let m = cg(&s, "g").member(&old_id).unwrap();
    assert_eq!(m.member_epoch, -2, "still a member, away for now");
    assert_eq!(m.assigned, a_parts, "its partitions wait for it");
    assert_eq!(cg(&s, "g").group_epoch, epoch, "no rebalance");
    s.advance(15_000);
    let a2 = consumer(&mut s, "g", &[("group.instance.id", "a")]);
    s.advance(15_000);
    assert_eq!(state(&s, "g"), GroupState::Stable);
    let g = cg(&s, "g");
    assert_eq!((g.group_epoch, g.assignment_epoch), (epoch, assignment_epoch), "no rebalance");
    assert_eq!(g.members.len(), 2);
    assert!(!g.has_member(&old_id));
    assert_ne!(member_id(&s, a2), old_id, "a new member id replaced the old one");
    assert_eq!(owned(&s, a2), a_parts, "same assignment");
    assert_eq!(owned(&s, b), b_parts, "nobody else moved");
    assert!(s.trace().iter().any(|e| matches!(&e.event, Event::MemberReplaced { old_member_id, .. } if *old_member_id == old_id)));
    assert!(!s.trace()[before..].iter().any(|e| matches!(&e.event, Event::PartitionsRevoked { consumer, .. } if *consumer == b)));
}

#[test]
fn a_static_member_that_does_not_come_back_is_fenced_at_the_session_timeout() {
    let mut s = sim_with_topic(7, 4);
    let a = consumer(&mut s, "g", &[("group.instance.id", "a")]);
    let b = consumer(&mut s, "g", &[("group.instance.id", "b")]);
    s.advance(15_000);
    s.apply(Command::CloseConsumer { consumer: a }).unwrap();
    s.advance(30_000);
    assert_eq!(state(&s, "g"), GroupState::Reconciling, "a member away with epoch -2 is not reconciled");
    assert_eq!(owned(&s, b).len(), 2);
    s.advance(30_000);
    assert_eq!(cg(&s, "g").members.len(), 1);
    assert_eq!(state(&s, "g"), GroupState::Stable);
    assert_eq!(owned(&s, b).len(), 4);
}

#[test]
fn subscription_and_topic_changes_bump_the_group_epoch() {
    let mut s = sim_with_topic(7, 2);
    let c = consumer(&mut s, "g", &[]);
    s.advance(15_000);
    let epoch = cg(&s, "g").group_epoch;
    // subscribing to a topic that does not exist yet (and that the broker does not create on
    // the consumer's metadata request) changes the subscription only
    s.apply(Command::SetClusterConfig { name: "auto.create.topics.enable".into(), value: "false".into() }).unwrap();
    s.apply(Command::Subscribe { consumer: c, topics: vec!["orders".into(), "refunds".into()] }).unwrap();
    s.advance(6_000);
    assert_eq!(cg(&s, "g").group_epoch, epoch + 1);
    assert_eq!(cg(&s, "g").members[0].subscribed_topics, vec!["orders".to_string(), "refunds".to_string()]);
    assert_eq!(owned(&s, c), tps(&[0, 1]));
    // the topic appears: the metadata changed, a new epoch, and its partition is assigned
    s.apply(Command::CreateTopic { name: "refunds".into(), partitions: Some(1), replication_factor: Some(1), configs: vec![] }).unwrap();
    s.advance(6_000);
    assert_eq!(cg(&s, "g").group_epoch, epoch + 2);
    assert!(s.trace().iter().any(|e| matches!(&e.event, Event::RebalanceStarted { reason, .. } if reason.contains("metadata changed"))));
    assert!(owned(&s, c).contains(&TopicPartition::new("refunds", 0)));
    // unsubscribing from it revokes its partition
    s.apply(Command::Subscribe { consumer: c, topics: vec!["orders".into()] }).unwrap();
    s.advance(6_000);
    assert_eq!(cg(&s, "g").group_epoch, epoch + 3);
    assert_eq!(owned(&s, c), tps(&[0, 1]));
    assert!(s.trace().iter().any(
        |e| matches!(&e.event, Event::PartitionsRevoked { partitions, .. } if partitions == &vec![TopicPartition::new("refunds", 0)])
    ));
    assert_eq!(state(&s, "g"), GroupState::Stable);
    assert_eq!(s.list_groups(), vec![("g".into(), GroupType::Consumer, GroupState::Stable)]);
}

#[test]
fn the_range_server_assignor_can_be_chosen() {
    let mut s = sim_with_topic(7, 5);
    let cs: Vec<u32> = (0..2).map(|_| consumer(&mut s, "g", &[("group.remote.assignor", "range")])).collect();
    s.advance(15_000);
    assert_eq!(state(&s, "g"), GroupState::Stable);
    assert!(s.trace().iter().any(|e| matches!(&e.event, Event::TargetAssignmentComputed { assignor, .. } if assignor == "range")));
    let mut got: Vec<Vec<TopicPartition>> = cs.iter().map(|c| owned(&s, *c)).collect();
    got.sort_by_key(|v| v.len());
    assert_eq!(got, vec![tps(&[3, 4]), tps(&[0, 1, 2])], "contiguous ranges");
    assert_eq!(s.describe_group("g").unwrap().protocol.as_deref(), Some("range"));
}

#[test]
fn describe_group_serves_consumer_groups() {
    let mut s = sim_with_topic(7, 4);
    produce(&mut s, 40);
    let cs: Vec<u32> = (0..2).map(|_| consumer(&mut s, "g", &[("auto.commit.interval.ms", "1000")])).collect();
    s.advance(15_000);
    let d = s.describe_group("g").unwrap();
    assert_eq!(d.group_type, GroupType::Consumer);
    assert_eq!(d.state, GroupState::Stable);
    assert_eq!(d.generation_id, cg(&s, "g").group_epoch);
    assert_eq!(d.assignment_epoch, Some(d.generation_id));
    assert_eq!(d.protocol.as_deref(), Some("uniform"));
    assert_eq!(d.leader, None);
    assert_eq!(d.members.len(), 2);
    for m in &d.members {
        assert_eq!(m.member_epoch, Some(d.generation_id));
        assert_eq!(m.target_assignment.as_ref(), Some(&m.assignment));
        assert_eq!(m.assignment.len(), 2);
        assert!(cs.contains(&m.consumer));
        assert_eq!(m.client_id, "consumer-g-1");
    }
    assert_eq!(d.offsets.len(), 4);
    assert!(d.offsets.iter().all(|r| r.member_id.is_some() && r.lag == Some(0)), "{:?}", d.offsets);
    // kafka-consumer-groups.sh --delete refuses a non-empty group
    assert_eq!(s.apply(Command::DeleteGroup { group: "g".into() }).unwrap_err().code, ErrorCode::NonEmptyGroup);
    assert_eq!(
        s.apply(Command::AlterGroupOffsets { group: "g".into(), offsets: vec![("orders".into(), 0, 0)] }).unwrap_err().code,
        ErrorCode::UnknownMemberId
    );
    for c in &cs {
        s.apply(Command::CloseConsumer { consumer: *c }).unwrap();
    }
    s.advance(1_000);
    assert_eq!(s.describe_group("g").unwrap().state, GroupState::Empty);
    s.apply(Command::AlterGroupOffsets { group: "g".into(), offsets: vec![("orders".into(), 0, 0)] }).unwrap();
    assert_eq!(cg(&s, "g").offsets[&TopicPartition::new("orders", 0)].offset, 0, "reset while Empty");
    s.apply(Command::DeleteGroup { group: "g".into() }).unwrap();
    assert!(s.describe_group("g").is_none());
}

#[test]
fn a_member_that_misses_max_poll_interval_leaves_and_rejoins_later() {
    let mut s = sim_with_topic(7, 2);
    let cs: Vec<u32> = (0..2).map(|_| consumer(&mut s, "g", &[("max.poll.interval.ms", "10000")])).collect();
    s.advance(15_000);
    s.apply(Command::SetProcessingTime { consumer: cs[0], ms_per_record: 1_000 }).unwrap();
    produce(&mut s, 40);
    s.advance(30_000);
    assert!(s.trace().iter().any(|e| matches!(&e.event, Event::PollTimeoutExpired { consumer, .. } if *consumer == cs[0])));
    assert!(s.trace().iter().any(|e| matches!(&e.event, Event::PartitionsLost { consumer, .. } if *consumer == cs[0])));
    assert!(s.trace().iter().any(|e| matches!(&e.event, Event::MemberRemoved { reason, .. } if reason.contains("left the group"))));
    // the other member took over meanwhile
    assert!(owned(&s, cs[1]).len() == 2 || cg(&s, "g").members.len() == 2);
    // once its application polls again, it rejoins
    s.apply(Command::SetProcessingTime { consumer: cs[0], ms_per_record: 0 }).unwrap();
    s.advance(60_000);
    assert_eq!(cg(&s, "g").members.len(), 2);
    assert_eq!(state(&s, "g"), GroupState::Stable);
    assert_eq!(owned(&s, cs[0]).len() + owned(&s, cs[1]).len(), 2);
}

#[test]
fn a_member_that_cannot_revoke_in_time_is_fenced_by_the_rebalance_timeout() {
    let mut s = sim_with_topic(7, 4);
    let c1 = consumer(&mut s, "g", &[("max.poll.interval.ms", "10000")]);
    s.advance(15_000);
    let id = member_id(&s, c1);
    let c2 = consumer(&mut s, "g", &[]);
    // c1 hears it must revoke... and is cut off before it can answer
    while cg(&s, "g").member(&id).unwrap().state != ConsumerMemberState::UnrevokedPartitions {
        assert!(s.step());
    }
    s.apply(Command::SetDisconnected { consumer: c1, disconnected: true }).unwrap();
    s.advance(10_500);
    assert!(!cg(&s, "g").has_member(&id), "fenced before its 45 s session would expire");
    assert!(s
        .trace()
        .iter()
        .any(|e| matches!(&e.event, Event::MemberRemoved { reason, .. } if reason.contains("failed to transition from epoch"))));
    s.advance(15_000);
    assert_eq!(owned(&s, c2), tps(&[0, 1, 2, 3]));
    // back online, the zombie learns it is unknown, drops its partitions and rejoins
    s.apply(Command::SetDisconnected { consumer: c1, disconnected: false }).unwrap();
    s.advance(20_000);
    assert!(heartbeat_errors(&s, c1).contains(&ErrorCode::UnknownMemberId));
    assert!(s.trace().iter().any(|e| matches!(&e.event, Event::PartitionsLost { consumer, .. } if *consumer == c1)));
    assert_eq!(state(&s, "g"), GroupState::Stable);
    assert_eq!(owned(&s, c1).len(), 2);
    assert_eq!(member_id(&s, c1), id, "it keeps its member id");
}

#[test]
fn error_unsupported_assignor() {
    let mut s = sim_with_topic(7, 2);
    let c = consumer(&mut s, "g", &[("group.remote.assignor", "sticky")]);
    s.advance(1_000);
    assert_eq!(failed_with(&s, c), Some(ErrorCode::UnsupportedAssignor));
    assert!(s.trace().iter().any(|e| matches!(&e.event, Event::GroupResponseReceived { detail, .. }
        if detail == "ServerAssignor sticky is not supported. Supported assignors: uniform, range.")));
    // and the client refuses it with the classic protocol
    let e = s.apply(Command::CreateConsumer { configs: vec![kv("group.id", "g"), kv("group.remote.assignor", "range")] }).unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidConfig);
}

#[test]
fn error_invalid_request() {
    let mut s = sim_with_topic(7, 2);
    let c = consumer(&mut s, "", &[]);
    s.advance(1_000);
    assert_eq!(failed_with(&s, c), Some(ErrorCode::InvalidRequest));
    assert!(s
        .trace()
        .iter()
        .any(|e| matches!(&e.event, Event::GroupResponseReceived { detail, .. } if detail == "GroupId can't be empty.")));
}

#[test]
fn error_unreleased_instance_id() {
    let mut s = sim_with_topic(7, 2);
    let a = consumer(&mut s, "g", &[("group.instance.id", "a")]);
    s.advance(15_000);
    // a crash sends no epoch -2, so the instance id is still taken
    s.apply(Command::CrashConsumer { consumer: a }).unwrap();
    s.advance(1_000);
    let a2 = consumer(&mut s, "g", &[("group.instance.id", "a")]);
    s.advance(1_000);
    assert_eq!(failed_with(&s, a2), Some(ErrorCode::UnreleasedInstanceId));
    // once the session expired, the instance id is free again
    s.advance(50_000);
    let a3 = consumer(&mut s, "g", &[("group.instance.id", "a")]);
    s.advance(15_000);
    assert_eq!(failed_with(&s, a3), None);
    assert_eq!(owned(&s, a3), tps(&[0, 1]));
}

#[test]
fn error_fenced_instance_id() {
    let mut s = sim_with_topic(7, 2);
    let a = consumer(&mut s, "g", &[("group.instance.id", "a")]);
    s.advance(15_000);
    s.apply(Command::SetDisconnected { consumer: a, disconnected: true }).unwrap();
    s.advance(50_000); // the session expires; the member is fenced
    let a2 = consumer(&mut s, "g", &[("group.instance.id", "a")]);
    s.advance(15_000);
    assert_eq!(owned(&s, a2), tps(&[0, 1]));
    s.apply(Command::SetDisconnected { consumer: a, disconnected: false }).unwrap();
    s.advance(15_000);
    assert_eq!(failed_with(&s, a), Some(ErrorCode::FencedInstanceId));
    assert!(!s.consumer_state(a).unwrap().alive);
    assert_eq!(owned(&s, a2), tps(&[0, 1]), "the new instance keeps the partitions");
}

#[test]
fn error_unknown_member_id() {
    let mut s = sim_with_topic(7, 4);
    let cs: Vec<u32> = (0..2).map(|_| consumer(&mut s, "g", &[])).collect();
    s.advance(15_000);
    let id = member_id(&s, cs[0]);
    s.apply(Command::SetDisconnected { consumer: cs[0], disconnected: true }).unwrap();
    s.advance(50_000);
    assert!(!cg(&s, "g").has_member(&id));
    s.advance(15_000);
    assert_eq!(owned(&s, cs[1]).len(), 4);
    s.apply(Command::SetDisconnected { consumer: cs[0], disconnected: false }).unwrap();
    s.advance(20_000);
    assert_eq!(heartbeat_errors(&s, cs[0]), vec![ErrorCode::UnknownMemberId]);
    assert_eq!(failed_with(&s, cs[0]), None, "not fatal: the member rejoins");
    assert_eq!(state(&s, "g"), GroupState::Stable);
    assert_eq!(owned(&s, cs[0]).len(), 2);
    assert_eq!(owned(&s, cs[1]).len(), 2);
}

#[test]
fn error_fenced_member_epoch_after_two_lost_responses() {
    let mut s = sim_with_topic(7, 2);
    let c = consumer(&mut s, "g", &[]);
    s.advance(15_000);
    let id = member_id(&s, c);
    assert_eq!(cg(&s, "g").member(&id).unwrap().member_epoch, 1);
    // a new partition bumps the group epoch; the answer moving the member to epoch 2 is lost
    s.apply(Command::CreatePartitions { topic: "orders".into(), count: 3 }).unwrap();
    lose_the_response_that_moves_the_epoch(&mut s, "g", c);
    assert_eq!(cg(&s, "g").member(&id).unwrap().member_epoch, 2);
    assert_eq!(s.consumer_state(c).unwrap().member.consumer_protocol.member_epoch, 1);
    // after request.timeout.ms the client retries with epoch 1: accepted (the previous
    // epoch, owning a subset), and moved on to epoch 3 by another new partition; lost again
    s.advance(20_000);
    s.apply(Command::CreatePartitions { topic: "orders".into(), count: 4 }).unwrap();
    lose_the_response_that_moves_the_epoch(&mut s, "g", c);
    let m = cg(&s, "g").member(&id).unwrap();
    assert_eq!((m.member_epoch, m.previous_member_epoch), (3, 2));
    assert!(heartbeat_errors(&s, c).iter().all(|e| *e == ErrorCode::RequestTimedOut));
    // the next retry with epoch 1 is neither current nor previous: fenced
    s.advance(40_000);
    let errors = heartbeat_errors(&s, c);
    assert!(errors.contains(&ErrorCode::FencedMemberEpoch), "{errors:?}");
    assert!(s.trace().iter().any(|e| matches!(&e.event, Event::PartitionsLost { consumer, .. } if *consumer == c)));
    assert!(s.trace().iter().any(|e| matches!(&e.event, Event::GroupResponseReceived { detail, .. }
        if detail.contains("smaller member epoch (1) than the one known by the group coordinator (3)"))));
    // it rejoined with epoch 0 under the same member id and got its partitions back
    assert_eq!(member_id(&s, c), id);
    assert_eq!(owned(&s, c), tps(&[0, 1, 2, 3]));
    assert_eq!(state(&s, "g"), GroupState::Stable);
    assert_eq!(failed_with(&s, c), None);
}

#[test]
fn error_stale_member_epoch_on_offset_commit() {
    let mut s = sim_with_topic(7, 2);
    let c = consumer(&mut s, "g", &[("auto.commit.interval.ms", "1000")]);
    s.advance(15_000);
    s.apply(Command::CreatePartitions { topic: "orders".into(), count: 3 }).unwrap();
    lose_the_response_that_moves_the_epoch(&mut s, "g", c);
    // the client still commits with epoch 1; the coordinator knows epoch 2
    produce(&mut s, 20);
    s.advance(3_000);
    assert!(s
        .trace()
        .iter()
        .any(|e| matches!(&e.event, Event::CommitFailed { consumer, error: ErrorCode::StaleMemberEpoch, .. } if *consumer == c)));
    assert!(s.trace().iter().any(|e| matches!(
        &e.event,
        Event::GroupResponseReceived { api: GroupApi::OffsetCommit, error: Some(ErrorCode::StaleMemberEpoch), .. }
    )));
    // once the retried heartbeat brings epoch 2, commits go through
    s.advance(40_000);
    assert_eq!(s.consumer_state(c).unwrap().member.consumer_protocol.member_epoch, 2);
    produce(&mut s, 20);
    s.advance(5_000);
    let committed: i64 = cg(&s, "g").offsets.values().map(|o| o.offset).sum();
    assert_eq!(committed, 40);
    assert!(s.consumer_state(c).unwrap().alive);
}

#[test]
fn error_group_id_not_found_for_a_busy_classic_group() {
    let mut s = sim_with_topic(7, 2);
    let classic = new_consumer(&mut s, "g", "classic", &[]);
    s.advance(15_000);
    assert_eq!(s.group("g").unwrap().state, GroupState::Stable);
    let c = consumer(&mut s, "g", &[]);
    s.advance(1_000);
    assert_eq!(failed_with(&s, c), Some(ErrorCode::GroupIdNotFound));
    assert!(s
        .trace()
        .iter()
        .any(|e| matches!(&e.event, Event::GroupResponseReceived { detail, .. } if detail == "Group g is not a consumer group")));
    assert_eq!(s.group_type("g"), Some(GroupType::Classic));
    assert_eq!(owned(&s, classic).len(), 2, "the classic group carries on");
}

#[test]
fn error_inconsistent_group_protocol_for_a_busy_consumer_group() {
    let mut s = sim_with_topic(7, 2);
    let c = consumer(&mut s, "h", &[]);
    s.advance(15_000);
    let classic = new_consumer(&mut s, "h", "classic", &[]);
    s.advance(5_000);
    assert_eq!(failed_with(&s, classic), Some(ErrorCode::InconsistentGroupProtocol));
    assert_eq!(s.group_type("h"), Some(GroupType::Consumer));
    assert_eq!(owned(&s, c).len(), 2);
}

#[test]
fn empty_groups_change_protocol_and_keep_their_offsets() {
    let mut s = sim_with_topic(7, 2);
    produce(&mut s, 10);
    let classic = new_consumer(&mut s, "g", "classic", &[]);
    s.advance(15_000);
    s.apply(Command::CloseConsumer { consumer: classic }).unwrap();
    s.advance(1_000);
    assert_eq!(s.group("g").unwrap().state, GroupState::Empty);
    // an Empty classic group gives way to a consumer group, offsets and all
    produce(&mut s, 5);
    let c = consumer(&mut s, "g", &[]);
    s.advance(15_000);
    assert_eq!(s.group_type("g"), Some(GroupType::Consumer));
    assert_eq!(s.consumer_state(c).unwrap().delivered_records, 5, "it resumed from the committed offsets");
    assert!(!s.trace().iter().any(|e| matches!(&e.event, Event::DuplicateDelivery { .. })));
    s.apply(Command::CloseConsumer { consumer: c }).unwrap();
    s.advance(1_000);
    let committed: i64 = cg(&s, "g").offsets.values().map(|o| o.offset).sum();
    assert_eq!(committed, 15);
    // and an Empty consumer group gives way to a classic one
    produce(&mut s, 5);
    let classic2 = new_consumer(&mut s, "g", "classic", &[]);
    s.advance(15_000);
    assert_eq!(s.group_type("g"), Some(GroupType::Classic));
    assert_eq!(s.consumer_state(classic2).unwrap().delivered_records, 5);
}

#[test]
fn records_delivered_twice_are_flagged_in_consumer_groups_too() {
    let mut s = sim_with_topic(7, 1);
    produce(&mut s, 10);
    let c = consumer(&mut s, "g", &[("auto.commit.interval.ms", "60000")]);
    s.advance(15_000);
    assert_eq!(s.consumer_state(c).unwrap().delivered_records, 10);
    s.apply(Command::CrashConsumer { consumer: c }).unwrap();
    let c2 = consumer(&mut s, "g", &[]);
    s.advance(60_000);
    assert_eq!(s.consumer_state(c2).unwrap().delivered_records, 10);
    assert!(s.trace().iter().any(|e| matches!(&e.event, Event::DuplicateDelivery { first_offset: 0, last_offset: 9, .. })));
}

#[test]
fn a_group_survives_its_coordinator_broker_stopping() {
    let mut s = sim_with_topic(7, 4);
    let cs: Vec<u32> = (0..2).map(|_| consumer(&mut s, "g", &[])).collect();
    s.advance(15_000);
    let coordinator = s.coordinator_for("g").unwrap();
    s.apply(Command::StopBroker { broker: coordinator, clean: false }).unwrap();
    s.advance(90_000);
    assert_ne!(s.coordinator_for("g").unwrap(), coordinator);
    assert_eq!(state(&s, "g"), GroupState::Stable);
    assert_eq!(cg(&s, "g").members.len(), 2);
    let total: usize = cs.iter().map(|c| owned(&s, *c).len()).sum();
    assert_eq!(total, 4);
}

fn scenario(seed: u64) -> Sim {
    let mut s = sim_with_topic(seed, 6);
    let a = consumer(&mut s, "g", &[]);
    consumer(&mut s, "g", &[("group.instance.id", "i")]);
    produce(&mut s, 30);
    s.advance(15_000);
    let c = consumer(&mut s, "g", &[]);
    s.advance(15_000);
    s.apply(Command::CloseConsumer { consumer: a }).unwrap();
    s.apply(Command::CrashConsumer { consumer: c }).unwrap();
    produce(&mut s, 30);
    s.advance(60_000);
    s
}

#[test]
fn the_same_seed_gives_the_same_history() {
    let (a, b) = (scenario(42), scenario(42));
    assert_eq!(a.trace_hash(), b.trace_hash());
    assert_eq!(a.state_hash(), b.state_hash());
    let ids = |s: &Sim| cg(s, "g").members.iter().map(|m| m.member_id.clone()).collect::<Vec<_>>();
    assert_eq!(ids(&a), ids(&b));
    assert_ne!(ids(&a), ids(&scenario(43)), "member ids come from the seeded generator");
    assert_eq!(state(&a, "g"), GroupState::Stable);
}

// ---- churn ----

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        3 => Just(Op::Join),
        1 => (0u8..3).prop_map(Op::JoinStatic),
        1 => (0usize..8).prop_map(Op::Crash),
        1 => (0usize..8).prop_map(Op::Close),
        1 => (0usize..8).prop_map(Op::Slow),
        1 => (1i32..=3).prop_map(Op::StopBroker),
        1 => (1i32..=3).prop_map(Op::StartBroker),
        2 => (1u8..30).prop_map(Op::Produce),
        4 => (100i64..30_000).prop_map(Op::Advance),
    ]
}

/// Every broker back and every application fast again, then time to settle: two
/// rebalance timeouts past the session timeout.
fn settle(s: &mut Sim) {
    for b in 1..=3 {
        let _ = s.apply(Command::StartBroker { broker: b });
    }
    let ids: Vec<u32> = s.consumers().map(|c| c.id).collect();
    for c in ids {
        let _ = s.apply(Command::SetProcessingTime { consumer: c, ms_per_record: 0 });
    }
    s.advance(120_000 + 2 * 300_000);
}

/// A Stable group with one subscription is balanced: member sizes differ by at most one,
/// and every partition has an owner.
fn balanced_when_stable(s: &Sim) {
    let Some(g) = s.consumer_group("g") else { return };
    if g.state != GroupState::Stable || g.members.is_empty() {
        return;
    }
    let sizes: Vec<usize> = g.members.iter().map(|m| m.assigned.len()).collect();
    let (min, max) = (sizes.iter().min().unwrap(), sizes.iter().max().unwrap());
    assert!(max - min <= 1, "unbalanced {sizes:?} at t={}", s.now());
    assert_eq!(sizes.iter().sum::<usize>(), 7, "every partition assigned at t={}", s.now());
}

fn committed_below_high_watermark(s: &Sim) {
    let Some(g) = s.consumer_group("g") else { return };
    for (tp, c) in &g.offsets {
        let hw = s.topic(&tp.topic).unwrap().partitions[tp.partition as usize].high_watermark();
        assert!(c.offset <= hw, "committed {} above the high watermark {hw} of {tp}", c.offset);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases()))]

    #[test]
    fn churn_never_double_owns_and_stays_balanced(seed in any::<u64>(), ops in proptest::collection::vec(op(), 5..40)) {
        let mut s = churn(seed, &ops, KIP_848, |s, cs| {
            assert_single_owners(s, "g", cs);
            balanced_when_stable(s);
            committed_below_high_watermark(s);
        });
        // with every broker back, every application fast again and time to settle, the
        // group is Stable and complete. (A slow application, 2 s per record, may take
        // longer than the settling time to finish its batch and acknowledge a revocation:
        // KIP-848 reconciliation rightly waits for it, up to max.poll.interval.ms.)
        settle(&mut s);
        if let Some(g) = s.consumer_group("g") {
            if !g.members.is_empty() && g.members.iter().all(|m| m.member_epoch >= 0) {
                prop_assert_eq!(g.state, GroupState::Stable);
                balanced_when_stable(&s);
            }
        }
    }

    /// The group's topic deleted, created again with another number of partitions, and
    /// grown, under membership churn: no panic, no partition held twice, offsets only for
    /// partitions that exist, and once settled a Stable group holds each partition of the
    /// topic once (the coordinator follows the topic's id and partition count).
    #[test]
    fn churn_with_the_topic_deleted_created_again_and_grown(seed in any::<u64>(), ops in proptest::collection::vec(with_topic_changes(op()), 5..40)) {
        let exist = |s: &Sim| {
            if let Some(g) = s.consumer_group("g") {
                assert_committed_partitions_exist(s, g.offsets.keys());
            }
        };
        let mut s = churn(seed, &ops, KIP_848, |s, cs| {
            assert_single_owners(s, "g", cs);
            exist(s);
        });
        settle(&mut s);
        exist(&s);
        let n = s.topic("t").map_or(0, |t| t.partitions.len());
        if let Some(g) = s.consumer_group("g") {
            if !g.members.is_empty() && g.members.iter().all(|m| m.member_epoch >= 0) {
                prop_assert_eq!(g.state, GroupState::Stable);
                let mut held: Vec<u32> = g.members.iter().flat_map(|m| m.assigned.iter().map(|tp| tp.partition)).collect();
                held.sort_unstable();
                prop_assert_eq!(held, (0..n as u32).collect::<Vec<_>>());
            }
        }
    }

    #[test]
    fn churn_is_deterministic(seed in any::<u64>(), ops in proptest::collection::vec(op(), 5..30)) {
        let a = churn(seed, &ops, KIP_848, |_, _| {});
        let b = churn(seed, &ops, KIP_848, |_, _| {});
        prop_assert_eq!(a.trace_hash(), b.trace_hash());
        prop_assert_eq!(a.state_hash(), b.state_hash());
    }
}
