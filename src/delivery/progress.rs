//! The admin's view of a broadcast: one message, sent with the first news and edited at
//! most every `PROGRESS_EVERY` ("sent 1,240 / 10,000 · blocked 12 · failed 0"), ending
//! in a summary. A task of its own, so editing it never holds subscribers back.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::watch;
use tokio::task::JoinHandle;

use super::Engine;
use crate::domain::{Broadcast, ReportTo, ServiceId, Tally};
use crate::i18n::Msg;
use crate::outbound::SendOutcome;

/// How often the progress message is edited at most.
const PROGRESS_EVERY: Duration = Duration::from_secs(3);

/// The handle the delivering loop keeps.
pub struct Progress {
    /// The latest tally, and whether the broadcast is finished.
    tally: watch::Sender<(Tally, bool)>,
    /// The progress message's id once sent; saved with the broadcast so a restart
    /// edits the same message. A std mutex: never held across an await.
    message: Arc<Mutex<Option<i32>>>,
    task: JoinHandle<()>,
}

/// What the reporting task needs to word its message.
struct Reporter {
    engine: Engine,
    report_to: ReportTo,
    service: ServiceId,
    total: u64,
    message: Arc<Mutex<Option<i32>>>,
}

impl Progress {
    pub fn start(engine: Engine, report_to: ReportTo, broadcast: &Broadcast) -> Progress {
        let (tally, changes) = watch::channel((broadcast.tally, false));
        let message = Arc::new(Mutex::new(broadcast.progress_message));
        let reporter = Reporter {
            engine,
            report_to,
            service: broadcast.notice.service().clone(),
            total: broadcast.total,
            message: message.clone(),
        };
        Progress {
            tally,
            message,
            task: tokio::spawn(reporter.run(changes)),
        }
    }

    /// Records the latest tally; cheap, called after every send.
    pub fn update(&self, tally: Tally, finished: bool) {
        self.tally.send_if_modified(|current| {
            let changed = *current != (tally, finished);
            *current = (tally, finished);
            changed
        });
    }

    pub fn message_id(&self) -> Option<i32> {
        *self.message.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Shows the final summary and waits until it is sent.
    pub async fn finish(self, tally: Tally) {
        self.update(tally, true);
        let _ = self.task.await;
    }

    /// Stops reporting (the broadcast pauses for shutdown) and waits until the task is
    /// gone, so nothing outlives the broadcast holding the store.
    pub async fn stop(self) {
        self.task.abort();
        let _ = self.task.await;
    }
}

impl Reporter {
    async fn run(self, mut changes: watch::Receiver<(Tally, bool)>) {
        let mut shown: Option<Tally> = None;
        // Ends when the broadcast is finished, or dropped at shutdown.
        while changes.changed().await.is_ok() {
            let (tally, finished) = *changes.borrow_and_update();
            if !finished && shown == Some(tally) {
                continue;
            }
            self.show(tally, finished).await;
            shown = Some(tally);
            if finished {
                return;
            }
            tokio::time::sleep(PROGRESS_EVERY).await;
        }
    }

    async fn show(&self, tally: Tally, finished: bool) {
        // The admin was told nobody is subscribed; "0 of 0" would only repeat it.
        if self.total == 0 && tally.handled() == 0 {
            return;
        }
        let msg = Msg::new(if finished {
            "progress-done"
        } else {
            "progress"
        })
        .service("service", &self.service)
        .num("delivered", tally.delivered)
        .num("total", self.total.max(tally.handled()))
        .num("blocked", tally.blocked)
        .num("failed", tally.failed)
        .num("skipped", tally.skipped);
        let existing = *self.message.lock().unwrap_or_else(|p| p.into_inner());
        let (chat, lang) = (self.report_to.chat, self.report_to.lang);
        match self.engine.say(chat, lang, &msg, existing).await {
            SendOutcome::Sent { message_id } if existing.is_none() => {
                *self.message.lock().unwrap_or_else(|p| p.into_inner()) = Some(message_id);
            }
            SendOutcome::Sent { .. } => {}
            other => {
                tracing::warn!(outcome = ?other, "cannot show broadcast progress to the admin")
            }
        }
    }
}
