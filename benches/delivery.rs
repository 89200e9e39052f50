//! Delivery benchmark: `cargo bench --bench delivery` (add `-- --quick` for a short run,
//! `-- --throughput-only` for the two broadcasts alone, `-- --fanout-only` for the fan-out
//! table alone).
//!
//! Everything runs against the in-repo fake Telegram server, which enforces Telegram's
//! limits (at most N messages in any 1000 ms, one a second per chat, 20 a minute per
//! group) and answers 429 when they are exceeded. Our engine is measured side by side
//! with the peer a teloxide bot would use: teloxide's own `Throttle` adaptor, sending the
//! same notices to the same subscribers, with a dispatcher answering the same `/status`
//! questions through it. Reported:
//! 1. both broadcasts, at 30/s (600 subscribers) and at 1000/s (20,000): everything sent
//!    per second ÷ the budget, 429s, `/status` p50 and p99 while the broadcast runs (a
//!    different person asks four times a second), and time from the post to the first
//!    notice;
//! 2. what a kill -9 half-way through a broadcast loses: our engine is the real binary,
//!    killed and started again on its database; Throttle's queue lives in memory;
//! 3. the bot's own cost of fanning one event out (rendering in each chat's language and
//!    saving progress; Telegram replaced by an instant transport) at 10,000, 100,000 and
//!    1,000,000 subscribers: wall time, peak memory of a fresh child process, and bytes
//!    on disk per subscriber.

#[path = "../tests/e2e/fake_telegram/mod.rs"]
#[allow(dead_code, reason = "the benchmark uses part of the test fake")]
mod fake_telegram;

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use futures::future::BoxFuture;
use outage_bot::app::Parts;
use outage_bot::clock::SystemClock;
use outage_bot::config::{Config, TelegramLimits};
use outage_bot::delivery::Engine;
use outage_bot::delivery::limiter::Limiter;
use outage_bot::domain::{
    Broadcast, ChatId, ChatKind, ChatSettings, Incident, IncidentNotice, Lang, LocalizedText,
    Notice, ServiceId, Severity, Source, UserId,
};
use outage_bot::outbound::{Content, SendOutcome, Transport};
use outage_bot::secret::BotToken;
use outage_bot::store::Store;
use tokio_util::sync::CancellationToken;

use fake_telegram::{Failure, FakeTelegram, Latency, Limits, Outage};

const ADMIN: i64 = 1;
const FIRST_SUBSCRIBER: i64 = 1_000_000;
const POST: &str = "/down whatsapp Servers unreachable";

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let arg_after = |flag: &str| {
        args.iter()
            .position(|a| a == flag)
            .and_then(|i| args.get(i + 1))
            .map(std::path::PathBuf::from)
    };
    if let Some(dir) = arg_after("--fanout-child") {
        let runtime = tokio::runtime::Runtime::new().unwrap();
        runtime.block_on(fanout_child(&dir));
        return;
    }
    let quick = args.iter().any(|a| a == "--quick");
    outage_bot::telemetry::init("error");
    if args.iter().any(|a| a == "--fanout-only") {
        fanout_table(quick);
        return;
    }
    let runtime = tokio::runtime::Runtime::new().unwrap();
    if args.iter().any(|a| a == "--latency-only") {
        runtime.block_on(latency_table(quick));
        return;
    }
    if args.iter().any(|a| a == "--outage-only") {
        let minutes = arg_after("--minutes")
            .and_then(|m| m.to_str().and_then(|m| m.parse().ok()))
            .unwrap_or(10);
        runtime.block_on(outage_row(minutes));
        return;
    }
    println!(
        "| budget | subscribers | engine | sent/s ÷ budget | 429s | never notified | /status p50 | /status p99 | post → first notice |"
    );
    println!("|---|---|---|---|---|---|---|---|---|");
    let (small, large) = if quick { (150, 2_000) } else { (600, 20_000) };
    for (budget, subscribers) in [(30, small), (1000, large)] {
        for engine in [Peer::Ours, Peer::Throttle] {
            let row = runtime.block_on(broadcast_scenario(engine, budget, subscribers));
            println!(
                "| {budget}/s | {subscribers} | {} | {:.1}% ({:.1}/s) | {} | {} | {:.0} ms | {:.0} ms | {:.0} ms |",
                engine.name(),
                100.0 * row.sent_per_second / f64::from(budget),
                row.sent_per_second,
                row.refused,
                row.lost,
                row.status_p50.as_secs_f64() * 1000.0,
                row.status_p99.as_secs_f64() * 1000.0,
                row.first_notice.as_secs_f64() * 1000.0,
            );
        }
    }
    if args.iter().any(|a| a == "--throughput-only") {
        return;
    }
    runtime.block_on(latency_table(quick));
    runtime.block_on(outage_row(if quick { 1 } else { 10 }));
    println!();
    println!(
        "| kill -9 half-way | subscribers | engine | notified before the kill | never notified | notified twice |"
    );
    println!("|---|---|---|---|---|---|");
    let killed = if quick { 1_000 } else { 5_000 };
    for engine in [Peer::Ours, Peer::Throttle] {
        let (before, lost, twice) = runtime.block_on(kill_scenario(engine, killed));
        println!(
            "| 1000/s | {killed} | {} | {before} | {lost} | {twice} |",
            engine.name()
        );
    }
    fanout_table(quick);
}

