//! Incidents and the machine state beside them: the open incident of each service, a
//! change to one decided on the writer (`incident_tx.rs`), recent incidents, the alarms
//! automatic intakes hold and which probes are muted.

use super::codec::decode_record;
use super::codec::{encode_record, id_key};
use super::incident_tx::{self, IncidentTx};
use super::{Result, Store, Trees, corrupt, key_service};
use crate::domain::maintenance::Window;
use crate::domain::probe::PROBE_ALARM_ID;
use crate::domain::{Alarm, Incident, ServiceId, Severity, Source};

impl Store {
    pub fn open_incident(&self, service: &ServiceId) -> Result<Option<Incident>> {
        self.trees.open_incident(service)
    }

    /// Which of `service`'s alternatives have no incident open and no maintenance under
    /// way at `now`: "what still works".
    pub fn working_alternatives(
        &self,
        service: &crate::domain::Service,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Result<Vec<ServiceId>> {
        let windows = self.windows()?;
        let mut working = Vec::new();
        for alternative in &service.alternatives {
            let in_maintenance = Window::running_for(&windows, alternative, now).is_some();
            if !in_maintenance && !self.trees.open.contains_key(alternative.as_str())? {
                working.push(alternative.clone());
            }
        }
        Ok(working)
    }

    /// How many incidents are open now.
    pub fn open_incident_count(&self) -> usize {
        self.trees.open.len()
    }

    /// Runs `change` on the writer with `service`'s incident as it is now, and stores
    /// what it records (the incident and its broadcasts) in one transaction. Because
    /// every write goes through the one writer, nothing can change the incident between
    /// `change` reading it and its result being stored: two identical webhooks arriving
    /// together open one incident. `change` may be run once only and must not have side
    /// effects beyond its return value.
    pub async fn change_incident<R: Send + 'static>(
        &self,
        service: ServiceId,
        change: impl FnOnce(&mut IncidentTx<'_>) -> Result<R> + Send + 'static,
    ) -> Result<R> {
        let shown = self.shown_handle();
        self.writer
            .write(move |t| {
                let mut tx = IncidentTx::new(t, service);
                let result = change(&mut tx)?;
                tx.commit()?;
                shown.bump();
                Ok(result)
            })
            .await
    }

    /// The newest incidents first, of one service or all.
    pub fn recent_incidents(
        &self,
        service: Option<&ServiceId>,
        limit: usize,
    ) -> Result<Vec<Incident>> {
        if let Some(service) = service {
            return self.trees.incidents_of(service, limit);
        }
        let mut out = Vec::new();
        for value in self.trees.incidents.iter().values().rev().take(limit) {
            out.push(decode_record(&value?)?);
        }
        Ok(out)
    }

    /// When the oldest incident kept began, if any is.
    pub fn oldest_incident_start(&self) -> Result<Option<chrono::DateTime<chrono::Utc>>> {
        self.trees
            .incidents
            .first()?
            .map(|(_, v)| decode_record::<Incident>(&v).map(|i| i.started_at))
            .transpose()
    }

    /// The newest incident's id (0 with none).
    pub fn last_incident_id(&self) -> Result<u64> {
        Ok(self
            .trees
            .incidents
            .last()?
            .and_then(|(k, _)| <[u8; 8]>::try_from(k.as_ref()).ok())
            .map_or(0, u64::from_be_bytes))
    }

    /// Every incident kept with an id above `id`, oldest first.
    pub fn incidents_after(&self, id: u64) -> Result<Vec<Incident>> {
        let mut found = Vec::new();
        for value in self
            .trees
            .incidents
            .range(id_key(id.saturating_add(1))..)
            .values()
        {
            found.push(decode_record(&value?)?);
        }
        Ok(found)
    }

    /// The incident with id `id`, if it is kept.
    pub fn incident(&self, id: u64) -> Result<Option<Incident>> {
        self.trees
            .incidents
            .get(id_key(id))?
            .map(|v| decode_record(&v))
            .transpose()
    }

    /// Mutes or unmutes a service's probe; returns whether anything changed.
    pub async fn set_probe_muted(&self, service: &ServiceId, muted: bool) -> Result<bool> {
        let service = service.clone();
        self.writer
            .write(move |t| {
                let before = if muted {
                    t.muted.insert(service.as_str(), &[])?
                } else {
                    t.muted.remove(service.as_str())?
                };
                Ok(before.is_some() != muted)
            })
            .await
    }

    pub fn is_probe_muted(&self, service: &ServiceId) -> Result<bool> {
        Ok(self.trees.muted.contains_key(service.as_str())?)
    }

    /// Whether `source` keeps any alarm for `service`, current or not.
    pub fn holds_alarms(&self, service: &ServiceId, source: crate::domain::Source) -> Result<bool> {
        Ok(self
            .trees
            .alarms
            .scan_prefix(incident_tx::alarm_prefix(service, source))
            .next()
            .transpose()?
            .is_some())
    }

    /// The services with an open incident.
    pub fn services_with_open_incidents(&self) -> Result<std::collections::BTreeSet<ServiceId>> {
        let mut services = std::collections::BTreeSet::new();
        for key in self.trees.open.iter().keys() {
            let key = key?;
            let id = std::str::from_utf8(&key).map_err(|e| corrupt("open", e))?;
            services.insert(ServiceId::parse(id).map_err(|e| corrupt("open", e))?);
        }
        Ok(services)
    }

    /// The services an automatic intake holds alarms for (a small tree, read whole).
    pub fn services_with_alarms(&self) -> Result<std::collections::BTreeSet<ServiceId>> {
        let mut services = std::collections::BTreeSet::new();
        for key in self.trees.alarms.iter().keys() {
            services.insert(key_service("alarms", &key?)?.0);
        }
        Ok(services)
    }
}

/// The `meta` key that says a store's probe incidents have their alarms.
const PROBE_ALARMS_GIVEN: &str = "probe_alarms";

impl Trees {
    /// A store from before probes kept alarms has probe incidents open with no alarm,
    /// which the desk would take for incidents nothing holds any more and close: each
    /// gets its probe's alarm, once per store (the probe clears it when it sees the
    /// service back). How many were given.
    pub(super) fn give_probe_incidents_their_alarm(&self) -> Result<usize> {
        if self.meta.contains_key(PROBE_ALARMS_GIVEN)? {
            return Ok(0);
        }
        let mut given = 0;
        for id in self.open.iter().values() {
            let Some(value) = self.incidents.get(id?)? else {
                continue;
            };
            let incident: Incident = decode_record(&value)?;
            let prefix = incident_tx::alarm_prefix(&incident.service, Source::Probe);
            if incident.source == Source::Probe && self.alarms.scan_prefix(&prefix).next().is_none()
            {
                let key = incident_tx::alarm_key(&incident.service, Source::Probe, PROBE_ALARM_ID);
                self.alarms
                    .insert(key, encode_record(&Alarm::new(Severity::MajorOutage, "")))?;
                given += 1;
            }
        }
        self.meta.insert(PROBE_ALARMS_GIVEN, &[])?;
        Ok(given)
    }

    pub(super) fn open_incident(&self, service: &ServiceId) -> Result<Option<Incident>> {
        let Some(id) = self.open.get(service.as_str())? else {
            return Ok(None);
        };
        self.incidents
            .get(&id)?
            .map(|v| decode_record(&v))
            .transpose()
    }
}
