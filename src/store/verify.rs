//! Checking that a store is intact, and mending what can be derived again.
//!
//! `verify` decodes every record and checks what must agree: each chat's subscriptions
//! (`chat_pages`, the source of truth) against each service's subscriber pages
//! (`sub_pages`, derived, with the chat's language and preferences), the `open` index against the
//! incidents, every outbox entry against a known incident, every crowd report and every
//! listed chat against what still exists, and what is derived for speed (`indexes.rs`)
//! against what it is derived from. `repair` rebuilds the derived parts and drops
//! what points nowhere; what it cannot mend (a record that does not decode) it leaves
//! and `verify` still lists.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Utc};

use super::codec::{self, chat_key, decode_record, id_key, key_chat};
use super::entries::{ChatEntry, decode_recipient, encode_recipient};
use super::pages::{Page, PageWriter};
use super::{Result, SUB_PAGE, StoreError, Trees, sub_prefix};
use crate::domain::maintenance::Window;
use crate::domain::{
    Alarm, Broadcast, ChatId, Incident, Notice, PastIncidents, Recipient, ServiceId,
};

/// What `verify` found.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Verification {
    /// Records read, per tree.
    pub checked: BTreeMap<&'static str, u64>,
    /// Each problem, in words an operator can act on.
    pub problems: Vec<String>,
    /// What is worth knowing but not wrong (records set aside, kept as they were).
    pub notes: Vec<String>,
}

/// What the store should hold, gathered from its sources of truth.
#[derive(Default)]
struct Facts {
    /// Every chat with an entry, and its language and preferences.
    chats: BTreeMap<ChatId, Recipient>,
    /// (service, chat) → language and preferences, as `chat_pages` says.
    subscriptions: BTreeMap<(ServiceId, ChatId), Recipient>,
    incidents: BTreeMap<u64, Incident>,
    broadcasts: BTreeSet<u64>,
}

impl Trees {
    /// Crowd reports from before `stale_before` (their window has passed) count as
    /// left behind.
    pub(super) fn verify(&self, stale_before: Option<DateTime<Utc>>) -> Result<Verification> {
        let mut v = Verification::default();
        let facts = self.gather(&mut v)?;
        self.check_sub_pages(&facts, &mut v)?;
        self.check_open(&facts, &mut v)?;
        self.check_outbox(&facts, &mut v)?;
        self.check_reports(stale_before, &mut v)?;
        self.check_lists(&facts, &mut v)?;
        self.check_indexes(&facts.incidents, &mut v)?;
        for entry in self.alarms.iter() {
            let (key, value) = entry?;
            count(&mut v, "alarms");
            if let Err(e) = decode_record::<Alarm>(&value) {
                v.problems
                    .push(format!("alarms: {}: {e}", String::from_utf8_lossy(&key)));
            }
        }
        for entry in self.maintenance.iter() {
            let (key, value) = entry?;
            count(&mut v, "maintenance");
            if let Err(e) = decode_record::<Window>(&value) {
                v.problems.push(format!("maintenance: {key:?}: {e}"));
            }
        }
        for entry in self.history.iter() {
            let (key, value) = entry?;
            count(&mut v, "history");
            if let Err(e) = decode_record::<PastIncidents>(&value) {
                v.problems
                    .push(format!("history: {}: {e}", String::from_utf8_lossy(&key)));
            }
        }
        let set_aside = self.quarantine.len();
        if set_aside > 0 {
            v.notes.push(format!(
                "quarantine: {set_aside} unreadable outbox record(s) set aside (kept as they were; a newer build may read them)"
            ));
        }
        Ok(v)
    }

    /// Reads chats and incidents, the records everything else is checked against.
    fn gather(&self, v: &mut Verification) -> Result<Facts> {
        let mut facts = Facts::default();
        let mut last: Option<ChatId> = None;
        for page in self.chat_pages.iter() {
            let (key, value) = page?;
            count(v, "chat_pages");
            let page = match Page::decode("chat_pages", &value) {
                Ok(page) => page,
                Err(e) => {
                    v.problems.push(format!("chat_pages: page {key:?}: {e}"));
                    continue;
                }
            };
            if page.entries.first().map(|(c, _)| chat_key(*c).to_vec()) != Some(key.to_vec()) {
                v.problems.push(format!(
                    "chat_pages: page {key:?} is not keyed by its first chat"
                ));
            }
            for (chat, payload) in page.entries {
                if last.is_some_and(|l| chat <= l) {
                    v.problems.push(format!(
                        "chat_pages: chat {} is out of order or twice",
                        chat.0
                    ));
                }
                last = Some(chat);
                match ChatEntry::decode("chat_pages", &payload) {
                    Ok(entry) => {
                        let recipient = entry.recipient();
                        for service in &entry.services {
                            facts
                                .subscriptions
                                .insert((service.clone(), chat), recipient.clone());
                        }
                        facts.chats.insert(chat, recipient);
                    }
                    Err(e) => v.problems.push(format!("chat_pages: chat {}: {e}", chat.0)),
                }
            }
        }
        for entry in self.incidents.iter() {
            let (key, value) = entry?;
            count(v, "incidents");
            match decode_record::<Incident>(&value) {
                Ok(incident) => {
                    facts.incidents.insert(incident.id, incident);
                }
                Err(e) => v.problems.push(format!("incidents: {key:?}: {e}")),
            }
        }
        for key in self.outbox.iter().keys() {
            let key = key?;
            if let Ok(id) = <[u8; 8]>::try_from(key.as_ref()) {
                facts.broadcasts.insert(u64::from_be_bytes(id));
            }
        }
        Ok(facts)
    }

