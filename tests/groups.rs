//! Consumer groups on the classic protocol: joins, rebalances (eager and cooperative),
//! failures, static membership, offsets. Each test drives the simulation with commands
//! and checks the trace and the coordinator's state.
#![allow(clippy::disallowed_methods)] // native only: the one-sort rule (clippy.toml) is for the wasm build
#![cfg(not(target_arch = "wasm32"))]

use std::collections::BTreeMap;

use kafkascope::engine::assignor::TopicPartition;
use kafkascope::engine::group::protocol::GroupApi;
use kafkascope::engine::group::GroupState;
use kafkascope::engine::*;

fn kv(k: &str, v: &str) -> (String, String) {
    (k.to_string(), v.to_string())
}

fn sim_with_topic(partitions: i32) -> Sim {
    let mut s = Sim::new(ClusterConfig::default(), 7);
    s.apply(Command::CreateTopic { name: "orders".into(), partitions: Some(partitions), replication_factor: Some(3), configs: vec![] })
        .unwrap();
    s
}

fn consumer(s: &mut Sim, group: &str, extra: &[(&str, &str)]) -> u32 {
    let mut configs = vec![kv("group.id", group), kv("auto.offset.reset", "earliest")];
    configs.extend(extra.iter().map(|(k, v)| kv(k, v)));
    let Reply::ConsumerCreated(id) = s.apply(Command::CreateConsumer { configs }).unwrap() else { panic!() };
    s.apply(Command::Subscribe { consumer: id, topics: vec!["orders".into()] }).unwrap();
    id
}

fn state(s: &Sim, group: &str) -> GroupState {
    s.group(group).map_or(GroupState::Dead, |g| g.state)
}

fn owned(s: &Sim, c: u32) -> Vec<TopicPartition> {
    let mut v = s.consumer_state(c).unwrap().member.owned.clone();
    v.sort();
    v
}

fn produce(s: &mut Sim, n: usize) {
    let p = match s.apply(Command::CreateProducer { configs: vec![] }).unwrap() {
        Reply::ProducerCreated(p) => p,
        _ => unreachable!(),
    };
    for i in 0..n {
        s.apply(Command::Send {
            producer: p,
            topic: "orders".into(),
            partition: None,
            record: NewRecord::keyed(format!("k{i}"), format!("v{i}")),
        })
        .unwrap();
    }
    s.advance(100);
}

fn states_seen(s: &Sim, group: &str) -> Vec<GroupState> {
    s.trace()
        .iter()
        .filter_map(|e| match &e.event {
            Event::GroupStateChanged { group: g, to, .. } if &**g == group => Some(*to),
            _ => None,
        })
        .collect()
}

/// Checks that no partition is owned by two consumers right now.
fn assert_single_owners(s: &Sim, consumers: &[u32]) {
    let mut seen = BTreeMap::new();
    for c in consumers {
        if !s.consumer_state(*c).unwrap().alive {
            continue;
        }
        for tp in owned(s, *c) {
            if let Some(other) = seen.insert(tp.clone(), *c) {
                panic!("{tp:?} owned by both {other} and {c} at t={}", s.now());
            }
        }
    }
}

#[test]
fn three_consumers_form_a_stable_group_through_the_full_protocol() {
    let mut s = sim_with_topic(6);
    let cs: Vec<u32> = (0..3).map(|_| consumer(&mut s, "g", &[])).collect();
    s.advance(10_000);
    assert_eq!(state(&s, "g"), GroupState::Stable);
    let g = s.group("g").unwrap();
    assert_eq!(g.members.len(), 3);
    assert_eq!(g.generation_id, 1, "the initial delay gathered all three into one generation");
    assert_eq!(g.protocol_name.as_deref(), Some("range"), "default [range, cooperative-sticky] votes range");
    assert_eq!(states_seen(&s, "g"), vec![GroupState::PreparingRebalance, GroupState::CompletingRebalance, GroupState::Stable]);
    for c in &cs {
        assert_eq!(owned(&s, *c).len(), 2, "range gives 6/3 = 2 each");
    }
    assert_single_owners(&s, &cs);
    // KIP-394: every dynamic member went through MEMBER_ID_REQUIRED first
    let member_id_required = s
        .trace()
        .iter()
        .filter(|e| matches!(&e.event, Event::GroupResponseReceived { error: Some(ErrorCode::MemberIdRequired), .. }))
        .count();
    assert_eq!(member_id_required, 3);
    // member ids are clientId-uuid
    for m in &s.group("g").unwrap().members {
        assert!(m.member_id.starts_with("consumer-g-1-"), "{}", m.member_id);
        assert_eq!(m.member_id.len(), "consumer-g-1-".len() + 36);
    }
    // exactly one leader got the member list and ran the assignor
    assert_eq!(s.trace().iter().filter(|e| matches!(&e.event, Event::AssignmentComputed { .. })).count(), 1);
}

