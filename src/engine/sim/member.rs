//! The consumer client's side of the classic group protocol.
//!
//! Models `AbstractCoordinator` and `ConsumerCoordinator`
//! (clients/src/main/java/org/apache/kafka/clients/consumer/internals/): the join
//! (`onJoinPrepare`, JoinGroup with the MEMBER_ID_REQUIRED round, the leader's
//! assignment, SyncGroup, `onJoinComplete`), the heartbeat thread, `max.poll.interval.ms`,
//! auto-commit, and the application's poll loop.
//!
//! Simplifications: a consumer fetches from the leader's log directly when it polls
//! (Kafka's fetcher pipelines fetch requests); an idle consumer waits in poll until new
//! records are committed instead of returning every poll timeout; an auto-commit with
//! nothing new to commit is skipped.

use std::collections::BTreeSet;
use std::rc::Rc;

use super::super::assignor::{ClientAssignor, MemberSubscription, RebalanceProtocol, TopicPartition};
use super::super::clients::{Consumer, MemberPhase};
use super::super::error::ErrorCode;
use super::super::event::Event;
use super::super::group::protocol::{GroupApi, GroupRequest, GroupResponse, Subscription};
use super::{Action, Sim};

/// Why a consumer's partitions left it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Loss {
    Revoked,
    Lost,
}

impl Sim {
    fn consumer_mut(&mut self, id: u32) -> Option<&mut Consumer> {
        self.st.consumers.get_mut(&id)
    }

    /// Sends a group request from a consumer to its coordinator.
    pub(super) fn send_group_request(&mut self, consumer: u32, request: GroupRequest) {
        let Some(c) = self.st.consumers.get(&consumer) else { return };
        let Some(group) = c.group_id.clone() else { return };
        if !c.alive || c.disconnected {
            return;
        }
        let api = request.api();
        let coordinator = self.coordinator_for(&group);
        let timeout = match &request {
            GroupRequest::JoinGroup { rebalance_timeout_ms, .. } => rebalance_timeout_ms + 5_000,
            _ => c.config.request_timeout_ms,
        };
        let c = self.consumer_mut(consumer).expect("checked above");
        c.member.seq += 1;
        let seq = c.member.seq;
        c.member.in_flight.retain(|(a, _)| *a != api);
        c.member.in_flight.push((api, seq));
        let member_id = c.member.member_id.clone();
        let Some(broker) = coordinator else {
            // no coordinator can be found: FindCoordinator fails, retry after the backoff
            let backoff = c.config.retry_backoff_ms;
            c.member.in_flight.retain(|(a, _)| *a != api);
            self.emit(Event::GroupRequestSent {
                group,
                consumer,
                member_id,
                api,
                coordinator: None,
                detail: "COORDINATOR_NOT_AVAILABLE: no leader for the group's __consumer_offsets partition".into(),
            });
            self.schedule_poll(consumer, backoff.max(1));
            return;
        };
        let detail = describe_request(&request);
        self.emit(Event::GroupRequestSent { group: group.clone(), consumer, member_id, api, coordinator: Some(broker), detail });
        let d = self.delay();
        self.schedule(d, Action::GroupRequestArrive { consumer, broker, group, seq, request });
        self.schedule(timeout, Action::GroupRequestTimeout { consumer, api, seq });
    }

