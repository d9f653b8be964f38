//! Just enough of Java's hashing and ordering to reproduce the iteration orders Kafka's
//! assignors depend on.
//!
//! Models `java.lang.String.hashCode` / `compareTo` (UTF-16 code units),
//! `java.util.HashMap` (bucket `(h ^ h >>> 16) & (cap - 1)`, default capacity 16, doubled
//! when the size exceeds `0.75 * cap`, and doubled instead of treeifying when a bucket of a
//! table smaller than 64 reaches 9 entries), `org.apache.kafka.common.TopicPartition.hashCode`
//! (clients/src/main/java/org/apache/kafka/common/TopicPartition.java) and
//! `org.apache.kafka.common.Uuid.hashCode` (clients/src/main/java/org/apache/kafka/common/Uuid.java).
//!
//! A `HashMap` iterates its table bucket by bucket; inside a bucket, entries are in insertion
//! order (resizes split a bucket without reordering, removals unlink in place). That is what
//! [`iteration_order`] and [`JavaHashSet::first`] compute.
//!
//! Not emulated: the red-black-tree bins a `HashMap` builds when 9 or more keys share one
//! bucket of a table of 64 or more buckets (their iteration order follows tree rotations).
//! That needs 9 keys whose spread hashes agree in all the table's low bits, which member ids
//! and topic partitions essentially never do.

use crate::engine::sorting;
use std::cmp::Ordering;

/// Java's default initial `HashMap` capacity.
const DEFAULT_CAPACITY: usize = 16;
/// A bucket holding this many entries before an insert is treeified (or the table resized).
const TREEIFY_THRESHOLD: usize = 8;
/// Tables smaller than this are resized instead of treeified.
const MIN_TREEIFY_CAPACITY: usize = 64;

/// `String.hashCode()`: `s[0]*31^(n-1) + ... + s[n-1]` over UTF-16 code units, wrapping.
pub fn string_hash_code(s: &str) -> i32 {
    let mut h: i32 = 0;
    if s.is_ascii() {
        for &b in s.as_bytes() {
            h = h.wrapping_mul(31).wrapping_add(b as i32);
        }
    } else {
        for u in s.encode_utf16() {
            h = h.wrapping_mul(31).wrapping_add(u as i32);
        }
    }
    h
}

/// `TopicPartition.hashCode()`: `31 * (31 + partition) + topic.hashCode()`.
pub fn topic_partition_hash_code(topic_hash: i32, partition: i32) -> i32 {
    31i32.wrapping_mul(31i32.wrapping_add(partition)).wrapping_add(topic_hash)
}

/// `org.apache.kafka.common.Uuid.hashCode()` of the UUID with these most and least
/// significant bits: `(int) (x >> 32) ^ (int) x` with `x = msb ^ lsb`.
pub fn uuid_hash_code(msb: u64, lsb: u64) -> i32 {
    let x = msb ^ lsb;
    ((x >> 32) as u32 ^ x as u32) as i32
}

/// `HashMap.hash()`: the key's hash code with its high half folded into the low half.
pub fn spread(hash_code: i32) -> u32 {
    let h = hash_code as u32;
    h ^ (h >> 16)
}

/// `String.compareTo`: lexicographic over UTF-16 code units. This differs from Rust's
/// byte order only when a supplementary character (U+10000 and up) meets one in
/// U+E000..U+FFFF.
pub fn java_str_cmp(a: &str, b: &str) -> Ordering {
    if a.is_ascii() || b.is_ascii() {
        // With one side ASCII, the first difference involves an ASCII unit, where the
        // UTF-8 and UTF-16 orders agree.
        return a.cmp(b);
    }
    a.encode_utf16().cmp(b.encode_utf16())
}

/// The table capacity of a default-constructed `java.util.HashMap` after inserting
/// distinct keys with these spread hashes, in this order.
pub fn table_capacity(spread_hashes: &[u32]) -> usize {
    table_capacity_from(DEFAULT_CAPACITY, spread_hashes)
}

/// `HashMap.tableSizeFor`: the smallest power of two at least `c` (at least 1).
pub fn table_size_for(c: usize) -> usize {
    c.max(1).next_power_of_two().min(1 << 30)
}

/// The initial table capacity of `new HashSet<>(collection)` for a collection of `n`
/// elements: `new HashMap<>(Math.max((int) (n / .75f) + 1, 16))`.
pub fn copy_constructor_capacity(n: usize) -> usize {
    table_size_for((((n as f32) / 0.75f32) as usize + 1).max(DEFAULT_CAPACITY))
}

