//! Work in hand, counted: the updates taken from Telegram and not yet handled (from the
//! listener through their chat's queue), or the answers handed over and not yet sent.
//! Zero means nothing of it is in hand; the tests wait for that instead of sleeping.
//! Nothing in the bot waits on it.

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

#[derive(Clone, Debug, Default)]
pub struct Activity(Arc<AtomicI64>);

impl Activity {
    /// One more piece of work in hand.
    pub fn began(&self) {
        self.0.fetch_add(1, Ordering::SeqCst);
    }

    /// One piece of work done (or dropped).
    pub fn ended(&self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }

    /// Ends one piece of work when the guard is dropped, however its holder returns.
    pub fn ends_on_drop(&self) -> Ending {
        Ending(self.clone())
    }

    /// Whether nothing is in hand.
    pub fn is_idle(&self) -> bool {
        self.0.load(Ordering::SeqCst) == 0
    }
}

/// See `Activity::ends_on_drop`.
pub struct Ending(Activity);

impl Drop for Ending {
    fn drop(&mut self) {
        self.0.ended();
    }
}
