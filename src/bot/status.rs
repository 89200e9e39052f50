//! Purpose: `/status` (now) and `/history` (before) of one service or all.

use super::{Ctx, Handled};
use crate::delivery::notice_text::admin_words;
use crate::domain::{Incident, IncidentEvent, Source};
use crate::i18n::clock_text::short_key;
use crate::i18n::{Arg, Msg};
use anyhow::Context;

/// How many incidents `/history` lists.
const HISTORY_LENGTH: usize = 10;

/// The lines that describe one open incident.
fn open_incident_text(ctx: &Ctx<'_>, incident: &Incident) -> String {
    let now = ctx.core.clock.now();
    let msg = Msg::new("status-open")
        .key("severity", incident.severity.key())
        .key("phase", incident.phase.key())
        .service("service", &incident.service)
        .arg("since", Arg::Time(incident.started_at))
        .key("short", short_key(incident.elapsed(now)))
        .arg("elapsed", Arg::Duration(incident.elapsed(now)));
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

pub fn status(ctx: &Ctx<'_>, service: Option<&str>) -> Handled {
    let store = &ctx.core.store;
    if let Some(typed) = service {
        let service = ctx.service(typed)?;
        let text = match store
            .open_incident(&service.id)
            .context("reading the open incident for /status")?
        {
            Some(incident) => open_incident_text(ctx, &incident),
            None => ctx.render(&Msg::new("status-operational").service("service", &service.id)),
        };
        return Ok(ctx.reply_long(&text));
    }
    let mut open = Vec::new();
    for service in ctx.core.config.catalog.iter() {
        if let Some(incident) = store
            .open_incident(&service.id)
            .context("reading open incidents for /status")?
        {
            open.push(open_incident_text(ctx, &incident));
        }
    }
    let operational = ctx.core.config.catalog.len() - open.len();
    let mut text = if open.is_empty() {
        ctx.render(&Msg::new("status-all-operational").num("count", operational))
    } else {
        let summary = ctx.render(
            &Msg::new("status-summary")
                .num("down", open.len())
                .num("operational", operational),
        );
        format!("{summary}\n\n{}", open.join("\n\n"))
    };
    // Admins hear of notices the bot could not read and set aside (see the log).
    let set_aside = store.set_aside_count();
    if set_aside > 0 && ctx.core.config.is_admin(ctx.user) {
        text.push_str("\n\n");
        text.push_str(&ctx.render(&Msg::new("status-set-aside").num("count", set_aside)));
    }
    Ok(ctx.reply_long(&text))
}

pub fn history(ctx: &Ctx<'_>, service: Option<&str>) -> Handled {
    let service_id = service
        .map(|typed| ctx.service(typed).map(|s| s.id.clone()))
        .transpose()?;
    let incidents = ctx
        .core
        .store
        .recent_incidents(service_id.as_ref(), HISTORY_LENGTH)
        .context("reading recent incidents for /history")?;
    let earlier = ctx
        .core
        .store
        .past_incidents(service_id.as_ref())
        .context("reading the summary of earlier incidents for /history")?;
    if incidents.is_empty() && earlier.is_empty() {
        let msg = match &service_id {
            Some(id) => Msg::new("history-none-service").service("service", id),
            None => Msg::new("history-none"),
        };
        return Ok(vec![ctx.reply(&msg)]);
    }
    let now = ctx.core.clock.now();
    let mut lines = Vec::new();
    if !incidents.is_empty() {
        lines.push(ctx.render(&Msg::new("history-heading").num("count", incidents.len())));
    }
    for incident in &incidents {
        let msg = match incident.resolved_at {
            // The end names its day only when it differs from the start's.
            Some(end) => Msg::new("history-resolved").arg(
                "end",
                Arg::SpanEnd {
                    start: incident.started_at,
                    end,
                },
            ),
            None => Msg::new("history-ongoing"),
        };
        let opened_as = match incident.timeline.first().map(|e| e.event) {
            Some(IncidentEvent::Opened(severity)) => severity,
            _ => incident.severity,
        };
        lines.push(
            ctx.render(
                &msg.service("service", &incident.service)
                    .key("severity", opened_as.key())
                    .arg("start", Arg::Time(incident.started_at))
                    .key("short", short_key(incident.elapsed(now)))
                    .arg("duration", Arg::Duration(incident.elapsed(now))),
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
