//! The group coordinator's uniform assignor (KIP-848, `group.remote.assignor=uniform`,
//! the default): balance first, then stickiness.
//!
//! Models group-coordinator/src/main/java/org/apache/kafka/coordinator/group/assignor/UniformAssignor.java
//! and its two builders.
//!
//! **Homogeneous** (all members subscribe to the same topics;
//! `UniformHomogeneousAssignmentBuilder.java`): with `T` partitions and `N` members,
//! members are visited in member-map order and the first `T % N` get quota
//! `T / N + 1`, the rest `T / N`. Each keeps its current partitions up to its quota (topic
//! by topic; a topic whose partitions fit is kept whole); the excess joins the unassigned
//! list after the partitions nobody owns (topic by topic, partitions ascending). Then each
//! member still under quota, in the same order, takes a contiguous run of that list.
//!
//! **Heterogeneous** (`UniformHeterogeneousAssignmentBuilder.java`): current partitions of
//! still-subscribed topics are kept; unassigned partitions are dealt topic by topic (most
//! partitions per subscriber first, then fewer subscribers, then topic id) to the least
//! loaded subscribers; then, for up to 16 passes over the topics with two or more
//! subscribers, partitions move from a topic's most loaded subscribers to its least loaded
//! ones until each topic's subscribers differ by at most one partition. This keeps every
//! member's current partitions unless they must move for balance.
//!
//! Orders, and where they are simplified:
//! * Members: Kafka's coordinator keeps member specs in a `HashMap` keyed by member id;
//!   members are visited in that `HashMap`'s iteration order (emulated, insertion order =
//!   the order given), index ties in the heterogeneous builder broken by that position.
//! * Topics: Kafka iterates a `HashSet<Uuid>` of topic ids. When every subscribed topic has
//!   an id (see [`ServerAssignor::assign_with_topic_ids`](super::ServerAssignor::assign_with_topic_ids)),
//!   that order is emulated (`Uuid.hashCode`, the set copied from the first member's
//!   subscription, insertion order = that subscription's order). Without ids, topics go in
//!   name order, and the heterogeneous tie-break compares names instead of ids.
//! * A member's current partitions are visited topic by topic, topics in the order they
//!   first appear in its `owned` list, partitions ascending. Kafka iterates the member's own
//!   `Map<Uuid, Set<Integer>>`, whose order its tests fix with an insertion-ordered map; a
//!   `Set<Integer>` of partition numbers iterates ascending.
//! * A partition claimed by several members is kept by the first in member order (Kafka's
//!   target assignment never holds duplicates). Partitions of unknown topics, or numbered
//!   beyond the topic's partition count, are dropped.
//!
//! Each member's list in the result is sorted by topic, then partition (Kafka returns sets).

use crate::engine::map::Map;
use crate::engine::sorting;
use std::cmp::Ordering;

use super::common::{prepare, to_assignment, Resolver, Subscriptions, Topics, NONE};
use super::java_hash::{copy_constructor_capacity, iteration_order_from, string_map_order, uuid_hash_code};
use super::{Assignment, MemberSubscription};
use crate::engine::rng::Uuid;

/// The heterogeneous builder's `MAX_ITERATION_COUNT`.
const MAX_ITERATION_COUNT: usize = 16;

/// `UniformAssignor.assign`. `topic_ids` may be empty (name order is used then).
pub fn assign(partitions_per_topic: &Map<String, u32>, topic_ids: &Map<String, Uuid>, members: &[MemberSubscription]) -> Assignment {
    run(partitions_per_topic, topic_ids, members, false)
}

/// As [`assign`], choosing the heterogeneous builder even when all subscriptions are equal
/// (Kafka's tests force it this way; the coordinator decides by subscription type).
pub fn assign_heterogeneous(
    partitions_per_topic: &Map<String, u32>,
    topic_ids: &Map<String, Uuid>,
    members: &[MemberSubscription],
) -> Assignment {
    run(partitions_per_topic, topic_ids, members, true)
}

