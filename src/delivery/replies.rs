//! Answers on their way: each chat's in the order they were made, sent in the fast lane
//! by one task per chat that has any waiting. Handing an answer over returns at once, so
//! a handler never waits for Telegram's budget — and the polling loop, which waits for
//! handlers, keeps reading updates however long the queue of answers grows on an
//! outage day.

use std::time::{Duration, Instant};

use super::gate::jittered;
use super::{Engine, backoff};
use crate::chat_queue::ChatQueue;
use crate::outbound::{Reply, SendOutcome};

/// Tries for one answer before giving up on it.
const ATTEMPTS: u32 = 4;
/// Answers one chat may have waiting; past it, more are dropped with a log line. Only a
/// flood from one chat gets there (a person waits for an answer before asking again).
const MOST_WAITING_PER_CHAT: usize = 64;

/// Answers waiting, per chat, with when each was handed over.
pub(super) type ReplyQueues = ChatQueue<(Instant, Reply)>;

pub(super) fn reply_queues(activity: crate::activity::Activity) -> ReplyQueues {
    ChatQueue::new(MOST_WAITING_PER_CHAT, "answers", activity)
}

impl Engine {
    /// Queues answers to go out after those already waiting for their chats, in order,
    /// ahead of bulk notices; returns at once. A flood wait or a network error is retried
    /// a few times, then the answer is dropped with a log line (the person can ask
    /// again; a notice is never dropped).
    pub fn reply(&self, replies: Vec<Reply>) {
        for reply in replies {
            let engine = self.clone();
            self.replies.push(
                reply.chat,
                (Instant::now(), reply),
                move |(queued, reply)| {
                    let engine = engine.clone();
                    async move { engine.send_reply(&reply, queued).await }
                },
            );
        }
    }

    /// Runs a task that sends answers (the admin's progress) beside the queues, so that
    /// shutdown waits for it, and stops it when the grace is over.
    pub(super) fn spawn_answer_task(
        &self,
        task: impl std::future::Future<Output = ()> + Send + 'static,
    ) -> tokio::task::JoinHandle<Option<()>> {
        self.replies.spawn_beside(task)
    }

    /// Waits up to `grace` for every queued answer to be sent (at shutdown, after the
    /// handlers are done); whether they all were.
    pub async fn replies_sent(&self, grace: Duration) -> bool {
        let sent = self.replies.done_within(grace).await;
        if !sent {
            tracing::warn!(
                waiting = self.replies.len(),
                "answers still waiting at the shutdown deadline"
            );
        }
        sent
    }

