//! The sled store: the only module that touches sled.
//!
//! # Trees and keys
//! | tree         | key                                   | value                    |
//! |--------------|---------------------------------------|--------------------------|
//! | `meta`       | `"schema"`                            | schema version, u32 BE   |
//! | `meta`       | `"id_floor"`                          | ids start above this, u64 BE (set by an import) |
//! | `chat_pages` | first chat of the page                | a page of chats: settings and subscriptions |
//! | `sub_pages`  | service id, `0x00`, first chat of the page | a page of a service's subscribers, each with its language and preferences |
//! | `incidents`  | incident id, u64 BE                   | `Incident`               |
//! | `open`       | service id                            | incident id, u64 BE      |
//! | `outbox`     | broadcast id, u64 BE                  | `Broadcast`              |
//! | `reports`    | service id, `0x00`, user              | report time, i64 ms BE   |
//! | `alerts`     | service id                            | last alert, i64 ms BE    |
//! | `muted`      | service id                            | empty (probe muted)      |
//! | `listed`     | broadcast id, u64 BE, chat            | empty (a Listed audience) |
//! | `quarantine` | broadcast id, u64 BE                  | an unreadable outbox record, as it was |
//! | `alarms`     | service id, `0x00`, intake, `0x00`, id | `Alarm` an automatic intake holds |
//! | `history`    | service id                            | `PastIncidents`: incidents older than the history keeps, summed up |
//! | `maintenance`| window id, u64 BE                     | `Window`: a planned maintenance window |
//! | `answers`    | caller, path, `Idempotency-Key`       | an HTTP write's answer, kept a day (`answers.rs`) |
//! | `incident_index` | service id, `0x00`, incident id, u64 BE | empty (derived: a service's incidents, `indexes.rs`) |
//!
//! A chat or user id is an i64 with its sign bit flipped, big-endian, so byte order is
//! numeric order. Values that are records are one version byte (`VALUE_VERSION`) and
//! then JSON of the store's own record types (`records.rs`), converted from and to the
//! domain; a reader refuses a version it does not know rather than guess. Chats are
//! kept many to a value (`pages.rs`, entries in `entries.rs`): a million subscribers
//! are a few thousand values, and a broadcast reads each subscriber's language from the
//! page it reads the subscriber from. A page entry's length, and a chat's number of
//! subscriptions, have no small limit (schema 3); a chat entry is read back before it
//! is written, so no record is stored that cannot be read again. Older layouts are
//! rewritten once when opened (`migrate.rs`): schema 1's key per chat and per
//! subscription, and schema 2's pages, which cut a chat's entry past 255 bytes.
//!
//! Related keys change in one transaction. Every write goes through the one writer
//! thread (`writer.rs`: why, with the sled issues behind it), which flushes before it
//! answers: when a write returns, it is on disk.

mod answers;
mod census;
mod codec;
mod entries;
mod incident_tx;
mod indexes;
mod migrate;
mod pages;
mod records;
mod retention;
mod snapshot;
mod verify;
mod window_tx;
mod writer;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{DateTime, Utc};
use sled::Tree;
use sled::transaction::{ConflictableTransactionError, TransactionError, Transactional};

