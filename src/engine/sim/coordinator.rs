//! The group coordinator's side of the classic protocol.
//!
//! Models `GroupMetadataManager.classicGroupJoin`, `classicGroupSync`,
//! `classicGroupHeartbeat`, `classicGroupLeave`, the join and sync timers, heartbeat
//! expiry, and `OffsetMetadataManager` commits and fetches
//! (group-coordinator/src/main/java/org/apache/kafka/coordinator/group/).
//!
//! Requests are dispatched here for both protocols; ConsumerGroupHeartbeat is handled in
//! `consumer_protocol.rs`. OffsetCommit and OffsetFetch serve groups of either kind.
//!
//! Simplifications: a group's state survives the coordinator moving to another broker
//! (Kafka reloads it from `__consumer_offsets`, which holds the same data); commits are
//! answered once the coordinator has appended them, without waiting for replication;
//! when the leader leaves, the next leader is the first member in join order (Kafka
//! takes the first in its hash map's order). A JoinGroup for a non-empty
//! consumer-protocol group is refused with INCONSISTENT_GROUP_PROTOCOL: Kafka 3.8+ lets
//! a classic member join it through its classic-protocol bridge, which is not modelled.
//! OffsetFetch is not validated against member epochs.

use std::rc::Rc;

use super::super::assignor::TopicPartition;
use super::super::error::ErrorCode;
use super::super::event::{BrokerId, Event};
use super::super::group::protocol::{GroupRequest, GroupResponse, JoinedMember, Subscription};
use super::super::group::{coordinator_partition, ClassicGroup, CommittedOffset, GroupMember, GroupState, OFFSETS_TOPIC};
use super::super::log::record::NewRecord;
use super::{Action, Sim};

/// `group.min.session.timeout.ms` and `group.max.session.timeout.ms`
pub const GROUP_MIN_SESSION_TIMEOUT_MS: i64 = 6_000;
pub const GROUP_MAX_SESSION_TIMEOUT_MS: i64 = 1_800_000;
/// `group.initial.rebalance.delay.ms`
pub const GROUP_INITIAL_REBALANCE_DELAY_MS: i64 = 3_000;
/// `group.max.size` (unlimited by default)
pub const GROUP_MAX_SIZE: usize = i32::MAX as usize;

/// Where a parked request's answer goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) struct ReplyTo {
    pub consumer: u32,
    pub seq: u64,
}

/// Coordinator timers.
#[derive(Clone, Debug, Hash)]
pub(crate) enum GroupTimer {
    /// the join phase's deadline (the rebalance timeout)
    Join,
    /// `group.initial.rebalance.delay.ms` for a group leaving Empty
    InitialDelay { delay: i64, remaining: i64 },
    /// members that got a JoinGroup response must send SyncGroup within the rebalance timeout
    PendingSync { generation: i32 },
    /// a member's session expires unless it is heard from
    Session { member_id: String, heartbeat_generation: u64 },
    /// a member id handed out with MEMBER_ID_REQUIRED that never came back
    PendingMember { member_id: String },
    /// consumer protocol: the member is fenced unless it heartbeats within
    /// `group.consumer.session.timeout.ms`
    ConsumerSession { member_id: String, timer: u64 },
    /// consumer protocol: the member is fenced unless it leaves `member_epoch` (revokes)
    /// within its rebalance timeout
    ConsumerRebalance { member_id: String, member_epoch: i32, timer: u64 },
}

impl Sim {
    /// The broker that coordinates a group: the leader of its `__consumer_offsets` partition.
    pub fn coordinator_for(&self, group_id: &str) -> Option<BrokerId> {
        let t = self.st.topics.get(OFFSETS_TOPIC)?;
        t.partitions[coordinator_partition(group_id) as usize].leader.filter(|b| self.broker_alive(*b))
    }

    /// Creates `__consumer_offsets` when a group first needs it (Kafka's
    /// `AutoTopicCreationManager`, on a FindCoordinator), with
    /// `offsets.topic.replication.factor` replicas (capped at the cluster's size). With
    /// fewer registered brokers the creation fails, FindCoordinator answers
    /// COORDINATOR_NOT_AVAILABLE, and the next FindCoordinator tries again; the reason
    /// is returned.
    pub(super) fn ensure_offsets_topic(&mut self) -> Result<(), String> {
        if self.st.topics.contains_key(OFFSETS_TOPIC) {
            return Ok(());
        }
        let rf = self.st.config.offsets_topic_replication_factor.min(self.st.brokers.len() as i32).max(1);
        // `GroupCoordinatorService.groupMetadataTopicConfigs` (4.x)
        let configs = vec![
            ("cleanup.policy".to_string(), "compact".to_string()),
            ("compression.type".to_string(), "producer".to_string()),
            ("segment.bytes".to_string(), "104857600".to_string()),
        ];
        self.create_internal_topic(OFFSETS_TOPIC, super::super::group::OFFSETS_TOPIC_PARTITIONS as i32, rf, &configs)
            .map(|_| ())
            .map_err(|e| format!("{OFFSETS_TOPIC} cannot be created: {}", e.message))
    }

    pub(super) fn respond_group(&mut self, to: ReplyTo, group: &Rc<str>, response: GroupResponse) {
        let d = self.delay();
        self.schedule(d, Action::GroupResponseArrive { consumer: to.consumer, group: group.clone(), seq: to.seq, response });
    }

