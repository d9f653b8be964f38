//! Replication: followers fetching from the leader, the high watermark, the ISR,
//! brokers stopping and starting, and leader election.
//!
//! Models `kafka.cluster.Partition` (ISR expansion and shrink, `maybeIncrementLeaderHW`),
//! `ReplicaFetcherThread` (fetch, truncation by leader epoch) and the KRaft controller's
//! fencing and election (`ReplicationControlManager`, `PartitionChangeBuilder`),
//! including its automatic preferred-leader balancing: with
//! `auto.leader.rebalance.enable`, `leader.imbalance.check.interval.seconds` after a
//! partition stops being led by its first replica, leadership goes back to it if it
//! is in the ISR (`QuorumController.maybeScheduleNextBalancePartitionLeaders`).
//!
//! Simplifications: each partition's follower fetches on its own (Kafka batches all
//! partitions of a leader in one fetch); a follower's fetch waits at the leader until
//! data arrives instead of expiring after `replica.fetch.wait.max.ms` (a follower at
//! the leader's log end offset is caught up either way).

use std::rc::Rc;

use super::super::cluster::Partition;
use super::super::command::{ElectionType, Reply};
use super::super::error::{ErrorCode, KafkaError, KafkaResult};
use super::super::event::{BrokerId, Event};
use super::super::rng::Uuid;
use super::super::sorting;
use super::{Action, FetchPayload, FetchRequest, Sim};

impl Sim {
    /// A follower sends its next fetch to the leader, if it can.
    pub(super) fn start_follower_fetch(&mut self, topic: &Rc<str>, partition: u32, follower: BrokerId) {
        let alive = self.broker_alive(follower);
        let Some(t) = self.st.topics.get(topic) else { return };
        let part = &t.partitions[partition as usize];
        let Some(leader) = part.leader else { return };
        if leader == follower || !alive || !self.broker_alive(leader) {
            return;
        }
        let (epoch, topic_id) = (part.leader_epoch, t.topic_id);
        let Some(r) = self.st.topics.get_mut(topic).and_then(|t| t.partitions[partition as usize].replica_mut(follower)) else { return };
        if r.fetch_in_flight {
            return;
        }
        r.fetch_in_flight = true;
        let (fetch_offset, follower_hw, last_epoch) = (r.log.log_end_offset(), r.high_watermark, r.latest_epoch());
        let d = self.delay();
        self.schedule(
            d,
            Action::FetchArrive(FetchRequest {
                topic: topic.clone(),
                topic_id,
                partition,
                follower,
                leader,
                leader_epoch: epoch,
                fetch_offset,
                follower_hw,
                last_epoch,
            }),
        );
    }

    /// The leader handles a follower's fetch (`fetch_offset`, and the high watermark the
    /// follower knows): truncation by leader epoch, follower state, ISR expansion, HW.
    pub(super) fn on_fetch_arrive(&mut self, req: FetchRequest) {
        let FetchRequest { topic, topic_id, partition, follower, leader, leader_epoch, fetch_offset, follower_hw, last_epoch } = req;
        let topic = &topic;
        let now = self.st.now;
        let leader_alive = self.broker_alive(leader);
        // KIP-841: the controller admits no fenced or stopped broker into the ISR
        let follower_usable = self.broker(follower).is_some_and(|b| b.alive && !b.fenced);
        let max_bytes = self.st.config.replica_fetch_max_bytes;
        let Some(t) = self.st.topics.get_mut(topic).filter(|t| t.topic_id == topic_id) else { return };
        let min_isr = t.config.min_insync_replicas;
        let part = &mut t.partitions[partition as usize];
        if !follower_usable {
            // sent before the follower stopped: nobody is left to read the answer
            if let Some(r) = part.replica_mut(follower) {
                r.fetch_in_flight = false;
            }
            return;
        }
        if !leader_alive || part.leader != Some(leader) || part.leader_epoch != leader_epoch {
            // the fetch went to a broker that is not (or no longer) the leader
            if let Some(r) = part.replica_mut(follower) {
                r.fetch_in_flight = false;
            }
            let topic = topic.clone();
            self.start_follower_fetch(&topic, partition, follower);
            return;
        }
        let l = part.replica(leader).expect("leader replica");
        let (leader_leo, leader_start, leader_hw) = (l.log.log_end_offset(), l.log.log_start_offset(), l.high_watermark);
        let payload = if let Some(end) = last_epoch.map(|e| l.end_offset_for_epoch(e)).filter(|end| *end < fetch_offset) {
            Some(FetchPayload::Truncate(end))
        } else if fetch_offset < leader_start || fetch_offset > leader_leo {
            Some(FetchPayload::StartAt(leader_start))
        } else {
            None
        };
        if let Some(payload) = payload {
            let d = self.delay();
            self.schedule(d, Action::FetchResponse { topic: topic.clone(), topic_id, partition, follower, leader_epoch, payload });
            return;
        }
        let r = part.replica_mut(follower).expect("follower replica");
        r.follower_leo = fetch_offset;
        if fetch_offset >= leader_leo {
            r.last_caught_up_ms = now;
        }
        // ISR expansion: a follower that has reached the high watermark rejoins
        if !part.isr.contains(&follower) && fetch_offset >= leader_hw && fetch_offset >= leader_leo.min(leader_hw) {
            let mut isr = part.isr.clone();
            isr.push(follower);
            let _ = change_isr(part, isr, None, min_isr); // a larger ISR never empties
            let isr = part.isr.clone();
            self.emit(Event::IsrExpanded { topic: topic.clone(), partition, added: follower, isr });
        }
        self.maybe_advance_high_watermark(topic, partition);
        let leader_hw = self.st.topics[topic].partitions[partition as usize].high_watermark();
        if fetch_offset < leader_leo || follower_hw < leader_hw {
            self.respond_to_fetch(topic, partition, follower, leader, max_bytes);
        } else if let Some(r) = self.st.topics.get_mut(topic).and_then(|t| t.partitions[partition as usize].replica_mut(follower)) {
            r.fetch_parked = true;
        }
    }

