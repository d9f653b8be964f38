//! `kafkascope process`: a consume-transform-produce application (simulator command,
//! issue 18). It reads `--from` in the group `--group` (read_committed, no auto-commit),
//! writes each record to `--to` with the same key and `--prefix` before the value, and
//! commits the group's offsets:
//! * with `--transactional-id`, in the same transaction as the output (KIP-447's
//!   `sendOffsetsToTransaction`), so output and offsets commit or abort together;
//! * without, with `commitSync()` after the output is acknowledged (at-least-once).
//!
//! `--crash-after N` kills the process (as `kill -9`) after it has written N records, in the
//! middle of a transaction or before its commit. A real application is a loop of
//! `poll`, `beginTransaction`, `send`, `sendOffsetsToTransaction`, `commitTransaction`
//! (the export writes it out).

use crate::console::output::Output;
use crate::console::runtime::Console;
use crate::engine::map::Map;
use crate::engine::{Command, NewRecord, ProducerId, Reply};

use super::JobKind;

pub const USAGE: &str = "process --from TOPIC --to TOPIC --group GROUP [--transactional-id ID] [--prefix TEXT] [--crash-after N]";

#[derive(Clone, Debug)]
pub struct ProcessorJob {
    consumer: u32,
    producer: ProducerId,
    transactional: bool,
    to: String,
    group: String,
    prefix: String,
    crash_after: Option<u64>,
    written: u64,
    /// non-transactional: offsets to commit once the output is acknowledged
    to_commit: bool,
}

/// Parses `--flag value` pairs.
fn flags(args: &[&str]) -> Result<Map<String, String>, String> {
    let mut m = Map::new();
    let mut i = 0;
    while i < args.len() {
        let f = args[i];
        let known = ["--from", "--to", "--group", "--transactional-id", "--prefix", "--crash-after"];
        if !known.contains(&f) {
            return Err(format!("kafkascope: process: unknown option '{f}' (usage: kafkascope {USAGE})"));
        }
        let Some(v) = args.get(i + 1) else { return Err(format!("kafkascope: process: {f} needs a value")) };
        m.insert(f[2..].to_string(), v.to_string());
        i += 2;
    }
    Ok(m)
}

/// Starts the application as a background job.
pub fn start(console: &mut Console, args: &[&str], line: String, out: &mut Output) -> Result<(), String> {
    let f = flags(args)?;
    let need = |k: &str| f.get(k).cloned().ok_or_else(|| format!("kafkascope: process: --{k} is required (usage: kafkascope {USAGE})"));
    let (from, to, group) = (need("from")?, need("to")?, need("group")?);
    let crash_after = match f.get("crash-after") {
        Some(n) => Some(n.parse::<u64>().map_err(|_| format!("kafkascope: process: '{n}' is not a number of records"))?),
        None => None,
    };
    let show = |e: crate::engine::KafkaError| format!("kafkascope: {}: {}", e.name(), e.message);
    let consumer_configs = vec![
        ("group.id".to_string(), group.clone()),
        ("enable.auto.commit".to_string(), "false".to_string()),
        ("auto.offset.reset".to_string(), "earliest".to_string()),
        ("isolation.level".to_string(), "read_committed".to_string()),
        ("client.id".to_string(), format!("{group}-processor")),
    ];
    let Reply::ConsumerCreated(consumer) = console.apply(Command::CreateConsumer { configs: consumer_configs }).map_err(show)? else {
        unreachable!("CreateConsumer answers ConsumerCreated")
    };
    console.apply(Command::Subscribe { consumer, topics: vec![from] }).map_err(show)?;
    let tid = f.get("transactional-id").cloned();
    let mut producer_configs = vec![("client.id".to_string(), format!("{group}-processor"))];
    if let Some(t) = &tid {
        producer_configs.push(("transactional.id".to_string(), t.clone()));
    }
    let Reply::ProducerCreated(producer) = console.apply(Command::CreateProducer { configs: producer_configs }).map_err(show)? else {
        unreachable!("CreateProducer answers ProducerCreated")
    };
    if tid.is_some() {
        console.apply(Command::InitTransactions { producer }).map_err(show)?;
    }
    let job = ProcessorJob {
        consumer,
        producer,
        transactional: tid.is_some(),
        to,
        group,
        prefix: f.get("prefix").cloned().unwrap_or_default(),
        crash_after,
        written: 0,
        to_commit: false,
    };
    console.start_job(line, JobKind::Processor(job), Vec::new(), out);
    Ok(())
}

/// The application's loop: one pass per poll of the job; true once it has crashed.
pub fn poll(console: &mut Console, job: &mut ProcessorJob, out: &mut Output) -> bool {
    let state = console.sim.producers().find(|p| p.id == job.producer).map(|p| {
        let busy = p.txn.as_ref().is_some_and(|t| t.blocked || !t.queue.is_empty());
        let fatal = p.txn.as_ref().and_then(|t| (t.state == crate::engine::ClientTxnState::FatalError).then(|| t.last_error.clone()));
        (busy, p.in_flight.is_empty() && p.open.is_empty(), fatal)
    });
    let Some((busy, flushed, fatal)) = state else { return true };
    if let Some(e) = fatal {
        // the application's try-with-resources closes its clients on the way out (the
        // consumer leaves the group), then the process exits
        out.errln(super::java_trace(format!("Exception in thread \"main\" org.apache.kafka.common.errors.{}", e.unwrap_or_default())));
        stop(console, job, true, out);
        return true;
    }
    if busy {
        return false;
    }
    if job.to_commit {
        // at-least-once: the offsets once the output is written
        if !flushed {
            return false;
        }
        let _ = console.apply(Command::CommitSync { consumer: job.consumer });
        job.to_commit = false;
    }
    let records = console.sim.take_delivered(job.consumer);
    if records.is_empty() {
        return false;
    }
    let mut next: Map<(String, u32), i64> = Map::new();
    if job.transactional {
        let _ = console.apply(Command::BeginTransaction { producer: job.producer });
    }
    for r in records {
        let value = r.record.value.as_ref().map(|v| [job.prefix.as_bytes(), v].concat());
        let record = NewRecord { key: r.record.key.clone(), value, headers: Vec::new(), timestamp: None };
        let _ = console.apply(Command::Send { producer: job.producer, topic: job.to.clone(), partition: None, record });
        next.insert((r.topic.clone(), r.partition), r.record.offset + 1);
        job.written += 1;
        if job.crash_after.is_some_and(|n| job.written >= n) {
            // what was sent still goes out; then the process dies
            let _ = console.apply(Command::Flush { producer: job.producer });
            stop(console, job, false, out);
            return true;
        }
    }
    if job.transactional {
        let offsets = next.into_iter().map(|((t, p), o)| (t, p, o)).collect();
        let _ = console.apply(Command::SendOffsetsToTransaction { producer: job.producer, group: job.group.clone(), offsets });
        let _ = console.apply(Command::CommitTransaction { producer: job.producer });
    } else {
        let _ = console.apply(Command::Flush { producer: job.producer });
        job.to_commit = true;
    }
    false
}

/// `kill` (clean: the application closes its clients) or `kill -9` (a crash).
pub fn stop(console: &mut Console, job: &mut ProcessorJob, clean: bool, _out: &mut Output) {
    if clean {
        let _ = console.apply(Command::CloseProducer { producer: job.producer });
        let _ = console.apply(Command::CloseConsumer { consumer: job.consumer });
    } else {
        let _ = console.apply(Command::CrashProducer { producer: job.producer });
        let _ = console.apply(Command::CrashConsumer { consumer: job.consumer });
    }
}
