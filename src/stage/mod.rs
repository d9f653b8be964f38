//! The stage: the page's main view, one picture of the whole cluster at work, as a pure
//! function of the simulation (no web dependency, tested natively; `ui::stage` only
//! draws what [`stage`] returns).
//!
//! Producers stand on the left, the brokers in columns in the middle, each holding its
//! replicas of every partition (the leader ★, followers in or out of the ISR) as a strip
//! of the partition's newest records with the offsets Kafka talks about: log start
//! offset, high watermark, log end offset, each group's committed offset and each
//! member's position. Consumer groups and their members stand on the right, the group
//! coordinator marked on its broker. What happened in the last [`TRAVEL_MS`] of virtual
//! time travels as dots and labelled messages ([`moving`]): records from a producer to a
//! leader (an append), from the leader to its followers (replication), from a leader to
//! a member (a fetch); group protocol requests from a member to its coordinator and their
//! responses back.
//!
//! Simplifications, said in the glossary too: a dot stands for a whole batch; it leaves
//! when the event happened and takes [`TRAVEL_MS`] of virtual time, not the network's
//! 2 ms; a broker with more replicas than fit shows the busiest ones and a summary line.

pub mod moving;
pub mod share;

pub use crate::engine::log::txn_index::TxnStatus;
use std::hash::Hasher;

use crate::console::Console;
use crate::engine::group::GroupState;
use crate::engine::sim::GroupDescription;
use crate::engine::stable_hash::StableHasher;
use crate::engine::{BrokerId, Event, Sim};

pub use moving::TRAVEL_MS;

/// Number of key colours: `--ks-key-0` .. `--ks-key-7`.
pub const KEY_COLOURS: u8 = 8;

/// The palette index of a key (FNV-1a, independent of the partitioner's murmur2, so
/// colours do not line up with partitions by construction).
pub fn key_colour(key: &[u8]) -> u8 {
    let mut h = StableHasher::default();
    h.write(key);
    let v = h.finish();
    ((v ^ (v >> 32)) % KEY_COLOURS as u64) as u8
}

/// Member colours and dash patterns: `--ks-m-0` .. `--ks-m-5`.
pub const MEMBER_STYLES: usize = 6;

/// The stage's sizes, in stage units (one unit is one CSS pixel: the page draws the stage
/// 1:1 and lets its pane scroll when it is bigger). Derived from the size of its smallest
/// text: 12 on a laptop, 16 in presenter mode (read from the back of a room), so a
/// projector gets bigger type and tighter columns rather than a magnified picture.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Metrics {
    /// the smallest text's size
    pub text: i32,
    pub pad: i32,
    /// y of the columns' top (headings and the legend above it)
    pub top: i32,
    pub producer_w: i32,
    pub producer_h: i32,
    pub producer_step: i32,
    pub group_w: i32,
    pub column_gap: i32,
    pub broker_gap: i32,
    pub broker_head: i32,
    pub row_h: i32,
    pub cell: i32,
    pub cell_step: i32,
    pub group_head: i32,
    pub member_h: i32,
    pub member_step: i32,
    /// the narrowest broker column (about eight cells and a readable label; seven in
    /// presenter mode), so that three brokers fit the stage pane beside the inspector of a
    /// 1280-pixel-wide laptop or projector;
    /// a stage too narrow for its brokers is laid out wider and its pane scrolls sideways
    pub min_broker_w: i32,
}

impl Default for Metrics {
    fn default() -> Self {
        Metrics::for_text(12)
    }
}

impl Metrics {
    pub fn for_text(text: i32) -> Metrics {
        let presenting = text >= 16;
        Metrics {
            text,
            pad: 12,
            top: 3 * text + 8,
            producer_w: if presenting { 122 } else { 112 },
            producer_h: 2 * text + 12,
            producer_step: 2 * text + 22,
            group_w: if presenting { 236 } else { 200 },
            column_gap: if presenting { 20 } else { 36 },
            broker_gap: if presenting { 8 } else { 14 },
            broker_head: 3 * text + 8,
            row_h: 2 * text + 16,
            cell: text + 2,
            cell_step: text + 4,
            group_head: 4 * text + 14,
            member_h: 3 * text + 20,
            member_step: 3 * text + 28,
            min_broker_w: if presenting { 160 } else { 150 },
        }
    }
    /// The narrowest stage that holds `brokers` broker columns.
    pub fn needed_width(&self, brokers: i32) -> i32 {
        2 * self.pad + self.producer_w + 2 * self.column_gap + self.group_w + brokers * self.min_broker_w + (brokers - 1) * self.broker_gap
    }
}