    fn respond_to_fetch(&mut self, topic: &Rc<str>, partition: u32, follower: BrokerId, leader: BrokerId, max_bytes: u64) {
        let t = &self.st.topics[topic];
        let (part, topic_id) = (&t.partitions[partition as usize], t.topic_id);
        let l = part.replica(leader).expect("leader replica");
        let from = part.replica(follower).map_or(0, |r| r.follower_leo);
        let records = l.log.read_replicated(from, l.log.log_end_offset(), max_bytes);
        let payload = FetchPayload::Records {
            records,
            leader_hw: l.high_watermark,
            leader_log_start: l.log.log_start_offset(),
            epochs: l.epochs.clone(),
            producer_state: l.producer_state.clone(),
        };
        let leader_epoch = part.leader_epoch;
        let d = self.delay();
        self.schedule(d, Action::FetchResponse { topic: topic.clone(), topic_id, partition, follower, leader_epoch, payload });
    }

    /// New data at the leader answers the fetches parked there.
    pub(super) fn wake_parked_fetches(&mut self, topic: &Rc<str>, partition: u32) {
        let now = self.st.now;
        let max_bytes = self.st.config.replica_fetch_max_bytes;
        let Some(part) = self.st.topics.get_mut(topic).map(|t| &mut t.partitions[partition as usize]) else { return };
        let Some(leader) = part.leader else { return };
        let mut woken = Vec::new();
        for r in part.replicas.iter_mut().filter(|r| r.fetch_parked) {
            r.fetch_parked = false;
            r.last_caught_up_ms = now; // it was caught up until this append
            woken.push(r.broker);
        }
        for f in woken {
            self.respond_to_fetch(topic, partition, f, leader, max_bytes);
        }
    }

    pub(super) fn on_fetch_response(
        &mut self,
        topic: &Rc<str>,
        topic_id: Uuid,
        partition: u32,
        follower: BrokerId,
        leader_epoch: i32,
        payload: FetchPayload,
    ) {
        let now = self.st.now;
        let alive = self.broker_alive(follower);
        let own = self.per_broker_log_defaults();
        let Some(t) = self.st.topics.get_mut(topic).filter(|t| t.topic_id == topic_id) else { return };
        // the follower's log config: its own dynamic log configs count (broker_config.rs)
        let cfg = super::broker_config::replica_config(&t.config, &own, follower).into_owned();
        let part = &mut t.partitions[partition as usize];
        let current_epoch = part.leader_epoch;
        let Some(r) = part.replica_mut(follower) else { return };
        r.fetch_in_flight = false;
        if !alive {
            return;
        }
        if current_epoch != leader_epoch {
            self.start_follower_fetch(topic, partition, follower);
            return;
        }
        let mut events = Vec::new();
        match payload {
            FetchPayload::Truncate(to) => {
                let from = r.log.log_end_offset();
                r.log.truncate_to(to);
                r.high_watermark = r.high_watermark.min(r.log.log_end_offset());
                r.producer_state.retain(|s| s.last_offset < to);
                r.epochs.retain(|(_, start)| *start < to.max(1));
                if from > to {
                    events.push(Event::LogTruncated {
                        topic: topic.clone(),
                        partition,
                        broker: follower,
                        from_offset: from,
                        to_offset: to,
                    });
                }
            }
            FetchPayload::StartAt(offset) => {
                let from = r.log.log_end_offset();
                r.log = super::super::log::Log::new_at(offset, now);
                r.high_watermark = offset;
                r.producer_state.clear();
                if from > offset {
                    events.push(Event::LogTruncated {
                        topic: topic.clone(),
                        partition,
                        broker: follower,
                        from_offset: from,
                        to_offset: offset,
                    });
                }
            }
            FetchPayload::Records { records, leader_hw, leader_log_start, epochs, producer_state } => {
                if let (Some(first), Some(last)) = (records.first(), records.last()) {
                    let (f, l) = (first.record.offset, last.record.offset);
                    r.log.append_replicated(&records, now, &cfg);
                    events.push(Event::ReplicaFetched {
                        topic: topic.clone(),
                        partition,
                        follower,
                        leader: part_leader(&self.st.topics[topic].partitions[partition as usize]),
                        first_offset: f,
                        last_offset: l,
                    });
                }
                let Some(r) = self.st.topics.get_mut(topic).and_then(|t| t.partitions[partition as usize].replica_mut(follower)) else {
                    return;
                };
                r.epochs = epochs;
                let leo = r.log.log_end_offset();
                r.producer_state = producer_state.into_iter().filter(|s| s.last_offset < leo).collect();
                let new_hw = leader_hw.min(leo);
                if new_hw > r.high_watermark {
                    r.high_watermark = new_hw;
                }
                let start = leader_log_start.min(r.high_watermark);
                let _ = r.log.maybe_increment_log_start_offset(start, r.high_watermark);
            }
        }
        for e in events {
            self.emit(e);
        }
        self.start_follower_fetch(topic, partition, follower);
    }

