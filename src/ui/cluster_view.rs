//! Brokers and the topics' partitions with their log offsets.

use yew::prelude::*;

use super::on_click;
use super::state::UiAction;

use crate::engine::{Sim, Topic};

/// What the view shows of one partition, taken from the engine.
#[derive(Clone, PartialEq)]
pub struct PartitionRow {
    pub index: u32,
    pub leader: Option<i32>,
    pub replicas: Vec<i32>,
    pub isr: Vec<i32>,
    /// Eligible Leader Replicas (KIP-966), as `kafka-topics.sh --describe` prints `Elr:`
    pub elr: Vec<i32>,
    pub log_start_offset: i64,
    pub high_watermark: i64,
    pub log_end_offset: i64,
}

#[derive(Clone, PartialEq)]
pub struct TopicRow {
    pub name: String,
    pub partitions: Vec<PartitionRow>,
}

#[derive(Clone, PartialEq)]
pub struct BrokerRow {
    pub id: i32,
    pub alive: bool,
    pub address: String,
}

/// Reads the rows the view draws from the simulation.
pub fn rows(sim: &Sim) -> (Vec<BrokerRow>, Vec<TopicRow>) {
    let brokers = sim.brokers().iter().map(|b| BrokerRow { id: b.id, alive: b.alive, address: b.address() }).collect();
    // internal topics (__consumer_offsets) stay out of the way; kafka-topics.sh --list shows them
    let topics = sim.topics().filter(|t| !crate::engine::topic_name::is_internal(&t.name)).map(topic_row).collect();
    (brokers, topics)
}

fn topic_row(t: &Topic) -> TopicRow {
    TopicRow {
        name: t.name.to_string(),
        partitions: t
            .partitions
            .iter()
            .map(|p| PartitionRow {
                index: p.index,
                leader: p.leader,
                replicas: p.replica_ids(),
                isr: p.isr.clone(),
                elr: p.elr.clone(),
                log_start_offset: p.log_start_offset(),
                high_watermark: p.high_watermark(),
                log_end_offset: p.log_end_offset(),
            })
            .collect(),
    }
}

/// The console command behind each button (direct manipulation teaches the CLI).
pub mod commands {
    pub fn stop_broker(id: i32) -> String {
        format!("kafkascope broker stop {id}")
    }
    pub fn start_broker(id: i32) -> String {
        format!("kafkascope broker start {id}")
    }
    pub fn add_partition(topic: &str, now: usize) -> String {
        format!("kafka-topics.sh --bootstrap-server localhost:9092 --alter --topic {topic} --partitions {}", now + 1)
    }
    pub fn add_producer(topic: &str) -> String {
        format!(
            "kafka-producer-perf-test.sh --topic {topic} --num-records 100000 --record-size 100 --throughput 5 --producer-props bootstrap.servers=localhost:9092 > /dev/null &"
        )
    }
    /// A new topic named `topic-N` (the first N not taken), replicated as far as the
    /// brokers allow, up to Kafka's default of 3.
    pub fn create_topic(taken: &[&str], brokers: usize) -> String {
        let name = (1..).map(|n| format!("topic-{n}")).find(|n| !taken.contains(&n.as_str())).unwrap_or_default();
        format!(
            "kafka-topics.sh --bootstrap-server localhost:9092 --create --topic {name} --partitions 3 --replication-factor {}",
            brokers.clamp(1, 3)
        )
    }
    /// What the controller does every leader.imbalance.check.interval.seconds, at once.
    pub fn elect_preferred_leaders() -> String {
        "kafka-leader-election.sh --bootstrap-server localhost:9092 --election-type preferred --all-topic-partitions".to_string()
    }
    /// One more member for `group`, reading `topic` (the stage's "+" on a group).
    pub fn add_group_member(group: &str, topic: &str) -> String {
        format!("kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic {topic} --group {group} > /dev/null &")
    }
    pub fn add_consumer(topic: &str) -> String {
        format!("kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic {topic} --group {topic}-readers > /dev/null &")
    }
}

fn join(ids: &[i32]) -> String {
    ids.iter().map(i32::to_string).collect::<Vec<_>>().join(",")
}

/// A small button that runs `command` in the console.
fn button(on_action: &Callback<UiAction>, text: &str, label: &str, command: String) -> Html {
    let title = format!("Runs: {command}");
    html! { <button class="ks-btn ks-btn-small" aria-label={label.to_string()} {title} onclick={on_click(on_action, UiAction::RunLine(command))}>{ text }</button> }
}

