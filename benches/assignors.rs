//! Assignor benchmarks (`cargo bench --bench assignors`): wall-clock milliseconds per
//! assignment for large groups with equal subscriptions. A plain harness: each figure is
//! the best and the median of several runs of one whole assignment.
//!
//! * 1,000 members over one topic of 10,000 partitions;
//! * 2,000 members over 2,000 single-partition topics.
//!
//! For each: a first assignment (nobody owns anything) with every assignor, then, for the
//! sticky ones, the rebalance after one more member joins a group that owns the first
//! assignment (the common case in a running group).
#![allow(clippy::disallowed_methods)] // native only: the one-sort rule (clippy.toml) is for the wasm build

use kafkascope::engine::map::Map;
use std::hint::black_box;
use std::time::Instant;

use kafkascope::engine::assignor::{Assignment, ClientAssignor, MemberSubscription, ServerAssignor};

const RUNS: usize = 7;

/// Best and median milliseconds of `RUNS` runs.
fn time(mut f: impl FnMut() -> Assignment) -> (f64, f64) {
    let mut ms: Vec<f64> = (0..RUNS)
        .map(|_| {
            let start = Instant::now();
            let a = black_box(f());
            let elapsed = start.elapsed().as_secs_f64() * 1000.0;
            drop(a);
            elapsed
        })
        .collect();
    ms.sort_by(f64::total_cmp);
    (ms[0], ms[RUNS / 2])
}

struct Case {
    name: &'static str,
    partitions: Map<String, u32>,
    members: Vec<MemberSubscription>,
}

fn case(name: &'static str, members: usize, topics: usize, partitions_each: u32) -> Case {
    let names: Vec<String> = if topics == 1 { vec!["topic".to_string()] } else { (0..topics).map(|t| format!("topic-{t}")).collect() };
    let partitions = names.iter().map(|t| (t.clone(), partitions_each)).collect();
    let members = (0..members).map(|i| MemberSubscription::new(format!("consumer-{i}"), &names)).collect();
    Case { name, partitions, members }
}

/// The members owning `assignment` (generation 1), plus one newcomer.
fn one_joins(case: &Case, assignment: &Assignment) -> Vec<MemberSubscription> {
    let mut members: Vec<MemberSubscription> =
        case.members.iter().map(|m| m.clone().with_owned(assignment[&m.member_id].clone()).with_generation(1)).collect();
    members.push(MemberSubscription::new("consumer-new", &case.members[0].topics).with_generation(1));
    members
}

fn report(label: &str, (best, median): (f64, f64)) {
    let flag = if best < 50.0 { "" } else { "  (over the 50 ms target)" };
    println!("  {label:<38} best {best:>8.2} ms   median {median:>8.2} ms{flag}");
}

fn main() {
    let cases = [
        case("1,000 members x 10,000 partitions (one topic)", 1_000, 1, 10_000),
        case("2,000 members x 2,000 single-partition topics", 2_000, 2_000, 1),
    ];
    for c in &cases {
        println!("{}", c.name);
        for a in ClientAssignor::ALL {
            report(a.name(), time(|| a.assign(&c.partitions, &c.members)));
        }
        for a in ServerAssignor::ALL {
            report(&format!("{} (server)", a.name()), time(|| a.assign(&c.partitions, &c.members)));
        }
        for a in [ClientAssignor::Sticky, ClientAssignor::CooperativeSticky] {
            let joined = one_joins(c, &a.assign(&c.partitions, &c.members));
            report(&format!("{} (+1 member, owned)", a.name()), time(|| a.assign(&c.partitions, &joined)));
        }
        let joined = one_joins(c, &ServerAssignor::Uniform.assign(&c.partitions, &c.members));
        report("uniform (server, +1 member, owned)", time(|| ServerAssignor::Uniform.assign(&c.partitions, &joined)));
    }
}
