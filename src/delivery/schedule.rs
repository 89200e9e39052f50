//! Which broadcasts run: one at a time per story — a service's incidents, or one
//! maintenance window — so nobody hears "back" before "down"; stories side by side (an
//! outage is never held behind the announcement of next week's maintenance of the same
//! service); a broadcast whose task failed is tried again after a backoff; and a
//! broadcast still going out when a newer event of its story arrives is cut short, so
//! the chats it has not reached hear only the newest state.

use std::collections::{HashMap, HashSet};

use tokio::task::{Id, JoinError, JoinSet};
use tokio::time::Instant;
use tokio_util::sync::CancellationToken;

use super::{Engine, backoff};
use crate::domain::{Audience, Broadcast, ServiceId, Story};

/// A broadcast being delivered by a task.
struct Task {
    broadcast: u64,
    service: ServiceId,
    story: Story,
    audience: Audience,
    /// Cancelled when a newer event of its story is waiting.
    supersede: CancellationToken,
}

#[derive(Default)]
pub(super) struct Schedule {
    running: JoinSet<()>,
    /// By task id, to free the story whatever way a task ends.
    tasks: HashMap<Id, Task>,
    /// Broadcasts whose task failed: tries so far, and not before when.
    retry: HashMap<u64, (u32, Instant)>,
}

impl Schedule {
    /// Starts every broadcast whose story is free and whose retry time has come, and
    /// cuts short a running broadcast when a newer one of its story waits behind it.
    pub fn start(&mut self, engine: &Engine, outbox: &[Broadcast], shutdown: &CancellationToken) {
        let now = Instant::now();
        let busy: HashSet<&Story> = self.tasks.values().map(|t| &t.story).collect();
        let started: HashSet<u64> = self.tasks.values().map(|t| t.broadcast).collect();
        let mut seen: HashSet<Story> = HashSet::new();
        let mut to_start = Vec::new();
        for broadcast in outbox {
            let story = broadcast.notice.story();
            // One story's broadcasts go in order: only the oldest may run.
            if busy.contains(&story) || !seen.insert(story) {
                continue;
            }
            if started.contains(&broadcast.id) {
                continue;
            }
            if self
                .retry
                .get(&broadcast.id)
                .is_some_and(|&(_, at)| at > now)
            {
                continue;
            }
            to_start.push(broadcast.clone());
        }
        for task in self.tasks.values() {
            // Only a broadcast to subscribers is cut short: a list of reporters is told.
            let newer = task.audience == Audience::Subscribers
                && outbox.iter().any(|b| {
                    b.id > task.broadcast
                        && b.notice.story() == task.story
                        && b.audience == Audience::Subscribers
                });
            if newer && !task.supersede.is_cancelled() {
                tracing::info!(broadcast = task.broadcast, service = %task.service, "a newer event is waiting; cutting this broadcast short");
                task.supersede.cancel();
            }
        }
        for broadcast in to_start {
            let supersede = CancellationToken::new();
            let engine = engine.clone();
            let (shutdown, token) = (shutdown.clone(), supersede.clone());
            let id = broadcast.id;
            let service = broadcast.notice.service().clone();
            let story = broadcast.notice.story();
            let audience = broadcast.audience;
            let handle = self
                .running
                .spawn(async move { engine.deliver(broadcast, shutdown, token).await });
            self.tasks.insert(
                handle.id(),
                Task {
                    broadcast: id,
                    service,
                    story,
                    audience,
                    supersede,
                },
            );
        }
    }

    /// When the next broadcast waiting for its retry may go.
    pub fn next_retry(&self) -> Option<Instant> {
        self.retry.values().map(|&(_, at)| at).min()
    }

    /// Waits for a task to end and frees its service; a failed one is tried again later.
    pub async fn reap(&mut self) {
        let Some(done) = self.running.join_next_with_id().await else {
            return std::future::pending().await;
        };
        let (id, failed): (Id, Option<JoinError>) = match done {
            Ok((id, ())) => (id, None),
            Err(e) => (e.id(), Some(e)),
        };
        let Some(task) = self.tasks.remove(&id) else {
            return;
        };
        match failed {
            None => {
                self.retry.remove(&task.broadcast);
            }
            Some(e) => {
                let tries = self.retry.get(&task.broadcast).map_or(1, |&(n, _)| n + 1);
                let wait = backoff(tries);
                tracing::error!(error = %e, broadcast = task.broadcast, service = %task.service, tries, retry_in_ms = wait.as_millis() as u64, "a broadcast task failed; it will be tried again");
                self.retry
                    .insert(task.broadcast, (tries, Instant::now() + wait));
            }
        }
    }

    /// Lets every running broadcast save its cursor (at shutdown).
    pub async fn wind_down(mut self) {
        while self.running.join_next().await.is_some() {}
    }
}
