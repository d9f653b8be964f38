//! The flow view: producers on the left, every topic's partitions (with a box per
//! replica) in the middle, consumer groups and their members on the right, and dots
//! for records travelling between them.
//!
//! A dot is drawn for each event of the trace that moved records: a leader appending a
//! producer's batch (`RecordsAppended`), a follower copying from the leader
//! (`ReplicaFetched`, Kafka's `ReplicaFetcherThread`), a consumer fetching
//! (`RecordsFetched`). The dot leaves when the event happened and takes
//! [`TRAVEL_MS`] of *virtual* time to arrive, so pausing freezes it and scrubbing moves
//! it. Its colour and shape come from the first record's key, so one key visibly
//! always goes to one partition. Each assigned partition is linked to its owner in the
//! member's colour and dash pattern; a partition revoked or lost in the last
//! [`TRAVEL_MS`] shows a fading dashed link.
//!
//! Kafkascope simplifies here: a dot stands for a whole batch (its label counts the
//! records when there are several), and it is drawn after the event, not during the
//! network round trip that really carried it (the simulated network takes 2 ms).

use std::fmt::Write;

use yew::prelude::*;

use crate::console::Console;
use crate::engine::decimal::rounded;
use crate::engine::{BrokerId, Event, Sim, TraceEntry};
use crate::ui::log_strip::key_colour;
use crate::ui::timeline::escape_into;

/// How long, in virtual ms, a dot takes to travel.
pub const TRAVEL_MS: i64 = 600;
/// Most dots drawn at once (the newest).
pub const MAX_DOTS: usize = 120;

/// The dots' shapes, one per key colour as in the log strips (● ▲ ■ ◆ ○ △ □ ◇), and a
/// small grey dot for a record without a key. Filled in the key's colour (`currentColor`).
const DOT_SYMBOLS: &str = concat!(
    r#"<defs>"#,
    r#"<symbol id="ks-dot-0" viewBox="-6 -6 12 12"><circle r="5" fill="currentColor"/></symbol>"#,
    r#"<symbol id="ks-dot-1" viewBox="-6 -6 12 12"><path d="M0-5.5 5.5 4.5H-5.5Z" fill="currentColor"/></symbol>"#,
    r#"<symbol id="ks-dot-2" viewBox="-6 -6 12 12"><rect x="-4.5" y="-4.5" width="9" height="9" fill="currentColor"/></symbol>"#,
    r#"<symbol id="ks-dot-3" viewBox="-6 -6 12 12"><path d="M0-6 6 0 0 6-6 0Z" fill="currentColor"/></symbol>"#,
    r#"<symbol id="ks-dot-4" viewBox="-6 -6 12 12"><circle r="4" fill="none" stroke="currentColor" stroke-width="2"/></symbol>"#,
    r#"<symbol id="ks-dot-5" viewBox="-6 -6 12 12"><path d="M0-4.5 4.5 3.5H-4.5Z" fill="none" stroke="currentColor" stroke-width="2"/></symbol>"#,
    r#"<symbol id="ks-dot-6" viewBox="-6 -6 12 12"><rect x="-4" y="-4" width="8" height="8" fill="none" stroke="currentColor" stroke-width="2"/></symbol>"#,
    r#"<symbol id="ks-dot-7" viewBox="-6 -6 12 12"><path d="M0-5 5 0 0 5-5 0Z" fill="none" stroke="currentColor" stroke-width="2"/></symbol>"#,
    r#"<symbol id="ks-dot-none" viewBox="-6 -6 12 12"><circle r="2.5" fill="currentColor"/></symbol>"#,
    r#"</defs>"#
);
/// Member colours: `--ks-m-0` .. `--ks-m-5`, each with its own dash pattern.
const MEMBER_STYLES: usize = 6;
const DASHES: [&str; MEMBER_STYLES] = ["", "6 3", "2 3", "8 3 2 3", "1 2", "10 4"];

