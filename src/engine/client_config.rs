//! Producer and consumer configs with Kafka's names and defaults (Kafka 4.3: `ProducerConfig`
//! and `ConsumerConfig` of clients/, where 4.0 changed `linger.ms` from 0 to 5, KIP-1030).
//!
//! Models `ProducerConfig` and `ConsumerConfig` (clients/src/main/java/org/apache/kafka/clients/).

use serde::Serialize;

use super::assignor::ClientAssignor;
use super::error::{ErrorCode, KafkaError, KafkaResult};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub enum Acks {
    Zero,
    One,
    All,
}

/// ConfigDef's `ConfigException` for a value: "Invalid value V for configuration N: why".
pub(super) fn bad(name: &str, value: &str, why: &str) -> KafkaError {
    KafkaError::new(ErrorCode::InvalidConfig, format!("Invalid value {value} for configuration {name}: {why}"))
}

/// A LONG with `atLeast(min)`.
pub(super) fn long(name: &str, value: &str, min: i64) -> KafkaResult<i64> {
    let v: i64 = value.trim().parse().map_err(|_| bad(name, value, "Not a number of type LONG"))?;
    if v < min {
        return Err(bad(name, value, &format!("Value must be at least {min}")));
    }
    Ok(v)
}

/// An INT with `atLeast(min)`.
pub(super) fn int(name: &str, value: &str, min: i64) -> KafkaResult<i64> {
    let v: i32 = value.trim().parse().map_err(|_| bad(name, value, "Not a number of type INT"))?;
    if (v as i64) < min {
        return Err(bad(name, value, &format!("Value must be at least {min}")));
    }
    Ok(v as i64)
}

/// A BOOLEAN (case-insensitive).
pub(super) fn boolean(name: &str, value: &str) -> KafkaResult<bool> {
    match value.trim().to_ascii_lowercase().as_str() {
        "true" => Ok(true),
        "false" => Ok(false),
        _ => Err(bad(name, value, "Expected value to be either true or false")),
    }
}

/// The producer settings the simulation acts on.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct ProducerConfig {
    pub client_id: Option<String>,
    /// `acks` (all, since Kafka 3.0)
    pub acks: Acks,
    /// `linger.ms` (5 since Kafka 4.0, KIP-1030; 0 before)
    pub linger_ms: i64,
    /// `batch.size` (16384)
    pub batch_size: u64,
    /// `retry.backoff.ms` (100): the first retry's backoff
    pub retry_backoff_ms: i64,
    /// `retry.backoff.max.ms` (1000): each retry of a batch doubles the backoff up to
    /// this (KIP-580)
    pub retry_backoff_max_ms: i64,
    /// `delivery.timeout.ms` (120000)
    pub delivery_timeout_ms: i64,
    /// `request.timeout.ms` (30000)
    pub request_timeout_ms: i64,
    /// `max.request.size` (1048576)
    pub max_request_size: u64,
    /// `enable.idempotence` (true; false when a conflicting config was set and this was not)
    pub enable_idempotence: bool,
    /// `retries` (2147483647): how many times a failed batch is sent again, within
    /// `delivery.timeout.ms` (`Sender.canRetry`)
    pub retries: i32,
    /// `max.in.flight.requests.per.connection` (5). Simplification: a batch is sent when it
    /// closes, however many are in flight; this only takes part in the idempotence checks.
    pub max_in_flight_requests_per_connection: i32,
    /// `partitioner.ignore.keys` (false)
    pub partitioner_ignore_keys: bool,
    /// `partitioner.class` (none: the built-in partitioner)
    pub partitioner: PartitionerClass,
    /// `transactional.id` (none; issue 18)
    pub transactional_id: Option<String>,
    /// `transaction.timeout.ms` (60000)
    pub transaction_timeout_ms: i64,
    /// `delivery.timeout.ms` was left at its default below `linger.ms + request.timeout.ms`
    /// and raised to that sum (`KafkaProducer.configureDeliveryTimeout`, which logs a WARN)
    pub delivery_timeout_raised: bool,
}

