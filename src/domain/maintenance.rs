//! Planned maintenance: a window in which a service is down on purpose — announced when
//! it is planned, reminded ahead, started and ended on the app's clock. The rules here
//! are pure: what makes a valid window, what is due when, and how an admin's words
//! («আগামীকাল ২:০০ ৩ঘণ্টা», "2026-12-01 02:00 3h") become one.

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use chrono_tz::Tz;

use super::chat::minute_of_day;
use super::digits::ascii_digits;
use super::{LocalizedText, ServiceId, Source};

/// The longest window (extensions included): a week.
pub fn longest() -> Duration {
    Duration::days(7)
}

/// How far ahead a window may be planned: a year.
pub fn furthest_ahead() -> Duration {
    Duration::days(366)
}

/// One planned maintenance window of one service.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Window {
    pub id: u64,
    pub service: ServiceId,
    pub starts: DateTime<Utc>,
    pub ends: DateTime<Utc>,
    /// What the admin said it is for, per language.
    pub text: LocalizedText,
    pub state: WindowState,
    /// The reminder is still to come.
    pub remind: bool,
    pub planned_by: Source,
    pub planned_at: DateTime<Utc>,
    /// Alarms automatic intakes raised for the service while it ran, held back.
    pub held: u32,
    /// When it was called off (`None` while it stands, and for windows called off before
    /// this was recorded).
    pub cancelled_at: Option<DateTime<Utc>>,
    /// The end it was due to have when it was ended early (`ends` is then when it did).
    pub was_to_end: Option<DateTime<Utc>>,
    /// The end it was first planned to have, once it has been extended.
    pub first_end: Option<DateTime<Utc>>,
    /// When it was last extended.
    pub extended_at: Option<DateTime<Utc>>,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum WindowState {
    Planned,
    Running,
    /// Ran to its end.
    Completed,
    /// Ended before its time (`/maintenance done`).
    EndedEarly,
    /// Called off before it started.
    Cancelled,
}

/// What subscribers are told about a window.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum MaintenanceEvent {
    Scheduled,
    Reminder,
    Started,
    Extended,
    Ended,
    EndedEarly,
    Cancelled,
}

impl MaintenanceEvent {
    /// Every event of a window's story.
    pub const ALL: [MaintenanceEvent; 7] = [
        MaintenanceEvent::Scheduled,
        MaintenanceEvent::Reminder,
        MaintenanceEvent::Started,
        MaintenanceEvent::Extended,
        MaintenanceEvent::Ended,
        MaintenanceEvent::EndedEarly,
        MaintenanceEvent::Cancelled,
    ];

    /// The key used in message ids, selectors and the API: `scheduled`, `reminder`, …
    pub fn key(self) -> &'static str {
        match self {
            MaintenanceEvent::Scheduled => "scheduled",
            MaintenanceEvent::Reminder => "reminder",
            MaintenanceEvent::Started => "started",
            MaintenanceEvent::Extended => "extended",
            MaintenanceEvent::Ended => "ended",
            MaintenanceEvent::EndedEarly => "ended_early",
            MaintenanceEvent::Cancelled => "cancelled",
        }
    }
}

impl WindowState {
    /// The states of a window still to come or under way: what `/maintenance` lists.
    pub const ACTIVE: [WindowState; 2] = [WindowState::Planned, WindowState::Running];
    pub const ALL: [WindowState; 5] = [
        WindowState::Planned,
        WindowState::Running,
        WindowState::Completed,
        WindowState::EndedEarly,
        WindowState::Cancelled,
    ];

    /// The key used in the API and messages: `planned`, `running`, …
    pub fn key(self) -> &'static str {
        match self {
            WindowState::Planned => "planned",
            WindowState::Running => "running",
            WindowState::Completed => "completed",
            WindowState::EndedEarly => "ended_early",
            WindowState::Cancelled => "cancelled",
        }
    }
}

/// What the timer has to do about a window now.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Step {
    /// The reminder's moment came while the bot ran: tell subscribers.
    Remind,
    /// The reminder's moment passed while the bot was down: drop it (admins are told).
    SkipReminder,
    Start,
    End,
}