/// As [`table_capacity`], for a map whose table starts at `initial` buckets.
pub fn table_capacity_from(initial: usize, spread_hashes: &[u32]) -> usize {
    let mut cap = initial;
    // While a bucket can exceed the treeify threshold, the table may grow early: that only
    // happens when the table is small, so count buckets only then.
    let mut counts: Vec<u32> = vec![0; cap];
    for (i, &h) in spread_hashes.iter().enumerate() {
        let size = i + 1;
        if cap < MIN_TREEIFY_CAPACITY {
            let b = (h as usize) & (cap - 1);
            counts[b] += 1;
            // putVal appends, then treeifyBin resizes a small table when the bucket held
            // TREEIFY_THRESHOLD entries before this one.
            if counts[b] as usize > TREEIFY_THRESHOLD {
                cap *= 2;
                recount(&mut counts, cap, &spread_hashes[..size]);
            }
        }
        // Then `if (++size > threshold) resize()`, threshold = 0.75 * cap.
        if size * 4 > cap * 3 {
            cap *= 2;
            if cap < MIN_TREEIFY_CAPACITY {
                recount(&mut counts, cap, &spread_hashes[..size]);
            }
        }
    }
    cap
}

fn recount(counts: &mut Vec<u32>, cap: usize, hashes: &[u32]) {
    counts.clear();
    counts.resize(cap, 0);
    for &h in hashes {
        counts[(h as usize) & (cap - 1)] += 1;
    }
}

/// The order in which a default-constructed `java.util.HashMap` (or `HashSet`) iterates
/// distinct keys inserted in the given order with the given `hashCode()`s: indices into
/// `hash_codes`.
pub fn iteration_order(hash_codes: &[i32]) -> Vec<usize> {
    iteration_order_from(DEFAULT_CAPACITY, hash_codes)
}

/// As [`iteration_order`], for a map whose table starts at `initial` buckets (see
/// [`copy_constructor_capacity`]).
pub fn iteration_order_from(initial: usize, hash_codes: &[i32]) -> Vec<usize> {
    let spread_hashes: Vec<u32> = hash_codes.iter().map(|&h| spread(h)).collect();
    let mask = table_capacity_from(initial, &spread_hashes) as u32 - 1;
    let mut order: Vec<usize> = (0..hash_codes.len()).collect();
    // Stable sort: ties (same bucket) stay in insertion order.
    sorting::sort_by_key(&mut order, |&i| spread_hashes[i] & mask);
    order
}

/// The iteration order of a `HashMap<String, _>` whose keys were put in this order.
pub fn string_map_order<S: AsRef<str>>(keys: &[S]) -> Vec<usize> {
    let hashes: Vec<i32> = keys.iter().map(|k| string_hash_code(k.as_ref())).collect();
    iteration_order(&hashes)
}

/// A `java.util.HashSet` reduced to what Kafka's sticky assignor asks of one: insert,
/// remove, and `iterator().next()`, the first element in iteration order. Elements are
/// compared with `==`; the caller supplies each element's Java `hashCode()`.
#[derive(Clone, Debug)]
pub struct JavaHashSet<T> {
    cap: usize,
    /// (spread hash, element), in insertion order.
    entries: Vec<(u32, T)>,
}

