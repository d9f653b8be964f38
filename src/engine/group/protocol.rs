//! The classic group protocol's messages, as the simulation carries them.
//!
//! Models the request and response schemas of JoinGroup, SyncGroup, Heartbeat,
//! LeaveGroup, OffsetCommit and OffsetFetch (clients/src/main/resources/common/message/)
//! and the consumer protocol's subscription (`ConsumerProtocolSubscription`).

use serde::Serialize;

use super::super::assignor::TopicPartition;
use super::super::error::ErrorCode;

/// What a member sends with each protocol (assignor) it supports:
/// `ConsumerProtocolSubscription` v2+ (topics, owned partitions, generation).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct Subscription {
    pub topics: Vec<String>,
    pub owned_partitions: Vec<TopicPartition>,
    pub generation_id: i32,
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
        }
    }
}
