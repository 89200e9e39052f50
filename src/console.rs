//! The console front end: the same core, store and translations as on Telegram, driven
//! from a terminal. Lines are what a user types; replies are printed, and everything
//! sent to other chats (broadcasts, alerts, progress) shows as `→ chat 42 [bn]: …`.
//!
//! Console-only commands: `/as ID [LANG]` (act as another user), `/press DATA` (press a
//! button of the last menu), `/later MINUTES` (move the clock on), `/quit`.

use std::io::Write;
use std::sync::atomic::{AtomicI32, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures::future::BoxFuture;
use tokio::io::{AsyncBufRead, AsyncBufReadExt};
use tokio_util::sync::CancellationToken;

use crate::app::{Parts, StartError};
use crate::bot::{Body, GroupAdmins, Incoming};
use crate::clock::OffsetClock;
use crate::domain::{ChatId, ChatKind, ChatSettings, UserId};
use crate::i18n::{I18n, Msg};
use crate::outbound::{Content, Reply, SendOutcome, Transport};
use crate::store::Store;

/// Where the console writes; a std mutex, never held across an await.
pub type Output = Arc<Mutex<Box<dyn Write + Send>>>;

/// How long the console waits at the end of input for broadcasts to finish.
const DRAIN_TIMEOUT: Duration = Duration::from_secs(60);

pub struct ConsoleOptions {
    /// The acting user's Telegram language (`bn`, `en`).
    pub lang: Option<String>,
    /// The acting user's id; defaults to the first admin, else 1.
    pub user: Option<i64>,
}

/// Prints what the bot sends, as the contract shows it.
struct ConsoleTransport {
    out: Output,
    store: Store,
    i18n: I18n,
    next_message_id: AtomicI32,
}

impl ConsoleTransport {
    fn print(&self, chat: ChatId, edit: Option<i32>, content: &Content, plain: bool) -> i32 {
        let id = edit.unwrap_or_else(|| self.next_message_id.fetch_add(1, Ordering::SeqCst));
        let lang = self
            .i18n
            .lang_for(self.store.chat(chat).ok().flatten().as_ref());
        let mut text = String::new();
        if !plain {
            let mark = if edit.is_some() {
                format!(" ✎{id}")
            } else {
                String::new()
            };
            text.push_str(&format!("→ chat {} [{lang}]{mark}: ", chat.0));
        }
        text.push_str(&content.text.replace('\n', "\n    "));
        text.push('\n');
        for row in &content.buttons {
            let labels: Vec<String> = row
                .iter()
                .map(|b| format!("[{} → /press {}]", b.label, b.data))
                .collect();
            text.push_str(&format!("    {}\n", labels.join("  ")));
        }
        let mut out = self.out.lock().unwrap_or_else(|p| p.into_inner());
        let _ = out.write_all(text.as_bytes());
        let _ = out.flush();
        id
    }
}

impl Transport for ConsoleTransport {
    fn send(&self, chat: ChatId, content: Content) -> BoxFuture<'static, SendOutcome> {
        let message_id = self.print(chat, None, &content, false);
        Box::pin(async move { SendOutcome::Sent { message_id } })
    }

    fn edit(
        &self,
        chat: ChatId,
        message_id: i32,
        content: Content,
    ) -> BoxFuture<'static, SendOutcome> {
        self.print(chat, Some(message_id), &content, false);
        Box::pin(async move { SendOutcome::Sent { message_id } })
    }
}

/// Console chats are private, so their one user administers them.
struct EveryoneAdministersOwnChat;

impl GroupAdmins for EveryoneAdministersOwnChat {
    fn is_group_admin(&self, _: ChatId, _: UserId) -> BoxFuture<'static, anyhow::Result<bool>> {
        Box::pin(async { Ok(true) })
    }
}

