//! One broadcast on its way: which chats come next, which sends are out, the cursor that
//! moves only past sends that are done, the checkpoints that save it, and the admin's
//! progress message.
//!
//! The invariants the dispatch loop in `Engine::deliver` relies on live here:
//! - the cursor is the last chat taken off the page, and every chat taken off the page
//!   and not yet done is in `undone` (saved as the broadcast's `pending`), so a restart
//!   sends to exactly those and then goes on after the cursor;
//! - a chat whose own limit is not free yet (a reply just went to it) is set aside and
//!   tried again when it is, while the chats after it go on: one busy chat never holds
//!   the broadcast up; set aside, it still blocks the cursor until it is done;
//! - a chat that chose not to hear this kind of notice is passed over as it is taken
//!   off the page (counted as skipped), and one in its quiet hours is sent it silently;
//! - a chat whose send failed in a way worth another try is set aside with a backoff
//!   and stays owed (undone) until it is reached or `give_up_after` has passed since the
//!   event; when Telegram's gate opens again after a pause, every such chat tries at once;
//! - every change is handed to the store as soon as the save before it is done, so each
//!   send's outcome rides the writer's next group commit.

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::sync::Arc;

use tokio::sync::Notify;
use tokio::task::JoinHandle;
use tokio::time::Instant;

use super::gate::{GateState, jittered};
use super::limiter::SendPermit;
use super::progress::Progress;
use super::{Delivered, Engine, PAGE, backoff, notice_text};
use crate::domain::{
    Audience, Broadcast, ChatId, ChatLanguage, IncidentEvent, Lang, Notice, Preferences, Reach,
    Severity,
};
use crate::i18n::Msg;
use crate::store::StoreError;

/// Chats set aside at most; past this the run waits for the earliest to come free.
const MAX_SET_ASIDE: usize = 512;
/// How soon to look again at a chat that has a send on its way.
const RECHECK: std::time::Duration = std::time::Duration::from_millis(10);

/// How a run ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Ended {
    /// Everyone was handled.
    Finished,
    /// Stopped for shutdown; it resumes at the next start.
    Paused,
    /// A newer event of its service is waiting: the chats not reached hear that one
    /// instead, told the whole story.
    CutShort,
}

/// What `claim_next` found.
pub(super) enum Claim<'e> {
    /// This chat may take a send now: its permit, and what to send it.
    Ready(ChatId, SendPermit<'e>, NoticeFor),
    /// Nothing now; look again then.
    Later(Instant),
    /// Nothing left to claim.
    Nothing,
}

/// A notice as one chat is sent it: the text in its language, silent in its quiet hours,
/// in reply to the chat's first notice of the thread.
#[derive(Clone)]
pub(super) struct NoticeFor {
    pub text: Arc<String>,
    pub silent: bool,
    pub reply_to: Option<i32>,
    /// Whether the story goes on after this notice (it does not end its thread).
    pub goes_on: bool,
    /// Under a "down" notice: the share link to pass it on.
    pub share: Option<Arc<crate::outbound::Button>>,
}

impl NoticeFor {
    /// Whether this one, once sent, is the chat's first of a thread that goes on: its
    /// message id is kept for the notices after it to reply to.
    pub fn starts_thread(&self) -> bool {
        self.reply_to.is_none() && self.goes_on
    }
}

fn earliest(a: Option<Instant>, b: Option<Instant>) -> Option<Instant> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

