//! Any bytes as a share link's payload and as a session record's text: decoding never
//! panics, and a record that parses prints back to text that parses to the same record.
//! (Replaying is left out: a valid record may legitimately ask for days of virtual time.)
#![no_main]

use kafkascope::classroom::share::{base64url_decode, base64url_encode, SessionRecord};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Ok(bytes) = base64url_decode(&text) {
        assert_eq!(base64url_decode(&base64url_encode(&bytes)).ok(), Some(bytes));
    }
    if let Ok(record) = SessionRecord::from_text(&text) {
        let again = SessionRecord::from_text(&record.to_text()).expect("a record's own text parses");
        assert_eq!(again.to_text(), record.to_text());
    }
});
