//! Liveness: what `/healthz` and `outage-bot health` report. Each part of the running bot
//! leaves a heartbeat here (polling Telegram, the delivery loop) and the store's writer
//! says how much is queued and how long its current flush has run. Reading a report
//! never touches the store, so a stuck disk cannot hang the health check that reports it.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use serde::Serialize;

use crate::store::WriterStats;

/// How often the delivery loop beats.
pub const DELIVERY_BEAT_EVERY: Duration = Duration::from_secs(1);
/// The default for `health.stuck_after`: how long the delivery loop may go without a
/// beat, or one batch of store writes without reaching the disk, before it counts as
/// stuck.
pub const STUCK_AFTER: Duration = Duration::from_secs(30);
/// A poll of Telegram may be this much older still: a long poll itself waits 10 s.
const POLL_SLACK: Duration = Duration::from_secs(15);

/// Heartbeats of the running bot; shared by every part that reports one.
pub struct Health {
    /// The zero point of every "ms since start" below.
    started: Instant,
    /// When Telegram last answered a poll (ms since `started`, 0 = never); stays 0 when
    /// the bot does not poll (the console).
    last_poll_ms: AtomicU64,
    /// Whether the front end polls Telegram at all, so silence there means something.
    polls: std::sync::atomic::AtomicBool,
    /// Polls that failed since the last success.
    poll_failures: AtomicU64,
    /// Polls that failed since start.
    poll_errors_total: AtomicU64,
    /// When the delivery loop last came round (0 = not started).
    last_delivery_beat_ms: AtomicU64,
    /// Broadcasts the delivery engine holds (in the outbox, not yet finished).
    pending_broadcasts: AtomicU64,
    /// Outbox records that could not be read and were set aside.
    quarantined: AtomicU64,
    writer: Option<Arc<WriterStats>>,
    /// In webhook mode, what Telegram last said of delivering to us (`getWebhookInfo`):
    /// a recent delivery error is a problem. A std mutex, never held across an await.
    webhook: std::sync::Mutex<Option<WebhookState>>,
    /// Silence longer than this is a problem (`health.stuck_after`).
    stuck_after: Duration,
    /// Since when Telegram fails for every chat (sending is paused), in the app's clock.
    /// Not a problem for `/healthz`: the bot is alive and waits for Telegram. A std
    /// mutex, never held across an await.
    telegram_failing_since: std::sync::Mutex<Option<chrono::DateTime<chrono::Utc>>>,
    /// When Telegram last came back after failing for everyone (ms since `started`, 0 =
    /// never): polling, backing off meanwhile, gets its full allowance from then on.
    telegram_back_ms: AtomicU64,
}

/// What Telegram says of its posts to our webhook.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WebhookState {
    /// Updates Telegram holds for us, not yet delivered.
    pub pending_updates: u64,
    /// Its last failure to deliver, if it is recent (within `stuck_after`).
    pub recent_error: Option<String>,
}

/// What `/healthz` answers: `ok` is false when something is stuck; `problems` say what.
#[derive(Debug, Serialize)]
pub struct Report {
    pub ok: bool,
    pub problems: Vec<String>,
    /// Seconds since Telegram last answered a poll (absent when not polling).
    pub last_poll_seconds: Option<f64>,
    pub poll_failures: u64,
    /// Polls that failed since start.
    pub poll_errors_total: u64,
    /// Seconds since the delivery loop last came round.
    pub delivery_beat_seconds: Option<f64>,
    pub pending_broadcasts: u64,
    pub quarantined_broadcasts: u64,
    /// Writes waiting for the store's writer.
    pub store_queue: u64,
    /// How long the writer's current batch has run, if one is running.
    pub store_busy_seconds: Option<f64>,
    /// Writes the store's writer has made durable, the flushes that took, and the
    /// largest batch one flush covered (group commit at work).
    pub store_writes: u64,
    pub store_flushes: u64,
    pub store_flush_failures: u64,
    pub store_largest_batch: u64,
    /// `ok`, or `failing since <time>` while every send fails and sending is paused.
    pub telegram: String,
    /// Webhook mode: updates Telegram holds for us (absent when polling).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub webhook_pending_updates: Option<u64>,
}