/// The narrowest stage laid out; narrower panes scroll sideways.
pub const MIN_WIDTH: i32 = 640;
/// Most replica rows a broker column shows; the rest are summarised on one line.
pub const MAX_ROWS_PER_BROKER: usize = 12;
/// Most cells a strip shows.
pub const MAX_CELLS: usize = 24;
/// How long, in virtual ms, a segment deleted by retention stays drawn, fading.
pub const FADE_MS: i64 = 5_000;

/// A box on the stage.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Rect {
    pub x: i32,
    pub y: i32,
    pub w: i32,
    pub h: i32,
}

impl Rect {
    pub fn right(&self) -> i32 {
        self.x + self.w
    }
    pub fn mid_y(&self) -> i32 {
        self.y + self.h / 2
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct ProducerNode {
    pub id: u32,
    pub label: String,
    pub closed: bool,
    pub rect: Rect,
}

#[derive(Clone, Debug, PartialEq)]
pub struct BrokerNode {
    pub id: BrokerId,
    pub alive: bool,
    /// the KRaft controller has fenced it (`BrokerRegistration.fenced`): a clean shutdown
    /// fences at once, a crash only when `broker.session.timeout.ms` passes without a
    /// heartbeat; a restarted broker stays fenced until it has caught up with the
    /// metadata log
    pub fenced: bool,
    /// the groups whose coordinator this broker is (it leads their `__consumer_offsets`
    /// partition)
    pub coordinator_of: Vec<String>,
    pub rect: Rect,
    /// the replicas not drawn ([`MAX_ROWS_PER_BROKER`]), as `topic-partition`, in topic
    /// order: summarised on the broker's last line
    pub hidden: Vec<String>,
}

/// A replica's role in its partition.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    Leader,
    InSync,
    /// out of the ISR: behind for longer than `replica.lag.time.max.ms`, or fenced
    OutOfSync,
    /// its broker is stopped
    Offline,
}

impl Role {
    pub fn slug(self) -> &'static str {
        match self {
            Role::Leader => "leader",
            Role::InSync => "isr",
            Role::OutOfSync => "out",
            Role::Offline => "offline",
        }
    }
}

/// One offset slot of a strip.
#[derive(Clone, Debug, PartialEq)]
pub enum Slot {
    /// a record this replica holds: its key's colour (`None`: no key), tombstone, and
    /// where it stands in a transaction (`Open`: no marker yet; `Aborted`)
    Record { colour: Option<u8>, tombstone: bool, txn: TxnStatus },
    /// a transaction marker (a control record): commit or abort (issue 18)
    Marker { commit: bool },
    /// an offset below the log start: deleted (by retention) `age` 0..1 ago, or long gone
    Deleted { age: Option<f32> },
    /// an offset the leader has and this follower has not copied yet
    Missing,
    /// an offset with no record (compaction removed it)
    Compacted,
}

/// What a marker on a strip stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum MarkerKind {
    LogStart,
    /// a share group's share-partition start offset (SPSO)
    ShareStart,
    Committed,
    Position,
    /// the last stable offset, where read_committed readers stop (issue 18)
    LastStable,
    HighWatermark,
    LogEnd,
}

impl MarkerKind {
    /// The marker's CSS class suffix and `data-marker` value (the stage's strips and the
    /// Logs tab's).
    pub fn slug(self) -> &'static str {
        match self {
            MarkerKind::LogStart => "log-start",
            MarkerKind::HighWatermark => "high-watermark",
            MarkerKind::LogEnd => "log-end",
            MarkerKind::Committed => "committed",
            MarkerKind::Position => "position",
            MarkerKind::ShareStart => "share-start",
            MarkerKind::LastStable => "last-stable",
        }
    }
}

