//! Purpose: `/start` (with an optional `sub_<service>` deep link) and `/help`.

use super::command::CommandName;
use super::{Ctx, Failure, Handled, subscriptions};
use crate::i18n::Msg;

/// The command list, with the admin section for admins.
fn command_list(ctx: &Ctx<'_>) -> String {
    let line = |name: &CommandName| {
        ctx.render(
            &Msg::new("help-line")
                .text("command", format!("/{}", name.name()))
                .msg("description", Msg::new(name.description_id())),
        )
    };
    let (admin, everyone): (Vec<CommandName>, Vec<CommandName>) =
        CommandName::ALL.into_iter().partition(|c| c.admin_only());
    let mut lines: Vec<String> = everyone.iter().map(line).collect();
    if ctx.core.config.is_admin(ctx.user) {
        lines.push(String::new());
        lines.push(ctx.render(&Msg::new("help-admin-heading")));
        lines.extend(admin.iter().map(line));
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
    // Telegram has no Bengali interface, so most Bengali readers run it in English (and
    // its `bn` does not say which Bengali): a chat that has not chosen is asked at once,
    // in both languages, with a button per language under the welcome.
    let ask_language = !ctx.lang_chosen && ctx.core.i18n.translations().languages().count() > 1;
    if ask_language {
        text = format!("{text}\n\n{}", ctx.render(&Msg::new("language-offer")));
    }
    let mut replies = ctx.reply_long(&text);
    if ask_language && let Some(last) = replies.last_mut() {
        last.content.buttons = super::language::buttons(ctx);
    }
    Ok(replies)
}

pub fn help(ctx: &Ctx<'_>) -> Handled {
    let text = format!(
        "{}\n\n{}",
        ctx.render(&Msg::new("help-intro")),
        command_list(ctx)
    );
    Ok(ctx.reply_long(&text))
}
