//! The command menus Telegram shows: one list per language with translated
//! descriptions, and admins' private chats get the admin commands too.

use teloxide::prelude::*;
use teloxide::types::{BotCommand, BotCommandScope, Recipient};

use crate::bot::command::{ADMIN_COMMANDS, USER_COMMANDS};
use crate::bot::welcome_description_id;
use crate::domain::{ChatId as DomainChatId, Lang};
use crate::i18n::{I18n, Msg};
use crate::store::Store;

fn commands(i18n: &I18n, lang: Lang, names: &[&str]) -> Vec<BotCommand> {
    names
        .iter()
        .map(|name| {
            BotCommand::new(
                *name,
                i18n.render(lang, &Msg::new(welcome_description_id(name))),
            )
        })
        .collect()
}

/// Registers every menu; failures are logged, never fatal (the bot works without menus).
pub async fn register(bot: &Bot, i18n: &I18n, store: &Store, admins: impl Iterator<Item = i64>) {
    let default = i18n.default_lang();
    let mut requests = vec![(
        None,
        default,
        USER_COMMANDS.to_vec(),
        BotCommandScope::Default,
    )];
    for lang in i18n.translations().languages() {
        requests.push((
            Some(lang),
            lang,
            USER_COMMANDS.to_vec(),
            BotCommandScope::Default,
        ));
    }
    for admin in admins {
        let lang = i18n.lang_for(store.chat(DomainChatId(admin)).ok().flatten().as_ref());
        let all: Vec<&str> = USER_COMMANDS
            .iter()
            .chain(ADMIN_COMMANDS)
            .copied()
            .collect();
        requests.push((
            None,
            lang,
            all,
            BotCommandScope::Chat {
                chat_id: Recipient::Id(ChatId(admin)),
            },
        ));
    }
    for (language_code, lang, names, scope) in requests {
        let mut request = bot
            .set_my_commands(commands(i18n, lang, &names))
            .scope(scope);
        if let Some(code) = language_code {
            request = request.language_code(code.code());
        }
        if let Err(e) = request.await {
            tracing::warn!(error = %crate::telemetry::redact(&e.to_string()), %lang, "cannot register a command menu");
        }
    }
}
