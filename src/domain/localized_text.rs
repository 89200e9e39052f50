//! Admin free text with one part per language: `[en] Main server down [bn] মূল সার্ভার বসে গেছে`.

use super::Lang;

/// Free text as an admin wrote it, split into language parts.
///
/// Text without markers is one part with no language and goes to everyone as written.
#[derive(Clone, PartialEq, Eq, Debug, Default)]
pub struct LocalizedText {
    /// In the order written; the first part is the fallback for languages not given.
    parts: Vec<(Option<Lang>, String)>,
}

impl LocalizedText {
    /// Splits at markers `[xx]` that stand at the start or after white space. Markers for
    /// things that are not language codes (`[note]`, `[1]`) stay in the text.
    pub fn parse(text: &str) -> LocalizedText {
        let mut parts: Vec<(Option<Lang>, String)> = Vec::new();
        let mut current: (Option<Lang>, String) = (None, String::new());
        let mut rest = text;
        while !rest.is_empty() {
            let at_boundary = current.1.is_empty() || current.1.ends_with(char::is_whitespace);
            // A marker is `[` + a language code + `]`: `[bn]` for both Bengalis, or
            // one of them alone, `[bn-IN]`.
            if at_boundary
                && rest.starts_with('[')
                && let Some(close) = rest.find(']').filter(|&close| close <= 7)
                && is_language_tag(&rest[1..close])
                && let Some(lang) = Lang::parse(&rest[1..close])
            {
                let finished = std::mem::replace(&mut current, (Some(lang), String::new()));
                if finished.0.is_some() || !finished.1.trim().is_empty() {
                    parts.push(finished);
                }
                rest = &rest[close + 1..];
                continue;
            }
            let c = rest.chars().next().unwrap_or_default();
            current.1.push(c);
            rest = &rest[c.len_utf8()..];
        }
        if current.0.is_some() || !current.1.trim().is_empty() {
            parts.push(current);
        }
        for part in &mut parts {
            part.1 = part.1.trim().to_owned();
        }
        parts.retain(|(_, text)| !text.is_empty());
        LocalizedText { parts }
    }

    /// Text already split by language (from the HTTP API's `{"en": …, "bn": …}`);
    /// empty parts are dropped.
    pub fn from_parts(parts: impl IntoIterator<Item = (Option<Lang>, String)>) -> LocalizedText {
        let parts = parts
            .into_iter()
            .map(|(lang, text)| (lang, text.trim().to_owned()))
            .filter(|(_, text)| !text.is_empty())
            .collect();
        LocalizedText { parts }
    }

    pub fn is_empty(&self) -> bool {
        self.parts.is_empty()
    }

    /// The part for `lang`, else the first part; `None` when there is no text at all.
    pub fn for_lang(&self, lang: Lang) -> Option<&str> {
        self.part_for(lang).map(|(_, text)| text)
    }

    /// The part for `lang`: its own (`[bn-IN]`), else its base language's, for every
    /// variant (`[bn]`), else another variant's (`[bn-BD]`, when it is the one Bengali
    /// there is), else the first part; with the language it is marked as.
    pub fn part_for(&self, lang: Lang) -> Option<(Option<Lang>, &str)> {
        let marked = |wanted: Lang| self.parts.iter().find(|(l, _)| *l == Some(wanted));
        marked(lang)
            .or_else(|| marked(lang.base()))
            .or_else(|| {
                self.parts
                    .iter()
                    .find(|(l, _)| l.is_some_and(|l| l.base() == lang.base()))
            })
            .or_else(|| self.parts.first())
            .map(|(l, text)| (*l, text.as_str()))
    }

    /// Every part, for length checks and for showing the admin what was stored.
    pub fn parts(&self) -> impl Iterator<Item = (Option<Lang>, &str)> {
        self.parts.iter().map(|(l, t)| (*l, t.as_str()))
    }
}

