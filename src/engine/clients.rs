//! The client state machines that live inside the simulation: producers and consumers
//! (standalone, or members of a classic or consumer-protocol group). Their protocol
//! handling is in `sim/`.

use crate::engine::map::Map;
use std::rc::Rc;

use super::assignor::TopicPartition;
use super::client_config::{ConsumerConfig, ProducerConfig};
use super::event::ProducerId;
use super::group::protocol::{GroupApi, StickyUserData};
use super::log::record::NewRecord;
use super::partitioner::StickyPartition;

/// A batch still filling in the producer's `RecordAccumulator`.
#[derive(Clone, Debug, Hash)]
pub struct OpenBatch {
    pub records: Vec<NewRecord>,
    pub bytes: u64,
    pub created_ms: i64,
}

/// A batch sent (or waiting to be re-sent) and not yet acknowledged.
#[derive(Clone, Debug, Hash)]
pub struct InFlightBatch {
    pub topic: Rc<str>,
    pub partition: u32,
    pub records: Vec<NewRecord>,
    pub bytes: u64,
    pub attempt: u32,
    /// when the batch was closed: `delivery.timeout.ms` counts from here
    pub created_ms: i64,
    /// while its produce request awaits an answer: when the request times out
    /// (`request.timeout.ms` after it was sent)
    pub request_deadline: Option<i64>,
    /// a transactional batch: (transactional id, producer id, epoch) when it was drained
    pub txn: Option<(Rc<str>, i64, i16)>,
}

/// A `KafkaProducer`.
#[derive(Clone, Debug, Hash)]
pub struct Producer {
    pub id: ProducerId,
    pub client_id: String,
    pub config: ProducerConfig,
    pub sticky: Map<Rc<str>, StickyPartition>,
    /// `RoundRobinPartitioner`'s counter per topic (`partitioner.class`)
    pub round_robin: Map<Rc<str>, u32>,
    pub open: Map<(Rc<str>, u32), OpenBatch>,
    pub in_flight: Map<u64, InFlightBatch>,
    pub next_batch_id: u64,
    pub drain_scheduled: bool,
    /// when the producer next checks its in-flight requests for expiry, if one is due.
    /// Kafka's `NetworkClient` checks expiry as it polls; one timer per producer, for its
    /// earliest deadline, models that (a timer per request left thousands of idle timers
    /// firing long after their answers came)
    pub request_timeout_check: Option<i64>,
    pub closed: bool,
    pub acked_records: u64,
    pub failed_records: u64,
    /// the transactional side (`transactional.id` set; issue 18)
    pub txn: Option<Box<super::txn::state::TxnClient>>,
}

/// A `KafkaConsumer`: either `assign()`ed to partitions, or `subscribe()`d to topics as a
/// member of `group.id`.
#[derive(Clone, Debug, Hash)]
pub struct Consumer {
    pub id: u32,
    pub client_id: String,
    pub config: ConsumerConfig,
    pub group_id: Option<Rc<str>>,
    /// `subscribe()`d topics (group members); with a pattern, the topics it matched at
    /// the last metadata refresh
    pub subscription: Vec<String>,
    /// `subscribe(Pattern)`: the regular expression, and when the consumer last matched it
    /// against the cluster's topics (its metadata refresh)
    pub pattern: Option<String>,
    pub pattern_refreshed_ms: i64,
    /// `assign()`ed partitions (standalone consumers)
    pub assignment: Vec<(Rc<str>, u32)>,
    /// the next offset to read, per partition
    pub positions: Map<(Rc<str>, u32), i64>,
    /// the client's side of the group protocol
    pub member: MemberState,
    /// false once the consumer crashed, closed or failed
    pub alive: bool,
    pub closing: bool,
    /// cut off from the network: its messages are lost both ways (simulator)
    pub disconnected: bool,
    /// how long the application takes per record it processes (simulator; default 0)
    pub processing_ms_per_record: i64,
    /// the application is blocked in `poll()` waiting for records
    pub waiting: bool,
    pub last_poll_ms: i64,
    /// bumps whenever the next poll is rescheduled
    pub poll_generation: u64,
    /// since when its fetch has waited at the leader for `fetch.min.bytes` (see
    /// `Sim::fetch_waits`)
    pub fetch_wait_since: Option<i64>,
    /// records delivered to the application, oldest first, for the console to print
    pub inbox: Vec<super::command::ConsumerRecord>,
    pub delivered_records: u64,
}

