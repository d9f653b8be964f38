//! Share groups in the browser (issue 17; wasm-bindgen-test in headless Chromium): the
//! stage draws a share group's members linked to every partition they share and each
//! in-flight record's state under its cell with the SPSO marker; the inspector's Group tab
//! shows the group as kafka-share-groups.sh --describe does; the timeline has a lane per
//! member with its ShareGroupHeartbeats and acknowledgements.
#![cfg(target_arch = "wasm32")]

use kafkascope::console::Console;
use kafkascope::engine::{ClusterConfig, Sim};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn console() -> Console {
    let mut c = Console::interactive(Sim::new(ClusterConfig::default(), 5));
    for line in [
        "kafka-topics.sh --bootstrap-server localhost:9092 --create --topic jobs --partitions 2 --replication-factor 1",
        "kafka-configs.sh --bootstrap-server localhost:9092 --alter --entity-type groups --entity-name workers --add-config share.auto.offset.reset=earliest",
        "kafka-console-share-consumer.sh --bootstrap-server localhost:9092 --topic jobs --group workers --command-property max.poll.records=1 > /dev/null &",
        "kafka-console-share-consumer.sh --bootstrap-server localhost:9092 --topic jobs --group workers --command-property max.poll.records=1 > /dev/null &",
        "kafka-console-share-consumer.sh --bootstrap-server localhost:9092 --topic jobs --group workers --command-property max.poll.records=1 > /dev/null &",
        "kafkascope consumer slow %1 3000",
        "kafkascope consumer slow %2 3000",
        "kafkascope consumer slow %3 3000",
    ] {
        c.run_line(line);
    }
    c.advance(3_000);
    c.run_line("kafka-console-producer.sh --bootstrap-server localhost:9092 --topic jobs <<EOF\na\nb\nc\nd\ne\nf\nEOF");
    c.advance(4_000);
    c
}

async fn mount_view(html: yew::Html) -> web_sys::Element {
    #[derive(yew::Properties, PartialEq)]
    struct P {
        html: yew::Html,
    }
    #[yew::function_component(Show)]
    fn show(p: &P) -> yew::Html {
        p.html.clone()
    }
    let document = gloo::utils::document();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    yew::Renderer::<Show>::with_root_and_props(root.clone(), P { html }).render();
    gloo::timers::future::TimeoutFuture::new(50).await;
    root
}

fn count(root: &web_sys::Element, selector: &str) -> u32 {
    root.query_selector_all(selector).unwrap().length()
}

#[wasm_bindgen_test]
async fn the_stage_draws_a_share_group() {
    let c = console();
    let groups = kafkascope::ui::group_panel::groups(c.sim());
    let data = kafkascope::stage::stage(&c, &groups, 1100, kafkascope::stage::Metrics::default());
    let root = mount_view(kafkascope::ui::stage::stage_view(&data, 1.0, &yew::Callback::noop())).await;
    assert_eq!(count(&root, ".ks-stage-member"), 3, "three share consumers");
    assert!(count(&root, ".ks-stage-link") >= 3, "each member linked to what it shares");
    assert!(count(&root, ".ks-share-acquired") >= 1, "records acquired, under their cells");
    assert!(count(&root, "[data-marker=share-start]") >= 1, "the SPSO marker");
    let text = root.text_content().unwrap();
    assert!(text.contains("share · simple"), "{text}");
    assert!(text.contains("ACQUIRED by %"), "a record says who holds it");
}

#[wasm_bindgen_test]
async fn the_group_tab_and_timeline_show_a_share_group() {
    let c = console();
    let root = mount_view(kafkascope::ui::group_panel::share_groups(c.sim())).await;
    let text = root.query_selector("[data-testid=share-group]").unwrap().expect("a share group panel").text_content().unwrap();
    for want in ["Share group workers", "Stable", "CONSUMER-ID", "MEMBER-EPOCH", "START-OFFSET", "LAG"] {
        assert!(text.contains(want), "{want} in {text}");
    }
    let data = kafkascope::ui::timeline::timeline(c.sim(), "workers", 60_000).expect("a timeline for the share group");
    let root = mount_view(kafkascope::ui::timeline::timeline_view(&data, false, &yew::Callback::noop())).await;
    assert_eq!(count(&root, "[data-testid=timeline-lane]"), 3);
    assert!(count(&root, "[data-kind=ShareGroupHeartbeat]") >= 3, "heartbeats on the lanes");
    assert!(count(&root, "[data-kind=acked]") >= 1, "acknowledgements on the lanes");
}
