//! The delivery engine: takes broadcasts from the durable outbox and brings each notice
//! to every subscriber once, within Telegram's limits, resuming after a restart.
//!
//! A broadcast walks the service's subscribers in chat-id order with a bounded number of
//! sends in flight. Its cursor (everyone up to here is handled) moves only past sends
//! Telegram accepted or refused for good; each send's outcome rides the store writer's
//! next group commit, so after a hard kill only the sends in flight (and those finished
//! in the few milliseconds before that commit) are sent again. A send that fails in a way
//! worth another try keeps its chat owed, tried again with backoff until
//! `delivery.give_up_after`; when every chat fails, the gate (`gate.rs`) pauses sending
//! until Telegram answers. Broadcasts of one story (a service's incidents, one
//! maintenance window) go one after another, so nobody hears "it's back" before "it's
//! down"; different stories run side by side and share the budget.

mod broadcast;
pub mod gate;
pub mod limiter;
pub mod messenger;
pub mod notice_text;
mod progress;
mod replies;
mod schedule;

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use futures::stream::{FuturesUnordered, StreamExt};
use tokio::sync::Notify;
use tokio_util::sync::CancellationToken;

use crate::domain::{Broadcast, ChatId, Lang, UserId};
use crate::health::Health;
use crate::i18n::{I18n, Msg};
use crate::metrics::{MessageKind, Metrics};
use crate::outbound::{Button, Content, Reply, SendOutcome, Transport};
use crate::store::Store;
use broadcast::{BroadcastRun, Claim, Ended, NoticeFor};
use gate::Gate;
use limiter::{GlobalPermit, Limiter, SendPermit};
use schedule::Schedule;

/// Sends in flight at once per broadcast; enough to fill 1000/s at Telegram's latency.
const IN_FLIGHT: usize = 128;
/// How often a broadcast looks again at chats set aside, when nothing else wakes it.
const LOOK_AGAIN_EVERY: Duration = Duration::from_millis(100);
/// The wait before resuming broadcasts after a restart.
const RESUME_PAUSE: Duration = Duration::from_millis(1100);
/// How often, when idle, per-chat limiter state for quiet chats is dropped.
const FORGET_IDLE_EVERY: Duration = Duration::from_secs(60);
/// Subscribers read from the store at a time.
const PAGE: usize = 512;
/// Backoff after network or server errors: doubles from the first to the cap.
const BACKOFF_FIRST: Duration = Duration::from_millis(500);
const BACKOFF_CAP: Duration = Duration::from_secs(30);

/// The wait before the `tries`-th try again (of a broadcast whose task failed, or of a
/// chat whose send failed).
fn backoff(tries: u32) -> Duration {
    (BACKOFF_FIRST * 2u32.saturating_pow(tries.saturating_sub(1).min(16))).min(BACKOFF_CAP)
}

/// Where the engine reports what it does: heartbeats for `/healthz`, counts for
/// `/metrics`.
#[derive(Clone)]
pub struct Reporting {
    pub health: Arc<Health>,
    pub metrics: Arc<Metrics>,
    /// Counts the answers waiting to be sent.
    pub answers_in_hand: crate::activity::Activity,
}

/// What the engine needs; cheap to clone.
#[derive(Clone)]
pub struct Engine {
    store: Store,
    i18n: I18n,
    /// The app's clock (the one the notices' times are rendered by): when a chat
    /// failed, how long a notice has been owed, a reader's quiet hours.
    clock: Arc<dyn crate::clock::Clock>,
    transport: Arc<dyn Transport>,
    limiter: Arc<Limiter>,
    /// Notified when a broadcast is queued.
    wake: Arc<Notify>,
    /// Where the delivery loop leaves its heartbeat.
    health: Arc<Health>,
    /// The configured admins, whom `tell_admins` (`messenger.rs`) tells.
    admins: Arc<Vec<UserId>>,
    /// Answers waiting to be sent, per chat.
    replies: Arc<replies::ReplyQueues>,
    metrics: Arc<Metrics>,
    /// Closed while Telegram fails for everyone; both lanes wait at it.
    gate: Arc<Gate>,
    /// How long a chat stays owed a notice while sends to it keep failing.
    give_up_after: chrono::Duration,
    /// The bot's Telegram username, once it has connected: "down" notices carry a share
    /// link with its deep link.
    bot_username: Arc<std::sync::OnceLock<String>>,
    /// Where crowd reports come from, and how far back one counts: updates say how many
    /// reported the outage so far, and where most of them are.
    crowd: Option<(Arc<crate::domain::ReportPlaces>, chrono::Duration)>,
}

