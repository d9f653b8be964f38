//! The group coordinator's side of the consumer group protocol (KIP-848,
//! `group.protocol=consumer`).
//!
//! Models `GroupMetadataManager.consumerGroupHeartbeat` and `consumerGroupLeave`
//! (group-coordinator/src/main/java/org/apache/kafka/coordinator/group/GroupMetadataManager.java),
//! with the session and rebalance timers, `ConsumerGroup.validateOffsetCommit`, and the
//! conversions between an Empty group of one protocol and a group of the other.
//!
//! One heartbeat does, in order:
//! 1. validate the request (`INVALID_REQUEST`, `UNSUPPORTED_ASSIGNOR`);
//! 2. find or create the group (epoch 0 creates it) and the member: a new member gets a
//!    coordinator-generated id (a Kafka `Uuid` string from the seeded generator); a known
//!    member's epoch is checked (`FENCED_MEMBER_EPOCH`, `UNKNOWN_MEMBER_ID`); a static
//!    member replaces its instance's previous member only if that one left with epoch
//!    -2 (`UNRELEASED_INSTANCE_ID`, `FENCED_INSTANCE_ID`);
//! 3. bump the group epoch if the member's subscription, or the subscribed topics'
//!    metadata, changed;
//! 4. recompute the target assignment with the server-side assignor when the group epoch
//!    is ahead of it (the assignor most members asked for, else the first of
//!    `group.consumer.assignors`: uniform), but at most once per
//!    `group.consumer.assignment.interval.ms` (KIP-1263, Kafka 4.3: 1 s by default, so a
//!    burst of joins costs one run of the assignor); a heartbeat inside the interval leaves
//!    the group Assigning and a later heartbeat computes the target. Kafka 4.3 may also run
//!    the assignor on a background thread (`group.consumer.assignor.offload.enable`); here
//!    it runs inside the heartbeat that may compute it, in no virtual time;
//! 5. move the member's current assignment one step towards its target
//!    (`CurrentAssignmentBuilder`), arming the rebalance timer while it must revoke;
//! 6. restart its session timer and answer with its member id, epoch, the heartbeat
//!    interval and, when it changed or the request was full, its assignment.
//!
//! Choices where Kafka versions differ, or where the simulator simplifies:
//! * A member that rejoins with epoch 0 under a member id the group still has is
//!   accepted (as KIP-848 specifies and Kafka does since KAFKA-19233, Jan 2026). At the
//!   reference commit Kafka fenced it again until its session expired, a hot loop of
//!   requests that would flood the timeline.
//! * Group ids are shared between the protocols as in Kafka's single group map: a
//!   ConsumerGroupHeartbeat with epoch 0 replaces an Empty classic group (keeping its
//!   committed offsets), and a JoinGroup replaces an Empty consumer group. A non-empty
//!   group of the other protocol is refused: GROUP_ID_NOT_FOUND ("Group g is not a consumer
//!   group") here, INCONSISTENT_GROUP_PROTOCOL for JoinGroup. Kafka 3.8+ would instead
//!   upgrade or downgrade the non-empty group online (`group.consumer.migration.policy`),
//!   which is not modelled.
//! * The subscribed topics' metadata is compared on every heartbeat, as if Kafka's
//!   metadata refresh were requested at every topic change (which it is, through
//!   `onNewMetadataImage`); `group.consumer.metadata.refresh.interval.ms` is not modelled.
//! * OffsetCommit from a member is checked against its epoch (`STALE_MEMBER_EPOCH`);
//!   OffsetFetch is not.

use crate::engine::map::Map;
use crate::engine::sorting;
use std::rc::Rc;

use super::super::assignor::{MemberSubscription, ServerAssignor, TopicPartition};
use super::super::error::ErrorCode;
use super::super::event::Event;
use super::super::group::consumer_group::{
    reconcile, ConsumerGroup, ConsumerGroupMember, ConsumerMemberState, LEAVE_GROUP_MEMBER_EPOCH, LEAVE_GROUP_STATIC_MEMBER_EPOCH,
};
use super::super::group::protocol::{ConsumerGroupHeartbeatRequest, ConsumerGroupHeartbeatResponse, GroupResponse};
use super::super::group::{coordinator_partition, ClassicGroup, CommittedOffset, GroupState};
use super::super::rng::Uuid;
use super::coordinator::{GroupTimer, ReplyTo, GROUP_MAX_SIZE};
use super::{Action, Sim};

