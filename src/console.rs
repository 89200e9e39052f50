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

use crate::app::{FrontEnd, Parts, StartError};
use crate::bot::{Body, ChatMenus, GroupAdmins, Incoming};
use crate::clock::{Clock, OffsetClock};
use crate::domain::{ChatId, ChatKind, ChatSettings, UserId};
use crate::i18n::{I18n, Msg};
use crate::outbound::{Content, SendOutcome, Transport};
use crate::store::Store;

/// Where the console writes; a std mutex, never held across an await.
pub type Output = Arc<Mutex<Box<dyn Write + Send>>>;

/// How long the console waits at the end of input for broadcasts to finish.
const DRAIN_TIMEOUT: Duration = Duration::from_secs(60);
/// How long `/later` waits for what came due to go out.
const LATER_DRAIN_TIMEOUT: Duration = Duration::from_secs(10);

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
    /// Shows a console message to the acting user, in their language (a user who has
    /// not written yet is addressed as their Telegram language would be).
    fn say(&self, actor: &Actor, msg: &Msg) {
        let chat = actor.user.private_chat();
        let settings = self
            .store
            .chat(chat)
            .ok()
            .flatten()
            .unwrap_or_else(|| ChatSettings::new(ChatKind::Private, actor.lang.as_deref()));
        let lang = self.i18n.lang_for(Some(&settings));
        self.print(
            chat,
            None,
            &Content::text(self.i18n.render(lang, msg)),
            true,
        );
    }

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
        text.push_str(&content.text.as_str().replace('\n', "\n    "));
        text.push('\n');
        if let Some(document) = &content.document {
            let file = Msg::new("console-document")
                .text("name", document.file_name.clone())
                .num("kilobytes", document.bytes.len().div_ceil(1024) as i64);
            text.push_str(&format!("    {}\n", self.i18n.render(lang, &file)));
        }
        for row in &content.buttons {
            let labels: Vec<String> = row
                .iter()
                .map(|b| match b.link {
                    true => format!("[{} → {}]", b.label, b.data),
                    false => format!("[{} → /press {}]", b.label, b.data),
                })
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

/// Console chats are private, so their one user administers them; a terminal has no
/// command menu to set. (The page benchmark's front end uses it too.)
pub struct EveryoneAdministersOwnChat;

impl ChatMenus for EveryoneAdministersOwnChat {
    fn set_menu(
        &self,
        _: ChatId,
        _: Vec<(&'static str, String)>,
    ) -> BoxFuture<'static, anyhow::Result<()>> {
        Box::pin(async { Ok(()) })
    }
}

impl GroupAdmins for EveryoneAdministersOwnChat {
    fn administrators(&self, chat: ChatId) -> BoxFuture<'static, anyhow::Result<Vec<UserId>>> {
        Box::pin(async move { Ok(vec![UserId(chat.0)]) })
    }
}

/// One line typed into the console.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ConsoleLine {
    /// Nothing to do (a blank line).
    Blank,
    Quit,
    /// `/as ID [LANG]`: act as another user from now on.
    As {
        user: i64,
        lang: Option<String>,
    },
    /// `/later MINUTES`: move the clock on.
    Later {
        minutes: i64,
    },
    /// `/press DATA`: press a button of the last menu.
    Press {
        data: String,
    },
    /// A console command typed wrong: show this usage message.
    Usage(&'static str),
    /// Anything else: what a Telegram user would send.
    Say(String),
}

impl ConsoleLine {
    /// Parses a line; pure, so it is tested on strings.
    pub fn parse(line: &str) -> ConsoleLine {
        let line = line.trim();
        if line.is_empty() {
            return ConsoleLine::Blank;
        }
        let (word, rest) = line
            .split_once(char::is_whitespace)
            .map(|(w, r)| (w, r.trim()))
            .unwrap_or((line, ""));
        match word {
            "/quit" | "/exit" => ConsoleLine::Quit,
            "/as" => {
                let mut args = rest.split_whitespace();
                match args
                    .next()
                    .and_then(|id| id.parse::<i64>().ok())
                    .filter(|&id| id > 0)
                {
                    Some(user) => ConsoleLine::As {
                        user,
                        lang: args.next().map(str::to_owned),
                    },
                    None => ConsoleLine::Usage("console-usage-as"),
                }
            }
            "/later" => match rest
                .parse::<i64>()
                .ok()
                .filter(|m| (1..=100_000).contains(m))
            {
                Some(minutes) => ConsoleLine::Later { minutes },
                None => ConsoleLine::Usage("console-usage-later"),
            },
            "/press" => ConsoleLine::Press {
                data: rest.to_owned(),
            },
            _ => ConsoleLine::Say(line.to_owned()),
        }
    }
}

/// Who is typing: the acting user, their Telegram language, and the menu they last saw.
struct Actor {
    user: UserId,
    lang: Option<String>,
    last_menu: Option<i32>,
}

