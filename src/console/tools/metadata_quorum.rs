//! `kafka-metadata-quorum.sh` (tools/MetadataQuorumCommand.java, Kafka 4.x): `describe
//! --status` and `describe --replication [--human-readable]` of the KRaft controller
//! quorum that `engine::sim::quorum` models (one controller, node 0, the brokers as
//! observers). Its parser is argparse4j's: errors print the usage and
//! `kafka-metadata-quorum: error: ...`; a `TerseException` prints its message alone.
//! `add-controller` and `remove-controller` are not simulated (one controller only).

use crate::console::output::Output;
use crate::console::runtime::{Console, Status};
use crate::console::time::epoch_ms;
use crate::engine::sim::quorum::{QuorumReplica, CONTROLLER_ENDPOINT};

const USAGE: &str = "usage: kafka-metadata-quorum [-h] [--command-config COMMAND_CONFIG] (--bootstrap-server BOOTSTRAP_SERVER | --bootstrap-controller BOOTSTRAP_CONTROLLER) {describe,add-controller,remove-controller} ...";

/// argparse4j's help screen (`-h`), whose text Kafkascope lays out in argparse4j's form.
const HELP: &str = "\nThis tool describes kraft metadata quorum status.

positional arguments:
  {describe,add-controller,remove-controller}
    describe             Describe the metadata quorum info
    add-controller       Add a controller to the KRaft controller cluster
    remove-controller    Remove a controller from the KRaft controller cluster

named arguments:
  -h, --help             show this help message and exit
  --bootstrap-server BOOTSTRAP_SERVER
                         A comma-separated list of host:port pairs to use for establishing the connection to the Kafka cluster.
  --bootstrap-controller BOOTSTRAP_CONTROLLER
                         A comma-separated list of host:port pairs to use for establishing the connection to the Kafka controllers.
  --command-config COMMAND_CONFIG
                         Property file containing configs to be passed to Admin Client. For add-controller, the file is used to specify the controller properties as well.";

fn parse_error(out: &mut Output, message: &str) -> Status {
    out.errln(USAGE);
    out.errln(format!("kafka-metadata-quorum: error: {message}"));
    1
}

pub fn run(console: &mut Console, args: &[String], out: &mut Output) -> Status {
    let (mut server, mut controller, mut command) = (None, None, None);
    let (mut status, mut replication, mut human) = (false, false, false);
    let mut i = 0;
    while i < args.len() {
        let a = args[i].as_str();
        let value = |i: usize| args.get(i + 1).cloned();
        match a {
            "-h" | "--help" => {
                out.outln(USAGE);
                out.outln(HELP);
                return 0; // HelpScreenException: status 0
            }
            "--bootstrap-server" | "--bootstrap-controller" | "--command-config" if command.is_none() => {
                let Some(v) = value(i) else { return parse_error(out, &format!("argument {a}: expected one argument")) };
                match a {
                    "--bootstrap-server" => server = Some(v),
                    "--bootstrap-controller" => controller = Some(v),
                    _ => {
                        out.errln("Kafkascope's kafka-metadata-quorum.sh takes no --command-config.");
                        return 1;
                    }
                }
                i += 1;
            }
            "describe" | "add-controller" | "remove-controller" if command.is_none() => command = Some(a.to_string()),
            "--status" if command.as_deref() == Some("describe") => status = true,
            "--replication" if command.as_deref() == Some("describe") => replication = true,
            "--human-readable" if command.as_deref() == Some("describe") => human = true,
            s if command.is_none() && !s.starts_with('-') => {
                return parse_error(
                    out,
                    &format!("argument {{describe,add-controller,remove-controller}}: invalid choice: '{s}' (choose from 'describe', 'add-controller', 'remove-controller')"),
                )
            }
            s => return parse_error(out, &format!("unrecognized arguments: '{s}'")),
        }
        i += 1;
    }
    if server.is_some() && controller.is_some() {
        return parse_error(out, "argument --bootstrap-controller: not allowed with argument --bootstrap-server");
    }
    if server.is_none() && controller.is_none() {
        return parse_error(out, "one of the arguments --bootstrap-server --bootstrap-controller is required");
    }
    let Some(command) = command else { return parse_error(out, "too few arguments") };
    if command != "describe" {
        out.errln(format!("Kafkascope's quorum has one controller; kafka-metadata-quorum.sh {command} is not simulated."));
        return 1;
    }
    // Admin.create: a --bootstrap-controller must be the controller's address
    if let Some(Err(e)) = controller.as_deref().map(super::check_bootstrap_controller) {
        out.errln(e);
        return 1;
    }
    if let Some(s) = &server {
        if let Err(e) = super::check_bootstrap(console, s) {
            out.errln(e);
            return 1;
        }
    }
    // the TerseExceptions of execute, printed alone
    let terse = |out: &mut Output, m: &str| {
        out.errln(m);
        1
    };
    if status && replication {
        return terse(out, "Only one of --status or --replication should be specified with describe sub-command");
    }
    if !status && !replication {
        return terse(out, "One of --status or --replication must be specified with describe sub-command");
    }
    if status && human {
        return terse(out, "The option --human-readable is only supported along with --replication");
    }
    // with every bootstrap broker stopped the admin client's first call times out after
    // default.api.timeout.ms; the ExecutionException reaches mainNoExit's catch
    // (Throwable), which prints its message and its stack trace
    if let Some(s) = &server {
        let call = if status { "listNodes" } else { "describeMetadataQuorum" };
        if let Some(m) = super::unreachable::admin_call(console, out, s, call, super::unreachable::ADMIN_API_TIMEOUT_MS) {
            let e = format!("org.apache.kafka.common.errors.TimeoutException: {m}");
            out.errln(&e);
            super::print_stack_trace(out, format!("java.util.concurrent.ExecutionException: {e}\nCaused by: {e}"));
            return 1;
        }
    }
    let q = console.sim.metadata_quorum();
    if status {
        // handleDescribeStatus
        let node = |r: &QuorumReplica, endpoint: bool| {
            let mut s = format!("{{\"id\": {}, \"directoryId\": \"{}\"", r.node_id, r.directory_id);
            if endpoint {
                s.push_str(&format!(", \"endpoints\": [\"{CONTROLLER_ENDPOINT}\"]"));
            }
            s.push('}');
            s
        };
        let list =
            |rs: &[QuorumReplica], endpoint: bool| format!("[{}]", rs.iter().map(|r| node(r, endpoint)).collect::<Vec<_>>().join(", "));
        let leader = &q.voters[0];
        let lagging = q.voters.iter().min_by_key(|v| v.log_end_offset).expect("one voter");
        let lag_time = if lagging.node_id == leader.node_id { 0 } else { leader.last_caught_up_ms - lagging.last_caught_up_ms };
        out.outln(format!("ClusterId:              {}", console.sim.cluster_id()));
        out.outln(format!("LeaderId:               {}", q.leader_id));
        out.outln(format!("LeaderEpoch:            {}", q.leader_epoch));
        out.outln(format!("HighWatermark:          {}", q.high_watermark));
        out.outln(format!("MaxFollowerLag:         {}", leader.log_end_offset - lagging.log_end_offset));
        out.outln(format!("MaxFollowerLagTimeMs:   {lag_time}"));
        out.outln(format!("CurrentVoters:          {}", list(&q.voters, true)));
        out.outln(format!("CurrentObservers:       {}", list(&q.observers, false)));
        return 0;
    }
    // handleDescribeReplication: the leader, the other voters, the observers, printed by
    // ToolsUtils.prettyPrintTable (each cell padded to its column, then a tab)
    let now = console.sim.now();
    let leader_leo = q.voters[0].log_end_offset;
    let time = |t: i64| if human { format!("{} ms ago", now - t) } else { epoch_ms(t).to_string() };
    let mut rows: Vec<Vec<String>> =
        vec![["NodeId", "DirectoryId", "LogEndOffset", "Lag", "LastFetchTimestamp", "LastCaughtUpTimestamp", "Status"]
            .map(String::from)
            .to_vec()];
    let sets = [(&q.voters[..1], "Leader"), (&q.voters[1..], "Follower"), (&q.observers[..], "Observer")];
    for (replicas, role) in sets {
        for r in replicas {
            rows.push(vec![
                r.node_id.to_string(),
                r.directory_id.clone(),
                r.log_end_offset.to_string(),
                (leader_leo - r.log_end_offset).to_string(),
                time(r.last_fetch_ms),
                time(r.last_caught_up_ms),
                role.to_string(),
            ]);
        }
    }
    let widths: Vec<usize> = (0..7).map(|c| rows.iter().map(|r| r[c].len()).max().unwrap_or(0)).collect();
    for r in rows {
        let line: String = r.iter().zip(&widths).map(|(v, w)| format!("{v:<w$}\t")).collect();
        out.outln(line);
    }
    0
}

