//! The client-side sticky assignor: balanced first, then as few moves as possible.
//!
//! Models clients/src/main/java/org/apache/kafka/clients/consumer/internals/AbstractStickyAssignor.java
//! (shared by clients/src/main/java/org/apache/kafka/clients/consumer/StickyAssignor.java and
//! [`cooperative_sticky`](super::cooperative_sticky)):
//!
//! 1. **Previous owners** (`allSubscriptionsEqual`). Members are visited in
//!    `java.util.HashMap` iteration order of their member ids (see
//!    [`java_hash`](super::java_hash)). A partition claimed by two members of the same
//!    generation is dropped from both and remembered as doubly claimed; between different
//!    generations the higher one keeps it. Claims on topics nobody subscribes to are dropped.
//! 2. **All subscriptions equal** (`ConstrainedAssignmentBuilder`): quotas
//!    `floor(T/N)` and `ceil(T/N)`, each member keeps what it owns up to its quota (in the
//!    same `HashMap` order, owned partitions sorted by partition number, then topic), and the
//!    rest is dealt round-robin to members under quota, sorted by member id.
//! 3. **Unequal subscriptions** (`GeneralAssignmentBuilder`): keep valid owned partitions,
//!    give each unassigned partition (topics with fewer potential consumers first) to the
//!    least loaded member that can take it, then move partitions from more to less loaded
//!    members until balanced, preferring to move a partition back to its previous owner
//!    and undoing earlier moves of the same topic between the same pair of members
//!    (`PartitionMovements`). If the moves did not improve the balance score, they are
//!    reverted.
//!
//! Differences from Kafka, all in cases Kafka's own clients never produce:
//! * Owned partitions with a number beyond the topic's partition count are ignored.
//! * A member with an empty subscription makes the subscriptions unequal even when it
//!   is visited first (Kafka then takes the next member's topics as the reference, and the
//!   constrained builder would give the empty member partitions it did not subscribe to).
//! * In the balancing loop, a partition is only moved back to its previous owner if that
//!   owner still subscribes to its topic and is still balanceable (Kafka would assign an
//!   unsubscribed partition, or fail with a `NullPointerException`), and the loop stops
//!   after a generous bound on the number of moves.
//! * `maxGeneration` is computed per call (Kafka keeps it in the assignor instance).
//! * Rack-aware assignment is not modelled (the simulator has no racks).

use crate::engine::map::{Map, Set};
use crate::engine::sorting;

use super::common::{member_id_ranks, prepare, to_assignment, Resolver, Subscriptions, Topics, NONE};
use super::java_hash::{string_map_order, topic_partition_hash_code, JavaHashSet};
use super::{Assignment, MemberSubscription, TopicPartition};

/// Kafka's `AbstractStickyAssignor.DEFAULT_GENERATION`.
pub const DEFAULT_GENERATION: i32 = -1;

/// The result of one sticky assignment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StickyOutcome {
    pub assignment: Assignment,
    /// `partitionsTransferringOwnership`: partitions that a member gets in this assignment
    /// although another member owned them (or several claimed them), mapped to the new
    /// owner. `None` when the general (unequal subscriptions) builder ran, as in Kafka.
    pub partitions_transferring_ownership: Option<Map<TopicPartition, String>>,
}

/// `AbstractStickyAssignor.assign` as the (eager) `StickyAssignor` runs it.
pub fn assign(partitions_per_topic: &Map<String, u32>, members: &[MemberSubscription]) -> StickyOutcome {
    let run = run(partitions_per_topic, members);
    let transferring = run
        .transferring
        .as_ref()
        .map(|t| t.iter().map(|&(g, m)| (run.topics.tp(g), members[m as usize].member_id.clone())).collect::<Map<_, _>>());
    StickyOutcome { assignment: to_assignment(&run.topics, members, &run.lists), partitions_transferring_ownership: transferring }
}

/// The raw result of a sticky run, for [`cooperative_sticky`](super::cooperative_sticky).
pub(crate) struct Run {
    pub topics: Topics,
    /// Each member's partitions, in Kafka's list order.
    pub lists: Vec<Vec<u32>>,
    /// (partition, new owner) when the constrained builder ran.
    pub transferring: Option<Vec<(u32, u32)>>,
}