    /// A response reaches the consumer.
    pub(super) fn on_group_response(&mut self, consumer: u32, group: Rc<str>, seq: u64, response: GroupResponse) {
        let api = response.api();
        let Some(c) = self.st.consumers.get_mut(&consumer) else { return };
        if !c.alive || c.disconnected || !c.member.in_flight.contains(&(api, seq)) {
            return; // the client is gone, cut off, or gave up on this request
        }
        c.member.in_flight.retain(|(a, _)| *a != api);
        let member_id = c.member.member_id.clone();
        self.emit(Event::GroupResponseReceived {
            group,
            consumer,
            member_id,
            api,
            error: response.error(),
            detail: describe_response(&response),
        });
        match response {
            GroupResponse::JoinGroup { error, member_id, generation_id, protocol_name, leader, members } => {
                self.on_join_response(consumer, error, member_id, generation_id, protocol_name, leader, members)
            }
            GroupResponse::SyncGroup { error, assignment } => self.on_sync_response(consumer, error, assignment),
            GroupResponse::Heartbeat { error } => self.on_heartbeat_response(consumer, error),
            GroupResponse::LeaveGroup { .. } => {}
            GroupResponse::OffsetCommit { error, offsets } => self.on_commit_response(consumer, error, offsets),
            GroupResponse::OffsetFetch { offsets, .. } => {
                let c = self.consumer_mut(consumer).expect("checked above");
                for (tp, o) in offsets {
                    if let Some(o) = o {
                        c.positions.insert((tp.topic.clone(), tp.partition), o);
                    }
                }
                c.member.needs_committed = false;
                self.schedule_poll(consumer, 0);
            }
        }
    }

    pub(super) fn on_group_request_timeout(&mut self, consumer: u32, api: GroupApi, seq: u64) {
        let Some(c) = self.st.consumers.get_mut(&consumer) else { return };
        if !c.member.in_flight.contains(&(api, seq)) {
            return;
        }
        c.member.in_flight.retain(|(a, _)| *a != api);
        let group = c.group_id.clone().expect("group requests come from group members");
        let member_id = c.member.member_id.clone();
        self.emit(Event::GroupResponseReceived {
            group,
            consumer,
            member_id,
            api,
            error: Some(ErrorCode::RequestTimedOut),
            detail: "no answer: the coordinator is marked unknown".into(),
        });
        // the coordinator is marked unknown; the next poll rediscovers it and retries
        let c = self.consumer_mut(consumer).expect("checked above");
        match api {
            GroupApi::JoinGroup | GroupApi::SyncGroup => c.member.phase = MemberPhase::Unjoined,
            GroupApi::OffsetCommit if c.member.phase == MemberPhase::CommittingBeforeJoin => c.member.phase = MemberPhase::Unjoined,
            _ => {}
        }
        self.schedule_poll(consumer, 0);
    }

    /// Schedules the application's next `poll()`.
    pub(super) fn schedule_poll(&mut self, consumer: u32, delay: i64) {
        let Some(c) = self.consumer_mut(consumer) else { return };
        c.poll_generation += 1;
        c.waiting = false;
        let generation = c.poll_generation;
        self.schedule(delay, Action::ConsumerPoll { consumer, generation });
    }

    /// `KafkaConsumer.poll`: keeps the group membership going, then fetches.
    pub(super) fn on_consumer_poll(&mut self, consumer: u32, generation: u64) {
        let now = self.st.now;
        let Some(c) = self.st.consumers.get_mut(&consumer) else { return };
        if !c.alive || c.poll_generation != generation {
            return;
        }
        c.last_poll_ms = now;
        if c.group_id.is_some() && !c.member.fatal {
            match c.member.phase {
                MemberPhase::Unjoined => return self.start_join(consumer),
                MemberPhase::CommittingBeforeJoin | MemberPhase::Joining | MemberPhase::Syncing => return, // a response will poll again
                MemberPhase::Stable if c.member.rejoin_needed => return self.start_join(consumer),
                MemberPhase::Stable => {}
            }
            if c.member.needs_committed {
                if !c.member.in_flight.iter().any(|(a, _)| *a == GroupApi::OffsetFetch) {
                    let partitions = c.member.owned.clone();
                    self.send_group_request(consumer, GroupRequest::OffsetFetch { partitions });
                }
                return;
            }
            let c = &self.st.consumers[&consumer];
            if c.config.enable_auto_commit && now - c.member.last_commit_ms >= c.config.auto_commit_interval_ms {
                self.commit_positions(consumer, false);
            }
        }
        self.fetch_for_consumer(consumer);
    }

