//! The shortest decimal digits of a binary float, as Java's `Double.toString` and
//! `Float.toString` choose them (JDK 19 and later, which Kafka 4.3's tools run on: the
//! specification in `Double.toString(double)`'s Javadoc, Raffaello Giulietti's work).
//!
//! Of the decimals that round to the value, the shortest; of those, the one closest to
//! the value, the even one on a tie. One rule on top: where a single digit would do, the
//! closest two-digit decimal is taken, so `Double.MIN_VALUE` is `4.9E-324` (Rust prints
//! `5e-324`).
//!
//! Exact, in integer arithmetic: Steele and White's free-format digit generation as Burger
//! and Dybvig give it ("Printing Floating-Point Numbers Quickly and Accurately", 1996),
//! with a small big integer. It runs on the page and in the export worker without Rust's
//! own float formatting (its Grisu and Dragon4 tables), which is what keeps that out of
//! the browser build.

use std::cmp::Ordering;

use super::big::Big;
use super::Binary;

/// The digits `d1 d2 … dn` (each 0-9, `d1` not 0) and the exponent `k` of Java's decimal
/// for `b` (not zero): the value is `0.d1d2…dn × 10^k`.
pub(super) fn digits(b: &Binary) -> (Vec<u8>, i32) {
    // value = r / s; the halfway points to the neighbours are (r ± m) / s
    let (mut r, mut s, mut m_plus, mut m_minus) = (Big::from_u64(b.f), Big::from_u64(1), Big::from_u64(1), Big::from_u64(1));
    let below = u32::from(b.narrow_below);
    // r = 2f·2^e·(2 if narrow), s = 2·(2 if narrow), m+ = 2^e·(2 if narrow), m- = 2^e
    r.shl(u64::from(1 + below));
    s.shl(u64::from(1 + below));
    m_plus.shl(u64::from(below));
    if b.e >= 0 {
        for x in [&mut r, &mut m_plus, &mut m_minus] {
            x.shl(b.e as u64);
        }
    } else {
        s.shl(u64::from(b.e.unsigned_abs()));
    }
    // an even mantissa is what a tie reads back as, so a halfway point itself counts
    let inclusive = b.f % 2 == 0;
    let reaches = |a: &Big, limit: &Big| *a > *limit || (inclusive && a == limit);
    let short_of = |a: &Big, limit: &Big| *a < *limit || (inclusive && a == limit);
    // k: the least power of ten above the upper halfway point; first an estimate from the
    // bit length (floor of log10 of 2^(e + bits - 1), 1233/4096 just under log10 2)
    let bits = 64 - b.f.leading_zeros() as i32;
    let mut k = ((b.e + bits - 1) * 1233) >> 12;
    if k >= 0 {
        s.mul_pow10(k as u64);
    } else {
        for x in [&mut r, &mut m_plus, &mut m_minus] {
            x.mul_pow10(u64::from(k.unsigned_abs()));
        }
    }
    while reaches(&r.add(&m_plus), &s) {
        s.mul_add(10, 0);
        k += 1;
    }
    loop {
        let mut high = r.add(&m_plus);
        high.mul_add(10, 0);
        if reaches(&high, &s) {
            break;
        }
        for x in [&mut r, &mut m_plus, &mut m_minus] {
            x.mul_add(10, 0);
        }
        k -= 1;
    }
    let (r0, m_plus0, m_minus0) = (r.clone(), m_plus.clone(), m_minus.clone());
    let next_digit = |r: &mut Big| {
        r.mul_add(10, 0);
        let mut d = 0u8;
        while *r >= s {
            r.sub_assign(&s);
            d += 1;
        }
        d
    };
    let mut out = Vec::new();
    loop {
        let d = next_digit(&mut r);
        m_plus.mul_add(10, 0);
        m_minus.mul_add(10, 0);
        let low = short_of(&r, &m_minus);
        let high = reaches(&r.add(&m_plus), &s);
        let last = match (low, high) {
            (false, false) => {
                out.push(d);
                continue;
            }
            (true, false) => d,
            (false, true) => d + 1,
            (true, true) => d + u8::from(round_up(&r, &s, d)),
        };
        out.push(last);
        break;
    }
    if out.len() == 1 {
        // Java's rule: two digits, the closest two-digit decimal that still rounds to b
        let mut r = r0;
        let mut first = next_digit(&mut r);
        let mut at = k;
        if first == 0 {
            // b is just under 10^(k-1): its digits start one place lower
            first = next_digit(&mut r);
            at -= 1;
        }
        let second = next_digit(&mut r);
        let up = round_up(&r, &s, second);
        // the distance to b against the halfway point on its side, both in units of
        // 10^(at-2) / s (the halfway points are in units of 10^k / s)
        let (distance, mut halfway) = if up {
            let mut gap = s.clone();
            gap.sub_assign(&r);
            (gap, m_plus0)
        } else {
            (r, m_minus0)
        };
        halfway.mul_pow10((k - at + 2) as u64);
        if short_of(&distance, &halfway) {
            out = vec![first, second + u8::from(up)];
            k = at;
        }
    }
    carry(&mut out, &mut k);
    while out.len() > 1 && out.last() == Some(&0) {
        out.pop();
    }
    (out, k)
}

