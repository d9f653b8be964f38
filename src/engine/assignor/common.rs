//! Preprocessing shared by the assignors: the subscribed topics as dense indices, each
//! partition as one `u32` ("gid"), and members grouped by identical subscriptions so
//! that a large group with one subscription is read once, not once per member.

use crate::engine::map::Map;
use crate::engine::sorting;
use std::collections::HashMap;
use std::hash::BuildHasherDefault;
use std::rc::Rc;

use super::java_hash::{java_str_cmp, string_hash_code};
use super::{MemberSubscription, TopicPartition};
use crate::engine::stable_hash::StableHasher;

pub(crate) type DetMap<K, V> = HashMap<K, V, BuildHasherDefault<StableHasher>>;

/// Sentinel for "no member" / "no partition" in dense `u32` tables.
pub(crate) const NONE: u32 = u32::MAX;

/// The topics at least one member subscribes to and that have partitions, in Java
/// `String` order, with every partition numbered densely: topic by topic, partitions
/// ascending. So gid order is (topic name, partition) order.
pub(crate) struct Topics {
    pub names: Vec<Rc<str>>,
    pub counts: Vec<u32>,
    /// `offsets[t]` is the gid of partition 0 of topic `t`; `offsets[T]` the total.
    pub offsets: Vec<u32>,
    /// The topic of each gid.
    pub topic_of: Vec<u32>,
    lookup: DetMap<Rc<str>, u32>,
}

impl Topics {
    pub fn total(&self) -> usize {
        *self.offsets.last().unwrap_or(&0) as usize
    }

    pub fn len(&self) -> usize {
        self.names.len()
    }

    pub fn index(&self, name: &str) -> Option<u32> {
        self.lookup.get(name).copied()
    }

    pub fn gid(&self, topic: u32, partition: u32) -> u32 {
        self.offsets[topic as usize] + partition
    }

    pub fn partition_of(&self, gid: u32) -> u32 {
        gid - self.offsets[self.topic_of[gid as usize] as usize]
    }

    pub fn tp(&self, gid: u32) -> TopicPartition {
        let t = self.topic_of[gid as usize] as usize;
        TopicPartition { topic: Rc::clone(&self.names[t]), partition: gid - self.offsets[t] }
    }

    pub fn tps(&self, gids: &[u32]) -> Vec<TopicPartition> {
        gids.iter().map(|&g| self.tp(g)).collect()
    }

    pub fn topic_hash(&self, t: u32) -> i32 {
        string_hash_code(&self.names[t as usize])
    }
}

/// Resolves a member's `TopicPartition`s to gids, remembering the last topic looked up.
pub(crate) struct Resolver<'a> {
    topics: &'a Topics,
    last: Option<(Rc<str>, u32)>,
}

impl<'a> Resolver<'a> {
    pub fn new(topics: &'a Topics) -> Self {
        Resolver { topics, last: None }
    }

    pub fn gid(&mut self, tp: &TopicPartition) -> Option<u32> {
        let t = match &self.last {
            Some((name, t)) if Rc::ptr_eq(name, &tp.topic) || **name == *tp.topic => *t,
            _ => {
                let t = self.topics.index(&tp.topic)?;
                self.last = Some((Rc::clone(&tp.topic), t));
                t
            }
        };
        (tp.partition < self.topics.counts[t as usize]).then(|| self.topics.gid(t, tp.partition))
    }
}

/// One distinct subscription (a set of topic names).
pub(crate) struct SubscriptionClass {
    /// The subscribed topics that exist, as topic indices, ascending.
    pub topics: Vec<u32>,
    /// Subscribed to every topic in [`Topics`].
    pub all: bool,
}

/// The members' subscriptions, resolved against the topic metadata.
pub(crate) struct Subscriptions {
    pub class_of: Vec<u32>,
    pub classes: Vec<SubscriptionClass>,
}

impl Subscriptions {
    pub fn topics(&self, member: usize) -> &[u32] {
        &self.classes[self.class_of[member] as usize].topics
    }

    pub fn subscribed(&self, member: usize, topic: u32) -> bool {
        let c = &self.classes[self.class_of[member] as usize];
        c.all || c.topics.binary_search(&topic).is_ok()
    }

    /// Whether every member subscribes to the same set of topic names (nonexistent
    /// topics included, as Kafka compares the subscriptions themselves).
    pub fn all_equal(&self) -> bool {
        self.classes.len() <= 1
    }

    /// The members subscribed to each topic, members in the given order.
    pub fn subscribers(&self, topics: &Topics, member_order: &[usize]) -> Vec<Vec<usize>> {
        let mut out = vec![Vec::new(); topics.len()];
        for &m in member_order {
            for &t in self.topics(m) {
                out[t as usize].push(m);
            }
        }
        out
    }
}

