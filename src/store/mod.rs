//! The sled store: the only module that touches sled.
//!
//! # Trees and keys
//! | tree         | key                                   | value                    |
//! |--------------|---------------------------------------|--------------------------|
//! | `meta`       | `"schema"`                            | schema version, u32 BE   |
//! | `chats`      | chat                                  | `ChatSettings`           |
//! | `subs`       | service id, `0x00`, chat              | empty (fan-out order)    |
//! | `chat_subs`  | chat, service id                      | empty (a chat's list)    |
//! | `incidents`  | incident id, u64 BE                   | `Incident`               |
//! | `open`       | service id                            | incident id, u64 BE      |
//! | `outbox`     | broadcast id, u64 BE                  | `Broadcast`              |
//! | `reports`    | service id, `0x00`, user              | report time, i64 ms BE   |
//! | `alerts`     | service id                            | last alert, i64 ms BE    |
//! | `muted`      | service id                            | empty (probe muted)      |
//! | `listed`     | broadcast id, u64 BE, chat            | empty (a Listed audience) |
//!
//! A chat or user id is an i64 with its sign bit flipped, big-endian, so byte order is
//! numeric order. Values that are records are one version byte (`VALUE_VERSION`) and
//! then JSON; a reader refuses a version it does not know rather than guess.
//!
//! Related keys change in one transaction; callers `flush` before telling a person
//! "done", since sled is durable only after a flush.

mod codec;

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use sled::Tree;
use sled::transaction::{ConflictableTransactionError, TransactionError, Transactional};

