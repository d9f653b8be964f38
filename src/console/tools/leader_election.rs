//! `kafka-leader-election.sh` (tools/src/main/java/org/apache/kafka/tools/LeaderElectionCommand.java,
//! Kafka 3.8): asks the controller for a preferred or an unclean leader election on one
//! partition (`--topic` with `--partition`) or on every partition
//! (`--all-topic-partitions`), and prints which elections succeeded, which were not
//! needed and which failed.
//!
//! Kafkascope does not read `--path-to-json-file` (a JSON list of partitions): it says
//! so instead. `--admin.config` is accepted and not read, as the other tools' client
//! config files are.

use crate::console::options::{OptionError, OptionParser, OptionSpec, ValueType};
use crate::console::output::Output;
use crate::console::runtime::{Console, Status};
use crate::engine::assignor::java_hash::{iteration_order, string_hash_code, topic_partition_hash_code};
use crate::engine::{Command, ElectionType, ErrorCode, KafkaError, Reply};

use super::{check_bootstrap, exception_text};

const TYPES: &str = "[PREFERRED,UNCLEAN]";

pub(crate) const SPECS: &[OptionSpec] = &[
    OptionSpec::with_arg("admin.config", "config file", "Configuration properties files to pass to the admin client"),
    OptionSpec::flag(
        "all-topic-partitions",
        "Perform election on all of the eligible topic partitions based on the type of election (see the --election-type flag). Not allowed if --topic or --path-to-json-file is specified.",
    ),
    OptionSpec::with_arg(
        "bootstrap-server",
        "host:port",
        "A hostname and port for the broker to connect to, in the form host:port. Multiple comma separated URLs can be given. REQUIRED.",
    ),
    OptionSpec::with_arg(
        "election-type",
        "election type",
        "Type of election to attempt. Possible values are \"preferred\" for preferred leader election or \"unclean\" for unclean leader election. If preferred election is selection, the election is only performed if the current leader is not the preferred leader for the topic partition. If unclean election is selected, the election is only performed if there are no leader for the topic partition. REQUIRED.",
    )
    .of_type(ValueType::Named(TYPES)),
    OptionSpec::help_option(),
    OptionSpec::with_arg("partition", "partition id", "Partition id for which to perform an election. REQUIRED if --topic is specified.")
        .of_type(ValueType::Integer),
    OptionSpec::with_arg(
        "path-to-json-file",
        "Path to JSON file",
        "The JSON file with the list  of partition for which leader elections should be performed. This is an example format. \n{\"partitions\":\n\t[{\"topic\": \"foo\", \"partition\": 1},\n\t {\"topic\": \"foobar\", \"partition\": 2}]\n}\nNot allowed if --all-topic-partitions or --topic flags are specified.",
    ),
    OptionSpec::with_arg(
        "topic",
        "topic name",
        "Name of topic for which to perform an election. Not allowed if --path-to-json-file or --all-topic-partitions is specified.",
    ),
    OptionSpec::version_option(),
];

pub fn run(console: &mut Console, args: &[String], out: &mut Output) -> Status {
    let parser = OptionParser::for_tool("kafka-leader-election.sh", SPECS);
    let opts = match parser.parse(args) {
        Ok(o) => o,
        Err(e) => {
            // thrown by the options' constructor, caught by mainNoExit
            return fail(&e.message(), &e.java_to_string(), &[], out);
        }
    };
    if args.is_empty() || opts.has("help") {
        out.err(parser.usage_error(
            "This tool attempts to elect a new leader for a set of topic partitions. The type of elections supported are preferred replicas and unclean replicas.",
        ));
        return 1;
    }
    if opts.has("version") {
        return super::print_version(out);
    }
    if let Err((message, _line)) = validate(&opts) {
        return fail(&message, &admin_failed(&message), &[], out);
    }
    let election = match opts.value_of("election-type") {
        Ok(Some(v)) => match v.to_ascii_uppercase().as_str() {
            "PREFERRED" => ElectionType::Preferred,
            "UNCLEAN" => ElectionType::Unclean,
            _ => {
                let e = OptionError::Conversion { option: "election-type".into(), argument: v.to_string() };
                let cause = format!("Caused by: joptsimple.ValueConversionException: Value [{v}] is not one of [{TYPES}]");
                return fail(&e.message(), &e.java_to_string(), &[cause], out);
            }
        },
        Ok(None) => return 1, // validate() requires --election-type
        Err(e) => return fail(&e.message(), &e.java_to_string(), &[], out),
    };
    let partition = match opts.i32_value_of("partition") {
        Ok(p) => p,
        Err(e) => return fail(&e.message(), &e.java_to_string(), &[], out),
    };
    if opts.has("path-to-json-file") {
        out.errln("Kafkascope's kafka-leader-election.sh takes --topic with --partition, or --all-topic-partitions; --path-to-json-file is not simulated.");
        return 1;
    }
    let topic = opts.value_of("topic").ok().flatten();
    let bootstrap = opts.value_of("bootstrap-server").ok().flatten().unwrap_or_default();
    if let Err(e) = check_bootstrap(console, bootstrap) {
        out.errln(e);
        return 1;
    }
    // run() sets the admin client's default.api.timeout.ms to 30 s (Kafka 4.x): with no
    // bootstrap broker to reach, electLeaders times out waiting for a node; electLeaders
    // prints "Timeout waiting for election results" and throws it as an
    // AdminCommandFailedException caused by the TimeoutException, which mainNoExit prints
    // with its stack trace; status 1
    if let Some(cause) = super::unreachable::admin_call(console, out, bootstrap, "electLeaders", 30_000) {
        const MESSAGE: &str = "Timeout waiting for election results";
        out.outln(MESSAGE);
        return fail(
            MESSAGE,
            &admin_failed(MESSAGE),
            &[format!("Caused by: org.apache.kafka.common.errors.TimeoutException: {cause}")],
            out,
        );
    }
    let partitions = topic.zip(partition).map(|(t, p)| vec![(t.to_string(), p)]);
    let results = match console.apply(Command::ElectLeaders { election, partitions }) {
        Ok(Reply::LeadersElected(r)) => r,
        Ok(_) => Vec::new(),
        Err(e) => {
            out.errln(exception_text(&e));
            return 1;
        }
    };
    report(election, results, out)
}

