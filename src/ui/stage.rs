//! Draws the stage ([`crate::stage::Stage`]) as one SVG: brokers holding their replicas'
//! log strips, producers, groups and members, the records and protocol messages in
//! flight. All Kafka logic (what is where, what moves) is in `crate::stage`; this file
//! only draws it, and turns a click on a broker, a member or a group's "+" into the
//! console command it stands for (so the stage teaches the CLI).

use std::rc::Rc;

use yew::prelude::*;

use super::cluster_view::commands;
use super::on_click;
use super::state::UiAction;
use crate::engine::decimal::{rounded, Tenths};
use crate::stage::moving::{Dot, DotKind, Message};
use crate::stage::{
    BrokerNode, GroupNode, MarkerKind, MemberNode, Metrics, ProducerNode, ReplicaRow, Role, Slot, Stage, TxnStatus, MAX_ROWS_PER_BROKER,
};

/// Shapes per key colour, as in the log strips (● ▲ ■ ◆ ○ △ □ ◇), so colour is never
/// the only cue.
pub const DASHES: [&str; crate::stage::MEMBER_STYLES] = ["", "6 3", "2 3", "8 3 2 3", "1 2", "10 4"];

/// A coordinate or an opacity to a tenth, as the key shapes' outlines write theirs.
fn r1(v: f32) -> String {
    Tenths(v).to_string()
}

/// Appends to `d` the outline of a key colour's shape, centred on (x, y), `size` across:
/// ● ▲ ■ ◆ by the colour (its hollow twins for colours 4-7), a small dot for no key.
fn push_key_shape(d: &mut String, colour: Option<u8>, x: f32, y: f32, size: f32) {
    use std::fmt::Write;
    let h = size / 2.0;
    let t = Tenths;
    let circle = |d: &mut String, r: f32| {
        let _ = write!(d, "M{} {}a{r} {r} 0 1 0 {} 0a{r} {r} 0 1 0 {} 0Z", t(x - r), t(y), t(2.0 * r), t(-2.0 * r), r = t(r));
    };
    match colour.map(|c| c % 4) {
        None => circle(d, h * 0.45),
        Some(0) => circle(d, h * 0.9),
        Some(1) => {
            let _ = write!(d, "M{} {}L{} {}H{}Z", t(x), t(y - h), t(x + h), t(y + h * 0.8), t(x - h));
        }
        Some(2) => {
            let s = h * 1.6;
            let _ = write!(d, "M{} {}h{}v{}h{}Z", t(x - h * 0.8), t(y - h * 0.8), t(s), t(s), t(-s));
        }
        _ => {
            let _ = write!(d, "M{} {}L{} {}L{} {}L{} {}Z", t(x), t(y - h), t(x + h), t(y), t(x), t(y + h), t(x - h), t(y));
        }
    }
}

/// The CSS classes of a key colour's shape: its colour, filled or hollow.
fn shape_class(colour: Option<u8>) -> String {
    let filled = colour.is_none_or(|c| c % 8 < 4);
    let fill = if filled { "ks-fill" } else { "ks-hollow" };
    match colour {
        Some(c) => format!("ks-key-{c} ks-stage-shape {fill}"),
        None => format!("ks-nokey ks-stage-shape {fill}"),
    }
}

/// Shapes that look alike, gathered into one `<path>` each: the stage draws hundreds of
/// cells and dots, and an element apiece made every tick's diff, style and paint cost
/// grow with them. `class` → (outline, how many shapes).
#[derive(Default)]
struct Paths(std::collections::BTreeMap<String, (String, usize)>);

impl Paths {
    fn at(&mut self, class: String) -> &mut String {
        let e = self.0.entry(class).or_default();
        e.1 += 1;
        &mut e.0
    }
    /// A rounded box, the cells' shape.
    fn push_box(&mut self, class: String, x: i32, y: i32, w: i32, h: i32) {
        use std::fmt::Write;
        let d = self.at(class);
        let _ = write!(
            d,
            "M{} {y}h{}a2 2 0 0 1 2 2v{}a2 2 0 0 1 -2 2h{}a2 2 0 0 1 -2 -2v{}a2 2 0 0 1 2 -2Z",
            x + 2,
            w - 4,
            h - 4,
            4 - w,
            4 - h
        );
    }
    /// One `<path>` per look, each saying how many shapes it holds (`data-shapes`).
    fn view(self, what: &'static str) -> Html {
        html! { <>
            { for self.0.into_iter().map(|(class, (d, n))| html! {
                <path key={class.clone()} class={class} {d} data-shapes={n.to_string()} data-what={what} />
            }) }
        </> }
    }
}

