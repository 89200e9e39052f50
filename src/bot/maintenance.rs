//! `/maintenance`: admins plan, list, extend, cancel and end planned maintenance windows
//! (`/maintenance bkash tomorrow 02:00 3h [en] Core upgrade [bn] মূল ব্যবস্থার হালনাগাদ`).
//! Starts are read in the deployment's time zone; Bengali words and digits work too.

use super::arguments::{MaintenanceArgs, Usage};
use super::command::CommandName;
use super::{Ctx, Failure, Handled, echo, usage};
use crate::domain::maintenance::{
    MaintenanceError, Window, WindowState, WordsError, parse_length, parse_start,
};
use crate::domain::{ReportTo, Source};
use crate::i18n::{Arg, Msg};
use crate::maintenance::{Changed, PlanError};
use crate::outbound::Content;

pub async fn maintenance(ctx: &Ctx<'_>, args: Option<&str>) -> Handled {
    let args = MaintenanceArgs::parse(args).map_err(|Usage| usage(CommandName::Maintenance))?;
    let report_to = ctx.report_to();
    let planner = &ctx.core.maintenance;
    let done = match args {
        MaintenanceArgs::List => return list(ctx),
        MaintenanceArgs::Cancel(id) => planner.cancel(id, report_to).await,
        MaintenanceArgs::Done(id) => planner.end_early(id, report_to).await,
        MaintenanceArgs::Extend { id, by } => {
            let by = parse_length(by).map_err(|e| words_error(e, by))?;
            planner.extend(id, by, report_to).await
        }
        MaintenanceArgs::Plan {
            service,
            day,
            time,
            length,
            text,
        } => return plan(ctx, [service, day, time, length, text], report_to).await,
    };
    let changed = done.map_err(refusal)?;
    let window = &changed.window;
    let id = match window.state {
        WindowState::Cancelled => "maintenance-cancelled",
        // "Done" once its end had come simply ended it.
        WindowState::EndedEarly | WindowState::Completed => "maintenance-done",
        WindowState::Planned | WindowState::Running => "maintenance-extended",
    };
    // Over, with the service still down: the admin hears what subscribers are told.
    Ok(vec![ctx.reply(
        &window_msg(id, window).flag("outage_open", changed.outage_open),
    )])
}

/// `/maintenance <service> <day> <time> <length> [text]`.
async fn plan(
    ctx: &Ctx<'_>,
    [service, day, time, length, text]: [&str; 5],
    report_to: Option<ReportTo>,
) -> Handled {
    let service = ctx.service(service)?.id.clone();
    let now = ctx.core.clock.now();
    let tz = ctx.core.config.timezone;
    let starts = parse_start(day, time, now, tz).map_err(|e| {
        let typed = if e == WordsError::Day { day } else { time };
        words_error(e, typed)
    })?;
    let length = parse_length(length).map_err(|e| words_error(e, length))?;
    let text = super::persons_text(text)?;
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
    let mut answer = ctx.render(&planned_msg(ctx, &changed));
    // The start is read on the deployment's clock, and the answer shows it on the
    // admin's own (Kolkata's for bn-IN): when the two differ, say so.
    if ctx.core.i18n.zone(ctx.lang) != tz {
        answer.push('\n');
        answer.push_str(
            &ctx.render(
                &Msg::new("maintenance-read-clock")
                    .text("typed", format!("{day} {time}"))
                    .text("bot_zone", tz.name())
                    .arg("zone", Arg::ZoneName),
            ),
        );
    }
    Ok(vec![ctx.reply_content(Content::text(answer))])
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
        // Called off or ended: which, since a window called off never ran.
        MaintenanceError::Over(w) => window_msg("error-maintenance-over", &w)
            .flag("cancelled", w.state == WindowState::Cancelled),
        MaintenanceError::AlreadyStarted(w) => window_msg("error-maintenance-started", &w),
        MaintenanceError::NotStarted(w) => window_msg("error-maintenance-not-started", &w),
    })
}
