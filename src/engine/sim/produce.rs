//! The produce path: `KafkaProducer.send` → `RecordAccumulator` → `Sender` → the
//! leader's `ReplicaManager.appendRecords` → the produce purgatory → the response.

use std::rc::Rc;

use super::super::client_config::{Acks, PartitionerClass};
use super::super::clients::{InFlightBatch, OpenBatch};
use super::super::cluster::{PendingAck, ProducerBatchRecord};
use super::super::command::Reply;
use super::super::error::{ErrorCode, KafkaError, KafkaResult};
use super::super::event::{BrokerId, Event, ProducerId};
use super::super::log::record::{record_size, NewRecord, RECORD_BATCH_OVERHEAD};
use super::super::partitioner::partition_for_key;
use super::{Action, Sim};

/// Errors a producer retries until `delivery.timeout.ms` (`RetriableException`s).
fn retriable(code: ErrorCode) -> bool {
    matches!(
        code,
        ErrorCode::NotEnoughReplicas
            | ErrorCode::NotEnoughReplicasAfterAppend
            | ErrorCode::NotLeaderOrFollower
            | ErrorCode::LeaderNotAvailable
            | ErrorCode::RequestTimedOut
            | ErrorCode::NetworkException
            | ErrorCode::UnknownTopicOrPartition
            | ErrorCode::ConcurrentTransactions
    )
}

impl Sim {
    pub(super) fn send(&mut self, producer: ProducerId, topic: &str, partition: Option<u32>, mut record: NewRecord) -> KafkaResult<Reply> {
        let cfg = self.producer(producer)?.config.clone();
        let size = record_size(0, 0, record.key.as_ref().map(Vec::len), record.value.as_ref().map(Vec::len), &record.headers)
            + RECORD_BATCH_OVERHEAD;
        if size > cfg.max_request_size {
            return Err(KafkaError::new(
                ErrorCode::MessageTooLarge,
                format!("The message is {size} bytes when serialized which is larger than {}, which is the value of the max.request.size configuration.", cfg.max_request_size),
            ));
        }
        if !self.st.topics.contains_key(topic) {
            crate::engine::topic_name::validate(topic)?;
            if !self.st.config.auto_create_topics_enable {
                return Err(KafkaError::new(
                    ErrorCode::UnknownTopicOrPartition,
                    format!("Topic {topic} not present in metadata after 60000 ms."),
                ));
            }
            // the broker creates it on the producer's metadata request (auto.create.topics.enable)
            self.create_topic(topic, None, None, &[])?;
        }
        let t = &self.st.topics[topic];
        let n = t.partitions.len() as u32;
        let name = t.name.clone();
        let available: Vec<u32> = t.partitions.iter().filter(|p| p.leader.is_some()).map(|p| p.index).collect();
        let p = match (partition, &record.key) {
            (Some(p), _) if p >= n => {
                return Err(KafkaError::new(
                    ErrorCode::IllegalArgument,
                    format!("Invalid partition given with record: {p} is not in the range [0...{n})."),
                ));
            }
            (Some(p), _) => p,
            // `RoundRobinPartitioner.partition`: the topic's next available partition, or
            // the next of all when none is available; keys play no part
            (None, _) if cfg.partitioner == PartitionerClass::RoundRobin => {
                let prod = self.st.producers.get_mut(&producer).expect("checked above");
                let next = prod.round_robin.entry(name.clone()).or_insert(0);
                let turn = *next;
                *next = next.wrapping_add(1);
                let turn = turn & (i32::MAX as u32);
                if available.is_empty() {
                    turn % n
                } else {
                    available[(turn % available.len() as u32) as usize]
                }
            }
            (None, Some(k)) if !cfg.partitioner_ignore_keys => partition_for_key(k, n),
            _ => {
                let rng = &mut self.st.rng;
                let prod = self.st.producers.get_mut(&producer).expect("checked above");
                prod.sticky.entry(name.clone()).or_default().partition(n, &available, rng)
            }
        };
        record.timestamp = Some(record.timestamp.unwrap_or(self.st.now));
        let now = self.st.now;
        // a record that does not fit the open batch closes it first
        let full_before = {
            let prod = &self.st.producers[&producer];
            prod.open
                .get(&(name.clone(), p))
                .is_some_and(|b| !b.records.is_empty() && b.bytes + size - RECORD_BATCH_OVERHEAD > cfg.batch_size)
        };
        if full_before {
            self.ship(producer, &name, p);
        }
        let prod = self.st.producers.get_mut(&producer).expect("checked above");
        let batch = prod.open.entry((name.clone(), p)).or_insert_with(|| OpenBatch {
            records: Vec::new(),
            bytes: RECORD_BATCH_OVERHEAD,
            created_ms: now,
        });
        batch.bytes += size - RECORD_BATCH_OVERHEAD;
        batch.records.push(record);
        let full = batch.bytes >= cfg.batch_size;
        if partition.is_none()
            && cfg.partitioner == PartitionerClass::BuiltIn
            && (record_key_is_none_or_ignored(&prod.open[&(name.clone(), p)], cfg.partitioner_ignore_keys))
        {
            let rng = &mut self.st.rng;
            if let Some(s) = prod.sticky.get_mut(&name) {
                s.on_append(size - RECORD_BATCH_OVERHEAD, cfg.batch_size, full, n, &available, rng);
            }
        }
        if full {
            self.ship(producer, &name, p);
        } else if !prod.drain_scheduled {
            prod.drain_scheduled = true;
            self.schedule(cfg.linger_ms, Action::Drain { producer });
        }
        Ok(Reply::Queued { partition: p })
    }

