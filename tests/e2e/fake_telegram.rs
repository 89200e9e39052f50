//! A fake Telegram Bot API server for end-to-end tests: it speaks the real wire format, so a real teloxide `Bot` can talk to it.
#![allow(
    dead_code,
    reason = "a test fake offers more than each test binary uses"
)]

use std::collections::{HashMap, VecDeque};
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

/// A Telegram user as the fake knows it (the sender of pushed updates, an admin, ...).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TgUser {
    /// Telegram user id (also the id of the private chat with the bot).
    pub id: i64,
    /// First name shown in messages.
    pub first_name: String,
    /// Optional @username (without the '@').
    pub username: Option<String>,
    /// IETF language tag the client reports, e.g. "bn" or "en".
    pub language_code: Option<String>,
}

impl TgUser {
    /// A human user with the given id, first name and client language.
    pub fn new(id: i64, first_name: &str, language_code: Option<&str>) -> TgUser {
        TgUser {
            id,
            first_name: first_name.to_owned(),
            username: None,
            language_code: language_code.map(str::to_owned),
        }
    }

    /// The same user with a @username (without the '@').
    pub fn with_username(mut self, username: &str) -> TgUser {
        self.username = Some(username.to_owned());
        self
    }

    /// The Bot API `User` JSON object for this user.
    pub fn to_json(&self) -> Value {
        let mut v = json!({"id": self.id, "is_bot": false, "first_name": self.first_name});
        if let Some(u) = &self.username {
            v["username"] = json!(u);
        }
        if let Some(l) = &self.language_code {
            v["language_code"] = json!(l);
        }
        v
    }
}

/// Flood limits the fake enforces on `sendMessage` when set (0 = that dimension is unlimited).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Max accepted sends in any 1000 ms window, across all chats.
    pub global_per_second: u32,
    /// Max accepted sends in any 1000 ms window to one chat.
    pub per_chat_per_second: u32,
    /// Max accepted sends in any 60 s window to one group (negative chat id).
    pub per_group_per_minute: u32,
}

impl Limits {
    /// Telegram's documented limits: 30/s overall, 1/s per chat, 20/min per group.
    pub const TELEGRAM: Limits = Limits {
        global_per_second: 30,
        per_chat_per_second: 1,
        per_group_per_minute: 20,
    };
}

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
    /// 403 "Forbidden: bot was kicked from the supergroup chat" (`ApiError::BotKickedFromSupergroup`).
    KickedFromSupergroup,
    /// 403 "Forbidden: user is deactivated" (`ApiError::UserDeactivated`).
    UserDeactivated,
    /// 400 with this full description, e.g. "Bad Request: message is not modified: ...".
    BadRequest(String),
}

impl Failure {
    /// The HTTP status code the fake answers with.
    pub fn status(&self) -> u16 {
        match self {
            Failure::Blocked | Failure::KickedFromSupergroup | Failure::UserDeactivated => 403,
            Failure::ChatNotFound | Failure::MigrateTo(_) | Failure::BadRequest(_) => 400,
            Failure::TooManyRequests { .. } => 429,
            Failure::ServerError(code) => *code,
        }
    }

    /// The `description` text (or the plain body, for server errors).
    pub fn description(&self) -> String {
        match self {
            Failure::Blocked => "Forbidden: bot was blocked by the user".into(),
            Failure::ChatNotFound => "Bad Request: chat not found".into(),
            Failure::MigrateTo(_) => {
                "Bad Request: group chat was upgraded to a supergroup chat".into()
            }
            Failure::TooManyRequests { retry_after } => {
                format!("Too Many Requests: retry after {retry_after}")
            }
            Failure::ServerError(code) => StatusCode::from_u16(*code)
                .ok()
                .and_then(|s| s.canonical_reason())
                .unwrap_or("Server Error")
                .into(),
            Failure::KickedFromSupergroup => {
                "Forbidden: bot was kicked from the supergroup chat".into()
            }
            Failure::UserDeactivated => "Forbidden: user is deactivated".into(),
            Failure::BadRequest(d) => d.clone(),
        }
    }

