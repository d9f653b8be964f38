//! The stage and the Logs tab with transactions (issue 18): an open transaction's records
//! marked, markers as cells, the last stable offset beside the high watermark, aborted
//! records marked, the transaction coordinator on its broker.

mod common;

use common::scenes::play_steps;
use kafkascope::classroom::scene;
use kafkascope::console::session::Session;
use kafkascope::console::Console;
use kafkascope::engine::sim::GroupDescription;
use kafkascope::engine::{ClusterConfig, Sim};
use kafkascope::stage::{self, MarkerKind, Role, Slot, TxnStatus};

const B: &str = "--bootstrap-server localhost:9092";

fn staged(s: &Session) -> stage::Stage {
    let sim = s.console().sim();
    let groups: Vec<GroupDescription> = sim.list_groups().iter().filter_map(|(id, _, _)| sim.describe_group(id)).collect();
    stage::stage(s.console(), &groups, 1100, stage::Metrics::default())
}

fn crashed_scorer() -> Session {
    let mut s = Session::new(Console::interactive(Sim::new(ClusterConfig::default(), 5)));
    for l in [
        format!("kafka-topics.sh {B} --create --topic payments --partitions 1 --replication-factor 3"),
        format!("kafka-topics.sh {B} --create --topic alerts --partitions 1 --replication-factor 3"),
        format!("kafka-console-producer.sh {B} --topic payments <<EOF"),
        "p1".into(),
        "p2".into(),
        "p3".into(),
        "EOF".into(),
        // commits p1-p3 in one transaction, then crashes after p4's alert
        "kafkascope process --from payments --to alerts --group g --transactional-id scorer --crash-after 4".into(),
    ] {
        s.run_line(&l);
    }
    s.advance(8_000);
    s.run_line(&format!("kafka-console-producer.sh {B} --topic payments <<EOF"));
    s.run_line("p4");
    s.run_line("EOF");
    s.advance(2_000);
    s
}

#[test]
fn an_open_transaction_is_marked_and_holds_the_last_stable_offset() {
    let s = crashed_scorer();
    let st = staged(&s);
    let row = st.rows.iter().find(|r| r.topic == "alerts" && r.role == Role::Leader).expect("the alerts leader row");
    let at = |o: i64| &row.slots[(o - row.from) as usize];
    for o in 0..3 {
        assert!(matches!(at(o), Slot::Record { txn: TxnStatus::Committed, .. }), "offset {o}: {:?}", at(o));
    }
    assert_eq!(at(3), &Slot::Marker { commit: true });
    assert!(matches!(at(4), Slot::Record { txn: TxnStatus::Open, .. }), "{:?}", at(4));
    let lso = row.markers.iter().find(|m| m.kind == MarkerKind::LastStable).expect("an LSO marker");
    let hw = row.markers.iter().find(|m| m.kind == MarkerKind::HighWatermark).expect("a HW marker");
    assert_eq!((lso.offset, hw.offset), (4, 5));
    // the transaction coordinator is marked on its broker
    let coordinator = s.console().sim().transaction_coordinator("scorer").expect("a coordinator");
    let b = st.brokers.iter().find(|b| b.id == coordinator).unwrap();
    assert!(b.coordinator_of.iter().any(|c| c == "txn scorer"), "{:?}", b.coordinator_of);
}

#[test]
fn a_fenced_transaction_ends_in_an_abort_marker_and_its_records_show_aborted() {
    let mut s = crashed_scorer();
    s.run_line("kafkascope process --from payments --to alerts --group g --transactional-id scorer");
    s.advance(1_000);
    let st = staged(&s);
    let row = st.rows.iter().find(|r| r.topic == "alerts" && r.role == Role::Leader).unwrap();
    let at = |o: i64| &row.slots[(o - row.from) as usize];
    assert!(matches!(at(4), Slot::Record { txn: TxnStatus::Aborted, .. }), "{:?}", at(4));
    assert_eq!(at(5), &Slot::Marker { commit: false });
    assert!(row.markers.iter().all(|m| m.kind != MarkerKind::LastStable), "LSO = HW: no separate marker");
}

#[test]
fn the_transactions_scene_parses_and_runs() {
    let scenes = scene::built_in();
    let sc = scenes.iter().find(|s| s.file == "09-transactions.sh").expect("listed");
    let mut s = play_steps(sc, i64::MAX, |_, _| ());
    s.advance(10_000);
    assert!(s.console().sim().transactions().any(|m| &*m.transactional_id == "scorer"));
}
