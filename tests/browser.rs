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
    let root = render_app().await;
    // the stage shows each partition's leader; the Topics tab has the partitions table
    for p in 0..3 {
        assert!(root.query_selector(&format!("[data-testid=stage] [aria-label='Partition {p} of quickstart-events']")).unwrap().is_some());
    }
    show_tab(&root, "Topics").await;
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

/// The app as `?scene=kafka-quickstart&paused=1` opens it: Kafka's quickstart topic and
/// its four events, paused (the page with no link plays the default scene instead).
async fn render_app() -> web_sys::Element {
    // an earlier test's app autosaved its session: start from the quickstart, not from that
    kafkascope::ui::storage::clear();
    let history = gloo::utils::window().history().unwrap();
    history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some("?scene=kafka-quickstart&paused=1")).unwrap();
    mount::<kafkascope::ui::App>(()).await
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
    // the command became a new partition row in the cluster view (the Topics tab)
    show_tab(&root, "Topics").await;
    type_line(&root, "kafka-topics.sh --bootstrap-server localhost:9092 --alter --topic quickstart-events --partitions 4").await;
    assert_eq!(root.query_selector_all("[data-testid=partition]").unwrap().length(), 4);
}

// ---- partition log strips and the rebalance timeline (src/ui/log_strip.rs, src/ui/timeline.rs)

async fn mount<C: yew::BaseComponent>(props: C::Properties) -> web_sys::Element {
    let document = gloo::utils::document();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    yew::Renderer::<C>::with_root_and_props(root.clone(), props).render();
    gloo::timers::future::TimeoutFuture::new(50).await;
    root
}

#[derive(yew::Properties, PartialEq)]
struct ShowProps {
    html: yew::Html,
}

/// Renders what a view function gave.
#[yew::function_component(Show)]
fn show(p: &ShowProps) -> yew::Html {
    p.html.clone()
}

/// Mounts the output of a view function (a function returning `Html`, not a component).
async fn mount_view(html: yew::Html) -> web_sys::Element {
    mount::<Show>(ShowProps { html }).await
}

fn all(root: &web_sys::Element, selector: &str) -> Vec<web_sys::Element> {
    use wasm_bindgen::JsCast;
    let nodes = root.query_selector_all(selector).unwrap();
    (0..nodes.length()).filter_map(|i| nodes.item(i)).filter_map(|n| n.dyn_into().ok()).collect()
}

fn attr(el: &web_sys::Element, name: &str) -> String {
    el.get_attribute(name).unwrap_or_default()
}

/// The strip labelled "Partition N of TOPIC".
fn strip(root: &web_sys::Element, topic: &str, partition: u32) -> web_sys::Element {
    root.query_selector(&format!(".ks-strip[aria-label='Partition {partition} of {topic}']"))
        .unwrap()
        .unwrap_or_else(|| panic!("no strip for partition {partition} of {topic}"))
}

fn marker_offsets(strip: &web_sys::Element, kind: &str) -> Vec<i64> {
    all(strip, &format!(".ks-strip-body [data-marker={kind}]")).iter().map(|m| attr(m, "data-offset").parse().unwrap()).collect()
}

/// Shows the inspector's tab `name` (Group, Logs, Timeline, Topics, Glossary).
async fn show_tab(root: &web_sys::Element, name: &str) {
    use wasm_bindgen::JsCast;
    let tab = all(root, ".ks-tabs [role=tab]").into_iter().find(|t| t.text_content().as_deref() == Some(name)).expect("the tab");
    tab.dyn_into::<web_sys::HtmlElement>().unwrap().click();
    gloo::timers::future::TimeoutFuture::new(20).await;
}

/// Waits (up to 5 s of wall time, polling) until `cond` holds: yew renders on its own
/// schedule, and a loaded CI machine can take longer than a fixed pause.
async fn until(what: &str, cond: impl Fn() -> bool) {
    for _ in 0..250 {
        if cond() {
            return;
        }
        gloo::timers::future::TimeoutFuture::new(20).await;
    }
    panic!("still not true after 5 s: {what}");
}

async fn click(root: &web_sys::Element, selector: &str) {
    use wasm_bindgen::JsCast;
    let b: web_sys::HtmlElement = root.query_selector(selector).unwrap().unwrap_or_else(|| panic!("no {selector}")).dyn_into().unwrap();
    b.click();
    gloo::timers::future::TimeoutFuture::new(20).await;
}

