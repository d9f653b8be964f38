//! Group benchmark (`cargo bench --bench groups`): issue 4's "a complete eager rebalance
//! of 100 members, every protocol message simulated: under 10 ms wall time natively".
//!
//! Setup (not timed): a 100-partition topic and 100 consumers with the range assignor
//! (eager) in one Stable group. Timed: one more consumer is created and subscribes, and
//! the simulation is stepped, one scheduled action at a time, until the group is Stable
//! again with every member (the newcomer included) in the new generation, holding its
//! assignment. Every JoinGroup (with MEMBER_ID_REQUIRED for the newcomer), SyncGroup,
//! Heartbeat (REBALANCE_IN_PROGRESS), revocation, commit and assignment goes through the
//! engine's event queue with the network delay. Each run starts from a clone of the
//! same Stable simulation; the figure is the best and the median of several runs.
#![allow(clippy::disallowed_methods)] // native only: the one-sort rule (clippy.toml) is for the wasm build

use std::time::Instant;

use kafkascope::engine::group::GroupState;
use kafkascope::engine::{ClusterConfig, Command, Reply, Sim};

const MEMBERS: usize = 100;
const PARTITIONS: i32 = 100;
const RUNS: usize = 15;
const GROUP: &str = "g";

fn add_consumer(sim: &mut Sim) -> u32 {
    let configs = [("group.id", GROUP), ("partition.assignment.strategy", "range"), ("auto.offset.reset", "earliest")]
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    let Ok(Reply::ConsumerCreated(id)) = sim.apply(Command::CreateConsumer { configs }) else { panic!("consumer created") };
    sim.apply(Command::Subscribe { consumer: id, topics: vec!["T".into()] }).expect("subscribed");
    id
}

/// Stable, every consumer a member of the current generation with its assignment in hand.
fn settled(sim: &Sim, consumers: &[u32]) -> bool {
    let Some(g) = sim.group(GROUP) else { return false };
    if g.state != GroupState::Stable || g.members.len() != consumers.len() {
        return false;
    }
    let assigned: usize = consumers
        .iter()
        .map(|c| sim.consumer_state(*c).expect("consumer"))
        .map(|c| {
            let m = g.members.iter().find(|m| m.member_id == c.member.member_id);
            if c.member.generation != g.generation_id || m.is_none_or(|m| m.assignment != c.member.owned) {
                usize::MAX / 2 // not yet
            } else {
                c.member.owned.len()
            }
        })
        .sum();
    assigned == PARTITIONS as usize
}

fn stable_group() -> (Sim, Vec<u32>) {
    let mut sim = Sim::new(ClusterConfig::default(), 42);
    sim.apply(Command::CreateTopic { name: "T".into(), partitions: Some(PARTITIONS), replication_factor: Some(1), configs: vec![] })
        .expect("topic");
    let consumers: Vec<u32> = (0..MEMBERS).map(|_| add_consumer(&mut sim)).collect();
    sim.advance(10_000);
    assert!(settled(&sim, &consumers), "the {MEMBERS} members form a Stable group");
    assert_eq!(sim.group(GROUP).expect("group").protocol_name.as_deref(), Some("range"));
    (sim, consumers)
}

struct Run {
    wall_ms: f64,
    virtual_ms: i64,
    steps: usize,
    events: usize,
}

fn rebalance(base: &Sim, consumers: &[u32]) -> Run {
    let mut sim = base.clone();
    let generation = sim.group(GROUP).expect("group").generation_id;
    let (t0, trace0) = (sim.now(), sim.trace().len());
    let mut consumers = consumers.to_vec();
    let start = Instant::now();
    consumers.push(add_consumer(&mut sim));
    let mut steps = 0;
    while !settled(&sim, &consumers) {
        assert!(sim.step(), "the simulation ran dry before the group settled");
        steps += 1;
    }
    let wall_ms = start.elapsed().as_secs_f64() * 1000.0;
    assert_eq!(sim.group(GROUP).expect("group").generation_id, generation + 1, "one rebalance, one new generation");
    Run { wall_ms, virtual_ms: sim.now() - t0, steps, events: sim.trace().len() - trace0 }
}

fn main() {
    let (base, consumers) = stable_group();
    println!("groups: eager (range) rebalance when member {} joins a Stable group of {MEMBERS} on {PARTITIONS} partitions", MEMBERS + 1);
    let mut runs: Vec<Run> = (0..RUNS).map(|_| rebalance(&base, &consumers)).collect();
    runs.sort_by(|a, b| a.wall_ms.total_cmp(&b.wall_ms));
    let (best, median) = (&runs[0], &runs[RUNS / 2]);
    let flag = if median.wall_ms < 10.0 { "" } else { "  (over the 10 ms target)" };
    println!(
        "  join to Stable   best {:>7.2} ms   median {:>7.2} ms{flag}\n  {} scheduled actions, {} trace events, {:.3} s of virtual time",
        best.wall_ms,
        median.wall_ms,
        median.steps,
        median.events,
        median.virtual_ms as f64 / 1000.0
    );
}
