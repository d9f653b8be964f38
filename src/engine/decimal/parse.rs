//! Decimal text to `f64`, correctly rounded (to nearest, ties to even), as Java's
//! `Double.parseDouble` (`jdk.internal.math.FloatingDecimal.readJavaFormatString`) and
//! Rust's `str::parse::<f64>` both read it.
//!
//! Why not `str::parse`: Rust's parser (Eisel–Lemire with a 10 KB table of powers of five,
//! and a big-decimal fallback) costs the page 16 KB of its gzip budget. Kafkascope parses
//! a handful of numbers a user types (`--throughput`, `min.cleanable.dirty.ratio`, `sleep
//! 1.5`) and the digits its formatter checks, so it takes a slower road: a close guess in
//! floating point, then exact comparisons with big integers that move the guess to the
//! nearest double. Exact for every input, as a property test against Rust's parser checks.

use super::big::Big;
use super::Binary;

/// `[+-]digits[.digits][(e|E)[+-]digits]`, where the mantissa has at least one digit and
/// either side of the point may be empty (`.5`, `5.`). Anything else is `None`: no
/// surrounding space, no `inf` or `NaN`, no hexadecimal.
pub fn parse(text: &str) -> Option<f64> {
    let (negative, body) = split_sign(text.as_bytes());
    let exponent_at = body.iter().position(|&c| c == b'e' || c == b'E').unwrap_or(body.len());
    let (mantissa, exponent) = body.split_at(exponent_at);
    let exponent = match exponent.split_first() {
        None => 0,
        Some((_, e)) => {
            let (negative, e) = split_sign(e);
            let magnitude = whole(e)?;
            if negative {
                -magnitude
            } else {
                magnitude
            }
        }
    };
    let mut digits = Vec::with_capacity(mantissa.len());
    let mut point = None;
    for &c in mantissa {
        match c {
            b'0'..=b'9' => digits.push(c - b'0'),
            b'.' if point.is_none() => point = Some(digits.len()),
            _ => return None,
        }
    }
    if digits.is_empty() {
        return None;
    }
    let magnitude = magnitude(&digits, point.unwrap_or(digits.len()), exponent);
    Some(if negative { -magnitude } else { magnitude })
}

/// `Double.valueOf(String)` without the hexadecimal form: surrounding characters up to
/// U+0020 trimmed (`String.trim`), `NaN`, `[+-]Infinity`, or [`parse`]'s decimals with an
/// optional `f`/`F`/`d`/`D` suffix.
pub fn parse_java_double(text: &str) -> Option<f64> {
    let t = text.trim_matches(|c: char| c <= ' ');
    let (negative, body) = split_sign(t.as_bytes());
    if matches!(body.first(), Some(b'+' | b'-')) {
        return None;
    }
    let magnitude = match body {
        b"NaN" => return Some(f64::NAN),
        b"Infinity" => f64::INFINITY,
        [rest @ .., b'f' | b'F' | b'd' | b'D'] => parse(std::str::from_utf8(rest).ok()?)?,
        _ => parse(std::str::from_utf8(body).ok()?)?,
    };
    Some(if negative { -magnitude } else { magnitude })
}

fn split_sign(text: &[u8]) -> (bool, &[u8]) {
    match text.split_first() {
        Some((b'-', rest)) => (true, rest),
        Some((b'+', rest)) => (false, rest),
        _ => (false, text),
    }
}

/// ASCII digits as a number, saturated far beyond any exponent that still matters.
fn whole(digits: &[u8]) -> Option<i64> {
    if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(digits.iter().fold(0i64, |n, &d| (n * 10 + i64::from(d - b'0')).min(1 << 40)))
}

/// Digits beyond these cannot change the rounding once a nonzero tail is remembered as one
/// more digit: a double's exact halfway points have at most 767 significant digits.
const MAX_DIGITS: usize = 780;

