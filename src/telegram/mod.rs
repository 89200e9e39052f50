//! The Telegram front end: long polling with teloxide, one dptree handler tree, the
//! delivery engine in the background, and a clean stop on shutdown.
//!
//! This is the only module that builds teloxide requests (with `transport` and `menu`).

pub mod menu;
mod polling;
mod taken;
pub mod transport;

use std::sync::Arc;
use std::time::Duration;

use teloxide::dispatching::{Dispatcher, UpdateFilterExt};
use teloxide::error_handlers::LoggingErrorHandler;
use teloxide::prelude::*;
use teloxide::types::{CallbackQuery, Message, Update};
use tokio_util::sync::CancellationToken;

use crate::app::{FrontEnd, Parts, StartError};
use crate::bot::{Body, Core, Incoming};
use crate::chat_queue::ChatQueue;
use crate::delivery::Engine;
use crate::domain::{ChatId as DomainChatId, ChatKind, UserId};
use crate::secret::BotToken;
use taken::Taken;
use transport::TelegramTransport;

/// At shutdown, how long handlers already running get to answer before they are dropped.
const DISPATCH_GRACE: Duration = Duration::from_secs(4);
/// All of shutdown, from the signal to the last flush: under the 10 s an orchestrator
/// (Docker, systemd) waits before it kills.
const SHUTDOWN_BUDGET: Duration = Duration::from_millis(9_500);

/// Updates a chat sent, waiting for its turn: one task per chat, so the dispatcher never
/// waits for a handler and no chat for another.
type Inbox = ChatQueue<(u32, Incoming)>;
/// Updates one chat may have waiting; a flood past it is dropped with a log line.
const MOST_WAITING_PER_CHAT: usize = 256;

/// What the handlers get injected (by type) from dptree.
#[derive(Clone)]
struct Handlers {
    core: Core,
    engine: Engine,
    inbox: Arc<Inbox>,
    /// Each update kept until handled, and handled once (`taken.rs`).
    taken: Arc<Taken>,
    /// Each update the listener counted in is counted out when its endpoint returns
    /// (having handed it to its chat's queue, which counts it until it is answered).
    activity: crate::activity::Activity,
}

impl Handlers {
    /// Hands `incoming` (from `update`) to its chat's queue and returns at once: it is
    /// answered after what that chat sent before, and nobody else waits for it.
    async fn hand_over(&self, update: &Update, incoming: Incoming) {
        let id = update.id.0;
        let (core, engine, taken) = (self.core.clone(), self.engine.clone(), self.taken.clone());
        // The work serves every item the chat's task is given while it runs: each item
        // carries its own update's id.
        let queued = self
            .inbox
            .push(incoming.chat, (id, incoming), move |(id, incoming)| {
                let (core, engine, taken) = (core.clone(), engine.clone(), taken.clone());
                async move {
                    let replies = core.handle(incoming).await;
                    // Its effects are on disk: forgotten now, not once the answer is sent
                    // (a kill in between loses the answer, where handling it again could
                    // post an admin's update twice).
                    engine.reply(replies);
                    taken.handled(id).await;
                }
            });
        if !queued {
            // A flood from one chat, dropped on purpose: not handled at the next start.
            self.taken.handled(id).await;
        }
    }

    /// `update` needs nothing more than its endpoint did.
    async fn handled(&self, update: &Update) {
        self.taken.handled(update.id.0).await;
    }
}

