//! `spawn_app()`: the real application (real teloxide, real sled in a temp dir) against
//! the fake Telegram server, with a clock the test moves by hand.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use chrono::{TimeZone, Utc};
use outage_bot::activity::Activity;
use outage_bot::app::{Parts, StartError};
use outage_bot::clock::ManualClock;
use outage_bot::config::Config;
use outage_bot::secret::BotToken;
use outage_bot::store::Store;
use serde_json::{Value, json};
use tempfile::TempDir;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

use crate::fake_telegram::{FakeTelegram, Sent, TgUser};

/// The admin of every test app.
pub const ADMIN: i64 = 1001;
/// The HTTP API token of every test app.
pub const API_TOKEN: &str = "test-api-token-0123456789abcdefghij";
/// The monitors' token of every test app: their webhooks, and nothing else.
pub const HOOK_TOKEN: &str = "test-hook-token-0123456789abcdefghij";
/// What a website's "not working for me" button holds: crowd reports only.
pub const REPORTS_TOKEN: &str = "test-reports-token-0123456789abcdef";
/// How long a test waits for something the bot should do at once.
pub const PATIENCE: Duration = Duration::from_secs(20);

pub struct TestApp {
    pub fake: FakeTelegram,
    pub clock: Arc<ManualClock>,
    /// Kept so the data dir lives as long as the test (and across restarts).
    pub data_dir: Arc<TempDir>,
    extra_config: String,
    /// Where the HTTP API listens, when the test configured `[http]`.
    pub http: Option<std::net::SocketAddr>,
    shutdown: CancellationToken,
    running: Option<JoinHandle<Result<(), StartError>>>,
    /// The running app's store, for tests that reach under the bot; let go at stop.
    store: Option<Store>,
    /// The running app's maintenance timer, to wait until it has looked at the clock.
    maintenance: Option<outage_bot::maintenance::Maintenance>,
    /// How far the running app's probes, and its retention sweep, have looked at the
    /// clock.
    probe_looks: Vec<outage_bot::clock::Looked>,
    retention_look: Option<outage_bot::clock::Looked>,
    /// The running app's updates taken and not yet handled, and answers not yet sent.
    updates_in_hand: Activity,
    answers_in_hand: Activity,
    channels_caught_up: outage_bot::channels::CaughtUp,
}

/// 1 Nov 2022, 12:30 in Dhaka: when WhatsApp stopped.
pub fn seed_time() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2022, 11, 1, 6, 30, 0).unwrap()
}

pub async fn spawn_app() -> TestApp {
    spawn_app_with("").await
}

/// Starts the app with extra TOML appended to the test configuration.
pub async fn spawn_app_with(extra_config: &str) -> TestApp {
    spawn_app_on(FakeTelegram::start().await, extra_config).await
}

/// `spawn_app_with`, against a fake Telegram the test prepared (channels registered).
pub async fn spawn_app_on(fake: FakeTelegram, extra_config: &str) -> TestApp {
    outage_bot::telemetry::init("warn");
    let mut app = TestApp {
        fake,
        clock: Arc::new(ManualClock::new(seed_time())),
        data_dir: Arc::new(tempfile::tempdir().unwrap()),
        extra_config: extra_config.to_owned(),
        http: None,
        shutdown: CancellationToken::new(),
        running: None,
        store: None,
        maintenance: None,
        probe_looks: Vec::new(),
        retention_look: None,
        updates_in_hand: Activity::default(),
        answers_in_hand: Activity::default(),
        channels_caught_up: Default::default(),
    };
    app.start();
    app
}

impl TestApp {
    pub fn data_path(&self) -> PathBuf {
        self.data_dir.path().join("db")
    }