/// The double nearest `0.d₁d₂… × 10^(point + exponent)`, for decimal digits `d`.
fn magnitude(digits: &[u8], point: usize, exponent: i64) -> f64 {
    let leading = digits.iter().take_while(|&&d| d == 0).count();
    let digits = &digits[leading..];
    let digits = &digits[..digits.len() - digits.iter().rev().take_while(|&&d| d == 0).count()];
    if digits.is_empty() {
        return 0.0;
    }
    // value = 0.D × 10^k with D's first digit nonzero, so 10^(k-1) <= value < 10^k
    let k = point as i64 - leading as i64 + exponent;
    if k > 310 {
        return f64::INFINITY;
    }
    if k < -324 {
        return 0.0;
    }
    let mut kept: Vec<u8> = digits.iter().copied().take(MAX_DIGITS).collect();
    if digits.len() > MAX_DIGITS {
        kept.push(1);
    }
    // value = N × 10^p
    let p = k - kept.len() as i64;
    if kept.len() <= 15 && (-22..=22).contains(&p) {
        // both N and 10^|p| are exact doubles, so one IEEE operation rounds correctly
        let n = kept.iter().fold(0u64, |n, &d| n * 10 + u64::from(d)) as f64;
        return if p >= 0 { n * POWERS[p as usize] } else { n / POWERS[-p as usize] };
    }
    let head = &kept[..kept.len().min(18)];
    let guess = head.iter().fold(0u64, |n, &d| n * 10 + u64::from(d)) as f64;
    let mut x = scale(guess, k - head.len() as i64);
    let n = Big::from_digits(&kept);
    // the guess is a few units in the last place away at most; each turn moves it one
    for _ in 0..64 {
        let Some(step) = direction(&n, p, x) else {
            break;
        };
        x = f64::from_bits(if step { x.to_bits() + 1 } else { x.to_bits() - 1 });
    }
    x
}

const POWERS: [f64; 23] =
    [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22];

/// `x × 10^q` in floating point: a handful of roundings, so within a few units in the
/// last place (or 0 and infinity near the ends, which [`direction`] corrects).
fn scale(mut x: f64, mut q: i64) -> f64 {
    while q > 22 {
        x *= 1e22;
        q -= 22;
    }
    while q < -22 {
        x /= 1e22;
        q += 22;
    }
    if q >= 0 {
        x * POWERS[q as usize]
    } else {
        x / POWERS[-q as usize]
    }
}

/// Whether the nearest double to `N × 10^p` lies above `x` (`Some(true)`), below it
/// (`Some(false)`), or is `x` itself (`None`); ties go to the even mantissa.
fn direction(n: &Big, p: i64, x: f64) -> Option<bool> {
    if x.is_infinite() {
        // values from halfway between f64::MAX and 2^1024 up round to infinity
        return (compare(n, p, (1 << 54) - 1, 970) == std::cmp::Ordering::Less).then_some(false);
    }
    let Binary { f: m, e, narrow_below } = Binary::of_f64(x);
    let e = i64::from(e);
    let odd = m & 1 == 1;
    // halfway up to the next double: (2m + 1) × 2^(e-1)
    match compare(n, p, 2 * m + 1, e - 1) {
        std::cmp::Ordering::Greater => return Some(true),
        std::cmp::Ordering::Equal if odd => return Some(true),
        _ => {}
    }
    if m == 0 {
        return None;
    }
    // halfway down to the previous double, which is closer at the bottom of a binade
    let below = if narrow_below { compare(n, p, 4 * m - 1, e - 2) } else { compare(n, p, 2 * m - 1, e - 1) };
    match below {
        std::cmp::Ordering::Less => Some(false),
        std::cmp::Ordering::Equal if odd => Some(false),
        _ => None,
    }
}

