//! A notice as a subscriber reads it, in their language: a localized headline, a line
//! of detail (service, state, times, durations), then the admin's words in that
//! language — marked with the language they are in when the reader's is missing.

use chrono::Duration;

use crate::domain::maintenance::MaintenanceEvent;
use crate::domain::{IncidentEvent, IncidentNotice, Lang, MaintenanceNotice, Notice};
use crate::i18n::clock_text::short_key;
use crate::i18n::{Arg, I18n, Msg};

/// What every line of a notice may say: the service (in every form), since when, how
/// bad, and for a resolved incident how long it lasted.
fn with_facts(id: &'static str, notice: &IncidentNotice) -> Msg {
    let msg = Msg::new(id)
        .service("service", &notice.service)
        .arg("since", Arg::Time(notice.started_at))
        .key("severity", notice.severity.key());
    match notice.event {
        IncidentEvent::Resolved => {
            let end = notice.resolved_at.unwrap_or(notice.at);
            let lasted = end - notice.started_at;
            msg.key("short", short_key(lasted))
                // Both ends of «… থেকে … পর্যন্ত» in one style.
                .arg(
                    "since",
                    Arg::SpanStart {
                        start: notice.started_at,
                        end,
                    },
                )
                .arg("rounded", Arg::RoundedDuration(lasted))
                .arg("duration", Arg::Duration(lasted))
                .arg(
                    "end",
                    Arg::SpanEnd {
                        start: notice.started_at,
                        end,
                    },
                )
        }
        IncidentEvent::Updated(phase) => msg
            .key("phase", phase.key())
            .key("short", short_key(notice.at - notice.started_at))
            .arg("elapsed", Arg::Duration(notice.at - notice.started_at)),
        IncidentEvent::Opened(_) | IncidentEvent::SeverityChanged(_) => msg,
    }
}

/// The headline and the line of detail under it (none for an outage over within a
/// minute: "from 5:33 to 5:33" says nothing).
pub fn lines(notice: &IncidentNotice) -> (Msg, Option<Msg>) {
    let pair = |headline, detail| {
        (
            with_facts(headline, notice),
            Some(with_facts(detail, notice)),
        )
    };
    match notice.event {
        IncidentEvent::Opened(severity) => {
            let (h, d) = pair("notice-opened", "notice-opened-detail");
            (
                h.key("severity", severity.key()),
                d.map(|d| d.key("severity", severity.key())),
            )
        }
        IncidentEvent::SeverityChanged(_) => {
            pair("notice-severity-changed", "notice-severity-changed-detail")
        }
        IncidentEvent::Updated(_) => pair("notice-updated", "notice-updated-detail"),
        IncidentEvent::Resolved => {
            let lasted = notice.resolved_at.unwrap_or(notice.at) - notice.started_at;
            let detail = (lasted >= Duration::minutes(1))
                .then(|| with_facts("notice-resolved-detail", notice));
            (with_facts("notice-resolved", notice), detail)
        }
    }
}

/// The whole story so far, for a reader who missed the events before this one (a
/// broadcast cut short by a newer event never reached them): where it stands now,
/// rather than the latest change alone. «প্রায় দু ঘণ্টা বন্ধ থাকার পর ফের চালু হল …»
pub fn whole_story(notice: &IncidentNotice) -> (Msg, Option<Msg>) {
    match notice.event {
        IncidentEvent::Resolved => {
            let (_, detail) = lines(notice);
            (with_facts("notice-resolved-unheard", notice), detail)
        }
        IncidentEvent::Opened(_)
        | IncidentEvent::SeverityChanged(_)
        | IncidentEvent::Updated(_) => (
            with_facts("notice-opened", notice),
            Some(with_facts("notice-opened-detail", notice)),
        ),
    }
}

/// A maintenance window's news: what happens to the service, and when, in the reader's
/// clock («আগামীকাল রাত ২টা থেকে ভোর ৫টা পর্যন্ত বিকাশের সেবা বন্ধ থাকবে»).
pub fn maintenance_lines(notice: &MaintenanceNotice) -> (Msg, Option<Msg>) {
    let msg = Msg::new("notice-maintenance")
        .key("event", notice.event.key())
        .service("service", &notice.service)
        .span(notice.starts, notice.ends);
    let detail = match notice.event {
        // When it comes back is the news; the rest was said when it was planned.
        MaintenanceEvent::Ended | MaintenanceEvent::EndedEarly | MaintenanceEvent::Cancelled => {
            None
        }
        MaintenanceEvent::Scheduled
        | MaintenanceEvent::Reminder
        | MaintenanceEvent::Started
        | MaintenanceEvent::Extended => Some(
            Msg::new("notice-maintenance-detail")
                .arg("lasting", Arg::Duration(notice.ends - notice.starts)),
        ),
    };
    (msg, detail)
}

