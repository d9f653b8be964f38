//! The partition log: segments, append, read, retention and compaction.
//!
//! Models `kafka.log.UnifiedLog` and `LocalLog` (core/src/main/scala/kafka/log/), the
//! retention passes of `UnifiedLog.deleteOldSegments` and the log cleaner
//! (`LogCleaner.scala`, `LogCleanerManager.scala`). Sealed segments are shared behind
//! `Rc`, so cloning a log for a snapshot copies only the segment list.
//!
//! Simplifications, each visible in the UI glossary:
//! * no files, no indexes: a segment rolls on `segment.bytes` and `segment.ms`, never
//!   because an index is full; `segment.jitter.ms` is not modelled;
//! * the cleaner does not merge small cleaned segments into larger ones;
//! * transactions (issue 18): the producer id, epoch and transactional flag Kafka keeps
//!   in each batch header live beside the segments ([`txn_index::TxnIndex`], with the
//!   aborted-transactions index) and in [`producer_state::ProducerStateManager`]; the
//!   cleaner keeps markers and aborted records (Kafka removes them once safe).

pub mod producer_state;
pub mod record;
pub mod segment;
pub mod txn_index;

use crate::engine::map::Map;
use std::rc::Rc;

use super::config::TopicConfig;
use super::error::{ErrorCode, KafkaError, KafkaResult};
use producer_state::ProducerStateManager;
use record::{encode_headers, record_size, NewRecord, OwnedRecord, RecordRef, RECORD_BATCH_OVERHEAD};
pub use segment::Segment;
use txn_index::{AbortedTxn, Marker, RecordKind, TxnIndex, TxnStatus};

/// Who wrote a batch, as Kafka's batch header says (`producerId`, `producerEpoch`,
/// `isTransactional`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct BatchProducer {
    pub producer_id: i64,
    pub epoch: i16,
    pub transactional: bool,
}

/// Why a segment was deleted, as Kafka's log lines name it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
pub enum DeletionReason {
    /// `retention.ms` breached (judged by the segment's largest timestamp)
    RetentionTime,
    /// `retention.bytes` breached
    RetentionSize,
    /// the log start offset moved past the segment (e.g. DeleteRecords)
    LogStartOffset,
}

/// A segment removed by retention.
#[derive(Clone, Debug, PartialEq, Eq, Hash, serde::Serialize)]
pub struct DeletedSegment {
    pub base_offset: i64,
    pub next_offset: i64,
    pub size: u64,
    pub largest_timestamp: i64,
    pub reason: DeletionReason,
}

/// What one append did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AppendInfo {
    pub first_offset: i64,
    pub last_offset: i64,
    pub max_timestamp: i64,
    pub batch_size: u64,
    /// base offset of the segment rolled before this append, if one was
    pub rolled: Option<i64>,
}

/// What one cleaning pass did.
#[derive(Clone, Debug, PartialEq, Eq, Hash, serde::Serialize)]
pub struct CleanInfo {
    pub from_offset: i64,
    pub to_offset: i64,
    pub records_before: usize,
    pub records_after: usize,
    pub tombstones_removed: usize,
    pub bytes_before: u64,
    pub bytes_after: u64,
}

/// The cleaner's view of one log (`OffsetsToClean` and `LogToClean`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cleanable {
    /// The cleaner's checkpoint, or the log start offset if that is later.
    pub first_dirty_offset: i64,
    /// Base offset of the first segment the cleaner may not touch.
    pub first_uncleanable_offset: i64,
    /// Bytes of the segments below the first dirty offset.
    pub clean_bytes: u64,
    /// Bytes of the segments from the first dirty to the first uncleanable offset.
    pub cleanable_bytes: u64,
    /// How long past `max.compaction.lag.ms` the oldest dirty segment is (0: not yet).
    pub compaction_delay_ms: i64,
}

impl Cleanable {
    /// `LogToClean.cleanableRatio`: cleanable bytes over clean plus cleanable bytes.
    pub fn ratio(&self) -> f64 {
        let total = self.clean_bytes + self.cleanable_bytes;
        if total == 0 {
            0.0
        } else {
            self.cleanable_bytes as f64 / total as f64
        }
    }

    /// `grabFilthiestCompactedLog`'s filter: a non-empty log whose dirty ratio passes
    /// `min.cleanable.dirty.ratio`, or that `max.compaction.lag.ms` says must be
    /// compacted now and has something to clean.
    pub fn should_clean(&self, cfg: &TopicConfig) -> bool {
        self.clean_bytes + self.cleanable_bytes > 0
            && ((self.compaction_delay_ms > 0 && self.cleanable_bytes > 0) || self.ratio() > cfg.min_cleanable_dirty_ratio)
    }
}

