//! Golden transcripts: the whole outage story as three readers see it — Dhaka's
//! Bengali, Kolkata's Bengali and English — at fixed clock times, kept as plain text in
//! `tests/e2e/transcripts/` for an editor to read. A wording change shows up there as a
//! diff to review (`INSTA_UPDATE=always cargo test transcripts` writes the new text;
//! `git diff` shows it).

use chrono::Duration;

use crate::fake_telegram::{FakeTelegram, TgUser};
use crate::support::{ADMIN, PATIENCE, TestApp, spawn_app};

/// One reader's side of the conversation, as it reads.
struct Reader {
    user: TgUser,
    lines: Vec<String>,
    /// Messages of this chat already written down.
    seen: usize,
}

impl Reader {
    fn new(id: i64, telegram_lang: &str) -> Reader {
        Reader {
            user: FakeTelegram::user(id, "Reader", Some(telegram_lang)),
            lines: Vec::new(),
            seen: 0,
        }
    }

    fn note(&mut self, line: &str) {
        self.lines.push(String::new());
        self.lines.push(format!("— {line}"));
    }

    /// Writes down the next `count` messages the chat gets, once they are there.
    async fn take(&mut self, app: &TestApp, count: usize, mark: &str) {
        let chat = self.user.id;
        let want = self.seen + count;
        app.fake
            .wait_until(&format!("{want} messages in chat {chat}"), PATIENCE, |f| {
                f.sent_to(chat).len() >= want
            })
            .await;
        for sent in &app.fake.sent_to(chat)[self.seen..want] {
            let mut text = sent.text.lines();
            self.lines
                .push(format!("{mark} {}", text.next().unwrap_or_default()));
            self.lines.extend(text.map(|l| format!("  {l}")));
            let buttons = sent.reply_markup.as_ref().map(|m| {
                m["inline_keyboard"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .flat_map(|row| row.as_array().into_iter().flatten())
                    .filter_map(|b| b["text"].as_str())
                    .map(|t| format!("[{t}]"))
                    .collect::<Vec<_>>()
                    .join(" ")
            });
            if let Some(buttons) = buttons.filter(|b| !b.is_empty()) {
                self.lines.push(format!("  {buttons}"));
            }
        }
        self.seen = want;
    }

    /// The reader types `text` and gets `replies` answers.
    async fn says(&mut self, app: &TestApp, text: &str, replies: usize) {
        self.lines.push(String::new());
        self.lines.push(format!("› {text}"));
        app.fake.send_text(self.user.id, &self.user, text);
        self.take(app, replies, "‹").await;
    }

    /// A notice reaches the reader.
    async fn is_told(&mut self, app: &TestApp) {
        self.lines.push(String::new());
        self.take(app, 1, "🔔").await;
    }

    fn transcript(&self) -> String {
        self.lines.join("\n").trim().to_owned() + "\n"
    }
}

/// What the admin does, told to every reader in their own words.
async fn admin_posts(app: &TestApp, readers: &mut [Reader], what: &str, text: &str) {
    let admin = FakeTelegram::user(ADMIN, "Admin", Some("en"));
    let reply = app.ask(&admin, text).await;
    assert!(
        reply.starts_with("📣") || reply.starts_with("🔧"),
        "{text:?} → {reply}"
    );
    everyone_is_told(app, readers, what).await;
}

/// A notice reaches every reader.
async fn everyone_is_told(app: &TestApp, readers: &mut [Reader], what: &str) {
    for reader in readers.iter_mut() {
        reader.note(what);
        reader.is_told(app).await;
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn the_outage_story_in_each_language() {
    let app = spawn_app().await;
    let mut readers = [
        Reader::new(2, "bn"),
        Reader::new(3, "bn"),
        Reader::new(4, "en"),
    ];
    // Kolkata's reader picks her Bengali by name.
    readers[1].says(&app, "/language বাংলা (ভারত)", 1).await;

    for reader in readers.iter_mut() {
        reader.note("12:30 in Dhaka, 1 Nov 2022: a new reader.");
        reader.says(&app, "/start", 1).await;
        reader.says(&app, "/subscribe whatsapp bkash", 1).await;
        reader.says(&app, "/mysubs", 1).await;
    }
    admin_posts(
        &app,
        &mut readers,
        "The admin posts the outage.",
        "/down whatsapp [en] Messages are not being delivered. [bn] মেসেজ যাচ্ছে না।",
    )
    .await;
    for reader in readers.iter_mut() {
        reader.says(&app, "/report whatsapp", 1).await;
    }
    app.clock.advance(Duration::minutes(25));
    admin_posts(
        &app,
        &mut readers,
        "25 minutes later: the cause is found.",
        "/update whatsapp identified [en] A server failed; it is being replaced. [bn] একটি সার্ভার বিকল হয়েছে, সেটি বদলানো হচ্ছে।",
    )
    .await;
    for reader in readers.iter_mut() {
        reader.says(&app, "/status whatsapp", 1).await;
    }
    app.clock.advance(Duration::minutes(40));
    admin_posts(
        &app,
        &mut readers,
        "40 minutes later: a fix is in place.",
        "/update whatsapp monitoring",
    )
    .await;
    app.clock.advance(Duration::minutes(47));
    admin_posts(
        &app,
        &mut readers,
        "47 minutes later: it works again.",
        "/up whatsapp",
    )
    .await;
    for reader in readers.iter_mut() {
        reader.says(&app, "/status", 1).await;
        reader.says(&app, "/history", 1).await;
        reader.note("Reporting a service nobody has posted about.");
        reader.says(&app, "/report bkash", 1).await;
        reader.note("Mistakes.");
        reader.says(&app, "/subscribe whatsap", 1).await;
        reader.says(&app, "/subscribe netflix", 1).await;
        reader.says(&app, "/statsu", 1).await;
        reader.says(&app, "/status whatsapp bkash", 1).await;
        reader.says(&app, "/language klingon", 1).await;
        reader.says(&app, "hello", 1).await;
    }

    // A night outage, told against the news day it belongs to.
    app.clock
        .advance(Duration::hours(10) + Duration::minutes(48));
    admin_posts(
        &app,
        &mut readers,
        "1:10 after midnight: bKash slows down.",
        "/degraded bkash",
    )
    .await;
    app.clock.advance(Duration::hours(4));
    admin_posts(
        &app,
        &mut readers,
        "Four hours later, after dawn: it is back.",
        "/up bkash",
    )
    .await;
    // An outage over in seconds, which nobody here follows.
    let admin = FakeTelegram::user(ADMIN, "Admin", Some("en"));
    app.ask(&admin, "/down facebook").await;
    for reader in readers.iter_mut() {
        reader.note("Facebook went down a moment ago.");
        reader.says(&app, "/status facebook", 1).await;
    }
    app.clock.advance(Duration::seconds(40));
    app.ask(&admin, "/up facebook").await;

    // Planned maintenance, from the morning it is announced to the night it runs.
    for reader in readers.iter_mut() {
        reader.note("How this reader hears notices.");
        reader.says(&app, "/settings", 1).await;
    }
    admin_posts(
        &app,
        &mut readers,
        "The admin plans bKash's maintenance for the coming night.",
        "/maintenance bkash 2022-11-03 02:00 3h [en] Core system upgrade [bn] মূল ব্যবস্থার হালনাগাদ",
    )
    .await;
    app.clock
        .advance(Duration::hours(19) + Duration::minutes(50));
    everyone_is_told(&app, &mut readers, "1 am: an hour before it starts.").await;
    app.clock.advance(Duration::hours(1));
    everyone_is_told(&app, &mut readers, "2 am: it starts.").await;
    for reader in readers.iter_mut() {
        reader.says(&app, "/status bkash", 1).await;
    }
    app.clock.advance(Duration::hours(3));
    everyone_is_told(&app, &mut readers, "5 am: it is over.").await;
    app.clock.advance(Duration::days(2));
    for reader in readers.iter_mut() {
        reader.note("Two days later.");
        reader.says(&app, "/history", 1).await;
        reader.says(&app, "/unsubscribe bkash", 1).await;
        reader.says(&app, "/unsubscribe সব", 1).await;
        reader.says(&app, "/unsubscribe সব", 1).await;
        // «বাংলা» keeps a Bengali reader's own Bengali and gives others the deployment's.
        reader.says(&app, "/language বাংলা", 1).await;
    }

    for (reader, name) in readers.iter().zip(["bn-BD", "bn-IN", "en"]) {
        insta::with_settings!({
            snapshot_path => "transcripts",
            prepend_module_to_snapshot => false,
            omit_expression => true,
        }, {
            insta::assert_snapshot!(name, reader.transcript());
        });
    }
}