/// A heartbeat's failure: Kafka's error and the exception's message.
type Failure = (ErrorCode, String);

fn fail<T>(error: ErrorCode, message: impl Into<String>) -> Result<T, Failure> {
    Err((error, message.into()))
}

/// `throwIfConsumerGroupHeartbeatRequestIsInvalid`.
fn validate(group_id: &str, r: &ConsumerGroupHeartbeatRequest) -> Result<(), Failure> {
    let invalid = |m: &str| fail(ErrorCode::InvalidRequest, m);
    if group_id.is_empty() {
        return invalid("GroupId can't be empty.");
    }
    if r.instance_id.as_deref() == Some("") {
        return invalid("InstanceId can't be empty.");
    }
    match r.member_epoch {
        e if e > 0 || e == LEAVE_GROUP_MEMBER_EPOCH => {
            if r.member_id.is_empty() {
                return invalid("MemberId can't be empty.");
            }
        }
        0 => {
            if r.rebalance_timeout_ms.is_none() {
                return invalid("RebalanceTimeoutMs must be provided in first request.");
            }
            if r.owned.as_ref().is_none_or(|o| !o.is_empty()) {
                return invalid("TopicPartitions must be empty when (re-)joining.");
            }
            if r.subscribed_topics.as_ref().is_none_or(|t| t.is_empty()) {
                return invalid("SubscribedTopicNames must be set in first request.");
            }
        }
        LEAVE_GROUP_STATIC_MEMBER_EPOCH => {
            if r.member_id.is_empty() {
                return invalid("MemberId can't be empty.");
            }
            if r.instance_id.is_none() {
                return invalid("InstanceId can't be null.");
            }
        }
        _ => return invalid("MemberEpoch is invalid."),
    }
    if let Some(a) = &r.server_assignor {
        ServerAssignor::from_name(a).map_err(|e| (e.code, e.message))?;
    }
    Ok(())
}

/// `throwIfConsumerGroupMemberEpochIsInvalid`. Epoch 0 is a rejoin and always accepted
/// (KAFKA-19233; see the module docs).
fn check_member_epoch(member: &ConsumerGroupMember, received: i32, owned: Option<&[TopicPartition]>) -> Result<(), Failure> {
    if received == 0 {
        return Ok(());
    }
    let mine = member.member_epoch;
    if received > mine {
        return fail(
            ErrorCode::FencedMemberEpoch,
            format!(
                "The consumer group member has a greater member epoch ({received}) than the one known by the group coordinator \
                 ({mine}). The member must abandon all its partitions and rejoin."
            ),
        );
    }
    if received < mine {
        // the previous epoch with a subset of the assignment: the response with the new
        // epoch may have been lost
        let subset = owned.is_some_and(|o| o.iter().all(|tp| member.assigned.binary_search(tp).is_ok()));
        if received != member.previous_member_epoch || !subset {
            return fail(
                ErrorCode::FencedMemberEpoch,
                format!(
                    "The consumer group member has a smaller member epoch ({received}) than the one known by the group coordinator \
                     ({mine}). The member must abandon all its partitions and rejoin."
                ),
            );
        }
    }
    Ok(())
}

/// Sorted and without duplicates.
fn sorted<T: Ord + Clone>(items: &[T]) -> Vec<T> {
    let mut v = items.to_vec();
    sorting::sort(&mut v);
    v.dedup();
    v
}

