//! The outage-day surge: `cargo bench --bench surge` (`-- --budget 1000` or `-- --budget
//! 30` for one of the two; `-- --users N` for a smaller run).
//!
//! The real release binary, against the in-repo fake Telegram server enforcing the
//! limits, with 20,000 subscribers. The admin posts an outage; while its broadcast goes
//! out, 11,000 people arrive over 60 seconds, each sending `/subscribe`, `/report` and
//! `/status`. Reported: time until the last command is answered, p50/p99 answer time,
//! how the store's writer grouped the writes (writes per flush, flushes per second),
//! the bot's peak memory, and freezes — a `/healthz` that did not answer 200 within a
//! second, or commands left unanswered (both must be 0).

#[path = "../tests/e2e/fake_telegram/mod.rs"]
#[allow(dead_code, reason = "the benchmark uses part of the test fake")]
mod fake_telegram;
mod support;

use std::collections::HashMap;
use std::time::{Duration, Instant};

use outage_bot::domain::{ChatId, ChatKind, ChatSettings, ServiceId};
use outage_bot::store::Store;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use fake_telegram::{FakeTelegram, Limits, TgUser};
use support::{peak_memory_mb, percentile, start_bot};

const ADMIN: i64 = 1;
/// People arriving during the surge: ids 100 … (below the subscribers, whom the
/// broadcast walks from 1,000,000 up, so the newcomers are not in its audience).
const FIRST_NEWCOMER: i64 = 100;
const FIRST_SUBSCRIBER: i64 = 1_000_000;
const SUBSCRIBERS: i64 = 20_000;
const ARRIVAL_SPAN: Duration = Duration::from_secs(60);
const COMMANDS: [&str; 3] = [
    "/subscribe whatsapp",
    "/report whatsapp",
    "/status whatsapp",
];

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let after = |flag: &str| {
        args.iter()
            .position(|a| a == flag)
            .and_then(|i| args.get(i + 1))
            .and_then(|v| v.parse::<i64>().ok())
    };
    let users = after("--users").unwrap_or(11_000);
    let budgets: Vec<u32> = match after("--budget") {
        Some(b) => vec![b as u32],
        None => vec![1000, 30],
    };
    outage_bot::telemetry::init("error");
    let runtime = tokio::runtime::Runtime::new().unwrap();
    println!(
        "| budget | newcomers × commands | last answer after | answer p50 | answer p99 | writes per flush (largest) | flushes/s | peak memory | freezes |"
    );
    println!("|---|---|---|---|---|---|---|---|---|");
    for budget in budgets {
        runtime.block_on(surge(budget, users));
    }
}

/// The subscribers the outage's broadcast goes to, loaded at once.
async fn populate(store: &Store) {
    let chats = (0..SUBSCRIBERS)
        .map(|i| {
            let code = if i % 2 == 0 { "bn" } else { "en" };
            (
                ChatId(FIRST_SUBSCRIBER + i),
                ChatSettings::new(ChatKind::Private, Some(code)),
                vec![ServiceId::parse("whatsapp").unwrap()],
            )
        })
        .collect();
    store.load_chats(chats).await.unwrap();
}

/// `/healthz` once: the status code and the body, or `None` past a second.
async fn health(port: u16) -> Option<(u16, serde_json::Value)> {
    tokio::time::timeout(Duration::from_secs(1), async {
        let mut stream = tokio::net::TcpStream::connect(("127.0.0.1", port))
            .await
            .ok()?;
        stream
            .write_all(b"GET /healthz HTTP/1.1\r\nHost: b\r\nConnection: close\r\n\r\n")
            .await
            .ok()?;
        let mut response = Vec::new();
        stream.read_to_end(&mut response).await.ok()?;
        let text = String::from_utf8_lossy(&response);
        let code = text.split(' ').nth(1)?.parse().ok()?;
        let body = text.split_once("\r\n\r\n")?.1;
        Some((code, serde_json::from_str(body).ok()?))
    })
    .await
    .ok()
    .flatten()
}

