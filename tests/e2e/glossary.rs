//! The Bengali glossary is law, and Bengali output reads as Bengali: no banned spelling
//! in any Bengali folder; neither variant writes the other's words; no case ending
//! glued on with a hyphen after Bengali script; no Latin word but commands, ids and
//! technical names; and a span of time never loses a date, nor says one twice.

use std::path::Path;

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Timelike, Utc};
use outage_bot::domain::{Lang, ServiceId};
use outage_bot::i18n::{Arg, Msg, lint, locale_files};

use crate::locales::{i18n, sample_args};
use crate::support::seed_time;

fn glossary() -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("locales/GLOSSARY.md"))
        .unwrap()
}

/// The body rows of the first table after `heading`, as trimmed cells.
fn table(glossary: &str, heading: &str) -> Vec<Vec<String>> {
    let section = glossary
        .split(heading)
        .nth(1)
        .unwrap_or_else(|| panic!("the glossary has a {heading:?} section"));
    section
        .lines()
        .skip_while(|l| !l.starts_with('|'))
        .take_while(|l| l.starts_with('|'))
        .skip(2)
        .map(|l| {
            l.trim_matches('|')
                .split('|')
                .map(|c| c.trim().to_owned())
                .collect()
        })
        .collect()
}

/// Every message rendered in `lang` with every combination of arguments the code may
/// pass, once per service where it names one; free text is a Bengali word.
fn every_rendering(lang: Lang) -> Vec<(String, String)> {
    let (i18n, files) = i18n();
    let services: Vec<ServiceId> = i18n.catalog().iter().map(|s| s.id.clone()).collect();
    let mut out = Vec::new();
    for (id, variables) in lint::message_variables(&files, Lang::EN) {
        let names_a_service = variables.contains("service") || variables.contains("suggestion");
        let per_service: Vec<Option<&ServiceId>> = if names_a_service {
            services.iter().map(Some).collect()
        } else {
            vec![None]
        };
        let leaked: &'static str = Box::leak(id.clone().into_boxed_str());
        for service in per_service {
            for mut msg in sample_args(&variables, "জেড", service) {
                msg.id = leaked;
                let text = i18n
                    .try_render(lang, &msg)
                    .unwrap_or_else(|e| panic!("{id} in {lang}: {e}"));
                out.push((id.clone(), text));
            }
        }
    }
    // Every month's name: the sample arguments try only a few numbers.
    for month in 1..=12 {
        let date = Msg::new("time-day")
            .key("when", "date")
            .key("weekday", "sun")
            .flag("ahead", false)
            .flag("prefix", true)
            .num("day", 1)
            .num("month", month)
            .num("year", 2026);
        out.push(("time-day".into(), i18n.try_render(lang, &date).unwrap()));
    }
    assert!(out.len() > 1000, "only {} renderings", out.len());
    out
}

fn is_bengali(c: char) -> bool {
    ('\u{0980}'..='\u{09FF}').contains(&c)
}

/// The Bengali words of `text`, split at everything that is not Bengali script.
fn bengali_words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !is_bengali(c))
        .filter(|w| !w.is_empty())
}

#[test]
fn bengali_messages_follow_the_glossary() {
    let banned: Vec<String> = table(&glossary(), "## Banned spellings")
        .into_iter()
        .map(|row| row[0].clone())
        .collect();
    assert!(banned.iter().any(|w| w == "ঘন্টা"), "{banned:?}");
    let mut offences = Vec::new();
    for file in locale_files::embedded()
        .iter()
        .filter(|f| f.lang_dir.starts_with("bn"))
    {
        for (number, line) in file.text.lines().enumerate() {
            if line.trim_start().starts_with('#') {
                continue;
            }
            for word in banned.iter().filter(|w| line.contains(w.as_str())) {
                offences.push(format!("{}:{}: «{word}»", file.path.display(), number + 1));
            }
        }
    }
    assert!(
        offences.is_empty(),
        "banned spellings:\n{}",
        offences.join("\n")
    );
}

/// The words of `lang`'s marks table: what the other variant's papers write.
fn marks_of(lang: Lang) -> Vec<String> {
    let marks: Vec<String> = table(&glossary(), "### Marks of the other variant")
        .into_iter()
        .filter(|row| row[0] == lang.code())
        .map(|row| row[1].clone())
        .collect();
    assert!(!marks.is_empty(), "no marks listed for {lang}");
    marks
}

/// The first of `marks` among `text`'s Bengali words (a `*` matches any ending).
fn mark_in<'m>(marks: &'m [String], text: &str) -> Option<&'m str> {
    bengali_words(text).find_map(|word| {
        marks
            .iter()
            .find(|mark| match mark.strip_suffix('*') {
                Some(stem) => word.starts_with(stem),
                None => word == mark.as_str(),
            })
            .map(String::as_str)
    })
}

