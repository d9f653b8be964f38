//! One log segment: a contiguous run of offsets stored together.
//!
//! Models `org.apache.kafka.storage.internals.log.LogSegment`
//! (storage/src/main/java/org/apache/kafka/storage/internals/log/LogSegment.java):
//! its base offset, its size in bytes, its largest timestamp (what time retention
//! judges) and the timestamp of its first batch (what `segment.ms` judges).
//!
//! Simplification: records live in memory, not in files; keys, values and headers
//! share one byte arena per segment and each record costs a 32-byte index entry.

use super::record::RecordRef;

/// Per-record index entry: 32 bytes, whatever the key and value sizes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) struct Entry {
    /// offset − segment base offset
    pub offset_delta: u32,
    /// where key, value and headers start in the arena
    pub data_start: u32,
    pub timestamp: i64,
    /// −1 for a null key
    pub key_len: i32,
    /// −1 for a null value (a tombstone)
    pub value_len: i32,
    pub headers_len: u32,
    /// bytes this record adds to the segment, including the batch header when it
    /// opened a batch
    pub size: u32,
}

#[derive(Clone, Debug, Hash)]
pub struct Segment {
    pub(crate) base_offset: i64,
    pub(crate) entries: Vec<Entry>,
    pub(crate) data: Vec<u8>,
    pub(crate) size: u64,
    pub(crate) max_timestamp: i64,
    /// the max timestamp of the first batch: `LogSegment.rollingBasedTimestamp`
    pub(crate) rolling_based_timestamp: Option<i64>,
    /// virtual time the segment was created (used for `segment.ms` while empty)
    pub(crate) created_ms: i64,
}

impl Segment {
    pub(crate) fn new(base_offset: i64, created_ms: i64) -> Self {
        Segment {
            base_offset,
            entries: Vec::new(),
            data: Vec::new(),
            size: 0,
            max_timestamp: -1,
            rolling_based_timestamp: None,
            created_ms,
        }
    }

    pub fn base_offset(&self) -> i64 {
        self.base_offset
    }
    /// Bytes in the segment, as `LogSegment.size()`.
    pub fn size_in_bytes(&self) -> u64 {
        self.size
    }
    /// `LogSegment.largestTimestamp`: the max record timestamp (−1 when empty).
    pub fn largest_timestamp(&self) -> i64 {
        self.max_timestamp
    }
    pub fn record_count(&self) -> usize {
        self.entries.len()
    }
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
    /// Offset after the last record held, or the base offset when empty.
    pub fn next_offset(&self) -> i64 {
        self.entries.last().map_or(self.base_offset, |e| self.base_offset + e.offset_delta as i64 + 1)
    }

    /// `LogSegment.timeWaitedForRoll`.
    pub(crate) fn time_waited_for_roll(&self, now: i64, message_timestamp: i64) -> i64 {
        match self.rolling_based_timestamp {
            Some(ts) if ts >= 0 => message_timestamp - ts,
            _ => (now - self.created_ms).max(0),
        }
    }

    /// Heap bytes the segment holds (index entries and arena, with spare capacity).
    pub fn heap_bytes(&self) -> usize {
        self.entries.capacity() * std::mem::size_of::<Entry>() + self.data.capacity()
    }

    /// Key and value bytes stored.
    pub fn payload_bytes(&self) -> usize {
        self.entries.iter().map(|e| e.key_len.max(0) as usize + e.value_len.max(0) as usize).sum()
    }

    /// Drops spare capacity once the segment is sealed.
    pub(crate) fn shrink(&mut self) {
        self.entries.shrink_to_fit();
        self.data.shrink_to_fit();
    }

    pub(crate) fn push(&mut self, offset: i64, timestamp: i64, key: Option<&[u8]>, value: Option<&[u8]>, headers: &[u8], size: u32) {
        debug_assert!(offset >= self.next_offset(), "offsets in a segment only grow");
        let data_start = self.data.len() as u32;
        let need = key.map_or(0, <[u8]>::len) + value.map_or(0, <[u8]>::len) + headers.len();
        reserve_gently(&mut self.data, need);
        reserve_gently(&mut self.entries, 1);
        if let Some(k) = key {
            self.data.extend_from_slice(k);
        }
        if let Some(v) = value {
            self.data.extend_from_slice(v);
        }
        self.data.extend_from_slice(headers);
        self.entries.push(Entry {
            offset_delta: (offset - self.base_offset) as u32,
            data_start,
            timestamp,
            key_len: key.map_or(-1, |k| k.len() as i32),
            value_len: value.map_or(-1, |v| v.len() as i32),
            headers_len: headers.len() as u32,
            size,
        });
        self.size += size as u64;
        self.max_timestamp = self.max_timestamp.max(timestamp);
    }

    pub(crate) fn record(&self, i: usize) -> RecordRef<'_> {
        let e = &self.entries[i];
        let mut p = e.data_start as usize;
        let key = (e.key_len >= 0).then(|| {
            let k = &self.data[p..p + e.key_len as usize];
            p += e.key_len as usize;
            k
        });
        let value = (e.value_len >= 0).then(|| {
            let v = &self.data[p..p + e.value_len as usize];
            p += e.value_len as usize;
            v
        });
        RecordRef {
            offset: self.base_offset + e.offset_delta as i64,
            timestamp: e.timestamp,
            key,
            value,
            headers: &self.data[p..p + e.headers_len as usize],
        }
    }

    /// Index of the first record with offset ≥ `offset`.
    pub(crate) fn position_of(&self, offset: i64) -> usize {
        let delta = offset - self.base_offset;
        if delta <= 0 {
            return 0;
        }
        self.entries.partition_point(|e| (e.offset_delta as i64) < delta)
    }

    /// Keeps the records before `offset`, dropping the rest (follower truncation).
    pub(crate) fn truncate_to(&mut self, offset: i64) {
        let keep = self.position_of(offset);
        self.entries.truncate(keep);
        self.data.truncate(
            self.entries
                .last()
                .map_or(0, |e| e.data_start as usize + e.key_len.max(0) as usize + e.value_len.max(0) as usize + e.headers_len as usize),
        );
        self.size = self.entries.iter().map(|e| e.size as u64).sum();
        self.max_timestamp = self.entries.iter().map(|e| e.timestamp).max().unwrap_or(-1);
        if self.entries.is_empty() {
            self.rolling_based_timestamp = None;
        }
    }

    /// A copy holding only the records `keep` accepts (the log cleaner's rewrite).
    pub(crate) fn retain_copy(&self, mut keep: impl FnMut(&RecordRef<'_>) -> bool) -> Segment {
        let mut out = Segment::new(self.base_offset, self.created_ms);
        out.rolling_based_timestamp = self.rolling_based_timestamp;
        for i in 0..self.entries.len() {
            let r = self.record(i);
            if keep(&r) {
                out.push(r.offset, r.timestamp, r.key, r.value, r.headers, self.entries[i].size);
            }
        }
        out
    }
}

/// Grows a buffer by a sixteenth (at least 4 KiB worth) instead of doubling, so an
/// active segment's spare capacity stays near 6% of what it holds.
fn reserve_gently<T>(v: &mut Vec<T>, additional: usize) {
    if v.len() + additional > v.capacity() {
        let min_items = (4096 / std::mem::size_of::<T>().max(1)).max(1);
        let extra = (v.len() / 16).max(min_items).max(additional);
        v.reserve_exact(extra);
    }
}
