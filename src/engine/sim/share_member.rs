//! Share groups in the simulation (KIP-932): the share consumer client
//! (`KafkaShareConsumer`), the coordinator's `ShareGroupHeartbeat`, and ShareFetch /
//! ShareAcknowledge against the share-partitions.
//!
//! Checked against Apache Kafka 4.x source (4.2/4.3 line):
//! clients/.../consumer/internals/`ShareConsumerImpl`, `ShareMembershipManager`,
//! `ShareHeartbeatRequestManager` and `ShareConsumeRequestManager` (client);
//! `GroupMetadataManager.shareGroupHeartbeat` (coordinator); `SharePartitionManager` and
//! `SharePartition` in core/src/main/java/kafka/server/share/ (broker).
//!
//! * The client makes up its member id (KIP-1082) and joins with epoch 0; the coordinator
//!   answers with its epoch, the heartbeat interval and its partitions (SimpleAssignor).
//!   It heartbeats every interval; `close()` leaves with epoch -1.
//! * `poll()` first sends the acknowledgements of the records the previous `poll()`
//!   returned (with `share.acknowledgement.mode=implicit` every one is ACCEPT; explicitly,
//!   what the application chose), then acquires new records from every assigned partition.
//! * A clean `close()` acknowledges what was delivered and closes its share sessions: the
//!   leader releases the member's other acquired records at once. A crash leaves them
//!   locked until `share.record.lock.duration.ms` passes; the coordinator removes the
//!   member after `share.session.timeout.ms`.
//!
//! Simplifications: ShareFetch and ShareAcknowledge are answered at once when the
//! consumer polls (as the simulation's consumers read the leader's log directly), so the
//! network delay applies to heartbeats only; an idle consumer waits for new or released
//! records instead of polling every `fetch.max.wait.ms`. `share.isolation.level=read_committed`
//! acquires up to the last stable offset and skips aborted transactions' records (issue
//! 18's log), as `SharePartition` does with the fetch's aborted transactions.

use crate::engine::map::Map;
use crate::engine::sorting;
use std::rc::Rc;

use serde::Serialize;

use super::super::assignor::TopicPartition;
use super::super::command::{ConsumerRecord, Reply};
use super::super::error::{ErrorCode, KafkaError, KafkaResult};
use super::super::event::{BrokerId, Event};
use super::super::group::protocol::GroupApi;
use super::super::group::share_group::{
    ranges, simple_assign, AcknowledgeType, RecordState, ReleaseReason, ShareGroup, ShareGroupConfig, ShareGroupMember, ShareIsolation,
    ShareOffsetReset, SharePartition, SHARE_LEAVE_EPOCH,
};
use super::super::group::GroupState;
use super::{Action, Sim};

/// `share.acknowledgement.mode`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub enum AckMode {
    /// every record a `poll()` returned is accepted by the next `poll()` (the default)
    Implicit,
    /// the application acknowledges each record with `acknowledge(record, type)`
    Explicit,
}

/// A simulated application failing some records (simulator: `kafkascope consumer fail`):
/// it acknowledges them with `ack` (RELEASE or REJECT) instead of ACCEPT.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct ShareFailure {
    /// records whose offset is a multiple of N fail, every time they come
    pub every: Option<u64>,
    /// records with this key fail, every time they come
    pub key: Option<String>,
    pub ack: AcknowledgeType,
}

impl ShareFailure {
    fn matches(&self, offset: i64, key: Option<&[u8]>) -> bool {
        self.every.is_some_and(|n| n > 0 && offset as u64 % n == 0) || self.key.as_deref().is_some_and(|k| key == Some(k.as_bytes()))
    }
}

/// The share consumer's settings Kafkascope uses.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ShareConsumerConfig {
    pub group_id: String,
    pub client_id: String,
    pub ack_mode: AckMode,
    /// `max.poll.records` (500)
    pub max_poll_records: usize,
    /// `retry.backoff.ms` (100)
    pub retry_backoff_ms: i64,
}

impl ShareConsumerConfig {
    /// From `k=v` pairs; unknown keys are ignored (Kafka logs them as unused).
    pub fn from_pairs<'a>(pairs: impl Iterator<Item = (&'a str, &'a str)>) -> KafkaResult<Self> {
        let mut c = ShareConsumerConfig {
            group_id: String::new(),
            client_id: String::new(),
            ack_mode: AckMode::Implicit,
            max_poll_records: 500,
            retry_backoff_ms: 100,
        };
        let bad = |k: &str, v: &str, why: &str| {
            KafkaError::new(ErrorCode::InvalidConfig, format!("Invalid value {v} for configuration {k}: {why}"))
        };
        for (k, v) in pairs {
            match k {
                "group.id" => c.group_id = v.to_string(),
                "client.id" => c.client_id = v.to_string(),
                "share.acknowledgement.mode" => {
                    c.ack_mode = match v.trim() {
                        "implicit" => AckMode::Implicit,
                        "explicit" => AckMode::Explicit,
                        _ => {
                            return Err(bad(k, v, &format!("Invalid value `{v}` for configuration share.acknowledgement.mode. The value must either be 'implicit' or 'explicit'.")))
                        }
                    }
                }
                "max.poll.records" => {
                    let n: i64 = v.trim().parse().map_err(|_| bad(k, v, "Not a number of type INT"))?;
                    if n < 1 {
                        return Err(bad(k, v, "Value must be at least 1"));
                    }
                    c.max_poll_records = n.min(i32::MAX as i64) as usize;
                }
                "retry.backoff.ms" => c.retry_backoff_ms = v.trim().parse().map_err(|_| bad(k, v, "Not a number of type LONG"))?,
                "group.protocol" | "group.instance.id" | "enable.auto.commit" | "isolation.level" | "auto.offset.reset" | "interceptor.classes"
                | "partition.assignment.strategy" | "session.timeout.ms" | "heartbeat.interval.ms" | "group.remote.assignor"
                    if !v.is_empty() =>
                {
                    // `ShareConsumerConfig` refuses the consumer-group settings
                    return Err(KafkaError::new(ErrorCode::InvalidConfig, format!("{k} cannot be set when using a share group.")));
                }
                _ => {}
            }
        }
        if c.group_id.is_empty() {
            return Err(KafkaError::new(ErrorCode::InvalidGroupId, "The configured groupId is invalid"));
        }
        Ok(c)
    }
}

