//! The event trace: every event a simulation emitted, of which a bounded window of the
//! newest is kept in memory.
//!
//! Positions are absolute: [`Trace::len`] counts every event since the start, and entry
//! `i` is the `i`-th event emitted (its `seq`). A simulation keeps all of its trace until
//! someone calls [`Trace::trim`] (the browser's [`crate::console::session::Session`] does,
//! between two ops); then the oldest entries are dropped and [`Trace::start`] says how
//! many. Reading before `start` finds nothing: indexing by a range clamps to the window,
//! so `let before = trace.len(); ...; &trace[before..]` always gives exactly the events
//! emitted since, as long as no trim happened in between (a session trims only between
//! ops, never inside one).
//!
//! Kafkascope simplification: the views (the stage, the rebalance timeline, the lag
//! chart) read only the last minutes of the trace, so a long session keeps the last
//! [`KEEP_MS`] of virtual time, at most [`KEEP_MAX`] events; older events are gone from
//! memory, while [`Trace::hash`] still covers every event of the run.

use std::hash::{Hash, Hasher};
use std::ops::{Index, RangeFrom};

use super::event::TraceEntry;
use super::stable_hash::StableHasher;

/// Virtual time a trimmed trace keeps: the views read at most the last minute (the lag
/// chart 60 s, the timeline 30 s, the stage 5 s); twice that lets a step back or a short
/// scrub still find what the views show.
pub const KEEP_MS: i64 = 120_000;
/// Most events a trimmed trace keeps, however busy the cluster (112 bytes each: 5.6 MB).
pub const KEEP_MAX: usize = 50_000;
/// Traces of at most this many events hash as they always did (FNV-1a of the whole
/// trace, its length first), so the cross-target golden hash and the checks of share
/// links made before traces were trimmed still hold; their entries are kept aside for it.
pub const HASH_HEAD: usize = 16_384;

/// The events of a simulation, by absolute position (see the module docs).
#[derive(Clone, Debug)]
pub struct Trace {
    /// the kept window: entries `start..start + entries.len()`
    entries: Vec<TraceEntry>,
    /// events dropped from the front
    start: usize,
    /// FNV-1a state over every event so far (each entry's `Hash`), for [`Trace::hash`]
    chain: u64,
    /// the first [`HASH_HEAD`] events, for the hash of a short trace
    head: Vec<TraceEntry>,
}

impl Default for Trace {
    fn default() -> Self {
        Trace { entries: Vec::new(), start: 0, chain: StableHasher::default().finish(), head: Vec::new() }
    }
}

/// Where a trace was: its length and hash state, enough to [`Trace::restore`] it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TraceMark {
    pub len: usize,
    chain: u64,
}

impl Trace {
    /// How many events were emitted since the start (kept or not).
    pub fn len(&self) -> usize {
        self.start + self.entries.len()
    }
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// Absolute position of the oldest kept event: how many were dropped.
    pub fn start(&self) -> usize {
        self.start
    }
    /// The kept events, oldest first.
    pub fn entries(&self) -> &[TraceEntry] {
        &self.entries
    }
    /// The kept events, oldest first.
    pub fn iter(&self) -> std::slice::Iter<'_, TraceEntry> {
        self.entries.iter()
    }
    /// The event at absolute position `i`, if it is kept.
    pub fn get(&self, i: usize) -> Option<&TraceEntry> {
        i.checked_sub(self.start).and_then(|i| self.entries.get(i))
    }
    pub fn first(&self) -> Option<&TraceEntry> {
        self.entries.first()
    }
    pub fn last(&self) -> Option<&TraceEntry> {
        self.entries.last()
    }
    /// The kept events from absolute position `from` on (all kept ones if `from` was
    /// dropped, none if it lies beyond the end).
    pub fn since(&self, from: usize) -> &[TraceEntry] {
        let i = from.saturating_sub(self.start).min(self.entries.len());
        &self.entries[i..]
    }
    /// The absolute position of the first kept event for which `pred` is false (the kept
    /// events must be partitioned by it, as for [`slice::partition_point`]).
    pub fn partition_point(&self, pred: impl FnMut(&TraceEntry) -> bool) -> usize {
        self.start + self.entries.partition_point(pred)
    }

    pub(crate) fn push(&mut self, entry: TraceEntry) {
        let mut h = StableHasher::with_state(self.chain);
        entry.hash(&mut h);
        self.chain = h.finish();
        if self.len() < HASH_HEAD {
            self.head.push(entry.clone());
        }
        self.entries.push(entry);
    }

    /// A hash of every event so far, equal on every target for equal histories. Up to
    /// [`HASH_HEAD`] events it is FNV-1a of the whole trace as a slice (its length, then
    /// each entry), as it always was; beyond, FNV-1a of each entry in turn, then the length.
    pub fn hash(&self) -> u64 {
        if self.len() <= HASH_HEAD {
            let mut h = StableHasher::default();
            self.head.hash(&mut h);
            return h.finish();
        }
        let mut h = StableHasher::with_state(self.chain);
        h.write_usize(self.len());
        h.finish()
    }

    /// Where the trace is now.
    pub fn mark(&self) -> TraceMark {
        TraceMark { len: self.len(), chain: self.chain }
    }

    /// Goes back to `mark`, taken earlier from this trace's own history: later events are
    /// dropped. Events kept before the mark stay; if the mark lies before the window, the
    /// window starts empty there.
    pub fn restore(&mut self, mark: TraceMark) {
        if mark.len >= self.start {
            self.entries.truncate(mark.len - self.start);
        } else {
            self.entries.clear();
            self.start = mark.len;
        }
        self.head.truncate(mark.len);
        self.chain = mark.chain;
    }

    /// Drops the events older than `keep_ms` before `now`, and the oldest beyond
    /// `keep_max`. Trims in bulk (only once a quarter more than asked is held), so the
    /// cost per event stays constant.
    pub fn trim(&mut self, now: i64, keep_ms: i64, keep_max: usize) {
        let old = now.saturating_sub(keep_ms);
        let slack = old.saturating_sub(keep_ms / 4);
        let too_old = self.entries.first().is_some_and(|e| e.time < slack);
        let too_many = self.entries.len() > keep_max.saturating_add(keep_max / 4);
        if !too_old && !too_many {
            return;
        }
        let by_time = self.entries.partition_point(|e| e.time < old);
        let by_count = self.entries.len().saturating_sub(keep_max);
        let drop = by_time.max(by_count);
        self.entries.drain(..drop);
        self.start += drop;
    }
}

impl Index<usize> for Trace {
    type Output = TraceEntry;
    /// The event at absolute position `i`; panics if it was dropped or is not there yet.
    fn index(&self, i: usize) -> &TraceEntry {
        self.get(i).unwrap_or_else(|| panic!("trace entry {i} is not kept (kept: {}..{})", self.start, self.len()))
    }
}

impl Index<RangeFrom<usize>> for Trace {
    type Output = [TraceEntry];
    /// The kept events from absolute position `r.start` on ([`Trace::since`]).
    fn index(&self, r: RangeFrom<usize>) -> &[TraceEntry] {
        self.since(r.start)
    }
}

impl<'a> IntoIterator for &'a Trace {
    type Item = &'a TraceEntry;
    type IntoIter = std::slice::Iter<'a, TraceEntry>;
    fn into_iter(self) -> Self::IntoIter {
        self.entries.iter()
    }
}
