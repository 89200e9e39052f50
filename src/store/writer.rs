//! The store's single writer: one thread applies every write and runs every flush.
//!
//! Why: sled 0.34.7 freezes when a flush runs beside transactions — concurrent
//! asynchronous flush deadlocks (spacejam/sled#1308, fixed on sled's main branch but never
//! released) and the process stalls for good under load (#1412). On the outage day 300
//! people subscribing in one second froze the bot. Here nothing but this thread ever
//! writes or flushes, and it does one after the other, so a flush never runs beside a
//! transaction; sled's asynchronous flush is never used, and its own background flusher is off
//! (`flush_every_ms(None)` in `Store::open`). Reads stay concurrent on any thread.
//!
//! Group commit: the thread takes whatever has queued, applies each write in order,
//! flushes once, then acknowledges each — so "done" is only ever said after the flush
//! that covers it, and a burst of 300 subscribes costs a handful of fsyncs, not 300.
//!
//! A flush that fails fails every write of its batch: each is answered "not written".
//! sled has applied them in memory all the same, and cannot take them back, so readers
//! may see them and a later flush that succeeds may still put them on disk. A caller
//! told "failed" must take it as "may or may not be there": the bot retries its writes
//! (each decided again on the writer, so a retry of one already applied changes
//! nothing) rather than assume either.

use std::panic::AssertUnwindSafe;
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, mpsc as std_mpsc};
use std::time::{Duration, Instant};

use tokio::sync::{mpsc, oneshot};

use super::{Result, StoreError, Trees};

/// Writes waiting at most; past this, writers wait for room (backpressure, not memory).
const QUEUE: usize = 16_384;
/// Writes applied before one flush at most, so acknowledgements never wait too long.
const BATCH: usize = 4_096;
/// How long closing the store waits for the writer to drain and flush.
const CLOSE_WAIT: Duration = Duration::from_secs(8);

/// Acknowledges one write once the flush after it is done (or failed).
type Ack = Box<dyn FnOnce(std::result::Result<(), Arc<str>>) + Send>;
/// One write: applied on the writer thread, returning its acknowledgement.
type Job = Box<dyn FnOnce(&Trees) -> Ack + Send>;

/// What the writer is doing, for `/healthz` and metrics; read from any thread.
#[derive(Debug, Default)]
pub struct WriterStats {
    /// Writes sent and not yet acknowledged.
    pub queued: AtomicU64,
    /// When the batch now being applied or flushed began, in ms since the writer
    /// started; 0 when idle. A stuck disk shows as a growing age.
    busy_since_ms: AtomicI64,
    /// Writes applied and acknowledged.
    pub writes: AtomicU64,
    /// Flushes run (one per batch).
    pub flushes: AtomicU64,
    /// Flushes that failed (every write in their batch was answered with the error).
    pub flush_failures: AtomicU64,
    /// The largest batch so far.
    pub largest_batch: AtomicU64,
    /// The writer's zero point for `busy_since_ms`.
    started: Mutex<Option<Instant>>,
}

impl WriterStats {
    fn now_ms(&self) -> i64 {
        let started = *self
            .started
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get_or_insert_with(Instant::now);
        // Never 0, which means idle.
        started.elapsed().as_millis() as i64 + 1
    }

    /// How long the current batch has been running, if one is.
    pub fn busy_for(&self) -> Option<Duration> {
        let since = self.busy_since_ms.load(Ordering::Acquire);
        (since > 0).then(|| Duration::from_millis((self.now_ms() - since).max(0) as u64))
    }
}

/// The handle writes go through; when the last one is dropped the writer drains its
/// queue, flushes and stops.
pub struct Writer {
    jobs: Option<mpsc::Sender<Job>>,
    pub stats: Arc<WriterStats>,
    /// Signalled when the writer thread has ended (and released the database).
    finished: Mutex<Option<std_mpsc::Receiver<()>>>,
}

impl Writer {
    pub fn start(trees: Trees) -> std::io::Result<Writer> {
        let (jobs, queue) = mpsc::channel(QUEUE);
        let stats = Arc::new(WriterStats::default());
        let (done, finished) = std_mpsc::channel();
        let thread_stats = stats.clone();
        std::thread::Builder::new()
            .name("store-writer".into())
            .spawn(move || {
                run(trees, queue, &thread_stats);
                let _ = done.send(());
            })?;
        Ok(Writer {
            jobs: Some(jobs),
            stats,
            finished: Mutex::new(Some(finished)),
        })
    }

