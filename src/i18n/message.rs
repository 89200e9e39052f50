//! `Msg`: a message id with its arguments, independent of language until it is rendered.
//!
//! The core answers in `Msg`s; each adapter renders them in the reader's language, so one
//! broadcast event becomes one text per language and nothing user-visible is built in Rust.

use chrono::{DateTime, Duration, Utc};

use super::newsroom::between_clocks;
use crate::domain::{Lang, LocalizedText, ServiceId};

/// A Fluent message id and its arguments.
#[derive(Clone, Debug, PartialEq)]
pub struct Msg {
    pub id: &'static str,
    pub args: Vec<(&'static str, Arg)>,
}

/// An argument, rendered in the reader's language when the message is.
#[derive(Clone, Debug, PartialEq)]
pub enum Arg {
    /// A count: native digits, grouping and plural selection in the reader's language.
    Number(i64),
    /// A figure with a fraction (99.95), in the reader's digits; the message says how
    /// many fraction digits it shows (`NUMBER($x, maximumFractionDigits: 2)`).
    Decimal(f64),
    /// A selector key for the message (`major`, `identified`); never shown as such.
    Key(&'static str),
    /// Text as someone typed it, shown literally.
    Text(String),
    /// Another message, rendered in the same language.
    Msg(Box<Msg>),
    /// A service's display name in the reader's language; also `<name>_gen` and
    /// `<name>_loc`, its genitive and locative forms where the language inflects.
    Service(ServiceId),
    /// A wall-clock time in the reader's time zone, with its day when not today's.
    Time(DateTime<Utc>),
    /// The start of a span that ends at `end`: a time, said so the two read together
    /// (in minutes when «পৌনে» would stand beside minutes; `clock_text::span_in_minutes`).
    SpanStart {
        start: DateTime<Utc>,
        end: DateTime<Utc>,
    },
    /// The start of a span an announcement names: like `SpanStart`, with its day said
    /// even when it is today's («আজ দুপুর ১২টা থেকে», "from 12:00 pm today").
    AnnouncedStart {
        start: DateTime<Utc>,
        end: DateTime<Utc>,
    },
    /// The first of two moments told together, the second `end` (a `SpanEnd`): «দুপুর
    /// ১টা ৩৫ মিনিট থেকে বিভ্রাট, ১টা ৫৫ মিনিট থেকে পুরোপুরি বন্ধ», where English keeps
    /// each one's am or pm ("since 6:47 am, down since 7:07 am").
    PairedStart {
        start: DateTime<Utc>,
        end: DateTime<Utc>,
    },
    /// The end of a span that began at `start`: the clock alone when both fall on the
    /// same day (the start names it), else with its own day.
    SpanEnd {
        start: DateTime<Utc>,
        end: DateTime<Utc>,
    },
    /// The end of a span an announcement names: like `SpanEnd`, but where English names
    /// the day once, at the end, even today's ("from 2:00 to 5:00 pm today").
    AnnouncedEnd {
        start: DateTime<Utc>,
        end: DateTime<Utc>,
    },
    /// A large count as prose says it: «প্রায় ১১ হাজার», "about 11,000".
    Count(i64),
    /// An exact duration, in its two largest units.
    Duration(Duration),
    /// A duration as a headline says it: "about two hours", «প্রায় দেড় ঘণ্টা».
    RoundedDuration(Duration),
    /// A language's name in its own script.
    LangName(Lang),
    /// Admin free text: the part in the reader's language, else the first part.
    Localized(LocalizedText),
    /// The place whose clock the reader's times are in («Dhaka» for Asia/Dhaka), for a
    /// language that names it ("12:30 pm Dhaka time").
    ZoneName,
}

impl Arg {
    /// How long it was from `start` to `end` as their clocks show them (whole minutes),
    /// so the figure in brackets agrees with the times beside it.
    pub fn between(start: DateTime<Utc>, end: DateTime<Utc>) -> Arg {
        Arg::Duration(between_clocks(start, end))
    }

    /// `between`, rounded as a headline says it.
    pub fn rounded_between(start: DateTime<Utc>, end: DateTime<Utc>) -> Arg {
        Arg::RoundedDuration(between_clocks(start, end))
    }
}

impl Arg {
    /// A count as prose says it where a language spells out one to nine («number-words»:
    /// "three"), else `otherwise` (its digits, or «প্রায় ১১ হাজার»).
    pub fn in_words(count: u32, otherwise: Arg) -> Arg {
        match count {
            1..=9 => Arg::Msg(Box::new(
                Msg::new("number-words").num("count", i64::from(count)),
            )),
            _ => otherwise,
        }
    }
}

impl Msg {
    pub fn new(id: &'static str) -> Msg {
        Msg {
            id,
            args: Vec::new(),
        }
    }

    /// Sets an argument (a second value for the same name replaces the first).
    pub fn arg(mut self, name: &'static str, value: Arg) -> Msg {
        match self.args.iter_mut().find(|(n, _)| *n == name) {
            Some(slot) => slot.1 = value,
            None => self.args.push((name, value)),
        }
        self
    }

    pub fn num(self, name: &'static str, value: impl TryInto<i64>) -> Msg {
        self.arg(name, Arg::Number(value.try_into().unwrap_or(i64::MAX)))
    }

    pub fn text(self, name: &'static str, value: impl Into<String>) -> Msg {
        self.arg(name, Arg::Text(value.into()))
    }

    pub fn key(self, name: &'static str, value: &'static str) -> Msg {
        self.arg(name, Arg::Key(value))
    }

    /// A yes-or-no selector: `yes` or `no`, the two variants such a message has.
    pub fn flag(self, name: &'static str, value: bool) -> Msg {
        self.key(name, if value { "yes" } else { "no" })
    }

    pub fn service(self, name: &'static str, value: &ServiceId) -> Msg {
        self.arg(name, Arg::Service(value.clone()))
    }

    pub fn msg(self, name: &'static str, value: Msg) -> Msg {
        self.arg(name, Arg::Msg(Box::new(value)))
    }

    /// A span of time as messages about it say it: `start`, `end` (naming its day only
    /// when it differs from the start's), `until` (the end alone) and `lasting`.
    pub fn span(self, start: DateTime<Utc>, end: DateTime<Utc>) -> Msg {
        self.arg("start", Arg::SpanStart { start, end })
            .arg("end", Arg::SpanEnd { start, end })
            .arg("until", Arg::Time(end))
            .arg("lasting", Arg::between(start, end))
    }
}
