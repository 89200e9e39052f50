//! Telegram as a `Transport` and as the judge of who administers a group: teloxide
//! requests in, `SendOutcome`s out, each error classified the way Telegram means it.

use futures::future::BoxFuture;
use teloxide::prelude::*;
use teloxide::types::{
    InlineKeyboardButton, InlineKeyboardMarkup, InputFile, MessageId, ReplyParameters,
};
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
            .map(
                |b| match b.link.then(|| url::Url::parse(&b.data).ok()).flatten() {
                    Some(url) => InlineKeyboardButton::url(b.label.clone(), url),
                    None => InlineKeyboardButton::callback(b.label.clone(), b.data.clone()),
                },
            )
            .collect::<Vec<_>>()
    }))
}

/// The one place a failed send is judged: what Telegram answered, sorted into what to do
/// next. Only answers that name the chat as gone or the message as refused are final;
/// everything else — any 5xx, an answer that is not Bot API JSON (an HTML error page),
/// a reset or refused connection, a timeout, a description teloxide does not know — is
/// `Transient`, and the chat stays owed. teloxide drops the `error_code`, so answers it
/// does not know are told apart by Telegram's own description prefixes.
pub fn classify(result: Result<i32, RequestError>) -> SendOutcome {
    let error = match result {
        Ok(message_id) => return SendOutcome::Sent { message_id },
        Err(e) => e,
    };
    match error {
        RequestError::RetryAfter(wait) => SendOutcome::RetryAfter(wait.duration()),
        RequestError::MigrateToChatId(to) => SendOutcome::MigratedTo(domain::ChatId(to.0)),
        RequestError::Api(api) => classify_api(api),
        // The URL in a network error carries the token: drop it before it is logged.
        RequestError::Network(e) => {
            SendOutcome::Transient(crate::telemetry::redact(&e.to_string()))
        }
        // A 5xx page that is not JSON (nginx's HTML 502): Telegram is having trouble.
        RequestError::InvalidJson { .. } => SendOutcome::Transient(
            "Telegram answered with something other than Bot API JSON".to_owned(),
        ),
        RequestError::Io(e) => SendOutcome::Transient(e.to_string()),
    }
}

/// Telegram's descriptions (after "Bad Request: ") that say the chat cannot be written
/// to, beside the ones teloxide knows by name.
const CHAT_GONE: &[&str] = &[
    "PEER_ID_INVALID",
    "group chat was deactivated",
    "have no rights to send a message",
    "not enough rights to send text messages",
    "CHAT_WRITE_FORBIDDEN",
];

/// Descriptions (after "Bad Request: ") that refuse the message itself: its text, its
/// entities or its buttons. Sending it again will not help; the chat is fine.
const MESSAGE_REFUSED: &[&str] = &[
    "can't parse entities",
    "text must be non-empty",
    "message text is empty",
    "message is too long",
    "MESSAGE_TOO_LONG",
    "caption is too long",
    "ENTITIES_TOO_LONG",
    "ENTITY_",
    "BUTTON_",
    "can't parse inline keyboard",
    "can't parse reply keyboard",
    "reply markup is too long",
    "message to be replied not found",
    "message to edit not found",
    "message can't be edited",
];

