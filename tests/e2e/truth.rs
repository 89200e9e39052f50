//! Subscribers hear the truth, once, and every message fits: the cases in which an
//! earlier build told them something untrue, or nothing at all, each against the real
//! app and the fake Telegram.

use std::time::Duration;

use serde_json::json;

use crate::fake_telegram::{FakeTelegram, Limits};
use crate::support::{
    ADMIN, PATIENCE, alertmanager, spawn_app_with, subscribed, texts, texts_containing,
};

const HTTP: &str = "[http]\nlisten = \"127.0.0.1:0\"\n";

#[tokio::test(flavor = "multi_thread")]
async fn a_six_thousand_character_alert_still_reaches_everyone() {
    let app = spawn_app_with(&format!("{HTTP}[hooks]\npublic_text = true\n")).await;
    subscribed(&app, 3, "whatsapp").await;
    let summary = "The gateway cluster is failing health checks. ".repeat(140);
    assert!(summary.len() > 6000);
    let (status, outcome) = app
        .post(
            "/hooks/alertmanager",
            &alertmanager("whatsapp", &[("aa", "firing", "critical", &summary)]),
        )
        .await;
    assert_eq!(
        (status, &outcome["opened"]),
        (200, &json!(["whatsapp"])),
        "{outcome}"
    );
    app.wait_for_text(3, "WhatsApp is down", 1).await;
    let notice = texts(&app, 3).pop().unwrap();
    assert!(notice.ends_with('…'), "cut to fit, with an ellipsis");
    assert!(notice.encode_utf16().count() <= 4096);
    let (_, resolved) = app
        .post(
            "/hooks/alertmanager",
            &alertmanager("whatsapp", &[("aa", "resolved", "critical", &summary)]),
        )
        .await;
    assert_eq!(resolved["resolved"], json!(["whatsapp"]), "{resolved}");
    app.wait_for_text(3, "WhatsApp is back", 1).await;
    assert!(
        app.fake.failed_attempts().is_empty(),
        "Telegram refused nothing"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_service_is_back_only_when_all_its_alerts_are_resolved() {
    let app = spawn_app_with(HTTP).await;
    subscribed(&app, 3, "whatsapp").await;
    let both = alertmanager(
        "whatsapp",
        &[
            ("e1", "firing", "critical", "High error rate"),
            ("l1", "firing", "warning", "High latency"),
        ],
    );
    let (_, opened) = app.post("/hooks/alertmanager", &both).await;
    assert_eq!(opened["opened"], json!(["whatsapp"]), "{opened}");
    assert_eq!(
        app.state_of("whatsapp").await,
        "major_outage",
        "the worst alert decides"
    );
    app.wait_for_text(3, "WhatsApp is down", 1).await;
    // Alertmanager groups by alertname by default: each alert resolves on its own.
    let (_, one) = app
        .post(
            "/hooks/alertmanager",
            &alertmanager(
                "whatsapp",
                &[("e1", "resolved", "critical", "High error rate")],
            ),
        )
        .await;
    assert_eq!(
        one["updated"],
        json!(["whatsapp"]),
        "the latency alert still fires: {one}"
    );
    assert_eq!(app.state_of("whatsapp").await, "degraded");
    app.wait_for_text(3, "partly back", 1).await;
    let (_, other) = app
        .post(
            "/hooks/alertmanager",
            &alertmanager("whatsapp", &[("l1", "resolved", "warning", "High latency")]),
        )
        .await;
    assert_eq!(other["resolved"], json!(["whatsapp"]), "{other}");
    app.wait_for_text(3, "WhatsApp is back", 1).await;
    app.settle().await;
    assert_eq!(texts_containing(&app.fake, 3, "WhatsApp is back"), 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_group_of_150_alerts_is_taken_whole() {
    let app = spawn_app_with(HTTP).await;
    let alerts: Vec<(String, &str, &str, String)> = (0..150)
        .map(|i| {
            (
                format!("fp{i:03}"),
                "firing",
                if i % 10 == 0 { "critical" } else { "warning" },
                format!(
                    "Instance gw-{i} is failing its probe; {}",
                    "detail ".repeat(60)
                ),
            )
        })
        .collect();
    let refs: Vec<(&str, &str, &str, &str)> = alerts
        .iter()
        .map(|(f, s, v, m)| (f.as_str(), *s, *v, m.as_str()))
        .collect();
    let body = alertmanager("bkash", &refs);
    assert!(
        body.to_string().len() > 64 * 1024,
        "bigger than the API's limit"
    );
    let (status, outcome) = app.post("/hooks/alertmanager", &body).await;
    assert_eq!(
        (status, &outcome["opened"]),
        (200, &json!(["bkash"])),
        "{outcome}"
    );
    assert_eq!(app.state_of("bkash").await, "major_outage");
}

#[tokio::test(flavor = "multi_thread")]
async fn statuses_this_bot_does_not_know_change_nothing() {
    let app = spawn_app_with(HTTP).await;
    let odd = [
        alertmanager("whatsapp", &[("a", "Firing", "critical", "x")]),
        alertmanager(
            "whatsapp",
            &[
                ("a", "firing", "critical", "x"),
                ("b", "pending", "critical", "y"),
            ],
        ),
    ];
    for body in odd {
        let (status, answer) = app.post("/hooks/alertmanager", &body).await;
        assert_eq!(
            (status, answer["error"]["code"].as_str()),
            (422, Some("invalid_status")),
            "{answer}"
        );
    }
    for body in [
        json!({"endpoint": "whatsapp", "status": "still failing"}),
        json!({"text": "Firing: whatsapp - broken"}),
        json!({"heartbeat": {"status": 2, "msg": "pending"}, "monitor": {"name": "whatsapp"}}),
    ] {
        let (status, answer) = app.post("/hooks/monitor", &body).await;
        assert_eq!(
            (status, answer["error"]["code"].as_str()),
            (422, Some("invalid_status")),
            "{answer}"
        );
    }
    assert_eq!(app.state_of("whatsapp").await, "operational");
}

#[tokio::test(flavor = "multi_thread")]
async fn one_source_cannot_undo_another() {
    let app = spawn_app_with(HTTP).await;
    subscribed(&app, 3, "whatsapp facebook").await;
    // Alertmanager opens; Uptime Kuma saying "up" is not Alertmanager saying so.
    let firing = alertmanager("whatsapp", &[("x1", "firing", "critical", "Gateway down")]);
    app.post("/hooks/alertmanager", &firing).await;
    app.wait_for_text(3, "WhatsApp is down", 1).await;
    let kuma_up = json!({"heartbeat": {"status": 1, "msg": "OK"}, "monitor": {"name": "whatsapp"}});
    let (_, up) = app.post("/hooks/monitor", &kuma_up).await;
    assert!(
        up["refused"][0]["reason"]
            .as_str()
            .unwrap()
            .contains("alertmanager opened"),
        "{up}"
    );
    let (_, repeat) = app.post("/hooks/alertmanager", &firing).await;
    assert_eq!(repeat["unchanged"], json!(["whatsapp"]), "{repeat}");
    assert_eq!(app.state_of("whatsapp").await, "major_outage");

    // A warning alert never lowers an admin's major outage.
    let admin = FakeTelegram::user(ADMIN, "Admin", Some("en"));
    app.expect_reply(
        &admin,
        "/down facebook Login broken",
        "Sending to the one chat subscribed to Facebook",
    )
    .await;
    let warning = alertmanager("facebook", &[("w1", "firing", "warning", "Slow logins")]);
    let (_, lowered) = app.post("/hooks/alertmanager", &warning).await;
    assert_eq!(lowered["refused"][0]["service"], "facebook", "{lowered}");
    assert_eq!(app.state_of("facebook").await, "major_outage");
    app.wait_for_text(3, "Facebook is down", 1).await;
    app.settle().await;
    let whatsapp = texts_containing(&app.fake, 3, "WhatsApp is");
    let facebook = texts_containing(&app.fake, 3, "Facebook is");
    assert_eq!(
        (whatsapp, facebook),
        (1, 1),
        "down once each, nothing else: {:#?}",
        texts(&app, 3)
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_flood_of_automatic_events_is_held_back_and_the_admins_told_once() {
    let app = spawn_app_with(&format!("{HTTP}[limits]\nautomatic_events = 4\n")).await;
    subscribed(&app, 3, "bkash").await;
    let admin = FakeTelegram::user(ADMIN, "Admin", Some("en"));
    app.fake.send_text(ADMIN, &admin, "/start");
    let mut refused = 0;
    for i in 0..40 {
        let status = if i % 2 == 0 { "firing" } else { "resolved" };
        let (code, outcome) = app
            .post(
                "/hooks/alertmanager",
                &alertmanager("bkash", &[("b1", status, "critical", "flip")]),
            )
            .await;
        let held = outcome["refused"].as_array().map_or(0, Vec::len);
        // Held back for a reason that passes: asked to post again after the window.
        let expected = if held > 0 { 503 } else { 200 };
        assert_eq!(code, expected, "{outcome}");
        refused += held;
    }
    assert_eq!(
        refused, 36,
        "four events went through, the rest were held back"
    );
    app.wait_for_text(ADMIN, "held back", 1).await;
    // The last event through may still be on its way to the subscriber.
    app.wait_until_delivered().await;
    app.settle().await;
    assert_eq!(
        texts_containing(&app.fake, ADMIN, "held back"),
        1,
        "told once"
    );
    let heard = texts(&app, 3);
    assert!(
        heard.len() <= 1 + 4,
        "at most the four events that went through: {heard:#?}"
    );
    assert!(
        heard.last().unwrap().starts_with("✅ bKash") && heard.last().unwrap().contains("is back"),
        "{heard:#?}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_newer_event_cuts_a_slow_broadcast_short() {
    // A slow budget, so "back" arrives while "down" is a third of the way out.
    let app = spawn_app_with("[telegram]\nmessages_per_second = 10\n").await;
    app.fake.set_limits(Some(Limits::TELEGRAM));
    let chats: Vec<i64> = (100..160).collect();
    let pushes: Vec<_> = chats
        .iter()
        .map(|&c| {
            (
                c,
                FakeTelegram::user(c, "User", Some("en")),
                "/subscribe whatsapp".to_owned(),
            )
        })
        .collect();
    app.fake.push_texts(&pushes);
    app.fake
        .wait_until("every subscription", PATIENCE, |f| {
            let by_chat = f.texts_by_chat();
            chats
                .iter()
                .all(|c| by_chat.get(c).is_some_and(|t| !t.is_empty()))
        })
        .await;
    let admin = FakeTelegram::user(ADMIN, "Admin", Some("en"));
    app.ask(&admin, "/down whatsapp").await;
    app.fake
        .wait_until("a third of the down notices", PATIENCE, |f| {
            f.texts_by_chat()
                .values()
                .filter(|t| t.iter().any(|t| t.contains("WhatsApp is down")))
                .count()
                >= 20
        })
        .await;
    // News and the end come at once: the news is cut short before it reaches those
    // who heard "down", and they still hear just "back" (they know the story).
    app.clock.advance(chrono::Duration::minutes(112));
    app.fake.push_texts(&[
        (
            ADMIN,
            admin.clone(),
            "/update whatsapp identified A router failed".to_owned(),
        ),
        (ADMIN, admin.clone(), "/up whatsapp".to_owned()),
    ]);
    app.fake
        .wait_until(
            "everyone to hear it is back",
            Duration::from_secs(60),
            |f| {
                let by_chat = f.texts_by_chat();
                chats.iter().all(|c| {
                    by_chat
                        .get(c)
                        .is_some_and(|t| t.iter().any(|t| t.contains("WhatsApp is back")))
                })
            },
        )
        .await;
    app.settle().await;
    let by_chat = app.fake.texts_by_chat();
    let mut heard_down = 0;
    for chat in &chats {
        let notices: Vec<&String> = by_chat[chat]
            .iter()
            .filter(|t| t.contains("WhatsApp") && !t.contains("Subscribed"))
            .collect();
        let back: Vec<usize> = notices
            .iter()
            .enumerate()
            .filter(|(_, t)| t.contains("WhatsApp is back"))
            .map(|(i, _)| i)
            .collect();
        assert_eq!(back.len(), 1, "chat {chat}: {notices:#?}");
        assert_eq!(
            back[0],
            notices.len() - 1,
            "nothing after 'back': chat {chat}"
        );
        if notices.iter().any(|t| t.contains("WhatsApp is down")) {
            heard_down += 1;
        }
        if back[0] > 0 {
            // Heard the story begin (the outage, or the news told whole): just the end.
            assert!(
                notices[back[0]].contains("is back after about"),
                "chat {chat}: {notices:#?}"
            );
        } else {
            // Nothing reached them before: the whole story at once.
            assert!(
                notices[back[0]].contains("is back after being down for about"),
                "chat {chat}: {}",
                notices[back[0]]
            );
        }
    }
    assert!(
        (20..60).contains(&heard_down),
        "{heard_down} heard 'down' first"
    );
    assert_eq!(app.fake.violations(), 0);
}

#[tokio::test(flavor = "multi_thread")]
async fn stop_forgets_everything_about_the_chat() {
    let mut app = spawn_app_with("[reports]\nthreshold = 100\n").await;
    let leaver = FakeTelegram::user(5, "Leaver", Some("en"));
    app.expect_reply(&leaver, "/subscribe whatsapp bkash", "Subscribed")
        .await;
    app.expect_reply(
        &leaver,
        "/report gmail",
        "Nobody else has reported a problem with Gmail",
    )
    .await;
    app.expect_reply(&leaver, "/language bn", "বাংলা").await;
    app.expect_reply(&leaver, "/stop", "মুছে").await;
    let admin = FakeTelegram::user(ADMIN, "Admin", Some("en"));
    app.ask(&admin, "/down gmail").await;
    app.ask(&admin, "/up gmail").await;
    app.settle().await;
    app.stop().await;
    // Walk every tree: no key holds this chat's id.
    let chat_key = ((5i64 as u64) ^ (1 << 63)).to_be_bytes();
    let db = crate::support::raw_db(&app.data_path());
    for name in db.tree_names() {
        let tree = db.open_tree(&name).unwrap();
        for key in tree.iter().keys() {
            let key = key.unwrap();
            assert!(
                !key.windows(8).any(|w| w == chat_key),
                "tree {:?} still has {key:?}",
                String::from_utf8_lossy(&name)
            );
        }
    }
    let heard = texts(&app, 5);
    let stopped = heard.iter().position(|t| t.contains("মুছে")).unwrap();
    assert_eq!(
        heard.len(),
        stopped + 1,
        "nothing reached the chat after /stop: {heard:#?}"
    );
}

/// A long, many-scripted, emoji-heavy text from a seed (the same seed, the same text).
fn hard_text(seed: &mut u64, pieces: usize) -> String {
    const PIECES: [&str; 9] = [
        "ক্ষ",
        "হোয়াটসঅ্যাপ ",
        "🔴",
        "👩‍👩‍👧‍👦",
        "down ",
        "\n",
        " [en] ",
        " [bn] ",
        "x",
    ];
    (0..pieces)
        .map(|_| {
            *seed ^= *seed << 13;
            *seed ^= *seed >> 7;
            *seed ^= *seed << 17;
            PIECES[(*seed % PIECES.len() as u64) as usize]
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn nothing_over_telegrams_limit_is_ever_sent_whatever_comes_in() {
    let app = spawn_app_with(&format!("{HTTP}[limits]\nautomatic_events = 1000\n")).await;
    subscribed(&app, 3, "whatsapp bkash facebook").await;
    let admin = FakeTelegram::user(ADMIN, "Admin", Some("bn"));
    let mut seed = 0x5eed_u64;
    for round in 0..6 {
        let text = hard_text(&mut seed, 500 + round * 700);
        // A person: posted if it fits, else refused with the limit.
        let answer = app.ask(&admin, &format!("/down whatsapp {text}")).await;
        assert!(answer.encode_utf16().count() <= 4096);
        app.ask(&admin, &format!("/up whatsapp {text}")).await;
        // The API: posted or refused with 422.
        let (status, _) = app
            .post(
                "/api/v1/incidents",
                &json!({"service": "facebook", "text": text}),
            )
            .await;
        assert!(status == 201 || status == 422, "{status}");
        app.post("/api/v1/incidents/facebook/resolve", &json!({"text": text}))
            .await;
        // The machines: always taken, cut to fit.
        let (status, _) = app
            .post(
                "/hooks/alertmanager",
                &alertmanager("bkash", &[("p", "firing", "critical", &text)]),
            )
            .await;
        assert_eq!(status, 200);
        let kuma = json!({"heartbeat": {"status": 1, "msg": text}, "monitor": {"name": "bkash"}});
        app.post("/hooks/monitor", &kuma).await;
        app.post(
            "/hooks/alertmanager",
            &alertmanager("bkash", &[("p", "resolved", "critical", &text)]),
        )
        .await;
    }
    app.settle().await;
    app.wait_until_delivered().await;
    let too_long: Vec<_> = app
        .fake
        .failed_attempts()
        .into_iter()
        .filter(|a| {
            a.text.encode_utf16().count() > 4096 || format!("{:?}", a.failure).contains("too long")
        })
        .collect();
    assert!(
        too_long.is_empty(),
        "{} refused as too long",
        too_long.len()
    );
    for texts in app.fake.texts_by_chat().values() {
        assert!(texts.iter().all(|t| t.encode_utf16().count() <= 4096));
    }
}
