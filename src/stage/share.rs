//! Share groups on the stage (KIP-932): each share group below the consumer groups, its
//! members linked to every partition they share; on each shared partition's leader strip,
//! the share-partition start offset (SPSO) as a marker and every in-flight record's state
//! under its cell: acquired (in its owner's colour, with its delivery count when
//! redelivered and the time its lock has left), available for redelivery, acknowledged,
//! or archived. Pure, like the rest of `stage`.

use crate::console::Console;
use crate::engine::group::share_group::RecordState;

use super::{GroupNode, Link, MarkerKind, MemberNode, Rect, Stage, StripMarker, MEMBER_STYLES};

/// One in-flight record of a share-partition, drawn under its cell.
#[derive(Clone, Debug, PartialEq)]
pub struct ShareCell {
    pub offset: i64,
    pub state: RecordState,
    /// the owner's member style while acquired
    pub style: usize,
    pub delivery_count: u16,
    pub title: String,
}

/// The share groups and their members, from `y` down.
pub fn lay_out(console: &Console, x: i32, y: &mut i32, s: &mut Stage) {
    let sim = console.sim();
    let m = s.m;
    for g in sim.share_groups() {
        let gi = s.groups.len();
        s.groups.push(GroupNode {
            group_id: g.group_id.to_string(),
            state: g.state.name().to_string(),
            detail: format!("share · simple · epoch {}", g.group_epoch),
            coordinator: sim.coordinator_for(&g.group_id),
            rect: Rect { x, y: *y, w: m.group_w, h: m.group_head - 6 },
            rebalancing: false,
            topic: g.subscribed_topics().into_iter().next(),
        });
        *y += m.group_head;
        let mut ids: Vec<u32> = g.members.values().map(|m| m.consumer).collect();
        for c in sim.share_consumers().filter(|c| c.alive && c.group_id == g.group_id) {
            if !ids.contains(&c.id) {
                ids.push(c.id);
            }
        }
        crate::engine::sorting::sort(&mut ids);
        for (i, id) in ids.into_iter().enumerate() {
            let Some(c) = sim.share_consumer_state(id) else { continue };
            let held: usize =
                g.partitions.values().map(|sp| sp.records.iter().filter(|r| r.owner.as_ref() == Some(&c.member_id)).count()).sum();
            let mut owns = String::new();
            for (k, tp) in c.assignment.iter().enumerate() {
                if k == 0 || c.assignment[k - 1].topic != tp.topic {
                    owns.push_str(if k == 0 { "shares " } else { "; " });
                    owns.push_str(&tp.topic);
                    owns.push(' ');
                } else {
                    owns.push(',');
                }
                owns.push_str(&tp.partition.to_string());
            }
            if owns.is_empty() {
                owns.push_str("shares nothing");
            } else {
                owns.push_str(&format!(" · {held} locked"));
            }
            s.members.push(MemberNode {
                consumer: id,
                group: Some(gi),
                label: super::member_label(console, id, &c.client_id),
                owns,
                style: i % MEMBER_STYLES,
                gone: !c.alive,
                disconnected: false,
                rect: Rect { x: x + 10, y: *y, w: m.group_w - 10, h: m.member_h },
                says: None,
                says_routine: false,
            });
            *y += m.member_step;
        }
        *y += 8;
    }
}

/// Every share member linked to each partition it shares.
pub fn links(console: &Console, s: &mut Stage) {
    let sim = console.sim();
    for mi in 0..s.members.len() {
        let Some(c) = sim.share_consumer_state(s.members[mi].consumer) else { continue };
        for tp in &c.assignment {
            if let Some(row) = s.leader_row(&tp.topic, tp.partition) {
                s.links.push(Link { row, member: mi, style: s.members[mi].style, gone: s.members[mi].gone });
            }
        }
    }
}

/// The in-flight records of the share-partitions of `topic`-`partition` between `from` and
/// `end`, and each share group's SPSO as a marker.
pub fn cells(
    console: &Console,
    s: &Stage,
    topic: &str,
    partition: u32,
    from: i64,
    end: i64,
    markers: &mut Vec<StripMarker>,
) -> Vec<ShareCell> {
    let sim = console.sim();
    let now = sim.now();
    let mut out = Vec::new();
    for g in sim.share_groups() {
        let Some((_, sp)) = g.partitions.iter().find(|(tp, _)| &*tp.topic == topic && tp.partition == partition) else { continue };
        markers.push(StripMarker { kind: MarkerKind::ShareStart, offset: sp.start_offset, style: 0, whose: Some(g.group_id.to_string()) });
        if !out.is_empty() {
            continue; // one share group's records per strip
        }
        for (i, r) in sp.records.iter().enumerate() {
            let offset = sp.start_offset + i as i64;
            if offset < from || offset >= end || r.gap {
                continue;
            }
            let owner = r.owner.as_ref().and_then(|o| g.members.get(o));
            let node = owner.and_then(|o| s.members.iter().find(|m| m.consumer == o.consumer));
            let who = node.map_or_else(|| r.owner.as_deref().unwrap_or("-").to_string(), |n| n.label.clone());
            let title = match r.state {
                RecordState::Acquired => format!(
                    "Offset {offset}: ACQUIRED by {who} (delivery {} of {}), its lock runs out in {} s",
                    r.delivery_count,
                    g.config.delivery_count_limit,
                    crate::engine::decimal::rounded((r.lock_deadline - now).max(0) as f64 / 1000.0, 1)
                ),
                RecordState::Available => {
                    format!("Offset {offset}: AVAILABLE, delivered {} time(s): the next fetch redelivers it", r.delivery_count)
                }
                RecordState::Acknowledged => {
                    format!("Offset {offset}: ACKNOWLEDGED; the start offset passes it once every record before it is done")
                }
                RecordState::Archived => format!("Offset {offset}: ARCHIVED after {} deliveries: never delivered again", r.delivery_count),
            };
            out.push(ShareCell { offset, state: r.state, style: node.map_or(0, |n| n.style), delivery_count: r.delivery_count, title });
        }
    }
    out
}