    fn set_group_state(&mut self, group: &Rc<str>, to: GroupState) {
        let now = self.st.now;
        let Some(g) = self.st.groups.get_mut(group) else { return };
        let from = g.state;
        if from == to {
            return;
        }
        debug_assert!(to.can_follow(from), "{from:?} -> {to:?}");
        g.previous_state = from;
        g.state = to;
        g.empty_since = (to == GroupState::Empty).then_some(now);
        let generation = g.generation_id;
        self.emit(Event::GroupStateChanged { group: group.clone(), from, to, generation });
    }

    fn schedule_group_timer(&mut self, group: &Rc<str>, delay: i64, timer: GroupTimer) {
        let generation = match &timer {
            GroupTimer::Join | GroupTimer::InitialDelay { .. } | GroupTimer::PendingSync { .. } => {
                let Some(g) = self.st.groups.get_mut(group) else { return };
                g.rebalance_timer_generation += 1;
                g.rebalance_timer_generation
            }
            _ => 0,
        };
        self.schedule(delay, Action::GroupTimer { group: group.clone(), timer, generation });
    }

    fn reschedule_heartbeat(&mut self, group: &Rc<str>, member_id: &str) {
        let Some(m) = self.st.groups.get_mut(group).and_then(|g| g.member_mut(member_id)) else { return };
        m.heartbeat_generation += 1;
        m.heartbeat_satisfied = true;
        let (timeout, hb) = (m.session_timeout_ms, m.heartbeat_generation);
        self.schedule_group_timer(group, timeout, GroupTimer::Session { member_id: member_id.to_string(), heartbeat_generation: hb });
    }

    /// A new leader for a `__consumer_offsets` partition takes over its groups and gives
    /// every member a fresh session timeout (as loading a group does).
    pub(super) fn on_coordinator_moved(&mut self, partition: u32) {
        self.consumer_groups_loaded(partition);
        let groups: Vec<Rc<str>> = self.st.groups.keys().filter(|g| coordinator_partition(g) == partition).cloned().collect();
        for g in groups {
            let members: Vec<String> = self.st.groups[&g].members.iter().map(|m| m.member_id.clone()).collect();
            for m in members {
                self.reschedule_heartbeat(&g, &m);
            }
        }
    }

    /// A group request reaches a broker.
    pub(super) fn on_group_request(&mut self, consumer: u32, broker: BrokerId, group_id: Rc<str>, seq: u64, request: GroupRequest) {
        if !self.broker_alive(broker) {
            return; // lost; the client's request times out
        }
        let to = ReplyTo { consumer, seq };
        if self.coordinator_for(&group_id) != Some(broker) {
            let response = error_response(&request, ErrorCode::NotCoordinator);
            return self.respond_group(to, &group_id, response);
        }
        match request {
            GroupRequest::JoinGroup { .. } => self.handle_join(&group_id, to, request),
            GroupRequest::SyncGroup { member_id, instance_id, generation_id, protocol_name, assignments } => {
                self.handle_sync(&group_id, to, &member_id, instance_id.as_deref(), generation_id, protocol_name, assignments)
            }
            GroupRequest::Heartbeat { member_id, instance_id, generation_id } => {
                let error = self.handle_heartbeat(&group_id, &member_id, instance_id.as_deref(), generation_id);
                self.respond_group(to, &group_id, GroupResponse::Heartbeat { error });
            }
            GroupRequest::LeaveGroup { member_id, instance_id, reason } => {
                let error = self.handle_leave(&group_id, &member_id, instance_id.as_deref(), &reason);
                self.respond_group(to, &group_id, GroupResponse::LeaveGroup { error });
            }
            GroupRequest::OffsetCommit { member_id, instance_id, generation_id, offsets } => {
                // `KafkaApis.handleOffsetCommitRequest`: a partition the broker's metadata
                // does not have (its topic deleted, perhaps created again with fewer
                // partitions, while the commit was on its way) is answered
                // UNKNOWN_TOPIC_OR_PARTITION and never reaches the coordinator; the others
                // are committed as usual. Those errors come first in the response, so the
                // client raises UNKNOWN_TOPIC_OR_PARTITION (retriable) whatever the rest got.
                let (known, unknown): (Vec<_>, Vec<_>) =
                    offsets.iter().cloned().partition(|(tp, _)| self.partition(&tp.topic, tp.partition).is_some());
                let committed = if known.is_empty() {
                    Ok(())
                } else {
                    self.handle_offset_commit(&group_id, &member_id, instance_id.as_deref(), generation_id, &known)
                };
                let error = if unknown.is_empty() { committed.err() } else { Some(ErrorCode::UnknownTopicOrPartition) };
                self.respond_group(to, &group_id, GroupResponse::OffsetCommit { error, offsets });
            }
            GroupRequest::OffsetFetch { partitions } => {
                let offsets = partitions.into_iter().map(|tp| {
                    let o = self.committed_offsets(&group_id).and_then(|offsets| offsets.get(&tp)).map(|c| c.offset);
                    (tp, o)
                });
                let offsets = offsets.collect();
                self.respond_group(to, &group_id, GroupResponse::OffsetFetch { error: None, offsets });
            }
            GroupRequest::ConsumerGroupHeartbeat(request) => self.handle_consumer_group_heartbeat(&group_id, to, request),
        }
    }

