//! Draws the stage ([`crate::stage::Stage`]) as one SVG: brokers holding their replicas'
//! log strips, producers, groups and members, the records and protocol messages in
//! flight. All Kafka logic (what is where, what moves) is in `crate::stage`; this file
//! only draws it, and turns a click on a broker, a member or a group's "+" into the
//! console command it stands for (so the stage teaches the CLI).

use yew::prelude::*;

use super::cluster_view::commands;
use super::on_click;
use super::state::UiAction;
use crate::engine::decimal::rounded;
use crate::stage::moving::{Dot, DotKind, Message};
use crate::stage::{
    BrokerNode, GroupNode, MarkerKind, MemberNode, Metrics, ProducerNode, ReplicaRow, Role, Slot, Stage, MAX_ROWS_PER_BROKER,
};

/// Shapes per key colour, as in the log strips (● ▲ ■ ◆ ○ △ □ ◇), so colour is never
/// the only cue.
pub const DASHES: [&str; crate::stage::MEMBER_STYLES] = ["", "6 3", "2 3", "8 3 2 3", "1 2", "10 4"];

fn r1(v: f32) -> String {
    rounded(f64::from(v), 1)
}

/// A key colour's shape, centred on (x, y), `size` across.
fn key_shape(colour: Option<u8>, x: f32, y: f32, size: f32) -> Html {
    let h = size / 2.0;
    let class = match colour {
        Some(c) => format!("ks-key-{c} ks-stage-shape"),
        None => "ks-nokey ks-stage-shape".to_string(),
    };
    let filled = colour.is_none_or(|c| c % 8 < 4);
    let fill_class = if filled { "ks-fill" } else { "ks-hollow" };
    let class = format!("{class} {fill_class}");
    match colour.map(|c| c % 4) {
        None => html! { <circle {class} cx={r1(x)} cy={r1(y)} r={r1(h * 0.45)} /> },
        Some(0) => html! { <circle {class} cx={r1(x)} cy={r1(y)} r={r1(h * 0.9)} /> },
        Some(1) => html! { <path {class} d={format!("M{} {}L{} {}H{}Z", r1(x), r1(y - h), r1(x + h), r1(y + h * 0.8), r1(x - h))} /> },
        Some(2) => html! { <rect {class} x={r1(x - h * 0.8)} y={r1(y - h * 0.8)} width={r1(h * 1.6)} height={r1(h * 1.6)} /> },
        _ => {
            html! { <path {class} d={format!("M{} {}L{} {}L{} {}L{} {}Z", r1(x), r1(y - h), r1(x + h), r1(y), r1(x), r1(y + h), r1(x - h), r1(y))} /> }
        }
    }
}

