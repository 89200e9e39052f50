//! "Is it WhatsApp or is it me?": crowd reports answered at once in the reporter's
//! words, with where they come from; the admins alerted with the split, against what is
//! usual for the hour of the week; one network's trouble told from a service's.

use std::time::Duration as StdDuration;

use chrono::Duration;
use serde_json::{Value, json};

use crate::fake_telegram::{FakeTelegram, Sent, TgUser};
use crate::support::{
    ADMIN, API_TOKEN, PATIENCE, REPORTS_TOKEN, TestApp, has_ascii_digit, request, spawn_app_with,
    texts_containing,
};

const HTTP: &str = "[http]\nlisten = \"127.0.0.1:0\"\n";

/// The answer messages (not edits) chat `chat` got.
fn answers(app: &TestApp, chat: i64) -> Vec<Sent> {
    app.fake
        .sent_to(chat)
        .into_iter()
        .filter(|s| s.method == "sendMessage")
        .collect()
}

/// Presses the button labelled `label` under the reporter's last answer and waits for
/// the answer to be written again.
async fn tap(app: &TestApp, user: &TgUser, label: &str) {
    let chat = user.id;
    let before = app.fake.sent_to(chat).len();
    let last = answers(app, chat).pop().expect("an answer with buttons");
    let at = last
        .buttons("text")
        .iter()
        .position(|l| l.trim_start_matches("✓ ") == label)
        .unwrap_or_else(|| panic!("no button {label:?} in {:?}", last.buttons("text")));
    let data = last.buttons("callback_data")[at].clone();
    app.fake.press_button(chat, user, last.message_id, &data);
    app.fake
        .wait_until(
            &format!("the answer in {chat} written again"),
            PATIENCE,
            |f| f.sent_to(chat).len() > before,
        )
        .await;
}

/// 500 people report WhatsApp in a minute, a third each in Dhaka's Bengali, Kolkata's
/// and English, saying their network and area: each gets one answer in their words
/// and digits, a late one counts everyone before, the admins get one alert with the
/// split by network and area.
#[tokio::test(flavor = "multi_thread")]
async fn five_hundred_reporters_each_get_one_answer_in_their_words() {
    let app = spawn_app_with(
        "[reports]\nthreshold = 400\n[telegram]\nmessages_per_second = 1000\nper_chat_per_second = 30\n",
    )
    .await;
    let admin = FakeTelegram::user(ADMIN, "Admin", Some("en"));
    app.expect_reply(&admin, "/start", "Hello").await;
    const LANGS: [&str; 3] = ["bn", "bn-IN", "en"];
    let reporters: Vec<TgUser> = (0..500)
        .map(|i| FakeTelegram::user(10_000 + i, "Reporter", Some(LANGS[i as usize % 3])))
        .collect();
    for (i, user) in reporters.iter().enumerate() {
        app.fake.send_text(user.id, user, "/report whatsapp");
        // A minute's worth, in order: the clock moves 0.1 s a report.
        if i % 50 == 49 {
            app.clock.advance(Duration::seconds(5));
        }
    }
    app.fake
        .wait_until("500 answers", StdDuration::from_secs(60), |f| {
            reporters.iter().all(|u| !f.sent_to(u.id).is_empty())
        })
        .await;
    let mut most_others = 0;
    for (i, user) in reporters.iter().enumerate() {
        let got = answers(&app, user.id);
        assert_eq!(got.len(), 1, "reporter {i}: {got:?}");
        let text = &got[0].text;
        match LANGS[i % 3] {
            "en" => {
                assert!(
                    text.contains("In the last 15 minutes, ")
                        && text.contains("reported a problem with WhatsApp")
                        || text.contains("Nobody else has reported a problem with WhatsApp"),
                    "{text}"
                );
                assert!(got[0].buttons("text").contains(&"Grameenphone".to_owned()));
            }
            lang => {
                assert!(!has_ascii_digit(text), "{lang}: {text}");
                assert!(
                    (text.contains("গত ১৫ মিনিটে") && text.contains("নিয়ে আরও"))
                        || text.contains("আর কেউ অভিযোগ জানাননি"),
                    "{text}"
                );
                let first_network = if lang == "bn-IN" {
                    "জিয়ো"
                } else {
                    "গ্রামীণফোন"
                };
                assert_eq!(got[0].buttons("text")[0], first_network, "{lang}");
            }
        }
        let others: u32 = text
            .split_whitespace()
            .find_map(|w| w.parse().ok())
            .unwrap_or(0);
        most_others = most_others.max(others);
    }
    assert!(most_others <= 499, "{most_others}");

    // A third of them say where they are: Robi in Dhaka, Grameenphone in Sylhet.
    for (i, user) in reporters
        .iter()
        .enumerate()
        .filter(|(i, _)| i % 3 == 2)
        .take(60)
    {
        let (network, area) = if i % 2 == 0 {
            ("Robi", "Dhaka")
        } else {
            ("Grameenphone", "Sylhet")
        };
        tap(&app, user, network).await;
        tap(&app, user, area).await;
    }
    let last = reporters.last().unwrap();
    let again = app.ask(last, "/report whatsapp").await;
    assert!(
        again.contains("499 other people have reported a problem with WhatsApp")
            || again.contains("৪৯৯ জন"),
        "{again}"
    );
    let english = &reporters[2];
    let told = app.ask(english, "/report whatsapp").await;
    assert!(
        told.contains("In the last 15 minutes, 499 other people have reported a problem with WhatsApp, from several places. So the problem is most likely with WhatsApp, not your phone."),
        "{told}"
    );
    assert!(
        told.contains("Noted. Network: Robi. Area: Dhaka."),
        "{told}"
    );

    // One alert, when the 400th reported: the split is what was said by then.
    app.wait_for_text(ADMIN, "🚨 400 people reported problems with WhatsApp", 1)
        .await;
    app.settle().await;
    assert_eq!(texts_containing(&app.fake, ADMIN, "🚨"), 1);
}

