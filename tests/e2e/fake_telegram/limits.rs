//! Flood-limit enforcement on `sendMessage`: sliding windows of accepted sends (overall and per chat over the last second, per group over the last minute), pruned as they go so a check costs O(1) amortised.

use std::collections::{HashMap, VecDeque};
use std::time::Duration;

use tokio::time::Instant;

/// Flood limits the fake enforces on `sendMessage` when set (0 = that dimension is unlimited).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Limits {
    /// Max accepted sends in any 1000 ms window, across all chats.
    pub global_per_second: u32,
    /// Max accepted sends in any 1000 ms window to one chat.
    pub per_chat_per_second: u32,
    /// Max accepted sends in any 60 s window to one group (negative chat id).
    pub per_group_per_minute: u32,
}

impl Limits {
    /// Telegram's documented limits: 30/s overall, 1/s per chat, 20/min per group.
    pub const TELEGRAM: Limits = Limits {
        global_per_second: 30,
        per_chat_per_second: 1,
        per_group_per_minute: 20,
    };
}

const SECOND: Duration = Duration::from_secs(1);
const MINUTE: Duration = Duration::from_secs(60);

/// The limits in force and the instants of the accepted sends that still count against them.
#[derive(Default)]
pub(super) struct FloodControl {
    pub(super) limits: Option<Limits>,
    /// Every accepted send of the last second.
    global: VecDeque<Instant>,
    /// Accepted sends of the last second, per chat.
    per_chat: HashMap<i64, VecDeque<Instant>>,
    /// Accepted sends of the last minute, per group (negative chat id).
    per_group: HashMap<i64, VecDeque<Instant>>,
    /// When chats with nothing left in their window are next dropped from the maps.
    next_sweep: Option<Instant>,
}

impl FloodControl {
    /// Counts a send to `chat_id` at `now` if the limits allow it; otherwise
    /// `Err(retry_after seconds)`: the wait until the oldest send that must expire does.
    /// Sends are counted even with no limits set, so limits set later see them.
    pub(super) fn admit(&mut self, chat_id: i64, now: Instant) -> Result<(), u32> {
        self.sweep(now);
        let limits = self.limits.unwrap_or_default();
        let chat = self.per_chat.entry(chat_id).or_default();
        let mut group = (chat_id < 0).then(|| self.per_group.entry(chat_id).or_default());
        let waits = [
            wait(&mut self.global, now, SECOND, limits.global_per_second),
            wait(chat, now, SECOND, limits.per_chat_per_second),
            group
                .as_mut()
                .and_then(|g| wait(g, now, MINUTE, limits.per_group_per_minute)),
        ];
        if let Some(longest) = waits.into_iter().flatten().max() {
            return Err((longest.as_millis().div_ceil(1000) as u32).max(1));
        }
        self.global.push_back(now);
        chat.push_back(now);
        if let Some(g) = group {
            g.push_back(now);
        }
        Ok(())
    }

    /// Once a second, forgets chats and groups whose windows hold nothing any more.
    fn sweep(&mut self, now: Instant) {
        if self.next_sweep.is_some_and(|at| now < at) {
            return;
        }
        let recent = |window: Duration| {
            move |_: &i64, sends: &mut VecDeque<Instant>| {
                sends
                    .back()
                    .is_some_and(|t| now.duration_since(*t) < window)
            }
        };
        self.per_chat.retain(recent(SECOND));
        self.per_group.retain(recent(MINUTE));
        self.next_sweep = Some(now + SECOND);
    }
}

/// Drops the sends that left `window`; if the window still holds `max` (0 = unlimited),
/// the wait until the oldest of the last `max` leaves it.
fn wait(
    sends: &mut VecDeque<Instant>,
    now: Instant,
    window: Duration,
    max: u32,
) -> Option<Duration> {
    while sends
        .front()
        .is_some_and(|t| now.duration_since(*t) >= window)
    {
        sends.pop_front();
    }
    let max = max as usize;
    (max > 0 && sends.len() >= max)
        .then(|| (sends[sends.len() - max] + window).saturating_duration_since(now))
}