/// `kafka-cluster.sh cluster-id --bootstrap-server ...` (tools/ClusterTool.java):
/// `Cluster ID: <id>`.
pub fn run_cluster_tool(console: &mut Console, args: &[String], out: &mut Output) -> Status {
    const USAGE: &str = "usage: kafka-cluster [-h] {cluster-id,unregister,list-endpoints} ...";
    match args.first().map(String::as_str) {
        Some("cluster-id") => {}
        Some("-h" | "--help") => {
            out.outln(USAGE);
            out.outln("\nThe Kafka cluster tool.\n\npositional arguments:\n  {cluster-id,unregister,list-endpoints}\n    cluster-id           Get information about the ID of a cluster.\n    unregister           Unregister a broker.\n    list-endpoints       List endpoints\n\nnamed arguments:\n  -h, --help             show this help message and exit");
            return 0;
        }
        Some(s @ ("unregister" | "list-endpoints")) => {
            out.errln(format!("Kafkascope's kafka-cluster.sh answers cluster-id; {s} is not simulated."));
            return 1;
        }
        Some(s) => {
            out.errln(USAGE);
            out.errln(format!(
                "kafka-cluster: error: argument command: invalid choice: '{s}' (choose from 'cluster-id', 'unregister', 'list-endpoints')"
            ));
            return 1;
        }
        None => {
            out.errln(USAGE);
            out.errln("kafka-cluster: error: too few arguments");
            return 1;
        }
    }
    let server = match args.iter().position(|a| a == "--bootstrap-server" || a == "-b") {
        Some(i) => args.get(i + 1).cloned(),
        None => None,
    };
    let Some(server) = server else {
        out.errln("usage: kafka-cluster cluster-id [-h] (--bootstrap-server BOOTSTRAP_SERVER | --bootstrap-controller BOOTSTRAP_CONTROLLER) [--config CONFIG]");
        out.errln("kafka-cluster: error: one of the arguments --bootstrap-server --bootstrap-controller is required");
        return 1;
    };
    if let Err(e) = super::check_bootstrap(console, &server) {
        out.errln(e);
        return 1;
    }
    out.outln(format!("Cluster ID: {}", console.sim.cluster_id()));
    0
}