#[wasm_bindgen_test]
async fn app_draws_a_log_strip_per_partition_with_its_offsets() {
    let root = render_app().await;
    show_tab(&root, "Logs").await;
    let expected = kafkascope::ui::state::AppState::with_scene("kafka-quickstart", None).unwrap();
    let session = expected.session.borrow();
    let topic = session.console().sim().topic("quickstart-events").unwrap();
    assert_eq!(all(&root, "[data-testid=log-strip]").len(), 3);
    let mut cells = 0;
    for p in &topic.partitions {
        let s = strip(&root, "quickstart-events", p.index);
        assert_eq!(marker_offsets(&s, "high-watermark"), vec![p.high_watermark()], "HW of partition {}", p.index);
        assert_eq!(marker_offsets(&s, "log-end"), vec![p.log_end_offset()]);
        assert_eq!(marker_offsets(&s, "log-start"), vec![p.log_start_offset()]);
        let offsets: Vec<i64> = all(&s, ".ks-cell").iter().map(|c| attr(c, "data-offset").parse().unwrap()).collect();
        assert_eq!(offsets, (p.log_start_offset()..p.log_end_offset()).collect::<Vec<_>>(), "one cell per record");
        cells += offsets.len();
        // the hover names what the real tools call it
        let hw = s.query_selector("[data-marker=high-watermark]").unwrap().unwrap();
        assert!(attr(&hw, "title").contains("High Water Mark in Redpanda Console"), "{}", attr(&hw, "title"));
        assert!(attr(&hw, "title").contains("LOG-END-OFFSET"));
        let leo = s.query_selector("[data-marker=log-end]").unwrap().unwrap();
        assert!(attr(&leo, "title").contains("Last Offset in Kafdrop") && attr(&leo, "title").contains("End offset in Kafbat UI"));
        let lso = s.query_selector("[data-marker=log-start]").unwrap().unwrap();
        assert!(attr(&lso, "title").contains("First Offset in Kafdrop"));
        // replicas with leader and ISR flags
        let replicas = all(&s, ".ks-replica");
        assert_eq!(replicas.len(), 3);
        assert_eq!(all(&s, ".ks-replica-leader").len(), 1);
        assert!(s.text_content().unwrap().contains("★ leader"));
    }
    assert_eq!(cells, 4, "the quickstart's four records");
    // every keyed record is coloured by its key: the same key, the same colour class
    let user0: Vec<String> =
        all(&root, ".ks-cell").iter().filter(|c| attr(c, "title").contains("key \"user-0\"")).map(|c| attr(c, "class")).collect();
    assert_eq!(user0.len(), 2);
    assert_eq!(user0[0], user0[1]);
    assert!(user0[0].contains("ks-key-"));
}

#[wasm_bindgen_test]
async fn strips_show_groups_committed_offsets_and_consumer_positions() {
    use kafkascope::console::Console;
    let mut console = Console::new(Sim::new(ClusterConfig::default(), 42));
    for line in [
        "kafka-topics.sh --bootstrap-server localhost:9092 --create --topic orders --partitions 1 --replication-factor 3",
        "kafka-producer-perf-test.sh --topic orders --num-records 30 --record-size 20 --throughput -1 --producer-props bootstrap.servers=localhost:9092 > /dev/null",
        "kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic orders --group billing --from-beginning > /dev/null &",
        "sleep 20",
    ] {
        console.run_line(line);
    }
    let sim = console.sim();
    let group = sim.describe_group("billing").expect("group billing");
    let committed = group.offsets.iter().find(|r| &*r.topic == "orders").and_then(|r| r.committed).expect("a committed offset");
    let position = sim.consumers().find(|c| c.alive).and_then(|c| c.positions.values().next().copied()).expect("a position");
    let data = kafkascope::ui::log_strip::topic_log(sim, "orders", &Default::default()).unwrap();
    let root = mount_view(kafkascope::ui::log_strip::topic_log_view(&data, &Default::default())).await;
    let s = strip(&root, "orders", 0);
    assert_eq!(marker_offsets(&s, "committed"), vec![committed]);
    assert_eq!(marker_offsets(&s, "position"), vec![position]);
    assert_eq!(marker_offsets(&s, "high-watermark"), vec![30]);
    let c = s.query_selector("[data-marker=committed]").unwrap().unwrap();
    assert!(c.text_content().unwrap().contains("billing"));
    assert!(attr(&c, "title").contains("CURRENT-OFFSET"));
}

#[wasm_bindgen_test]
async fn strips_show_segments_retention_and_compaction() {
    let sim = common::cross_target_scenario(2024);
    for topic in ["orders", "profiles"] {
        let data = kafkascope::ui::log_strip::topic_log(&sim, topic, &Default::default()).unwrap();
        let root = mount_view(kafkascope::ui::log_strip::topic_log_view(&data, &Default::default())).await;
        let mut most_segments = 0;
        for p in &sim.topic(topic).unwrap().partitions {
            let s = strip(&root, topic, p.index);
            let bases: Vec<i64> = all(&s, ".ks-segment").iter().map(|e| attr(e, "data-base-offset").parse().unwrap()).collect();
            let log = &p.leader_replica().unwrap().log;
            let real: Vec<i64> = log.segments().iter().map(|s| s.base_offset()).collect();
            assert!(bases.iter().all(|b| real.contains(b)), "{topic}-{}: {bases:?} are segments of {real:?}", p.index);
            assert_eq!(bases.last(), real.last(), "the window near the log end shows the active segment");
            most_segments = most_segments.max(bases.len());
            assert_eq!(all(&s, ".ks-segment-active").len(), 1, "one active segment");
            assert!(all(&s, ".ks-cell").len() <= 60);
            let lso = p.log_start_offset();
            let shown = marker_offsets(&s, "log-start");
            assert_eq!(shown, vec![lso], "{topic}-{}", p.index);
        }
        assert!(most_segments >= 2, "{topic}: segment boundaries are drawn");
        if topic == "orders" {
            // retention deleted whole old segments: the log starts after offset 0 somewhere
            assert!(sim.topic(topic).unwrap().partitions.iter().any(|p| p.log_start_offset() > 0));
        } else {
            // compaction left holes in the offsets
            assert!(!all(&root, ".ks-gap").is_empty(), "compacted offsets are shown as gaps");
        }
    }
}