    /// `onJoinPrepare` then JoinGroup: eager members revoke everything first, cooperative
    /// members only what they no longer subscribe to; a member that lost its generation
    /// loses its partitions instead. With auto-commit, offsets are committed first.
    fn start_join(&mut self, consumer: u32) {
        let c = &self.st.consumers[&consumer];
        if c.config.enable_auto_commit
            && c.member.generation >= 0
            && !c.member.owned.is_empty()
            && c.member.phase == MemberPhase::Stable
            && !c.member.committed_before_join
        {
            let c = self.consumer_mut(consumer).expect("exists");
            c.member.phase = MemberPhase::CommittingBeforeJoin;
            self.commit_positions(consumer, true);
            return;
        }
        let c = self.consumer_mut(consumer).expect("exists");
        c.member.committed_before_join = false;
        let cooperative = c.cooperative();
        let lost = c.member.member_id.is_empty() || c.member.generation < 0;
        let subscribed: BTreeSet<String> = c.subscription.iter().cloned().collect();
        let give_up: Vec<TopicPartition> = if lost || !cooperative {
            c.member.owned.clone()
        } else {
            c.member.owned.iter().filter(|tp| !subscribed.contains(&*tp.topic)).cloned().collect()
        };
        self.release_partitions(consumer, &give_up, if lost { Loss::Lost } else { Loss::Revoked });
        let c = self.consumer_mut(consumer).expect("exists");
        c.member.phase = MemberPhase::Joining;
        c.member.rejoin_needed = false;
        let reason = std::mem::take(&mut c.member.rejoin_reason);
        let request = GroupRequest::JoinGroup {
            member_id: c.member.member_id.clone(),
            instance_id: c.config.group_instance_id.clone(),
            client_id: c.client_id.clone(),
            session_timeout_ms: c.config.session_timeout_ms,
            rebalance_timeout_ms: c.config.max_poll_interval_ms,
            protocol_type: "consumer".into(),
            protocols: c.join_protocols(),
            reason,
        };
        self.send_group_request(consumer, request);
    }

    /// The member's generation is reset (`resetGenerationOnResponseError`, or leaving on
    /// a poll timeout): it is no longer a member, so its partitions are lost.
    /// Simplification: Kafka calls `onPartitionsLost` at the application's next poll;
    /// here the loss shows at once.
    fn reset_member(&mut self, consumer: u32, member_id_too: bool) {
        let Some(c) = self.consumer_mut(consumer) else { return };
        c.member.reset_generation(member_id_too);
        let owned = c.member.owned.clone();
        self.release_partitions(consumer, &owned, Loss::Lost);
    }

    fn release_partitions(&mut self, consumer: u32, partitions: &[TopicPartition], how: Loss) {
        if partitions.is_empty() {
            return;
        }
        let c = self.consumer_mut(consumer).expect("exists");
        c.member.owned.retain(|tp| !partitions.contains(tp));
        for tp in partitions {
            c.positions.remove(&(tp.topic.clone(), tp.partition));
        }
        let group = c.group_id.clone().expect("group member");
        let partitions = partitions.to_vec();
        self.emit(match how {
            Loss::Revoked => Event::PartitionsRevoked { group, consumer, partitions },
            Loss::Lost => Event::PartitionsLost { group, consumer, partitions },
        });
    }

