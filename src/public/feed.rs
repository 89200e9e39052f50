//! The Atom feed of one language (`/{lang}/feed.atom`): one entry per incident and per
//! maintenance window of the last 90 days, each with its whole timeline, so a feed
//! reader shows the story as the chat told it. Written with `atom_syndication`, which
//! escapes and orders the elements as RFC 4287 wants.

use atom_syndication::{Content, Entry, Feed, Link, Person, Text};
use chrono::{DateTime, Utc};
use maud::html;

use super::snapshot::{Snapshot, window_changed_at};
use super::{PageInfo, incident_title, maintenance_words, step_label, words_of};
use crate::domain::Lang;
use crate::domain::maintenance::{MaintenanceEvent, Window, WindowState};
use crate::i18n::{Arg, I18n, Msg};

fn fixed(at: DateTime<Utc>) -> atom_syndication::FixedDateTime {
    at.fixed_offset()
}

fn link(href: String, rel: &str, mime_type: Option<&str>, lang: Lang) -> Link {
    let mut link = Link::default();
    link.set_href(href);
    link.set_rel(rel);
    link.set_mime_type(mime_type.map(str::to_owned));
    link.set_hreflang(Some(lang.code()));
    link
}

/// One entry: its id, title, when it was first published and last changed, its page
/// and its HTML content, in `lang`.
fn entry(
    id: String,
    title: String,
    (published, updated): (DateTime<Utc>, DateTime<Utc>),
    href: String,
    html: String,
    lang: Lang,
) -> Entry {
    let mut entry = Entry::default();
    entry.set_id(id);
    entry.set_title(Text::plain(title));
    entry.set_updated(fixed(updated));
    entry.set_published(Some(fixed(published)));
    entry.set_links(vec![link(href, "alternate", Some("text/html"), lang)]);
    let mut content = Content::default();
    content.set_content_type(Some("html".to_owned()));
    content.set_lang(Some(lang.code()));
    content.set_value(Some(html));
    entry.set_content(Some(content));
    entry
}

/// What one step of a window's story says: the plan tells its span as first planned
/// and the admin's words; being under way, when it should be back (while that still
/// holds); an extension, the end it moved to; being over or called off, what it means
/// for the service.
fn maintenance_step_words(lang: Lang, window: &Window, step: MaintenanceEvent) -> Vec<Msg> {
    let words = || {
        Msg::new("page-maintenance-step-words")
            .key("stage", step.key())
            .service("service", &window.service)
            .span(window.starts, window.scheduled_end())
    };
    match step {
        MaintenanceEvent::Scheduled => maintenance_words(lang, window, window.planned_end()),
        MaintenanceEvent::Started if window.state != WindowState::Running => Vec::new(),
        MaintenanceEvent::Reminder => Vec::new(),
        MaintenanceEvent::Started
        | MaintenanceEvent::Extended
        | MaintenanceEvent::Ended
        | MaintenanceEvent::EndedEarly
        | MaintenanceEvent::Cancelled => vec![words()],
    }
}

/// The feed, newest change first.
pub fn atom(snapshot: &Snapshot, page: &PageInfo, i18n: &I18n, lang: Lang) -> String {
    // A feed reader keeps an entry for days: «আজ» or "tomorrow" in it would soon lie.
    let i18n = &i18n.dated();
    let code = lang.code();
    let t = |msg: &Msg| i18n.render(lang, msg);
    let name = page.name(i18n, lang);
    let mut entries: Vec<Entry> = Vec::new();
    for incident in &snapshot.incidents {
        let timeline = html! {
            @for entry in incident.timeline.iter().rev() {
                p {
                    strong { (t(&step_label(incident, entry.event))) }
                    " (" (t(&Msg::new("page-at").arg("at", Arg::Time(entry.at)))) ") "
                    (words_of(i18n, lang, incident, entry))
                }
            }
        };
        entries.push(entry(
            format!("urn:outage-bot:{}:incident:{}", page.id, incident.id),
            t(&incident_title(incident)),
            (incident.started_at, incident.latest().at),
            page.url_of(&format!("/{code}/incidents/{}", incident.id)),
            timeline.into_string(),
            lang,
        ));
    }
    for window in &snapshot.windows {
        // Its story, newest first, as the incidents' timelines: a reader who saw it
        // planned sees it called off, under way or over in the same entry.
        let words = html! {
            @for (step, at) in window.story().into_iter().rev() {
                p {
                    strong { (t(&Msg::new("page-maintenance-step").key("stage", step.key()))) }
                    " (" (t(&Msg::new("page-at").arg("at", Arg::Time(at)))) ")"
                    @for msg in maintenance_step_words(lang, window, step) { " " (t(&msg)) }
                }
            }
        };
        entries.push(entry(
            format!("urn:outage-bot:{}:maintenance:{}", page.id, window.id),
            t(&Msg::new("page-maintenance-title").service("service", &window.service)),
            (window.planned_at, window_changed_at(window)),
            page.url_of(&format!("/{code}")),
            words.into_string(),
            lang,
        ));
    }
    entries.sort_by(|a, b| b.updated().cmp(a.updated()));
    let mut author = Person::default();
    author.set_name(name.clone());
    let mut feed = Feed::default();
    feed.set_id(format!("urn:outage-bot:{}:feed:{code}", page.id));
    feed.set_title(Text::plain(t(
        &Msg::new("page-feed-title").text("name", name)
    )));
    feed.set_updated(fixed(snapshot.updated_at));
    feed.set_authors(vec![author]);
    feed.set_lang(Some(code.clone()));
    feed.set_links(vec![
        link(
            page.url_of(&format!("/{code}/feed.atom")),
            "self",
            Some("application/atom+xml"),
            lang,
        ),
        link(
            page.url_of(&format!("/{code}")),
            "alternate",
            Some("text/html"),
            lang,
        ),
    ]);
    feed.set_entries(entries);
    feed.to_string()
}
