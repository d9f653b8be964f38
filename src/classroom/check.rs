//! Claims a lesson makes about the simulation (`#! expect CLAIM`), and checking them.
//!
//! A claim is one line of a small language, read left to right: a subject (`group G`,
//! `partition T P`, `topic T`, `broker B`, `job %N`, `output`) and what is claimed of it.
//! Claims are checked against a [`Console`] after a step's commands ran, so each one
//! states something a student could confirm with Kafka's own tools
//! (`kafka-consumer-groups.sh --describe`, `kafka-get-offsets.sh`,
//! `kafka-topics.sh --describe`) at that moment. `static/lessons/FORMAT.md` lists every
//! claim for lesson authors.
//!
//! Group claims see a group as `kafka-consumer-groups.sh --describe` does
//! ([`crate::engine::Sim::describe_group`]): a classic group reports its members'
//! partitions only while it is Stable, so `owner` says `none` during a rebalance.

use crate::engine::sorting;
use std::fmt;

use crate::console::output::Output;
use crate::console::tools::JobKind;
use crate::console::Console;
use crate::engine::group::{GroupState, GroupType};
use crate::engine::sim::{GroupDescription, MemberDescription};

/// What a claim says about a partition.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PartitionFact {
    /// the leader's log end offset (the next offset to be written)
    LogEndOffset(i64),
    /// the first offset still in the log (retention moves it)
    LogStartOffset(i64),
    /// the offset up to which every in-sync replica has the records; consumers read below it
    HighWatermark(i64),
    /// the last stable offset (issue 18)
    LastStableOffset(i64),
    /// the broker leading the partition, `None` when it has no leader
    Leader(Option<i32>),
    /// the in-sync replicas, in any order (none: an empty ISR, possible with ELR)
    Isr(Vec<i32>),
    /// the eligible leader replicas (KIP-966), in any order
    Elr(Vec<i32>),
    /// records with this key are on this partition and on no other of the topic
    Key(String),
    /// the number of segments in the leader's log, the active (last) one included
    Segments(usize),
}

/// One claim about the simulation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Claim {
    /// `group G state S`
    GroupState { group: String, state: GroupState },
    /// `group G members N`
    GroupMembers { group: String, members: usize },
    /// `group G generation N`: a classic group's generation id
    GroupGeneration { group: String, generation: i32 },
    /// `group G epoch N`: a consumer-protocol (KIP-848) group's group epoch
    GroupEpoch { group: String, epoch: i32 },
    /// `group G lag N`: the LAG column adds up to N, and no partition's lag is unknown
    /// (`-`, no committed offset)
    GroupLag { group: String, lag: i64 },
    /// `group G committed T P OFFSET|none`
    GroupCommitted { group: String, topic: String, partition: u32, offset: Option<i64> },
    /// `group G owner T P WHO|none`: WHO is `%N` (a console job), a client id, a
    /// `group.instance.id` or a member id
    GroupOwner { group: String, topic: String, partition: u32, owner: Option<String> },
    /// `group G assignor NAME`: the assignor the group uses (classic: chosen by vote)
    GroupAssignor { group: String, assignor: String },
    /// `group G member WHO epoch N`: a consumer-protocol (KIP-848) member's member epoch;
    /// WHO as for `owner`
    MemberEpoch { group: String, member: String, epoch: i32 },
    /// `group G absent`: no group with this id exists
    GroupAbsent { group: String },
    /// `partition T P FACT`
    Partition { topic: String, partition: u32, fact: PartitionFact },
    /// `topic T partitions N`
    TopicPartitions { topic: String, partitions: usize },
    /// `topic T absent`
    TopicAbsent { topic: String },
    /// `broker B running|stopped`
    Broker { broker: i32, running: bool },
    /// `job %N running|done`
    Job { job: usize, running: bool },
    /// `output contains TEXT`: the step's output (stdout and stderr) contains TEXT
    OutputContains(String),
    /// `output lacks TEXT`: the step's output does not contain TEXT
    OutputLacks(String),
    /// `share-group G ...` (issue 17; see `share_check`)
    Share(super::share_check::ShareClaim),
}

/// A claim that does not hold: what it expected and what the simulation has.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mismatch {
    pub expected: String,
    pub actual: String,
}

