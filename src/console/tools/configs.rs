//! `kafka-configs.sh --entity-type topics` (core/src/main/scala/kafka/admin/ConfigCommand.scala,
//! Kafka 3.8; `checkArgs`, the describe headers and the errors checked against 4.x's Java
//! ConfigCommand): `--describe`, `--alter --add-config k=v,...`, `--delete-config k`;
//! `--entity-type brokers --describe` (per broker or `--entity-default`) lists no dynamic
//! config, as none is ever set in Kafkascope; with `--all` a broker lists the configs the
//! simulation models (`BROKER_CONFIGS` and the `ClusterConfig` settings), not every config
//! of a real broker (simplification, said in the glossary).

use crate::console::options::OptionSpec;
use crate::console::output::Output;
use crate::console::runtime::{Console, Status};
use crate::engine::config::TOPIC_CONFIG_NAMES;
use crate::engine::Command;

use super::{check_bootstrap, usage_and_exit, BOOTSTRAP};

pub(crate) const SPECS: &[OptionSpec] = &[
    OptionSpec::with_arg("add-config", "", "Key Value pairs of configs to add. Square brackets can be used to group values which contain commas: 'k1=v1,k2=[v1,v2,v2],k3=v3'."),
    OptionSpec::flag("all", "List all configs for the given topic, broker, or broker-logger entity (includes static configuration when the entity type is brokers)"),
    OptionSpec::flag("alter", "Alter the configuration for the entity."),
    BOOTSTRAP,
    OptionSpec::with_arg("delete-config", "", "config keys to remove 'k1,k2'"),
    OptionSpec::flag("describe", "List configs for the given entity."),
    OptionSpec::flag("entity-default", "Default entity name for clients/users/brokers/ips (applies to corresponding entity type)"),
    OptionSpec::with_arg("entity-name", "", "Name of entity (topic name/client id/user principal name/broker id/ip/client metrics/group id)"),
    OptionSpec::with_arg("entity-type", "", "Type of entity (topics/clients/users/brokers/broker-loggers/ips/client-metrics/groups)"),
    OptionSpec::help_option(),
    OptionSpec::with_arg("topic", "", "The topic's name."),
    OptionSpec::version_option(),
];

/// The broker config a topic config falls back to, as `DescribeConfigs` names it among a
/// topic config's synonyms with its default (`ServerTopicConfigSynonyms`, Kafka 4.3).
/// `retention.ms` and `segment.ms` default from hour-valued broker configs
/// (`log.retention.hours`, `log.roll.hours`) and list no default synonym; the replication
/// throttles and the remote-storage switches have no broker synonym at all.
fn broker_synonym(topic_config: &str) -> Option<&'static str> {
    Some(match topic_config {
        "cleanup.policy" => "log.cleanup.policy",
        "compression.type" => "compression.type",
        "compression.gzip.level" => "compression.gzip.level",
        "compression.lz4.level" => "compression.lz4.level",
        "compression.zstd.level" => "compression.zstd.level",
        "delete.retention.ms" => "log.cleaner.delete.retention.ms",
        "max.compaction.lag.ms" => "log.cleaner.max.compaction.lag.ms",
        "max.message.bytes" => "message.max.bytes",
        "file.delete.delay.ms" => "log.segment.delete.delay.ms",
        "flush.messages" => "log.flush.interval.messages",
        "index.interval.bytes" => "log.index.interval.bytes",
        "local.retention.bytes" => "log.local.retention.bytes",
        "local.retention.ms" => "log.local.retention.ms",
        "preallocate" => "log.preallocate",
        "segment.index.bytes" => "log.index.size.max.bytes",
        "message.timestamp.after.max.ms" => "log.message.timestamp.after.max.ms",
        "message.timestamp.before.max.ms" => "log.message.timestamp.before.max.ms",
        "message.timestamp.type" => "log.message.timestamp.type",
        "min.cleanable.dirty.ratio" => "log.cleaner.min.cleanable.ratio",
        "min.compaction.lag.ms" => "log.cleaner.min.compaction.lag.ms",
        "min.insync.replicas" => "min.insync.replicas",
        "retention.bytes" => "log.retention.bytes",
        "segment.bytes" => "log.segment.bytes",
        "unclean.leader.election.enable" => "unclean.leader.election.enable",
        _ => return None,
    })
}