#[wasm_bindgen_test]
async fn a_million_record_partition_keeps_the_dom_small() {
    use std::rc::Rc;
    let mut sim = Sim::new(ClusterConfig::default(), 5);
    sim.apply(Command::CreateTopic {
        name: "big".into(),
        partitions: Some(2),
        replication_factor: Some(1),
        configs: vec![("segment.bytes".into(), "1048576".into())],
    })
    .unwrap();
    let batch: Vec<NewRecord> = (0..10_000).map(|i| NewRecord::keyed(format!("k{}", i % 64), "v")).collect();
    for _ in 0..100 {
        sim.produce_batch("big", 0, &batch).unwrap();
    }
    sim.advance(100);
    let p0 = &sim.topic("big").unwrap().partitions[0];
    assert_eq!(p0.log_end_offset(), 1_000_000);
    assert_eq!(p0.high_watermark(), 1_000_000);
    let sim = Rc::new(sim);
    let src = sim.clone();
    let source = yew::Callback::from(move |q: kafkascope::ui::log_strip::LogQuery| kafkascope::ui::log_strip::topic_log(&src, "big", &q));
    let root =
        mount::<kafkascope::ui::log_strip::LogStrips>(kafkascope::ui::log_strip::LogStripsProps { topic: "big".into(), source }).await;
    let s = strip(&root, "big", 0);
    let offsets =
        |s: &web_sys::Element| all(s, ".ks-cell").iter().map(|c| attr(c, "data-offset").parse::<i64>().unwrap()).collect::<Vec<_>>();
    let cells = offsets(&s);
    assert!(!cells.is_empty() && cells.len() <= 60, "{} cells", cells.len());
    assert_eq!(*cells.last().unwrap(), 999_999, "the window sits at the log end");
    assert!(all(&root, ".ks-cell").len() < 3_000);
    assert_eq!(marker_offsets(&s, "log-end"), vec![1_000_000]);
    assert_eq!(marker_offsets(&s, "high-watermark"), vec![1_000_000]);
    // the log start offset is off to the left, still labelled
    let before = all(&s, ".ks-offwindow-before [data-marker=log-start]");
    assert_eq!(before.len(), 1);
    assert_eq!(attr(&before[0], "data-offset"), "0");
    assert!(all(&s, ".ks-segment").len() <= 3, "only the segments in the window");
    // page to the oldest offsets, then one page newer
    click(&root, "button[aria-label='Oldest offsets of partition 0']").await;
    let s = strip(&root, "big", 0);
    let first = offsets(&s);
    assert_eq!(first[0], 0);
    assert!(first.len() <= 60);
    assert_eq!(marker_offsets(&s, "log-start"), vec![0]);
    click(&root, "button[aria-label='Newer offsets of partition 0']").await;
    let next = offsets(&strip(&root, "big", 0));
    assert_eq!(next[0], first.len() as i64, "the next page follows on");
    click(&root, "button[aria-label='Latest offsets of partition 0']").await;
    assert_eq!(*offsets(&strip(&root, "big", 0)).last().unwrap(), 999_999);
    assert!(all(&root, ".ks-cell").len() < 3_000);
}

fn three_consumers_joined() -> kafkascope::console::Console {
    let mut console = kafkascope::console::Console::new(Sim::new(ClusterConfig::default(), 42));
    for line in [
        "kafka-topics.sh --bootstrap-server localhost:9092 --create --topic orders --partitions 3 --replication-factor 3",
        "kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic orders --group billing > /dev/null &",
        "kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic orders --group billing > /dev/null &",
        "kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic orders --group billing > /dev/null &",
        "sleep 12",
    ] {
        console.run_line(line);
    }
    console
}

