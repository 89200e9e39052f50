//! Free text in the API: as a caller sends it (one string with optional `[en] … [bn] …`
//! markers, or one string per language) and as the API shows it.

use std::collections::BTreeMap;

use axum::http::StatusCode;
use serde::Deserialize;

use super::json::ApiError;
use crate::domain::{Lang, LocalizedText, NoticeText};

/// Free text: a string (with optional `[en] … [bn] …` markers) or one string per language.
#[derive(Deserialize, Default)]
#[serde(untagged)]
pub enum TextBody {
    #[default]
    None,
    Plain(String),
    PerLanguage(BTreeMap<String, String>),
}

impl TextBody {
    /// The text as a person sent it: refused with 422 when a part is too long.
    pub fn parse(self) -> Result<NoticeText, ApiError> {
        let text = match self {
            TextBody::None => LocalizedText::default(),
            TextBody::Plain(text) => LocalizedText::parse(&text),
            TextBody::PerLanguage(parts) => {
                let mut out = Vec::new();
                for (code, text) in parts {
                    let lang = Lang::parse(&code).ok_or_else(|| {
                        ApiError::new(
                            StatusCode::UNPROCESSABLE_ENTITY,
                            "invalid_language",
                            format!("`{code}` is not a language code"),
                        )
                    })?;
                    out.push((Some(lang), text));
                }
                LocalizedText::from_parts(out)
            }
        };
        NoticeText::from_person(text).map_err(|too_long| {
            ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "text_too_long",
                format!(
                    "a text part is {} UTF-16 code units (as Telegram counts); the limit is {}",
                    too_long.length, too_long.limit
                ),
            )
        })
    }
}

/// Free text as the API shows it: one text per language code, `any` for text without
/// a language marker.
pub fn text_parts(text: &LocalizedText) -> BTreeMap<String, String> {
    text.parts()
        .map(|(lang, t)| {
            let code = lang.map_or_else(|| "any".to_owned(), |l| l.to_string());
            (code, t.to_owned())
        })
        .collect()
}
