//! Any bytes as a stored lesson progress: reading it never panics, and what reads back
//! writes the same text again (the page stores exactly what it reads).
#![no_main]

use kafkascope::classroom::progress::LessonRun;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Ok(run) = LessonRun::from_text(&text, usize::MAX) {
        let again = LessonRun::from_text(&run.to_text(), usize::MAX).expect("its own text reads back");
        assert_eq!(again, run);
    }
});
