//! Delivery benchmark: `cargo bench --bench delivery` (add `-- --quick` for a short run,
//! `-- --throughput-only` to skip the 1,000,000-subscriber fan-out and its set-up).
//!
//! Runs the real application against the in-repo fake Telegram server, which enforces
//! Telegram's limits and answers 429 when they are exceeded, and reports:
//! - delivered messages per second ÷ budget, at 30/s (600 subscribers) and at 1000/s
//!   (20,000 subscribers), and how many 429s the server returned;
//! - p50 and p99 latency of `/status` replies asked during each broadcast;
//! - time from the admin's `/down` to the first subscriber's message;
//! - the bot's own cost of fanning one event out to 1,000,000 subscribers (rendering in
//!   each chat's language and persisting progress; Telegram replaced by an instant
//!   transport): wall time and peak memory, measured in a child process.

#[path = "../tests/e2e/fake_telegram/mod.rs"]
#[allow(dead_code, reason = "the benchmark uses part of the test fake")]
mod fake_telegram;

use std::sync::Arc;
use std::time::{Duration, Instant};

use futures::future::BoxFuture;
use outage_bot::app::Parts;
use outage_bot::clock::SystemClock;
use outage_bot::config::{Config, TelegramLimits};
use outage_bot::delivery::Engine;
use outage_bot::delivery::limiter::Limiter;
use outage_bot::domain::{
    Broadcast, ChatId, ChatKind, ChatSettings, Incident, Lang, LocalizedText, Notice, ServiceId,
    Severity, Source, UserId,
};
use outage_bot::outbound::{Content, SendOutcome, Transport};
use outage_bot::secret::BotToken;
use outage_bot::store::Store;
use tokio_util::sync::CancellationToken;

use fake_telegram::{FakeTelegram, Limits};

const ADMIN: i64 = 1;
const FIRST_SUBSCRIBER: i64 = 1_000_000;

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
    // `--baseline-child DIR`: only what any fan-out must do (open the store, read every
    // subscriber and their language), to tell the engine's memory from the store's.
    if let Some(dir) = arg_after("--baseline-child") {
        baseline_child(&dir);
        return;
    }
    // `--populate DIR N` then `--fanout-child DIR`: measure again without rebuilding.
    if let Some(dir) = arg_after("--populate") {
        let count = args
            .last()
            .and_then(|n| n.parse().ok())
            .unwrap_or(1_000_000);
        let store = Store::open(&dir).unwrap();
        tokio::runtime::Runtime::new()
            .unwrap()
            .block_on(populate(&store, count));
        return;
    }
    let quick = args.iter().any(|a| a == "--quick");
    outage_bot::telemetry::init("error");
    let runtime = tokio::runtime::Runtime::new().unwrap();
    println!(
        "| scenario | subscribers | sent/s ÷ budget | 429s | /status p50 | /status p99 | /down → first notice |"
    );
    println!("|---|---|---|---|---|---|---|");
    let (small, large) = if quick { (150, 2_000) } else { (600, 20_000) };
    runtime.block_on(broadcast_scenario(30, small));
    runtime.block_on(broadcast_scenario(1000, large));
    if args.iter().any(|a| a == "--throughput-only") {
        return;
    }
    let fanout = if quick { 100_000 } else { 1_000_000 };
    fanout_scenario(fanout);
}

fn whatsapp() -> ServiceId {
    ServiceId::parse("whatsapp").unwrap()
}

