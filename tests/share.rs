//! Share links, autosave and saved scripts (issue 7): a session's record round-trips
//! through its text form to a replayed session in the identical state, with the same
//! transcript and the same recorded future; damaged or hostile records are refused with
//! clear errors; the base64url codec and the script reader never panic.
#![cfg(not(target_arch = "wasm32"))]

use kafkascope::classroom::share::{
    base64url_decode, base64url_encode, fresh_console, parse_script, replay, replay_within, session_script, session_text, SessionRecord,
    HEADER, MAX_OPS, MAX_REPLAY_STEPS, MAX_TEXT_BYTES,
};
use kafkascope::console::session::{Op, Session};
use kafkascope::console::Console;
use kafkascope::engine::{ClusterConfig, Sim};
use proptest::prelude::*;

const B: &str = "--bootstrap-server localhost:9092";

/// A real session: a topic, keyed records from a here-document, two consumers joining a
/// group in the background, time passing, stepping event by event, then stepping back
/// so the cursor is before the end of the recorded timeline.
fn session() -> Session {
    let mut s = Session::new(fresh_console(42));
    s.run_line(&format!("kafka-topics.sh {B} --create --topic orders --partitions 3 --replication-factor 3"));
    for l in [
        format!("kafka-console-producer.sh {B} --topic orders --property parse.key=true --property key.separator=: <<EOF"),
        "k1:a".into(),
        "k2:b".into(),
        "k3:c".into(),
        "EOF".into(),
    ] {
        s.run_line(&l);
    }
    s.advance(1_500);
    s.run_line(&format!("kafka-console-consumer.sh {B} --topic orders --group g --from-beginning > /dev/null &"));
    s.advance(4_000);
    s.run_line(&format!("kafka-console-consumer.sh {B} --topic orders --group g --property print.key=true &"));
    for _ in 0..30 {
        s.step_event(60_000);
    }
    s.run_line(&format!("kafka-consumer-groups.sh {B} --describe --group g"));
    for _ in 0..20 {
        s.step_event(60_000);
    }
    for _ in 0..7 {
        assert!(s.step_back());
    }
    assert!(s.future_len() > 0, "the cursor is before the end");
    s
}

fn transcript(s: &Session) -> Vec<String> {
    s.transcript_tail(usize::MAX).into_iter().map(|l| format!("{l:?}")).collect()
}

#[test]
fn a_real_session_round_trips_to_the_identical_state() {
    let mut original = session();
    let record = SessionRecord::of(&original);
    let text = record.to_text();
    assert!(text.starts_with(&format!("{HEADER}\nseed 42\n> kafka-topics.sh")), "{text}");
    assert!(text.contains("\nstep "), "runs of actions collapse: {text}");
    let parsed = SessionRecord::from_text(&text).expect("its own text parses");
    assert_eq!(parsed, record);
    let mut rebuilt = replay(&parsed).expect("its own record replays");
    assert!(parsed.check_matches(&rebuilt));
    assert_eq!(rebuilt.console().sim().state_hash(), original.console().sim().state_hash());
    assert_eq!(rebuilt.console().sim().now(), original.console().sim().now());
    assert_eq!(rebuilt.cursor(), original.cursor());
    assert_eq!(rebuilt.timeline(), original.timeline());
    assert_eq!(transcript(&rebuilt), transcript(&original));
    // the recorded future is kept: stepping on follows it in both
    for _ in 0..7 {
        original.step_event(60_000);
        rebuilt.step_event(60_000);
        assert_eq!(rebuilt.console().sim().state_hash(), original.console().sim().state_hash());
    }
    assert_eq!(rebuilt.future_len(), original.future_len());
    assert_eq!(transcript(&rebuilt), transcript(&original));
}

#[test]
fn interrupts_escaped_lines_and_empty_lines_round_trip() {
    let mut s = Session::new(fresh_console(9));
    s.run_line(&format!("kafka-topics.sh {B} --create --topic t"));
    s.run_line(&format!("kafka-console-producer.sh {B} --topic t"));
    s.run_line("a \\ backslash");
    s.run_line("");
    s.run_line("two\nlines\r");
    s.advance(500);
    s.interrupt();
    s.advance(2_000);
    let record = SessionRecord::of(&s);
    let text = record.to_text();
    assert!(text.contains("\n^C\n") && text.contains("\n>~ two\\nlines\\r\n") && text.contains("\n> a \\ backslash\n"), "{text}");
    let parsed = SessionRecord::from_text(&text).unwrap();
    assert_eq!(parsed, record);
    let rebuilt = replay(&parsed).unwrap();
    assert_eq!(rebuilt.console().sim().state_hash(), s.console().sim().state_hash());
    assert_eq!(transcript(&rebuilt), transcript(&s));
}