/// A record the application got from `poll()`, with its delivery count.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct ShareRecord {
    pub record: ConsumerRecord,
    pub delivery_count: u16,
}

/// A `KafkaShareConsumer` in the simulation.
#[derive(Clone, Debug, Hash)]
pub struct ShareConsumer {
    pub id: u32,
    pub client_id: String,
    pub config: ShareConsumerConfig,
    pub group_id: Rc<str>,
    /// generated by the client (KIP-1082)
    pub member_id: Rc<str>,
    /// 0 until the coordinator accepted it; -1 once it left
    pub member_epoch: i32,
    pub subscription: Vec<String>,
    pub assignment: Vec<TopicPartition>,
    pub heartbeat_interval_ms: i64,
    /// the heartbeat in flight, by its sequence number
    pub heartbeat_in_flight: Option<u64>,
    pub heartbeat_seq: u64,
    pub heartbeat_generation: u64,
    pub alive: bool,
    pub closing: bool,
    pub fatal: Option<ErrorCode>,
    pub processing_ms_per_record: i64,
    pub waiting: bool,
    pub poll_generation: u64,
    /// the records the last `poll()` returned, to acknowledge at the next:
    /// (partition, offset, key)
    pub pending: Vec<(TopicPartition, i64, Option<Vec<u8>>)>,
    /// `acknowledge(record, type)` for single records of the last `poll()`: the console
    /// tool's `--reject-message-on-error`, and RELEASE for what it did not process
    /// before it failed; the rest take `default_ack`
    pub acknowledged_records: Vec<(TopicPartition, i64, AcknowledgeType)>,
    /// what the console tool acknowledges with when nothing fails (`--reject`, `--release`)
    pub default_ack: AcknowledgeType,
    pub failure: Option<ShareFailure>,
    pub inbox: Vec<ShareRecord>,
    pub delivered_records: u64,
    pub acknowledged: [u64; 3],
}

/// `ShareGroupHeartbeatRequest`'s fields Kafkascope uses.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ShareHeartbeatRequest {
    pub member_id: Rc<str>,
    pub member_epoch: i32,
    pub client_id: String,
    /// sent when joining or when it changed
    pub subscribed_topics: Option<Vec<String>>,
}

/// `ShareGroupHeartbeatResponse`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ShareHeartbeatResponse {
    pub error: Option<(ErrorCode, String)>,
    pub member_epoch: i32,
    pub heartbeat_interval_ms: i64,
    pub assignment: Option<Vec<TopicPartition>>,
}

const INBOX_CAP: usize = 100_000;

impl Sim {
    // ---- client ------------------------------------------------------------------------

    pub(super) fn create_share_consumer(&mut self, configs: &[(String, String)]) -> KafkaResult<Reply> {
        let mut config = ShareConsumerConfig::from_pairs(configs.iter().map(|(k, v)| (k.as_str(), v.as_str())))?;
        let id = self.st.next_consumer;
        self.st.next_consumer += 1;
        if config.client_id.is_empty() {
            config.client_id = format!("consumer-{}-{id}", config.group_id);
        }
        let client_id = config.client_id.clone();
        let group_id: Rc<str> = Rc::from(config.group_id.as_str());
        let member_id: Rc<str> = Rc::from(self.st.rng.uuid().to_kafka_string());
        self.st.share_consumers.insert(
            id,
            ShareConsumer {
                id,
                client_id: client_id.clone(),
                config,
                group_id: group_id.clone(),
                member_id,
                member_epoch: 0,
                subscription: Vec::new(),
                assignment: Vec::new(),
                heartbeat_interval_ms: ShareGroupConfig::default().heartbeat_interval_ms,
                heartbeat_in_flight: None,
                heartbeat_seq: 0,
                heartbeat_generation: 0,
                alive: true,
                closing: false,
                fatal: None,
                processing_ms_per_record: 0,
                waiting: false,
                poll_generation: 0,
                pending: Vec::new(),
                acknowledged_records: Vec::new(),
                default_ack: AcknowledgeType::Accept,
                failure: None,
                inbox: Vec::new(),
                delivered_records: 0,
                acknowledged: [0; 3],
            },
        );
        self.emit(Event::ConsumerStarted { consumer: id, client_id, group: Some(group_id) });
        Ok(Reply::ConsumerCreated(id))
    }

    fn share_consumer(&self, id: u32) -> KafkaResult<&ShareConsumer> {
        self.st
            .share_consumers
            .get(&id)
            .filter(|c| c.alive)
            .ok_or_else(|| KafkaError::new(ErrorCode::UnknownClient, format!("There is no open consumer {id}.")))
    }

    /// Whether `id` is a share consumer (open or not).
    pub fn is_share_consumer(&self, id: u32) -> bool {
        self.st.share_consumers.contains_key(&id)
    }

    pub fn share_consumer_state(&self, id: u32) -> Option<&ShareConsumer> {
        self.st.share_consumers.get(&id)
    }

    pub fn share_consumers(&self) -> impl Iterator<Item = &ShareConsumer> {
        self.st.share_consumers.values()
    }

    /// `KafkaShareConsumer.subscribe(topics)`: joins at the first poll.
    pub(super) fn share_subscribe(&mut self, consumer: u32, topics: Vec<String>) -> KafkaResult<Reply> {
        self.share_consumer(consumer)?;
        if topics.is_empty() || topics.iter().any(|t| t.trim().is_empty()) {
            return Err(KafkaError::new(ErrorCode::IllegalArgument, "Topic collection to subscribe to cannot contain null or empty topic"));
        }
        self.auto_create_topics(consumer, &topics);
        let _ = self.ensure_offsets_topic();
        let c = self.st.share_consumers.get_mut(&consumer).expect("checked above");
        let mut topics = topics;
        sorting::sort(&mut topics);
        topics.dedup();
        c.subscription = topics;
        self.schedule_share_poll(consumer, 0);
        Ok(Reply::Done)
    }