#[test]
fn the_initial_rebalance_waits_group_initial_rebalance_delay() {
    let mut s = sim_with_topic(2);
    consumer(&mut s, "g", &[]);
    s.advance(2_900);
    assert_eq!(state(&s, "g"), GroupState::PreparingRebalance, "still inside the 3 s initial delay");
    s.advance(500);
    assert_eq!(state(&s, "g"), GroupState::Stable);
}

#[test]
fn an_eager_rebalance_revokes_everything_from_everyone() {
    let mut s = sim_with_topic(6);
    let mut cs: Vec<u32> = (0..2).map(|_| consumer(&mut s, "g", &[])).collect();
    s.advance(10_000);
    let before = s.trace().len();
    cs.push(consumer(&mut s, "g", &[]));
    s.advance(10_000);
    assert_eq!(state(&s, "g"), GroupState::Stable);
    assert_eq!(s.group("g").unwrap().generation_id, 2);
    let revoked: Vec<(u32, usize)> = s.trace()[before..]
        .iter()
        .filter_map(|e| match &e.event {
            Event::PartitionsRevoked { consumer, partitions, .. } => Some((*consumer, partitions.len())),
            _ => None,
        })
        .collect();
    assert_eq!(revoked, vec![(cs[0], 3), (cs[1], 3)], "eager: both old members give up all three partitions");
    for c in &cs {
        assert_eq!(owned(&s, *c).len(), 2);
    }
}

#[test]
fn cooperative_sticky_rebalances_in_two_rounds_without_double_ownership() {
    let mut s = sim_with_topic(6);
    let coop = [("partition.assignment.strategy", "org.apache.kafka.clients.consumer.CooperativeStickyAssignor")];
    let mut cs: Vec<u32> = (0..2).map(|_| consumer(&mut s, "g", &coop)).collect();
    s.advance(10_000);
    let kept: Vec<Vec<TopicPartition>> = cs.iter().map(|c| owned(&s, *c)).collect();
    let before = s.trace().len();
    cs.push(consumer(&mut s, "g", &coop));
    // step through every event, checking ownership as we go
    while s.now() < 20_000 {
        if s.step_event(20_000 - s.now()).is_none() {
            break;
        }
        assert_single_owners(&s, &cs);
    }
    s.advance(1_000);
    assert_eq!(state(&s, "g"), GroupState::Stable);
    assert_eq!(s.group("g").unwrap().protocol_name.as_deref(), Some("cooperative-sticky"));
    let g = s.group("g").unwrap().generation_id;
    assert_eq!(g, 3, "two rounds: one to revoke, one to assign");
    for c in &cs {
        assert_eq!(owned(&s, *c).len(), 2);
    }
    // the old members kept two of their three partitions and revoked only one
    for (i, c) in cs[..2].iter().enumerate() {
        let now = owned(&s, *c);
        assert_eq!(now.iter().filter(|tp| kept[i].contains(tp)).count(), 2);
    }
    let revoked: Vec<usize> = s.trace()[before..]
        .iter()
        .filter_map(|e| match &e.event {
            Event::PartitionsRevoked { partitions, .. } => Some(partitions.len()),
            _ => None,
        })
        .collect();
    assert_eq!(revoked, vec![1, 1], "cooperative: only the moving partitions are revoked");
}

/// StickyAssignor (eager) remembers each member's last assignment and generation in its
/// subscription user data (`StickyAssignor.subscriptionUserData` / `memberData`), so when a
/// member leaves, the survivors keep every partition they had and only the leaver's move.
#[test]
fn eager_sticky_survivors_keep_their_partitions_when_a_member_leaves() {
    let mut s = sim_with_topic(6);
    let sticky = [("partition.assignment.strategy", "org.apache.kafka.clients.consumer.StickyAssignor")];
    let cs: Vec<u32> = (0..3).map(|_| consumer(&mut s, "g", &sticky)).collect();
    s.advance(10_000);
    assert_eq!(state(&s, "g"), GroupState::Stable);
    assert_eq!(s.group("g").unwrap().protocol_name.as_deref(), Some("sticky"));
    let before: Vec<Vec<TopicPartition>> = cs.iter().map(|c| owned(&s, *c)).collect();
    assert!(before.iter().all(|o| o.len() == 2), "{before:?}");
    // every member remembers what it was given, with its generation
    for c in &cs {
        let d = s.consumer_state(*c).unwrap().member.sticky_user_data.clone().expect("told of its assignment");
        assert_eq!(d.generation, 1);
        let mut prev = d.previous_assignment.clone();
        prev.sort();
        assert_eq!(prev, owned(&s, *c));
    }
    let mark = s.trace().len();
    s.apply(Command::CloseConsumer { consumer: cs[1] }).unwrap();
    s.advance(10_000);
    assert_eq!(state(&s, "g"), GroupState::Stable);
    assert_eq!(s.group("g").unwrap().generation_id, 2);
    for i in [0, 2] {
        let now = owned(&s, cs[i]);
        assert_eq!(now.len(), 3, "6 partitions over 2 members");
        assert!(before[i].iter().all(|tp| now.contains(tp)), "member {i} kept {:?}, now {now:?}", before[i]);
    }
    // eager all the same: everything was revoked first, and the rejoin carried the old
    // assignment as user data, not as owned partitions
    let joins: Vec<String> = s.trace()[mark..]
        .iter()
        .filter_map(|e| match &e.event {
            Event::GroupRequestSent { api: GroupApi::JoinGroup, detail, .. } => Some(detail.clone()),
            _ => None,
        })
        .collect();
    assert!(!joins.is_empty());
    assert!(joins.iter().all(|d| d.contains("owned []") && d.contains("sticky user data [") && d.contains("generation 1")), "{joins:?}");
}