/// A record copied to a follower, with the size it had in the leader's log.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ReplicatedRecord {
    pub record: OwnedRecord,
    pub size: u32,
    /// transactional data, a control record, or neither (the batch header's flags)
    pub kind: RecordKind,
}

#[derive(Clone, Debug, Hash)]
pub struct Log {
    segments: Vec<Rc<Segment>>,
    log_start_offset: i64,
    log_end_offset: i64,
    /// The cleaner's checkpoint: the first offset not yet cleaned.
    first_dirty_offset: i64,
    /// Tombstone offset → time after which the cleaner may drop it (KIP-534's delete horizon).
    tombstone_horizons: Map<i64, i64>,
    /// transactional runs, markers, the aborted-transactions index and the producer state;
    /// boxed, and absent until a transactional batch or a marker arrives (every snapshot
    /// copies every log's fields)
    txn: Option<Box<LogTxn>>,
}

/// A log's transactional side (issue 18).
#[derive(Clone, Debug, Default, Hash)]
struct LogTxn {
    index: TxnIndex,
    /// per producer id: epoch and open transaction (`ProducerStateManager`)
    producers: ProducerStateManager,
}

static NO_INDEX: TxnIndex = TxnIndex::EMPTY;
static NO_PRODUCERS: ProducerStateManager = ProducerStateManager::EMPTY;

impl Log {
    pub fn new(now: i64) -> Self {
        Log {
            segments: vec![Rc::new(Segment::new(0, now))],
            log_start_offset: 0,
            log_end_offset: 0,
            first_dirty_offset: 0,
            tombstone_horizons: Map::new(),
            txn: None,
        }
    }

    /// An empty log that starts at `offset` (`UnifiedLog.truncateFullyAndStartAt`).
    pub fn new_at(offset: i64, now: i64) -> Self {
        Log {
            segments: vec![Rc::new(Segment::new(offset, now))],
            log_start_offset: offset,
            log_end_offset: offset,
            first_dirty_offset: offset,
            tombstone_horizons: Map::new(),
            txn: None,
        }
    }

    pub fn log_start_offset(&self) -> i64 {
        self.log_start_offset
    }
    /// LEO: the offset the next record will get.
    pub fn log_end_offset(&self) -> i64 {
        self.log_end_offset
    }
    pub fn segments(&self) -> &[Rc<Segment>] {
        &self.segments
    }
    /// Bytes in all segments, as `UnifiedLog.size`.
    pub fn size(&self) -> u64 {
        self.segments.iter().map(|s| s.size).sum()
    }
    /// Heap bytes held by the segments (index entries and byte arenas).
    pub fn heap_bytes(&self) -> usize {
        self.segments.iter().map(|s| s.heap_bytes()).sum()
    }

    /// Key and value bytes held.
    pub fn payload_bytes(&self) -> usize {
        self.segments.iter().map(|s| s.payload_bytes()).sum()
    }

    pub fn record_count(&self) -> usize {
        self.segments.iter().map(|s| s.record_count()).sum()
    }
    pub fn first_dirty_offset(&self) -> i64 {
        self.first_dirty_offset.max(self.log_start_offset)
    }

    fn active(&mut self) -> &mut Segment {
        Rc::make_mut(self.segments.last_mut().expect("a log always has an active segment"))
    }

    fn active_ref(&self) -> &Segment {
        self.segments.last().expect("a log always has an active segment")
    }

    /// Rolls a new empty active segment at the LEO (`UnifiedLog.roll`). An empty active
    /// segment is reused rather than rolled.
    pub fn roll(&mut self, now: i64) -> Option<i64> {
        if self.active_ref().is_empty() {
            return None;
        }
        self.active().shrink();
        self.segments.push(Rc::new(Segment::new(self.log_end_offset, now)));
        Some(self.log_end_offset)
    }

