//! What moves on the stage: the events of the last [`TRAVEL_MS`] of virtual time, each
//! drawn where it is on its way. A record batch appended by a leader travels from its
//! producer (`RecordsAppended`), one copied by a follower from the leader's row to the
//! follower's (`ReplicaFetched`, Kafka's `ReplicaFetcherThread`), one fetched by a
//! consumer from the leader's row to the member (`RecordsFetched`). A group protocol
//! request (`GroupRequestSent`: JoinGroup, SyncGroup, Heartbeat, LeaveGroup,
//! OffsetCommit, OffsetFetch, ConsumerGroupHeartbeat) travels from the member to its
//! coordinator's broker, and its response (`GroupResponseReceived`) back.
//!
//! Everything is timed by virtual time: pausing freezes it, stepping back moves it back.

use std::collections::BTreeMap;

use super::Stage;
use crate::engine::{BrokerId, Event, Sim, TraceEntry};

/// How long, in virtual ms, a dot or a message takes to travel.
pub const TRAVEL_MS: i64 = 600;
/// Most record dots drawn at once (the newest).
pub const MAX_DOTS: usize = 100;
/// Most protocol messages drawn at once (the newest).
pub const MAX_MESSAGES: usize = 24;

/// What a dot carries.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DotKind {
    /// producer → leader
    Produce,
    /// leader → follower
    Replicate,
    /// leader → member
    Fetch,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Dot {
    /// the trace entry it comes from (its index in the trace): the page keys the dot by
    /// it, so a dot moves from frame to frame rather than being drawn anew
    pub id: usize,
    pub kind: DotKind,
    pub x: f32,
    pub y: f32,
    /// the first record's key colour; `None`: no key
    pub colour: Option<u8>,
    /// records in the batch
    pub records: i64,
}

/// A group protocol request or response on its way.
#[derive(Clone, Debug, PartialEq)]
pub struct Message {
    /// the trace entry it comes from (its index in the trace), as [`Dot::id`]
    pub id: usize,
    /// the member's consumer
    pub consumer: u32,
    /// the API's name, e.g. "JoinGroup"
    pub api: &'static str,
    /// a request (member → coordinator) or its response
    pub request: bool,
    /// the response's error, e.g. "REBALANCE_IN_PROGRESS"
    pub error: Option<String>,
    pub from: (i32, i32),
    pub to: (i32, i32),
    pub x: f32,
    pub y: f32,
    /// the member's colour
    pub style: usize,
    /// Heartbeats and offset commits are drawn small: they are most of the traffic
    pub routine: bool,
}

/// The trace of the last [`TRAVEL_MS`] of virtual time: what is still moving.
pub fn recent_events(sim: &Sim) -> &[TraceEntry] {
    let trace = sim.trace();
    &trace[trace.partition_point(|e| e.time < sim.now() - TRAVEL_MS)..]
}

/// What happened to the logs in the last [`super::FADE_MS`] of virtual time, read from
/// the trace once per stage: records appended per partition (which rows a crowded broker
/// keeps on the stage) and segments retention deleted (drawn fading).
#[derive(Default)]
pub struct Lately {
    pub appended: BTreeMap<(String, u32), i64>,
    /// (topic, partition, broker, base offset, next offset, age 0..1)
    deleted: Vec<(String, u32, BrokerId, i64, i64, f32)>,
}

impl Lately {
    pub fn of(sim: &Sim) -> Lately {
        let now = sim.now();
        let trace = sim.trace();
        let mut lately = Lately::default();
        for e in &trace[trace.partition_point(|e| e.time < now - super::FADE_MS)..] {
            match &e.event {
                Event::RecordsAppended { topic, partition, first_offset, last_offset, .. } => {
                    *lately.appended.entry((topic.to_string(), *partition)).or_insert(0) += last_offset - first_offset + 1;
                }
                Event::SegmentDeleted { topic, partition, broker, segment, .. } => lately.deleted.push((
                    topic.to_string(),
                    *partition,
                    *broker,
                    segment.base_offset,
                    segment.next_offset,
                    ((now - e.time) as f32 / super::FADE_MS as f32).clamp(0.0, 1.0),
                )),
                _ => {}
            }
        }
        lately
    }

    /// The segments of a replica deleted lately: (base offset, next offset, age 0..1).
    pub fn deleted_on(&self, topic: &str, partition: u32, broker: BrokerId) -> Vec<(i64, i64, f32)> {
        self.deleted
            .iter()
            .filter(|(t, p, b, ..)| t == topic && *p == partition && *b == broker)
            .map(|&(_, _, _, base, next, age)| (base, next, age))
            .collect()
    }
}

fn lerp(a: i32, b: i32, p: f32) -> f32 {
    a as f32 + (b - a) as f32 * p
}

