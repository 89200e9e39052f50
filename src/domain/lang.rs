//! `Lang`: a language a chat can be served in — a BCP 47 language subtag with an
//! optional region: `en`, `bn`, `bn-BD`, `bn-IN`.
//!
//! Bengali comes in two variants that share one base (`locales/bn`): `bn-BD` writes as
//! the Bangladeshi press does, `bn-IN` as the West Bengal press does. Plain `bn` means
//! the deployment's default variant; which languages are *served* is up to the
//! translations loaded, not to this type.

use std::fmt;

/// A language, with its region when it names a variant: stored inline so it is `Copy`.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Lang {
    /// The primary subtag's bytes, lowercase, left-aligned; unused bytes are zero.
    language: [u8; 3],
    /// The region subtag's bytes, uppercase (`BD`, `IN`); zero when there is none.
    region: [u8; 2],
}

impl Lang {
    pub const EN: Lang = Lang {
        language: *b"en\0",
        region: [0, 0],
    };
    /// Bengali, whichever variant the deployment defaults to.
    pub const BN: Lang = Lang {
        language: *b"bn\0",
        region: [0, 0],
    };
    /// Bengali as Bangladesh writes it.
    pub const BN_BD: Lang = Lang {
        language: *b"bn\0",
        region: *b"BD",
    };
    /// Bengali as West Bengal writes it.
    pub const BN_IN: Lang = Lang {
        language: *b"bn\0",
        region: *b"IN",
    };

    /// Parses a language tag such as `bn`, `bn-BD`, `BN_in` or `en-US`: the primary
    /// subtag and a two-letter region if one follows (scripts and the rest are dropped).
    /// `None` for anything that is not a plausible tag.
    pub fn parse(tag: &str) -> Option<Lang> {
        let mut parts = tag.trim().split(['-', '_']);
        let primary = parts.next()?;
        if !(2..=3).contains(&primary.len()) || !primary.bytes().all(|b| b.is_ascii_alphabetic()) {
            return None;
        }
        let mut language = [0u8; 3];
        for (slot, b) in language.iter_mut().zip(primary.bytes()) {
            *slot = b.to_ascii_lowercase();
        }
        let mut region = [0u8; 2];
        if let Some(r) = parts.find(|p| p.len() == 2 && p.bytes().all(|b| b.is_ascii_alphabetic()))
        {
            for (slot, b) in region.iter_mut().zip(r.bytes()) {
                *slot = b.to_ascii_uppercase();
            }
        }
        Some(Lang { language, region })
    }

    /// The language without its region: `bn` for `bn-BD`.
    pub fn base(self) -> Lang {
        Lang {
            region: [0, 0],
            ..self
        }
    }

    /// Whether it names a regional variant.
    pub fn has_region(self) -> bool {
        self.region != [0, 0]
    }

    /// The tag as text, e.g. `"bn-BD"`.
    pub fn code(&self) -> String {
        self.to_string()
    }

    fn language_str(&self) -> &str {
        let len = self.language.iter().position(|&b| b == 0).unwrap_or(3);
        // Only ASCII letters are ever stored, so this cannot fail.
        std::str::from_utf8(&self.language[..len]).unwrap_or("en")
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.language_str())?;
        if self.has_region() {
            write!(
                f,
                "-{}",
                std::str::from_utf8(&self.region).unwrap_or_default()
            )?;
        }
        Ok(())
    }
}

impl fmt::Debug for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Lang({self})")
    }
}

/// Picks the language a chat is served in: its own choice, else the Telegram
/// `language_code` of the user who first wrote, else the deployment default — each
/// negotiated against what is served by `serve` (which maps a wish to a served
/// language, e.g. plain `bn` to the default Bengali variant, or says none fits).
pub fn resolve(
    chosen: Option<Lang>,
    telegram_code: Option<&str>,
    default: Lang,
    serve: impl Fn(Lang) -> Option<Lang>,
) -> Lang {
    chosen
        .and_then(&serve)
        .or_else(|| telegram_code.and_then(Lang::parse).and_then(&serve))
        .or_else(|| serve(default))
        .unwrap_or(default)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What a deployment with en, bn-BD and bn-IN serves, defaulting Bengali to bn-BD.
    fn serve(wish: Lang) -> Option<Lang> {
        match wish {
            l if l == Lang::EN || l == Lang::BN_BD || l == Lang::BN_IN => Some(l),
            l if l.base() == Lang::BN => Some(Lang::BN_BD),
            l if l.base() == Lang::EN => Some(Lang::EN),
            _ => None,
        }
    }

    #[test]
    fn regional_tags_keep_their_region() {
        assert_eq!(Lang::parse("bn-BD"), Some(Lang::BN_BD));
        assert_eq!(Lang::parse("BN_in"), Some(Lang::BN_IN));
        assert_eq!(Lang::parse("bn"), Some(Lang::BN));
        assert_eq!(
            Lang::parse("bn-Beng-BD"),
            Some(Lang::BN_BD),
            "the script is dropped"
        );
        assert_eq!(Lang::BN_BD.base(), Lang::BN);
        assert_eq!(Lang::BN_IN.to_string(), "bn-IN");
        assert_eq!(Lang::parse("en-US").unwrap().to_string(), "en-US");
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
            resolve(Some(Lang::EN), Some("bn-BD"), Lang::BN, serve),
            Lang::EN
        );
        assert_eq!(resolve(None, Some("bn-IN"), Lang::EN, serve), Lang::BN_IN);
        assert_eq!(
            resolve(None, Some("bn"), Lang::EN, serve),
            Lang::BN_BD,
            "plain bn: the default variant"
        );
        assert_eq!(resolve(None, Some("de"), Lang::BN, serve), Lang::BN_BD);
        assert_eq!(resolve(None, None, Lang::EN, serve), Lang::EN);
        assert_eq!(
            resolve(Lang::parse("fr"), Some("en-GB"), Lang::EN, serve),
            Lang::EN
        );
    }

    #[test]
    fn code_round_trips() {
        assert_eq!(Lang::parse("fil").unwrap().code(), "fil");
        assert_eq!(Lang::BN.to_string(), "bn");
        for l in [Lang::EN, Lang::BN, Lang::BN_BD, Lang::BN_IN] {
            assert_eq!(Lang::parse(&l.code()), Some(l));
        }
    }
}
