//! Every message renders in every language with the arguments the code passes; Bengali
//! output has Bengali digits only, English output no Bengali; no bidi marks anywhere.

use std::collections::BTreeSet;
use std::sync::Arc;

use outage_bot::bot::status::Tally;
use outage_bot::clock::ManualClock;
use outage_bot::config::Config;
use outage_bot::domain::maintenance::{MaintenanceEvent, WindowState};
use outage_bot::domain::uptime::DayState;
use outage_bot::domain::{Lang, Phase, ServiceId, Severity};
use outage_bot::i18n::{Arg, I18n, Msg, Translations, lint, locale_files, newsroom};

use crate::support::{has_ascii_digit, seed_time};

/// The yes-or-no selectors (`Msg::flag`).
const FLAGS: &[&str] = &[
    "ongoing",
    "linked",
    "partial",
    "also_degraded",
    "subscribed",
    "about",
    "ahead",
    "today",
    "calendar_today",
    "late",
    "short",
    "changed",
    "probed",
    "remind",
    "in_minutes",
    "period_said",
    "ampm_at_end",
    "prefix",
    "worsened",
    "mixed",
    "cancelled",
    "leads",
    "eased",
    "down_counted",
    "on_day",
    "all",
    "down_again",
    "swung",
    "running",
    "outage_open",
    "in_words",
    "extended",
    "again",
    "over",
];

/// The selector values the code passes for each key argument: the enums' own lists of
/// themselves where an enum chooses, so a new variant is tried as soon as it exists.
fn key_values(name: &str) -> Option<Vec<&'static str>> {
    Some(match name {
        "severity" => Severity::ALL.map(Severity::key).to_vec(),
        "phase" => Phase::OPEN.map(Phase::key).to_vec(),
        "event" => MaintenanceEvent::ALL.map(MaintenanceEvent::key).to_vec(),
        // `/status`'s line per service, and a window listed by `/maintenance`.
        "state" => [
            vec!["operational", "maintenance"],
            Severity::ALL.map(Severity::key).to_vec(),
            WindowState::ACTIVE.map(WindowState::key).to_vec(),
            // `/history` lists windows that ran, too.
            vec!["completed", "ended_early"],
        ]
        .concat(),
        // The status page's day strip and banner; a timeline entry's step.
        "condition" => DayState::ALL.map(DayState::key).to_vec(),
        "course" => outage_bot::domain::Course::ALL
            .map(outage_bot::domain::Course::key)
            .to_vec(),
        "step" => outage_bot::public::STEPS.to_vec(),
        // A window's story in the feed.
        "stage" => MaintenanceEvent::ALL.map(MaintenanceEvent::key).to_vec(),
        "period" => vec!["dawn", "morning", "noon", "afternoon", "evening", "night"],
        // Which part of an admin's text is too long.
        "part" => vec!["whole", "bn", "en", "other"],
        "ampm" => vec!["am", "pm"],
        flag if FLAGS.contains(&flag) => vec!["yes", "no"],
        "quiet" | "only" | "announced" => vec!["on", "off"],
        "lang" => vec!["en", "bn", "unknown"],
        "when" => vec!["today", "yesterday", "tomorrow", "weekday", "date", "year"],
        "weekday" => vec!["mon", "tue", "wed", "thu", "fri", "sat", "sun"],
        // `duration-headline` counts minutes, hours or days; `count-compact` the size
        // of a number.
        "unit" => [
            newsroom::Unit::ALL.map(newsroom::Unit::key).to_vec(),
            vec!["thousand", "lakh", "crore", "million", "billion"],
        ]
        .concat(),
        "fraction" => newsroom::Fraction::ALL
            .map(newsroom::Fraction::key)
            .to_vec(),
        _ => return None,
    })
}

