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
pub mod newsroom;
pub mod number;

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono_tz::Tz;
use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use unic_langid::LanguageIdentifier;

use crate::clock::Clock;
use crate::domain::service::Form;
use crate::domain::{Catalog, ChatSettings, Lang, lang};
pub use locale_files::{LocaleFile, Problem};
pub use message::{Arg, Msg};
use number::NumberingSystem;

/// The message that names a locale's numbering system (`latn`, `beng`).
pub const NUMBERING_SYSTEM_ID: &str = "locale-numbering-system";
/// The message that names a language in its own script («বাংলা»).
pub const LANGUAGE_NAME_ID: &str = "locale-name";
/// The message listing other words people type for a language ("bangla", «ইংরেজি»).
pub const ALIASES_ID: &str = "locale-aliases";

/// The message that names a locale's time zone: an IANA name, or `deployment` for the
/// deployment's own (`timezone` in the configuration).
pub const TIMEZONE_ID: &str = "locale-timezone";

/// The message that names the hour a locale's newspapers begin a day: before it, a time
/// belongs to the night of the day before (4 in Dhaka, 3 in Kolkata, where three o'clock
/// is already dawn).
pub const DAY_STARTS_ID: &str = "locale-day-starts";

/// The loaded bundles, one per served language.
///
/// A folder with a region (`bn-BD`) is a variant of the folder without one (`bn`), the
/// base: its bundle holds the base's messages with the variant's own written over them,
/// so what both variants write alike is written once. A base with variants is not
/// served itself; plain `bn` goes to the deployment's default variant.
pub struct Translations {
    bundles: BTreeMap<Lang, FluentBundle<FluentResource>>,
    /// The numbering system each served language writes in.
    numbering: BTreeMap<Lang, NumberingSystem>,
    /// The time zone each served language reads times in, when it names one.
    zones: BTreeMap<Lang, Tz>,
    /// The hour each served language's day begins, when it names one.
    day_starts: BTreeMap<Lang, u32>,
}

