//! The engine's ordered map and set: sorted vectors in place of std's B-trees.
//!
//! Every distinct `BTreeMap<K, V>` or `BTreeSet<T>` type makes the compiler emit its
//! own copy of the B-tree's node code (insert, split, remove, merge, steal, clone,
//! drop): the browser build carried about 500 such functions, 134 KB of wasm, for the
//! roughly thirty map and set types of the engine and the console. [`Map`] and [`Set`]
//! keep their entries in one `Vec` sorted by key, so each new type costs a binary search
//! and a `Vec` insert or remove instead.
//!
//! They offer the subset of `BTreeMap`'s and `BTreeSet`'s API that the crate uses, with
//! the same semantics: iteration is in ascending key order, `insert` returns the old
//! value (and keeps the old key), the last value of a repeated key wins in `collect` and
//! `extend`, and `Hash`, `Eq`, `Ord` and `Debug` give what the B-tree types give. So the
//! engine's determinism and every trace and state hash are unchanged. The cost is
//! `O(n)` for an insert or a remove in the middle (a memmove), against `O(log n)`: fine
//! at the engine's sizes (a few hundred partitions, members or offsets). One difference:
//! an inverted `range` (start after end) is empty here where `BTreeMap` panics; the
//! crate never asks for one. Not a Kafka concept: a size measure for the browser build.

use crate::engine::sorting;
use std::borrow::Borrow;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::iter::FusedIterator;
use std::ops::{Bound, Index, RangeBounds};

/// An ordered map from `K` to `V`: a `Vec` of entries sorted by key, no two keys equal.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Map<K, V> {
    entries: Vec<(K, V)>,
}

/// The index range of the entries whose keys lie in `range`, in a slice sorted by key.
fn range_of<T, Q: Ord + ?Sized>(sorted: &[T], key: impl Fn(&T) -> &Q, range: &impl RangeBounds<Q>) -> std::ops::Range<usize> {
    let start = match range.start_bound() {
        Bound::Included(q) => sorted.partition_point(|e| key(e) < q),
        Bound::Excluded(q) => sorted.partition_point(|e| key(e) <= q),
        Bound::Unbounded => 0,
    };
    let end = match range.end_bound() {
        Bound::Included(q) => sorted.partition_point(|e| key(e) <= q),
        Bound::Excluded(q) => sorted.partition_point(|e| key(e) < q),
        Bound::Unbounded => sorted.len(),
    };
    start..end.max(start)
}

impl<K, V> Map<K, V> {
    /// An empty map.
    pub const fn new() -> Self {
        Map { entries: Vec::new() }
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn clear(&mut self) {
        self.entries.clear();
    }

    /// The entries in ascending key order.
    pub fn iter(&self) -> Iter<'_, K, V> {
        Iter(self.entries.iter())
    }

    /// The entries in ascending key order, values mutable.
    pub fn iter_mut(&mut self) -> IterMut<'_, K, V> {
        IterMut(self.entries.iter_mut())
    }

    pub fn keys(&self) -> impl DoubleEndedIterator<Item = &K> + ExactSizeIterator + Clone {
        self.entries.iter().map(|(k, _)| k)
    }

    pub fn values(&self) -> impl DoubleEndedIterator<Item = &V> + ExactSizeIterator + Clone {
        self.entries.iter().map(|(_, v)| v)
    }

    pub fn values_mut(&mut self) -> impl DoubleEndedIterator<Item = &mut V> + ExactSizeIterator {
        self.entries.iter_mut().map(|(_, v)| v)
    }

    pub fn into_keys(self) -> impl DoubleEndedIterator<Item = K> + ExactSizeIterator {
        self.entries.into_iter().map(|(k, _)| k)
    }

    pub fn into_values(self) -> impl DoubleEndedIterator<Item = V> + ExactSizeIterator {
        self.entries.into_iter().map(|(_, v)| v)
    }

    pub fn first_key_value(&self) -> Option<(&K, &V)> {
        self.entries.first().map(|(k, v)| (k, v))
    }

    pub fn last_key_value(&self) -> Option<(&K, &V)> {
        self.entries.last().map(|(k, v)| (k, v))
    }

    pub fn pop_first(&mut self) -> Option<(K, V)> {
        if self.entries.is_empty() {
            None
        } else {
            Some(self.entries.remove(0))
        }
    }

    pub fn pop_last(&mut self) -> Option<(K, V)> {
        self.entries.pop()
    }

    /// Keeps the entries for which `keep` is true, visiting them in key order.
    pub fn retain(&mut self, mut keep: impl FnMut(&K, &mut V) -> bool) {
        self.entries.retain_mut(|(k, v)| keep(k, v));
    }
}

