//! What a write call may count on: it is applied once, and its answer tells the truth.
//! - A call with an `Idempotency-Key` header is applied once per key (and token and
//!   path) for `KEPT_FOR`: a retry gets the first call's answer again
//!   (`Idempotent-Replayed: true`), and one made while the first is still being written
//!   gets 409 `in_progress`.
//! - A write still being written at `ANSWER_WITHIN` is answered 202 with JSON and goes
//!   on to be applied (its answer is kept for its key): a client is never told "timed
//!   out" about a write that then happens.
//!
//! Keys are kept in memory (at most `MOST_KEYS`) and each answer also in the store
//! (`store/answers.rs`) for the same day: a retry after a restart is answered, not
//! applied again. (A restart between a write being applied and its answer being kept
//! can still apply it twice; the window is one flush.)

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::{ApiError, Caller, HttpState};
use crate::clock::Clock;
use crate::store::{KeptAnswer, Store};

/// How long a key is remembered.
const KEPT_FOR: Duration = crate::store::ANSWER_KEPT_FOR;
/// Keys remembered at most; the oldest go first.
const MOST_KEYS: usize = 100_000;
/// A write not answered by then is answered 202 and goes on.
pub const ANSWER_WITHIN: Duration = Duration::from_secs(10);
/// The longest key taken.
const MOST_KEY_BYTES: usize = 200;
/// The largest answer kept for replay.
const MOST_ANSWER_BYTES: usize = 256 * 1024;

/// A write's answer, as it was first given.
#[derive(Clone)]
struct Answer {
    status: StatusCode,
    body: Bytes,
}

enum Entry {
    Writing,
    Done(Answer),
}

/// The keys seen lately, with what became of each, and when each came (oldest first).
type Seen = (HashMap<String, Entry>, VecDeque<(Instant, String)>);

/// The keys seen lately.
pub struct Keys {
    /// A std mutex, never held across an await.
    seen: Mutex<Seen>,
    /// Where answers outlive a restart, and the clock that dates them.
    store: Store,
    clock: std::sync::Arc<dyn Clock>,
}

impl Keys {
    pub fn new(store: Store, clock: std::sync::Arc<dyn Clock>) -> Keys {
        Keys {
            seen: Mutex::default(),
            store,
            clock,
        }
    }

    /// The answer kept in the store for `key` within its day (a restart since).
    fn kept(&self, key: &str) -> Option<Answer> {
        let since = self.clock.now() - chrono::Duration::from_std(KEPT_FOR).unwrap_or_default();
        match self.store.kept_answer(key, since) {
            Ok(kept) => kept.and_then(|a| {
                Some(Answer {
                    status: StatusCode::from_u16(a.status).ok()?,
                    body: Bytes::from(a.body),
                })
            }),
            Err(e) => {
                // Unreadable: better to apply the write than to refuse every retry.
                tracing::error!(error = %e, "cannot read a kept answer; the write is taken as new");
                None
            }
        }
    }

    /// Keeps `answer` in the store too, for a retry after a restart.
    async fn keep(&self, key: &str, answer: &Answer) {
        let kept = KeptAnswer {
            at: self.clock.now(),
            status: answer.status.as_u16(),
            body: answer.body.to_vec(),
        };
        if let Err(e) = self.store.keep_answer(key.to_owned(), kept).await {
            tracing::error!(error = %e, "cannot keep a write's answer on disk; a retry after a restart would apply it again");
        }
    }

