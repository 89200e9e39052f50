//! Key and value encodings of the store (see the table in `store/mod.rs`).

use chrono::{DateTime, Utc};
use serde::{Serialize, de::DeserializeOwned};

use super::StoreError;
use super::records::{Record, Unreadable};
use crate::domain::ChatId;

/// The first byte of every record value.
pub const VALUE_VERSION: u8 = 1;

pub fn chat_key(chat: ChatId) -> [u8; 8] {
    ((chat.0 as u64) ^ (1 << 63)).to_be_bytes()
}

pub fn key_chat(bytes: &[u8]) -> Option<ChatId> {
    let raw: [u8; 8] = bytes.get(..8)?.try_into().ok()?;
    Some(ChatId((u64::from_be_bytes(raw) ^ (1 << 63)) as i64))
}

/// The most a length may be (2^28 − 1): four bytes of `put_len`, far above any record.
pub const MAX_LEN: usize = (1 << 28) - 1;

/// A length as LEB128: seven bits a byte, lowest first, the top bit saying another byte
/// follows. Below 128 it is one byte, the same as the single length byte of the first
/// page and entry layouts, so every value those held below 128 reads the same.
pub fn put_len(out: &mut Vec<u8>, len: usize) {
    debug_assert!(len <= MAX_LEN, "a length of {len}");
    let mut rest = len.min(MAX_LEN);
    loop {
        let low = (rest & 0x7f) as u8;
        rest >>= 7;
        if rest == 0 {
            out.push(low);
            return;
        }
        out.push(low | 0x80);
    }
}

/// What `put_len` wrote, and the bytes after it; `None` when cut short or too long.
pub fn take_len(bytes: &[u8]) -> Option<(usize, &[u8])> {
    let mut len = 0usize;
    for (i, &byte) in bytes.iter().enumerate().take(4) {
        len |= usize::from(byte & 0x7f) << (7 * i);
        if byte & 0x80 == 0 {
            return Some((len, &bytes[i + 1..]));
        }
    }
    None
}

pub fn id_key(id: u64) -> [u8; 8] {
    id.to_be_bytes()
}

pub fn millis(t: DateTime<Utc>) -> [u8; 8] {
    t.timestamp_millis().to_be_bytes()
}

pub fn time(bytes: &[u8]) -> Option<DateTime<Utc>> {
    DateTime::from_timestamp_millis(i64::from_be_bytes(bytes.try_into().ok()?))
}

/// A domain value as the record the store keeps (see `records.rs`).
pub fn encode_record<T: Record>(value: &T) -> Vec<u8> {
    encode(&value.to_stored())
}

/// A record read back as its domain value; a record that names what this build does
/// not know is corrupt.
pub fn decode_record<T: Record>(bytes: &[u8]) -> Result<T, StoreError> {
    let stored = decode(T::TREE, bytes)?;
    T::from_stored(stored).map_err(|Unreadable(reason)| StoreError::Corrupt {
        tree: T::TREE,
        reason,
    })
}

pub fn encode<T: Serialize>(value: &T) -> Vec<u8> {
    let mut out = vec![VALUE_VERSION];
    // Serializing plain data structs to JSON cannot fail.
    serde_json::to_writer(&mut out, value).expect("records serialize to JSON");
    out
}

pub fn decode<T: DeserializeOwned>(tree: &'static str, bytes: &[u8]) -> Result<T, StoreError> {
    match bytes.split_first() {
        Some((&VALUE_VERSION, json)) => {
            serde_json::from_slice(json).map_err(|e| StoreError::Corrupt {
                tree,
                reason: e.to_string(),
            })
        }
        Some((v, _)) => Err(StoreError::Corrupt {
            tree,
            reason: format!("value version {v} is unknown to this build"),
        }),
        None => Err(StoreError::Corrupt {
            tree,
            reason: "empty value".into(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chat_keys_sort_numerically() {
        let ids = [i64::MIN, -1_000_000_000_123, -1, 0, 1, 42, i64::MAX];
        let keys: Vec<_> = ids.iter().map(|&i| chat_key(ChatId(i))).collect();
        assert!(keys.windows(2).all(|w| w[0] < w[1]));
        for id in ids {
            assert_eq!(key_chat(&chat_key(ChatId(id))), Some(ChatId(id)));
        }
    }

    #[test]
    fn values_carry_their_version() {
        let bytes = encode(&vec![1, 2]);
        assert_eq!(bytes[0], VALUE_VERSION);
        assert_eq!(decode::<Vec<i32>>("t", &bytes).unwrap(), vec![1, 2]);
        let mut future = bytes.clone();
        future[0] = 9;
        assert!(
            decode::<Vec<i32>>("t", &future)
                .unwrap_err()
                .to_string()
                .contains("version 9")
        );
    }

    #[test]
    fn lengths_read_back_and_small_ones_are_one_byte_as_before() {
        for len in [0, 1, 127, 128, 255, 256, 16_383, 16_384, 1_000_000, MAX_LEN] {
            let mut out = Vec::new();
            put_len(&mut out, len);
            out.push(0xAB);
            assert_eq!(take_len(&out), Some((len, &[0xAB][..])), "{len}");
        }
        let mut one = Vec::new();
        put_len(&mut one, 100);
        assert_eq!(one, [100]);
        assert_eq!(take_len(&[0x80, 0x80]), None, "cut short");
        assert_eq!(take_len(&[0xff; 5]), None, "longer than four bytes");
    }
}
