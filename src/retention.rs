//! Keeping the store's size bounded while the bot runs: at start and then every hour,
//! incidents resolved longer ago than `history.keep_days` are folded into one summary
//! per service (see `store/retention.rs`), which `/history` and the API still show;
//! maintenance windows over for as long are deleted; crowd reports past their window
//! are swept; answers kept for `Idempotency-Key` retries go after their day.

use std::sync::Arc;
use std::time::Duration;

use tokio_util::sync::CancellationToken;

use crate::clock::Clock;
use crate::store::Store;

/// How often old history is folded.
const FOLD_EVERY: Duration = Duration::from_secs(3600);

pub async fn run(
    store: Store,
    keep: chrono::Duration,
    report_window: chrono::Duration,
    clock: Arc<dyn Clock>,
    shutdown: CancellationToken,
) {
    loop {
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
        tokio::select! {
            _ = shutdown.cancelled() => return,
            _ = tokio::time::sleep(FOLD_EVERY) => {}
        }
    }
}
