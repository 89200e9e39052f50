//! Every message renders in every language with the arguments the code passes; Bengali
//! output has Bengali digits only, English output no Bengali; no bidi marks anywhere.

use std::collections::BTreeSet;
use std::sync::Arc;

use outage_bot::clock::ManualClock;
use outage_bot::config::Config;
use outage_bot::domain::Lang;
use outage_bot::i18n::{Arg, I18n, Msg, Translations, lint, locale_files};

use crate::support::{has_ascii_digit, seed_time};

/// The selector values the code passes for each key argument.
fn key_values(name: &str) -> Option<&'static [&'static str]> {
    Some(match name {
        "severity" => &["major", "degraded"],
        "phase" => &["investigating", "identified", "monitoring"],
        "state" => &["operational", "major", "degraded"],
        "period" => &["dawn", "morning", "noon", "afternoon", "evening", "night"],
        "ampm" => &["am", "pm"],
        "subscribed" => &["yes", "no"],
        _ => return None,
    })
}

const NUMBERS: &[&str] = &[
    "count",
    "services",
    "minutes",
    "down",
    "operational",
    "delivered",
    "total",
    "blocked",
    "failed",
    "length",
    "limit",
    "user",
    "day",
    "month",
    "year",
    "hour12",
    "hour24",
    "minute",
];

/// Every combination of key values for a message's variables, with sample numbers
/// (0, 1 and a large one, to reach every plural form) and text without digits.
fn sample_args(variables: &BTreeSet<String>) -> Vec<Msg> {
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
        } else {
            vec![Arg::Text("Zed".into())]
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

fn i18n() -> (I18n, Vec<outage_bot::i18n::LocaleFile>) {
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
        for mut msg in sample_args(variables) {
            msg.id = id;
            for lang in [Lang::EN, Lang::BN] {
                let text = i18n
                    .try_render(lang, &msg)
                    .unwrap_or_else(|e| panic!("{id} in {lang}: {e}"));
                rendered += 1;
                assert!(
                    !text.contains(['\u{2068}', '\u{2069}']),
                    "{id} in {lang} has bidi marks: {text:?}"
                );
                assert!(
                    !text.trim().is_empty() || id.starts_with("duration"),
                    "{id} in {lang} is empty"
                );
                if lang == Lang::BN && id != "locale-numbering-system" {
                    assert!(
                        !has_ascii_digit(&text),
                        "{id} in bn has ASCII digits: {text}"
                    );
                }
                if lang == Lang::EN && !id.starts_with("locale-") && !id.starts_with("cmd-language")
                {
                    assert!(
                        !text.chars().any(|c| ('\u{0980}'..='\u{09FF}').contains(&c)),
                        "{id} in en has Bengali: {text}"
                    );
                }
            }
        }
    }
    assert!(rendered > 500, "rendered only {rendered}");
}

#[test]
fn numbers_durations_and_times_read_naturally() {
    let (i18n, _) = i18n();
    let render = |lang, msg: Msg| i18n.try_render(lang, &msg).unwrap();
    let count = |n: i64| Msg::new("status-all-operational").num("count", n);
    assert_eq!(
        render(Lang::BN, count(11_000)),
        "🟢 ১১,০০০টি পরিষেবাই স্বাভাবিকভাবে চলছে।"
    );
    assert_eq!(
        render(Lang::BN, count(123_456)),
        "🟢 ১,২৩,৪৫৬টি পরিষেবাই স্বাভাবিকভাবে চলছে।"
    );
    assert_eq!(
        render(Lang::EN, count(11_000)),
        "🟢 All 11,000 services are working normally."
    );
    let duration = |lang, secs: i64| {
        let msg = Msg::new("status-latest")
            .arg("at", Arg::Text(String::new()))
            .arg("text", Arg::Duration(chrono::Duration::seconds(secs)));
        render(lang, msg)
            .trim_start_matches("সর্বশেষ খবর (): ")
            .trim_start_matches("Latest (): ")
            .to_owned()
    };
    let cases = [
        (0, "০ সেকেন্ড", "0 s"),
        (59, "৫৯ সেকেন্ড", "59 s"),
        (60, "১ মিনিট", "1 min"),
        (112 * 60, "১ ঘণ্টা ৫২ মিনিট", "1 h 52 min"),
        (2 * 3600, "২ ঘণ্টা", "2 h"),
        (26 * 3600, "১ দিন ২ ঘণ্টা", "1 day 2 h"),
        (3 * 86_400, "৩ দিন", "3 days"),
    ];
    for (secs, bn, en) in cases {
        assert_eq!(duration(Lang::BN, secs), bn, "{secs}s");
        assert_eq!(duration(Lang::EN, secs), en, "{secs}s");
    }
    let rounded = |lang, minutes: i64| {
        let msg = Msg::new("status-latest")
            .arg("at", Arg::Text(String::new()))
            .arg(
                "text",
                Arg::RoundedDuration(chrono::Duration::minutes(minutes)),
            );
        render(lang, msg)
            .trim_start_matches("সর্বশেষ খবর (): ")
            .trim_start_matches("Latest (): ")
            .to_owned()
    };
    assert_eq!(rounded(Lang::BN, 112), "প্রায় দু ঘণ্টা");
    assert_eq!(rounded(Lang::EN, 112), "about 2 hours");
    assert_eq!(rounded(Lang::EN, 55), "about an hour");
}

#[test]
fn times_name_the_part_of_the_day_in_bengali() {
    let (i18n, _) = i18n();
    let at = |hour: u32, minute: u32| {
        let local = chrono::NaiveDate::from_ymd_opt(2022, 11, 1)
            .unwrap()
            .and_hms_opt(hour, minute, 0)
            .unwrap();
        let utc = local - chrono::Duration::hours(6);
        Msg::new("status-latest")
            .arg("at", Arg::Time(utc.and_utc()))
            .text("text", "")
    };
    let cases = [
        (0, 0, "রাত ১২টা", "12:00 am"),
        (4, 0, "ভোর ৪টা", "4:00 am"),
        (5, 10, "ভোর ৫টা ১০ মিনিট", "5:10 am"),
        (6, 0, "সকাল ৬টা", "6:00 am"),
        (12, 30, "দুপুর ১২টা ৩০ মিনিট", "12:30 pm"),
        (16, 0, "বিকেল ৪টা", "4:00 pm"),
        (18, 0, "সন্ধ্যা ৬টা", "6:00 pm"),
        (20, 0, "রাত ৮টা", "8:00 pm"),
        (21, 0, "রাত ৯টা", "9:00 pm"),
    ];
    for (hour, minute, bn, en) in cases {
        assert_eq!(
            i18n.try_render(Lang::BN, &at(hour, minute)).unwrap(),
            format!("সর্বশেষ খবর ({bn}): "),
            "{hour}:{minute}"
        );
        assert_eq!(
            i18n.try_render(Lang::EN, &at(hour, minute)).unwrap(),
            format!("Latest ({en}): "),
            "{hour}:{minute}"
        );
    }
}

/// Kebab-case strings in the code that are not message ids.
const NOT_MESSAGE_IDS: &[&str] = &[
    "outage-bot",
    "store-writer",
    "s3cret-s3cret-s3cret-s3cret-s3cret",
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