const TOP: i32 = 28;
const PRODUCER_X: i32 = 8;
const PRODUCER_W: i32 = 150;
const PRODUCER_STEP: i32 = 40;
const LABEL_X: i32 = 392;
const CELL_X: i32 = 400;
const CELL_W: i32 = 30;
const CELL_STEP: i32 = 34;
const ROW_STEP: i32 = 24;
const TOPIC_HEAD: i32 = 24;
const MEMBER_X: i32 = 720;
const MEMBER_W: i32 = 272;
const MEMBER_STEP: i32 = 30;
const GROUP_HEAD: i32 = 26;
const WIDTH: i32 = 1000;

/// A replica's role in its partition.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    Leader,
    InSync,
    /// out of the ISR (lagging or its broker was fenced)
    OutOfSync,
    /// its broker is stopped
    Offline,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    pub topic: String,
    pub partition: u32,
    pub replicas: Vec<(BrokerId, Role)>,
    /// y of the row's top
    y: i32,
}

#[derive(Clone, Debug, PartialEq)]
pub struct MemberNode {
    pub consumer: u32,
    pub label: String,
    pub style: usize,
    y: i32,
}

/// What moves.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DotKind {
    /// producer → leader
    Produce { producer: usize },
    /// leader → follower
    Replicate { from: usize, to: usize },
    /// partition → consumer
    Fetch { member: usize },
}

#[derive(Clone, Debug, PartialEq)]
pub struct Dot {
    pub kind: DotKind,
    pub row: usize,
    /// 0 at the source, 1 at the destination
    pub progress: f32,
    pub colour: Option<u8>,
    pub records: i64,
}

/// Everything the flow view draws, read from the engine.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct FlowData {
    pub producers: Vec<(u32, String)>,
    pub topics: Vec<(String, i32)>,
    pub rows: Vec<Row>,
    /// (group id or "(no group)", state text, header y)
    pub groups: Vec<(String, String, i32)>,
    pub members: Vec<MemberNode>,
    /// (row, member) for every owned partition
    pub links: Vec<(usize, usize)>,
    /// (row, member, age 0..1) for partitions revoked or lost lately
    pub revoked: Vec<(usize, usize, f32)>,
    pub dots: Vec<Dot>,
    pub height: i32,
}

impl FlowData {
    fn row_of(&self, topic: &str, partition: u32) -> Option<usize> {
        self.rows.iter().position(|r| r.partition == partition && r.topic == topic)
    }
    fn member_of(&self, consumer: u32) -> Option<usize> {
        self.members.iter().position(|m| m.consumer == consumer)
    }
}

/// The label of a consumer: its client id, and its job number when a console job runs it.
fn member_label(console: &Console, consumer: u32, client_id: &str) -> String {
    let job =
        console.jobs().iter().find(|j| !j.done && matches!(&j.kind, crate::console::tools::JobKind::Consumer(c) if c.consumer == consumer));
    match job {
        Some(j) => format!("%{} {client_id}", j.id),
        None => client_id.to_string(),
    }
}

/// The producers drawn: the open ones, and a closed one while its last records are
/// still travelling (a console producer fed by a here-document closes at once).
fn producers_in_view(sim: &Sim, recent: &[TraceEntry]) -> Vec<(u32, String)> {
    sim.producers()
        .filter(|p| {
            !p.closed || recent.iter().any(|e| matches!(&e.event, Event::RecordsAppended { producer: Some(id), .. } if *id == p.id))
        })
        .map(|p| (p.id, if p.closed { format!("{} (closed)", p.client_id) } else { p.client_id.clone() }))
        .collect()
}

/// The trace of the last [`TRAVEL_MS`] of virtual time: what is still moving.
fn recent_events(sim: &Sim) -> &[TraceEntry] {
    let trace = sim.trace();
    &trace[trace.partition_point(|e| e.time < sim.now() - TRAVEL_MS)..]
}

