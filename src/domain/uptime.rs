//! Uptime by day: how long a service was down, having problems or under maintenance on
//! each of its last days, and the share of the time it worked — the status page's strip.
//!
//! Days are the reader's calendar days (their time zone); an incident's stretches follow
//! its severity changes, so a morning of slowness that became an outage at noon counts
//! as both.

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use chrono_tz::Tz;

use super::incident::{Incident, IncidentEvent, Severity};
use super::maintenance::{Window, WindowState};

/// How many days the strip shows.
pub const STRIP_DAYS: u32 = 90;

/// One calendar day of one service.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Day {
    pub date: NaiveDate,
    /// Down altogether.
    pub outage: Duration,
    /// Working slowly or partly.
    pub degraded: Duration,
    /// Under planned maintenance.
    pub maintenance: Duration,
    /// The history no longer holds this day in detail (older than it keeps).
    pub unknown: bool,
}

/// What a day's cell says, worst first.
#[derive(Clone, Copy, PartialEq, Eq, Debug, PartialOrd, Ord)]
pub enum DayState {
    Outage,
    Degraded,
    Maintenance,
    Operational,
    /// Older than the history keeps.
    Unknown,
}

impl DayState {
    /// Every state (the locale test gives each one's key to the messages that select on it).
    pub const ALL: [DayState; 5] = [
        DayState::Outage,
        DayState::Degraded,
        DayState::Maintenance,
        DayState::Operational,
        DayState::Unknown,
    ];

    /// The key used in message selectors and CSS classes.
    pub fn key(self) -> &'static str {
        match self {
            DayState::Outage => "outage",
            DayState::Degraded => "degraded",
            DayState::Maintenance => "maintenance",
            DayState::Operational => "operational",
            DayState::Unknown => "unknown",
        }
    }
}

impl Day {
    /// The worst that happened that day.
    pub fn state(&self) -> DayState {
        if self.unknown {
            DayState::Unknown
        } else if self.outage > Duration::zero() {
            DayState::Outage
        } else if self.degraded > Duration::zero() {
            DayState::Degraded
        } else if self.maintenance > Duration::zero() {
            DayState::Maintenance
        } else {
            DayState::Operational
        }
    }
}

/// A stretch of time at one severity.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Stretch {
    pub from: DateTime<Utc>,
    pub to: DateTime<Utc>,
    pub severity: Severity,
}

/// An incident's stretches at each severity, up to its end (or `now` while it runs).
pub fn stretches(incident: &Incident, now: DateTime<Utc>) -> Vec<Stretch> {
    let end = incident.resolved_at.unwrap_or(now).max(incident.started_at);
    let mut out: Vec<Stretch> = Vec::new();
    let mut current = (incident.started_at, first_severity(incident));
    for entry in &incident.timeline {
        if let IncidentEvent::SeverityChanged(severity) = entry.event {
            let at = entry.at.clamp(current.0, end);
            if at > current.0 {
                out.push(Stretch {
                    from: current.0,
                    to: at,
                    severity: current.1,
                });
            }
            current = (at, severity);
        }
    }
    if end > current.0 {
        out.push(Stretch {
            from: current.0,
            to: end,
            severity: current.1,
        });
    }
    out
}

fn first_severity(incident: &Incident) -> Severity {
    incident
        .timeline
        .iter()
        .find_map(|e| match e.event {
            IncidentEvent::Opened(s) => Some(s),
            _ => None,
        })
        .unwrap_or(incident.severity)
}

/// The time a window held the service, up to `now`: a called-off or future one none.
pub fn maintenance_span(
    window: &Window,
    now: DateTime<Utc>,
) -> Option<(DateTime<Utc>, DateTime<Utc>)> {
    match window.state {
        WindowState::Planned | WindowState::Cancelled => None,
        WindowState::Running | WindowState::Completed | WindowState::EndedEarly => {
            let to = window.ends.min(now);
            (to > window.starts).then_some((window.starts, to))
        }
    }
}

/// Where a calendar day begins in `zone` (the first instant of a day that skips
/// midnight, as some zones' clock changes do).
pub fn day_start(zone: Tz, date: NaiveDate) -> DateTime<Utc> {
    let midnight = date.and_hms_opt(0, 0, 0).unwrap_or_default();
    match zone.from_local_datetime(&midnight) {
        chrono::LocalResult::Single(t) | chrono::LocalResult::Ambiguous(t, _) => {
            t.with_timezone(&Utc)
        }
        chrono::LocalResult::None => {
            let later = midnight + Duration::hours(1);
            zone.from_local_datetime(&later).earliest().map_or_else(
                || Utc.from_utc_datetime(&midnight),
                |t| t.with_timezone(&Utc),
            )
        }
    }
}