impl Sim {
    /// A ConsumerGroupHeartbeat reaches the group's coordinator.
    /// Without `consumer` in `group.coordinator.rebalance.protocols` the broker answers
    /// UNSUPPORTED_VERSION before looking at the request (`KafkaApis.handleConsumerGroupHeartbeat`,
    /// `isConsumerGroupProtocolEnabled`).
    pub(super) fn handle_consumer_group_heartbeat(&mut self, group_id: &Rc<str>, to: ReplyTo, request: ConsumerGroupHeartbeatRequest) {
        let enabled = self.st.config.consumer_protocol_enabled();
        let handled = if enabled {
            self.consumer_group_heartbeat(group_id, to.consumer, &request)
        } else {
            fail(ErrorCode::UnsupportedVersion, ErrorCode::UnsupportedVersion.default_message())
        };
        let response = match handled {
            Ok(r) => r,
            Err((error, message)) => ConsumerGroupHeartbeatResponse::error(error, message),
        };
        self.respond_group(to, group_id, GroupResponse::ConsumerGroupHeartbeat(response));
    }

    fn consumer_group_heartbeat(
        &mut self,
        group_id: &Rc<str>,
        consumer: u32,
        r: &ConsumerGroupHeartbeatRequest,
    ) -> Result<ConsumerGroupHeartbeatResponse, Failure> {
        validate(group_id, r)?;
        if r.member_epoch == LEAVE_GROUP_MEMBER_EPOCH || r.member_epoch == LEAVE_GROUP_STATIC_MEMBER_EPOCH {
            return self.consumer_group_leave(group_id, r);
        }
        let create = r.member_epoch == 0;
        self.get_or_maybe_create_consumer_group(group_id, create)?;
        let g = &self.st.consumer_groups[group_id];
        if g.members.len() >= GROUP_MAX_SIZE && (r.member_id.is_empty() || !g.has_member(&r.member_id)) {
            return fail(
                ErrorCode::GroupMaxSizeReached,
                format!("The consumer group has reached its maximum capacity of {GROUP_MAX_SIZE} members."),
            );
        }
        let member_id = if r.member_id.is_empty() { self.new_member_id() } else { r.member_id.clone() };
        let g = &self.st.consumer_groups[group_id];
        // the member as it is now, and the member id it replaces (a static member's restart)
        let (member, replaces) = match &r.instance_id {
            None => {
                let m = match g.member(&member_id) {
                    Some(m) => m.clone(),
                    None if create => ConsumerGroupMember::new(member_id.clone()),
                    None => return fail(ErrorCode::UnknownMemberId, format!("Member {member_id} is not a member of group {group_id}.")),
                };
                check_member_epoch(&m, r.member_epoch, r.owned.as_deref())?;
                (m, None)
            }
            Some(instance) => match (g.static_member(instance), create) {
                (None, true) => (g.member(&member_id).cloned().unwrap_or_else(|| ConsumerGroupMember::new(member_id.clone())), None),
                (Some(old), true) => {
                    if old.member_epoch != LEAVE_GROUP_STATIC_MEMBER_EPOCH {
                        return fail(
                            ErrorCode::UnreleasedInstanceId,
                            format!(
                                "Static member {member_id} with instance id {instance} cannot join the group because the instance id is \
                                 owned by {} member.",
                                old.member_id
                            ),
                        );
                    }
                    // the new member takes over the old one's assignment, at epoch 0
                    let mut m = old.clone();
                    m.member_id = member_id.clone();
                    m.member_epoch = 0;
                    m.previous_member_epoch = 0;
                    (m, Some(old.member_id.clone()))
                }
                (None, false) => return fail(ErrorCode::UnknownMemberId, format!("Instance id {instance} is unknown.")),
                (Some(old), false) => {
                    if old.member_id != member_id {
                        return fail(
                            ErrorCode::FencedInstanceId,
                            format!("Static member {member_id} with instance id {instance} was fenced by member {}.", old.member_id),
                        );
                    }
                    check_member_epoch(old, r.member_epoch, r.owned.as_deref())?;
                    (old.clone(), None)
                }
            },
        };
        // From here on the heartbeat succeeds.
        let is_new = !g.has_member(&member_id) && replaces.is_none();
        let mut updated = member.clone();
        if r.instance_id.is_some() {
            updated.instance_id = r.instance_id.clone();
        }
        if let Some(t) = r.rebalance_timeout_ms {
            updated.rebalance_timeout_ms = t;
        }
        if let Some(a) = &r.server_assignor {
            updated.server_assignor = Some(a.clone());
        }
        if let Some(topics) = &r.subscribed_topics {
            updated.subscribed_topics = sorted(topics);
        }
        updated.client_id = r.client_id.clone();
        updated.client_host = "/127.0.0.1".to_string();
        updated.consumer = consumer;
        let mut reasons = Vec::new();
        if updated.subscribed_topics != member.subscribed_topics {
            reasons.push(if is_new || replaces.is_some() {
                format!("member {member_id} joined")
            } else {
                format!("member {member_id} updated its subscription to [{}]", updated.subscribed_topics.join(", "))
            });
        }

        let mut events = Vec::new();
        let now = self.st.now;
        let heartbeat_interval_ms = self.consumer_group_heartbeat_interval_ms(group_id);
        let assignment_interval_ms = self.consumer_group_assignment_interval_ms(group_id);
        let g = self.st.consumer_groups.get_mut(group_id).expect("created above");
        if let Some(old_id) = &replaces {
            // `replaceMember`: the old member goes; its target assignment moves over
            g.members.retain(|m| m.member_id != *old_id);
            if let Some(t) = g.target.remove(old_id) {
                g.target.insert(member_id.clone(), t);
            }
            if *old_id != member_id {
                events.push(Event::MemberReplaced {
                    group: group_id.clone(),
                    old_member_id: old_id.clone(),
                    new_member_id: member_id.clone(),
                });
            }
        }
        match g.members.iter_mut().find(|m| m.member_id == member_id) {
            Some(m) => *m = updated,
            None => {
                g.members.push(updated);
                if replaces.is_none() {
                    events.push(Event::MemberJoined { group: group_id.clone(), member_id: member_id.clone() });
                }
            }
        }
        if let Some(instance) = &r.instance_id {
            g.static_members.insert(instance.clone(), member_id.clone());
        }
        // 1. the group epoch: membership, subscriptions, or the topics behind them changed
        let metadata = subscription_metadata(&self.st.topics, g);
        if metadata != g.subscription_metadata {
            if reasons.is_empty() {
                reasons.push("the subscribed topics' metadata changed".to_string());
            }
            g.subscription_metadata = metadata;
        }
        if !reasons.is_empty() {
            g.group_epoch += 1;
            events.push(Event::RebalanceStarted {
                group: group_id.clone(),
                reason: format!("Bumped group epoch to {}: {}", g.group_epoch, reasons.join("; ")),
            });
        }
        // 2. the target assignment, at most once per `group.consumer.assignment.interval.ms`
        //    (KIP-1263); until then the group stays Assigning and the member reconciles
        //    towards the previous target
        if g.can_compute_target(now, assignment_interval_ms) {
            events.push(compute_target_assignment(g));
            g.assignment_timestamp = Some(now);
        }
        // 3. reconcile the member towards its target
        let m = g.member(&member_id).expect("inserted above");
        let mut rebalance_timer = None;
        if !m.is_reconciled_to(g.assignment_epoch) {
            let next = reconcile(m, g.assignment_epoch, g.target_of(&member_id), r.owned.as_deref(), |tp| g.held_by_other(&member_id, tp));
            if next.assignment_state() != m.assignment_state() {
                events.push(member_updated_event(group_id, &next));
                let unrevoked = next.state == ConsumerMemberState::UnrevokedPartitions;
                let epoch = next.member_epoch;
                let timeout = next.rebalance_timeout_ms;
                let timer = g.next_timer();
                let m = g.member_mut(&member_id).expect("inserted above");
                *m = next;
                // `scheduleConsumerGroupRebalanceTimeout` / `cancelConsumerGroupRebalanceTimeout`
                m.rebalance_timer = if unrevoked { timer } else { 0 };
                if unrevoked {
                    rebalance_timer = Some((epoch, timeout, timer));
                }
            }
        }
        // 4. the session timer restarts
        let session = g.next_timer();
        let m = g.member_mut(&member_id).expect("inserted above");
        m.session_timer = session;
        let response = ConsumerGroupHeartbeatResponse {
            error: None,
            error_message: None,
            member_id: Some(member_id.clone()),
            member_epoch: m.member_epoch,
            heartbeat_interval_ms,
            assignment: (r.is_full() || m.assigned != member.assigned).then(|| m.assigned.clone()),
        };
        for e in events {
            self.emit(e);
        }
        self.update_consumer_group_state(group_id, now);
        self.schedule_consumer_timer(
            group_id,
            self.consumer_group_session_timeout_ms(group_id),
            GroupTimer::ConsumerSession { member_id: member_id.clone(), timer: session },
        );
        if let Some((member_epoch, timeout, timer)) = rebalance_timer {
            self.schedule_consumer_timer(group_id, timeout, GroupTimer::ConsumerRebalance { member_id, member_epoch, timer });
        }
        Ok(response)
    }