fn run(
    partitions_per_topic: &Map<String, u32>,
    topic_ids: &Map<String, Uuid>,
    members: &[MemberSubscription],
    force_heterogeneous: bool,
) -> Assignment {
    let (topics, subs) = prepare(partitions_per_topic, members);
    if members.is_empty() {
        return Assignment::new();
    }
    let ids: Option<Vec<Uuid>> = topics.names.iter().map(|n| topic_ids.get(&**n).copied()).collect();
    let member_order = string_map_order(&members.iter().map(|m| m.member_id.as_str()).collect::<Vec<_>>());
    let owned = resolve_current(&topics, members, &member_order);
    let mut lists = if subs.all_equal() && !force_heterogeneous {
        homogeneous(&topics, ids.as_deref(), members, &member_order, &owned)
    } else {
        Heterogeneous::new(&topics, &subs, ids.as_deref(), &member_order, owned).build()
    };
    for l in &mut lists {
        sorting::sort(l);
    }
    to_assignment(&topics, members, &lists)
}

/// Parses Kafka's `Uuid.toString()` spelling (22 characters of URL-safe base64 without
/// padding), e.g. topic ids in Kafka's tests.
pub fn uuid_from_kafka_string(s: &str) -> Option<Uuid> {
    let bytes = s.as_bytes();
    if bytes.len() != 22 {
        return None;
    }
    let sextet = |c: u8| -> Option<u128> {
        Some(match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'-' => 62,
            b'_' => 63,
            _ => return None,
        } as u128)
    };
    // 21 characters carry 126 bits; the last carries the final 2 bits and 4 padding bits,
    // which Java's decoder ignores (Kafka's test id "T4-Tw9fVTLCz5HbPp6YQsa" sets them).
    let mut acc: u128 = 0;
    for &c in &bytes[..21] {
        acc = (acc << 6) | sextet(c)?;
    }
    let last = sextet(bytes[21])?;
    let value = (acc << 2) | (last >> 4);
    Some(Uuid { hi: (value >> 64) as u64, lo: value as u64 })
}

/// `Uuid.compareTo`: most significant bits, then least, as signed longs.
fn compare_uuids(a: Uuid, b: Uuid) -> Ordering {
    (a.hi as i64, a.lo as i64).cmp(&(b.hi as i64, b.lo as i64))
}

/// Each member's current partitions (valid ones, each partition kept by the first member
/// in member order claiming it).
fn resolve_current(topics: &Topics, members: &[MemberSubscription], member_order: &[usize]) -> Vec<Vec<u32>> {
    let mut taken = vec![false; topics.total()];
    let mut out = vec![Vec::new(); members.len()];
    let mut resolver = Resolver::new(topics);
    for &m in member_order {
        for tp in &members[m].owned {
            if let Some(g) = resolver.gid(tp) {
                if !std::mem::replace(&mut taken[g as usize], true) {
                    out[m].push(g);
                }
            }
        }
    }
    out
}

/// Topic order of the homogeneous builder: `HashSet<Uuid>` order when ids are known,
/// name order otherwise.
fn homogeneous_topic_order(topics: &Topics, ids: Option<&[Uuid]>, first: &MemberSubscription) -> Vec<u32> {
    let Some(ids) = ids else { return (0..topics.len() as u32).collect() };
    // The set is copied from the first member's subscription, in that order.
    let mut seen = vec![false; topics.len()];
    let mut inserted: Vec<u32> = Vec::with_capacity(topics.len());
    for name in &first.topics {
        if let Some(t) = topics.index(name) {
            if !std::mem::replace(&mut seen[t as usize], true) {
                inserted.push(t);
            }
        }
    }
    let hashes: Vec<i32> = inserted.iter().map(|&t| uuid_hash_code(ids[t as usize].hi, ids[t as usize].lo)).collect();
    iteration_order_from(copy_constructor_capacity(inserted.len()), &hashes).into_iter().map(|i| inserted[i]).collect()
}

