//! The deserializers a console consumer's formatter can be given (`--key-deserializer`,
//! `--value-deserializer`, or the formatter properties `key.deserializer`,
//! `value.deserializer`, `headers.deserializer`): `DefaultMessageFormatter.deserialize`
//! (Kafka 4.x, `tools/.../consumer/DefaultMessageFormatter.java`) prints
//! `deserializer.deserialize(topic, headers, bytes).toString()`, where a null key or value
//! is first replaced by the bytes of `null.literal`. The classes are those of
//! `org.apache.kafka.common.serialization` (4.0 source), with their exceptions' messages.
//!
//! Simplified (glossary): strings are UTF-8 only (the `*.deserializer.encoding` properties
//! are ignored); `ByteArrayDeserializer`'s `byte[]` prints as `[B@` and a hash of the
//! bytes, where Java prints the array's identity hash, which differs on every run; a UUID
//! must be in the canonical 8-4-4-4-12 form, where Java's `UUID.fromString` also takes
//! shortened groups.

use crate::engine::decimal::{java_double, java_float};

/// A deserializer class Kafkascope models.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Deserializer {
    String,
    ByteArray,
    ByteBuffer,
    Bytes,
    Long,
    Integer,
    Short,
    Double,
    Float,
    Boolean,
    Uuid,
    Void,
}

const PACKAGE: &str = "org.apache.kafka.common.serialization.";

impl Deserializer {
    /// `Class.forName(name)`: the class, or `None` (ClassNotFoundException).
    pub fn for_name(name: &str) -> Option<Self> {
        Some(match name.strip_prefix(PACKAGE)? {
            "StringDeserializer" => Deserializer::String,
            "ByteArrayDeserializer" => Deserializer::ByteArray,
            "ByteBufferDeserializer" => Deserializer::ByteBuffer,
            "BytesDeserializer" => Deserializer::Bytes,
            "LongDeserializer" => Deserializer::Long,
            "IntegerDeserializer" => Deserializer::Integer,
            "ShortDeserializer" => Deserializer::Short,
            "DoubleDeserializer" => Deserializer::Double,
            "FloatDeserializer" => Deserializer::Float,
            "BooleanDeserializer" => Deserializer::Boolean,
            "UUIDDeserializer" => Deserializer::Uuid,
            "VoidDeserializer" => Deserializer::Void,
            _ => return None,
        })
    }

    /// `deserialize(topic, data).toString()`, or the exception it throws, as its stack
    /// trace's first line.
    pub fn to_text(self, data: &[u8]) -> Result<String, String> {
        let serialization = |m: &str| format!("org.apache.kafka.common.errors.SerializationException: {m}");
        let sized = |n: usize, class: &str| -> Result<(), String> {
            if data.len() == n {
                Ok(())
            } else {
                Err(serialization(&format!("Size of data received by {class} is not {n}")))
            }
        };
        match self {
            Deserializer::String => Ok(String::from_utf8_lossy(data).into_owned()),
            Deserializer::ByteArray => Ok(format!("[B@{:x}", fnv1a(data) & 0x7fff_ffff)),
            Deserializer::ByteBuffer => Ok(format!("java.nio.HeapByteBuffer[pos=0 lim={0} cap={0}]", data.len())),
            Deserializer::Bytes => Ok(bytes_to_string(data)),
            Deserializer::Long => sized(8, "LongDeserializer").map(|_| i64::from_be_bytes(array(data)).to_string()),
            Deserializer::Integer => sized(4, "IntegerDeserializer").map(|_| i32::from_be_bytes(array(data)).to_string()),
            Deserializer::Short => sized(2, "ShortDeserializer").map(|_| i16::from_be_bytes(array(data)).to_string()),
            // the byte[] overloads of these two name no class in their message
            Deserializer::Double => sized(8, "Deserializer").map(|_| java_double(f64::from_be_bytes(array(data)))),
            Deserializer::Float => sized(4, "Deserializer").map(|_| java_float(f32::from_be_bytes(array(data)))),
            Deserializer::Boolean => {
                sized(1, "BooleanDeserializer")?;
                match data[0] {
                    1 => Ok("true".into()),
                    0 => Ok("false".into()),
                    b => Err(serialization(&format!("Unexpected byte received by BooleanDeserializer: {}", b as i8))),
                }
            }
            Deserializer::Uuid => {
                let s = String::from_utf8_lossy(data);
                canonical_uuid(&s).ok_or_else(|| {
                    format!(
                        "org.apache.kafka.common.errors.SerializationException: Error parsing data into UUID\nCaused by: java.lang.IllegalArgumentException: Invalid UUID string: {s}"
                    )
                })
            }
            Deserializer::Void => Err("java.lang.IllegalArgumentException: Data should be null for a VoidDeserializer.".into()),
        }
    }
}

