//! The public surfaces anyone may read without subscribing: the status page
//! (`page.rs`), its Atom feeds (`feed.rs`) and Statuspage-compatible JSON
//! (`statuspage.rs`). All of them render from one in-memory `Snapshot` of the store,
//! rebuilt only when an incident or a window changed or the minute turned, and each
//! rendered document is kept until then with its `ETag`: a crowd reloading the page
//! during an outage costs a lookup, not a read of the store.
//!
//! Every text comes from the same Fluent messages and formatters as the chat, in the
//! reader's variant's clock and digits. This module reads the store and never writes.

pub mod feed;
pub mod page;
pub mod snapshot;
pub mod statuspage;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use chrono::{DateTime, Utc};
use sha2::Digest;

use crate::config::Config;
use crate::delivery::notice_text::admin_words;
use crate::domain::maintenance::Window;
use crate::domain::{Incident, IncidentEvent, Lang, Severity, TimelineEntry};
use crate::i18n::{I18n, Msg};
use crate::store::Store;
pub use snapshot::Snapshot;

/// How long a reader's cache may keep a document before asking again (with its ETag).
pub const MAX_AGE_SECONDS: u32 = 30;

/// The first `bytes` bytes of `data`'s SHA-256, in hex: a page's stable id, a body's
/// validator.
fn short_hash(data: &[u8], bytes: usize) -> String {
    sha2::Sha256::digest(data)[..bytes]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// What the page calls itself and where it lives.
#[derive(Clone, Debug)]
pub struct PageInfo {
    /// A stable id for Statuspage's `page.id`: derived from the name and address, so it
    /// stays the same across restarts.
    pub id: String,
    name: Option<String>,
    url: Option<url::Url>,
}

impl PageInfo {
    pub fn new(config: &crate::config::PageConfig) -> PageInfo {
        let seed = format!(
            "{}|{}",
            config.name.as_deref().unwrap_or(""),
            config.url.as_ref().map_or("", url::Url::as_str)
        );
        let id = short_hash(seed.as_bytes(), 6);
        PageInfo {
            id,
            name: config.name.clone(),
            url: config.url.clone(),
        }
    }

    /// The page's name: the operator's, else the locale's.
    pub fn name(&self, i18n: &I18n, lang: Lang) -> String {
        self.name
            .clone()
            .unwrap_or_else(|| i18n.render(lang, &Msg::new("page-title")))
    }

    /// `path` on the page's public address, or as it is when none is configured.
    pub fn url_of(&self, path: &str) -> String {
        match &self.url {
            Some(base) => {
                let root = base.as_str().trim_end_matches('/');
                format!("{root}{path}")
            }
            None => path.to_owned(),
        }
    }
}

/// What one timeline entry says to the public: the admin's words in the reader's
/// language, else what the event means («কারণ জানা গেছে…»).
pub fn words_of(i18n: &I18n, lang: Lang, incident: &Incident, entry: &TimelineEntry) -> String {
    if let Some(words) = admin_words(lang, &entry.text) {
        return i18n.render(lang, &words);
    }
    i18n.render(lang, &event_msg(incident, entry))
}

/// Every step of an incident's timeline, as the page's messages name them (the locale
/// test walks them).
pub const STEPS: [&str; 6] = [
    "opened",
    "severity",
    "investigating",
    "identified",
    "monitoring",
    "resolved",
];

/// A timeline entry's step and the severity it speaks of (the incident's own, for a
/// step that does not change it).
pub fn step(incident: &Incident, event: IncidentEvent) -> (&'static str, Severity) {
    match event {
        IncidentEvent::Opened(s) => ("opened", s),
        IncidentEvent::SeverityChanged(s) => ("severity", s),
        IncidentEvent::Updated(p) => (p.key(), incident.severity),
        IncidentEvent::Resolved => ("resolved", incident.severity),
    }
}

/// What an event means, with no words of the admin's.
pub fn event_msg(incident: &Incident, entry: &TimelineEntry) -> Msg {
    let (step, severity) = step(incident, entry.event);
    Msg::new("page-event")
        .key("step", step)
        .key("severity", severity.key())
        .service("service", &incident.service)
}

/// The short label of a timeline entry: "Investigating", «কারণ চিহ্নিত».
pub fn step_label(incident: &Incident, event: IncidentEvent) -> Msg {
    let (step, severity) = step(incident, event);
    Msg::new("page-phase")
        .key("step", step)
        .key("severity", severity.key())
}

/// An incident's title: «হোয়াটসঅ্যাপ অচল», "WhatsApp outage" (by the worst it got).
pub fn incident_title(incident: &Incident) -> Msg {
    Msg::new("page-incident-title")
        .service("service", &incident.service)
        .key("severity", incident.worst_severity().key())
}

/// What a maintenance window says to the public: its span, to `end`, then the admin's
/// words.
pub fn maintenance_words(
    lang: Lang,
    window: &Window,
    end: chrono::DateTime<chrono::Utc>,
) -> Vec<Msg> {
    let span = Msg::new("page-maintenance-span")
        .service("service", &window.service)
        .span(window.starts, end);
    std::iter::once(span)
        .chain(admin_words(lang, &window.text))
        .collect()
}

/// A document ready to serve, as it is and gzipped (compressed once, when rendered: a
/// 90-day page of 20 services is some 300 KB of repetitive HTML, a tenth of it gzipped).
#[derive(Debug)]
pub struct Rendered {
    pub body: axum::body::Bytes,
    pub gzipped: axum::body::Bytes,
    pub content_type: &'static str,
    /// A strong validator of `body`: its hash (`gzipped` is `etag` with `-gz`).
    pub etag: String,
    /// When what it shows last changed.
    pub last_modified: DateTime<Utc>,
}

impl Rendered {
    pub fn new(body: String, content_type: &'static str, last_modified: DateTime<Utc>) -> Rendered {
        use std::io::Write;
        let hash = short_hash(body.as_bytes(), 12);
        let mut gzip = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        // Writing to memory cannot fail.
        let gzipped = gzip
            .write_all(body.as_bytes())
            .and_then(|()| gzip.finish())
            .unwrap_or_default();
        Rendered {
            body: body.into(),
            gzipped: gzipped.into(),
            content_type,
            etag: format!("\"{hash}\""),
            last_modified,
        }
    }

    /// The validator of the gzipped body.
    pub fn gzipped_etag(&self) -> String {
        format!("{}-gz\"", self.etag.trim_end_matches('"'))
    }
}

/// Which document, in which language.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum Document {
    Page,
    Incident(u64),
    Feed,
    Status,
    Summary,
    Incidents,
    Maintenances,
}

