//! The public surfaces under load: `cargo bench --bench page` (`-- --quick` for a short
//! run).
//!
//! The real application (release build) with 20 services and 90 days of history —
//! an incident every few days per service, each with an update, and maintenance windows —
//! written through the HTTP API while a manual clock walks through the 90 days. Then,
//! from this process, many clients at once ask for the status page in Bengali (a full
//! answer, and a reload that sends its `ETag` back), the Statuspage summary and the Atom
//! feed, each for a few seconds; and the first page after a change (the snapshot read
//! again and the page rendered). Reported: requests per second, p50 and p99. Also the
//! time from an incident's post to its channel post (`[[channels]]`), the bot's own part
//! of reaching a channel's readers. The clients and the bot share the two cores.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use chrono::{DateTime, TimeZone, Utc};
use futures::future::BoxFuture;
use outage_bot::app::{FrontEnd, Parts};
use outage_bot::clock::ManualClock;
use outage_bot::config::Config;
use outage_bot::console::EveryoneAdministersOwnChat;
use outage_bot::domain::ChatId;
use outage_bot::outbound::{Content, SendOutcome, Transport};
use serde_json::json;
use tokio_util::sync::CancellationToken;

/// Clients give up a kept-alive connection sooner than the listener closes an idle one
/// (`HEADER_READ_TIMEOUT`, 5 s), so no request is sent on a connection being closed.
const IDLE: Duration = Duration::from_secs(2);
const SERVICES: usize = 20;
const DAYS: i64 = 90;
const TOKEN: &str = "bench-api-token-0123456789abcdefghijkl";
/// The channel the bot posts every incident to (a private channel's id).
const CHANNEL: i64 = -1_001_234_567_890;

/// Telegram replaced by an instant "accepted" that notes when the channel got a post.
struct InstantTransport {
    channel_posts: tokio::sync::mpsc::UnboundedSender<Instant>,
}

impl Transport for InstantTransport {
    fn send(&self, chat: ChatId, _: Content) -> BoxFuture<'static, SendOutcome> {
        if chat.0 == CHANNEL {
            let _ = self.channel_posts.send(Instant::now());
        }
        Box::pin(async { SendOutcome::Sent { message_id: 1 } })
    }
    fn edit(&self, _: ChatId, message_id: i32, _: Content) -> BoxFuture<'static, SendOutcome> {
        Box::pin(async move { SendOutcome::Sent { message_id } })
    }
}

fn config(data: &std::path::Path) -> Config {
    let mut toml = format!(
        "data_dir = {:?}\n[http]\nlisten = \"127.0.0.1:0\"\n\n[[channels]]\nchat = {CHANNEL}\nlanguage = \"bn-BD\"\n\n",
        data.display().to_string()
    );
    for i in 1..=SERVICES {
        toml.push_str(&format!(
            "[[services]]\nid = \"s{i:02}\"\nname = {{ en = \"Service {i}\", bn = \"সেবা {i}\" }}\n\n"
        ));
    }
    let env = |key: &str| (key == "OUTAGE_BOT_API_TOKEN").then(|| TOKEN.to_owned());
    Config::parse(&toml, None, &env).unwrap()
}

/// One thing to post at a time of the history.
struct Step {
    at: DateTime<Utc>,
    path: String,
    body: serde_json::Value,
}

/// Every service's 90 days: an incident every few days (a third of them slowdowns), an
/// update a quarter of an hour in, over after 20 minutes to 5 hours; a maintenance
/// window planned a day ahead every month.
fn history(start: DateTime<Utc>) -> Vec<Step> {
    let mut rng = fastrand::Rng::with_seed(20221025);
    let mut steps = Vec::new();
    for s in 1..=SERVICES {
        let service = format!("s{s:02}");
        let mut at = start + chrono::Duration::hours(rng.i64(1..72));
        while at < start + chrono::Duration::days(DAYS - 1) {
            let severity = if rng.u8(0..3) == 0 {
                "degraded"
            } else {
                "major_outage"
            };
            let lasting = chrono::Duration::minutes(rng.i64(20..300));
            steps.push(Step {
                at,
                path: "/api/v1/incidents".into(),
                body: json!({"service": service, "severity": severity, "text": {"en": "Payments fail for many users", "bn": "অনেকের লেনদেন হচ্ছে না"}}),
            });
            steps.push(Step {
                at: at + chrono::Duration::minutes(15),
                path: format!("/api/v1/incidents/{service}/updates"),
                body: json!({"phase": "identified", "text": {"en": "A database failed over", "bn": "একটি ডেটাবেস বিকল"}}),
            });
            steps.push(Step {
                at: at + lasting.max(chrono::Duration::minutes(16)),
                path: format!("/api/v1/incidents/{service}/resolve"),
                body: json!({}),
            });
            at += lasting + chrono::Duration::hours(rng.i64(24..144));
        }
        let mut planned = start + chrono::Duration::days(rng.i64(0..20));
        while planned < start + chrono::Duration::days(DAYS - 2) {
            let starts = planned + chrono::Duration::days(1);
            steps.push(Step {
                at: planned,
                path: "/api/v1/maintenances".into(),
                body: json!({"service": service, "starts": starts.to_rfc3339(), "duration": "2h"}),
            });
            planned += chrono::Duration::days(30);
        }
    }
    steps.sort_by_key(|s| s.at);
    steps
}

