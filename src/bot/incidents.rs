//! Purpose: the admin commands `/down`, `/degraded`, `/update`, `/up` — change an
//! incident, store the event and its broadcast together, wake the delivery engine.

use super::{Ctx, Failure, Handled};
use crate::domain::{
    Broadcast, Incident, IncidentError, LocalizedText, Notice, Phase, ReportTo, Service, Severity,
    Source, Tally,
};
use crate::i18n::{Arg, Msg};

/// Longest admin text per language part, in characters. A notice is one Telegram message
/// (at most 4096 characters), and the localized headline needs room too.
pub const MAX_TEXT_CHARS: usize = 3000;

fn usage(command: &'static str) -> Failure {
    Failure::User(Msg::new("error-usage").text("usage", command).msg(
        "example",
        Msg::new(match command {
            "down" => "usage-down",
            "degraded" => "usage-degraded",
            "update" => "usage-update",
            _ => "usage-up",
        }),
    ))
}

/// Parses admin text, refusing parts too long for one message.
fn admin_text(text: &str) -> Result<LocalizedText, Failure> {
    let parsed = LocalizedText::parse(text);
    if let Some(longest) = parsed
        .parts()
        .map(|(_, t)| t.chars().count())
        .max()
        .filter(|&n| n > MAX_TEXT_CHARS)
    {
        return Err(Failure::User(
            Msg::new("error-text-too-long")
                .num("length", longest)
                .num("limit", MAX_TEXT_CHARS),
        ));
    }
    Ok(parsed)
}

fn service_arg<'c>(
    ctx: &'c Ctx<'_>,
    typed: Option<&str>,
    command: &'static str,
) -> Result<&'c Service, Failure> {
    ctx.service(typed.ok_or_else(|| usage(command))?)
}

fn open_incident(ctx: &Ctx<'_>, service: &Service) -> Result<Incident, Failure> {
    ctx.core.store.open_incident(&service.id)?.ok_or_else(|| {
        Failure::User(Msg::new("error-no-open-incident").service("service", &service.id))
    })
}

/// Stores the incident with a broadcast of its latest event, then tells the admin.
async fn publish(ctx: &Ctx<'_>, incident: &Incident) -> Handled {
    let store = &ctx.core.store;
    let total = store.subscriber_count(&incident.service) as u64;
    let broadcast = Broadcast {
        id: store.next_id()?,
        notice: Notice::latest_of(incident),
        cursor: None,
        total,
        tally: Tally::default(),
        report_to: Some(ReportTo {
            chat: ctx.chat,
            lang: ctx.lang,
        }),
        progress_message: None,
    };
    store.record_event(incident, &broadcast)?;
    store.flush().await?;
    ctx.core.wake_delivery();
    tracing::info!(incident = incident.id, service = %incident.service, event = ?broadcast.notice.event, subscribers = total, "incident event posted");
    Ok(vec![
        ctx.reply(
            &Msg::new("posted")
                .service("service", &incident.service)
                .num("count", total),
        ),
    ])
}

pub async fn open(ctx: &Ctx<'_>, typed: Option<&str>, text: &str, severity: Severity) -> Handled {
    let command = if severity == Severity::MajorOutage {
        "down"
    } else {
        "degraded"
    };
    let service = service_arg(ctx, typed, command)?;
    let text = admin_text(text)?;
    let now = ctx.core.clock.now();
    let incident = match ctx.core.store.open_incident(&service.id)? {
        // A slowdown that became an outage (or the reverse) is the same incident.
        Some(mut incident) => match incident.change_severity(severity, text, now) {
            Ok(_) => incident,
            Err(IncidentError::SameSeverity) => {
                return Err(Failure::User(
                    Msg::new("error-already-open")
                        .service("service", &service.id)
                        .arg("since", Arg::Time(incident.started_at)),
                ));
            }
            Err(e @ IncidentError::AlreadyResolved) => return Err(Failure::Internal(e.into())),
        },
        None => Incident::open(
            ctx.core.store.next_id()?,
            service.id.clone(),
            severity,
            text,
            now,
            Source::Admin(ctx.user),
        ),
    };
    publish(ctx, &incident).await
}

pub async fn update(ctx: &Ctx<'_>, typed: Option<&str>, rest: &str) -> Handled {
    let service = service_arg(ctx, typed, "update")?;
    let (phase, text) = match rest.split_once(char::is_whitespace) {
        Some((first, after)) if Phase::parse_open(first).is_some() => {
            (Phase::parse_open(first), after)
        }
        _ => match Phase::parse_open(rest.trim()) {
            Some(phase) => (Some(phase), ""),
            None => (None, rest),
        },
    };
    let text = admin_text(text)?;
    if phase.is_none() && text.is_empty() {
        return Err(usage("update"));
    }
    let mut incident = open_incident(ctx, service)?;
    incident
        .update(phase, text, ctx.core.clock.now())
        .map_err(|e| Failure::Internal(e.into()))?;
    publish(ctx, &incident).await
}

pub async fn resolve(ctx: &Ctx<'_>, typed: Option<&str>, text: &str) -> Handled {
    let service = service_arg(ctx, typed, "up")?;
    let text = admin_text(text)?;
    let mut incident = open_incident(ctx, service)?;
    incident
        .resolve(text, ctx.core.clock.now())
        .map_err(|e| Failure::Internal(e.into()))?;
    publish(ctx, &incident).await
}
