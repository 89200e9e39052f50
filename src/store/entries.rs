//! What one entry of a page holds (`pages.rs`), in a compact binary form: a chat's
//! settings and subscriptions (`chat_pages`), and beside each subscription the chat's
//! language and preferences (`sub_pages`). Strings are a length byte and UTF-8 (service
//! ids and language codes are short); the number of subscriptions is `put_len`'s
//! length, one byte below 128 as it always was, so entries of either page layout read
//! alike. Preferences other than the defaults follow as a tagged field
//! (`PREFERENCES`), so entries written before them read as they were. A chat entry is
//! read back before it is written (`encode_checked`): nothing is stored that cannot be
//! read again.

use super::codec::{put_len, take_len};
use super::{Result, StoreError, corrupt};
use crate::domain::{
    ChatKind, ChatLanguage, ChatSettings, Lang, Preferences, QuietHours, Recipient, ServiceId,
};

use crate::domain::chat::MOST_LANGUAGE_CODE_BYTES as MOST_CODE_BYTES;
/// The most services one chat may follow: far above any catalog we know of, and it keeps
/// a page of chats to a few hundred kilobytes at worst.
pub const MAX_SUBSCRIPTIONS: usize = 500;

/// A chat as `chat_pages` keeps it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct ChatEntry {
    /// `None` for a chat subscribed before it was ever seen (tools and tests do that).
    pub settings: Option<ChatSettings>,
    /// In id order.
    pub services: Vec<ServiceId>,
}

/// The kind byte of an entry without settings.
const NO_SETTINGS: u8 = 255;
/// The tag of the preferences field at an entry's end.
const PREFERENCES: u8 = 1;
/// Bits of the preferences' flags byte.
const ONLY_OUTAGES: u8 = 1;
const NO_MAINTENANCE: u8 = 2;
const QUIET: u8 = 4;

/// A short string: its callers keep it under 256 bytes (service ids are at most 32,
/// language codes are cut to `MOST_CODE_BYTES`); a longer one would not read back, which
/// `ChatEntry::encode_checked` catches.
fn put_str(out: &mut Vec<u8>, s: &str) {
    let bytes = &s.as_bytes()[..s.len().min(255)];
    out.push(bytes.len() as u8);
    out.extend_from_slice(bytes);
}

/// Reads what `put_*` wrote, front to back.
struct Reader<'a> {
    tree: &'static str,
    rest: &'a [u8],
}

impl<'a> Reader<'a> {
    fn byte(&mut self) -> Result<u8> {
        let (&b, rest) = self
            .rest
            .split_first()
            .ok_or_else(|| corrupt(self.tree, "an entry cut short"))?;
        self.rest = rest;
        Ok(b)
    }

    fn str(&mut self) -> Result<&'a str> {
        let len = self.byte()? as usize;
        let bytes = self
            .rest
            .get(..len)
            .ok_or_else(|| corrupt(self.tree, "an entry cut short"))?;
        self.rest = &self.rest[len..];
        std::str::from_utf8(bytes).map_err(|e| corrupt(self.tree, e))
    }

    fn len(&mut self) -> Result<usize> {
        let (len, rest) =
            take_len(self.rest).ok_or_else(|| corrupt(self.tree, "an entry cut short"))?;
        self.rest = rest;
        Ok(len)
    }

    fn u16(&mut self) -> Result<u16> {
        Ok(u16::from_be_bytes([self.byte()?, self.byte()?]))
    }

    fn optional_str(&mut self) -> Result<Option<&'a str>> {
        Ok(Some(self.str()?).filter(|s| !s.is_empty()))
    }

    fn finished(&self) -> Result<()> {
        if self.rest.is_empty() {
            Ok(())
        } else {
            Err(corrupt(self.tree, "an entry longer than its fields"))
        }
    }
}

fn put_language(out: &mut Vec<u8>, language: &ChatLanguage) {
    put_str(out, &language.chosen.map(|l| l.code()).unwrap_or_default());
    let telegram = language.telegram.as_deref().unwrap_or_default();
    put_str(
        out,
        &telegram[..floor_char_boundary(telegram, MOST_CODE_BYTES)],
    );
}

fn read_language(r: &mut Reader<'_>) -> Result<ChatLanguage> {
    let chosen = match r.optional_str()? {
        Some(code) => Some(
            Lang::parse(code).ok_or_else(|| corrupt(r.tree, format!("unknown language {code}")))?,
        ),
        None => None,
    };
    let telegram = r.optional_str()?.map(str::to_owned);
    Ok(ChatLanguage { chosen, telegram })
}