struct Load {
    label: &'static str,
    path: &'static str,
    /// Send the `ETag` of a first answer back (a reload that changed nothing).
    conditional: bool,
}

/// `clients` asking at once for `seconds`: requests per second, p50, p99 (ms), the
/// answers' status and size (gzipped).
async fn load(
    addr: std::net::SocketAddr,
    load: &Load,
    clients: usize,
    seconds: u64,
) -> (f64, f64, f64, u16, usize) {
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(clients)
        .pool_idle_timeout(IDLE)
        .build()
        .unwrap();
    let url = format!("http://{addr}{}", load.path);
    let etag = client
        .get(&url)
        .header("accept-encoding", "gzip")
        .send()
        .await
        .unwrap()
        .headers()
        .get("etag")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let until = Instant::now() + Duration::from_secs(seconds);
    let done = Arc::new(AtomicU64::new(0));
    let failed = Arc::new(AtomicU64::new(0));
    let mut tasks = Vec::new();
    for _ in 0..clients {
        let (client, url, etag, done, failed) = (
            client.clone(),
            url.clone(),
            etag.clone(),
            done.clone(),
            failed.clone(),
        );
        let conditional = load.conditional;
        tasks.push(tokio::spawn(async move {
            let mut took = Vec::new();
            let mut status = 0;
            let mut size = 0;
            while Instant::now() < until {
                let asked = Instant::now();
                // As a browser asks: gzip taken.
                let mut request = client
                    .get(&url)
                    .header("accept-language", "bn-BD")
                    .header("accept-encoding", "gzip");
                if conditional {
                    request = request.header("if-none-match", &etag);
                }
                match request.send().await {
                    Ok(response) => {
                        status = response.status().as_u16();
                        size = response.bytes().await.map_or(0, |b| b.len());
                        took.push(asked.elapsed());
                        done.fetch_add(1, Ordering::Relaxed);
                    }
                    Err(e) => {
                        eprintln!("{e}");
                        failed.fetch_add(1, Ordering::Relaxed);
                    }
                }
            }
            (took, status, size)
        }));
    }
    let started = Instant::now();
    let mut took = Vec::new();
    let (mut status, mut size) = (0, 0);
    for task in tasks {
        let (t, s, b) = task.await.unwrap();
        took.extend(t);
        (status, size) = (s, b);
    }
    let elapsed = started.elapsed().as_secs_f64();
    took.sort();
    let ms = |q: f64| took[((took.len() - 1) as f64 * q) as usize].as_secs_f64() * 1e3;
    let failed = failed.load(Ordering::Relaxed);
    assert_eq!(failed, 0, "requests failed");
    (
        done.load(Ordering::Relaxed) as f64 / elapsed,
        ms(0.5),
        ms(0.99),
        status,
        size,
    )
}

fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(run(quick));
}

