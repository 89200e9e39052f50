//! Purpose: the admin commands `/down`, `/degraded`, `/update`, `/up`: parse them, hand
//! them to the incident desk, and answer in the admin's language.

use super::arguments::{UpdateArgs, Usage};
use super::command::CommandName;
use super::{Ctx, Failure, Handled, persons_text, usage};
use crate::desk::Posted;
use crate::domain::{Service, Severity, Source};
use crate::i18n::{Arg, Msg};
use anyhow::Context;

fn service_arg<'c>(
    ctx: &'c Ctx<'_>,
    typed: Option<&str>,
    command: CommandName,
) -> Result<&'c Service, Failure> {
    ctx.service(typed.ok_or_else(|| usage(command))?)
}

fn posted(ctx: &Ctx<'_>, posted: Posted) -> Handled {
    Ok(vec![
        ctx.reply(
            &Msg::new("posted")
                .service("service", &posted.incident.service)
                .num("count", posted.subscribers)
                .arg("count_text", Arg::Count(posted.subscribers as i64))
                .num("reporters", posted.reporters),
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
    let text = persons_text(text)?;
    let done = ctx
        .core
        .desk
        .raise(
            &service.id,
            severity,
            text,
            Source::Admin(ctx.user),
            ctx.report_to(),
        )
        .await?;
    posted(ctx, done)
}

pub async fn update(ctx: &Ctx<'_>, typed: Option<&str>, rest: &str) -> Handled {
    let service = service_arg(ctx, typed, CommandName::Update)?;
    let UpdateArgs { phase, text } =
        UpdateArgs::parse(rest).map_err(|Usage| usage(CommandName::Update))?;
    let text = persons_text(text)?;
    if phase.is_none() && text.is_empty() {
        return Err(usage(CommandName::Update));
    }
    let done = ctx
        .core
        .desk
        .update(
            &service.id,
            phase,
            text,
            Source::Admin(ctx.user),
            ctx.report_to(),
        )
        .await?;
    posted(ctx, done)
}

pub async fn resolve(ctx: &Ctx<'_>, typed: Option<&str>, text: &str) -> Handled {
    let service = service_arg(ctx, typed, CommandName::Up)?;
    let text = persons_text(text)?;
    let done = ctx
        .core
        .desk
        .resolve(&service.id, text, Source::Admin(ctx.user), ctx.report_to())
        .await?;
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
    let changed = ctx
        .core
        .store
        .set_probe_muted(&service.id, muted)
        .await
        .context("saving whether the probe is muted")?;
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
    .text("id", service.id.as_str())
    .flag("changed", changed)
    .flag("probed", probed);
    Ok(vec![ctx.reply(&msg)])
}
