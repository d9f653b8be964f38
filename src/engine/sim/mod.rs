//! The simulation: a virtual clock, an event queue ordered by (time, sequence), a
//! seeded random generator, the cluster, and the clients inside it.
//!
//! Sans-IO in the style of quinn-proto's `Connection`: inputs are [`Command`]s and the
//! passage of virtual time; outputs are [`TraceEntry`]s. Nothing here reads a clock,
//! draws unseeded randomness or iterates a randomly seeded hash map.

mod broker_config;
mod consume;
mod consumer_protocol;
mod coordinator;
mod group_admin;
mod housekeeping;
mod member;
mod produce;
pub mod quorum;
pub mod quotas;
mod replication;
pub mod share_member;
mod topics;
mod transactions;

use crate::engine::map::Map;
use crate::engine::sorting;
use std::cmp::Ordering;
use std::collections::BinaryHeap;
use std::hash::{Hash, Hasher};
use std::rc::Rc;

use super::client_config::{ConsumerConfig, ProducerConfig};
use super::clients::{Consumer, Producer};
use super::cluster::{Broker, Partition, ProducerBatchRecord, Topic};
use super::command::{Command, Reply};
use super::error::{ErrorCode, KafkaError, KafkaResult};
use super::event::{BrokerId, Event, ProducerId, TraceEntry};
use super::group::consumer_group::ConsumerGroup;
use super::group::protocol::{GroupApi, GroupRequest, GroupResponse};
use super::group::{ClassicGroup, GroupType};
use super::log::ReplicatedRecord;
use super::rng::{SimRng, Uuid};
use super::stable_hash::StableHasher;
use super::trace::{self, Trace, TraceMark};
pub use broker_config::{DynamicBrokerConfigs, BROKER_CONFIGS};
use coordinator::GroupTimer;
pub(crate) use coordinator::ReplyTo;
pub use coordinator::{GROUP_INITIAL_REBALANCE_DELAY_MS, GROUP_MAX_SESSION_TIMEOUT_MS, GROUP_MIN_SESSION_TIMEOUT_MS};
pub use group_admin::{GroupDescription, MemberDescription, OffsetSpec, PartitionLag};

/// Cluster-wide settings, with Kafka's broker defaults unless teaching needs otherwise.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ClusterConfig {
    /// number of brokers, ids 1..=n (1 to 9; default 3 so replication can be taught)
    pub brokers: u32,
    /// `num.partitions` (1)
    pub num_partitions: i32,
    /// `default.replication.factor` (1)
    pub default_replication_factor: i32,
    /// `log.retention.check.interval.ms` (300000)
    pub log_retention_check_interval_ms: i64,
    /// `log.initial.task.delay.ms` (30000): the first retention check runs this long after
    /// the broker starts (`LogManager.startup` schedules `kafka-log-retention` with it)
    pub log_initial_task_delay_ms: i64,
    /// `log.cleaner.backoff.ms` (15000)
    pub log_cleaner_backoff_ms: i64,
    /// `replica.lag.time.max.ms` (30000)
    pub replica_lag_time_max_ms: i64,
    /// `replica.fetch.max.bytes` (1048576)
    pub replica_fetch_max_bytes: u64,
    /// `broker.session.timeout.ms` (9000): how long the controller waits before
    /// fencing a broker that stopped heartbeating
    pub broker_session_timeout_ms: i64,
    /// `unclean.leader.election.enable` (false)
    pub unclean_leader_election_enable: bool,
    /// `unclean.leader.election.interval.ms` (300000): how often the KRaft controller
    /// looks for leaderless partitions to elect an unclean leader for
    /// (`QuorumController.maybeTriggerUncleanLeaderElectionForLeaderlessPartitions`)
    pub unclean_leader_election_interval_ms: i64,
    /// `auto.create.topics.enable` (true)
    pub auto_create_topics_enable: bool,
    /// one-way network delay between any two nodes, in ms (simulator setting)
    pub network_delay_ms: i64,
    /// `offsets.topic.replication.factor` (3). Kafkascope caps it at the number of
    /// brokers, as a one-broker setup configures 1; `__consumer_offsets` is created only
    /// when that many brokers are registered (unfenced).
    pub offsets_topic_replication_factor: i32,
    /// `offsets.retention.minutes` (10080 = 7 days)
    pub offsets_retention_minutes: i64,
    /// `offsets.retention.check.interval.ms` (600000)
    pub offsets_retention_check_interval_ms: i64,
    /// `auto.leader.rebalance.enable` (true): the controller moves leadership back to
    /// each partition's preferred replica (see `Sim::leader_balance_check`)
    pub auto_leader_rebalance_enable: bool,
    /// `leader.imbalance.check.interval.seconds` (300)
    pub leader_imbalance_check_interval_seconds: i64,
    /// KIP-848's broker settings (`GroupCoordinatorConfig`, Kafka 4.x), in ms:
    /// `group.consumer.session.timeout.ms` (45000) with its bounds
    /// `group.consumer.min.session.timeout.ms` (45000) and `.max.` (60000), and
    /// `group.consumer.heartbeat.interval.ms` (5000) with `.min.` (5000) and `.max.` (15000),
    /// and KIP-1263's `group.consumer.assignment.interval.ms` (1000, new in 4.3)
    pub group_consumer: GroupConsumerConfig,
    /// `group.share.assignment.interval.ms` (1000, KIP-1263, new in 4.3): the least time
    /// between two target assignments of a share group. Its bounds
    /// `group.share.min.assignment.interval.ms` (0) and `.max.` (15000) are not settable.
    pub group_share_assignment_interval_ms: i64,
    /// `group.coordinator.rebalance.protocols` (`classic,consumer,streams` in Kafka 4.3:
    /// `GroupCoordinatorConfig`; deprecated by KIP-1237 for removal in 5.0), as given. Without
    /// `consumer` the broker answers ConsumerGroupHeartbeat with UNSUPPORTED_VERSION
    /// (`KafkaApis.isConsumerGroupProtocolEnabled`). Since 4.1 `share` gates nothing (share
    /// groups follow the `share.version` feature; 4.3's `KafkaConfig` only warns), and
    /// Kafkascope has no streams groups. A static broker config in Kafka (set before the
    /// brokers start); `kafkascope config` changes it at once on every broker.
    pub rebalance_protocols: String,
}

/// The coordinator's consumer-protocol timings (see [`ClusterConfig::group_consumer`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct GroupConsumerConfig {
    pub session_timeout_ms: i64,
    pub min_session_timeout_ms: i64,
    pub max_session_timeout_ms: i64,
    pub heartbeat_interval_ms: i64,
    pub min_heartbeat_interval_ms: i64,
    pub max_heartbeat_interval_ms: i64,
    /// `group.consumer.assignment.interval.ms` (KIP-1263, Kafka 4.3): a group's target
    /// assignment is computed again at most this often, so that a burst of joins and leaves
    /// costs one run of the assignor. Its bounds `group.consumer.min.assignment.interval.ms`
    /// (0) and `.max.` (15000) are Kafka's defaults and not settable in Kafkascope.
    pub assignment_interval_ms: i64,
}

/// `group.{consumer,share}.min.assignment.interval.ms` and `.max.` (Kafka 4.3 defaults).
pub const ASSIGNMENT_INTERVAL_BOUNDS_MS: (i64, i64) = (0, 15_000);

impl Default for GroupConsumerConfig {
    fn default() -> Self {
        GroupConsumerConfig {
            session_timeout_ms: 45_000,
            min_session_timeout_ms: 45_000,
            max_session_timeout_ms: 60_000,
            heartbeat_interval_ms: 5_000,
            min_heartbeat_interval_ms: 5_000,
            max_heartbeat_interval_ms: 15_000,
            assignment_interval_ms: 1_000,
        }
    }
}