#[test]
fn each_bengali_writes_its_own_words_and_not_the_others() {
    assert!(table(&glossary(), "### Marks of the other variant").len() >= 10);
    for lang in [Lang::BN_BD, Lang::BN_IN] {
        let marks = marks_of(lang);
        let mut offences = Vec::new();
        for (id, text) in every_rendering(lang) {
            if let Some(mark) = mark_in(&marks, &text) {
                offences.push(format!("{id} in {lang}: «{mark}» in {text:?}"));
            }
        }
        offences.dedup();
        assert!(
            offences.is_empty(),
            "the other variant's words:\n{}",
            offences.join("\n")
        );
    }
}

/// Telegram knows one Bengali, `bn`: its menu, description and short description reach
/// readers of both variants until they choose (`telegram/menu.rs`), so whichever
/// variant the deployment serves there, they carry neither variant's marks.
#[test]
fn what_telegram_shows_every_bengali_reader_is_neither_variants() {
    use outage_bot::bot::command::CommandName;
    let (i18n, _) = i18n();
    let both: Vec<String> = [Lang::BN_BD, Lang::BN_IN]
        .into_iter()
        .flat_map(marks_of)
        .collect();
    let ids = ["bot-description", "bot-short-description"]
        .into_iter()
        .chain(
            CommandName::ALL
                .into_iter()
                .filter(|c| !c.admin_only())
                .map(CommandName::description_id),
        );
    let mut offences = Vec::new();
    for id in ids {
        for lang in [Lang::BN_BD, Lang::BN_IN] {
            let text = i18n.render(lang, &Msg::new(id));
            if let Some(mark) = mark_in(&both, &text) {
                offences.push(format!("{id} in {lang}: «{mark}» in {text:?}"));
            }
        }
    }
    assert!(
        offences.is_empty(),
        "one variant's words where both read:\n{}",
        offences.join("\n")
    );
}

/// Latin words a Bengali message may hold besides commands and ids: technical names
/// with no Bengali form, the English language's own name, and the language codes the
/// console's help lists.
const LATIN_ALLOWED: &[&str] = &[
    "HTTP",
    "API",
    "JSON",
    "Prometheus",
    "Alertmanager",
    "Uptime",
    "Kuma",
    "Gatus",
    // The label of Telegram's own start button, Latin in every language's app.
    "START",
    "English",
    "ID",
    "DATA",
    "bn",
    "BD",
    "IN",
    "en",
    // What is typed after a command: /maintenance extend, /quiet off, /only outages.
    "extend",
    "done",
    "cancel",
    "off",
    "outages",
    "all",
];

#[test]
fn bengali_has_no_glued_endings_and_no_stray_latin() {
    let (i18n, _) = i18n();
    // Service ids are typed as they are («/down whatsapp»).
    let ids: Vec<String> = i18n.catalog().iter().map(|s| s.id.to_string()).collect();
    for lang in [Lang::BN_BD, Lang::BN_IN] {
        let mut offences = Vec::new();
        for (id, text) in every_rendering(lang) {
            // Settings read by the code, not prose; and the one question asked in
            // both languages on purpose.
            if id.starts_with("locale-") || id == "language-offer" {
                continue;
            }
            // The program's own name, and the command an admin types on the server.
            let text = text
                .replace("outage-bot import", "")
                .replace("--data-dir", "")
                .replace("outage-bot", "");
            let chars: Vec<char> = text.chars().collect();
            for i in 1..chars.len().saturating_sub(1) {
                // Between digits it is a date («২০২৬-১২-০১»), written as it is typed.
                let digit = |c: char| ('০'..='৯').contains(&c);
                if chars[i] == '-'
                    && is_bengali(chars[i - 1])
                    && is_bengali(chars[i + 1])
                    && !(digit(chars[i - 1]) && digit(chars[i + 1]))
                {
                    offences.push(format!("{id}: a hyphenated ending in {text:?}"));
                }
            }
            // Runs of Latin letters, and whether a command's slash or an id's
            // underscore comes before them.
            let mut start = None;
            for (i, c) in text.char_indices().chain([(text.len(), ' ')]) {
                match (c.is_ascii_alphabetic(), start) {
                    (true, None) => start = Some(i),
                    (false, Some(s)) => {
                        let word = &text[s..i];
                        let before = text[..s].chars().next_back();
                        let command = matches!(before, Some('/' | '_' | '@'));
                        let allowed = word == "zed"
                            || LATIN_ALLOWED.contains(&word)
                            || ids.iter().any(|i| i == word);
                        if !command && !allowed {
                            offences.push(format!("{id}: Latin «{word}» in {text:?}"));
                        }
                        start = None;
                    }
                    _ => {}
                }
            }
        }
        offences.sort();
        offences.dedup();
        assert!(offences.is_empty(), "{lang}:\n{}", offences.join("\n"));
    }
}

