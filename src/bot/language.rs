//! Purpose: `/language` — choose the chat's language, by argument or by button.

use super::command::ButtonPress;
use super::{Ctx, Failure, Handled};
use crate::domain::{ChatSettings, Lang};
use crate::i18n::{Arg, Msg};
use crate::outbound::Content;

pub async fn language(ctx: &Ctx<'_>, code: Option<&str>) -> Handled {
    let translations = ctx.core.i18n.translations();
    let Some(code) = code else {
        // Each button shows the language in its own script: «বাংলা», «English».
        let buttons = translations
            .languages()
            .map(|l| {
                vec![ctx.button(
                    ctx.render(&Msg::new("language-button").arg("name", Arg::LangName(l))),
                    ButtonPress::Language(l.code().to_owned()),
                )]
            })
            .collect();
        let text = ctx.render(&Msg::new("language-choose").arg("current", Arg::LangName(ctx.lang)));
        return Ok(vec![
            ctx.reply_content(Content::with_buttons(text, buttons)),
        ]);
    };
    let chosen = Lang::parse(code)
        .filter(|&l| translations.serves(l))
        .ok_or_else(|| {
            let list = translations
                .languages()
                .map(|l| l.code().to_owned())
                .collect::<Vec<_>>()
                .join(", ");
            let shown: String = code.chars().take(12).collect();
            Failure::User(
                Msg::new("error-unknown-language")
                    .text("code", shown)
                    .text("languages", list),
            )
        })?;
    ctx.core
        .store
        .set_chat_lang(ctx.chat, chosen, ChatSettings::new(ctx.chat_kind, None))
        .await?;
    // Confirmed in the new language, so the reader sees the change take effect.
    let confirmation = ctx.core.i18n.render(
        chosen,
        &Msg::new("language-set").arg("name", Arg::LangName(chosen)),
    );
    Ok(vec![ctx.reply_content(Content::text(confirmation))])
}
