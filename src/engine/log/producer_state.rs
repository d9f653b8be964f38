//! A partition's transactional producer state: per producer id its epoch, its last
//! write, and the first offset of its open transaction, from which the log's first
//! unstable offset (and so the last stable offset) follows.
//!
//! Models `ProducerStateManager`, `ProducerStateEntry` and `ProducerAppendInfo`
//! (storage/src/main/java/org/apache/kafka/storage/internals/log/, Kafka 4.3 as read for
//! issue 18): a batch with an epoch older than the producer's current one is refused with
//! `INVALID_PRODUCER_EPOCH` (`checkProducerEpoch`); a transactional batch opens a
//! transaction at its first offset (`currentTxnFirstOffset`); a commit or abort marker
//! closes it (`appendEndTxnMarker`) and the transaction stays "unreplicated" until the high
//! watermark passes the marker (`completeTxn` / `onHighWatermarkUpdated`), so the first
//! unstable offset is the smallest first offset among open and unreplicated transactions
//! (`firstUnstableOffset`).
//!
//! Simplifications: sequence numbers are the producer's batch count and are not checked
//! here (the idempotent producer's duplicate check lives in `cluster::ProducerBatchRecord`);
//! there are no snapshot files; expiry by `producer.id.expiration.ms` is not modelled.

use crate::engine::map::Map;

/// What `kafka-transactions.sh describe-producers` shows for one producer id
/// (`DescribeProducersResponse.ProducerState`).
#[derive(Clone, Debug, PartialEq, Eq, Hash, serde::Serialize)]
pub struct ProducerStateEntry {
    pub producer_id: i64,
    pub epoch: i16,
    /// the last batch's last sequence number (the batch count here)
    pub last_sequence: i32,
    pub last_timestamp: i64,
    /// the coordinator epoch of the last marker (-1 before any)
    pub coordinator_epoch: i32,
    /// the first offset of the producer's open transaction, if one is open
    pub current_txn_first_offset: Option<i64>,
}

/// A transaction a marker closed: its first offset and the marker's offset.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct CompletedTxn {
    pub producer_id: i64,
    pub first_offset: i64,
    pub last_offset: i64,
    pub commit: bool,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct ProducerStateManager {
    producers: Map<i64, ProducerStateEntry>,
    /// completed transactions whose marker is not yet below the high watermark
    unreplicated: Vec<CompletedTxn>,
}

impl ProducerStateManager {
    /// No producer (what a log without transactions answers with).
    pub const EMPTY: ProducerStateManager = ProducerStateManager { producers: Map::new(), unreplicated: Vec::new() };

    pub fn is_empty(&self) -> bool {
        self.producers.is_empty()
    }

    pub fn producers(&self) -> impl Iterator<Item = &ProducerStateEntry> {
        self.producers.values()
    }

    pub fn get(&self, producer_id: i64) -> Option<&ProducerStateEntry> {
        self.producers.get(&producer_id)
    }

    /// `ProducerAppendInfo.checkProducerEpoch`: a data batch from an older epoch is fenced.
    pub fn check_epoch(&self, producer_id: i64, epoch: i16) -> Result<(), String> {
        match self.producers.get(&producer_id) {
            Some(e) if epoch < e.epoch => Err(format!(
                "Epoch of producer {producer_id} at offset in partition is {epoch}, which is smaller than the last seen epoch {}",
                e.epoch
            )),
            _ => Ok(()),
        }
    }

    /// A data batch appended at `[first, last]`.
    pub fn on_data(&mut self, producer_id: i64, epoch: i16, first: i64, _last: i64, timestamp: i64, transactional: bool) {
        let e = self.producers.entry(producer_id).or_insert(ProducerStateEntry {
            producer_id,
            epoch,
            last_sequence: -1,
            last_timestamp: timestamp,
            coordinator_epoch: -1,
            current_txn_first_offset: None,
        });
        if epoch > e.epoch {
            e.epoch = epoch;
            e.last_sequence = -1;
        }
        e.last_sequence += 1;
        e.last_timestamp = timestamp;
        if transactional && e.current_txn_first_offset.is_none() {
            e.current_txn_first_offset = Some(first);
        }
    }

    /// A control record (commit or abort marker) at `offset` (`appendEndTxnMarker`): the
    /// producer's open transaction, if any, is completed. The marker's epoch becomes the
    /// producer's (the coordinator bumps it under KIP-890's transaction version 2).
    pub fn on_marker(
        &mut self,
        producer_id: i64,
        epoch: i16,
        coordinator_epoch: i32,
        commit: bool,
        offset: i64,
        timestamp: i64,
    ) -> Option<CompletedTxn> {
        let e = self.producers.entry(producer_id).or_insert(ProducerStateEntry {
            producer_id,
            epoch,
            last_sequence: -1,
            last_timestamp: timestamp,
            coordinator_epoch,
            current_txn_first_offset: None,
        });
        e.epoch = e.epoch.max(epoch);
        e.coordinator_epoch = coordinator_epoch;
        e.last_timestamp = timestamp;
        let first = e.current_txn_first_offset.take()?;
        let done = CompletedTxn { producer_id, first_offset: first, last_offset: offset, commit };
        self.unreplicated.push(done);
        Some(done)
    }

    /// `ProducerStateManager.firstUnstableOffset`, with the high watermark already applied
    /// (`onHighWatermarkUpdated` drops completed transactions whose marker is below it).
    pub fn first_unstable_offset(&self, high_watermark: i64) -> Option<i64> {
        let open = self.producers.values().filter_map(|e| e.current_txn_first_offset);
        let unreplicated = self.unreplicated.iter().filter(|t| t.last_offset >= high_watermark).map(|t| t.first_offset);
        open.chain(unreplicated).min()
    }

    /// Forgets completed transactions whose marker is below the high watermark.
    pub fn on_high_watermark(&mut self, high_watermark: i64) {
        self.unreplicated.retain(|t| t.last_offset >= high_watermark);
    }

    /// The producers with an open transaction, and its first offset.
    pub fn open_transactions(&self) -> impl Iterator<Item = (i64, i64)> + '_ {
        self.producers.values().filter_map(|e| e.current_txn_first_offset.map(|f| (e.producer_id, f)))
    }

    /// After truncation to `offset`: the open transactions are those the log still shows
    /// open (`(producer id, epoch, first offset)`); completed ones past it are forgotten.
    pub fn reset_open(&mut self, open: &[(i64, i16, i64)], offset: i64) {
        for e in self.producers.values_mut() {
            e.current_txn_first_offset = None;
        }
        for &(pid, epoch, first) in open {
            self.on_data(pid, epoch, first, first, 0, true);
            if let Some(e) = self.producers.get_mut(&pid) {
                e.current_txn_first_offset = Some(first);
            }
        }
        self.unreplicated.retain(|t| t.last_offset < offset);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_open_transaction_holds_the_first_unstable_offset() {
        let mut s = ProducerStateManager::default();
        s.on_data(7, 0, 10, 12, 0, true);
        s.on_data(8, 0, 13, 13, 0, false);
        assert_eq!(s.first_unstable_offset(14), Some(10));
        assert!(s.check_epoch(7, 0).is_ok());
        let done = s.on_marker(7, 1, 0, true, 14, 0).expect("closes the transaction");
        assert_eq!((done.first_offset, done.last_offset), (10, 14));
        // the marker is not yet below the high watermark
        assert_eq!(s.first_unstable_offset(14), Some(10));
        assert_eq!(s.first_unstable_offset(15), None);
        assert!(s.check_epoch(7, 0).is_err(), "the bumped epoch fences the old one");
    }
}
