//! Standalone consumers (`KafkaConsumer.assign`): positions, `auto.offset.reset`,
//! and fetches served by the leader up to the high watermark.
//!
//! Models `Fetcher`/`FetchCollector` and `SubscriptionState`
//! (clients/src/main/java/org/apache/kafka/clients/consumer/internals/). Group
//! membership and committed offsets belong to the group coordinator.

use std::rc::Rc;

use super::super::assignor::TopicPartition;
use super::super::client_config::OffsetReset;
use super::super::command::{ConsumerRecord, Reply};
use super::super::error::{ErrorCode, KafkaError, KafkaResult};
use super::super::event::Event;
use super::super::log::record::{record_size, RecordRef};
use super::{Action, Sim};

impl Sim {
    fn partition_key(&self, topic: &str, partition: u32) -> KafkaResult<Rc<str>> {
        let t = self
            .st
            .topics
            .get(topic)
            .ok_or_else(|| KafkaError::new(ErrorCode::UnknownTopicOrPartition, format!("Topic {topic} not present in metadata.")))?;
        if partition as usize >= t.partitions.len() {
            return Err(KafkaError::new(ErrorCode::UnknownTopicOrPartition, format!("Partition {topic}-{partition} does not exist.")));
        }
        Ok(t.name.clone())
    }

    /// Reads committed records (below the high watermark) from a partition's leader,
    /// starting at `offset`, as a fetch request does; `OFFSET_OUT_OF_RANGE` below the log
    /// start offset or above the log end offset, an empty read at the high watermark.
    pub fn fetch(&self, topic: &str, partition: u32, offset: i64) -> KafkaResult<impl Iterator<Item = RecordRef<'_>> + '_> {
        let name = self.partition_key(topic, partition)?;
        let part = &self.st.topics[&name].partitions[partition as usize];
        let leader =
            part.leader_replica().filter(|r| self.broker_alive(r.broker)).ok_or_else(|| KafkaError::of(ErrorCode::LeaderNotAvailable))?;
        leader.log.check_fetch_offset(offset)?;
        Ok(leader.log.read(offset, leader.high_watermark))
    }

    pub(super) fn assign(&mut self, consumer: u32, partitions: &[(String, u32)]) -> KafkaResult<Reply> {
        self.consumer(consumer)?;
        // a missing topic is created only when the assignment then holds (num.partitions
        // partitions), so a refused assign() changes nothing
        let default_partitions = self.st.config.num_partitions.max(1) as u32;
        let fits = partitions.iter().all(|(t, p)| self.st.topics.contains_key(t.as_str()) || *p < default_partitions);
        if fits {
            let topics: Vec<String> = partitions.iter().map(|(t, _)| t.clone()).collect();
            self.auto_create_topics(consumer, &topics);
        }
        let keys = partitions.iter().map(|(t, p)| self.partition_key(t, *p).map(|k| (k, *p))).collect::<KafkaResult<Vec<_>>>()?;
        let c = self.st.consumers.get_mut(&consumer).expect("checked above");
        c.positions.retain(|k, _| keys.contains(k));
        c.assignment = keys;
        Ok(Reply::Done)
    }

    /// A consumer's metadata request names topics that do not exist: with
    /// `auto.create.topics.enable` (and the consumer's `allow.auto.create.topics`, both true
    /// by default) the broker creates them with the cluster's defaults (KRaft's
    /// `AutoTopicCreationManager`, Kafka 4.3; the first response says
    /// UNKNOWN_TOPIC_OR_PARTITION, which the console tools log). A name Kafka would refuse
    /// is not created; a creation that fails leaves the topic missing. A consumer cut off
    /// from the cluster asks nothing.
    pub(super) fn auto_create_topics(&mut self, consumer: u32, topics: &[String]) {
        if !self.st.config.auto_create_topics_enable || self.st.consumers.get(&consumer).is_none_or(|c| c.disconnected) {
            return;
        }
        for t in topics {
            if !self.st.topics.contains_key(t.as_str()) && crate::engine::topic_name::validate(t).is_ok() {
                let _ = self.create_topic(t, None, None, &[]);
            }
        }
    }

