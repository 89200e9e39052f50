//! Whether Telegram answers at all. When a few sends in a row fail on different chats
//! with answers worth another try (5xx, resets, timeouts, pages that are not the Bot
//! API's), Telegram is failing for everyone, not for one chat: the gate closes, both
//! lanes wait at it instead of burning through their lists, and one prober asks Telegram
//! (`getMe`) with backoff until it answers. Then the gate opens and sending resumes where
//! it stood; chats waiting out their own backoff are woken to try at once.
//!
//! `/healthz` shows `telegram: failing since …` while it is closed (the bot is alive, so
//! still 200), `/metrics` counts the pauses, and the admin's progress message says so.

use std::sync::Mutex;
use std::time::Duration;

use chrono::{DateTime, Utc};
use tokio::sync::watch;
use tokio_util::sync::CancellationToken;

use crate::domain::ChatId;
use crate::outbound::Transport;

/// Transient failures in a row, each on a chat of its own, that close the gate.
const FAILURES_TO_CLOSE: usize = 3;
/// The prober's first wait, doubled after each failed probe up to the cap.
const PROBE_FIRST: Duration = Duration::from_secs(1);
const PROBE_CAP: Duration = Duration::from_secs(10);

/// The gate as everyone sees it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct GateState {
    /// Since when Telegram fails for everyone (in the app's clock), or `None` while it
    /// answers.
    pub failing_since: Option<DateTime<Utc>>,
    /// How many times the gate has opened again: a chat that saw a failure before an
    /// opening knows its failure was Telegram's, not its own.
    pub reopenings: u64,
}

impl GateState {
    pub fn is_open(&self) -> bool {
        self.failing_since.is_none()
    }
}

pub struct Gate {
    state: watch::Sender<GateState>,
    /// The distinct chats whose sends failed since the last answer from Telegram. A std
    /// mutex, never held across an await.
    streak: Mutex<Vec<ChatId>>,
}

impl Default for Gate {
    fn default() -> Self {
        Gate {
            state: watch::Sender::new(GateState {
                failing_since: None,
                reopenings: 0,
            }),
            streak: Mutex::new(Vec::new()),
        }
    }
}

impl Gate {
    pub fn state(&self) -> GateState {
        *self.state.borrow()
    }

    /// Changes of state, for those who show it (`/healthz`, the admin's progress).
    pub fn watch(&self) -> watch::Receiver<GateState> {
        self.state.subscribe()
    }

    /// Waits until Telegram answers (at once when it does).
    pub async fn open(&self) {
        let mut state = self.state.subscribe();
        // The sender lives as long as `self`, which this borrow keeps alive.
        let _ = state.wait_for(GateState::is_open).await;
    }

    /// Waits until the gate has opened again after `seen` openings: the moment a chat
    /// that failed while Telegram was down should try again.
    pub async fn reopened_after(&self, seen: u64) {
        let mut state = self.state.subscribe();
        let _ = state.wait_for(|s| s.is_open() && s.reopenings > seen).await;
    }

    /// Telegram answered a send as the Bot API does (accepted or not): it is up.
    pub fn answered(&self) {
        self.streak
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clear();
    }

    /// A send to `chat` failed in a way worth another try; the gate closes when enough
    /// chats in a row did. `now` is the app's clock.
    pub fn failed(&self, chat: ChatId, now: DateTime<Utc>) {
        let closing = {
            let mut streak = self.streak.lock().unwrap_or_else(|p| p.into_inner());
            if !streak.contains(&chat) {
                streak.push(chat);
            }
            streak.len() >= FAILURES_TO_CLOSE
        };
        if closing {
            self.close(now);
        }
    }

    /// Telegram could not be reached at all (at start): close the gate now, and let the
    /// prober knock until it answers.
    pub fn unreachable(&self, now: DateTime<Utc>) {
        self.close(now);
    }

    fn close(&self, now: DateTime<Utc>) {
        let closed = self.state.send_if_modified(|state| {
            if state.is_open() {
                state.failing_since = Some(now);
                true
            } else {
                false
            }
        });
        if closed {
            tracing::warn!("Telegram is failing for every chat; sending paused until it answers");
        }
    }