impl Default for ProducerConfig {
    fn default() -> Self {
        ProducerConfig {
            client_id: None,
            acks: Acks::All,
            linger_ms: 5,
            batch_size: 16384,
            retry_backoff_ms: 100,
            retry_backoff_max_ms: 1000,
            delivery_timeout_ms: 120_000,
            request_timeout_ms: 30_000,
            max_request_size: 1_048_576,
            enable_idempotence: true,
            retries: i32::MAX,
            max_in_flight_requests_per_connection: 5,
            partitioner_ignore_keys: false,
            partitioner: PartitionerClass::BuiltIn,
            transactional_id: None,
            transaction_timeout_ms: 60_000,
            delivery_timeout_raised: false,
        }
    }
}

impl ProducerConfig {
    /// `ExponentialBackoff.backoff(attempts)` as the `RecordAccumulator` builds it:
    /// `retry.backoff.ms × 2^attempts`, capped at `retry.backoff.max.ms`, times a random
    /// factor in [0.8, 1.2) (`RETRY_BACKOFF_JITTER` 0.2), never above the cap. `jitter`
    /// draws that factor in millionths; it is not called when the cap leaves no room to
    /// grow (then the backoff is the smaller of the two, as in Kafka). Integer arithmetic
    /// in place of Kafka's `Math.log` and `Math.pow`, so native and wasm runs agree.
    pub fn retry_backoff(&self, attempts: u32, jitter: impl FnOnce() -> u64) -> i64 {
        let max = self.retry_backoff_max_ms.max(0);
        let initial = self.retry_backoff_ms.max(0).min(max);
        if max <= initial {
            return initial;
        }
        let term = (0..attempts.min(63)).try_fold(initial, |t, _| t.checked_mul(2).filter(|&d| d < max)).unwrap_or(max);
        ((term as i128 * jitter() as i128 / 1_000_000) as i64).min(max)
    }

    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> KafkaResult<Self> {
        let mut c = ProducerConfig::default();
        let (mut idempotence_configured, mut delivery_timeout_configured) = (false, false);
        for (k, v) in pairs {
            c.set(k, v)?;
            idempotence_configured |= k == "enable.idempotence";
            delivery_timeout_configured |= k == "delivery.timeout.ms";
        }
        // `ProducerConfig.postProcessAndValidateIdempotenceConfigs`: a transactional.id needs
        // idempotence, and makes its conflicts errors
        if c.transactional_id.is_some() && !c.enable_idempotence {
            return Err(KafkaError::new(ErrorCode::InvalidConfig, "Cannot set a transactional.id without also enabling idempotence."));
        }
        c.validate_idempotence(idempotence_configured || c.transactional_id.is_some())?;
        c.configure_delivery_timeout(delivery_timeout_configured)?;
        Ok(c)
    }

    /// `KafkaProducer.configureDeliveryTimeout`, in the producer's constructor:
    /// `delivery.timeout.ms` below `linger.ms + request.timeout.ms` fails the construction
    /// when the user set it, and is raised to the sum (with a warning) when it was the default.
    fn configure_delivery_timeout(&mut self, configured: bool) -> KafkaResult<()> {
        let floor = (self.linger_ms.min(i32::MAX as i64) + self.request_timeout_ms).min(i32::MAX as i64);
        if self.delivery_timeout_ms >= floor {
            return Ok(());
        }
        if configured {
            return Err(KafkaError::new(
                ErrorCode::ClientConstructionFailed,
                "org.apache.kafka.common.config.ConfigException: delivery.timeout.ms should be equal to or larger than linger.ms + request.timeout.ms",
            ));
        }
        self.delivery_timeout_ms = floor;
        self.delivery_timeout_raised = true;
        Ok(())
    }

    /// `ProducerConfig.postProcessAndValidateIdempotenceConfigs` (Kafka 4.x): idempotence
    /// needs retries and `acks=all`; a conflict is an error when the user set
    /// `enable.idempotence=true`, and quietly turns idempotence off when it was the
    /// default. More than 5 requests in flight is an error either way: Kafka 4.0 removed
    /// the fallback that turned the default idempotence off (4.0 upgrade notes).
    fn validate_idempotence(&mut self, configured: bool) -> KafkaResult<()> {
        if !self.enable_idempotence {
            return Ok(());
        }
        let mut disable = false;
        for (conflict, message) in [
            (self.retries == 0, "Must set retries to non-zero when using the idempotent producer."),
            (
                self.acks != Acks::All,
                "Must set acks to all in order to use the idempotent producer. Otherwise we cannot guarantee idempotence.",
            ),
        ] {
            if conflict {
                if configured {
                    return Err(KafkaError::new(ErrorCode::InvalidConfig, message));
                }
                disable = true;
            }
        }
        if self.max_in_flight_requests_per_connection > 5 {
            return Err(KafkaError::new(
                ErrorCode::InvalidConfig,
                format!(
                    "To use the idempotent producer, max.in.flight.requests.per.connection must be set to at most 5. Current value is {}.",
                    self.max_in_flight_requests_per_connection
                ),
            ));
        }
        if disable {
            self.enable_idempotence = false;
        }
        Ok(())
    }

