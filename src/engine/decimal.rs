//! Decimal text for `f64` values, the way Kafka's Java tools print them.
//!
//! Kafka formats doubles with `String.format("%.2f", x)` (`ProducerPerformance`,
//! `ConsumerPerformance`) and `Double.toString(x)` (config values such as
//! `min.cleanable.dirty.ratio`). Java's `%.Nf` rounds half up on the decimal digits of the
//! value, where Rust's `{:.N}` rounds half to even on its exact binary value, so `0.125`
//! is `0.13` in Java and `0.12` in Rust. These functions follow Java.
//!
//! They also keep the browser build small: Rust's float formatting (Grisu and Dragon4,
//! their tables and the padding code) is not linked when nothing formats a float with
//! `{}` or `{:.N}`; every float Kafkascope prints goes through here.
//!
//! [`fixed`] is exact: it takes the shortest digits that read back as the double (what
//! Java's `FloatingDecimal` starts from) and rounds them half up at the requested place,
//! so `%.2f` of 1.005 is `1.01` as in Java. [`rounded`] rounds the exact binary value half
//! up instead, with no search, for the page's SVG coordinates. Decimals are capped at 22;
//! a magnitude from 2^128 up prints as `Infinity`-free saturated digits (never a panic).

mod big;
mod parse;
mod shortest;
pub use parse::{parse, parse_java_double};

/// `x` with exactly `decimals` digits after the point, as Java's
/// `String.format("%.{decimals}f", x)`: the shortest digits of `x` rounded half up.
/// `NaN` and infinities print as Java prints them.
pub fn fixed(x: f64, decimals: u32) -> String {
    if let Some(special) = special(x) {
        return special.to_string();
    }
    let d = decimals.min(MAX_DECIMALS);
    let units = match shortest_units(x) {
        Some((u, from)) if from <= d => u.saturating_mul(10u128.pow(d - from)),
        Some((u, from)) => {
            let cut = 10u128.pow(from - d);
            u / cut + u128::from(u % cut >= cut.div_ceil(2))
        }
        None => exact_units(x, d).unwrap_or(u128::MAX),
    };
    render(x.is_sign_negative(), units, d)
}

/// `x` with `decimals` digits after the point, its exact binary value rounded half up:
/// cheaper than [`fixed`] and as good for coordinates and opacities.
pub fn rounded(x: f64, decimals: u32) -> String {
    if let Some(special) = special(x) {
        return special.to_string();
    }
    let d = decimals.min(MAX_DECIMALS);
    render(x.is_sign_negative(), exact_units(x, d).unwrap_or(u128::MAX), d)
}

/// The fewest decimals that read back as `x`: `0.25`, `100`, `0.1`. Whole numbers have no
/// point. Below 10^-3 or from 10^15 up it is [`java_double`]'s scientific notation.
pub fn shortest(x: f64) -> String {
    if let Some(special) = special(x) {
        return special.to_string();
    }
    match shortest_units(x) {
        Some((u, d)) if x == 0.0 || (1e-3..1e15).contains(&x.abs()) => render(x.is_sign_negative(), u, d),
        _ => java_double(x),
    }
}

/// `x` as Java's `Double.toString`: `0.5`, `1.0`, `1.0E-4`, `1.5E7`, `4.9E-324`; plain
/// decimals from 10^-3 up to 10^7, scientific notation outside that range, the shortest
/// digits that read back as `x`, exactly (`decimal/shortest.rs`).
pub fn java_double(x: f64) -> String {
    if let Some(special) = special(x) {
        return special.to_string();
    }
    if x == 0.0 {
        return if x.is_sign_negative() { "-0.0" } else { "0.0" }.into();
    }
    let (digits, k) = shortest::digits(&Binary::of_f64(x));
    shortest::java_layout(x < 0.0, &digits, k)
}

/// `x` as Java's `Float.toString`: as [`java_double`], with the shortest digits that read
/// back as the float (`0.1`, `3.4028235E38`, `1.4E-45`).
pub fn java_float(x: f32) -> String {
    if x == 0.0 || !x.is_finite() {
        return java_double(f64::from(x));
    }
    let (digits, k) = shortest::digits(&Binary::of_f32(x));
    shortest::java_layout(x < 0.0, &digits, k)
}

/// A value to a tenth, for the page's SVG coordinates: `12`, `12.5`, `-0.5` (no `.0`, and
/// integer formatting only, so Rust's float formatting stays out of the page).
#[derive(Clone, Copy, Debug)]
pub struct Tenths(pub f32);

