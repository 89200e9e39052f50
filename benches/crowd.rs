//! The seed's day of crowd reports: `cargo bench --bench crowd` (`-- --users N` for a
//! smaller run).
//!
//! The real release binary against the in-repo fake Telegram (its limits at 1,000
//! messages a second, so Telegram's pace is not what is measured). 11,000 people report
//! WhatsApp over 60 seconds, a third in each of bn-BD, bn-IN and English; every third of
//! them then taps a network and an area under the answer. Reported: time until the last
//! answer, p50/p99 from `/report` to its answer (the count of everyone before, in the
//! reporter's words), the bot's peak memory, what the store holds afterwards (the
//! reports, the counts by bucket and place, the usual numbers per slot of the week) and
//! how much the folder grew; unanswered reports must be 0.

#[path = "../tests/e2e/fake_telegram/mod.rs"]
#[allow(dead_code, reason = "the benchmark uses part of the test fake")]
mod fake_telegram;
mod support;

use std::collections::HashMap;
use std::time::{Duration, Instant};

use outage_bot::store::Store;

use fake_telegram::{FakeTelegram, Limits, TgUser};
use support::{peak_memory_mb, percentile, start_bot};

const ADMIN: i64 = 1;
const FIRST_REPORTER: i64 = 100;
const ARRIVAL_SPAN: Duration = Duration::from_secs(60);
const LANGS: [&str; 3] = ["bn", "bn-IN", "en"];

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let users = args
        .iter()
        .position(|a| a == "--users")
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse::<i64>().ok())
        .unwrap_or(11_000);
    outage_bot::telemetry::init("error");
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(day(users));
}

fn folder_kb(path: &std::path::Path) -> u64 {
    std::fs::read_dir(path)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| match e.metadata() {
            Ok(m) if m.is_dir() => folder_kb(&e.path()) * 1024,
            Ok(m) => m.len(),
            Err(_) => 0,
        })
        .sum::<u64>()
        / 1024
}

async fn day(users: i64) {
    let fake = FakeTelegram::start().await;
    fake.set_limits(Some(Limits {
        global_per_second: 1000,
        per_chat_per_second: 30,
        per_group_per_minute: 20,
    }));
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("db");
    let config = dir.path().join("bot.toml");
    std::fs::write(
        &config,
        format!(
            "data_dir = {:?}\nadmins = [{ADMIN}]\n[telegram]\nmessages_per_second = 1000\nper_chat_per_second = 30\n[reports]\nthreshold = 1000\n",
            data.display().to_string()
        ),
    )
    .unwrap();
    let bot = start_bot(&fake, &config).await;
    let folder_before = folder_kb(&data);

    let reporters: Vec<TgUser> = (0..users)
        .map(|i| FakeTelegram::user(FIRST_REPORTER + i, "Reporter", Some(LANGS[i as usize % 3])))
        .collect();
    let started = Instant::now();
    let mut asked_at: HashMap<i64, Instant> = HashMap::new();
    let mut answered_at: HashMap<i64, (Instant, i32)> = HashMap::new();
    let mut tapped = 0usize;
    let mut seen = fake.sent_count();
    let mut latencies = Vec::new();
    let mut next = 0usize;
    let deadline = started + ARRIVAL_SPAN + Duration::from_secs(600);
    loop {
        let due = ((started.elapsed().as_secs_f64() / ARRIVAL_SPAN.as_secs_f64()) * users as f64)
            .ceil()
            .min(users as f64) as usize;
        if due > next {
            let now = Instant::now();
            let batch: Vec<_> = reporters[next..due]
                .iter()
                .map(|user| {
                    asked_at.insert(user.id, now);
                    (user.id, user.clone(), "/report whatsapp".to_owned())
                })
                .collect();
            fake.push_texts(&batch);
            next = due;
        }
        for sent in fake.sent_from(seen) {
            seen += 1;
            if sent.method != "sendMessage" || answered_at.contains_key(&sent.chat_id) {
                continue;
            }
            if let Some(asked) = asked_at.get(&sent.chat_id) {
                latencies.push(sent.at.duration_since(*asked));
                answered_at.insert(sent.chat_id, (sent.at, sent.message_id));
                // Every third says where (a run of three in nine: each language): a
                // network, then an area.
                let i = (sent.chat_id - FIRST_REPORTER) as usize;
                if (i / 3).is_multiple_of(3) {
                    let user = &reporters[i];
                    let region_in = LANGS[i % 3] == "bn-IN";
                    let (network, area) = match (region_in, i / 9 % 2) {
                        (true, _) => ("jio", "kolkata"),
                        (false, 0) => ("robi", "dhaka"),
                        (false, _) => ("grameenphone", "sylhet"),
                    };
                    for data in [
                        format!("place:whatsapp:n:{network}"),
                        format!("place:whatsapp:a:{area}"),
                    ] {
                        fake.press_button(user.id, user, sent.message_id, &data);
                    }
                    tapped += 1;
                }
            }
        }
        if next == users as usize && answered_at.len() == users as usize {
            break;
        }
        if Instant::now() > deadline {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let last_answer = answered_at
        .values()
        .map(|(at, _)| at.duration_since(started))
        .max()
        .unwrap_or_default();
    let unanswered = users as usize - answered_at.len();
    // Let the taps land, then stop the bot and read what the store holds.
    tokio::time::sleep(Duration::from_secs(3)).await;
    let memory = peak_memory_mb(bot.0.id());
    drop(bot);
    let folder_after = folder_kb(&data);
    let store = Store::open_with(&data, true);
    let census = store.as_ref().ok().and_then(|s| s.census().ok());
    let entries = |tree: &str| {
        census
            .as_ref()
            .and_then(|c| c.trees.get(tree).copied())
            .unwrap_or(0)
    };
    latencies.sort();
    println!(
        "| reports in 60 s | said where | last answer after | answer p50 | answer p99 | unanswered | peak memory | `reports` / `report_counts` / `report_baseline` entries | folder growth |"
    );
    println!("|---|---|---|---|---|---|---|---|---|");
    println!(
        "| {users} | {tapped} | {:.1} s | {:.0} ms | {:.0} ms | {unanswered} | {memory} MB | {} / {} / {} | {} KB |",
        last_answer.as_secs_f64(),
        percentile(&latencies, 0.5).as_secs_f64() * 1000.0,
        percentile(&latencies, 0.99).as_secs_f64() * 1000.0,
        entries("reports"),
        entries("report_counts"),
        entries("report_baseline"),
        folder_after.saturating_sub(folder_before),
    );
}
