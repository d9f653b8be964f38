//! `kafka-topics.sh` (tools/src/main/java/org/apache/kafka/tools/TopicCommand.java, Kafka 3.8;
//! `checkArgs`, `--help` and the missing --bootstrap-server checked against 4.3):
//! `--create`, `--list`, `--describe`, `--alter --partitions`, `--delete`.

use crate::console::options::{OptionSpec, ValueType};
use crate::console::output::Output;
use crate::console::runtime::{Console, Status};
use crate::engine::{topic_name, Command, ErrorCode, KafkaError, Topic};

use super::{check_bootstrap, split_property, usage_and_exit, BOOTSTRAP};

/// TopicCommandOptions' options and descriptions (Kafka 4.3; `--config` without the list
/// of every topic config Kafka's help appends).
pub(crate) const SPECS: &[OptionSpec] = &[
    OptionSpec::flag("alter", "Alter the number of partitions and replica assignment. (To alter topic configurations, the kafka-configs tool can be used.)"),
    BOOTSTRAP,
    OptionSpec::with_arg("config", "name=value", "A topic configuration override for the topic being created. See the Kafka documentation for full details on the topic configs. It is supported only in combination with --create. (To alter topic configurations, the kafka-configs tool can be used.)").repeatable(),
    OptionSpec::with_arg("command-config", "command config property file", "Property file containing configs to be passed to Admin Client."),
    OptionSpec::flag("create", "Create a new topic."),
    OptionSpec::flag("delete", "Delete a topic."),
    // 4.0 deprecated it and does nothing with it but warn (TopicCommandOptions.checkArgs)
    OptionSpec::with_arg("delete-config", "name", "This option is no longer supported and has been deprecated since 4.0"),
    OptionSpec::flag("describe", "List details for the given topics."),
    OptionSpec::flag("at-min-isr-partitions", "If set when describing topics, only show partitions whose isr count is equal to the configured minimum."),
    OptionSpec::flag("exclude-internal", "Exclude internal topics when listing or describing topics. By default, the internal topics are included."),
    OptionSpec::help_option(),
    OptionSpec::flag("if-exists", "If set when altering or deleting or describing topics, the action will only execute if the topic exists."),
    OptionSpec::flag("if-not-exists", "If set when creating topics, the action will only execute if the topic does not already exist."),
    OptionSpec::flag("list", "List all available topics."),
    OptionSpec::with_arg("partition-size-limit-per-response", "maximum number of partitions per response", "The maximum partition size to be included in one DescribeTopicPartitions response.").of_type(ValueType::Integer),
    OptionSpec::with_arg("partitions", "# of partitions", "The number of partitions for the topic being created or altered. If not supplied with --create, the topic uses the cluster default. (WARNING: If partitions are increased for a topic that has a key, the partition logic or ordering of the messages will be affected).").of_type(ValueType::Integer),
    OptionSpec::with_arg("replica-assignment", "broker_id_for_part1_replica1 : broker_id_for_part1_replica2 , broker_id_for_part2_replica1 : broker_id_for_part2_replica2 , ...", "A list of manual partition-to-broker assignments for the topic being created or altered."),
    OptionSpec::with_arg("replication-factor", "replication factor", "The replication factor for each partition in the topic being created. If not supplied, the topic uses the cluster default.").of_type(ValueType::Integer),
    OptionSpec::with_arg("topic", "topic", "The topic to create, alter, describe or delete. It also accepts a regular expression, except for --create option. Put topic name in double quotes and use the '\\' prefix to escape regular expression symbols; e.g. \"test\\.topic\"."),
    OptionSpec::with_arg("topic-id", "topic-id", "The topic-id to describe."),
    OptionSpec::flag("topics-with-overrides", "If set when describing topics, only show topics that have overridden configs."),
    OptionSpec::flag("under-min-isr-partitions", "If set when describing topics, only show partitions whose isr count is less than the configured minimum."),
    OptionSpec::flag("under-replicated-partitions", "If set when describing topics, only show under-replicated partitions."),
    OptionSpec::flag("unavailable-partitions", "If set when describing topics, only show partitions whose leader is not available."),
    OptionSpec::version_option(),
];

