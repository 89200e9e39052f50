//! Self-tests for the fake Telegram server, driven by a real teloxide `Bot`.

use std::time::Duration;

use teloxide::prelude::*;
use teloxide::types::{
    BotCommand, InlineKeyboardButton, InlineKeyboardMarkup, Seconds, UpdateKind,
};
use teloxide::{ApiError, RequestError};

use crate::fake_telegram::{Failure, FakeTelegram, Limits};

#[tokio::test(flavor = "multi_thread")]
async fn get_me_and_commands() {
    let fake = FakeTelegram::start().await;
    let bot = Bot::new(FakeTelegram::TOKEN).set_api_url(fake.api_url().parse().unwrap());
    let me = bot.get_me().await.unwrap();
    assert_eq!(me.username(), "outage_test_bot");
    assert_eq!(me.id, UserId(FakeTelegram::BOT_ID as u64));
    bot.set_my_commands([BotCommand::new("status", "Show status")])
        .await
        .unwrap();
    assert_eq!(
        fake.my_commands_calls()[0]["commands"][0]["command"],
        "status"
    );
    let wrong = Bot::new("1:wrong").set_api_url(fake.api_url().parse().unwrap());
    let err = wrong.get_me().await.unwrap_err();
    assert!(
        matches!(err, RequestError::Api(ApiError::InvalidToken)),
        "{err:?}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn send_message_is_recorded() {
    let fake = FakeTelegram::start().await;
    let msg = fake.bot().send_message(ChatId(42), "hello").await.unwrap();
    assert!(msg.chat.is_private());
    assert_eq!(msg.from.unwrap().id, UserId(FakeTelegram::BOT_ID as u64));
    let sent = fake.sent_to(42);
    assert_eq!(sent.len(), 1);
    assert_eq!(
        (sent[0].text.as_str(), sent[0].message_id),
        ("hello", msg.id.0)
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn scripted_failures_map_to_teloxide_errors() {
    let fake = FakeTelegram::start().await;
    let bot = fake.bot();
    fake.fail_chat(42, Failure::Blocked);
    let err = bot.send_message(ChatId(42), "x").await.unwrap_err();
    assert!(
        matches!(err, RequestError::Api(ApiError::BotBlocked)),
        "{err:?}"
    );

    fake.fail_chat_times(-5, Failure::MigrateTo(-1005), 1);
    let err = bot.send_message(ChatId(-5), "x").await.unwrap_err();
    assert!(
        matches!(err, RequestError::MigrateToChatId(ChatId(-1005))),
        "{err:?}"
    );
    bot.send_message(ChatId(-5), "again").await.unwrap();

    fake.fail_chat(7, Failure::TooManyRequests { retry_after: 3 });
    let err = bot.send_message(ChatId(7), "x").await.unwrap_err();
    assert!(
        matches!(err, RequestError::RetryAfter(s) if s == Seconds::from_seconds(3)),
        "{err:?}"
    );

    let err = bot.send_message(ChatId(8), " ").await.unwrap_err();
    assert!(
        matches!(err, RequestError::Api(ApiError::MessageTextIsEmpty)),
        "{err:?}"
    );
    let err = bot
        .send_message(ChatId(8), "ব".repeat(4097))
        .await
        .unwrap_err();
    assert!(
        matches!(err, RequestError::Api(ApiError::MessageIsTooLong)),
        "{err:?}"
    );
    bot.send_message(ChatId(8), "ব".repeat(4096)).await.unwrap();
    assert_eq!(fake.failed_attempts().len(), 5);
    assert_eq!(fake.sent().len(), 2);
}

#[tokio::test(flavor = "multi_thread")]
async fn limits_are_enforced() {
    let fake = FakeTelegram::start().await;
    let bot = fake.bot();
    fake.set_limits(Some(Limits::TELEGRAM));
    bot.send_message(ChatId(42), "one").await.unwrap();
    let err = bot.send_message(ChatId(42), "two").await.unwrap_err();
    assert!(matches!(err, RequestError::RetryAfter(_)), "{err:?}");
    bot.send_message(ChatId(43), "other chat").await.unwrap();
    assert_eq!(fake.violations(), 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn updates_are_delivered_and_confirmed() {
    let fake = FakeTelegram::start().await;
    let bot = fake.bot();
    let user = FakeTelegram::user(42, "Rahim", Some("bn"));
    let mid = fake.send_text(42, &user, "/start");
    let updates = bot.get_updates().timeout(0).await.unwrap();
    assert_eq!(updates.len(), 1);
    let UpdateKind::Message(m) = &updates[0].kind else {
        panic!("not a message: {:?}", updates[0].kind)
    };
    assert_eq!((m.text(), m.id.0), (Some("/start"), mid));
    assert_eq!(
        m.from.as_ref().unwrap().language_code.as_deref(),
        Some("bn")
    );
    let offset = updates[0].id.as_offset();
    assert!(
        bot.get_updates()
            .offset(offset)
            .timeout(0)
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(fake.pending_updates(), 0);

    // Long poll wakes up as soon as an update is pushed.
    let pusher = fake.clone();
    tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(50)).await;
        pusher.send_text(42, &user, "later");
    });
    let started = std::time::Instant::now();
    let updates = bot.get_updates().offset(offset).timeout(5).await.unwrap();
    assert_eq!(updates.len(), 1);
    assert!(started.elapsed() < Duration::from_secs(2));
}

#[tokio::test(flavor = "multi_thread")]
async fn buttons_and_admins() {
    let fake = FakeTelegram::start().await;
    let bot = fake.bot();
    let keyboard = InlineKeyboardMarkup::new([[InlineKeyboardButton::callback("Yes", "yes")]]);
    let msg = bot
        .send_message(ChatId(42), "Sure?")
        .reply_markup(keyboard)
        .await
        .unwrap();
    let user = FakeTelegram::user(42, "Rahim", None);
    fake.press_button(42, &user, msg.id.0, "yes");
    let updates = bot.get_updates().await.unwrap();
    let UpdateKind::CallbackQuery(q) = &updates[0].kind else {
        panic!("not a callback query: {:?}", updates[0].kind)
    };
    assert_eq!(q.data.as_deref(), Some("yes"));
    assert_eq!(q.regular_message().unwrap().text(), Some("Sure?"));
    bot.answer_callback_query(q.id.clone()).await.unwrap();
    assert_eq!(fake.answered_callbacks().len(), 1);

    fake.register_group(-100, false, &[7, 8]);
    let admins = bot.get_chat_administrators(ChatId(-100)).await.unwrap();
    assert!(admins[0].is_owner() && admins[1].is_administrator());
}

#[tokio::test(flavor = "multi_thread")]
async fn teloxide_dispatcher_polls_and_replies() {
    let fake = FakeTelegram::start().await;
    let handler = Update::filter_message().endpoint(|bot: Bot, m: Message| async move {
        let reply = format!("echo {}", m.text().unwrap_or_default());
        bot.send_message(m.chat.id, reply).await?;
        respond(())
    });
    let mut dispatcher = Dispatcher::builder(fake.bot(), handler).build();
    let shutdown = dispatcher.shutdown_token();
    let running = tokio::spawn(async move { dispatcher.dispatch().await });
    fake.send_text(42, &FakeTelegram::user(42, "Rahim", None), "/status");
    let replied = |f: &FakeTelegram| f.sent_to(42).iter().any(|s| s.text == "echo /status");
    fake.wait_until("the echo", Duration::from_secs(3), replied)
        .await;
    // The request to stop is made when `shutdown()` returns; its future only waits for
    // a notification the dispatcher sends once, to whoever waits then — one that ends
    // before the future is first polled is never heard (under load it hung here). The
    // dispatcher's own end is what says it stopped, as in the binary.
    let _ = shutdown.shutdown();
    tokio::time::timeout(Duration::from_secs(10), running)
        .await
        .expect("the dispatcher stops once asked")
        .unwrap();
    assert_eq!(fake.pending_updates(), 0);
}

#[tokio::test(flavor = "multi_thread")]
async fn limit_windows_answer_the_wait_for_the_oldest_send() {
    let fake = FakeTelegram::start().await;
    let bot = fake.bot();
    let retry_after = |err: RequestError| match err {
        RequestError::RetryAfter(s) => s.seconds(),
        other => panic!("{other:?}"),
    };
    fake.set_limits(Some(Limits {
        global_per_second: 3,
        per_chat_per_second: 0,
        per_group_per_minute: 2,
    }));
    for chat in [1, 2, -7] {
        bot.send_message(ChatId(chat), "x").await.unwrap();
    }
    let err = bot.send_message(ChatId(4), "x").await.unwrap_err();
    assert_eq!(retry_after(err), 1);
    tokio::time::sleep(Duration::from_millis(1100)).await;
    bot.send_message(ChatId(-7), "x").await.unwrap();
    let err = bot.send_message(ChatId(-7), "x").await.unwrap_err();
    assert!((58..=60).contains(&retry_after(err)));
    bot.send_message(ChatId(-8), "another group").await.unwrap();
    assert_eq!(fake.violations(), 2);
    assert_eq!(
        fake.failed_attempts()
            .iter()
            .filter(|a| a.limit_violation)
            .count(),
        2
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn push_texts_wakes_a_long_poll_once_with_every_update() {
    let fake = FakeTelegram::start().await;
    let bot = fake.bot();
    let users: Vec<_> = (1..=3)
        .map(|id| FakeTelegram::user(id, "Asker", Some("bn")))
        .collect();
    let pusher = fake.clone();
    let messages: Vec<(i64, _, String)> = users
        .iter()
        .map(|u| (u.id, u.clone(), format!("/status n{}", u.id)))
        .collect();
    tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(50)).await;
        pusher.push_texts(&messages);
    });
    let updates = bot.get_updates().timeout(5).await.unwrap();
    assert_eq!(updates.len(), 3);
    for (update, user) in updates.iter().zip(&users) {
        let UpdateKind::Message(m) = &update.kind else {
            panic!("not a message: {:?}", update.kind)
        };
        assert_eq!(m.chat.id, ChatId(user.id));
        assert_eq!(m.text(), Some(format!("/status n{}", user.id).as_str()));
        assert_eq!(m.entities().unwrap()[0].length, "/status".len());
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn texts_by_chat_and_reading_sent_as_it_goes() {
    let fake = FakeTelegram::start().await;
    let bot = fake.bot();
    let first = bot.send_message(ChatId(42), "a").await.unwrap();
    let seen = fake.sent_count();
    bot.send_message(ChatId(43), "b").await.unwrap();
    bot.send_message(ChatId(42), "c").await.unwrap();
    bot.edit_message_text(ChatId(42), first.id, "a2")
        .await
        .unwrap();
    let texts = fake.texts_by_chat();
    assert_eq!(texts.len(), 2);
    assert_eq!(texts[&42], ["a", "c", "a2"]);
    assert_eq!(texts[&43], ["b"]);
    let new = fake.sent_from(seen);
    assert_eq!(new.len(), 3);
    assert!(new[0].at <= new[2].at && new[2].method == "editMessageText");
}

#[tokio::test(flavor = "multi_thread")]
async fn an_outage_fails_every_method_the_ways_telegram_does() {
    use crate::fake_telegram::Outage;

    let fake = FakeTelegram::start().await;
    let bot = fake.bot();
    // A JSON 502: teloxide waits 10 s on any 5xx, then knows the description not.
    fake.start_outage(Outage::Answer(Failure::JsonServerError(502)));
    let started = std::time::Instant::now();
    let err = bot.get_me().await.unwrap_err();
    assert!(
        matches!(&err, RequestError::Api(ApiError::Unknown(d)) if d == "Bad Gateway"),
        "{err:?}"
    );
    assert!(
        started.elapsed() >= Duration::from_secs(10),
        "teloxide's own wait"
    );
    // nginx's HTML page is not JSON at all.
    fake.start_outage(Outage::Answer(Failure::HtmlPage(502)));
    let err = bot.send_message(ChatId(42), "x").await.unwrap_err();
    assert!(
        matches!(&err, RequestError::InvalidJson { raw, .. } if raw.contains("<center>nginx")),
        "{err:?}"
    );
    // A cut connection is a network error.
    fake.start_outage(Outage::Reset);
    let err = bot.send_message(ChatId(42), "x").await.unwrap_err();
    assert!(matches!(err, RequestError::Network(_)), "{err:?}");
    // A hang: the send is taken, the answer comes after the client gave up.
    fake.start_outage(Outage::Hang {
        hold: Duration::from_secs(2),
    });
    let quick = reqwest::Client::builder()
        .timeout(Duration::from_millis(500))
        .build()
        .unwrap();
    let hung = Bot::with_client(FakeTelegram::TOKEN, quick)
        .set_api_url(fake.api_url().parse().unwrap())
        .send_message(ChatId(42), "taken")
        .await
        .unwrap_err();
    assert!(matches!(hung, RequestError::Network(_)), "{hung:?}");
    assert_eq!(fake.applied_unanswered(), vec![42]);
    assert_eq!(fake.sent_to(42).len(), 1, "Telegram did take it");
    fake.end_outage();
    bot.send_message(ChatId(42), "again").await.unwrap();
    assert_eq!(fake.outage_calls(), 4);
}

#[tokio::test(flavor = "multi_thread")]
async fn latency_delays_the_answer_and_where_the_limits_count() {
    use crate::fake_telegram::Latency;

    let fake = FakeTelegram::start().await;
    fake.set_latency(Latency {
        before: Duration::from_millis(60),
        after: Duration::from_millis(40),
    });
    let asked = std::time::Instant::now();
    fake.bot().send_message(ChatId(42), "x").await.unwrap();
    let answered = asked.elapsed();
    let taken = fake.sent_to(42)[0].at.duration_since(asked);
    assert!(answered >= Duration::from_millis(100), "{answered:?}");
    assert!(
        taken >= Duration::from_millis(60) && taken < answered,
        "taken at {taken:?}, answered at {answered:?}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn replies_find_their_message_or_say_it_is_gone() {
    use teloxide::types::{MessageId, ReplyParameters};
    let fake = FakeTelegram::start().await;
    let bot = fake.bot();
    let first = bot.send_message(ChatId(42), "down").await.unwrap();
    let reply = bot
        .send_message(ChatId(42), "back")
        .reply_parameters(ReplyParameters::new(first.id))
        .await
        .unwrap();
    assert_eq!(reply.reply_to_message().map(|m| m.id), Some(first.id));
    assert_eq!(fake.sent_to(42)[1].reply_to, Some(first.id.0));

    fake.delete_message(42, first.id.0);
    let err = bot
        .send_message(ChatId(42), "back")
        .reply_parameters(ReplyParameters::new(first.id))
        .await
        .unwrap_err();
    assert!(
        matches!(err, RequestError::Api(ApiError::MessageToReplyNotFound)),
        "{err:?}"
    );
    let anyway = bot
        .send_message(ChatId(42), "back")
        .reply_parameters(ReplyParameters::new(MessageId(first.id.0)).allow_sending_without_reply())
        .await
        .unwrap();
    assert!(anyway.reply_to_message().is_none());
    assert_eq!(fake.sent_to(42).last().unwrap().reply_to, None);
}
