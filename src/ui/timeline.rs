//! The rebalance timeline: one swimlane per member of a group over the last seconds of
//! virtual time, with the group protocol's requests (JoinGroup, SyncGroup, Heartbeat,
//! LeaveGroup, OffsetCommit, OffsetFetch, ConsumerGroupHeartbeat) as request→response
//! spans, revocations and assignments as marks, which partitions each member owns as a
//! bar, and the group's states as bands on top: an eager rebalance's stop-the-world gap
//! (every bar breaks at once) and a cooperative rebalance's two rounds are both visible.
//!
//! [`timeline`] reads the trace backwards from its end and stops at the window's start,
//! so it costs what the window holds, not what the whole history holds.

use std::fmt::Write;
use std::rc::Rc;

use yew::prelude::*;

use super::on_click;
use super::state::UiAction;

use crate::engine::assignor::TopicPartition;
use crate::engine::group::protocol::GroupApi;
use crate::engine::group::GroupState;
use crate::engine::{ErrorCode, Event, Sim};

/// The window the app shows: the last 30 s of virtual time.
pub const DEFAULT_WINDOW_MS: i64 = 30_000;
/// Most lanes drawn per group.
pub const MAX_LANES: usize = 32;

/// What a mark on a lane stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MarkKind {
    /// a request and its response
    Request(GroupApi),
    Revoked,
    Assigned,
    Lost,
    Closed,
    Crashed,
    /// a fatal error stopped the consumer
    Failed,
    /// the coordinator removed the member
    Removed,
    /// a share consumer acknowledged records (KIP-932)
    Acked,
    /// a transactional request of the member's application (InitProducerId,
    /// TxnOffsetCommit, EndTxn) and its answer (issue 18)
    Txn(&'static str),
}

impl MarkKind {
    /// The CSS class suffix (`ks-tl-…`) and `data-kind` value.
    pub fn slug(self) -> &'static str {
        match self {
            MarkKind::Request(api) => api.name(),
            MarkKind::Revoked => "revoked",
            MarkKind::Assigned => "assigned",
            MarkKind::Lost => "lost",
            MarkKind::Closed => "closed",
            MarkKind::Crashed => "crashed",
            MarkKind::Failed => "failed",
            MarkKind::Removed => "removed",
            MarkKind::Acked => "acked",
            MarkKind::Txn(api) => api,
        }
    }
}

/// One mark: a span from a request to its response, or an instant (`from_ms == to_ms`).
#[derive(Clone, Debug, PartialEq)]
pub struct Mark {
    pub kind: MarkKind,
    pub from_ms: i64,
    pub to_ms: i64,
    /// no response yet: the span runs to now
    pub open: bool,
    /// sent before the window starts
    pub clipped: bool,
    /// the response carried an error
    pub error: bool,
    /// short text drawn next to the mark
    pub label: String,
    /// one sentence for the hover
    pub title: String,
}

/// A stretch of time during which the member owned some partitions.
#[derive(Clone, Debug, PartialEq)]
pub struct Ownership {
    pub from_ms: i64,
    pub to_ms: i64,
    pub title: String,
}

/// One member's swimlane.
#[derive(Clone, Debug, PartialEq)]
pub struct Lane {
    pub consumer: u32,
    pub client_id: String,
    pub member_id: String,
    /// the member id without the client id, first 8 characters
    pub short_id: String,
    /// still a live consumer
    pub alive: bool,
    pub marks: Vec<Mark>,
    pub owned: Vec<Ownership>,
}

/// A stretch of time the group spent in one state.
#[derive(Clone, Debug, PartialEq)]
pub struct Band {
    pub from_ms: i64,
    pub to_ms: i64,
    pub state: GroupState,
    pub title: String,
}

/// A moment on the group's row (a rebalance starting).
#[derive(Clone, Debug, PartialEq)]
pub struct Moment {
    pub at_ms: i64,
    pub title: String,
}

/// What the timeline of one group draws.
#[derive(Clone, Debug, PartialEq)]
pub struct TimelineData {
    pub group: String,
    pub start_ms: i64,
    pub end_ms: i64,
    pub now_ms: i64,
    pub state: GroupState,
    pub bands: Vec<Band>,
    pub rebalances: Vec<Moment>,
    pub lanes: Vec<Lane>,
}

fn secs(ms: i64) -> String {
    format!("{}.{:03} s", ms / 1000, ms % 1000)
}

fn short_member_id(member_id: &str, client_id: &str) -> String {
    let rest = member_id.strip_prefix(client_id).map_or(member_id, |r| r.trim_start_matches('-'));
    rest.chars().take(8).collect()
}

/// `orders-0, orders-1`: Kafka's `TopicPartition.toString()`, joined.
fn partitions_text(tps: &[TopicPartition]) -> String {
    tps.iter().map(TopicPartition::to_string).collect::<Vec<_>>().join(", ")
}

/// `0,1`: partition numbers only, for labels.
fn partition_numbers(tps: &[TopicPartition]) -> String {
    if tps.is_empty() {
        return "none".into();
    }
    tps.iter().map(|tp| tp.partition.to_string()).collect::<Vec<_>>().join(",")
}

