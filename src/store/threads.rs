//! The first notice each chat was sent of an incident or a maintenance window, by its
//! Telegram message id: the later notices of that thread arrive as replies to it. Kept
//! only while the thread runs: the broadcast that ends it takes its entries along, and
//! retention sweeps what a cut-short ending left behind.

use super::codec::{chat_key, id_key};
use super::{Result, Store, Trees};
use crate::domain::{ChatId, Thread};

/// The key of `chat`'s first notice of `thread`: kind, id, chat.
fn thread_key(thread: Thread, chat: ChatId) -> [u8; 17] {
    let mut key = [0u8; 17];
    key[..9].copy_from_slice(&thread_prefix(thread));
    key[9..].copy_from_slice(&chat_key(chat));
    key
}

/// Every key of `thread`: `i` for an incident, `m` for a window, then its id.
fn thread_prefix(thread: Thread) -> [u8; 9] {
    let (kind, id) = match thread {
        Thread::Incident(id) => (b'i', id),
        Thread::Window(id) => (b'm', id),
    };
    let mut prefix = [kind; 9];
    prefix[1..].copy_from_slice(&id_key(id));
    prefix
}

impl Store {
    /// The message `chat` was first sent of `thread`, if it was sent one and the thread
    /// still runs.
    pub fn first_notice(&self, thread: Thread, chat: ChatId) -> Result<Option<i32>> {
        Ok(self
            .trees
            .threads
            .get(thread_key(thread, chat))?
            .and_then(|value| <[u8; 4]>::try_from(value.as_ref()).ok())
            .map(i32::from_be_bytes))
    }
}

impl Trees {
    /// Records each chat's first notice of `thread`; a chat that has one keeps it.
    pub(super) fn keep_first_notices(
        &self,
        thread: Thread,
        firsts: &[(ChatId, i32)],
    ) -> Result<()> {
        for &(chat, message) in firsts {
            // Compare-and-swap from nothing: an entry already there stays.
            let _ = self.threads.compare_and_swap(
                thread_key(thread, chat),
                None::<&[u8]>,
                Some(&message.to_be_bytes()[..]),
            )?;
        }
        Ok(())
    }

    /// Forgets every chat's first notice of `thread`, all at once (one batch): nothing
    /// will reply to them.
    pub(super) fn forget_thread(&self, thread: Thread) -> Result<usize> {
        let mut batch = sled::Batch::default();
        let mut forgotten = 0;
        for key in self.threads.scan_prefix(thread_prefix(thread)).keys() {
            batch.remove(key?);
            forgotten += 1;
        }
        self.threads.apply_batch(batch)?;
        Ok(forgotten)
    }
}
