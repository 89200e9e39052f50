//! Crowd reports ("it's down for me"): distinct reporters per service in a sliding
//! window, where they report from, what is usual for the hour of the week, and what the
//! reporter and the admins are told about it.

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, Utc};

use super::ServiceId;

/// Reports are counted in buckets this long (where they come from, kept as counts only).
pub const BUCKET_SECS: i64 = 5 * 60;
/// The reporter's answer counts the reports of this long before it («গত ১৫ মিনিটে»).
pub const RECENT: Duration = Duration::minutes(15);
/// The usual number of reports is kept per slot of the week this long.
pub const SLOT_SECS: i64 = 15 * 60;
/// How many past weeks the usual number is taken from.
pub const WEEKS_KEPT: i64 = 4;
const WEEK_SECS: i64 = 7 * 24 * 3600;
/// 1970-01-01 was a Thursday: weeks here begin on Monday 00:00 UTC.
const EPOCH_TO_MONDAY_SECS: i64 = 3 * 24 * 3600;

/// The rule that turns individual reports into an alert for the admins.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ReportWindow {
    /// How far back reports count.
    pub window: Duration,
    /// How many distinct reporters in the window make an alert at least (the floor).
    pub threshold: u32,
    /// How many times the usual number for this hour of the week the reporters must
    /// be, too, once the bot has a week's history: a busy evening is not an outage.
    pub surge_factor: u32,
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
        self.assess_count(now, this_user_last, others, last_alert, None)
    }

    /// `assess`, given how many other users reported within the window rather than
    /// when, and how many usually do in such a window at this hour of the week (`None`
    /// before the bot has a past week to compare with: the threshold alone decides).
    pub fn assess_count(
        &self,
        now: DateTime<Utc>,
        this_user_last: Option<DateTime<Utc>>,
        others_in_window: usize,
        last_alert: Option<DateTime<Utc>>,
        usual: Option<f64>,
    ) -> ReportOutcome {
        let in_window = |t: DateTime<Utc>| now - t < self.window && t <= now;
        if this_user_last.is_some_and(in_window) {
            return ReportOutcome::AlreadyCounted;
        }
        let reporters = 1 + others_in_window as u32;
        let alerted_recently = last_alert.is_some_and(in_window);
        let above_usual =
            usual.is_none_or(|usual| f64::from(reporters) >= f64::from(self.surge_factor) * usual);
        if reporters >= self.threshold && above_usual && !alerted_recently {
            ReportOutcome::Alert { reporters }
        } else {
            ReportOutcome::Counted { reporters }
        }
    }

    /// Whether a report made at `t` still counts at `now` (older ones may be forgotten).
    pub fn still_counts(&self, t: DateTime<Utc>, now: DateTime<Utc>) -> bool {
        now - t < self.window
    }

    /// The first bucket the window at `now` counts: the one after the bucket holding
    /// `now - window`, so a report never counts longer than the window (and up to one
    /// bucket less): an alert errs toward later, not toward an old report.
    pub fn first_bucket(&self, now: DateTime<Utc>) -> i64 {
        bucket_of(now - self.window) + 1
    }
}

/// The 5-minute bucket `t` falls in.
pub fn bucket_of(t: DateTime<Utc>) -> i64 {
    t.timestamp().div_euclid(BUCKET_SECS)
}

/// When bucket `bucket` begins.
pub fn bucket_start(bucket: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(bucket * BUCKET_SECS, 0).unwrap_or_default()
}

/// Where a report came from, as far as the reporter said: ids from `[reports]`'s
/// `networks` and `areas`, each optional.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ReportPlace {
    pub network: Option<String>,
    pub area: Option<String>,
}

/// Which of the two a reporter is telling.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PlaceKind {
    Network,
    Area,
}

impl ReportPlace {
    /// This place with `kind` set to `id`.
    pub fn with(&self, kind: PlaceKind, id: &str) -> ReportPlace {
        let mut place = self.clone();
        match kind {
            PlaceKind::Network => place.network = Some(id.to_owned()),
            PlaceKind::Area => place.area = Some(id.to_owned()),
        }
        place
    }
}

