//! Telegram's sending limits, enforced before each send, with two lanes: replies to a
//! person's command go ahead of bulk notices.
//!
//! The global budget is two gates. A steady pace (governor's GCRA, aimed a little above
//! the budget because millisecond timers always wake late) keeps traffic smooth, so no
//! burst piles up at Telegram and a reply never waits behind one. Telegram's own rule, a
//! sliding window of at most N messages in any second (here any 1.02 s, for network
//! jitter), is the hard cap. Per chat and per group, governor's GCRA alone.

use std::collections::VecDeque;
use std::num::NonZeroU32;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use governor::{DefaultDirectRateLimiter, DefaultKeyedRateLimiter, Quota, RateLimiter};
use tokio::time::Instant;

use crate::config::TelegramLimits;
use crate::domain::ChatId;

/// The global window is this much longer than Telegram's second: network jitter can
/// bring sends closer together at Telegram than they left here.
const GLOBAL_WINDOW: Duration = Duration::from_millis(1020);
/// The pace aims this much above the budget; timers waking late bring it back under,
/// and the window caps it in any case.
const PACE_OVERSHOOT: f64 = 1.03;
/// Per chat the margin is wider: one chat rarely gets more than a message a second, so
/// slack there costs nothing, and a reply landing early would trip Telegram's limit.
const CHAT_HEADROOM: f64 = 0.9;

pub struct Limiter {
    /// Smoothness: a steady pace, with bursts of at most 1% of the budget.
    pace: DefaultDirectRateLimiter,
    /// The hard cap: Telegram's per-second budget.
    global: SlidingWindow,
    per_chat: DefaultKeyedRateLimiter<i64>,
    per_group: DefaultKeyedRateLimiter<i64>,
    /// Replies waiting for a slot; bulk sends hold back while any are.
    replies_waiting: AtomicUsize,
    /// Set by a 429: no bulk send before this instant. A std mutex, never held across an await.
    paused_until: Mutex<Option<Instant>>,
}

fn steady(per: Duration, count: u32, headroom: f64) -> Quota {
    let period = per.mul_f64(1.0 / (f64::from(count.max(1)) * headroom));
    Quota::with_period(period)
        .expect("a positive period")
        .allow_burst(NonZeroU32::MIN)
}

/// The pace may run ahead by 1% of the budget, and at least two messages: a waiter
/// that wakes a millisecond late then loses nothing, and the window still caps it.
fn pace_burst(per_second: u32) -> NonZeroU32 {
    NonZeroU32::new((per_second / 100).max(2)).unwrap_or(NonZeroU32::MIN)
}

/// At most `count` sends in any window of `span`: Telegram's global rule, exactly.
struct SlidingWindow {
    count: usize,
    span: Duration,
    /// When the last `count` sends left. A std mutex: never held across an await.
    sent: Mutex<VecDeque<Instant>>,
}

impl SlidingWindow {
    fn new(count: u32, span: Duration) -> SlidingWindow {
        let count = count.max(1) as usize;
        SlidingWindow {
            count,
            span,
            sent: Mutex::new(VecDeque::with_capacity(count.min(4096))),
        }
    }

    /// Takes a slot if one is free now; otherwise says how long until one frees.
    fn try_take(&self) -> Result<(), Duration> {
        let now = Instant::now();
        let mut sent = self.sent.lock().unwrap_or_else(|p| p.into_inner());
        while sent
            .front()
            .is_some_and(|&t| now.duration_since(t) >= self.span)
        {
            sent.pop_front();
        }
        if sent.len() < self.count {
            sent.push_back(now);
            return Ok(());
        }
        let oldest = *sent.front().expect("the window is full");
        Err((oldest + self.span).saturating_duration_since(now))
    }

    async fn take(&self) {
        while let Err(wait) = self.try_take() {
            tokio::time::sleep(wait).await;
        }
    }
}

impl Limiter {
    pub fn new(limits: &TelegramLimits) -> Limiter {
        Limiter {
            pace: RateLimiter::direct(
                steady(
                    Duration::from_secs(1),
                    limits.messages_per_second,
                    PACE_OVERSHOOT,
                )
                .allow_burst(pace_burst(limits.messages_per_second)),
            ),
            global: SlidingWindow::new(limits.messages_per_second, GLOBAL_WINDOW),
            per_chat: RateLimiter::keyed(steady(
                Duration::from_secs(1),
                limits.per_chat_per_second,
                CHAT_HEADROOM,
            )),
            per_group: RateLimiter::keyed(steady(
                Duration::from_secs(60),
                limits.per_group_per_minute,
                CHAT_HEADROOM,
            )),
            replies_waiting: AtomicUsize::new(0),
            paused_until: Mutex::new(None),
        }
    }

