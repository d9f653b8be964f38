//! Partition log strips: each partition of a topic as a strip of offset-numbered cells,
//! grouped by segment, coloured (and shaped) by key, with labelled markers for the log
//! start offset, the high watermark, the log end offset, each group's committed offset
//! and each consumer's position, and the partition's replicas under it.
//!
//! Long logs are virtualised: a strip holds at most [`MAX_CELLS_PER_STRIP`] cells (a
//! window of offsets, near the log end unless the user pages back), and all strips of
//! the page together at most [`MAX_CELLS_TOTAL`].
//!
//! [`topic_log`] reads what a strip draws from the engine; the views only draw it.
//! Which window each strip shows is the only state kept here ([`LogStrips`]), so the data
//! is computed for that window by a [`LogSource`] the app builds from its session.

use std::cell::RefCell;
use std::fmt::Write;
use std::rc::Rc;

use yew::prelude::*;

use crate::console::session::Session;
use crate::engine::decimal::rounded;
use crate::engine::glossary::TERMS;
use crate::engine::log::{DeletedSegment, DeletionReason};
use crate::engine::{Event, Partition, Sim};
use crate::ui::timeline::escape_into;

/// Most cells one strip holds.
pub const MAX_CELLS_PER_STRIP: usize = 30;
/// Most cells all strips together hold (the page stays well under 3,000 log cells).
pub const MAX_CELLS_TOTAL: usize = 2_400;
/// Most strips drawn per topic (the cluster view's table lists every partition).
pub const MAX_STRIPS_PER_TOPIC: usize = 100;
pub use crate::stage::{key_colour, KEY_COLOURS};

/// A shape per key colour, so colour is never the only cue.
const KEY_SHAPES: [&str; KEY_COLOURS as usize] = ["●", "▲", "■", "◆", "○", "△", "□", "◇"];

/// The shape drawn with a key colour.
pub fn key_shape(colour: u8) -> &'static str {
    KEY_SHAPES[(colour % KEY_COLOURS) as usize]
}

/// What a marker stands for: the same kinds, and `data-marker` names, as the stage's.
pub use crate::stage::MarkerKind;

/// A labelled offset on a strip: it points at the boundary before `offset`.
#[derive(Clone, Debug, PartialEq)]
pub struct Marker {
    pub kind: MarkerKind,
    pub offset: i64,
    /// short text drawn on the strip
    pub label: String,
    /// one sentence, with what real tools call it (the hover text)
    pub title: String,
}

/// One record.
#[derive(Clone, Debug, PartialEq)]
pub struct CellView {
    pub offset: i64,
    /// palette index of the key; `None` for a null key
    pub colour: Option<u8>,
    /// a null value: compaction's delete marker
    pub tombstone: bool,
    /// its transaction's state: open, aborted, or a commit or abort marker (issue 18)
    pub txn: crate::stage::TxnStatus,
    pub title: String,
}

/// What a segment box holds, in offset order.
#[derive(Clone, Debug, PartialEq)]
pub enum StripItem {
    Cell(CellView),
    /// markers at the boundary before the next cell
    Pin(Vec<Marker>),
    /// offsets with no record (removed by compaction), inclusive
    Gap {
        first: i64,
        last: i64,
    },
}