fn producer_view(p: &ProducerNode, m: &Metrics) -> Html {
    let r = p.rect;
    html! {
        <g key={format!("p{}", p.id)} class={classes!("ks-stage-producer", p.closed.then_some("ks-closed"))} aria-label={format!("Producer {}", p.label)}>
            <title>{ format!("Producer {} (client.id {}){}", p.id, p.label, if p.closed { ", closed: its last records are still travelling" } else { "" }) }</title>
            <rect x={r.x.to_string()} y={r.y.to_string()} width={r.w.to_string()} height={r.h.to_string()} rx="8" />
            <text x={(r.x + 10).to_string()} y={(r.y + r.h / 2 + m.text * 4 / 10).to_string()} class="ks-stage-label">{ clip(&p.label, ((r.w - 14) * 100 / (m.text * 64)) as usize) }</text>
        </g>
    }
}

fn clip(s: &str, n: usize) -> String {
    if s.chars().count() > n {
        format!("{}…", s.chars().take(n - 1).collect::<String>())
    } else {
        s.to_string()
    }
}

fn broker_view(b: &BrokerNode, m: &Metrics, on_action: &Callback<UiAction>) -> Html {
    let r = b.rect;
    let (verb, command) = if b.alive { ("Stop", commands::stop_broker(b.id)) } else { ("Start", commands::start_broker(b.id)) };
    // the characters a line of the card holds (0.6 of the text size each)
    let room = (r.w * 10 / (m.text * 6)).max(0) as usize;
    // as the KRaft controller (node 0) sees it: registered or fenced
    // ("unfenced": still registered, the controller has not noticed yet); a narrow card
    // (three brokers on a laptop) says only the controller's part, the grey card the rest
    let status = match (b.alive, b.fenced, room >= 30) {
        (true, false, _) => "  running",
        (true, true, true) => "  running · fenced",
        (false, false, true) => "  stopped · unfenced",
        (false, true, true) => "  stopped · fenced",
        (true, true, false) | (false, true, false) => "  fenced",
        (false, false, false) => "  unfenced",
    };
    let coordinator =
        if b.coordinator_of.is_empty() { String::new() } else { format!("★ coordinator of {}", b.coordinator_of.join(", ")) };
    html! {
        <g key={format!("b{}", b.id)} class={classes!("ks-stage-broker", (!b.alive).then_some("ks-down"))} aria-label={format!("Broker {}", b.id)}>
            <rect class="ks-stage-broker-box" x={r.x.to_string()} y={r.y.to_string()} width={r.w.to_string()} height={r.h.to_string()} rx="10" />
            <g class="ks-stage-button" role="button" tabindex="0" aria-label={format!("{verb} broker {}", b.id)} onclick={on_click(on_action, UiAction::RunLine(command.clone()))}>
                <title>{ format!("{verb} broker {}: runs {command}. The KRaft controller (node 0) fences a broker that shuts down at once, and one that crashed when broker.session.timeout.ms passes without a heartbeat; a fenced broker leads nothing, and a restarted one stays fenced until it has caught up with the metadata log.", b.id) }</title>
                <rect class="ks-stage-broker-head" x={r.x.to_string()} y={r.y.to_string()} width={r.w.to_string()} height={(m.text + 14).to_string()} rx="10" />
                <text x={(r.x + 10).to_string()} y={(r.y + m.text + 5).to_string()} class="ks-stage-title">
                    { format!("Broker {}", b.id) }
                    <tspan class={classes!("ks-stage-small", if b.fenced { "ks-stage-fenced" } else { "ks-stage-muted" })}>{ status }</tspan>
                </text>
            </g>
            if !coordinator.is_empty() {
                <text x={(r.x + 10).to_string()} y={(r.y + 2 * m.text + 15).to_string()} class="ks-stage-coordinator">
                    <title>{ format!("Coordinator of {}. A group's coordinator leads the group's __consumer_offsets partition, so group requests (JoinGroup, SyncGroup, Heartbeat, OffsetCommit, ConsumerGroupHeartbeat) go to it; 'txn ID' is the transaction coordinator of that transactional id (it leads the id's __transaction_state partition).", b.coordinator_of.join(", ")) }</title>
                    { clip(&coordinator, room.max(10)) }
                </text>
            }
            if !b.hidden.is_empty() {
                <text x={(r.x + 10).to_string()} y={(r.y + r.h - 7).to_string()} class="ks-stage-muted" data-testid="stage-hidden">
                    <title>{ format!("Not drawn: {} quieter replica(s) on broker {} (the {} busiest are): {}", b.hidden.len(), b.id, MAX_ROWS_PER_BROKER - 1, b.hidden.join(", ")) }</title>
                    { clip(&format!("+ {} more: {}", b.hidden.len(), b.hidden.join(", ")), room.max(10)) }
                </text>
            }
        </g>
    }
}

