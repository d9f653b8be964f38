//! Which records of a log belong to transactions, where the commit and abort markers
//! are, and the aborted-transactions index a read_committed fetch uses.
//!
//! Models `TransactionIndex` and `AbortedTxn`
//! (storage/src/main/java/org/apache/kafka/storage/internals/log/, Kafka 4.3 as read for
//! issue 18): one entry per aborted transaction with its producer id, first offset, last
//! offset (the abort marker's) and the last stable offset when it was aborted;
//! `collectAbortedTxns(fetchOffset, upperBoundOffset)` returns the entries overlapping a
//! fetch. Kafka keeps the producer id and the transactional flag in each record batch's
//! header and the control flag in its attributes; Kafkascope keeps them beside the
//! segments in [`TxnIndex`] (one range per transactional batch run, one entry per marker),
//! which gives the same answers.

use crate::engine::map::Map;

/// `AbortedTxn`: what the fetch response's `AbortedTransactions` carries.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
pub struct AbortedTxn {
    pub producer_id: i64,
    pub first_offset: i64,
    pub last_offset: i64,
    pub last_stable_offset: i64,
}

/// A run of consecutive offsets written by one transactional producer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct TxnRun {
    pub first: i64,
    pub last: i64,
    pub producer_id: i64,
    pub epoch: i16,
}

/// A control record (`EndTransactionMarker`): which producer's transaction it ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
pub struct Marker {
    pub producer_id: i64,
    pub epoch: i16,
    pub commit: bool,
}

/// What a record is, as far as transactions go.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, serde::Serialize)]
pub enum RecordKind {
    /// a plain record (no transaction)
    #[default]
    Plain,
    /// a record of a transaction (committed, aborted or still open)
    Transactional { producer_id: i64, epoch: i16 },
    /// a commit (`commit: true`) or abort marker
    Control { producer_id: i64, epoch: i16, commit: bool },
}

/// Where a record stands for a reader (the stage colours cells by it).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
pub enum TxnStatus {
    Plain,
    /// its transaction has no marker yet
    Open,
    Committed,
    Aborted,
    CommitMarker,
    AbortMarker,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct TxnIndex {
    runs: Vec<TxnRun>,
    markers: Map<i64, Marker>,
    aborted: Vec<AbortedTxn>,
}

impl TxnIndex {
    /// An index with nothing in it (what a log without transactions answers with).
    pub const EMPTY: TxnIndex = TxnIndex { runs: Vec::new(), markers: Map::new(), aborted: Vec::new() };

    /// Nothing transactional was ever written (the fast path of every read).
    pub fn is_empty(&self) -> bool {
        self.runs.is_empty() && self.markers.is_empty()
    }

    pub fn aborted(&self) -> &[AbortedTxn] {
        &self.aborted
    }

    pub fn markers(&self) -> impl Iterator<Item = (i64, &Marker)> + '_ {
        self.markers.iter().map(|(o, m)| (*o, m))
    }

    pub fn is_control(&self, offset: i64) -> bool {
        !self.markers.is_empty() && self.markers.contains_key(&offset)
    }

    pub fn add_run(&mut self, first: i64, last: i64, producer_id: i64, epoch: i16) {
        if let Some(r) = self.runs.last_mut() {
            if r.producer_id == producer_id && r.epoch == epoch && r.last + 1 == first {
                r.last = last;
                return;
            }
        }
        self.runs.push(TxnRun { first, last, producer_id, epoch });
    }

    pub fn add_marker(&mut self, offset: i64, marker: Marker) {
        self.markers.insert(offset, marker);
    }

    pub fn add_aborted(&mut self, a: AbortedTxn) {
        self.aborted.push(a);
    }

    /// The transactional run holding `offset`, if any.
    fn run_of(&self, offset: i64) -> Option<&TxnRun> {
        let i = self.runs.partition_point(|r| r.last < offset);
        self.runs.get(i).filter(|r| r.first <= offset)
    }

    pub fn kind(&self, offset: i64) -> RecordKind {
        if self.is_empty() {
            return RecordKind::Plain;
        }
        if let Some(m) = self.markers.get(&offset) {
            return RecordKind::Control { producer_id: m.producer_id, epoch: m.epoch, commit: m.commit };
        }
        match self.run_of(offset) {
            Some(r) => RecordKind::Transactional { producer_id: r.producer_id, epoch: r.epoch },
            None => RecordKind::Plain,
        }
    }