/// One service's last `count` days up to today (in `zone`), oldest first. Days wholly
/// before `known_from` are unknown: the history folded them away.
pub fn days(
    incidents: &[&Incident],
    windows: &[&Window],
    zone: Tz,
    now: DateTime<Utc>,
    known_from: DateTime<Utc>,
    count: u32,
) -> Vec<Day> {
    let today = now.with_timezone(&zone).date_naive();
    let stretches: Vec<Stretch> = incidents.iter().flat_map(|i| stretches(i, now)).collect();
    let held: Vec<_> = windows
        .iter()
        .filter_map(|w| maintenance_span(w, now))
        .collect();
    (0..count)
        .rev()
        .map(|back| {
            let date = today - chrono::Days::new(u64::from(back));
            let from = day_start(zone, date);
            let to = day_start(zone, date + chrono::Days::new(1)).min(now);
            let mut day = Day {
                date,
                outage: Duration::zero(),
                degraded: Duration::zero(),
                maintenance: Duration::zero(),
                unknown: to <= known_from,
            };
            // Only what the records cover counts, as the uptime's total does.
            let from = from.max(known_from);
            for s in &stretches {
                let overlap = overlap((s.from, s.to), (from, to));
                match s.severity {
                    Severity::MajorOutage => day.outage += overlap,
                    Severity::Degraded => day.degraded += overlap,
                }
            }
            for &span in &held {
                day.maintenance += overlap(span, (from, to));
            }
            day
        })
        .collect()
}

fn overlap(a: (DateTime<Utc>, DateTime<Utc>), b: (DateTime<Utc>, DateTime<Utc>)) -> Duration {
    (a.1.min(b.1) - a.0.max(b.0)).max(Duration::zero())
}

