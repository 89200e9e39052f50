//! Purpose: `/report <service>` — "it's down for me", counted once per user per window;
//! crossing the threshold alerts every admin once per window.

use super::{Ctx, Failure, Handled};
use crate::domain::{ChatId, ReportOutcome};
use crate::i18n::{Arg, Msg};
use crate::outbound::Content;
use crate::outbound::Reply;

pub async fn report(ctx: &Ctx<'_>, typed: Option<&str>) -> Handled {
    let Some(typed) = typed else {
        return Err(Failure::User(
            Msg::new("error-usage")
                .text("usage", "report")
                .msg("example", Msg::new("usage-report")),
        ));
    };
    let service = ctx.service(typed)?;
    let core = ctx.core;
    let rule = core.config.reports;
    let now = core.clock.now();
    if let Some(incident) = core.store.open_incident(&service.id)? {
        // Already known: say so rather than count.
        return Ok(vec![
            ctx.reply(
                &Msg::new("report-known")
                    .service("service", &service.id)
                    .arg("since", Arg::Time(incident.started_at)),
            ),
        ]);
    }
    let outcome = core
        .store
        .record_report(&service.id, ctx.user, now, &rule)?;
    core.store.flush().await?;
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
        for admin in &core.config.admins {
            // An admin's private chat has the admin's user id.
            let chat = ChatId(admin.0);
            let lang = core.chat_lang(core.store.chat(chat)?.as_ref());
            let alert = Msg::new("report-alert")
                .service("service", &service.id)
                .text("id", service.id.as_str())
                .num("count", reporters)
                .num("minutes", window_minutes);
            replies.push(Reply {
                chat,
                content: Content::text(core.i18n.render(lang, &alert)),
                edit: None,
            });
        }
    }
    Ok(replies)
}
