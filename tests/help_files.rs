//! The usage texts the page fetches: `static/help/TOOL.txt` must equal what
//! `OptionParser::help` builds natively for each tool in `OPTION_TOOLS` (the golden
//! scripts check that text against Kafka's). `UPDATE_GOLDEN=1 cargo test --test help_files`
//! rewrites them.
#![allow(clippy::disallowed_methods)] // native only: the one-sort rule (clippy.toml) is for the wasm build
#![cfg(not(target_arch = "wasm32"))]

use kafkascope::console::options::{deferred_help_line, deferred_help_tool, OptionParser};
use kafkascope::console::tools::{KAFKA_TOOLS, OPTION_TOOLS};
use std::path::Path;

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/static/help");

#[test]
fn every_usage_text_file_is_what_the_tool_prints() {
    let update = std::env::var("UPDATE_GOLDEN").is_ok();
    for (tool, specs) in OPTION_TOOLS {
        assert!(KAFKA_TOOLS.contains(tool), "{tool} is a tool the console speaks");
        let text = OptionParser::for_tool(tool, specs).help();
        assert!(text.starts_with("Option") && text.contains("--bootstrap-server"), "{tool}: {text}");
        let path = Path::new(DIR).join(format!("{tool}.txt"));
        if update {
            std::fs::write(&path, &text).unwrap();
            continue;
        }
        let file = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert_eq!(file, text, "{} is stale: UPDATE_GOLDEN=1 cargo test --test help_files", path.display());
    }
}

#[test]
fn the_folder_holds_only_those_files() {
    let mut names: Vec<String> = std::fs::read_dir(DIR).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    let mut expected: Vec<String> = OPTION_TOOLS.iter().map(|(tool, _)| format!("{tool}.txt")).collect();
    expected.sort();
    assert_eq!(names, expected);
}

#[test]
fn a_deferred_help_line_names_its_tool_and_nothing_else_does() {
    let line = deferred_help_line("kafka-topics.sh");
    assert!(line.ends_with('\n'));
    assert_eq!(deferred_help_tool(line.trim_end_matches('\n')), Some("kafka-topics.sh"));
    for other in ["", "usage text of kafka-topics.sh", "Option  Description", " \u{E000}usage text of x"] {
        assert_eq!(deferred_help_tool(other), None, "{other:?}");
    }
}