impl GroupConsumerConfig {
    /// `GroupCoordinatorConfig`'s `require` checks (Kafka 4.0 source), in its order: the
    /// first broken one.
    fn check(&self) -> Result<(), String> {
        let rules = [
            (
                self.max_heartbeat_interval_ms >= self.min_heartbeat_interval_ms,
                "group.consumer.max.heartbeat.interval.ms must be greater than or equal to group.consumer.min.heartbeat.interval.ms",
            ),
            (
                self.heartbeat_interval_ms >= self.min_heartbeat_interval_ms,
                "group.consumer.heartbeat.interval.ms must be greater than or equal to group.consumer.min.heartbeat.interval.ms",
            ),
            (
                self.heartbeat_interval_ms <= self.max_heartbeat_interval_ms,
                "group.consumer.heartbeat.interval.ms must be less than or equal to group.consumer.max.heartbeat.interval.ms",
            ),
            (
                self.max_session_timeout_ms >= self.min_session_timeout_ms,
                "group.consumer.max.session.timeout.ms must be greater than or equal to group.consumer.min.session.timeout.ms",
            ),
            (
                self.session_timeout_ms >= self.min_session_timeout_ms,
                "group.consumer.session.timeout.ms must be greater than or equal to group.consumer.min.session.timeout.ms",
            ),
            (
                self.session_timeout_ms <= self.max_session_timeout_ms,
                "group.consumer.session.timeout.ms must be less than or equal to group.consumer.max.session.timeout.ms",
            ),
            (
                self.heartbeat_interval_ms < self.session_timeout_ms,
                "group.consumer.heartbeat.interval.ms must be less than group.consumer.session.timeout.ms",
            ),
            (
                self.assignment_interval_ms >= ASSIGNMENT_INTERVAL_BOUNDS_MS.0,
                "group.consumer.assignment.interval.ms must be greater than or equal to group.consumer.min.assignment.interval.ms",
            ),
            (
                self.assignment_interval_ms <= ASSIGNMENT_INTERVAL_BOUNDS_MS.1,
                "group.consumer.assignment.interval.ms must be less than or equal to group.consumer.max.assignment.interval.ms",
            ),
        ];
        match rules.iter().find(|(ok, _)| !ok) {
            Some((_, why)) => Err(why.to_string()),
            None => Ok(()),
        }
    }
}

impl Default for ClusterConfig {
    fn default() -> Self {
        ClusterConfig {
            brokers: 3,
            num_partitions: 1,
            default_replication_factor: 1,
            log_retention_check_interval_ms: 300_000,
            log_initial_task_delay_ms: 30_000,
            log_cleaner_backoff_ms: 15_000,
            replica_lag_time_max_ms: 30_000,
            replica_fetch_max_bytes: 1_048_576,
            broker_session_timeout_ms: 9_000,
            unclean_leader_election_enable: false,
            unclean_leader_election_interval_ms: 300_000,
            auto_create_topics_enable: true,
            network_delay_ms: 2,
            offsets_topic_replication_factor: 3,
            offsets_retention_minutes: 10_080,
            offsets_retention_check_interval_ms: 600_000,
            auto_leader_rebalance_enable: true,
            leader_imbalance_check_interval_seconds: 300,
            group_consumer: GroupConsumerConfig::default(),
            group_share_assignment_interval_ms: 1_000,
            rebalance_protocols: "classic,consumer,streams".into(),
        }
    }
}

/// Names accepted by `Command::SetClusterConfig`.
pub const CLUSTER_CONFIG_NAMES: &[&str] = &[
    "auto.create.topics.enable",
    "auto.leader.rebalance.enable",
    "broker.session.timeout.ms",
    "default.replication.factor",
    "group.consumer.assignment.interval.ms",
    "group.consumer.heartbeat.interval.ms",
    "group.consumer.max.heartbeat.interval.ms",
    "group.consumer.max.session.timeout.ms",
    "group.consumer.min.heartbeat.interval.ms",
    "group.consumer.min.session.timeout.ms",
    "group.consumer.session.timeout.ms",
    "group.coordinator.rebalance.protocols",
    "group.share.assignment.interval.ms",
    "leader.imbalance.check.interval.seconds",
    "log.cleaner.backoff.ms",
    "log.initial.task.delay.ms",
    "log.retention.check.interval.ms",
    "network.delay.ms",
    "num.partitions",
    "offsets.retention.check.interval.ms",
    "offsets.retention.minutes",
    "offsets.topic.replication.factor",
    "replica.lag.time.max.ms",
    "unclean.leader.election.enable",
    "unclean.leader.election.interval.ms",
];

impl ClusterConfig {
    /// The value of a setting named in [`CLUSTER_CONFIG_NAMES`], as `kafkascope config`
    /// lists it.
    pub fn get(&self, name: &str) -> Option<String> {
        Some(match name {
            "auto.create.topics.enable" => self.auto_create_topics_enable.to_string(),
            "auto.leader.rebalance.enable" => self.auto_leader_rebalance_enable.to_string(),
            "broker.session.timeout.ms" => self.broker_session_timeout_ms.to_string(),
            "default.replication.factor" => self.default_replication_factor.to_string(),
            "group.consumer.assignment.interval.ms" => self.group_consumer.assignment_interval_ms.to_string(),
            "group.consumer.heartbeat.interval.ms" => self.group_consumer.heartbeat_interval_ms.to_string(),
            "group.consumer.max.heartbeat.interval.ms" => self.group_consumer.max_heartbeat_interval_ms.to_string(),
            "group.consumer.max.session.timeout.ms" => self.group_consumer.max_session_timeout_ms.to_string(),
            "group.consumer.min.heartbeat.interval.ms" => self.group_consumer.min_heartbeat_interval_ms.to_string(),
            "group.consumer.min.session.timeout.ms" => self.group_consumer.min_session_timeout_ms.to_string(),
            "group.consumer.session.timeout.ms" => self.group_consumer.session_timeout_ms.to_string(),
            "group.coordinator.rebalance.protocols" => self.rebalance_protocols.clone(),
            "group.share.assignment.interval.ms" => self.group_share_assignment_interval_ms.to_string(),
            "leader.imbalance.check.interval.seconds" => self.leader_imbalance_check_interval_seconds.to_string(),
            "log.cleaner.backoff.ms" => self.log_cleaner_backoff_ms.to_string(),
            "log.initial.task.delay.ms" => self.log_initial_task_delay_ms.to_string(),
            "log.retention.check.interval.ms" => self.log_retention_check_interval_ms.to_string(),
            "network.delay.ms" => self.network_delay_ms.to_string(),
            "num.partitions" => self.num_partitions.to_string(),
            "offsets.retention.check.interval.ms" => self.offsets_retention_check_interval_ms.to_string(),
            "offsets.retention.minutes" => self.offsets_retention_minutes.to_string(),
            "offsets.topic.replication.factor" => self.offsets_topic_replication_factor.to_string(),
            "replica.lag.time.max.ms" => self.replica_lag_time_max_ms.to_string(),
            "unclean.leader.election.enable" => self.unclean_leader_election_enable.to_string(),
            "unclean.leader.election.interval.ms" => self.unclean_leader_election_interval_ms.to_string(),
            _ => return None,
        })
    }

