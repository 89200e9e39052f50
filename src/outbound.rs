//! The way out: rendered messages and the `Transport` port that carries them to a chat.
//!
//! Telegram and the console each implement `Transport`; the core and the delivery engine
//! only ever see this trait and the outcomes below.

use std::time::Duration;

use futures::future::BoxFuture;

use crate::domain::ChatId;
use crate::domain::notice_text::{cut_to, utf16_len};

/// The longest message Telegram takes, in UTF-16 code units (an emoji counts two).
pub const MAX_MESSAGE_UNITS: usize = 4096;

/// Text that fits one Telegram message, by construction: nothing longer can be made,
/// so nothing longer is ever sent.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MessageText(String);

impl MessageText {
    /// `text`, cut with "…" if it is too long. Texts that may grow are `split` instead;
    /// a cut here means a text grew past what it was built for, so it is logged.
    pub fn fit(text: String) -> MessageText {
        if utf16_len(&text) <= MAX_MESSAGE_UNITS {
            return MessageText(text);
        }
        tracing::warn!(
            units = utf16_len(&text),
            "a message was too long for Telegram and was cut"
        );
        MessageText(cut_to(&text, MAX_MESSAGE_UNITS))
    }

    /// `text` as one message, or several when it is too long for one: split between
    /// paragraphs where it can, else between lines, else anywhere.
    pub fn split(text: &str) -> Vec<MessageText> {
        let mut messages = Vec::new();
        let mut current = String::new();
        for paragraph in text.split("\n\n") {
            for piece in pieces(paragraph) {
                let joiner = if current.is_empty() { "" } else { "\n\n" };
                if utf16_len(&current) + utf16_len(joiner) + utf16_len(&piece) > MAX_MESSAGE_UNITS {
                    messages.push(MessageText(std::mem::take(&mut current)));
                    current = piece;
                } else {
                    current.push_str(joiner);
                    current.push_str(&piece);
                }
            }
        }
        if !current.is_empty() || messages.is_empty() {
            messages.push(MessageText(current));
        }
        messages
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_string(self) -> String {
        self.0
    }
}

/// A paragraph in pieces that each fit a message: whole if it fits, else its lines
/// gathered up to the limit, and a line too long even alone cut into chunks.
fn pieces(paragraph: &str) -> Vec<String> {
    if utf16_len(paragraph) <= MAX_MESSAGE_UNITS {
        return vec![paragraph.to_owned()];
    }
    let mut out: Vec<String> = Vec::new();
    for line in paragraph.split('\n') {
        let mut rest = line;
        while utf16_len(rest) > MAX_MESSAGE_UNITS {
            let mut end = 0;
            let mut used = 0;
            for (i, c) in rest.char_indices() {
                if used + c.len_utf16() > MAX_MESSAGE_UNITS {
                    break;
                }
                used += c.len_utf16();
                end = i + c.len_utf8();
            }
            out.push(rest[..end].to_owned());
            rest = &rest[end..];
        }
        match out.last_mut() {
            Some(last) if utf16_len(last) + 1 + utf16_len(rest) <= MAX_MESSAGE_UNITS => {
                last.push('\n');
                last.push_str(rest);
            }
            _ => out.push(rest.to_owned()),
        }
    }
    out
}

/// A message ready to send: plain text (never parsed as markup) and inline buttons, or
/// a file with the text as its caption.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Content {
    pub text: MessageText,
    /// Rows of buttons.
    pub buttons: Vec<Vec<Button>>,
    /// A file sent with `text` as its caption.
    pub document: Option<Document>,
    /// Arrives without a sound (Telegram's `disable_notification`): a notice in the
    /// chat's quiet hours.
    pub silent: bool,
    /// Arrives as a reply to this earlier message of the chat (the first notice of its
    /// story); sent all the same, as a plain message, when that one is gone.
    pub reply_to: Option<i32>,
}

/// The longest caption Telegram takes under a file, in UTF-16 code units.
pub const MAX_CAPTION_UNITS: usize = 1024;
/// The largest file a bot may send through the Bot API.
pub const MAX_DOCUMENT_BYTES: usize = 50 * 1024 * 1024;

/// A file to send, held in memory.
#[derive(Clone, PartialEq, Eq)]
pub struct Document {
    pub file_name: String,
    pub bytes: std::sync::Arc<[u8]>,
}

impl std::fmt::Debug for Document {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "Document({}, {} bytes)",
            self.file_name,
            self.bytes.len()
        )
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Button {
    pub label: String,
    /// What comes back when it is pressed (see `button_press::ButtonPress`); for a link
    /// button, the address it opens.
    pub data: String,
    /// Whether it opens `data` as a link (Telegram's share link) instead of coming back.
    pub link: bool,
}

impl Button {
    /// A button whose press comes back to the bot with `data`.
    pub fn press(label: String, data: String) -> Button {
        Button {
            label,
            data,
            link: false,
        }
    }

