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
    BrokerNode, GroupNode, MarkerKind, MemberNode, ProducerNode, ReplicaRow, Role, Slot, Stage, CELL, CELL_STEP, MAX_ROWS_PER_BROKER, TOP,
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
        _ => html! { <path {class} d={format!("M{} {}L{} {}L{} {}L{} {}Z", r1(x), r1(y - h), r1(x + h), r1(y), r1(x), r1(y + h), r1(x - h), r1(y))} /> },
    }
}

fn producer_view(p: &ProducerNode) -> Html {
    let r = p.rect;
    html! {
        <g key={format!("p{}", p.id)} class={classes!("ks-stage-producer", p.closed.then_some("ks-closed"))} aria-label={format!("Producer {}", p.label)}>
            <title>{ format!("Producer {} (client.id {}){}", p.id, p.label, if p.closed { ", closed: its last records are still travelling" } else { "" }) }</title>
            <rect x={r.x.to_string()} y={r.y.to_string()} width={r.w.to_string()} height={r.h.to_string()} rx="8" />
            <text x={(r.x + 10).to_string()} y={(r.y + 23).to_string()} class="ks-stage-label">{ clip(&p.label, 14) }</text>
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

fn broker_view(b: &BrokerNode, on_action: &Callback<UiAction>) -> Html {
    let r = b.rect;
    let (verb, command) = if b.alive { ("Stop", commands::stop_broker(b.id)) } else { ("Start", commands::start_broker(b.id)) };
    let coordinator = if b.coordinator_of.is_empty() { String::new() } else { format!("★ coordinator of {}", b.coordinator_of.join(", ")) };
    html! {
        <g key={format!("b{}", b.id)} class={classes!("ks-stage-broker", (!b.alive).then_some("ks-down"))} aria-label={format!("Broker {}", b.id)}>
            <rect class="ks-stage-broker-box" x={r.x.to_string()} y={r.y.to_string()} width={r.w.to_string()} height={r.h.to_string()} rx="10" />
            <g class="ks-stage-button" role="button" tabindex="0" aria-label={format!("{verb} broker {}", b.id)} onclick={on_click(on_action, UiAction::RunLine(command.clone()))}>
                <title>{ format!("{verb} broker {}: runs {command}", b.id) }</title>
                <rect class="ks-stage-broker-head" x={r.x.to_string()} y={r.y.to_string()} width={r.w.to_string()} height="26" rx="10" />
                <text x={(r.x + 10).to_string()} y={(r.y + 18).to_string()} class="ks-stage-title">
                    { format!("Broker {}", b.id) }
                    <tspan class="ks-stage-muted">{ if b.alive { "  running · click to stop" } else { "  stopped · click to start" } }</tspan>
                </text>
            </g>
            if !coordinator.is_empty() {
                <text x={(r.x + 10).to_string()} y={(r.y + 39).to_string()} class="ks-stage-coordinator">
                    <title>{"The group coordinator: this broker leads the group's __consumer_offsets partition, so group requests (JoinGroup, SyncGroup, Heartbeat, OffsetCommit, ConsumerGroupHeartbeat) go to it."}</title>
                    { clip(&coordinator, (r.w / 7).max(10) as usize) }
                </text>
            }
            if b.hidden_replicas > 0 {
                <text x={(r.x + 10).to_string()} y={(r.y + r.h - 7).to_string()} class="ks-stage-muted">
                    { format!("+ {} more replicas (the {} busiest are drawn)", b.hidden_replicas, MAX_ROWS_PER_BROKER - 1) }
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
    let top = row.cells_y() - 3;
    let bottom = row.cells_y() + CELL + 3;
    let kind = m.kind.slug();
    let class = format!("ks-stage-marker ks-marker-{kind}");
    let body = match m.kind {
        MarkerKind::HighWatermark | MarkerKind::LogEnd | MarkerKind::LogStart => {
            let label = match m.kind {
                MarkerKind::HighWatermark => "HW",
                MarkerKind::LogEnd => "LEO",
                _ => "start",
            };
            // HW's label sits above the strip, LEO's below, so the two never overlap
            let (ly, lx) = if m.kind == MarkerKind::LogEnd { (bottom + 8, x + 2) } else { (row.cells_y() - 5, x + 2) };
            html! { <>
                <path d={format!("M{x} {top}V{bottom}")} />
                <text x={lx.to_string()} y={ly.to_string()}>{ label }</text>
            </> }
        }
        MarkerKind::Committed => html! {
            <path class={format!("ks-g-{}", m.style % 6)} d={format!("M{x} {bottom}v5h6l-3 3h-3")} />
        },
        MarkerKind::Position => html! {
            <path class={format!("ks-m-{}", m.style % 6)} d={format!("M{} {}l4 -5h-8z", x, row.cells_y() - 1)} />
        },
    };
    html! {
        <g key={i} {class} data-marker={kind} data-offset={m.offset.to_string()}>
            <title>{ m.title.clone() }</title>
            { body }
        </g>
    }
}

fn row_view(row: &ReplicaRow) -> Html {
    let r = row.rect;
    let (cx, cy) = (row.cells_x(), row.cells_y());
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
    let head = format!("{}-{}{}", row.topic, row.partition, if leader { " ★" } else { "" });
    let state = match row.role {
        Role::Leader => "leader",
        Role::InSync => "follower · ISR",
        Role::OutOfSync => "follower · out of ISR",
        Role::Offline => "offline",
    };
    html! {
        <g key={format!("{}-{}-{}", row.topic, row.partition, row.broker)}
            class={classes!("ks-stage-replica", format!("ks-role-{}", row.role.slug()))}
            aria-label={leader.then_some(label)} data-testid={leader.then_some("stage-partition")}
            data-leo={row.log_end_offset.to_string()} data-hw={row.high_watermark.to_string()}>
            <title>{ title }</title>
            <rect class="ks-stage-replica-box" x={r.x.to_string()} y={r.y.to_string()} width={r.w.to_string()} height={r.h.to_string()} rx="5" />
            <text x={cx.to_string()} y={(r.y + 13).to_string()} class="ks-stage-part">{ clip(&head, 22) }</text>
            <text x={(r.right() - 6).to_string()} y={(r.y + 13).to_string()} text-anchor="end" class="ks-stage-muted ks-stage-small">{ state }</text>
            { for row.slots.iter().enumerate().map(|(i, slot)| {
                let x = cx + i as i32 * CELL_STEP;
                let offset = row.from + i as i64;
                match slot {
                    Slot::Record { colour, tombstone } => {
                        let class = match colour { Some(c) => format!("ks-stage-cell ks-key-{c}"), None => "ks-stage-cell ks-cell-null".to_string() };
                        html! {
                            <g key={offset} class={classes!(class, tombstone.then_some("ks-tombstone"), (offset >= row.high_watermark).then_some("ks-above-hw"))} data-offset={offset.to_string()}>
                                <rect x={x.to_string()} y={cy.to_string()} width={CELL.to_string()} height={CELL.to_string()} rx="2" />
                                if *tombstone {
                                    <text x={(x + CELL / 2).to_string()} y={(cy + 11).to_string()} text-anchor="middle" class="ks-stage-tiny">{"†"}</text>
                                } else {
                                    { key_shape(*colour, (x + CELL / 2) as f32, (cy + CELL / 2) as f32, 8.0) }
                                }
                            </g>
                        }
                    }
                    Slot::Missing => html! { <rect key={offset} class="ks-stage-missing" x={x.to_string()} y={cy.to_string()} width={CELL.to_string()} height={CELL.to_string()} rx="2" /> },
                    Slot::Compacted => html! { <rect key={offset} class="ks-stage-compacted" x={x.to_string()} y={(cy + CELL / 2 - 1).to_string()} width={CELL.to_string()} height="2" /> },
                    Slot::Deleted { age } => html! {
                        <rect key={offset} class={classes!("ks-stage-deleted", age.is_some().then_some("ks-just-deleted"))}
                            opacity={age.map(|a| r1(1.0 - a * 0.8))}
                            x={x.to_string()} y={cy.to_string()} width={CELL.to_string()} height={CELL.to_string()} rx="2" />
                    },
                }
            }) }
            { for row.segment_starts.iter().map(|&o| {
                let x = row.x_of(o);
                html! { <path key={format!("s{o}")} class="ks-stage-segment" d={format!("M{x} {}V{}", cy - 2, cy + CELL + 2)}><title>{ format!("A segment starts at offset {o}") }</title></path> }
            }) }
            { for row.markers.iter().enumerate().map(|(i, m)| marker_view(row, i, m)) }
        </g>
    }
}

fn group_view(g: &GroupNode, gi: usize, on_action: &Callback<UiAction>) -> Html {
    let r = g.rect;
    let add = g.topic.as_deref().map(|t| commands::add_group_member(&g.group_id, t));
    html! {
        <g key={format!("g{}", g.group_id)} class={classes!("ks-stage-group", g.rebalancing.then_some("ks-rebalancing"))} aria-label={format!("Group {}", g.group_id)}>
            <text x={r.x.to_string()} y={(r.y + 14).to_string()} class={classes!("ks-stage-title", format!("ks-g-{}", gi % 6))}>{ clip(&g.group_id, 20) }</text>
            if !g.state.is_empty() {
                <text x={(r.right() - 30).to_string()} y={(r.y + 14).to_string()} text-anchor="end"
                    class={classes!("ks-stage-state", format!("ks-state-{}", g.state))} data-testid="stage-group-state">{ g.state.clone() }</text>
            }
            if let Some(add) = add {
                <g class="ks-stage-button" role="button" tabindex="0" aria-label={format!("Add a member to group {}", g.group_id)}
                    onclick={on_click(on_action, UiAction::RunLine(add.clone()))}>
                    <title>{ format!("Add a member: runs {add}") }</title>
                    <rect x={(r.right() - 24).to_string()} y={r.y.to_string()} width="22" height="20" rx="5" class="ks-stage-plus" />
                    <text x={(r.right() - 13).to_string()} y={(r.y + 15).to_string()} text-anchor="middle" class="ks-stage-title">{"+"}</text>
                </g>
            }
            <text x={r.x.to_string()} y={(r.y + 31).to_string()} class="ks-stage-muted ks-stage-small">{ g.detail.clone() }</text>
        </g>
    }
}

fn member_view(m: &MemberNode, on_action: &Callback<UiAction>) -> Html {
    let r = m.rect;
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
            <text x={(r.x + 8).to_string()} y={(r.y + 16).to_string()} class="ks-stage-label">{ clip(&m.label, 24) }</text>
            <text x={(r.x + 8).to_string()} y={(r.y + 33).to_string()} class="ks-stage-small">{ if status.is_empty() { clip(&m.owns, 28) } else { status.to_string() } }</text>
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
        <g key={i} class={format!("ks-stage-dot ks-dot-{kind}")}>
            { key_shape(d.colour, d.x, d.y, 11.0) }
            if d.records > 1 {
                <text x={r1(d.x + 7.0)} y={r1(d.y + 4.0)} class="ks-stage-tiny">{ d.records }</text>
            }
        </g>
    }
}

fn message_view(i: usize, m: &Message) -> Html {
    let text = match (&m.error, m.request) {
        (Some(e), _) => format!("{} ✗ {e}", m.api),
        (None, true) => format!("{} →", m.api),
        (None, false) => format!("← {} ✓", m.api),
    };
    let w = (text.chars().count() as f32 * 6.6 + 10.0).round();
    html! {
        <g key={i} class={classes!("ks-stage-msg", format!("ks-m-{}", m.style), m.routine.then_some("ks-routine"), m.error.is_some().then_some("ks-msg-error"))}
            data-api={m.api}>
            <path class="ks-stage-msg-path" d={format!("M{} {}L{} {}", m.from.0, m.from.1, m.to.0, m.to.1)} />
            if !m.routine {
                <rect x={r1(m.x - w / 2.0)} y={r1(m.y - 10.0)} width={r1(w)} height="18" rx="9" class="ks-stage-msg-pill" />
            }
            <text x={r1(m.x)} y={r1(m.y + 3.5)} text-anchor="middle" class={if m.routine { "ks-stage-tiny" } else { "ks-stage-small" }}>{ text }</text>
        </g>
    }
}

/// Draws the stage at `scale` CSS px per stage unit (1 on a laptop, more on a projector).
pub fn stage_view(s: &Stage, scale: f64, on_action: &Callback<UiAction>) -> Html {
    let headings = ["Producers", "Brokers · partitions as logs (newest records)", "Consumer groups"];
    html! {
        <svg class="ks-stage-svg" viewBox={format!("0 0 {} {}", s.width, s.height)}
            width={rounded(f64::from(s.width) * scale, 0)} height={rounded(f64::from(s.height) * scale, 0)}
            role="img" aria-label="The cluster at work: producers, brokers holding partition logs, consumer groups, and records travelling" data-testid="stage">
            { for headings.iter().zip(s.columns).map(|(h, x)| html! {
                <text key={*h} class="ks-stage-heading" x={x.to_string()} y={(TOP - 12).to_string()}>{ *h }</text>
            }) }
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
            { for s.brokers.iter().map(|b| broker_view(b, on_action)) }
            { for s.rows.iter().map(row_view) }
            { for s.producers.iter().map(producer_view) }
            { for s.groups.iter().enumerate().map(|(i, g)| group_view(g, i, on_action)) }
            { for s.members.iter().map(|m| member_view(m, on_action)) }
            <g class="ks-stage-moving" aria-hidden="true">
                { for s.dots.iter().enumerate().map(|(i, d)| dot_view(i, d)) }
                { for s.messages.iter().enumerate().map(|(i, m)| message_view(i, m)) }
            </g>
        </svg>
    }
}