    /// `Partition.maybeIncrementLeaderHW`: the high watermark is the smallest log end
    /// offset in the ISR; it never goes back, and (Kafka 4.x, KIP-966) it does not move
    /// while the ISR is smaller than the effective `min.insync.replicas`
    /// (`isUnderMinIsr`), so a replica that leaves such an ISR still has every committed
    /// record. Completes `acks=all` requests it covers.
    pub(super) fn maybe_advance_high_watermark(&mut self, topic: &Rc<str>, partition: u32) {
        let Some(t) = self.st.topics.get_mut(topic) else { return };
        let min_isr = t.config.min_insync_replicas;
        let part = &mut t.partitions[partition as usize];
        let Some(leader) = part.leader else { return };
        if part.isr.len() < effective_min_isr(min_isr, part) {
            return;
        }
        let leader_leo = part.replica(leader).map_or(0, |r| r.log.log_end_offset());
        let new_hw =
            part.isr.iter().filter(|b| **b != leader).filter_map(|b| part.replica(*b).map(|r| r.follower_leo)).fold(leader_leo, i64::min);
        let l = part.replica_mut(leader).expect("leader replica");
        if new_hw <= l.high_watermark {
            return;
        }
        l.high_watermark = new_hw;
        // `checkEnoughReplicasReachOffset` compares with the effective min ISR too
        let enough = part.isr.len() >= effective_min_isr(min_isr, part);
        let (done, waiting): (Vec<_>, Vec<_>) = part.pending_acks.drain(..).partition(|a| a.last_offset < new_hw);
        part.pending_acks = waiting;
        self.emit(Event::HighWatermarkAdvanced { topic: topic.clone(), partition, broker: leader, high_watermark: new_hw });
        // parked follower fetches return with the new high watermark (in Kafka they
        // would within `replica.fetch.wait.max.ms`)
        self.wake_parked_fetches(topic, partition);
        self.wake_consumers(topic, partition);
        for a in done {
            let result = if enough {
                Ok((a.first_offset, a.last_offset))
            } else {
                Err((ErrorCode::NotEnoughReplicasAfterAppend, ErrorCode::NotEnoughReplicasAfterAppend.default_message().to_string()))
            };
            let d = self.delay();
            self.schedule(d, Action::ProduceResponse { producer: a.producer, batch: a.batch, attempt: a.attempt, result });
        }
    }

    /// The leader's periodic ISR check (`Partition.maybeShrinkIsr`, every
    /// `replica.lag.time.max.ms / 2`): followers behind the log end offset that have not
    /// caught up for `replica.lag.time.max.ms` leave the ISR.
    pub(super) fn isr_check(&mut self) {
        let now = self.st.now;
        let lag_max = self.st.config.replica_lag_time_max_ms;
        let mut shrunk = Vec::new();
        let alive: Vec<BrokerId> = self.st.brokers.iter().filter(|b| b.alive).map(|b| b.id).collect();
        for t in self.st.topics.values_mut() {
            for part in &mut t.partitions {
                let Some(leader) = part.leader.filter(|l| alive.contains(l)) else { continue };
                let leo = part.replica(leader).map_or(0, |r| r.log.log_end_offset());
                let out: Vec<BrokerId> = part
                    .isr
                    .iter()
                    .copied()
                    .filter(|b| *b != leader)
                    .filter(|b| part.replica(*b).is_some_and(|r| r.follower_leo < leo && now - r.last_caught_up_ms > lag_max))
                    .collect();
                if !out.is_empty() {
                    let isr = part.isr.iter().copied().filter(|b| !out.contains(b)).collect();
                    let _ = change_isr(part, isr, None, t.config.min_insync_replicas); // the leader stays
                    shrunk.push((t.name.clone(), part.index, out, part.isr.clone()));
                }
            }
        }
        for (topic, partition, removed, isr) in shrunk {
            self.emit(Event::IsrShrunk { topic: topic.clone(), partition, removed, isr });
            self.maybe_advance_high_watermark(&topic, partition);
        }
    }

