//! What admin tools ask of groups and offsets: `kafka-consumer-groups.sh --describe`,
//! `--reset-offsets`, `--delete`, and `kafka-get-offsets.sh` (ListOffsets). Also the
//! coordinator's expiry of committed offsets (`offsets.retention.minutes`).
//!
//! Groups of both protocols are served. A classic group is described as
//! `DescribeGroups` sees it (members' assignments only while Stable); a consumer-protocol
//! group as `ConsumerGroupDescribe` does (group epoch as the generation, the assignor the
//! group uses as the protocol, each member's epoch, current and target assignment).
//!
//! Simplification: a classic group's offsets expire `offsets.retention.minutes` after it
//! became Empty; a consumer-protocol group's, once it is Empty, that long after each
//! offset's commit (Kafka's `OffsetExpirationCondition` for each kind). An Empty group left
//! without offsets is deleted.

use std::rc::Rc;

use serde::Serialize;

use super::super::assignor::ServerAssignor;
use super::super::assignor::TopicPartition;
use super::super::command::Reply;
use super::super::error::{ErrorCode, KafkaError, KafkaResult};
use super::super::event::{BrokerId, Event};
use super::super::group::{coordinator_partition, GroupState, GroupType, OFFSETS_TOPIC};
use super::super::log::record::NewRecord;
use super::super::map::Set;
use super::Sim;

/// Which offset ListOffsets returns (`OffsetSpec`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum OffsetSpec {
    /// `--time -2`: the log start offset
    Earliest,
    /// `--time -1`: the high watermark (read_uncommitted)
    Latest,
    /// the first offset whose timestamp is at or after this time (ms), if any
    Timestamp(i64),
    /// `--time -3`: the offset of the (first) record with the largest timestamp, if any
    MaxTimestamp,
}

/// One row of `kafka-consumer-groups.sh --describe` (offsets view).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PartitionLag {
    pub topic: Rc<str>,
    pub partition: u32,
    pub committed: Option<i64>,
    /// the committed offset's leader epoch (`OffsetAndMetadata.leaderEpoch`)
    pub leader_epoch: Option<i32>,
    /// LOG-END-OFFSET as the tool prints it: the high watermark
    pub log_end_offset: i64,
    pub lag: Option<i64>,
    pub member_id: Option<String>,
    pub client_id: Option<String>,
    pub host: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct MemberDescription {
    pub member_id: String,
    pub instance_id: Option<String>,
    pub client_id: String,
    pub host: String,
    pub assignment: Vec<TopicPartition>,
    pub consumer: u32,
    /// consumer protocol: the member's epoch (`None` for classic members)
    pub member_epoch: Option<i32>,
    /// consumer protocol: where the member's assignment is heading
    pub target_assignment: Option<Vec<TopicPartition>>,
}

/// What `DescribeConsumerGroups` and `ListConsumerGroupOffsets` return for a group.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct GroupDescription {
    pub group_id: Rc<str>,
    pub group_type: GroupType,
    pub state: GroupState,
    /// the generation (classic) or the group epoch (consumer protocol)
    pub generation_id: i32,
    /// consumer protocol: the target assignment's epoch
    pub assignment_epoch: Option<i32>,
    /// the assignor: chosen by vote (classic), or the server-side assignor in use
    pub protocol: Option<String>,
    pub leader: Option<String>,
    pub coordinator: Option<BrokerId>,
    pub members: Vec<MemberDescription>,
    pub offsets: Vec<PartitionLag>,
}

impl Sim {
    /// ListOffsets against the partition's leader.
    pub fn list_offset(&self, topic: &str, partition: u32, spec: OffsetSpec) -> KafkaResult<Option<i64>> {
        let t = self.st.topics.get(topic).ok_or_else(|| KafkaError::of(ErrorCode::UnknownTopicOrPartition))?;
        let p = t.partitions.get(partition as usize).ok_or_else(|| KafkaError::of(ErrorCode::UnknownTopicOrPartition))?;
        let leader =
            p.leader_replica().filter(|r| self.broker_alive(r.broker)).ok_or_else(|| KafkaError::of(ErrorCode::LeaderNotAvailable))?;
        Ok(match spec {
            OffsetSpec::Earliest => Some(leader.log.log_start_offset()),
            OffsetSpec::Latest => Some(leader.high_watermark),
            OffsetSpec::Timestamp(ts) => {
                leader.log.read(leader.log.log_start_offset(), leader.high_watermark).find(|r| r.timestamp >= ts).map(|r| r.offset)
            }
            OffsetSpec::MaxTimestamp => {
                let mut best: Option<(i64, i64)> = None;
                for r in leader.log.read(leader.log.log_start_offset(), leader.high_watermark) {
                    if best.is_none_or(|(ts, _)| r.timestamp > ts) {
                        best = Some((r.timestamp, r.offset));
                    }
                }
                best.map(|(_, o)| o)
            }
        })
    }

