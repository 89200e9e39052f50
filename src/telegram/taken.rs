//! Each update taken from Telegram is handled, and once, even across a `kill -9`.
//! Telegram forgets an update as soon as the bot confirms it (its next `getUpdates`, or
//! the answer to a webhook post), before the update is handled: killed in between, the
//! bot lost what a person sent (an admin's `/down`, with no answer to say so). So an
//! update is kept in the store before Telegram is told it arrived (`keep`), forgotten
//! when its handler is done (`handled`), and what a run left is handed to the dispatcher
//! first at the next start (`with_left_over`). An update that comes twice (a webhook post
//! Telegram sends again, or one both left over and sent again) is handled once.
//!
//! Between a handler's last write and the update being forgotten, a kill can still have
//! one update handled twice; commands are mostly idempotent (subscribing again, `/down`
//! of what is down), which is why that window is left rather than lose one.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};

use futures::StreamExt;
use futures::stream::BoxStream;
use teloxide::stop::StopToken;
use teloxide::types::{AllowedUpdate, Update};
use teloxide::update_listeners::{AsUpdateStream, UpdateListener};

use crate::activity::Activity;
use crate::store::{Store, StoreError, Submitted};

/// A batch of updates on its way to the store (`Taken::keep`).
#[must_use = "Telegram may be told the updates arrived only once they are kept"]
pub struct Keeping(Option<Submitted<()>>);

impl Keeping {
    /// Once the updates are on disk (at once when there were none to keep).
    pub async fn kept(self) -> Result<(), StoreError> {
        match self.0 {
            Some(submitted) => submitted.written().await,
            None => Ok(()),
        }
    }
}

impl Taken {
    /// Once every update kept so far is on disk: after a keeping whose flush failed,
    /// a later flush that succeeds puts it there (sled applied it in memory), where
    /// keeping it again could bring back one a handler has already forgotten.
    pub async fn flush(&self) -> Result<(), StoreError> {
        self.store.flush().await
    }
}

/// Updates remembered as seen: far more than Telegram keeps for a webhook to retry.
const SEEN_KEPT: usize = 10_000;

/// Where an update seen in this run stands.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Turn {
    Running,
    Done,
}

pub struct Taken {
    store: Store,
    /// The latest updates' ids and their turn; a std mutex, never held across an await.
    seen: Mutex<(HashMap<u32, Turn>, VecDeque<u32>)>,
    /// Counts out an update dropped as a repeat (the listener counted it in).
    activity: Activity,
}

impl Taken {
    pub fn new(store: Store, activity: Activity) -> Taken {
        Taken {
            store,
            seen: Mutex::default(),
            activity,
        }
    }

    /// Starts keeping `updates` until each is handled, and returns once that is queued
    /// on the store's writer: they may be handled at once (a forget comes after the
    /// keeping), and Telegram may be told they arrived once `Keeping::kept` says they
    /// are on disk.
    pub async fn keep(&self, updates: &[Update]) -> Result<Keeping, StoreError> {
        let kept: Vec<_> = updates
            .iter()
            .filter_map(|update| match serde_json::to_vec(update) {
                Ok(json) => Some((update.id.0, json)),
                Err(e) => {
                    // Not kept, still handled: only a kill before its end would lose it.
                    tracing::error!(update = update.id.0, error = %e, "cannot write an update down to keep it");
                    None
                }
            })
            .collect();
        if kept.is_empty() {
            return Ok(Keeping(None));
        }
        let submitted = self.store.start_keeping_taken_updates(kept).await?;
        Ok(Keeping(Some(submitted)))
    }

    /// Keeps one update as it was posted to the webhook, on disk when this returns.
    pub async fn keep_posted(&self, id: u32, json: Vec<u8>) -> Result<(), StoreError> {
        self.store.keep_taken_updates(vec![(id, json)]).await
    }