    fn check_sub_pages(&self, facts: &Facts, v: &mut Verification) -> Result<()> {
        let mut listed = BTreeMap::new();
        for page in self.sub_pages.iter() {
            let (key, value) = page?;
            count(v, "sub_pages");
            let Some(zero) = key.iter().position(|&b| b == 0) else {
                v.problems
                    .push(format!("sub_pages: key {key:?} names no service"));
                continue;
            };
            let service = match ServiceId::parse(&String::from_utf8_lossy(&key[..zero])) {
                Ok(service) => service,
                Err(e) => {
                    v.problems.push(format!("sub_pages: key {key:?}: {e}"));
                    continue;
                }
            };
            match Page::decode("sub_pages", &value) {
                Ok(page) => {
                    for (chat, payload) in page.entries {
                        match decode_recipient("sub_pages", &payload) {
                            Ok(language) => {
                                listed.insert((service.clone(), chat), language);
                            }
                            Err(e) => v
                                .problems
                                .push(format!("sub_pages: {service}, chat {}: {e}", chat.0)),
                        }
                    }
                }
                Err(e) => v.problems.push(format!("sub_pages: page {key:?}: {e}")),
            }
        }
        for ((service, chat), language) in &facts.subscriptions {
            match listed.get(&(service.clone(), *chat)) {
                None => v.problems.push(format!(
                    "chat {} follows {service} but is missing from its subscribers",
                    chat.0
                )),
                Some(kept) if kept != language => v.problems.push(format!(
                    "chat {}'s language or preferences beside {service} differ from the chat's own",
                    chat.0
                )),
                Some(_) => {}
            }
        }
        for (service, chat) in listed.keys() {
            if !facts.subscriptions.contains_key(&(service.clone(), *chat)) {
                v.problems.push(format!(
                    "{service} lists chat {} as a subscriber, but the chat does not follow it",
                    chat.0
                ));
            }
        }
        Ok(())
    }

    fn check_open(&self, facts: &Facts, v: &mut Verification) -> Result<()> {
        for entry in self.open.iter() {
            let (key, value) = entry?;
            count(v, "open");
            let service = String::from_utf8_lossy(&key);
            let id = <[u8; 8]>::try_from(value.as_ref()).map(u64::from_be_bytes);
            match id.ok().and_then(|id| facts.incidents.get(&id)) {
                None => v
                    .problems
                    .push(format!("open: {service} points to no incident")),
                Some(incident) if incident.service.as_str() != service => v.problems.push(format!(
                    "open: {service} points to an incident of {}",
                    incident.service
                )),
                Some(incident) if incident.resolved_at.is_some() => v.problems.push(format!(
                    "open: {service} points to incident {}, which is resolved",
                    incident.id
                )),
                Some(_) => {}
            }
        }
        Ok(())
    }

    fn check_outbox(&self, facts: &Facts, v: &mut Verification) -> Result<()> {
        for entry in self.outbox.iter() {
            let (key, value) = entry?;
            count(v, "outbox");
            match decode_record::<Broadcast>(&value) {
                Ok(b) => {
                    if let Some(missing) = self.missing_subject(facts, &b)? {
                        v.problems
                            .push(format!("outbox: broadcast {} names {missing}", b.id));
                    }
                }
                Err(e) => v.problems.push(format!("outbox: {key:?}: {e}")),
            }
        }
        Ok(())
    }

    /// What a broadcast is about (an incident, a maintenance window), when it does not
    /// exist: in words for the report.
    fn missing_subject(&self, facts: &Facts, b: &Broadcast) -> Result<Option<String>> {
        Ok(match &b.notice {
            Notice::Incident(n) if !facts.incidents.contains_key(&n.incident_id) => {
                Some(format!("incident {}, which does not exist", n.incident_id))
            }
            Notice::Maintenance(n) if !self.maintenance.contains_key(id_key(n.window_id))? => Some(
                format!("maintenance window {}, which does not exist", n.window_id),
            ),
            Notice::Incident(_) | Notice::Maintenance(_) => None,
        })
    }

