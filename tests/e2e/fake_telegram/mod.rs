//! A fake Telegram Bot API server for end-to-end tests: its HTTP surface (start, routing, request parsing) and the `FakeTelegram` handle. It speaks the real wire format, so a real teloxide `Bot` can talk to it.

mod failures;
mod limits;
pub mod multipart;
mod outage;
mod state;

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};
use tokio::sync::Notify;
use tokio::time::Instant;

pub use failures::Failure;
pub use limits::Limits;
pub use outage::{Latency, Outage};
use state::{BotState, Group};
pub use state::{FailedAttempt, Sent};

/// A Telegram user as the fake knows it (the sender of pushed updates, an admin, ...).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TgUser {
    /// Telegram user id (also the id of the private chat with the bot).
    pub id: i64,
    /// First name shown in messages.
    pub first_name: String,
    /// IETF language tag the client reports, e.g. "bn" or "en".
    pub language_code: Option<String>,
}

impl TgUser {
    /// The Bot API `User` JSON object for this user.
    pub fn to_json(&self) -> Value {
        let mut v = json!({"id": self.id, "is_bot": false, "first_name": self.first_name});
        if let Some(l) = &self.language_code {
            v["language_code"] = json!(l);
        }
        v
    }
}

/// Handle to a running fake Bot API server (cheap to clone; all clones share state).
#[derive(Clone)]
pub struct FakeTelegram {
    inner: Arc<Inner>,
    addr: SocketAddr,
}

struct Inner {
    state: Mutex<BotState>,
    updates_pushed: Notify,
    /// Rung when a `getUpdates` confirms the last updates waiting (Telegram forgets them).
    all_confirmed: Notify,
    /// Telegram failing for everyone, and how long each call takes (`outage.rs`).
    weather: Mutex<outage::Weather>,
}

/// The Bot API methods the bot (and teloxide on its behalf) calls; anything else is a 404.
const METHODS: &[&str] = &[
    "getMe",
    "getWebhookInfo",
    "setWebhook",
    "deleteWebhook",
    "getUpdates",
    "sendMessage",
    "sendDocument",
    "editMessageText",
    "answerCallbackQuery",
    "setMyCommands",
    "setMyDescription",
    "setMyShortDescription",
    "getChatAdministrators",
    "getChat",
];

impl FakeTelegram {
    /// The only bot token the fake accepts.
    pub const TOKEN: &'static str = "123456:TEST-token_abcdefghijklmnopqrstuvwxyz12";
    /// The bot's user id (the token's numeric prefix).
    pub const BOT_ID: i64 = 123456;
    /// The bot's @username (without the '@').
    pub const BOT_USERNAME: &'static str = "outage_test_bot";

    /// Starts the server on 127.0.0.1 with an OS-chosen port; it lives as long as the tokio runtime.
    pub async fn start() -> FakeTelegram {
        let inner = Arc::new(Inner {
            state: Mutex::new(BotState::default()),
            updates_pushed: Notify::new(),
            all_confirmed: Notify::new(),
            weather: Mutex::new(outage::Weather::default()),
        });
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("fake telegram: bind 127.0.0.1:0");
        let addr = listener.local_addr().expect("fake telegram: local_addr");
        let app = axum::Router::new()
            .fallback(handle)
            .with_state(Arc::clone(&inner));
        tokio::spawn(outage::serve(listener, app, Arc::clone(&inner)));
        tokio::spawn(post_to_webhook(Arc::clone(&inner)));
        FakeTelegram { inner, addr }
    }

    /// From now on Telegram fails for everyone, every method alike, in this way.
    pub fn start_outage(&self, outage: Outage) {
        self.inner.weather().outage = Some(outage);
    }

    /// Telegram answers again.
    pub fn end_outage(&self) {
        self.inner.weather().outage = None;
    }