/// Where a member is in the classic protocol (`AbstractCoordinator.MemberState`, with the
/// pre-join commit made explicit).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
pub enum MemberPhase {
    Unjoined,
    /// `onJoinPrepare`'s synchronous auto-commit
    CommittingBeforeJoin,
    /// JoinGroup sent (`PREPARING_REBALANCE`)
    Joining,
    /// SyncGroup sent (`COMPLETING_REBALANCE`)
    Syncing,
    Stable,
}

/// The consumer's view of its membership (`AbstractCoordinator`'s generation and state,
/// `ConsumerCoordinator`'s assignment).
#[derive(Clone, Debug, Hash)]
pub struct MemberState {
    pub member_id: String,
    pub generation: i32,
    pub protocol: Option<String>,
    pub is_leader: bool,
    pub phase: MemberPhase,
    pub rejoin_needed: bool,
    pub rejoin_reason: String,
    pub owned: Vec<TopicPartition>,
    /// the eager `StickyAssignor`'s memory (`memberAssignment`, `generation`): the last
    /// assignment it was told of in `onAssignment` and its generation, sent back as the
    /// subscription's user data at every join. Nothing clears it: Kafka keeps it in the
    /// assignor instance for the consumer's life, through lost member ids and generations.
    pub sticky_user_data: Option<StickyUserData>,
    /// requests awaiting an answer: (api, sequence number)
    pub in_flight: Vec<(GroupApi, u64)>,
    pub seq: u64,
    pub heartbeat_generation: u64,
    /// positions of newly assigned partitions come from OffsetFetch first
    pub needs_committed: bool,
    pub last_commit_ms: i64,
    pub last_committed: Map<TopicPartition, i64>,
    pub committed_before_join: bool,
    /// partition counts the leader assigned from (`ConsumerCoordinator.assignmentSnapshot`)
    pub metadata_snapshot: Vec<(String, u32)>,
    pub metadata_snapshot_ms: i64,
    /// a classic member's fetch found a partition it owns gone (its topic deleted, or
    /// created again with fewer partitions): the fetch's UNKNOWN_TOPIC_OR_PARTITION makes
    /// the consumer refresh its metadata at once (`FetchCollector` →
    /// `requestMetadataUpdate`) instead of at `metadata.max.age.ms`
    pub metadata_update_requested: bool,
    /// a fatal error stopped the consumer
    pub fatal: bool,
    /// the consumer protocol's membership (`group.protocol=consumer`); the fields above
    /// are shared: `member_id`, `owned`, and `generation`, which holds the member epoch
    pub consumer_protocol: ConsumerMembership,
}

impl Default for MemberState {
    fn default() -> Self {
        MemberState {
            member_id: String::new(),
            generation: -1,
            protocol: None,
            is_leader: false,
            phase: MemberPhase::Unjoined,
            rejoin_needed: false,
            rejoin_reason: String::new(),
            owned: Vec::new(),
            sticky_user_data: None,
            in_flight: Vec::new(),
            seq: 0,
            heartbeat_generation: 0,
            needs_committed: false,
            last_commit_ms: 0,
            last_committed: Map::new(),
            committed_before_join: false,
            metadata_snapshot: Vec::new(),
            metadata_snapshot_ms: 0,
            metadata_update_requested: false,
            fatal: false,
            consumer_protocol: ConsumerMembership::default(),
        }
    }
}

/// Where a member of a consumer-protocol group is (`MemberState` of the KIP-848 client,
/// clients/src/main/java/org/apache/kafka/clients/consumer/internals/MemberState.java).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
pub enum MembershipState {
    /// not in the group (before subscribing, or after leaving)
    Unsubscribed,
    /// a heartbeat with epoch 0 is (about to be) sent
    Joining,
    /// a new target assignment is being applied: commit, revoke, assign
    Reconciling,
    /// the new assignment is applied; the next heartbeat, sent at once, tells the coordinator
    Acknowledging,
    Stable,
    /// the coordinator fenced the member: it gives up its partitions and rejoins
    Fenced,
    /// the leave heartbeat (epoch -1 or -2) is being sent
    Leaving,
    /// left the group after `max.poll.interval.ms`; rejoins at the next `poll()`
    Stale,
    /// a fatal error stopped the member
    Fatal,
}