fn producer_view(p: &ProducerNode, m: &Metrics) -> Html {
    let r = p.rect;
    html! {
        <g key={format!("p{}", p.id)} class={classes!("ks-stage-producer", p.closed.then_some("ks-closed"))} aria-label={format!("Producer {}", p.label)}>
            <title>{ format!("Producer {} (client.id {}){}", p.id, p.label, if p.closed { ", closed: its last records are still travelling" } else { "" }) }</title>
            <rect x={r.x.to_string()} y={r.y.to_string()} width={r.w.to_string()} height={r.h.to_string()} rx="8" />
            <text x={(r.x + 10).to_string()} y={(r.y + r.h / 2 + m.text * 4 / 10).to_string()} class="ks-stage-label">{ clip(&p.label, (r.w * 10 / (m.text * 6)) as usize) }</text>
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
    let coordinator =
        if b.coordinator_of.is_empty() { String::new() } else { format!("★ coordinator of {}", b.coordinator_of.join(", ")) };
    html! {
        <g key={format!("b{}", b.id)} class={classes!("ks-stage-broker", (!b.alive).then_some("ks-down"))} aria-label={format!("Broker {}", b.id)}>
            <rect class="ks-stage-broker-box" x={r.x.to_string()} y={r.y.to_string()} width={r.w.to_string()} height={r.h.to_string()} rx="10" />
            <g class="ks-stage-button" role="button" tabindex="0" aria-label={format!("{verb} broker {}", b.id)} onclick={on_click(on_action, UiAction::RunLine(command.clone()))}>
                <title>{ format!("{verb} broker {}: runs {command}", b.id) }</title>
                <rect class="ks-stage-broker-head" x={r.x.to_string()} y={r.y.to_string()} width={r.w.to_string()} height={(m.text + 14).to_string()} rx="10" />
                <text x={(r.x + 10).to_string()} y={(r.y + m.text + 5).to_string()} class="ks-stage-title">
                    { format!("Broker {}", b.id) }
                    <tspan class="ks-stage-muted ks-stage-small">{ if b.alive { "  running" } else { "  stopped" } }</tspan>
                </text>
            </g>
            if !coordinator.is_empty() {
                <text x={(r.x + 10).to_string()} y={(r.y + 2 * m.text + 15).to_string()} class="ks-stage-coordinator">
                    <title>{"The group coordinator: this broker leads the group's __consumer_offsets partition, so group requests (JoinGroup, SyncGroup, Heartbeat, OffsetCommit, ConsumerGroupHeartbeat) go to it."}</title>
                    { clip(&coordinator, (r.w * 10 / (m.text * 6)).max(10) as usize) }
                </text>
            }
            if b.hidden_replicas > 0 {
                <text x={(r.x + 10).to_string()} y={(r.y + r.h - 7).to_string()} class="ks-stage-muted">
                    { format!("+ {} more (the {} busiest shown)", b.hidden_replicas, MAX_ROWS_PER_BROKER - 1) }
                </text>
            }
        </g>
    }
}

fn role_text(role: Role, preferred: bool) -> String {
    let what = match role {
        Role::Leader => "the leader: producers write to it and consumers read from it",
        Role::InSync => "an in-sync follower (in the ISR): it has everything up to the high watermark",
        Role::OutOfSync => "a follower out of the ISR: it fell behind for longer than replica.lag.time.max.ms",
        Role::Offline => "its broker is stopped",
    };
    format!("{what}{}", if preferred { "; the preferred leader (the first replica)" } else { "" })
}

fn marker_view(row: &ReplicaRow, i: usize, m: &crate::stage::StripMarker) -> Html {
    let x = row.x_of(m.offset);
    let top = row.cells_y - 3;
    let bottom = row.cells_y + row.cell + 3;
    let kind = m.kind.slug();
    let class = format!("ks-stage-marker ks-marker-{kind}");
    let body = match m.kind {
        MarkerKind::HighWatermark | MarkerKind::LogEnd | MarkerKind::LogStart => html! {
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
            <title>{ m.title.clone() }</title>
            { body }
        </g>
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
        role_text(row.role, row.preferred),
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
            Role::OutOfSync => format!("out of ISR · LEO {}", row.log_end_offset),
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
            (None, Role::OutOfSync) => "out".to_string(),
            (None, Role::Offline) => "off".to_string(),
        }
    };
    let room = room_with(&state);
    let head = clip(&format!("{}-{}", row.topic, row.partition), room.max(6.0) as usize);
    html! {
        <g key={format!("{}-{}-{}", row.topic, row.partition, row.broker)}
            class={classes!("ks-stage-replica", format!("ks-role-{}", row.role.slug()))}
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
            { for row.slots.iter().enumerate().map(|(i, slot)| {
                let offset = row.from + i as i64;
                let x = ((offset - anchor) * i64::from(row.cell_step)) as i32;
                match slot {
                    Slot::Record { colour, tombstone } => {
                        let class = match colour { Some(c) => format!("ks-stage-cell ks-key-{c}"), None => "ks-stage-cell ks-cell-null".to_string() };
                        html! {
                            <g key={offset} class={classes!(class, tombstone.then_some("ks-tombstone"), (offset >= row.high_watermark).then_some("ks-above-hw"))} data-offset={offset.to_string()}>
                                <rect x={x.to_string()} y={cy.to_string()} width={cell.to_string()} height={cell.to_string()} rx="2" />
                                if *tombstone {
                                    <text x={(x + cell / 2).to_string()} y={(cy + cell * 3 / 4).to_string()} text-anchor="middle" class="ks-stage-tiny">{"†"}</text>
                                } else {
                                    { key_shape(*colour, (x + cell / 2) as f32, (cy + cell / 2) as f32, cell as f32 * 0.6) }
                                }
                            </g>
                        }
                    }
                    Slot::Missing => html! { <rect key={offset} class="ks-stage-missing" x={x.to_string()} y={cy.to_string()} width={cell.to_string()} height={cell.to_string()} rx="2" /> },
                    Slot::Compacted => html! { <rect key={offset} class="ks-stage-compacted" x={x.to_string()} y={(cy + cell / 2 - 1).to_string()} width={cell.to_string()} height="2" /> },
                    Slot::Deleted { age } => html! {
                        <rect key={offset} class={classes!("ks-stage-deleted", age.is_some().then_some("ks-just-deleted"))}
                            opacity={age.map(|a| r1(1.0 - a * 0.8))}
                            x={x.to_string()} y={cy.to_string()} width={cell.to_string()} height={cell.to_string()} rx="2" />
                    },
                }
            }) }
            </g>
            { for row.segment_starts.iter().map(|&o| {
                let x = row.x_of(o);
                html! { <path key={format!("s{o}")} class="ks-stage-segment" d={format!("M{x} {}V{}", cy - 2, cy + cell + 2)}><title>{ format!("A segment starts at offset {o}") }</title></path> }
            }) }
            { for row.markers.iter().enumerate().map(|(i, m)| marker_view(row, i, m)) }
        </g>
    }
}

fn group_view(g: &GroupNode, m: &Metrics, on_action: &Callback<UiAction>) -> Html {
    let r = g.rect;
    let add = g.topic.as_deref().map(|t| commands::add_group_member(&g.group_id, t));
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

fn dot_view(i: usize, d: &Dot) -> Html {
    let kind = match d.kind {
        DotKind::Produce => "produce",
        DotKind::Replicate => "replicate",
        DotKind::Fetch => "fetch",
    };
    html! {
        <g key={format!("d{i}")} class={format!("ks-stage-dot ks-dot-{kind}")}>
            { key_shape(d.colour, d.x, d.y, 11.0) }
            if d.records > 1 {
                <text x={r1(d.x + 7.0)} y={r1(d.y + 4.0)} class="ks-stage-tiny">{ d.records }</text>
            }
        </g>
    }
}

/// A protocol message on its way: a dot in the member's colour along a dashed path
/// between the member and its coordinator (its name is on the member's box).
fn message_view(i: usize, m: &Message, k: &Metrics) -> Html {
    let r = if m.routine { k.text as f32 * 0.25 } else { k.text as f32 * 0.4 };
    html! {
        <g key={format!("m{i}")} class={classes!("ks-stage-msg", format!("ks-m-{}", m.style), m.routine.then_some("ks-routine"), m.error.is_some().then_some("ks-msg-error"))}
            data-api={m.api}>
            <title>{ m.text() }</title>
            <path class="ks-stage-msg-path" d={format!("M{} {}L{} {}", m.from.0, m.from.1, m.to.0, m.to.1)} />
            <circle cx={r1(m.x)} cy={r1(m.y)} r={r1(r)} class="ks-stage-msg-dot" />
        </g>
    }
}

/// What the strips' marks mean, under the brokers' heading.
fn legend(s: &Stage) -> Html {
    let x = s.columns[1];
    // the items' places, for 12-unit text, scaled to the stage's
    let at = |dx: i32| dx * s.m.text / 12;
    let y = s.m.top - 6;
    let item = |dx: i32, class: &'static str, mark: Html, text: &'static str| {
        html! {
            <g key={class} class={classes!("ks-stage-marker", class)} transform={format!("translate({} {y})", x + dx)}>
                { mark }<text x="8" y="0" class="ks-stage-legend">{ text }</text>
            </g>
        }
    };
    html! {
        <g class="ks-stage-legend-row" aria-label="Legend">
            { item(at(0), "ks-marker-high-watermark", html! { <path d="M2 -9V2" /> }, "high watermark") }
            { item(at(112), "ks-marker-log-end", html! { <path d="M2 -9V2" /> }, "log end") }
            { item(at(182), "ks-marker-committed", html! { <path d="M2 -4v5h6l-3 3h-3" /> }, "committed") }
            { item(at(264), "ks-marker-position ks-m-0", html! { <path d="M2 -1l4 -5h-8z" /> }, "member's position") }
        </g>
    }
}

/// Draws the stage at `scale` CSS px per stage unit (1 on a laptop, more on a projector).
pub fn stage_view(s: &Stage, scale: f64, on_action: &Callback<UiAction>) -> Html {
    let headings = ["Producers", "Brokers · each partition's newest records", "Consumer groups"];
    let (view_box, w, h) =
        (format!("0 0 {} {}", s.width, s.height), rounded(f64::from(s.width) * scale, 0), rounded(f64::from(s.height) * scale, 0));
    html! {
        // two layers: the cluster, which changes when records land or the assignment
        // does, and over it (its own compositing layer) what moves on every frame, so the
        // browser does not repaint every strip to move a dot
        <div class="ks-stage-stack">
        <svg class="ks-stage-svg" viewBox={view_box.clone()} width={w.clone()} height={h.clone()}
            role="img" aria-label="The cluster at work: producers, brokers holding partition logs, consumer groups, and records travelling" data-testid="stage">
            { for headings.iter().zip(s.columns).map(|(h, x)| html! {
                <text key={*h} class="ks-stage-heading" x={x.to_string()} y={(s.m.text + 6).to_string()}>{ *h }</text>
            }) }
            { legend(s) }
            <g class="ks-stage-links">
                { for s.links.iter().map(|l| {
                    let (row, m) = (&s.rows[l.row], &s.members[l.member]);
                    let (x1, y1) = (row.rect.right(), row.rect.mid_y());
                    let (x2, y2) = (m.rect.x, m.rect.mid_y());
                    html! {
                        <path key={format!("{}-{}-{}", row.topic, row.partition, m.consumer)}
                            class={classes!("ks-stage-link", format!("ks-m-{}", l.style), l.gone.then_some("ks-gone"))}
                            stroke-dasharray={DASHES[l.style]}
                            d={format!("M{x1} {y1}C{} {y1} {} {y2} {x2} {y2}", x1 + 40, x2 - 40)}>
                            <title>{ format!("{}-{} is assigned to {}", row.topic, row.partition, m.label) }</title>
                        </path>
                    }
                }) }
                { for s.revoked.iter().map(|&(r, mi, age)| {
                    let (row, m) = (&s.rows[r], &s.members[mi]);
                    html! {
                        <path key={format!("rv{}-{}-{}", row.topic, row.partition, m.consumer)} class="ks-stage-revoked" opacity={r1(1.0 - age)}
                            d={format!("M{} {}L{} {}", row.rect.right(), row.rect.mid_y(), m.rect.x, m.rect.mid_y())}>
                            <title>{ format!("{}-{} was revoked from {}", row.topic, row.partition, m.label) }</title>
                        </path>
                    }
                }) }
            </g>
            { for s.brokers.iter().map(|b| broker_view(b, &s.m, on_action)) }
            { for s.rows.iter().map(|r| row_view(r, &s.m)) }
            { for s.producers.iter().map(|p| producer_view(p, &s.m)) }
            { for s.groups.iter().map(|g| group_view(g, &s.m, on_action)) }
            { for s.members.iter().map(|m| member_view(m, &s.m, on_action)) }
        </svg>
        <svg class="ks-stage-svg ks-stage-moving" viewBox={view_box} width={w} height={h} aria-hidden="true">
            { for s.dots.iter().enumerate().map(|(i, d)| dot_view(i, d)) }
            { for s.messages.iter().enumerate().map(|(i, m)| message_view(i, m, &s.m)) }
        </svg>
        </div>
    }
}
