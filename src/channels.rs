//! Purpose: Telegram channels (`[[channels]]`). Each incident of a channel's services is
//! posted there once, in the channel's language, and that one post is edited as the
//! incident moves on — a channel reaches all of its readers with one message, at no
//! per-subscriber cost. When the incident ends, the post is edited a last time and a
//! short new post says it is over, as a reply to it, so readers are notified.
//!
//! A task of its own that wakes whenever an incident changes (the store's signal), so a
//! slow channel never holds subscribers back. What it posted is kept in the store
//! (`channel_posts`), so a restart edits the same post. A channel the bot cannot post in
//! (not an administrator, no such channel) is reported to the admins once and left
//! alone until the next start; a Telegram that fails is tried again, with a growing pause.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use tokio::time::Instant;
use tokio_util::sync::CancellationToken;

use crate::config::{ChannelChat, ChannelConfig, Config};
use crate::delivery::messenger::Messenger;
use crate::delivery::notice_text;
use crate::domain::{ChatId, Incident, IncidentNotice, Lang};
use crate::i18n::{I18n, Msg};
use crate::outbound::{Content, SendOutcome};
use crate::store::{ChannelPost, Store};

/// The first pause after Telegram failed, doubled each time up to `RETRY_CAP`.
const RETRY_FIRST: Duration = Duration::from_secs(1);
const RETRY_CAP: Duration = Duration::from_secs(60);

/// What the task needs; built once in `app.rs`.
pub struct Channels {
    pub config: Arc<Config>,
    pub store: Store,
    pub i18n: I18n,
    pub messenger: Messenger,
    /// How far every channel is up to date, in the store's count of shown changes.
    pub caught_up: CaughtUp,
}

/// The store's count of shown changes (`Store::shown_changes`) as of which every channel
/// was last brought up to date with nothing left to try again: a test waits for it to
/// reach the store's count instead of sleeping. Nothing in the bot waits on it.
#[derive(Clone, Debug, Default)]
pub struct CaughtUp(Arc<std::sync::atomic::AtomicU64>);

impl CaughtUp {
    fn at(&self, changes: u64) {
        self.0
            .fetch_max(changes, std::sync::atomic::Ordering::SeqCst);
    }

    /// Whether every channel has been brought up to date as of `changes`.
    pub fn as_of(&self, changes: u64) -> bool {
        self.0.load(std::sync::atomic::Ordering::SeqCst) >= changes
    }
}

/// How a channel stands in this run.
enum Standing {
    /// Its id is still to be looked up (a `@username`).
    Unresolved,
    Ready(ChatId),
    /// Telegram refused it for good: the admins were told; left alone until restart.
    Refused,
}

/// One channel's place in the run: how it stands, and when it may be tried again after
/// Telegram failed or asked it to wait.
struct ChannelState {
    standing: Standing,
    not_before: Option<Instant>,
    /// The next pause after a failure with no wait of Telegram's own.
    pause: Duration,
}

/// How one pass over a channel ended.
enum Pass {
    Done,
    /// Telegram failed in a way worth another try: after the wait it asked for, if any.
    Retry(Option<Duration>),
    /// Telegram refused the channel itself.
    Refused(String),
}

/// However quiet things are, each channel is looked at this often: a change the signal
/// did not carry (none should be missed) shows by then.
const LOOK_AT_LEAST_EVERY: Duration = Duration::from_secs(300);

impl Channels {
    /// Runs until `shutdown`: a pass over every channel at start and after every change
    /// to an incident; a channel Telegram asked to wait, or that failed, waits its turn
    /// (a change does not hurry it).
    pub async fn run(self, shutdown: CancellationToken) {
        let channels = self.config.channels.clone();
        let mut states: Vec<ChannelState> = channels
            .iter()
            .map(|c| ChannelState {
                standing: match c.chat {
                    ChannelChat::Id(id) => Standing::Ready(id),
                    ChannelChat::Username(_) => Standing::Unresolved,
                },
                not_before: None,
                pause: RETRY_FIRST,
            })
            .collect();
        let signal = self.store.shown_change_signal();
        loop {
            // Asked for before the pass, so a change during it wakes the next one.
            let changed = signal.notified();
            tokio::pin!(changed);
            changed.as_mut().enable();
            let changes = self.store.shown_changes();
            for (channel, state) in channels.iter().zip(states.iter_mut()) {
                if state.not_before.is_some_and(|t| t > Instant::now()) {
                    continue;
                }
                match self.pass(channel, &mut state.standing).await {
                    None => {
                        state.not_before = None;
                        state.pause = RETRY_FIRST;
                    }
                    Some(asked) => {
                        let wait = asked.unwrap_or(state.pause);
                        state.pause = (state.pause * 2).min(RETRY_CAP);
                        state.not_before = Some(Instant::now() + wait);
                    }
                }
            }
            if states.iter().all(|s| s.not_before.is_none()) {
                self.caught_up.at(changes);
            }
            let next = states
                .iter()
                .filter_map(|s| s.not_before)
                .min()
                .unwrap_or_else(|| Instant::now() + LOOK_AT_LEAST_EVERY);
            tokio::select! {
                () = shutdown.cancelled() => return,
                () = &mut changed => {}
                () = tokio::time::sleep_until(next) => {}
            }
        }
    }

