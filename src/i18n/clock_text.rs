//! Times and spans broken into the parts locales render: the part of the day, the hour
//! and the quarter, which day (today, yesterday, a weekday, a date). The words live in
//! `locales/`; the arithmetic lives here (how long, in `newsroom.rs`).
//!
//! A news day runs from 04:00 to 03:59 in Dhaka's papers and from 03:00 in Kolkata's
//! (`locale-day-starts`): a time in the small hours before it belongs to the night of
//! the day before («২৯ নভেম্বর দিবাগত রাত ১টা», «শনিবার গভীর রাত ১টা» are early on the
//! next day), as Bengali readers take it; Kolkata's papers call three o'clock dawn,
//! named by its own date («রবিবার ভোর ৩টা»). The night just gone, seen the morning
//! after, and the night now under way need no day at all («রাত ৩টা ৫০ মিনিট থেকে বন্ধ»).

use chrono::{DateTime, Datelike, NaiveDate, Timelike, Utc, Weekday};
use chrono_tz::Tz;

use super::Msg;

/// The hour a news day starts unless the locale says otherwise.
pub const DAY_STARTS_AT: u32 = 4;

/// How long after the small hours the morning still speaks of them as "the night just
/// gone", with no day: until noon.
const MORNING_AFTER_ENDS: u32 = 12;

/// Where a reader reads the time: their zone, and the hour their newspapers begin a day.
#[derive(Clone, Copy, Debug)]
pub struct Reading {
    pub zone: Tz,
    pub day_starts_at: u32,
    /// Every day said as a date, never as «আজ» or "tomorrow": for text a reader keeps
    /// beyond the day it was written (a feed reader keeps its entries).
    pub dated: bool,
}

impl From<Tz> for Reading {
    fn from(zone: Tz) -> Reading {
        Reading {
            zone,
            day_starts_at: DAY_STARTS_AT,
            dated: false,
        }
    }
}

impl Reading {
    /// The news day a local time belongs to.
    fn news_day(self, local: DateTime<Tz>) -> NaiveDate {
        let date = local.date_naive();
        if local.hour() < self.day_starts_at {
            date.pred_opt().unwrap_or(date)
        } else {
            date
        }
    }

    /// How `day` is named, seen on news day `today`.
    fn day(self, day: NaiveDate, today: NaiveDate) -> Msg {
        if self.dated {
            date_msg(day, today)
        } else {
            day_msg(day, today)
        }
    }

    /// Whether `local` is in the small hours of the night `now` is in, or of the night
    /// just gone seen before noon: said with no day («রাত ৩টা ৫০ মিনিট»), not as
    /// «গতকাল দিবাগত রাত …» for twenty minutes ago.
    fn this_night(self, local: DateTime<Tz>, now: DateTime<Tz>) -> bool {
        local.hour() < self.day_starts_at
            && local.date_naive() == now.date_naive()
            && now.hour() < MORNING_AFTER_ENDS
            && local <= now
    }
}

/// The place a zone is named for: its IANA name's last part, spaced («Asia/Dhaka» is
/// Dhaka, «America/New_York» New York; «UTC» stays UTC).
pub fn zone_name(zone: Tz) -> String {
    let name = zone.name();
    name.rsplit('/').next().unwrap_or(name).replace('_', " ")
}

/// The part of the day Bengali notices name before the hour (ভোর, সকাল, দুপুর, …): the
/// small hours before the day begins are night, and dawn runs from then to six, so
/// three o'clock is night in Dhaka's papers and dawn in Kolkata's.
pub fn day_period(hour: u32, day_starts_at: u32) -> &'static str {
    match hour {
        h if h < day_starts_at => "night",
        0..=5 => "dawn",
        6..=11 => "morning",
        12..=14 => "noon",
        15..=17 => "afternoon",
        18..=19 => "evening",
        _ => "night",
    }
}

fn weekday_key(day: Weekday) -> &'static str {
    match day {
        Weekday::Mon => "mon",
        Weekday::Tue => "tue",
        Weekday::Wed => "wed",
        Weekday::Thu => "thu",
        Weekday::Fri => "fri",
        Weekday::Sat => "sat",
        Weekday::Sun => "sun",
    }
}