impl MembershipState {
    pub fn name(self) -> &'static str {
        match self {
            MembershipState::Unsubscribed => "UNSUBSCRIBED",
            MembershipState::Joining => "JOINING",
            MembershipState::Reconciling => "RECONCILING",
            MembershipState::Acknowledging => "ACKNOWLEDGING",
            MembershipState::Stable => "STABLE",
            MembershipState::Fenced => "FENCED",
            MembershipState::Leaving => "LEAVING",
            MembershipState::Stale => "STALE",
            MembershipState::Fatal => "FATAL",
        }
    }

    /// `shouldSkipHeartbeat`: not an active member.
    pub fn skips_heartbeats(self) -> bool {
        matches!(self, MembershipState::Unsubscribed | MembershipState::Fatal | MembershipState::Stale | MembershipState::Fenced)
    }

    /// `shouldHeartbeatNow`: joining, acknowledging or leaving heartbeats go out at once.
    pub fn heartbeats_now(self) -> bool {
        matches!(self, MembershipState::Joining | MembershipState::Acknowledging | MembershipState::Leaving)
    }
}

/// The KIP-848 client's membership (`ConsumerMembershipManager` and the
/// `HeartbeatState` of `ConsumerHeartbeatRequestManager`).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ConsumerMembership {
    pub state: MembershipState,
    /// the epoch the coordinator gave (0 while joining, -1/-2 once left)
    pub member_epoch: i32,
    /// `heartbeatIntervalMs` from the last response (the coordinator's
    /// `group.consumer.heartbeat.interval.ms`)
    pub heartbeat_interval_ms: i64,
    pub last_heartbeat_ms: i64,
    /// the latest assignment the coordinator sent (sorted)
    pub target: Vec<TopicPartition>,
    /// bumps each time an assignment is applied (`LocalAssignment.localEpoch`)
    pub local_epoch: u64,
    /// the subscription the member joined with is set (`subscriptionUpdated`)
    pub subscription_updated: bool,
    /// the auto-commit before a reconciliation is in flight
    pub committing_before_reconcile: bool,
    /// what the last heartbeat sent (`HeartbeatState.SentFields`); reset after errors
    pub sent_rebalance_timeout_ms: Option<i64>,
    pub sent_subscription: Option<Vec<String>>,
    pub sent_server_assignor: Option<String>,
    pub sent_local_epoch: Option<u64>,
}

impl Default for ConsumerMembership {
    fn default() -> Self {
        ConsumerMembership {
            state: MembershipState::Unsubscribed,
            member_epoch: 0,
            heartbeat_interval_ms: super::group::consumer_group::CONSUMER_GROUP_HEARTBEAT_INTERVAL_MS,
            last_heartbeat_ms: 0,
            target: Vec::new(),
            local_epoch: 0,
            subscription_updated: false,
            committing_before_reconcile: false,
            sent_rebalance_timeout_ms: None,
            sent_subscription: None,
            sent_server_assignor: None,
            sent_local_epoch: None,
        }
    }
}

impl ConsumerMembership {
    /// `HeartbeatState.reset`: the next heartbeat carries every field.
    pub fn reset_sent_fields(&mut self) {
        self.sent_rebalance_timeout_ms = None;
        self.sent_subscription = None;
        self.sent_server_assignor = None;
        self.sent_local_epoch = None;
    }
}

impl MemberState {
    /// `resetGenerationOnResponseError`: the generation goes; the member id too unless
    /// the coordinator only said the generation is stale.
    pub fn reset_generation(&mut self, member_id_too: bool) {
        self.generation = -1;
        self.protocol = None;
        self.is_leader = false;
        if member_id_too {
            self.member_id.clear();
        }
    }
}

/// `AbstractHeartbeatRequestManager.CONSUMER_PROTOCOL_NOT_SUPPORTED_MSG` (clients, Kafka 4.x):
/// what a `group.protocol=consumer` consumer's `poll()` throws, as an
/// `UnsupportedVersionException`, when the broker does not serve ConsumerGroupHeartbeat.
pub const CONSUMER_PROTOCOL_NOT_SUPPORTED_MSG: &str = "The cluster does not support the new CONSUMER group protocol. Set group.protocol=classic on the consumer configs to revert to the CLASSIC protocol until the cluster is upgraded.";

/// The message of the exception a consumer's `poll()` throws after a fatal group error
/// (`handleFatalFailure`): Kafka's default text for the error, except UNSUPPORTED_VERSION,
/// which `ConsumerHeartbeatRequestManager.handleSpecificExceptionInResponse` (4.x) replaces
/// with [`CONSUMER_PROTOCOL_NOT_SUPPORTED_MSG`] after logging it.
pub fn fatal_exception_message(error: super::error::ErrorCode) -> &'static str {
    match error {
        super::error::ErrorCode::UnsupportedVersion => CONSUMER_PROTOCOL_NOT_SUPPORTED_MSG,
        e => e.default_message(),
    }
}