/// How one try to bring a notice to one chat ended.
#[derive(Debug)]
enum Delivered {
    /// Sent; `first`: the chat it went to and the message, when it is the chat's first
    /// of a thread that goes on.
    Ok { first: Option<(ChatId, i32)> },
    /// The chat blocked the bot or is gone: it was unsubscribed.
    Blocked,
    /// Telegram refused this message itself (the reason): counted as not delivered.
    Refused(String),
    /// Failed in a way worth another try: the chat stays owed.
    Retry,
    /// Stopped by shutdown before an answer: the chat stays owed, and the next start
    /// sends to it.
    Interrupted,
}

impl Engine {
    pub fn new(
        store: Store,
        i18n: I18n,
        transport: Arc<dyn Transport>,
        limiter: Arc<Limiter>,
        wake: Arc<Notify>,
        reporting: Reporting,
        admins: Vec<UserId>,
    ) -> Engine {
        Engine {
            store,
            clock: i18n.clock(),
            i18n,
            transport,
            limiter,
            wake,
            health: reporting.health,
            admins: Arc::new(admins),
            replies: Arc::new(replies::reply_queues(reporting.answers_in_hand)),
            metrics: reporting.metrics,
            gate: Arc::default(),
            give_up_after: chrono::Duration::seconds(crate::config::GIVE_UP_AFTER.as_secs() as i64),
            bot_username: Arc::default(),
            crowd: None,
        }
    }

    /// Updates say how many reported the outage (`places` names where they are; a
    /// report counts toward an incident from `window` before it began).
    pub fn telling_reports(
        mut self,
        places: crate::domain::ReportPlaces,
        window: chrono::Duration,
    ) -> Engine {
        self.crowd = Some((Arc::new(places), window));
        self
    }

    /// The bot's username, as Telegram told it when the bot connected.
    pub fn knows_its_name(&self, username: Option<String>) {
        if let Some(username) = username {
            let _ = self.bot_username.set(username);
        }
    }

    /// How long a chat stays owed a notice while sends to it fail (`delivery.give_up_after`).
    pub fn giving_up_after(mut self, after: Duration) -> Engine {
        self.give_up_after = chrono::Duration::from_std(after).unwrap_or(chrono::Duration::MAX);
        self
    }

    /// Whether Telegram answers, as the gate sees it.
    pub fn gate(&self) -> &Arc<Gate> {
        &self.gate
    }

    /// Telegram could not be reached at all: both lanes wait until the gate's prober
    /// hears from it.
    pub fn telegram_unreachable(&self) {
        self.gate.unreachable(self.clock.now());
    }

    /// Sends `reply` (or edits the message it names) in the fast lane, once.
    async fn send_or_edit(&self, reply: &Reply) -> SendOutcome {
        let _permit = self.limiter.reply_slot(reply.chat).await;
        let content = reply.content.clone();
        let (kind, outcome) = match reply.edit {
            Some(id) => (
                MessageKind::Edit,
                self.transport.edit(reply.chat, id, content).await,
            ),
            None => (
                MessageKind::Reply,
                self.transport.send(reply.chat, content).await,
            ),
        };
        self.metrics.sent(kind, &outcome);
        outcome
    }

    /// Tells every admin `msg`, each in their chat's language, in the fast lane (queued).
    pub fn tell_admins(&self, msg: &Msg) {
        self.messenger().tell_admins(msg);
    }

    /// The fast lane alone, for those who only answer chats and tell the admins.
    pub fn messenger(&self) -> messenger::Messenger {
        messenger::Messenger::new(self.clone())
    }

    /// The language `chat` reads in and what it wants to hear, looked up on its own
    /// (for the few chats a restart resumes with).
    fn reader(&self, chat: ChatId) -> (Lang, crate::domain::Preferences) {
        let recipient = self.store.recipient(chat).unwrap_or_else(|e| {
            tracing::warn!(error = %e, chat = chat.0, "cannot read chat settings; using the defaults");
            crate::domain::Recipient::default()
        });
        (
            self.i18n.lang_of_choice(&recipient.language),
            recipient.preferences,
        )
    }

    /// Renders `msg` in `lang` for one chat and sends it (or edits `edit`) in the fast lane.
    async fn say(&self, chat: ChatId, lang: Lang, msg: &Msg, edit: Option<i32>) -> SendOutcome {
        let reply = Reply {
            chat,
            content: Content::text(self.i18n.render(lang, msg)),
            edit,
        };
        self.send_or_edit(&reply).await
    }

