//! A hasher whose output is the same on every target and every run (FNV-1a, 64 bit).
//!
//! The state hash used for determinism checks must agree between the native build and
//! wasm32, so `usize` is always hashed as eight bytes.

use std::hash::Hasher;

#[derive(Clone, Debug)]
pub struct StableHasher(u64);

impl Default for StableHasher {
    fn default() -> Self {
        StableHasher(0xcbf2_9ce4_8422_2325)
    }
}

impl StableHasher {
    /// A hasher that goes on from an earlier one's [`Hasher::finish`] (FNV-1a's state is
    /// its output), for a hash of a sequence computed one element at a time.
    pub fn with_state(state: u64) -> Self {
        StableHasher(state)
    }
}

impl Hasher for StableHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 ^= *b as u64;
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }
    fn write_usize(&mut self, i: usize) {
        self.write(&(i as u64).to_le_bytes());
    }
    fn write_isize(&mut self, i: isize) {
        self.write(&(i as i64).to_le_bytes());
    }
}

/// Hash any `Hash` value with the stable hasher.
pub fn stable_hash<T: std::hash::Hash + ?Sized>(value: &T) -> u64 {
    let mut h = StableHasher::default();
    value.hash(&mut h);
    h.finish()
}