    /// Telegram fails for everyone in this way for `lasting`, from now.
    pub fn outage_for(&self, outage: Outage, lasting: Duration) {
        self.start_outage(outage);
        let fake = self.clone();
        tokio::spawn(async move {
            tokio::time::sleep(lasting).await;
            fake.end_outage();
        });
    }

    /// Calls answered with a failure (or cut, or held) because of an outage.
    pub fn outage_calls(&self) -> u64 {
        self.inner.weather().failed_calls
    }

    /// Sends Telegram took during a `Hang` and never answered in time: the one way a
    /// chat may rightly get a notice twice.
    pub fn applied_unanswered(&self) -> Vec<i64> {
        self.inner.weather().applied_unanswered.clone()
    }

    /// How long Telegram takes to list a group's administrators.
    pub fn set_admin_lookup_delay(&self, delay: Duration) {
        self.inner.weather().admin_lookup = delay;
    }

    /// `getChatAdministrators` calls so far.
    pub fn admin_lookups(&self) -> usize {
        self.inner.weather().admin_lookups
    }

    /// How long each call takes (not `getUpdates`): Telegram acts on it `before` after it
    /// was sent — where its limits count it — and answers `after` that.
    pub fn set_latency(&self, latency: Latency) {
        self.inner.weather().latency = latency;
    }

    /// The webhook set with `setWebhook` (URL and secret), if any.
    pub fn webhook(&self) -> Option<(String, Option<String>)> {
        self.state().webhook.clone()
    }

    /// The bot's HTTP status for each update posted to its webhook.
    pub fn webhook_answers(&self) -> Vec<u16> {
        self.state().webhook_answers.clone()
    }

    /// Base URL for `TELOXIDE_API_URL` / `Bot::set_api_url`, e.g. "http://127.0.0.1:PORT/".
    pub fn api_url(&self) -> String {
        format!("http://{}/", self.addr)
    }

    /// A real teloxide `Bot` pointed at this fake, with the accepted token.
    pub fn bot(&self) -> teloxide::Bot {
        teloxide::Bot::new(Self::TOKEN)
            .set_api_url(self.api_url().parse().expect("fake telegram: api url"))
    }

    /// A human user with the given id, first name and client language.
    pub fn user(id: i64, first_name: &str, language_code: Option<&str>) -> TgUser {
        TgUser {
            id,
            first_name: first_name.to_owned(),
            language_code: language_code.map(str::to_owned),
        }
    }

    /// Registers a group (negative id); the first admin is the creator, the rest administrators.
    pub fn register_group(&self, chat_id: i64, basic_group: bool, admins: &[i64]) {
        let group = Group {
            basic: basic_group,
            admins: admins.to_vec(),
        };
        self.state().groups.insert(chat_id, group);
    }

    /// Registers a public channel `@username` the bot may post in; returns its id.
    pub fn register_channel(&self, username: &str) -> i64 {
        let mut state = self.state();
        let id = -1_000_000_000_000 - state.channels.len() as i64 - 1;
        state.channels.insert(username.to_owned(), id);
        id
    }

    /// Pushes a text message update from `from` in `chat_id` (a `bot_command` entity if it starts with '/'); returns its message_id.
    pub fn send_text(&self, chat_id: i64, from: &TgUser, text: &str) -> i32 {
        let message_id = self.state().push_text(chat_id, from, text);
        self.inner.updates_pushed.notify_waiters();
        message_id
    }