    /// Runs until `shutdown` is cancelled: resumes what the outbox holds, then waits for
    /// more (see `schedule.rs` for which broadcast runs when). An outbox record that
    /// cannot be read is set aside, and the others go on. Telegram's gate is watched
    /// beside it (`gate.rs`).
    pub async fn run(self, shutdown: CancellationToken) {
        let prober = tokio::spawn({
            let engine = self.clone();
            let shutdown = shutdown.clone();
            async move {
                let gate = engine.gate.clone();
                gate.run_prober(
                    engine.transport.as_ref(),
                    || engine.metrics.telegram_paused(),
                    shutdown,
                )
                .await;
            }
        });
        let mut schedule = Schedule::default();
        let mut beat = tokio::time::interval(crate::health::DELIVERY_BEAT_EVERY);
        beat.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        let mut last_forget = tokio::time::Instant::now();
        let mut gate = self.gate.watch();
        // Broadcasts left by a previous run may have just sent messages that Telegram
        // still counts against its one-second windows: let those close first.
        let waiting = self.store.pending_broadcasts().map_or(0, |p| p.len());
        if waiting > 0 {
            self.limiter.pause_bulk(RESUME_PAUSE);
        }
        // The loop has started: `/healthz` says so before its first read of the outbox.
        self.health.delivery_beat(waiting);
        self.health
            .set_quarantined(self.store.set_aside_count() as u64);
        loop {
            let outbox = self.readable_outbox().await;
            schedule.start(&self, &outbox, &shutdown);
            self.health.delivery_beat(outbox.len());
            self.health
                .telegram_failing_since(gate.borrow_and_update().failing_since);
            let next_retry = schedule.next_retry();
            tokio::select! {
                _ = shutdown.cancelled() => break,
                _ = self.wake.notified() => {}
                _ = gate.changed() => {}
                _ = beat.tick() => {
                    if last_forget.elapsed() >= FORGET_IDLE_EVERY {
                        self.limiter.forget_idle_chats();
                        last_forget = tokio::time::Instant::now();
                    }
                }
                () = tokio::time::sleep_until(next_retry.unwrap_or_else(tokio::time::Instant::now)), if next_retry.is_some() => {}
                () = schedule.reap() => {}
            }
        }
        schedule.wind_down().await;
        let _ = prober.await;
    }

    /// The broadcasts in the outbox, oldest first; records that cannot be read are set
    /// aside (and counted for `/healthz`).
    async fn readable_outbox(&self) -> Vec<Broadcast> {
        let outbox = match self.store.read(|store| store.outbox()).await {
            Ok(outbox) => outbox,
            Err(e) => {
                tracing::error!(error = %e, "cannot read the outbox");
                return Vec::new();
            }
        };
        if !outbox.unreadable.is_empty() {
            for (key, reason) in &outbox.unreadable {
                tracing::error!(key = ?key, %reason, "an outbox record cannot be read; setting it aside");
            }
            let keys = outbox.unreadable.into_iter().map(|(k, _)| k).collect();
            match self.store.set_aside(keys).await {
                Ok(count) => self.health.set_quarantined(count as u64),
                Err(e) => tracing::error!(error = %e, "cannot set unreadable outbox records aside"),
            }
        }
        outbox.readable
    }

