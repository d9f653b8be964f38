//! How a producer picks a partition.
//!
//! Models `KafkaProducer.partition()` (clients/src/main/java/org/apache/kafka/clients/producer/KafkaProducer.java)
//! and `BuiltInPartitioner` (…/producer/internals/BuiltInPartitioner.java, KIP-794):
//! an explicit partition wins; a key goes to `toPositive(murmur2(key)) % numPartitions`
//! over **all** partitions; a record with neither sticks to one partition until
//! `batch.size` bytes have been produced to it, then a random partition with a leader
//! is chosen.
//!
//! Simplification: the adaptive choice weighted by queue sizes is not modelled; the
//! next sticky partition is uniform among partitions with a leader (what Kafka does
//! when queue sizes are equal).

use super::rng::SimRng;

/// `Utils.murmur2`: Kafka's 32-bit murmur2 with seed 0x9747b28c, bit-exact.
pub fn murmur2(data: &[u8]) -> i32 {
    const SEED: u32 = 0x9747_b28c;
    const M: u32 = 0x5bd1_e995;
    const R: u32 = 24;
    let length = data.len();
    let mut h: u32 = SEED ^ (length as u32);
    let mut chunks = data.chunks_exact(4);
    for c in &mut chunks {
        let mut k = u32::from_le_bytes([c[0], c[1], c[2], c[3]]);
        k = k.wrapping_mul(M);
        k ^= k >> R;
        k = k.wrapping_mul(M);
        h = h.wrapping_mul(M);
        h ^= k;
    }
    let rest = chunks.remainder();
    if rest.len() >= 3 {
        h ^= (rest[2] as u32) << 16;
    }
    if rest.len() >= 2 {
        h ^= (rest[1] as u32) << 8;
    }
    if !rest.is_empty() {
        h ^= rest[0] as u32;
        h = h.wrapping_mul(M);
    }
    h ^= h >> 13;
    h = h.wrapping_mul(M);
    h ^= h >> 15;
    h as i32
}

/// `Utils.toPositive`: clears the sign bit (not `abs`).
pub fn to_positive(n: i32) -> i32 {
    n & 0x7fff_ffff
}

/// `BuiltInPartitioner.partitionForKey`.
pub fn partition_for_key(key: &[u8], num_partitions: u32) -> u32 {
    (to_positive(murmur2(key)) as u32) % num_partitions
}

/// Per-topic sticky state of the built-in partitioner.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct StickyPartition {
    pub partition: Option<u32>,
    pub produced_bytes: u64,
}

impl StickyPartition {
    /// The partition for a record with no key and no explicit partition.
    /// `available` lists the partitions that have a leader.
    pub fn partition(&mut self, num_partitions: u32, available: &[u32], rng: &mut SimRng) -> u32 {
        match self.partition {
            Some(p) if p < num_partitions => p,
            _ => self.next_partition(num_partitions, available, rng),
        }
    }

    fn next_partition(&mut self, num_partitions: u32, available: &[u32], rng: &mut SimRng) -> u32 {
        let p = if available.is_empty() {
            rng.below(num_partitions as u64) as u32
        } else {
            available[rng.below(available.len() as u64) as usize]
        };
        self.partition = Some(p);
        self.produced_bytes = 0;
        p
    }

    /// `BuiltInPartitioner.updatePartitionInfo`: after appending `bytes`, switch once
    /// `batch.size` is reached and the batch is ready (`enable_switch`), or always at
    /// twice `batch.size`.
    pub fn on_append(
        &mut self,
        bytes: u64,
        batch_size: u64,
        enable_switch: bool,
        num_partitions: u32,
        available: &[u32],
        rng: &mut SimRng,
    ) {
        self.produced_bytes += bytes;
        if (self.produced_bytes >= batch_size && enable_switch) || self.produced_bytes >= 2 * batch_size {
            self.next_partition(num_partitions, available, rng);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // clients/src/test/java/org/apache/kafka/common/utils/UtilsTest.java#testMurmur2
    #[test]
    fn murmur2_kafka_vectors() {
        assert_eq!(murmur2(b"21"), -973932308);
        assert_eq!(murmur2(b"foobar"), -790332482);
        assert_eq!(murmur2(b"a-little-bit-long-string"), -985981536);
        assert_eq!(murmur2(b"a-little-bit-longer-string"), -1486304829);
        assert_eq!(murmur2(b"lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8"), -58897971);
        assert_eq!(murmur2(b"abc"), 479470107);
    }

    #[test]
    fn to_positive_is_not_abs() {
        assert_eq!(to_positive(-1), 0x7fff_ffff);
        assert_eq!(to_positive(i32::MIN), 0);
        assert_eq!(to_positive(5), 5);
    }

    #[test]
    fn same_key_same_partition() {
        for n in 1..20 {
            assert_eq!(partition_for_key(b"user-42", n), partition_for_key(b"user-42", n));
            assert!(partition_for_key(b"user-42", n) < n);
        }
        // foobar: toPositive(-790332482) % 3
        assert_eq!(partition_for_key(b"foobar", 3), ((-790332482i32 & 0x7fffffff) % 3) as u32);
    }

    #[test]
    fn sticky_switches_after_batch_size() {
        let mut rng = SimRng::new(1);
        let mut s = StickyPartition::default();
        let avail = [0, 1, 2, 3, 4, 5];
        let p = s.partition(6, &avail, &mut rng);
        s.on_append(100, 16384, true, 6, &avail, &mut rng);
        assert_eq!(s.partition(6, &avail, &mut rng), p, "sticks below batch.size");
        s.on_append(32668, 16384, false, 6, &avail, &mut rng);
        assert_eq!(s.produced_bytes, 0, "switches at 2*batch.size even when not ready");
    }
}
