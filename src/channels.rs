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
}

/// How a channel stands in this run.
enum Standing {
    /// Its id is still to be looked up (a `@username`).
    Unresolved,
    Ready(ChatId),
    /// Telegram refused it for good: the admins were told; left alone until restart.
    Refused,
}

/// How one pass over a channel ended.
enum Pass {
    Done,
    /// Telegram failed in a way worth another try.
    Retry,
    /// Telegram refused the channel itself.
    Refused(String),
}

impl Channels {
    /// Runs until `shutdown`: a pass over every channel at start and after every change
    /// to an incident, and again after a pause while Telegram fails.
    pub async fn run(self, shutdown: CancellationToken) {
        let channels = self.config.channels.clone();
        let mut standing: Vec<Standing> = channels
            .iter()
            .map(|c| match c.chat {
                ChannelChat::Id(id) => Standing::Ready(id),
                ChannelChat::Username(_) => Standing::Unresolved,
            })
            .collect();
        let signal = self.store.shown_change_signal();
        let mut pause = RETRY_FIRST;
        loop {
            // Asked for before the pass, so a change during it wakes the next one.
            let changed = signal.notified();
            tokio::pin!(changed);
            changed.as_mut().enable();
            let mut retry = false;
            for (channel, standing) in channels.iter().zip(standing.iter_mut()) {
                retry |= self.pass(channel, standing).await;
            }
            let wait = if retry {
                let wait = pause;
                pause = (pause * 2).min(RETRY_CAP);
                wait
            } else {
                pause = RETRY_FIRST;
                Duration::MAX
            };
            tokio::select! {
                () = shutdown.cancelled() => return,
                () = &mut changed => {}
                () = tokio::time::sleep(wait.min(Duration::from_secs(86_400))) => {}
            }
        }
    }

    /// One channel brought up to date; whether it needs another try soon.
    async fn pass(&self, channel: &ChannelConfig, standing: &mut Standing) -> bool {
        let chat = match standing {
            Standing::Refused => return false,
            Standing::Ready(chat) => *chat,
            Standing::Unresolved => {
                let ChannelChat::Username(name) = &channel.chat else {
                    return false;
                };
                match self.messenger.channel_id(name).await {
                    Ok(chat) => {
                        *standing = Standing::Ready(chat);
                        chat
                    }
                    Err(SendOutcome::RetryAfter(_) | SendOutcome::Transient(_)) => return true,
                    Err(refused) => {
                        self.refused(channel, &reason(&refused));
                        *standing = Standing::Refused;
                        return false;
                    }
                }
            }
        };
        match self.bring_up_to_date(channel, chat).await {
            Ok(Pass::Done) => false,
            Ok(Pass::Retry) => true,
            Ok(Pass::Refused(reason)) => {
                self.refused(channel, &reason);
                *standing = Standing::Refused;
                false
            }
            Err(e) => {
                tracing::error!(error = %e, channel = %channel.chat, "cannot read or keep a channel's posts; trying again");
                true
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

    /// Posts what is new, edits what moved on, and ends what is over, in `chat`.
    async fn bring_up_to_date(
        &self,
        channel: &ChannelConfig,
        chat: ChatId,
    ) -> anyhow::Result<Pass> {
        let lang = self
            .i18n
            .serve(channel.language)
            .unwrap_or_else(|| self.i18n.default_lang());
        let mut told: BTreeMap<u64, ChannelPost> =
            self.store.channel_posts(chat)?.into_iter().collect();
        let mut incidents: Vec<Incident> = Vec::new();
        for service in self.store.services_with_open_incidents()? {
            if channel.covers(&service)
                && let Some(incident) = self.store.open_incident(&service)?
            {
                incidents.push(incident);
            }
        }
        for id in told.keys() {
            if !incidents.iter().any(|i| i.id == *id) {
                match self.store.incident(*id)? {
                    Some(incident) => incidents.push(incident),
                    // Folded away by retention: nothing left to tell.
                    None => self.store.save_channel_post(chat, *id, None).await?,
                }
            }
        }
        incidents.sort_by_key(|i| i.id);
        for incident in &incidents {
            let pass = self
                .tell(chat, lang, incident, told.remove(&incident.id))
                .await?;
            if !matches!(pass, Pass::Done) {
                return Ok(pass);
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
    ) -> anyhow::Result<Pass> {
        let entries = incident.timeline.len() as u32 + incident.folded;
        let notice = IncidentNotice::latest_of(incident);
        let story = || Content::text(notice_text::render(&self.i18n, lang, &notice));
        let post = match post {
            // Over before this channel heard of it (or before the bot was back): nothing
            // to correct.
            None if !incident.is_open() => return Ok(Pass::Done),
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
        SendOutcome::Gone(why) | SendOutcome::Rejected(why) | SendOutcome::Transient(why) => {
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
        SendOutcome::RetryAfter(_) | SendOutcome::Transient(_) => Err(Pass::Retry),
        SendOutcome::Gone(reason) => Err(Pass::Refused(reason)),
        SendOutcome::MigratedTo(to) => Err(Pass::Refused(format!(
            "the chat moved to {}; give that id in [[channels]]",
            to.0
        ))),
    }
}