/// Why a window cannot be planned or changed (the words are for logs; people read
/// each one's message in their language).
#[derive(Clone, PartialEq, Eq, Debug, thiserror::Error)]
pub enum MaintenanceError {
    #[error("the start has passed")]
    StartsInThePast,
    /// Zero or negative length (or extension).
    #[error("no length")]
    Empty,
    #[error("longer than a window may last")]
    TooLong,
    #[error("further ahead than a window may be planned")]
    TooFarAhead,
    // The windows are boxed: an error is rare, and the `Result` of every change stays
    // small.
    /// Another window of the service overlaps it.
    #[error("overlaps maintenance {} of {}", .0.id, .0.service)]
    Overlaps(Box<Window>),
    /// No window has this id.
    #[error("no maintenance {0}")]
    Unknown(u64),
    /// It is over already (cancelled, ended).
    #[error("maintenance {} is over", .0.id)]
    Over(Box<Window>),
    /// `cancel` on a window that has begun (it is ended with `done`).
    #[error("maintenance {} has started", .0.id)]
    AlreadyStarted(Box<Window>),
    /// `done` on a window that has not begun (it is called off with `cancel`).
    #[error("maintenance {} has not started", .0.id)]
    NotStarted(Box<Window>),
}

impl Window {
    /// A new window, checked against the rules and the service's other windows.
    #[expect(
        clippy::too_many_arguments,
        reason = "each is a fact of the window or of the moment it is planned"
    )]
    pub fn plan(
        id: u64,
        service: ServiceId,
        starts: DateTime<Utc>,
        length: Duration,
        text: LocalizedText,
        planned_by: Source,
        now: DateTime<Utc>,
        remind_before: Duration,
        others: &[Window],
    ) -> Result<Window, MaintenanceError> {
        if starts < now {
            return Err(MaintenanceError::StartsInThePast);
        }
        if starts - now > furthest_ahead() {
            return Err(MaintenanceError::TooFarAhead);
        }
        check_length(length)?;
        let window = Window {
            id,
            service,
            starts,
            ends: starts + length,
            text,
            state: WindowState::Planned,
            // A window starting sooner than the reminder would come needs none: the
            // announcement is the reminder.
            remind: starts - now > remind_before,
            planned_by,
            planned_at: now,
            held: 0,
            cancelled_at: None,
            was_to_end: None,
            first_end: None,
            extended_at: None,
        };
        window.check_overlaps(others)?;
        Ok(window)
    }

    /// Planned or running.
    pub fn is_active(&self) -> bool {
        WindowState::ACTIVE.contains(&self.state)
    }

    /// What became of the window so far, oldest first, each step with its moment:
    /// planned; then under way, extended (its latest extension) and over (or ended
    /// early); or called off. The feed tells it as a timeline.
    pub fn story(&self) -> Vec<(MaintenanceEvent, DateTime<Utc>)> {
        use MaintenanceEvent::{Cancelled, Ended, EndedEarly, Extended, Scheduled, Started};
        let mut story = vec![(Scheduled, self.planned_at)];
        if matches!(
            self.state,
            WindowState::Running | WindowState::Completed | WindowState::EndedEarly
        ) {
            story.push((Started, self.starts));
        }
        if let Some(at) = self.extended_at {
            story.push((Extended, at));
        }
        match self.state {
            WindowState::Planned | WindowState::Running => {}
            WindowState::Completed => story.push((Ended, self.ends)),
            WindowState::EndedEarly => story.push((EndedEarly, self.ends)),
            WindowState::Cancelled => {
                story.push((Cancelled, self.cancelled_at.unwrap_or(self.planned_at)));
            }
        }
        // An extension before the start comes before it.
        story.sort_by_key(|&(_, at)| at);
        story
    }

    /// The end it was first planned to have: before any extension, or before it was
    /// ended early.
    pub fn planned_end(&self) -> DateTime<Utc> {
        self.first_end.or(self.was_to_end).unwrap_or(self.ends)
    }

    /// The end it is scheduled to have (extensions counted), or had before it was ended
    /// early.
    pub fn scheduled_end(&self) -> DateTime<Utc> {
        self.was_to_end.unwrap_or(self.ends)
    }

    /// When it last changed as readers see it: planned, begun, extended, ended or called
    /// off. A window called off before the moment was kept is said at its planning.
    pub fn changed_at(&self) -> DateTime<Utc> {
        let step = self.story().last().map_or(self.planned_at, |&(_, at)| at);
        step.max(self.extended_at.unwrap_or(step))
    }

    /// The window of `windows` running for `service` at `now`, if any: the service is
    /// off on purpose.
    pub fn running_for<'a>(
        windows: &'a [Window],
        service: &ServiceId,
        now: DateTime<Utc>,
    ) -> Option<&'a Window> {
        windows
            .iter()
            .find(|w| &w.service == service && w.holds_alarms_at(now))
    }

    /// Whether automatic alarms for the service are held back at `now`.
    pub fn holds_alarms_at(&self, now: DateTime<Utc>) -> bool {
        self.is_active() && self.starts <= now && now < self.ends
    }

    fn check_overlaps(&self, others: &[Window]) -> Result<(), MaintenanceError> {
        match others.iter().find(|o| {
            o.id != self.id
                && o.service == self.service
                && o.is_active()
                && o.starts < self.ends
                && self.starts < o.ends
        }) {
            Some(other) => Err(MaintenanceError::Overlaps(Box::new(other.clone()))),
            None => Ok(()),
        }
    }

    /// Moves the end later by `by`, at `now`.
    pub fn extend(
        &mut self,
        by: Duration,
        others: &[Window],
        now: DateTime<Utc>,
    ) -> Result<(), MaintenanceError> {
        self.still_active()?;
        if by <= Duration::zero() {
            return Err(MaintenanceError::Empty);
        }
        let mut longer = self.clone();
        longer.ends = self
            .ends
            .checked_add_signed(by)
            .ok_or(MaintenanceError::TooLong)?;
        check_length(longer.ends - longer.starts)?;
        longer.check_overlaps(others)?;
        longer.first_end = Some(self.first_end.unwrap_or(self.ends));
        longer.extended_at = Some(now);
        *self = longer;
        Ok(())
    }

    /// Calls off a window that has not begun, at `now`.
    pub fn cancel(&mut self, now: DateTime<Utc>) -> Result<(), MaintenanceError> {
        self.still_active()?;
        if self.state == WindowState::Running {
            return Err(MaintenanceError::AlreadyStarted(Box::new(self.clone())));
        }
        self.state = WindowState::Cancelled;
        self.remind = false;
        self.cancelled_at = Some(now);
        Ok(())
    }

    /// Ends a running window now, before its time; what subscribers are told. Asked
    /// at or after its end (before the timer came to it), it simply ended.
    pub fn end_early(&mut self, now: DateTime<Utc>) -> Result<MaintenanceEvent, MaintenanceError> {
        self.still_active()?;
        if self.state == WindowState::Planned {
            return Err(MaintenanceError::NotStarted(Box::new(self.clone())));
        }
        if now >= self.ends {
            self.state = WindowState::Completed;
            self.remind = false;
            return Ok(MaintenanceEvent::Ended);
        }
        self.state = WindowState::EndedEarly;
        self.was_to_end = Some(self.ends);
        self.ends = now.max(self.starts);
        Ok(MaintenanceEvent::EndedEarly)
    }

    fn still_active(&self) -> Result<(), MaintenanceError> {
        if self.is_active() {
            Ok(())
        } else {
            Err(MaintenanceError::Over(Box::new(self.clone())))
        }
    }

    /// What is due at `now`. `last_check` is when the timer last looked (`None` on its
    /// first look after a start): a reminder whose moment fell between two looks came
    /// due while the bot ran; one that passed before the first look passed while it was
    /// down, and is skipped rather than sent late.
    pub fn due(
        &self,
        now: DateTime<Utc>,
        remind_before: Duration,
        last_check: Option<DateTime<Utc>>,
    ) -> Option<Step> {
        match self.state {
            WindowState::Planned if now >= self.starts => Some(Step::Start),
            WindowState::Planned if self.remind && now >= self.starts - remind_before => {
                let remind_at = self.starts - remind_before;
                Some(match last_check {
                    Some(last) if last < remind_at => Step::Remind,
                    _ => Step::SkipReminder,
                })
            }
            WindowState::Running if now >= self.ends => Some(Step::End),
            _ => None,
        }
    }

    /// Takes `step`; returns what subscribers are told. A window whose whole time
    /// passed while the bot was down starts and then ends: they hear it is over.
    pub fn apply(&mut self, step: Step, now: DateTime<Utc>) -> Option<MaintenanceEvent> {
        match step {
            Step::Remind => {
                self.remind = false;
                Some(MaintenanceEvent::Reminder)
            }
            Step::SkipReminder => {
                self.remind = false;
                None
            }
            Step::Start if now >= self.ends => {
                self.remind = false;
                self.state = WindowState::Completed;
                Some(MaintenanceEvent::Ended)
            }
            Step::Start => {
                self.remind = false;
                self.state = WindowState::Running;
                Some(MaintenanceEvent::Started)
            }
            Step::End => {
                self.state = WindowState::Completed;
                Some(MaintenanceEvent::Ended)
            }
        }
    }
}