#[derive(Clone, Debug, PartialEq)]
pub struct SegmentView {
    pub base_offset: i64,
    pub next_offset: i64,
    pub records: usize,
    pub bytes: u64,
    /// the segment new records go to
    pub active: bool,
    /// the window cuts the segment off on the left / right
    pub clipped_before: bool,
    pub clipped_after: bool,
    pub title: String,
    pub items: Vec<StripItem>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ReplicaView {
    pub broker: i32,
    pub broker_alive: bool,
    pub leader: bool,
    pub in_isr: bool,
    pub log_end_offset: i64,
    pub high_watermark: i64,
    pub title: String,
}

/// One partition's strip: the window of offsets `[from, to)` and what is in it.
#[derive(Clone, Debug, PartialEq)]
pub struct PartitionLog {
    pub topic: String,
    pub index: u32,
    pub leader: Option<i32>,
    pub log_start_offset: i64,
    pub high_watermark: i64,
    pub log_end_offset: i64,
    pub from: i64,
    pub to: i64,
    /// offsets per page
    pub page: i64,
    /// the window follows the log end as records arrive
    pub following: bool,
    pub segment_count: usize,
    pub record_count: usize,
    pub segments: Vec<SegmentView>,
    /// markers left of the window, and right of it
    pub before: Vec<Marker>,
    pub after: Vec<Marker>,
    /// every marker, in offset order (the legend under the strip)
    pub markers: Vec<Marker>,
    pub replicas: Vec<ReplicaView>,
    /// segments retention deleted in the last [`FADE_MS`] of virtual time, with their
    /// age from 0 (just deleted) to 1 (gone), drawn fading out before the first segment
    pub deleted: Vec<(DeletedSegment, f32)>,
}

/// How long, in virtual ms, a deleted segment takes to fade out.
pub const FADE_MS: i64 = 5_000;

/// The segments of a partition's leader deleted lately, oldest first.
fn recently_deleted(sim: &Sim, topic: &str, partition: u32, broker: Option<i32>) -> Vec<(DeletedSegment, f32)> {
    let now = sim.now();
    let trace = sim.trace();
    let from = trace.partition_point(|e| e.time < now - FADE_MS);
    trace[from..]
        .iter()
        .filter_map(|e| match &e.event {
            Event::SegmentDeleted { topic: t, partition: p, broker: b, segment, .. }
                if &**t == topic && *p == partition && Some(*b) == broker =>
            {
                Some((segment.clone(), ((now - e.time) as f32 / FADE_MS as f32).clamp(0.0, 1.0)))
            }
            _ => None,
        })
        .collect()
}

/// All strips of one topic.
#[derive(Clone, Debug, PartialEq)]
pub struct TopicLog {
    pub topic: String,
    pub partitions: Vec<PartitionLog>,
    /// partitions not drawn (beyond [`MAX_STRIPS_PER_TOPIC`])
    pub hidden_partitions: usize,
}

/// Where each strip's window starts, as (partition, first offset); a partition not
/// listed follows its log end.
pub type LogQuery = Vec<(u32, i64)>;

/// Computes a topic's strips for a query; the app builds one from its session.
pub type LogSource = Callback<LogQuery, Option<TopicLog>>;

/// A [`LogSource`] reading the session's simulation.
pub fn source(session: &Rc<RefCell<Session>>, topic: &str) -> LogSource {
    let session = session.clone();
    let topic = topic.to_string();
    Callback::from(move |q: LogQuery| session.try_borrow().ok().and_then(|s| topic_log(s.console().sim(), &topic, &q)))
}

/// The topics that get strips: all but the internal ones, by name.
pub fn topic_names(sim: &Sim) -> Vec<String> {
    sim.topics().filter(|t| !crate::engine::topic_name::is_internal(&t.name)).map(|t| t.name.to_string()).collect()
}

fn term(name: &str) -> &'static str {
    TERMS.iter().find(|t| t.term == name).map_or("", |t| t.elsewhere)
}

fn short_member_id(member_id: &str, client_id: &str) -> String {
    let rest = member_id.strip_prefix(client_id).map_or(member_id, |r| r.trim_start_matches('-'));
    rest.chars().take(8).collect()
}

fn printable(bytes: &[u8], max: usize) -> String {
    let s = String::from_utf8_lossy(bytes);
    if s.chars().count() > max {
        format!("{}…", s.chars().take(max).collect::<String>())
    } else {
        s.into_owned()
    }
}