/// Every value an enum passes to a selector has its own variant in every message that
/// selects on it, in every language, unless the message groups the rest under
/// `*[other]` on purpose; and every variant it names is a value the enum has. So a new
/// variant, or a message that forgot one, never silently reads as another value's text.
#[test]
fn every_value_an_enum_chooses_has_its_own_variant() {
    let files = locale_files::embedded();
    let mut checked = 0;
    for lang in SERVED {
        for (id, variable, keys) in lint::variable_selects(&files, lang) {
            // What the code passes, and what may be named at all.
            let (passed, known): (Vec<&str>, Vec<&str>) = match variable.as_str() {
                "severity" => (
                    Severity::ALL.map(Severity::key).to_vec(),
                    Severity::ALL.map(Severity::key).to_vec(),
                ),
                "phase" => (
                    Phase::OPEN.map(Phase::key).to_vec(),
                    Phase::ALL.map(Phase::key).to_vec(),
                ),
                "event" => (
                    MaintenanceEvent::ALL.map(MaintenanceEvent::key).to_vec(),
                    MaintenanceEvent::ALL.map(MaintenanceEvent::key).to_vec(),
                ),
                "condition" => (
                    DayState::ALL.map(DayState::key).to_vec(),
                    DayState::ALL.map(DayState::key).to_vec(),
                ),
                "step" => (
                    outage_bot::public::STEPS.to_vec(),
                    outage_bot::public::STEPS.to_vec(),
                ),
                "stage" => (
                    MaintenanceEvent::ALL.map(MaintenanceEvent::key).to_vec(),
                    MaintenanceEvent::ALL.map(MaintenanceEvent::key).to_vec(),
                ),
                "fraction" => (
                    newsroom::Fraction::ALL
                        .map(newsroom::Fraction::key)
                        .to_vec(),
                    newsroom::Fraction::ALL
                        .map(newsroom::Fraction::key)
                        .to_vec(),
                ),
                flag if FLAGS.contains(&flag) => (vec!["yes", "no"], vec!["yes", "no"]),
                _ => continue,
            };
            checked += 1;
            let unknown: Vec<&String> = keys
                .iter()
                .filter(|k| *k != "other" && !known.contains(&k.as_str()))
                .collect();
            assert!(
                unknown.is_empty(),
                "{id} in {lang}: ${variable} names {unknown:?}, which the code never passes"
            );
            let missing: Vec<&str> = passed
                .into_iter()
                .filter(|key| !keys.contains(*key))
                .collect();
            assert!(
                missing.is_empty() || keys.contains("other"),
                "{id} in {lang}: ${variable} has no variant for {missing:?} (it has {keys:?})"
            );
        }
    }
    assert!(checked > 20, "checked only {checked} selects");
}

const NUMBERS: &[&str] = &[
    "days",
    "count",
    "services",
    "minutes",
    "hours",
    "down",
    "operational",
    "delivered",
    "total",
    "blocked",
    "failed",
    "pending",
    "length",
    "limit",
    "user",
    "day",
    "month",
    "year",
    "hour12",
    "next_hour12",
    "hour24",
    "minute",
    "whole",
    "tenth",
    "sub",
    "rounded",
    "skipped",
    "subscribers",
    "held",
    "maintenance",
    "rest",
    "reporters",
];

/// The languages a reader can have: both Bengalis and English.
pub const SERVED: [Lang; 3] = [Lang::BN_BD, Lang::BN_IN, Lang::EN];

/// Variables the code fills with an id, a command or an example command: ASCII in
/// every language.
const ASCII: &[&str] = &[
    "id",
    "suggestion_id",
    "command",
    "usage",
    "example",
    "code",
    "user",
    "service_id",
    "channel",
    "reason",
    "link",
];