    pub(super) fn stop_broker(&mut self, broker: BrokerId, clean: bool) -> KafkaResult<Reply> {
        let b = self.broker(broker).ok_or_else(|| no_such_broker(broker, self.st.brokers.len()))?;
        if !b.alive {
            return Err(KafkaError::new(ErrorCode::BrokerNotAvailable, format!("Broker {broker} is already stopped.")));
        }
        let b = self.st.brokers.iter_mut().find(|b| b.id == broker).expect("checked above");
        b.alive = false;
        b.crashed = !clean;
        let mut answers = Vec::new();
        for t in self.st.topics.values_mut() {
            for part in &mut t.partitions {
                let led = part.leader == Some(broker);
                for r in part.replicas.iter_mut() {
                    // its own fetches die with it, and so do the fetches parked at it
                    if r.broker == broker || led {
                        r.fetch_in_flight = false;
                        r.fetch_parked = false;
                    }
                }
                if led {
                    // a controlled shutdown hands leadership over first, so the old
                    // leader answers what it holds; a crash resets the connections, and the
                    // producers see their waiting requests disconnected
                    answers.extend(part.pending_acks.drain(..).map(|a| (a.producer, a.batch, a.attempt)));
                }
            }
        }
        if clean {
            self.answer_not_leader(answers);
        } else {
            for (producer, batch, attempt) in answers {
                let d = self.delay();
                let result = Err((ErrorCode::NetworkException, format!("Disconnected from node {broker}")));
                self.schedule(d, Action::ProduceResponse { producer, batch, attempt, result });
            }
        }
        self.emit(Event::BrokerStopped { broker, clean });
        if clean {
            // controlled shutdown: the controller moves leadership away at once
            self.fence_broker(broker);
        } else {
            let timeout = self.st.config.broker_session_timeout_ms;
            self.schedule(timeout, Action::FenceBroker { broker });
        }
        Ok(Reply::Done)
    }

    /// The controller fences a broker (`handleBrokerFenced`): it leaves every ISR, and the
    /// partitions it led elect a new leader from the ISR. With Eligible Leader Replicas
    /// (KIP-966) an ISR may empty; without, the last member stays. ISR changes below
    /// min ISR move the leavers into the ELR ([`change_isr`]).
    pub(super) fn fence_broker(&mut self, broker: BrokerId) {
        let Some(b) = self.st.brokers.iter_mut().find(|b| b.id == broker) else { return };
        if b.alive || b.fenced {
            return; // restarted before its session expired, or already fenced
        }
        b.fenced = true;
        self.emit(Event::BrokerFenced { broker });
        let mut changes = Vec::new();
        for t in self.st.topics.values_mut() {
            for part in &mut t.partitions {
                if part.isr.contains(&broker) && (ELR_ENABLED || part.isr.len() > 1) {
                    let isr = part.isr.iter().copied().filter(|b| *b != broker).collect();
                    let old_leader = change_isr(part, isr, None, t.config.min_insync_replicas);
                    changes.push((t.name.clone(), part.index, Some((vec![broker], part.isr.clone())), old_leader));
                } else if part.leader == Some(broker) {
                    changes.push((t.name.clone(), part.index, None, None));
                }
            }
        }
        for (topic, partition, shrink, old_leader) in changes {
            if let Some((removed, isr)) = shrink {
                self.emit(Event::IsrShrunk { topic: topic.clone(), partition, removed, isr });
            }
            let leader = self.st.topics[&topic].partitions[partition as usize].leader;
            if leader == Some(broker) {
                self.elect_leader(&topic, partition);
            } else {
                self.maybe_advance_high_watermark(&topic, partition);
            }
            if let Some(t) = self.st.topics.get_mut(&topic) {
                remember_last_leader(&mut t.partitions[partition as usize], old_leader);
            }
        }
    }

