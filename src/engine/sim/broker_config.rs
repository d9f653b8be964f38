//! Dynamic broker configs (KIP-226): `kafka-configs.sh --entity-type brokers --alter`, as
//! the cluster-wide default (`--entity-default`, source DYNAMIC_DEFAULT_BROKER_CONFIG) or one
//! broker's own (`--entity-name N`, DYNAMIC_BROKER_CONFIG).
//!
//! Checked against `ConfigAdminManager.preprocess` (4.0-SNAPSHOT, the newest found: the
//! broker validates a BROKER resource before forwarding it: duplicate keys, then
//! `DynamicBrokerConfig.validate`), `DynamicBrokerConfig.validateConfigs` (4.2/4.3: a known config
//! that is not in `AllDynamicConfigs` is refused with "Cannot update these configs
//! dynamically: Set(...)", a listener security config without its prefix, a bad value, a
//! per-broker config at the cluster default; every refusal an InvalidRequestException;
//! a config the broker does not know is kept as a custom config), `DynamicConfig.Broker`
//! (`customPropsAllowed = true`, 4.0-SNAPSHOT), the controller's `ConfigurationControlManager`
//! (a DELETE of a key that is not set is a no-op) and the effects: `DynamicLogConfig.reconfigure`
//! gives every topic without its own value the new default (`updateLogsConfig`), the log
//! cleaner's `log.cleaner.backoff.ms` (`LogCleaner.RECONFIGURABLE_CONFIGS`),
//! `unclean.leader.election.enable` and the group coordinator's
//! `group.{consumer,share}.assignment.interval.ms` (`GroupCoordinatorConfig.RECONFIGURABLE_CONFIGS`,
//! KIP-1263) change at once. Precedence (DynamicBrokerConfig's doc): DYNAMIC_BROKER_CONFIG >
//! DYNAMIC_DEFAULT_BROKER_CONFIG > STATIC_BROKER_CONFIG > DEFAULT_CONFIG, and a topic's own
//! value beats them all.
//!
//! Simplifications (said in the glossary and docs/conformance.md): the configs Kafkascope
//! knows are those it models (`BROKER_CONFIGS`, the `ClusterConfig` settings and the log
//! configs of `TOPIC_BROKER_SYNONYMS`), so any other name, even one a real broker knows as a
//! static config, is kept as a custom config; the dynamic configs it does not model (thread
//! pools, listeners, quotas, SSL) are stored and described without effect or validation. A
//! broker's own log configs count wherever that broker's log manager reads them: retention
//! and cleaning of the replicas it holds, and appends to them (segment rolling, transaction
//! markers; as leader the message size, timestamp and `min.insync.replicas` checks). The
//! controller (node 0, a dedicated controller: the ISR and ELR's min ISR, unclean elections)
//! reads a topic's own value, then the cluster default, then the static config, as
//! `ConfigurationControlManager.getTopicConfig` does (no broker's own config is the
//! controller's). The cluster-wide settings (cleaner backoff, unclean election, assignment
//! intervals) follow the cluster default only: Kafkascope runs one cleaner timer and one
//! coordinator configuration for all brokers.

use std::borrow::Cow;

use crate::engine::config::{topic_config_of, TopicConfig};
use crate::engine::map::Map;

use super::super::command::Reply;
use super::super::error::{ErrorCode, KafkaError, KafkaResult};
use super::super::event::{BrokerId, Event};
use super::{ClusterConfig, Sim, CLUSTER_CONFIG_NAMES};

/// The dynamic broker configs: the cluster default and each broker's own, by name, as
/// given (`ConfigRecord`s of the BROKER resource "" and "N" in the metadata log).
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct DynamicBrokerConfigs {
    pub default: Map<String, String>,
    pub brokers: Map<BrokerId, Map<String, String>>,
    /// the static value (`kafkascope config`, standing for server.properties) of each
    /// `ClusterConfig` setting a dynamic default overrides, to return to when it is deleted
    statics: Map<String, String>,
}

impl DynamicBrokerConfigs {
    pub fn is_empty(&self) -> bool {
        self.default.is_empty() && self.brokers.is_empty()
    }
}