/// Runs the console until `/quit` or the end of input, then lets queued broadcasts finish.
pub async fn run<R: AsyncBufRead + Unpin>(
    parts: Parts,
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
    let first_admin = parts.config.admins.iter().next().map(|a| a.0);
    let running = parts.start(
        FrontEnd {
            transport: transport.clone(),
            group_admins: Arc::new(EveryoneAdministersOwnChat),
            menus: Arc::new(EveryoneAdministersOwnChat),
            bot_username: None,
            polls: false,
            routes: None,
        },
        CancellationToken::new(),
    )?;
    let mut actor = Actor {
        user: UserId(options.user.or(first_admin).unwrap_or(1)),
        lang: options.lang,
        last_menu: None,
    };
    transport.say(
        &actor,
        &Msg::new("console-intro").text("user", actor.user.0.to_string()),
    );
    let mut lines = input.lines();
    while let Ok(Some(line)) = lines.next_line().await {
        let body = match ConsoleLine::parse(&line) {
            ConsoleLine::Blank => continue,
            ConsoleLine::Quit => break,
            ConsoleLine::As { user, lang } => {
                actor = Actor {
                    user: UserId(user),
                    lang,
                    last_menu: None,
                };
                transport.say(
                    &actor,
                    &Msg::new("console-acting-as").text("user", user.to_string()),
                );
                continue;
            }
            ConsoleLine::Later { minutes } => {
                clock.advance(chrono::Duration::minutes(minutes));
                transport.say(&actor, &Msg::new("console-later").num("minutes", minutes));
                // What came due meanwhile (a maintenance window's reminder, its start)
                // is sent before the next line is read, as it would be in real time.
                if !running.core.maintenance.caught_up(clock.now()).await {
                    tracing::warn!("the maintenance timer did not catch up with /later");
                }
                drain(&running, LATER_DRAIN_TIMEOUT).await;
                continue;
            }
            ConsoleLine::Usage(id) => {
                transport.say(&actor, &Msg::new(id));
                continue;
            }
            ConsoleLine::Press { data } => match actor.last_menu {
                Some(message_id) => Body::Button { data, message_id },
                None => {
                    transport.say(&actor, &Msg::new("console-no-menu"));
                    continue;
                }
            },
            ConsoleLine::Say(text) => Body::Text(text),
        };
        let own_chat = actor.user.private_chat();
        let incoming = Incoming {
            chat: own_chat,
            chat_kind: ChatKind::Private,
            user: actor.user,
            user_lang: actor.lang.clone(),
            body,
        };
        for reply in running.core.handle(incoming).await {
            let plain = reply.chat == own_chat;
            let id = transport.print(
                reply.chat,
                reply.edit.filter(|_| !plain),
                &reply.content,
                plain,
            );
            if plain && !reply.content.buttons.is_empty() {
                actor.last_menu = Some(id);
            }
        }
    }
    // Let queued broadcasts reach everyone before leaving.
    drain(&running, DRAIN_TIMEOUT).await;
    running.stop().await
}

/// Waits (at most `timeout`) until every queued broadcast has gone out.
async fn drain(running: &crate::app::Running, timeout: Duration) {
    let deadline = tokio::time::Instant::now() + timeout;
    while running
        .store()
        .pending_broadcasts()
        .map(|p| !p.is_empty())
        .unwrap_or(false)
        && tokio::time::Instant::now() < deadline
    {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn console_commands_are_parsed_from_plain_strings() {
        assert_eq!(ConsoleLine::parse("  "), ConsoleLine::Blank);
        assert_eq!(ConsoleLine::parse("/quit"), ConsoleLine::Quit);
        assert_eq!(ConsoleLine::parse("/exit"), ConsoleLine::Quit);
        assert_eq!(
            ConsoleLine::parse("/as 7 bn"),
            ConsoleLine::As {
                user: 7,
                lang: Some("bn".into())
            }
        );
        assert_eq!(
            ConsoleLine::parse("/as 7"),
            ConsoleLine::As {
                user: 7,
                lang: None
            }
        );
        for wrong in ["/as", "/as -3", "/as seven"] {
            assert_eq!(
                ConsoleLine::parse(wrong),
                ConsoleLine::Usage("console-usage-as"),
                "{wrong}"
            );
        }
        assert_eq!(
            ConsoleLine::parse("/later 112"),
            ConsoleLine::Later { minutes: 112 }
        );
        for wrong in ["/later", "/later 0", "/later 100001", "/later soon"] {
            assert_eq!(
                ConsoleLine::parse(wrong),
                ConsoleLine::Usage("console-usage-later"),
                "{wrong}"
            );
        }
        assert_eq!(
            ConsoleLine::parse("/press sub:whatsapp"),
            ConsoleLine::Press {
                data: "sub:whatsapp".into()
            }
        );
        assert_eq!(
            ConsoleLine::parse(" /subscribe whatsapp "),
            ConsoleLine::Say("/subscribe whatsapp".into())
        );
    }
}