    /// Sends every open batch of the producer (the sender thread after `linger.ms`).
    pub(super) fn drain(&mut self, producer: ProducerId) {
        let keys: Vec<_> = self.st.producers.get(&producer).map(|p| p.open.keys().cloned().collect()).unwrap_or_default();
        for (t, p) in keys {
            self.ship(producer, &t, p);
        }
    }

    /// Closes the open batch for (topic, partition) and sends it.
    fn ship(&mut self, producer: ProducerId, topic: &Rc<str>, partition: u32) {
        let now = self.st.now;
        let Some(prod) = self.st.producers.get_mut(&producer) else { return };
        let Some(batch) = prod.open.remove(&(topic.clone(), partition)) else { return };
        let id = prod.next_batch_id;
        prod.next_batch_id += 1;
        let txn = prod.txn.as_ref().map(|c| (c.transactional_id.clone(), c.producer_id, c.epoch));
        prod.in_flight.insert(
            id,
            InFlightBatch {
                topic: topic.clone(),
                partition,
                records: batch.records,
                bytes: batch.bytes,
                attempt: 0,
                created_ms: now,
                request_deadline: None,
                txn,
            },
        );
        self.send_batch(producer, id);
    }

    /// One attempt at sending an in-flight batch to the partition's current leader.
    pub(super) fn send_batch(&mut self, producer: ProducerId, batch: u64) {
        let now = self.st.now;
        let Some(prod) = self.st.producers.get_mut(&producer) else { return };
        let Some(b) = prod.in_flight.get_mut(&batch) else { return };
        // a batch waiting to be (re)sent past delivery.timeout.ms expires in the
        // accumulator (`RecordAccumulator.expiredBatches`, KIP-91) with a TimeoutException
        let waited = now - b.created_ms;
        if waited >= prod.config.delivery_timeout_ms {
            let (topic, partition, n) = (b.topic.clone(), b.partition, b.records.len() as u32);
            let records = b.records.iter().map(NewRecord::sizes).collect();
            prod.in_flight.remove(&batch);
            prod.failed_records += n as u64;
            let message = format!("Expiring {n} record(s) for {topic}-{partition}:{waited} ms has passed since batch creation");
            self.emit(Event::ProduceFailed {
                producer,
                topic,
                partition,
                records,
                error: ErrorCode::RequestTimedOut,
                message: message.clone(),
            });
            self.on_txn_produce_failed(producer, ErrorCode::RequestTimedOut, &message);
            return;
        }
        let (topic, partition, records, bytes) = (b.topic.clone(), b.partition, b.records.len() as u32, b.bytes);
        let acks = prod.config.acks;
        let timeout = prod.config.request_timeout_ms;
        let backoff = prod.config.retry_backoff_ms;
        if !self.st.topics.contains_key(&topic) && self.st.config.auto_create_topics_enable {
            // the topic was deleted under the batch: the Sender asks for metadata of the
            // topics it has batches for (`Sender.sendProducerData`, unknown leader
            // topics), and the broker creates a topic such a request names again, as it
            // does for `send` (a failure leaves the batch to wait and expire)
            let _ = self.create_topic(&topic, None, None, &[]);
        }
        let leader = self.partition(&topic, partition).and_then(|p| p.leader);
        // A crashed broker is a dead process (`kafkascope broker stop N`): the controller
        // keeps it as the leader until it fences it (broker.session.timeout.ms), and the
        // producer's connection to it is refused at once (`NetworkClient.ready` is false),
        // as the group coordinator lookup and the fetches see it at once too.
        let leader = leader.filter(|l| self.broker_alive(*l));
        let Some(leader) = leader else {
            // `RecordAccumulator.ready`: a partition with no known leader (none elected,
            // or the topic or partition gone) or no connection to it is not drained. Its
            // batches wait in the accumulator, sending nothing and spending no retry, while
            // the producer refreshes its metadata every retry.backoff.ms, until a reachable
            // leader appears or delivery.timeout.ms expires them (checked above)
            self.schedule(backoff, Action::RetrySend { producer, batch });
            return;
        };
        let Some(b) = self.st.producers.get_mut(&producer).and_then(|p| p.in_flight.get_mut(&batch)) else { return };
        b.attempt += 1;
        let attempt = b.attempt;
        self.emit(Event::BatchSent { producer, topic: topic.clone(), partition, broker: leader, records, bytes, attempt });
        let d = self.delay();
        self.schedule(d, Action::ProduceArrive { producer, batch, attempt, broker: leader });
        if acks == Acks::Zero {
            // fire and forget: the producer counts it as sent, offsets unknown
            self.emit(Event::ProduceAcked { producer, topic, partition, first_offset: -1, last_offset: -1 });
            if let Some(p) = self.st.producers.get_mut(&producer) {
                p.acked_records += records as u64;
            }
        } else {
            let deadline = self.st.now + timeout.max(0);
            let Some(p) = self.st.producers.get_mut(&producer) else { return };
            if let Some(b) = p.in_flight.get_mut(&batch) {
                b.request_deadline = Some(deadline);
            }
            // every request of a producer has the same timeout, so a check already due
            // comes before this deadline
            if p.request_timeout_check.is_none() {
                p.request_timeout_check = Some(deadline);
                self.schedule(timeout, Action::RequestTimeoutCheck { producer });
            }
        }
    }

