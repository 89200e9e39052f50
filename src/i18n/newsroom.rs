//! How long something lasted, said as a newsroom says it: exactly in a line of detail
//! («৭ ঘণ্টা ৩০ মিনিট»), rounded as an editor rounds in a headline («প্রায় সাড়ে সাত
//! ঘণ্টা পর»), and always from the same minutes the clock beside it shows.
//!
//! The arithmetic lives here; the words live in `locales/` (`duration-*`,
//! `number-words`).

use chrono::{DateTime, Duration, Utc};

use super::Msg;

/// The time between two clock readings as a reader sees them: each end cut to its
/// minute, as the clock says it. «৩টা ২৪ থেকে ৩টা ২৪ পর্যন্ত» is 24 hours, never
/// «২৩ ঘণ্টা ৫৯ মিনিট» for the seconds no clock shows.
pub fn between_clocks(start: DateTime<Utc>, end: DateTime<Utc>) -> Duration {
    let minute = |at: DateTime<Utc>| at.timestamp().div_euclid(60);
    Duration::minutes((minute(end) - minute(start)).max(0))
}

/// Whether a duration is too short to say (the `short` flag of a message that gives
/// one): under a minute "0 seconds" or "from 9:24 to 9:24" would say nothing, and the
/// message says «এইমাত্র», "just now" or "less than a minute" instead.
pub fn is_short(d: Duration) -> bool {
    d < Duration::minutes(1)
}

/// An exact duration, as a line of detail says it: under 48 hours in hours and minutes
/// («২৪ ঘণ্টা ৫৫ মিনিট»), from two days in days, hours and minutes («২ দিন ২৩ ঘণ্টা ৪০
/// মিনিট»: the bracket agrees with the clocks beside it), under a minute in seconds.
/// Parts that are zero are left out.
pub fn exact_msg(d: Duration) -> Msg {
    let secs = d.num_seconds().max(0);
    if secs < 60 {
        return Msg::new("duration-seconds").num("count", secs);
    }
    let (hours, minutes) = (secs / 3_600, secs % 3_600 / 60);
    let (days, hours) = if hours >= 48 {
        (hours / 24, hours % 24)
    } else {
        (0, hours)
    };
    let unit = |id, count| (count > 0).then(|| Msg::new(id).num("count", count));
    [
        unit("duration-days", days),
        unit("duration-hours", hours),
        unit("duration-minutes", minutes),
    ]
    .into_iter()
    .flatten()
    .rev()
    .reduce(|second, first| {
        Msg::new("duration-pair")
            .msg("first", first)
            .msg("second", second)
    })
    .unwrap_or_else(|| Msg::new("duration-minutes").num("count", 0))
}

/// The unit a headline counts in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    Minutes,
    Hours,
    Days,
}

impl Unit {
    pub const ALL: [Unit; 3] = [Unit::Minutes, Unit::Hours, Unit::Days];

    pub fn key(self) -> &'static str {
        match self {
            Unit::Minutes => "minutes",
            Unit::Hours => "hours",
            Unit::Days => "days",
        }
    }

    fn minutes(self) -> i64 {
        match self {
            Unit::Minutes => 1,
            Unit::Hours => 60,
            Unit::Days => 24 * 60,
        }
    }
}

/// What a headline adds to the whole units: সোয়া, সাড়ে (দেড়, আড়াই, আধ), পৌনে.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fraction {
    None,
    Quarter,
    Half,
    /// Said from the next whole: «পৌনে দুই ঘণ্টা» is one and three quarters.
    ThreeQuarters,
}

impl Fraction {
    pub const ALL: [Fraction; 4] = [
        Fraction::None,
        Fraction::Quarter,
        Fraction::Half,
        Fraction::ThreeQuarters,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Fraction::None => "none",
            Fraction::Quarter => "quarter",
            Fraction::Half => "half",
            Fraction::ThreeQuarters => "three-quarters",
        }
    }
}

/// A duration as an editor writes it in a headline.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rounded {
    /// Rounded, so said with «প্রায়» / "about"; never for an exact figure.
    pub about: bool,
    /// Days rounded down by an hour or more: «এক দিনেরও বেশি সময়», "more than a day"
    /// (both proxies' third read: «প্রায় এক দিন» for 25 hours reads as "nearly").
    pub over: bool,
    pub unit: Unit,
    pub whole: i64,
    pub fraction: Fraction,
}

