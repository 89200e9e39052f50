//! Probe verdicts: consecutive failures raise the probe's alarm (the desk opens an
//! incident from it), consecutive successes clear it, and a service that flaps (changes
//! state too often in a window) is held back and reported to the admins instead of
//! spamming subscribers.

use std::collections::VecDeque;

/// The id of a probe's one alarm for its service (the desk keeps it beside Alertmanager's
/// fingerprints and the monitors' names).
pub const PROBE_ALARM_ID: &str = "probe";

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
    /// Down for `fail_after` probes in a row: raise the alarm.
    WentDown,
    /// Up for `recover_after` probes in a row: clear it.
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
    /// What the probe sees: the service is down.
    down: bool,
    /// Whether the outage was told to the desk (the alarm is raised): held back while
    /// flapping.
    announced: bool,
    /// When the state last changed, newest last; only those within the window are kept.
    changes: VecDeque<DateTime<Utc>>,
    /// When the admins were last told about flapping.
    flap_reported: Option<DateTime<Utc>>,
}

impl ProbeTracker {
    /// Starts from "down and announced": the probe's alarm from before a restart is
    /// still raised, and good checks should clear it.
    pub fn resume_down(&mut self) {
        self.down = true;
        self.announced = true;
    }

    /// What it saw may not have been recorded (a failed write): offer it again at the
    /// next check that agrees — the outage at the next failure, the return at the next
    /// success. (A change the desk refused is not this: the alarm is kept, and the desk
    /// weighs it again.)
    pub fn not_taken(&mut self, verdict: Verdict) {
        match verdict {
            Verdict::WentDown => self.announced = false,
            Verdict::CameBack => {
                self.down = true;
                self.announced = true;
            }
            Verdict::Steady | Verdict::Flapping => {}
        }
    }

    pub fn record(&mut self, ok: bool, now: DateTime<Utc>, rule: &ProbeRule) -> Verdict {
        self.forget_old_changes(now, rule);
        if ok {
            self.successes += 1;
            self.failures = 0;
            if self.down && self.successes >= rule.recover_after {
                self.down = false;
                self.changes.push_back(now);
                // Good news is never held back: an open incident should close.
                if std::mem::take(&mut self.announced) {
                    return Verdict::CameBack;
                }
            }
            return Verdict::Steady;
        }
        self.failures += 1;
        self.successes = 0;
        if !self.down && self.failures >= rule.fail_after {
            self.down = true;
            self.changes.push_back(now);
            if self.flapping(rule) {
                let reported_lately = self
                    .flap_reported
                    .is_some_and(|t| now - t < rule.flap_window);
                if reported_lately {
                    return Verdict::Steady;
                }
                self.flap_reported = Some(now);
                return Verdict::Flapping;
            }
        }
        // Down and not announced: once the flapping has passed, it is an outage.
        if self.down && !self.announced && !self.flapping(rule) {
            self.announced = true;
            return Verdict::WentDown;
        }
        Verdict::Steady
    }

    fn flapping(&self, rule: &ProbeRule) -> bool {
        self.changes.len() as u32 > rule.flap_limit
    }

    fn forget_old_changes(&mut self, now: DateTime<Utc>, rule: &ProbeRule) {
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

    #[test]
    fn what_was_not_taken_is_offered_again_at_the_next_check_that_agrees() {
        let rule = ProbeRule {
            fail_after: 2,
            recover_after: 2,
            flap_limit: 10,
            flap_window: chrono::Duration::minutes(30),
        };
        let t = |m: i64| DateTime::from_timestamp(1_667_284_200 + m * 60, 0).unwrap();
        let mut tracker = ProbeTracker::default();
        assert_eq!(tracker.record(false, t(0), &rule), Verdict::Steady);
        assert_eq!(tracker.record(false, t(1), &rule), Verdict::WentDown);
        tracker.not_taken(Verdict::WentDown);
        assert_eq!(
            tracker.record(false, t(2), &rule),
            Verdict::WentDown,
            "offered again"
        );
        assert_eq!(tracker.record(false, t(3), &rule), Verdict::Steady);
        assert_eq!(tracker.record(true, t(4), &rule), Verdict::Steady);
        assert_eq!(tracker.record(true, t(5), &rule), Verdict::CameBack);
        tracker.not_taken(Verdict::CameBack);
        assert_eq!(
            tracker.record(true, t(6), &rule),
            Verdict::CameBack,
            "offered again"
        );
        assert_eq!(tracker.record(true, t(7), &rule), Verdict::Steady);
    }
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
                WentDown, CameBack, WentDown, CameBack, Flapping, Steady, Steady, Steady, Steady,
                Steady
            ],
            "held back while flapping; nothing opened, so nothing to close"
        );
        // After a quiet window it may open normally again.
        assert_eq!(t.record(false, at(100), &rule), WentDown);
        assert_eq!(t.record(true, at(101), &rule), CameBack);
    }

    #[test]
    fn a_flap_that_ends_down_gets_its_incident_when_the_window_has_passed() {
        let rule = ProbeRule {
            fail_after: 1,
            recover_after: 1,
            flap_limit: 2,
            flap_window: Duration::minutes(30),
        };
        let mut t = ProbeTracker::default();
        use Verdict::*;
        let verdicts: Vec<Verdict> = [false, true, false]
            .iter()
            .enumerate()
            .map(|(i, &ok)| t.record(ok, at(i as i64), &rule))
            .collect();
        assert_eq!(verdicts, [WentDown, CameBack, Flapping]);
        // Still down, still within the window of those three changes: held back.
        assert_eq!(t.record(false, at(10), &rule), Steady);
        assert_eq!(t.record(false, at(29), &rule), Steady);
        // The window since the flapping has passed and it is still down: an outage.
        assert_eq!(t.record(false, at(31), &rule), WentDown);
        assert_eq!(t.record(false, at(32), &rule), Steady, "once");
        assert_eq!(t.record(true, at(33), &rule), CameBack);
    }

    #[test]
    fn after_a_restart_good_checks_close_the_probes_incident() {
        let mut t = ProbeTracker::default();
        t.resume_down();
        assert_eq!(t.record(true, at(0), &RULE), Verdict::Steady);
        assert_eq!(t.record(true, at(1), &RULE), Verdict::CameBack);
    }
}