/// Reads the flow view's data from the console's simulation at its current time.
pub fn flow(console: &Console) -> FlowData {
    let sim = console.sim();
    let recent = recent_events(sim);
    let mut d = FlowData { producers: producers_in_view(sim, recent), ..FlowData::default() };
    let mut y = TOP;
    // internal topics (`__consumer_offsets`) are left out, as `kafka-topics.sh --list --exclude-internal` does
    for t in sim.topics().filter(|t| !t.name.starts_with("__")) {
        d.topics.push((t.name.to_string(), y));
        y += TOPIC_HEAD;
        for p in &t.partitions {
            let replicas = p
                .replicas
                .iter()
                .map(|r| {
                    let alive = sim.brokers().iter().any(|b| b.id == r.broker && b.alive);
                    let role = if !alive {
                        Role::Offline
                    } else if p.leader == Some(r.broker) {
                        Role::Leader
                    } else if p.isr.contains(&r.broker) {
                        Role::InSync
                    } else {
                        Role::OutOfSync
                    };
                    (r.broker, role)
                })
                .collect();
            d.rows.push(Row { topic: t.name.to_string(), partition: p.index, replicas, y });
            y += ROW_STEP;
        }
    }
    let mut bottom = y;
    // groups: members in the order of their consumers, standalone consumers last
    let mut group_ids: Vec<Option<String>> = Vec::new();
    for c in sim.consumers().filter(|c| c.alive) {
        let g = c.group_id.as_deref().filter(|_| !c.subscription.is_empty()).map(str::to_string);
        if !group_ids.contains(&g) {
            group_ids.push(g);
        }
    }
    crate::engine::sorting::sort_by(&mut group_ids, |a, b| a.is_none().cmp(&b.is_none()).then_with(|| a.cmp(b)));
    let listed = sim.list_groups();
    let mut y = TOP;
    for g in &group_ids {
        let state = g
            .as_deref()
            .and_then(|id| listed.iter().find(|(gid, _, _)| &**gid == id))
            .map_or_else(String::new, |(_, _, state)| state.name().to_string());
        d.groups.push((g.clone().unwrap_or_else(|| "(assigned, no group)".into()), state, y));
        y += GROUP_HEAD;
        let mut i = 0;
        for c in sim.consumers().filter(|c| c.alive) {
            let cg = c.group_id.as_deref().filter(|_| !c.subscription.is_empty());
            if cg != g.as_deref() {
                continue;
            }
            d.members.push(MemberNode { consumer: c.id, label: member_label(console, c.id, &c.client_id), style: i % MEMBER_STYLES, y });
            i += 1;
            y += MEMBER_STEP;
        }
    }
    bottom = bottom.max(y).max(TOP + PRODUCER_STEP * d.producers.len() as i32);
    d.height = bottom + 8;
    for c in sim.consumers().filter(|c| c.alive) {
        let Some(m) = d.member_of(c.id) else { continue };
        let owned: Vec<(&str, u32)> = if c.subscription.is_empty() {
            c.assignment.iter().map(|(t, p)| (&**t, *p)).collect()
        } else {
            c.member.owned.iter().map(|tp| (&*tp.topic, tp.partition)).collect()
        };
        for (t, p) in owned {
            if let Some(r) = d.row_of(t, p) {
                d.links.push((r, m));
            }
        }
    }
    moving(sim, recent, &mut d);
    d
}