/// Preferences other than the defaults, as a tagged field; nothing for the defaults.
fn put_preferences(out: &mut Vec<u8>, preferences: &Preferences) {
    if *preferences == Preferences::default() {
        return;
    }
    let mut flags = 0;
    if preferences.only_outages {
        flags |= ONLY_OUTAGES;
    }
    if !preferences.maintenance {
        flags |= NO_MAINTENANCE;
    }
    if preferences.quiet.is_some() {
        flags |= QUIET;
    }
    out.extend_from_slice(&[PREFERENCES, flags]);
    if let Some(quiet) = preferences.quiet {
        out.extend_from_slice(&quiet.from.to_be_bytes());
        out.extend_from_slice(&quiet.to.to_be_bytes());
    }
}

/// What `put_preferences` wrote, at the end of an entry (the defaults when nothing).
fn read_preferences(r: &mut Reader<'_>) -> Result<Preferences> {
    if r.rest.is_empty() {
        return Ok(Preferences::default());
    }
    let tag = r.byte()?;
    if tag != PREFERENCES {
        return Err(corrupt(r.tree, format!("an unknown field {tag}")));
    }
    let flags = r.byte()?;
    if flags & !(ONLY_OUTAGES | NO_MAINTENANCE | QUIET) != 0 {
        return Err(corrupt(r.tree, format!("unknown preference flags {flags}")));
    }
    let quiet = if flags & QUIET != 0 {
        let (from, to) = (r.u16()?, r.u16()?);
        Some(QuietHours::new(from, to).ok_or_else(|| corrupt(r.tree, "quiet hours out of range"))?)
    } else {
        None
    };
    Ok(Preferences {
        quiet,
        only_outages: flags & ONLY_OUTAGES != 0,
        maintenance: flags & NO_MAINTENANCE == 0,
    })
}

fn floor_char_boundary(s: &str, at: usize) -> usize {
    (0..=at.min(s.len()))
        .rev()
        .find(|&i| s.is_char_boundary(i))
        .unwrap_or(0)
}

/// The payload beside a subscription: the chat's language and preferences.
pub(super) fn encode_recipient(recipient: &Recipient) -> Vec<u8> {
    let mut out = Vec::with_capacity(16);
    put_language(&mut out, &recipient.language);
    put_preferences(&mut out, &recipient.preferences);
    out
}

pub(super) fn decode_recipient(tree: &'static str, bytes: &[u8]) -> Result<Recipient> {
    let mut r = Reader { tree, rest: bytes };
    let language = read_language(&mut r)?;
    let preferences = read_preferences(&mut r)?;
    r.finished()?;
    Ok(Recipient {
        language,
        preferences,
    })
}

impl ChatEntry {
    pub fn new(settings: Option<ChatSettings>) -> ChatEntry {
        ChatEntry {
            settings,
            services: Vec::new(),
        }
    }

    /// What a broadcast needs to know about the chat (nothing, for a chat never seen).
    pub fn recipient(&self) -> Recipient {
        self.settings
            .as_ref()
            .map(ChatSettings::recipient)
            .unwrap_or_default()
    }

    pub fn encode(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(32 + 12 * self.services.len());
        out.push(match self.settings.as_ref().map(|s| s.kind) {
            Some(ChatKind::Private) => 0,
            Some(ChatKind::Group) => 1,
            Some(ChatKind::Channel) => 2,
            None => NO_SETTINGS,
        });
        let recipient = self.recipient();
        put_language(&mut out, &recipient.language);
        put_len(&mut out, self.services.len());
        for service in &self.services {
            put_str(&mut out, service.as_str());
        }
        put_preferences(&mut out, &recipient.preferences);
        out
    }

    /// The entry as it is stored, after reading it back: a chat that follows more than
    /// `MAX_SUBSCRIPTIONS` is refused, and so is anything that would not read back as
    /// it is (nothing is written then).
    pub fn encode_checked(&self) -> Result<Vec<u8>> {
        if self.services.len() > MAX_SUBSCRIPTIONS {
            return Err(StoreError::TooManySubscriptions {
                most: MAX_SUBSCRIPTIONS,
            });
        }
        let bytes = self.encode();
        match ChatEntry::decode("chat_pages", &bytes) {
            Ok(back) if back == *self => Ok(bytes),
            Ok(_) => Err(StoreError::Unwritable {
                tree: "chat_pages",
                reason: format!(
                    "a chat with {} subscriptions would read back otherwise",
                    self.services.len()
                ),
            }),
            Err(e) => Err(StoreError::Unwritable {
                tree: "chat_pages",
                reason: format!(
                    "a chat with {} subscriptions would not read back: {e}",
                    self.services.len()
                ),
            }),
        }
    }

    /// What an entry the first page layout cut short still tells: the chat's kind and
    /// language, which come before its subscriptions (its preferences, after them, are
    /// lost; its subscriptions are whole in `sub_pages`).
    pub fn decode_settings_of_cut(
        tree: &'static str,
        bytes: &[u8],
    ) -> Result<Option<ChatSettings>> {
        let mut r = Reader { tree, rest: bytes };
        let kind = match r.byte()? {
            0 => ChatKind::Private,
            1 => ChatKind::Group,
            2 => ChatKind::Channel,
            NO_SETTINGS => return Ok(None),
            other => return Err(corrupt(tree, format!("unknown chat kind {other}"))),
        };
        let language = read_language(&mut r)?;
        Ok(Some(ChatSettings {
            chosen_lang: language.chosen,
            first_user_lang: language.telegram,
            kind,
            preferences: Preferences::default(),
        }))
    }

