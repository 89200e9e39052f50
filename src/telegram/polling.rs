//! Long polling that reports its heartbeat: teloxide's own `Polling` hides polls that
//! bring nothing, so `/healthz` could not tell a quiet bot from a stuck one. This is the
//! same loop (getUpdates with an offset and a long timeout, backing off on errors, and
//! confirming the last offset on the way out so nothing is handled twice) with every
//! answer from Telegram recorded in `Health`, and each batch kept in the store before the
//! next poll confirms it (`taken.rs`), while it is already being handled.

use crate::activity::Activity;
use std::collections::VecDeque;
use std::sync::Arc;
use std::time::Duration;

use futures::Stream;
use teloxide::RequestError;
use teloxide::prelude::*;
use teloxide::stop::{StopFlag, StopToken, mk_stop_token};
use teloxide::types::{AllowedUpdate, Update};
use teloxide::update_listeners::{StatefulListener, UpdateListener};

use super::taken::{Keeping, Taken};
use crate::health::Health;
use crate::store::StoreError;

/// How long one `getUpdates` waits for news.
const POLL_TIMEOUT: Duration = Duration::from_secs(10);
/// Updates taken per poll (Telegram's maximum).
const POLL_LIMIT: u8 = 100;
/// Backoff after a failed poll: doubles from the first to the cap.
const RETRY_FIRST: Duration = Duration::from_millis(500);
const RETRY_CAP: Duration = Duration::from_secs(10);

struct State {
    bot: Bot,
    health: Arc<Health>,
    /// The next update id wanted; everything before it is handled.
    offset: i32,
    allowed: Option<Vec<AllowedUpdate>>,
    buffer: VecDeque<Update>,
    failures: u32,
    token: StopToken,
    flag: StopFlag,
    /// The offset was confirmed on the way out: the stream is over.
    done: bool,
    /// Counts each update handed to the dispatcher (its endpoint counts it out).
    activity: Activity,
    /// Where each batch is kept until handled.
    taken: Arc<Taken>,
    /// The last batch on its way to the store, awaited before the next poll, and the
    /// offset it was asked with (to ask again if it was not kept).
    keeping: Option<(Keeping, i32)>,
}

/// A listener for teloxide's dispatcher that polls `bot` and reports to `health`, asking
/// from update `first` on (those before it are kept from the last run).
pub fn listener(
    bot: Bot,
    health: Arc<Health>,
    activity: Activity,
    taken: Arc<Taken>,
    first: i32,
) -> impl UpdateListener<Err = RequestError> {
    let (token, flag) = mk_stop_token();
    let state = State {
        bot,
        health,
        offset: first,
        allowed: None,
        buffer: VecDeque::new(),
        failures: 0,
        token,
        flag,
        done: false,
        activity,
        taken,
        keeping: None,
    };
    StatefulListener::new_with_hints(
        state,
        updates,
        |state: &mut State| state.token.clone(),
        Some(
            |state: &mut State, hint: &mut dyn Iterator<Item = AllowedUpdate>| {
                state.allowed = Some(hint.collect());
            },
        ),
    )
}

fn updates(state: &mut State) -> impl Stream<Item = Result<Update, RequestError>> + Send + '_ {
    futures::stream::unfold(state, |state| async move {
        loop {
            if let Some(update) = state.buffer.pop_front() {
                state.activity.began();
                return Some((Ok(update), state));
            }
            if state.done {
                return None;
            }
            // The next poll tells Telegram the last batch arrived: it must be on disk.
            if let Some((keeping, asked_from)) = state.keeping.take() {
                match keeping.kept().await {
                    Ok(()) => {}
                    // Applied, not flushed: a flush that succeeds puts it on disk. They
                    // are being handled already, so they are not asked for again; when
                    // stopping meanwhile they are not confirmed either: Telegram sends
                    // them again, handled twice rather than lost.
                    Err(StoreError::Flush(e)) => {
                        tracing::error!(error = %e, "the updates taken could not be written down; trying again before Telegram is told they arrived");
                        loop {
                            state.failures += 1;
                            back_off(state).await;
                            if state.flag.is_stopped() {
                                state.done = true;
                                return None;
                            }
                            match state.taken.flush().await {
                                Ok(()) => break,
                                Err(e) => {
                                    tracing::error!(error = %e, "the updates taken are still not on disk")
                                }
                            }
                        }
                        state.failures = 0;
                    }
                    // Not applied at all: Telegram is asked for them again; those already
                    // being handled are handled once (`Taken::first_time`).
                    Err(e) => {
                        tracing::error!(error = %e, "the updates taken were not kept; asking Telegram for them again");
                        state.offset = asked_from;
                    }
                }
            }
            if state.flag.is_stopped() {
                // Confirm what was handled, so the next start does not see it again;
                // anything this poll brings is left for the next start.
                let mut confirm = state.bot.get_updates().offset(state.offset).limit(1);
                confirm.timeout = Some(0);
                if let Err(e) = confirm.await {
                    tracing::warn!(error = %crate::telemetry::redact(&e.to_string()), "cannot confirm the last updates with Telegram");
                }
                state.done = true;
                return None;
            }
            let mut request = state
                .bot
                .get_updates()
                .offset(state.offset)
                .limit(POLL_LIMIT)
                .timeout(POLL_TIMEOUT.as_secs() as u32);
            request.allowed_updates = state.allowed.clone();
            let mut flag = state.flag.clone();
            let answer = tokio::select! {
                answer = request.send() => answer,
                () = &mut flag => continue,
            };
            match answer {
                Ok(updates) => {
                    let next = updates.last().map(|last| last.id.0 as i32 + 1);
                    let updates: Vec<Update> = updates.into_iter().filter(readable).collect();
                    // Handed on at once, while the store writes them down; kept before
                    // the next poll tells Telegram they arrived. When the store cannot
                    // take them at all, Telegram keeps them and they are asked for again.
                    match state.taken.keep(&updates).await {
                        Ok(keeping) => state.keeping = Some((keeping, state.offset)),
                        Err(e) => {
                            tracing::error!(error = %e, "cannot keep the updates taken; asking Telegram for them again");
                            state.failures += 1;
                            back_off(state).await;
                            continue;
                        }
                    }
                    state.health.polled();
                    state.failures = 0;
                    if let Some(next) = next {
                        state.offset = next;
                    }
                    state.buffer.extend(updates);
                }
                Err(e) => {
                    state.health.poll_failed();
                    state.failures += 1;
                    back_off(state).await;
                    return Some((Err(e), state));
                }
            }
        }
    })
}

/// Waits the backoff after a failure, doubling with each one in a row, or until stopped.
async fn back_off(state: &State) {
    let wait = (RETRY_FIRST * 2u32.pow(state.failures.clamp(1, 8) - 1)).min(RETRY_CAP);
    let mut flag = state.flag.clone();
    tokio::select! {
        () = tokio::time::sleep(wait) => {}
        () = &mut flag => {}
    }
}

/// Whether teloxide could read `update`. One it could not is passed over here, with its
/// id only: teloxide's dispatcher would log it whole, and with it what a person wrote.
pub fn readable(update: &Update) -> bool {
    if matches!(update.kind, teloxide::types::UpdateKind::Error(_)) {
        tracing::warn!(
            update = update.id.0,
            "an update this build cannot read was passed over (its content is not logged)"
        );
        return false;
    }
    true
}