/// The snapshot and the documents rendered from it, for one key.
struct Cached {
    /// The store's change count and the minute the snapshot was read in.
    key: (u64, i64),
    snapshot: Arc<Snapshot>,
    documents: HashMap<(Document, Lang), Arc<Rendered>>,
}

/// The public surfaces' view of the store: shared by every request.
#[derive(Clone)]
pub struct PublicView {
    store: Store,
    config: Arc<Config>,
    i18n: I18n,
    page: Arc<PageInfo>,
    /// A std mutex: held only to look up or swap, never across an await; a snapshot is
    /// read and a document rendered outside it.
    cached: Arc<Mutex<Option<Cached>>>,
    /// When the store began keeping records (set once the listener starts).
    began_at: Arc<std::sync::OnceLock<DateTime<Utc>>>,
    /// Held while a snapshot is read or a document rendered (on a blocking thread,
    /// never across an await): a miss is made once, not once per waiting request.
    rendering: Arc<Mutex<()>>,
}

impl PublicView {
    pub fn new(store: Store, config: Arc<Config>, i18n: I18n) -> PublicView {
        PublicView {
            page: Arc::new(PageInfo::new(&config.page)),
            store,
            config,
            i18n,
            cached: Arc::default(),
            began_at: Arc::default(),
            rendering: Arc::default(),
        }
    }

    /// Reads (or records) when the store began keeping records: days before it have no
    /// record rather than a clean one. Until this is done they count from the history's
    /// horizon.
    pub async fn learn_beginning(&self) -> crate::store::Result<()> {
        // A store that kept records before the page was first served (an upgrade, a bot
        // that ran without `[http]`) began with its oldest record.
        let oldest_summary = self
            .store
            .past_incidents(None)?
            .into_iter()
            .map(|(_, past)| past.since)
            .min();
        let oldest = [self.store.oldest_incident_start()?, oldest_summary]
            .into_iter()
            .flatten()
            .min();
        let now = self.i18n.now();
        let began = self
            .store
            .began_at(oldest.map_or(now, |o| o.min(now)))
            .await?;
        let _ = self.began_at.set(began);
        Ok(())
    }

    pub fn i18n(&self) -> &I18n {
        &self.i18n
    }

    /// The languages a page is offered in: every served language, a plain one only when
    /// none of its variants is served (`bn-BD` and `bn-IN`, not `bn`).
    pub fn languages(&self) -> Vec<Lang> {
        let served: Vec<Lang> = self.i18n.translations().languages().collect();
        let mut languages: Vec<Lang> = served
            .iter()
            .copied()
            .filter(|l| l.has_region() || !served.iter().any(|v| v.has_region() && v.base() == *l))
            .collect();
        languages.sort_by_key(|l| (*l != self.i18n.default_lang(), l.code()));
        languages
    }

    /// The page language for an `Accept-Language` header: its first wish that is
    /// served, else the deployment's default.
    pub fn negotiate(&self, accept_language: Option<&str>) -> Lang {
        let offered = self.languages();
        accept_language
            .map(fluent_langneg::parse_accepted_languages)
            .unwrap_or_default()
            .iter()
            .filter_map(|id| Lang::parse(&id.to_string()))
            .find_map(|wish| self.i18n.serve(wish).filter(|l| offered.contains(l)))
            .unwrap_or_else(|| self.i18n.default_lang())
    }