    fn set(&mut self, name: &str, value: &str) -> KafkaResult<()> {
        let bad = |why: &str| KafkaError::new(ErrorCode::InvalidConfig, format!("Invalid value {value} for configuration {name}: {why}"));
        let num = |min: i64| -> KafkaResult<i64> {
            let v: i64 = value.trim().parse().map_err(|_| bad("Not a number of type LONG"))?;
            if v < min {
                return Err(bad(&format!("Value must be at least {min}")));
            }
            Ok(v)
        };
        let flag = || -> KafkaResult<bool> {
            match value.trim() {
                "true" => Ok(true),
                "false" => Ok(false),
                _ => Err(bad("Expected value to be either true or false")),
            }
        };
        match name {
            "log.retention.check.interval.ms" => self.log_retention_check_interval_ms = num(1)?,
            "log.cleaner.backoff.ms" => self.log_cleaner_backoff_ms = num(1)?,
            "log.initial.task.delay.ms" => self.log_initial_task_delay_ms = num(0)?,
            "replica.lag.time.max.ms" => self.replica_lag_time_max_ms = num(1)?,
            "broker.session.timeout.ms" => self.broker_session_timeout_ms = num(1)?,
            "num.partitions" => self.num_partitions = num(1)?.min(i32::MAX as i64) as i32,
            "default.replication.factor" => self.default_replication_factor = num(1)?.min(i32::MAX as i64) as i32,
            "network.delay.ms" => self.network_delay_ms = num(0)?.min(60_000),
            "offsets.retention.minutes" => self.offsets_retention_minutes = num(1)?,
            "offsets.topic.replication.factor" => self.offsets_topic_replication_factor = num(1)?.min(i16::MAX as i64) as i32,
            "offsets.retention.check.interval.ms" => self.offsets_retention_check_interval_ms = num(1)?,
            "unclean.leader.election.enable" => self.unclean_leader_election_enable = flag()?,
            "unclean.leader.election.interval.ms" => self.unclean_leader_election_interval_ms = num(1)?,
            "auto.create.topics.enable" => self.auto_create_topics_enable = flag()?,
            "auto.leader.rebalance.enable" => self.auto_leader_rebalance_enable = flag()?,
            "leader.imbalance.check.interval.seconds" => self.leader_imbalance_check_interval_seconds = num(1)?.min(i64::MAX / 1000),
            "group.coordinator.rebalance.protocols" => {
                check_rebalance_protocols(value)?;
                self.rebalance_protocols = value.split(',').map(str::trim).collect::<Vec<_>>().join(",");
            }
            "group.share.assignment.interval.ms" => {
                let v = num(0)?.min(i32::MAX as i64);
                if v > ASSIGNMENT_INTERVAL_BOUNDS_MS.1 {
                    return Err(bad(
                        "group.share.assignment.interval.ms must be less than or equal to group.share.max.assignment.interval.ms",
                    ));
                }
                self.group_share_assignment_interval_ms = v;
            }
            n if n.starts_with("group.consumer.") => {
                // INT configs, atLeast(1) (the assignment interval atLeast(0)), then the
                // coordinator's cross-checks
                let least = if n == "group.consumer.assignment.interval.ms" { 0 } else { 1 };
                let v = num(least)?.min(i32::MAX as i64);
                let mut g = self.group_consumer;
                match n {
                    "group.consumer.assignment.interval.ms" => g.assignment_interval_ms = v,
                    "group.consumer.heartbeat.interval.ms" => g.heartbeat_interval_ms = v,
                    "group.consumer.max.heartbeat.interval.ms" => g.max_heartbeat_interval_ms = v,
                    "group.consumer.max.session.timeout.ms" => g.max_session_timeout_ms = v,
                    "group.consumer.min.heartbeat.interval.ms" => g.min_heartbeat_interval_ms = v,
                    "group.consumer.min.session.timeout.ms" => g.min_session_timeout_ms = v,
                    "group.consumer.session.timeout.ms" => g.session_timeout_ms = v,
                    _ => return Err(KafkaError::new(ErrorCode::InvalidConfig, format!("Unknown cluster config name: {name}"))),
                }
                g.check().map_err(|why| bad(&why))?;
                self.group_consumer = g;
            }
            _ => return Err(KafkaError::new(ErrorCode::InvalidConfig, format!("Unknown cluster config name: {name}"))),
        }
        Ok(())
    }
}

impl ClusterConfig {
    /// `consumer` is among `group.coordinator.rebalance.protocols`: the broker serves
    /// ConsumerGroupHeartbeat (KIP-848).
    pub fn consumer_protocol_enabled(&self) -> bool {
        self.rebalance_protocols.split(',').any(|p| p == "consumer")
    }
}

/// The checks a `group.coordinator.rebalance.protocols` value passes in Kafka 4.3: the LIST
/// parse (items split at commas and trimmed), `ConfigDef.ValidList.in(false, ...)` over
/// `Group.GroupType`'s names (not empty, no duplicates, no empty item, each one of them), then
/// `KafkaConfig.groupCoordinatorRebalanceProtocols`' refusal to disable `classic`.
fn check_rebalance_protocols(value: &str) -> KafkaResult<()> {
    const NAME: &str = "group.coordinator.rebalance.protocols";
    const TYPES: [&str; 4] = ["consumer", "classic", "share", "streams"];
    let invalid = |m: String| Err(KafkaError::new(ErrorCode::InvalidConfig, m));
    // ConfigDef.parseType(LIST): an empty (trimmed) string is the empty list
    let items: Vec<&str> = if value.trim().is_empty() { Vec::new() } else { value.split(',').map(str::trim).collect() };
    if items.is_empty() {
        return invalid(format!("Configuration '{NAME}' must not be empty. Valid values include: [{}]", TYPES.join(", ")));
    }
    if items.iter().enumerate().any(|(i, p)| items[..i].contains(p)) {
        return invalid(format!("Configuration '{NAME}' values must not be duplicated."));
    }
    if items.contains(&"") {
        return invalid(format!("Configuration '{NAME}' values must not be empty."));
    }
    if let Some(bad) = items.iter().find(|p| !TYPES.contains(p)) {
        return invalid(format!("Invalid value {bad} for configuration {NAME}: String must be one of: {}", TYPES.join(", ")));
    }
    if !items.contains(&"classic") {
        return invalid("Disabling the 'classic' protocol is not supported.".into());
    }
    Ok(())
}

/// Something scheduled to happen at a virtual time: a message arriving or a timer.
#[derive(Clone, Debug, Hash)]
pub(crate) enum Action {
    /// transactions (issue 18, `transactions.rs`): a request reaching a coordinator, its
    /// answer, a retry, a marker reaching a partition's leader, the timeout task
    TxnRequestArrive {
        producer: ProducerId,
        broker: BrokerId,
        request: transactions::TxnRequest,
    },
    TxnResponseArrive {
        producer: ProducerId,
        request: transactions::TxnRequest,
        result: transactions::TxnResponse,
    },
    TxnRetry {
        producer: ProducerId,
        request: transactions::TxnRequest,
    },
    TxnMarkerArrive {
        transactional_id: Rc<str>,
        topic: Rc<str>,
        partition: u32,
        producer_id: i64,
        epoch: i16,
        commit: bool,
        coordinator_epoch: i32,
    },
    TxnAbortCheck,
    /// the producer's sender thread drains ready batches (`linger.ms` expired)
    Drain {
        producer: ProducerId,
    },
    ProduceArrive {
        producer: ProducerId,
        batch: u64,
        attempt: u32,
        broker: BrokerId,
    },
    ProduceResponse {
        producer: ProducerId,
        batch: u64,
        attempt: u32,
        result: Result<(i64, i64), (ErrorCode, String)>,
    },
    /// the producer checks its in-flight produce requests for `request.timeout.ms`
    RequestTimeoutCheck {
        producer: ProducerId,
    },
    RetrySend {
        producer: ProducerId,
        batch: u64,
    },
    FetchArrive(FetchRequest),
    FetchResponse {
        topic: Rc<str>,
        topic_id: Uuid,
        partition: u32,
        follower: BrokerId,
        leader_epoch: i32,
        payload: FetchPayload,
    },
    FenceBroker {
        broker: BrokerId,
    },
    GroupRequestArrive {
        consumer: u32,
        broker: BrokerId,
        group: Rc<str>,
        seq: u64,
        request: GroupRequest,
    },
    GroupResponseArrive {
        consumer: u32,
        group: Rc<str>,
        seq: u64,
        response: GroupResponse,
    },
    GroupRequestTimeout {
        consumer: u32,
        api: GroupApi,
        seq: u64,
    },
    GroupTimer {
        group: Rc<str>,
        timer: GroupTimer,
        generation: u64,
    },
    /// the application calls `poll()`
    ConsumerPoll {
        consumer: u32,
        generation: u64,
    },
    /// the consumer's heartbeat thread wakes up
    HeartbeatTick {
        consumer: u32,
        generation: u64,
    },
    /// periodic checks; `generation` lets a changed interval replace the pending timer
    RetentionCheck {
        generation: u64,
    },
    CleanerCheck {
        generation: u64,
    },
    IsrCheck {
        generation: u64,
    },
    OffsetsExpiryCheck {
        generation: u64,
    },
    UncleanElectionCheck {
        generation: u64,
    },
    /// the controller's preferred-leader election (`maybeBalancePartitionLeaders`),
    /// scheduled only while some partition is led by another replica
    LeaderBalanceCheck,
    /// share groups (see `share_member.rs`)
    SharePoll {
        consumer: u32,
        generation: u64,
    },
    ShareHeartbeatTick {
        consumer: u32,
        generation: u64,
    },
    ShareHeartbeatArrive {
        consumer: u32,
        broker: BrokerId,
        group: Rc<str>,
        seq: u64,
        request: share_member::ShareHeartbeatRequest,
    },
    ShareHeartbeatResponse {
        consumer: u32,
        group: Rc<str>,
        seq: u64,
        response: share_member::ShareHeartbeatResponse,
    },
    ShareSessionCheck {
        group: Rc<str>,
        member_id: Rc<str>,
    },
    ShareLockTimeout {
        group: Rc<str>,
        tp: super::assignor::TopicPartition,
    },
}

