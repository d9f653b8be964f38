//! Topic and cluster configuration with Kafka's names, defaults and validation.
//!
//! Topic configs model `org.apache.kafka.storage.internals.log.LogConfig`
//! (storage/src/main/java/org/apache/kafka/storage/internals/log/LogConfig.java) and
//! error texts follow `org.apache.kafka.common.config.ConfigDef`: `Invalid value V for
//! configuration NAME: Not a number of type LONG`, `Value must be at least N`,
//! `String must be one of: compact, delete`, and the controller's
//! `Unknown topic config name: NAME`.

use crate::engine::map::Map;

use serde::Serialize;

use super::error::{ErrorCode, KafkaError, KafkaResult};

/// `cleanup.policy`: `delete`, `compact` or both.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct CleanupPolicy {
    pub delete: bool,
    pub compact: bool,
}

impl CleanupPolicy {
    pub const DELETE: CleanupPolicy = CleanupPolicy { delete: true, compact: false };
}

impl std::fmt::Display for CleanupPolicy {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (self.compact, self.delete) {
            (true, true) => write!(f, "compact,delete"),
            (true, false) => write!(f, "compact"),
            (false, true) => write!(f, "delete"),
            (false, false) => write!(f, ""),
        }
    }
}

/// The topic-level configs Kafkascope models, with Kafka's defaults.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TopicConfig {
    /// `retention.ms` (604800000 = 7 days; −1 = unlimited)
    pub retention_ms: i64,
    /// `retention.bytes` (−1 = unlimited), per partition
    pub retention_bytes: i64,
    /// `segment.bytes` (1073741824 = 1 GiB)
    pub segment_bytes: i32,
    /// `segment.ms` (604800000 = 7 days)
    pub segment_ms: i64,
    /// `cleanup.policy` (delete)
    pub cleanup_policy: CleanupPolicy,
    /// `min.insync.replicas` (1)
    pub min_insync_replicas: i32,
    /// `delete.retention.ms` (86400000 = 1 day)
    pub delete_retention_ms: i64,
    /// `min.cleanable.dirty.ratio` (0.5), stored in millionths so the config stays `Hash`
    #[serde(skip)]
    min_cleanable_dirty_ratio_ppm: i64,
    pub min_cleanable_dirty_ratio: f64,
    /// `max.message.bytes` (1048588)
    pub max_message_bytes: i32,
    /// `min.compaction.lag.ms` (0): the cleaner leaves segments with a record younger than this
    pub min_compaction_lag_ms: i64,
    /// `max.compaction.lag.ms` (Long.MAX_VALUE): a dirty segment older than this makes the
    /// cleaner compact the log whatever its dirty ratio, and on a compacted topic the active
    /// segment rolls after at most this long (`LogConfig.maxSegmentMs`)
    pub max_compaction_lag_ms: i64,
    /// `unclean.leader.election.enable` set on the topic; `None` takes the cluster's
    /// (`ConfigurationControlManager.uncleanLeaderElectionEnabledForTopic` resolves the
    /// topic's config, then the broker default). Kafka 3.8's KRaft controller ignored
    /// it (always false); Kafka 3.9 and later honour it, and so does Kafkascope.
    pub unclean_leader_election_enable: Option<bool>,
    /// `compression.type` (producer: keep the producer's codec). Kafkascope stores records
    /// uncompressed whatever it says.
    pub compression_type: String,
    /// `message.timestamp.type` LogAppendTime: the leader stamps each record with the time
    /// it appends it (CreateTime, the default, keeps the producer's timestamp)
    pub log_append_time: bool,
    /// `message.timestamp.before.max.ms` (Long.MAX_VALUE): how far in the past a CreateTime
    /// may be
    pub message_timestamp_before_max_ms: i64,
    /// `message.timestamp.after.max.ms` (3600000 since Kafka 4.0, KIP-1030; Long.MAX_VALUE
    /// before): how far in the future a CreateTime may be
    pub message_timestamp_after_max_ms: i64,
    /// Configs set on the topic itself, as `kafka-topics.sh --describe` lists them.
    pub overrides: Map<String, String>,
}

