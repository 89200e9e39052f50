//! Purpose: `/status` (now) and `/history` (before) of one service or all, with the
//! planned maintenance running or ahead.

use super::{Ctx, Failure, Handled};
use crate::delivery::notice_text::admin_words;
use crate::domain::maintenance::{Window, WindowState};
use crate::domain::{Course, Incident, ServiceId, Severity, Source};
use crate::i18n::newsroom::is_short;
use crate::i18n::{Arg, Msg};
use anyhow::Context;

/// How many incidents `/history` lists.
const HISTORY_LENGTH: usize = 10;

/// An open incident's change of severity, for `status-open` and `history-ongoing`:
/// trouble that became a full outage (`worsened`, `$down_since`) or the other way
/// (`eased`, `$eased_since`), or back and forth (`swung`, `$swung_since`), and the start (`start_arg`) and the change said as the two
/// ends of one span, so both clocks read in one style.
fn with_change_of_severity(msg: Msg, incident: &Incident, start_arg: &'static str) -> Msg {
    // Back and forth more than once (`swung`) is neither: «… থেকে কখনো পুরোপুরি বন্ধ, কখনো আংশিক চালু;
    // … থেকে আবার পুরোপুরি বন্ধ».
    let change = incident.latest_change();
    let course = change.map(|(course, _)| course);
    let msg = msg
        .flag("swung", course == Some(Course::Mixed))
        .flag("worsened", course == Some(Course::Worsened))
        .flag("eased", course == Some(Course::Eased));
    match change.map(|(_, at)| at) {
        Some(end) => {
            let start = incident.started_at;
            msg.arg(start_arg, Arg::PairedStart { start, end })
                .arg("down_since", Arg::SpanEnd { start, end })
                .arg("eased_since", Arg::SpanEnd { start, end })
                .arg("swung_since", Arg::SpanEnd { start, end })
        }
        None => msg,
    }
}

/// The lines that describe one open incident.
fn open_incident_text(ctx: &Ctx<'_>, incident: &Incident) -> String {
    let now = ctx.core.clock.now();
    let msg = Msg::new("status-open")
        .key("severity", incident.severity.key())
        .key("phase", incident.phase.key())
        .service("service", &incident.service)
        .arg("since", Arg::Time(incident.started_at))
        .flag("short", is_short(incident.elapsed(now)))
        .arg("elapsed", Arg::between(incident.started_at, now));
    let msg = with_change_of_severity(msg, incident, "since");
    let mut text = ctx.render(&msg);
    if let Some(latest) = incident.latest_with_text()
        && let Some(words) = admin_words(ctx.lang, &latest.text)
    {
        text.push('\n');
        text.push_str(
            &ctx.render(
                &Msg::new("status-latest")
                    .arg("at", Arg::Time(latest.at))
                    .msg("text", words),
            ),
        );
    }
    if ctx.core.config.is_admin(ctx.user) {
        text.push('\n');
        text.push_str(&ctx.render(&source_msg(incident.source)));
    }
    text
}

fn source_msg(source: Source) -> Msg {
    match source {
        // Ids in ASCII digits: admins copy them into OUTAGE_BOT_ADMINS.
        Source::Admin(user) => Msg::new("source-admin").text("user", user.0.to_string()),
        Source::Api => Msg::new("source-api"),
        Source::Alertmanager => Msg::new("source-alertmanager"),
        Source::Monitor => Msg::new("source-monitor"),
        Source::Crowd(user) => Msg::new("source-crowd").text("user", user.0.to_string()),
        Source::Probe => Msg::new("source-probe"),
    }
}

/// «🔧 রক্ষণাবেক্ষণ চলছে, ভোর ৫টা পর্যন্ত», or the maintenance planned ahead.
pub fn maintenance_text(ctx: &Ctx<'_>, window: &Window) -> String {
    let running = window.holds_alarms_at(ctx.core.clock.now());
    ctx.render(
        &Msg::new("status-maintenance")
            .key("state", if running { "running" } else { "planned" })
            .service("service", &window.service)
            .span(window.starts, window.ends),
    )
}

/// What `/status` says of one service: its open incident, or that it works; and its
/// maintenance, running or ahead (a running window stands in for "working normally").
fn service_text(ctx: &Ctx<'_>, service: &ServiceId, window: Option<&Window>) -> Handled {
    let now = ctx.core.clock.now();
    let incident = ctx
        .core
        .store
        .open_incident(service)
        .context("reading the open incident for /status")?;
    let in_maintenance = window.is_some_and(|w| w.holds_alarms_at(now));
    let mut parts = Vec::new();
    match &incident {
        Some(incident) => {
            parts.push(open_incident_text(ctx, incident));
            parts.extend(alternatives_line(ctx, service)?);
        }
        None if in_maintenance => {}
        None => parts.push(ctx.render(&Msg::new("status-operational").service("service", service))),
    }
    parts.extend(window.map(|w| maintenance_text(ctx, w)));
    let mut replies = ctx.reply_long(&parts.join("\n"));
    // Under one service's status in a private chat: "it's not working for me" in one
    // tap (in a group, a tap would report for whoever pressed it). Not while planned
    // maintenance runs with no incident: it is down on purpose, and the status says
    // until when (an outage declared within the window still takes reports).
    if !ctx.chat_kind.is_shared()
        && (!in_maintenance || incident.is_some())
        && let Some(last) = replies.last_mut()
    {
        last.content.buttons.push(vec![ctx.button(
            ctx.render(&Msg::new("report-button").service("service", service)),
            crate::button_press::ButtonPress::Report(service.to_string()),
        )]);
    }
    Ok(replies)
}