fn classify_api(api: ApiError) -> SendOutcome {
    match api {
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
        | ApiError::CantTalkWithBots
        | ApiError::NotEnoughRightsToPostMessages => SendOutcome::Blocked(api.to_string()),
        ApiError::MessageTextIsEmpty
        | ApiError::MessageIsTooLong
        | ApiError::EditedMessageIsTooLong
        | ApiError::MessageIdInvalid
        | ApiError::MessageCantBeEdited
        | ApiError::MessageToEditNotFound
        | ApiError::MessageToReplyNotFound
        | ApiError::ButtonUrlInvalid
        | ApiError::ButtonDataInvalid
        | ApiError::TextButtonsAreUnallowed
        | ApiError::CantParseUrl
        | ApiError::WrongHttpUrl
        | ApiError::RequestEntityTooLarge => SendOutcome::Rejected(api.to_string()),
        ApiError::CantParseEntities(text) => SendOutcome::Rejected(text),
        ApiError::Unknown(text) => {
            if text.starts_with("Forbidden") {
                return SendOutcome::Blocked(text);
            }
            let about = text.strip_prefix("Bad Request: ").unwrap_or_default();
            if CHAT_GONE.iter().any(|known| about.contains(known)) {
                SendOutcome::Blocked(text)
            } else if MESSAGE_REFUSED.iter().any(|known| about.contains(known)) {
                SendOutcome::Rejected(text)
            } else {
                // "Bad Gateway", "Internal Server Error", a new description: worth
                // another try, never a reason to give up on a chat.
                SendOutcome::Transient(format!("Telegram answered: {text}"))
            }
        }
        // Every other answer teloxide knows by name is about something the bot does not
        // do when it sends (stickers, polls, webhooks...): nothing says the chat is gone.
        other => SendOutcome::Transient(format!("Telegram answered: {other}")),
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
            if let Some(first) = content.reply_to {
                // The first notice may have been deleted since: then this one arrives
                // on its own rather than not at all.
                request = request.reply_parameters(
                    ReplyParameters::new(MessageId(first)).allow_sending_without_reply(),
                );
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

    fn probe(&self) -> BoxFuture<'static, bool> {
        let bot = self.bot.clone();
        Box::pin(async move { bot.get_me().await.is_ok() })
    }

    fn channel_id(
        &self,
        username: &str,
    ) -> BoxFuture<'static, Result<domain::ChatId, SendOutcome>> {
        let bot = self.bot.clone();
        let username = username.to_owned();
        Box::pin(async move {
            let chat = bot
                .get_chat(teloxide::types::Recipient::ChannelUsername(username))
                .await;
            match chat {
                Ok(chat) => Ok(domain::ChatId(chat.id.0)),
                Err(e) => Err(classify(Err(e))),
            }
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
    fn administrators(
        &self,
        chat: domain::ChatId,
    ) -> BoxFuture<'static, anyhow::Result<Vec<DomainUserId>>> {
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
                .map(|member| DomainUserId(member.user.id.0 as i64))
                .collect())
        })
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;

    fn api(text: &str) -> SendOutcome {
        let parsed: ApiError = serde_json::from_value(serde_json::json!(text)).unwrap();
        classify(Err(RequestError::Api(parsed)))
    }

    #[test]
    fn an_answer_nobody_knows_is_worth_another_try() {
        for text in [
            "Bad Gateway",
            "Internal Server Error",
            "Gateway Timeout",
            "Bad Request: something Telegram says tomorrow",
            "Unauthorized",
        ] {
            assert!(
                matches!(api(text), SendOutcome::Transient(_)),
                "{text}: {:?}",
                api(text)
            );
        }
        let html = serde_json::from_str::<serde_json::Value>("<html>502</html>").unwrap_err();
        let page = RequestError::InvalidJson {
            source: Arc::new(html),
            raw: "<html>502</html>".into(),
        };
        assert!(matches!(classify(Err(page)), SendOutcome::Transient(_)));
    }

    #[test]
    fn only_a_gone_chat_or_a_refused_message_is_final() {
        for text in [
            "Forbidden: bot was blocked by the user",
            "Forbidden: bot is not a member of the channel chat",
            "Bad Request: chat not found",
            "Bad Request: PEER_ID_INVALID",
            "Bad Request: not enough rights to send text messages to the chat",
        ] {
            assert!(matches!(api(text), SendOutcome::Blocked(_)), "{text}");
        }
        for text in [
            "Bad Request: can't parse entities: Unsupported start tag \"b\" at byte offset 3",
            "Bad Request: message is too long",
            "Bad Request: BUTTON_DATA_INVALID",
            "Bad Request: message text is empty",
        ] {
            assert!(matches!(api(text), SendOutcome::Rejected(_)), "{text}");
        }
        assert_eq!(
            api(
                "Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message"
            ),
            SendOutcome::Sent { message_id: 0 }
        );
    }
}