/// `UniformHomogeneousAssignmentBuilder.build`.
fn homogeneous(
    topics: &Topics,
    ids: Option<&[Uuid]>,
    members: &[MemberSubscription],
    member_order: &[usize],
    owned: &[Vec<u32>],
) -> Vec<Vec<u32>> {
    let n = members.len();
    let total = topics.total();
    let topic_order = homogeneous_topic_order(topics, ids, &members[member_order[0]]);

    let mut is_owned = vec![false; total];
    for l in owned {
        for &g in l {
            is_owned[g as usize] = true;
        }
    }
    let mut unassigned: Vec<u32> = Vec::with_capacity(total);
    for &t in &topic_order {
        let start = topics.gid(t, 0);
        unassigned.extend((start..start + topics.counts[t as usize]).filter(|&g| !is_owned[g as usize]));
    }

    let min_quota = total / n;
    let mut extra = total % n;
    let mut target: Vec<Vec<u32>> = vec![Vec::new(); n];
    let mut unfilled: Vec<(usize, usize)> = Vec::new();
    // Per topic: the member that last ranked it, and its rank in that member's list.
    let mut topic_rank: Vec<(u32, u32)> = vec![(NONE, 0); topics.len()];
    for &m in member_order {
        let mut quota = min_quota;
        if extra > 0 {
            quota += 1;
            extra -= 1;
        }
        let mut next_rank = 0u32;
        for &g in &owned[m] {
            let slot = &mut topic_rank[topics.topic_of[g as usize] as usize];
            if slot.0 != m as u32 {
                *slot = (m as u32, next_rank);
                next_rank += 1;
            }
        }
        let mut current = owned[m].clone();
        sorting::sort_by_key(&mut current, |&g| (topic_rank[topics.topic_of[g as usize] as usize].1, g));
        let mut kept = Vec::with_capacity(current.len().min(quota));
        for run in current.chunk_by(|a, b| topics.topic_of[*a as usize] == topics.topic_of[*b as usize]) {
            if run.len() <= quota {
                quota -= run.len();
                kept.extend_from_slice(run);
            } else {
                for &g in run {
                    if quota > 0 {
                        quota -= 1;
                        kept.push(g);
                    } else {
                        unassigned.push(g);
                    }
                }
            }
        }
        if quota > 0 {
            unfilled.push((m, quota));
        }
        target[m] = kept;
    }

    // Contiguous runs of the unassigned list, member by member.
    let mut next = 0usize;
    for (m, quota) in unfilled {
        let end = (next + quota).min(unassigned.len());
        target[m].extend_from_slice(&unassigned[next..end]);
        next = end;
    }
    debug_assert_eq!(next, unassigned.len(), "partitions were left unassigned");
    target
}

/// `MemberAssignmentBalancer`: tracks the least and most loaded ranges of a topic's
/// subscribers, sorted by (assigned partitions, member index).
struct Balancer {
    sorted: Vec<u32>,
    least_end: usize,
    least_count: i64,
    next_least: usize,
    most_start: usize,
    most_end: usize,
    most_count: i64,
    next_most: isize,
}

impl Balancer {
    fn new() -> Self {
        Balancer {
            sorted: Vec::new(),
            least_end: 0,
            least_count: -1,
            next_least: 0,
            most_start: 0,
            most_end: 0,
            most_count: 1,
            next_most: -1,
        }
    }

    /// Returns the spread between the most and least loaded members.
    fn initialize(&mut self, members: &[u32], sizes: &[i64]) -> i64 {
        self.sorted.clear();
        self.sorted.extend_from_slice(members);
        sorting::sort_by_key(&mut self.sorted, |&m| (sizes[m as usize], m));
        let len = self.sorted.len();
        let (first, last) = (sizes[self.sorted[0] as usize], sizes[self.sorted[len - 1] as usize]);
        self.least_end = 0;
        self.least_count = first - 1;
        self.next_least = 0;
        self.most_start = len;
        self.most_end = len;
        self.most_count = last + 1;
        self.next_most = len as isize - 1;
        last - first
    }

