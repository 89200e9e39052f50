//! `GET /metrics`: what the bot did and what it holds, in Prometheus' format — counted
//! against what the fake Telegram saw; and scraped by the real Prometheus.

use std::process::{Command, Stdio};
use std::time::Duration;

use crate::fake_telegram::{Failure, FakeTelegram};
use crate::support::{ADMIN, KillOnDrop, PATIENCE, free_port, request, spawn_app_with};

/// The value of the sample `line_start` (name and labels as exposed), if present.
pub fn sample(exposition: &str, line_start: &str) -> Option<f64> {
    exposition
        .lines()
        .find(|l| l.starts_with(line_start) && l[line_start.len()..].starts_with(' '))
        .and_then(|l| l.rsplit(' ').next())
        .and_then(|v| v.parse().ok())
}

async fn scrape(addr: std::net::SocketAddr) -> String {
    reqwest::get(format!("http://{addr}/metrics"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn metrics_count_what_telegram_saw_and_read_what_the_store_holds() {
    let app = spawn_app_with("[http]\nlisten = \"127.0.0.1:0\"\n").await;
    let addr = app.http.unwrap();
    let admin = FakeTelegram::user(ADMIN, "Admin", Some("en"));
    let readers: Vec<_> = (1..=30)
        .map(|id| FakeTelegram::user(id, "Reader", Some(if id % 2 == 0 { "bn" } else { "en" })))
        .collect();
    for reader in &readers {
        app.ask(reader, "/subscribe whatsapp").await;
    }
    // One reader has blocked the bot, one is told to wait once.
    app.fake.fail_chat(7, Failure::Blocked);
    app.fake
        .fail_chat_times(8, Failure::TooManyRequests { retry_after: 1 }, 1);
    app.ask(&admin, "/down whatsapp Messages are not delivered")
        .await;
    app.fake
        .wait_until("every notice", PATIENCE, |f| {
            (1..=30).filter(|&c| c != 7).all(|c| {
                f.sent_to(c)
                    .iter()
                    .any(|s| s.text.contains("Messages are not delivered"))
            })
        })
        .await;
    app.wait_until_delivered().await;
    app.settle().await;
    let (status, _) = request(addr, "POST", "/api/v1/incidents", Some("wrong"), b"{}").await;
    assert_eq!(status, 401);

    let text = scrape(addr).await;
    let notices_ok = sample(
        &text,
        r#"outage_bot_messages_sent_total{kind="notice",outcome="ok"}"#,
    );
    assert_eq!(notices_ok, Some(29.0), "{text}");
    for (labels, expected) in [
        (r#"{kind="notice",outcome="blocked"}"#, 1.0),
        (r#"{kind="notice",outcome="rate_limited"}"#, 1.0),
    ] {
        let name = format!("outage_bot_messages_sent_total{labels}");
        assert_eq!(sample(&text, &name), Some(expected), "{name} in {text}");
    }
    // Every answer Telegram accepted is a reply counted, and timed.
    let replies = app
        .fake
        .sent()
        .iter()
        .filter(|s| s.method == "sendMessage" && (s.chat_id > 30 || s.chat_id < 1))
        .count() as f64
        + 30.0;
    assert_eq!(
        sample(
            &text,
            r#"outage_bot_messages_sent_total{kind="reply",outcome="ok"}"#
        ),
        Some(replies),
        "{text}"
    );
    // Answers to commands are timed: 30 `/subscribe`s and the `/down` (the admin's
    // progress line is a reply too, but it is not an answer waiting in a queue).
    assert_eq!(
        sample(&text, "outage_bot_reply_latency_seconds_count"),
        Some(31.0)
    );
    assert_eq!(
        sample(&text, "outage_bot_time_to_first_notice_seconds_count"),
        Some(1.0)
    );
    // Read from the store: the blocked reader was unsubscribed.
    assert_eq!(
        sample(&text, r#"outage_bot_subscribers{service="whatsapp"}"#),
        Some(29.0)
    );
    assert_eq!(
        sample(&text, r#"outage_bot_subscribers{service="bkash"}"#),
        Some(0.0)
    );
    assert_eq!(sample(&text, "outage_bot_open_incidents"), Some(1.0));
    assert_eq!(sample(&text, "outage_bot_outbox_broadcasts"), Some(0.0));
    assert_eq!(
        sample(&text, "outage_bot_api_auth_failures_total"),
        Some(1.0)
    );
    assert!(sample(&text, "outage_bot_store_flushes_total").unwrap() > 0.0);
    assert_eq!(
        sample(&text, r#"outage_bot_backups_total{outcome="ok"}"#),
        Some(1.0)
    );
    // The newest backup's time, read from the backup folder: the one taken at start.
    let last = sample(&text, "outage_bot_last_backup_timestamp_seconds").unwrap();
    assert!(
        (chrono::Utc::now().timestamp() as f64 - last).abs() < 120.0,
        "{last}"
    );
    assert!(text.ends_with("# EOF\n"), "{text}");
}

/// Where Debian puts it.
const PROMETHEUS: &str = "/usr/bin/prometheus";

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs Prometheus (apt install prometheus); .ci/run runs it"]
async fn the_real_prometheus_scrapes_the_bot_and_sees_it_up() {
    assert!(
        std::path::Path::new(PROMETHEUS).exists(),
        "{PROMETHEUS} is missing: apt install prometheus"
    );
    let app = spawn_app_with("[http]\nlisten = \"127.0.0.1:0\"\n").await;
    let reader = FakeTelegram::user(3, "Reader", Some("bn"));
    app.ask(&reader, "/subscribe whatsapp bkash").await;
    let bot = app.http.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("prometheus.yml");
    // The README's scrape job, quicker.
    std::fs::write(
        &config,
        format!(
            "global:\n  scrape_interval: 1s\nscrape_configs:\n  - job_name: outage-bot\n    static_configs:\n      - targets: ['{bot}']\n"
        ),
    )
    .unwrap();
    let rules = concat!(env!("CARGO_MANIFEST_DIR"), "/ops/prometheus-rules.yml");
    let check = Command::new("/usr/bin/promtool")
        .args(["check", "rules", rules])
        .output()
        .unwrap();
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stdout)
    );
    let port = free_port();
    let _prometheus = KillOnDrop(
        Command::new(PROMETHEUS)
            .arg(format!("--config.file={}", config.display()))
            .arg(format!(
                "--storage.tsdb.path={}",
                dir.path().join("tsdb").display()
            ))
            .arg(format!("--web.listen-address=127.0.0.1:{port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    let query = |q: &str| {
        let url = format!("http://127.0.0.1:{port}/api/v1/query?query={q}");
        async move {
            let body: serde_json::Value = reqwest::get(url).await.ok()?.json().await.ok()?;
            body["data"]["result"][0]["value"][1]
                .as_str()
                .and_then(|v| v.parse::<f64>().ok())
        }
    };
    let deadline = std::time::Instant::now() + Duration::from_secs(60);
    loop {
        let up = query("up%7Bjob%3D%22outage-bot%22%7D").await;
        let subscribers = query("outage_bot_subscribers%7Bservice%3D%22bkash%22%7D").await;
        if up == Some(1.0) && subscribers == Some(1.0) {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "Prometheus did not see the bot up: up={up:?}, bkash subscribers={subscribers:?}"
        );
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
}
