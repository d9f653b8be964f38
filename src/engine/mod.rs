//! The deterministic Kafka model: no web dependency, no I/O, no wall clock.
//!
//! Inputs are [`Command`]s and the passage of virtual time; outputs are [`TraceEntry`]s.
//! Each submodule models one Kafka concept and names the Kafka source it follows.

pub mod assignor;
pub mod client_config;
pub mod client_config_defs;
pub mod clients;
pub mod cluster;
pub mod command;
pub mod config;
pub mod decimal;
pub mod error;
pub mod event;
pub mod glossary;
pub mod group;
pub mod log;
pub mod map;
pub mod partitioner;
pub mod rng;
pub mod sim;
pub mod sorting;
pub mod stable_hash;
pub mod topic_name;
pub mod trace;
pub mod txn;

pub use client_config::{Acks, ConsumerConfig, OffsetReset, ProducerConfig};
pub use cluster::{Broker, Partition, Replica, Topic};
pub use command::{Command, ConsumerRecord, ElectionType, Reply};
pub use config::TopicConfig;
pub use error::{ErrorCode, KafkaError, KafkaResult};
pub use event::{BrokerId, Event, ProducerId, TraceEntry};
pub use log::record::{Header, NewRecord, OwnedRecord};
pub use log::Log;
pub use sim::{ClusterConfig, Sim, Snapshot};
pub use trace::Trace;
pub use txn::{ClientTxnState, TxnState};

/// The Apache Kafka release Kafkascope models and checks itself against (see
/// `docs/conformance.md`): what every tool's `--version` prints, what the README and the
/// glossary name, and the `apache/kafka` image the export runs.
pub const KAFKA_VERSION: &str = "4.3.1";
