//! Telegram's sending limits, enforced before each send, with two lanes: replies to a
//! person's command go ahead of bulk notices.
//!
//! The global budget is two gates. A steady pace (governor's GCRA, aimed a little above
//! the budget because millisecond timers always wake late) keeps traffic smooth, so no
//! burst piles up at Telegram and a reply never waits behind one. Telegram's own rule, at
//! most N messages in any second, is the hard cap (`SendWindow`).
//!
//! The hard cap has N slots. A slot is busy while its send is on its way, and until a
//! second plus a margin after the send *started* — not after it was answered, which
//! would leave every slot idle for a round trip (93% of the budget at a 70 ms round
//! trip). Whether Telegram counts a message when it arrives or when it answers, two sends
//! of one slot then reach its counter at least a second apart as long as the margin
//! covers how much round trips differ, so the margin is the spread of recent round trips,
//! widened further by any 429 (and narrowing again as sends go through). A send that
//! hangs holds its slot, so no more than N are ever on their way.
//!
//! Per chat (about one a second) and per group (20 a minute) are counted from when
//! earlier sends *finished*: they cost no throughput, and Telegram saw each of them
//! before it answered. A permit is held while a send is on its way and marks it finished
//! when dropped.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap, VecDeque};
use std::num::NonZeroU32;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use governor::{DefaultDirectRateLimiter, Quota, RateLimiter};
use tokio::sync::Notify;
use tokio::time::Instant;

use crate::config::TelegramLimits;
use crate::domain::ChatId;

/// Telegram's global window, counted from each send's start (plus the margin).
const GLOBAL_WINDOW: Duration = Duration::from_secs(1);
/// Added to every margin: a timer's resolution.
const MARGIN_FLOOR: Duration = Duration::from_millis(2);
/// The most the round-trip spread adds, and the most 429s add on top.
const SPREAD_CAP: Duration = Duration::from_millis(250);
const LEARNED_CAP: Duration = Duration::from_millis(500);
/// What one 429 adds to the margin, and how many sends that go through take it back.
const LEARNED_STEP: Duration = Duration::from_millis(10);
const SENDS_PER_STEP_BACK: u32 = 200;

/// The pace aims this much above the budget; timers waking late bring it back under,
/// and the window caps it in any case.
const PACE_OVERSHOOT: f64 = 1.03;
/// Telegram's group window.
const GROUP_SPAN: Duration = Duration::from_secs(60);
/// The span of the per-chat rule.
const CHAT_SPAN: Duration = Duration::from_secs(1);

pub struct Limiter {
    /// Smoothness: a steady pace, with bursts of at most 1% of the budget.
    pace: DefaultDirectRateLimiter,
    /// The hard cap: Telegram's per-second budget.
    global: SendWindow,
    /// Per chat and per group: sends on their way and when recent ones finished. A std
    /// mutex, never held across an await.
    chats: Mutex<HashMap<i64, ChatGates>>,
    /// Sends per chat per second, and per group per minute.
    per_chat: usize,
    per_group: usize,
    /// One waiter at a time goes for the global budget, first come first served, per
    /// lane: thousands of queued replies must not all wake each time a slot frees.
    reply_turn: tokio::sync::Mutex<()>,
    bulk_turn: tokio::sync::Mutex<()>,
    /// Replies waiting for a slot; bulk sends hold back while any are.
    replies_waiting: AtomicUsize,
    /// Rung when the last waiting reply has its slot, so held-back bulk goes on.
    replies_done: Notify,
    /// Set by a 429: no bulk send before this instant. A std mutex, never held across an await.
    paused_until: Mutex<Option<Instant>>,
    /// When idle chats were last swept out of `chats`.
    last_sweep: Mutex<Option<Instant>>,
}

/// The least time between two sweeps of idle chats. A sweep walks every chat, so one per
/// page of a broadcast made a million-chat fan-out quadratic (70 s); once a second it
/// costs a constant per send, and a chat is forgotten within two seconds of going quiet.
const SWEEP_EVERY: Duration = Duration::from_secs(1);

/// One chat's gates: the per-chat second, and for groups the minute too. Kept small: a
/// fan-out holds one for every chat sent to in the last second or so.
#[derive(Default)]
struct ChatGates {
    /// Sends to this chat on their way now.
    in_flight: usize,
    /// When the latest sends finished, newest last (as many as the larger gate needs).
    finished: VecDeque<Instant>,
    /// Rung when a send to this chat finishes, for sends waiting on one in flight; made
    /// only when something waits.
    freed: Option<Arc<Notify>>,
}