/// Every combination of key values for a message's variables, with sample numbers
/// (0, 1 and a large one, to reach every plural form), `text` for free text (and its
/// case forms), and `service` for the variables that name a service, when given.
pub fn sample_args(
    variables: &BTreeSet<String>,
    text: &str,
    service: Option<&ServiceId>,
) -> Vec<Msg> {
    let mut combos: Vec<Vec<(&'static str, Arg)>> = vec![vec![]];
    for variable in variables {
        let name: &'static str = Box::leak(variable.clone().into_boxed_str());
        let values: Vec<Arg> = if let Some(keys) = key_values(name) {
            keys.iter().map(|k| Arg::Key(k)).collect()
        } else if NUMBERS.contains(&name) {
            vec![
                Arg::Number(0),
                Arg::Number(1),
                Arg::Number(12),
                Arg::Number(123_456),
            ]
        } else if let Some(service) = service.filter(|_| ["service", "suggestion"].contains(&name))
        {
            vec![Arg::Service(service.clone())]
        } else if name == "percent" {
            vec![Arg::Decimal(99.95), Arg::Decimal(100.0), Arg::Decimal(87.5)]
        } else if ASCII.contains(&name) {
            vec![Arg::Text("zed".into())]
        } else if name == "zone" {
            vec![Arg::ZoneName]
        } else {
            // A name comes with its case forms, which Bengali messages may use.
            for form in ["gen", "loc"] {
                let inflected: &'static str = Box::leak(format!("{name}_{form}").into_boxed_str());
                for combo in &mut combos {
                    combo.push((inflected, Arg::Text(format!("{text}ের"))));
                }
            }
            vec![Arg::Text(text.into())]
        };
        combos = combos
            .into_iter()
            .flat_map(|combo| {
                values
                    .iter()
                    .map(move |v| [combo.clone(), vec![(name, v.clone())]].concat())
            })
            .collect();
    }
    combos
        .into_iter()
        .map(|args| Msg { id: "", args })
        .collect()
}

pub fn i18n() -> (I18n, Vec<outage_bot::i18n::LocaleFile>) {
    let files = locale_files::embedded();
    let translations = Arc::new(Translations::build(&files).expect("locales build"));
    let config = Config::parse("", None, &|_| None).unwrap();
    let i18n = I18n::new(
        translations,
        Arc::new(config.catalog),
        chrono_tz::Asia::Dhaka,
        Arc::new(ManualClock::new(seed_time())),
        Lang::EN,
    );
    (i18n, files)
}

#[test]
fn every_message_renders_cleanly_in_every_language() {
    let (i18n, files) = i18n();
    assert_eq!(
        lint::lint(&files, Lang::EN),
        vec![],
        "locales are consistent"
    );
    let messages = lint::message_variables(&files, Lang::EN);
    assert!(
        messages.len() > 80,
        "found only {} messages",
        messages.len()
    );
    let mut rendered = 0;
    for (id, variables) in &messages {
        let id: &'static str = Box::leak(id.clone().into_boxed_str());
        for mut msg in sample_args(variables, "Zed", None) {
            msg.id = id;
            for lang in SERVED {
                let text = i18n
                    .try_render(lang, &msg)
                    .unwrap_or_else(|e| panic!("{id} in {lang}: {e}"));
                rendered += 1;
                assert!(
                    !text.contains(['\u{2068}', '\u{2069}']),
                    "{id} in {lang} has bidi marks: {text:?}"
                );
                assert!(
                    !text.trim().is_empty()
                        || id.starts_with("duration")
                        || id.starts_with("time-oclock")
                        || id == "progress-extras",
                    "{id} in {lang} is empty"
                );
                if lang.base() == Lang::BN
                    && !["locale-numbering-system", "locale-day-starts"].contains(&id)
                {
                    assert!(
                        !has_ascii_digit(&text),
                        "{id} in bn has ASCII digits: {text}"
                    );
                }
                // The language menu and offer speak every language on purpose.
                let bilingual = id.starts_with("locale-")
                    || id.starts_with("cmd-language")
                    || id == "language-offer";
                if lang == Lang::EN && !bilingual {
                    assert!(
                        !text.chars().any(|c| ('\u{0980}'..='\u{09FF}').contains(&c)),
                        "{id} in en has Bengali: {text}"
                    );
                }
            }
        }
    }
    assert!(rendered > 1000, "rendered only {rendered}");
}

#[test]
fn numbers_durations_and_times_read_naturally() {
    let (i18n, _) = i18n();
    let render = |lang, msg: Msg| i18n.try_render(lang, &msg).unwrap();
    let count = |n: i64| Msg::new("status-all-operational").num("count", n);
    // Bengali digits, grouped the South Asian way, and each variant's own word.
    assert_eq!(
        render(Lang::BN_BD, count(11_000)),
        "🟢 ১১,০০০টি সেবাই স্বাভাবিকভাবে চলছে।"
    );
    assert_eq!(
        render(Lang::BN_IN, count(123_456)),
        "🟢 ১,২৩,৪৫৬টি পরিষেবাই স্বাভাবিকভাবে চলছে।"
    );
    assert_eq!(
        render(Lang::EN, count(11_000)),
        "🟢 All 11,000 services are working normally."
    );
    // A phrase: the detail's exact duration.
    let phrase = |lang, arg: Arg| {
        let msg = Msg::new("status-latest")
            .arg("at", Arg::Text(String::new()))
            .arg("text", arg);
        render(lang, msg)
            .trim_start_matches("সর্বশেষ বার্তা (): ")
            .trim_start_matches("Last note (): ")
            .to_owned()
    };
    let exact = [
        (59, "৫৯ সেকেন্ড", "59 seconds"),
        (60, "১ মিনিট", "1 minute"),
        (112 * 60, "১ ঘণ্টা ৫২ মিনিট", "1 hour 52 minutes"),
        (2 * 3600, "২ ঘণ্টা", "2 hours"),
        (26 * 3600, "২৬ ঘণ্টা", "26 hours"),
        (26 * 3600 + 300, "২৬ ঘণ্টা ৫ মিনিট", "26 hours 5 minutes"),
        (3 * 86_400, "৩ দিন", "3 days"),
    ];
    for (secs, bn, en) in exact {
        let d = Arg::Duration(chrono::Duration::seconds(secs));
        assert_eq!(phrase(Lang::BN_BD, d.clone()), bn, "{secs}s");
        assert_eq!(phrase(Lang::BN_IN, d.clone()), bn, "{secs}s");
        assert_eq!(phrase(Lang::EN, d), en, "{secs}s");
    }
    // The headline's rounded figures: `i18n::newsroom`'s table of every minute.
}

#[test]
fn times_read_as_each_newspaper_writes_them() {
    let (i18n, _) = i18n();
    // 1 Nov 2022 at a local time of the reader's zone; "now" is 12:30 in Dhaka.
    let at = |lang: Lang, hour: u32, minute: u32| {
        let offset = if lang == Lang::BN_IN { 330 } else { 360 };
        let local = chrono::NaiveDate::from_ymd_opt(2022, 11, 1)
            .unwrap()
            .and_hms_opt(hour, minute, 0)
            .unwrap();
        let utc = local - chrono::Duration::minutes(offset);
        let text = i18n
            .try_render(
                lang,
                &Msg::new("status-latest")
                    .arg("at", Arg::Time(utc.and_utc()))
                    .text("text", ""),
            )
            .unwrap();
        text.trim_start_matches("সর্বশেষ বার্তা (")
            .trim_start_matches("Last note (")
            .trim_end_matches("): ")
            .to_owned()
    };
    // Both Bengalis count the quarters of the hour the same way; the day's parts too.
    let bengali = [
        (5, 10, "ভোর ৫টা ১০ মিনিট"),
        (6, 0, "সকাল ৬টা"),
        (9, 15, "সকাল সোয়া ৯টা"),
        (11, 45, "সকাল পৌনে ১২টা"),
        (12, 0, "দুপুর ১২টা"),
        (12, 30, "দুপুর সাড়ে ১২টা"),
        (12, 45, "দুপুর পৌনে ১টা"),
        (13, 30, "দুপুর দেড়টা"),
        (17, 0, "বিকেল ৫টা"),
        (18, 30, "সন্ধ্যা সাড়ে ৬টা"),
        (20, 0, "রাত ৮টা"),
        (23, 15, "রাত সোয়া ১১টা"),
    ];
    for (hour, minute, words) in bengali {
        for lang in [Lang::BN_BD, Lang::BN_IN] {
            assert_eq!(at(lang, hour, minute), words, "{lang} {hour}:{minute}");
        }
    }
    // Kolkata's papers say two, three and four o'clock as they count: «দুটো», «তিনটে».
    for (hour, minute, dhaka, kolkata) in [
        (4, 0, "ভোর ৪টা", "ভোর ৪টে"),
        (14, 30, "দুপুর আড়াইটা", "দুপুর আড়াইটে"),
        (14, 0, "দুপুর ২টা", "দুপুর ২টো"),
        (15, 15, "বিকেল সোয়া ৩টা", "বিকেল সোয়া ৩টে"),
        (15, 30, "বিকেল সাড়ে ৩টা", "বিকেল সাড়ে ৩টে"),
        (15, 45, "বিকেল পৌনে ৪টা", "বিকেল পৌনে ৪টে"),
        (3, 20, "গতকাল দিবাগত রাত ৩টা ২০ মিনিট", "ভোর ৩টে ২০ মিনিট"),
        (1, 45, "গতকাল দিবাগত রাত পৌনে ২টা", "গতকাল রাত পৌনে ২টো"),
    ] {
        assert_eq!(at(Lang::BN_BD, hour, minute), dhaka, "{hour}:{minute}");
        assert_eq!(at(Lang::BN_IN, hour, minute), kolkata, "{hour}:{minute}");
    }
    // After midnight the news day is still the one before: Dhaka's papers say
    // «দিবাগত রাত», Kolkata's just «রাত».
    assert_eq!(at(Lang::BN_BD, 1, 0), "গতকাল দিবাগত রাত ১টা");
    assert_eq!(at(Lang::BN_IN, 1, 0), "গতকাল রাত ১টা");
    for (hour, minute, en) in [
        (0, 0, "12:00 am"),
        (0, 5, "12:05 am"),
        (12, 0, "noon"),
        (5, 10, "5:10 am"),
        (12, 30, "12:30 pm"),
        (15, 45, "3:45 pm"),
    ] {
        assert_eq!(at(Lang::EN, hour, minute), en, "{hour}:{minute}");
    }
}

/// Kebab-case strings in the code that are not message ids.
const NOT_MESSAGE_IDS: &[&str] = &[
    "outage-bot",
    "outage-bot-backup",
    "store-writer",
    // A cargo feature (`Store::hold_writer_for`).
    "test-hooks",
    "s3cret-s3cret-s3cret-s3cret-s3cret",
    // HTTP header names.
    "x-telegram-bot-api-secret-token",
    "idempotency-key",
    "idempotent-replayed",
    // The character set HTML and feeds declare.
    "utf-8",
    // A selector value (`i18n::newsroom::Fraction`) and a word its test reads back.
    "three-quarters",
    // The longest built-in place id (`locales/report-places.toml`), in a button's data.
    "north-24-parganas",
    "three-quarter",
];

/// Every message id the code names, with the file it is named in: each string literal
/// inside a `Msg::new(…)` call, and every kebab-case string literal anywhere in `src/`
/// (ids also travel as plain strings: `usage_id()`, `ConsoleLine::Usage("…")`).
fn message_ids_in_code() -> Vec<(String, String)> {
    fn literals(text: &str) -> Vec<String> {
        let mut out = Vec::new();
        let mut rest = text;
        while let Some(start) = rest.find('"') {
            let after = &rest[start + 1..];
            let Some(end) = after.find('"') else { break };
            out.push(after[..end].to_owned());
            rest = &after[end + 1..];
        }
        out
    }
    let kebab = |s: &str| {
        let mut parts = s.split('-');
        s.contains('-')
            && parts.all(|p| {
                !p.is_empty()
                    && p.chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
            })
            && s.starts_with(|c: char| c.is_ascii_lowercase())
    };
    let mut found = Vec::new();
    let mut dirs = vec![std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src")];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            let file = path.display().to_string();
            for call in text.split("Msg::new(").skip(1) {
                // The call's own parentheses: up to the first `)` that closes it.
                let mut depth = 1;
                let end = call
                    .char_indices()
                    .find(|&(_, c)| {
                        depth += match c {
                            '(' => 1,
                            ')' => -1,
                            _ => 0,
                        };
                        depth == 0
                    })
                    .map_or(call.len(), |(i, _)| i);
                for id in literals(&call[..end]) {
                    found.push((id, file.clone()));
                }
            }
            for literal in literals(&text) {
                if kebab(&literal) && !NOT_MESSAGE_IDS.contains(&literal.as_str()) {
                    found.push((literal, file.clone()));
                }
            }
        }
    }
    found
}