pub fn run(console: &mut Console, args: &[String], out: &mut Output) -> Status {
    let parser = crate::console::options::OptionParser::for_tool("kafka-topics.sh", SPECS);
    let opts = match parser.parse(args) {
        Ok(o) => o,
        Err(e) => {
            // thrown by TopicCommandOptions' constructor; TopicCommand.mainNoExit prints the
            // message and the stack trace (Kafka 4.3; frames as `java_trace` prints them), no usage
            out.errln(e.message());
            super::print_stack_trace(out, e.java_to_string());
            return 1;
        }
    };
    if args.is_empty() {
        out.err(parser.usage_error("Create, delete, describe, or change a topic."));
        return 1;
    }
    // CommandLineUtils.maybePrintHelpOrVersion: printUsageAndExit, whose status is 1
    if opts.has("help") {
        out.err(parser.usage_error("This tool helps to create, delete, describe, or change a topic."));
        return 1;
    }
    if opts.has("version") {
        return super::print_version(out);
    }
    let actions = ["create", "list", "alter", "describe", "delete"].iter().filter(|a| opts.has(a)).count();
    if actions != 1 {
        return usage_and_exit(&parser, "Command must include exactly one action: --list, --describe, --create, --alter or --delete", out);
    }
    if opts.has("delete-config") {
        out.errln("delete-config option is no longer supported and deprecated since version 4.0. The config will be fully removed in future releases.");
    }
    let Some(bootstrap) = opts.value_of("bootstrap-server").ok().flatten() else {
        // checkRequiredArgs throws; TopicCommand.mainNoExit prints the message and the
        // stack trace on standard error
        out.errln("--bootstrap-server must be specified");
        super::print_stack_trace(out, "java.lang.IllegalArgumentException: --bootstrap-server must be specified".into());
        return 1;
    };
    // TopicCommandOptions.checkArgs: required arguments, then invalid combinations, then
    // the admin client connects
    let topic = opts.value_of("topic").ok().flatten().map(str::to_string);
    if ["describe", "if-exists", "topic", "topic-id"].iter().all(|o| opts.has(o)) {
        // checkRequiredArgs prints it before its other checks
        out.outln("Only topic id will be used when both --topic and --topic-id are specified and topicId is not Uuid.ZERO_UUID");
    }
    if let Some(message) = check_args(&opts) {
        return usage_and_exit(&parser, &message, out);
    }
    if let Err(e) = check_bootstrap(console, bootstrap) {
        out.outln(format!("Error while executing topic command : {e}"));
        return 1;
    }
    // TopicCommand (Kafka 4.3): --create calls createTopics, every other action listTopics
    // first; with no broker to reach, the call times out after default.api.timeout.ms
    let call = if opts.has("create") { "createTopics" } else { "listTopics" };
    let unreachable = super::unreachable::admin_call(console, out, bootstrap, call, super::unreachable::ADMIN_API_TIMEOUT_MS);
    let result = if let Some(message) = unreachable {
        Err(Failure::Kafka(KafkaError::new(ErrorCode::RequestTimedOut, message)))
    } else if opts.has("create") {
        create(console, &opts, topic.as_deref().unwrap_or_default(), out)
    } else if opts.has("list") {
        list(console, &opts, topic.as_deref(), out);
        Ok(())
    } else if opts.has("describe") {
        describe(console, &opts, topic.as_deref(), out)
    } else if opts.has("alter") {
        alter(console, &opts, topic.as_deref().unwrap_or_default(), &parser, out)
    } else {
        delete(console, &opts, topic.as_deref().unwrap_or_default())
    };
    match result {
        Ok(()) => 0,
        Err(Failure::Usage(status)) => status,
        Err(Failure::Kafka(e)) => print_exception(console, &e.message, &super::exception_text(&e), out),
        Err(Failure::Java(class, message)) => print_exception(console, &message, &format!("{class}: {message}"), out),
    }
}