/// The clock: `12:30 pm`, «দুপুর সাড়ে ১২টা», «দিবাগত রাত ১টা», for a reader whose day
/// begins at `day_starts_at` (`I18n::reading`).
pub fn clock_msg(local: DateTime<Tz>, day_starts_at: u32) -> Msg {
    clock_in_style(local, false, day_starts_at)
}

/// The clock, with `exact` in minutes even on a quarter hour («৭টা ৪৫ মিনিট», not
/// «পৌনে ৮টা»): both ends of a span are said one way.
fn clock_in_style(local: DateTime<Tz>, exact: bool, day_starts_at: u32) -> Msg {
    let hour = local.hour();
    let hour12 = |h: u32| if h.is_multiple_of(12) { 12 } else { h % 12 };
    Msg::new("time-clock")
        .key("period", day_period(hour, day_starts_at))
        .key("ampm", if hour < 12 { "am" } else { "pm" })
        .flag("late", hour < day_starts_at)
        .num("hour12", hour12(hour))
        .num("next_hour12", hour12(hour + 1))
        .num("hour24", hour)
        .num("minute", local.minute())
        .flag("in_minutes", exact)
        .flag("period_said", true)
        .flag("ampm_at_end", false)
}

/// Whether a span's two ends must be said in minutes: when one end is «পৌনে» (which
/// names the next hour) and the other is not on a quarter hour, the hour would seem to
/// run backwards («পৌনে ৮টা থেকে ৭টা ৫০ মিনিট পর্যন্ত»). «সাড়ে» and «সোয়া» stay, as a
/// desk writes them and as the reader first saw them («দুপুর সাড়ে ১২টা থেকে ২টা ২২
/// মিনিট পর্যন্ত»).
fn span_in_minutes(start: DateTime<Utc>, end: DateTime<Utc>, tz: Tz) -> bool {
    let minute = |at: DateTime<Utc>| at.with_timezone(&tz).minute();
    let on_a_quarter = |at| minute(at) % 15 == 0;
    let to_the_hour = |at| minute(at) == 45;
    !(on_a_quarter(start) && on_a_quarter(end)) && (to_the_hour(start) || to_the_hour(end))
}

/// The start of a span, in the style of its end. English names a calendar day once,
/// after the clocks, when both ends fall on it, and am or pm once when both ends share
/// it too: "from 2:00 to 5:00 am tomorrow". An announcement names the start's day even
/// when it is today's (`announced`): «আজ দুপুর ১২টা থেকে», "from 12:00 pm today". Two
/// moments told apart rather than a span (`paired`: "having problems since 6:47 am,
/// down since 7:07 am") keep their own am or pm.
pub fn span_start_msg(
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    now: DateTime<Utc>,
    reading: impl Into<Reading>,
    (announced, paired): (bool, bool),
) -> Msg {
    let reading = reading.into();
    let msg = time_in_style(
        start,
        now,
        reading,
        span_in_minutes(start, end, reading.zone),
    );
    let day_at_end = day_said_at_end(start, end, now, reading, announced);
    let (local_start, local_end) = (
        start.with_timezone(&reading.zone),
        end.with_timezone(&reading.zone),
    );
    let names_no_day = if announced || reading.dated {
        day_at_end
    } else {
        day_at_end || local_start.date_naive() == now.with_timezone(&reading.zone).date_naive()
    };
    let msg = if announced {
        msg.flag("today", false).flag("calendar_today", day_at_end)
    } else if day_at_end {
        msg.flag("calendar_today", true)
    } else {
        msg
    };
    // A start that names no day of its own, the same date and half of the day as its
    // end, leaves am or pm to the end (English only).
    if names_no_day
        && !paired
        && end - start >= chrono::Duration::minutes(1)
        && local_start.date_naive() == local_end.date_naive()
        && (local_start.hour() < 12) == (local_end.hour() < 12)
    {
        let in_minutes = span_in_minutes(start, end, reading.zone);
        msg.msg(
            "clock",
            clock_in_style(local_start, in_minutes, reading.day_starts_at)
                .flag("ampm_at_end", true),
        )
    } else {
        msg
    }
}

/// `calendar_day_at_end`, for a reader who may read every day as a date, or of a span
/// an announcement names: then today's is named at the end too ("from 2:00 to 5:00 pm
/// today").
fn day_said_at_end(
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    now: DateTime<Utc>,
    reading: Reading,
    announced: bool,
) -> bool {
    let later = if reading.dated || announced {
        // Seen from a moment no day of the span is: every day is a date.
        end + chrono::Duration::days(2)
    } else {
        now
    };
    calendar_day_at_end(start, end, later, reading.zone)
}