impl<T: PartialEq + Clone> Default for JavaHashSet<T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<T: PartialEq + Clone> JavaHashSet<T> {
    /// `new HashSet<>()`.
    pub fn new() -> Self {
        JavaHashSet { cap: DEFAULT_CAPACITY, entries: Vec::new() }
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn contains(&self, item: &T) -> bool {
        self.entries.iter().any(|(_, e)| e == item)
    }

    /// `add`: false when already present. The table only ever grows, as in Java.
    pub fn insert(&mut self, hash_code: i32, item: T) -> bool {
        if self.contains(&item) {
            return false;
        }
        let h = spread(hash_code);
        let mask = self.cap as u32 - 1;
        let same_bucket = self.entries.iter().filter(|(e, _)| e & mask == h & mask).count();
        self.entries.push((h, item));
        if same_bucket >= TREEIFY_THRESHOLD && self.cap < MIN_TREEIFY_CAPACITY {
            self.cap *= 2;
        }
        if self.entries.len() * 4 > self.cap * 3 {
            self.cap *= 2;
        }
        true
    }

    /// `remove`: false when absent. Capacity is kept, as in Java.
    pub fn remove(&mut self, item: &T) -> bool {
        match self.entries.iter().position(|(_, e)| e == item) {
            Some(i) => {
                self.entries.remove(i);
                true
            }
            None => false,
        }
    }

    /// `iterator().next()`: the element in the lowest bucket, earliest inserted on a tie.
    pub fn first(&self) -> Option<&T> {
        let mask = self.cap as u32 - 1;
        // min_by_key returns the first minimum, i.e. the earliest inserted.
        self.entries.iter().min_by_key(|(h, _)| h & mask).map(|(_, e)| e)
    }

    /// All elements in Java iteration order.
    pub fn iter_java_order(&self) -> impl Iterator<Item = &T> {
        let mask = self.cap as u32 - 1;
        let mut idx: Vec<usize> = (0..self.entries.len()).collect();
        sorting::sort_by_key(&mut idx, |&i| self.entries[i].0 & mask);
        idx.into_iter().map(move |i| &self.entries[i].1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn string_hash_codes_match_java() {
        assert_eq!(string_hash_code(""), 0);
        assert_eq!(string_hash_code("a"), 97);
        // "consumer1".hashCode() == -421004549 in Java.
        assert_eq!(string_hash_code("consumer1"), -421_004_549);
        assert_eq!(string_hash_code("Aa"), string_hash_code("BB"));
        // Non-BMP characters hash as two UTF-16 surrogates.
        assert_eq!(string_hash_code("\u{1F600}"), 0xD83D * 31 + 0xDE00);
    }

    #[test]
    fn consumers_one_to_four_iterate_in_reverse() {
        let order = string_map_order(&["consumer1", "consumer2", "consumer3", "consumer4"]);
        assert_eq!(order, vec![3, 2, 1, 0]);
    }

    #[test]
    fn capacity_grows_past_three_quarters() {
        let hashes: Vec<u32> = (0..12).collect();
        assert_eq!(table_capacity(&hashes), 16);
        let hashes: Vec<u32> = (0..13).collect();
        assert_eq!(table_capacity(&hashes), 32);
        let hashes: Vec<u32> = (0..100).collect();
        assert_eq!(table_capacity(&hashes), 256);
    }

    #[test]
    fn copy_constructor_sizes() {
        assert_eq!(copy_constructor_capacity(2), 16);
        assert_eq!(copy_constructor_capacity(12), 32);
        assert_eq!(copy_constructor_capacity(100), 256);
    }

    #[test]
    fn a_crowded_small_table_resizes_instead_of_treeifying() {
        // Nine keys in bucket 0 of a 16-slot table: the ninth insert doubles the table.
        let hashes: Vec<u32> = (0..9).map(|i| i * 16).collect();
        assert_eq!(table_capacity(&hashes[..8]), 16);
        assert_eq!(table_capacity(&hashes), 32);
    }

    #[test]
    fn ties_keep_insertion_order() {
        // "Aa" and "BB" collide; whichever was inserted first comes first.
        assert_eq!(string_map_order(&["BB", "Aa"]), vec![0, 1]);
        assert_eq!(string_map_order(&["Aa", "BB"]), vec![0, 1]);
    }

    #[test]
    fn java_string_order_is_utf16() {
        assert_eq!(java_str_cmp("a", "b"), Ordering::Less);
        // U+FF21 (one unit 0xFF21) sorts after U+1F600 (surrogates 0xD83D..) in Java,
        // the opposite of code point order.
        assert_eq!(java_str_cmp("\u{FF21}", "\u{1F600}"), Ordering::Greater);
        assert_eq!("\u{FF21}".cmp("\u{1F600}"), Ordering::Less);
    }

    #[test]
    fn hash_set_first_follows_buckets() {
        let mut s = JavaHashSet::new();
        s.insert(5, "five");
        s.insert(1, "one");
        s.insert(17, "seventeen"); // bucket 1, after "one"
        assert_eq!(s.first(), Some(&"one"));
        s.remove(&"one");
        assert_eq!(s.first(), Some(&"seventeen"));
        assert_eq!(s.iter_java_order().copied().collect::<Vec<_>>(), vec!["seventeen", "five"]);
    }

    #[test]
    fn uuid_hash() {
        // Kafka's Uuid "T1-A4s3VTwiI5CTbEp6POw" hashes to 0x18f0640a.
        let msb = u64::from_be_bytes([0x4f, 0x5f, 0x80, 0xe2, 0xcd, 0xd5, 0x4f, 0x08]);
        let lsb = u64::from_be_bytes([0x88, 0xe4, 0x24, 0xdb, 0x12, 0x9e, 0x8f, 0x3b]);
        assert_eq!(uuid_hash_code(msb, lsb), 0x18f0_640a);
    }
}