impl<K: Ord, V> Map<K, V> {
    /// `Ok(index)` of `key`'s entry, or `Err(index)` where it would be inserted.
    fn find<Q: Ord + ?Sized>(&self, key: &Q) -> Result<usize, usize>
    where
        K: Borrow<Q>,
    {
        self.entries.binary_search_by(|(k, _)| k.borrow().cmp(key))
    }

    pub fn get<Q: Ord + ?Sized>(&self, key: &Q) -> Option<&V>
    where
        K: Borrow<Q>,
    {
        self.find(key).ok().map(|i| &self.entries[i].1)
    }

    pub fn get_key_value<Q: Ord + ?Sized>(&self, key: &Q) -> Option<(&K, &V)>
    where
        K: Borrow<Q>,
    {
        self.find(key).ok().map(|i| (&self.entries[i].0, &self.entries[i].1))
    }

    pub fn get_mut<Q: Ord + ?Sized>(&mut self, key: &Q) -> Option<&mut V>
    where
        K: Borrow<Q>,
    {
        self.find(key).ok().map(|i| &mut self.entries[i].1)
    }

    pub fn contains_key<Q: Ord + ?Sized>(&self, key: &Q) -> bool
    where
        K: Borrow<Q>,
    {
        self.find(key).is_ok()
    }

    /// Inserts `value` under `key`; returns the value it replaces (the old key stays).
    pub fn insert(&mut self, key: K, value: V) -> Option<V> {
        match self.find(&key) {
            Ok(i) => Some(std::mem::replace(&mut self.entries[i].1, value)),
            Err(i) => {
                self.entries.insert(i, (key, value));
                None
            }
        }
    }

    pub fn remove<Q: Ord + ?Sized>(&mut self, key: &Q) -> Option<V>
    where
        K: Borrow<Q>,
    {
        self.remove_entry(key).map(|(_, v)| v)
    }

    pub fn remove_entry<Q: Ord + ?Sized>(&mut self, key: &Q) -> Option<(K, V)>
    where
        K: Borrow<Q>,
    {
        self.find(key).ok().map(|i| self.entries.remove(i))
    }

    /// The map of `entries` given in any order, sorted once: `O(n log n)` where
    /// inserting them one by one (`collect`, `extend`) moves `O(n²)` entries when they
    /// come out of order. Of a repeated key the first key and the last value stay, as
    /// with inserts. For big maps built at once (an assignment of a thousand members);
    /// elsewhere `collect` has less code.
    pub fn from_unsorted(mut entries: Vec<(K, V)>) -> Self {
        if !entries.windows(2).all(|w| w[0].0 < w[1].0) {
            // stable: of equal keys the first inserted comes first, keeps its key and
            // takes the last value
            sorting::sort_by(&mut entries, |a, b| a.0.cmp(&b.0));
            entries.dedup_by(|later, kept| {
                let same = later.0 == kept.0;
                if same {
                    std::mem::swap(&mut later.1, &mut kept.1);
                }
                same
            });
        }
        Map { entries }
    }

    /// The entry for `key`, to read or insert in place.
    pub fn entry(&mut self, key: K) -> Entry<'_, K, V> {
        let at = self.find(&key);
        Entry { entries: &mut self.entries, key, at }
    }

    /// The entries whose keys lie in `range`, in ascending key order.
    pub fn range<Q: Ord + ?Sized, R: RangeBounds<Q>>(&self, range: R) -> Iter<'_, K, V>
    where
        K: Borrow<Q>,
    {
        let r = range_of(&self.entries, |(k, _)| k.borrow(), &range);
        Iter(self.entries[r].iter())
    }
}

