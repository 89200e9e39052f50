//! With the real client: Prometheus Alertmanager itself (Debian's
//! `prometheus-alertmanager`, which `.ci/run` installs), configured with the README's
//! receiver and the bearer token, and alerts posted to its own API. Two alerts for one
//! service, grouped as Alertmanager groups by default (by alert name), resolved one at
//! a time: subscribers hear "down", "partly back", then "back" — never "back" early.

use std::process::{Command, Stdio};
use std::time::Duration;

use serde_json::json;

use crate::fake_telegram::FakeTelegram;
use crate::support::{API_TOKEN, KillOnDrop, free_port, spawn_app_with, texts_containing};

/// Where Debian puts it.
const ALERTMANAGER: &str = "/usr/bin/prometheus-alertmanager";

/// An alert as Alertmanager's v2 API takes it; `ended` sets `endsAt` to now.
fn alert(name: &str, severity: &str, ended: bool) -> serde_json::Value {
    let now = chrono::Utc::now();
    let mut alert = json!({
        "labels": {"alertname": name, "service": "whatsapp", "severity": severity},
        "annotations": {"summary": format!("{name} on the WhatsApp gateway")},
        "startsAt": (now - chrono::Duration::minutes(1)).to_rfc3339(),
    });
    if ended {
        alert["endsAt"] = json!(now.to_rfc3339());
    }
    alert
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs Prometheus Alertmanager (apt install prometheus-alertmanager); .ci/run runs it"]
async fn the_real_alertmanager_resolves_one_alert_at_a_time() {
    assert!(
        std::path::Path::new(ALERTMANAGER).exists(),
        "{ALERTMANAGER} is missing: apt install prometheus-alertmanager"
    );
    let app = spawn_app_with("[http]\nlisten = \"127.0.0.1:0\"\n").await;
    let john = FakeTelegram::user(3, "John", Some("en"));
    app.expect_reply(&john, "/subscribe whatsapp", "Subscribed")
        .await;
    let bot = app.http.unwrap();

    // The README's receiver; Alertmanager's default grouping (by alertname), quick.
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("alertmanager.yml");
    std::fs::write(
        &config,
        format!(
            r#"route:
  receiver: outage-bot
  group_by: ['alertname']
  group_wait: 1s
  group_interval: 1s
  repeat_interval: 1h
receivers:
  - name: outage-bot
    webhook_configs:
      - url: http://{bot}/hooks/alertmanager
        http_config:
          authorization: {{ type: Bearer, credentials: {API_TOKEN} }}
        send_resolved: true
"#
        ),
    )
    .unwrap();
    let port = free_port();
    let _alertmanager = KillOnDrop(
        Command::new(ALERTMANAGER)
            .arg(format!("--config.file={}", config.display()))
            .arg(format!(
                "--storage.path={}",
                dir.path().join("data").display()
            ))
            .arg(format!("--web.listen-address=127.0.0.1:{port}"))
            .arg("--cluster.listen-address=")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("Alertmanager starts"),
    );
    let client = reqwest::Client::new();
    let api = format!("http://127.0.0.1:{port}/api/v2/alerts");
    let post = |alerts: serde_json::Value| {
        let (client, api) = (client.clone(), api.clone());
        async move {
            for _ in 0..100 {
                if let Ok(answer) = client.post(&api).json(&alerts).send().await
                    && answer.status().is_success()
                {
                    return;
                }
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            panic!("Alertmanager did not take the alerts");
        }
    };
    let patience = Duration::from_secs(30);
    post(json!([
        alert("HighErrorRate", "critical", false),
        alert("HighLatency", "warning", false)
    ]))
    .await;
    app.fake
        .wait_until("the outage notice", patience, |f| {
            texts_containing(f, 3, "WhatsApp is down") == 1
        })
        .await;
    post(json!([alert("HighErrorRate", "critical", true)])).await;
    app.fake
        .wait_until("partly back (latency still fires)", patience, |f| {
            texts_containing(f, 3, "WhatsApp is partly back") == 1
        })
        .await;
    assert_eq!(
        texts_containing(&app.fake, 3, "WhatsApp is back"),
        0,
        "not back early"
    );
    post(json!([alert("HighLatency", "warning", true)])).await;
    app.fake
        .wait_until("back", patience, |f| {
            texts_containing(f, 3, "WhatsApp is back") == 1
        })
        .await;
    assert_eq!(app.state_of("whatsapp").await, "operational");
}