    /// Resolves the moment a `getUpdates` confirms every update waiting (the bot has
    /// taken them all, and Telegram forgets them). Enable it before pushing.
    pub fn all_confirmed(&self) -> tokio::sync::futures::Notified<'_> {
        self.inner.all_confirmed.notified()
    }

    /// A text message update as `send_text` shapes it, with the next update id, that
    /// Telegram has already handed out and been told arrived: it is not given again.
    /// Returns its id and its JSON (what a bot that took it would have kept).
    pub fn given_away_text(&self, chat_id: i64, from: &TgUser, text: &str) -> (u32, Value) {
        let mut state = self.state();
        state.push_text(chat_id, from, text);
        let (id, kind, payload) = state.updates.pop_back().expect("the update just pushed");
        (id, json!({ "update_id": id, kind: payload }))
    }

    /// Pushes many text message updates (chat id, sender, text), shaped as `send_text` does, under one lock and with one wake-up of waiting getUpdates calls.
    pub fn push_texts(&self, messages: &[(i64, TgUser, String)]) {
        {
            let mut st = self.state();
            for (chat_id, from, text) in messages {
                st.push_text(*chat_id, from, text);
            }
        }
        self.inner.updates_pushed.notify_waiters();
    }

    /// Pushes a callback_query update for pressing a button with `data` on message `message_id` in `chat_id`; returns the query id.
    pub fn press_button(&self, chat_id: i64, from: &TgUser, message_id: i32, data: &str) -> String {
        let id = self.state().push_callback(chat_id, from, message_id, data);
        self.inner.updates_pushed.notify_waiters();
        id
    }

    /// Every message-producing call to `chat_id` fails with `failure`.
    pub fn fail_chat(&self, chat_id: i64, failure: Failure) {
        self.state().chat_failures.script(chat_id, failure, None);
    }

    /// The next `times` message-producing calls to `chat_id` fail with `failure`.
    pub fn fail_chat_times(&self, chat_id: i64, failure: Failure, times: u32) {
        self.state()
            .chat_failures
            .script(chat_id, failure, Some(times));
    }

    /// Turns flood-limit enforcement on `sendMessage` on (Some) or off (None).
    pub fn set_limits(&self, limits: Option<Limits>) {
        self.state().flood.limits = limits;
    }

    /// Accepted sendMessage / editMessageText calls, in order.
    pub fn sent(&self) -> Vec<Sent> {
        self.state().sent.clone()
    }

    /// How many calls were accepted so far (cheap: nothing is copied).
    pub fn sent_count(&self) -> usize {
        self.state().sent.len()
    }

    /// Accepted calls from index `start` on, for callers that read as they go.
    pub fn sent_from(&self, start: usize) -> Vec<Sent> {
        self.state().sent.get(start..).unwrap_or_default().to_vec()
    }

    /// The chat's user deletes one of the messages in it: a reply to it finds nothing.
    pub fn delete_message(&self, chat_id: i64, message_id: i32) {
        self.state().delete_message(chat_id, message_id);
    }

    /// Accepted calls to one chat, in order.
    pub fn sent_to(&self, chat_id: i64) -> Vec<Sent> {
        let st = self.state();
        st.sent
            .iter()
            .filter(|s| s.chat_id == chat_id)
            .cloned()
            .collect()
    }

    /// The texts of every accepted sendMessage and editMessageText, grouped by chat, in order (one lock, only texts copied).
    pub fn texts_by_chat(&self) -> HashMap<i64, Vec<String>> {
        let st = self.state();
        let mut by_chat: HashMap<i64, Vec<String>> = HashMap::new();
        for s in &st.sent {
            by_chat.entry(s.chat_id).or_default().push(s.text.clone());
        }
        by_chat
    }

    /// Rejected message-producing calls, in order.
    pub fn failed_attempts(&self) -> Vec<FailedAttempt> {
        self.state().failed.clone()
    }

    /// How many sends were rejected by `Limits` enforcement.
    pub fn violations(&self) -> u32 {
        self.state().violations
    }

    /// Bodies of all setMyCommands calls (commands, scope, language_code), in order.
    pub fn my_commands_calls(&self) -> Vec<Value> {
        self.state().my_commands_calls.clone()
    }

    /// Bodies of all setMyDescription and setMyShortDescription calls that Telegram
    /// accepted, with the method's name, in order.
    pub fn description_calls(&self) -> Vec<(&'static str, Value)> {
        self.state().description_calls.clone()
    }

    /// Bodies of all answerCallbackQuery calls, in order.
    pub fn answered_callbacks(&self) -> Vec<Value> {
        self.state().answered_callbacks.clone()
    }

    /// How many getUpdates calls arrived so far.
    pub fn polls(&self) -> usize {
        self.state().polls
    }

    /// Updates pushed but not yet confirmed by a getUpdates offset, or not yet answered
    /// by the webhook.
    pub fn pending_updates(&self) -> usize {
        let state = self.state();
        state.updates.len() + state.webhook_posting
    }

    /// Polls `cond` every 10 ms; panics naming `what`, with a dump of what was sent, after `timeout`.
    pub async fn wait_until<F: Fn(&FakeTelegram) -> bool>(
        &self,
        what: &str,
        timeout: Duration,
        cond: F,
    ) {
        let deadline = Instant::now() + timeout;
        loop {
            if cond(self) {
                return;
            }
            if Instant::now() >= deadline {
                panic!(
                    "fake telegram: timed out after {timeout:?} waiting for {what}\n{}",
                    self.dump()
                );
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    }

    /// A human-readable dump of sent messages, failed attempts and pending updates.
    pub fn dump(&self) -> String {
        let st = self.state();
        let mut out = format!("sent ({}):\n", st.sent.len());
        for s in &st.sent {
            out.push_str(&format!(
                "  {} chat={} msg={}: {:?}\n",
                s.method,
                s.chat_id,
                s.message_id,
                clip(&s.text)
            ));
        }
        out.push_str(&format!("failed attempts ({}):\n", st.failed.len()));
        for f in &st.failed {
            out.push_str(&format!(
                "  {} chat={} {:?}{}: {:?}\n",
                f.method,
                f.chat_id,
                f.failure,
                if f.limit_violation { " (limit)" } else { "" },
                clip(&f.text)
            ));
        }
        out.push_str(&format!("pending updates: {}\n", st.updates.len()));
        out
    }

    fn state(&self) -> MutexGuard<'_, BotState> {
        self.inner.state()
    }
}