    /// The producer's expiry check (`NetworkClient.handleTimedOutRequests`): each request
    /// unanswered `request.timeout.ms` after it was sent fails with REQUEST_TIMED_OUT (a
    /// disconnect), in the order they were sent; then the check waits for the next deadline.
    pub(super) fn on_request_timeout_check(&mut self, producer: ProducerId) {
        let now = self.st.now;
        let Some(p) = self.st.producers.get_mut(&producer) else { return };
        p.request_timeout_check = None;
        let expired: Vec<(u64, u32)> =
            p.in_flight.iter().filter(|(_, b)| b.request_deadline.is_some_and(|d| d <= now)).map(|(id, b)| (*id, b.attempt)).collect();
        for (batch, attempt) in expired {
            // Sender.handleProduceResponse (wasTimedOut): REQUEST_TIMED_OUT "Disconnected
            // from node N due to timeout", N the node the request went to (the partition's
            // leader here)
            let node = self
                .st
                .producers
                .get(&producer)
                .and_then(|p| p.in_flight.get(&batch))
                .and_then(|b| self.partition(&b.topic, b.partition))
                .and_then(|p| p.leader)
                .unwrap_or(-1);
            let message = format!("Disconnected from node {node} due to timeout");
            self.on_produce_response(producer, batch, attempt, Err((ErrorCode::RequestTimedOut, message)));
        }
        let Some(p) = self.st.producers.get_mut(&producer) else { return };
        if p.request_timeout_check.is_none() {
            if let Some(next) = p.in_flight.values().filter_map(|b| b.request_deadline).min() {
                p.request_timeout_check = Some(next);
                self.schedule(next - now, Action::RequestTimeoutCheck { producer });
            }
        }
    }

