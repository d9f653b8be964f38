//! Topic administration: create, delete, add partitions, alter configs
//! (`ReplicationControlManager` and `ConfigurationControlManager` in Kafka's controller).

use crate::engine::sorting;
use std::rc::Rc;

use super::super::cluster::{place_replicas, Partition, Replica, Topic};
use super::super::command::Reply;
use super::super::error::{ErrorCode, KafkaError, KafkaResult};
use super::super::event::Event;
use super::super::topic_name;
use super::Sim;

impl Sim {
    pub(super) fn create_topic(
        &mut self,
        name: &str,
        partitions: Option<i32>,
        rf: Option<i32>,
        configs: &[(String, String)],
    ) -> KafkaResult<Reply> {
        topic_name::validate(name)?;
        if topic_name::is_internal(name) {
            return Err(KafkaError::new(ErrorCode::InvalidRequest, format!("Creation of internal topic {name} is prohibited.")));
        }
        self.create_topic_checked(name, partitions, rf, configs)
    }

    /// A topic whose replicas the user placed (`--replica-assignment`), checked as the
    /// controller's `ReplicationControlManager.createTopic` and
    /// `validateManualPartitionAssignment` check a manual assignment (4.0 source), in order.
    pub(super) fn create_topic_with_assignment(
        &mut self,
        name: &str,
        assignment: &[Vec<i32>],
        configs: &[(String, String)],
    ) -> KafkaResult<Reply> {
        topic_name::validate(name)?;
        if topic_name::is_internal(name) {
            return Err(KafkaError::new(ErrorCode::InvalidRequest, format!("Creation of internal topic {name} is prohibited.")));
        }
        self.check_new_topic_name(name)?;
        let mut rf = None;
        for (p, replicas) in assignment.iter().enumerate() {
            self.check_manual_partition(p, replicas, rf)?;
            rf = Some(replicas.len());
        }
        self.create_topic_placed(name, assignment.len() as i32, rf.unwrap_or(0) as i32, configs, Some(assignment))
    }

    /// The controller's checks of one partition's manual assignment
    /// (`ReplicationControlManager.validateManualPartitionAssignment`, then the ISR of the
    /// live replicas; Kafka 4.0 source): a replica list that is not empty, of registered
    /// brokers, none twice, as many as `rf` (the previous partitions'), one of them unfenced.
    fn check_manual_partition(&self, partition: usize, replicas: &[i32], rf: Option<usize>) -> KafkaResult<()> {
        let invalid = |m: String| Err(KafkaError::new(ErrorCode::InvalidReplicaAssignment, m));
        if replicas.is_empty() {
            return invalid("The manual partition assignment includes an empty replica list.".into());
        }
        let mut sorted = replicas.to_vec();
        sorting::sort(&mut sorted);
        for (i, b) in sorted.iter().enumerate() {
            if !self.st.brokers.iter().any(|x| x.id == *b) {
                return invalid(format!("The manual partition assignment includes broker {b}, but no such broker is registered."));
            }
            if i > 0 && sorted[i - 1] == *b {
                return invalid(format!("The manual partition assignment includes the broker {b} more than once."));
            }
        }
        if let Some(n) = rf.filter(|n| *n != replicas.len()) {
            return invalid(format!(
                "The manual partition assignment includes a partition with {} replica(s), but this is not consistent with previous partitions, which have {n} replica(s).",
                replicas.len()
            ));
        }
        if !replicas.iter().any(|b| self.st.brokers.iter().any(|x| x.id == *b && !x.fenced)) {
            return invalid(format!(
                "All brokers specified in the manual partition assignment for partition {partition} are fenced or in controlled shutdown."
            ));
        }
        Ok(())
    }

    /// Creates an internal topic such as `__consumer_offsets`.
    pub(super) fn create_internal_topic(
        &mut self,
        name: &str,
        partitions: i32,
        rf: i32,
        configs: &[(String, String)],
    ) -> KafkaResult<Reply> {
        self.create_topic_checked(name, Some(partitions), Some(rf), configs)
    }

