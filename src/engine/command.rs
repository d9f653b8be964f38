//! The engine's inputs: every change to the simulated world is one of these.

use serde::Serialize;

use super::error::{ErrorCode, KafkaError};
use super::event::{BrokerId, ProducerId};
use super::log::record::{NewRecord, OwnedRecord};

/// What `Sim::apply` accepts.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub enum Command {
    /// `kafka-topics.sh --create`: `None` takes the broker default (`num.partitions`,
    /// `default.replication.factor`).
    CreateTopic {
        name: String,
        partitions: Option<i32>,
        replication_factor: Option<i32>,
        configs: Vec<(String, String)>,
    },
    /// `kafka-topics.sh --create --replica-assignment`: each partition's replicas, the
    /// first the preferred leader (CreateTopics with manual assignments)
    CreateTopicWithAssignment {
        name: String,
        assignment: Vec<Vec<BrokerId>>,
        configs: Vec<(String, String)>,
    },
    DeleteTopic {
        name: String,
    },
    /// `kafka-topics.sh --alter --partitions N`
    CreatePartitions {
        topic: String,
        count: i32,
    },
    /// `kafka-topics.sh --alter --partitions N --replica-assignment`: the replicas of each
    /// partition added, in order (CreatePartitions with assignments)
    CreatePartitionsWithAssignment {
        topic: String,
        count: i32,
        assignment: Vec<Vec<BrokerId>>,
    },
    /// `kafka-configs.sh --alter --entity-type topics`
    AlterTopicConfig {
        topic: String,
        set: Vec<(String, String)>,
        delete: Vec<String>,
    },
    /// `kafka-configs.sh --alter --entity-type clients/users/ips` with quota configs:
    /// the entity's (type, name) pairs (`None`: the default entity), quotas set and removed
    AlterClientQuotas {
        entity: Vec<(String, Option<String>)>,
        set: Vec<(String, f64)>,
        delete: Vec<String>,
    },
    /// `kafka-configs.sh --alter --entity-type users` with SCRAM credentials:
    /// (mechanism, iterations) upserted, mechanisms deleted
    AlterScramCredentials {
        user: String,
        set: Vec<(String, i32)>,
        delete: Vec<String>,
    },
    /// `kafka-configs.sh --alter --entity-type brokers`: dynamic broker configs of one
    /// broker, or the cluster-wide default (`None`, `--entity-default`), set and removed
    AlterBrokerConfig {
        broker: Option<BrokerId>,
        set: Vec<(String, String)>,
        delete: Vec<String>,
    },
    /// a cluster-wide setting such as `log.retention.check.interval.ms`
    SetClusterConfig {
        name: String,
        value: String,
    },
    /// `clean: false` is a crash (the controller fences it after
    /// `broker.session.timeout.ms`); `clean: true` a controlled shutdown
    StopBroker {
        broker: BrokerId,
        clean: bool,
    },
    StartBroker {
        broker: BrokerId,
    },
    /// a `KafkaProducer` with `k=v` producer configs
    CreateProducer {
        configs: Vec<(String, String)>,
    },
    /// `producer.send(record)`: queued in the accumulator, sent per `linger.ms`/`batch.size`
    Send {
        producer: ProducerId,
        topic: String,
        partition: Option<u32>,
        record: NewRecord,
    },
    /// `producer.flush()`: send every open batch now
    Flush {
        producer: ProducerId,
    },
    CloseProducer {
        producer: ProducerId,
    },
    /// `producer.initTransactions()` (needs `transactional.id`; issue 18). The calls of a
    /// transactional producer queue behind a blocking one, as an application thread would.
    InitTransactions {
        producer: ProducerId,
    },
    /// `producer.beginTransaction()`
    BeginTransaction {
        producer: ProducerId,
    },
    /// `producer.sendOffsetsToTransaction(offsets, groupMetadata)`: (topic, partition, offset)
    SendOffsetsToTransaction {
        producer: ProducerId,
        group: String,
        offsets: Vec<(String, u32, i64)>,
    },
    /// `producer.commitTransaction()`: flush, then EndTxn(commit)
    CommitTransaction {
        producer: ProducerId,
    },
    /// `producer.abortTransaction()`
    AbortTransaction {
        producer: ProducerId,
    },
    /// the producer's process dies mid-work (simulator): unsent batches are lost, no
    /// transaction is ended
    CrashProducer {
        producer: ProducerId,
    },
    /// `Admin.abortTransaction` (`kafka-transactions.sh abort`): an abort marker for the
    /// producer's open transaction on one partition
    AbortHangingTransaction {
        topic: String,
        partition: u32,
        producer_id: i64,
        epoch: i16,
        coordinator_epoch: i32,
    },
    /// a standalone `KafkaConsumer` (assign mode) with `k=v` consumer configs
    CreateConsumer {
        configs: Vec<(String, String)>,
    },
    Assign {
        consumer: u32,
        partitions: Vec<(String, u32)>,
    },
    Seek {
        consumer: u32,
        topic: String,
        partition: u32,
        offset: i64,
    },
    /// `consumer.poll()` for a standalone consumer: reads from the leaders up to the
    /// high watermark. For a group member: the records delivered since the last call.
    Poll {
        consumer: u32,
    },
    /// `consumer.subscribe(topics)` (needs `group.id`)
    Subscribe {
        consumer: u32,
        topics: Vec<String>,
    },
    /// `consumer.subscribe(Pattern)` (needs `group.id`): the topics matching `pattern`
    /// now, and at each metadata refresh
    SubscribePattern {
        consumer: u32,
        pattern: String,
    },
    /// `consumer.commitSync()`: commits the positions of the consumer's partitions now
    /// (the answer arrives after the network delay; a failure is an `Event::CommitFailed`)
    CommitSync {
        consumer: u32,
    },
    /// `consumer.close()`: commits (with auto-commit) and sends LeaveGroup
    CloseConsumer {
        consumer: u32,
    },
    /// the consumer's process dies: no commit, no LeaveGroup (simulator; `kill -9 %N`)
    CrashConsumer {
        consumer: u32,
    },
    /// how long the application takes per record (simulator; a slow consumer)
    SetProcessingTime {
        consumer: u32,
        ms_per_record: i64,
    },
    /// cut a consumer off from the network, or reconnect it (simulator)
    SetDisconnected {
        consumer: u32,
        disconnected: bool,
    },
    /// `AdminClient.alterConsumerGroupOffsets` (`--reset-offsets --execute`): (topic,
    /// partition, offset) for a group with no active members
    AlterGroupOffsets {
        group: String,
        offsets: Vec<(String, u32, i64)>,
    },
    /// `AdminClient.deleteConsumerGroups`
    DeleteGroup {
        group: String,
    },
    /// `AdminClient.deleteConsumerGroupOffsets` (`--delete-offsets`, KIP-496): the
    /// group's committed offsets of these (topic, partition) pairs
    DeleteGroupOffsets {
        group: String,
        partitions: Vec<(String, i32)>,
    },
    /// `AdminClient.electLeaders` (`kafka-leader-election.sh`): these (topic, partition)
    /// pairs, or every partition when `None`
    ElectLeaders {
        election: ElectionType,
        partitions: Option<Vec<(String, i32)>>,
    },
    /// a `KafkaShareConsumer` with `k=v` configs (`group.id` required)
    CreateShareConsumer {
        configs: Vec<(String, String)>,
    },
    /// `shareConsumer.subscribe(topics)`
    ShareSubscribe {
        consumer: u32,
        topics: Vec<String>,
    },
    /// how a share consumer's application acknowledges: `failure` fails some records
    /// (simulator: `kafkascope consumer fail`); `default_ack` is what the console share
    /// consumer sends for the rest (`--reject`, `--release`; ACCEPT otherwise)
    SetShareAcknowledgement {
        consumer: u32,
        failure: Option<crate::engine::sim::share_member::ShareFailure>,
        default_ack: Option<crate::engine::group::share_group::AcknowledgeType>,
    },
    /// `shareConsumer.acknowledge(record, ack)` for one record of the last poll (the
    /// console share consumer's `--reject-message-on-error`)
    AcknowledgeShareRecord {
        consumer: u32,
        topic: String,
        partition: u32,
        offset: i64,
        ack: crate::engine::group::share_group::AcknowledgeType,
    },
    /// `Admin.alterShareGroupOffsets` (`kafka-share-groups.sh --reset-offsets --execute`)
    AlterShareGroupOffsets {
        group: String,
        offsets: Vec<(String, u32, i64)>,
    },
    /// `Admin.deleteShareGroups`
    DeleteShareGroup {
        group: String,
    },
    /// `Admin.deleteShareGroupOffsets` (`--delete-offsets`): per topic
    DeleteShareGroupOffsets {
        group: String,
        topics: Vec<String>,
    },
    /// `Admin.incrementalAlterConfigs` on a group (`kafka-configs.sh --entity-type groups`)
    AlterGroupConfig {
        group: String,
        set: Vec<(String, String)>,
        delete: Vec<String>,
    },
}