impl std::fmt::Display for Tenths {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let tenths = (self.0 * 10.0).round() as i64;
        let sign = if tenths < 0 { "-" } else { "" };
        let (whole, tenth) = (tenths.unsigned_abs() / 10, tenths.unsigned_abs() % 10);
        if tenth == 0 {
            write!(f, "{sign}{whole}")
        } else {
            write!(f, "{sign}{whole}.{tenth}")
        }
    }
}

/// A float's magnitude as `f × 2^e` (IEEE 754's mantissa and exponent), and whether the gap
/// to the next float down is half the gap up (`f` is the smallest mantissa of a binade
/// above the lowest). What [`exact_units`], `parse` and `shortest` read a float as.
struct Binary {
    f: u64,
    e: i32,
    narrow_below: bool,
}

impl Binary {
    /// |x| of a finite double (0 is `f` = 0).
    fn of_f64(x: f64) -> Binary {
        let bits = x.abs().to_bits();
        let (biased, fraction) = ((bits >> 52) as i32, bits & ((1 << 52) - 1));
        match biased {
            0 => Binary { f: fraction, e: -1074, narrow_below: false },
            _ => Binary { f: fraction | 1 << 52, e: biased - 1075, narrow_below: fraction == 0 && biased > 1 },
        }
    }

    /// |x| of a finite float (0 is `f` = 0).
    fn of_f32(x: f32) -> Binary {
        let bits = x.abs().to_bits();
        let (biased, fraction) = ((bits >> 23) as i32, u64::from(bits & ((1 << 23) - 1)));
        match biased {
            0 => Binary { f: fraction, e: -149, narrow_below: false },
            _ => Binary { f: fraction | 1 << 23, e: biased - 150, narrow_below: fraction == 0 && biased > 1 },
        }
    }
}

const MAX_DECIMALS: u32 = 22;

/// The fewest decimals `d` (at most 22) such that |x| × 10^d rounded reads back as `x`,
/// with that integer; `None` for values that need more (below about 10^-5) or overflow.
fn shortest_units(x: f64) -> Option<(u128, u32)> {
    (0..=MAX_DECIMALS).find_map(|d| {
        let u = exact_units(x, d)?;
        (parse(&render(x.is_sign_negative(), u, d)) == Some(x)).then_some((u, d))
    })
}

/// |x| × 10^d rounded half up, computed exactly from the double's bits (x = m × 2^e);
/// `None` if it does not fit in a `u128`.
fn exact_units(x: f64, d: u32) -> Option<u128> {
    let Binary { f, e, .. } = Binary::of_f64(x);
    let m = u128::from(f);
    let k = e.unsigned_abs();
    if e < 0 && d <= 3 {
        // the page's coordinates: m < 2^53 and 10^d <= 10^3 < 2^10, so u64 holds the
        // product and the shifts, without u128's slower software division later
        let scaled = (m as u64) * 10u64.pow(d);
        let shift = |n: u32| scaled.checked_shr(n).unwrap_or(0);
        return Some(u128::from(shift(k) + (shift(k - 1) & 1)));
    }
    // m < 2^53 and 10^d <= 10^22 < 2^74: the product fits
    let scaled = m * 10u128.pow(d.min(MAX_DECIMALS));
    if e >= 0 {
        return if e > 127 || scaled.leading_zeros() < e as u32 { None } else { Some(scaled << e) };
    }
    let shift = |n: u32| scaled.checked_shr(n).unwrap_or(0);
    Some(shift(k) + (shift(k - 1) & 1))
}

/// `units` / 10^decimals with exactly `decimals` digits after the point.
fn render(negative: bool, units: u128, decimals: u32) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    if negative {
        out.push('-');
    }
    let width = decimals as usize;
    let scale = 10u128.pow(decimals);
    // in u64 when it holds the value: u128's division is done in software on wasm32
    let _ = match (u64::try_from(units), u64::try_from(scale), decimals) {
        (Ok(u), _, 0) => write!(out, "{u}"),
        (Ok(u), Ok(s), _) => write!(out, "{}.{:0width$}", u / s, u % s),
        (_, _, 0) => write!(out, "{units}"),
        _ => write!(out, "{}.{:0width$}", units / scale, units % scale),
    };
    out
}

