//! The group protocols' messages, as the simulation carries them.
//!
//! Models the request and response schemas of JoinGroup, SyncGroup, Heartbeat,
//! LeaveGroup, OffsetCommit, OffsetFetch and KIP-848's ConsumerGroupHeartbeat
//! (clients/src/main/resources/common/message/) and the classic consumer protocol's
//! subscription (`ConsumerProtocolSubscription`).
//!
//! Simplification: partitions are named by topic name where ConsumerGroupHeartbeat uses
//! topic ids.

use serde::Serialize;

use super::super::assignor::TopicPartition;
use super::super::error::ErrorCode;

/// What a member sends with each protocol (assignor) it supports:
/// `ConsumerProtocolSubscription` v2+ (topics, user data, owned partitions, generation).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct Subscription {
    pub topics: Vec<String>,
    pub owned_partitions: Vec<TopicPartition>,
    pub generation_id: i32,
    /// The assignor's `subscriptionUserData`: only the eager `StickyAssignor` sends any.
    pub user_data: Option<StickyUserData>,
}

/// The eager `StickyAssignor`'s subscription user data (`STICKY_ASSIGNOR_USER_DATA_V1`:
/// `previous_assignment`, `generation`): the member's last assignment and the generation
/// it came with, kept by the assignor from `onAssignment`. An eager member revokes all it
/// owns before it joins, so its `owned_partitions` are empty and this is what lets the
/// leader keep partitions where they were.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct StickyUserData {
    pub previous_assignment: Vec<TopicPartition>,
    pub generation: i32,
}

/// The APIs of the group protocols, as the timeline labels them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub enum GroupApi {
    FindCoordinator,
    JoinGroup,
    SyncGroup,
    Heartbeat,
    LeaveGroup,
    OffsetCommit,
    OffsetFetch,
    /// KIP-848 (API key 68): join, heartbeat, acknowledge and leave in one RPC
    ConsumerGroupHeartbeat,
    /// KIP-932 (API key 76): a share group member's join, heartbeat and leave
    ShareGroupHeartbeat,
}

impl GroupApi {
    pub fn name(self) -> &'static str {
        match self {
            GroupApi::FindCoordinator => "FindCoordinator",
            GroupApi::JoinGroup => "JoinGroup",
            GroupApi::SyncGroup => "SyncGroup",
            GroupApi::Heartbeat => "Heartbeat",
            GroupApi::LeaveGroup => "LeaveGroup",
            GroupApi::OffsetCommit => "OffsetCommit",
            GroupApi::OffsetFetch => "OffsetFetch",
            GroupApi::ConsumerGroupHeartbeat => "ConsumerGroupHeartbeat",
            GroupApi::ShareGroupHeartbeat => "ShareGroupHeartbeat",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum GroupRequest {
    JoinGroup {
        member_id: String,
        instance_id: Option<String>,
        client_id: String,
        session_timeout_ms: i64,
        rebalance_timeout_ms: i64,
        protocol_type: String,
        protocols: Vec<(String, Subscription)>,
        reason: String,
    },
    SyncGroup {
        member_id: String,
        instance_id: Option<String>,
        generation_id: i32,
        protocol_name: Option<String>,
        /// only the leader sends assignments
        assignments: Vec<(String, Vec<TopicPartition>)>,
    },
    Heartbeat {
        member_id: String,
        instance_id: Option<String>,
        generation_id: i32,
    },
    LeaveGroup {
        member_id: String,
        instance_id: Option<String>,
        reason: String,
    },
    OffsetCommit {
        member_id: String,
        instance_id: Option<String>,
        generation_id: i32,
        offsets: Vec<(TopicPartition, i64)>,
    },
    OffsetFetch {
        partitions: Vec<TopicPartition>,
    },
    ConsumerGroupHeartbeat(ConsumerGroupHeartbeatRequest),
}

/// `ConsumerGroupHeartbeatRequest.json`. Optional fields are sent only when they changed
/// since the last request, or in a full request (joining, or after an error).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ConsumerGroupHeartbeatRequest {
    /// empty until the coordinator has given one
    pub member_id: String,
    /// 0 joins, -1 leaves, -2 leaves temporarily (static members)
    pub member_epoch: i32,
    pub instance_id: Option<String>,
    /// `max.poll.interval.ms` (the request's -1 is `None`)
    pub rebalance_timeout_ms: Option<i64>,
    pub subscribed_topics: Option<Vec<String>>,
    /// `group.remote.assignor`
    pub server_assignor: Option<String>,
    /// the partitions the client owns now
    pub owned: Option<Vec<TopicPartition>>,
    /// from the request header (`RequestContext.clientId`)
    pub client_id: String,
}

impl ConsumerGroupHeartbeatRequest {
    /// The coordinator answers a full request with the assignment even if unchanged.
    pub fn is_full(&self) -> bool {
        self.member_epoch == 0 || (self.rebalance_timeout_ms.is_some() && self.subscribed_topics.is_some() && self.owned.is_some())
    }
}

/// `ConsumerGroupHeartbeatResponse.json`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ConsumerGroupHeartbeatResponse {
    pub error: Option<ErrorCode>,
    pub error_message: Option<String>,
    pub member_id: Option<String>,
    pub member_epoch: i32,
    pub heartbeat_interval_ms: i64,
    /// the member's current assignment, sent when it changed or the request was full
    pub assignment: Option<Vec<TopicPartition>>,
}