#[wasm_bindgen_test]
async fn timeline_draws_a_lane_per_member_with_join_and_sync() {
    let console = three_consumers_joined();
    let data = kafkascope::ui::timeline::timeline(console.sim(), "billing", 30_000).expect("group billing");
    assert_eq!(data.lanes.len(), 3);
    let root = mount_view(kafkascope::ui::timeline::timeline_view(&data, false, &yew::Callback::noop())).await;
    let lanes = all(&root, "[data-testid=timeline-lane]");
    assert_eq!(lanes.len(), 3);
    for lane in &lanes {
        let label = attr(lane, "aria-label");
        assert!(label.starts_with("console-consumer, member "), "{label}");
        assert!(!all(lane, "[data-kind=JoinGroup]").is_empty(), "JoinGroup in {label}");
        assert!(!all(lane, "[data-kind=SyncGroup]").is_empty(), "SyncGroup in {label}");
        assert!(!all(lane, "[data-kind=assigned]").is_empty(), "an assignment in {label}");
        assert!(!all(lane, ".ks-tl-owned").is_empty(), "owns partitions after the rebalance");
        let join = lane.query_selector("[data-kind=JoinGroup] title").unwrap().unwrap().text_content().unwrap();
        assert!(join.starts_with("JoinGroup: sent at"), "{join}");
        let text = lane.text_content().unwrap();
        assert!(text.contains("Join") && text.contains("Sync"), "{text}");
    }
    let states: Vec<String> = all(&root, ".ks-tl-band").iter().map(|b| attr(b, "data-state")).collect();
    assert_eq!(states, ["Empty", "PreparingRebalance", "CompletingRebalance", "Stable"]);
    assert!(!all(&root, ".ks-tl-rebalance").is_empty(), "the rebalance's start is marked");
}

#[wasm_bindgen_test]
async fn timeline_shows_eager_stop_the_world_and_cooperative_rounds() {
    // a fourth member joins a Stable group of three: eager (range) revokes everything,
    // cooperative-sticky revokes only what moves, in a second round
    for (assignor, eager) in
        [("org.apache.kafka.clients.consumer.RangeAssignor", true), ("org.apache.kafka.clients.consumer.CooperativeStickyAssignor", false)]
    {
        let mut console = kafkascope::console::Console::new(Sim::new(ClusterConfig::default(), 42));
        console.run_line("kafka-topics.sh --bootstrap-server localhost:9092 --create --topic orders --partitions 6 --replication-factor 3");
        let consumer = format!(
            "kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic orders --group g --consumer-property partition.assignment.strategy={assignor} > /dev/null &"
        );
        for _ in 0..3 {
            console.run_line(&consumer);
        }
        console.run_line("sleep 20");
        console.run_line(&consumer);
        console.run_line("sleep 10");
        let data = kafkascope::ui::timeline::timeline(console.sim(), "g", 12_000).unwrap();
        let rebalances = data.bands.iter().filter(|b| b.state == kafkascope::engine::group::GroupState::PreparingRebalance).count();
        let revoked: usize =
            data.lanes.iter().map(|l| l.marks.iter().filter(|m| m.kind == kafkascope::ui::timeline::MarkKind::Revoked).count()).sum();
        if eager {
            assert_eq!(rebalances, 1, "{assignor}: one round");
            assert_eq!(revoked, 3, "{assignor}: every old member revokes everything");
        } else {
            assert_eq!(rebalances, 2, "{assignor}: two rounds");
            assert!((1..3).contains(&revoked), "{assignor}: only members giving a partition up revoke ({revoked})");
        }
        let root = mount_view(kafkascope::ui::timeline::timeline_view(&data, false, &yew::Callback::noop())).await;
        assert_eq!(all(&root, "[data-testid=timeline-lane]").len(), 4);
        assert_eq!(all(&root, ".ks-tl-band[data-state=PreparingRebalance]").len(), rebalances);
    }
}

#[wasm_bindgen_test]
async fn app_timeline_follows_three_consumers_typed_into_the_console() {
    let root = render_app().await;
    show_tab(&root, "Timeline").await;
    for _ in 0..3 {
        type_line(
            &root,
            "kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic quickstart-events --group demo > /dev/null &",
        )
        .await;
    }
    // step one event at a time until every member has its SyncGroup answer
    for _ in 0..400 {
        if all(&root, "[data-testid=timeline-lane] [data-kind=assigned]").len() >= 3 {
            break;
        }
        click(&root, "button[aria-label='Step']").await;
    }
    let timeline = root
        .query_selector("[data-testid=timeline][aria-label='Rebalance timeline of group demo']")
        .unwrap()
        .expect("the demo group's timeline");
    let lanes = all(&timeline, "[data-testid=timeline-lane]");
    assert_eq!(lanes.len(), 3);
    for lane in &lanes {
        assert!(!all(lane, "[data-kind=JoinGroup]").is_empty());
        assert!(!all(lane, "[data-kind=SyncGroup]").is_empty());
    }
    // consumers' positions appear on the stage's strips once they have fetched, and on
    // the Logs tab's
    for _ in 0..100 {
        if !all(&root, "[data-testid=stage] [data-marker=position]").is_empty() {
            break;
        }
        click(&root, "button[aria-label='Step']").await;
    }
    assert!(!all(&root, "[data-testid=stage] [data-marker=position]").is_empty(), "positions drawn on the stage");
    show_tab(&root, "Logs").await;
    assert!(!all(&root, "[data-testid=log-strip] [data-marker=position]").is_empty(), "positions drawn on the strips")
}

