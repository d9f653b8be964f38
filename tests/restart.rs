//! Changing a group's assignor by a rolling restart of its console consumers
//! (`console::restart`): the lines run in a real console and the group ends up on the
//! new assignor, with every partition owned once.
#![allow(clippy::disallowed_methods)] // native only: the one-sort rule (clippy.toml) is for the wasm build

use kafkascope::console::restart::rolling_restart_with_assignor;
use kafkascope::console::Console;
use kafkascope::engine::{ClusterConfig, Sim};

const SETUP: &str = "kafka-topics.sh --bootstrap-server localhost:9092 --create --topic orders --partitions 4 --replication-factor 3
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic orders --group billing > /dev/null &
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic orders --group billing > /dev/null &
sleep 10";

fn console_with_group(extra: &str) -> Console {
    let mut c = Console::interactive(Sim::new(ClusterConfig::default(), 3));
    let script = SETUP.replace("--group billing", &format!("--group billing{extra}"));
    for line in script.lines() {
        c.run_line(line);
    }
    c.advance(10_000);
    c
}

#[test]
fn a_rolling_restart_moves_the_group_to_the_new_assignor() {
    let mut c = console_with_group("");
    assert_eq!(c.sim().describe_group("billing").unwrap().protocol.as_deref(), Some("range"));
    let lines = rolling_restart_with_assignor(&c, "billing", "roundrobin").unwrap();
    assert_eq!(lines.len(), 4, "{lines:?}");
    assert_eq!(lines[0], "kill -TERM %1");
    assert!(lines[1].ends_with("--command-property partition.assignment.strategy=org.apache.kafka.clients.consumer.RoundRobinAssignor,org.apache.kafka.clients.consumer.RangeAssignor &"));
    for l in &lines {
        let out = c.run_line(l);
        let err = out.stderr();
        assert!(!err.contains("rror") && !err.contains("Exception") && !err.contains("not found"), "{l}: {err}");
        c.advance(5_000);
    }
    c.advance(20_000);
    let g = c.sim().describe_group("billing").unwrap();
    assert_eq!(g.state.name(), "Stable");
    assert_eq!(g.protocol.as_deref(), Some("roundrobin"));
    assert_eq!(g.members.len(), 2, "both restarted members are in the group");
    let mut owned: Vec<u32> = g.members.iter().flat_map(|m| m.assignment.iter().map(|tp| tp.partition)).collect();
    owned.sort();
    assert_eq!(owned, vec![0, 1, 2, 3]);
}

#[test]
fn consumer_protocol_groups_get_the_server_assignor() {
    let c = console_with_group(" --consumer-property group.protocol=consumer");
    let lines = rolling_restart_with_assignor(&c, "billing", "range").unwrap();
    assert!(lines[1].ends_with("--consumer-property group.remote.assignor=range &"), "{lines:?}");
    assert!(rolling_restart_with_assignor(&c, "billing", "roundrobin").unwrap_err().contains("roundrobin"));
}

#[test]
fn bad_requests_are_errors() {
    let c = console_with_group("");
    assert!(rolling_restart_with_assignor(&c, "nope", "range").unwrap_err().contains("No running console consumer of group nope"));
    let e = rolling_restart_with_assignor(&c, "billing", "fastest").unwrap_err();
    assert!(e.contains("Class fastest could not be found"), "{e}");
}
