//! A notice as a subscriber reads it, in their language: a localized headline, a line
//! of detail (service, state, times, durations), then the admin's words in that
//! language — marked with the language they are in when the reader's is missing.

use chrono::Duration;

use crate::domain::maintenance::MaintenanceEvent;
use crate::domain::{
    IncidentEvent, IncidentNotice, Lang, MaintenanceNotice, Notice, Phase, Severity,
};
use crate::i18n::newsroom::is_short;
use crate::i18n::{Arg, I18n, Msg};

/// What every line of a notice may say: the service (in every form), since when, how
/// bad, and for a resolved incident how long it lasted.
fn with_facts(id: &'static str, notice: &IncidentNotice) -> Msg {
    let down_again =
        notice.severity == Severity::MajorOutage && notice.down_since.is_none() && notice.had_both;
    let mut msg = Msg::new(id)
        .service("service", &notice.service)
        .arg("zone", Arg::ZoneName)
        .arg("since", Arg::Time(notice.started_at))
        .key("severity", notice.severity.key())
        // Trouble first, down later — or down first, partly back later: each dated
        // from its own start.
        .flag("worsened", notice.down_since.is_some())
        .flag("eased", notice.eased_since.is_some())
        // Back and forth more than once: "up and down since …".
        .flag("swung", notice.swung_since.is_some())
        // Down, partly back, and down again: not "the trouble since …".
        .flag("down_again", down_again)
        // Fully down, and not for the first time: said in the headline («🔴 ফের স্তব্ধ
        // …», "down again"), whichever way it began.
        .flag(
            "again",
            notice.severity == Severity::MajorOutage
                && (down_again || notice.swung_since.is_some()),
        );
    if let Some(down) = notice.down_since {
        msg = msg.arg("down_since", Arg::Time(down));
    }
    // Where the work stands: told whole to a reader who missed the update that found the
    // cause, the opening lines say so, not «কারণ খতিয়ে দেখা হচ্ছে».
    msg = msg.key("phase", notice.phase.key());
    match notice.event {
        IncidentEvent::Resolved => {
            let end = notice.resolved_at.unwrap_or(notice.at);
            let lasted = end - notice.started_at;
            msg.flag("short", is_short(lasted))
                // Trouble and a full outage, in either order: said, not hidden, with
                // how long it was fully down when that is known.
                .flag("mixed", notice.had_both)
                .flag("down_counted", notice.time_fully_down.is_some())
                .arg(
                    "down_for",
                    Arg::Duration(notice.time_fully_down.unwrap_or_default()),
                )
                // Both ends of «… থেকে … পর্যন্ত» in one style.
                .arg(
                    "since",
                    Arg::SpanStart {
                        start: notice.started_at,
                        end,
                    },
                )
                .arg("rounded", Arg::rounded_between(notice.started_at, end))
                .arg("duration", Arg::between(notice.started_at, end))
                .arg(
                    "end",
                    Arg::SpanEnd {
                        start: notice.started_at,
                        end,
                    },
                )
        }
        IncidentEvent::Updated(_) => msg
            .flag("short", is_short(notice.at - notice.started_at))
            .arg("elapsed", Arg::between(notice.started_at, notice.at)),
        IncidentEvent::Opened(_) | IncidentEvent::SeverityChanged(_) => msg,
    }
}

/// The headline and the line of detail under it (none for an outage over within a
/// minute: "from 5:33 to 5:33" says nothing).
pub fn lines(notice: &IncidentNotice) -> (Msg, Option<Msg>) {
    let pair = |headline, detail| {
        (
            with_facts(headline, notice),
            Some(with_facts(detail, notice)),
        )
    };
    match notice.event {
        IncidentEvent::Opened(severity) => {
            let (h, d) = pair("notice-opened", "notice-opened-detail");
            (
                h.key("severity", severity.key()),
                d.map(|d| d.key("severity", severity.key())),
            )
        }
        IncidentEvent::SeverityChanged(_) => {
            pair("notice-severity-changed", "notice-severity-changed-detail")
        }
        IncidentEvent::Updated(_) => (
            with_facts("notice-updated", notice),
            Some(update_detail(notice)),
        ),
        IncidentEvent::Resolved => {
            let lasted = notice.resolved_at.unwrap_or(notice.at) - notice.started_at;
            let detail = (lasted >= Duration::minutes(1))
                .then(|| with_facts("notice-resolved-detail", notice));
            (with_facts("notice-resolved", notice), detail)
        }
    }
}