fn role_text(role: Role, preferred: bool, elr: bool) -> String {
    let what = match role {
        Role::Leader => "the leader: producers write to it and consumers read from it",
        Role::InSync => "an in-sync follower (in the ISR): it has everything up to the high watermark",
        Role::OutOfSync => "a follower out of the ISR: it fell behind for longer than replica.lag.time.max.ms",
        Role::Offline => "its broker is stopped",
    };
    let elr = if elr {
        "; in the ELR (eligible leader replicas, KIP-966): it left the ISR while the ISR was below min.insync.replicas, so it holds every committed record and can be elected cleanly"
    } else {
        ""
    };
    format!("{what}{}{elr}", if preferred { "; the preferred leader (the first replica)" } else { "" })
}

fn marker_view(row: &ReplicaRow, i: usize, m: &crate::stage::StripMarker) -> Html {
    let x = row.x_of(m.offset);
    let top = row.cells_y - 3;
    let bottom = row.cells_y + row.cell + 3;
    let kind = m.kind.slug();
    let class = format!("ks-stage-marker ks-marker-{kind}");
    let body = match m.kind {
        MarkerKind::HighWatermark | MarkerKind::LogEnd | MarkerKind::LogStart | MarkerKind::ShareStart | MarkerKind::LastStable => html! {
            <path d={format!("M{x} {top}V{bottom}")} />
        },
        MarkerKind::Committed => html! {
            <path d={format!("M{x} {bottom}v5h6l-3 3h-3")} />
        },
        MarkerKind::Position => html! {
            <path class={format!("ks-m-{}", m.style % 6)} d={format!("M{} {}l4 -5h-8z", x, row.cells_y - 1)} />
        },
    };
    html! {
        <g key={i} {class} data-marker={kind} data-offset={m.offset.to_string()}>
            <title>{ m.title() }</title>
            { body }
        </g>
    }
}

/// A piece of the stage that is drawn again only when it changes: a replica's strip,
/// a broker's card, a producer, a group's heading, a member, the links. The stage is
/// laid out anew on every tick, but on most ticks only a few strips and what is in
/// flight change; the rest compare equal and yew skips them (their markup, its diff and
/// the browser's style, layout and paint of them).
#[derive(Clone, PartialEq)]
pub enum Piece {
    Row(Rc<ReplicaRow>),
    Broker(BrokerNode),
    Producer(ProducerNode),
    Group(GroupNode),
    Member(MemberNode),
    /// the headings over the columns and the legend
    Frame {
        columns: [i32; 3],
    },
    /// each partition's leader linked to the member that owns it, and lately revoked links
    Links(Vec<LinkLine>),
}

/// A link as it is drawn: from a leader's strip to a member's box.
#[derive(Clone, PartialEq)]
pub struct LinkLine {
    from: (i32, i32),
    to: (i32, i32),
    topic: String,
    partition: u32,
    consumer: u32,
    member: String,
    style: usize,
    gone: bool,
    /// `Some(age)` for a partition revoked lately (age 0..1 as it fades)
    revoked: Option<f32>,
}

#[derive(Properties, PartialEq)]
struct PieceProps {
    piece: Piece,
    m: Metrics,
    on_action: Callback<UiAction>,
}

