//! Browser tests (wasm-bindgen-test in headless Chromium): the engine behaves in wasm
//! as it does natively, and the app renders the simulation into the DOM.
#![cfg(target_arch = "wasm32")]

use kafkascope::engine::{ClusterConfig, Command, NewRecord, Sim};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

mod common;

#[wasm_bindgen_test]
fn cross_target_scenario_matches_the_native_trace_hash() {
    let sim = common::cross_target_scenario(2024);
    assert_eq!(sim.trace_hash(), common::CROSS_TARGET_TRACE_HASH, "wasm32 ran a different history than native");
}

fn scripted_run(seed: u64) -> Sim {
    let mut sim = Sim::new(ClusterConfig::default(), seed);
    sim.apply(Command::CreateTopic { name: "t".into(), partitions: Some(3), replication_factor: Some(3), configs: vec![] }).unwrap();
    sim.apply(Command::CreateProducer { configs: vec![] }).unwrap();
    for i in 0..30 {
        sim.apply(Command::Send { producer: 1, topic: "t".into(), partition: None, record: NewRecord::keyed(format!("k{}", i % 5), "v") })
            .unwrap();
    }
    sim.advance(1_000);
    sim
}

#[wasm_bindgen_test]
fn murmur2_is_bit_exact_in_wasm() {
    assert_eq!(kafkascope::engine::partitioner::murmur2(b"21"), -973932308);
    assert_eq!(kafkascope::engine::partitioner::murmur2(b"foobar"), -790332482);
}

#[wasm_bindgen_test]
fn same_seed_same_trace_in_wasm() {
    let a = scripted_run(7);
    let b = scripted_run(7);
    assert_eq!(a.trace_hash(), b.trace_hash());
    assert_eq!(a.state_hash(), b.state_hash());
    let hw: i64 = a.topic("t").unwrap().partitions.iter().map(|p| p.high_watermark()).sum();
    assert_eq!(hw, 30, "every record replicated and committed");
}

#[wasm_bindgen_test]
async fn app_renders_the_quickstart_topic() {
    let document = gloo::utils::document();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    yew::Renderer::<kafkascope::ui::App>::with_root(root.clone()).render();
    // let the scheduler render
    gloo::timers::future::TimeoutFuture::new(50).await;
    let ready = root.query_selector("[data-testid=app-ready]").unwrap();
    assert!(ready.is_some(), "app rendered");
    let rows = root.query_selector_all("[data-testid=partition]").unwrap();
    assert_eq!(rows.length(), 3, "three partitions of quickstart-events");
    let label = root.query_selector("[aria-label='Partition 0 of quickstart-events']").unwrap();
    assert!(label.is_some());
    let text = root.text_content().unwrap();
    assert!(text.contains("Broker 1") && text.contains("Broker 3"), "{text}");
    for name in ["Play", "Step", "Reset"] {
        assert!(root.query_selector(&format!("button[aria-label='{name}']")).unwrap().is_some(), "{name} button");
    }
}