pub fn run(console: &mut Console, args: &[String], out: &mut Output) -> Status {
    let parser = crate::console::options::OptionParser::for_tool("kafka-configs.sh", SPECS);
    let opts = match parser.parse(args) {
        Ok(o) => o,
        Err(e) => {
            // ConfigCommand.main catches an OptionException and prints its message only
            out.errln(e.message());
            return 1;
        }
    };
    if opts.has("help") || args.is_empty() {
        out.err(parser.usage_error(
            "This tool helps to manipulate and describe entity config for a topic, client, user, broker, ip, client-metrics or group",
        ));
        return 1; // printUsageAndExit, for --help too
    }
    if opts.has("version") {
        return super::print_version(out);
    }
    let describe = opts.has("describe");
    let alter = opts.has("alter");
    // ConfigCommandOptions.checkArgs (Kafka 4.x): the action check and the invalid
    // combinations print the usage; the rest are IllegalArgumentExceptions, whose message
    // ConfigCommand.main prints alone
    if describe == alter {
        return usage_and_exit(&parser, "Command must include exactly one action: --describe, --alter", out);
    }
    if describe {
        if let Some(o) = ["add-config", "delete-config"].iter().find(|o| opts.has(o)) {
            return usage_and_exit(&parser, &format!("Option \"[describe]\" can't be used with option \"[{o}]\""), out);
        }
    }
    let refuse = |out: &mut Output, message: &str| {
        out.errln(message);
        1
    };
    let Some(bootstrap) = opts.value_of("bootstrap-server").ok().flatten() else {
        return refuse(out, "Either --bootstrap-server or --bootstrap-controller must be specified.");
    };
    // ConfigCommandOptions.entityTypes: every --entity-type, then the entity flags
    let mut types: Vec<String> = opts.values_of("entity-type").iter().map(|t| t.to_string()).collect();
    if opts.has("topic") {
        types.push("topics".into());
    }
    let mut duplicates: Vec<&str> = types.iter().enumerate().filter(|(i, t)| types[..*i].contains(t)).map(|(_, t)| t.as_str()).collect();
    duplicates.dedup();
    if !duplicates.is_empty() {
        return refuse(out, &format!("Duplicate entity type(s) specified: {}", duplicates.join(",")));
    }
    let entity_type = types.first().cloned();
    const TYPES: [&str; 8] = ["topics", "clients", "users", "brokers", "broker-loggers", "ips", "client-metrics", "groups"];
    if let Some(t) = types.iter().find(|t| !TYPES.contains(&t.as_str())) {
        return refuse(
            out,
            &format!(
                "Invalid entity type {t}, the entity type must be one of {} with a --bootstrap-server or --bootstrap-controller argument",
                TYPES.join(", ")
            ),
        );
    }
    let Some(entity_type) = entity_type else { return refuse(out, "At least one entity type must be specified") };
    if types.len() > 1 && !(types.len() == 2 && types.contains(&"users".to_string()) && types.contains(&"clients".to_string())) {
        return refuse(out, "Only 'users' and 'clients' entity types may be specified together");
    }
    if opts.has("topic") && (opts.has("entity-name") || opts.has("entity-type") || opts.has("entity-default")) {
        return refuse(out, "--entity-{type,name,default} should not be used in conjunction with specific entity flags");
    }
    // the first entity name given (several only for users with clients)
    let name = opts.values_of("entity-name").first().copied().or(opts.value_of("topic").ok().flatten()).map(str::to_string);
    let default = opts.has("entity-default");
    let defaults_allowed = ["users", "clients", "brokers", "ips"].contains(&entity_type.as_str());
    if let Some(n) = name.as_deref().filter(|_| entity_type == "brokers") {
        if n.parse::<i32>().is_err() {
            return refuse(out, &format!("The entity name for brokers must be a valid integer broker id, but it is: {n}"));
        }
    }
    if let Some(n) = name.as_deref().filter(|n| entity_type == "ips" && !super::quotas::resolvable(n)) {
        return refuse(out, &format!("The entity name for ips must be a valid IP or resolvable host, but it is: {n}"));
    }
    if describe && default && !defaults_allowed {
        return refuse(out, &format!("--entity-default must not be specified with --describe of {entity_type}"));
    }
    if alter {
        if defaults_allowed && name.is_none() && !default {
            return refuse(out, "An entity-name or default entity must be specified with --alter of users, clients, brokers or ips");
        }
        if !defaults_allowed && name.is_none() {
            return refuse(out, &format!("An entity name must be specified with --alter of {entity_type}"));
        }
        if !opts.has("add-config") && !opts.has("delete-config") {
            return refuse(out, "At least one of --add-config, --add-config-file, or --delete-config must be specified with --alter");
        }
    }
    if let Err(e) = check_bootstrap(console, bootstrap) {
        out.errln(format!("Error while executing config command with args '{}'", args.join(" ")));
        out.errln(e);
        return 1;
    }
    // ConfigCommand waits 30 s for the DescribeConfigs it starts with (Kafka 4.x Java:
    // `get(30, TimeUnit.SECONDS)`); with no broker to reach, a java.util.concurrent
    // TimeoutException, which main prints after the command line with its stack trace
    if super::unreachable::admin_call(console, out, bootstrap, "describeConfigs", 30_000).is_some() {
        out.errln(format!("Error while executing config command with args '{}'", args.join(" ")));
        out.errln(super::java_trace("java.util.concurrent.TimeoutException".into()));
        return 1;
    }
    // the names, one per type ("" for --entity-default), as ConfigCommandOptions.entityNames
    let mut names: Vec<String> = opts.values_of("entity-name").iter().map(|n| n.to_string()).collect();
    names.extend(opts.value_of("topic").ok().flatten().map(str::to_string));
    if default {
        names.push(String::new());
    }
    if alter && names.len() != types.len() {
        return refuse(out, "An entity name must be specified for every entity type");
    }
    let (adds, deletes) = if alter {
        match parse_alter(&opts) {
            Ok(v) => v,
            Err(message) => return refuse(out, &message),
        }
    } else {
        (Vec::new(), Vec::new())
    };
    match entity_type.as_str() {
        "clients" | "users" | "ips" => return super::quotas::run(console, &types, &names, describe, adds, deletes, args, out),
        "groups" => return super::share_groups::configs(console, &name, describe, opts.has("all"), adds, deletes, args, out),
        "topics" => {}
        "brokers" if describe && opts.has("all") => return describe_brokers_all(console, name.as_deref(), default, args, out),
        // no broker config is ever set dynamically in Kafkascope: describing shows none
        "brokers" if describe && !opts.has("all") => {
            // ConfigCommand.describeResourceConfig: without a name, every broker
            // describeCluster lists, then the cluster default
            let mut entities: Vec<Option<String>> = match (&name, default) {
                (Some(n), _) => vec![Some(n.clone())],
                (None, true) => vec![None],
                (None, false) => console.sim.brokers().iter().filter(|b| b.alive).map(|b| Some(b.id.to_string())).collect(),
            };
            if name.is_none() && !default {
                entities.push(None);
            }
            // describeResourceConfig (Kafka 4.x): a broker id describeCluster does not list
            if let Some(n) = name.as_deref().filter(|n| !console.sim.brokers().iter().any(|b| b.alive && b.id.to_string() == **n)) {
                out.outln(format!("The broker '{n}' doesn't exist and doesn't have dynamic config."));
                return 0;
            }
            for e in entities {
                match e {
                    Some(id) => out.outln(format!("Dynamic configs for broker {id} are:")),
                    None => out.outln("Default configs for brokers in the cluster are:"),
                }
            }
            return 0;
        }
        other => {
            out.errln(format!(
                "Kafkascope's kafka-configs.sh handles --entity-type topics, clients, users, ips and groups, and describes brokers' configs; '{other}'{} is not simulated (Kafkascope's broker settings change with `kafkascope config`).",
                if other == "brokers" { " with --alter" } else { "" }
            ));
            return 1;
        }
    }
    if describe {
        let topics: Vec<_> = console.sim.topics().filter(|t| name.as_deref().is_none_or(|n| n == &*t.name)).collect();
        if let Some(n) = &name {
            // describeResourceConfig (Kafka 4.x): without --all a missing topic is a line
            // on stdout, exit 0; with --all DescribeConfigs fails
            if topics.is_empty() && !opts.has("all") {
                out.outln(format!("The topic '{n}' doesn't exist and doesn't have dynamic config."));
                return 0;
            }
            if topics.is_empty() {
                out.errln(format!("Error while executing config command with args '{}'", args.join(" ")));
                let cause = format!("org.apache.kafka.common.errors.UnknownTopicOrPartitionException: The topic '{n}' does not exist.");
                out.errln(super::java_trace(format!("java.util.concurrent.ExecutionException: {cause}\nCaused by: {cause}")));
                return 1;
            }
        }
        for t in topics {
            // ConfigCommand.describeResourceConfig: "All" with --all, else "Dynamic"
            out.outln(format!("{} configs for topic {} are:", if opts.has("all") { "All" } else { "Dynamic" }, t.name));
            let names: Vec<&str> =
                if opts.has("all") { TOPIC_CONFIG_NAMES.to_vec() } else { t.config.overrides.keys().map(String::as_str).collect() };
            // a topic without its own unclean.leader.election.enable takes the cluster's
            let cluster = console.sim.config().unclean_leader_election_enable;
            for k in names {
                let v = match k {
                    "unclean.leader.election.enable" => t.config.unclean_leader_election(cluster).to_string(),
                    _ => t.config.get(k).unwrap_or_default(),
                };
                // strongest first: the topic's own value, the broker's, the default of the
                // broker config the topic config falls back to (its synonym)
                let mut synonyms = Vec::new();
                if t.config.overrides.contains_key(k) {
                    synonyms.push(format!("DYNAMIC_TOPIC_CONFIG:{k}={}", t.config.get(k).unwrap_or_default()));
                }
                if k == "unclean.leader.election.enable" && cluster {
                    synonyms.push(format!("STATIC_BROKER_CONFIG:{k}=true"));
                }
                if let Some(broker) = broker_synonym(k) {
                    let default = crate::engine::config::TopicConfig::default().get(k).unwrap_or_else(|| "false".into());
                    synonyms.push(format!("DEFAULT_CONFIG:{broker}={default}"));
                }
                let synonyms = synonyms.join(", ");
                out.outln(format!("  {k}={v} sensitive=false synonyms={{{synonyms}}}"));
            }
        }
        return 0;
    }
    let Some(name) = name else {
        out.errln("An entity name must be specified with --alter of topics");
        return 1;
    };
    if adds.is_empty() && deletes.is_empty() {
        out.errln("At least one of --add-config, --add-config-file, or --delete-config must be specified with --alter");
        return 1;
    }
    let set = adds;
    match console.apply(Command::AlterTopicConfig { topic: name.clone(), set, delete: deletes }) {
        Ok(_) => {
            out.outln(format!("Completed updating config for topic {name}."));
            0
        }
        Err(e) => {
            out.errln(format!("Error while executing config command with args '{}'", args.join(" ")));
            let cause = super::exception_text(&e);
            out.errln(super::java_trace(format!("java.util.concurrent.ExecutionException: {cause}\nCaused by: {cause}")));
            1
        }
    }
}