    /// What the last run took and did not handle, oldest first; called once, at start.
    pub async fn left_over(&self) -> Vec<Update> {
        let left = match self.store.take_left_over_updates().await {
            Ok(left) => left,
            Err(e) => {
                tracing::error!(error = %e, "cannot read the updates the last run left unhandled");
                return Vec::new();
            }
        };
        if !left.given_up.is_empty() {
            tracing::error!(
                updates = ?left.given_up,
                tries = crate::store::MOST_UPDATE_TRIES,
                "updates handed over at every start and never handled were let go"
            );
        }
        if left.unreadable > 0 {
            tracing::error!(
                count = left.unreadable,
                "kept updates this build cannot read were let go"
            );
        }
        let mut updates = Vec::with_capacity(left.again.len());
        for (id, json) in left.again {
            match read_kept(&json) {
                Ok(update) if super::polling::readable(&update) => updates.push(update),
                unreadable => {
                    if let Err(e) = unreadable {
                        tracing::error!(update = id, error = %e, "a kept update this build cannot read was let go");
                    }
                    forget(&self.store, id).await;
                }
            }
        }
        if !updates.is_empty() {
            tracing::warn!(
                count = updates.len(),
                "the last run stopped before handling some updates; handling them first"
            );
        }
        updates
    }

    /// Whether update `id` is new to this run (it is then running). A repeat of one done
    /// is forgotten again: its second arrival may have been kept after the first was
    /// forgotten.
    fn first_time(&self, id: u32) -> bool {
        // The oldest id goes when `SEEN_KEPT` are remembered, running or not: ten
        // thousand updates in hand at once is past what the chats' queues hold.
        let turn = {
            let mut seen = self.seen.lock().unwrap_or_else(|p| p.into_inner());
            let (turns, order) = &mut *seen;
            match turns.get(&id) {
                Some(&turn) => Some(turn),
                None => {
                    turns.insert(id, Turn::Running);
                    order.push_back(id);
                    if order.len() > SEEN_KEPT
                        && let Some(old) = order.pop_front()
                    {
                        turns.remove(&old);
                    }
                    None
                }
            }
        };
        if turn == Some(Turn::Done) {
            let store = self.store.clone();
            tokio::spawn(async move { forget(&store, id).await });
        }
        turn.is_none()
    }

    /// Update `id` is handled (or passed over on purpose): forgotten, on disk when this
    /// returns.
    pub async fn handled(&self, id: u32) {
        {
            let mut seen = self.seen.lock().unwrap_or_else(|p| p.into_inner());
            if let Some(turn) = seen.0.get_mut(&id) {
                *turn = Turn::Done;
            }
        }
        forget(&self.store, id).await;
    }

    /// `inner`'s updates, after those the last run left (`left_over`), each once.
    pub fn with_left_over<L>(
        self: &Arc<Self>,
        inner: L,
        left_over: Vec<Update>,
    ) -> WithLeftOver<L> {
        WithLeftOver {
            inner,
            left_over,
            taken: self.clone(),
        }
    }
}

/// An update read back as it was kept. teloxide writes a pressed button's message that
/// the bot can no longer see without the `date` it needs to read one: given back as
/// Telegram sends it (date 0).
fn read_kept(json: &[u8]) -> Result<Update, serde_json::Error> {
    let mut value: serde_json::Value = serde_json::from_slice(json)?;
    match value
        .pointer_mut("/callback_query/message")
        .and_then(serde_json::Value::as_object_mut)
    {
        Some(message) if !message.contains_key("date") => {
            message.insert("date".into(), 0.into());
            // Read from text, as from Telegram: teloxide reads some fields borrowed, which
            // a `Value` cannot lend.
            serde_json::from_slice(&serde_json::to_vec(&value)?)
        }
        _ => serde_json::from_slice(json),
    }
}

async fn forget(store: &Store, id: u32) {
    if let Err(e) = store.forget_taken_update(id).await {
        // Kept, so handled again at the next start: a repeat, never a loss.
        tracing::error!(update = id, error = %e, "cannot forget a handled update");
    }
}

/// An update listener that yields the last run's left-overs first, then its own, and
/// drops an update already seen.
pub struct WithLeftOver<L> {
    inner: L,
    left_over: Vec<Update>,
    taken: Arc<Taken>,
}

impl<'a, L> AsUpdateStream<'a> for WithLeftOver<L>
where
    L: UpdateListener + 'a,
    L::Err: Send + 'a,
{
    type StreamErr = L::Err;
    type Stream = BoxStream<'a, Result<Update, L::Err>>;

    fn as_stream(&'a mut self) -> Self::Stream {
        let taken = self.taken.clone();
        let left_over = std::mem::take(&mut self.left_over);
        // The listener counts its own updates in; the left-overs are counted here.
        for _ in &left_over {
            taken.activity.began();
        }
        futures::stream::iter(left_over.into_iter().map(Ok))
            .chain(self.inner.as_stream())
            .filter(move |update| {
                let keep = match update {
                    Ok(update) => {
                        taken.first_time(update.id.0) || {
                            taken.activity.ended();
                            false
                        }
                    }
                    Err(_) => true,
                };
                std::future::ready(keep)
            })
            .boxed()
    }
}