/// Reports of one service over a span, by where they came from (counts only).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CrowdCounts {
    pub total: u32,
    pub by_network: BTreeMap<String, u32>,
    pub by_area: BTreeMap<String, u32>,
}

/// How the reports other than the reader's are spread.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Spread {
    /// Most of those who named a network named this one: it may be the network.
    MostlyOn(String),
    /// From several networks or several areas, none dominating: it is the service.
    Wide,
    /// Too few said where to tell.
    Unsaid,
}

/// The least number of reports that named a network before one can be said to dominate.
const FEWEST_TO_TELL: u32 = 3;

impl CrowdCounts {
    pub fn add(&mut self, place: &ReportPlace, n: u32) {
        self.total += n;
        if let Some(network) = &place.network {
            *self.by_network.entry(network.clone()).or_default() += n;
        }
        if let Some(area) = &place.area {
            *self.by_area.entry(area.clone()).or_default() += n;
        }
    }

    /// These counts less one report from `place` (the reader's own).
    pub fn without(&self, place: &ReportPlace) -> CrowdCounts {
        let mut rest = self.clone();
        rest.total = rest.total.saturating_sub(1);
        let less = |map: &mut BTreeMap<String, u32>, id: &Option<String>| {
            if let Some(n) = id.as_ref().and_then(|id| map.get_mut(id)) {
                *n = n.saturating_sub(1);
            }
            map.retain(|_, n| *n > 0);
        };
        less(&mut rest.by_network, &place.network);
        less(&mut rest.by_area, &place.area);
        rest
    }

    /// The network most reports named, when at least three named one and it has three
    /// in five of them.
    pub fn dominant_network(&self) -> Option<&str> {
        dominant(&self.by_network)
    }

    pub fn spread(&self) -> Spread {
        if let Some(network) = self.dominant_network() {
            return Spread::MostlyOn(network.to_owned());
        }
        let named = |map: &BTreeMap<String, u32>| map.values().sum::<u32>();
        if named(&self.by_network) >= FEWEST_TO_TELL && self.by_network.len() >= 2
            || named(&self.by_area) >= FEWEST_TO_TELL && self.by_area.len() >= 2
        {
            Spread::Wide
        } else {
            Spread::Unsaid
        }
    }

    /// The `n` places of `map` with the most reports, most first (ties by id).
    pub fn top(map: &BTreeMap<String, u32>, n: usize) -> Vec<(&str, u32)> {
        let mut all: Vec<(&str, u32)> = map.iter().map(|(id, &c)| (id.as_str(), c)).collect();
        all.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        all.truncate(n);
        all
    }

    /// At most `n` places that lead the rest: the most reported, each with more than
    /// any left out («হাওড়ায় বেশি» for Howrah 3, Kolkata 1, Nadia 1 — not «হাওড়া ও
    /// কলকাতায়», Kolkata no more than Nadia); when none is left out, those level with
    /// the first. None when more than `n` are level at the top.
    pub fn leading(map: &BTreeMap<String, u32>, n: usize) -> Vec<(&str, u32)> {
        let mut all = CrowdCounts::top(map, map.len());
        let mut kept = n.min(all.len());
        while kept > 0 && all.get(kept).is_some_and(|next| next.1 >= all[kept - 1].1) {
            kept -= 1;
        }
        // Nothing left out: those that lead are the ones level with the most reported
        // (Howrah 3, Kolkata 1 is «হাওড়ায় বেশি»).
        if kept == all.len()
            && let Some(&(_, most)) = all.first()
        {
            kept = all.iter().take_while(|(_, c)| *c == most).count();
        }
        all.truncate(kept);
        all
    }
}