#[wasm_bindgen_test]
async fn markup_from_user_text_is_escaped() {
    let mut sim = Sim::new(ClusterConfig::default(), 9);
    sim.apply(Command::CreateTopic { name: "t".into(), partitions: Some(1), replication_factor: Some(1), configs: vec![] }).unwrap();
    sim.produce_batch("t", 0, &[NewRecord::keyed("<img src=x>", "\"&<b>bold</b>"), NewRecord::tombstone("<i>k</i>")]).unwrap();
    sim.advance(100);
    let data = kafkascope::ui::log_strip::topic_log(&sim, "t", &Default::default()).unwrap();
    let root = mount_view(kafkascope::ui::log_strip::topic_log_view(&data, &Default::default())).await;
    let s = strip(&root, "t", 0);
    assert!(s.query_selector("img, b, i").unwrap().is_none(), "no element made from record bytes");
    let cells = all(&s, ".ks-cell");
    assert_eq!(cells.len(), 2);
    assert!(attr(&cells[0], "title").contains("key \"<img src=x>\", value \"\"&<b>bold</b>\""), "{}", attr(&cells[0], "title"));
    assert!(attr(&cells[1], "class").contains("ks-tombstone"));
    assert!(cells[1].text_content().unwrap().contains('†'));
}

#[wasm_bindgen_test]
async fn timeline_draws_consumer_protocol_groups() {
    let mut console = kafkascope::console::Console::new(Sim::new(ClusterConfig::default(), 42));
    for line in [
        "kafka-topics.sh --bootstrap-server localhost:9092 --create --topic clicks --partitions 4 --replication-factor 3",
        "kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic clicks --group new-proto --consumer-property group.protocol=consumer > /dev/null &",
        "kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic clicks --group new-proto --consumer-property group.protocol=consumer > /dev/null &",
        "sleep 15",
    ] {
        console.run_line(line);
    }
    let data = kafkascope::ui::timeline::timeline(console.sim(), "new-proto", 30_000).expect("group new-proto");
    let root = mount_view(kafkascope::ui::timeline::timeline_view(&data, false, &yew::Callback::noop())).await;
    let lanes = all(&root, "[data-testid=timeline-lane]");
    assert_eq!(lanes.len(), 2);
    for lane in &lanes {
        assert!(!all(lane, "[data-kind=ConsumerGroupHeartbeat]").is_empty(), "{}", attr(lane, "aria-label"));
        assert!(!all(lane, "[data-kind=assigned]").is_empty());
    }
    // the button asks the app to zoom to the last rebalance; zoomed, the lanes stay
    use kafkascope::ui::state::UiAction;
    let asked = std::rc::Rc::new(std::cell::RefCell::new(Vec::new()));
    let record = {
        let asked = asked.clone();
        yew::Callback::from(move |a: UiAction| asked.borrow_mut().push(a))
    };
    let root = mount_view(kafkascope::ui::timeline::timeline_view(&data, false, &record)).await;
    click(&root, ".ks-tl-head button").await;
    assert_eq!(*asked.borrow(), vec![UiAction::ZoomTimeline { group: "new-proto".into(), on: true }]);
    let zoomed = mount_view(kafkascope::ui::timeline::timeline_view(&data, true, &yew::Callback::noop())).await;
    assert_eq!(all(&zoomed, "[data-testid=timeline-lane]").len(), 2);
    assert!(zoomed.query_selector(".ks-tl-head button[aria-pressed=true]").unwrap().is_some());
    let range = |r: &web_sys::Element| r.query_selector(".ks-tl-range").unwrap().unwrap().text_content().unwrap();
    assert!(range(&zoomed).contains("zoomed to the last rebalance"), "{}", range(&zoomed));
    assert!(!range(&root).contains("zoomed"), "{}", range(&root));
}

#[wasm_bindgen_test]
async fn clicks_run_console_commands_that_the_terminal_shows() {
    let root = render_app().await;
    show_tab(&root, "Topics").await;
    let commands = || log_lines(&root, "ks-term-cmd");
    // stop a broker: the command appears in the terminal and the broker card changes
    click(&root, "button[aria-label='Stop broker 1']").await;
    until("the stop command in the terminal", || commands().iter().any(|l| l == "$ kafkascope broker stop 1")).await;
    until("a Start button", || root.query_selector("button[aria-label='Start broker 1']").unwrap().is_some()).await;
    click(&root, "button[aria-label='Start broker 1']").await;
    until("the start command", || commands().iter().any(|l| l == "$ kafkascope broker start 1")).await;
    // add a partition
    click(&root, "button[aria-label='Add a partition to quickstart-events']").await;
    until("the alter command", || commands().iter().any(|l| l.ends_with("--alter --topic quickstart-events --partitions 4"))).await;
    // add a consumer: a job appears, with buttons to crash or close it
    click(&root, "button[aria-label='Add a consumer of quickstart-events']").await;
    until("the consumer command", || commands().iter().any(|l| l.contains("kafka-console-consumer.sh") && l.ends_with("&"))).await;
    until("a Crash button", || root.query_selector("button[aria-label='Crash job 1']").unwrap().is_some()).await;
    click(&root, "button[aria-label='Close job 1']").await;
    until("the kill command", || commands().iter().any(|l| l == "$ kill -TERM %1")).await;
    until("the job gone", || root.query_selector("button[aria-label='Crash job 1']").unwrap().is_none()).await;
}

