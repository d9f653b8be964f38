//! Share groups on the stage (issue 17): every member of a share group is linked to each
//! partition it shares (more members than partitions: several links per partition); the
//! leader's strip shows the SPSO marker and each in-flight record's state and owner,
//! and a poison record's redeliveries count up until it is archived.
#![cfg(not(target_arch = "wasm32"))]

use kafkascope::console::session::Session;
use kafkascope::console::Console;
use kafkascope::engine::group::share_group::RecordState;
use kafkascope::engine::sim::GroupDescription;
use kafkascope::engine::{ClusterConfig, Sim};
use kafkascope::stage::{self, MarkerKind};

const B: &str = "--bootstrap-server localhost:9092";

fn groups(sim: &Sim) -> Vec<GroupDescription> {
    sim.list_groups().iter().filter_map(|(id, _, _)| sim.describe_group(id)).collect()
}

#[test]
fn a_share_group_on_the_stage() {
    let mut s = Session::new(Console::interactive(Sim::new(ClusterConfig::default(), 5)));
    for l in [
        format!("kafka-topics.sh {B} --create --topic jobs --partitions 2 --replication-factor 1"),
        format!("kafka-configs.sh {B} --alter --entity-type groups --entity-name workers --add-config share.auto.offset.reset=earliest"),
        format!("kafka-console-share-consumer.sh {B} --topic jobs --group workers --command-property max.poll.records=1 > /dev/null &"),
        format!("kafka-console-share-consumer.sh {B} --topic jobs --group workers --command-property max.poll.records=1 > /dev/null &"),
        format!("kafka-console-share-consumer.sh {B} --topic jobs --group workers --command-property max.poll.records=1 > /dev/null &"),
        "kafkascope consumer slow %1 60000".to_string(),
        "kafkascope consumer slow %2 60000".to_string(),
        "kafkascope consumer slow %3 60000".to_string(),
    ] {
        s.run_line(&l);
    }
    // the two later joins are assigned at their next heartbeat, 5 s on (KIP-1263's
    // group.share.assignment.interval.ms holds the assignor back for 1 s)
    s.advance(6_000);
    s.run_line(&format!("kafka-console-producer.sh {B} --topic jobs <<EOF\na\nb\nc\nd\nEOF"));
    s.advance(2_000);
    let st = stage::stage(s.console(), &groups(s.console().sim()), 1200, stage::Metrics::default());
    let g = st.groups.iter().position(|g| g.group_id == "workers").expect("the share group is drawn");
    assert!(st.groups[g].detail.starts_with("share · simple"), "{}", st.groups[g].detail);
    let members: Vec<usize> = (0..st.members.len()).filter(|&i| st.members[i].group == Some(g)).collect();
    assert_eq!(members.len(), 3);
    assert!(st.members[members[0]].label.starts_with("%1 "), "{}", st.members[members[0]].label);
    let linked: usize = st.links.iter().filter(|l| members.contains(&l.member)).count();
    assert!(linked >= 3, "every member linked to what it shares: {linked}");
    let acquired: Vec<_> = st.rows.iter().flat_map(|r| r.share.iter()).filter(|c| c.state == RecordState::Acquired).collect();
    assert_eq!(acquired.len(), 3, "three slow members hold one record each");
    assert!(acquired.iter().all(|c| c.title.contains("ACQUIRED by %") && c.title.contains("lock runs out in")), "{:?}", acquired[0].title);
    assert!(st.rows.iter().any(|r| r.markers.iter().any(|m| m.kind == MarkerKind::ShareStart)));
    // the locks run out (30 s): the records are available again; the members, done with
    // their minute of work, get them again (delivery 2), and their late ACCEPTs are refused
    s.advance(31_000);
    let st = stage::stage(s.console(), &groups(s.console().sim()), 1200, stage::Metrics::default());
    assert!(st.rows.iter().flat_map(|r| r.share.iter()).any(|c| c.state == RecordState::Available), "released by the lock timeout");
    s.advance(30_000);
    let st = stage::stage(s.console(), &groups(s.console().sim()), 1200, stage::Metrics::default());
    assert!(st.rows.iter().flat_map(|r| r.share.iter()).any(|c| c.delivery_count == 2), "redelivered");
}