impl ConsumerGroupHeartbeatResponse {
    pub fn error(error: ErrorCode, message: impl Into<String>) -> Self {
        ConsumerGroupHeartbeatResponse {
            error: Some(error),
            error_message: Some(message.into()),
            member_id: None,
            member_epoch: -1,
            heartbeat_interval_ms: 0,
            assignment: None,
        }
    }
}

impl GroupRequest {
    pub fn api(&self) -> GroupApi {
        match self {
            GroupRequest::JoinGroup { .. } => GroupApi::JoinGroup,
            GroupRequest::SyncGroup { .. } => GroupApi::SyncGroup,
            GroupRequest::Heartbeat { .. } => GroupApi::Heartbeat,
            GroupRequest::LeaveGroup { .. } => GroupApi::LeaveGroup,
            GroupRequest::OffsetCommit { .. } => GroupApi::OffsetCommit,
            GroupRequest::OffsetFetch { .. } => GroupApi::OffsetFetch,
            GroupRequest::ConsumerGroupHeartbeat(_) => GroupApi::ConsumerGroupHeartbeat,
        }
    }
}

/// A member of the group as the leader's JoinGroup response lists it.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct JoinedMember {
    pub member_id: String,
    pub instance_id: Option<String>,
    pub subscription: Subscription,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum GroupResponse {
    JoinGroup {
        error: Option<ErrorCode>,
        member_id: String,
        generation_id: i32,
        protocol_name: Option<String>,
        leader: Option<String>,
        /// the member list, for the leader only
        members: Vec<JoinedMember>,
        /// KIP-814 (JoinGroup v9+): a static leader that rejoined a Stable group keeps the
        /// current assignment and must not compute a new one
        skip_assignment: bool,
    },
    SyncGroup {
        error: Option<ErrorCode>,
        assignment: Vec<TopicPartition>,
    },
    Heartbeat {
        error: Option<ErrorCode>,
    },
    LeaveGroup {
        error: Option<ErrorCode>,
    },
    OffsetCommit {
        error: Option<ErrorCode>,
        offsets: Vec<(TopicPartition, i64)>,
    },
    OffsetFetch {
        error: Option<ErrorCode>,
        offsets: Vec<(TopicPartition, Option<i64>)>,
    },
    ConsumerGroupHeartbeat(ConsumerGroupHeartbeatResponse),
}

impl GroupResponse {
    pub fn api(&self) -> GroupApi {
        match self {
            GroupResponse::JoinGroup { .. } => GroupApi::JoinGroup,
            GroupResponse::SyncGroup { .. } => GroupApi::SyncGroup,
            GroupResponse::Heartbeat { .. } => GroupApi::Heartbeat,
            GroupResponse::LeaveGroup { .. } => GroupApi::LeaveGroup,
            GroupResponse::OffsetCommit { .. } => GroupApi::OffsetCommit,
            GroupResponse::OffsetFetch { .. } => GroupApi::OffsetFetch,
            GroupResponse::ConsumerGroupHeartbeat(_) => GroupApi::ConsumerGroupHeartbeat,
        }
    }
    pub fn error(&self) -> Option<ErrorCode> {
        match self {
            GroupResponse::JoinGroup { error, .. }
            | GroupResponse::SyncGroup { error, .. }
            | GroupResponse::Heartbeat { error }
            | GroupResponse::LeaveGroup { error }
            | GroupResponse::OffsetCommit { error, .. }
            | GroupResponse::OffsetFetch { error, .. } => *error,
            GroupResponse::ConsumerGroupHeartbeat(r) => r.error,
        }
    }
}
