//! Crowd reports: one per reporter and service while the window lasts (with where the
//! reporter said they are, so a second tap moves their count), counts per service,
//! 5-minute bucket and place (`report_counts`, no one's id in them), and the usual
//! number per 15-minute slot of the week (`report_baseline`) that a surge is measured
//! against.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Duration, Utc};

use super::codec::{self, VALUE_VERSION, millis, put_len, take_len};
use super::{Result, Store, Trees, corrupt, key_service, sub_key, sub_prefix};
use crate::domain::report::{
    SlotHistory, WEEKS_KEPT, bucket_of, bucket_start, usual_between, week_slot,
};
use crate::domain::{
    CrowdCounts, PlaceKind, ReportOutcome, ReportPlace, ReportWindow, ServiceId, UserId,
};

/// How long the counts by bucket are kept: the API and the admins' alerts look back a
/// day; the usual numbers are kept apart, per slot of the week.
pub const COUNTS_KEPT: Duration = Duration::hours(48);

/// Who made a report.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Reporter {
    /// A Telegram user: counted once per window, told when the service is back.
    User(UserId),
    /// A website's "not working for me" button (`POST /api/v1/reports`): counted only.
    Web(ReportPlace),
}

/// What recording a report decided, and what the window held when it did.
#[derive(Clone, Debug, PartialEq)]
pub struct Recorded {
    pub outcome: ReportOutcome,
    /// How many reports usually come in such a window at this hour of the week.
    pub usual: Option<f64>,
}

/// One count of `report_counts`: reports of a service in one bucket from one place.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BucketCount {
    pub bucket: i64,
    pub place: ReportPlace,
    pub count: u32,
}

impl BucketCount {
    pub fn starts_at(&self) -> DateTime<Utc> {
        bucket_start(self.bucket)
    }
}

/// Per service, the reports in each recent bucket, kept by the writer so a report
/// costs the same however many came before (12,000 reports at once once took 39 s).
/// Counts only grow, and are read from the first bucket of a window on, so an entry
/// never goes stale; entries older than the longest window are dropped as new come.
pub(super) type ReportTotals = HashMap<ServiceId, BTreeMap<i64, u32>>;

impl Store {
    /// Deletes the reporters' own reports made before `before` (past their window: the
    /// choice of network and area goes with them), counts older than `COUNTS_KEPT`,
    /// and usual numbers no week has added to since `WEEKS_KEPT` weeks; returns how
    /// many reports it deleted. Run hourly, off the path of each report.
    pub async fn sweep_reports(&self, before: DateTime<Utc>) -> Result<usize> {
        self.writer
            .write(move |t| {
                // A report of an outage still open is kept past its window: its reporter
                // was promised the "back".
                let mut stale = Vec::new();
                for entry in t.reports.iter() {
                    let (key, value) = entry?;
                    if report_time(&value).is_none_or(|at| at < before) {
                        let open = key_service("reports", &key)
                            .map(|(service, _)| t.open.contains_key(service.as_str()))
                            .unwrap_or(Ok(false))?;
                        if !open {
                            stale.push(key);
                        }
                    }
                }
                let swept = stale.len();
                for key in stale {
                    t.reports.remove(key)?;
                }
                let oldest_bucket = bucket_of(before - COUNTS_KEPT);
                let mut doomed = Vec::new();
                for key in t.report_counts.iter().keys() {
                    let key = key?;
                    if count_key_bucket(&key).is_none_or(|b| b < oldest_bucket) {
                        doomed.push(key);
                    }
                }
                let (this_week, _) = week_slot(before);
                for entry in t.report_baseline.iter() {
                    let (key, value) = entry?;
                    let newest = decode_slot(&value).and_then(|h| h.weeks.last().map(|w| w.0));
                    if newest.is_none_or(|w| this_week - w > WEEKS_KEPT) {
                        t.report_baseline.remove(key)?;
                    }
                }
                for key in doomed {
                    t.report_counts.remove(key)?;
                }
                Ok(swept)
            })
            .await
    }

