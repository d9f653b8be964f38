//! One log segment: a contiguous run of offsets stored together.
//!
//! Models `org.apache.kafka.storage.internals.log.LogSegment`
//! (storage/src/main/java/org/apache/kafka/storage/internals/log/LogSegment.java):
//! its base offset, its size in bytes, its largest timestamp (what time retention
//! judges) and the timestamp of its first batch (what `segment.ms` judges).
//!
//! Simplification: records live in memory, not in files; keys, values and headers
//! share one byte arena per segment and each record costs a 32-byte index entry.

use std::rc::Rc;

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

/// Records per chunk of a segment's storage.
const CHUNK: usize = 256;

/// `CHUNK` records: their index entries and the arena their bytes live in (`data_start`
/// is relative to this arena).
#[derive(Clone, Debug, Default, Hash)]
pub(crate) struct Chunk {
    entries: Vec<Entry>,
    data: Vec<u8>,
}

/// A segment's records are kept in chunks of [`CHUNK`]: full chunks are sealed and
/// shared (`Rc`), only the last one is written to. Cloning a segment, as every
/// time-travel checkpoint does with the segments still being written, therefore copies
/// at most one chunk, not the whole active segment (a simulator concern, not Kafka's:
/// without it, a long session kept a full copy of every active segment per checkpoint).
#[derive(Clone, Debug, Hash)]
pub struct Segment {
    pub(crate) base_offset: i64,
    sealed: Vec<Rc<Chunk>>,
    tail: Chunk,
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
            sealed: Vec::new(),
            tail: Chunk::default(),
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
        self.sealed.len() * CHUNK + self.tail.entries.len()
    }
    pub fn is_empty(&self) -> bool {
        self.record_count() == 0
    }
    /// The chunk holding record `i`, and `i`'s index in it.
    fn chunk_of(&self, i: usize) -> (&Chunk, usize) {
        match self.sealed.get(i / CHUNK) {
            Some(c) => (c, i % CHUNK),
            None => (&self.tail, i - self.sealed.len() * CHUNK),
        }
    }
    /// Record `i`'s index entry.
    pub(crate) fn entry(&self, i: usize) -> &Entry {
        let (c, j) = self.chunk_of(i);
        &c.entries[j]
    }
    /// Every index entry, in offset order.
    pub(crate) fn entries(&self) -> impl Iterator<Item = &Entry> + '_ {
        self.sealed.iter().map(|c| &**c).chain(std::iter::once(&self.tail)).flat_map(|c| c.entries.iter())
    }
    /// Offset after the last record held, or the base offset when empty.
    pub fn next_offset(&self) -> i64 {
        match self.record_count() {
            0 => self.base_offset,
            n => self.base_offset + self.entry(n - 1).offset_delta as i64 + 1,
        }
    }

    /// `LogSegment.timeWaitedForRoll`.
    pub(crate) fn time_waited_for_roll(&self, now: i64, message_timestamp: i64) -> i64 {
        match self.rolling_based_timestamp {
            Some(ts) if ts >= 0 => message_timestamp - ts,
            _ => (now - self.created_ms).max(0),
        }
    }

    /// Heap bytes the segment holds (index entries and arenas, with spare capacity;
    /// chunks shared with a checkpoint's copy are counted here too).
    pub fn heap_bytes(&self) -> usize {
        let chunk = |c: &Chunk| c.entries.capacity() * std::mem::size_of::<Entry>() + c.data.capacity();
        self.sealed.iter().map(|c| chunk(c) + std::mem::size_of::<Rc<Chunk>>()).sum::<usize>() + chunk(&self.tail)
    }

    /// Key and value bytes stored.
    pub fn payload_bytes(&self) -> usize {
        self.entries().map(|e| e.key_len.max(0) as usize + e.value_len.max(0) as usize).sum()
    }

    /// Drops spare capacity once the segment is sealed.
    pub(crate) fn shrink(&mut self) {
        self.tail.entries.shrink_to_fit();
        self.tail.data.shrink_to_fit();
    }

    pub(crate) fn push(&mut self, offset: i64, timestamp: i64, key: Option<&[u8]>, value: Option<&[u8]>, headers: &[u8], size: u32) {
        debug_assert!(offset >= self.next_offset(), "offsets in a segment only grow");
        if self.tail.entries.len() == CHUNK {
            let mut full = std::mem::take(&mut self.tail);
            full.data.shrink_to_fit();
            self.sealed.push(Rc::new(full));
        }
        let t = &mut self.tail;
        if t.entries.capacity() == 0 {
            t.entries.reserve_exact(CHUNK);
        }
        let data_start = t.data.len() as u32;
        let need = key.map_or(0, <[u8]>::len) + value.map_or(0, <[u8]>::len) + headers.len();
        reserve_gently(&mut t.data, need);
        if let Some(k) = key {
            t.data.extend_from_slice(k);
        }
        if let Some(v) = value {
            t.data.extend_from_slice(v);
        }
        t.data.extend_from_slice(headers);
        t.entries.push(Entry {
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
        let (c, j) = self.chunk_of(i);
        let e = &c.entries[j];
        let mut p = e.data_start as usize;
        let key = (e.key_len >= 0).then(|| {
            let k = &c.data[p..p + e.key_len as usize];
            p += e.key_len as usize;
            k
        });
        let value = (e.value_len >= 0).then(|| {
            let v = &c.data[p..p + e.value_len as usize];
            p += e.value_len as usize;
            v
        });
        RecordRef {
            offset: self.base_offset + e.offset_delta as i64,
            timestamp: e.timestamp,
            key,
            value,
            headers: &c.data[p..p + e.headers_len as usize],
        }
    }

    /// Index of the first record with offset ≥ `offset`.
    pub(crate) fn position_of(&self, offset: i64) -> usize {
        let delta = offset - self.base_offset;
        if delta <= 0 {
            return 0;
        }
        // the first chunk whose last record reaches `delta`, then within it
        let before = |c: &Chunk| c.entries.last().is_some_and(|e| (e.offset_delta as i64) < delta);
        let k = self.sealed.partition_point(|c| before(c));
        let c = self.sealed.get(k).map_or(&self.tail, |c| &**c);
        k * CHUNK + c.entries.partition_point(|e| (e.offset_delta as i64) < delta)
    }

    /// Keeps the records before `offset`, dropping the rest (follower truncation).
    pub(crate) fn truncate_to(&mut self, offset: i64) {
        let keep = self.position_of(offset);
        let (k, j) = (keep / CHUNK, keep % CHUNK);
        if k < self.sealed.len() {
            self.tail = (*self.sealed[k]).clone();
            self.sealed.truncate(k);
        }
        let t = &mut self.tail;
        t.entries.truncate(j);
        let end = t
            .entries
            .last()
            .map_or(0, |e| e.data_start as usize + e.key_len.max(0) as usize + e.value_len.max(0) as usize + e.headers_len as usize);
        t.data.truncate(end);
        self.size = self.entries().map(|e| e.size as u64).sum();
        self.max_timestamp = self.entries().map(|e| e.timestamp).max().unwrap_or(-1);
        if self.is_empty() {
            self.rolling_based_timestamp = None;
        }
    }

    /// A copy holding only the records `keep` accepts (the log cleaner's rewrite).
    pub(crate) fn retain_copy(&self, mut keep: impl FnMut(&RecordRef<'_>) -> bool) -> Segment {
        let mut out = Segment::new(self.base_offset, self.created_ms);
        out.rolling_based_timestamp = self.rolling_based_timestamp;
        for i in 0..self.record_count() {
            let r = self.record(i);
            if keep(&r) {
                out.push(r.offset, r.timestamp, r.key, r.value, r.headers, self.entry(i).size);
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

#[cfg(test)]
mod tests {
    use super::*;

    fn filled(n: usize) -> Segment {
        let mut s = Segment::new(100, 0);
        for i in 0..n {
            // every third offset is skipped, as compaction leaves gaps
            let offset = 100 + (i as i64) * 3 / 2;
            let key = format!("k{i}");
            s.push(offset, i as i64, Some(key.as_bytes()), (i % 7 != 0).then_some(b"value".as_slice()), b"", 10);
        }
        s
    }

    #[test]
    fn a_clone_shares_every_full_chunk() {
        let s = filled(10 * CHUNK + 17);
        let mut c = s.clone();
        c.push(c.next_offset(), 0, None, Some(b"x"), b"", 10);
        assert_eq!(c.sealed.len(), 10);
        assert!(s.sealed.iter().zip(&c.sealed).all(|(a, b)| Rc::ptr_eq(a, b)), "a checkpoint's copy costs one chunk, not the segment");
        assert_eq!(s.record_count(), 10 * CHUNK + 17);
        assert_eq!(c.record_count(), 10 * CHUNK + 18);
    }

    #[test]
    fn records_positions_and_truncation_across_chunks() {
        let n = 3 * CHUNK + 5;
        let s = filled(n);
        for i in [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 2 * CHUNK, n - 1] {
            let r = s.record(i);
            assert_eq!(r.key, Some(format!("k{i}").as_bytes()));
            assert_eq!(r.value.is_some(), i % 7 != 0);
            assert_eq!(s.position_of(r.offset), i);
            assert_eq!(s.position_of(r.offset + 1), i + 1);
        }
        assert_eq!(s.position_of(0), 0);
        assert_eq!(s.position_of(i64::MAX), n);
        for keep in [0, 1, CHUNK, CHUNK + 3, 2 * CHUNK, n - 1, n] {
            let mut t = s.clone();
            let cut = if keep == n { t.next_offset() } else { s.record(keep).offset };
            t.truncate_to(cut);
            assert_eq!(t.record_count(), keep, "truncated before record {keep}");
            assert_eq!(t.next_offset(), if keep == 0 { 100 } else { s.record(keep - 1).offset + 1 });
            assert_eq!(t.size, 10 * keep as u64);
            // and it grows again from there
            t.push(cut + 5, 1, Some(b"again"), None, b"", 10);
            assert_eq!(t.record(keep).key, Some(b"again".as_slice()));
        }
    }
}