/// Where quarter hours stop and half hours take over («প্রায় সাড়ে সাত ঘণ্টা», not
/// «সোয়া সাত»): a little past six hours, so six hours and a few minutes still rounds
/// to six.
const QUARTERS_UP_TO: i64 = 6 * 60 + 7;

/// Rounds `minutes` as a newsroom does: exact minutes under the hour, but «আধ ঘণ্টা»
/// for a few minutes either side of thirty; from there the nearest quarter hour up to six
/// hours, the nearest half hour up to a day, and the half day beyond — or the whole hour,
/// when it is about as near as those (a minute farther at most: «প্রায় দুই ঘণ্টা» for
/// 112, as the seed story says, but «প্রায় সোয়া তিন ঘণ্টা» for 3 h 20, not «সাড়ে তিন»,
/// which a reader checks against the exact figure beside it).
pub fn round_like_an_editor(minutes: i64) -> Rounded {
    let minutes = minutes.max(0);
    let of = |unit: Unit, step: i64| {
        // Nearest multiple of `step` minutes, halves rounding up.
        let rounded = (minutes + step / 2) / step * step;
        let whole = rounded / unit.minutes();
        let quarters = rounded % unit.minutes() * 4 / unit.minutes();
        Rounded {
            about: rounded != minutes,
            over: unit == Unit::Days && minutes - rounded >= 60,
            unit,
            whole,
            fraction: Fraction::ALL[quarters as usize],
        }
    };
    let off = |step: i64| (minutes % step).min(step - minutes % step);
    let step = if minutes <= QUARTERS_UP_TO { 15 } else { 30 };
    let rounded = match minutes {
        // Under the hour a headline gives the minutes («৫০ মিনিট পর»): «প্রায় এক ঘণ্টা»
        // for fifty reads long beside the exact figure.
        0..=26 | 34..=59 => of(Unit::Minutes, 1),
        27..=33 => of(Unit::Hours, 30),
        _ if off(60) <= off(step) + 1 => of(Unit::Hours, 60),
        _ => of(Unit::Hours, step),
    };
    if rounded.unit == Unit::Hours && rounded.whole >= 24 {
        // The whole day when it is about as near as the half («প্রায় ছয় দিন» for six
        // days and six hours, not «সাড়ে ছয়», which overstates it).
        let day = 24 * 60;
        return if off(day) <= off(day / 2) + 1 {
            of(Unit::Days, day)
        } else {
            of(Unit::Days, day / 2)
        };
    }
    rounded
}

/// A duration as a headline says it: «এক মিনিটেরও কম», «আধ ঘণ্টা», «প্রায় পৌনে দুই
/// ঘণ্টা», "about seven and a half hours". One to nine in words, 10 up in digits.
pub fn headline_msg(d: Duration) -> Msg {
    if d < Duration::minutes(1) {
        return Msg::new("duration-within-a-minute");
    }
    let rounded = round_like_an_editor(d.num_minutes());
    let words = |count: i64| Msg::new("number-words").num("count", count);
    Msg::new("duration-headline")
        .flag("about", rounded.about)
        .flag("over", rounded.over)
        .key("unit", rounded.unit.key())
        .key("fraction", rounded.fraction.key())
        .num("whole", rounded.whole)
        .msg("whole_words", words(rounded.whole))
        .msg("next_words", words(rounded.whole + 1))
}

#[cfg(test)]
mod tests {

    use chrono::TimeZone;

    use super::*;
    use crate::domain::Lang;
    use crate::i18n::I18n;

    fn i18n() -> I18n {
        I18n::for_tests(Utc.with_ymd_and_hms(2022, 10, 25, 6, 0, 0).unwrap())
    }

    fn headline(i18n: &I18n, lang: Lang, minutes: i64) -> String {
        i18n.render(lang, &headline_msg(Duration::minutes(minutes)))
    }

