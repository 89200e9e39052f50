//! A change to one service's incident, decided on the writer thread and stored as one
//! transaction: the incident, its broadcasts, and the crowd reports it settles.

use sled::transaction::{ConflictableTransactionError, Transactional};

use super::codec::{chat_key, encode, id_key, key_chat};
use super::{Result, StoreError, Trees, corrupt, sub_prefix};
use crate::domain::{Broadcast, ChatId, Incident, ServiceId};

/// What a change sees (the service's incident as it is now) and what it records.
pub struct IncidentTx<'a> {
    trees: &'a Trees,
    service: ServiceId,
    incident: Option<Incident>,
    broadcasts: Vec<Broadcast>,
    /// Reporters to hear the broadcast (listed) and reports to forget.
    to_reporters: Option<(Broadcast, Vec<ChatId>, Vec<sled::IVec>)>,
}

impl<'a> IncidentTx<'a> {
    pub(super) fn new(trees: &'a Trees, service: ServiceId) -> IncidentTx<'a> {
        IncidentTx {
            trees,
            service,
            incident: None,
            broadcasts: Vec::new(),
            to_reporters: None,
        }
    }

    /// The service's open incident, if any.
    pub fn open_incident(&self) -> Result<Option<Incident>> {
        self.trees.open_incident(&self.service)
    }

    /// A fresh id, unique for the life of the database.
    pub fn next_id(&self) -> Result<u64> {
        Ok(self.trees.db.generate_id()? + 1)
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

    /// Queues `broadcast` to those who reported the service in this window and are not
    /// subscribed (they hear it anyway), and forgets the reports. Returns how many it
    /// goes to.
    pub fn tell_reporters(&mut self, mut broadcast: Broadcast) -> Result<u64> {
        let prefix = sub_prefix(&self.service);
        let mut reports = Vec::new();
        let mut chats = Vec::new();
        for key in self.trees.reports.scan_prefix(&prefix).keys() {
            let key = key?;
            let chat =
                key_chat(&key[prefix.len()..]).ok_or_else(|| corrupt("reports", "short key"))?;
            if !self.trees.is_subscribed(chat, &self.service)? {
                chats.push(chat);
            }
            reports.push(key);
        }
        broadcast.total = chats.len() as u64;
        let count = broadcast.total;
        self.to_reporters = Some((broadcast, chats, reports));
        Ok(count)
    }

    /// Stores everything recorded, all or nothing.
    pub(super) fn commit(self) -> Result<()> {
        let t = self.trees;
        let incident = self.incident.map(|i| (id_key(i.id), encode(&i), i));
        (&t.incidents, &t.open, &t.outbox, &t.reports, &t.listed).transaction(
            |(incidents, open, outbox, reports, listed)| {
                if let Some((key, value, incident)) = &incident {
                    incidents.insert(key, value.as_slice())?;
                    if incident.is_open() {
                        open.insert(incident.service.as_str(), key)?;
                    } else {
                        open.remove(incident.service.as_str())?;
                    }
                }
                for broadcast in &self.broadcasts {
                    outbox.insert(&id_key(broadcast.id), encode(broadcast))?;
                }
                if let Some((broadcast, chats, forgotten)) = &self.to_reporters {
                    for key in forgotten {
                        reports.remove(key.as_ref())?;
                    }
                    for chat in chats {
                        listed.insert(
                            [id_key(broadcast.id).as_slice(), &chat_key(*chat)].concat(),
                            &[],
                        )?;
                    }
                    if !chats.is_empty() {
                        outbox.insert(&id_key(broadcast.id), encode(broadcast))?;
                    }
                }
                Ok::<_, ConflictableTransactionError<StoreError>>(())
            },
        )?;
        Ok(())
    }
}