fn check_length(length: Duration) -> Result<(), MaintenanceError> {
    if length <= Duration::zero() {
        Err(MaintenanceError::Empty)
    } else if length > longest() {
        Err(MaintenanceError::TooLong)
    } else {
        Ok(())
    }
}

/// Why an admin's words are not a start time or a length.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum WordsError {
    Day,
    Time,
    Length,
}

/// A start as typed, in the deployment's zone `tz`: a day (`2026-12-01`, `today`,
/// `tomorrow`, «আজ», «আগামীকাল» or «কাল», any digits) and a time of day (`02:00`, `2:00`,
/// `14`). «কাল» is yesterday as well as tomorrow, but a start is never in the past.
pub fn parse_start(
    day: &str,
    time: &str,
    now: DateTime<Utc>,
    tz: Tz,
) -> Result<DateTime<Utc>, WordsError> {
    let today = now.with_timezone(&tz).date_naive();
    // A Bengali date may come with dashes of its own («২০২৬–১২–০১»).
    let day = ascii_digits(day).to_lowercase().replace(['–', '—'], "-");
    let date = match day.as_str() {
        "today" | "আজ" => today,
        "tomorrow" | "আগামীকাল" | "কাল" => {
            today.succ_opt().ok_or(WordsError::Day)?
        }
        typed => NaiveDate::parse_from_str(typed, "%Y-%m-%d").map_err(|_| WordsError::Day)?,
    };
    let minute = minute_of_day(&ascii_digits(time)).ok_or(WordsError::Time)?;
    let local = date
        .and_hms_opt(u32::from(minute / 60), u32::from(minute % 60), 0)
        .ok_or(WordsError::Time)?;
    tz.from_local_datetime(&local)
        .earliest()
        .map(|t| t.with_timezone(&Utc))
        .ok_or(WordsError::Time)
}