pub(crate) fn run(partitions_per_topic: &Map<String, u32>, members: &[MemberSubscription]) -> Run {
    let (topics, subs) = prepare(partitions_per_topic, members);
    if members.is_empty() {
        return Run { topics, lists: Vec::new(), transferring: Some(Vec::new()) };
    }
    let hash_order = string_map_order(&members.iter().map(|m| m.member_id.as_str()).collect::<Vec<_>>());
    let ranks = member_id_ranks(members);
    let owned = resolve_owned(&topics, members, &hash_order);
    if subs.all_equal() {
        let (lists, transferring) = constrained(&topics, &ranks, &hash_order, &owned);
        Run { topics, lists, transferring: Some(transferring) }
    } else {
        let lists = General::new(&topics, &subs, members, &ranks, &hash_order, &owned).build();
        Run { topics, lists, transferring: None }
    }
}

/// The previously owned partitions after conflict resolution.
pub(crate) struct Owned {
    /// `consumerToOwnedPartitions`: per member, in claim order.
    pub lists: Vec<Vec<u32>>,
    /// `partitionsWithMultiplePreviousOwners`.
    pub multi: Vec<bool>,
    pub max_generation: i32,
}

/// The owned-partition half of `allSubscriptionsEqual`.
fn resolve_owned(topics: &Topics, members: &[MemberSubscription], hash_order: &[usize]) -> Owned {
    let total = topics.total();
    let mut slots: Vec<Vec<u32>> = vec![Vec::new(); members.len()];
    // Per partition: the member recorded as its owner, and where the claim sits in that
    // member's list (NONE when the claim was not kept).
    let mut claim: Vec<(u32, u32)> = vec![(NONE, NONE); total];
    let mut multi = vec![false; total];
    let mut max_generation = DEFAULT_GENERATION;
    let mut resolver = Resolver::new(topics);
    for &m in hash_order {
        let generation = members[m].generation.unwrap_or(DEFAULT_GENERATION);
        max_generation = max_generation.max(generation);
        for tp in &members[m].owned {
            let Some(g) = resolver.gid(tp) else { continue };
            let (other, pos) = claim[g as usize];
            if other == NONE {
                slots[m].push(g);
                claim[g as usize] = (m as u32, slots[m].len() as u32 - 1);
                continue;
            }
            let other_generation = members[other as usize].generation.unwrap_or(DEFAULT_GENERATION);
            if generation == other_generation {
                // Same generation: nobody keeps it.
                multi[g as usize] = true;
                if pos != NONE {
                    slots[other as usize][pos as usize] = NONE;
                }
                claim[g as usize] = (m as u32, NONE);
            } else if generation > other_generation {
                if pos != NONE {
                    slots[other as usize][pos as usize] = NONE;
                }
                slots[m].push(g);
                claim[g as usize] = (m as u32, slots[m].len() as u32 - 1);
            }
        }
    }
    let lists = slots.into_iter().map(|l| l.into_iter().filter(|&g| g != NONE).collect()).collect();
    Owned { lists, multi, max_generation }
}

/// A `java.util.LinkedList` of members walked by one iterator that may remove the element
/// it just returned, restartable from the head.
struct Unfilled {
    list: Vec<u32>,
    alive: Vec<bool>,
    cursor: usize,
    last: usize,
    alive_count: usize,
}

impl Unfilled {
    fn new(list: Vec<u32>) -> Self {
        let n = list.len();
        Unfilled { list, alive: vec![true; n], cursor: 0, last: 0, alive_count: n }
    }

    fn has_next(&mut self) -> bool {
        while self.cursor < self.list.len() && !self.alive[self.cursor] {
            self.cursor += 1;
        }
        self.cursor < self.list.len()
    }

    /// Call only after `has_next()` returned true.
    fn next(&mut self) -> u32 {
        self.last = self.cursor;
        self.cursor += 1;
        self.list[self.last]
    }

    fn remove_last(&mut self) {
        if self.alive[self.last] {
            self.alive[self.last] = false;
            self.alive_count -= 1;
        }
    }

    fn is_empty(&self) -> bool {
        self.alive_count == 0
    }

    /// A fresh iterator: drops removed entries and starts at the head.
    fn restart(&mut self) {
        let mut i = 0;
        let alive = &self.alive;
        self.list.retain(|_| {
            let keep = alive[i];
            i += 1;
            keep
        });
        self.alive = vec![true; self.list.len()];
        self.cursor = 0;
    }
}

