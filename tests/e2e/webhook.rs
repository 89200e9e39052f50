//! Webhook mode: Telegram posts updates to the bot's HTTP listener with a secret; a
//! request without it changes nothing. Polling mode removes a webhook left from before.

use teloxide::prelude::Requester;

use crate::fake_telegram::FakeTelegram;
use crate::support::{PATIENCE, TestApp, free_port, spawn_app, spawn_app_with};

/// The app in webhook mode on a port of its own, `extra` configuration added; a reader
/// already subscribed through the webhook. Returns the app and the webhook's URL.
async fn webhook_app(extra: &str) -> (TestApp, String) {
    let port = free_port();
    let url = format!("http://127.0.0.1:{port}/telegram");
    let app = spawn_app_with(&format!(
        "[http]\nlisten = \"127.0.0.1:{port}\"\n{extra}[telegram]\nwebhook_url = \"{url}\"\n"
    ))
    .await;
    let reader = FakeTelegram::user(5, "Reader", Some("en"));
    app.expect_reply(&reader, "/subscribe bkash", "Subscribed")
        .await;
    (app, url)
}

#[tokio::test(flavor = "multi_thread")]
async fn telegram_posts_updates_to_the_webhook_and_a_wrong_secret_is_refused() {
    let (app, url) = webhook_app("").await;
    let (set_url, secret) = app.fake.webhook().expect("the bot set its webhook");
    assert_eq!(set_url, url);
    let secret = secret.expect("with a secret");
    assert!(secret.len() >= 32, "{secret}");
    assert_eq!(app.fake.polls(), 0, "no polling in webhook mode");
    assert!(app.fake.webhook_answers().iter().all(|&s| s == 200));

    // Someone who is not Telegram: no secret, or a wrong one.
    let forged = serde_json::json!({
        "update_id": 900,
        "message": {
            "message_id": 1, "date": 0,
            "chat": {"id": 77, "type": "private", "first_name": "Mallory"},
            "from": {"id": 77, "is_bot": false, "first_name": "Mallory"},
            "text": "/subscribe whatsapp",
            "entities": [{"type": "bot_command", "offset": 0, "length": 10}]
        }
    });
    let client = reqwest::Client::new();
    for header in [None, Some("wrong-secret")] {
        let mut request = client.post(&url).json(&forged);
        if let Some(value) = header {
            request = request.header("X-Telegram-Bot-Api-Secret-Token", value);
        }
        assert_eq!(request.send().await.unwrap().status().as_u16(), 401);
    }
    app.settle().await;
    assert!(app.fake.sent_to(77).is_empty());
    assert!(
        app.store()
            .chat(outage_bot::domain::ChatId(77))
            .unwrap()
            .is_none()
    );
    // Stopping ends the update stream with the HTTP server: no wait for the deadline.
    let mut app = app;
    let stopping = std::time::Instant::now();
    app.stop().await;
    assert!(
        stopping.elapsed() < std::time::Duration::from_secs(3),
        "took {:?}",
        stopping.elapsed()
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn polling_removes_a_webhook_left_from_before() {
    let mut app = spawn_app().await;
    app.fake
        .bot()
        .set_webhook("https://bot.example/telegram".parse().unwrap())
        .await
        .unwrap();
    app.restart().await;
    let reader = FakeTelegram::user(5, "Reader", Some("en"));
    app.expect_reply(&reader, "/subscribe bkash", "Subscribed")
        .await;
    assert!(app.fake.webhook().is_none());
    app.fake
        .wait_until("polling again", PATIENCE, |f| f.polls() > 0)
        .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn healthz_says_when_telegram_cannot_deliver_to_the_webhook() {
    let (app, _) = webhook_app("[health]\nstuck_after = \"2s\"\n").await;
    let reader = FakeTelegram::user(5, "Reader", Some("en"));
    let (status, _) = app.get("/healthz").await;
    assert_eq!(status, 200);
    // The proxy in front loses its way: Telegram's posts go nowhere and updates pile up.
    let nowhere = format!("http://127.0.0.1:{}/telegram", free_port());
    app.fake
        .bot()
        .set_webhook(nowhere.parse().unwrap())
        .await
        .unwrap();
    app.fake.send_text(5, &reader, "/status");
    let deadline = std::time::Instant::now() + PATIENCE;
    loop {
        let (status, body) = app.get("/healthz").await;
        let problems = body["problems"].to_string();
        if status == 503 && problems.contains("cannot deliver updates to the webhook") {
            assert_eq!(body["webhook_pending_updates"], 1, "{body}");
            break;
        }
        assert!(std::time::Instant::now() < deadline, "{status} {body}");
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn an_update_posted_twice_is_handled_once() {
    let (app, url) = webhook_app("").await;
    let (_, secret) = app.fake.webhook().unwrap();
    let update = serde_json::json!({
        "update_id": 4_000_001,
        "message": {
            "message_id": 1, "date": 0,
            "chat": {"id": 78, "type": "private", "first_name": "Twice"},
            "from": {"id": 78, "is_bot": false, "first_name": "Twice"},
            "text": "/help",
            "entities": [{"type": "bot_command", "offset": 0, "length": 5}]
        }
    });
    let client = reqwest::Client::new();
    for _ in 0..3 {
        let answer = client
            .post(&url)
            .header("X-Telegram-Bot-Api-Secret-Token", secret.clone().unwrap())
            .json(&update)
            .send()
            .await
            .unwrap();
        assert_eq!(answer.status().as_u16(), 200);
    }
    app.fake
        .wait_until("the answer", PATIENCE, |f| !f.sent_to(78).is_empty())
        .await;
    app.settle().await;
    assert_eq!(app.fake.sent_to(78).len(), 1, "answered once");
}