/// Reports of three services, most from Robi users: the third alert proposes an outage
/// of Robi (a service the catalog knows), not of the services.
#[tokio::test(flavor = "multi_thread")]
async fn reports_from_one_network_across_services_point_at_the_network() {
    let app = spawn_app_with("[reports]\nthreshold = 5\n").await;
    let admin = FakeTelegram::user(ADMIN, "Admin", Some("en"));
    app.expect_reply(&admin, "/start", "Hello").await;
    let mut id = 20_000;
    for service in ["whatsapp", "facebook", "youtube"] {
        for _ in 0..5 {
            id += 1;
            let user = FakeTelegram::user(id, "Reporter", Some("en"));
            app.ask(&user, &format!("/report {service}")).await;
            tap(&app, &user, "Robi").await;
        }
    }
    app.wait_for_text(
        ADMIN,
        "Robi users reported problems with several services at once",
        1,
    )
    .await;
    let alert = app
        .fake
        .sent_to(ADMIN)
        .into_iter()
        .find(|s| s.text.contains("Robi users"))
        .unwrap();
    assert!(
        alert
            .text
            .contains("WhatsApp (5), Facebook (5) and YouTube (4)"),
        "{}",
        alert.text
    );
    assert!(
        alert
            .text
            .contains("declare a Robi outage with the button below"),
        "{}",
        alert.text
    );
    assert_eq!(alert.buttons("callback_data")[0], "declare:robi");
    // The first two services alerted on their own before the pattern showed.
    app.settle().await;
    assert_eq!(
        texts_containing(&app.fake, ADMIN, "🚨 5 people reported"),
        2
    );
    let whatsapp = app
        .fake
        .sent_to(ADMIN)
        .into_iter()
        .find(|s| s.text.contains("problems with WhatsApp"))
        .unwrap();
    assert!(
        whatsapp.text.contains("Networks: Robi (4)"),
        "{}",
        whatsapp.text
    );
    assert!(
        whatsapp.text.contains("Areas: none given"),
        "{}",
        whatsapp.text
    );
    assert!(
        whatsapp.text.contains("Last two hours: ▁"),
        "{}",
        whatsapp.text
    );
}