    /// `consumerGroupLeave`: epoch -1 removes the member (the group epoch goes up); a
    /// static member's -2 keeps it, with its assignment, until its session expires.
    fn consumer_group_leave(
        &mut self,
        group_id: &Rc<str>,
        r: &ConsumerGroupHeartbeatRequest,
    ) -> Result<ConsumerGroupHeartbeatResponse, Failure> {
        let g = self.consumer_group_for_request(group_id)?;
        let mut response = ConsumerGroupHeartbeatResponse {
            error: None,
            error_message: None,
            member_id: Some(r.member_id.clone()),
            member_epoch: r.member_epoch,
            heartbeat_interval_ms: 0,
            assignment: None,
        };
        let member_id = match &r.instance_id {
            None => {
                if !g.has_member(&r.member_id) {
                    return fail(ErrorCode::UnknownMemberId, format!("Member {} is not a member of group {group_id}.", r.member_id));
                }
                r.member_id.clone()
            }
            Some(instance) => {
                let Some(m) = g.static_member(instance) else {
                    return fail(ErrorCode::UnknownMemberId, format!("Instance id {instance} is unknown."));
                };
                if m.member_id != r.member_id {
                    return fail(
                        ErrorCode::FencedInstanceId,
                        format!("Static member {} with instance id {instance} was fenced by member {}.", r.member_id, m.member_id),
                    );
                }
                if r.member_epoch == LEAVE_GROUP_STATIC_MEMBER_EPOCH {
                    // `consumerGroupStaticMemberGroupLeave`: epoch -2, nothing pending
                    let now = self.st.now;
                    let g = self.st.consumer_groups.get_mut(group_id).expect("checked above");
                    let m = g.member_mut(&r.member_id).expect("checked above");
                    m.member_epoch = LEAVE_GROUP_STATIC_MEMBER_EPOCH;
                    m.pending_revocation.clear();
                    m.rebalance_timer = 0;
                    let e = member_updated_event(group_id, m);
                    response.member_id = Some(m.member_id.clone());
                    self.emit(e);
                    self.update_consumer_group_state(group_id, now);
                    return Ok(response);
                }
                r.member_id.clone()
            }
        };
        self.fence_consumer_group_member(group_id, &member_id, "the member left the group");
        Ok(response)
    }