impl Inner {
    fn state(&self) -> MutexGuard<'_, BotState> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn weather(&self) -> MutexGuard<'_, outage::Weather> {
        self.weather.lock().unwrap_or_else(|e| e.into_inner())
    }

    async fn dispatch(&self, method: &'static str, p: Value) -> Response {
        match method {
            "getMe" => ok(bot_user_me()),
            "getWebhookInfo" => {
                let state = self.state();
                let url = state
                    .webhook
                    .as_ref()
                    .map(|(u, _)| u.clone())
                    .unwrap_or_default();
                let mut info = json!({
                    "url": url,
                    "has_custom_certificate": false,
                    "pending_update_count": state.updates.len(),
                });
                if let Some((at, message)) = &state.webhook_error {
                    info["last_error_date"] = json!(at);
                    info["last_error_message"] = json!(message);
                }
                ok(info)
            }
            "setWebhook" => {
                let url = p.get("url").and_then(Value::as_str).unwrap_or_default();
                if !(url.starts_with("https://") || url.starts_with("http://")) {
                    return bad_request(
                        "Bad Request: bad webhook: An HTTPS URL must be provided for webhook",
                    );
                }
                let secret = p.get("secret_token").and_then(Value::as_str);
                let allowed = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '-';
                if secret.is_some_and(|s| s.is_empty() || s.len() > 256 || !s.chars().all(allowed))
                {
                    return bad_request("Bad Request: secret token contains unallowed characters");
                }
                self.state().webhook = Some((url.to_owned(), secret.map(str::to_owned)));
                self.updates_pushed.notify_waiters();
                ok(json!(true))
            }
            "deleteWebhook" => {
                self.state().webhook = None;
                ok(json!(true))
            }
            "getUpdates" => {
                if self.state().webhook.is_some() {
                    return api_error(
                        409,
                        "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
                        None,
                    );
                }
                self.state().polls += 1;
                self.get_updates(&p).await
            }
            "sendMessage" => self.state().send_message(&p),
            // Without a file part there is nothing to send.
            "sendDocument" => self.state().send_document(&p, &[]),
            "editMessageText" => self.state().edit_message_text(&p),
            "answerCallbackQuery" => {
                self.state().answered_callbacks.push(p);
                ok(json!(true))
            }
            "setMyCommands" => {
                if let Some(refusal) = profile_refusal(&p) {
                    return refusal;
                }
                self.state().my_commands_calls.push(p);
                ok(json!(true))
            }
            "setMyDescription" | "setMyShortDescription" => {
                if let Some(refusal) = profile_refusal(&p) {
                    return refusal;
                }
                self.state().description_calls.push((method, p));
                ok(json!(true))
            }
            "getChat" => self.state().get_chat(&p),
            "getChatAdministrators" => {
                let delay = {
                    let mut weather = self.weather();
                    weather.admin_lookups += 1;
                    weather.admin_lookup
                };
                tokio::time::sleep(delay).await;
                self.administrators_of(&p)
            }
            _ => not_found(),
        }
    }

