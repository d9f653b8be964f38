//! Standalone consumers (`KafkaConsumer.assign`): positions, `auto.offset.reset`,
//! and fetches served by the leader up to the high watermark.
//!
//! Models `Fetcher`/`FetchCollector` and `SubscriptionState`
//! (clients/src/main/java/org/apache/kafka/clients/consumer/internals/). Group
//! membership and committed offsets belong to the group coordinator.

use std::rc::Rc;

use super::super::client_config::OffsetReset;
use super::super::command::{ConsumerRecord, Reply};
use super::super::error::{ErrorCode, KafkaError, KafkaResult};
use super::super::event::Event;
use super::super::log::record::RecordRef;
use super::Sim;

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
        let keys = partitions.iter().map(|(t, p)| self.partition_key(t, *p).map(|k| (k, *p))).collect::<KafkaResult<Vec<_>>>()?;
        let c = self.st.consumers.get_mut(&consumer).expect("checked above");
        c.positions.retain(|k, _| keys.contains(k));
        c.assignment = keys;
        Ok(Reply::Done)
    }

    pub(super) fn seek(&mut self, consumer: u32, topic: &str, partition: u32, offset: i64) -> KafkaResult<Reply> {
        self.consumer(consumer)?;
        let key = (self.partition_key(topic, partition)?, partition);
        if offset < 0 {
            return Err(KafkaError::new(ErrorCode::IllegalArgument, format!("seek offset must not be a negative number: {offset}")));
        }
        let c = self.st.consumers.get_mut(&consumer).expect("checked above");
        if !c.assignment.contains(&key) {
            return Err(KafkaError::new(ErrorCode::IllegalArgument, format!("No current assignment for partition {topic}-{partition}")));
        }
        c.positions.insert(key, offset);
        Ok(Reply::Done)
    }

    /// Offset `auto.offset.reset` gives for a partition (`SubscriptionState.resetInitializingPositions`).
    fn reset_offset(&self, topic: &str, partition: u32, policy: OffsetReset) -> Option<i64> {
        let p = &self.st.topics.get(topic)?.partitions[partition as usize];
        match policy {
            OffsetReset::Earliest => Some(p.log_start_offset()),
            OffsetReset::Latest => Some(p.high_watermark()),
            OffsetReset::None => None,
        }
    }

    pub(super) fn poll(&mut self, consumer: u32) -> KafkaResult<Reply> {
        let c = self.consumer(consumer)?.clone();
        let mut budget = c.config.max_poll_records;
        let mut out = Vec::new();
        let mut new_positions = Vec::new();
        let mut events = Vec::new();
        let policy = c.config.auto_offset_reset;
        for (topic, partition) in &c.assignment {
            let key = (topic.clone(), *partition);
            let Some(t) = self.st.topics.get(topic) else { continue };
            let part = &t.partitions[*partition as usize];
            let Some(leader) = part.leader_replica().filter(|r| self.broker_alive(r.broker)) else { continue };
            let mut pos = match c.positions.get(&key) {
                Some(p) => *p,
                None => match self.reset_offset(topic, *partition, policy) {
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
                let Some(to) = self.reset_offset(topic, *partition, policy) else {
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
            let hw = leader.high_watermark;
            let start = out.len();
            for r in leader.log.read(pos, hw).take(budget) {
                out.push(ConsumerRecord { topic: topic.to_string(), partition: *partition, record: r.to_owned_record() });
                pos = r.offset + 1;
            }
            let n = out.len() - start;
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
        let cm = self.st.consumers.get_mut(&consumer).expect("checked above");
        for (k, p) in new_positions {
            cm.positions.insert(k, p);
        }
        for e in events {
            self.emit(e);
        }
        Ok(Reply::Records(out))
    }
}