pub(super) struct BroadcastRun<'e> {
    engine: &'e Engine,
    broadcast: Broadcast,
    /// The notice rendered once per language, as the event alone (for chats that heard
    /// the one before) and as the whole story (for those that did not).
    texts: HashMap<(Lang, bool), Arc<String>>,
    /// The share link under a "down" notice, by language.
    shares: HashMap<Lang, Option<Arc<crate::outbound::Button>>>,
    /// Chats read from the store, not yet dispatched, in chat-id order, each with the
    /// language it reads in and what it wants to hear.
    page: VecDeque<(ChatId, Lang, Preferences)>,
    /// The last chat read, where the next page starts.
    last_read: Option<ChatId>,
    /// The store has no more chats after `last_read`.
    exhausted: bool,
    /// Chats taken off the page and not done yet (claimed, on their way, set aside),
    /// with the language each reads in and what it wants to hear.
    undone: BTreeMap<ChatId, (Lang, Preferences)>,
    /// Chats set aside because their own limit was not free or their send failed, with
    /// when to try again (`None`: as soon as their own limit allows).
    set_aside: VecDeque<(ChatId, Option<Instant>)>,
    /// Failed tries so far of chats still owed, for their backoff.
    tries: HashMap<ChatId, u32>,
    /// The gate's openings when the chats set aside were last scheduled: a new opening
    /// means their failures were Telegram's, and they try again at once.
    reopenings_seen: u64,
    /// Whether the admins have been told that Telegram refused this notice.
    refusal_told: bool,
    /// Chats sent their first notice of the thread since the last save, with its message.
    firsts: Vec<(ChatId, i32)>,
    /// Changes since the broadcast was last handed to the store.
    changed: bool,
    /// The save on its way to the store, if one is.
    saving: Option<JoinHandle<()>>,
    /// Rung when a save is done, so the next change goes to the store at once.
    saved: Arc<Notify>,
    /// The admin's progress message, for broadcasts an admin asked for.
    progress: Option<Progress>,
}

impl<'e> BroadcastRun<'e> {
    pub fn new(engine: &'e Engine, broadcast: Broadcast) -> BroadcastRun<'e> {
        let progress = broadcast
            .report_to
            .map(|report_to| Progress::start(engine.clone(), report_to, &broadcast));
        BroadcastRun {
            engine,
            last_read: broadcast.cursor,
            texts: HashMap::new(),
            shares: HashMap::new(),
            page: VecDeque::new(),
            exhausted: false,
            // Chats a previous run left unhandled: a few, each looked up.
            undone: broadcast
                .pending
                .iter()
                .map(|&chat| (chat, engine.reader(chat)))
                .collect(),
            // What a previous run left unhandled goes first.
            set_aside: broadcast.pending.iter().map(|&c| (c, None)).collect(),
            broadcast,
            tries: HashMap::new(),
            reopenings_seen: engine.gate.state().reopenings,
            refusal_told: false,
            firsts: Vec::new(),
            changed: false,
            saving: None,
            saved: Arc::default(),
            progress,
        }
    }

    /// The bell rung each time a save reaches the store.
    pub fn saved_bell(&self) -> Arc<Notify> {
        self.saved.clone()
    }

    pub fn id(&self) -> u64 {
        self.broadcast.id
    }

    /// Shows the latest tally (and whether Telegram is failing), and hands what changed
    /// to the store unless a save is still on its way.
    pub fn report_and_checkpoint(&mut self, telegram: GateState) {
        if let Some(progress) = &self.progress {
            progress.update(self.broadcast.tally, false, !telegram.is_open());
        }
        if self.changed && self.saving.as_ref().is_none_or(JoinHandle::is_finished) {
            self.save_in_background();
        }
    }

    /// Reads the next page of chats when the current one is used up.
    pub fn refill_page(&mut self) -> Result<(), StoreError> {
        if !self.page.is_empty() || self.exhausted {
            return Ok(());
        }
        self.engine.limiter.forget_idle_chats();
        let chats = self
            .engine
            .store
            .audience_after(&self.broadcast, self.last_read, PAGE)?;
        self.exhausted = chats.len() < PAGE;
        self.last_read = chats.last().map(|(chat, _)| *chat).or(self.last_read);
        let i18n = &self.engine.i18n;
        // Most chats share a handful of language settings: resolve each setting once.
        let mut resolved: HashMap<ChatLanguage, Lang> = HashMap::new();
        self.page.extend(chats.into_iter().map(|(chat, recipient)| {
            let lang = *resolved
                .entry(recipient.language)
                .or_insert_with_key(|language| i18n.lang_of_choice(language));
            (chat, lang, recipient.preferences)
        }));
        Ok(())
    }

    /// Whether the page is used up and the store has more.
    pub fn wants_a_page(&self) -> bool {
        self.page.is_empty() && !self.exhausted
    }

    /// Whether every chat has been sent to (or set aside and sent to since).
    pub fn all_dispatched(&self) -> bool {
        self.page.is_empty() && self.exhausted && self.set_aside.is_empty()
    }

    /// The next chat that may take a send now, with its chat's permit and the notice
    /// in its language; else when to look again. Chats set aside come first once their
    /// time has come; a page chat whose limit is not free is set aside.
    pub fn claim_next(&mut self, telegram: GateState) -> Claim<'e> {
        let limiter = &self.engine.limiter;
        let now = Instant::now();
        if telegram.reopenings != self.reopenings_seen {
            // Telegram is back: what failed while it was away tries again now.
            self.reopenings_seen = telegram.reopenings;
            self.tries.clear();
            for (_, at) in &mut self.set_aside {
                *at = None;
            }
        }
        let mut retry_at: Option<Instant> = None;
        for i in 0..self.set_aside.len() {
            let (chat, at) = self.set_aside[i];
            if at.is_some_and(|t| t > now) {
                retry_at = earliest(retry_at, at);
                continue;
            }
            match limiter.try_chat(chat) {
                Ok(permit) => {
                    self.set_aside.remove(i);
                    return Claim::Ready(chat, permit, self.text_for(chat));
                }
                Err(at) => {
                    self.set_aside[i].1 = at;
                    retry_at = earliest(retry_at, at.or(Some(now + RECHECK)));
                }
            }
        }
        while self.set_aside.len() < MAX_SET_ASIDE {
            let Some((chat, lang, preferences)) = self.page.pop_front() else {
                break;
            };
            self.broadcast.cursor = Some(chat);
            self.changed = true;
            if !self
                .broadcast
                .notice
                .goes_to(&preferences, self.heard_before(chat))
            {
                self.broadcast.tally.skipped += 1;
                continue;
            }
            self.undone.insert(chat, (lang, preferences));
            match limiter.try_chat(chat) {
                Ok(permit) => return Claim::Ready(chat, permit, self.text_for(chat)),
                Err(at) => {
                    self.set_aside.push_back((chat, at));
                    retry_at = earliest(retry_at, at.or(Some(now + RECHECK)));
                }
            }
        }
        match retry_at {
            Some(at) => Claim::Later(at),
            None => Claim::Nothing,
        }
    }