impl Default for TopicConfig {
    fn default() -> Self {
        TopicConfig {
            retention_ms: 604_800_000,
            retention_bytes: -1,
            segment_bytes: 1_073_741_824,
            segment_ms: 604_800_000,
            cleanup_policy: CleanupPolicy::DELETE,
            min_insync_replicas: 1,
            delete_retention_ms: 86_400_000,
            min_cleanable_dirty_ratio_ppm: 500_000,
            min_cleanable_dirty_ratio: 0.5,
            max_message_bytes: 1_048_588,
            min_compaction_lag_ms: 0,
            max_compaction_lag_ms: i64::MAX,
            unclean_leader_election_enable: None,
            compression_type: "producer".into(),
            log_append_time: false,
            message_timestamp_before_max_ms: i64::MAX,
            message_timestamp_after_max_ms: 3_600_000,
            overrides: Map::new(),
        }
    }
}

/// How a config Kafkascope stores without modelling its effect is validated.
pub enum Passive {
    /// a LONG, at least this
    Long(i64),
    /// an INT, at least this
    Int(i64),
    /// an INT, `Range.between(min, max)`
    IntBetween(i64, i64),
    /// `compression.gzip.level`: CompressionType.GZIP's level validator, 1 to 9 or -1
    GzipLevel,
    /// a LIST checked by `ThrottledReplicaListValidator`: `*` or `partition:broker,...`
    ThrottledReplicas,
    Bool,
}

/// Topic configs Kafka 4.3's LogConfig defines whose effect Kafkascope does not model
/// (flushing to disk, index sizes, preallocation, compression levels, replication
/// throttles, tiered storage): validated as LogConfig does (name, default, validator),
/// stored, described. The compression levels' bounds are CompressionType's (gzip 1-9 or
/// -1 for the codec's default, lz4 1-17, zstd -131072-22). `remote.storage.enable=true`
/// is refused as a broker without `remote.log.storage.system.enable` refuses it
/// (`LogConfig.validateRemoteStorageOnlyIfSystemEnabled`). KIP-1241's
/// `remote.copy.lag.ms`/`.bytes` are Kafka 4.4 (trunk), not 4.3, and stay unknown.
pub const PASSIVE_TOPIC_CONFIGS: &[(&str, &str, Passive)] = &[
    ("compression.gzip.level", "-1", Passive::GzipLevel),
    ("compression.lz4.level", "9", Passive::IntBetween(1, 17)),
    ("compression.zstd.level", "3", Passive::IntBetween(-131_072, 22)),
    ("file.delete.delay.ms", "60000", Passive::Long(0)),
    ("flush.messages", "9223372036854775807", Passive::Long(1)),
    ("flush.ms", "9223372036854775807", Passive::Long(0)),
    ("follower.replication.throttled.replicas", "", Passive::ThrottledReplicas),
    ("index.interval.bytes", "4096", Passive::Int(0)),
    ("leader.replication.throttled.replicas", "", Passive::ThrottledReplicas),
    ("local.retention.bytes", "-2", Passive::Long(-2)),
    ("local.retention.ms", "-2", Passive::Long(-2)),
    ("preallocate", "false", Passive::Bool),
    ("remote.log.copy.disable", "false", Passive::Bool),
    ("remote.log.delete.on.disable", "false", Passive::Bool),
    ("remote.storage.enable", "false", Passive::Bool),
    ("segment.index.bytes", "10485760", Passive::Int(4)),
    ("segment.jitter.ms", "0", Passive::Long(0)),
];

