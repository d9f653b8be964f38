//! Property tests of consumer groups under random membership churn.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::BTreeMap;

use kafkascope::engine::assignor::ClientAssignor;
use kafkascope::engine::group::GroupState;
use kafkascope::engine::*;
use proptest::prelude::*;

mod common;
use common::churn::{assert_committed_partitions_exist, cases, churn, with_topic_changes, Op};

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        3 => Just(Op::Join),
        1 => (0usize..8).prop_map(Op::Crash),
        1 => (0usize..8).prop_map(Op::Close),
        1 => (0usize..8).prop_map(Op::Slow),
        1 => (1i32..=3).prop_map(Op::StopBroker),
        1 => (1i32..=3).prop_map(Op::StartBroker),
        2 => (1u8..30).prop_map(Op::Produce),
        4 => (100i64..30_000).prop_map(Op::Advance),
    ]
}

/// Every committed offset of group `g` is for a partition that exists.
fn committed_partitions_exist(s: &Sim) {
    if let Some(g) = s.group("g") {
        assert_committed_partitions_exist(s, g.offsets.keys());
    }
}

/// The churn of a group whose members use the assignor `strategy`.
fn run(seed: u64, ops: &[Op], strategy: &str, check: impl FnMut(&Sim, &[u32])) -> Sim {
    churn(seed, ops, &[("partition.assignment.strategy", ClientAssignor::from_name(strategy).unwrap().class_name())], check)
}

/// In a Stable group, every partition belongs to exactly one member (coordinator view).
fn stable_group_owns_each_partition_once(s: &Sim) {
    stable_group_owners(s, true)
}

/// With `exact: false` (cooperative round 1 withholds moving partitions): at most one.
fn stable_group_owners(s: &Sim, exact: bool) {
    let Some(g) = s.group("g") else { return };
    if g.state != GroupState::Stable || g.members.is_empty() {
        return;
    }
    let mut owners: BTreeMap<u32, usize> = BTreeMap::new();
    for m in &g.members {
        for tp in &m.assignment {
            *owners.entry(tp.partition).or_default() += 1;
        }
    }
    for p in 0..7 {
        let n = owners.get(&p).copied().unwrap_or(0);
        if exact {
            assert_eq!(n, 1, "partition {p} in generation {} at t={}", g.generation_id, s.now());
        } else {
            assert!(n <= 1, "partition {p} has {n} owners in generation {} at t={}", g.generation_id, s.now());
        }
    }
}

/// No partition is held by two members at the same virtual time (client view). A
/// consumer the coordinator has already removed (a "zombie" still busy in its poll loop,
/// whose commits will be rejected) is not a member: Kafka cannot stop it from
/// processing what it already fetched.
fn no_double_ownership(s: &Sim, consumers: &[u32]) {
    let mut seen = BTreeMap::new();
    let Some(g) = s.group("g") else { return };
    for c in consumers {
        let Some(st) = s.consumer_state(*c) else { continue };
        if !st.alive || !g.has_member(&st.member.member_id) {
            continue;
        }
        for tp in &st.member.owned {
            if let Some(other) = seen.insert(tp.clone(), *c) {
                panic!("{tp} owned by consumers {other} and {c} at t={}", s.now());
            }
        }
    }
}

fn committed_below_high_watermark(s: &Sim) {
    let Some(g) = s.group("g") else { return };
    for (tp, c) in &g.offsets {
        let hw = s.topic(&tp.topic).unwrap().partitions[tp.partition as usize].high_watermark();
        assert!(c.offset <= hw, "committed {} above the high watermark {hw} of {tp}", c.offset);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases()))]

    #[test]
    fn eager_range_groups_own_each_partition_once_when_stable(seed in any::<u64>(), ops in proptest::collection::vec(op(), 5..40)) {
        run(seed, &ops, "range", |s, _| {
            stable_group_owns_each_partition_once(s);
            committed_below_high_watermark(s);
        });
    }

    #[test]
    fn cooperative_sticky_never_double_owns(seed in any::<u64>(), ops in proptest::collection::vec(op(), 5..40)) {
        let mut s = run(seed, &ops, "cooperative-sticky", |s, cs| {
            stable_group_owners(s, false);
            no_double_ownership(s, cs);
            committed_below_high_watermark(s);
        });
        // once every broker is back and the second round is over, every partition has one owner
        for b in 1..=3 {
            let _ = s.apply(Command::StartBroker { broker: b });
        }
        s.advance(120_000);
        stable_group_owns_each_partition_once(&s);
    }

    #[test]
    fn sticky_stays_balanced_when_stable(seed in any::<u64>(), ops in proptest::collection::vec(op(), 5..40)) {
        run(seed, &ops, "sticky", |s, _| {
            let Some(g) = s.group("g") else { return };
            if g.state != GroupState::Stable || g.members.is_empty() {
                return;
            }
            let sizes: Vec<usize> = g.members.iter().map(|m| m.assignment.len()).collect();
            let (min, max) = (sizes.iter().min().unwrap(), sizes.iter().max().unwrap());
            assert!(max - min <= 1, "unbalanced {sizes:?}");
        });
    }

    /// The group's topic is deleted, created again with another number of partitions,
    /// and grown, under membership churn: no panic; committed offsets only for partitions
    /// that exist; and once things settle (brokers back, past `metadata.max.age.ms`), a
    /// Stable group owns each partition of the topic once, and none it lacks.
    #[test]
    fn groups_follow_their_topic_through_deletion_and_growth(
        seed in any::<u64>(),
        ops in proptest::collection::vec(with_topic_changes(op()), 5..40),
        strategy in prop::sample::select(&["range", "cooperative-sticky"][..]),
    ) {
        let mut s = run(seed, &ops, strategy, |s, cs| {
            committed_partitions_exist(s);
            if strategy == "cooperative-sticky" {
                no_double_ownership(s, cs);
            }
        });
        for b in 1..=3 {
            let _ = s.apply(Command::StartBroker { broker: b });
        }
        s.advance(400_000);
        committed_partitions_exist(&s);
        let Some(g) = s.group("g") else { return Ok(()) };
        if g.state != GroupState::Stable || g.members.is_empty() {
            return Ok(());
        }
        let n = s.topic("t").map_or(0, |t| t.partitions.len() as u32);
        let mut owners: BTreeMap<u32, usize> = BTreeMap::new();
        for m in &g.members {
            for tp in &m.assignment {
                prop_assert!(tp.partition < n, "{} assigned, t has {} partitions", tp, n);
                *owners.entry(tp.partition).or_default() += 1;
            }
        }
        for p in 0..n {
            prop_assert_eq!(owners.get(&p).copied().unwrap_or(0), 1, "partition {} in generation {}", p, g.generation_id);
        }
    }

    #[test]
    fn identical_seeds_give_identical_traces(seed in any::<u64>(), ops in proptest::collection::vec(op(), 5..30)) {
        let a = run(seed, &ops, "cooperative-sticky", |_, _| {});
        let b = run(seed, &ops, "cooperative-sticky", |_, _| {});
        prop_assert_eq!(a.trace_hash(), b.trace_hash());
        prop_assert_eq!(a.state_hash(), b.state_hash());
    }
}