    /// A group as `kafka-consumer-groups.sh --describe` sees it; `None` if unknown.
    pub fn describe_group(&self, group_id: &str) -> Option<GroupDescription> {
        if let Some(g) = self.st.consumer_groups.get(group_id) {
            let members: Vec<MemberDescription> = g
                .members
                .iter()
                .map(|m| MemberDescription {
                    member_id: m.member_id.clone(),
                    instance_id: m.instance_id.clone(),
                    client_id: m.client_id.clone(),
                    host: m.client_host.clone(),
                    assignment: m.assigned.clone(),
                    consumer: m.consumer,
                    member_epoch: Some(m.member_epoch),
                    target_assignment: Some(g.target_of(&m.member_id).to_vec()),
                })
                .collect();
            let offsets = self.lag_rows(&members, &g.offsets);
            let assignor = g.preferred_assignor().unwrap_or_else(|| ServerAssignor::ALL[0].name().to_string());
            return Some(GroupDescription {
                group_id: g.group_id.clone(),
                group_type: GroupType::Consumer,
                state: g.state,
                generation_id: g.group_epoch,
                assignment_epoch: Some(g.assignment_epoch),
                protocol: Some(assignor),
                leader: None,
                coordinator: self.coordinator_for(group_id),
                members,
                offsets,
            });
        }
        let g = self.st.groups.get(group_id)?;
        let members: Vec<MemberDescription> = g
            .members
            .iter()
            .map(|m| MemberDescription {
                member_id: m.member_id.clone(),
                instance_id: m.instance_id.clone(),
                client_id: m.client_id.clone(),
                host: m.client_host.clone(),
                assignment: if g.state == GroupState::Stable { m.assignment.clone() } else { Vec::new() },
                consumer: m.consumer,
                member_epoch: None,
                target_assignment: None,
            })
            .collect();
        let rows = self.lag_rows(&members, &g.offsets);
        Some(GroupDescription {
            group_id: g.group_id.clone(),
            group_type: GroupType::Classic,
            state: g.state,
            generation_id: g.generation_id,
            assignment_epoch: None,
            protocol: g.protocol_name.clone(),
            leader: g.leader_id.clone(),
            coordinator: self.coordinator_for(group_id),
            members,
            offsets: rows,
        })
    }

    /// The offsets view: each member's partitions, then committed partitions nobody owns.
    fn lag_rows(
        &self,
        members: &[MemberDescription],
        offsets: &crate::engine::map::Map<TopicPartition, super::super::group::CommittedOffset>,
    ) -> Vec<PartitionLag> {
        let mut rows = Vec::new();
        let mut seen = crate::engine::map::Set::new();
        for m in members {
            for tp in &m.assignment {
                seen.insert(tp.clone());
                rows.push(self.lag_row(offsets.get(tp), tp, Some(m)));
            }
        }
        for (tp, c) in offsets {
            if !seen.contains(tp) {
                rows.push(self.lag_row(Some(c), tp, None));
            }
        }
        rows
    }

    /// The leader epoch a consumer's commit of `offset` carries: the epoch of the record
    /// before it (the last one read) in the partition leader's epoch cache, or the epoch in
    /// force at `offset` when nothing precedes it. Kafka's consumer takes it from the
    /// fetched batch's `partitionLeaderEpoch`; both name the epoch the record was written
    /// in. `None` when the partition has no replica to ask.
    pub(super) fn offset_leader_epoch(&self, tp: &TopicPartition, offset: i64) -> Option<i32> {
        let p = self.partition(&tp.topic, tp.partition)?;
        let r = p.leader_replica().or(p.replicas.first())?;
        let at = if offset > r.log.log_start_offset() { offset - 1 } else { offset };
        r.epochs.iter().rev().find(|(_, start)| *start <= at).map(|(e, _)| *e).or(Some(p.leader_epoch))
    }

    fn lag_row(
        &self,
        c: Option<&super::super::group::CommittedOffset>,
        tp: &TopicPartition,
        m: Option<&MemberDescription>,
    ) -> PartitionLag {
        let committed = c.map(|c| c.offset);
        let hw = self.st.topics.get(&*tp.topic).and_then(|t| t.partitions.get(tp.partition as usize)).map_or(0, |p| p.high_watermark());
        PartitionLag {
            topic: tp.topic.clone(),
            partition: tp.partition,
            committed,
            leader_epoch: c.and_then(|c| c.leader_epoch),
            log_end_offset: hw,
            lag: committed.map(|c| hw - c),
            member_id: m.map(|m| m.member_id.clone()),
            client_id: m.map(|m| m.client_id.clone()),
            host: m.map(|m| m.host.clone()),
        }
    }

