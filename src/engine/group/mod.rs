//! Consumer groups: the coordinator's groups of both rebalance protocols and the consumer
//! client that talks to them, on the engine's virtual clock.
//!
//! * [`ClassicGroup`] models the coordinator's classic group (`ClassicGroup.java` and
//!   `GroupMetadataManager.java` in group-coordinator/src/main/java/org/apache/kafka/coordinator/group/);
//! * [`consumer_group::ConsumerGroup`] models a KIP-848 group (`group.protocol=consumer`;
//!   `modern/consumer/ConsumerGroup.java`, `ConsumerGroupMember.java` and the reconciliation
//!   of `CurrentAssignmentBuilder.java`);
//! * the client side (`AbstractCoordinator`/`ConsumerCoordinator` for the classic protocol,
//!   `ConsumerMembershipManager`/`ConsumerHeartbeatRequestManager` for the consumer protocol, in
//!   clients/src/main/java/org/apache/kafka/clients/consumer/internals/) lives in
//!   `sim/member.rs`; the coordinator's handlers in `sim/coordinator.rs` (classic) and
//!   `sim/consumer_protocol.rs` (ConsumerGroupHeartbeat).
//!
//! A group id names one group of one kind, as in Kafka's single `groups` map: an Empty
//! group of the other kind is replaced, a non-empty one is an error (see
//! `sim/consumer_protocol.rs`). Committed offsets live in the group of either kind and
//! move with it when an Empty group is converted.
//!
//! Every request and response is a message with the network delay, and an event in the
//! trace, so a rebalance can be stepped one protocol message at a time.

pub mod consumer_group;
pub mod protocol;
pub mod share_group;

use crate::engine::map::Map;
use std::rc::Rc;

use serde::Serialize;

use super::assignor::TopicPartition;
use protocol::Subscription;

/// `offsets.topic.num.partitions`
pub const OFFSETS_TOPIC_PARTITIONS: u32 = 50;
/// The internal topic that stores committed offsets and picks each group's coordinator.
pub const OFFSETS_TOPIC: &str = "__consumer_offsets";

/// Java's `String.hashCode` over UTF-16 code units.
pub fn java_string_hash(s: &str) -> i32 {
    s.encode_utf16().fold(0i32, |h, c| h.wrapping_mul(31).wrapping_add(c as i32))
}

/// The `__consumer_offsets` partition that holds a group: `Utils.abs(groupId.hashCode()) % 50`,
/// where `Utils.abs(Integer.MIN_VALUE)` is 0 (`GroupCoordinatorService.partitionFor`).
/// KIP-1263's `canComputeNextTargetAssignment` (Kafka 4.3), for consumer and share groups
/// alike: the group epoch is ahead of the target's, and no target was computed in the last
/// `interval_ms` (`last_assignment`: when the previous one was).
pub fn can_compute_target(group_epoch: i32, assignment_epoch: i32, last_assignment: Option<i64>, now: i64, interval_ms: i64) -> bool {
    group_epoch > assignment_epoch && last_assignment.is_none_or(|at| now - at >= interval_ms)
}

pub fn coordinator_partition(group_id: &str) -> u32 {
    let h = java_string_hash(group_id);
    let abs = if h == i32::MIN { 0 } else { h.abs() };
    (abs as u32) % OFFSETS_TOPIC_PARTITIONS
}

/// Group states as Kafka's tools print them: the classic protocol's (`ClassicGroupState`:
/// Empty, PreparingRebalance, CompletingRebalance, Stable, Dead) and the consumer protocol's
/// (`ConsumerGroup.ConsumerGroupState`: Empty, Assigning, Reconciling, Stable, Dead). The
/// admin client's `ConsumerGroupState` holds both sets in one enum, as this one does.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub enum GroupState {
    Empty,
    PreparingRebalance,
    CompletingRebalance,
    Stable,
    Dead,
    /// consumer protocol: the group epoch is ahead of the target assignment's
    Assigning,
    /// consumer protocol: some member has not reached the target assignment yet
    Reconciling,
}

