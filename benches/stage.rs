//! Stage benchmark (`cargo bench --bench stage`): what one animation tick of the page
//! costs outside the browser, under the e2e perf suite's load (issue 15: 24 partitions
//! with 3 replicas, 8 consumers in one Stable group, 3 producers at 67 + 67 + 66 records
//! per second, playing at 1×, so a tick is 50 ms of virtual time).
//!
//! A tick of the page (`ui::state`, `UiAction::Tick`, then `ui::App`'s render) is:
//! 1. `Session::advance(50)`: the engine's 50 ms, recorded for time travel;
//! 2. the groups as `kafka-consumer-groups.sh --describe` sees them (`group_panel::groups`:
//!    every listed group described, sorted by id), which the group panel and the stage share;
//! 3. `stage::stage`: the stage's model, laid out for a 1,100-unit-wide pane.
//!
//! The browser then diffs and draws it (yew, style, layout, paint): that part is measured
//! by `e2e/tests/perf.mjs`. Each figure here is the median and the 95th percentile over
//! 400 ticks, natively in release (a wasm build in Chromium is about 1.5–2× slower).
#![allow(clippy::disallowed_methods)] // native only: the one-sort rule (clippy.toml) is for the wasm build

use std::time::Instant;

use kafkascope::console::session::Session;
use kafkascope::console::Console;
use kafkascope::engine::sim::GroupDescription;
use kafkascope::engine::{ClusterConfig, Sim};
use kafkascope::stage::{stage, Metrics};

const TICKS: usize = 400;
const B: &str = "--bootstrap-server localhost:9092";

fn groups(sim: &Sim) -> Vec<GroupDescription> {
    let mut v: Vec<GroupDescription> = sim.list_groups().iter().filter_map(|(id, _, _)| sim.describe_group(id)).collect();
    v.sort_by(|a, b| a.group_id.cmp(&b.group_id));
    v
}

fn loaded_session() -> Session {
    let mut s = Session::new(Console::interactive(Sim::new(ClusterConfig::default(), 7)));
    s.run_line(&format!("kafka-topics.sh {B} --create --topic load --partitions 24 --replication-factor 3"));
    for _ in 0..8 {
        s.run_line(&format!("kafka-console-consumer.sh {B} --topic load --group perf > /dev/null &"));
    }
    s.run_line("sleep 10");
    for tp in [67, 67, 66] {
        s.run_line(&format!(
            "kafka-producer-perf-test.sh --topic load --num-records 1000000 --record-size 100 --throughput {tp} \
             --producer-props bootstrap.servers=localhost:9092 > /dev/null &"
        ));
    }
    // warm-up: the producers' first batches, the consumers' first fetches
    for _ in 0..20 {
        s.advance(50);
    }
    s
}

fn micros(mut v: Vec<f64>) -> (f64, f64) {
    v.sort_by(f64::total_cmp);
    (v[v.len() / 2], v[v.len() * 95 / 100])
}

fn main() {
    let mut session = loaded_session();
    let described = groups(session.console().sim());
    let perf = described.iter().find(|g| &*g.group_id == "perf").expect("group perf");
    assert_eq!(perf.members.len(), 8, "the group should have its 8 members");
    let hw0: i64 = session.console().sim().topic("load").expect("topic load").partitions.iter().map(|p| p.high_watermark()).sum();

    let (mut advance, mut describe, mut lay_out) = (Vec::new(), Vec::new(), Vec::new());
    let mut cells = 0usize;
    for _ in 0..TICKS {
        let t = Instant::now();
        session.advance(50);
        advance.push(t.elapsed().as_secs_f64() * 1e6);
        let t = Instant::now();
        let g = groups(session.console().sim());
        describe.push(t.elapsed().as_secs_f64() * 1e6);
        let t = Instant::now();
        let s = stage(session.console(), &g, 1100, Metrics::for_text(12));
        lay_out.push(t.elapsed().as_secs_f64() * 1e6);
        cells = s.rows.len();
    }
    let hw1: i64 = session.console().sim().topic("load").expect("topic load").partitions.iter().map(|p| p.high_watermark()).sum();
    assert!(hw1 - hw0 > 3500, "the producers should have appended about 4,000 records in 20 s, not {}", hw1 - hw0);

    println!("stage_tick: {TICKS} ticks of 50 ms, {} records appended, {cells} replica rows", hw1 - hw0);
    for (name, v) in [("Session::advance(50)", advance), ("groups described", describe), ("stage::stage", lay_out)] {
        let (p50, p95) = micros(v);
        println!("  {name:<22} median {p50:8.1} µs  p95 {p95:8.1} µs");
    }
}
