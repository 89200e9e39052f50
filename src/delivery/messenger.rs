//! "Tell the admins", and "post in this channel": what the backup task, the maintenance
//! timer, the probes, the webhooks and the channel task need of delivery, and nothing
//! more. It sends through the engine's fast lane (its limits, its pause while Telegram
//! fails), so those callers do not hold the broadcast engine itself.

use crate::domain::{ChatId, Lang, UserId};
use crate::i18n::{I18n, Msg};
use crate::outbound::{Content, Reply, SendOutcome};
use crate::store::Store;

use super::Engine;

/// A handle to the fast lane; cheap to clone.
#[derive(Clone)]
pub struct Messenger {
    engine: Engine,
}

impl Messenger {
    pub(super) fn new(engine: Engine) -> Messenger {
        Messenger { engine }
    }

    /// Queues `replies`, each in order within its chat; returns at once.
    fn reply(&self, replies: Vec<Reply>) {
        self.engine.reply(replies);
    }

    /// Sends `content` to `chat` (or edits its message `edit`) once Telegram answers, within
    /// its limits, and says how it went: the channel task keeps the post's id.
    pub async fn post(&self, chat: ChatId, content: Content, edit: Option<i32>) -> SendOutcome {
        self.engine.gate.open().await;
        let outcome = self
            .engine
            .send_or_edit(&Reply {
                chat,
                content,
                edit,
            })
            .await;
        if outcome.telegram_answered() {
            self.engine.gate.answered();
        }
        outcome
    }

    /// The id of the public channel `@username`.
    pub async fn channel_id(&self, username: &str) -> Result<ChatId, SendOutcome> {
        self.engine.gate.open().await;
        self.engine.transport.channel_id(username).await
    }

    /// Sends `replies` (made for each admin, say), each in order within its chat.
    pub fn send(&self, replies: Vec<Reply>) {
        self.reply(replies);
    }

    /// Tells every admin `msg`, each in their chat's language.
    pub fn tell_admins(&self, msg: &Msg) {
        self.to_admins(|lang| Content::text(self.engine.i18n.render(lang, msg)));
    }

    /// Sends every admin what `content` makes in their language (a message with
    /// buttons, say).
    fn to_admins(&self, content: impl Fn(Lang) -> Content) {
        let replies = admin_chats(
            self.engine.admins.iter(),
            &self.engine.store,
            &self.engine.i18n,
        )
        .into_iter()
        .map(|(chat, lang)| Reply {
            chat,
            content: content(lang),
            edit: None,
        })
        .collect();
        self.reply(replies);
    }
}

/// Each admin's private chat, and the language it reads.
pub fn admin_chats<'a>(
    admins: impl IntoIterator<Item = &'a UserId>,
    store: &Store,
    i18n: &I18n,
) -> Vec<(ChatId, Lang)> {
    admins
        .into_iter()
        .map(|admin| {
            let chat = admin.private_chat();
            (chat, i18n.lang_for(store.chat_for_language(chat).as_ref()))
        })
        .collect()
}