async fn surge(budget: u32, users: i64) {
    let fake = FakeTelegram::start().await;
    fake.set_limits(Some(Limits {
        global_per_second: budget,
        per_chat_per_second: 1,
        per_group_per_minute: 20,
    }));
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("db");
    {
        let store = Store::open(&data).unwrap();
        populate(&store).await;
    }
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let config = dir.path().join("bot.toml");
    std::fs::write(
        &config,
        format!(
            "data_dir = {:?}\nadmins = [{ADMIN}]\n[telegram]\nmessages_per_second = {budget}\n[http]\nlisten = \"127.0.0.1:{port}\"\n",
            data.display().to_string()
        ),
    )
    .unwrap();
    let bot = start_bot(&fake, &config).await;
    let admin = FakeTelegram::user(ADMIN, "Admin", Some("en"));
    fake.send_text(ADMIN, &admin, "/down whatsapp Servers unreachable");
    fake.wait_until("the broadcast to start", Duration::from_secs(30), |f| {
        f.sent().iter().any(|s| s.chat_id >= FIRST_SUBSCRIBER)
    })
    .await;
    let before = health(port).await.map(|(_, b)| b).unwrap_or_default();

    // Newcomers arrive evenly over the span, each sending the three commands at once.
    let newcomers: Vec<TgUser> = (0..users)
        .map(|i| {
            FakeTelegram::user(
                FIRST_NEWCOMER + i,
                "Newcomer",
                Some(if i % 2 == 0 { "bn" } else { "en" }),
            )
        })
        .collect();
    let started = Instant::now();
    let mut asked_at: HashMap<i64, Instant> = HashMap::new();
    let mut answers: HashMap<i64, Vec<Instant>> = HashMap::new();
    let mut seen = fake.sent_count();
    let mut latencies = Vec::new();
    let mut next = 0usize;
    let mut freezes = 0;
    let mut last_health = Instant::now();
    let deadline = started + ARRIVAL_SPAN + Duration::from_secs(3_600);
    loop {
        // Everyone due by now arrives.
        let due = ((started.elapsed().as_secs_f64() / ARRIVAL_SPAN.as_secs_f64()) * users as f64)
            .ceil()
            .min(users as f64) as usize;
        if due > next {
            let now = Instant::now();
            let mut batch = Vec::new();
            for user in &newcomers[next..due] {
                asked_at.insert(user.id, now);
                for command in COMMANDS {
                    batch.push((user.id, user.clone(), command.to_owned()));
                }
            }
            fake.push_texts(&batch);
            next = due;
        }
        for sent in fake.sent_from(seen) {
            seen += 1;
            if let Some(asked) = asked_at.get(&sent.chat_id) {
                latencies.push(sent.at.duration_since(*asked));
                answers.entry(sent.chat_id).or_default().push(sent.at);
            }
        }
        if last_health.elapsed() >= Duration::from_millis(500) {
            last_health = Instant::now();
            if !matches!(health(port).await, Some((200, _))) {
                freezes += 1;
            }
        }
        let answered = answers
            .values()
            .filter(|a| a.len() >= COMMANDS.len())
            .count();
        if next == users as usize && answered == users as usize {
            break;
        }
        if Instant::now() > deadline {
            freezes += 1;
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let last_answer = answers
        .values()
        .filter_map(|a| a.last())
        .max()
        .map(|t| t.duration_since(started))
        .unwrap_or_default();
    let unanswered: usize = newcomers
        .iter()
        .map(|u| {
            COMMANDS
                .len()
                .saturating_sub(answers.get(&u.id).map_or(0, Vec::len))
        })
        .sum();
    let after = health(port).await.map(|(_, b)| b).unwrap_or_default();
    let count = |body: &serde_json::Value, key: &str| body[key].as_u64().unwrap_or(0);
    let writes = count(&after, "store_writes") - count(&before, "store_writes");
    let flushes = count(&after, "store_flushes") - count(&before, "store_flushes");
    let elapsed = started.elapsed().as_secs_f64();
    latencies.sort();
    println!(
        "| {budget}/s | {users} × 3 | {:.1} s | {:.2} s | {:.2} s | {:.1} ({}) | {:.1} | {} MB | {} |",
        last_answer.as_secs_f64(),
        percentile(&latencies, 0.5).as_secs_f64(),
        percentile(&latencies, 0.99).as_secs_f64(),
        writes as f64 / flushes.max(1) as f64,
        count(&after, "store_largest_batch"),
        flushes as f64 / elapsed,
        peak_memory_mb(bot.0.id()),
        freezes + usize::from(unanswered > 0) * unanswered,
    );
    drop(bot);
}