fn api_label(api: GroupApi) -> &'static str {
    match api {
        GroupApi::FindCoordinator => "Find",
        GroupApi::JoinGroup => "Join",
        GroupApi::SyncGroup => "Sync",
        GroupApi::Heartbeat => "HB",
        GroupApi::LeaveGroup => "Leave",
        GroupApi::OffsetCommit => "Commit",
        GroupApi::OffsetFetch => "Fetch",
        GroupApi::ConsumerGroupHeartbeat => "CGHB",
        GroupApi::ShareGroupHeartbeat => "SGHB",
    }
}

fn api_meaning(api: GroupApi) -> &'static str {
    match api {
        GroupApi::FindCoordinator => "FindCoordinator asks which broker coordinates this group.",
        GroupApi::JoinGroup => {
            "JoinGroup asks the coordinator to (re)join the group; the answer waits until every member has joined, then names the leader and the new generation."
        }
        GroupApi::SyncGroup => "SyncGroup carries the leader's assignment to the coordinator and brings every member its partitions.",
        GroupApi::Heartbeat => "Heartbeat tells the coordinator the member is alive; a REBALANCE_IN_PROGRESS answer tells it to rejoin.",
        GroupApi::LeaveGroup => {
            "LeaveGroup tells the coordinator the member is going, so the group rebalances at once instead of after session.timeout.ms."
        }
        GroupApi::OffsetCommit => "OffsetCommit stores the member's positions as the group's committed offsets.",
        GroupApi::OffsetFetch => "OffsetFetch reads the group's committed offsets, so the member knows where to start on its new partitions.",
        GroupApi::ConsumerGroupHeartbeat => {
            "ConsumerGroupHeartbeat (KIP-848) joins, heartbeats, brings the member its target assignment and acknowledges it, all in one request."
        }
        GroupApi::ShareGroupHeartbeat => {
            "ShareGroupHeartbeat (KIP-932) joins a share group, keeps the member alive and brings it the partitions it shares with the others; epoch -1 leaves."
        }
    }
}

/// What a group state means, in one sentence.
pub fn state_meaning(state: GroupState) -> &'static str {
    match state {
        GroupState::Empty => "the group has no members; its committed offsets are kept.",
        GroupState::PreparingRebalance => {
            "the coordinator waits for every member to send JoinGroup; eager members have given up all their partitions, so nobody consumes."
        }
        GroupState::CompletingRebalance => "the members wait for SyncGroup to bring them the leader's assignment.",
        GroupState::Stable => "every member has its assignment and consumes.",
        GroupState::Dead => "the group has no members and no offsets left and is being removed.",
        GroupState::Assigning => "the coordinator computes a new target assignment for the new group epoch.",
        GroupState::Reconciling => "members move towards the target assignment: partitions are revoked before others receive them.",
    }
}

struct Reply {
    consumer: u32,
    api: GroupApi,
    time: i64,
    error: Option<ErrorCode>,
    detail: String,
}

/// A change to what a member owns, or its end.
struct Change {
    time: i64,
    kind: MarkKind,
    partitions: Vec<TopicPartition>,
    /// the error name (Failed) or the reason (Removed)
    note: String,
}

#[derive(Default)]
struct LaneAcc {
    member_id: Option<String>,
    /// request marks, newest first
    requests: Vec<Mark>,
    /// changes, newest first
    changes: Vec<Change>,
}

impl LaneAcc {
    fn note_member(&mut self, member_id: &str) {
        if self.member_id.is_none() && !member_id.is_empty() {
            self.member_id = Some(member_id.to_string());
        }
    }
}

/// The lane of `consumer`, created in consumer order.
fn lane_of(lanes: &mut Vec<(u32, LaneAcc)>, consumer: u32) -> &mut LaneAcc {
    let i = lanes.partition_point(|(c, _)| *c < consumer);
    if lanes.get(i).is_none_or(|(c, _)| *c != consumer) {
        lanes.insert(i, (consumer, LaneAcc::default()));
    }
    &mut lanes[i].1
}

fn detail_text(detail: &str) -> String {
    if detail.is_empty() {
        return String::new();
    }
    let d: String = detail.chars().take(160).collect();
    let more = if d.len() < detail.len() { "…" } else { "" };
    format!(" ({d}{more})")
}

fn request_mark(api: GroupApi, sent: Option<(i64, &str)>, reply: Option<Reply>, start: i64, now: i64) -> Mark {
    let from_ms = sent.map_or(start, |(t, _)| t);
    let mut title = String::from(api.name());
    match sent {
        Some((t, d)) => {
            title.push_str(": sent at ");
            title.push_str(&secs(t));
            title.push_str(&detail_text(d));
        }
        None => title.push_str(": sent before this window"),
    }
    match &reply {
        Some(r) => {
            title.push_str(", answered at ");
            title.push_str(&secs(r.time));
            if sent.is_some() {
                title.push_str(&format!(" after {} ms", r.time - from_ms));
            }
            title.push_str(" with ");
            title.push_str(r.error.map_or("NONE", ErrorCode::name));
            title.push_str(&detail_text(&r.detail));
        }
        None => title.push_str(", no answer yet"),
    }
    title.push_str(". ");
    title.push_str(api_meaning(api));
    Mark {
        kind: MarkKind::Request(api),
        from_ms,
        to_ms: reply.as_ref().map_or(now, |r| r.time),
        open: reply.is_none(),
        clipped: sent.is_none(),
        error: reply.is_some_and(|r| r.error.is_some()),
        label: api_label(api).to_string(),
        title,
    }
}

