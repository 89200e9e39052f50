//! Telegram channels against the real app and the fake Telegram: one post per incident,
//! edited as it moves on, a short new post when it ends; a restart edits the same post;
//! a channel the bot cannot post in is reported to the admins once and left alone.

use outage_bot::domain::ChatId;
use serde_json::json;

use crate::fake_telegram::{Failure, FakeTelegram};
use crate::support::{ADMIN, PATIENCE, TestApp, spawn_app_on};

const HTTP: &str = "[http]\nlisten = \"127.0.0.1:0\"\n";

async fn post(app: &TestApp, path: &str, body: serde_json::Value) {
    let (code, answer) = app.post(path, &body).await;
    assert!((200..300).contains(&code), "{path}: {code} {answer}");
}

/// What the channel holds: (method, message id, text, reply_to) in order.
fn channel(fake: &FakeTelegram, chat: i64) -> Vec<(String, i32, String, Option<i32>)> {
    fake.sent_to(chat)
        .into_iter()
        .map(|s| (s.method, s.message_id, s.text, s.reply_to))
        .collect()
}

/// How many calls to `chat` the fake refused.
fn refused_calls(fake: &FakeTelegram, chat: i64) -> usize {
    fake.failed_attempts()
        .iter()
        .filter(|a| a.chat_id == chat)
        .count()
}