impl Health {
    pub fn new(writer: Option<Arc<WriterStats>>, stuck_after: Duration) -> Health {
        Health {
            stuck_after,
            started: Instant::now(),
            last_poll_ms: AtomicU64::new(0),
            polls: std::sync::atomic::AtomicBool::new(false),
            poll_failures: AtomicU64::new(0),
            poll_errors_total: AtomicU64::new(0),
            last_delivery_beat_ms: AtomicU64::new(0),
            pending_broadcasts: AtomicU64::new(0),
            quarantined: AtomicU64::new(0),
            writer,
            webhook: std::sync::Mutex::new(None),
            telegram_failing_since: std::sync::Mutex::new(None),
            telegram_back_ms: AtomicU64::new(0),
        }
    }

    fn now_ms(&self) -> u64 {
        // Never 0, which means "never".
        self.started.elapsed().as_millis() as u64 + 1
    }

    fn age(&self, beat: &AtomicU64) -> Option<Duration> {
        match beat.load(Ordering::Acquire) {
            0 => None,
            at => Some(Duration::from_millis(self.now_ms().saturating_sub(at))),
        }
    }

    /// The front end polls Telegram: from now on a silent poll is a problem.
    pub fn expect_polls(&self) {
        self.polls.store(true, Ordering::Release);
        // Starting counts as a poll, so a bot that just started is not reported stuck.
        self.last_poll_ms.store(self.now_ms(), Ordering::Release);
    }

    pub fn polled(&self) {
        self.last_poll_ms.store(self.now_ms(), Ordering::Release);
        self.poll_failures.store(0, Ordering::Release);
    }

    pub fn poll_failed(&self) {
        self.poll_failures.fetch_add(1, Ordering::AcqRel);
        self.poll_errors_total.fetch_add(1, Ordering::AcqRel);
    }

    pub fn delivery_beat(&self, pending_broadcasts: usize) {
        self.last_delivery_beat_ms
            .store(self.now_ms(), Ordering::Release);
        self.pending_broadcasts
            .store(pending_broadcasts as u64, Ordering::Release);
    }

    /// What Telegram last said of delivering to our webhook.
    pub fn webhook_checked(&self, state: WebhookState) {
        *self.webhook.lock().unwrap_or_else(|p| p.into_inner()) = Some(state);
    }

    /// How often webhook mode asks Telegram how delivery goes.
    pub fn webhook_check_every(&self) -> Duration {
        (self.stuck_after / 2).clamp(Duration::from_secs(1), Duration::from_secs(60))
    }

    /// How recent a delivery error must be to count.
    pub fn stuck_after(&self) -> Duration {
        self.stuck_after
    }

    /// Whether, and since when, Telegram fails for every chat.
    pub fn telegram_failing_since(&self, since: Option<chrono::DateTime<chrono::Utc>>) {
        let mut failing = self
            .telegram_failing_since
            .lock()
            .unwrap_or_else(|p| p.into_inner());
        if failing.is_some() && since.is_none() {
            self.telegram_back_ms
                .store(self.now_ms(), Ordering::Release);
        }
        *failing = since;
    }

    pub fn set_quarantined(&self, count: u64) {
        self.quarantined.store(count, Ordering::Release);
    }