/// Each topic config with a broker default, and the broker config that gives it
/// (`ServerTopicConfigSynonyms.TOPIC_CONFIG_SYNONYMS`, the first synonym, Kafka 4.3). These
/// broker names are `DynamicLogConfig.ReconfigurableConfigs`: each can be set as a dynamic
/// broker config (`kafka-configs.sh --entity-type brokers`), which topics without their own
/// value then take. The replication throttles and the remote-storage switches have none.
pub const TOPIC_BROKER_SYNONYMS: &[(&str, &str)] = &[
    ("cleanup.policy", "log.cleanup.policy"),
    ("compression.gzip.level", "compression.gzip.level"),
    ("compression.lz4.level", "compression.lz4.level"),
    ("compression.type", "compression.type"),
    ("compression.zstd.level", "compression.zstd.level"),
    ("delete.retention.ms", "log.cleaner.delete.retention.ms"),
    ("file.delete.delay.ms", "log.segment.delete.delay.ms"),
    ("flush.messages", "log.flush.interval.messages"),
    ("flush.ms", "log.flush.interval.ms"),
    ("index.interval.bytes", "log.index.interval.bytes"),
    ("local.retention.bytes", "log.local.retention.bytes"),
    ("local.retention.ms", "log.local.retention.ms"),
    ("max.compaction.lag.ms", "log.cleaner.max.compaction.lag.ms"),
    ("max.message.bytes", "message.max.bytes"),
    ("message.timestamp.after.max.ms", "log.message.timestamp.after.max.ms"),
    ("message.timestamp.before.max.ms", "log.message.timestamp.before.max.ms"),
    ("message.timestamp.type", "log.message.timestamp.type"),
    ("min.cleanable.dirty.ratio", "log.cleaner.min.cleanable.ratio"),
    ("min.compaction.lag.ms", "log.cleaner.min.compaction.lag.ms"),
    ("min.insync.replicas", "min.insync.replicas"),
    ("preallocate", "log.preallocate"),
    ("retention.bytes", "log.retention.bytes"),
    ("retention.ms", "log.retention.ms"),
    ("segment.bytes", "log.segment.bytes"),
    ("segment.index.bytes", "log.index.size.max.bytes"),
    ("segment.jitter.ms", "log.roll.jitter.ms"),
    ("segment.ms", "log.roll.ms"),
    ("unclean.leader.election.enable", "unclean.leader.election.enable"),
];

/// The topic config a broker config is the default of (see [`TOPIC_BROKER_SYNONYMS`]).
pub fn topic_config_of(broker_config: &str) -> Option<&'static str> {
    TOPIC_BROKER_SYNONYMS.iter().find(|(_, b)| *b == broker_config).map(|(t, _)| *t)
}

/// The names `TopicConfig::set` accepts, in the order `kafka-configs.sh --describe --all` lists them.
pub const TOPIC_CONFIG_NAMES: &[&str] = &[
    "cleanup.policy",
    "compression.gzip.level",
    "compression.lz4.level",
    "compression.type",
    "compression.zstd.level",
    "delete.retention.ms",
    "file.delete.delay.ms",
    "flush.messages",
    "flush.ms",
    "follower.replication.throttled.replicas",
    "index.interval.bytes",
    "leader.replication.throttled.replicas",
    "local.retention.bytes",
    "local.retention.ms",
    "max.compaction.lag.ms",
    "max.message.bytes",
    "message.timestamp.after.max.ms",
    "message.timestamp.before.max.ms",
    "message.timestamp.type",
    "min.cleanable.dirty.ratio",
    "min.compaction.lag.ms",
    "min.insync.replicas",
    "preallocate",
    "remote.log.copy.disable",
    "remote.log.delete.on.disable",
    "remote.storage.enable",
    "retention.bytes",
    "retention.ms",
    "segment.bytes",
    "segment.index.bytes",
    "segment.jitter.ms",
    "segment.ms",
    "unclean.leader.election.enable",
];

fn invalid(name: &str, value: &str, why: impl std::fmt::Display) -> KafkaError {
    KafkaError::new(ErrorCode::InvalidConfig, format!("Invalid value {value} for configuration {name}: {why}"))
}

fn parse_long(name: &str, value: &str, min: Option<i64>) -> KafkaResult<i64> {
    let v: i64 = value.trim().parse().map_err(|_| invalid(name, value, "Not a number of type LONG"))?;
    match min {
        Some(m) if v < m => Err(invalid(name, value, format_args!("Value must be at least {m}"))),
        _ => Ok(v),
    }
}

/// The smallest `segment.bytes` Kafka 4.x accepts: 1 MiB (KIP-1030).
pub const SEGMENT_BYTES_MIN: i64 = 1024 * 1024;

fn parse_int(name: &str, value: &str, min: i64) -> KafkaResult<i32> {
    let v: i32 = value.trim().parse().map_err(|_| invalid(name, value, "Not a number of type INT"))?;
    if (v as i64) < min {
        return Err(invalid(name, value, format_args!("Value must be at least {min}")));
    }
    Ok(v)
}