    /// Sets one producer config. Configs Kafka knows but the simulation does not act on
    /// (e.g. `compression.type`, `bootstrap.servers`) are checked as Kafka's `ConfigDef`
    /// checks them and ignored; a name Kafka does not know is ignored.
    pub fn set(&mut self, name: &str, value: &str) -> KafkaResult<()> {
        match name {
            "client.id" => self.client_id = Some(value.to_string()),
            "acks" => {
                self.acks = match value.trim() {
                    "0" => Acks::Zero,
                    "1" => Acks::One,
                    "all" | "-1" => Acks::All,
                    _ => return Err(bad(name, value, "String must be one of: all, -1, 0, 1")),
                }
            }
            "linger.ms" => self.linger_ms = long(name, value, 0)?,
            "batch.size" => self.batch_size = int(name, value, 0)? as u64,
            "retry.backoff.ms" => self.retry_backoff_ms = long(name, value, 0)?,
            "retry.backoff.max.ms" => self.retry_backoff_max_ms = long(name, value, 0)?,
            "delivery.timeout.ms" => self.delivery_timeout_ms = int(name, value, 0)?,
            "request.timeout.ms" => self.request_timeout_ms = int(name, value, 0)?,
            "max.request.size" => self.max_request_size = int(name, value, 0)? as u64,
            "enable.idempotence" => self.enable_idempotence = boolean(name, value)?,
            "retries" => self.retries = int(name, value, 0)? as i32,
            "max.in.flight.requests.per.connection" => self.max_in_flight_requests_per_connection = int(name, value, 1)? as i32,
            "partitioner.ignore.keys" => self.partitioner_ignore_keys = boolean(name, value)?,
            "transactional.id" => self.transactional_id = Some(value.to_string()).filter(|v| !v.is_empty()),
            "transaction.timeout.ms" => self.transaction_timeout_ms = int(name, value, 0)?,
            "partitioner.class" => self.partitioner = PartitionerClass::from_class_name(value)?,
            _ => super::client_config_defs::check_unmodelled(true, name, value)?,
        }
        Ok(())
    }
}

/// `partitioner.class`: Kafka 4.x ships one `Partitioner`, `RoundRobinPartitioner` (4.0
/// removed `DefaultPartitioner` and `UniformStickyPartitioner`; check the 4.0 upgrade notes).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize)]
pub enum PartitionerClass {
    /// none set: `BuiltInPartitioner` (murmur2 of the key, sticky without one)
    #[default]
    BuiltIn,
    /// `org.apache.kafka.clients.producer.RoundRobinPartitioner`: every record, keyed or
    /// not, to the next available partition of its topic in turn
    RoundRobin,
}

impl PartitionerClass {
    fn from_class_name(value: &str) -> KafkaResult<PartitionerClass> {
        match value.trim() {
            "org.apache.kafka.clients.producer.RoundRobinPartitioner" => Ok(PartitionerClass::RoundRobin),
            // an empty value is `null` for a CLASS config: no partitioner
            "" => Ok(PartitionerClass::BuiltIn),
            v => Err(bad("partitioner.class", value, &format!("Class {v} could not be found."))),
        }
    }
}

/// `auto.offset.reset`
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub enum OffsetReset {
    Earliest,
    Latest,
    None,
}

impl OffsetReset {
    pub fn name(self) -> &'static str {
        match self {
            OffsetReset::Earliest => "earliest",
            OffsetReset::Latest => "latest",
            OffsetReset::None => "none",
        }
    }
}

/// `group.protocol`: the classic protocol or KIP-848's consumer protocol.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub enum GroupProtocol {
    Classic,
    Consumer,
}