    /// One answer, with a few tries. While Telegram fails for everyone it waits at the
    /// gate, and tries spent then do not count: only a chat that fails on its own while
    /// Telegram answers others gives up.
    async fn send_reply(&self, reply: &Reply, queued: Instant) {
        let mut failures = 0;
        let mut reopenings = self.gate.state().reopenings;
        loop {
            self.gate.open().await;
            if self.gate.state().reopenings != reopenings {
                reopenings = self.gate.state().reopenings;
                failures = 0;
            }
            let outcome = self.send_or_edit(reply).await;
            if outcome.telegram_answered() {
                self.gate.answered();
            }
            match outcome {
                SendOutcome::Sent { .. } => {
                    self.metrics.reply_sent_after(queued.elapsed());
                    return;
                }
                SendOutcome::RetryAfter(wait) => {
                    failures += 1;
                    tokio::time::sleep(wait).await;
                }
                SendOutcome::Transient(reason) => {
                    self.gate.failed(reply.chat, self.clock.now());
                    failures += 1;
                    if self.gate.state().is_open() {
                        tracing::warn!(chat = reply.chat.0, %reason, "reply failed; retrying");
                    }
                    tokio::time::sleep(jittered(backoff(failures))).await;
                }
                outcome @ (SendOutcome::MigratedTo(_)
                | SendOutcome::Blocked(_)
                | SendOutcome::Rejected(_)) => {
                    tracing::warn!(chat = reply.chat.0, outcome = ?outcome, "reply not delivered");
                    return;
                }
            }
            // While Telegram itself fails, this answer waits for it, as notices do: only
            // a chat that fails on its own while the gate stays open gives up.
            let state = self.gate.state();
            if failures >= ATTEMPTS && state.reopenings == reopenings && state.is_open() {
                tracing::warn!(chat = reply.chat.0, "reply given up after {ATTEMPTS} tries");
                return;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use futures::future::BoxFuture;
    use tokio::sync::Notify;

    use super::*;
    use crate::config::{Config, TelegramLimits};
    use crate::delivery::limiter::Limiter;
    use crate::domain::ChatId;
    use crate::health::{Health, STUCK_AFTER};
    use crate::i18n::I18n;
    use crate::outbound::{Content, Transport};
    use crate::store::Store;
    use std::sync::Mutex;

    /// Records what it sends; refuses each text in `flood_once` once with a flood
    /// wait; with `stuck`, never answers at all.
    #[derive(Default)]
    struct Recorder {
        sent: Mutex<Vec<(ChatId, String)>>,
        flood_once: Mutex<Vec<String>>,
        stuck: bool,
    }

    impl Transport for Recorder {
        fn send(&self, chat: ChatId, content: Content) -> BoxFuture<'static, SendOutcome> {
            if self.stuck {
                return Box::pin(std::future::pending());
            }
            let text = content.text.as_str().to_owned();
            let mut flood = self.flood_once.lock().unwrap();
            if let Some(at) = flood.iter().position(|t| *t == text) {
                flood.remove(at);
                return Box::pin(async { SendOutcome::RetryAfter(Duration::from_millis(30)) });
            }
            self.sent.lock().unwrap().push((chat, text));
            Box::pin(async { SendOutcome::Sent { message_id: 1 } })
        }

        fn edit(&self, chat: ChatId, _: i32, content: Content) -> BoxFuture<'static, SendOutcome> {
            self.send(chat, content)
        }
    }

    fn engine(transport: Arc<Recorder>, dir: &std::path::Path) -> Engine {
        let config = Config::parse("", None, &|_| None).unwrap();
        let i18n = I18n::for_tests(chrono::Utc::now());
        let roomy = TelegramLimits {
            messages_per_second: 1_000,
            per_chat_per_second: 1_000,
            per_group_per_minute: 1_000,
        };
        let store = Store::open(dir).unwrap();
        let health = Arc::new(Health::new(None, STUCK_AFTER));
        let metrics = crate::metrics::Metrics::new(
            store.clone(),
            health.clone(),
            Arc::new(config.catalog.clone()),
            Arc::new(crate::clock::SystemClock),
            dir.join("backups"),
        );
        Engine::new(
            store,
            i18n,
            transport,
            Arc::new(Limiter::new(&roomy)),
            Arc::new(Notify::new()),
            crate::delivery::Reporting {
                health,
                metrics: Arc::new(metrics),
                answers_in_hand: Default::default(),
            },
            Vec::new(),
        )
    }

    fn answer(chat: i64, text: &str) -> Reply {
        Reply {
            chat: ChatId(chat),
            content: Content::text(text.to_owned()),
            edit: None,
        }
    }

    #[tokio::test(flavor = "multi_thread")]
    async fn each_chats_answers_go_in_order_even_when_one_must_wait() {
        let dir = tempfile::tempdir().unwrap();
        let transport = Arc::new(Recorder {
            flood_once: Mutex::new(vec!["a1".into()]),
            ..Recorder::default()
        });
        let engine = engine(transport.clone(), dir.path());
        engine.reply(vec![answer(1, "a1"), answer(2, "b1")]);
        engine.reply(vec![answer(1, "a2")]);
        engine.reply(vec![answer(2, "b2"), answer(1, "a3")]);
        assert!(engine.replies_sent(Duration::from_secs(5)).await);
        let sent = transport.sent.lock().unwrap().clone();
        let of = |chat| -> Vec<String> {
            sent.iter()
                .filter(|(c, _)| *c == ChatId(chat))
                .map(|(_, t)| t.clone())
                .collect()
        };
        assert_eq!(
            of(1),
            ["a1", "a2", "a3"],
            "a1 waited out its flood, a2 waited for it"
        );
        assert_eq!(of(2), ["b1", "b2"]);
        assert_eq!(engine.replies.len(), 0);
    }

    #[tokio::test(flavor = "multi_thread")]
    async fn handing_answers_over_never_waits_for_telegram() {
        let dir = tempfile::tempdir().unwrap();
        let transport = Arc::new(Recorder {
            stuck: true,
            ..Recorder::default()
        });
        let engine = engine(transport, dir.path());
        // Telegram never answers, yet a thousand answers are handed over at once.
        for chat in 0..1_000 {
            engine.reply(vec![answer(chat, "hello"), answer(chat, "again")]);
        }
        assert_eq!(engine.replies.len(), 2_000);
        assert!(!engine.replies_sent(Duration::from_millis(100)).await);
    }
}