/// The markers that apply to every partition of the topic: committed offsets by group
/// and consumers' positions, as (partition, marker).
fn client_markers(sim: &Sim, topic: &str) -> Vec<(u32, Marker)> {
    let mut out = Vec::new();
    for (group, _, _) in sim.list_groups() {
        let Some(d) = sim.describe_group(&group) else { continue };
        for row in d.offsets.iter().filter(|r| &*r.topic == topic) {
            let Some(c) = row.committed else { continue };
            out.push((
                row.partition,
                Marker {
                    kind: MarkerKind::Committed,
                    offset: c,
                    label: format!("⚑ {group}"),
                    title: format!(
                        "Committed offset {c} of group {group}: where the group resumes reading this partition after a restart or \
                         a rebalance (CURRENT-OFFSET in kafka-consumer-groups.sh --describe)."
                    ),
                },
            ));
        }
    }
    for c in sim.consumers().filter(|c| c.alive) {
        let who = if c.member.member_id.is_empty() { c.client_id.clone() } else { short_member_id(&c.member.member_id, &c.client_id) };
        let whole = match (&c.group_id, c.member.member_id.is_empty()) {
            (Some(g), false) => format!("consumer {} (client id {}, member {who}… of group {g})", c.id, c.client_id),
            (Some(g), true) => format!("consumer {} (client id {}, joining group {g})", c.id, c.client_id),
            (None, _) => format!("consumer {} (client id {}, assigned partitions without a group)", c.id, c.client_id),
        };
        for ((t, p), pos) in &c.positions {
            if &**t != topic {
                continue;
            }
            out.push((
                *p,
                Marker {
                    kind: MarkerKind::Position,
                    offset: *pos,
                    label: format!("▸ {who}"),
                    title: format!(
                        "Position {pos} of {whole}: the offset of the next record it will fetch, ahead of the committed offset \
                         until it commits (KafkaConsumer.position(); kafka-consumer-groups.sh shows only committed offsets)."
                    ),
                },
            ));
        }
    }
    out
}

fn log_markers(lso: i64, hw: i64, leo: i64, stable: i64) -> Vec<Marker> {
    let mut v = vec![
        Marker {
            kind: MarkerKind::LogStart,
            offset: lso,
            label: "log start".into(),
            title: format!(
                "Log start offset {lso}: the first offset still in the partition, raised when retention deletes whole old \
                 segments (elsewhere: {}).",
                term("Log start offset")
            ),
        },
        Marker {
            kind: MarkerKind::HighWatermark,
            offset: hw,
            label: "HW".into(),
            title: format!(
                "High watermark {hw}: every in-sync replica has the records below it, so consumers read only up to here \
                 (elsewhere: {}).",
                term("High watermark")
            ),
        },
        Marker {
            kind: MarkerKind::LogEnd,
            offset: leo,
            label: "LEO".into(),
            title: format!(
                "Log end offset {leo}: the offset the leader gives the next record appended (elsewhere: {}).",
                term("Log end offset")
            ),
        },
    ];
    if stable < hw {
        v.push(Marker {
            kind: MarkerKind::LastStable,
            offset: stable,
            label: "LSO".into(),
            title: format!(
                "Last stable offset {stable}: a transaction open here has no marker yet, so read_committed consumers read only up to here (elsewhere: {}).",
                term("Last stable offset")
            ),
        });
    }
    v
}

/// The strips of `topic` for the windows `query` asks for, or `None` if there is no
/// such topic.
pub fn topic_log(sim: &Sim, topic: &str, query: &LogQuery) -> Option<TopicLog> {
    let t = sim.topic(topic)?;
    let drawn = |n: usize| n.min(MAX_STRIPS_PER_TOPIC);
    let total: usize =
        sim.topics().filter(|t| !crate::engine::topic_name::is_internal(&t.name)).map(|t| drawn(t.partitions.len())).sum::<usize>().max(1);
    let page = (MAX_CELLS_TOTAL / total).clamp(1, MAX_CELLS_PER_STRIP) as i64;
    let clients = client_markers(sim, topic);
    let partitions = t
        .partitions
        .iter()
        .take(MAX_STRIPS_PER_TOPIC)
        .map(|p| {
            let extra: Vec<Marker> = clients.iter().filter(|(i, _)| *i == p.index).map(|(_, m)| m.clone()).collect();
            partition_log(sim, topic, p, page, query.iter().find(|(i, _)| *i == p.index).map(|(_, s)| *s), extra)
        })
        .collect();
    Some(TopicLog { topic: topic.to_string(), partitions, hidden_partitions: t.partitions.len().saturating_sub(MAX_STRIPS_PER_TOPIC) })
}

/// A pin with the markers not drawn yet at or before `upto`, if any.
fn push_pin(items: &mut Vec<StripItem>, markers: &[Marker], placed: &mut [bool], upto: i64) {
    let mut pin = Vec::new();
    for (m, done) in markers.iter().zip(placed.iter_mut()) {
        if !*done && m.offset <= upto {
            *done = true;
            pin.push(m.clone());
        }
    }
    if !pin.is_empty() {
        items.push(StripItem::Pin(pin));
    }
}