/// The consumer of `group` in the same application as transactional `producer` (the
/// two clients share a client.id, as `kafkascope process` gives them).
fn app_member(sim: &Sim, group: &str, producer: u32) -> Option<u32> {
    let p = sim.producers().find(|p| p.id == producer)?;
    sim.consumers().filter(|c| c.group_id.as_deref() == Some(group) && c.client_id == p.client_id).map(|c| c.id).max()
}

/// A transactional request's span.
fn txn_mark(api: &str, tid: &str, broker: i32, sent: i64, reply: Option<(i64, Option<ErrorCode>)>, now: i64) -> Mark {
    let api: &'static str = ["InitProducerId", "TxnOffsetCommit", "EndTxn"].into_iter().find(|a| *a == api).unwrap_or("EndTxn");
    let answer = match reply {
        Some((t, e)) => format!(", answered at {} with {}", secs(t), e.map_or("NONE", ErrorCode::name)),
        None => ", no answer yet".into(),
    };
    let what = match api {
        "InitProducerId" => {
            "initTransactions(): the transaction coordinator gives the producer id and a new epoch, fencing older instances"
        }
        "TxnOffsetCommit" => "sendOffsetsToTransaction(): the group's offsets, written in the transaction",
        _ => "commitTransaction() or abortTransaction(): the coordinator prepares, then writes the markers",
    };
    Mark {
        kind: MarkKind::Txn(api),
        from_ms: sent,
        to_ms: reply.map_or(now, |r| r.0),
        open: reply.is_none(),
        clipped: false,
        error: reply.is_some_and(|r| r.1.is_some()),
        label: match api {
            "InitProducerId" => "init",
            "TxnOffsetCommit" => "txn-offsets",
            _ => "end-txn",
        }
        .into(),
        title: format!("{api} for transactional id {tid} to broker {broker}: sent at {}{answer}. {what}.", secs(sent)),
    }
}

/// The timelines of every group, by group id.
pub fn timelines(sim: &Sim, window_ms: i64) -> Vec<TimelineData> {
    let share = sim.share_groups().map(|g| g.group_id.clone());
    sim.list_groups().into_iter().map(|(g, _, _)| g).chain(share).filter_map(|g| timeline(sim, &g, window_ms)).collect()
}

