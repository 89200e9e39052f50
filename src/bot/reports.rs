//! Purpose: `/report <service>` — "it's down for me", counted once per user per window;
//! crossing the threshold alerts every admin once per window.

use super::command::{ButtonPress, CommandName};
use super::{Ctx, Failure, Handled, usage};
use crate::domain::{NoticeText, ReportOutcome, Severity, Source};
use crate::i18n::{Arg, Msg};
use crate::outbound::Reply;
use crate::outbound::{Button, Content};
use anyhow::Context;

pub async fn report(ctx: &Ctx<'_>, typed: Option<&str>) -> Handled {
    let Some(typed) = typed else {
        return Err(usage(CommandName::Report));
    };
    let service = ctx.service(typed)?;
    let core = ctx.core;
    let rule = core.config.reports;
    let now = core.clock.now();
    if let Some(incident) = core
        .store
        .open_incident(&service.id)
        .context("reading the open incident for a report")?
    {
        // Already known: say so rather than count.
        return Ok(vec![
            ctx.reply(
                &Msg::new("report-known")
                    .service("service", &service.id)
                    .text("id", service.id.as_str())
                    .flag(
                        "subscribed",
                        core.store
                            .subscriptions(ctx.chat)
                            .context("reading a reporter's subscriptions")?
                            .contains(&service.id),
                    )
                    .arg("since", Arg::Time(incident.started_at)),
            ),
        ]);
    }
    let outcome = core
        .store
        .record_report(&service.id, ctx.user, now, &rule)
        .await
        .context("recording a report")?;
    let window_minutes = rule.window.num_minutes();
    let mut replies = Vec::new();
    let answer = match outcome {
        ReportOutcome::AlreadyCounted => Msg::new("report-already")
            .service("service", &service.id)
            .num("minutes", window_minutes),
        ReportOutcome::Counted { reporters } | ReportOutcome::Alert { reporters } => {
            Msg::new("report-counted")
                .service("service", &service.id)
                .num("count", reporters)
                .num("minutes", window_minutes)
        }
    };
    replies.push(ctx.reply(&answer));
    if let ReportOutcome::Alert { reporters } = outcome {
        tracing::warn!(service = %service.id, reporters, "crowd reports crossed the threshold");
        let admins =
            crate::delivery::messenger::admin_chats(&core.config.admins, &core.store, &core.i18n);
        for (chat, lang) in admins {
            let alert = Msg::new("report-alert")
                .service("service", &service.id)
                .text("id", service.id.as_str())
                .num("count", reporters)
                .num("minutes", window_minutes);
            let button = |label: &'static str, press: ButtonPress| Button {
                label: core.i18n.render(lang, &Msg::new(label)),
                data: press.data(),
            };
            let buttons = vec![vec![
                button(
                    "report-declare-button",
                    ButtonPress::Declare(service.id.to_string()),
                ),
                button(
                    "report-dismiss-button",
                    ButtonPress::Dismiss(service.id.to_string()),
                ),
            ]];
            replies.push(Reply {
                chat,
                content: Content::with_buttons(core.i18n.render(lang, &alert), buttons),
                edit: None,
            });
        }
    }
    Ok(replies)
}

/// The crowd-report alert after an admin acted on it: the outcome, no more buttons.
fn settled(ctx: &Ctx<'_>, message_id: i32, msg: &Msg) -> Reply {
    Reply {
        chat: ctx.chat,
        content: Content::text(ctx.render(msg)),
        edit: Some(message_id),
    }
}

/// "Declare outage" on a crowd-report alert: opens the incident and notifies subscribers.
pub async fn declare(ctx: &Ctx<'_>, id: &str, message_id: i32) -> Handled {
    let service = ctx.service(id)?.id.clone();
    let report_to = ctx.report_to();
    let outcome = ctx
        .core
        .desk
        .raise(
            &service,
            Severity::MajorOutage,
            NoticeText::default(),
            Source::Crowd(ctx.user),
            report_to,
        )
        .await;
    let msg = match outcome.map_err(Failure::from) {
        Ok(posted) => Msg::new("report-declared")
            .service("service", &service)
            .num("count", posted.subscribers),
        // The outcome replaces the buttons, even when it is a refusal.
        Err(Failure::User(refusal)) => refusal,
        Err(internal) => return Err(internal),
    };
    Ok(vec![settled(ctx, message_id, &msg)])
}

/// "Dismiss" on a crowd-report alert: nothing is posted.
pub fn dismiss(ctx: &Ctx<'_>, id: &str, message_id: i32) -> Handled {
    let service = ctx.service(id)?.id.clone();
    Ok(vec![settled(
        ctx,
        message_id,
        &Msg::new("report-dismissed").service("service", &service),
    )])
}