    /// Applies `op` on the writer thread and returns its result once the flush that
    /// covers it is done.
    pub async fn write<T: Send + 'static>(
        &self,
        op: impl FnOnce(&Trees) -> Result<T> + Send + 'static,
    ) -> Result<T> {
        self.submit(op).await?.written().await
    }

    /// Queues `op` for the writer thread and returns once it is queued: every write
    /// submitted after this returns is applied after it. Its result comes when the
    /// flush that covers it is done (`Submitted::written`).
    pub async fn submit<T: Send + 'static>(
        &self,
        op: impl FnOnce(&Trees) -> Result<T> + Send + 'static,
    ) -> Result<Submitted<T>> {
        let (reply, answer) = oneshot::channel();
        let job: Job = Box::new(move |trees| {
            let outcome = op(trees);
            Box::new(move |flushed| {
                let _ = reply.send(match (outcome, flushed) {
                    (Ok(value), Ok(())) => Ok(value),
                    (Err(e), _) => Err(e),
                    (Ok(_), Err(reason)) => Err(StoreError::Flush(reason.to_string())),
                });
            })
        });
        let jobs = self.jobs.as_ref().ok_or(StoreError::Closed)?;
        self.stats.queued.fetch_add(1, Ordering::AcqRel);
        if jobs.send(job).await.is_err() {
            self.stats.queued.fetch_sub(1, Ordering::AcqRel);
            return Err(StoreError::Closed);
        }
        Ok(Submitted(answer))
    }
}

/// A write queued on the writer, not yet known to be on disk.
#[must_use = "a write is only known to be on disk once `written` says so"]
pub struct Submitted<T>(oneshot::Receiver<Result<T>>);

impl<T> Submitted<T> {
    /// Its result, once the flush that covers it is done.
    pub async fn written(self) -> Result<T> {
        // A dropped reply means the write panicked; it was not applied.
        self.0.await.unwrap_or(Err(StoreError::WriteFailed))
    }
}

impl Drop for Writer {
    fn drop(&mut self) {
        // Closing the queue lets the writer finish what is queued, flush and stop; wait
        // for it (bounded), so the database is released when the store is gone.
        self.jobs.take();
        let finished = self
            .finished
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .take();
        if let Some(finished) = finished
            && finished.recv_timeout(CLOSE_WAIT).is_err()
        {
            tracing::error!(
                "the store writer did not finish in time; the last writes may not be on disk"
            );
        }
    }
}

/// The writer thread: batch, apply, flush, acknowledge, until every handle is gone.
fn run(trees: Trees, mut queue: mpsc::Receiver<Job>, stats: &WriterStats) {
    let mut batch: Vec<Job> = Vec::with_capacity(64);
    while let Some(first) = queue.blocking_recv() {
        stats.busy_since_ms.store(stats.now_ms(), Ordering::Release);
        batch.push(first);
        while batch.len() < BATCH {
            match queue.try_recv() {
                Ok(job) => batch.push(job),
                Err(_) => break,
            }
        }
        let size = batch.len() as u64;
        let acks: Vec<Ack> = batch
            .drain(..)
            .filter_map(|job| {
                // A write that panics loses only itself: its caller hears it failed.
                match std::panic::catch_unwind(AssertUnwindSafe(|| job(&trees))) {
                    Ok(ack) => Some(ack),
                    Err(_) => {
                        tracing::error!("a store write panicked; it was not applied");
                        stats.queued.fetch_sub(1, Ordering::AcqRel);
                        None
                    }
                }
            })
            .collect();
        let flushed = trees.db.flush().map(|_| ()).map_err(|e| {
            stats.flush_failures.fetch_add(1, Ordering::Relaxed);
            tracing::error!(error = %e, "flushing the store failed");
            Arc::<str>::from(e.to_string())
        });
        stats.flushes.fetch_add(1, Ordering::Relaxed);
        stats.largest_batch.fetch_max(size, Ordering::Relaxed);
        for ack in acks {
            ack(flushed.clone());
            stats.queued.fetch_sub(1, Ordering::AcqRel);
            stats.writes.fetch_add(1, Ordering::Relaxed);
        }
        stats.busy_since_ms.store(0, Ordering::Release);
    }
    if let Err(e) = trees.db.flush() {
        tracing::error!(error = %e, "the store's last flush failed");
    }
}