    pub(super) fn start_broker(&mut self, broker: BrokerId) -> KafkaResult<Reply> {
        let b = self.broker(broker).ok_or_else(|| no_such_broker(broker, self.st.brokers.len()))?;
        if b.alive {
            return Err(KafkaError::new(ErrorCode::InvalidRequest, format!("Broker {broker} is already running.")));
        }
        let b = self.st.brokers.iter_mut().find(|b| b.id == broker).expect("checked above");
        b.alive = true;
        b.fenced = false;
        let unclean_shutdown = std::mem::take(&mut b.crashed);
        self.emit(Event::BrokerStarted { broker });
        if unclean_shutdown {
            self.handle_unclean_shutdown(broker);
        }
        let mut work = Vec::new();
        for t in self.st.topics.values() {
            for part in &t.partitions {
                if part.replica(broker).is_some() {
                    work.push((t.name.clone(), part.index, part.leader.is_none() || part.leader == Some(broker)));
                }
            }
        }
        for (topic, partition, elect) in work {
            if elect {
                self.elect_leader(&topic, partition);
            }
            let replicas = self.st.topics[&topic].partitions[partition as usize].replica_ids();
            for f in replicas {
                self.start_follower_fetch(&topic, partition, f);
            }
        }
        Ok(Reply::Done)
    }

    /// The KRaft controller's periodic look for leaderless partitions
    /// (`QuorumController.maybeTriggerUncleanLeaderElectionForLeaderlessPartitions`,
    /// every `unclean.leader.election.interval.ms`): with `unclean.leader.election.enable`
    /// (the topic's, else the cluster's), a partition whose ISR is all down gets any
    /// running replica as its leader. So
    /// turning the setting on mends an offline partition at the next check, not at once.
    pub(super) fn unclean_election_check(&mut self) {
        let leaderless: Vec<(Rc<str>, u32)> = self
            .st
            .topics
            .values()
            .filter(|t| self.unclean_allowed(t))
            .flat_map(|t| t.partitions.iter().filter(|p| p.leader.is_none()).map(move |p| (t.name.clone(), p.index)))
            .collect();
        for (topic, partition) in leaderless {
            self.elect_leader(&topic, partition);
        }
    }

    /// `unclean.leader.election.enable` for a topic: its own, else the cluster's.
    fn unclean_allowed(&self, t: &super::super::cluster::Topic) -> bool {
        t.config.unclean_leader_election(self.st.config.unclean_leader_election_enable)
    }

    /// Chooses a leader: the first replica in assignment order that is in the ISR and
    /// running; with `unclean.leader.election.enable`, any running replica. With none,
    /// the partition goes offline (`leader: none`).
    pub(super) fn elect_leader(&mut self, topic: &Rc<str>, partition: u32) {
        let Some(unclean) = self.st.topics.get(topic).map(|t| self.unclean_allowed(t)) else { return };
        self.elect_any_leader(topic, partition, unclean);
    }

    /// [`Sim::elect_leader`] with unclean election allowed or not; returns whether the
    /// leader changed.
    fn elect_any_leader(&mut self, topic: &Rc<str>, partition: u32, unclean: bool) -> bool {
        self.elect_any_leader_but(topic, partition, unclean, None)
    }

    /// `PartitionChangeBuilder.electAnyLeader`: the current leader if it is still a valid
    /// one, else the first valid replica in assignment order (an ISR member, or an ELR
    /// member when the ISR is empty), else the last known leader
    /// ([`last_known_leader`]), else with `unclean` any running replica. `excluded` may
    /// not lead (a broker back from an unclean shutdown, while the controller handles it).
    fn elect_any_leader_but(&mut self, topic: &Rc<str>, partition: u32, unclean: bool, excluded: Option<BrokerId>) -> bool {
        let mut usable = self.usable_brokers();
        usable.retain(|b| Some(*b) != excluded);
        let Some(part) = self.st.topics.get(topic).map(|t| &t.partitions[partition as usize]) else { return false };
        let valid = |b: &BrokerId| is_valid_new_leader(part, *b) && usable.contains(b);
        let clean_choice = part.leader.filter(valid).or_else(|| part.replicas.iter().map(|r| r.broker).find(valid));
        let choice = clean_choice.or_else(|| last_known_leader(part)).or_else(|| {
            if unclean {
                part.replicas.iter().map(|r| r.broker).find(|b| usable.contains(b))
            } else {
                None
            }
        });
        if choice == part.leader {
            return false; // the same leader, or still offline
        }
        self.install_leader(topic, partition, choice, clean_choice.is_none());
        true
    }

    /// `handleBrokerUncleanShutdown` (ReplicationControlManager, Kafka 4.x): a broker that
    /// registers again after a crash leaves every ISR and ELR it was in (its log may have
    /// lost what it had not flushed, so it is not trusted to hold every committed record),
    /// and the partitions it led elect another leader without it.
    fn handle_unclean_shutdown(&mut self, broker: BrokerId) {
        let mut changed = Vec::new();
        for t in self.st.topics.values_mut() {
            for part in &mut t.partitions {
                if part.isr.contains(&broker) || part.elr.contains(&broker) {
                    let removed = part.isr.contains(&broker);
                    let isr: Vec<BrokerId> = part.isr.iter().copied().filter(|b| *b != broker).collect();
                    let old_leader = change_isr(part, isr, Some(broker), t.config.min_insync_replicas);
                    changed.push((t.name.clone(), part.index, removed.then(|| part.isr.clone()), old_leader));
                }
            }
        }
        for (topic, partition, shrunk, old_leader) in changed {
            if let Some(isr) = shrunk {
                self.emit(Event::IsrShrunk { topic: topic.clone(), partition, removed: vec![broker], isr });
            }
            let unclean = self.st.topics.get(&topic).is_some_and(|t| self.unclean_allowed(t));
            self.elect_any_leader_but(&topic, partition, unclean, Some(broker));
            if let Some(t) = self.st.topics.get_mut(&topic) {
                remember_last_leader(&mut t.partitions[partition as usize], old_leader);
            }
        }
    }