    /// The controller's first checks of a new topic's name: taken, or colliding with one.
    fn check_new_topic_name(&self, name: &str) -> KafkaResult<()> {
        if self.st.topics.contains_key(name) {
            return Err(KafkaError::new(ErrorCode::TopicAlreadyExists, format!("Topic '{name}' already exists.")));
        }
        if let Some(other) = self.st.topics.keys().find(|t| topic_name::has_collision(t, name)) {
            return Err(KafkaError::new(ErrorCode::InvalidTopicException, format!("Topic '{name}' collides with existing topic: {other}")));
        }
        Ok(())
    }

    fn create_topic_checked(
        &mut self,
        name: &str,
        partitions: Option<i32>,
        rf: Option<i32>,
        configs: &[(String, String)],
    ) -> KafkaResult<Reply> {
        self.check_new_topic_name(name)?;
        let partitions = match partitions.unwrap_or(-1) {
            -1 => self.st.config.num_partitions,
            n if n == 0 || n < -1 => {
                return Err(KafkaError::new(
                    ErrorCode::InvalidPartitions,
                    "Number of partitions was set to an invalid non-positive value.",
                ));
            }
            n => n,
        };
        let rf = match rf.unwrap_or(-1) {
            -1 => self.st.config.default_replication_factor,
            n if n == 0 || n < -1 => {
                return Err(KafkaError::new(
                    ErrorCode::InvalidReplicationFactor,
                    "Replication factor must be larger than 0, or -1 to use the default value.",
                ));
            }
            n => n,
        };
        self.create_topic_placed(name, partitions, rf, configs, None)
    }

    /// The topic's creation once its partition count and replication factor are known: by
    /// the controller's placement, or on the given replicas.
    fn create_topic_placed(
        &mut self,
        name: &str,
        partitions: i32,
        rf: i32,
        configs: &[(String, String)],
        assignment: Option<&[Vec<i32>]>,
    ) -> KafkaResult<Reply> {
        let registered = if assignment.is_some() { Vec::new() } else { self.registered_brokers_for(rf as u32)? };
        if partitions > 10_000 {
            return Err(KafkaError::new(ErrorCode::InvalidPartitions, "Kafkascope simulates at most 10000 partitions per topic."));
        }
        let mut config = self.topic_default_config(None);
        config.set_all(configs.iter().map(|(k, v)| (k.as_str(), v.as_str())))?;
        // all checks passed: from here on the command succeeds
        let topic_id = self.st.rng.uuid();
        let name: Rc<str> = Rc::from(name);
        let now = self.st.now;
        let placement = match assignment {
            Some(a) => a.to_vec(),
            None => {
                let start = self.st.rng.below(registered.len() as u64) as usize;
                place_replicas(&registered, 0, partitions as u32, rf as u32, start)
            }
        };
        let parts = self.partitions_on(placement, 0, now);
        self.st.topics.insert(name.clone(), Topic { name: name.clone(), topic_id, config, partitions: parts });
        self.emit(Event::TopicCreated { topic: name.clone(), partitions: partitions as u32, replication_factor: rf as u32 });
        self.after_partitions_created(&name, 0);
        Ok(Reply::TopicCreated { name: name.to_string(), partitions: partitions as u32, replication_factor: rf as u32 })
    }

    /// The registered (unfenced) brokers, if there are enough for `rf` replicas
    /// (`ReplicationControlManager`'s placement check).
    fn registered_brokers_for(&self, rf: u32) -> KafkaResult<Vec<i32>> {
        let registered: Vec<_> = self.st.brokers.iter().filter(|b| !b.fenced).map(|b| b.id).collect();
        if rf as usize > registered.len() {
            return Err(KafkaError::new(
                ErrorCode::InvalidReplicationFactor,
                format!(
                    "Unable to replicate the partition {rf} time(s): The target replication factor of {rf} cannot be reached because only {} broker(s) are registered.",
                    registered.len()
                ),
            ));
        }
        Ok(registered)
    }

