//! The grammars of the richer commands' arguments, beside `command.rs` and pure like it:
//! `/maintenance`, `/update`, `/quiet` and `/only` are read here, on plain strings, and
//! their handlers only apply what was read (the `/settings` buttons' data is in
//! `button_press.rs`). Each word has
//! one meaning: «বন্ধ» is "off" (`/quiet বন্ধ`), «বিভ্রাট» / «বিঘ্ন» is "outages" (`/only বিভ্রাট`).

use crate::domain::digits::ascii_digits;
use crate::domain::{Phase, QuietHours};

/// What `/maintenance …` asks for. The day, time and length stay words: they are read
/// against the clock and the deployment's zone by the domain (`parse_start`,
/// `parse_length`), which say what is wrong with each.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MaintenanceArgs<'a> {
    /// `/maintenance` or `/maintenance list`.
    List,
    /// `/maintenance cancel 12`.
    Cancel(u64),
    /// `/maintenance done 12`.
    Done(u64),
    /// `/maintenance extend 12 1h`.
    Extend { id: u64, by: &'a str },
    /// `/maintenance bkash tomorrow 02:00 3h [text]`.
    Plan {
        service: &'a str,
        day: &'a str,
        time: &'a str,
        length: &'a str,
        text: &'a str,
    },
}

/// The arguments do not follow the command's usage.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Usage;

/// The first word and the rest, trimmed.
fn next_word(text: &str) -> Option<(&str, &str)> {
    let text = text.trim_start();
    if text.is_empty() {
        return None;
    }
    Some(match text.split_once(char::is_whitespace) {
        Some((word, rest)) => (word, rest.trim_start()),
        None => (text, ""),
    })
}

/// A window id as typed (`12`, `#12`, «১২»).
fn window_id(typed: Option<&str>) -> Result<u64, Usage> {
    typed
        .map(|t| ascii_digits(t.trim_start_matches('#')))
        .and_then(|t| t.parse().ok())
        .ok_or(Usage)
}

impl<'a> MaintenanceArgs<'a> {
    /// The verbs `list`, `cancel`, `done` and `extend` come first; anything else is a
    /// service to plan for.
    pub fn parse(args: Option<&'a str>) -> Result<MaintenanceArgs<'a>, Usage> {
        let Some((first, rest)) = args.and_then(next_word) else {
            return Ok(MaintenanceArgs::List);
        };
        let (id, more) = match next_word(rest) {
            Some((id, more)) => (Some(id), more),
            None => (None, ""),
        };
        match first.to_lowercase().as_str() {
            "list" if rest.is_empty() => Ok(MaintenanceArgs::List),
            "cancel" | "done" if !more.is_empty() => Err(Usage),
            "cancel" => Ok(MaintenanceArgs::Cancel(window_id(id)?)),
            "done" => Ok(MaintenanceArgs::Done(window_id(id)?)),
            "extend" if more.is_empty() => Err(Usage),
            "extend" => Ok(MaintenanceArgs::Extend {
                id: window_id(id)?,
                by: more,
            }),
            _ => {
                let (day, rest) = next_word(rest).ok_or(Usage)?;
                let (time, rest) = next_word(rest).ok_or(Usage)?;
                let (length, text) = next_word(rest).ok_or(Usage)?;
                Ok(MaintenanceArgs::Plan {
                    service: first,
                    day,
                    time,
                    length,
                    text,
                })
            }
        }
    }
}

/// What `/update <service> …` says after the service: a phase to move to, words, or
/// both (`monitoring Payments recover`, «নজরদারি লেনদেন ফিরছে»).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct UpdateArgs<'a> {
    pub phase: Option<Phase>,
    pub text: &'a str,
}

impl<'a> UpdateArgs<'a> {
    /// A first word that names an open phase is the phase; the rest is the text. Neither
    /// is a usage mistake.
    pub fn parse(rest: &'a str) -> Result<UpdateArgs<'a>, Usage> {
        let (phase, text) = match next_word(rest) {
            Some((first, after)) => match Phase::parse_open(first) {
                Some(phase) => (Some(phase), after),
                None => (None, rest.trim()),
            },
            None => (None, ""),
        };
        if phase.is_none() && text.is_empty() {
            return Err(Usage);
        }
        Ok(UpdateArgs { phase, text })
    }
}

/// What `/quiet …` asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum QuietChoice {
    Off,
    Hours(QuietHours),
}