    /// Counts a report on `service` under `rule`. The writer applies reports one at a
    /// time, so a burst of reports crossing the threshold alerts the admins once.
    pub async fn record_report(
        &self,
        service: &ServiceId,
        reporter: Reporter,
        now: DateTime<Utc>,
        rule: &ReportWindow,
    ) -> Result<Recorded> {
        let service = service.clone();
        let rule = *rule;
        self.writer
            .write(move |t| t.record_report(&service, &reporter, now, &rule))
            .await
    }

    /// Sets the network or the area of `user`'s report on `service`, moving its count;
    /// the place it now has, or `None` when there is no report in the window to set.
    pub async fn place_report(
        &self,
        service: &ServiceId,
        user: UserId,
        kind: PlaceKind,
        id: String,
        now: DateTime<Utc>,
        rule: &ReportWindow,
    ) -> Result<Option<ReportPlace>> {
        let service = service.clone();
        let rule = *rule;
        self.writer
            .write(move |t| {
                let key = report_key(&service, user);
                let Some((at, place)) = t
                    .reports
                    .get(&key)?
                    .map(|v| decode_report(&v))
                    .transpose()?
                else {
                    return Ok(None);
                };
                if !rule.still_counts(at, now) {
                    return Ok(None);
                }
                let moved = place.with(kind, &id);
                if moved != place {
                    let bucket = bucket_of(at);
                    t.add_count(&service, bucket, &place, -1)?;
                    t.add_count(&service, bucket, &moved, 1)?;
                    t.reports.insert(key, encode_report(at, &moved))?;
                }
                Ok(Some(moved))
            })
            .await
    }

    /// Whether this is the first alert about `network` in the window (and notes it).
    pub async fn claim_network_alert(
        &self,
        network: &str,
        now: DateTime<Utc>,
        rule: &ReportWindow,
    ) -> Result<bool> {
        let key = [b"\0network\0".as_slice(), network.as_bytes()].concat();
        let rule = *rule;
        self.writer
            .write(move |t| {
                let last = t.alerts.get(&key)?.and_then(|v| codec::time(&v));
                if last.is_some_and(|at| rule.still_counts(at, now)) {
                    return Ok(false);
                }
                t.alerts.insert(key, &millis(now))?;
                Ok(true)
            })
            .await
    }

    /// `user`'s report on `service`, if they made one that is still kept: when, and from
    /// where.
    pub fn report_of(
        &self,
        service: &ServiceId,
        user: UserId,
    ) -> Result<Option<(DateTime<Utc>, ReportPlace)>> {
        self.trees
            .reports
            .get(report_key(service, user))?
            .map(|v| decode_report(&v))
            .transpose()
    }

    /// The reports of `service` from bucket `from` on, where they came from, as counts;
    /// none from before the service was last declared back (those were that outage's).
    pub fn crowd_counts(&self, service: &ServiceId, from: DateTime<Utc>) -> Result<CrowdCounts> {
        let from = match self.trees.reports_settled_at(service)? {
            Some(settled) if bucket_of(settled) >= bucket_of(from) => {
                bucket_start(bucket_of(settled) + 1)
            }
            _ => from,
        };
        let mut counts = CrowdCounts::default();
        for each in self.report_buckets(service, from)? {
            counts.add(&each.place, each.count);
        }
        Ok(counts)
    }

    /// The counts of `service` from the bucket holding `from` on, oldest first.
    pub fn report_buckets(
        &self,
        service: &ServiceId,
        from: DateTime<Utc>,
    ) -> Result<Vec<BucketCount>> {
        let start = count_key(service, bucket_of(from), None);
        let end = [sub_prefix(service), vec![0xff; 9]].concat();
        let mut out = Vec::new();
        for entry in self.trees.report_counts.range(start..end) {
            let (key, value) = entry?;
            let (bucket, place) = decode_count_key(service, &key)?;
            let count = decode_count(&value)?;
            if count > 0 {
                out.push(BucketCount {
                    bucket,
                    place,
                    count,
                });
            }
        }
        Ok(out)
    }
}