    /// `ReplicationControlManager.electLeaders`, the ElectLeaders API behind
    /// `kafka-leader-election.sh`: per partition UNKNOWN_TOPIC_OR_PARTITION,
    /// ELECTION_NOT_NEEDED (a preferred election where the preferred replica leads, an
    /// unclean one where there is a leader), PREFERRED_LEADER_NOT_AVAILABLE or
    /// ELIGIBLE_LEADERS_NOT_AVAILABLE when no election could be made, or success. An
    /// unclean election here does not need `unclean.leader.election.enable`: asking for
    /// it is the operator's decision. Asked for every partition (`None`), the answer
    /// leaves out the partitions that need no election.
    pub(super) fn elect_leaders(
        &mut self,
        election: ElectionType,
        partitions: Option<Vec<(String, i32)>>,
    ) -> Vec<(String, i32, Option<KafkaError>)> {
        let all = partitions.is_none();
        let wanted = partitions.unwrap_or_else(|| {
            self.st.topics.values().flat_map(|t| (0..t.partitions.len() as i32).map(move |p| (t.name.to_string(), p))).collect()
        });
        let mut results = Vec::new();
        for (topic, partition) in wanted {
            let error = self.elect_for_admin(election, &topic, partition).err();
            if !(all && error.as_ref().is_some_and(|e| e.code == ErrorCode::ElectionNotNeeded)) {
                results.push((topic, partition, error));
            }
        }
        results
    }

    /// `ReplicationControlManager.electLeader`: one partition of an ElectLeaders request.
    fn elect_for_admin(&mut self, election: ElectionType, topic: &str, partition: i32) -> KafkaResult<()> {
        let no_such = |what: String| KafkaError::new(ErrorCode::UnknownTopicOrPartition, what);
        let t = self.st.topics.get(topic).ok_or_else(|| no_such(format!("No such topic as {topic}")))?;
        let p = usize::try_from(partition)
            .ok()
            .and_then(|i| t.partitions.get(i))
            .ok_or_else(|| no_such(format!("No such partition as {topic}-{partition}")))?;
        let name = t.name.clone();
        let not_needed = match election {
            ElectionType::Preferred => p.leader == preferred_replica(p),
            ElectionType::Unclean => p.leader.is_some(),
        };
        if not_needed {
            return Err(KafkaError::of(ErrorCode::ElectionNotNeeded));
        }
        let (elected, failure) = match election {
            ElectionType::Preferred => (self.elect_preferred_leader(&name, partition as u32), ErrorCode::PreferredLeaderNotAvailable),
            ElectionType::Unclean => (self.elect_any_leader(&name, partition as u32, true), ErrorCode::EligibleLeadersNotAvailable),
        };
        if elected {
            Ok(())
        } else {
            Err(KafkaError::of(failure))
        }
    }

    /// Brokers that may lead: registered and not fenced (`ClusterControlManager`'s
    /// `isActive`, which the controller's `LeaderAcceptor` asks). A crashed broker is one
    /// until its session expires: the controller does not know yet that it is gone.
    fn usable_brokers(&self) -> Vec<BrokerId> {
        self.st.brokers.iter().filter(|b| !b.fenced).map(|b| b.id).collect()
    }