/// Without user data (range, round-robin) nothing is remembered.
#[test]
fn only_the_sticky_assignor_keeps_user_data() {
    let mut s = sim_with_topic(4);
    let cs: Vec<u32> = (0..2).map(|_| consumer(&mut s, "g", &[])).collect();
    s.advance(10_000);
    assert_eq!(s.group("g").unwrap().protocol_name.as_deref(), Some("range"));
    for c in cs {
        assert_eq!(s.consumer_state(c).unwrap().member.sticky_user_data, None);
    }
}

#[test]
fn a_crashed_consumer_is_removed_after_the_session_timeout() {
    let mut s = sim_with_topic(4);
    let cs: Vec<u32> = (0..2).map(|_| consumer(&mut s, "g", &[])).collect();
    s.advance(10_000);
    s.apply(Command::CrashConsumer { consumer: cs[0] }).unwrap();
    s.advance(40_000);
    assert_eq!(s.group("g").unwrap().members.len(), 2, "not yet: session.timeout.ms is 45 s");
    s.advance(10_000);
    assert_eq!(state(&s, "g"), GroupState::Stable);
    assert_eq!(s.group("g").unwrap().members.len(), 1);
    assert_eq!(owned(&s, cs[1]).len(), 4);
    assert!(s.trace().iter().any(|e| matches!(&e.event, Event::MemberRemoved { reason, .. } if reason.contains("heartbeat expiration"))));
}

#[test]
fn a_clean_close_leaves_at_once() {
    let mut s = sim_with_topic(4);
    let cs: Vec<u32> = (0..2).map(|_| consumer(&mut s, "g", &[])).collect();
    s.advance(10_000);
    s.apply(Command::CloseConsumer { consumer: cs[0] }).unwrap();
    s.advance(500);
    assert_eq!(s.group("g").unwrap().members.len(), 1, "LeaveGroup removed it at once");
    // the other member learns of the rebalance from its next heartbeat (every 3 s)
    s.advance(4_000);
    assert_eq!(state(&s, "g"), GroupState::Stable);
    assert_eq!(s.group("g").unwrap().members.len(), 1);
    assert_eq!(owned(&s, cs[1]).len(), 4);
    assert!(s.trace().iter().any(|e| matches!(&e.event, Event::GroupRequestSent { api: group::protocol::GroupApi::LeaveGroup, .. })));
}

#[test]
fn the_last_member_leaving_empties_the_group_and_keeps_its_offsets() {
    let mut s = sim_with_topic(2);
    produce(&mut s, 20);
    let c = consumer(&mut s, "g", &[]);
    s.advance(10_000);
    s.apply(Command::CloseConsumer { consumer: c }).unwrap();
    s.advance(1_000);
    let g = s.group("g").unwrap();
    assert_eq!(g.state, GroupState::Empty);
    assert_eq!(g.generation_id, 2);
    let committed: i64 = g.offsets.values().map(|o| o.offset).sum();
    assert_eq!(committed, 20, "close committed the final positions");
}

#[test]
fn a_slow_consumer_exceeds_max_poll_interval_and_leaves() {
    let mut s = sim_with_topic(2);
    let cs: Vec<u32> = (0..2).map(|_| consumer(&mut s, "g", &[("max.poll.interval.ms", "10000")])).collect();
    s.advance(10_000);
    s.apply(Command::SetProcessingTime { consumer: cs[0], ms_per_record: 1_000 }).unwrap();
    produce(&mut s, 100);
    s.advance(20_000);
    assert!(s.trace().iter().any(|e| matches!(&e.event, Event::PollTimeoutExpired { consumer, .. } if *consumer == cs[0])));
    assert!(s.trace().iter().any(|e| matches!(&e.event, Event::MemberRemoved { reason, .. } if reason.contains("poll timeout"))));
}

#[test]
fn a_static_member_restarting_within_the_session_timeout_causes_no_rebalance() {
    let mut s = sim_with_topic(4);
    let a = consumer(&mut s, "g", &[("group.instance.id", "a")]);
    let _b = consumer(&mut s, "g", &[("group.instance.id", "b")]);
    s.advance(10_000);
    let generation = s.group("g").unwrap().generation_id;
    let before = owned(&s, a);
    s.apply(Command::CrashConsumer { consumer: a }).unwrap(); // static members never send LeaveGroup
    s.advance(5_000);
    let a2 = consumer(&mut s, "g", &[("group.instance.id", "a")]);
    s.advance(5_000);
    let g = s.group("g").unwrap();
    assert_eq!(g.state, GroupState::Stable);
    assert_eq!(g.generation_id, generation, "no rebalance");
    assert_eq!(owned(&s, a2), before, "same assignment");
    assert!(s.trace().iter().any(|e| matches!(&e.event, Event::MemberReplaced { .. })));
    assert!(s.consumer_state(a2).unwrap().client_id == "consumer-g-a");
}

