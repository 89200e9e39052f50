//! Chats and users as the bot knows them: ids, kind, language choice.

use serde::{Deserialize, Serialize};

use super::Lang;

/// A Telegram chat id (positive for private chats, negative for groups and channels).
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Debug, Serialize, Deserialize)]
pub struct ChatId(pub i64);

/// A Telegram user id. Admins are configured by id because usernames can change.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Debug, Serialize, Deserialize)]
pub struct UserId(pub i64);

impl UserId {
    /// The user's private chat with the bot: Telegram gives it the user's own id.
    pub fn private_chat(self) -> ChatId {
        ChatId(self.0)
    }
}

/// What sort of chat a message came from; groups have stricter rules and rate limits.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum ChatKind {
    Private,
    Group,
    Channel,
}

impl ChatKind {
    /// Private chats belong to one person; everything else is shared.
    pub fn is_shared(self) -> bool {
        self != ChatKind::Private
    }
}

/// What the bot remembers about a chat apart from its subscriptions.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct ChatSettings {
    /// The language chosen with `/language`, if any.
    pub chosen_lang: Option<Lang>,
    /// The Telegram `language_code` of the user who first wrote, kept so the chat keeps
    /// its language when others write later.
    pub first_user_lang: Option<String>,
    pub kind: ChatKind,
}

impl ChatSettings {
    pub fn new(kind: ChatKind, first_user_lang: Option<&str>) -> Self {
        ChatSettings {
            chosen_lang: None,
            first_user_lang: first_user_lang.map(str::to_owned),
            kind,
        }
    }

    /// What decides the language the chat is served in.
    pub fn language(&self) -> ChatLanguage {
        ChatLanguage {
            chosen: self.chosen_lang,
            telegram: self.first_user_lang.clone(),
        }
    }
}

/// What decides a chat's language: its `/language` choice, else the Telegram language of
/// whoever wrote first (the deployment then picks what it serves). Kept beside each
/// subscription, so a broadcast knows every reader's language from one read.
#[derive(Clone, PartialEq, Eq, Hash, Debug, Default)]
pub struct ChatLanguage {
    pub chosen: Option<Lang>,
    pub telegram: Option<String>,
}