/// Whether a span's two ends share a calendar day other than today's, which English
/// then names once, at the end.
pub fn calendar_day_at_end(
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    now: DateTime<Utc>,
    zone: Tz,
) -> bool {
    let date = |at: DateTime<Utc>| at.with_timezone(&zone).date_naive();
    // Under a minute a span is said as its start alone, which keeps its day.
    end - start >= chrono::Duration::minutes(1)
        && date(start) == date(end)
        && date(end) != date(now)
}

/// Which day `day` is, seen on news day `today`: no words for today, «গতকাল»,
/// «আগামীকাল», a weekday within the week, else a date (with the year when not this
/// year's).
pub fn day_msg(day: NaiveDate, today: NaiveDate) -> Msg {
    let offset = (day - today).num_days();
    let when = match offset {
        0 => "today",
        -1 => "yesterday",
        1 => "tomorrow",
        -6..=-2 | 2..=6 => "weekday",
        _ if day.year() == today.year() => "date",
        _ => "year",
    };
    Msg::new("time-day")
        .key("when", when)
        .key("weekday", weekday_key(day.weekday()))
        .flag("ahead", offset > 0)
        .flag("prefix", true)
        .num("day", day.day())
        .num("month", day.month())
        .num("year", day.year())
}

/// A calendar date as a date, whatever day it is now («৩ ডিসেম্বর», "3 Dec"): the
/// status page's strip names each day so, with the year only for another year's.
pub fn date_msg(day: NaiveDate, today: NaiveDate) -> Msg {
    Msg::new("time-day")
        .key(
            "when",
            if day.year() == today.year() {
                "date"
            } else {
                "year"
            },
        )
        .key("weekday", weekday_key(day.weekday()))
        .flag("ahead", false)
        .flag("prefix", true)
        .num("day", day.day())
        .num("month", day.month())
        .num("year", day.year())
}

/// `at` as a reader would say it at `now`: the clock, with its day unless it is
/// today's. Both days are passed: the news day (Bengali: the small hours belong to the
/// night before) and the calendar day (English).
pub fn time_msg(at: DateTime<Utc>, now: DateTime<Utc>, reading: impl Into<Reading>) -> Msg {
    time_in_style(at, now, reading.into(), false)
}

/// `time_msg`, its clock in minutes when `exact`.
fn time_in_style(at: DateTime<Utc>, now: DateTime<Utc>, reading: Reading, exact: bool) -> Msg {
    let starts = reading.day_starts_at;
    let (local, now) = (
        at.with_timezone(&reading.zone),
        now.with_timezone(&reading.zone),
    );
    let (day, today) = (reading.news_day(local), reading.news_day(now));
    let (date, calendar_today) = (local.date_naive(), now.date_naive());
    // Seen from the small hours, the coming morning is this morning, not tomorrow: at
    // 2 am a window "until 5 am" ends «ভোর ৫টা», the same date, a few hours on.
    let this_morning = now.hour() < starts && date == calendar_today;
    // Seen by day, the coming small hours are tonight's, and said so: «আজ দিবাগত রাত
    // ২টা», not a bare «রাত ২টা» a reader could take for the night just gone.
    let tonight = at > now.with_timezone(&Utc)
        && local.hour() < starts
        && now.hour() >= starts
        && day == today;
    let this_night = reading.this_night(local, now);
    let dated = reading.dated;
    Msg::new("time")
        .flag(
            "today",
            !dated && (day == today || this_morning || this_night) && !tonight,
        )
        .flag("calendar_today", !dated && date == calendar_today)
        // English says "on" before a weekday or a date ("6:47 am on Saturday"), not
        // before yesterday or tomorrow.
        .flag(
            "on_day",
            dated || !(-1..=1).contains(&(date - calendar_today).num_days()),
        )
        // Only a named day is followed by «দিবাগত»: today's small hours are just «রাত».
        .flag(
            "late",
            local.hour() < starts && (dated || ((day != today || tonight) && !this_night)),
        )
        .msg("day", reading.day(day, today))
        .msg("calendar_day", reading.day(date, calendar_today))
        .msg("clock", clock_in_style(local, exact, starts))
}