#[test]
fn commits_lag_and_duplicates_after_a_crash() {
    let mut s = sim_with_topic(1);
    produce(&mut s, 10);
    let c = consumer(&mut s, "g", &[("enable.auto.commit", "true"), ("auto.commit.interval.ms", "60000")]);
    s.advance(10_000);
    assert_eq!(s.consumer_state(c).unwrap().delivered_records, 10);
    // crash before the auto-commit: nothing committed, the next member reads it all again
    s.apply(Command::CrashConsumer { consumer: c }).unwrap();
    let c2 = consumer(&mut s, "g", &[]);
    s.advance(60_000);
    assert_eq!(s.consumer_state(c2).unwrap().delivered_records, 10);
    assert!(
        s.trace().iter().any(|e| matches!(&e.event, Event::DuplicateDelivery { first_offset: 0, last_offset: 9, .. })),
        "at-least-once duplicates are flagged"
    );
    s.advance(10_000);
    let committed = s.group("g").unwrap().offsets.values().next().unwrap().offset;
    assert_eq!(committed, 10, "auto-commit stored the next offset to read");
}

#[test]
fn a_group_survives_its_coordinator_broker_stopping() {
    let mut s = sim_with_topic(4);
    let cs: Vec<u32> = (0..2).map(|_| consumer(&mut s, "g", &[])).collect();
    s.advance(10_000);
    let coordinator = s.coordinator_for("g").unwrap();
    s.apply(Command::StopBroker { broker: coordinator, clean: false }).unwrap();
    s.advance(60_000);
    let new = s.coordinator_for("g").unwrap();
    assert_ne!(new, coordinator, "the group moved with its __consumer_offsets partition");
    assert_eq!(state(&s, "g"), GroupState::Stable);
    let total: usize = cs.iter().map(|c| owned(&s, *c).len()).sum();
    assert_eq!(total, 4);
}

#[test]
fn bad_group_configs_get_kafkas_errors() {
    let mut s = sim_with_topic(1);
    // below group.min.session.timeout.ms (6 s); the heartbeat must stay below it, or the
    // consumer would not even be built (`Heartbeat`'s constructor)
    let c = consumer(&mut s, "g", &[("session.timeout.ms", "1000"), ("heartbeat.interval.ms", "500")]);
    s.advance(5_000);
    assert!(s
        .trace()
        .iter()
        .any(|e| matches!(&e.event, Event::ConsumerFailed { consumer, error: ErrorCode::InvalidSessionTimeout, .. } if *consumer == c)));
    let c = consumer(&mut s, "", &[]);
    s.advance(5_000);
    assert!(s
        .trace()
        .iter()
        .any(|e| matches!(&e.event, Event::ConsumerFailed { consumer, error: ErrorCode::InvalidGroupId, .. } if *consumer == c)));
    // a range-only member cannot join a cooperative-sticky-only group
    consumer(&mut s, "h", &[("partition.assignment.strategy", "org.apache.kafka.clients.consumer.CooperativeStickyAssignor")]);
    s.advance(5_000);
    let c = consumer(&mut s, "h", &[("partition.assignment.strategy", "org.apache.kafka.clients.consumer.RangeAssignor")]);
    s.advance(5_000);
    assert!(s.trace().iter().any(
        |e| matches!(&e.event, Event::ConsumerFailed { consumer, error: ErrorCode::InconsistentGroupProtocol, .. } if *consumer == c)
    ));
    // a LIST of class names, loaded by the consumer's constructor
    let e = s.apply(Command::CreateConsumer { configs: vec![kv("partition.assignment.strategy", "org.example.Nope")] }).unwrap_err();
    assert_eq!(e.code, ErrorCode::ClientConstructionFailed);
    assert_eq!(e.message, "org.apache.kafka.common.KafkaException: org.example.Nope ClassNotFoundException exception occurred");
    let e = s.apply(Command::CreateConsumer { configs: vec![kv("partition.assignment.strategy", "range")] }).unwrap_err();
    assert!(e.message.contains("range ClassNotFoundException"), "a short name is no class: {}", e.message);
    let e = s.apply(Command::CreateConsumer { configs: vec![kv("group.id", "g"), kv("session.timeout.ms", "1000")] }).unwrap_err();
    assert_eq!(e.code, ErrorCode::ClientConstructionFailed);
    assert_eq!(e.message, "java.lang.IllegalArgumentException: Heartbeat must be set lower than the session timeout");
    let Reply::ConsumerCreated(nogroup) = s.apply(Command::CreateConsumer { configs: vec![] }).unwrap() else { panic!() };
    let e = s.apply(Command::Subscribe { consumer: nogroup, topics: vec!["orders".into()] }).unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidGroupId);
}