impl fmt::Display for Mismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "expected {}, actual {}", self.expected, self.actual)
    }
}

const STATES: &[GroupState] = &[
    GroupState::Empty,
    GroupState::PreparingRebalance,
    GroupState::CompletingRebalance,
    GroupState::Stable,
    GroupState::Dead,
    GroupState::Assigning,
    GroupState::Reconciling,
];

/// The claims, for error messages.
const CLAIM_FORMS: &str = "group G state|members|generation|epoch|lag|assignor ..., group G committed T P OFFSET, \
group G owner T P WHO, group G member WHO epoch N, group G absent, partition T P log-end-offset|log-start-offset|high-watermark|last-stable-offset|leader|isr|key|segments ..., \
topic T partitions N, topic T absent, broker B running|stopped, job %N running|done, output contains|lacks TEXT";

fn number<T: std::str::FromStr>(word: &str, what: &str) -> Result<T, String> {
    word.parse().map_err(|_| format!("{what} must be a non-negative integer, not '{word}'"))
}

fn words_exactly(words: &[&str], n: usize, form: &str) -> Result<(), String> {
    if words.len() == n {
        Ok(())
    } else if words.len() < n {
        Err(format!("incomplete claim: expected `{form}`"))
    } else {
        Err(format!("unexpected '{}' after `{form}`", words[n..].join(" ")))
    }
}

fn broker_list(word: &str) -> Result<Vec<i32>, String> {
    if word == "none" {
        return Ok(Vec::new());
    }
    let mut ids: Vec<i32> = word.split(',').map(|b| number::<i32>(b, "a broker id")).collect::<Result<_, _>>()?;
    sorting::sort(&mut ids);
    Ok(ids)
}