    fn response(&self) -> Response {
        match self {
            Failure::ServerError(code) => {
                let status =
                    StatusCode::from_u16(*code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
                (
                    status,
                    [(header::CONTENT_TYPE, "text/plain")],
                    self.description(),
                )
                    .into_response()
            }
            Failure::MigrateTo(id) => api_error(
                400,
                &self.description(),
                Some(json!({ "migrate_to_chat_id": id })),
            ),
            Failure::TooManyRequests { retry_after } => api_error(
                429,
                &self.description(),
                Some(json!({ "retry_after": retry_after })),
            ),
            _ => api_error(self.status(), &self.description(), None),
        }
    }
}

/// One accepted message-producing call (`sendMessage`, `editMessageText`, `editMessageReplyMarkup`).
#[derive(Clone, Debug)]
pub struct Sent {
    /// Canonical method name, e.g. "sendMessage" or "editMessageText".
    pub method: String,
    /// Target chat.
    pub chat_id: i64,
    /// Id of the new (or edited) message.
    pub message_id: i32,
    /// Text exactly as sent (markup included).
    pub text: String,
    /// `parse_mode` as sent ("HTML", "MarkdownV2", ...).
    pub parse_mode: Option<String>,
    /// `reply_markup` as sent.
    pub reply_markup: Option<Value>,
    /// The whole request body.
    pub request: Value,
    /// When the fake accepted it.
    pub at: std::time::Instant,
}

/// One rejected message-producing call.
#[derive(Clone, Debug)]
pub struct FailedAttempt {
    /// Canonical method name.
    pub method: String,
    /// Target chat (0 if the request had no usable chat_id).
    pub chat_id: i64,
    /// Text of the attempted message.
    pub text: String,
    /// What the fake answered.
    pub failure: Failure,
    /// True when the failure came from `Limits` enforcement rather than scripting.
    pub limit_violation: bool,
    /// When it was rejected.
    pub at: std::time::Instant,
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
}

struct Group {
    basic: bool,
    admins: Vec<i64>,
}

struct ChatFailure {
    failure: Failure,
    remaining: Option<u32>,
}

enum GlobalFailure {
    Count { status: u16, remaining: u32 },
    Until { status: u16, until: Instant },
}

#[derive(Default)]
struct BotState {
    last_update_id: u32,
    updates: VecDeque<(u32, String, Value)>,
    allowed_updates: Option<Vec<String>>,
    groups: HashMap<i64, Group>,
    users: HashMap<i64, TgUser>,
    chat_failures: HashMap<i64, ChatFailure>,
    global_failure: Option<GlobalFailure>,
    limits: Option<Limits>,
    accepted: VecDeque<(Instant, i64)>,
    violations: u32,
    sent: Vec<Sent>,
    failed: Vec<FailedAttempt>,
    my_commands_calls: Vec<Value>,
    commands: HashMap<String, Value>,
    answered_callbacks: Vec<Value>,
    requests: Vec<String>,
    last_message_id: HashMap<i64, i32>,
    messages: HashMap<(i64, i32), Value>,
    last_callback_id: u64,
}

const METHODS: &[&str] = &[
    "getMe",
    "getWebhookInfo",
    "deleteWebhook",
    "getUpdates",
    "sendMessage",
    "editMessageText",
    "editMessageReplyMarkup",
    "deleteMessage",
    "sendChatAction",
    "answerCallbackQuery",
    "setMyCommands",
    "deleteMyCommands",
    "getMyCommands",
    "getChatAdministrators",
    "getChatMember",
];

const MAX_TEXT_LEN: usize = 4096;

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
        });
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("fake telegram: bind 127.0.0.1:0");
        let addr = listener.local_addr().expect("fake telegram: local_addr");
        let app = axum::Router::new()
            .fallback(handle)
            .with_state(Arc::clone(&inner));
        tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        FakeTelegram { inner, addr }
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

    /// Shorthand for `TgUser::new`.
    pub fn user(id: i64, first_name: &str, language_code: Option<&str>) -> TgUser {
        TgUser::new(id, first_name, language_code)
    }

    /// Makes a user known (for chat member / admin lookups) without sending anything.
    pub fn register_user(&self, user: &TgUser) {
        self.state().users.insert(user.id, user.clone());
    }

    /// Registers a group (negative id); the first admin is the creator, the rest administrators.
    pub fn register_group(&self, chat_id: i64, basic_group: bool, admins: &[i64]) {
        self.state().groups.insert(
            chat_id,
            Group {
                basic: basic_group,
                admins: admins.to_vec(),
            },
        );
    }

    /// Pushes a text message update from `from` in `chat_id` (a `bot_command` entity if it starts with '/'); returns its message_id.
    pub fn send_text(&self, chat_id: i64, from: &TgUser, text: &str) -> i32 {
        let message_id = {
            let mut st = self.state();
            st.users.insert(from.id, from.clone());
            let message_id = st.next_message_id(chat_id);
            let mut msg = json!({
                "message_id": message_id,
                "from": from.to_json(),
                "chat": st.chat_json(chat_id),
                "date": unix_now(),
                "text": text,
            });
            if text.starts_with('/') {
                let command = text.split(char::is_whitespace).next().unwrap_or(text);
                msg["entities"] = json!([{
                    "type": "bot_command",
                    "offset": 0,
                    "length": utf16_len(command),
                }]);
            }
            st.messages.insert((chat_id, message_id), msg.clone());
            st.push_update("message", msg);
            message_id
        };
        self.inner.updates_pushed.notify_waiters();
        message_id
    }

    /// Pushes a callback_query update for pressing a button with `data` on message `message_id` in `chat_id`; returns the query id.
    pub fn press_button(&self, chat_id: i64, from: &TgUser, message_id: i32, data: &str) -> String {
        let id = {
            let mut st = self.state();
            st.users.insert(from.id, from.clone());
            st.last_callback_id += 1;
            let id = format!("cbq{}", st.last_callback_id);
            let message = st
                .messages
                .get(&(chat_id, message_id))
                .cloned()
                .unwrap_or_else(|| {
                    // What Telegram sends for a message the bot can no longer access.
                    json!({"message_id": message_id, "chat": st.chat_json(chat_id), "date": 0})
                });
            let query = json!({
                "id": id,
                "from": from.to_json(),
                "message": message,
                "chat_instance": format!("ci{chat_id}"),
                "data": data,
            });
            st.push_update("callback_query", query);
            id
        };
        self.inner.updates_pushed.notify_waiters();
        id
    }

    /// Pushes an arbitrary update, e.g. `push_update("my_chat_member", json!({...}))`; returns its update_id.
    pub fn push_update(&self, kind: &str, payload: Value) -> u32 {
        let id = self.state().push_update(kind, payload);
        self.inner.updates_pushed.notify_waiters();
        id
    }

    /// Every message-producing call to `chat_id` fails with `failure` until cleared.
    pub fn fail_chat(&self, chat_id: i64, failure: Failure) {
        self.state().chat_failures.insert(
            chat_id,
            ChatFailure {
                failure,
                remaining: None,
            },
        );
    }

    /// The next `times` message-producing calls to `chat_id` fail with `failure`.
    pub fn fail_chat_times(&self, chat_id: i64, failure: Failure, times: u32) {
        self.state().chat_failures.insert(
            chat_id,
            ChatFailure {
                failure,
                remaining: Some(times),
            },
        );
    }

    /// Removes any scripted failure for `chat_id`.
    pub fn clear_failure(&self, chat_id: i64) {
        self.state().chat_failures.remove(&chat_id);
    }

    /// The next `count` requests of any method (getUpdates included) get `status` with a plain-text body.
    pub fn fail_all_requests(&self, status: u16, count: u32) {
        self.state().global_failure = Some(GlobalFailure::Count {
            status,
            remaining: count,
        });
    }

    /// All requests of any method get `status` with a plain-text body for the next `span`.
    pub fn fail_all_requests_for(&self, status: u16, span: Duration) {
        self.state().global_failure = Some(GlobalFailure::Until {
            status,
            until: Instant::now() + span,
        });
    }

    /// Cancels `fail_all_requests` / `fail_all_requests_for`.
    pub fn clear_request_failures(&self) {
        self.state().global_failure = None;
    }

    /// Turns flood-limit enforcement on `sendMessage` on (Some) or off (None).
    pub fn set_limits(&self, limits: Option<Limits>) {
        self.state().limits = limits;
    }

    /// Accepted sendMessage / editMessageText / editMessageReplyMarkup calls, in order.
    pub fn sent(&self) -> Vec<Sent> {
        self.state().sent.clone()
    }

    /// How many calls were accepted so far (cheap: nothing is copied).
    pub fn sent_count(&self) -> usize {
        self.state().sent.len()
    }

    /// Accepted calls from index `start` on, for callers that read as they go.
    pub fn sent_from(&self, start: usize) -> Vec<Sent> {
        self.state()
            .sent
            .get(start..)
            .map(<[Sent]>::to_vec)
            .unwrap_or_default()
    }

    /// Accepted calls to one chat, in order.
    pub fn sent_to(&self, chat_id: i64) -> Vec<Sent> {
        self.state()
            .sent
            .iter()
            .filter(|s| s.chat_id == chat_id)
            .cloned()
            .collect()
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

    /// Bodies of all answerCallbackQuery calls, in order.
    pub fn answered_callbacks(&self) -> Vec<Value> {
        self.state().answered_callbacks.clone()
    }

    /// Canonical names of all requests received (with a valid token), in order.
    pub fn requests(&self) -> Vec<String> {
        self.state().requests.clone()
    }

    /// How many requests of `method` (case-insensitive) were received.
    pub fn request_count(&self, method: &str) -> usize {
        self.state()
            .requests
            .iter()
            .filter(|m| m.eq_ignore_ascii_case(method))
            .count()
    }

    /// Current JSON of a message the fake knows (bot's or pushed), after any edits.
    pub fn message(&self, chat_id: i64, message_id: i32) -> Option<Value> {
        self.state().messages.get(&(chat_id, message_id)).cloned()
    }

    /// Updates pushed but not yet confirmed by a getUpdates offset.
    pub fn pending_updates(&self) -> usize {
        self.state().updates.len()
    }

    /// Forgets sent/failed/violations/commands/callback/request records (not chats, failures or updates).
    pub fn clear_records(&self) {
        let mut st = self.state();
        st.sent.clear();
        st.failed.clear();
        st.violations = 0;
        st.my_commands_calls.clear();
        st.answered_callbacks.clear();
        st.requests.clear();
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

    async fn dispatch(&self, method: &'static str, p: Value) -> Response {
        {
            let mut st = self.state();
            st.requests.push(method.to_owned());
            if let Some(status) = st.global_failure_now() {
                let failure = Failure::ServerError(status);
                st.record_failed_if_send(method, &p, &failure, false);
                return failure.response();
            }
        }
        match method {
            "getMe" => ok(bot_user_me()),
            "getWebhookInfo" => {
                let pending = self.state().updates.len();
                ok(json!({
                    "url": "",
                    "has_custom_certificate": false,
                    "pending_update_count": pending,
                }))
            }
            "deleteWebhook" | "sendChatAction" => ok(json!(true)),
            "getUpdates" => self.get_updates(&p).await,
            "sendMessage" => self.state().send_message(&p),
            "editMessageText" => self.state().edit_message(method, &p, true),
            "editMessageReplyMarkup" => self.state().edit_message(method, &p, false),
            "deleteMessage" => {
                let (Some(chat_id), Some(message_id)) = (chat_id_of(&p), int_of(&p, "message_id"))
                else {
                    return bad_request("Bad Request: message to delete not found");
                };
                match self.state().messages.remove(&(chat_id, message_id as i32)) {
                    Some(_) => ok(json!(true)),
                    None => bad_request("Bad Request: message to delete not found"),
                }
            }
            "answerCallbackQuery" => {
                self.state().answered_callbacks.push(p);
                ok(json!(true))
            }
            "setMyCommands" => {
                let mut st = self.state();
                st.commands.insert(
                    commands_key(&p),
                    p.get("commands").cloned().unwrap_or(json!([])),
                );
                st.my_commands_calls.push(p);
                ok(json!(true))
            }
            "deleteMyCommands" => {
                self.state().commands.remove(&commands_key(&p));
                ok(json!(true))
            }
            "getMyCommands" => {
                let st = self.state();
                ok(st
                    .commands
                    .get(&commands_key(&p))
                    .cloned()
                    .unwrap_or(json!([])))
            }
            "getChatAdministrators" => {
                let Some(chat_id) = chat_id_of(&p) else {
                    return Failure::ChatNotFound.response();
                };
                if chat_id > 0 {
                    return bad_request(
                        "Bad Request: there are no administrators in the private chat",
                    );
                }
                let st = self.state();
                let admins = st
                    .groups
                    .get(&chat_id)
                    .map(|g| g.admins.clone())
                    .unwrap_or_default();
                ok(Value::Array(
                    admins
                        .iter()
                        .enumerate()
                        .map(|(i, &uid)| admin_json(st.user_json(uid), i == 0))
                        .collect(),
                ))
            }
            "getChatMember" => {
                let (Some(chat_id), Some(user_id)) = (chat_id_of(&p), int_of(&p, "user_id")) else {
                    return bad_request("Bad Request: user not found");
                };
                let st = self.state();
                let user = st.user_json(user_id);
                let position = st
                    .groups
                    .get(&chat_id)
                    .and_then(|g| g.admins.iter().position(|&a| a == user_id));
                ok(match position {
                    Some(i) => admin_json(user, i == 0),
                    None => json!({"status": "member", "user": user}),
                })
            }
            _ => not_found(),
        }
    }

    async fn get_updates(&self, p: &Value) -> Response {
        let offset = int_of(p, "offset").unwrap_or(0);
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
            {
                let mut st = self.state();
                if let Some(a) = allowed.take() {
                    st.allowed_updates = if a.is_empty() { None } else { Some(a) };
                }
                st.confirm_updates(offset);
                let batch = st.updates_batch(limit);
                if !batch.is_empty() {
                    return ok(Value::Array(batch));
                }
            }
            if tokio::time::timeout_at(deadline, notified).await.is_err() {
                return ok(json!([]));
            }
        }
    }
}