fn dominant(map: &BTreeMap<String, u32>) -> Option<&str> {
    let named: u32 = map.values().sum();
    let (id, &top) = map.iter().max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))?;
    (named >= FEWEST_TO_TELL && top * 5 >= named * 3).then_some(id.as_str())
}

/// The week (from Monday 00:00 UTC) and the 15-minute slot of that week `t` falls in.
pub fn week_slot(t: DateTime<Utc>) -> (i64, u16) {
    let since = t.timestamp() + EPOCH_TO_MONDAY_SECS;
    let week = since.div_euclid(WEEK_SECS);
    let slot = since.rem_euclid(WEEK_SECS) / SLOT_SECS;
    (week, slot as u16)
}

/// How many reports one slot of the week had, in each of the last weeks (the current
/// one and `WEEKS_KEPT` before it; older weeks are dropped as new ones come).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SlotHistory {
    /// (week, reports), oldest first.
    pub weeks: Vec<(i64, u32)>,
}

impl SlotHistory {
    /// One more report in `week`.
    pub fn add(&mut self, week: i64) {
        match self.weeks.iter_mut().find(|(w, _)| *w == week) {
            Some((_, n)) => *n = n.saturating_add(1),
            None => {
                self.weeks.push((week, 1));
                self.weeks.sort_unstable();
            }
        }
        self.weeks.retain(|(w, _)| week - w <= WEEKS_KEPT);
    }

    /// The usual number in this slot as of `week`: the median of the past weeks the bot
    /// was keeping count in (from `first_week`; a week with no report counts as 0), so
    /// one past outage does not raise it. `None` before one whole past week.
    pub fn usual(&self, week: i64, first_week: i64) -> Option<f64> {
        let mut past: Vec<u32> = (week - WEEKS_KEPT..week)
            .filter(|&w| w >= first_week)
            .map(|w| {
                self.weeks
                    .iter()
                    .find(|(kept, _)| *kept == w)
                    .map_or(0, |(_, n)| *n)
            })
            .collect();
        if past.is_empty() {
            return None;
        }
        past.sort_unstable();
        let mid = past.len() / 2;
        Some(if past.len() % 2 == 1 {
            f64::from(past[mid])
        } else {
            (f64::from(past[mid - 1]) + f64::from(past[mid])) / 2.0
        })
    }
}

/// The usual number of reports from `from` to `to` (the buckets a window counts): each
/// slot the span overlaps weighs as much of it as the span covers. `usual_of(week,
/// slot)` gives a slot's usual number (`None` before the bot has a past week).
pub fn usual_between(
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    mut usual_of: impl FnMut(i64, u16) -> Option<f64>,
) -> Option<f64> {
    let end = to.timestamp();
    let start = from.timestamp();
    let mut total = None;
    let mut from = start;
    while from < end {
        let slot_end = (from.div_euclid(SLOT_SECS) + 1) * SLOT_SECS;
        let to = slot_end.min(end);
        let at = DateTime::from_timestamp(from, 0).unwrap_or_default();
        let (week, slot) = week_slot(at);
        if let Some(usual) = usual_of(week, slot) {
            let share = (to - from) as f64 / SLOT_SECS as f64;
            *total.get_or_insert(0.0) += usual * share;
        }
        from = to;
    }
    total
}

/// Counts as a line of eight bar heights, «▁▁▂▅█»: the empty ones lowest, the largest
/// full, every other at least one step up from empty.
pub fn sparkline(counts: &[u32]) -> String {
    const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
    let top = counts.iter().copied().max().unwrap_or(0);
    counts
        .iter()
        .map(|&n| {
            if n == 0 || top == 0 {
                BARS[0]
            } else {
                // n/top of the way up, rounded, and never down to empty.
                let (n, top) = (u64::from(n), u64::from(top));
                let step = ((n * 14 + top) / (2 * top)).max(1) as usize;
                BARS[step.min(7)]
            }
        })
        .collect()
}

/// How many services must share a dominant network before it is the network's fault.
pub const CLUSTER_SERVICES: usize = 3;