/// A follower's fetch: `ReplicaFetcherThread` → the leader's `ReplicaManager.fetchMessages`.
#[derive(Clone, Debug, Hash)]
pub(crate) struct FetchRequest {
    topic: Rc<str>,
    /// the topic's incarnation: a fetch for a deleted topic finds no partition, even
    /// when a topic of the same name was created since (Kafka's fetch carries the topic
    /// ID and gets `UNKNOWN_TOPIC_ID`)
    topic_id: Uuid,
    partition: u32,
    follower: BrokerId,
    leader: BrokerId,
    leader_epoch: i32,
    /// the follower's log end offset
    fetch_offset: i64,
    /// the high watermark the follower knows
    follower_hw: i64,
    /// the follower's latest leader epoch, for divergence checks
    last_epoch: Option<i32>,
}

#[derive(Clone, Debug, Hash)]
pub(crate) enum FetchPayload {
    Records {
        records: Vec<ReplicatedRecord>,
        leader_hw: i64,
        leader_log_start: i64,
        epochs: Vec<(i32, i64)>,
        /// the leader's idempotent-producer state (a follower rebuilds it from batches)
        producer_state: Vec<ProducerBatchRecord>,
    },
    /// the follower diverged: truncate to this offset and fetch again
    Truncate(i64),
    /// the follower is below the leader's log start: start over there
    StartAt(i64),
}

#[derive(Clone, Debug)]
struct Scheduled {
    time: i64,
    seq: u64,
    action: Action,
}

impl PartialEq for Scheduled {
    fn eq(&self, o: &Self) -> bool {
        (self.time, self.seq) == (o.time, o.seq)
    }
}
impl Eq for Scheduled {}
impl PartialOrd for Scheduled {
    fn partial_cmp(&self, o: &Self) -> Option<Ordering> {
        Some(self.cmp(o))
    }
}
impl Ord for Scheduled {
    // BinaryHeap is a max-heap: the earliest (time, seq) must compare greatest.
    fn cmp(&self, o: &Self) -> Ordering {
        (o.time, o.seq).cmp(&(self.time, self.seq))
    }
}

/// Everything that a snapshot captures.
#[derive(Clone, Debug)]
pub(crate) struct State {
    now: i64,
    next_seq: u64,
    rng: SimRng,
    config: ClusterConfig,
    brokers: Vec<Broker>,
    topics: Map<Rc<str>, Topic>,
    producers: Map<ProducerId, Producer>,
    next_producer: ProducerId,
    consumers: Map<u32, Consumer>,
    next_consumer: u32,
    /// the transaction coordinators' state (issue 18)
    txn: super::txn::TxnCoordinator,
    /// classic groups; a group id is in at most one of `groups` and `consumer_groups`
    groups: Map<Rc<str>, ClassicGroup>,
    /// consumer-protocol (KIP-848) groups
    consumer_groups: Map<Rc<str>, ConsumerGroup>,
    /// share groups (KIP-932); an id is in at most one of the three group maps
    share_groups: Map<Rc<str>, super::group::share_group::ShareGroup>,
    /// share consumers (their ids come from `next_consumer` too)
    share_consumers: Map<u32, share_member::ShareConsumer>,
    /// dynamic group configs (`kafka-configs.sh --entity-type groups`), by group id
    group_configs: Map<Rc<str>, Vec<(String, String)>>,
    queue: BinaryHeap<Scheduled>,
    trace_seq: u64,
    /// current generation of the retention, cleaner and ISR timers
    timer_generation: [u64; 5],
    /// a `LeaderBalanceCheck` is pending (`QuorumController.imbalancedScheduled`)
    leader_balance_scheduled: bool,
    /// client quotas and SCRAM credentials (`kafka-configs.sh` clients/users/ips)
    quotas: quotas::Quotas,
    scram: quotas::ScramCredentials,
    /// dynamic broker configs (`kafka-configs.sh --entity-type brokers`)
    dynamic: DynamicBrokerConfigs,
    /// records the controller wrote to the metadata log, and where each stopped broker's
    /// metadata fetches stopped (time, offset); see `quorum.rs`. Derived from the
    /// events, so not hashed
    metadata_records: u64,
    stopped_brokers: Map<BrokerId, (i64, i64)>,
}

/// A point in a simulation's history that `Sim::restore` can return to.
#[derive(Clone, Debug)]
pub struct Snapshot {
    state: State,
    trace: TraceMark,
}

impl Snapshot {
    pub fn time(&self) -> i64 {
        self.state.now
    }
    pub fn trace_len(&self) -> usize {
        self.trace.len
    }
}

/// The simulated Kafka cluster and its clients.
#[derive(Clone, Debug)]
pub struct Sim {
    st: State,
    trace: Trace,
    seed: u64,
    /// scheduled actions left to process, when limited (see [`Sim::set_step_budget`])
    step_budget: Option<u64>,
}

impl Sim {
    /// A cluster of `config.brokers` brokers (clamped to 1..=9), all running, at time 0.
    pub fn new(mut config: ClusterConfig, seed: u64) -> Self {
        config.brokers = config.brokers.clamp(1, 9);
        let brokers = (1..=config.brokers as i32).map(|id| Broker { id, alive: true, fenced: false, crashed: false }).collect();
        let mut sim = Sim {
            st: State {
                now: 0,
                next_seq: 0,
                rng: SimRng::new(seed),
                config,
                brokers,
                topics: Map::new(),
                producers: Map::new(),
                next_producer: 1,
                consumers: Map::new(),
                next_consumer: 1,
                txn: Default::default(),
                groups: Map::new(),
                consumer_groups: Map::new(),
                share_groups: Map::new(),
                share_consumers: Map::new(),
                group_configs: Map::new(),
                queue: BinaryHeap::new(),
                trace_seq: 0,
                timer_generation: [0; 5],
                leader_balance_scheduled: false,
                quotas: Map::new(),
                scram: Map::new(),
                dynamic: DynamicBrokerConfigs::default(),
                metadata_records: 0,
                stopped_brokers: Map::new(),
            },
            trace: Trace::default(),
            seed,
            step_budget: None,
        };
        for timer in 0..5 {
            sim.restart_timer(timer);
        }
        sim
    }