#[function_component(StagePiece)]
fn stage_piece(p: &PieceProps) -> Html {
    let (m, on_action) = (&p.m, &p.on_action);
    match &p.piece {
        Piece::Row(row) => row_view(row, m),
        Piece::Broker(b) => broker_view(b, m, on_action),
        Piece::Producer(prod) => producer_view(prod, m),
        Piece::Group(g) => group_view(g, m, on_action),
        Piece::Member(member) => member_view(member, m, on_action),
        Piece::Frame { columns } => frame_view(*columns, m),
        Piece::Links(links) => links_view(links),
    }
}

fn row_view(row: &ReplicaRow, m: &Metrics) -> Html {
    let r = row.rect;
    let (cx, cy, cell) = (row.cells_x, row.cells_y, row.cell);
    // offsets are placed relative to a multiple of 1,024 at or below the window's start
    let anchor = row.from - row.from.rem_euclid(1024);
    let title = format!(
        "{}-{} on broker {}: {}. Log start {}, high watermark {}, log end {}.",
        row.topic,
        row.partition,
        row.broker,
        role_text(row.role, row.preferred, row.elr),
        row.log_start_offset,
        row.high_watermark,
        row.log_end_offset
    );
    let leader = row.role == Role::Leader;
    let label = format!("Partition {} of {}", row.partition, row.topic);
    let state = match (row.just_deleted, row.role) {
        (Some((first, last, _)), _) => format!("✂ deleted {first}–{last}"),
        (None, role) => match role {
            Role::Leader => format!("★ HW {} · LEO {}", row.high_watermark, row.log_end_offset),
            Role::InSync => format!("ISR · LEO {}", row.log_end_offset),
            Role::OutOfSync if row.elr => format!("ELR · LEO {}", row.log_end_offset),
            Role::OutOfSync => format!("out of ISR · LEO {}", row.log_end_offset),
            Role::Offline if row.elr => "offline · in ELR".to_string(),
            Role::Offline => "offline".to_string(),
        },
    };
    // the name gets what the state text leaves of the row (12-unit text: about 7 units a
    // character in the monospace name, 6.2 in the state)
    let t = m.text as f32;
    let room_with = |state: &str| ((r.w - 22) as f32 - state.chars().count() as f32 * 0.55 * t) / (0.62 * t);
    // a narrow row (a projector's big type) says less rather than overlap the name
    let state = if room_with(&state) >= 8.0 {
        state
    } else {
        match (row.just_deleted, row.role) {
            (Some(_), _) => "✂ deleted".to_string(),
            (None, Role::Leader) => "★ leader".to_string(),
            (None, Role::InSync) => "ISR".to_string(),
            (None, Role::OutOfSync) if row.elr => "ELR".to_string(),
            (None, Role::OutOfSync) => "out".to_string(),
            (None, Role::Offline) if row.elr => "off · ELR".to_string(),
            (None, Role::Offline) => "off".to_string(),
        }
    };
    let room = room_with(&state);
    let head = crate::stage::partition_label(&row.topic, row.partition, room.max(6.0) as usize);
    html! {
        <g class={classes!("ks-stage-replica", format!("ks-role-{}", row.role.slug()), row.elr.then_some("ks-elr"))}
            aria-label={leader.then_some(label)} data-testid={leader.then_some("stage-partition")}
            data-leo={row.log_end_offset.to_string()} data-hw={row.high_watermark.to_string()}>
            <title>{ title }</title>
            <rect class="ks-stage-replica-box" x={r.x.to_string()} y={r.y.to_string()} width={r.w.to_string()} height={r.h.to_string()} rx="5" />
            <text x={cx.to_string()} y={(r.y + m.text + 1).to_string()} class="ks-stage-part">{ head }</text>
            <text x={(r.right() - 6).to_string()} y={(r.y + m.text + 1).to_string()} text-anchor="end" class={classes!("ks-stage-small", if row.just_deleted.is_some() { "ks-just-deleted" } else if leader { "ks-stage-leader-text" } else { "ks-stage-muted" })}
                opacity={row.just_deleted.map(|(_, _, age)| r1(1.0 - age * 0.7))}>
                if let Some((first, last, _)) = row.just_deleted {
                    <title>{ format!("Retention deleted the segment(s) holding offsets {first}–{last}: the log start offset is now {}", row.log_start_offset) }</title>
                }
                { state }</text>
            // the cells sit at fixed places relative to an anchor offset, in a group that
            // the window's start translates: a new record moves one transform and adds one
            // cell, instead of moving every cell of the strip (the browser's work per frame)
            <g class="ks-stage-cells" transform={format!("translate({} 0)", cx as i64 + (anchor - row.from) * i64::from(row.cell_step))}>
            { cells_view(row, anchor) }
            </g>
            { for row.segment_starts.iter().map(|&o| {
                let x = row.x_of(o);
                html! { <path key={format!("s{o}")} class="ks-stage-segment" d={format!("M{x} {}V{}", cy - 2, cy + cell + 2)}><title>{ format!("A segment starts at offset {o}") }</title></path> }
            }) }
            { for row.markers.iter().enumerate().map(|(i, m)| marker_view(row, i, m)) }
            // share groups: each in-flight record's state under its cell (issue 17)
            { for row.share.iter().map(|c| {
                let (x, y) = (row.x_of(c.offset) + 2, cy + cell + 2);
                html! { <g key={format!("sh{}", c.offset)} class={format!("ks-share ks-share-{} ks-m-{}", c.state.name().to_ascii_lowercase(), c.style)}>
                    <title>{ c.title.clone() }</title>
                    <rect x={x.to_string()} y={y.to_string()} width={(cell - 2).to_string()} height="3" />
                    if c.delivery_count > 1 { <text x={(x + cell / 2).to_string()} y={(y - 4).to_string()} text-anchor="middle" class="ks-stage-tiny">{ c.delivery_count }</text> }
                </g> }
            }) }
        </g>
    }
}

