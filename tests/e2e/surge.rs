//! The outage day, against the real binary: thousands of people at once, a broadcast
//! going out while they all ask, a `kill -9` at a random instant, then SIGTERM with an
//! HTTP client holding a connection open. Nothing freezes, every command is answered
//! exactly once, `/healthz` stays quick, nothing confirmed is lost.

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::fake_telegram::{FakeTelegram, Limits, TgUser};
use crate::support::{ADMIN, free_port, start_bot};

const USERS: i64 = 2_000;
const FIRST_USER: i64 = 500_000;
/// How long the whole surge may take before the test calls it frozen.
const FROZEN_AFTER: Duration = Duration::from_secs(60);

fn users() -> Vec<TgUser> {
    (0..USERS)
        .map(|i| FakeTelegram::user(FIRST_USER + i, "User", Some("en")))
        .collect()
}

/// Whether the half of the users who also ask `/status` includes this one.
fn asks_status(user: &TgUser) -> bool {
    user.id % 2 == 0
}

/// What each user has received so far: (replies and notices in total, "down" notices,
/// "back" notices).
fn tally(fake: &FakeTelegram) -> HashMap<i64, (usize, usize, usize)> {
    fake.texts_by_chat()
        .into_iter()
        .map(|(chat, texts)| {
            let down = texts
                .iter()
                .filter(|t| t.contains("WhatsApp is down"))
                .count();
            let back = texts
                .iter()
                .filter(|t| t.contains("WhatsApp is back"))
                .count();
            (chat, (texts.len(), down, back))
        })
        .collect()
}

