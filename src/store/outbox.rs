//! The outbox: broadcasts waiting or under way, their progress, the audience each goes
//! to, and the records set aside because this build cannot read them.

use sled::Tree;
use sled::transaction::{ConflictableTransactionError, Transactional};

use super::codec::{chat_key, decode_record, encode_record, id_key, key_chat};
use super::{Outbox, Result, Store, StoreError, corrupt};
use crate::domain::{Audience, Broadcast, ChatId, Reach, Recipient, Thread};

impl Store {
    /// Broadcasts not yet finished, oldest first (unreadable ones left out).
    pub fn pending_broadcasts(&self) -> Result<Vec<Broadcast>> {
        Ok(self.outbox()?.readable)
    }

    /// The outbox as it is: broadcasts not yet finished, oldest first, and the ids of
    /// records this build cannot read.
    pub fn outbox(&self) -> Result<Outbox> {
        let mut outbox = Outbox::default();
        for entry in self.trees.outbox.iter() {
            let (key, value) = entry?;
            match decode_record::<Broadcast>(&value) {
                Ok(broadcast) => outbox.readable.push(broadcast),
                Err(e) => outbox.unreadable.push((key.to_vec(), e.to_string())),
            }
        }
        Ok(outbox)
    }

    /// Moves unreadable outbox records aside (to `quarantine`, bytes kept as they were),
    /// so every other broadcast goes on. Returns how many are set aside in all.
    pub async fn set_aside(&self, keys: Vec<Vec<u8>>) -> Result<usize> {
        self.writer
            .write(move |t| {
                for key in keys {
                    (&t.outbox, &t.quarantine).transaction(|(outbox, quarantine)| {
                        if let Some(value) = outbox.remove(key.as_slice())? {
                            quarantine.insert(key.as_slice(), value)?;
                        }
                        Ok::<_, ConflictableTransactionError<StoreError>>(())
                    })?;
                }
                Ok(t.quarantine.len())
            })
            .await
    }

    /// How many outbox records were set aside as unreadable.
    pub fn set_aside_count(&self) -> usize {
        self.trees.quarantine.len()
    }

    /// Records a broadcast's progress (cursor and tally), and the chats that were sent
    /// their first notice of its thread (`firsts`: chat, message). A broadcast already
    /// finished stays finished: progress never brings it back.
    pub async fn save_broadcast(
        &self,
        broadcast: &Broadcast,
        firsts: Vec<(ChatId, i32)>,
    ) -> Result<()> {
        let key = id_key(broadcast.id);
        let value = encode_record(broadcast);
        let thread = broadcast.notice.thread();
        self.writer
            .write(move |t| {
                t.keep_first_notices(thread, &firsts)?;
                if t.outbox.contains_key(key)? {
                    t.outbox.insert(key, value)?;
                }
                Ok(())
            })
            .await
    }

    /// Ends `broadcast` early because a newer event of its story waits behind it, and
    /// tells that newer broadcast (the next one of the story to subscribers) who heard
    /// the story so far (`None`: everyone did): one write. Returns the newer
    /// broadcast's id.
    pub async fn cut_short(
        &self,
        broadcast: &Broadcast,
        reach: Option<Reach>,
    ) -> Result<Option<u64>> {
        let (id, story) = (broadcast.id, broadcast.notice.story());
        let ended = ending_thread(broadcast);
        self.writer
            .write(move |t| {
                if let Some(thread) = ended {
                    t.forget_thread(thread)?;
                }
                let mut next: Option<Broadcast> = None;
                for value in t.outbox.range(id_key(id + 1)..).values() {
                    let candidate: Broadcast = decode_record(&value?)?;
                    if candidate.notice.story() == story
                        && candidate.audience == Audience::Subscribers
                    {
                        next = Some(candidate);
                        break;
                    }
                }
                let next = next.map(|mut b| {
                    b.previous_reach = reach.clone();
                    b
                });
                let listed: Vec<sled::IVec> = t
                    .listed
                    .scan_prefix(id_key(id))
                    .keys()
                    .collect::<sled::Result<_>>()?;
                (&t.outbox, &t.listed).transaction(|(outbox, listed_tree)| {
                    outbox.remove(&id_key(id))?;
                    if let Some(next) = &next {
                        outbox.insert(&id_key(next.id), encode_record(next))?;
                    }
                    // Its audience list is done with, like a finished broadcast's.
                    for key in &listed {
                        listed_tree.remove(key)?;
                    }
                    Ok::<_, ConflictableTransactionError<StoreError>>(())
                })?;
                Ok(next.map(|b| b.id))
            })
            .await
    }