/// Share groups (KIP-932): see `sim/share_member.rs`.
impl Command {
    /// Whether the command is about share groups (for views that filter).
    pub fn is_share(&self) -> bool {
        matches!(
            self,
            Command::CreateShareConsumer { .. }
                | Command::ShareSubscribe { .. }
                | Command::SetShareAcknowledgement { .. }
                | Command::AcknowledgeShareRecord { .. }
                | Command::AlterShareGroupOffsets { .. }
                | Command::DeleteShareGroup { .. }
                | Command::DeleteShareGroupOffsets { .. }
        )
    }
}

/// `org.apache.kafka.common.ElectionType`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum ElectionType {
    /// the partition's first replica, if it is in the ISR and its broker is usable
    Preferred,
    /// any running replica of a partition without a leader, in sync or not
    Unclean,
}

impl ElectionType {
    /// The enum constant's name, as the tool prints it.
    pub fn name(self) -> &'static str {
        match self {
            ElectionType::Preferred => "PREFERRED",
            ElectionType::Unclean => "UNCLEAN",
        }
    }
}

/// What a successful command returns.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub enum Reply {
    Done,
    TopicCreated {
        name: String,
        partitions: u32,
        replication_factor: u32,
    },
    ProducerCreated(ProducerId),
    /// the record was accepted into the accumulator for this partition
    Queued {
        partition: u32,
    },
    ConsumerCreated(u32),
    Records(Vec<ConsumerRecord>),
    /// `DeleteGroupOffsets`: each (topic, partition) and its error, `None` when the
    /// group has no offset for it any more (or had none)
    OffsetsDeleted(Vec<(String, i32, Option<ErrorCode>)>),
    /// `ElectLeaders`: each (topic, partition) and its error, `None` when a leader was
    /// elected. With every partition asked for, those that need no election are left out.
    LeadersElected(Vec<(String, i32, Option<KafkaError>)>),
}

/// A record as `consumer.poll()` returns it.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct ConsumerRecord {
    pub topic: String,
    pub partition: u32,
    pub record: OwnedRecord,
}