fn err(text: &str) -> String {
    SessionRecord::from_text(text).expect_err("must be refused").to_string()
}

#[test]
fn damaged_records_give_clear_line_numbered_errors() {
    let text = SessionRecord::of(&session()).to_text();
    // truncated anywhere before its cursor line
    let cut = &text[..text.find("\ncursor").unwrap()];
    let e = err(cut);
    assert!(e.contains("without its 'cursor N' line (truncated?)"), "{e}");
    assert!(e.starts_with(&format!("line {}:", cut.lines().count())), "{e}");
    assert!(err(&text[..10]).starts_with("line 1: not a Kafkascope session"));
    assert!(err("kafkascope-session v1\n").contains("before its seed"));
    assert_eq!(err(""), format!("line 1: not a Kafkascope session: the first line should be '{HEADER}'"));
    // wrong version
    assert_eq!(err(&text.replacen("v1", "v2", 1)), "line 1: unsupported session version 'v2': this Kafkascope reads v1");
    // bad seed, bad op, bad counts
    assert!(err("kafkascope-session v1\nseed -1\ncursor 0\n").starts_with("line 2: the seed '-1'"));
    assert!(err("kafkascope-session v1\nseed 1\nfrobnicate\ncursor 0\n").starts_with("line 3: not an op: 'frobnicate'"));
    assert!(err("kafkascope-session v1\nseed 1\nstep 0\ncursor 0\n").starts_with("line 3: 'step 0' needs a positive count"));
    assert!(err("kafkascope-session v1\nseed 1\nclock -5\ncursor 0\n").starts_with("line 3: 'clock -5' needs a time"));
    assert!(err("kafkascope-session v1\nseed 1\n>~ a\\q\ncursor 0\n").starts_with("line 3: unknown escape"));
    assert!(err("kafkascope-session v1\nseed 1\ncursor 0\n> late\n").starts_with("line 4: unexpected line after 'cursor 0'"));
    assert!(err("kafkascope-session v1\nseed 1\ncursor 0\ncheck xyz\n").starts_with("line 4: the check 'xyz'"));
    // the cursor beyond the end
    assert_eq!(
        err("kafkascope-session v1\nseed 1\n> jobs\nstep 2\ncursor 4\n"),
        "line 5: cursor 4 is beyond the end of the 3 recorded ops"
    );
    // oversized: the whole text, one line, the op count
    let huge = format!("{text}{}", "x".repeat(MAX_TEXT_BYTES));
    assert!(err(&huge).starts_with("the session is "), "{}", err(&huge));
    let long = format!("kafkascope-session v1\nseed 1\n> {}\ncursor 0\n", "y".repeat(10_000));
    assert!(err(&long).starts_with("line 3: the line is 10002 bytes long"));
    let many = format!("kafkascope-session v1\nseed 1\nstep {MAX_OPS}\nstep 1\ncursor 0\n");
    assert!(err(&many).starts_with("line 4: the session has more than"));
    let overflow = "kafkascope-session v1\nseed 1\nstep 18446744073709551615\ncursor 0\n";
    assert!(err(overflow).starts_with("line 3: the session has more than"));
}