    fn administrators_of(&self, p: &Value) -> Response {
        match chat_id_of(p) {
            None => Failure::ChatNotFound.response(),
            Some(chat_id) if chat_id > 0 => {
                bad_request("Bad Request: there are no administrators in the private chat")
            }
            Some(chat_id) => ok(self.state().administrators(chat_id)),
        }
    }

    async fn get_updates(&self, p: &Value) -> Response {
        let offset = int_of(p, "offset").unwrap_or(0);
        {
            // This call confirms every update still waiting: Telegram forgets them.
            let state = self.state();
            if offset > 0
                && !state.updates.is_empty()
                && state
                    .updates
                    .iter()
                    .all(|(id, _, _)| i64::from(*id) < offset)
            {
                self.all_confirmed.notify_waiters();
            }
        }
        let limit = int_of(p, "limit").unwrap_or(100).clamp(1, 100) as usize;
        let timeout = int_of(p, "timeout").unwrap_or(0).max(0) as u64;
        let mut allowed = p.get("allowed_updates").and_then(Value::as_array).map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect::<Vec<_>>()
        });
        let deadline = Instant::now() + Duration::from_secs(timeout);
        loop {
            let notified = self.updates_pushed.notified();
            tokio::pin!(notified);
            notified.as_mut().enable();
            let batch = self.state().take_updates(allowed.take(), offset, limit);
            if !batch.is_empty() {
                return ok(Value::Array(batch));
            }
            if tokio::time::timeout_at(deadline, notified).await.is_err() {
                return ok(json!([]));
            }
        }
    }
}

/// While a webhook is set, posts each update to it in order, with the secret in
/// `X-Telegram-Bot-Api-Secret-Token`, as Telegram does (without its retries).
async fn post_to_webhook(inner: Arc<Inner>) {
    let client = reqwest::Client::new();
    loop {
        let notified = inner.updates_pushed.notified();
        tokio::pin!(notified);
        notified.as_mut().enable();
        let (target, updates) = {
            let mut state = inner.state();
            match state.webhook.clone() {
                Some(target) => {
                    let updates = state.drain_updates();
                    state.webhook_posting = updates.len();
                    (Some(target), updates)
                }
                None => (None, Vec::new()),
            }
        };
        if let Some((url, secret)) = target {
            let mut updates = updates.into_iter();
            while let Some(update) = updates.next() {
                let mut request = client.post(&url).json(&update);
                if let Some(secret) = &secret {
                    request = request.header("X-Telegram-Bot-Api-Secret-Token", secret);
                }
                let (status, error) = match request.send().await {
                    Ok(answer) if answer.status().is_success() => (answer.status().as_u16(), None),
                    Ok(answer) => (
                        answer.status().as_u16(),
                        Some(format!(
                            "Wrong response from the webhook: {}",
                            answer.status()
                        )),
                    ),
                    Err(_) => (0, Some("Connection refused".to_owned())),
                };
                let mut state = inner.state();
                state.webhook_answers.push(status);
                state.webhook_posting -= 1;
                if let Some(message) = error {
                    // Kept, in order, for the next try, as Telegram does.
                    let rest: Vec<Value> = updates.by_ref().collect();
                    for kept in rest.iter().rev().chain(std::iter::once(&update)) {
                        state.put_back(kept);
                    }
                    state.webhook_error = Some((unix_now(), message));
                    state.webhook_posting = 0;
                    break;
                }
            }
        }
        let _ = tokio::time::timeout(Duration::from_millis(200), notified).await;
    }
}