/// A key's place in a [`Map`], from [`Map::entry`]: occupied or vacant.
pub struct Entry<'a, K, V> {
    entries: &'a mut Vec<(K, V)>,
    key: K,
    at: Result<usize, usize>,
}

impl<'a, K, V> Entry<'a, K, V> {
    pub fn key(&self) -> &K {
        match self.at {
            Ok(i) => &self.entries[i].0,
            Err(_) => &self.key,
        }
    }

    /// The value, inserting `make()` first if the key is vacant.
    pub fn or_insert_with(self, make: impl FnOnce() -> V) -> &'a mut V {
        let i = match self.at {
            Ok(i) => i,
            Err(i) => {
                self.entries.insert(i, (self.key, make()));
                i
            }
        };
        &mut self.entries[i].1
    }

    pub fn or_insert(self, value: V) -> &'a mut V {
        self.or_insert_with(|| value)
    }

    pub fn or_default(self) -> &'a mut V
    where
        V: Default,
    {
        self.or_insert_with(V::default)
    }

    /// Applies `f` to the value if the key is occupied.
    pub fn and_modify(self, f: impl FnOnce(&mut V)) -> Self {
        if let Ok(i) = self.at {
            f(&mut self.entries[i].1);
        }
        self
    }
}

impl<K, V> Default for Map<K, V> {
    fn default() -> Self {
        Map::new()
    }
}

impl<K: fmt::Debug, V: fmt::Debug> fmt::Debug for Map<K, V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

/// The same hash as `BTreeMap`'s: the length, then each key and value in key order.
impl<K: Hash, V: Hash> Hash for Map<K, V> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        state.write_usize(self.entries.len());
        for (k, v) in &self.entries {
            k.hash(state);
            v.hash(state);
        }
    }
}

/// Serialized as a map in key order, as `BTreeMap` is.
impl<K: serde::Serialize, V: serde::Serialize> serde::Serialize for Map<K, V> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.iter())
    }
}

impl<K: Ord + Borrow<Q>, Q: Ord + ?Sized, V> Index<&Q> for Map<K, V> {
    type Output = V;

    fn index(&self, key: &Q) -> &V {
        self.get(key).expect("no entry found for key")
    }
}

impl<K: Ord, V> Extend<(K, V)> for Map<K, V> {
    fn extend<I: IntoIterator<Item = (K, V)>>(&mut self, iter: I) {
        for (k, v) in iter {
            self.insert(k, v);
        }
    }
}

impl<K: Ord, V> FromIterator<(K, V)> for Map<K, V> {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Self {
        let mut map = Map::new();
        map.extend(iter);
        map
    }
}

impl<K: Ord, V, const N: usize> From<[(K, V); N]> for Map<K, V> {
    fn from(entries: [(K, V); N]) -> Self {
        entries.into_iter().collect()
    }
}

impl<K, V> IntoIterator for Map<K, V> {
    type Item = (K, V);
    type IntoIter = std::vec::IntoIter<(K, V)>;

    fn into_iter(self) -> Self::IntoIter {
        self.entries.into_iter()
    }
}

impl<'a, K, V> IntoIterator for &'a Map<K, V> {
    type Item = (&'a K, &'a V);
    type IntoIter = Iter<'a, K, V>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl<'a, K, V> IntoIterator for &'a mut Map<K, V> {
    type Item = (&'a K, &'a mut V);
    type IntoIter = IterMut<'a, K, V>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter_mut()
    }
}

/// A [`Map`]'s entries by reference, in key order.
#[derive(Clone, Debug)]
pub struct Iter<'a, K, V>(std::slice::Iter<'a, (K, V)>);

impl<'a, K, V> Iterator for Iter<'a, K, V> {
    type Item = (&'a K, &'a V);

    fn next(&mut self) -> Option<Self::Item> {
        self.0.next().map(|(k, v)| (k, v))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.0.size_hint()
    }
}

impl<K, V> DoubleEndedIterator for Iter<'_, K, V> {
    fn next_back(&mut self) -> Option<Self::Item> {
        self.0.next_back().map(|(k, v)| (k, v))
    }
}