enum Failure {
    Kafka(KafkaError),
    Usage(Status),
    /// an exception the tool itself throws: its class and message
    Java(&'static str, String),
}

impl From<KafkaError> for Failure {
    fn from(e: KafkaError) -> Self {
        Failure::Kafka(e)
    }
}

fn create(console: &mut Console, opts: &crate::console::options::ParsedOptions, topic: &str, out: &mut Output) -> Result<(), Failure> {
    // CommandTopicPartition's constructor parses it first
    let assignment = replica_assignment(opts)?;
    let partitions =
        opts.i32_value_of("partitions").map_err(|e| Failure::Kafka(KafkaError::new(ErrorCode::InvalidRequest, e.message())))?;
    let rf =
        opts.i32_value_of("replication-factor").map_err(|e| Failure::Kafka(KafkaError::new(ErrorCode::InvalidRequest, e.message())))?;
    if let Some(p) = partitions {
        if p < 1 {
            // TopicService.createTopic's IllegalArgumentException (TopicCommand, 4.x)
            return Err(KafkaError::new(ErrorCode::IllegalArgument, "The partitions must be greater than 0").into());
        }
    }
    if let Some(r) = rf {
        if !(1..=32767).contains(&r) {
            return Err(KafkaError::new(ErrorCode::IllegalArgument, "The replication factor must be between 1 and 32767 inclusive").into());
        }
    }
    let mut configs = Vec::new();
    for c in opts.values_of("config") {
        match split_property(c) {
            Some(kv) => configs.push(kv),
            None => {
                return Err(KafkaError::new(
                    ErrorCode::InvalidConfig,
                    format!("Invalid topic config: all configs to be added must be in the format \"key=val\". Found: {c}"),
                )
                .into())
            }
        }
    }
    if topic_name::has_collision_chars(topic) {
        out.outln("WARNING: Due to limitations in metric names, topics with a period ('.') or underscore ('_') could collide. To avoid issues it is best to use either, but not both.");
    }
    let cmd = match assignment {
        Some(assignment) => Command::CreateTopicWithAssignment { name: topic.to_string(), assignment, configs },
        None => Command::CreateTopic { name: topic.to_string(), partitions, replication_factor: rf, configs },
    };
    match console.apply(cmd) {
        Ok(_) => {
            out.outln(format!("Created topic {topic}."));
            Ok(())
        }
        Err(e) if e.code == ErrorCode::TopicAlreadyExists && opts.has("if-not-exists") => Ok(()),
        Err(e) => Err(e.into()),
    }
}

fn topics_matching<'a>(console: &'a Console, opts: &crate::console::options::ParsedOptions, topic: Option<&str>) -> Vec<&'a Topic> {
    let exclude_internal = opts.has("exclude-internal");
    console
        .sim
        .topics()
        .filter(|t| !(exclude_internal && topic_name::is_internal(&t.name)))
        .filter(|t| topic.is_none_or(|name| matches_topic(name, &t.name)))
        .collect()
}

/// `--topic` takes a name or a Java regex; Kafkascope supports literal names and the
/// `.*` wildcard.
fn matches_topic(pattern: &str, name: &str) -> bool {
    if !pattern.contains('*') {
        return pattern == name;
    }
    let parts: Vec<&str> = pattern.split(".*").collect();
    let mut rest = name;
    for (i, part) in parts.iter().enumerate() {
        if i == 0 {
            let Some(r) = rest.strip_prefix(part) else { return false };
            rest = r;
        } else if i == parts.len() - 1 {
            return rest.ends_with(part);
        } else {
            match rest.find(part) {
                Some(p) => rest = &rest[p + part.len()..],
                None => return false,
            }
        }
    }
    rest.is_empty()
}

