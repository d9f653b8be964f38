//! The typed events the engine emits: what the UI animates, steps through and rewinds.

use std::rc::Rc;

use serde::Serialize;

use super::assignor::TopicPartition;
use super::error::ErrorCode;
use super::group::consumer_group::ConsumerMemberState;
use super::group::protocol::GroupApi;
use super::group::share_group::{AcknowledgeType, ReleaseReason};
use super::group::GroupState;
use super::log::{CleanInfo, DeletedSegment};
use super::txn::{ClientTxnState, TxnState};

pub type BrokerId = i32;
pub type ProducerId = u32;

/// One thing that happened in the simulated cluster, at a virtual time.
#[derive(Clone, Debug, PartialEq, Hash, Serialize)]
#[serde(tag = "type")]
pub enum Event {
    BrokerStopped {
        broker: BrokerId,
        clean: bool,
    },
    BrokerStarted {
        broker: BrokerId,
    },
    /// the controller noticed a crashed broker (after `broker.session.timeout.ms`)
    BrokerFenced {
        broker: BrokerId,
    },
    TopicCreated {
        topic: Rc<str>,
        partitions: u32,
        replication_factor: u32,
    },
    TopicDeleted {
        topic: Rc<str>,
    },
    PartitionsCreated {
        topic: Rc<str>,
        old_count: u32,
        new_count: u32,
    },
    TopicConfigChanged {
        topic: Rc<str>,
        name: String,
        value: Option<String>,
    },
    ClusterConfigChanged {
        name: String,
        value: String,
    },
    /// `leader: None` means the partition went offline (no ISR replica alive)
    LeaderElected {
        topic: Rc<str>,
        partition: u32,
        leader: Option<BrokerId>,
        leader_epoch: i32,
    },
    IsrShrunk {
        topic: Rc<str>,
        partition: u32,
        removed: Vec<BrokerId>,
        isr: Vec<BrokerId>,
    },
    IsrExpanded {
        topic: Rc<str>,
        partition: u32,
        added: BrokerId,
        isr: Vec<BrokerId>,
    },
    /// a producer sent a batch towards the partition's leader
    BatchSent {
        producer: ProducerId,
        topic: Rc<str>,
        partition: u32,
        broker: BrokerId,
        records: u32,
        bytes: u64,
        attempt: u32,
    },
    /// the leader appended a batch
    RecordsAppended {
        topic: Rc<str>,
        partition: u32,
        broker: BrokerId,
        first_offset: i64,
        last_offset: i64,
        producer: Option<ProducerId>,
    },
    /// the producer got its acknowledgement
    ProduceAcked {
        producer: ProducerId,
        topic: Rc<str>,
        partition: u32,
        first_offset: i64,
        last_offset: i64,
    },
    /// the producer gave up on a batch (or got a non-retriable error)
    ProduceFailed {
        producer: ProducerId,
        topic: Rc<str>,
        partition: u32,
        /// each record's key and value size in bytes (`None`: null), for the
        /// producer's callback, which reports every record (`ErrorLoggingCallback`)
        records: Vec<(Option<u32>, Option<u32>)>,
        error: ErrorCode,
        message: String,
    },
    /// the producer will retry a batch after `retry.backoff.ms`
    ProduceRetry {
        producer: ProducerId,
        topic: Rc<str>,
        partition: u32,
        error: ErrorCode,
    },
    /// a follower copied records from the leader
    ReplicaFetched {
        topic: Rc<str>,
        partition: u32,
        follower: BrokerId,
        leader: BrokerId,
        first_offset: i64,
        last_offset: i64,
    },
    HighWatermarkAdvanced {
        topic: Rc<str>,
        partition: u32,
        broker: BrokerId,
        high_watermark: i64,
    },
    SegmentRolled {
        topic: Rc<str>,
        partition: u32,
        broker: BrokerId,
        base_offset: i64,
    },
    SegmentDeleted {
        topic: Rc<str>,
        partition: u32,
        broker: BrokerId,
        segment: DeletedSegment,
        log_start_offset: i64,
    },
    LogCompacted {
        topic: Rc<str>,
        partition: u32,
        broker: BrokerId,
        info: CleanInfo,
    },
    /// a replica removed records the new leader does not have (how `acks=1` loses data)
    LogTruncated {
        topic: Rc<str>,
        partition: u32,
        broker: BrokerId,
        from_offset: i64,
        to_offset: i64,
    },
    /// a consumer read records (assign mode; groups come with the group coordinator)
    RecordsFetched {
        consumer: u32,
        topic: Rc<str>,
        partition: u32,
        first_offset: i64,
        last_offset: i64,
    },
    /// a consumer's position was reset by `auto.offset.reset`
    OffsetReset {
        consumer: u32,
        topic: Rc<str>,
        partition: u32,
        from_offset: i64,
        to_offset: i64,
        policy: String,
    },
    ConsumerStarted {
        consumer: u32,
        client_id: String,
        group: Option<Rc<str>>,
    },
    /// `clean: false` is a crash (no LeaveGroup, no commit)
    ConsumerClosed {
        consumer: u32,
        group: Option<Rc<str>>,
        clean: bool,
    },
    /// the application's poll() threw
    ConsumerError {
        consumer: u32,
        group: Option<Rc<str>>,
        error: ErrorCode,
        message: String,
    },
    /// a fatal group error stopped the consumer (e.g. FENCED_INSTANCE_ID)
    ConsumerFailed {
        group: Rc<str>,
        consumer: u32,
        error: ErrorCode,
        /// the coordinator's error message, which the client's exception carries when it
        /// has one (`AbstractHeartbeatRequestManager.onErrorResponse`: `error.exception(errorMessage)`)
        message: Option<Rc<str>>,
    },
    /// a client sent a group protocol request (`coordinator: None` when none could be found)
    GroupRequestSent {
        group: Rc<str>,
        consumer: u32,
        member_id: String,
        api: GroupApi,
        coordinator: Option<BrokerId>,
        detail: String,
    },
    /// a client got the answer (or gave up waiting: REQUEST_TIMED_OUT)
    GroupResponseReceived {
        group: Rc<str>,
        consumer: u32,
        member_id: String,
        api: GroupApi,
        error: Option<ErrorCode>,
        detail: String,
    },
    GroupStateChanged {
        group: Rc<str>,
        from: GroupState,
        to: GroupState,
        generation: i32,
    },
    RebalanceStarted {
        group: Rc<str>,
        reason: String,
    },
    GroupStabilized {
        group: Rc<str>,
        generation: i32,
    },
    MemberJoined {
        group: Rc<str>,
        member_id: String,
    },
    MemberRemoved {
        group: Rc<str>,
        member_id: String,
        reason: String,
    },
    /// a static member came back under a new member id (KIP-345)
    MemberReplaced {
        group: Rc<str>,
        old_member_id: String,
        new_member_id: String,
    },
    /// the group leader ran the assignor
    AssignmentComputed {
        group: Rc<str>,
        consumer: u32,
        assignor: String,
        assignment: Vec<(String, Vec<TopicPartition>)>,
    },
    PartitionsRevoked {
        group: Rc<str>,
        consumer: u32,
        partitions: Vec<TopicPartition>,
    },
    PartitionsLost {
        group: Rc<str>,
        consumer: u32,
        partitions: Vec<TopicPartition>,
    },
    /// `partitions` were added; `assignment` is the whole new assignment
    PartitionsAssigned {
        group: Rc<str>,
        consumer: u32,
        generation: i32,
        partitions: Vec<TopicPartition>,
        assignment: Vec<TopicPartition>,
    },
    OffsetsCommitted {
        group: Rc<str>,
        member_id: String,
        offsets: Vec<(TopicPartition, i64)>,
    },
    CommitFailed {
        group: Rc<str>,
        consumer: u32,
        error: ErrorCode,
    },
    /// `max.poll.interval.ms` passed without a poll: the member leaves the group
    PollTimeoutExpired {
        group: Rc<str>,
        consumer: u32,
        member_id: String,
    },
    /// `offsets.retention.minutes` after the group became Empty: its offsets are gone
    OffsetsExpired {
        group: Rc<str>,
        partitions: Vec<TopicPartition>,
    },
    /// `--delete-offsets`: the group's committed offsets of these partitions are deleted
    OffsetsDeleted {
        group: Rc<str>,
        partitions: Vec<TopicPartition>,
    },
    /// records the group had already delivered were delivered again (at-least-once)
    DuplicateDelivery {
        group: Rc<str>,
        consumer: u32,
        topic: Rc<str>,
        partition: u32,
        first_offset: i64,
        last_offset: i64,
    },
    /// the coordinator ran the server-side assignor for a consumer-protocol group
    /// (KIP-848): the target assignment now has the group epoch
    TargetAssignmentComputed {
        group: Rc<str>,
        group_epoch: i32,
        assignor: String,
        assignment: Vec<(String, Vec<TopicPartition>)>,
    },
    /// a share consumer acquired records of a share-partition (ShareFetch): locked for it
    /// until it acknowledges them or the lock times out
    ShareRecordsAcquired {
        group: Rc<str>,
        consumer: u32,
        member_id: Rc<str>,
        topic: Rc<str>,
        partition: u32,
        ranges: Vec<(i64, i64)>,
        /// how many of them were delivered before
        redelivered: u32,
    },
    /// a share consumer acknowledged records (with `error`, the leader refused: the
    /// member no longer held their locks)
    ShareRecordsAcknowledged {
        group: Rc<str>,
        consumer: u32,
        member_id: Rc<str>,
        topic: Rc<str>,
        partition: u32,
        ack: AcknowledgeType,
        ranges: Vec<(i64, i64)>,
        error: Option<ErrorCode>,
    },
    /// acquired records lost their locks without an acknowledgement: available again, or
    /// archived at the delivery count limit
    ShareRecordsReleased {
        group: Rc<str>,
        topic: Rc<str>,
        partition: u32,
        member_id: Option<Rc<str>>,
        reason: ReleaseReason,
        released: Vec<(i64, i64)>,
        archived: Vec<(i64, i64)>,
    },
    /// the coordinator moved a consumer-protocol member's current assignment one step
    /// towards its target (KIP-848 reconciliation), or a static member left temporarily
    MemberAssignmentUpdated {
        group: Rc<str>,
        member_id: String,
        member_epoch: i32,
        state: ConsumerMemberState,
        assigned: Vec<TopicPartition>,
        pending_revocation: Vec<TopicPartition>,
    },
    // transactions (issue 18), last so the variants above keep their hashes
    /// a transactional producer sent a request to a coordinator (issue 18)
    TxnRequestSent {
        producer: ProducerId,
        transactional_id: Rc<str>,
        api: String,
        broker: BrokerId,
    },
    /// the coordinator answered it (`error: None` is success)
    TxnResponse {
        producer: ProducerId,
        transactional_id: Rc<str>,
        api: String,
        broker: BrokerId,
        error: Option<ErrorCode>,
    },
    /// `initTransactions()` returned: the producer id and epoch to write with
    TxnProducerInitialized {
        producer: ProducerId,
        transactional_id: Rc<str>,
        producer_id: i64,
        epoch: i16,
    },
    /// the producer's `TransactionManager` changed state
    TxnClientState {
        producer: ProducerId,
        transactional_id: Rc<str>,
        state: ClientTxnState,
    },
    /// a transactional call failed (the exception the application sees)
    TxnError {
        producer: ProducerId,
        transactional_id: Rc<str>,
        error: ErrorCode,
        message: String,
    },
    /// the transaction coordinator wrote a new state to `__transaction_state`
    TxnStateChanged {
        transactional_id: Rc<str>,
        producer_id: i64,
        epoch: i16,
        from: TxnState,
        to: TxnState,
        coordinator: Option<BrokerId>,
    },
    /// the coordinator's task found the transaction older than `transaction.timeout.ms`
    TxnTimedOut {
        transactional_id: Rc<str>,
    },
    /// a commit or abort marker was appended to a partition (it takes an offset)
    TxnMarkerWritten {
        transactional_id: Rc<str>,
        topic: Rc<str>,
        partition: u32,
        broker: BrokerId,
        offset: i64,
        producer_id: i64,
        commit: bool,
    },
    /// a dynamic broker config of one broker, or the cluster default (`None`), set or
    /// removed (`None`); last, so that the hashes of traces without it stay as they were
    BrokerConfigChanged {
        broker: Option<BrokerId>,
        name: String,
        value: Option<String>,
    },
}

/// An event with its virtual time and its place in the trace.
#[derive(Clone, Debug, PartialEq, Hash, Serialize)]
pub struct TraceEntry {
    pub seq: u64,
    pub time: i64,
    pub event: Event,
}