/// A strip's cells, `x` relative to the `anchor` offset: boxes coloured by key (dashed
/// above the high watermark), each record's key shape, a dagger on a tombstone, and the
/// gaps compaction or retention left.
fn cells_view(row: &ReplicaRow, anchor: i64) -> Html {
    let (cy, cell) = (row.cells_y, row.cell);
    let mut boxes = Paths::default();
    let mut shapes = Paths::default();
    let mut daggers = Vec::new();
    let mut marks = Vec::new();
    for (i, slot) in row.slots.iter().enumerate() {
        let offset = row.from + i as i64;
        let x = ((offset - anchor) * i64::from(row.cell_step)) as i32;
        match slot {
            Slot::Marker { commit } => {
                // a commit (C) or abort (A) marker: a control record taking an offset
                let c = if *commit { "commit" } else { "abort" };
                boxes.push_box(format!("ks-stage-ctrl ks-ctrl-{c}"), x, cy, cell, cell);
                marks.push((x, if *commit { "C" } else { "A" }));
            }
            Slot::Record { colour, tombstone, txn } => {
                let key = colour.map_or("ks-cell-null".to_string(), |c| format!("ks-key-{c}"));
                let above = if offset >= row.high_watermark { " ks-above-hw" } else { "" };
                let txn = match txn {
                    TxnStatus::Open => " ks-txn-open",
                    TxnStatus::Aborted => " ks-txn-aborted",
                    _ => "",
                };
                boxes.push_box(format!("ks-stage-cell {key}{above}{txn}"), x, cy, cell, cell);
                if *tombstone {
                    daggers.push(x);
                } else {
                    push_key_shape(
                        shapes.at(shape_class(*colour)),
                        *colour,
                        (x + cell / 2) as f32,
                        (cy + cell / 2) as f32,
                        cell as f32 * 0.6,
                    );
                }
            }
            Slot::Missing => boxes.push_box("ks-stage-missing".into(), x, cy, cell, cell),
            Slot::Compacted => {
                use std::fmt::Write;
                let _ = write!(boxes.at("ks-stage-compacted".into()), "M{x} {}h{cell}v2h{}Z", cy + cell / 2 - 1, -cell);
            }
            Slot::Deleted { age: None } => {}
            // fading out: one path per tenth of opacity
            Slot::Deleted { age: Some(a) } => {
                let tenths = ((1.0 - a * 0.8) * 10.0).round() as i32;
                boxes.push_box(format!("ks-stage-deleted ks-just-deleted ks-fade-{tenths}"), x, cy, cell, cell)
            }
        }
    }
    html! { <>
        { boxes.view("cells") }
        { shapes.view("keys") }
        { for daggers.into_iter().map(|x| html! {
            <text key={format!("t{x}")} x={(x + cell / 2).to_string()} y={(cy + cell * 3 / 4).to_string()} text-anchor="middle" class="ks-stage-tiny ks-tombstone">{"†"}</text>
        }) }
        { for marks.into_iter().map(|(x, l)| html! {
            <text key={format!("m{x}")} x={(x + cell / 2).to_string()} y={(cy + cell * 3 / 4).to_string()} text-anchor="middle" class="ks-stage-tiny ks-ctrl-mark">{ l }</text>
        }) }
    </> }
}

