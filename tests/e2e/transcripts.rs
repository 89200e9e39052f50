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
            let buttons = sent
                .buttons("text")
                .iter()
                .map(|t| format!("[{t}]"))
                .collect::<Vec<_>>()
                .join(" ");
            if !buttons.is_empty() {
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

    /// The reader taps the `nth` button (counted across rows) of the last message that
    /// has buttons, and reads the message as it is written again.
    async fn taps(&mut self, app: &TestApp, nth: usize) {
        let chat = self.user.id;
        let last = app
            .fake
            .sent_to(chat)
            .into_iter()
            .rev()
            .find(|s| !s.buttons("callback_data").is_empty())
            .expect("a message with buttons");
        let labels = last.buttons("text");
        let data = last.buttons("callback_data");
        self.lines.push(String::new());
        self.lines.push(format!("› taps [{}]", labels[nth]));
        app.fake
            .press_button(chat, &self.user, last.message_id, &data[nth]);
        self.take(app, 1, "‹").await;
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
        reader.note("Where from: the first network, then the first area (after five networks).");
        reader.taps(&app, 0).await;
        reader.taps(&app, 5).await;
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

/// A Kolkata deployment's own story, on West Bengal's catalog (UPI, SBI, Jio): the
/// forms a Kolkata reader meets («এসবিআইয়ের», «ইউপিআইয়ে»), an outage that worsens,
/// eases and comes down again, a report and an extension during maintenance. Kept as
/// `transcripts/kolkata-bn-IN.snap` and `kolkata-en.snap`.
#[tokio::test(flavor = "multi_thread")]
async fn a_kolkata_story_on_west_bengals_services() {
    let app = crate::support::spawn_app_with("timezone = \"Asia/Kolkata\"").await;
    let mut readers = [Reader::new(2, "bn"), Reader::new(3, "en")];
    for reader in readers.iter_mut() {
        reader.note("12:00 in Kolkata, 1 Nov 2022: a new reader.");
        reader.says(&app, "/start", 1).await;
        reader.says(&app, "/subscribe upi sbi jio", 1).await;
    }
    admin_posts(
        &app,
        &mut readers,
        "UPI payments slow down.",
        "/degraded upi [en] Payments are taking long to go through. [bn] টাকা পাঠাতে দেরি হচ্ছে।",
    )
    .await;
    for reader in readers.iter_mut() {
        reader.says(&app, "/report upi", 1).await;
    }
    app.clock.advance(Duration::minutes(20));
    admin_posts(
        &app,
        &mut readers,
        "20 minutes later: UPI stops.",
        "/down upi",
    )
    .await;
    app.clock.advance(Duration::minutes(30));
    admin_posts(
        &app,
        &mut readers,
        "30 minutes later: partly back.",
        "/degraded upi",
    )
    .await;
    app.clock.advance(Duration::minutes(10));
    admin_posts(
        &app,
        &mut readers,
        "10 minutes later: down again.",
        "/down upi",
    )
    .await;
    app.clock.advance(Duration::minutes(15));
    admin_posts(
        &app,
        &mut readers,
        "15 minutes later: the cause is found.",
        "/update upi identified",
    )
    .await;
    for reader in readers.iter_mut() {
        reader.says(&app, "/status upi", 1).await;
    }
    app.clock.advance(Duration::minutes(35));
    admin_posts(&app, &mut readers, "35 minutes later: back.", "/up upi").await;
    for reader in readers.iter_mut() {
        reader.says(&app, "/history upi", 1).await;
    }

    admin_posts(
        &app,
        &mut readers,
        "SBI plans maintenance for the coming night.",
        "/maintenance sbi 2022-11-02 01:30 2h [en] Core banking upgrade [bn] কোর ব্যাঙ্কিং ব্যবস্থার উন্নয়ন",
    )
    .await;
    // 13:50 now; 00:30 is an hour before it starts.
    app.clock
        .advance(Duration::hours(10) + Duration::minutes(40));
    everyone_is_told(&app, &mut readers, "00:30: an hour before it starts.").await;
    app.clock.advance(Duration::hours(1));
    everyone_is_told(&app, &mut readers, "01:30: it starts.").await;
    for reader in readers.iter_mut() {
        reader.says(&app, "/report sbi", 1).await;
    }
    let admin = FakeTelegram::user(ADMIN, "Admin", Some("en"));
    let list = app.ask(&admin, "/maintenance").await;
    let id: String = list
        .split_once('#')
        .expect("a window listed")
        .1
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    app.clock.advance(Duration::minutes(90));
    admin_posts(
        &app,
        &mut readers,
        "03:00: it takes an hour longer.",
        &format!("/maintenance extend {id} 1h"),
    )
    .await;
    app.clock.advance(Duration::minutes(90));
    everyone_is_told(&app, &mut readers, "04:30: it is over.").await;

    for (reader, name) in readers.iter().zip(["kolkata-bn-IN", "kolkata-en"]) {
        insta::with_settings!({
            snapshot_path => "transcripts",
            prepend_module_to_snapshot => false,
            omit_expression => true,
        }, {
            insta::assert_snapshot!(name, reader.transcript());
        });
    }
}

/// The hours that give a machine away, as each reader sees them: the small hours
/// (03:50, 04:10 in Dhaka and in Kolkata), a quarter to midnight, spans across
/// midnight, a day less seconds no clock shows, a span between two past weekdays. Each
/// outage is told as it begins and as it ends, in all three languages, and kept in
/// `transcripts/edge-times.snap` for an editor to read.
#[test]
fn the_edge_times_in_dhaka_and_kolkata() {
    use std::sync::Arc;

    use chrono::TimeZone;
    use outage_bot::clock::ManualClock;
    use outage_bot::delivery::notice_text;
    use outage_bot::domain::{
        Incident, IncidentNotice, Lang, LocalizedText, ServiceId, Severity, Source,
    };
    use outage_bot::i18n::{I18n, Translations, locale_files};

    let translations = Arc::new(Translations::build(&locale_files::embedded()).unwrap());
    let catalog = Arc::new(
        outage_bot::config::Config::parse("", None, &|_| None)
            .unwrap()
            .catalog,
    );
    let dhaka = |day: u32, h: u32, m: u32, s: u32| {
        chrono_tz::Asia::Dhaka
            .with_ymd_and_hms(2022, 11, day, h, m, s)
            .unwrap()
            .with_timezone(&chrono::Utc)
    };
    // (what it is, start, end, seen at); 4 Nov 2022 was a Friday.
    let cases = [
        (
            "03:50 in Dhaka, 20 minutes",
            dhaka(8, 3, 50, 0),
            dhaka(8, 4, 10, 0),
            None,
        ),
        (
            "03:50 in Kolkata (04:20 in Dhaka), 20 minutes",
            dhaka(8, 4, 20, 0),
            dhaka(8, 4, 40, 0),
            None,
        ),
        (
            "a quarter to midnight, 35 minutes",
            dhaka(8, 23, 45, 0),
            dhaka(9, 0, 20, 0),
            None,
        ),
        (
            "23:50 to 01:20",
            dhaka(8, 23, 50, 0),
            dhaka(9, 1, 20, 0),
            None,
        ),
        (
            "22:30 to 05:10 the next morning",
            dhaka(8, 22, 30, 0),
            dhaka(9, 5, 10, 0),
            None,
        ),
        (
            "02:30 to 10:00",
            dhaka(9, 2, 30, 0),
            dhaka(9, 10, 0, 0),
            None,
        ),
        (
            "15:24:40 to 15:24:10 the next day",
            dhaka(8, 15, 24, 40),
            dhaka(9, 15, 24, 10),
            None,
        ),
        (
            "a quarter to eight, five minutes",
            dhaka(8, 7, 45, 0),
            dhaka(8, 7, 50, 0),
            None,
        ),
        (
            "Friday 06:06 to Saturday 07:07, seen on Tuesday",
            dhaka(4, 6, 6, 0),
            dhaka(5, 7, 7, 0),
            Some(dhaka(8, 12, 0, 0)),
        ),
    ];
    let mut lines = Vec::new();
    for (what, start, end, seen) in cases {
        lines.push(format!("— {what}"));
        let mut incident = Incident::open(
            1,
            ServiceId::parse("whatsapp").unwrap(),
            Severity::MajorOutage,
            LocalizedText::default(),
            start,
            Source::Api,
        );
        for resolved in [false, true] {
            let at = if resolved { end } else { start };
            if resolved {
                incident.resolve(LocalizedText::default(), end).unwrap();
            }
            let i18n = I18n::new(
                translations.clone(),
                catalog.clone(),
                chrono_tz::Asia::Dhaka,
                Arc::new(ManualClock::new(seen.unwrap_or(at))),
                Lang::EN,
            );
            let notice = IncidentNotice::latest_of(&incident);
            for lang in [Lang::BN_BD, Lang::BN_IN, Lang::EN] {
                let text = notice_text::render(&i18n, lang, &notice);
                lines.push(format!("[{lang}] {}", text.replace('\n', "\n        ")));
            }
        }
        lines.push(String::new());
    }
    let transcript = lines.join("\n");
    insta::with_settings!({
        snapshot_path => "transcripts",
        prepend_module_to_snapshot => false,
        omit_expression => true,
    }, {
        insta::assert_snapshot!("edge-times", transcript);
    });
}

/// What gives a machine away, looked for in every golden transcript (the review's
/// list): a zero count in `/status` («০টি», "0 with problems"), one span with «পৌনে»
/// at one end and minutes at the other (the hour runs backwards), «প্রায়» before an exact figure,
/// «দিবাগত» with no day before it, and English naming the day before the clock.
#[test]
fn no_transcript_has_a_machines_tells() {
    let day_words = [
        "আজ",
        "গতকাল",
        "আগামীকাল",
        "বার",
        "জানুয়ারি",
        "ফেব্রুয়ারি",
        "মার্চ",
        "এপ্রিল",
        "মে",
        "জুন",
        "জুলাই",
        "আগস্ট",
        "সেপ্টেম্বর",
        "অক্টোবর",
        "নভেম্বর",
        "ডিসেম্বর",
    ];
    let mut tells = Vec::new();
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/e2e/transcripts");
    let mut read = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "snap") {
            continue;
        }
        read += 1;
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        for line in std::fs::read_to_string(&path).unwrap().lines() {
            let mut tell = |what: &str| tells.push(format!("{name}: {what}: {line}"));
            // «০টি», «০ জন», "0 with problems" — not «১০টি» or "10".
            let zero = |at: usize| !line[..at].ends_with(|c: char| c.is_numeric());
            if line.match_indices("০টি").any(|(at, _)| zero(at))
                || line.match_indices("০ জন").any(|(at, _)| zero(at))
                || line.split_whitespace().any(|word| word == "0")
            {
                tell("a zero count");
            }
            if let Some((from, rest)) = line.split_once(" থেকে ")
                && let Some((to, _)) = rest.split_once(" পর্যন্ত")
            {
                // «পৌনে» names the next hour: beside minutes the hour runs backwards.
                let to_the_hour = |part: &str| part.contains("পৌনে");
                let minutes = |part: &str| part.contains(" মিনিট");
                if to_the_hour(from) && minutes(to) || minutes(from) && to_the_hour(to) {
                    tell("«পৌনে» beside minutes in one span");
                }
            }
            for (_, after) in line.match_indices("প্রায় ").map(|(i, _)| line.split_at(i))
            {
                let figure = after.split(" পর").next().unwrap_or(after);
                if figure.contains("ঘণ্টা") && figure.contains("মিনিট") {
                    tell("«প্রায়» before an exact figure");
                }
            }
            for (i, _) in line.match_indices("দিবাগত") {
                let before = line[..i].trim_end();
                let named = day_words.iter().any(|w| before.ends_with(w))
                    || before.ends_with(|c: char| ('০'..='৯').contains(&c));
                if !named {
                    tell("«দিবাগত» with no day before it");
                }
            }
            for day in ["yesterday, ", "today, ", "tomorrow, ", "day, "] {
                if line.contains(day) {
                    tell("the day before the clock");
                }
            }
        }
    }
    assert!(read >= 4, "read only {read} transcripts");
    assert!(tells.is_empty(), "machine tells:\n{}", tells.join("\n"));
}