    fn handle_join(&mut self, group_id: &Rc<str>, to: ReplyTo, request: GroupRequest) {
        let GroupRequest::JoinGroup {
            member_id,
            instance_id,
            client_id,
            session_timeout_ms,
            rebalance_timeout_ms,
            protocol_type,
            protocols,
            reason,
        } = request
        else {
            return;
        };
        let fail = |sim: &mut Sim, error: ErrorCode, member_id: String| {
            sim.respond_group(
                to,
                group_id,
                GroupResponse::JoinGroup {
                    error: Some(error),
                    member_id,
                    generation_id: -1,
                    protocol_name: None,
                    leader: None,
                    members: vec![],
                    skip_assignment: false,
                },
            );
        };
        if group_id.is_empty() {
            return fail(self, ErrorCode::InvalidGroupId, member_id);
        }
        if !(GROUP_MIN_SESSION_TIMEOUT_MS..=GROUP_MAX_SESSION_TIMEOUT_MS).contains(&session_timeout_ms) {
            return fail(self, ErrorCode::InvalidSessionTimeout, member_id);
        }
        let now = self.st.now;
        if self.st.share_groups.contains_key(group_id) {
            // a share group's id is not a classic group's (issue 17)
            return fail(self, ErrorCode::InconsistentGroupProtocol, member_id);
        }
        if let Some(cg) = self.st.consumer_groups.get(group_id) {
            // `classicGroupJoin`: an Empty consumer group gives way to a classic one
            if cg.state != GroupState::Empty {
                return fail(self, ErrorCode::InconsistentGroupProtocol, member_id);
            }
            if !member_id.is_empty() {
                return fail(self, ErrorCode::UnknownMemberId, member_id);
            }
            self.convert_empty_consumer_group(group_id);
        }
        if !self.st.groups.contains_key(group_id) {
            if !member_id.is_empty() {
                return fail(self, ErrorCode::UnknownMemberId, member_id);
            }
            self.st.groups.insert(group_id.clone(), ClassicGroup::new(group_id.clone(), now));
        }
        let g = &self.st.groups[group_id];
        if g.state == GroupState::Dead {
            return fail(self, ErrorCode::CoordinatorNotAvailable, member_id);
        }
        if !g.supports_protocols(&protocol_type, &protocols) {
            return fail(self, ErrorCode::InconsistentGroupProtocol, member_id);
        }
        let new_member = |member_id: String| GroupMember {
            member_id,
            instance_id: instance_id.clone(),
            client_id: client_id.clone(),
            client_host: "/127.0.0.1".to_string(),
            consumer: to.consumer,
            session_timeout_ms,
            rebalance_timeout_ms,
            protocols: protocols.clone(),
            assignment: Vec::new(),
            awaiting_join: true,
            awaiting_sync: false,
            heartbeat_satisfied: true,
            heartbeat_generation: 0,
            is_new: true,
        };
        if member_id.is_empty() {
            if g.members.len() + g.pending_members.len() >= GROUP_MAX_SIZE {
                return fail(self, ErrorCode::GroupMaxSizeReached, member_id);
            }
            let uuid = self.st.rng.uuid().to_java_string();
            match &instance_id {
                Some(instance) => {
                    let new_id = format!("{instance}-{uuid}");
                    match g.static_members.get(instance).cloned() {
                        Some(old_id) => self.replace_static_member(group_id, to, &old_id, new_member(new_id), &reason),
                        None => self.add_member_and_rebalance(group_id, to, new_member(new_id), &reason),
                    }
                }
                None => {
                    // KIP-394: hand out a member id and ask the client to come back with it
                    let new_id = format!("{client_id}-{uuid}");
                    let g = self.st.groups.get_mut(group_id).expect("created above");
                    g.pending_members.push(new_id.clone());
                    self.schedule_group_timer(group_id, session_timeout_ms, GroupTimer::PendingMember { member_id: new_id.clone() });
                    fail(self, ErrorCode::MemberIdRequired, new_id);
                }
            }
            return;
        }
        if let Some(i) = g.pending_members.iter().position(|m| *m == member_id) {
            self.st.groups.get_mut(group_id).expect("exists").pending_members.remove(i);
            return self.add_member_and_rebalance(group_id, to, new_member(member_id), &reason);
        }
        let Some(existing) = g.member(&member_id) else {
            return fail(self, ErrorCode::UnknownMemberId, member_id);
        };
        if let Some(err) = fenced(g, &member_id, instance_id.as_deref()) {
            return fail(self, err, member_id);
        }
        let same_protocols = existing.protocols == protocols;
        let is_leader = g.is_leader(&member_id);
        match g.state {
            GroupState::PreparingRebalance => {
                self.update_member(group_id, &member_id, to, protocols, rebalance_timeout_ms, session_timeout_ms);
                self.maybe_complete_join(group_id);
            }
            GroupState::CompletingRebalance if same_protocols => {
                // a resent JoinGroup: answer with the current generation
                let response = self.join_response(group_id, &member_id);
                self.respond_group(to, group_id, response);
            }
            GroupState::Stable if same_protocols && !is_leader => {
                let response = self.join_response(group_id, &member_id);
                self.respond_group(to, group_id, response);
            }
            GroupState::CompletingRebalance | GroupState::Stable => {
                self.update_member(group_id, &member_id, to, protocols, rebalance_timeout_ms, session_timeout_ms);
                self.prepare_rebalance(
                    group_id,
                    &format!("Updating metadata for member {member_id} during {}", g_state_name(self, group_id)),
                );
            }
            // (a classic group is never Assigning or Reconciling)
            GroupState::Empty | GroupState::Dead | GroupState::Assigning | GroupState::Reconciling => {
                fail(self, ErrorCode::UnknownMemberId, member_id)
            }
        }
    }

