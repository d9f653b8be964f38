//! The consumer client's side of the group protocols.
//!
//! Classic protocol: models `AbstractCoordinator` and `ConsumerCoordinator`
//! (clients/src/main/java/org/apache/kafka/clients/consumer/internals/): the join
//! (`onJoinPrepare`, JoinGroup with the MEMBER_ID_REQUIRED round, the leader's
//! assignment, SyncGroup, `onJoinComplete`), the heartbeat thread, `max.poll.interval.ms`,
//! auto-commit, and the application's poll loop.
//!
//! Consumer protocol (KIP-848, `group.protocol=consumer`): models `ConsumerMembershipManager`
//! (`AbstractMembershipManager`) and `ConsumerHeartbeatRequestManager` of the same package:
//! ConsumerGroupHeartbeat every interval the coordinator gives, and at once when joining,
//! acknowledging or leaving; fields sent only when changed (`HeartbeatState`); each new
//! target assignment reconciled by committing (with auto-commit), revoking, assigning,
//! then acknowledging; fenced members give up their partitions and rejoin with epoch 0;
//! `close()` leaves with epoch -1 (-2 for a static member); a poll timeout leaves too and
//! the member rejoins at its next `poll()`.
//!
//! Simplifications: a consumer fetches from the leader's log directly when it polls
//! (Kafka's fetcher pipelines fetch requests); an idle consumer waits in poll until new
//! records are committed instead of returning every poll timeout; an auto-commit with
//! nothing new to commit is skipped. With the consumer protocol, no rebalance listener is
//! registered, so a reconciliation runs as soon as the assignment arrives (Kafka runs a
//! registered listener's callbacks in the application's next `poll()`); a failed
//! auto-commit before a revocation is not retried (Kafka retries it with the latest
//! epoch until the rebalance timeout), the reconciliation goes on as Kafka's does when the
//! retries run out; retries after errors wait `retry.backoff.ms` without its exponential
//! growth.

use crate::engine::map::Set;
use crate::engine::sorting;
use std::rc::Rc;

use super::super::assignor::{ClientAssignor, MemberSubscription, RebalanceProtocol, TopicPartition};
use super::super::client_config::GroupProtocol;
use super::super::clients::{Consumer, MemberPhase, MembershipState};
use super::super::error::ErrorCode;
use super::super::event::Event;
use super::super::group::consumer_group::{LEAVE_GROUP_MEMBER_EPOCH, LEAVE_GROUP_STATIC_MEMBER_EPOCH};
use super::super::group::protocol::{
    ConsumerGroupHeartbeatRequest, ConsumerGroupHeartbeatResponse, GroupApi, GroupRequest, GroupResponse, StickyUserData, Subscription,
};
use super::{Action, Sim};

/// Why a consumer's partitions left it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Loss {
    Revoked,
    Lost,
}

/// `metadata.max.age.ms`: how often a client refreshes its metadata when nothing asks sooner.
const METADATA_MAX_AGE_MS: i64 = 300_000;
impl Sim {
    fn consumer_mut(&mut self, id: u32) -> Option<&mut Consumer> {
        self.st.consumers.get_mut(&id)
    }