/// Posts `n` reports of WhatsApp through the API; whether any alerted the admins.
async fn post_reports(app: &TestApp, n: usize) -> bool {
    let addr = app.http.expect("[http]");
    let mut alerted = false;
    for i in 0..n {
        let network = ["grameenphone", "robi", "banglalink"][i % 3];
        let body = json!({"service": "whatsapp", "network": network, "area": "dhaka"});
        let (status, answer) = request(
            addr,
            "POST",
            "/api/v1/reports",
            Some(REPORTS_TOKEN),
            body.to_string().as_bytes(),
        )
        .await;
        assert_eq!(status, 202, "{answer}");
        alerted |= answer["admins_alerted"] == true;
    }
    alerted
}

/// Thirty reports in half an hour are usual on a busy evening, and a surge at three in
/// the morning: the baseline, fed through the API over four weeks, tells them apart.
#[tokio::test(flavor = "multi_thread")]
async fn a_busy_hour_is_not_an_outage_where_a_three_am_surge_is() {
    let app = spawn_app_with(&format!(
        "{HTTP}[reports]\nthreshold = 5\nsurge_factor = 3\nper_client_per_minute = 100000\n"
    ))
    .await;
    // The busy hour: 15 reports at 12:30 and 15 at 12:40 (Dhaka), each week.
    let mut alerts = Vec::new();
    for _ in 0..4 {
        let mut alerted = post_reports(&app, 15).await;
        app.clock.advance(Duration::minutes(10));
        alerted |= post_reports(&app, 15).await;
        alerts.push(alerted);
        app.clock
            .advance(Duration::weeks(1) - Duration::minutes(10));
    }
    // The first week had nothing to compare with: the threshold alone alerted.
    assert_eq!(alerts, [true, false, false, false]);
    // The fifth week's busy hour: as usual, no alert.
    assert!(!post_reports(&app, 15).await);
    app.clock.advance(Duration::minutes(10));
    assert!(!post_reports(&app, 15).await);
    // Three in the morning (21:00 UTC), where nobody ever reports: five are a surge.
    app.clock
        .advance(Duration::hours(14) + Duration::minutes(20));
    assert!(!post_reports(&app, 4).await);
    assert!(post_reports(&app, 1).await);
    // The first week's alert, then this one.
    app.wait_for_text(ADMIN, "🚨 5 people reported problems with WhatsApp", 2)
        .await;
    let alert = app
        .fake
        .sent_to(ADMIN)
        .into_iter()
        .rev()
        .find(|s| s.text.contains("🚨 5 people"))
        .unwrap();
    assert!(
        alert.text.contains("usually nobody does at this hour"),
        "{}",
        alert.text
    );
    assert!(
        alert
            .text
            .contains("Networks: Grameenphone (3), Banglalink (1) and Robi (1)"),
        "{}",
        alert.text
    );
    assert!(alert.text.contains("Areas: Dhaka (5)"), "{}", alert.text);
}

