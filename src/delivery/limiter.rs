//! Telegram's sending limits, enforced before each send, with two lanes: replies to a
//! person's command go ahead of bulk notices.
//!
//! Limits are a steady pace with no bursts (governor's GCRA with a burst of one): a
//! burst of 30 at once and then 30 a second would be 60 in one second to Telegram.

use std::num::NonZeroU32;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use governor::{DefaultDirectRateLimiter, DefaultKeyedRateLimiter, Quota, RateLimiter};
use tokio::time::Instant;

use crate::config::TelegramLimits;
use crate::domain::ChatId;

/// The share of the global budget actually used: network jitter can bring two sends
/// closer together at Telegram than they left here.
const HEADROOM: f64 = 0.98;
/// Per chat the margin is wider: one chat rarely gets more than a message a second, so
/// slack there costs nothing, and a reply landing early would trip Telegram's limit.
const CHAT_HEADROOM: f64 = 0.9;

pub struct Limiter {
    global: DefaultDirectRateLimiter,
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

/// The global budget: a steady pace, with a burst of 1% of a second's budget so that the
/// timer's millisecond granularity does not waste slots at high rates. In any second
/// that is at most 1% + 98% of the budget: never more than Telegram allows.
fn global_budget(count: u32) -> Quota {
    let burst = NonZeroU32::new(count / 100).unwrap_or(NonZeroU32::MIN);
    steady(Duration::from_secs(1), count, HEADROOM).allow_burst(burst)
}

impl Limiter {
    pub fn new(limits: &TelegramLimits) -> Limiter {
        Limiter {
            global: RateLimiter::direct(global_budget(limits.messages_per_second)),
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
        self.global.until_ready().await;
        self.replies_waiting.fetch_sub(1, Ordering::SeqCst);
    }

    /// Waits for a slot for a bulk notice: after any flood pause, and behind replies.
    pub async fn bulk_slot(&self, chat: ChatId) {
        self.chat_slot(chat).await;
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
            self.global.until_ready().await;
            return;
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