fn list(console: &Console, opts: &crate::console::options::ParsedOptions, topic: Option<&str>, out: &mut Output) {
    for t in topics_matching(console, opts, topic) {
        out.outln(&*t.name);
    }
}

/// The replication reports of `--describe`, in the order `checkInvalidArgs` checks them.
const REPORT_OPTIONS: [&str; 4] =
    ["under-replicated-partitions", "under-min-isr-partitions", "at-min-isr-partitions", "unavailable-partitions"];

/// `TopicCommandOptions.checkRequiredArgs` and `checkInvalidArgs` (TopicCommand.java, Kafka
/// 4.3), after the one-action check and with --bootstrap-server present: the first refusal,
/// in Kafka's order.
fn check_args(opts: &crate::console::options::ParsedOptions) -> Option<String> {
    const KAFKA_CONFIGS_HINT: &str = " (To alter topic configurations, the kafka-configs tool can be used.)";
    let has = |o: &str| opts.has(o);
    if has("describe") && has("if-exists") && !has("topic") && !has("topic-id") {
        return Some("--topic or --topic-id is required to describe a topic".into());
    }
    if !has("list") && !has("describe") && !has("topic") {
        return Some("Missing required argument \"[topic]\"".into());
    }
    if has("alter") {
        if has("config") {
            // checkInvalidArgsSet prints the Set of used options; Java's HashSet holds
            // [bootstrap-server] before [config]
            return Some(format!(
                "Option combination \"[[bootstrap-server], [config]]\" can't be used with option \"[alter]\"{KAFKA_CONFIGS_HINT}"
            ));
        }
        if !has("partitions") {
            return Some("Missing required argument \"[partitions]\"".into());
        }
    }
    let conflict = |used: &str, others: &[&str]| {
        if !has(used) {
            return None;
        }
        others.iter().find(|o| has(o)).map(|o| format!("Option \"[{used}]\" can't be used with option \"[{o}]\""))
    };
    // `invalidOptions(remove)`: every action but the ones removed (one action is present)
    let actions_but = |keep: &[&str]| -> Vec<&'static str> {
        ["alter", "create", "describe", "list", "delete"].into_iter().filter(|a| !keep.contains(a)).collect()
    };
    let mut checks: Vec<(&str, Vec<&str>)> = vec![
        ("config", actions_but(&["alter", "create"])),
        ("partitions", actions_but(&["alter", "create"])),
        ("replication-factor", actions_but(&["create"])),
        ("replica-assignment", actions_but(&["alter", "create"])),
    ];
    if has("create") {
        checks.push(("replica-assignment", vec!["partitions", "replication-factor"]));
    }
    for r in REPORT_OPTIONS {
        let mut others = actions_but(&["describe"]);
        others.push("topics-with-overrides");
        checks.push((r, others));
    }
    let mut others = actions_but(&["describe"]);
    others.extend(REPORT_OPTIONS);
    checks.push(("topics-with-overrides", others));
    checks.push(("if-exists", actions_but(&["alter", "delete", "describe"])));
    checks.push(("if-not-exists", actions_but(&["create"])));
    checks.push(("exclude-internal", actions_but(&["list", "describe"])));
    checks.iter().find_map(|(used, others)| conflict(used, others))
}

/// `TopicCommand.printException`: the message on stdout, then LOG.error of
/// Utils.stackTrace(e), whose text ends with a line break, so the logger's " (class)" lands
/// on a line of its own; an ApiException has no frames.
fn print_exception(console: &Console, message: &str, exception: &str, out: &mut Output) -> Status {
    out.outln(format!("Error while executing topic command : {message}"));
    out.errln(format!(
        "{} ERROR {}",
        crate::console::time::log_timestamp(crate::console::time::epoch_ms(console.sim.now())),
        super::java_trace(exception.to_string())
    ));
    out.errln(" (org.apache.kafka.tools.TopicCommand)");
    1
}