/// The counts come back through the API by bucket, network and area, with nobody's id;
/// the reports token only adds reports, and each address is held to its limit.
#[tokio::test(flavor = "multi_thread")]
async fn the_reports_api_gives_counts_and_takes_reports_within_limits() {
    let app = spawn_app_with(&format!(
        "{HTTP}[reports]\nthreshold = 50\nper_client_per_minute = 6\n"
    ))
    .await;
    let addr = app.http.unwrap();
    let user = FakeTelegram::user(30_001, "Rahim", Some("bn"));
    app.ask(&user, "/report whatsapp").await;
    tap(&app, &user, "রবি").await;
    tap(&app, &user, "চট্টগ্রাম").await;
    assert!(!post_reports(&app, 3).await);

    let (status, body) = request(addr, "GET", "/api/v1/reports?service=whatsapp", None, b"").await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["total"], 4);
    assert_eq!(body["by_network"]["robi"], 2);
    assert_eq!(body["by_area"]["dhaka"], 3);
    assert_eq!(body["by_area"]["chattogram"], 1);
    assert_eq!(body["bucket_minutes"], 5);
    for bucket in body["buckets"].as_array().unwrap() {
        let keys: Vec<&str> = bucket
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(keys, ["area", "count", "network", "start"], "{bucket}");
    }
    assert!(!body.to_string().contains("30001"));
    let (status, _) = request(addr, "GET", "/api/v1/reports", None, b"").await;
    assert_eq!(status, 400);
    let (status, _) = request(addr, "GET", "/api/v1/reports?service=netflix", None, b"").await;
    assert_eq!(status, 404);

    let report = json!({"service": "whatsapp"}).to_string();
    let (status, _) = request(addr, "POST", "/api/v1/reports", None, report.as_bytes()).await;
    assert_eq!(status, 401);
    let (status, _) = request(
        addr,
        "POST",
        "/api/v1/incidents",
        Some(REPORTS_TOKEN),
        json!({"service": "whatsapp"}).to_string().as_bytes(),
    )
    .await;
    assert_eq!(status, 403);
    let odd = json!({"service": "whatsapp", "network": "mars"}).to_string();
    let (status, body) = request(
        addr,
        "POST",
        "/api/v1/reports",
        Some(API_TOKEN),
        odd.as_bytes(),
    )
    .await;
    assert_eq!(
        (status, body["error"]["code"].clone()),
        (422, Value::from("unknown_place"))
    );
    // Six a minute from one address (three went above, one was refused unread).
    let mut statuses = Vec::new();
    for _ in 0..4 {
        let (status, _) = request(
            addr,
            "POST",
            "/api/v1/reports",
            Some(REPORTS_TOKEN),
            report.as_bytes(),
        )
        .await;
        statuses.push(status);
    }
    assert_eq!(statuses, [202, 202, 429, 429]);
}

/// `/stop` deletes the reporter's own report with its network and area; the counts,
/// which name no one, stay.
#[tokio::test(flavor = "multi_thread")]
async fn stop_deletes_the_reporters_choice() {
    let app = spawn_app_with("").await;
    let user = FakeTelegram::user(40_001, "Anita", Some("bn-IN"));
    app.ask(&user, "/report whatsapp").await;
    tap(&app, &user, "জিয়ো").await;
    let service = outage_bot::domain::ServiceId::parse("whatsapp").unwrap();
    let mine = app
        .store()
        .report_of(&service, outage_bot::domain::UserId(40_001))
        .unwrap();
    assert_eq!(mine.unwrap().1.network.as_deref(), Some("jio"));
    app.ask(&user, "/stop").await;
    assert_eq!(
        app.store()
            .report_of(&service, outage_bot::domain::UserId(40_001))
            .unwrap(),
        None
    );
    let now = outage_bot::clock::Clock::now(app.clock.as_ref());
    let counts = app
        .store()
        .crowd_counts(&service, now - Duration::minutes(15))
        .unwrap();
    assert_eq!(counts.by_network.get("jio"), Some(&1));
}