fn partition_log(sim: &Sim, topic: &str, p: &Partition, page: i64, start: Option<i64>, extra: Vec<Marker>) -> PartitionLog {
    // the leader's log, or (offline) the longest one left
    let replica = p.leader_replica().or_else(|| p.replicas.iter().max_by_key(|r| r.log.log_end_offset()));
    let replicas = p
        .replicas
        .iter()
        .map(|r| {
            let broker_alive = sim.brokers().iter().any(|b| b.id == r.broker && b.alive);
            let leader = p.leader == Some(r.broker);
            let in_isr = p.isr.contains(&r.broker);
            let leo = r.log.log_end_offset();
            let title = format!(
                "Replica on broker {}: {}{}, {}; its log ends at offset {leo} and its high watermark is {}.",
                r.broker,
                if leader { "the leader, which serves producers and consumers" } else { "a follower, copying the leader" },
                if broker_alive { "" } else { " (broker stopped)" },
                if in_isr { "in the ISR (in sync)" } else { "out of the ISR (behind or down)" },
                r.high_watermark
            );
            ReplicaView { broker: r.broker, broker_alive, leader, in_isr, log_end_offset: leo, high_watermark: r.high_watermark, title }
        })
        .collect();
    let (lso, leo) = replica.map_or((0, 0), |r| (r.log.log_start_offset(), r.log.log_end_offset()));
    let hw = p.high_watermark();
    let latest = (leo - page).max(lso);
    let from = start.map_or(latest, |s| s.clamp(lso, latest));
    let to = (from + page).min(leo);
    let stable = replica.map_or(hw, |r| r.log.last_stable_offset(hw.min(r.log.log_end_offset())));
    let mut markers = log_markers(lso, hw, leo, stable);
    markers.extend(extra);
    let before: Vec<Marker> = markers.iter().filter(|m| m.offset < from).cloned().collect();
    let after: Vec<Marker> = markers.iter().filter(|m| m.offset > to).cloned().collect();
    // markers in the window not drawn yet
    let mut placed: Vec<bool> = markers.iter().map(|m| m.offset < from || m.offset > to).collect();
    let mut segments = Vec::new();
    let (mut segment_count, mut record_count) = (0, 0);
    if let Some(r) = replica {
        let log = &r.log;
        let segs = log.segments();
        segment_count = segs.len();
        record_count = segs.iter().map(|s| s.record_count()).sum();
        let first = segs.partition_point(|s| s.base_offset() <= from).saturating_sub(1);
        let last_index = segs.len() - 1;
        for (i, s) in segs.iter().enumerate().skip(first) {
            let is_last = i == last_index;
            if s.base_offset() > to || (s.base_offset() == to && !is_last) {
                break;
            }
            if s.next_offset() <= from && !is_last {
                continue;
            }
            let lo = from.max(s.base_offset());
            let hi = to.min(s.next_offset());
            let mut items = Vec::new();
            let mut prev = lo - 1;
            let txns = !log.txn_index().is_empty();
            for rec in log.read_all(lo, hi) {
                if rec.offset > prev + 1 {
                    items.push(StripItem::Gap { first: prev + 1, last: rec.offset - 1 });
                }
                push_pin(&mut items, &markers, &mut placed, rec.offset);
                let key = rec.key.map(|k| printable(k, 40));
                let tombstone = rec.value.is_none();
                let mut title = format!("Offset {}: ", rec.offset);
                match &key {
                    Some(k) => title.push_str(&format!("key \"{k}\"")),
                    None => title.push_str("no key (the producer's partitioner picked the partition)"),
                }
                match rec.value {
                    Some(v) => title.push_str(&format!(", value \"{}\"", printable(v, 60))),
                    None => title.push_str(", a tombstone (null value): compaction will delete this key"),
                }
                let txn = if txns { log.txn_status(rec.offset) } else { crate::stage::TxnStatus::Plain };
                if let crate::stage::TxnStatus::CommitMarker | crate::stage::TxnStatus::AbortMarker = txn {
                    let what = if txn == crate::stage::TxnStatus::CommitMarker { "commit" } else { "abort" };
                    title = format!("Offset {}: a {what} marker, the control record that ends a transaction here; it takes an offset, but no consumer ever receives it", rec.offset);
                }
                match txn {
                    crate::stage::TxnStatus::Open => {
                        title.push_str(", in a transaction still open (read_committed consumers wait for its marker)")
                    }
                    crate::stage::TxnStatus::Aborted => title.push_str(", in an aborted transaction (read_committed consumers skip it)"),
                    _ => {}
                }
                title.push_str(&format!(", timestamp {} ms", rec.timestamp));
                if rec.offset >= hw {
                    title.push_str(", above the high watermark (not yet on every in-sync replica, so not readable)");
                }
                title.push('.');
                items.push(StripItem::Cell(CellView { offset: rec.offset, colour: rec.key.map(key_colour), tombstone, txn, title }));
                prev = rec.offset;
            }
            let active = is_last;
            let title = format!(
                "{} segment, base offset {} ({:020}.log in Kafka): {} record(s), {} bytes{}.",
                if active { "Active" } else { "Closed" },
                s.base_offset(),
                s.base_offset(),
                s.record_count(),
                s.size_in_bytes(),
                if active {
                    "; new records are appended here until segment.bytes or segment.ms rolls a new one"
                } else {
                    "; retention deletes it whole once all of it is old enough"
                }
            );
            segments.push(SegmentView {
                base_offset: s.base_offset(),
                next_offset: s.next_offset(),
                records: s.record_count(),
                bytes: s.size_in_bytes(),
                active,
                clipped_before: s.base_offset() < from,
                clipped_after: s.next_offset() > to,
                title,
                items,
            });
        }
    }
    // what is left belongs at the window's right edge
    if let Some(last) = segments.last_mut() {
        push_pin(&mut last.items, &markers, &mut placed, i64::MAX);
    }
    PartitionLog {
        topic: topic.to_string(),
        index: p.index,
        leader: p.leader,
        log_start_offset: lso,
        high_watermark: hw,
        log_end_offset: leo,
        from,
        to,
        page,
        following: from == latest,
        segment_count,
        record_count,
        segments,
        before,
        after,
        markers,
        replicas,
        deleted: if from <= lso { recently_deleted(sim, topic, p.index, replica.map(|r| r.broker)) } else { Vec::new() },
    }
}