/// `ConstrainedAssignmentBuilder.build` without racks. Returns each member's list and the
/// partitions transferring ownership.
fn constrained(topics: &Topics, ranks: &[u32], hash_order: &[usize], owned: &Owned) -> (Vec<Vec<u32>>, Vec<(u32, u32)>) {
    let n = hash_order.len();
    let total = topics.total();
    let min_quota = total / n;
    let max_quota = total.div_ceil(n);
    let expected_over_min = total % n;
    let mut current_over_min = 0usize;

    let mut assignment: Vec<Vec<u32>> = vec![Vec::new(); n];
    let mut assigned = vec![false; total];
    let mut maybe_revoked = vec![NONE; total];
    let mut under_min: Vec<u32> = Vec::new();
    let mut exactly_min: Vec<u32> = Vec::new();

    // assignOwnedPartitions, in HashMap order.
    for &m in hash_order {
        let mut own: Vec<u32> = owned.lists[m].iter().copied().filter(|&g| !owned.multi[g as usize]).collect();
        sorting::sort_by_key(&mut own, |&g| (topics.partition_of(g), topics.topic_of[g as usize]));
        let keep = if own.len() < min_quota {
            under_min.push(m as u32);
            own.len()
        } else if own.len() >= max_quota && current_over_min < expected_over_min {
            current_over_min += 1;
            if current_over_min == expected_over_min {
                exactly_min.clear();
            }
            max_quota
        } else {
            if current_over_min < expected_over_min {
                exactly_min.push(m as u32);
            }
            min_quota
        };
        for &g in &own[..keep] {
            assigned[g as usize] = true;
        }
        for &g in &own[keep..] {
            maybe_revoked[g as usize] = m as u32;
        }
        own.truncate(keep);
        assignment[m] = own;
    }

    sorting::sort_by_key(&mut under_min, |&m| ranks[m as usize]);
    sorting::sort_by_key(&mut exactly_min, |&m| ranks[m as usize]);
    let mut exactly_min: std::collections::VecDeque<u32> = exactly_min.into();
    let mut transferring: Vec<(u32, u32)> = Vec::new();

    // assignRoundRobin over the unassigned partitions, in (topic, partition) order.
    let mut unfilled = Unfilled::new(under_min);
    for g in (0..total as u32).filter(|&g| !assigned[g as usize]) {
        let from_iterator;
        let consumer = if unfilled.has_next() {
            from_iterator = true;
            unfilled.next()
        } else if unfilled.is_empty() {
            from_iterator = false;
            match exactly_min.pop_front() {
                Some(m) => m,
                // Kafka throws IllegalStateException here; the quotas make it unreachable.
                None => {
                    if cfg!(debug_assertions) {
                        panic!("no more unfilled consumers to be assigned");
                    }
                    (0..n as u32).min_by_key(|&m| (assignment[m as usize].len(), ranks[m as usize])).unwrap_or(0)
                }
            }
        } else {
            unfilled.restart();
            unfilled.has_next();
            from_iterator = true;
            unfilled.next()
        };

        let list = &mut assignment[consumer as usize];
        list.push(g);
        let count = list.len();
        let previous = maybe_revoked[g as usize];
        if (previous != NONE && previous != consumer) || owned.multi[g as usize] {
            transferring.push((g, consumer));
        }

        // Kafka also counts members reaching maxQuota here, only to log an error if
        // partitions remain after the last one; nothing reads the count afterwards.
        if count == min_quota {
            if from_iterator {
                unfilled.remove_last();
            }
            exactly_min.push_back(consumer);
        }
    }
    (assignment, transferring)
}

/// `PartitionMovements`: which partitions moved between which members during balancing.
struct Movements {
    /// Per partition: (source, destination) of its net movement, or (NONE, NONE).
    by_partition: Vec<(u32, u32)>,
    /// Per topic: (source, destination) to the `HashSet` of partitions that moved so.
    by_topic: Vec<Map<(u32, u32), JavaHashSet<u32>>>,
    topic_hash: Vec<i32>,
}

impl Movements {
    fn new(topics: &Topics) -> Self {
        Movements {
            by_partition: vec![(NONE, NONE); topics.total()],
            by_topic: vec![Map::new(); topics.len()],
            topic_hash: (0..topics.len() as u32).map(|t| topics.topic_hash(t)).collect(),
        }
    }

