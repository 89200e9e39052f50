//! The Bengali glossary is law: no banned spelling appears in `locales/bn/`.

use std::path::Path;

/// The banned spellings, read from the glossary's own table.
fn banned() -> Vec<String> {
    let glossary =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("locales/GLOSSARY.md"))
            .unwrap();
    let table = glossary
        .split("## Banned spellings")
        .nth(1)
        .expect("the glossary has a banned-spellings table");
    table
        .lines()
        .filter(|l| l.starts_with('|') && !l.contains("---") && !l.contains("banned"))
        .filter_map(|l| l.split('|').nth(1).map(|c| c.trim().to_owned()))
        .filter(|w| !w.is_empty())
        .collect()
}

#[test]
fn bengali_messages_follow_the_glossary() {
    let banned = banned();
    assert!(banned.iter().any(|w| w == "ঘন্টা"), "{banned:?}");
    let mut offences = Vec::new();
    for file in outage_bot::i18n::locale_files::embedded()
        .iter()
        .filter(|f| f.lang_dir == "bn")
    {
        for (number, line) in file.text.lines().enumerate() {
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

#[test]
fn service_names_match_the_glossary() {
    let glossary =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("locales/GLOSSARY.md"))
            .unwrap();
    let config = outage_bot::config::Config::parse("", None, &|_| None).unwrap();
    for service in config.catalog.iter() {
        let bn = service.name(outage_bot::domain::Lang::BN);
        assert!(
            glossary.contains(&format!("| {} | {bn} |", service.id)),
            "{} is «{bn}» in the catalog but not in the glossary",
            service.id
        );
    }
}
