//! What Telegram shows around the bot, in each language: the command menus (one per
//! language, and each admin's own with the admin commands), the description a new user
//! sees before pressing Start, and the short description on the bot's profile.
//!
//! Telegram picks by the app's `language_code`, which is `bn` for both Bengali
//! variants: `bn` gets the deployment's own variant. A chat that chooses a language with
//! `/language` gets its own menu (`Core::show_menu`), since Telegram has no Bengali
//! interface of its own and most Bengali readers run it in English.

use teloxide::prelude::*;
use teloxide::requests::HasPayload;
use teloxide::types::{BotCommand, BotCommandScope, Recipient};

use crate::bot::Core;
use crate::domain::Lang;
use crate::i18n::Msg;

fn commands(menu: Vec<(&'static str, String)>) -> Vec<BotCommand> {
    menu.into_iter()
        .map(|(name, description)| BotCommand::new(name, description))
        .collect()
}

/// The languages to register for, with the `language_code` Telegram knows each by:
/// `None` for the default (no code), then each base language once.
fn registrations(core: &Core) -> Vec<(Option<String>, Lang)> {
    let i18n = &core.i18n;
    let mut out = vec![(None, i18n.default_lang())];
    for lang in i18n.translations().languages() {
        let code = lang.base().code();
        if out.iter().any(|(c, _)| c.as_deref() == Some(code.as_str())) {
            continue;
        }
        // Both Bengalis share Telegram's `bn`: it gets the deployment's own variant.
        let served = i18n.serve(lang.base()).unwrap_or(lang);
        out.push((Some(code), served));
    }
    out
}

/// Registers every menu and description; failures are logged, never fatal (the bot
/// works without them).
pub async fn register(bot: &Bot, core: &Core, admins: impl Iterator<Item = i64>) {
    let warn = |what: &str, lang: Lang, e: teloxide::RequestError| {
        tracing::warn!(error = %crate::telemetry::redact(&e.to_string()), %lang, "cannot register the {what}");
    };
    for (code, lang) in registrations(core) {
        let text = |id| core.i18n.render(lang, &Msg::new(id));
        let mut menu = bot
            .set_my_commands(commands(core.menu(lang, false)))
            .scope(BotCommandScope::Default);
        menu.payload_mut().language_code = code.clone();
        let mut description = bot
            .set_my_description()
            .description(text("bot-description"));
        description.payload_mut().language_code = code.clone();
        let mut short = bot
            .set_my_short_description()
            .short_description(text("bot-short-description"));
        short.payload_mut().language_code = code;
        for (what, sent) in [
            ("command menu", menu.await.map(drop)),
            ("description", description.await.map(drop)),
            ("short description", short.await.map(drop)),
        ] {
            if let Err(e) = sent {
                warn(what, lang, e);
            }
        }
    }
    // Each admin's private chat: every command, in the admin's own language.
    for admin in admins {
        let chat = crate::domain::ChatId(admin);
        let lang = core
            .i18n
            .lang_for(core.store.chat_for_language(chat).as_ref());
        let request =
            bot.set_my_commands(commands(core.menu(lang, true)))
                .scope(BotCommandScope::Chat {
                    chat_id: Recipient::Id(ChatId(admin)),
                });
        if let Err(e) = request.await {
            warn("admin menu", lang, e);
        }
    }
}
