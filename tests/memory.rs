//! A long session keeps bounded memory (issue 15): the default scene played for three
//! virtual hours holds about as much heap at 180 minutes as at 10.
//!
//! Measured natively with a counting global allocator: the live heap of the whole test
//! binary. This file holds one test only, so nothing else allocates meanwhile. Not timed.
//!
//! What a session holds, and why the bound is 16 MiB:
//! - the cluster's state: the default scene's topic keeps 10 minutes of records
//!   (`retention.ms=600000`, 4 records a second, three replicas), about 2.5 MiB;
//! - the trace's window: the last 2 minutes of virtual time ([`kafkascope::engine::trace::KEEP_MS`]),
//!   about 4,800 events of 112 bytes, 0.5 MiB;
//! - 48 checkpoints of the console (`MAX_CHECKPOINTS`), each about 70 KiB of its own plus
//!   the sealed log segments of its moment (shared with the others and the present while
//!   retention has not deleted them): at most 48 retention windows, about 6 MiB here;
//! - the recorded ops: 8 bytes per run of steps or clock move, about 0.25 MiB a virtual
//!   hour at this pace (two `advance` calls a second, plus the producer's 4 wakes).
//!
//! Before the trace and the ops were bounded, the same run held 13 MiB at 10 minutes and
//! 35 MiB at 60, growing by half a MiB a minute.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

use kafkascope::console::session::Session;
use kafkascope::console::Console;
use kafkascope::engine::{ClusterConfig, Sim};

struct Counting;
static LIVE: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        LIVE.fetch_add(l.size(), Ordering::Relaxed);
        System.alloc(l)
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        LIVE.fetch_sub(l.size(), Ordering::Relaxed);
        System.dealloc(p, l)
    }
    unsafe fn realloc(&self, p: *mut u8, l: Layout, new_size: usize) -> *mut u8 {
        LIVE.fetch_add(new_size, Ordering::Relaxed);
        LIVE.fetch_sub(l.size(), Ordering::Relaxed);
        System.realloc(p, l, new_size)
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

const MIB: usize = 1 << 20;
/// The most a session of the default scene may hold at any point (see the module docs).
const BOUND: usize = 16 * MIB;
/// The most it may grow from 10 to 180 virtual minutes: the ops (under 1 MiB) and the
/// checkpoints spreading over a longer history.
const GROWTH: usize = 4 * MIB;

fn mib(bytes: usize) -> f64 {
    bytes as f64 / MIB as f64
}

#[test]
fn three_hours_of_the_default_scene_keep_memory_flat() {
    let scene = kafkascope::classroom::scene::default_scene().expect("a default scene");
    let mut s = Session::new(Console::interactive(Sim::new(ClusterConfig::default(), scene.seed)));
    for l in &scene.steps[0].lines {
        s.run_line(l);
    }
    let mut figures = Vec::new();
    for minute in 0..=180 {
        if [0, 10, 30, 60, 180].contains(&minute) {
            let live = LIVE.load(Ordering::Relaxed);
            let sim = s.console().sim();
            println!(
                "{minute:3} virtual min: live heap {:.1} MiB; {} events ({} kept); {} ops ({:.2} MiB)",
                mib(live),
                sim.trace().len(),
                sim.trace().entries().len(),
                s.timeline().len(),
                mib(s.timeline().heap_bytes())
            );
            figures.push((minute, live));
            assert!(live < BOUND, "{minute} virtual minutes: {:.1} MiB live, over the bound of {:.0}", mib(live), mib(BOUND));
        }
        for _ in 0..120 {
            s.advance(500);
        }
    }
    let at = |m: i64| figures.iter().find(|(minute, _)| *minute == m).map(|(_, b)| *b).unwrap();
    assert!(at(180) < at(10) + GROWTH, "memory grows: {:.1} MiB at 10 minutes, {:.1} at 180", mib(at(10)), mib(at(180)));
    let sim = s.console().sim();
    assert!(sim.trace().len() > 300_000, "three hours of events are counted: {}", sim.trace().len());
    assert!(sim.trace().entries().len() < 10_000, "only the last minutes are kept");

    // time travel over the trimmed history stays exact
    let end = s.console().sim().now();
    let end_hash = s.console().sim().state_hash();
    let mut stepped = Vec::new();
    for _ in 0..5 {
        s.step_event(60_000);
        stepped.push((s.console().sim().trace().len(), s.console().sim().state_hash()));
    }
    stepped.pop();
    for (len, hash) in stepped.into_iter().rev() {
        assert!(s.step_back());
        assert_eq!((s.console().sim().trace().len(), s.console().sim().state_hash()), (len, hash), "one event back, exactly");
    }
    s.scrub_to(end);
    assert_eq!(s.console().sim().state_hash(), end_hash, "forward again to the end");
    s.scrub_to(end - 20 * 60_000);
    let back = s.console().sim().state_hash();
    let first = s.console().sim().trace().first().map_or(0, |e| e.time);
    println!("after scrubbing back 20 minutes: events kept from {} ms before the present", s.console().sim().now() - first);
    assert!(s.console().sim().now() - first >= 60_000, "the views' last minute of events is there again");
    assert!(s.console().sim().now() <= end - 20 * 60_000);
    s.scrub_to(end);
    assert_eq!(s.console().sim().state_hash(), end_hash, "scrubbing back 20 minutes and forward again");
    s.scrub_to(end - 20 * 60_000);
    assert_eq!(s.console().sim().state_hash(), back, "the same point twice");
    assert!(LIVE.load(Ordering::Relaxed) < BOUND, "after time travel: {:.1} MiB", mib(LIVE.load(Ordering::Relaxed)));
}