    pub fn seed(&self) -> u64 {
        self.seed
    }
    /// Virtual time in milliseconds.
    pub fn now(&self) -> i64 {
        self.st.now
    }
    pub fn config(&self) -> &ClusterConfig {
        &self.st.config
    }
    pub fn brokers(&self) -> &[Broker] {
        &self.st.brokers
    }
    pub fn topics(&self) -> impl Iterator<Item = &Topic> {
        self.st.topics.values()
    }
    pub fn topic(&self, name: &str) -> Option<&Topic> {
        self.st.topics.get(name)
    }
    pub fn producers(&self) -> impl Iterator<Item = &Producer> {
        self.st.producers.values()
    }
    pub fn consumers(&self) -> impl Iterator<Item = &Consumer> {
        self.st.consumers.values()
    }
    /// Every event so far, in order, by absolute position; a session keeps only the
    /// newest in memory (see [`Trace`] and [`Sim::trim_trace`]).
    pub fn trace(&self) -> &Trace {
        &self.trace
    }

    /// Drops the trace's events older than [`trace::KEEP_MS`] of virtual time, keeping at
    /// most [`trace::KEEP_MAX`] (Kafkascope simplification, see [`Trace`]): what a long
    /// session calls between ops to keep its memory bounded. [`Sim::trace_hash`],
    /// [`Sim::state_hash`], positions and snapshots are unaffected.
    pub fn trim_trace(&mut self) {
        self.trace.trim(self.st.now, trace::KEEP_MS, trace::KEEP_MAX);
    }
    /// Virtual time of the next scheduled action, if any (none once the step budget is spent).
    pub fn next_time(&self) -> Option<i64> {
        if self.step_budget_spent() {
            return None;
        }
        self.st.queue.peek().map(|s| s.time)
    }

    /// Limits how many more scheduled actions are processed (`None`: no limit), for
    /// replaying a record from someone else: once the budget is spent nothing more
    /// happens, so every loop that lets time pass ends. A simulator setting, not Kafka
    /// state: snapshots neither hold nor restore it.
    pub fn set_step_budget(&mut self, steps: Option<u64>) {
        self.step_budget = steps;
    }

    /// Scheduled actions left to process, when limited.
    pub fn step_budget(&self) -> Option<u64> {
        self.step_budget
    }

    /// Counts other work against the step budget (the console spends one unit per job
    /// it polls after a step), so a replay's cost is bounded however many jobs run.
    pub fn spend_step_budget(&mut self, units: u64) {
        if let Some(left) = &mut self.step_budget {
            *left = left.saturating_sub(units);
        }
    }

    /// The step budget is set and spent.
    pub fn step_budget_spent(&self) -> bool {
        self.step_budget == Some(0)
    }

    fn schedule(&mut self, delay: i64, action: Action) {
        let seq = self.st.next_seq;
        self.st.next_seq += 1;
        self.st.queue.push(Scheduled { time: self.st.now + delay.max(0), seq, action });
    }

    /// (Re)starts periodic timer 0 (retention), 1 (cleaner), 2 (ISR check), 3 (offset expiry) or 4 (unclean election) one
    /// interval from now; a pending tick of an older generation is ignored. Retention's
    /// first check waits for `log.initial.task.delay.ms` after the start.
    fn restart_timer(&mut self, timer: usize) {
        self.st.timer_generation[timer] += 1;
        let generation = self.st.timer_generation[timer];
        let c = &self.st.config;
        let now = self.st.now;
        let (interval, action) = match timer {
            0 if now < c.log_initial_task_delay_ms => (c.log_initial_task_delay_ms - now, Action::RetentionCheck { generation }),
            0 => (c.log_retention_check_interval_ms, Action::RetentionCheck { generation }),
            1 => (c.log_cleaner_backoff_ms, Action::CleanerCheck { generation }),
            3 => (c.offsets_retention_check_interval_ms, Action::OffsetsExpiryCheck { generation }),
            4 => (c.unclean_leader_election_interval_ms, Action::UncleanElectionCheck { generation }),
            _ => ((c.replica_lag_time_max_ms / 2).max(1), Action::IsrCheck { generation }),
        };
        self.schedule(interval, action);
    }

    fn delay(&self) -> i64 {
        self.st.config.network_delay_ms
    }

    fn emit(&mut self, event: Event) {
        // QuorumController: after every controller write, schedule a leader rebalance if
        // some partition's leader is not its preferred replica
        let controller_write = matches!(
            event,
            Event::LeaderElected { .. }
                | Event::IsrShrunk { .. }
                | Event::IsrExpanded { .. }
                | Event::BrokerFenced { .. }
                | Event::BrokerStarted { .. }
                | Event::TopicCreated { .. }
                | Event::PartitionsCreated { .. }
                | Event::ClusterConfigChanged { .. }
        );
        self.note_metadata(&event);
        let seq = self.st.trace_seq;
        self.st.trace_seq += 1;
        self.trace.push(TraceEntry { seq, time: self.st.now, event });
        if controller_write {
            self.maybe_schedule_leader_balance(false);
        }
    }

    /// A partition as the brokers' metadata has it now; `None` when its topic does not
    /// exist (perhaps deleted) or has fewer partitions.
    fn partition(&self, topic: &str, partition: u32) -> Option<&Partition> {
        self.st.topics.get(topic)?.partitions.get(partition as usize)
    }

    fn broker(&self, id: BrokerId) -> Option<&Broker> {
        self.st.brokers.iter().find(|b| b.id == id)
    }

    fn broker_alive(&self, id: BrokerId) -> bool {
        self.broker(id).is_some_and(|b| b.alive)
    }

