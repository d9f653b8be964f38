//! The simulation's one source of randomness: a seeded PCG generator.
//!
//! Everything Kafka draws at random (member-id UUIDs, the sticky partitioner's next
//! partition, topic ids) comes from here, so one seed gives one history on every
//! target. No thread RNG, no wall clock.

use rand_core::{Rng, SeedableRng};
use rand_pcg::Pcg64Mcg;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug)]
pub struct SimRng {
    inner: Pcg64Mcg,
}

impl SimRng {
    pub fn new(seed: u64) -> Self {
        SimRng { inner: Pcg64Mcg::seed_from_u64(seed) }
    }

    pub fn next_u64(&mut self) -> u64 {
        self.inner.next_u64()
    }

    /// A uniform integer in `0..n` (Lemire's multiply-shift with rejection); `n` must be > 0.
    pub fn below(&mut self, n: u64) -> u64 {
        debug_assert!(n > 0);
        let threshold = n.wrapping_neg() % n;
        loop {
            let m = (self.next_u64() as u128) * (n as u128);
            if (m as u64) >= threshold {
                return (m >> 64) as u64;
            }
        }
    }

    /// A random (version 4) UUID, as `java.util.UUID.randomUUID()` makes them.
    pub fn uuid(&mut self) -> Uuid {
        let hi = (self.next_u64() & !0xF000) | 0x4000;
        let lo = (self.next_u64() & !(0b11 << 62)) | (0b10 << 62);
        Uuid { hi, lo }
    }
}

/// A 128-bit UUID with Kafka's two spellings: `java.util.UUID` (member ids) and
/// `org.apache.kafka.common.Uuid` (topic ids, URL-safe base64 without padding).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Uuid {
    pub hi: u64,
    pub lo: u64,
}

impl Uuid {
    /// `8-4-4-4-12` lowercase hex, as `java.util.UUID.toString()`.
    pub fn to_java_string(self) -> String {
        let h = self.hi;
        let l = self.lo;
        format!("{:08x}-{:04x}-{:04x}-{:04x}-{:012x}", h >> 32, (h >> 16) & 0xffff, h & 0xffff, l >> 48, l & 0xffff_ffff_ffff)
    }

    /// URL-safe base64 without padding (22 characters), as Kafka's `Uuid.toString()`.
    pub fn to_kafka_string(self) -> String {
        const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        let mut bytes = [0u8; 16];
        bytes[..8].copy_from_slice(&self.hi.to_be_bytes());
        bytes[8..].copy_from_slice(&self.lo.to_be_bytes());
        let mut out = String::with_capacity(22);
        for chunk in bytes.chunks(3) {
            let b = [chunk[0], *chunk.get(1).unwrap_or(&0), *chunk.get(2).unwrap_or(&0)];
            let n = (b[0] as u32) << 16 | (b[1] as u32) << 8 | b[2] as u32;
            let chars = chunk.len() + 1;
            for i in 0..chars {
                out.push(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize] as char);
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_draws() {
        let mut a = SimRng::new(42);
        let mut b = SimRng::new(42);
        for _ in 0..100 {
            assert_eq!(a.next_u64(), b.next_u64());
        }
        assert_ne!(SimRng::new(1).next_u64(), SimRng::new(2).next_u64());
    }

    #[test]
    fn below_stays_in_range() {
        let mut r = SimRng::new(7);
        let mut seen = [false; 5];
        for _ in 0..1000 {
            let v = r.below(5);
            assert!(v < 5);
            seen[v as usize] = true;
        }
        assert!(seen.iter().all(|s| *s));
    }

    #[test]
    fn uuid_spellings() {
        let u = Uuid { hi: 0x0123_4567_89ab_4def, lo: 0x8123_4567_89ab_cdef };
        assert_eq!(u.to_java_string(), "01234567-89ab-4def-8123-456789abcdef");
        // Kafka's Uuid.toString of the same 16 bytes (URL-safe base64, no padding).
        assert_eq!(u.to_kafka_string(), "ASNFZ4mrTe-BI0VniavN7w");
        let mut r = SimRng::new(3);
        let v = r.uuid().to_java_string();
        assert_eq!(&v[14..15], "4");
        assert!(matches!(&v[19..20], "8" | "9" | "a" | "b"));
    }
}