/// The consumer settings the simulation acts on, with Kafka 4.3's defaults.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct ConsumerConfig {
    pub client_id: Option<String>,
    /// `group.id`
    pub group_id: Option<String>,
    /// `group.instance.id` (KIP-345 static membership)
    pub group_instance_id: Option<String>,
    /// `auto.offset.reset` (latest)
    pub auto_offset_reset: OffsetReset,
    /// `max.poll.records` (500)
    pub max_poll_records: usize,
    /// `session.timeout.ms` (45000)
    pub session_timeout_ms: i64,
    /// `heartbeat.interval.ms` (3000)
    pub heartbeat_interval_ms: i64,
    /// `max.poll.interval.ms` (300000)
    pub max_poll_interval_ms: i64,
    /// `enable.auto.commit` (true)
    pub enable_auto_commit: bool,
    /// `auto.commit.interval.ms` (5000)
    pub auto_commit_interval_ms: i64,
    /// `partition.assignment.strategy` (RangeAssignor, CooperativeStickyAssignor)
    pub assignors: Vec<ClientAssignor>,
    /// the first name of `partition.assignment.strategy` that is no assignor class: the
    /// classic consumer's constructor fails on it (`ConsumerPartitionAssignor
    /// .getAssignorInstances`) after the config's own checks
    #[serde(skip)]
    pub unknown_assignor: Option<String>,
    /// `group.protocol` (classic)
    pub group_protocol: GroupProtocol,
    /// `group.remote.assignor` (the broker's default when unset; consumer protocol only)
    pub group_remote_assignor: Option<String>,
    /// `isolation.level` = read_committed (default read_uncommitted): fetches stop at the
    /// last stable offset and skip aborted transactions (issue 18)
    pub read_committed: bool,
    /// `request.timeout.ms` (30000)
    pub request_timeout_ms: i64,
    /// `retry.backoff.ms` (100)
    pub retry_backoff_ms: i64,
    /// `fetch.min.bytes` (1): the leader holds a fetch until this many bytes are there
    pub fetch_min_bytes: i64,
    /// `fetch.max.wait.ms` (500): or until this long has passed
    pub fetch_max_wait_ms: i64,
}

impl Default for ConsumerConfig {
    fn default() -> Self {
        ConsumerConfig {
            client_id: None,
            group_id: None,
            group_instance_id: None,
            auto_offset_reset: OffsetReset::Latest,
            max_poll_records: 500,
            session_timeout_ms: 45_000,
            heartbeat_interval_ms: 3_000,
            max_poll_interval_ms: 300_000,
            enable_auto_commit: true,
            auto_commit_interval_ms: 5_000,
            assignors: vec![ClientAssignor::Range, ClientAssignor::CooperativeSticky],
            unknown_assignor: None,
            group_protocol: GroupProtocol::Classic,
            group_remote_assignor: None,
            read_committed: false,
            request_timeout_ms: 30_000,
            retry_backoff_ms: 100,
            fetch_min_bytes: 1,
            fetch_max_wait_ms: 500,
        }
    }
}

impl ConsumerConfig {
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> KafkaResult<Self> {
        let mut c = ConsumerConfig::default();
        let mut originals: Vec<(&str, &str)> = Vec::new();
        for (k, v) in pairs {
            c.set(k, v)?;
            originals.push((k, v));
        }
        c.check_unsupported_configs(&originals)?;
        c.check_heartbeat()?;
        match &c.unknown_assignor {
            Some(name) if c.group_protocol == GroupProtocol::Classic => Err(KafkaError::new(
                ErrorCode::ClientConstructionFailed,
                format!("org.apache.kafka.common.KafkaException: {name} ClassNotFoundException exception occurred"),
            )),
            _ => Ok(c),
        }
    }

    /// `ConsumerConfig.checkUnsupportedConfigsPostProcess` (Kafka 4.x): configs of the
    /// other group protocol, set to something not blank, fail the construction: the
    /// server-side assignor belongs to the consumer protocol; the client-side assignors
    /// and the classic heartbeat and session settings do not exist in it (the broker's
    /// `group.consumer.*` configs rule there).
    fn check_unsupported_configs(&self, originals: &[(&str, &str)]) -> KafkaResult<()> {
        let (protocol, unsupported): (&str, &[&str]) = match self.group_protocol {
            GroupProtocol::Classic => ("CLASSIC", &["group.remote.assignor"]),
            GroupProtocol::Consumer => ("CONSUMER", &["partition.assignment.strategy", "heartbeat.interval.ms", "session.timeout.ms"]),
        };
        let set: Vec<&str> = unsupported
            .iter()
            .copied()
            .filter(|name| originals.iter().rev().find(|(k, _)| k == name).is_some_and(|(_, v)| !v.trim().is_empty()))
            .collect();
        if set.is_empty() {
            return Ok(());
        }
        Err(KafkaError::new(ErrorCode::InvalidConfig, format!("{} cannot be set when group.protocol={protocol}", set.join(", "))))
    }

