//! `Lang`: a language a chat can be served in, as a BCP 47 primary language subtag.

use std::fmt;

/// A primary language subtag (`en`, `bn`, …): two or three lowercase ASCII letters.
///
/// Stored inline so it is `Copy`; whether a language is *served* is up to the
/// translations that are loaded, not to this type.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Lang {
    /// The subtag's bytes, left-aligned; unused bytes are zero.
    bytes: [u8; 3],
}

impl Lang {
    pub const EN: Lang = Lang { bytes: *b"en\0" };
    pub const BN: Lang = Lang { bytes: *b"bn\0" };

    /// Parses a language tag such as `bn`, `bn-BD`, `BN_in` or `en-US`, keeping only the
    /// primary subtag. Returns `None` for anything that is not a plausible tag.
    pub fn parse(tag: &str) -> Option<Lang> {
        let primary = tag.trim().split(['-', '_']).next()?;
        if !(2..=3).contains(&primary.len()) || !primary.bytes().all(|b| b.is_ascii_alphabetic()) {
            return None;
        }
        let mut bytes = [0u8; 3];
        for (slot, b) in bytes.iter_mut().zip(primary.bytes()) {
            *slot = b.to_ascii_lowercase();
        }
        Some(Lang { bytes })
    }

    /// The subtag as text, e.g. `"bn"`.
    pub fn code(&self) -> &str {
        let len = self.bytes.iter().position(|&b| b == 0).unwrap_or(3);
        // Only ASCII letters are ever stored, so this cannot fail.
        std::str::from_utf8(&self.bytes[..len]).unwrap_or("en")
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl fmt::Debug for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Lang({})", self.code())
    }
}

impl serde::Serialize for Lang {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.code())
    }
}

impl<'de> serde::Deserialize<'de> for Lang {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        Lang::parse(&text)
            .ok_or_else(|| serde::de::Error::custom(format!("`{text}` is not a language code")))
    }
}

/// Picks the language a chat is served in: its own choice, else the Telegram
/// `language_code` of the user who first wrote, else the deployment default — each only
/// if translations for it exist.
pub fn resolve(
    chosen: Option<Lang>,
    telegram_code: Option<&str>,
    default: Lang,
    is_served: impl Fn(Lang) -> bool,
) -> Lang {
    chosen
        .filter(|&l| is_served(l))
        .or_else(|| {
            telegram_code
                .and_then(Lang::parse)
                .filter(|&l| is_served(l))
        })
        .unwrap_or(default)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn served(l: Lang) -> bool {
        l == Lang::EN || l == Lang::BN
    }

    #[test]
    fn regional_bengali_tags_map_to_bn() {
        for tag in ["bn", "bn-BD", "bn-IN", "BN", "bn_in"] {
            assert_eq!(Lang::parse(tag), Some(Lang::BN), "{tag}");
        }
    }

    #[test]
    fn garbage_is_not_a_language() {
        for tag in ["", "b", "bengali", "b1", "১২", "-"] {
            assert_eq!(Lang::parse(tag), None, "{tag}");
        }
    }

    #[test]
    fn choice_beats_telegram_code_beats_default() {
        assert_eq!(
            resolve(Some(Lang::EN), Some("bn-BD"), Lang::BN, served),
            Lang::EN
        );
        assert_eq!(resolve(None, Some("bn-BD"), Lang::EN, served), Lang::BN);
        assert_eq!(resolve(None, Some("de"), Lang::BN, served), Lang::BN);
        assert_eq!(resolve(None, None, Lang::EN, served), Lang::EN);
        assert_eq!(resolve(Lang::parse("fr"), None, Lang::EN, served), Lang::EN);
    }

    #[test]
    fn code_round_trips() {
        assert_eq!(Lang::parse("fil").unwrap().code(), "fil");
        assert_eq!(Lang::BN.to_string(), "bn");
    }
}
