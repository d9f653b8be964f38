//! The client state machines that live inside the simulation: producers and
//! standalone (assign-mode) consumers. Their protocol handling is in `sim/`.

use std::collections::BTreeMap;
use std::rc::Rc;

use super::client_config::{ConsumerConfig, ProducerConfig};
use super::event::ProducerId;
use super::log::record::NewRecord;
use super::partitioner::StickyPartition;

/// A batch still filling in the producer's `RecordAccumulator`.
#[derive(Clone, Debug, Hash)]
pub struct OpenBatch {
    pub records: Vec<NewRecord>,
    pub bytes: u64,
    pub created_ms: i64,
}

/// A batch sent (or waiting to be re-sent) and not yet acknowledged.
#[derive(Clone, Debug, Hash)]
pub struct InFlightBatch {
    pub topic: Rc<str>,
    pub partition: u32,
    pub records: Vec<NewRecord>,
    pub bytes: u64,
    pub attempt: u32,
    /// when the batch was closed: `delivery.timeout.ms` counts from here
    pub created_ms: i64,
}

/// A `KafkaProducer`.
#[derive(Clone, Debug, Hash)]
pub struct Producer {
    pub id: ProducerId,
    pub client_id: String,
    pub config: ProducerConfig,
    pub sticky: BTreeMap<Rc<str>, StickyPartition>,
    pub open: BTreeMap<(Rc<str>, u32), OpenBatch>,
    pub in_flight: BTreeMap<u64, InFlightBatch>,
    pub next_batch_id: u64,
    pub drain_scheduled: bool,
    pub closed: bool,
    pub acked_records: u64,
    pub failed_records: u64,
}

/// A `KafkaConsumer` used with `assign()` (no group).
#[derive(Clone, Debug, Hash)]
pub struct Consumer {
    pub id: u32,
    pub client_id: String,
    pub config: ConsumerConfig,
    pub assignment: Vec<(Rc<str>, u32)>,
    pub positions: BTreeMap<(Rc<str>, u32), i64>,
}