    /// Removes a finished broadcast; the one that ends its thread takes the thread's
    /// first notices along.
    pub async fn finish_broadcast(&self, id: u64) -> Result<()> {
        self.writer
            .write(move |t| {
                // The thread goes first: once the broadcast is out of the outbox, a
                // reader finds nothing of its thread left.
                if let Some(value) = t.outbox.get(id_key(id))?
                    && let Ok(broadcast) = decode_record::<Broadcast>(&value)
                    && let Some(thread) = ending_thread(&broadcast)
                {
                    t.forget_thread(thread)?;
                }
                t.outbox.remove(id_key(id))?;
                for key in t.listed.scan_prefix(id_key(id)).keys() {
                    t.listed.remove(key?)?;
                }
                Ok(())
            })
            .await
    }

    /// Up to `limit` chats of `broadcast`'s audience after `after`, in chat-id order, each
    /// with what decides its language and what it wants to hear.
    pub fn audience_after(
        &self,
        broadcast: &Broadcast,
        after: Option<ChatId>,
        limit: usize,
    ) -> Result<Vec<(ChatId, Recipient)>> {
        match broadcast.audience {
            Audience::Subscribers => {
                self.subscribers_after(broadcast.notice.service(), after, limit)
            }
            Audience::Listed => {
                let prefix = id_key(broadcast.id).to_vec();
                let start = match after {
                    Some(chat) => [prefix.as_slice(), &chat_key(chat), &[0]].concat(),
                    None => prefix.clone(),
                };
                // A few reporters: each one's language is looked up on its own.
                chats_after(&self.trees.listed, "listed", &prefix, start, limit)?
                    .into_iter()
                    .map(|chat| Ok((chat, self.recipient(chat)?)))
                    .collect()
            }
        }
    }

    /// What decides `chat`'s language and what it wants to hear, as stored (the
    /// defaults for a chat never seen).
    pub fn recipient(&self, chat: ChatId) -> Result<Recipient> {
        Ok(self.chat(chat)?.map(|s| s.recipient()).unwrap_or_default())
    }
}

/// The thread `broadcast` ends, if it ends one for its subscribers. The reporters' copy
/// of an ending never ends it: it is the subscribers' copy that chats may reply in.
fn ending_thread(broadcast: &Broadcast) -> Option<Thread> {
    (broadcast.audience == Audience::Subscribers && broadcast.notice.ends_thread())
        .then(|| broadcast.notice.thread())
}

/// Up to `limit` chats whose keys in `tree` start with `prefix`, from `start` on; the
/// chat is the 8 bytes after the prefix.
pub(super) fn chats_after(
    tree: &Tree,
    name: &'static str,
    prefix: &[u8],
    start: Vec<u8>,
    limit: usize,
) -> Result<Vec<ChatId>> {
    let mut out = Vec::with_capacity(limit.min(1024));
    for key in tree.range(start..).keys() {
        let key = key?;
        if !key.starts_with(prefix) || out.len() >= limit {
            break;
        }
        out.push(key_chat(&key[prefix.len()..]).ok_or_else(|| corrupt(name, "short key"))?);
    }
    Ok(out)
}