// ------------------------------------------------------------------ views

#[derive(Properties, PartialEq)]
pub struct LogStripsProps {
    pub topic: AttrValue,
    /// computes the strips for the windows asked for (see [`source`])
    pub source: LogSource,
}

/// A topic's strips, keeping which window of offsets each strip shows.
#[function_component(LogStrips)]
pub fn log_strips(p: &LogStripsProps) -> Html {
    let query = use_state(LogQuery::new);
    let Some(data) = p.source.emit((*query).clone()) else { return html! {} };
    let on_page = {
        let query = query.clone();
        Callback::from(move |(partition, start): (u32, Option<i64>)| {
            let mut q: LogQuery = query.iter().copied().filter(|(i, _)| *i != partition).collect();
            q.extend(start.map(|s| (partition, s)));
            query.set(q);
        })
    };
    topic_log_view(&data, &on_page)
}

const HELP: &str = "<p class=\"ks-muted ks-logs-help\">Each cell is a record, numbered by offset; boxes are segments. \
Colour and shape come from the key (one key, one partition); <span class=\"ks-cell-legend\">·</span> no key, \
<span class=\"ks-cell-legend\">†</span> tombstone. Hover a marker for what real tools call it.</p>";

/// A topic's strips, drawn from prepared data; `on_page` gets (partition, first offset
/// to show, `None` to follow the log end). A view function, as [`super::jobs::jobs`]
/// is: [`LogStrips`] renders it.
pub fn topic_log_view(d: &TopicLog, on_page: &Callback<(u32, Option<i64>)>) -> Html {
    html! {
        <section class="ks-logs" aria-label={format!("Partition logs of {}", d.topic)}>
            <h2>{ format!("Partition logs · {}", d.topic) }</h2>
            { Html::from_html_unchecked(AttrValue::Static(HELP)) }
            { for d.partitions.iter().map(|part| partition_strip(part, on_page)) }
            if d.hidden_partitions > 0 {
                <p class="ks-muted">{ format!("{} more partition(s) not drawn; the table above lists them all.", d.hidden_partitions) }</p>
            }
        </section>
    }
}