/// A note in the Leader cell when another replica than the first (the preferred
/// leader) leads.
fn leader_elsewhere(r: &PartitionRow) -> Html {
    match (r.leader, r.replicas.first()) {
        (Some(l), Some(&preferred)) if l != preferred => html! {
            <span class="ks-muted" title={format!("Broker {preferred}, the first replica, is the preferred leader: the controller gives leadership back to it (leader.imbalance.check.interval.seconds) once it is in the ISR, or at once with kafka-leader-election.sh (⚖ Leaders)")}>
                { format!(" (preferred {preferred})") }
            </span>
        },
        _ => Html::default(),
    }
}

/// The brokers and each topic's partitions table. Every button runs a console command
/// (sent to `on_action` as [`UiAction::RunLine`]) that the user can read and retype.
/// A view function, as [`super::jobs::jobs`] is: while records flow, the offsets it
/// shows change on every tick.
pub fn cluster_view(brokers: &[BrokerRow], topics: &[TopicRow], on_action: &Callback<UiAction>) -> Html {
    html! {
        <section class="ks-cluster" aria-label="Cluster">
            <ul class="ks-brokers">
                { for brokers.iter().map(|b| html! {
                    <li key={b.id} class={classes!("ks-broker", (!b.alive).then_some("ks-down"))}>
                        <strong>{ format!("Broker {}", b.id) }</strong>
                        <span class="ks-muted">{ &b.address }</span>
                        <span>{ if b.alive { "running" } else { "stopped" } }</span>
                        { button(on_action, if b.alive { "Stop" } else { "Start" },
                            &format!("{} broker {}", if b.alive { "Stop" } else { "Start" }, b.id),
                            if b.alive { commands::stop_broker(b.id) } else { commands::start_broker(b.id) }) }
                    </li>
                }) }
                <li class="ks-broker ks-add-topic">
                    { button(on_action, "+ Topic", "Create a topic",
                        commands::create_topic(&topics.iter().map(|t| t.name.as_str()).collect::<Vec<_>>(), brokers.len())) }
                    { button(on_action, "⚖ Leaders", "Elect preferred leaders", commands::elect_preferred_leaders()) }
                </li>
            </ul>
            { for topics.iter().map(|t| html! {
                <div key={t.name.clone()} class="ks-topic">
                    <h2>{ format!("Topic {} ", t.name) }
                        { button(on_action, "+ Partition", &format!("Add a partition to {}", t.name), commands::add_partition(&t.name, t.partitions.len())) }
                        { button(on_action, "+ Producer", &format!("Add a producer to {}", t.name), commands::add_producer(&t.name)) }
                        { button(on_action, "+ Consumer", &format!("Add a consumer of {}", t.name), commands::add_consumer(&t.name)) }
                    </h2>
                    <div class="ks-scroll-x">
                        <table class="ks-table">
                            <thead><tr>
                                <th>{"Partition"}</th><th>{"Leader"}</th><th>{"Replicas"}</th><th>{"Isr"}</th>
                                <th title="Eligible Leader Replicas (KIP-966): out of the ISR, yet holding every committed record; the controller may elect them cleanly">{"Elr"}</th>
                                <th title="Log start offset: the first offset still in the log">{"Log start"}</th>
                                <th title="High watermark: consumers read up to here">{"High watermark"}</th>
                                <th title="Log end offset: the offset the next record gets">{"Log end"}</th>
                            </tr></thead>
                            <tbody>
                            { for t.partitions.iter().map(|r| html! {
                                <tr key={r.index} aria-label={format!("Partition {} of {}", r.index, t.name)} data-testid="partition">
                                    <td>{ r.index }</td>
                                    <td>{ r.leader.map_or("none".to_string(), |l| l.to_string()) }
                                        { leader_elsewhere(r) }</td>
                                    <td>{ join(&r.replicas) }</td>
                                    <td>{ join(&r.isr) }</td>
                                    <td>{ join(&r.elr) }</td>
                                    <td>{ r.log_start_offset }</td>
                                    <td data-testid="high-watermark">{ r.high_watermark }</td>
                                    <td data-testid="log-end-offset">{ r.log_end_offset }</td>
                                </tr>
                            }) }
                            </tbody>
                        </table>
                    </div>
                </div>
            }) }
        </section>
    }
}