/// The fan-out at three sizes (two with `quick`).
fn fanout_table(quick: bool) {
    println!();
    println!(
        "| fan-out of one event (instant transport) | wall time | per subscriber | peak memory (VmHWM) | on disk | on disk per subscriber |"
    );
    println!("|---|---|---|---|---|---|");
    let sizes: &[i64] = if quick {
        &[10_000, 100_000]
    } else {
        &[10_000, 100_000, 1_000_000]
    };
    for &subscribers in sizes {
        fanout_scenario(subscribers);
    }
}

/// How long without a new notice ends a broadcast's measurement.
const QUIET_END: Duration = Duration::from_secs(30);

/// Which engine sends.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Peer {
    /// outage-bot's delivery engine, in the real application.
    Ours,
    /// teloxide's `Throttle` adaptor with a plain dispatcher.
    Throttle,
}

impl Peer {
    fn name(self) -> &'static str {
        match self {
            Peer::Ours => "outage-bot",
            Peer::Throttle => "teloxide Throttle",
        }
    }
}

fn whatsapp() -> ServiceId {
    ServiceId::parse("whatsapp").unwrap()
}

/// `count` subscribers of WhatsApp, every other one's Telegram in Bengali, loaded at once.
async fn populate(store: &Store, count: i64) {
    let chats = (0..count)
        .map(|i| {
            let code = if i % 2 == 0 { "bn-BD" } else { "en" };
            (
                ChatId(FIRST_SUBSCRIBER + i),
                ChatSettings::new(ChatKind::Private, Some(code)),
                vec![whatsapp()],
            )
        })
        .collect();
    store.load_chats(chats).await.unwrap();
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

/// One broadcast, measured.
struct Row {
    sent_per_second: f64,
    refused: u32,
    /// Subscribers still without the notice when sending stopped (a 429 not retried).
    lost: usize,
    status_p50: Duration,
    status_p99: Duration,
    first_notice: Duration,
}

async fn broadcast_scenario(engine: Peer, budget: u32, subscribers: i64) -> Row {
    broadcast_over(engine, budget, subscribers, Latency::default()).await
}

/// One broadcast against a fake Telegram that takes `latency` to act on each call (where
/// its limits count it) and to answer.
async fn broadcast_over(engine: Peer, budget: u32, subscribers: i64, latency: Latency) -> Row {
    let fake = FakeTelegram::start().await;
    fake.set_latency(latency);
    fake.set_limits(Some(Limits {
        global_per_second: budget,
        per_chat_per_second: 1,
        per_group_per_minute: 20,
    }));
    let dir = tempfile::tempdir().unwrap();
    let shutdown = CancellationToken::new();
    let mut running = match engine {
        Peer::Ours => start_ours(&fake, dir.path(), budget, subscribers, shutdown.clone()).await,
        Peer::Throttle => start_throttle(&fake, budget, shutdown.clone()),
    };
    fake.wait_until("start-up", Duration::from_secs(30), |f| f.polls() > 0)
        .await;
    let posted = Instant::now();
    match engine {
        Peer::Ours => {
            let admin = FakeTelegram::user(ADMIN, "Admin", Some("en"));
            fake.send_text(ADMIN, &admin, POST);
        }
        Peer::Throttle => throttle_broadcast(&fake, budget, subscribers),
    }
    let row = measure(&fake, subscribers, posted).await;
    shutdown.cancel();
    // A dispatcher stops only when its handlers have: one still waiting on a request
    // Throttle will never send would hold it for good.
    if tokio::time::timeout(Duration::from_secs(10), &mut running)
        .await
        .is_err()
    {
        running.abort();
    }
    row
}

/// The real application on a database of `subscribers`, against `fake`.
async fn start_ours(
    fake: &FakeTelegram,
    dir: &std::path::Path,
    budget: u32,
    subscribers: i64,
    shutdown: CancellationToken,
) -> tokio::task::JoinHandle<()> {
    let data = dir.join("db");
    {
        let store = Store::open(&data).unwrap();
        populate(&store, subscribers).await;
    }
    let toml = format!(
        "data_dir = {:?}\nadmins = [{ADMIN}]\n[telegram]\nmessages_per_second = {budget}\n",
        data.display().to_string()
    );
    let config = Config::parse(&toml, None, &|_| None).unwrap();
    let parts = Parts::assemble(config, Arc::new(SystemClock)).unwrap();
    let url = fake.api_url();
    tokio::spawn(async move {
        let _ = outage_bot::telegram::run(
            parts,
            BotToken::parse(Some(FakeTelegram::TOKEN)).unwrap(),
            Some(&url),
            shutdown,
        )
        .await;
    })
}

/// A teloxide bot as its guide builds one: a `Throttle`d `Bot` (Telegram's default
/// limits, the budget overall) and a dispatcher that answers `/status` through it.
fn throttled(fake: &FakeTelegram, budget: u32) -> teloxide::adaptors::Throttle<teloxide::Bot> {
    use teloxide::adaptors::throttle::Limits as ThrottleLimits;
    use teloxide::requests::RequesterExt;
    let limits = ThrottleLimits {
        messages_per_sec_overall: budget,
        ..ThrottleLimits::default()
    };
    fake.bot().throttle(limits)
}

fn start_throttle(
    fake: &FakeTelegram,
    budget: u32,
    shutdown: CancellationToken,
) -> tokio::task::JoinHandle<()> {
    use teloxide::prelude::*;
    let bot = throttled(fake, budget);
    let handler = Update::filter_message().endpoint(
        |bot: teloxide::adaptors::Throttle<Bot>, message: Message| async move {
            if message.text().is_some_and(|t| t.starts_with("/status")) {
                bot.send_message(message.chat.id, "🔴 WhatsApp is down since 12:30 pm")
                    .await?;
            }
            respond(())
        },
    );
    let mut dispatcher = Dispatcher::builder(bot, handler).build();
    let stop = dispatcher.shutdown_token();
    tokio::spawn(async move {
        tokio::select! {
            () = dispatcher.dispatch() => {}
            () = shutdown.cancelled() => {
                if let Ok(done) = stop.shutdown() {
                    done.await;
                }
            }
        }
    })
}

/// Throttle's broadcast: one request per subscriber, all handed to the adaptor at once
/// (it queues them and keeps to the limits).
fn throttle_broadcast(fake: &FakeTelegram, budget: u32, subscribers: i64) {
    use teloxide::prelude::*;
    let bot = throttled(fake, budget);
    for i in 0..subscribers {
        let bot = bot.clone();
        tokio::spawn(async move {
            let text = if i % 2 == 0 {
                "🔴 বন্ধ হয়ে গেছে হোয়াটসঅ্যাপ"
            } else {
                "🔴 WhatsApp is down"
            };
            let _ = bot.send_message(ChatId(FIRST_SUBSCRIBER + i), text).await;
        });
    }
}

/// Asks `/status` from distinct people four times a second until every subscriber has a
/// notice, or no notice has come for `QUIET_END` (the rest never will: a request that
/// met a 429 and was not tried again); returns the row.
async fn measure(fake: &FakeTelegram, subscribers: i64, posted: Instant) -> Row {
    let is_notice = |s: &fake_telegram::Sent| s.chat_id >= FIRST_SUBSCRIBER;
    let mut seen = fake.sent_count();
    let mut notice_times: Vec<Instant> = Vec::new();
    let mut all_times: Vec<Instant> = Vec::new();
    let mut latencies = Vec::new();
    let mut asker = 0;
    let deadline = Instant::now() + Duration::from_secs(900);
    let mut last_notice = Instant::now();
    while notice_times.len() < subscribers as usize {
        assert!(Instant::now() < deadline, "the broadcast did not finish");
        if last_notice.elapsed() > QUIET_END {
            break;
        }
        asker += 1;
        let chat = 500 + asker;
        let user = FakeTelegram::user(chat, "Asker", Some("bn"));
        let asked = Instant::now();
        fake.send_text(chat, &user, "/status whatsapp");
        let give_up = Instant::now() + Duration::from_secs(120);
        let answered = loop {
            if let Some(reply) = fake.sent_to(chat).first() {
                break reply.at;
            }
            if Instant::now() > give_up {
                break give_up;
            }
            tokio::time::sleep(Duration::from_millis(2)).await;
        };
        latencies.push(answered.duration_since(asked));
        tokio::time::sleep(Duration::from_millis(250)).await;
        for s in fake.sent_from(seen) {
            seen += 1;
            all_times.push(s.at);
            if is_notice(&s) && s.method == "sendMessage" {
                notice_times.push(s.at);
                last_notice = Instant::now();
            }
        }
    }
    let first = *notice_times.iter().min().unwrap();
    let last = *notice_times.iter().max().unwrap();
    let seconds = last.duration_since(first).as_secs_f64();
    // Everything sent in that time counts against the budget: replies too.
    let all = all_times
        .iter()
        .filter(|&&at| at >= first && at <= last)
        .count();
    latencies.sort();
    Row {
        sent_per_second: (all as f64 - 1.0) / seconds,
        refused: fake.violations(),
        lost: subscribers as usize - notice_times.len(),
        status_p50: percentile(&latencies, 0.5),
        status_p99: percentile(&latencies, 0.99),
        first_notice: first.duration_since(posted),
    }
}

/// Both engines at 30/s against a fake Telegram 70 ms away, one that counts a message
/// when it arrives (35 ms after it was sent) and one that counts it when it answers.
async fn latency_table(quick: bool) {
    println!();
    println!(
        "| Telegram counts a send | round trip | budget | subscribers | engine | sent/s ÷ budget | 429s | never notified |"
    );
    println!("|---|---|---|---|---|---|---|---|");
    let subscribers = if quick { 150 } else { 600 };
    let half = Duration::from_millis(35);
    for (counts, latency) in [
        (
            "when it arrives",
            Latency {
                before: half,
                after: half,
            },
        ),
        (
            "when it answers",
            Latency {
                before: 2 * half,
                after: Duration::ZERO,
            },
        ),
    ] {
        for engine in [Peer::Ours, Peer::Throttle] {
            let row = broadcast_over(engine, 30, subscribers, latency).await;
            println!(
                "| {counts} | 70 ms | 30/s | {subscribers} | {} | {:.1}% ({:.1}/s) | {} | {} |",
                engine.name(),
                100.0 * row.sent_per_second / 30.0,
                row.sent_per_second,
                row.refused,
                row.lost,
            );
        }
    }
}

/// The real binary sending to 1,000 subscribers at 30/s; after a tenth of them Telegram
/// answers every call with a JSON 502 for `minutes`, then comes back. How long from its
/// return to the last notice, how many were notified twice, and the bot's peak memory.
async fn outage_row(minutes: u64) {
    const SUBSCRIBERS: i64 = 1_000;
    let fake = FakeTelegram::start().await;
    fake.set_limits(Some(Limits::TELEGRAM));
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("db");
    {
        let store = Store::open(&data).unwrap();
        populate(&store, SUBSCRIBERS).await;
    }
    let config = dir.path().join("bot.toml");
    std::fs::write(
        &config,
        format!(
            "data_dir = {:?}\nadmins = [{ADMIN}]\n",
            data.display().to_string()
        ),
    )
    .unwrap();
    let mut bot = std::process::Command::new(env!("CARGO_BIN_EXE_outage-bot"))
        .args(["run", "--config", config.to_str().unwrap()])
        .env("TELOXIDE_TOKEN", FakeTelegram::TOKEN)
        .env("TELOXIDE_API_URL", fake.api_url())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    fake.wait_until("start-up", Duration::from_secs(30), |f| f.polls() > 0)
        .await;
    let admin = FakeTelegram::user(ADMIN, "Admin", Some("en"));
    fake.send_text(ADMIN, &admin, POST);
    fake.wait_until("a tenth of the notices", Duration::from_secs(60), |f| {
        notices(f).len() >= SUBSCRIBERS as usize / 10
    })
    .await;
    let lasting = Duration::from_secs(60 * minutes);
    fake.start_outage(Outage::Answer(Failure::JsonServerError(502)));
    tokio::time::sleep(lasting).await;
    fake.end_outage();
    let back = Instant::now();
    fake.wait_until("every notice", Duration::from_secs(600), |f| {
        notices(f).len() >= SUBSCRIBERS as usize
    })
    .await;
    let last = fake
        .sent()
        .iter()
        .filter(|s| s.chat_id >= FIRST_SUBSCRIBER)
        .map(|s| s.at)
        .max()
        .unwrap();
    let peak = vm_hwm_of(bot.id());
    tokio::time::sleep(Duration::from_secs(2)).await;
    bot.kill().unwrap();
    bot.wait().unwrap();
    let twice: usize = notices(&fake).values().map(|n| n.saturating_sub(1)).sum();
    println!();
    println!(
        "| Telegram answers 502 for | subscribers | budget | from its return to the last notice | never notified | notified twice | failed calls during the outage | bot's peak memory (VmHWM) |"
    );
    println!("|---|---|---|---|---|---|---|---|");
    println!(
        "| {minutes} min | {SUBSCRIBERS} | 30/s | {:.1} s | 0 | {twice} | {} | {} MB |",
        last.saturating_duration_since(back).as_secs_f64(),
        fake.outage_calls(),
        peak / 1024,
    );
}

/// A process's peak resident memory in kB, from /proc.
fn vm_hwm_of(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find(|l| l.starts_with("VmHWM"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse().ok())
        })
        .unwrap_or(0)
}