    /// Applies one command. On error nothing has changed.
    pub fn apply(&mut self, cmd: Command) -> KafkaResult<Reply> {
        let r = match cmd {
            Command::CreateTopic { name, partitions, replication_factor, configs } => {
                self.create_topic(&name, partitions, replication_factor, &configs)
            }
            Command::CreateTopicWithAssignment { name, assignment, configs } => {
                self.create_topic_with_assignment(&name, &assignment, &configs)
            }
            Command::DeleteTopic { name } => self.delete_topic(&name),
            Command::CreatePartitions { topic, count } => self.create_partitions(&topic, count, None),
            Command::CreatePartitionsWithAssignment { topic, count, assignment } => {
                self.create_partitions(&topic, count, Some(&assignment))
            }
            Command::AlterTopicConfig { topic, set, delete } => self.alter_topic_config(&topic, &set, &delete),
            Command::AlterClientQuotas { entity, set, delete } => self.alter_client_quotas(&entity, &set, &delete),
            Command::AlterScramCredentials { user, set, delete } => self.alter_scram(&user, &set, &delete),
            Command::SetClusterConfig { name, value } => self.set_cluster_config(name, value),
            Command::AlterBrokerConfig { broker, set, delete } => self.alter_broker_config(broker, &set, &delete),
            Command::StopBroker { broker, clean } => self.stop_broker(broker, clean),
            Command::StartBroker { broker } => self.start_broker(broker),
            Command::CreateProducer { configs } => {
                let config = ProducerConfig::from_pairs(configs.iter().map(|(k, v)| (k.as_str(), v.as_str())))?;
                let id = self.st.next_producer;
                self.st.next_producer += 1;
                // KafkaProducer's default client.id: "producer-" + a process-wide counter
                let client_id = config.client_id.clone().unwrap_or_else(|| format!("producer-{id}"));
                let txn = config.transactional_id.as_deref().map(|t| Box::new(super::txn::state::TxnClient::new(t)));
                self.st.producers.insert(
                    id,
                    Producer {
                        id,
                        client_id,
                        config,
                        sticky: Map::new(),
                        round_robin: Map::new(),
                        open: Map::new(),
                        in_flight: Map::new(),
                        next_batch_id: 0,
                        drain_scheduled: false,
                        request_timeout_check: None,
                        closed: false,
                        acked_records: 0,
                        failed_records: 0,
                        txn,
                    },
                );
                Ok(Reply::ProducerCreated(id))
            }
            Command::Send { producer, topic, partition, record } => {
                if self.producer(producer)?.txn.is_some() {
                    self.txn_call(producer, super::txn::state::TxnCall::Send { topic, partition, record })
                } else {
                    self.send(producer, &topic, partition, record)
                }
            }
            Command::InitTransactions { producer } => self.txn_call(producer, super::txn::state::TxnCall::Init),
            Command::BeginTransaction { producer } => self.txn_call(producer, super::txn::state::TxnCall::Begin),
            Command::SendOffsetsToTransaction { producer, group, offsets } => {
                let offsets = offsets.into_iter().map(|(t, p, o)| (super::assignor::TopicPartition::new(t.as_str(), p), o)).collect();
                self.txn_call(producer, super::txn::state::TxnCall::SendOffsets { group, offsets })
            }
            Command::CommitTransaction { producer } => self.txn_call(producer, super::txn::state::TxnCall::Commit),
            Command::AbortTransaction { producer } => self.txn_call(producer, super::txn::state::TxnCall::Abort),
            Command::AbortHangingTransaction { topic, partition, producer_id, epoch, coordinator_epoch } => {
                self.abort_hanging(&topic, partition, producer_id, epoch, coordinator_epoch).map(|_| Reply::Done)
            }
            Command::CrashProducer { producer } => {
                self.producer(producer)?;
                let p = self.st.producers.get_mut(&producer).expect("checked above");
                // the process dies: unsent batches are lost, requests already sent still arrive
                p.open.clear();
                p.closed = true;
                Ok(Reply::Done)
            }
            Command::Flush { producer } => {
                self.producer(producer)?;
                self.drain(producer);
                Ok(Reply::Done)
            }
            Command::CloseProducer { producer } => {
                self.producer(producer)?;
                self.drain(producer);
                if let Some(p) = self.st.producers.get_mut(&producer) {
                    p.closed = true;
                }
                Ok(Reply::Done)
            }
            Command::CreateConsumer { configs } => self.create_consumer(&configs),
            Command::Subscribe { consumer, topics } => self.subscribe(consumer, topics),
            Command::CommitSync { consumer } => {
                let c = self.consumer(consumer)?;
                if c.group_id.is_none() {
                    return Err(KafkaError::new(
                        ErrorCode::InvalidGroupId,
                        "To use the group management or offset commit APIs, you must provide a valid group.id in the consumer configuration.",
                    ));
                }
                self.commit_positions(consumer, false);
                Ok(Reply::Done)
            }
            Command::AlterGroupOffsets { group, offsets } => self.alter_group_offsets(&group, &offsets),
            Command::DeleteGroup { group } => self.delete_group(&group),
            Command::DeleteGroupOffsets { group, partitions } => self.delete_group_offsets(&group, &partitions),
            Command::ElectLeaders { election, partitions } => Ok(Reply::LeadersElected(self.elect_leaders(election, partitions))),
            Command::CreateShareConsumer { configs } => self.create_share_consumer(&configs),
            Command::ShareSubscribe { consumer, topics } => self.share_subscribe(consumer, topics),
            Command::SetShareAcknowledgement { consumer, failure, default_ack } => self.set_share_failure(consumer, failure, default_ack),
            Command::AcknowledgeShareRecord { consumer, topic, partition, offset, ack } => self.acknowledge_share_record(
                consumer,
                crate::engine::assignor::TopicPartition::new(topic.as_str(), partition),
                offset,
                ack,
            ),
            Command::AlterShareGroupOffsets { group, offsets } => self.alter_share_group_offsets(&group, &offsets),
            Command::DeleteShareGroup { group } => self.delete_share_group(&group),
            Command::DeleteShareGroupOffsets { group, topics } => self.delete_share_group_offsets(&group, &topics),
            Command::AlterGroupConfig { group, set, delete } => self.alter_group_config(&group, &set, &delete),
            Command::CrashConsumer { consumer } if self.is_share_consumer(consumer) => self.crash_share_consumer(consumer),
            Command::CloseConsumer { consumer } if self.is_share_consumer(consumer) => self.close_share_consumer(consumer),
            Command::SetProcessingTime { consumer, ms_per_record } if self.is_share_consumer(consumer) => {
                self.set_share_processing_time(consumer, ms_per_record)
            }
            Command::CrashConsumer { consumer } => {
                self.consumer(consumer)?;
                let c = self.st.consumers.get_mut(&consumer).expect("checked above");
                c.alive = false;
                let group = c.group_id.clone();
                self.emit(Event::ConsumerClosed { consumer, group, clean: false });
                Ok(Reply::Done)
            }
            Command::SetProcessingTime { consumer, ms_per_record } => {
                self.consumer(consumer)?;
                if ms_per_record < 0 {
                    return Err(KafkaError::new(ErrorCode::IllegalArgument, "The processing time per record must not be negative."));
                }
                self.st.consumers.get_mut(&consumer).expect("checked above").processing_ms_per_record = ms_per_record;
                Ok(Reply::Done)
            }
            Command::SetDisconnected { consumer, disconnected } => {
                self.consumer(consumer)?;
                let c = self.st.consumers.get_mut(&consumer).expect("checked above");
                c.disconnected = disconnected;
                if !disconnected {
                    // a request it could not send while cut off is tried again, as a client
                    // whose connection failed does (`NetworkClient` fails the request with a
                    // DisconnectException and the coordinator resends it)
                    use super::clients::MemberPhase;
                    if c.member.in_flight.is_empty() {
                        match c.member.phase {
                            MemberPhase::Joining | MemberPhase::Syncing => c.member.phase = MemberPhase::Unjoined,
                            MemberPhase::CommittingBeforeJoin => {
                                c.member.phase = MemberPhase::Stable;
                                c.member.rejoin_needed = true;
                            }
                            MemberPhase::Unjoined | MemberPhase::Stable => {}
                        }
                    }
                    self.schedule_poll(consumer, 0);
                }
                Ok(Reply::Done)
            }
            Command::Assign { consumer, partitions } => self.assign(consumer, &partitions),
            Command::SubscribePattern { consumer, pattern } => self.subscribe_pattern(consumer, pattern),
            Command::Seek { consumer, topic, partition, offset } => self.seek(consumer, &topic, partition, offset),
            Command::Poll { consumer } => self.poll(consumer),
            Command::CloseConsumer { consumer } => {
                self.consumer(consumer)?;
                if self.st.consumers[&consumer].group_id.is_some() {
                    self.close_group_consumer(consumer);
                } else {
                    let c = self.st.consumers.get_mut(&consumer).expect("checked above");
                    c.alive = false;
                    self.emit(Event::ConsumerClosed { consumer, group: None, clean: true });
                }
                Ok(Reply::Done)
            }
        };
        self.check_invariants();
        r
    }

    /// Processes the next scheduled action, advancing the clock to its time.
    /// Returns false when nothing is scheduled.
    pub fn step(&mut self) -> bool {
        if self.step_budget_spent() {
            return false;
        }
        let Some(item) = self.st.queue.pop() else { return false };
        if let Some(left) = &mut self.step_budget {
            *left -= 1;
        }
        debug_assert!(item.time >= self.st.now, "virtual time never goes backwards");
        self.st.now = item.time;
        self.process(item.action);
        self.check_invariants();
        true
    }

