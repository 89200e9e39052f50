//! The HTTP API and monitoring webhooks, over real HTTP: auth, bad input, and incidents
//! opened and resolved with subscribers notified through the fake Telegram server.

use serde_json::{Value, json};

use crate::fake_telegram::FakeTelegram;
use crate::support::{ADMIN, API_TOKEN, request, spawn_app_with, texts_containing};

fn fixture(name: &str) -> Value {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/e2e/fixtures")
        .join(name);
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

const HTTP: &str = "[http]\nlisten = \"127.0.0.1:0\"\n";

#[tokio::test(flavor = "multi_thread")]
async fn writes_need_the_token_and_bad_requests_change_nothing() {
    let app = spawn_app_with(HTTP).await;
    let addr = app.http.unwrap();
    let body = json!({"service": "whatsapp"}).to_string();
    for token in [None, Some("wrong-token-wrong-token"), Some("")] {
        let (status, answer) =
            request(addr, "POST", "/api/v1/incidents", token, body.as_bytes()).await;
        assert_eq!(
            (status, answer["error"]["code"].as_str()),
            (401, Some("unauthorized")),
            "{token:?}"
        );
    }
    let cases: [(&[u8], u16, &str); 4] = [
        (b"{\"service\": ", 400, "malformed_json"),
        (b"{\"service\": \"whatsap\"}", 404, "unknown_service"),
        (
            b"{\"service\": \"whatsapp\", \"severity\": \"apocalypse\"}",
            422,
            "invalid_severity",
        ),
        (
            b"{\"service\": \"whatsapp\", \"colour\": 1}",
            422,
            "invalid_body",
        ),
    ];
    for (body, status, code) in cases {
        let (got, answer) = request(addr, "POST", "/api/v1/incidents", Some(API_TOKEN), body).await;
        assert_eq!(
            (got, answer["error"]["code"].as_str()),
            (status, Some(code)),
            "{}: {answer}",
            String::from_utf8_lossy(body)
        );
    }
    let (_, unknown) = request(
        addr,
        "POST",
        "/api/v1/incidents",
        Some(API_TOKEN),
        b"{\"service\": \"whatsap\"}",
    )
    .await;
    assert!(
        unknown["error"]["message"]
            .as_str()
            .unwrap()
            .contains("did you mean `whatsapp`")
    );
    let huge = json!({"service": "whatsapp", "text": "x".repeat(70_000)}).to_string();
    let (status, answer) = request(
        addr,
        "POST",
        "/api/v1/incidents",
        Some(API_TOKEN),
        huge.as_bytes(),
    )
    .await;
    assert_eq!(
        (status, answer["error"]["code"].as_str()),
        (413, Some("body_too_large"))
    );
    let (status, answer) = app
        .post("/api/v1/incidents/whatsapp/resolve", &json!({}))
        .await;
    assert_eq!(
        (status, answer["error"]["code"].as_str()),
        (409, Some("no_open_incident"))
    );
    assert_eq!(app.state_of("whatsapp").await, "operational");
    let (status, health) = request(addr, "GET", "/healthz", None, b"").await;
    assert_eq!((status, health["status"].as_str()), (200, Some("ok")));
}

#[tokio::test(flavor = "multi_thread")]
async fn the_api_opens_updates_and_resolves_with_notices_in_each_language() {
    let app = spawn_app_with(HTTP).await;
    let rahim = FakeTelegram::user(2, "Rahim", Some("bn"));
    let john = FakeTelegram::user(3, "John", Some("en"));
    app.expect_reply(
        &rahim,
        "/subscribe whatsapp",
        "এখন থেকে হোয়াটসঅ্যাপের খবর পাবেন",
    )
    .await;
    app.expect_reply(&john, "/subscribe whatsapp", "Subscribed")
        .await;

    let (status, opened) = app.post("/api/v1/incidents", &json!({"service": "whatsapp", "text": {"en": "Main server down", "bn": "মূল সার্ভার বসে গেছে"}})).await;
    assert_eq!(status, 201, "{opened}");
    assert_eq!(
        (
            opened["notifying"].as_u64(),
            opened["incident"]["source"].as_str()
        ),
        (Some(2), Some("api"))
    );
    app.wait_for_text(2, "মূল সার্ভার বসে গেছে", 1).await;
    app.wait_for_text(3, "Main server down", 1).await;
    assert_eq!(app.state_of("whatsapp").await, "major_outage");
    let (status, again) = app
        .post("/api/v1/incidents", &json!({"service": "whatsapp"}))
        .await;
    assert_eq!(
        (status, again["error"]["code"].as_str()),
        (409, Some("already_open"))
    );

    let (status, _) = app
        .post(
            "/api/v1/incidents/whatsapp/updates",
            &json!({"phase": "identified", "text": "[en] DNS [bn] ডিএনএস"}),
        )
        .await;
    assert_eq!(status, 200);
    app.wait_for_text(2, "সমস্যার কারণ জানা গেছে", 1).await;
    let admin = FakeTelegram::user(ADMIN, "Admin", Some("en"));
    app.expect_reply(&admin, "/status whatsapp", "Posted through the HTTP API")
        .await;
    app.expect_reply(&admin, "/history", "Posted through the HTTP API")
        .await;

    let (status, resolved) = request(
        app.http.unwrap(),
        "POST",
        "/api/v1/incidents/whatsapp/resolve",
        Some(API_TOKEN),
        b"",
    )
    .await;
    assert_eq!(status, 200, "{resolved}");
    app.wait_for_text(2, "আবার চালু হলো হোয়াটসঅ্যাপ", 1).await;
    app.wait_for_text(3, "WhatsApp is back", 1).await;
    assert_eq!(app.state_of("whatsapp").await, "operational");
}

#[tokio::test(flavor = "multi_thread")]
async fn alertmanager_alerts_open_one_incident_and_resolve_it_idempotently() {
    let app = spawn_app_with(&format!("{HTTP}[hooks]\npublic_text = true\n")).await;
    let john = FakeTelegram::user(3, "John", Some("en"));
    app.expect_reply(&john, "/subscribe whatsapp", "Subscribed")
        .await;
    let (status, outcome) = app
        .post("/hooks/alertmanager", &fixture("alertmanager_firing.json"))
        .await;
    assert_eq!(status, 200, "{outcome}");
    assert_eq!(
        outcome["opened"],
        json!(["whatsapp"]),
        "two grouped alerts, one incident"
    );
    assert_eq!(
        outcome["ignored"].as_array().unwrap().len(),
        1,
        "the alert without a service label"
    );
    app.wait_for_text(3, "WhatsApp messages are not being delivered", 1)
        .await;
    let (_, repeat) = app
        .post("/hooks/alertmanager", &fixture("alertmanager_firing.json"))
        .await;
    assert_eq!(repeat["unchanged"], json!(["whatsapp"]));
    let (_, resolved) = app
        .post(
            "/hooks/alertmanager",
            &fixture("alertmanager_resolved.json"),
        )
        .await;
    assert_eq!(resolved["resolved"], json!(["whatsapp"]));
    app.wait_for_text(3, "WhatsApp is back", 1).await;
    let (_, again) = app
        .post(
            "/hooks/alertmanager",
            &fixture("alertmanager_resolved.json"),
        )
        .await;
    assert_eq!(again["unchanged"], json!(["whatsapp"]));
    app.settle().await;
    assert_eq!(
        texts_containing(&app.fake, 3, "WhatsApp is down"),
        1,
        "no duplicate notices"
    );
    assert_eq!(texts_containing(&app.fake, 3, "WhatsApp is back"), 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn monitors_open_and_close_their_incidents_but_not_a_persons() {
    let app = spawn_app_with(&format!(
        "{HTTP}[hooks.monitors]\n\"bKash gateway\" = \"bkash\"\n"
    ))
    .await;
    let rahim = FakeTelegram::user(2, "Rahim", Some("bn"));
    app.expect_reply(
        &rahim,
        "/subscribe bkash facebook",
        "এখন থেকে ফেসবুক ও বিকাশের খবর পাবেন",
    )
    .await;
    let (_, down) = app
        .post("/hooks/monitor", &fixture("uptime_kuma_down.json"))
        .await;
    assert_eq!(down["opened"], json!(["bkash"]), "{down}");
    app.wait_for_text(2, "বিকাশের সেবা বন্ধ", 1).await;
    let (_, repeat) = app
        .post("/hooks/monitor", &fixture("uptime_kuma_down.json"))
        .await;
    assert_eq!(repeat["unchanged"], json!(["bkash"]));
    let (_, up) = app
        .post("/hooks/monitor", &fixture("uptime_kuma_up.json"))
        .await;
    assert_eq!(up["resolved"], json!(["bkash"]));
    app.wait_for_text(2, "আবার চালু হলো বিকাশ", 1).await;

    // Gatus names the service directly; an admin's incident outlives the monitor's "up".
    let admin = FakeTelegram::user(ADMIN, "Admin", Some("en"));
    app.expect_reply(
        &admin,
        "/down facebook Login broken",
        "Sending to the one chat subscribed to Facebook",
    )
    .await;
    let (_, gatus) = app
        .post("/hooks/monitor", &fixture("gatus_triggered.json"))
        .await;
    assert_eq!(gatus["unchanged"], json!(["facebook"]));
    let (_, resolved) = app
        .post(
            "/hooks/monitor",
            &json!({"text": "RESOLVED: facebook - all good"}),
        )
        .await;
    assert_eq!(resolved["refused"][0]["service"], "facebook", "{resolved}");
    assert!(
        resolved["refused"][0]["reason"]
            .as_str()
            .unwrap()
            .contains("a person opened this incident"),
        "the answer says why: {resolved}"
    );
    assert_eq!(app.state_of("facebook").await, "major_outage");
    let (status, unknown) = app.post("/hooks/monitor", &json!({"hello": "world"})).await;
    assert_eq!(
        (status, unknown["error"]["code"].as_str()),
        (422, Some("unknown_payload"))
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_monitors_words_reach_subscribers_only_when_chosen_and_never_its_addresses() {
    let said = "[bKash gateway] [🔴 Down] GET https://10.0.3.7:8443/health?token=s3cr3t timed out from 192.168.1.20";
    let kuma = |down: bool| {
        json!({
            "heartbeat": {"status": if down { 0 } else { 1 }, "msg": said},
            "monitor": {"name": "bKash gateway"},
            "msg": said,
        })
    };
    for public in [false, true] {
        let app = spawn_app_with(&format!(
            "{HTTP}[hooks]\npublic_text = {public}\n[hooks.monitors]\n\"bKash gateway\" = \"bkash\"\n"
        ))
        .await;
        let rahim = FakeTelegram::user(2, "Rahim", Some("en"));
        app.expect_reply(&rahim, "/subscribe bkash", "Subscribed")
            .await;
        let (_, down) = app.post("/hooks/monitor", &kuma(true)).await;
        assert_eq!(down["opened"], json!(["bkash"]), "{down}");
        app.wait_for_text(2, "bKash is down", 1).await;
        let notice = app
            .fake
            .sent_to(2)
            .into_iter()
            .map(|s| s.text)
            .find(|t| t.contains("bKash is down"))
            .unwrap();
        for private in ["10.0.3.7", "s3cr3t", "192.168.1.20", "https://"] {
            assert!(
                !notice.contains(private),
                "{private} reached the public: {notice}"
            );
        }
        assert_eq!(
            notice.contains("timed out"),
            public,
            "public_text = {public}: {notice}"
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn the_hook_token_raises_alarms_and_nothing_a_person_may_do() {
    use crate::support::{HOOK_TOKEN, alertmanager};
    let app = spawn_app_with(HTTP).await;
    let addr = app.http.unwrap();
    let post = |path: &'static str, token: &'static str, body: Value| async move {
        request(addr, "POST", path, Some(token), body.to_string().as_bytes()).await
    };
    let (code, outcome) = post(
        "/hooks/alertmanager",
        HOOK_TOKEN,
        alertmanager("bkash", &[("b1", "firing", "critical", "Payments fail")]),
    )
    .await;
    assert_eq!(
        (code, &outcome["opened"]),
        (200, &json!(["bkash"])),
        "{outcome}"
    );
    for (path, body) in [
        (
            "/api/v1/incidents",
            json!({"service": "whatsapp", "severity": "major_outage", "text": "Everyone, panic"}),
        ),
        ("/api/v1/incidents/bkash/resolve", json!({})),
        (
            "/api/v1/maintenances",
            json!({"service": "bkash", "starts": "2030-01-01T00:00:00Z", "duration": "7d"}),
        ),
    ] {
        let (code, answer) = post(path, HOOK_TOKEN, body).await;
        assert_eq!(code, 403, "{path}: {answer}");
        assert_eq!(answer["error"]["code"], "forbidden", "{answer}");
    }
    assert_eq!(
        app.state_of("bkash").await,
        "major_outage",
        "nothing a person may do was done"
    );
    assert_eq!(app.state_of("whatsapp").await, "operational");
    // The API token keeps a person's powers, webhooks included.
    let (code, _) = post("/api/v1/incidents/bkash/resolve", API_TOKEN, json!({})).await;
    assert_eq!(code, 200);
}

#[test]
fn tokens_are_each_their_own() {
    let same = |key: &str| {
        matches!(key, "OUTAGE_BOT_API_TOKEN" | "OUTAGE_BOT_HOOK_TOKEN")
            .then(|| API_TOKEN.to_owned())
    };
    let error = outage_bot::config::Config::parse("", None, &same).unwrap_err();
    assert_eq!(error.key, "OUTAGE_BOT_HOOK_TOKEN");
    assert!(
        error.message.contains("same as OUTAGE_BOT_API_TOKEN"),
        "{error}"
    );
}

/// One HTTP/1.1 POST with an `Idempotency-Key`; the status, the JSON body and whether
/// it was a replay.
async fn post_once(
    addr: std::net::SocketAddr,
    path: &str,
    key: &str,
    body: &Value,
) -> (u16, Value, bool) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let body = body.to_string();
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let head = format!(
        "POST {path} HTTP/1.1\r\nHost: t\r\nConnection: close\r\nContent-Type: application/json\r\nAuthorization: Bearer {API_TOKEN}\r\nIdempotency-Key: {key}\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).await.unwrap();
    let text = String::from_utf8_lossy(&answer).into_owned();
    let status = text
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let replayed = text.to_lowercase().contains("idempotent-replayed: true");
    let json = text
        .split_once("\r\n\r\n")
        .and_then(|(_, b)| serde_json::from_str(b).ok())
        .unwrap_or(Value::Null);
    (status, json, replayed)
}

#[tokio::test(flavor = "multi_thread")]
async fn a_write_slower_than_its_deadline_is_accepted_applied_once_and_replayed_by_its_key() {
    let app = spawn_app_with(HTTP).await;
    let addr = app.http.unwrap();
    let john = FakeTelegram::user(3, "John", Some("en"));
    app.expect_reply(&john, "/subscribe whatsapp", "Subscribed")
        .await;
    let open = json!({"service": "whatsapp", "severity": "major_outage"});
    // The disk stalls for twelve seconds: past the write deadline.
    let store = app.store().clone();
    let stall = store
        .hold_writer_for(std::time::Duration::from_secs(12))
        .await;
    let (code, answer, _) = post_once(addr, "/api/v1/incidents", "k-1", &open).await;
    assert_eq!(code, 202, "accepted, not timed out: {answer}");
    // The client retries at once: the first is still being written.
    let (code, answer, _) = post_once(addr, "/api/v1/incidents", "k-1", &open).await;
    assert_eq!(code, 409, "{answer}");
    assert_eq!(answer["error"]["code"], "in_progress");
    stall.await.unwrap().unwrap();
    app.wait_for_text(3, "WhatsApp is down", 1).await;
    // Later retries get the first answer again, and change nothing.
    let (code, answer, replayed) = post_once(addr, "/api/v1/incidents", "k-1", &open).await;
    assert_eq!(code, 201, "{answer}");
    assert!(replayed);
    assert_eq!(answer["incident"]["service"], "whatsapp", "{answer}");
    app.settle().await;
    assert_eq!(
        texts_containing(&app.fake, 3, "WhatsApp is down"),
        1,
        "once"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_retry_after_a_restart_is_answered_again_not_applied_again() {
    let mut app = spawn_app_with(HTTP).await;
    let john = FakeTelegram::user(3, "John", Some("en"));
    app.expect_reply(&john, "/subscribe whatsapp", "Subscribed")
        .await;
    let open = json!({"service": "whatsapp", "severity": "major_outage"});
    let (code, first, replayed) =
        post_once(app.http.unwrap(), "/api/v1/incidents", "deploy-1", &open).await;
    assert_eq!((code, replayed), (201, false), "{first}");
    app.wait_for_text(3, "WhatsApp is down", 1).await;
    // The bot is redeployed; the client, which never saw the answer, sends it again.
    app.restart().await;
    let (code, again, replayed) =
        post_once(app.http.unwrap(), "/api/v1/incidents", "deploy-1", &open).await;
    assert_eq!((code, replayed), (201, true), "{again}");
    assert_eq!(again, first, "the first answer, as it was");
    // A new key is a new write, not a replay: the incident is already open, so it is
    // refused as such.
    let (code, other, replayed) =
        post_once(app.http.unwrap(), "/api/v1/incidents", "deploy-2", &open).await;
    assert!(!replayed, "{other}");
    assert_eq!(
        (code, other["error"]["code"].as_str()),
        (409, Some("already_open")),
        "{other}"
    );
    app.settle().await;
    assert_eq!(
        texts_containing(&app.fake, 3, "WhatsApp is down"),
        1,
        "told once"
    );
}