    #[test]
    fn the_clock_shows_whole_minutes_and_so_does_the_duration_beside_it() {
        let at = |h, m, s| Utc.with_ymd_and_hms(2022, 10, 25, h, m, s).unwrap();
        // 15:24:40 to 15:24:10 the next day: the clocks say 15:24 and 15:24.
        let next_day = at(15, 24, 10) + Duration::days(1);
        assert_eq!(
            between_clocks(at(15, 24, 40), next_day),
            Duration::hours(24)
        );
        assert_eq!(
            between_clocks(at(9, 51, 59), at(10, 51, 0)),
            Duration::minutes(60)
        );
        assert_eq!(between_clocks(at(9, 0, 1), at(9, 0, 59)), Duration::zero());
        assert_eq!(between_clocks(at(9, 1, 0), at(9, 0, 0)), Duration::zero());
    }

    /// The editor's figures, by hand, in all three languages: what a headline says
    /// after so many minutes (the review's cases among them).
    #[test]
    fn headlines_say_what_an_editor_writes() {
        let i18n = i18n();
        let table: &[(i64, &str, &str, &str)] = &[
            (1, "এক মিনিট", "এক মিনিট", "a minute"),
            (5, "পাঁচ মিনিট", "পাঁচ মিনিট", "five minutes"),
            (9, "নয় মিনিট", "নয় মিনিট", "nine minutes"),
            (14, "১৪ মিনিট", "১৪ মিনিট", "14 minutes"),
            (25, "২৫ মিনিট", "২৫ মিনিট", "25 minutes"),
            (28, "প্রায় আধা ঘণ্টা", "প্রায় আধ ঘণ্টা", "about half an hour"),
            (35, "৩৫ মিনিট", "৩৫ মিনিট", "35 minutes"),
            (30, "আধা ঘণ্টা", "আধ ঘণ্টা", "half an hour"),
            (47, "৪৭ মিনিট", "৪৭ মিনিট", "47 minutes"),
            (50, "৫০ মিনিট", "৫০ মিনিট", "50 minutes"),
            (59, "৫৯ মিনিট", "৫৯ মিনিট", "59 minutes"),
            (60, "এক ঘণ্টা", "এক ঘণ্টা", "an hour"),
            (
                71,
                "প্রায় সোয়া এক ঘণ্টা",
                "প্রায় সোয়া এক ঘণ্টা",
                "about an hour and a quarter",
            ),
            (75, "সোয়া এক ঘণ্টা", "সোয়া এক ঘণ্টা", "an hour and a quarter"),
            (90, "দেড় ঘণ্টা", "দেড় ঘণ্টা", "an hour and a half"),
            (
                105,
                "পৌনে দুই ঘণ্টা",
                "পৌনে দু’ঘণ্টা",
                "an hour and three quarters",
            ),
            (112, "প্রায় দুই ঘণ্টা", "প্রায় দু’ঘণ্টা", "about two hours"),
            (
                131,
                "প্রায় সোয়া দুই ঘণ্টা",
                "প্রায় সোয়া দু’ঘণ্টা",
                "about two and a quarter hours",
            ),
            (150, "আড়াই ঘণ্টা", "আড়াই ঘণ্টা", "two and a half hours"),
            (
                155,
                "প্রায় আড়াই ঘণ্টা",
                "প্রায় আড়াই ঘণ্টা",
                "about two and a half hours",
            ),
            (
                160,
                "প্রায় পৌনে তিন ঘণ্টা",
                "প্রায় পৌনে তিন ঘণ্টা",
                "about two and three-quarter hours",
            ),
            (
                164,
                "প্রায় পৌনে তিন ঘণ্টা",
                "প্রায় পৌনে তিন ঘণ্টা",
                "about two and three-quarter hours",
            ),
            (210, "সাড়ে তিন ঘণ্টা", "সাড়ে তিন ঘণ্টা", "three and a half hours"),
            (
                200,
                "প্রায় সোয়া তিন ঘণ্টা",
                "প্রায় সোয়া তিন ঘণ্টা",
                "about three and a quarter hours",
            ),
            (
                279,
                "প্রায় পৌনে পাঁচ ঘণ্টা",
                "প্রায় পৌনে পাঁচ ঘণ্টা",
                "about four and three-quarter hours",
            ),
            (
                100,
                "প্রায় পৌনে দুই ঘণ্টা",
                "প্রায় পৌনে দু’ঘণ্টা",
                "about an hour and three quarters",
            ),
            (
                400,
                "প্রায় সাড়ে ছয় ঘণ্টা",
                "প্রায় সাড়ে ছয় ঘণ্টা",
                "about six and a half hours",
            ),
            (
                449,
                "প্রায় সাড়ে সাত ঘণ্টা",
                "প্রায় সাড়ে সাত ঘণ্টা",
                "about seven and a half hours",
            ),
            (600, "১০ ঘণ্টা", "১০ ঘণ্টা", "10 hours"),
            (
                635,
                "প্রায় সাড়ে ১০ ঘণ্টা",
                "প্রায় সাড়ে ১০ ঘণ্টা",
                "about 10 and a half hours",
            ),
            (1439, "প্রায় এক দিন", "প্রায় এক দিন", "about a day"),
            (
                1500,
                "এক দিনেরও বেশি সময়",
                "এক দিনেরও বেশি সময়",
                "more than a day",
            ),
            (2000, "প্রায় দেড় দিন", "প্রায় দেড় দিন", "about a day and a half"),
            (2880, "দুই দিন", "দু’দিন", "two days"),
            (
                3 * 1440 + 700,
                "প্রায় সাড়ে তিন দিন",
                "প্রায় সাড়ে তিন দিন",
                "about three and a half days",
            ),
            (
                9000,
                "ছয় দিনেরও বেশি সময়",
                "ছয় দিনেরও বেশি সময়",
                "more than six days",
            ),
            (10_000, "প্রায় সাত দিন", "প্রায় সাত দিন", "about seven days"),
        ];
        for &(minutes, bd, india, en) in table {
            assert_eq!(headline(&i18n, Lang::BN_BD, minutes), bd, "{minutes} min");
            assert_eq!(
                headline(&i18n, Lang::BN_IN, minutes),
                india,
                "{minutes} min"
            );
            assert_eq!(headline(&i18n, Lang::EN, minutes), en, "{minutes} min");
        }
    }