    /// Processes actions until one emits an event, or until the next action lies beyond
    /// `now + horizon_ms`. Returns the first new event (the UI's "Step").
    pub fn step_event(&mut self, horizon_ms: i64) -> Option<&TraceEntry> {
        let start = self.trace.len();
        let limit = self.st.now.saturating_add(horizon_ms);
        while self.trace.len() == start {
            match self.next_time() {
                Some(t) if t <= limit => {
                    self.step();
                }
                _ => return None,
            }
        }
        self.trace.get(start)
    }

    /// Runs every action scheduled at or before `time`, then sets the clock to `time`.
    pub fn run_until(&mut self, time: i64) {
        while self.next_time().is_some_and(|t| t <= time) {
            self.step();
        }
        self.st.now = self.st.now.max(time);
    }

    /// Advances virtual time by `ms`.
    pub fn advance(&mut self, ms: i64) {
        self.run_until(self.st.now.saturating_add(ms.max(0)));
    }

    fn process(&mut self, action: Action) {
        match action {
            Action::TxnRequestArrive { producer, broker, request } => self.on_txn_request(producer, broker, request),
            Action::TxnResponseArrive { producer, request, result } => self.on_txn_response(producer, request, result),
            Action::TxnRetry { producer, request } => self.on_txn_retry(producer, request),
            Action::TxnMarkerArrive { transactional_id, topic, partition, producer_id, epoch, commit, coordinator_epoch } => {
                self.on_txn_marker(transactional_id, topic, partition, producer_id, epoch, commit, coordinator_epoch)
            }
            Action::TxnAbortCheck => self.on_txn_abort_check(),
            Action::Drain { producer } => {
                if let Some(p) = self.st.producers.get_mut(&producer) {
                    p.drain_scheduled = false;
                }
                self.drain(producer)
            }
            Action::ProduceArrive { producer, batch, attempt, broker } => self.on_produce_arrive(producer, batch, attempt, broker),
            Action::ProduceResponse { producer, batch, attempt, result } => self.on_produce_response(producer, batch, attempt, result),
            Action::RequestTimeoutCheck { producer } => self.on_request_timeout_check(producer),
            Action::RetrySend { producer, batch } => self.send_batch(producer, batch),
            Action::FetchArrive(req) => self.on_fetch_arrive(req),
            Action::FetchResponse { topic, topic_id, partition, follower, leader_epoch, payload } => {
                self.on_fetch_response(&topic, topic_id, partition, follower, leader_epoch, payload)
            }
            Action::FenceBroker { broker } => self.fence_broker(broker),
            Action::GroupRequestArrive { consumer, broker, group, seq, request } => {
                self.on_group_request(consumer, broker, group, seq, request)
            }
            Action::GroupResponseArrive { consumer, group, seq, response } => self.on_group_response(consumer, group, seq, response),
            Action::GroupRequestTimeout { consumer, api, seq } => self.on_group_request_timeout(consumer, api, seq),
            Action::GroupTimer { group, timer, generation } => self.on_group_timer(group, timer, generation),
            Action::ConsumerPoll { consumer, generation } => self.on_consumer_poll(consumer, generation),
            Action::HeartbeatTick { consumer, generation } => self.on_heartbeat_tick(consumer, generation),
            Action::RetentionCheck { generation } if generation == self.st.timer_generation[0] => {
                self.retention_check();
                self.restart_timer(0);
            }
            Action::CleanerCheck { generation } if generation == self.st.timer_generation[1] => {
                self.cleaner_check();
                self.restart_timer(1);
            }
            Action::IsrCheck { generation } if generation == self.st.timer_generation[2] => {
                self.isr_check();
                self.restart_timer(2);
            }
            Action::OffsetsExpiryCheck { generation } if generation == self.st.timer_generation[3] => {
                self.expire_offsets();
                self.restart_timer(3);
            }
            Action::UncleanElectionCheck { generation } if generation == self.st.timer_generation[4] => {
                self.unclean_election_check();
                self.restart_timer(4);
            }
            Action::LeaderBalanceCheck => self.leader_balance_check(),
            Action::SharePoll { consumer, generation } => self.on_share_poll(consumer, generation),
            Action::ShareHeartbeatTick { consumer, generation } => self.on_share_heartbeat_tick(consumer, generation),
            Action::ShareHeartbeatArrive { consumer, broker, group, seq, request } => {
                self.on_share_heartbeat_arrive(consumer, broker, group, seq, request)
            }
            Action::ShareHeartbeatResponse { consumer, group, seq, response } => {
                self.on_share_heartbeat_response(consumer, group, seq, response)
            }
            Action::ShareSessionCheck { group, member_id } => self.on_share_session_check(group, member_id),
            Action::ShareLockTimeout { group, tp } => self.on_share_lock_timeout(group, tp),
            Action::RetentionCheck { .. }
            | Action::CleanerCheck { .. }
            | Action::IsrCheck { .. }
            | Action::OffsetsExpiryCheck { .. }
            | Action::UncleanElectionCheck { .. } => {}
        }
    }

    /// A cheap copy of the whole simulation state (sealed log segments are shared).
    pub fn snapshot(&self) -> Snapshot {
        Snapshot { state: self.st.clone(), trace: self.trace.mark() }
    }

    /// Returns to a snapshot taken from this simulation; later trace entries are dropped.
    pub fn restore(&mut self, snap: &Snapshot) {
        self.st = snap.state.clone();
        self.trace.restore(snap.trace);
    }

    /// A hash of the whole state, equal on every target for equal histories.
    pub fn state_hash(&self) -> u64 {
        let mut h = StableHasher::default();
        let st = &self.st;
        st.now.hash(&mut h);
        st.next_seq.hash(&mut h);
        st.rng.clone().next_u64().hash(&mut h);
        st.config.hash(&mut h);
        st.brokers.hash(&mut h);
        st.topics.hash(&mut h);
        st.producers.hash(&mut h);
        st.consumers.hash(&mut h);
        st.txn.hash(&mut h);
        st.groups.hash(&mut h);
        st.consumer_groups.hash(&mut h);
        st.share_groups.hash(&mut h);
        st.share_consumers.hash(&mut h);
        st.group_configs.hash(&mut h);
        let mut q: Vec<_> = st.queue.iter().map(|s| (s.time, s.seq, &s.action)).collect();
        sorting::sort_by_key(&mut q, |(t, s, _)| (*t, *s));
        q.hash(&mut h);
        // hashed only once set, so the hashes of every history without them stay as they were
        if !st.quotas.is_empty() || !st.scram.is_empty() {
            st.quotas.hash(&mut h);
            st.scram.hash(&mut h);
        }
        if !st.dynamic.is_empty() {
            st.dynamic.hash(&mut h);
        }
        self.trace_hash().hash(&mut h);
        h.finish()
    }

    /// A hash of the event trace: every event since the start, kept or trimmed (see
    /// [`Trace::hash`]).
    pub fn trace_hash(&self) -> u64 {
        self.trace.hash()
    }

    fn producer(&self, id: ProducerId) -> KafkaResult<&Producer> {
        self.st
            .producers
            .get(&id)
            .filter(|p| !p.closed)
            .ok_or_else(|| KafkaError::new(ErrorCode::UnknownClient, format!("There is no open producer {id}.")))
    }

    fn consumer(&self, id: u32) -> KafkaResult<&Consumer> {
        self.st
            .consumers
            .get(&id)
            .filter(|c| c.alive && !c.closing)
            .ok_or_else(|| KafkaError::new(ErrorCode::UnknownClient, format!("There is no open consumer {id}.")))
    }