fn group_view(g: &GroupNode, m: &Metrics, on_action: &Callback<UiAction>) -> Html {
    let r = g.rect;
    let add = g.topic.as_deref().map(|t| match g.detail.starts_with("share") {
        true => {
            format!("kafka-console-share-consumer.sh --bootstrap-server localhost:9092 --topic {t} --group {} > /dev/null &", g.group_id)
        }
        false => commands::add_group_member(&g.group_id, t),
    });
    html! {
        <g key={format!("g{}", g.group_id)} class={classes!("ks-stage-group", g.rebalancing.then_some("ks-rebalancing"))} aria-label={format!("Group {}", g.group_id)}>
            <text x={r.x.to_string()} y={(r.y + m.text + 2).to_string()} class="ks-stage-title">{ clip(&g.group_id, (r.w * 10 / (m.text * 6) - 4) as usize) }</text>
            if !g.state.is_empty() {
                <text x={r.x.to_string()} y={(r.y + 2 * m.text + 10).to_string()}
                    class={classes!("ks-stage-state", format!("ks-state-{}", g.state))} data-testid="stage-group-state">{ g.state.clone() }</text>
            }
            if let Some(add) = add {
                <g class="ks-stage-button" role="button" tabindex="0" aria-label={format!("Add a member to group {}", g.group_id)}
                    onclick={on_click(on_action, UiAction::RunLine(add.clone()))}>
                    <title>{ format!("Add a member: runs {add}") }</title>
                    <rect x={(r.right() - m.text - 12).to_string()} y={r.y.to_string()} width={(m.text + 10).to_string()} height={(m.text + 8).to_string()} rx="5" class="ks-stage-plus" />
                    <text x={(r.right() - m.text / 2 - 7).to_string()} y={(r.y + m.text + 2).to_string()} text-anchor="middle" class="ks-stage-title">{"+"}</text>
                </g>
            }
            <text x={r.x.to_string()} y={(r.y + 3 * m.text + 16).to_string()} class="ks-stage-muted ks-stage-small">{ clip(&g.detail, (r.w * 10 / (m.text * 5)) as usize) }</text>
        </g>
    }
}

fn member_view(m: &MemberNode, k: &Metrics, on_action: &Callback<UiAction>) -> Html {
    let r = m.rect;
    let chars = (r.w * 10 / (k.text * 6)) as usize;
    let job = m.label.strip_prefix('%').and_then(|rest| rest.split_whitespace().next()).map(|n| n.to_string());
    let (click, hint) = match (&job, m.gone) {
        (Some(n), false) => {
            let line = format!("kill -9 %{n}");
            (Some(on_click(on_action, UiAction::RunLine(line.clone()))), format!("Click to crash it: runs {line}"))
        }
        _ => (None, String::new()),
    };
    let status = if m.gone {
        "crashed: still a member until session.timeout.ms"
    } else if m.disconnected {
        "cut off from the network"
    } else {
        ""
    };
    html! {
        <g key={format!("m{}", m.consumer)} class={classes!("ks-stage-member", format!("ks-m-{}", m.style), m.gone.then_some("ks-gone"), click.is_some().then_some("ks-stage-button"))}
            aria-label={format!("Member {}", m.label)} role={click.is_some().then_some("button")} tabindex={click.is_some().then_some("0")} onclick={click}>
            <title>{ format!("Consumer {} ({}); owns {}. {status} {hint}", m.consumer, m.label, m.owns) }</title>
            <rect class="ks-stage-member-box" x={r.x.to_string()} y={r.y.to_string()} width={r.w.to_string()} height={r.h.to_string()} rx="8"
                stroke-dasharray={DASHES[m.style]} />
            <text x={(r.x + 8).to_string()} y={(r.y + k.text + 4).to_string()} class="ks-stage-label">{ clip(&m.label, chars - 2) }</text>
            <text x={(r.x + 8).to_string()} y={(r.y + 2 * k.text + 9).to_string()} class="ks-stage-small">{ clip(if status.is_empty() { &m.owns } else { status }, chars) }</text>
            if let Some(says) = &m.says {
                <text x={(r.x + 8).to_string()} y={(r.y + 3 * k.text + 13).to_string()}
                    class={classes!("ks-stage-small", "ks-stage-says", m.says_routine.then_some("ks-routine"))}>{ clip(says, chars) }</text>
            }
        </g>
    }
}