    /// Starts the app (again, after `stop`) on the same data dir.
    pub fn start(&mut self) {
        // Dhaka's clock unless the test names another deployment's.
        let zone = if self.extra_config.contains("timezone =") {
            ""
        } else {
            "timezone = \"Asia/Dhaka\"\n"
        };
        let toml = format!(
            "data_dir = {:?}\nadmins = [{ADMIN}]\n{zone}{}",
            self.data_path().display().to_string(),
            self.extra_config
        );
        let env = |key: &str| match key {
            "OUTAGE_BOT_API_TOKEN" => Some(API_TOKEN.to_owned()),
            "OUTAGE_BOT_HOOK_TOKEN" => Some(HOOK_TOKEN.to_owned()),
            "OUTAGE_BOT_REPORTS_TOKEN" => Some(REPORTS_TOKEN.to_owned()),
            _ => None,
        };
        let config = Config::parse(&toml, None, &env).expect("test config");
        let parts = Parts::assemble(config, self.clock.clone()).expect("app assembles");
        self.http = parts.http_addr();
        self.store = Some(parts.store.clone());
        self.maintenance = Some(parts.maintenance.clone());
        self.probe_looks = parts.probe_looks.clone();
        self.retention_look = Some(parts.retention_look.clone());
        self.updates_in_hand = parts.updates_in_hand.clone();
        self.answers_in_hand = parts.answers_in_hand.clone();
        self.channels_caught_up = parts.channels_caught_up.clone();
        let token = BotToken::parse(Some(FakeTelegram::TOKEN)).unwrap();
        self.shutdown = CancellationToken::new();
        let shutdown = self.shutdown.clone();
        let url = self.fake.api_url();
        self.running = Some(tokio::spawn(async move {
            outage_bot::telegram::run(parts, token, Some(&url), shutdown).await
        }));
    }

    /// Stops the app as SIGTERM would, and waits until it has.
    pub async fn stop(&mut self) {
        // The store's last handle must go with the app, or the next start finds it locked.
        self.store = None;
        self.maintenance = None;
        self.probe_looks.clear();
        self.retention_look = None;
        self.shutdown.cancel();
        if let Some(running) = self.running.take() {
            tokio::time::timeout(PATIENCE, running)
                .await
                .expect("the app stops in time")
                .expect("the app task does not panic")
                .expect("the app stops cleanly");
        }
    }

    /// Stops the app as SIGTERM would: how long it took, and what it said.
    pub async fn stop_and_say(&mut self) -> (Duration, Result<(), StartError>) {
        self.store = None;
        self.maintenance = None;
        self.probe_looks.clear();
        self.retention_look = None;
        let asked = std::time::Instant::now();
        self.shutdown.cancel();
        let running = self.running.take().expect("the app is running");
        let said = tokio::time::timeout(PATIENCE, running)
            .await
            .expect("the app stops in time")
            .expect("the app task does not panic");
        (asked.elapsed(), said)
    }

    /// Moves the test clock on, and waits until the maintenance timer and every probe
    /// have looked at the new time (they wake when the clock moves): what came due is
    /// then recorded.
    pub async fn later(&self, by: chrono::Duration) {
        self.clock.advance(by);
        let now = outage_bot::clock::Clock::now(self.clock.as_ref());
        if let Some(timer) = &self.maintenance {
            assert!(
                timer.caught_up(now).await,
                "the maintenance timer saw {now}"
            );
        }
        for probe in &self.probe_looks {
            assert!(probe.caught_up(now).await, "every probe saw {now}");
        }
        if let Some(retention) = &self.retention_look {
            assert!(
                retention.caught_up(now).await,
                "the retention sweep saw {now}"
            );
        }
    }

    /// `n` rounds of the probes (every one configured in tests checks each 50 ms): the
    /// clock moves on by 50 ms, and every probe has looked, and checked, before the next.
    pub async fn probe_rounds(&self, n: usize) {
        for _ in 0..n {
            self.later(chrono::Duration::milliseconds(50)).await;
        }
    }

    /// The running app's store.
    pub fn store(&self) -> &Store {
        self.store.as_ref().expect("the app is running")
    }

    /// Stops and starts again on the same data dir.
    pub async fn restart(&mut self) {
        self.stop().await;
        self.start();
    }

    /// Sends `text` from `user` in their private chat and waits for `replies` new
    /// messages to that chat; returns them.
    pub async fn say(&self, user: &TgUser, text: &str, replies: usize) -> Vec<Sent> {
        self.say_in(user.id, user, text, replies).await
    }

    pub async fn say_in(&self, chat: i64, user: &TgUser, text: &str, replies: usize) -> Vec<Sent> {
        let before = self.fake.sent_to(chat).len();
        self.fake.send_text(chat, user, text);
        let what = format!("{replies} answer(s) to {text:?} in chat {chat}");
        self.fake
            .wait_until(&what, PATIENCE, |f| {
                f.sent_to(chat).len() >= before + replies
            })
            .await;
        self.fake.sent_to(chat)[before..].to_vec()
    }

