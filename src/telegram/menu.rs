//! The command menus Telegram shows: one list per language with translated
//! descriptions, and admins' private chats get the admin commands too.

use teloxide::prelude::*;
use teloxide::types::{BotCommand, BotCommandScope, Recipient};

use crate::bot::command::CommandName;
use crate::domain::{ChatId as DomainChatId, Lang};
use crate::i18n::{I18n, Msg};
use crate::store::Store;

/// The menu in `lang`: everyone's commands, and the admins' too when `admin`.
fn commands(i18n: &I18n, lang: Lang, admin: bool) -> Vec<BotCommand> {
    CommandName::ALL
        .into_iter()
        .filter(|c| admin || !c.admin_only())
        .map(|c| BotCommand::new(c.name(), i18n.render(lang, &Msg::new(c.description_id()))))
        .collect()
}

/// Registers every menu; failures are logged, never fatal (the bot works without menus).
pub async fn register(bot: &Bot, i18n: &I18n, store: &Store, admins: impl Iterator<Item = i64>) {
    let default = i18n.default_lang();
    let mut requests = vec![(None, default, false, BotCommandScope::Default)];
    for lang in i18n.translations().languages() {
        requests.push((Some(lang), lang, false, BotCommandScope::Default));
    }
    for admin in admins {
        let lang = i18n.lang_for(store.chat(DomainChatId(admin)).ok().flatten().as_ref());
        requests.push((
            None,
            lang,
            true,
            BotCommandScope::Chat {
                chat_id: Recipient::Id(ChatId(admin)),
            },
        ));
    }
    for (language_code, lang, admin, scope) in requests {
        let mut request = bot
            .set_my_commands(commands(i18n, lang, admin))
            .scope(scope);
        if let Some(code) = language_code {
            request = request.language_code(code.code());
        }
        if let Err(e) = request.await {
            tracing::warn!(error = %crate::telemetry::redact(&e.to_string()), %lang, "cannot register a command menu");
        }
    }
}
