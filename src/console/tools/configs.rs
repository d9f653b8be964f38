//! `kafka-configs.sh --entity-type topics` (core/src/main/scala/kafka/admin/ConfigCommand.scala,
//! Kafka 3.8; `checkArgs`, the describe headers and the errors checked against 4.x's Java
//! ConfigCommand): `--describe`, `--alter --add-config k=v,...`, `--delete-config k`;
//! `--entity-type brokers` (tools/ConfigCommand.java, 4.3: `alterConfig`,
//! `describeResourceConfig`, `getResourceConfig`): `--alter` of one broker's dynamic configs
//! or of the cluster default (`--entity-default`), which the simulation applies
//! (`engine/sim/broker_config.rs`), and `--describe` of them with the synonyms
//! `DescribeConfigs` gives (`ConfigHelper.configSynonyms`, Kafka 4.x); with `--all` a broker
//! lists the configs the simulation models (`BROKER_CONFIGS`, the `ClusterConfig` settings
//! and its dynamic configs), not every config of a real broker (simplification, said in the
//! glossary).

use crate::console::options::OptionSpec;
use crate::console::output::Output;
use crate::console::runtime::{Console, Status};
use crate::engine::config::{TOPIC_BROKER_SYNONYMS, TOPIC_CONFIG_NAMES};
use crate::engine::sim::BROKER_CONFIGS;
use crate::engine::Command;

use super::{check_bootstrap, usage_and_exit, BOOTSTRAP};

pub(crate) const SPECS: &[OptionSpec] = &[
    OptionSpec::with_arg("add-config", "", "Key Value pairs of configs to add. Square brackets can be used to group values which contain commas: 'k1=v1,k2=[v1,v2,v2],k3=v3'."),
    OptionSpec::with_arg("add-config-file", "", "Path to a properties file with configs to add. See add-config for a list of valid configurations."),
    OptionSpec::flag("all", "List all configs for the given topic, broker, or broker-logger entity (includes static configuration when the entity type is brokers)"),
    OptionSpec::flag("alter", "Alter the configuration for the entity."),
    OptionSpec::with_arg("bootstrap-controller", "", "The Kafka controllers to connect to."),
    BOOTSTRAP,
    OptionSpec::with_arg("broker", "", "The broker's ID."),
    OptionSpec::flag("broker-defaults", "The config defaults for all brokers."),
    OptionSpec::with_arg("broker-logger", "", "The broker's ID for its logger config."),
    OptionSpec::with_arg("client", "", "The client's ID."),
    OptionSpec::flag("client-defaults", "The config defaults for all clients."),
    OptionSpec::with_arg("client-metrics", "", "The client metrics config resource name."),
    OptionSpec::with_arg("delete-config", "", "config keys to remove 'k1,k2'"),
    OptionSpec::flag("describe", "List configs for the given entity."),
    OptionSpec::flag("entity-default", "Default entity name for clients/users/brokers/ips (applies to corresponding entity type)"),
    OptionSpec::with_arg("entity-name", "", "Name of entity (topic name/client id/user principal name/broker id/ip/client metrics/group id)"),
    OptionSpec::with_arg("entity-type", "", "Type of entity (topics/clients/users/brokers/broker-loggers/ips/client-metrics/groups)"),
    OptionSpec::with_arg("group", "", "The group's ID."),
    OptionSpec::help_option(),
    OptionSpec::with_arg("ip", "", "The IP address."),
    OptionSpec::flag("ip-defaults", "The config defaults for all IPs."),
    OptionSpec::with_arg("topic", "", "The topic's name."),
    OptionSpec::with_arg("user", "", "The user's principal name."),
    OptionSpec::flag("user-defaults", "The config defaults for all users."),
    OptionSpec::version_option(),
];

/// `ConfigCommandOptions.entityFlags`: an option naming one entity of a type.
const ENTITY_FLAGS: [(&str, &str); 8] = [
    ("topic", "topics"),
    ("client", "clients"),
    ("user", "users"),
    ("broker", "brokers"),
    ("broker-logger", "broker-loggers"),
    ("ip", "ips"),
    ("client-metrics", "client-metrics"),
    ("group", "groups"),
];