    /// `consumerGroupFenceMember`: the member goes, with its target assignment and
    /// timers, and the group epoch goes up so the others rebalance.
    fn fence_consumer_group_member(&mut self, group_id: &Rc<str>, member_id: &str, reason: &str) {
        let now = self.st.now;
        let Some(g) = self.st.consumer_groups.get_mut(group_id) else { return };
        let Some(i) = g.members.iter().position(|m| m.member_id == member_id) else { return };
        let m = g.members.remove(i);
        g.target.remove(member_id);
        if let Some(instance) = &m.instance_id {
            if g.static_members.get(instance).is_some_and(|id| id == member_id) {
                g.static_members.remove(instance);
            }
        }
        g.subscription_metadata = subscription_metadata(&self.st.topics, g);
        g.group_epoch += 1;
        let epoch = g.group_epoch;
        self.emit(Event::MemberRemoved { group: group_id.clone(), member_id: member_id.to_string(), reason: reason.to_string() });
        self.emit(Event::RebalanceStarted {
            group: group_id.clone(),
            reason: format!("Bumped group epoch to {epoch}: member {member_id} was removed ({reason})"),
        });
        self.update_consumer_group_state(group_id, now);
    }

    /// `maybeUpdateGroupState`, with the events a UI follows.
    fn update_consumer_group_state(&mut self, group_id: &Rc<str>, now: i64) {
        let Some(g) = self.st.consumer_groups.get_mut(group_id) else { return };
        let (from, to) = (g.state, g.computed_state());
        if from == to {
            return;
        }
        debug_assert!(to.can_follow_in_consumer_group(from), "{from:?} -> {to:?}");
        g.state = to;
        g.empty_since = (to == GroupState::Empty).then_some(now);
        let generation = g.group_epoch;
        self.emit(Event::GroupStateChanged { group: group_id.clone(), from, to, generation });
        if to == GroupState::Stable {
            self.emit(Event::GroupStabilized { group: group_id.clone(), generation });
        }
    }