    /// A button that opens `url`.
    pub fn link(label: String, url: String) -> Button {
        Button {
            label,
            data: url,
            link: true,
        }
    }

    /// Telegram's share link: the reader picks a chat, and `invite` goes there with the
    /// bot's deep link that subscribes whoever opens it to `service`.
    pub fn share(
        label: String,
        bot: &str,
        service: &crate::domain::ServiceId,
        invite: &str,
    ) -> Button {
        let mut url = url::Url::parse("https://t.me/share/url").expect("a valid address");
        url.query_pairs_mut()
            .append_pair("url", &format!("https://t.me/{bot}?start=sub_{service}"))
            .append_pair("text", invite);
        Button::link(label, url.to_string())
    }
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
        Content::with_buttons(text, Vec::new())
    }

    pub fn with_buttons(text: String, buttons: Vec<Vec<Button>>) -> Content {
        Content {
            text: MessageText::fit(text),
            buttons,
            document: None,
            silent: false,
            reply_to: None,
        }
    }

    /// A notice: `text`, silent in the chat's quiet hours, in reply to the first notice
    /// of its story when there is one.
    pub fn notice(text: String, silent: bool, reply_to: Option<i32>) -> Content {
        Content {
            silent,
            reply_to,
            ..Content::text(text)
        }
    }

    /// A file with `caption` under it (cut to Telegram's caption limit).
    pub fn document(caption: String, document: Document) -> Content {
        Content {
            text: MessageText(cut_to(&caption, MAX_CAPTION_UNITS)),
            buttons: Vec::new(),
            document: Some(document),
            silent: false,
            reply_to: None,
        }
    }
}

/// How Telegram (or the console) took a message, classified the way Telegram means it
/// (`telegram::transport::classify` is where Telegram's answers are sorted).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SendOutcome {
    Sent {
        message_id: i32,
    },
    /// Flood control: wait this long, then try again.
    RetryAfter(Duration),
    /// The chat blocked the bot, was deleted or deactivated, or never existed: final.
    /// (One name from here to the tally and the metrics: "blocked".)
    Blocked(String),
    /// The group became a supergroup with this id.
    MigratedTo(ChatId),
    /// Anything that may go better later — network trouble, a server error, an answer
    /// that is not the Bot API's, one nobody knows: the chat stays owed.
    Transient(String),
    /// This message itself was refused (its text or its buttons): sending it again will
    /// not help, but the chat is fine.
    Rejected(String),
}

impl SendOutcome {
    /// Whether Telegram answered as the Bot API does (anything but `Transient`): it is
    /// up, whatever it thought of this message.
    pub fn telegram_answered(&self) -> bool {
        !matches!(self, SendOutcome::Transient(_))
    }
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
    /// Whether the other side answers at all (Telegram's `getMe`), asked while sending
    /// is paused because every send fails.
    fn probe(&self) -> BoxFuture<'static, bool> {
        Box::pin(async { true })
    }
    /// The id of the public channel `@username` (Telegram's `getChat`), or how the lookup
    /// failed (classified as a send is). A transport with no channels has none.
    fn channel_id(&self, username: &str) -> BoxFuture<'static, Result<ChatId, SendOutcome>> {
        let refused = SendOutcome::Rejected(format!("{username}: no channels here"));
        Box::pin(async move { Err(refused) })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_reply_is_split_between_paragraphs_and_every_part_fits() {
        let paragraph = vec!["🔴 WhatsApp: down since 12:30 pm"; 40].join("\n");
        let text = [paragraph.as_str(); 10].join("\n\n");
        let parts = MessageText::split(&text);
        assert!(parts.len() > 1);
        for part in &parts {
            assert!(utf16_len(part.as_str()) <= MAX_MESSAGE_UNITS);
            assert!(!part.as_str().starts_with('\n'));
        }
        let rejoined: String = parts
            .iter()
            .map(MessageText::as_str)
            .collect::<Vec<_>>()
            .join("\n\n");
        assert_eq!(
            rejoined.replace('\n', ""),
            text.replace('\n', ""),
            "nothing lost"
        );
    }

    #[test]
    fn one_huge_line_is_cut_into_chunks_that_fit() {
        let line = "বিকাশ🙂".repeat(3000);
        let parts = MessageText::split(&line);
        assert!(
            parts
                .iter()
                .all(|p| utf16_len(p.as_str()) <= MAX_MESSAGE_UNITS)
        );
        let rejoined: String = parts.iter().map(MessageText::as_str).collect();
        assert_eq!(rejoined, line);
    }

    #[test]
    fn fit_cuts_only_what_is_too_long() {
        assert_eq!(MessageText::fit("short".into()).as_str(), "short");
        let long = MessageText::fit("x".repeat(5000));
        assert_eq!(utf16_len(long.as_str()), MAX_MESSAGE_UNITS);
        assert!(long.as_str().ends_with('…'));
    }
}