/// `ConfigCommandOptions.entityDefaultsFlags`: the default entity of a type.
const ENTITY_DEFAULTS_FLAGS: [(&str, &str); 4] =
    [("client-defaults", "clients"), ("user-defaults", "users"), ("broker-defaults", "brokers"), ("ip-defaults", "ips")];

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
    // --bootstrap-controller reaches the KRaft controller (node 0, localhost:9091 here), which
    // answers DescribeConfigs and IncrementalAlterConfigs itself and never fails
    let controller = opts.value_of("bootstrap-controller").ok().flatten();
    let server = opts.value_of("bootstrap-server").ok().flatten();
    if server.is_some() && controller.is_some() {
        return refuse(out, "Only one of --bootstrap-server or --bootstrap-controller can be specified");
    }
    let Some(bootstrap) = server.or(controller) else {
        return refuse(out, "Either --bootstrap-server or --bootstrap-controller must be specified.");
    };
    // ConfigCommandOptions.entityTypes: every --entity-type, then the entity flags
    let mut types: Vec<String> = opts.values_of("entity-type").iter().map(|t| t.to_string()).collect();
    types.extend(ENTITY_FLAGS.iter().chain(&ENTITY_DEFAULTS_FLAGS).filter(|(f, _)| opts.has(f)).map(|(_, t)| t.to_string()));
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
    let entity_flag = ENTITY_FLAGS.iter().chain(&ENTITY_DEFAULTS_FLAGS).any(|(f, _)| opts.has(f));
    if entity_flag && (opts.has("entity-name") || opts.has("entity-type") || opts.has("entity-default")) {
        return refuse(out, "--entity-{type,name,default} should not be used in conjunction with specific entity flags");
    }
    // the first entity name given (several only for users with clients)
    let flag_value = |f: &str| opts.value_of(f).ok().flatten();
    let name =
        opts.values_of("entity-name").first().copied().or_else(|| ENTITY_FLAGS.iter().find_map(|(f, _)| flag_value(f))).map(str::to_string);
    let default = opts.has("entity-default") || ENTITY_DEFAULTS_FLAGS.iter().any(|(f, _)| opts.has(f));
    let defaults_allowed = ["users", "clients", "brokers", "ips"].contains(&entity_type.as_str());
    if let Some(n) = name.as_deref().filter(|_| entity_type == "brokers") {
        if n.parse::<i32>().is_err() {
            return refuse(out, &format!("The entity name for brokers must be a valid integer broker id, but it is: {n}"));
        }
    }
    if let Some(n) = name.as_deref().filter(|n| entity_type == "ips" && !super::quotas::resolvable(n)) {
        return refuse(out, &format!("The entity name for ips must be a valid IP or resolvable host, but it is: {n}"));
    }
    if describe && opts.has("entity-default") && !defaults_allowed {
        return refuse(out, &format!("--entity-default must not be specified with --describe of {entity_type}"));
    }
    if alter {
        if defaults_allowed && name.is_none() && !default {
            return refuse(out, "An entity-name or default entity must be specified with --alter of users, clients, brokers or ips");
        }
        if !defaults_allowed && name.is_none() {
            return refuse(out, &format!("An entity name must be specified with --alter of {entity_type}"));
        }
        if opts.has("add-config") && opts.has("add-config-file") {
            return refuse(out, "Only one of --add-config or --add-config-file must be specified");
        }
        if !opts.has("add-config") && !opts.has("add-config-file") && !opts.has("delete-config") {
            return refuse(out, "At least one of --add-config, --add-config-file, or --delete-config must be specified with --alter");
        }
    }
    let checked = match controller {
        Some(c) => super::check_bootstrap_controller(c),
        None => check_bootstrap(console, bootstrap),
    };
    if let Err(e) = checked {
        out.errln(format!("Error while executing config command with args '{}'", args.join(" ")));
        out.errln(e);
        return 1;
    }
    // ConfigCommand waits 30 s for the DescribeConfigs it starts with (Kafka 4.x Java:
    // `get(30, TimeUnit.SECONDS)`); with no broker to reach, a java.util.concurrent
    // TimeoutException, which main prints after the command line with its stack trace
    if controller.is_none() && super::unreachable::admin_call(console, out, bootstrap, "describeConfigs", 30_000).is_some() {
        out.errln(format!("Error while executing config command with args '{}'", args.join(" ")));
        out.errln(super::java_trace("java.util.concurrent.TimeoutException".into()));
        return 1;
    }
    // the names, one per type ("" for --entity-default), as ConfigCommandOptions.entityNames
    let mut names: Vec<String> = opts.values_of("entity-name").iter().map(|n| n.to_string()).collect();
    names.extend(ENTITY_FLAGS.iter().filter_map(|(f, _)| flag_value(f)).map(str::to_string));
    names.extend(
        std::iter::once("entity-default")
            .chain(ENTITY_DEFAULTS_FLAGS.iter().map(|(f, _)| *f))
            .filter(|f| opts.has(f))
            .map(|_| String::new()),
    );
    if alter && names.len() != types.len() {
        return refuse(out, "An entity name must be specified for every entity type");
    }
    // `Utils.loadProps` of --add-config-file, in parseConfigsToBeAdded (inside main's try)
    let file = match opts.value_of("add-config-file").ok().flatten().filter(|_| alter) {
        Some(path) => match super::load_properties(console, path) {
            Ok(props) => Some(props),
            Err(e) => {
                out.errln(format!("Error while executing config command with args '{}'", args.join(" ")));
                out.errln(super::java_trace(e.trim_start_matches("Exception in thread \"main\" ").to_string()));
                return 1;
            }
        },
        None => None,
    };
    let (adds, deletes) = if alter {
        match parse_alter(&opts, file) {
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
        "brokers" if describe => return describe_brokers(console, name.as_deref(), default, opts.has("all"), args, out),
        "brokers" => return alter_brokers(console, name.as_deref(), adds, deletes, args, out),
        other => {
            out.errln(format!(
                "Kafkascope's kafka-configs.sh handles --entity-type topics, brokers, clients, users, ips and groups; '{other}' is not simulated."
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
                let cause = format!("org.apache.kafka.common.errors.UnknownTopicOrPartitionException: The topic '{n}' does not exist.");
                config_command_failed(out, args, &cause);
                return 1;
            }
        }
        for t in topics {
            // ConfigCommand.describeResourceConfig: "All" with --all, else "Dynamic"
            out.outln(format!("{} configs for topic {} are:", if opts.has("all") { "All" } else { "Dynamic" }, t.name));
            let names: Vec<&str> =
                if opts.has("all") { TOPIC_CONFIG_NAMES.to_vec() } else { t.config.overrides.keys().map(String::as_str).collect() };
            // ConfigHelper.describeConfigs: the answering broker's log config under the
            // topic's own values. The admin client asks its least loaded node, which at
            // first is a bootstrap server: the first running one named here answers. A topic
            // without its own unclean.leader.election.enable takes the cluster's
            let running = |id: i32| console.sim.brokers().iter().any(|b| b.alive && b.id == id);
            let ports = bootstrap.split(',').filter_map(|a| a.trim().rsplit(':').next()?.parse::<i32>().ok());
            let answering = ports.map(|p| p - 9091).find(|id| running(*id));
            let config = match answering {
                Some(b) if console.sim.dynamic_broker_configs(Some(b)).is_some() => {
                    std::borrow::Cow::Owned(t.config.rebased(&console.sim.topic_default_config(Some(b))))
                }
                _ => std::borrow::Cow::Borrowed(&t.config),
            };
            let cluster = console.sim.config().unclean_leader_election_enable;
            for k in names {
                let v = match k {
                    "unclean.leader.election.enable" => config.unclean_leader_election(cluster).to_string(),
                    _ => config.get(k).unwrap_or_default(),
                };
                // strongest first: the topic's own value, then the synonyms of the broker
                // config it falls back to (`createTopicConfigEntry`)
                let mut synonyms = Vec::new();
                if t.config.overrides.contains_key(k) {
                    synonyms.push(format!("DYNAMIC_TOPIC_CONFIG:{k}={}", t.config.get(k).unwrap_or_default()));
                }
                if let Some(broker) = TOPIC_BROKER_SYNONYMS.iter().find(|(t, _)| *t == k).map(|(_, b)| *b) {
                    synonyms.extend(
                        broker_synonyms(&console.sim, answering, broker).into_iter().map(|(source, n, v)| format!("{source}:{n}={v}")),
                    );
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
            let cause = super::exception_text(&e);
            config_command_failed(out, args, &cause);
            1
        }
    }
}

/// `DynamicBrokerConfig.brokerConfigSynonyms` (Kafka 4.3): the names a broker config can
/// also be given by, strongest first (the listener prefixes are not modelled).
fn synonym_names(name: &str) -> Vec<&str> {
    const RETENTION: [&str; 3] = ["log.retention.ms", "log.retention.minutes", "log.retention.hours"];
    const ROLL: [&str; 2] = ["log.roll.ms", "log.roll.hours"];
    match name {
        n if RETENTION.contains(&n) => RETENTION.to_vec(),
        n if ROLL.contains(&n) => ROLL.to_vec(),
        n => vec![n],
    }
}

/// A broker config's static value, when it differs from the default (`kafkascope config`
/// stands for server.properties), and its default (`None`: null, or a config Kafkascope does
/// not know). A log config's default is its topic config's, but for the configs whose broker
/// default is null (`log.retention.ms`, `log.roll.ms`, `log.roll.jitter.ms`,
/// `log.flush.interval.ms`).
fn static_and_default(sim: &crate::engine::Sim, name: &str) -> (Option<String>, Option<String>) {
    use crate::engine::sim::CLUSTER_CONFIG_NAMES;
    if let Some((_, v)) = BROKER_CONFIGS.iter().find(|(n, _)| *n == name) {
        return (None, (*v != "null").then(|| v.to_string()));
    }
    if CLUSTER_CONFIG_NAMES.contains(&name) && !["network.delay.ms", "log.initial.task.delay.ms"].contains(&name) {
        let default = crate::engine::ClusterConfig::default().get(name);
        return (sim.static_config_value(name).filter(|v| Some(v) != default.as_ref()), default);
    }
    let topic = TOPIC_BROKER_SYNONYMS.iter().find(|(_, b)| *b == name).map(|(t, _)| *t);
    let default = topic.filter(|t| !["retention.ms", "segment.ms", "segment.jitter.ms", "flush.ms"].contains(t));
    (None, default.and_then(|t| crate::engine::config::TopicConfig::default().get(t)))
}

/// `ConfigHelper.configSynonyms` (Kafka 4.x) for a broker config, described by `broker`
/// (`None`: the cluster default, whose entries keep only DYNAMIC_DEFAULT_BROKER_CONFIG
/// synonyms): (source, name, value), every dynamic value of the broker over the config's
/// synonym names, then the cluster default's, the static ones, the defaults, and the
/// leading ones of other names dropped (`dropWhile(s.name != name)`).
fn broker_synonyms<'a>(sim: &crate::engine::Sim, broker: Option<i32>, name: &'a str) -> Vec<(&'static str, &'a str, String)> {
    let names = synonym_names(name);
    let mut all = Vec::new();
    let maps = [
        ("DYNAMIC_BROKER_CONFIG", broker.and_then(|b| sim.dynamic_broker_configs(Some(b)))),
        ("DYNAMIC_DEFAULT_BROKER_CONFIG", sim.dynamic_broker_configs(None)),
    ];
    for (source, map) in maps {
        for n in &names {
            if let Some(v) = map.and_then(|m| m.get(*n)) {
                all.push((source, *n, v.clone()));
            }
        }
    }
    // then every static value, then every default
    for (i, source) in ["STATIC_BROKER_CONFIG", "DEFAULT_CONFIG"].into_iter().enumerate().filter(|_| broker.is_some()) {
        for n in &names {
            let (fixed, default) = static_and_default(sim, n);
            if let Some(v) = if i == 0 { fixed } else { default } {
                all.push((source, *n, v));
            }
        }
    }
    let first = all.iter().position(|(_, n, _)| *n == name).unwrap_or(all.len());
    all.split_off(first)
}

/// `--describe` of brokers (`ConfigCommand.describeResourceConfig`, 4.3): without a name
/// every running broker, then the cluster default. Without `--all` a broker lists its own
/// dynamic configs ("Dynamic configs for broker N are:"), a name describeCluster does not
/// list is a line on stdout; with `--all` it lists every config the simulation models
/// ("All configs for broker N are:"), and a broker that is not running does not answer: after
/// that line the command's 30 s wait ends in a `TimeoutException`. The cluster default lists its dynamic
/// configs either way. Configs are sorted by name, as `getResourceConfig` sorts them.
fn describe_brokers(console: &mut Console, name: Option<&str>, default: bool, all: bool, args: &[String], out: &mut Output) -> Status {
    let running: Vec<i32> = console.sim.brokers().iter().filter(|b| b.alive).map(|b| b.id).collect();
    let mut entities: Vec<Option<i32>> = match (name, default) {
        (Some(n), _) => vec![Some(n.parse().unwrap_or(-1))],
        (None, true) => vec![None],
        (None, false) => running.iter().map(|b| Some(*b)).collect(),
    };
    if name.is_none() && !default {
        entities.push(None);
    }
    if let Some(n) = name.filter(|n| !all && !running.iter().any(|b| b.to_string() == **n)) {
        out.outln(format!("The broker '{n}' doesn't exist and doesn't have dynamic config."));
        return 0;
    }
    for e in entities {
        match e {
            None => out.outln("Default configs for brokers in the cluster are:"),
            Some(id) => out.outln(format!("{} configs for broker {id} are:", if all { "All" } else { "Dynamic" })),
        }
        // the header is printed before the DescribeConfigs that a stopped broker never answers
        if e.is_some_and(|id| !running.contains(&id)) {
            out.append(console.advance(30_000));
            out.errln(format!("Error while executing config command with args '{}'", args.join(" ")));
            out.errln(super::java_trace("java.util.concurrent.TimeoutException".into()));
            return 1;
        }
        let dynamic: Vec<String> = console.sim.dynamic_broker_configs(e).map(|m| m.keys().cloned().collect()).unwrap_or_default();
        let mut names: Vec<&str> = dynamic.iter().map(String::as_str).collect();
        if all && e.is_some() {
            names.extend(BROKER_CONFIGS.iter().map(|(n, _)| *n));
            names.extend(
                crate::engine::sim::CLUSTER_CONFIG_NAMES.iter().filter(|n| !["network.delay.ms", "log.initial.task.delay.ms"].contains(n)),
            );
        }
        crate::engine::sorting::sort(&mut names);
        names.dedup();
        for n in names {
            let synonyms = broker_synonyms(&console.sim, e, n);
            let value = synonyms.first().map_or_else(|| "null".to_string(), |s| s.2.clone());
            print_entry(out, n, &value, &synonyms);
        }
    }
    0
}

fn print_entry(out: &mut Output, name: &str, value: &str, synonyms: &[(&str, &str, String)]) {
    let synonyms: Vec<String> = synonyms.iter().map(|(source, n, v)| format!("{source}:{n}={v}")).collect();
    out.outln(format!("  {name}={value} sensitive=false synonyms={{{}}}", synonyms.join(", ")));
}

/// `--alter` of brokers (`ConfigCommand.alterConfig` → `alterResourceConfig`, 4.3, which
/// KAFKA-20506 left without the DescribeConfigs it started with): IncrementalAlterConfigs
/// with the deletes and the sets, sent to the broker named (`timeoutMs(30000)`: a broker that
/// is not running never gets it, and the call times out waiting for a node assignment);
/// "Completed updating config for broker N." or "Completed updating default config for
/// brokers in the cluster.". A refusal ends the command with the `ExecutionException` and
/// its cause.
fn alter_brokers(
    console: &mut Console,
    name: Option<&str>,
    set: Vec<(String, String)>,
    delete: Vec<String>,
    args: &[String],
    out: &mut Output,
) -> Status {
    let broker: Option<i32> = name.map(|n| n.parse().unwrap_or(-1));
    if broker.is_some_and(|id| !console.sim.brokers().iter().any(|b| b.alive && b.id == id)) {
        out.append(console.advance(30_000));
        let cause =
            "org.apache.kafka.common.errors.TimeoutException: Timed out waiting for a node assignment. Call: incrementalAlterConfigs";
        config_command_failed(out, args, cause);
        return 1;
    }
    match console.apply(Command::AlterBrokerConfig { broker, set, delete }) {
        Ok(_) => {
            match name {
                Some(n) => out.outln(format!("Completed updating config for broker {n}.")),
                None => out.outln("Completed updating default config for brokers in the cluster."),
            }
            0
        }
        Err(e) => {
            let cause = super::exception_text(&e);
            config_command_failed(out, args, &cause);
            1
        }
    }
}

/// `ConfigCommand.parseConfigsToBeAdded` and `parseConfigsToBeDeleted` (Kafka 4.x Java):
/// `--add-config` split at the commas outside brackets, each item at its `=` outside
/// brackets into exactly a key and a value (brackets dropped, both trimmed), every key
/// checked by `validatePropsKey`; the errors are IllegalArgumentExceptions, printed alone.
/// The configs `--alter` adds (key, value) and deletes.
type AlterConfigs = (Vec<(String, String)>, Vec<String>);

fn parse_alter(opts: &crate::console::options::ParsedOptions, file: Option<Vec<(String, String)>>) -> Result<AlterConfigs, String> {
    let mut adds: Vec<(String, String)> = file.unwrap_or_default();
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

/// `ConfigCommand.main`'s `catch`: the command line, then the exception's stack trace; an
/// admin call's failure is the future's ExecutionException with `cause` (`Class: message`).
pub(crate) fn config_command_failed(out: &mut Output, args: &[String], cause: &str) {
    out.errln(format!("Error while executing config command with args '{}'", args.join(" ")));
    out.errln(super::java_trace(format!("java.util.concurrent.ExecutionException: {cause}\nCaused by: {cause}")));
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