    /// `AdminClient.alterConsumerGroupOffsets`, as `--reset-offsets --execute` uses it:
    /// only for a group with no active members.
    pub(super) fn alter_group_offsets(&mut self, group_id: &str, offsets: &[(String, u32, i64)]) -> KafkaResult<Reply> {
        if group_id.is_empty() {
            return Err(KafkaError::of(ErrorCode::InvalidGroupId));
        }
        let state = self.st.groups.get(group_id).map(|g| g.state).or_else(|| self.st.consumer_groups.get(group_id).map(|g| g.state));
        if let Some(state) = state {
            if !matches!(state, GroupState::Empty | GroupState::Dead) {
                return Err(KafkaError::new(
                    ErrorCode::UnknownMemberId,
                    format!(
                        "Assignments can only be reset if the group '{group_id}' is inactive, but the current state is {}.",
                        state.name()
                    ),
                ));
            }
        }
        let mut tps = Vec::new();
        for (topic, partition, offset) in offsets {
            let t =
                self.st.topics.get(topic.as_str()).ok_or_else(|| {
                    KafkaError::new(ErrorCode::UnknownTopicOrPartition, format!("Topic {topic} not present in metadata."))
                })?;
            if *partition as usize >= t.partitions.len() {
                return Err(KafkaError::new(ErrorCode::UnknownTopicOrPartition, format!("Partition {topic}-{partition} does not exist.")));
            }
            if *offset < 0 {
                return Err(KafkaError::new(
                    ErrorCode::IllegalArgument,
                    format!("Invalid negative offset {offset} for {topic}-{partition}."),
                ));
            }
            tps.push((TopicPartition::new(t.name.clone(), *partition), *offset));
        }
        self.admin_find_coordinator()?;
        let group = self.group_key(group_id);
        self.handle_offset_commit(&group, "", None, -1, &tps).map_err(KafkaError::of)?;
        Ok(Reply::Done)
    }

    /// `DeleteGroups`: only an empty group can go.
    pub(super) fn delete_group(&mut self, group_id: &str) -> KafkaResult<Reply> {
        if let Some(g) = self.st.consumer_groups.get(group_id) {
            // `ConsumerGroup.validateDeleteGroup`
            if g.state != GroupState::Empty {
                return Err(KafkaError::new(ErrorCode::NonEmptyGroup, "The group is not empty."));
            }
            let (key, g) = self.st.consumer_groups.remove_entry(group_id).expect("checked above");
            self.emit(Event::GroupStateChanged { group: key, from: GroupState::Empty, to: GroupState::Dead, generation: g.group_epoch });
            return Ok(Reply::Done);
        }
        let Some(g) = self.st.groups.get(group_id) else {
            return Err(KafkaError::new(ErrorCode::GroupIdNotFound, format!("Group '{group_id}' does not exist.")));
        };
        if g.state != GroupState::Empty {
            return Err(KafkaError::new(ErrorCode::NonEmptyGroup, "The group is not empty."));
        }
        let (key, _) = self.st.groups.remove_entry(group_id).expect("checked above");
        self.emit(Event::GroupStateChanged { group: key, from: GroupState::Empty, to: GroupState::Dead, generation: -1 });
        Ok(Reply::Done)
    }

    /// The admin client's FindCoordinator: no `__consumer_offsets`, no coordinator.
    fn admin_find_coordinator(&mut self) -> KafkaResult<()> {
        self.ensure_offsets_topic().map_err(|why| {
            KafkaError::new(ErrorCode::CoordinatorNotAvailable, format!("{} ({why})", ErrorCode::CoordinatorNotAvailable.default_message()))
        })
    }

    /// The group id as the coordinator holds it (shared), or a new one.
    fn group_key(&self, group_id: &str) -> Rc<str> {
        let classic = self.st.groups.get_key_value(group_id).map(|(k, _)| k.clone());
        classic.or_else(|| self.st.consumer_groups.get_key_value(group_id).map(|(k, _)| k.clone())).unwrap_or_else(|| Rc::from(group_id))
    }

