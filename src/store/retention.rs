//! Keeping the store from growing without bound: resolved incidents older than the
//! history keeps are folded into one summary per service (`history` tree), in the same
//! transaction that removes them. Maintenance windows over for as long go too. Delivery
//! records go as soon as they are done (`finish_broadcast`, `cut_short`); crowd reports
//! as their window passes.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Utc};
use sled::transaction::{ConflictableTransactionError, Transactional};

use super::codec::{decode_record, encode_record, id_key};
use super::indexes::incident_index_key;
use super::{Result, Store, StoreError, Trees};
use crate::domain::{Broadcast, Incident, Notice, PastIncidents, ServiceId, Thread};

impl Store {
    /// Folds every incident resolved before `before` into its service's summary; returns
    /// how many were folded. An incident whose broadcast is still in the outbox waits.
    pub async fn fold_history(&self, before: DateTime<Utc>) -> Result<usize> {
        let shown = self.shown_handle();
        self.writer
            .write(move |t| {
                let folded = t.fold_history(before)?;
                shown.bump();
                Ok(folded)
            })
            .await
    }

    /// Deletes the maintenance windows that ended (or were called off) before `before`;
    /// returns how many. A window whose notice is still in the outbox waits.
    pub async fn forget_windows(&self, before: DateTime<Utc>) -> Result<usize> {
        let shown = self.shown_handle();
        self.writer
            .write(move |t| {
                let mut still_told = BTreeSet::new();
                for value in t.outbox.iter().values() {
                    if let Ok(broadcast) = decode_record::<Broadcast>(&value?)
                        && let Notice::Maintenance(n) = broadcast.notice
                    {
                        still_told.insert(n.window_id);
                    }
                }
                let mut forgotten = 0;
                for window in t.windows()? {
                    if !window.is_active()
                        && window.ends < before
                        && !still_told.contains(&window.id)
                    {
                        t.maintenance.remove(id_key(window.id))?;
                        t.forget_thread(Thread::Window(window.id))?;
                        forgotten += 1;
                    }
                }
                shown.bump();
                Ok(forgotten)
            })
            .await
    }

    /// The summary of each service's folded incidents (of one service, or all).
    pub fn past_incidents(
        &self,
        service: Option<&ServiceId>,
    ) -> Result<Vec<(ServiceId, PastIncidents)>> {
        if let Some(service) = service {
            return Ok(match self.trees.history.get(service.as_str())? {
                Some(value) => vec![(service.clone(), decode_record(&value)?)],
                None => Vec::new(),
            });
        }
        let mut out = Vec::new();
        for entry in self.trees.history.iter() {
            let (key, value) = entry?;
            let id = ServiceId::parse(&String::from_utf8_lossy(&key)).map_err(|e| {
                StoreError::Corrupt {
                    tree: "history",
                    reason: e,
                }
            })?;
            out.push((id, decode_record(&value)?));
        }
        Ok(out)
    }
}

impl Trees {
    fn fold_history(&self, before: DateTime<Utc>) -> Result<usize> {
        let mut still_told = BTreeSet::new();
        for value in self.outbox.iter().values() {
            if let Ok(broadcast) = decode_record::<Broadcast>(&value?)
                && let Some(incident) = broadcast.notice.incident_id()
            {
                still_told.insert(incident);
            }
        }
        let mut summaries: BTreeMap<ServiceId, PastIncidents> = BTreeMap::new();
        let mut unreadable = 0;
        let mut folded = Vec::new();
        let mut folded_ids = Vec::new();
        for entry in self.incidents.iter() {
            let (key, value) = entry?;
            // One incident this build cannot read must not stop the rest from folding;
            // `outage-bot verify` lists it.
            let Ok(incident) = decode_record::<Incident>(&value) else {
                unreadable += 1;
                continue;
            };
            let old_enough = incident.resolved_at.is_some_and(|end| end < before);
            let Some(past) = PastIncidents::of(&incident) else {
                continue;
            };
            if !old_enough || still_told.contains(&incident.id) {
                continue;
            }
            let summary = match summaries.remove(&incident.service) {
                Some(summary) => summary.and(past),
                None => match self.history.get(incident.service.as_str())? {
                    Some(kept) => decode_record::<PastIncidents>(&kept)?.and(past),
                    None => past,
                },
            };
            summaries.insert(incident.service.clone(), summary);
            folded.push((key, incident_index_key(&incident.service, incident.id)));
            folded_ids.push(incident.id);
        }
        if unreadable > 0 {
            tracing::warn!(
                unreadable,
                "incidents this build cannot read were left unfolded"
            );
        }
        if folded.is_empty() {
            return Ok(0);
        }
        (&self.incidents, &self.history, &self.incident_index).transaction(
            |(incidents, history, index)| {
                for (key, indexed) in &folded {
                    incidents.remove(key)?;
                    index.remove(indexed.as_slice())?;
                }
                for (service, summary) in &summaries {
                    history.insert(service.as_str(), encode_record(summary))?;
                }
                Ok::<_, ConflictableTransactionError<StoreError>>(())
            },
        )?;
        // What a cut-short ending left: nothing replies in a folded incident's thread.
        for id in folded_ids {
            self.forget_thread(Thread::Incident(id))?;
        }
        Ok(folded.len())
    }
}
