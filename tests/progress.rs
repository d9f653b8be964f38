//! A lesson's progress (`classroom::progress::LessonRun`): Next, Previous and Reveal on a
//! real session, and the text form the page stores beside its autosave, which must read
//! back to the same run and refuse anything damaged without panicking.
#![cfg(not(target_arch = "wasm32"))]

use std::rc::Rc;

use kafkascope::classroom::lesson::parse;
use kafkascope::classroom::player::new_session;
use kafkascope::classroom::progress::{LessonRun, HEADER};
use kafkascope::console::session::Session;
use proptest::prelude::*;

const LESSON: &str = include_str!("../static/lessons/02-keys-and-partitions.sh");

fn start() -> (LessonRun, Session) {
    let lesson = Rc::new(parse(LESSON).unwrap());
    let session = new_session(&lesson);
    (LessonRun::new(lesson), session)
}

/// The lesson after `n` presses of Next.
fn after(n: usize) -> (LessonRun, Session) {
    let (mut run, mut session) = start();
    for _ in 0..n {
        run.next(&mut session);
    }
    (run, session)
}

#[test]
fn previous_hides_the_answers_of_the_step_shown_again() {
    let (mut run, mut session) = after(2);
    // step 2 shown, not run: reveal its first question
    assert_eq!((run.at, run.ran()), (1, false));
    let questions = run.lesson.steps[1].questions.len();
    assert!(questions > 0, "the lesson's second step asks a question");
    run.reveal(0);
    run.reveal(0);
    run.reveal(questions); // no such question
    assert_eq!(run.revealed, vec![(1, 0)]);
    run.next(&mut session); // runs step 2
    run.back(&mut session); // rewinds to its start: it is new again
    assert_eq!((run.at, run.ran()), (1, false));
    assert!(run.revealed.is_empty(), "the answer is hidden again");
}

#[test]
fn the_text_form_reads_back_to_the_same_run() {
    for n in 0..12 {
        let (mut run, session) = after(n);
        if n % 3 == 0 {
            run.reveal(0);
        }
        let text = run.to_text();
        assert!(text.starts_with(HEADER));
        let back = LessonRun::from_text(&text, session.cursor()).unwrap_or_else(|e| panic!("after {n} Next: {e}\n{text}"));
        assert_eq!(back, run, "after {n} presses of Next");
    }
    let (run, _) = after(11);
    assert!(run.complete() && run.tally().0 == run.tally().1 && run.tally().1 > 0);
}

#[test]
fn failed_claims_and_problems_survive_the_text_form() {
    let lesson = parse(
        "#! title: t\n#> one\necho 'a\ttab'\n#! expect output contains nothing like this\n#! expect output lacks a\\b\n#! pause\n#> two\ncat <<EOF\nx\nEOF\n",
    )
    .unwrap();
    let lesson = Rc::new(lesson);
    let mut session = new_session(&lesson);
    let mut run = LessonRun::new(lesson);
    run.next(&mut session);
    let checks = &run.outcomes[0].checks;
    assert!(checks.iter().any(|c| !c.passed()), "{checks:?}");
    run.outcomes[0].problems.push("a problem\nover two lines\twith a tab and a \\".into());
    let back = LessonRun::from_text(&run.to_text(), session.cursor()).unwrap();
    assert_eq!(back, run);
}

#[test]
fn damaged_or_mismatched_progress_is_refused() {
    let (run, session) = after(3);
    let text = run.to_text();
    let cursor = session.cursor();
    let cases: Vec<(String, usize, &str)> = vec![
        (String::new(), cursor, "the lesson file is missing"),
        (text.replacen(HEADER, "kafkascope lesson progress v9", 1), cursor, "does not start with"),
        (text.replacen("at 1\n", "at 99\n", 1), cursor, "do not fit a lesson"),
        (text.replacen("at 1\n", "", 1), cursor, "the shown step is missing"),
        (text.replacen("at 1\n", "at one\n", 1), cursor, "expected whole numbers"),
        (text.replacen("\nstep ", "\nstep 999999 ", 1), cursor, "expected `step START FROM TO`"),
        (text.replacen("\nlesson\n", "\nsurprise\nlesson\n", 1), cursor, "unknown line"),
        (text.replacen("\nlesson\n", "\nrevealed 0 99\nlesson\n", 1), cursor, "a question in the lesson"),
        (format!("{HEADER}\nat 0\ncheck 1\tx\nlesson\n{LESSON}"), cursor, "before any step"),
        (text.replacen("#! title:", "#! nonsense:", 1), cursor, "its lesson cannot be read"),
        // the session it belongs to was saved before the step ran
        (text.clone(), 0, "ahead of the saved session"),
    ];
    for (damaged, cursor, why) in cases {
        let e = LessonRun::from_text(&damaged, cursor).expect_err(why);
        assert!(e.to_string().contains(why), "{why}: {e}");
    }
}

proptest! {
    #[test]
    fn any_text_is_answered_without_panicking(text in "(kafkascope lesson progress v1\n)?((at|step|check|problem|revealed|lesson)[ \t0-9a-z\\\\]{0,12}\n){0,8}") {
        let _ = LessonRun::from_text(&text, 100);
        let _ = LessonRun::from_text(&format!("{text}\nlesson\n{LESSON}"), 100);
    }

    #[test]
    fn a_cut_or_altered_text_is_answered_without_panicking(n in 0usize..12, cut in 0usize..4000, byte in 0u8..128, at in 0usize..4000) {
        let (run, session) = after(n);
        let text = run.to_text();
        let cut = text.char_indices().map(|(i, _)| i).nth(cut).unwrap_or(text.len());
        let _ = LessonRun::from_text(&text[..cut], session.cursor());
        let mut bytes = text.into_bytes();
        let at = at.min(bytes.len() - 1);
        bytes[at] = byte;
        if let Ok(altered) = String::from_utf8(bytes) {
            let _ = LessonRun::from_text(&altered, session.cursor());
        }
    }
}