impl Translations {
    /// Builds a bundle per served language; any syntax error, duplicate id, unknown
    /// numbering system or time zone is a problem naming its file and line.
    pub fn build(files: &[LocaleFile]) -> Result<Translations, Vec<Problem>> {
        let mut problems = Vec::new();
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
                        "`{}` is not a language folder (use e.g. `en`, `bn`, `bn-BD`)",
                        file.lang_dir
                    ),
                )),
            }
        }
        let bases: Vec<Lang> = by_lang
            .keys()
            .filter(|l| {
                !l.has_region() && by_lang.keys().any(|v| v.has_region() && v.base() == **l)
            })
            .copied()
            .collect();
        let mut translations = Translations {
            bundles: BTreeMap::new(),
            numbering: BTreeMap::new(),
            zones: BTreeMap::new(),
            day_starts: BTreeMap::new(),
        };
        for (&lang, own) in &by_lang {
            if bases.contains(&lang) {
                continue;
            }
            let base = if lang.has_region() {
                by_lang.get(&lang.base()).cloned().unwrap_or_default()
            } else {
                Vec::new()
            };
            translations.add(lang, &base, own, &mut problems);
        }
        if problems.is_empty() {
            Ok(translations)
        } else {
            Err(problems)
        }
    }

    /// Builds `lang`'s bundle from its base's files and its own, over them.
    fn add(
        &mut self,
        lang: Lang,
        base: &[&LocaleFile],
        own: &[&LocaleFile],
        problems: &mut Vec<Problem>,
    ) {
        let Ok(langid) = lang.code().parse::<LanguageIdentifier>() else {
            return;
        };
        let mut locales = vec![langid];
        if let Ok(base_id) = lang.base().code().parse::<LanguageIdentifier>()
            && lang.has_region()
        {
            locales.push(base_id);
        }
        let mut bundle = FluentBundle::new_concurrent(locales);
        bundle.set_use_isolating(false);
        if let Err(e) = bundle.add_builtins() {
            problems.push(Problem::new(
                own[0],
                None,
                format!("cannot add Fluent built-ins: {e}"),
            ));
        }
        for (files, over) in [(base, false), (own, true)] {
            for &file in files {
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
                if over {
                    bundle.add_resource_overriding(resource);
                } else if let Err(errors) = bundle.add_resource(resource) {
                    for e in errors {
                        problems.push(Problem::new(file, None, e.to_string()));
                    }
                }
            }
        }
        let Some(numbers) = Self::metadata(&bundle, NUMBERING_SYSTEM_ID)
            .as_deref()
            .and_then(NumberingSystem::parse)
        else {
            problems.push(Problem::new(
                own[0],
                None,
                format!("`{NUMBERING_SYSTEM_ID}` is missing or not one of: latn, beng"),
            ));
            return;
        };
        match Self::metadata(&bundle, TIMEZONE_ID).as_deref() {
            None | Some("deployment") => {}
            Some(name) => match name.parse::<Tz>() {
                Ok(zone) => {
                    self.zones.insert(lang, zone);
                }
                Err(_) => problems.push(Problem::new(
                    own[0],
                    None,
                    format!("`{TIMEZONE_ID}` is `{name}`, not an IANA time zone or `deployment`"),
                )),
            },
        }
        match Self::metadata(&bundle, DAY_STARTS_ID).as_deref() {
            None => {}
            Some(hour) => match hour.parse::<u32>() {
                Ok(hour) if hour <= 6 => {
                    self.day_starts.insert(lang, hour);
                }
                _ => problems.push(Problem::new(
                    own[0],
                    None,
                    format!("`{DAY_STARTS_ID}` is `{hour}`, not an hour from 0 to 6"),
                )),
            },
        }
        bundle.set_formatter(Some(match numbers {
            NumberingSystem::Latin => format_latin,
            NumberingSystem::Bengali => format_bengali,
        }));
        self.numbering.insert(lang, numbers);
        self.bundles.insert(lang, bundle);
    }

    /// A message that describes the locale itself, as plain text.
    fn metadata(bundle: &FluentBundle<FluentResource>, id: &str) -> Option<String> {
        let pattern = bundle.get_message(id)?.value()?;
        let mut errors = Vec::new();
        Some(
            bundle
                .format_pattern(pattern, None, &mut errors)
                .trim()
                .to_owned(),
        )
    }

    /// The languages served, in order (`bn-BD`, `bn-IN`, `en`).
    pub fn languages(&self) -> impl Iterator<Item = Lang> + '_ {
        self.bundles.keys().copied()
    }

    pub fn serves(&self, lang: Lang) -> bool {
        self.bundles.contains_key(&lang)
    }

    /// The time zone `lang` reads times in, if its locale names one.
    pub fn zone(&self, lang: Lang) -> Option<Tz> {
        self.zones.get(&lang).copied()
    }

    /// The hour `lang`'s day begins, if its locale names one.
    pub fn day_starts_at(&self, lang: Lang) -> Option<u32> {
        self.day_starts.get(&lang).copied()
    }

    pub fn numbering(&self, lang: Lang) -> NumberingSystem {
        self.numbering
            .get(&lang)
            .copied()
            .unwrap_or(NumberingSystem::Latin)
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
    /// The deployment's zone: times are shown in it to readers whose locale names none.
    timezone: Tz,
    /// "Now", for deciding which day a time needs named.
    clock: Arc<dyn Clock>,
    /// The language for chats whose language is not served.
    default_lang: Lang,
    /// Which variant a plain language (`bn`) means in this deployment.
    preferred_variants: BTreeMap<Lang, Lang>,
    /// Every day said as a date (`dated`).
    dated: bool,
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
            preferred_variants: BTreeMap::new(),
            dated: false,
        }
    }

    /// The shipped locales and the built-in catalog of a Dhaka deployment, English by
    /// default, with the clock standing at `at`: what the unit tests render with.
    #[cfg(test)]
    pub(crate) fn for_tests(at: chrono::DateTime<chrono::Utc>) -> I18n {
        let config = crate::config::Config::parse("", None, &|_| None).expect("defaults parse");
        I18n::new(
            Arc::new(Translations::build(&locale_files::embedded()).expect("locales build")),
            Arc::new(config.catalog),
            config.timezone,
            Arc::new(crate::clock::ManualClock::new(at)),
            Lang::EN,
        )
    }

    /// Plain `variant.base()` (e.g. `bn`) means `variant` in this deployment.
    pub fn with_preferred_variant(mut self, variant: Lang) -> I18n {
        self.preferred_variants.insert(variant.base(), variant);
        self
    }

    /// "Now", as every rendered time sees it.
    pub fn now(&self) -> chrono::DateTime<chrono::Utc> {
        self.clock.now()
    }

    /// The app's clock, which the rendered times read.
    pub fn clock(&self) -> Arc<dyn Clock> {
        self.clock.clone()
    }

    pub fn translations(&self) -> &Translations {
        &self.translations
    }

    pub fn catalog(&self) -> &Catalog {
        &self.catalog
    }

    /// The language chats whose own is not served get.
    pub fn default_lang(&self) -> Lang {
        self.serve(self.default_lang).unwrap_or(self.default_lang)
    }

    /// The served language that best answers `wish`: itself if served; for a plain
    /// language, the deployment's variant of it; else what Fluent's language
    /// negotiation finds among the served (`en-GB` → `en`, `bn-IN` → a Bengali).
    pub fn serve(&self, wish: Lang) -> Option<Lang> {
        if self.translations.serves(wish) {
            return Some(wish);
        }
        if !wish.has_region()
            && let Some(&variant) = self.preferred_variants.get(&wish)
            && self.translations.serves(variant)
        {
            return Some(variant);
        }
        let preferred: Vec<Lang> = self.preferred_variants.values().copied().collect();
        let mut served: Vec<Lang> = self.translations.languages().collect();
        served.sort_by_key(|l| !preferred.contains(l));
        let wanted: LanguageIdentifier = wish.code().parse().ok()?;
        let available: Vec<LanguageIdentifier> = served
            .iter()
            .filter_map(|l| l.code().parse().ok())
            .collect();
        let chosen = fluent_langneg::negotiate_languages(
            &[wanted],
            &available,
            None,
            fluent_langneg::NegotiationStrategy::Lookup,
        );
        chosen
            .first()
            .and_then(|id| Lang::parse(&id.to_string()))
            .filter(|l| self.translations.serves(*l))
    }

    /// The language a chat with these settings is served in.
    pub fn lang_for(&self, settings: Option<&ChatSettings>) -> Lang {
        self.lang_of_choice(&settings.map(ChatSettings::language).unwrap_or_default())
    }

    /// The language a chat whose language is decided by `language` is served in.
    pub fn lang_of_choice(&self, language: &crate::domain::ChatLanguage) -> Lang {
        lang::resolve(
            language.chosen,
            language.telegram.as_deref(),
            self.default_lang,
            |l| self.serve(l),
        )
    }

    /// The zone a reader of `lang` reads times in: their locale's, else the deployment's.
    pub fn zone(&self, lang: Lang) -> Tz {
        self.translations.zone(lang).unwrap_or(self.timezone)
    }

    /// How a reader of `lang` reads times: their zone, and when their day begins.
    pub fn reading(&self, lang: Lang) -> clock_text::Reading {
        clock_text::Reading {
            zone: self.zone(lang),
            day_starts_at: self
                .translations
                .day_starts_at(lang)
                .unwrap_or(clock_text::DAY_STARTS_AT),
            dated: self.dated,
        }
    }

    /// This, saying every day as a date («১ নভেম্বর দুপুর ১টা ১০ মিনিট», "1:10 pm 1
    /// Nov"), never as today or tomorrow: for text a reader keeps beyond the day it was
    /// rendered, as a feed reader keeps its entries.
    pub fn dated(&self) -> I18n {
        I18n {
            dated: true,
            ..self.clone()
        }
    }

    /// Renders `msg` in `lang`. A message that fails in `lang` is logged and rendered in
    /// the default language instead, so a reader never gets a blank or an id.
    pub fn render(&self, lang: Lang, msg: &Msg) -> String {
        match self.try_render(lang, msg) {
            Ok(text) => text,
            Err(problem) => {
                tracing::error!(%lang, id = msg.id, %problem, "translation failed; falling back");
                self.try_render(self.default_lang(), msg)
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
        let now = self.clock.now();
        let zone = self.reading(lang);
        for (name, arg) in &msg.args {
            let value: FluentValue = match arg {
                Arg::Number(n) => FluentValue::from(*n),
                Arg::Decimal(x) => FluentValue::from(*x),
                Arg::Key(k) => FluentValue::from(*k),
                Arg::Text(t) => FluentValue::from(t.clone()),
                Arg::Msg(inner) => FluentValue::from(self.try_render(lang, inner)?),
                Arg::Service(id) => {
                    // Each form a sentence may need: `$service`, `$service_gen`, `$service_loc`.
                    for (suffix, form) in [("_gen", Form::Genitive), ("_loc", Form::Locative)] {
                        args.set(format!("{name}{suffix}"), self.service_form(id, lang, form));
                    }
                    FluentValue::from(self.service_form(id, lang, Form::Nominative))
                }
                Arg::Time(at) => {
                    FluentValue::from(self.try_render(lang, &clock_text::time_msg(*at, now, zone))?)
                }
                Arg::SpanStart { start, end } => FluentValue::from(self.try_render(
                    lang,
                    &clock_text::span_start_msg(*start, *end, now, zone, (false, false)),
                )?),
                Arg::AnnouncedStart { start, end } => FluentValue::from(self.try_render(
                    lang,
                    &clock_text::span_start_msg(*start, *end, now, zone, (true, false)),
                )?),
                Arg::PairedStart { start, end } => FluentValue::from(self.try_render(
                    lang,
                    &clock_text::span_start_msg(*start, *end, now, zone, (false, true)),
                )?),
                Arg::SpanEnd { start, end } => FluentValue::from(self.try_render(
                    lang,
                    &clock_text::span_end_msg(*start, *end, now, zone, false),
                )?),
                Arg::AnnouncedEnd { start, end } => FluentValue::from(self.try_render(
                    lang,
                    &clock_text::span_end_msg(*start, *end, now, zone, true),
                )?),
                Arg::Duration(d) => {
                    FluentValue::from(self.try_render(lang, &newsroom::exact_msg(*d))?)
                }
                Arg::RoundedDuration(d) => {
                    FluentValue::from(self.try_render(lang, &newsroom::headline_msg(*d))?)
                }
                Arg::ZoneName => FluentValue::from(clock_text::zone_name(zone.zone)),
                Arg::Count(n) => FluentValue::from(self.try_render(
                    lang,
                    &number::compact_msg(*n, self.translations.numbering(lang)),
                )?),
                Arg::LangName(l) => {
                    FluentValue::from(self.translations.format(*l, LANGUAGE_NAME_ID, None)?)
                }
                Arg::Localized(text) => FluentValue::from(
                    text.for_lang(lang)
                        .or_else(|| text.for_lang(lang.base()))
                        .unwrap_or_default()
                        .to_owned(),
                ),
            };
            args.set(*name, value);
        }
        self.translations.format(lang, msg.id, Some(&args))
    }

    /// The served language a person means by `typed` in `/language`: a code (`bn`,
    /// `bn-BD`, `en`), a language's own name («বাংলা (ভারত)», "English"), or one of
    /// its `locale-aliases` ("bangla", «ইংরেজি»). Several languages answering to one
    /// word (both Bengalis to «বাংলা», or plain `bn`) means the chat's `current` one if
    /// it is among them (a Kolkata reader asking for «বাংলা» stays in Kolkata's), else
    /// the deployment's own variant.
    pub fn language_named(&self, typed: &str, current: Lang) -> Option<Lang> {
        let wanted = typed.trim().to_lowercase();
        if let Some(lang) = Lang::parse(&wanted).filter(|l| l.code().to_lowercase() == wanted) {
            if !lang.has_region() && current.base() == lang && self.translations.serves(current) {
                return Some(current);
            }
            return self.serve(lang);
        }
        let answers: Vec<Lang> = self
            .translations
            .languages()
            .filter(|&l| {
                let name = self
                    .translations
                    .format(l, LANGUAGE_NAME_ID, None)
                    .unwrap_or_default();
                let aliases = self
                    .translations
                    .format(l, ALIASES_ID, None)
                    .unwrap_or_default();
                name.to_lowercase() == wanted
                    || aliases
                        .split(',')
                        .any(|a| a.trim().to_lowercase() == wanted)
            })
            .collect();
        match answers.as_slice() {
            [] => None,
            [one] => Some(*one),
            several if several.contains(&current) => Some(current),
            several => {
                let own = self
                    .preferred_variants
                    .values()
                    .find(|v| several.contains(v));
                Some(*own.unwrap_or(&several[0]))
            }
        }
    }

    /// Items joined as `lang` lists them: «হোয়াটসঅ্যাপ, ফেসবুক ও বিকাশ», "A, B and C".
    pub fn list(&self, lang: Lang, items: &[String]) -> String {
        self.join(lang, items, "list-and")
    }

    /// Items offered as a choice: «বাংলা (বাংলাদেশ), বাংলা (ভারত) বা English».
    pub fn list_or(&self, lang: Lang, items: &[String]) -> String {
        self.join(lang, items, "list-or")
    }

    fn join(&self, lang: Lang, items: &[String], last_id: &'static str) -> String {
        let Some((last, rest)) = items.split_last() else {
            return String::new();
        };
        let Some((first, middle)) = rest.split_first() else {
            return last.clone();
        };
        let head = middle.iter().fold(first.clone(), |head, next| {
            self.render(
                lang,
                &Msg::new("list-comma")
                    .text("head", head)
                    .text("next", next.clone()),
            )
        });
        self.render(
            lang,
            &Msg::new(last_id)
                .text("head", head)
                .text("last", last.clone()),
        )
    }

    /// Services named as `lang` lists them, and the same list with its last name in the
    /// genitive («ফেসবুক ও বিকাশের»), in catalog order.
    pub fn service_list(&self, lang: Lang, ids: &[crate::domain::ServiceId]) -> (String, String) {
        let (ids, names) = self.service_names(lang, ids);
        let mut genitive = names.clone();
        if let (Some(last), Some(id)) = (genitive.last_mut(), ids.last()) {
            *last = self.service_form(id, lang, Form::Genitive);
        }
        (self.list(lang, &names), self.list(lang, &genitive))
    }

    /// Services as a choice, in the catalog's order: "WhatsApp or Robi".
    pub fn service_list_or(&self, lang: Lang, ids: &[crate::domain::ServiceId]) -> String {
        self.list_or(lang, &self.service_names(lang, ids).1)
    }

    /// The services in the catalog's order, and their names in `lang`.
    fn service_names(
        &self,
        lang: Lang,
        ids: &[crate::domain::ServiceId],
    ) -> (Vec<crate::domain::ServiceId>, Vec<String>) {
        let mut ids = ids.to_vec();
        ids.sort_by_key(|id| self.catalog.iter().position(|s| &s.id == id));
        let names = ids
            .iter()
            .map(|id| self.service_form(id, lang, Form::Nominative))
            .collect();
        (ids, names)
    }

    fn service_form(&self, id: &crate::domain::ServiceId, lang: Lang, form: Form) -> String {
        match self.catalog.get(id) {
            Some(service) => service.form(lang, form).0,
            None => id.to_string(),
        }
    }
}