    /// A new leader (or none) with the next leader epoch. A leader that is still running
    /// answers its pending `acks=all` produce requests with NOT_LEADER_OR_FOLLOWER, so
    /// the producers retry at the new leader (`DelayedProduce` on `makeFollower`).
    fn install_leader(&mut self, topic: &Rc<str>, partition: u32, choice: Option<BrokerId>, unclean: bool) {
        let now = self.st.now;
        let old_leader_alive = self.st.topics[topic].partitions[partition as usize].leader.is_some_and(|l| self.broker_alive(l));
        let Some(t) = self.st.topics.get_mut(topic) else { return };
        let part = &mut t.partitions[partition as usize];
        part.leader_epoch += 1;
        part.leader = choice;
        let answers: Vec<_> = part.pending_acks.drain(..).filter(|_| old_leader_alive).map(|a| (a.producer, a.batch, a.attempt)).collect();
        let epoch = part.leader_epoch;
        if let Some(l) = choice {
            if unclean {
                // unclean: the new leader's log is the truth, and the ELR fields are cleared
                // (`PartitionChangeBuilder.maybeUpdateRecordElr`)
                part.isr = vec![l];
                part.elr.clear();
                part.last_known_elr.clear();
            } else if part.elr.contains(&l) {
                // a clean election from the ELR (the ISR was empty): the new leader is the ISR
                part.isr = vec![l];
                part.elr.retain(|b| *b != l);
            }
            part.last_known_elr.clear();
            for r in part.replicas.iter_mut() {
                r.fetch_in_flight = false;
                r.fetch_parked = false;
                r.follower_leo = 0;
                r.last_caught_up_ms = now;
            }
            let lr = part.replica_mut(l).expect("leader replica");
            let leo = lr.log.log_end_offset();
            lr.epochs.push((epoch, leo));
        }
        let followers = part.replica_ids();
        self.answer_not_leader(answers);
        self.emit(Event::LeaderElected { topic: topic.clone(), partition, leader: choice, leader_epoch: epoch });
        if &**topic == super::super::group::OFFSETS_TOPIC && choice.is_some() {
            self.on_coordinator_moved(partition);
        }
        for f in followers {
            self.start_follower_fetch(topic, partition, f);
        }
        self.maybe_advance_high_watermark(topic, partition);
    }

    /// A leader that stops leading answers the `acks=all` produce requests it held with
    /// NOT_LEADER_OR_FOLLOWER, one network delay later; the producers retry elsewhere.
    fn answer_not_leader(&mut self, pending: Vec<(u32, u64, u32)>) {
        self.answer_waiting_produce(pending, ErrorCode::NotLeaderOrFollower);
    }

    /// Completes `acks=all` produce requests waiting in a leader's purgatory with `error`
    /// (`DelayedProduce` forced to complete), one network delay later.
    pub(super) fn answer_waiting_produce(&mut self, pending: Vec<(u32, u64, u32)>, error: ErrorCode) {
        for (producer, batch, attempt) in pending {
            let d = self.delay();
            let result = Err((error, error.default_message().to_string()));
            self.schedule(d, Action::ProduceResponse { producer, batch, attempt, result });
        }
    }

    /// `QuorumController.maybeScheduleNextBalancePartitionLeaders`, run after every
    /// controller write: with `auto.leader.rebalance.enable`, while some partition is not
    /// led by its preferred replica (the first in its assignment), and none is pending,
    /// schedule a [`Sim::leader_balance_check`] `leader.imbalance.check.interval.seconds`
    /// from now (10 ms after a check that stopped at its election limit).
    pub(super) fn maybe_schedule_leader_balance(&mut self, immediately: bool) {
        let c = &self.st.config;
        if self.st.leader_balance_scheduled || !c.auto_leader_rebalance_enable {
            return;
        }
        let delay = if immediately { 10 } else { c.leader_imbalance_check_interval_seconds.saturating_mul(1000) };
        if !self.st.topics.values().any(|t| t.partitions.iter().any(|p| p.leader != preferred_replica(p))) {
            return;
        }
        self.st.leader_balance_scheduled = true;
        self.schedule(delay, Action::LeaderBalanceCheck);
    }

    /// `ReplicationControlManager.maybeBalancePartitionLeaders`: a preferred-leader
    /// election for each partition whose leader is not its preferred replica, at most
    /// [`MAX_ELECTIONS_PER_IMBALANCE`] per check. Kafka walks its set of imbalanced
    /// partitions in hash order; Kafkascope walks them by topic name and partition.
    pub(super) fn leader_balance_check(&mut self) {
        let mut elections = 0;
        let mut more = false;
        if self.st.config.auto_leader_rebalance_enable {
            let imbalanced: Vec<(Rc<str>, u32)> = self
                .st
                .topics
                .values()
                .flat_map(|t| t.partitions.iter().filter(|p| p.leader != preferred_replica(p)).map(move |p| (t.name.clone(), p.index)))
                .collect();
            for (topic, partition) in imbalanced {
                if elections >= MAX_ELECTIONS_PER_IMBALANCE {
                    more = true;
                    break;
                }
                if self.elect_preferred_leader(&topic, partition) {
                    elections += 1;
                }
            }
        }
        // QuorumController marks the event done, then reschedules after the write
        self.st.leader_balance_scheduled = false;
        self.maybe_schedule_leader_balance(more);
    }

