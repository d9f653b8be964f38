//! The KRaft controller quorum, as `kafka-metadata-quorum.sh` shows it (`DescribeQuorum`,
//! `QuorumInfo`; raft `LeaderState.describeQuorum`, Kafka 4.x).
//!
//! Kafkascope's cluster has one controller: node 0, a controller-only node
//! (`process.roles=controller`) listening on `CONTROLLER://localhost:9091`, the only voter
//! and the leader of the metadata log (`__cluster_metadata`) at epoch 1. It never fails.
//! The brokers (nodes 1..N) are observers: they fetch the metadata log, register and
//! heartbeat; the controller fences a broker whose heartbeats stop for
//! `broker.session.timeout.ms` (see `replication.rs`).
//!
//! Simplifications: the metadata log's end offset counts one record per controller event
//! (a topic, a partition change, a broker registering or fenced, a config record), plus
//! the `NoOpRecord` the active controller appends every `metadata.max.idle.interval.ms`
//! (500 ms) and a few bootstrap records; Kafka writes several records for some events
//! (a topic's partitions, for instance). A running broker is always caught up; a stopped
//! one keeps the offset it had reached and its last fetch time, and leaves the observer
//! list five minutes later (`LeaderState`'s observer session timeout).

use super::Sim;
use crate::engine::event::Event;
use crate::engine::rng::SimRng;

/// The controller's node id and listener (Kafkascope's brokers are nodes 1 to 9 on
/// localhost:9092 onwards).
pub const CONTROLLER_ID: i32 = 0;
pub const CONTROLLER_ENDPOINT: &str = "CONTROLLER://localhost:9091";
/// `metadata.max.idle.interval.ms`: how often the active controller writes a NoOpRecord.
pub const METADATA_MAX_IDLE_INTERVAL_MS: i64 = 500;
/// How long the leader keeps an observer that stopped fetching
/// (`LeaderState.OBSERVER_SESSION_TIMEOUT_MS`).
pub const OBSERVER_SESSION_TIMEOUT_MS: i64 = 300_000;
/// Records a freshly formatted cluster's metadata log starts with (the bootstrap
/// metadata: metadata.version and the other feature levels, the controller's
/// registration).
const BOOTSTRAP_RECORDS: i64 = 4;

/// One replica of the metadata log (`QuorumInfo.ReplicaState`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QuorumReplica {
    pub node_id: i32,
    /// the node's metadata log directory id (`meta.properties`)
    pub directory_id: String,
    pub log_end_offset: i64,
    /// virtual time (ms) of its last fetch and of the last fetch that reached the end
    pub last_fetch_ms: i64,
    pub last_caught_up_ms: i64,
}

/// What `Admin.describeMetadataQuorum` returns (`QuorumInfo`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QuorumInfo {
    pub leader_id: i32,
    pub leader_epoch: i32,
    pub high_watermark: i64,
    pub voters: Vec<QuorumReplica>,
    pub observers: Vec<QuorumReplica>,
}

/// Whether an event is a record the controller writes to the metadata log.
pub(super) fn is_metadata_record(event: &Event) -> bool {
    matches!(
        event,
        Event::LeaderElected { .. }
            | Event::IsrShrunk { .. }
            | Event::IsrExpanded { .. }
            | Event::BrokerFenced { .. }
            | Event::BrokerStarted { .. }
            | Event::TopicCreated { .. }
            | Event::TopicDeleted { .. }
            | Event::TopicConfigChanged { .. }
            | Event::PartitionsCreated { .. }
            | Event::ClusterConfigChanged { .. }
            | Event::BrokerConfigChanged { .. }
    )
}

impl Sim {
    /// The ids a fresh cluster's `kafka-storage.sh format` gave: the cluster id and each
    /// node's directory id, drawn from the seed apart from the simulation's randomness.
    fn quorum_ids(&self) -> (String, Vec<String>) {
        let mut rng = SimRng::new(self.seed() ^ 0x6b72_6166_7420_6964);
        let cluster = rng.uuid().to_kafka_string();
        let dirs = (0..=self.st.brokers.len()).map(|_| rng.uuid().to_kafka_string()).collect();
        (cluster, dirs)
    }

    /// The cluster id (`describeCluster().clusterId()`, `kafka-cluster.sh cluster-id`).
    pub fn cluster_id(&self) -> String {
        self.quorum_ids().0
    }

    /// The metadata log's end offset now.
    pub fn metadata_log_end_offset(&self) -> i64 {
        BOOTSTRAP_RECORDS + self.st.metadata_records as i64 + self.st.now / METADATA_MAX_IDLE_INTERVAL_MS
    }

    /// `DescribeQuorum` as the active controller answers it.
    pub fn metadata_quorum(&self) -> QuorumInfo {
        let (_, dirs) = self.quorum_ids();
        let now = self.st.now;
        let leo = self.metadata_log_end_offset();
        let leader = QuorumReplica {
            node_id: CONTROLLER_ID,
            directory_id: dirs[0].clone(),
            log_end_offset: leo,
            last_fetch_ms: now,
            last_caught_up_ms: now,
        };
        let mut observers = Vec::new();
        for b in &self.st.brokers {
            let directory_id = dirs[b.id as usize].clone();
            if b.alive {
                observers.push(QuorumReplica {
                    node_id: b.id,
                    directory_id,
                    log_end_offset: leo,
                    last_fetch_ms: now,
                    last_caught_up_ms: now,
                });
            } else if let Some(&(stopped_ms, offset)) = self.st.stopped_brokers.get(&b.id) {
                if now - stopped_ms < OBSERVER_SESSION_TIMEOUT_MS {
                    observers.push(QuorumReplica {
                        node_id: b.id,
                        directory_id,
                        log_end_offset: offset,
                        last_fetch_ms: stopped_ms,
                        last_caught_up_ms: stopped_ms,
                    });
                }
            }
        }
        QuorumInfo { leader_id: CONTROLLER_ID, leader_epoch: 1, high_watermark: leo, voters: vec![leader], observers }
    }

    /// Notes what the metadata log is told: counts the controller's records, and
    /// remembers where a stopping broker's metadata fetches stopped.
    pub(super) fn note_metadata(&mut self, event: &Event) {
        if is_metadata_record(event) {
            self.st.metadata_records += 1;
        }
        match event {
            Event::BrokerStopped { broker, .. } => {
                let offset = self.metadata_log_end_offset();
                self.st.stopped_brokers.insert(*broker, (self.st.now, offset));
            }
            Event::BrokerStarted { broker } => {
                self.st.stopped_brokers.remove(broker);
            }
            _ => {}
        }
    }
}
