//! Consumer groups: state (as text and on the state machine), rebalance protocol and
//! assignor (with a control that changes it by a rolling restart), generation or
//! epochs, leader, members shaped like `kafka-consumer-groups.sh --describe --members
//! --verbose`, lag per partition shaped like `--describe`, and lag over time.

use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::engine::assignor::{ClientAssignor, ServerAssignor};
use crate::engine::group::GroupType;
use crate::engine::sorting;
use crate::ui::lag_chart::{lag_chart, Series};
use crate::ui::state::UiAction;

use crate::engine::group::GroupState;
use crate::engine::sim::GroupDescription;
use crate::engine::Sim;

/// The groups the panel draws, from the engine.
pub fn groups(sim: &Sim) -> Vec<GroupDescription> {
    let mut v: Vec<GroupDescription> = sim.list_groups().iter().filter_map(|(id, _, _)| sim.describe_group(id)).collect();
    sorting::sort_by(&mut v, |a, b| a.group_id.cmp(&b.group_id));
    v
}

/// What the group panel draws.
pub struct GroupPanelView<'a> {
    pub groups: &'a [GroupDescription],
    /// each group's lag series (virtual time, lag), in the order of `groups`
    pub lag: &'a [Series],
    pub now_ms: i64,
}

const CLASSIC_STATES: &[GroupState] =
    &[GroupState::Empty, GroupState::PreparingRebalance, GroupState::CompletingRebalance, GroupState::Stable];
/// KIP-848's `ConsumerGroup.ConsumerGroupState` (Dead aside).
const CONSUMER_STATES: &[GroupState] = &[GroupState::Empty, GroupState::Assigning, GroupState::Reconciling, GroupState::Stable];

/// One sentence per group state, for hover.
fn explain(s: GroupState) -> &'static str {
    match s {
        GroupState::Empty => "Empty: no members; committed offsets are kept (they expire after offsets.retention.minutes).",
        GroupState::PreparingRebalance => "PreparingRebalance: the coordinator waits for every member's JoinGroup (up to the rebalance timeout); heartbeats answer REBALANCE_IN_PROGRESS.",
        GroupState::CompletingRebalance => "CompletingRebalance: a new generation exists; the leader computes the assignment and everyone waits for SyncGroup.",
        GroupState::Stable => "Stable: every member has its assignment and heartbeats normally.",
        GroupState::Assigning => "Assigning (consumer protocol): the group epoch moved on; the coordinator's assignor computes a new target assignment.",
        GroupState::Reconciling => "Reconciling (consumer protocol): some member is still revoking or receiving partitions to reach the target assignment; the others keep consuming.",
        GroupState::Dead => "Dead: the group has no members and no offsets left; it is being removed.",
    }
}

/// Each share group (KIP-932) as `kafka-share-groups.sh --describe` shows it: its state
/// and epochs, its members (`--members --verbose`) and its start offsets and lag.
pub fn share_groups(sim: &Sim) -> Html {
    use crate::console::tools::share_groups::describe_text;
    html! { <> { for sim.share_groups().map(|g| html! {
        <div key={format!("share-{}", g.group_id)} class="ks-group" data-testid="share-group">
            <h2>{ format!("Share group {} ", g.group_id) }<span class={format!("ks-state ks-state-{}", g.state.name())} data-testid="group-state" title={explain(g.state)}>{ g.state.name() }</span></h2>
            <p class="ks-muted">{ format!("share group (KIP-932) · assignor simple · group epoch {} · assignment epoch {} · {} member(s): they share partitions; each record is locked, acknowledged or redelivered on its own", g.group_epoch, g.assignment_epoch, g.members.len()) }</p>
            <pre class="ks-share-describe" aria-label={format!("kafka-share-groups.sh --describe of {}", g.group_id)}>{ describe_text(sim, &g.group_id) }</pre>
        </div>
    }) } </> }
}

/// "eager" or "cooperative" for a classic group's assignor, from the protocols it supports.
fn rebalance_kind(g: &GroupDescription) -> &'static str {
    match g.group_type {
        GroupType::Consumer => "consumer protocol (KIP-848): incremental, no stop-the-world",
        GroupType::Classic => match g.protocol.as_deref().and_then(|p| ClientAssignor::from_name(p).ok()) {
            Some(ClientAssignor::CooperativeSticky) => {
                "classic protocol · cooperative rebalancing (two rounds, nothing revoked needlessly)"
            }
            Some(_) => "classic protocol · eager rebalancing (every member revokes everything)",
            None => "classic protocol",
        },
    }
}

fn partitions_text(tps: &[crate::engine::assignor::TopicPartition]) -> String {
    if tps.is_empty() {
        return "-".into();
    }
    tps.iter().map(|tp| format!("{}-{}", tp.topic, tp.partition)).collect::<Vec<_>>().join(", ")
}