    /// The document in `lang`, from the snapshot of now; `None` when it does not exist
    /// (an incident the page does not hold).
    pub fn document(
        &self,
        document: Document,
        lang: Lang,
    ) -> crate::store::Result<Option<Arc<Rendered>>> {
        if let Some(ready) = self.ready(document, lang) {
            return Ok(Some(ready));
        }
        // One reader and renderer at a time: a crowd that misses the cache together
        // waits for the first, then takes what it made.
        let _turn = self.rendering.lock().unwrap_or_else(|p| p.into_inner());
        let snapshot = self.snapshot()?;
        if let Some(found) = self.cached_document(&snapshot, document, lang) {
            return Ok(Some(found));
        }
        let Some(rendered) = self.render(&snapshot, document, lang) else {
            return Ok(None);
        };
        let rendered = Arc::new(rendered);
        let mut cached = self.cached.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(c) = cached
            .as_mut()
            .filter(|c| Arc::ptr_eq(&c.snapshot, &snapshot))
        {
            c.documents.insert((document, lang), rendered.clone());
        }
        Ok(Some(rendered))
    }

    /// The document if it is rendered for the snapshot of now: the cheap path a
    /// request takes first, before reading and rendering off the async threads.
    pub fn ready(&self, document: Document, lang: Lang) -> Option<Arc<Rendered>> {
        let key = self.key();
        let cached = self.cached.lock().unwrap_or_else(|p| p.into_inner());
        cached
            .as_ref()
            .filter(|c| c.key == key)
            .and_then(|c| c.documents.get(&(document, lang)).cloned())
    }

    /// The store's change count and the minute: what a snapshot is good for.
    fn key(&self) -> (u64, i64) {
        (
            self.store.shown_changes(),
            self.i18n.now().timestamp().div_euclid(60),
        )
    }

    fn cached_document(
        &self,
        snapshot: &Arc<Snapshot>,
        document: Document,
        lang: Lang,
    ) -> Option<Arc<Rendered>> {
        let cached = self.cached.lock().unwrap_or_else(|p| p.into_inner());
        cached
            .as_ref()
            .filter(|c| Arc::ptr_eq(&c.snapshot, snapshot))
            .and_then(|c| c.documents.get(&(document, lang)).cloned())
    }

    /// The snapshot for now: the cached one while nothing shown changed within the
    /// minute, else a new read of the store.
    pub fn snapshot(&self) -> crate::store::Result<Arc<Snapshot>> {
        let key = self.key();
        let now = self.i18n.now();
        {
            let cached = self.cached.lock().unwrap_or_else(|p| p.into_inner());
            if let Some(c) = cached.as_ref().filter(|c| c.key == key) {
                return Ok(c.snapshot.clone());
            }
        }
        let horizon = now - self.config.history_keep;
        let known_from = self.began_at.get().map_or(horizon, |b| horizon.max(*b));
        let snapshot = Arc::new(Snapshot::read(
            &self.store,
            &self.config.catalog,
            (self.began_at.get().copied().unwrap_or(horizon), known_from),
            now,
        )?);
        let mut cached = self.cached.lock().unwrap_or_else(|p| p.into_inner());
        // A slower reader must not put back an older snapshot than one already there.
        if cached.as_ref().is_none_or(|c| c.key <= key) {
            *cached = Some(Cached {
                key,
                snapshot: snapshot.clone(),
                documents: HashMap::new(),
            });
        }
        Ok(snapshot)
    }

    fn render(&self, snapshot: &Snapshot, document: Document, lang: Lang) -> Option<Rendered> {
        let json = |value: serde_json::Value| {
            Rendered::new(value.to_string(), "application/json", snapshot.updated_at)
        };
        let statuspage = statuspage::StatuspageJson {
            snapshot,
            page: &self.page,
            i18n: &self.i18n,
            lang,
        };
        let page = page::PageView {
            snapshot,
            page: &self.page,
            i18n: &self.i18n,
            lang,
            languages: self.languages(),
        };
        Some(match document {
            Document::Page => {
                Rendered::new(page.home(), "text/html; charset=utf-8", snapshot.updated_at)
            }
            Document::Incident(id) => {
                // One older than the strip is still kept a while (`history.keep_days`):
                // its page stays, as the feed's and the JSON's links promised.
                let older;
                let incident = match snapshot.incident(id) {
                    Some(incident) => incident,
                    None => {
                        older = self.store.incident(id).ok().flatten()?;
                        &older
                    }
                };
                Rendered::new(
                    page.incident(incident),
                    "text/html; charset=utf-8",
                    incident.latest().at,
                )
            }
            Document::Feed => Rendered::new(
                feed::atom(snapshot, &self.page, &self.i18n, lang),
                "application/atom+xml; charset=utf-8",
                snapshot.updated_at,
            ),
            Document::Status => json(statuspage.status()),
            Document::Summary => json(statuspage.summary()),
            Document::Incidents => json(statuspage.incidents()),
            Document::Maintenances => json(statuspage.scheduled_maintenances()),
        })
    }
}