impl ChatGates {
    /// When a send may start, counting the `capacity` most recent sends in `span`:
    /// `Ok` now, `Err(Some(t))` at `t`, `Err(None)` once a send in flight finishes.
    fn may_start(
        &self,
        now: Instant,
        capacity: usize,
        span: Duration,
    ) -> Result<(), Option<Instant>> {
        let recent: Vec<Instant> = self
            .finished
            .iter()
            .copied()
            .filter(|&t| now.duration_since(t) < span)
            .collect();
        if self.in_flight + recent.len() < capacity {
            return Ok(());
        }
        // Full: the oldest recent finish must age out (and with only sends in flight,
        // one of them must finish first).
        match recent
            .len()
            .checked_sub(capacity.saturating_sub(self.in_flight))
        {
            Some(i) if i < recent.len() => Err(Some(recent[i] + span)),
            _ => Err(None),
        }
    }

    /// Nothing on its way and nothing recent enough to count: a private chat's sends
    /// count for a second, a group's for a minute.
    fn idle(&self, now: Instant, group: bool) -> bool {
        let span = if group { GROUP_SPAN } else { CHAT_SPAN };
        self.in_flight == 0
            && self
                .finished
                .back()
                .is_none_or(|&t| now.duration_since(t) >= span)
    }
}

/// Holds a chat's place while one send is on its way (and, once joined, a slot of the
/// global budget); dropping it marks the send finished. Take a new one for each try.
#[must_use = "a permit marks its send finished when dropped"]
pub struct SendPermit<'a> {
    limiter: &'a Limiter,
    chat: i64,
    global: Option<GlobalPermit<'a>>,
}

impl<'a> SendPermit<'a> {
    /// This send's slot of the global budget, given back with the chat's place.
    pub fn with(mut self, global: GlobalPermit<'a>) -> SendPermit<'a> {
        self.global = Some(global);
        self
    }
}

impl Drop for SendPermit<'_> {
    fn drop(&mut self) {
        self.limiter.finished(self.chat);
    }
}

/// A slot of the global budget, busy until dropped (when the send it was for finished)
/// and until the window after the send started.
#[must_use = "a slot is counted from when it is dropped"]
pub struct GlobalPermit<'a> {
    window: &'a SendWindow,
    started: Instant,
}

impl Drop for GlobalPermit<'_> {
    fn drop(&mut self) {
        self.window.finished(self.started);
    }
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

/// `count` slots: each busy while its send is on its way and until `span` plus the
/// margin after the send started. The margin is read when a slot is looked at, not when
/// its send finished, so a slow send answered since widens every slot still held.
struct SendWindow {
    count: usize,
    span: Duration,
    /// A std mutex: never held across an await.
    state: Mutex<WindowState>,
    /// Rung when a send finishes, for takers waiting on a window of sends in flight.
    freed: Notify,
}

#[derive(Default)]
struct WindowState {
    in_flight: usize,
    /// When each finished send started, earliest first: its slot is busy until then
    /// plus `span` and the margin.
    started: BinaryHeap<Reverse<Instant>>,
    /// Round trips of the sends finished in the last `ROUND_TRIP_MEMORY`, as the largest
    /// and smallest still to come (monotonic queues: each is O(1) amortised).
    longest: VecDeque<(Instant, Duration)>,
    shortest: VecDeque<(Instant, Duration)>,
    /// What 429s have added to the margin.
    learned: Duration,
    /// Sends gone through since the learned margin last narrowed.
    since_step_back: u32,
}

/// How long a round trip counts toward the spread: longer than any slot stays busy
/// after its send finished, so every slot held is covered by its own send's trip.
const ROUND_TRIP_MEMORY: Duration = Duration::from_secs(2);

impl WindowState {
    /// How much later than `span` after its start a slot comes free: the spread of recent
    /// round trips (so a quick send after a slow one still reaches Telegram's counter a
    /// window apart, whether it counts arrivals or answers), a timer's resolution, and
    /// what 429s taught.
    fn margin(&self) -> Duration {
        let spread = match (self.longest.front(), self.shortest.front()) {
            (Some((_, long)), Some((_, short))) => (*long - *short).min(SPREAD_CAP),
            _ => Duration::ZERO,
        };
        spread + MARGIN_FLOOR + self.learned
    }

