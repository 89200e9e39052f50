//! Crowd reports: one per reporter and service, counted against a window kept per
//! service by the writer (so each report costs the same however many came before),
//! and swept when the window has passed.

use chrono::{DateTime, Utc};

use super::codec::{self, millis};
use super::{Result, Store, Trees, corrupt, key_service, remove_where, sub_key, sub_prefix};
use crate::domain::{ReportOutcome, ReportWindow, ServiceId, UserId};

impl Store {
    /// Deletes the crowd reports made before `before` (past their window: they no longer
    /// count); returns how many. Run hourly, off the path of each report.
    pub async fn sweep_reports(&self, before: DateTime<Utc>) -> Result<usize> {
        self.writer
            .write(move |t| {
                let swept = remove_where(&t.reports, |value| {
                    codec::time(value).is_none_or(|at| at < before)
                })?;
                if swept > 0 {
                    t.forget_report_windows_all();
                }
                Ok(swept)
            })
            .await
    }

    /// Counts `user`'s report on `service` under `rule`. The writer applies reports one
    /// at a time, so a burst of reports crossing the threshold alerts the admins once.
    pub async fn record_report(
        &self,
        service: &ServiceId,
        user: UserId,
        now: DateTime<Utc>,
        rule: &ReportWindow,
    ) -> Result<ReportOutcome> {
        let service = service.clone();
        let rule = *rule;
        self.writer
            .write(move |t| t.record_report(&service, user, now, &rule))
            .await
    }
}

impl Trees {
    /// When each report of `service` still in the window was made, oldest first: one
    /// read of the service's reports, when its window is first needed.
    pub(super) fn report_times(
        &self,
        service: &ServiceId,
        rule: &ReportWindow,
        now: DateTime<Utc>,
    ) -> Result<std::collections::VecDeque<DateTime<Utc>>> {
        let mut times = Vec::new();
        for value in self.reports.scan_prefix(sub_prefix(service)).values() {
            let at = codec::time(&value?).ok_or_else(|| corrupt("reports", "bad time"))?;
            if rule.still_counts(at, now) {
                times.push(at);
            }
        }
        times.sort();
        Ok(times.into())
    }

    /// Reports of `services` were removed: their windows are read again when next needed.
    pub(super) fn forget_report_windows<'s>(
        &self,
        services: impl IntoIterator<Item = &'s ServiceId>,
    ) {
        let mut windows = self
            .report_windows
            .lock()
            .unwrap_or_else(|p| p.into_inner());
        for service in services {
            windows.remove(service);
        }
    }

    /// Every service's report window is read again when next needed.
    pub(super) fn forget_report_windows_all(&self) {
        self.report_windows
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

    pub(super) fn record_report(
        &self,
        service: &ServiceId,
        user: UserId,
        now: DateTime<Utc>,
        rule: &ReportWindow,
    ) -> Result<ReportOutcome> {
        let this_key = report_key(service, user);
        let this_user_last = self
            .reports
            .get(&this_key)?
            .map(|value| codec::time(&value).ok_or_else(|| corrupt("reports", "bad time")))
            .transpose()?;
        let last_alert = self
            .alerts
            .get(service.as_str())?
            .as_ref()
            .and_then(|v| codec::time(v));
        let outcome = {
            let mut windows = self
                .report_windows
                .lock()
                .unwrap_or_else(|p| p.into_inner());
            let window = match windows.entry(service.clone()) {
                std::collections::hash_map::Entry::Occupied(known) => known.into_mut(),
                std::collections::hash_map::Entry::Vacant(unknown) => {
                    unknown.insert(self.report_times(service, rule, now)?)
                }
            };
            while window
                .front()
                .is_some_and(|&at| !rule.still_counts(at, now))
            {
                window.pop_front();
            }
            // Everyone in the window but this user is another reporter: one report
            // each, since a second one within the window is `AlreadyCounted`.
            let mine = usize::from(this_user_last.is_some_and(|at| rule.still_counts(at, now)));
            rule.assess_count(
                now,
                this_user_last,
                window.len().saturating_sub(mine),
                last_alert,
            )
        };
        if outcome == ReportOutcome::AlreadyCounted {
            return Ok(outcome);
        }
        self.reports.insert(this_key, &millis(now))?;
        if let Some(window) = self
            .report_windows
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get_mut(service)
        {
            window.push_back(now);
        }
        if let ReportOutcome::Alert { .. } = outcome {
            self.alerts.insert(service.as_str(), &millis(now))?;
        }
        Ok(outcome)
    }
}

/// A user's report on a service: keyed like a subscription, by the user's private chat.
pub(super) fn report_key(service: &ServiceId, user: UserId) -> Vec<u8> {
    sub_key(service, user.private_chat())
}