    /// Sends a group request from a consumer to its coordinator; false when it could
    /// not be sent (no coordinator: the member backs off and polls again).
    pub(super) fn send_group_request(&mut self, consumer: u32, request: GroupRequest) -> bool {
        let Some(c) = self.st.consumers.get(&consumer) else { return false };
        let Some(group) = c.group_id.clone() else { return false };
        if !c.alive || c.disconnected {
            return false;
        }
        // FindCoordinator: the first one creates `__consumer_offsets`, if it can
        let (coordinator, unavailable) = match self.coordinator_for(&group) {
            Some(b) => (Some(b), None),
            None => {
                let unavailable = self.ensure_offsets_topic().err();
                (self.coordinator_for(&group), unavailable)
            }
        };
        let c = &self.st.consumers[&consumer];
        let api = request.api();
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
            // no coordinator can be found: FindCoordinator fails, retry after the backoff.
            // The member is where it was before the request: a join starts again, and a
            // commit before joining is tried again before the join.
            let backoff = c.config.retry_backoff_ms;
            c.member.in_flight.retain(|(a, _)| *a != api);
            match &request {
                GroupRequest::JoinGroup { reason, .. } => {
                    c.member.phase = MemberPhase::Unjoined;
                    c.member.rejoin_reason = reason.clone();
                }
                GroupRequest::SyncGroup { .. } => {
                    c.member.phase = MemberPhase::Unjoined;
                    c.member.rejoin_needed = true;
                }
                GroupRequest::OffsetCommit { .. } if c.member.phase == MemberPhase::CommittingBeforeJoin => {
                    c.member.phase = MemberPhase::Stable;
                    c.member.rejoin_needed = true;
                }
                _ => {}
            }
            self.emit(Event::GroupRequestSent {
                group,
                consumer,
                member_id,
                api,
                coordinator: None,
                detail: format!(
                    "COORDINATOR_NOT_AVAILABLE: {}",
                    unavailable.as_deref().unwrap_or("no leader for the group's __consumer_offsets partition")
                ),
            });
            self.schedule_poll(consumer, backoff.max(1));
            return false;
        };
        let detail = describe_request(&request);
        self.emit(Event::GroupRequestSent { group: group.clone(), consumer, member_id, api, coordinator: Some(broker), detail });
        let d = self.delay();
        self.schedule(d, Action::GroupRequestArrive { consumer, broker, group, seq, request });
        self.schedule(timeout, Action::GroupRequestTimeout { consumer, api, seq });
        true
    }

    /// A response reaches the consumer.
    pub(super) fn on_group_response(&mut self, consumer: u32, group: Rc<str>, seq: u64, response: GroupResponse) {
        let api = response.api();
        let Some(c) = self.st.consumers.get_mut(&consumer) else { return };
        if c.disconnected || !c.member.in_flight.contains(&(api, seq)) {
            return; // cut off, or it gave up on this request
        }
        // a crashed consumer hears nothing; a closed one still hears its last answers
        // (its LeaveGroup's), and does nothing more with them
        let closed = !c.alive;
        if closed && !c.closing {
            return;
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
        if closed {
            return;
        }
        match response {
            GroupResponse::JoinGroup { error, member_id, generation_id, protocol_name, leader, members, skip_assignment } => {
                self.on_join_response(consumer, error, member_id, generation_id, protocol_name, leader, members, skip_assignment)
            }
            GroupResponse::SyncGroup { error, assignment } => self.on_sync_response(consumer, error, assignment),
            GroupResponse::Heartbeat { error } => self.on_heartbeat_response(consumer, error),
            GroupResponse::LeaveGroup { .. } => {}
            GroupResponse::OffsetCommit { error, offsets } => self.on_commit_response(consumer, error, offsets),
            GroupResponse::OffsetFetch { offsets, .. } => {
                let c = self.consumer_mut(consumer).expect("checked above");
                for (tp, o) in offsets {
                    // what the group has committed now becomes the member's last commit:
                    // Kafka's auto-commit sends every consumed position, the simulator skips
                    // one equal to the last commit, and a commit from before the member left
                    // may have been reset or deleted since
                    match o {
                        Some(o) => {
                            c.positions.insert((tp.topic.clone(), tp.partition), o);
                            c.member.last_committed.insert(tp, o);
                        }
                        None => {
                            c.member.last_committed.remove(&tp);
                        }
                    }
                }
                c.member.needs_committed = false;
                self.schedule_poll(consumer, 0);
            }
            GroupResponse::ConsumerGroupHeartbeat(r) => self.on_consumer_heartbeat_response(consumer, r),
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
        if self.st.consumers[&consumer].uses_consumer_protocol() {
            return self.on_consumer_protocol_request_timeout(consumer, api);
        }
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
        if c.uses_consumer_protocol() {
            if !c.subscribed() {
                return self.fetch_for_consumer(consumer); // assign() mode: no membership
            }
            if c.pattern.is_some() && c.subscription.is_empty() {
                // Kafka's consumer protocol sends the regular expression and the coordinator
                // resolves it; Kafkascope resolves it here, and a member whose pattern matches
                // nothing waits for the next metadata refresh before it joins
                let due = c.pattern_refreshed_ms.saturating_add(METADATA_MAX_AGE_MS);
                if now >= due {
                    self.refresh_pattern(consumer, false);
                }
                let c = &self.st.consumers[&consumer];
                if c.subscription.is_empty() {
                    let next = c.pattern_refreshed_ms.saturating_add(METADATA_MAX_AGE_MS);
                    return self.schedule_poll(consumer, (next - now).max(1));
                }
            }
            return self.consumer_protocol_poll(consumer);
        }
        if c.group_id.is_some() && !c.member.fatal {
            match c.member.phase {
                MemberPhase::Unjoined => return self.start_join(consumer),
                // KIP-429: a cooperative member goes on fetching the partitions it keeps while
                // it rejoins (`KafkaConsumer.poll` does not wait for the join; no auto-commit then)
                MemberPhase::Joining | MemberPhase::Syncing if c.cooperative() && !c.member.owned.is_empty() => {
                    return self.fetch_for_consumer(consumer)
                }
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

    /// A pattern subscription matched again against the cluster's topics
    /// (`ConsumerCoordinator.maybeUpdateSubscriptionMetadata`, Kafka 4.3). When the matching
    /// topics changed and `rejoin` is set, a member in the group rejoins
    /// (`rejoinNeededOrPending`: "subscription has changed"); a consumer-protocol member
    /// sends its new subscription with the next heartbeat. Simplification: a consumer-protocol
    /// member resolves the pattern itself, where Kafka 4.x's group coordinator resolves the
    /// regular expression it is sent.
    pub(super) fn refresh_pattern(&mut self, consumer: u32, rejoin: bool) {
        let now = self.st.now;
        let Some(pattern) = self.st.consumers.get(&consumer).and_then(|c| c.pattern.clone()) else { return };
        let mut topics = self.topics_matching(&pattern);
        sorting::sort(&mut topics);
        let c = self.consumer_mut(consumer).expect("exists");
        c.pattern_refreshed_ms = now;
        if topics == c.subscription {
            return;
        }
        let before = std::mem::replace(&mut c.subscription, topics);
        if !rejoin {
            return;
        }
        if c.uses_consumer_protocol() {
            c.member.consumer_protocol.subscription_updated = true;
        } else if c.member.phase == MemberPhase::Stable {
            c.member.rejoin_needed = true;
            c.member.rejoin_reason = format!(
                "subscription has changed from [{}] at the beginning of the rebalance to [{}]",
                before.join(", "),
                c.subscription.join(", ")
            );
        }
        self.schedule_poll(consumer, 0);
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
        // a pattern subscriber refreshes its metadata before it rejoins, so one new topic
        // does not cost the group a rebalance per member (`ConsumerCoordinator.poll`)
        self.refresh_pattern(consumer, false);
        let c = self.consumer_mut(consumer).expect("exists");
        c.member.committed_before_join = false;
        let cooperative = c.cooperative();
        let lost = c.member.member_id.is_empty() || c.member.generation < 0;
        let subscribed: Set<String> = c.subscription.iter().cloned().collect();
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
        let keeps_reading = cooperative && !c.member.owned.is_empty();
        if self.send_group_request(consumer, request) && keeps_reading {
            self.schedule_poll(consumer, 0); // the poll loop goes on (see on_consumer_poll)
        }
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
        skip_assignment: bool,
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
            Some(fatal) => return self.consumer_fatal(consumer, fatal, None),
        }
        c.member.member_id = member_id.clone();
        c.member.generation = generation;
        c.member.protocol = protocol.clone();
        c.member.is_leader = leader.as_deref() == Some(member_id.as_str());
        c.member.phase = MemberPhase::Syncing;
        let assignments = if c.member.is_leader && skip_assignment {
            // `ConsumerCoordinator.onLeaderElected` with skipAssignment (Kafka 4.3): "Skipped
            // assignment for returning static leader"; the assignment snapshot is the metadata
            // it has now, and SyncGroup carries no assignments
            let snapshot = partitions_per_topic_of(&self.st.topics, &self.st.consumers[&consumer].subscription);
            let now = self.st.now;
            let c = self.consumer_mut(consumer).expect("exists");
            c.member.metadata_snapshot = snapshot;
            c.member.metadata_snapshot_ms = now;
            Vec::new()
        } else if c.member.is_leader {
            self.run_assignor(consumer, protocol.as_deref(), &members)
        } else {
            Vec::new()
        };
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
        let topics: Set<&String> = members.iter().flat_map(|m| m.subscription.topics.iter()).collect();
        let partitions_per_topic =
            topics.into_iter().filter_map(|t| self.st.topics.get(t.as_str()).map(|tp| (t.clone(), tp.partitions.len() as u32))).collect();
        let subs: Vec<MemberSubscription> = members
            .iter()
            .map(|m| {
                // `memberData`: the eager StickyAssignor reads the previous assignment and its
                // generation from the user data only (none: nothing owned, no generation);
                // cooperative-sticky reads `ownedPartitions` and the subscription's generation.
                let (owned, generation) = match (assignor, &m.subscription.user_data) {
                    (ClientAssignor::Sticky, Some(d)) => (d.previous_assignment.clone(), Some(d.generation)),
                    (ClientAssignor::Sticky, None) => (Vec::new(), None),
                    _ => (
                        m.subscription.owned_partitions.clone(),
                        (m.subscription.generation_id >= 0).then_some(m.subscription.generation_id),
                    ),
                };
                MemberSubscription {
                    member_id: m.member_id.clone(),
                    instance_id: m.instance_id.clone(),
                    topics: m.subscription.topics.clone(),
                    owned,
                    generation,
                }
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
            Some(fatal) => return self.consumer_fatal(consumer, fatal, None),
        }
        // `onJoinComplete` (ConsumerCoordinator, Kafka 4.3): an assignment naming a topic the
        // member no longer subscribes to (a static member came back with another
        // subscription and was handed its old partitions) is not taken; it rejoins with its
        // current subscription
        if !assignment.iter().all(|tp| c.subscription.iter().any(|t| **t == *tp.topic)) {
            let list: Vec<String> = assignment.iter().map(|tp| format!("{}-{}", tp.topic, tp.partition)).collect();
            let subscribed = c.pattern.clone().unwrap_or_else(|| c.subscription.join(","));
            c.member.phase = MemberPhase::Stable;
            c.member.rejoin_needed = true;
            c.member.rejoin_reason = format!(
                "received assignment [{}] does not match the current subscription Subscribe({subscribed}); it is likely that the subscription has changed since we joined the group, will re-join with current subscription",
                list.join(", ")
            );
            return self.schedule_poll(consumer, 0);
        }
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
        // `invokeOnAssignment`: only the chosen assignor hears of it
        if c.member.protocol.as_deref() == Some(ClientAssignor::Sticky.name()) {
            c.member.sticky_user_data = Some(StickyUserData { previous_assignment: assignment.clone(), generation: c.member.generation });
        }
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
        // the client's periodic metadata refresh (`metadata.max.age.ms`) matches a pattern
        // subscription again
        if c.pattern.is_some() && now - c.pattern_refreshed_ms >= METADATA_MAX_AGE_MS {
            self.refresh_pattern(consumer, true);
        }
        let Some(c) = self.st.consumers.get(&consumer) else { return };
        if c.uses_consumer_protocol() {
            return self.consumer_heartbeat_tick(consumer);
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
        // a requested metadata refresh is done by now; only a leader had anything to
        // compare it with (a partition still missing at the next fetch asks again)
        self.consumer_mut(consumer).expect("exists").member.metadata_update_requested = false;
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
    /// noticed at once (the client asks for it), and so is a partition it owns that is
    /// gone (its fetch failed and asked for a refresh); other changes of partition
    /// counts at the next periodic refresh (`metadata.max.age.ms`, 5 minutes).
    fn leader_metadata_check(&mut self, consumer: u32) {
        let now = self.st.now;
        let c = &self.st.consumers[&consumer];
        let current = partitions_per_topic_of(&self.st.topics, &c.subscription);
        if current == c.member.metadata_snapshot {
            return;
        }
        let new_topic = current.iter().any(|(t, _)| !c.member.metadata_snapshot.iter().any(|(s, _)| s == t));
        let refreshed = new_topic || c.member.metadata_update_requested;
        if !refreshed && now - c.member.metadata_snapshot_ms < METADATA_MAX_AGE_MS {
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
            Some(ErrorCode::FencedInstanceId) => return self.consumer_fatal(consumer, ErrorCode::FencedInstanceId, None),
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
        if self.st.consumers[&consumer].uses_consumer_protocol() {
            return self.on_consumer_protocol_commit_response(consumer, error, offsets);
        }
        let c = self.consumer_mut(consumer).expect("exists");
        if let Some(error) = error {
            let group = c.group_id.clone().expect("group member");
            self.emit(Event::CommitFailed { group, consumer, error });
            let c = self.consumer_mut(consumer).expect("exists");
            if matches!(error, ErrorCode::IllegalGeneration | ErrorCode::UnknownMemberId) {
                // `resetGenerationOnResponseError` -> `resetStateAndGeneration`: the member is
                // UNJOINED, so its heartbeat thread sends nothing until it has joined again
                c.member.rejoin_needed = true;
                if c.member.phase == MemberPhase::Stable {
                    c.member.phase = MemberPhase::Unjoined;
                }
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
    /// `message` is the coordinator's error message, when the client's exception carries it.
    fn consumer_fatal(&mut self, consumer: u32, error: ErrorCode, message: Option<Rc<str>>) {
        let Some(c) = self.consumer_mut(consumer) else { return };
        c.member.fatal = true;
        c.alive = false;
        let group = c.group_id.clone().expect("group member");
        self.emit(Event::ConsumerFailed { group, consumer, error, message });
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
        if c.uses_consumer_protocol() {
            return self.consumer_protocol_close(consumer);
        }
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
        let parts: Vec<(Rc<str>, u32)> = if c.group_id.is_some() && c.subscribed() {
            // partitions of a deleted topic too: their fetch fails (see `read_for`)
            c.member.owned.iter().map(|tp| (tp.topic.clone(), tp.partition)).collect()
        } else {
            c.assignment.clone()
        };
        let processing = c.processing_ms_per_record;
        if self.fetch_waits(consumer, &parts) {
            return;
        }
        let n = match self.poll_partitions(consumer, &parts) {
            Ok(n) => {
                self.note_consumer_group_delivery(consumer, n);
                n
            }
            Err(e) => {
                let group = self.st.consumers[&consumer].group_id.clone();
                self.emit(Event::ConsumerError { consumer, group, error: e.code, message: e.message });
                0
            }
        };
        if n > 0 {
            self.schedule_poll(consumer, (n as i64 * processing).max(1));
        } else if let Some(c) = self.st.consumers.get_mut(&consumer) {
            c.waiting = true; // woken when new records are committed
            let generation = c.poll_generation;
            // the real poll loop keeps returning, so auto-commit still happens on time
            if let Some(due) = self.auto_commit_due(consumer) {
                self.schedule(due, Action::ConsumerPoll { consumer, generation });
            }
        }
    }

    /// How long until a group member's auto-commit is due, if it auto-commits and holds
    /// positions not committed yet (at least 1 ms).
    pub(super) fn auto_commit_due(&self, consumer: u32) -> Option<i64> {
        let c = self.st.consumers.get(&consumer)?;
        let pending = c
            .member
            .owned
            .iter()
            .any(|tp| c.positions.get(&(tp.topic.clone(), tp.partition)).is_some_and(|o| c.member.last_committed.get(tp) != Some(o)));
        (c.group_id.is_some() && c.config.enable_auto_commit && pending)
            .then(|| (c.member.last_commit_ms + c.config.auto_commit_interval_ms - self.st.now).max(1))
    }

    /// New records are committed on a partition: consumers waiting on it poll again.
    pub(super) fn wake_consumers(&mut self, topic: &str, partition: u32) {
        self.wake_share_consumers_on(topic, partition);
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
    topics: &crate::engine::map::Map<Rc<str>, super::super::cluster::Topic>,
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
            let mut s = format!("member id \"{member_id}\", protocols [{}], owned [{}]", names.join(", "), owned);
            if let Some(d) = protocols.iter().find_map(|(_, s)| s.user_data.as_ref()) {
                s.push_str(&format!(", sticky user data [{}] generation {}", show(&d.previous_assignment), d.generation));
            }
            s
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
        GroupRequest::ConsumerGroupHeartbeat(r) => {
            let mut parts = vec![match r.member_epoch {
                0 => "epoch 0 (join)".to_string(),
                LEAVE_GROUP_MEMBER_EPOCH => "epoch -1 (leave)".to_string(),
                LEAVE_GROUP_STATIC_MEMBER_EPOCH => "epoch -2 (static member leaves for now)".to_string(),
                e => format!("epoch {e}"),
            }];
            if let Some(t) = &r.subscribed_topics {
                parts.push(format!("subscribed [{}]", t.join(", ")));
            }
            if let Some(t) = r.rebalance_timeout_ms {
                parts.push(format!("rebalance timeout {t} ms"));
            }
            if let Some(a) = &r.server_assignor {
                parts.push(format!("assignor {a}"));
            }
            if let Some(o) = &r.owned {
                parts.push(format!("owned [{}]", show(o)));
            }
            parts.join(", ")
        }
    }
}

fn describe_response(r: &GroupResponse) -> String {
    match r {
        GroupResponse::JoinGroup { error: Some(ErrorCode::MemberIdRequired), member_id, .. } => format!("use member id {member_id}"),
        GroupResponse::JoinGroup { generation_id, protocol_name, leader, members, skip_assignment, .. } => {
            format!(
                "generation {generation_id}, protocol {}, leader {}, {} member(s) listed{}",
                protocol_name.as_deref().unwrap_or("-"),
                leader.as_deref().unwrap_or("-"),
                members.len(),
                if *skip_assignment { ", skip assignment" } else { "" }
            )
        }
        GroupResponse::SyncGroup { assignment, .. } => format!("assignment [{}]", show(assignment)),
        GroupResponse::ConsumerGroupHeartbeat(r) => match (&r.error_message, &r.member_id) {
            (Some(m), _) => m.clone(),
            (None, member_id) => {
                let mut s = format!("member id {}, epoch {}", member_id.as_deref().unwrap_or("-"), r.member_epoch);
                if r.heartbeat_interval_ms > 0 {
                    s.push_str(&format!(", heartbeat interval {} ms", r.heartbeat_interval_ms));
                }
                if let Some(a) = &r.assignment {
                    s.push_str(&format!(", assignment [{}]", show(a)));
                }
                s
            }
        },
        GroupResponse::OffsetFetch { offsets, .. } => offsets
            .iter()
            .map(|(tp, o)| format!("{}-{}={}", tp.topic, tp.partition, o.map_or("-".to_string(), |o| o.to_string())))
            .collect::<Vec<_>>()
            .join(", "),
        _ => String::new(),
    }
}

impl Consumer {
    /// Subscribed to topics or to a pattern (even one that matches nothing yet), not
    /// `assign()`ed partitions.
    pub fn subscribed(&self) -> bool {
        !self.subscription.is_empty() || self.pattern.is_some()
    }

    /// A group member speaking KIP-848's consumer protocol (`group.protocol=consumer`).
    pub fn uses_consumer_protocol(&self) -> bool {
        self.group_id.is_some() && self.config.group_protocol == GroupProtocol::Consumer
    }

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
                        // `subscriptionUserData`: null until the sticky assignor was told of an
                        // assignment
                        user_data: if *a == ClientAssignor::Sticky { self.member.sticky_user_data.clone() } else { None },
                    },
                )
            })
            .collect()
    }
}

/// The KIP-848 client (`group.protocol=consumer`): `ConsumerMembershipManager` and
/// `ConsumerHeartbeatRequestManager`.
impl Sim {
    /// `poll()` of a consumer-protocol member: join if not in the group (or stale after a
    /// poll timeout), send a heartbeat that is due now, fetch positions, auto-commit, fetch.
    fn consumer_protocol_poll(&mut self, consumer: u32) {
        let now = self.st.now;
        let c = self.consumer_mut(consumer).expect("exists");
        if c.member.fatal {
            return;
        }
        let cp = &mut c.member.consumer_protocol;
        // `onConsumerPoll` (the first poll after subscribe) and `maybeRejoinStaleMember`
        let join = match cp.state {
            MembershipState::Unsubscribed => cp.subscription_updated,
            MembershipState::Stale => true,
            _ => false,
        };
        cp.subscription_updated = false;
        if join {
            self.consumer_transition_to_joining(consumer);
        }
        self.consumer_heartbeat_if_due(consumer);
        let c = &self.st.consumers[&consumer];
        if c.member.needs_committed {
            if !c.member.in_flight.iter().any(|(a, _)| *a == GroupApi::OffsetFetch) {
                let partitions = c.member.owned.clone();
                self.send_group_request(consumer, GroupRequest::OffsetFetch { partitions });
            }
            return;
        }
        if c.config.enable_auto_commit && c.member.generation > 0 && now - c.member.last_commit_ms >= c.config.auto_commit_interval_ms {
            self.commit_positions(consumer, false);
        }
        self.fetch_for_consumer(consumer);
    }

    /// `transitionToJoining`: epoch 0, every field in the next heartbeat, sent at once.
    fn consumer_transition_to_joining(&mut self, consumer: u32) {
        let c = self.consumer_mut(consumer).expect("exists");
        let cp = &mut c.member.consumer_protocol;
        cp.state = MembershipState::Joining;
        cp.member_epoch = 0;
        cp.target.clear();
        cp.committing_before_reconcile = false;
        cp.reset_sent_fields();
        c.member.generation = 0;
    }

    /// Sends a heartbeat now if the state calls for one (joining, acknowledging) or the
    /// interval has passed, and none is in flight.
    fn consumer_heartbeat_if_due(&mut self, consumer: u32) {
        let now = self.st.now;
        let c = &self.st.consumers[&consumer];
        let cp = &c.member.consumer_protocol;
        if !c.alive || cp.state.skips_heartbeats() || c.member.in_flight.iter().any(|(a, _)| *a == GroupApi::ConsumerGroupHeartbeat) {
            return;
        }
        if cp.state.heartbeats_now() || now - cp.last_heartbeat_ms >= cp.heartbeat_interval_ms {
            self.send_consumer_heartbeat(consumer);
        }
    }

    /// Builds and sends a ConsumerGroupHeartbeat (`HeartbeatState.buildRequestData`):
    /// optional fields only when joining or changed since the last one sent.
    fn send_consumer_heartbeat(&mut self, consumer: u32) {
        let now = self.st.now;
        let c = &self.st.consumers[&consumer];
        let Some(group) = c.group_id.clone() else { return };
        let reachable = !c.disconnected && self.coordinator_for(&group).is_some();
        let cp = &c.member.consumer_protocol;
        let all = cp.state == MembershipState::Joining;
        let rebalance_timeout = c.config.max_poll_interval_ms;
        let mut subscription = c.subscription.clone();
        sorting::sort(&mut subscription);
        let assignor = c.config.group_remote_assignor.clone();
        let request = ConsumerGroupHeartbeatRequest {
            member_id: c.member.member_id.clone(),
            member_epoch: cp.member_epoch,
            instance_id: c.config.group_instance_id.clone(),
            rebalance_timeout_ms: (all || cp.sent_rebalance_timeout_ms != Some(rebalance_timeout)).then_some(rebalance_timeout),
            subscribed_topics: (all || cp.sent_subscription.as_ref() != Some(&subscription)).then(|| subscription.clone()),
            server_assignor: assignor.clone().filter(|a| all || cp.sent_server_assignor.as_ref() != Some(a)),
            owned: (all || cp.sent_local_epoch != Some(cp.local_epoch)).then(|| c.member.owned.clone()),
            client_id: c.client_id.clone(),
        };
        let c = self.consumer_mut(consumer).expect("exists");
        c.member.heartbeat_generation += 1;
        let generation = c.member.heartbeat_generation;
        let cp = &mut c.member.consumer_protocol;
        let interval = cp.heartbeat_interval_ms;
        if !reachable {
            // `onHeartbeatRequestSkipped`: nothing goes out and nothing counts as sent. With
            // no coordinator, the failed lookup makes the next poll retry after the backoff;
            // a client cut off from the network tries again next interval.
            let disconnected = c.disconnected;
            self.send_group_request(consumer, GroupRequest::ConsumerGroupHeartbeat(request));
            if disconnected {
                self.schedule(interval, Action::HeartbeatTick { consumer, generation });
            }
            return;
        }
        cp.last_heartbeat_ms = now;
        if request.rebalance_timeout_ms.is_some() {
            cp.sent_rebalance_timeout_ms = Some(rebalance_timeout);
        }
        if request.subscribed_topics.is_some() {
            cp.sent_subscription = Some(subscription);
        }
        if request.server_assignor.is_some() {
            cp.sent_server_assignor = assignor;
        }
        if request.owned.is_some() {
            cp.sent_local_epoch = Some(cp.local_epoch);
        }
        // `onHeartbeatRequestGenerated`: an acknowledgement is on its way
        let mut reconcile = false;
        if cp.state == MembershipState::Acknowledging {
            if cp.target == sorted_partitions(&c.member.owned) {
                cp.state = MembershipState::Stable;
            } else {
                cp.state = MembershipState::Reconciling;
                reconcile = true;
            }
        }
        self.send_group_request(consumer, GroupRequest::ConsumerGroupHeartbeat(request));
        self.schedule(interval, Action::HeartbeatTick { consumer, generation });
        if reconcile {
            self.consumer_reconcile(consumer);
        }
    }

    /// The heartbeat timer: the poll-timeout check, then a heartbeat if one is due.
    fn consumer_heartbeat_tick(&mut self, consumer: u32) {
        let now = self.st.now;
        let c = &self.st.consumers[&consumer];
        let cp = &c.member.consumer_protocol;
        let in_group = !cp.state.skips_heartbeats() && cp.state != MembershipState::Leaving;
        if in_group && !c.waiting && now - c.last_poll_ms > c.config.max_poll_interval_ms {
            // "consumer poll timeout has expired": leave (epoch -1, or -2 for a static
            // member) and stay out, without partitions, until the application polls again
            let group = c.group_id.clone().expect("group member");
            let member_id = c.member.member_id.clone();
            self.emit(Event::PollTimeoutExpired { group, consumer, member_id });
            return self.consumer_leave(consumer, true);
        }
        if cp.state.skips_heartbeats() {
            return; // the timer restarts when the member joins again
        }
        let in_flight = c.member.in_flight.iter().any(|(a, _)| *a == GroupApi::ConsumerGroupHeartbeat);
        if !in_flight && (cp.state.heartbeats_now() || now - cp.last_heartbeat_ms >= cp.heartbeat_interval_ms) {
            return self.send_consumer_heartbeat(consumer);
        }
        // not yet (or a heartbeat is still in flight): look again one interval later
        let (interval, generation) = (cp.heartbeat_interval_ms, c.member.heartbeat_generation);
        let wait = if in_flight { interval } else { (cp.last_heartbeat_ms + interval - now).max(1) };
        self.schedule(wait, Action::HeartbeatTick { consumer, generation });
    }

    /// A ConsumerGroupHeartbeat response (`onHeartbeatSuccess`, `onErrorResponse`).
    fn on_consumer_heartbeat_response(&mut self, consumer: u32, r: ConsumerGroupHeartbeatResponse) {
        let c = self.consumer_mut(consumer).expect("exists");
        let cp = &mut c.member.consumer_protocol;
        if matches!(cp.state, MembershipState::Unsubscribed | MembershipState::Stale | MembershipState::Fatal | MembershipState::Leaving) {
            return; // the answer to a leave heartbeat
        }
        match r.error {
            None => {}
            Some(ErrorCode::NotCoordinator | ErrorCode::CoordinatorNotAvailable | ErrorCode::CoordinatorLoadInProgress) => {
                // find the coordinator again and retry
                cp.reset_sent_fields();
                return self.consumer_heartbeat_retry(consumer);
            }
            Some(ErrorCode::FencedMemberEpoch | ErrorCode::UnknownMemberId) => return self.consumer_fenced(consumer),
            // INVALID_REQUEST, GROUP_MAX_SIZE_REACHED, UNSUPPORTED_ASSIGNOR and unexpected
            // errors: the exception carries the coordinator's message
            Some(fatal) => return self.consumer_protocol_fatal(consumer, fatal, r.error_message.as_deref().map(Rc::from)),
        }
        if let Some(id) = r.member_id {
            c.member.member_id = id;
        }
        cp.member_epoch = r.member_epoch;
        if r.heartbeat_interval_ms > 0 {
            cp.heartbeat_interval_ms = r.heartbeat_interval_ms;
        }
        c.member.generation = r.member_epoch;
        if let Some(assignment) = r.assignment {
            // `processAssignmentReceived`
            cp.target = sorted_partitions(&assignment);
            if cp.target != sorted_partitions(&c.member.owned) {
                cp.state = MembershipState::Reconciling;
            } else if matches!(cp.state, MembershipState::Reconciling | MembershipState::Joining) {
                cp.state = MembershipState::Stable;
            }
        }
        if cp.state == MembershipState::Reconciling {
            self.consumer_reconcile(consumer);
        }
        self.consumer_heartbeat_if_due(consumer);
    }

    /// Retry a heartbeat after `retry.backoff.ms` (a new timer chain).
    fn consumer_heartbeat_retry(&mut self, consumer: u32) {
        let c = self.consumer_mut(consumer).expect("exists");
        c.member.heartbeat_generation += 1;
        let (backoff, generation) = (c.config.retry_backoff_ms.max(1), c.member.heartbeat_generation);
        // the retry is due at once when the timer fires
        c.member.consumer_protocol.last_heartbeat_ms = i64::MIN / 2;
        self.schedule(backoff, Action::HeartbeatTick { consumer, generation });
    }

    /// `maybeReconcile`: commit what was consumed (with auto-commit), then revoke and
    /// assign; the acknowledging heartbeat follows.
    fn consumer_reconcile(&mut self, consumer: u32) {
        let c = self.consumer_mut(consumer).expect("exists");
        let cp = &mut c.member.consumer_protocol;
        if cp.committing_before_reconcile || cp.state != MembershipState::Reconciling {
            return;
        }
        if cp.target == sorted_partitions(&c.member.owned) {
            cp.state = MembershipState::Stable;
            return;
        }
        // `signalReconciliationStarted`: `maybeAutoCommitSyncBeforeRevocation`
        if c.config.enable_auto_commit && c.member.generation > 0 && !c.member.owned.is_empty() {
            cp.committing_before_reconcile = true;
            self.commit_positions(consumer, false);
            if self.st.consumers[&consumer].member.in_flight.iter().any(|(a, _)| *a == GroupApi::OffsetCommit) {
                return; // the reconciliation goes on when the commit is answered
            }
            self.consumer_mut(consumer).expect("exists").member.consumer_protocol.committing_before_reconcile = false;
        }
        self.consumer_revoke_and_assign(consumer);
    }

    /// `revokeAndAssign`: partitions leaving the assignment are revoked first, then the
    /// new ones are assigned, and the member acknowledges at once.
    fn consumer_revoke_and_assign(&mut self, consumer: u32) {
        let c = self.consumer_mut(consumer).expect("exists");
        let target = c.member.consumer_protocol.target.clone();
        let owned = sorted_partitions(&c.member.owned);
        let revoked: Vec<TopicPartition> = owned.iter().filter(|tp| target.binary_search(tp).is_err()).cloned().collect();
        let added: Vec<TopicPartition> = target.iter().filter(|tp| owned.binary_search(tp).is_err()).cloned().collect();
        self.release_partitions(consumer, &revoked, Loss::Revoked);
        let c = self.consumer_mut(consumer).expect("exists");
        c.member.owned = target.clone();
        c.member.needs_committed =
            !added.is_empty() || c.member.owned.iter().any(|tp| !c.positions.contains_key(&(tp.topic.clone(), tp.partition)));
        let cp = &mut c.member.consumer_protocol;
        cp.local_epoch += 1;
        cp.state = MembershipState::Acknowledging;
        let group = c.group_id.clone().expect("group member");
        let generation = cp.member_epoch;
        let waiting = c.waiting;
        self.emit(Event::PartitionsAssigned { group, consumer, generation, partitions: added, assignment: target });
        self.consumer_heartbeat_if_due(consumer);
        if waiting {
            self.schedule_poll(consumer, 0);
        }
    }

    /// `transitionToFenced`: the member lost its place; its partitions are lost (not
    /// revoked: someone else may own them already) and it rejoins with epoch 0, keeping
    /// its member id.
    fn consumer_fenced(&mut self, consumer: u32) {
        let c = self.consumer_mut(consumer).expect("exists");
        c.member.consumer_protocol.state = MembershipState::Fenced;
        let owned = c.member.owned.clone();
        self.release_partitions(consumer, &owned, Loss::Lost);
        self.consumer_transition_to_joining(consumer);
        self.consumer_heartbeat_if_due(consumer);
    }

    /// `transitionToFatal`: partitions are lost and the application's `poll()` throws.
    fn consumer_protocol_fatal(&mut self, consumer: u32, error: ErrorCode, message: Option<Rc<str>>) {
        let c = self.consumer_mut(consumer).expect("exists");
        c.member.consumer_protocol.state = MembershipState::Fatal;
        let owned = c.member.owned.clone();
        self.release_partitions(consumer, &owned, Loss::Lost);
        self.consumer_fatal(consumer, error, message);
    }

    /// `transitionToSendingLeaveGroup`: one heartbeat with epoch -1 (a static member: -2),
    /// not retried and its answer ignored. After a poll timeout the member is stale: its
    /// partitions are lost and it rejoins at the next `poll()`.
    fn consumer_leave(&mut self, consumer: u32, poll_timeout: bool) {
        let c = self.consumer_mut(consumer).expect("exists");
        let epoch = if c.config.group_instance_id.is_some() { LEAVE_GROUP_STATIC_MEMBER_EPOCH } else { LEAVE_GROUP_MEMBER_EPOCH };
        c.member.heartbeat_generation += 1; // stops the heartbeat timer
        let cp = &mut c.member.consumer_protocol;
        cp.state = MembershipState::Leaving;
        cp.member_epoch = epoch;
        cp.committing_before_reconcile = false;
        c.member.generation = epoch;
        if !c.member.member_id.is_empty() {
            let request = ConsumerGroupHeartbeatRequest {
                member_id: c.member.member_id.clone(),
                member_epoch: epoch,
                instance_id: c.config.group_instance_id.clone(),
                rebalance_timeout_ms: None,
                subscribed_topics: None,
                server_assignor: None,
                owned: None,
                client_id: c.client_id.clone(),
            };
            self.send_group_request(consumer, GroupRequest::ConsumerGroupHeartbeat(request));
        }
        let c = self.consumer_mut(consumer).expect("exists");
        c.member.consumer_protocol.state = if poll_timeout { MembershipState::Stale } else { MembershipState::Unsubscribed };
        if poll_timeout {
            let owned = c.member.owned.clone();
            self.release_partitions(consumer, &owned, Loss::Lost);
        }
    }

    /// `close()` after the final commit: the partitions are revoked (lost if the member
    /// never had an epoch), then the member leaves.
    fn consumer_protocol_close(&mut self, consumer: u32) {
        let c = self.consumer_mut(consumer).expect("exists");
        let owned = c.member.owned.clone();
        let in_group = !matches!(
            c.member.consumer_protocol.state,
            MembershipState::Unsubscribed | MembershipState::Stale | MembershipState::Fatal | MembershipState::Fenced
        );
        let how = if c.member.consumer_protocol.member_epoch > 0 { Loss::Revoked } else { Loss::Lost };
        self.release_partitions(consumer, &owned, how);
        if in_group {
            self.consumer_leave(consumer, false);
        }
        let c = self.consumer_mut(consumer).expect("exists");
        c.alive = false;
        let group = c.group_id.clone();
        self.emit(Event::ConsumerClosed { consumer, group, clean: true });
    }

    /// An OffsetCommit answer: a failure is reported (the member stays in the group); a
    /// reconciliation waiting for it goes on either way.
    fn on_consumer_protocol_commit_response(&mut self, consumer: u32, error: Option<ErrorCode>, offsets: Vec<(TopicPartition, i64)>) {
        let c = self.consumer_mut(consumer).expect("exists");
        match error {
            Some(error) => {
                let group = c.group_id.clone().expect("group member");
                self.emit(Event::CommitFailed { group, consumer, error });
            }
            None => {
                for (tp, o) in offsets {
                    c.member.last_committed.insert(tp, o);
                }
            }
        }
        let c = self.consumer_mut(consumer).expect("exists");
        if c.closing {
            self.finish_close(consumer);
        } else if std::mem::take(&mut c.member.consumer_protocol.committing_before_reconcile)
            && c.member.consumer_protocol.state == MembershipState::Reconciling
        {
            self.consumer_revoke_and_assign(consumer);
        }
    }

    /// A request of a consumer-protocol member got no answer in `request.timeout.ms`.
    fn on_consumer_protocol_request_timeout(&mut self, consumer: u32, api: GroupApi) {
        match api {
            GroupApi::ConsumerGroupHeartbeat => {
                // a retriable failure: every field goes in the next heartbeat
                let c = self.consumer_mut(consumer).expect("exists");
                c.member.consumer_protocol.reset_sent_fields();
                if !c.member.consumer_protocol.state.skips_heartbeats() {
                    self.consumer_heartbeat_retry(consumer);
                }
            }
            GroupApi::OffsetCommit => self.on_consumer_protocol_commit_response(consumer, Some(ErrorCode::RequestTimedOut), Vec::new()),
            _ => self.schedule_poll(consumer, 0),
        }
    }

    /// Records a consumer-protocol group delivered (the last `n` in the member's inbox):
    /// offsets it had delivered before are flagged as duplicates.
    fn note_consumer_group_delivery(&mut self, consumer: u32, n: usize) {
        let Some(c) = self.st.consumers.get(&consumer) else { return };
        let Some(group) = c.group_id.clone() else { return };
        let Some(g) = self.st.consumer_groups.get_mut(&group) else { return };
        let mut dups: Vec<(Rc<str>, u32, i64, i64)> = Vec::new();
        for r in &c.inbox[c.inbox.len().saturating_sub(n)..] {
            let tp = TopicPartition::new(r.topic.as_str(), r.partition);
            let offset = r.record.offset;
            if offset <= g.delivered.get(&tp).copied().unwrap_or(-1) {
                match dups.last_mut() {
                    Some((t, p, _, last)) if **t == *r.topic && *p == r.partition && *last + 1 == offset => *last = offset,
                    _ => dups.push((tp.topic.clone(), r.partition, offset, offset)),
                }
            } else {
                g.delivered.insert(tp, offset);
            }
        }
        for (topic, partition, first_offset, last_offset) in dups {
            let topic = self.st.topics.get(&topic).map_or(topic, |t| t.name.clone());
            self.emit(Event::DuplicateDelivery { group: group.clone(), consumer, topic, partition, first_offset, last_offset });
        }
    }
}

fn sorted_partitions(tps: &[TopicPartition]) -> Vec<TopicPartition> {
    let mut v = tps.to_vec();
    sorting::sort(&mut v);
    v.dedup();
    v
}
