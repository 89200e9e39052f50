//! Probe verdicts: consecutive failures open an incident, consecutive successes resolve
//! it, and a service that flaps (changes state too often in a window) is held back and
//! reported to the admins instead of spamming subscribers.

use std::collections::VecDeque;

use chrono::{DateTime, Duration, Utc};

/// The thresholds probes follow.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ProbeRule {
    /// Consecutive failures that mean "down".
    pub fail_after: u32,
    /// Consecutive successes that mean "back".
    pub recover_after: u32,
    /// More state changes than this within `flap_window` is flapping.
    pub flap_limit: u32,
    pub flap_window: Duration,
}

/// What one probe result means.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// Nothing to tell anyone.
    Steady,
    /// Down for `fail_after` probes in a row: open an incident.
    WentDown,
    /// Up for `recover_after` probes in a row: resolve it.
    CameBack,
    /// It went down again, but it keeps flipping: tell the admins (once per window), not
    /// the subscribers.
    Flapping,
}

/// One service's probe history.
#[derive(Clone, Debug, Default)]
pub struct ProbeTracker {
    failures: u32,
    successes: u32,
    down: bool,
    /// When the state last changed, newest last; only those within the window are kept.
    changes: VecDeque<DateTime<Utc>>,
    /// When the admins were last told about flapping.
    flap_reported: Option<DateTime<Utc>>,
}

impl ProbeTracker {
    pub fn record(&mut self, ok: bool, now: DateTime<Utc>, rule: &ProbeRule) -> Verdict {
        if ok {
            self.successes += 1;
            self.failures = 0;
            if self.down && self.successes >= rule.recover_after {
                self.down = false;
                self.note_change(now, rule);
                // Good news is never held back: an open incident should close.
                return Verdict::CameBack;
            }
        } else {
            self.failures += 1;
            self.successes = 0;
            if !self.down && self.failures >= rule.fail_after {
                self.down = true;
                self.note_change(now, rule);
                if self.changes.len() as u32 > rule.flap_limit {
                    let reported_lately = self
                        .flap_reported
                        .is_some_and(|t| now - t < rule.flap_window);
                    if reported_lately {
                        return Verdict::Steady;
                    }
                    self.flap_reported = Some(now);
                    return Verdict::Flapping;
                }
                return Verdict::WentDown;
            }
        }
        Verdict::Steady
    }

    fn note_change(&mut self, now: DateTime<Utc>, rule: &ProbeRule) {
        self.changes.push_back(now);
        while self
            .changes
            .front()
            .is_some_and(|&t| now - t >= rule.flap_window)
        {
            self.changes.pop_front();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    const RULE: ProbeRule = ProbeRule {
        fail_after: 3,
        recover_after: 2,
        flap_limit: 4,
        flap_window: Duration::minutes(30),
    };

    fn at(minute: i64) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2022, 11, 1, 6, 0, 0).unwrap() + Duration::minutes(minute)
    }

    #[test]
    fn three_failures_open_and_two_successes_close() {
        let mut t = ProbeTracker::default();
        assert_eq!(t.record(false, at(0), &RULE), Verdict::Steady);
        assert_eq!(t.record(false, at(1), &RULE), Verdict::Steady);
        assert_eq!(
            t.record(true, at(2), &RULE),
            Verdict::Steady,
            "a success resets the count"
        );
        assert_eq!(t.record(false, at(3), &RULE), Verdict::Steady);
        assert_eq!(t.record(false, at(4), &RULE), Verdict::Steady);
        assert_eq!(t.record(false, at(5), &RULE), Verdict::WentDown);
        assert_eq!(
            t.record(false, at(6), &RULE),
            Verdict::Steady,
            "already down"
        );
        assert_eq!(t.record(true, at(7), &RULE), Verdict::Steady);
        assert_eq!(t.record(true, at(8), &RULE), Verdict::CameBack);
        assert_eq!(t.record(true, at(9), &RULE), Verdict::Steady);
    }

    #[test]
    fn flapping_is_reported_once_instead_of_opening_again() {
        let rule = ProbeRule {
            fail_after: 1,
            recover_after: 1,
            flap_limit: 4,
            flap_window: Duration::minutes(30),
        };
        let mut t = ProbeTracker::default();
        let verdicts: Vec<Verdict> = (0..10)
            .map(|i| t.record(i % 2 == 1, at(i), &rule))
            .collect();
        use Verdict::*;
        assert_eq!(
            verdicts,
            [
                WentDown, CameBack, WentDown, CameBack, Flapping, CameBack, Steady, CameBack,
                Steady, CameBack
            ]
        );
        // After a quiet window it may open normally again.
        assert_eq!(t.record(false, at(100), &rule), WentDown);
    }
}