    /// The classic consumer's `Heartbeat`, built with its coordinator when there is a
    /// `group.id`: a heartbeat interval not below the session timeout fails the consumer's
    /// construction.
    fn check_heartbeat(&self) -> KafkaResult<()> {
        if self.group_protocol == GroupProtocol::Classic && self.group_id.is_some() && self.heartbeat_interval_ms >= self.session_timeout_ms
        {
            return Err(KafkaError::new(
                ErrorCode::ClientConstructionFailed,
                "java.lang.IllegalArgumentException: Heartbeat must be set lower than the session timeout",
            ));
        }
        Ok(())
    }

    pub fn set(&mut self, name: &str, value: &str) -> KafkaResult<()> {
        match name {
            "client.id" => self.client_id = Some(value.to_string()),
            "auto.offset.reset" => {
                self.auto_offset_reset = match value.trim() {
                    "earliest" => OffsetReset::Earliest,
                    "latest" => OffsetReset::Latest,
                    "none" => OffsetReset::None,
                    _ => return Err(bad(name, value, "String must be one of: latest, earliest, none")),
                }
            }
            "max.poll.records" => self.max_poll_records = int(name, value, 1)? as usize,
            "group.id" => self.group_id = Some(value.to_string()),
            "group.instance.id" => {
                if value.trim().is_empty() {
                    return Err(bad(name, value, "Group instance id must be non-empty string"));
                }
                self.group_instance_id = Some(value.trim().to_string())
            }
            "session.timeout.ms" => self.session_timeout_ms = int(name, value, i32::MIN as i64)?,
            "heartbeat.interval.ms" => self.heartbeat_interval_ms = int(name, value, 1)?,
            "max.poll.interval.ms" => self.max_poll_interval_ms = int(name, value, 1)?,
            "enable.auto.commit" => self.enable_auto_commit = boolean(name, value)?,
            "auto.commit.interval.ms" => self.auto_commit_interval_ms = int(name, value, 0)?,
            "request.timeout.ms" => self.request_timeout_ms = int(name, value, 0)?,
            "retry.backoff.ms" => self.retry_backoff_ms = long(name, value, 0)?,
            "partition.assignment.strategy" => {
                let list: Vec<&str> = value.split(',').map(str::trim).filter(|s| !s.is_empty()).collect();
                if list.is_empty() {
                    return Err(bad(name, value, "Value must be non-null and non-empty"));
                }
                // a LIST: the classes are loaded by the consumer's constructor
                self.unknown_assignor = list.iter().find(|n| ClientAssignor::from_class_name(n).is_none()).map(|n| n.to_string());
                self.assignors = list.into_iter().filter_map(ClientAssignor::from_class_name).collect();
            }
            "group.protocol" => {
                self.group_protocol = match value.trim().to_ascii_lowercase().as_str() {
                    "classic" => GroupProtocol::Classic,
                    "consumer" => GroupProtocol::Consumer,
                    _ => return Err(bad(name, value, "String must be one of (case insensitive): CLASSIC, CONSUMER")),
                }
            }
            "group.remote.assignor" => self.group_remote_assignor = Some(value.trim().to_string()),
            // `ConsumerConfig`: CaseInsensitiveValidString of IsolationLevel's names
            "isolation.level" => {
                self.read_committed = match value.trim().to_ascii_lowercase().as_str() {
                    "read_committed" => true,
                    "read_uncommitted" => false,
                    _ => return Err(bad(name, value, "String must be one of (case insensitive): READ_UNCOMMITTED, READ_COMMITTED")),
                }
            }
            // ConsumerConfig: both ints, atLeast(0)
            "fetch.min.bytes" => self.fetch_min_bytes = int(name, value, 0)?,
            "fetch.max.wait.ms" => self.fetch_max_wait_ms = int(name, value, 0)?,
            _ => super::client_config_defs::check_unmodelled(false, name, value)?,
        }
        Ok(())
    }
}