/// The timeline of `group` over the last `window_ms` of virtual time, or `None` if the
/// group does not exist.
pub fn timeline(sim: &Sim, group: &str, window_ms: i64) -> Option<TimelineData> {
    let state_now = match sim.list_groups().into_iter().find(|(g, _, _)| &**g == group) {
        Some((_, _, s)) => s,
        None => sim.share_group(group)?.state,
    };
    let now = sim.now();
    let window_ms = window_ms.max(1_000);
    let start = (now - window_ms).max(0);
    let end = start + window_ms;
    let mut lanes: Vec<(u32, LaneAcc)> = Vec::new();
    // answers waiting for their request, oldest request first (the trace is read backwards)
    let mut replies: Vec<Reply> = Vec::new();
    let mut states: Vec<(i64, GroupState, GroupState, i32)> = Vec::new();
    let mut rebalances = Vec::new();
    let mut removals: Vec<(i64, String, String)> = Vec::new();
    let mut txn_replies: Vec<(u32, String, i64, Option<ErrorCode>)> = Vec::new();
    let is = |g: &Rc<str>| &**g == group;
    for e in sim.trace().iter().rev() {
        if e.time < start {
            break;
        }
        let t = e.time;
        let (consumer, kind, parts, note) = match &e.event {
            Event::GroupResponseReceived { group: g, consumer, member_id, api, error, detail } if is(g) => {
                lane_of(&mut lanes, *consumer).note_member(member_id);
                replies.push(Reply { consumer: *consumer, api: *api, time: t, error: *error, detail: detail.clone() });
                continue;
            }
            Event::GroupRequestSent { group: g, consumer, member_id, api, detail, .. } if is(g) => {
                let reply = replies.iter().position(|r| r.consumer == *consumer && r.api == *api).map(|i| replies.remove(i));
                let lane = lane_of(&mut lanes, *consumer);
                lane.note_member(member_id);
                lane.requests.push(request_mark(*api, Some((t, detail)), reply, start, now));
                continue;
            }
            Event::PartitionsRevoked { group: g, consumer, partitions } if is(g) => (consumer, MarkKind::Revoked, partitions, ""),
            Event::PartitionsLost { group: g, consumer, partitions } if is(g) => (consumer, MarkKind::Lost, partitions, ""),
            Event::PartitionsAssigned { group: g, consumer, partitions, .. } if is(g) => (consumer, MarkKind::Assigned, partitions, ""),
            Event::ConsumerClosed { consumer, group: Some(g), clean } if is(g) => {
                (consumer, if *clean { MarkKind::Closed } else { MarkKind::Crashed }, &Vec::new(), "")
            }
            Event::ConsumerFailed { group: g, consumer, error, .. } if is(g) => (consumer, MarkKind::Failed, &Vec::new(), error.name()),
            Event::ShareRecordsAcknowledged { group: g, consumer, topic, partition, ack, ranges, error, .. } if is(g) => {
                let r: Vec<String> = ranges.iter().map(|(a, b)| if a == b { a.to_string() } else { format!("{a}-{b}") }).collect();
                let note = format!("{} {}{}", ack.name(), r.join(","), if error.is_some() { " (refused: lock lost)" } else { "" });
                let tp = vec![TopicPartition::new(topic.clone(), *partition)];
                lane_of(&mut lanes, *consumer).changes.push(Change { time: t, kind: MarkKind::Acked, partitions: tp, note });
                continue;
            }
            Event::MemberRemoved { group: g, member_id, reason } if is(g) => {
                removals.push((t, member_id.clone(), reason.clone()));
                continue;
            }
            Event::GroupStateChanged { group: g, from, to, generation } if is(g) => {
                states.push((t, *from, *to, *generation));
                continue;
            }
            Event::RebalanceStarted { group: g, reason } if is(g) => {
                rebalances.push(Moment { at_ms: t, title: format!("Rebalance started at {}: {reason}", secs(t)) });
                continue;
            }
            // issue 18: the transactional requests of a member's application (its producer
            // has the member's client.id), on the member's lane
            Event::TxnResponse { producer, api, error, .. } => {
                if let Some(c) = app_member(sim, group, *producer) {
                    txn_replies.push((c, api.clone(), t, *error));
                }
                continue;
            }
            Event::TxnRequestSent { producer, transactional_id, api, broker } => {
                let Some(c) = app_member(sim, group, *producer) else { continue };
                let reply = txn_replies.iter().position(|r| r.0 == c && r.1 == *api).map(|i| txn_replies.remove(i));
                lane_of(&mut lanes, c).requests.push(txn_mark(api, transactional_id, *broker, t, reply.map(|r| (r.2, r.3)), now));
                continue;
            }
            _ => continue,
        };
        lane_of(&mut lanes, *consumer).changes.push(Change { time: t, kind, partitions: parts.clone(), note: note.to_string() });
    }
    // requests sent before the window whose answers came inside it
    for r in replies {
        let (consumer, api) = (r.consumer, r.api);
        lane_of(&mut lanes, consumer).requests.push(request_mark(api, None, Some(r), start, now));
    }
    // the coordinator's removals, on the lane of the member removed
    for (t, member_id, reason) in removals {
        if let Some((_, lane)) = lanes.iter_mut().find(|(_, l)| l.member_id.as_deref() == Some(member_id.as_str())) {
            let i = lane.changes.partition_point(|c| c.time > t);
            lane.changes.insert(i, Change { time: t, kind: MarkKind::Removed, partitions: Vec::new(), note: reason });
        }
    }
    // current members without activity in the window still get a lane
    if let Some(d) = sim.describe_group(group) {
        for m in &d.members {
            lane_of(&mut lanes, m.consumer).note_member(&m.member_id);
        }
    }
    for m in sim.share_group(group).iter().flat_map(|g| g.members.values()) {
        lane_of(&mut lanes, m.consumer).note_member(&m.member_id);
    }
    let mut out_lanes = Vec::new();
    for (consumer, acc) in lanes.into_iter().take(MAX_LANES) {
        let c = sim.consumer_state(consumer);
        let sc = sim.share_consumer_state(consumer);
        let client_id =
            c.map(|c| c.client_id.clone()).or_else(|| sc.map(|c| c.client_id.clone())).unwrap_or_else(|| format!("consumer {consumer}"));
        let alive = c.is_some_and(|c| c.alive) || sc.is_some_and(|c| c.alive);
        let member_id = acc.member_id.or_else(|| c.map(|c| c.member.member_id.clone())).unwrap_or_default();
        let short_id = short_member_id(&member_id, &client_id);
        let owned_by_client = || c.map(|c| c.member.owned.clone()).or_else(|| sc.map(|c| c.assignment.clone())).unwrap_or_default();
        // what it owns now, then backwards through its changes to the window's start
        let mut owned: Vec<TopicPartition> = if alive { owned_by_client() } else { Vec::new() };
        for ch in &acc.changes {
            match ch.kind {
                MarkKind::Assigned => owned.retain(|p| !ch.partitions.contains(p)),
                MarkKind::Revoked | MarkKind::Lost => {
                    for p in &ch.partitions {
                        if !owned.contains(p) {
                            owned.push(p.clone());
                        }
                    }
                }
                MarkKind::Crashed | MarkKind::Failed => owned = owned_by_client(),
                _ => {}
            }
        }
        // forwards: request marks, change marks and ownership bars
        let mut marks: Vec<Mark> = acc.requests.into_iter().rev().collect();
        let mut bars = Vec::new();
        let mut since = start;
        let mut bar = |from: i64, to: i64, owned: &[TopicPartition]| {
            if to > from && !owned.is_empty() {
                bars.push(Ownership {
                    from_ms: from,
                    to_ms: to,
                    title: format!("Owns {} from {} to {}: it fetches and commits them.", partitions_text(owned), secs(from), secs(to)),
                });
            }
        };
        for ch in acc.changes.iter().rev() {
            let t = ch.time;
            bar(since, t, &owned);
            since = t;
            let list = partitions_text(&ch.partitions);
            let at = secs(t);
            let (label, title) = match ch.kind {
                MarkKind::Assigned => {
                    for p in &ch.partitions {
                        if !owned.contains(p) {
                            owned.push(p.clone());
                        }
                    }
                    let list = if list.is_empty() { "nothing new".to_string() } else { list };
                    (
                        format!("+{}", partition_numbers(&ch.partitions)),
                        format!("Assigned {list} at {at}: the member received these partitions (onPartitionsAssigned) and fetches them from the committed offset."),
                    )
                }
                MarkKind::Revoked => {
                    owned.retain(|p| !ch.partitions.contains(p));
                    (
                        format!("−{}", partition_numbers(&ch.partitions)),
                        format!("Revoked {list} at {at}: the member gave these partitions up (onPartitionsRevoked), committing first, so another member can take them over."),
                    )
                }
                MarkKind::Lost => {
                    owned.retain(|p| !ch.partitions.contains(p));
                    (
                        format!("lost {}", partition_numbers(&ch.partitions)),
                        format!("Lost {list} at {at}: the member lost these partitions without a clean handover (onPartitionsLost), so it could not commit for them."),
                    )
                }
                MarkKind::Closed => {
                    owned.clear();
                    ("closed".into(), format!("The consumer closed at {at}: it committed and sent LeaveGroup."))
                }
                MarkKind::Failed => {
                    owned.clear();
                    ("failed".into(), format!("The consumer stopped at {at} on the fatal error {}: its poll() threw.", ch.note))
                }
                MarkKind::Acked => (
                    if ch.note.starts_with("ACCEPT") { "✓".into() } else { ch.note.split(' ').next().unwrap_or("").to_ascii_lowercase() },
                    format!("Acknowledged at {at} on {list}: {}. ACCEPT: done; RELEASE: delivered again; REJECT: archived.", ch.note),
                ),
                MarkKind::Removed => (
                    "removed".into(),
                    format!("The coordinator removed the member from the group at {at}: {}.", ch.note.trim_end_matches('.')),
                ),
                _ => {
                    owned.clear();
                    (
                        "crash".into(),
                        format!("The consumer's process died at {at}: no commit and no LeaveGroup, so the coordinator notices only after session.timeout.ms."),
                    )
                }
            };
            marks.push(Mark { kind: ch.kind, from_ms: t, to_ms: t, open: false, clipped: false, error: false, label, title });
        }
        bar(since, now, &owned);
        out_lanes.push(Lane { consumer, client_id, member_id, short_id, alive, marks, owned: bars });
    }
    // the group's states, forwards
    let mut bands = Vec::new();
    let mut state = states.last().map_or(state_now, |c| c.1);
    let mut generation = String::new();
    let mut since = start;
    let mut band = |from: i64, to: i64, state: GroupState, generation: &str| {
        if to > from {
            let title = format!("{}{generation} from {} to {}: {}", state.name(), secs(from), secs(to), state_meaning(state));
            bands.push(Band { from_ms: from, to_ms: to, state, title });
        }
    };
    for (t, _, to, gen) in states.iter().rev() {
        band(since, *t, state, &generation);
        since = *t;
        state = *to;
        generation = format!(" (generation {gen})");
    }
    band(since, now, state, &generation);
    rebalances.reverse();
    Some(TimelineData {
        group: group.to_string(),
        start_ms: start,
        end_ms: end,
        now_ms: now,
        state: state_now,
        bands,
        rebalances,
        lanes: out_lanes,
    })
}

