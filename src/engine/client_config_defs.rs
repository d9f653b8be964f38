//! The client configs Kafka's producer and consumer define but the simulation does not act
//! on, with the type and validator of their `ConfigDef` entries, so a wrong value fails at
//! construction with Kafka's message (`ConfigDef.parseType` and the validators'
//! `ensureValid`), as `new KafkaProducer(props)` / `new KafkaConsumer(props)` would.
//!
//! Checked against `ProducerConfig` and `ConsumerConfig` (clients/, 4.0 source; the 4.x
//! additions `metadata.recovery.rebootstrap.trigger.ms` and the `compression.*.level` configs
//! included). A name neither defines is accepted and ignored, as Kafka's `AbstractConfig`
//! does (`logUnused` mentions it at INFO, below what the tools print). Simplifications: the
//! SSL and SASL configs (`withClientSslSupport`, `withClientSaslSupport`) are not listed, so
//! any value passes; a compression level is checked as an INT, not against its codec's range;
//! a CLASS config knows the classes of Kafka's own jars that fit it.

use super::client_config::{bad as invalid, boolean, int, long};
use super::error::KafkaResult;

/// A `ConfigDef` type with its validator.
#[derive(Clone, Copy)]
enum Def {
    /// `Type.LONG` with `atLeast(min)`
    Long(i64),
    /// `Type.INT` with `atLeast(min)`
    Int(i64),
    Bool,
    /// `Type.STRING` with `ValidString.in(...)`
    OneOf(&'static [&'static str]),
    /// `Type.STRING` with `CaseInsensitiveValidString.in(...)`
    OneOfIgnoringCase(&'static [&'static str]),
    /// `Type.CLASS`: one of these class names
    Class(&'static [&'static str]),
    /// `Type.STRING` or `Type.LIST` without a validator that a value could fail
    Any,
}

const SERIALIZERS: &[&str] = &[
    "org.apache.kafka.common.serialization.BooleanSerializer",
    "org.apache.kafka.common.serialization.ByteArraySerializer",
    "org.apache.kafka.common.serialization.ByteBufferSerializer",
    "org.apache.kafka.common.serialization.BytesSerializer",
    "org.apache.kafka.common.serialization.DoubleSerializer",
    "org.apache.kafka.common.serialization.FloatSerializer",
    "org.apache.kafka.common.serialization.IntegerSerializer",
    "org.apache.kafka.common.serialization.ListSerializer",
    "org.apache.kafka.common.serialization.LongSerializer",
    "org.apache.kafka.common.serialization.ShortSerializer",
    "org.apache.kafka.common.serialization.StringSerializer",
    "org.apache.kafka.common.serialization.UUIDSerializer",
    "org.apache.kafka.common.serialization.VoidSerializer",
];

const DESERIALIZERS: &[&str] = &[
    "org.apache.kafka.common.serialization.BooleanDeserializer",
    "org.apache.kafka.common.serialization.ByteArrayDeserializer",
    "org.apache.kafka.common.serialization.ByteBufferDeserializer",
    "org.apache.kafka.common.serialization.BytesDeserializer",
    "org.apache.kafka.common.serialization.DoubleDeserializer",
    "org.apache.kafka.common.serialization.FloatDeserializer",
    "org.apache.kafka.common.serialization.IntegerDeserializer",
    "org.apache.kafka.common.serialization.ListDeserializer",
    "org.apache.kafka.common.serialization.LongDeserializer",
    "org.apache.kafka.common.serialization.ShortDeserializer",
    "org.apache.kafka.common.serialization.StringDeserializer",
    "org.apache.kafka.common.serialization.UUIDDeserializer",
    "org.apache.kafka.common.serialization.VoidDeserializer",
];

const SECURITY_PROTOCOLS: &[&str] = &["PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL"];
const DNS_LOOKUPS: &[&str] = &["use_all_dns_ips", "resolve_canonical_bootstrap_servers_only"];
const RECORDING_LEVELS: &[&str] = &["INFO", "DEBUG", "TRACE"];
const RECOVERY_STRATEGIES: &[&str] = &["none", "rebootstrap"];

/// Both clients' common entries (`CommonClientConfigs`), by name.
const COMMON: &[(&str, Def)] = &[
    ("bootstrap.servers", Def::Any),
    ("client.dns.lookup", Def::OneOf(DNS_LOOKUPS)),
    ("connections.max.idle.ms", Def::Long(i64::MIN)),
    ("enable.metrics.push", Def::Bool),
    ("interceptor.classes", Def::Any),
    ("metadata.max.age.ms", Def::Long(0)),
    ("metadata.recovery.rebootstrap.trigger.ms", Def::Long(0)),
    ("metadata.recovery.strategy", Def::OneOfIgnoringCase(RECOVERY_STRATEGIES)),
    ("metric.reporters", Def::Any),
    ("metrics.num.samples", Def::Int(1)),
    ("metrics.recording.level", Def::OneOf(RECORDING_LEVELS)),
    ("metrics.sample.window.ms", Def::Long(0)),
    ("receive.buffer.bytes", Def::Int(-1)),
    ("reconnect.backoff.max.ms", Def::Long(0)),
    ("reconnect.backoff.ms", Def::Long(0)),
    ("retry.backoff.max.ms", Def::Long(0)),
    ("security.protocol", Def::OneOfIgnoringCase(SECURITY_PROTOCOLS)),
    ("security.providers", Def::Any),
    ("send.buffer.bytes", Def::Int(-1)),
    ("socket.connection.setup.timeout.max.ms", Def::Long(i64::MIN)),
    ("socket.connection.setup.timeout.ms", Def::Long(i64::MIN)),
];

