//! Golden-output tests: every `tests/scripts/NAME.sh` runs through the native
//! `kafkascope run` binary, and its stdout, stderr and exit status must equal
//! `NAME.stdout`, `NAME.stderr` and `NAME.status`. `UPDATE_GOLDEN=1 cargo test --test scripts`
//! rewrites them (review the diff before committing).
#![allow(clippy::disallowed_methods)] // native only: the one-sort rule (clippy.toml) is for the wasm build
#![cfg(not(target_arch = "wasm32"))]

use std::path::Path;
use std::process::Command;

fn run(script: &Path) -> (String, String, i32) {
    let out = Command::new(env!("CARGO_BIN_EXE_kafkascope"))
        .arg("run")
        .arg(script)
        .arg("--seed")
        .arg("42")
        .output()
        .expect("the kafkascope binary runs");
    (String::from_utf8_lossy(&out.stdout).into_owned(), String::from_utf8_lossy(&out.stderr).into_owned(), out.status.code().unwrap_or(-1))
}

#[test]
fn scripts_print_what_kafka_prints() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/scripts");
    let mut scripts: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "sh"))
        .collect();
    scripts.sort();
    assert!(scripts.len() >= 4, "the golden scripts are there");
    let update = std::env::var("UPDATE_GOLDEN").is_ok();
    let mut failures = Vec::new();
    for script in &scripts {
        let (stdout, stderr, status) = run(script);
        let (o, e, s) = (script.with_extension("stdout"), script.with_extension("stderr"), script.with_extension("status"));
        if update {
            std::fs::write(&o, &stdout).unwrap();
            std::fs::write(&e, &stderr).unwrap();
            std::fs::write(&s, format!("{status}\n")).unwrap();
            continue;
        }
        let want_out = std::fs::read_to_string(&o).unwrap_or_default();
        let want_err = std::fs::read_to_string(&e).unwrap_or_default();
        let want_status: i32 = std::fs::read_to_string(&s).ok().and_then(|t| t.trim().parse().ok()).unwrap_or(-1);
        if stdout != want_out || stderr != want_err || status != want_status {
            failures.push(format!(
                "{}: stdout {} stderr {} status {status} vs {want_status}",
                script.display(),
                if stdout == want_out { "ok" } else { "DIFFERS" },
                if stderr == want_err { "ok" } else { "DIFFERS" }
            ));
        }
        // the same seed and script give the same output
        assert_eq!(run(script).0, stdout, "{} is deterministic", script.display());
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
