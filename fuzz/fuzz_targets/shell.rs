//! Any bytes, read as a script: parsing never panics, and the line-at-a-time parser
//! agrees with `parse_script`.
#![no_main]

use kafkascope::console::shell::{parse_script, script_lines, ShellParser};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let whole = parse_script(&text);
    if let Err(e) = &whole {
        assert!(!e.message().is_empty());
        let _ = e.script_lines("fuzz.sh");
    }

    let mut parser = ShellParser::new();
    let mut commands = Vec::new();
    let mut first_error = None;
    for line in script_lines(&text) {
        match parser.push_line(line) {
            Some(Ok(c)) => commands.extend(c),
            Some(Err(e)) => {
                first_error.get_or_insert(e);
            }
            None => {}
        }
    }
    match parser.finish() {
        Some(Ok(c)) => commands.extend(c),
        Some(Err(e)) => {
            first_error.get_or_insert(e);
        }
        None => {}
    }
    match whole {
        Ok(expected) => {
            assert!(first_error.is_none());
            assert_eq!(commands, expected);
        }
        Err(e) => assert_eq!(first_error, Some(e)),
    }
});