    /// Delivers one broadcast to the end, or until shutdown (saving where it got to).
    ///
    /// One task does it all: it keeps one send slot being acquired at a time, runs up to
    /// `IN_FLIGHT` sends side by side, and collects finished sends to move the cursor
    /// (`BroadcastRun` keeps that state and its rules). While Telegram fails for everyone
    /// it claims nobody new and waits for the gate. The admin's progress message is
    /// another task's job, so editing it never holds anyone back.
    async fn deliver(
        &self,
        broadcast: Broadcast,
        shutdown: CancellationToken,
        supersede: CancellationToken,
    ) {
        let started = std::time::Instant::now();
        let mut run = BroadcastRun::new(self, broadcast);
        let saved = run.saved_bell();
        let mut sends = FuturesUnordered::new();
        // The chat whose permit is taken, waiting for the global budget.
        let mut slot: Option<(ChatId, SendPermit<'_>, NoticeFor)> = None;
        let mut budget: Option<Pin<Box<dyn Future<Output = GlobalPermit<'_>> + Send + '_>>> = None;
        let mut ticks = tokio::time::interval(LOOK_AGAIN_EVERY);
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        let ended = loop {
            let telegram = self.gate.state();
            run.report_and_checkpoint(telegram);
            if let Err(e) = run.refill_page() {
                tracing::error!(error = %e, broadcast = run.id(), "cannot read the audience; retrying");
                tokio::time::sleep(BACKOFF_FIRST).await;
                continue;
            }
            if shutdown.is_cancelled() || supersede.is_cancelled() {
                // Let sends already on their way finish, so the cursor is exact; those
                // still waiting for a slot stop, and their chats stay owed.
                drop(budget.take());
                drop(slot.take());
                while let Some(done) = sends.next().await {
                    run.complete(done);
                }
                break if shutdown.is_cancelled() {
                    Ended::Paused
                } else {
                    Ended::CutShort
                };
            }
            let mut look_again = None;
            if slot.is_none() && sends.len() < IN_FLIGHT && telegram.is_open() {
                match run.claim_next(telegram) {
                    Claim::Ready(chat, permit, text) => {
                        slot = Some((chat, permit, text));
                        budget = Some(Box::pin(self.limiter.bulk_budget()));
                    }
                    Claim::Later(at) => look_again = Some(at),
                    // A page every chat of which chose not to hear this: read the next
                    // one now rather than at the next tick.
                    Claim::Nothing if run.wants_a_page() => continue,
                    Claim::Nothing => {}
                }
            }
            if slot.is_none() && sends.is_empty() && run.all_dispatched() {
                break Ended::Finished;
            }
            tokio::select! {
                biased;
                Some(done) = sends.next(), if !sends.is_empty() => run.complete(done),
                global = async { budget.as_mut().expect("guarded by the condition").await }, if budget.is_some() => {
                    budget = None;
                    if let Some((chat, permit, text)) = slot.take() {
                        let token = shutdown.clone();
                        let permit = permit.with(global);
                        sends.push(async move { (chat, self.send_one(chat, text, permit, token).await) });
                    }
                }
                () = self.gate.open(), if !telegram.is_open() => {}
                () = tokio::time::sleep_until(look_again.unwrap_or_else(tokio::time::Instant::now)), if look_again.is_some() => {}
                () = saved.notified() => {}
                () = shutdown.cancelled() => {}
                () = supersede.cancelled() => {}
                _ = ticks.tick() => {}
            }
        };
        // A chat claimed but not sent to is not done: the cursor stays before it.
        drop(budget);
        drop(slot);
        run.end(ended, started).await;
    }

    /// Tries to bring the notice to one chat: the first try uses `permit`; a flood wait
    /// or a group's move to a supergroup takes a new slot and tries again. A failure
    /// worth another try is handed back (`Retry`) for the broadcast to schedule, so a
    /// chat waiting out its backoff holds no send slot.
    async fn send_one(
        &self,
        mut chat: ChatId,
        mut notice: NoticeFor,
        permit: SendPermit<'_>,
        shutdown: CancellationToken,
    ) -> Delivered {
        let mut permit = Some(permit);
        loop {
            let held = match permit.take() {
                Some(permit) => permit,
                None => tokio::select! {
                    permit = self.limiter.bulk_slot(chat) => permit,
                    () = shutdown.cancelled() => return Delivered::Interrupted,
                },
            };
            let outcome = self
                .transport
                .send(chat, {
                    let mut content =
                        Content::notice(notice.text.to_string(), notice.silent, notice.reply_to);
                    if let Some(share) = &notice.share {
                        content.buttons = vec![vec![Button::clone(share)]];
                    }
                    content
                })
                .await;
            drop(held);
            self.metrics.sent(MessageKind::Notice, &outcome);
            if outcome.telegram_answered() {
                self.gate.answered();
            }
            match outcome {
                SendOutcome::Sent { message_id } => {
                    return Delivered::Ok {
                        first: notice.starts_thread().then_some((chat, message_id)),
                    };
                }
                SendOutcome::Blocked(reason) => {
                    tracing::info!(chat = chat.0, %reason, "chat unreachable; unsubscribing it");
                    if let Err(e) = self.store.forget_chat(chat).await {
                        tracing::error!(error = %e, chat = chat.0, "cannot unsubscribe an unreachable chat");
                    }
                    return Delivered::Blocked;
                }
                SendOutcome::MigratedTo(new_chat) => {
                    tracing::info!(
                        from = chat.0,
                        to = new_chat.0,
                        "group became a supergroup; following it"
                    );
                    if let Err(e) = self.store.migrate_chat(chat, new_chat).await {
                        tracing::error!(error = %e, "cannot move a migrated chat");
                    }
                    chat = new_chat;
                    // The old group's message ids mean nothing in the supergroup: this
                    // notice starts the thread there.
                    notice.reply_to = None;
                }
                SendOutcome::RetryAfter(wait) => {
                    tracing::warn!(
                        chat = chat.0,
                        seconds = wait.as_secs(),
                        "Telegram asked to slow down"
                    );
                    self.limiter.pause_bulk(wait);
                }
                SendOutcome::Transient(reason) => {
                    // While Telegram fails for everyone the gate says so once; one
                    // line per chat would only repeat it.
                    if self.gate.state().is_open() {
                        tracing::warn!(chat = chat.0, %reason, "send failed; the chat stays owed and is tried again");
                    }
                    self.gate.failed(chat, self.clock.now());
                    return Delivered::Retry;
                }
                SendOutcome::Rejected(reason) => {
                    tracing::warn!(chat = chat.0, %reason, "Telegram refused this notice");
                    return Delivered::Refused(reason);
                }
            }
        }
    }
}