    /// `getOrMaybeCreateConsumerGroup`.
    fn get_or_maybe_create_consumer_group(&mut self, group_id: &Rc<str>, create: bool) -> Result<(), Failure> {
        if self.st.consumer_groups.contains_key(group_id) {
            return Ok(());
        }
        if self.st.share_groups.contains_key(group_id) {
            return fail(ErrorCode::GroupIdNotFound, format!("Group {group_id} is not a consumer group"));
        }
        if let Some(classic) = self.st.groups.get(group_id) {
            // an Empty classic group is deleted (its offsets stay); any other is refused
            if !(create && classic.state == GroupState::Empty) {
                return fail(ErrorCode::GroupIdNotFound, format!("Group {group_id} is not a consumer group"));
            }
            let classic = self.st.groups.remove(group_id).expect("checked above");
            self.emit(Event::GroupStateChanged {
                group: group_id.clone(),
                from: GroupState::Empty,
                to: GroupState::Dead,
                generation: classic.generation_id,
            });
            let mut g = ConsumerGroup::new(group_id.clone(), self.st.now);
            g.offsets = classic.offsets;
            g.delivered = classic.delivered;
            self.st.consumer_groups.insert(group_id.clone(), g);
            return Ok(());
        }
        if !create {
            return fail(ErrorCode::GroupIdNotFound, format!("Consumer group {group_id} not found."));
        }
        self.st.consumer_groups.insert(group_id.clone(), ConsumerGroup::new(group_id.clone(), self.st.now));
        Ok(())
    }

    /// `consumerGroup(groupId)`: the group, which must exist and be a consumer group.
    fn consumer_group_for_request(&self, group_id: &Rc<str>) -> Result<&ConsumerGroup, Failure> {
        match self.st.consumer_groups.get(group_id) {
            Some(g) => Ok(g),
            None if self.st.groups.contains_key(group_id) => {
                fail(ErrorCode::GroupIdNotFound, format!("Group {group_id} is not a consumer group"))
            }
            None => fail(ErrorCode::GroupIdNotFound, format!("Group {group_id} not found.")),
        }
    }

    /// A JoinGroup found an Empty consumer group under its id: the group is deleted and
    /// a classic one takes its place, with its committed offsets.
    pub(super) fn convert_empty_consumer_group(&mut self, group_id: &Rc<str>) {
        let Some(cg) = self.st.consumer_groups.remove(group_id) else { return };
        debug_assert!(cg.members.is_empty());
        self.emit(Event::GroupStateChanged {
            group: group_id.clone(),
            from: GroupState::Empty,
            to: GroupState::Dead,
            generation: cg.group_epoch,
        });
        let mut g = ClassicGroup::new(group_id.clone(), self.st.now);
        g.offsets = cg.offsets;
        g.delivered = cg.delivered;
        self.st.groups.insert(group_id.clone(), g);
    }

    /// `Uuid.randomUuid().toString()`, which never starts with '-'.
    fn new_member_id(&mut self) -> String {
        loop {
            let id = self.st.rng.uuid().to_kafka_string();
            if !id.starts_with('-') {
                return id;
            }
        }
    }

    fn schedule_consumer_timer(&mut self, group_id: &Rc<str>, delay: i64, timer: GroupTimer) {
        self.schedule(delay, Action::GroupTimer { group: group_id.clone(), timer, generation: 0 });
    }

