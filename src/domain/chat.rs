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
    /// How it wants to hear notices.
    pub preferences: Preferences,
}

/// Longest Telegram `language_code` kept, in bytes: they are a few letters, and more is
/// noise (cut at a character, so the stored code is exactly the one kept here).
pub const MOST_LANGUAGE_CODE_BYTES: usize = 32;

impl ChatSettings {
    pub fn new(kind: ChatKind, first_user_lang: Option<&str>) -> Self {
        ChatSettings {
            chosen_lang: None,
            first_user_lang: first_user_lang
                .map(|code| {
                    let mut end = code.len().min(MOST_LANGUAGE_CODE_BYTES);
                    while !code.is_char_boundary(end) {
                        end -= 1;
                    }
                    code[..end].to_owned()
                })
                .filter(|code| !code.is_empty()),
            kind,
            preferences: Preferences::default(),
        }
    }

    /// What decides the language the chat is served in.
    pub fn language(&self) -> ChatLanguage {
        ChatLanguage {
            chosen: self.chosen_lang,
            telegram: self.first_user_lang.clone(),
        }
    }

    /// What a broadcast needs to know about the chat.
    pub fn recipient(&self) -> Recipient {
        Recipient {
            language: self.language(),
            preferences: self.preferences,
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

/// How a chat wants to hear notices (`/settings`): quietly at night, only about full
/// outages, with or without planned maintenance.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub struct Preferences {
    /// Notices in these hours of the chat's own clock arrive without a sound.
    pub quiet: Option<QuietHours>,
    /// Only full outages: no "having problems", no news in between; "back" always comes.
    pub only_outages: bool,
    /// Planned maintenance is announced (on unless turned off).
    pub maintenance: bool,
}

impl Default for Preferences {
    fn default() -> Self {
        Preferences {
            quiet: None,
            only_outages: false,
            maintenance: true,
        }
    }
}

/// Quiet hours as minutes of the day, `from` inclusive to `to` exclusive, across
/// midnight when `to` comes first (22:00–07:00).
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub struct QuietHours {
    pub from: u16,
    pub to: u16,
}

/// Minutes in a day.
const DAY_MINUTES: u16 = 24 * 60;

impl QuietHours {
    /// `from`–`to` in minutes of the day; `None` when either is not a time of day or
    /// both are the same (a span of nothing, or of everything, is not quiet hours).
    pub fn new(from: u16, to: u16) -> Option<QuietHours> {
        (from < DAY_MINUTES && to < DAY_MINUTES && from != to).then_some(QuietHours { from, to })
    }

    /// `22:00-07:00`, `22-7`, `২২:০০-০৭:০০` (any dash; digits of any script the bot reads).
    pub fn parse(text: &str) -> Option<QuietHours> {
        let text = super::digits::ascii_digits(text);
        let (from, to) = text.split_once(['-', '–', '—'])?;
        QuietHours::new(minute_of_day(from.trim())?, minute_of_day(to.trim())?)
    }

    /// Whether `minute` of the day falls in the quiet hours.
    pub fn contains(&self, minute: u16) -> bool {
        if self.from < self.to {
            (self.from..self.to).contains(&minute)
        } else {
            minute >= self.from || minute < self.to
        }
    }
}

/// `7`, `07`, `7:30`, `07:30` as minutes of the day.
pub fn minute_of_day(text: &str) -> Option<u16> {
    let (hour, minute) = match text.split_once(':') {
        Some((h, m)) if m.len() == 2 => (h, m),
        Some(_) => return None,
        None => (text, "0"),
    };
    if hour.is_empty() || hour.len() > 2 {
        return None;
    }
    let (hour, minute): (u16, u16) = (hour.parse().ok()?, minute.parse().ok()?);
    (hour < 24 && minute < 60).then_some(hour * 60 + minute)
}

/// What a broadcast needs to know about each chat it reaches: how it reads, and what
/// it wants to hear. Kept beside each subscription, so one read serves the fan-out.
#[derive(Clone, PartialEq, Eq, Hash, Debug, Default)]
pub struct Recipient {
    pub language: ChatLanguage,
    pub preferences: Preferences,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quiet_hours_read_as_typed_and_wrap_around_midnight() {
        let night = QuietHours::parse("22:00-07:00").unwrap();
        assert_eq!(
            night,
            QuietHours {
                from: 1320,
                to: 420
            }
        );
        assert_eq!(QuietHours::parse("২২:০০–০৭:০০"), Some(night));
        assert_eq!(QuietHours::parse("22-7"), Some(night));
        for (minute, quiet) in [
            (1319, false),
            (1320, true),
            (0, true),
            (419, true),
            (420, false),
            (720, false),
        ] {
            assert_eq!(night.contains(minute), quiet, "{minute}");
        }
        let afternoon = QuietHours::parse("13:30-15:00").unwrap();
        assert!(afternoon.contains(13 * 60 + 30) && !afternoon.contains(15 * 60));
        for wrong in [
            "22:00",
            "25:00-07:00",
            "22:00-22:00",
            "22:5-07:00",
            "night",
            "",
            "-",
            "123-4",
        ] {
            assert_eq!(QuietHours::parse(wrong), None, "{wrong}");
        }
    }
}