impl GroupState {
    /// The name `kafka-consumer-groups.sh --describe --state` prints.
    pub fn name(self) -> &'static str {
        match self {
            GroupState::Empty => "Empty",
            GroupState::PreparingRebalance => "PreparingRebalance",
            GroupState::CompletingRebalance => "CompletingRebalance",
            GroupState::Stable => "Stable",
            GroupState::Dead => "Dead",
            GroupState::Assigning => "Assigning",
            GroupState::Reconciling => "Reconciling",
        }
    }

    /// `ClassicGroupState.validPreviousStates` (classic groups).
    pub fn can_follow(self, previous: GroupState) -> bool {
        use GroupState::*;
        match self {
            Empty => previous == PreparingRebalance,
            PreparingRebalance => matches!(previous, Stable | CompletingRebalance | Empty),
            CompletingRebalance => previous == PreparingRebalance,
            Stable => previous == CompletingRebalance,
            Dead => true,
            Assigning | Reconciling => false,
        }
    }

    /// A consumer-protocol group's state is derived from its epochs and members
    /// (`ConsumerGroup.maybeUpdateGroupState`), so it may move between any two of
    /// Empty, Assigning, Reconciling and Stable; Dead follows Empty only.
    pub fn can_follow_in_consumer_group(self, previous: GroupState) -> bool {
        use GroupState::*;
        let live = |s: GroupState| matches!(s, Empty | Assigning | Reconciling | Stable);
        match self {
            Dead => previous == Empty,
            s => live(s) && live(previous),
        }
    }

    /// A rebalance is under way: kafka-consumer-groups.sh warns "is rebalancing".
    pub fn is_rebalancing(self) -> bool {
        matches!(self, GroupState::PreparingRebalance | GroupState::CompletingRebalance | GroupState::Assigning | GroupState::Reconciling)
    }
}

/// Which protocol a group speaks (Kafka's `GroupType`, as `kafka-consumer-groups.sh --list
/// --type` prints it).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub enum GroupType {
    Classic,
    Consumer,
}

impl GroupType {
    pub fn name(self) -> &'static str {
        match self {
            GroupType::Classic => "classic",
            GroupType::Consumer => "consumer",
        }
    }
}

/// A member as the coordinator knows it (`ClassicGroupMember`).
#[derive(Clone, Debug, Hash)]
pub struct GroupMember {
    pub member_id: String,
    pub instance_id: Option<String>,
    pub client_id: String,
    pub client_host: String,
    /// the consumer (client) in the simulation that owns this member id
    pub consumer: u32,
    pub session_timeout_ms: i64,
    pub rebalance_timeout_ms: i64,
    /// (protocol name, subscription) in the member's order of preference
    pub protocols: Vec<(String, Subscription)>,
    pub assignment: Vec<TopicPartition>,
    /// a JoinGroup from this member is parked, waiting for the join phase to end
    pub awaiting_join: bool,
    /// a SyncGroup from this member is parked, waiting for the leader's
    pub awaiting_sync: bool,
    /// heard from within the session timeout (heartbeat, join or sync)
    pub heartbeat_satisfied: bool,
    /// bumps on every heartbeat, so older expiry timers are ignored
    pub heartbeat_generation: u64,
    pub is_new: bool,
}

impl GroupMember {
    pub fn subscription(&self, protocol: &str) -> Option<&Subscription> {
        self.protocols.iter().find(|(p, _)| p == protocol).map(|(_, s)| s)
    }
}

/// A committed offset (`OffsetAndMetadata`): the next offset the group will read.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct CommittedOffset {
    pub offset: i64,
    pub commit_timestamp: i64,
    /// `OffsetAndMetadata.leaderEpoch`: the leader epoch of the last record the consumer
    /// read before this offset (its position's `offsetEpoch`), which `--describe --verbose`
    /// prints as LEADER-EPOCH; `None` for an offset an admin tool wrote (`--reset-offsets`)
    pub leader_epoch: Option<i32>,
}

/// The coordinator's view of one classic group.
#[derive(Clone, Debug, Hash)]
pub struct ClassicGroup {
    pub group_id: Rc<str>,
    pub state: GroupState,
    pub previous_state: GroupState,
    pub generation_id: i32,
    pub protocol_type: Option<String>,
    pub protocol_name: Option<String>,
    pub leader_id: Option<String>,
    /// members in the order they were added (Kafka's map iteration is emulated where it matters)
    pub members: Vec<GroupMember>,
    /// member ids handed out with MEMBER_ID_REQUIRED that have not joined yet
    pub pending_members: Vec<String>,
    /// `group.instance.id` → member id
    pub static_members: Map<String, String>,
    pub new_member_added: bool,
    /// bumps whenever the pending join/sync timer is replaced
    pub rebalance_timer_generation: u64,
    pub offsets: Map<TopicPartition, CommittedOffset>,
    /// when the group last became Empty (offset expiry counts from here)
    pub empty_since: Option<i64>,
    /// per partition, the highest offset the group has delivered to an application
    /// (to flag records delivered twice)
    pub delivered: Map<TopicPartition, i64>,
    /// parked JoinGroup requests: member id → where to answer
    pub(crate) join_replies: Vec<(String, crate::engine::sim::ReplyTo)>,
    /// parked SyncGroup requests
    pub(crate) sync_replies: Vec<(String, crate::engine::sim::ReplyTo)>,
}

impl ClassicGroup {
    pub fn new(group_id: Rc<str>, now: i64) -> Self {
        ClassicGroup {
            group_id,
            state: GroupState::Empty,
            previous_state: GroupState::Empty,
            generation_id: 0,
            protocol_type: None,
            protocol_name: None,
            leader_id: None,
            members: Vec::new(),
            pending_members: Vec::new(),
            static_members: Map::new(),
            new_member_added: false,
            rebalance_timer_generation: 0,
            offsets: Map::new(),
            empty_since: Some(now),
            delivered: Map::new(),
            join_replies: Vec::new(),
            sync_replies: Vec::new(),
        }
    }