/// A "down" notice says what still works and carries a share link; the next update
/// says how many have reported the outage and where most of them are.
#[tokio::test(flavor = "multi_thread")]
async fn an_outage_is_told_with_what_still_works_and_how_many_reported_it() {
    let app = spawn_app_with(&format!(
        "{HTTP}[reports]\nthreshold = 1000\nper_client_per_minute = 100000\n"
    ))
    .await;
    let admin = FakeTelegram::user(ADMIN, "Admin", Some("en"));
    let rahim = FakeTelegram::user(2, "Rahim", Some("bn"));
    let john = FakeTelegram::user(3, "John", Some("en"));
    for user in [&rahim, &john] {
        app.ask(user, "/subscribe whatsapp").await;
    }
    app.ask(&admin, "/down whatsapp").await;
    app.wait_for_text(3, "WhatsApp", 2).await;
    let down = app.fake.sent_to(3).pop().unwrap();
    assert!(
        down.text.contains("Messenger is still working."),
        "{}",
        down.text
    );
    let share = down.buttons("url");
    assert_eq!(share.len(), 1, "{:?}", down.reply_markup);
    assert!(
        share[0].starts_with("https://t.me/share/url?url=https%3A%2F%2Ft.me%2F"),
        "{share:?}"
    );
    assert!(share[0].contains("start%3Dsub_whatsapp"), "{share:?}");
    app.wait_for_text(2, "বিকল্প হিসেবে মেসেঞ্জার চালু আছে।", 1)
        .await;

    let addr = app.http.unwrap();
    for (area, n) in [("dhaka", 20), ("chattogram", 8), ("sylhet", 2)] {
        for _ in 0..n {
            let body = json!({"service": "whatsapp", "area": area}).to_string();
            let (status, _) = request(
                addr,
                "POST",
                "/api/v1/reports",
                Some(REPORTS_TOKEN),
                body.as_bytes(),
            )
            .await;
            assert_eq!(status, 202);
        }
    }
    app.ask(&admin, "/update whatsapp identified A router failed.")
        .await;
    app.wait_for_text(
        3,
        "Reported by 30 people, most of them in Dhaka and Chattogram.",
        1,
    )
    .await;
    app.wait_for_text(2, "এ পর্যন্ত ৩০ জন সমস্যার কথা জানিয়েছেন, ঢাকা ও চট্টগ্রামে বেশি।", 1)
        .await;
}

/// Once the outage is declared, reports are the outage's: counted (for the updates),
/// answered with what is known, never a new alert to the admins.
#[tokio::test(flavor = "multi_thread")]
async fn reports_of_a_declared_outage_alert_nobody() {
    let app = spawn_app_with("[reports]\nthreshold = 2\n").await;
    let admin = FakeTelegram::user(ADMIN, "Admin", Some("en"));
    app.ask(&admin, "/down whatsapp").await;
    for id in 50_001..=50_004 {
        let user = FakeTelegram::user(id, "Reporter", Some("en"));
        let answer = app.ask(&user, "/report whatsapp").await;
        assert!(
            answer.starts_with("We already know: WhatsApp has been down since"),
            "{answer}"
        );
    }
    let last = app
        .ask(
            &FakeTelegram::user(50_005, "Reporter", Some("en")),
            "/report whatsapp",
        )
        .await;
    assert!(
        last.contains("In the last 15 minutes, four other people have reported it."),
        "{last}"
    );
    // Known trouble is told as trouble, not as an outage (the second blind review's
    // bn-IN H1): «বিকাশে যে … থেকে বিভ্রাট চলছে, তা আমরা জানি।»
    app.ask(&admin, "/degraded bkash").await;
    let rahim = FakeTelegram::user(50_010, "Rahim", Some("bn"));
    let answer = app.ask(&rahim, "/report bkash").await;
    assert!(
        answer.starts_with("বিকাশে যে দুপুর সাড়ে ১২টা থেকে বিভ্রাট চলছে, তা আমরা জানি।")
            && answer.contains("স্বাভাবিক হলে আপনাকেও জানানো হবে"),
        "{answer}"
    );
    let english = app
        .ask(
            &FakeTelegram::user(50_011, "Reporter", Some("en")),
            "/report bkash",
        )
        .await;
    assert!(
        english.starts_with("We already know: bKash has had problems since"),
        "{english}"
    );
    app.settle().await;
    assert_eq!(texts_containing(&app.fake, ADMIN, "🚨"), 0);
}

/// In a group the answer is the count alone: a tap there would be refused to all but
/// the group's administrators.
#[tokio::test(flavor = "multi_thread")]
async fn a_report_in_a_group_offers_no_place_buttons() {
    let app = spawn_app_with("").await;
    let member = FakeTelegram::user(60_001, "Member", Some("en"));
    let answer = app
        .say_in(-600, &member, "/report whatsapp", 1)
        .await
        .remove(0);
    assert!(
        answer
            .text
            .contains("Nobody else has reported a problem with WhatsApp"),
        "{}",
        answer.text
    );
    assert!(!answer.text.contains("Which connection"), "{}", answer.text);
    assert!(
        answer.buttons("callback_data").is_empty(),
        "{:?}",
        answer.reply_markup
    );
}