/// The broker configs Kafka 4.3 defines that Kafkascope reads with fixed values (their
/// defaults: `ServerLogConfigs`, `ReplicationConfigs`, `GroupCoordinatorConfig`,
/// `ShareGroupConfig`, `TransactionLogConfig`, `TransactionStateManagerConfig`), as
/// `--describe --all` of a broker lists them; `null` is a config without a default.
pub const BROKER_CONFIGS: &[(&str, &str)] = &[
    ("compression.type", "producer"),
    ("group.consumer.assignors", "uniform,range"),
    ("group.initial.rebalance.delay.ms", "3000"),
    ("group.max.session.timeout.ms", "1800000"),
    ("group.min.session.timeout.ms", "6000"),
    ("group.share.delivery.count.limit", "5"),
    ("group.share.heartbeat.interval.ms", "5000"),
    ("group.share.max.heartbeat.interval.ms", "15000"),
    ("group.share.max.record.lock.duration.ms", "3600000"),
    ("group.share.max.session.timeout.ms", "60000"),
    ("group.share.min.heartbeat.interval.ms", "5000"),
    ("group.share.min.record.lock.duration.ms", "15000"),
    ("group.share.min.session.timeout.ms", "45000"),
    ("group.share.partition.max.record.locks", "2000"),
    ("group.share.record.lock.duration.ms", "30000"),
    ("group.share.session.timeout.ms", "45000"),
    ("log.cleaner.delete.retention.ms", "86400000"),
    ("log.cleaner.max.compaction.lag.ms", "9223372036854775807"),
    ("log.cleaner.min.cleanable.ratio", "0.5"),
    ("log.cleaner.min.compaction.lag.ms", "0"),
    ("log.cleanup.policy", "delete"),
    ("log.message.timestamp.after.max.ms", "3600000"),
    ("log.message.timestamp.before.max.ms", "9223372036854775807"),
    ("log.message.timestamp.type", "CreateTime"),
    ("log.retention.bytes", "-1"),
    ("log.retention.hours", "168"),
    ("log.retention.minutes", "null"),
    ("log.retention.ms", "null"),
    ("log.roll.hours", "168"),
    ("log.roll.ms", "null"),
    ("log.segment.bytes", "1073741824"),
    ("message.max.bytes", "1048588"),
    ("min.insync.replicas", "1"),
    ("offsets.topic.num.partitions", "50"),
    ("transaction.abort.timed.out.transaction.cleanup.interval.ms", "10000"),
    ("transaction.max.timeout.ms", "900000"),
    ("transaction.state.log.min.isr", "2"),
    ("transaction.state.log.num.partitions", "50"),
    ("transaction.state.log.replication.factor", "3"),
];

/// The `ClusterConfig` settings Kafka 4.3 can change dynamically (`LogCleaner`,
/// `DynamicLogConfig` and `GroupCoordinatorConfig`'s reconfigurable configs).
const DYNAMIC_CLUSTER_CONFIGS: [&str; 4] = [
    "group.consumer.assignment.interval.ms",
    "group.share.assignment.interval.ms",
    "log.cleaner.backoff.ms",
    "unclean.leader.election.enable",
];

/// `SslConfigs.RECONFIGURABLE_CONFIGS`: dynamic only with a `listener.name.NAME.` prefix.
const LISTENER_SECURITY_CONFIGS: [&str; 10] = [
    "ssl.keystore.type",
    "ssl.keystore.location",
    "ssl.keystore.password",
    "ssl.key.password",
    "ssl.truststore.type",
    "ssl.truststore.location",
    "ssl.truststore.password",
    "ssl.keystore.certificate.chain",
    "ssl.keystore.key",
    "ssl.truststore.certificates",
];

/// Some of `DynamicListenerConfig.ReconfigurableConfigs` outside `ClusterLevelListenerConfigs`:
/// dynamic, but per broker only (`PerBrokerConfigs`).
const PER_BROKER_CONFIGS: [&str; 4] = ["sasl.enabled.mechanisms", "ssl.cipher.suites", "ssl.enabled.protocols", "ssl.protocol"];

/// A broker config Kafka 4.3 lets change at run time (`DynamicBrokerConfig.AllDynamicConfigs`),
/// among those Kafkascope knows.
pub fn is_dynamic(name: &str) -> bool {
    topic_config_of(name).is_some() || DYNAMIC_CLUSTER_CONFIGS.contains(&name) || PER_BROKER_CONFIGS.contains(&name)
}

