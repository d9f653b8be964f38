//! Brokers, topics, partitions and their replicas.
//!
//! Models the controller's view (`ReplicationControlManager`,
//! metadata/src/main/java/org/apache/kafka/controller/) and each broker's `Partition`
//! (core/src/main/scala/kafka/cluster/Partition.scala): replicas, leader, leader epoch,
//! ISR, high watermark.

use std::rc::Rc;

use serde::Serialize;

use super::config::TopicConfig;
use super::event::BrokerId;
use super::log::Log;
use super::rng::Uuid;

#[derive(Clone, Debug, Hash, Serialize)]
pub struct Broker {
    pub id: BrokerId,
    /// the process is running
    pub alive: bool,
    /// the controller has fenced it (it crashed and its session expired, or it shut down)
    pub fenced: bool,
    /// it stopped by a crash, not a controlled shutdown: when it registers again the
    /// controller treats it as an unclean shutdown (`handleBrokerUncleanShutdown`)
    pub crashed: bool,
}

impl Broker {
    /// The address the simulated broker listens on (`localhost:9092` for broker 1).
    pub fn address(&self) -> String {
        format!("localhost:{}", 9091 + self.id)
    }
}

/// One copy of a partition on one broker.
#[derive(Clone, Debug, Hash)]
pub struct Replica {
    pub broker: BrokerId,
    pub log: Log,
    /// this replica's own high watermark (a follower learns it from the leader)
    pub high_watermark: i64,
    /// (leader epoch, start offset) pairs: `LeaderEpochFileCache`
    pub epochs: Vec<(i32, i64)>,
    /// as the leader sees this follower: the offset of its last fetch
    pub follower_leo: i64,
    /// as the leader sees this follower: `lastCaughtUpTimeMs`
    pub last_caught_up_ms: i64,
    /// a fetch from this follower is parked at the leader or on its way
    pub fetch_in_flight: bool,
    /// the leader holds this follower's fetch until new data arrives
    pub fetch_parked: bool,
    /// the last batch of each idempotent producer in this replica's log
    pub producer_state: Vec<ProducerBatchRecord>,
}

impl Replica {
    /// Where a consumer's fetch from this (leader) replica stops: the high watermark, or
    /// under `isolation.level=read_committed` the last stable offset.
    pub fn fetch_limit(&self, read_committed: bool) -> i64 {
        if read_committed {
            self.log.last_stable_offset(self.high_watermark)
        } else {
            self.high_watermark
        }
    }

    pub fn new(broker: BrokerId, now: i64) -> Self {
        Replica {
            broker,
            log: Log::new(now),
            high_watermark: 0,
            epochs: Vec::new(),
            follower_leo: 0,
            last_caught_up_ms: now,
            fetch_in_flight: false,
            fetch_parked: false,
            producer_state: Vec::new(),
        }
    }

    /// End offset of `epoch` in this replica's epoch cache (`LeaderEpochFileCache.endOffsetFor`).
    pub fn end_offset_for_epoch(&self, epoch: i32) -> i64 {
        match self.epochs.iter().position(|(e, _)| *e > epoch) {
            Some(i) => self.epochs[i].1,
            None => self.log.log_end_offset(),
        }
    }

    pub fn latest_epoch(&self) -> Option<i32> {
        self.epochs.last().map(|(e, _)| *e)
    }
}

/// A batch an idempotent producer appended, so a retried batch is not written twice
/// (`ProducerStateManager`; a replica keeps the last five per producer). Simplification:
/// the sequence is the producer's batch number, and out-of-order sequences are not
/// rejected.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ProducerBatchRecord {
    pub producer: u32,
    pub sequence: u64,
    pub first_offset: i64,
    pub last_offset: i64,
}

#[derive(Clone, Debug, Hash)]
pub struct Partition {
    pub index: u32,
    /// replicas in assignment order; the first is the preferred leader
    pub replicas: Vec<Replica>,
    pub leader: Option<BrokerId>,
    pub leader_epoch: i32,
    pub isr: Vec<BrokerId>,
    /// Eligible Leader Replicas (KIP-966): replicas that left the ISR while it was below
    /// `min.insync.replicas`, so still hold every committed record (the high watermark does
    /// not advance under min ISR); with an empty ISR the controller elects from them.
    /// Ascending broker ids.
    pub elr: Vec<BrokerId>,
    /// `LastKnownElr` in `--describe`: the leader a partition had when its ISR emptied
    /// (the controller always keeps the last known leader there); with the ISR and the ELR
    /// empty it leads again. Cleared once the partition has a leader.
    pub last_known_elr: Vec<BrokerId>,
    /// `acks=all` produce requests waiting for the high watermark (the produce purgatory)
    pub pending_acks: Vec<PendingAck>,
}

#[derive(Clone, Debug, Hash)]
pub struct PendingAck {
    pub producer: u32,
    pub batch: u64,
    pub attempt: u32,
    pub first_offset: i64,
    pub last_offset: i64,
}

impl Partition {
    pub fn replica(&self, broker: BrokerId) -> Option<&Replica> {
        self.replicas.iter().find(|r| r.broker == broker)
    }
    pub fn replica_mut(&mut self, broker: BrokerId) -> Option<&mut Replica> {
        self.replicas.iter_mut().find(|r| r.broker == broker)
    }
    pub fn replica_ids(&self) -> Vec<BrokerId> {
        self.replicas.iter().map(|r| r.broker).collect()
    }
    /// The leader's replica, if the partition is online.
    pub fn leader_replica(&self) -> Option<&Replica> {
        self.leader.and_then(|l| self.replica(l))
    }
    /// The high watermark as clients see it (the leader's), or the last known one.
    pub fn high_watermark(&self) -> i64 {
        self.leader_replica().map_or_else(|| self.replicas.iter().map(|r| r.high_watermark).max().unwrap_or(0), |r| r.high_watermark)
    }
    /// The leader's last stable offset (issue 18): the high watermark, or the first offset
    /// of the oldest transaction still open below it.
    pub fn last_stable_offset(&self) -> i64 {
        self.leader_replica().map_or_else(|| self.high_watermark(), |r| r.log.last_stable_offset(r.high_watermark))
    }
    pub fn log_start_offset(&self) -> i64 {
        self.leader_replica().map_or(0, |r| r.log.log_start_offset())
    }
    pub fn log_end_offset(&self) -> i64 {
        self.leader_replica().map_or(0, |r| r.log.log_end_offset())
    }
}

#[derive(Clone, Debug, Hash)]
pub struct Topic {
    pub name: Rc<str>,
    pub topic_id: Uuid,
    pub config: TopicConfig,
    pub partitions: Vec<Partition>,
}

impl Topic {
    pub fn replication_factor(&self) -> usize {
        self.partitions.first().map_or(0, |p| p.replicas.len())
    }
}

/// Replica placement as Kafka's `StripedReplicaPlacer` does it without racks: the
/// leaders of consecutive partitions rotate over the brokers from a random start, and
/// each partition's followers are the next brokers in order.
pub fn place_replicas(brokers: &[BrokerId], first_partition: u32, count: u32, rf: u32, start: usize) -> Vec<Vec<BrokerId>> {
    let n = brokers.len();
    (0..count)
        .map(|i| {
            let first = (start + (first_partition + i) as usize) % n;
            (0..rf as usize).map(|j| brokers[(first + j) % n]).collect()
        })
        .collect()
}
