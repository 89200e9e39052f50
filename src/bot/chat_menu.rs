//! A chat's own command menu (Telegram's `setMyCommands` for one chat), set in the
//! background a moment after the chat's last change of language: a handler never waits
//! for it, and sixty `/language` in a row make one call, with the last language.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use super::ChatMenus;
use crate::domain::ChatId;

/// How long a chat's menu waits for another change before it is set.
const SETTLE: Duration = Duration::from_millis(1500);

pub struct MenuSetter {
    platform: Arc<dyn ChatMenus>,
    /// Per chat, the latest change waiting to be set (a counter: only the latest sets).
    /// A std mutex, never held across an await.
    waiting: Mutex<HashMap<ChatId, u64>>,
}

impl MenuSetter {
    pub fn new(platform: Arc<dyn ChatMenus>) -> MenuSetter {
        MenuSetter {
            platform,
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
        tokio::spawn(async move {
            tokio::time::sleep(SETTLE).await;
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
        let setter = Arc::new(MenuSetter::new(platform.clone()));
        for i in 0..60 {
            setter.set(ChatId(7), vec![("status", format!("menu {i}"))]);
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        setter.set(ChatId(8), vec![("status", "another chat".into())]);
        tokio::time::sleep(SETTLE * 2).await;
        let set = platform.set.lock().unwrap().clone();
        assert_eq!(
            set,
            vec![
                (ChatId(7), "menu 59".to_owned()),
                (ChatId(8), "another chat".to_owned())
            ]
        );
    }
}
