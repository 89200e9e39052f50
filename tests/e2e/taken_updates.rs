//! What a person sent is handled even when the bot is killed after Telegram was told it
//! arrived and before it was handled (Telegram forgets an update once the bot asks for
//! the next ones): each update is kept in the store until handled, and what a run left is
//! handled first at the next start, once.

use std::time::{Duration, Instant};

use outage_bot::store::Store;

use crate::fake_telegram::{FakeTelegram, TgUser};
use crate::metrics::sample;
use crate::support::{
    ADMIN, PATIENCE, config_with_http, free_port, spawn_app, start_bot, subscribed,
};

/// Updates Telegram gave away before the bot stopped (an admin's `/down`, a person's
/// `/subscribe`) are handled when it starts again, and only then.
#[tokio::test(flavor = "multi_thread")]
async fn updates_left_unhandled_are_handled_at_the_next_start_once() {
    let mut app = spawn_app().await;
    let reader = FakeTelegram::user(41, "Reader", Some("en"));
    subscribed(&app, reader.id, "whatsapp").await;
    // A chat's updates one after another, each forgotten once handled: nothing is kept
    // after a quiet stop.
    let asks: Vec<(i64, TgUser, String)> = ["/status", "/services", "/status whatsapp", "/help"]
        .into_iter()
        .map(|text| (reader.id, reader.clone(), text.to_owned()))
        .collect();
    app.fake.push_texts(&asks);
    app.settle().await;
    assert_eq!(
        app.store().taken_update_count(),
        0,
        "every update handled is forgotten"
    );
    app.stop().await;
    assert_eq!(
        Store::open(&app.data_path())
            .unwrap()
            .take_left_over_updates()
            .await
            .unwrap(),
        Default::default(),
        "nothing left for the next start"
    );

    // Taken, confirmed and kept, but the bot stopped before handling them.
    let newcomer = FakeTelegram::user(42, "Newcomer", Some("en"));
    let admin = FakeTelegram::user(ADMIN, "Admin", Some("en"));
    let left: Vec<(u32, Vec<u8>)> = [
        (newcomer.id, &newcomer, "/subscribe whatsapp"),
        (ADMIN, &admin, "/down whatsapp"),
    ]
    .into_iter()
    .map(|(chat, from, text)| {
        let (id, json) = app.fake.given_away_text(chat, from, text);
        (id, serde_json::to_vec(&json).unwrap())
    })
    .collect();
    {
        let store = Store::open(&app.data_path()).unwrap();
        store.keep_taken_updates(left).await.unwrap();
    }

    app.start();
    app.wait_for_text(newcomer.id, "Subscribed to WhatsApp", 1)
        .await;
    app.wait_for_text(ADMIN, "Posted", 1).await;
    app.wait_for_text(reader.id, "WhatsApp is down", 1).await;
    app.settle().await;
    let whatsapp = outage_bot::domain::ServiceId::parse("whatsapp").unwrap();
    assert_eq!(app.store().subscriber_count(&whatsapp), 2);
    assert_eq!(
        app.store().taken_update_count(),
        0,
        "every update forgotten once handled"
    );

    // Handled once: another start hands nothing over again.
    let before = app.fake.sent_count();
    app.restart().await;
    app.wait_for_text(newcomer.id, "Subscribed to WhatsApp", 1)
        .await;
    let asked = app.ask(&newcomer, "/status whatsapp").await;
    assert!(asked.contains("WhatsApp"), "{asked}");
    app.settle().await;
    let sent = app.fake.sent_from(before);
    assert_eq!(
        sent.len(),
        1,
        "only the answer to /status after the second start: {sent:?}"
    );
    assert_eq!(app.store().taken_update_count(), 0);
}

/// The real binary, killed (-9) the moment Telegram has been told a burst of a thousand
/// `/subscribe`s and an admin's `/down` arrived: after the restart every one of them has
/// taken effect, and nothing is left to handle.
#[tokio::test(flavor = "multi_thread")]
async fn a_kill_after_telegram_gave_the_updates_away_loses_none() {
    const PEOPLE: i64 = 1_000;
    // The kill must land before the bot has handled everything it took, or there is
    // nothing to test: a busy machine can be slow to deliver it, so up to a few tries.
    for attempt in 1..=3 {
        let fake = FakeTelegram::start().await;
        let dir = tempfile::tempdir().unwrap();
        let port = free_port();
        let config = config_with_http(dir.path(), &dir.path().join("db"), port);
        let mut bot = start_bot(&fake, &config);
        fake.wait_until("the bot to poll", PATIENCE, |f| f.polls() > 0)
            .await;

        let admin = FakeTelegram::user(ADMIN, "Admin", Some("en"));
        let mut burst: Vec<(i64, TgUser, String)> = (0..PEOPLE)
            .map(|i| {
                let person = FakeTelegram::user(800_000 + i, "Person", Some("en"));
                (person.id, person, "/subscribe whatsapp".to_owned())
            })
            .collect();
        burst.insert(
            PEOPLE as usize / 2,
            (ADMIN, admin, "/down whatsapp".to_owned()),
        );
        // Telegram forgets what the bot confirmed; the bot confirms a batch as it asks
        // for the next, long before the batch is handled. Killed at that moment.
        let confirmed = fake.all_confirmed();
        tokio::pin!(confirmed);
        confirmed.as_mut().enable();
        fake.push_texts(&burst);
        tokio::time::timeout(PATIENCE, confirmed)
            .await
            .expect("the bot takes every update");
        bot.kill();
        let left = Store::open(&dir.path().join("db"))
            .unwrap()
            .taken_update_count();
        if left == 0 {
            eprintln!("attempt {attempt}: the kill came after every update was handled");
            continue;
        }

        let _bot = start_bot(&fake, &config);
        let addr = std::net::SocketAddr::from(([127, 0, 0, 1], port));
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let metrics = match tokio::time::timeout(PATIENCE, scrape_when_up(addr)).await {
                Ok(Some(text)) => text,
                _ => String::new(),
            };
            let subscribers = sample(&metrics, "outage_bot_subscribers{service=\"whatsapp\"}");
            let open = sample(&metrics, "outage_bot_open_incidents");
            let unhandled = sample(&metrics, "outage_bot_updates_unhandled");
            if subscribers == Some(PEOPLE as f64) && open == Some(1.0) && unhandled == Some(0.0) {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "after the restart ({left} left by the kill): {subscribers:?} of {PEOPLE} subscribed, {open:?} open, {unhandled:?} left to handle"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
    panic!("three kills came after every update was handled: nothing tested");
}

/// `/metrics`, or nothing while the restarted bot does not listen yet.
async fn scrape_when_up(addr: std::net::SocketAddr) -> Option<String> {
    let answer = reqwest::get(format!("http://{addr}/metrics")).await.ok()?;
    answer.text().await.ok()
}
