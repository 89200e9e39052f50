//! What a machine says is never lost to a refusal that passes: a webhook held back by the
//! machines' rate is answered 503 with `Retry-After`, and the change is made by itself
//! once the window has room, for Alertmanager and for a monitor that speaks only when
//! something changes, and for the bot's own probe, whose alarm the desk keeps and weighs
//! again though the probe says nothing new. One intake's "back" does not close what
//! another still sees down. A person's "back" clears what the monitors still held, so a
//! later word about one of their alerts does not open the incident again.

use std::sync::atomic::Ordering;

use serde_json::{Value, json};

use crate::support::{
    ADMIN, PATIENCE, TestApp, alertmanager, probed_bkash, spawn_app_with, subscribed,
    texts_containing,
};

const ONE_EVENT_IN_TEN_MINUTES: &str = "[http]\nlisten = \"127.0.0.1:0\"\n[limits]\nautomatic_events = 1\nautomatic_window = \"10m\"\n[hooks.monitors]\n\"bKash gateway\" = \"bkash\"\n";

fn kuma(down: bool) -> Value {
    json!({
        "heartbeat": {"status": if down { 0 } else { 1 }, "msg": if down { "timeout" } else { "OK" }},
        "monitor": {"name": "bKash gateway"},
        "msg": "bKash gateway",
    })
}

/// Alertmanager spends the machines' window: bKash opens, and a person closes it.
async fn alertmanager_spends_the_window(app: &TestApp) {
    app.post(
        "/hooks/alertmanager",
        &alertmanager("bkash", &[("b1", "firing", "critical", "Payments fail")]),
    )
    .await;
    app.wait_for_text(3, "bKash is down", 1).await;
    let admin = crate::fake_telegram::FakeTelegram::user(ADMIN, "Admin", Some("en"));
    app.expect_reply(&admin, "/up bkash", "Sending").await;
    app.wait_for_text(3, "bKash is back", 1).await;
}

/// Moves the app's clock past the machines' window.
fn after_the_window(app: &TestApp) {
    app.clock.advance(chrono::Duration::minutes(11));
}

