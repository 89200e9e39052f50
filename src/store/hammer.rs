//! The outage-day hammer: many tasks on tokio's multi-thread runtime writing, reading
//! and flushing side by side, under a watchdog. sled 0.34.7 deadlocks when a flush runs
//! beside transactions (spacejam/sled#1308, #1412); this must never freeze.

use std::sync::mpsc;
use std::time::Duration;

use super::*;

/// Longer than the hammer ever needs on 2 cores; past it, the store froze.
const WATCHDOG: Duration = Duration::from_secs(60);
const TASKS: i64 = 64;
const ROUNDS: i64 = 40;

async fn hammer(store: Store) {
    let services: Vec<ServiceId> = ["whatsapp", "bkash", "facebook"]
        .iter()
        .map(|s| ServiceId::parse(s).unwrap())
        .collect();
    let mut tasks = tokio::task::JoinSet::new();
    for task in 0..TASKS {
        let store = store.clone();
        let services = services.clone();
        tasks.spawn(async move {
            for round in 0..ROUNDS {
                let chat = ChatId(task * 1_000 + round);
                store.subscribe(chat, &services).await.unwrap();
                store.flush().await.unwrap();
                assert_eq!(store.subscriptions(chat).unwrap().len(), 3);
                // Readers beside the writer, as `/status` and fan-out are.
                let _ = store
                    .subscribers_after(&services[0], Some(chat), 64)
                    .unwrap();
                let _ = store.pending_broadcasts().unwrap();
                if round % 3 == 0 {
                    store.unsubscribe(chat, &services[..1]).await.unwrap();
                    store.flush().await.unwrap();
                }
            }
        });
    }
    while let Some(done) = tasks.join_next().await {
        done.unwrap();
    }
}

#[test]
fn many_writers_and_flushes_side_by_side_never_freeze() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let (done, finished) = mpsc::channel();
    // The hammer runs on its own thread: a frozen store must fail this test, not hang it.
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(8)
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(hammer(store));
        let _ = done.send(());
    });
    finished
        .recv_timeout(WATCHDOG)
        .expect("the store froze: writers and flushes deadlocked");
}