/// An update's line of detail, each severity dated from its own start.
fn update_detail(notice: &IncidentNotice) -> Msg {
    let detail = with_facts("notice-updated-detail", notice);
    // Down after trouble: «… থেকে বিভ্রাট চলছিল, … থেকে সেবা পুরোপুরি বন্ধ», the two
    // clocks said to read together.
    // Partly back after an outage: «… থেকে পুরোপুরি বন্ধ ছিল, … থেকে আংশিক চালু».
    // Back and forth: «… থেকে সেবা কখনো পুরোপুরি বন্ধ, কখনো আংশিক চালু; … থেকে আবার পুরোপুরি বন্ধ
    // রয়েছে».
    match changed_since(notice) {
        Some(change) if notice.phase != Phase::Monitoring => {
            let (start, end) = (notice.started_at, change);
            detail
                .arg("since", Arg::PairedStart { start, end })
                .arg("down_since", Arg::SpanEnd { start, end })
                .arg("eased_since", Arg::SpanEnd { start, end })
                .arg("swung_since", Arg::SpanEnd { start, end })
        }
        // Watching a fix after trouble became an outage: recovering from the outage,
        // since it began («১০টা ৩০ মিনিট থেকে বন্ধ থাকার পর …», not from the trouble
        // before). One that eased says it was down since the start. Up and down: since
        // it began.
        Some(_) => match notice.down_since.filter(|_| notice.swung_since.is_none()) {
            Some(down) => detail.arg("since", Arg::Time(down)),
            None => detail,
        },
        None => detail,
    }
}

/// When the severity it has now began, if not at the start: an update dates the two.
fn changed_since(notice: &IncidentNotice) -> Option<chrono::DateTime<chrono::Utc>> {
    notice
        .swung_since
        .or(notice.down_since)
        .or(notice.eased_since)
}

/// The whole story so far, for a reader who missed the events before this one (a
/// broadcast cut short by a newer event never reached them): where it stands now,
/// rather than the latest change alone. «প্রায় দু’ঘণ্টা বন্ধ থাকার পর ফের চালু হল …»
pub fn whole_story(notice: &IncidentNotice) -> (Msg, Option<Msg>) {
    match notice.event {
        // Trouble and an outage both: "after being down for…" would say too much, and
        // the line of detail tells which; the plain "back after…" headline then.
        IncidentEvent::Resolved if notice.had_both => lines(notice),
        IncidentEvent::Resolved => {
            let (_, detail) = lines(notice);
            (with_facts("notice-resolved-unheard", notice), detail)
        }
        // Down after trouble, with news since: the update dates both.
        IncidentEvent::Updated(_) if changed_since(notice).is_some() => lines(notice),
        // Partly back, told to a reader who never heard it go down (or heard only part of
        // its back and forth): the change with both dates («… থেকে পুরোপুরি বন্ধ ছিল, …
        // থেকে আংশিক চালু রয়েছে।»), not "having problems since" the start.
        IncidentEvent::SeverityChanged(Severity::Degraded) if changed_since(notice).is_some() => (
            with_facts("notice-severity-changed", notice),
            Some(update_detail(notice)),
        ),
        // It became a full outage a while after the trouble began: the change itself
        // tells the story, and dates the trouble and the outage apart («সকাল ১০টা ১০
        // মিনিট থেকে বিকাশে বিভ্রাট চলছিল; এখন সেবা পুরোপুরি বন্ধ»), where "down since"
        // the start would date the outage wrong. Within a minute it was simply down.
        IncidentEvent::SeverityChanged(Severity::MajorOutage)
            if !is_short(notice.at - notice.started_at) =>
        {
            lines(notice)
        }
        IncidentEvent::Opened(_)
        | IncidentEvent::SeverityChanged(_)
        | IncidentEvent::Updated(_) => (
            with_facts("notice-opened", notice),
            Some(with_facts("notice-opened-detail", notice)),
        ),
    }
}

/// A maintenance window's news: what happens to the service, and when, in the reader's
/// clock («আগামীকাল রাত ২টা থেকে ভোর ৫টা পর্যন্ত বিকাশের সেবা বন্ধ থাকবে»).
pub fn maintenance_lines(notice: &MaintenanceNotice) -> (Msg, Option<Msg>) {
    let msg = Msg::new("notice-maintenance")
        .key("event", notice.event.key())
        .arg("zone", Arg::ZoneName)
        .service("service", &notice.service)
        // An extension of a window already running says only its new end: «রাত ২টা থেকে
        // … বন্ধ থাকবে» would put a start already past in the future.
        .flag("running", notice.at >= notice.starts)
        // Over, with an outage still open: not "should be working again".
        .flag("outage_open", notice.outage_open)
        .span(notice.starts, notice.ends)
        // An announcement names its day, today's too («আজ দুপুর ১২টা থেকে»); a call-off
        // says the start alone, so it keeps its day in English too.
        .arg(
            "start",
            match notice.event {
                MaintenanceEvent::Cancelled => Arg::AnnouncedStart {
                    start: notice.starts,
                    end: notice.starts,
                },
                _ => Arg::AnnouncedStart {
                    start: notice.starts,
                    end: notice.ends,
                },
            },
        )
        .arg(
            "end",
            Arg::AnnouncedEnd {
                start: notice.starts,
                end: notice.ends,
            },
        );
    let detail = match notice.event {
        // When it comes back is the news; the rest was said when it was planned.
        MaintenanceEvent::Ended | MaintenanceEvent::EndedEarly | MaintenanceEvent::Cancelled => {
            None
        }
        MaintenanceEvent::Scheduled
        | MaintenanceEvent::Reminder
        | MaintenanceEvent::Started
        | MaintenanceEvent::Extended => Some(
            Msg::new("notice-maintenance-detail")
                // "Now 3 hours in all", not the plan's "Expected to take".
                .flag("extended", notice.event == MaintenanceEvent::Extended)
                .arg("lasting", Arg::Duration(notice.ends - notice.starts)),
        ),
    };
    (msg, detail)
}