/// Static `KafkaConfig` names a learner is likely to try to change at run time, which
/// Kafkascope does not otherwise model: refused as every non-dynamic config is.
const WELL_KNOWN_STATIC_CONFIGS: [&str; 11] = [
    "broker.id",
    "broker.rack",
    "controller.listener.names",
    "controller.quorum.bootstrap.servers",
    "controller.quorum.voters",
    "inter.broker.listener.name",
    "log.dir",
    "log.dirs",
    "metadata.log.dir",
    "node.id",
    "process.roles",
];

/// A config a Kafka 4.3 broker defines (one Kafkascope knows); `network.delay.ms` is the
/// simulator's own.
pub fn is_known(name: &str) -> bool {
    is_dynamic(name)
        || WELL_KNOWN_STATIC_CONFIGS.contains(&name)
        || LISTENER_SECURITY_CONFIGS.contains(&name)
        || BROKER_CONFIGS.iter().any(|(n, _)| *n == name)
        || (CLUSTER_CONFIG_NAMES.contains(&name) && name != "network.delay.ms")
}

/// `validateConfigs`' refusals: ConfigExceptions, which `ConfigAdminManager` turns into
/// InvalidRequestExceptions with their message; a name set prints as Scala's `Set(a, b)`.
fn refuse(why: &str, names: &[&str]) -> KafkaError {
    KafkaError::new(ErrorCode::InvalidRequest, format!("{why}: Set({})", names.join(", ")))
}

/// `DynamicBrokerConfig.validateConfigs` on a BROKER resource's configs after the change,
/// in its order, then the checks of the new values (`DynamicConfig.Broker.validate`'s
/// `ConfigDef.parse`, and the cluster settings' own cross-checks).
fn validate(props: &Map<String, String>, per_broker: bool, config: &ClusterConfig) -> KafkaResult<()> {
    let names = |test: &dyn Fn(&str) -> bool| -> Vec<&str> { props.keys().map(String::as_str).filter(|n| test(n)).collect() };
    let non_dynamic = names(&|n| is_known(n) && !is_dynamic(n) && !LISTENER_SECURITY_CONFIGS.contains(&n));
    if !non_dynamic.is_empty() {
        return Err(refuse("Cannot update these configs dynamically", &non_dynamic));
    }
    let unprefixed = names(&|n| LISTENER_SECURITY_CONFIGS.contains(&n));
    if !unprefixed.is_empty() {
        return Err(refuse("These security configs can be dynamically updated only per-listener using the listener prefix", &unprefixed));
    }
    for (k, v) in props {
        check_value(k, v, config).map_err(|e| KafkaError::new(ErrorCode::InvalidRequest, e.message))?;
    }
    let per_broker_only = names(&|n| PER_BROKER_CONFIGS.contains(&n));
    if !per_broker && !per_broker_only.is_empty() {
        return Err(refuse("Cannot update these configs at default cluster level, broker id must be specified", &per_broker_only));
    }
    Ok(())
}

/// A value's type and validator as the broker's ConfigDef has them (Kafka 4.3
/// `AbstractKafkaConfig`): the log configs as their topic configs, whose validators match,
/// except `log.retention.ms`, `log.roll.ms`, `log.roll.jitter.ms` and `log.flush.interval.ms`
/// (a LONG without validator); the cluster settings as `kafkascope config` checks them.
fn check_value(name: &str, value: &str, config: &ClusterConfig) -> KafkaResult<()> {
    if let Some(topic) = topic_config_of(name) {
        if ["retention.ms", "segment.ms", "segment.jitter.ms", "flush.ms"].contains(&topic) {
            return value.trim().parse::<i64>().map(|_| ()).map_err(|_| {
                KafkaError::new(
                    ErrorCode::InvalidConfig,
                    format!("Invalid value {value} for configuration {name}: Not a number of type LONG"),
                )
            });
        }
        // the topic config's validator, its message naming the broker config
        return TopicConfig::default().set(topic, value).map_err(|e| {
            let message = e.message.replacen(&format!("configuration {topic}:"), &format!("configuration {name}:"), 1);
            KafkaError::new(e.code, message)
        });
    }
    if DYNAMIC_CLUSTER_CONFIGS.contains(&name) {
        let invalid =
            |why: &str| KafkaError::new(ErrorCode::InvalidConfig, format!("Invalid value {value} for configuration {name}: {why}"));
        // the assignment intervals are INTs (GroupCoordinatorConfig); log.cleaner.backoff.ms
        // is a LONG, atLeast(0) (CleanerConfig), which the cleaner timer runs as 1 ms
        if name.starts_with("group.") && value.trim().parse::<i32>().is_err() {
            return Err(invalid("Not a number of type INT"));
        }
        if name == "log.cleaner.backoff.ms" && value.trim().parse::<i64>().is_ok_and(|v| v == 0) {
            return Ok(());
        }
        // the rest as `kafkascope config` checks them; a cross-check of GroupCoordinatorConfig's
        // constructor (a `require`, run as the broker builds the new KafkaConfig) throws its
        // message alone
        config.clone().set(name, value).map_err(|e| {
            let prefix = format!("Invalid value {value} for configuration {name}: ");
            match e.message.strip_prefix(&prefix) {
                Some(why) if why.starts_with(name) => KafkaError::new(e.code, why),
                _ => e,
            }
        })?;
    }
    Ok(())
}

