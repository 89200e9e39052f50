//! Scripted failures: what a test tells the fake to answer for a chat (`Failure`), in the exact shapes Telegram uses.

use std::collections::HashMap;

use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::json;

use super::api_error;

/// A scripted (or enforced) failure, answered in the exact shape Telegram uses.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Failure {
    /// 403 "Forbidden: bot was blocked by the user" (teloxide: `ApiError::BotBlocked`).
    Blocked,
    /// 400 "Bad Request: chat not found" (teloxide: `ApiError::ChatNotFound`).
    ChatNotFound,
    /// 400 group upgraded, with `migrate_to_chat_id` (teloxide: `RequestError::MigrateToChatId`).
    MigrateTo(i64),
    /// 429 with `retry_after` (teloxide: `RequestError::RetryAfter`).
    TooManyRequests {
        /// Seconds the client is told to wait.
        retry_after: u32,
    },
    /// A 5xx with a plain-text body (teloxide sleeps 10 s, then `RequestError::InvalidJson`).
    ServerError(u16),
    /// A 5xx in the Bot API's JSON, `{"ok":false,"error_code":502,"description":"Bad
    /// Gateway"}`, as Telegram answers in a bad minute (teloxide sleeps 10 s, then
    /// `ApiError::Unknown("Bad Gateway")`).
    JsonServerError(u16),
    /// A 5xx as the HTML error page of the proxy in front of the Bot API (nginx's).
    HtmlPage(u16),
    /// 400 with this full description, e.g. "Bad Request: message is not modified: ...".
    BadRequest(String),
    /// 403 with this full description, e.g. "Forbidden: bot is not a member of the
    /// channel chat".
    Forbidden(String),
}

impl Failure {
    /// The answer Telegram gives: a JSON error with `error_code`, `description` and
    /// `parameters`, or for a 5xx a plain-text body.
    pub(super) fn response(&self) -> Response {
        let (status, description, parameters) = match self {
            Failure::Blocked => (403, "Forbidden: bot was blocked by the user".into(), None),
            Failure::ChatNotFound => (400, "Bad Request: chat not found".into(), None),
            Failure::MigrateTo(id) => (
                400,
                "Bad Request: group chat was upgraded to a supergroup chat".into(),
                Some(json!({ "migrate_to_chat_id": id })),
            ),
            Failure::TooManyRequests { retry_after } => (
                429,
                format!("Too Many Requests: retry after {retry_after}"),
                Some(json!({ "retry_after": retry_after })),
            ),
            Failure::BadRequest(description) => (400, description.clone(), None),
            Failure::Forbidden(description) => (403, description.clone(), None),
            Failure::JsonServerError(code) => (
                *code,
                StatusCode::from_u16(*code)
                    .ok()
                    .and_then(|s| s.canonical_reason())
                    .unwrap_or("Internal Server Error")
                    .to_owned(),
                None,
            ),
            Failure::HtmlPage(code) => {
                let status =
                    StatusCode::from_u16(*code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
                let title = format!(
                    "{} {}",
                    status.as_u16(),
                    status.canonical_reason().unwrap_or("Error")
                );
                let page = format!(
                    "<html>\r\n<head><title>{title}</title></head>\r\n<body>\r\n<center><h1>{title}</h1></center>\r\n<hr><center>nginx/1.18.0</center>\r\n</body>\r\n</html>\r\n"
                );
                return (status, [(header::CONTENT_TYPE, "text/html")], page).into_response();
            }
            Failure::ServerError(code) => {
                let status = StatusCode::from_u16(*code).ok();
                let body = status.and_then(|s| s.canonical_reason());
                return (
                    status.unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
                    [(header::CONTENT_TYPE, "text/plain")],
                    body.unwrap_or("Server Error"),
                )
                    .into_response();
            }
        };
        api_error(status, &description, parameters)
    }
}

/// The failures scripted per chat: each with how many more calls it answers (None: all of them).
#[derive(Default)]
pub(super) struct ChatFailures(HashMap<i64, (Failure, Option<u32>)>);

impl ChatFailures {
    /// Message-producing calls to `chat_id` fail with `failure`, `times` times or (None) for good.
    pub(super) fn script(&mut self, chat_id: i64, failure: Failure, times: Option<u32>) {
        match times {
            Some(0) => self.0.remove(&chat_id),
            _ => self.0.insert(chat_id, (failure, times)),
        };
    }

    /// The failure a call to `chat_id` gets now, if one is scripted (using one up).
    pub(super) fn take(&mut self, chat_id: i64) -> Option<Failure> {
        let (failure, remaining) = self.0.get_mut(&chat_id)?;
        let failure = failure.clone();
        if let Some(n) = remaining {
            *n -= 1;
            if *n == 0 {
                self.0.remove(&chat_id);
            }
        }
        Some(failure)
    }
}
