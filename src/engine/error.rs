//! Kafka's error codes, as the engine reports them.
//!
//! Models `org.apache.kafka.common.protocol.Errors` (clients/src/main/java/org/apache/kafka/common/protocol/Errors.java):
//! every rejected command carries Kafka's error name, its numeric code and a message,
//! the broker's own text where Kafka has one.

use serde::Serialize;
use std::fmt;

macro_rules! kafka_errors {
    ($( $variant:ident = $code:literal, $name:literal, $default:literal; )*) => {
        /// The subset of Kafka's `Errors` enum that the simulator can produce.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
        pub enum ErrorCode { $( $variant, )* }

        impl ErrorCode {
            /// Kafka's numeric error code.
            pub fn code(self) -> i16 { match self { $( ErrorCode::$variant => $code, )* } }
            /// Kafka's error name, e.g. `OFFSET_OUT_OF_RANGE`.
            pub fn name(self) -> &'static str { match self { $( ErrorCode::$variant => $name, )* } }
            /// Kafka's default message for the code.
            pub fn default_message(self) -> &'static str { match self { $( ErrorCode::$variant => $default, )* } }
        }
    };
}

kafka_errors! {
    OffsetOutOfRange = 1, "OFFSET_OUT_OF_RANGE", "The requested offset is not within the range of offsets maintained by the server.";
    UnknownTopicOrPartition = 3, "UNKNOWN_TOPIC_OR_PARTITION", "This server does not host this topic-partition.";
    LeaderNotAvailable = 5, "LEADER_NOT_AVAILABLE", "There is no leader for this topic-partition as we are in the middle of a leadership election.";
    NotLeaderOrFollower = 6, "NOT_LEADER_OR_FOLLOWER", "For requests intended only for the leader, this error indicates that the broker is not the current leader. For requests intended for any replica, this error indicates that the broker is not a replica of the topic partition.";
    RequestTimedOut = 7, "REQUEST_TIMED_OUT", "The request timed out.";
    NetworkException = 13, "NETWORK_EXCEPTION", "The server disconnected before a response was received.";
    MessageTooLarge = 10, "MESSAGE_TOO_LARGE", "The request included a message larger than the max message size the server will accept.";
    CoordinatorLoadInProgress = 14, "COORDINATOR_LOAD_IN_PROGRESS", "The coordinator is loading and hence can't process requests.";
    CoordinatorNotAvailable = 15, "COORDINATOR_NOT_AVAILABLE", "The coordinator is not available.";
    NotCoordinator = 16, "NOT_COORDINATOR", "This is not the correct coordinator.";
    InvalidTopicException = 17, "INVALID_TOPIC_EXCEPTION", "The request attempted to perform an operation on an invalid topic.";
    RecordListTooLarge = 18, "RECORD_LIST_TOO_LARGE", "The request included message batch larger than the configured segment size on the server.";
    NotEnoughReplicas = 19, "NOT_ENOUGH_REPLICAS", "Messages are rejected since there are fewer in-sync replicas than required.";
    NotEnoughReplicasAfterAppend = 20, "NOT_ENOUGH_REPLICAS_AFTER_APPEND", "Messages are written to the log, but to fewer in-sync replicas than required.";
    InvalidRequiredAcks = 21, "INVALID_REQUIRED_ACKS", "Produce request specified an invalid value for required acks.";
    IllegalGeneration = 22, "ILLEGAL_GENERATION", "Specified group generation id is not valid.";
    InconsistentGroupProtocol = 23, "INCONSISTENT_GROUP_PROTOCOL", "The group member's supported protocols are incompatible with those of existing members or first group member tried to join with empty protocol type or empty protocol list.";
    InvalidGroupId = 24, "INVALID_GROUP_ID", "The configured groupId is invalid.";
    UnknownMemberId = 25, "UNKNOWN_MEMBER_ID", "The coordinator is not aware of this member.";
    InvalidSessionTimeout = 26, "INVALID_SESSION_TIMEOUT", "The session timeout is not within the range allowed by the broker (as configured by group.min.session.timeout.ms and group.max.session.timeout.ms).";
    RebalanceInProgress = 27, "REBALANCE_IN_PROGRESS", "The group is rebalancing, so a rejoin is needed.";
    TopicAlreadyExists = 36, "TOPIC_ALREADY_EXISTS", "Topic with this name already exists.";
    InvalidPartitions = 37, "INVALID_PARTITIONS", "Number of partitions is below 1.";
    InvalidReplicationFactor = 38, "INVALID_REPLICATION_FACTOR", "Replication factor is below 1 or larger than the number of available brokers.";
    InvalidReplicaAssignment = 39, "INVALID_REPLICA_ASSIGNMENT", "Replica assignment is invalid.";
    InvalidConfig = 40, "INVALID_CONFIG", "Configuration is invalid.";
    InvalidRequest = 42, "INVALID_REQUEST", "This most likely occurs because of a request being malformed by the client library or the message was sent to an incompatible broker. See the broker logs for more details.";
    NonEmptyGroup = 68, "NON_EMPTY_GROUP", "The group is not empty.";
    GroupIdNotFound = 69, "GROUP_ID_NOT_FOUND", "The group id does not exist.";
    GroupSubscribedToTopic = 86, "GROUP_SUBSCRIBED_TO_TOPIC", "Deleting offsets of a topic is forbidden while the consumer group is actively subscribed to it.";
    MemberIdRequired = 79, "MEMBER_ID_REQUIRED", "The group member needs to have a valid member id before actually entering a consumer group.";
    PreferredLeaderNotAvailable = 80, "PREFERRED_LEADER_NOT_AVAILABLE", "The preferred leader was not available.";
    EligibleLeadersNotAvailable = 83, "ELIGIBLE_LEADERS_NOT_AVAILABLE", "Eligible topic partition leaders are not available.";
    ElectionNotNeeded = 84, "ELECTION_NOT_NEEDED", "Leader election not needed for topic partition.";
    GroupMaxSizeReached = 81, "GROUP_MAX_SIZE_REACHED", "The consumer group has reached its max size.";
    FencedInstanceId = 82, "FENCED_INSTANCE_ID", "The broker rejected this static consumer since another consumer with the same group.instance.id has registered with a different member.id.";
    FencedMemberEpoch = 110, "FENCED_MEMBER_EPOCH", "The member epoch is fenced by the group coordinator. The member must abandon all its partitions and rejoin.";
    UnreleasedInstanceId = 111, "UNRELEASED_INSTANCE_ID", "The instance ID is still used by another member in the consumer group. That member must leave first.";
    UnsupportedAssignor = 112, "UNSUPPORTED_ASSIGNOR", "The assignor or its version range is not supported by the consumer group.";
    InvalidTimestamp = 32, "INVALID_TIMESTAMP", "The timestamp of the message is out of acceptable range.";
    InvalidRecord = 87, "INVALID_RECORD", "This record has failed the validation on broker and hence will be rejected.";
    BrokerNotAvailable = 8, "BROKER_NOT_AVAILABLE", "The broker is not available.";
    NoOffsetForPartition = -1, "NoOffsetForPartitionException", "Undefined offset with no reset policy for partitions.";
    IllegalArgument = -1, "IllegalArgumentException", "Illegal argument.";
    IllegalState = -1, "IllegalStateException", "Illegal state.";
    UnknownClient = -1, "UNKNOWN_CLIENT", "No such client in the simulation.";
    ClientConstructionFailed = -1, "KafkaException", "Failed to construct kafka client.";
    InvalidRecordState = 121, "INVALID_RECORD_STATE", "The record state is invalid. The acknowledgement of delivery could not be completed.";
    StaleMemberEpoch = 113, "STALE_MEMBER_EPOCH", "The member epoch is stale. The member must retry after receiving its updated member epoch via the ConsumerGroupHeartbeat API.";
    // transactions (issue 18; Errors.java, Kafka 4.3)
    InvalidProducerEpoch = 47, "INVALID_PRODUCER_EPOCH", "Producer attempted to produce with an old epoch.";
    InvalidTxnState = 48, "INVALID_TXN_STATE", "The producer attempted a transactional operation in an invalid state.";
    InvalidTransactionTimeout = 50, "INVALID_TRANSACTION_TIMEOUT", "The transaction timeout is larger than the maximum value allowed by the broker (as configured by transaction.max.timeout.ms).";
    ConcurrentTransactions = 51, "CONCURRENT_TRANSACTIONS", "The producer attempted to update a transaction while another concurrent operation on the same transaction was ongoing.";
    ProducerFenced = 90, "PRODUCER_FENCED", "There is a newer producer with the same transactionalId which fences the current one.";
    ResourceNotFound = 91, "RESOURCE_NOT_FOUND", "A request illegally referred to a resource that does not exist.";
    TransactionalIdNotFound = 105, "TRANSACTIONAL_ID_NOT_FOUND", "The transactionalId could not be found.";
    // last, so the existing variants keep their hashes
    UnsupportedVersion = 35, "UNSUPPORTED_VERSION", "The version of API is not supported.";
}

/// An error as a Kafka broker or client would report it: name, code and message.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct KafkaError {
    pub code: ErrorCode,
    pub message: String,
}

impl KafkaError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        KafkaError { code, message: message.into() }
    }
    /// The error with Kafka's default message for its code.
    pub fn of(code: ErrorCode) -> Self {
        KafkaError { code, message: code.default_message().to_string() }
    }
    pub fn name(&self) -> &'static str {
        self.code.name()
    }
}

impl fmt::Display for KafkaError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code.name(), self.message)
    }
}

impl std::error::Error for KafkaError {}

pub type KafkaResult<T> = Result<T, KafkaError>;