/// Whether the digit `d` with remainder `r / s` rounds up: more than half, or half with an
/// odd `d` (ties to even).
fn round_up(r: &Big, s: &Big, d: u8) -> bool {
    let mut twice = r.clone();
    twice.mul_add(2, 0);
    match twice.cmp(s) {
        Ordering::Less => false,
        Ordering::Greater => true,
        Ordering::Equal => d % 2 == 1,
    }
}

/// A last digit rounded up to 10 carries into the digits before it.
fn carry(digits: &mut Vec<u8>, k: &mut i32) {
    let mut i = digits.len();
    while i > 0 && digits[i - 1] == 10 {
        digits[i - 1] = 0;
        if i == 1 {
            digits.insert(0, 1);
            *k += 1;
            break;
        }
        digits[i - 2] += 1;
        i -= 1;
    }
}

/// Java's layout of `digits` × 10^`k`: plain from 10^-3 up to 10^7, else `d.ddd…E±n`, with at
/// least one digit after the point either way.
pub(super) fn java_layout(negative: bool, digits: &[u8], k: i32) -> String {
    let text = |ds: &[u8]| ds.iter().map(|d| char::from(b'0' + d)).collect::<String>();
    let sign = if negative { "-" } else { "" };
    let n = digits.len() as i32;
    if (-2..=7).contains(&k) {
        // 0.001 ≤ value < 10^7
        return if k <= 0 {
            format!("{sign}0.{}{}", "0".repeat(k.unsigned_abs() as usize), text(digits))
        } else if k < n {
            format!("{sign}{}.{}", text(&digits[..k as usize]), text(&digits[k as usize..]))
        } else {
            format!("{sign}{}{}.0", text(digits), "0".repeat((k - n) as usize))
        };
    }
    let rest = if n > 1 { text(&digits[1..]) } else { "0".into() };
    format!("{sign}{}.{rest}E{}", digits[0], k - 1)
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn java_f64(x: f64) -> String {
        let (d, k) = digits(&Binary::of_f64(x));
        java_layout(x < 0.0, &d, k)
    }

    fn java_f32(x: f32) -> String {
        let (d, k) = digits(&Binary::of_f32(x));
        java_layout(x < 0.0, &d, k)
    }

    #[test]
    fn doubles_as_java_prints_them() {
        for (x, text) in [
            (f64::from_bits(1), "4.9E-324"),
            (f64::from_bits(2), "9.9E-324"),
            (f64::MAX, "1.7976931348623157E308"),
            (f64::MIN_POSITIVE, "2.2250738585072014E-308"),
            (1e23, "1.0E23"),
            (2e23, "2.0E23"),
            (0.1, "0.1"),
            (0.001, "0.001"),
            (1e-4, "1.0E-4"),
            (9999999.0, "9999999.0"),
            (1e7, "1.0E7"),
            (123456.789, "123456.789"),
            (-2.5e-5, "-2.5E-5"),
            (100.0, "100.0"),
            (1.0 / 3.0, "0.3333333333333333"),
        ] {
            assert_eq!(java_f64(x), text, "{x:e}");
        }
    }

    #[test]
    fn floats_as_java_prints_them() {
        for (x, text) in [
            (f32::from_bits(1), "1.4E-45"),
            (f32::MAX, "3.4028235E38"),
            (f32::MIN_POSITIVE, "1.1754944E-38"),
            (0.1, "0.1"),
            (1.0e-5, "1.0E-5"),
            (16777216.0, "1.6777216E7"),
            (3.0, "3.0"),
            (-0.33333334, "-0.33333334"),
        ] {
            assert_eq!(java_f32(x), text, "{x:e}");
        }
    }

    /// Rust's `{:e}` prints the shortest digits closest to the value too: they agree but
    /// for Java's two-digit rule, where Java's digits are as close or closer, and on an
    /// exact tie, where Java takes the even digit and Rust the one above. `exact` is the
    /// value's decimal expansion with 40 digits more than `{:e}`'s.
    fn agrees_with_rust(ours: (Vec<u8>, i32), rust: &str, exact: &str, reads_back: impl Fn(&str) -> bool) -> Result<(), String> {
        let (mantissa, exponent) = rust.trim_start_matches('-').split_once('e').unwrap();
        let rust_digits: Vec<u8> = mantissa.bytes().filter(u8::is_ascii_digit).map(|b| b - b'0').collect();
        let rust_k = exponent.parse::<i32>().unwrap() + 1;
        let (digits, k) = ours;
        if (digits.clone(), k) == (rust_digits.clone(), rust_k) {
            return Ok(());
        }
        let text = |ds: &[u8], k: i32| format!("0.{}e{k}", ds.iter().map(|d| char::from(b'0' + d)).collect::<String>());
        if rust_digits.len() == 1 && digits.len() == 2 && reads_back(&text(&digits, k)) {
            return Ok(());
        }
        let n = digits.len();
        let exact_digits: Vec<u8> = exact.split('e').next().unwrap().bytes().filter(u8::is_ascii_digit).map(|b| b - b'0').collect();
        let tie = exact_digits.get(n) == Some(&5) && exact_digits[n + 1..].iter().all(|&d| d == 0);
        if tie && k == rust_k && n == rust_digits.len() && digits[n - 1] % 2 == 0 && reads_back(&text(&digits, k)) {
            return Ok(());
        }
        Err(format!("ours {} vs Rust's {rust}", text(&digits, k)))
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(20_000))]
        #[test]
        fn every_double_agrees_with_rust(bits in 1u64..0x7ff0_0000_0000_0000) {
            let x = f64::from_bits(bits);
            let r = agrees_with_rust(digits(&Binary::of_f64(x)), &format!("{x:e}"), &format!("{x:.60e}"), |t| t.parse::<f64>() == Ok(x));
            prop_assert!(r.is_ok(), "{:e}: {:?}", x, r);
            prop_assert_eq!(java_f64(x).replace('E', "e").parse::<f64>(), Ok(x));
        }

        #[test]
        fn every_float_agrees_with_rust(bits in 1u32..0x7f80_0000) {
            let x = f32::from_bits(bits);
            let r = agrees_with_rust(digits(&Binary::of_f32(x)), &format!("{x:e}"), &format!("{x:.60e}"), |t| t.parse::<f32>() == Ok(x));
            prop_assert!(r.is_ok(), "{:e}: {:?}", x, r);
            prop_assert_eq!(java_f32(x).replace('E', "e").parse::<f32>(), Ok(x));
        }

        #[test]
        fn plain_decimals_agree_with_rust(m in 1u64..10_000_000, scale in 0u32..10) {
            let x = m as f64 / 10f64.powi(scale as i32);
            let r = agrees_with_rust(digits(&Binary::of_f64(x)), &format!("{x:e}"), &format!("{x:.60e}"), |t| t.parse::<f64>() == Ok(x));
            prop_assert!(r.is_ok(), "{:e}: {:?}", x, r);
        }
    }
}