/// Parses the text after `#! expect`.
pub fn parse_claim(text: &str) -> Result<Claim, String> {
    let text = text.trim();
    if let Some(rest) = text.strip_prefix("output ") {
        let rest = rest.trim_start();
        for (verb, make) in [("contains", Claim::OutputContains as fn(String) -> Claim), ("lacks", Claim::OutputLacks)] {
            if let Some(t) = rest.strip_prefix(verb) {
                let t = t.trim();
                if t.is_empty() {
                    return Err(format!("`output {verb}` needs the text to look for"));
                }
                if rest.len() > verb.len() && !rest[verb.len()..].starts_with(char::is_whitespace) {
                    break;
                }
                return Ok(make(t.to_string()));
            }
        }
        return Err("expected `output contains TEXT` or `output lacks TEXT`".into());
    }
    let w: Vec<&str> = text.split_whitespace().collect();
    match w.as_slice() {
        [] => Err(format!("`#! expect` needs a claim: {CLAIM_FORMS}")),
        ["share-group", rest @ ..] => super::share_check::parse(rest).map(Claim::Share),
        ["group", group, rest @ ..] => {
            let group = group.to_string();
            match rest {
                ["state", s] => {
                    STATES.iter().find(|st| st.name() == *s).map(|state| Claim::GroupState { group, state: *state }).ok_or_else(|| {
                        format!("unknown group state '{s}' (one of {})", STATES.iter().map(|s| s.name()).collect::<Vec<_>>().join(", "))
                    })
                }
                ["members", n] => Ok(Claim::GroupMembers { group, members: number(n, "the member count")? }),
                ["generation", n] => Ok(Claim::GroupGeneration { group, generation: number(n, "the generation")? }),
                ["epoch", n] => Ok(Claim::GroupEpoch { group, epoch: number(n, "the epoch")? }),
                ["lag", n] => Ok(Claim::GroupLag { group, lag: number(n, "the lag")? }),
                ["assignor", a] => Ok(Claim::GroupAssignor { group, assignor: a.to_string() }),
                ["absent"] => Ok(Claim::GroupAbsent { group }),
                ["committed", tail @ ..] => {
                    words_exactly(tail, 3, "group G committed TOPIC PARTITION OFFSET|none")?;
                    let offset = if tail[2] == "none" { None } else { Some(number(tail[2], "the offset")?) };
                    Ok(Claim::GroupCommitted { group, topic: tail[0].into(), partition: number(tail[1], "the partition")?, offset })
                }
                ["member", who, "epoch", n] => {
                    Ok(Claim::MemberEpoch { group, member: who.to_string(), epoch: number(n, "the member epoch")? })
                }
                ["member", ..] => Err("expected `group G member WHO epoch N`".into()),
                ["owner", tail @ ..] => {
                    words_exactly(tail, 3, "group G owner TOPIC PARTITION WHO|none")?;
                    let owner = (tail[2] != "none").then(|| tail[2].to_string());
                    Ok(Claim::GroupOwner { group, topic: tail[0].into(), partition: number(tail[1], "the partition")?, owner })
                }
                [what, ..] if ["state", "members", "generation", "epoch", "lag", "assignor", "absent"].contains(what) => {
                    Err(format!("`group G {what}` takes {}", if *what == "absent" { "nothing more" } else { "exactly one value" }))
                }
                [what, ..] => Err(format!(
                    "unknown group claim '{what}' (state, members, generation, epoch, lag, assignor, committed, owner, member, absent)"
                )),
                [] => Err("incomplete claim: `group G` needs what is claimed, e.g. `group G state Stable`".into()),
            }
        }
        ["partition", topic, p, rest @ ..] => {
            let partition = number(p, "the partition")?;
            let fact = match rest {
                ["log-end-offset", n] => PartitionFact::LogEndOffset(number(n, "the offset")?),
                ["log-start-offset", n] => PartitionFact::LogStartOffset(number(n, "the offset")?),
                ["high-watermark", n] => PartitionFact::HighWatermark(number(n, "the offset")?),
                ["last-stable-offset", n] => PartitionFact::LastStableOffset(number(n, "the offset")?),
                ["leader", "none"] => PartitionFact::Leader(None),
                ["leader", b] => PartitionFact::Leader(Some(number(b, "the broker id")?)),
                ["isr", list] => PartitionFact::Isr(broker_list(list)?),
                ["elr", list] => PartitionFact::Elr(broker_list(list)?),
                ["key", k] => PartitionFact::Key(k.to_string()),
                ["segments", n] => PartitionFact::Segments(number(n, "the segment count")?),
                [what, ..]
                    if ["log-end-offset", "log-start-offset", "high-watermark", "last-stable-offset", "leader", "isr", "elr", "key", "segments"]
                        .contains(what) =>
                {
                    return Err(format!("`partition T P {what}` takes exactly one value"))
                }
                [what, ..] => {
                    return Err(format!(
                    "unknown partition claim '{what}' (log-end-offset, log-start-offset, high-watermark, last-stable-offset, leader, isr, elr, key, segments)"
                ))
                }
                [] => return Err("incomplete claim: `partition T P` needs what is claimed".into()),
            };
            Ok(Claim::Partition { topic: topic.to_string(), partition, fact })
        }
        ["topic", topic, "partitions", n] => Ok(Claim::TopicPartitions { topic: topic.to_string(), partitions: number(n, "the count")? }),
        ["topic", topic, "absent"] => Ok(Claim::TopicAbsent { topic: topic.to_string() }),
        ["broker", b, state @ ("running" | "stopped")] => {
            Ok(Claim::Broker { broker: number(b, "the broker id")?, running: *state == "running" })
        }
        ["job", j, state @ ("running" | "done")] => {
            let id = j.strip_prefix('%').ok_or_else(|| format!("a job is written %N, not '{j}'"))?;
            Ok(Claim::Job { job: number(id, "the job number")?, running: *state == "running" })
        }
        [subject, ..] => Err(format!("unknown claim '{text}' (subject '{subject}'); claims are: {CLAIM_FORMS}")),
    }
}

/// The console job whose consumer is `consumer`, if any.
fn job_of(console: &Console, consumer: u32) -> Option<usize> {
    console.running_jobs().find(|j| matches!(&j.kind, JobKind::Consumer(c) if c.consumer == consumer)).map(|j| j.id)
}

fn describe(console: &Console, group: &str) -> Result<GroupDescription, Mismatch> {
    console
        .sim()
        .describe_group(group)
        .ok_or_else(|| Mismatch { expected: format!("group {group} to exist"), actual: "no such group".into() })
}

fn compare<T: PartialEq + fmt::Display>(what: &str, expected: T, actual: T) -> Result<(), Mismatch> {
    if expected == actual {
        Ok(())
    } else {
        Err(Mismatch { expected: format!("{what} {expected}"), actual: format!("{what} {actual}") })
    }
}

