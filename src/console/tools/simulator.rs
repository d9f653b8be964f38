//! `kafkascope ...`: the simulator's own commands, for what Kafka's tools cannot
//! express (stopping a broker, cutting a client off, slowing an application). They are
//! not part of Kafka; the export to a real cluster comments them out with their
//! real-world equivalent.

use crate::console::output::Output;
use crate::console::runtime::{Console, Status};
use crate::engine::{Command, KafkaError};

use super::{processor, JobKind};

/// (usage, what it does), for `help`.
pub const COMMANDS: &[(&str, &str)] = &[
    (processor::USAGE, "run a consume-transform-produce job (transactional with --transactional-id)"),
    ("broker stop ID [--clean]", "crash a broker (or shut it down cleanly with --clean)"),
    ("broker start ID", "start a stopped broker"),
    ("brokers", "list the brokers and their state"),
    ("consumer slow %JOB MS", "make a consumer job's application take MS per record"),
    ("consumer commit %JOB", "commit a consumer job's positions now (commitSync)"),
    (
        "consumer fail %JOB every N|key K [release|reject]",
        "make a share consumer job fail records (offset a multiple of N, or key K): acknowledged with RELEASE (default) or REJECT",
    ),
    ("consumer fail %JOB off", "let it accept every record again"),
    ("disconnect %JOB", "cut a consumer job off from the network (heartbeats are lost)"),
    ("reconnect %JOB", "reconnect it"),
    ("config", "list the cluster settings and their values"),
    ("config NAME=VALUE", "change a cluster setting, e.g. log.retention.check.interval.ms=1000"),
    ("network-delay MS", "set the one-way network delay (default 2 ms)"),
    ("seed", "print the simulation's seed"),
    ("time", "print the virtual time"),
];

