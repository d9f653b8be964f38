//! Changing a group's assignor the way it is done on a real cluster: a rolling restart
//! of its consumers with a new `partition.assignment.strategy` (classic protocol) or
//! `group.remote.assignor` (the consumer protocol, KIP-848).
//!
//! The assignor is a client setting, not a group setting: Kafka's `ConsumerCoordinator`
//! sends each member's strategies in its JoinGroup, and the coordinator picks one every
//! member supports (`ClassicGroup.selectProtocol`). Until every member restarted with the
//! new strategy, the group keeps the old one, which the simulation shows as it happens.
//! So each restarted member lists the new strategy first and the group's current one
//! second (`partition.assignment.strategy=NEW,OLD`), as Kafka's upgrade notes advise:
//! a member offering only the new one would be refused with INCONSISTENT_GROUP_PROTOCOL
//! while old members remain, and once every member offers both, the vote picks the new.
//! The UI's "change assignor" control runs the lines made here, so the click teaches
//! the commands.

use super::runtime::Console;
use super::tools::JobKind;
use crate::engine::assignor::{ClientAssignor, ServerAssignor};
use crate::engine::client_config::GroupProtocol;

/// The command lines that restart every running console consumer of `group` with
/// `assignor` (a classic assignor's name or class name, or a server assignor's name for
/// a consumer-protocol group): for each one, `kill -TERM %N` (a clean close, so it
/// leaves the group) and the same command line with the new property.
pub fn rolling_restart_with_assignor(console: &Console, group: &str, assignor: &str) -> Result<Vec<String>, String> {
    let mut lines = Vec::new();
    let current = console.sim().describe_group(group).and_then(|g| g.protocol).and_then(|p| ClientAssignor::from_name(&p).ok());
    for job in console.running_jobs() {
        let JobKind::Consumer(c) = &job.kind else { continue };
        let Some(consumer) = console.sim().consumer_state(c.consumer) else { continue };
        if consumer.group_id.as_deref() != Some(group) || !consumer.alive {
            continue;
        }
        let (property, value) = match consumer.config.group_protocol {
            GroupProtocol::Classic => {
                let a = ClientAssignor::from_name(assignor).map_err(|e| e.message)?;
                let value = match current {
                    Some(old) if old != a => format!("{},{}", a.class_name(), old.class_name()),
                    _ => a.class_name().to_string(),
                };
                ("partition.assignment.strategy", value)
            }
            GroupProtocol::Consumer => {
                let a = ServerAssignor::from_name(assignor).map_err(|e| e.message)?;
                ("group.remote.assignor", a.name().to_string())
            }
        };
        lines.push(format!("kill -TERM %{}", job.id));
        // Kafka 4.2's name for the option (KIP-1147); the old --consumer-property would
        // warn, and the two together are refused
        lines.push(format!(
            "{} {flag} {property}={value} &",
            without_property(&job.command_line, property),
            flag = config_flag(&job.command_line)
        ));
    }
    if lines.is_empty() {
        return Err(format!("No running console consumer of group {group} to restart."));
    }
    Ok(lines)
}

/// The option a restarted consumer's setting goes in: `--command-property` (Kafka 4.2+),
/// or `--consumer-property` if the command line already uses that name (the two names
/// together are refused).
fn config_flag(command_line: &str) -> &'static str {
    if command_line.split_whitespace().any(|w| w == "--consumer-property" || w.starts_with("--consumer-property=")) {
        "--consumer-property"
    } else {
        "--command-property"
    }
}

/// `command_line` without a trailing `&` and without any `--command-property NAME=...`
/// (or `--consumer-property NAME=...`) for `name`, so the new value is the only one.
fn without_property(command_line: &str, name: &str) -> String {
    let words: Vec<&str> = command_line.trim().trim_end_matches('&').split_whitespace().collect();
    let mut out: Vec<&str> = Vec::with_capacity(words.len());
    let mut i = 0;
    while i < words.len() {
        let w = words[i];
        let flag = w == "--consumer-property" || w == "--command-property";
        let value = if flag {
            words.get(i + 1).copied()
        } else {
            w.strip_prefix("--consumer-property=").or_else(|| w.strip_prefix("--command-property="))
        };
        if value.is_some_and(|v| v.split('=').next().map(str::trim) == Some(name)) {
            i += if flag { 2 } else { 1 };
            continue;
        }
        out.push(w);
        i += 1;
    }
    out.join(" ")
}

#[cfg(test)]
mod tests {
    use super::without_property;

    #[test]
    fn drops_the_old_value_and_the_ampersand() {
        let line = "kafka-console-consumer.sh --topic t --group g --consumer-property partition.assignment.strategy=range --consumer-property client.id=a &";
        assert_eq!(
            without_property(line, "partition.assignment.strategy"),
            "kafka-console-consumer.sh --topic t --group g --consumer-property client.id=a"
        );
        assert_eq!(without_property("c --consumer-property=group.remote.assignor=uniform", "group.remote.assignor"), "c");
    }
}