/// The broker configs `--describe --all` lists (Kafka 4.3's defaults: `ServerLogConfigs`,
/// `ReplicationConfigs`, `GroupCoordinatorConfig`, `ShareGroupConfig`,
/// `TransactionLogConfig`, `TransactionStateManagerConfig`, `KRaftConfigs`): the ones the
/// simulation reads, not every one of a real broker's several hundred. Those in
/// `ClusterConfig` come from it (`kafkascope config` stands for the broker's
/// server.properties, so a changed one shows a STATIC_BROKER_CONFIG synonym); `null` is a
/// config without a default, listed without synonyms, as `DescribeConfigs` does once
/// `ConfigHelper.configSynonyms` has dropped its hour-valued synonym.
const BROKER_CONFIGS: &[(&str, &str)] = &[
    ("compression.type", "producer"),
    ("group.consumer.assignors", "uniform,range"),
    ("group.initial.rebalance.delay.ms", "3000"),
    ("group.max.session.timeout.ms", "1800000"),
    ("group.min.session.timeout.ms", "6000"),
    ("group.share.delivery.count.limit", "5"),
    ("group.share.heartbeat.interval.ms", "5000"),
    ("group.share.max.heartbeat.interval.ms", "15000"),
    ("group.share.max.record.lock.duration.ms", "3600000"),
    ("group.share.max.session.timeout.ms", "60000"),
    ("group.share.min.heartbeat.interval.ms", "5000"),
    ("group.share.min.record.lock.duration.ms", "15000"),
    ("group.share.min.session.timeout.ms", "45000"),
    ("group.share.partition.max.record.locks", "2000"),
    ("group.share.record.lock.duration.ms", "30000"),
    ("group.share.session.timeout.ms", "45000"),
    ("log.cleaner.delete.retention.ms", "86400000"),
    ("log.cleaner.max.compaction.lag.ms", "9223372036854775807"),
    ("log.cleaner.min.cleanable.ratio", "0.5"),
    ("log.cleaner.min.compaction.lag.ms", "0"),
    ("log.cleanup.policy", "delete"),
    ("log.message.timestamp.after.max.ms", "3600000"),
    ("log.message.timestamp.before.max.ms", "9223372036854775807"),
    ("log.message.timestamp.type", "CreateTime"),
    ("log.retention.bytes", "-1"),
    ("log.retention.hours", "168"),
    ("log.retention.minutes", "null"),
    ("log.retention.ms", "null"),
    ("log.roll.hours", "168"),
    ("log.roll.ms", "null"),
    ("log.segment.bytes", "1073741824"),
    ("message.max.bytes", "1048588"),
    ("min.insync.replicas", "1"),
    ("offsets.topic.num.partitions", "50"),
    ("transaction.abort.timed.out.transaction.cleanup.interval.ms", "10000"),
    ("transaction.max.timeout.ms", "900000"),
    ("transaction.state.log.min.isr", "2"),
    ("transaction.state.log.num.partitions", "50"),
    ("transaction.state.log.replication.factor", "3"),
];