fn show_offset(o: Option<i64>) -> String {
    o.map_or_else(|| "none".to_string(), |o| o.to_string())
}

/// Checks a claim against the console's simulation; `output` is what the step printed.
pub fn check(claim: &Claim, console: &Console, output: &Output) -> Result<(), Mismatch> {
    let sim = console.sim();
    match claim {
        Claim::Share(c) => super::share_check::check(c, console),
        Claim::GroupState { group, state } => compare("state", state.name(), describe(console, group)?.state.name()),
        Claim::GroupMembers { group, members } => compare("members", *members, describe(console, group)?.members.len()),
        Claim::GroupGeneration { group, generation } => {
            let d = describe(console, group)?;
            if d.group_type != GroupType::Classic {
                return Err(Mismatch {
                    expected: format!("generation {generation} of a classic group"),
                    actual: format!("a consumer-protocol group (use `group {group} epoch N`), group epoch {}", d.generation_id),
                });
            }
            compare("generation", *generation, d.generation_id)
        }
        Claim::GroupEpoch { group, epoch } => {
            let d = describe(console, group)?;
            if d.group_type != GroupType::Consumer {
                return Err(Mismatch {
                    expected: format!("group epoch {epoch} of a consumer-protocol group"),
                    actual: format!("a classic group (use `group {group} generation N`), generation {}", d.generation_id),
                });
            }
            compare("epoch", *epoch, d.generation_id)
        }
        Claim::GroupLag { group, lag } => {
            let d = describe(console, group)?;
            let unknown: Vec<String> =
                d.offsets.iter().filter(|r| r.lag.is_none()).map(|r| format!("{}-{}", r.topic, r.partition)).collect();
            if !unknown.is_empty() {
                return Err(Mismatch {
                    expected: format!("lag {lag}"),
                    actual: format!("no committed offset yet for {} (LAG -)", unknown.join(", ")),
                });
            }
            compare("lag", *lag, d.offsets.iter().filter_map(|r| r.lag).sum())
        }
        Claim::GroupCommitted { group, topic, partition, offset } => {
            let d = describe(console, group)?;
            let actual = d.offsets.iter().find(|r| &*r.topic == topic && r.partition == *partition).and_then(|r| r.committed);
            compare(&format!("committed offset of {topic}-{partition}"), show_offset(*offset), show_offset(actual))
        }
        Claim::GroupOwner { group, topic, partition, owner } => {
            let d = describe(console, group)?;
            let holder = d.members.iter().find(|m| m.assignment.iter().any(|tp| &*tp.topic == topic && tp.partition == *partition));
            let matches = match (owner, holder) {
                (None, None) => true,
                (Some(who), Some(m)) => match who.strip_prefix('%') {
                    Some(id) => id.parse::<usize>().ok().is_some_and(|id| job_of(console, m.consumer) == Some(id)),
                    None => m.client_id == *who || m.member_id == *who || m.instance_id.as_deref() == Some(who),
                },
                _ => false,
            };
            if matches {
                return Ok(());
            }
            let actual = match holder {
                None => "nobody".to_string(),
                Some(m) => {
                    let mut s = match job_of(console, m.consumer) {
                        Some(j) => format!("job %{j} ({})", m.client_id),
                        None => m.client_id.clone(),
                    };
                    if let Some(i) = &m.instance_id {
                        s.push_str(&format!(", group.instance.id {i}"));
                    }
                    s
                }
            };
            Err(Mismatch {
                expected: format!("{topic}-{partition} owned by {}", owner.as_deref().unwrap_or("nobody")),
                actual: format!("owned by {actual}"),
            })
        }
        Claim::GroupAssignor { group, assignor } => {
            compare("assignor", assignor.as_str(), describe(console, group)?.protocol.as_deref().unwrap_or("none"))
        }
        Claim::MemberEpoch { group, member, epoch } => {
            let d = describe(console, group)?;
            if d.group_type != GroupType::Consumer {
                return Err(Mismatch {
                    expected: format!("member {member} with epoch {epoch} in a consumer-protocol group"),
                    actual: format!("a classic group, whose members have no epoch (use `group {group} generation N`)"),
                });
            }
            let Some(m) = d.members.iter().find(|m| is_member(console, m, member)) else {
                let ids: Vec<String> = d.members.iter().map(|m| who_is(console, m)).collect();
                return Err(Mismatch {
                    expected: format!("member {member} with epoch {epoch}"),
                    actual: format!("no member {member} (members: {})", if ids.is_empty() { "none".into() } else { ids.join("; ") }),
                });
            };
            let actual = m.member_epoch.map_or_else(|| "none".to_string(), |e| e.to_string());
            compare(&format!("member epoch of {member}"), epoch.to_string(), actual)
        }
        Claim::GroupAbsent { group } => match sim.describe_group(group) {
            None => Ok(()),
            Some(d) => {
                Err(Mismatch { expected: format!("no group {group}"), actual: format!("group {group} in state {}", d.state.name()) })
            }
        },
        Claim::Partition { topic, partition, fact } => {
            let t =
                sim.topic(topic).ok_or_else(|| Mismatch { expected: format!("topic {topic} to exist"), actual: "no such topic".into() })?;
            let p = t.partitions.get(*partition as usize).ok_or_else(|| Mismatch {
                expected: format!("partition {topic}-{partition}"),
                actual: format!("{topic} has {} partitions", t.partitions.len()),
            })?;
            match fact {
                PartitionFact::LogEndOffset(n) => compare("log-end-offset", *n, p.log_end_offset()),
                PartitionFact::LogStartOffset(n) => compare("log-start-offset", *n, p.log_start_offset()),
                PartitionFact::HighWatermark(n) => compare("high-watermark", *n, p.high_watermark()),
                PartitionFact::LastStableOffset(n) => compare("last-stable-offset", *n, p.last_stable_offset()),
                PartitionFact::Segments(n) => {
                    let actual = p.leader_replica().or(p.replicas.first()).map_or(0, |r| r.log.segments().len());
                    compare("segments", *n, actual)
                }
                PartitionFact::Leader(b) => {
                    let show = |b: Option<i32>| b.map_or_else(|| "none".to_string(), |b| b.to_string());
                    compare("leader", show(*b), show(p.leader))
                }
                PartitionFact::Isr(list) | PartitionFact::Elr(list) => {
                    let (name, actual) = match fact {
                        PartitionFact::Isr(_) => ("isr", &p.isr),
                        _ => ("elr", &p.elr),
                    };
                    let mut actual = actual.clone();
                    sorting::sort(&mut actual);
                    let show = |l: &[i32]| {
                        if l.is_empty() {
                            "none".to_string()
                        } else {
                            l.iter().map(i32::to_string).collect::<Vec<_>>().join(",")
                        }
                    };
                    compare(name, show(list), show(&actual))
                }
                PartitionFact::Key(key) => {
                    let holders: Vec<u32> = t
                        .partitions
                        .iter()
                        .filter(|q| {
                            let Some(r) = q.leader_replica().or(q.replicas.first()) else { return false };
                            r.log.read(r.log.log_start_offset(), r.log.log_end_offset()).any(|rec| rec.key == Some(key.as_bytes()))
                        })
                        .map(|q| q.index)
                        .collect();
                    if holders == [*partition] {
                        return Ok(());
                    }
                    let actual = match holders.as_slice() {
                        [] => format!("no record of {topic} has key {key}"),
                        _ => format!(
                            "key {key} on partition{} {}",
                            if holders.len() > 1 { "s" } else { "" },
                            holders.iter().map(u32::to_string).collect::<Vec<_>>().join(", ")
                        ),
                    };
                    Err(Mismatch { expected: format!("key {key} on partition {partition} only"), actual })
                }
            }
        }
        Claim::TopicPartitions { topic, partitions } => match sim.topic(topic) {
            Some(t) => compare("partitions", *partitions, t.partitions.len()),
            None => Err(Mismatch { expected: format!("topic {topic} with {partitions} partitions"), actual: "no such topic".into() }),
        },
        Claim::TopicAbsent { topic } => match sim.topic(topic) {
            None => Ok(()),
            Some(_) => Err(Mismatch { expected: format!("no topic {topic}"), actual: format!("topic {topic} exists") }),
        },
        Claim::Broker { broker, running } => {
            let show = |r: bool| if r { "running" } else { "stopped" };
            match sim.brokers().iter().find(|b| b.id == *broker) {
                Some(b) => compare(&format!("broker {broker}"), show(*running), show(b.alive)),
                None => Err(Mismatch { expected: format!("broker {broker} {}", show(*running)), actual: "no such broker".into() }),
            }
        }
        Claim::Job { job, running } => {
            let actual = console.jobs().iter().find(|j| j.id == *job && !j.done).is_some();
            let show = |r: bool| if r { "running" } else { "done" };
            compare(&format!("job %{job}"), show(*running), show(actual))
        }
        Claim::OutputContains(text) => {
            let all = output_text(output);
            if all.contains(text.as_str()) {
                Ok(())
            } else {
                Err(Mismatch { expected: format!("the output to contain \"{text}\""), actual: summarize(&all) })
            }
        }
        Claim::OutputLacks(text) => {
            let all = output_text(output);
            match all.find(text.as_str()) {
                None => Ok(()),
                Some(at) => {
                    let line = all[..at].rsplit('\n').next().unwrap_or("").to_string() + all[at..].split('\n').next().unwrap_or("");
                    Err(Mismatch { expected: format!("the output not to contain \"{text}\""), actual: format!("it does: \"{line}\"") })
                }
            }
        }
    }
}