    /// `KafkaShareConsumer.acknowledge(record, type)` (explicit mode): `record`, one of the
    /// last `poll()`'s, is acknowledged with `ack` at the next poll or close. Refused, state
    /// unchanged, in implicit mode ("Implicit acknowledgement of delivery is being used.")
    /// and for a record not in flight ("The record cannot be acknowledged.").
    pub(super) fn acknowledge_share_record(
        &mut self,
        consumer: u32,
        tp: TopicPartition,
        offset: i64,
        ack: AcknowledgeType,
    ) -> KafkaResult<Reply> {
        let c = self.share_consumer(consumer)?;
        if c.config.ack_mode == AckMode::Implicit {
            return Err(KafkaError::new(ErrorCode::IllegalState, "Implicit acknowledgement of delivery is being used."));
        }
        if !c.pending.iter().any(|(t, o, _)| *t == tp && *o == offset) {
            return Err(KafkaError::new(ErrorCode::IllegalState, "The record cannot be acknowledged."));
        }
        let c = self.st.share_consumers.get_mut(&consumer).expect("checked above");
        c.acknowledged_records.retain(|(t, o, _)| !(*t == tp && *o == offset));
        c.acknowledged_records.push((tp, offset, ack));
        Ok(Reply::Done)
    }

    pub(super) fn set_share_failure(
        &mut self,
        consumer: u32,
        failure: Option<ShareFailure>,
        default_ack: Option<AcknowledgeType>,
    ) -> KafkaResult<Reply> {
        let c = self.share_consumer(consumer)?;
        if failure.is_some() && c.config.ack_mode == AckMode::Implicit {
            return Err(KafkaError::new(
                ErrorCode::IllegalArgument,
                format!("Consumer {consumer} acknowledges implicitly (share.acknowledgement.mode=implicit): its application cannot release or reject a record."),
            ));
        }
        let c = self.st.share_consumers.get_mut(&consumer).expect("checked above");
        c.failure = failure;
        if let Some(a) = default_ack {
            c.default_ack = a;
        }
        Ok(Reply::Done)
    }

    pub(super) fn set_share_processing_time(&mut self, consumer: u32, ms: i64) -> KafkaResult<Reply> {
        self.share_consumer(consumer)?;
        if ms < 0 {
            return Err(KafkaError::new(ErrorCode::IllegalArgument, "The processing time per record must not be negative."));
        }
        self.st.share_consumers.get_mut(&consumer).expect("checked above").processing_ms_per_record = ms;
        Ok(Reply::Done)
    }

    /// Records the application received since the last call.
    pub fn take_share_delivered(&mut self, consumer: u32) -> Vec<ShareRecord> {
        self.st.share_consumers.get_mut(&consumer).map(|c| std::mem::take(&mut c.inbox)).unwrap_or_default()
    }

    fn schedule_share_poll(&mut self, consumer: u32, delay: i64) {
        let Some(c) = self.st.share_consumers.get_mut(&consumer) else { return };
        c.poll_generation += 1;
        c.waiting = false;
        let generation = c.poll_generation;
        self.schedule(delay, Action::SharePoll { consumer, generation });
    }

    /// The application calls `poll()`.
    pub(super) fn on_share_poll(&mut self, consumer: u32, generation: u64) {
        let Some(c) = self.st.share_consumers.get(&consumer) else { return };
        if !c.alive || c.poll_generation != generation {
            return;
        }
        self.flush_share_acks(consumer);
        let c = &self.st.share_consumers[&consumer];
        if c.member_epoch <= 0 {
            if c.heartbeat_in_flight.is_none() {
                self.send_share_heartbeat(consumer);
            }
            return; // the heartbeat's answer polls again
        }
        let n = self.share_fetch(consumer);
        let c = self.st.share_consumers.get_mut(&consumer).expect("exists");
        if n > 0 {
            let d = (n as i64 * c.processing_ms_per_record).max(1);
            self.schedule_share_poll(consumer, d);
        } else {
            c.waiting = true; // woken when records arrive or are released
        }
    }

    /// The acknowledgements of the records the last `poll()` returned, sent with this
    /// ShareFetch (or, on close, a ShareAcknowledge).
    fn flush_share_acks(&mut self, consumer: u32) {
        let c = self.st.share_consumers.get_mut(&consumer).expect("exists");
        if c.pending.is_empty() {
            return;
        }
        let pending = std::mem::take(&mut c.pending);
        let given = std::mem::take(&mut c.acknowledged_records);
        let (mode, default, failure) = (c.config.ack_mode, c.default_ack, c.failure.clone());
        let (group, member) = (c.group_id.clone(), c.member_id.clone());
        let decide = |tp: &TopicPartition, offset: i64, key: Option<&[u8]>| -> AcknowledgeType {
            if let Some((_, _, ack)) = given.iter().find(|(t, o, _)| t == tp && *o == offset) {
                return *ack;
            }
            match mode {
                AckMode::Implicit => AcknowledgeType::Accept,
                AckMode::Explicit => match &failure {
                    Some(f) if f.matches(offset, key) => f.ack,
                    _ => default,
                },
            }
        };
        // by partition, then by acknowledgement type, in offset order
        let mut batches: Vec<(TopicPartition, AcknowledgeType, Vec<i64>)> = Vec::new();
        for (tp, offset, key) in &pending {
            let ack = decide(tp, *offset, key.as_deref());
            match batches.iter_mut().find(|(t, a, _)| t == tp && *a == ack) {
                Some((_, _, v)) => v.push(*offset),
                None => batches.push((tp.clone(), ack, vec![*offset])),
            }
        }
        let mut wake: Vec<TopicPartition> = Vec::new();
        for (tp, ack, offsets) in batches {
            let Some(g) = self.st.share_groups.get_mut(&group) else { continue };
            let limit = g.config.delivery_count_limit;
            let (mut ok, mut failed) = (Vec::new(), Vec::new());
            match g.partitions.get_mut(&tp) {
                Some(sp) => {
                    for o in offsets {
                        match sp.acknowledge(&member, o, ack, limit) {
                            Ok(s) => {
                                if s == RecordState::Available {
                                    wake.push(tp.clone());
                                }
                                ok.push(o)
                            }
                            Err(_) => failed.push(o),
                        }
                    }
                }
                None => failed = offsets,
            }
            if let Some(c) = self.st.share_consumers.get_mut(&consumer) {
                c.acknowledged[ack as usize] += ok.len() as u64;
            }
            let topic = tp.topic.clone();
            if !ok.is_empty() {
                self.emit(Event::ShareRecordsAcknowledged {
                    group: group.clone(),
                    consumer,
                    member_id: member.clone(),
                    topic: topic.clone(),
                    partition: tp.partition,
                    ack,
                    ranges: ranges(&ok),
                    error: None,
                });
            }
            if !failed.is_empty() {
                self.emit(Event::ShareRecordsAcknowledged {
                    group: group.clone(),
                    consumer,
                    member_id: member.clone(),
                    topic,
                    partition: tp.partition,
                    ack,
                    ranges: ranges(&failed),
                    error: Some(ErrorCode::InvalidRecordState),
                });
            }
        }
        sorting::sort(&mut wake);
        wake.dedup();
        for tp in wake {
            self.wake_share_consumers(&group, &tp);
        }
    }