impl<K, V> ExactSizeIterator for Iter<'_, K, V> {}
impl<K, V> FusedIterator for Iter<'_, K, V> {}

/// A [`Map`]'s entries with mutable values, in key order.
#[derive(Debug)]
pub struct IterMut<'a, K, V>(std::slice::IterMut<'a, (K, V)>);

impl<'a, K, V> Iterator for IterMut<'a, K, V> {
    type Item = (&'a K, &'a mut V);

    fn next(&mut self) -> Option<Self::Item> {
        self.0.next().map(|(k, v)| (&*k, v))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.0.size_hint()
    }
}

impl<K, V> DoubleEndedIterator for IterMut<'_, K, V> {
    fn next_back(&mut self) -> Option<Self::Item> {
        self.0.next_back().map(|(k, v)| (&*k, v))
    }
}

impl<K, V> ExactSizeIterator for IterMut<'_, K, V> {}
impl<K, V> FusedIterator for IterMut<'_, K, V> {}

/// An ordered set of `T`: a `Vec` sorted ascending, no two elements equal.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Set<T> {
    items: Vec<T>,
}

impl<T> Set<T> {
    /// An empty set.
    pub const fn new() -> Self {
        Set { items: Vec::new() }
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn clear(&mut self) {
        self.items.clear();
    }

    /// The elements in ascending order.
    pub fn iter(&self) -> std::slice::Iter<'_, T> {
        self.items.iter()
    }

    pub fn first(&self) -> Option<&T> {
        self.items.first()
    }

    pub fn last(&self) -> Option<&T> {
        self.items.last()
    }

    pub fn pop_first(&mut self) -> Option<T> {
        if self.items.is_empty() {
            None
        } else {
            Some(self.items.remove(0))
        }
    }

    pub fn pop_last(&mut self) -> Option<T> {
        self.items.pop()
    }

    /// Keeps the elements for which `keep` is true, visiting them in order.
    pub fn retain(&mut self, keep: impl FnMut(&T) -> bool) {
        self.items.retain(keep);
    }
}

impl<T: Ord> Set<T> {
    fn find<Q: Ord + ?Sized>(&self, value: &Q) -> Result<usize, usize>
    where
        T: Borrow<Q>,
    {
        self.items.binary_search_by(|t| t.borrow().cmp(value))
    }

    pub fn contains<Q: Ord + ?Sized>(&self, value: &Q) -> bool
    where
        T: Borrow<Q>,
    {
        self.find(value).is_ok()
    }

    pub fn get<Q: Ord + ?Sized>(&self, value: &Q) -> Option<&T>
    where
        T: Borrow<Q>,
    {
        self.find(value).ok().map(|i| &self.items[i])
    }

    /// Adds `value`; false if an equal element was present (it stays, as in `BTreeSet`).
    pub fn insert(&mut self, value: T) -> bool {
        match self.find(&value) {
            Ok(_) => false,
            Err(i) => {
                self.items.insert(i, value);
                true
            }
        }
    }

    pub fn remove<Q: Ord + ?Sized>(&mut self, value: &Q) -> bool
    where
        T: Borrow<Q>,
    {
        self.take(value).is_some()
    }

    pub fn take<Q: Ord + ?Sized>(&mut self, value: &Q) -> Option<T>
    where
        T: Borrow<Q>,
    {
        self.find(value).ok().map(|i| self.items.remove(i))
    }

    /// The elements that lie in `range`, in ascending order.
    pub fn range<Q: Ord + ?Sized, R: RangeBounds<Q>>(&self, range: R) -> std::slice::Iter<'_, T>
    where
        T: Borrow<Q>,
    {
        let r = range_of(&self.items, |t| t.borrow(), &range);
        self.items[r].iter()
    }
}

impl<T> Default for Set<T> {
    fn default() -> Self {
        Set::new()
    }
}

impl<T: fmt::Debug> fmt::Debug for Set<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set().entries(self.iter()).finish()
    }
}