pub fn run(console: &mut Console, args: &[String], out: &mut Output) -> Status {
    let a: Vec<&str> = args.iter().map(String::as_str).collect();
    let result: Result<(), String> = match a.as_slice() {
        [] | ["help"] => {
            out.outln("kafkascope: simulator commands (not part of Kafka):");
            for (u, w) in COMMANDS {
                out.outln(format!("  kafkascope {u:<34} {w}"));
            }
            Ok(())
        }
        ["broker", "stop", id, rest @ ..] => broker_id(id).and_then(|broker| {
            let clean = rest.contains(&"--clean");
            console.apply(Command::StopBroker { broker, clean }).map(|_| ()).map_err(show)
        }),
        ["broker", "start", id] => {
            broker_id(id).and_then(|broker| console.apply(Command::StartBroker { broker }).map(|_| ()).map_err(show))
        }
        ["brokers"] => {
            for b in console.sim.brokers() {
                let state = if b.alive {
                    "running"
                } else if b.fenced {
                    "stopped (fenced)"
                } else {
                    "stopped"
                };
                out.outln(format!("broker {} {} {state}", b.id, b.address()));
            }
            Ok(())
        }
        ["consumer", "slow", job, ms] => job_consumer(console, job).and_then(|c| {
            let ms_per_record = ms.parse::<i64>().map_err(|_| format!("kafkascope: '{ms}' is not a number of milliseconds"))?;
            console.apply(Command::SetProcessingTime { consumer: c, ms_per_record }).map(|_| ()).map_err(show)
        }),
        ["consumer", "fail", job, rest @ ..] => job_consumer(console, job).and_then(|c| {
            use crate::engine::group::share_group::AcknowledgeType;
            use crate::engine::sim::share_member::ShareFailure;
            if !console.sim.is_share_consumer(c) {
                return Err(format!("kafkascope: {job} is not a share consumer (kafka-console-share-consumer.sh)"));
            }
            let failure = match rest {
                ["off"] => None,
                [how, what, ack @ ..] if ack.len() <= 1 => {
                    let ack = match ack.first().copied() {
                        None | Some("release") => AcknowledgeType::Release,
                        Some("reject") => AcknowledgeType::Reject,
                        Some(a) => return Err(format!("kafkascope: '{a}' is neither release nor reject")),
                    };
                    match *how {
                        "every" => match what.parse::<u64>() {
                            Ok(n) if n > 0 => Some(ShareFailure { every: Some(n), key: None, ack }),
                            _ => return Err(format!("kafkascope: '{what}' is not a positive number")),
                        },
                        "key" => Some(ShareFailure { every: None, key: Some(what.to_string()), ack }),
                        _ => {
                            return Err(
                                "kafkascope: usage: consumer fail %JOB every N|key K [release|reject], or consumer fail %JOB off".into()
                            )
                        }
                    }
                }
                _ => return Err("kafkascope: usage: consumer fail %JOB every N|key K [release|reject], or consumer fail %JOB off".into()),
            };
            console.apply(Command::SetShareAcknowledgement { consumer: c, failure, default_ack: None }).map(|_| ()).map_err(show)
        }),
        ["consumer", "commit", job] => {
            job_consumer(console, job).and_then(|c| console.apply(Command::CommitSync { consumer: c }).map(|_| ()).map_err(show))
        }
        ["disconnect", job] => job_consumer(console, job)
            .and_then(|c| console.apply(Command::SetDisconnected { consumer: c, disconnected: true }).map(|_| ()).map_err(show)),
        ["reconnect", job] => job_consumer(console, job)
            .and_then(|c| console.apply(Command::SetDisconnected { consumer: c, disconnected: false }).map(|_| ()).map_err(show)),
        ["process", rest @ ..] => processor::start(console, rest, format!("kafkascope {}", a.join(" ")), out),
        ["config"] => {
            let config = console.sim.config();
            for name in crate::engine::sim::CLUSTER_CONFIG_NAMES {
                out.outln(format!("{name}={}", config.get(name).unwrap_or_default()));
            }
            Ok(())
        }
        ["config", kv] => match kv.split_once('=') {
            Some((k, v)) => console.apply(Command::SetClusterConfig { name: k.into(), value: v.into() }).map(|_| ()).map_err(|e| {
                let hint = if crate::engine::sim::CLUSTER_CONFIG_NAMES.contains(&k) { "" } else { " (`kafkascope config` lists them)" };
                format!("{}{hint}", show(e))
            }),
            None => Err("kafkascope: config takes NAME=VALUE".into()),
        },
        ["network-delay", ms] => {
            console.apply(Command::SetClusterConfig { name: "network.delay.ms".into(), value: (*ms).into() }).map(|_| ()).map_err(show)
        }
        ["seed"] => {
            out.outln(console.sim.seed().to_string());
            Ok(())
        }
        ["time"] => {
            out.outln(crate::console::time::iso_datetime(crate::console::time::epoch_ms(console.sim.now())));
            Ok(())
        }
        _ => Err(format!("kafkascope: unknown simulator command '{}'; try `kafkascope help`", a.join(" "))),
    };
    match result {
        Ok(()) => 0,
        Err(e) => {
            out.errln(e);
            1
        }
    }
}

fn show(e: KafkaError) -> String {
    format!("kafkascope: {}: {}", e.name(), e.message)
}

fn broker_id(s: &str) -> Result<i32, String> {
    s.parse().map_err(|_| format!("kafkascope: '{s}' is not a broker id"))
}

fn job_consumer(console: &Console, job: &str) -> Result<u32, String> {
    let id = job
        .strip_prefix('%')
        .and_then(|n| n.parse::<usize>().ok())
        .ok_or_else(|| format!("kafkascope: '{job}' is not a job (use %N, see `jobs`)"))?;
    let j = console.jobs.iter().find(|j| j.id == id && !j.done).ok_or_else(|| format!("kafkascope: {job}: no such job"))?;
    match &j.kind {
        JobKind::Consumer(c) => Ok(c.consumer),
        JobKind::ShareConsumer(c) => Ok(c.consumer),
        _ => Err(format!("kafkascope: {job} is not a consumer")),
    }
}