/// The records in flight: one path per kind and key colour (`ks-dot-fetch` and so on),
/// and a batch's record count beside its dot.
fn dots_view(dots: &[Dot]) -> Html {
    let mut paths = Paths::default();
    for d in dots {
        let kind = match d.kind {
            DotKind::Produce => "produce",
            DotKind::Replicate => "replicate",
            DotKind::Fetch => "fetch",
        };
        push_key_shape(paths.at(format!("ks-stage-dot ks-dot-{kind} {}", shape_class(d.colour))), d.colour, d.x, d.y, 11.0);
    }
    html! { <>
        { paths.view("dots") }
        { for dots.iter().filter(|d| d.records > 1).map(|d| html! {
            <text key={d.id} x={r1(d.x + 7.0)} y={r1(d.y + 4.0)} class="ks-stage-tiny ks-stage-batch">{ d.records }</text>
        }) }
    </> }
}

/// A protocol message on its way: a dot in the member's colour along a dashed path
/// between the member and its coordinator (its name is on the member's box).
fn message_view(m: &Message, k: &Metrics) -> Html {
    let r = if m.routine { k.text as f32 * 0.25 } else { k.text as f32 * 0.4 };
    html! {
        <g key={m.id} class={classes!("ks-stage-msg", format!("ks-m-{}", m.style), m.routine.then_some("ks-routine"), m.error.is_some().then_some("ks-msg-error"))}
            data-api={m.api}>
            <title>{ m.text() }</title>
            <path class="ks-stage-msg-path" d={format!("M{} {}L{} {}", m.from.0, m.from.1, m.to.0, m.to.1)} />
            <circle cx={r1(m.x)} cy={r1(m.y)} r={r1(r)} class="ks-stage-msg-dot" />
        </g>
    }
}

