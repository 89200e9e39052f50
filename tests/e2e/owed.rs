//! A chat stays owed its notice while sends to it fail in ways worth another try: an
//! answer nobody knows is never a reason to give up, a shutdown never turns a waiting
//! chat into a failed one, and only `delivery.give_up_after` (on the app's clock) or a
//! refusal of the message itself ends the wait. A refusal is told to the admins.

use std::time::Duration;

use crate::fake_telegram::{Failure, FakeTelegram};
use crate::support::{ADMIN, PATIENCE, TestApp, spawn_app_with, texts_containing};

/// An answer Telegram may give tomorrow: nothing says the chat is gone.
fn unheard_of() -> Failure {
    Failure::BadRequest("Bad Request: something nobody has seen before".into())
}

async fn five_subscribers(app: &TestApp) {
    for chat in 2..=6 {
        let user = FakeTelegram::user(chat, "User", Some("en"));
        app.expect_reply(&user, "/subscribe whatsapp", "Subscribed")
            .await;
    }
}

fn summary_of(app: &TestApp) -> Option<String> {
    app.fake
        .sent_to(ADMIN)
        .into_iter()
        .map(|s| s.text)
        .rfind(|t| t.starts_with("✅ WhatsApp"))
}

async fn post_down(app: &TestApp) {
    let admin = FakeTelegram::user(ADMIN, "Admin", Some("en"));
    app.expect_reply(&admin, "/down whatsapp", "Sending to 5 chats")
        .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn an_answer_nobody_knows_keeps_the_chat_owed_until_give_up_after() {
    let app = spawn_app_with("[delivery]\ngive_up_after = \"1h\"\n").await;
    five_subscribers(&app).await;
    app.fake.fail_chat(3, unheard_of());
    post_down(&app).await;
    for chat in [2, 4, 5, 6] {
        app.wait_for_text(chat, "WhatsApp is down", 1).await;
    }
    // Tried again and again, and the broadcast is not over while chat 3 is owed.
    app.fake
        .wait_until("chat 3 tried three times", PATIENCE, |f| {
            f.failed_attempts()
                .iter()
                .filter(|a| a.chat_id == 3)
                .count()
                >= 3
        })
        .await;
    assert_eq!(summary_of(&app), None, "not finished while a chat is owed");
    // An hour passes on the app's clock: the next try is the last.
    app.clock.advance(chrono::Duration::minutes(61));
    let done = "✅ WhatsApp: reached 4 of 5 chats · 1 failed";
    app.fake
        .wait_until(done, Duration::from_secs(60), |f| {
            texts_containing(f, ADMIN, done) == 1
        })
        .await;
    assert_eq!(texts_containing(&app.fake, 3, "WhatsApp is down"), 0);
    // Still subscribed: an unknown answer never unsubscribes anyone.
    app.fake.fail_chat_times(3, unheard_of(), 0);
    let user = FakeTelegram::user(3, "User", Some("en"));
    app.expect_reply(&user, "/mysubs", "WhatsApp").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_refused_message_is_not_sent_again_and_the_admins_hear_why() {
    let app = spawn_app_with("").await;
    five_subscribers(&app).await;
    app.fake.fail_chat(
        4,
        Failure::BadRequest(
            "Bad Request: can't parse entities: Can't find end of the entity starting at byte offset 12"
                .into(),
        ),
    );
    post_down(&app).await;
    let done = "✅ WhatsApp: reached 4 of 5 chats · 1 failed";
    app.fake
        .wait_until(done, PATIENCE, |f| texts_containing(f, ADMIN, done) == 1)
        .await;
    let attempts = app
        .fake
        .failed_attempts()
        .iter()
        .filter(|a| a.chat_id == 4)
        .count();
    assert_eq!(attempts, 1, "a refused message is not sent again");
    app.wait_for_text(ADMIN, "Telegram refused the notice about WhatsApp", 1)
        .await;
    let told = app
        .fake
        .sent_to(ADMIN)
        .into_iter()
        .map(|s| s.text)
        .find(|t| t.contains("Telegram refused"))
        .unwrap();
    assert!(told.contains("can't parse entities"), "{told}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_chat_waiting_out_its_backoff_at_shutdown_is_sent_to_after_the_restart() {
    let mut app = spawn_app_with("").await;
    five_subscribers(&app).await;
    app.fake.fail_chat(5, unheard_of());
    post_down(&app).await;
    for chat in [2, 3, 4, 6] {
        app.wait_for_text(chat, "WhatsApp is down", 1).await;
    }
    app.fake
        .wait_until("chat 5 tried twice", PATIENCE, |f| {
            f.failed_attempts()
                .iter()
                .filter(|a| a.chat_id == 5)
                .count()
                >= 2
        })
        .await;
    app.stop().await;
    {
        // The outbox says chat 5 is still owed.
        let store = outage_bot::store::Store::open(&app.data_path()).unwrap();
        let pending = store.pending_broadcasts().unwrap();
        assert_eq!(pending.len(), 1);
        assert_eq!(pending[0].pending, vec![outage_bot::domain::ChatId(5)]);
        assert_eq!(pending[0].tally.failed, 0);
    }
    app.fake.fail_chat_times(5, unheard_of(), 0);
    app.restart().await;
    app.wait_for_text(5, "WhatsApp is down", 1).await;
    let done = "✅ WhatsApp: reached all 5 chats";
    app.fake
        .wait_until(done, PATIENCE, |f| texts_containing(f, ADMIN, done) == 1)
        .await;
    for chat in 2..=6 {
        assert_eq!(
            texts_containing(&app.fake, chat, "WhatsApp is down"),
            1,
            "chat {chat}"
        );
    }
}

/// Telegram as a switch: while `down`, every send and `getMe` fail as a cut connection
/// does — except in the admin's chat, so the test can read what the admin is shown.
#[derive(Default)]
struct Switch {
    down: std::sync::atomic::AtomicBool,
    shown: std::sync::Mutex<Vec<(i64, String)>>,
    /// How many times the gate asked whether Telegram answers (`getMe`).
    probes: std::sync::atomic::AtomicUsize,
}

impl outage_bot::outbound::Transport for Switch {
    fn send(
        &self,
        chat: outage_bot::domain::ChatId,
        content: outage_bot::outbound::Content,
    ) -> futures::future::BoxFuture<'static, outage_bot::outbound::SendOutcome> {
        use outage_bot::outbound::SendOutcome;
        let outcome = if self.down.load(std::sync::atomic::Ordering::SeqCst) && chat.0 != ADMIN {
            SendOutcome::Transient("connection reset".into())
        } else {
            let mut shown = self.shown.lock().unwrap();
            shown.push((chat.0, content.text.into_string()));
            SendOutcome::Sent {
                message_id: shown.len() as i32,
            }
        };
        Box::pin(async move { outcome })
    }

    fn edit(
        &self,
        chat: outage_bot::domain::ChatId,
        message_id: i32,
        content: outage_bot::outbound::Content,
    ) -> futures::future::BoxFuture<'static, outage_bot::outbound::SendOutcome> {
        self.shown
            .lock()
            .unwrap()
            .push((chat.0, content.text.into_string()));
        Box::pin(async move { outage_bot::outbound::SendOutcome::Sent { message_id } })
    }

    fn probe(&self) -> futures::future::BoxFuture<'static, bool> {
        self.probes
            .fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        let up = !self.down.load(std::sync::atomic::Ordering::SeqCst);
        Box::pin(async move { up })
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn while_telegram_fails_for_everyone_the_admin_reads_so_and_nobody_is_given_up() {
    use std::sync::atomic::Ordering;

    use outage_bot::bot::{Body, Incoming};
    use outage_bot::domain::{ChatId, ChatKind, UserId};

    let dir = tempfile::tempdir().unwrap();
    let toml = format!(
        "data_dir = {:?}\nadmins = [{ADMIN}]\n",
        dir.path().display().to_string()
    );
    let config = outage_bot::config::Config::parse(&toml, None, &|_| None).unwrap();
    let clock = std::sync::Arc::new(outage_bot::clock::ManualClock::new(
        crate::support::seed_time(),
    ));
    let parts = outage_bot::app::Parts::assemble(config, clock).unwrap();
    let health = parts.health.clone();
    let telegram = std::sync::Arc::new(Switch::default());
    let running = parts
        .start(
            outage_bot::app::FrontEnd {
                transport: telegram.clone(),
                group_admins: std::sync::Arc::new(crate::faults::NoGroups),
                menus: std::sync::Arc::new(crate::faults::NoGroups),
                bot_username: None,
                polls: false,
                routes: None,
            },
            tokio_util::sync::CancellationToken::new(),
        )
        .unwrap();
    let say = |user: i64, text: &str| Incoming {
        chat: ChatId(user),
        chat_kind: ChatKind::Private,
        user: UserId(user),
        user_lang: Some("en".into()),
        body: Body::Text(text.into()),
    };
    for user in 2..=21 {
        running.core.handle(say(user, "/subscribe whatsapp")).await;
    }
    telegram.down.store(true, Ordering::SeqCst);
    let posted = running.core.handle(say(ADMIN, "/down whatsapp")).await;
    running.engine.reply(posted);
    let shown = |needle: &str| {
        telegram
            .shown
            .lock()
            .unwrap()
            .iter()
            .any(|(chat, text)| *chat == ADMIN && text.contains(needle))
    };
    let deadline = std::time::Instant::now() + PATIENCE;
    while !(shown("Telegram is not answering — trying again")
        && health.report().telegram.starts_with("failing since"))
    {
        assert!(
            std::time::Instant::now() < deadline,
            "{:#?} {:?}",
            telegram.shown.lock().unwrap(),
            health.report().telegram
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(health.report().ok, "the bot itself is fine");
    // Telegram stays down for everyone while the gate's prober asks twice more (on its
    // own real-time pace): still owed, never given up.
    let asked = telegram.probes.load(Ordering::SeqCst);
    let deadline = std::time::Instant::now() + PATIENCE;
    while telegram.probes.load(Ordering::SeqCst) < asked + 2 {
        assert!(
            std::time::Instant::now() < deadline,
            "the gate stopped asking"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(!shown("✅ WhatsApp"));
    telegram.down.store(false, Ordering::SeqCst);
    let done = "✅ WhatsApp: reached all 20 chats";
    let deadline = std::time::Instant::now() + PATIENCE;
    while !shown(done) {
        assert!(
            std::time::Instant::now() < deadline,
            "{:#?}",
            telegram.shown.lock().unwrap()
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(health.report().telegram, "ok");
    let notices = telegram
        .shown
        .lock()
        .unwrap()
        .iter()
        .filter(|(_, text)| text.contains("WhatsApp is down"))
        .count();
    assert_eq!(notices, 20, "each once");
    running.stop().await.unwrap();
}