    /// ShareFetch: acquires records from every assigned partition, up to
    /// `max.poll.records` in all, starting at a different partition each poll. Returns
    /// how many the application got.
    fn share_fetch(&mut self, consumer: u32) -> usize {
        let now = self.st.now;
        let c = &self.st.share_consumers[&consumer];
        let (group, member) = (c.group_id.clone(), c.member_id.clone());
        let parts = c.assignment.clone();
        let mut budget = c.config.max_poll_records;
        let rotate = (c.poll_generation as usize) % parts.len().max(1);
        let mut got: Vec<ShareRecord> = Vec::new();
        let mut pending = Vec::new();
        for tp in parts.iter().cycle().skip(rotate).take(parts.len()) {
            if budget == 0 {
                break;
            }
            let Some(part) = self.st.topics.get(&*tp.topic).and_then(|t| t.partitions.get(tp.partition as usize)) else { continue };
            let Some(leader) = part.leader_replica().filter(|r| self.st.brokers.iter().any(|b| b.id == r.broker && b.alive)) else {
                continue;
            };
            let leader_epoch = part.leader_epoch;
            let (log_start, hw) = (leader.log.log_start_offset(), leader.high_watermark);
            let Some(g) = self.st.share_groups.get_mut(&group) else { return 0 };
            let cfg = g.config.clone();
            // SharePartition.initialize: the persisted state, or share.auto.offset.reset
            let sp = g.partitions.entry(tp.clone()).or_insert_with(|| {
                let start = match cfg.auto_offset_reset {
                    ShareOffsetReset::Latest => hw,
                    ShareOffsetReset::Earliest => log_start,
                };
                SharePartition::new(start, leader_epoch)
            });
            let mut lost = (Vec::new(), Vec::new());
            if sp.leader_epoch != leader_epoch {
                lost = sp.release_where(cfg.delivery_count_limit, |_| true);
                sp.leader_epoch = leader_epoch;
            }
            sp.truncate_below(log_start);
            let from = sp.end_offset();
            let log = &leader.log;
            // share.isolation.level: read_committed acquires up to the last stable offset and
            // never the records of aborted transactions (they become archived gaps, as
            // SharePartition archives them); control records are never delivered
            let (offsets, upto): (Box<dyn Iterator<Item = i64> + '_>, i64) = match cfg.isolation_level {
                ShareIsolation::ReadCommitted => {
                    let lso = log.last_stable_offset(hw);
                    (Box::new(log.read_committed(from, lso).map(|r| r.offset)), lso)
                }
                ShareIsolation::ReadUncommitted => (Box::new(log.read(from, hw).map(|r| r.offset)), hw),
            };
            let acquired = sp.acquire(&member, budget, cfg.partition_max_record_locks, now, cfg.record_lock_duration_ms, offsets, upto);
            if !lost.0.is_empty() || !lost.1.is_empty() {
                self.emit(Event::ShareRecordsReleased {
                    group: group.clone(),
                    topic: tp.topic.clone(),
                    partition: tp.partition,
                    member_id: None,
                    reason: ReleaseReason::LeaderChanged,
                    released: ranges(&lost.0),
                    archived: ranges(&lost.1),
                });
            }
            if acquired.is_empty() {
                continue;
            }
            budget -= acquired.len().min(budget);
            // the records themselves, in offset order
            let mut sorted = acquired.clone();
            sorting::sort(&mut sorted);
            let (first, last) = (sorted[0].0, sorted[sorted.len() - 1].0);
            let leader = self.st.topics[&*tp.topic].partitions[tp.partition as usize].leader_replica().expect("checked above");
            let mut i = 0;
            for r in leader.log.read(first, last + 1) {
                while i < sorted.len() && sorted[i].0 < r.offset {
                    i += 1;
                }
                if i < sorted.len() && sorted[i].0 == r.offset {
                    pending.push((tp.clone(), r.offset, r.key.map(|k| k.to_vec())));
                    got.push(ShareRecord {
                        record: ConsumerRecord { topic: tp.topic.to_string(), partition: tp.partition, record: r.to_owned_record() },
                        delivery_count: sorted[i].1,
                    });
                }
            }
            let redelivered = acquired.iter().filter(|(_, d)| *d > 1).count() as u32;
            let offsets: Vec<i64> = sorted.iter().map(|(o, _)| *o).collect();
            self.emit(Event::ShareRecordsAcquired {
                group: group.clone(),
                consumer,
                member_id: member.clone(),
                topic: tp.topic.clone(),
                partition: tp.partition,
                ranges: ranges(&offsets),
                redelivered,
            });
            self.schedule(cfg.record_lock_duration_ms, Action::ShareLockTimeout { group: group.clone(), tp: tp.clone() });
        }
        let n = got.len();
        let c = self.st.share_consumers.get_mut(&consumer).expect("exists");
        c.pending = pending;
        c.delivered_records += n as u64;
        c.inbox.extend(got);
        if c.inbox.len() > INBOX_CAP {
            let extra = c.inbox.len() - INBOX_CAP;
            c.inbox.drain(..extra);
        }
        n
    }

    /// A share-partition's acquisition locks may have timed out.
    pub(super) fn on_share_lock_timeout(&mut self, group: Rc<str>, tp: TopicPartition) {
        let now = self.st.now;
        let Some(g) = self.st.share_groups.get_mut(&group) else { return };
        let limit = g.config.delivery_count_limit;
        let Some(sp) = g.partitions.get_mut(&tp) else { return };
        let (released, archived) = sp.release_where(limit, |r| r.lock_deadline <= now);
        if released.is_empty() && archived.is_empty() {
            return;
        }
        self.emit(Event::ShareRecordsReleased {
            group: group.clone(),
            topic: tp.topic.clone(),
            partition: tp.partition,
            member_id: None,
            reason: ReleaseReason::LockTimeout,
            released: ranges(&released),
            archived: ranges(&archived),
        });
        if !released.is_empty() {
            self.wake_share_consumers(&group, &tp);
        }
    }

