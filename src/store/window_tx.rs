//! A change to planned maintenance windows, decided on the writer thread and stored as
//! one transaction: the windows and the notices they send.

use chrono::{DateTime, Utc};
use sled::transaction::{ConflictableTransactionError, Transactional};

use super::codec::{decode_record, encode_record, id_key};
use super::{Result, StoreError, Trees};
use crate::domain::maintenance::{MaintenanceEvent, Window};
use crate::domain::{Audience, Broadcast, MaintenanceNotice, Notice, ReportTo};

/// What a change sees (every window as it is now) and what it records.
pub struct WindowTx<'a> {
    trees: &'a Trees,
    windows: Vec<Window>,
    broadcasts: Vec<Broadcast>,
}

impl<'a> WindowTx<'a> {
    pub(super) fn new(trees: &'a Trees) -> WindowTx<'a> {
        WindowTx {
            trees,
            windows: Vec::new(),
            broadcasts: Vec::new(),
        }
    }

    /// Every window, oldest id first (a few per service a year).
    pub fn windows(&self) -> Result<Vec<Window>> {
        self.trees.windows()
    }

    pub fn window(&self, id: u64) -> Result<Option<Window>> {
        self.trees.window(id)
    }

    /// A fresh id, unique for the life of the database.
    pub fn next_id(&self) -> Result<u64> {
        self.trees.next_id()
    }

    /// Broadcasts waiting in the outbox now.
    pub fn pending_broadcasts(&self) -> usize {
        self.trees.outbox.len()
    }

    /// Stores `window` as it now is, and queues `event` (posted `at`) to every
    /// subscriber of its service. Returns how many subscribers that is, and whether an
    /// end was told with the service still down (`outage_left`).
    pub fn record(
        &mut self,
        window: Window,
        event: Option<(MaintenanceEvent, DateTime<Utc>)>,
        report_to: Option<ReportTo>,
    ) -> Result<(u64, bool)> {
        let subscribers = self.trees.subscriber_count(&window.service) as u64;
        let mut outage_open = false;
        if let Some((event, at)) = event {
            // Only an end says whether the service works.
            outage_open = matches!(
                event,
                MaintenanceEvent::Ended | MaintenanceEvent::EndedEarly
            ) && self.outage_left(&window)?;
            let notice = MaintenanceNotice {
                outage_open,
                ..MaintenanceNotice::of(&window, event, at)
            };
            self.broadcasts.push(Broadcast::new(
                self.trees.next_id()?,
                Notice::Maintenance(notice),
                Audience::Subscribers,
                subscribers,
                report_to,
            ));
        }
        self.windows.push(window);
        Ok((subscribers, outage_open))
    }

    /// Whether the service is down as `window` ends: an incident open (the writer is
    /// the only one to open or close them, so what it reads here stands), or alarms the
    /// window held back that are weighed again as it ends and will open one (held during
    /// the window, so hours old at most: none gone quiet). "Maintenance over" then does
    /// not say it works.
    fn outage_left(&self, window: &Window) -> Result<bool> {
        if self.trees.open.contains_key(window.service.as_str())? {
            return Ok(true);
        }
        if window.held == 0 {
            return Ok(false);
        }
        for source in crate::domain::Source::KEEPING_ALARMS {
            if source == crate::domain::Source::Probe
                && self.trees.muted.contains_key(window.service.as_str())?
            {
                continue;
            }
            let prefix = super::incident_tx::alarm_prefix(&window.service, source);
            if self
                .trees
                .alarms
                .scan_prefix(prefix)
                .next()
                .transpose()?
                .is_some()
            {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// Stores everything recorded, all or nothing.
    pub(super) fn commit(self) -> Result<()> {
        let windows: Vec<_> = self
            .windows
            .iter()
            .map(|w| (id_key(w.id), encode_record(w)))
            .collect();
        let broadcasts: Vec<_> = self
            .broadcasts
            .iter()
            .map(|b| (id_key(b.id), encode_record(b)))
            .collect();
        (&self.trees.maintenance, &self.trees.outbox).transaction(|(maintenance, outbox)| {
            for (key, value) in &windows {
                maintenance.insert(key, value.as_slice())?;
            }
            for (key, value) in &broadcasts {
                outbox.insert(key, value.as_slice())?;
            }
            Ok::<_, ConflictableTransactionError<StoreError>>(())
        })?;
        Ok(())
    }
}

impl Trees {
    /// Every window that can be read. One that cannot (written by a newer build, or
    /// damaged) is left out and logged, never a reason to stop the others or the alarms
    /// the desk weighs against them; `outage-bot verify` reports it.
    pub(super) fn windows(&self) -> Result<Vec<Window>> {
        let mut windows = Vec::new();
        for entry in self.maintenance.iter() {
            let (key, value) = entry?;
            match decode_record(&value) {
                Ok(window) => windows.push(window),
                Err(e) => {
                    tracing::error!(key = ?key, error = %e, "a maintenance window cannot be read; leaving it out")
                }
            }
        }
        Ok(windows)
    }

    pub(super) fn window(&self, id: u64) -> Result<Option<Window>> {
        self.maintenance
            .get(id_key(id))?
            .map(|value| decode_record(&value))
            .transpose()
    }
}
