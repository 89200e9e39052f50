//! Updates taken from Telegram and not yet handled, kept as Telegram sent them. Telegram
//! forgets an update once the bot confirms it (its next `getUpdates`, or the webhook
//! post's answer), which happens before the update is handled; kept here first, an update
//! a `kill -9` caught in between is handled at the next start instead of being lost.
//! Transient (each lives from its arrival to the end of its handling), so not backed up
//! nor counted.
//!
//! A key is the update id, u32 BE (Telegram's ids rise, so key order is arrival order);
//! a value is a version byte (1), the tries so far (u8: how many starts have handed it
//! over again), then the update's JSON as Telegram sent it.

use super::{Result, Store, Submitted, corrupt};

const VERSION: u8 = 1;
/// Starts that may hand one update over again: one that stops the bot each time it is
/// handled must not come back at every start.
pub const MOST_TRIES: u8 = 3;

fn encode(tries: u8, update: &[u8]) -> Vec<u8> {
    let mut value = Vec::with_capacity(2 + update.len());
    value.extend_from_slice(&[VERSION, tries]);
    value.extend_from_slice(update);
    value
}

fn decode(value: &[u8]) -> Result<(u8, &[u8])> {
    match value {
        [VERSION, tries, update @ ..] => Ok((*tries, update)),
        _ => Err(corrupt(
            "taken_updates",
            "a version this build does not know, or no header",
        )),
    }
}

impl Store {
    /// Keeps `updates` (id, JSON as sent) until each is handled; on disk when this
    /// returns, so Telegram may be told they arrived. One kept already (Telegram posted
    /// it again) keeps its record and its tries.
    pub async fn keep_taken_updates(&self, updates: Vec<(u32, Vec<u8>)>) -> Result<()> {
        if updates.is_empty() {
            return Ok(());
        }
        self.start_keeping_taken_updates(updates)
            .await?
            .written()
            .await
    }

    /// `keep_taken_updates`, returning once the keeping is queued: a forget submitted
    /// after this returns is applied after it, so the updates may be handled at once,
    /// while the flush that puts them on disk runs.
    pub async fn start_keeping_taken_updates(
        &self,
        updates: Vec<(u32, Vec<u8>)>,
    ) -> Result<Submitted<()>> {
        self.writer
            .submit(move |t| {
                let mut batch = sled::Batch::default();
                for (id, update) in &updates {
                    // The one writer thread: nothing comes between the look and the write.
                    if !t.taken_updates.contains_key(id.to_be_bytes())? {
                        batch.insert(&id.to_be_bytes(), encode(0, update));
                    }
                }
                t.taken_updates.apply_batch(batch)?;
                Ok(())
            })
            .await
    }

    /// Forgets update `id`: it was handled. On disk when this returns.
    pub async fn forget_taken_update(&self, id: u32) -> Result<()> {
        self.writer
            .write(move |t| {
                t.taken_updates.remove(id.to_be_bytes())?;
                Ok(())
            })
            .await
    }

    /// The updates taken and not handled before the bot stopped, in the order they
    /// arrived, each counted as tried once more; those tried `MOST_TRIES` times are let
    /// go (with their ids), as are records this build cannot read. Called once, at
    /// start, before any update is taken.
    pub async fn take_left_over_updates(&self) -> Result<LeftOver> {
        self.writer
            .write(|t| {
                let mut left = LeftOver::default();
                let mut batch = sled::Batch::default();
                for entry in t.taken_updates.iter() {
                    let (key, value) = entry?;
                    let id = <[u8; 4]>::try_from(key.as_ref()).map(u32::from_be_bytes);
                    match (id, decode(&value)) {
                        (Ok(id), Ok((tries, update))) if tries < MOST_TRIES => {
                            batch.insert(&key, encode(tries + 1, update));
                            left.again.push((id, update.to_vec()));
                        }
                        (Ok(id), Ok(_)) => {
                            batch.remove(&key);
                            left.given_up.push(id);
                        }
                        _ => {
                            batch.remove(&key);
                            left.unreadable += 1;
                        }
                    }
                }
                t.taken_updates.apply_batch(batch)?;
                Ok(left)
            })
            .await
    }

    /// Updates taken and not yet handled.
    pub fn taken_update_count(&self) -> usize {
        self.trees.taken_updates.len()
    }
}

/// What `take_left_over_updates` found.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct LeftOver {
    /// To be handled again, oldest first: (id, JSON as Telegram sent it).
    pub again: Vec<(u32, Vec<u8>)>,
    /// Handed over `MOST_TRIES` times and never handled: let go.
    pub given_up: Vec<u32>,
    /// Records this build could not read: let go.
    pub unreadable: usize,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(flavor = "multi_thread")]
    async fn an_update_is_kept_until_handled_and_handed_over_at_most_three_times() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        store
            .keep_taken_updates(vec![
                (7, b"{\"update_id\":7}".to_vec()),
                (9, b"nine".to_vec()),
            ])
            .await
            .unwrap();
        store.forget_taken_update(7).await.unwrap();
        assert_eq!(store.taken_update_count(), 1);
        drop(store);
        // Posted again, it keeps its tries.
        let store = Store::open(dir.path()).unwrap();
        assert_eq!(store.take_left_over_updates().await.unwrap().again.len(), 1);
        store
            .keep_taken_updates(vec![(9, b"nine".to_vec())])
            .await
            .unwrap();
        drop(store);

        // Each start hands it over again, until the third.
        for start in 2..=MOST_TRIES {
            let store = Store::open(dir.path()).unwrap();
            let left = store.take_left_over_updates().await.unwrap();
            assert_eq!(left.again, vec![(9, b"nine".to_vec())], "start {start}");
            assert!(left.given_up.is_empty());
        }
        let store = Store::open(dir.path()).unwrap();
        let left = store.take_left_over_updates().await.unwrap();
        assert_eq!(
            left,
            LeftOver {
                again: vec![],
                given_up: vec![9],
                unreadable: 0
            }
        );
        assert_eq!(store.taken_update_count(), 0);
    }

    #[tokio::test(flavor = "multi_thread")]
    async fn left_overs_come_in_the_order_they_arrived() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        // Ids past 2^24 and below: byte order is numeric order.
        let ids = [16_777_300_u32, 5, 70_000, 16_777_216];
        store
            .keep_taken_updates(
                ids.iter()
                    .map(|&id| (id, id.to_string().into_bytes()))
                    .collect(),
            )
            .await
            .unwrap();
        let left = store.take_left_over_updates().await.unwrap();
        let order: Vec<u32> = left.again.iter().map(|(id, _)| *id).collect();
        assert_eq!(order, vec![5, 70_000, 16_777_216, 16_777_300]);
    }
}