/// `--describe --all` of brokers (`ConfigCommand.describeResourceConfig`, 4.x): "All
/// configs for broker N are:" and each config sorted by name, as `getResourceConfig` sorts
/// them; without a name every running broker, then the cluster default, whose
/// DescribeConfigs holds only dynamic defaults (none here). A broker that is not running
/// does not answer: the command's 30 s wait ends in a `TimeoutException`.
fn describe_brokers_all(console: &mut Console, name: Option<&str>, default: bool, args: &[String], out: &mut Output) -> Status {
    let running: Vec<i32> = console.sim.brokers().iter().filter(|b| b.alive).map(|b| b.id).collect();
    let mut entities: Vec<Option<i32>> = match (name, default) {
        (Some(n), _) => vec![Some(n.parse().unwrap_or(-1))],
        (None, true) => vec![None],
        (None, false) => running.iter().map(|b| Some(*b)).collect(),
    };
    if name.is_none() && !default {
        entities.push(None);
    }
    let config = console.sim.config().clone();
    let defaults = crate::engine::ClusterConfig::default();
    let mut names: Vec<&str> = BROKER_CONFIGS.iter().map(|(n, _)| *n).collect();
    names
        .extend(crate::engine::sim::CLUSTER_CONFIG_NAMES.iter().filter(|n| !["network.delay.ms", "log.initial.task.delay.ms"].contains(n)));
    crate::engine::sorting::sort(&mut names);
    for e in entities {
        let Some(id) = e else {
            out.outln("Default configs for brokers in the cluster are:");
            continue;
        };
        if !running.contains(&id) {
            out.append(console.advance(30_000));
            out.errln(format!("Error while executing config command with args '{}'", args.join(" ")));
            out.errln(super::java_trace("java.util.concurrent.TimeoutException".into()));
            return 1;
        }
        out.outln(format!("All configs for broker {id} are:"));
        for n in &names {
            let fixed = BROKER_CONFIGS.iter().find(|(k, _)| k == n).map(|(_, v)| v.to_string());
            let (value, default) = match fixed {
                Some(v) => (v.clone(), v),
                None => (config.get(n).unwrap_or_default(), defaults.get(n).unwrap_or_default()),
            };
            let mut synonyms = Vec::new();
            if value != default {
                synonyms.push(format!("STATIC_BROKER_CONFIG:{n}={value}"));
            }
            if default != "null" {
                synonyms.push(format!("DEFAULT_CONFIG:{n}={default}"));
            }
            out.outln(format!("  {n}={value} sensitive=false synonyms={{{}}}", synonyms.join(", ")));
        }
    }
    0
}