impl Trees {
    pub(super) fn record_report(
        &self,
        service: &ServiceId,
        reporter: &Reporter,
        now: DateTime<Utc>,
        rule: &ReportWindow,
    ) -> Result<Recorded> {
        let settled = self.reports_settled_at(service)?;
        let (this_user_last, place) = match reporter {
            // A report spent on the last outage is not this one's.
            Reporter::User(user) => match self.reports.get(report_key(service, *user))? {
                Some(value) => {
                    let (at, place) = decode_report(&value)?;
                    (Some(at).filter(|&at| settled.is_none_or(|s| at > s)), place)
                }
                None => (None, ReportPlace::default()),
            },
            Reporter::Web(place) => (None, place.clone()),
        };
        let last_alert = self
            .alerts
            .get(service.as_str())?
            .and_then(|v| codec::time(&v));
        let (week, _) = week_slot(now);
        let first_week = self.baseline_began(now)?;
        // Reports before the service was last declared back are not part of the next
        // outage: the window starts after it.
        let from = rule
            .first_bucket(now)
            .max(settled.map_or(i64::MIN, |at| bucket_of(at) + 1));
        // What is usual over the very buckets counted, the current one whole.
        let (span_from, span_to) = (bucket_start(from), bucket_start(bucket_of(now) + 1));
        let usual = usual_between(span_from, span_to, |week, slot| {
            let history = self
                .report_baseline
                .get(baseline_key(service, slot))
                .ok()
                .flatten()
                .and_then(|v| decode_slot(&v))
                .unwrap_or_default();
            history.usual(week, first_week)
        });
        let in_window = self.reports_since(service, from, now)?;
        let mine = usize::from(this_user_last.is_some_and(|at| rule.still_counts(at, now)));
        let outcome = rule.assess_count(
            now,
            this_user_last,
            (in_window as usize).saturating_sub(mine),
            last_alert,
            usual,
        );
        if outcome == ReportOutcome::AlreadyCounted {
            return Ok(Recorded { outcome, usual });
        }
        if let Reporter::User(user) = reporter {
            // A new window, a new report: the place said last time went with the last.
            self.reports.insert(
                report_key(service, *user),
                encode_report(now, &ReportPlace::default()),
            )?;
        }
        let place = match reporter {
            Reporter::User(_) => ReportPlace::default(),
            Reporter::Web(_) => place,
        };
        self.add_count(service, bucket_of(now), &place, 1)?;
        if let Some(service_totals) = self
            .report_totals
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get_mut(service)
        {
            *service_totals.entry(bucket_of(now)).or_insert(0) += 1;
        }
        let slot_key = baseline_key(service, week_slot(now).1);
        let mut history = self
            .report_baseline
            .get(&slot_key)?
            .map(|v| decode_slot(&v).ok_or_else(|| corrupt("report_baseline", "bad slot")))
            .transpose()?
            .unwrap_or_default();
        history.add(week);
        self.report_baseline
            .insert(slot_key, encode_slot(&history))?;
        if let ReportOutcome::Alert { .. } = outcome {
            self.alerts.insert(service.as_str(), &millis(now))?;
        }
        Ok(Recorded { outcome, usual })
    }

    /// Reports of `service` in buckets from `from` on, from the writer's running totals
    /// (built from the tree when first needed).
    fn reports_since(&self, service: &ServiceId, from: i64, now: DateTime<Utc>) -> Result<u32> {
        let mut totals = self.report_totals.lock().unwrap_or_else(|p| p.into_inner());
        let service_totals = match totals.entry(service.clone()) {
            std::collections::hash_map::Entry::Occupied(known) => known.into_mut(),
            std::collections::hash_map::Entry::Vacant(unknown) => {
                let mut built = BTreeMap::new();
                let start = count_key(service, bucket_of(now - COUNTS_KEPT), None);
                let end = [sub_prefix(service), vec![0xff; 9]].concat();
                for entry in self.report_counts.range(start..end) {
                    let (key, value) = entry?;
                    let (bucket, _) = decode_count_key(service, &key)?;
                    *built.entry(bucket).or_insert(0u32) += decode_count(&value)?;
                }
                unknown.insert(built)
            }
        };
        let oldest = bucket_of(now - COUNTS_KEPT);
        while service_totals
            .first_key_value()
            .is_some_and(|(&b, _)| b < oldest)
        {
            service_totals.pop_first();
        }
        Ok(service_totals.range(from..).map(|(_, n)| n).sum())
    }