#[wasm_bindgen_test]
async fn a_panic_shows_the_sessions_script_for_recovery() {
    let root = render_app().await;
    type_line(&root, "kafka-topics.sh --bootstrap-server localhost:9092 --list").await;
    kafkascope::ui::recovery::show_overlay("panicked at src/example.rs:1:1: example");
    let doc = gloo::utils::document();
    let overlay = doc.query_selector(".ks-recovery[role=alertdialog]").unwrap().expect("the overlay");
    let script = overlay.query_selector("textarea[aria-label='Session script']").unwrap().expect("the script").text_content().unwrap();
    assert!(script.contains("kafka-topics.sh --bootstrap-server localhost:9092 --create --topic quickstart-events"), "{script}");
    assert!(script.ends_with("kafka-topics.sh --bootstrap-server localhost:9092 --list\n"), "{script}");
    assert!(overlay.text_content().unwrap().contains("example"));
    overlay.remove();
}

#[wasm_bindgen_test]
async fn the_theme_button_cycles_auto_light_dark() {
    let root = render_app().await;
    let html = gloo::utils::document().document_element().unwrap();
    assert_eq!(html.get_attribute("data-theme"), None, "auto follows the system");
    click(&root, "button[aria-label='Theme']").await;
    assert_eq!(html.get_attribute("data-theme").as_deref(), Some("light"));
    click(&root, "button[aria-label='Theme']").await;
    assert_eq!(html.get_attribute("data-theme").as_deref(), Some("dark"));
    click(&root, "button[aria-label='Theme']").await;
    assert_eq!(html.get_attribute("data-theme"), None);
}

// ---- the lesson player (src/ui/state.rs LessonRun, src/ui/lesson_player.rs)

#[wasm_bindgen_test]
fn a_lesson_plays_rewinds_and_replays_through_the_app_state() {
    use kafkascope::ui::state::{AppState, StartOptions, UiAction};
    use std::rc::Rc;
    use yew::Reducible;

    assert!(StartOptions::from_query("?present=1&seed=3").present);
    assert!(!StartOptions::from_query("?seed=3").present);
    let lesson = Rc::new(kafkascope::classroom::lesson::parse(include_str!("../static/lessons/02-keys-and-partitions.sh")).unwrap());
    let n = lesson.steps.len();
    let mut state = Rc::new(AppState::default()).reduce(UiAction::StartLesson(lesson.clone()));
    let hash = |s: &AppState| s.session.borrow().console().sim().state_hash();
    // the state hash where each step starts
    let mut starts = Vec::new();
    for _ in 0..2 * n + 3 {
        let run = state.lesson.clone().expect("the lesson is open");
        if !run.ran() {
            starts.push(hash(&state));
        }
        state = state.reduce(UiAction::LessonNext);
    }
    let run = state.lesson.clone().unwrap();
    assert!(run.complete() && run.at == n - 1, "every step ran, Next stops at the last");
    assert_eq!(starts.len(), n);
    for (i, o) in run.outcomes.iter().enumerate() {
        assert!(o.passed(), "step {}: {:?} {:?}", i + 1, o.checks, o.problems);
    }
    let (passed, checked) = run.tally();
    assert!(checked > 0 && passed == checked);
    let end = hash(&state);
    // Previous: to where the last step started, then the one before it
    state = state.reduce(UiAction::LessonBack);
    assert_eq!((state.lesson.as_ref().unwrap().at, state.lesson.as_ref().unwrap().ran()), (n - 1, false));
    assert_eq!(hash(&state), starts[n - 1]);
    state = state.reduce(UiAction::LessonBack);
    assert_eq!(state.lesson.as_ref().unwrap().at, n - 2);
    assert_eq!(hash(&state), starts[n - 2]);
    // reveals are per step and question
    state = state.reduce(UiAction::RevealAnswer(0));
    assert!(state.lesson.as_ref().unwrap().revealed.contains(&(n - 2, 0)));
    // running again replays the same run
    for _ in 0..3 {
        state = state.reduce(UiAction::LessonNext);
    }
    assert!(state.lesson.as_ref().unwrap().complete());
    assert_eq!(hash(&state), end);
    // closing the lesson keeps the session
    let session = state.session.clone();
    state = state.reduce(UiAction::CloseLesson);
    assert!(state.lesson.is_none() && Rc::ptr_eq(&session, &state.session));
}

// ---- the stage and the group panel (src/stage, src/ui/stage.rs, src/ui/group_panel.rs)