/// Runs the console until `/quit` or the end of input, then lets queued broadcasts finish.
pub async fn run<R: AsyncBufRead + Unpin>(
    mut parts: Parts,
    clock: Arc<OffsetClock>,
    options: ConsoleOptions,
    input: R,
    out: Output,
) -> Result<(), StartError> {
    let transport = Arc::new(ConsoleTransport {
        out: out.clone(),
        store: parts.store.clone(),
        i18n: parts.i18n.clone(),
        next_message_id: AtomicI32::new(1),
    });
    let core = parts.core(Arc::new(EveryoneAdministersOwnChat));
    let engine = parts.engine(transport.clone());
    let shutdown = CancellationToken::new();
    let engine_task = tokio::spawn(engine.clone().run(shutdown.clone()));
    let http_task = parts.start_http(shutdown.clone())?;
    let probe_task = parts.start_probes(engine.clone(), shutdown.clone());

    let mut user = UserId(
        options
            .user
            .or_else(|| parts.config.admins.iter().next().map(|a| a.0))
            .unwrap_or(1),
    );
    let mut user_lang = options.lang;
    let mut last_menu: Option<i32> = None;
    let say = |user: UserId, user_lang: &Option<String>, msg: &Msg| {
        // A user who has not written yet is addressed as their Telegram language would be.
        let settings = parts
            .store
            .chat(ChatId(user.0))
            .ok()
            .flatten()
            .unwrap_or_else(|| ChatSettings::new(ChatKind::Private, user_lang.as_deref()));
        let lang = parts.i18n.lang_for(Some(&settings));
        transport.print(
            ChatId(user.0),
            None,
            &Content::text(parts.i18n.render(lang, msg)),
            true,
        );
    };
    say(
        user,
        &user_lang,
        &Msg::new("console-intro").num("user", user.0),
    );

    let mut lines = input.lines();
    while let Ok(Some(line)) = lines.next_line().await {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let (word, rest) = line
            .split_once(char::is_whitespace)
            .map(|(w, r)| (w, r.trim()))
            .unwrap_or((line, ""));
        let body = match word {
            "/quit" | "/exit" => break,
            "/as" => {
                let mut args = rest.split_whitespace();
                match args
                    .next()
                    .and_then(|id| id.parse::<i64>().ok())
                    .filter(|&id| id > 0)
                {
                    Some(id) => {
                        user = UserId(id);
                        user_lang = args.next().map(str::to_owned);
                        last_menu = None;
                        say(
                            user,
                            &user_lang,
                            &Msg::new("console-acting-as").num("user", id),
                        );
                    }
                    None => say(user, &user_lang, &Msg::new("console-usage-as")),
                }
                continue;
            }
            "/later" => {
                match rest
                    .parse::<i64>()
                    .ok()
                    .filter(|m| (1..=100_000).contains(m))
                {
                    Some(minutes) => {
                        clock.advance(chrono::Duration::minutes(minutes));
                        say(
                            user,
                            &user_lang,
                            &Msg::new("console-later").num("minutes", minutes),
                        );
                    }
                    None => say(user, &user_lang, &Msg::new("console-usage-later")),
                }
                continue;
            }
            "/press" => match last_menu {
                Some(message_id) => Body::Button {
                    data: rest.to_owned(),
                    message_id,
                },
                None => {
                    say(user, &user_lang, &Msg::new("console-no-menu"));
                    continue;
                }
            },
            _ => Body::Text(line.to_owned()),
        };
        let incoming = Incoming {
            chat: ChatId(user.0),
            chat_kind: ChatKind::Private,
            user,
            user_lang: user_lang.clone(),
            body,
        };
        for reply in core.handle(incoming).await {
            let Reply {
                chat,
                content,
                edit,
            } = reply;
            let plain = chat == ChatId(user.0);
            let id = transport.print(chat, edit.filter(|_| !plain), &content, plain);
            if plain && !content.buttons.is_empty() {
                last_menu = Some(id);
            }
        }
    }
    // Let queued broadcasts reach everyone before leaving.
    let deadline = tokio::time::Instant::now() + DRAIN_TIMEOUT;
    while parts
        .store
        .pending_broadcasts()
        .map(|p| !p.is_empty())
        .unwrap_or(false)
        && tokio::time::Instant::now() < deadline
    {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    shutdown.cancel();
    let _ = engine_task.await;
    if let Some(http) = http_task {
        let _ = http.await;
    }
    let _ = probe_task.await;
    parts.store.flush().await?;
    Ok(())
}
