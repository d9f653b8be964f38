//! Consumer groups: state (as text and on the state machine), generation, protocol,
//! members and their partitions, and lag per partition shaped like
//! `kafka-consumer-groups.sh --describe`.

use crate::engine::sorting;
use yew::prelude::*;

use crate::engine::group::GroupState;
use crate::engine::sim::GroupDescription;
use crate::engine::Sim;

/// The groups the panel draws, from the engine.
pub fn groups(sim: &Sim) -> Vec<GroupDescription> {
    let mut v: Vec<GroupDescription> = sim.list_groups().iter().filter_map(|(id, _, _)| sim.describe_group(id)).collect();
    sorting::sort_by(&mut v, |a, b| a.group_id.cmp(&b.group_id));
    v
}

#[derive(Properties, PartialEq)]
pub struct GroupPanelProps {
    pub groups: Vec<GroupDescription>,
}

const CLASSIC_STATES: &[GroupState] =
    &[GroupState::Empty, GroupState::PreparingRebalance, GroupState::CompletingRebalance, GroupState::Stable];

/// One sentence per classic group state, for hover.
fn explain(s: GroupState) -> &'static str {
    match s {
        GroupState::Empty => "Empty: no members; committed offsets are kept (they expire after offsets.retention.minutes).",
        GroupState::PreparingRebalance => "PreparingRebalance: the coordinator waits for every member's JoinGroup (up to the rebalance timeout); heartbeats answer REBALANCE_IN_PROGRESS.",
        GroupState::CompletingRebalance => "CompletingRebalance: a new generation exists; the leader computes the assignment and everyone waits for SyncGroup.",
        GroupState::Stable => "Stable: every member has its assignment and heartbeats normally.",
        _ => "Dead, or a consumer-protocol state (Assigning, Reconciling).",
    }
}

#[function_component(GroupPanel)]
pub fn group_panel(p: &GroupPanelProps) -> Html {
    if p.groups.is_empty() {
        return html! {
            <section class="ks-groups" aria-label="Consumer groups">
                <p class="ks-muted">{"No consumer groups yet. Start one: "}<code>{"kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic quickstart-events --group demo &"}</code></p>
            </section>
        };
    }
    html! {
        <section class="ks-groups" aria-label="Consumer groups">
            { for p.groups.iter().map(|g| html! {
                <div key={g.group_id.to_string()} class="ks-group" data-testid="group">
                    <h2>
                        { format!("Group {} ", g.group_id) }
                        <span class={classes!("ks-state", format!("ks-state-{}", g.state.name()))} data-testid="group-state"
                            title="The coordinator's state machine for this group">{ g.state.name() }</span>
                    </h2>
                    <ol class="ks-state-machine" aria-label="Group state machine">
                        { for CLASSIC_STATES.iter().map(|s| html! {
                            <li key={s.name()} class={classes!((*s == g.state).then_some("ks-lit"))} aria-current={(*s == g.state).then_some("step")} title={explain(*s)}>{ s.name() }</li>
                        }) }
                    </ol>
                    <p class="ks-muted">{ format!("generation {} · protocol {} · {} member(s)", g.generation_id, g.protocol.as_deref().unwrap_or("-"), g.members.len()) }</p>
                    <table class="ks-table">
                        <thead><tr>
                            <th>{"TOPIC"}</th><th>{"PARTITION"}</th>
                            <th title="The group's committed offset: the next record it will read">{"CURRENT-OFFSET"}</th>
                            <th title="What the tool calls LOG-END-OFFSET is the high watermark">{"LOG-END-OFFSET"}</th>
                            <th title="LOG-END-OFFSET − CURRENT-OFFSET">{"LAG"}</th>
                            <th>{"CONSUMER-ID"}</th>
                        </tr></thead>
                        <tbody>
                            { for g.offsets.iter().map(|r| html! {
                                <tr key={format!("{}-{}", r.topic, r.partition)}>
                                    <td>{ r.topic.to_string() }</td>
                                    <td>{ r.partition }</td>
                                    <td>{ r.committed.map_or("-".to_string(), |c| c.to_string()) }</td>
                                    <td>{ r.log_end_offset }</td>
                                    <td data-testid="lag">{ r.lag.map_or("-".to_string(), |l| l.to_string()) }</td>
                                    <td class="ks-ellipsis">{ r.member_id.clone().unwrap_or_else(|| "-".into()) }</td>
                                </tr>
                            }) }
                        </tbody>
                    </table>
                </div>
            }) }
        </section>
    }
}
