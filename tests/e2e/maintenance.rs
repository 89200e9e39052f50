//! Planned maintenance against the real app and the fake Telegram, on a test clock: a
//! window announced, reminded, started and ended in both languages; a restart between
//! reminder and start, and one over a reminder's moment; a cancelled window that never
//! reminds; a probe failing during maintenance that opens nothing until the window ends,
//! and nothing while it is muted; every refusal.

use std::sync::atomic::Ordering;

use chrono::Duration;
use outage_bot::domain::ServiceId;
use serde_json::json;

use crate::fake_telegram::{FakeTelegram, TgUser};
use crate::support::{ADMIN, TestApp, probed_bkash, spawn_app, spawn_app_with, texts_containing};

const HTTP: &str = "[http]\nlisten = \"127.0.0.1:0\"\n";

fn admin() -> TgUser {
    FakeTelegram::user(ADMIN, "Admin", Some("en"))
}

/// The window id in an answer such as "Maintenance #12 planned".
fn window_id(answer: &str) -> String {
    let after = answer
        .split_once('#')
        .unwrap_or_else(|| panic!("no id in {answer:?}"))
        .1;
    after.chars().take_while(char::is_ascii_digit).collect()
}

/// Rahim reads Bengali (Bangladesh), Sara English; both follow bKash.
async fn two_subscribers(app: &TestApp) -> (TgUser, TgUser) {
    let rahim = FakeTelegram::user(2, "Rahim", Some("bn"));
    let sara = FakeTelegram::user(3, "Sara", Some("en"));
    app.expect_reply(&rahim, "/subscribe bkash", "বিকাশের খবর পাবেন")
        .await;
    app.expect_reply(&sara, "/subscribe bkash", "Subscribed to bKash")
        .await;
    (rahim, sara)
}

/// bKash, probed by the bot and followed by Rahim (Bengali), under maintenance from now
/// for `length`, starts failing its probe: the app and the window's id.
async fn probed_bkash_failing_in_maintenance(length: &str) -> (TestApp, String) {
    let (healthy, config) =
        probed_bkash(HTTP, "fail_after = 2\nrecover_after = 2\nflap_limit = 50").await;
    let app = spawn_app_with(&config).await;
    let rahim = FakeTelegram::user(2, "Rahim", Some("bn"));
    app.expect_reply(&rahim, "/subscribe bkash", "বিকাশের খবর পাবেন")
        .await;
    let planned = app
        .ask(
            &admin(),
            &format!("/maintenance bkash today 12:30 {length}"),
        )
        .await;
    app.wait_for_text(2, "বিকাশের রক্ষণাবেক্ষণ শুরু হয়েছে", 1).await;
    healthy.store(false, Ordering::SeqCst);
    (app, window_id(&planned))
}