    /// Counts a finished try: its chat is done, or set aside to try again.
    pub fn complete(&mut self, (chat, outcome): (ChatId, Delivered)) {
        let tally = &mut self.broadcast.tally;
        match outcome {
            Delivered::Ok { first } => {
                // Under the chat it went to: a group that became a supergroup mid-send
                // has its first notice there.
                self.firsts.extend(first);
                tally.delivered += 1;
                if tally.delivered == 1 {
                    self.engine
                        .metrics
                        .first_notice_of(self.broadcast.notice.at());
                }
            }
            Delivered::Blocked => tally.blocked += 1,
            Delivered::Refused(reason) => {
                tally.failed += 1;
                self.tell_refusal(&reason);
            }
            Delivered::Retry => {
                let tries = self.tries.entry(chat).or_insert(0);
                *tries += 1;
                let owed_for = self.engine.clock.now() - self.broadcast.notice.at();
                if owed_for < self.engine.give_up_after {
                    let at = Instant::now() + jittered(backoff(*tries));
                    self.set_aside.push_back((chat, Some(at)));
                    return;
                }
                tracing::warn!(
                    chat = chat.0,
                    broadcast = self.broadcast.id,
                    tries = *tries,
                    "giving up on a chat: its sends kept failing past delivery.give_up_after"
                );
                tally.failed += 1;
            }
            // Still owed: the next start sends to it.
            Delivered::Interrupted => return,
        }
        self.changed = true;
        self.tries.remove(&chat);
        self.undone.remove(&chat);
    }