impl BotState {
    fn push_update(&mut self, kind: &str, payload: Value) -> u32 {
        self.last_update_id += 1;
        let id = self.last_update_id;
        self.updates.push_back((id, kind.to_owned(), payload));
        id
    }

    fn confirm_updates(&mut self, offset: i64) {
        if offset > 0 {
            self.updates.retain(|(id, _, _)| i64::from(*id) >= offset);
        } else if offset < 0 {
            let keep = offset.unsigned_abs() as usize;
            while self.updates.len() > keep {
                self.updates.pop_front();
            }
        }
    }

    fn updates_batch(&mut self, limit: usize) -> Vec<Value> {
        if let Some(allowed) = &self.allowed_updates {
            // Telegram never delivers update kinds the bot did not ask for.
            self.updates
                .retain(|(_, kind, _)| allowed.iter().any(|a| a == kind));
        }
        self.updates
            .iter()
            .take(limit)
            .map(|(id, kind, payload)| {
                let mut u = serde_json::Map::new();
                u.insert("update_id".into(), json!(id));
                u.insert(kind.clone(), payload.clone());
                Value::Object(u)
            })
            .collect()
    }

    fn global_failure_now(&mut self) -> Option<u16> {
        match &mut self.global_failure {
            None => None,
            Some(GlobalFailure::Count { status, remaining }) => {
                if *remaining == 0 {
                    self.global_failure = None;
                    return None;
                }
                *remaining -= 1;
                Some(*status)
            }
            Some(GlobalFailure::Until { status, until }) => {
                if Instant::now() >= *until {
                    self.global_failure = None;
                    return None;
                }
                Some(*status)
            }
        }
    }

