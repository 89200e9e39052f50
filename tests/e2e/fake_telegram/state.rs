//! What the fake remembers (`BotState`): pending updates, the messages and chats it knows, and records of accepted and rejected sends.

use std::collections::{HashMap, VecDeque};

use axum::response::Response;
use serde_json::{Value, json};
use tokio::time::Instant;

use super::failures::{ChatFailures, Failure};
use super::limits::FloodControl;
use super::{
    FakeTelegram, TgUser, bot_user, chat_id_of, inline_markup, int_of, ok, str_of, unix_now,
    utf16_len,
};

const MAX_TEXT_LEN: usize = 4096;
/// Telegram's caption limit, and the largest file a bot may upload.
const MAX_CAPTION_LEN: usize = 1024;
const MAX_UPLOAD_BYTES: usize = 50 * 1024 * 1024;

/// One accepted message-producing call (`sendMessage` or `editMessageText`).
#[derive(Clone, Debug)]
pub struct Sent {
    /// Canonical method name: "sendMessage" or "editMessageText".
    pub method: String,
    /// Target chat.
    pub chat_id: i64,
    /// Id of the new (or edited) message.
    pub message_id: i32,
    /// Text exactly as sent.
    pub text: String,
    /// `parse_mode` as sent, if any.
    pub parse_mode: Option<String>,
    /// `reply_markup` as sent.
    pub reply_markup: Option<Value>,
    /// The file of a `sendDocument` (its `text` is the caption).
    pub document: Option<super::multipart::Upload>,
    /// `disable_notification` as sent: the message arrives without a sound.
    pub silent: bool,
    /// The message it arrived as a reply to (`reply_parameters`, when that message was
    /// there to reply to).
    pub reply_to: Option<i32>,
    /// When the fake accepted it.
    pub at: std::time::Instant,
}

impl Sent {
    /// One field (`text`, `callback_data`) of each of its inline buttons, row by row.
    pub fn buttons(&self, field: &str) -> Vec<String> {
        self.reply_markup
            .iter()
            .flat_map(|m| m["inline_keyboard"].as_array().into_iter().flatten())
            .flat_map(|row| row.as_array().into_iter().flatten())
            .filter_map(|b| b[field].as_str().map(str::to_owned))
            .collect()
    }
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
}

pub(super) struct Group {
    pub(super) basic: bool,
    pub(super) admins: Vec<i64>,
}

#[derive(Default)]
pub(super) struct BotState {
    last_update_id: u32,
    pub(super) updates: VecDeque<(u32, String, Value)>,
    /// `setWebhook`'s URL and secret: while set, updates are posted there and
    /// `getUpdates` is refused, as Telegram does.
    pub(super) webhook: Option<(String, Option<String>)>,
    /// The HTTP status of each update posted to the webhook (0: no answer).
    pub(super) webhook_answers: Vec<u16>,
    /// Updates taken out for the webhook and not yet answered by it.
    pub(super) webhook_posting: usize,
    /// The last failed post to the webhook: when (Unix time) and Telegram's words.
    pub(super) webhook_error: Option<(u64, String)>,
    allowed_updates: Option<Vec<String>>,
    pub(super) groups: HashMap<i64, Group>,
    /// Public channels by `@username`, with their ids.
    pub(super) channels: HashMap<String, i64>,
    users: HashMap<i64, TgUser>,
    pub(super) chat_failures: ChatFailures,
    pub(super) flood: FloodControl,
    pub(super) violations: u32,
    pub(super) sent: Vec<Sent>,
    pub(super) failed: Vec<FailedAttempt>,
    pub(super) my_commands_calls: Vec<Value>,
    pub(super) description_calls: Vec<(&'static str, Value)>,
    pub(super) answered_callbacks: Vec<Value>,
    last_message_id: HashMap<i64, i32>,
    messages: HashMap<(i64, i32), Value>,
    last_callback_id: u64,
    /// getUpdates calls received, to tell when a (re)started bot polls.
    pub(super) polls: usize,
}

impl BotState {
    fn push_update(&mut self, kind: &str, payload: Value) {
        self.last_update_id += 1;
        self.updates
            .push_back((self.last_update_id, kind.to_owned(), payload));
    }