    pub fn decode(tree: &'static str, bytes: &[u8]) -> Result<ChatEntry> {
        let mut r = Reader { tree, rest: bytes };
        let kind = match r.byte()? {
            0 => Some(ChatKind::Private),
            1 => Some(ChatKind::Group),
            2 => Some(ChatKind::Channel),
            NO_SETTINGS => None,
            other => return Err(corrupt(tree, format!("unknown chat kind {other}"))),
        };
        let language = read_language(&mut r)?;
        let count = r.len()?;
        if count > r.rest.len() {
            return Err(corrupt(tree, "an entry cut short"));
        }
        let services = (0..count)
            .map(|_| ServiceId::parse(r.str()?).map_err(|e| corrupt(tree, e)))
            .collect::<Result<Vec<_>>>()?;
        let preferences = read_preferences(&mut r)?;
        r.finished()?;
        Ok(ChatEntry {
            settings: kind.map(|kind| ChatSettings {
                chosen_lang: language.chosen,
                first_user_lang: language.telegram,
                kind,
                preferences,
            }),
            services,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sid(s: &str) -> ServiceId {
        ServiceId::parse(s).unwrap()
    }

    #[test]
    fn entries_read_back_as_written() {
        let entries = [
            ChatEntry::new(Some(ChatSettings::new(ChatKind::Private, None))),
            ChatEntry {
                settings: Some(ChatSettings {
                    chosen_lang: Some(Lang::BN_IN),
                    first_user_lang: Some("en-GB".into()),
                    kind: ChatKind::Group,
                    preferences: Preferences {
                        quiet: QuietHours::new(22 * 60, 7 * 60),
                        only_outages: true,
                        maintenance: false,
                    },
                }),
                services: vec![sid("bkash"), sid("whatsapp")],
            },
            ChatEntry {
                settings: Some(ChatSettings {
                    chosen_lang: Some(Lang::BN),
                    first_user_lang: None,
                    kind: ChatKind::Channel,
                    preferences: Preferences {
                        only_outages: true,
                        ..Preferences::default()
                    },
                }),
                services: vec![sid("facebook")],
            },
            ChatEntry {
                settings: None,
                services: vec![sid("gmail")],
            },
        ];
        for entry in entries {
            let bytes = entry.encode();
            assert!(bytes.len() < 40, "{} bytes", bytes.len());
            assert_eq!(ChatEntry::decode("t", &bytes).unwrap(), entry);
            let recipient = entry.recipient();
            assert_eq!(
                decode_recipient("t", &encode_recipient(&recipient)).unwrap(),
                recipient
            );
        }
    }

    #[test]
    fn a_telegram_code_is_kept_short_and_whole() {
        let recipient = Recipient {
            language: ChatLanguage {
                chosen: None,
                telegram: Some("ব".repeat(20)),
            },
            preferences: Preferences::default(),
        };
        let back = decode_recipient("t", &encode_recipient(&recipient)).unwrap();
        assert_eq!(
            back.language.telegram.unwrap(),
            "ব".repeat(10),
            "cut at a character"
        );
    }

    #[test]
    fn damaged_entries_are_errors() {
        for bad in [
            &[][..],
            &[7, 0, 0, 0][..],
            &[0, 0, 0, 1, 3, b'a'][..],
            &[0, 0, 0, 0, 9][..],
        ] {
            assert!(ChatEntry::decode("t", bad).is_err(), "{bad:?}");
        }
        assert!(
            decode_recipient("t", &[2, b'1', b'x', 0]).is_err(),
            "not a language"
        );
        for bad in [
            &[0, 0, 1][..],
            &[0, 0, 1, 8][..],
            &[0, 0, 1, 4, 0][..],
            &[0, 0, 1, 4, 9, 0, 0, 0][..],
        ] {
            assert!(decode_recipient("t", bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn entries_written_before_preferences_read_with_the_defaults() {
        // A private chat, no language chosen, `bn` from Telegram, one subscription.
        let old = [0, 0, 2, b'b', b'n', 1, 5, b'b', b'k', b'a', b's', b'h'];
        let entry = ChatEntry::decode("t", &old).unwrap();
        assert_eq!(entry.settings.unwrap().preferences, Preferences::default());
        let payload = [0, 2, b'b', b'n'];
        assert_eq!(
            decode_recipient("t", &payload).unwrap().preferences,
            Preferences::default()
        );
        // And the defaults are written as before, byte for byte.
        assert_eq!(ChatEntry::decode("t", &old).unwrap().encode(), old);
    }
}