    fn chat_failure_now(&mut self, chat_id: i64) -> Option<Failure> {
        let f = self.chat_failures.get_mut(&chat_id)?;
        let failure = f.failure.clone();
        match &mut f.remaining {
            None => {}
            Some(0) => {
                self.chat_failures.remove(&chat_id);
                return None;
            }
            Some(n) => {
                *n -= 1;
                if *n == 0 {
                    self.chat_failures.remove(&chat_id);
                }
            }
        }
        Some(failure)
    }

    fn record_failed_if_send(
        &mut self,
        method: &str,
        p: &Value,
        failure: &Failure,
        limit_violation: bool,
    ) {
        if !matches!(
            method,
            "sendMessage" | "editMessageText" | "editMessageReplyMarkup"
        ) {
            return;
        }
        self.failed.push(FailedAttempt {
            method: method.to_owned(),
            chat_id: chat_id_of(p).unwrap_or(0),
            text: str_of(p, "text").to_owned(),
            failure: failure.clone(),
            limit_violation,
            at: std::time::Instant::now(),
        });
    }

    fn fail(&mut self, method: &str, p: &Value, failure: Failure) -> Response {
        self.record_failed_if_send(method, p, &failure, false);
        failure.response()
    }

    fn send_message(&mut self, p: &Value) -> Response {
        const METHOD: &str = "sendMessage";
        let Some(chat_id) = chat_id_of(p) else {
            return self.fail(METHOD, p, Failure::ChatNotFound);
        };
        if let Some(failure) = self.chat_failure_now(chat_id) {
            return self.fail(METHOD, p, failure);
        }
        let text = str_of(p, "text");
        if let Err(description) = check_text(text, p.get("parse_mode").and_then(Value::as_str)) {
            return self.fail(METHOD, p, Failure::BadRequest(description));
        }
        let now = Instant::now();
        if let Some(retry_after) = self.limit_violation(chat_id, now) {
            self.violations += 1;
            let failure = Failure::TooManyRequests { retry_after };
            self.record_failed_if_send(METHOD, p, &failure, true);
            return failure.response();
        }
        self.accepted.push_back((now, chat_id));
        let message_id = self.next_message_id(chat_id);
        let mut msg = json!({
            "message_id": message_id,
            "from": bot_user(),
            "chat": self.chat_json(chat_id),
            "date": unix_now(),
            "text": text,
        });
        if let Some(markup) = inline_markup(p) {
            msg["reply_markup"] = markup;
        }
        self.messages.insert((chat_id, message_id), msg.clone());
        self.record_sent(METHOD, chat_id, message_id, text, p);
        ok(msg)
    }

