//! What one read or write costs as the store grows: `cargo bench --bench costs`
//! (`-- --quick` stops at 100,000 subscribers).
//!
//! A real store in a temporary folder, filled with 1,000 … 1,000,000 subscribers over 40
//! services and 1,000 … 50,000 incidents, almost all of them of busy services. Timed,
//! the median of many calls each: `/history` of a quiet service (two incidents) and of
//! everything, a `/metrics` scrape (the real exposition), a `/stop` (on disk when it
//! returns), and one `/subscribe` sent while 12,000 `/report`s of one service arrive
//! at once. Each should stay the same from the first row to the last.

use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{TimeZone, Utc};
use outage_bot::clock::SystemClock;
use outage_bot::domain::service::{Catalog, Service};
use outage_bot::domain::{
    Audience, Broadcast, ChatId, ChatKind, ChatSettings, Incident, IncidentNotice, Lang,
    LocalizedText, Notice, ReportWindow, ServiceId, Severity, Source, UserId,
};
use outage_bot::health::Health;
use outage_bot::metrics::Metrics;
use outage_bot::store::Store;

const SERVICES: usize = 40;
/// The quiet service: two incidents, whatever the size.
const QUIET: usize = 39;

fn service(i: usize) -> ServiceId {
    ServiceId::parse(&format!("service_{i:02}")).unwrap()
}

fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    outage_bot::telemetry::init("error");
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let sizes: &[(i64, usize)] = if quick {
        &[(1_000, 1_000), (100_000, 50_000)]
    } else {
        &[
            (1_000, 1_000),
            (10_000, 10_000),
            (100_000, 50_000),
            (1_000_000, 50_000),
        ]
    };
    println!(
        "| subscribers | incidents | `/history` of a quiet service | `/history` | `/metrics` scrape | `/stop` | `/subscribe` beside 12,000 `/report`s |"
    );
    println!("|---|---|---|---|---|---|---|");
    for &(subscribers, incidents) in sizes {
        runtime.block_on(row(subscribers, incidents));
    }
}

async fn row(subscribers: i64, incidents: usize) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    // Every chat follows three services, so each service has about 3/40 of them.
    let chats = (0..subscribers)
        .map(|i| {
            let services = (0..3)
                .map(|k| service((i as usize * 7 + k * 13) % SERVICES))
                .collect();
            (
                ChatId(1_000_000 + i),
                ChatSettings::new(
                    ChatKind::Private,
                    Some(if i % 2 == 0 { "bn" } else { "en" }),
                ),
                services,
            )
        })
        .collect();
    store.load_chats(chats).await.unwrap();
    fill_incidents(&store, incidents).await;

    let quiet = service(QUIET);
    let history_quiet = median(200, || async {
        store
            .read({
                let quiet = quiet.clone();
                move |s| {
                    let recent = s.recent_incidents(Some(&quiet), 10)?;
                    assert_eq!(recent.len(), 2);
                    s.past_incidents(Some(&quiet))
                }
            })
            .await
            .unwrap();
    })
    .await;
    let history_all = median(200, || async {
        store
            .read(|s| {
                s.recent_incidents(None, 10)?;
                s.past_incidents(None)
            })
            .await
            .unwrap();
    })
    .await;

    let catalog = Catalog::new(
        (0..SERVICES)
            .map(|i| {
                Service::new(
                    service(i),
                    [(Lang::EN, format!("Service {i}"))].into_iter().collect(),
                )
            })
            .collect(),
    );
    let metrics = Metrics::new(
        store.clone(),
        Arc::new(Health::new(
            Some(store.writer_stats()),
            Duration::from_secs(60),
        )),
        Arc::new(catalog),
        Arc::new(SystemClock),
        dir.path().join("backups"),
    );
    let scrape = median(100, || async {
        assert!(metrics.render().contains("outage_bot_subscribers"));
    })
    .await;

    // Fifty chats spread over the whole store, each stopped once.
    let mut nth = 0;
    let stop = median(50, || {
        nth += 1;
        let chat = ChatId(1_000_000 + (nth * 7_919) % subscribers);
        let store = store.clone();
        async move {
            assert!(!store.forget_chat(chat).await.unwrap().is_empty());
        }
    })
    .await;

    let subscribe = subscribe_beside_reports(&store).await;
    println!(
        "| {subscribers} | {incidents} | {} | {} | {} | {} | {} |",
        shown(history_quiet),
        shown(history_all),
        shown(scrape),
        shown(stop),
        shown(subscribe),
    );
}

/// `count` incidents, each opened and resolved, of the busy services but for two of the
/// quiet one (the first and the middle); their broadcasts are finished, as delivery
/// would.
async fn fill_incidents(store: &Store, count: usize) {
    let start = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
    let mut pending = tokio::task::JoinSet::new();
    for n in 0..count {
        let of = if n == 0 || n == count / 2 {
            service(QUIET)
        } else {
            service(n % QUIET)
        };
        let at = start + chrono::Duration::minutes(n as i64);
        let store = store.clone();
        pending.spawn(async move {
            let broadcast = store
                .change_incident(of.clone(), move |tx| {
                    let mut incident = Incident::open(
                        tx.next_id()?,
                        of,
                        Severity::MajorOutage,
                        LocalizedText::parse("Payments fail"),
                        at,
                        Source::Admin(UserId(1)),
                    );
                    incident
                        .resolve(LocalizedText::default(), at + chrono::Duration::minutes(30))
                        .unwrap();
                    let broadcast = Broadcast::new(
                        tx.next_id()?,
                        Notice::Incident(IncidentNotice::latest_of(&incident)),
                        Audience::Subscribers,
                        0,
                        None,
                    );
                    tx.record(incident, broadcast.clone());
                    Ok(broadcast.id)
                })
                .await
                .unwrap();
            store.finish_broadcast(broadcast).await.unwrap();
        });
        // Enough in flight for the writer to group them; not all at once.
        while pending.len() >= 512 {
            pending.join_next().await.unwrap().unwrap();
        }
    }
    while let Some(done) = pending.join_next().await {
        done.unwrap();
    }
}

/// How long a `/subscribe` waits when 12,000 people report one service at once (sent
/// right after the first of them).
async fn subscribe_beside_reports(store: &Store) -> Duration {
    let rule = ReportWindow {
        window: chrono::Duration::minutes(30),
        threshold: 100,
        surge_factor: 3,
    };
    let now = Utc::now();
    let reports: Vec<_> = (0..12_000)
        .map(|user| {
            let store = store.clone();
            tokio::spawn(async move {
                store
                    .record_report(
                        &service(0),
                        outage_bot::store::Reporter::User(UserId(10_000_000 + user)),
                        now,
                        &rule,
                    )
                    .await
                    .unwrap()
            })
        })
        .collect();
    tokio::time::sleep(Duration::from_millis(5)).await;
    let asked = Instant::now();
    store.subscribe(ChatId(42), &[service(1)]).await.unwrap();
    let waited = asked.elapsed();
    for report in reports {
        report.await.unwrap();
    }
    waited
}

/// The median of `runs` timings of `call`.
async fn median<F: std::future::Future<Output = ()>>(
    runs: usize,
    mut call: impl FnMut() -> F,
) -> Duration {
    let mut times = Vec::with_capacity(runs);
    for _ in 0..runs {
        let started = Instant::now();
        call().await;
        times.push(started.elapsed());
    }
    times.sort();
    times[runs / 2]
}

fn shown(d: Duration) -> String {
    if d < Duration::from_millis(1) {
        format!("{} µs", d.as_micros())
    } else {
        format!("{:.1} ms", d.as_secs_f64() * 1000.0)
    }
}