#[test]
fn impossible_ops_are_refused_at_replay() {
    // an idle cluster still has timers: a huge run of steps is stopped at 30 days
    let r = SessionRecord::from_text(&format!("kafkascope-session v1\nseed 1\nstep {MAX_OPS}\ncursor 5\n")).unwrap();
    let e = replay(&r).map(|_| ()).unwrap_err().to_string();
    assert!(e.ends_with("takes the clock past 30 days: replay stopped"), "{e}");
    // a clock that jumps over scheduled actions (a cheap way to make a hostile link run long)
    let r = SessionRecord::from_text(&format!(
        "kafkascope-session v1\nseed 1\n> kafka-topics.sh {B} --create --topic t\n> kafka-console-consumer.sh {B} --topic t --group g &\nclock 2592000000\ncursor 3\n"
    ))
    .unwrap();
    let e = replay(&r).map(|_| ()).unwrap_err().to_string();
    assert!(e.contains("op 3 of 3 cannot be replayed (the clock jumps to 2592000000 ms over scheduled actions)"), "{e}");
    // a clock going back
    let mut r = SessionRecord::of(&small_session());
    r.ops.push(Op::ClockTo(10));
    let e = replay(&r).map(|_| ()).unwrap_err().to_string();
    assert!(e.contains("the clock goes back from 300 to 10 ms"), "{e}");
    // a record from "another version": the check does not match
    let s = session();
    let mut r = SessionRecord::of(&s);
    r.check = Some(r.check.unwrap() ^ 1);
    let rebuilt = replay(&r).unwrap();
    assert!(!r.check_matches(&rebuilt));
}

#[test]
fn a_replay_that_would_run_too_long_is_stopped_by_its_step_budget() {
    // many consumers, then a month of sleep: every step also polls every job
    let mut text = format!("kafkascope-session v1\nseed 1\n> kafka-topics.sh {B} --create --topic t\n");
    for _ in 0..40 {
        text.push_str(&format!("> kafka-console-consumer.sh {B} --topic t --group g > /dev/null &\n"));
    }
    text.push_str("> sleep 2592000\ncursor 42\n");
    let r = SessionRecord::from_text(&text).unwrap();
    let e = replay_within(&r, 200_000).map(|_| ()).unwrap_err().to_string();
    assert!(
        e.contains("op 42 of 42 takes the replay past 200000 simulation steps (actions and job polls) in typed lines, the most a link may ask for: replay stopped"),
        "{e}"
    );
    // the limit is far above what this module's real session needs; steps recorded one
    // by one do not count (MAX_OPS bounds them)
    assert!(replay_within(&SessionRecord::of(&session()), 100_000).is_ok());
    let stepped = SessionRecord::from_text(&format!(
        "kafkascope-session v1\nseed 1\n> kafka-topics.sh {B} --create --topic t\nstep 5000\ncursor 2\n"
    ))
    .unwrap();
    assert!(replay_within(&stepped, 10).is_ok());
    const { assert!(MAX_REPLAY_STEPS >= 100 * 100_000) };
    // a spent budget stops time-passing loops: the sleep returns, nothing more happens
    let mut s = Session::new(fresh_console(1));
    s.run_line(&format!("kafka-topics.sh {B} --create --topic t"));
    s.run_line(&format!("kafka-console-consumer.sh {B} --topic t --group g > /dev/null &"));
    s.set_step_budget(Some(1_000));
    s.run_line("sleep 86400");
    let sim = s.console().sim();
    assert!(sim.step_budget_spent() && sim.next_time().is_none());
    assert_eq!(sim.now(), 86_400_000, "the clock still reached the end of the sleep");
    s.set_step_budget(None);
    assert!(s.console().sim().next_time().is_some(), "lifting the budget lets the cluster go on");
}

#[test]
fn base64url_matches_rfc_4648_and_refuses_damage() {
    for (plain, enc) in
        [("", ""), ("f", "Zg"), ("fo", "Zm8"), ("foo", "Zm9v"), ("foob", "Zm9vYg"), ("fooba", "Zm9vYmE"), ("foobar", "Zm9vYmFy")]
    {
        assert_eq!(base64url_encode(plain.as_bytes()), enc);
        assert_eq!(base64url_decode(enc).unwrap(), plain.as_bytes());
    }
    assert_eq!(base64url_encode(&[0xfb, 0xff, 0xbf]), "-_-_");
    assert_eq!(base64url_decode("-_-_").unwrap(), vec![0xfb, 0xff, 0xbf]);
    assert!(base64url_decode("Zm9v+").unwrap_err().to_string().contains("impossible length"));
    assert!(base64url_decode("Zm9+").unwrap_err().to_string().contains("unexpected character '+'"));
    assert!(base64url_decode("Zh").unwrap_err().to_string().contains("stray bits"));
    assert!(base64url_decode(&"A".repeat(600 * 1024)).unwrap_err().to_string().contains("characters long"));
}