/// `ConfigDef.Type.BOOLEAN`: `true` or `false`, in any case, around spaces.
fn parse_boolean(name: &str, value: &str) -> KafkaResult<bool> {
    match value.trim().to_ascii_lowercase().as_str() {
        "true" => Ok(true),
        "false" => Ok(false),
        _ => Err(invalid(name, value, "Expected value to be either true or false")),
    }
}

impl TopicConfig {
    /// Sets one config by its Kafka name, validating as the broker does. On error the
    /// config is unchanged.
    pub fn set(&mut self, name: &str, value: &str) -> KafkaResult<()> {
        let t = value.trim();
        match name {
            "retention.ms" => self.retention_ms = parse_long(name, value, Some(-1))?,
            "retention.bytes" => self.retention_bytes = parse_long(name, value, None)?,
            // `atLeast(1024 * 1024)` since Kafka 4.0 (KIP-1030; LogConfig, Kafka 4.3), 14
            // bytes before
            "segment.bytes" => self.segment_bytes = parse_int(name, value, SEGMENT_BYTES_MIN)?,
            "segment.ms" => self.segment_ms = parse_long(name, value, Some(1))?,
            "delete.retention.ms" => self.delete_retention_ms = parse_long(name, value, Some(0))?,
            "min.compaction.lag.ms" => self.min_compaction_lag_ms = parse_long(name, value, Some(0))?,
            "max.compaction.lag.ms" => self.max_compaction_lag_ms = parse_long(name, value, Some(1))?,
            "min.insync.replicas" => self.min_insync_replicas = parse_int(name, value, 1)?,
            "max.message.bytes" => self.max_message_bytes = parse_int(name, value, 0)?,
            "unclean.leader.election.enable" => self.unclean_leader_election_enable = Some(parse_boolean(name, value)?),
            "min.cleanable.dirty.ratio" => {
                let v = super::decimal::parse_java_double(t).ok_or_else(|| invalid(name, value, "Not a number of type DOUBLE"))?;
                if v.is_nan() || v < 0.0 {
                    return Err(invalid(name, value, "Value must be at least 0"));
                }
                if v > 1.0 {
                    return Err(invalid(name, value, "Value must be no more than 1"));
                }
                self.min_cleanable_dirty_ratio = v;
                self.min_cleanable_dirty_ratio_ppm = (v * 1e6) as i64;
            }
            // LogConfig (Kafka 4.3): `ValidString.in(BrokerCompressionType.names())` and
            // `in("CreateTime", "LogAppendTime")`, both case-sensitive
            "compression.type" => {
                const CODECS: [&str; 6] = ["uncompressed", "zstd", "lz4", "snappy", "gzip", "producer"];
                if !CODECS.contains(&t) {
                    return Err(invalid(name, value, format!("String must be one of: {}", CODECS.join(", "))));
                }
                self.compression_type = t.to_string();
            }
            // LONG, atLeast(0) (LogConfig, Kafka 4.3)
            "message.timestamp.before.max.ms" => self.message_timestamp_before_max_ms = parse_long(name, value, Some(0))?,
            "message.timestamp.after.max.ms" => self.message_timestamp_after_max_ms = parse_long(name, value, Some(0))?,
            "message.timestamp.type" => {
                self.log_append_time = match t {
                    "CreateTime" => false,
                    "LogAppendTime" => true,
                    _ => return Err(invalid(name, value, "String must be one of: CreateTime, LogAppendTime")),
                };
            }
            "cleanup.policy" => {
                let mut p = CleanupPolicy { delete: false, compact: false };
                for item in t.split(',').map(str::trim).filter(|s| !s.is_empty()) {
                    match item {
                        "delete" => p.delete = true,
                        "compact" => p.compact = true,
                        other => return Err(invalid(name, other, "String must be one of: compact, delete")),
                    }
                }
                self.cleanup_policy = p;
            }
            _ => match PASSIVE_TOPIC_CONFIGS.iter().find(|(n, _, _)| *n == name) {
                Some((_, _, Passive::Long(min))) => {
                    parse_long(name, value, Some(*min))?;
                }
                Some((_, _, Passive::Int(min))) => {
                    parse_int(name, value, *min)?;
                }
                Some((_, _, Passive::IntBetween(min, max))) => {
                    // ConfigDef.Range.between
                    if parse_int(name, value, *min)? as i64 > *max {
                        return Err(invalid(name, value, format_args!("Value must be no more than {max}")));
                    }
                }
                Some((_, _, Passive::GzipLevel)) => {
                    // CompressionType.GZIP.levelValidator (Kafka 4.x)
                    let v = parse_int(name, value, i32::MIN as i64)?;
                    if v > 9 || (v < 1 && v != -1) {
                        return Err(invalid(name, value, "Value must be between 1 and 9 or equal to -1"));
                    }
                }
                Some((_, _, Passive::ThrottledReplicas)) => {
                    // a LIST (ConfigDef splits on commas, trimming), then
                    // ThrottledReplicaListValidator; the exception shows the parsed list
                    let items: Vec<&str> = if t.is_empty() { Vec::new() } else { t.split(',').map(str::trim).collect() };
                    let replica = |s: &str| {
                        s.split_once(':')
                            .is_some_and(|(p, b)| !p.is_empty() && !b.is_empty() && p.chars().chain(b.chars()).all(|c| c.is_ascii_digit()))
                    };
                    if !(items == ["*"] || items.iter().all(|s| replica(s))) {
                        return Err(invalid(
                            name,
                            &format!("[{}]", items.join(", ")),
                            format_args!("{name} must be the literal '*' or a list of replicas in the following format: [partitionId]:[brokerId],[partitionId]:[brokerId],..."),
                        ));
                    }
                }
                Some((_, _, Passive::Bool)) => {
                    let b = parse_boolean(name, value)?;
                    self.overrides.insert(name.to_string(), b.to_string());
                    return Ok(());
                }
                None => return Err(KafkaError::new(ErrorCode::InvalidConfig, format!("Unknown topic config name: {name}"))),
            },
        }
        self.overrides.insert(name.to_string(), t.to_string());
        Ok(())
    }

