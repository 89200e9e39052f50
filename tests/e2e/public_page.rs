//! The public surfaces against the real app: the status page in each language (by path
//! and by `Accept-Language`), an incident's page, the Atom feeds (parsed) and the
//! Statuspage JSON (checked against documents in Statuspage's own format), with their
//! caching headers.

use serde_json::{Value, json};

use crate::support::{TestApp, spawn_app_with};

const HTTP: &str = "[http]\nlisten = \"127.0.0.1:0\"\n";

struct Got {
    status: u16,
    headers: reqwest::header::HeaderMap,
    body: String,
}

async fn get(app: &TestApp, path: &str, headers: &[(&str, &str)]) -> Got {
    let addr = app.http.expect("the test configured [http]");
    let mut request = reqwest::Client::new().get(format!("http://{addr}{path}"));
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let response = request.send().await.expect("the listener answers");
    Got {
        status: response.status().as_u16(),
        headers: response.headers().clone(),
        body: response.text().await.unwrap(),
    }
}

fn header_of(response: &reqwest::Response, name: &str) -> String {
    response
        .headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned()
}

fn header<'a>(got: &'a Got, name: &str) -> &'a str {
    got.headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
}

/// The story every test here reads: WhatsApp down since 12:30 and its cause found,
/// Facebook slow for 40 minutes and over, bKash's maintenance planned for the night.
async fn a_day_with_trouble(app: &TestApp) {
    let mut posts = vec![(
        "/api/v1/incidents",
        json!({"service": "facebook", "severity": "degraded", "text": "[en] Pages load slowly [bn] পাতা ধীরে খুলছে"}),
    )];
    for (path, body) in posts.drain(..) {
        let (code, answer) = app.post(path, &body).await;
        assert!((200..300).contains(&code), "{path}: {code} {answer}");
    }
    app.later(chrono::Duration::minutes(40)).await;
    for (path, body) in [
        ("/api/v1/incidents/facebook/resolve", json!({})),
        (
            "/api/v1/incidents",
            json!({"service": "whatsapp", "severity": "major_outage"}),
        ),
        (
            "/api/v1/incidents/whatsapp/updates",
            json!({"phase": "identified", "text": "[en] A router failed [bn] একটি রাউটার বিকল"}),
        ),
        (
            "/api/v1/maintenances",
            json!({"service": "bkash", "starts": "2022-11-01T20:00:00Z", "duration": "2h"}),
        ),
    ] {
        let (code, answer) = app.post(path, &body).await;
        assert!((200..300).contains(&code), "{path}: {code} {answer}");
    }
    app.later(chrono::Duration::minutes(25)).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_page_tells_every_service_in_each_language() {
    let app = spawn_app_with(HTTP).await;
    a_day_with_trouble(&app).await;

    let bn = get(&app, "/bn-BD", &[]).await;
    if let Ok(dir) = std::env::var("OUTAGE_BOT_PAGE_DUMP") {
        std::fs::write(format!("{dir}/bn-BD.html"), &bn.body).unwrap();
    }
    assert_eq!(bn.status, 200, "{}", bn.body);
    assert!(
        !bn.body.contains(">page-"),
        "a message that failed shows its id"
    );
    assert!(header(&bn, "content-type").starts_with("text/html"));
    assert!(bn.body.contains(r#"<html lang="bn-BD">"#), "{}", bn.body);
    assert!(
        bn.body.contains("হোয়াটসঅ্যাপের সেবা বন্ধ"),
        "the open incident's title"
    );
    assert!(
        bn.body.contains("একটি রাউটার বিকল"),
        "the admin's Bengali words"
    );
    assert!(bn.body.contains("একটি সেবা এখন বন্ধ"), "the banner");
    assert!(
        bn.body
            .contains("বিকাশের রক্ষণাবেক্ষণ: আজ দিবাগত রাত ২টা থেকে ভোর ৪টা পর্যন্ত"),
        "the planned maintenance"
    );
    // One strip of 90 days per service, every cell labelled in words.
    let services = 11;
    assert_eq!(bn.body.matches(r#"role="img""#).count(), 90 * services);
    // Only the two days with something to tell take a tab stop.
    assert_eq!(bn.body.matches(r#"tabindex="0""#).count(), 2);
    assert!(
        bn.body.contains("১ নভেম্বর: এ পর্যন্ত ২৫ মিনিট বন্ধ"),
        "WhatsApp's 25 minutes so far"
    );
    assert!(
        bn.body.contains("এ পর্যন্ত ৪০ মিনিট সেবা ব্যাহত"),
        "Facebook's 40 minutes"
    );
    assert!(bn.body.contains("% সময় স্বাভাবিক ছিল"));
    let uptime_digits = bn
        .body
        .split("% সময় স্বাভাবিক ছিল")
        .next()
        .unwrap()
        .chars()
        .rev()
        .take(5)
        .collect::<String>();
    assert!(
        uptime_digits.chars().all(|c| !c.is_ascii_digit()),
        "Bengali digits: {uptime_digits}"
    );

    let kolkata = get(&app, "/", &[("accept-language", "bn-IN,bn;q=0.9,en;q=0.5")]).await;
    assert!(kolkata.body.contains(r#"<html lang="bn-IN">"#));
    assert!(
        kolkata.body.contains("স্তব্ধ হোয়াট্সঅ্যাপের পরিষেবা"),
        "West Bengal's word"
    );
    assert_eq!(header(&kolkata, "vary"), "Accept-Language, Accept-Encoding");
    let english = get(&app, "/", &[("accept-language", "fr, en-GB;q=0.8")]).await;
    assert!(english.body.contains(r#"<html lang="en">"#));
    assert!(english.body.contains("WhatsApp outage"));
    assert!(english.body.contains("Facebook disruption"));
    assert!(english.body.contains("Working normally"));
    assert!(
        !english.body.contains(">page-"),
        "a message that failed shows its id"
    );
    // The records began today: the days before have none, and are not counted as up.
    assert!(english.body.contains("no record kept"));
    assert!(
        english
            .body
            .contains("Working normally 100% of the time since 1 Nov")
    );
    assert!(
        english
            .body
            .contains("Working normally 61.53% of the time since 1 Nov"),
        "WhatsApp: down 25 of the 65 minutes since the records began"
    );
    // Every language is one tap away, each link in its own language.
    for code in ["bn-BD", "bn-IN", "en"] {
        assert!(
            english
                .body
                .contains(&format!(r#"href="/{code}" lang="{code}""#)),
            "switch to {code}"
        );
    }
    assert!(
        english
            .body
            .contains(r#"rel="alternate" type="application/atom+xml" href="/en/feed.atom""#)
    );

    let missing = get(&app, "/fr", &[("accept-language", "bn")]).await;
    assert_eq!(missing.status, 404);
    assert!(missing.body.contains("পাওয়া যায়নি"), "{}", missing.body);
}

/// The id of `service`'s open incident, as the API gives it.
async fn open_incident_id(app: &TestApp, service: &str) -> u64 {
    let (_, status) = app.get("/api/v1/status").await;
    status["services"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == service)
        .unwrap()["incident"]["id"]
        .as_u64()
        .expect("an open incident with its id")
}

#[tokio::test(flavor = "multi_thread")]
async fn an_incidents_page_tells_its_whole_timeline() {
    let app = spawn_app_with(HTTP).await;
    a_day_with_trouble(&app).await;
    let id = open_incident_id(&app, "whatsapp").await;
    let page = get(&app, &format!("/en/incidents/{id}"), &[]).await;
    assert_eq!(page.status, 200, "{}", page.body);
    let identified = page.body.find("Identified").expect("the update");
    let down = page.body.find(">Down<").expect("the opening");
    assert!(identified < down, "newest first");
    assert!(page.body.contains("A router failed"));
    assert!(
        page.body.contains("WhatsApp is not working."),
        "an entry with no words says what it means"
    );
    let bn = get(
        &app,
        &format!("/incidents/{id}"),
        &[("accept-language", "bn-BD")],
    )
    .await;
    assert!(bn.body.contains("কারণ চিহ্নিত"));
    assert_eq!(get(&app, "/en/incidents/999999", &[]).await.status, 404);
    // Facebook's, older than the strip's 90 days but still kept, keeps its page.
    let (code, _) = app
        .post("/api/v1/incidents/whatsapp/resolve", &json!({}))
        .await;
    assert_eq!(code, 200);
    app.later(chrono::Duration::days(120)).await;
    let old = get(&app, "/en/incidents/1", &[]).await;
    assert_eq!(old.status, 200, "{}", old.body);
    assert!(old.body.contains("Facebook disruption"));
    assert!(
        !get(&app, "/en", &[])
            .await
            .body
            .contains("Facebook disruption"),
        "gone from the page's 90 days"
    );
    assert_eq!(get(&app, "/en/incidents/nine", &[]).await.status, 404);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_reload_that_changes_nothing_costs_a_304() {
    let app = spawn_app_with(HTTP).await;
    a_day_with_trouble(&app).await;
    let first = get(&app, "/en", &[]).await;
    let etag = header(&first, "etag").to_owned();
    assert!(etag.starts_with('"'), "a strong validator: {etag}");
    assert!(header(&first, "cache-control").contains("max-age="));
    assert!(header(&first, "last-modified").ends_with("GMT"));
    let again = get(&app, "/en", &[("if-none-match", &etag)]).await;
    assert_eq!(again.status, 304);
    assert!(again.body.is_empty());
    // A proxy may hand the tag back weakened: still the same page.
    let weak = format!("W/{etag}");
    assert_eq!(
        get(&app, "/en", &[("if-none-match", &weak)]).await.status,
        304
    );
    // Gzipped for a reader that takes it, with its own validator.
    let addr = app.http.unwrap();
    let zipped = reqwest::Client::new()
        .get(format!("http://{addr}/en"))
        .header("accept-encoding", "gzip, br;q=0.5")
        .send()
        .await
        .unwrap();
    assert_eq!(header_of(&zipped, "content-encoding"), "gzip");
    let zipped_etag = header_of(&zipped, "etag");
    assert_ne!(zipped_etag, etag);
    let bytes = zipped.bytes().await.unwrap();
    assert!(
        bytes.len() * 4 < first.body.len(),
        "{} of {}",
        bytes.len(),
        first.body.len()
    );
    let mut unzipped = String::new();
    std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(&bytes[..]), &mut unzipped)
        .unwrap();
    assert_eq!(unzipped, first.body);
    let again = get(
        &app,
        "/en",
        &[("if-none-match", &zipped_etag), ("accept-encoding", "gzip")],
    )
    .await;
    assert_eq!(again.status, 304);
    let refused = get(&app, "/en", &[("accept-encoding", "gzip;q=0, identity")]).await;
    assert_eq!(header(&refused, "content-encoding"), "");
    assert_eq!(refused.body, first.body);
    // A change shows at once: the cached snapshot is not served past it.
    let (code, _) = app
        .post("/api/v1/incidents/whatsapp/resolve", &json!({}))
        .await;
    assert_eq!(code, 200);
    let after = get(&app, "/en", &[("if-none-match", &etag)]).await;
    assert_eq!(after.status, 200);
    assert_ne!(header(&after, "etag"), etag);
    assert!(
        !after.body.contains("Happening now"),
        "nothing open any more"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn each_languages_feed_is_valid_atom_with_every_story() {
    let app = spawn_app_with(HTTP).await;
    a_day_with_trouble(&app).await;
    for (code, title) in [
        ("bn-BD", "হোয়াটসঅ্যাপের সেবা বন্ধ"),
        ("bn-IN", "স্তব্ধ হোয়াট্সঅ্যাপের পরিষেবা"),
        ("en", "WhatsApp outage"),
    ] {
        let got = get(&app, &format!("/{code}/feed.atom"), &[]).await;
        assert_eq!(got.status, 200);
        assert!(header(&got, "content-type").starts_with("application/atom+xml"));
        let feed: atom_syndication::Feed = got.body.parse().expect("valid Atom");
        assert_eq!(feed.lang(), Some(code));
        assert_eq!(feed.entries().len(), 3, "two incidents and a window");
        let newest = &feed.entries()[0];
        assert!(
            feed.entries().iter().any(|e| e.title().as_str() == title),
            "{code}: {:?}",
            feed.entries()
                .iter()
                .map(|e| e.title().as_str())
                .collect::<Vec<_>>()
        );
        assert!(
            newest.updated() >= feed.entries()[1].updated(),
            "newest first"
        );
        let ids: std::collections::BTreeSet<_> = feed.entries().iter().map(|e| e.id()).collect();
        assert_eq!(ids.len(), 3, "ids are unique");
        assert!(
            feed.entries()
                .iter()
                .all(|e| !e.links().is_empty() && e.content().is_some())
        );
    }
}

/// The feed tells what became of each window: one called off, one begun and ended
/// early — each entry its whole story, newest first, every day said as a date (a feed
/// reader keeps entries for days), updated when it last changed — while Statuspage's
/// list and the page leave the one called off out.
#[tokio::test(flavor = "multi_thread")]
async fn the_feed_tells_what_became_of_each_window() {
    let app = spawn_app_with(HTTP).await;
    // 12:30 in Dhaka: bKash's window from 2 pm, Nagad's tonight.
    let mut ids = Vec::new();
    for (service, starts) in [
        ("bkash", "2022-11-01T14:00:00+06:00"),
        ("nagad", "2022-11-01T23:00:00+06:00"),
    ] {
        let plan = json!({"service": service, "starts": starts, "duration": "2h",
            "text": {"en": "Database move", "bn": "ডেটাবেস স্থানান্তর"}});
        let (status, body) = app.post("/api/v1/maintenances", &plan).await;
        assert_eq!(status, 201, "{body}");
        ids.push(body["maintenance"]["id"].as_u64().unwrap());
    }
    let (bkash, nagad) = (ids[0], ids[1]);
    app.later(chrono::Duration::minutes(20)).await;
    let (status, body) = app
        .post(&format!("/api/v1/maintenances/{nagad}/cancel"), &json!({}))
        .await;
    assert_eq!(status, 200, "{body}");
    app.later(chrono::Duration::minutes(70)).await;
    app.later(chrono::Duration::minutes(10)).await;
    let (status, body) = app
        .post(
            &format!("/api/v1/maintenances/{bkash}/extend"),
            &json!({"by": "1h"}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    app.later(chrono::Duration::minutes(20)).await;
    let (status, body) = app
        .post(&format!("/api/v1/maintenances/{bkash}/done"), &json!({}))
        .await;
    assert_eq!(status, 200, "{body}");

    for (lang, bkash_story, nagad_story) in [
        (
            "en",
            [
                "<strong>Ended early</strong> (2:30 pm on 1 Nov) bKash should be working normally again.",
                "<strong>Extended</strong> (2:10 pm on 1 Nov) It now runs until 5:00 pm on 1 Nov.",
                "<strong>Under way</strong> (2:00 pm on 1 Nov)</p>",
                "<strong>Planned</strong> (12:30 pm on 1 Nov) bKash maintenance, 2:00 to 4:00 pm on 1 Nov Database move",
            ],
            [
                "<strong>Cancelled</strong> (12:50 pm on 1 Nov) Nagad will not be interrupted.",
                "<strong>Planned</strong> (12:30 pm on 1 Nov) Nagad maintenance, 11:00 pm on 1 Nov to 1:00 am on 2 Nov",
            ],
        ),
        (
            "bn-BD",
            [
                "<strong>সময়ের আগেই শেষ</strong> (১ নভেম্বর দুপুর আড়াইটা) বিকাশের সেবা আবার চালু হওয়ার কথা।",
                "<strong>সময় বাড়ানো</strong> (১ নভেম্বর দুপুর ২টা ১০ মিনিট) রক্ষণাবেক্ষণের সময় বাড়িয়ে ১ নভেম্বর বিকেল ৫টা পর্যন্ত করা হয়।",
                "<strong>শুরু</strong> (১ নভেম্বর দুপুর ২টা)</p>",
                "<strong>ঘোষণা</strong> (১ নভেম্বর দুপুর সাড়ে ১২টা) বিকাশের রক্ষণাবেক্ষণ: ১ নভেম্বর দুপুর ২টা থেকে বিকেল ৪টা পর্যন্ত ডেটাবেস স্থানান্তর",
            ],
            [
                "<strong>বাতিল</strong> (১ নভেম্বর দুপুর ১২টা ৫০ মিনিট) নগদের সেবা চালু থাকবে।",
                "<strong>ঘোষণা</strong> (১ নভেম্বর দুপুর সাড়ে ১২টা) নগদের রক্ষণাবেক্ষণ: ১ নভেম্বর রাত ১১টা থেকে ১টা পর্যন্ত ডেটাবেস স্থানান্তর",
            ],
        ),
    ] {
        let got = get(&app, &format!("/{lang}/feed.atom"), &[]).await;
        let feed: atom_syndication::Feed = got.body.parse().expect("valid Atom");
        let entry = |id: u64| {
            feed.entries()
                .iter()
                .find(|e| e.id().ends_with(&format!(":maintenance:{id}")))
                .unwrap_or_else(|| panic!("{lang}: no entry for window {id}: {}", got.body))
        };
        for (id, story, changed) in [
            (bkash, &bkash_story[..], "2022-11-01T08:30:00+00:00"),
            (nagad, &nagad_story[..], "2022-11-01T06:50:00+00:00"),
        ] {
            let content = entry(id).content().and_then(|c| c.value()).unwrap();
            let mut from = 0;
            for step in story {
                let at = content[from..]
                    .find(step)
                    .unwrap_or_else(|| panic!("{lang}: {step:?} after {from} in {content}"));
                from += at + step.len();
            }
            assert_eq!(entry(id).updated().to_rfc3339(), changed, "{lang}");
        }
    }
    let listed = get(&app, "/api/v2/scheduled-maintenances.json", &[]).await;
    let listed: Value = serde_json::from_str(&listed.body).unwrap();
    let names: Vec<_> = listed["scheduled_maintenances"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(names, [format!("m{bkash}")], "a window called off is gone");
    assert_eq!(
        listed["scheduled_maintenances"][0]["scheduled_until"], "2022-11-01T11:00:00Z",
        "as scheduled, extended; it ended at 8:30"
    );
    let page = get(&app, "/en", &[]).await;
    assert!(!page.body.contains("Nagad maintenance"), "{}", page.body);
}

/// Every key of `format` is in `ours` with a value of the same JSON type (a `null` in
/// either may stand for a value in the other, as the format allows); arrays are
/// compared element by element against the format's first element.
fn same_shape(format: &Value, ours: &Value, path: &str, problems: &mut Vec<String>) {
    match (format, ours) {
        (Value::Null, _) | (_, Value::Null) => {}
        (Value::Object(f), Value::Object(o)) => {
            for (key, value) in f {
                match o.get(key) {
                    Some(v) => same_shape(value, v, &format!("{path}.{key}"), problems),
                    None => problems.push(format!("{path}.{key} is missing")),
                }
            }
        }
        (Value::Array(f), Value::Array(o)) => {
            if let Some(first) = f.first() {
                for (i, item) in o.iter().enumerate() {
                    same_shape(first, item, &format!("{path}[{i}]"), problems);
                }
            }
        }
        (Value::String(_), Value::String(_))
        | (Value::Number(_), Value::Number(_))
        | (Value::Bool(_), Value::Bool(_)) => {}
        _ => problems.push(format!("{path}: {ours} is not shaped like {format}")),
    }
}

/// The values the format allows for its enumerated fields, wherever they appear.
fn allowed(key: &str) -> Option<&'static [&'static str]> {
    Some(match key {
        "indicator" => &["none", "minor", "major", "critical"],
        "impact" => &["none", "minor", "major", "critical", "maintenance"],
        "old_status" | "new_status" => &[
            "operational",
            "degraded_performance",
            "partial_outage",
            "major_outage",
            "under_maintenance",
        ],
        _ => return None,
    })
}

fn enums_allowed(value: &Value, path: &str, problems: &mut Vec<String>) {
    match value {
        Value::Object(o) => {
            for (key, v) in o {
                if let (Some(allowed), Some(text)) = (allowed(key), v.as_str())
                    && !allowed.contains(&text)
                {
                    problems.push(format!("{path}.{key} = {text}"));
                }
                enums_allowed(v, &format!("{path}.{key}"), problems);
            }
        }
        Value::Array(a) => {
            for (i, v) in a.iter().enumerate() {
                enums_allowed(v, &format!("{path}[{i}]"), problems);
            }
        }
        _ => {}
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn the_statuspage_json_has_statuspages_shapes() {
    let app = spawn_app_with(HTTP).await;
    a_day_with_trouble(&app).await;
    let fixtures =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/e2e/fixtures/statuspage");
    for name in ["status", "summary", "incidents", "scheduled-maintenances"] {
        let got = get(&app, &format!("/api/v2/{name}.json"), &[]).await;
        assert_eq!(got.status, 200, "{name}");
        assert!(header(&got, "etag").starts_with('"'));
        let ours: Value = serde_json::from_str(&got.body).unwrap();
        let format: Value = serde_json::from_str(
            &std::fs::read_to_string(fixtures.join(format!("{name}.json"))).unwrap(),
        )
        .unwrap();
        let mut problems = Vec::new();
        same_shape(&format, &ours, name, &mut problems);
        enums_allowed(&ours, name, &mut problems);
        assert!(problems.is_empty(), "{name}: {problems:#?}\n{ours:#}");
    }
    let (_, summary) = app.get("/api/v2/summary.json").await;
    let component = |id: &str| {
        summary["components"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["id"] == id)
            .unwrap()["status"]
            .clone()
    };
    assert_eq!(component("whatsapp"), "major_outage");
    assert_eq!(component("facebook"), "operational");
    assert_eq!(summary["components"].as_array().unwrap().len(), 11);
    assert_eq!(summary["status"]["indicator"], "major");
    assert_eq!(
        summary["incidents"].as_array().unwrap().len(),
        1,
        "unresolved only"
    );
    let whatsapp = &summary["incidents"][0];
    assert_eq!(whatsapp["status"], "identified");
    assert_eq!(whatsapp["impact"], "major");
    assert_eq!(
        whatsapp["incident_updates"][0]["status"], "identified",
        "newest first"
    );
    assert_eq!(summary["scheduled_maintenances"][0]["status"], "scheduled");
    let (_, incidents) = app.get("/api/v2/incidents.json").await;
    assert_eq!(
        incidents["incidents"].as_array().unwrap().len(),
        2,
        "resolved ones too"
    );
    assert_eq!(incidents["incidents"][1]["status"], "resolved");
    assert_eq!(incidents["incidents"][1]["impact"], "minor");
}

/// Chromium's flags for a headless run on a machine with no network: no sandbox (tests
/// run as root in CI), no GPU, none of its background connections.
const CHROMIUM_FLAGS: &[&str] = &[
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
];

async fn chromium(profile: &std::path::Path, args: &[String]) -> String {
    let output = tokio::process::Command::new("chromium")
        .args(CHROMIUM_FLAGS)
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(args)
        .kill_on_drop(true)
        .output();
    let output = tokio::time::timeout(std::time::Duration::from_secs(60), output)
        .await
        .expect("chromium finishes within a minute")
        .expect("chromium runs (.ci/run installs Debian's chromium)");
    assert!(
        output.status.success(),
        "chromium: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// A PNG's width and height, from its header.
fn png_size(bytes: &[u8]) -> (u32, u32) {
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n", "a PNG");
    let be = |at: usize| u32::from_be_bytes(bytes[at..at + 4].try_into().unwrap());
    (be(16), be(20))
}

/// Loads the page in a real browser at a phone's width and a desktop's: the layout is
/// measured inside Chromium (a wrapper page frames the page as served at each width and
/// reads its DOM), and screenshots of the live page are kept in
/// `target/page-screenshots/` as the test's artifacts.
#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs Debian's chromium; .ci/run installs it and runs this test"]
async fn the_page_in_chromium_at_a_phones_width_and_a_desktops() {
    let app = spawn_app_with(HTTP).await;
    a_day_with_trouble(&app).await;
    let addr = app.http.unwrap();
    let work = tempfile::tempdir().unwrap();
    let shots = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/page-screenshots");
    std::fs::create_dir_all(&shots).unwrap();
    for lang in ["bn-BD", "en"] {
        let url = format!("http://{addr}/{lang}");
        // The page as served, framed by a wrapper beside it: two files of one folder may
        // read each other's DOM, where the bot's origin and a wrapper's could not.
        let served = get(&app, &format!("/{lang}"), &[]).await;
        let page = work.path().join(format!("{lang}.html"));
        std::fs::write(&page, &served.body).unwrap();
        let wrapper = work.path().join(format!("measure-{lang}.html"));
        std::fs::write(
            &wrapper,
            MEASURE.replace("PAGE_URL", &format!("{lang}.html")),
        )
        .unwrap();
        let dom = chromium(
            &work.path().join("profile"),
            &[
                "--allow-file-access-from-files".into(),
                "--virtual-time-budget=15000".into(),
                "--dump-dom".into(),
                format!("file://{}", wrapper.display()),
            ],
        )
        .await;
        let found = dom
            .split_once(r#"<pre id="out">"#)
            .and_then(|(_, rest)| rest.split_once("</pre>"))
            .map(|(json, _)| json.replace("&amp;", "&"))
            .expect("the wrapper wrote its measures");
        let measures: Value =
            serde_json::from_str(&found).unwrap_or_else(|e| panic!("{e}: {found}"));
        let measures = measures.as_array().expect("one per width");
        assert_eq!(measures.len(), 2, "{found}");
        for m in measures {
            let width = m["width"].as_u64().unwrap();
            assert_eq!(m["lang"], lang, "{m}");
            assert!(
                m["scroll"].as_u64().unwrap() <= width,
                "{lang} at {width} px scrolls sideways: {m}"
            );
            let strips = m["strips"].as_array().unwrap();
            assert_eq!(strips.len(), 11, "a strip per service: {m}");
            assert!(strips.iter().all(|s| s == 90), "90 days in each: {m}");
            assert!(
                m["narrowest"].as_f64().unwrap() >= 5.0,
                "every day can be seen (and touched with focus): {m}"
            );
            let names: Vec<&str> = m["names"]
                .as_array()
                .unwrap()
                .iter()
                .filter_map(Value::as_str)
                .collect();
            let whatsapp = if lang == "en" {
                "WhatsApp"
            } else {
                "হোয়াটসঅ্যাপ"
            };
            assert!(names.contains(&whatsapp), "{names:?}");
        }
        for (width, height) in [(360, 740), (1280, 800)] {
            let shot = shots.join(format!("{lang}-{width}x{height}.png"));
            chromium(
                &work.path().join("profile"),
                &[
                    format!("--window-size={width},{height}"),
                    format!("--screenshot={}", shot.display()),
                    url.clone(),
                ],
            )
            .await;
            let png = std::fs::read(&shot).expect("the screenshot");
            assert_eq!(png_size(&png), (width, height), "{}", shot.display());
        }
    }
}

/// The wrapper that frames the page at each width and writes what it measured.
const MEASURE: &str = r#"<!doctype html><html><body><pre id="out">waiting</pre><script>
const sizes = [[360, 740], [1280, 800]];
const out = document.getElementById('out');
const results = [];
function next(i) {
  if (i >= sizes.length) { out.textContent = JSON.stringify(results); return; }
  const [w, h] = sizes[i];
  const frame = document.createElement('iframe');
  frame.width = w; frame.height = h; frame.style.border = '0';
  frame.onload = () => {
    const d = frame.contentDocument;
    const strips = [...d.querySelectorAll('ol.strip')];
    const cells = strips.flatMap(s => [...s.children]);
    results.push({
      width: w,
      scroll: d.documentElement.scrollWidth,
      lang: d.documentElement.lang,
      strips: strips.map(s => s.children.length),
      narrowest: Math.min(...cells.map(c => c.getBoundingClientRect().width)),
      names: [...d.querySelectorAll('.service strong')].map(e => e.textContent),
    });
    frame.remove();
    next(i + 1);
  };
  frame.src = 'PAGE_URL';
  document.body.appendChild(frame);
}
next(0);
</script></body></html>"#;

/// A page as a reader takes it in, for a snapshot a person can review: the visible text
/// line by line, each strip as runs of its days' states and the words of every day that
/// was not quiet, and each link's target.
fn readable(html: &str) -> String {
    let html = match (html.find("<style>"), html.find("</style>")) {
        (Some(a), Some(b)) => format!("{}{}", &html[..a], &html[b + "</style>".len()..]),
        _ => html.to_owned(),
    };
    let mut out = String::new();
    let mut rest = html.as_str();
    while let Some(open) = rest.find('<') {
        out.push_str(&rest[..open]);
        let Some(close) = rest[open..].find('>') else {
            break;
        };
        let tag = &rest[open + 1..open + close];
        rest = &rest[open + close + 1..];
        if tag.starts_with('/') {
            continue;
        }
        let name = tag.split([' ', '/']).find(|s| !s.is_empty()).unwrap_or("");
        let attribute = |key: &str| {
            tag.split_once(&format!("{key}=\""))
                .and_then(|(_, v)| v.split_once('"'))
                .map(|(v, _)| v.to_owned())
        };
        match name {
            "html" => out.push_str(&format!(
                "[html lang={}]\n",
                attribute("lang").unwrap_or_default()
            )),
            "ol" if attribute("class").as_deref() == Some("strip") => {
                let end = rest.find("</ol>").unwrap_or(rest.len());
                let cells = &rest[..end];
                rest = &rest[end..];
                let mut runs: Vec<(String, usize)> = Vec::new();
                let mut said = Vec::new();
                for cell in cells.split("<li ").skip(1) {
                    let class = cell
                        .split_once("class=\"s-")
                        .and_then(|(_, c)| c.split_once('"'))
                        .map(|(c, _)| c)
                        .unwrap_or("?");
                    match runs.last_mut() {
                        Some((last, n)) if last == class => *n += 1,
                        _ => runs.push((class.to_owned(), 1)),
                    }
                    if !["unknown", "operational"].contains(&class) {
                        let label = cell
                            .split_once("aria-label=\"")
                            .and_then(|(_, l)| l.split_once('"'))
                            .map(|(l, _)| l)
                            .unwrap_or("");
                        said.push(label.to_owned());
                    }
                }
                let runs: Vec<String> = runs.iter().map(|(c, n)| format!("{c}×{n}")).collect();
                out.push_str(&format!(
                    "\n[strip: {} | {}]\n",
                    runs.join(" "),
                    said.join(" · ")
                ));
            }
            "a" => out.push_str(&format!("[→ {}] ", attribute("href").unwrap_or_default())),
            "p" | "h1" | "h2" | "h3" | "li" | "div" | "header" | "footer" | "section"
            | "article" | "nav" | "title" => out.push('\n'),
            "span" | "strong" | "i" => out.push(' '),
            _ => {}
        }
    }
    out.push_str(rest);
    let text = out
        .replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'");
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every page and feed in each language, as snapshots (reviewed with `cargo insta
/// review`, or `INSTA_UPDATE=always` and `git diff`).
#[tokio::test(flavor = "multi_thread")]
async fn each_page_and_feed_in_each_language_reads_as_it_should() {
    let app = spawn_app_with(HTTP).await;
    a_day_with_trouble(&app).await;
    let id = open_incident_id(&app, "whatsapp").await;
    for lang in ["bn-BD", "bn-IN", "en"] {
        let page = get(&app, &format!("/{lang}"), &[]).await;
        let incident = get(&app, &format!("/{lang}/incidents/{id}"), &[]).await;
        let feed = get(&app, &format!("/{lang}/feed.atom"), &[]).await;
        insta::with_settings!({
            snapshot_path => "transcripts",
            prepend_module_to_snapshot => false,
            omit_expression => true,
        }, {
            insta::assert_snapshot!(format!("page-{lang}"), readable(&page.body));
            insta::assert_snapshot!(format!("incident-{lang}"), readable(&incident.body));
            insta::assert_snapshot!(format!("feed-{lang}"), feed.body.replace("><", ">\n<"));
        });
    }
}