    /// Records became available on a share-partition: the group's idle consumers of it poll.
    fn wake_share_consumers(&mut self, group: &Rc<str>, tp: &TopicPartition) {
        let waiting: Vec<u32> = self
            .st
            .share_consumers
            .values()
            .filter(|c| c.alive && c.waiting && c.group_id == *group && c.assignment.contains(tp))
            .map(|c| c.id)
            .collect();
        let d = self.delay();
        for id in waiting {
            self.schedule_share_poll(id, d);
        }
    }

    /// New records are committed on a partition (called with the consumers' wake-up).
    pub(super) fn wake_share_consumers_on(&mut self, topic: &str, partition: u32) {
        if self.st.share_consumers.is_empty() {
            return;
        }
        let waiting: Vec<u32> = self
            .st
            .share_consumers
            .values()
            .filter(|c| c.alive && c.waiting && c.assignment.iter().any(|tp| &*tp.topic == topic && tp.partition == partition))
            .map(|c| c.id)
            .collect();
        let d = self.delay();
        for id in waiting {
            self.schedule_share_poll(id, d);
        }
    }

    fn send_share_heartbeat(&mut self, consumer: u32) {
        let Some(c) = self.st.share_consumers.get(&consumer) else { return };
        let group = c.group_id.clone();
        let joining = c.member_epoch == 0;
        let leaving = c.member_epoch == SHARE_LEAVE_EPOCH;
        let request = ShareHeartbeatRequest {
            member_id: c.member_id.clone(),
            member_epoch: c.member_epoch,
            client_id: c.client_id.clone(),
            subscribed_topics: joining.then(|| c.subscription.clone()),
        };
        let backoff = c.config.retry_backoff_ms.max(1);
        let coordinator = match self.coordinator_for(&group) {
            Some(b) => Some(b),
            None => {
                let _ = self.ensure_offsets_topic();
                self.coordinator_for(&group)
            }
        };
        let c = self.st.share_consumers.get_mut(&consumer).expect("exists");
        c.heartbeat_seq += 1;
        let seq = c.heartbeat_seq;
        let member_id = c.member_id.to_string();
        let detail = if joining {
            format!("join, topics [{}]", c.subscription.join(", "))
        } else if leaving {
            "leave (epoch -1)".to_string()
        } else {
            format!("epoch {}", c.member_epoch)
        };
        let generation = c.heartbeat_generation;
        let Some(broker) = coordinator else {
            self.emit(Event::GroupRequestSent {
                group,
                consumer,
                member_id,
                api: GroupApi::ShareGroupHeartbeat,
                coordinator: None,
                detail: "COORDINATOR_NOT_AVAILABLE".into(),
            });
            if !leaving {
                self.schedule(backoff, Action::ShareHeartbeatTick { consumer, generation });
            }
            return;
        };
        c.heartbeat_in_flight = Some(seq);
        self.emit(Event::GroupRequestSent {
            group: group.clone(),
            consumer,
            member_id,
            api: GroupApi::ShareGroupHeartbeat,
            coordinator: Some(broker),
            detail,
        });
        let d = self.delay();
        self.schedule(d, Action::ShareHeartbeatArrive { consumer, broker, group, seq, request });
    }

    pub(super) fn on_share_heartbeat_tick(&mut self, consumer: u32, generation: u64) {
        let Some(c) = self.st.share_consumers.get(&consumer) else { return };
        if !c.alive || c.heartbeat_generation != generation || c.heartbeat_in_flight.is_some() {
            return;
        }
        self.send_share_heartbeat(consumer);
    }

    pub(super) fn on_share_heartbeat_response(&mut self, consumer: u32, group: Rc<str>, seq: u64, r: ShareHeartbeatResponse) {
        let Some(c) = self.st.share_consumers.get_mut(&consumer) else { return };
        if c.heartbeat_in_flight != Some(seq) {
            return;
        }
        c.heartbeat_in_flight = None;
        let closed = !c.alive;
        if closed && !c.closing {
            return; // crashed: hears nothing
        }
        let member_id = c.member_id.to_string();
        let detail = match (&r.error, &r.assignment) {
            (Some((_, m)), _) => m.clone(),
            (None, Some(a)) => format!("epoch {}, assignment [{}]", r.member_epoch, super::member::show(a)),
            (None, None) => format!("epoch {}", r.member_epoch),
        };
        self.emit(Event::GroupResponseReceived {
            group: group.clone(),
            consumer,
            member_id,
            api: GroupApi::ShareGroupHeartbeat,
            error: r.error.as_ref().map(|(e, _)| *e),
            detail,
        });
        if closed {
            if let Some(c) = self.st.share_consumers.get_mut(&consumer) {
                c.closing = false;
            }
            return;
        }
        let c = self.st.share_consumers.get_mut(&consumer).expect("exists");
        c.heartbeat_generation += 1;
        let generation = c.heartbeat_generation;
        match r.error {
            None => {
                let was_joining = c.member_epoch <= 0;
                c.member_epoch = r.member_epoch;
                c.heartbeat_interval_ms = r.heartbeat_interval_ms;
                let interval = c.heartbeat_interval_ms;
                let mut changed = false;
                if let Some(a) = r.assignment {
                    changed = a != c.assignment;
                    c.assignment = a;
                }
                self.schedule(interval, Action::ShareHeartbeatTick { consumer, generation });
                let c = &self.st.share_consumers[&consumer];
                if was_joining || (changed && c.waiting) {
                    self.schedule_share_poll(consumer, 0);
                }
            }
            Some((ErrorCode::UnknownMemberId | ErrorCode::FencedMemberEpoch, _)) => {
                // fenced: give up the partitions and rejoin with epoch 0 at once
                c.member_epoch = 0;
                c.assignment.clear();
                self.send_share_heartbeat(consumer);
            }
            Some((e @ (ErrorCode::GroupIdNotFound | ErrorCode::InvalidRequest | ErrorCode::GroupMaxSizeReached), _)) => {
                c.alive = false;
                c.fatal = Some(e);
                self.emit(Event::ConsumerFailed { group, consumer, error: e, message: None });
            }
            Some(_) => {
                let backoff = c.config.retry_backoff_ms.max(1);
                self.schedule(backoff, Action::ShareHeartbeatTick { consumer, generation });
            }
        }
    }