use crate::domain::{
    Audience, Broadcast, ChatId, ChatSettings, Incident, Lang, ReportOutcome, ReportWindow,
    ServiceId, UserId,
};
use codec::{SCHEMA_VERSION, chat_key, decode, encode, id_key, key_chat, millis};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot open the database at {path}: {reason}")]
    Open { path: PathBuf, reason: String },
    #[error("database error: {0}")]
    Sled(#[from] sled::Error),
    #[error("unreadable record in tree `{tree}`: {reason}")]
    Corrupt { tree: &'static str, reason: String },
}

impl From<TransactionError<StoreError>> for StoreError {
    fn from(e: TransactionError<StoreError>) -> Self {
        match e {
            TransactionError::Abort(e) => e,
            TransactionError::Storage(e) => StoreError::Sled(e),
        }
    }
}

pub type Result<T> = std::result::Result<T, StoreError>;

/// sled's page cache. Fan-out reads each subscriber once, so a big cache buys little.
const CACHE_BYTES: u64 = 64 * 1024 * 1024;

/// A handle to the database; cheap to clone (sled trees are reference-counted).
#[derive(Clone)]
pub struct Store {
    db: sled::Db,
    chats: Tree,
    subs: Tree,
    chat_subs: Tree,
    incidents: Tree,
    open: Tree,
    outbox: Tree,
    reports: Tree,
    alerts: Tree,
    muted: Tree,
    listed: Tree,
}

impl Store {
    /// Opens (or creates) the database in `dir`. A locked or corrupt database is an error
    /// naming the path; nothing is deleted.
    pub fn open(dir: &Path) -> Result<Store> {
        let failed = |reason: String| StoreError::Open {
            path: dir.to_path_buf(),
            reason,
        };
        let db = sled::Config::new()
            .path(dir)
            // sled caches up to 1 GB by default; the bot's working set is far smaller.
            .cache_capacity(CACHE_BYTES)
            .open()
            .map_err(|e| failed(describe_open_error(&e)))?;
        let tree = |name: &str| db.open_tree(name).map_err(|e| failed(e.to_string()));
        let meta = tree("meta")?;
        match meta.get("schema").map_err(|e| failed(e.to_string()))? {
            None => {
                meta.insert("schema", &SCHEMA_VERSION.to_be_bytes())
                    .map_err(|e| failed(e.to_string()))?;
            }
            Some(v) if v.as_ref() == SCHEMA_VERSION.to_be_bytes() => {}
            Some(v) => {
                return Err(failed(format!(
                    "schema version {v:?} is not one this build reads ({SCHEMA_VERSION})"
                )));
            }
        }
        Ok(Store {
            chats: tree("chats")?,
            subs: tree("subs")?,
            chat_subs: tree("chat_subs")?,
            incidents: tree("incidents")?,
            open: tree("open")?,
            outbox: tree("outbox")?,
            reports: tree("reports")?,
            alerts: tree("alerts")?,
            muted: tree("muted")?,
            listed: tree("listed")?,
            db,
        })
    }

    /// Makes every write so far durable.
    pub async fn flush(&self) -> Result<()> {
        self.db.flush_async().await?;
        Ok(())
    }

    /// A fresh id, unique for the life of the database.
    pub fn next_id(&self) -> Result<u64> {
        Ok(self.db.generate_id()? + 1)
    }

    // --- chats -------------------------------------------------------------------------

    pub fn chat(&self, chat: ChatId) -> Result<Option<ChatSettings>> {
        self.chats
            .get(chat_key(chat))?
            .map(|v| decode("chats", &v))
            .transpose()
    }

    /// The chat's settings, recording `new` first if the chat is unknown.
    pub fn chat_or_insert(&self, chat: ChatId, new: ChatSettings) -> Result<ChatSettings> {
        let encoded = encode(&new);
        match self
            .chats
            .compare_and_swap(chat_key(chat), None as Option<&[u8]>, Some(encoded))?
        {
            Ok(()) => Ok(new),
            Err(existing) => decode("chats", &existing.current.unwrap_or_default()),
        }
    }

    pub fn set_chat_lang(&self, chat: ChatId, lang: Lang, if_new: ChatSettings) -> Result<()> {
        let mut settings = self.chat(chat)?.unwrap_or(if_new);
        settings.chosen_lang = Some(lang);
        self.chats.insert(chat_key(chat), encode(&settings))?;
        Ok(())
    }

    // --- subscriptions -----------------------------------------------------------------

    /// Subscribes `chat` to each service; returns those that were new.
    pub fn subscribe(&self, chat: ChatId, services: &[ServiceId]) -> Result<Vec<ServiceId>> {
        self.change_subscriptions(chat, services, true)
    }

    /// Unsubscribes `chat` from each service; returns those it had.
    pub fn unsubscribe(&self, chat: ChatId, services: &[ServiceId]) -> Result<Vec<ServiceId>> {
        self.change_subscriptions(chat, services, false)
    }

    fn change_subscriptions(
        &self,
        chat: ChatId,
        services: &[ServiceId],
        on: bool,
    ) -> Result<Vec<ServiceId>> {
        let changed = (&self.subs, &self.chat_subs).transaction(|(subs, chat_subs)| {
            let mut changed = Vec::new();
            for service in services {
                let by_chat = [chat_key(chat).as_slice(), service.as_str().as_bytes()].concat();
                let had = chat_subs.get(&by_chat)?.is_some();
                if had != on {
                    if on {
                        chat_subs.insert(by_chat, &[])?;
                        subs.insert(sub_key(service, chat), &[])?;
                    } else {
                        chat_subs.remove(by_chat)?;
                        subs.remove(sub_key(service, chat))?;
                    }
                    changed.push(service.clone());
                }
            }
            Ok::<_, ConflictableTransactionError<StoreError>>(changed)
        })?;
        Ok(changed)
    }

    /// The services `chat` is subscribed to, by id.
    pub fn subscriptions(&self, chat: ChatId) -> Result<Vec<ServiceId>> {
        let prefix = chat_key(chat);
        self.chat_subs
            .scan_prefix(prefix)
            .keys()
            .map(|k| {
                let k = k?;
                let id =
                    std::str::from_utf8(&k[prefix.len()..]).map_err(|e| corrupt("chat_subs", e))?;
                ServiceId::parse(id).map_err(|e| corrupt("chat_subs", e))
            })
            .collect()
    }

    pub fn subscriber_count(&self, service: &ServiceId) -> usize {
        self.subs.scan_prefix(sub_prefix(service)).count()
    }

    /// Up to `limit` subscribers of `service` after `after`, in chat-id order.
    pub fn subscribers_after(
        &self,
        service: &ServiceId,
        after: Option<ChatId>,
        limit: usize,
    ) -> Result<Vec<ChatId>> {
        let prefix = sub_prefix(service);
        let start = match after {
            // The first key strictly after `after`: append a byte.
            Some(chat) => [sub_key(service, chat).as_slice(), &[0]].concat(),
            None => prefix.clone(),
        };
        let mut out = Vec::with_capacity(limit.min(1024));
        for key in self.subs.range(start..).keys() {
            let key = key?;
            if !key.starts_with(&prefix) || out.len() >= limit {
                break;
            }
            out.push(key_chat(&key[prefix.len()..]).ok_or_else(|| corrupt("subs", "short key"))?);
        }
        Ok(out)
    }

    /// Deletes everything about `chat`: settings and subscriptions (`/stop`, or Telegram
    /// says the chat is gone).
    pub fn forget_chat(&self, chat: ChatId) -> Result<Vec<ServiceId>> {
        let services = self.subscriptions(chat)?;
        (&self.subs, &self.chat_subs, &self.chats).transaction(|(subs, chat_subs, chats)| {
            for service in &services {
                subs.remove(sub_key(service, chat))?;
                chat_subs
                    .remove([chat_key(chat).as_slice(), service.as_str().as_bytes()].concat())?;
            }
            chats.remove(&chat_key(chat))?;
            Ok::<_, ConflictableTransactionError<StoreError>>(())
        })?;
        Ok(services)
    }

    /// Moves a group that became a supergroup: its settings and subscriptions follow.
    pub fn migrate_chat(&self, from: ChatId, to: ChatId) -> Result<()> {
        let services = self.subscriptions(from)?;
        let settings = self.chat(from)?;
        (&self.subs, &self.chat_subs, &self.chats).transaction(|(subs, chat_subs, chats)| {
            for service in &services {
                subs.remove(sub_key(service, from))?;
                chat_subs
                    .remove([chat_key(from).as_slice(), service.as_str().as_bytes()].concat())?;
                subs.insert(sub_key(service, to), &[])?;
                chat_subs.insert(
                    [chat_key(to).as_slice(), service.as_str().as_bytes()].concat(),
                    &[],
                )?;
            }
            if let Some(settings) = &settings {
                chats.remove(&chat_key(from))?;
                chats.insert(&chat_key(to), encode(settings))?;
            }
            Ok::<_, ConflictableTransactionError<StoreError>>(())
        })?;
        Ok(())
    }

    // --- incidents and the outbox ------------------------------------------------------

    pub fn open_incident(&self, service: &ServiceId) -> Result<Option<Incident>> {
        let Some(id) = self.open.get(service.as_str())? else {
            return Ok(None);
        };
        self.incidents
            .get(&id)?
            .map(|v| decode("incidents", &v))
            .transpose()
    }

    /// Saves an incident after an event and queues its broadcast, in one transaction:
    /// either both are stored or neither.
    pub fn record_event(&self, incident: &Incident, broadcast: &Broadcast) -> Result<()> {
        let value = encode(incident);
        let job = encode(broadcast);
        (&self.incidents, &self.open, &self.outbox).transaction(|(incidents, open, outbox)| {
            incidents.insert(&id_key(incident.id), value.as_slice())?;
            if incident.is_open() {
                open.insert(incident.service.as_str(), &id_key(incident.id))?;
            } else {
                open.remove(incident.service.as_str())?;
            }
            outbox.insert(&id_key(broadcast.id), job.as_slice())?;
            Ok::<_, ConflictableTransactionError<StoreError>>(())
        })?;
        Ok(())
    }

    /// The newest incidents first, of one service or all.
    pub fn recent_incidents(
        &self,
        service: Option<&ServiceId>,
        limit: usize,
    ) -> Result<Vec<Incident>> {
        let mut out = Vec::new();
        for value in self.incidents.iter().values().rev() {
            let incident: Incident = decode("incidents", &value?)?;
            if service.is_none_or(|s| *s == incident.service) {
                out.push(incident);
                if out.len() >= limit {
                    break;
                }
            }
        }
        Ok(out)
    }

    /// Broadcasts not yet finished, oldest first.
    pub fn pending_broadcasts(&self) -> Result<Vec<Broadcast>> {
        self.outbox
            .iter()
            .values()
            .map(|v| decode("outbox", &v?))
            .collect()
    }

    /// Records a broadcast's progress (cursor and tally).
    pub fn save_broadcast(&self, broadcast: &Broadcast) -> Result<()> {
        self.outbox
            .insert(id_key(broadcast.id), encode(broadcast))?;
        Ok(())
    }

    pub fn finish_broadcast(&self, id: u64) -> Result<()> {
        self.outbox.remove(id_key(id))?;
        for key in self.listed.scan_prefix(id_key(id)).keys() {
            self.listed.remove(key?)?;
        }
        Ok(())
    }

    /// Up to `limit` chats of `broadcast`'s audience after `after`, in chat-id order.
    pub fn audience_after(
        &self,
        broadcast: &Broadcast,
        after: Option<ChatId>,
        limit: usize,
    ) -> Result<Vec<ChatId>> {
        match broadcast.audience {
            Audience::Subscribers => {
                self.subscribers_after(&broadcast.notice.service, after, limit)
            }
            Audience::Listed => {
                let prefix = id_key(broadcast.id);
                let start = match after {
                    Some(chat) => [prefix.as_slice(), &chat_key(chat), &[0]].concat(),
                    None => prefix.to_vec(),
                };
                let mut out = Vec::new();
                for key in self.listed.range(start..).keys() {
                    let key = key?;
                    if !key.starts_with(&prefix) || out.len() >= limit {
                        break;
                    }
                    out.push(
                        key_chat(&key[prefix.len()..])
                            .ok_or_else(|| corrupt("listed", "short key"))?,
                    );
                }
                Ok(out)
            }
        }
    }

    /// Queues `broadcast` to those who reported `service` in this window and are not
    /// subscribed (they hear it anyway), and forgets the reports: one transaction.
    /// Returns how many it goes to.
    pub fn queue_for_reporters(&self, mut broadcast: Broadcast) -> Result<u64> {
        let service = &broadcast.notice.service;
        let prefix = sub_prefix(service);
        let mut reports = Vec::new();
        let mut chats = Vec::new();
        for key in self.reports.scan_prefix(&prefix).keys() {
            let key = key?;
            let chat =
                key_chat(&key[prefix.len()..]).ok_or_else(|| corrupt("reports", "short key"))?;
            let subscribed = self
                .chat_subs
                .contains_key([chat_key(chat).as_slice(), service.as_str().as_bytes()].concat())?;
            if !subscribed {
                chats.push(chat);
            }
            reports.push(key);
        }
        broadcast.total = chats.len() as u64;
        let job = encode(&broadcast);
        (&self.reports, &self.listed, &self.outbox).transaction(
            |(reports_tree, listed, outbox)| {
                for key in &reports {
                    reports_tree.remove(key.as_ref())?;
                }
                for chat in &chats {
                    listed.insert(
                        [id_key(broadcast.id).as_slice(), &chat_key(*chat)].concat(),
                        &[],
                    )?;
                }
                if !chats.is_empty() {
                    outbox.insert(&id_key(broadcast.id), job.as_slice())?;
                }
                Ok::<_, ConflictableTransactionError<StoreError>>(())
            },
        )?;
        Ok(chats.len() as u64)
    }

    // --- probes -------------------------------------------------------------------------

    /// Mutes or unmutes a service's probe; returns whether anything changed.
    pub fn set_probe_muted(&self, service: &ServiceId, muted: bool) -> Result<bool> {
        let before = if muted {
            self.muted.insert(service.as_str(), &[])?
        } else {
            self.muted.remove(service.as_str())?
        };
        Ok(before.is_some() != muted)
    }

    pub fn is_probe_muted(&self, service: &ServiceId) -> Result<bool> {
        Ok(self.muted.contains_key(service.as_str())?)
    }

    // --- crowd reports -----------------------------------------------------------------

    /// Counts `user`'s report on `service` under `rule`. When it crosses the threshold
    /// the alert is claimed atomically, so concurrent reports alert the admins once.
    pub fn record_report(
        &self,
        service: &ServiceId,
        user: UserId,
        now: DateTime<Utc>,
        rule: &ReportWindow,
    ) -> Result<ReportOutcome> {
        let prefix = sub_prefix(service);
        let this_key = [prefix.as_slice(), &chat_key(ChatId(user.0))].concat();
        let mut this_user_last = None;
        let mut others = Vec::new();
        for entry in self.reports.scan_prefix(&prefix) {
            let (key, value) = entry?;
            let at = codec::time(&value).ok_or_else(|| corrupt("reports", "bad time"))?;
            if !rule.still_counts(at, now) {
                self.reports.remove(&key)?;
            } else if key.as_ref() == this_key.as_slice() {
                this_user_last = Some(at);
            } else {
                others.push(at);
            }
        }
        let last_alert_raw = self.alerts.get(service.as_str())?;
        let last_alert = last_alert_raw.as_ref().and_then(|v| codec::time(v));
        let outcome = rule.assess(now, this_user_last, others, last_alert);
        if outcome == ReportOutcome::AlreadyCounted {
            return Ok(outcome);
        }
        self.reports.insert(this_key, &millis(now))?;
        if let ReportOutcome::Alert { reporters } = outcome {
            let claimed = self.alerts.compare_and_swap(
                service.as_str(),
                last_alert_raw,
                Some(&millis(now)),
            )?;
            if claimed.is_err() {
                return Ok(ReportOutcome::Counted { reporters });
            }
        }
        Ok(outcome)
    }
}

fn sub_prefix(service: &ServiceId) -> Vec<u8> {
    [service.as_str().as_bytes(), &[0]].concat()
}

fn sub_key(service: &ServiceId, chat: ChatId) -> Vec<u8> {
    [sub_prefix(service).as_slice(), &chat_key(chat)].concat()
}

fn corrupt(tree: &'static str, reason: impl ToString) -> StoreError {
    StoreError::Corrupt {
        tree,
        reason: reason.to_string(),
    }
}

/// sled reports a second process holding the database as a bare I/O error; say it plainly.
fn describe_open_error(e: &sled::Error) -> String {
    let text = e.to_string();
    if text.contains("lock")
        || text.contains("WouldBlock")
        || text.contains("Resource temporarily unavailable")
    {
        "it is locked by another running outage-bot".to_owned()
    } else {
        text
    }
}

#[cfg(test)]
mod hammer;
#[cfg(test)]
mod tests;