    /// Appends one producer batch as the leader does: assigns offsets from the LEO,
    /// stamps missing CreateTimes with `now`, rolls first when `segment.bytes` or
    /// `segment.ms` says so (`LogSegment.shouldRoll`).
    pub fn append_batch(&mut self, records: &[NewRecord], now: i64, cfg: &TopicConfig) -> KafkaResult<AppendInfo> {
        if records.is_empty() {
            return Err(KafkaError::new(ErrorCode::InvalidRequest, "Produce request contained an empty record batch."));
        }
        // message.timestamp.type=LogAppendTime: the broker's append time replaces the
        // producer's timestamp (`LogValidator`)
        let ts_of = |r: &NewRecord| if cfg.log_append_time { now } else { r.timestamp.unwrap_or(now) };
        let base_ts = ts_of(&records[0]);
        let mut sizes = Vec::with_capacity(records.len());
        let mut batch_size = RECORD_BATCH_OVERHEAD;
        let mut max_ts = i64::MIN;
        for (i, r) in records.iter().enumerate() {
            let ts = ts_of(r);
            max_ts = max_ts.max(ts);
            let s = record_size(i as i32, ts - base_ts, r.key.as_ref().map(Vec::len), r.value.as_ref().map(Vec::len), &r.headers);
            batch_size += s;
            sizes.push(s);
        }
        if batch_size > cfg.max_message_bytes as u64 {
            return Err(KafkaError::new(
                ErrorCode::MessageTooLarge,
                format!(
                    "The request included a message larger than the max message size the server will accept: the batch is {batch_size} bytes, max.message.bytes is {}.",
                    cfg.max_message_bytes
                ),
            ));
        }
        if batch_size > cfg.segment_bytes as u64 {
            return Err(KafkaError::new(
                ErrorCode::RecordListTooLarge,
                format!(
                    "Message batch size is {batch_size} bytes in append to a partition which exceeds the maximum configured segment size of {}.",
                    cfg.segment_bytes
                ),
            ));
        }
        // `LogValidator.validateTimestamp` (Kafka 4.x): a producer's CreateTime more than
        // message.timestamp.before.max.ms in the past or message.timestamp.after.max.ms
        // (one hour since 4.0) in the future rejects the batch (`processRecordErrors`)
        if !cfg.log_append_time
            && records.iter().filter_map(|r| r.timestamp).any(|ts| {
                let diff = now.saturating_sub(ts);
                diff > cfg.message_timestamp_before_max_ms || diff.saturating_neg() > cfg.message_timestamp_after_max_ms
            })
        {
            return Err(KafkaError::new(ErrorCode::InvalidTimestamp, "One or more records have been rejected due to invalid timestamp"));
        }
        if cfg.cleanup_policy.compact && records.iter().any(|r| r.key.is_none()) {
            return Err(KafkaError::new(ErrorCode::InvalidRecord, "Compacted topic cannot accept message without key."));
        }
        let rolled = self.maybe_roll(batch_size, max_ts, now, cfg);
        let first_offset = self.log_end_offset;
        let mut header_buf = Vec::new();
        let seg_first_batch = self.active_ref().rolling_based_timestamp.is_none();
        let active = self.active();
        if seg_first_batch {
            active.rolling_based_timestamp = Some(max_ts);
        }
        for (i, r) in records.iter().enumerate() {
            header_buf.clear();
            encode_headers(&r.headers, &mut header_buf);
            let size = sizes[i] + if i == 0 { RECORD_BATCH_OVERHEAD } else { 0 };
            active.push(first_offset + i as i64, ts_of(r), r.key.as_deref(), r.value.as_deref(), &header_buf, size as u32);
        }
        self.log_end_offset = first_offset + records.len() as i64;
        Ok(AppendInfo { first_offset, last_offset: self.log_end_offset - 1, max_timestamp: max_ts, batch_size, rolled })
    }

    fn maybe_roll(&mut self, incoming: u64, max_ts: i64, now: i64, cfg: &TopicConfig) -> Option<i64> {
        let seg = self.active_ref();
        let by_size = seg.size > (cfg.segment_bytes as u64).saturating_sub(incoming);
        let by_time = seg.size > 0 && seg.time_waited_for_roll(now, max_ts) > cfg.max_segment_ms();
        if by_size || by_time {
            self.roll(now)
        } else {
            None
        }
    }