    /// `OffsetDelete` (KIP-496): partitions of unknown topics fail with
    /// UNKNOWN_TOPIC_OR_PARTITION (`KafkaApis.handleOffsetDeleteRequest`); then the group
    /// must exist, and a classic group with members must be a consumer group
    /// (`ClassicGroup.validateOffsetDelete`); the offsets of a topic the group subscribes
    /// to stay (GROUP_SUBSCRIBED_TO_TOPIC), the others are deleted with a tombstone in
    /// `__consumer_offsets` (`OffsetMetadataManager.deleteOffsets`). A partition with no
    /// offset is no error.
    pub(super) fn delete_group_offsets(&mut self, group_id: &str, partitions: &[(String, i32)]) -> KafkaResult<Reply> {
        self.admin_find_coordinator()?;
        let not_found = || KafkaError::of(ErrorCode::GroupIdNotFound);
        let subscribed: Set<String> = if let Some(g) = self.st.consumer_groups.get(group_id) {
            g.subscribed_topics().into_iter().map(str::to_string).collect()
        } else {
            let g = self.st.groups.get(group_id).filter(|g| g.state != GroupState::Dead).ok_or_else(not_found)?;
            if g.state != GroupState::Empty && g.protocol_type.as_deref() != Some("consumer") {
                return Err(KafkaError::of(ErrorCode::NonEmptyGroup));
            }
            // `ClassicGroup.computeSubscribedTopics`: the members' subscriptions for the chosen protocol
            let protocol = g.protocol_name.clone().unwrap_or_default();
            g.members.iter().filter_map(|m| m.subscription(&protocol)).flat_map(|s| s.topics.iter().cloned()).collect()
        };
        let mut results = Vec::new();
        let mut deleted = Vec::new();
        for (topic, partition) in partitions {
            let known = self.st.topics.get(topic.as_str()).is_some_and(|t| *partition >= 0 && (*partition as usize) < t.partitions.len());
            let error = if !known {
                Some(ErrorCode::UnknownTopicOrPartition)
            } else if subscribed.contains(topic) {
                Some(ErrorCode::GroupSubscribedToTopic)
            } else {
                let tp = TopicPartition::new(Rc::from(topic.as_str()), *partition as u32);
                let removed = match self.st.consumer_groups.get_mut(group_id) {
                    Some(g) => g.offsets.remove(&tp).is_some(),
                    None => self.st.groups.get_mut(group_id).is_some_and(|g| g.offsets.remove(&tp).is_some()),
                };
                if removed && !deleted.contains(&tp) {
                    deleted.push(tp);
                }
                None
            };
            results.push((topic.clone(), *partition, error));
        }
        if !deleted.is_empty() {
            let records: Vec<NewRecord> =
                deleted.iter().map(|tp| NewRecord::tombstone(format!("{group_id},{},{}", tp.topic, tp.partition))).collect();
            let _ = self.produce_batch(OFFSETS_TOPIC, coordinator_partition(group_id), &records);
            let group = self.group_key(group_id);
            self.emit(Event::OffsetsDeleted { group, partitions: deleted });
        }
        Ok(Reply::OffsetsDeleted(results))
    }

    /// `OffsetMetadataManager.cleanupExpiredOffsets`: an Empty group's offsets expire
    /// `offsets.retention.minutes` after it became Empty; a group left with none is deleted.
    pub(super) fn expire_offsets(&mut self) {
        let now = self.st.now;
        let retention = self.st.config.offsets_retention_minutes * 60_000;
        let expired: Vec<Rc<str>> = self
            .st
            .groups
            .values()
            // an Empty group without offsets goes at the first check (`cleanupGroupMetadata`:
            // no offsets means all expired, and `maybeDeleteGroup` removes an empty group)
            .filter(|g| g.state == GroupState::Empty && (g.offsets.is_empty() || g.empty_since.is_some_and(|t| now - t >= retention)))
            .map(|g| g.group_id.clone())
            .collect();
        for id in expired {
            let g = self.st.groups.remove(&id).expect("listed above");
            if !g.offsets.is_empty() {
                self.emit(Event::OffsetsExpired { group: id.clone(), partitions: g.offsets.keys().cloned().collect() });
            }
            self.emit(Event::GroupStateChanged { group: id, from: GroupState::Empty, to: GroupState::Dead, generation: g.generation_id });
        }
        let empty: Vec<Rc<str>> =
            self.st.consumer_groups.values().filter(|g| g.state == GroupState::Empty).map(|g| g.group_id.clone()).collect();
        for id in empty {
            let g = self.st.consumer_groups.get_mut(&id).expect("listed above");
            let gone: Vec<TopicPartition> =
                g.offsets.iter().filter(|(_, c)| now - c.commit_timestamp >= retention).map(|(tp, _)| tp.clone()).collect();
            for tp in &gone {
                g.offsets.remove(tp);
            }
            let delete = g.offsets.is_empty();
            let epoch = g.group_epoch;
            if !gone.is_empty() {
                self.emit(Event::OffsetsExpired { group: id.clone(), partitions: gone });
            }
            if delete {
                self.st.consumer_groups.remove(&id);
                self.emit(Event::GroupStateChanged { group: id, from: GroupState::Empty, to: GroupState::Dead, generation: epoch });
            }
        }
        let _ = OFFSETS_TOPIC;
    }
}