    pub(super) fn seek(&mut self, consumer: u32, topic: &str, partition: u32, offset: i64) -> KafkaResult<Reply> {
        self.consumer(consumer)?;
        let key = (self.partition_key(topic, partition)?, partition);
        if offset < 0 {
            return Err(KafkaError::new(ErrorCode::IllegalArgument, format!("seek offset must not be a negative number: {offset}")));
        }
        let c = self.st.consumers.get_mut(&consumer).expect("checked above");
        // `KafkaConsumer.seek` works on the assigned partitions of either mode: `assign()`'s
        // or the group's (`SubscriptionState.assignedState` throws for any other)
        let owned = c.member.owned.iter().any(|tp| tp.topic == key.0 && tp.partition == key.1);
        if !c.assignment.contains(&key) && !owned {
            return Err(KafkaError::new(ErrorCode::IllegalArgument, format!("No current assignment for partition {topic}-{partition}")));
        }
        c.positions.insert(key, offset);
        Ok(Reply::Done)
    }

    /// Offset `auto.offset.reset` gives for a partition (`SubscriptionState.resetInitializingPositions`).
    /// With read_committed, "latest" is the last stable offset (ListOffsets at READ_COMMITTED).
    fn reset_offset(&self, topic: &str, partition: u32, policy: OffsetReset, read_committed: bool) -> Option<i64> {
        let p = self.partition(topic, partition)?;
        match policy {
            OffsetReset::Earliest => Some(p.log_start_offset()),
            OffsetReset::Latest if read_committed => Some(p.last_stable_offset()),
            OffsetReset::Latest => Some(p.high_watermark()),
            OffsetReset::None => None,
        }
    }

    /// `consumer.poll()` as a command: a standalone consumer reads now; a group member
    /// hands over what its poll loop delivered.
    pub(super) fn poll(&mut self, consumer: u32) -> KafkaResult<Reply> {
        let c = self.consumer(consumer)?;
        if c.group_id.is_some() && c.subscribed() {
            return Ok(Reply::Records(self.take_delivered(consumer)));
        }
        let parts = c.assignment.clone();
        let read = self.read_for(consumer, &parts)?;
        let out = self.apply_read(consumer, read);
        Ok(Reply::Records(out))
    }

    /// A group member's poll loop reads: records go to its inbox; records the group had
    /// already delivered are flagged as duplicates. Returns how many were read.
    pub(super) fn poll_partitions(&mut self, consumer: u32, parts: &[(Rc<str>, u32)]) -> KafkaResult<usize> {
        let read = self.read_for(consumer, parts)?;
        let out = self.apply_read(consumer, read);
        let n = out.len();
        if let Some(group) = self.st.consumers[&consumer].group_id.clone() {
            let mut dups = Vec::new();
            if let Some(g) = self.st.groups.get_mut(&group) {
                for r in &out {
                    let tp = TopicPartition::new(r.topic.as_str(), r.partition);
                    let seen = g.delivered.get(&tp).copied().unwrap_or(-1);
                    if r.record.offset <= seen {
                        match dups.last_mut() {
                            Some((t, p, _, last)) if *t == r.topic && *p == r.partition && *last + 1 == r.record.offset => {
                                *last = r.record.offset
                            }
                            _ => dups.push((r.topic.clone(), r.partition, r.record.offset, r.record.offset)),
                        }
                    } else {
                        g.delivered.insert(tp, r.record.offset);
                    }
                }
            }
            for (topic, partition, first_offset, last_offset) in dups {
                let topic = self.st.topics.get(topic.as_str()).map_or_else(|| Rc::from(topic.as_str()), |t| t.name.clone());
                self.emit(Event::DuplicateDelivery { group: group.clone(), consumer, topic, partition, first_offset, last_offset });
            }
        }
        let c = self.st.consumers.get_mut(&consumer).expect("exists");
        c.delivered_records += n as u64;
        c.inbox.extend(out);
        const INBOX_CAP: usize = 100_000;
        if c.inbox.len() > INBOX_CAP {
            let extra = c.inbox.len() - INBOX_CAP;
            c.inbox.drain(..extra);
        }
        Ok(n)
    }