/// Any notice for a reader of `lang`: an incident's event, or its whole story for a
/// reader who missed what came before; a maintenance window's news (each says all
/// there is to know about the window).
pub fn render_notice(i18n: &I18n, lang: Lang, notice: &Notice, whole_story: bool) -> String {
    match notice {
        Notice::Incident(n) if whole_story => render_whole_story(i18n, lang, n),
        Notice::Incident(n) => render(i18n, lang, n),
        Notice::Maintenance(n) => {
            // The plan's note was told with the plan; under "called off" or "over" it
            // would read as news («সার্ভারের কাজ চলবে» under a cancellation).
            let over = matches!(
                n.event,
                MaintenanceEvent::Ended
                    | MaintenanceEvent::EndedEarly
                    | MaintenanceEvent::Cancelled
            );
            let nothing = crate::domain::LocalizedText::default();
            compose(
                i18n,
                lang,
                maintenance_lines(n),
                if over { &nothing } else { &n.text },
            )
        }
    }
}

/// The whole story, with the admin's latest words, for a reader of `lang`.
pub fn render_whole_story(i18n: &I18n, lang: Lang, notice: &IncidentNotice) -> String {
    compose(i18n, lang, whole_story(notice), &notice.text)
}

/// The whole notice text for a reader of `lang`.
pub fn render(i18n: &I18n, lang: Lang, notice: &IncidentNotice) -> String {
    compose(i18n, lang, lines(notice), &notice.text)
}

fn compose(
    i18n: &I18n,
    lang: Lang,
    (headline, detail): (Msg, Option<Msg>),
    words: &crate::domain::LocalizedText,
) -> String {
    let mut text = i18n.render(lang, &headline);
    if let Some(detail) = detail {
        text.push('\n');
        text.push_str(&i18n.render(lang, &detail));
    }
    if let Some(words) = admin_words(lang, words) {
        text.push_str("\n\n");
        text.push_str(&i18n.render(lang, &words));
    }
    text
}

/// The admin's words for a reader of `lang`: their language's part, else the first,
/// marked with the language it is in («(ইংরেজিতে) …»). Words without a `[xx]` marker
/// are taken to be in the language of their script: most admins just type.
pub fn admin_words(lang: Lang, text: &crate::domain::LocalizedText) -> Option<Msg> {
    let (written_in, words) = text.part_for(lang)?;
    let written_in = written_in.or_else(|| language_of_script(words));
    let marked = match written_in {
        Some(written) if written.base() != lang.base() => written.base().to_string(),
        _ => "same".to_owned(),
    };
    let marked = match marked.as_str() {
        "en" => "en",
        "bn" => "bn",
        "same" => "same",
        _ => "unknown",
    };
    Some(
        Msg::new("quoted-text")
            .key("lang", marked)
            .text("text", words),
    )
}

/// The language most of `text`'s letters are written for: Bengali script, or Latin
/// (English, the other language the bot speaks); `None` with no letters at all.
fn language_of_script(text: &str) -> Option<Lang> {
    let (mut bengali, mut latin) = (0usize, 0usize);
    for c in text.chars().filter(|c| c.is_alphabetic()) {
        if ('\u{0980}'..='\u{09FF}').contains(&c) {
            bengali += 1;
        } else if c.is_ascii_alphabetic() {
            latin += 1;
        }
    }
    match (bengali, latin) {
        (0, 0) => None,
        (b, l) if b >= l => Some(Lang::BN),
        _ => Some(Lang::EN),
    }
}

#[cfg(test)]
mod admin_words_tests {
    use super::*;
    use crate::domain::LocalizedText;