    #[allow(clippy::too_many_arguments)]
    fn on_join_response(
        &mut self,
        consumer: u32,
        error: Option<ErrorCode>,
        member_id: String,
        generation: i32,
        protocol: Option<String>,
        leader: Option<String>,
        members: Vec<super::super::group::protocol::JoinedMember>,
    ) {
        let c = self.consumer_mut(consumer).expect("exists");
        match error {
            None => {}
            Some(ErrorCode::MemberIdRequired) => {
                // KIP-394: join again, now with the member id the coordinator chose
                c.member.member_id = member_id;
                c.member.phase = MemberPhase::Unjoined;
                return self.start_join(consumer);
            }
            Some(ErrorCode::UnknownMemberId) => {
                c.member.phase = MemberPhase::Unjoined;
                self.reset_member(consumer, true);
                return self.schedule_poll(consumer, 0);
            }
            Some(ErrorCode::IllegalGeneration | ErrorCode::RebalanceInProgress) => {
                c.member.phase = MemberPhase::Unjoined;
                self.reset_member(consumer, false);
                return self.schedule_poll(consumer, 0);
            }
            Some(ErrorCode::NotCoordinator | ErrorCode::CoordinatorNotAvailable | ErrorCode::CoordinatorLoadInProgress) => {
                c.member.phase = MemberPhase::Unjoined;
                let backoff = c.config.retry_backoff_ms;
                return self.schedule_poll(consumer, backoff);
            }
            Some(fatal) => return self.consumer_fatal(consumer, fatal),
        }
        c.member.member_id = member_id.clone();
        c.member.generation = generation;
        c.member.protocol = protocol.clone();
        c.member.is_leader = leader.as_deref() == Some(member_id.as_str());
        c.member.phase = MemberPhase::Syncing;
        let assignments = if c.member.is_leader { self.run_assignor(consumer, protocol.as_deref(), &members) } else { Vec::new() };
        let c = self.consumer_mut(consumer).expect("exists");
        let request = GroupRequest::SyncGroup {
            member_id,
            instance_id: c.config.group_instance_id.clone(),
            generation_id: generation,
            protocol_name: protocol,
            assignments,
        };
        self.send_group_request(consumer, request);
        self.start_heartbeats(consumer);
    }

    /// The leader runs the chosen assignor over every member's subscription
    /// (`ConsumerCoordinator.onLeaderElected`).
    fn run_assignor(
        &mut self,
        consumer: u32,
        protocol: Option<&str>,
        members: &[super::super::group::protocol::JoinedMember],
    ) -> Vec<(String, Vec<TopicPartition>)> {
        let Some(assignor) = protocol.and_then(|p| ClientAssignor::from_name(p).ok()) else { return Vec::new() };
        let topics: BTreeSet<&String> = members.iter().flat_map(|m| m.subscription.topics.iter()).collect();
        let partitions_per_topic =
            topics.into_iter().filter_map(|t| self.st.topics.get(t.as_str()).map(|tp| (t.clone(), tp.partitions.len() as u32))).collect();
        let subs: Vec<MemberSubscription> = members
            .iter()
            .map(|m| MemberSubscription {
                member_id: m.member_id.clone(),
                instance_id: m.instance_id.clone(),
                topics: m.subscription.topics.clone(),
                owned: m.subscription.owned_partitions.clone(),
                generation: (m.subscription.generation_id >= 0).then_some(m.subscription.generation_id),
            })
            .collect();
        let result = assignor.assign(&partitions_per_topic, &subs);
        let group = self.st.consumers[&consumer].group_id.clone().expect("group member");
        self.emit(Event::AssignmentComputed {
            group,
            consumer,
            assignor: assignor.name().to_string(),
            assignment: result.iter().map(|(m, a)| (m.clone(), a.clone())).collect(),
        });
        let snapshot = partitions_per_topic_of(&self.st.topics, &self.st.consumers[&consumer].subscription);
        let now = self.st.now;
        if let Some(c) = self.consumer_mut(consumer) {
            c.member.metadata_snapshot = snapshot;
            c.member.metadata_snapshot_ms = now;
        }
        result.into_iter().collect()
    }