/// «বিকল্প হিসেবে মেসেঞ্জার চালু আছে»: the alternatives of a service that is down which are not.
fn alternatives_line(ctx: &Ctx<'_>, service: &ServiceId) -> Result<Option<String>, Failure> {
    let Some(known) = ctx.core.config.catalog.get(service) else {
        return Ok(None);
    };
    let working = ctx
        .core
        .store
        .working_alternatives(known, ctx.core.clock.now())
        .context("reading the alternatives' state")?;
    Ok((!working.is_empty()).then(|| {
        let (names, _) = ctx.core.i18n.service_list(ctx.lang, &working);
        ctx.render(
            &Msg::new("alternatives-working")
                .text("services", names)
                .num("count", working.len()),
        )
    }))
}

/// A plain message that says `service` fails («হোয়াটসঅ্যাপ চলছে না»): its status, and
/// under it a button that reports it in one tap.
pub fn asked_in_plain_words(ctx: &Ctx<'_>, service: &ServiceId) -> Handled {
    status(ctx, Some(service.as_str()))
}

pub fn status(ctx: &Ctx<'_>, service: Option<&str>) -> Handled {
    let store = &ctx.core.store;
    let windows = ctx.core.maintenance.active()?;
    let window_of = |id: &ServiceId| windows.iter().find(|w| &w.service == id);
    if let Some(typed) = service {
        let service = ctx.service(typed)?;
        return service_text(ctx, &service.id, window_of(&service.id));
    }
    let now = ctx.core.clock.now();
    let mut open = Vec::new();
    let mut tally = Tally::default();
    for service in ctx.core.config.catalog.iter() {
        match store
            .open_incident(&service.id)
            .context("reading open incidents for /status")?
        {
            Some(incident) => {
                match incident.severity {
                    Severity::MajorOutage => tally.down += 1,
                    Severity::Degraded => tally.degraded += 1,
                }
                open.push(open_incident_text(ctx, &incident));
            }
            None if window_of(&service.id).is_some_and(|w| w.holds_alarms_at(now)) => {
                tally.maintenance += 1
            }
            None => tally.operational += 1,
        }
    }
    let mut text = match tally.summary() {
        parts if parts.is_empty() => {
            ctx.render(&Msg::new("status-all-operational").num("count", tally.operational))
        }
        parts => parts
            .iter()
            .map(|part| ctx.render(part))
            .collect::<Vec<_>>()
            .join(" · "),
    };
    if !open.is_empty() {
        text.push_str("\n\n");
        text.push_str(&open.join("\n\n"));
    }
    if !windows.is_empty() {
        let lines: Vec<String> = windows.iter().map(|w| maintenance_text(ctx, w)).collect();
        text.push_str("\n\n");
        text.push_str(&lines.join("\n"));
    }
    // Admins hear of notices the bot could not read and set aside (see the log).
    let set_aside = store.set_aside_count();
    if set_aside > 0 && ctx.core.config.is_admin(ctx.user) {
        text.push_str("\n\n");
        text.push_str(&ctx.render(&Msg::new("status-set-aside").num("count", set_aside)));
    }
    Ok(ctx.reply_long(&text))
}

/// How many services `/status` finds in each state.
#[derive(Debug, Default, Clone, Copy)]
pub struct Tally {
    pub down: usize,
    pub degraded: usize,
    pub maintenance: usize,
    pub operational: usize,
}

impl Tally {
    /// The summary line's parts, worst first, each only when its count is not zero
    /// (never a red «০টি»); empty when every service works. The first part names the
    /// unit («২টি সেবা বন্ধ · ১টি ব্যাহত»); the working ones are "the rest".
    pub fn summary(&self) -> Vec<Msg> {
        if self.down + self.degraded + self.maintenance == 0 {
            return Vec::new();
        }
        let counted = [
            ("status-summary-down", self.down),
            ("status-summary-degraded", self.degraded),
            ("status-summary-maintenance", self.maintenance),
            ("status-summary-operational", self.operational),
        ];
        counted
            .into_iter()
            .filter(|(_, count)| *count > 0)
            .enumerate()
            .map(|(place, (id, count))| Msg::new(id).num("count", count).flag("leads", place == 0))
            .collect()
    }
}