    /// `Ok(Some(answer))` to replay, `Err` while the first call is still writing,
    /// `Ok(None)` when the key is new (it is then taken).
    fn take(&self, key: &str) -> Result<Option<Answer>, ()> {
        let mut seen = self.seen.lock().unwrap_or_else(|p| p.into_inner());
        let (entries, order) = &mut *seen;
        let now = Instant::now();
        while order
            .front()
            .is_some_and(|(at, _)| now.duration_since(*at) > KEPT_FOR)
            || order.len() > MOST_KEYS
        {
            if let Some((_, old)) = order.pop_front() {
                entries.remove(&old);
            }
        }
        match entries.get(key) {
            Some(Entry::Done(answer)) => Ok(Some(answer.clone())),
            Some(Entry::Writing) => Err(()),
            None if let Some(answer) = self.kept(key) => {
                entries.insert(key.to_owned(), Entry::Done(answer.clone()));
                order.push_back((now, key.to_owned()));
                Ok(Some(answer))
            }
            None => {
                entries.insert(key.to_owned(), Entry::Writing);
                order.push_back((now, key.to_owned()));
                Ok(None)
            }
        }
    }

    fn done(&self, key: &str, answer: Option<Answer>) {
        let mut seen = self.seen.lock().unwrap_or_else(|p| p.into_inner());
        match answer {
            Some(answer) => {
                seen.0.insert(key.to_owned(), Entry::Done(answer));
            }
            // Not kept (a server error): the key may be tried again.
            None => {
                seen.0.remove(key);
            }
        }
    }
}

fn replay(answer: Answer) -> Response {
    let mut response = (
        answer.status,
        [(axum::http::header::CONTENT_TYPE, "application/json")],
        answer.body,
    )
        .into_response();
    response
        .headers_mut()
        .insert("idempotent-replayed", HeaderValue::from_static("true"));
    response
}

/// The guard every write route passes after its token is checked.
pub async fn guard(State(state): State<HttpState>, request: Request, next: Next) -> Response {
    let key = match request.headers().get("idempotency-key").map(|v| v.to_str()) {
        None => None,
        Some(Ok(key)) if !key.is_empty() && key.len() <= MOST_KEY_BYTES => {
            let caller = request.extensions().get::<Caller>().copied();
            Some(format!("{caller:?} {} {key}", request.uri().path()))
        }
        Some(_) => {
            return ApiError::new(
                StatusCode::BAD_REQUEST,
                "bad_idempotency_key",
                format!("Idempotency-Key must be 1–{MOST_KEY_BYTES} visible ASCII characters"),
            )
            .into_response();
        }
    };
    if let Some(key) = &key {
        match state.write_keys.take(key) {
            Ok(Some(answer)) => return replay(answer),
            Err(()) => {
                return ApiError::new(
                    StatusCode::CONFLICT,
                    "in_progress",
                    "a call with this Idempotency-Key is still being written",
                )
                .into_response();
            }
            Ok(None) => {}
        }
    }
    let keys = state.write_keys.clone();
    // Its own task: a client that goes away, or the deadline below, never stops a write
    // half-way.
    let writing = tokio::spawn(async move {
        let response = next.run(request).await;
        let Some(key) = key else {
            return response;
        };
        let (parts, body) = response.into_parts();
        match axum::body::to_bytes(body, MOST_ANSWER_BYTES).await {
            Ok(body) => {
                let kept = (!parts.status.is_server_error()).then(|| Answer {
                    status: parts.status,
                    body: body.clone(),
                });
                if let Some(answer) = &kept {
                    keys.keep(&key, answer).await;
                }
                keys.done(&key, kept);
                Response::from_parts(parts, Body::from(body))
            }
            Err(e) => {
                keys.done(&key, None);
                ApiError::internal(anyhow::anyhow!("cannot read a write's answer: {e}"))
                    .into_response()
            }
        }
    });
    match tokio::time::timeout(ANSWER_WITHIN, writing).await {
        Ok(Ok(response)) => response,
        Ok(Err(e)) => ApiError::internal(anyhow::anyhow!("a write call's task failed: {e}"))
            .into_response(),
        Err(_) => (
            StatusCode::ACCEPTED,
            axum::Json(serde_json::json!({
                "status": "accepted",
                "message": "still being written; it will be applied (send the same Idempotency-Key to read its answer)",
            })),
        )
            .into_response(),
    }
}
