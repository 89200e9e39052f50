//! Who administers a group, asked of the platform (Telegram's
//! `getChatAdministrators`) once in a while rather than at every command: the answer is
//! kept per group for `KEEP_FOR`, a group is looked up once at a time however many of
//! its members write at once, and a group is forgotten when Telegram says one of its
//! members changed. A busy group costs one lookup, not one per command.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures::FutureExt;
use futures::future::{BoxFuture, Shared};
use tokio::time::Instant;

use super::GroupAdmins;
use crate::domain::{ChatId, UserId};

/// How long a group's administrators are taken as known.
const KEEP_FOR: Duration = Duration::from_secs(300);
/// How long a failed lookup is remembered, so a group Telegram will not describe is not
/// asked about at every command.
const FAILURE_KEPT_FOR: Duration = Duration::from_secs(10);
/// Groups kept before the expired ones are swept out.
const SWEEP_ABOVE: usize = 10_000;

type Lookup = Shared<BoxFuture<'static, Result<Arc<HashSet<UserId>>, String>>>;

enum Known {
    /// The administrators, as of `at`.
    Admins {
        admins: Arc<HashSet<UserId>>,
        at: Instant,
    },
    /// The lookup is on its way: everyone who asks meanwhile waits for the same one.
    Asking(Lookup),
    /// The lookup failed (why), as of `at`.
    Failed { why: String, at: Instant },
}

/// The platform's answer, kept per group.
pub struct AdminCache {
    platform: Arc<dyn GroupAdmins>,
    /// A std mutex: never held across an await.
    groups: Mutex<HashMap<ChatId, Known>>,
}

impl AdminCache {
    pub fn new(platform: Arc<dyn GroupAdmins>) -> AdminCache {
        AdminCache {
            platform,
            groups: Mutex::new(HashMap::new()),
        }
    }

    /// Whether `user` administers `chat`: from what is known if it is recent, else from
    /// one lookup shared by everyone asking about the group now.
    pub async fn is_admin(&self, chat: ChatId, user: UserId) -> anyhow::Result<bool> {
        let lookup = {
            let mut groups = self.groups.lock().unwrap_or_else(|p| p.into_inner());
            let now = Instant::now();
            match groups.get(&chat) {
                Some(Known::Admins { admins, at }) if now.duration_since(*at) < KEEP_FOR => {
                    return Ok(admins.contains(&user));
                }
                Some(Known::Failed { why, at }) if now.duration_since(*at) < FAILURE_KEPT_FOR => {
                    return Err(anyhow::anyhow!("{why}"));
                }
                Some(Known::Asking(lookup)) => lookup.clone(),
                _ => {
                    if groups.len() > SWEEP_ABOVE {
                        groups.retain(|_, known| match known {
                            Known::Admins { at, .. } => now.duration_since(*at) < KEEP_FOR,
                            Known::Failed { at, .. } => now.duration_since(*at) < FAILURE_KEPT_FOR,
                            Known::Asking(_) => true,
                        });
                    }
                    let asked = self.platform.administrators(chat);
                    let lookup = async move {
                        asked
                            .await
                            .map(|admins| Arc::new(admins.into_iter().collect()))
                            .map_err(|e| format!("{e:#}"))
                    }
                    .boxed()
                    .shared();
                    groups.insert(chat, Known::Asking(lookup.clone()));
                    lookup
                }
            }
        };
        let answer = lookup.clone().await;
        {
            let mut groups = self.groups.lock().unwrap_or_else(|p| p.into_inner());
            // Only the lookup still on record is replaced: a `forget` in between wins.
            if matches!(groups.get(&chat), Some(Known::Asking(l)) if l.ptr_eq(&lookup)) {
                let at = Instant::now();
                let known = match &answer {
                    Ok(admins) => Known::Admins {
                        admins: admins.clone(),
                        at,
                    },
                    Err(why) => Known::Failed {
                        why: why.clone(),
                        at,
                    },
                };
                groups.insert(chat, known);
            }
        }
        answer
            .map(|admins| admins.contains(&user))
            .map_err(|why| anyhow::anyhow!("{why}"))
    }

    /// Telegram says a member of `chat` changed (promoted, demoted, joined, left): its
    /// administrators are asked again next time.
    pub fn forget(&self, chat: ChatId) {
        self.groups
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(&chat);
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};

    use super::*;

    /// A group whose one administrator is user 1; each lookup takes 300 ms.
    #[derive(Default)]
    struct SlowTelegram {
        lookups: AtomicUsize,
    }

    impl GroupAdmins for SlowTelegram {
        fn administrators(&self, _: ChatId) -> BoxFuture<'static, anyhow::Result<Vec<UserId>>> {
            self.lookups.fetch_add(1, Ordering::SeqCst);
            Box::pin(async {
                tokio::time::sleep(Duration::from_millis(300)).await;
                Ok(vec![UserId(1)])
            })
        }
    }

    #[tokio::test(start_paused = true)]
    async fn a_busy_group_costs_one_lookup_until_it_is_old_or_forgotten() {
        let telegram = Arc::new(SlowTelegram::default());
        let cache = Arc::new(AdminCache::new(telegram.clone()));
        let group = ChatId(-100);
        let asks: Vec<_> = (0..150)
            .map(|member| {
                let cache = cache.clone();
                tokio::spawn(async move { cache.is_admin(group, UserId(member)).await.unwrap() })
            })
            .collect();
        let mut admins = 0;
        for ask in asks {
            admins += usize::from(ask.await.unwrap());
        }
        assert_eq!(admins, 1);
        assert_eq!(
            telegram.lookups.load(Ordering::SeqCst),
            1,
            "one lookup for 150"
        );
        // Known for a while: answered without a lookup.
        let started = Instant::now();
        assert!(!cache.is_admin(group, UserId(9)).await.unwrap());
        assert_eq!(started.elapsed(), Duration::ZERO);
        cache.forget(group);
        assert!(cache.is_admin(group, UserId(1)).await.unwrap());
        assert_eq!(telegram.lookups.load(Ordering::SeqCst), 2);
        tokio::time::sleep(KEEP_FOR).await;
        assert!(cache.is_admin(group, UserId(1)).await.unwrap());
        assert_eq!(
            telegram.lookups.load(Ordering::SeqCst),
            3,
            "asked again when old"
        );
    }
}