    /// `KafkaShareConsumer.close()`: acknowledges what the last poll returned, closes its
    /// share sessions (the leaders release the member's other records at once), then
    /// leaves the group with epoch -1.
    pub(super) fn close_share_consumer(&mut self, consumer: u32) -> KafkaResult<Reply> {
        self.share_consumer(consumer)?;
        self.flush_share_acks(consumer);
        let c = &self.st.share_consumers[&consumer];
        let (group, member) = (c.group_id.clone(), c.member_id.clone());
        self.release_member_records(&group, &member, ReleaseReason::MemberLeft);
        let c = self.st.share_consumers.get_mut(&consumer).expect("checked above");
        let joined = c.member_epoch > 0;
        c.alive = false;
        c.waiting = false;
        c.heartbeat_generation += 1;
        c.heartbeat_in_flight = None;
        if joined {
            c.closing = true;
            c.member_epoch = SHARE_LEAVE_EPOCH;
            // the leave is sent even though the consumer no longer polls
            self.send_share_heartbeat(consumer);
        }
        self.emit(Event::ConsumerClosed { consumer, group: Some(group), clean: true });
        Ok(Reply::Done)
    }

    /// The consumer's process dies: no acknowledgements, no leave.
    pub(super) fn crash_share_consumer(&mut self, consumer: u32) -> KafkaResult<Reply> {
        self.share_consumer(consumer)?;
        let c = self.st.share_consumers.get_mut(&consumer).expect("checked above");
        c.alive = false;
        c.waiting = false;
        c.heartbeat_in_flight = None;
        c.pending.clear();
        c.acknowledged_records.clear();
        let group = c.group_id.clone();
        self.emit(Event::ConsumerClosed { consumer, group: Some(group), clean: false });
        Ok(Reply::Done)
    }

    fn release_member_records(&mut self, group: &Rc<str>, member: &Rc<str>, reason: ReleaseReason) {
        let Some(g) = self.st.share_groups.get_mut(group) else { return };
        let limit = g.config.delivery_count_limit;
        let mut events = Vec::new();
        for (tp, sp) in g.partitions.iter_mut() {
            let (released, archived) = sp.release_where(limit, |r| r.owner.as_deref() == Some(&**member));
            if !released.is_empty() || !archived.is_empty() {
                events.push((tp.clone(), released, archived));
            }
        }
        for (tp, released, archived) in events {
            let wake = !released.is_empty();
            self.emit(Event::ShareRecordsReleased {
                group: group.clone(),
                topic: tp.topic.clone(),
                partition: tp.partition,
                member_id: Some(member.clone()),
                reason,
                released: ranges(&released),
                archived: ranges(&archived),
            });
            if wake {
                self.wake_share_consumers(group, &tp);
            }
        }
    }

    // ---- coordinator -------------------------------------------------------------------

    pub(super) fn on_share_heartbeat_arrive(
        &mut self,
        consumer: u32,
        broker: BrokerId,
        group: Rc<str>,
        seq: u64,
        request: ShareHeartbeatRequest,
    ) {
        let response = if self.coordinator_for(&group) != Some(broker) {
            ShareHeartbeatResponse {
                error: Some((ErrorCode::NotCoordinator, "This is not the correct coordinator.".into())),
                member_epoch: request.member_epoch,
                heartbeat_interval_ms: 0,
                assignment: None,
            }
        } else {
            self.share_group_heartbeat(&group, consumer, request)
        };
        let d = self.delay();
        self.schedule(d, Action::ShareHeartbeatResponse { consumer, group, seq, response });
    }

    /// `GroupMetadataManager.shareGroupHeartbeat` (and `shareGroupLeave` for epoch -1).
    fn share_group_heartbeat(&mut self, group_id: &Rc<str>, consumer: u32, r: ShareHeartbeatRequest) -> ShareHeartbeatResponse {
        let now = self.st.now;
        let fail = |e: ErrorCode, m: String, epoch: i32| ShareHeartbeatResponse {
            error: Some((e, m)),
            member_epoch: epoch,
            heartbeat_interval_ms: 0,
            assignment: None,
        };
        if self.st.groups.contains_key(group_id) || self.st.consumer_groups.contains_key(group_id) {
            return fail(ErrorCode::GroupIdNotFound, format!("Group {group_id} is not a share group."), r.member_epoch);
        }
        if r.member_epoch == SHARE_LEAVE_EPOCH {
            if self.st.share_groups.get(group_id).is_some_and(|g| g.members.contains_key(&r.member_id)) {
                self.remove_share_member(group_id, &r.member_id, "the consumer left the group");
            }
            return ShareHeartbeatResponse { error: None, member_epoch: SHARE_LEAVE_EPOCH, heartbeat_interval_ms: 0, assignment: None };
        }
        if r.member_epoch == 0 && r.subscribed_topics.as_ref().is_none_or(|t| t.is_empty()) {
            return fail(ErrorCode::InvalidRequest, "SubscribedTopicNames must be set in first request.".into(), 0);
        }
        if !self.st.share_groups.contains_key(group_id) {
            if r.member_epoch != 0 {
                return fail(ErrorCode::GroupIdNotFound, format!("Share group {group_id} not found."), r.member_epoch);
            }
            let mut g = ShareGroup::new(group_id.clone());
            g.config = self.share_group_config(group_id);
            self.st.share_groups.insert(group_id.clone(), g);
        }
        let g = self.st.share_groups.get_mut(group_id).expect("exists");
        let mut bump = false;
        let mut joined = false;
        match g.members.get_mut(&r.member_id) {
            Some(m) => {
                if r.member_epoch != 0 && r.member_epoch != m.member_epoch {
                    let e = m.member_epoch;
                    return fail(
                        ErrorCode::FencedMemberEpoch,
                        format!(
                            "The share group member has a different member epoch ({}) than the one known by the group coordinator ({e}).",
                            r.member_epoch
                        ),
                        r.member_epoch,
                    );
                }
                if let Some(t) = &r.subscribed_topics {
                    if *t != m.subscribed_topics {
                        m.subscribed_topics = t.clone();
                        bump = true;
                    }
                }
                if r.member_epoch == 0 {
                    m.member_epoch = 0; // a rejoin gets its assignment again
                }
            }
            None if r.member_epoch != 0 => {
                return fail(
                    ErrorCode::UnknownMemberId,
                    format!("Member {} is not a member of group {group_id}.", r.member_id),
                    r.member_epoch,
                )
            }
            None => {
                g.members.insert(
                    r.member_id.clone(),
                    ShareGroupMember {
                        member_id: r.member_id.clone(),
                        client_id: r.client_id.clone(),
                        client_host: "/127.0.0.1".into(),
                        consumer,
                        member_epoch: 0,
                        subscribed_topics: r.subscribed_topics.clone().unwrap_or_default(),
                        assigned: Vec::new(),
                        session_deadline: 0,
                    },
                );
                bump = true;
                joined = true;
            }
        }
        // the subscribed topics' metadata (partition counts) changed
        let metadata: Vec<(String, u32)> = g
            .subscribed_topics()
            .into_iter()
            .map(|t| (t.clone(), self.st.topics.get(t.as_str()).map_or(0, |x| x.partitions.len() as u32)))
            .collect();
        let g = self.st.share_groups.get_mut(group_id).expect("exists");
        if g.metadata != metadata {
            g.metadata = metadata;
            bump = true;
        }
        if joined {
            self.emit(Event::MemberJoined { group: group_id.clone(), member_id: r.member_id.to_string() });
        }
        if bump {
            let g = self.st.share_groups.get_mut(group_id).expect("exists");
            g.group_epoch += 1;
        }
        self.maybe_assign_share_group(group_id);
        self.update_share_group_state(group_id);
        let g = self.st.share_groups.get_mut(group_id).expect("exists");
        let session = g.config.session_timeout_ms;
        let interval = g.config.heartbeat_interval_ms;
        let assignment_epoch = g.assignment_epoch;
        let target = g.target.get(&r.member_id).cloned().unwrap_or_default();
        let m = g.members.get_mut(&r.member_id).expect("exists");
        m.session_deadline = now + session;
        let assignment = if m.member_epoch != assignment_epoch || r.member_epoch == 0 {
            m.member_epoch = assignment_epoch;
            m.assigned = target;
            Some(m.assigned.clone())
        } else {
            None
        };
        let epoch = m.member_epoch;
        self.schedule(session, Action::ShareSessionCheck { group: group_id.clone(), member_id: r.member_id.clone() });
        ShareHeartbeatResponse { error: None, member_epoch: epoch, heartbeat_interval_ms: interval, assignment }
    }