#[test]
fn a_saved_script_replays_natively_to_the_same_cluster() {
    let mut s = Session::new(fresh_console(42));
    s.run_line(&format!("kafka-topics.sh {B} --create --topic orders --partitions 3 --replication-factor 3"));
    for l in [format!("kafka-console-producer.sh {B} --topic orders <<EOF"), "a".into(), "b".into(), "EOF".into()] {
        s.run_line(&l);
    }
    s.advance(1_500);
    s.run_line(&format!("kafka-console-consumer.sh {B} --topic orders --group g --from-beginning > /dev/null &"));
    s.advance(12_345);
    // a half-typed command abandoned with Ctrl-C is left out
    s.run_line("kafka-topics.sh \\");
    s.interrupt();
    // records typed into a running producer become a here-document
    s.run_line(&format!("kafka-console-producer.sh {B} --topic orders"));
    s.run_line("typed-1");
    s.advance(700);
    s.run_line("EOF");
    s.interrupt();
    // an endless foreground consumer becomes a comment
    s.run_line(&format!("kafka-console-consumer.sh {B} --topic orders --group other"));
    s.advance(6_000);
    s.run_line("ignored");
    s.interrupt();
    s.advance(3_000);
    let script = session_script(&s);
    assert!(script.starts_with("# Kafkascope session: seed 42,"), "{script}");
    assert!(script.contains("# Replay it with: kafkascope run --seed 42 kafkascope-session.sh\n"), "{script}");
    assert!(script.contains("\nsleep 1.5\n") && script.contains("\nsleep 12.345\n"), "{script}");
    assert!(!script.contains("kafka-topics.sh \\"), "{script}");
    assert!(script.contains(&format!("kafka-console-producer.sh {B} --topic orders <<'EOF_'\ntyped-1\nEOF\nEOF_\n")), "{script}");
    assert!(script.contains("# ran in the foreground until Ctrl-C"), "{script}");
    assert!(script.contains("# typed while the consumer ran (not a command): ignored"), "{script}");

    let parsed = parse_script(&script).unwrap();
    assert_eq!(parsed.seed, Some(42));
    let mut native = Console::new(Sim::new(ClusterConfig::default(), 42));
    let (out, status) = native.run_script(&script, "kafkascope-session.sh");
    assert_eq!(status, 0, "{out:?}");
    assert_eq!(native.sim().now(), s.console().sim().now(), "the sleeps add up to the session's virtual time");
    let topic = |c: &Console| {
        let t = c.sim().topic("orders").unwrap();
        format!("{:?}", t.partitions.iter().map(|p| p.high_watermark()).collect::<Vec<_>>())
    };
    assert_eq!(topic(&native), topic(s.console()), "the same records reached the same partitions");
}

#[test]
fn script_files_are_checked() {
    assert_eq!(parse_script("").unwrap_err().to_string(), "the file is empty");
    assert_eq!(
        parse_script("echo a\n\u{0}\u{1}bin\n").unwrap_err().to_string(),
        "line 2: this is not a text script (it holds binary data)"
    );
    assert!(parse_script(&"a".repeat(2 << 20)).unwrap_err().to_string().contains("a script may have at most"));
    assert!(parse_script("# --seed x\njobs\n").unwrap_err().to_string().starts_with("line 1: --seed 'x'"));
    let s = parse_script("\u{feff}# made by hand, kafkascope run --seed 7 f.sh\r\njobs\r\n").unwrap();
    assert_eq!(s.seed, Some(7));
    assert_eq!(s.lines, vec!["# made by hand, kafkascope run --seed 7 f.sh", "jobs"]);
    // a --seed after the first command is not the header's
    assert_eq!(parse_script("jobs\n# --seed 9\n").unwrap().seed, None);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn arbitrary_text_never_panics(text in "\\PC*") {
        let _ = SessionRecord::from_text(&text);
        let _ = parse_script(&text);
        let _ = base64url_decode(&text);
    }

    #[test]
    fn record_like_text_never_panics(lines in proptest::collection::vec(
        prop_oneof!["> [a-z %&]{0,12}", ">~ [a-z\\\\nrq]{0,6}", "step [0-9]{1,21}", "clock -?[0-9]{1,20}", "\\^C", "cursor [0-9]{1,3}", "check [0-9a-f]{0,17}", "\\PC{0,8}"],
        0..12)) {
        let text = format!("{HEADER}\nseed 5\n{}", lines.join("\n"));
        if let Ok(r) = SessionRecord::from_text(&text) {
            prop_assert!(r.cursor <= r.ops.len());
            // its own text reads back to the same record
            prop_assert_eq!(SessionRecord::from_text(&r.to_text()).unwrap(), r);
        }
    }

    #[test]
    fn base64url_round_trips(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
        prop_assert_eq!(base64url_decode(&base64url_encode(&bytes)).unwrap(), bytes);
    }

    #[test]
    fn damaged_links_are_refused_or_read(cut in 0usize..2000, flip in 0usize..2000, c in any::<char>()) {
        let s = small_session();
        let text = SessionRecord::of(&s).to_text();
        let cut = cut.min(text.len());
        if text.is_char_boundary(cut) {
            let _ = SessionRecord::from_text(&text[..cut]);
        }
        let mut chars: Vec<char> = text.chars().collect();
        let i = flip % chars.len();
        chars[i] = c;
        let damaged: String = chars.into_iter().collect();
        let _ = SessionRecord::from_text(&damaged);
    }
}