    fn quoted(lang: Lang, typed: &str) -> Option<(Arg, Arg)> {
        let msg = admin_words(lang, &LocalizedText::parse(typed))?;
        let arg = |name| {
            msg.args
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, a)| a.clone())
        };
        Some((arg("lang")?, arg("text")?))
    }

    #[test]
    fn words_typed_without_a_marker_are_marked_by_their_script() {
        let english = Some((Arg::Key("en"), Arg::Text("Login is broken".into())));
        assert_eq!(quoted(Lang::BN_BD, "Login is broken"), english);
        assert_eq!(
            quoted(Lang::EN, "Login is broken").map(|q| q.0),
            Some(Arg::Key("same"))
        );
        // Mostly Bengali, with a product name in Latin: Bengali.
        assert_eq!(
            quoted(Lang::EN, "WhatsApp সার্ভারে গোলমাল").map(|q| q.0),
            Some(Arg::Key("bn"))
        );
        assert_eq!(
            quoted(Lang::BN_IN, "WhatsApp সার্ভারে গোলমাল").map(|q| q.0),
            Some(Arg::Key("same"))
        );
        assert_eq!(
            quoted(Lang::BN_BD, "🔧 12:30").map(|q| q.0),
            Some(Arg::Key("same"))
        );
    }
}

#[cfg(test)]
mod fits {
    use chrono::{Duration, TimeZone, Utc};
    use proptest::prelude::*;

    use super::*;
    use crate::domain::{
        LocalizedText, NoticeText, Phase, ServiceId, Severity, notice_text::utf16_len,
    };
    use crate::outbound::MAX_MESSAGE_UNITS;

    fn i18n() -> I18n {
        let at = Utc.with_ymd_and_hms(2022, 11, 1, 6, 30, 0).unwrap();
        I18n::for_tests(at + Duration::days(400))
    }