    fn on_sync_response(&mut self, consumer: u32, error: Option<ErrorCode>, assignment: Vec<TopicPartition>) {
        let c = self.consumer_mut(consumer).expect("exists");
        match error {
            None => {}
            Some(ErrorCode::RebalanceInProgress) => {
                c.member.phase = MemberPhase::Unjoined;
                return self.schedule_poll(consumer, 0);
            }
            Some(ErrorCode::UnknownMemberId | ErrorCode::IllegalGeneration) => {
                let keep_id = error == Some(ErrorCode::IllegalGeneration);
                c.member.phase = MemberPhase::Unjoined;
                self.reset_member(consumer, !keep_id);
                return self.schedule_poll(consumer, 0);
            }
            Some(ErrorCode::NotCoordinator | ErrorCode::CoordinatorNotAvailable) => {
                c.member.phase = MemberPhase::Unjoined;
                return self.schedule_poll(consumer, 0);
            }
            Some(fatal) => return self.consumer_fatal(consumer, fatal),
        }
        // `onJoinComplete`
        let cooperative = c.cooperative();
        let owned = c.member.owned.clone();
        let revoked: Vec<TopicPartition> = owned.iter().filter(|tp| !assignment.contains(tp)).cloned().collect();
        let added: Vec<TopicPartition> = assignment.iter().filter(|tp| !owned.contains(tp)).cloned().collect();
        c.member.phase = MemberPhase::Stable;
        if cooperative && !revoked.is_empty() {
            // KIP-429: give up what moves, then rejoin at once for the second round
            c.member.rejoin_needed = true;
            c.member.rejoin_reason = format!("need to revoke partitions {} and re-join", show(&revoked));
        }
        self.release_partitions(consumer, &revoked, Loss::Revoked);
        let c = self.consumer_mut(consumer).expect("exists");
        c.member.owned = assignment.clone();
        c.member.needs_committed =
            !added.is_empty() || c.member.owned.iter().any(|tp| !c.positions.contains_key(&(tp.topic.clone(), tp.partition)));
        let group = c.group_id.clone().expect("group member");
        let generation = c.member.generation;
        self.emit(Event::PartitionsAssigned { group, consumer, generation, partitions: added, assignment });
        self.schedule_poll(consumer, 0);
    }

    fn start_heartbeats(&mut self, consumer: u32) {
        let Some(c) = self.consumer_mut(consumer) else { return };
        c.member.heartbeat_generation += 1;
        let (interval, generation) = (c.config.heartbeat_interval_ms, c.member.heartbeat_generation);
        self.schedule(interval, Action::HeartbeatTick { consumer, generation });
    }

    /// The heartbeat thread: every `heartbeat.interval.ms`, and the poll-timeout check.
    pub(super) fn on_heartbeat_tick(&mut self, consumer: u32, generation: u64) {
        let now = self.st.now;
        let Some(c) = self.st.consumers.get_mut(&consumer) else { return };
        if !c.alive || c.member.heartbeat_generation != generation || c.member.fatal {
            return;
        }
        let interval = c.config.heartbeat_interval_ms;
        if !c.waiting && now - c.last_poll_ms > c.config.max_poll_interval_ms && c.member.phase == MemberPhase::Stable {
            // `maybeLeaveGroup("consumer poll timeout has expired")`; a static member
            // just stops heartbeating and is removed at the session timeout
            let static_member = c.config.group_instance_id.is_some();
            let group = c.group_id.clone().expect("group member");
            let member_id = c.member.member_id.clone();
            self.emit(Event::PollTimeoutExpired { group, consumer, member_id: member_id.clone() });
            let c = self.consumer_mut(consumer).expect("exists");
            c.member.heartbeat_generation += 1;
            // `maybeLeaveGroup`: LeaveGroup for a dynamic member; both reset their generation
            if !static_member {
                let request =
                    GroupRequest::LeaveGroup { member_id, instance_id: None, reason: "consumer poll timeout has expired.".into() };
                self.send_group_request(consumer, request);
            }
            let c = self.consumer_mut(consumer).expect("exists");
            c.member.phase = MemberPhase::Unjoined;
            self.reset_member(consumer, true);
            return;
        }
        if c.member.is_leader && c.member.phase == MemberPhase::Stable && !c.member.rejoin_needed {
            self.leader_metadata_check(consumer);
        }
        let c = &self.st.consumers[&consumer];
        if matches!(c.member.phase, MemberPhase::Stable | MemberPhase::Syncing)
            && !c.member.in_flight.iter().any(|(a, _)| *a == GroupApi::Heartbeat)
        {
            let request = GroupRequest::Heartbeat {
                member_id: c.member.member_id.clone(),
                instance_id: c.config.group_instance_id.clone(),
                generation_id: c.member.generation,
            };
            self.send_group_request(consumer, request);
        }
        self.schedule(interval, Action::HeartbeatTick { consumer, generation });
    }