    /// Appends records fetched from the leader, keeping their offsets, timestamps and sizes.
    pub fn append_replicated(&mut self, records: &[ReplicatedRecord], now: i64, cfg: &TopicConfig) {
        let mut header_buf = Vec::new();
        for r in records {
            if r.record.offset < self.log_end_offset {
                continue;
            }
            let rolled = self.maybe_roll(r.size as u64, r.record.timestamp, now, cfg);
            if rolled.is_none() && self.active_ref().is_empty() && self.active_ref().base_offset != r.record.offset {
                // an empty active segment starts where the first record lands
                *self.active() = Segment::new(r.record.offset, now);
            } else if rolled.is_some() {
                *self.active() = Segment::new(r.record.offset, now);
            }
            header_buf.clear();
            encode_headers(&r.record.headers, &mut header_buf);
            let active = self.active();
            if active.rolling_based_timestamp.is_none() {
                active.rolling_based_timestamp = Some(r.record.timestamp);
            }
            active.push(r.record.offset, r.record.timestamp, r.record.key.as_deref(), r.record.value.as_deref(), &header_buf, r.size);
            self.log_end_offset = r.record.offset + 1;
            let (o, ts) = (r.record.offset, r.record.timestamp);
            match r.kind {
                RecordKind::Plain => {}
                RecordKind::Transactional { producer_id, epoch } => {
                    self.tm().index.add_run(o, o, producer_id, epoch);
                    self.tm().producers.on_data(producer_id, epoch, o, o, ts, true);
                }
                RecordKind::Control { producer_id, epoch, commit } => {
                    let coordinator_epoch = r.record.value.as_deref().map_or(0, control_coordinator_epoch);
                    self.note_marker(o, producer_id, epoch, coordinator_epoch, commit, ts, i64::MIN);
                }
            }
        }
    }

    /// Copies up to `max_bytes` (at least one record) from `offset` up to `max_offset`,
    /// as the leader answers a follower's fetch.
    pub fn read_replicated(&self, offset: i64, max_offset: i64, max_bytes: u64) -> Vec<ReplicatedRecord> {
        let mut out = Vec::new();
        let mut bytes = 0u64;
        for (seg, i) in self.positions_from(offset) {
            let r = seg.record(i);
            if r.offset >= max_offset || (bytes > 0 && bytes + seg.entry(i).size as u64 > max_bytes) {
                break;
            }
            bytes += seg.entry(i).size as u64;
            out.push(ReplicatedRecord { record: r.to_owned_record(), size: seg.entry(i).size, kind: self.ti().kind(r.offset) });
        }
        out
    }

