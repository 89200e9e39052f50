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
}
