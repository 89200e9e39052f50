//! Times and durations broken into the parts locales render: day period, hour, minute,
//! date; days, hours, minutes. The words live in `locales/`; the arithmetic lives here.

use chrono::{DateTime, Datelike, Duration, Timelike, Utc};
use chrono_tz::Tz;

use super::Msg;

/// The part of the day Bengali notices name before the hour (ভোর, সকাল, দুপুর, …).
pub fn day_period(hour: u32) -> &'static str {
    match hour {
        4..=5 => "dawn",
        6..=11 => "morning",
        12..=15 => "noon",
        16..=17 => "afternoon",
        18..=19 => "evening",
        _ => "night",
    }
}

/// `at` as a wall-clock time in `tz`; the date is added when it is not `now`'s date there,
/// and the year when it is not `now`'s year.
pub fn time_msg(at: DateTime<Utc>, now: DateTime<Utc>, tz: Tz) -> Msg {
    let local = at.with_timezone(&tz);
    let today = now.with_timezone(&tz);
    let hour = local.hour();
    let clock = Msg::new("time-clock")
        .key("period", day_period(hour))
        .key("ampm", if hour < 12 { "am" } else { "pm" })
        .num(
            "hour12",
            if hour.is_multiple_of(12) {
                12
            } else {
                hour % 12
            },
        )
        .num("hour24", hour)
        .num("minute", local.minute());
    if local.date_naive() == today.date_naive() {
        return clock;
    }
    let dated = Msg::new(if local.year() == today.year() {
        "time-with-date"
    } else {
        "time-with-year"
    });
    dated
        .num("day", local.day())
        .num("month", local.month())
        .num("year", local.year())
        .msg("clock", clock)
}

/// An exact duration in its two largest units: "1 h 52 min", "2 days 3 h", "45 min".
pub fn duration_msg(d: Duration) -> Msg {
    let secs = d.num_seconds().max(0);
    if secs < 60 {
        return Msg::new("duration-seconds").num("count", secs);
    }
    let (days, hours, minutes) = (secs / 86_400, secs % 86_400 / 3_600, secs % 3_600 / 60);
    let unit = |id, count| Msg::new(id).num("count", count);
    let (first, second) = if days > 0 {
        (
            unit("duration-days", days),
            (hours > 0).then(|| unit("duration-hours", hours)),
        )
    } else if hours > 0 {
        (
            unit("duration-hours", hours),
            (minutes > 0).then(|| unit("duration-minutes", minutes)),
        )
    } else {
        (unit("duration-minutes", minutes), None)
    };
    match second {
        Some(second) => Msg::new("duration-pair")
            .msg("first", first)
            .msg("second", second),
        None => first,
    }
}

/// A duration as news reports say it: "about 2 hours" when within ten minutes of a
/// whole number of hours (but not exactly on it), else exact.
pub fn rounded_duration_msg(d: Duration) -> Msg {
    let minutes = d.num_minutes().max(0);
    let nearest_hours = (minutes + 30) / 60;
    let off_by = (minutes - nearest_hours * 60).abs();
    if (1..=48).contains(&nearest_hours) && (1..=10).contains(&off_by) {
        Msg::new("duration-about-hours").num("count", nearest_hours)
    } else {
        duration_msg(d)
    }
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
            (15, "noon"),
            (16, "afternoon"),
            (17, "afternoon"),
            (18, "evening"),
            (19, "evening"),
            (20, "night"),
            (23, "night"),
        ];
        for (hour, period) in expected {
            assert_eq!(day_period(hour), period, "{hour}");
        }
    }

    #[test]
    fn the_seed_time_in_dhaka_and_kolkata() {
        let at = Utc.with_ymd_and_hms(2022, 11, 1, 6, 30, 0).unwrap();
        let dhaka = time_msg(at, at, chrono_tz::Asia::Dhaka);
        assert_eq!(
            (
                key(&dhaka, "period"),
                num(&dhaka, "hour12"),
                num(&dhaka, "minute")
            ),
            ("noon", 12, 30)
        );
        let kolkata = time_msg(at, at, chrono_tz::Asia::Kolkata);
        assert_eq!(
            (
                key(&kolkata, "period"),
                num(&kolkata, "hour12"),
                num(&kolkata, "minute")
            ),
            ("noon", 12, 0)
        );
        assert_eq!(key(&kolkata, "ampm"), "pm");
    }

    #[test]
    fn midnight_is_twelve_at_night_and_dates_appear_when_not_today() {
        let midnight = Utc.with_ymd_and_hms(2022, 10, 31, 18, 0, 0).unwrap(); // 00:00 in Dhaka
        let same_night = time_msg(
            midnight,
            midnight + Duration::hours(1),
            chrono_tz::Asia::Dhaka,
        );
        assert_eq!(
            (
                same_night.id,
                key(&same_night, "period"),
                num(&same_night, "hour12")
            ),
            ("time-clock", "night", 12)
        );
        let later = time_msg(
            midnight,
            midnight + Duration::days(1),
            chrono_tz::Asia::Dhaka,
        );
        assert_eq!(
            (later.id, num(&later, "day"), num(&later, "month")),
            ("time-with-date", 1, 11)
        );
        let next_year = time_msg(
            midnight,
            midnight + Duration::days(400),
            chrono_tz::Asia::Dhaka,
        );
        assert_eq!(
            (next_year.id, num(&next_year, "year")),
            ("time-with-year", 2022)
        );
    }

    #[test]
    fn durations_use_their_two_largest_units() {
        type Case = (i64, &'static str, &'static [(&'static str, i64)]);
        let cases: [Case; 7] = [
            (0, "duration-seconds", &[("count", 0)]),
            (59, "duration-seconds", &[("count", 59)]),
            (60, "duration-minutes", &[("count", 1)]),
            (112 * 60, "duration-pair", &[]),
            (2 * 3600, "duration-hours", &[("count", 2)]),
            (26 * 3600, "duration-pair", &[]),
            (3 * 86_400 + 59, "duration-days", &[("count", 3)]),
        ];
        for (secs, id, args) in cases {
            let m = duration_msg(Duration::seconds(secs));
            assert_eq!(m.id, id, "{secs}s");
            for (name, value) in args {
                assert_eq!(num(&m, name), *value, "{secs}s");
            }
        }
    }

    #[test]
    fn rounding_says_about_only_near_a_whole_hour() {
        assert_eq!(
            rounded_duration_msg(Duration::minutes(112)).id,
            "duration-about-hours"
        );
        assert_eq!(
            num(&rounded_duration_msg(Duration::minutes(112)), "count"),
            2
        );
        assert_eq!(
            rounded_duration_msg(Duration::minutes(120)).id,
            "duration-hours"
        );
        assert_eq!(
            rounded_duration_msg(Duration::minutes(95)).id,
            "duration-pair"
        );
        assert_eq!(
            rounded_duration_msg(Duration::minutes(45)).id,
            "duration-minutes"
        );
    }
}
