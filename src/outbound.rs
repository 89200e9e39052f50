//! The way out: rendered messages and the `Transport` port that carries them to a chat.
//!
//! Telegram and the console each implement `Transport`; the core and the delivery engine
//! only ever see this trait and the outcomes below.

use std::time::Duration;

use futures::future::BoxFuture;

use crate::domain::ChatId;

/// A message ready to send: plain text (never parsed as markup) and inline buttons.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Content {
    pub text: String,
    /// Rows of buttons.
    pub buttons: Vec<Vec<Button>>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Button {
    pub label: String,
    /// What comes back when it is pressed (see `bot::command::ButtonPress`).
    pub data: String,
}

/// A message to send (or an earlier one to edit) in answer to someone.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reply {
    pub chat: ChatId,
    pub content: Content,
    /// Replace this earlier bot message instead of sending a new one.
    pub edit: Option<i32>,
}

impl Content {
    pub fn text(text: String) -> Content {
        Content {
            text,
            buttons: Vec::new(),
        }
    }
}

/// How Telegram (or the console) took a message, classified the way Telegram means it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SendOutcome {
    Sent {
        message_id: i32,
    },
    /// Flood control: wait this long, then try again.
    RetryAfter(Duration),
    /// The chat blocked the bot, was deleted or deactivated, or never existed.
    Gone(String),
    /// The group became a supergroup with this id.
    MigratedTo(ChatId),
    /// Network trouble or a server error: try again later.
    Transient(String),
    /// Refused for a reason retrying will not fix.
    Rejected(String),
}

/// Carries messages to chats.
pub trait Transport: Send + Sync + 'static {
    fn send(&self, chat: ChatId, content: Content) -> BoxFuture<'static, SendOutcome>;
    fn edit(
        &self,
        chat: ChatId,
        message_id: i32,
        content: Content,
    ) -> BoxFuture<'static, SendOutcome>;
}