/// Moves the test clock on; returns once the timer has looked at the new time.
async fn later(app: &TestApp, minutes: i64) {
    app.later(Duration::minutes(minutes)).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_window_is_announced_reminded_started_and_ended_in_both_languages() {
    let app = spawn_app().await;
    let (rahim, sara) = two_subscribers(&app).await;
    // 12:30 in Dhaka; the window is tonight from 2 am (the 2nd) to 5 am.
    let planned = app
        .ask(
            &admin(),
            "/maintenance bkash 2022-11-02 02:00 3h [en] Core upgrade [bn] মূল ব্যবস্থার হালনাগাদ",
        )
        .await;
    assert!(planned.contains("planned: bKash"), "{planned}");
    assert!(
        planned.contains(
            "2 subscribed chats are being told now, will be reminded 1 hour before it starts"
        ),
        "{planned}"
    );
    let id = window_id(&planned);

    app.wait_for_text(
        2,
        "🔧 পূর্বনির্ধারিত রক্ষণাবেক্ষণ: আজ দিবাগত রাত ২টা থেকে ভোর ৫টা পর্যন্ত বিকাশের সেবা বন্ধ থাকবে।",
        1,
    )
    .await;
    app.wait_for_text(2, "মূল ব্যবস্থার হালনাগাদ", 1).await;
    app.wait_for_text(
        3,
        "🔧 Planned maintenance: bKash will be unavailable from 2:00 to 5:00 am tomorrow (Dhaka time).",
        1,
    )
    .await;
    app.wait_for_text(3, "Core upgrade", 1).await;
    let listed = app.ask(&admin(), "/maintenance").await;
    assert!(
        listed.contains(&format!("#{id} bKash: 2:00 to 5:00 am tomorrow (3 hours)")),
        "{listed}"
    );
    app.expect_reply(
        &sara,
        "/status bkash",
        "🔧 bKash: maintenance planned, 2:00 to 5:00 am tomorrow",
    )
    .await;

    // 1 am: the reminder.
    later(&app, 12 * 60 + 30).await;
    app.wait_for_text(
        2,
        "🔧 মনে করিয়ে দিচ্ছি: রক্ষণাবেক্ষণের জন্য আজ রাত ২টা থেকে ভোর ৫টা পর্যন্ত বিকাশের সেবা বন্ধ থাকবে।",
        1,
    )
    .await;
    app.wait_for_text(
        3,
        "🔧 Reminder: bKash will be unavailable for maintenance from 2:00 to 5:00 am today (Dhaka time).",
        1,
    )
    .await;

    // 2 am: it starts; /status and /services say so.
    later(&app, 60).await;
    app.wait_for_text(
        2,
        "🔧 বিকাশের রক্ষণাবেক্ষণ শুরু হয়েছে; ভোর ৫টা পর্যন্ত সেবা বন্ধ থাকার কথা।",
        1,
    )
    .await;
    app.wait_for_text(
        3,
        "🔧 bKash is down for planned maintenance; it should be back by 5:00 am (Dhaka time).",
        1,
    )
    .await;
    app.expect_reply(
        &rahim,
        "/status bkash",
        "🔧 বিকাশ: রক্ষণাবেক্ষণ চলছে, ভোর ৫টা পর্যন্ত",
    )
    .await;
    // No "it's not working for me" under a service down on purpose.
    let last_buttons = |app: &TestApp, chat: i64| {
        let sent = app.fake.sent_to(chat);
        sent.last().map(|s| s.buttons("text")).unwrap_or_default()
    };
    assert!(
        last_buttons(&app, 2).is_empty(),
        "{:?}",
        last_buttons(&app, 2)
    );
    // An outage declared within the window takes reports again.
    app.ask(&admin(), "/down bkash").await;
    app.wait_for_text(2, "🔴 বিকাশের সেবা বন্ধ", 1).await;
    app.expect_reply(&rahim, "/status bkash", "🔴 বিকাশ").await;
    assert_eq!(last_buttons(&app, 2), ["📣 বিকাশ চলছে না — জানিয়ে দিন"]);
    app.ask(&admin(), "/up bkash").await;
    app.expect_reply(&sara, "/status", "🔧 1 service under maintenance")
        .await;
    app.expect_reply(
        &rahim,
        "/history bkash",
        "🔧 রক্ষণাবেক্ষণ:\n• বিকাশ: চলছে, ভোর ৫টা পর্যন্ত",
    )
    .await;
    app.expect_reply(&sara, "/services", "🔧 bKash (bkash)")
        .await;

    // 5 am: over.
    later(&app, 3 * 60).await;
    app.wait_for_text(
        2,
        "✅ বিকাশের রক্ষণাবেক্ষণ শেষ হয়েছে; এখন সেবা আবার চালু হওয়ার কথা।",
        1,
    )
    .await;
    app.wait_for_text(
        3,
        "✅ Maintenance over: bKash should be working normally again.",
        1,
    )
    .await;
    app.expect_reply(&sara, "/status bkash", "🟢 bKash is working normally.")
        .await;
    assert_eq!(
        last_buttons(&app, 3),
        ["📣 bKash is not working for me"],
        "the report button is back once the window is over"
    );
    // The window stays in the history for a week.
    app.expect_reply(
        &rahim,
        "/history",
        "🔧 রক্ষণাবেক্ষণ:\n• বিকাশ: রাত ২টা থেকে ভোর ৫টা পর্যন্ত (৩ ঘণ্টা)",
    )
    .await;
    app.expect_reply(
        &sara,
        "/history bkash",
        "🔧 Maintenance:\n• bKash: 2:00 to 5:00 am (3 hours)",
    )
    .await;
    app.expect_reply(&admin(), "/maintenance", "No maintenance is planned")
        .await;

    // Each subscriber heard each of the four once.
    app.settle().await;
    for (chat, needle) in [
        (2, "পূর্বনির্ধারিত রক্ষণাবেক্ষণ:"),
        (2, "মনে করিয়ে দিচ্ছি"),
        (2, "রক্ষণাবেক্ষণ শুরু হয়েছে"),
        (2, "রক্ষণাবেক্ষণ শেষ হয়েছে"),
        (3, "Planned maintenance:"),
        (3, "Reminder:"),
        (3, "is down for planned maintenance"),
        (3, "Maintenance over"),
    ] {
        assert_eq!(
            texts_containing(&app.fake, chat, needle),
            1,
            "{chat}: {needle}"
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn restarts_keep_the_timers_and_a_reminder_missed_while_down_is_skipped() {
    let mut app = spawn_app().await;
    let (_rahim, _sara) = two_subscribers(&app).await;
    // 14:00 to 15:00; the reminder is due at 13:00.
    let first = window_id(&app.ask(&admin(), "/maintenance bkash today 14:00 1h").await);
    // 16:00 to 17:00; the reminder is due at 15:00.
    let second = window_id(&app.ask(&admin(), "/maintenance bkash today 16:00 1h").await);
    app.wait_for_text(3, "from 4:00 to 5:00 pm today", 1).await;

    // Down over 13:00: the first reminder's moment passes while the bot is not running.
    app.stop().await;
    app.clock.advance(Duration::minutes(60));
    app.restart().await;
    app.wait_for_text(
        ADMIN,
        &format!("The reminder for maintenance #{first} (bKash, 2:00 pm) fell due while the bot was not running"),
        1,
    )
    .await;
    // 14:00: it starts all the same.
    later(&app, 30).await;
    app.wait_for_text(
        3,
        "bKash is down for planned maintenance; it should be back by 3:00 pm (Dhaka time).",
        1,
    )
    .await;
    // 15:00: the first ends; the second is reminded.
    later(&app, 60).await;
    app.wait_for_text(3, "Maintenance over: bKash", 1).await;
    app.wait_for_text(
        3,
        "Reminder: bKash will be unavailable for maintenance from 4:00 to 5:00 pm today (Dhaka time).",
        1,
    )
    .await;
    // A restart between the reminder and the start: no second reminder, and it starts.
    app.restart().await;
    later(&app, 60).await;
    app.wait_for_text(
        3,
        "bKash is down for planned maintenance; it should be back by 5:00 pm (Dhaka time).",
        1,
    )
    .await;
    // Down over the whole of its end: it ends at the next start.
    app.stop().await;
    app.clock.advance(Duration::minutes(90));
    app.restart().await;
    app.wait_for_text(3, "Maintenance over: bKash", 2).await;
    app.settle().await;
    let texts: Vec<String> = app.fake.sent_to(3).into_iter().map(|s| s.text).collect();
    let count = |needle: &str| texts.iter().filter(|t| t.contains(needle)).count();
    assert_eq!(count("Reminder:"), 1, "{texts:#?}");
    assert_eq!(count("is down for planned maintenance"), 2, "{texts:#?}");
    assert_eq!(count("Maintenance over"), 2, "{texts:#?}");
    assert_eq!(
        texts_containing(&app.fake, ADMIN, &format!("#{second} (bKash")),
        0,
        "the second window's reminder went out"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_cancelled_window_never_reminds_nor_starts() {
    let app = spawn_app().await;
    let (rahim, sara) = two_subscribers(&app).await;
    let id = window_id(
        &app.ask(&admin(), "/maintenance bkash today 15:00 2h Core upgrade")
            .await,
    );
    app.wait_for_text(2, "বিকাশের সেবা বন্ধ থাকবে", 1).await;
    app.wait_for_text(3, "Planned maintenance", 1).await;
    app.wait_for_text(3, "Core upgrade", 1).await;
    let cancelled = app
        .ask(&admin(), &format!("/maintenance cancel {id}"))
        .await;
    assert!(
        cancelled.contains(&format!("bKash maintenance #{id} is cancelled")),
        "{cancelled}"
    );
    app.wait_for_text(
        3,
        "The bKash maintenance planned for 3:00 pm today (Dhaka time) has been called off; the service will work as usual.",
        1,
    )
    .await;
    app.wait_for_text(2, "বিকাশের যে রক্ষণাবেক্ষণ হওয়ার কথা ছিল, তা বাতিল করা হলো", 1)
        .await;
    // The plan's note is not told again under its cancellation.
    assert_eq!(
        crate::support::texts_containing(&app.fake, 3, "Core upgrade"),
        1
    );
    // Past the reminder, the start and the end: nothing more.
    for _ in 0..4 {
        later(&app, 60).await;
    }
    // A window called off never happened: the history does not list it.
    app.expect_reply(
        &sara,
        "/history bkash",
        "bKash has had no recorded outages.",
    )
    .await;
    app.settle().await;
    for (user, chat) in [(&rahim, 2), (&sara, 3)] {
        let texts: Vec<String> = app.fake.sent_to(chat).into_iter().map(|s| s.text).collect();
        assert_eq!(
            texts
                .iter()
                .filter(|t| t.starts_with('🔧') || t.starts_with('✅'))
                .count(),
            3,
            "{}: the subscription, the plan and the cancellation only: {texts:#?}",
            user.first_name
        );
    }
    app.expect_reply(
        &admin(),
        &format!("/maintenance cancel {id}"),
        // Called off, not over: it never ran (the second blind review's M6).
        "was already called off",
    )
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn alarms_during_maintenance_open_nothing_and_an_outage_that_outlasts_it_does() {
    // From now for an hour.
    let (app, id) = probed_bkash_failing_in_maintenance("1h").await;
    app.probe_rounds(2).await;
    app.wait_for_text(
        ADMIN,
        &format!("bKash is under planned maintenance (#{id}) until 1:30 pm, so an automatic alert about it was not posted"),
        1,
    )
    .await;
    // A monitor's webhook are paused too, and says so.
    let kuma = json!({"heartbeat": {"status": 0, "msg": "timeout"}, "monitor": {"name": "bkash"}});
    let (status, answer) = app.post("/hooks/monitor", &kuma).await;
    assert_eq!(status, 200, "{answer}");
    assert!(
        answer["refused"][0]["reason"]
            .as_str()
            .unwrap()
            .contains("planned maintenance"),
        "{answer}"
    );
    app.probe_rounds(4).await;
    assert_eq!(app.state_of("bkash").await, "maintenance");
    assert!(
        app.store()
            .open_incident(&ServiceId::parse("bkash").unwrap())
            .unwrap()
            .is_none()
    );
    assert_eq!(texts_containing(&app.fake, 2, "🔴 বিকাশের সেবা বন্ধ"), 0);
    assert_eq!(
        texts_containing(&app.fake, ADMIN, "under planned maintenance"),
        1,
        "the admins are told once"
    );
    let (_, listed) = app.get("/api/v1/maintenances").await;
    assert!(
        listed["maintenances"][0]["held_alarms"].as_u64().unwrap() >= 2,
        "{listed}"
    );
    // A person can still open an incident; here the admin ends the window instead, and
    // the outage that outlasts it opens one.
    app.expect_reply(&admin(), &format!("/maintenance done {id}"), "has ended")
        .await;
    app.wait_for_text(2, "নির্ধারিত সময়ের আগেই বিকাশের রক্ষণাবেক্ষণ শেষ হয়েছে", 1)
        .await;
    app.probe_rounds(2).await;
    app.wait_for_text(2, "🔴 বিকাশের সেবা বন্ধ", 1).await;
    assert_eq!(app.state_of("bkash").await, "major_outage");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_monitor_still_down_when_the_window_ends_opens_its_incident_then() {
    let app = spawn_app_with(HTTP).await;
    let rahim = FakeTelegram::user(2, "Rahim", Some("bn"));
    app.expect_reply(&rahim, "/subscribe bkash", "বিকাশের খবর পাবেন")
        .await;
    app.ask(&admin(), "/maintenance bkash today 12:30 30m")
        .await;
    app.wait_for_text(2, "বিকাশের রক্ষণাবেক্ষণ শুরু হয়েছে", 1).await;
    // Uptime Kuma says it is down once, and then nothing: it speaks on changes only.
    let kuma = json!({"heartbeat": {"status": 0, "msg": "timeout"}, "monitor": {"name": "bkash"}});
    let (_, answer) = app.post("/hooks/monitor", &kuma).await;
    assert!(
        answer["refused"][0]["reason"]
            .as_str()
            .unwrap()
            .contains("maintenance"),
        "{answer}"
    );
    later(&app, 20).await;
    assert_eq!(app.state_of("bkash").await, "maintenance");
    // The window ends with the monitor still down: now it is an outage.
    // "Over" does not say it works, with an outage about to be told (a review).
    later(&app, 10).await;
    app.wait_for_text(2, "বিকাশের রক্ষণাবেক্ষণ শেষ হয়েছে, তবে সেবা এখনো চালু হয়নি", 1)
        .await;
    app.wait_for_text(2, "🔴 বিকাশের সেবা বন্ধ", 1).await;
    assert_eq!(app.state_of("bkash").await, "major_outage");
    // It comes back: the monitor closes what it opened.
    let up = json!({"heartbeat": {"status": 1, "msg": "OK"}, "monitor": {"name": "bkash"}});
    let (_, answer) = app.post("/hooks/monitor", &up).await;
    assert_eq!(answer["resolved"][0], "bkash", "{answer}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_probe_muted_in_the_window_posts_nothing_at_its_end_and_counts_again_unmuted() {
    let (app, _) = probed_bkash_failing_in_maintenance("30m").await;
    app.probe_rounds(2).await;
    app.wait_for_text(ADMIN, "an automatic alert about it was not posted", 1)
        .await;
    // Muted, the probe posts nothing, not even what it saw before the window ended.
    app.expect_reply(&admin(), "/mute bkash", "are paused")
        .await;
    later(&app, 30).await;
    // Muted, its alarm opens nothing: "over" says it should work.
    app.wait_for_text(2, "বিকাশের রক্ষণাবেক্ষণ শেষ হয়েছে; এখন সেবা আবার চালু হওয়ার কথা", 1)
        .await;
    app.settle().await;
    assert_eq!(app.state_of("bkash").await, "operational");
    // Unmuted, the alarm it kept counts again: the desk opens the incident at its next
    // look, though the probe (still seeing it down) says nothing new.
    app.expect_reply(&admin(), "/unmute bkash", "are back on")
        .await;
    app.later(Duration::seconds(30)).await;
    app.wait_for_text(2, "🔴 বিকাশের সেবা বন্ধ", 1).await;
    assert_eq!(app.state_of("bkash").await, "major_outage");
}

#[tokio::test(flavor = "multi_thread")]
async fn every_impossible_window_is_refused_and_changes_nothing() {
    let app = spawn_app_with(HTTP).await;
    let (_rahim, _sara) = two_subscribers(&app).await;
    let id = window_id(
        &app.ask(&admin(), "/maintenance bkash tomorrow 02:00 3h")
            .await,
    );
    app.wait_for_text(3, "Planned maintenance", 1).await;
    let refusals = [
        (
            "/maintenance bkash today 11:00 1h",
            "That time has already passed",
        ),
        ("/maintenance bkash tomorrow 10:00 0h", "needs a length"),
        (
            "/maintenance bkash tomorrow 10:00 8d",
            "can last at most 7 days",
        ),
        (
            "/maintenance bkash 2024-01-01 10:00 1h",
            "at most a year ahead",
        ),
        (
            "/maintenance bkash tomorrow 04:00 1h",
            &format!("already has maintenance #{id}"),
        ),
        (
            "/maintenance bkash someday 04:00 1h",
            "We can't read “someday” as a day",
        ),
        (
            "/maintenance bkash tomorrow 4pm 1h",
            "“4pm”: please write the time on the 24-hour clock",
        ),
        (
            "/maintenance bkash tomorrow 10:00 soon",
            "“soon” is not a length",
        ),
        ("/maintenance nosuch tomorrow 10:00 1h", "We don't follow"),
        ("/maintenance bkash tomorrow", "How to use /maintenance"),
        (
            "/maintenance cancel 999999",
            "There is no maintenance #999999",
        ),
        ("/maintenance cancel", "How to use /maintenance"),
        ("/maintenance extend", "How to use /maintenance"),
        (
            &format!("/maintenance extend {id}"),
            "How to use /maintenance",
        ),
        (
            &format!("/maintenance done {id}"),
            "has not started yet. To call it off",
        ),
        (
            &format!("/maintenance extend {id} 7d"),
            "can last at most 7 days",
        ),
        (
            &format!("/maintenance extend {id} later"),
            "“later” is not a length",
        ),
    ];
    for (typed, answer) in refusals {
        app.expect_reply(&admin(), typed, answer).await;
    }
    // In Bengali, with Bengali digits.
    app.expect_reply(&admin(), "/language bn", "বাংলায়").await;
    app.expect_reply(
        &admin(),
        "/maintenance bkash আজ ১১:০০ ১ঘণ্টা",
        "শুরুর ওই সময়টা পেরিয়ে গেছে",
    )
    .await;
    app.expect_reply(
        &admin(),
        "/maintenance bkash আগামীকাল ০৪:০০ ১ঘণ্টা",
        "আগে থেকেই নির্ধারিত আছে",
    )
    .await;
    // And not for everyone: a subscriber may not plan.
    let sara = FakeTelegram::user(3, "Sara", Some("en"));
    app.expect_reply(
        &sara,
        "/maintenance bkash tomorrow 10:00 1h",
        "Only the bot's admins",
    )
    .await;

    // Through the API.
    let past = json!({"service": "bkash", "starts": "2022-11-01T11:00:00+06:00", "duration": "1h"});
    let (status, body) = app.post("/api/v1/maintenances", &past).await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (422, Some("starts_in_the_past")),
        "{body}"
    );
    let overlapping =
        json!({"service": "bkash", "starts": "2022-11-02T03:00:00+06:00", "duration": "1h"});
    let (status, body) = app.post("/api/v1/maintenances", &overlapping).await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (409, Some("overlaps")),
        "{body}"
    );
    let (status, body) = app
        .post(
            "/api/v1/maintenances",
            &json!({"service": "bkash", "starts": "2022-11-03T03:00:00+06:00", "duration": "0m"}),
        )
        .await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (422, Some("empty_duration")),
        "{body}"
    );
    let (status, _) = app
        .post("/api/v1/maintenances/999999/cancel", &json!({}))
        .await;
    assert_eq!(status, 404);

    // Nothing changed: one window, one notice each.
    app.settle().await;
    assert_eq!(app.store().windows().unwrap().len(), 1);
    assert_eq!(texts_containing(&app.fake, 3, "Planned maintenance"), 1);
    assert_eq!(texts_containing(&app.fake, 2, "রক্ষণাবেক্ষণ"), 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn two_admins_planning_the_same_night_at_once_get_one_window() {
    let app = spawn_app_with(HTTP).await;
    let (_rahim, _sara) = two_subscribers(&app).await;
    // Eight plans through the API and two in the chat, at once, most overlapping.
    let mut calls = Vec::new();
    for hour in 0..8 {
        let body = json!({
            "service": "bkash",
            "starts": format!("2022-11-02T0{hour}:00:00+06:00"),
            "duration": "3h"
        });
        let app = &app;
        calls.push(async move { app.post("/api/v1/maintenances", &body).await.0 });
    }
    let answers = futures::future::join_all(calls).await;
    app.fake
        .send_text(ADMIN, &admin(), "/maintenance bkash tomorrow 03:30 2h");
    app.fake
        .send_text(ADMIN, &admin(), "/maintenance bkash tomorrow 01:30 1h");
    app.settle().await;
    let windows = app.store().windows().unwrap();
    // No two windows of the service overlap, whoever asked first.
    for a in &windows {
        for b in &windows {
            assert!(
                a.id == b.id || a.ends <= b.starts || b.ends <= a.starts,
                "{a:?} overlaps {b:?}"
            );
        }
    }
    let created = answers.iter().filter(|&&s| s == 201).count();
    assert!(created >= 1, "{answers:?}");
    assert!(answers.iter().all(|&s| s == 201 || s == 409), "{answers:?}");
    app.fake
        .wait_until(
            "every planned window announced",
            crate::support::PATIENCE,
            |f| texts_containing(f, 3, "Planned maintenance") == windows.len(),
        )
        .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_api_plans_extends_and_ends_a_window() {
    let app = spawn_app_with(HTTP).await;
    let (_rahim, _sara) = two_subscribers(&app).await;
    let plan = json!({
        "service": "bkash",
        "starts": "2022-11-01T13:00:00+06:00",
        "duration": "90m",
        "text": {"en": "Database move", "bn": "ডেটাবেস স্থানান্তর"}
    });
    let (status, body) = app.post("/api/v1/maintenances", &plan).await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(body["notifying"], 2);
    assert_eq!(body["maintenance"]["state"], "planned");
    let id = body["maintenance"]["id"].as_u64().unwrap();
    app.wait_for_text(3, "Database move", 1).await;
    app.wait_for_text(2, "ডেটাবেস স্থানান্তর", 1).await;

    later(&app, 30).await;
    app.wait_for_text(
        3,
        "is down for planned maintenance; it should be back by 2:30 pm",
        1,
    )
    .await;
    assert_eq!(app.state_of("bkash").await, "maintenance");
    // A person can still open an incident while it runs.
    let (status, body) = app
        .post(
            "/api/v1/incidents",
            &json!({"service": "bkash", "text": "Logins fail too"}),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(app.state_of("bkash").await, "major_outage");
    app.wait_for_text(3, "Logins fail too", 1).await;
    let (status, _) = app
        .post("/api/v1/incidents/bkash/resolve", &json!({}))
        .await;
    assert_eq!(status, 200);
    assert_eq!(app.state_of("bkash").await, "maintenance");
    let (status, body) = app
        .post(
            &format!("/api/v1/maintenances/{id}/extend"),
            &json!({"by": "30m"}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["maintenance"]["ends"], "2022-11-01T09:00:00Z");
    app.wait_for_text(
        3,
        "maintenance has been extended: it now runs until 3:00 pm (Dhaka time).",
        1,
    )
    .await;
    let (status, body) = app
        .post(&format!("/api/v1/maintenances/{id}/cancel"), &json!({}))
        .await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (409, Some("already_started")),
        "{body}"
    );
    let (status, body) = app
        .post(&format!("/api/v1/maintenances/{id}/done"), &json!({}))
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["maintenance"]["state"], "ended_early");
    app.wait_for_text(3, "finished early", 1).await;
    assert_eq!(app.state_of("bkash").await, "operational");
    let (_, listed) = app.get("/api/v1/maintenances").await;
    assert_eq!(listed["maintenances"].as_array().unwrap().len(), 0);
}

/// A Kolkata admin types the start on the bot's clock (Dhaka's, as the product says)
/// and is answered on their own: the answer says which is which (review M15).
#[tokio::test(flavor = "multi_thread")]
async fn an_admin_on_another_clock_is_told_which_clock_read_the_time() {
    let app = spawn_app().await;
    let kolkata_admin = FakeTelegram::user(ADMIN, "Admin", Some("bn-IN"));
    let planned = app
        .ask(
            &kolkata_admin,
            "/maintenance gmail ২০২২-১১-০২ ২৩:০০ ২ঘণ্টা৩০মিনিট",
        )
        .await;
    assert!(
        planned.contains("আগামীকাল রাত সাড়ে ১০টা থেকে ১টা পর্যন্ত"),
        "{planned}"
    );
    assert!(
        planned.ends_with(
            "🕰 “২০২২-১১-০২ ২৩:০০” পড়া হয়েছে বটের ঘড়িতে (Asia/Dhaka); উপরের সময়গুলো কলকাতার ঘড়িতে।"
        ),
        "{planned}"
    );
    // On the bot's own clock there is nothing to say.
    let dhaka_admin = FakeTelegram::user(ADMIN, "Admin", Some("bn-BD"));
    app.expect_reply(&dhaka_admin, "/language bn-BD", "বাংলায়")
        .await;
    let planned = app
        .ask(&dhaka_admin, "/maintenance gmail 2022-11-04 23:00 1h")
        .await;
    assert!(!planned.contains("🕰"), "{planned}");
}

/// A service under maintenance is not offered as what still works (an English proxy
/// read: "Nagad and Rocket are working" while Nagad's window ran): bKash down while
/// Nagad's window runs names Rocket alone, in the notice and in /status.
#[tokio::test(flavor = "multi_thread")]
async fn a_service_under_maintenance_is_not_said_to_work() {
    let app = spawn_app().await;
    let (_rahim, sara) = two_subscribers(&app).await;
    assert!(
        app.ask(&admin(), "/maintenance nagad today 12:30 2h")
            .await
            .contains("planned")
    );
    later(&app, 1).await;
    app.ask(&admin(), "/down bkash").await;
    app.wait_for_text(3, "bKash is down", 1).await;
    let notice = app.fake.sent_to(3).last().unwrap().text.clone();
    assert!(notice.contains("Rocket is still working."), "{notice}");
    assert!(!notice.contains("Nagad"), "{notice}");
    let status = app.ask(&sara, "/status bkash").await;
    assert!(
        status.contains("Rocket is still working.") && !status.contains("Nagad"),
        "{status}"
    );
}

/// A report while a window runs is answered with the window, not "maybe it's your
/// phone"; an extension of a window already running says its new end only; a window
/// over with an outage declared in it still open does not say the service works.
#[tokio::test(flavor = "multi_thread")]
async fn a_window_with_an_outage_in_it_tells_what_is_so() {
    let app = spawn_app().await;
    let (_rahim, sara) = two_subscribers(&app).await;
    let planned = app.ask(&admin(), "/maintenance bkash today 12:30 1h").await;
    let id = window_id(&planned);
    later(&app, 1).await;
    app.wait_for_text(3, "is down for planned maintenance", 1)
        .await;
    let karim = FakeTelegram::user(4, "Karim", Some("bn"));
    let answer = app.ask(&karim, "/report bkash").await;
    assert!(
        answer.contains(
            "পূর্বনির্ধারিত রক্ষণাবেক্ষণের জন্য দুপুর দেড়টা পর্যন্ত বিকাশের সেবা বন্ধ থাকার কথা; এটি কোনো ত্রুটি নয়। শেষ হলে জানতে নিচের 🔔 বোতাম চাপুন।"
        ),
        "{answer}"
    );
    assert!(!answer.contains("ফোন"), "{answer}");
    let buttons = app.fake.sent_to(4).last().unwrap().buttons("text");
    assert!(buttons.iter().any(|b| b.contains('🔔')), "{buttons:?}");
    app.expect_reply(
        &sara,
        "/report bkash",
        "🔧 bKash is off for planned maintenance until 1:30 pm (Dhaka time); this is not a fault. You'll hear when it is over.",
    )
    .await;

    app.ask(&admin(), "/down bkash").await;
    app.ask(&admin(), &format!("/maintenance extend {id} 30m"))
        .await;
    later(&app, 1).await;
    app.wait_for_text(
        3,
        "maintenance has been extended: it now runs until 2:00 pm (Dhaka time).",
        1,
    )
    .await;
    app.wait_for_text(
        2,
        "বিকাশের রক্ষণাবেক্ষণের সময় বাড়ানো হয়েছে। সেবা এখন দুপুর ২টা পর্যন্ত বন্ধ থাকবে।",
        1,
    )
    .await;

    let done = app.ask(&admin(), &format!("/maintenance done {id}")).await;
    assert!(
        done.contains(
            "subscribers are being told that bKash is not back yet, as its incident is still open."
        ),
        "{done}"
    );
    later(&app, 1).await;
    app.wait_for_text(
        3,
        "🔧 Maintenance finished early, but bKash is not back yet; we'll tell you when it is.",
        1,
    )
    .await;
    app.wait_for_text(
        2,
        "🔧 নির্ধারিত সময়ের আগেই বিকাশের রক্ষণাবেক্ষণ শেষ হয়েছে, তবে সেবা এখনো চালু হয়নি; চালু হলেই জানানো হবে।",
        1,
    )
    .await;
}