async fn handle(
    State(inner): State<Arc<Inner>>,
    uri: Uri,
    headers: axum::http::HeaderMap,
    body: Bytes,
) -> Response {
    let mut parts = uri.path().trim_start_matches('/').splitn(2, '/');
    let (Some(first), Some(method)) = (parts.next(), parts.next()) else {
        return not_found();
    };
    let Some(token) = first.strip_prefix("bot") else {
        return not_found();
    };
    if token != FakeTelegram::TOKEN {
        return api_error(401, "Unauthorized", None);
    }
    let Some(method) = METHODS
        .iter()
        .copied()
        .find(|m| m.eq_ignore_ascii_case(method))
    else {
        return not_found();
    };
    let (outage, latency) = {
        let weather = inner.weather();
        (weather.outage.clone(), weather.latency)
    };
    match outage {
        Some(Outage::Answer(failure)) => {
            inner.weather().failed_calls += 1;
            return failure.response();
        }
        // Held and then taken, but answered only after the client stopped waiting.
        Some(Outage::Hang { hold }) => {
            inner.weather().failed_calls += 1;
            let answer = process(&inner, method, &headers, &body).await;
            if answer.status().is_success() && matches!(method, "sendMessage" | "sendDocument") {
                let chat = chat_id_in(&headers, &body);
                inner.weather().applied_unanswered.push(chat);
            }
            tokio::time::sleep(hold).await;
            return answer;
        }
        // Cut in `outage::serve`, before the request gets here.
        Some(Outage::Reset) | None => {}
    }
    if method == "getUpdates" || latency == Latency::default() {
        return process(&inner, method, &headers, &body).await;
    }
    tokio::time::sleep(latency.before).await;
    let answer = process(&inner, method, &headers, &body).await;
    tokio::time::sleep(latency.after).await;
    answer
}

/// The chat a send was for, read from its JSON body (0 when there is none).
fn chat_id_in(headers: &axum::http::HeaderMap, body: &Bytes) -> i64 {
    let json = headers
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"application/json"));
    json.then(|| serde_json::from_slice::<Value>(body).ok())
        .flatten()
        .and_then(|p| chat_id_of(&p))
        .unwrap_or(0)
}

/// One Bot API call as Telegram acts on it.
async fn process(
    inner: &Inner,
    method: &'static str,
    headers: &axum::http::HeaderMap,
    body: &Bytes,
) -> Response {
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    if let Some(boundary) = multipart::boundary(content_type) {
        // teloxide sends any call that may carry a file as a form (setWebhook too).
        return match multipart::parse(body, &boundary) {
            Ok((params, uploads)) if method == "sendDocument" => {
                inner.state().send_document(&params, &uploads)
            }
            Ok((params, _)) => inner.dispatch(method, params).await,
            Err(e) => bad_request(&format!("Bad Request: can't parse multipart: {e}")),
        };
    }
    let params = if body.iter().all(u8::is_ascii_whitespace) {
        json!({})
    } else {
        match serde_json::from_slice::<Value>(body) {
            Ok(v @ Value::Object(_)) => v,
            Ok(_) => json!({}),
            Err(e) => return bad_request(&format!("Bad Request: can't parse JSON: {e}")),
        }
    };
    inner.dispatch(method, params).await
}