    fn update_member(
        &mut self,
        group_id: &Rc<str>,
        member_id: &str,
        to: ReplyTo,
        protocols: Vec<(String, Subscription)>,
        rebalance_timeout_ms: i64,
        session_timeout_ms: i64,
    ) {
        let Some(m) = self.st.groups.get_mut(group_id).and_then(|g| g.member_mut(member_id)) else { return };
        m.protocols = protocols;
        m.rebalance_timeout_ms = rebalance_timeout_ms;
        m.session_timeout_ms = session_timeout_ms;
        m.awaiting_join = true;
        m.consumer = to.consumer;
        self.set_join_reply(group_id, member_id, to);
    }

    fn set_join_reply(&mut self, group_id: &Rc<str>, member_id: &str, to: ReplyTo) {
        let g = self.st.groups.get_mut(group_id).expect("exists");
        g.join_replies.retain(|(m, _)| m != member_id);
        g.join_replies.push((member_id.to_string(), to));
    }

    fn add_member_and_rebalance(&mut self, group_id: &Rc<str>, to: ReplyTo, member: GroupMember, reason: &str) {
        let member_id = member.member_id.clone();
        let g = self.st.groups.get_mut(group_id).expect("exists");
        if g.members.is_empty() {
            g.protocol_type = Some("consumer".to_string());
        }
        if g.leader_id.is_none() {
            g.leader_id = Some(member_id.clone());
        }
        if let Some(instance) = &member.instance_id {
            g.static_members.insert(instance.clone(), member_id.clone());
        }
        g.new_member_added = true;
        g.members.push(member);
        self.set_join_reply(group_id, &member_id, to);
        self.emit(Event::MemberJoined { group: group_id.clone(), member_id: member_id.clone() });
        self.maybe_prepare_rebalance_or_complete_join(
            group_id,
            &format!(
                // Kafka's GroupMetadataManager concatenates the nullable String: `null` for a dynamic member
                "Adding new member {member_id} with group instance id {}; client reason: {reason}",
                self.st.groups[group_id].member(&member_id).and_then(|m| m.instance_id.as_deref()).unwrap_or("null")
            ),
        );
    }

    /// KIP-345: a static member comes back with a new member id. In a Stable group whose
    /// protocol would not change, it takes over the old member's assignment with no
    /// rebalance; the old member id is fenced from now on.
    fn replace_static_member(&mut self, group_id: &Rc<str>, to: ReplyTo, old_id: &str, mut member: GroupMember, reason: &str) {
        let new_id = member.member_id.clone();
        let g = self.st.groups.get_mut(group_id).expect("exists");
        let Some(i) = g.members.iter().position(|m| m.member_id == old_id) else {
            return self.add_member_and_rebalance(group_id, to, member, reason);
        };
        let old = g.members.remove(i);
        // answer a parked request of the old member: it has been fenced
        let old_join = g.join_replies.iter().position(|(m, _)| m == old_id).map(|i| g.join_replies.remove(i).1);
        let old_sync = g.sync_replies.iter().position(|(m, _)| m == old_id).map(|i| g.sync_replies.remove(i).1);
        member.assignment = old.assignment.clone();
        member.awaiting_join = false;
        let instance = member.instance_id.clone().expect("static");
        g.static_members.insert(instance, new_id.clone());
        if g.is_leader(old_id) {
            g.leader_id = Some(new_id.clone());
        }
        g.members.insert(i, member);
        // `updateStaticMemberThenRebalanceOrCompleteJoin` (GroupMetadataManager, Kafka 4.3): in
        // Stable, a rebalance only when the protocol the members' votes select for the next
        // generation is not the current one. A changed subscription alone does not rebalance
        // here; the returning leader notices it itself (it compares its metadata and rejoins).
        let protocol_unchanged = g.protocol_name.is_none() || g.select_protocol() == g.protocol_name;
        let state = g.state;
        if let Some(r) = old_join {
            self.respond_group(
                r,
                group_id,
                GroupResponse::JoinGroup {
                    error: Some(ErrorCode::FencedInstanceId),
                    member_id: old_id.to_string(),
                    generation_id: -1,
                    protocol_name: None,
                    leader: None,
                    members: vec![],
                    skip_assignment: false,
                },
            );
        }
        if let Some(r) = old_sync {
            self.respond_group(r, group_id, GroupResponse::SyncGroup { error: Some(ErrorCode::FencedInstanceId), assignment: vec![] });
        }
        self.emit(Event::MemberReplaced { group: group_id.clone(), old_member_id: old_id.to_string(), new_member_id: new_id.clone() });
        match state {
            GroupState::Stable if protocol_unchanged => {
                // no rebalance: the current generation, with the old assignment
                self.reschedule_heartbeat(group_id, &new_id);
                let mut response = self.join_response(group_id, &new_id);
                // KIP-814: the returning leader gets the member list (so it watches every
                // subscribed topic) but skips the assignment; the group keeps the current one
                if let GroupResponse::JoinGroup { skip_assignment, .. } = &mut response {
                    *skip_assignment = self.st.groups[group_id].is_leader(&new_id);
                }
                self.respond_group(to, group_id, response);
            }
            GroupState::PreparingRebalance => {
                if let Some(m) = self.st.groups.get_mut(group_id).and_then(|g| g.member_mut(&new_id)) {
                    m.awaiting_join = true;
                }
                self.set_join_reply(group_id, &new_id, to);
                self.maybe_complete_join(group_id);
            }
            _ => {
                if let Some(m) = self.st.groups.get_mut(group_id).and_then(|g| g.member_mut(&new_id)) {
                    m.awaiting_join = true;
                }
                self.set_join_reply(group_id, &new_id, to);
                self.prepare_rebalance(group_id, &format!("Static member {new_id} replaced {old_id}"));
            }
        }
    }