fn small_session() -> Session {
    let mut s = Session::new(fresh_console(3));
    s.run_line(&format!("kafka-topics.sh {B} --create --topic t"));
    s.run_line(&format!("kafka-console-consumer.sh {B} --topic t --group g &"));
    s.advance(300);
    s.run_line("jobs");
    s
}

#[test]
fn replaying_a_record_keeps_ops_exactly() {
    // every op kind survives text and replay in place
    let s = small_session();
    let r = SessionRecord::of(&s);
    assert!(r.ops.iter().any(|o| matches!(o, Op::Item)) && r.ops.iter().any(|o| matches!(o, Op::ClockTo(_))));
    let back = replay(&SessionRecord::from_text(&r.to_text()).unwrap()).unwrap();
    assert_eq!(back.timeline(), s.timeline());
}

#[test]
fn the_autosave_text_is_the_record_without_its_check() {
    let s = session();
    let mut r = SessionRecord::of(&s);
    r.check = None;
    assert_eq!(session_text(&s), r.to_text());
    assert_eq!(SessionRecord::from_text(&session_text(&s)).unwrap(), r);
}

/// An hour of the default scene played as the page plays it at 10× speed (167 virtual ms
/// a frame): the trace is trimmed and the ops are hundreds of thousands, yet the record
/// fits the caps, round-trips through its text, and replays to the identical state, the
/// same transcript and a check that matches. Its script for `kafkascope run` and its
/// export are written from the same ops.
#[test]
fn an_hour_long_session_round_trips() {
    let scene = kafkascope::classroom::scene::default_scene().expect("a default scene");
    let mut s = Session::new(fresh_console(scene.seed));
    for l in &scene.steps[0].lines {
        s.run_line(l);
    }
    for _ in 0..(3_600 * 6) {
        s.advance(167);
    }
    for _ in 0..3 {
        assert!(s.step_back());
    }
    let sim = s.console().sim();
    assert!(sim.trace().start() > 0, "the trace was trimmed");
    assert!(s.timeline().len() > 200_000, "{} ops", s.timeline().len());
    let text = session_text(&s);
    assert!(text.len() < MAX_TEXT_BYTES, "an hour's record fits a link and the autosave: {} bytes", text.len());
    let record = SessionRecord::of(&s);
    let parsed = SessionRecord::from_text(&record.to_text()).expect("its own text parses");
    assert_eq!(parsed, record);
    let rebuilt = replay(&parsed).expect("an hour replays");
    assert!(parsed.check_matches(&rebuilt), "the trace hash covers the trimmed events too");
    assert_eq!(rebuilt.console().sim().state_hash(), s.console().sim().state_hash());
    assert_eq!(rebuilt.console().sim().trace().len(), s.console().sim().trace().len());
    assert_eq!(rebuilt.cursor(), s.cursor());
    assert_eq!(rebuilt.timeline(), s.timeline());
    assert_eq!(transcript(&rebuilt), transcript(&s));
    let script = session_script(&s);
    assert!(script.contains("kafka-verifiable-producer.sh") && script.contains("sleep "), "{script}");
    let export = kafkascope::classroom::export::Export::from_session(&s);
    assert!(!export.to_tar().expect("an archive").is_empty());
}