/// A length as typed: `3h`, `90m`, `1h30m`, `2d`, «৩ঘণ্টা», «৯০মিনিট», «১ঘণ্টা৩০মিনিট».
pub fn parse_length(text: &str) -> Result<Duration, WordsError> {
    let text = ascii_digits(text).to_lowercase();
    let mut rest = text.as_str();
    let mut total = Duration::zero();
    if rest.is_empty() {
        return Err(WordsError::Length);
    }
    while !rest.is_empty() {
        let digits = rest
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(rest.len());
        if digits == 0 || digits > 6 {
            return Err(WordsError::Length);
        }
        let n: i64 = rest[..digits].parse().map_err(|_| WordsError::Length)?;
        rest = &rest[digits..];
        let unit_end = rest
            .find(|c: char| c.is_ascii_digit())
            .unwrap_or(rest.len());
        let per_unit = match &rest[..unit_end] {
            "m" | "min" | "মিনিট" | "মি" => Duration::minutes(1),
            "h" | "hr" | "ঘণ্টা" | "ঘ" => Duration::hours(1),
            "d" | "দিন" => Duration::days(1),
            _ => return Err(WordsError::Length),
        };
        rest = &rest[unit_end..];
        total += per_unit * i32::try_from(n).map_err(|_| WordsError::Length)?;
        // Nothing longer can be planned: stop before a sum of huge parts overflows.
        if total > furthest_ahead() {
            return Err(WordsError::Length);
        }
    }
    Ok(total)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(h: u32, m: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 30, h, m, 0).unwrap()
    }

    fn window(starts: DateTime<Utc>, hours: i64, now: DateTime<Utc>) -> Window {
        Window::plan(
            1,
            ServiceId::parse("bkash").unwrap(),
            starts,
            Duration::hours(hours),
            LocalizedText::default(),
            Source::Api,
            now,
            Duration::hours(1),
            &[],
        )
        .unwrap()
    }

    #[test]
    fn starts_and_lengths_read_as_admins_type_them() {
        let dhaka: Tz = "Asia/Dhaka".parse().unwrap();
        // 2026-11-30 12:00 Dhaka.
        let now = at(6, 0);
        assert_eq!(
            parse_start("2026-12-01", "02:00", now, dhaka),
            Ok(at(20, 0))
        );
        assert_eq!(parse_start("tomorrow", "2:00", now, dhaka), Ok(at(20, 0)));
        assert_eq!(parse_start("আগামীকাল", "২:০০", now, dhaka), Ok(at(20, 0)));
        assert_eq!(parse_start("কাল", "২:০০", now, dhaka), Ok(at(20, 0)));
        for bengali_date in ["২০২৬-১২-০১", "২০২৬–১২–০১"] {
            assert_eq!(
                parse_start(bengali_date, "০২:০০", now, dhaka),
                Ok(at(20, 0))
            );
        }
        assert_eq!(parse_start("আজ", "22", now, dhaka), Ok(at(16, 0)));
        assert_eq!(
            parse_start("someday", "02:00", now, dhaka),
            Err(WordsError::Day)
        );
        assert_eq!(
            parse_start("2026-02-30", "02:00", now, dhaka),
            Err(WordsError::Day)
        );
        assert_eq!(
            parse_start("today", "25:00", now, dhaka),
            Err(WordsError::Time)
        );
        for (typed, minutes) in [
            ("3h", 180),
            ("90m", 90),
            ("1h30m", 90),
            ("2d", 2880),
            ("৩ঘণ্টা", 180),
            ("১ঘণ্টা৩০মিনিট", 90),
            ("0h", 0),
        ] {
            assert_eq!(
                parse_length(typed),
                Ok(Duration::minutes(minutes)),
                "{typed}"
            );
        }
        let huge = "999999d".repeat(600);
        for wrong in [
            "",
            "h",
            "3",
            "3x",
            "1h30",
            "9999999h",
            "-3h",
            "400d",
            huge.as_str(),
        ] {
            assert_eq!(parse_length(wrong), Err(WordsError::Length), "{wrong}");
        }
    }

    #[test]
    fn a_window_is_refused_when_it_cannot_be() {
        let now = at(6, 0);
        let plan = |starts, length, others: &[Window]| {
            Window::plan(
                9,
                ServiceId::parse("bkash").unwrap(),
                starts,
                length,
                LocalizedText::default(),
                Source::Api,
                now,
                Duration::hours(1),
                others,
            )
        };
        assert_eq!(
            plan(at(5, 0), Duration::hours(1), &[]),
            Err(MaintenanceError::StartsInThePast)
        );
        assert_eq!(
            plan(at(8, 0), Duration::zero(), &[]),
            Err(MaintenanceError::Empty)
        );
        assert_eq!(
            plan(at(8, 0), Duration::days(8), &[]),
            Err(MaintenanceError::TooLong)
        );
        assert_eq!(
            plan(now + Duration::days(400), Duration::hours(1), &[]),
            Err(MaintenanceError::TooFarAhead)
        );
        let first = window(at(20, 0), 3, now);
        assert_eq!(
            plan(at(22, 0), Duration::hours(1), std::slice::from_ref(&first)),
            Err(MaintenanceError::Overlaps(Box::new(first.clone())))
        );
        // Back to back is fine; so is another service at the same time.
        assert!(plan(at(23, 0), Duration::hours(1), std::slice::from_ref(&first)).is_ok());
        let mut cancelled = first.clone();
        cancelled.cancel(now).unwrap();
        assert!(plan(at(22, 0), Duration::hours(1), &[cancelled]).is_ok());
    }

    #[test]
    fn a_window_is_reminded_started_and_ended_in_turn() {
        let now = at(6, 0);
        let mut w = window(at(20, 0), 3, now);
        let hour = Duration::hours(1);
        assert!(w.remind);
        assert_eq!(w.due(at(18, 0), hour, Some(now)), None);
        // The moment came while the bot ran.
        assert_eq!(w.due(at(19, 0), hour, Some(at(18, 59))), Some(Step::Remind));
        // It passed while the bot was down.
        assert_eq!(w.due(at(19, 30), hour, None), Some(Step::SkipReminder));
        assert_eq!(
            w.apply(Step::Remind, at(19, 0)),
            Some(MaintenanceEvent::Reminder)
        );
        assert_eq!(w.due(at(19, 30), hour, Some(at(19, 0))), None);
        assert!(!w.holds_alarms_at(at(19, 59)));
        assert!(
            w.holds_alarms_at(at(20, 0)),
            "from its start, before the timer looks"
        );
        assert_eq!(w.due(at(20, 0), hour, Some(at(19, 59))), Some(Step::Start));
        assert_eq!(
            w.apply(Step::Start, at(20, 0)),
            Some(MaintenanceEvent::Started)
        );
        assert_eq!(
            w.cancel(at(20, 1)),
            Err(MaintenanceError::AlreadyStarted(Box::new(w.clone())))
        );
        w.extend(hour, &[], at(21, 0)).unwrap();
        assert_eq!(w.due(at(23, 0), hour, None), None, "extended to midnight");
        assert_eq!(w.due(at(23, 59) + hour, hour, None), Some(Step::End));
        assert_eq!(w.apply(Step::End, at(0, 0)), Some(MaintenanceEvent::Ended));
        assert!(!w.holds_alarms_at(at(21, 0)));
        assert!(matches!(
            w.extend(hour, &[], at(21, 0)),
            Err(MaintenanceError::Over(_))
        ));

        // Its whole time passed while the bot was down: it is over.
        let mut missed = window(at(20, 0), 3, now);
        assert_eq!(missed.due(at(23, 30), hour, None), Some(Step::Start));
        assert_eq!(
            missed.apply(Step::Start, at(23, 30)),
            Some(MaintenanceEvent::Ended)
        );
        assert_eq!(missed.state, WindowState::Completed);

        // Planned within the hour: no reminder. Ended early: its end is now.
        let mut soon = window(at(6, 30), 3, now);
        assert!(!soon.remind);
        assert!(matches!(
            soon.end_early(now),
            Err(MaintenanceError::NotStarted(_))
        ));
        soon.apply(Step::Start, at(6, 30));
        soon.end_early(at(7, 0)).unwrap();
        assert_eq!((soon.state, soon.ends), (WindowState::EndedEarly, at(7, 0)));
        assert_eq!(soon.planned_end(), at(9, 30), "as it was planned");
    }

    #[test]
    fn a_windows_story_tells_each_step_at_its_moment() {
        use MaintenanceEvent::{Cancelled, Ended, EndedEarly, Extended, Scheduled, Started};
        let now = at(6, 0);
        let hour = Duration::hours(1);
        let mut w = window(at(20, 0), 3, now);
        assert_eq!(w.story(), [(Scheduled, now)]);
        assert_eq!(w.changed_at(), now);
        w.apply(Step::Start, at(20, 0));
        assert_eq!(w.story(), [(Scheduled, now), (Started, at(20, 0))]);
        w.extend(hour, &[], at(22, 30)).unwrap();
        assert_eq!(w.changed_at(), at(22, 30), "an extension is a change");
        w.apply(Step::End, at(23, 59) + hour);
        assert_eq!(
            w.story(),
            [
                (Scheduled, now),
                (Started, at(20, 0)),
                (Extended, at(22, 30)),
                (Ended, at(23, 0) + hour)
            ]
        );
        assert_eq!(
            w.planned_end(),
            at(23, 0),
            "the plan, before it was extended"
        );

        let mut early = window(at(8, 0), 3, now);
        early.extend(hour, &[], at(7, 0)).unwrap();
        early.apply(Step::Start, at(8, 0));
        assert_eq!(early.end_early(at(9, 10)), Ok(EndedEarly));
        assert_eq!(
            early.story(),
            [
                (Scheduled, now),
                (Extended, at(7, 0)),
                (Started, at(8, 0)),
                (EndedEarly, at(9, 10))
            ]
        );
        assert_eq!(early.planned_end(), at(11, 0), "as first planned");

        // "Done" once its end has come, before the timer did: it simply ended.
        let mut late = window(at(8, 0), 1, now);
        late.apply(Step::Start, at(8, 0));
        assert_eq!(late.end_early(at(9, 0)), Ok(Ended));
        assert_eq!((late.state, late.ends), (WindowState::Completed, at(9, 0)));

        let mut off = window(at(20, 0), 3, now);
        off.cancel(at(7, 30)).unwrap();
        assert_eq!(off.story(), [(Scheduled, now), (Cancelled, at(7, 30))]);
        // Called off before the moment was kept: said at its planning.
        off.cancelled_at = None;
        assert_eq!(off.story(), [(Scheduled, now), (Cancelled, now)]);
    }
}