    fn hash(&self, topics: &Topics, g: u32) -> i32 {
        topic_partition_hash_code(self.topic_hash[topics.topic_of[g as usize] as usize], topics.partition_of(g) as i32)
    }

    fn remove_record(&mut self, topics: &Topics, g: u32) -> (u32, u32) {
        let pair = std::mem::replace(&mut self.by_partition[g as usize], (NONE, NONE));
        let per_topic = &mut self.by_topic[topics.topic_of[g as usize] as usize];
        if let Some(set) = per_topic.get_mut(&pair) {
            set.remove(&g);
            if set.is_empty() {
                per_topic.remove(&pair);
            }
        }
        pair
    }

    fn add_record(&mut self, topics: &Topics, g: u32, pair: (u32, u32)) {
        self.by_partition[g as usize] = pair;
        let hash = self.hash(topics, g);
        self.by_topic[topics.topic_of[g as usize] as usize].entry(pair).or_default().insert(hash, g);
    }

    /// `movePartition`.
    fn move_partition(&mut self, topics: &Topics, g: u32, old: u32, new: u32) {
        if self.by_partition[g as usize].0 != NONE {
            let (src, _) = self.remove_record(topics, g);
            if src != new {
                self.add_record(topics, g, (src, new));
            }
        } else {
            self.add_record(topics, g, (old, new));
        }
    }

    /// `getTheActualPartitionToBeMoved`: rather than moving `g` from `old` to `new`, undo an
    /// earlier move of the same topic from `new` to (the original owner of `g`), if any.
    fn actual_partition_to_move(&self, topics: &Topics, g: u32, old: u32, new: u32) -> u32 {
        let per_topic = &self.by_topic[topics.topic_of[g as usize] as usize];
        if per_topic.is_empty() {
            return g;
        }
        let (src, _) = self.by_partition[g as usize];
        let old = if src != NONE { src } else { old };
        match per_topic.get(&(new, old)).and_then(|set| set.first()) {
            Some(&other) => other,
            None => g,
        }
    }
}

/// `GeneralAssignmentBuilder` without racks.
struct General<'a> {
    topics: &'a Topics,
    subs: &'a Subscriptions,
    ranks: &'a [u32],
    rank_member: Vec<u32>,
    /// `topic2AllPotentialConsumers`.
    topic_consumers: Vec<Vec<usize>>,
    /// Partitions each member could get at most (`getMaxAssignmentSize`).
    max_size: Vec<usize>,
    /// `currentAssignment`.
    current: Vec<Vec<u32>>,
    /// Whether the member is in `currentAssignment` (fixed members are taken out while
    /// balancing).
    in_current: Vec<bool>,
    /// `currentPartitionConsumer`.
    owner: Vec<u32>,
    /// `sortedCurrentSubscriptions`: (assignment size, member id rank).
    sorted: Set<(u32, u32)>,
    /// `prevAssignment`: (member, generation) per partition, member NONE when absent.
    prev: Vec<(u32, i32)>,
    movements: Movements,
    revocation_required: bool,
    /// Safety bound on partition moves in the balancing loops.
    moves_left: usize,
}

impl<'a> General<'a> {
    fn new(
        topics: &'a Topics,
        subs: &'a Subscriptions,
        members: &[MemberSubscription],
        ranks: &'a [u32],
        hash_order: &'a [usize],
        owned: &Owned,
    ) -> Self {
        let n = members.len();
        let total = topics.total();
        let mut rank_member = vec![0u32; n];
        for (m, &r) in ranks.iter().enumerate() {
            rank_member[r as usize] = m as u32;
        }
        let topic_consumers = subs.subscribers(topics, hash_order);
        let max_size = (0..n).map(|m| subs.topics(m).iter().map(|&t| topics.counts[t as usize] as usize).sum()).collect();
        let current = owned.lists.clone();
        let mut owner = vec![NONE; total];
        for &m in hash_order {
            for &g in &current[m] {
                owner[g as usize] = m as u32;
            }
        }

        // prepopulateCurrentAssignments: owners from older generations, for moving
        // partitions back where they came from.
        let mut prev = vec![(NONE, DEFAULT_GENERATION); total];
        let mut resolver = Resolver::new(topics);
        for &m in hash_order {
            let generation = match members[m].generation {
                Some(g) if g < owned.max_generation => g,
                None if owned.max_generation > DEFAULT_GENERATION => DEFAULT_GENERATION,
                _ => continue,
            };
            for tp in &members[m].owned {
                let Some(g) = resolver.gid(tp) else { continue };
                let slot = &mut prev[g as usize];
                if slot.0 == NONE || generation > slot.1 {
                    *slot = (m as u32, generation);
                }
            }
        }

        General {
            topics,
            subs,
            ranks,
            rank_member,
            topic_consumers,
            max_size,
            current,
            in_current: vec![true; n],
            owner,
            sorted: Set::new(),
            prev,
            movements: Movements::new(topics),
            revocation_required: false,
            moves_left: 16 * (total + n) + 1024,
        }
    }