#[test]
fn every_message_id_in_the_code_exists_in_english() {
    let files = locale_files::embedded();
    let english = lint::message_variables(&files, Lang::EN);
    let ids = message_ids_in_code();
    assert!(ids.len() > 80, "the scan finds the ids: {}", ids.len());
    let missing: Vec<_> = ids
        .iter()
        .filter(|(id, _)| !english.contains_key(id))
        .collect();
    assert!(
        missing.is_empty(),
        "message ids in the code that locales/en lacks (a typo shows the raw id to a reader; \
         if it is not a message id, add it to NOT_MESSAGE_IDS): {missing:#?}"
    );
}

/// `/status`'s summary line never shows a red zero or a «০টি»: only what runs, worst
/// first, a disruption apart from an outage (the proxy review's bn-IN M6: a disruption
/// counted under 🔴 «সমস্যা»), with the unit named once (the Bengali review's H1).
#[test]
fn the_status_summary_names_only_what_there_is() {
    let (i18n, _) = i18n();
    let summary = |lang, (down, degraded, maintenance, operational)| {
        let tally = Tally {
            down,
            degraded,
            maintenance,
            operational,
        };
        let parts: Vec<String> = tally
            .summary()
            .iter()
            .map(|part| i18n.try_render(lang, part).unwrap())
            .collect();
        parts.join(" · ")
    };
    let cases = [
        (
            (0, 0, 1, 6),
            "🔧 ১টি সেবায় রক্ষণাবেক্ষণ চলছে · 🟢 বাকি ৬টি স্বাভাবিক",
            "🔧 ১টি পরিষেবায় রক্ষণাবেক্ষণ চলছে · 🟢 বাকি ৬টি স্বাভাবিক",
            "🔧 1 service under maintenance · 🟢 the other 6 working normally",
        ),
        (
            (1, 0, 1, 5),
            "🔴 ১টি সেবা বন্ধ · 🔧 ১টিতে রক্ষণাবেক্ষণ · 🟢 বাকি ৫টি স্বাভাবিক",
            "🔴 ১টি পরিষেবা বন্ধ · 🔧 ১টিতে রক্ষণাবেক্ষণ · 🟢 বাকি ৫টি স্বাভাবিক",
            "🔴 1 service down · 🔧 1 under maintenance · 🟢 the other 5 working normally",
        ),
        (
            (0, 2, 0, 9),
            "🟠 ২টি সেবা ব্যাহত · 🟢 বাকি ৯টি স্বাভাবিক",
            "🟠 ২টি পরিষেবা ব্যাহত · 🟢 বাকি ৯টি স্বাভাবিক",
            "🟠 2 services with problems · 🟢 the other 9 working normally",
        ),
        (
            (2, 1, 1, 0),
            "🔴 ২টি সেবা বন্ধ · 🟠 ১টি ব্যাহত · 🔧 ১টিতে রক্ষণাবেক্ষণ",
            "🔴 ২টি পরিষেবা বন্ধ · 🟠 ১টি ব্যাহত · 🔧 ১টিতে রক্ষণাবেক্ষণ",
            "🔴 2 services down · 🟠 1 with problems · 🔧 1 under maintenance",
        ),
    ];
    for (counts, bd, wb, en) in cases {
        assert_eq!(summary(Lang::BN_BD, counts), bd);
        assert_eq!(summary(Lang::BN_IN, counts), wb);
        assert_eq!(summary(Lang::EN, counts), en);
    }
    let all_working = Tally {
        operational: 11,
        ..Tally::default()
    };
    assert!(all_working.summary().is_empty());
}