/// Notices per subscriber so far.
fn notices(fake: &FakeTelegram) -> HashMap<i64, usize> {
    let mut count = HashMap::new();
    for (chat, texts) in fake.texts_by_chat() {
        if chat >= FIRST_SUBSCRIBER {
            count.insert(chat, texts.len());
        }
    }
    count
}

/// A broadcast killed half-way: how many were notified before, how many never are, how
/// many twice.
async fn kill_scenario(engine: Peer, subscribers: i64) -> (usize, usize, usize) {
    let fake = FakeTelegram::start().await;
    fake.set_limits(Some(Limits {
        global_per_second: 1000,
        per_chat_per_second: 1,
        per_group_per_minute: 20,
    }));
    let half = subscribers as usize / 2;
    let reached_half = |f: &FakeTelegram| notices(f).len() >= half;
    let before = match engine {
        Peer::Ours => {
            let dir = tempfile::tempdir().unwrap();
            let data = dir.path().join("db");
            {
                let store = Store::open(&data).unwrap();
                populate(&store, subscribers).await;
            }
            let config = dir.path().join("bot.toml");
            std::fs::write(
                &config,
                format!(
                    "data_dir = {:?}\nadmins = [{ADMIN}]\n[telegram]\nmessages_per_second = 1000\n",
                    data.display().to_string()
                ),
            )
            .unwrap();
            let start = || {
                std::process::Command::new(env!("CARGO_BIN_EXE_outage-bot"))
                    .args(["run", "--config", config.to_str().unwrap()])
                    .env("TELOXIDE_TOKEN", FakeTelegram::TOKEN)
                    .env("TELOXIDE_API_URL", fake.api_url())
                    .stdout(std::process::Stdio::null())
                    .stderr(std::process::Stdio::null())
                    .spawn()
                    .unwrap()
            };
            let mut bot = start();
            fake.wait_until("start-up", Duration::from_secs(30), |f| f.polls() > 0)
                .await;
            let admin = FakeTelegram::user(ADMIN, "Admin", Some("en"));
            fake.send_text(ADMIN, &admin, POST);
            fake.wait_until("half the notices", Duration::from_secs(120), reached_half)
                .await;
            bot.kill().unwrap();
            bot.wait().unwrap();
            let before = notices(&fake).len();
            let polls = fake.polls();
            let mut bot = start();
            fake.wait_until("the restart", Duration::from_secs(30), |f| {
                f.polls() > polls
            })
            .await;
            fake.wait_until("every notice", Duration::from_secs(120), |f| {
                notices(f).len() >= subscribers as usize
            })
            .await;
            tokio::time::sleep(Duration::from_secs(2)).await;
            bot.kill().unwrap();
            bot.wait().unwrap();
            before
        }
        Peer::Throttle => {
            // The peer in a runtime of its own, so a kill is dropping that runtime: what
            // was queued in memory is gone, as in a process killed with -9.
            let runtime = tokio::runtime::Runtime::new().unwrap();
            {
                let _entered = runtime.enter();
                throttle_broadcast(&fake, 1000, subscribers);
            }
            fake.wait_until("half the notices", Duration::from_secs(120), reached_half)
                .await;
            runtime.shutdown_background();
            let before = notices(&fake).len();
            // A restarted bot of this kind has nothing to resume: its queue was in memory.
            tokio::time::sleep(Duration::from_secs(2)).await;
            before
        }
    };
    let after = notices(&fake);
    let lost = subscribers as usize - after.len();
    let twice = after.values().map(|n| n.saturating_sub(1)).sum();
    (before, lost, twice)
}