/// The end of a span that began at `start`, seen from `now`: the clock alone when both
/// fall on the same day (the start said which day), else with its own day, even
/// today's («আজ»), so the span reads as one: «১ নভেম্বর দুপুর ৩টা থেকে আজ বিকেল ৪টা
/// পর্যন্ত». A Bengali day is the news day, so an end past midnight of the same night
/// is «রাত ১টা» with no date («গতকাল বিকেল ৩টা থেকে রাত ১২টা ৪৬ মিনিট পর্যন্ত»);
/// English counts calendar days. An announcement's span (`announced`) names its one day
/// at the end in English even when it is today's: "from 2:00 to 5:00 pm today".
pub fn span_end_msg(
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    now: DateTime<Utc>,
    reading: impl Into<Reading>,
    announced: bool,
) -> Msg {
    let reading = reading.into();
    let tz = reading.zone;
    let starts = reading.day_starts_at;
    let (local_start, local_end) = (start.with_timezone(&tz), end.with_timezone(&tz));
    let same_date = local_start.date_naive() == local_end.date_naive();
    // A span from the small hours into that morning is one night: «রাত ২টা থেকে ভোর
    // ৫টা», with no day between.
    let strictly_one_day = reading.news_day(local_start) == reading.news_day(local_end);
    let same_news_day = strictly_one_day
        || (same_date && local_start.hour() < starts && local_end.hour() < MORNING_AFTER_ENDS);
    // Within one news day the end needs no day of its own («গতকাল বিকেল ৩টা থেকে রাত
    // ১২টা ৪৬ মিনিট পর্যন্ত» is one news day); across days it says its own.
    let said_alone = same_news_day;
    // Within one night's span «দিবাগত» needs no saying: the start named the night
    // («রাত ১১টা ৫০ মিনিট থেকে রাত ১টা ২০ মিনিট পর্যন্ত»).
    // Nor for an end in the night still under way, which has come already: «আজ দিবাগত
    // রাত» announces a night to come, so at 3 am an outage over at 3:02 ended «আজ রাত
    // ৩টা ২ মিনিট».
    let now_local = now.with_timezone(&tz);
    let this_very_night =
        !reading.dated && end <= now && reading.news_day(local_end) == reading.news_day(now_local);
    let late = !said_alone && local_end.hour() < starts && !this_very_night;
    let in_minutes = span_in_minutes(start, end, tz);
    let mut end_msg = time_in_style(end, now, reading, in_minutes)
        .flag("today", said_alone)
        .flag(
            "calendar_today",
            same_date && !day_said_at_end(start, end, now, reading, announced),
        )
        .flag("late", late);
    // «গত» once per span: «গত শুক্রবার … থেকে শনিবার … পর্যন্ত».
    let today = reading.news_day(now.with_timezone(&tz));
    let last_week = |day: NaiveDate| (-6..=-2).contains(&(day - today).num_days());
    if !same_news_day
        && !reading.dated
        && last_week(reading.news_day(local_start))
        && last_week(reading.news_day(local_end))
    {
        end_msg = end_msg.msg(
            "day",
            day_msg(reading.news_day(local_end), today).flag("prefix", false),
        );
    }
    // Later the same night, or the same part of the same day: the part is said once,
    // at the start («সন্ধ্যা ৬টা থেকে ৬টা ৫ মিনিট পর্যন্ত», «রাত ১১টা ৫০ মিনিট থেকে
    // ১টা ২০ মিনিট পর্যন্ত»).
    let period = |at: DateTime<Tz>| day_period(at.hour(), starts);
    let night = |at: DateTime<Tz>| period(at) == "night";
    let one_night = strictly_one_day && night(local_start) && night(local_end);
    if local_end >= local_start
        && ((same_date && period(local_start) == period(local_end)) || one_night)
    {
        end_msg = end_msg.msg(
            "clock",
            clock_in_style(local_end, in_minutes, starts).flag("period_said", false),
        );
    }
    end_msg
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Arg;
    use chrono::TimeZone;

    fn num(m: &Msg, name: &str) -> i64 {
        match m.args.iter().find(|(n, _)| *n == name) {
            Some((_, Arg::Number(n))) => *n,
            other => panic!("{name} missing in {m:?}: {other:?}"),
        }
    }

    fn key(m: &Msg, name: &str) -> &'static str {
        match m.args.iter().find(|(n, _)| *n == name) {
            Some((_, Arg::Key(k))) => k,
            other => panic!("{name} missing in {m:?}: {other:?}"),
        }
    }

    fn inner<'m>(m: &'m Msg, name: &str) -> &'m Msg {
        match m.args.iter().find(|(n, _)| *n == name) {
            Some((_, Arg::Msg(inner))) => inner,
            other => panic!("{name} missing in {m:?}: {other:?}"),
        }
    }

    fn dhaka(d: u32, h: u32, m: u32) -> DateTime<Utc> {
        chrono_tz::Asia::Dhaka
            .with_ymd_and_hms(2022, 11, d, h, m, 0)
            .unwrap()
            .with_timezone(&Utc)
    }

    #[test]
    fn day_periods_switch_at_their_boundaries() {
        let expected = [
            (0, "night"),
            (3, "night"),
            (4, "dawn"),
            (5, "dawn"),
            (6, "morning"),
            (11, "morning"),
            (12, "noon"),
            (14, "noon"),
            (15, "afternoon"),
            (17, "afternoon"),
            (18, "evening"),
            (19, "evening"),
            (20, "night"),
            (23, "night"),
        ];
        for (hour, period) in expected {
            assert_eq!(day_period(hour, DAY_STARTS_AT), period, "{hour}");
        }
        // Kolkata's day begins at three, and so does its dawn.
        assert_eq!(day_period(2, 3), "night");
        assert_eq!(day_period(3, 3), "dawn");
    }

    #[test]
    fn from_the_small_hours_the_coming_morning_is_today() {
        let tz = chrono_tz::Asia::Dhaka;
        // At 2 am on the 2nd, 5 am is this morning; the next night's 1 am is not.
        let now = dhaka(2, 2, 0);
        assert_eq!(key(&time_msg(dhaka(2, 5, 0), now, tz), "today"), "yes");
        assert_eq!(key(&time_msg(dhaka(2, 3, 0), now, tz), "today"), "yes");
        assert_eq!(key(&time_msg(dhaka(3, 1, 0), now, tz), "today"), "no");
        assert_eq!(key(&time_msg(dhaka(3, 5, 0), now, tz), "today"), "no");
        // By day nothing changes: tomorrow's 5 am is tomorrow's.
        assert_eq!(
            key(&time_msg(dhaka(3, 5, 0), dhaka(2, 12, 0), tz), "today"),
            "no"
        );
        // By day, tonight's 2 am names its day and its night: «আজ দিবাগত রাত ২টা».
        let tonight = time_msg(dhaka(3, 2, 0), dhaka(2, 12, 0), tz);
        assert_eq!(
            (key(&tonight, "today"), key(&tonight, "late")),
            ("no", "yes")
        );
        assert_eq!(key(inner(&tonight, "day"), "when"), "today");
        // Last night's 2 am, seen by day, is as before: «গতকাল দিবাগত রাত ২টা».
        let last_night = time_msg(dhaka(2, 2, 0), dhaka(2, 12, 0), tz);
        assert_eq!(
            (key(&last_night, "today"), key(&last_night, "late")),
            ("no", "yes")
        );
        assert_eq!(key(inner(&last_night, "day"), "when"), "yesterday");
    }

    #[test]
    fn the_seed_time_in_dhaka_and_kolkata() {
        let at = dhaka(1, 12, 30);
        let clock = inner(&time_msg(at, at, chrono_tz::Asia::Dhaka), "clock").clone();
        assert_eq!(
            (
                key(&clock, "period"),
                num(&clock, "hour12"),
                num(&clock, "minute")
            ),
            ("noon", 12, 30)
        );
        let kolkata = inner(&time_msg(at, at, chrono_tz::Asia::Kolkata), "clock").clone();
        assert_eq!((num(&kolkata, "hour12"), num(&kolkata, "minute")), (12, 0));
        assert_eq!(num(&clock, "next_hour12"), 1, "for পৌনে");
    }

    #[test]
    fn small_hours_belong_to_the_night_before() {
        let one_am = dhaka(30, 1, 0);
        // Seen the morning after, at ten: the night just gone, «রাত ১টা», no day.
        let morning = time_msg(one_am, dhaka(30, 10, 0), chrono_tz::Asia::Dhaka);
        assert_eq!(key(&morning, "today"), "yes");
        assert_eq!(key(&morning, "late"), "no");
        // Seen that afternoon: it was last night, «গতকাল দিবাগত রাত ১টা».
        let seen = time_msg(one_am, dhaka(30, 13, 0), chrono_tz::Asia::Dhaka);
        assert_eq!(key(&seen, "today"), "no");
        assert_eq!(key(inner(&seen, "day"), "when"), "yesterday");
        assert_eq!(num(inner(&seen, "day"), "day"), 29, "the date of the night");
        assert_eq!(key(inner(&seen, "clock"), "late"), "yes");
        // Seen the same night at two: tonight, no day needed.
        let same_night = time_msg(one_am, dhaka(30, 2, 0), chrono_tz::Asia::Dhaka);
        assert_eq!(key(&same_night, "today"), "yes");
    }

    #[test]
    fn the_night_under_way_or_just_gone_is_said_with_no_day() {
        let dhaka_tz = chrono_tz::Asia::Dhaka;
        // At 00:46 an outage since yesterday afternoon ended just now: «গতকাল বিকেল
        // ৩টা থেকে রাত ১২টা ৪৬ মিনিট পর্যন্ত», not «আজ দিবাগত রাত ১২টা ৪৬ মিনিট».
        let now = dhaka(2, 0, 46);
        let end = span_end_msg(dhaka(1, 15, 0), now, now, dhaka_tz, false);
        assert_eq!((key(&end, "today"), key(&end, "late")), ("yes", "no"));
        // At 04:10, twenty minutes ago is «রাত ৩টা ৫০ মিনিট», not «গতকাল দিবাগত রাত».
        let since = time_msg(dhaka(2, 3, 50), dhaka(2, 4, 10), dhaka_tz);
        assert_eq!((key(&since, "today"), key(&since, "late")), ("yes", "no"));
        assert_eq!(key(inner(&since, "clock"), "period"), "night");
        // Across news days the end says its own day, even in the night under way: 34
        // hours must not read as ten.
        let end = span_end_msg(
            dhaka(1, 15, 0),
            dhaka(3, 0, 46),
            dhaka(3, 0, 50),
            dhaka_tz,
            false,
        );
        assert_eq!(key(&end, "today"), "no", "{end:?}");
        // From the small hours to late that evening is not one night.
        let long = span_end_msg(
            dhaka(1, 1, 0),
            dhaka(1, 23, 0),
            dhaka(2, 9, 0),
            dhaka_tz,
            false,
        );
        assert_eq!(key(&long, "today"), "no", "{long:?}");
        let morning = span_end_msg(
            dhaka(1, 1, 0),
            dhaka(1, 5, 0),
            dhaka(2, 9, 0),
            dhaka_tz,
            false,
        );
        assert_eq!(
            key(&morning, "today"),
            "yes",
            "into that morning is one night"
        );
        // Kolkata's day begins at three: 03:50 is dawn of its own date, named by it.
        let kolkata = Reading {
            zone: chrono_tz::Asia::Kolkata,
            day_starts_at: 3,
            dated: false,
        };
        let at = |d: u32, h: u32, m: u32| {
            chrono_tz::Asia::Kolkata
                .with_ymd_and_hms(2022, 11, d, h, m, 0)
                .unwrap()
                .with_timezone(&Utc)
        };
        let end = span_end_msg(at(6, 3, 50), at(9, 3, 51), at(9, 3, 51), kolkata, false);
        assert_eq!(key(&end, "today"), "no", "the end says «আজ»: {end:?}");
        assert_eq!(key(inner(&end, "day"), "when"), "today");
        assert_eq!(key(&end, "late"), "no");
        let start = span_start_msg(
            at(6, 3, 50),
            at(9, 3, 51),
            at(9, 3, 51),
            kolkata,
            (false, false),
        );
        assert_eq!(key(inner(&start, "day"), "when"), "weekday");
        assert_eq!(key(inner(&start, "day"), "weekday"), "sun", "6 Nov 2022");
        assert_eq!(key(&start, "late"), "no");
        // Before three, Kolkata's small hours still belong to the night before.
        let two_am = time_msg(at(6, 2, 0), at(6, 13, 0), kolkata);
        assert_eq!(key(inner(&two_am, "day"), "weekday"), "sat");
    }

    /// The Bengali review's M16, in the reviewer's form: am or pm once when both ends
    /// of a span share it and the date, and a start that names its day keeps its own.
    #[test]
    fn english_says_am_or_pm_once_when_both_ends_share_it() {
        let now = dhaka(10, 12, 0);
        let i18n = crate::i18n::I18n::for_tests(now);
        let zone = chrono_tz::Asia::Dhaka;
        let say = |start, end, announced| {
            let en = |msg: &Msg| i18n.render(crate::domain::Lang::EN, msg);
            format!(
                "from {} to {}",
                en(&span_start_msg(start, end, now, zone, (announced, false))),
                en(&span_end_msg(start, end, now, zone, announced))
            )
        };
        for (start, end, announced, said) in [
            (
                dhaka(11, 2, 0),
                dhaka(11, 5, 0),
                false,
                "from 2:00 to 5:00 am tomorrow",
            ),
            (
                dhaka(10, 6, 6),
                dhaka(10, 7, 7),
                false,
                "from 6:06 to 7:07 am",
            ),
            (
                dhaka(10, 11, 0),
                dhaka(10, 13, 0),
                false,
                "from 11:00 am to 1:00 pm",
            ),
            (
                dhaka(9, 23, 50),
                dhaka(10, 1, 20),
                false,
                "from 11:50 pm yesterday to 1:20 am today",
            ),
            (
                dhaka(10, 14, 0),
                dhaka(10, 17, 0),
                true,
                "from 2:00 to 5:00 pm today",
            ),
            (
                dhaka(11, 2, 0),
                dhaka(11, 5, 0),
                true,
                "from 2:00 to 5:00 am tomorrow",
            ),
        ] {
            assert_eq!(say(start, end, announced), said);
        }
    }

    #[test]
    fn days_are_named_as_news_writes_them() {
        let now = dhaka(10, 12, 0);
        let when = |d: u32, month: u32, year: i32| {
            let at = chrono_tz::Asia::Dhaka
                .with_ymd_and_hms(year, month, d, 12, 0, 0)
                .unwrap()
                .with_timezone(&Utc);
            key(
                inner(&time_msg(at, now, chrono_tz::Asia::Dhaka), "day"),
                "when",
            )
        };
        assert_eq!(when(9, 11, 2022), "yesterday");
        assert_eq!(when(11, 11, 2022), "tomorrow");
        assert_eq!(when(6, 11, 2022), "weekday");
        assert_eq!(when(2, 11, 2022), "date");
        assert_eq!(when(2, 11, 2021), "year");
    }

    #[test]
    fn a_span_names_the_day_once_or_both_days() {
        let now = dhaka(4, 18, 0);
        let same = span_end_msg(
            dhaka(4, 11, 6),
            dhaka(4, 13, 6),
            now,
            chrono_tz::Asia::Dhaka,
            false,
        );
        assert_eq!(key(&same, "today"), "yes", "one date for both ends");
        let across = span_end_msg(
            dhaka(1, 15, 1),
            dhaka(4, 15, 1),
            now,
            chrono_tz::Asia::Dhaka,
            false,
        );
        assert_eq!(key(&across, "today"), "no", "the end gets its own day");
        // Told at 3:02 am of an outage over then: that night's «আজ রাত ৩টা ২ মিনিট», not
        // «আজ দিবাগত রাত», which announces a night to come.
        let just_now = dhaka(4, 3, 2);
        let over = span_end_msg(
            dhaka(1, 21, 2),
            just_now,
            just_now,
            chrono_tz::Asia::Dhaka,
            false,
        );
        assert_eq!(key(&over, "today"), "no");
        assert_eq!(key(inner(&over, "day"), "when"), "today");
        assert_eq!(key(&over, "late"), "no", "no «দিবাগত» for a moment come");
        // Read the next morning, it is the night after the day before.
        let next_morning = span_end_msg(
            dhaka(1, 21, 2),
            just_now,
            dhaka(4, 9, 0),
            chrono_tz::Asia::Dhaka,
            false,
        );
        assert_eq!(key(&next_morning, "late"), "yes", "«গতকাল দিবাগত রাত»");
        // 23:50 to 01:10 is one news night: the end is «রাত ১টা ১০ মিনিট», the night
        // named once, by the start.
        let night = span_end_msg(
            dhaka(1, 23, 50),
            dhaka(2, 1, 10),
            now,
            chrono_tz::Asia::Dhaka,
            false,
        );
        assert_eq!(key(&night, "today"), "yes");
        assert_eq!(key(&night, "late"), "no");
        assert_eq!(
            key(&night, "calendar_today"),
            "no",
            "English names the new date"
        );
    }
}