/// A network most reports of at least `CLUSTER_SERVICES` services come from, and those
/// services (the network with the most such services; ties by id).
pub fn network_cluster<'a>(
    per_service: impl IntoIterator<Item = (&'a ServiceId, &'a CrowdCounts)>,
) -> Option<(String, Vec<ServiceId>)> {
    let mut by_network: BTreeMap<&str, Vec<ServiceId>> = BTreeMap::new();
    for (service, counts) in per_service {
        if let Some(network) = counts.dominant_network() {
            by_network.entry(network).or_default().push(service.clone());
        }
    }
    by_network
        .into_iter()
        .filter(|(_, services)| services.len() >= CLUSTER_SERVICES)
        .max_by(|a, b| a.1.len().cmp(&b.1.len()).then(b.0.cmp(a.0)))
        .map(|(network, services)| (network.to_owned(), services))
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
        surge_factor: 3,
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

    fn place(network: Option<&str>, area: Option<&str>) -> ReportPlace {
        ReportPlace {
            network: network.map(str::to_owned),
            area: area.map(str::to_owned),
        }
    }

    fn counts(reports: &[(Option<&str>, Option<&str>, u32)]) -> CrowdCounts {
        let mut counts = CrowdCounts::default();
        for &(network, area, n) in reports {
            counts.add(&place(network, area), n);
        }
        counts
    }

    #[test]
    fn a_network_dominates_with_three_in_five_of_those_who_named_one() {
        let robi = counts(&[
            (Some("robi"), None, 6),
            (Some("gp"), None, 4),
            (None, None, 50),
        ]);
        assert_eq!(robi.spread(), Spread::MostlyOn("robi".into()));
        let even = counts(&[
            (Some("robi"), Some("dhaka"), 5),
            (Some("gp"), Some("sylhet"), 5),
        ]);
        assert_eq!(even.spread(), Spread::Wide);
        // Two who named a network are too few to blame it.
        let few = counts(&[(Some("robi"), None, 2), (None, None, 40)]);
        assert_eq!(few.spread(), Spread::Unsaid);
    }

    #[test]
    fn the_readers_own_report_is_taken_out_of_what_they_are_told() {
        let all = counts(&[(Some("robi"), Some("dhaka"), 1), (Some("gp"), None, 2)]);
        let others = all.without(&place(Some("robi"), Some("dhaka")));
        assert_eq!(others.total, 2);
        assert_eq!(others.by_network.get("robi"), None);
        assert!(others.by_area.is_empty());
    }

    #[test]
    fn weeks_begin_on_monday_and_slots_are_quarter_hours() {
        use chrono::TimeZone;
        // Monday 7 November 2022, 00:00 and 19:10 UTC.
        let monday = Utc.with_ymd_and_hms(2022, 11, 7, 0, 0, 0).unwrap();
        let (week, slot) = week_slot(monday);
        assert_eq!(slot, 0);
        assert_eq!(
            week_slot(monday - Duration::seconds(1)),
            (week - 1, 7 * 96 - 1)
        );
        assert_eq!(
            week_slot(monday + Duration::minutes(19 * 60 + 10)),
            (week, 76)
        );
    }

    #[test]
    fn the_usual_number_is_the_median_of_past_weeks_and_forgets_old_ones() {
        let mut slot = SlotHistory::default();
        for (week, n) in [(10, 40), (11, 2), (12, 38), (13, 41)] {
            for _ in 0..n {
                slot.add(week);
            }
        }
        // One quiet week among busy ones does not make the hour quiet.
        assert_eq!(slot.usual(14, 0), Some(39.0));
        // Before a whole past week there is nothing to compare with.
        assert_eq!(slot.usual(14, 14), None);
        // A week not kept counts as none, if the bot was counting then.
        assert_eq!(slot.usual(14, 13), Some(41.0));
        slot.add(16);
        assert_eq!(slot.weeks.first().map(|w| w.0), Some(12));
    }

    #[test]
    fn a_surge_must_be_above_the_floor_and_above_the_usual() {
        let rule = ReportWindow {
            surge_factor: 3,
            ..RULE
        };
        let now = min(0);
        // 40 reporters where 40 is usual: a busy evening.
        assert_eq!(
            rule.assess_count(now, None, 39, None, Some(40.0)),
            ReportOutcome::Counted { reporters: 40 }
        );
        // 40 where 2 is usual: a surge.
        assert_eq!(
            rule.assess_count(now, None, 39, None, Some(2.0)),
            ReportOutcome::Alert { reporters: 40 }
        );
        // Two where none is usual: below the floor still.
        assert_eq!(
            rule.assess_count(now, None, 1, None, Some(0.0)),
            ReportOutcome::Counted { reporters: 2 }
        );
    }

    #[test]
    fn the_usual_in_a_window_weighs_each_slot_by_the_part_it_covers() {
        use chrono::TimeZone;
        // 19:05 to 19:35: 10 minutes of the 19:00 slot, 15 of 19:15, 5 of 19:30.
        let now = Utc.with_ymd_and_hms(2022, 11, 7, 19, 35, 0).unwrap();
        let from = now - Duration::minutes(30);
        let usual = usual_between(from, now, |_, slot| {
            Some(match slot {
                76 => 30.0,
                77 => 60.0,
                78 => 90.0,
                _ => 0.0,
            })
        });
        assert_eq!(usual, Some(20.0 + 60.0 + 30.0));
        assert_eq!(usual_between(from, now, |_, _| None), None);
    }

    #[test]
    fn a_sparkline_keeps_quiet_buckets_low_and_the_peak_full() {
        assert_eq!(sparkline(&[0, 0, 1, 5, 10]), "▁▁▂▅█");
        assert_eq!(sparkline(&[0, 0]), "▁▁");
        assert_eq!(sparkline(&[]), "");
    }

    #[test]
    fn three_services_mostly_from_one_network_point_at_the_network() {
        let ids: Vec<ServiceId> = ["facebook", "whatsapp", "youtube", "bkash"]
            .iter()
            .map(|s| ServiceId::parse(s).unwrap())
            .collect();
        let robi = counts(&[(Some("robi"), None, 9), (Some("gp"), None, 1)]);
        let gp = counts(&[(Some("gp"), None, 9)]);
        let two = [(&ids[0], &robi), (&ids[1], &robi), (&ids[3], &gp)];
        assert_eq!(network_cluster(two), None);
        let three = [
            (&ids[0], &robi),
            (&ids[1], &robi),
            (&ids[2], &robi),
            (&ids[3], &gp),
        ];
        assert_eq!(
            network_cluster(three),
            Some(("robi".into(), ids[..3].to_vec()))
        );
    }

    #[test]
    fn the_places_said_to_lead_lead_every_place_left_out() {
        let map = |pairs: &[(&str, u32)]| -> BTreeMap<String, u32> {
            pairs.iter().map(|(k, v)| ((*k).to_owned(), *v)).collect()
        };
        let lead = |pairs: &[(&str, u32)]| -> Vec<String> {
            CrowdCounts::leading(&map(pairs), 2)
                .into_iter()
                .map(|(id, _)| id.to_owned())
                .collect()
        };
        assert_eq!(
            lead(&[("howrah", 3), ("kolkata", 1), ("nadia", 1)]),
            ["howrah"]
        );
        assert_eq!(
            lead(&[("dhaka", 4), ("ctg", 3), ("sylhet", 1)]),
            ["dhaka", "ctg"]
        );
        assert_eq!(lead(&[("dhaka", 2), ("ctg", 2)]), ["ctg", "dhaka"]);
        assert!(lead(&[("dhaka", 2), ("ctg", 2), ("sylhet", 2)]).is_empty());
        assert!(lead(&[]).is_empty());
        assert_eq!(lead(&[("howrah", 3), ("kolkata", 1)]), ["howrah"]);
    }
}
