//! Translations: Fluent bundles per language and the renderer that turns a `Msg` into
//! the text a person reads.
//!
//! Every text the bot writes comes from `locales/<lang>/*.ftl`. The files are embedded
//! at build time (see `build.rs`); `locales_dir` in the configuration loads a folder
//! instead. Bidi isolation marks are off (Telegram shows them as stray characters) and
//! each bundle formats numbers in its own numbering system.

pub mod clock_text;
pub mod lint;
pub mod locale_files;
pub mod message;
pub mod number;

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono_tz::Tz;
use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use unic_langid::LanguageIdentifier;

use crate::clock::Clock;
use crate::domain::{Catalog, ChatSettings, Lang, lang};
pub use locale_files::{LocaleFile, Problem};
pub use message::{Arg, Msg};
use number::NumberingSystem;

/// The message that names a locale's numbering system (`latn`, `beng`).
pub const NUMBERING_SYSTEM_ID: &str = "locale-numbering-system";
/// The message that names a language in its own script («বাংলা»).
pub const LANGUAGE_NAME_ID: &str = "locale-name";

/// The loaded bundles, one per language folder.
pub struct Translations {
    bundles: BTreeMap<Lang, FluentBundle<FluentResource>>,
}

impl Translations {
    /// Builds a bundle per language folder; any syntax error, duplicate id or unknown
    /// numbering system is a problem naming its file and line.
    pub fn build(files: &[LocaleFile]) -> Result<Translations, Vec<Problem>> {
        let mut problems = Vec::new();
        let mut bundles = BTreeMap::new();
        let mut by_lang: BTreeMap<Lang, Vec<&LocaleFile>> = BTreeMap::new();
        for file in files {
            match Lang::parse(&file.lang_dir) {
                Some(lang) if lang.code() == file.lang_dir => {
                    by_lang.entry(lang).or_default().push(file)
                }
                _ => problems.push(Problem::new(
                    file,
                    None,
                    format!(
                        "`{}` is not a language code folder (use e.g. `bn`)",
                        file.lang_dir
                    ),
                )),
            }
        }
        for (lang, files) in by_lang {
            let langid: LanguageIdentifier = match lang.code().parse() {
                Ok(id) => id,
                Err(_) => continue,
            };
            let mut bundle = FluentBundle::new_concurrent(vec![langid]);
            bundle.set_use_isolating(false);
            if let Err(e) = bundle.add_builtins() {
                problems.push(Problem::new(
                    files[0],
                    None,
                    format!("cannot add Fluent built-ins: {e}"),
                ));
            }
            for &file in &files {
                let resource = match FluentResource::try_new(file.text.clone()) {
                    Ok(r) => r,
                    Err((r, errors)) => {
                        for e in errors {
                            problems.push(Problem::new(
                                file,
                                Some(file.line_of(e.pos.start)),
                                format!("syntax error: {}", e.kind),
                            ));
                        }
                        r
                    }
                };
                if let Err(errors) = bundle.add_resource(resource) {
                    for e in errors {
                        problems.push(Problem::new(file, None, e.to_string()));
                    }
                }
            }
            let numbers = Self::numbering_system(&bundle);
            let Some(numbers) = numbers else {
                problems.push(Problem::new(
                    files[0],
                    None,
                    format!("`{NUMBERING_SYSTEM_ID}` is missing or not one of: latn, beng"),
                ));
                continue;
            };
            bundle.set_formatter(Some(match numbers {
                NumberingSystem::Latin => format_latin,
                NumberingSystem::Bengali => format_bengali,
            }));
            bundles.insert(lang, bundle);
        }
        if problems.is_empty() {
            Ok(Translations { bundles })
        } else {
            Err(problems)
        }
    }

    fn numbering_system(bundle: &FluentBundle<FluentResource>) -> Option<NumberingSystem> {
        let pattern = bundle.get_message(NUMBERING_SYSTEM_ID)?.value()?;
        let mut errors = Vec::new();
        NumberingSystem::parse(&bundle.format_pattern(pattern, None, &mut errors))
    }

    pub fn languages(&self) -> impl Iterator<Item = Lang> + '_ {
        self.bundles.keys().copied()
    }

    pub fn serves(&self, lang: Lang) -> bool {
        self.bundles.contains_key(&lang)
    }

    /// Formats one message; `Err` carries what went wrong (missing id, unresolved
    /// variable or reference) so the locale test and `check` can report it.
    pub fn format(
        &self,
        lang: Lang,
        id: &str,
        args: Option<&FluentArgs>,
    ) -> Result<String, String> {
        let bundle = self
            .bundles
            .get(&lang)
            .ok_or_else(|| format!("no translations for `{lang}`"))?;
        let pattern = bundle
            .get_message(id)
            .and_then(|m| m.value())
            .ok_or_else(|| format!("`{id}` is missing in `{lang}`"))?;
        let mut errors = Vec::new();
        let text = bundle
            .format_pattern(pattern, args, &mut errors)
            .into_owned();
        if errors.is_empty() {
            Ok(text)
        } else {
            let list: Vec<String> = errors.iter().map(ToString::to_string).collect();
            Err(format!("`{id}` in `{lang}`: {}", list.join("; ")))
        }
    }
}

