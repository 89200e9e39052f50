//! Partial failure stays partial: two identical alerts at once, an unreadable outbox
//! record, a disk that stops answering. The bot keeps answering what it can, says what
//! is stuck on `/healthz`, and loses nothing it confirmed.

use std::time::Duration;

use serde_json::{Value, json};

use crate::fake_telegram::FakeTelegram;
use crate::support::{ADMIN, API_TOKEN, PATIENCE, request, spawn_app_with, texts_containing};

const HTTP: &str = "[http]\nlisten = \"127.0.0.1:0\"\n";

fn firing() -> Value {
    json!({
        "version": "4", "status": "firing", "receiver": "outage-bot",
        "alerts": [{
            "status": "firing",
            "labels": {"alertname": "WhatsAppDown", "service": "whatsapp", "severity": "critical"},
            "annotations": {"summary": "Messages are not delivered"},
            "fingerprint": "aa01"
        }]
    })
}

#[tokio::test(flavor = "multi_thread")]
async fn two_identical_alerts_at_once_open_one_incident_and_send_one_notice() {
    let app = spawn_app_with(HTTP).await;
    let addr = app.http.unwrap();
    for id in [2, 3] {
        let user = FakeTelegram::user(id, "User", Some("en"));
        app.expect_reply(&user, "/subscribe whatsapp", "Subscribed")
            .await;
    }
    let alert = firing().to_string();
    let send = || {
        request(
            addr,
            "POST",
            "/hooks/alertmanager",
            Some(API_TOKEN),
            alert.as_bytes(),
        )
    };
    for round in 0..5 {
        let (a, b) = tokio::join!(send(), send());
        assert_eq!((a.0, b.0), (200, 200), "{a:?} {b:?}");
        let opened = [&a.1, &b.1]
            .iter()
            .filter(|o| o["opened"] == json!(["whatsapp"]))
            .count();
        let expected = if round == 0 { 1 } else { 0 };
        assert_eq!(opened, expected, "round {round}: {a:?} {b:?}");
    }
    app.wait_for_text(2, "WhatsApp is down", 1).await;
    app.settle().await;
    for chat in [2, 3] {
        assert_eq!(
            texts_containing(&app.fake, chat, "WhatsApp is down"),
            1,
            "chat {chat}"
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn an_unreadable_outbox_record_is_set_aside_and_the_others_go_on() {
    let mut app = spawn_app_with(HTTP).await;
    let john = FakeTelegram::user(3, "John", Some("en"));
    app.expect_reply(&john, "/subscribe whatsapp bkash", "Subscribed")
        .await;
    app.stop().await;
    {
        // A record a newer (or broken) build left behind, ahead of everything else.
        let db = crate::support::raw_db(&app.data_path());
        let outbox = db.open_tree("outbox").unwrap();
        outbox
            .insert(0u64.to_be_bytes(), b"\x09{not json".to_vec())
            .unwrap();
        db.flush().unwrap();
    }
    app.restart().await;
    let admin = FakeTelegram::user(ADMIN, "Admin", Some("en"));
    app.expect_reply(
        &admin,
        "/down whatsapp",
        "Sending to the one chat subscribed to WhatsApp",
    )
    .await;
    app.wait_for_text(3, "WhatsApp is down", 1).await;
    let status = app.ask(&admin, "/status").await;
    assert!(status.contains("set aside"), "admins see it: {status}");
    let (code, health) = app.get("/healthz").await;
    assert_eq!(code, 200, "{health}");
    assert_eq!(health["quarantined_broadcasts"], 1, "{health}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_stuck_disk_shows_on_healthz_and_nothing_confirmed_is_lost() {
    let app = spawn_app_with(&format!("{HTTP}[health]\nstuck_after = \"1s\"\n")).await;
    let addr = app.http.unwrap();
    let url = format!("http://{addr}/healthz");
    let health_command = || {
        std::process::Command::new(env!("CARGO_BIN_EXE_outage-bot"))
            .args(["health", "--url", &url])
            .output()
            .unwrap()
    };
    // Healthy once started: the delivery loop has beaten and the start-up work (the
    // first backup, folding old history) has gone through the writer.
    let deadline = std::time::Instant::now() + PATIENCE;
    loop {
        let (code, body) = app.get("/healthz").await;
        if code == 200 {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "never healthy: {body}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(health_command().status.success());

    let store = app.store().clone();
    let stall = store.hold_writer_for(Duration::from_secs(4)).await;
    // Meanwhile someone subscribes: the answer waits for the disk, nothing is lost.
    let john = FakeTelegram::user(3, "John", Some("en"));
    app.fake.send_text(3, &john, "/subscribe whatsapp");
    let started = std::time::Instant::now();
    loop {
        let asked = std::time::Instant::now();
        let (code, body) = app.get("/healthz").await;
        assert!(
            asked.elapsed() < Duration::from_secs(1),
            "healthz never waits on the store"
        );
        if code == 503 {
            assert!(
                body["problems"][0]
                    .as_str()
                    .unwrap()
                    .contains("store write"),
                "{body}"
            );
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(3),
            "never reported stuck: {body}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let answer = health_command();
    assert_eq!(answer.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&answer.stdout).contains("503"));
    stall.await.unwrap().unwrap();
    app.wait_for_text(3, "Subscribed", 1).await;
    let (code, body) = app.get("/healthz").await;
    assert_eq!(code, 200, "{body}");
    assert!(health_command().status.success());
    assert!(PATIENCE > Duration::from_secs(4));
}

/// Carries messages into a list, except that the first send panics (a bug in a
/// broadcast task, as far as the engine can tell).
#[derive(Default)]
struct PanicsOnce {
    panicked: std::sync::atomic::AtomicBool,
    sent: std::sync::Mutex<Vec<(i64, String)>>,
}

impl outage_bot::outbound::Transport for PanicsOnce {
    fn send(
        &self,
        chat: outage_bot::domain::ChatId,
        content: outage_bot::outbound::Content,
    ) -> futures::future::BoxFuture<'static, outage_bot::outbound::SendOutcome> {
        let panic_now = !self
            .panicked
            .swap(true, std::sync::atomic::Ordering::SeqCst);
        let mut sent = self.sent.lock().unwrap();
        sent.push((chat.0, content.text.into_string()));
        let message_id = sent.len() as i32;
        Box::pin(async move {
            assert!(!panic_now, "a bug in a broadcast task");
            outage_bot::outbound::SendOutcome::Sent { message_id }
        })
    }

    fn edit(
        &self,
        chat: outage_bot::domain::ChatId,
        message_id: i32,
        content: outage_bot::outbound::Content,
    ) -> futures::future::BoxFuture<'static, outage_bot::outbound::SendOutcome> {
        self.sent
            .lock()
            .unwrap()
            .push((chat.0, content.text.into_string()));
        Box::pin(async move { outage_bot::outbound::SendOutcome::Sent { message_id } })
    }
}

pub struct NoGroups;

impl outage_bot::bot::ChatMenus for NoGroups {
    fn set_menu(
        &self,
        _: outage_bot::domain::ChatId,
        _: Vec<(&'static str, String)>,
    ) -> futures::future::BoxFuture<'static, anyhow::Result<()>> {
        Box::pin(async { Ok(()) })
    }
}

impl outage_bot::bot::GroupAdmins for NoGroups {
    fn administrators(
        &self,
        _: outage_bot::domain::ChatId,
    ) -> futures::future::BoxFuture<'static, anyhow::Result<Vec<outage_bot::domain::UserId>>> {
        Box::pin(async { Ok(Vec::new()) })
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_broadcast_task_that_panics_frees_its_service_and_is_tried_again() {
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
    let transport = std::sync::Arc::new(PanicsOnce::default());
    let running = parts
        .start(
            outage_bot::app::FrontEnd {
                transport: transport.clone(),
                group_admins: std::sync::Arc::new(NoGroups),
                menus: std::sync::Arc::new(NoGroups),
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
    for user in 2..=6 {
        running
            .core
            .handle(say(user, "/subscribe whatsapp bkash"))
            .await;
    }
    running.core.handle(say(ADMIN, "/down whatsapp")).await;
    running.core.handle(say(ADMIN, "/down bkash")).await;
    let reached = |needle: &str| {
        let sent = transport.sent.lock().unwrap();
        (2..=6).all(|chat| sent.iter().any(|(c, t)| *c == chat && t.contains(needle)))
    };
    let deadline = std::time::Instant::now() + PATIENCE;
    while !(reached("WhatsApp is down") && reached("bKash is down")) {
        assert!(
            std::time::Instant::now() < deadline,
            "{:#?}",
            transport.sent.lock().unwrap()
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let sent = transport.sent.lock().unwrap().clone();
    for chat in 2..=6 {
        let whatsapp = sent
            .iter()
            .filter(|(c, t)| *c == chat && t.contains("WhatsApp is down"))
            .count();
        // The send that panicked may count as one of them: at most one extra, for one chat.
        assert!((1..=2).contains(&whatsapp), "chat {chat}: {whatsapp}");
    }
    running.stop().await.unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn a_stop_with_a_stuck_disk_keeps_its_budget_and_does_not_say_cleanly() {
    let mut app = spawn_app_with(HTTP).await;
    let john = FakeTelegram::user(3, "John", Some("en"));
    app.expect_reply(&john, "/subscribe whatsapp", "Subscribed")
        .await;
    let store = app.store().clone();
    let stall = store.hold_writer_for(Duration::from_secs(15)).await;
    let (took, said) = app.stop_and_say().await;
    assert!(took < Duration::from_secs(10), "took {took:?}");
    let error = said.expect_err("a flush that did not finish is not a clean stop");
    assert!(error.to_string().contains("flush"), "{error}");
    stall.await.unwrap().unwrap();
}