/// A select of assignors and a button that restarts the group's consumers with the one
/// chosen (a view function: the button reads the select beside it).
fn assignor_control(group: &str, consumer_protocol: bool, current: Option<&str>, on_action: &Callback<UiAction>) -> Html {
    let names: Vec<&'static str> = if consumer_protocol {
        ServerAssignor::ALL.iter().map(|a| a.name()).collect()
    } else {
        ClientAssignor::ALL.iter().map(|a| a.name()).collect()
    };
    let onclick = {
        let (group, cb) = (group.to_string(), on_action.clone());
        Callback::from(move |e: MouseEvent| {
            let button = e.target_unchecked_into::<web_sys::Element>();
            if let Some(s) = button.previous_element_sibling().and_then(|s| wasm_bindgen::JsCast::dyn_into::<HtmlSelectElement>(s).ok()) {
                cb.emit(UiAction::ChangeAssignor { group: group.clone(), assignor: s.value() });
            }
        })
    };
    let property = if consumer_protocol { "group.remote.assignor" } else { "partition.assignment.strategy" };
    html! {
        <span class="ks-assignor">
            <select aria-label={format!("Assignor for group {group}")}>
                { for names.iter().map(|n| html! { <option key={*n} value={*n} selected={current == Some(*n)}>{ *n }</option> }) }
            </select>
            <button class="ks-btn ks-btn-small" {onclick} title={format!("Restart the group's console consumers one by one with {property} set to the chosen assignor; the commands appear in the terminal")}>{"Change assignor"}</button>
        </span>
    }
}

/// The panel of every consumer group; `on_action` gets [`UiAction::ChangeAssignor`].
/// A view function, as [`super::jobs::jobs`] is: the app renders it on every tick, and
/// the lag it shows changes as often.
pub fn group_panel(p: &GroupPanelView, on_action: &Callback<UiAction>) -> Html {
    if p.groups.is_empty() {
        return html! {
            <section class="ks-groups" aria-label="Consumer groups">
                <p class="ks-muted">{"No consumer groups yet. Start one: "}<code>{"kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic quickstart-events --group demo &"}</code></p>
            </section>
        };
    }
    html! {
        <section class="ks-groups" aria-label="Consumer groups">
            { for p.groups.iter().enumerate().map(|(i, g)| {
                let consumer_protocol = g.group_type == GroupType::Consumer;
                let states = if consumer_protocol { CONSUMER_STATES } else { CLASSIC_STATES };
                let epochs = if consumer_protocol {
                    format!("group epoch {} · assignment epoch {}", g.generation_id, g.assignment_epoch.unwrap_or(-1))
                } else {
                    format!("generation {} · leader {}", g.generation_id, g.leader.as_deref().unwrap_or("-"))
                };
                html! {
                <div key={g.group_id.to_string()} class="ks-group" data-testid="group">
                    <h2>
                        { format!("Group {} ", g.group_id) }
                        <span class={classes!("ks-state", format!("ks-state-{}", g.state.name()))} data-testid="group-state"
                            title={explain(g.state)}>{ g.state.name() }</span>
                    </h2>
                    <ol class="ks-state-machine" aria-label="Group state machine">
                        { for states.iter().map(|s| html! {
                            <li key={s.name()} class={classes!((*s == g.state).then_some("ks-lit"))} aria-current={(*s == g.state).then_some("step")} title={explain(*s)}>{ s.name() }</li>
                        }) }
                    </ol>
                    <p class="ks-muted" data-testid="group-protocol">
                        { format!("{} · assignor {} · {} · {} member(s) ", rebalance_kind(g), g.protocol.as_deref().unwrap_or("-"), epochs, g.members.len()) }
                        { assignor_control(&g.group_id, consumer_protocol, g.protocol.as_deref(), on_action) }
                    </p>
                    if !g.members.is_empty() {
                        <div class="ks-scroll-x">
                            <table class="ks-table" aria-label={format!("Members of group {}", g.group_id)}>
                                <thead><tr>
                                    <th>{"CONSUMER-ID"}</th><th>{"GROUP-INSTANCE-ID"}</th><th>{"HOST"}</th><th>{"CLIENT-ID"}</th>
                                    <th>{ if consumer_protocol { "EPOCH" } else { "#PARTITIONS" } }</th><th>{"ASSIGNMENT"}</th>
                                    if consumer_protocol { <th title="Where the coordinator's assignor wants this member to end up">{"TARGET-ASSIGNMENT"}</th> }
                                </tr></thead>
                                <tbody>
                                    { for g.members.iter().map(|m| html! {
                                        <tr key={m.member_id.clone()}>
                                            <td class="ks-ellipsis" title={m.member_id.clone()}>{ m.member_id.clone() }</td>
                                            <td title="Static membership (group.instance.id): a restart within session.timeout.ms causes no rebalance">{ m.instance_id.clone().unwrap_or_else(|| "-".into()) }</td>
                                            <td>{ m.host.clone() }</td>
                                            <td>{ m.client_id.clone() }</td>
                                            <td>{ m.member_epoch.map_or_else(|| m.assignment.len().to_string(), |e| e.to_string()) }</td>
                                            <td>{ partitions_text(&m.assignment) }</td>
                                            if consumer_protocol { <td>{ partitions_text(m.target_assignment.as_deref().unwrap_or(&[])) }</td> }
                                        </tr>
                                    }) }
                                </tbody>
                            </table>
                        </div>
                    }
                    <div class="ks-scroll-x">
                        <table class="ks-table" aria-label={format!("Lag of group {}", g.group_id)}>
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
                    { lag_chart(&g.group_id, &p.lag.get(i).cloned().unwrap_or_default(), p.now_ms) }
                </div>
            }}) }
        </section>
    }
}