/// Any notice for a reader of `lang`: an incident's event, or its whole story for a
/// reader who missed what came before; a maintenance window's news (each says all
/// there is to know about the window).
pub fn render_notice(i18n: &I18n, lang: Lang, notice: &Notice, whole_story: bool) -> String {
    match notice {
        Notice::Incident(n) if whole_story => render_whole_story(i18n, lang, n),
        Notice::Incident(n) => render(i18n, lang, n),
        Notice::Maintenance(n) => compose(i18n, lang, maintenance_lines(n), &n.text),
    }
}

/// The whole story, with the admin's latest words, for a reader of `lang`.
pub fn render_whole_story(i18n: &I18n, lang: Lang, notice: &IncidentNotice) -> String {
    compose(i18n, lang, whole_story(notice), &notice.text)
}

/// The whole notice text for a reader of `lang`.
pub fn render(i18n: &I18n, lang: Lang, notice: &IncidentNotice) -> String {
    compose(i18n, lang, lines(notice), &notice.text)
}

fn compose(
    i18n: &I18n,
    lang: Lang,
    (headline, detail): (Msg, Option<Msg>),
    words: &crate::domain::LocalizedText,
) -> String {
    let mut text = i18n.render(lang, &headline);
    if let Some(detail) = detail {
        text.push('\n');
        text.push_str(&i18n.render(lang, &detail));
    }
    if let Some(words) = admin_words(lang, words) {
        text.push_str("\n\n");
        text.push_str(&i18n.render(lang, &words));
    }
    text
}

/// The admin's words for a reader of `lang`: their language's part, else the first,
/// marked with the language it is in («(ইংরেজিতে) …»). Words without a `[xx]` marker
/// are taken to be in the language of their script: most admins just type.
pub fn admin_words(lang: Lang, text: &crate::domain::LocalizedText) -> Option<Msg> {
    let (written_in, words) = text.part_for(lang)?;
    let written_in = written_in.or_else(|| language_of_script(words));
    let marked = match written_in {
        Some(written) if written.base() != lang.base() => written.base().to_string(),
        _ => "same".to_owned(),
    };
    let marked = match marked.as_str() {
        "en" => "en",
        "bn" => "bn",
        "same" => "same",
        _ => "unknown",
    };
    Some(
        Msg::new("quoted-text")
            .key("lang", marked)
            .text("text", words),
    )
}

/// The language most of `text`'s letters are written for: Bengali script, or Latin
/// (English, the other language the bot speaks); `None` with no letters at all.
fn language_of_script(text: &str) -> Option<Lang> {
    let (mut bengali, mut latin) = (0usize, 0usize);
    for c in text.chars().filter(|c| c.is_alphabetic()) {
        if ('\u{0980}'..='\u{09FF}').contains(&c) {
            bengali += 1;
        } else if c.is_ascii_alphabetic() {
            latin += 1;
        }
    }
    match (bengali, latin) {
        (0, 0) => None,
        (b, l) if b >= l => Some(Lang::BN),
        _ => Some(Lang::EN),
    }
}

#[cfg(test)]
mod admin_words_tests {
    use super::*;
    use crate::domain::LocalizedText;

    fn quoted(lang: Lang, typed: &str) -> Option<(Arg, Arg)> {
        let msg = admin_words(lang, &LocalizedText::parse(typed))?;
        let arg = |name| {
            msg.args
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, a)| a.clone())
        };
        Some((arg("lang")?, arg("text")?))
    }

    #[test]
    fn words_typed_without_a_marker_are_marked_by_their_script() {
        let english = Some((Arg::Key("en"), Arg::Text("Login is broken".into())));
        assert_eq!(quoted(Lang::BN_BD, "Login is broken"), english);
        assert_eq!(
            quoted(Lang::EN, "Login is broken").map(|q| q.0),
            Some(Arg::Key("same"))
        );
        // Mostly Bengali, with a product name in Latin: Bengali.
        assert_eq!(
            quoted(Lang::EN, "WhatsApp সার্ভারে গোলমাল").map(|q| q.0),
            Some(Arg::Key("bn"))
        );
        assert_eq!(
            quoted(Lang::BN_IN, "WhatsApp সার্ভারে গোলমাল").map(|q| q.0),
            Some(Arg::Key("same"))
        );
        assert_eq!(
            quoted(Lang::BN_BD, "🔧 12:30").map(|q| q.0),
            Some(Arg::Key("same"))
        );
    }
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
                let notice = IncidentNotice {
                    incident_id: 1,
                    service: ServiceId::parse("whatsapp").unwrap(),
                    event,
                    severity: Severity::MajorOutage,
                    worst: Severity::MajorOutage,
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
