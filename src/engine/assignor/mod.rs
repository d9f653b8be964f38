//! Kafka's partition assignors: which group member consumes which partition.
//!
//! Client side (classic protocol; the group leader runs the assignor named by
//! `partition.assignment.strategy`), modelling
//! clients/src/main/java/org/apache/kafka/clients/consumer/ and
//! clients/src/main/java/org/apache/kafka/clients/consumer/internals/AbstractPartitionAssignor.java:
//!
//! * [`range`]: `RangeAssignor`, contiguous ranges per topic;
//! * [`roundrobin`]: `RoundRobinAssignor`, all partitions dealt over all members;
//! * [`sticky`]: `StickyAssignor` (`AbstractStickyAssignor`), balanced and sticky;
//! * [`cooperative_sticky`]: `CooperativeStickyAssignor`, sticky without handing over a
//!   partition in the same rebalance that revokes it.
//!
//! Server side (KIP-848 `group.protocol=consumer`; the group coordinator runs the assignor
//! named by `group.remote.assignor`), modelling
//! group-coordinator/src/main/java/org/apache/kafka/coordinator/group/assignor/:
//!
//! * [`uniform`]: `UniformAssignor` (homogeneous and heterogeneous builders);
//! * [`server_range`]: the coordinator's `RangeAssignor`.
//!
//! Every assignor is a pure function of the topic metadata and the members'
//! subscriptions: no clock, no randomness, no iteration over randomly seeded hash maps.
//! Where Kafka's result depends on `java.util.HashMap` iteration order, [`java_hash`]
//! reproduces that order.

pub mod cooperative_sticky;
pub mod java_hash;
pub mod range;
pub mod roundrobin;
pub mod server_range;
pub mod sticky;
pub mod uniform;

mod common;

use crate::engine::map::Map;
use crate::engine::sorting;
use std::cmp::Ordering;
use std::fmt;
use std::rc::Rc;

use serde::Serialize;

use self::java_hash::java_str_cmp;
use crate::engine::error::{ErrorCode, KafkaError, KafkaResult};
use crate::engine::rng::Uuid;

/// `org.apache.kafka.common.TopicPartition`. Ordered by topic (Java `String` order), then
/// partition.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct TopicPartition {
    pub topic: Rc<str>,
    pub partition: u32,
}

impl TopicPartition {
    pub fn new(topic: impl Into<Rc<str>>, partition: u32) -> Self {
        TopicPartition { topic: topic.into(), partition }
    }
}

impl Ord for TopicPartition {
    fn cmp(&self, other: &Self) -> Ordering {
        java_str_cmp(&self.topic, &other.topic).then(self.partition.cmp(&other.partition))
    }
}

impl PartialOrd for TopicPartition {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for TopicPartition {
    /// Kafka's `TopicPartition.toString()`: `topic-partition`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}", self.topic, self.partition)
    }
}

/// One member's input to an assignor: Kafka's `ConsumerPartitionAssignor.Subscription`
/// for client assignors, `MemberSubscriptionAndAssignment` for server assignors.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MemberSubscription {
    pub member_id: String,
    /// `group.instance.id` of a static member.
    pub instance_id: Option<String>,
    /// Subscribed topic names.
    pub topics: Vec<String>,
    /// Partitions the member owns now: `ownedPartitions` (cooperative-sticky), the
    /// previous assignment in user data (sticky), the current assignment (server
    /// assignors). Range and round-robin ignore it.
    pub owned: Vec<TopicPartition>,
    /// The generation the owned partitions belong to (sticky assignors only); `None` is
    /// Kafka's `DEFAULT_GENERATION` (-1).
    pub generation: Option<i32>,
}

impl MemberSubscription {
    pub fn new<S: AsRef<str>>(member_id: impl Into<String>, topics: &[S]) -> Self {
        MemberSubscription {
            member_id: member_id.into(),
            topics: topics.iter().map(|t| t.as_ref().to_string()).collect(),
            ..Default::default()
        }
    }

    pub fn with_instance_id(mut self, instance_id: impl Into<String>) -> Self {
        self.instance_id = Some(instance_id.into());
        self
    }

