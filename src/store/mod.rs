//! The sled store: the only module that touches sled.
//!
//! # Trees and keys
//! | tree         | key                                   | value                    |
//! |--------------|---------------------------------------|--------------------------|
//! | `meta`       | `"schema"`                            | schema version, u32 BE   |
//! | `meta`       | `"id_floor"`                          | ids start above this, u64 BE (set by an import) |
//! | `meta`       | `"began_at"`                          | when the bot first kept records, i64 ms BE (the public page's history begins there) |
//! | `chat_pages` | first chat of the page                | a page of chats: settings and subscriptions |
//! | `sub_pages`  | service id, `0x00`, first chat of the page | a page of a service's subscribers, each with its language and preferences |
//! | `incidents`  | incident id, u64 BE                   | `Incident`               |
//! | `open`       | service id                            | incident id, u64 BE      |
//! | `outbox`     | broadcast id, u64 BE                  | `Broadcast`              |
//! | `reports`    | service id, `0x00`, user              | report time, i64 ms BE; then version 1, network and area said (`reports.rs`) |
//! | `report_counts` | service id, `0x00`, 5-minute bucket, i64 BE (sign flipped), network, `0x00`, area | reports, version 1, u32 BE |
//! | `report_baseline` | service id, `0x00`, 15-minute slot of the week, u16 BE | version 1, then (week i64 BE, reports u32 BE) for up to five weeks |
//! | `alerts`     | service id, `0x00settled`             | when the service was last declared back, i64 ms BE |
//! | `meta`       | `"reports_began"`                     | the first report, i64 ms BE (the usual numbers count weeks from there) |
//! | `alerts`     | service id                            | last alert, i64 ms BE    |
//! | `alerts`     | `0x00network0x00`, network id          | the network's last alert, i64 ms BE |
//! | `muted`      | service id                            | empty (probe muted)      |
//! | `listed`     | broadcast id, u64 BE, chat            | empty (a Listed audience) |
//! | `quarantine` | broadcast id, u64 BE                  | an unreadable outbox record, as it was |
//! | `alarms`     | service id, `0x00`, intake, `0x00`, id | `Alarm` an automatic intake holds |
//! | `history`    | service id                            | `PastIncidents`: incidents older than the history keeps, summed up |
//! | `maintenance`| window id, u64 BE                     | `Window`: a planned maintenance window |
//! | `threads`    | `i` incident id or `m` window id, u64 BE, chat | message id, i32 BE: the chat's first notice of it (`threads.rs`) |
//! | `channel_posts` | channel chat, incident id, u64 BE | the channel's post of a running incident: version 1, message id i32 BE, entries told u32 BE (`channel_posts.rs`) |
//! | `meta`       | `"channel_mark"`, channel chat        | the last incident id the channel has looked at, u64 BE |
//! | `answers`    | caller, path, `Idempotency-Key`       | an HTTP write's answer, kept a day (`answers.rs`) |
//! | `taken_updates` | Telegram's update id, u32 BE       | an update taken and not yet handled: version 1, tries u8, the update's JSON (`taken_updates.rs`) |
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
//! The list of trees lives once, in `tree_name.rs` (with whether a backup carries it); the
//! `Store` facade is split by aggregate, one file each (`chats.rs`, `incidents.rs`,
//! `outbox.rs`, `maintenance.rs`, `reports.rs`, `answers.rs`); this file opens the
//! store and holds the trees.
//!
//! Related keys change in one transaction. Every write goes through the one writer
//! thread (`writer.rs`: why, with the sled issues behind it), which flushes before it
//! answers: when a write returns, it is on disk.

mod answers;
mod census;
mod channel_posts;
mod chats;
mod codec;
mod entries;
mod incident_tx;
mod incidents;
mod indexes;
mod maintenance;
mod migrate;
mod outbox;
mod pages;
mod records;
mod reports;
mod retention;
mod snapshot;
mod taken_updates;
mod threads;
pub use channel_posts::ChannelPost;
pub use taken_updates::{LeftOver, MOST_TRIES as MOST_UPDATE_TRIES};
mod tree_name;
mod verify;
mod window_tx;
mod writer;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{DateTime, Utc};
use sled::Tree;
use sled::transaction::{ConflictableTransactionError, TransactionError};

use crate::domain::{Broadcast, ChatId, ServiceId};
pub use answers::{ANSWER_KEPT_FOR, KeptAnswer};
pub use census::Census;
use codec::chat_key;
pub use incident_tx::IncidentTx;
use pages::Write;
use reports::report_key;
pub use reports::{BucketCount, Recorded, Reporter};
pub use snapshot::{FORMAT_VERSION, Header, Snapshot, SnapshotError};
pub(crate) use tree_name::TreeName;
pub use verify::Verification;
pub use window_tx::WindowTx;
use writer::Writer;
pub use writer::{Submitted, WriterStats};

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
    /// Each chat's first notice of a running incident or window (`threads.rs`): not
    /// backed up, not counted.
    threads: Tree,
    /// Each channel's post of a running incident (`channel_posts.rs`): not backed up.
    channel_posts: Tree,
    /// Updates taken from Telegram and not yet handled (`taken_updates.rs`): not backed
    /// up, not counted.
    taken_updates: Tree,
    /// Derived from `incidents` (`indexes.rs`): not backed up, not counted.
    incident_index: Tree,
    /// Subscribers per service, kept by the writer (`indexes.rs`).
    subscriber_counts: indexes::SubscriberCounts,
    report_counts: Tree,
    report_baseline: Tree,
    /// Per service, reports per recent bucket, kept by the writer (`reports.rs`).
    report_totals: Arc<std::sync::Mutex<reports::ReportTotals>>,
}

