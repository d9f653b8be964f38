//! The built-in lessons (`static/lessons/*.sh`): each runs to completion as a script
//! (`Console::run_script`, the code path of `kafkascope run`) and through the lesson
//! player's step runner with every `#! expect` claim holding; the index lists them in
//! order; malformed lessons get clear errors with line numbers.
#![allow(clippy::disallowed_methods)] // native only: the one-sort rule (clippy.toml) is for the wasm build
#![cfg(not(target_arch = "wasm32"))]

use std::path::{Path, PathBuf};

use kafkascope::classroom::check::{check, parse_claim, Claim};
use kafkascope::classroom::lesson::{parse, Lesson};
use kafkascope::classroom::player::{new_session, run_step, Player};
use kafkascope::console::{Console, Output};
use kafkascope::engine::{ClusterConfig, Sim};
use proptest::prelude::*;

fn lessons_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("static/lessons")
}

/// Every lesson file, sorted by name.
fn lesson_files() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(lessons_dir())
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "sh"))
        .collect();
    files.sort();
    files
}

fn load(path: &Path) -> (String, Lesson) {
    let text = std::fs::read_to_string(path).unwrap();
    let lesson = parse(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    (text, lesson)
}

#[test]
fn the_index_lists_every_lesson_in_order() {
    let index = std::fs::read_to_string(lessons_dir().join("index.txt")).unwrap();
    let listed: Vec<&str> = index.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
    let files: Vec<String> = lesson_files().iter().map(|p| p.file_name().unwrap().to_string_lossy().into_owned()).collect();
    assert!(!files.is_empty(), "there are lessons");
    assert_eq!(listed, files, "index.txt lists exactly the lesson files, in order");
    for (i, name) in files.iter().enumerate() {
        assert!(name.starts_with(&format!("{:02}-", i + 1)), "{name} is numbered {:02}", i + 1);
    }
}

#[test]
fn every_lesson_has_a_title_a_summary_three_pauses_and_a_checked_question() {
    for path in lesson_files() {
        let (text, lesson) = load(&path);
        let name = path.display();
        assert!(!lesson.title.is_empty(), "{name}: title");
        assert!(!lesson.summary.is_empty(), "{name}: summary");
        let pauses = text.lines().filter(|l| l.trim() == "#! pause").count();
        assert!(pauses >= 3, "{name}: {pauses} pauses, at least 3 wanted");
        assert!((3..=9).contains(&lesson.steps.len()), "{name}: {} steps", lesson.steps.len());
        assert!(
            lesson.steps.iter().any(|s| !s.questions.is_empty() && !s.expectations.is_empty()),
            "{name}: a predict question in a step whose claims check it"
        );
        for (i, s) in lesson.steps.iter().enumerate() {
            assert!(!s.narration.is_empty(), "{name}: step {} has no narration", i + 1);
        }
    }
}

#[test]
fn every_lesson_runs_as_a_script_with_status_0() {
    for path in lesson_files() {
        let (text, lesson) = load(&path);
        let mut console = Console::new(Sim::new(ClusterConfig::default(), lesson.seed));
        let name = path.to_string_lossy().into_owned();
        let (out, status) = console.run_script(&text, &name);
        assert_eq!(status, 0, "{name} exits 0; its stderr:\n{}", out.stderr());
        assert!(!out.stderr().contains("command not found"), "{name}: {}", out.stderr());
        assert!(!out.stderr().contains("syntax error"), "{name}: {}", out.stderr());
        assert!(!out.stderr().contains("kafkascope: "), "{name}: a simulator complaint: {}", out.stderr());
    }
}

#[test]
fn every_claim_of_every_lesson_holds_in_the_step_runner() {
    for path in lesson_files() {
        let (_, lesson) = load(&path);
        let mut session = new_session(&lesson);
        let mut claims = 0;
        for (i, step) in lesson.steps.iter().enumerate() {
            let outcome = run_step(&mut session, step);
            assert!(outcome.problems.is_empty(), "{} step {}: {:?}", path.display(), i + 1, outcome.problems);
            for c in &outcome.checks {
                claims += 1;
                if let Some(m) = &c.mismatch {
                    panic!("{} line {}: `{}`: {m}\nthe step printed:\n{}", path.display(), c.line, c.claim, output_text(&outcome.output));
                }
            }
        }
        assert!(claims >= 5, "{}: only {claims} claims", path.display());
    }
}

fn output_text(o: &Output) -> String {
    o.chunks.iter().map(|(_, t)| t.as_str()).collect()
}

/// The script path and the player agree on the end state's essentials: both ran every
/// command (a lesson whose commands only ran in one of them would differ).
#[test]
fn script_and_player_reach_the_same_topics_and_offsets() {
    for path in lesson_files() {
        let (text, lesson) = load(&path);
        let mut console = Console::new(Sim::new(ClusterConfig::default(), lesson.seed));
        console.run_script(&text, "lesson");
        let mut session = new_session(&lesson);
        for step in &lesson.steps {
            run_step(&mut session, step);
        }
        let ends = |sim: &Sim| -> Vec<(String, u32, i64)> {
            sim.topics()
                .filter(|t| !t.name.starts_with("__"))
                .flat_map(|t| t.partitions.iter().map(move |p| (t.name.to_string(), p.index, p.log_end_offset())))
                .collect()
        };
        assert_eq!(ends(console.sim()), ends(session.console().sim()), "{}", path.display());
    }
}

#[test]
fn a_lesson_plays_deterministically() {
    for path in lesson_files() {
        let (_, lesson) = load(&path);
        let play = || {
            let mut session = new_session(&lesson);
            let mut player = Player::new(lesson.clone());
            let mut hashes = Vec::new();
            while player.play_next(&mut session).is_some() {
                hashes.push(session.console().sim().state_hash());
            }
            assert!(player.finished());
            hashes
        };
        let a = play();
        assert_eq!(a.len(), lesson.steps.len());
        assert_eq!(a, play(), "{}: same lesson and seed, same state hash after every step", path.display());
    }
}

/// Going back in time and playing a step again gives the same state (the player works
/// over time travel).
#[test]
fn a_step_replayed_after_rewinding_reaches_the_same_state() {
    let (_, lesson) = load(&lesson_files()[0]);
    let mut session = new_session(&lesson);
    let step1 = run_step(&mut session, &lesson.steps[0]);
    let first = run_step(&mut session, &lesson.steps[1]);
    assert_eq!(step1.ops.end, first.ops.start);
    assert_eq!(first.ops.end, session.ops().len());
    let hash = session.console().sim().state_hash();
    session.rewind_to(first.ops.start);
    assert_ne!(session.console().sim().state_hash(), hash);
    let again = run_step(&mut session, &lesson.steps[1]);
    assert_eq!(session.console().sim().state_hash(), hash);
    assert_eq!(first.checks, again.checks);
    assert_eq!(first.output, again.output);
    assert_eq!(session.future_len(), 0, "the same ops again: the recorded future was followed to its end");
}

/// A claim that is false is reported with expected and actual values.
#[test]
fn a_false_claim_fails_with_expected_and_actual() {
    let text = "#! title: t
#> Make a topic.
kafka-topics.sh --bootstrap-server localhost:9092 --create --topic t --partitions 2 --replication-factor 3
#! expect topic t partitions 3
#! expect partition t 0 leader 9
#! expect output contains Created topic t.
#! expect output lacks Created
#! expect group nobody state Stable
#! pause
";
    let lesson = parse(text).unwrap();
    let mut session = new_session(&lesson);
    let outcome = run_step(&mut session, &lesson.steps[0]);
    let failed: Vec<String> = outcome.checks.iter().filter_map(|c| c.mismatch.as_ref().map(|m| format!("{}: {m}", c.line))).collect();
    assert_eq!(failed.len(), 4, "{failed:?}");
    assert!(failed[0].starts_with("4: expected partitions 3, actual partitions 2"), "{failed:?}");
    assert!(failed[1].contains("expected leader 9"), "{failed:?}");
    assert!(failed[2].contains("not to contain"), "{failed:?}");
    assert!(failed[3].contains("no such group"), "{failed:?}");
    assert!(!outcome.passed());
}

/// Claims about keys, owners, commits and lag, against a small scene built by hand.
#[test]
fn group_and_key_claims_read_the_simulation() {
    let mut console = Console::interactive(Sim::new(ClusterConfig::default(), 3));
    let script = "kafka-topics.sh --bootstrap-server localhost:9092 --create --topic o --partitions 3 --replication-factor 3
kafka-console-producer.sh --bootstrap-server localhost:9092 --topic o --property parse.key=true --property key.separator=: <<EOF
alice:1
alice:2
bob:3
EOF
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic o --group g --from-beginning --consumer-property client.id=c1 &
sleep 10
kafkascope consumer commit %1
sleep 1";
    for line in script.lines() {
        console.run_line(line);
    }
    let none = Output::default();
    let holds = |claim: &str| check(&parse_claim(claim).unwrap(), &console, &none).is_ok();
    // murmur2: which partition each key lands on, found from the log itself
    let key_partition = |key: &str| (0..3).find(|p| holds(&format!("partition o {p} key {key}"))).expect("the key is somewhere");
    let (a, b) = (key_partition("alice"), key_partition("bob"));
    let alice_records = if a == b { 3 } else { 2 };
    assert!(holds(&format!("partition o {a} log-end-offset {alice_records}")), "both alice records on one partition");
    assert!(!holds("partition o 0 key carol"), "no record has key carol");
    assert!(holds("group g state Stable") && holds("group g members 1") && holds("group g generation 1"));
    assert!(!holds("group g epoch 1"), "a classic group has no group epoch");
    assert!(holds(&format!("group g owner o {b} %1")) && holds(&format!("group g owner o {b} c1")));
    assert!(!holds(&format!("group g owner o {b} %2")));
    assert!(holds(&format!("group g committed o {a} {alice_records}")) && holds("group g lag 0"));
    assert!(holds("group g assignor range"));
    assert!(holds("broker 1 running") && holds("job %1 running") && holds("topic gone absent") && holds("group other absent"));
    assert!(holds("partition o 0 isr 1,2,3"));
}

fn error_of(text: &str) -> (usize, String) {
    let e = parse(text).expect_err(text);
    assert!(e.to_string().starts_with(&format!("line {}: ", e.line)));
    (e.line, e.message)
}

#[test]
fn malformed_lessons_are_refused_with_line_numbers() {
    let cases: &[(&str, usize, &str)] = &[
        ("", 1, "empty"),
        ("\n\n  \n", 1, "empty"),
        ("#! title: t\n#> hi\nkafka-topics.sh --list\n#! explain everything\n", 4, "unknown directive"),
        ("#! title: t\n#> hi\nkafka-topics.sh --list\n#! expect topic t colour blue\n", 4, "unknown claim"),
        ("#! title: t\n#> hi\nkafka-topics.sh --list\n#! expect weather sunny\n", 4, "unknown claim"),
        ("#! title: t\n#> hi\nkafka-topics.sh --list\n#! expect group g members many\n", 4, "not 'many'"),
        ("#! title: t\n#! seed: -3\n#> hi\necho\n", 2, "non-negative integer"),
        ("#! title: t\n#> hi\n#! expect topic t partitions 1\nkafka-topics.sh --list\n", 3, "before any command"),
        ("#! title: t\n#> hi\n# only a comment\n#! expect topic t partitions 1\n", 4, "before any command"),
        ("#! title: t\n#> hi\necho a\n#! expect topic t partitions 1\necho b\n", 5, "after `#! expect`"),
        ("#! title: t\n#> hi\necho a\n#? which?\n#! pause\n", 4, "no reveal"),
        ("#! title: t\n#> hi\necho a\n#= because\n", 4, "without a `#?`"),
        ("#> no title\necho a\n#! pause\n", 1, "no `#! title"),
        ("#! title: a\n#! title: b\n", 2, "a second"),
        ("#! title: t\ncat <<EOF\n#> narration in a here-document\nEOF\n", 3, "here-document"),
        ("#! title: t\ncat <<EOF\nnever ended\n", 3, "ends inside a here-document"),
        ("#! title: t\n#> hi\necho a\n#! pause now\n", 4, "takes nothing"),
        ("#! title:\n", 1, "needs some text"),
        ("#! title: t\n", 1, "no steps"),
    ];
    for (text, line, needle) in cases {
        let (l, message) = error_of(text);
        assert_eq!(l, *line, "{text:?}: {message}");
        assert!(message.contains(needle), "{text:?}: {message}");
    }
}

#[test]
fn narration_questions_and_steps_are_read_as_documented() {
    let text = "#!/bin/bash
#! title: A lesson
#! summary: one sentence
#> One
#> paragraph.
#>
#> Two.
echo hi
#? Will it
#? print hi?
#= Yes,
#= it will.
#! expect output contains hi
#! pause
#> Last step, with no pause after it.
echo bye
";
    let l = parse(text).unwrap();
    assert_eq!(l.seed, 1, "the default seed");
    assert_eq!(l.steps.len(), 2);
    assert_eq!(l.steps[0].narration, ["One paragraph.", "Two."]);
    assert_eq!(l.steps[0].questions[0].prompt, "Will it print hi?");
    assert_eq!(l.steps[0].questions[0].answer, "Yes, it will.");
    assert_eq!(l.steps[0].command_text(), "#!/bin/bash\necho hi", "the shebang is a plain comment");
    assert_eq!(l.steps[1].command_text(), "echo bye");
    assert_eq!(parse_claim("output contains hi"), Ok(Claim::OutputContains("hi".into())));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Arbitrary text never panics the lesson parser.
    #[test]
    fn arbitrary_text_never_panics(text in "(?s).{0,400}") {
        let _ = parse(&text);
    }

    /// Lines made of the format's own pieces never panic, and errors name a real line.
    #[test]
    fn directive_soups_never_panic(lines in prop::collection::vec(prop_oneof![
        Just("#! title: t".to_string()),
        Just("#! pause".to_string()),
        Just("#! seed: 4".to_string()),
        Just("#> words".to_string()),
        Just("#>".to_string()),
        Just("#? q".to_string()),
        Just("#= a".to_string()),
        Just("echo x".to_string()),
        Just("cat <<EOF".to_string()),
        Just("EOF".to_string()),
        Just("echo 'open".to_string()),
        "#! expect [a-z%0-9 ,-]{0,30}",
        "#[!>?=][ -~]{0,20}",
    ], 0..20)) {
        let text = lines.join("\n");
        if let Err(e) = parse(&text) {
            prop_assert!(e.line >= 1 && e.line <= lines.len().max(1), "{e}");
        }
    }

    /// Any claim text: a claim or a clear error, never a panic.
    #[test]
    fn arbitrary_claims_never_panic(text in "[ -~]{0,60}") {
        if let Err(e) = parse_claim(&text) {
            prop_assert!(!e.is_empty());
        }
    }
}

/// KIP-429, found by the cooperative lesson (06): while a cooperative group waits for a slow member to
/// rejoin, the other members go on reading the partitions they keep; eager members
/// revoked everything and read nothing until the rebalance is over.
#[test]
fn cooperative_members_keep_reading_while_the_group_rebalances() {
    for (assignor, reads_during_rebalance) in
        [("org.apache.kafka.clients.consumer.CooperativeStickyAssignor", true), ("org.apache.kafka.clients.consumer.RangeAssignor", false)]
    {
        let mut console = Console::interactive(Sim::new(ClusterConfig::default(), 5));
        let consumer = |id: &str| {
            format!("kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic clicks --group g --consumer-property client.id={id} --consumer-property partition.assignment.strategy={assignor} &")
        };
        let produce = |records: &str| {
            format!("kafka-console-producer.sh --bootstrap-server localhost:9092 --topic clicks --property parse.key=true --property key.separator=: <<EOF\n{records}\nEOF")
        };
        let setup = [
            "kafka-topics.sh --bootstrap-server localhost:9092 --create --topic clicks --partitions 6 --replication-factor 3".to_string(),
            consumer("a"),
            consumer("b"),
            "sleep 10".into(),
            // b (which owns partition 3 under both assignors) is slow and has a backlog
            "kafkascope consumer slow %2 1000".into(),
            produce("alice:1\nalice:2\nalice:3\nalice:4\nalice:5\nalice:6\nalice:7\nalice:8"),
            "sleep 1".into(),
            consumer("c"),
            "sleep 4".into(),
        ];
        for line in setup.iter().flat_map(|l| l.lines().map(str::to_string).collect::<Vec<_>>()) {
            console.run_line(&line);
        }
        let none = Output::default();
        let holds = |c: &Console, claim: &str| check(&parse_claim(claim).unwrap(), c, &none).is_ok();
        assert!(holds(&console, "group g state PreparingRebalance"), "{assignor}: the group waits for b");
        let mut out = Output::default();
        for line in produce("bob:click-on-0").lines() {
            out.append(console.run_line(line)); // bob's key is on partition 0, a's under both assignors
        }
        out.append(console.run_line("sleep 1"));
        assert!(holds(&console, "group g state PreparingRebalance"), "{assignor}: still rebalancing");
        assert_eq!(out.stdout().contains("click-on-0"), reads_during_rebalance, "{assignor}: {}", out.stdout());
        let later = console.run_line("sleep 15");
        assert!(holds(&console, "group g state Stable"), "{assignor}");
        if !reads_during_rebalance {
            assert!(later.stdout().contains("click-on-0"), "{assignor}: read after the rebalance");
        }
    }
}

/// Found while writing the cooperative lesson (06): `cmd >> file &` at a terminal printed bash's job
/// notice (`[1] 4243`) into the file; bash prints it to the terminal.
#[test]
fn a_background_jobs_notice_goes_to_the_terminal_not_its_redirection() {
    let mut console = Console::interactive(Sim::new(ClusterConfig::default(), 1));
    console.run_line("kafka-topics.sh --bootstrap-server localhost:9092 --create --topic t");
    let out = console.run_line("kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic t >> seen.txt &");
    assert_eq!(out.stdout(), "[1] 4243\n");
    console.run_line("sleep 5");
    for line in ["kafka-console-producer.sh --bootstrap-server localhost:9092 --topic t <<EOF", "hello", "EOF"] {
        console.run_line(line);
    }
    console.run_line("sleep 1");
    assert_eq!(console.file("seen.txt"), Some("hello\n"), "only the consumer's output is in the file");
}

/// Claims about consumer-protocol groups, brokers and leaders, read from a real run.
#[test]
fn epoch_broker_and_leader_claims_read_the_simulation() {
    let mut console = Console::interactive(Sim::new(ClusterConfig::default(), 8));
    for line in [
        "kafka-topics.sh --bootstrap-server localhost:9092 --create --topic c --partitions 2 --replication-factor 3",
        "kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic c --group new --consumer-property group.protocol=consumer > /dev/null &",
        "sleep 10",
    ] {
        console.run_line(line);
    }
    let none = Output::default();
    let verdict = |c: &Console, claim: &str| check(&parse_claim(claim).unwrap(), c, &none);
    let epoch = console.sim().describe_group("new").unwrap().generation_id;
    assert!(epoch >= 1);
    assert!(verdict(&console, &format!("group new epoch {epoch}")).is_ok());
    let e = verdict(&console, &format!("group new generation {epoch}")).unwrap_err();
    assert!(e.actual.contains("consumer-protocol group"), "{e}");
    assert!(verdict(&console, "group new state Stable").is_ok() && verdict(&console, "group new assignor uniform").is_ok());
    assert!(verdict(&console, "group new owner c 0 %1").is_ok() && verdict(&console, "group new owner c 1 %1").is_ok());
    // stop partition 0's leader: another in-sync replica takes over
    let leader = console.sim().topic("c").unwrap().partitions[0].leader.unwrap();
    console.run_line(&format!("kafkascope broker stop {leader}"));
    console.run_line("sleep 30");
    assert!(verdict(&console, &format!("broker {leader} stopped")).is_ok());
    assert!(verdict(&console, &format!("broker {leader} running")).is_err());
    let e = verdict(&console, &format!("partition c 0 leader {leader}")).unwrap_err();
    assert!(e.expected == format!("leader {leader}") && e.actual.starts_with("leader "), "{e}");
    let isr = console.sim().topic("c").unwrap().partitions[0].isr.clone();
    assert!(!isr.contains(&leader), "the stopped broker left the ISR: {isr:?}");
    let list = isr.iter().rev().map(i32::to_string).collect::<Vec<_>>().join(",");
    assert!(verdict(&console, &format!("partition c 0 isr {list}")).is_ok(), "any order");
    assert!(verdict(&console, "partition c 0 high-watermark 0").is_ok() && verdict(&console, "partition c 0 log-start-offset 0").is_ok());
    assert!(verdict(&console, "partition c 5 high-watermark 0").unwrap_err().actual.contains("has 2 partitions"));
}

/// Commands a script would not run the same way are stopped and reported, not waited on.
#[test]
fn endless_and_terminal_reading_commands_are_reported_as_problems() {
    let text = "#! title: t
#> An endless consumer, then a producer without a here-document.
kafka-topics.sh --bootstrap-server localhost:9092 --create --topic t
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic t
#! pause
#> The producer.
kafka-console-producer.sh --bootstrap-server localhost:9092 --topic t
echo after
#! expect output contains after
";
    let lesson = parse(text).unwrap();
    let mut session = new_session(&lesson);
    let consumer = run_step(&mut session, &lesson.steps[0]);
    assert_eq!(consumer.problems.len(), 1, "{:?}", consumer.problems);
    assert!(consumer.problems[0].contains("consumes until it is stopped"), "{:?}", consumer.problems);
    assert!(!session.console().has_foreground(), "stopped with Ctrl-C");
    assert!(session.console().sim().now() < 1_000, "no virtual day was spent waiting");
    let producer = run_step(&mut session, &lesson.steps[1]);
    assert!(producer.problems[0].contains("reads records from the terminal"), "{:?}", producer.problems);
    assert!(producer.checks[0].passed(), "`echo after` ran as a command, not as a record");
    assert!(!producer.passed());
    // the script path refuses the endless consumer
    let mut console = Console::new(Sim::new(ClusterConfig::default(), 1));
    let (out, _) = console.run_script(text, "t.sh");
    assert!(out.stderr().contains("consumes until it is stopped"), "{}", out.stderr());
}

/// `Session::run_foreground` lets time pass while a foreground command runs, op by op,
/// recorded so that time travel replays it.
#[test]
fn run_foreground_advances_until_the_limit_and_is_recorded() {
    let mut session = kafkascope::console::session::Session::new(Console::interactive(Sim::new(ClusterConfig::default(), 2)));
    session.run_line("kafka-topics.sh --bootstrap-server localhost:9092 --create --topic t");
    session.run_line("kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic t --group g");
    assert!(session.console().has_foreground());
    let start = session.ops().len();
    let t0 = session.console().sim().now();
    let (_, finished) = session.run_foreground(10_000);
    assert!(!finished, "an endless consumer is still running");
    assert_eq!(session.console().sim().now(), t0 + 10_000);
    assert!(session.ops().len() > start + 1, "one op per action, not one jump");
    let hash = session.console().sim().state_hash();
    assert!(session.console().sim().group("g").is_some_and(|g| g.state == kafkascope::engine::group::GroupState::Stable));
    session.rewind_to(start);
    let (_, finished) = session.run_foreground(10_000);
    assert!(!finished);
    assert_eq!(session.console().sim().state_hash(), hash, "the same history again");
    session.interrupt();
    let (out, finished) = session.run_foreground(10_000);
    assert!(finished && out.is_empty(), "nothing in the foreground: returns at once");
}

/// Found while writing lessons: `--consumer.config FILE` was accepted and ignored. Its
/// properties now apply, under any `--consumer-property`.
#[test]
fn the_console_consumer_reads_its_consumer_config_file() {
    let mut console = Console::interactive(Sim::new(ClusterConfig::default(), 1));
    for line in [
        "kafka-topics.sh --bootstrap-server localhost:9092 --create --topic t",
        "cat > consumer.properties <<EOF",
        "# a comment",
        "group.id=from-file",
        "client.id = filed",
        "partition.assignment.strategy: org.apache.kafka.clients.consumer.RoundRobinAssignor",
        "EOF",
        "kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic t --consumer.config consumer.properties --consumer-property client.id=flag > /dev/null &",
        "sleep 10",
    ] {
        console.run_line(line);
    }
    let none = Output::default();
    let holds = |claim: &str| check(&parse_claim(claim).unwrap(), &console, &none).is_ok();
    assert!(holds("group from-file state Stable"), "group.id from the file");
    assert!(holds("group from-file assignor roundrobin"), "the strategy from the file");
    assert!(holds("group from-file owner t 0 flag"), "--consumer-property wins over the file");
    let out = console.run_line(
        "kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic t --consumer.config missing.properties --timeout-ms 100",
    );
    assert!(out.stderr().contains("java.nio.file.NoSuchFileException: missing.properties"), "{}", out.stderr());
}

/// `kafkascope lesson FILE` (and `kafkascope run --check FILE`): narration, output, each
/// claim with ok or FAILED; exit 1 on a failed claim or a malformed lesson.
#[test]
fn the_lesson_command_reports_claims_and_fails_on_a_false_one() {
    let run = |args: &[&str]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_kafkascope")).args(args).output().expect("the binary runs");
        (String::from_utf8_lossy(&out.stdout).into_owned(), String::from_utf8_lossy(&out.stderr).into_owned(), out.status.code())
    };
    let first = lesson_files()[0].to_string_lossy().into_owned();
    let (stdout, _, code) = run(&["lesson", &first]);
    assert_eq!(code, Some(0), "{stdout}");
    assert!(stdout.contains("## Step 1 of") && stdout.contains("ok      line") && !stdout.contains("FAILED"), "{stdout}");
    assert!(stdout.contains("$ kafka-topics.sh"), "the commands and their output are shown: {stdout}");
    let (check_stdout, _, code) = run(&["run", "--check", &first]);
    assert_eq!((code, check_stdout), (Some(0), stdout), "run --check is the same command");

    let dir = std::env::temp_dir().join(format!("kafkascope-lessons-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bad = dir.join("bad.sh");
    std::fs::write(
        &bad,
        "#! title: t\n#> x\nkafka-topics.sh --bootstrap-server localhost:9092 --create --topic t\n#! expect topic t partitions 7\n",
    )
    .unwrap();
    let (stdout, _, code) = run(&["lesson", bad.to_str().unwrap()]);
    assert_eq!(code, Some(1));
    assert!(stdout.contains("FAILED  line 4: topic t partitions 7: expected partitions 7, actual partitions 1"), "{stdout}");
    let malformed = dir.join("malformed.sh");
    std::fs::write(&malformed, "#! title: t\n#> x\necho\n#! frobnicate\n").unwrap();
    let (_, stderr, code) = run(&["lesson", malformed.to_str().unwrap()]);
    assert_eq!(code, Some(1));
    assert!(stderr.contains("line 4: unknown directive"), "{stderr}");
    let (_, stderr, code) = run(&["lesson"]);
    assert_eq!(code, Some(2), "{stderr}");
    std::fs::remove_dir_all(&dir).unwrap();
}