    /// The one reply `text` gets, as text (an admin's broadcast progress messages,
    /// which arrive on their own schedule, are not replies).
    pub async fn ask(&self, user: &TgUser, text: &str) -> String {
        let chat = user.id;
        let before = self.fake.sent_to(chat).len();
        self.fake.send_text(chat, user, text);
        let reply = |f: &FakeTelegram| {
            f.sent_to(chat)
                .into_iter()
                .skip(before)
                .find(|s| !is_progress(&s.text))
                .map(|s| s.text)
        };
        self.fake
            .wait_until(&format!("an answer to {text:?}"), PATIENCE, |f| {
                reply(f).is_some()
            })
            .await;
        reply(&self.fake).unwrap_or_default()
    }

    /// Asserts that `text` from `user` is answered with a reply containing `needle`.
    pub async fn expect_reply(&self, user: &TgUser, text: &str, needle: &str) {
        let reply = self.ask(user, text).await;
        assert!(
            reply.contains(needle),
            "{text:?} was answered {reply:?}, which lacks {needle:?}"
        );
    }

    /// Waits until `chat` has received `count` messages whose text contains `needle`.
    pub async fn wait_for_text(&self, chat: i64, needle: &str, count: usize) {
        let what = format!("{count} message(s) containing {needle:?} in chat {chat}");
        self.fake
            .wait_until(&what, PATIENCE, |f| {
                texts_containing(f, chat, needle) >= count
            })
            .await;
    }

    /// Waits until the bot is quiet: every update taken and handled, every broadcast
    /// ended and every answer sent. What has not happened by then will not happen
    /// without something new.
    pub async fn settle(&self) {
        self.wait_until_handled().await;
        self.wait_until_delivered().await;
        let answers = self.answers_in_hand.clone();
        until("every answer to be sent", move || answers.is_idle()).await;
    }

    /// Waits until every update was taken and handled (their answers may still be on
    /// their way).
    pub async fn wait_until_handled(&self) {
        self.fake
            .wait_until("updates to be taken", PATIENCE, |f| {
                f.pending_updates() == 0
            })
            .await;
        let updates = self.updates_in_hand.clone();
        until("every update to be handled", move || updates.is_idle()).await;
    }

    /// Waits until every channel is up to date with every incident change so far, with
    /// nothing left to try again.
    pub async fn wait_until_channels_caught_up(&self) {
        let (store, channels) = (self.store().clone(), self.channels_caught_up.clone());
        until("the channels to catch up", move || {
            channels.as_of(store.shown_changes())
        })
        .await;
    }

    /// Waits until the outbox is empty: every broadcast has ended.
    pub async fn wait_until_delivered(&self) {
        let store = self.store().clone();
        until("every broadcast to end", move || {
            store.pending_broadcasts().unwrap().is_empty()
        })
        .await;
    }
}