/// Fills the stage's dots, messages and fading revoked links from `recent`, the newest
/// entries of the trace (a suffix of `sim.trace()`, as [`recent_events`] gives).
pub fn moving(sim: &Sim, recent: &[TraceEntry], s: &mut Stage) {
    let first_id = sim.trace().len() - recent.len();
    let now = sim.now();
    let progress = |t: i64| ((now - t) as f32 / TRAVEL_MS as f32).clamp(0.0, 1.0);
    let key_at = |topic: &str, partition: u32, offset: i64| -> Option<u8> {
        let p = sim.topic(topic)?.partitions.get(partition as usize)?;
        let r = p.leader_replica().or_else(|| p.replicas.first())?;
        let rec = r.log.read(offset, offset + 1).next()?;
        rec.key.map(super::key_colour)
    };
    let mut dots = Vec::new();
    let mut messages = Vec::new();
    let mut revoked = Vec::new();
    for (i, e) in recent.iter().enumerate().rev() {
        let id = first_id + i;
        let p = progress(e.time);
        match &e.event {
            Event::RecordsAppended { topic, partition, broker, first_offset, last_offset, producer: Some(pid) }
                if dots.len() < MAX_DOTS =>
            {
                let (Some(row), Some(producer)) = (s.row_of(topic, *partition, *broker), s.producers.iter().find(|x| x.id == *pid)) else {
                    continue;
                };
                let r = &s.rows[row];
                let (tx, ty) = (r.x_of(*first_offset) + r.cell / 2, r.cells_mid());
                dots.push(Dot {
                    id,
                    kind: DotKind::Produce,
                    x: lerp(producer.rect.right(), tx, p),
                    y: lerp(producer.rect.mid_y(), ty, p),
                    colour: key_at(topic, *partition, *first_offset),
                    records: last_offset - first_offset + 1,
                });
            }
            Event::ReplicaFetched { topic, partition, follower, leader, first_offset, last_offset } if dots.len() < MAX_DOTS => {
                let (Some(a), Some(b)) = (s.row_of(topic, *partition, *leader), s.row_of(topic, *partition, *follower)) else { continue };
                let (ra, rb) = (&s.rows[a], &s.rows[b]);
                let ax = ra.x_of(*first_offset) + ra.cell / 2;
                let bx = rb.x_of(*first_offset) + rb.cell / 2;
                let arc = (p * std::f32::consts::PI).sin() * 14.0;
                dots.push(Dot {
                    id,
                    kind: DotKind::Replicate,
                    x: lerp(ax, bx, p),
                    y: lerp(ra.cells_mid(), rb.cells_mid(), p) - arc,
                    colour: key_at(topic, *partition, *first_offset),
                    records: last_offset - first_offset + 1,
                });
            }
            Event::RecordsFetched { consumer, topic, partition, first_offset, last_offset } if dots.len() < MAX_DOTS => {
                let Some(m) = s.member_of(*consumer) else { continue };
                let Some(row) = s.leader_row(topic, *partition) else { continue };
                let r = &s.rows[row];
                let m = &s.members[m];
                dots.push(Dot {
                    id,
                    kind: DotKind::Fetch,
                    x: lerp(r.x_of(*first_offset) + r.cell / 2, m.rect.x, p),
                    y: lerp(r.cells_mid(), m.rect.mid_y(), p),
                    colour: key_at(topic, *partition, *first_offset),
                    records: last_offset - first_offset + 1,
                });
            }
            Event::GroupRequestSent { consumer, api, coordinator: Some(b), .. } if messages.len() < MAX_MESSAGES => {
                if let Some(msg) = message(s, id, *consumer, *b, api.name(), true, None, p) {
                    messages.push(msg);
                }
            }
            Event::GroupResponseReceived { group, consumer, api, error, .. } if messages.len() < MAX_MESSAGES => {
                let Some(b) = s.groups.iter().find(|g| g.group_id == **group).and_then(|g| g.coordinator) else { continue };
                if let Some(msg) = message(s, id, *consumer, b, api.name(), false, error.map(|e| e.name().to_string()), p) {
                    messages.push(msg);
                }
            }
            Event::PartitionsRevoked { consumer, partitions, .. } | Event::PartitionsLost { consumer, partitions, .. } => {
                let Some(m) = s.member_of(*consumer) else { continue };
                for tp in partitions {
                    if let Some(row) = s.leader_row(&tp.topic, tp.partition) {
                        if !s.links.iter().any(|l| l.row == row && l.member == m) {
                            revoked.push((row, m, p));
                        }
                    }
                }
            }
            _ => {}
        }
    }
    // each member says what it last sent or got (the newest message; a rebalance's over a
    // routine one): its line on the stage, while a dot carries the message
    for m in &mut s.members {
        let mine = || messages.iter().filter(|x| x.consumer == m.consumer);
        if let Some(x) = mine().find(|x| !x.routine).or_else(|| mine().next()) {
            m.says = Some(x.text());
            m.says_routine = x.routine;
        }
    }
    s.dots = dots;
    s.messages = messages;
    s.revoked = revoked;
}

impl Message {
    /// "→ JoinGroup" for a request, "← JoinGroup ✓" or "← Heartbeat ✗ REBALANCE_IN_PROGRESS"
    /// for a response.
    pub fn text(&self) -> String {
        match (&self.error, self.request) {
            (Some(e), _) => format!("← {} ✗ {e}", self.api),
            (None, true) => format!("→ {}", self.api),
            (None, false) => format!("← {} ✓", self.api),
        }
    }
}

/// Where the coordinator's broker receives group requests: its header's right end.
pub fn coordinator_anchor(s: &Stage, broker: BrokerId) -> Option<(i32, i32)> {
    s.broker(broker).map(|b| (b.rect.right() - 8, b.rect.y + s.m.text + 4))
}

#[allow(clippy::too_many_arguments)]
fn message(
    s: &Stage,
    id: usize,
    consumer: u32,
    broker: BrokerId,
    api: &'static str,
    request: bool,
    error: Option<String>,
    p: f32,
) -> Option<Message> {
    let m = &s.members[s.member_of(consumer)?];
    let member = (m.rect.x, m.rect.y + s.m.text);
    let coordinator = coordinator_anchor(s, broker)?;
    let (from, to) = if request { (member, coordinator) } else { (coordinator, member) };
    Some(Message {
        id,
        consumer,
        api,
        request,
        error,
        from,
        to,
        x: lerp(from.0, to.0, p),
        y: lerp(from.1, to.1, p),
        style: m.style,
        routine: matches!(api, "Heartbeat" | "OffsetCommit" | "OffsetFetch" | "FindCoordinator")
            || (api == "ConsumerGroupHeartbeat" && !s.groups.iter().any(|g| g.rebalancing)),
    })
}
