//! What the store derives from its records so that a read costs the same however big the
//! store grows: each service's incidents by id (`incident_index`, on disk), and each
//! service's number of subscribers (in memory, kept by the writer).
//!
//! Both are derived, so neither is in a backup nor in the store's own count: the index
//! is built again whenever it disagrees with the incidents (at open, after an import, by
//! `verify --repair`), and the counts are taken from the subscriber pages at open and
//! after every change that rewrites pages wholesale. `/history` of a quiet service read
//! every incident before (0.1 s of CPU at 10,000), and each `/metrics` scrape read every
//! subscriber page (0.12 s at 300,000 chats).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use super::codec::{decode_record, id_key};
use super::pages::Page;
use super::verify::Verification;
use super::{Result, Trees, key_service, sub_prefix};
use crate::domain::{Incident, ServiceId};

/// Subscribers per service, as the writer last left them.
#[derive(Clone, Default)]
pub(super) struct SubscriberCounts(Arc<Mutex<HashMap<ServiceId, u64>>>);

impl SubscriberCounts {
    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<ServiceId, u64>> {
        self.0.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub fn get(&self, service: &ServiceId) -> u64 {
        self.lock().get(service).copied().unwrap_or(0)
    }

    /// One chat more (`joined`) or fewer of `service`, after the write that made it so.
    pub fn change(&self, service: &ServiceId, joined: bool) {
        let mut counts = self.lock();
        let count = counts.entry(service.clone()).or_default();
        *count = if joined {
            count.saturating_add(1)
        } else {
            count.saturating_sub(1)
        };
    }

    fn replace(&self, counted: HashMap<ServiceId, u64>) {
        *self.lock() = counted;
    }

    fn all(&self) -> HashMap<ServiceId, u64> {
        self.lock().clone()
    }
}

/// The key of incident `id` of `service` in `incident_index`.
pub(super) fn incident_index_key(service: &ServiceId, id: u64) -> Vec<u8> {
    [sub_prefix(service).as_slice(), &id_key(id)].concat()
}

impl Trees {
    /// Up to `limit` incidents of `service`, newest first: read through the index, so a
    /// quiet service costs its own few incidents, not everyone's.
    pub(super) fn incidents_of(&self, service: &ServiceId, limit: usize) -> Result<Vec<Incident>> {
        let prefix = sub_prefix(service);
        let mut out = Vec::new();
        for key in self.incident_index.scan_prefix(&prefix).keys().rev() {
            if out.len() >= limit {
                break;
            }
            let key = key?;
            let id = &key[prefix.len()..];
            match self.incidents.get(id)? {
                Some(value) => out.push(decode_record(&value)?),
                // Folded away between the two reads; the next look will not see it.
                None => continue,
            }
        }
        Ok(out)
    }

    /// Builds the index again when it does not hold one key per incident (a store made
    /// before it existed, or one whose index was damaged). Returns whether it did.
    /// `incidents` is how many there are (the store's count at open, taken already).
    pub(super) fn mend_incident_index(&self, incidents: u64) -> Result<bool> {
        if self.incident_index.len() as u64 == incidents {
            return Ok(false);
        }
        self.rebuild_incident_index()?;
        Ok(true)
    }

    /// The index, written again from the incidents.
    pub(super) fn rebuild_incident_index(&self) -> Result<()> {
        self.incident_index.clear()?;
        let mut batch = sled::Batch::default();
        for entry in self.incidents.iter() {
            let (_, value) = entry?;
            // One this build cannot read has no service to file it under; `verify`
            // lists it.
            if let Ok(incident) = decode_record::<Incident>(&value) {
                batch.insert(incident_index_key(&incident.service, incident.id), &[]);
            }
        }
        self.incident_index.apply_batch(batch)?;
        Ok(())
    }

    /// Counts every service's subscribers from the pages (at open, and after pages were
    /// rewritten wholesale), and keeps the counts.
    pub(super) fn recount_subscribers(&self) -> Result<()> {
        self.subscriber_counts.replace(self.count_subscribers()?);
        Ok(())
    }

    fn count_subscribers(&self) -> Result<HashMap<ServiceId, u64>> {
        let mut counted: HashMap<ServiceId, u64> = HashMap::new();
        for entry in self.sub_pages.iter() {
            let (key, value) = entry?;
            let (service, _) = key_service("sub_pages", &key)?;
            *counted.entry(service).or_default() +=
                Page::decode("sub_pages", &value)?.entries.len() as u64;
        }
        Ok(counted)
    }

    /// What `verify` finds wrong with the index and the counts, given the incidents
    /// that decode (by id).
    pub(super) fn check_indexes(
        &self,
        incidents: &std::collections::BTreeMap<u64, Incident>,
        v: &mut Verification,
    ) -> Result<()> {
        let mut indexed = 0usize;
        for key in self.incident_index.iter().keys() {
            let key = key?;
            indexed += 1;
            let id = key
                .len()
                .checked_sub(8)
                .and_then(|at| <[u8; 8]>::try_from(&key[at..]).ok())
                .map(u64::from_be_bytes);
            let Some(incident) = id.and_then(|id| incidents.get(&id)) else {
                v.problems.push(format!(
                    "incident_index: {} points to no incident",
                    String::from_utf8_lossy(&key)
                ));
                continue;
            };
            if key != incident_index_key(&incident.service, incident.id) {
                v.problems.push(format!(
                    "incident_index: incident {} is filed under another service",
                    incident.id
                ));
            }
        }
        for incident in incidents.values() {
            let key = incident_index_key(&incident.service, incident.id);
            if !self.incident_index.contains_key(key)? {
                v.problems.push(format!(
                    "incident_index: incident {} of {} is missing",
                    incident.id, incident.service
                ));
            }
        }
        if indexed > 0 {
            v.checked.insert("incident_index", indexed as u64);
        }
        let kept = self.subscriber_counts.all();
        let counted = self.count_subscribers()?;
        let mut services: Vec<&ServiceId> = kept.keys().chain(counted.keys()).collect();
        services.sort();
        services.dedup();
        for service in services {
            let (kept, counted) = (
                kept.get(service).copied().unwrap_or(0),
                counted.get(service).copied().unwrap_or(0),
            );
            if kept != counted {
                v.problems.push(format!(
                    "subscriber count of {service}: {kept} kept, {counted} in the pages"
                ));
            }
        }
        Ok(())
    }
}
