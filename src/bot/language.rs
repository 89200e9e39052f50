//! Purpose: `/language` — choose the chat's language, by name, code or button; the
//! chat's Telegram command menu follows the choice.

use super::{Ctx, Failure, Handled};
use crate::button_press::ButtonPress;
use crate::domain::ChatSettings;
use crate::i18n::{Arg, Msg};
use crate::outbound::{Button, Content};
use anyhow::Context;

/// One button per served language, each named in its own script: «বাংলা (বাংলাদেশ)»,
/// «বাংলা (ভারত)», «English».
pub fn buttons(ctx: &Ctx<'_>) -> Vec<Vec<Button>> {
    ctx.core
        .i18n
        .translations()
        .languages()
        .map(|l| {
            vec![ctx.button(
                ctx.render(&Msg::new("language-button").arg("name", Arg::LangName(l))),
                ButtonPress::Language(l.code()),
            )]
        })
        .collect()
}

pub async fn language(ctx: &Ctx<'_>, typed: Option<&str>) -> Handled {
    let i18n = &ctx.core.i18n;
    let Some(typed) = typed else {
        let text = ctx.render(&Msg::new("language-choose").arg("current", Arg::LangName(ctx.lang)));
        return Ok(vec![
            ctx.reply_content(Content::with_buttons(text, buttons(ctx))),
        ]);
    };
    let chosen = i18n.language_named(typed, ctx.lang).ok_or_else(|| {
        let names: Vec<String> = i18n
            .translations()
            .languages()
            .map(|l| ctx.render(&Msg::new("language-button").arg("name", Arg::LangName(l))))
            .collect();
        let shown = super::echo(typed);
        Failure::User(
            Msg::new("error-unknown-language")
                .text("code", shown)
                .text("languages", i18n.list_or(ctx.lang, &names)),
        )
    })?;
    ctx.core
        .store
        .set_chat_lang(ctx.chat, chosen, ChatSettings::new(ctx.chat_kind, None))
        .await
        .context("saving the chat's language")?;
    // The chat's command menu in the new language: Telegram has no Bengali interface of
    // its own, so most Bengali readers would otherwise keep the English menu.
    ctx.core.show_menu(ctx.chat, ctx.user, chosen);
    // Confirmed in the new language, so the reader sees the change take effect.
    let confirmation = i18n.render(
        chosen,
        &Msg::new("language-set")
            .arg("name", Arg::LangName(chosen))
            .arg("zone", Arg::ZoneName),
    );
    Ok(vec![ctx.reply_content(Content::text(confirmation))])
}