/// The dots and fading links of the last [`TRAVEL_MS`] of virtual time.
fn moving(sim: &Sim, recent: &[TraceEntry], d: &mut FlowData) {
    let now = sim.now();
    let progress = |t: i64| ((now - t) as f32 / TRAVEL_MS as f32).clamp(0.0, 1.0);
    let key_at = |topic: &str, partition: u32, broker: BrokerId, offset: i64| -> Option<u8> {
        let p = sim.topic(topic)?.partitions.get(partition as usize)?;
        let r = p.replicas.iter().find(|r| r.broker == broker)?;
        let rec = r.log.read(offset, offset + 1).next()?;
        rec.key.map(key_colour)
    };
    for e in recent.iter().rev() {
        if d.dots.len() >= MAX_DOTS {
            break;
        }
        match &e.event {
            Event::RecordsAppended { topic, partition, broker, first_offset, last_offset, producer: Some(pid) } => {
                let (Some(row), Some(producer)) = (d.row_of(topic, *partition), d.producers.iter().position(|(id, _)| id == pid)) else {
                    continue;
                };
                d.dots.push(Dot {
                    kind: DotKind::Produce { producer },
                    row,
                    progress: progress(e.time),
                    colour: key_at(topic, *partition, *broker, *first_offset),
                    records: last_offset - first_offset + 1,
                });
            }
            Event::ReplicaFetched { topic, partition, follower, leader, first_offset, last_offset } => {
                let Some(row) = d.row_of(topic, *partition) else { continue };
                let at = |b: BrokerId| d.rows[row].replicas.iter().position(|(id, _)| *id == b);
                let (Some(from), Some(to)) = (at(*leader), at(*follower)) else { continue };
                d.dots.push(Dot {
                    kind: DotKind::Replicate { from, to },
                    row,
                    progress: progress(e.time),
                    colour: key_at(topic, *partition, *follower, *first_offset),
                    records: last_offset - first_offset + 1,
                });
            }
            Event::RecordsFetched { consumer, topic, partition, first_offset, last_offset } => {
                let (Some(row), Some(member)) = (d.row_of(topic, *partition), d.member_of(*consumer)) else { continue };
                let leader = sim.topic(topic).and_then(|t| t.partitions.get(*partition as usize)).and_then(|p| p.leader);
                d.dots.push(Dot {
                    kind: DotKind::Fetch { member },
                    row,
                    progress: progress(e.time),
                    colour: leader.and_then(|b| key_at(topic, *partition, b, *first_offset)),
                    records: last_offset - first_offset + 1,
                });
            }
            Event::PartitionsRevoked { consumer, partitions, .. } | Event::PartitionsLost { consumer, partitions, .. } => {
                let Some(member) = d.member_of(*consumer) else { continue };
                for tp in partitions {
                    if let Some(row) = d.row_of(&tp.topic, tp.partition) {
                        if !d.links.contains(&(row, member)) {
                            d.revoked.push((row, member, progress(e.time)));
                        }
                    }
                }
            }
            _ => {}
        }
    }
}

fn cell_x(j: usize) -> i32 {
    CELL_X + j as i32 * CELL_STEP
}

fn row_end(r: &Row) -> i32 {
    cell_x(r.replicas.len()) - CELL_STEP + CELL_W
}

fn lerp(a: i32, b: i32, p: f32) -> f32 {
    a as f32 + (b - a) as f32 * p
}

fn role_text(role: Role) -> (&'static str, &'static str) {
    match role {
        Role::Leader => ("leader", "the leader: producers write to it and consumers read from it"),
        Role::InSync => ("isr", "an in-sync follower (in the ISR): it has everything up to the high watermark"),
        Role::OutOfSync => ("out", "a follower out of the ISR: it fell behind for longer than replica.lag.time.max.ms"),
        Role::Offline => ("offline", "its broker is stopped"),
    }
}

/// A line from partition row `r` to member `m`, with `attrs` and the hover text
/// "TOPIC-P `what` MEMBER".
fn link(o: &mut String, d: &FlowData, r: usize, m: usize, attrs: &str, what: &str) {
    let (row, mem) = (&d.rows[r], &d.members[m]);
    let _ = write!(
        o,
        r#"<path {attrs} d="M{} {}L{MEMBER_X} {}"><title>{}-{} {what} "#,
        row_end(row),
        row.y + 9,
        mem.y + 13,
        row.topic,
        row.partition
    );
    escape_into(o, &mem.label);
    o.push_str("</title></path>");
}