/// `ProducerConfig`'s entries the simulation does not act on.
const PRODUCER: &[(&str, Def)] = &[
    ("buffer.memory", Def::Long(0)),
    ("compression.gzip.level", Def::Int(i64::MIN)),
    ("compression.lz4.level", Def::Int(i64::MIN)),
    ("compression.type", Def::OneOf(&["none", "gzip", "snappy", "lz4", "zstd"])),
    ("compression.zstd.level", Def::Int(i64::MIN)),
    ("key.serializer", Def::Class(SERIALIZERS)),
    ("max.block.ms", Def::Long(0)),
    ("metadata.max.idle.ms", Def::Long(5000)),
    ("partitioner.adaptive.partitioning.enable", Def::Bool),
    ("partitioner.availability.timeout.ms", Def::Long(0)),
    ("value.serializer", Def::Class(SERIALIZERS)),
];

/// `ConsumerConfig`'s entries the simulation does not act on.
const CONSUMER: &[(&str, Def)] = &[
    ("allow.auto.create.topics", Def::Bool),
    ("check.crcs", Def::Bool),
    ("client.rack", Def::Any),
    ("default.api.timeout.ms", Def::Int(0)),
    ("exclude.internal.topics", Def::Bool),
    ("fetch.max.bytes", Def::Int(0)),
    ("key.deserializer", Def::Class(DESERIALIZERS)),
    ("max.partition.fetch.bytes", Def::Int(0)),
    ("value.deserializer", Def::Class(DESERIALIZERS)),
];

impl Def {
    /// `ConfigDef.parseType`, then the validator.
    fn check(self, name: &str, value: &str) -> KafkaResult<()> {
        let v = value.trim();
        match self {
            Def::Long(min) => long(name, value, min).map(drop),
            Def::Int(min) => int(name, value, min).map(drop),
            Def::Bool => boolean(name, value).map(drop),
            Def::OneOf(options) if options.contains(&v) => Ok(()),
            Def::OneOf(options) => Err(invalid(name, value, &format!("String must be one of: {}", options.join(", ")))),
            Def::OneOfIgnoringCase(options) if options.iter().any(|o| o.eq_ignore_ascii_case(v)) => Ok(()),
            Def::OneOfIgnoringCase(options) => {
                Err(invalid(name, value, &format!("String must be one of (case insensitive): {}", options.join(", "))))
            }
            Def::Class(classes) if classes.contains(&v) => Ok(()),
            Def::Class(_) => Err(invalid(name, value, &format!("Class {v} could not be found."))),
            Def::Any => Ok(()),
        }
    }
}

/// Checks a config the producer (`producer`) or the consumer defines but the simulation does
/// not model. `Ok` for a good value and for a name neither client defines.
pub fn check_unmodelled(producer: bool, name: &str, value: &str) -> KafkaResult<()> {
    let own = if producer { PRODUCER } else { CONSUMER };
    match COMMON.iter().chain(own).find(|(n, _)| *n == name) {
        Some((_, def)) => def.check(name, value),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_fail_with_config_defs_messages() {
        let msg = |p, n, v| check_unmodelled(p, n, v).unwrap_err().message;
        assert_eq!(msg(true, "max.block.ms", "abc"), "Invalid value abc for configuration max.block.ms: Not a number of type LONG");
        assert_eq!(msg(true, "buffer.memory", "-5"), "Invalid value -5 for configuration buffer.memory: Value must be at least 0");
        assert_eq!(
            msg(true, "compression.type", "bogus"),
            "Invalid value bogus for configuration compression.type: String must be one of: none, gzip, snappy, lz4, zstd"
        );
        assert_eq!(
            msg(false, "security.protocol", "tls"),
            "Invalid value tls for configuration security.protocol: String must be one of (case insensitive): PLAINTEXT, SSL, SASL_PLAINTEXT, SASL_SSL"
        );
        assert_eq!(
            msg(false, "key.deserializer", "x.Y"),
            "Invalid value x.Y for configuration key.deserializer: Class x.Y could not be found."
        );
        assert!(check_unmodelled(true, "security.protocol", "sasl_ssl").is_ok());
        assert!(check_unmodelled(true, "compression.type", "zstd").is_ok());
        assert!(check_unmodelled(true, "no.such.config", "x").is_ok(), "unknown names are ignored");
        assert!(check_unmodelled(false, "compression.type", "bogus").is_ok(), "a producer config means nothing to a consumer");
    }
}