/// `<span class="… ks-marker-KIND" data-marker=KIND data-offset=N title=…>LABEL</span>`
fn push_marker(out: &mut String, m: &Marker, class: &str) {
    let kind = m.kind.slug();
    let _ = write!(out, "<span class=\"{class} ks-marker-{kind}\" data-marker=\"{kind}\" data-offset=\"{}\" title=\"", m.offset);
    escape_into(out, &m.title);
    out.push_str("\">");
    escape_into(out, &m.label);
    out.push_str("</span>");
}

/// Markers outside the window, with their offsets, at the strip's edge.
fn push_off_window(out: &mut String, markers: &[Marker], class: &str, title: &str, arrow: &str) {
    if markers.is_empty() {
        return;
    }
    let _ = write!(out, "<span class=\"ks-offwindow {class}\" title=\"{title}\"><span aria-hidden=\"true\">{arrow}</span>");
    for m in markers {
        push_marker(out, m, "ks-marker");
        let _ = write!(out, "<span class=\"ks-offwindow-at\">{}</span>", m.offset);
    }
    out.push_str("</span>");
}

fn push_item(out: &mut String, it: &StripItem) {
    match it {
        StripItem::Cell(c) => {
            out.push_str("<span class=\"ks-cell");
            match c.colour {
                Some(k) => {
                    let _ = write!(out, " ks-key-{k}");
                }
                None => out.push_str(" ks-cell-null"),
            }
            if c.tombstone {
                out.push_str(" ks-tombstone");
            }
            let glyph = match c.txn {
                crate::stage::TxnStatus::CommitMarker => "C",
                crate::stage::TxnStatus::AbortMarker => "A",
                _ if c.tombstone => "†",
                _ => c.colour.map_or("·", key_shape),
            };
            out.push_str(match c.txn {
                crate::stage::TxnStatus::Open => " ks-txn-open",
                crate::stage::TxnStatus::Aborted => " ks-txn-aborted",
                crate::stage::TxnStatus::CommitMarker => " ks-ctrl ks-ctrl-commit",
                crate::stage::TxnStatus::AbortMarker => " ks-ctrl ks-ctrl-abort",
                _ => "",
            });
            let _ = write!(out, "\" data-offset=\"{}\" title=\"", c.offset);
            escape_into(out, &c.title);
            let _ = write!(
                out,
                "\"><span class=\"ks-cell-offset\">{}</span><span class=\"ks-cell-key\" aria-hidden=\"true\">{glyph}</span></span>",
                c.offset
            );
        }
        StripItem::Pin(ms) => {
            out.push_str("<span class=\"ks-pin\">");
            for m in ms {
                push_marker(out, m, "ks-marker");
            }
            out.push_str("</span>");
        }
        StripItem::Gap { first, last } => {
            let _ = write!(
                out,
                "<span class=\"ks-gap\" title=\"Offsets {first}–{last} hold no record: compaction removed them (offsets are never reused).\">⋯</span>"
            );
        }
    }
}