    /// `PartitionChangeBuilder`'s PREFERRED election: the preferred replica if it is in
    /// the ISR and its broker is usable; else the current leader if it still qualifies;
    /// else the first other replica that does. Returns whether the leader changed.
    fn elect_preferred_leader(&mut self, topic: &Rc<str>, partition: u32) -> bool {
        let usable = self.usable_brokers();
        let Some(part) = self.st.topics.get(topic).map(|t| &t.partitions[partition as usize]) else { return false };
        let valid = |b: &BrokerId| is_valid_new_leader(part, *b) && usable.contains(b);
        let choice = preferred_replica(part)
            .filter(valid)
            .or_else(|| part.leader.filter(valid))
            .or_else(|| part.replicas.iter().skip(1).map(|r| r.broker).find(valid));
        let last_known = if choice.is_none() { last_known_leader(part) } else { None };
        let choice = choice.or(last_known);
        if choice == part.leader {
            return false;
        }
        self.install_leader(topic, partition, choice, last_known.is_some());
        true
    }
}

/// Eligible Leader Replicas (KIP-966) are on: the `eligible.leader.replicas.version`
/// feature is enabled in clusters created by Kafka 4.1 and later, which a fresh
/// Kafkascope cluster is.
pub const ELR_ENABLED: bool = true;

/// `Partition.effectiveMinIsr` / `ReplicationControlManager.getTopicEffectiveMinIsr`:
/// `min.insync.replicas`, but never more than the replication factor.
pub(super) fn effective_min_isr(min_insync_replicas: i32, part: &Partition) -> usize {
    (min_insync_replicas.max(1) as usize).min(part.replicas.len())
}

/// `PartitionChangeBuilder.isValidNewLeader`: an ISR member, or an ELR member when the
/// ISR is empty (whether its broker may lead is asked separately).
fn is_valid_new_leader(part: &Partition, b: BrokerId) -> bool {
    part.isr.contains(&b) || (part.isr.is_empty() && part.elr.contains(&b))
}

/// The controller changes a partition's ISR to `target` (`PartitionChangeBuilder.build`,
/// Kafka 4.x, before its election). `maybePopulateTargetElr`: at or above the effective
/// min ISR the ELR is cleared; below it, every member of the old ISR or ELR that is not in
/// the new ISR is in the ELR, except a broker back from an unclean shutdown. Kafka keeps
/// the set in a Java `HashSet`, which iterates small broker ids in ascending order; so
/// does this list. When the change empties the ISR, gives the leader the partition had,
/// for [`remember_last_leader`] after the election; a partition that keeps a leader
/// clears its LastKnownElr.
#[must_use]
fn change_isr(
    part: &mut Partition,
    target: Vec<BrokerId>,
    unclean_shutdown: Option<BrokerId>,
    min_insync_replicas: i32,
) -> Option<BrokerId> {
    if !ELR_ENABLED {
        part.isr = target;
        return None;
    }
    if target.len() >= effective_min_isr(min_insync_replicas, part) {
        part.elr.clear();
    } else {
        let mut candidates: Vec<BrokerId> = part.elr.iter().chain(part.isr.iter()).copied().collect();
        sorting::sort(&mut candidates);
        candidates.dedup();
        candidates.retain(|b| !target.contains(b) && Some(*b) != unclean_shutdown);
        part.elr = candidates;
    }
    let emptied = target.is_empty() && !part.isr.is_empty();
    if !emptied && part.leader.is_some() {
        part.last_known_elr.clear();
    }
    part.isr = target;
    if emptied {
        part.leader
    } else {
        None
    }
}

/// `PartitionChangeBuilder.maybeUpdateLastKnownLeader` (the controller always sets
/// `useLastKnownLeaderInBalancedRecovery`), after the election of the change that emptied
/// the ISR: if it is still empty, LastKnownElr remembers the leader the partition had.
fn remember_last_leader(part: &mut Partition, old_leader: Option<BrokerId>) {
    if let Some(l) = old_leader.filter(|_| part.isr.is_empty()) {
        part.last_known_elr = vec![l];
    }
}

/// `PartitionChangeBuilder.canElectLastKnownLeader` (Kafka 4.x): with the ISR and the ELR
/// empty and one LastKnownElr member, the controller makes it the leader again, as an
/// unclean election ("balanced recovery"); Kafka does not ask whether its broker may lead.
fn last_known_leader(part: &Partition) -> Option<BrokerId> {
    match part.last_known_elr.as_slice() {
        [l] if ELR_ENABLED && part.isr.is_empty() && part.elr.is_empty() => Some(*l),
        _ => None,
    }
}

/// `ReplicationControlManager.MAX_ELECTIONS_PER_IMBALANCE`.
pub const MAX_ELECTIONS_PER_IMBALANCE: usize = 1000;

/// The first replica in assignment order (`PartitionRegistration.preferredReplica`).
fn preferred_replica(p: &super::super::cluster::Partition) -> Option<BrokerId> {
    p.replicas.first().map(|r| r.broker)
}

fn part_leader(p: &super::super::cluster::Partition) -> BrokerId {
    p.leader.unwrap_or(-1)
}

fn no_such_broker(broker: BrokerId, n: usize) -> KafkaError {
    KafkaError::new(ErrorCode::BrokerNotAvailable, format!("There is no broker {broker}: this cluster has brokers 1 to {n}."))
}
