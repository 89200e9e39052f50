//! The clock: time-dependent logic asks it for "now", so tests can set time instead of sleeping.

use std::sync::Mutex;

use chrono::{DateTime, Duration, Utc};

pub trait Clock: Send + Sync + 'static {
    fn now(&self) -> DateTime<Utc>;
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
}

impl ManualClock {
    pub fn new(start: DateTime<Utc>) -> ManualClock {
        ManualClock {
            now: Mutex::new(start),
        }
    }

    pub fn advance(&self, by: Duration) {
        let mut now = self.now.lock().unwrap_or_else(|p| p.into_inner());
        *now += by;
    }
}

impl Clock for ManualClock {
    fn now(&self) -> DateTime<Utc> {
        *self.now.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// The wall clock moved forward by a settable offset: the console's `/later` lets a
/// demonstration skip the two hours of an outage.
pub struct OffsetClock {
    /// A std mutex: never held across an await.
    offset: Mutex<Duration>,
}

impl OffsetClock {
    pub fn new() -> OffsetClock {
        OffsetClock {
            offset: Mutex::new(Duration::zero()),
        }
    }

    pub fn advance(&self, by: Duration) {
        *self.offset.lock().unwrap_or_else(|p| p.into_inner()) += by;
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
}