    fn join_response(&self, group_id: &Rc<str>, member_id: &str) -> GroupResponse {
        let g = &self.st.groups[group_id];
        let protocol = g.protocol_name.clone();
        let members = if g.is_leader(member_id) {
            g.members
                .iter()
                .map(|m| JoinedMember {
                    member_id: m.member_id.clone(),
                    instance_id: m.instance_id.clone(),
                    subscription: protocol.as_deref().and_then(|p| m.subscription(p)).cloned().unwrap_or(Subscription {
                        topics: vec![],
                        owned_partitions: vec![],
                        generation_id: -1,
                        user_data: None,
                    }),
                })
                .collect()
        } else {
            Vec::new()
        };
        GroupResponse::JoinGroup {
            error: None,
            member_id: member_id.to_string(),
            generation_id: g.generation_id,
            protocol_name: protocol,
            leader: g.leader_id.clone(),
            members,
            skip_assignment: false,
        }
    }

    fn maybe_prepare_rebalance_or_complete_join(&mut self, group_id: &Rc<str>, reason: &str) {
        match self.st.groups[group_id].state {
            GroupState::Stable | GroupState::CompletingRebalance | GroupState::Empty => self.prepare_rebalance(group_id, reason),
            GroupState::PreparingRebalance => self.maybe_complete_join(group_id),
            GroupState::Dead | GroupState::Assigning | GroupState::Reconciling => {}
        }
    }

    /// `prepareRebalance`: parked SyncGroups learn of the new rebalance; a group leaving
    /// Empty waits `group.initial.rebalance.delay.ms` for more members.
    fn prepare_rebalance(&mut self, group_id: &Rc<str>, reason: &str) {
        let g = self.st.groups.get_mut(group_id).expect("exists");
        if g.state == GroupState::CompletingRebalance {
            for m in g.members.iter_mut() {
                m.assignment.clear();
                m.awaiting_sync = false;
            }
            let replies: Vec<ReplyTo> = g.sync_replies.drain(..).map(|(_, r)| r).collect();
            for r in replies {
                self.respond_group(
                    r,
                    group_id,
                    GroupResponse::SyncGroup { error: Some(ErrorCode::RebalanceInProgress), assignment: vec![] },
                );
            }
        }
        let g = &self.st.groups[group_id];
        let initial = g.state == GroupState::Empty;
        let rebalance_timeout = g.rebalance_timeout_ms();
        self.emit(Event::RebalanceStarted { group: group_id.clone(), reason: reason.to_string() });
        self.set_group_state(group_id, GroupState::PreparingRebalance);
        if initial {
            let delay = GROUP_INITIAL_REBALANCE_DELAY_MS.min(rebalance_timeout.max(1));
            let remaining = (rebalance_timeout - delay).max(0);
            self.st.groups.get_mut(group_id).expect("exists").new_member_added = false;
            self.schedule_group_timer(group_id, delay, GroupTimer::InitialDelay { delay, remaining });
        } else if self.st.groups[group_id].has_all_members_joined() {
            self.complete_join(group_id);
        } else {
            self.schedule_group_timer(group_id, rebalance_timeout, GroupTimer::Join);
        }
    }

    /// `maybeCompleteJoinPhase`: not during the initial delay.
    fn maybe_complete_join(&mut self, group_id: &Rc<str>) {
        let g = &self.st.groups[group_id];
        if g.state == GroupState::PreparingRebalance && g.has_all_members_joined() && g.previous_state != GroupState::Empty {
            self.complete_join(group_id);
        }
    }

    /// `completeClassicGroupJoin`: dynamic members that did not rejoin are removed, a
    /// new leader is chosen if needed, the generation advances, and every waiting member
    /// gets its JoinGroup response (only the leader gets the member list).
    fn complete_join(&mut self, group_id: &Rc<str>) {
        let g = self.st.groups.get_mut(group_id).expect("exists");
        g.rebalance_timer_generation += 1; // cancels the join timer
        let gone: Vec<String> =
            g.members.iter().filter(|m| !m.awaiting_join && m.instance_id.is_none()).map(|m| m.member_id.clone()).collect();
        for id in &gone {
            self.remove_member(group_id, id);
            self.emit(Event::MemberRemoved {
                group: group_id.clone(),
                member_id: id.clone(),
                reason: "did not rejoin before the rebalance timeout".into(),
            });
        }
        let g = self.st.groups.get_mut(group_id).expect("exists");
        if g.state == GroupState::Dead {
            return;
        }
        // `maybeElectNewJoinedLeader`
        let leader_joined = g.leader_id.as_ref().and_then(|l| g.member(l)).is_some_and(|m| m.awaiting_join);
        if !leader_joined {
            g.leader_id = g.members.iter().find(|m| m.awaiting_join).map(|m| m.member_id.clone());
        }
        if g.leader_id.is_none() && !g.members.is_empty() {
            let t = g.rebalance_timeout_ms();
            self.schedule_group_timer(group_id, t, GroupTimer::Join);
            return;
        }
        // `initNextGeneration`
        g.generation_id += 1;
        if g.members.is_empty() {
            g.protocol_name = None;
            g.protocol_type = None;
            g.leader_id = None;
            self.set_group_state(group_id, GroupState::Empty);
            return;
        }
        g.protocol_name = g.select_protocol();
        let generation = g.generation_id;
        self.set_group_state(group_id, GroupState::CompletingRebalance);
        let g = self.st.groups.get_mut(group_id).expect("exists");
        let replies: Vec<(String, ReplyTo)> = g.join_replies.drain(..).collect();
        for m in g.members.iter_mut() {
            m.awaiting_join = false;
            m.is_new = false;
            m.awaiting_sync = true;
        }
        let ids: Vec<String> = g.members.iter().map(|m| m.member_id.clone()).collect();
        for id in &ids {
            let response = self.join_response(group_id, id);
            if let Some((_, to)) = replies.iter().find(|(m, _)| m == id) {
                self.respond_group(*to, group_id, response);
            }
            self.reschedule_heartbeat(group_id, id);
        }
        let t = self.st.groups[group_id].rebalance_timeout_ms();
        self.schedule_group_timer(group_id, t, GroupTimer::PendingSync { generation });
    }