/// The strip's cells, segments and markers, its marker legend and its replicas, as markup.
pub fn strip_markup(d: &PartitionLog) -> String {
    let mut out = String::with_capacity(4096);
    out.push_str("<div class=\"ks-strip-body\">");
    push_off_window(&mut out, &d.before, "ks-offwindow-before", "Markers at older offsets, left of this window", "◀ ");
    for (seg, age) in &d.deleted {
        let why = match seg.reason {
            DeletionReason::RetentionTime => "retention.ms was breached (judged by the segment's largest timestamp)",
            DeletionReason::RetentionSize => "retention.bytes was breached",
            DeletionReason::LogStartOffset => "the log start offset moved past it",
        };
        let _ = write!(
            out,
            "<div class=\"ks-segment ks-segment-deleted\" style=\"opacity:{}\" title=\"Deleted: {why}. Offsets {}–{} are gone; the log start offset moved to {}.\"><span class=\"ks-segment-label\">deleted segment @{}</span><div class=\"ks-segment-cells\">{} record offsets</div></div>",
            rounded(f64::from(1.0 - age * 0.85), 2),
            seg.base_offset,
            seg.next_offset - 1,
            seg.next_offset,
            seg.base_offset,
            seg.next_offset - seg.base_offset
        );
    }
    for s in &d.segments {
        out.push_str("<div class=\"ks-segment");
        for (on, c) in [(s.active, " ks-segment-active"), (s.clipped_before, " ks-clip-before"), (s.clipped_after, " ks-clip-after")] {
            if on {
                out.push_str(c);
            }
        }
        let _ = write!(out, "\" data-base-offset=\"{}\" title=\"", s.base_offset);
        escape_into(&mut out, &s.title);
        let _ = write!(
            out,
            "\"><span class=\"ks-segment-label\">{}segment @{}</span><div class=\"ks-segment-cells\">",
            if s.active { "active " } else { "" },
            s.base_offset
        );
        let more = "<span class=\"ks-more\" aria-hidden=\"true\">…</span>";
        if s.clipped_before {
            out.push_str(more);
        }
        for it in &s.items {
            push_item(&mut out, it);
        }
        if s.clipped_after {
            out.push_str(more);
        }
        out.push_str("</div></div>");
    }
    push_off_window(&mut out, &d.after, "ks-offwindow-after", "Markers at newer offsets, right of this window", "▶ ");
    let _ = write!(out, "</div><ul class=\"ks-strip-legend\" aria-label=\"Offsets of partition {}\">", d.index);
    for m in &d.markers {
        out.push_str("<li>");
        push_marker(&mut out, m, "ks-legend-item");
        let _ = write!(out, " <span class=\"ks-legend-offset\">{}</span></li>", m.offset);
    }
    let _ = write!(out, "</ul><ul class=\"ks-replicas\" aria-label=\"Replicas of partition {}\">", d.index);
    for r in &d.replicas {
        out.push_str("<li class=\"ks-replica");
        for (on, c) in [(r.leader, " ks-replica-leader"), (!r.in_isr, " ks-replica-out"), (!r.broker_alive, " ks-down")] {
            if on {
                out.push_str(c);
            }
        }
        out.push_str("\" title=\"");
        escape_into(&mut out, &r.title);
        let _ = write!(
            out,
            "\">broker {}{} · {} · LEO {}</li>",
            r.broker,
            if r.leader { " ★ leader" } else { "" },
            if r.in_isr { "✓ ISR" } else { "✗ not in ISR" },
            r.log_end_offset
        );
    }
    out.push_str("</ul>");
    out
}

/// One partition's strip, its markers and its replicas, keyed by its partition; the
/// pager sends (partition, first offset to show, `None` to follow the log end) to
/// `on_page`. A view function, as [`super::jobs::jobs`] is: the log strips render on
/// every change of the session, and a component's props comparison would cost as
/// much as the render it might skip.
fn partition_strip(d: &PartitionLog, on_page: &Callback<(u32, Option<i64>)>) -> Html {
    let newest = (d.log_end_offset - d.page).max(d.log_start_offset);
    let can_back = d.from > d.log_start_offset;
    let pager = [
        ("«", "Oldest", d.log_start_offset, can_back),
        ("‹", "Older", (d.from - d.page).max(d.log_start_offset), can_back),
        ("›", "Newer", d.from + d.page, !d.following),
        ("»", "Latest", newest, !d.following),
    ];
    let range = if d.to > d.from { format!("offsets {}–{}", d.from, d.to - 1) } else { "no records".to_string() };
    let leader = d.leader.map_or("none".to_string(), |l| format!("broker {l}"));
    html! {
        <div key={d.index} class="ks-strip" role="group" aria-label={format!("Partition {} of {}", d.index, d.topic)} data-testid="log-strip">
            <div class="ks-strip-head">
                <strong>{ format!("Partition {}", d.index) }</strong>
                <span class="ks-muted">{ format!("leader {leader} · {range} · {} record(s) in {} segment(s)", d.record_count, d.segment_count) }</span>
                <span class="ks-pager">
                    { for pager.into_iter().map(|(glyph, what, target, enabled)| {
                        let (on_page, index) = (on_page.clone(), d.index);
                        let onclick = Callback::from(move |_: MouseEvent| on_page.emit((index, (target < newest).then_some(target))));
                        html! {
                            <button class="ks-btn ks-btn-small" disabled={!enabled} {onclick} title={format!("{what} offsets")}
                                aria-label={format!("{what} offsets of partition {}", d.index)}>{ glyph }</button>
                        }
                    }) }
                </span>
            </div>
            { Html::from_html_unchecked(strip_markup(d).into()) }
        </div>
    }
}