    fn key(&self, m: usize) -> (u32, u32) {
        (self.current[m].len() as u32, self.ranks[m])
    }

    fn size(&self, m: u32) -> usize {
        self.current[m as usize].len()
    }

    fn build(mut self) -> Vec<Vec<u32>> {
        let topics = self.topics;
        let n = self.current.len();
        let total = topics.total();

        // sortedAllPartitions: topics by (number of potential consumers, name).
        let mut sorted_topics: Vec<u32> = (0..topics.len() as u32).collect();
        sorting::sort_by_key(&mut sorted_topics, |&t| (self.topic_consumers[t as usize].len(), t));
        let mut sorted_all: Vec<u32> =
            sorted_topics.iter().flat_map(|&t| topics.gid(t, 0)..topics.gid(t, 0) + topics.counts[t as usize]).collect();

        // assignOwnedPartitions: keep owned partitions of still-subscribed topics.
        let mut assigned = vec![false; total];
        for m in 0..n {
            let subs = self.subs;
            let mut revoked = false;
            self.current[m].retain(|&g| {
                if subs.subscribed(m, topics.topic_of[g as usize]) {
                    assigned[g as usize] = true;
                    true
                } else {
                    revoked = true;
                    false
                }
            });
            self.revocation_required |= revoked;
        }
        let mut unassigned: Vec<u32> = sorted_all.iter().copied().filter(|&g| !assigned[g as usize]).collect();

        for m in 0..n {
            self.sorted.insert(self.key(m));
        }
        self.balance(&mut unassigned, &mut sorted_all);
        self.current
    }

    /// `balance`.
    fn balance(&mut self, unassigned: &mut Vec<u32>, sorted_all: &mut Vec<u32>) {
        let topics = self.topics;
        let Some(&(largest, _)) = self.sorted.last() else { return };
        let initializing = largest == 0;

        for &g in unassigned.iter() {
            let t = topics.topic_of[g as usize];
            if !self.topic_consumers[t as usize].is_empty() {
                self.maybe_assign_partition(g);
            }
        }

        // Only partitions with two or more potential consumers can move.
        let movable = |g: &u32| self.topic_consumers[topics.topic_of[*g as usize] as usize].len() >= 2;
        sorted_all.retain(movable);
        unassigned.retain(movable);

        // Only members that could gain or lose partitions take part.
        let mut fixed = Vec::new();
        for m in 0..self.current.len() {
            if !self.can_member_participate(m) {
                let key = self.key(m);
                self.sorted.remove(&key);
                self.in_current[m] = false;
                fixed.push(m);
            }
        }

        let pre_balance = if initializing { None } else { Some((self.current.clone(), self.owner.clone())) };

        if !self.revocation_required {
            self.perform_reassignments(unassigned);
        }
        let performed = self.perform_reassignments(sorted_all);

        if let Some((pre_current, pre_owner)) = pre_balance {
            if performed && self.balance_score(&self.current) >= self.balance_score(&pre_current) {
                self.current = pre_current;
                self.owner = pre_owner;
            }
        }
        for m in fixed {
            self.in_current[m] = true;
        }
    }

    fn can_member_participate(&self, m: usize) -> bool {
        self.current[m].len() < self.max_size[m]
            || self.current[m].iter().any(|&g| self.topic_consumers[self.topics.topic_of[g as usize] as usize].len() >= 2)
    }

    /// `getBalanceScore` over the members taking part: the sum of |a - b| over all pairs.
    fn balance_score(&self, lists: &[Vec<u32>]) -> i64 {
        let mut sizes: Vec<i64> = (0..lists.len()).filter(|&m| self.in_current[m]).map(|m| lists[m].len() as i64).collect();
        sorting::sort(&mut sizes);
        let k = sizes.len() as i64;
        sizes.iter().enumerate().map(|(i, &s)| s * (2 * i as i64 - (k - 1))).sum()
    }