    pub fn with_owned(mut self, owned: Vec<TopicPartition>) -> Self {
        self.owned = owned;
        self
    }

    pub fn with_generation(mut self, generation: i32) -> Self {
        self.generation = Some(generation);
        self
    }
}

/// Member id to assigned partitions. Every member given to an assignor has an entry,
/// possibly empty.
pub type Assignment = Map<String, Vec<TopicPartition>>;

/// `ConsumerPartitionAssignor.RebalanceProtocol`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum RebalanceProtocol {
    Eager,
    Cooperative,
}

impl RebalanceProtocol {
    pub fn name(self) -> &'static str {
        match self {
            RebalanceProtocol::Eager => "EAGER",
            RebalanceProtocol::Cooperative => "COOPERATIVE",
        }
    }
}

/// The client-side assignors of `partition.assignment.strategy`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum ClientAssignor {
    Range,
    RoundRobin,
    Sticky,
    CooperativeSticky,
}

/// `ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG`.
pub const PARTITION_ASSIGNMENT_STRATEGY: &str = "partition.assignment.strategy";

impl ClientAssignor {
    pub const ALL: [ClientAssignor; 4] =
        [ClientAssignor::Range, ClientAssignor::RoundRobin, ClientAssignor::Sticky, ClientAssignor::CooperativeSticky];

    /// The assignor's `name()`, the protocol name sent in JoinGroup.
    pub fn name(self) -> &'static str {
        match self {
            ClientAssignor::Range => "range",
            ClientAssignor::RoundRobin => "roundrobin",
            ClientAssignor::Sticky => "sticky",
            ClientAssignor::CooperativeSticky => "cooperative-sticky",
        }
    }

    /// The class name a Java client puts in `partition.assignment.strategy`.
    pub fn class_name(self) -> &'static str {
        match self {
            ClientAssignor::Range => "org.apache.kafka.clients.consumer.RangeAssignor",
            ClientAssignor::RoundRobin => "org.apache.kafka.clients.consumer.RoundRobinAssignor",
            ClientAssignor::Sticky => "org.apache.kafka.clients.consumer.StickyAssignor",
            ClientAssignor::CooperativeSticky => "org.apache.kafka.clients.consumer.CooperativeStickyAssignor",
        }
    }

    /// Accepts the short name or the class name (surrounding whitespace ignored, as
    /// Kafka trims list entries). Anything else fails like Kafka's config parser:
    /// `INVALID_CONFIG` with `ConfigException`'s text.
    pub fn from_name(name: &str) -> KafkaResult<ClientAssignor> {
        let trimmed = name.trim();
        ClientAssignor::ALL.into_iter().find(|a| a.name() == trimmed || a.class_name() == trimmed).ok_or_else(|| {
            KafkaError::new(
                ErrorCode::InvalidConfig,
                format!("Invalid value {trimmed} for configuration {PARTITION_ASSIGNMENT_STRATEGY}: Class {trimmed} could not be found."),
            )
        })
    }

    /// An assignor of `partition.assignment.strategy`, which Kafka loads by class name
    /// (`ConsumerPartitionAssignor.getAssignorInstances`): a short name such as `range` is no
    /// class, and fails inside the consumer's constructor (see `ConsumerConfig::from_pairs`).
    pub fn from_class_name(name: &str) -> Option<ClientAssignor> {
        ClientAssignor::ALL.into_iter().find(|a| a.class_name() == name.trim())
    }

    /// `supportedProtocols()`: EAGER only, except cooperative-sticky (COOPERATIVE, EAGER).
    pub fn rebalance_protocols(self) -> &'static [RebalanceProtocol] {
        match self {
            ClientAssignor::CooperativeSticky => &[RebalanceProtocol::Cooperative, RebalanceProtocol::Eager],
            _ => &[RebalanceProtocol::Eager],
        }
    }

    /// Runs the assignor. `partitions_per_topic` is the cluster's topic metadata (topics
    /// nobody subscribes to, and topics with no partitions, are ignored). For
    /// cooperative-sticky this is one rebalance: partitions changing owner are left out
    /// until their previous owner has revoked them (see [`cooperative_sticky`]).
    pub fn assign(self, partitions_per_topic: &Map<String, u32>, members: &[MemberSubscription]) -> Assignment {
        match self {
            ClientAssignor::Range => range::assign(partitions_per_topic, members),
            ClientAssignor::RoundRobin => roundrobin::assign(partitions_per_topic, members),
            ClientAssignor::Sticky => sticky::assign(partitions_per_topic, members).assignment,
            ClientAssignor::CooperativeSticky => cooperative_sticky::assign(partitions_per_topic, members).assignment,
        }
    }
}

