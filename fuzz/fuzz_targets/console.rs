//! Any bytes, read as a script and run by a console against a small simulated cluster
//! (one broker, topic `t`): parsing, every tool and builtin, jobs, redirections and the
//! engine behind them never panic, and a failed command always says something.
//!
//! `cargo +nightly fuzz run console -- -dict=console.dict -max_len=2048` (from `fuzz/`);
//! the dictionary holds the tools' names, flags and typical values, so the fuzzer gets
//! past argument validation.
#![no_main]

use kafkascope::console::Console;
use kafkascope::engine::{ClusterConfig, Command, Sim};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let mut sim = Sim::new(ClusterConfig { brokers: 1, ..ClusterConfig::default() }, 1);
    sim.apply(Command::CreateTopic { name: "t".into(), partitions: Some(2), replication_factor: Some(1), configs: vec![] })
        .expect("a topic on a fresh cluster");
    let mut console = Console::new(sim);
    let (out, status) = console.run_script(&text, "fuzz.sh");
    // a command may send its complaint elsewhere (`2> file`, `> /dev/null 2>&1`), and
    // the `false` builtin fails without a word, as in bash
    if status != 0 && !text.contains('>') && !text.contains("false") {
        assert!(!out.is_empty(), "exit status {status} without a word");
    }
});