    fn remove_member(&mut self, group_id: &Rc<str>, member_id: &str) {
        let g = self.st.groups.get_mut(group_id).expect("exists");
        let Some(i) = g.members.iter().position(|m| m.member_id == member_id) else { return };
        let m = g.members.remove(i);
        if let Some(instance) = &m.instance_id {
            if g.static_members.get(instance).is_some_and(|id| id == member_id) {
                g.static_members.remove(instance);
            }
        }
        g.join_replies.retain(|(id, _)| id != member_id);
        g.sync_replies.retain(|(id, _)| id != member_id);
        if g.is_leader(member_id) {
            g.leader_id = g.members.first().map(|m| m.member_id.clone());
        }
    }

    /// `removeMemberAndUpdateClassicGroup`
    fn remove_member_and_update(&mut self, group_id: &Rc<str>, member_id: &str, reason: &str) {
        let parked = self.st.groups[group_id].join_replies.iter().find(|(m, _)| m == member_id).map(|(_, r)| *r);
        if let Some(to) = parked {
            self.respond_group(
                to,
                group_id,
                GroupResponse::JoinGroup {
                    error: Some(ErrorCode::UnknownMemberId),
                    member_id: String::new(),
                    generation_id: -1,
                    protocol_name: None,
                    leader: None,
                    members: vec![],
                    skip_assignment: false,
                },
            );
        }
        self.remove_member(group_id, member_id);
        self.emit(Event::MemberRemoved { group: group_id.clone(), member_id: member_id.to_string(), reason: reason.to_string() });
        let g = &self.st.groups[group_id];
        match g.state {
            GroupState::Stable | GroupState::CompletingRebalance => self.prepare_rebalance(group_id, reason),
            GroupState::PreparingRebalance if g.has_all_members_joined() => self.complete_join(group_id),
            _ => {}
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn handle_sync(
        &mut self,
        group_id: &Rc<str>,
        to: ReplyTo,
        member_id: &str,
        instance_id: Option<&str>,
        generation: i32,
        protocol_name: Option<String>,
        assignments: Vec<(String, Vec<TopicPartition>)>,
    ) {
        let fail = |sim: &mut Sim, error: ErrorCode| {
            sim.respond_group(to, group_id, GroupResponse::SyncGroup { error: Some(error), assignment: vec![] })
        };
        let Some(g) = self.st.groups.get(group_id) else { return fail(self, ErrorCode::UnknownMemberId) };
        if g.state == GroupState::Dead {
            return fail(self, ErrorCode::CoordinatorNotAvailable);
        }
        if let Some(err) = validate_member(g, member_id, instance_id) {
            return fail(self, err);
        }
        if generation != g.generation_id {
            return fail(self, ErrorCode::IllegalGeneration);
        }
        if protocol_name.is_some() && protocol_name != g.protocol_name {
            return fail(self, ErrorCode::InconsistentGroupProtocol);
        }
        match g.state {
            GroupState::Empty => fail(self, ErrorCode::UnknownMemberId),
            GroupState::PreparingRebalance => fail(self, ErrorCode::RebalanceInProgress),
            GroupState::Stable => {
                let assignment = g.member(member_id).map(|m| m.assignment.clone()).unwrap_or_default();
                if let Some(m) = self.st.groups.get_mut(group_id).and_then(|g| g.member_mut(member_id)) {
                    m.awaiting_sync = false;
                }
                self.reschedule_heartbeat(group_id, member_id);
                self.respond_group(to, group_id, GroupResponse::SyncGroup { error: None, assignment });
            }
            GroupState::CompletingRebalance => {
                let is_leader = g.is_leader(member_id);
                let g = self.st.groups.get_mut(group_id).expect("exists");
                g.sync_replies.retain(|(m, _)| m != member_id);
                g.sync_replies.push((member_id.to_string(), to));
                if !is_leader {
                    return;
                }
                // the leader's assignment: persist it and answer every parked SyncGroup
                for m in g.members.iter_mut() {
                    m.assignment = assignments.iter().find(|(id, _)| *id == m.member_id).map(|(_, a)| a.clone()).unwrap_or_default();
                    m.awaiting_sync = false;
                }
                g.rebalance_timer_generation += 1; // cancels the pending-sync timer
                self.set_group_state(group_id, GroupState::Stable);
                let generation = self.st.groups[group_id].generation_id;
                self.emit(Event::GroupStabilized { group: group_id.clone(), generation });
                self.propagate_assignment(group_id);
            }
            GroupState::Dead | GroupState::Assigning | GroupState::Reconciling => {}
        }
    }

    fn propagate_assignment(&mut self, group_id: &Rc<str>) {
        let g = self.st.groups.get_mut(group_id).expect("exists");
        let replies: Vec<(String, ReplyTo)> = g.sync_replies.drain(..).collect();
        for (member_id, to) in replies {
            let assignment = self.st.groups[group_id].member(&member_id).map(|m| m.assignment.clone()).unwrap_or_default();
            self.respond_group(to, group_id, GroupResponse::SyncGroup { error: None, assignment });
            self.reschedule_heartbeat(group_id, &member_id);
        }
    }

    fn handle_heartbeat(&mut self, group_id: &Rc<str>, member_id: &str, instance_id: Option<&str>, generation: i32) -> Option<ErrorCode> {
        let Some(g) = self.st.groups.get(group_id) else { return Some(ErrorCode::UnknownMemberId) };
        match g.state {
            GroupState::Dead => return Some(ErrorCode::CoordinatorNotAvailable),
            GroupState::Empty => return Some(ErrorCode::UnknownMemberId),
            _ => {}
        }
        if let Some(err) = validate_member(g, member_id, instance_id) {
            return Some(err);
        }
        if generation != g.generation_id {
            return Some(ErrorCode::IllegalGeneration);
        }
        let state = g.state;
        self.reschedule_heartbeat(group_id, member_id);
        (state == GroupState::PreparingRebalance).then_some(ErrorCode::RebalanceInProgress)
    }

    fn handle_leave(&mut self, group_id: &Rc<str>, member_id: &str, instance_id: Option<&str>, reason: &str) -> Option<ErrorCode> {
        let Some(g) = self.st.groups.get(group_id) else { return Some(ErrorCode::UnknownMemberId) };
        if g.state == GroupState::Dead {
            return Some(ErrorCode::CoordinatorNotAvailable);
        }
        if let Some(i) = g.pending_members.iter().position(|m| m == member_id) {
            self.st.groups.get_mut(group_id).expect("exists").pending_members.remove(i);
            self.maybe_complete_join(group_id);
            return None;
        }
        if !g.has_member(member_id) {
            return Some(ErrorCode::UnknownMemberId);
        }
        if let Some(err) = fenced(g, member_id, instance_id) {
            return Some(err);
        }
        self.remove_member_and_update(group_id, member_id, &format!("removing member {member_id} on LeaveGroup; client reason: {reason}"));
        None
    }

    /// `OffsetMetadataManager.validateOffsetCommit` for classic groups, then the write.
    pub(super) fn handle_offset_commit(
        &mut self,
        group_id: &Rc<str>,
        member_id: &str,
        instance_id: Option<&str>,
        generation: i32,
        offsets: &[(TopicPartition, i64)],
    ) -> Result<(), ErrorCode> {
        let now = self.st.now;
        if self.st.consumer_groups.contains_key(group_id) {
            return self.consumer_group_offset_commit(group_id, member_id, generation, offsets);
        }
        match self.st.groups.get(group_id) {
            None if generation < 0 && member_id.is_empty() => {
                self.st.groups.insert(group_id.clone(), ClassicGroup::new(group_id.clone(), now));
            }
            None => return Err(ErrorCode::IllegalGeneration),
            Some(g) if generation < 0 && member_id.is_empty() => {
                if g.state != GroupState::Empty {
                    return Err(ErrorCode::IllegalGeneration);
                }
            }
            Some(g) => {
                if !g.has_member(member_id) {
                    return Err(ErrorCode::UnknownMemberId);
                }
                if let Some(err) = fenced(g, member_id, instance_id) {
                    return Err(err);
                }
                if generation != g.generation_id {
                    return Err(ErrorCode::IllegalGeneration);
                }
                if g.state == GroupState::CompletingRebalance {
                    return Err(ErrorCode::RebalanceInProgress);
                }
            }
        }
        // an admin's commit (no member) carries no leader epoch
        let epochs: Vec<Option<i32>> =
            offsets.iter().map(|(tp, o)| if member_id.is_empty() { None } else { self.offset_leader_epoch(tp, *o) }).collect();
        let g = self.st.groups.get_mut(group_id).expect("exists");
        for ((tp, offset), leader_epoch) in offsets.iter().zip(epochs) {
            g.offsets.insert(tp.clone(), CommittedOffset { offset: *offset, commit_timestamp: now, leader_epoch });
        }
        if !member_id.is_empty() {
            self.reschedule_heartbeat(group_id, member_id);
        }
        self.append_offset_records(group_id, offsets);
        self.emit(Event::OffsetsCommitted { group: group_id.clone(), member_id: member_id.to_string(), offsets: offsets.to_vec() });
        Ok(())
    }

    /// Commits are records in `__consumer_offsets` (readable text here; Kafka's are binary).
    pub(super) fn append_offset_records(&mut self, group_id: &str, offsets: &[(TopicPartition, i64)]) {
        let records: Vec<NewRecord> =
            offsets.iter().map(|(tp, o)| NewRecord::keyed(format!("{group_id},{},{}", tp.topic, tp.partition), o.to_string())).collect();
        if records.is_empty() {
            return;
        }
        let p = coordinator_partition(group_id);
        let _ = self.produce_batch(OFFSETS_TOPIC, p, &records);
    }

    pub(super) fn on_group_timer(&mut self, group_id: Rc<str>, timer: GroupTimer, generation: u64) {
        let timer = match timer {
            GroupTimer::ConsumerSession { member_id, timer } => return self.on_consumer_session_timeout(&group_id, &member_id, timer),
            GroupTimer::ConsumerRebalance { member_id, member_epoch, timer } => {
                return self.on_consumer_rebalance_timeout(&group_id, &member_id, member_epoch, timer)
            }
            t => t,
        };
        let Some(g) = self.st.groups.get(&group_id) else { return };
        match timer {
            GroupTimer::Join if generation == g.rebalance_timer_generation && g.state == GroupState::PreparingRebalance => {
                self.complete_join(&group_id);
            }
            GroupTimer::InitialDelay { delay, remaining } if generation == g.rebalance_timer_generation => {
                if g.state != GroupState::PreparingRebalance {
                    return;
                }
                if g.new_member_added && remaining != 0 {
                    let next_delay = GROUP_INITIAL_REBALANCE_DELAY_MS.min(remaining);
                    let next_remaining = (remaining - delay).max(0);
                    self.st.groups.get_mut(&group_id).expect("exists").new_member_added = false;
                    self.schedule_group_timer(
                        &group_id,
                        next_delay,
                        GroupTimer::InitialDelay { delay: next_delay, remaining: next_remaining },
                    );
                } else {
                    self.complete_join(&group_id);
                }
            }
            GroupTimer::PendingSync { generation: gen } if generation == g.rebalance_timer_generation => {
                if gen != g.generation_id || !matches!(g.state, GroupState::CompletingRebalance | GroupState::Stable) {
                    return;
                }
                let late: Vec<String> = g.members.iter().filter(|m| m.awaiting_sync).map(|m| m.member_id.clone()).collect();
                if late.is_empty() {
                    return;
                }
                for id in &late {
                    self.remove_member(&group_id, id);
                    self.emit(Event::MemberRemoved {
                        group: group_id.clone(),
                        member_id: id.clone(),
                        reason: "no SyncGroup before the rebalance timeout".into(),
                    });
                }
                self.prepare_rebalance(&group_id, &format!("Removing [{}] on pending sync request expiration", late.join(", ")));
            }
            GroupTimer::Session { member_id, heartbeat_generation } => {
                let Some(m) = g.member(&member_id) else { return };
                if m.heartbeat_generation != heartbeat_generation || m.awaiting_join {
                    return;
                }
                if g.state == GroupState::Dead {
                    return;
                }
                self.remove_member_and_update(&group_id, &member_id, &format!("removing member {member_id} on heartbeat expiration"));
            }
            GroupTimer::PendingMember { member_id } => {
                if let Some(i) = g.pending_members.iter().position(|m| *m == member_id) {
                    self.st.groups.get_mut(&group_id).expect("exists").pending_members.remove(i);
                    self.maybe_complete_join(&group_id);
                }
            }
            _ => {} // a cancelled timer
        }
    }
}

/// `ClassicGroup.validateMember`: the static instance first (a zombie whose instance came
/// back under another member id is FENCED_INSTANCE_ID, not merely unknown), then the member.
fn validate_member(g: &ClassicGroup, member_id: &str, instance_id: Option<&str>) -> Option<ErrorCode> {
    fenced(g, member_id, instance_id).or_else(|| (!g.has_member(member_id)).then_some(ErrorCode::UnknownMemberId))
}

/// `FENCED_INSTANCE_ID` when a static member's instance now belongs to another member id.
fn fenced(g: &ClassicGroup, member_id: &str, instance_id: Option<&str>) -> Option<ErrorCode> {
    let instance = instance_id?;
    match g.static_members.get(instance) {
        Some(id) if id != member_id => Some(ErrorCode::FencedInstanceId),
        None => Some(ErrorCode::UnknownMemberId),
        _ => None,
    }
}

fn g_state_name(sim: &Sim, group_id: &Rc<str>) -> &'static str {
    sim.st.groups.get(group_id).map_or("Dead", |g| g.state.name())
}

fn error_response(request: &GroupRequest, error: ErrorCode) -> GroupResponse {
    let e = Some(error);
    match request {
        GroupRequest::JoinGroup { member_id, .. } => GroupResponse::JoinGroup {
            error: e,
            member_id: member_id.clone(),
            generation_id: -1,
            protocol_name: None,
            leader: None,
            members: vec![],
            skip_assignment: false,
        },
        GroupRequest::SyncGroup { .. } => GroupResponse::SyncGroup { error: e, assignment: vec![] },
        GroupRequest::Heartbeat { .. } => GroupResponse::Heartbeat { error: e },
        GroupRequest::LeaveGroup { .. } => GroupResponse::LeaveGroup { error: e },
        GroupRequest::OffsetCommit { offsets, .. } => GroupResponse::OffsetCommit { error: e, offsets: offsets.clone() },
        GroupRequest::OffsetFetch { partitions } => {
            GroupResponse::OffsetFetch { error: e, offsets: partitions.iter().map(|tp| (tp.clone(), None)).collect() }
        }
        GroupRequest::ConsumerGroupHeartbeat(_) => GroupResponse::ConsumerGroupHeartbeat(
            super::super::group::protocol::ConsumerGroupHeartbeatResponse::error(error, error.default_message()),
        ),
    }
}
