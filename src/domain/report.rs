//! Crowd reports ("it's down for me"): distinct reporters per service in a sliding window.

use chrono::{DateTime, Duration, Utc};

/// The rule that turns individual reports into an alert for the admins.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ReportWindow {
    /// How far back reports count.
    pub window: Duration,
    /// How many distinct reporters in the window make an alert.
    pub threshold: u32,
}

/// What one new report amounts to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReportOutcome {
    /// This user already reported this service within the window; nothing is counted.
    AlreadyCounted,
    /// Counted; `reporters` distinct users in the window, below the threshold or already alerted.
    Counted { reporters: u32 },
    /// Counted, and this report crossed the threshold: alert the admins now.
    Alert { reporters: u32 },
}

impl ReportWindow {
    /// Decides what a report means, given when this user last reported (if ever), when
    /// every other user last reported, and when the admins were last alerted.
    pub fn assess(
        &self,
        now: DateTime<Utc>,
        this_user_last: Option<DateTime<Utc>>,
        others: impl IntoIterator<Item = DateTime<Utc>>,
        last_alert: Option<DateTime<Utc>>,
    ) -> ReportOutcome {
        let in_window = |t: DateTime<Utc>| now - t < self.window && t <= now;
        let others = others.into_iter().filter(|&t| in_window(t)).count();
        self.assess_count(now, this_user_last, others, last_alert)
    }

    /// `assess`, given how many other users reported within the window rather than when.
    pub fn assess_count(
        &self,
        now: DateTime<Utc>,
        this_user_last: Option<DateTime<Utc>>,
        others_in_window: usize,
        last_alert: Option<DateTime<Utc>>,
    ) -> ReportOutcome {
        let in_window = |t: DateTime<Utc>| now - t < self.window && t <= now;
        if this_user_last.is_some_and(in_window) {
            return ReportOutcome::AlreadyCounted;
        }
        let reporters = 1 + others_in_window as u32;
        let alerted_recently = last_alert.is_some_and(in_window);
        if reporters >= self.threshold && !alerted_recently {
            ReportOutcome::Alert { reporters }
        } else {
            ReportOutcome::Counted { reporters }
        }
    }

    /// Whether a report made at `t` still counts at `now` (older ones may be forgotten).
    pub fn still_counts(&self, t: DateTime<Utc>, now: DateTime<Utc>) -> bool {
        now - t < self.window
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn min(m: i64) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2022, 11, 1, 6, 0, 0).unwrap() + Duration::minutes(m)
    }

    const RULE: ReportWindow = ReportWindow {
        window: Duration::minutes(30),
        threshold: 3,
    };

    #[test]
    fn the_third_distinct_reporter_alerts_once() {
        assert_eq!(
            RULE.assess(min(0), None, [], None),
            ReportOutcome::Counted { reporters: 1 }
        );
        assert_eq!(
            RULE.assess(min(1), None, [min(0)], None),
            ReportOutcome::Counted { reporters: 2 }
        );
        assert_eq!(
            RULE.assess(min(2), None, [min(0), min(1)], None),
            ReportOutcome::Alert { reporters: 3 }
        );
        assert_eq!(
            RULE.assess(min(3), None, [min(0), min(1), min(2)], Some(min(2))),
            ReportOutcome::Counted { reporters: 4 }
        );
    }

    #[test]
    fn a_user_counts_once_per_window() {
        assert_eq!(
            RULE.assess(min(10), Some(min(0)), [], None),
            ReportOutcome::AlreadyCounted
        );
        assert_eq!(
            RULE.assess(min(31), Some(min(0)), [], None),
            ReportOutcome::Counted { reporters: 1 }
        );
    }

    #[test]
    fn old_reports_and_old_alerts_expire() {
        assert_eq!(
            RULE.assess(min(40), None, [min(0), min(5)], None),
            ReportOutcome::Counted { reporters: 1 }
        );
        assert_eq!(
            RULE.assess(min(70), None, [min(60), min(65)], Some(min(0))),
            ReportOutcome::Alert { reporters: 3 }
        );
    }
}