/// The outbox as read: what can be delivered, and what cannot be read.
#[derive(Debug, Default)]
pub struct Outbox {
    pub readable: Vec<Broadcast>,
    /// Keys of records this build cannot decode, with why.
    pub unreadable: Vec<(Vec<u8>, String)>,
}

/// A handle to the database; cheap to clone. Quick reads run on the caller's thread, long
/// ones on a blocking thread (`read`); writes go to the single writer and return once
/// they are on disk.
#[derive(Clone)]
pub struct Store {
    trees: Trees,
    writer: Arc<Writer>,
    /// What disagreed with the store's own count when it was opened with the damage
    /// accepted (`open_with`): `verify` reports it, and `close` keeps no clean count
    /// while it stands.
    damage: Option<Arc<str>>,
    /// The writes that may change what the public page and the channels show.
    shown: Arc<ShownChanges>,
}

/// What the channel task holds to wait for changes.
struct ShownSignal(Arc<ShownChanges>);

impl std::ops::Deref for ShownSignal {
    type Target = tokio::sync::Notify;
    fn deref(&self) -> &tokio::sync::Notify {
        &self.0.changed
    }
}

/// Counts the writes that may change what the public page shows (incidents and
/// maintenance windows), so its snapshot is rebuilt only when one happened, and wakes the
/// channel task. Bumped on the writer, once the write is applied: a caller that stops
/// waiting for its write (a client that hung up) cannot leave it unseen.
#[derive(Default)]
struct ShownChanges {
    count: std::sync::atomic::AtomicU64,
    changed: tokio::sync::Notify,
}

impl ShownChanges {
    fn bump(&self) {
        self.count.fetch_add(1, std::sync::atomic::Ordering::AcqRel);
        self.changed.notify_waiters();
    }
}

impl Store {
    /// How many writes so far may have changed an incident or a maintenance window: the
    /// public page rebuilds its snapshot when this moves.
    pub fn shown_changes(&self) -> u64 {
        self.shown.count.load(std::sync::atomic::Ordering::Acquire)
    }

    /// When this store began keeping records: `first` the first time it is asked (its
    /// oldest record, or now), kept from then on. The public page shows the days before
    /// it as having no record, not as days without trouble.
    pub async fn began_at(
        &self,
        first: chrono::DateTime<chrono::Utc>,
    ) -> Result<chrono::DateTime<chrono::Utc>> {
        self.writer
            .write(move |t| {
                let kept = t
                    .meta
                    .get("began_at")?
                    .and_then(|v| <[u8; 8]>::try_from(v.as_ref()).ok())
                    .map(i64::from_be_bytes)
                    .and_then(chrono::DateTime::from_timestamp_millis);
                if let Some(kept) = kept {
                    return Ok(kept);
                }
                t.meta
                    .insert("began_at", &first.timestamp_millis().to_be_bytes())?;
                Ok(first)
            })
            .await
    }

    /// A handle to bump from inside a write that may change what the page shows.
    fn shown_handle(&self) -> Arc<ShownChanges> {
        self.shown.clone()
    }