/// The share of the known time the days cover (from the first known day's start, or
/// `known_from` if later, to `now`) with no outage or trouble, in hundredths of a
/// percent (99.95% is 9995). Maintenance is planned and not counted against it. `None`
/// when nothing is known.
pub fn uptime_basis_points(
    days: &[Day],
    zone: Tz,
    known_from: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Option<u32> {
    let first = days.iter().find(|d| !d.unknown)?;
    let total = now - day_start(zone, first.date).max(known_from);
    if total <= Duration::zero() {
        return None;
    }
    let down: Duration = days
        .iter()
        .filter(|d| !d.unknown)
        .map(|d| d.outage + d.degraded)
        .sum();
    let up = (total - down).max(Duration::zero());
    // Rounded down: 99.999% is not 100%.
    let points = (up.num_seconds() as i128 * 10_000) / total.num_seconds().max(1) as i128;
    Some(points.clamp(0, 10_000) as u32)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{LocalizedText, Phase, ServiceId, Source, TimelineEntry};

    fn dhaka() -> Tz {
        chrono_tz::Asia::Dhaka
    }

    /// Dhaka wall-clock time on day `d` of December 2026.
    fn at(d: u32, h: u32, m: u32) -> DateTime<Utc> {
        dhaka()
            .with_ymd_and_hms(2026, 12, d, h, m, 0)
            .unwrap()
            .with_timezone(&Utc)
    }

    fn incident(
        start: DateTime<Utc>,
        end: Option<DateTime<Utc>>,
        changes: &[(DateTime<Utc>, Severity)],
    ) -> Incident {
        let first = Severity::MajorOutage;
        let mut timeline = vec![TimelineEntry {
            at: start,
            event: IncidentEvent::Opened(first),
            text: LocalizedText::default(),
        }];
        for &(when, severity) in changes {
            timeline.push(TimelineEntry {
                at: when,
                event: IncidentEvent::SeverityChanged(severity),
                text: LocalizedText::default(),
            });
        }
        Incident {
            id: 1,
            service: ServiceId::parse("whatsapp").unwrap(),
            severity: changes.last().map_or(first, |c| c.1),
            phase: if end.is_some() {
                Phase::Resolved
            } else {
                Phase::Investigating
            },
            started_at: start,
            resolved_at: end,
            source: Source::Api,
            timeline,
            folded: 0,
            minutes_down_folded: 0,
        }
    }

    #[test]
    fn an_outage_across_midnight_counts_on_both_days() {
        let i = incident(at(2, 23, 0), Some(at(3, 1, 30)), &[]);
        let now = at(3, 12, 0);
        let days = days(
            &[&i],
            &[],
            dhaka(),
            now,
            at(1, 0, 0) - Duration::days(400),
            3,
        );
        let got: Vec<_> = days
            .iter()
            .map(|d| (d.date.to_string(), d.outage.num_minutes(), d.state()))
            .collect();
        assert_eq!(
            got,
            [
                ("2026-12-01".to_owned(), 0, DayState::Operational),
                ("2026-12-02".to_owned(), 60, DayState::Outage),
                ("2026-12-03".to_owned(), 90, DayState::Outage),
            ]
        );
    }

    #[test]
    fn a_slowdown_that_became_an_outage_counts_as_both() {
        let i = incident(
            at(3, 9, 0),
            Some(at(3, 13, 0)),
            &[
                (at(3, 10, 0), Severity::Degraded),
                (at(3, 12, 0), Severity::MajorOutage),
            ],
        );
        let day = days(&[&i], &[], dhaka(), at(3, 20, 0), at(1, 0, 0), 1)[0];
        assert_eq!(
            (day.outage.num_minutes(), day.degraded.num_minutes()),
            (120, 120)
        );
        assert_eq!(day.state(), DayState::Outage);
    }

    #[test]
    fn an_open_incident_counts_up_to_now() {
        let i = incident(at(3, 11, 0), None, &[]);
        let day = days(&[&i], &[], dhaka(), at(3, 11, 45), at(1, 0, 0), 1)[0];
        assert_eq!(day.outage.num_minutes(), 45);
    }

    #[test]
    fn maintenance_is_shown_but_not_held_against_uptime() {
        let window = Window {
            id: 7,
            service: ServiceId::parse("bkash").unwrap(),
            starts: at(2, 2, 0),
            ends: at(2, 4, 0),
            text: LocalizedText::default(),
            state: WindowState::Completed,
            remind: false,
            planned_by: Source::Api,
            planned_at: at(1, 0, 0),
            held: 0,
            cancelled_at: None,
            was_to_end: None,
            first_end: None,
            extended_at: None,
        };
        let cancelled = Window {
            state: WindowState::Cancelled,
            cancelled_at: Some(at(2, 12, 0)),
            starts: at(3, 2, 0),
            ends: at(3, 4, 0),
            ..window.clone()
        };
        let now = at(3, 12, 0);
        let days = days(&[], &[&window, &cancelled], dhaka(), now, at(1, 0, 0), 2);
        assert_eq!(days[0].state(), DayState::Maintenance);
        assert_eq!(days[0].maintenance.num_minutes(), 120);
        assert_eq!(days[1].state(), DayState::Operational, "called off");
        assert_eq!(
            uptime_basis_points(&days, dhaka(), at(1, 0, 0), now),
            Some(10_000)
        );
    }

    #[test]
    fn uptime_is_the_share_of_known_time_rounded_down() {
        let now = at(3, 0, 0);
        // Two known days, 48 hours; 3 minutes down: 99.8958…% → 99.89%.
        let i = incident(at(2, 10, 0), Some(at(2, 10, 3)), &[]);
        let days = days(&[&i], &[], dhaka(), now, at(1, 0, 0), 5);
        assert!(days[..2].iter().all(|d| d.unknown), "{days:?}");
        assert_eq!(days[2].state(), DayState::Operational);
        assert_eq!(days[4].outage, Duration::zero(), "today has not begun");
        assert_eq!(
            uptime_basis_points(&days, dhaka(), at(1, 0, 0), now),
            Some(9989)
        );
        assert_eq!(
            uptime_basis_points(&days[..2], dhaka(), at(1, 0, 0), now),
            None
        );
        // Records that began at noon on the 2nd: 12 hours known, 3 minutes down.
        assert_eq!(
            uptime_basis_points(&days, dhaka(), at(2, 12, 0), now),
            Some(9958)
        );
    }

    #[test]
    fn the_strip_has_one_cell_per_day_ending_today() {
        let now = at(3, 0, 30);
        let days = days(
            &[],
            &[],
            dhaka(),
            now,
            now - Duration::days(400),
            STRIP_DAYS,
        );
        assert_eq!(days.len(), 90);
        assert_eq!(days.last().unwrap().date.to_string(), "2026-12-03");
        assert_eq!(days[0].date.to_string(), "2026-09-05");
    }
}
