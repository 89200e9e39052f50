//! Each channel's post of an incident that still runs: its Telegram message id, how many
//! of the incident's entries it tells, and whether its ending was posted. The channel
//! task (`channels.rs`) edits that one post as the incident moves on; the record goes
//! once the ending is out, so the tree holds only what is still running.

use super::codec::{chat_key, id_key};
use super::{Result, Store, corrupt};
use crate::domain::ChatId;

/// The version byte of a record (values are versioned: a reader refuses what it does
/// not know).
const VERSION: u8 = 1;

/// A channel's post of one incident.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ChannelPost {
    pub message_id: i32,
    /// How many of the incident's entries (folded ones included) the post tells.
    pub told: u32,
}

fn key(chat: ChatId, incident: u64) -> [u8; 16] {
    let mut key = [0u8; 16];
    key[..8].copy_from_slice(&chat_key(chat));
    key[8..].copy_from_slice(&id_key(incident));
    key
}

/// Where `chat`'s mark is kept in `meta`.
fn mark_key(chat: ChatId) -> Vec<u8> {
    [&b"channel_mark"[..], &chat_key(chat)].concat()
}

fn encode(post: ChannelPost) -> [u8; 9] {
    let mut value = [0u8; 9];
    value[0] = VERSION;
    value[1..5].copy_from_slice(&post.message_id.to_be_bytes());
    value[5..].copy_from_slice(&post.told.to_be_bytes());
    value
}

fn decode(value: &[u8]) -> Result<ChannelPost> {
    match value {
        [VERSION, id @ .., t0, t1, t2, t3] if id.len() == 4 => Ok(ChannelPost {
            message_id: i32::from_be_bytes([id[0], id[1], id[2], id[3]]),
            told: u32::from_be_bytes([*t0, *t1, *t2, *t3]),
        }),
        _ => Err(corrupt(
            "channel_posts",
            format!(
                "a record of {} bytes, version {:?}",
                value.len(),
                value.first()
            ),
        )),
    }
}

impl Store {
    /// Every post `chat` has of an incident still told, by incident id.
    pub fn channel_posts(&self, chat: ChatId) -> Result<Vec<(u64, ChannelPost)>> {
        let mut posts = Vec::new();
        for entry in self.trees.channel_posts.scan_prefix(chat_key(chat)) {
            let (k, v) = entry?;
            let id = <[u8; 8]>::try_from(&k[8..])
                .map(u64::from_be_bytes)
                .map_err(|e| corrupt("channel_posts", e))?;
            posts.push((id, decode(&v)?));
        }
        Ok(posts)
    }

    /// Keeps `chat`'s post of `incident` (or, with `None`, forgets it: its ending is out).
    pub async fn save_channel_post(
        &self,
        chat: ChatId,
        incident: u64,
        post: Option<ChannelPost>,
    ) -> Result<()> {
        self.writer
            .write(move |t| {
                match post {
                    Some(post) => drop(t.channel_posts.insert(key(chat, incident), &encode(post))?),
                    None => drop(t.channel_posts.remove(key(chat, incident))?),
                }
                Ok(())
            })
            .await
    }

    /// The last incident `chat` has looked at (`None` for a channel new to this store).
    pub fn channel_mark(&self, chat: ChatId) -> Result<Option<u64>> {
        Ok(self
            .trees
            .meta
            .get(mark_key(chat))?
            .and_then(|v| <[u8; 8]>::try_from(v.as_ref()).ok())
            .map(u64::from_be_bytes))
    }

    /// Moves `chat`'s mark on to `incident` (never back).
    pub async fn set_channel_mark(&self, chat: ChatId, incident: u64) -> Result<()> {
        self.writer
            .write(move |t| {
                let _ = t.meta.fetch_and_update(mark_key(chat), |old| {
                    let old = old
                        .and_then(|v| <[u8; 8]>::try_from(v).ok())
                        .map_or(0, u64::from_be_bytes);
                    Some(old.max(incident).to_be_bytes().to_vec())
                })?;
                Ok(())
            })
            .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_record_reads_back_and_a_strange_one_is_refused() {
        let post = ChannelPost {
            message_id: 77,
            told: 3,
        };
        assert_eq!(decode(&encode(post)).unwrap(), post);
        let mut newer = encode(post);
        newer[0] = 2;
        assert!(decode(&newer).is_err());
        assert!(decode(&newer[..5]).is_err());
    }
}