/// The columns' headings, and under the brokers' heading what the strips' marks mean.
fn frame_view(columns: [i32; 3], m: &Metrics) -> Html {
    let headings = ["Producers", "Brokers · each partition's newest records", "Consumer groups"];
    // each item is its mark, its label and a gap; a label's width is estimated at 0.62 of
    // the text size per character (a little over the sans-serif's average), so no two touch
    let items: [(&'static str, &'static str, &'static str); 4] = [
        ("ks-marker-high-watermark", "M2 -9V2", "high watermark"),
        ("ks-marker-log-end", "M2 -9V2", "log end"),
        ("ks-marker-committed", "M2 -4v5h6l-3 3h-3", "committed"),
        ("ks-marker-position ks-m-0", "M2 -1l4 -5h-8z", "member's position"),
    ];
    let y = m.top - 6;
    let mut x = columns[1];
    html! { <>
        { for headings.iter().zip(columns).map(|(h, x)| html! {
            <text key={*h} class="ks-stage-heading" x={x.to_string()} y={(m.text + 6).to_string()}>{ *h }</text>
        }) }
        <g class="ks-stage-legend-row" aria-label="Legend">
            { for items.iter().map(|&(class, mark, text)| {
                let at = x;
                x += 8 + (text.len() as i32 * m.text * 62 + 99) / 100 + m.text * 3 / 4;
                html! {
                    <g key={class} class={classes!("ks-stage-marker", class)} transform={format!("translate({at} {y})")}>
                        <path d={mark} /><text x="8" y="0" class="ks-stage-legend">{ text }</text>
                    </g>
                }
            }) }
        </g>
    </> }
}

/// The links from each partition's leader to the member that owns it, and those revoked
/// lately, fading.
fn links_view(links: &[LinkLine]) -> Html {
    html! {
        <g class="ks-stage-links">
            { for links.iter().map(|l| {
                let ((x1, y1), (x2, y2)) = (l.from, l.to);
                match l.revoked {
                    None => html! {
                        <path key={format!("{}-{}-{}", l.topic, l.partition, l.consumer)}
                            class={classes!("ks-stage-link", format!("ks-m-{}", l.style), l.gone.then_some("ks-gone"))}
                            stroke-dasharray={DASHES[l.style]}
                            d={format!("M{x1} {y1}C{} {y1} {} {y2} {x2} {y2}", x1 + 40, x2 - 40)}>
                            <title>{ format!("{}-{} is assigned to {}", l.topic, l.partition, l.member) }</title>
                        </path>
                    },
                    Some(age) => html! {
                        <path key={format!("rv{}-{}-{}", l.topic, l.partition, l.consumer)} class="ks-stage-revoked" opacity={r1(1.0 - age)}
                            d={format!("M{x1} {y1}L{x2} {y2}")}>
                            <title>{ format!("{}-{} was revoked from {}", l.topic, l.partition, l.member) }</title>
                        </path>
                    },
                }
            }) }
        </g>
    }
}

/// The stage cut into [`Piece`]s, back to front, each with its key.
fn pieces(s: &Stage) -> Vec<(String, Piece)> {
    let line = |row: usize, member: usize, style: usize, gone: bool, revoked: Option<f32>| {
        let (row, m) = (&s.rows[row], &s.members[member]);
        LinkLine {
            from: (row.rect.right(), row.rect.mid_y()),
            to: (m.rect.x, m.rect.mid_y()),
            topic: row.topic.clone(),
            partition: row.partition,
            consumer: m.consumer,
            member: m.label.clone(),
            style,
            gone,
            revoked,
        }
    };
    let links = s.links.iter().map(|l| line(l.row, l.member, l.style, l.gone, None));
    let revoked = s.revoked.iter().map(|&(r, m, age)| line(r, m, 0, false, Some(age)));
    let mut out = vec![
        ("frame".to_string(), Piece::Frame { columns: s.columns }),
        ("links".to_string(), Piece::Links(links.chain(revoked).collect())),
    ];
    out.extend(s.brokers.iter().map(|b| (format!("b{}", b.id), Piece::Broker(b.clone()))));
    out.extend(s.rows.iter().map(|r| (format!("{}-{}-{}", r.topic, r.partition, r.broker), Piece::Row(r.clone()))));
    out.extend(s.producers.iter().map(|p| (format!("p{}", p.id), Piece::Producer(p.clone()))));
    out.extend(s.groups.iter().map(|g| (format!("g{}", g.group_id), Piece::Group(g.clone()))));
    out.extend(s.members.iter().map(|m| (format!("m{}", m.consumer), Piece::Member(m.clone()))));
    out
}

/// Draws the stage at `scale` CSS px per stage unit (1 on a laptop, more on a projector).
pub fn stage_view(s: &Stage, scale: f64, on_action: &Callback<UiAction>) -> Html {
    let (view_box, w, h) =
        (format!("0 0 {} {}", s.width, s.height), rounded(f64::from(s.width) * scale, 0), rounded(f64::from(s.height) * scale, 0));
    html! {
        // two layers: the cluster, which changes when records land or the assignment
        // does, and over it (its own compositing layer) what moves on every frame, so the
        // browser does not repaint every strip to move a dot
        <div class="ks-stage-stack">
        <svg class="ks-stage-svg" viewBox={view_box.clone()} width={w.clone()} height={h.clone()}
            role="img" aria-label="The cluster at work: producers, brokers holding partition logs, consumer groups, and records travelling" data-testid="stage">
            { for pieces(s).into_iter().map(|(key, piece)| html! {
                <StagePiece {key} {piece} m={s.m} on_action={on_action.clone()} />
            }) }
        </svg>
        <svg class="ks-stage-svg ks-stage-moving" viewBox={view_box} width={w} height={h} aria-hidden="true">
            { dots_view(&s.dots) }
            { for s.messages.iter().map(|m| message_view(m, &s.m)) }
        </svg>
        </div>
    }
}
