//! KIP-1263 (Kafka 4.3): the group coordinator computes a group's target assignment at
//! most once per `group.consumer.assignment.interval.ms` (share groups:
//! `group.share.assignment.interval.ms`), 1 s by default, so that a burst of joins and
//! leaves costs one run of the assignor. A heartbeat inside the interval leaves the group
//! Assigning; a later heartbeat computes the target. Checked against Kafka 4.3's
//! `GroupCoordinatorConfig` (defaults 1000, bounds 0..15000), `GroupConfig`
//! (`consumer.assignment.interval.ms`, `share.assignment.interval.ms`) and the
//! `canComputeNextTargetAssignment` gate of `GroupMetadataManager`.

use kafkascope::engine::group::GroupState;
use kafkascope::engine::*;

fn kv(k: &str, v: &str) -> (String, String) {
    (k.to_string(), v.to_string())
}

fn sim(seed: u64) -> Sim {
    let mut s = Sim::new(ClusterConfig::default(), seed);
    s.apply(Command::CreateTopic { name: "orders".into(), partitions: Some(6), replication_factor: Some(3), configs: vec![] }).unwrap();
    s
}

fn consumer(s: &mut Sim, group: &str) -> u32 {
    let configs = vec![kv("group.id", group), kv("group.protocol", "consumer"), kv("auto.offset.reset", "earliest")];
    let Reply::ConsumerCreated(id) = s.apply(Command::CreateConsumer { configs }).unwrap() else { panic!() };
    s.apply(Command::Subscribe { consumer: id, topics: vec!["orders".into()] }).unwrap();
    id
}

fn share_consumer(s: &mut Sim, group: &str) -> u32 {
    let Reply::ConsumerCreated(id) = s.apply(Command::CreateShareConsumer { configs: vec![kv("group.id", group)] }).unwrap() else {
        panic!()
    };
    s.apply(Command::ShareSubscribe { consumer: id, topics: vec!["orders".into()] }).unwrap();
    id
}

/// (time, group epoch) of every target assignment the coordinator computed for `group`.
fn assignments(s: &Sim, group: &str) -> Vec<(i64, i32)> {
    s.trace()
        .iter()
        .filter_map(|e| match &e.event {
            Event::TargetAssignmentComputed { group: g, group_epoch, .. } if &**g == group => Some((e.time, *group_epoch)),
            _ => None,
        })
        .collect()
}

fn state(s: &Sim, group: &str) -> GroupState {
    s.consumer_group(group).map_or(GroupState::Dead, |g| g.state)
}

#[test]
fn a_burst_of_joins_costs_one_run_of_the_assignor() {
    let mut s = sim(3);
    let cs: Vec<u32> = (0..3).map(|_| consumer(&mut s, "g")).collect();
    s.advance(1_000);
    // the first join was assigned at once; the next two bumped the epoch inside the interval
    let g = s.consumer_group("g").unwrap();
    assert_eq!((g.group_epoch, g.assignment_epoch), (3, 1));
    assert_eq!(state(&s, "g"), GroupState::Assigning);
    assert_eq!(assignments(&s, "g").len(), 1);
    // the newcomers reconciled to the old target: an empty assignment at epoch 1
    for c in &cs[1..] {
        let id = s.consumer_state(*c).unwrap().member.member_id.clone();
        let m = s.consumer_group("g").unwrap().member(&id).unwrap().clone();
        assert_eq!(m.member_epoch, 1);
        assert!(m.assigned.is_empty());
    }
    s.advance(14_000);
    assert_eq!(state(&s, "g"), GroupState::Stable);
    let runs = assignments(&s, "g");
    assert_eq!(runs.iter().map(|r| r.1).collect::<Vec<_>>(), vec![1, 3], "epochs 2 and 3 in one run: {runs:?}");
    assert!(runs[1].0 - runs[0].0 >= 1_000, "not inside the interval: {runs:?}");
    for c in &cs {
        assert_eq!(s.consumer_state(*c).unwrap().member.owned.len(), 2, "uniform gives 6/3 each");
    }
}

#[test]
fn an_interval_of_zero_assigns_every_change_at_once() {
    let mut s = sim(3);
    s.apply(Command::SetClusterConfig { name: "group.consumer.assignment.interval.ms".into(), value: "0".into() }).unwrap();
    for _ in 0..3 {
        consumer(&mut s, "g");
    }
    s.advance(1_000);
    assert_eq!(assignments(&s, "g").iter().map(|r| r.1).collect::<Vec<_>>(), vec![1, 2, 3]);
    assert_ne!(state(&s, "g"), GroupState::Assigning);
}