    fn edit_message(&mut self, method: &str, p: &Value, with_text: bool) -> Response {
        if p.get("inline_message_id").is_some_and(|v| !v.is_null()) {
            return ok(json!(true));
        }
        let (Some(chat_id), Some(message_id)) = (chat_id_of(p), int_of(p, "message_id")) else {
            return self.fail(
                method,
                p,
                Failure::BadRequest("Bad Request: message to edit not found".into()),
            );
        };
        let message_id = message_id as i32;
        if let Some(failure) = self.chat_failure_now(chat_id) {
            return self.fail(method, p, failure);
        }
        if with_text {
            let parse_mode = p.get("parse_mode").and_then(Value::as_str);
            if let Err(description) = check_text(str_of(p, "text"), parse_mode) {
                return self.fail(method, p, Failure::BadRequest(description));
            }
        }
        let Some(old) = self.messages.get(&(chat_id, message_id)).cloned() else {
            return self.fail(
                method,
                p,
                Failure::BadRequest("Bad Request: message to edit not found".into()),
            );
        };
        let text = if with_text {
            str_of(p, "text").to_owned()
        } else {
            str_of(&old, "text").to_owned()
        };
        let markup = inline_markup(p);
        if old.get("text").and_then(Value::as_str) == Some(text.as_str())
            && old.get("reply_markup") == markup.as_ref()
        {
            return self.fail(
                method,
                p,
                Failure::BadRequest(
                    "Bad Request: message is not modified: specified new message content and \
                     reply markup are exactly the same as a current content and reply markup \
                     of the message"
                        .into(),
                ),
            );
        }
        let mut msg = old;
        msg["text"] = json!(text);
        msg["edit_date"] = json!(unix_now());
        match markup {
            Some(m) => msg["reply_markup"] = m,
            None => {
                if let Some(o) = msg.as_object_mut() {
                    o.remove("reply_markup");
                }
            }
        }
        self.messages.insert((chat_id, message_id), msg.clone());
        self.record_sent(method, chat_id, message_id, &text, p);
        ok(msg)
    }

