//! `kafka-transactions.sh` (tools/src/main/java/org/apache/kafka/tools/TransactionsCommand.java,
//! Kafka 4.3, read for issue 18): `list`, `describe`, `describe-producers`, `find-hanging`
//! and `abort`, with the tool's tables (`prettyPrintTable`: each column padded to its
//! widest value, then a tab) and its error lines (`printErrorAndExit`: the message, ": ",
//! the cause's message and ". Enable debug logging for additional detail.").
//!
//! Simplifications: argparse4j's usage and error texts are given in one short form (not
//! justified as argparse4j does); rows come sorted by transactional id or producer id
//! (Kafka's follow its hash maps); `describe-producers` lists transactional producers only
//! (Kafkascope keeps a plain idempotent producer's state elsewhere).

use crate::console::output::Output;
use crate::console::runtime::{Console, Status};
use crate::console::time::epoch_ms;
use crate::engine::txn::TxnState;

use super::check_bootstrap;

const USAGE: &str = "usage: kafka-transactions.sh [-h] [-v] [--command-config FILE] --bootstrap-server host:port COMMAND ...";

const HELP: &str = "usage: kafka-transactions.sh [-h] [-v] [--command-config FILE]
                             --bootstrap-server host:port COMMAND ...

This tool is used to analyze the transactional state of producers in the
cluster. It can be used to detect and recover from hanging transactions.

optional arguments:
  -h, --help             show this help message and exit
  -v, --version          show the version of  this  Kafka  distribution  and
                         exit
  --command-config FILE  property file containing  configs  to  be  passed  to
                         admin client
  --bootstrap-server host:port
                         hostname and port for the broker to connect to, in
                         the form `host:port`  (multiple  comma-separated
                         entries can be given)

commands:
  COMMAND
    list                 list transactions
    describe             describe the state of an active transactional-id
    describe-producers   describe the states of active producers for a topic
                         partition
    abort                abort a hanging transaction (requires administrative
                         privileges)
    find-hanging         find hanging transactions
";

/// (command, its flags taking a value)
const COMMANDS: &[(&str, &[&str])] = &[
    ("list", &[]),
    ("describe", &["--transactional-id"]),
    ("describe-producers", &["--broker-id", "--topic", "--partition"]),
    ("abort", &["--topic", "--partition", "--start-offset", "--producer-id", "--producer-epoch", "--coordinator-epoch"]),
    ("find-hanging", &["--broker-id", "--max-transaction-timeout", "--topic", "--partition"]),
];

fn usage_error(out: &mut Output, msg: &str) -> Status {
    out.errln(USAGE);
    out.errln(format!("kafka-transactions.sh: error: {msg}"));
    1
}

fn fail(out: &mut Output, msg: &str) -> Status {
    out.errln(msg);
    1
}

/// `prettyPrintTable`.
fn table(headers: &[&str], rows: &[Vec<String>], out: &mut Output) {
    let mut widths: Vec<usize> = headers.iter().map(|h| h.len()).collect();
    for r in rows {
        for (w, v) in widths.iter_mut().zip(r) {
            *w = (*w).max(v.len());
        }
    }
    let line = |cells: Vec<&str>| cells.iter().zip(&widths).map(|(c, w)| format!("{c:<w$}\t")).collect::<String>();
    out.outln(line(headers.to_vec()));
    for r in rows {
        out.outln(line(r.iter().map(String::as_str).collect()));
    }
}

