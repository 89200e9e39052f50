//! A chat's own command menu (Telegram's `setMyCommands` for one chat), set in the
//! background a moment after the chat's last change of language: a handler never waits
//! for it, and sixty `/language` in a row make one call, with the last language. The
//! moment is the app's clock's: a test (or the console) that moves the clock sees it
//! come at once, and no sooner.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use super::ChatMenus;
use crate::clock::Clock;
use crate::domain::ChatId;

/// How long a chat's menu waits for another change before it is set.
const SETTLE: Duration = Duration::from_millis(1500);

pub struct MenuSetter {
    platform: Arc<dyn ChatMenus>,
    clock: Arc<dyn Clock>,
    /// Per chat, the latest change waiting to be set (a counter: only the latest sets).
    /// A std mutex, never held across an await.
    waiting: Mutex<HashMap<ChatId, u64>>,
}

impl MenuSetter {
    pub fn new(platform: Arc<dyn ChatMenus>, clock: Arc<dyn Clock>) -> MenuSetter {
        MenuSetter {
            platform,
            clock,
            waiting: Mutex::new(HashMap::new()),
        }
    }

    /// Sets `chat`'s menu to `commands` once the chat has been quiet for `SETTLE`,
    /// unless a newer change comes first; returns at once. A failure is logged, never
    /// fatal: the bot works without menus.
    pub fn set(self: &Arc<Self>, chat: ChatId, commands: Vec<(&'static str, String)>) {
        let change = {
            let mut waiting = self.waiting.lock().unwrap_or_else(|p| p.into_inner());
            let latest = waiting.entry(chat).or_insert(0);
            *latest += 1;
            *latest
        };
        let setter = self.clone();
        let due = self.clock.now() + chrono::Duration::from_std(SETTLE).unwrap_or_default();
        tokio::spawn(async move {
            crate::clock::until(setter.clock.as_ref(), due).await;
            {
                let mut waiting = setter.waiting.lock().unwrap_or_else(|p| p.into_inner());
                if waiting.get(&chat) != Some(&change) {
                    return;
                }
                waiting.remove(&chat);
            }
            if let Err(e) = setter.platform.set_menu(chat, commands).await {
                tracing::warn!(error = %e, chat = chat.0, "cannot set a chat's command menu");
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use futures::future::BoxFuture;

    use super::*;

    #[derive(Default)]
    struct Recorder {
        set: Mutex<Vec<(ChatId, String)>>,
    }

    impl ChatMenus for Recorder {
        fn set_menu(
            &self,
            chat: ChatId,
            commands: Vec<(&'static str, String)>,
        ) -> BoxFuture<'static, anyhow::Result<()>> {
            self.set.lock().unwrap().push((chat, commands[0].1.clone()));
            Box::pin(async { Ok(()) })
        }
    }

    #[tokio::test(start_paused = true)]
    async fn sixty_changes_in_a_row_set_the_menu_once_with_the_last() {
        let platform = Arc::new(Recorder::default());
        let clock = Arc::new(crate::clock::ManualClock::new(chrono::Utc::now()));
        let setter = Arc::new(MenuSetter::new(platform.clone(), clock.clone()));
        let later = |by: Duration| {
            clock.advance(chrono::Duration::from_std(by).unwrap());
            // Each task waiting on the clock looks at it before the next move.
            tokio::time::sleep(Duration::from_millis(1))
        };
        for i in 0..60 {
            setter.set(ChatId(7), vec![("status", format!("menu {i}"))]);
            later(Duration::from_millis(100)).await;
        }
        setter.set(ChatId(8), vec![("status", "another chat".into())]);
        assert!(
            platform.set.lock().unwrap().is_empty(),
            "not before its time"
        );
        later(SETTLE * 2).await;
        // Both come due at the one move, in either order.
        let mut set = platform.set.lock().unwrap().clone();
        set.sort();
        assert_eq!(
            set,
            vec![
                (ChatId(7), "menu 59".to_owned()),
                (ChatId(8), "another chat".to_owned())
            ]
        );
    }
}
