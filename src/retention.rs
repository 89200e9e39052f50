//! Keeping the store's size bounded while the bot runs: at start and then every hour,
//! incidents resolved longer ago than `history.keep_days` are folded into one summary
//! per service (see `store/retention.rs`), which `/history` and the API still show;
//! maintenance windows over for as long are deleted; crowd reports past their window
//! are swept; answers kept for `Idempotency-Key` retries go after their day.
//!
//! The hour is the app's clock's: a test (or the console's `/later`) that moves the
//! clock a day on sees the sweep happen, and waits on `Looked` until it has.

use std::sync::Arc;
use std::time::Duration;

use tokio_util::sync::CancellationToken;

use crate::clock::{Clock, Looked, moved};
use crate::store::Store;

/// How often old history is folded, by the app's clock.
const FOLD_EVERY: chrono::Duration = chrono::Duration::hours(1);

pub async fn run(
    store: Store,
    keep: chrono::Duration,
    report_window: chrono::Duration,
    clock: Arc<dyn Clock>,
    looked: Looked,
    shutdown: CancellationToken,
) {
    let mut moves = clock.moves();
    loop {
        let swept_at = clock.now();
        match store.sweep_reports(clock.now() - report_window).await {
            Ok(0) => {}
            Ok(swept) => tracing::info!(swept, "crowd reports past their window swept"),
            Err(e) => {
                tracing::error!(error = %e, "cannot sweep old crowd reports; trying again later")
            }
        }
        let before = clock.now() - keep;
        match store.fold_history(before).await {
            Ok(0) => {}
            Ok(folded) => tracing::info!(
                folded,
                "old incidents folded into their services' summaries"
            ),
            Err(e) => tracing::error!(error = %e, "cannot fold old incidents; trying again later"),
        }
        match store.forget_windows(before).await {
            Ok(0) => {}
            Ok(forgotten) => tracing::info!(forgotten, "old maintenance windows deleted"),
            Err(e) => {
                tracing::error!(error = %e, "cannot delete old maintenance windows; trying again later")
            }
        }
        // Answers kept for Idempotency-Key retries live a day (`http/write_guard.rs`).
        match store
            .forget_answers(
                clock.now()
                    - chrono::Duration::from_std(crate::store::ANSWER_KEPT_FOR).unwrap_or_default(),
            )
            .await
        {
            Ok(0) => {}
            Ok(forgotten) => {
                tracing::info!(forgotten, "answers kept for retries past their day deleted")
            }
            Err(e) => {
                tracing::error!(error = %e, "cannot delete old answers kept for retries; trying again later")
            }
        }
        looked.at(swept_at);
        // An hour of the app's clock: slept on the wall clock, and looked at again
        // whenever the clock is moved by hand.
        loop {
            // One reading of the clock for both: a move between two readings would
            // say it looked at a time it did not sweep for.
            let now = clock.now();
            let left = swept_at + FOLD_EVERY - now;
            if left <= chrono::Duration::zero() {
                break;
            }
            looked.at(now);
            tokio::select! {
                _ = shutdown.cancelled() => return,
                _ = tokio::time::sleep(left.to_std().unwrap_or(Duration::ZERO)) => {}
                () = moved(&mut moves) => {}
            }
        }
    }
}