    /// The leader compares the metadata it assigned from with the cluster's
    /// (`ConsumerCoordinator.rejoinNeededOrPending`): a subscribed topic that appeared is
    /// noticed at once (the client asks for it), a changed partition count at the next
    /// periodic refresh (`metadata.max.age.ms`, 5 minutes).
    fn leader_metadata_check(&mut self, consumer: u32) {
        const METADATA_MAX_AGE_MS: i64 = 300_000;
        let now = self.st.now;
        let c = &self.st.consumers[&consumer];
        let current = partitions_per_topic_of(&self.st.topics, &c.subscription);
        if current == c.member.metadata_snapshot {
            return;
        }
        let new_topic = current.iter().any(|(t, _)| !c.member.metadata_snapshot.iter().any(|(s, _)| s == t));
        if !new_topic && now - c.member.metadata_snapshot_ms < METADATA_MAX_AGE_MS {
            return;
        }
        let c = self.consumer_mut(consumer).expect("exists");
        c.member.rejoin_needed = true;
        c.member.rejoin_reason = "cached metadata has changed".into();
        self.schedule_poll(consumer, 0);
    }

    fn on_heartbeat_response(&mut self, consumer: u32, error: Option<ErrorCode>) {
        let c = self.consumer_mut(consumer).expect("exists");
        match error {
            None => return,
            Some(ErrorCode::RebalanceInProgress) => {
                if c.member.phase == MemberPhase::Stable {
                    c.member.rejoin_needed = true;
                    c.member.rejoin_reason = "group is already rebalancing".into();
                }
            }
            Some(ErrorCode::IllegalGeneration) => {
                c.member.phase = MemberPhase::Unjoined;
                self.reset_member(consumer, false);
            }
            Some(ErrorCode::UnknownMemberId) => {
                c.member.phase = MemberPhase::Unjoined;
                self.reset_member(consumer, true);
            }
            Some(ErrorCode::FencedInstanceId) => return self.consumer_fatal(consumer, ErrorCode::FencedInstanceId),
            Some(_) => {} // coordinator errors: rediscovered on the next request
        }
        if !self.consumer_mut(consumer).expect("exists").waiting {
            return; // a busy application notices at its next poll
        }
        self.schedule_poll(consumer, 0);
    }

    /// Commits the consumer's positions for its owned partitions.
    pub(super) fn commit_positions(&mut self, consumer: u32, before_join: bool) {
        let now = self.st.now;
        let c = self.consumer_mut(consumer).expect("exists");
        c.member.last_commit_ms = now;
        let offsets: Vec<(TopicPartition, i64)> = c
            .member
            .owned
            .iter()
            .filter_map(|tp| c.positions.get(&(tp.topic.clone(), tp.partition)).map(|o| (tp.clone(), *o)))
            .filter(|(tp, o)| c.member.last_committed.get(tp) != Some(o) || before_join)
            .collect();
        if offsets.is_empty() {
            if before_join {
                c.member.committed_before_join = true;
                c.member.phase = MemberPhase::Stable;
                self.start_join(consumer);
            }
            return;
        }
        let request = GroupRequest::OffsetCommit {
            member_id: c.member.member_id.clone(),
            instance_id: c.config.group_instance_id.clone(),
            generation_id: c.member.generation,
            offsets,
        };
        self.send_group_request(consumer, request);
    }

    fn on_commit_response(&mut self, consumer: u32, error: Option<ErrorCode>, offsets: Vec<(TopicPartition, i64)>) {
        let c = self.consumer_mut(consumer).expect("exists");
        if let Some(error) = error {
            let group = c.group_id.clone().expect("group member");
            self.emit(Event::CommitFailed { group, consumer, error });
            let c = self.consumer_mut(consumer).expect("exists");
            if matches!(error, ErrorCode::IllegalGeneration | ErrorCode::UnknownMemberId) {
                c.member.rejoin_needed = true;
                self.reset_member(consumer, error == ErrorCode::UnknownMemberId);
            }
        } else {
            for (tp, o) in offsets {
                c.member.last_committed.insert(tp, o);
            }
        }
        let c = self.consumer_mut(consumer).expect("exists");
        if c.member.phase == MemberPhase::CommittingBeforeJoin {
            c.member.committed_before_join = true;
            c.member.phase = MemberPhase::Stable;
            self.start_join(consumer);
        } else if c.closing {
            self.finish_close(consumer);
        }
    }