#[test]
fn a_consumer_cut_off_from_the_coordinator_is_removed_then_rejoins() {
    let mut s = sim_with_topic(4);
    let cs: Vec<u32> = (0..2).map(|_| consumer(&mut s, "g", &[])).collect();
    s.advance(10_000);
    let old_id = s.consumer_state(cs[0]).unwrap().member.member_id.clone();
    s.apply(Command::SetDisconnected { consumer: cs[0], disconnected: true }).unwrap();
    s.advance(50_000);
    let g = s.group("g").unwrap();
    assert!(!g.has_member(&old_id), "heartbeats were lost: removed at the session timeout");
    assert_eq!(owned(&s, cs[1]).len(), 4);
    s.apply(Command::SetDisconnected { consumer: cs[0], disconnected: false }).unwrap();
    s.advance(20_000);
    // its next heartbeat gets UNKNOWN_MEMBER_ID; it rejoins under a new member id
    assert!(s.trace().iter().any(
        |e| matches!(&e.event, Event::GroupResponseReceived { consumer, error: Some(ErrorCode::UnknownMemberId), .. } if *consumer == cs[0])
    ));
    assert_eq!(state(&s, "g"), GroupState::Stable);
    assert_eq!(s.group("g").unwrap().members.len(), 2);
    assert_eq!(owned(&s, cs[0]).len() + owned(&s, cs[1]).len(), 4);
}

#[test]
fn an_old_static_member_is_fenced_when_its_instance_came_back_elsewhere() {
    let mut s = sim_with_topic(2);
    let old = consumer(&mut s, "g", &[("group.instance.id", "svc-a")]);
    s.advance(10_000);
    // the old process hangs (cut off), a replacement with the same instance id starts
    s.apply(Command::SetDisconnected { consumer: old, disconnected: true }).unwrap();
    let new = consumer(&mut s, "g", &[("group.instance.id", "svc-a")]);
    s.advance(5_000);
    assert_eq!(owned(&s, new).len(), 2);
    s.apply(Command::SetDisconnected { consumer: old, disconnected: false }).unwrap();
    s.advance(10_000);
    assert!(
        s.trace()
            .iter()
            .any(|e| matches!(&e.event, Event::ConsumerFailed { consumer, error: ErrorCode::FencedInstanceId, .. } if *consumer == old)),
        "the zombie's heartbeat is answered FENCED_INSTANCE_ID"
    );
    assert_eq!(s.group("g").unwrap().members.len(), 1);
}

#[test]
fn static_members_never_send_leave_group() {
    let mut s = sim_with_topic(2);
    let a = consumer(&mut s, "g", &[("group.instance.id", "a")]);
    s.advance(10_000);
    s.apply(Command::CloseConsumer { consumer: a }).unwrap();
    s.advance(1_000);
    assert!(!s.trace().iter().any(|e| matches!(&e.event, Event::GroupRequestSent { api: group::protocol::GroupApi::LeaveGroup, .. })));
    assert_eq!(s.group("g").unwrap().members.len(), 1, "still a member until its session times out");
    s.advance(50_000);
    assert_eq!(state(&s, "g"), GroupState::Empty);
}

#[test]
fn an_empty_groups_offsets_expire_after_offsets_retention_minutes() {
    let mut s = sim_with_topic(1);
    s.apply(Command::SetClusterConfig { name: "offsets.retention.minutes".into(), value: "1".into() }).unwrap();
    s.apply(Command::SetClusterConfig { name: "offsets.retention.check.interval.ms".into(), value: "10000".into() }).unwrap();
    produce(&mut s, 3);
    let c = consumer(&mut s, "g", &[]);
    s.advance(10_000);
    s.apply(Command::CloseConsumer { consumer: c }).unwrap();
    s.advance(5_000);
    assert_eq!(state(&s, "g"), GroupState::Empty);
    assert_eq!(s.group("g").unwrap().offsets.values().next().unwrap().offset, 3);
    s.advance(30_000);
    assert!(s.group("g").is_some(), "not yet: one minute after it became empty");
    s.advance(40_000);
    assert!(s.group("g").is_none(), "offsets expired and the empty group is gone");
    assert!(s.trace().iter().any(|e| matches!(&e.event, Event::OffsetsExpired { .. })));
}

#[test]
fn manual_commits_with_auto_commit_off() {
    let mut s = sim_with_topic(1);
    produce(&mut s, 5);
    let c = consumer(&mut s, "g", &[("enable.auto.commit", "false")]);
    s.advance(20_000);
    assert_eq!(s.consumer_state(c).unwrap().delivered_records, 5);
    assert!(s.group("g").unwrap().offsets.is_empty(), "nothing committed without auto-commit");
    s.apply(Command::CommitSync { consumer: c }).unwrap();
    s.advance(100);
    assert_eq!(s.group("g").unwrap().offsets.values().next().unwrap().offset, 5, "commitSync stored the position");
    let Reply::ConsumerCreated(standalone) = s.apply(Command::CreateConsumer { configs: vec![] }).unwrap() else { panic!() };
    let before = s.state_hash();
    assert_eq!(s.apply(Command::CommitSync { consumer: standalone }).unwrap_err().code, ErrorCode::InvalidGroupId);
    assert_eq!(s.state_hash(), before);
}