/// `TopicCommandOptions.replicaAssignment()`: `--replica-assignment` parsed, or none when
/// it is absent or empty.
fn replica_assignment(opts: &crate::console::options::ParsedOptions) -> Result<Option<Vec<Vec<i32>>>, Failure> {
    opts.value_of("replica-assignment").ok().flatten().filter(|t| !t.is_empty()).map(parse_replica_assignment).transpose()
}

/// `TopicCommandOptions.parseReplicaAssignment` (4.x): partitions split at ',', their
/// brokers at ':', each an int; no broker twice in a partition, every partition as many.
fn parse_replica_assignment(text: &str) -> Result<Vec<Vec<i32>>, Failure> {
    let mut out: Vec<Vec<i32>> = Vec::new();
    // Java's String.split drops trailing empty strings
    let mut partitions: Vec<&str> = text.split(',').collect();
    while partitions.len() > 1 && partitions.last() == Some(&"") {
        partitions.pop();
    }
    for (i, p) in partitions.iter().enumerate() {
        let mut brokers = Vec::new();
        for b in p.split(':').map(str::trim) {
            let id =
                b.parse::<i32>().map_err(|_| Failure::Java("java.lang.NumberFormatException", format!("For input string: \"{b}\"")))?;
            brokers.push(id);
        }
        let twice: Vec<String> =
            brokers.iter().enumerate().filter(|(j, b)| brokers[..*j].contains(b)).map(|(_, b)| b.to_string()).collect();
        if !twice.is_empty() {
            return Err(Failure::Java(
                "org.apache.kafka.server.common.AdminCommandFailedException",
                format!("Partition replica lists may not contain duplicate entries: {}", twice.join(",")),
            ));
        }
        if out.first().is_some_and(|first| first.len() != brokers.len()) {
            let list: Vec<String> = brokers.iter().map(i32::to_string).collect();
            return Err(Failure::Java(
                "org.apache.kafka.server.common.AdminOperationException",
                format!("Partition {i} has different replication factor: [{}]", list.join(", ")),
            ));
        }
        out.push(brokers);
    }
    Ok(out)
}

fn missing_topic(topic: &str) -> KafkaError {
    // TopicCommand at 3.8 formats an Optional here (a bug kept as Kafka prints it)
    KafkaError::new(ErrorCode::IllegalArgument, format!("Topic 'Optional[{topic}]' does not exist as expected"))
}