async fn wait_for(fake: &FakeTelegram, what: &str, chat: i64, calls: usize) {
    fake.wait_until(what, PATIENCE, |f| f.sent_to(chat).len() >= calls)
        .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn an_incident_is_posted_once_to_its_channel_and_edited_as_it_moves_on() {
    let fake = FakeTelegram::start().await;
    let bd = fake.register_channel("@whatsapp_status_bd");
    let en = fake.register_channel("@outage_status_en");
    // Telegram is busy at first: the first post waits and is still made once.
    fake.fail_chat_times(bd, Failure::TooManyRequests { retry_after: 1 }, 1);
    let config = format!(
        "{HTTP}[[channels]]\nchat = \"@whatsapp_status_bd\"\nlanguage = \"bn-BD\"\nservices = [\"whatsapp\"]\n\n[[channels]]\nchat = \"@outage_status_en\"\nlanguage = \"en\"\n"
    );
    let mut app = spawn_app_on(fake, &config).await;

    post(
        &app,
        "/api/v1/incidents",
        json!({"service": "whatsapp", "severity": "major_outage"}),
    )
    .await;
    post(
        &app,
        "/api/v1/incidents",
        json!({"service": "bkash", "severity": "degraded"}),
    )
    .await;
    wait_for(&app.fake, "the English channel's two posts", en, 2).await;
    wait_for(&app.fake, "the Bengali channel's post", bd, 1).await;
    let story = channel(&app.fake, bd);
    assert_eq!(story.len(), 1, "bKash is not this channel's: {story:#?}");
    let (method, first, text, _) = &story[0];
    assert_eq!(method, "sendMessage");
    assert!(text.contains("হোয়াটসঅ্যাপের সেবা বন্ধ"), "{text}");
    assert!(
        channel(&app.fake, en)
            .iter()
            .any(|(_, _, t, _)| t.contains("WhatsApp is down"))
    );

    post(
        &app,
        "/api/v1/incidents/whatsapp/updates",
        json!({"phase": "identified", "text": "[bn] একটি রাউটার বিকল [en] A router failed"}),
    )
    .await;
    wait_for(&app.fake, "the post edited", bd, 2).await;
    let (method, edited, text, _) = channel(&app.fake, bd)[1].clone();
    assert_eq!(
        (method.as_str(), edited),
        ("editMessageText", *first),
        "the same post"
    );
    assert!(text.contains("একটি রাউটার বিকল"), "{text}");

    // A restart edits the same post; nothing is posted anew.
    app.restart().await;
    app.later(chrono::Duration::minutes(112)).await;
    post(&app, "/api/v1/incidents/whatsapp/resolve", json!({})).await;
    wait_for(&app.fake, "the ending", bd, 4).await;
    let story = channel(&app.fake, bd);
    let (method, edited, text, _) = &story[2];
    assert_eq!((method.as_str(), *edited), ("editMessageText", *first));
    assert!(text.contains("আবার চালু হলো হোয়াটসঅ্যাপ"), "{text}");
    let (method, _, text, reply_to) = &story[3];
    assert_eq!(method, "sendMessage");
    assert_eq!(*reply_to, Some(*first), "the ending replies to the story");
    assert!(
        text.contains("আবার চালু হলো হোয়াটসঅ্যাপ") && text.lines().count() == 1,
        "a short post: {text}"
    );

    // Nothing more comes, and nothing is kept of a story that ended.
    wait_for(&app.fake, "the English channel's ending", en, 5).await;
    app.wait_until_channels_caught_up().await;
    assert_eq!(
        channel(&app.fake, en).len(),
        5,
        "{:#?}",
        channel(&app.fake, en)
    );
    assert_eq!(
        channel(&app.fake, bd).len(),
        4,
        "{:#?}",
        channel(&app.fake, bd)
    );
    let posts = |chat| app.store().channel_posts(ChatId(chat)).unwrap();
    assert!(posts(bd).is_empty());
    assert_eq!(posts(en).len(), 1, "bKash still runs there");
    assert!(
        app.fake
            .sent()
            .iter()
            .filter(|s| s.chat_id == bd || s.chat_id == en)
            .all(|s| s.method == "sendMessage" || s.method == "editMessageText")
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_channel_the_bot_cannot_post_in_is_reported_once_and_left_alone() {
    let fake = FakeTelegram::start().await;
    let closed = fake.register_channel("@closed_channel");
    fake.fail_chat(
        closed,
        Failure::Forbidden("Forbidden: bot is not a member of the channel chat".into()),
    );
    let config = format!(
        "{HTTP}[[channels]]\nchat = \"@closed_channel\"\n\n[[channels]]\nchat = \"@no_such_channel\"\n"
    );
    let app = spawn_app_on(fake, &config).await;
    let admin = FakeTelegram::user(ADMIN, "Admin", Some("en"));
    app.say(&admin, "/start", 1).await;
    post(&app, "/api/v1/incidents", json!({"service": "whatsapp"})).await;
    for channel in ["@closed_channel", "@no_such_channel"] {
        app.wait_for_text(ADMIN, &format!("cannot post in the channel {channel}"), 1)
            .await;
    }
    post(&app, "/api/v1/incidents", json!({"service": "facebook"})).await;
    post(
        &app,
        "/api/v1/incidents/whatsapp/updates",
        json!({"phase": "identified"}),
    )
    .await;
    app.settle().await;
    let tries = refused_calls(&app.fake, closed);
    assert_eq!(tries, 1, "not retried");
    let told: Vec<String> = app
        .fake
        .sent_to(ADMIN)
        .into_iter()
        .map(|s| s.text)
        .filter(|t| t.contains("cannot post in the channel"))
        .collect();
    assert_eq!(told.len(), 2, "once each: {told:#?}");
    assert!(
        told.iter()
            .any(|t| t.contains("not a member of the channel")),
        "Telegram's words: {told:#?}"
    );
}

#[test]
fn a_channel_is_named_by_its_username_or_id_and_its_services_must_exist() {
    let parse = |toml: &str| outage_bot::config::Config::parse(toml, None, &|_| None);
    assert!(parse("[[channels]]\nchat = \"@status_bd\"\nlanguage = \"bn-BD\"\n").is_ok());
    assert!(parse("[[channels]]\nchat = -1001234567890\nservices = [\"whatsapp\"]\n").is_ok());
    for bad in [
        "[[channels]]\nchat = \"status_bd\"\n",
        "[[channels]]\nchat = 12345\n",
        "[[channels]]\nchat = \"@ok_name\"\nservices = [\"whatsap\"]\n",
        "[[channels]]\nchat = \"@ok_name\"\nlanguage = \"?\"\n",
        "[[channels]]\nchat = \"@ok_name\"\n[[channels]]\nchat = \"@ok_name\"\n",
        "[[channels]]\nchat = \"@ok_name\"\n[[channels]]\nchat = \"@OK_Name\"\n",
    ] {
        let error = parse(bad).expect_err(bad).to_string();
        assert!(error.contains("channels["), "{bad}: {error}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn telegrams_wait_is_kept_and_an_incident_over_meanwhile_is_still_posted() {
    let fake = FakeTelegram::start().await;
    let news = fake.register_channel("@fast_news");
    fake.fail_chat_times(news, Failure::TooManyRequests { retry_after: 2 }, 1);
    let config = format!("{HTTP}[[channels]]\nchat = \"@fast_news\"\nlanguage = \"en\"\n");
    let app = spawn_app_on(fake, &config).await;
    post(&app, "/api/v1/incidents", json!({"service": "whatsapp"})).await;
    app.fake
        .wait_until("the first post refused", PATIENCE, |f| {
            refused_calls(f, news) > 0
        })
        .await;
    // While the channel waits, Facebook goes down and comes back, and WhatsApp moves on:
    // none of it may hurry the channel past Telegram's wait.
    post(&app, "/api/v1/incidents", json!({"service": "facebook"})).await;
    post(
        &app,
        "/api/v1/incidents/whatsapp/updates",
        json!({"phase": "identified"}),
    )
    .await;
    post(&app, "/api/v1/incidents/facebook/resolve", json!({})).await;
    wait_for(&app.fake, "both stories", news, 2).await;
    app.wait_until_channels_caught_up().await;
    let posted = channel(&app.fake, news);
    assert_eq!(posted.len(), 2, "{posted:#?}");
    assert!(posted.iter().all(|(method, ..)| method == "sendMessage"));
    // WhatsApp's post tells where its story stands now; Facebook's, that it is over.
    assert!(posted[0].2.contains("WhatsApp"), "{posted:#?}");
    assert!(
        posted[1].2.contains("Facebook is back"),
        "the story that ended meanwhile, whole: {posted:#?}"
    );
    let tries = refused_calls(&app.fake, news);
    assert_eq!(tries, 1, "nothing sent before Telegram's wait was over");
    assert!(
        app.store().channel_posts(ChatId(news)).unwrap().len() == 1,
        "WhatsApp's post only"
    );
}