/// Waits (checking every 100 ms, since each check reads thousands of messages) until
/// `done` holds for every user.
async fn wait_for_all(
    fake: &FakeTelegram,
    what: &str,
    done: impl Fn(&TgUser, (usize, usize, usize)) -> bool,
) {
    let users = users();
    let deadline = Instant::now() + FROZEN_AFTER;
    loop {
        let tally = tally(fake);
        let missing: Vec<i64> = users
            .iter()
            .filter(|u| !done(u, tally.get(&u.id).copied().unwrap_or_default()))
            .map(|u| u.id)
            .collect();
        if missing.is_empty() {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "frozen? {} users still wait for {what}, e.g. {:?}; the admin saw {:?}: {:?}",
            missing.len(),
            &missing[..missing.len().min(5)],
            fake.texts_by_chat().remove(&ADMIN),
            missing
                .iter()
                .take(3)
                .map(|id| fake.texts_by_chat().remove(id))
                .collect::<Vec<_>>()
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Asks `/healthz` every 100 ms while `watching`; returns the slowest answer and every
/// answer that was not a quick 200.
async fn watch_health(
    port: u16,
    watching: Arc<AtomicBool>,
    stop: Arc<AtomicBool>,
) -> (Duration, Vec<String>) {
    let mut slowest = Duration::ZERO;
    let mut bad = Vec::new();
    while !stop.load(Ordering::SeqCst) {
        if watching.load(Ordering::SeqCst) {
            let asked = Instant::now();
            let answer = tokio::time::timeout(Duration::from_secs(2), async {
                let mut stream = tokio::net::TcpStream::connect(("127.0.0.1", port)).await?;
                stream
                    .write_all(b"GET /healthz HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n")
                    .await?;
                let mut response = Vec::new();
                stream.read_to_end(&mut response).await?;
                Ok::<_, std::io::Error>(String::from_utf8_lossy(&response).into_owned())
            })
            .await;
            let took = asked.elapsed();
            // The watch may have been switched off (a kill) while this was asked.
            if watching.load(Ordering::SeqCst) {
                slowest = slowest.max(took);
                match answer {
                    Ok(Ok(text)) if text.starts_with("HTTP/1.1 200") => {}
                    other => bad.push(format!("{other:?}")),
                }
            }
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    (slowest, bad)
}

#[tokio::test(flavor = "multi_thread")]
async fn an_outage_day_surge_is_answered_once_each_and_survives_kill_and_sigterm() {
    let started = Instant::now();
    let fake = FakeTelegram::start().await;
    fake.set_limits(Some(Limits {
        global_per_second: 1000,
        per_chat_per_second: 1,
        per_group_per_minute: 20,
    }));
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("db");
    let port = free_port();
    let config = dir.path().join("bot.toml");
    std::fs::write(
        &config,
        format!(
            "data_dir = {:?}\nadmins = [{ADMIN}]\n[telegram]\nmessages_per_second = 1000\n[http]\nlisten = \"127.0.0.1:{port}\"\n",
            data.display().to_string()
        ),
    )
    .unwrap();
    let users = users();
    let admin = FakeTelegram::user(ADMIN, "Admin", Some("en"));
    let mut bot = start_bot(&fake, &config);
    fake.wait_until("the bot to start polling", Duration::from_secs(20), |f| {
        f.polls() > 0
    })
    .await;
    let (watching, stop_watching) = (
        Arc::new(AtomicBool::new(true)),
        Arc::new(AtomicBool::new(false)),
    );
    let watcher = tokio::spawn(watch_health(port, watching.clone(), stop_watching.clone()));

    // 2,000 people subscribe within a second.
    let subscribe: Vec<_> = users
        .iter()
        .map(|u| (u.id, u.clone(), "/subscribe whatsapp".to_owned()))
        .collect();
    fake.push_texts(&subscribe);
    wait_for_all(&fake, "their subscription", |_, (total, _, _)| total >= 1).await;

    // The admin posts the outage; while it goes out, everyone reports it and half ask
    // for the status.
    fake.send_text(ADMIN, &admin, "/down whatsapp Servers unreachable");
    let mut asking = Vec::new();
    for user in &users {
        asking.push((user.id, user.clone(), "/report whatsapp".to_owned()));
        if asks_status(user) {
            asking.push((user.id, user.clone(), "/status whatsapp".to_owned()));
        }
    }
    fake.push_texts(&asking);
    let expected = |user: &TgUser| 3 + usize::from(asks_status(user));
    wait_for_all(
        &fake,
        "the notice and their answers",
        |u, (total, down, _)| total >= expected(u) && down >= 1,
    )
    .await;
    // Nothing more arrives: each command was answered exactly once.
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let tally_now = tally(&fake);
    for user in &users {
        let (total, down, _) = tally_now[&user.id];
        assert_eq!((total, down), (expected(user), 1), "user {}", user.id);
    }
    // Every limit is counted from when Telegram answered the sends before, so none is
    // ever exceeded, however loaded the machine (the bot, the fake Telegram and the test
    // on two cores).
    assert_eq!(fake.violations(), 0, "sends refused for flooding");

    // "It's back", and a kill -9 at a random instant while it goes out.
    fake.send_text(ADMIN, &admin, "/up whatsapp");
    let instant = Duration::from_millis(rand_below(400));
    tokio::time::sleep(instant).await;
    watching.store(false, Ordering::SeqCst);
    bot.kill();
    let polls_before = fake.polls();
    let mut bot = start_bot(&fake, &config);
    fake.wait_until("the bot to poll again", Duration::from_secs(20), |f| {
        f.polls() > polls_before
    })
    .await;
    watching.store(true, Ordering::SeqCst);
    wait_for_all(
        &fake,
        "the 'back' notice after the kill",
        |_, (_, _, back)| back >= 1,
    )
    .await;
    let duplicates: usize = tally(&fake)
        .values()
        .map(|&(_, _, back)| back.saturating_sub(1))
        .sum();
    // Only sends in flight, or since the last checkpoint (every 100 ms), at the kill.
    assert!(
        duplicates <= 150,
        "{duplicates} repeated 'back' notices after a kill at {instant:?}"
    );

    // SIGTERM while one client holds a connection open mid-request and another idles.
    let mut slow = tokio::net::TcpStream::connect(("127.0.0.1", port))
        .await
        .unwrap();
    slow.write_all(b"POST /api/v1/incidents HTTP/1.1\r\nHost: t\r\n")
        .await
        .unwrap();
    let _idle = tokio::net::TcpStream::connect(("127.0.0.1", port))
        .await
        .unwrap();
    watching.store(false, Ordering::SeqCst);
    stop_watching.store(true, Ordering::SeqCst);
    let (slowest, bad) = watcher.await.unwrap();
    let (took, clean) = tokio::task::spawn_blocking(move || {
        let answer = bot.terminate(Duration::from_secs(10));
        drop(bot);
        answer
    })
    .await
    .unwrap();
    assert!(took.is_some(), "SIGTERM did not end the bot within 10 s");
    assert!(clean, "the bot stopped cleanly");
    assert!(bad.is_empty(), "/healthz was not a quick 200: {bad:?}");
    assert!(
        slowest < Duration::from_secs(1),
        "/healthz took {slowest:?}"
    );

    // Every confirmed subscription is on disk.
    let store = outage_bot::store::Store::open(&data).unwrap();
    let whatsapp = outage_bot::domain::ServiceId::parse("whatsapp").unwrap();
    assert_eq!(store.subscriber_count(&whatsapp), USERS as usize);
    assert!(
        started.elapsed() < Duration::from_secs(90),
        "took {:?}",
        started.elapsed()
    );
}

/// A number below `n` that differs from run to run (a random instant for the kill).
fn rand_below(n: u64) -> u64 {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    u64::from(nanos) % n
}