    pub fn member(&self, id: &str) -> Option<&GroupMember> {
        self.members.iter().find(|m| m.member_id == id)
    }
    pub fn member_mut(&mut self, id: &str) -> Option<&mut GroupMember> {
        self.members.iter_mut().find(|m| m.member_id == id)
    }
    pub fn has_member(&self, id: &str) -> bool {
        self.member(id).is_some()
    }
    pub fn is_leader(&self, id: &str) -> bool {
        self.leader_id.as_deref() == Some(id)
    }

    /// `ClassicGroup.hasAllMembersJoined`: every member's JoinGroup is parked and no
    /// member id handed out is still pending.
    pub fn has_all_members_joined(&self) -> bool {
        self.members.iter().all(|m| m.awaiting_join) && self.pending_members.is_empty()
    }

    /// The largest rebalance timeout among the members (`ClassicGroup.rebalanceTimeoutMs`).
    pub fn rebalance_timeout_ms(&self) -> i64 {
        self.members.iter().map(|m| m.rebalance_timeout_ms).max().unwrap_or(0)
    }

    /// `ClassicGroup.supportsProtocols`: an empty group takes any non-empty protocol
    /// list; otherwise the type must match and some protocol must be supported by all.
    pub fn supports_protocols(&self, protocol_type: &str, protocols: &[(String, Subscription)]) -> bool {
        if protocols.is_empty() || protocol_type.is_empty() {
            return false;
        }
        if self.members.is_empty() {
            return true;
        }
        self.protocol_type.as_deref() == Some(protocol_type)
            && protocols.iter().any(|(p, _)| self.members.iter().all(|m| m.protocols.iter().any(|(q, _)| q == p)))
    }

    /// `ClassicGroup.selectProtocol`: each member votes for its first listed protocol
    /// that all members support; the most votes win (ties: the first candidate).
    pub fn select_protocol(&self) -> Option<String> {
        let candidates: Vec<&String> = self.members[0]
            .protocols
            .iter()
            .map(|(p, _)| p)
            .filter(|p| self.members.iter().all(|m| m.protocols.iter().any(|(q, _)| q == *p)))
            .collect();
        let mut votes: Vec<(&String, usize)> = candidates.iter().map(|c| (*c, 0)).collect();
        for m in &self.members {
            if let Some((p, _)) = m.protocols.iter().find(|(p, _)| candidates.contains(&p)) {
                if let Some(v) = votes.iter_mut().find(|(c, _)| *c == p) {
                    v.1 += 1;
                }
            }
        }
        let best = votes.iter().map(|(_, n)| *n).max()?;
        votes.into_iter().find(|(_, n)| *n == best).map(|(p, _)| p.clone())
    }

    /// The members a group in a stable generation assigns partitions to.
    pub fn owners(&self) -> Map<&TopicPartition, &str> {
        let mut out = Map::new();
        for m in &self.members {
            for tp in &m.assignment {
                out.insert(tp, m.member_id.as_str());
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn java_string_hash_matches_java() {
        assert_eq!(java_string_hash(""), 0);
        assert_eq!(java_string_hash("a"), 97);
        assert_eq!(java_string_hash("hello"), 99162322);
        assert_eq!(java_string_hash("my-group"), -1_906_497_762);
        assert_eq!(coordinator_partition("my-group"), 1_906_497_762 % 50);
    }

    #[test]
    fn coordinator_partition_is_abs_hash_mod_50() {
        assert_eq!(coordinator_partition("hello"), 99162322 % 50);
        // "polygenelubricants".hashCode() == Integer.MIN_VALUE; Utils.abs gives 0
        assert_eq!(java_string_hash("polygenelubricants"), i32::MIN);
        assert_eq!(coordinator_partition("polygenelubricants"), 0);
    }

    #[test]
    fn state_transitions_follow_kafka() {
        use GroupState::*;
        assert!(PreparingRebalance.can_follow(Empty));
        assert!(!Stable.can_follow(PreparingRebalance));
        assert!(Stable.can_follow(CompletingRebalance));
        assert!(Empty.can_follow(PreparingRebalance));
        assert!(Dead.can_follow(Stable));
        assert!(!Assigning.can_follow(Stable));
        assert!(Stable.can_follow_in_consumer_group(Empty));
        assert!(Reconciling.can_follow_in_consumer_group(Assigning));
        assert!(!PreparingRebalance.can_follow_in_consumer_group(Stable));
        assert!(Dead.can_follow_in_consumer_group(Empty));
        assert!(!Dead.can_follow_in_consumer_group(Stable));
    }
}