    /// Applies several configs atomically: all or none.
    pub fn set_all<'a>(&mut self, configs: impl IntoIterator<Item = (&'a str, &'a str)>) -> KafkaResult<()> {
        let mut next = self.clone();
        for (k, v) in configs {
            next.set(k, v)?;
        }
        next.validate()?;
        *self = next;
        Ok(())
    }

    /// `LogConfig.validateValues`: the checks across configs.
    pub fn validate(&self) -> KafkaResult<()> {
        // LogConfig.validateRemoteStorageOnlyIfSystemEnabled (Kafka 4.3): Kafkascope's
        // brokers have no remote.log.storage.system.enable
        if self.overrides.get("remote.storage.enable").is_some_and(|v| v == "true") {
            return Err(KafkaError::new(
                ErrorCode::InvalidConfig,
                "Tiered Storage functionality is disabled in the broker. Topic cannot be configured with remote log storage.",
            ));
        }
        if self.min_compaction_lag_ms > self.max_compaction_lag_ms {
            return Err(KafkaError::new(
                ErrorCode::InvalidConfig,
                format!(
                    "conflict topic config setting min.compaction.lag.ms ({}) > max.compaction.lag.ms ({})",
                    self.min_compaction_lag_ms, self.max_compaction_lag_ms
                ),
            ));
        }
        Ok(())
    }

    /// `LogConfig.maxSegmentMs`: a compacted topic's active segment rolls after
    /// `max.compaction.lag.ms` at the latest, so the cleaner can reach it.
    pub fn max_segment_ms(&self) -> i64 {
        if self.cleanup_policy.compact && self.max_compaction_lag_ms > 0 {
            self.max_compaction_lag_ms.min(self.segment_ms)
        } else {
            self.segment_ms
        }
    }

    /// Removes a topic-level override, returning the config to the broker default `base`
    /// (see [`TopicConfig::broker_default`]).
    pub fn delete(&mut self, name: &str, base: &TopicConfig) -> KafkaResult<()> {
        if !TOPIC_CONFIG_NAMES.contains(&name) {
            return Err(KafkaError::new(ErrorCode::InvalidConfig, format!("Unknown topic config name: {name}")));
        }
        let mut next = base.clone();
        next.overrides.clear();
        for (k, v) in &self.overrides {
            if k != name {
                next.set(k, v)?;
            }
        }
        next.validate()?;
        *self = next;
        Ok(())
    }

    /// The config of a topic without overrides: Kafka's defaults, then these broker configs
    /// (by their broker names, weakest first: the dynamic cluster default, then one broker's
    /// own), as `LogManager.currentDefaultConfig` holds them after
    /// `DynamicLogConfig.reconfigure` (Kafka 4.3). `log.retention.ms` below 0 means
    /// unlimited (`KafkaConfig.logRetentionTimeMillis`); the values were validated when set.
    pub fn broker_default<'a>(broker_configs: impl IntoIterator<Item = (&'a str, &'a str)>) -> TopicConfig {
        let mut c = TopicConfig::default();
        for (k, v) in broker_configs {
            let Some(topic) = topic_config_of(k) else { continue };
            let v = match (topic, v.trim().parse::<i64>()) {
                ("retention.ms", Ok(ms)) if ms < 0 => "-1",
                ("segment.ms", Ok(ms)) if ms < 1 => "1",
                _ => v,
            };
            let _ = c.set(topic, v);
        }
        c.overrides.clear();
        c
    }

    /// This topic's overrides over another broker default (`DynamicLogConfig.updateLogsConfig`:
    /// a changed broker default reaches every log without its own value). The overrides were
    /// valid when set and stay as they are.
    pub fn rebased(&self, base: &TopicConfig) -> TopicConfig {
        let mut next = base.clone();
        next.overrides.clear();
        for (k, v) in &self.overrides {
            let _ = next.set(k, v);
        }
        debug_assert_eq!(next.overrides, self.overrides, "every override is kept");
        next
    }

    /// `unclean.leader.election.enable` for this topic: its own, else the cluster's.
    pub fn unclean_leader_election(&self, cluster_default: bool) -> bool {
        self.unclean_leader_election_enable.unwrap_or(cluster_default)
    }

    /// The current value of a config, as Kafka prints it; `None` for an unknown name,
    /// and for `unclean.leader.election.enable` when the topic takes the cluster's.
    pub fn get(&self, name: &str) -> Option<String> {
        Some(match name {
            "unclean.leader.election.enable" => return self.unclean_leader_election_enable.map(|b| b.to_string()),
            "retention.ms" => self.retention_ms.to_string(),
            "retention.bytes" => self.retention_bytes.to_string(),
            "segment.bytes" => self.segment_bytes.to_string(),
            "segment.ms" => self.segment_ms.to_string(),
            "delete.retention.ms" => self.delete_retention_ms.to_string(),
            "min.compaction.lag.ms" => self.min_compaction_lag_ms.to_string(),
            "max.compaction.lag.ms" => self.max_compaction_lag_ms.to_string(),
            "min.insync.replicas" => self.min_insync_replicas.to_string(),
            "max.message.bytes" => self.max_message_bytes.to_string(),
            "min.cleanable.dirty.ratio" => super::decimal::java_double(self.min_cleanable_dirty_ratio),
            "cleanup.policy" => self.cleanup_policy.to_string(),
            "compression.type" => self.compression_type.clone(),
            "message.timestamp.type" => (if self.log_append_time { "LogAppendTime" } else { "CreateTime" }).to_string(),
            "message.timestamp.before.max.ms" => self.message_timestamp_before_max_ms.to_string(),
            "message.timestamp.after.max.ms" => self.message_timestamp_after_max_ms.to_string(),
            _ => {
                let (_, default, _) = PASSIVE_TOPIC_CONFIGS.iter().find(|(n, _, _)| *n == name)?;
                self.overrides.get(name).cloned().unwrap_or_else(|| default.to_string())
            }
        })
    }
}

impl std::hash::Hash for TopicConfig {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        // every field is determined by the overrides, and the ratio by its millionths
        self.overrides.hash(state);
        self.min_cleanable_dirty_ratio_ppm.hash(state);
    }
}