    fn record_sent(&mut self, method: &str, chat_id: i64, message_id: i32, text: &str, p: &Value) {
        self.sent.push(Sent {
            method: method.to_owned(),
            chat_id,
            message_id,
            text: text.to_owned(),
            parse_mode: p
                .get("parse_mode")
                .and_then(Value::as_str)
                .map(str::to_owned),
            reply_markup: p.get("reply_markup").filter(|v| !v.is_null()).cloned(),
            request: p.clone(),
            at: std::time::Instant::now(),
        });
    }

    /// Some(retry_after seconds) if accepting a send to `chat_id` now would break the limits.
    fn limit_violation(&mut self, chat_id: i64, now: Instant) -> Option<u32> {
        let limits = self.limits?;
        let second = Duration::from_secs(1);
        let minute = Duration::from_secs(60);
        while self
            .accepted
            .front()
            .is_some_and(|(t, _)| now.duration_since(*t) >= minute)
        {
            self.accepted.pop_front();
        }
        // For each window: if it already holds `max` sends, the wait until its oldest one expires.
        let wait = |max: u32, window: Duration, filter: &dyn Fn(i64) -> bool| -> Option<Duration> {
            if max == 0 {
                return None;
            }
            let inside: Vec<Instant> = self
                .accepted
                .iter()
                .filter(|(t, c)| now.duration_since(*t) < window && filter(*c))
                .map(|(t, _)| *t)
                .collect();
            (inside.len() >= max as usize).then(|| {
                let oldest_needed = inside[inside.len() - max as usize];
                (oldest_needed + window).saturating_duration_since(now)
            })
        };
        let waits = [
            wait(limits.global_per_second, second, &|_| true),
            wait(limits.per_chat_per_second, second, &|c| c == chat_id),
            if chat_id < 0 {
                wait(limits.per_group_per_minute, minute, &|c| c == chat_id)
            } else {
                None
            },
        ];
        let longest = waits.into_iter().flatten().max()?;
        Some((longest.as_millis().div_ceil(1000) as u32).max(1))
    }

