//! The admin's view of a broadcast: one message, sent with the first news and edited at
//! most every `PROGRESS_EVERY` ("sent 1,240 / 10,000 · blocked 12 · failed 0", or
//! "Telegram is not answering — trying again" while it fails for everyone), ending in a
//! summary. A task of its own, so editing it never holds subscribers back, and the
//! broadcast hands it the summary and ends without waiting for the admin's chat.

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
    /// The latest tally, whether the broadcast is finished, and whether Telegram is
    /// failing for everyone.
    tally: watch::Sender<Shown>,
    /// The progress message's id once sent; saved with the broadcast so a restart
    /// edits the same message. A std mutex: never held across an await.
    message: Arc<Mutex<Option<i32>>>,
    task: JoinHandle<Option<()>>,
}

/// What the message shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Shown {
    tally: Tally,
    finished: bool,
    telegram_failing: bool,
    /// Ended by a newer event of the story: the rest hear that one, told whole.
    cut_short: bool,
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
        let (tally, changes) = watch::channel(Shown {
            tally: broadcast.tally,
            finished: false,
            telegram_failing: false,
            cut_short: false,
        });
        let message = Arc::new(Mutex::new(broadcast.progress_message));
        // Run beside the answers, so a summary handed over just before shutdown is sent.
        let spawner = engine.clone();
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
            task: spawner.spawn_answer_task(reporter.run(changes)),
        }
    }

    /// Records the latest tally; cheap, called after every send.
    pub fn update(&self, tally: Tally, finished: bool, telegram_failing: bool) {
        self.show(Shown {
            tally,
            finished,
            telegram_failing,
            cut_short: false,
        });
    }

    fn show(&self, shown: Shown) {
        self.tally.send_if_modified(|current| {
            let changed = *current != shown;
            *current = shown;
            changed
        });
    }

    pub fn message_id(&self) -> Option<i32> {
        *self.message.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Hands over the final summary; the task sends it when the admin's chat allows
    /// and then ends. The broadcast does not wait: the next event of its story may start
    /// at once.
    pub fn finish(self, tally: Tally, telegram_failing: bool) {
        self.update(tally, true, telegram_failing);
    }

    /// Hands over the summary of a broadcast a newer event ended: how many heard it,
    /// and that the rest hear the next notice, told whole.
    pub fn cut_short(self, tally: Tally) {
        self.show(Shown {
            tally,
            finished: true,
            telegram_failing: false,
            cut_short: true,
        });
    }

    /// Stops reporting (the broadcast pauses for shutdown) and waits until the task is
    /// gone, so nothing outlives the broadcast holding the store.
    pub async fn stop(self) {
        self.task.abort();
        let _ = self.task.await;
    }
}

/// The admin's progress line: where the broadcast stands, and only what happened
/// besides («বট ব্লক করেছেন ০ জন» says nothing).
fn progress_msg(service: &ServiceId, total: u64, shown: Shown) -> Msg {
    let tally = shown.tally;
    let total = total.max(tally.handled());
    // The chats not reached yet: those blocked, failed or skipped are done with.
    let rest = total - tally.handled();
    Msg::new(match shown {
        // Cut short once every chat had it: nobody is left for the next notice.
        Shown {
            cut_short: true, ..
        } if rest > 0 => "progress-cut-short",
        Shown {
            cut_short: true, ..
        } => "progress-done",
        Shown { finished: true, .. } => "progress-done",
        Shown {
            telegram_failing: true,
            ..
        } => "progress-telegram-failing",
        _ => "progress",
    })
    .service("service", service)
    .num("delivered", tally.delivered)
    .num("total", total)
    // Every chat had it: «২টি চ্যাটেই পৌঁছেছে», not «২টির মধ্যে ২টিতে».
    .flag("all", tally.delivered == total)
    .num("rest", rest)
    .msg(
        "extras",
        Msg::new("progress-extras")
            .num("blocked", tally.blocked)
            .num("failed", tally.failed)
            .num("skipped", tally.skipped),
    )
}

impl Reporter {
    async fn run(self, mut changes: watch::Receiver<Shown>) {
        let mut last: Option<Shown> = None;
        // Ends when the broadcast is finished, or when it is dropped at shutdown.
        while changes.changed().await.is_ok() {
            let now = *changes.borrow_and_update();
            if !now.finished && last == Some(now) {
                continue;
            }
            self.show(now).await;
            last = Some(now);
            if now.finished {
                return;
            }
            // Not more often than every `PROGRESS_EVERY`, but the summary at once.
            tokio::select! {
                () = tokio::time::sleep(PROGRESS_EVERY) => {}
                _ = changes.wait_for(|shown| shown.finished) => {}
            }
        }
        // The broadcast let go of its handle: show its last word if it was the summary.
        let now = *changes.borrow();
        if now.finished && last != Some(now) {
            self.show(now).await;
        }
    }