    fn next_least_loaded(&mut self, sizes: &[i64]) -> u32 {
        if self.next_least >= self.least_end {
            self.least_count += 1;
            while self.least_end < self.sorted.len() && sizes[self.sorted[self.least_end] as usize] == self.least_count {
                self.least_end += 1;
            }
            self.next_least = 0;
        }
        let m = self.sorted[self.next_least];
        self.next_least += 1;
        m
    }

    fn next_most_loaded(&mut self, sizes: &[i64]) -> Option<u32> {
        if self.next_most < self.most_start as isize {
            if self.most_end <= self.most_start && self.most_start > 0 {
                self.most_count = sizes[self.sorted[self.most_start - 1] as usize];
            } else {
                self.most_count -= 1;
            }
            while self.most_start > 0 && sizes[self.sorted[self.most_start - 1] as usize] == self.most_count {
                self.most_start -= 1;
            }
            self.next_most = self.most_end as isize - 1;
        }
        if self.next_most < 0 {
            return None;
        }
        let m = self.sorted[self.next_most as usize];
        self.next_most -= 1;
        Some(m)
    }

    /// Drops the member last returned by `next_most_loaded` from the most loaded range.
    fn exclude_most_loaded(&mut self) {
        let i = (self.next_most + 1) as usize;
        self.sorted.swap(i, self.most_end - 1);
        self.most_end -= 1;
    }

    fn is_balanced(&self) -> bool {
        self.most_count - self.least_count <= 1
    }
}

/// `UniformHeterogeneousAssignmentBuilder`.
struct Heterogeneous<'a> {
    topics: &'a Topics,
    ids: Option<&'a [Uuid]>,
    /// Members by index (position in member order).
    member_of: &'a [usize],
    /// `topicSubscribers`: member indices, ascending.
    subscribers: Vec<Vec<u32>>,
    /// `memberTargetAssignmentSizes`.
    sizes: Vec<i64>,
    /// `targetAssignmentPartitionOwners`: member index per partition, NONE if unassigned.
    owners: Vec<u32>,
}

impl<'a> Heterogeneous<'a> {
    fn new(topics: &'a Topics, subs: &Subscriptions, ids: Option<&'a [Uuid]>, member_order: &'a [usize], owned: Vec<Vec<u32>>) -> Self {
        let n = member_order.len();
        let mut subscribers = vec![Vec::new(); topics.len()];
        for (i, &m) in member_order.iter().enumerate() {
            for &t in subs.topics(m) {
                subscribers[t as usize].push(i as u32);
            }
        }
        // maybeRevokePartitions: keep current partitions of subscribed topics.
        let mut sizes = vec![0i64; n];
        let mut owners = vec![NONE; topics.total()];
        for (i, &m) in member_order.iter().enumerate() {
            for &g in &owned[m] {
                if subs.subscribed(m, topics.topic_of[g as usize]) {
                    owners[g as usize] = i as u32;
                    sizes[i] += 1;
                }
            }
        }
        Heterogeneous { topics, ids, member_of: member_order, subscribers, sizes, owners }
    }

    /// The topic comparator: partitions per subscriber descending, then subscribers
    /// ascending, then topic id (name without ids).
    fn compare_topics(&self, a: u32, b: u32) -> Ordering {
        let (pa, pb) = (self.topics.counts[a as usize] as f64, self.topics.counts[b as usize] as f64);
        let (sa, sb) = (self.subscribers[a as usize].len(), self.subscribers[b as usize].len());
        (pb / sb as f64).total_cmp(&(pa / sa as f64)).then(sa.cmp(&sb)).then_with(|| match self.ids {
            Some(ids) => compare_uuids(ids[a as usize], ids[b as usize]),
            None => a.cmp(&b),
        })
    }

    fn sort_topics(&self, mut ts: Vec<u32>) -> Vec<u32> {
        sorting::sort_by(&mut ts, |&a, &b| self.compare_topics(a, b));
        ts
    }

    fn assign_partition(&mut self, g: u32, member: u32) {
        let old = self.owners[g as usize];
        if old != NONE {
            self.sizes[old as usize] -= 1;
        }
        self.owners[g as usize] = member;
        self.sizes[member as usize] += 1;
    }

