//! Number formatting for Fluent bundles: native digits and the grouping each locale uses.
//!
//! Fluent's own `NUMBER()` prints ASCII digits with no grouping; a locale names its
//! numbering system in `locale-numbering-system`, and its bundle gets the matching
//! formatter here.

use fluent_bundle::types::FluentNumber;

/// A way of writing numbers: which digits, and how the integer part is grouped.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum NumberingSystem {
    /// ASCII digits, groups of three: 1,234,567.
    Latin,
    /// Bengali digits, Indian grouping (three, then twos): ১২,৩৪,৫৬৭.
    Bengali,
}

impl NumberingSystem {
    /// Parses the CLDR numbering-system id a locale declares (`latn`, `beng`).
    pub fn parse(id: &str) -> Option<NumberingSystem> {
        match id.trim() {
            "latn" => Some(NumberingSystem::Latin),
            "beng" => Some(NumberingSystem::Bengali),
            _ => None,
        }
    }

    fn zero(self) -> char {
        match self {
            NumberingSystem::Latin => '0',
            NumberingSystem::Bengali => '০',
        }
    }

    /// Rewrites every ASCII digit of `text` in this system's digits.
    pub fn digits(self, text: &str) -> String {
        let zero = self.zero() as u32;
        text.chars()
            .map(|c| match c.to_digit(10) {
                Some(d) if c.is_ascii_digit() => char::from_u32(zero + d).unwrap_or(c),
                _ => c,
            })
            .collect()
    }

    /// Formats a whole number with this system's grouping and digits.
    pub fn integer(self, n: u64) -> String {
        self.digits(&self.group(&n.to_string()))
    }

    fn group(self, int_digits: &str) -> String {
        let len = int_digits.len();
        if len <= 3 {
            return int_digits.to_owned();
        }
        let (head, last3) = int_digits.split_at(len - 3);
        let size = match self {
            NumberingSystem::Latin => 3,
            NumberingSystem::Bengali => 2,
        };
        let mut groups: Vec<&str> = Vec::new();
        let mut end = head.len();
        while end > 0 {
            let start = end.saturating_sub(size);
            groups.push(&head[start..end]);
            end = start;
        }
        groups.reverse();
        groups.push(last3);
        groups.join(",")
    }