/// `N × 10^p` against `m × 2^e`, exactly.
fn compare(n: &Big, p: i64, m: u64, e: i64) -> std::cmp::Ordering {
    let mut left = n.clone();
    let mut right = Big::from_u64(m);
    if p >= 0 {
        left.mul_pow10(p as u64);
    } else {
        right.mul_pow10(p.unsigned_abs());
    }
    if e >= 0 {
        right.shl(e as u64);
    } else {
        left.shl(e.unsigned_abs());
    }
    left.cmp(&right)
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn same(text: &str) {
        let ours = parse(text).map(f64::to_bits);
        let rust = text.parse::<f64>().ok().map(f64::to_bits);
        assert_eq!(ours, rust, "{text}");
    }

    #[test]
    fn agrees_with_rust_on_hard_cases() {
        for text in [
            "0",
            "-0",
            "0.0",
            "1",
            "1.",
            ".5",
            "-.5",
            "+3",
            "0.1",
            "0.3",
            "1e5",
            "1E-5",
            "1.5e+3",
            "123456789012345678901234567890",
            "9007199254740993",        // 2^53 + 1: a tie, to the even 2^53
            "9007199254740995",        // a tie, to the even 2^53 + 4
            "2.4703282292062327e-324", // just under half the smallest double: 0
            "2.4703282292062328e-324", // just over: the smallest double
            "4.9406564584124654e-324",
            "2.2250738585072011e-308", // the largest subnormal
            "2.2250738585072014e-308", // the smallest normal
            "1.7976931348623157e308",  // f64::MAX
            "1.7976931348623158e308",  // rounds to MAX
            "1.7976931348623159e308",  // infinity
            "1e309",
            "1e-400",
            "1e999999999999999999",
            "1e-999999999999999999",
            "0e999999999999",
            "0.30000000000000004",
            "2.9999999999999996",
            "8.98846567431158e307",
            "1.448997445238699",
            "7.2057594037927933e16",
            "1090544144181609348835077142190",
            "3.0517578125e-5",
            "0.000000000000000000000000000001",
        ] {
            same(text);
        }
        // 800 digits, a tail that decides a tie
        let tie = format!("9007199254740993{}", "0".repeat(780));
        same(&tie);
        same(&format!("{tie}1"));
        same(&format!("0.{}1e-300", "0".repeat(1000)));
    }

    #[test]
    fn refuses_what_rust_and_java_refuse() {
        for bad in ["", ".", "-", "+", "e5", "1e", "1e+", "1.2.3", "--1", "1 ", " 1", "inf", "NaN", "0x10", "1_000", "١"] {
            assert_eq!(parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn java_double_syntax() {
        assert_eq!(parse_java_double(" 1.5e3d "), Some(1500.0));
        assert_eq!(parse_java_double("-Infinity"), Some(f64::NEG_INFINITY));
        assert_eq!(parse_java_double("+Infinity"), Some(f64::INFINITY));
        assert!(parse_java_double("NaN").is_some_and(f64::is_nan));
        // FloatingDecimal reads the sign before it looks for NaN
        assert!(parse_java_double("-NaN").is_some_and(f64::is_nan));
        assert_eq!(parse_java_double(".5"), Some(0.5));
        assert_eq!(parse_java_double("1."), Some(1.0));
        assert_eq!(parse_java_double("-2F"), Some(-2.0));
        for bad in ["", "-", "d", "--1", "+-1", "1dd", "inf", "infinity", "nan", "NaNd", "1e", "0x1p3"] {
            assert_eq!(parse_java_double(bad), None, "{bad:?}");
        }
    }

    proptest! {
        #[test]
        fn reads_every_double_back(bits in any::<u64>()) {
            let x = f64::from_bits(bits);
            if x.is_finite() {
                for text in [format!("{x:e}"), format!("{x:?}"), format!("{x:.3e}"), format!("{x:.25e}")] {
                    prop_assert_eq!(parse(&text).map(f64::to_bits), text.parse::<f64>().ok().map(f64::to_bits), "{}", text);
                }
            }
        }

        #[test]
        fn agrees_with_rust_on_decimal_strings(
            int in "[0-9]{0,30}", frac in proptest::option::of("[0-9]{0,30}"), exp in proptest::option::of(-400i32..400), negative: bool,
        ) {
            let mut text = String::from(if negative { "-" } else { "" });
            text.push_str(&int);
            if let Some(f) = &frac {
                text.push('.');
                text.push_str(f);
            }
            if let Some(e) = exp {
                text.push_str(&format!("e{e}"));
            }
            same(&text);
        }
    }
}
