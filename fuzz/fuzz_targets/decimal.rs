//! Differential fuzzing of Kafkascope's decimal parser against Rust's: on any text in the
//! grammar `engine::decimal::parse` accepts, both give the same double, bit for bit;
//! outside it, ours refuses (Rust also reads `inf`, `NaN` and `infinity`, which ours
//! leaves to `parse_java_double`). Neither parser may panic, and the Java form never
//! disagrees with the plain one on a plain decimal.
#![no_main]

use kafkascope::engine::decimal::{parse, parse_java_double};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let ours = parse(text);
    let rust = text.parse::<f64>().ok();
    let words = text.trim_start_matches(['+', '-']).to_ascii_lowercase();
    let special = matches!(words.as_str(), "inf" | "infinity" | "nan");
    match (ours, rust) {
        (Some(a), Some(b)) => assert_eq!(a.to_bits(), b.to_bits(), "{text:?}"),
        (None, Some(_)) => assert!(special, "Rust reads {text:?}, ours refuses it"),
        (Some(a), None) => panic!("ours reads {text:?} as {a}, Rust refuses it"),
        (None, None) => {}
    }
    if let Some(a) = ours {
        assert_eq!(parse_java_double(text).map(f64::to_bits), Some(a.to_bits()), "{text:?}");
    }
});
