//! A notice as a subscriber reads it, in their language: the localized headline with
//! service, state, times and durations, then the admin's text in that language.

use crate::domain::{IncidentEvent, Lang, Notice};
use crate::i18n::{Arg, I18n, Msg};

/// The headline message of a notice.
pub fn headline(notice: &Notice) -> Msg {
    let base = |id| {
        Msg::new(id)
            .service("service", &notice.service)
            .arg("since", Arg::Time(notice.started_at))
    };
    match notice.event {
        IncidentEvent::Opened(severity) => base("notice-opened").key("severity", severity.key()),
        IncidentEvent::SeverityChanged(severity) => {
            base("notice-severity-changed").key("severity", severity.key())
        }
        IncidentEvent::Updated(phase) => base("notice-updated")
            .key("phase", phase.key())
            .key("severity", notice.severity.key())
            .arg("elapsed", Arg::Duration(notice.at - notice.started_at)),
        IncidentEvent::Resolved => {
            let lasted = notice.resolved_at.unwrap_or(notice.at) - notice.started_at;
            base("notice-resolved")
                .key("severity", notice.severity.key())
                .arg("rounded", Arg::RoundedDuration(lasted))
                .arg("duration", Arg::Duration(lasted))
                .arg("end", Arg::Time(notice.resolved_at.unwrap_or(notice.at)))
        }
    }
}

/// The whole story so far, for a reader who missed the events before this one (a
/// broadcast cut short by a newer event never reached them): where it stands now,
/// rather than the latest change alone. «প্রায় দু ঘণ্টা বন্ধ থাকার পর ফের চালু হল …»
pub fn whole_story(notice: &Notice) -> Msg {
    let base = |id| {
        Msg::new(id)
            .service("service", &notice.service)
            .arg("since", Arg::Time(notice.started_at))
            .key("severity", notice.severity.key())
    };
    match notice.event {
        IncidentEvent::Resolved => {
            let end = notice.resolved_at.unwrap_or(notice.at);
            let lasted = end - notice.started_at;
            base("notice-resolved-unheard")
                .arg("rounded", Arg::RoundedDuration(lasted))
                .arg("duration", Arg::Duration(lasted))
                .arg("end", Arg::Time(end))
        }
        IncidentEvent::Opened(_)
        | IncidentEvent::SeverityChanged(_)
        | IncidentEvent::Updated(_) => base("notice-opened"),
    }
}

/// The whole story, with the admin's latest text, for a reader of `lang`.
pub fn render_whole_story(i18n: &I18n, lang: Lang, notice: &Notice) -> String {
    with_text(i18n.render(lang, &whole_story(notice)), lang, notice)
}

fn with_text(headline: String, lang: Lang, notice: &Notice) -> String {
    match notice.text.for_lang(lang) {
        Some(text) => format!("{headline}\n\n{text}"),
        None => headline,
    }
}

/// The whole notice text for a reader of `lang`.
pub fn render(i18n: &I18n, lang: Lang, notice: &Notice) -> String {
    with_text(i18n.render(lang, &headline(notice)), lang, notice)
}

#[cfg(test)]
mod fits {
    use std::sync::Arc;

    use chrono::{Duration, TimeZone, Utc};
    use proptest::prelude::*;

    use super::*;
    use crate::clock::ManualClock;
    use crate::domain::{
        Catalog, LocalizedText, NoticeText, Phase, ServiceId, Severity, notice_text::utf16_len,
    };
    use crate::i18n::{Translations, locale_files};
    use crate::outbound::MAX_MESSAGE_UNITS;

    fn i18n() -> I18n {
        let translations = Arc::new(Translations::build(&locale_files::embedded()).unwrap());
        let config = crate::config::Config::parse("", None, &|_| None).unwrap();
        let at = Utc.with_ymd_and_hms(2022, 11, 1, 6, 30, 0).unwrap();
        I18n::new(
            translations,
            Arc::new(config.catalog.clone()) as Arc<Catalog>,
            config.timezone,
            Arc::new(ManualClock::new(at + Duration::days(400))),
            Lang::EN,
        )
    }

    /// Text that is hard to fit: long, Bengali with conjuncts, emoji (two units each),
    /// Latin, spaces and newlines, language markers.
    fn hard_text() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            Just("ক্ষ".to_owned()),
            Just("হোয়াটসঅ্যাপ ".to_owned()),
            Just("🔴".to_owned()),
            Just("👩‍👩‍👧‍👦".to_owned()),
            Just("down ".to_owned()),
            Just("\n".to_owned()),
            Just(" [en] ".to_owned()),
            Just(" [bn] ".to_owned()),
            any::<char>().prop_map(String::from),
        ];
        prop::collection::vec(piece, 0..4000).prop_map(|pieces| pieces.concat())
    }

    fn event() -> impl Strategy<Value = IncidentEvent> {
        prop_oneof![
            Just(IncidentEvent::Opened(Severity::MajorOutage)),
            Just(IncidentEvent::Opened(Severity::Degraded)),
            Just(IncidentEvent::SeverityChanged(Severity::Degraded)),
            Just(IncidentEvent::Updated(Phase::Identified)),
            Just(IncidentEvent::Updated(Phase::Monitoring)),
            Just(IncidentEvent::Resolved),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        /// Whatever a machine sends, and whatever a person is allowed to send, every
        /// notice it becomes fits one Telegram message in every language, as the event
        /// alone and as the whole story.
        #[test]
        fn every_notice_fits_one_message(raw in hard_text(), event in event(), days in 0i64..400) {
            let i18n = i18n();
            let machine = NoticeText::from_machine(LocalizedText::parse(&raw));
            let person = NoticeText::from_person(LocalizedText::parse(&raw));
            let started = Utc.with_ymd_and_hms(2022, 11, 1, 6, 30, 0).unwrap();
            for text in std::iter::once(machine).chain(person.ok()) {
                let notice = Notice {
                    incident_id: 1,
                    service: ServiceId::parse("whatsapp").unwrap(),
                    event,
                    severity: Severity::MajorOutage,
                    at: started + Duration::days(days),
                    started_at: started,
                    resolved_at: (event == IncidentEvent::Resolved).then(|| started + Duration::days(days)),
                    text: text.into_inner(),
                };
                for lang in i18n.translations().languages() {
                    for rendered in [render(&i18n, lang, &notice), render_whole_story(&i18n, lang, &notice)] {
                        prop_assert!(utf16_len(&rendered) <= MAX_MESSAGE_UNITS, "{} units in {lang}", utf16_len(&rendered));
                    }
                }
            }
        }

        /// A reply that grows is split into messages that each fit, losing nothing.
        #[test]
        fn a_long_reply_splits_into_messages_that_fit(raw in hard_text()) {
            let parts = crate::outbound::MessageText::split(&raw);
            for part in &parts {
                prop_assert!(utf16_len(part.as_str()) <= MAX_MESSAGE_UNITS);
            }
            let kept: usize = parts.iter().map(|p| p.as_str().chars().filter(|c| !c.is_whitespace()).count()).sum();
            prop_assert_eq!(kept, raw.chars().filter(|c| !c.is_whitespace()).count());
        }
    }
}