fn format_latin<M>(value: &FluentValue, _: &M) -> Option<String> {
    match value {
        FluentValue::Number(n) => Some(NumberingSystem::Latin.fluent_number(n)),
        _ => None,
    }
}

fn format_bengali<M>(value: &FluentValue, _: &M) -> Option<String> {
    match value {
        FluentValue::Number(n) => Some(NumberingSystem::Bengali.fluent_number(n)),
        _ => None,
    }
}

/// Renders `Msg`s in a language, resolving service names, times and durations.
#[derive(Clone)]
pub struct I18n {
    translations: Arc<Translations>,
    catalog: Arc<Catalog>,
    /// Times in messages are shown in this zone.
    timezone: Tz,
    /// "Today" for deciding whether a time needs its date.
    clock: Arc<dyn Clock>,
    /// The language for chats whose language is not served.
    default_lang: Lang,
}

impl I18n {
    pub fn new(
        translations: Arc<Translations>,
        catalog: Arc<Catalog>,
        timezone: Tz,
        clock: Arc<dyn Clock>,
        default_lang: Lang,
    ) -> I18n {
        I18n {
            translations,
            catalog,
            timezone,
            clock,
            default_lang,
        }
    }

    pub fn translations(&self) -> &Translations {
        &self.translations
    }

    pub fn catalog(&self) -> &Catalog {
        &self.catalog
    }

    pub fn default_lang(&self) -> Lang {
        self.default_lang
    }

    /// The language a chat with these settings is served in.
    pub fn lang_for(&self, settings: Option<&ChatSettings>) -> Lang {
        lang::resolve(
            settings.and_then(|s| s.chosen_lang),
            settings.and_then(|s| s.first_user_lang.as_deref()),
            self.default_lang,
            |l| self.translations.serves(l),
        )
    }

    /// The language `chat` is served in, as the store knows it (the default when the
    /// chat is unknown or its settings cannot be read).
    pub fn lang_of(&self, store: &crate::store::Store, chat: crate::domain::ChatId) -> Lang {
        let settings = store.chat(chat).unwrap_or_else(|e| {
            tracing::warn!(error = %e, chat = chat.0, "cannot read chat settings; using the default language");
            None
        });
        self.lang_for(settings.as_ref())
    }

    /// Renders `msg` in `lang`. A message that fails in `lang` is logged and rendered in
    /// the default language instead, so a reader never gets a blank or an id.
    pub fn render(&self, lang: Lang, msg: &Msg) -> String {
        match self.try_render(lang, msg) {
            Ok(text) => text,
            Err(problem) => {
                tracing::error!(%lang, id = msg.id, %problem, "translation failed; falling back");
                self.try_render(self.default_lang, msg)
                    .or_else(|_| self.try_render(Lang::EN, msg))
                    .unwrap_or_else(|problem| {
                        tracing::error!(id = msg.id, %problem, "translation failed in the fallback language too");
                        msg.id.to_owned()
                    })
            }
        }
    }

    /// Renders `msg`, reporting any problem instead of falling back.
    pub fn try_render(&self, lang: Lang, msg: &Msg) -> Result<String, String> {
        let mut args = FluentArgs::new();
        for (name, arg) in &msg.args {
            let value: FluentValue = match arg {
                Arg::Number(n) => FluentValue::from(*n),
                Arg::Key(k) => FluentValue::from(*k),
                Arg::Text(t) => FluentValue::from(t.clone()),
                Arg::Msg(inner) => FluentValue::from(self.try_render(lang, inner)?),
                Arg::Service(id) => FluentValue::from(match self.catalog.get(id) {
                    Some(service) => service.name(lang).to_owned(),
                    None => id.to_string(),
                }),
                Arg::Time(at) => FluentValue::from(self.try_render(
                    lang,
                    &clock_text::time_msg(*at, self.clock.now(), self.timezone),
                )?),
                Arg::Duration(d) => {
                    FluentValue::from(self.try_render(lang, &clock_text::duration_msg(*d))?)
                }
                Arg::RoundedDuration(d) => {
                    FluentValue::from(self.try_render(lang, &clock_text::rounded_duration_msg(*d))?)
                }
                Arg::LangName(l) => {
                    FluentValue::from(self.translations.format(*l, LANGUAGE_NAME_ID, None)?)
                }
                Arg::Localized(text) => {
                    FluentValue::from(text.for_lang(lang).unwrap_or_default().to_owned())
                }
            };
            args.set(*name, value);
        }
        self.translations.format(lang, msg.id, Some(&args))
    }
}