    /// Tells the admins, once per run, that Telegram refused this notice and why; the
    /// broadcast goes on.
    fn tell_refusal(&mut self, reason: &str) {
        if std::mem::replace(&mut self.refusal_told, true) {
            return;
        }
        self.engine.tell_admins(
            &Msg::new("notice-refused")
                .service("service", self.broadcast.notice.service())
                .text("reason", reason.chars().take(200).collect::<String>()),
        );
    }

    /// The broadcast as it stands: its cursor, and what is not done before it.
    fn snapshot(&mut self) -> &Broadcast {
        if let Some(progress) = &self.progress {
            self.broadcast.progress_message = progress.message_id();
        }
        self.broadcast.pending = self.undone.keys().copied().collect();
        &self.broadcast
    }

    /// Ends the run: finished, it shows the summary and leaves the outbox; paused for
    /// shutdown, it saves where it got to. Nothing it started outlives it.
    pub async fn end(mut self, ended: Ended, started: std::time::Instant) {
        self.snapshot();
        let failing = !self.engine.gate.state().is_open();
        if let Some(saving) = self.saving.take() {
            let _ = saving.await;
        }
        let engine = self.engine;
        let mut firsts = std::mem::take(&mut self.firsts);
        let broadcast = &self.broadcast;
        // The first notices sent since the last save are kept before the broadcast
        // leaves the outbox (a pause keeps them with its progress, below).
        if ended != Ended::Paused
            && !firsts.is_empty()
            && let Err(e) = engine
                .store
                .save_broadcast(broadcast, std::mem::take(&mut firsts))
                .await
        {
            tracing::error!(error = %e, broadcast = broadcast.id, "cannot keep the chats' first notices; later ones will not reply to them");
        }
        if ended == Ended::CutShort {
            // Everyone up to the cursor heard it, except those never sent to; with
            // whoever heard the events before it, they heard the story so far.
            let reach = Reach {
                up_to: broadcast.cursor,
                except: self.undone.keys().copied().collect(),
            };
            let reach = match &broadcast.previous_reach {
                Some(earlier) => Some(reach.union(earlier)),
                // The outage's first notice: nothing came before it.
                None if broadcast.notice.begins_story() => Some(reach),
                // The event before it went out to everyone.
                None => None,
            };
            if let Some(progress) = self.progress {
                progress.cut_short(broadcast.tally);
            }
            match engine.store.cut_short(broadcast, reach).await {
                Ok(next) => tracing::info!(
                    broadcast = broadcast.id,
                    next,
                    delivered = broadcast.tally.delivered,
                    "broadcast cut short by a newer event"
                ),
                Err(e) => {
                    tracing::error!(error = %e, broadcast = broadcast.id, "cannot cut a broadcast short")
                }
            }
            return;
        }
        if ended == Ended::Paused {
            if let Some(progress) = self.progress {
                progress.stop().await;
            }
            if let Err(e) = engine.store.save_broadcast(broadcast, firsts).await {
                tracing::error!(error = %e, broadcast = broadcast.id, "cannot save broadcast progress at shutdown");
            }
            tracing::info!(
                broadcast = broadcast.id,
                handled = broadcast.tally.handled(),
                "broadcast paused for shutdown"
            );
            return;
        }
        if let Some(progress) = self.progress {
            progress.finish(broadcast.tally, failing);
        }
        engine.metrics.broadcast_ended(broadcast.notice.at());
        if let Err(e) = engine.store.finish_broadcast(broadcast.id).await {
            tracing::error!(error = %e, broadcast = broadcast.id, "cannot close a finished broadcast");
        }
        tracing::info!(
            broadcast = broadcast.id,
            delivered = broadcast.tally.delivered,
            blocked = broadcast.tally.blocked,
            failed = broadcast.tally.failed,
            seconds = started.elapsed().as_secs_f64(),
            "broadcast finished"
        );
    }

