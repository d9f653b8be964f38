//! Any bytes, split into arguments at NUL bytes, given to a Kafka-like option parser:
//! parsing, value conversion and help never panic.
#![no_main]

use kafkascope::console::options::{OptionParser, OptionSpec, ValueType};
use libfuzzer_sys::fuzz_target;

const SPECS: &[OptionSpec] = &[
    OptionSpec::help_option(),
    OptionSpec::with_arg("bootstrap-server", "server to connect to", "REQUIRED: The Kafka server to connect to."),
    OptionSpec::with_arg("topic", "topic", "The topic."),
    OptionSpec::with_arg("partitions", "# of partitions", "The number of partitions.").of_type(ValueType::Integer),
    OptionSpec::with_arg("config", "name=value", "A topic configuration override.").repeatable(),
    OptionSpec::with_arg("delete-config", "name", "Configs to remove.").separated_by(','),
    OptionSpec::with_optional_arg("count", "n", "A count.").of_type(ValueType::Long).defaults_to(&["1"]),
    OptionSpec::flag("list", "List all available topics."),
    OptionSpec::flag("x", "A one-letter flag."),
];

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let args: Vec<&str> = text.split('\0').collect();
    let parser = OptionParser::new(SPECS);
    match parser.parse(&args) {
        Ok(options) => {
            let _ = options.i32_value_of("partitions");
            let _ = options.i64_value_of("count");
            let _ = options.value_of("topic");
            let _ = options.values_of("delete-config");
            let _ = options.check_single_values();
        }
        Err(e) => {
            assert!(!e.message().is_empty());
            let _ = e.java_frames();
        }
    }
    let _ = parser.help();
});