#[test]
fn a_group_config_overrides_the_broker_interval() {
    let mut s = sim(3);
    s.apply(Command::AlterGroupConfig { group: "g".into(), set: vec![kv("consumer.assignment.interval.ms", "0")], delete: vec![] })
        .unwrap();
    for _ in 0..3 {
        consumer(&mut s, "g");
        consumer(&mut s, "other");
    }
    s.advance(1_000);
    assert_eq!(assignments(&s, "g").len(), 3, "g assigns at once");
    assert_eq!(assignments(&s, "other").len(), 1, "other waits out the broker's 1 s");
    // and a longer one holds the next run back for longer
    s.apply(Command::AlterGroupConfig { group: "g".into(), set: vec![kv("consumer.assignment.interval.ms", "15000")], delete: vec![] })
        .unwrap();
    s.advance(20_000);
    let before = assignments(&s, "g").len();
    consumer(&mut s, "g");
    s.advance(1);
    consumer(&mut s, "g");
    s.advance(30_000);
    let runs = assignments(&s, "g");
    assert_eq!(runs.len(), before + 2, "the first join at once, the second after 15 s: {runs:?}");
    let (a, b) = (runs[runs.len() - 2].0, runs[runs.len() - 1].0);
    assert!(b - a >= 15_000, "{runs:?}");
}

#[test]
fn the_interval_configs_are_checked_as_kafka_checks_them() {
    let mut s = sim(3);
    let set = |s: &mut Sim, name: &str, value: &str| s.apply(Command::SetClusterConfig { name: name.into(), value: value.into() });
    let e = set(&mut s, "group.consumer.assignment.interval.ms", "15001").unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidConfig);
    assert!(
        e.message.contains("group.consumer.assignment.interval.ms must be less than or equal to group.consumer.max.assignment.interval.ms"),
        "{}",
        e.message
    );
    let e = set(&mut s, "group.consumer.assignment.interval.ms", "-1").unwrap_err();
    assert!(e.message.contains("Value must be at least 0"), "{}", e.message);
    let e = set(&mut s, "group.share.assignment.interval.ms", "20000").unwrap_err();
    assert!(e.message.contains("group.share.max.assignment.interval.ms"), "{}", e.message);
    set(&mut s, "group.share.assignment.interval.ms", "0").unwrap();
    assert_eq!(s.config().get("group.share.assignment.interval.ms").as_deref(), Some("0"));
    assert_eq!(s.config().get("group.consumer.assignment.interval.ms").as_deref(), Some("1000"), "unchanged by the refusals");
    // group configs: GroupConfig's bounds are the broker's min and max
    let e = s
        .apply(Command::AlterGroupConfig { group: "g".into(), set: vec![kv("consumer.assignment.interval.ms", "20000")], delete: vec![] })
        .unwrap_err();
    assert!(
        e.message.contains("consumer.assignment.interval.ms must be less than or equal to group.consumer.max.assignment.interval.ms"),
        "{}",
        e.message
    );
    let e = s
        .apply(Command::AlterGroupConfig { group: "g".into(), set: vec![kv("share.assignment.interval.ms", "x")], delete: vec![] })
        .unwrap_err();
    assert!(e.message.contains("Not a number of type INT"), "{}", e.message);
    assert!(s.group_configs("g").is_empty(), "state unchanged");
}

#[test]
fn a_share_group_batches_its_assignments_too() {
    let mut s = sim(5);
    for _ in 0..4 {
        share_consumer(&mut s, "workers");
    }
    s.advance(1_000);
    let g = s.share_group("workers").unwrap();
    assert_eq!(g.members.len(), 4);
    assert_eq!(assignments(&s, "workers").len(), 1, "one run for the first join");
    assert_eq!(g.members.values().filter(|m| !m.assigned.is_empty()).count(), 1);
    s.advance(6_000);
    let runs = assignments(&s, "workers");
    assert_eq!(runs.len(), 2, "the three later joins in one run: {runs:?}");
    let g = s.share_group("workers").unwrap();
    assert!(g.members.values().all(|m| !m.assigned.is_empty()), "every worker shares a partition");
    // a member that leaves only bumps the epoch; a heartbeat computes the next target
    let before = assignments(&s, "workers").len();
    s.apply(Command::CloseConsumer { consumer: 1 }).unwrap();
    s.advance(10);
    assert_eq!(assignments(&s, "workers").len(), before, "no run on the leave itself");
    s.advance(6_000);
    assert_eq!(assignments(&s, "workers").len(), before + 1);
}

/// Whatever joins and leaves happen, two runs of the assignor for a group are at least the
/// interval apart, and every group settles with one owner per partition.
#[test]
fn runs_of_the_assignor_are_never_closer_than_the_interval() {
    for seed in 0..8u64 {
        let mut s = sim(seed);
        let mut cs = Vec::new();
        for step in 0..12u64 {
            if step % 3 == 2 && cs.len() > 1 {
                let c = cs.remove((seed as usize + step as usize) % cs.len());
                s.apply(Command::CloseConsumer { consumer: c }).unwrap();
            } else {
                cs.push(consumer(&mut s, "g"));
            }
            s.advance(((seed * 37 + step * 211) % 1_700) as i64);
        }
        let runs = assignments(&s, "g");
        for w in runs.windows(2) {
            assert!(w[1].0 - w[0].0 >= 1_000, "seed {seed}: {runs:?}");
        }
        s.advance(30_000);
        assert_eq!(state(&s, "g"), GroupState::Stable, "seed {seed}");
        let mut owned: Vec<_> = cs.iter().flat_map(|c| s.consumer_state(*c).unwrap().member.owned.clone()).collect();
        kafkascope::engine::sorting::sort(&mut owned);
        let n = owned.len();
        owned.dedup();
        assert_eq!((n, owned.len()), (6, 6), "seed {seed}: each partition has one owner");
    }
}
