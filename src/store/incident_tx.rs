//! A change to one service's incident, decided on the writer thread and stored as one
//! transaction: the incident, its broadcasts, the crowd reports it settles, and the
//! alarms automatic intakes hold for the service.

use std::collections::BTreeMap;

use sled::transaction::{ConflictableTransactionError, Transactional};

use super::codec::{chat_key, decode_record, encode_record, id_key, key_chat, millis};
use super::indexes::incident_index_key;
use super::{Result, StoreError, Trees, corrupt, sub_prefix};
use crate::domain::maintenance::Window;
use crate::domain::{Alarm, Broadcast, ChatId, Incident, ServiceId, Source};

/// What a change sees (the service's incident as it is now) and what it records.
pub struct IncidentTx<'a> {
    trees: &'a Trees,
    service: ServiceId,
    incident: Option<Incident>,
    broadcasts: Vec<Broadcast>,
    /// Reporters to hear the broadcast (listed).
    to_reporters: Option<(Broadcast, Vec<ChatId>)>,
    /// The newest report forgotten: reports until then are spent, and the next alert
    /// counts from after it.
    reports_spent_at: Option<chrono::DateTime<chrono::Utc>>,
    /// Alarms raised (`Some`) or cleared (`None`), by key in the `alarms` tree.
    alarms: BTreeMap<Vec<u8>, Option<Alarm>>,
    /// The running maintenance window, one more alarm held back.
    held: Option<Window>,
}