    fn build(mut self) -> Vec<Vec<u32>> {
        let topics = self.topics;
        let subscribed: Vec<u32> = (0..topics.len() as u32).filter(|&t| !self.subscribers[t as usize].is_empty()).collect();

        // assignRemainingPartitions.
        let with_unassigned: Vec<u32> = subscribed
            .iter()
            .copied()
            .filter(|&t| {
                let start = topics.gid(t, 0);
                (start..start + topics.counts[t as usize]).any(|g| self.owners[g as usize] == NONE)
            })
            .collect();
        let mut balancer = Balancer::new();
        for t in self.sort_topics(with_unassigned) {
            let subscribers = std::mem::take(&mut self.subscribers[t as usize]);
            balancer.initialize(&subscribers, &self.sizes);
            let start = topics.gid(t, 0);
            for g in start..start + topics.counts[t as usize] {
                if self.owners[g as usize] == NONE {
                    let m = balancer.next_least_loaded(&self.sizes);
                    self.assign_partition(g, m);
                }
            }
            self.subscribers[t as usize] = subscribers;
        }

        // balance: topics with two or more subscribers.
        let movable: Vec<u32> = subscribed.into_iter().filter(|&t| self.subscribers[t as usize].len() >= 2).collect();
        if !movable.is_empty() {
            self.balance_topics(movable);
        }

        let mut lists = vec![Vec::new(); self.member_of.len()];
        for (g, &i) in self.owners.iter().enumerate() {
            if i != NONE {
                lists[self.member_of[i as usize]].push(g as u32);
            }
        }
        lists
    }

    /// `balanceTopics`: passes over the topics until a whole pass moves nothing.
    fn balance_topics(&mut self, movable: Vec<u32>) {
        let sorted = self.sort_topics(movable);
        let mut last_rebalanced: Option<usize> = None;
        let mut balancer = Balancer::new();
        for _ in 0..MAX_ITERATION_COUNT {
            for (i, &t) in sorted.iter().enumerate() {
                if last_rebalanced == Some(i) {
                    return;
                }
                let moved = self.balance_topic(t, &mut balancer);
                if moved > 0 || last_rebalanced.is_none() {
                    last_rebalanced = Some(i);
                }
            }
        }
    }

    /// `balanceTopic`: moves partitions of `t` from its most to its least loaded
    /// subscribers. Returns the number moved.
    fn balance_topic(&mut self, t: u32, balancer: &mut Balancer) -> usize {
        let topics = self.topics;
        let subscribers = std::mem::take(&mut self.subscribers[t as usize]);
        let imbalance = balancer.initialize(&subscribers, &self.sizes);
        self.subscribers[t as usize] = subscribers;
        if imbalance <= 1 {
            return 0;
        }
        let start = topics.gid(t, 0);
        let count = topics.counts[t as usize];
        // The topic's partitions grouped by owner (unassigned first), ascending within.
        let mut partitions: Vec<u32> = (start..start + count).collect();
        sorting::sort_by_key(&mut partitions, |&g| (self.owners[g as usize].wrapping_add(1), g));
        // Per owner index: the [start, end) range of its partitions in `partitions`.
        let mut ranges: Map<u32, (usize, usize)> = Map::new();
        for (i, &g) in partitions.iter().enumerate() {
            let r = ranges.entry(self.owners[g as usize]).or_insert((i, i + 1));
            r.1 = i + 1;
        }

        let mut moved = 0;
        while !balancer.is_balanced() {
            let mut most = None;
            while let Some(m) = balancer.next_most_loaded(&self.sizes) {
                match ranges.get(&m) {
                    Some(&(s, e)) if e > s => {
                        most = Some(m);
                        break;
                    }
                    _ => balancer.exclude_most_loaded(),
                }
            }
            let Some(most) = most else { break };
            let range = ranges.get_mut(&most).expect("range of the most loaded member");
            range.1 -= 1;
            let g = partitions[range.1];
            let least = balancer.next_least_loaded(&self.sizes);
            if balancer.is_balanced() {
                break;
            }
            self.assign_partition(g, least);
            moved += 1;
        }
        moved
    }
}