    /// Adds `delta` to the count of `service` in `bucket` from `place` (a new report, or
    /// one moving between places: the running totals are `record_report`'s to keep).
    fn add_count(
        &self,
        service: &ServiceId,
        bucket: i64,
        place: &ReportPlace,
        delta: i32,
    ) -> Result<()> {
        let key = count_key(service, bucket, Some(place));
        let was = self
            .report_counts
            .get(&key)?
            .map(|v| decode_count(&v))
            .transpose()?
            .unwrap_or(0);
        let now = was.saturating_add_signed(delta);
        if now == 0 {
            self.report_counts.remove(key)?;
        } else {
            self.report_counts
                .insert(key, encode_count(now).as_slice())?;
        }
        Ok(())
    }

    /// The week the usual numbers began to be counted in: `meta`'s `reports_began`,
    /// set by the first report ever (`now`). Weeks before it are not weeks without
    /// reports.
    fn baseline_began(&self, now: DateTime<Utc>) -> Result<i64> {
        let began = match self
            .meta
            .get("reports_began")?
            .and_then(|v| codec::time(&v))
        {
            Some(began) => began,
            None => {
                self.meta.insert("reports_began", &millis(now))?;
                now
            }
        };
        Ok(week_slot(began).0)
    }

    /// When the service's reports were last spent (told it is back): reports up to then
    /// count toward no alert and no "back".
    pub(super) fn reports_settled_at(&self, service: &ServiceId) -> Result<Option<DateTime<Utc>>> {
        Ok(self
            .alerts
            .get(settled_key(service))?
            .and_then(|v| codec::time(&v)))
    }

    /// `report_counts` was written outside the writer's running totals (an import).
    pub(super) fn forget_report_totals(&self) {
        self.report_totals
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clear();
    }

    /// Every service that has reports, found by jumping from one service's keys to the
    /// next (a seek per service, not a read of every report).
    pub(super) fn services_with_reports(&self) -> Result<Vec<ServiceId>> {
        let mut services = Vec::new();
        let mut from: Vec<u8> = Vec::new();
        while let Some(key) = self
            .reports
            .range(from.clone()..)
            .keys()
            .next()
            .transpose()?
        {
            let (service, end) = key_service("reports", &key)?;
            services.push(service);
            // The first key after every `service\0…` one.
            from = [&key[..end], &[1u8][..]].concat();
        }
        Ok(services)
    }
}

/// A user's report on a service: keyed like a subscription, by the user's private chat.
pub(super) fn report_key(service: &ServiceId, user: UserId) -> Vec<u8> {
    sub_key(service, user.private_chat())
}

/// Where `alerts` keeps when the service was last declared back.
pub(super) fn settled_key(service: &ServiceId) -> Vec<u8> {
    [service.as_str().as_bytes(), b"\0settled"].concat()
}

/// A report's time, from a value of either layout.
pub(super) fn report_time(value: &[u8]) -> Option<DateTime<Utc>> {
    codec::time(value.get(..8)?)
}

/// A report: its time (i64 ms BE, all the first layout held), then version 1, the
/// network and the area, each a length and UTF-8 (empty when not said).
fn encode_report(at: DateTime<Utc>, place: &ReportPlace) -> Vec<u8> {
    let mut out = millis(at).to_vec();
    if *place != ReportPlace::default() {
        out.push(VALUE_VERSION);
        for part in [&place.network, &place.area] {
            let text = part.as_deref().unwrap_or("");
            put_len(&mut out, text.len());
            out.extend_from_slice(text.as_bytes());
        }
    }
    out
}

