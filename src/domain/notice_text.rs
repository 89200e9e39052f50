//! Free text that fits a notice: every language part at most `MAX_PART_UNITS`, counted
//! as Telegram counts (UTF-16 code units: an emoji is two). A person's text over the
//! limit is refused so they can shorten it; a machine's is cut to fit with "…", since a
//! monitor cannot rewrite its alert and the alert must go out.

use super::{Lang, LocalizedText};

/// The most one part of free text may take. A notice is one Telegram message (4,096
/// units), and the localized headline, times and durations need room beside it.
pub const MAX_PART_UNITS: usize = 3000;

/// How Telegram measures a text's length.
pub fn utf16_len(text: &str) -> usize {
    text.chars().map(char::len_utf16).sum()
}

/// `text` cut to at most `limit` UTF-16 units, ending in "…" when anything was cut;
/// never splits a character, and cuts at a space when one is near the end.
pub fn cut_to(text: &str, limit: usize) -> String {
    if utf16_len(text) <= limit {
        return text.to_owned();
    }
    let room = limit.saturating_sub(1);
    let mut end = 0;
    let mut used = 0;
    for (i, c) in text.char_indices() {
        if used + c.len_utf16() > room {
            break;
        }
        used += c.len_utf16();
        end = i + c.len_utf8();
    }
    let mut kept = &text[..end];
    // A word cut in half reads worse than a shorter text: back up to the last space
    // if it is within the last tenth.
    if let Some(space) = kept.rfind(char::is_whitespace)
        && utf16_len(&kept[space..]) <= limit / 10
    {
        kept = &kept[..space];
    }
    format!("{}…", kept.trim_end())
}

/// A monitor's words as the public may read them: links, internet addresses (IPv4 and
/// IPv6, with their ports) and query strings are taken out, since a monitor's message
/// often carries an internal URL, an IP or a token in a query (`…?token=…`).
pub fn public_words(text: &str) -> String {
    let private = |word: &str| {
        let bare = word.trim_matches(|c: char| "()[]{}<>\"'.,;".contains(c));
        let ipv4 = {
            let host = bare.split(['/', ':']).next().unwrap_or_default();
            host.split('.').count() == 4
                && host
                    .split('.')
                    .all(|p| !p.is_empty() && p.len() <= 3 && p.bytes().all(|b| b.is_ascii_digit()))
        };
        let ipv6 = bare.matches(':').count() >= 2
            && (bare.contains("::") || bare.bytes().any(|b| b.is_ascii_alphabetic()))
            && bare
                .trim_matches(['[', ']'])
                .bytes()
                .all(|b| b.is_ascii_hexdigit() || b == b':' || b == b'.' || b == b']' || b == b'[');
        bare.contains("://")
            || bare.starts_with("www.")
            || ipv4
            || ipv6
            || (bare.contains('?') && bare.contains('='))
    };
    text.split_whitespace()
        .filter(|word| !private(word))
        .collect::<Vec<_>>()
        .join(" ")
}

/// A part of a person's text was too long for a notice.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TooLong {
    /// The longest part, in UTF-16 units.
    pub length: usize,
    pub limit: usize,
    /// That part's language marker (`None`: the text had no markers, or it was the
    /// unmarked part).
    pub part: Option<Lang>,
}

impl TooLong {
    /// Which part is too long, as the message that says so selects it.
    pub fn part_key(&self) -> &'static str {
        match self.part.map(Lang::base) {
            None => "whole",
            Some(Lang::BN) => "bn",
            Some(Lang::EN) => "en",
            Some(_) => "other",
        }
    }
}

/// Free text known to fit a notice.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NoticeText(LocalizedText);

impl NoticeText {
    /// A person's text: refused when any part is over the limit.
    pub fn from_person(text: LocalizedText) -> Result<NoticeText, TooLong> {
        match text
            .parts()
            .map(|(lang, t)| (utf16_len(t), lang))
            .max_by_key(|&(length, _)| length)
        {
            Some((length, part)) if length > MAX_PART_UNITS => Err(TooLong {
                length,
                limit: MAX_PART_UNITS,
                part,
            }),
            _ => Ok(NoticeText(text)),
        }
    }

    /// A machine's text (a webhook, a probe): every part cut to fit.
    pub fn from_machine(text: LocalizedText) -> NoticeText {
        NoticeText(LocalizedText::from_parts(
            text.parts()
                .map(|(lang, t)| (lang, cut_to(t, MAX_PART_UNITS)))
                .collect::<Vec<_>>(),
        ))
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn into_inner(self) -> LocalizedText {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_monitors_private_words_never_reach_the_public() {
        assert_eq!(
            public_words(
                "[bKash gateway] [🔴 Down] GET https://10.0.3.7:8443/health?token=s3cr3t timed out; see (http://grafana.internal/d/x) or 192.168.1.20:9090, fe80::1ff:fe23:4567:890a, /status?key=abc"
            ),
            "[bKash gateway] [🔴 Down] GET timed out; see or"
        );
        assert_eq!(
            public_words("Payments fail for some users since 12:30"),
            "Payments fail for some users since 12:30",
            "a time is not an address"
        );
        assert_eq!(public_words("up again at 12:30:45"), "up again at 12:30:45");
    }
    use crate::domain::Lang;

    #[test]
    fn length_is_counted_as_telegram_counts_it() {
        assert_eq!(utf16_len("abc"), 3);
        assert_eq!(utf16_len("হোয়াটসঅ্যাপ"), 12);
        assert_eq!(utf16_len("🔴"), 2, "an emoji outside the BMP is two units");
    }

    #[test]
    fn a_persons_text_over_the_limit_is_refused_with_the_numbers() {
        let emoji = "🙂".repeat(1501);
        let refused = NoticeText::from_person(LocalizedText::parse(&emoji)).unwrap_err();
        assert_eq!(
            refused,
            TooLong {
                length: 3002,
                limit: 3000,
                part: None
            }
        );
        let bengali = format!("[en] Down [bn] {}", "ক".repeat(3100));
        let refused = NoticeText::from_person(LocalizedText::parse(&bengali)).unwrap_err();
        assert_eq!((refused.length, refused.part_key()), (3100, "bn"));
        let fits = "🙂".repeat(1500);
        assert!(NoticeText::from_person(LocalizedText::parse(&fits)).is_ok());
    }

    #[test]
    fn a_machines_text_is_cut_to_fit_with_an_ellipsis() {
        let summary = format!("[en] {} [bn] ছোট", "word ".repeat(2000));
        let text = NoticeText::from_machine(LocalizedText::parse(&summary)).into_inner();
        let en = text.for_lang(Lang::EN).unwrap();
        assert!(utf16_len(en) <= MAX_PART_UNITS, "{}", utf16_len(en));
        assert!(
            en.ends_with("word…"),
            "cut between words: {}",
            &en[en.len() - 20..]
        );
        assert_eq!(
            text.for_lang(Lang::BN),
            Some("ছোট"),
            "short parts stay whole"
        );
    }

    #[test]
    fn cutting_never_splits_a_character() {
        for limit in 1..12 {
            let cut = cut_to("🔴🔴🔴🔴🔴🔴🔴🔴", limit);
            assert!(utf16_len(&cut) <= limit, "{limit}: {cut}");
            assert!(cut.ends_with('…'));
        }
        assert_eq!(cut_to("fits", 4), "fits");
    }
}
