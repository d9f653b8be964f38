//! The group coordinator's range assignor (KIP-848, `group.remote.assignor=range`).
//!
//! Models group-coordinator/src/main/java/org/apache/kafka/coordinator/group/assignor/RangeAssignor.java:
//! members sorted with static members first (by instance id), then by member id; each
//! topic split into contiguous ranges over its subscribers in that order, the first
//! `P % C` subscribers taking one extra. The homogeneous and heterogeneous paths of the
//! Java class compute the same split. At the modelled Kafka version it is not sticky: the
//! members' current assignments are ignored.
//!
//! Kafka returns each member's partitions as sets; here each list is sorted by topic,
//! then partition.

use crate::engine::map::Map;
use crate::engine::sorting;

use super::common::to_assignment;
use super::{Assignment, MemberSubscription};

/// `RangeAssignor.assign` (server side): the client's split, each list sorted.
pub fn assign(partitions_per_topic: &Map<String, u32>, members: &[MemberSubscription]) -> Assignment {
    let (topics, mut lists) = super::range::split(partitions_per_topic, members);
    for l in &mut lists {
        sorting::sort(l);
    }
    to_assignment(&topics, members, &lists)
}