    /// The session expired: the member is fenced.
    pub(super) fn on_consumer_session_timeout(&mut self, group_id: &Rc<str>, member_id: &str, timer: u64) {
        let live = self.st.consumer_groups.get(group_id).and_then(|g| g.member(member_id)).is_some_and(|m| m.session_timer == timer);
        if live {
            self.fence_consumer_group_member(group_id, member_id, "the member session expired");
        }
    }

    /// The rebalance timeout expired while the member still had partitions to revoke.
    pub(super) fn on_consumer_rebalance_timeout(&mut self, group_id: &Rc<str>, member_id: &str, member_epoch: i32, timer: u64) {
        let Some(m) = self.st.consumer_groups.get(group_id).and_then(|g| g.member(member_id)) else { return };
        if m.rebalance_timer != timer || m.member_epoch != member_epoch {
            return;
        }
        let reason = format!("it failed to transition from epoch {member_epoch} within {}ms", m.rebalance_timeout_ms);
        self.fence_consumer_group_member(group_id, member_id, &reason);
    }

    /// `GroupMetadataManager.consumerGroupSessionTimeoutMs` (Kafka 4.x): the group's own
    /// `consumer.session.timeout.ms` (`kafka-configs.sh --entity-type groups`), else the
    /// broker's `group.consumer.session.timeout.ms`.
    pub(super) fn consumer_group_session_timeout_ms(&self, group_id: &str) -> i64 {
        self.group_config_ms(group_id, "consumer.session.timeout.ms").unwrap_or(self.st.config.group_consumer.session_timeout_ms)
    }

    /// `GroupMetadataManager.consumerGroupHeartbeatIntervalMs`: the group's own
    /// `consumer.heartbeat.interval.ms`, else `group.consumer.heartbeat.interval.ms`.
    pub(super) fn consumer_group_heartbeat_interval_ms(&self, group_id: &str) -> i64 {
        self.group_config_ms(group_id, "consumer.heartbeat.interval.ms").unwrap_or(self.st.config.group_consumer.heartbeat_interval_ms)
    }

    /// `GroupMetadataManager.consumerGroupAssignmentIntervalMs` (KIP-1263, Kafka 4.3): the
    /// group's own `consumer.assignment.interval.ms`, else
    /// `group.consumer.assignment.interval.ms`.
    pub(super) fn consumer_group_assignment_interval_ms(&self, group_id: &str) -> i64 {
        self.group_config_ms(group_id, "consumer.assignment.interval.ms").unwrap_or(self.st.config.group_consumer.assignment_interval_ms)
    }

    pub(super) fn group_config_ms(&self, group_id: &str, name: &str) -> Option<i64> {
        self.group_configs(group_id).iter().find(|(k, _)| k == name).and_then(|(_, v)| v.trim().parse().ok())
    }

    /// A new coordinator loads the groups of a `__consumer_offsets` partition: every
    /// member gets a fresh session, and members that must revoke a fresh rebalance timeout.
    pub(super) fn consumer_groups_loaded(&mut self, partition: u32) {
        let ids: Vec<Rc<str>> = self.st.consumer_groups.keys().filter(|g| coordinator_partition(g) == partition).cloned().collect();
        for id in ids {
            let session_timeout_ms = self.consumer_group_session_timeout_ms(&id);
            let g = self.st.consumer_groups.get_mut(&id).expect("listed above");
            let mut timers = Vec::new();
            for i in 0..g.members.len() {
                let session = g.next_timer();
                let rebalance = g.next_timer();
                let m = &mut g.members[i];
                m.session_timer = session;
                timers.push((session_timeout_ms, GroupTimer::ConsumerSession { member_id: m.member_id.clone(), timer: session }));
                if m.state == ConsumerMemberState::UnrevokedPartitions {
                    m.rebalance_timer = rebalance;
                    let t =
                        GroupTimer::ConsumerRebalance { member_id: m.member_id.clone(), member_epoch: m.member_epoch, timer: rebalance };
                    timers.push((m.rebalance_timeout_ms, t));
                }
            }
            for (delay, t) in timers {
                self.schedule_consumer_timer(&id, delay, t);
            }
        }
    }

