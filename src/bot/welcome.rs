//! Purpose: `/start` (with an optional `sub_<service>` deep link) and `/help`.

use super::command::{ADMIN_COMMANDS, USER_COMMANDS};
use super::{Ctx, Failure, Handled, subscriptions};
use crate::i18n::Msg;

/// The message id of a command's one-line description (also used for Telegram's menu).
pub fn description_id(command: &str) -> &'static str {
    match command {
        "start" => "cmd-start",
        "help" => "cmd-help",
        "language" => "cmd-language",
        "services" => "cmd-services",
        "subscribe" => "cmd-subscribe",
        "unsubscribe" => "cmd-unsubscribe",
        "mysubs" => "cmd-mysubs",
        "status" => "cmd-status",
        "history" => "cmd-history",
        "report" => "cmd-report",
        "stop" => "cmd-stop",
        "down" => "cmd-down",
        "degraded" => "cmd-degraded",
        "update" => "cmd-update",
        "mute" => "cmd-mute",
        "unmute" => "cmd-unmute",
        _ => "cmd-up",
    }
}

/// The command list, with the admin section for admins.
fn command_list(ctx: &Ctx<'_>) -> String {
    let line = |name: &str| {
        ctx.render(
            &Msg::new("help-line")
                .text("command", format!("/{name}"))
                .msg("description", Msg::new(description_id(name))),
        )
    };
    let mut lines: Vec<String> = USER_COMMANDS.iter().map(|c| line(c)).collect();
    if ctx.core.config.is_admin(ctx.user) {
        lines.push(String::new());
        lines.push(ctx.render(&Msg::new("help-admin-heading")));
        lines.extend(ADMIN_COMMANDS.iter().map(|c| line(c)));
    }
    lines.join("\n")
}

pub async fn start(ctx: &Ctx<'_>, payload: Option<&str>) -> Handled {
    let welcome = ctx.render(&Msg::new("welcome").num("services", ctx.core.config.catalog.len()));
    let mut text = format!("{welcome}\n\n{}", command_list(ctx));
    if let Some(payload) = payload {
        let Some(typed) = payload.strip_prefix("sub_") else {
            return Err(Failure::User(Msg::new("error-bad-start-link")));
        };
        let service = ctx.service(typed)?.id.clone();
        let confirmation = subscriptions::subscribe_ids(ctx, &[service]).await?;
        text = format!("{text}\n\n{confirmation}");
    }
    Ok(vec![
        ctx.reply_content(crate::outbound::Content::text(text)),
    ])
}

pub fn help(ctx: &Ctx<'_>) -> Handled {
    let text = format!(
        "{}\n\n{}",
        ctx.render(&Msg::new("help-intro")),
        command_list(ctx)
    );
    Ok(vec![
        ctx.reply_content(crate::outbound::Content::text(text)),
    ])
}