/// How long a finished maintenance window stays in `/history`.
const WINDOWS_KEPT_IN_HISTORY: chrono::Duration = chrono::Duration::days(7);

/// The windows `/history` shows (of one service, or all): those to come or under way,
/// soonest first, then those that ran in the last week, latest first (a window called
/// off never happened).
fn history_windows(
    ctx: &Ctx<'_>,
    service: Option<&ServiceId>,
    now: chrono::DateTime<chrono::Utc>,
) -> anyhow::Result<Vec<Window>> {
    let of_service = |w: &Window| service.is_none_or(|id| *id == w.service);
    let mut finished: Vec<Window> = ctx
        .core
        .store
        .windows()
        .context("reading maintenance windows for /history")?
        .into_iter()
        .filter(|w| {
            of_service(w)
                && matches!(w.state, WindowState::Completed | WindowState::EndedEarly)
                && w.ends > now - WINDOWS_KEPT_IN_HISTORY
        })
        .collect();
    finished.sort_by_key(|w| std::cmp::Reverse((w.ends, w.id)));
    finished.truncate(HISTORY_LENGTH);
    let mut windows: Vec<Window> = ctx
        .core
        .maintenance
        .active()?
        .into_iter()
        .filter(|w| of_service(w))
        .collect();
    windows.extend(finished);
    Ok(windows)
}

pub async fn history(ctx: &Ctx<'_>, service: Option<&str>) -> Handled {
    let service_id = service
        .map(|typed| ctx.service(typed).map(|s| s.id.clone()))
        .transpose()?;
    let of = service_id.clone();
    let (incidents, earlier) = ctx
        .core
        .store
        .read(move |store| {
            Ok((
                store.recent_incidents(of.as_ref(), HISTORY_LENGTH)?,
                store.past_incidents(of.as_ref())?,
            ))
        })
        .await
        .context("reading recent incidents and the summary of earlier ones for /history")?;
    let now = ctx.core.clock.now();
    let windows = history_windows(ctx, service_id.as_ref(), now)?;
    if incidents.is_empty() && earlier.is_empty() && windows.is_empty() {
        let msg = match &service_id {
            Some(id) => Msg::new("history-none-service").service("service", id),
            None => Msg::new("history-none"),
        };
        return Ok(vec![ctx.reply(&msg)]);
    }
    let mut lines: Vec<String> = Vec::new();
    if !windows.is_empty() {
        lines.push(ctx.render(&Msg::new("history-maintenance-heading")));
    }
    for window in &windows {
        let state = match window.state {
            WindowState::Planned if window.holds_alarms_at(now) => WindowState::Running,
            state => state,
        };
        lines.push(
            ctx.render(
                &Msg::new("history-maintenance")
                    .key("state", state.key())
                    .service("service", &window.service)
                    .span(window.starts, window.ends),
            ),
        );
    }
    if !incidents.is_empty() {
        lines.push(ctx.render(&Msg::new("history-heading").num("count", incidents.len())));
    }
    for incident in &incidents {
        let msg = match incident.resolved_at {
            // The end names its day only when it differs from the start's.
            Some(end) => {
                let start = incident.started_at;
                Msg::new("history-resolved")
                    .arg("start", Arg::SpanStart { start, end })
                    .arg("end", Arg::SpanEnd { start, end })
            }
            // Trouble that became an outage, or the other way: each dated from its own
            // start, as /status.
            None => with_change_of_severity(
                Msg::new("history-ongoing").arg("start", Arg::Time(incident.started_at)),
                incident,
                "start",
            ),
        };
        // A past incident is told as it began, and how it went («প্রথমে বিভ্রাট, পরে
        // পুরোপুরি বন্ধ»); an open one as it stands.
        let told_as = match incident.resolved_at {
            Some(_) => incident.opened_as(),
            None => incident.severity,
        };
        lines.push(
            ctx.render(
                &msg.service("service", &incident.service)
                    .key("severity", told_as.key())
                    .key("course", incident.course().key())
                    .flag("short", is_short(incident.elapsed(now)))
                    .arg(
                        "duration",
                        Arg::between(incident.started_at, incident.resolved_at.unwrap_or(now)),
                    ),
            ),
        );
        // Admins also see where each incident came from.
        if ctx.core.config.is_admin(ctx.user) {
            lines.push(format!("  {}", ctx.render(&source_msg(incident.source))));
        }
    }
    for (service, past) in &earlier {
        lines.push(
            ctx.render(
                &Msg::new("history-earlier")
                    .service("service", service)
                    .num("count", past.count as i64)
                    .arg("since", Arg::Time(past.since))
                    .arg("duration", Arg::Duration(past.downtime)),
            ),
        );
    }
    Ok(ctx.reply_long(&lines.join("\n")))
}