// ------------------------------------------------------------------ view

const W: i32 = 1000;
const GUTTER: i32 = 178;
const RIGHT: i32 = 14;
const AXIS_Y: i32 = 12;
const BAND_Y: i32 = 18;
const BAND_H: i32 = 16;
const LANES_Y: i32 = 42;
const LANE_H: i32 = 64;
const ROW_H: i32 = 11;

/// Which row of a lane a mark sits on.
fn row_of(kind: MarkKind) -> usize {
    match kind {
        MarkKind::Request(
            GroupApi::JoinGroup
            | GroupApi::LeaveGroup
            | GroupApi::ConsumerGroupHeartbeat
            | GroupApi::ShareGroupHeartbeat
            | GroupApi::FindCoordinator,
        ) => 0,
        MarkKind::Request(GroupApi::SyncGroup) => 1,
        MarkKind::Request(GroupApi::OffsetCommit | GroupApi::OffsetFetch) => 3,
        MarkKind::Request(GroupApi::Heartbeat) => 4,
        _ => 2,
    }
}

/// The SVG path of a mark: a bar for a request, a shape for the rest.
fn mark_path(kind: MarkKind, x0: i32, x1: i32, cy: i32) -> String {
    let (l, r, t, b) = (x0 - 4, x0 + 4, cy - 4, cy + 4);
    match kind {
        MarkKind::Request(_) | MarkKind::Txn(_) => format!("M{x0} {t}H{}V{b}H{x0}Z", x1.max(x0 + 3)),
        MarkKind::Assigned => format!("M{l} {b}H{r}L{x0} {t}Z"),
        MarkKind::Revoked => format!("M{l} {t}H{r}L{x0} {b}Z"),
        MarkKind::Closed => format!("M{l} {t}H{r}V{b}H{l}Z"),
        MarkKind::Removed => format!("M{x0} {t}L{r} {cy}L{x0} {b}L{l} {cy}Z"),
        MarkKind::Acked => format!("M{l} {cy}L{x0} {b}L{r} {t}"),
        _ => format!("M{l} {t}L{r} {b}M{l} {b}L{r} {t}"),
    }
}