/// The same hash as `BTreeSet`'s: the length, then each element in order.
impl<T: Hash> Hash for Set<T> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        state.write_usize(self.items.len());
        for t in &self.items {
            t.hash(state);
        }
    }
}

/// Serialized as a sequence in order, as `BTreeSet` is.
impl<T: serde::Serialize> serde::Serialize for Set<T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.iter())
    }
}

impl<T: Ord> Extend<T> for Set<T> {
    fn extend<I: IntoIterator<Item = T>>(&mut self, iter: I) {
        for t in iter {
            self.insert(t);
        }
    }
}

impl<T: Ord> FromIterator<T> for Set<T> {
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> Self {
        let mut set = Set::new();
        set.extend(iter);
        set
    }
}

impl<T: Ord, const N: usize> From<[T; N]> for Set<T> {
    fn from(items: [T; N]) -> Self {
        items.into_iter().collect()
    }
}

impl<T> IntoIterator for Set<T> {
    type Item = T;
    type IntoIter = std::vec::IntoIter<T>;

    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

impl<'a, T> IntoIterator for &'a Set<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;

    fn into_iter(self) -> Self::IntoIter {
        self.items.iter()
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::engine::stable_hash::stable_hash;
    use proptest::prelude::*;
    use std::collections::{BTreeMap, BTreeSet};

    /// One operation of the map API, applied to both a `Map` and a `BTreeMap`.
    #[derive(Clone, Debug)]
    enum Op {
        Insert(u8, u16),
        Remove(u8),
        RemoveEntry(u8),
        EntryOrInsert(u8, u16),
        EntryAndModifyOrDefault(u8),
        GetMut(u8, u16),
        Retain(u8),
        PopFirst,
        PopLast,
        Extend(Vec<(u8, u16)>),
        Clear,
    }

    fn op() -> impl Strategy<Value = Op> {
        // keys in 0..40 so that inserts hit existing keys often
        let k = || 0u8..40;
        prop_oneof![
            4 => (k(), any::<u16>()).prop_map(|(k, v)| Op::Insert(k, v)),
            2 => k().prop_map(Op::Remove),
            1 => k().prop_map(Op::RemoveEntry),
            2 => (k(), any::<u16>()).prop_map(|(k, v)| Op::EntryOrInsert(k, v)),
            2 => k().prop_map(Op::EntryAndModifyOrDefault),
            1 => (k(), any::<u16>()).prop_map(|(k, v)| Op::GetMut(k, v)),
            1 => (1u8..5).prop_map(Op::Retain),
            1 => Just(Op::PopFirst),
            1 => Just(Op::PopLast),
            1 => proptest::collection::vec((k(), any::<u16>()), 0..8).prop_map(Op::Extend),
            1 => Just(Op::Clear),
        ]
    }

    /// Applies `op` to both maps and checks that every result agrees.
    fn apply(ours: &mut Map<u8, u16>, std: &mut BTreeMap<u8, u16>, op: &Op) {
        match op {
            Op::Insert(k, v) => assert_eq!(ours.insert(*k, *v), std.insert(*k, *v)),
            Op::Remove(k) => assert_eq!(ours.remove(k), std.remove(k)),
            Op::RemoveEntry(k) => assert_eq!(ours.remove_entry(k), std.remove_entry(k)),
            Op::EntryOrInsert(k, v) => assert_eq!(*ours.entry(*k).or_insert(*v), *std.entry(*k).or_insert(*v)),
            Op::EntryAndModifyOrDefault(k) => {
                let a = *ours.entry(*k).and_modify(|v| *v = v.wrapping_add(7)).or_default();
                let b = *std.entry(*k).and_modify(|v| *v = v.wrapping_add(7)).or_default();
                assert_eq!(a, b);
            }
            Op::GetMut(k, v) => {
                let a = ours.get_mut(k).map(|x| std::mem::replace(x, *v));
                let b = std.get_mut(k).map(|x| std::mem::replace(x, *v));
                assert_eq!(a, b);
            }
            Op::Retain(m) => {
                let mut seen_ours = Vec::new();
                ours.retain(|k, v| {
                    seen_ours.push(*k);
                    (*k as u16).wrapping_add(*v) % *m as u16 != 0
                });
                let mut seen_std = Vec::new();
                std.retain(|k, v| {
                    seen_std.push(*k);
                    (*k as u16).wrapping_add(*v) % *m as u16 != 0
                });
                assert_eq!(seen_ours, seen_std, "retain visits in key order");
            }
            Op::PopFirst => assert_eq!(ours.pop_first(), std.pop_first()),
            Op::PopLast => assert_eq!(ours.pop_last(), std.pop_last()),
            Op::Extend(items) => {
                ours.extend(items.iter().copied());
                std.extend(items.iter().copied());
            }
            Op::Clear => {
                ours.clear();
                std.clear();
            }
        }
    }

    /// Every read of the map API agrees between the two maps.
    fn same(ours: &Map<u8, u16>, std: &BTreeMap<u8, u16>) {
        assert_eq!(ours.len(), std.len());
        assert_eq!(ours.is_empty(), std.is_empty());
        assert!(ours.iter().eq(std.iter()));
        assert!(ours.iter().rev().eq(std.iter().rev()));
        assert!(ours.keys().eq(std.keys()));
        assert!(ours.values().eq(std.values()));
        assert_eq!(ours.first_key_value(), std.first_key_value());
        assert_eq!(ours.last_key_value(), std.last_key_value());
        for k in 0..42u8 {
            assert_eq!(ours.get(&k), std.get(&k));
            assert_eq!(ours.get_key_value(&k), std.get_key_value(&k));
            assert_eq!(ours.contains_key(&k), std.contains_key(&k));
        }
        for (a, b) in [(0u8, 0u8), (3, 17), (10, 10), (39, 45), (20, 21)] {
            assert!(ours.range(a..b).eq(std.range(a..b)), "{a}..{b}");
            assert!(ours.range(a..=b).eq(std.range(a..=b)), "{a}..={b}");
            assert!(ours.range(a..).eq(std.range(a..)), "{a}..");
            assert!(ours.range(..b).eq(std.range(..b)), "..{b}");
            assert!(ours.range((Bound::Excluded(a), Bound::Included(b))).eq(std.range((Bound::Excluded(a), Bound::Included(b)))));
        }
        assert_eq!(format!("{ours:?}"), format!("{std:?}"));
        assert_eq!(stable_hash(ours), stable_hash(std), "Hash agrees with BTreeMap's");
        assert_eq!(serde_json::to_string(ours).unwrap(), serde_json::to_string(std).unwrap());
        assert!(ours.clone().into_iter().eq(std.clone()));
    }

    proptest! {
        #[test]
        fn map_agrees_with_btreemap(ops in proptest::collection::vec(op(), 0..120)) {
            let mut ours = Map::new();
            let mut std = BTreeMap::new();
            for op in &ops {
                apply(&mut ours, &mut std, op);
                same(&ours, &std);
            }
            let collected: Map<u8, u16> = std.iter().rev().map(|(k, v)| (*k, *v)).collect();
            same(&collected, &std);
        }

        #[test]
        fn collect_agrees_with_inserting(items in proptest::collection::vec((0u8..20, 0u8..4, any::<u16>()), 0..60)) {
            // keys equal by `Ord` but told apart by their second field: `collect` and
            // `from_unsorted` keep the first key of a repeated one and the last value,
            // as `insert` does
            let mut one_by_one: Map<Tagged, u16> = Map::new();
            for &(k, tag, v) in &items {
                one_by_one.insert(Tagged(k, tag), v);
            }
            let collected: Map<Tagged, u16> = items.iter().map(|&(k, tag, v)| (Tagged(k, tag), v)).collect();
            prop_assert!(collected.iter().map(|(k, v)| (k.0, k.1, *v)).eq(one_by_one.iter().map(|(k, v)| (k.0, k.1, *v))));
            let sorted_once = Map::from_unsorted(items.iter().map(|&(k, tag, v)| (Tagged(k, tag), v)).collect());
            prop_assert!(sorted_once.iter().map(|(k, v)| (k.0, k.1, *v)).eq(one_by_one.iter().map(|(k, v)| (k.0, k.1, *v))));
            let std: BTreeMap<u8, u16> = items.iter().map(|&(k, _, v)| (k, v)).collect();
            prop_assert!(collected.iter().map(|(k, v)| (k.0, *v)).eq(std.iter().map(|(k, v)| (*k, *v))));
            let set: Set<Tagged> = items.iter().map(|&(k, tag, _)| Tagged(k, tag)).collect();
            let mut set_by_insert = Set::new();
            for &(k, tag, _) in &items {
                set_by_insert.insert(Tagged(k, tag));
            }
            prop_assert!(set.iter().map(|t| (t.0, t.1)).eq(set_by_insert.iter().map(|t| (t.0, t.1))));
        }

        #[test]
        fn map_order_agrees_with_btreemap(a in proptest::collection::vec((0u8..6, 0u16..3), 0..6),
                                          b in proptest::collection::vec((0u8..6, 0u16..3), 0..6)) {
            let (ma, mb): (Map<u8, u16>, Map<u8, u16>) = (a.iter().copied().collect(), b.iter().copied().collect());
            let (sa, sb): (BTreeMap<u8, u16>, BTreeMap<u8, u16>) = (a.iter().copied().collect(), b.iter().copied().collect());
            prop_assert_eq!(ma.cmp(&mb), sa.cmp(&sb));
            prop_assert_eq!(ma == mb, sa == sb);
        }

        #[test]
        fn set_agrees_with_btreeset(ops in proptest::collection::vec((0u8..4, 0u8..40), 0..120)) {
            let mut ours = Set::new();
            let mut std = BTreeSet::new();
            for &(op, x) in &ops {
                match op {
                    0 | 1 => prop_assert_eq!(ours.insert(x), std.insert(x)),
                    2 => prop_assert_eq!(ours.remove(&x), std.remove(&x)),
                    _ => {
                        prop_assert_eq!(ours.pop_first(), std.pop_first());
                        prop_assert_eq!(ours.pop_last(), std.pop_last());
                    }
                }
                prop_assert!(ours.iter().eq(std.iter()));
                prop_assert_eq!(ours.len(), std.len());
                prop_assert_eq!(ours.first(), std.first());
                prop_assert_eq!(ours.last(), std.last());
                prop_assert_eq!(ours.contains(&x), std.contains(&x));
                prop_assert!(ours.range(x / 2..x).eq(std.range(x / 2..x)));
                prop_assert_eq!(stable_hash(&ours), stable_hash(&std));
                prop_assert_eq!(format!("{ours:?}"), format!("{std:?}"));
            }
            ours.retain(|x| x % 3 != 0);
            std.retain(|x| x % 3 != 0);
            prop_assert!(ours.iter().eq(std.iter()));
        }
    }

    /// A key ordered by its first field only.
    #[derive(Clone, Copy, Debug)]
    struct Tagged(u8, u8);

    impl PartialEq for Tagged {
        fn eq(&self, other: &Self) -> bool {
            self.0 == other.0
        }
    }
    impl Eq for Tagged {}
    impl PartialOrd for Tagged {
        fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
            Some(self.cmp(other))
        }
    }
    impl Ord for Tagged {
        fn cmp(&self, other: &Self) -> std::cmp::Ordering {
            self.0.cmp(&other.0)
        }
    }

    #[test]
    fn string_keys_look_up_by_str() {
        let mut m: Map<String, u32> = Map::new();
        m.insert("beta".into(), 2);
        m.insert("alpha".into(), 1);
        *m.entry("gamma".into()).or_default() += 3;
        assert_eq!(m.get("alpha"), Some(&1));
        assert_eq!(m["gamma"], 3);
        assert_eq!(m.keys().map(String::as_str).collect::<Vec<_>>(), ["alpha", "beta", "gamma"]);
        assert!(m.range::<str, _>((Bound::Included("b"), Bound::Unbounded)).map(|(k, _)| k.as_str()).eq(["beta", "gamma"]));
        // an occupied entry keeps its key and value
        assert_eq!(m.entry("beta".into()).key(), "beta");
        assert_eq!(*m.entry("beta".into()).or_insert(9), 2);
    }
}
