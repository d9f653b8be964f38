//! The client-side range assignor.
//!
//! Models clients/src/main/java/org/apache/kafka/clients/consumer/RangeAssignor.java:
//! topic by topic, the members subscribed to the topic, in
//! [`compare_members`](super::compare_members) order, each take a contiguous range of its
//! partitions; the first `P % C` members take one extra. With several topics, the same
//! first members get the extras every time.
//!
//! Simplifications: the rack-aware variant (consumer racks matching replica racks) is not
//! modelled, as the simulator has no racks. Kafka appends each topic's range in
//! `HashMap` order of topic names; here each member's list is in topic name order (the
//! same order for Kafka's test topics, and the same set in any case).

use crate::engine::map::Map;

use super::common::{prepare, to_assignment, Topics};
use super::{sorted_member_indices, Assignment, MemberSubscription};

/// `RangeAssignor.assign`.
pub fn assign(partitions_per_topic: &Map<String, u32>, members: &[MemberSubscription]) -> Assignment {
    let (topics, lists) = split(partitions_per_topic, members);
    to_assignment(&topics, members, &lists)
}

/// The range split itself, shared with the server-side range assignor: per member, the
/// global partition ids it gets.
pub(crate) fn split(partitions_per_topic: &Map<String, u32>, members: &[MemberSubscription]) -> (Topics, Vec<Vec<u32>>) {
    let (topics, subs) = prepare(partitions_per_topic, members);
    let order = sorted_member_indices(members);
    let mut lists: Vec<Vec<u32>> = vec![Vec::new(); members.len()];
    if subs.all_equal() {
        for t in 0..topics.len() as u32 {
            assign_ranges(&topics, t, &order, &mut lists);
        }
    } else {
        let subscribers = subs.subscribers(&topics, &order);
        for (t, consumers) in subscribers.iter().enumerate() {
            assign_ranges(&topics, t as u32, consumers, &mut lists);
        }
    }
    (topics, lists)
}

/// Splits topic `t` over `consumers` (already in member order): consumer `i` gets
/// `q + (i < r)` partitions starting at `i*q + min(i, r)`.
pub(crate) fn assign_ranges(topics: &Topics, t: u32, consumers: &[usize], lists: &mut [Vec<u32>]) {
    let n = consumers.len() as u32;
    if n == 0 {
        return;
    }
    let p = topics.counts[t as usize];
    let (q, r) = (p / n, p % n);
    // With fewer partitions than consumers, only the first `r` get one.
    let takers = if q == 0 { r } else { n };
    let base = topics.gid(t, 0);
    for (i, &m) in consumers.iter().take(takers as usize).enumerate() {
        let i = i as u32;
        let start = i * q + i.min(r);
        let len = q + u32::from(i < r);
        lists[m].extend(base + start..base + start + len);
    }
}