#[test]
fn consumer_offsets_waits_for_offsets_topic_replication_factor_brokers() {
    // both protocols: the member keeps looking for its coordinator and joins once it exists
    for protocol in ["classic", "consumer"] {
        offsets_topic_waits(protocol);
    }
}

fn offsets_topic_waits(protocol: &str) {
    let mut s = sim_with_topic(2);
    // a clean stop fences broker 3 at once: two brokers are registered, three are needed
    s.apply(Command::StopBroker { broker: 3, clean: true }).unwrap();
    s.advance(20_000);
    let c = consumer(&mut s, "g", &[("group.protocol", protocol)]);
    s.advance(10_000);
    assert!(s.topic("__consumer_offsets").is_none(), "not created with 2 of 3 brokers");
    assert!(s.describe_group("g").is_none(), "no coordinator, no group");
    let refused = s.trace().iter().find_map(|e| match &e.event {
        Event::GroupRequestSent { coordinator: None, detail, .. } => Some(detail.clone()),
        _ => None,
    });
    assert_eq!(
        refused.as_deref(),
        Some(
            "COORDINATOR_NOT_AVAILABLE: __consumer_offsets cannot be created: Unable to replicate the partition 3 time(s): The target replication factor of 3 cannot be reached because only 2 broker(s) are registered."
        )
    );
    // the broker comes back: the next FindCoordinator creates the topic and the group forms
    s.apply(Command::StartBroker { broker: 3 }).unwrap();
    s.advance(20_000);
    let offsets = s.topic("__consumer_offsets").expect("created once three brokers are registered");
    assert!(offsets.partitions.iter().all(|p| p.replicas.len() == 3));
    assert_eq!(s.describe_group("g").map(|g| g.state), Some(GroupState::Stable), "{protocol}");
    assert_eq!(owned(&s, c).len(), 2);
}

#[test]
fn offsets_topic_replication_factor_is_a_cluster_config() {
    let mut s = sim_with_topic(1);
    s.apply(Command::SetClusterConfig { name: "offsets.topic.replication.factor".into(), value: "1".into() }).unwrap();
    for b in [2, 3] {
        s.apply(Command::StopBroker { broker: b, clean: true }).unwrap();
    }
    s.advance(20_000);
    let _ = consumer(&mut s, "g", &[]);
    s.advance(10_000);
    assert!(s.topic("__consumer_offsets").unwrap().partitions.iter().all(|p| p.replicas.len() == 1 && p.replicas[0].broker == 1));
    assert_eq!(state(&s, "g"), GroupState::Stable);
    let e = s.apply(Command::SetClusterConfig { name: "offsets.topic.replication.factor".into(), value: "0".into() }).unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidConfig);
}

#[test]
fn delete_offsets_spares_subscribed_topics_on_both_protocols() {
    for protocol in ["classic", "consumer"] {
        let mut s = sim_with_topic(2);
        produce(&mut s, 20);
        let c = consumer(&mut s, "g", &[("group.protocol", protocol), ("auto.commit.interval.ms", "1000")]);
        s.advance(15_000);
        let delete = |s: &mut Sim, partitions: &[(&str, i32)]| {
            let partitions = partitions.iter().map(|(t, p)| (t.to_string(), *p)).collect();
            s.apply(Command::DeleteGroupOffsets { group: "g".into(), partitions })
        };
        // a member subscribes to orders: its offsets stay; unknown partitions are named
        let Reply::OffsetsDeleted(r) = delete(&mut s, &[("orders", 0), ("orders", 5), ("nope", 0)]).unwrap() else { panic!() };
        assert_eq!(
            r,
            vec![
                ("orders".into(), 0, Some(ErrorCode::GroupSubscribedToTopic)),
                ("orders".into(), 5, Some(ErrorCode::UnknownTopicOrPartition)),
                ("nope".into(), 0, Some(ErrorCode::UnknownTopicOrPartition)),
            ],
            "{protocol}"
        );
        let committed = |s: &Sim| s.describe_group("g").unwrap().offsets.iter().filter(|r| r.committed.is_some()).count();
        assert_eq!(committed(&s), 2, "{protocol}: both partitions keep their offsets");
        // once the member has left, they can go: with a tombstone in __consumer_offsets
        s.apply(Command::CloseConsumer { consumer: c }).unwrap();
        s.advance(5_000);
        let Reply::OffsetsDeleted(r) = delete(&mut s, &[("orders", 0), ("orders", 1)]).unwrap() else { panic!() };
        assert!(r.iter().all(|(_, _, e)| e.is_none()), "{protocol}: {r:?}");
        assert_eq!(committed(&s), 0, "{protocol}");
        assert!(s
            .trace()
            .iter()
            .any(|e| matches!(&e.event, Event::OffsetsDeleted { group, partitions } if &**group == "g" && partitions.len() == 2)));
        let e = s.apply(Command::DeleteGroupOffsets { group: "nobody".into(), partitions: vec![("orders".into(), 0)] }).unwrap_err();
        assert_eq!(e.code, ErrorCode::GroupIdNotFound);
    }
}