    /// Waits for a slot for a reply to a person's command (the fast lane).
    pub async fn reply_slot(&self, chat: ChatId) {
        self.replies_waiting.fetch_add(1, Ordering::SeqCst);
        self.chat_slot(chat).await;
        self.pace.until_ready().await;
        self.global.take().await;
        self.replies_waiting.fetch_sub(1, Ordering::SeqCst);
    }

    /// Waits for a slot for a bulk notice: after any flood pause, and behind replies.
    pub async fn bulk_slot(&self, chat: ChatId) {
        self.chat_slot(chat).await;
        // One pace token per message, taken once: retries below wait on the window only.
        self.pace.until_ready().await;
        loop {
            let pause = *self.paused_until.lock().unwrap_or_else(|p| p.into_inner());
            if let Some(until) = pause.filter(|&u| u > Instant::now()) {
                tokio::time::sleep_until(until).await;
                continue;
            }
            if self.replies_waiting.load(Ordering::SeqCst) > 0 {
                tokio::time::sleep(Duration::from_millis(2)).await;
                continue;
            }
            // Re-check the pause and the replies after every wait: they go first.
            match self.global.try_take() {
                Ok(()) => return,
                Err(wait) => tokio::time::sleep(wait).await,
            }
        }
    }

    /// Forgets chats not heard from lately, so the per-chat state stays small.
    pub fn forget_idle_chats(&self) {
        self.per_chat.retain_recent();
        self.per_group.retain_recent();
        self.per_chat.shrink_to_fit();
        self.per_group.shrink_to_fit();
    }

    /// Telegram said "retry after": hold every bulk send back that long.
    pub fn pause_bulk(&self, for_how_long: Duration) {
        let until = Instant::now() + for_how_long;
        let mut paused = self.paused_until.lock().unwrap_or_else(|p| p.into_inner());
        if paused.is_none_or(|p| p < until) {
            *paused = Some(until);
        }
    }

    async fn chat_slot(&self, chat: ChatId) {
        self.per_chat.until_key_ready(&chat.0).await;
        if chat.0 < 0 {
            self.per_group.until_key_ready(&chat.0).await;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn the_global_window_lets_n_through_then_waits_for_the_oldest() {
        let window = SlidingWindow::new(3, Duration::from_millis(1020));
        let start = Instant::now();
        for _ in 0..3 {
            window.take().await;
        }
        assert_eq!(
            start.elapsed(),
            Duration::ZERO,
            "three at once fit the window"
        );
        window.take().await;
        assert_eq!(
            start.elapsed(),
            Duration::from_millis(1020),
            "the fourth waits for the first to age out"
        );
        // The first three aged out together: two more fit now, the next must wait.
        assert!(window.try_take().is_ok() && window.try_take().is_ok());
        assert_eq!(window.try_take(), Err(Duration::from_millis(1020)));
    }

    #[tokio::test(start_paused = true)]
    async fn replies_go_ahead_of_bulk_when_the_budget_is_spent() {
        let limits = TelegramLimits {
            messages_per_second: 1,
            per_chat_per_second: 30,
            per_group_per_minute: 60,
        };
        let limiter = std::sync::Arc::new(Limiter::new(&limits));
        limiter.bulk_slot(ChatId(1)).await;
        let bulk = tokio::spawn({
            let limiter = limiter.clone();
            async move {
                limiter.bulk_slot(ChatId(2)).await;
                Instant::now()
            }
        });
        tokio::task::yield_now().await;
        let reply = tokio::spawn({
            let limiter = limiter.clone();
            async move {
                limiter.reply_slot(ChatId(3)).await;
                Instant::now()
            }
        });
        let (bulk_at, reply_at) = (bulk.await.unwrap(), reply.await.unwrap());
        assert!(
            reply_at < bulk_at,
            "the reply waited less: {reply_at:?} vs {bulk_at:?}"
        );
    }
}

#[cfg(test)]
mod throughput_probe {
    use super::*;

    #[tokio::test(flavor = "multi_thread")]
    #[ignore = "measures real time; run by hand"]
    async fn how_many_bulk_slots_in_five_seconds() {
        let limits = TelegramLimits {
            messages_per_second: 30,
            per_chat_per_second: 1,
            per_group_per_minute: 20,
        };
        let limiter = Limiter::new(&limits);
        let start = Instant::now();
        let mut n = 0;
        while start.elapsed() < Duration::from_secs(5) {
            limiter.bulk_slot(ChatId(n)).await;
            n += 1;
        }
        println!("{n} slots in 5 s = {:.1}/s", n as f64 / 5.0);
    }
}