    pub(super) fn on_produce_arrive(&mut self, producer: ProducerId, batch: u64, attempt: u32, broker: BrokerId) {
        if !self.broker_alive(broker) {
            // the broker's process died with the request on its way: the connection is
            // reset and the request fails at once (`Sender.handleProduceResponse`, a
            // disconnected response), a retriable NETWORK_EXCEPTION
            let d = self.delay();
            let result = Err((ErrorCode::NetworkException, format!("Disconnected from node {broker}")));
            self.schedule(d, Action::ProduceResponse { producer, batch, attempt, result });
            return;
        }
        let Some(prod) = self.st.producers.get(&producer) else { return };
        let Some(b) = prod.in_flight.get(&batch) else { return };
        let acks = prod.config.acks;
        let idempotence = prod.config.enable_idempotence.then_some((producer, batch));
        let (topic, partition) = (b.topic.clone(), b.partition);
        let records = b.records.clone();
        let txn = b.txn.clone();
        let result = match txn {
            // KIP-890: the leader has the coordinator add the partition (and check the epoch) first
            Some((tid, pid, epoch)) => self
                .txn_add_partition(&tid, pid, epoch, &topic, partition)
                .map_err(|c| (c, c.default_message().to_string()))
                .and_then(|_| self.leader_append(&topic, partition, broker, &records, acks, idempotence, Some((pid, epoch)))),
            None => self.leader_append(&topic, partition, broker, &records, acks, idempotence, None),
        };
        let result = match result {
            Ok((first, last, committed)) if acks == Acks::All && !committed => {
                // the produce purgatory: answered when the high watermark passes `last`
                let part = &mut self.st.topics.get_mut(&topic).expect("appended above").partitions[partition as usize];
                part.pending_acks.push(PendingAck { producer, batch, attempt, first_offset: first, last_offset: last });
                self.maybe_advance_high_watermark(&topic, partition);
                return;
            }
            Ok((first, last, _)) => Ok((first, last)),
            Err(e) => Err(e),
        };
        if acks == Acks::Zero {
            if let Some(p) = self.st.producers.get_mut(&producer) {
                p.in_flight.remove(&batch);
            }
        } else {
            let d = self.delay();
            self.schedule(d, Action::ProduceResponse { producer, batch, attempt, result });
        }
    }

