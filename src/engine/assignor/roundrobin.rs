//! The client-side round-robin assignor.
//!
//! Models clients/src/main/java/org/apache/kafka/clients/consumer/RoundRobinAssignor.java:
//! every partition of every subscribed topic (topics in name order, as Kafka's `TreeSet`,
//! partitions ascending) is dealt over the members in
//! [`compare_members`](super::compare_members) order on a circular cursor. A member not
//! subscribed to the partition's topic is skipped; the cursor carries over from topic to
//! topic.

use crate::engine::map::Map;

use super::common::{prepare, to_assignment};
use super::{sorted_member_indices, Assignment, MemberSubscription};

/// `RoundRobinAssignor.assign`.
pub fn assign(partitions_per_topic: &Map<String, u32>, members: &[MemberSubscription]) -> Assignment {
    let (topics, subs) = prepare(partitions_per_topic, members);
    let order = sorted_member_indices(members);
    let mut lists: Vec<Vec<u32>> = vec![Vec::new(); members.len()];
    let n = order.len();
    let mut cursor = 0usize;
    let all_equal = subs.all_equal();
    for t in 0..topics.len() as u32 {
        for gid in topics.gid(t, 0)..topics.gid(t, 0) + topics.counts[t as usize] {
            // Every topic in `topics` has a subscriber, so this stops within one lap.
            if !all_equal {
                while !subs.subscribed(order[cursor], t) {
                    cursor = (cursor + 1) % n;
                }
            }
            lists[order[cursor]].push(gid);
            cursor = (cursor + 1) % n;
        }
    }
    to_assignment(&topics, members, &lists)
}