use crate::domain::maintenance::Window;
use crate::domain::{
    Audience, Broadcast, ChatId, ChatSettings, Incident, Lang, Preferences, Reach, Recipient,
    ReportOutcome, ReportWindow, ServiceId, UserId,
};
pub use answers::{ANSWER_KEPT_FOR, KeptAnswer};
pub use census::Census;
use codec::{chat_key, decode_record, encode_record, id_key, key_chat, millis};
use entries::{ChatEntry, decode_recipient, encode_recipient};
pub use incident_tx::IncidentTx;
use pages::{PageWriter, Pages, Write};
pub use snapshot::{FORMAT_VERSION, Header, Snapshot, SnapshotError};
pub use verify::Verification;
pub use window_tx::WindowTx;
use writer::Writer;
pub use writer::WriterStats;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot open the database at {path}: {reason}")]
    Open { path: PathBuf, reason: String },
    #[error("database error: {0}")]
    Sled(#[from] sled::Error),
    #[error("unreadable record in tree `{tree}`: {reason}")]
    Corrupt { tree: &'static str, reason: String },
    #[error("cannot write to disk: {0}")]
    Flush(String),
    #[error("a write failed and was not applied")]
    WriteFailed,
    #[error(
        "the store at {path} is damaged: it holds less than it counted when it last stopped ({found})"
    )]
    Damaged { path: PathBuf, found: String },
    #[error("a chat may follow at most {most} services")]
    TooManySubscriptions { most: usize },
    #[error("a record for `{tree}` was not written, since it would not read back: {reason}")]
    Unwritable { tree: &'static str, reason: String },
    #[error("the store is closed")]
    Closed,
    #[error("a read of the store stopped before it ended")]
    ReadFailed,
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
/// Chats a page of `chat_pages` holds before it splits (about 4 KB). Every change to a
/// chat rewrites its page, so pages stay small: a subscribe writes about 8 KB.
const CHAT_PAGE: usize = 128;
/// Subscribers a page of `sub_pages` holds before it splits (about 4.5 KB).
const SUB_PAGE: usize = 256;

/// Every tree; cheap to clone (sled trees are reference-counted). Readers use it on any
/// thread; only the writer thread writes through it.
#[derive(Clone)]
pub(crate) struct Trees {
    db: sled::Db,
    meta: Tree,
    /// Added to sled's id counter: a store made by an import starts its counter at 0,
    /// so its ids must begin above the highest it was given (see `snapshot.rs`).
    id_floor: Arc<std::sync::atomic::AtomicU64>,
    chat_pages: Tree,
    sub_pages: Tree,
    incidents: Tree,
    open: Tree,
    outbox: Tree,
    reports: Tree,
    alerts: Tree,
    muted: Tree,
    listed: Tree,
    quarantine: Tree,
    alarms: Tree,
    history: Tree,
    maintenance: Tree,
    /// HTTP writes' answers by `Idempotency-Key` (`answers.rs`): not backed up, not
    /// counted.
    answers: Tree,
    /// Derived from `incidents` (`indexes.rs`): not backed up, not counted.
    incident_index: Tree,
    /// Subscribers per service, kept by the writer (`indexes.rs`).
    subscriber_counts: indexes::SubscriberCounts,
    /// Per service, when each report still in the window was made, oldest first: the
    /// writer counts reporters from here rather than reading every report of the
    /// service for each new one (12,000 reports at once took 39 s). A service is built
    /// from `reports` when first asked, and forgotten whenever reports are removed.
    report_windows: Arc<std::sync::Mutex<ReportWindows>>,
}

/// Per service, the times of the reports still in the window, oldest first.
type ReportWindows =
    std::collections::HashMap<ServiceId, std::collections::VecDeque<DateTime<Utc>>>;

/// The outbox as read: what can be delivered, and what cannot be read.
#[derive(Debug, Default)]
pub struct Outbox {
    pub readable: Vec<Broadcast>,
    /// Keys of records this build cannot decode, with why.
    pub unreadable: Vec<(Vec<u8>, String)>,
}

/// A handle to the database; cheap to clone. Reads run on the caller's thread; writes go
/// to the single writer and return once they are on disk.
#[derive(Clone)]
pub struct Store {
    trees: Trees,
    writer: Arc<Writer>,
    /// What disagreed with the store's own count when it was opened with the damage
    /// accepted (`open_with`): `verify` reports it, and `close` keeps no clean count
    /// while it stands.
    damage: Option<Arc<str>>,
}

impl Store {
    /// Opens (or creates) the database in `dir`. A locked or corrupt database is an error
    /// naming the path; nothing is deleted. So is one that holds less than it counted at
    /// its last clean stop (`census.rs`).
    pub fn open(dir: &Path) -> Result<Store> {
        Store::open_with(dir, false)
    }

    /// `open`, and with `accept_damage` a store that disagrees with its own count is
    /// used all the same (logged), as the operator said.
    pub fn open_with(dir: &Path, accept_damage: bool) -> Result<Store> {
        // sled may panic on a damaged folder rather than say so: that is an error with the
        // path too, never a crash.
        match std::panic::catch_unwind(|| Store::open_checked(dir, accept_damage)) {
            Ok(opened) => opened,
            Err(panic) => {
                let what = panic
                    .downcast_ref::<String>()
                    .map(String::as_str)
                    .or_else(|| panic.downcast_ref::<&str>().copied())
                    .unwrap_or("no reason given");
                Err(StoreError::Open {
                    path: dir.to_path_buf(),
                    reason: format!("the database is damaged (sled gave up reading it: {what})"),
                })
            }
        }
    }

    fn open_checked(dir: &Path, accept_damage: bool) -> Result<Store> {
        let failed = |reason: String| StoreError::Open {
            path: dir.to_path_buf(),
            reason,
        };
        let db = open_db(dir).map_err(|e| failed(describe_open_error(&e)))?;
        // Every subscriber is in here: the folder is the owner's only.
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))
                .map_err(|e| failed(format!("cannot make it private: {e}")))?;
        }
        let tree = |name: &str| db.open_tree(name).map_err(|e| failed(e.to_string()));
        let meta = tree("meta")?;
        let layout = migrate::bring_up_to_date(&db, &meta).map_err(|e| failed(e.to_string()))?;
        let id_floor = meta
            .get("id_floor")
            .map_err(|e| failed(e.to_string()))?
            .and_then(|v| <[u8; 8]>::try_from(v.as_ref()).ok())
            .map_or(0, u64::from_be_bytes);
        let trees = Trees {
            meta,
            id_floor: Arc::new(std::sync::atomic::AtomicU64::new(id_floor)),
            chat_pages: tree("chat_pages")?,
            sub_pages: tree("sub_pages")?,
            incidents: tree("incidents")?,
            open: tree("open")?,
            outbox: tree("outbox")?,
            reports: tree("reports")?,
            alerts: tree("alerts")?,
            muted: tree("muted")?,
            listed: tree("listed")?,
            quarantine: tree("quarantine")?,
            alarms: tree("alarms")?,
            history: tree("history")?,
            maintenance: tree("maintenance")?,
            incident_index: tree("incident_index")?,
            answers: tree("answers")?,
            subscriber_counts: Default::default(),
            report_windows: Arc::default(),
            db,
        };
        let mut damage = None;
        let left = trees.left_census().map_err(|e| failed(e.to_string()))?;
        let now = trees.count().map_err(|e| failed(e.to_string()))?;
        // Every store of this layout keeps a count from its first open on, and a new one
        // holds nothing: a missing count, or data with no layout, means `meta` was lost.
        let lost_meta = match (layout, &left) {
            (migrate::Layout::Current, None) => Some("its own count is missing".to_owned()),
            (migrate::Layout::New, _) if !now.is_empty() => {
                Some("it holds data but no record of its layout".to_owned())
            }
            _ => None,
        };
        let disagreement = left
            .as_ref()
            .filter(|c| c.clean)
            .and_then(|left| left.differences(&now));
        if let Some(found) = lost_meta.or(disagreement) {
            if !accept_damage {
                return Err(StoreError::Damaged {
                    path: dir.to_path_buf(),
                    found,
                });
            }
            tracing::error!(path = %dir.display(), %found, "the store disagrees with the count it left; used all the same, as asked");
            damage = Some(Arc::from(found.as_str()));
        }
        // What is derived is made to agree with the records before anything reads it.
        if trees
            .mend_incident_index()
            .map_err(|e| failed(e.to_string()))?
        {
            tracing::info!(path = %dir.display(), "the index of incidents by service was built again");
        }
        trees
            .recount_subscribers()
            .map_err(|e| failed(e.to_string()))?;
        // Not clean again until the next clean stop: a crash leaves nothing to hold the
        // store to.
        trees
            .keep_census(&census::Census {
                clean: false,
                ..now.clone()
            })
            .and_then(|()| trees.db.flush().map(drop).map_err(StoreError::from))
            .map_err(|e| failed(e.to_string()))?;
        let writer = Writer::start(trees.clone())
            .map_err(|e| failed(format!("cannot start the writer thread: {e}")))?;
        Ok(Store {
            trees,
            writer: Arc::new(writer),
            damage,
        })
    }

    /// What the store holds by its own count, taken on the writer (so no write lands in
    /// the middle) and kept as the clean count the next open is held to; on disk when
    /// this returns. The last thing a clean stop does.
    pub async fn close(&self) -> Result<census::Census> {
        // Damage accepted is still damage: the next start must not take it as clean.
        let clean = self.damage.is_none();
        self.writer
            .write(move |t| {
                let census = census::Census {
                    clean,
                    ..t.count()?
                };
                t.keep_census(&census)?;
                Ok(census)
            })
            .await
    }

    /// What disagreed with the store's own count when it was opened, if the damage was
    /// accepted.
    pub fn damage(&self) -> Option<&str> {
        self.damage.as_deref()
    }

    /// What the store holds now, by its own count (reads every tree).
    pub fn census(&self) -> Result<census::Census> {
        self.trees.count()
    }

    /// Waits until every write sent so far is on disk.
    pub async fn flush(&self) -> Result<()> {
        self.writer.write(|_| Ok(())).await
    }

    /// Keeps the writer busy for `how_long`, as a disk that stops answering would: what
    /// is written meanwhile waits. For tests of what the bot does about a stuck disk.
    pub async fn hold_writer_for(&self, how_long: std::time::Duration) -> Result<()> {
        self.writer
            .write(move |_| {
                std::thread::sleep(how_long);
                Ok(())
            })
            .await
    }

    // --- backups and checks ------------------------------------------------------------

    /// Every tree as it is at one instant: taken by the writer, so no write lands in
    /// the middle of it.
    pub async fn snapshot(&self) -> Result<Snapshot> {
        self.writer.write(|t| t.snapshot()).await
    }

    /// Fills a store that holds nothing yet from a snapshot (`outage-bot import`).
    pub async fn restore(&self, snapshot: Snapshot) -> Result<()> {
        self.writer.write(move |t| t.restore(&snapshot)).await
    }

    /// Decodes every record and checks that the store's parts agree (`outage-bot verify`).
    /// Crowd reports made before `stale_before` count as left behind.
    pub async fn verify(&self, stale_before: Option<DateTime<Utc>>) -> Result<Verification> {
        let mut verified = self.writer.write(move |t| t.verify(stale_before)).await?;
        if let Some(damage) = &self.damage {
            verified.problems.insert(
                0,
                format!("the store holds less than it counted when it last stopped: {damage}"),
            );
        }
        Ok(verified)
    }

    /// Rebuilds what is derived and drops what points nowhere (`verify --repair`);
    /// changes nothing while a chat or an incident does not decode.
    pub async fn repair(&self, stale_before: Option<DateTime<Utc>>) -> Result<()> {
        self.writer.write(move |t| t.repair(stale_before)).await
    }

    /// Runs `read` on tokio's blocking threads: a read that walks many records never
    /// holds a thread that answers chats.
    pub async fn read<R: Send + 'static>(
        &self,
        read: impl FnOnce(&Store) -> Result<R> + Send + 'static,
    ) -> Result<R> {
        let store = self.clone();
        tokio::task::spawn_blocking(move || read(&store))
            .await
            .map_err(|e| {
                tracing::error!(error = %e, "a read of the store panicked");
                StoreError::ReadFailed
            })?
    }

    /// What the writer is doing, for health checks and metrics.
    pub fn writer_stats(&self) -> Arc<WriterStats> {
        self.writer.stats.clone()
    }

    // --- chats -------------------------------------------------------------------------

    pub fn chat(&self, chat: ChatId) -> Result<Option<ChatSettings>> {
        self.trees.chat(chat)
    }

    /// The chat's settings, recording `new` first if the chat is unknown.
    pub async fn chat_or_insert(&self, chat: ChatId, new: ChatSettings) -> Result<ChatSettings> {
        if let Some(known) = self.chat(chat)? {
            return Ok(known);
        }
        self.writer
            .write(move |t| {
                let mut entry = match t.chat_entry(chat)? {
                    Some(ChatEntry {
                        settings: Some(known),
                        ..
                    }) => return Ok(known),
                    // Subscribed before it was seen: its language is known from now on.
                    Some(unseen) => unseen,
                    None => ChatEntry::new(None),
                };
                entry.settings = Some(new.clone());
                t.save_chat(chat, &entry)?;
                Ok(new)
            })
            .await
    }

    pub async fn set_chat_lang(
        &self,
        chat: ChatId,
        lang: Lang,
        if_new: ChatSettings,
    ) -> Result<()> {
        self.change_settings(chat, if_new, move |s| s.chosen_lang = Some(lang))
            .await
    }

    /// Changes `chat`'s settings with `change` (recording `if_new` first for a chat
    /// never seen); its language and preferences go beside each of its subscriptions in
    /// the same transaction.
    async fn change_settings<R: Send + 'static>(
        &self,
        chat: ChatId,
        if_new: ChatSettings,
        change: impl FnOnce(&mut ChatSettings) -> R + Send + 'static,
    ) -> Result<R> {
        self.writer
            .write(move |t| {
                let mut entry = t.chat_entry(chat)?.unwrap_or_else(|| ChatEntry::new(None));
                let changed = change(entry.settings.get_or_insert(if_new));
                t.save_chat(chat, &entry)?;
                Ok(changed)
            })
            .await
    }

    /// Changes `chat`'s preferences with `change`; returns them as they now are.
    pub async fn change_preferences(
        &self,
        chat: ChatId,
        if_new: ChatSettings,
        change: impl FnOnce(&mut Preferences) + Send + 'static,
    ) -> Result<Preferences> {
        self.change_settings(chat, if_new, move |s| {
            change(&mut s.preferences);
            s.preferences
        })
        .await
    }

    // --- subscriptions -----------------------------------------------------------------

    /// Subscribes `chat` to each service; returns those that were new.
    pub async fn subscribe(&self, chat: ChatId, services: &[ServiceId]) -> Result<Vec<ServiceId>> {
        let services = services.to_vec();
        self.writer
            .write(move |t| t.change_subscriptions(chat, &services, true))
            .await
    }

    /// Unsubscribes `chat` from each service; returns those it had.
    pub async fn unsubscribe(
        &self,
        chat: ChatId,
        services: &[ServiceId],
    ) -> Result<Vec<ServiceId>> {
        let services = services.to_vec();
        self.writer
            .write(move |t| t.change_subscriptions(chat, &services, false))
            .await
    }

    /// The services `chat` is subscribed to, by id.
    pub fn subscriptions(&self, chat: ChatId) -> Result<Vec<ServiceId>> {
        self.trees.subscriptions(chat)
    }

    pub fn subscriber_count(&self, service: &ServiceId) -> usize {
        self.trees.subscriber_count(service)
    }

    /// Up to `limit` subscribers of `service` after `after`, in chat-id order, each with
    /// what decides its language and what it wants to hear.
    pub fn subscribers_after(
        &self,
        service: &ServiceId,
        after: Option<ChatId>,
        limit: usize,
    ) -> Result<Vec<(ChatId, Recipient)>> {
        self.trees
            .sub_pages(service)
            .entries_after(after, limit)?
            .into_iter()
            .map(|(chat, payload)| Ok((chat, decode_recipient("sub_pages", &payload)?)))
            .collect()
    }

    /// Deletes everything kept about `chat` (`/stop`, or Telegram says the chat is
    /// gone): its settings, subscriptions, crowd reports and places on reporters'
    /// lists, in one transaction. Returns the services it had.
    pub async fn forget_chat(&self, chat: ChatId) -> Result<Vec<ServiceId>> {
        self.writer
            .write(move |t| {
                let services = t.subscriptions(chat)?;
                // Found by key, not by reading whole trees: this chat's report on each
                // service that has reports, its place on each pending broadcast's list.
                let mut reports = Vec::new();
                for service in t.services_with_reports()? {
                    let key = report_key(&service, UserId(chat.0));
                    if t.reports.contains_key(&key)? {
                        reports.push((service, sled::IVec::from(key)));
                    }
                }
                let mut listed = Vec::new();
                for id in t.outbox.iter().keys() {
                    let key: Vec<u8> = [id?.as_ref(), &chat_key(chat)[..]].concat();
                    if t.listed.contains_key(&key)? {
                        listed.push(sled::IVec::from(key));
                    }
                }
                t.forget_report_windows(reports.iter().map(|(service, _)| service));
                let reports: Vec<sled::IVec> = reports.into_iter().map(|(_, key)| key).collect();
                let chat_writes = t.chat_pages().plan_remove(chat)?;
                let mut sub_writes = Vec::new();
                for service in &services {
                    sub_writes.extend(t.sub_pages(service).plan_remove(chat)?);
                }
                (&t.chat_pages, &t.sub_pages, &t.reports, &t.listed).transaction(
                    |(chat_pages, sub_pages, reports_tree, listed_tree)| {
                        put(chat_pages, &chat_writes)?;
                        put(sub_pages, &sub_writes)?;
                        for key in &reports {
                            reports_tree.remove(key)?;
                        }
                        for key in &listed {
                            listed_tree.remove(key)?;
                        }
                        Ok::<_, ConflictableTransactionError<StoreError>>(())
                    },
                )?;
                for service in &services {
                    t.subscriber_counts.change(service, false);
                }
                Ok(services)
            })
            .await
    }

    /// Moves a group that became a supergroup: its settings and subscriptions follow.
    /// The new chat is written first, then the old removed: stopped between the two, the
    /// group is kept twice, never lost.
    pub async fn migrate_chat(&self, from: ChatId, to: ChatId) -> Result<()> {
        self.writer
            .write(move |t| {
                let Some(old) = t.chat_entry(from)? else {
                    return Ok(());
                };
                let mut new = t.chat_entry(to)?.unwrap_or_else(|| ChatEntry::new(None));
                let had_before = new.services.clone();
                if new.settings.is_none() {
                    new.settings = old.settings.clone();
                }
                for service in &old.services {
                    if !new.services.contains(service) {
                        new.services.push(service.clone());
                    }
                }
                new.services.sort();
                t.save_chat(to, &new)?;
                let mut sub_writes = Vec::new();
                for service in &old.services {
                    sub_writes.extend(t.sub_pages(service).plan_remove(from)?);
                }
                t.apply_pages(t.chat_pages().plan_remove(from)?, sub_writes)?;
                for service in &old.services {
                    if !had_before.contains(service) {
                        t.subscriber_counts.change(service, true);
                    }
                    t.subscriber_counts.change(service, false);
                }
                Ok(())
            })
            .await
    }

    /// Fills an empty store with chats, their settings and subscriptions at once, page
    /// by page (for imports and benchmarks; far faster than one write per chat).
    /// Refuses a store that already has chats.
    pub async fn load_chats(
        &self,
        chats: Vec<(ChatId, ChatSettings, Vec<ServiceId>)>,
    ) -> Result<usize> {
        self.writer
            .write(move |t| {
                if !t.chat_pages.is_empty() || !t.sub_pages.is_empty() {
                    return Err(StoreError::Corrupt {
                        tree: "chat_pages",
                        reason: "chats are loaded only into an empty store".into(),
                    });
                }
                let mut chats = chats;
                chats.sort_by_key(|(chat, _, _)| *chat);
                chats.dedup_by_key(|(chat, _, _)| *chat);
                let mut by_service: std::collections::BTreeMap<ServiceId, Vec<(ChatId, Vec<u8>)>> =
                    Default::default();
                let mut chat_writer = PageWriter::new(&t.chat_pages, Vec::new(), CHAT_PAGE);
                for (chat, settings, mut services) in chats {
                    services.sort();
                    services.dedup();
                    let entry = ChatEntry {
                        settings: Some(settings),
                        services,
                    };
                    let recipient = encode_recipient(&entry.recipient());
                    for service in &entry.services {
                        by_service
                            .entry(service.clone())
                            .or_default()
                            .push((chat, recipient.clone()));
                    }
                    chat_writer.push(chat, entry.encode_checked()?)?;
                }
                let loaded = chat_writer.finish()?;
                for (service, subscribers) in by_service {
                    let mut writer = PageWriter::new(&t.sub_pages, sub_prefix(&service), SUB_PAGE);
                    for (chat, recipient) in subscribers {
                        writer.push(chat, recipient)?;
                    }
                    writer.finish()?;
                }
                t.recount_subscribers()?;
                Ok(loaded)
            })
            .await
    }

    // --- incidents and the outbox ------------------------------------------------------

    pub fn open_incident(&self, service: &ServiceId) -> Result<Option<Incident>> {
        self.trees.open_incident(service)
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
        self.writer
            .write(move |t| {
                let mut tx = IncidentTx::new(t, service);
                let result = change(&mut tx)?;
                tx.commit()?;
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

    /// Broadcasts not yet finished, oldest first (unreadable ones left out).
    pub fn pending_broadcasts(&self) -> Result<Vec<Broadcast>> {
        Ok(self.outbox()?.readable)
    }

    /// The outbox as it is: broadcasts not yet finished, oldest first, and the ids of
    /// records this build cannot read.
    pub fn outbox(&self) -> Result<Outbox> {
        let mut outbox = Outbox::default();
        for entry in self.trees.outbox.iter() {
            let (key, value) = entry?;
            match decode_record::<Broadcast>(&value) {
                Ok(broadcast) => outbox.readable.push(broadcast),
                Err(e) => outbox.unreadable.push((key.to_vec(), e.to_string())),
            }
        }
        Ok(outbox)
    }

    /// Moves unreadable outbox records aside (to `quarantine`, bytes kept as they were),
    /// so every other broadcast goes on. Returns how many are set aside in all.
    pub async fn set_aside(&self, keys: Vec<Vec<u8>>) -> Result<usize> {
        self.writer
            .write(move |t| {
                for key in keys {
                    (&t.outbox, &t.quarantine).transaction(|(outbox, quarantine)| {
                        if let Some(value) = outbox.remove(key.as_slice())? {
                            quarantine.insert(key.as_slice(), value)?;
                        }
                        Ok::<_, ConflictableTransactionError<StoreError>>(())
                    })?;
                }
                Ok(t.quarantine.len())
            })
            .await
    }

    /// How many outbox records were set aside as unreadable.
    pub fn set_aside_count(&self) -> usize {
        self.trees.quarantine.len()
    }

    /// Records a broadcast's progress (cursor and tally). A broadcast already finished
    /// stays finished: progress never brings it back.
    pub async fn save_broadcast(&self, broadcast: &Broadcast) -> Result<()> {
        let key = id_key(broadcast.id);
        let value = encode_record(broadcast);
        self.writer
            .write(move |t| {
                if t.outbox.contains_key(key)? {
                    t.outbox.insert(key, value)?;
                }
                Ok(())
            })
            .await
    }

    /// Ends `broadcast` early because a newer event of its story waits behind it, and
    /// tells that newer broadcast (the next one of the story to subscribers) who heard
    /// the story so far (`None`: everyone did): one write. Returns the newer
    /// broadcast's id.
    pub async fn cut_short(
        &self,
        broadcast: &Broadcast,
        reach: Option<Reach>,
    ) -> Result<Option<u64>> {
        let (id, story) = (broadcast.id, broadcast.notice.story());
        self.writer
            .write(move |t| {
                let mut next: Option<Broadcast> = None;
                for value in t.outbox.range(id_key(id + 1)..).values() {
                    let candidate: Broadcast = decode_record(&value?)?;
                    if candidate.notice.story() == story
                        && candidate.audience == Audience::Subscribers
                    {
                        next = Some(candidate);
                        break;
                    }
                }
                let next = next.map(|mut b| {
                    b.previous_reach = reach.clone();
                    b
                });
                let listed: Vec<sled::IVec> = t
                    .listed
                    .scan_prefix(id_key(id))
                    .keys()
                    .collect::<sled::Result<_>>()?;
                (&t.outbox, &t.listed).transaction(|(outbox, listed_tree)| {
                    outbox.remove(&id_key(id))?;
                    if let Some(next) = &next {
                        outbox.insert(&id_key(next.id), encode_record(next))?;
                    }
                    // Its audience list is done with, like a finished broadcast's.
                    for key in &listed {
                        listed_tree.remove(key)?;
                    }
                    Ok::<_, ConflictableTransactionError<StoreError>>(())
                })?;
                Ok(next.map(|b| b.id))
            })
            .await
    }

    pub async fn finish_broadcast(&self, id: u64) -> Result<()> {
        self.writer
            .write(move |t| {
                t.outbox.remove(id_key(id))?;
                for key in t.listed.scan_prefix(id_key(id)).keys() {
                    t.listed.remove(key?)?;
                }
                Ok(())
            })
            .await
    }

    /// Up to `limit` chats of `broadcast`'s audience after `after`, in chat-id order, each
    /// with what decides its language and what it wants to hear.
    pub fn audience_after(
        &self,
        broadcast: &Broadcast,
        after: Option<ChatId>,
        limit: usize,
    ) -> Result<Vec<(ChatId, Recipient)>> {
        match broadcast.audience {
            Audience::Subscribers => {
                self.subscribers_after(broadcast.notice.service(), after, limit)
            }
            Audience::Listed => {
                let prefix = id_key(broadcast.id).to_vec();
                let start = match after {
                    Some(chat) => [prefix.as_slice(), &chat_key(chat), &[0]].concat(),
                    None => prefix.clone(),
                };
                // A few reporters: each one's language is looked up on its own.
                chats_after(&self.trees.listed, "listed", &prefix, start, limit)?
                    .into_iter()
                    .map(|chat| Ok((chat, self.recipient(chat)?)))
                    .collect()
            }
        }
    }

    /// What decides `chat`'s language and what it wants to hear, as stored (the
    /// defaults for a chat never seen).
    pub fn recipient(&self, chat: ChatId) -> Result<Recipient> {
        Ok(self.chat(chat)?.map(|s| s.recipient()).unwrap_or_default())
    }

    // --- planned maintenance ------------------------------------------------------------

    /// Every maintenance window kept, oldest id first.
    pub fn windows(&self) -> Result<Vec<Window>> {
        self.trees.windows()
    }

    /// Runs `change` on the writer with the windows as they are now, and stores what it
    /// records (windows and their notices) in one transaction: two admins planning the
    /// same night cannot both get it. `change` may be run once only and must not have
    /// side effects beyond its return value.
    pub async fn change_windows<R: Send + 'static>(
        &self,
        change: impl FnOnce(&mut WindowTx<'_>) -> Result<R> + Send + 'static,
    ) -> Result<R> {
        self.writer
            .write(move |t| {
                let mut tx = WindowTx::new(t);
                let result = change(&mut tx)?;
                tx.commit()?;
                Ok(result)
            })
            .await
    }

    // --- probes -------------------------------------------------------------------------

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
            let key = key?;
            let end = key.iter().position(|&b| b == 0).unwrap_or(key.len());
            let id = std::str::from_utf8(&key[..end]).map_err(|e| corrupt("alarms", e))?;
            services.insert(ServiceId::parse(id).map_err(|e| corrupt("alarms", e))?);
        }
        Ok(services)
    }

    // --- crowd reports -----------------------------------------------------------------

    /// Deletes the crowd reports made before `before` (past their window: they no longer
    /// count); returns how many. Run hourly, off the path of each report.
    pub async fn sweep_reports(&self, before: DateTime<Utc>) -> Result<usize> {
        self.writer
            .write(move |t| {
                let mut stale = Vec::new();
                for entry in t.reports.iter() {
                    let (key, value) = entry?;
                    if codec::time(&value).is_none_or(|at| at < before) {
                        stale.push(key);
                    }
                }
                for key in &stale {
                    t.reports.remove(key)?;
                }
                if !stale.is_empty() {
                    t.forget_report_windows_all();
                }
                Ok(stale.len())
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
    fn chat_pages(&self) -> Pages<'_> {
        Pages {
            tree: &self.chat_pages,
            name: "chat_pages",
            prefix: Vec::new(),
            capacity: CHAT_PAGE,
        }
    }

    fn sub_pages(&self, service: &ServiceId) -> Pages<'_> {
        Pages {
            tree: &self.sub_pages,
            name: "sub_pages",
            prefix: sub_prefix(service),
            capacity: SUB_PAGE,
        }
    }

    fn chat_entry(&self, chat: ChatId) -> Result<Option<ChatEntry>> {
        self.chat_pages()
            .get(chat)?
            .map(|bytes| ChatEntry::decode("chat_pages", &bytes))
            .transpose()
    }

    fn chat(&self, chat: ChatId) -> Result<Option<ChatSettings>> {
        Ok(self.chat_entry(chat)?.and_then(|entry| entry.settings))
    }

    /// Stores `entry` as `chat`'s, with its language and preferences beside each of its subscriptions.
    fn save_chat(&self, chat: ChatId, entry: &ChatEntry) -> Result<()> {
        let recipient = encode_recipient(&entry.recipient());
        let mut sub_writes = Vec::new();
        for service in &entry.services {
            sub_writes.extend(self.sub_pages(service).plan_set(chat, recipient.clone())?);
        }
        self.apply_pages(
            self.chat_pages().plan_set(chat, entry.encode_checked()?)?,
            sub_writes,
        )
    }

    fn subscriptions(&self, chat: ChatId) -> Result<Vec<ServiceId>> {
        Ok(self
            .chat_entry(chat)?
            .map(|entry| entry.services)
            .unwrap_or_default())
    }

    fn subscriber_count(&self, service: &ServiceId) -> usize {
        self.subscriber_counts.get(service) as usize
    }

    fn is_subscribed(&self, chat: ChatId, service: &ServiceId) -> Result<bool> {
        Ok(self.subscriptions(chat)?.contains(service))
    }

    /// Page writes to both page trees, in one transaction.
    fn apply_pages(&self, chat_writes: Vec<Write>, sub_writes: Vec<Write>) -> Result<()> {
        if chat_writes.is_empty() && sub_writes.is_empty() {
            return Ok(());
        }
        (&self.chat_pages, &self.sub_pages).transaction(|(chat_pages, sub_pages)| {
            put(chat_pages, &chat_writes)?;
            put(sub_pages, &sub_writes)?;
            Ok::<_, ConflictableTransactionError<StoreError>>(())
        })?;
        Ok(())
    }

    fn change_subscriptions(
        &self,
        chat: ChatId,
        services: &[ServiceId],
        on: bool,
    ) -> Result<Vec<ServiceId>> {
        // A chat subscribed before it was seen (only tests and tools do that) has no
        // settings until it is.
        let mut entry = self
            .chat_entry(chat)?
            .unwrap_or_else(|| ChatEntry::new(None));
        let recipient = encode_recipient(&entry.recipient());
        let mut changed = Vec::new();
        let mut sub_writes = Vec::new();
        for service in services {
            if entry.services.contains(service) == on {
                continue;
            }
            let pages = self.sub_pages(service);
            if on {
                entry.services.push(service.clone());
                sub_writes.extend(pages.plan_set(chat, recipient.clone())?);
            } else {
                entry.services.retain(|s| s != service);
                sub_writes.extend(pages.plan_remove(chat)?);
            }
            changed.push(service.clone());
        }
        if changed.is_empty() {
            return Ok(changed);
        }
        entry.services.sort();
        self.apply_pages(
            self.chat_pages().plan_set(chat, entry.encode_checked()?)?,
            sub_writes,
        )?;
        for service in &changed {
            self.subscriber_counts.change(service, on);
        }
        Ok(changed)
    }

    /// When each report of `service` still in the window was made, oldest first: one
    /// read of the service's reports, when its window is first needed.
    fn report_times(
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
    fn forget_report_windows<'s>(&self, services: impl IntoIterator<Item = &'s ServiceId>) {
        let mut windows = self
            .report_windows
            .lock()
            .unwrap_or_else(|p| p.into_inner());
        for service in services {
            windows.remove(service);
        }
    }

    /// Every service's report window is read again when next needed.
    fn forget_report_windows_all(&self) {
        self.report_windows
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clear();
    }

    /// Every service that has reports, found by jumping from one service's keys to the
    /// next (a seek per service, not a read of every report).
    fn services_with_reports(&self) -> Result<Vec<ServiceId>> {
        let mut services = Vec::new();
        let mut from: Vec<u8> = Vec::new();
        while let Some(key) = self
            .reports
            .range(from.clone()..)
            .keys()
            .next()
            .transpose()?
        {
            let end = key.iter().position(|&b| b == 0).unwrap_or(key.len());
            let id = std::str::from_utf8(&key[..end]).map_err(|e| corrupt("reports", e))?;
            services.push(ServiceId::parse(id).map_err(|e| corrupt("reports", e))?);
            // The first key after every `service\0…` one.
            from = [&key[..end], &[1u8][..]].concat();
        }
        Ok(services)
    }

    fn open_incident(&self, service: &ServiceId) -> Result<Option<Incident>> {
        let Some(id) = self.open.get(service.as_str())? else {
            return Ok(None);
        };
        self.incidents
            .get(&id)?
            .map(|v| decode_record(&v))
            .transpose()
    }

    fn record_report(
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

/// Up to `limit` chats whose keys in `tree` start with `prefix`, from `start` on; the
/// chat is the 8 bytes after the prefix.
fn chats_after(
    tree: &Tree,
    name: &'static str,
    prefix: &[u8],
    start: Vec<u8>,
    limit: usize,
) -> Result<Vec<ChatId>> {
    let mut out = Vec::with_capacity(limit.min(1024));
    for key in tree.range(start..).keys() {
        let key = key?;
        if !key.starts_with(prefix) || out.len() >= limit {
            break;
        }
        out.push(key_chat(&key[prefix.len()..]).ok_or_else(|| corrupt(name, "short key"))?);
    }
    Ok(out)
}

fn sub_prefix(service: &ServiceId) -> Vec<u8> {
    [service.as_str().as_bytes(), &[0]].concat()
}

fn sub_key(service: &ServiceId, chat: ChatId) -> Vec<u8> {
    [sub_prefix(service).as_slice(), &chat_key(chat)].concat()
}

/// Applies page writes inside a transaction.
fn put(
    tree: &sled::transaction::TransactionalTree,
    writes: &[Write],
) -> std::result::Result<(), ConflictableTransactionError<StoreError>> {
    for (key, value) in writes {
        match value {
            Some(value) => tree.insert(key.as_slice(), value.as_slice())?,
            None => tree.remove(key.as_slice())?,
        };
    }
    Ok(())
}

/// A user's report on a service: keyed like a subscription, by the user's private chat.
fn report_key(service: &ServiceId, user: UserId) -> Vec<u8> {
    sub_key(service, user.private_chat())
}

fn corrupt(tree: &'static str, reason: impl ToString) -> StoreError {
    StoreError::Corrupt {
        tree,
        reason: reason.to_string(),
    }
}

/// How long opening waits for a lock a store of this process is still letting go of.
const LOCK_WAIT: std::time::Duration = std::time::Duration::from_secs(2);

/// Opens sled in `dir`. A store just closed in this process lets go of its folder's
/// lock only when sled's own threads are done with it, a moment after the last handle
/// is dropped; so a locked folder is tried again for `LOCK_WAIT` before it is refused.
fn open_db(dir: &Path) -> std::result::Result<sled::Db, sled::Error> {
    let started = std::time::Instant::now();
    loop {
        let opened = sled::Config::new()
            .path(dir)
            // sled caches up to 1 GB by default; the bot's working set is far smaller.
            .cache_capacity(CACHE_BYTES)
            // No background flusher: only the writer flushes (see `writer.rs`).
            .flush_every_ms(None)
            .open();
        match opened {
            Err(e) if is_locked(&e) && started.elapsed() < LOCK_WAIT => {
                std::thread::sleep(std::time::Duration::from_millis(50));
            }
            other => return other,
        }
    }
}

fn is_locked(e: &sled::Error) -> bool {
    let text = e.to_string();
    text.contains("lock")
        || text.contains("WouldBlock")
        || text.contains("Resource temporarily unavailable")
}

/// sled reports a second process holding the database as a bare I/O error; say it plainly.
fn describe_open_error(e: &sled::Error) -> String {
    if is_locked(e) {
        "it is locked by another running outage-bot".to_owned()
    } else {
        e.to_string()
    }
}

#[cfg(test)]
mod hammer;
#[cfg(test)]
mod tests;