    /// A fatal error (e.g. FENCED_INSTANCE_ID, INCONSISTENT_GROUP_PROTOCOL): the
    /// application's `poll()` throws and the consumer stops.
    fn consumer_fatal(&mut self, consumer: u32, error: ErrorCode) {
        let Some(c) = self.consumer_mut(consumer) else { return };
        c.member.fatal = true;
        c.alive = false;
        let group = c.group_id.clone().expect("group member");
        self.emit(Event::ConsumerFailed { group, consumer, error });
    }

    /// `close()`: commit (with auto-commit), then LeaveGroup for a dynamic member.
    pub(super) fn close_group_consumer(&mut self, consumer: u32) {
        let c = self.consumer_mut(consumer).expect("checked by caller");
        c.closing = true;
        if c.config.enable_auto_commit && c.member.generation >= 0 && !c.member.owned.is_empty() {
            self.commit_positions(consumer, false);
            if self.st.consumers[&consumer].member.in_flight.iter().any(|(a, _)| *a == GroupApi::OffsetCommit) {
                return; // finish_close runs when the commit is answered
            }
        }
        self.finish_close(consumer);
    }

    fn finish_close(&mut self, consumer: u32) {
        let Some(c) = self.st.consumers.get(&consumer) else { return };
        let owned = c.member.owned.clone();
        if c.config.group_instance_id.is_none() && !c.member.member_id.is_empty() {
            let request = GroupRequest::LeaveGroup {
                member_id: c.member.member_id.clone(),
                instance_id: None,
                reason: "the consumer is being closed".into(),
            };
            self.send_group_request(consumer, request);
        }
        self.release_partitions(consumer, &owned, Loss::Revoked);
        let c = self.consumer_mut(consumer).expect("exists");
        c.alive = false;
        let group = c.group_id.clone();
        self.emit(Event::ConsumerClosed { consumer, group, clean: true });
    }

    /// Records for the consumer's partitions from their leaders, up to the high watermark.
    fn fetch_for_consumer(&mut self, consumer: u32) {
        let c = &self.st.consumers[&consumer];
        let parts: Vec<(Rc<str>, u32)> = if c.group_id.is_some() && !c.subscription.is_empty() {
            c.member.owned.iter().filter_map(|tp| self.st.topics.get(&*tp.topic).map(|t| (t.name.clone(), tp.partition))).collect()
        } else {
            c.assignment.clone()
        };
        let processing = c.processing_ms_per_record;
        let n = match self.poll_partitions(consumer, &parts) {
            Ok(n) => n,
            Err(e) => {
                let group = self.st.consumers[&consumer].group_id.clone();
                self.emit(Event::ConsumerError { consumer, group, error: e.code, message: e.message });
                0
            }
        };
        if n > 0 {
            self.schedule_poll(consumer, (n as i64 * processing).max(1));
        } else if let Some(c) = self.st.consumers.get_mut(&consumer) {
            let now = self.st.now;
            c.waiting = true; // woken when new records are committed
                              // the real poll loop keeps returning, so auto-commit still happens on time
            let pending =
                c.member.owned.iter().any(|tp| {
                    c.positions.get(&(tp.topic.clone(), tp.partition)).is_some_and(|o| c.member.last_committed.get(tp) != Some(o))
                });
            if c.group_id.is_some() && c.config.enable_auto_commit && pending {
                let due = (c.member.last_commit_ms + c.config.auto_commit_interval_ms - now).max(1);
                let generation = c.poll_generation;
                self.schedule(due, Action::ConsumerPoll { consumer, generation });
            }
        }
    }

    /// New records are committed on a partition: consumers waiting on it poll again.
    pub(super) fn wake_consumers(&mut self, topic: &str, partition: u32) {
        let waiting: Vec<u32> = self
            .st
            .consumers
            .values()
            .filter(|c| c.alive && c.waiting)
            .filter(|c| {
                c.member.owned.iter().any(|tp| &*tp.topic == topic && tp.partition == partition)
                    || c.assignment.iter().any(|(t, p)| &**t == topic && *p == partition)
            })
            .map(|c| c.id)
            .collect();
        let d = self.delay();
        for id in waiting {
            self.schedule_poll(id, d);
        }
    }
}