/// A console with a 4-partition topic, two members of group `g` (Stable) and a producer
/// still sending, stopped right after a batch was appended.
fn flowing_console() -> kafkascope::console::Console {
    use kafkascope::console::Console;
    let mut c = Console::interactive(Sim::new(ClusterConfig::default(), 5));
    for line in [
        "kafka-topics.sh --bootstrap-server localhost:9092 --create --topic orders --partitions 4 --replication-factor 3",
        "kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic orders --group g > /dev/null &",
        "kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic orders --group g > /dev/null &",
    ] {
        c.run_line(line);
    }
    c.advance(15_000);
    c.run_line("kafka-producer-perf-test.sh --topic orders --num-records 1000 --record-size 10 --throughput 100 --producer-props bootstrap.servers=localhost:9092 > /dev/null &");
    c.advance(1_000);
    c
}

fn staged(console: &kafkascope::console::Console) -> kafkascope::stage::Stage {
    let groups = kafkascope::ui::group_panel::groups(console.sim());
    kafkascope::stage::stage(console, &groups, 1100, kafkascope::stage::Metrics::default())
}

#[wasm_bindgen_test]
async fn stage_draws_brokers_holding_replica_strips_members_links_and_dots() {
    use kafkascope::ui::stage::stage_view;
    let console = flowing_console();
    let data = staged(&console);
    let root = mount_view(stage_view(&data, 1.0, &yew::Callback::noop())).await;
    for p in 0..4 {
        let row = root.query_selector(&format!("[aria-label='Partition {p} of orders']")).unwrap().expect("a leader strip per partition");
        assert!(attr(&row, "class").contains("ks-role-leader"));
        let title = row.query_selector("title").unwrap().unwrap().text_content().unwrap();
        assert!(title.contains(&format!("orders-{p} on broker")) && title.contains("high watermark"), "{title}");
        for marker in ["high-watermark", "log-end"] {
            assert_eq!(all(&row, &format!("[data-marker={marker}]")).len(), 1, "{marker} on orders-{p}");
        }
        // one box per record in the window, gathered into a path per key colour
        let model = data.rows.iter().find(|r| r.partition == p && r.role == kafkascope::stage::Role::Leader).unwrap();
        let records = model.slots.iter().filter(|s| matches!(s, kafkascope::stage::Slot::Record { .. })).count();
        let boxes: usize = all(&row, ".ks-stage-cell").iter().map(|c| attr(c, "data-shapes").parse::<usize>().unwrap()).sum();
        assert_eq!(boxes, records, "cells on orders-{p}");
    }
    assert!(!all(&root, "[data-testid=stage-partition] .ks-stage-cell").is_empty(), "records on the leaders' strips");
    assert_eq!(all(&root, ".ks-stage-replica").len(), 12, "4 partitions x 3 replicas");
    assert_eq!(all(&root, ".ks-stage-broker").len(), 3);
    assert_eq!(all(&root, "[aria-label^='Stop broker']").len(), 3, "each broker stops with a click");
    assert!(root.query_selector("[aria-label='Partition 0 of __consumer_offsets']").unwrap().is_none(), "internal topics are left out");
    assert_eq!(all(&root, ".ks-stage-member").len(), 2);
    assert_eq!(all(&root, ".ks-stage-link").len(), 4, "each partition linked to its one owner");
    assert_eq!(all(&root, ".ks-stage-producer").len(), 1);
    // the dots are drawn as one path per kind and key colour, each counting its dots
    let dots: usize = all(&root, ".ks-stage-dot").iter().map(|p| attr(p, "data-shapes").parse::<usize>().unwrap()).sum();
    assert!(dots > 0, "records in flight");
    assert_eq!(dots, data.dots.len());
    assert_eq!(root.query_selector("[data-testid=stage-group-state]").unwrap().unwrap().text_content().unwrap(), "Stable");
    assert_eq!(all(&root, ".ks-stage-coordinator").len(), 1, "the coordinator is marked on its broker");
}

#[wasm_bindgen_test]
async fn stage_draws_protocol_messages_while_a_rebalance_is_stepped() {
    use kafkascope::ui::stage::stage_view;
    let mut console = flowing_console();
    console.run_line("kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic orders --group g > /dev/null &");
    let mut seen = Vec::new();
    for _ in 0..300 {
        console.advance(20);
        let data = staged(&console);
        if data.messages.iter().any(|m| matches!(m.api, "JoinGroup" | "SyncGroup")) {
            let root = mount_view(stage_view(&data, 1.0, &yew::Callback::noop())).await;
            for m in all(&root, ".ks-stage-msg") {
                let api = m.get_attribute("data-api").unwrap();
                if !seen.contains(&api) {
                    seen.push(api);
                }
            }
        }
        if seen.iter().any(|a| a == "JoinGroup") && seen.iter().any(|a| a == "SyncGroup") {
            break;
        }
    }
    assert!(seen.iter().any(|a| a == "JoinGroup") && seen.iter().any(|a| a == "SyncGroup"), "{seen:?}");
}