#[test]
fn an_empty_group_without_offsets_goes_at_the_next_cleanup() {
    // like the console consumer's own group (no --group, no commits)
    let mut s = sim_with_topic(1);
    let c = consumer(&mut s, "console-consumer-1", &[("enable.auto.commit", "false")]);
    s.advance(10_000);
    assert_eq!(state(&s, "console-consumer-1"), GroupState::Stable);
    s.apply(Command::CloseConsumer { consumer: c }).unwrap();
    s.advance(1_000);
    assert_eq!(state(&s, "console-consumer-1"), GroupState::Empty);
    // offsets.retention.check.interval.ms (10 min): GroupCoordinatorShard.cleanupGroupMetadata
    s.advance(600_000);
    assert_eq!(state(&s, "console-consumer-1"), GroupState::Dead, "deleted, as it has no offsets");
    // a group with offsets stays until they expire
    let c = consumer(&mut s, "kept", &[]);
    produce(&mut s, 5);
    s.advance(10_000);
    s.apply(Command::CloseConsumer { consumer: c }).unwrap();
    s.advance(1_200_000);
    assert_eq!(state(&s, "kept"), GroupState::Empty);
}

#[test]
fn a_static_leader_rejoining_a_stable_group_skips_the_assignment() {
    // KIP-814 (GroupMetadataManager.updateStaticMemberThenRebalanceOrCompleteJoin and
    // ConsumerCoordinator.onLeaderElected, Kafka 4.3): no rebalance, and the returning
    // leader does not run the assignor; SyncGroup hands it its old partitions
    let mut s = sim_with_topic(4);
    let a = consumer(&mut s, "g", &[("group.instance.id", "a")]);
    s.advance(5_000);
    let b = consumer(&mut s, "g", &[("group.instance.id", "b")]);
    s.advance(10_000);
    let g = s.group("g").unwrap();
    let leader = g.leader_id.clone().unwrap();
    assert_eq!(leader, s.consumer_state(a).unwrap().member.member_id, "a is the leader");
    let generation = g.generation_id;
    let (before_a, before_b) = (owned(&s, a), owned(&s, b));
    s.apply(Command::CrashConsumer { consumer: a }).unwrap();
    s.advance(5_000);
    let from = s.trace().len();
    let a2 = consumer(&mut s, "g", &[("group.instance.id", "a")]);
    s.advance(5_000);
    let g = s.group("g").unwrap();
    assert_eq!((g.state, g.generation_id), (GroupState::Stable, generation), "no rebalance");
    assert_eq!(g.leader_id.as_deref(), Some(s.consumer_state(a2).unwrap().member.member_id.as_str()), "still the leader");
    assert_eq!((owned(&s, a2), owned(&s, b)), (before_a, before_b));
    let later = &s.trace()[from..];
    assert!(!later.iter().any(|e| matches!(&e.event, Event::AssignmentComputed { .. })), "the assignment is skipped");
    assert!(later.iter().any(|e| matches!(&e.event,
        Event::GroupResponseReceived { consumer, api: GroupApi::JoinGroup, detail, .. } if *consumer == a2 && detail.ends_with("skip assignment"))));
    assert!(
        later.iter().any(|e| matches!(&e.event,
        Event::GroupRequestSent { consumer, api: GroupApi::SyncGroup, detail, .. } if *consumer == a2 && !detail.contains("m-"))),
        "its SyncGroup carries no assignments"
    );
}

#[test]
fn a_static_member_that_changes_the_selected_protocol_rebalances() {
    // it still supports the group's protocol (range), but its vote now selects roundrobin:
    // `group.selectProtocol()` differs from the current protocol, so the group rebalances
    let mut s = sim_with_topic(2);
    let a = consumer(&mut s, "g", &[("group.instance.id", "a")]);
    s.advance(10_000);
    let generation = s.group("g").unwrap().generation_id;
    assert_eq!(s.group("g").unwrap().protocol_name.as_deref(), Some("range"));
    s.apply(Command::CrashConsumer { consumer: a }).unwrap();
    s.advance(1_000);
    let a2 = consumer(
        &mut s,
        "g",
        &[
            ("group.instance.id", "a"),
            (
                "partition.assignment.strategy",
                "org.apache.kafka.clients.consumer.RoundRobinAssignor,org.apache.kafka.clients.consumer.RangeAssignor",
            ),
        ],
    );
    s.advance(10_000);
    let g = s.group("g").unwrap();
    assert_eq!(g.state, GroupState::Stable);
    assert_eq!((g.generation_id, g.protocol_name.as_deref()), (generation + 1, Some("roundrobin")));
    assert_eq!(owned(&s, a2).len(), 2);
}

