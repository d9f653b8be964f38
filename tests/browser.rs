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

async fn render_app() -> web_sys::Element {
    let document = gloo::utils::document();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    yew::Renderer::<kafkascope::ui::App>::with_root(root.clone()).render();
    gloo::timers::future::TimeoutFuture::new(50).await;
    root
}

async fn type_line(root: &web_sys::Element, line: &str) {
    use wasm_bindgen::JsCast;
    let input: web_sys::HtmlInputElement =
        root.query_selector("input[aria-label='Console']").unwrap().expect("the Console textbox").dyn_into().unwrap();
    input.set_value(line);
    let init = web_sys::KeyboardEventInit::new();
    init.set_key("Enter");
    init.set_bubbles(true);
    let ev = web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    input.dispatch_event(&ev).unwrap();
    gloo::timers::future::TimeoutFuture::new(30).await;
}

fn log_lines(root: &web_sys::Element, class: &str) -> Vec<String> {
    let nodes = root.query_selector_all(&format!(".ks-term-log .{class}")).unwrap();
    (0..nodes.length()).filter_map(|i| nodes.item(i)).filter_map(|n| n.text_content()).collect()
}

#[wasm_bindgen_test]
async fn the_terminal_runs_kafka_tools_and_keeps_stderr_apart() {
    let root = render_app().await;
    type_line(&root, "kafka-topics.sh --bootstrap-server localhost:9092 --list").await;
    let out = log_lines(&root, "ks-term-out");
    assert!(out.iter().any(|l| l == "quickstart-events"), "{out:?}");
    type_line(&root, "kafka-topics.sh --bootstrap-server localhost:9092 --create --topic quickstart-events").await;
    let err = log_lines(&root, "ks-term-err");
    assert!(err.iter().any(|l| l.contains("TopicExistsException")), "{err:?}");
    let out = log_lines(&root, "ks-term-out");
    assert!(out.iter().any(|l| l == "Error while executing topic command : Topic 'quickstart-events' already exists."), "{out:?}");
    type_line(&root, "nonsense").await;
    assert!(log_lines(&root, "ks-term-err").iter().any(|l| l == "bash: nonsense: command not found"));
    // the command became a new partition row in the cluster view
    type_line(&root, "kafka-topics.sh --bootstrap-server localhost:9092 --alter --topic quickstart-events --partitions 4").await;
    assert_eq!(root.query_selector_all("[data-testid=partition]").unwrap().length(), 4);
}
