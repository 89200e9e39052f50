//! Where locale files come from (embedded at build time, or a folder) and how problems
//! in them are reported: by file and line.

use std::fmt;
use std::path::{Path, PathBuf};

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded_locales.rs"));
}

/// One `.ftl` file of one language folder.
#[derive(Clone, Debug)]
pub struct LocaleFile {
    /// The folder name, which is the language code (`bn`).
    pub lang_dir: String,
    /// Shown in problems: `locales/bn/bot.ftl`.
    pub path: PathBuf,
    pub text: String,
}

impl LocaleFile {
    /// The 1-based line of a byte offset, for problem reports.
    pub fn line_of(&self, offset: usize) -> usize {
        1 + self.text.as_bytes()[..offset.min(self.text.len())]
            .iter()
            .filter(|&&b| b == b'\n')
            .count()
    }

    /// The line where message `id` is defined.
    pub fn line_of_message(&self, id: &str) -> Option<usize> {
        self.text
            .lines()
            .position(|line| {
                line.strip_prefix(id)
                    .is_some_and(|rest| rest.trim_start().starts_with('='))
            })
            .map(|i| i + 1)
    }
}

/// The locale files compiled into this binary.
pub fn embedded() -> Vec<LocaleFile> {
    embedded::EMBEDDED_LOCALES
        .iter()
        .map(|(lang, name, text)| LocaleFile {
            lang_dir: (*lang).to_owned(),
            path: Path::new("locales").join(lang).join(name),
            text: (*text).to_owned(),
        })
        .collect()
}

/// Every `<dir>/<lang>/*.ftl`, sorted by path.
pub fn from_dir(dir: &Path) -> std::io::Result<Vec<LocaleFile>> {
    let mut files = Vec::new();
    for lang_dir in std::fs::read_dir(dir)? {
        let lang_dir = lang_dir?.path();
        if !lang_dir.is_dir() {
            continue;
        }
        let lang = lang_dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        for entry in std::fs::read_dir(&lang_dir)? {
            let path = entry?.path();
            if path.extension().is_some_and(|e| e == "ftl") {
                let text = std::fs::read_to_string(&path)?;
                files.push(LocaleFile {
                    lang_dir: lang.clone(),
                    path,
                    text,
                });
            }
        }
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

/// Something wrong in a locale file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub path: PathBuf,
    pub line: Option<usize>,
    pub message: String,
}

impl Problem {
    pub fn new(file: &LocaleFile, line: Option<usize>, message: String) -> Problem {
        Problem {
            path: file.path.clone(),
            line,
            message,
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{line}: {}", self.path.display(), self.message),
            None => write!(f, "{}: {}", self.path.display(), self.message),
        }
    }
}