impl<L> UpdateListener for WithLeftOver<L>
where
    L: UpdateListener,
    L: for<'a> AsUpdateStream<'a, StreamErr = <L as UpdateListener>::Err>,
    L: 'static,
    L::Err: Send + 'static,
{
    type Err = L::Err;

    fn stop_token(&mut self) -> StopToken {
        self.inner.stop_token()
    }

    fn hint_allowed_updates(&mut self, hint: &mut dyn Iterator<Item = AllowedUpdate>) {
        self.inner.hint_allowed_updates(hint);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What Telegram sends, one of each kind the bot handles.
    const SENT: &[&str] = &[
        r#"{"update_id":10,"message":{"message_id":5,"date":1667284200,"chat":{"id":42,"type":"private","first_name":"A"},"from":{"id":42,"is_bot":false,"first_name":"A","language_code":"bn"},"text":"/subscribe whatsapp","entities":[{"type":"bot_command","offset":0,"length":10}]}}"#,
        r#"{"update_id":11,"callback_query":{"id":"cb1","from":{"id":42,"is_bot":false,"first_name":"A"},"chat_instance":"ci","data":"s:whatsapp","message":{"message_id":6,"date":1667284200,"chat":{"id":42,"type":"private","first_name":"A"},"from":{"id":123456,"is_bot":true,"first_name":"Bot","username":"outage_test_bot"},"text":"Pick one"}}}"#,
        r#"{"update_id":12,"callback_query":{"id":"cb2","from":{"id":42,"is_bot":false,"first_name":"A"},"chat_instance":"ci","data":"s:bkash","message":{"message_id":7,"date":0,"chat":{"id":42,"type":"private","first_name":"A"}}}}"#,
        r#"{"update_id":13,"my_chat_member":{"chat":{"id":-100123,"type":"supergroup","title":"G"},"from":{"id":42,"is_bot":false,"first_name":"A"},"date":1667284200,"old_chat_member":{"user":{"id":123456,"is_bot":true,"first_name":"Bot"},"status":"left"},"new_chat_member":{"user":{"id":123456,"is_bot":true,"first_name":"Bot"},"status":"member"}}}"#,
        r#"{"update_id":14,"chat_member":{"chat":{"id":-100123,"type":"supergroup","title":"G"},"from":{"id":42,"is_bot":false,"first_name":"A"},"date":1667284200,"old_chat_member":{"user":{"id":43,"is_bot":false,"first_name":"B"},"status":"member"},"new_chat_member":{"user":{"id":43,"is_bot":false,"first_name":"B"},"status":"left"}}}"#,
    ];

    /// Kept as teloxide writes them (polling), every kind the bot handles reads back as
    /// it came, a button on a message the bot can no longer see included.
    #[tokio::test(flavor = "multi_thread")]
    async fn every_kind_of_update_reads_back_as_it_was_taken() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        let sent: Vec<Update> = SENT
            .iter()
            .map(|json| serde_json::from_str(json).unwrap())
            .collect();
        assert!(sent.iter().all(super::super::polling::readable));

        let keeping = Taken::new(store.clone(), Activity::default())
            .keep(&sent)
            .await
            .unwrap();
        keeping.kept().await.unwrap();
        // The next start.
        let left = Taken::new(store.clone(), Activity::default())
            .left_over()
            .await;
        assert_eq!(left, sent);
        assert_eq!(store.taken_update_count(), SENT.len(), "kept until handled");
    }

    /// A record that cannot be read is let go at once, not read again at each start.
    #[tokio::test(flavor = "multi_thread")]
    async fn a_kept_update_this_build_cannot_read_is_let_go() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        store
            .keep_taken_updates(vec![(20, b"{\"update_id\":20,\"nothing\":".to_vec())])
            .await
            .unwrap();
        let left = Taken::new(store.clone(), Activity::default())
            .left_over()
            .await;
        assert!(left.is_empty());
        assert_eq!(store.taken_update_count(), 0);
    }
}