    pub fn report(&self) -> Report {
        let mut problems = Vec::new();
        let poll_age = self
            .polls
            .load(Ordering::Acquire)
            .then(|| self.age(&self.last_poll_ms))
            .flatten();
        // Silence counts from the later of the last poll and Telegram's return.
        let silence = match self.age(&self.telegram_back_ms) {
            Some(back) => poll_age.map(|age| age.min(back)),
            None => poll_age,
        };
        // While Telegram fails for every chat, polls fail too: that is Telegram's trouble,
        // said under `telegram`, and the bot is alive and waiting for it.
        let telegram_failing_since = *self
            .telegram_failing_since
            .lock()
            .unwrap_or_else(|p| p.into_inner());
        if let Some(age) = silence
            .filter(|&a| a > self.stuck_after + POLL_SLACK)
            .filter(|_| telegram_failing_since.is_none())
        {
            problems.push(format!(
                "no successful poll of Telegram for {} s ({} failures)",
                age.as_secs(),
                self.poll_failures.load(Ordering::Acquire)
            ));
        }
        let beat_age = self.age(&self.last_delivery_beat_ms);
        match beat_age {
            // A bot just started is not stuck: its loop gets the same allowance to come
            // round the first time as every time after.
            None if self.started.elapsed() > self.stuck_after => {
                problems.push("the delivery loop has not started".into())
            }
            None => {}
            Some(age) if age > self.stuck_after => problems.push(format!(
                "the delivery loop has not come round for {} s",
                age.as_secs()
            )),
            Some(_) => {}
        }
        let (store_queue, store_busy) = match &self.writer {
            Some(w) => (w.queued.load(Ordering::Acquire), w.busy_for()),
            None => (0, None),
        };
        let counter = |pick: fn(&WriterStats) -> &AtomicU64| {
            self.writer
                .as_ref()
                .map_or(0, |w| pick(w).load(Ordering::Relaxed))
        };
        if let Some(busy) = store_busy.filter(|&b| b > self.stuck_after) {
            problems.push(format!(
                "a store write has not reached the disk for {} s ({store_queue} waiting)",
                busy.as_secs()
            ));
        }
        let webhook = self
            .webhook
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone();
        if let Some(WebhookState {
            pending_updates,
            recent_error: Some(error),
        }) = &webhook
        {
            problems.push(format!(
                "Telegram cannot deliver updates to the webhook: {error} ({pending_updates} waiting)"
            ));
        }
        let quarantined = self.quarantined.load(Ordering::Acquire);
        let telegram = match telegram_failing_since {
            Some(since) => format!(
                "failing since {}",
                since.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
            ),
            None => "ok".to_owned(),
        };
        Report {
            telegram,
            ok: problems.is_empty(),
            problems,
            last_poll_seconds: poll_age.map(|a| a.as_secs_f64()),
            poll_failures: self.poll_failures.load(Ordering::Acquire),
            poll_errors_total: self.poll_errors_total.load(Ordering::Acquire),
            delivery_beat_seconds: beat_age.map(|a| a.as_secs_f64()),
            pending_broadcasts: self.pending_broadcasts.load(Ordering::Acquire),
            quarantined_broadcasts: quarantined,
            store_queue,
            store_busy_seconds: store_busy.map(|b| b.as_secs_f64()),
            store_writes: counter(|w| &w.writes),
            store_flushes: counter(|w| &w.flushes),
            store_flush_failures: counter(|w| &w.flush_failures),
            store_largest_batch: counter(|w| &w.largest_batch),
            webhook_pending_updates: webhook.map(|w| w.pending_updates),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bot_whose_delivery_never_started_is_unhealthy_once_its_allowance_is_over() {
        // Just started: the loop has as long to come round the first time as any other.
        assert!(Health::new(None, STUCK_AFTER).report().ok);
        let health = Health {
            started: Instant::now() - STUCK_AFTER - Duration::from_secs(1),
            ..Health::new(None, STUCK_AFTER)
        };
        let report = health.report();
        assert!(!report.ok);
        assert!(report.problems[0].contains("delivery loop has not started"));
        health.delivery_beat(2);
        let report = health.report();
        assert!(report.ok, "{:?}", report.problems);
        assert_eq!(report.pending_broadcasts, 2);
        assert_eq!(report.last_poll_seconds, None, "the console does not poll");
    }

    #[test]
    fn silence_past_the_thresholds_is_reported() {
        let health = Health::new(None, STUCK_AFTER);
        health.expect_polls();
        health.delivery_beat(0);
        // Pretend the heartbeats happened long ago.
        health.last_poll_ms.store(1, Ordering::Release);
        health.last_delivery_beat_ms.store(1, Ordering::Release);
        std::thread::sleep(Duration::from_millis(5));
        let far = STUCK_AFTER + POLL_SLACK + Duration::from_secs(1);
        let report = Health {
            started: Instant::now() - far,
            ..health
        }
        .report();
        assert!(!report.ok);
        assert_eq!(report.problems.len(), 2, "{:?}", report.problems);
    }

    #[test]
    fn while_telegram_fails_for_everyone_silent_polls_are_its_trouble_not_ours() {
        let far = STUCK_AFTER + POLL_SLACK + Duration::from_secs(1);
        let health = Health {
            started: Instant::now() - far,
            ..Health::new(None, STUCK_AFTER)
        };
        health.expect_polls();
        health.delivery_beat(0);
        health.last_poll_ms.store(1, Ordering::Release);
        let since = chrono::DateTime::from_timestamp(1_667_284_200, 0).unwrap();
        health.telegram_failing_since(Some(since));
        let report = health.report();
        assert!(report.ok, "{:?}", report.problems);
        assert_eq!(report.telegram, "failing since 2022-11-01T06:30:00Z");
        // Back: polling, which backed off meanwhile, has its allowance from now.
        health.telegram_failing_since(None);
        let report = health.report();
        assert!(report.ok, "{:?}", report.problems);
        assert_eq!(report.telegram, "ok");
    }
}