    /// Pushes a text message update (a `bot_command` entity if it starts with '/'); returns its message_id.
    pub(super) fn push_text(&mut self, chat_id: i64, from: &TgUser, text: &str) -> i32 {
        self.users.insert(from.id, from.clone());
        let message_id = self.next_message_id(chat_id);
        let mut msg = json!({
            "message_id": message_id,
            "from": from.to_json(),
            "chat": self.chat_json(chat_id),
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
        self.messages.insert((chat_id, message_id), msg.clone());
        self.push_update("message", msg);
        message_id
    }

    /// Pushes a callback_query update for a button pressed on a message; returns the query id.
    pub(super) fn push_callback(
        &mut self,
        chat_id: i64,
        from: &TgUser,
        message_id: i32,
        data: &str,
    ) -> String {
        self.users.insert(from.id, from.clone());
        self.last_callback_id += 1;
        let id = format!("cbq{}", self.last_callback_id);
        let message = self
            .messages
            .get(&(chat_id, message_id))
            .cloned()
            .unwrap_or_else(|| {
                // What Telegram sends for a message the bot can no longer access.
                json!({"message_id": message_id, "chat": self.chat_json(chat_id), "date": 0})
            });
        let query = json!({
            "id": id,
            "from": from.to_json(),
            "message": message,
            "chat_instance": format!("ci{chat_id}"),
            "data": data,
        });
        self.push_update("callback_query", query);
        id
    }

    /// One getUpdates answer: remembers `allowed` kinds (if given), drops updates confirmed by `offset`, returns up to `limit`.
    /// An update whose post failed goes back to the front, as Telegram keeps it.
    pub(super) fn put_back(&mut self, update: &Value) {
        let Some(object) = update.as_object() else {
            return;
        };
        let id = object.get("update_id").and_then(Value::as_u64).unwrap_or(0) as u32;
        if let Some((kind, payload)) = object.iter().find(|(k, _)| *k != "update_id") {
            self.updates.push_front((id, kind.clone(), payload.clone()));
        }
    }

    /// Every update waiting, taken out (for posting to the webhook).
    pub(super) fn drain_updates(&mut self) -> Vec<Value> {
        self.updates
            .drain(..)
            .map(|(id, kind, payload)| {
                let mut u = serde_json::Map::new();
                u.insert("update_id".into(), json!(id));
                u.insert(kind, payload);
                Value::Object(u)
            })
            .collect()
    }

    pub(super) fn take_updates(
        &mut self,
        allowed: Option<Vec<String>>,
        offset: i64,
        limit: usize,
    ) -> Vec<Value> {
        if let Some(a) = allowed {
            self.allowed_updates = if a.is_empty() { None } else { Some(a) };
        }
        if offset > 0 {
            self.updates.retain(|(id, _, _)| i64::from(*id) >= offset);
        } else if offset < 0 {
            let keep = offset.unsigned_abs() as usize;
            while self.updates.len() > keep {
                self.updates.pop_front();
            }
        }
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

    fn fail(
        &mut self,
        method: &str,
        p: &Value,
        failure: Failure,
        limit_violation: bool,
    ) -> Response {
        let response = failure.response();
        self.failed.push(FailedAttempt {
            method: method.to_owned(),
            chat_id: chat_id_of(p).unwrap_or(0),
            text: str_of(p, "text").to_owned(),
            failure,
            limit_violation,
        });
        response
    }

    pub(super) fn send_message(&mut self, p: &Value) -> Response {
        const METHOD: &str = "sendMessage";
        let Some(chat_id) = chat_id_of(p) else {
            return self.fail(METHOD, p, Failure::ChatNotFound, false);
        };
        if let Some(failure) = self.chat_failures.take(chat_id) {
            return self.fail(METHOD, p, failure, false);
        }
        let text = str_of(p, "text");
        if let Err(description) = check_text(text) {
            return self.fail(METHOD, p, Failure::BadRequest(description), false);
        }
        if let Err(retry_after) = self.flood.admit(chat_id, Instant::now()) {
            self.violations += 1;
            return self.fail(METHOD, p, Failure::TooManyRequests { retry_after }, true);
        }
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
        let reply_to = match self.replied(chat_id, p) {
            Ok(reply_to) => reply_to,
            Err(failure) => return self.fail(METHOD, p, failure, false),
        };
        if let Some(original) = reply_to.and_then(|id| self.messages.get(&(chat_id, id))) {
            msg["reply_to_message"] = original.clone();
        }
        // The message id was taken: Telegram would not hand it out again either.
        self.messages.insert((chat_id, message_id), msg.clone());
        self.record_sent(METHOD, chat_id, message_id, text, p);
        if let Some(sent) = self.sent.last_mut() {
            sent.reply_to = reply_to;
        }
        ok(msg)
    }

    pub(super) fn edit_message_text(&mut self, p: &Value) -> Response {
        const METHOD: &str = "editMessageText";
        if p.get("inline_message_id").is_some_and(|v| !v.is_null()) {
            return ok(json!(true));
        }
        let not_found = || Failure::BadRequest("Bad Request: message to edit not found".into());
        let (Some(chat_id), Some(message_id)) = (chat_id_of(p), int_of(p, "message_id")) else {
            return self.fail(METHOD, p, not_found(), false);
        };
        let message_id = message_id as i32;
        if let Some(failure) = self.chat_failures.take(chat_id) {
            return self.fail(METHOD, p, failure, false);
        }
        let text = str_of(p, "text");
        if let Err(description) = check_text(text) {
            return self.fail(METHOD, p, Failure::BadRequest(description), false);
        }
        let Some(mut msg) = self.messages.get(&(chat_id, message_id)).cloned() else {
            return self.fail(METHOD, p, not_found(), false);
        };
        let markup = inline_markup(p);
        if msg.get("text").and_then(Value::as_str) == Some(text)
            && msg.get("reply_markup") == markup.as_ref()
        {
            let description = "Bad Request: message is not modified: specified new message \
                content and reply markup are exactly the same as a current content and reply \
                markup of the message";
            return self.fail(METHOD, p, Failure::BadRequest(description.into()), false);
        }
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
        self.record_sent(METHOD, chat_id, message_id, text, p);
        ok(msg)
    }

    /// What `reply_parameters` asks to reply to, as Telegram takes it: the message when
    /// the chat has it; nothing when it is gone and `allow_sending_without_reply` says
    /// to send anyway; else the Bad Request Telegram answers.
    fn replied(&self, chat_id: i64, p: &Value) -> Result<Option<i32>, Failure> {
        let Some(params) = p.get("reply_parameters").filter(|v| !v.is_null()) else {
            return Ok(None);
        };
        // Sent as an object in a JSON body, or as JSON text in a form.
        let params = match params {
            Value::String(text) => serde_json::from_str(text).unwrap_or(Value::Null),
            other => other.clone(),
        };
        let Some(id) = params.get("message_id").and_then(Value::as_i64) else {
            return Err(Failure::BadRequest(
                "Bad Request: message to be replied not found".into(),
            ));
        };
        if self.messages.contains_key(&(chat_id, id as i32)) {
            return Ok(Some(id as i32));
        }
        let anyway = params
            .get("allow_sending_without_reply")
            .and_then(Value::as_bool)
            .unwrap_or(false);
        if anyway {
            Ok(None)
        } else {
            Err(Failure::BadRequest(
                "Bad Request: message to be replied not found".into(),
            ))
        }
    }

    /// The chat's user deleted one of its messages.
    pub(super) fn delete_message(&mut self, chat_id: i64, message_id: i32) {
        self.messages.remove(&(chat_id, message_id));
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
            document: None,
            silent: p
                .get("disable_notification")
                .and_then(Value::as_bool)
                .unwrap_or(false),
            reply_to: None,
            at: std::time::Instant::now(),
        });
    }

    /// `sendDocument` with a file uploaded as multipart; the caption is its text.
    pub(super) fn send_document(
        &mut self,
        p: &Value,
        uploads: &[super::multipart::Upload],
    ) -> Response {
        const METHOD: &str = "sendDocument";
        let Some(chat_id) = chat_id_of(p) else {
            return self.fail(METHOD, p, Failure::ChatNotFound, false);
        };
        if let Some(failure) = self.chat_failures.take(chat_id) {
            return self.fail(METHOD, p, failure, false);
        }
        // The file is its own part, named by the `document` field (`attach://<name>`),
        // or the `document` field itself.
        let part = match p.get("document").and_then(Value::as_str) {
            Some(named) => named.strip_prefix("attach://").unwrap_or(named),
            None => "document",
        };
        let Some(upload) = uploads.iter().find(|u| u.field == part) else {
            let missing = "Bad Request: there is no document in the request";
            return self.fail(METHOD, p, Failure::BadRequest(missing.into()), false);
        };
        if upload.bytes.len() > MAX_UPLOAD_BYTES {
            let big = "Request Entity Too Large";
            return self.fail(METHOD, p, Failure::BadRequest(big.into()), false);
        }
        let caption = str_of(p, "caption");
        if utf16_len(caption) > MAX_CAPTION_LEN {
            let long = "Bad Request: message caption is too long";
            return self.fail(METHOD, p, Failure::BadRequest(long.into()), false);
        }
        if let Err(retry_after) = self.flood.admit(chat_id, Instant::now()) {
            self.violations += 1;
            return self.fail(METHOD, p, Failure::TooManyRequests { retry_after }, true);
        }
        let message_id = self.next_message_id(chat_id);
        let msg = json!({
            "message_id": message_id,
            "from": bot_user(),
            "chat": self.chat_json(chat_id),
            "date": unix_now(),
            "caption": caption,
            "document": {
                "file_id": format!("doc-{chat_id}-{message_id}"),
                "file_unique_id": format!("u{chat_id}x{message_id}"),
                "file_name": upload.file_name,
                "file_size": upload.bytes.len(),
            },
        });
        self.messages.insert((chat_id, message_id), msg.clone());
        self.record_sent(METHOD, chat_id, message_id, caption, p);
        if let Some(sent) = self.sent.last_mut() {
            sent.document = Some(upload.clone());
        }
        ok(msg)
    }

    /// The getChatAdministrators result for a group: the first admin is the creator.
    pub(super) fn administrators(&self, chat_id: i64) -> Value {
        let admins = self.groups.get(&chat_id).map(|g| g.admins.as_slice());
        let admin_json = |(i, &user_id): (usize, &i64)| {
            let user = self.user_json(user_id);
            if i == 0 {
                return json!({"status": "creator", "user": user, "is_anonymous": false});
            }
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
        };
        let admins = admins.unwrap_or_default().iter().enumerate();
        Value::Array(admins.map(admin_json).collect())
    }

    fn next_message_id(&mut self, chat_id: i64) -> i32 {
        let id = self.last_message_id.entry(chat_id).or_insert(0);
        *id += 1;
        *id
    }

    /// `getChat` on a channel: by `@username` or by id, in the shape Telegram's
    /// `ChatFullInfo` has.
    pub(super) fn get_chat(&self, p: &Value) -> Response {
        let wanted = p.get("chat_id");
        let id = match wanted {
            Some(Value::String(name)) if name.starts_with('@') => self.channels.get(name).copied(),
            _ => chat_id_of(p),
        };
        let Some(id) = id.filter(|id| self.channels.values().any(|c| c == id)) else {
            return Failure::ChatNotFound.response();
        };
        let mut chat = self.chat_json(id);
        chat["accent_color_id"] = json!(0);
        chat["max_reaction_count"] = json!(11);
        chat["accepted_gift_types"] = json!({
            "unlimited_gifts": false,
            "limited_gifts": false,
            "unique_gifts": false,
            "premium_subscription": false
        });
        ok(chat)
    }

    fn chat_json(&self, chat_id: i64) -> Value {
        if let Some((name, _)) = self.channels.iter().find(|(_, id)| **id == chat_id) {
            return json!({"id": chat_id, "type": "channel", "title": "Channel", "username": name.trim_start_matches('@')});
        }
        if chat_id > 0 {
            let first_name = self.users.get(&chat_id).map_or("User", |u| &u.first_name);
            json!({"id": chat_id, "type": "private", "first_name": first_name})
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

/// Telegram's checks on a plain message text: not empty, at most 4096 UTF-16 code units.
fn check_text(text: &str) -> Result<(), String> {
    if text.trim().is_empty() {
        return Err("Bad Request: message text is empty".into());
    }
    if utf16_len(text) > MAX_TEXT_LEN {
        return Err("Bad Request: message is too long".into());
    }
    Ok(())
}