/// Both ends of a span are said one way: quarter words only when both fall on a quarter
/// hour, else minutes at both ends, so the hour never seems to run backwards (the
/// Bengali review's H2: «সকাল পৌনে ৮টা থেকে সকাল ৭টা ৫০ মিনিট পর্যন্ত»).
#[test]
fn both_ends_of_a_span_are_said_in_one_style() {
    let (i18n, _) = i18n();
    let at = |h: u32, m: u32| {
        chrono::TimeZone::with_ymd_and_hms(&chrono_tz::Asia::Dhaka, 2022, 11, 1, h, m, 0)
            .unwrap()
            .with_timezone(&chrono::Utc)
    };
    // Each end rendered alone, through a message that shows one argument.
    let said = |arg: Arg| {
        let msg = Msg::new("status-latest")
            .arg("at", Arg::Text(String::new()))
            .arg("text", arg);
        i18n.try_render(Lang::BN_BD, &msg)
            .unwrap()
            .trim_start_matches("সর্বশেষ বার্তা (): ")
            .to_owned()
    };
    let span = |start, end| {
        (
            said(Arg::SpanStart { start, end }),
            said(Arg::SpanEnd { start, end }),
        )
    };
    // The part of the day is said once, at the start (the review's L2).
    assert_eq!(
        span(at(7, 45), at(7, 50)),
        ("সকাল ৭টা ৪৫ মিনিট".to_owned(), "৭টা ৫০ মিনিট".to_owned())
    );
    // «সোয়া» and «সাড়ে» stay beside minutes, as the reader first saw them (the second
    // blind review's L2); «পৌনে», which names the next hour, does not.
    assert_eq!(
        span(at(9, 15), at(9, 20)),
        ("সকাল সোয়া ৯টা".to_owned(), "৯টা ২০ মিনিট".to_owned())
    );
    assert_eq!(
        span(at(12, 30), at(14, 22)),
        ("দুপুর সাড়ে ১২টা".to_owned(), "২টা ২২ মিনিট".to_owned())
    );
    // Both on a quarter: the newsroom's words at both ends.
    assert_eq!(
        span(at(11, 45), at(13, 30)),
        ("সকাল পৌনে ১২টা".to_owned(), "দুপুর দেড়টা".to_owned())
    );
    // A time alone keeps its quarter word.
    assert_eq!(said(Arg::Time(at(7, 45))), "সকাল পৌনে ৮টা");
}

/// The words people type for a language, in either script, as the review found them
/// typed («ইংলিশ» was refused as unknown while English is served).
#[test]
fn languages_are_found_by_the_words_people_type() {
    let (i18n, _) = i18n();
    for (typed, lang) in [
        ("ইংলিশ", Lang::EN),
        ("ইংলিশে", Lang::EN),
        ("ইংরেজি", Lang::EN),
        ("English", Lang::EN),
        ("ইন্ডিয়া", Lang::BN_IN),
        ("কলকাতা", Lang::BN_IN),
        ("বাংলাদেশ", Lang::BN_BD),
    ] {
        assert_eq!(i18n.language_named(typed, Lang::EN), Some(lang), "{typed}");
    }
    assert_eq!(i18n.language_named("klingon", Lang::EN), None);
}