    /// Partitions `first..` on the given replicas, led by the first live one of each.
    fn partitions_on(&self, placement: Vec<Vec<i32>>, first: u32, now: i64) -> Vec<Partition> {
        placement
            .into_iter()
            .enumerate()
            .map(|(i, replicas)| {
                let alive: Vec<i32> = replicas.iter().copied().filter(|b| self.broker_alive(*b)).collect();
                let leader = alive.first().copied();
                let mut reps: Vec<Replica> = replicas.iter().map(|b| Replica::new(*b, now)).collect();
                for r in &mut reps {
                    r.epochs.push((0, 0));
                }
                Partition {
                    index: first + i as u32,
                    replicas: reps,
                    leader,
                    leader_epoch: 0,
                    isr: if alive.is_empty() { replicas.clone() } else { alive },
                    elr: Vec::new(),
                    last_known_elr: Vec::new(),
                    pending_acks: Vec::new(),
                }
            })
            .collect()
    }

    fn after_partitions_created(&mut self, topic: &Rc<str>, from: u32) {
        let n = self.st.topics[topic].partitions.len() as u32;
        for p in from..n {
            let (leader, epoch, followers) = {
                let part = &self.st.topics[topic].partitions[p as usize];
                (part.leader, part.leader_epoch, part.replica_ids())
            };
            self.emit(Event::LeaderElected { topic: topic.clone(), partition: p, leader, leader_epoch: epoch });
            for f in followers {
                self.start_follower_fetch(topic, p, f);
            }
        }
    }

    pub(super) fn delete_topic(&mut self, name: &str) -> KafkaResult<Reply> {
        let Some((key, topic)) = self.st.topics.remove_entry(name) else {
            return Err(KafkaError::new(ErrorCode::UnknownTopicOrPartition, format!("Topic '{name}' does not exist.")));
        };
        // the leaders complete the `acks=all` produce requests waiting on the deleted
        // partitions (`ReplicaManager.stopPartitions` → `DelayedProduce`): the partition
        // is gone and so is the topic from the metadata, UNKNOWN_TOPIC_OR_PARTITION
        let waiting = topic.partitions.into_iter().flat_map(|p| p.pending_acks).map(|a| (a.producer, a.batch, a.attempt)).collect();
        self.answer_waiting_produce(waiting, ErrorCode::UnknownTopicOrPartition);
        // a producer's batches for the topic stay where they are: the accumulator knows
        // nothing of the deletion, and `send_batch` finds the partition gone
        for p in self.st.producers.values_mut() {
            p.sticky.remove(name);
        }
        for c in self.st.consumers.values_mut() {
            c.assignment.retain(|(t, _)| **t != *name);
            c.positions.retain(|(t, _), _| **t != *name);
            // Kafka's auto-commit sends every consumed position each interval; the
            // simulator skips a position equal to the member's last commit, which holds
            // only while the group still has that commit. The deletion below removes it,
            // so the same offsets read from a topic created again must be committed anew.
            c.member.last_committed.retain(|tp, _| *tp.topic != *name);
        }
        // deleting a topic deletes the groups' committed offsets for it at once
        // (`GroupCoordinator.onPartitionsDeleted`), and the simulator's record of what each
        // group delivered goes with them: a topic created again under the name starts
        // at offset 0, and its records are delivered for the first time
        for g in self.st.groups.values_mut() {
            g.offsets.retain(|tp, _| *tp.topic != *name);
            g.delivered.retain(|tp, _| *tp.topic != *name);
        }
        for g in self.st.consumer_groups.values_mut() {
            g.offsets.retain(|tp, _| *tp.topic != *name);
            g.delivered.retain(|tp, _| *tp.topic != *name);
        }
        self.emit(Event::TopicDeleted { topic: key });
        // the leaders complete the fetches waiting on the deleted partitions
        // (`ReplicaManager.stopPartitions` → `completeDelayedFetchOrProduceRequests`):
        // a member waiting for records of the topic hears UNKNOWN_TOPIC_OR_PARTITION
        let waiting: Vec<u32> = self
            .st
            .consumers
            .values()
            .filter(|c| c.alive && c.waiting && c.member.owned.iter().any(|tp| *tp.topic == *name))
            .map(|c| c.id)
            .collect();
        let d = self.delay();
        for id in waiting {
            self.schedule_poll(id, d);
        }
        Ok(Reply::Done)
    }