    /// `maybeAssignPartition`: to the least loaded member subscribed to the topic.
    fn maybe_assign_partition(&mut self, g: u32) {
        let t = self.topics.topic_of[g as usize];
        let Some(&key) = self.sorted.iter().find(|&&(_, r)| self.subs.subscribed(self.rank_member[r as usize] as usize, t)) else {
            return;
        };
        let m = self.rank_member[key.1 as usize] as usize;
        self.sorted.remove(&key);
        self.current[m].push(g);
        self.owner[g as usize] = m as u32;
        self.sorted.insert(self.key(m));
    }

    /// `isBalanced`.
    fn is_balanced(&self) -> bool {
        let (Some(&(min, _)), Some(&(max, _))) = (self.sorted.first(), self.sorted.last()) else { return true };
        if min + 1 >= max {
            return true;
        }
        let topics = self.topics;
        for &(size, rank) in &self.sorted {
            let m = self.rank_member[rank as usize];
            if size as usize == self.max_size[m as usize] {
                continue;
            }
            for &t in self.subs.topics(m as usize) {
                let start = topics.gid(t, 0);
                for g in start..start + topics.counts[t as usize] {
                    let other = self.owner[g as usize];
                    if other != m && other != NONE && (size as usize) + 1 < self.size(other) {
                        return false;
                    }
                }
            }
        }
        true
    }

    /// `performReassignments`: repeat passes over `partitions` until one changes nothing.
    fn perform_reassignments(&mut self, partitions: &[u32]) -> bool {
        let topics = self.topics;
        let mut performed = false;
        loop {
            let mut modified = false;
            for &g in partitions {
                if self.is_balanced() || self.moves_left == 0 {
                    break;
                }
                let consumer = self.owner[g as usize];
                if consumer == NONE {
                    continue;
                }
                let t = topics.topic_of[g as usize];
                let (prev_owner, _) = self.prev[g as usize];
                if prev_owner != NONE
                    && self.in_current[prev_owner as usize]
                    && self.subs.subscribed(prev_owner as usize, t)
                    && self.size(consumer) > self.size(prev_owner) + 1
                {
                    self.reassign_to(g, prev_owner);
                    performed = true;
                    modified = true;
                    continue;
                }
                let size = self.size(consumer);
                if self.topic_consumers[t as usize].iter().any(|&other| size > self.current[other].len() + 1) {
                    self.reassign(g);
                    performed = true;
                    modified = true;
                }
            }
            if !modified || self.moves_left == 0 {
                return performed;
            }
        }
    }

    /// `reassignPartition(partition)`: to the least loaded member subscribed to its topic.
    fn reassign(&mut self, g: u32) {
        let t = self.topics.topic_of[g as usize];
        let found = self.sorted.iter().find(|&&(_, r)| self.subs.subscribed(self.rank_member[r as usize] as usize, t)).copied();
        if let Some((_, r)) = found {
            let new = self.rank_member[r as usize];
            self.reassign_to(g, new);
        }
    }

    /// `reassignPartition(partition, newConsumer)`.
    fn reassign_to(&mut self, g: u32, new: u32) {
        let consumer = self.owner[g as usize];
        let actual = self.movements.actual_partition_to_move(self.topics, g, consumer, new);
        self.process_partition_movement(actual, new);
    }

    /// `processPartitionMovement`.
    fn process_partition_movement(&mut self, g: u32, new: u32) {
        let old = self.owner[g as usize];
        if old == new || old == NONE {
            return;
        }
        self.moves_left = self.moves_left.saturating_sub(1);
        let (old_key, new_key) = (self.key(old as usize), self.key(new as usize));
        self.sorted.remove(&old_key);
        self.sorted.remove(&new_key);
        self.movements.move_partition(self.topics, g, old, new);
        let list = &mut self.current[old as usize];
        if let Some(pos) = list.iter().position(|&x| x == g) {
            list.remove(pos);
        }
        self.current[new as usize].push(g);
        self.owner[g as usize] = new;
        if self.in_current[new as usize] {
            self.sorted.insert(self.key(new as usize));
        }
        if self.in_current[old as usize] {
            self.sorted.insert(self.key(old as usize));
        }
    }
}