/// Telegram replaced by an instant "accepted".
struct InstantTransport;

impl Transport for InstantTransport {
    fn send(&self, _: ChatId, _: Content) -> BoxFuture<'static, SendOutcome> {
        Box::pin(async { SendOutcome::Sent { message_id: 1 } })
    }
    fn edit(&self, _: ChatId, message_id: i32, _: Content) -> BoxFuture<'static, SendOutcome> {
        Box::pin(async move { SendOutcome::Sent { message_id } })
    }
}

/// Builds the subscriber set, then measures the fan-out in a fresh child process so its
/// peak memory is the fan-out's own.
fn fanout_scenario(subscribers: i64) {
    let dir = tempfile::tempdir().unwrap();
    {
        let store = Store::open(dir.path()).unwrap();
        let runtime = tokio::runtime::Runtime::new().unwrap();
        runtime.block_on(populate(&store, subscribers));
    }
    let on_disk = disk_usage(dir.path());
    let output = std::process::Command::new(std::env::current_exe().unwrap())
        .args(["--fanout-child", dir.path().to_str().unwrap()])
        .output()
        .unwrap();
    let report = String::from_utf8_lossy(&output.stdout);
    let mut lines = report.lines();
    let wall: f64 = lines
        .next()
        .and_then(|l| l.parse().ok())
        .unwrap_or(f64::NAN);
    let peak = lines.next().unwrap_or("?").to_owned();
    println!(
        "| {subscribers} subscribers | {wall:.2} s | {:.2} µs | {peak} MB | {:.1} MB | {:.0} bytes |",
        wall * 1e6 / subscribers as f64,
        on_disk as f64 / 1e6,
        on_disk as f64 / subscribers as f64,
    );
}

