//! Browser test of the transaction pieces of the Logs tab (issue 18): in wasm, a topic with
//! a committed, an aborted and an open transaction draws its markers as lettered cells,
//! the aborted and open records marked, and the LSO marker beside the high watermark.
#![cfg(target_arch = "wasm32")]

use kafkascope::console::session::Session;
use kafkascope::console::Console;
use kafkascope::engine::{ClusterConfig, Sim};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const B: &str = "--bootstrap-server localhost:9092";

#[wasm_bindgen_test]
fn the_logs_tab_marks_transactions_markers_and_the_lso() {
    let mut s = Session::new(Console::interactive(Sim::new(ClusterConfig::default(), 5)));
    for l in [
        format!("kafka-topics.sh {B} --create --topic payments --partitions 1 --replication-factor 3"),
        format!("kafka-topics.sh {B} --create --topic alerts --partitions 1 --replication-factor 3"),
        format!("kafka-console-producer.sh {B} --topic payments <<EOF"),
        "p1".into(),
        "p2".into(),
        "EOF".into(),
        "kafkascope process --from payments --to alerts --group g --transactional-id scorer --crash-after 3".into(),
    ] {
        s.run_line(&l);
    }
    s.advance(8_000);
    s.run_line(&format!("kafka-console-producer.sh {B} --topic payments <<EOF"));
    s.run_line("p3");
    s.run_line("EOF");
    s.advance(2_000);
    let sim = s.console().sim();
    let data = kafkascope::ui::log_strip::topic_log(sim, "alerts", &Default::default()).unwrap();
    let markup = kafkascope::ui::log_strip::strip_markup(&data.partitions[0]);
    assert!(markup.contains("ks-ctrl ks-ctrl-commit"), "{markup}");
    assert!(markup.contains("ks-txn-open"), "{markup}");
    assert!(markup.contains("data-marker=\"last-stable\""), "{markup}");
    // a new instance fences the crashed one: its open transaction is aborted
    s.run_line("kafkascope process --from payments --to alerts --group g --transactional-id scorer");
    s.advance(1_000);
    let data = kafkascope::ui::log_strip::topic_log(s.console().sim(), "alerts", &Default::default()).unwrap();
    let markup = kafkascope::ui::log_strip::strip_markup(&data.partitions[0]);
    assert!(markup.contains("ks-txn-aborted") && markup.contains("ks-ctrl ks-ctrl-abort"), "{markup}");
    assert!(!markup.contains("data-marker=\"last-stable\""), "{markup}");
}

#[wasm_bindgen_test]
fn the_timeline_shows_a_transactions_requests_on_its_members_lane() {
    let mut s = Session::new(Console::interactive(Sim::new(ClusterConfig::default(), 5)));
    for l in [
        format!("kafka-topics.sh {B} --create --topic payments --partitions 1 --replication-factor 3"),
        format!("kafka-console-producer.sh {B} --topic payments <<EOF"),
        "p1".into(),
        "EOF".into(),
        "kafkascope process --from payments --to alerts --group g --transactional-id scorer".into(),
    ] {
        s.run_line(&l);
    }
    s.advance(8_000);
    let d = kafkascope::ui::timeline::timeline(s.console().sim(), "g", 30_000).expect("group g");
    let svg = kafkascope::ui::timeline::svg(&d, (d.start_ms, d.end_ms));
    for api in ["InitProducerId", "TxnOffsetCommit", "EndTxn"] {
        assert!(svg.contains(&format!("ks-tl-{api}")), "{api} on the lane: {svg}");
    }
}