    /// `fetch.min.bytes` and `fetch.max.wait.ms`: the partition leader holds a fetch that
    /// finds fewer bytes than `fetch.min.bytes` until enough have arrived or
    /// `fetch.max.wait.ms` has passed (Kafka's `DelayedFetch` in the fetch purgatory,
    /// `ReplicaManager.fetchMessages`). True while the consumer's fetch waits: it is woken
    /// by each append to check again (as `tryCompleteElse` does), and polled at the
    /// deadline. Simplified: the bytes are the records' own sizes
    /// (`DefaultRecord.sizeInBytes`, no batch headers), and the wait starts when the first
    /// records are there (with none, the consumer waits for records as before, however
    /// long that takes, where Kafka answers an empty fetch after `fetch.max.wait.ms` and
    /// the consumer sends the next one).
    pub(super) fn fetch_waits(&mut self, consumer: u32, parts: &[(Rc<str>, u32)]) -> bool {
        let now = self.st.now;
        let c = &self.st.consumers[&consumer];
        let (min, max_wait) = (c.config.fetch_min_bytes, c.config.fetch_max_wait_ms);
        let since = c.fetch_wait_since.unwrap_or(now);
        let bytes = if min > 1 { self.fetchable_bytes(consumer, parts) } else { 0 };
        let c = self.st.consumers.get_mut(&consumer).expect("exists");
        if min <= 1 || bytes == 0 || bytes >= min as u64 || now - since >= max_wait {
            c.fetch_wait_since = None;
            return false;
        }
        c.fetch_wait_since = Some(since);
        c.poll_generation += 1;
        c.waiting = true; // `wake_consumers` polls it again when records arrive
        let generation = c.poll_generation;
        let deadline = since + max_wait - now;
        self.schedule(deadline, Action::ConsumerPoll { consumer, generation });
        // the application's poll() loop keeps auto-committing while the fetch waits
        if let Some(due) = self.auto_commit_due(consumer).filter(|d| *d < deadline) {
            self.schedule(due, Action::ConsumerPoll { consumer, generation });
        }
        true
    }

    /// The bytes a fetch by `consumer` would find now on `parts`: its records from each
    /// position to the high watermark (the last stable offset under read_committed).
    fn fetchable_bytes(&self, consumer: u32, parts: &[(Rc<str>, u32)]) -> u64 {
        let c = &self.st.consumers[&consumer];
        let mut bytes = 0;
        for (topic, partition) in parts {
            let Some(part) = self.partition(topic, *partition) else { continue };
            let Some(leader) = part.leader_replica().filter(|r| self.broker_alive(r.broker)) else { continue };
            // no position yet: the reset decides where the fetch starts, so do not hold it
            let Some(&pos) = c.positions.get(&(topic.clone(), *partition)) else { return u64::MAX };
            for r in leader.log.read(pos.max(leader.log.log_start_offset()), leader.fetch_limit(c.config.read_committed)) {
                bytes += record_size(0, 0, r.key.map(<[u8]>::len), r.value.map(<[u8]>::len), &[]);
            }
        }
        bytes
    }

    /// Applies what [`Sim::read_for`] found; returns the records.
    fn apply_read(&mut self, consumer: u32, read: Read) -> Vec<ConsumerRecord> {
        let cm = self.st.consumers.get_mut(&consumer).expect("checked above");
        for (k, p) in read.positions {
            cm.positions.insert(k, p);
        }
        if read.unknown_partition && cm.group_id.is_some() && !cm.uses_consumer_protocol() {
            // a classic member's heartbeat thread does the refresh (`on_heartbeat_tick`);
            // a consumer-protocol group's coordinator follows the metadata itself
            cm.member.metadata_update_requested = true;
        }
        for e in read.events {
            self.emit(e);
        }
        read.records
    }