fn describe(
    console: &Console,
    opts: &crate::console::options::ParsedOptions,
    topic: Option<&str>,
    out: &mut Output,
) -> Result<(), Failure> {
    // `describeTopic` (4.x): a topic id that is not Uuid.ZERO_UUID is used in place of the
    // name (only an id that decodes as one; any other text finds no topic here, where Kafka's
    // Uuid.fromString would refuse it). --partition-size-limit-per-response pages the
    // DescribeTopicPartitions answers and changes nothing printed.
    let topic_id = opts.value_of("topic-id").ok().flatten().filter(|id| *id != "AAAAAAAAAAAAAAAAAAAAAA");
    let topics = match topic_id {
        Some(id) => topics_matching(console, opts, None).into_iter().filter(|t| t.topic_id.to_kafka_string() == id).collect(),
        None => topics_matching(console, opts, topic),
    };
    if topics.is_empty() && !opts.has("if-exists") {
        match (topic_id, topic) {
            (Some(id), _) => {
                return Err(KafkaError::new(ErrorCode::IllegalArgument, format!("TopicId '{id}' does not exist as expected")).into())
            }
            (None, Some(t)) => return Err(missing_topic(t).into()),
            (None, None) => {}
        }
    }
    let report = |name: &str| opts.has(name);
    // TopicCommand.DescribeOptions: a replication report shows matching partitions only;
    // --topics-with-overrides shows the topics that have overrides, without partitions
    let reports = REPORT_OPTIONS.iter().any(|o| report(o));
    let overrides_only = report("topics-with-overrides");
    for t in topics {
        if !reports && (!overrides_only || !t.config.overrides.is_empty()) {
            let configs: Vec<String> = t.config.overrides.iter().map(|(k, v)| format!("{k}={v}")).collect();
            out.outln(format!(
                "Topic: {}\tTopicId: {}\tPartitionCount: {}\tReplicationFactor: {}\tConfigs: {}",
                t.name,
                t.topic_id.to_kafka_string(),
                t.partitions.len(),
                t.replication_factor(),
                configs.join(",")
            ));
        }
        if overrides_only {
            continue;
        }
        let min_isr = t.config.min_insync_replicas as usize;
        for p in &t.partitions {
            let alive_leader = p.leader.filter(|l| console.sim.brokers().iter().any(|b| b.id == *l && b.alive));
            // PartitionDescription: isUnderReplicated, hasUnavailablePartitions, isUnderMinIsr, isAtMinIsrPartitions
            let shown = !reports
                || (report("under-replicated-partitions") && p.isr.len() < p.replicas.len())
                || (report("unavailable-partitions") && alive_leader.is_none())
                || (report("under-min-isr-partitions") && (p.leader.is_none() || p.isr.len() < min_isr))
                || (report("at-min-isr-partitions") && p.isr.len() == min_isr);
            if !shown {
                continue;
            }
            let join = |v: &[i32]| v.iter().map(i32::to_string).collect::<Vec<_>>().join(",");
            out.outln(format!(
                "\tTopic: {}\tPartition: {}\tLeader: {}\tReplicas: {}\tIsr: {}\tElr: {}\tLastKnownElr: {}",
                t.name,
                p.index,
                p.leader.map_or("none".to_string(), |l| l.to_string()),
                join(&p.replica_ids()),
                join(&p.isr),
                join(&p.elr),
                join(&p.last_known_elr)
            ));
        }
    }
    Ok(())
}

fn alter(
    console: &mut Console,
    opts: &crate::console::options::ParsedOptions,
    topic: &str,
    parser: &crate::console::options::OptionParser,
    out: &mut Output,
) -> Result<(), Failure> {
    // CommandTopicPartition's constructor parses the assignment first
    let assignment = replica_assignment(opts)?;
    let Some(count) =
        opts.i32_value_of("partitions").map_err(|e| Failure::Kafka(KafkaError::new(ErrorCode::InvalidRequest, e.message())))?
    else {
        return Err(Failure::Usage(usage_and_exit(parser, "Missing required argument \"[partitions]\"", out)));
    };
    let Some(current) = console.sim.topic(topic).map(|t| t.partitions.len()) else {
        return if opts.has("if-exists") { Ok(()) } else { Err(missing_topic(topic).into()) };
    };
    // TopicService.topicNewPartitions (4.x): the assignment lists every partition of the
    // topic; the entries past its current partitions are the added ones' replicas
    let cmd = match assignment {
        Some(a) => {
            Command::CreatePartitionsWithAssignment { topic: topic.to_string(), count, assignment: a.into_iter().skip(current).collect() }
        }
        None => Command::CreatePartitions { topic: topic.to_string(), count },
    };
    console.apply(cmd)?;
    Ok(())
}

fn delete(console: &mut Console, opts: &crate::console::options::ParsedOptions, topic: &str) -> Result<(), Failure> {
    if topic_name::is_internal(topic) {
        return Err(KafkaError::new(
            ErrorCode::InvalidRequest,
            format!("Topic {topic} is a kafka internal topic and is not allowed to be marked for deletion."),
        )
        .into());
    }
    let names: Vec<String> = console.sim.topics().filter(|t| matches_topic(topic, &t.name)).map(|t| t.name.to_string()).collect();
    if names.is_empty() {
        return if opts.has("if-exists") { Ok(()) } else { Err(missing_topic(topic).into()) };
    }
    for n in names {
        console.apply(Command::DeleteTopic { name: n })?;
    }
    Ok(())
}