fn decode_report(value: &[u8]) -> Result<(DateTime<Utc>, ReportPlace)> {
    let bad = || corrupt("reports", "bad report");
    let at = report_time(value).ok_or_else(bad)?;
    let mut rest = &value[8..];
    let mut place = ReportPlace::default();
    if let Some((&version, after)) = rest.split_first() {
        if version != VALUE_VERSION {
            return Err(corrupt("reports", format!("version {version}")));
        }
        rest = after;
        for part in [&mut place.network, &mut place.area] {
            let (len, after) = take_len(rest).ok_or_else(bad)?;
            let text = after.get(..len).ok_or_else(bad)?;
            let text = std::str::from_utf8(text).map_err(|e| corrupt("reports", e))?;
            *part = (!text.is_empty()).then(|| text.to_owned());
            rest = &after[len..];
        }
    }
    Ok((at, place))
}

/// `service \0 bucket (i64 BE) network \0 area`: a bucket's places sort together.
fn count_key(service: &ServiceId, bucket: i64, place: Option<&ReportPlace>) -> Vec<u8> {
    let mut key = sub_prefix(service);
    key.extend_from_slice(&((bucket as u64) ^ (1 << 63)).to_be_bytes());
    if let Some(place) = place {
        key.extend_from_slice(place.network.as_deref().unwrap_or("").as_bytes());
        key.push(0);
        key.extend_from_slice(place.area.as_deref().unwrap_or("").as_bytes());
    }
    key
}

fn count_key_bucket(key: &[u8]) -> Option<i64> {
    let end = key.iter().position(|&b| b == 0)?;
    let raw: [u8; 8] = key.get(end + 1..end + 9)?.try_into().ok()?;
    Some((u64::from_be_bytes(raw) ^ (1 << 63)) as i64)
}

fn decode_count_key(service: &ServiceId, key: &[u8]) -> Result<(i64, ReportPlace)> {
    let bad = || corrupt("report_counts", "bad key");
    let bucket = count_key_bucket(key).ok_or_else(bad)?;
    let rest = key.get(sub_prefix(service).len() + 8..).ok_or_else(bad)?;
    let text = std::str::from_utf8(rest).map_err(|e| corrupt("report_counts", e))?;
    let (network, area) = text.split_once('\0').ok_or_else(bad)?;
    let part = |s: &str| (!s.is_empty()).then(|| s.to_owned());
    Ok((
        bucket,
        ReportPlace {
            network: part(network),
            area: part(area),
        },
    ))
}

/// A count: version 1, u32 BE.
fn encode_count(n: u32) -> [u8; 5] {
    let b = n.to_be_bytes();
    [VALUE_VERSION, b[0], b[1], b[2], b[3]]
}

fn decode_count(value: &[u8]) -> Result<u32> {
    match value {
        [VALUE_VERSION, rest @ ..] if rest.len() == 4 => {
            Ok(u32::from_be_bytes(rest.try_into().expect("four bytes")))
        }
        _ => Err(corrupt("report_counts", "bad count")),
    }
}

/// `service \0 slot (u16 BE)`.
fn baseline_key(service: &ServiceId, slot: u16) -> Vec<u8> {
    [sub_prefix(service).as_slice(), &slot.to_be_bytes()].concat()
}

/// A slot's weeks: version 1, then (week i64 BE, reports u32 BE) each, oldest first.
fn encode_slot(history: &SlotHistory) -> Vec<u8> {
    let mut out = vec![VALUE_VERSION];
    for (week, n) in &history.weeks {
        out.extend_from_slice(&week.to_be_bytes());
        out.extend_from_slice(&n.to_be_bytes());
    }
    out
}

fn decode_slot(value: &[u8]) -> Option<SlotHistory> {
    let (&version, rest) = value.split_first()?;
    if version != VALUE_VERSION || rest.len() % 12 != 0 {
        return None;
    }
    let weeks = rest
        .chunks_exact(12)
        .map(|c| {
            (
                i64::from_be_bytes(c[..8].try_into().expect("eight bytes")),
                u32::from_be_bytes(c[8..].try_into().expect("four bytes")),
            )
        })
        .collect();
    Some(SlotHistory { weeks })
}
