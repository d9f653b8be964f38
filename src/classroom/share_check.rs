//! Lesson claims about share groups (issue 17): `share-group G ...`, read as
//! `kafka-share-groups.sh --describe` and the share-partition's state would show them.
//!
//! * `share-group G state S` (Empty, Stable, Dead: a group that does not exist is Dead)
//! * `share-group G members N`
//! * `share-group G start-offset T P N`: the share-partition start offset (SPSO)
//! * `share-group G record T P OFFSET STATE`: an in-flight record's state (`acquired`,
//!   `available`, `acknowledged`, `archived`), or `done` once the SPSO passed it
//! * `share-group G deliveries T P OFFSET N`: how often an in-flight record was delivered

use super::check::Mismatch;
use crate::console::Console;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ShareClaim {
    State(String, String),
    Members(String, usize),
    StartOffset(String, String, u32, i64),
    Record(String, String, u32, i64, String),
    Deliveries(String, String, u32, i64, u16),
}

fn num<T: std::str::FromStr>(w: &str) -> Result<T, String> {
    w.parse().map_err(|_| format!("'{w}' must be a non-negative integer"))
}

pub fn parse(w: &[&str]) -> Result<ShareClaim, String> {
    let forms = "share-group G state S|members N|start-offset T P N|record T P OFFSET STATE|deliveries T P OFFSET N";
    Ok(match w {
        [g, "state", s] if ["Empty", "Stable", "Dead"].contains(s) => ShareClaim::State(g.to_string(), s.to_string()),
        [g, "members", n] => ShareClaim::Members(g.to_string(), num(n)?),
        [g, "start-offset", t, p, n] => ShareClaim::StartOffset(g.to_string(), t.to_string(), num(p)?, num(n)?),
        [g, "record", t, p, o, s] if ["acquired", "available", "acknowledged", "archived", "done"].contains(s) => {
            ShareClaim::Record(g.to_string(), t.to_string(), num(p)?, num(o)?, s.to_string())
        }
        [g, "deliveries", t, p, o, n] => ShareClaim::Deliveries(g.to_string(), t.to_string(), num(p)?, num(o)?, num(n)?),
        _ => return Err(format!("expected `{forms}`")),
    })
}

pub fn check(c: &ShareClaim, console: &Console) -> Result<(), Mismatch> {
    let sim = console.sim();
    let miss = |e: String, a: String| Err(Mismatch { expected: e, actual: a });
    let group = |g: &str| sim.share_group(g);
    let sp = |g: &str, t: &str, p: u32| {
        group(g).and_then(|g| g.partitions.iter().find(|(tp, _)| &*tp.topic == t && tp.partition == p).map(|(_, s)| s))
    };
    match c {
        ShareClaim::State(g, s) => {
            let actual = group(g).map_or("Dead", |g| g.state.name());
            if actual == s {
                Ok(())
            } else {
                miss(format!("state {s}"), format!("state {actual}"))
            }
        }
        ShareClaim::Members(g, n) => {
            let actual = group(g).map_or(0, |g| g.members.len());
            if actual == *n {
                Ok(())
            } else {
                miss(format!("members {n}"), format!("members {actual}"))
            }
        }
        ShareClaim::StartOffset(g, t, p, n) => match sp(g, t, *p) {
            Some(s) if s.start_offset == *n => Ok(()),
            Some(s) => miss(format!("start offset {n}"), format!("start offset {}", s.start_offset)),
            None => miss(format!("start offset {n}"), format!("no share-partition {t}-{p} in share group {g}")),
        },
        ShareClaim::Record(g, t, p, o, want) => {
            let actual = match sp(g, t, *p) {
                Some(s) if *o < s.start_offset => "done".to_string(),
                Some(s) => s.get(*o).map_or("not yet delivered".to_string(), |r| r.state.name().to_ascii_lowercase()),
                None => format!("no share-partition {t}-{p}"),
            };
            if actual == *want {
                Ok(())
            } else {
                miss(format!("record {o} {want}"), format!("record {o} {actual}"))
            }
        }
        ShareClaim::Deliveries(g, t, p, o, n) => {
            let actual = sp(g, t, *p).and_then(|s| s.get(*o)).map(|r| r.delivery_count);
            match actual {
                Some(a) if a == *n => Ok(()),
                Some(a) => miss(format!("record {o} delivered {n} time(s)"), format!("{a} time(s)")),
                None => miss(format!("record {o} delivered {n} time(s)"), "not in flight".into()),
            }
        }
    }
}