    fn forget_old_trips(&mut self, now: Instant) {
        for trips in [&mut self.longest, &mut self.shortest] {
            while trips
                .front()
                .is_some_and(|&(at, _)| now.duration_since(at) > ROUND_TRIP_MEMORY)
            {
                trips.pop_front();
            }
        }
    }

    fn remember_trip(&mut self, now: Instant, trip: Duration) {
        while self.longest.back().is_some_and(|&(_, t)| t <= trip) {
            self.longest.pop_back();
        }
        self.longest.push_back((now, trip));
        while self.shortest.back().is_some_and(|&(_, t)| t >= trip) {
            self.shortest.pop_back();
        }
        self.shortest.push_back((now, trip));
    }
}

impl SendWindow {
    fn new(count: u32, span: Duration) -> SendWindow {
        SendWindow {
            count: count.max(1) as usize,
            span,
            state: Mutex::new(WindowState::default()),
            freed: Notify::new(),
        }
    }

    /// Takes a slot if one is free now; otherwise says when one frees (`None`: when a
    /// send on its way finishes).
    fn try_take(&self) -> Result<GlobalPermit<'_>, Option<Instant>> {
        let now = Instant::now();
        let mut state = self.state.lock().unwrap_or_else(|p| p.into_inner());
        state.forget_old_trips(now);
        let busy_for = self.span + state.margin();
        while state
            .started
            .peek()
            .is_some_and(|&Reverse(at)| at + busy_for <= now)
        {
            state.started.pop();
        }
        if state.in_flight + state.started.len() < self.count {
            state.in_flight += 1;
            return Ok(GlobalPermit {
                window: self,
                started: now,
            });
        }
        Err(state.started.peek().map(|&Reverse(at)| at + busy_for))
    }

    async fn take(&self) -> GlobalPermit<'_> {
        loop {
            let freed = self.freed.notified();
            tokio::pin!(freed);
            freed.as_mut().enable();
            match self.try_take() {
                Ok(permit) => return permit,
                Err(Some(at)) => tokio::time::sleep_until(at).await,
                Err(None) => freed.await,
            }
        }
    }

    fn finished(&self, started: Instant) {
        let now = Instant::now();
        let mut state = self.state.lock().unwrap_or_else(|p| p.into_inner());
        state.in_flight = state.in_flight.saturating_sub(1);
        state.remember_trip(now, now - started);
        state.since_step_back += 1;
        if state.since_step_back >= SENDS_PER_STEP_BACK {
            state.since_step_back = 0;
            state.learned = state.learned.saturating_sub(LEARNED_STEP);
        }
        state.started.push(Reverse(started));
        drop(state);
        self.freed.notify_waiters();
    }

    /// Telegram said "too many": every slot waits a little longer from now on.
    fn widen(&self) {
        let mut state = self.state.lock().unwrap_or_else(|p| p.into_inner());
        state.learned = (state.learned + LEARNED_STEP).min(LEARNED_CAP);
        state.since_step_back = 0;
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
            global: SendWindow::new(limits.messages_per_second, GLOBAL_WINDOW),
            chats: Mutex::new(HashMap::new()),
            per_chat: limits.per_chat_per_second.max(1) as usize,
            per_group: limits.per_group_per_minute.max(1) as usize,
            reply_turn: tokio::sync::Mutex::new(()),
            bulk_turn: tokio::sync::Mutex::new(()),
            replies_waiting: AtomicUsize::new(0),
            replies_done: Notify::new(),
            paused_until: Mutex::new(None),
            last_sweep: Mutex::new(None),
        }
    }

    /// Waits for a slot for a reply to a person's command (the fast lane). A reply
    /// waiting for its own chat holds nobody back; once its chat is free it goes ahead
    /// of every bulk send.
    pub async fn reply_slot(&self, chat: ChatId) -> SendPermit<'_> {
        let permit = self.chat_slot(chat).await;
        self.replies_waiting.fetch_add(1, Ordering::SeqCst);
        let global = {
            let _turn = self.reply_turn.lock().await;
            self.pace.until_ready().await;
            self.global.take().await
        };
        if self.replies_waiting.fetch_sub(1, Ordering::SeqCst) == 1 {
            self.replies_done.notify_waiters();
        }
        permit.with(global)
    }

    /// Waits for a slot for a bulk notice to `chat` (its chat, then the budget).
    pub async fn bulk_slot(&self, chat: ChatId) -> SendPermit<'_> {
        let permit = self.chat_slot(chat).await;
        let global = self.bulk_budget().await;
        permit.with(global)
    }

    /// Takes `chat`'s place now if it is free; else says when to look again (`None`:
    /// when a send to it in flight finishes).
    pub fn try_chat(&self, chat: ChatId) -> Result<SendPermit<'_>, Option<Instant>> {
        let now = Instant::now();
        let mut chats = self.chats.lock().unwrap_or_else(|p| p.into_inner());
        let gates = chats.entry(chat.0).or_default();
        let second = gates.may_start(now, self.per_chat, CHAT_SPAN);
        let minute = if chat.0 < 0 {
            gates.may_start(now, self.per_group, GROUP_SPAN)
        } else {
            Ok(())
        };
        match (second, minute) {
            (Ok(()), Ok(())) => {
                gates.in_flight += 1;
                Ok(SendPermit {
                    limiter: self,
                    chat: chat.0,
                    global: None,
                })
            }
            (Err(a), Err(b)) => Err(a.max(b)),
            (Err(at), Ok(())) | (Ok(()), Err(at)) => Err(at),
        }
    }

    /// Waits for the global budget for one bulk send: after any flood pause, and
    /// behind replies. Hold the slot while the send is on its way.
    pub async fn bulk_budget(&self) -> GlobalPermit<'_> {
        let _turn = self.bulk_turn.lock().await;
        // One pace token per message, taken once: retries below wait on the window only.
        self.pace.until_ready().await;
        loop {
            let pause = *self.paused_until.lock().unwrap_or_else(|p| p.into_inner());
            if let Some(until) = pause.filter(|&u| u > Instant::now()) {
                tokio::time::sleep_until(until).await;
                continue;
            }
            if self.replies_waiting.load(Ordering::SeqCst) > 0 {
                let done = self.replies_done.notified();
                tokio::pin!(done);
                done.as_mut().enable();
                // Looked again after enabling, so a reply finishing in between is seen.
                if self.replies_waiting.load(Ordering::SeqCst) > 0 {
                    // A bounded wait: a reply that never finishes never holds bulk for good.
                    let _ = tokio::time::timeout(Duration::from_millis(50), done).await;
                }
                continue;
            }
            // Re-check the pause and the replies after every wait: they go first.
            let freed = self.global.freed.notified();
            tokio::pin!(freed);
            freed.as_mut().enable();
            match self.global.try_take() {
                Ok(permit) => return permit,
                Err(Some(at)) => tokio::time::sleep_until(at).await,
                Err(None) => freed.await,
            }
        }
    }

    /// Forgets chats with nothing on their way and nothing recent, so the per-chat
    /// state stays small; at most once per `SWEEP_EVERY`, however often it is asked.
    pub fn forget_idle_chats(&self) {
        let now = Instant::now();
        {
            let mut last = self.last_sweep.lock().unwrap_or_else(|p| p.into_inner());
            if last.is_some_and(|at| now.duration_since(at) < SWEEP_EVERY) {
                return;
            }
            *last = Some(now);
        }
        let mut chats = self.chats.lock().unwrap_or_else(|p| p.into_inner());
        chats.retain(|&chat, gates| !gates.idle(now, chat < 0));
        // Give memory back after a big broadcast, but not on every sweep.
        if chats.capacity() > 4 * chats.len() + 1024 {
            chats.shrink_to_fit();
        }
    }

    /// Telegram said "retry after": hold every bulk send back that long, and leave more
    /// room between sends from now on.
    pub fn pause_bulk(&self, for_how_long: Duration) {
        self.global.widen();
        let until = Instant::now() + for_how_long;
        let mut paused = self.paused_until.lock().unwrap_or_else(|p| p.into_inner());
        if paused.is_none_or(|p| p < until) {
            *paused = Some(until);
        }
    }

    /// Waits until `chat` may take one more send, and takes it.
    async fn chat_slot(&self, chat: ChatId) -> SendPermit<'_> {
        loop {
            let freed = self.freed(chat);
            let finished = freed.notified();
            tokio::pin!(finished);
            finished.as_mut().enable();
            match self.try_chat(chat) {
                Ok(permit) => return permit,
                Err(Some(at)) => tokio::time::sleep_until(at).await,
                // Woken when the send on its way finishes (enabled before looking, so
                // a finish in between is not missed).
                Err(None) => finished.await,
            }
        }
    }

    /// The bell rung when a send to `chat` finishes.
    fn freed(&self, chat: ChatId) -> Arc<Notify> {
        let mut chats = self.chats.lock().unwrap_or_else(|p| p.into_inner());
        chats
            .entry(chat.0)
            .or_default()
            .freed
            .get_or_insert_with(Arc::default)
            .clone()
    }

    /// A send to `chat` finished (whatever Telegram answered).
    fn finished(&self, chat: i64) {
        let keep = if chat < 0 {
            self.per_chat.max(self.per_group)
        } else {
            self.per_chat
        };
        let mut chats = self.chats.lock().unwrap_or_else(|p| p.into_inner());
        let gates = chats.entry(chat).or_default();
        gates.in_flight = gates.in_flight.saturating_sub(1);
        gates.finished.push_back(Instant::now());
        while gates.finished.len() > keep {
            gates.finished.pop_front();
        }
        if let Some(freed) = &gates.freed {
            freed.notify_waiters();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn a_slot_comes_free_a_window_after_its_send_started_not_after_its_answer() {
        let window = SendWindow::new(3, Duration::from_secs(1));
        let start = Instant::now();
        let mut on_their_way: Vec<GlobalPermit<'_>> = Vec::new();
        for _ in 0..3 {
            on_their_way.push(window.take().await);
        }
        assert_eq!(start.elapsed(), Duration::ZERO, "three at once fit");
        assert!(
            matches!(window.try_take(), Err(None)),
            "a fourth waits for one on its way"
        );
        // Each send takes 40 ms to be answered; their round trips are alike, so the
        // margin is the floor, and the slot is busy until 1 s (plus it) after the start.
        tokio::time::sleep(Duration::from_millis(40)).await;
        for permit in on_their_way.drain(..) {
            drop(permit);
        }
        assert!(matches!(
            window.try_take(),
            Err(Some(at)) if at == start + Duration::from_secs(1) + MARGIN_FLOOR
        ));
        let fourth = window.take().await;
        assert_eq!(
            start.elapsed(),
            Duration::from_secs(1) + MARGIN_FLOOR,
            "the round trip is not paid again"
        );
        drop(fourth);
    }

    #[tokio::test(start_paused = true)]
    async fn a_slow_send_answered_later_widens_the_slots_of_quick_ones_before_it() {
        let window = SendWindow::new(2, Duration::from_secs(1));
        let start = Instant::now();
        let quick = window.take().await;
        let slow = window.take().await;
        tokio::time::sleep(Duration::from_millis(1)).await;
        drop(quick);
        // The slow one may have reached Telegram 39 ms later than the quick one did.
        tokio::time::sleep(Duration::from_millis(39)).await;
        drop(slow);
        tokio::time::sleep(Duration::from_millis(965)).await;
        let expected = start + Duration::from_secs(1) + Duration::from_millis(39) + MARGIN_FLOOR;
        assert!(
            matches!(window.try_take(), Err(Some(at)) if at == expected),
            "the quick send's slot waits out the spread too"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn a_send_that_hangs_holds_its_slot_and_uneven_round_trips_widen_the_margin() {
        let window = SendWindow::new(2, Duration::from_secs(1));
        let start = Instant::now();
        let quick = window.take().await;
        let hanging = window.take().await;
        tokio::time::sleep(Duration::from_millis(5)).await;
        drop(quick);
        // Three seconds on, the hanging send still holds its slot: one free, not two.
        tokio::time::sleep(Duration::from_secs(3)).await;
        let third = window.try_take().expect("the quick send's slot");
        assert!(
            window.try_take().is_err(),
            "the hanging send's slot is held"
        );
        drop(hanging);
        drop(third);
        // Round trips of 5 ms, 3,005 ms and 0: their spread (capped) now widens each slot.
        assert_eq!(
            window.state.lock().unwrap().margin(),
            SPREAD_CAP + MARGIN_FLOOR
        );
        assert!(start.elapsed() > Duration::from_secs(3));
    }

    #[tokio::test(start_paused = true)]
    async fn a_429_widens_every_slot_and_sends_that_go_through_narrow_it_again() {
        let window = SendWindow::new(1, Duration::from_secs(1));
        window.widen();
        window.widen();
        let start = Instant::now();
        drop(window.take().await);
        let _second = window.take().await;
        assert_eq!(
            start.elapsed(),
            Duration::from_secs(1) + MARGIN_FLOOR + 2 * LEARNED_STEP
        );
        drop(_second);
        for _ in 0..(2 * SENDS_PER_STEP_BACK) {
            drop(window.try_take().ok());
            tokio::time::sleep(Duration::from_millis(1100)).await;
        }
        assert_eq!(window.state.lock().unwrap().learned, Duration::ZERO);
    }

    #[tokio::test(start_paused = true)]
    async fn a_taker_waiting_on_sends_in_flight_wakes_when_one_finishes() {
        let window = SendWindow::new(1, Duration::from_millis(100));
        let first = window.take().await;
        let (taken, waiter) = tokio::join!(
            async {
                tokio::time::sleep(Duration::from_millis(300)).await;
                drop(first);
                Instant::now()
            },
            async {
                let _second = window.take().await;
                Instant::now()
            }
        );
        assert_eq!(waiter, taken, "the window had passed: free at the answer");
    }

    #[tokio::test(start_paused = true)]
    async fn replies_go_ahead_of_bulk_when_the_budget_is_spent() {
        let limits = TelegramLimits {
            messages_per_second: 1,
            per_chat_per_second: 30,
            per_group_per_minute: 60,
        };
        let limiter = std::sync::Arc::new(Limiter::new(&limits));
        drop(limiter.bulk_slot(ChatId(1)).await);
        let bulk = tokio::spawn({
            let limiter = limiter.clone();
            async move {
                drop(limiter.bulk_slot(ChatId(2)).await);
                Instant::now()
            }
        });
        tokio::task::yield_now().await;
        let reply = tokio::spawn({
            let limiter = limiter.clone();
            async move {
                drop(limiter.reply_slot(ChatId(3)).await);
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
mod chat_gates {
    use super::*;

    fn limiter() -> Limiter {
        Limiter::new(&TelegramLimits {
            messages_per_second: 1000,
            per_chat_per_second: 1,
            per_group_per_minute: 20,
        })
    }

    #[tokio::test(start_paused = true)]
    async fn a_chat_waits_a_full_second_after_its_last_send_finished() {
        let limiter = limiter();
        let start = Instant::now();
        let permit = limiter.bulk_slot(ChatId(7)).await;
        // The send takes 300 ms to come back (a slow network).
        tokio::time::sleep(Duration::from_millis(300)).await;
        drop(permit);
        drop(limiter.reply_slot(ChatId(7)).await);
        assert_eq!(start.elapsed(), Duration::from_millis(1300));
        // Another chat is not held back.
        let other = Instant::now();
        drop(limiter.bulk_slot(ChatId(8)).await);
        assert_eq!(other.elapsed(), Duration::ZERO);
    }

    #[tokio::test(start_paused = true)]
    async fn a_send_in_flight_holds_its_chat() {
        let limiter = std::sync::Arc::new(limiter());
        let first = limiter.bulk_slot(ChatId(7)).await;
        let second = tokio::spawn({
            let limiter = limiter.clone();
            async move {
                let at = Instant::now();
                drop(limiter.bulk_slot(ChatId(7)).await);
                at.elapsed()
            }
        });
        tokio::time::sleep(Duration::from_secs(5)).await;
        assert!(
            !second.is_finished(),
            "nothing while the first is on its way"
        );
        drop(first);
        let waited = second.await.unwrap();
        assert!(waited >= Duration::from_secs(6), "{waited:?}");
    }

    #[tokio::test(start_paused = true)]
    async fn a_group_takes_twenty_a_minute() {
        let limiter = limiter();
        let start = Instant::now();
        for _ in 0..20 {
            drop(limiter.bulk_slot(ChatId(-100)).await);
        }
        // Nineteen waits of a second for the per-chat rule.
        assert_eq!(start.elapsed(), Duration::from_secs(19));
        drop(limiter.bulk_slot(ChatId(-100)).await);
        assert_eq!(
            start.elapsed(),
            Duration::from_secs(60),
            "the 21st waits for the first to age out"
        );
        limiter.forget_idle_chats();
        assert_eq!(
            limiter.chats.lock().unwrap().len(),
            1,
            "a group busy this minute is kept"
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
            drop(limiter.bulk_slot(ChatId(n)).await);
            n += 1;
        }
        println!("{n} slots in 5 s = {:.1}/s", n as f64 / 5.0);
    }
}