fn ok(result: Value) -> Response {
    json_response(200, json!({"ok": true, "result": result}))
}

fn api_error(status: u16, description: &str, parameters: Option<Value>) -> Response {
    let mut body = json!({"ok": false, "error_code": status, "description": description});
    if let Some(p) = parameters {
        body["parameters"] = p;
    }
    json_response(status, body)
}

fn bad_request(description: &str) -> Response {
    api_error(400, description, None)
}

fn not_found() -> Response {
    api_error(404, "Not Found: method not found", None)
}

fn json_response(status: u16, body: Value) -> Response {
    (
        StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
        [(header::CONTENT_TYPE, "application/json")],
        body.to_string(),
    )
        .into_response()
}

fn bot_user() -> Value {
    json!({
        "id": FakeTelegram::BOT_ID,
        "is_bot": true,
        "first_name": "Outage Bot",
        "username": FakeTelegram::BOT_USERNAME,
    })
}

fn bot_user_me() -> Value {
    let mut me = bot_user();
    for (k, v) in [
        ("can_join_groups", true),
        ("can_read_all_group_messages", false),
        ("supports_inline_queries", false),
        ("can_connect_to_business", false),
        // Required by teloxide-core 0.13's `Me` (no serde default).
        ("has_main_web_app", false),
    ] {
        me[k] = json!(v);
    }
    me
}

/// The reply_markup, if it is an inline keyboard (the only kind Telegram echoes in the message).
fn inline_markup(p: &Value) -> Option<Value> {
    p.get("reply_markup")
        .filter(|m| m.get("inline_keyboard").is_some())
        .cloned()
}

fn chat_id_of(p: &Value) -> Option<i64> {
    int_of(p, "chat_id")
}

fn int_of(p: &Value, key: &str) -> Option<i64> {
    match p.get(key)? {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.parse().ok(),
        _ => None,
    }
}

fn str_of<'a>(p: &'a Value, key: &str) -> &'a str {
    p.get(key).and_then(Value::as_str).unwrap_or("")
}

fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(1)
}

/// At most 300 characters of `s`, for dumps.
fn clip(s: &str) -> String {
    match s.char_indices().nth(300) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_owned(),
    }
}

fn utf16_len(s: &str) -> usize {
    s.chars().map(char::len_utf16).sum()
}

/// What Telegram refuses in the profile calls (menus and descriptions): a
/// `language_code` that is not two lowercase letters, and texts over their limits
/// (command 1–32 of a-z, 0-9, _; its description 1–256 characters; description 512;
/// short description 120).
fn profile_refusal(p: &Value) -> Option<Response> {
    if let Some(code) = p.get("language_code").and_then(Value::as_str) {
        let two_letters = code.len() == 2 && code.bytes().all(|b| b.is_ascii_lowercase());
        if !code.is_empty() && !two_letters {
            return Some(bad_request("Bad Request: invalid language code specified"));
        }
    }
    let chars = |key: &str| {
        p.get(key)
            .and_then(Value::as_str)
            .map(|s| s.chars().count())
    };
    if chars("description").is_some_and(|n| n > 512) {
        return Some(bad_request("Bad Request: description is too long"));
    }
    if chars("short_description").is_some_and(|n| n > 120) {
        return Some(bad_request("Bad Request: short description is too long"));
    }
    let commands = p.get("commands").and_then(Value::as_array);
    for command in commands.into_iter().flatten() {
        let name = command.get("command").and_then(Value::as_str).unwrap_or("");
        let name_ok = (1..=32).contains(&name.len())
            && name
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
        let about = command
            .get("description")
            .and_then(Value::as_str)
            .map_or(0, |s| s.chars().count());
        if !name_ok || !(1..=256).contains(&about) {
            return Some(bad_request("Bad Request: BOT_COMMAND_INVALID"));
        }
    }
    None
}