    /// Formats a Fluent number honouring its grouping and digit options.
    pub fn fluent_number(self, number: &FluentNumber) -> String {
        let options = &number.options;
        let value = number.value;
        let negative = value < 0.0;
        let fraction_digits = options.minimum_fraction_digits.unwrap_or(0).max(
            options
                .maximum_fraction_digits
                .map(|max| max.min(if value.fract() == 0.0 { 0 } else { max }))
                .unwrap_or(if value.fract() == 0.0 { 0 } else { 3 }),
        );
        let plain = format!("{:.*}", fraction_digits, value.abs());
        let (int_part, frac_part) = match plain.split_once('.') {
            Some((i, f)) => (i.to_owned(), Some(f.trim_end_matches('0').to_owned())),
            None => (plain, None),
        };
        let min_int = options.minimum_integer_digits.unwrap_or(1);
        let int_part = format!(
            "{}{int_part}",
            "0".repeat(min_int.saturating_sub(int_part.len()))
        );
        let mut out = String::new();
        if negative {
            out.push('-');
        }
        out.push_str(&if options.use_grouping {
            self.group(&int_part)
        } else {
            int_part
        });
        let min_frac = options.minimum_fraction_digits.unwrap_or(0);
        if let Some(mut frac) = frac_part {
            while frac.len() < min_frac {
                frac.push('0');
            }
            if !frac.is_empty() {
                out.push('.');
                out.push_str(&frac);
            }
        }
        self.digits(&out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use fluent_bundle::types::FluentNumberOptions;

    #[test]
    fn integers_in_both_systems() {
        let cases = [
            (0, "0", "০"),
            (1, "1", "১"),
            (999, "999", "৯৯৯"),
            (1_000, "1,000", "১,০০০"),
            (11_000, "11,000", "১১,০০০"),
            (123_456, "123,456", "১,২৩,৪৫৬"),
            (10_000_000, "10,000,000", "১,০০,০০,০০০"),
        ];
        for (n, en, bn) in cases {
            assert_eq!(NumberingSystem::Latin.integer(n), en);
            assert_eq!(NumberingSystem::Bengali.integer(n), bn);
        }
    }

    #[test]
    fn fluent_options_are_honoured() {
        let mut n = FluentNumber::new(5.0, FluentNumberOptions::default());
        assert_eq!(NumberingSystem::Bengali.fluent_number(&n), "৫");
        n.options.minimum_integer_digits = Some(2);
        assert_eq!(NumberingSystem::Latin.fluent_number(&n), "05");
        let mut big = FluentNumber::new(1234567.0, FluentNumberOptions::default());
        assert_eq!(NumberingSystem::Latin.fluent_number(&big), "1,234,567");
        big.options.use_grouping = false;
        assert_eq!(NumberingSystem::Bengali.fluent_number(&big), "১২৩৪৫৬৭");
        let frac = FluentNumber::new(-2.5, FluentNumberOptions::default());
        assert_eq!(NumberingSystem::Bengali.fluent_number(&frac), "-২.৫");
    }

    #[test]
    fn digits_leave_other_text_alone() {
        assert_eq!(NumberingSystem::Bengali.digits("12:30 pm"), "১২:৩০ pm");
        assert_eq!(NumberingSystem::Latin.digits("১২"), "১২");
    }
}

/// A count as prose says it («প্রায় ১১ হাজার», "about 11 thousand"): exact below
/// 10,000; above, in the largest unit this numbering system counts in (thousand and
/// million; হাজার, লাখ and কোটি), to two significant figures, "about" when that
/// rounded it.
pub fn compact_msg(n: i64, system: NumberingSystem) -> super::Msg {
    if n.abs() < 10_000 {
        return super::Msg::new("count-exact").num("count", n);
    }
    let units: &[(i64, &'static str)] = match system {
        NumberingSystem::Latin => &[
            (1_000_000_000, "billion"),
            (1_000_000, "million"),
            (1_000, "thousand"),
        ],
        NumberingSystem::Bengali => &[
            (10_000_000, "crore"),
            (100_000, "lakh"),
            (1_000, "thousand"),
        ],
    };
    let &(size, unit) = units
        .iter()
        .find(|(size, _)| n.abs() >= *size)
        .unwrap_or(&units[units.len() - 1]);
    // Two significant figures, in tenths of the unit.
    let tenths = (n as f64 * 10.0 / size as f64).round() as i64;
    let tenths = if tenths.abs() >= 100 {
        (tenths + 5) / 10 * 10
    } else {
        tenths
    };
    super::Msg::new("count-compact")
        .key("unit", unit)
        .flag("about", tenths * size / 10 != n)
        .num("whole", tenths / 10)
        .num("tenth", tenths % 10)
        // A tenth of a crore is ten lakh, of a lakh ten thousand: «১ কোটি ২০ লাখ».
        .num("sub", tenths % 10 * 10)
        // English says thousands as the rounded number: "about 11,000".
        .num("rounded", tenths * size / 10)
}

#[cfg(test)]
mod compact {
    use super::*;
    use crate::i18n::Arg;

    fn parts(n: i64, system: NumberingSystem) -> (&'static str, i64, i64, &'static str) {
        let m = compact_msg(n, system);
        let get = |name: &str| {
            m.args
                .iter()
                .find(|(a, _)| *a == name)
                .map(|(_, v)| v.clone())
        };
        match (get("unit"), get("whole"), get("tenth"), get("about")) {
            (Some(Arg::Key(u)), Some(Arg::Number(w)), Some(Arg::Number(t)), Some(Arg::Key(a))) => {
                (u, w, t, a)
            }
            _ => panic!("{m:?}"),
        }
    }

    #[test]
    fn large_counts_are_said_in_round_units() {
        assert_eq!(
            compact_msg(9_999, NumberingSystem::Bengali).id,
            "count-exact"
        );
        let cases = [
            (11_000, NumberingSystem::Bengali, ("thousand", 11, 0, "no")),
            (11_234, NumberingSystem::Bengali, ("thousand", 11, 0, "yes")),
            (250_000, NumberingSystem::Bengali, ("lakh", 2, 5, "no")),
            (1_200_000, NumberingSystem::Latin, ("million", 1, 2, "no")),
            (12_345_678, NumberingSystem::Bengali, ("crore", 1, 2, "yes")),
        ];
        for (count, system, said) in cases {
            assert_eq!(parts(count, system), said, "{count}");
        }
    }

    #[test]
    fn large_counts_read_as_a_newsroom_writes_them() {
        use crate::domain::Lang;
        use crate::i18n::I18n;
        let i18n = I18n::for_tests(chrono::Utc::now());
        let said = |lang: Lang, n: i64| {
            i18n.render(lang, &compact_msg(n, i18n.translations().numbering(lang)))
        };
        for (n, bn, en) in [
            (11_000, "১১ হাজার", "11,000"),
            (11_234, "প্রায় ১১ হাজার", "about 11,000"),
            (150_000, "দেড় লাখ", "150,000"),
            (250_000, "আড়াই লাখ", "250,000"),
            (350_000, "সাড়ে ৩ লাখ", "350,000"),
            (230_000, "২ লাখ ৩০ হাজার", "230,000"),
            (12_000_000, "১ কোটি ২০ লাখ", "12 million"),
            (12_345_678, "প্রায় ১ কোটি ২০ লাখ", "about 12 million"),
            (1_234_567, "প্রায় ১২ লাখ", "about 1.2 million"),
        ] {
            assert_eq!(said(Lang::BN_BD, n), bn, "{n}");
            // West Bengal's papers write «লক্ষ» (the glossary cites Anandabazar).
            assert_eq!(said(Lang::BN_IN, n), bn.replace("লাখ", "লক্ষ"), "{n}");
            assert_eq!(said(Lang::EN, n), en, "{n}");
        }
    }
}
