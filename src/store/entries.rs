//! What one entry of a page holds (`pages.rs`), in a compact binary form: a chat's
//! settings and subscriptions (`chat_pages`), and beside each subscription the chat's
//! language (`sub_pages`). Strings are a length byte and UTF-8; a page's version byte
//! covers the layout.

use super::{Result, corrupt};
use crate::domain::{ChatKind, ChatLanguage, ChatSettings, Lang, ServiceId};

/// Longest Telegram `language_code` kept; they are a few letters, and more is noise.
const MOST_CODE_BYTES: usize = 32;

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

fn floor_char_boundary(s: &str, at: usize) -> usize {
    (0..=at.min(s.len()))
        .rev()
        .find(|&i| s.is_char_boundary(i))
        .unwrap_or(0)
}

/// The payload beside a subscription: the chat's language.
pub(super) fn encode_language(language: &ChatLanguage) -> Vec<u8> {
    let mut out = Vec::with_capacity(16);
    put_language(&mut out, language);
    out
}

pub(super) fn decode_language(tree: &'static str, bytes: &[u8]) -> Result<ChatLanguage> {
    let mut r = Reader { tree, rest: bytes };
    let language = read_language(&mut r)?;
    r.finished()?;
    Ok(language)
}

impl ChatEntry {
    pub fn new(settings: Option<ChatSettings>) -> ChatEntry {
        ChatEntry {
            settings,
            services: Vec::new(),
        }
    }

    /// What decides the chat's language (nothing, for a chat never seen).
    pub fn language(&self) -> ChatLanguage {
        self.settings
            .as_ref()
            .map(ChatSettings::language)
            .unwrap_or_default()
    }

    pub fn encode(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(32);
        out.push(match self.settings.as_ref().map(|s| s.kind) {
            Some(ChatKind::Private) => 0,
            Some(ChatKind::Group) => 1,
            Some(ChatKind::Channel) => 2,
            None => NO_SETTINGS,
        });
        put_language(&mut out, &self.language());
        // A chat follows at most the catalog's services, far fewer than 256.
        out.push(self.services.len().min(255) as u8);
        for service in self.services.iter().take(255) {
            put_str(&mut out, service.as_str());
        }
        out
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
        let count = r.byte()?;
        let services = (0..count)
            .map(|_| ServiceId::parse(r.str()?).map_err(|e| corrupt(tree, e)))
            .collect::<Result<Vec<_>>>()?;
        r.finished()?;
        Ok(ChatEntry {
            settings: kind.map(|kind| ChatSettings {
                chosen_lang: language.chosen,
                first_user_lang: language.telegram,
                kind,
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
                }),
                services: vec![sid("bkash"), sid("whatsapp")],
            },
            ChatEntry {
                settings: Some(ChatSettings {
                    chosen_lang: Some(Lang::BN),
                    first_user_lang: None,
                    kind: ChatKind::Channel,
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
            let language = entry.language();
            assert_eq!(
                decode_language("t", &encode_language(&language)).unwrap(),
                language
            );
        }
    }

    #[test]
    fn a_telegram_code_is_kept_short_and_whole() {
        let language = ChatLanguage {
            chosen: None,
            telegram: Some("ব".repeat(20)),
        };
        let back = decode_language("t", &encode_language(&language)).unwrap();
        assert_eq!(back.telegram.unwrap(), "ব".repeat(10), "cut at a character");
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
            decode_language("t", &[2, b'1', b'x', 0]).is_err(),
            "not a language"
        );
    }
}
