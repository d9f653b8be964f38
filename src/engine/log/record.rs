//! A record as it lives in a partition log, and the size Kafka gives it on disk.
//!
//! Sizes follow Kafka's v2 record format (`DefaultRecord.sizeInBytes`,
//! clients/src/main/java/org/apache/kafka/common/record/DefaultRecord.java, and the
//! 61-byte batch header of `DefaultRecordBatch.RECORD_BATCH_OVERHEAD`), so that
//! `segment.bytes`, `retention.bytes` and `max.message.bytes` act on the same numbers
//! a real broker would see.

use serde::{Deserialize, Serialize};

/// `DefaultRecordBatch.RECORD_BATCH_OVERHEAD`: the header every batch carries.
pub const RECORD_BATCH_OVERHEAD: u64 = 61;

/// A record header (`org.apache.kafka.common.header.Header`).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Header {
    pub key: String,
    pub value: Option<Vec<u8>>,
}

/// A record a producer sends: no offset yet. `value: None` is a tombstone.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct NewRecord {
    pub key: Option<Vec<u8>>,
    pub value: Option<Vec<u8>>,
    pub headers: Vec<Header>,
    /// CreateTime in ms; the producer stamps it with the virtual clock when `None`.
    pub timestamp: Option<i64>,
}

impl NewRecord {
    pub fn value(v: impl Into<Vec<u8>>) -> Self {
        NewRecord { value: Some(v.into()), ..Default::default() }
    }
    pub fn keyed(k: impl Into<Vec<u8>>, v: impl Into<Vec<u8>>) -> Self {
        NewRecord { key: Some(k.into()), value: Some(v.into()), ..Default::default() }
    }
    pub fn tombstone(k: impl Into<Vec<u8>>) -> Self {
        NewRecord { key: Some(k.into()), value: None, ..Default::default() }
    }
    /// The key's and the value's size in bytes (`None`: null), as a producer callback
    /// reports them (`ErrorLoggingCallback`).
    pub fn sizes(&self) -> (Option<u32>, Option<u32>) {
        let size = |b: &Option<Vec<u8>>| b.as_ref().map(|b| b.len() as u32);
        (size(&self.key), size(&self.value))
    }
}

/// A record read back from a log, borrowing its bytes from the segment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RecordRef<'a> {
    pub offset: i64,
    pub timestamp: i64,
    pub key: Option<&'a [u8]>,
    pub value: Option<&'a [u8]>,
    pub(crate) headers: &'a [u8],
}

impl<'a> RecordRef<'a> {
    /// The record's headers, decoded.
    pub fn headers(&self) -> Vec<Header> {
        decode_headers(self.headers)
    }
    pub fn has_headers(&self) -> bool {
        !self.headers.is_empty()
    }
    pub fn to_owned_record(&self) -> OwnedRecord {
        OwnedRecord {
            offset: self.offset,
            timestamp: self.timestamp,
            key: self.key.map(<[u8]>::to_vec),
            value: self.value.map(<[u8]>::to_vec),
            headers: self.headers(),
        }
    }
}

/// A record copied out of a log (what a consumer holds after a fetch).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct OwnedRecord {
    pub offset: i64,
    pub timestamp: i64,
    pub key: Option<Vec<u8>>,
    pub value: Option<Vec<u8>>,
    pub headers: Vec<Header>,
}

/// Size of a zig-zag varint, as `ByteUtils.sizeOfVarint`.
pub fn size_of_varint(v: i32) -> u64 {
    let mut z = ((v << 1) ^ (v >> 31)) as u32;
    let mut n = 1;
    while z & !0x7f != 0 {
        n += 1;
        z >>= 7;
    }
    n
}

/// Size of a zig-zag varlong, as `ByteUtils.sizeOfVarlong`.
pub fn size_of_varlong(v: i64) -> u64 {
    let mut z = ((v << 1) ^ (v >> 63)) as u64;
    let mut n = 1;
    while z & !0x7f != 0 {
        n += 1;
        z >>= 7;
    }
    n
}

fn size_of_nullable(len: Option<usize>) -> u64 {
    match len {
        None => 1, // varint(-1)
        Some(n) => size_of_varint(n as i32) + n as u64,
    }
}

/// `DefaultRecord.sizeInBytes`: the bytes one record takes inside a batch.
pub fn record_size(offset_delta: i32, timestamp_delta: i64, key: Option<usize>, value: Option<usize>, headers: &[Header]) -> u64 {
    let mut body = 1 // attributes
        + size_of_varlong(timestamp_delta)
        + size_of_varint(offset_delta)
        + size_of_nullable(key)
        + size_of_nullable(value)
        + size_of_varint(headers.len() as i32);
    for h in headers {
        body += size_of_nullable(Some(h.key.len())) + size_of_nullable(h.value.as_ref().map(Vec::len));
    }
    size_of_varint(body as i32) + body
}

/// Headers are kept in the segment's byte arena: per header a u16 key length, the
/// key, an i32 value length (-1 for null) and the value.
pub(crate) fn encode_headers(headers: &[Header], out: &mut Vec<u8>) {
    for h in headers {
        let k = h.key.as_bytes();
        let klen = k.len().min(u16::MAX as usize);
        out.extend_from_slice(&(klen as u16).to_le_bytes());
        out.extend_from_slice(&k[..klen]);
        match &h.value {
            None => out.extend_from_slice(&(-1i32).to_le_bytes()),
            Some(v) => {
                out.extend_from_slice(&(v.len() as i32).to_le_bytes());
                out.extend_from_slice(v);
            }
        }
    }
}

pub(crate) fn decode_headers(mut b: &[u8]) -> Vec<Header> {
    let mut out = Vec::new();
    while b.len() >= 2 {
        let klen = u16::from_le_bytes([b[0], b[1]]) as usize;
        let key = String::from_utf8_lossy(&b[2..2 + klen]).into_owned();
        b = &b[2 + klen..];
        let vlen = i32::from_le_bytes([b[0], b[1], b[2], b[3]]);
        b = &b[4..];
        let value = if vlen < 0 {
            None
        } else {
            let v = b[..vlen as usize].to_vec();
            b = &b[vlen as usize..];
            Some(v)
        };
        out.push(Header { key, value });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn varint_sizes_match_kafka() {
        assert_eq!(size_of_varint(0), 1);
        assert_eq!(size_of_varint(-1), 1);
        assert_eq!(size_of_varint(63), 1);
        assert_eq!(size_of_varint(64), 2);
        assert_eq!(size_of_varint(i32::MAX), 5);
        assert_eq!(size_of_varlong(0), 1);
        assert_eq!(size_of_varlong(i64::MIN), 10);
    }

    #[test]
    fn record_size_of_a_100_byte_value() {
        // attributes 1 + ts delta 1 + offset delta 1 + null key 1 + varint(100)=2 + 100 + headers 1 = 107, + varint(107)=2
        assert_eq!(record_size(0, 0, None, Some(100), &[]), 109);
    }

    #[test]
    fn headers_round_trip() {
        let hs = vec![Header { key: "a".into(), value: Some(b"1".to_vec()) }, Header { key: "b".into(), value: None }];
        let mut buf = Vec::new();
        encode_headers(&hs, &mut buf);
        assert_eq!(decode_headers(&buf), hs);
    }
}