    fn create_consumer(&mut self, configs: &[(String, String)]) -> KafkaResult<Reply> {
        let config = ConsumerConfig::from_pairs(configs.iter().map(|(k, v)| (k.as_str(), v.as_str())))?;
        let id = self.st.next_consumer;
        self.st.next_consumer += 1;
        // ConsumerConfig.maybeOverrideClientId: each simulated consumer is its own process
        let client_id = config.client_id.clone().unwrap_or_else(|| match (&config.group_id, &config.group_instance_id) {
            (g, Some(instance)) => format!("consumer-{}-{instance}", g.as_deref().unwrap_or("null")),
            (g, None) => format!("consumer-{}-1", g.as_deref().unwrap_or("null")),
        });
        let group_id: Option<Rc<str>> = config.group_id.as_deref().map(Rc::from);
        let now = self.st.now;
        self.st.consumers.insert(
            id,
            Consumer {
                id,
                client_id: client_id.clone(),
                config,
                group_id: group_id.clone(),
                subscription: Vec::new(),
                pattern: None,
                pattern_refreshed_ms: now,
                assignment: Vec::new(),
                positions: Map::new(),
                member: Default::default(),
                alive: true,
                closing: false,
                disconnected: false,
                processing_ms_per_record: 0,
                waiting: false,
                last_poll_ms: now,
                poll_generation: 0,
                fetch_wait_since: None,
                inbox: Vec::new(),
                delivered_records: 0,
            },
        );
        self.emit(Event::ConsumerStarted { consumer: id, client_id, group: group_id });
        Ok(Reply::ConsumerCreated(id))
    }

    /// `KafkaConsumer.subscribe(topics)`: joins `group.id` on the next poll.
    fn subscribe(&mut self, consumer: u32, topics: Vec<String>) -> KafkaResult<Reply> {
        if topics.is_empty() && self.consumer(consumer)?.config.group_id.is_some() {
            return Err(KafkaError::new(ErrorCode::IllegalArgument, "Topic collection to subscribe to cannot be empty."));
        }
        self.subscribe_to(consumer, topics, None)
    }

    /// `KafkaConsumer.subscribe(Pattern)`: the topics matching now (none is fine: the
    /// member joins with an empty subscription and waits); the pattern is matched again at
    /// every metadata refresh (`metadata.max.age.ms`) and before every rejoin.
    fn subscribe_pattern(&mut self, consumer: u32, pattern: String) -> KafkaResult<Reply> {
        self.consumer(consumer)?;
        let topics = self.topics_matching(&pattern);
        self.subscribe_to(consumer, topics, Some(pattern))
    }

    /// The non-internal topics whose names match `pattern`, sorted.
    pub(super) fn topics_matching(&self, pattern: &str) -> Vec<String> {
        self.st
            .topics
            .values()
            .filter(|t| !super::topic_name::is_internal(&t.name) && super::topic_name::pattern_matches(pattern, &t.name))
            .map(|t| t.name.to_string())
            .collect()
    }

    fn subscribe_to(&mut self, consumer: u32, topics: Vec<String>, pattern: Option<String>) -> KafkaResult<Reply> {
        let c = self.consumer(consumer)?;
        let Some(group) = c.config.group_id.clone() else {
            return Err(KafkaError::new(
                ErrorCode::InvalidGroupId,
                "To use the group management or offset commit APIs, you must provide a valid group.id in the consumer configuration.",
            ));
        };
        for t in &topics {
            if t.trim().is_empty() {
                return Err(KafkaError::new(
                    ErrorCode::IllegalArgument,
                    "Topic collection to subscribe to cannot contain null or empty topic",
                ));
            }
        }
        let _ = group;
        if pattern.is_none() {
            self.auto_create_topics(consumer, &topics);
        }
        // a failure is retried by the member's FindCoordinator
        let _ = self.ensure_offsets_topic();
        let now = self.st.now;
        let c = self.st.consumers.get_mut(&consumer).expect("checked above");
        c.subscription = topics;
        c.pattern = pattern;
        c.pattern_refreshed_ms = now;
        sorting::sort(&mut c.subscription);
        c.subscription.dedup();
        c.assignment.clear();
        if c.config.group_protocol == super::client_config::GroupProtocol::Consumer {
            // `onSubscriptionUpdated`: a member not in the group joins at the next poll; a
            // member in it sends the new subscription with its next heartbeat
            c.member.consumer_protocol.subscription_updated = true;
        } else if c.member.phase == super::clients::MemberPhase::Stable {
            c.member.rejoin_needed = true;
            c.member.rejoin_reason = "subscription changed".into();
        }
        self.schedule_poll(consumer, 0);
        Ok(Reply::Done)
    }

    /// Records delivered to a consumer's application since the last call (what a
    /// console consumer prints).
    pub fn take_delivered(&mut self, consumer: u32) -> Vec<super::command::ConsumerRecord> {
        self.st.consumers.get_mut(&consumer).map(|c| std::mem::take(&mut c.inbox)).unwrap_or_default()
    }

    /// The classic groups.
    pub fn groups(&self) -> impl Iterator<Item = &ClassicGroup> {
        self.st.groups.values()
    }

    /// A classic group (`None` for an unknown id or a consumer-protocol group).
    pub fn group(&self, id: &str) -> Option<&ClassicGroup> {
        self.st.groups.get(id)
    }

    /// The consumer-protocol (KIP-848) groups.
    pub fn consumer_groups(&self) -> impl Iterator<Item = &ConsumerGroup> {
        self.st.consumer_groups.values()
    }

    /// A consumer-protocol group (`None` for an unknown id or a classic group).
    pub fn consumer_group(&self, id: &str) -> Option<&ConsumerGroup> {
        self.st.consumer_groups.get(id)
    }

    /// Every group of either protocol, by id (`Admin.listGroups`: id, type, state).
    pub fn list_groups(&self) -> Vec<(Rc<str>, GroupType, super::group::GroupState)> {
        let classic = self.st.groups.values().map(|g| (g.group_id.clone(), GroupType::Classic, g.state));
        let consumer = self.st.consumer_groups.values().map(|g| (g.group_id.clone(), GroupType::Consumer, g.state));
        let mut all: Vec<_> = classic.chain(consumer).collect();
        sorting::sort_by(&mut all, |a, b| a.0.cmp(&b.0));
        all
    }

    /// Which protocol the group with this id speaks, if it exists.
    pub fn group_type(&self, id: &str) -> Option<GroupType> {
        if self.st.groups.contains_key(id) {
            Some(GroupType::Classic)
        } else if self.st.consumer_groups.contains_key(id) {
            Some(GroupType::Consumer)
        } else {
            None
        }
    }

    pub fn consumer_state(&self, id: u32) -> Option<&Consumer> {
        self.st.consumers.get(&id)
    }

    /// Debug-build checks of the engine's invariants.
    fn check_invariants(&self) {
        if !cfg!(debug_assertions) {
            return;
        }
        for t in self.st.topics.values() {
            for p in &t.partitions {
                for r in &p.replicas {
                    r.log.check_invariants();
                    debug_assert!(r.high_watermark <= r.log.log_end_offset(), "HW ≤ LEO on broker {}", r.broker);
                    debug_assert!(r.log.log_start_offset() <= r.high_watermark.max(r.log.log_start_offset()));
                }
                if let Some(l) = p.leader {
                    debug_assert!(p.isr.contains(&l), "the leader is in the ISR");
                }
                // with Eligible Leader Replicas an ISR may empty, and then there is no leader
                debug_assert!(!p.isr.is_empty() || (replication::ELR_ENABLED && p.leader.is_none()), "the ISR is never empty");
                debug_assert!(p.elr.iter().all(|b| !p.isr.contains(b) && p.replica(*b).is_some()), "the ELR is outside the ISR");
            }
        }
        self.check_share_invariants();
        for (id, g) in &self.st.consumer_groups {
            debug_assert!(!self.st.groups.contains_key(id), "group {id} is both classic and consumer");
            debug_assert!(!self.st.share_groups.contains_key(id), "group {id} is both consumer and share");
            debug_assert!(g.doubly_held().is_empty(), "group {id}: partitions {:?} held by two members", g.doubly_held());
            debug_assert!(g.assignment_epoch <= g.group_epoch, "group {id}: assignment epoch ahead of group epoch");
        }
    }
}