    /// Reads a rendered headline duration back into minutes, independently of how it
    /// was built: whether it said «প্রায়»/"about", and the figure it names.
    fn read_back(text: &str) -> (bool, f64) {
        let (about, rest) = match text
            .strip_prefix("প্রায় ")
            .or_else(|| text.strip_prefix("about "))
            .or_else(|| text.strip_prefix("more than "))
            .or_else(|| text.strip_suffix("েরও বেশি সময়"))
        {
            Some(rest) => (true, rest),
            None => (false, text),
        };
        let number = |word: &str| -> Option<f64> {
            let words = [
                ("এক", 1.0),
                ("দুই", 2.0),
                ("দু", 2.0),
                ("তিন", 3.0),
                ("চার", 4.0),
                ("পাঁচ", 5.0),
                ("ছয়", 6.0),
                ("সাত", 7.0),
                ("আট", 8.0),
                ("নয়", 9.0),
                ("a", 1.0),
                ("an", 1.0),
                ("one", 1.0),
                ("two", 2.0),
                ("three", 3.0),
                ("four", 4.0),
                ("five", 5.0),
                ("six", 6.0),
                ("seven", 7.0),
                ("eight", 8.0),
                ("nine", 9.0),
            ];
            if let Some((_, n)) = words.iter().find(|(w, _)| *w == word) {
                return Some(*n);
            }
            let digits: String = word
                .chars()
                .map(|c| match c {
                    '০'..='৯' => char::from(b'0' + (c as u32 - '০' as u32) as u8),
                    c => c,
                })
                .collect();
            let n: f64 = digits.parse().ok()?;
            // One to nine are written in words, 10 up in digits.
            assert!(n >= 10.0, "{text}: {word} in digits");
            Some(n)
        };
        let unit = |word: &str| match word.trim_end_matches('s') {
            "মিনিট" | "minute" => 1.0,
            "ঘণ্টা" | "hour" => 60.0,
            "দিন" | "day" => 1440.0,
            other => panic!("{text}: no unit in {other:?}"),
        };
        // West Bengal joins two to its unit: «দু’ঘণ্টা».
        let rest = rest.replace("দু’", "দু ");
        let words: Vec<&str> = rest.split(' ').collect();
        let figure = match words.as_slice() {
            // Bengali: [fraction] number unit, or a fraction word that is a number.
            ["আধ" | "আধা", u] => 0.5 * unit(u),
            ["দেড়", u] => 1.5 * unit(u),
            ["আড়াই", u] => 2.5 * unit(u),
            ["সোয়া", n, u] => (number(n).unwrap() + 0.25) * unit(u),
            ["সাড়ে", n, u] => (number(n).unwrap() + 0.5) * unit(u),
            ["পৌনে", n, u] => (number(n).unwrap() - 0.25) * unit(u),
            // English.
            ["half", "an", u] => 0.5 * unit(u),
            [n, u, "and", "a", "quarter"] => (number(n).unwrap() + 0.25) * unit(u),
            [n, u, "and", "a", "half"] => (number(n).unwrap() + 0.5) * unit(u),
            [n, u, "and", "three", "quarters"] => (number(n).unwrap() + 0.75) * unit(u),
            [n, "and", "a", "quarter", u] => (number(n).unwrap() + 0.25) * unit(u),
            [n, "and", "a", "half", u] => (number(n).unwrap() + 0.5) * unit(u),
            [n, "and", "three-quarter", u] => (number(n).unwrap() + 0.75) * unit(u),
            [n, u] => number(n).unwrap_or_else(|| panic!("{text}: {n}")) * unit(u),
            _ => panic!("cannot read {text:?}"),
        };
        (about, figure)
    }