/// `ConfigCommand.parseConfigsToBeAdded` and `parseConfigsToBeDeleted` (Kafka 4.x Java):
/// `--add-config` split at the commas outside brackets, each item at its `=` outside
/// brackets into exactly a key and a value (brackets dropped, both trimmed), every key
/// checked by `validatePropsKey`; the errors are IllegalArgumentExceptions, printed alone.
/// The configs `--alter` adds (key, value) and deletes.
type AlterConfigs = (Vec<(String, String)>, Vec<String>);

fn parse_alter(opts: &crate::console::options::ParsedOptions) -> Result<AlterConfigs, String> {
    let mut adds = Vec::new();
    if let Some(s) = opts.value_of("add-config").ok().flatten() {
        let mut items = split_outside_brackets(s, ',');
        while items.last().is_some_and(String::is_empty) {
            items.pop(); // String.split drops trailing empty strings
        }
        for item in items {
            let parts = split_outside_brackets(&item, '=');
            if parts.len() != 2 {
                return Err("Invalid entity config: all configs to be added must be in the format \"key=val\" or  \"key=[val1,val2]\" to group values which contain commas.".into());
            }
            let value: String = parts[1].chars().filter(|c| *c != '[' && *c != ']').collect();
            adds.push((parts[0].trim().to_string(), value.trim().to_string()));
        }
    }
    if let Some((k, _)) = adds.iter().find(|(k, _)| !k.chars().all(|c| c.is_ascii_alphanumeric() || "$._-".contains(c))) {
        return Err(format!("Invalid character found for config key: {k}"));
    }
    let deletes: Vec<String> = opts.values_of("delete-config").iter().flat_map(|v| v.split(',')).map(|x| x.trim().to_string()).collect();
    Ok((adds, deletes))
}

/// Splits at `sep` where no bracket is open (Java's `sep(?=[^\]]*(?:\[|$))`: the next
/// bracket after the separator, if any, opens).
fn split_outside_brackets(s: &str, sep: char) -> Vec<String> {
    let chars: Vec<char> = s.chars().collect();
    let mut parts = vec![String::new()];
    for (i, c) in chars.iter().enumerate() {
        let next_bracket = chars[i + 1..].iter().find(|c| **c == '[' || **c == ']');
        if *c == sep && next_bracket != Some(&']') {
            parts.push(String::new());
        } else {
            parts.last_mut().expect("never empty").push(*c);
        }
    }
    parts
}