fn special(x: f64) -> Option<&'static str> {
    if x.is_nan() {
        Some("NaN")
    } else if x.is_infinite() {
        Some(if x > 0.0 { "Infinity" } else { "-Infinity" })
    } else {
        None
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn fixed_rounds_half_up_as_java() {
        // String.format("%.2f", 0.125) is "0.13" in Java; Rust's {:.2} gives "0.12"
        assert_eq!(fixed(0.125, 2), "0.13");
        assert_eq!(fixed(0.15, 1), "0.2");
        assert_eq!(fixed(2.5, 0), "3");
        assert_eq!(fixed(-2.5, 0), "-3");
        assert_eq!(fixed(1234.5678, 1), "1234.6");
        assert_eq!(fixed(0.0, 4), "0.0000");
        assert_eq!(fixed(-0.0001, 2), "-0.00");
        assert_eq!(fixed(3.0, 6), "3.000000");
        assert_eq!(fixed(0.05, 2), "0.05");
        assert_eq!(fixed(99.999, 2), "100.00");
        assert_eq!(fixed(f64::NAN, 2), "NaN");
        assert_eq!(fixed(f64::NEG_INFINITY, 2), "-Infinity");
        assert_eq!(fixed(1.005, 2), "1.01");
        assert_eq!(rounded(1.005, 2), "1.00");
        assert_eq!(rounded(0.125, 2), "0.13");
        assert_eq!(fixed(1e-10, 2), "0.00");
        assert_eq!(fixed(123456789.0, 1), "123456789.0");
    }

    #[test]
    fn tenths_drop_a_zero_tenth() {
        let t = |x: f32| Tenths(x).to_string();
        assert_eq!([t(12.0), t(12.5), t(12.34), t(-0.5), t(-0.04), t(0.96), t(-3.25)], ["12", "12.5", "12.3", "-0.5", "0", "1", "-3.3"]);
    }

    #[test]
    fn shortest_reads_back() {
        assert_eq!(shortest(0.1), "0.1");
        assert_eq!(shortest(0.25), "0.25");
        assert_eq!(shortest(100.0), "100");
        assert_eq!(shortest(0.05), "0.05");
        assert_eq!(shortest(-1.5), "-1.5");
    }

    #[test]
    fn java_double_matches_double_to_string() {
        assert_eq!(java_double(0.5), "0.5");
        assert_eq!(java_double(1.0), "1.0");
        assert_eq!(java_double(0.0), "0.0");
        assert_eq!(java_double(0.001), "0.001");
        assert_eq!(java_double(1e-4), "1.0E-4");
        assert_eq!(java_double(1.5e7), "1.5E7");
        assert_eq!(java_double(9999999.0), "9999999.0");
        assert_eq!(java_double(-2.5e-5), "-2.5E-5");
        assert_eq!(java_double(1.0e10), "1.0E10");
    }

    #[test]
    fn never_panics_on_extremes() {
        for x in [f64::MAX, f64::MIN, f64::MIN_POSITIVE, 5e-324, 1e-310, -0.0] {
            for d in [0, 2, 18, 40] {
                fixed(x, d);
            }
            shortest(x);
            java_double(x);
        }
        // the sign stays, as in Java and Rust
        assert_eq!(shortest(-0.0), "-0");
        assert_eq!(java_double(-0.0), "-0.0");
    }

    proptest! {
        /// Agrees with Rust's formatting except where Java's half-up and Rust's
        /// half-even rounding of the exact binary value may part: one unit in the last place.
        #[test]
        fn fixed_is_within_one_unit_of_rust(x in -1e9f64..1e9, d in 0u32..7) {
            let ours: f64 = fixed(x, d).parse().unwrap();
            let rust: f64 = format!("{x:.prec$}", prec = d as usize).parse().unwrap();
            prop_assert!((ours - rust).abs() <= 1.5 / 10f64.powi(d as i32), "{x} {d}: {ours} vs {rust}");
            // rounded is Rust's exact value, rounded half up instead of half to even
            let exact = rounded(x, d);
            let rust = format!("{x:.prec$}", prec = d as usize);
            if exact != rust {
                let tie = format!("{x:.prec$}", prec = d as usize + 30);
                prop_assert!(tie.trim_end_matches('0').ends_with('5'), "{x} {d}: {exact} vs {rust}");
            }
        }

        #[test]
        fn shortest_and_java_double_read_back(m in 1.0f64..10.0, e in -20i32..20, negative: bool) {
            let x = if negative { -m } else { m } * 10f64.powi(e);
            if (1e-3..1e15).contains(&x.abs()) {
                prop_assert_eq!(shortest(x).parse::<f64>().unwrap(), x);
            }
            prop_assert_eq!(java_double(x).parse::<f64>().unwrap(), x);
        }
    }
}