    /// Every duration from one minute to 10,000, in every language: the figure read
    /// back is within an editor's rounding of the truth (exact under the hour but for
    /// «আধ ঘণ্টা», eight minutes to six hours, a half hour's half to a day, a half day's
    /// half beyond), «প্রায়» exactly when it is not exact, one to nine in
    /// words, and a longer outage never reads shorter.
    #[test]
    fn every_duration_to_ten_thousand_minutes_reads_back_within_an_editors_rounding() {
        let i18n = i18n();
        for lang in [Lang::BN_BD, Lang::BN_IN, Lang::EN] {
            let mut before = 0.0;
            for minutes in 1..=10_000 {
                let text = headline(&i18n, lang, minutes);
                let (about, figure) = read_back(&text);
                let allowed = match minutes {
                    ..=59 => 3.0,
                    60..=QUARTERS_UP_TO => 8.0,
                    _ if minutes < 1425 => 15.0,
                    _ => 360.0,
                };
                let off = (figure - minutes as f64).abs();
                assert!(
                    off <= allowed,
                    "{lang} {minutes} min: {text:?} is {off} off"
                );
                assert_eq!(about, off > 0.0, "{lang} {minutes} min: {text:?}");
                assert!(
                    figure >= before,
                    "{lang} {minutes} min: {text:?} reads shorter"
                );
                before = figure;
            }
        }
    }

    #[test]
    fn exact_durations_under_two_days_are_hours_and_minutes() {
        let count = |m: &Msg, name: &str| match m.args.iter().find(|(n, _)| *n == name) {
            Some((_, crate::i18n::Arg::Msg(inner))) => match inner.args.first() {
                Some((_, crate::i18n::Arg::Number(n))) => *n,
                other => panic!("{other:?}"),
            },
            other => panic!("{name} missing: {other:?}"),
        };
        let id = |m: i64| exact_msg(Duration::minutes(m)).id;
        assert_eq!(id(0), "duration-seconds");
        assert_eq!(id(45), "duration-minutes");
        assert_eq!(id(112), "duration-pair");
        assert_eq!(id(120), "duration-hours");
        let d = exact_msg(Duration::minutes(24 * 60 + 55));
        assert_eq!(count(&d, "first"), 24, "24 hours 55 minutes, not one day");
        assert_eq!(count(&d, "second"), 55);
        let days = exact_msg(Duration::minutes(3 * 24 * 60 + 80));
        assert_eq!(count(&days, "first"), 3);
        let i18n = i18n();
        assert_eq!(i18n.render(Lang::BN_BD, &days), "৩ দিন ১ ঘণ্টা ২০ মিনিট");
        assert_eq!(
            i18n.render(
                Lang::EN,
                &exact_msg(Duration::minutes(2 * 24 * 60 + 23 * 60 + 40))
            ),
            "2 days 23 hours 40 minutes"
        );
        assert_eq!(
            i18n.render(Lang::EN, &exact_msg(Duration::minutes(2 * 24 * 60 + 20))),
            "2 days 20 minutes"
        );
    }
}