    /// CreatePartitions (`ReplicationControlManager.createPartitions`, Kafka 4.0 source):
    /// `count` partitions in all, the added ones placed by the controller or, with
    /// `assignment`, on the brokers given, one replica list per added partition.
    pub(super) fn create_partitions(&mut self, topic: &str, count: i32, assignment: Option<&[Vec<i32>]>) -> KafkaResult<Reply> {
        let Some(t) = self.st.topics.get(topic) else {
            return Err(KafkaError::new(ErrorCode::UnknownTopicOrPartition, format!("Topic '{topic}' does not exist.")));
        };
        let old = t.partitions.len() as i32;
        if count == old {
            return Err(KafkaError::new(ErrorCode::InvalidPartitions, format!("Topic already has {old} partition(s).")));
        }
        if count < old {
            return Err(KafkaError::new(
                ErrorCode::InvalidPartitions,
                format!("The topic {topic} currently has {old} partition(s); {count} would not be an increase."),
            ));
        }
        let additional = count - old;
        if let Some(a) = assignment.filter(|a| a.len() != additional as usize) {
            return Err(KafkaError::new(
                ErrorCode::InvalidReplicaAssignment,
                format!("Attempted to add {additional} additional partition(s), but only {} assignment(s) were specified.", a.len()),
            ));
        }
        if count > 10_000 {
            return Err(KafkaError::new(ErrorCode::InvalidPartitions, "Kafkascope simulates at most 10000 partitions per topic."));
        }
        let rf = t.replication_factor() as u32;
        let now = self.st.now;
        let new_parts = match assignment {
            Some(a) => {
                for (i, replicas) in a.iter().enumerate() {
                    self.check_manual_partition(old as usize + i, replicas, Some(rf as usize))?;
                }
                self.partitions_on(a.to_vec(), old as u32, now)
            }
            None => {
                let registered = self.registered_brokers_for(rf)?;
                let start = self.st.rng.below(registered.len() as u64) as usize;
                self.partitions_on(place_replicas(&registered, old as u32, additional as u32, rf, start), old as u32, now)
            }
        };
        let key = self.st.topics.get_key_value(topic).map(|(k, _)| k.clone()).expect("checked above");
        self.st.topics.get_mut(topic).expect("checked above").partitions.extend(new_parts);
        self.emit(Event::PartitionsCreated { topic: key.clone(), old_count: old as u32, new_count: count as u32 });
        self.after_partitions_created(&key, old as u32);
        Ok(Reply::Done)
    }

    pub(super) fn alter_topic_config(&mut self, topic: &str, set: &[(String, String)], delete: &[String]) -> KafkaResult<Reply> {
        // the broker's preprocessing, before the controller looks at the topic
        super::broker_config::check_duplicate_keys(set, delete)?;
        let Some(t) = self.st.topics.get(topic) else {
            return Err(KafkaError::new(ErrorCode::UnknownTopicOrPartition, format!("Topic '{topic}' does not exist.")));
        };
        let mut cfg = t.config.clone();
        cfg.set_all(set.iter().map(|(k, v)| (k.as_str(), v.as_str())))?;
        let base = self.topic_default_config(None);
        for k in delete {
            cfg.delete(k, &base)?;
        }
        let key = t.name.clone();
        // ConfigurationControlManager.createClearElrRecordsAsNeeded (Kafka 4.x, ELR on): a
        // ConfigRecord for min.insync.replicas (a value that changes, set or deleted) comes
        // with a ClearElrRecord for the topic, whose replay empties the ELR and LastKnownELR
        // of each of its partitions (ReplicationControlManager.removeTopicElrs); they are
        // recomputed from the next ISR change on
        let min_isr_changed = t.config.overrides.get("min.insync.replicas") != cfg.overrides.get("min.insync.replicas");
        let t = self.st.topics.get_mut(topic).expect("checked above");
        t.config = cfg;
        if min_isr_changed {
            for p in t.partitions.iter_mut() {
                p.elr.clear();
                p.last_known_elr.clear();
            }
        }
        for (k, v) in set {
            self.emit(Event::TopicConfigChanged { topic: key.clone(), name: k.clone(), value: Some(v.trim().to_string()) });
        }
        for k in delete {
            self.emit(Event::TopicConfigChanged { topic: key.clone(), name: k.clone(), value: None });
        }
        Ok(Reply::Done)
    }
}