    /// Text that is hard to fit: long, Bengali with conjuncts, emoji (two units each),
    /// Latin, spaces and newlines, language markers.
    fn hard_text() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            Just("ক্ষ".to_owned()),
            Just("হোয়াটসঅ্যাপ ".to_owned()),
            Just("🔴".to_owned()),
            Just("👩‍👩‍👧‍👦".to_owned()),
            Just("down ".to_owned()),
            Just("\n".to_owned()),
            Just(" [en] ".to_owned()),
            Just(" [bn] ".to_owned()),
            any::<char>().prop_map(String::from),
        ];
        prop::collection::vec(piece, 0..4000).prop_map(|pieces| pieces.concat())
    }

    fn event() -> impl Strategy<Value = IncidentEvent> {
        prop_oneof![
            Just(IncidentEvent::Opened(Severity::MajorOutage)),
            Just(IncidentEvent::Opened(Severity::Degraded)),
            Just(IncidentEvent::SeverityChanged(Severity::Degraded)),
            Just(IncidentEvent::Updated(Phase::Identified)),
            Just(IncidentEvent::Updated(Phase::Monitoring)),
            Just(IncidentEvent::Resolved),
        ]
    }

    /// Minutes past midnight or noon (`half_day` 720) or midnight (1440) of the last
    /// clock in `text`, read back from its words: «পৌনে ৮টা», «৭টা ৫০ মিনিট», «দেড়টা»,
    /// "7:50 am".
    fn clock_read_back(text: &str, half_day: i32) -> i32 {
        let digits = |word: &str| -> i32 {
            let ascii: String = word
                .chars()
                .filter_map(|c| match c {
                    '0'..='9' => Some(c),
                    '০'..='৯' => char::from_digit(c as u32 - '০' as u32, 10),
                    _ => None,
                })
                .collect();
            ascii
                .parse()
                .unwrap_or_else(|_| panic!("no number in {word:?} of {text:?}"))
        };
        if half_day == 1440 {
            // "7:50 am", "11:50 pm yesterday", "6:06 am Friday", "noon", "midnight" (a
            // span's start).
            let words: Vec<&str> = text.split(' ').collect();
            if words.contains(&"noon") {
                return 720;
            }
            if words.contains(&"midnight") {
                return 0;
            }
            let at = words.iter().position(|w| w.contains(':')).unwrap();
            let (hm, ampm) = (words[at], words[at + 1]);
            let (h, m) = hm.split_once(':').unwrap();
            let pm = if ampm.starts_with("pm") { 720 } else { 0 };
            return digits(h) % 12 * 60 + digits(m) + pm;
        }
        let words: Vec<&str> = text.split(' ').collect();
        let at = words
            .iter()
            // «৪টা», and Kolkata's «৩টে», «২টো».
            .rposition(|w| ["টা", "টে", "টো"].iter().any(|after| w.ends_with(after)))
            .unwrap_or_else(|| panic!("no clock in {text:?}"));
        let (hour_word, before) = (words[at], at.checked_sub(1).map(|i| words[i]));
        let minutes = match hour_word {
            "দেড়টা" => 90,
            "আড়াইটা" | "আড়াইটে" => 150,
            _ => {
                let hour = digits(hour_word) % 12 * 60;
                match before {
                    Some("সোয়া") => hour + 15,
                    Some("সাড়ে") => hour + 30,
                    Some("পৌনে") => hour - 15,
                    _ if words.get(at + 2) == Some(&"মিনিট") => {
                        hour + digits(words[at + 1])
                    }
                    _ => hour,
                }
            }
        };
        minutes.rem_euclid(720)
    }

    /// The minutes a notice says it lasted: in Bengali in a bracket «(১ ঘণ্টা ৫২
    /// মিনিট)», in English first ("It was down for 1 h 52 min, from …").
    fn duration_read_back(text: &str) -> i32 {
        let inside = match text.split_once(" for ") {
            Some((_, rest)) if rest.contains(", from ") => rest.split(", from ").next().unwrap(),
            _ => text.rsplit_once('(').unwrap().1.split(')').next().unwrap(),
        };
        let words: Vec<&str> = inside.split(' ').collect();
        words
            .chunks(2)
            .map(|pair| {
                let n: i32 = pair[0]
                    .chars()
                    .map(|c| match c {
                        '০'..='৯' => char::from_digit(c as u32 - '০' as u32, 10).unwrap(),
                        c => c,
                    })
                    .collect::<String>()
                    .parse()
                    .unwrap();
                n * match pair[1] {
                    "ঘণ্টা" | "hour" | "hours" => 60,
                    "মিনিট" | "minute" | "minutes" => 1,
                    unit => panic!("{unit} in {text:?}"),
                }
            })
            .sum()
    }

    /// An incident that had problems and was fully down too, in whichever order, says
    /// so as it ends, with the bracket beside the span it measures (the review's M14;
    /// the second blind review's H1-H3); while it is down, the outage is dated from when
    /// it began, not from when the trouble did.
    #[test]
    fn trouble_and_a_full_outage_are_each_told_in_their_order() {
        let i18n = i18n();
        let at = Utc.with_ymd_and_hms(2022, 11, 1, 9, 45, 0).unwrap();
        let later = |m| at + Duration::minutes(m);
        let story = |steps: &[(i64, Severity)]| {
            let mut incident = crate::domain::Incident::open(
                1,
                ServiceId::parse("bkash").unwrap(),
                steps[0].1,
                LocalizedText::default(),
                at,
                crate::domain::Source::Api,
            );
            for &(minute, severity) in &steps[1..] {
                incident
                    .change_severity(severity, LocalizedText::default(), later(minute))
                    .unwrap();
            }
            incident
        };
        let detail = |incident: &crate::domain::Incident, lang| {
            i18n.render(
                lang,
                &lines(&IncidentNotice::latest_of(incident)).1.unwrap(),
            )
        };
        use Severity::{Degraded, MajorOutage};
        let both = |down: &str| {
            format!(
                "বিকেল ৩টা ৪৫ মিনিট থেকে ৪টা ৪৬ মিনিট পর্যন্ত বিকাশের সেবায় বিভ্রাট ছিল (১ ঘণ্টা ১ মিনিট); এর মধ্যে {down} সেবা পুরোপুরি বন্ধ ছিল।"
            )
        };
        let both_en = |down: &str| {
            format!(
                "for 1 hour 1 minute, from 3:45 to 4:46 pm on 1 Nov 2022 (Dhaka time), and was fully down for {down} of it."
            )
        };
        for (steps, down_bn, down_en) in [
            (
                &[(0, Degraded), (20, MajorOutage), (40, Degraded)][..],
                "২০ মিনিট",
                "20 minutes",
            ),
            (
                &[(0, Degraded), (20, MajorOutage)][..],
                "৪১ মিনিট",
                "41 minutes",
            ),
            (
                &[(0, MajorOutage), (40, Degraded)][..],
                "৪০ মিনিট",
                "40 minutes",
            ),
        ] {
            let mut incident = story(steps);
            if steps.last().map(|s| s.1) == Some(MajorOutage) {
                // Down, after trouble: each dated from its own start.
                incident
                    .update(
                        Some(crate::domain::Phase::Identified),
                        LocalizedText::default(),
                        later(30),
                    )
                    .unwrap();
                // Told whole to a chat that missed the change: the same two dates.
                let notice = IncidentNotice::latest_of(&incident);
                assert_eq!(whole_story(&notice).1, lines(&notice).1);
                let (bn, en) = (detail(&incident, Lang::BN_BD), detail(&incident, Lang::EN));
                assert!(
                    bn.ends_with(
                        "বিকেল ৩টা ৪৫ মিনিট থেকে বিভ্রাট চলছিল, ৪টা ৫ মিনিট থেকে সেবা পুরোপুরি বন্ধ রয়েছে।"
                    ),
                    "{bn}"
                );
                assert_eq!(
                    en,
                    "Having problems since 3:45 pm, and fully down since 4:05 pm on 1 Nov 2022 (Dhaka time)."
                );
            }
            if steps.last().map(|s| s.1) == Some(MajorOutage) {
                // Watching a fix: when it went fully down, said whole (its half of the
                // day too), not the first end of a span, nor the trouble's start (a
                // review: «১০টা থেকে বন্ধ থাকার পর» for trouble from 10, down from 10:30).
                incident
                    .update(
                        Some(crate::domain::Phase::Monitoring),
                        LocalizedText::default(),
                        later(50),
                    )
                    .unwrap();
                let en = detail(&incident, Lang::EN);
                assert!(
                    en.starts_with(
                        "Recovering from the outage that began at 4:05 pm on 1 Nov 2022"
                    ),
                    "{en}"
                );
                let bn = detail(&incident, Lang::BN_BD);
                assert!(
                    bn.starts_with("১ নভেম্বর ২০২২ বিকেল ৪টা ৫ মিনিট থেকে বন্ধ থাকার পর"),
                    "{bn}"
                );
            }
            incident
                .resolve(LocalizedText::default(), later(61))
                .unwrap();
            // Told whole, the headline does not say "after being down for…".
            let notice = IncidentNotice::latest_of(&incident);
            assert_eq!(whole_story(&notice).0.id, "notice-resolved", "{steps:?}");
            // The test's clock is years on: the start names its date.
            let (bn, en) = (detail(&incident, Lang::BN_BD), detail(&incident, Lang::EN));
            assert!(bn.ends_with(&both(down_bn)), "{steps:?}: {bn}");
            assert!(en.ends_with(&both_en(down_en)), "{steps:?}: {en}");
            // A notice kept before the time fully down was: "for part of it".
            let older = IncidentNotice {
                time_fully_down: None,
                ..notice
            };
            let told = |lang| i18n.render(lang, &lines(&older).1.unwrap());
            assert!(
                told(Lang::BN_IN).ends_with("এর মধ্যে কিছু সময় পরিষেবা পুরোপুরি বন্ধও ছিল।"),
                "{}",
                told(Lang::BN_IN)
            );
            assert!(told(Lang::EN).ends_with("fully down for part of it."));
        }
        // Down, then partly back: news since dates both; down again: not "the trouble
        // since …" (the West Bengal proxy's M3).
        let mut eased = story(&[(0, MajorOutage), (40, Degraded)]);
        // Told whole to a reader who never heard it go down: both dates.
        assert_eq!(
            i18n.render(
                Lang::EN,
                &whole_story(&IncidentNotice::latest_of(&eased)).1.unwrap()
            ),
            "Down from 3:45 pm, and partly back since 4:25 pm on 1 Nov 2022 (Dhaka time)."
        );
        eased
            .update(None, LocalizedText::default(), later(50))
            .unwrap();
        let notice = IncidentNotice::latest_of(&eased);
        assert_eq!(whole_story(&notice).1, lines(&notice).1, "told whole alike");
        assert_eq!(
            detail(&eased, Lang::BN_BD),
            "১ নভেম্বর ২০২২ বিকেল ৩টা ৪৫ মিনিট থেকে সেবা পুরোপুরি বন্ধ ছিল, ৪টা ২৫ মিনিট থেকে আংশিক চালু রয়েছে।"
        );
        assert_eq!(
            detail(&eased, Lang::EN),
            "Down from 3:45 pm, and partly back since 4:25 pm on 1 Nov 2022 (Dhaka time)."
        );
        eased
            .change_severity(MajorOutage, LocalizedText::default(), later(55))
            .unwrap();
        assert_eq!(
            detail(&eased, Lang::BN_IN),
            "১ নভেম্বর ২০২২ বিকেল সোয়া ৩টে থেকে পরিষেবা বন্ধ ছিল, মাঝে আংশিক চালু হয়েছিল; এখন ফের পুরোপুরি বন্ধ।"
        );
        assert!(
            detail(&eased, Lang::EN).starts_with("It first went down at 3:45 pm on 1 Nov 2022"),
            "{}",
            detail(&eased, Lang::EN)
        );
        // "Again" is the news, in the headline too (all three proxies' third read).
        let headline = |lang| i18n.render(lang, &lines(&IncidentNotice::latest_of(&eased)).0);
        assert_eq!(headline(Lang::EN), "🔴 bKash is completely down again");
        assert_eq!(headline(Lang::BN_BD), "🔴 বিকাশের সেবা আবার পুরোপুরি বন্ধ");
        assert_eq!(headline(Lang::BN_IN), "🔴 ফের স্তব্ধ বিকাশের পরিষেবা");
        // News after that says it went back and forth, and since when it is as it is
        // now — not "down since 3:45", when it was partly back in between.
        eased
            .update(None, LocalizedText::default(), later(58))
            .unwrap();
        let notice = IncidentNotice::latest_of(&eased);
        assert_eq!(whole_story(&notice).1, lines(&notice).1, "told whole alike");
        assert_eq!(
            detail(&eased, Lang::BN_BD),
            "১ নভেম্বর ২০২২ বিকেল ৩টা ৪৫ মিনিট থেকে সেবা কখনো পুরোপুরি বন্ধ, কখনো আংশিক চালু; ৪টা ৪০ মিনিট থেকে আবার পুরোপুরি বন্ধ রয়েছে।"
        );
        assert_eq!(
            detail(&eased, Lang::EN),
            "Up and down since 3:45 pm; fully down again since 4:40 pm on 1 Nov 2022 (Dhaka time)."
        );
        eased
            .change_severity(Degraded, LocalizedText::default(), later(59))
            .unwrap();
        eased
            .update(None, LocalizedText::default(), later(60))
            .unwrap();
        assert_eq!(
            detail(&eased, Lang::BN_IN),
            "১ নভেম্বর ২০২২ বিকেল সোয়া ৩টে থেকে পরিষেবা কখনও পুরোপুরি বন্ধ, কখনও আংশিক চালু; ৪টে ১৪ মিনিট থেকে আংশিক চালু রয়েছে।"
        );
        // Down throughout: no mixing.
        let mut down = story(&[(0, MajorOutage)]);
        down.resolve(LocalizedText::default(), later(61)).unwrap();
        let bn = detail(&down, Lang::BN_BD);
        assert!(
            bn.ends_with(
                "বিকেল ৩টা ৪৫ মিনিট থেকে ৪টা ৪৬ মিনিট পর্যন্ত বিকাশের সেবা বন্ধ ছিল (১ ঘণ্টা ১ মিনিট)।"
            ),
            "{bn}"
        );
    }

    /// Told whole to a reader who missed the update that found the cause, the opening
    /// lines say the cause is found, not that it is being looked into (the third bn-BD
    /// proxy's D3).
    #[test]
    fn the_whole_story_says_where_the_work_stands() {
        let i18n = i18n();
        let at = Utc.with_ymd_and_hms(2022, 11, 1, 6, 30, 0).unwrap();
        let mut incident = crate::domain::Incident::open(
            1,
            ServiceId::parse("bkash").unwrap(),
            Severity::MajorOutage,
            LocalizedText::default(),
            at,
            crate::domain::Source::Api,
        );
        let told = |incident: &crate::domain::Incident, lang| {
            render_whole_story(&i18n, lang, &IncidentNotice::latest_of(incident))
        };
        assert!(told(&incident, Lang::BN_BD).contains("কারণ খতিয়ে দেখা হচ্ছে"));
        for (phase, bn, en) in [
            (
                crate::domain::Phase::Identified,
                "কারণ জানা গেছে, ঠিক করার কাজ চলছে; ঠিক হলেই আপনাকে জানানো হবে।",
                "The cause has been found and a fix is under way",
            ),
            (
                crate::domain::Phase::Monitoring,
                "ঠিক করার ব্যবস্থা নেওয়া হয়েছে, আমরা নজর রাখছি;",
                "A fix is in place and is being monitored",
            ),
        ] {
            incident
                .update(
                    Some(phase),
                    LocalizedText::default(),
                    at + Duration::minutes(20),
                )
                .unwrap();
            let (bn_told, en_told) = (told(&incident, Lang::BN_BD), told(&incident, Lang::EN));
            assert!(
                bn_told.contains(bn) && !bn_told.contains("খতিয়ে"),
                "{bn_told}"
            );
            assert!(en_told.contains(en), "{en_told}");
        }
        // Partly back while a fix is watched, told whole: it was down first, not "having
        // problems since" (the fix's phase is the notice's own).
        incident
            .change_severity(
                Severity::Degraded,
                LocalizedText::default(),
                at + Duration::minutes(30),
            )
            .unwrap();
        assert_eq!(
            told(&incident, Lang::EN),
            "🟠 bKash is partly back\nRecovering from the outage that began at 12:30 pm on 1 Nov 2022 (Dhaka time); we'll tell you when it is fully back."
        );
    }

    /// A resolved notice's line of detail for an outage starting at every minute of a
    /// day, lasting from a minute to almost two days, in every language: the bracket
    /// says exactly the time between the two clocks beside it (the review's M1), and
    /// «পৌনে», which names the next hour, is never beside minutes (H2: the hour would run
    /// backwards); «সাড়ে» and «সোয়া» may be (the second blind review's L2).
    #[test]
    fn every_start_minute_of_a_day_reads_as_one_span() {
        let i18n = i18n();
        let day = Utc.with_ymd_and_hms(2022, 10, 31, 18, 0, 0).unwrap(); // midnight in Dhaka
        for minute in 0..24 * 60 {
            // Seconds no clock shows, at the start and over the length: 12:00:50 to
            // 12:06:05 is «১২টা থেকে ১২টা ৬ মিনিট», six minutes, not five.
            let lengths = [1, 5, 14, 59, 75, 112, 449, 1439, 2000];
            for (lasting, (seconds, over)) in lengths
                .into_iter()
                .zip([(0, 0), (50, 15), (10, 40), (59, 59)].into_iter().cycle())
            {
                let started = day + Duration::minutes(minute) + Duration::seconds(seconds);
                let end = started + Duration::minutes(lasting) + Duration::seconds(over);
                let mut incident = crate::domain::Incident::open(
                    1,
                    ServiceId::parse("whatsapp").unwrap(),
                    Severity::MajorOutage,
                    LocalizedText::default(),
                    started,
                    crate::domain::Source::Api,
                );
                incident.resolve(LocalizedText::default(), end).unwrap();
                let detail = lines(&IncidentNotice::latest_of(&incident)).1.unwrap();
                for lang in [Lang::BN_BD, Lang::BN_IN, Lang::EN] {
                    let text = i18n.render(lang, &detail);
                    let (from, to, half_day) = if lang == Lang::EN {
                        let rest = text.split_once(" from ").unwrap().1;
                        let (from, rest) = rest.split_once(" to ").unwrap();
                        let to = rest.split(" (").next().unwrap();
                        // A start in its end's half of the day leaves am or pm to the
                        // end: "from 7:45 to 7:50 am".
                        let ampm = |part: &str| {
                            part.split(' ')
                                .find(|w| w.starts_with("am") || w.starts_with("pm"))
                                .map(str::to_owned)
                        };
                        let from = match ampm(from) {
                            Some(_) => from.to_owned(),
                            None if from.starts_with("noon") || from.starts_with("midnight") => {
                                from.to_owned()
                            }
                            None => format!(
                                "{from} {}",
                                ampm(to).unwrap_or_else(|| panic!("no am or pm in {text:?}"))
                            ),
                        };
                        (from, to, 1440)
                    } else {
                        let (from, rest) = text.split_once(" থেকে ").unwrap();
                        (from.to_owned(), rest.split(" পর্যন্ত").next().unwrap(), 720)
                    };
                    let between = clock_read_back(to, half_day) - clock_read_back(&from, half_day);
                    assert_eq!(
                        between.rem_euclid(half_day),
                        duration_read_back(&text) % half_day,
                        "{lang}: {text}"
                    );
                    // «পৌনে» (the next hour's) beside minutes reads backwards.
                    let to_the_hour = |part: &str| part.contains("পৌনে");
                    let minutes = |part: &str| part.contains("মিনিট");
                    assert!(
                        !(to_the_hour(&from) && minutes(to) || minutes(&from) && to_the_hour(to)),
                        "{lang}: «পৌনে» beside minutes in one span: {text}"
                    );
                }
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        /// Whatever a machine sends, and whatever a person is allowed to send, every
        /// notice it becomes fits one Telegram message in every language, as the event
        /// alone and as the whole story.
        #[test]
        fn every_notice_fits_one_message(raw in hard_text(), event in event(), days in 0i64..400) {
            let i18n = i18n();
            let machine = NoticeText::from_machine(LocalizedText::parse(&raw));
            let person = NoticeText::from_person(LocalizedText::parse(&raw));
            let started = Utc.with_ymd_and_hms(2022, 11, 1, 6, 30, 0).unwrap();
            for text in std::iter::once(machine).chain(person.ok()) {
                let notice = IncidentNotice {
                    incident_id: 1,
                    service: ServiceId::parse("whatsapp").unwrap(),
                    event,
                    severity: Severity::MajorOutage,
                    worst: Severity::MajorOutage,
                    at: started + Duration::days(days),
                    started_at: started,
                    resolved_at: (event == IncidentEvent::Resolved).then(|| started + Duration::days(days)),
                    // Trouble first, then down: the longest form of each line.
                    down_since: (days > 0).then(|| started + Duration::minutes(1)),
                    eased_since: None,
                    swung_since: None,
                    phase: Phase::Investigating,
                    had_both: days > 0,
                    time_fully_down: (days > 0).then(|| Duration::days(days) - Duration::minutes(1)),
                    text: text.into_inner(),
                };
                for lang in i18n.translations().languages() {
                    for rendered in [render(&i18n, lang, &notice), render_whole_story(&i18n, lang, &notice)] {
                        prop_assert!(utf16_len(&rendered) <= MAX_MESSAGE_UNITS, "{} units in {lang}", utf16_len(&rendered));
                    }
                }
            }
        }

        /// A reply that grows is split into messages that each fit, losing nothing.
        #[test]
        fn a_long_reply_splits_into_messages_that_fit(raw in hard_text()) {
            let parts = crate::outbound::MessageText::split(&raw);
            for part in &parts {
                prop_assert!(utf16_len(part.as_str()) <= MAX_MESSAGE_UNITS);
            }
            let kept: usize = parts.iter().map(|p| p.as_str().chars().filter(|c| !c.is_whitespace()).count()).sum();
            prop_assert_eq!(kept, raw.chars().filter(|c| !c.is_whitespace()).count());
        }
    }
}