/// Resolves topics and subscriptions. Topics in `partitions_per_topic` that nobody
/// subscribes to, or that have no partitions, are left out, as Kafka's
/// `AbstractPartitionAssignor` only asks metadata for subscribed topics.
pub(crate) fn prepare(partitions_per_topic: &Map<String, u32>, members: &[MemberSubscription]) -> (Topics, Subscriptions) {
    // Candidate topics: those with partitions, indexed in map order for now.
    let candidates: Vec<(&str, u32)> = partitions_per_topic.iter().filter(|(_, &n)| n > 0).map(|(k, &n)| (k.as_str(), n)).collect();
    let candidate_index: DetMap<&str, u32> = candidates.iter().enumerate().map(|(i, (k, _))| (*k, i as u32)).collect();

    // Group members by subscription. Fast path: a member whose topic list equals the
    // previous member's list (element by element) shares its class.
    let mut class_of = Vec::with_capacity(members.len());
    let mut class_topics: Vec<Vec<u32>> = Vec::new();
    let mut class_lookup: DetMap<Vec<String>, u32> = DetMap::default();
    for (i, m) in members.iter().enumerate() {
        if i > 0 && m.topics == members[i - 1].topics {
            class_of.push(class_of[i - 1]);
            continue;
        }
        let mut raw: Vec<String> = m.topics.clone();
        sorting::sort(&mut raw);
        raw.dedup();
        let class = match class_lookup.get(&raw) {
            Some(&c) => c,
            None => {
                let c = class_topics.len() as u32;
                class_topics.push(raw.iter().filter_map(|t| candidate_index.get(t.as_str()).copied()).collect());
                class_lookup.insert(raw, c);
                c
            }
        };
        class_of.push(class);
    }

    // Subscribed candidate topics, renumbered in Java String order.
    let mut used = vec![false; candidates.len()];
    for ts in &class_topics {
        for &t in ts {
            used[t as usize] = true;
        }
    }
    let mut chosen: Vec<u32> = (0..candidates.len() as u32).filter(|&c| used[c as usize]).collect();
    // Map order is byte order, which is Java order for the ASCII names Kafka allows;
    // the sort only does work for exotic names.
    sorting::sort_by(&mut chosen, |&a, &b| java_str_cmp(candidates[a as usize].0, candidates[b as usize].0));
    let mut renumber = vec![NONE; candidates.len()];
    for (new, &old) in chosen.iter().enumerate() {
        renumber[old as usize] = new as u32;
    }
    let names: Vec<Rc<str>> = chosen.iter().map(|&c| Rc::from(candidates[c as usize].0)).collect();
    let counts: Vec<u32> = chosen.iter().map(|&c| candidates[c as usize].1).collect();
    let mut offsets = Vec::with_capacity(counts.len() + 1);
    let mut acc = 0u32;
    offsets.push(0);
    for &n in &counts {
        acc += n;
        offsets.push(acc);
    }
    let mut topic_of = Vec::with_capacity(acc as usize);
    for (t, &n) in counts.iter().enumerate() {
        topic_of.extend(std::iter::repeat_n(t as u32, n as usize));
    }
    let lookup: DetMap<Rc<str>, u32> = names.iter().enumerate().map(|(i, n)| (Rc::clone(n), i as u32)).collect();
    let topic_count = names.len();
    let topics = Topics { names, counts, offsets, topic_of, lookup };

    let classes = class_topics
        .into_iter()
        .map(|ts| {
            let mut topics: Vec<u32> = ts.iter().map(|&t| renumber[t as usize]).collect();
            sorting::sort(&mut topics);
            topics.dedup();
            let all = topics.len() == topic_count;
            SubscriptionClass { topics, all }
        })
        .collect();
    (topics, Subscriptions { class_of, classes })
}

/// Rank of each member by member id in Java `String` order (ties by input position).
pub(crate) fn member_id_ranks(members: &[MemberSubscription]) -> Vec<u32> {
    let mut idx: Vec<usize> = (0..members.len()).collect();
    sorting::sort_by(&mut idx, |&a, &b| java_str_cmp(&members[a].member_id, &members[b].member_id));
    let mut rank = vec![0u32; members.len()];
    for (r, &m) in idx.iter().enumerate() {
        rank[m] = r as u32;
    }
    rank
}

/// Builds the result map: every member, with its partitions.
pub(crate) fn to_assignment(topics: &Topics, members: &[MemberSubscription], lists: &[Vec<u32>]) -> super::Assignment {
    // member ids come in the members' order, not the map's: sort once
    Map::from_unsorted(members.iter().zip(lists).map(|(m, l)| (m.member_id.clone(), topics.tps(l))).collect())
}