#[test]
fn a_member_that_lost_its_id_does_not_heartbeat_before_it_rejoins() {
    // the coordinator removed it while it was cut off; its first request back, an
    // auto-commit, gets UNKNOWN_MEMBER_ID (AbstractCoordinator.resetStateAndGeneration:
    // UNJOINED, the heartbeat thread stays quiet) and its next request is JoinGroup
    let mut s = sim_with_topic(2);
    let cs: Vec<u32> = (0..2).map(|_| consumer(&mut s, "g", &[])).collect();
    s.advance(10_000);
    s.apply(Command::SetDisconnected { consumer: cs[0], disconnected: true }).unwrap();
    s.advance(60_000);
    let from = s.trace().len();
    s.apply(Command::SetDisconnected { consumer: cs[0], disconnected: false }).unwrap();
    s.advance(20_000);
    let later = &s.trace()[from..];
    let lost = later
        .iter()
        .position(|e| matches!(&e.event, Event::GroupResponseReceived { consumer, error: Some(ErrorCode::UnknownMemberId), .. } if *consumer == cs[0]))
        .expect("it learns it lost its id");
    let sent: Vec<GroupApi> = later[lost..]
        .iter()
        .filter_map(|e| match &e.event {
            Event::GroupRequestSent { consumer, api, .. } if *consumer == cs[0] => Some(*api),
            _ => None,
        })
        .collect();
    assert_eq!(sent.first(), Some(&GroupApi::JoinGroup), "{sent:?}");
    assert_eq!(state(&s, "g"), GroupState::Stable);
}

#[test]
fn a_pattern_subscription_picks_up_new_topics_at_the_metadata_refresh_or_a_rejoin() {
    let mut s = sim_with_topic(2);
    let sub = |s: &mut Sim| {
        let configs = vec![kv("group.id", "g"), kv("auto.offset.reset", "earliest")];
        let Reply::ConsumerCreated(id) = s.apply(Command::CreateConsumer { configs }).unwrap() else { panic!() };
        s.apply(Command::SubscribePattern { consumer: id, pattern: "orders.*|audit".into() }).unwrap();
        id
    };
    let a = sub(&mut s);
    s.advance(10_000);
    assert_eq!(owned(&s, a).len(), 2);
    let generation = s.group("g").unwrap().generation_id;
    let create = |s: &mut Sim, name: &str| {
        s.apply(Command::CreateTopic { name: name.into(), partitions: Some(1), replication_factor: Some(1), configs: vec![] }).unwrap();
    };
    create(&mut s, "orders-eu");
    create(&mut s, "other");
    s.advance(60_000);
    assert_eq!(s.group("g").unwrap().generation_id, generation, "not before the metadata refresh");
    s.advance(300_000);
    let g = s.group("g").unwrap();
    assert_eq!((g.state, g.generation_id), (GroupState::Stable, generation + 1), "metadata.max.age.ms later, a rebalance");
    assert_eq!(s.consumer_state(a).unwrap().subscription, vec!["orders".to_string(), "orders-eu".to_string()]);
    assert_eq!(owned(&s, a).len(), 3);
    // a member joining makes everyone rejoin: each matches the pattern again first
    create(&mut s, "audit");
    let b = sub(&mut s);
    s.advance(10_000);
    assert_eq!(s.consumer_state(a).unwrap().subscription.len(), 3, "refreshed before its rejoin");
    assert_eq!(owned(&s, a).len() + owned(&s, b).len(), 4);
}

#[test]
fn a_static_member_back_with_another_subscription_rejoins_for_it() {
    // the coordinator hands it its old partitions (the selected protocol does not change);
    // they do not match its subscription, so it rejoins (ConsumerCoordinator.onJoinComplete)
    // and, the leader rejoining a Stable group, a rebalance gives it the new topic
    let mut s = sim_with_topic(2);
    s.apply(Command::CreateTopic { name: "payments".into(), partitions: Some(2), replication_factor: Some(1), configs: vec![] }).unwrap();
    let a = consumer(&mut s, "g", &[("group.instance.id", "a")]);
    s.advance(10_000);
    let generation = s.group("g").unwrap().generation_id;
    s.apply(Command::CrashConsumer { consumer: a }).unwrap();
    s.advance(1_000);
    let configs = vec![kv("group.id", "g"), kv("auto.offset.reset", "earliest"), kv("group.instance.id", "a")];
    let Reply::ConsumerCreated(a2) = s.apply(Command::CreateConsumer { configs }).unwrap() else { panic!() };
    s.apply(Command::Subscribe { consumer: a2, topics: vec!["payments".into()] }).unwrap();
    s.advance(10_000);
    let g = s.group("g").unwrap();
    assert_eq!((g.state, g.generation_id), (GroupState::Stable, generation + 1));
    assert!(owned(&s, a2).iter().all(|tp| &*tp.topic == "payments") && owned(&s, a2).len() == 2, "{:?}", owned(&s, a2));
}
