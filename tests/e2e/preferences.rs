//! Subscribers choose how they hear, against the real app and the fake Telegram: quiet
//! hours arrive silently at night (in each chat's own clock) and not by day; "only full
//! outages" hears "down" and "back" but not "having problems" nor the news between;
//! maintenance announcements turned off by button; groups changed by their
//! administrators only; bad input changes nothing; preferences survive a restart.

use chrono::Duration;

use crate::fake_telegram::{FakeTelegram, TgUser};
use crate::support::{ADMIN, PATIENCE, TestApp, spawn_app, texts_containing};

fn admin() -> TgUser {
    FakeTelegram::user(ADMIN, "Admin", Some("en"))
}

/// Whether the last message to `chat` containing `needle` was sent silently.
fn silent(app: &TestApp, chat: i64, needle: &str) -> bool {
    app.fake
        .sent_to(chat)
        .into_iter()
        .rev()
        .find(|s| s.text.contains(needle))
        .unwrap_or_else(|| panic!("no {needle:?} in chat {chat}"))
        .silent
}

#[tokio::test(flavor = "multi_thread")]
async fn quiet_hours_are_silent_at_night_in_each_chats_own_clock_and_not_by_day() {
    let app = spawn_app().await;
    // Rahim reads Bangladesh's Bengali (Dhaka's clock), Mita India's (Kolkata's, half
    // an hour behind), Sara English (the deployment's, Dhaka); Sara keeps no quiet hours.
    let rahim = FakeTelegram::user(2, "Rahim", Some("bn"));
    let mita = FakeTelegram::user(4, "Mita", Some("bn"));
    let sara = FakeTelegram::user(3, "Sara", Some("en"));
    app.expect_reply(&mita, "/language bn-IN", "বাংলায়").await;
    for user in [&rahim, &mita, &sara] {
        app.say(user, "/subscribe whatsapp", 1).await;
    }
    app.expect_reply(
        &rahim,
        "/quiet ২২:০০–০৭:০০",
        "রাত ১০টা থেকে সকাল ৭টা পর্যন্ত খবর সঙ্গে সঙ্গেই আসবে, শুধু শব্দ হবে না",
    )
    .await;
    // The small hours as each one's notices name them: Kolkata's day begins at three
    // (the second blind review's M10).
    app.expect_reply(&mita, "/quiet 03:15-03:45", "ভোর সোয়া ৩টে থেকে ভোর পৌনে ৪টে")
        .await;
    app.expect_reply(&rahim, "/quiet 03:15-03:45", "রাত সোয়া ৩টা থেকে রাত পৌনে ৪টা")
        .await;
    app.expect_reply(&rahim, "/quiet ২২:০০–০৭:০০", "রাত ১০টা থেকে সকাল ৭টা")
        .await;
    app.expect_reply(&mita, "/quiet 22:00-07:00", "রাত ১০টা থেকে সকাল ৭টা")
        .await;

    // 12:30 pm: by day, every notice rings.
    app.ask(&admin(), "/down whatsapp").await;
    app.wait_for_text(2, "হোয়াটসঅ্যাপের সেবা বন্ধ", 1).await;
    app.wait_for_text(4, "স্তব্ধ হোয়াট্সঅ্যাপের পরিষেবা", 1).await;
    app.wait_for_text(3, "WhatsApp is down", 1).await;
    assert!(!silent(&app, 2, "হোয়াটসঅ্যাপ"));
    assert!(!silent(&app, 4, "হোয়াট্সঅ্যাপ"));

    // 10:15 pm in Dhaka, 9:45 pm in Kolkata: quiet for Rahim only.
    app.clock.advance(Duration::minutes(9 * 60 + 45));
    app.ask(&admin(), "/update whatsapp identified A server failed")
        .await;
    app.wait_for_text(2, "সমস্যার কারণ", 1).await;
    app.wait_for_text(4, "সমস্যার কারণ", 1).await;
    app.wait_for_text(3, "A server failed", 1).await;
    assert!(silent(&app, 2, "সমস্যার কারণ"), "Rahim's night");
    assert!(!silent(&app, 4, "সমস্যার কারণ"), "not yet night in Kolkata");
    assert!(
        !silent(&app, 3, "A server failed"),
        "Sara has no quiet hours"
    );

    // 7:15 am in Dhaka (6:45 in Kolkata): quiet for Mita only.
    app.clock.advance(Duration::hours(9));
    app.ask(&admin(), "/up whatsapp").await;
    app.wait_for_text(2, "চালু হলো হোয়াটসঅ্যাপ", 1).await;
    app.wait_for_text(4, "চালু হল হোয়াট্সঅ্যাপের পরিষেবা", 1).await;
    assert!(!silent(&app, 2, "চালু হলো হোয়াটসঅ্যাপ"));
    assert!(silent(&app, 4, "চালু হল হোয়াট্সঅ্যাপের পরিষেবা"));

    // Off again, and wrong hours change nothing.
    app.expect_reply(&rahim, "/quiet 25:00-07:00", "থেকে নীরব সময় বোঝা যাচ্ছে না")
        .await;
    app.expect_reply(
        &sara,
        "/quiet tonight",
        "“tonight” isn't a time range we can read",
    )
    .await;
    app.expect_reply(&sara, "/quiet", "How to use /quiet").await;
    app.expect_reply(&rahim, "/settings", "নীরব সময় রাত ১০টা থেকে সকাল ৭টা")
        .await;
    app.expect_reply(&rahim, "/quiet off", "আবার শব্দ করে আসবে")
        .await;
    app.expect_reply(&rahim, "/settings", "নীরব সময় নেই").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn only_full_outages_hears_down_and_back_but_not_problems_or_news() {
    let app = spawn_app().await;
    let rahim = FakeTelegram::user(2, "Rahim", Some("bn"));
    let sara = FakeTelegram::user(3, "Sara", Some("en"));
    for user in [&rahim, &sara] {
        app.say(user, "/subscribe bkash", 1).await;
    }
    app.expect_reply(
        &sara,
        "/only outages",
        "you will hear only when a service is fully down",
    )
    .await;
    app.expect_reply(&sara, "/only sometimes", "How to use /only")
        .await;

    app.ask(&admin(), "/degraded bkash Payments are slow").await;
    app.wait_for_text(2, "Payments are slow", 1).await;
    app.ask(&admin(), "/update bkash identified A card gateway is slow")
        .await;
    app.wait_for_text(2, "A card gateway is slow", 1).await;
    app.later(chrono::Duration::minutes(15)).await;
    // Worse: now it is a full outage, and Sara hears of it as one.
    app.ask(&admin(), "/down bkash Payments fail").await;
    app.wait_for_text(2, "Payments fail", 1).await;
    // As a full outage, dated apart from the trouble before it (the review's M13).
    app.wait_for_text(3, "bKash is now completely down", 1)
        .await;
    app.later(chrono::Duration::minutes(20)).await;
    app.ask(&admin(), "/up bkash").await;
    app.wait_for_text(2, "চালু হলো বিকাশ", 1).await;
    app.wait_for_text(3, "bKash is back", 1).await;
    app.settle().await;

    let sara_heard: Vec<String> = app.fake.sent_to(3).into_iter().map(|s| s.text).collect();
    for unwanted in [
        "Payments are slow",
        "A card gateway is slow",
        "bKash is having problems",
    ] {
        assert!(
            !sara_heard.iter().any(|t| t.contains(unwanted)),
            "{unwanted:?} reached Sara: {sara_heard:#?}"
        );
    }
    // The admin's summary counts those who chose not to hear.
    app.fake
        .wait_until("the progress summary", PATIENCE, |f| {
            texts_containing(f, ADMIN, "1 skipped (they want full outages only)") >= 2
        })
        .await;
    // History tells how it began and that it got worse (the Bengali review's M14).
    app.expect_reply(
        &rahim,
        "/history",
        "বিকাশে প্রথমে বিভ্রাট, পরে সেবা পুরোপুরি বন্ধ ছিল:",
    )
    .await;
    app.expect_reply(
        &sara,
        "/history",
        "bKash had problems, then went fully down, from",
    )
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_settings_buttons_change_how_a_chat_hears_and_groups_need_their_admins() {
    let mut app = spawn_app().await;
    let rahim = FakeTelegram::user(2, "Rahim", Some("bn"));
    app.say(&rahim, "/subscribe bkash", 1).await;
    let panel = app.say(&rahim, "/settings", 1).await.remove(0);
    assert!(
        panel.text.contains("⚙️ এই চ্যাটে খবর যেভাবে আসে"),
        "{}",
        panel.text
    );
    assert!(panel.text.contains("🔧 পূর্বনির্ধারিত রক্ষণাবেক্ষণের খবরও আসে।"));
    assert_eq!(
        panel.buttons("text"),
        [
            "🌙 নীরব: রাত ১০টা–সকাল ৭টা",
            "📢 শুধু বন্ধের খবর",
            "🔧 রক্ষণাবেক্ষণের খবর বাদ দিন"
        ]
    );
    // Maintenance off, by button: the panel changes in place.
    let edits = app.fake.sent_to(2).len();
    app.fake
        .press_button(2, &rahim, panel.message_id, "pref:maintenance:off");
    app.fake
        .wait_until("the edited panel", PATIENCE, |f| f.sent_to(2).len() > edits)
        .await;
    let edited = app.fake.sent_to(2).pop().unwrap();
    assert_eq!(edited.method, "editMessageText");
    assert!(
        edited.text.contains("রক্ষণাবেক্ষণের খবর আসে না"),
        "{}",
        edited.text
    );

    // It holds across a restart, and a window is not announced to Rahim.
    app.restart().await;
    let sara = FakeTelegram::user(3, "Sara", Some("en"));
    app.say(&sara, "/subscribe bkash", 1).await;
    app.ask(&admin(), "/maintenance bkash tomorrow 02:00 1h")
        .await;
    app.wait_for_text(3, "Planned maintenance", 1).await;
    app.settle().await;
    assert_eq!(texts_containing(&app.fake, 2, "রক্ষণাবেক্ষণ:"), 0);

    // In a group, only its administrators change how it hears.
    let group = -500;
    app.fake.register_group(group, false, &[10]);
    let owner = FakeTelegram::user(10, "Owner", Some("en"));
    let member = FakeTelegram::user(11, "Member", Some("en"));
    let answer = app
        .say_in(group, &member, "/only outages", 1)
        .await
        .remove(0);
    assert!(
        answer.text.contains("Only this group's administrators"),
        "{}",
        answer.text
    );
    let answer = app
        .say_in(group, &owner, "/only outages", 1)
        .await
        .remove(0);
    assert!(
        answer.text.contains("you will hear only when"),
        "{}",
        answer.text
    );
    let panel = app.say_in(group, &member, "/settings", 1).await.remove(0);
    assert!(panel.text.contains("Only full outages"), "{}", panel.text);
    let before = app.fake.sent_to(group).len();
    app.fake
        .press_button(group, &member, panel.message_id, "pref:only:all");
    app.fake
        .wait_until("the refusal", PATIENCE, |f| f.sent_to(group).len() > before)
        .await;
    assert!(
        app.fake
            .sent_to(group)
            .last()
            .unwrap()
            .text
            .contains("Only this group's administrators")
    );
    app.expect_reply(&owner, "/settings", "Every notice").await;
}