    async fn show(&self, shown: Shown) {
        let tally = shown.tally;
        // The admin was told nobody is subscribed; "0 of 0" would only repeat it.
        if self.total == 0 && tally.handled() == 0 {
            return;
        }
        let msg = progress_msg(&self.service, self.total, shown);
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

#[cfg(test)]
mod tests {
    use chrono::Utc;

    use super::*;
    use crate::domain::Lang;
    use crate::i18n::I18n;

    /// Every form the admin can see, in the three languages, exactly: no zero extras,
    /// one word for chats, ✅ only when something reached someone.
    #[test]
    fn the_admins_progress_says_only_what_happened() {
        let i18n = I18n::for_tests(Utc::now());
        let whatsapp = ServiceId::parse("whatsapp").unwrap();
        let shown = |delivered, blocked, failed, skipped, finished, cut_short| Shown {
            tally: Tally {
                delivered,
                blocked,
                failed,
                skipped,
            },
            finished,
            telegram_failing: false,
            cut_short,
        };
        let cases = [
            (
                shown(2, 0, 0, 0, false, false),
                3,
                "📤 হোয়াটসঅ্যাপ: ৩টি চ্যাটের মধ্যে ২টিতে পাঠানো হয়েছে",
                "📤 WhatsApp: sent to 2 of 3 chats",
            ),
            (
                shown(13, 2, 0, 0, true, false),
                15,
                "✅ হোয়াটসঅ্যাপ: ১৫টি চ্যাটের মধ্যে ১৩টিতে পৌঁছেছে · ২টি চ্যাটে বটকে ব্লক করা হয়েছে",
                "✅ WhatsApp: reached 13 of 15 chats · 2 blocked the bot",
            ),
            (
                shown(0, 0, 0, 3, true, false),
                3,
                "ℹ️ হোয়াটসঅ্যাপ: খবরটি কোনো চ্যাটে পাঠানো হয়নি · ৩টি চ্যাট শুধু পুরোপুরি বন্ধের খবর চায়, তাই সেখানে পাঠানো হয়নি",
                "ℹ️ WhatsApp: not sent to any chat · 3 skipped (they want full outages only)",
            ),
            (
                shown(19, 0, 0, 0, true, true),
                40,
                "⏭ হোয়াটসঅ্যাপ: ১৯টি চ্যাটে পৌঁছেছে; বাকি ২১টি সরাসরি পরের খবরটি (পুরো ঘটনাসহ) পাবে।",
                "⏭ WhatsApp: reached 19 chats; the other 21 will get the next notice, with the whole story.",
            ),
            (
                shown(0, 0, 0, 0, true, true),
                40,
                "⏭ হোয়াটসঅ্যাপ: নতুন খবর এসে যাওয়ায় এটি আর পাঠানো হয়নি; ৪০টি চ্যাটই সরাসরি পরের খবরটি (পুরো ঘটনাসহ) পাবে।",
                "⏭ WhatsApp: replaced by a newer notice before it went out; all 40 chats will get the next notice, with the whole story.",
            ),
            (
                shown(1, 0, 0, 0, true, true),
                1,
                "✅ হোয়াটসঅ্যাপ: চ্যাটটিতে পৌঁছেছে",
                "✅ WhatsApp: reached the one chat",
            ),
            // Every chat had it: not "3 of 3".
            (
                shown(3, 0, 0, 0, true, false),
                3,
                "✅ হোয়াটসঅ্যাপ: ৩টি চ্যাটেই পৌঁছেছে",
                "✅ WhatsApp: reached all 3 chats",
            ),
            (
                shown(0, 0, 0, 0, true, true),
                1,
                "⏭ হোয়াটসঅ্যাপ: নতুন খবর এসে যাওয়ায় এটি আর পাঠানো হয়নি; চ্যাটটি সরাসরি পরের খবরটি (পুরো ঘটনাসহ) পাবে।",
                "⏭ WhatsApp: replaced by a newer notice before it went out; the chat will get the next notice, with the whole story.",
            ),
            (
                // Cut short once every chat was done with: nobody waits for the next.
                shown(1, 1, 0, 0, true, true),
                2,
                "✅ হোয়াটসঅ্যাপ: ২টি চ্যাটের মধ্যে ১টিতে পৌঁছেছে · ১টি চ্যাটে বটকে ব্লক করা হয়েছে",
                "✅ WhatsApp: reached 1 of 2 chats · 1 blocked the bot",
            ),
            (
                shown(0, 0, 0, 0, false, false),
                1,
                "📤 হোয়াটসঅ্যাপ: চ্যাটটিতে এখনো পাঠানো হয়নি",
                "📤 WhatsApp: not sent to the chat yet",
            ),
            (
                shown(2, 0, 0, 0, true, true),
                3,
                "⏭ হোয়াটসঅ্যাপ: ২টি চ্যাটে পৌঁছেছে; বাকি ১টি সরাসরি পরের খবরটি (পুরো ঘটনাসহ) পাবে।",
                "⏭ WhatsApp: reached 2 chats; the other one will get the next notice, with the whole story.",
            ),
            (
                shown(0, 0, 0, 1, false, false),
                2,
                "📤 হোয়াটসঅ্যাপ: ২টি চ্যাটের একটিতেও এখনো পাঠানো হয়নি · ১টি চ্যাট শুধু পুরোপুরি বন্ধের খবর চায়, তাই সেখানে পাঠানো হয়নি",
                "📤 WhatsApp: not sent to any of 2 chats yet · 1 skipped (they want full outages only)",
            ),
        ];
        for (shown, total, bengali, english) in cases {
            let msg = progress_msg(&whatsapp, total, shown);
            assert_eq!(i18n.render(Lang::BN_BD, &msg), bengali);
            assert_eq!(i18n.render(Lang::EN, &msg), english);
        }
    }
}
