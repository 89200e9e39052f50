//! Work kept in order per chat and done by one task per chat that has any: handing work
//! over returns at once, a chat's items are done one after another in the order given,
//! and chats never wait for each other. The answers a chat is sent (`delivery/replies`)
//! and the updates a chat sends (`telegram/inbox`) both go through one.

use std::collections::{HashMap, VecDeque};
use std::future::Future;
use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use tokio_util::task::TaskTracker;

use crate::activity::Activity;
use crate::domain::ChatId;

pub struct ChatQueue<T> {
    /// Items waiting, per chat. A chat is here while its task runs (with an empty queue
    /// while its last item is being done), so a new item never starts a second task.
    waiting: Mutex<HashMap<ChatId, VecDeque<T>>>,
    tasks: TaskTracker,
    /// Cancelled when the grace at shutdown is over: what is still being done stops at
    /// its next await, so nothing it holds (the store) outlives the queue's owner.
    stop: tokio_util::sync::CancellationToken,
    /// Items being done now (taken off their queue, not finished).
    busy: std::sync::atomic::AtomicUsize,
    /// Items one chat may have waiting; past it, more are dropped with a log line. Only
    /// a flood from one chat gets there.
    most_per_chat: usize,
    /// What the items are, for that log line.
    what: &'static str,
    /// Counts each item from its push until it is done.
    activity: Activity,
}

impl<T: Send + 'static> ChatQueue<T> {
    pub fn new(most_per_chat: usize, what: &'static str, activity: Activity) -> ChatQueue<T> {
        ChatQueue {
            waiting: Mutex::new(HashMap::new()),
            tasks: TaskTracker::new(),
            stop: tokio_util::sync::CancellationToken::new(),
            busy: std::sync::atomic::AtomicUsize::new(0),
            most_per_chat,
            what,
            activity,
        }
    }

    fn waiting(&self) -> MutexGuard<'_, HashMap<ChatId, VecDeque<T>>> {
        self.waiting.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Queues `item` after those waiting for `chat`; when the chat has no task yet, one
    /// starts and does each item with `work`. Returns at once: false when the item was
    /// dropped (the chat has `most_per_chat` waiting).
    pub fn push<W, F>(self: &Arc<Self>, chat: ChatId, item: T, work: W) -> bool
    where
        W: Fn(T) -> F + Send + 'static,
        F: Future<Output = ()> + Send,
    {
        {
            let mut waiting = self.waiting();
            match waiting.get_mut(&chat) {
                Some(queue) if queue.len() >= self.most_per_chat => {
                    tracing::warn!(
                        chat = chat.0,
                        what = self.what,
                        "too many waiting for one chat; dropping one"
                    );
                    return false;
                }
                Some(queue) => {
                    queue.push_back(item);
                    self.activity.began();
                    return true;
                }
                None => {
                    waiting.insert(chat, VecDeque::from([item]));
                    self.activity.began();
                }
            }
        }
        let queue = self.clone();
        let stop = self.stop.clone();
        self.tasks.spawn(stop.run_until_cancelled_owned(async move {
            loop {
                let next = {
                    let mut waiting = queue.waiting();
                    match waiting.get_mut(&chat).and_then(VecDeque::pop_front) {
                        Some(item) => {
                            queue.busy.fetch_add(1, Ordering::SeqCst);
                            item
                        }
                        None => {
                            waiting.remove(&chat);
                            return;
                        }
                    }
                };
                let ending = queue.activity.ends_on_drop();
                work(next).await;
                queue.busy.fetch_sub(1, Ordering::SeqCst);
                drop(ending);
            }
        }));
        true
    }

    /// Items not done yet, all chats together (those being done too).
    pub fn len(&self) -> usize {
        // Both read under the lock an item is taken under (and counted busy): read
        // apart, an item taken in between was counted twice.
        let waiting = self.waiting();
        waiting.values().map(VecDeque::len).sum::<usize>() + self.busy.load(Ordering::SeqCst)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Spawns `work` beside the queue's own: `done_within` waits for it too, and stops
    /// it when the grace is over; it is work in hand until it ends.
    pub fn spawn_beside<F>(&self, work: F) -> tokio::task::JoinHandle<Option<()>>
    where
        F: Future<Output = ()> + Send + 'static,
    {
        self.activity.began();
        let ending = self.activity.ends_on_drop();
        self.tasks
            .spawn(self.stop.clone().run_until_cancelled_owned(async move {
                work.await;
                drop(ending);
            }))
    }

    /// Waits up to `grace` for everything queued to be done (at shutdown); whether it
    /// was. What is left then is stopped, and waited for.
    pub async fn done_within(&self, grace: Duration) -> bool {
        self.tasks.close();
        let done = tokio::time::timeout(grace, self.tasks.wait()).await.is_ok();
        if !done {
            self.stop.cancel();
            self.tasks.wait().await;
        }
        done
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(flavor = "multi_thread")]
    async fn each_chat_in_order_and_no_chat_waits_for_another() {
        let activity = Activity::default();
        let queue = Arc::new(ChatQueue::new(64, "tests", activity.clone()));
        let done = Arc::new(Mutex::new(Vec::new()));
        let work = |done: Arc<Mutex<Vec<(i64, u32)>>>| {
            move |(chat, n, slow): (i64, u32, bool)| {
                let done = done.clone();
                async move {
                    if slow {
                        tokio::time::sleep(Duration::from_millis(300)).await;
                    }
                    done.lock().unwrap().push((chat, n));
                }
            }
        };
        for n in 0..5 {
            queue.push(ChatId(1), (1, n, n == 0), work(done.clone()));
        }
        queue.push(ChatId(2), (2, 0, false), work(done.clone()));
        assert!(!activity.is_idle(), "six items in hand");
        tokio::time::sleep(Duration::from_millis(100)).await;
        assert_eq!(
            *done.lock().unwrap(),
            vec![(2, 0)],
            "chat 2 did not wait for chat 1's slow first item"
        );
        assert!(queue.done_within(Duration::from_secs(5)).await);
        let of_one: Vec<u32> = done
            .lock()
            .unwrap()
            .iter()
            .filter(|(c, _)| *c == 1)
            .map(|(_, n)| *n)
            .collect();
        assert_eq!(of_one, [0, 1, 2, 3, 4]);
        assert!(queue.is_empty());
        assert!(activity.is_idle(), "every item counted in was counted out");
    }
}