    /// Runs the assignor when the group epoch is ahead of the assignment's, at most once per
    /// `share.assignment.interval.ms` (the group's) or `group.share.assignment.interval.ms`
    /// (KIP-1263, Kafka 4.3: 1 s); inside the interval a later heartbeat computes it.
    fn maybe_assign_share_group(&mut self, group_id: &Rc<str>) {
        let interval =
            self.group_config_ms(group_id, "share.assignment.interval.ms").unwrap_or(self.st.config.group_share_assignment_interval_ms);
        let now = self.st.now;
        let Some(g) = self.st.share_groups.get(group_id) else { return };
        if !super::super::group::can_compute_target(g.group_epoch, g.assignment_epoch, g.assignment_timestamp, now, interval) {
            return;
        }
        let members: Vec<(Rc<str>, Vec<String>, Vec<TopicPartition>)> =
            g.members.values().map(|m| (m.member_id.clone(), m.subscribed_topics.clone(), m.assigned.clone())).collect();
        let topics = &self.st.topics;
        let target = simple_assign(&members, |t| topics.get(t).map(|x| x.partitions.len() as u32));
        let g = self.st.share_groups.get_mut(group_id).expect("exists");
        g.assignment_epoch = g.group_epoch;
        g.assignment_timestamp = Some(now);
        let epoch = g.group_epoch;
        let assignment: Vec<(String, Vec<TopicPartition>)> = target.iter().map(|(m, v)| (m.to_string(), v.clone())).collect();
        g.target = target;
        self.emit(Event::TargetAssignmentComputed { group: group_id.clone(), group_epoch: epoch, assignor: "simple".into(), assignment });
    }

    fn update_share_group_state(&mut self, group_id: &Rc<str>) {
        let Some(g) = self.st.share_groups.get_mut(group_id) else { return };
        let to = if g.members.is_empty() { GroupState::Empty } else { GroupState::Stable };
        let from = g.state;
        if from != to {
            g.state = to;
            let generation = g.group_epoch;
            self.emit(Event::GroupStateChanged { group: group_id.clone(), from, to, generation });
        }
    }

    fn remove_share_member(&mut self, group_id: &Rc<str>, member_id: &Rc<str>, reason: &str) {
        let Some(g) = self.st.share_groups.get_mut(group_id) else { return };
        if g.members.remove(member_id).is_none() {
            return;
        }
        g.target.remove(member_id);
        g.group_epoch += 1;
        self.emit(Event::MemberRemoved { group: group_id.clone(), member_id: member_id.to_string(), reason: reason.into() });
        // As `shareGroupFenceMember` does, the removal only bumps the group epoch: the next
        // heartbeat of a remaining member computes the new target assignment.
        self.update_share_group_state(group_id);
    }

    /// `share.session.timeout.ms` after its last heartbeat, a member is removed.
    pub(super) fn on_share_session_check(&mut self, group: Rc<str>, member_id: Rc<str>) {
        let now = self.st.now;
        let expired = self.st.share_groups.get(&group).and_then(|g| g.members.get(&member_id)).is_some_and(|m| m.session_deadline <= now);
        if expired {
            self.remove_share_member(&group, &member_id, "session timeout expired");
        }
    }

    // ---- admin -------------------------------------------------------------------------

    pub fn share_groups(&self) -> impl Iterator<Item = &ShareGroup> {
        self.st.share_groups.values()
    }

    pub fn share_group(&self, id: &str) -> Option<&ShareGroup> {
        self.st.share_groups.get(id)
    }

    /// The dynamic configs set on a group id (`kafka-configs.sh --entity-type groups`).
    pub fn group_configs(&self, id: &str) -> &[(String, String)] {
        self.st.group_configs.get(id).map_or(&[], |v| v.as_slice())
    }