/// Subscribes `count` chats, every other one choosing Bengali. Many writes are sent at
/// once, so the store's writer commits them in large groups, as it would in a surge.
async fn populate(store: &Store, count: i64) {
    let service = [whatsapp()];
    let mut chats = (0..count).peekable();
    while chats.peek().is_some() {
        let writes = chats.by_ref().take(4096).map(|i| {
            let chat = ChatId(FIRST_SUBSCRIBER + i);
            let code = if i % 2 == 0 { "bn-BD" } else { "en" };
            let service = &service;
            async move {
                store
                    .chat_or_insert(chat, ChatSettings::new(ChatKind::Private, Some(code)))
                    .await
                    .unwrap();
                store.subscribe(chat, service).await.unwrap();
            }
        });
        futures::future::join_all(writes).await;
    }
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

async fn broadcast_scenario(budget: u32, subscribers: i64) {
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
        populate(&store, subscribers).await;
    }
    let toml = format!(
        "data_dir = {:?}\nadmins = [{ADMIN}]\n[telegram]\nmessages_per_second = {budget}\n",
        data.display().to_string()
    );
    let config = Config::parse(&toml, None, &|_| None).unwrap();
    let parts = Parts::assemble(config, Arc::new(SystemClock)).unwrap();
    let shutdown = CancellationToken::new();
    let url = fake.api_url();
    let app = tokio::spawn({
        let shutdown = shutdown.clone();
        async move {
            outage_bot::telegram::run(
                parts,
                BotToken::parse(Some(FakeTelegram::TOKEN)).unwrap(),
                Some(&url),
                shutdown,
            )
            .await
        }
    });
    fake.wait_until("start-up", Duration::from_secs(30), |f| {
        f.my_commands_calls().len() >= 3
    })
    .await;

    let is_notice =
        |s: &fake_telegram::Sent| s.chat_id >= FIRST_SUBSCRIBER && s.method == "sendMessage";
    let admin = FakeTelegram::user(ADMIN, "Admin", Some("en"));
    // Read what the server accepts as it comes, without copying it all every time.
    let mut seen = fake.sent_count();
    let mut notice_times: Vec<Instant> = Vec::new();
    let mut all_times: Vec<Instant> = Vec::new();
    let mut take_new = |notice_times: &mut Vec<Instant>, all_times: &mut Vec<Instant>| {
        let new = fake.sent_from(seen);
        seen += new.len();
        for s in new {
            all_times.push(s.at);
            if is_notice(&s) {
                notice_times.push(s.at);
            }
        }
    };
    let posted = Instant::now();
    fake.send_text(ADMIN, &admin, "/down whatsapp Servers unreachable");

    // Ask /status from distinct people while the broadcast runs, four times a second.
    let mut latencies = Vec::new();
    let mut asker = 0;
    while notice_times.len() < subscribers as usize {
        asker += 1;
        let chat = 500 + asker;
        let user = FakeTelegram::user(chat, "Asker", Some("bn"));
        let asked = Instant::now();
        fake.send_text(chat, &user, "/status whatsapp");
        let deadline = Instant::now() + Duration::from_secs(30);
        let answered = loop {
            if let Some(reply) = fake.sent_to(chat).first() {
                break reply.at;
            }
            assert!(Instant::now() < deadline, "no /status reply within 30 s");
            tokio::time::sleep(Duration::from_millis(2)).await;
        };
        latencies.push(answered.duration_since(asked));
        tokio::time::sleep(Duration::from_millis(250)).await;
        take_new(&mut notice_times, &mut all_times);
    }
    let first = *notice_times.iter().min().unwrap();
    let last = *notice_times.iter().max().unwrap();
    let seconds = last.duration_since(first).as_secs_f64();
    let rate = (notice_times.len() as f64 - 1.0) / seconds;
    // Everything the bot sent in that time counts against the budget: replies too.
    let all = all_times
        .iter()
        .filter(|&&at| at >= first && at <= last)
        .count();
    let all_rate = (all as f64 - 1.0) / seconds;
    latencies.sort();
    println!(
        "| {budget}/s budget | {subscribers} | {:.1}% ({all_rate:.1}/s, of which notices {rate:.1}/s) | {} | {:.0} ms | {:.0} ms | {:.0} ms |",
        100.0 * all_rate / f64::from(budget),
        fake.violations(),
        percentile(&latencies, 0.5).as_secs_f64() * 1000.0,
        percentile(&latencies, 0.99).as_secs_f64() * 1000.0,
        first.duration_since(posted).as_secs_f64() * 1000.0,
    );
    shutdown.cancel();
    let _ = app.await;
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
    let started = Instant::now();
    {
        let store = Store::open(dir.path()).unwrap();
        let runtime = tokio::runtime::Runtime::new().unwrap();
        runtime.block_on(populate(&store, subscribers));
    }
    let setup = started.elapsed();
    let output = std::process::Command::new(std::env::current_exe().unwrap())
        .args(["--fanout-child", dir.path().to_str().unwrap()])
        .output()
        .unwrap();
    let report = String::from_utf8_lossy(&output.stdout);
    println!();
    println!("| fan-out of one event | subscribers | wall time | peak memory (VmHWM) |");
    println!("|---|---|---|---|");
    println!(
        "| bn/en, instant transport | {subscribers} | {} | {} |",
        report.lines().next().unwrap_or("?"),
        report.lines().nth(1).unwrap_or("?")
    );
    eprintln!(
        "(setting up {subscribers} subscribers took {:.1} s; not part of the measure)",
        setup.as_secs_f64()
    );
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

fn baseline_child(dir: &std::path::Path) {
    let store = Store::open(dir).unwrap();
    let started = Instant::now();
    let (mut after, mut count) = (None, 0);
    loop {
        // Every subscriber with its language, as a broadcast reads them.
        let page = store.subscribers_after(&whatsapp(), after, 512).unwrap();
        count += page.len();
        match page.last() {
            Some((last, _)) => after = Some(*last),
            None => break,
        }
        std::hint::black_box(page);
    }
    println!(
        "{count} subscribers read in {:.2} s; peak {} MB",
        started.elapsed().as_secs_f64(),
        peak_memory_mb()
    );
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
    let engine = Engine::new(
        store.clone(),
        i18n,
        Arc::new(InstantTransport),
        limiter,
        wake,
        Arc::new(outage_bot::health::Health::new(
            None,
            outage_bot::health::STUCK_AFTER,
        )),
        Vec::new(),
    );
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
                Notice::latest_of(&incident),
                outage_bot::domain::Audience::Subscribers,
                tx.subscriber_count(),
                None,
            );
            tx.record(incident, broadcast);
            Ok(())
        })
        .await
        .unwrap();
    let shutdown = CancellationToken::new();
    let running = tokio::spawn(engine.run(shutdown.clone()));
    while !store.pending_broadcasts().unwrap().is_empty() {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    let wall = started.elapsed();
    shutdown.cancel();
    let _ = running.await;
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let peak = status
        .lines()
        .find(|l| l.starts_with("VmHWM"))
        .map(|l| {
            l.split_whitespace()
                .nth(1)
                .unwrap_or("0")
                .parse::<u64>()
                .unwrap_or(0)
        })
        .unwrap_or(0);
    println!("{:.2} s", wall.as_secs_f64());
    println!("{} MB", peak / 1024);
}