async fn run(quick: bool) {
    let dir = tempfile::tempdir().unwrap();
    let start = Utc.with_ymd_and_hms(2026, 9, 1, 0, 0, 0).unwrap();
    let clock = Arc::new(ManualClock::new(start));
    let parts = Parts::assemble(config(&dir.path().join("db")), clock.clone()).unwrap();
    let addr = parts.http_addr().unwrap();
    let (channel_posts, mut channel_seen) = tokio::sync::mpsc::unbounded_channel();
    let shutdown = CancellationToken::new();
    let _running = parts
        .start(
            FrontEnd {
                transport: Arc::new(InstantTransport { channel_posts }),
                group_admins: Arc::new(EveryoneAdministersOwnChat),
                menus: Arc::new(EveryoneAdministersOwnChat),
                bot_username: None,
                polls: false,
                routes: None,
            },
            shutdown.clone(),
        )
        .unwrap();
    let client = reqwest::Client::builder()
        .pool_idle_timeout(IDLE)
        .build()
        .unwrap();
    let post = |path: String, body: serde_json::Value| {
        let client = client.clone();
        async move {
            client
                .post(format!("http://{addr}{path}"))
                .bearer_auth(TOKEN)
                .json(&body)
                .send()
                .await
                .unwrap()
                .status()
        }
    };

    // The bot's own part of reaching a channel: from the post to the channel's post.
    // First, on an empty store: a channel takes 20 posts a minute, and each incident
    // here is three (the post, the ending's edit and its short post).
    const ROUNDS: usize = 5;
    let mut latencies = Vec::new();
    for round in 0..ROUNDS {
        let service = format!("s{:02}", 1 + round % SERVICES);
        let asked = Instant::now();
        post("/api/v1/incidents".into(), json!({"service": service})).await;
        let seen = tokio::time::timeout(Duration::from_secs(10), channel_seen.recv())
            .await
            .expect("the channel is posted to")
            .unwrap();
        latencies.push(seen.duration_since(asked));
        post(format!("/api/v1/incidents/{service}/resolve"), json!({})).await;
        // The ending's short post (its edit is not a send); then a pause, so the next
        // post does not wait for the channel's one message a second.
        let _ = tokio::time::timeout(Duration::from_secs(10), channel_seen.recv()).await;
        tokio::time::sleep(Duration::from_secs(3)).await;
    }
    latencies.sort();
    println!(
        "Post → channel post: p50 {:.1} ms, max {:.1} ms ({ROUNDS} incidents)\n",
        latencies[ROUNDS / 2].as_secs_f64() * 1e3,
        latencies[ROUNDS - 1].as_secs_f64() * 1e3
    );

    // The history, written as it happened. (The channel then has more to post than
    // Telegram lets it in a minute; it works through that beside what is measured.)
    let steps = history(start);
    let began = Instant::now();
    let mut refused = 0;
    for step in &steps {
        let now = outage_bot::clock::Clock::now(clock.as_ref());
        if step.at > now {
            clock.advance(step.at - now);
        }
        if !post(step.path.clone(), step.body.clone())
            .await
            .is_success()
        {
            refused += 1;
        }
    }
    let end = start + chrono::Duration::days(DAYS);
    let now = outage_bot::clock::Clock::now(clock.as_ref());
    clock.advance(end - now);
    let incidents = steps
        .iter()
        .filter(|s| s.path == "/api/v1/incidents")
        .count();
    println!(
        "History: {SERVICES} services, {DAYS} days, {incidents} incidents and {} windows ({} calls, {refused} refused), written in {:.1} s\n",
        steps
            .iter()
            .filter(|s| s.path == "/api/v1/maintenances")
            .count(),
        steps.len(),
        began.elapsed().as_secs_f64()
    );

    // The first page after a change: the snapshot is read again and the page rendered.
    let mut cold = Vec::new();
    for round in 0..20 {
        let service = format!("s{:02}", 1 + round % SERVICES);
        post("/api/v1/incidents".into(), json!({"service": service})).await;
        let asked = Instant::now();
        let page = client
            .get(format!("http://{addr}/bn-BD"))
            .send()
            .await
            .unwrap()
            .bytes()
            .await
            .unwrap();
        cold.push((asked.elapsed(), page.len()));
        post(format!("/api/v1/incidents/{service}/resolve"), json!({})).await;
    }
    cold.sort();
    println!(
        "First page after a change (snapshot read again, page rendered): p50 {:.1} ms, max {:.1} ms; the page is {} KB\n",
        cold[10].0.as_secs_f64() * 1e3,
        cold[19].0.as_secs_f64() * 1e3,
        cold[10].1 / 1024
    );

    let seconds = if quick { 2 } else { 5 };
    println!("| what | clients | requests/s | p50 | p99 | answer | bytes |");
    println!("|---|---|---|---|---|---|---|");
    let loads = [
        Load {
            label: "status page, bn-BD",
            path: "/bn-BD",
            conditional: false,
        },
        Load {
            label: "status page, reload with its ETag",
            path: "/bn-BD",
            conditional: true,
        },
        Load {
            label: "Statuspage summary.json",
            path: "/api/v2/summary.json",
            conditional: false,
        },
        Load {
            label: "Atom feed, bn-BD",
            path: "/bn-BD/feed.atom",
            conditional: false,
        },
    ];
    for l in &loads {
        // Sixteen connections: half of what the listener lets one address hold.
        for clients in [1, 4, 8, 16] {
            let (rps, p50, p99, status, size) = load(addr, l, clients, seconds).await;
            println!(
                "| {} | {clients} | {rps:.0} | {p50:.2} ms | {p99:.2} ms | {status} | {size} |",
                l.label
            );
        }
    }
    shutdown.cancel();
}