    /// A share group's effective configs: the broker defaults with the group's own on top.
    pub fn share_group_config(&self, id: &str) -> ShareGroupConfig {
        let mut c = ShareGroupConfig::default();
        for (k, v) in self.group_configs(id) {
            if let Ok(n) = c.with(k, v) {
                c = n;
            }
        }
        c
    }

    /// `Admin.incrementalAlterConfigs` on a GROUP resource.
    pub(super) fn alter_group_config(&mut self, group: &str, set: &[(String, String)], delete: &[String]) -> KafkaResult<Reply> {
        if group.is_empty() {
            return Err(KafkaError::new(ErrorCode::InvalidRequest, "Group name can't be empty."));
        }
        super::broker_config::check_duplicate_keys(set, delete)?;
        let mut pairs: Vec<(String, String)> = self.group_configs(group).to_vec();
        for k in delete {
            if !super::super::group::share_group::GROUP_CONFIG_NAMES.iter().any(|(n, _)| n == k) {
                return Err(KafkaError::new(ErrorCode::InvalidConfig, format!("Unknown group config name: {k}")));
            }
            pairs.retain(|(n, _)| n != k);
        }
        let mut c = ShareGroupConfig::default();
        for (k, v) in set {
            match pairs.iter_mut().find(|(n, _)| n == k) {
                Some(p) => p.1 = v.clone(),
                None => pairs.push((k.clone(), v.clone())),
            }
        }
        for (k, v) in &pairs {
            c = c.with(k, v)?;
        }
        sorting::sort(&mut pairs);
        let key: Rc<str> = Rc::from(group);
        if pairs.is_empty() {
            self.st.group_configs.remove(&key);
        } else {
            self.st.group_configs.insert(key.clone(), pairs);
        }
        if let Some(g) = self.st.share_groups.get_mut(&key) {
            g.config = c;
        }
        Ok(Reply::Done)
    }

    /// `Admin.alterShareGroupOffsets`: new start offsets for an Empty share group (its
    /// in-flight state is dropped); creates the group if it does not exist.
    pub(super) fn alter_share_group_offsets(&mut self, group: &str, offsets: &[(String, u32, i64)]) -> KafkaResult<Reply> {
        let key: Rc<str> = Rc::from(group);
        if self.st.groups.contains_key(&key) || self.st.consumer_groups.contains_key(&key) {
            return Err(KafkaError::new(ErrorCode::GroupIdNotFound, format!("Group {group} is not a share group.")));
        }
        if self.st.share_groups.get(&key).is_some_and(|g| !g.members.is_empty()) {
            return Err(KafkaError::new(ErrorCode::NonEmptyGroup, format!("Share group '{group}' is not empty.")));
        }
        for (t, p, _) in offsets {
            if self.partition(t, *p).is_none() {
                return Err(KafkaError::new(ErrorCode::UnknownTopicOrPartition, "This server does not host this topic-partition."));
            }
        }
        if !self.st.share_groups.contains_key(&key) {
            let mut g = ShareGroup::new(key.clone());
            g.config = self.share_group_config(group);
            self.st.share_groups.insert(key.clone(), g);
        }
        let epochs: Vec<i32> = offsets.iter().map(|(t, p, _)| self.partition(t, *p).map_or(0, |x| x.leader_epoch)).collect();
        let g = self.st.share_groups.get_mut(&key).expect("exists");
        for ((t, p, o), e) in offsets.iter().zip(epochs) {
            let tp = TopicPartition::new(t.as_str(), *p);
            let state_epoch = g.partitions.get(&tp).map_or(0, |s| s.state_epoch + 1);
            let mut sp = SharePartition::new(*o, e);
            sp.state_epoch = state_epoch;
            g.partitions.insert(tp, sp);
        }
        Ok(Reply::Done)
    }

    /// `Admin.deleteShareGroups`: an Empty share group and its state.
    pub(super) fn delete_share_group(&mut self, group: &str) -> KafkaResult<Reply> {
        let Some(g) = self.st.share_groups.get(group) else {
            return Err(KafkaError::new(ErrorCode::GroupIdNotFound, "The group id does not exist."));
        };
        if !g.members.is_empty() {
            return Err(KafkaError::new(ErrorCode::NonEmptyGroup, "The group is not empty."));
        }
        let key = g.group_id.clone();
        self.st.share_groups.remove(group);
        self.emit(Event::GroupStateChanged { group: key, from: GroupState::Empty, to: GroupState::Dead, generation: 0 });
        Ok(Reply::Done)
    }

    /// `Admin.deleteShareGroupOffsets`: an Empty share group forgets its state for these
    /// topics; each topic's result (`None`: deleted).
    pub(super) fn delete_share_group_offsets(&mut self, group: &str, topics: &[String]) -> KafkaResult<Reply> {
        let Some(g) = self.st.share_groups.get(group) else {
            return Err(KafkaError::new(ErrorCode::GroupIdNotFound, format!("Group {group} not found.")));
        };
        if !g.members.is_empty() {
            return Err(KafkaError::new(ErrorCode::NonEmptyGroup, "The group is not empty."));
        }
        let mut out = Vec::new();
        let known: Vec<bool> = topics.iter().map(|t| self.st.topics.contains_key(t.as_str())).collect();
        let g = self.st.share_groups.get_mut(group).expect("checked above");
        for (t, known) in topics.iter().zip(known) {
            if !known {
                out.push((t.clone(), -1, Some(ErrorCode::UnknownTopicOrPartition)));
                continue;
            }
            g.partitions.retain(|tp, _| *tp.topic != **t);
            out.push((t.clone(), -1, None));
        }
        Ok(Reply::OffsetsDeleted(out))
    }

    /// Debug checks of every share-partition's invariants.
    pub(super) fn check_share_invariants(&self) {
        for g in self.st.share_groups.values() {
            for sp in g.partitions.values() {
                sp.check_invariants();
            }
        }
    }
}

/// The share groups' part of a group listing (id, state).
pub fn share_group_listing(sim: &Sim) -> Vec<(Rc<str>, GroupState)> {
    sim.share_groups().map(|g| (g.group_id.clone(), g.state)).collect()
}

/// The member ids of a share-partition's acquired records, with counts (for views).
pub fn owners(sp: &SharePartition) -> Map<Rc<str>, usize> {
    let mut m: Map<Rc<str>, usize> = Map::new();
    for r in &sp.records {
        if let Some(o) = &r.owner {
            *m.entry(o.clone()).or_default() += 1;
        }
    }
    m
}