/// Bytes the files under `dir` take.
fn disk_usage(dir: &std::path::Path) -> u64 {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| {
            let entry = entry.unwrap();
            let meta = entry.metadata().unwrap();
            if meta.is_dir() {
                disk_usage(&entry.path())
            } else {
                meta.len()
            }
        })
        .sum()
}

fn peak_memory_mb() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kb = status
        .lines()
        .find(|l| l.starts_with("VmHWM"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|n| n.parse::<u64>().ok())
        .unwrap_or(0);
    kb / 1024
}

async fn fanout_child(dir: &std::path::Path) {
    let store = Store::open(dir).unwrap();
    let config = Config::parse("", None, &|_| None).unwrap();
    let translations = Arc::new(outage_bot::app::load_translations(&config).unwrap());
    let i18n = outage_bot::i18n::I18n::new(
        translations,
        Arc::new(config.catalog.clone()),
        config.timezone,
        Arc::new(SystemClock),
        Lang::EN,
    );
    // Limits far above any Telegram budget: this measures the bot, not the pacing.
    let limiter = Arc::new(Limiter::new(&TelegramLimits {
        messages_per_second: 1_000_000_000,
        per_chat_per_second: 30,
        per_group_per_minute: 60,
    }));
    let wake = Arc::new(tokio::sync::Notify::new());
    let health = Arc::new(outage_bot::health::Health::new(
        None,
        outage_bot::health::STUCK_AFTER,
    ));
    let metrics = outage_bot::metrics::Metrics::new(
        store.clone(),
        health.clone(),
        Arc::new(config.catalog.clone()),
        Arc::new(SystemClock),
        dir.join("backups"),
    );
    let engine = Engine::new(
        store.clone(),
        i18n,
        Arc::new(InstantTransport),
        limiter,
        wake.clone(),
        outage_bot::delivery::Reporting {
            health,
            metrics: Arc::new(metrics),
            answers_in_hand: Default::default(),
        },
        Vec::new(),
    );
    // The engine running, past its pause before resuming an outbox after a start: what
    // is timed is a new event's fan-out, as when an admin posts to a running bot.
    let shutdown = CancellationToken::new();
    let running = tokio::spawn(engine.run(shutdown.clone()));
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let now = chrono::Utc::now();
    let started = Instant::now();
    store
        .change_incident(whatsapp(), move |tx| {
            let incident = Incident::open(
                tx.next_id()?,
                whatsapp(),
                Severity::MajorOutage,
                LocalizedText::parse("[en] Servers unreachable [bn] সার্ভারে পৌঁছানো যাচ্ছে না"),
                now,
                Source::Admin(UserId(ADMIN)),
            );
            let broadcast = Broadcast::new(
                tx.next_id()?,
                Notice::Incident(IncidentNotice::latest_of(&incident)),
                outage_bot::domain::Audience::Subscribers,
                tx.subscriber_count(),
                None,
            );
            tx.record(incident, broadcast);
            Ok(())
        })
        .await
        .unwrap();
    wake.notify_one();
    while !store.pending_broadcasts().unwrap().is_empty() {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    let wall = started.elapsed();
    shutdown.cancel();
    let _ = running.await;
    println!("{:.3}", wall.as_secs_f64());
    println!("{}", peak_memory_mb());
}
