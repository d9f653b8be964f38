//! Stable sorting through one shared instance of the standard library's sort.
//!
//! Every `slice::sort_by` call with a new element type or comparator makes the
//! compiler emit another full copy of std's driftsort (about 4 KB of wasm each); the
//! crate had 35 of them, an eighth of the browser build. These functions sort a list
//! of indices with a `dyn` comparator instead, so std's sort is emitted once, then move
//! the elements into place with swaps. The result is exactly what `sort_by` gives
//! (stable, same order); only the wasm is smaller and each comparison is one indirect
//! call slower. Not a Kafka concept: a size measure for the browser build.

use std::cmp::Ordering;

/// The order that sorts `len` elements: `order[i]` is the index of the element that
/// belongs at `i`. Stable.
#[inline(never)]
fn sorted_order(len: usize, cmp: &mut dyn FnMut(usize, usize) -> Ordering) -> Vec<u32> {
    assert!(len <= u32::MAX as usize, "sorting: more than 2^32 elements");
    let mut order: Vec<u32> = (0..len as u32).collect();
    #[allow(clippy::disallowed_methods)] // the one instance (clippy.toml sends every other sort here)
    order.sort_by(|&a, &b| cmp(a as usize, b as usize));
    order
}

/// Moves `v[order[i]]` to position `i` for every `i`, following each cycle of the
/// permutation with swaps. Leaves `order` as the identity.
fn apply_order<T>(v: &mut [T], order: &mut [u32]) {
    for start in 0..v.len() {
        let mut at = start;
        while order[at] as usize != at {
            let from = order[at] as usize;
            order[at] = at as u32;
            if from == start {
                break;
            }
            v.swap(at, from);
            at = from;
        }
    }
}

/// Like `v.sort_by(cmp)`: a stable sort by a comparator.
pub fn sort_by<T>(v: &mut [T], mut cmp: impl FnMut(&T, &T) -> Ordering) {
    if v.len() < 2 {
        return;
    }
    let mut order = sorted_order(v.len(), &mut |a, b| cmp(&v[a], &v[b]));
    apply_order(v, &mut order);
}

/// Like `v.sort_by_key(key)`: a stable sort by a key.
pub fn sort_by_key<T, K: Ord>(v: &mut [T], mut key: impl FnMut(&T) -> K) {
    sort_by(v, |a, b| key(a).cmp(&key(b)));
}

/// Like `v.sort()`: a stable sort by the elements' order.
pub fn sort<T: Ord>(v: &mut [T]) {
    sort_by(v, T::cmp);
}

#[cfg(test)]
mod tests {
    #![allow(clippy::disallowed_methods)] // compared with std's own sort
    use super::*;

    /// A small deterministic generator, so the test needs no randomness crate.
    fn lcg(seed: &mut u64) -> u64 {
        *seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        *seed >> 33
    }

    #[test]
    fn same_order_as_std_stable_sort() {
        let mut seed = 7;
        for len in [0usize, 1, 2, 3, 5, 17, 64, 100, 1000] {
            for modulus in [1u64, 3, 50, 1 << 30] {
                // (key, original position): equal keys keep their positions' order
                let v: Vec<(u64, usize)> = (0..len).map(|i| (lcg(&mut seed) % modulus, i)).collect();
                let mut ours = v.clone();
                sort_by_key(&mut ours, |e| e.0);
                let mut std = v.clone();
                std.sort_by_key(|e| e.0);
                assert_eq!(ours, std, "len {len} modulus {modulus}");
            }
        }
    }

    #[test]
    fn sorts_owned_values() {
        let mut v: Vec<String> = ["kafka", "broker", "offset", "acks", "broker"].iter().map(|s| s.to_string()).collect();
        sort(&mut v);
        assert_eq!(v, ["acks", "broker", "broker", "kafka", "offset"]);
        sort_by(&mut v, |a, b| b.cmp(a));
        assert_eq!(v, ["offset", "kafka", "broker", "broker", "acks"]);
    }
}