/// `ConfigAdminManager.preprocess` (4.x), for every resource of an IncrementalAlterConfigs:
/// a key named twice (set and deleted, or deleted twice) fails the resource.
pub(super) fn check_duplicate_keys(set: &[(String, String)], delete: &[String]) -> KafkaResult<()> {
    let keys: Vec<&str> = delete.iter().map(String::as_str).chain(set.iter().map(|(k, _)| k.as_str())).collect();
    if keys.iter().enumerate().any(|(i, k)| keys[..i].contains(k)) {
        return Err(KafkaError::new(ErrorCode::InvalidRequest, "Error due to duplicate config keys"));
    }
    Ok(())
}

/// A topic's log config on one broker: the cluster's, unless the broker has its own dynamic
/// log configs (`own`, from `Sim::per_broker_log_defaults`), under the topic's overrides.
pub(super) fn replica_config<'a>(topic: &'a TopicConfig, own: &[(BrokerId, TopicConfig)], broker: BrokerId) -> Cow<'a, TopicConfig> {
    match own.iter().find(|(b, _)| *b == broker) {
        Some((_, base)) => Cow::Owned(topic.rebased(base)),
        None => Cow::Borrowed(topic),
    }
}

impl Sim {
    /// `Admin.incrementalAlterConfigs` on a BROKER resource (`None`: the cluster default):
    /// the deletes, then the sets, validated together; on any error nothing changes.
    pub(super) fn alter_broker_config(
        &mut self,
        broker: Option<BrokerId>,
        set: &[(String, String)],
        delete: &[String],
    ) -> KafkaResult<Reply> {
        if let Some(id) = broker.filter(|id| !self.broker_alive(*id)) {
            // the admin client sends a broker's configs to that broker only
            return Err(KafkaError::new(ErrorCode::BrokerNotAvailable, format!("Broker {id} is not running.")));
        }
        check_duplicate_keys(set, delete)?;
        let dynamic = &self.st.dynamic;
        let mut props = match broker {
            None => dynamic.default.clone(),
            Some(id) => dynamic.brokers.get(&id).cloned().unwrap_or_default(),
        };
        for k in delete {
            props.remove(k.as_str());
        }
        for (k, v) in set {
            props.insert(k.clone(), v.trim().to_string());
        }
        validate(&props, broker.is_some(), &self.st.config)?;
        // all checks passed: from here on the command succeeds
        let log_default_before = self.topic_default_config(None);
        match broker {
            None => self.st.dynamic.default = props,
            Some(id) if props.is_empty() => {
                self.st.dynamic.brokers.remove(&id);
            }
            Some(id) => {
                self.st.dynamic.brokers.insert(id, props);
            }
        }
        if broker.is_none() {
            for name in DYNAMIC_CLUSTER_CONFIGS {
                self.apply_dynamic_default(name);
            }
            let base = self.topic_default_config(None);
            if base != log_default_before {
                let min_isr_changed = base.min_insync_replicas != log_default_before.min_insync_replicas;
                for t in self.st.topics.values_mut() {
                    t.config = t.config.rebased(&base);
                    // ConfigurationControlManager.createClearElrRecordsAsNeeded (4.x): a
                    // cluster-level min.insync.replicas change clears the ELR of every topic
                    // that does not set its own
                    if min_isr_changed && !t.config.overrides.contains_key("min.insync.replicas") {
                        for p in t.partitions.iter_mut() {
                            p.elr.clear();
                            p.last_known_elr.clear();
                        }
                    }
                }
            }
        }
        debug_assert!(
            self.st.dynamic.statics.keys().all(|k| self.st.dynamic.default.contains_key(k.as_str())),
            "a static value is kept only while a dynamic default overrides it"
        );
        for k in delete {
            self.emit(Event::BrokerConfigChanged { broker, name: k.clone(), value: None });
        }
        for (k, v) in set {
            self.emit(Event::BrokerConfigChanged { broker, name: k.clone(), value: Some(v.trim().to_string()) });
        }
        Ok(Reply::Done)
    }

