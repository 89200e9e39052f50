//! `outage-bot check`: validates the configuration and every locale and says what is
//! wrong, with file and line, so a broken deployment is caught before it starts.

use std::path::Path;

use crate::config::{Config, Env};
use crate::domain::Lang;
use crate::domain::service::Form;
use crate::i18n::{Translations, lint, locale_files};

/// The check's findings: problems (empty when all is well), notes (worth a look, not
/// wrong) and a summary for success.
pub struct Report {
    pub problems: Vec<String>,
    pub notes: Vec<String>,
    pub summary: String,
}

pub fn check(config_file: Option<&Path>, env: Env) -> Report {
    let config = match Config::load(config_file, env) {
        Ok(config) => config,
        Err(e) => {
            return Report {
                problems: vec![e.to_string()],
                notes: Vec::new(),
                summary: String::new(),
            };
        }
    };
    let files = match &config.locales_dir {
        Some(dir) => match locale_files::from_dir(dir) {
            Ok(files) => files,
            Err(e) => {
                return Report {
                    problems: vec![format!("{}: {e}", dir.display())],
                    notes: Vec::new(),
                    summary: String::new(),
                };
            }
        },
        None => locale_files::embedded(),
    };
    let mut problems: Vec<String> = lint::lint(&files, Lang::EN)
        .iter()
        .map(ToString::to_string)
        .collect();
    let translations = match Translations::build(&files) {
        Ok(t) => Some(t),
        Err(found) => {
            problems.extend(found.iter().map(ToString::to_string));
            None
        }
    };
    let config_name = config
        .file
        .as_ref()
        .map(|f| f.display().to_string())
        .unwrap_or_else(|| "locales/services.toml and the region's (built-in catalog)".to_owned());
    let mut notes = Vec::new();
    if let Some(translations) = &translations {
        let served_default = translations.serves(config.default_language)
            || translations
                .languages()
                .any(|l| l.base() == config.default_language);
        if !served_default {
            problems.push(format!(
                "{config_name}: default_language: there are no translations for `{}`",
                config.default_language
            ));
        }
        for service in config.catalog.iter() {
            for lang in translations.languages() {
                // A variant reads its base language's name (`bn` for `bn-BD`).
                let named =
                    service.names.contains_key(&lang) || service.names.contains_key(&lang.base());
                if !named {
                    problems.push(format!(
                        "{config_name}: services.{}.name: no name in `{}`",
                        service.id,
                        lang.base()
                    ));
                    continue;
                }
                for (field, form) in [("genitive", Form::Genitive), ("locative", Form::Locative)] {
                    let (made, guessed) = service.form(lang, form);
                    if guessed && made != service.name(lang) {
                        notes.push(format!(
                            "{config_name}: services.{}: the {field} in `{}` was made by rule: «{made}» (to confirm or correct it: {field} = {{ {} = \"…\" }})",
                            service.id,
                            lang.base(),
                            lang.base()
                        ));
                    }
                }
            }
        }
    }
    notes.sort();
    notes.dedup();
    problems.sort();
    problems.dedup();
    let languages = translations
        .as_ref()
        .map(|t| {
            t.languages()
                .map(|l| l.code().to_owned())
                .collect::<Vec<_>>()
                .join(", ")
        })
        .unwrap_or_default();
    let summary = format!(
        "ok: {} locale files ({languages}), {} services, configuration {config_name}",
        files.len(),
        config.catalog.len()
    );
    Report {
        problems,
        notes,
        summary,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_locales_and_catalog_pass() {
        let report = check(None, &|_| None);
        assert_eq!(report.problems, Vec::<String>::new());
        assert!(
            report.summary.contains("bn-BD, bn-IN, en"),
            "{}",
            report.summary
        );
        assert_eq!(
            report.notes,
            Vec::<String>::new(),
            "the catalog gives every form"
        );
    }

    #[test]
    fn a_service_without_a_bengali_name_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("bot.toml");
        std::fs::write(
            &file,
            "[[services]]\nid = \"mybank\"\nname = { en = \"My Bank\" }\n",
        )
        .unwrap();
        let report = check(Some(&file), &|_| None);
        assert!(
            report
                .problems
                .iter()
                .any(|p| p.contains("bot.toml")
                    && p.contains("services.mybank.name: no name in `bn`")),
            "{:?}",
            report.problems
        );
    }
}
