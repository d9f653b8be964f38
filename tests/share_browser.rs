//! Share links in a real browser (wasm-bindgen-test in headless Chromium): the record
//! goes through the browser's CompressionStream and back unchanged; a zip bomb stops at
//! the cap instead of inflating; truncated, garbled and oversized payloads are refused
//! with the sentence the alert shows.
#![cfg(target_arch = "wasm32")]

use kafkascope::classroom::share::{base64url_encode, fresh_console, SessionRecord, MAX_TEXT_BYTES};
use kafkascope::console::session::Session;
use kafkascope::ui::share::{decode, deflate_raw, encode};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn record() -> SessionRecord {
    let mut s = Session::new(fresh_console(42));
    s.run_line("kafka-topics.sh --bootstrap-server localhost:9092 --create --topic t --partitions 3");
    s.run_line("kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic t --group g &");
    s.advance(5_000);
    s.step_back();
    SessionRecord::of(&s)
}

#[wasm_bindgen_test]
async fn a_link_round_trips_through_the_browsers_deflate() {
    let r = record();
    let payload = encode(&r.to_text()).await.unwrap();
    assert!(payload.len() < r.to_text().len(), "compressed: {} vs {}", payload.len(), r.to_text().len());
    assert_eq!(decode(&payload).await.unwrap(), r);
}

#[wasm_bindgen_test]
async fn a_zip_bomb_is_refused_at_the_cap() {
    let bomb = deflate_raw(&vec![b'a'; 3 * MAX_TEXT_BYTES], 1 << 20).await.unwrap().unwrap();
    assert!(bomb.len() < 10_000);
    let e = decode(&base64url_encode(&bomb)).await.unwrap_err();
    assert_eq!(e, format!("the link holds more than {MAX_TEXT_BYTES} bytes of session"));
}

#[wasm_bindgen_test]
async fn damaged_and_oversized_links_are_refused() {
    let payload = encode(&record().to_text()).await.unwrap();
    let half = &payload[..payload.len() / 2];
    let e = decode(half).await.unwrap_err();
    assert!(e.starts_with("the link is damaged") || e.starts_with("the link's session is damaged"), "{e}");
    let e = decode("not+base64!").await.unwrap_err();
    assert_eq!(e, "the link is damaged (unexpected character '+')");
    let e = decode(&base64url_encode(&deflate_raw(b"hello\n", 1000).await.unwrap().unwrap())).await.unwrap_err();
    assert!(e.starts_with("the link's session is damaged (line 1: not a Kafkascope session"), "{e}");
    let e = decode(&"A".repeat(600 * 1024)).await.unwrap_err();
    assert!(e.contains("characters long; at most 524288"), "{e}");
}