pub fn run(console: &mut Console, args: &[String], out: &mut Output) -> Status {
    let mut bootstrap = None;
    let mut i = 0;
    let mut command: Option<&(&str, &[&str])> = None;
    let mut named: Vec<(String, String)> = Vec::new();
    while i < args.len() {
        let a = args[i].as_str();
        match (a, command) {
            ("-h" | "--help", _) => {
                out.out(HELP);
                return 0;
            }
            ("-v" | "--version", None) => {
                out.outln(crate::engine::KAFKA_VERSION);
                return 0;
            }
            ("--bootstrap-server" | "--command-config", None) => {
                let Some(v) = args.get(i + 1) else { return usage_error(out, &format!("argument {a}: expected one argument")) };
                if a == "--bootstrap-server" {
                    bootstrap = Some(v.clone());
                }
                i += 1;
            }
            (c, None) if !c.starts_with('-') => match COMMANDS.iter().find(|(n, _)| *n == c) {
                Some(found) => command = Some(found),
                None => {
                    let choices = COMMANDS.iter().map(|(n, _)| *n).collect::<Vec<_>>().join(", ");
                    return usage_error(out, &format!("argument COMMAND: invalid choice: '{c}' (choose from {choices})"));
                }
            },
            (flag, Some((_, flags))) if flags.contains(&flag) => {
                let Some(v) = args.get(i + 1) else { return usage_error(out, &format!("argument {flag}: expected one argument")) };
                named.push((flag.to_string(), v.clone()));
                i += 1;
            }
            (other, _) => return usage_error(out, &format!("unrecognized arguments: '{other}'")),
        }
        i += 1;
    }
    let Some(bootstrap) = bootstrap else { return usage_error(out, "argument --bootstrap-server is required") };
    let Some((command, _)) = command else { return usage_error(out, "too few arguments") };
    if let Err(e) = check_bootstrap(console, &bootstrap) {
        out.errln(e);
        return 1;
    }
    let get = |k: &str| named.iter().rev().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
    // argparse4j's type conversions
    let int = |k: &str| -> Result<Option<i64>, String> {
        match get(k) {
            None => Ok(None),
            Some(v) => v.parse::<i64>().map(Some).map_err(|_| format!("argument {k}: could not convert '{v}' to Integer")),
        }
    };
    let parsed = (|| -> Result<_, String> {
        Ok((
            int("--partition")?,
            int("--broker-id")?,
            int("--start-offset")?,
            int("--producer-id")?,
            int("--producer-epoch")?,
            int("--coordinator-epoch")?,
            int("--max-transaction-timeout")?,
        ))
    })();
    let (partition, broker_id, start_offset, producer_id, producer_epoch, coordinator_epoch, max_timeout) = match parsed {
        Ok(v) => v,
        Err(e) => return usage_error(out, &e),
    };
    let required = |k: &str| if get(k).is_none() { Some(format!("argument {k} is required")) } else { None };
    let now = console.sim.now();
    match *command {
        "list" => {
            let mut rows: Vec<Vec<String>> = console
                .sim
                .transactions()
                .filter(|m| m.state != TxnState::Dead)
                .filter_map(|m| {
                    let coordinator = console.sim.transaction_coordinator(&m.transactional_id)?;
                    Some(vec![
                        m.transactional_id.to_string(),
                        coordinator.to_string(),
                        m.producer_id.to_string(),
                        m.state.name().to_string(),
                    ])
                })
                .collect();
            crate::engine::sorting::sort_by(&mut rows, |a, b| {
                (a[1].parse::<i32>().unwrap_or(0), &a[0]).cmp(&(b[1].parse::<i32>().unwrap_or(0), &b[0]))
            });
            table(&["TransactionalId", "Coordinator", "ProducerId", "TransactionState"], &rows, out);
            0
        }
        "describe" => {
            if let Some(e) = required("--transactional-id") {
                return usage_error(out, &e);
            }
            let id = get("--transactional-id").unwrap_or_default();
            let prefix = format!("Failed to describe transaction state of transactional-id `{id}`");
            let Some(coordinator) = console.sim.transaction_coordinator(id) else {
                return fail(out, &format!("{prefix}: The coordinator is not available.. Enable debug logging for additional detail."));
            };
            let Some(m) = console.sim.transactions().find(|m| &*m.transactional_id == id && m.state != TxnState::Dead) else {
                return fail(
                    out,
                    &format!("{prefix}: The transactionalId could not be found.. Enable debug logging for additional detail."),
                );
            };
            let (start, duration) = if m.txn_start_ms >= 0 {
                (epoch_ms(m.txn_start_ms).to_string(), (now - m.txn_start_ms).to_string())
            } else {
                ("None".to_string(), "None".to_string())
            };
            // DescribeTransactions lists the partitions still in the transaction (while
            // preparing: those whose markers are not yet written)
            let parts =
                if matches!(m.state, TxnState::PrepareCommit | TxnState::PrepareAbort) { &m.pending_markers } else { &m.partitions };
            let parts: Vec<String> = parts.iter().map(|(t, p)| format!("{t}-{p}")).collect();
            let row = vec![
                coordinator.to_string(),
                id.to_string(),
                m.producer_id.to_string(),
                m.producer_epoch.to_string(),
                m.state.name().to_string(),
                m.txn_timeout_ms.to_string(),
                start,
                duration,
                parts.join(","),
            ];
            let headers = [
                "CoordinatorId",
                "TransactionalId",
                "ProducerId",
                "ProducerEpoch",
                "TransactionState",
                "TransactionTimeoutMs",
                "CurrentTransactionStartTimeMs",
                "TransactionDurationMs",
                "TopicPartitions",
            ];
            table(&headers, &[row], out);
            0
        }
        "describe-producers" => {
            if let Some(e) = required("--topic").or_else(|| required("--partition")) {
                return usage_error(out, &e);
            }
            let topic = get("--topic").unwrap_or_default();
            let p = partition.unwrap_or(0);
            let on = broker_id.map_or("leader".to_string(), |b| format!("broker {b}"));
            let prefix = format!("Failed to describe producers for partition {topic}-{p} on {on}");
            let Some(part) = console.sim.topic(topic).and_then(|t| t.partitions.get(p.max(0) as usize)).filter(|_| p >= 0) else {
                return fail(
                    out,
                    &format!("{prefix}: This server does not host this topic-partition.. Enable debug logging for additional detail."),
                );
            };
            let replica = match broker_id {
                Some(b) => part.replica(b as i32),
                None => part.leader_replica(),
            };
            let Some(replica) = replica else {
                let why = if broker_id.is_some() {
                    "This server does not host this topic-partition."
                } else {
                    "There is no leader for this topic-partition as we are in the middle of a leadership election."
                };
                return fail(out, &format!("{prefix}: {why}. Enable debug logging for additional detail."));
            };
            let rows: Vec<Vec<String>> = replica
                .log
                .producer_state()
                .producers()
                .map(|e| {
                    vec![
                        e.producer_id.to_string(),
                        e.epoch.to_string(),
                        e.coordinator_epoch.to_string(),
                        e.last_sequence.to_string(),
                        epoch_ms(e.last_timestamp).to_string(),
                        e.current_txn_first_offset.map_or("None".to_string(), |o| o.to_string()),
                    ]
                })
                .collect();
            let headers =
                ["ProducerId", "ProducerEpoch", "LatestCoordinatorEpoch", "LastSequence", "LastTimestamp", "CurrentTransactionStartOffset"];
            table(&headers, &rows, out);
            0
        }
        "find-hanging" => {
            let topic = get("--topic");
            if topic.is_none() && broker_id.is_none() {
                return fail(out, "The `find-hanging` command requires either --topic or --broker-id to limit the scope of the search");
            }
            if partition.is_some() && topic.is_none() {
                return fail(out, "The --partition argument requires --topic to be provided");
            }
            let max_ms = max_timeout.unwrap_or(15) * 60_000;
            let mut rows = Vec::new();
            for t in console.sim.topics() {
                if topic.is_some_and(|n| n != &*t.name) {
                    continue;
                }
                for part in &t.partitions {
                    if partition.is_some_and(|p| p != part.index as i64) {
                        continue;
                    }
                    let replica = match broker_id {
                        Some(b) => part.replica(b as i32),
                        None => part.leader_replica(),
                    };
                    let Some(replica) = replica else { continue };
                    for e in replica.log.producer_state().producers() {
                        let Some(start) = e.current_txn_first_offset else { continue };
                        if now - e.last_timestamp <= max_ms {
                            continue;
                        }
                        // hanging unless the coordinator still lists this partition in
                        // the producer's transaction
                        let listed = console.sim.transactions().any(|m| {
                            m.producer_id == e.producer_id
                                && m.partitions.iter().chain(&m.pending_markers).any(|(tn, pn)| *tn == t.name && *pn == part.index)
                        });
                        if listed {
                            continue;
                        }
                        rows.push(vec![
                            t.name.to_string(),
                            part.index.to_string(),
                            e.producer_id.to_string(),
                            e.epoch.to_string(),
                            e.coordinator_epoch.to_string(),
                            start.to_string(),
                            epoch_ms(e.last_timestamp).to_string(),
                            ((now - e.last_timestamp) / 60_000).to_string(),
                        ]);
                    }
                }
            }
            let headers =
                ["Topic", "Partition", "ProducerId", "ProducerEpoch", "CoordinatorEpoch", "StartOffset", "LastTimestamp", "Duration(min)"];
            table(&headers, &rows, out);
            0
        }
        _ => {
            // abort
            if let Some(e) = required("--topic").or_else(|| required("--partition")) {
                return usage_error(out, &e);
            }
            let topic = get("--topic").unwrap_or_default().to_string();
            let p = partition.unwrap_or(0);
            let tp = format!("{topic}-{p}");
            let spec = match (start_offset, producer_id) {
                (None, None) => {
                    return fail(
                        out,
                        "The transaction to abort must be identified either with --start-offset (for brokers on 3.0 or above) or with --producer-id, --producer-epoch, and --coordinator-epoch (for older brokers)",
                    )
                }
                (Some(start), _) => {
                    let leader = console.sim.topic(&topic).and_then(|t| t.partitions.get(p.max(0) as usize)).and_then(|x| x.leader_replica());
                    let Some(leader) = leader else {
                        return fail(out, &format!("Failed to validate producer state for partition {tp}: This server does not host this topic-partition.. Enable debug logging for additional detail."));
                    };
                    let found = leader.log.producer_state().producers().find(|e| e.current_txn_first_offset == Some(start));
                    let Some(e) = found else {
                        return fail(out, &format!("Could not find any open transactions starting at offset {start} on partition {tp}"));
                    };
                    (e.producer_id, e.epoch, e.coordinator_epoch.max(0))
                }
                (None, Some(pid)) => {
                    let Some(epoch) = producer_epoch else { return fail(out, "Missing required argument --producer-epoch") };
                    let Some(ce) = coordinator_epoch else { return fail(out, "Missing required argument --coordinator-epoch") };
                    (pid, epoch as i16, ce.max(0) as i32)
                }
            };
            let cmd = crate::engine::Command::AbortHangingTransaction {
                topic: topic.clone(),
                partition: p.max(0) as u32,
                producer_id: spec.0,
                epoch: spec.1,
                coordinator_epoch: spec.2,
            };
            match console.apply(cmd) {
                Ok(_) => 0,
                Err(e) => fail(
                    out,
                    &format!(
                        "Failed to abort transaction AbortTransactionSpec(topicPartition={tp}, producerId={}, producerEpoch={}, coordinatorEpoch={}): {}. Enable debug logging for additional detail.",
                        spec.0, spec.1, spec.2, e.message
                    ),
                ),
            }
        }
    }
}