    /// `ConsumerGroup.validateOffsetCommit`, then the write: an admin commit (epoch -1)
    /// needs an empty group; a member's commit must carry its current epoch.
    pub(super) fn consumer_group_offset_commit(
        &mut self,
        group_id: &Rc<str>,
        member_id: &str,
        member_epoch: i32,
        offsets: &[(TopicPartition, i64)],
    ) -> Result<(), ErrorCode> {
        let now = self.st.now;
        // an admin's commit (epoch -1) carries no leader epoch
        let epochs: Vec<Option<i32>> =
            offsets.iter().map(|(tp, o)| if member_epoch < 0 { None } else { self.offset_leader_epoch(tp, *o) }).collect();
        let g = self.st.consumer_groups.get_mut(group_id).expect("checked by caller");
        if !(member_epoch < 0 && g.members.is_empty()) {
            let m = g.member(member_id).ok_or(ErrorCode::UnknownMemberId)?;
            if m.member_epoch != member_epoch {
                return Err(ErrorCode::StaleMemberEpoch);
            }
        }
        for ((tp, offset), leader_epoch) in offsets.iter().zip(epochs) {
            g.offsets.insert(tp.clone(), CommittedOffset { offset: *offset, commit_timestamp: now, leader_epoch });
        }
        self.append_offset_records(group_id, offsets);
        self.emit(Event::OffsetsCommitted { group: group_id.clone(), member_id: member_id.to_string(), offsets: offsets.to_vec() });
        Ok(())
    }

    /// The committed offsets of a group of either protocol.
    pub(super) fn committed_offsets(&self, group_id: &str) -> Option<&Map<TopicPartition, CommittedOffset>> {
        match self.st.consumer_groups.get(group_id) {
            Some(g) => Some(&g.offsets),
            None => self.st.groups.get(group_id).map(|g| &g.offsets),
        }
    }
}

/// The subscribed topics that exist, with their ids and partition counts
/// (`computeSubscriptionMetadata`).
fn subscription_metadata(topics: &Map<Rc<str>, super::super::cluster::Topic>, g: &ConsumerGroup) -> Map<String, (Uuid, u32)> {
    g.subscribed_topics()
        .into_iter()
        .filter_map(|t| topics.get(t).map(|topic| (t.to_string(), (topic.topic_id, topic.partitions.len() as u32))))
        .collect()
}

/// `updateTargetAssignment` / `TargetAssignmentBuilder`: the group's assignor over every
/// member's subscription, each member's previous target as what it owns (stickiness).
fn compute_target_assignment(g: &mut ConsumerGroup) -> Event {
    let assignor = g.preferred_assignor().and_then(|a| ServerAssignor::from_name(&a).ok()).unwrap_or(ServerAssignor::ALL[0]);
    let partitions: Map<String, u32> = g.subscription_metadata.iter().map(|(t, (_, n))| (t.clone(), *n)).collect();
    let ids: Map<String, Uuid> = g.subscription_metadata.iter().map(|(t, (id, _))| (t.clone(), *id)).collect();
    let subs: Vec<MemberSubscription> = g
        .members
        .iter()
        .map(|m| MemberSubscription {
            member_id: m.member_id.clone(),
            instance_id: m.instance_id.clone(),
            topics: m.subscribed_topics.clone(),
            owned: g.target_of(&m.member_id).to_vec(),
            generation: None,
        })
        .collect();
    let result = assignor.assign_with_topic_ids(&partitions, &ids, &subs);
    g.target =
        g.members.iter().map(|m| (m.member_id.clone(), sorted(result.get(&m.member_id).map_or(&[][..], |a| a.as_slice())))).collect();
    g.assignment_epoch = g.group_epoch;
    Event::TargetAssignmentComputed {
        group: g.group_id.clone(),
        group_epoch: g.group_epoch,
        assignor: assignor.name().to_string(),
        assignment: g.members.iter().map(|m| (m.member_id.clone(), g.target_of(&m.member_id).to_vec())).collect(),
    }
}

fn member_updated_event(group_id: &Rc<str>, m: &ConsumerGroupMember) -> Event {
    Event::MemberAssignmentUpdated {
        group: group_id.clone(),
        member_id: m.member_id.clone(),
        member_epoch: m.member_epoch,
        state: m.state,
        assigned: m.assigned.clone(),
        pending_revocation: m.pending_revocation.clone(),
    }
}