/// `LeaderElectionCommandOptions.validate`: the message and the source line that throws it.
fn validate(opts: &crate::console::options::ParsedOptions) -> Result<(), (String, u32)> {
    let missing: Vec<&str> = ["bootstrap-server", "election-type"].into_iter().filter(|o| !opts.has(o)).collect();
    if !missing.is_empty() {
        return Err((format!("Missing required option(s): {}", missing.join(", ")), 344));
    }
    let exclusive = ["topic", "all-topic-partitions", "path-to-json-file"];
    if exclusive.iter().filter(|o| opts.has(o)).count() != 1 {
        return Err((format!("One and only one of the following options is required: {}", exclusive.join(", ")), 359));
    }
    match (opts.has("topic"), opts.has("partition")) {
        (true, false) => Err(("Missing required option(s): partition".into(), 366)),
        (false, true) => Err(("Option partition is only allowed if topic is used".into(), 371)),
        _ => Ok(()),
    }
}

fn admin_failed(message: &str) -> String {
    format!("org.apache.kafka.server.common.AdminCommandFailedException: {message}")
}

/// What `mainNoExit` prints for an exception thrown in `run`: its message, then its
/// stack trace (`System.err.println(Utils.stackTrace(e))`: the exception, its frames as
/// [`super::java_trace`] prints them, the `Suppressed:` or `Caused by:` lines); status 1.
fn fail(message: &str, exception: &str, after: &[String], out: &mut Output) -> Status {
    out.errln(message);
    let mut trace = exception.to_string();
    for a in after {
        trace.push('\n');
        trace.push_str(a);
    }
    super::print_stack_trace(out, trace);
    1
}

/// `LeaderElectionCommand.electLeaders`: the results go through the admin client's
/// `HashMap` into a `HashSet` (or `HashMap`) per outcome, so each list is printed in
/// Java's hash order of `TopicPartition`.
fn report(election: ElectionType, results: Vec<(String, i32, Option<KafkaError>)>, out: &mut Output) -> Status {
    let codes: Vec<i32> = results.iter().map(|(t, p, _)| topic_partition_hash_code(string_hash_code(t), *p)).collect();
    let map_order = iteration_order(&codes);
    let in_hash_order = |keep: &dyn Fn(&Option<KafkaError>) -> bool| -> Vec<usize> {
        let picked: Vec<usize> = map_order.iter().copied().filter(|&i| keep(&results[i].2)).collect();
        let picked_codes: Vec<i32> = picked.iter().map(|&i| codes[i]).collect();
        iteration_order(&picked_codes).into_iter().map(|j| picked[j]).collect()
    };
    let not_needed = |e: &Option<KafkaError>| e.as_ref().is_some_and(|e| e.code == ErrorCode::ElectionNotNeeded);
    let names = |idx: &[usize]| idx.iter().map(|&i| format!("{}-{}", results[i].0, results[i].1)).collect::<Vec<_>>().join(", ");
    let succeeded = in_hash_order(&|e| e.is_none());
    if !succeeded.is_empty() {
        out.outln(format!("Successfully completed leader election ({}) for partitions {}", election.name(), names(&succeeded)));
    }
    let noop = in_hash_order(&not_needed);
    if !noop.is_empty() {
        out.outln(format!("Valid replica already elected for partitions {}", names(&noop)));
    }
    let failed = in_hash_order(&|e| e.is_some() && !not_needed(e));
    if failed.is_empty() {
        return 0;
    }
    let mut suppressed = Vec::new();
    for &i in &failed {
        let (topic, partition, error) = &results[i];
        let text = error.as_ref().map(exception_text).unwrap_or_default();
        out.outln(format!("Error completing leader election ({}) for partition: {topic}-{partition}: {text}", election.name()));
        suppressed.push(format!("\tSuppressed: {text}"));
    }
    let message = format!("{} replica(s) could not be elected", failed.len());
    fail(&message, &admin_failed(&message), &suppressed, out)
}