    /// Whether `chat` heard the story so far (everyone did, unless the broadcast before
    /// this one was cut short).
    fn heard_before(&self, chat: ChatId) -> bool {
        self.broadcast
            .previous_reach
            .as_ref()
            .is_none_or(|reach| reach.includes(chat))
    }

    /// The notice as `chat` is sent it, rendered once per language: the event alone for
    /// a chat that heard the one before it, the whole story for one that did not (or
    /// that only hears full outages, and hears of this one only as it becomes one, or
    /// reported it and never subscribed: «… বন্ধ থাকার পর আবার চালু হলো»); silent in the
    /// chat's quiet hours.
    fn text_for(&mut self, chat: ChatId) -> NoticeFor {
        let engine = self.engine;
        let (lang, preferences) = self
            .undone
            .get(&chat)
            .copied()
            .unwrap_or_else(|| engine.reader(chat));
        let notice = &self.broadcast.notice;
        let skipped_the_start = preferences.only_outages
            && matches!(
                notice,
                Notice::Incident(n) if matches!(n.event, IncidentEvent::SeverityChanged(_))
            );
        let reporter = self.broadcast.audience == Audience::Listed;
        let whole_story = !self.heard_before(chat) || skipped_the_start || reporter;
        let text = self
            .texts
            .entry((lang, whole_story))
            .or_insert_with(|| {
                let mut text = notice_text::render_notice(&engine.i18n, lang, notice, whole_story);
                // After the facts, before the admin's words (which may be cut to fit).
                let lines = [
                    still_working(engine, lang, notice),
                    reported_so_far(engine, lang, notice),
                ];
                for line in lines.into_iter().flatten() {
                    let at = text.find("\n\n").unwrap_or(text.len());
                    text.insert_str(at, &format!("\n{line}"));
                }
                Arc::new(text)
            })
            .clone();
        // Most chats keep no quiet hours: only theirs need the clock. The hours are read
        // in the zone of the chat's language (Dhaka for bn-BD, Kolkata for bn-IN, the
        // deployment's for English): the bot knows no chat's own zone.
        let silent = preferences.quiet.is_some_and(|quiet| {
            let now = engine.clock.now().with_timezone(&engine.i18n.zone(lang));
            let minute = chrono::Timelike::hour(&now) * 60 + chrono::Timelike::minute(&now);
            quiet.contains(minute as u16)
        });
        let thread = notice.thread();
        // Nothing comes before a story's first notice: no need to look.
        let reply_to = if notice.begins_story() {
            None
        } else {
            engine
                .store
                .first_notice(thread, chat)
                .unwrap_or_else(|e| {
                    tracing::warn!(error = %e, chat = chat.0, "cannot read the chat's first notice; this one goes on its own");
                    None
                })
        };
        let share = self
            .shares
            .entry(lang)
            .or_insert_with(|| share_button(engine, lang, notice).map(Arc::new))
            .clone();
        NoticeFor {
            text,
            silent,
            reply_to,
            goes_on: !notice.ends_thread(),
            share,
        }
    }

    /// Hands the broadcast as it stands to the store without holding up the sending, one
    /// save at a time: a change made while one is on its way goes with the next, which
    /// starts as soon as that one is done (the bell wakes the loop).
    fn save_in_background(&mut self) {
        self.changed = false;
        let store = self.engine.store.clone();
        let saved = self.saved.clone();
        let broadcast = self.snapshot().clone();
        let firsts = std::mem::take(&mut self.firsts);
        self.saving = Some(tokio::spawn(async move {
            if let Err(e) = store.save_broadcast(&broadcast, firsts).await {
                tracing::error!(error = %e, broadcast = broadcast.id, "cannot save broadcast progress");
            }
            saved.notify_one();
        }));
    }
}

/// Whether `notice` says a service is down: the news people pass on.
fn says_down(notice: &Notice) -> Option<&crate::domain::IncidentNotice> {
    match notice {
        Notice::Incident(n) if n.event == IncidentEvent::Opened(Severity::MajorOutage) => Some(n),
        _ => None,
    }
}