    /// A `ClusterConfig` setting takes its dynamic default if it has one, else its static
    /// value again.
    fn apply_dynamic_default(&mut self, name: &str) {
        let dynamic = self.st.dynamic.default.get(name).map(|v| match v.trim() {
            "0" if name == "log.cleaner.backoff.ms" => "1".to_string(),
            v => v.to_ascii_lowercase(),
        });
        let before = self.st.config.get(name);
        match dynamic {
            Some(v) => {
                if !self.st.dynamic.statics.contains_key(name) {
                    let static_value = before.clone().unwrap_or_default();
                    self.st.dynamic.statics.insert(name.to_string(), static_value);
                }
                let ok = self.st.config.set(name, &v);
                debug_assert!(ok.is_ok(), "{name}={v} was validated");
            }
            None => {
                if let Some(v) = self.st.dynamic.statics.remove(name) {
                    let _ = self.st.config.set(name, &v);
                }
            }
        }
        if self.st.config.get(name) != before {
            self.after_cluster_config_change(name);
        }
    }

    /// `kafkascope config NAME=VALUE`: a static broker config (server.properties), which
    /// every broker takes at once; under a dynamic default it waits until that is deleted.
    pub(super) fn set_cluster_config(&mut self, name: String, value: String) -> KafkaResult<Reply> {
        if self.st.dynamic.statics.contains_key(&name) {
            let mut next = self.st.config.clone();
            next.set(&name, &value)?;
            self.st.dynamic.statics.insert(name.clone(), next.get(&name).unwrap_or_default());
        } else {
            self.st.config.set(&name, &value)?;
            self.after_cluster_config_change(&name);
        }
        self.emit(Event::ClusterConfigChanged { name, value });
        Ok(Reply::Done)
    }

    /// A changed interval replaces its pending timer.
    fn after_cluster_config_change(&mut self, name: &str) {
        match name {
            "log.retention.check.interval.ms" | "log.initial.task.delay.ms" => self.restart_timer(0),
            "log.cleaner.backoff.ms" => self.restart_timer(1),
            "replica.lag.time.max.ms" => self.restart_timer(2),
            "offsets.retention.check.interval.ms" => self.restart_timer(3),
            "unclean.leader.election.interval.ms" => self.restart_timer(4),
            _ => {}
        }
    }

    /// The dynamic configs of one broker, or the cluster default (`None`).
    pub fn dynamic_broker_configs(&self, broker: Option<BrokerId>) -> Option<&Map<String, String>> {
        match broker {
            None => Some(&self.st.dynamic.default),
            Some(id) => self.st.dynamic.brokers.get(&id),
        }
    }

    /// A `ClusterConfig` setting's static value (what `kafkascope config` set), under any
    /// dynamic default.
    pub fn static_config_value(&self, name: &str) -> Option<String> {
        self.st.dynamic.statics.get(name).cloned().or_else(|| self.st.config.get(name))
    }

    /// The config a topic without overrides has: on `broker` (its own dynamic log configs
    /// over the cluster default), or cluster-wide (`None`).
    pub fn topic_default_config(&self, broker: Option<BrokerId>) -> TopicConfig {
        let dynamic = &self.st.dynamic;
        let own = broker.and_then(|b| dynamic.brokers.get(&b)).into_iter().flat_map(|m| m.iter());
        TopicConfig::broker_default(dynamic.default.iter().chain(own).map(|(k, v)| (k.as_str(), v.as_str())))
    }

    /// The brokers whose own dynamic configs change their topics' log configs, with the
    /// config a topic without overrides has there (for the log manager's work on them).
    pub(super) fn per_broker_log_defaults(&self) -> Vec<(BrokerId, TopicConfig)> {
        let dynamic = &self.st.dynamic;
        dynamic
            .brokers
            .iter()
            .filter(|(_, m)| m.keys().any(|k| topic_config_of(k).is_some()))
            .map(|(b, _)| (*b, self.topic_default_config(Some(*b))))
            .collect()
    }
}