    /// Each crowd report is keyed by the reporter's private chat (a report from a group
    /// too) and holds when it was made; one older than its window is left behind.
    fn check_reports(
        &self,
        stale_before: Option<DateTime<Utc>>,
        v: &mut Verification,
    ) -> Result<()> {
        for entry in self.reports.iter() {
            let (key, value) = entry?;
            count(v, "reports");
            match (report_chat(&key), codec::time(&value)) {
                // Harmless (it no longer counts) and swept every hour: a note, not a problem.
                (Some(chat), Some(at)) if stale_before.is_some_and(|before| at < before) => {
                    v.notes.push(format!(
                        "reports: a report by {} from {at}, past its window, is left to the next sweep",
                        chat.0
                    ))
                }
                (Some(_), Some(_)) => {}
                _ => v
                    .problems
                    .push(format!("reports: the record {key:?} is malformed")),
            }
        }
        Ok(())
    }

    fn check_lists(&self, facts: &Facts, v: &mut Verification) -> Result<()> {
        for key in self.listed.iter().keys() {
            let key = key?;
            count(v, "listed");
            let id = key.get(..8).and_then(|b| <[u8; 8]>::try_from(b).ok());
            match id.map(u64::from_be_bytes) {
                Some(id) if facts.broadcasts.contains(&id) => {}
                _ => v.problems.push(format!(
                    "listed: {key:?} belongs to no broadcast in the outbox"
                )),
            }
        }
        Ok(())
    }

    /// Rebuilds the subscriber pages from the chats, and drops index entries, reports and
    /// lists that point nowhere; outbox entries naming no incident are set aside. While
    /// any chat or incident does not decode it changes nothing: what it would rebuild
    /// from would be incomplete.
    pub(super) fn repair(&self, stale_before: Option<DateTime<Utc>>) -> Result<()> {
        let mut unreadable = Verification::default();
        let facts = self.gather(&mut unreadable)?;
        if !unreadable.problems.is_empty() {
            return Err(StoreError::Corrupt {
                tree: "chat_pages",
                reason: format!(
                    "{} record(s) do not decode, so nothing was repaired: {}",
                    unreadable.problems.len(),
                    unreadable.problems.join("; ")
                ),
            });
        }
        // Subscriber pages, written again from the chats.
        let mut rebuilt = sled::Batch::default();
        for key in self.sub_pages.iter().keys() {
            rebuilt.remove(key?);
        }
        self.sub_pages.apply_batch(rebuilt)?;
        let mut by_service: BTreeMap<&ServiceId, Vec<(ChatId, Vec<u8>)>> = BTreeMap::new();
        for ((service, chat), language) in &facts.subscriptions {
            by_service
                .entry(service)
                .or_default()
                .push((*chat, encode_recipient(language)));
        }
        for (service, subscribers) in by_service {
            let mut writer = PageWriter::new(&self.sub_pages, sub_prefix(service), SUB_PAGE);
            for (chat, language) in subscribers {
                writer.push(chat, language)?;
            }
            writer.finish()?;
        }
        for entry in self.open.iter() {
            let (key, value) = entry?;
            let id = <[u8; 8]>::try_from(value.as_ref()).map(u64::from_be_bytes);
            let points_right = id
                .ok()
                .and_then(|id| facts.incidents.get(&id))
                .is_some_and(|i| {
                    i.service.as_str().as_bytes() == key.as_ref() && i.resolved_at.is_none()
                });
            if !points_right {
                self.open.remove(key)?;
            }
        }
        for entry in self.outbox.iter() {
            let (key, value) = entry?;
            if let Ok(b) = decode_record::<Broadcast>(&value)
                && self.missing_subject(&facts, &b)?.is_some()
            {
                self.quarantine.insert(&key, value)?;
                self.outbox.remove(&key)?;
            }
        }
        for entry in self.reports.iter() {
            let (key, value) = entry?;
            let stale = super::reports::report_time(&value)
                .is_none_or(|at| stale_before.is_some_and(|before| at < before));
            if report_chat(&key).is_none() || stale {
                self.reports.remove(key)?;
            }
        }
        // Lists go with their broadcast: those still in the outbox, after the moves above.
        let mut in_outbox = BTreeSet::new();
        for key in self.outbox.iter().keys() {
            if let Ok(id) = <[u8; 8]>::try_from(key?.as_ref()) {
                in_outbox.insert(u64::from_be_bytes(id));
            }
        }
        for key in self.listed.iter().keys() {
            let key = key?;
            let id = key.get(..8).and_then(|b| <[u8; 8]>::try_from(b).ok());
            if !id.is_some_and(|id| in_outbox.contains(&u64::from_be_bytes(id))) {
                self.listed.remove(key)?;
            }
        }
        self.rebuild_incident_index()?;
        self.recount_subscribers()
    }
}

/// The reporter of a `reports` key (service, `0x00`, chat).
fn report_chat(key: &[u8]) -> Option<ChatId> {
    let zero = key.iter().position(|&b| b == 0)?;
    let rest = &key[zero + 1..];
    (rest.len() == 8).then(|| key_chat(rest)).flatten()
}

fn count(v: &mut Verification, tree: &'static str) {
    *v.checked.entry(tree).or_default() += 1;
}