/// Under a "down" notice, Telegram's share link with the bot's deep link, once the bot
/// knows its name.
fn share_button(engine: &Engine, lang: Lang, notice: &Notice) -> Option<crate::outbound::Button> {
    let incident = says_down(notice)?;
    let bot = engine.bot_username.get()?;
    Some(crate::outbound::Button::share(
        engine.i18n.render(lang, &Msg::new("share-button")),
        bot,
        &incident.service,
        &engine.i18n.render(
            lang,
            &Msg::new("share-invite").service("service", &incident.service),
        ),
    ))
}

/// Under a "down" notice, the service's alternatives that still work, as they are when
/// the notice is first written in `lang` («বিকল্প হিসেবে মেসেঞ্জার চালু আছে»); nothing when none does or
/// their state cannot be read (the notice goes out all the same).
fn still_working(engine: &Engine, lang: Lang, notice: &Notice) -> Option<String> {
    let incident = says_down(notice)?;
    let service = engine.i18n.catalog().get(&incident.service)?;
    let working = match engine
        .store
        .working_alternatives(service, engine.clock.now())
    {
        Ok(working) => working,
        Err(e) => {
            tracing::warn!(error = %e, service = %incident.service, "cannot read the alternatives' state for a notice");
            return None;
        }
    };
    if working.is_empty() {
        return None;
    }
    let (names, _) = engine.i18n.service_list(lang, &working);
    Some(
        engine.i18n.render(
            lang,
            &Msg::new("alternatives-working")
                .text("services", names)
                .num("count", working.len()),
        ),
    )
}

/// In an update of an open incident, how many people have reported the outage so far
/// and where most of them are («এ পর্যন্ত প্রায় ৩ হাজার জন জানিয়েছেন, ঢাকা ও চট্টগ্রামে
/// বেশি»), as the news says it; nothing when nobody reported or the counts cannot be read.
fn reported_so_far(engine: &Engine, lang: Lang, notice: &Notice) -> Option<String> {
    let Notice::Incident(incident) = notice else {
        return None;
    };
    if !matches!(incident.event, IncidentEvent::Updated(_)) {
        return None;
    }
    let (places, window) = engine.crowd.as_ref()?;
    let counts = match engine
        .store
        .crowd_counts(&incident.service, incident.started_at - *window)
    {
        Ok(counts) => counts,
        Err(e) => {
            tracing::warn!(error = %e, service = %incident.service, "cannot read the reports for an update");
            return None;
        }
    };
    if counts.total == 0 {
        return None;
    }
    let named: u32 = counts.by_area.values().sum();
    let leading = crate::domain::CrowdCounts::leading(&counts.by_area, 2);
    let mut areas: Vec<String> = leading
        .iter()
        .map(|(id, _)| {
            places
                .name(crate::domain::PlaceKind::Area, id, lang)
                .to_owned()
        })
        .collect();
    // «ঢাকা ও চট্টগ্রামে»: the list takes the ending on its last name.
    if let Some((last, _)) = leading.last()
        && let Some(name) = areas.last_mut()
    {
        *name = places.locative(crate::domain::PlaceKind::Area, last, lang);
    }
    let said_where = named >= 3 && !areas.is_empty();
    // «৩০ জন», «প্রায় ১১ হাজার জন»: exact below ten thousand, as the news rounds above
    // (the exact form counts things, «৩০টি», not people).
    let count = match counts.total {
        n if n < 10_000 => crate::i18n::Arg::Number(i64::from(n)),
        n => crate::i18n::Arg::Count(i64::from(n)),
    };
    // English spells out one to nine ("reported by three people"); `in_words` says
    // which, as a language without them still has `count` to say.
    let words = crate::i18n::Arg::in_words(counts.total, count.clone());
    Some(
        engine.i18n.render(
            lang,
            &Msg::new("crowd-so-far")
                .flag("in_words", matches!(words, crate::i18n::Arg::Msg(_)))
                .arg("count_words", words)
                .arg("count", count)
                .num("n", counts.total)
                .flag("where", said_where)
                .text("areas", engine.i18n.list(lang, &areas)),
        ),
    )
}