/// Runs the bot until `shutdown` is cancelled, then stops within a deadline: polling
/// stops, handlers get `DISPATCH_GRACE` to answer, then the running parts stop.
pub async fn run(
    parts: Parts,
    token: BotToken,
    api_url: Option<&str>,
    shutdown: CancellationToken,
) -> Result<(), StartError> {
    crate::telemetry::register_secret(token.expose());
    let mut bot = Bot::new(token.expose());
    if let Some(url) = api_url {
        let url = url
            .parse()
            .map_err(|_| StartError::ApiUrl(url.to_owned()))?;
        bot = bot.set_api_url(url);
    }
    let admins: Vec<i64> = parts.config.admins.iter().map(|a| a.0).collect();
    let transport = Arc::new(TelegramTransport::new(bot.clone()));
    let health = parts.health.clone();
    let activity = parts.updates_in_hand.clone();
    let taken = Arc::new(Taken::new(parts.store.clone(), activity.clone()));
    let mut updates = Updates::<()>::prepare(&parts, taken.clone());
    // Everything starts before Telegram is reached, so `/healthz` and the API answer
    // while a bot started in Telegram's bad minute waits for it.
    let mut running = parts.start(
        FrontEnd {
            transport: transport.clone(),
            group_admins: transport.clone(),
            menus: transport,
            bot_username: None,
            // Polls are expected once polling starts, after Telegram is reached.
            polls: false,
            // Only the HTTP server holds the webhook route: when it stops at shutdown, the
            // route's sender goes with it and the update stream ends.
            routes: updates.take_routes(),
        },
        shutdown.clone(),
    )?;
    let me = match connect(&bot, &running.engine, &shutdown).await {
        Ok(me) => me,
        Err(e) => {
            shutdown.cancel();
            running.stop().await?;
            return Err(e);
        }
    };
    tracing::info!(username = %me.username(), "connected to Telegram");
    running.core = running.core.with_bot_username(me.user.username.clone());
    running.engine.knows_its_name(me.user.username.clone());
    // The listener is up: Telegram may be told where to post (or to stop posting).
    if let Err(e) = updates.tell_telegram(&bot).await {
        shutdown.cancel();
        running.stop().await?;
        return Err(e);
    }
    // Menus and descriptions are registered beside polling, not before it: a thousand
    // admins' menus must not keep the first update waiting.
    let menus = tokio::spawn({
        let (bot, core) = (bot.clone(), running.core.clone());
        async move { menu::register(&bot, &core, admins.into_iter()).await }
    });
    let webhook_watch = matches!(updates, Updates::Webhook { .. })
        .then(|| tokio::spawn(watch_webhook(bot.clone(), health.clone(), shutdown.clone())));
    let tree = dptree::entry()
        .branch(Update::filter_message().endpoint(on_message))
        .branch(Update::filter_callback_query().endpoint(on_button))
        .branch(Update::filter_chat_member().endpoint(on_member_change))
        .branch(Update::filter_my_chat_member().endpoint(on_member_change));
    let inbox = Arc::new(Inbox::new(
        MOST_WAITING_PER_CHAT,
        "updates",
        activity.clone(),
    ));
    let handlers = Handlers {
        core: running.core.clone(),
        engine: running.engine.clone(),
        inbox: inbox.clone(),
        taken: taken.clone(),
        activity: activity.clone(),
    };
    // What the last run took from Telegram and did not handle goes first.
    let left_over = taken.left_over().await;
    let first_offset = left_over.last().map_or(0, |last| last.id.0 as i32 + 1);
    let mut dispatcher = Dispatcher::builder(bot.clone(), tree)
        .dependencies(dptree::deps![handlers])
        // Every update the listeners count in ends in one endpoint or here.
        .default_handler({
            let (activity, taken) = (activity.clone(), taken.clone());
            move |update: Arc<Update>| {
                let (activity, taken) = (activity.clone(), taken.clone());
                async move {
                    taken.handled(update.id.0).await;
                    activity.ended();
                }
            }
        })
        .error_handler(LoggingErrorHandler::with_custom_text("a handler failed"))
        .build();
    let stop = dispatcher.shutdown_token();
    let watcher = {
        let shutdown = shutdown.clone();
        tokio::spawn(async move {
            shutdown.cancelled().await;
            // The dispatcher may still be starting; ask until it takes the request.
            while stop.shutdown().is_err() {
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
        })
    };
    let dispatching: std::pin::Pin<Box<dyn std::future::Future<Output = ()> + Send + '_>> =
        match updates {
            Updates::Polling => {
                health.expect_polls();
                Box::pin(dispatcher.dispatch_with_listener(
                    taken.with_left_over(
                        polling::listener(
                            bot,
                            health,
                            activity.clone(),
                            taken.clone(),
                            first_offset,
                        ),
                        left_over,
                    ),
                    LoggingErrorHandler::with_custom_text("polling Telegram failed"),
                ))
            }
            Updates::Webhook { listener, .. } => Box::pin(dispatcher.dispatch_with_listener(
                taken.with_left_over(listener, left_over),
                LoggingErrorHandler::with_custom_text("the webhook failed"),
            )),
        };
    tokio::pin!(dispatching);
    tokio::select! {
        () = &mut dispatching => {}
        () = shutdown.cancelled() => {}
    }
    // Polling stops at once; the updates already taken get `DISPATCH_GRACE` to be
    // answered, and what is not done by then is dropped. Everything is done by
    // `SHUTDOWN_BUDGET` after the signal.
    let stopping = tokio::time::Instant::now();
    let deadline = stopping + DISPATCH_GRACE;
    if tokio::time::timeout_at(deadline, &mut dispatching)
        .await
        .is_err()
    {
        tracing::warn!("the dispatcher still running at the shutdown deadline; dropping it");
    }
    let left = deadline.saturating_duration_since(tokio::time::Instant::now());
    if !inbox.done_within(left).await {
        tracing::warn!(
            waiting = inbox.len(),
            "updates still being handled at the shutdown deadline; dropping them"
        );
    }
    shutdown.cancel();
    watcher.abort();
    menus.abort();
    // Let go of what it holds (the store) before the store is closed.
    let _ = menus.await;
    if let Some(watch) = webhook_watch {
        watch.abort();
    }
    running.stop_by(stopping + SHUTDOWN_BUDGET).await?;
    tracing::info!("stopped cleanly");
    Ok(())
}

/// The bot's own account (`getMe`), asked until Telegram answers: a bot started while
/// Telegram has a bad minute waits for it rather than exiting, with the delivery gate
/// closed (so `/healthz` says Telegram is failing, and its prober knocks). Only a token
/// Telegram refuses, or a shutdown, ends the wait.
async fn connect(
    bot: &Bot,
    engine: &Engine,
    shutdown: &CancellationToken,
) -> Result<teloxide::types::Me, StartError> {
    loop {
        let error = match bot.get_me().await {
            Ok(me) => return Ok(me),
            Err(teloxide::RequestError::Api(teloxide::ApiError::InvalidToken)) => {
                return Err(StartError::TokenRejected);
            }
            Err(e) => crate::telemetry::redact(&e.to_string()),
        };
        tracing::warn!(%error, "cannot reach Telegram; waiting for it");
        engine.telegram_unreachable();
        tokio::select! {
            () = shutdown.cancelled() => return Err(StartError::Telegram(error)),
            () = engine.gate().open() => {}
        }
    }
}

/// Webhook mode: asks Telegram how delivering to us goes (`getWebhookInfo`) and tells
/// `/healthz`. A bot nobody writes to receives nothing, so silence alone says nothing;
/// Telegram's own record of failed posts does.
async fn watch_webhook(bot: Bot, health: Arc<crate::health::Health>, shutdown: CancellationToken) {
    let every = health.webhook_check_every();
    loop {
        match bot.get_webhook_info().await {
            Ok(info) => {
                let now = chrono::Utc::now();
                let recent = info.last_error_date.filter(|at| {
                    (now - *at)
                        .to_std()
                        .is_ok_and(|age| age <= health.stuck_after())
                });
                health.webhook_checked(crate::health::WebhookState {
                    pending_updates: u64::from(info.pending_update_count),
                    recent_error: recent.map(|_| {
                        info.last_error_message
                            .clone()
                            .unwrap_or_else(|| "no reason given".into())
                    }),
                });
            }
            Err(e) => tracing::warn!(
                error = %crate::telemetry::redact(&e.to_string()),
                "cannot ask Telegram how the webhook is doing"
            ),
        }
        tokio::select! {
            () = shutdown.cancelled() => return,
            () = tokio::time::sleep(every) => {}
        }
    }
}

/// How updates arrive: by long polling, or posted by Telegram to our webhook route.
enum Updates<W> {
    Polling,
    Webhook {
        url: url::Url,
        /// A random secret Telegram sends with each post; requests without it get 401.
        secret: String,
        /// teloxide's webhook listener, fed by `routes`.
        listener: W,
        routes: Option<axum::Router>,
    },
}

impl Updates<()> {
    fn prepare(
        parts: &Parts,
        taken: Arc<Taken>,
    ) -> Updates<
        impl teloxide::update_listeners::UpdateListener<Err = std::convert::Infallible> + use<>,
    > {
        let (Some(url), Some(addr)) = (parts.config.webhook_url.clone(), parts.http_addr()) else {
            return Updates::Polling;
        };
        let mut options = teloxide::update_listeners::webhooks::Options::new(addr, url.clone());
        let secret = options.get_or_gen_secret_token().to_owned();
        let (listener, _stopped, routes) =
            teloxide::update_listeners::webhooks::axum_no_setup(options);
        let routes = Some(guard_webhook(
            routes,
            secret.clone(),
            parts.updates_in_hand.clone(),
            taken,
        ));
        Updates::Webhook {
            url,
            secret,
            listener,
            routes,
        }
    }
}

/// Telegram's webhook route, behind our own check of its secret: compared in constant
/// time (teloxide compares with `!=`), and a post without it is refused before teloxide
/// reads, or logs, its body. An update is kept before it is answered (`taken.rs`).
fn guard_webhook(
    routes: axum::Router,
    secret: String,
    activity: crate::activity::Activity,
    taken: Arc<Taken>,
) -> axum::Router {
    let secret = Arc::new(crate::secret::ApiToken::from_generated(secret));
    routes.layer(axum::middleware::from_fn(
        move |request: axum::extract::Request, next: axum::middleware::Next| {
            let (secret, activity, taken) = (secret.clone(), activity.clone(), taken.clone());
            async move {
                let presented = request
                    .headers()
                    .get("x-telegram-bot-api-secret-token")
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or_default();
                if !secret.matches(presented) {
                    return axum::response::IntoResponse::into_response(
                        axum::http::StatusCode::UNAUTHORIZED,
                    );
                }
                // An update this build cannot read is answered (so Telegram does not post
                // it again) and passed over here, with its id only: teloxide would log it
                // whole, and with it what a person wrote.
                let (parts, body) = request.into_parts();
                let Ok(bytes) = axum::body::to_bytes(body, 10 * 1024 * 1024).await else {
                    return axum::response::IntoResponse::into_response(
                        axum::http::StatusCode::PAYLOAD_TOO_LARGE,
                    );
                };
                match serde_json::from_slice::<teloxide::types::Update>(&bytes) {
                    Ok(update) if !polling::readable(&update) => {
                        axum::response::IntoResponse::into_response(axum::http::StatusCode::OK)
                    }
                    parsed => {
                        // An update teloxide reads is kept, then goes to the dispatcher: in
                        // hand from here. One that cannot be kept is refused, and Telegram
                        // posts it again later.
                        let counted = parsed.is_ok();
                        if let Ok(update) = &parsed {
                            if let Err(e) = taken.keep_posted(update.id.0, bytes.to_vec()).await {
                                tracing::error!(error = %e, "cannot keep a posted update; Telegram will post it again");
                                return axum::response::IntoResponse::into_response(
                                    axum::http::StatusCode::SERVICE_UNAVAILABLE,
                                );
                            }
                            activity.began();
                        }
                        let response = next
                            .run(axum::extract::Request::from_parts(parts, bytes.into()))
                            .await;
                        if counted && !response.status().is_success() {
                            activity.ended();
                        }
                        response
                    }
                }
            }
        },
    ))
}

impl<W> Updates<W> {
    /// The webhook route, to be served on the HTTP listener (taken once).
    fn take_routes(&mut self) -> Option<axum::Router> {
        match self {
            Updates::Polling => None,
            Updates::Webhook { routes, .. } => routes.take(),
        }
    }

    /// Sets the webhook with its secret, or (polling) removes any left from before, which
    /// would make Telegram refuse `getUpdates`.
    async fn tell_telegram(&self, bot: &Bot) -> Result<(), StartError> {
        let refused = |e: teloxide::RequestError| {
            StartError::Telegram(crate::telemetry::redact(&e.to_string()))
        };
        match self {
            Updates::Polling => {
                if let Err(e) = bot.delete_webhook().await {
                    tracing::warn!(error = %crate::telemetry::redact(&e.to_string()), "cannot remove a webhook set before; polling may be refused");
                }
                Ok(())
            }
            Updates::Webhook { url, secret, .. } => {
                crate::telemetry::register_secret(secret);
                bot.set_webhook(url.clone())
                    .secret_token(secret.clone())
                    .await
                    .map_err(refused)?;
                tracing::info!(%url, "receiving updates by webhook");
                Ok(())
            }
        }
    }
}

fn chat_kind(chat: &teloxide::types::Chat) -> ChatKind {
    if chat.is_private() {
        ChatKind::Private
    } else if chat.is_channel() {
        ChatKind::Channel
    } else {
        ChatKind::Group
    }
}

async fn on_message(update: Update, message: Message, handlers: Handlers) -> ResponseResult<()> {
    let _taken = handlers.activity.ends_on_drop();
    let chat = DomainChatId(message.chat.id.0);
    if let Some(to) = message.migrate_to_chat_id() {
        if let Err(e) = handlers
            .core
            .store
            .migrate_chat(chat, DomainChatId(to.0))
            .await
        {
            tracing::error!(error = %e, "cannot follow a group to its supergroup");
        }
        handlers.handled(&update).await;
        return Ok(());
    }
    // Channel posts and service messages have no person behind them to answer.
    let Some(from) = message.from.as_ref().filter(|u| !u.is_bot) else {
        handlers.handled(&update).await;
        return Ok(());
    };
    let kind = chat_kind(&message.chat);
    let text = match message.text() {
        Some(text) => text.to_owned(),
        // A sticker or photo in a private chat gets the "send a command" answer.
        None if kind == ChatKind::Private => String::new(),
        None => {
            handlers.handled(&update).await;
            return Ok(());
        }
    };
    handlers
        .hand_over(
            &update,
            Incoming {
                chat,
                chat_kind: kind,
                user: UserId(from.id.0 as i64),
                user_lang: from.language_code.clone(),
                body: Body::Text(text),
            },
        )
        .await;
    Ok(())
}

async fn on_button(
    bot: Bot,
    update: Update,
    query: CallbackQuery,
    handlers: Handlers,
) -> ResponseResult<()> {
    let _taken = handlers.activity.ends_on_drop();
    // Stop the button's spinner whatever happens next, without waiting for Telegram.
    let id = query.id.clone();
    tokio::spawn(async move {
        if let Err(e) = bot.answer_callback_query(id).await {
            tracing::warn!(error = %crate::telemetry::redact(&e.to_string()), "cannot answer a button press");
        }
    });
    let (Some(message), Some(data)) = (query.message.as_ref(), query.data.clone()) else {
        handlers.handled(&update).await;
        return Ok(());
    };
    handlers
        .hand_over(
            &update,
            Incoming {
                chat: DomainChatId(message.chat().id.0),
                chat_kind: chat_kind(message.chat()),
                user: UserId(query.from.id.0 as i64),
                user_lang: query.from.language_code.clone(),
                body: Body::Button {
                    data,
                    message_id: message.id().0,
                },
            },
        )
        .await;
    Ok(())
}

/// A member of a chat changed (promoted, demoted, joined, left; or the bot itself): who
/// administers the chat is asked again next time it matters.
async fn on_member_change(
    update: Update,
    change: teloxide::types::ChatMemberUpdated,
    handlers: Handlers,
) -> ResponseResult<()> {
    let _taken = handlers.activity.ends_on_drop();
    handlers
        .core
        .group_members_changed(DomainChatId(change.chat.id.0));
    handlers.handled(&update).await;
    Ok(())
}