    /// The record at `offset` belongs to an aborted transaction: an aborted entry of its
    /// producer spans it (what the consumer's `FetchCollector` skips, using the fetch's
    /// aborted transactions).
    pub fn is_aborted(&self, offset: i64) -> bool {
        if self.aborted.is_empty() {
            return false;
        }
        match self.run_of(offset) {
            Some(r) => self.aborted.iter().any(|a| a.producer_id == r.producer_id && a.first_offset <= offset && offset <= a.last_offset),
            None => false,
        }
    }

    pub fn status(&self, offset: i64) -> TxnStatus {
        match self.kind(offset) {
            RecordKind::Plain => TxnStatus::Plain,
            RecordKind::Control { commit: true, .. } => TxnStatus::CommitMarker,
            RecordKind::Control { commit: false, .. } => TxnStatus::AbortMarker,
            RecordKind::Transactional { producer_id, .. } => {
                if self.is_aborted(offset) {
                    return TxnStatus::Aborted;
                }
                let decided = self.markers.range(offset..).any(|(_, m)| m.producer_id == producer_id);
                if decided {
                    TxnStatus::Committed
                } else {
                    TxnStatus::Open
                }
            }
        }
    }

    /// `TransactionIndex.collectAbortedTxns`: the aborted transactions overlapping
    /// `[from, upto)`.
    pub fn collect_aborted(&self, from: i64, upto: i64) -> Vec<AbortedTxn> {
        self.aborted.iter().filter(|a| a.last_offset >= from && a.first_offset < upto).copied().collect()
    }

    /// Drops everything at or above `offset` (truncation).
    pub fn truncate_to(&mut self, offset: i64) {
        self.runs.retain(|r| r.first < offset);
        if let Some(r) = self.runs.last_mut() {
            r.last = r.last.min(offset - 1);
        }
        self.markers.retain(|o, _| *o < offset);
        self.aborted.retain(|a| a.last_offset < offset);
    }

    /// Drops everything below the log start offset (retention).
    pub fn trim_below(&mut self, offset: i64) {
        self.runs.retain(|r| r.last >= offset);
        self.markers.retain(|o, _| *o >= offset);
        self.aborted.retain(|a| a.last_offset >= offset);
    }

    /// The producers whose last run has no marker after it: their transactions are open
    /// (what a replica rebuilds its producer state from after truncation).
    pub fn open_after_truncation(&self) -> Vec<(i64, i16, i64)> {
        let mut firsts: Map<i64, (i16, i64)> = Map::new();
        let mut events: Vec<(i64, i64, i16, bool)> = self.runs.iter().map(|r| (r.first, r.producer_id, r.epoch, false)).collect();
        events.extend(self.markers.iter().map(|(o, m)| (*o, m.producer_id, m.epoch, true)));
        crate::engine::sorting::sort(&mut events);
        for (o, pid, epoch, marker) in events {
            if marker {
                firsts.remove(&pid);
            } else if !firsts.contains_key(&pid) {
                firsts.insert(pid, (epoch, o));
            }
        }
        firsts.into_iter().map(|(pid, (epoch, first))| (pid, epoch, first)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aborted_records_and_markers_are_told_apart() {
        let mut t = TxnIndex::default();
        t.add_run(0, 1, 5, 0);
        t.add_run(2, 2, 6, 0);
        t.add_marker(3, Marker { producer_id: 5, epoch: 1, commit: false });
        t.add_aborted(AbortedTxn { producer_id: 5, first_offset: 0, last_offset: 3, last_stable_offset: 2 });
        assert!(t.is_aborted(0) && t.is_aborted(1));
        assert!(!t.is_aborted(2));
        assert_eq!(t.status(2), TxnStatus::Open);
        assert_eq!(t.status(3), TxnStatus::AbortMarker);
        assert_eq!(t.collect_aborted(2, 10).len(), 1);
        assert_eq!(t.collect_aborted(4, 10).len(), 0);
        assert_eq!(t.open_after_truncation(), vec![(6, 0, 2)]);
    }
}