impl<'a> IncidentTx<'a> {
    pub(super) fn new(trees: &'a Trees, service: ServiceId) -> IncidentTx<'a> {
        IncidentTx {
            trees,
            service,
            incident: None,
            broadcasts: Vec::new(),
            to_reporters: None,
            reports_spent_at: None,
            alarms: BTreeMap::new(),
            held: None,
        }
    }

    /// Broadcasts waiting in the outbox now.
    pub fn pending_broadcasts(&self) -> usize {
        self.trees.outbox.len()
    }

    /// Raises (`Some`) or clears (`None`) one alarm `source` holds for the service
    /// (an Alertmanager alert by fingerprint, a monitor by name).
    pub fn set_alarm(&mut self, source: Source, id: &str, alarm: Option<Alarm>) {
        self.alarms
            .insert(alarm_key(&self.service, source, id), alarm);
    }

    /// The alarms `source` holds for the service, with this change's raised and cleared,
    /// by key.
    fn alarms_by_key(&self, source: Source) -> Result<BTreeMap<Vec<u8>, Alarm>> {
        let prefix = alarm_prefix(&self.service, source);
        let mut alarms = BTreeMap::new();
        for entry in self.trees.alarms.scan_prefix(&prefix) {
            let (key, value) = entry?;
            alarms.insert(key.to_vec(), decode_record::<Alarm>(&value)?);
        }
        for (key, alarm) in self.alarms.range(prefix.clone()..) {
            if !key.starts_with(&prefix) {
                break;
            }
            match alarm {
                Some(alarm) => alarms.insert(key.clone(), alarm.clone()),
                None => alarms.remove(key),
            };
        }
        Ok(alarms)
    }

    /// The alarms `source` holds for the service that still count at `now`; those it
    /// has not repeated for `ALARM_MAX_AGE` are cleared.
    pub fn alarms(
        &mut self,
        source: Source,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Result<Vec<Alarm>> {
        let mut current = Vec::new();
        for (key, alarm) in self.alarms_by_key(source)? {
            if alarm.is_current(now) {
                current.push(alarm);
            } else {
                self.alarms.insert(key, None);
            }
        }
        Ok(current)
    }

    /// Whether `source` may keep one more alarm `id` for the service: one it holds
    /// already, or a new one below `most`.
    pub fn alarm_fits(&self, source: Source, id: &str, most: usize) -> Result<bool> {
        let held = self.alarms_by_key(source)?;
        Ok(held.contains_key(&alarm_key(&self.service, source, id)) || held.len() < most)
    }

    /// Whether an intake other than `source` holds an alarm for the service that still
    /// counts at `now` (a muted probe's is not weighed).
    pub fn others_fire(
        &mut self,
        source: Source,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Result<bool> {
        for other in Source::KEEPING_ALARMS {
            let muted =
                other == Source::Probe && self.trees.muted.contains_key(self.service.as_str())?;
            if other != source && !muted && !self.alarms(other, now)?.is_empty() {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// Clears every alarm `source` holds for the service (a person said it is back).
    pub fn clear_alarms(&mut self, source: Source) -> Result<()> {
        for key in self.alarms_by_key(source)?.into_keys() {
            self.alarms.insert(key, None);
        }
        Ok(())
    }

    /// The service's maintenance window running at `now`, if one is.
    pub fn maintenance_at(&self, now: chrono::DateTime<chrono::Utc>) -> Result<Option<Window>> {
        Ok(Window::running_for(&self.trees.windows()?, &self.service, now).cloned())
    }

    /// Counts one more alarm held back by `window`.
    pub fn hold(&mut self, mut window: Window) {
        window.held = window.held.saturating_add(1);
        self.held = Some(window);
    }

    /// The service's open incident, if any.
    pub fn open_incident(&self) -> Result<Option<Incident>> {
        self.trees.open_incident(&self.service)
    }

    /// A fresh id, unique for the life of the database.
    pub fn next_id(&self) -> Result<u64> {
        self.trees.next_id()
    }

    /// How many chats are subscribed to the service now.
    pub fn subscriber_count(&self) -> u64 {
        self.trees.subscriber_count(&self.service) as u64
    }

    /// Stores `incident` (open or resolved) and queues `broadcast` of its latest event.
    pub fn record(&mut self, incident: Incident, broadcast: Broadcast) {
        self.incident = Some(incident);
        self.broadcasts.push(broadcast);
    }

    /// Queues `broadcast` to those who reported the service since its reports were last
    /// spent and are not subscribed (they hear it anyway), and spends the reports: the
    /// service's settled mark moves past the newest, so they count toward no later
    /// alert and no later "back" (the reports themselves go with their window; deleting
    /// thousands in this transaction held a resolution up for seconds). Returns how many
    /// it goes to.
    pub fn tell_reporters(&mut self, mut broadcast: Broadcast) -> Result<u64> {
        let prefix = sub_prefix(&self.service);
        let spent_before = self.trees.reports_settled_at(&self.service)?;
        let mut reporters = Vec::new();
        for entry in self.trees.reports.scan_prefix(&prefix) {
            let (key, value) = entry?;
            let at = super::reports::report_time(&value)
                .ok_or_else(|| corrupt("reports", "bad time"))?;
            if spent_before.is_some_and(|spent| at <= spent) {
                continue;
            }
            self.reports_spent_at = self.reports_spent_at.max(Some(at));
            reporters.push(
                key_chat(&key[prefix.len()..]).ok_or_else(|| corrupt("reports", "short key"))?,
            );
        }
        // Many reporters: the subscribers read once (a page holds many) rather than each
        // reporter's own page; few: each looked up.
        let chats = if reporters.len() * 16 >= self.trees.subscriber_count(&self.service) {
            let subscribers: std::collections::HashSet<ChatId> = self
                .trees
                .sub_pages(&self.service)
                .entries_after(None, usize::MAX)?
                .into_iter()
                .map(|(chat, _)| chat)
                .collect();
            reporters.retain(|chat| !subscribers.contains(chat));
            reporters
        } else {
            let mut chats = Vec::new();
            for chat in reporters {
                if !self.trees.is_subscribed(chat, &self.service)? {
                    chats.push(chat);
                }
            }
            chats
        };
        broadcast.total = chats.len() as u64;
        let count = broadcast.total;
        self.to_reporters = Some((broadcast, chats));
        Ok(count)
    }

    /// Stores everything recorded, all or nothing.
    pub(super) fn commit(self) -> Result<()> {
        let t = self.trees;
        let settled = self
            .reports_spent_at
            .map(|at| (at, super::reports::settled_key(&self.service)));
        let incident = self.incident.map(|i| (id_key(i.id), encode_record(&i), i));
        let held = self.held.map(|w| (id_key(w.id), encode_record(&w)));
        let alarms: Vec<(Vec<u8>, Option<Vec<u8>>)> = self
            .alarms
            .into_iter()
            .map(|(key, alarm)| (key, alarm.map(|a| encode_record(&a))))
            .collect();
        (
            &t.incidents,
            &t.open,
            &t.outbox,
            &t.alerts,
            &t.listed,
            &t.alarms,
            &t.maintenance,
            &t.incident_index,
        )
            .transaction(
                |(incidents, open, outbox, alerts, listed, alarm_tree, windows, index)| {
                    if let Some((key, value)) = &held {
                        windows.insert(key, value.as_slice())?;
                    }
                    for (key, value) in &alarms {
                        match value {
                            Some(value) => alarm_tree.insert(key.as_slice(), value.as_slice())?,
                            None => alarm_tree.remove(key.as_slice())?,
                        };
                    }
                    if let Some((key, value, incident)) = &incident {
                        incidents.insert(key, value.as_slice())?;
                        index.insert(incident_index_key(&incident.service, incident.id), &[])?;
                        if incident.is_open() {
                            open.insert(incident.service.as_str(), key)?;
                        } else {
                            open.remove(incident.service.as_str())?;
                        }
                    }
                    for broadcast in &self.broadcasts {
                        outbox.insert(&id_key(broadcast.id), encode_record(broadcast))?;
                    }
                    if let Some((at, key)) = &settled {
                        alerts.insert(key.as_slice(), &millis(*at))?;
                    }
                    if let Some((broadcast, chats)) = &self.to_reporters {
                        for chat in chats {
                            listed.insert(
                                [id_key(broadcast.id).as_slice(), &chat_key(*chat)].concat(),
                                &[],
                            )?;
                        }
                        if !chats.is_empty() {
                            outbox.insert(&id_key(broadcast.id), encode_record(broadcast))?;
                        }
                    }
                    Ok::<_, ConflictableTransactionError<StoreError>>(())
                },
            )?;
        Ok(())
    }
}

/// Where a service's alarms from one intake live: service, 0, intake, 0, …
pub(super) fn alarm_prefix(service: &ServiceId, source: Source) -> Vec<u8> {
    [
        sub_prefix(service).as_slice(),
        source.key().as_bytes(),
        &[0],
    ]
    .concat()
}

pub(super) fn alarm_key(service: &ServiceId, source: Source, id: &str) -> Vec<u8> {
    [alarm_prefix(service, source).as_slice(), id.as_bytes()].concat()
}