/// The base drawing: producers, partitions, replicas, members and links. It changes only
/// when the cluster or the assignment does, while the dots (drawn over it by
/// [`dots_svg`]) change every frame; kept apart, an unchanged base costs the browser
/// nothing.
pub fn base_svg(d: &FlowData) -> String {
    let mut o = String::with_capacity(8_192);
    let _ = write!(
        o,
        r#"<svg class="ks-flow-svg" viewBox="0 0 {WIDTH} {}" width="100%" role="img" aria-label="Records flowing from producers to partitions to consumers">"#,
        d.height
    );
    o.push_str(DOT_SYMBOLS);
    let heading = |o: &mut String, x: i32, text: &str| {
        let _ = write!(o, r#"<text class="ks-flow-col" x="{x}" y="16">{text}</text>"#);
    };
    heading(&mut o, PRODUCER_X, "Producers");
    heading(&mut o, LABEL_X - 80, "Partitions · replicas by broker");
    heading(&mut o, MEMBER_X, "Consumers");
    for (i, (id, client)) in d.producers.iter().enumerate() {
        let y = TOP + i as i32 * PRODUCER_STEP;
        let _ = write!(o, r#"<g><title>Producer {id}, client.id "#);
        escape_into(&mut o, client);
        let _ = write!(
            o,
            r#"</title><rect class="ks-flow-producer" x="{PRODUCER_X}" y="{y}" width="{PRODUCER_W}" height="30" rx="6"/><text x="{}" y="{}">"#,
            PRODUCER_X + 8,
            y + 19
        );
        escape_into(&mut o, client);
        o.push_str("</text></g>");
    }
    for (name, y) in &d.topics {
        let _ = write!(o, r#"<text class="ks-flow-topic" x="{}" y="{}">topic "#, LABEL_X - 80, y + 16);
        escape_into(&mut o, name);
        o.push_str("</text>");
    }
    for (gi, (group, state, y)) in d.groups.iter().enumerate() {
        let _ = write!(o, r#"<text class="ks-flow-group" x="{MEMBER_X}" y="{}" data-group="{gi}">"#, y + 17);
        escape_into(&mut o, group);
        if !state.is_empty() {
            let _ = write!(o, r#" <tspan class="ks-flow-state">{state}</tspan>"#);
        }
        o.push_str("</text>");
    }
    // links under everything else
    for &(r, m) in &d.links {
        let style = d.members[m].style;
        let attrs = format!(r#"class="ks-flow-link ks-m-{style}" stroke-dasharray="{}""#, DASHES[style]);
        link(&mut o, d, r, m, &attrs, "is assigned to");
    }
    for &(r, m, age) in &d.revoked {
        link(&mut o, d, r, m, &format!(r#"class="ks-flow-revoked" opacity="{}""#, rounded(f64::from(1.0 - age), 2)), "was revoked from");
    }
    for row in &d.rows {
        let _ = write!(
            o,
            r#"<g aria-label="Partition {p} of {t}"><text class="ks-flow-part" x="{LABEL_X}" y="{}" text-anchor="end">{t}-{p}</text>"#,
            row.y + 13,
            p = row.partition,
            t = row.topic
        );
        for (j, (broker, role)) in row.replicas.iter().enumerate() {
            let (slug, what) = role_text(*role);
            let x = cell_x(j);
            let _ = write!(
                o,
                r#"<g class="ks-flow-replica ks-flow-{slug}"><title>Broker {broker}: {what}{}</title><rect x="{x}" y="{}" width="{CELL_W}" height="18" rx="3"/><text x="{}" y="{}" text-anchor="middle">{}{broker}</text></g>"#,
                if j == 0 { " (the preferred leader: the controller gives leadership back to it)" } else { "" },
                row.y,
                x + CELL_W / 2,
                row.y + 13,
                if *role == Role::Leader { "★" } else { "" }
            );
        }
        o.push_str("</g>");
    }
    for m in &d.members {
        let _ = write!(
            o,
            r#"<g><title>Consumer {}</title><rect class="ks-flow-member ks-m-{}" stroke-dasharray="{}" x="{MEMBER_X}" y="{}" width="{MEMBER_W}" height="26" rx="6"/><text x="{}" y="{}">"#,
            m.consumer,
            m.style,
            DASHES[m.style],
            m.y,
            MEMBER_X + 8,
            m.y + 17
        );
        escape_into(&mut o, &m.label);
        o.push_str("</text></g>");
    }
    o.push_str("</svg>");
    o
}

/// The dots in flight, in an SVG of the same size to lay over the base.
pub fn dots_svg(d: &FlowData) -> String {
    let mut o = String::with_capacity(64 * d.dots.len() + 128);
    let _ = write!(o, r#"<svg class="ks-flow-svg ks-flow-dots" viewBox="0 0 {WIDTH} {}" width="100%" aria-hidden="true">"#, d.height);
    for dot in &d.dots {
        let row = &d.rows[dot.row];
        let cy = row.y + 9;
        let (x, y) = match dot.kind {
            DotKind::Produce { producer } => {
                let py = TOP + producer as i32 * PRODUCER_STEP + 15;
                let leader = row.replicas.iter().position(|(_, r)| *r == Role::Leader).unwrap_or(0);
                (lerp(PRODUCER_X + PRODUCER_W, cell_x(leader), dot.progress), lerp(py, cy, dot.progress))
            }
            DotKind::Replicate { from, to } => {
                let arc = (dot.progress * std::f32::consts::PI).sin() * 12.0;
                (lerp(cell_x(from) + CELL_W / 2, cell_x(to) + CELL_W / 2, dot.progress), cy as f32 - arc)
            }
            DotKind::Fetch { member } => (lerp(row_end(row), MEMBER_X, dot.progress), lerp(cy, d.members[member].y + 13, dot.progress)),
        };
        // a shape per key colour (see log_strip::key_shape), drawn as a reference to a
        // symbol: far cheaper for the browser than a text glyph per dot
        let (class, symbol) = match dot.colour {
            Some(c) => (format!("ks-key-{c}"), format!("ks-dot-{}", c % 8)),
            None => ("ks-nokey".to_string(), "ks-dot-none".to_string()),
        };
        let _ = write!(
            o,
            r##"<use class="ks-flow-dot {class}" href="#{symbol}" x="{}" y="{}" width="12" height="12"/>"##,
            rounded(f64::from(x - 6.0), 1),
            rounded(f64::from(y - 6.0), 1)
        );
        if dot.records > 1 {
            let _ = write!(
                o,
                r#"<text class="ks-flow-n" x="{}" y="{}">{}</text>"#,
                rounded(f64::from(x + 7.0), 1),
                rounded(f64::from(y + 3.0), 1),
                dot.records
            );
        }
    }
    o.push_str("</svg>");
    o
}

/// The flow view: draws prepared [`FlowData`]. A view function, as
/// [`super::jobs::jobs`] is: while the simulation plays its dots move on every tick.
pub fn flow_view(d: &FlowData) -> Html {
    html! {
        <section class="ks-flow" aria-label="Flow of records" data-testid="flow">
            <h2>{"Flow"}<span class="ks-muted ks-tl-range">{ format!(" · {} dot(s) in flight; a dot takes {} ms of virtual time", d.dots.len(), TRAVEL_MS) }</span></h2>
            <p class="ks-muted ks-flow-legend">{"★ leader · first box: the preferred leader · solid box: in the ISR · dashed: out of the ISR · grey: broker stopped. A dot's colour and shape come from its record's key; a number counts a batch's records. Lines link each partition to the member that owns it; a fading dashed line is a partition just revoked."}</p>
            <div class="ks-flow-stack">
                { Html::from_html_unchecked(base_svg(d).into()) }
                { Html::from_html_unchecked(dots_svg(d).into()) }
            </div>
        </section>
    }
}