fn tick_step(window_ms: i64) -> i64 {
    [1, 2, 5, 10, 20, 50, 100, 200, 500, 1_000, 2_000, 5_000, 10_000, 15_000, 30_000, 60_000, 120_000, 300_000, 600_000, 1_800_000]
        .into_iter()
        .find(|s| window_ms / s <= 8)
        .unwrap_or(3_600_000)
}

fn fmt_tick(ms: i64) -> String {
    if ms % 1000 == 0 {
        format!("{} s", ms / 1000)
    } else {
        secs(ms)
    }
}

/// Whether a band is part of a rebalance.
fn rebalancing(state: GroupState) -> bool {
    matches!(state, GroupState::PreparingRebalance | GroupState::CompletingRebalance | GroupState::Assigning | GroupState::Reconciling)
}

/// The stretch of time around the group's last rebalance (its rounds less than 5 s
/// apart taken together), with a margin, inside the window; `None` without one.
pub fn last_rebalance(d: &TimelineData) -> Option<(i64, i64)> {
    let mut bands = d.bands.iter().rev().filter(|b| rebalancing(b.state));
    let last = bands.next()?;
    let (mut from, to) = (last.from_ms, last.to_ms);
    for b in bands {
        if from - b.to_ms > 5_000 {
            break;
        }
        from = b.from_ms;
    }
    let pad = ((to - from) / 5).max(20);
    Some(((from - pad).max(d.start_ms), (to + pad).min(d.end_ms)))
}

/// The legend: what each mark, shape and band means.
const LEGEND: &str = concat!(
    "<ul class=\"ks-tl-legend\" aria-label=\"Timeline legend\">",
    "<li><span class=\"ks-tl-swatch ks-tl-JoinGroup\"></span>Join: JoinGroup</li>",
    "<li><span class=\"ks-tl-swatch ks-tl-SyncGroup\"></span>Sync: SyncGroup</li>",
    "<li><span class=\"ks-tl-swatch ks-tl-Heartbeat\"></span>HB: Heartbeat</li>",
    "<li><span class=\"ks-tl-swatch ks-tl-OffsetCommit\"></span>Commit / Fetch: OffsetCommit, OffsetFetch</li>",
    "<li><span class=\"ks-tl-swatch ks-tl-LeaveGroup\"></span>Leave: LeaveGroup</li>",
    "<li><span class=\"ks-tl-swatch ks-tl-ConsumerGroupHeartbeat\"></span>CGHB: ConsumerGroupHeartbeat</li>",
    "<li><span class=\"ks-tl-swatch ks-tl-ShareGroupHeartbeat\"></span>SGHB: ShareGroupHeartbeat</li>",
    "<li><span class=\"ks-tl-glyph ks-tl-acked\" aria-hidden=\"true\">✓</span>acknowledged (share group)</li>",
    "<li><span class=\"ks-tl-glyph ks-tl-assigned\" aria-hidden=\"true\">▲</span>assigned</li>",
    "<li><span class=\"ks-tl-glyph ks-tl-revoked\" aria-hidden=\"true\">▼</span>revoked</li>",
    "<li><span class=\"ks-tl-glyph ks-tl-lost\" aria-hidden=\"true\">✕</span>lost / crash</li>",
    "<li><span class=\"ks-tl-swatch ks-tl-owned\"></span>owns partitions</li>",
    "<li><span class=\"ks-tl-swatch ks-tl-band-PreparingRebalance\"></span>PreparingRebalance</li>",
    "<li><span class=\"ks-tl-swatch ks-tl-band-CompletingRebalance\"></span>CompletingRebalance</li>",
    "</ul>"
);