/// Looks at the app's own state every 5 ms until `done`; panics naming `what` after
/// `PATIENCE`.
async fn until(what: &str, done: impl Fn() -> bool) {
    let deadline = std::time::Instant::now() + PATIENCE;
    while !done() {
        assert!(
            std::time::Instant::now() < deadline,
            "timed out waiting for {what}"
        );
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
}

/// Whether a message is a broadcast's progress report to its admin.
pub fn is_progress(text: &str) -> bool {
    let under_way = ["📤 ", "⏳ ", "⏭ "]
        .iter()
        .any(|mark| text.starts_with(mark));
    let summary = ["✅ ", "ℹ️ "].iter().any(|mark| text.starts_with(mark))
        && [
            ": reached ",
            ": sent to no chat",
            "টি চ্যাটের মধ্যে",
            // «কোনো» in Dhaka, «কোনও» in Kolkata.
            "চ্যাটে পাঠানো হয়নি",
        ]
        .iter()
        .any(|mark| text.contains(mark));
    under_way || summary
}

pub fn texts_containing(fake: &FakeTelegram, chat: i64, needle: &str) -> usize {
    fake.sent_to(chat)
        .iter()
        .filter(|s| s.text.contains(needle))
        .count()
}

pub fn has_ascii_digit(text: &str) -> bool {
    text.chars().any(|c| c.is_ascii_digit())
}

impl Drop for TestApp {
    fn drop(&mut self) {
        self.shutdown.cancel();
    }
}

/// A helper process (Prometheus, Alertmanager), killed when dropped.
pub struct KillOnDrop(pub std::process::Child);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// The real binary as a child process, killed when dropped so a failing test leaves
/// no bot behind.
pub struct Bot(std::process::Child);

impl Bot {
    /// `kill -9`: no chance to save anything.
    pub fn kill(&mut self) {
        self.0.kill().expect("SIGKILL");
        self.0.wait().expect("the killed bot is reaped");
    }

    /// `kill -TERM`, then how long the bot took to exit (or `None` past `limit`) and
    /// whether it exited successfully.
    pub fn terminate(&mut self, limit: Duration) -> (Option<Duration>, bool) {
        let sent = std::time::Instant::now();
        let status = std::process::Command::new("kill")
            .args(["-TERM", &self.0.id().to_string()])
            .status()
            .expect("kill runs");
        assert!(status.success());
        while sent.elapsed() < limit {
            if let Some(exit) = self.0.try_wait().expect("the bot can be waited for") {
                return (Some(sent.elapsed()), exit.success());
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        (None, false)
    }
}

impl Drop for Bot {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// The real binary, started on `config` against `fake`.
pub fn start_bot(fake: &FakeTelegram, config: &std::path::Path) -> Bot {
    start_bot_with(fake, config, &[], std::process::Stdio::null())
}

/// The real binary with more environment, its log going to `stderr`.
pub fn start_bot_with(
    fake: &FakeTelegram,
    config: &std::path::Path,
    env: &[(&str, &str)],
    stderr: std::process::Stdio,
) -> Bot {
    let child = std::process::Command::new(env!("CARGO_BIN_EXE_outage-bot"))
        .args(["run", "--config", config.to_str().unwrap()])
        .env("TELOXIDE_TOKEN", FakeTelegram::TOKEN)
        .env("TELOXIDE_API_URL", fake.api_url())
        .env("RUST_LOG", "warn")
        .envs(env.iter().copied())
        .stdout(std::process::Stdio::null())
        .stderr(stderr)
        .spawn()
        .expect("the bot starts");
    Bot(child)
}

/// A fresh store at `data` in which each of `chats` follows WhatsApp, flushed and let go
/// of (for the real binary to open).
pub async fn store_with_whatsapp_subscribers(
    data: &std::path::Path,
    chats: impl IntoIterator<Item = i64>,
) {
    let store = Store::open(data).unwrap();
    let whatsapp = outage_bot::domain::ServiceId::parse("whatsapp").unwrap();
    for chat in chats {
        store
            .subscribe(
                outage_bot::domain::ChatId(chat),
                std::slice::from_ref(&whatsapp),
            )
            .await
            .unwrap();
    }
    store.flush().await.unwrap();
}

/// The stopped app's store opened with sled alone (to damage it, or to read every key),
/// without sled's background flusher, waiting a moment for the writer thread of a store
/// just dropped to let go of the folder.
pub fn raw_db(path: &std::path::Path) -> sled::Db {
    let started = std::time::Instant::now();
    loop {
        match sled::Config::new().path(path).flush_every_ms(None).open() {
            Err(e) if e.to_string().contains("lock") && started.elapsed() < PATIENCE => {
                std::thread::sleep(Duration::from_millis(20));
            }
            opened => return opened.unwrap(),
        }
    }
}

/// The real binary's configuration for a test, written beside `data` in `dir`: its data
/// folder, the test's admin and HTTP on `port`. Returns the file's path.
pub fn config_with_http(dir: &std::path::Path, data: &std::path::Path, port: u16) -> PathBuf {
    let config = dir.join("bot.toml");
    std::fs::write(
        &config,
        format!(
            "data_dir = {:?}\nadmins = [{ADMIN}]\n[http]\nlisten = \"127.0.0.1:{port}\"\n",
            data.display().to_string()
        ),
    )
    .unwrap();
    config
}

/// A port free on loopback now, for a child process's HTTP listener.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// One HTTP/1.1 request on a fresh connection; returns the status and the JSON body.
pub async fn request(
    addr: std::net::SocketAddr,
    method: &str,
    path: &str,
    token: Option<&str>,
    body: &[u8],
) -> (u16, Value) {
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let auth = token
        .map(|t| format!("Authorization: Bearer {t}\r\n"))
        .unwrap_or_default();
    let head = format!(
        "{method} {path} HTTP/1.1\r\nHost: test\r\nConnection: close\r\nContent-Type: application/json\r\n{auth}Content-Length: {}\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    // A server may refuse an oversized body before reading it all.
    let _ = stream.write_all(body).await;
    let mut response = Vec::new();
    let _ = stream.read_to_end(&mut response).await;
    let text = String::from_utf8_lossy(&response);
    let status = text
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let body = text
        .split_once("\r\n\r\n")
        .map(|(_, b)| b)
        .unwrap_or_default();
    (status, serde_json::from_str(body).unwrap_or(Value::Null))
}

impl TestApp {
    /// `POST path` with the API token and a JSON body.
    pub async fn post(&self, path: &str, body: &Value) -> (u16, Value) {
        let addr = self.http.expect("the test configured [http]");
        request(
            addr,
            "POST",
            path,
            Some(API_TOKEN),
            body.to_string().as_bytes(),
        )
        .await
    }

    /// `GET path`.
    pub async fn get(&self, path: &str) -> (u16, Value) {
        let addr = self.http.expect("the test configured [http]");
        request(addr, "GET", path, None, b"").await
    }

    /// The state `GET /api/v1/status` gives `service`.
    pub async fn state_of(&self, service: &str) -> String {
        let (status, body) = self.get("/api/v1/status").await;
        assert_eq!(status, 200);
        body["services"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["id"] == service)
            .unwrap()["state"]
            .as_str()
            .unwrap()
            .to_owned()
    }
}

/// A health endpoint that answers 200 while `healthy`, else 503.
pub async fn health_server(healthy: Arc<std::sync::atomic::AtomicBool>) -> std::net::SocketAddr {
    let app = axum::Router::new().route(
        "/health",
        axum::routing::get(move || {
            let healthy = healthy.clone();
            async move {
                if healthy.load(std::sync::atomic::Ordering::SeqCst) {
                    axum::http::StatusCode::OK
                } else {
                    axum::http::StatusCode::SERVICE_UNAVAILABLE
                }
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await });
    addr
}

/// A bKash the bot probes against a local health endpoint, every 50 ms of the app's
/// clock: the switch that makes the endpoint fail, and the config — `before`, then
/// `[probes]` with `rule`'s lines, then the service.
pub async fn probed_bkash(
    before: &str,
    rule: &str,
) -> (Arc<std::sync::atomic::AtomicBool>, String) {
    let healthy = Arc::new(std::sync::atomic::AtomicBool::new(true));
    let addr = health_server(healthy.clone()).await;
    let config = format!(
        "{before}[probes]\n{rule}\n[[services]]\nid = \"bkash\"\nname = {{ en = \"bKash\", bn = \"বিকাশ\" }}\nprobe = {{ url = \"http://{addr}/health\", every = \"50ms\", timeout = \"1s\" }}\n"
    );
    (healthy, config)
}

/// An Alertmanager webhook body with `alerts` as `(fingerprint, status, severity, summary)`.
pub fn alertmanager(service: &str, alerts: &[(&str, &str, &str, &str)]) -> Value {
    json!({
        "version": "4",
        "status": "firing",
        "receiver": "outage-bot",
        "groupLabels": {"service": service},
        "alerts": alerts.iter().map(|(fingerprint, status, severity, summary)| json!({
            "status": status,
            "labels": {"alertname": format!("Alert{fingerprint}"), "service": service, "severity": severity},
            "annotations": {"summary": summary},
            "startsAt": "2022-11-01T06:30:00Z",
            "fingerprint": fingerprint,
        })).collect::<Vec<_>>(),
    })
}

pub async fn subscribed(app: &TestApp, id: i64, services: &str) {
    let user = FakeTelegram::user(id, "User", Some("en"));
    app.expect_reply(&user, &format!("/subscribe {services}"), "Subscribed")
        .await;
}

/// Every text the fake Telegram accepted for `chat`, in order.
pub fn texts(app: &TestApp, chat: i64) -> Vec<String> {
    app.fake.texts_by_chat().remove(&chat).unwrap_or_default()
}
