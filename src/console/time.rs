//! Wall-clock dates for virtual time: virtual time 0 is 2026-01-01T00:00:00Z, so
//! record timestamps, `--to-datetime` and log lines look like a real cluster's.

/// Epoch milliseconds of virtual time 0 (2026-01-01T00:00:00Z).
pub const EPOCH_BASE_MS: i64 = 1_767_225_600_000;

/// Epoch ms of a virtual time.
pub fn epoch_ms(virtual_ms: i64) -> i64 {
    EPOCH_BASE_MS + virtual_ms
}

/// Virtual time of epoch ms.
pub fn virtual_ms(epoch_ms: i64) -> i64 {
    epoch_ms - EPOCH_BASE_MS
}

fn civil_from_days(z: i64) -> (i64, u32, u32) {
    // Howard Hinnant's days-to-civil algorithm
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = m as i64;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// `[2026-01-01 00:00:03,120]`, log4j's `%d` in UTC.
pub fn log_timestamp(epoch_ms: i64) -> String {
    let (date, h, mi, s, ms) = split(epoch_ms);
    format!("[{date} {h:02}:{mi:02}:{s:02},{ms:03}]")
}

/// `2026-01-01T00:00:03.120`, the format `--to-datetime` takes.
pub fn iso_datetime(epoch_ms: i64) -> String {
    let (date, h, mi, s, ms) = split(epoch_ms);
    format!("{date}T{h:02}:{mi:02}:{s:02}.{ms:03}")
}

fn split(epoch_ms: i64) -> (String, i64, i64, i64, i64) {
    let days = epoch_ms.div_euclid(86_400_000);
    let rem = epoch_ms.rem_euclid(86_400_000);
    let (y, m, d) = civil_from_days(days);
    (format!("{y:04}-{m:02}-{d:02}"), rem / 3_600_000, rem / 60_000 % 60, rem / 1000 % 60, rem % 1000)
}

/// Parses `--to-datetime`: `YYYY-MM-DDTHH:mm:SS.sss`, optionally followed by `Z` or an
/// offset `+hh:mm`/`-hh:mm` (the formats `ConsumerGroupCommand` accepts). UTC when none.
/// As `Utils.getDateTime`'s strict `yyyy-MM-dd'T'HH:mm:ss.SSS` (Kafka 4.x), the
/// milliseconds are required and read as a number (`.5` is 5 ms).
pub fn parse_datetime(text: &str) -> Option<i64> {
    let t = text.trim();
    let (main, offset_ms) = if let Some(s) = t.strip_suffix('Z') {
        (s, 0)
    } else if t.len() > 6 && (t.as_bytes()[t.len() - 6] == b'+' || t.as_bytes()[t.len() - 6] == b'-') && t.as_bytes()[t.len() - 3] == b':' {
        let sign = if t.as_bytes()[t.len() - 6] == b'+' { 1 } else { -1 };
        let hh: i64 = t[t.len() - 5..t.len() - 3].parse().ok()?;
        let mm: i64 = t[t.len() - 2..].parse().ok()?;
        (&t[..t.len() - 6], sign * (hh * 3_600_000 + mm * 60_000))
    } else {
        (t, 0)
    };
    let (date, time) = main.split_once('T')?;
    let mut dp = date.split('-');
    let y: i64 = dp.next()?.parse().ok()?;
    let mo: u32 = dp.next()?.parse().ok()?;
    let d: u32 = dp.next()?.parse().ok()?;
    if dp.next().is_some() || !(1..=12).contains(&mo) || !(1..=31).contains(&d) {
        return None;
    }
    let (hms, frac) = time.split_once('.')?;
    let mut tp = hms.split(':');
    let h: i64 = tp.next()?.parse().ok()?;
    let mi: i64 = tp.next()?.parse().ok()?;
    let s: i64 = tp.next()?.parse().ok()?;
    if tp.next().is_some() || h > 23 || mi > 59 || s > 59 || frac.is_empty() || !frac.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let ms: i64 = frac.parse().ok().filter(|ms| *ms <= 999)?;
    Some(days_from_civil(y, mo, d) * 86_400_000 + h * 3_600_000 + mi * 60_000 + s * 1000 + ms - offset_ms)
}

/// Parses an ISO-8601 duration such as `PT1H30M` or `P1DT2H` (`--by-duration`).
pub fn parse_duration(text: &str) -> Option<i64> {
    let t = text.trim().strip_prefix('P')?;
    let (days_part, time_part) = match t.split_once('T') {
        Some((d, t)) => (d, t),
        None => (t, ""),
    };
    let mut total = 0i64;
    if !days_part.is_empty() {
        total += days_part.strip_suffix('D')?.parse::<i64>().ok()? * 86_400_000;
    }
    let mut num = String::new();
    for c in time_part.chars() {
        match c {
            '0'..='9' | '.' => num.push(c),
            'H' | 'M' | 'S' => {
                let v = crate::engine::decimal::parse(&num)?;
                num.clear();
                total += (v * match c {
                    'H' => 3_600_000.0,
                    'M' => 60_000.0,
                    _ => 1000.0,
                }) as i64;
            }
            _ => return None,
        }
    }
    if !num.is_empty() || (days_part.is_empty() && time_part.is_empty()) {
        return None;
    }
    Some(total)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_round_trip() {
        assert_eq!(iso_datetime(EPOCH_BASE_MS), "2026-01-01T00:00:00.000");
        assert_eq!(log_timestamp(EPOCH_BASE_MS + 3_120), "[2026-01-01 00:00:03,120]");
        assert_eq!(parse_datetime("2026-01-01T00:00:00.000"), Some(EPOCH_BASE_MS));
        assert_eq!(parse_datetime("2026-01-01T01:00:00.000+01:00"), Some(EPOCH_BASE_MS));
        assert_eq!(parse_datetime("2024-02-29T12:34:56.789Z"), Some(1_709_210_096_789));
        assert_eq!(parse_datetime("nope"), None);
        assert_eq!(parse_datetime("2026-13-01T00:00:00"), None);
        // Utils.getDateTime's pattern: milliseconds required, read as a number
        assert_eq!(parse_datetime("2026-01-01T00:00:00"), None);
        assert_eq!(parse_datetime("2026-01-01T00:00:00.5"), Some(EPOCH_BASE_MS + 5));
    }

    #[test]
    fn durations() {
        assert_eq!(parse_duration("PT1H30M"), Some(5_400_000));
        assert_eq!(parse_duration("P1DT2H"), Some(93_600_000));
        assert_eq!(parse_duration("PT0.5S"), Some(500));
        assert_eq!(parse_duration("1H"), None);
        assert_eq!(parse_duration("P"), None);
    }
}