/// Appends `text` with `&`, `<`, `>` and `"` escaped (markup built as a string).
pub fn escape_into(out: &mut String, text: &str) {
    // most texts (member ids, topic names, numbers) need nothing escaped: scan the bytes
    // (the four are ASCII, so every cut is at a char boundary) and copy the runs between
    // them whole; the flow view, the timeline and the log strips escape thousands of
    // texts per frame
    out.reserve(text.len());
    let mut start = 0;
    for (i, b) in text.bytes().enumerate() {
        let entity = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            _ => continue,
        };
        out.push_str(&text[start..i]);
        out.push_str(entity);
        start = i + 1;
    }
    out.push_str(&text[start..]);
}

/// `<g class="…" data-kind="…"><title>…</title><path d="…"/><text …>…</text></g>`
fn push_shape(out: &mut String, class: &str, kind: &str, title: &str, d: &str, label: Option<(i32, i32, &str)>) {
    let _ = write!(out, "<g class=\"{class}\" data-kind=\"{kind}\"><title>");
    escape_into(out, title);
    let _ = write!(out, "</title><path d=\"{d}\"/>");
    if let Some((x, y, text)) = label {
        let _ = write!(out, "<text x=\"{x}\" y=\"{y}\">");
        escape_into(out, text);
        out.push_str("</text>");
    }
    out.push_str("</g>");
}

fn push_text(out: &mut String, class: &str, x: i32, y: i32, text: &str, title: &str) {
    let _ = write!(out, "<text class=\"{class}\" x=\"{x}\" y=\"{y}\">");
    escape_into(out, text);
    if !title.is_empty() {
        out.push_str("<title>");
        escape_into(out, title);
        out.push_str("</title>");
    }
    out.push_str("</text>");
}

/// The timeline's SVG markup: axis, state bands, one lane per member, the now line.
/// `view` is the stretch of virtual time drawn: the whole window, or a part of it.
pub fn svg(d: &TimelineData, view: (i64, i64)) -> String {
    let (v0, v1) = view;
    let span = (v1 - v0).max(1);
    let x = |t: i64| GUTTER + ((t - v0).clamp(0, span) * (W - GUTTER - RIGHT) as i64 / span) as i32;
    let shown = |from: i64, to: i64| to >= v0 && from <= v1;
    let lanes_bottom = LANES_Y + LANE_H * d.lanes.len() as i32;
    let height = lanes_bottom.max(LANES_Y + LANE_H) + 4;
    let mut out = String::with_capacity(8192);
    let _ = write!(out, "<svg class=\"ks-tl-svg\" viewBox=\"0 0 {W} {height}\" role=\"group\" aria-label=\"Rebalance timeline of group ");
    escape_into(&mut out, &d.group);
    out.push_str("\">");
    // time axis and grid
    let step = tick_step(span);
    let mut t = (v0 + step - 1) / step * step;
    while t <= v1 {
        let (xt, tick) = (x(t), fmt_tick(t));
        push_shape(&mut out, "ks-tl-tick", "tick", &tick, &format!("M{xt} {}V{lanes_bottom}", AXIS_Y + 2), Some((xt, AXIS_Y, &tick)));
        t += step;
    }
    push_text(&mut out, "ks-tl-rowname", 8, BAND_Y + 12, "group state", "");
    // state bands: on the group row, and faintly across the lanes while rebalancing
    for b in d.bands.iter().filter(|b| shown(b.from_ms, b.to_ms)) {
        // a rebalance stays visible even when it is shorter than a pixel
        let (x0, x1) = (x(b.from_ms), x(b.to_ms).max(x(b.from_ms) + if rebalancing(b.state) { 3 } else { 1 }));
        let name = b.state.name();
        let _ = write!(out, "<g class=\"ks-tl-band ks-tl-band-{name}\" data-state=\"{name}\"><title>");
        escape_into(&mut out, &b.title);
        let _ = write!(
            out,
            "</title><path class=\"ks-tl-band-shade\" d=\"M{x0} {y}H{x1}V{lanes_bottom}H{x0}Z\"/><path class=\"ks-tl-band-box\" d=\"M{x0} {BAND_Y}H{x1}V{y}H{x0}Z\"/>",
            y = BAND_Y + BAND_H
        );
        if x1 - x0 > name.len() as i32 * 6 + 6 {
            let _ = write!(out, "<text x=\"{}\" y=\"{}\">{name}</text>", x0 + 3, BAND_Y + 12);
        }
        out.push_str("</g>");
    }
    for r in d.rebalances.iter().filter(|r| shown(r.at_ms, r.at_ms)) {
        push_shape(&mut out, "ks-tl-rebalance", "rebalance", &r.title, &format!("M{} {}l4 4l-4 4l-4 -4Z", x(r.at_ms), BAND_Y - 1), None);
    }
    // lanes
    for (i, lane) in d.lanes.iter().enumerate() {
        let y0 = LANES_Y + LANE_H * i as i32;
        let row_y = |r: usize| y0 + 8 + ROW_H * r as i32;
        let _ = write!(
            out,
            "<g class=\"ks-tl-lane{}\" data-testid=\"timeline-lane\" role=\"group\" aria-label=\"",
            if lane.alive { "" } else { " ks-tl-gone" }
        );
        escape_into(&mut out, &lane.client_id);
        if !lane.short_id.is_empty() {
            out.push_str(", member ");
            escape_into(&mut out, &lane.short_id);
        }
        let _ = write!(out, "\"><path class=\"ks-tl-lane-bg\" d=\"M0 {y0}H{W}V{}H0Z\"/>", y0 + LANE_H);
        push_text(&mut out, "ks-tl-client", 8, y0 + 18, &lane.client_id, "");
        if lane.member_id.is_empty() {
            push_text(&mut out, "ks-tl-member", 8, y0 + 32, "no member id yet", "");
        } else {
            push_text(
                &mut out,
                "ks-tl-member",
                8,
                y0 + 32,
                &format!("member {}…", lane.short_id),
                &format!("Member id {}", lane.member_id),
            );
        }
        push_text(
            &mut out,
            "ks-tl-member",
            8,
            y0 + 46,
            &format!("consumer {}{}", lane.consumer, if lane.alive { "" } else { " (gone)" }),
            "",
        );
        let cy2 = row_y(2);
        for o in lane.owned.iter().filter(|o| shown(o.from_ms, o.to_ms)) {
            let (x0, x1) = (x(o.from_ms), x(o.to_ms).max(x(o.from_ms) + 1));
            push_shape(&mut out, "ks-tl-owned", "owned", &o.title, &format!("M{x0} {}H{x1}V{}H{x0}Z", cy2 - 2, cy2 + 2), None);
        }
        let mut label_end = [i32::MIN; 5];
        for m in lane.marks.iter().filter(|m| shown(m.from_ms, m.to_ms)) {
            let r = row_of(m.kind);
            let cy = row_y(r);
            let (x0, x1) = (x(m.from_ms), x(m.to_ms));
            let mut class = format!("ks-tl-mark ks-tl-{}", m.kind.slug());
            for (on, c) in [(m.open, " ks-tl-open"), (m.error, " ks-tl-error"), (m.clipped, " ks-tl-clipped")] {
                if on {
                    class.push_str(c);
                }
            }
            let lx = if matches!(m.kind, MarkKind::Request(_) | MarkKind::Txn(_)) { x1.max(x0 + 3) + 2 } else { x0 + 6 };
            let lw = m.label.chars().count() as i32 * 5;
            let show = lx >= label_end[r] + 2 && lx + lw <= W;
            if show {
                label_end[r] = lx + lw;
            }
            push_shape(
                &mut out,
                &class,
                m.kind.slug(),
                &m.title,
                &mark_path(m.kind, x0, x1, cy),
                show.then_some((lx, cy + 3, m.label.as_str())),
            );
        }
        out.push_str("</g>");
    }
    let xn = x(d.now_ms);
    if shown(d.now_ms, d.now_ms) {
        push_shape(
            &mut out,
            "ks-tl-now",
            "now",
            &format!("Now: {} of virtual time", fmt_tick(d.now_ms)),
            &format!("M{xn} {BAND_Y}V{}", lanes_bottom.max(LANES_Y)),
            None,
        );
    }
    out.push_str("</svg>");
    out
}