    /// What a task waits on to hear of the next incident or window change (ask for its
    /// `notified()` before reading, so a change in between is not missed).
    pub fn shown_change_signal(
        &self,
    ) -> impl std::ops::Deref<Target = tokio::sync::Notify> + use<> {
        ShownSignal(self.shown.clone())
    }

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
        let named = |name: &str| db.open_tree(name).map_err(|e| failed(e.to_string()));
        let tree = |name: TreeName| named(name.name());
        let meta = named("meta")?;
        let layout = migrate::bring_up_to_date(&db, &meta).map_err(|e| failed(e.to_string()))?;
        let id_floor = meta
            .get("id_floor")
            .map_err(|e| failed(e.to_string()))?
            .and_then(|v| <[u8; 8]>::try_from(v.as_ref()).ok())
            .map_or(0, u64::from_be_bytes);
        let trees = Trees {
            meta,
            id_floor: Arc::new(std::sync::atomic::AtomicU64::new(id_floor)),
            chat_pages: tree(TreeName::ChatPages)?,
            sub_pages: tree(TreeName::SubPages)?,
            incidents: tree(TreeName::Incidents)?,
            open: tree(TreeName::Open)?,
            outbox: tree(TreeName::Outbox)?,
            reports: tree(TreeName::Reports)?,
            alerts: tree(TreeName::Alerts)?,
            muted: tree(TreeName::Muted)?,
            listed: tree(TreeName::Listed)?,
            quarantine: tree(TreeName::Quarantine)?,
            alarms: tree(TreeName::Alarms)?,
            history: tree(TreeName::History)?,
            maintenance: tree(TreeName::Maintenance)?,
            incident_index: tree(TreeName::IncidentIndex)?,
            answers: tree(TreeName::Answers)?,
            threads: tree(TreeName::Threads)?,
            channel_posts: tree(TreeName::ChannelPosts)?,
            taken_updates: tree(TreeName::TakenUpdates)?,
            subscriber_counts: Default::default(),
            report_counts: tree(TreeName::ReportCounts)?,
            report_baseline: tree(TreeName::ReportBaseline)?,
            report_totals: Arc::default(),
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
        // What is derived is made to agree with the records before anything reads it
        // (the incidents were just counted).
        let incidents = now.trees.get(TreeName::Incidents.name()).copied();
        if trees
            .mend_incident_index(incidents.unwrap_or(0))
            .map_err(|e| failed(e.to_string()))?
        {
            tracing::info!(path = %dir.display(), "the index of incidents by service was built again");
        }
        let given = trees
            .give_probe_incidents_their_alarm()
            .map_err(|e| failed(e.to_string()))?;
        if given > 0 {
            tracing::info!(path = %dir.display(), given, "probe incidents from before probes kept alarms were given theirs");
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
            shown: Arc::default(),
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
    /// is written meanwhile waits. Returns once the writer is held (so a test need not
    /// guess how long that takes), with the hold to wait for. For tests of what the bot
    /// does about a stuck disk (the `test-hooks` feature).
    #[cfg(feature = "test-hooks")]
    pub async fn hold_writer_for(
        &self,
        how_long: std::time::Duration,
    ) -> tokio::task::JoinHandle<Result<()>> {
        let held = Arc::new(tokio::sync::Notify::new());
        let holding = held.clone();
        let store = self.clone();
        let done = holding.clone();
        let hold = tokio::spawn(async move {
            let held = store
                .writer
                .write(move |_| {
                    holding.notify_one();
                    std::thread::sleep(how_long);
                    Ok(())
                })
                .await;
            // A write refused before it ran (a closed store) held nothing: say so too,
            // or the caller would wait for good.
            done.notify_one();
            held
        });
        held.notified().await;
        hold
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
                if e.is_panic() {
                    tracing::error!(error = %e, "a read of the store panicked");
                }
                // Else the runtime is shutting down and took the read with it.
                StoreError::ReadFailed
            })?
    }

    /// What the writer is doing, for health checks and metrics.
    pub fn writer_stats(&self) -> Arc<WriterStats> {
        self.writer.stats.clone()
    }
}

impl Trees {
    /// The tree named `name`.
    pub(super) fn get(&self, name: TreeName) -> &Tree {
        match name {
            TreeName::ChatPages => &self.chat_pages,
            TreeName::SubPages => &self.sub_pages,
            TreeName::Incidents => &self.incidents,
            TreeName::Open => &self.open,
            TreeName::Outbox => &self.outbox,
            TreeName::Reports => &self.reports,
            TreeName::Alerts => &self.alerts,
            TreeName::ReportCounts => &self.report_counts,
            TreeName::ReportBaseline => &self.report_baseline,
            TreeName::Muted => &self.muted,
            TreeName::Listed => &self.listed,
            TreeName::Quarantine => &self.quarantine,
            TreeName::Alarms => &self.alarms,
            TreeName::History => &self.history,
            TreeName::Maintenance => &self.maintenance,
            TreeName::IncidentIndex => &self.incident_index,
            TreeName::Answers => &self.answers,
            TreeName::Threads => &self.threads,
            TreeName::ChannelPosts => &self.channel_posts,
            TreeName::TakenUpdates => &self.taken_updates,
        }
    }
}

/// The service a key of `tree` begins with (keys are `service`, `0x00`, …), and the
/// length of that id in the key.
fn key_service(tree: &'static str, key: &[u8]) -> Result<(ServiceId, usize)> {
    let end = key.iter().position(|&b| b == 0).unwrap_or(key.len());
    let id = std::str::from_utf8(&key[..end]).map_err(|e| corrupt(tree, e))?;
    Ok((ServiceId::parse(id).map_err(|e| corrupt(tree, e))?, end))
}

/// Removes every entry of `tree` whose value is `done`; returns how many. Keys are
/// gathered first: sled does not promise what an iterator sees of its own removals.
fn remove_where(tree: &sled::Tree, done: impl Fn(&[u8]) -> bool) -> Result<usize> {
    let mut doomed = Vec::new();
    for entry in tree.iter() {
        let (key, value) = entry?;
        if done(&value) {
            doomed.push(key);
        }
    }
    for key in &doomed {
        tree.remove(key)?;
    }
    Ok(doomed.len())
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