    /// Reads up to `max.poll.records` from the partitions' leaders, below the high
    /// watermark, resetting positions by `auto.offset.reset` where needed. A partition
    /// that does not exist (its topic deleted, or created again with fewer partitions)
    /// gives nothing and is noted: Kafka's fetch gets UNKNOWN_TOPIC_OR_PARTITION for it.
    /// Changes nothing.
    fn read_for(&self, consumer: u32, parts: &[(Rc<str>, u32)]) -> KafkaResult<Read> {
        let c = &self.st.consumers[&consumer];
        let mut unknown_partition = false;
        let mut budget = c.config.max_poll_records;
        let mut out = Vec::new();
        let mut new_positions = Vec::new();
        let mut events = Vec::new();
        let policy = c.config.auto_offset_reset;
        let rc = c.config.read_committed;
        // start at a different partition each poll, so none starves (the fetcher's round robin)
        let rotate = (c.poll_generation as usize) % parts.len().max(1);
        for (topic, partition) in parts.iter().cycle().skip(rotate).take(parts.len()) {
            let key = (topic.clone(), *partition);
            // the topic may have been deleted (and re-created with fewer partitions) since
            let Some(part) = self.partition(topic, *partition) else {
                unknown_partition = true;
                continue;
            };
            let Some(leader) = part.leader_replica().filter(|r| self.broker_alive(r.broker)) else { continue };
            let mut pos = match c.positions.get(&key) {
                Some(p) => *p,
                None => match self.reset_offset(topic, *partition, policy, rc) {
                    Some(o) => o,
                    None => {
                        return Err(KafkaError::new(
                            ErrorCode::NoOffsetForPartition,
                            format!("Undefined offset with no reset policy for partitions: [{topic}-{partition}]"),
                        ));
                    }
                },
            };
            if leader.log.check_fetch_offset(pos).is_err() {
                let Some(to) = self.reset_offset(topic, *partition, policy, rc) else {
                    return Err(KafkaError::new(
                        ErrorCode::OffsetOutOfRange,
                        format!("Offsets out of range with no configured reset policy for partitions: {{{topic}-{partition}={pos}}}"),
                    ));
                };
                events.push(Event::OffsetReset {
                    consumer,
                    topic: topic.clone(),
                    partition: *partition,
                    from_offset: pos,
                    to_offset: to,
                    policy: policy.name().into(),
                });
                pos = to;
            }
            let start = out.len();
            // read_committed: up to the last stable offset, without aborted records (issue 18)
            let limit = leader.fetch_limit(rc);
            let records: Box<dyn Iterator<Item = RecordRef<'_>>> =
                if rc { Box::new(leader.log.read_committed(pos, limit)) } else { Box::new(leader.log.read(pos, limit)) };
            for r in records.take(budget) {
                out.push(ConsumerRecord { topic: topic.to_string(), partition: *partition, record: r.to_owned_record() });
                pos = r.offset + 1;
            }
            let n = out.len() - start;
            if n < budget && !leader.log.txn_index().is_empty() {
                // the consumer moves past the control records and aborted batches it skipped
                pos = pos.max(limit);
            }
            budget -= n;
            if n > 0 {
                events.push(Event::RecordsFetched {
                    consumer,
                    topic: topic.clone(),
                    partition: *partition,
                    first_offset: out[start].record.offset,
                    last_offset: pos - 1,
                });
            }
            new_positions.push((key, pos));
            if budget == 0 {
                break;
            }
        }
        Ok(Read { records: out, positions: new_positions, events, unknown_partition })
    }
}

/// What a consumer's fetch found, before it is applied.
struct Read {
    records: Vec<ConsumerRecord>,
    positions: Vec<((Rc<str>, u32), i64)>,
    events: Vec<Event>,
    /// a partition asked for does not exist
    unknown_partition: bool,
}