/// One group's timeline, drawn from prepared data, keyed by its group; `zoomed`: to its
/// last rebalance ([`super::state::AppState::zoomed_timelines`]), which the button
/// toggles. A view function, as [`super::jobs::jobs`] is: while the simulation plays
/// the window slides on every tick.
pub fn timeline_view(d: &TimelineData, zoomed: bool, on_action: &Callback<UiAction>) -> Html {
    let focus = last_rebalance(d);
    let view = focus.filter(|_| zoomed).unwrap_or((d.start_ms, d.end_ms));
    let range = if focus.is_some() && zoomed {
        format!(" zoomed to the last rebalance ({} – {})", secs(view.0), secs(view.1))
    } else {
        format!(" last {} s of virtual time ({} – {})", (d.end_ms - d.start_ms) / 1000, fmt_tick(d.start_ms), fmt_tick(d.now_ms))
    };
    let onclick = on_click(on_action, UiAction::ZoomTimeline { group: d.group.as_str().into(), on: !zoomed });
    html! {
        <section key={d.group.clone()} class="ks-timeline" aria-label={format!("Rebalance timeline of group {}", d.group)} data-testid="timeline">
            <div class="ks-tl-head">
                <h2>{ format!("Rebalance timeline · group {}", d.group) }<span class="ks-muted ks-tl-range">{ range }</span></h2>
                <button class="ks-btn ks-btn-small" disabled={focus.is_none()} aria-pressed={(zoomed && focus.is_some()).to_string()} {onclick}
                    title="Zoom in on the last rebalance, which may last only milliseconds of virtual time">{"Zoom to the last rebalance"}</button>
            </div>
            { Html::from_html_unchecked(AttrValue::Static(LEGEND)) }
            if d.lanes.is_empty() {
                <p class="ks-muted">{ format!("No member of group {} did anything in this window.", d.group) }</p>
            }
            <div class="ks-scroll-x">{ Html::from_html_unchecked(svg(d, view).into()) }</div>
        </section>
    }
}