    fn next_message_id(&mut self, chat_id: i64) -> i32 {
        let id = self.last_message_id.entry(chat_id).or_insert(0);
        *id += 1;
        *id
    }

    fn chat_json(&self, chat_id: i64) -> Value {
        if chat_id > 0 {
            let mut chat = json!({"id": chat_id, "type": "private", "first_name": "User"});
            if let Some(u) = self.users.get(&chat_id) {
                chat["first_name"] = json!(u.first_name);
                if let Some(name) = &u.username {
                    chat["username"] = json!(name);
                }
            }
            chat
        } else {
            let basic = self.groups.get(&chat_id).is_some_and(|g| g.basic);
            let kind = if basic { "group" } else { "supergroup" };
            json!({"id": chat_id, "type": kind, "title": "Group"})
        }
    }

    fn user_json(&self, user_id: i64) -> Value {
        if user_id == FakeTelegram::BOT_ID {
            return bot_user();
        }
        match self.users.get(&user_id) {
            Some(u) => u.to_json(),
            None => json!({"id": user_id, "is_bot": false, "first_name": "User"}),
        }
    }
}

async fn handle(State(inner): State<Arc<Inner>>, uri: Uri, body: Bytes) -> Response {
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
    let params = if body.iter().all(u8::is_ascii_whitespace) {
        json!({})
    } else {
        match serde_json::from_slice::<Value>(&body) {
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

fn admin_json(user: Value, creator: bool) -> Value {
    if creator {
        json!({"status": "creator", "user": user, "is_anonymous": false})
    } else {
        json!({
            "status": "administrator",
            "user": user,
            "can_be_edited": false,
            "is_anonymous": false,
            "can_manage_chat": true,
            "can_delete_messages": true,
            "can_manage_video_chats": true,
            "can_restrict_members": true,
            "can_promote_members": false,
            "can_change_info": true,
            "can_invite_users": true,
            "can_post_stories": false,
            "can_edit_stories": false,
            "can_delete_stories": false,
        })
    }
}

fn commands_key(p: &Value) -> String {
    let scope = p
        .get("scope")
        .filter(|v| !v.is_null())
        .cloned()
        .unwrap_or(json!({"type": "default"}));
    format!("{scope}|{}", str_of(p, "language_code"))
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

/// Telegram's checks on a message text: non-empty, parsable markup, at most 4096 visible characters.
fn check_text(text: &str, parse_mode: Option<&str>) -> Result<(), String> {
    let visible = match parse_mode {
        Some(m) if m.eq_ignore_ascii_case("html") => check_html(text)?,
        Some(m) if m.eq_ignore_ascii_case("markdownv2") => check_markdown_v2(text)?,
        _ => utf16_len(text),
    };
    if text.trim().is_empty() || visible == 0 {
        return Err("Bad Request: message text is empty".into());
    }
    if visible > MAX_TEXT_LEN {
        return Err("Bad Request: message is too long".into());
    }
    Ok(())
}

/// Validates Telegram-flavoured HTML; returns the visible length in UTF-16 units.
fn check_html(text: &str) -> Result<usize, String> {
    const TAGS: &[&str] = &[
        "b",
        "strong",
        "i",
        "em",
        "u",
        "ins",
        "s",
        "strike",
        "del",
        "span",
        "tg-spoiler",
        "a",
        "code",
        "pre",
        "blockquote",
        "tg-emoji",
    ];
    let err = |msg: String| format!("Bad Request: can't parse entities: {msg}");
    let mut open: Vec<String> = Vec::new();
    let mut visible = 0;
    let mut i = 0;
    while i < text.len() {
        let rest = &text[i..];
        let c = rest.chars().next().unwrap_or('\0');
        if c == '<' {
            let Some(end) = rest.find('>') else {
                return Err(err(format!("Unclosed start tag at byte offset {i}")));
            };
            let tag = &rest[1..end];
            if let Some(name) = tag.strip_prefix('/') {
                let name = name.trim().to_ascii_lowercase();
                match open.pop() {
                    Some(o) if o == name => {}
                    Some(o) => {
                        return Err(err(format!(
                            "Unmatched end tag at byte offset {i}, expected \"</{o}>\", found \"</{name}>\""
                        )));
                    }
                    None => {
                        return Err(err(format!("Unexpected end tag at byte offset {i}")));
                    }
                }
            } else {
                let name = tag
                    .split(|c: char| c.is_whitespace() || c == '/')
                    .next()
                    .unwrap_or("")
                    .to_ascii_lowercase();
                if !TAGS.contains(&name.as_str()) {
                    return Err(err(format!(
                        "Unsupported start tag \"{name}\" at byte offset {i}"
                    )));
                }
                open.push(name);
            }
            i += end + 1;
        } else if c == '&' {
            let entity_end = rest
                .char_indices()
                .take(12)
                .find(|&(_, c)| c == ';')
                .map(|(j, _)| j);
            let known = entity_end.is_some_and(|j| {
                let name = &rest[1..j];
                matches!(name, "lt" | "gt" | "amp" | "quot")
                    || name
                        .strip_prefix('#')
                        .is_some_and(|n| n.parse::<u32>().is_ok() || n.starts_with(['x', 'X']))
            });
            visible += 1;
            i += match (known, entity_end) {
                (true, Some(j)) => j + 1,
                _ => 1,
            };
        } else {
            visible += c.len_utf16();
            i += c.len_utf8();
        }
    }
    if let Some(o) = open.pop() {
        return Err(err(format!(
            "Can't find end tag corresponding to start tag \"{o}\""
        )));
    }
    Ok(visible)
}

/// Checks the MarkdownV2 characters that must always be escaped outside code and link syntax; returns the visible length (approximate).
fn check_markdown_v2(text: &str) -> Result<usize, String> {
    let mut visible = 0;
    let mut in_code = false; // inside `...` or ```...```
    let mut in_url = false; // inside the (...) of [text](url)
    let mut prev = '\0';
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c == '\\' {
            if let Some((_, escaped)) = chars.next() {
                visible += escaped.len_utf16();
            }
            prev = '\\';
            continue;
        }
        match c {
            '`' => in_code = !in_code,
            '(' if !in_code && prev == ']' => in_url = true,
            ')' if in_url => in_url = false,
            _ if in_code || in_url => visible += c.len_utf16(),
            // `![emoji](tg://emoji?id=...)` is custom-emoji syntax.
            '!' if chars.peek().is_some_and(|&(_, n)| n == '[') => {}
            '#' | '+' | '-' | '=' | '{' | '}' | '.' | '!' | '(' | ')' => {
                return Err(format!(
                    "Bad Request: can't parse entities: Character '{c}' is reserved and must be \
                     escaped with the preceding '\\' (byte offset {i})"
                ));
            }
            '_' | '*' | '[' | ']' | '~' | '|' | '>' => {}
            _ => visible += c.len_utf16(),
        }
        prev = c;
    }
    Ok(visible)
}