/// `bn`, `eng`, `bn-IN`, `bn_bd`: two or three letters, then perhaps a region of two.
fn is_language_tag(tag: &str) -> bool {
    let letters = |part: &str, lengths: std::ops::RangeInclusive<usize>| {
        lengths.contains(&part.len()) && part.bytes().all(|b| b.is_ascii_alphabetic())
    };
    match tag.split_once(['-', '_']) {
        Some((language, region)) => letters(language, 2..=3) && letters(region, 2..=2),
        None => letters(tag, 2..=3),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_the_seed_example() {
        let t = LocalizedText::parse("[en] Main server down [bn] মূল সার্ভার বসে গেছে");
        assert_eq!(t.for_lang(Lang::EN), Some("Main server down"));
        assert_eq!(t.for_lang(Lang::BN), Some("মূল সার্ভার বসে গেছে"));
    }

    #[test]
    fn missing_language_gets_the_first_part() {
        let t = LocalizedText::parse("[bn] সার্ভার বসে গেছে [en] Server down");
        assert_eq!(
            t.for_lang(Lang::parse("fr").unwrap()),
            Some("সার্ভার বসে গেছে")
        );
    }

    #[test]
    fn text_without_markers_goes_to_everyone_as_written() {
        let t = LocalizedText::parse("  Login fails <b>&amp; [note] see [1] ");
        assert_eq!(
            t.for_lang(Lang::BN),
            Some("Login fails <b>&amp; [note] see [1]")
        );
        assert_eq!(t.for_lang(Lang::EN), t.for_lang(Lang::BN));
    }

    #[test]
    fn markers_inside_words_are_text() {
        let t = LocalizedText::parse("array[en] stays");
        assert_eq!(t.for_lang(Lang::BN), Some("array[en] stays"));
    }

    #[test]
    fn leading_unmarked_text_is_its_own_part() {
        let t = LocalizedText::parse("Outage [bn] বিঘ্ন");
        assert_eq!(t.for_lang(Lang::EN), Some("Outage"));
        assert_eq!(t.for_lang(Lang::BN), Some("বিঘ্ন"));
    }

    /// One Bengali may be written for apart: a Kolkata reader gets `[bn-IN]`, a Dhaka
    /// reader the `[bn]` part for both, or the other variant's when that is all there is.
    #[test]
    fn a_part_may_be_for_one_variant() {
        let t = LocalizedText::parse(
            "[en] UPI payments fail [bn] ইউপিআই লেনদেন হচ্ছে না [bn-IN] ইউপিআইয়ে টাকা পাঠানো যাচ্ছে না",
        );
        assert_eq!(t.for_lang(Lang::BN_IN), Some("ইউপিআইয়ে টাকা পাঠানো যাচ্ছে না"));
        assert_eq!(t.for_lang(Lang::BN_BD), Some("ইউপিআই লেনদেন হচ্ছে না"));
        assert_eq!(t.for_lang(Lang::EN), Some("UPI payments fail"));
        // In whatever order they are written.
        let reversed = LocalizedText::parse("[bn-IN] ইউপিআইয়ে বিঘ্ন [bn] ইউপিআই সমস্যা [en] x");
        assert_eq!(reversed.for_lang(Lang::BN_BD), Some("ইউপিআই সমস্যা"));
        assert_eq!(reversed.for_lang(Lang::BN_IN), Some("ইউপিআইয়ে বিঘ্ন"));
        let dhaka_first = LocalizedText::parse("[bn-BD] বিকাশে বিভ্রাট [bn] বিকাশে সমস্যা");
        assert_eq!(dhaka_first.for_lang(Lang::BN_IN), Some("বিকাশে সমস্যা"));
        let only_kolkata = LocalizedText::parse("[en] UPI down [bn_in] ইউপিআই বন্ধ");
        assert_eq!(only_kolkata.for_lang(Lang::BN_BD), Some("ইউপিআই বন্ধ"));
        assert_eq!(
            only_kolkata.parts().map(|(l, _)| l).collect::<Vec<_>>(),
            [Some(Lang::EN), Some(Lang::BN_IN)]
        );
        // Not language tags: they stay in the text.
        for text in ["[bn-] x", "[bn-IND] x", "[b-IN] x", "[v1.2] x", "[ab-c1] x"] {
            assert_eq!(LocalizedText::parse(text).for_lang(Lang::EN), Some(text));
        }
    }

    #[test]
    fn empty_text_and_empty_parts_are_nothing() {
        assert!(LocalizedText::parse("").is_empty());
        assert!(LocalizedText::parse("[en] [bn] ").is_empty());
        assert_eq!(LocalizedText::parse("   ").for_lang(Lang::EN), None);
    }
}