fn array<const N: usize>(data: &[u8]) -> [u8; N] {
    let mut a = [0; N];
    a.copy_from_slice(&data[..N]);
    a
}

/// A stand-in for the identity hash Java prints for a `byte[]`: the same bytes, the same text.
fn fnv1a(data: &[u8]) -> u32 {
    data.iter().fold(0x811c_9dc5_u32, |h, b| (h ^ u32::from(*b)).wrapping_mul(0x0100_0193))
}

/// `Bytes.toString` (`org.apache.kafka.common.utils.Bytes`): printable ASCII as itself but
/// the backslash, every other byte as `\xNN` in upper-case hex.
fn bytes_to_string(data: &[u8]) -> String {
    let mut s = String::new();
    for &b in data {
        if (b' '..=b'~').contains(&b) && b != b'\\' {
            s.push(b as char);
        } else {
            s.push_str(&format!("\\x{b:02X}"));
        }
    }
    s
}

/// `UUID.toString` of a canonical `8-4-4-4-12` hex UUID (lower case), if `s` is one.
fn canonical_uuid(s: &str) -> Option<String> {
    let groups: Vec<&str> = s.split('-').collect();
    let ok =
        groups.len() == 5 && groups.iter().zip([8, 4, 4, 4, 12]).all(|(g, n)| g.len() == n && g.bytes().all(|b| b.is_ascii_hexdigit()));
    ok.then(|| s.to_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_as_java_prints_them() {
        assert_eq!(Deserializer::Long.to_text(&42i64.to_be_bytes()), Ok("42".into()));
        assert_eq!(Deserializer::Integer.to_text(&(-7i32).to_be_bytes()), Ok("-7".into()));
        assert_eq!(Deserializer::Short.to_text(&300i16.to_be_bytes()), Ok("300".into()));
        for (d, text) in [(1.0, "1.0"), (100.5, "100.5"), (1e7, "1.0E7"), (1.5e-4, "1.5E-4"), (0.001, "0.001"), (-2.5e10, "-2.5E10")] {
            assert_eq!(java_double(d), text);
        }
        assert_eq!(java_double(f64::NAN), "NaN");
        assert_eq!(java_double(-0.0), "-0.0");
        assert_eq!(java_float(0.1), "0.1");
        assert_eq!(java_float(1.0e-5), "1.0E-5");
    }

    #[test]
    fn wrong_sizes_fail_with_kafka_messages() {
        assert_eq!(
            Deserializer::Long.to_text(b"hello"),
            Err("org.apache.kafka.common.errors.SerializationException: Size of data received by LongDeserializer is not 8".into())
        );
        assert_eq!(
            Deserializer::Double.to_text(b"x"),
            Err("org.apache.kafka.common.errors.SerializationException: Size of data received by Deserializer is not 8".into())
        );
        assert_eq!(
            Deserializer::Boolean.to_text(&[0xff]),
            Err("org.apache.kafka.common.errors.SerializationException: Unexpected byte received by BooleanDeserializer: -1".into())
        );
        assert!(Deserializer::Void.to_text(b"").unwrap_err().starts_with("java.lang.IllegalArgumentException"));
    }

    #[test]
    fn bytes_and_uuids() {
        assert_eq!(Deserializer::Bytes.to_text(b"a\\b\n"), Ok("a\\x5Cb\\x0A".into()));
        assert_eq!(Deserializer::ByteBuffer.to_text(b"abc"), Ok("java.nio.HeapByteBuffer[pos=0 lim=3 cap=3]".into()));
        assert_eq!(Deserializer::ByteArray.to_text(b"abc"), Deserializer::ByteArray.to_text(b"abc"));
        assert_eq!(Deserializer::Uuid.to_text(b"123E4567-E89B-12D3-A456-426614174000"), Ok("123e4567-e89b-12d3-a456-426614174000".into()));
        assert!(Deserializer::Uuid.to_text(b"nope").unwrap_err().contains("Invalid UUID string: nope"));
        assert_eq!(Deserializer::for_name("org.apache.kafka.common.serialization.LongDeserializer"), Some(Deserializer::Long));
        assert_eq!(Deserializer::for_name("LongDeserializer"), None);
    }
}
