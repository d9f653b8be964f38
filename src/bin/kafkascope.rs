//! The native command-line entry: `kafkascope run SCRIPT` runs a console script against
//! a fresh simulated cluster and writes exactly what a terminal would show.

use std::io::{Read, Write};
use std::process::ExitCode;

use kafkascope::console::session::TranscriptLine;
use kafkascope::console::{Console, Stream};
use kafkascope::engine::{ClusterConfig, Sim};

const USAGE: &str = "usage: kafkascope run SCRIPT|- [--seed N] [--brokers N] [--trace FILE]
       kafkascope lesson FILE [--seed N]     (also: kafkascope run --check FILE)
       kafkascope version

Runs a script of Kafka CLI commands (kafka-topics.sh, kafka-console-producer.sh, ...) and
shell commands (sleep, echo, &, jobs, kill) against a simulated Kafka cluster, printing
stdout and stderr as a terminal would. The exit status is the last command's.
  --seed N      the simulation's seed (default 42)
  --brokers N   number of brokers, 1 to 9 (default 3)
  --trace FILE  write the event trace as JSON lines

`lesson` (or `run --check`) plays a lesson (static/lessons/*.sh) step by step as the
browser's lesson player does: it prints each step's narration and output, then each
`#! expect` claim with ok or FAILED. The exit status is 1 if any claim failed.
  --seed N      overrides the lesson's `#! seed:`";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("version" | "--version") => {
            println!("kafkascope {}", env!("CARGO_PKG_VERSION"));
            ExitCode::SUCCESS
        }
        Some("lesson") => lesson_or_usage(&args[1..]),
        Some("run") if args.iter().any(|a| a == "--check") => {
            let rest: Vec<String> = args[1..].iter().filter(|a| *a != "--check").cloned().collect();
            lesson_or_usage(&rest)
        }
        Some("run") => match run(&args[1..]) {
            Ok(code) => ExitCode::from(code),
            Err(e) => {
                eprintln!("kafkascope: {e}");
                eprintln!("{USAGE}");
                ExitCode::from(2)
            }
        },
        Some("help" | "--help" | "-h") => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        _ => {
            eprintln!("{USAGE}");
            ExitCode::from(2)
        }
    }
}

fn lesson_or_usage(args: &[String]) -> ExitCode {
    match lesson(args) {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            eprintln!("kafkascope: {e}");
            eprintln!("{USAGE}");
            ExitCode::from(2)
        }
    }
}

/// `kafkascope lesson FILE`: plays a lesson through the lesson player's step runner.
fn lesson(args: &[String]) -> Result<u8, String> {
    use kafkascope::classroom::{lesson, player};
    let mut file = None;
    let mut seed = None;
    let mut i = 0;
    while i < args.len() {
        match args[i].as_str() {
            "--seed" => {
                let v = args.get(i + 1).ok_or("--seed needs a value")?;
                seed = Some(v.parse::<u64>().map_err(|_| "--seed takes a non-negative integer".to_string())?);
                i += 1;
            }
            s if file.is_none() => file = Some(s.to_string()),
            s => return Err(format!("unexpected argument '{s}'")),
        }
        i += 1;
    }
    let file = file.ok_or("lesson needs a lesson file")?;
    let text = std::fs::read_to_string(&file).map_err(|e| format!("{file}: {e}"))?;
    let mut lesson = match lesson::parse(&text) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("{file}: {e}");
            return Ok(1);
        }
    };
    if let Some(s) = seed {
        lesson.seed = s;
    }
    println!("# {}", lesson.title);
    if !lesson.summary.is_empty() {
        println!("{}", lesson.summary);
    }
    let mut session = player::new_session(&lesson);
    let (mut failed, mut problems) = (0, 0);
    let steps = lesson.steps.len();
    for (n, step) in lesson.steps.iter().enumerate() {
        println!("\n## Step {} of {steps} (line {})", n + 1, step.line);
        for p in &step.narration {
            println!("\n{p}");
        }
        for q in &step.questions {
            println!("\nQuestion: {}", q.prompt);
        }
        let before = session.transcript_tail(usize::MAX).len();
        let outcome = player::run_step(&mut session, step);
        println!();
        for l in session.transcript_tail(usize::MAX).into_iter().skip(before) {
            match l {
                TranscriptLine::Command(c) => println!("$ {c}"),
                TranscriptLine::Input(t) | TranscriptLine::Stdout(t) | TranscriptLine::Stderr(t) => println!("{t}"),
            }
        }
        for q in &step.questions {
            println!("Answer: {}", q.answer);
        }
        for p in &outcome.problems {
            println!("PROBLEM  {p}");
            problems += 1;
        }
        for c in &outcome.checks {
            match &c.mismatch {
                None => println!("ok      line {}: {}", c.line, c.claim),
                Some(m) => {
                    println!("FAILED  line {}: {}: {m}", c.line, c.claim);
                    failed += 1;
                }
            }
        }
    }
    let claims: usize = lesson.steps.iter().map(|s| s.expectations.len()).sum();
    let verdict = if failed + problems > 0 { "; the lesson FAILED" } else { "" };
    let note = if problems > 0 { format!(", {problems} commands could not run as in a script") } else { String::new() };
    println!("\n{} of {claims} claims hold{note}{verdict}", claims - failed);
    Ok(if failed + problems > 0 { 1 } else { 0 })
}

fn run(args: &[String]) -> Result<u8, String> {
    let mut script = None;
    let mut seed = 42u64;
    let mut brokers = 3u32;
    let mut trace = None;
    let mut i = 0;
    while i < args.len() {
        let value = |i: usize| args.get(i + 1).cloned().ok_or_else(|| format!("{} needs a value", args[i]));
        match args[i].as_str() {
            "--seed" => {
                seed = value(i)?.parse().map_err(|_| "--seed takes a non-negative integer".to_string())?;
                i += 1;
            }
            "--brokers" => {
                brokers = value(i)?.parse().map_err(|_| "--brokers takes a number from 1 to 9".to_string())?;
                if !(1..=9).contains(&brokers) {
                    return Err("--brokers takes a number from 1 to 9".into());
                }
                i += 1;
            }
            "--trace" => {
                trace = Some(value(i)?);
                i += 1;
            }
            s if script.is_none() => script = Some(s.to_string()),
            s => return Err(format!("unexpected argument '{s}'")),
        }
        i += 1;
    }
    let script = script.ok_or("run needs a script file, or - for standard input")?;
    let (name, text) = if script == "-" {
        let mut s = String::new();
        std::io::stdin().read_to_string(&mut s).map_err(|e| format!("cannot read standard input: {e}"))?;
        ("bash".to_string(), s)
    } else {
        let text = std::fs::read_to_string(&script).map_err(|e| format!("{script}: {e}"))?;
        (script.clone(), text)
    };
    let sim = Sim::new(ClusterConfig { brokers, ..ClusterConfig::default() }, seed);
    let mut console = Console::new(sim);
    let (out, status) = console.run_script(&text, &name);
    let stdout = std::io::stdout();
    let stderr = std::io::stderr();
    for (stream, chunk) in &out.chunks {
        match stream {
            Stream::Out => {
                let mut o = stdout.lock();
                let _ = o.write_all(chunk.as_bytes());
                let _ = o.flush();
            }
            Stream::Err => {
                let mut e = stderr.lock();
                let _ = e.write_all(chunk.as_bytes());
                let _ = e.flush();
            }
        }
    }
    if let Some(path) = trace {
        let mut f = std::fs::File::create(&path).map_err(|e| format!("{path}: {e}"))?;
        for entry in console.sim().trace() {
            let line = serde_json::to_string(entry).map_err(|e| format!("cannot write the trace: {e}"))?;
            writeln!(f, "{line}").map_err(|e| format!("{path}: {e}"))?;
        }
    }
    Ok((status & 0xff) as u8)
}
