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

/// The whole notice text for a reader of `lang`.
pub fn render(i18n: &I18n, lang: Lang, notice: &Notice) -> String {
    let headline = i18n.render(lang, &headline(notice));
    match notice.text.for_lang(lang) {
        Some(text) => format!("{headline}\n\n{text}"),
        None => headline,
    }
}