    /// One channel brought up to date; `Some` (with Telegram's wait, if it gave one)
    /// when it needs another try.
    async fn pass(
        &self,
        channel: &ChannelConfig,
        standing: &mut Standing,
    ) -> Option<Option<Duration>> {
        let chat = match standing {
            Standing::Refused => return None,
            Standing::Ready(chat) => *chat,
            Standing::Unresolved => {
                let ChannelChat::Username(name) = &channel.chat else {
                    return None;
                };
                match self.messenger.channel_id(name).await {
                    Ok(chat) => {
                        *standing = Standing::Ready(chat);
                        chat
                    }
                    Err(SendOutcome::RetryAfter(wait)) => return Some(Some(wait)),
                    Err(SendOutcome::Transient(_)) => return Some(None),
                    Err(refused) => {
                        self.refused(channel, &reason(&refused));
                        *standing = Standing::Refused;
                        return None;
                    }
                }
            }
        };
        match self.bring_up_to_date(channel, chat).await {
            Ok(Pass::Done) => None,
            Ok(Pass::Retry(wait)) => Some(wait),
            Ok(Pass::Refused(reason)) => {
                self.refused(channel, &reason);
                *standing = Standing::Refused;
                None
            }
            Err(e) => {
                tracing::error!(error = %e, channel = %channel.chat, "cannot read or keep a channel's posts; trying again");
                Some(None)
            }
        }
    }

    /// Tells the admins a channel refused the bot.
    fn refused(&self, channel: &ChannelConfig, reason: &str) {
        tracing::warn!(channel = %channel.chat, %reason, "a channel refused the bot's posts; left alone until the next start");
        self.messenger.tell_admins(
            &Msg::new("channel-refused")
                .text("channel", channel.chat.to_string())
                .text("reason", reason.to_owned()),
        );
    }

    /// Posts what is new, edits what moved on, and ends what is over, in `chat`. Every
    /// incident after the channel's mark is looked at once, open or not: one that began
    /// and ended between two passes still gets its post (the whole story at once).
    async fn bring_up_to_date(
        &self,
        channel: &ChannelConfig,
        chat: ChatId,
    ) -> anyhow::Result<Pass> {
        let lang = self
            .i18n
            .serve(channel.language)
            .unwrap_or_else(|| self.i18n.default_lang());
        let mark = match self.store.channel_mark(chat)? {
            Some(mark) => mark,
            // A channel new to this store: what happened before it came is not posted
            // (what is still open is, below).
            None => {
                let last = self.store.last_incident_id()?;
                self.store.set_channel_mark(chat, last).await?;
                last
            }
        };
        let mut told: BTreeMap<u64, ChannelPost> =
            self.store.channel_posts(chat)?.into_iter().collect();
        let mut incidents: BTreeMap<u64, Incident> = BTreeMap::new();
        for service in self.store.services_with_open_incidents()? {
            if let Some(incident) = self.store.open_incident(&service)? {
                incidents.insert(incident.id, incident);
            }
        }
        for incident in self.store.incidents_after(mark)? {
            incidents.insert(incident.id, incident);
        }
        for id in told.keys() {
            if !incidents.contains_key(id) {
                match self.store.incident(*id)? {
                    Some(incident) => drop(incidents.insert(*id, incident)),
                    // Folded away by retention: nothing left to tell.
                    None => self.store.save_channel_post(chat, *id, None).await?,
                }
            }
        }
        for (id, incident) in &incidents {
            let post = told.remove(id);
            let pass = if channel.covers(&incident.service) {
                self.tell(chat, lang, incident, post, *id > mark).await?
            } else {
                Pass::Done
            };
            if !matches!(pass, Pass::Done) {
                return Ok(pass);
            }
            if *id > mark {
                self.store.set_channel_mark(chat, *id).await?;
            }
        }
        Ok(Pass::Done)
    }

