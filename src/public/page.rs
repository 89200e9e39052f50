//! The status page and an incident's page: server-rendered HTML (maud, checked at
//! compile time), no JavaScript, one small inline stylesheet, readable on a 360-px
//! phone. Every cell of the 90-day strip says its day in colour *and* in words (its
//! accessible label, shown on hover and focus).

use chrono::{DateTime, Duration, Utc};
use maud::{DOCTYPE, Markup, PreEscaped, html};

use super::snapshot::{ServiceState, Snapshot};
use super::{PageInfo, maintenance_words, step_label, words_of};
use crate::domain::uptime::{self, Day, DayState, STRIP_DAYS};
use crate::domain::{Incident, Lang, ServiceId};
use crate::i18n::clock_text::date_msg;
use crate::i18n::newsroom::is_short;
use crate::i18n::{Arg, I18n, Msg};

/// The stylesheet: system fonts (Bengali shaped by the reader's own), a strip of 90
/// cells in one row that folds into two rows of 45 on a phone (cells wide enough to see
/// and to focus), colours with enough contrast.
const STYLE: &str = r#"
:root{color-scheme:light dark;--ok:#1f8f4e;--minor:#d98b00;--major:#c62828;--mnt:#2f6fd0;--none:#9aa0a6}
*{box-sizing:border-box}
body{margin:0 auto;max-width:56rem;padding:1rem;font:16px/1.5 system-ui,-apple-system,"Noto Sans Bengali","Noto Sans",sans-serif}
header{display:flex;flex-wrap:wrap;justify-content:space-between;align-items:baseline;gap:.5rem}
h1{font-size:1.5rem;margin:.25rem 0}
h2{font-size:1.15rem;margin:1.5rem 0 .5rem}
nav a{margin-inline-start:.75rem}
nav a[aria-current]{font-weight:bold;text-decoration:none}
.overall{padding:.75rem 1rem;border-radius:.5rem;color:#fff;font-weight:bold}
.s-operational{background:var(--ok)}.s-degraded{background:var(--minor)}.s-outage{background:var(--major)}.s-maintenance{background:var(--mnt)}.s-unknown{background:var(--none)}
ul.services,ol.timeline,ul.incidents{list-style:none;padding:0;margin:0}
.service{padding:.75rem 0;border-bottom:1px solid #8884}
.head{display:flex;justify-content:space-between;gap:.5rem}
.badge{font-size:.9rem;padding:0 .5rem;border-radius:1rem;color:#fff;white-space:nowrap}
ol.strip{display:grid;grid-template-columns:repeat(90,1fr);grid-auto-rows:2rem;gap:1px;list-style:none;padding:0;margin:.5rem 0 .25rem}
@media (max-width:40rem){ol.strip{grid-template-columns:repeat(45,1fr);grid-auto-rows:1.25rem;row-gap:2px}}
ol.strip li{min-width:0;border-radius:1px;position:relative}
ol.strip span{display:block;height:100%}
ol.strip span:focus{outline:2px solid currentColor;outline-offset:1px}
ol.strip span:hover::after,ol.strip span:focus::after{content:attr(aria-label);position:absolute;bottom:2.4rem;left:50%;transform:translateX(-50%);width:max-content;max-width:16rem;padding:.25rem .5rem;border-radius:.25rem;background:#222;color:#fff;font-size:.85rem;z-index:1;white-space:normal}
ol.strip li:first-child span:hover::after,ol.strip li:first-child span:focus::after{left:0;transform:none}
ol.strip li:last-child span:hover::after,ol.strip li:last-child span:focus::after{left:auto;right:0;transform:none}
.uptime,.when,.legend,footer{font-size:.9rem;opacity:.85}
.legend span{display:inline-block;margin-inline-end:.75rem}
.legend i{display:inline-block;width:.8rem;height:.8rem;border-radius:2px;margin-inline-end:.25rem;vertical-align:-1px}
article{padding:.5rem 0;border-bottom:1px solid #8884}
article h3{font-size:1rem;margin:0}
ol.timeline li{padding:.5rem 0;border-bottom:1px solid #8882}
.label{font-weight:bold;margin-inline-end:.5rem}
footer{margin-top:2rem}
"#;

/// One page in one language; every link goes through `[page] url` when one is set (a
/// page served under a path behind a proxy). A day's words are in its `aria-label` alone (read aloud,
/// and shown by the stylesheet on hover and focus): a `title` beside it would say them
/// twice and double the page.
pub struct PageView<'a> {
    pub snapshot: &'a Snapshot,
    pub page: &'a PageInfo,
    pub i18n: &'a I18n,
    pub lang: Lang,
    /// Every language the page is offered in, for the switch.
    pub languages: Vec<Lang>,
}

impl PageView<'_> {
    fn t(&self, msg: &Msg) -> String {
        self.i18n.render(self.lang, msg)
    }

    fn name_of(&self, service: &ServiceId) -> String {
        self.i18n
            .catalog()
            .get(service)
            .map_or_else(|| service.to_string(), |s| s.name(self.lang).to_owned())
    }

    fn now(&self) -> DateTime<Utc> {
        self.snapshot.taken_at
    }

    /// The frame every page shares: head, title, language switch, footer. `path` is the
    /// page's path after the language (`""`, `/incidents/7`), so the switch keeps it.
    fn frame(&self, title: &str, path: &str, body: Markup) -> String {
        let lang = self.lang.code();
        let feed = self.page.url_of(&format!("/{lang}/feed.atom"));
        let name = self.page.name(self.i18n, self.lang);
        html! {
            (DOCTYPE)
            html lang=(lang) {
                head {
                    meta charset="utf-8";
                    meta name="viewport" content="width=device-width, initial-scale=1";
                    title { (title) }
                    link rel="alternate" type="application/atom+xml" href=(feed)
                        title=(self.t(&Msg::new("page-feed-title").text("name", name.clone())));
                    @for other in &self.languages {
                        link rel="alternate" hreflang=(other.code()) href=(self.page.url_of(&format!("/{}{path}", other.code())));
                    }
                    style { (PreEscaped(STYLE)) }
                }
                body {
                    header {
                        h1 { a href=(self.page.url_of(&format!("/{lang}"))) style="color:inherit;text-decoration:none" { (name) } }
                        nav aria-label=(self.t(&Msg::new("page-languages"))) {
                            @for other in &self.languages {
                                @let here = *other == self.lang;
                                a href=(self.page.url_of(&format!("/{}{path}", other.code()))) lang=(other.code()) hreflang=(other.code())
                                    aria-current=[here.then_some("page")] {
                                    (self.i18n.render(*other, &Msg::new("locale-name")))
                                }
                            }
                        }
                    }
                    main { (body) }
                    footer {
                        p {
                            (self.t(&Msg::new("page-updated").arg("zone", Arg::ZoneName).arg("at", Arg::Time(self.snapshot.updated_at))))
                            " · "
                            a href=(feed) { (self.t(&Msg::new("page-feed-link"))) }
                            " · "
                            a href=(self.page.url_of("/api/v2/summary.json")) { (self.t(&Msg::new("page-json-link"))) }
                        }
                    }
                }
            }
        }
        .into_string()
    }

    /// The status page: the state of every service, what is open, what is planned, a
    /// 90-day strip per service and the incidents of those days.
    pub fn home(&self) -> String {
        let worst = self.snapshot.worst();
        let open: Vec<&Incident> = self
            .snapshot
            .incidents
            .iter()
            .filter(|i| i.is_open())
            .collect();
        let past: Vec<&Incident> = self
            .snapshot
            .incidents
            .iter()
            .filter(|i| !i.is_open())
            .collect();
        let windows: Vec<_> = self.snapshot.active_windows().collect();
        let body = html! {
            p class=(format!("overall s-{}", worst.key())) role="status" {
                (self.t(&Msg::new("page-overall").key("condition", worst.key()).num("count", self.snapshot.count(worst))))
            }
            @if !open.is_empty() {
                section {
                    h2 { (self.t(&Msg::new("page-open-heading"))) }
                    @for incident in &open { (self.incident_summary(incident)) }
                }
            }
            @if !windows.is_empty() {
                section {
                    h2 { (self.t(&Msg::new("page-maintenance-heading"))) }
                    ul.incidents {
                        @for window in &windows {
                            li {
                                @for msg in maintenance_words(self.lang, window, window.scheduled_end()) { p { (self.t(&msg)) } }
                            }
                        }
                    }
                }
            }
            section {
                h2 { (self.t(&Msg::new("page-services-heading").num("days", STRIP_DAYS))) }
                (self.legend())
                ul.services {
                    @for (service, state) in &self.snapshot.services { (self.service(service, *state)) }
                }
            }
            section {
                h2 { (self.t(&Msg::new("page-past-heading").num("days", STRIP_DAYS))) }
                @if past.is_empty() {
                    p { (self.t(&Msg::new("page-past-none").num("days", STRIP_DAYS))) }
                }
                @for incident in &past { (self.incident_summary(incident)) }
            }
        };
        self.frame(&self.page.name(self.i18n, self.lang), "", body)
    }

    fn legend(&self) -> Markup {
        html! {
            p.legend aria-hidden="true" {
                @for state in [DayState::Operational, DayState::Degraded, DayState::Outage, DayState::Maintenance, DayState::Unknown] {
                    span { i class=(format!("s-{}", state.key())) {} (self.t(&Msg::new("page-state").key("condition", state.key()))) }
                }
            }
        }
    }

    fn service(&self, service: &ServiceId, state: ServiceState) -> Markup {
        let incidents: Vec<&Incident> = self.snapshot.incidents_of(service).collect();
        let windows: Vec<_> = self.snapshot.windows_of(service).collect();
        let zone = self.i18n.zone(self.lang);
        let today = self.now().with_timezone(&zone).date_naive();
        let days = uptime::days(
            &incidents,
            &windows,
            zone,
            self.now(),
            self.snapshot.known_from,
            STRIP_DAYS,
        );
        let uptime =
            match uptime::uptime_basis_points(&days, zone, self.snapshot.known_from, self.now()) {
                Some(points) => {
                    // Said over the days the records cover, which may be fewer than 90.
                    let first_known = days.iter().find(|d| !d.unknown).map_or(today, |d| d.date);
                    Msg::new("page-uptime")
                        .arg("percent", Arg::Decimal(f64::from(points) / 100.0))
                        .num("days", STRIP_DAYS)
                        .flag("partial", days.iter().any(|d| d.unknown))
                        .msg("since", date_msg(first_known, today))
                }
                None => Msg::new("page-uptime-none"),
            };
        let name = self.name_of(service);
        html! {
            li.service id=(format!("service-{service}")) {
                div.head {
                    strong { (name) }
                    span class=(format!("badge s-{}", state.key())) {
                        (self.t(&Msg::new("page-state").key("condition", state.key())))
                    }
                }
                ol.strip aria-label=(self.t(&Msg::new("page-strip-label").service("service", service).num("days", STRIP_DAYS))) {
                    @for day in &days {
                        @let state = day.state();
                        // Only a day with something to tell takes a tab stop: 90 quiet
                        // days a service would be 990 before the list of incidents.
                        @let told = !matches!(state, DayState::Operational | DayState::Unknown);
                        li class=(format!("s-{}", state.key())) {
                            span role="img" aria-label=(self.day_label(day, today))
                                tabindex=[told.then_some("0")] {}
                        }
                    }
                }
                p.uptime { (self.t(&uptime)) }
            }
        }
    }

    /// A day's cell in words: its date (the year only when not `today`'s) and what
    /// happened, with how long.
    fn day_label(&self, day: &Day, today: chrono::NaiveDate) -> String {
        let length = |d: Duration| Arg::Duration(d);
        self.t(&Msg::new("page-day")
            .key("condition", day.state().key())
            .msg("date", date_msg(day.date, today))
            .arg("outage", length(day.outage))
            .arg("degraded", length(day.degraded))
            .arg("maintenance", length(day.maintenance))
            // Today is not over: «এ পর্যন্ত», "so far" — not «বন্ধ ছিল» beside an outage
            // still open (the third bn-BD proxy read's D9).
            .flag("today", day.date == today)
            .flag(
                "also_degraded",
                day.outage > Duration::zero() && day.degraded > Duration::zero(),
            ))
    }

    /// An incident in the page's lists: its title (a link to its page), when, and the
    /// latest word.
    fn incident_summary(&self, incident: &Incident) -> Markup {
        let latest = incident.latest();
        html! {
            article {
                h3 { a href=(self.page.url_of(&format!("/{}/incidents/{}", self.lang.code(), incident.id))) { (self.title(incident)) } }
                p.when { (self.when(incident)) }
                p { (words_of(self.i18n, self.lang, incident, latest)) }
            }
        }
    }

    fn title(&self, incident: &Incident) -> String {
        self.t(&super::incident_title(incident))
    }

    /// "From … to … (2 hours)", or "since … (so far)".
    fn when(&self, incident: &Incident) -> String {
        let end = incident.resolved_at.unwrap_or(self.now());
        let msg = Msg::new("page-incident-when")
            .flag("ongoing", incident.is_open())
            .flag("short", is_short(end - incident.started_at))
            .span(incident.started_at, end)
            .arg("duration", Arg::between(incident.started_at, end));
        // Under way, no end is said: the start is a time of its own ("Since 1:10 pm").
        let msg = if incident.is_open() {
            msg.arg("start", Arg::Time(incident.started_at))
        } else {
            msg
        };
        self.t(&msg)
    }

    /// An incident's own page: its title, when, and its whole timeline, newest first.
    pub fn incident(&self, incident: &Incident) -> String {
        let title = self.title(incident);
        let body = html! {
            article {
                h2 { (title) }
                p.when { (self.when(incident)) }
                @if incident.folded > 0 {
                    p.when { (self.t(&Msg::new("page-folded").num("count", incident.folded))) }
                }
                ol.timeline reversed {
                    @for entry in incident.timeline.iter().rev() {
                        li {
                            span.label { (self.t(&step_label(incident, entry.event))) }
                            span.when { (self.t(&Msg::new("page-at").arg("at", Arg::Time(entry.at)))) }
                            p { (words_of(self.i18n, self.lang, incident, entry)) }
                        }
                    }
                }
            }
            p { a href=(self.page.url_of(&format!("/{}", self.lang.code()))) { (self.t(&Msg::new("page-back"))) } }
        };
        self.frame(
            &format!("{title} · {}", self.page.name(self.i18n, self.lang)),
            &format!("/incidents/{}", incident.id),
            body,
        )
    }
}
