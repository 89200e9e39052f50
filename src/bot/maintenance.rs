//! `/maintenance`: admins plan, list, extend, cancel and end planned maintenance windows
//! (`/maintenance bkash tomorrow 02:00 3h [en] Core upgrade [bn] মূল ব্যবস্থার হালনাগাদ`).
//! Starts are read in the deployment's time zone; Bengali words and digits work too.

use super::command::CommandName;
use super::{Ctx, Failure, Handled, echo, usage};
use crate::domain::digits::ascii_digits;
use crate::domain::maintenance::{
    MaintenanceError, Window, WindowState, WordsError, parse_length, parse_start,
};
use crate::domain::{ReportTo, Source};
use crate::i18n::{Arg, Msg};
use crate::maintenance::{Changed, PlanError};

/// The first word and the rest, trimmed.
fn next_word(text: &str) -> Option<(&str, &str)> {
    let text = text.trim_start();
    if text.is_empty() {
        return None;
    }
    Some(match text.split_once(char::is_whitespace) {
        Some((word, rest)) => (word, rest.trim_start()),
        None => (text, ""),
    })
}

/// A window id as typed (`12`, `#12`, «১২»).
fn window_id(typed: Option<&str>) -> Result<u64, Failure> {
    typed
        .map(|t| ascii_digits(t.trim_start_matches('#')))
        .and_then(|t| t.parse().ok())
        .ok_or_else(|| usage(CommandName::Maintenance))
}

pub async fn maintenance(ctx: &Ctx<'_>, args: Option<&str>) -> Handled {
    let Some((first, rest)) = args.and_then(next_word) else {
        return list(ctx);
    };
    let report_to = super::incidents::report_to(ctx);
    let planner = &ctx.core.maintenance;
    let (id, more) = match next_word(rest) {
        Some((id, more)) => (Some(id), more),
        None => (None, ""),
    };
    let done = match first.to_lowercase().as_str() {
        "list" if rest.is_empty() => return list(ctx),
        "cancel" | "done" if !more.is_empty() => return Err(usage(CommandName::Maintenance)),
        "cancel" => planner.cancel(window_id(id)?, report_to).await,
        "done" => planner.end_early(window_id(id)?, report_to).await,
        "extend" if more.is_empty() => return Err(usage(CommandName::Maintenance)),
        "extend" => {
            let id = window_id(id)?;
            let by = parse_length(more).map_err(|e| words_error(e, more))?;
            planner.extend(id, by, report_to).await
        }
        _ => return plan(ctx, first, rest, report_to).await,
    };
    let changed = done.map_err(refusal)?;
    let window = &changed.window;
    let id = match window.state {
        WindowState::Cancelled => "maintenance-cancelled",
        WindowState::EndedEarly => "maintenance-done",
        _ => "maintenance-extended",
    };
    Ok(vec![ctx.reply(&window_msg(id, window))])
}

/// `/maintenance <service> <day> <time> <length> [text]`.
async fn plan(ctx: &Ctx<'_>, service: &str, rest: &str, report_to: Option<ReportTo>) -> Handled {
    let Some((day, rest)) = next_word(rest) else {
        return Err(usage(CommandName::Maintenance));
    };
    let Some((time, rest)) = next_word(rest) else {
        return Err(usage(CommandName::Maintenance));
    };
    let Some((length, text)) = next_word(rest) else {
        return Err(usage(CommandName::Maintenance));
    };
    let service = ctx.service(service)?.id.clone();
    let now = ctx.core.clock.now();
    let tz = ctx.core.config.timezone;
    let starts = parse_start(day, time, now, tz).map_err(|e| {
        let typed = if e == WordsError::Day { day } else { time };
        words_error(e, typed)
    })?;
    let length = parse_length(length).map_err(|e| words_error(e, length))?;
    let text = super::incidents::persons_text(text)?;
    let changed = ctx
        .core
        .maintenance
        .plan(
            &service,
            starts,
            length,
            text,
            Source::Admin(ctx.user),
            report_to,
        )
        .await
        .map_err(refusal)?;
    Ok(vec![ctx.reply(&planned_msg(ctx, &changed))])
}

fn planned_msg(ctx: &Ctx<'_>, changed: &Changed) -> Msg {
    let window = &changed.window;
    window_msg("maintenance-planned", window)
        .flag("remind", window.remind)
        .arg(
            "before",
            Arg::Duration(ctx.core.config.maintenance_remind_before),
        )
        .num("subscribers", changed.subscribers)
}

/// A message about `window`: its id, service and times.
fn window_msg(id: &'static str, window: &Window) -> Msg {
    Msg::new(id)
        .text("id", window.id.to_string())
        .service("service", &window.service)
        .span(window.starts, window.ends)
}

/// `/maintenance`: every window planned or running, soonest first.
fn list(ctx: &Ctx<'_>) -> Handled {
    let windows = ctx.core.maintenance.active()?;
    if windows.is_empty() {
        return Ok(vec![ctx.reply(
            &Msg::new("maintenance-list-none").msg("example", Msg::new("usage-maintenance")),
        )]);
    }
    let mut lines = vec![ctx.render(&Msg::new("maintenance-list-heading"))];
    for window in &windows {
        lines.push(
            ctx.render(
                &window_msg("maintenance-list-line", window)
                    .key("state", window.state.key())
                    .num("held", window.held),
            ),
        );
    }
    Ok(ctx.reply_long(&lines.join("\n")))
}

fn words_error(e: WordsError, typed: &str) -> Failure {
    let id = match e {
        WordsError::Day => "error-maintenance-day",
        WordsError::Time => "error-maintenance-time",
        WordsError::Length => "error-maintenance-length",
    };
    Failure::User(Msg::new(id).text("typed", echo(typed)))
}

/// Why a window was not planned or changed, as the admin reads it.
fn refusal(e: PlanError) -> Failure {
    let rule = match e {
        PlanError::Rules(rule) => rule,
        PlanError::OutboxFull { pending, .. } => {
            return Failure::User(Msg::new("error-outbox-full").num("pending", pending));
        }
        PlanError::Internal(e) => return Failure::Internal(e),
    };
    Failure::User(match rule {
        MaintenanceError::StartsInThePast => {
            Msg::new("error-maintenance-past").msg("example", Msg::new("usage-maintenance"))
        }
        MaintenanceError::Empty => Msg::new("error-maintenance-empty"),
        MaintenanceError::TooLong => Msg::new("error-maintenance-too-long")
            .arg("most", Arg::Duration(crate::domain::maintenance::longest())),
        MaintenanceError::TooFarAhead => Msg::new("error-maintenance-too-far"),
        MaintenanceError::Overlaps(other) => window_msg("error-maintenance-overlaps", &other),
        MaintenanceError::Unknown(id) => {
            Msg::new("error-maintenance-unknown").text("id", id.to_string())
        }
        MaintenanceError::Over(w) => window_msg("error-maintenance-over", &w),
        MaintenanceError::AlreadyStarted(w) => window_msg("error-maintenance-started", &w),
        MaintenanceError::NotStarted(w) => window_msg("error-maintenance-not-started", &w),
    })
}