impl fmt::Display for ClientAssignor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The server-side assignors of `group.consumer.assignors` (KIP-848).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum ServerAssignor {
    Uniform,
    Range,
}

impl ServerAssignor {
    /// In the broker's default `group.consumer.assignors` order: the first is the default.
    pub const ALL: [ServerAssignor; 2] = [ServerAssignor::Uniform, ServerAssignor::Range];

    pub fn name(self) -> &'static str {
        match self {
            ServerAssignor::Uniform => "uniform",
            ServerAssignor::Range => "range",
        }
    }

    pub fn class_name(self) -> &'static str {
        match self {
            ServerAssignor::Uniform => "org.apache.kafka.coordinator.group.assignor.UniformAssignor",
            ServerAssignor::Range => "org.apache.kafka.coordinator.group.assignor.RangeAssignor",
        }
    }

    /// Looks up `group.remote.assignor`. An unknown name fails as the coordinator
    /// rejects a ConsumerGroupHeartbeat (GroupMetadataManager.java):
    /// `UNSUPPORTED_ASSIGNOR`, "ServerAssignor X is not supported. Supported assignors: …".
    pub fn from_name(name: &str) -> KafkaResult<ServerAssignor> {
        ServerAssignor::ALL.into_iter().find(|a| a.name() == name).ok_or_else(|| {
            let supported: Vec<&str> = ServerAssignor::ALL.iter().map(|a| a.name()).collect();
            KafkaError::new(
                ErrorCode::UnsupportedAssignor,
                format!("ServerAssignor {name} is not supported. Supported assignors: {}.", supported.join(", ")),
            )
        })
    }

    /// Computes the target assignment. Members' `owned` is their current assignment;
    /// topics are ordered by name where Kafka would use topic-id hash order.
    pub fn assign(self, partitions_per_topic: &Map<String, u32>, members: &[MemberSubscription]) -> Assignment {
        self.assign_with_topic_ids(partitions_per_topic, &Map::new(), members)
    }

    /// As [`ServerAssignor::assign`], with topic ids: when every subscribed topic has one,
    /// topics are ordered as Kafka's `HashSet<Uuid>` iterates them (see [`uniform`]).
    pub fn assign_with_topic_ids(
        self,
        partitions_per_topic: &Map<String, u32>,
        topic_ids: &Map<String, Uuid>,
        members: &[MemberSubscription],
    ) -> Assignment {
        match self {
            ServerAssignor::Uniform => uniform::assign(partitions_per_topic, topic_ids, members),
            ServerAssignor::Range => server_range::assign(partitions_per_topic, members),
        }
    }
}

impl fmt::Display for ServerAssignor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// `AbstractPartitionAssignor.MemberInfo.compareTo`: static members first, by
/// `group.instance.id`; then dynamic members by member id; both in Java `String` order.
pub fn compare_members(a: &MemberSubscription, b: &MemberSubscription) -> Ordering {
    match (&a.instance_id, &b.instance_id) {
        (Some(x), Some(y)) => java_str_cmp(x, y),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => java_str_cmp(&a.member_id, &b.member_id),
    }
}

/// Indices of `members` in [`compare_members`] order (a stable sort, as Java's).
pub fn sorted_member_indices(members: &[MemberSubscription]) -> Vec<usize> {
    let mut idx: Vec<usize> = (0..members.len()).collect();
    sorting::sort_by(&mut idx, |&a, &b| compare_members(&members[a], &members[b]));
    idx
}