fn partitions_per_topic_of(
    topics: &std::collections::BTreeMap<Rc<str>, super::super::cluster::Topic>,
    subscription: &[String],
) -> Vec<(String, u32)> {
    subscription.iter().filter_map(|t| topics.get(t.as_str()).map(|tp| (t.clone(), tp.partitions.len() as u32))).collect()
}

/// `topic-0, topic-1` as Kafka's logs print partitions.
pub fn show(tps: &[TopicPartition]) -> String {
    tps.iter().map(|tp| format!("{}-{}", tp.topic, tp.partition)).collect::<Vec<_>>().join(", ")
}

fn describe_request(r: &GroupRequest) -> String {
    match r {
        GroupRequest::JoinGroup { member_id, protocols, .. } => {
            let names: Vec<&str> = protocols.iter().map(|(p, _)| p.as_str()).collect();
            let owned = protocols.first().map(|(_, s)| show(&s.owned_partitions)).unwrap_or_default();
            format!("member id {:?}, protocols [{}], owned [{}]", member_id, names.join(", "), owned)
        }
        GroupRequest::SyncGroup { generation_id, assignments, .. } => {
            if assignments.is_empty() {
                format!("generation {generation_id}")
            } else {
                let a: Vec<String> = assignments.iter().map(|(m, tps)| format!("{m}: [{}]", show(tps))).collect();
                format!("generation {generation_id}, assignments {}", a.join("; "))
            }
        }
        GroupRequest::Heartbeat { generation_id, .. } => format!("generation {generation_id}"),
        GroupRequest::LeaveGroup { reason, .. } => reason.clone(),
        GroupRequest::OffsetCommit { generation_id, offsets, .. } => {
            let o: Vec<String> = offsets.iter().map(|(tp, o)| format!("{}-{}={o}", tp.topic, tp.partition)).collect();
            format!("generation {generation_id}, {}", o.join(", "))
        }
        GroupRequest::OffsetFetch { partitions } => show(partitions),
    }
}

fn describe_response(r: &GroupResponse) -> String {
    match r {
        GroupResponse::JoinGroup { error: Some(ErrorCode::MemberIdRequired), member_id, .. } => format!("use member id {member_id}"),
        GroupResponse::JoinGroup { generation_id, protocol_name, leader, members, .. } => {
            format!(
                "generation {generation_id}, protocol {}, leader {}, {} member(s) listed",
                protocol_name.as_deref().unwrap_or("-"),
                leader.as_deref().unwrap_or("-"),
                members.len()
            )
        }
        GroupResponse::SyncGroup { assignment, .. } => format!("assignment [{}]", show(assignment)),
        GroupResponse::OffsetFetch { offsets, .. } => offsets
            .iter()
            .map(|(tp, o)| format!("{}-{}={}", tp.topic, tp.partition, o.map_or("-".to_string(), |o| o.to_string())))
            .collect::<Vec<_>>()
            .join(", "),
        _ => String::new(),
    }
}

impl Consumer {
    /// The client uses the cooperative protocol only if all its assignors support it
    /// (`ConsumerCoordinator`: the highest protocol common to all assignors).
    pub fn cooperative(&self) -> bool {
        self.config.assignors.iter().all(|a| a.rebalance_protocols().contains(&RebalanceProtocol::Cooperative))
    }

    /// JoinGroup's protocol list: one entry per assignor, in the configured order.
    fn join_protocols(&self) -> Vec<(String, Subscription)> {
        let owned = if self.cooperative() { self.member.owned.clone() } else { Vec::new() };
        self.config
            .assignors
            .iter()
            .map(|a| {
                (
                    a.name().to_string(),
                    Subscription {
                        topics: self.subscription.clone(),
                        owned_partitions: owned.clone(),
                        generation_id: self.member.generation,
                    },
                )
            })
            .collect()
    }
}
