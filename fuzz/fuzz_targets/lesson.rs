//! Any bytes as a lesson file: parsing never panics, an error names a line (from 1),
//! and a lesson that parses has a title and at least one step.
#![no_main]

use kafkascope::classroom::lesson::parse;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    match parse(&text) {
        Ok(lesson) => {
            assert!(!lesson.title.trim().is_empty());
            assert!(!lesson.steps.is_empty());
        }
        Err(e) => {
            assert!(e.line >= 1, "line {}", e.line);
            assert!(!e.message.is_empty());
        }
    }
});