#[wasm_bindgen_test]
async fn stage_scales_for_the_projector() {
    use kafkascope::ui::stage::stage_view;
    let console = flowing_console();
    let data = staged(&console);
    let root = mount_view(stage_view(&data, 1.34, &yew::Callback::noop())).await;
    let svg = root.query_selector("[data-testid=stage]").unwrap().unwrap();
    let width: f64 = svg.get_attribute("width").unwrap().parse().unwrap();
    assert!((width - f64::from(data.width) * 1.34).abs() < 1.0, "{width}");
}

#[wasm_bindgen_test]
async fn group_panel_lists_members_protocol_and_lag() {
    use kafkascope::ui::group_panel::{group_panel, groups, GroupPanelView};
    use std::rc::Rc;
    let console = flowing_console();
    let gs = groups(console.sim());
    let lag: Vec<_> = gs.iter().map(|_| Rc::new(vec![(0, 5), (1_000, 2)])).collect();
    let root = mount_view(group_panel(&GroupPanelView { groups: &gs, lag: &lag, now_ms: 16_000 }, &yew::Callback::noop())).await;
    let state = root.query_selector("[data-testid=group-state]").unwrap().unwrap();
    assert_eq!(state.text_content().unwrap(), "Stable");
    let lit = all(&root, ".ks-state-machine .ks-lit");
    assert_eq!(lit.len(), 1);
    assert_eq!(lit[0].text_content().unwrap(), "Stable");
    let members = root.query_selector("table[aria-label='Members of group g']").unwrap().expect("members table");
    assert_eq!(all(&members, "tbody tr").len(), 2);
    let protocol = root.query_selector("[data-testid=group-protocol]").unwrap().unwrap().text_content().unwrap();
    assert!(protocol.contains("eager rebalancing") && protocol.contains("assignor range"), "{protocol}");
    assert_eq!(all(&root, "[data-testid=lag]").len(), 4, "a lag row per partition");
    assert_eq!(all(&root, "[data-testid=lag-chart] polyline").len(), 1);
    assert!(root.query_selector("select[aria-label='Assignor for group g']").unwrap().is_some());
}

#[wasm_bindgen_test]
async fn cluster_view_notes_a_leader_other_than_the_preferred_and_offers_the_election() {
    use kafkascope::ui::cluster_view::{cluster_view, rows};
    let mut sim = Sim::new(ClusterConfig::default(), 5);
    sim.apply(Command::CreateTopic { name: "orders".into(), partitions: Some(3), replication_factor: Some(3), configs: vec![] }).unwrap();
    let on_broker_1: Vec<u32> = sim.topic("orders").unwrap().partitions.iter().filter(|p| p.leader == Some(1)).map(|p| p.index).collect();
    assert_eq!(on_broker_1.len(), 1);
    sim.apply(Command::StopBroker { broker: 1, clean: true }).unwrap();
    let (brokers, topics) = rows(&sim);
    let root = mount_view(cluster_view(&brokers, &topics, &yew::Callback::noop())).await;
    for p in 0..3u32 {
        let row = root.query_selector(&format!("[aria-label='Partition {p} of orders']")).unwrap().expect("a row per partition");
        let leader_cell = all(&row, "td")[1].text_content().unwrap_or_default();
        assert_eq!(leader_cell.contains("(preferred 1)"), on_broker_1.contains(&p), "partition {p}: {leader_cell}");
    }
    let elect = root.query_selector("[aria-label='Elect preferred leaders']").unwrap().expect("the election button");
    assert_eq!(
        attr(&elect, "title"),
        "Runs: kafka-leader-election.sh --bootstrap-server localhost:9092 --election-type preferred --all-topic-partitions"
    );
}

#[wasm_bindgen_test]
fn markup_text_is_escaped() {
    use kafkascope::ui::timeline::escape_into;
    for (text, want) in [
        ("", ""),
        ("plain member-1", "plain member-1"),
        ("a&b<c>\"d'", "a&amp;b&lt;c&gt;&quot;d'"),
        ("é&é", "é&amp;é"),
        ("<<>>", "&lt;&lt;&gt;&gt;"),
        ("&amp;", "&amp;amp;"),
    ] {
        let mut out = String::from("x");
        escape_into(&mut out, text);
        assert_eq!(out, format!("x{want}"), "{text}");
    }
}

#[wasm_bindgen_test]
fn the_terminal_fetches_usage_texts_only_for_tools_that_have_one() {
    use kafkascope::console::options::deferred_help_line;
    use kafkascope::ui::usage_text::tool_of;
    let line = |tool: &str| deferred_help_line(tool).trim_end().to_string();
    assert_eq!(tool_of(&line("kafka-topics.sh")), Some("kafka-topics.sh"));
    assert_eq!(tool_of(&line("kafka-leader-election.sh")), Some("kafka-leader-election.sh"));
    for other in ["../index.html", "kafka-producer-perf-test.sh", ""] {
        assert_eq!(tool_of(&line(other)), None, "{other:?}");
    }
    assert_eq!(tool_of("usage text of kafka-topics.sh"), None);
}