/// A marker: at the boundary before `offset`; `style` is the member's colour for a
/// position, the group's index for a committed offset.
#[derive(Clone, Debug, PartialEq)]
pub struct StripMarker {
    pub kind: MarkerKind,
    pub offset: i64,
    pub style: usize,
    /// whose mark it is: the group of a committed offset, the member of a position
    pub whose: Option<String>,
}

impl StripMarker {
    /// What the mark means, for its tooltip. Built when a strip is drawn, not on every
    /// tick for every strip: a strip that did not change is not drawn again.
    pub fn title(&self) -> String {
        let (o, whose) = (self.offset, self.whose.as_deref().unwrap_or(""));
        match self.kind {
            MarkerKind::LogStart => {
                format!("Log start offset {o}: the first offset still in this replica's log; retention raises it by deleting whole old segments.")
            }
            MarkerKind::HighWatermark => {
                format!("High watermark {o}: every in-sync replica has the records below it, so consumers read only up to here.")
            }
            MarkerKind::LogEnd => format!("Log end offset {o}: the offset the next record appended to this replica gets."),
            MarkerKind::LastStable => format!("Last stable offset {o}: a transaction open here has no commit or abort marker yet, so read_committed consumers read only up to here."),
            MarkerKind::Committed => format!("Committed offset {o} of group {whose}: where the group resumes after a restart or a rebalance (CURRENT-OFFSET in kafka-consumer-groups.sh --describe)."),
            MarkerKind::Position => format!("Position {o} of {whose}: the offset of the next record it will fetch."),
            MarkerKind::ShareStart => format!("Share-partition start offset {o} of share group {whose}: every record below it is acknowledged or archived; the records after it are in flight."),
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct ReplicaRow {
    pub topic: String,
    pub partition: u32,
    pub broker: BrokerId,
    pub role: Role,
    /// the first replica: the controller gives leadership back to it
    pub preferred: bool,
    /// in the partition's Eligible Leader Replicas (KIP-966, on for clusters made by Kafka
    /// 4.1+): it left the ISR while the ISR was below `min.insync.replicas`, so it holds
    /// every committed record and can be elected cleanly (also while its broker is down)
    pub elr: bool,
    pub rect: Rect,
    pub log_start_offset: i64,
    pub high_watermark: i64,
    pub log_end_offset: i64,
    /// the window's first offset; `slots[i]` is offset `from + i`
    pub from: i64,
    pub slots: Vec<Slot>,
    /// offsets at which a new segment starts inside the window
    pub segment_starts: Vec<i64>,
    /// markers inside the window (or at its right edge); the leader's row only for
    /// client markers
    pub markers: Vec<StripMarker>,
    /// the newest segment retention deleted from this replica in the last [`FADE_MS`]:
    /// (first offset, last offset, age 0..1), said on the row while it fades
    pub just_deleted: Option<(i64, i64, f32)>,
    /// the in-flight records of a share group on this leader's strip (issue 17)
    pub share: Vec<share::ShareCell>,
    /// where the cells are drawn: the first cell's corner, a cell's size and step
    pub cells_x: i32,
    pub cells_y: i32,
    pub cell: i32,
    pub cell_step: i32,
}

impl ReplicaRow {
    /// x of the boundary before `offset` (clamped to the window).
    pub fn x_of(&self, offset: i64) -> i32 {
        let i = (offset - self.from).clamp(0, self.slots.len() as i64) as i32;
        self.cells_x + i * self.cell_step - 1
    }
    /// y of the cells' middle
    pub fn cells_mid(&self) -> i32 {
        self.cells_y + self.cell / 2
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct GroupNode {
    pub group_id: String,
    /// the state's name as `kafka-consumer-groups.sh --describe --state` prints it
    pub state: String,
    /// e.g. "classic · range · generation 3" or "consumer · uniform · epoch 4"
    pub detail: String,
    pub coordinator: Option<BrokerId>,
    pub rect: Rect,
    pub rebalancing: bool,
    /// the topic its members subscribe to (a new member's `--topic`), if known
    pub topic: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct MemberNode {
    pub consumer: u32,
    pub group: Option<usize>,
    pub label: String,
    /// the partitions it owns, e.g. "orders 0,2"
    pub owns: String,
    pub style: usize,
    /// crashed (or cut off): it fetches nothing, but the coordinator keeps it, and its
    /// partitions, until its session times out
    pub gone: bool,
    pub disconnected: bool,
    pub rect: Rect,
    /// the group protocol message it sent or got last, while it travels (e.g.
    /// "→ JoinGroup"); `says_routine` for heartbeats and commits
    pub says: Option<String>,
    pub says_routine: bool,
}

/// A partition's leader linked to the member that owns it.
#[derive(Clone, Debug, PartialEq)]
pub struct Link {
    pub row: usize,
    pub member: usize,
    pub style: usize,
    pub gone: bool,
}

/// Everything the stage draws.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Stage {
    pub width: i32,
    pub height: i32,
    pub producers: Vec<ProducerNode>,
    pub brokers: Vec<BrokerNode>,
    /// behind `Rc`, so the page hands each row to its component without copying it
    pub rows: Vec<std::rc::Rc<ReplicaRow>>,
    pub groups: Vec<GroupNode>,
    pub members: Vec<MemberNode>,
    pub links: Vec<Link>,
    /// links of partitions revoked or lost lately: (row, member, age 0..1)
    pub revoked: Vec<(usize, usize, f32)>,
    pub dots: Vec<moving::Dot>,
    pub messages: Vec<moving::Message>,
    /// column headings' x: producers, brokers, groups
    pub columns: [i32; 3],
    pub m: Metrics,
}

impl Stage {
    pub fn row_of(&self, topic: &str, partition: u32, broker: BrokerId) -> Option<usize> {
        self.rows.iter().position(|r| r.partition == partition && r.broker == broker && r.topic == topic)
    }
    pub fn leader_row(&self, topic: &str, partition: u32) -> Option<usize> {
        self.rows.iter().position(|r| r.partition == partition && r.role == Role::Leader && r.topic == topic)
    }
    pub fn member_of(&self, consumer: u32) -> Option<usize> {
        self.members.iter().position(|m| m.consumer == consumer)
    }
    pub fn broker(&self, id: BrokerId) -> Option<&BrokerNode> {
        self.brokers.iter().find(|b| b.id == id)
    }
}

/// A replica row's name, `TOPIC-PARTITION`, in at most `chars` characters: a long topic
/// name is cut (`orders-eu-…-11`), never the partition number, which is what tells the
/// rows of one topic apart.
pub fn partition_label(topic: &str, partition: u32, chars: usize) -> String {
    let full = format!("{topic}-{partition}");
    if full.chars().count() <= chars {
        return full;
    }
    let suffix = format!("…-{partition}");
    let keep = chars.saturating_sub(suffix.chars().count());
    format!("{}{suffix}", topic.chars().take(keep).collect::<String>())
}

/// The label of a consumer: its job number when a console job runs it, and its client id.
pub fn member_label(console: &Console, consumer: u32, client_id: &str) -> String {
    use crate::console::tools::JobKind;
    let job = console.jobs().iter().find(|j| {
        !j.done
            && match &j.kind {
                JobKind::Consumer(c) => c.consumer == consumer,
                JobKind::ShareConsumer(c) => c.consumer == consumer,
                _ => false,
            }
    });
    match job {
        Some(j) => format!("%{} {client_id}", j.id),
        None => client_id.to_string(),
    }
}

/// The stage for `console`'s simulation now, laid out `width` units wide with text of
/// `m.text`; `groups` are the groups as `kafka-consumer-groups.sh --describe` sees them
/// (the app computes them once per change for all its views).
pub fn stage(console: &Console, groups: &[GroupDescription], width: i32, m: Metrics) -> Stage {
    let sim = console.sim();
    let brokers = sim.brokers().len().max(1) as i32;
    let width = width.max(MIN_WIDTH).max(m.needed_width(brokers));
    let recent = moving::recent_events(sim);
    let mut s = Stage { width, m, ..Stage::default() };
    let groups_x = width - m.pad - m.group_w;
    let brokers_x = m.pad + m.producer_w + m.column_gap;
    s.columns = [m.pad, brokers_x, groups_x];

    // producers: the open ones, and a closed one while its last records travel
    for p in sim.producers() {
        let travelling = recent.iter().any(|e| matches!(&e.event, Event::RecordsAppended { producer: Some(id), .. } if *id == p.id));
        if p.closed && !travelling {
            continue;
        }
        let y = m.top + s.producers.len() as i32 * m.producer_step;
        s.producers.push(ProducerNode {
            id: p.id,
            label: p.client_id.clone(),
            closed: p.closed,
            rect: Rect { x: m.pad, y, w: m.producer_w, h: m.producer_h },
        });
    }

    // groups and members, so strips can mark positions in the members' colours
    lay_out_groups(console, groups, groups_x, &mut s);

    // brokers and their replicas
    let n = sim.brokers().len().max(1) as i32;
    let area = groups_x - m.column_gap - brokers_x;
    let broker_w = ((area - (n - 1) * m.broker_gap) / n).max(m.min_broker_w);
    let cells = (((broker_w - 20) / m.cell_step) as usize).clamp(3, MAX_CELLS);
    let lately = moving::Lately::of(sim);
    let mut bottom = m.top;
    for (i, b) in sim.brokers().iter().enumerate() {
        let x = brokers_x + i as i32 * (broker_w + m.broker_gap);
        let mut hosted: Vec<(&crate::engine::Topic, &crate::engine::Partition)> = Vec::new();
        for t in sim.topics().filter(|t| !crate::engine::topic_name::is_internal(&t.name)) {
            for p in &t.partitions {
                if p.replicas.iter().any(|r| r.broker == b.id) {
                    hosted.push((t, p));
                }
            }
        }
        let hidden = hosted.len().saturating_sub(MAX_ROWS_PER_BROKER);
        let mut hidden_names = Vec::new();
        if hidden > 0 {
            // keep the busiest (leaders first, then by recent records), in topic order
            let mut order: Vec<usize> = (0..hosted.len()).collect();
            crate::engine::sorting::sort_by(&mut order, |&a, &c| {
                let score = |k: usize| {
                    let (t, p) = hosted[k];
                    (p.leader == Some(b.id), lately.appended.get(&(t.name.to_string(), p.index)).copied().unwrap_or(0))
                };
                score(c).cmp(&score(a)).then(a.cmp(&c))
            });
            let mut keep = order[..MAX_ROWS_PER_BROKER - 1].to_vec();
            crate::engine::sorting::sort_by(&mut keep, |a, c| a.cmp(c));
            let mut left = order[MAX_ROWS_PER_BROKER - 1..].to_vec();
            crate::engine::sorting::sort_by(&mut left, |a, c| a.cmp(c));
            hidden_names = left.into_iter().map(|k| format!("{}-{}", hosted[k].0.name, hosted[k].1.index)).collect();
            hosted = keep.into_iter().map(|k| hosted[k]).collect();
        }
        let mut y = m.top + m.broker_head;
        for (t, p) in hosted {
            let rect = Rect { x: x + 4, y, w: broker_w - 8, h: m.row_h - 4 };
            let mut row = replica_row(&RowContext { sim, groups, lately: &lately, cells }, t, p, b.id, rect, &s);
            if row.role == Role::Leader && sim.share_groups().next().is_some() {
                let end = row.from + row.slots.len() as i64;
                row.share = share::cells(console, &s, &t.name, p.index, row.from, end, &mut row.markers);
                row.markers.retain(|m| m.offset >= row.from && m.offset <= end);
            }
            s.rows.push(std::rc::Rc::new(row));
            y += m.row_h;
        }
        let h = y - m.top + if hidden > 0 { m.text + 10 } else { 6 };
        let mut coordinator_of: Vec<String> = s.groups.iter().filter(|g| g.coordinator == Some(b.id)).map(|g| g.group_id.clone()).collect();
        // transaction coordinators too: the leader of the id's __transaction_state partition (issue 18)
        coordinator_of.extend(
            sim.transactions()
                .filter(|m| sim.transaction_coordinator(&m.transactional_id) == Some(b.id))
                .map(|m| format!("txn {}", m.transactional_id)),
        );
        s.brokers.push(BrokerNode {
            id: b.id,
            alive: b.alive,
            fenced: b.fenced,
            coordinator_of,
            rect: Rect { x, y: m.top, w: broker_w, h: h.max(m.broker_head + 10) },
            hidden: hidden_names,
        });
        bottom = bottom.max(m.top + h);
    }

    // who owns what
    for (mi, m) in s.members.iter().enumerate() {
        let Some(c) = sim.consumers().find(|c| c.id == m.consumer) else { continue };
        for (t, p) in owned(c) {
            if let Some(row) = s.leader_row(&t, p).or_else(|| s.rows.iter().position(|r| r.topic == t && r.partition == p)) {
                s.links.push(Link { row, member: mi, style: m.style, gone: m.gone });
            }
        }
    }
    share::links(console, &mut s);
    moving::moving(sim, recent, &mut s);
    let side = s.members.last().map_or(0, |m| m.rect.y + m.rect.h).max(s.groups.last().map_or(0, |g| g.rect.y + g.rect.h));
    let producers = s.producers.last().map_or(0, |p| p.rect.y + p.rect.h);
    s.height = bottom.max(side).max(producers) + m.pad;
    s
}

/// The partitions a consumer owns: its group assignment as the client holds it (empty
/// between an eager revocation and the new assignment), or what it `assign()`ed.
pub fn owned(c: &crate::engine::clients::Consumer) -> Vec<(String, u32)> {
    if c.subscription.is_empty() {
        c.assignment.iter().map(|(t, p)| (t.to_string(), *p)).collect()
    } else {
        c.member.owned.iter().map(|tp| (tp.topic.to_string(), tp.partition)).collect()
    }
}

fn lay_out_groups(console: &Console, groups: &[GroupDescription], x: i32, s: &mut Stage) {
    let sim = console.sim();
    let m = s.m;
    let mut y = m.top;
    let mut seen: Vec<u32> = Vec::new();
    for g in groups {
        let gi = s.groups.len();
        let (kind, epoch) = match g.group_type {
            crate::engine::group::GroupType::Classic => ("classic", "generation"),
            crate::engine::group::GroupType::Consumer => ("consumer", "epoch"),
        };
        let assignor = g.protocol.as_deref().filter(|p| !p.is_empty()).unwrap_or("-");
        s.groups.push(GroupNode {
            group_id: g.group_id.to_string(),
            state: g.state.name().to_string(),
            detail: format!("{kind} · {assignor} · {epoch} {}", g.generation_id),
            coordinator: g.coordinator,
            rect: Rect { x, y, w: m.group_w, h: m.group_head - 6 },
            rebalancing: matches!(
                g.state,
                GroupState::PreparingRebalance | GroupState::CompletingRebalance | GroupState::Assigning | GroupState::Reconciling
            ),
            topic: sim
                .consumers()
                .find(|c| c.group_id.as_deref() == Some(&*g.group_id) && !c.subscription.is_empty())
                .and_then(|c| c.subscription.first().cloned())
                .or_else(|| g.offsets.first().map(|o| o.topic.to_string())),
        });
        y += m.group_head;
        // the members the coordinator knows, and the group's live consumers still joining
        let mut ids: Vec<u32> = g.members.iter().map(|m| m.consumer).collect();
        for c in sim.consumers().filter(|c| c.alive && c.group_id.as_deref() == Some(&*g.group_id) && !c.subscription.is_empty()) {
            if !ids.contains(&c.id) {
                ids.push(c.id);
            }
        }
        crate::engine::sorting::sort_by(&mut ids, |a, b| a.cmp(b));
        for (i, id) in ids.into_iter().enumerate() {
            let Some(c) = sim.consumers().find(|c| c.id == id) else { continue };
            seen.push(id);
            push_member(console, c, Some(gi), i, x + 10, &mut y, s);
        }
        y += 8;
    }
    share::lay_out(console, x, &mut y, s);
    // consumers that assign() partitions without a group
    let standalone: Vec<_> = sim.consumers().filter(|c| c.alive && c.subscription.is_empty() && !c.assignment.is_empty()).collect();
    if !standalone.is_empty() {
        s.groups.push(GroupNode {
            group_id: "(assigned, no group)".into(),
            state: String::new(),
            detail: "assign(): no group, no rebalance".into(),
            coordinator: None,
            rect: Rect { x, y, w: m.group_w, h: m.group_head - 6 },
            rebalancing: false,
            topic: None,
        });
        let gi = s.groups.len() - 1;
        y += m.group_head;
        for (i, c) in standalone.into_iter().enumerate() {
            if !seen.contains(&c.id) {
                push_member(console, c, Some(gi), i, x + 10, &mut y, s);
            }
        }
    }
}

fn push_member(
    console: &Console,
    c: &crate::engine::clients::Consumer,
    group: Option<usize>,
    i: usize,
    x: i32,
    y: &mut i32,
    s: &mut Stage,
) {
    let mut parts: Vec<(String, u32)> = owned(c);
    crate::engine::sorting::sort_by(&mut parts, |a, b| a.cmp(b));
    let mut owns = String::new();
    let mut last_topic = "";
    for (t, p) in &parts {
        if t != last_topic {
            if !owns.is_empty() {
                owns.push_str("; ");
            }
            owns.push_str(t);
            owns.push(' ');
            last_topic = t;
        } else {
            owns.push(',');
        }
        owns.push_str(&p.to_string());
    }
    if owns.is_empty() {
        owns.push_str("owns nothing");
    }
    s.members.push(MemberNode {
        consumer: c.id,
        group,
        label: member_label(console, c.id, &c.client_id),
        owns,
        style: i % MEMBER_STYLES,
        gone: !c.alive,
        disconnected: c.disconnected,
        rect: Rect { x, y: *y, w: s.m.group_w - 10, h: s.m.member_h },
        says: None,
        says_routine: false,
    });
    *y += s.m.member_step;
}

/// What every replica row is drawn from, besides its partition.
struct RowContext<'a> {
    sim: &'a Sim,
    /// the groups as `--describe` sees them (for their committed offsets)
    groups: &'a [GroupDescription],
    lately: &'a moving::Lately,
    /// offsets a strip shows
    cells: usize,
}

fn replica_row(
    ctx: &RowContext,
    t: &crate::engine::Topic,
    p: &crate::engine::Partition,
    broker: BrokerId,
    rect: Rect,
    s: &Stage,
) -> ReplicaRow {
    let (sim, cells) = (ctx.sim, ctx.cells);
    let alive = sim.brokers().iter().any(|b| b.id == broker && b.alive);
    let role = if !alive {
        Role::Offline
    } else if p.leader == Some(broker) {
        Role::Leader
    } else if p.isr.contains(&broker) {
        Role::InSync
    } else {
        Role::OutOfSync
    };
    let me = p.replica(broker).expect("a hosted replica");
    // the window: the newest offsets of the leader (or, with no leader, the longest log)
    let reference = p.leader_replica().or_else(|| p.replicas.iter().max_by_key(|r| r.log.log_end_offset())).unwrap_or(me);
    let end = reference.log.log_end_offset();
    let from = (end - cells as i64).max(0);
    let lso = me.log.log_start_offset();
    let leo = me.log.log_end_offset();
    let deleted_at = ctx.lately.deleted_on(&t.name, p.index, broker);
    let mut slots = Vec::with_capacity(cells);
    // control records too: a marker is a cell (issue 18)
    let mut present = me.log.read_all(from.max(lso), leo.min(end)).peekable();
    let txns = !me.log.txn_index().is_empty();
    for offset in from..end {
        let slot = if offset < lso {
            Slot::Deleted { age: deleted_at.iter().find(|(a, b, _)| (*a..*b).contains(&offset)).map(|(_, _, age)| *age) }
        } else if offset >= leo {
            Slot::Missing
        } else {
            while present.peek().is_some_and(|r| r.offset < offset) {
                present.next();
            }
            match present.peek() {
                Some(r) if r.offset == offset => match if txns { me.log.txn_status(offset) } else { TxnStatus::Plain } {
                    TxnStatus::CommitMarker => Slot::Marker { commit: true },
                    TxnStatus::AbortMarker => Slot::Marker { commit: false },
                    txn => Slot::Record { colour: r.key.map(key_colour), tombstone: r.value.is_none(), txn },
                },
                _ => Slot::Compacted,
            }
        };
        slots.push(slot);
    }
    let segment_starts =
        me.log.segments().iter().map(|seg| seg.base_offset()).filter(|&b| b > from && b < end && b > lso).collect::<Vec<_>>();
    let hw = if role == Role::Leader { p.high_watermark() } else { me.high_watermark };
    let mut markers = vec![
        StripMarker { kind: MarkerKind::LogStart, offset: lso, style: 0, whose: None },
        StripMarker { kind: MarkerKind::HighWatermark, offset: hw, style: 0, whose: None },
        StripMarker { kind: MarkerKind::LogEnd, offset: leo, style: 0, whose: None },
    ];
    let stable = me.log.last_stable_offset(hw);
    if stable < hw {
        markers.push(StripMarker { kind: MarkerKind::LastStable, offset: stable, style: 0, whose: None });
    }
    if role == Role::Leader || (p.leader.is_none() && std::ptr::eq(reference, me)) {
        client_markers(ctx, &t.name, p.index, s, &mut markers);
    }
    markers.retain(|m| m.offset >= from && m.offset <= end);
    ReplicaRow {
        topic: t.name.to_string(),
        partition: p.index,
        broker,
        role,
        preferred: p.replicas.first().map(|r| r.broker) == Some(broker),
        elr: p.elr.contains(&broker),
        rect,
        log_start_offset: lso,
        high_watermark: hw,
        log_end_offset: leo,
        from,
        slots,
        segment_starts,
        markers,
        share: Vec::new(),
        just_deleted: deleted_at.iter().max_by_key(|(_, next, _)| *next).map(|&(base, next, age)| {
            // the run of segments deleted together, from the oldest still fading
            let first = deleted_at.iter().filter(|(_, n, a)| *a <= age + 0.2 && *n <= next).map(|(b, _, _)| *b).min().unwrap_or(base);
            (first, next - 1, age)
        }),
        cells_x: rect.x + 8,
        cells_y: rect.y + s.m.text + 6,
        cell: s.m.cell,
        cell_step: s.m.cell_step,
    }
}

/// Each group's committed offset and each member's position on a partition.
fn client_markers(ctx: &RowContext, topic: &str, partition: u32, s: &Stage, out: &mut Vec<StripMarker>) {
    let sim = ctx.sim;
    // the stage's group nodes are the descriptions, in order (then, perhaps, the
    // consumers without a group)
    for (gi, g) in ctx.groups.iter().enumerate() {
        if let Some(c) = g.offsets.iter().find(|r| &*r.topic == topic && r.partition == partition).and_then(|r| r.committed) {
            out.push(StripMarker { kind: MarkerKind::Committed, offset: c, style: gi, whose: Some(g.group_id.to_string()) });
        }
    }
    for m in &s.members {
        let Some(c) = sim.consumers().find(|c| c.id == m.consumer) else { continue };
        if let Some(pos) = c.positions.iter().find(|((t, p), _)| &**t == topic && *p == partition).map(|(_, pos)| *pos) {
            if !owned(c).iter().any(|(t, p)| t == topic && *p == partition) {
                continue;
            }
            out.push(StripMarker { kind: MarkerKind::Position, offset: pos, style: m.style, whose: Some(m.label.clone()) });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::partition_label;

    #[test]
    fn a_cut_partition_label_keeps_its_number() {
        assert_eq!(partition_label("orders", 3, 12), "orders-3");
        assert_eq!(partition_label("test-topic", 2, 9), "test-t…-2");
        assert_eq!(partition_label("test-topic", 11, 8), "test…-11");
        assert_eq!(partition_label("test-topic", 0, 3), "…-0");
    }
}