    /// The leader's side of a produce request (`ReplicaManager.appendRecords` →
    /// `Partition.appendRecordsToLeader`): checks leadership and `min.insync.replicas`,
    /// drops a retried batch it already has (idempotence), appends, and wakes the
    /// followers. Returns the offsets and whether the high watermark already covers them.
    #[allow(clippy::too_many_arguments)]
    fn leader_append(
        &mut self,
        topic: &Rc<str>,
        partition: u32,
        broker: BrokerId,
        records: &[NewRecord],
        acks: Acks,
        idempotence: Option<(ProducerId, u64)>,
        txn: Option<(i64, i16)>,
    ) -> Result<(i64, i64, bool), (ErrorCode, String)> {
        let now = self.st.now;
        let own = self.per_broker_log_defaults();
        let Some(t) = self.st.topics.get_mut(topic) else {
            return Err((ErrorCode::UnknownTopicOrPartition, ErrorCode::UnknownTopicOrPartition.default_message().into()));
        };
        // the leader's log config: its own dynamic log configs count (broker_config.rs)
        let cfg = super::broker_config::replica_config(&t.config, &own, broker);
        let cfg = &*cfg;
        let Some(part) = t.partitions.get_mut(partition as usize) else {
            return Err((ErrorCode::UnknownTopicOrPartition, ErrorCode::UnknownTopicOrPartition.default_message().into()));
        };
        if part.leader != Some(broker) {
            return Err((ErrorCode::NotLeaderOrFollower, ErrorCode::NotLeaderOrFollower.default_message().into()));
        }
        // `Partition.effectiveMinIsr` (Kafka 4.x): min.insync.replicas, at most the
        // replication factor
        let min_isr = super::replication::effective_min_isr(cfg.min_insync_replicas, part);
        if acks == Acks::All && part.isr.len() < min_isr {
            let msg = format!(
                // Partition.scala prints the ISR as a Scala Set: `Set(1, 2)`
                "The size of the current ISR Set({}) is insufficient to satisfy the min.isr requirement of {min_isr} for partition {topic}-{partition}",
                part.isr.iter().map(|b| b.to_string()).collect::<Vec<_>>().join(", "),
            );
            return Err((ErrorCode::NotEnoughReplicas, msg));
        }
        let hw = part.high_watermark();
        let leader = part.replica_mut(broker).expect("the leader hosts a replica");
        if let Some((producer, sequence)) = idempotence {
            if let Some(prev) = leader.producer_state.iter().find(|s| s.producer == producer && s.sequence == sequence) {
                // a retry of a batch already written: answer with its offsets, write nothing
                return Ok((prev.first_offset, prev.last_offset, hw > prev.last_offset));
            }
        }
        let info = match txn {
            Some((producer_id, epoch)) => {
                let bp = super::super::log::BatchProducer { producer_id, epoch, transactional: true };
                leader.log.append_producer_batch(records, now, cfg, bp)
            }
            None => leader.log.append_batch(records, now, cfg),
        }
        .map_err(|e| (e.code, e.message))?;
        if let Some((producer, sequence)) = idempotence {
            // `ProducerStateEntry.NUM_BATCHES_TO_RETAIN`: the last five batches per producer
            if leader.producer_state.iter().filter(|s| s.producer == producer).count() >= 5 {
                if let Some(i) = leader.producer_state.iter().position(|s| s.producer == producer) {
                    leader.producer_state.remove(i);
                }
            }
            leader.producer_state.push(ProducerBatchRecord {
                producer,
                sequence,
                first_offset: info.first_offset,
                last_offset: info.last_offset,
            });
        }
        if let Some(base) = info.rolled {
            self.emit(Event::SegmentRolled { topic: topic.clone(), partition, broker, base_offset: base });
        }
        let producer = idempotence.map(|(p, _)| p);
        self.emit(Event::RecordsAppended {
            topic: topic.clone(),
            partition,
            broker,
            first_offset: info.first_offset,
            last_offset: info.last_offset,
            producer,
        });
        self.wake_parked_fetches(topic, partition);
        self.maybe_advance_high_watermark(topic, partition);
        let hw = self.st.topics[topic].partitions[partition as usize].high_watermark();
        Ok((info.first_offset, info.last_offset, hw > info.last_offset))
    }