#[test]
fn service_names_match_the_glossary() {
    let glossary = glossary();
    // Both regions' built-in catalogs: Dhaka's and Kolkata's.
    let catalogs = ["", "timezone = \"Asia/Kolkata\""].map(|toml| {
        outage_bot::config::Config::parse(toml, None, &|_| None)
            .unwrap()
            .catalog
    });
    for service in catalogs.iter().flat_map(|c| c.iter()) {
        let bn = service.name(Lang::BN);
        assert!(
            glossary.contains(&format!("| {} | {bn} |", service.id)),
            "{} is «{bn}» in the catalog but not in the glossary",
            service.id
        );
        // A name West Bengal's papers spell their own way has its own row.
        let wb = service.name(Lang::BN_IN);
        assert!(
            wb == bn || glossary.contains(&format!("| {} (bn-IN) | {wb} |", service.id)),
            "{} is «{wb}» in bn-IN but not in the glossary",
            service.id
        );
    }
}

/// Words that name a day in each language.
const DAY_WORDS: &[&str] = &[
    "আজ",
    "গতকাল",
    "আগামীকাল",
    "রোববার",
    "সোমবার",
    "মঙ্গলবার",
    "বুধবার",
    "বৃহস্পতিবার",
    "শুক্রবার",
    "শনিবার",
    "রবিবার",
    "অক্টোবর",
    "নভেম্বর",
    "today",
    "yesterday",
    "tomorrow",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
    "October",
    "November",
    "Oct",
    "Nov",
];

#[test]
fn a_span_of_time_names_each_day_once() {
    let (i18n, _) = i18n();
    let now = seed_time();
    let mut checked = 0;
    for lang in [Lang::BN_BD, Lang::BN_IN, Lang::EN] {
        let tz = i18n.zone(lang);
        // A Bengali day is the news day, from 4 am in Dhaka and 3 am in Kolkata; an
        // English one the calendar's.
        let starts = i18n.reading(lang).day_starts_at;
        let day = |t: DateTime<Utc>| -> NaiveDate {
            let local = t.with_timezone(&tz);
            if lang.base() == Lang::BN {
                (local - Duration::hours(starts.into())).date_naive()
            } else {
                local.date_naive()
            }
        };
        let first = tz
            .with_ymd_and_hms(2022, 10, 27, 0, 0, 0)
            .unwrap()
            .with_timezone(&Utc);
        for step in 0..(6 * 24 * 4) {
            let start = first + Duration::minutes(15 * step);
            for length in [10, 45, 150, 11 * 60, 25 * 60, 49 * 60] {
                let end = start + Duration::minutes(length);
                if end > now {
                    continue;
                }
                let text = i18n
                    .try_render(
                        lang,
                        &Msg::new("history-resolved")
                            .service("service", &ServiceId::parse("whatsapp").unwrap())
                            .key("severity", "major")
                            .key("course", "steady")
                            .key("short", "no")
                            // As `/history` says it.
                            .arg("start", Arg::SpanStart { start, end })
                            .arg("end", Arg::SpanEnd { start, end })
                            .arg("duration", Arg::Duration(end - start)),
                    )
                    .unwrap();
                let (from, to) = if lang == Lang::EN {
                    let rest = text.split_once(" from ").unwrap().1;
                    let (from, rest) = rest.split_once(" to ").unwrap();
                    (from.to_owned(), rest.split(" (").next().unwrap().to_owned())
                } else {
                    let rest = text.split_once(": ").unwrap().1;
                    let (from, rest) = rest.split_once(" থেকে ").unwrap();
                    (
                        from.to_owned(),
                        rest.split(" পর্যন্ত").next().unwrap().to_owned(),
                    )
                };
                let names_day = |part: &str| DAY_WORDS.iter().any(|w| part.contains(w));
                let start_named = names_day(&from);
                // English names a day both ends share once, after the clocks: "from
                // 2:00 to 5:00 am tomorrow".
                let day_at_end = lang.base() == Lang::EN
                    && day(start) == day(end)
                    && day(end) != day(now)
                    && end - start >= Duration::minutes(1);
                assert!(
                    start_named || day(start) == day(now) || (day_at_end && names_day(&to)),
                    "{lang}: a start on another day without its day: {text}"
                );
                // From the small hours into that morning is one night, one day.
                let one_night = lang.base() == Lang::BN
                    && start.with_timezone(&tz).hour() < starts
                    && end.with_timezone(&tz).hour() < 12
                    && start.with_timezone(&tz).date_naive() == end.with_timezone(&tz).date_naive();
                let same_day = day(end) == day(start) || one_night;
                assert!(
                    names_day(&to) || (same_day && (start_named || day(end) == day(now))),
                    "{lang}: an end on another day without its day: {text} (start {})",
                    start.with_timezone(&tz).time().hour()
                );
                assert!(
                    !same_day || !names_day(&to) || (day_at_end && !start_named),
                    "{lang}: an end on the start's own day names it again: {text}"
                );
                checked += 1;
            }
        }
    }
    assert!(checked > 1000, "{checked}");
}
