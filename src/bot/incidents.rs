//! Purpose: the admin commands `/down`, `/degraded`, `/update`, `/up`: parse them, hand
//! them to the incident desk, and answer in the admin's language.

use super::command::CommandName;
use super::{Ctx, Failure, Handled, usage};
use crate::desk::{self, DeskError, Posted};
use crate::domain::{LocalizedText, Phase, ReportTo, Service, Severity, Source};
use crate::i18n::{Arg, Msg};

/// What the desk's refusals mean to an admin in a chat.
fn refusal(e: DeskError) -> Failure {
    match e {
        DeskError::AlreadyOpen { service, since } => Failure::User(
            Msg::new("error-already-open")
                .service("service", &service)
                .arg("since", Arg::Time(since)),
        ),
        DeskError::NoOpenIncident { service } => {
            Failure::User(Msg::new("error-no-open-incident").service("service", &service))
        }
        DeskError::TextTooLong { length, limit } => Failure::User(
            Msg::new("error-text-too-long")
                .num("length", length)
                .num("limit", limit),
        ),
        DeskError::Internal(e) => Failure::Internal(e),
    }
}

fn service_arg<'c>(
    ctx: &'c Ctx<'_>,
    typed: Option<&str>,
    command: CommandName,
) -> Result<&'c Service, Failure> {
    ctx.service(typed.ok_or_else(|| usage(command))?)
}

fn report_to(ctx: &Ctx<'_>) -> Option<ReportTo> {
    Some(ReportTo {
        chat: ctx.chat,
        lang: ctx.lang,
    })
}

fn posted(ctx: &Ctx<'_>, posted: Posted) -> Handled {
    Ok(vec![
        ctx.reply(
            &Msg::new("posted")
                .service("service", &posted.incident.service)
                .num("count", posted.subscribers),
        ),
    ])
}

pub async fn open(ctx: &Ctx<'_>, typed: Option<&str>, text: &str, severity: Severity) -> Handled {
    let command = if severity == Severity::MajorOutage {
        CommandName::Down
    } else {
        CommandName::Degraded
    };
    let service = service_arg(ctx, typed, command)?;
    let text = desk::parse_text(text).map_err(refusal)?;
    let done = ctx
        .core
        .desk
        .open(
            &service.id,
            severity,
            text,
            Source::Admin(ctx.user),
            report_to(ctx),
        )
        .await
        .map_err(refusal)?;
    posted(ctx, done)
}

pub async fn update(ctx: &Ctx<'_>, typed: Option<&str>, rest: &str) -> Handled {
    let service = service_arg(ctx, typed, CommandName::Update)?;
    let (phase, text) = match rest.split_once(char::is_whitespace) {
        Some((first, after)) if Phase::parse_open(first).is_some() => {
            (Phase::parse_open(first), after)
        }
        _ => match Phase::parse_open(rest.trim()) {
            Some(phase) => (Some(phase), ""),
            None => (None, rest),
        },
    };
    let text: LocalizedText = desk::parse_text(text).map_err(refusal)?;
    if phase.is_none() && text.is_empty() {
        return Err(usage(CommandName::Update));
    }
    let done = ctx
        .core
        .desk
        .update(&service.id, phase, text, report_to(ctx))
        .await
        .map_err(refusal)?;
    posted(ctx, done)
}

pub async fn resolve(ctx: &Ctx<'_>, typed: Option<&str>, text: &str) -> Handled {
    let service = service_arg(ctx, typed, CommandName::Up)?;
    let text = desk::parse_text(text).map_err(refusal)?;
    let done = ctx
        .core
        .desk
        .resolve(&service.id, text, report_to(ctx))
        .await
        .map_err(refusal)?;
    posted(ctx, done)
}

/// `/mute` and `/unmute`: hold a service's probe back, or let it report again.
pub async fn mute(ctx: &Ctx<'_>, typed: Option<&str>, muted: bool) -> Handled {
    let command = if muted {
        CommandName::Mute
    } else {
        CommandName::Unmute
    };
    let service = service_arg(ctx, typed, command)?;
    let changed = ctx.core.store.set_probe_muted(&service.id, muted).await?;
    let probed = ctx
        .core
        .config
        .probes
        .iter()
        .any(|p| p.service == service.id);
    let msg = Msg::new(if muted {
        "probe-muted"
    } else {
        "probe-unmuted"
    })
    .service("service", &service.id)
    .key("changed", if changed { "yes" } else { "no" })
    .key("probed", if probed { "yes" } else { "no" });
    Ok(vec![ctx.reply(&msg)])
}