    fn positions_from(&self, offset: i64) -> impl Iterator<Item = (&Segment, usize)> + '_ {
        let first_seg = self.segments.partition_point(|s| s.next_offset() <= offset);
        self.segments[first_seg.min(self.segments.len())..].iter().enumerate().flat_map(move |(n, seg)| {
            let start = if n == 0 { seg.position_of(offset) } else { 0 };
            (start..seg.record_count()).map(move |i| (&**seg, i))
        })
    }

    /// Checks a fetch position as `UnifiedLog.read` does: below the log start offset or
    /// above the LEO is `OFFSET_OUT_OF_RANGE`; anything in `[HW, LEO]` reads empty.
    pub fn check_fetch_offset(&self, offset: i64) -> KafkaResult<()> {
        if offset < self.log_start_offset || offset > self.log_end_offset {
            return Err(KafkaError::new(
                ErrorCode::OffsetOutOfRange,
                format!(
                    "Received request for offset {offset} for partition, but we only have log segments in the range {} to {}.",
                    self.log_start_offset, self.log_end_offset
                ),
            ));
        }
        Ok(())
    }

    /// Records from `offset` (inclusive) below `max_offset` (the high watermark for
    /// consumers), in offset order.
    /// Control records (transaction markers) are never returned: Kafka's consumer skips
    /// control batches (`CompletedFetch.nextFetchedRecord`), so no client sees them.
    pub fn read(&self, offset: i64, max_offset: i64) -> impl Iterator<Item = RecordRef<'_>> + '_ {
        let txn = self.ti();
        self.positions_from(offset)
            .map(|(seg, i)| seg.record(i))
            .take_while(move |r| r.offset < max_offset)
            .filter(move |r| !txn.is_control(r.offset))
    }

    /// Every record, control records included (what the log strips draw as cells).
    pub fn read_all(&self, offset: i64, max_offset: i64) -> impl Iterator<Item = RecordRef<'_>> + '_ {
        self.positions_from(offset).map(|(seg, i)| seg.record(i)).take_while(move |r| r.offset < max_offset)
    }

    /// A read_committed fetch's records: below `max_offset` (the last stable offset),
    /// without control records and without the records of aborted transactions (the
    /// consumer drops those using the fetch's aborted transactions, `FetchCollector`).
    pub fn read_committed(&self, offset: i64, max_offset: i64) -> impl Iterator<Item = RecordRef<'_>> + '_ {
        let txn = self.ti();
        self.read(offset, max_offset).filter(move |r| !txn.is_aborted(r.offset))
    }

    fn ti(&self) -> &TxnIndex {
        self.txn.as_deref().map_or(&NO_INDEX, |t| &t.index)
    }

    fn ps(&self) -> &ProducerStateManager {
        self.txn.as_deref().map_or(&NO_PRODUCERS, |t| &t.producers)
    }

    fn tm(&mut self) -> &mut LogTxn {
        self.txn.get_or_insert_with(Default::default)
    }

    /// The transaction index (runs, markers, aborted transactions).
    pub fn txn_index(&self) -> &TxnIndex {
        self.ti()
    }

    /// The producer state (`kafka-transactions.sh describe-producers`).
    pub fn producer_state(&self) -> &ProducerStateManager {
        self.ps()
    }

    /// Where the record at `offset` stands in its transaction, if in one.
    pub fn txn_status(&self, offset: i64) -> TxnStatus {
        self.ti().status(offset)
    }

    /// `UnifiedLog.lastStableOffset`: the first unstable offset (the first offset of the
    /// oldest open transaction, or of a completed one whose marker is not yet replicated),
    /// at most the high watermark.
    pub fn last_stable_offset(&self, high_watermark: i64) -> i64 {
        self.ps().first_unstable_offset(high_watermark).map_or(high_watermark, |f| f.min(high_watermark))
    }

    /// `UnifiedLog.appendAsLeader` for a batch with a producer id: the epoch check
    /// (`INVALID_PRODUCER_EPOCH` for a fenced epoch), the append, and the producer state.
    pub fn append_producer_batch(
        &mut self,
        records: &[NewRecord],
        now: i64,
        cfg: &TopicConfig,
        p: BatchProducer,
    ) -> KafkaResult<AppendInfo> {
        self.ps().check_epoch(p.producer_id, p.epoch).map_err(|m| KafkaError::new(ErrorCode::InvalidProducerEpoch, m))?;
        let info = self.append_batch(records, now, cfg)?;
        if p.transactional {
            self.tm().index.add_run(info.first_offset, info.last_offset, p.producer_id, p.epoch);
        }
        self.tm().producers.on_data(p.producer_id, p.epoch, info.first_offset, info.last_offset, info.max_timestamp, p.transactional);
        Ok(info)
    }

    /// Appends a transaction marker (a control batch of one record, `WriteTxnMarkers` →
    /// `UnifiedLog.appendAsLeader` with `AppendOrigin.COORDINATOR`): key = version 0 and
    /// type (0 abort, 1 commit), value = version 0 and the coordinator epoch. It takes an
    /// offset like any record. An abort adds the transaction to the aborted index.
    #[allow(clippy::too_many_arguments)]
    pub fn append_marker(
        &mut self,
        producer_id: i64,
        epoch: i16,
        coordinator_epoch: i32,
        commit: bool,
        now: i64,
        cfg: &TopicConfig,
        high_watermark: i64,
    ) -> KafkaResult<AppendInfo> {
        let mut value = vec![0u8, 0];
        value.extend_from_slice(&coordinator_epoch.to_be_bytes());
        let record = NewRecord { key: Some(vec![0, 0, 0, commit as u8]), value: Some(value), headers: Vec::new(), timestamp: Some(now) };
        let mut cfg = cfg.clone();
        cfg.log_append_time = true;
        let info = self.append_batch(&[record], now, &cfg)?;
        self.note_marker(info.first_offset, producer_id, epoch, coordinator_epoch, commit, now, high_watermark);
        Ok(info)
    }

    #[allow(clippy::too_many_arguments)]
    fn note_marker(&mut self, offset: i64, producer_id: i64, epoch: i16, coordinator_epoch: i32, commit: bool, ts: i64, hw: i64) {
        self.tm().index.add_marker(offset, Marker { producer_id, epoch, commit });
        if hw != i64::MIN {
            self.tm().producers.on_high_watermark(hw);
        }
        if let Some(done) = self.tm().producers.on_marker(producer_id, epoch, coordinator_epoch, commit, offset, ts) {
            if !commit {
                // `ProducerStateManager.lastStableOffset(completedTxn)`: the first offset of
                // another open transaction, else the offset after the marker
                let lso = self.ps().open_transactions().map(|(_, f)| f).min().unwrap_or(offset + 1);
                self.tm().index.add_aborted(AbortedTxn {
                    producer_id,
                    first_offset: done.first_offset,
                    last_offset: offset,
                    last_stable_offset: lso,
                });
            }
        }
    }

    /// First offset whose timestamp is ≥ `ts` (ListOffsets by time), or `None`.
    pub fn offset_for_timestamp(&self, ts: i64) -> Option<i64> {
        self.read(self.log_start_offset, self.log_end_offset).find(|r| r.timestamp >= ts).map(|r| r.offset)
    }

    /// Removes every record at or above `offset` (a follower truncating to the leader).
    pub fn truncate_to(&mut self, offset: i64) {
        if offset >= self.log_end_offset {
            return;
        }
        let offset = offset.max(self.log_start_offset);
        while self.segments.len() > 1 && self.segments.last().is_some_and(|s| s.base_offset >= offset) {
            self.segments.pop();
        }
        let active = self.active();
        if active.base_offset >= offset {
            *active = Segment::new(offset, active.created_ms);
        } else {
            active.truncate_to(offset);
        }
        self.log_end_offset = offset;
        self.first_dirty_offset = self.first_dirty_offset.min(offset);
        self.tombstone_horizons.retain(|o, _| *o < offset);
        if let Some(t) = self.txn.as_deref_mut() {
            // `UnifiedLog.truncateTo` reloads the producer state from the log
            t.index.truncate_to(offset);
            let open = t.index.open_after_truncation();
            t.producers.reset_open(&open, offset);
        }
    }

    /// Raises the log start offset (DeleteRecords, or a follower following its leader).
    pub fn maybe_increment_log_start_offset(&mut self, offset: i64, high_watermark: i64) -> KafkaResult<bool> {
        if offset > high_watermark {
            return Err(KafkaError::new(
                ErrorCode::OffsetOutOfRange,
                format!("Cannot increment the log start offset to {offset} of partition since it is larger than the high watermark {high_watermark}"),
            ));
        }
        if offset > self.log_start_offset {
            self.log_start_offset = offset;
            return Ok(true);
        }
        Ok(false)
    }

    /// One run of `UnifiedLog.deleteOldSegments`: start-offset breach, then
    /// `retention.bytes`, then `retention.ms` (the latter two only when the cleanup
    /// policy includes `delete`). Deletion is always a prefix of whole segments whose
    /// records are all below the high watermark; if every segment goes, the log rolls
    /// first and the log start offset jumps to the LEO.
    pub fn delete_old_segments(&mut self, now: i64, high_watermark: i64, cfg: &TopicConfig) -> Vec<DeletedSegment> {
        let mut deleted = Vec::new();
        let lso = self.log_start_offset;
        deleted.extend(self.delete_prefix(now, high_watermark, DeletionReason::LogStartOffset, |seg, next| {
            next.is_some_and(|n| n.base_offset <= lso) || (next.is_none() && seg.next_offset() <= lso && !seg.is_empty())
        }));
        if cfg.cleanup_policy.delete {
            if cfg.retention_bytes >= 0 && self.size() >= cfg.retention_bytes as u64 {
                let mut diff = self.size() as i64 - cfg.retention_bytes;
                deleted.extend(self.delete_prefix(now, high_watermark, DeletionReason::RetentionSize, |seg, _| {
                    if diff - seg.size as i64 >= 0 {
                        diff -= seg.size as i64;
                        true
                    } else {
                        false
                    }
                }));
            }
            if cfg.retention_ms >= 0 {
                let retention = cfg.retention_ms;
                deleted.extend(
                    self.delete_prefix(now, high_watermark, DeletionReason::RetentionTime, |seg, _| now - seg.max_timestamp > retention),
                );
            }
        }
        deleted
    }

    fn delete_prefix(
        &mut self,
        now: i64,
        high_watermark: i64,
        reason: DeletionReason,
        mut predicate: impl FnMut(&Segment, Option<&Segment>) -> bool,
    ) -> Vec<DeletedSegment> {
        let mut n = 0;
        while n < self.segments.len() {
            let seg = &self.segments[n];
            let next = self.segments.get(n + 1).map(|s| &**s);
            let upper = next.map_or(self.log_end_offset, |s| s.base_offset);
            let last_and_empty = next.is_none() && seg.is_empty();
            if !last_and_empty && high_watermark >= upper && predicate(seg, next) {
                n += 1;
            } else {
                break;
            }
        }
        if n == 0 {
            return Vec::new();
        }
        if n == self.segments.len() {
            self.roll(now);
        }
        let removed: Vec<DeletedSegment> = self
            .segments
            .drain(..n)
            .map(|s| DeletedSegment {
                base_offset: s.base_offset,
                next_offset: s.next_offset(),
                size: s.size,
                largest_timestamp: s.max_timestamp,
                reason,
            })
            .collect();
        let first_base = self.segments[0].base_offset;
        debug_assert!(first_base >= self.log_start_offset || reason == DeletionReason::LogStartOffset);
        self.log_start_offset = self.log_start_offset.max(first_base);
        self.first_dirty_offset = self.first_dirty_offset.max(self.log_start_offset);
        let lso = self.log_start_offset;
        self.tombstone_horizons.retain(|o, _| *o >= lso);
        if let Some(t) = self.txn.as_deref_mut() {
            t.index.trim_below(lso);
        }
        removed
    }

    /// What the cleaner sees in this log now: `LogCleanerManager.cleanableOffsets`,
    /// `calculateCleanableBytes` and `maxCompactionDelay`, and `LogToClean`'s ratio.
    pub fn cleanable(&self, now: i64, high_watermark: i64, cfg: &TopicConfig) -> Cleanable {
        let first_dirty = self.first_dirty_offset();
        let active_base = self.active_ref().base_offset;
        // The first offset the cleaner may not reach: the last stable offset (the high
        // watermark, without transactions), the active segment, and the first dirty
        // segment whose largest timestamp is within min.compaction.lag.ms of now.
        let mut uncleanable = self.last_stable_offset(high_watermark).min(active_base);
        let dirty_non_active = self.non_active_segments_from(first_dirty);
        if cfg.min_compaction_lag_ms > 0 {
            let limit = now.saturating_sub(cfg.min_compaction_lag_ms);
            if let Some(seg) = dirty_non_active.iter().find(|s| s.max_timestamp > limit) {
                uncleanable = uncleanable.min(seg.base_offset);
            }
        }
        let uncleanable = uncleanable.max(first_dirty);
        // The segment holding that offset (the active one if none does) bounds the
        // cleanable bytes.
        let first_uncleanable_offset = self.non_active_segments_from(uncleanable).first().map_or(active_base, |s| s.base_offset);
        let floor = |o: i64| self.segments.partition_point(|s| s.base_offset <= o).saturating_sub(1);
        let lower = first_dirty.min(first_uncleanable_offset);
        let cleanable_bytes: u64 = if lower < first_uncleanable_offset {
            self.segments[floor(lower)..].iter().take_while(|s| s.base_offset < first_uncleanable_offset).map(|s| s.size).sum()
        } else {
            0
        };
        let clean_bytes: u64 = self.segments.iter().take_while(|s| s.base_offset < first_dirty).map(|s| s.size).sum();
        // max.compaction.lag.ms: the earliest first-batch timestamp of the dirty segments.
        // Kafka skips timestamps <= 0 (no timestamp); virtual time starts at 0, where a
        // record's timestamp is real, so only negative ones are skipped here.
        let earliest = dirty_non_active.iter().filter_map(|s| s.rolling_based_timestamp).filter(|&t| t >= 0).min();
        let clean_until = now.saturating_sub(cfg.max_compaction_lag_ms.max(0));
        let compaction_delay_ms = earliest.filter(|&t| t < clean_until).map_or(0, |t| clean_until - t);
        Cleanable { first_dirty_offset: first_dirty, first_uncleanable_offset, clean_bytes, cleanable_bytes, compaction_delay_ms }
    }

    /// `LogSegments.nonActiveLogSegmentsFrom`: the segment holding `from` and the later
    /// ones, without the active segment.
    fn non_active_segments_from(&self, from: i64) -> &[Rc<Segment>] {
        let active = self.segments.len() - 1;
        if from > self.segments[active].base_offset {
            return &[];
        }
        let first = self.segments.partition_point(|s| s.base_offset <= from).saturating_sub(1);
        &self.segments[first.min(active)..active]
    }

    /// Cleans the log when the cleaner would pick it (`grabFilthiestCompactedLog`): its
    /// dirty ratio is above `min.cleanable.dirty.ratio`, or `max.compaction.lag.ms` has
    /// passed for a dirty segment that can be cleaned. Cleaning (`LogCleaner.doClean`)
    /// keeps the latest record per key in the segments below the first uncleanable
    /// offset. A tombstone survives its first cleaning and gets a delete horizon of
    /// `now + delete.retention.ms`; the first cleaning at or after the horizon removes
    /// it. Nothing cleans a log only because a horizon passed: with no new dirty data,
    /// a tombstone stays.
    pub fn maybe_clean(&mut self, now: i64, high_watermark: i64, cfg: &TopicConfig) -> Option<CleanInfo> {
        if !cfg.cleanup_policy.compact {
            return None;
        }
        let c = self.cleanable(now, high_watermark, cfg);
        if !c.should_clean(cfg) {
            return None;
        }
        let (first_dirty, end) = (c.first_dirty_offset, c.first_uncleanable_offset);
        // Offset map over the dirty section: key → latest offset (`buildOffsetMap`).
        let mut latest: Map<&[u8], i64> = Map::new();
        for r in self.read(first_dirty, end).filter(|r| !self.ti().is_aborted(r.offset)) {
            if let Some(k) = r.key {
                latest.insert(k, r.offset);
            }
        }
        let latest: Map<Vec<u8>, i64> = latest.into_iter().map(|(k, o)| (k.to_vec(), o)).collect();
        let mut info = CleanInfo {
            from_offset: self.log_start_offset,
            to_offset: end,
            records_before: 0,
            records_after: 0,
            tombstones_removed: 0,
            bytes_before: 0,
            bytes_after: 0,
        };
        let delete_retention = cfg.delete_retention_ms;
        let mut new_horizons = Vec::new();
        let horizons = &self.tombstone_horizons;
        let txn = self.txn.as_deref().map_or(&NO_INDEX, |t| &t.index);
        let n_segs = self.segments.len();
        let cleanable = self.segments.windows(2).take_while(|w| w[1].base_offset <= end).count().min(n_segs - 1);
        for seg_rc in self.segments[..cleanable].iter_mut() {
            info.records_before += seg_rc.record_count();
            info.bytes_before += seg_rc.size;
            let cleaned = seg_rc.retain_copy(|r| {
                if r.offset >= end || txn.is_control(r.offset) || txn.is_aborted(r.offset) {
                    return true;
                }
                let superseded = r.key.and_then(|k| latest.get(k)).is_some_and(|&o| o > r.offset);
                if superseded {
                    return false;
                }
                if r.value.is_none() {
                    match horizons.get(&r.offset) {
                        Some(h) if now >= *h => {
                            info.tombstones_removed += 1;
                            return false;
                        }
                        Some(_) => {}
                        None => new_horizons.push((r.offset, now + delete_retention)),
                    }
                }
                true
            });
            info.records_after += cleaned.record_count();
            info.bytes_after += cleaned.size;
            *seg_rc = Rc::new(cleaned);
        }
        self.tombstone_horizons.extend(new_horizons);
        let kept: crate::engine::map::Set<i64> = self
            .segments
            .iter()
            .flat_map(|s| s.entries().map(move |e| s.base_offset + e.offset_delta as i64))
            .filter(|o| self.tombstone_horizons.contains_key(o))
            .collect();
        self.tombstone_horizons.retain(|o, _| kept.contains(o));
        self.first_dirty_offset = end;
        Some(info)
    }

    /// Debug-build check of the log's invariants, cheap enough to run after every step:
    /// segments are ordered and do not overlap, and the offsets stay within
    /// [log start, LEO). [`Log::check_records`] walks every record as well.
    pub fn check_invariants(&self) {
        debug_assert!(self.log_start_offset <= self.log_end_offset);
        for w in self.segments.windows(2) {
            debug_assert!(w[0].base_offset < w[1].base_offset, "segment base offsets increase");
            debug_assert!(w[0].next_offset() <= w[1].base_offset, "segments do not overlap");
        }
        debug_assert!(self.segments.last().is_some_and(|s| s.next_offset() <= self.log_end_offset.max(s.base_offset)));
    }

    /// Walks every record: offsets strictly increase and stay below the LEO.
    pub fn check_records(&self) {
        let mut prev = i64::MIN;
        for s in &self.segments {
            for i in 0..s.record_count() {
                let o = s.record(i).offset;
                assert!(o > prev, "offsets strictly increase");
                prev = o;
            }
        }
        assert!(prev < self.log_end_offset);
    }
}

/// The coordinator epoch in a marker's value (version i16, then epoch i32).
fn control_coordinator_epoch(v: &[u8]) -> i32 {
    if v.len() >= 6 {
        i32::from_be_bytes([v[2], v[3], v[4], v[5]])
    } else {
        0
    }
}