impl QuietChoice {
    /// `off` or «বন্ধ», else hours (`22:00-07:00`, «২২:০০–০৭:০০»); `None` when neither.
    pub fn parse(typed: &str) -> Option<QuietChoice> {
        match typed.trim().to_lowercase().as_str() {
            "off" | "বন্ধ" => Some(QuietChoice::Off),
            hours => QuietHours::parse(hours).map(QuietChoice::Hours),
        }
    }
}

/// What `/only …` asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OnlyChoice {
    /// Only full outages and their end.
    Outages,
    /// Every notice.
    All,
}

impl OnlyChoice {
    pub fn parse(typed: &str) -> Option<OnlyChoice> {
        match typed.trim().to_lowercase().as_str() {
            // The word each variant calls an outage (bn-BD, bn-IN; `locales/GLOSSARY.md`).
            "outages" | "outage" | "বিভ্রাট" | "বিঘ্ন" => {
                Some(OnlyChoice::Outages)
            }
            "all" | "everything" | "সব" => Some(OnlyChoice::All),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maintenance_arguments() {
        use MaintenanceArgs::*;
        let parse = |s| MaintenanceArgs::parse(Some(s));
        assert_eq!(MaintenanceArgs::parse(None), Ok(List));
        assert_eq!(parse("  "), Ok(List));
        assert_eq!(parse("list"), Ok(List));
        assert_eq!(parse("cancel 12"), Ok(Cancel(12)));
        assert_eq!(parse("CANCEL #12"), Ok(Cancel(12)));
        assert_eq!(parse("done ১২"), Ok(Done(12)));
        assert_eq!(parse("extend 3 1h30m"), Ok(Extend { id: 3, by: "1h30m" }));
        assert_eq!(
            parse("bkash tomorrow 02:00 3h [en] Core upgrade [bn] হালনাগাদ"),
            Ok(Plan {
                service: "bkash",
                day: "tomorrow",
                time: "02:00",
                length: "3h",
                text: "[en] Core upgrade [bn] হালনাগাদ",
            })
        );
        assert_eq!(
            parse("বিকাশ আগামীকাল ০২:০০ ৩ঘণ্টা"),
            Ok(Plan {
                service: "বিকাশ",
                day: "আগামীকাল",
                time: "০২:০০",
                length: "৩ঘণ্টা",
                text: "",
            })
        );
        for wrong in [
            "cancel",
            "cancel x",
            "cancel 12 more",
            "done",
            "extend 3",
            "extend",
            "list more",
            "bkash",
            "bkash tomorrow",
            "bkash tomorrow 02:00",
        ] {
            // `list more` plans for a service named `list` and misses the rest.
            assert_eq!(parse(wrong), Err(Usage), "{wrong}");
        }
    }

    #[test]
    fn update_arguments() {
        let parse = UpdateArgs::parse;
        assert_eq!(
            parse("monitoring Payments recover"),
            Ok(UpdateArgs {
                phase: Some(Phase::Monitoring),
                text: "Payments recover"
            })
        );
        assert_eq!(
            parse("নজরদারি"),
            Ok(UpdateArgs {
                phase: Some(Phase::Monitoring),
                text: ""
            })
        );
        assert_eq!(
            parse("Payments still fail"),
            Ok(UpdateArgs {
                phase: None,
                text: "Payments still fail"
            })
        );
        // `resolved` is `/up`'s: here it is a word like any other.
        assert_eq!(parse("resolved").map(|a| a.phase), Ok(None));
        assert_eq!(parse(""), Err(Usage));
        assert_eq!(parse("   "), Err(Usage));
    }

    #[test]
    fn quiet_and_only_choices_have_one_meaning_per_word() {
        assert_eq!(QuietChoice::parse("off"), Some(QuietChoice::Off));
        assert_eq!(QuietChoice::parse(" বন্ধ "), Some(QuietChoice::Off));
        assert!(matches!(
            QuietChoice::parse("22:00-07:00"),
            Some(QuietChoice::Hours(_))
        ));
        assert_eq!(QuietChoice::parse("later"), None);
        assert_eq!(OnlyChoice::parse("Outages"), Some(OnlyChoice::Outages));
        assert_eq!(OnlyChoice::parse("বিভ্রাট"), Some(OnlyChoice::Outages));
        assert_eq!(OnlyChoice::parse("সব"), Some(OnlyChoice::All));
        // «বন্ধ» is "off", for `/quiet`; it chooses nothing for `/only`.
        assert_eq!(OnlyChoice::parse("বন্ধ"), None);
    }
}