#[tokio::test(flavor = "multi_thread")]
async fn an_alert_resolved_while_held_back_is_resolved_once_the_window_has_room() {
    let app = spawn_app_with(ONE_EVENT_IN_TEN_MINUTES).await;
    subscribed(&app, 3, "bkash").await;
    let (code, fired) = app
        .post(
            "/hooks/alertmanager",
            &alertmanager("bkash", &[("b1", "firing", "critical", "Payments fail")]),
        )
        .await;
    assert_eq!(
        (code, &fired["opened"]),
        (200, &json!(["bkash"])),
        "{fired}"
    );
    app.wait_for_text(3, "bKash is down", 1).await;
    let (code, resolved) = app
        .post(
            "/hooks/alertmanager",
            &alertmanager("bkash", &[("b1", "resolved", "critical", "Payments fail")]),
        )
        .await;
    assert_eq!(code, 503, "{resolved}");
    let retry = resolved["retry_after_seconds"].as_u64().unwrap();
    assert!((1..=600).contains(&retry), "{resolved}");
    assert_eq!(resolved["refused"][0]["service"], "bkash", "{resolved}");
    app.settle().await;
    assert_eq!(
        texts_containing(&app.fake, 3, "is back"),
        0,
        "held back for now"
    );
    after_the_window(&app);
    app.wait_for_text(3, "bKash is back", 1).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_monitors_only_down_held_back_is_announced_once_the_window_has_room() {
    let app = spawn_app_with(ONE_EVENT_IN_TEN_MINUTES).await;
    subscribed(&app, 3, "bkash").await;
    alertmanager_spends_the_window(&app).await;
    // Uptime Kuma says "down" once, and never again while it stays down.
    let (code, down) = app.post("/hooks/monitor", &kuma(true)).await;
    assert_eq!(code, 503, "{down}");
    app.settle().await;
    assert_eq!(texts_containing(&app.fake, 3, "bKash is down"), 1);
    after_the_window(&app);
    app.fake
        .wait_until("bKash down again", PATIENCE, |f| {
            texts_containing(f, 3, "bKash is down") == 2
        })
        .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_persons_back_clears_what_the_monitors_held() {
    let app = spawn_app_with("[http]\nlisten = \"127.0.0.1:0\"\n").await;
    subscribed(&app, 3, "whatsapp").await;
    let two = alertmanager(
        "whatsapp",
        &[
            ("w1", "firing", "critical", "Sending fails"),
            ("w2", "firing", "critical", "Login fails"),
        ],
    );
    app.post("/hooks/alertmanager", &two).await;
    app.wait_for_text(3, "WhatsApp is down", 1).await;
    let admin = crate::fake_telegram::FakeTelegram::user(ADMIN, "Admin", Some("en"));
    app.expect_reply(&admin, "/up whatsapp", "Sending").await;
    app.wait_for_text(3, "WhatsApp is back", 1).await;
    // Alertmanager later resolves one of the two; the other was cleared by the person.
    let (code, one) = app
        .post(
            "/hooks/alertmanager",
            &alertmanager(
                "whatsapp",
                &[("w1", "resolved", "critical", "Sending fails")],
            ),
        )
        .await;
    assert_eq!(code, 200, "{one}");
    assert_eq!(one["unchanged"], json!(["whatsapp"]), "{one}");
    app.settle().await;
    assert_eq!(
        texts_containing(&app.fake, 3, "WhatsApp is down"),
        1,
        "not opened again"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_probes_change_held_back_is_made_from_its_kept_alarm_when_the_window_has_room() {
    let (healthy, config) = probed_bkash(
        ONE_EVENT_IN_TEN_MINUTES,
        "fail_after = 2\nrecover_after = 2\nflap_limit = 50",
    )
    .await;
    let app = spawn_app_with(&config).await;
    subscribed(&app, 3, "bkash").await;
    alertmanager_spends_the_window(&app).await;

    // The probe sees it fail, then come back: each held back by the machines' rate (the
    // admins are told, once a window), and made from the alarm the probe keeps when the
    // window has room (the probe, seeing no change, says nothing new).
    for (window, (healthy_now, notice)) in [(false, "bKash is down"), (true, "bKash is back")]
        .into_iter()
        .enumerate()
    {
        healthy.store(healthy_now, Ordering::SeqCst);
        app.probe_rounds(2).await;
        app.wait_for_text(ADMIN, "further ones are held back", window + 1)
            .await;
        app.settle().await;
        assert_eq!(
            texts_containing(&app.fake, 3, notice),
            1,
            "held back for now"
        );
        after_the_window(&app);
        app.wait_for_text(3, notice, 2).await;
    }
    app.settle().await;
    assert_eq!(
        texts_containing(&app.fake, 3, "bKash is down"),
        2,
        "no third 'down'"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn one_intakes_back_does_not_close_what_another_still_sees_down() {
    let app = spawn_app_with(
        "[http]\nlisten = \"127.0.0.1:0\"\n[hooks.monitors]\n\"bKash gateway\" = \"bkash\"\n",
    )
    .await;
    subscribed(&app, 3, "bkash").await;
    let alert = |status| alertmanager("bkash", &[("b1", status, "critical", "Payments fail")]);
    app.post("/hooks/alertmanager", &alert("firing")).await;
    app.wait_for_text(3, "bKash is down", 1).await;
    // Uptime Kuma sees it down too; then Alertmanager says its alert is over.
    app.post("/hooks/monitor", &kuma(true)).await;
    let (code, answer) = app.post("/hooks/alertmanager", &alert("resolved")).await;
    assert_eq!(code, 200, "{answer}");
    assert!(
        answer["resolved"].as_array().is_none_or(Vec::is_empty),
        "{answer}"
    );
    app.settle().await;
    assert_eq!(
        texts_containing(&app.fake, 3, "is back"),
        0,
        "the monitor still sees it down"
    );
    // Uptime Kuma sees it back: nothing fires any more, and the incident closes.
    app.post("/hooks/monitor", &kuma(false)).await;
    app.later(chrono::Duration::seconds(30)).await;
    app.wait_for_text(3, "bKash is back", 1).await;
    app.settle().await;
    assert_eq!(
        texts_containing(&app.fake, 3, "bKash is down"),
        1,
        "never reopened"
    );
}