/// Whether `who` (`%N`, a client id, a `group.instance.id` or a member id) names member `m`.
fn is_member(console: &Console, m: &MemberDescription, who: &str) -> bool {
    match who.strip_prefix('%') {
        Some(id) => id.parse::<usize>().ok().is_some_and(|id| job_of(console, m.consumer) == Some(id)),
        None => m.client_id == who || m.member_id == who || m.instance_id.as_deref() == Some(who),
    }
}

/// A member as a failed claim shows it: its job, if a console job runs it, and its client id.
fn who_is(console: &Console, m: &MemberDescription) -> String {
    match job_of(console, m.consumer) {
        Some(j) => format!("job %{j} ({})", m.client_id),
        None => m.client_id.clone(),
    }
}

/// stdout and stderr in the order written, as the terminal shows them.
fn output_text(output: &Output) -> String {
    output.chunks.iter().map(|(_, t)| t.as_str()).collect()
}

/// A short description of what a step printed, for a failed `output contains`.
fn summarize(all: &str) -> String {
    let lines: Vec<&str> = all.lines().collect();
    if lines.is_empty() {
        return "no output".into();
    }
    let shown: Vec<&str> = lines.iter().rev().take(5).rev().copied().collect();
    format!("{} lines of output, ending: \"{}\"", lines.len(), shown.join("\\n"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn claims_parse() {
        assert_eq!(parse_claim("group billing state Stable"), Ok(Claim::GroupState { group: "billing".into(), state: GroupState::Stable }));
        assert_eq!(
            parse_claim("partition orders 1 isr 3,1,2"),
            Ok(Claim::Partition { topic: "orders".into(), partition: 1, fact: PartitionFact::Isr(vec![1, 2, 3]) })
        );
        assert_eq!(
            parse_claim("group g owner t 0 none"),
            Ok(Claim::GroupOwner { group: "g".into(), topic: "t".into(), partition: 0, owner: None })
        );
        assert_eq!(
            parse_claim("output contains  Processed a total of 2 messages "),
            Ok(Claim::OutputContains("Processed a total of 2 messages".into()))
        );
        assert_eq!(parse_claim("job %2 done"), Ok(Claim::Job { job: 2, running: false }));
        assert_eq!(parse_claim("group g member %3 epoch 4"), Ok(Claim::MemberEpoch { group: "g".into(), member: "%3".into(), epoch: 4 }));
        assert_eq!(
            parse_claim("partition clicks 0 segments 4"),
            Ok(Claim::Partition { topic: "clicks".into(), partition: 0, fact: PartitionFact::Segments(4) })
        );
        assert!(parse_claim("partition clicks 0 segments four").unwrap_err().contains("not 'four'"));
    }

    /// `member WHO epoch N` reads a consumer-protocol member's epoch, names the member
    /// by job, and refuses classic groups and unknown members with what it found.
    #[test]
    fn member_epoch_claims_read_consumer_protocol_members() {
        use crate::engine::{ClusterConfig, Sim};
        let mut console = Console::new(Sim::new(ClusterConfig::default(), 1));
        let script = "kafka-topics.sh --bootstrap-server localhost:9092 --create --topic t --partitions 2
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic t --group new --command-property group.protocol=consumer --command-property client.id=billing-1 &
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic t --group new --command-property group.protocol=consumer &
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic t --group old &
sleep 10";
        let (_, status) = console.run_script(script, "t");
        assert_eq!(status, 0);
        let holds = |claim: &str| check(&parse_claim(claim).unwrap(), &console, &Output::default());
        assert_eq!(holds("group new epoch 2"), Ok(()));
        assert_eq!(holds("group new member %1 epoch 2"), Ok(()));
        assert_eq!(holds("group new member %2 epoch 2"), Ok(()));
        // the console consumer's client.id is console-consumer unless one is given (Kafka 4.3)
        assert_eq!(holds("group new member billing-1 epoch 2"), Ok(()), "by client id");
        assert_eq!(
            holds("group new member %1 epoch 1").unwrap_err().to_string(),
            "expected member epoch of %1 1, actual member epoch of %1 2"
        );
        let unknown = holds("group new member %3 epoch 2").unwrap_err().actual;
        assert!(unknown.contains("no member %3") && unknown.contains("job %1"), "{unknown}");
        assert!(holds("group old member %3 epoch 1").unwrap_err().actual.contains("classic group"));
        assert!(holds("group nobody member %1 epoch 1").unwrap_err().actual.contains("no such group"));
    }

    /// `segments` counts the leader's segments: one empty active segment for a new
    /// partition, then a new one each time a record finds the active segment older
    /// than `segment.ms` (Kafka 4 refuses a `segment.bytes` under 1 MiB).
    #[test]
    fn segments_claim_counts_the_leaders_segments() {
        use crate::engine::{ClusterConfig, Sim};
        let mut console = Console::new(Sim::new(ClusterConfig::default(), 1));
        let holds = |console: &Console, claim: &str| check(&parse_claim(claim).unwrap(), console, &Output::default());
        let create = "kafka-topics.sh --bootstrap-server localhost:9092 --create --topic c --replication-factor 3 --config segment.ms=1000";
        let (_, status) = console.run_script(create, "t");
        assert_eq!(status, 0);
        assert_eq!(holds(&console, "partition c 0 segments 1"), Ok(()), "a new partition has one empty active segment");
        // three bursts, two seconds apart: each later burst rolls a new segment
        let produce = "kafka-console-producer.sh --bootstrap-server localhost:9092 --topic c <<EOF\n1\n2\n3\nEOF\nsleep 2\n\
            kafka-console-producer.sh --bootstrap-server localhost:9092 --topic c <<EOF\n4\n5\nEOF\nsleep 2\n\
            kafka-console-producer.sh --bootstrap-server localhost:9092 --topic c <<EOF\n6\n7\nEOF";
        let (_, status) = console.run_script(produce, "t");
        assert_eq!(status, 0);
        assert_eq!(holds(&console, "partition c 0 log-end-offset 7"), Ok(()));
        assert_eq!(holds(&console, "partition c 0 segments 3"), Ok(()));
        let m = holds(&console, "partition c 0 segments 2").unwrap_err();
        assert_eq!(m.to_string(), "expected segments 2, actual segments 3");
    }

    #[test]
    fn bad_claims_say_why() {
        for (text, needle) in [
            ("group g state Happy", "unknown group state 'Happy'"),
            ("group g members three", "not 'three'"),
            ("group g members 3 4", "exactly one value"),
            ("group g", "incomplete"),
            ("partition t x leader 1", "not 'x'"),
            ("partition t 0 colour red", "unknown partition claim"),
            ("weather sunny", "unknown claim"),
            ("output contains", "needs the text"),
            ("output containsX y", "expected `output contains TEXT`"),
            ("job 2 done", "%N"),
            ("group g committed t 0", "incomplete"),
            ("partition t 0 segments", "exactly one value"),
            ("group g member %1 epoch", "group G member WHO epoch N"),
            ("group g member %1 generation 2", "group G member WHO epoch N"),
            ("group g member %1 epoch x", "not 'x'"),
            ("partition t 0 segments -1", "not '-1'"),
            ("", "needs a claim"),
        ] {
            let e = parse_claim(text).expect_err(text);
            assert!(e.contains(needle), "{text}: {e}");
        }
    }
}