    /// Brings one incident's post up to date.
    async fn tell(
        &self,
        chat: ChatId,
        lang: Lang,
        incident: &Incident,
        post: Option<ChannelPost>,
        unseen: bool,
    ) -> anyhow::Result<Pass> {
        let entries = incident.timeline.len() as u32 + incident.folded;
        let notice = IncidentNotice::latest_of(incident);
        let story = || Content::text(notice_text::render(&self.i18n, lang, &notice));
        let post = match post {
            // Over before this channel heard of it, from before its mark: nothing to tell.
            None if !incident.is_open() && !unseen => return Ok(Pass::Done),
            // Began and ended between two passes: the whole story in one post, its end.
            None if !incident.is_open() => {
                return Ok(
                    match settled(self.messenger.post(chat, story(), None).await) {
                        Ok(_) => Pass::Done,
                        Err(pass) => pass,
                    },
                );
            }
            None => {
                let outcome = self.messenger.post(chat, story(), None).await;
                let message_id = match settled(outcome) {
                    Ok(Some(id)) => id,
                    Ok(None) => return Ok(Pass::Done),
                    Err(pass) => return Ok(pass),
                };
                let post = ChannelPost {
                    message_id,
                    told: entries,
                };
                self.store
                    .save_channel_post(chat, incident.id, Some(post))
                    .await?;
                post
            }
            Some(post) if post.told < entries => {
                let outcome = self
                    .messenger
                    .post(chat, story(), Some(post.message_id))
                    .await;
                let post = match outcome {
                    SendOutcome::Sent { .. } => ChannelPost {
                        told: entries,
                        ..post
                    },
                    // The post was deleted: the story is posted anew.
                    SendOutcome::Rejected(_) => {
                        match settled(self.messenger.post(chat, story(), None).await) {
                            Ok(Some(id)) => ChannelPost {
                                message_id: id,
                                told: entries,
                            },
                            Ok(None) => return Ok(Pass::Done),
                            Err(pass) => return Ok(pass),
                        }
                    }
                    other => match settled(other) {
                        Err(pass) => return Ok(pass),
                        Ok(_) => post,
                    },
                };
                self.store
                    .save_channel_post(chat, incident.id, Some(post))
                    .await?;
                post
            }
            Some(post) => post,
        };
        if incident.is_open() {
            return Ok(Pass::Done);
        }
        // Over: a short new post, in reply to the story, so readers hear it.
        let (headline, _) = notice_text::lines(&notice);
        let ending = Content::notice(
            self.i18n.render(lang, &headline),
            false,
            Some(post.message_id),
        );
        match settled(self.messenger.post(chat, ending, None).await) {
            Ok(_) => {
                self.store
                    .save_channel_post(chat, incident.id, None)
                    .await?;
                Ok(Pass::Done)
            }
            Err(pass) => Ok(pass),
        }
    }
}

/// What Telegram said, for the admins.
fn reason(outcome: &SendOutcome) -> String {
    match outcome {
        SendOutcome::Blocked(why) | SendOutcome::Rejected(why) | SendOutcome::Transient(why) => {
            why.clone()
        }
        other => format!("{other:?}"),
    }
}

/// A send's outcome as the channel sees it: sent (with its id), refused as a message
/// (`None`: posting it again would not help), or a pass that must stop.
fn settled(outcome: SendOutcome) -> Result<Option<i32>, Pass> {
    match outcome {
        SendOutcome::Sent { message_id } => Ok(Some(message_id)),
        SendOutcome::Rejected(reason) => {
            tracing::warn!(%reason, "Telegram refused a channel post; it is not posted again");
            Ok(None)
        }
        SendOutcome::RetryAfter(wait) => Err(Pass::Retry(Some(wait))),
        SendOutcome::Transient(_) => Err(Pass::Retry(None)),
        SendOutcome::Blocked(reason) => Err(Pass::Refused(reason)),
        SendOutcome::MigratedTo(to) => Err(Pass::Refused(format!(
            "the chat moved to {}; give that id in [[channels]]",
            to.0
        ))),
    }
}