    /// Appends a batch straight to a partition's leader, as a produce request with
    /// `acks=1` from a client outside the simulation would (load generators, benchmarks).
    /// Returns the first and last offsets.
    pub fn produce_batch(&mut self, topic: &str, partition: u32, records: &[NewRecord]) -> KafkaResult<(i64, i64)> {
        let t = self
            .st
            .topics
            .get(topic)
            .ok_or_else(|| KafkaError::new(ErrorCode::UnknownTopicOrPartition, format!("Topic {topic} not present in metadata.")))?;
        let name = t.name.clone();
        let leader = t
            .partitions
            .get(partition as usize)
            .ok_or_else(|| KafkaError::new(ErrorCode::UnknownTopicOrPartition, format!("Partition {topic}-{partition} does not exist.")))?
            .leader
            .filter(|l| self.broker_alive(*l))
            .ok_or_else(|| KafkaError::of(ErrorCode::LeaderNotAvailable))?;
        self.leader_append(&name, partition, leader, records, Acks::One, None, None)
            .map(|(f, l, _)| (f, l))
            .map_err(|(c, m)| KafkaError::new(c, m))
    }

    pub(super) fn on_produce_response(
        &mut self,
        producer: ProducerId,
        batch: u64,
        attempt: u32,
        result: Result<(i64, i64), (ErrorCode, String)>,
    ) {
        let now = self.st.now;
        let Some(prod) = self.st.producers.get_mut(&producer) else { return };
        let Some(b) = prod.in_flight.get_mut(&batch) else { return };
        // an answer to an attempt already given up on: a later attempt was sent, or this
        // one timed out (`NetworkClient.handleTimedOutRequests` closes the connection, so
        // the late answer is never read), and its retry waits in the accumulator
        if b.attempt != attempt || b.request_deadline.is_none() {
            return;
        }
        // the request is answered (or given up on): no longer due to time out
        b.request_deadline = None;
        let b = &*b;
        let (topic, partition, n) = (b.topic.clone(), b.partition, b.records.len() as u32);
        match result {
            Ok((first, last)) => {
                prod.in_flight.remove(&batch);
                prod.acked_records += n as u64;
                self.emit(Event::ProduceAcked { producer, topic, partition, first_offset: first, last_offset: last });
                self.maybe_end_txn(producer);
            }
            Err((code, message)) => {
                // `Sender.canRetry`: a retriable error is retried (at most `retries` times) until delivery.timeout.ms
                // has passed (then the broker's own error is the answer); the retry waits
                // retry.backoff.ms in the accumulator, where it may expire (`send_batch`)
                let within = now - b.created_ms < prod.config.delivery_timeout_ms;
                let retries_left = (b.attempt as i64 - 1) < i64::from(prod.config.retries);
                if retriable(code) && within && retries_left {
                    // `RecordAccumulator.shouldBackoff`: retry.backoff.ms doubling with each
                    // attempt up to retry.backoff.max.ms, with ±20% jitter from the seeded RNG
                    let attempts = b.attempt.saturating_sub(1);
                    let config = prod.config.clone();
                    let rng = &mut self.st.rng;
                    let backoff = config.retry_backoff(attempts, || 800_000 + rng.below(400_000));
                    // the Sender wakes for the batch's expiry too (`nextExpiryTimeMs`)
                    let until_expiry = b.created_ms + config.delivery_timeout_ms - now;
                    self.emit(Event::ProduceRetry { producer, topic, partition, error: code });
                    self.schedule(backoff.min(until_expiry), Action::RetrySend { producer, batch });
                } else {
                    let records = b.records.iter().map(NewRecord::sizes).collect();
                    prod.in_flight.remove(&batch);
                    prod.failed_records += n as u64;
                    self.emit(Event::ProduceFailed { producer, topic, partition, records, error: code, message: message.clone() });
                    self.on_txn_produce_failed(producer, code, &message);
                    self.maybe_end_txn(producer);
                }
            }
        }
    }
}

fn record_key_is_none_or_ignored(batch: &OpenBatch, ignore_keys: bool) -> bool {
    ignore_keys || batch.records.last().is_some_and(|r| r.key.is_none())
}