    /// While the gate is closed, asks Telegram with backoff (and jitter, so a fleet of
    /// bots does not knock in step) until it answers, then opens the gate. Runs until
    /// `shutdown`; `on_pause` is called each time the gate closes.
    pub async fn run_prober(
        &self,
        transport: &dyn Transport,
        on_pause: impl Fn(),
        shutdown: CancellationToken,
    ) {
        let mut state = self.state.subscribe();
        loop {
            tokio::select! {
                () = shutdown.cancelled() => return,
                closed = state.wait_for(|s| !s.is_open()) => if closed.is_err() { return },
            }
            on_pause();
            let mut wait = PROBE_FIRST;
            loop {
                tokio::select! {
                    () = shutdown.cancelled() => return,
                    () = tokio::time::sleep(jittered(wait)) => {}
                }
                let answered = tokio::select! {
                    () = shutdown.cancelled() => return,
                    answered = transport.probe() => answered,
                };
                if answered {
                    break;
                }
                wait = (wait * 2).min(PROBE_CAP);
            }
            self.streak
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .clear();
            self.state.send_modify(|state| {
                state.failing_since = None;
                state.reopenings += 1;
            });
            tracing::info!("Telegram answers again; sending resumes");
        }
    }
}

/// `wait`, give or take a quarter, at random.
pub fn jittered(wait: Duration) -> Duration {
    wait.mul_f64(0.75 + fastrand::f64() / 2.0)
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

    use futures::future::BoxFuture;

    use super::*;
    use crate::outbound::{Content, SendOutcome};

    /// Answers probes once `up` is set; counts them.
    #[derive(Default)]
    struct Telegram {
        up: AtomicBool,
        probes: AtomicUsize,
    }

    impl Transport for Telegram {
        fn send(&self, _: ChatId, _: Content) -> BoxFuture<'static, SendOutcome> {
            unreachable!("the gate only probes")
        }
        fn edit(&self, _: ChatId, _: i32, _: Content) -> BoxFuture<'static, SendOutcome> {
            unreachable!("the gate only probes")
        }
        fn probe(&self) -> BoxFuture<'static, bool> {
            self.probes.fetch_add(1, Ordering::SeqCst);
            let up = self.up.load(Ordering::SeqCst);
            Box::pin(async move { up })
        }
    }

    fn now() -> DateTime<Utc> {
        DateTime::from_timestamp(1_667_284_200, 0).unwrap()
    }

    #[test]
    fn one_chat_failing_again_and_again_does_not_close_the_gate() {
        let gate = Gate::default();
        for _ in 0..10 {
            gate.failed(ChatId(7), now());
        }
        gate.failed(ChatId(8), now());
        assert!(gate.state().is_open());
        gate.answered();
        gate.failed(ChatId(9), now());
        assert!(gate.state().is_open(), "an answer in between starts over");
        gate.failed(ChatId(10), now());
        gate.failed(ChatId(11), now());
        assert_eq!(gate.state().failing_since, Some(now()));
    }

    #[tokio::test(start_paused = true)]
    async fn the_prober_opens_the_gate_when_telegram_answers_again() {
        let gate = Arc::new(Gate::default());
        let telegram = Arc::new(Telegram::default());
        let pauses = Arc::new(AtomicUsize::new(0));
        let shutdown = CancellationToken::new();
        let prober = tokio::spawn({
            let (gate, telegram, pauses, shutdown) = (
                gate.clone(),
                telegram.clone(),
                pauses.clone(),
                shutdown.clone(),
            );
            async move {
                gate.run_prober(
                    telegram.as_ref(),
                    || {
                        pauses.fetch_add(1, Ordering::SeqCst);
                    },
                    shutdown,
                )
                .await
            }
        });
        for chat in 1..=3 {
            gate.failed(ChatId(chat), now());
        }
        assert!(!gate.state().is_open());
        // Telegram stays down for a minute: the prober backs off meanwhile.
        tokio::time::sleep(Duration::from_secs(60)).await;
        assert!(!gate.state().is_open());
        let probes = telegram.probes.load(Ordering::SeqCst);
        assert!((4..=12).contains(&probes), "{probes} probes in a minute");
        telegram.up.store(true, Ordering::SeqCst);
        let waiter = tokio::spawn({
            let gate = gate.clone();
            async move { gate.reopened_after(0).await }
        });
        tokio::time::timeout(Duration::from_secs(13), waiter)
            .await
            .expect("opened within one backoff")
            .unwrap();
        assert_eq!(gate.state().reopenings, 1);
        assert_eq!(pauses.load(Ordering::SeqCst), 1);
        shutdown.cancel();
        prober.await.unwrap();
    }
}
