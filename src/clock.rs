//! The clock: time-dependent logic asks it for "now", so tests can set time instead of sleeping.

use std::sync::{Arc, Mutex};

use chrono::{DateTime, Duration, Utc};
use tokio::sync::watch;

pub trait Clock: Send + Sync + 'static {
    fn now(&self) -> DateTime<Utc>;

    /// Changes whenever the clock is moved by hand (a test's `advance`, the console's
    /// `/later`), so timers look again at once; `None` for a clock only time moves.
    fn moves(&self) -> Option<watch::Receiver<()>> {
        None
    }
}

/// Waits until `clock` has moved by hand (never, for a clock that has no hand).
pub async fn moved(moves: &mut Option<watch::Receiver<()>>) {
    let Some(receiver) = moves else {
        return std::future::pending().await;
    };
    if receiver.changed().await.is_err() {
        // The clock is gone: it will not move again.
        *moves = None;
        std::future::pending::<()>().await;
    }
}

/// Waits until `clock` reaches `due`: on the wall clock for the system's clock, and when
/// the clock is moved that far by hand for a manual one.
pub async fn until(clock: &dyn Clock, due: DateTime<Utc>) {
    let mut moves = clock.moves();
    loop {
        let now = clock.now();
        if now >= due {
            return;
        }
        tokio::select! {
            () = tokio::time::sleep((due - now).to_std().unwrap_or_default()) => {}
            () = moved(&mut moves) => {}
        }
    }
}

/// How far a timer on the app clock has looked: the app-clock time it last acted on.
/// Whoever moves the clock by hand (a test; the console's `/later`, for the maintenance
/// timer) waits on it until the timer has seen the new time and done what came due.
#[derive(Clone)]
pub struct Looked(Arc<watch::Sender<Option<DateTime<Utc>>>>);

impl Looked {
    pub fn new() -> Looked {
        Looked(Arc::new(watch::Sender::new(None)))
    }

    /// The timer has acted on everything due up to `now`.
    pub fn at(&self, now: DateTime<Utc>) {
        self.0.send_replace(Some(now));
    }

    /// Waits (a few seconds at most) until the timer has looked at `now` or later;
    /// whether it did.
    pub async fn caught_up(&self, now: DateTime<Utc>) -> bool {
        let mut looked = self.0.subscribe();
        tokio::time::timeout(
            std::time::Duration::from_secs(5),
            looked.wait_for(|t| t.is_some_and(|t| t >= now)),
        )
        .await
        .is_ok_and(|seen| seen.is_ok())
    }
}

impl Default for Looked {
    fn default() -> Self {
        Looked::new()
    }
}

/// The real wall clock.
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

/// A clock that moves only when told to; for tests and the console's demonstrations.
pub struct ManualClock {
    /// A std mutex: it is never held across an await.
    now: Mutex<DateTime<Utc>>,
    moved: watch::Sender<()>,
}

impl ManualClock {
    pub fn new(start: DateTime<Utc>) -> ManualClock {
        ManualClock {
            now: Mutex::new(start),
            moved: watch::Sender::new(()),
        }
    }

    pub fn advance(&self, by: Duration) {
        *self.now.lock().unwrap_or_else(|p| p.into_inner()) += by;
        self.moved.send_replace(());
    }
}

impl Clock for ManualClock {
    fn now(&self) -> DateTime<Utc> {
        *self.now.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn moves(&self) -> Option<watch::Receiver<()>> {
        Some(self.moved.subscribe())
    }
}

/// The wall clock moved forward by a settable offset: the console's `/later` lets a
/// demonstration skip the two hours of an outage.
pub struct OffsetClock {
    /// A std mutex: never held across an await.
    offset: Mutex<Duration>,
    moved: watch::Sender<()>,
}

impl OffsetClock {
    pub fn new() -> OffsetClock {
        OffsetClock {
            offset: Mutex::new(Duration::zero()),
            moved: watch::Sender::new(()),
        }
    }

    pub fn advance(&self, by: Duration) {
        *self.offset.lock().unwrap_or_else(|p| p.into_inner()) += by;
        self.moved.send_replace(());
    }
}

impl Default for OffsetClock {
    fn default() -> Self {
        OffsetClock::new()
    }
}

impl Clock for OffsetClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now() + *self.offset.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn moves(&self) -> Option<watch::Receiver<()>> {
        Some(self.moved.subscribe())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_timer_waiting_on_a_clock_moved_by_hand_wakes_when_it_moves() {
        let clock = std::sync::Arc::new(ManualClock::new(Utc::now()));
        let mut moves = clock.moves();
        let waiting = tokio::spawn(async move { moved(&mut moves).await });
        tokio::task::yield_now().await;
        assert!(!waiting.is_finished(), "nothing moved yet");
        clock.advance(Duration::minutes(5));
        tokio::time::timeout(std::time::Duration::from_secs(5), waiting)
            .await
            .expect("woken by the move")
            .unwrap();
        // The wall clock has no hand: it never wakes a timer this way.
        let mut none = SystemClock.moves();
        assert!(
            tokio::time::timeout(std::time::Duration::from_millis(20), moved(&mut none))
                .await
                .is_err()
        );
    }
}
