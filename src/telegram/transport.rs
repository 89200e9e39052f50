//! Telegram as a `Transport` and as the judge of who administers a group: teloxide
//! requests in, `SendOutcome`s out, each error classified the way Telegram means it.

use futures::future::BoxFuture;
use teloxide::prelude::*;
use teloxide::types::{InlineKeyboardButton, InlineKeyboardMarkup, InputFile, MessageId};
use teloxide::{ApiError, RequestError};

use crate::bot::{ChatMenus, GroupAdmins};
use crate::domain::{self, UserId as DomainUserId};
use crate::outbound::{Button, Content, SendOutcome, Transport};

/// Holds the teloxide `Bot`, whose `Debug` prints the token: never log this struct.
#[derive(Clone)]
pub struct TelegramTransport {
    bot: Bot,
}

impl TelegramTransport {
    pub fn new(bot: Bot) -> TelegramTransport {
        TelegramTransport { bot }
    }
}

fn keyboard(rows: &[Vec<Button>]) -> InlineKeyboardMarkup {
    InlineKeyboardMarkup::new(rows.iter().map(|row| {
        row.iter()
            .map(|b| InlineKeyboardButton::callback(b.label.clone(), b.data.clone()))
            .collect::<Vec<_>>()
    }))
}

/// Sorts a teloxide result into what the delivery engine should do next.
pub fn classify(result: Result<i32, RequestError>) -> SendOutcome {
    let error = match result {
        Ok(message_id) => return SendOutcome::Sent { message_id },
        Err(e) => e,
    };
    match error {
        RequestError::RetryAfter(wait) => SendOutcome::RetryAfter(wait.duration()),
        RequestError::MigrateToChatId(to) => SendOutcome::MigratedTo(domain::ChatId(to.0)),
        RequestError::Api(api) => match api {
            // An edit that changes nothing already shows what we wanted.
            ApiError::MessageNotModified => SendOutcome::Sent { message_id: 0 },
            ApiError::BotBlocked
            | ApiError::ChatNotFound
            | ApiError::UserNotFound
            | ApiError::GroupDeactivated
            | ApiError::BotKicked
            | ApiError::BotKickedFromSupergroup
            | ApiError::BotKickedFromChannel
            | ApiError::UserDeactivated
            | ApiError::CantInitiateConversation
            | ApiError::CantTalkWithBots => SendOutcome::Gone(api.to_string()),
            ApiError::Unknown(text) if text.starts_with("Forbidden") => SendOutcome::Gone(text),
            other => SendOutcome::Rejected(other.to_string()),
        },
        // The URL in a network error carries the token: drop it before it is logged.
        RequestError::Network(e) => {
            SendOutcome::Transient(crate::telemetry::redact(&e.to_string()))
        }
        // A 5xx answer has a body that is not JSON: Telegram is having trouble.
        RequestError::InvalidJson { .. } => {
            SendOutcome::Transient("Telegram answered with a server error".to_owned())
        }
        RequestError::Io(e) => SendOutcome::Transient(e.to_string()),
    }
}

impl Transport for TelegramTransport {
    fn send(&self, chat: domain::ChatId, content: Content) -> BoxFuture<'static, SendOutcome> {
        let bot = self.bot.clone();
        Box::pin(async move {
            if let Some(document) = content.document {
                let file = InputFile::memory(document.bytes.to_vec()).file_name(document.file_name);
                let request = bot
                    .send_document(ChatId(chat.0), file)
                    .caption(content.text.into_string());
                return classify(request.await.map(|m| m.id.0));
            }
            let mut request = bot.send_message(ChatId(chat.0), content.text.into_string());
            if content.silent {
                request = request.disable_notification(true);
            }
            if !content.buttons.is_empty() {
                request = request.reply_markup(keyboard(&content.buttons));
            }
            classify(request.await.map(|m| m.id.0))
        })
    }

    fn edit(
        &self,
        chat: domain::ChatId,
        message_id: i32,
        content: Content,
    ) -> BoxFuture<'static, SendOutcome> {
        let bot = self.bot.clone();
        Box::pin(async move {
            let mut request = bot.edit_message_text(
                ChatId(chat.0),
                MessageId(message_id),
                content.text.into_string(),
            );
            if !content.buttons.is_empty() {
                request = request.reply_markup(keyboard(&content.buttons));
            }
            classify(request.await.map(|m| m.id.0))
        })
    }
}

impl ChatMenus for TelegramTransport {
    fn set_menu(
        &self,
        chat: domain::ChatId,
        commands: Vec<(&'static str, String)>,
    ) -> BoxFuture<'static, anyhow::Result<()>> {
        let bot = self.bot.clone();
        Box::pin(async move {
            let commands = commands
                .into_iter()
                .map(|(name, description)| teloxide::types::BotCommand::new(name, description));
            bot.set_my_commands(commands)
                .scope(teloxide::types::BotCommandScope::Chat {
                    chat_id: teloxide::types::Recipient::Id(ChatId(chat.0)),
                })
                .await
                .map(|_| ())
                .map_err(|e| {
                    anyhow::anyhow!(
                        "setMyCommands failed: {}",
                        crate::telemetry::redact(&e.to_string())
                    )
                })
        })
    }
}

impl GroupAdmins for TelegramTransport {
    fn is_group_admin(
        &self,
        chat: domain::ChatId,
        user: DomainUserId,
    ) -> BoxFuture<'static, anyhow::Result<bool>> {
        let bot = self.bot.clone();
        Box::pin(async move {
            let admins = bot
                .get_chat_administrators(ChatId(chat.0))
                .await
                .map_err(|e| {
                    anyhow::anyhow!(
                        "getChatAdministrators failed: {}",
                        crate::telemetry::redact(&e.to_string())
                    )
                })?;
            Ok(admins
                .iter()
                .any(|member| member.user.id.0 as i64 == user.0))
        })
    }
}
