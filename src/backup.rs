//! The running bot's own backups: a snapshot of the store (see `store/snapshot.rs` for
//! the file) every `backup.every` into `backup.dir`, the newest `backup.keep` kept.
//!
//! A file is written beside its final name, synced, then renamed, so a backup either is
//! whole or is not there. Its name says when it was taken, in UTC, which is also how the
//! bot, after a restart, knows whether one is due. That time is the wall clock's, not
//! the app's: the console's `/later` moves the app's clock forward, and a backup dated
//! in the future would look newest for good and be the last one ever deleted.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use tokio_util::sync::CancellationToken;

use crate::backup_files::{list, name_at, write_whole};
use crate::config::BackupConfig;
use crate::delivery::messenger::Messenger;
use crate::i18n::Msg;
use crate::metrics::Metrics;
use crate::store::Store;

/// How often the task looks whether a backup is due.
const LOOK_EVERY: Duration = Duration::from_secs(60);

/// One backup written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    pub path: PathBuf,
    pub bytes: u64,
    /// An older backup kept past `backup.keep` because it holds more than the store
    /// does now (the admins are told).
    pub spared: Option<PathBuf>,
}

/// Takes a snapshot now and writes it into `config.dir`, then deletes all but the
/// newest `config.keep`. Returns the file and its bytes (for `/backup`).
pub async fn take(
    store: &Store,
    config: &BackupConfig,
    now: DateTime<Utc>,
) -> anyhow::Result<(Written, Vec<u8>)> {
    use anyhow::Context;
    let snapshot = store.snapshot().await.context("taking a snapshot")?;
    let dir = config.dir.clone();
    let keep = config.keep;
    tokio::task::spawn_blocking(move || {
        let counts = snapshot.counts();
        let bytes = snapshot.encode();
        let path = dir.join(name_at(now));
        write_whole(&path, &bytes)
            .with_context(|| format!("writing the backup {}", path.display()))?;
        // The new backup is whole: failing to delete old ones is worth a warning only.
        let spared = match prune(&dir, keep, &counts) {
            Ok(spared) => spared,
            Err(e) => {
                tracing::warn!(error = %e, dir = %dir.display(), "cannot remove old backups");
                None
            }
        };
        if let Some(spared) = &spared {
            tracing::error!(
                kept = %spared.display(),
                "an older backup holds more than the store does now; it is kept past backup.keep"
            );
        }
        Ok((
            Written {
                path,
                bytes: bytes.len() as u64,
                spared,
            },
            bytes,
        ))
    })
    .await
    .context("the backup task stopped")?
}

/// Deletes all but the newest `keep` backups in `dir` (other files are left alone) —
/// except the newest of them that holds more than the store does now (`now`), when no
/// backup kept holds as much: a store that lost data must not push its last good backup
/// out. Returns that backup, if one was kept so.
fn prune(
    dir: &Path,
    keep: usize,
    now: &std::collections::BTreeMap<String, u64>,
) -> std::io::Result<Option<PathBuf>> {
    let found = list(dir)?;
    let extra = found.len().saturating_sub(keep);
    let (old, kept) = found.split_at(extra);
    let held = |path: &Path| crate::store::Header::peek(path);
    let best_kept_beats_store = kept
        .iter()
        .filter_map(|(_, p)| held(p))
        .any(|h| h.holds_more_than(now));
    let spare = if best_kept_beats_store {
        None
    } else {
        old.iter()
            .rev()
            .find(|(_, p)| held(p).is_some_and(|h| h.holds_more_than(now)))
            .map(|(_, p)| p.clone())
    };
    for (_, path) in old {
        if Some(path) != spare.as_ref() {
            std::fs::remove_file(path)?;
        }
    }
    Ok(spare)
}

/// Takes a backup whenever the newest is `config.every` old (at start, too, when none
/// is recent), until `shutdown`. A failure is logged each time and told to the admins
/// once, until a backup succeeds again; the bot goes on either way.
pub async fn run(
    store: Store,
    config: BackupConfig,
    messenger: Messenger,
    metrics: Arc<Metrics>,
    shutdown: CancellationToken,
) {
    let mut told_admins = false;
    // The older backup the admins were last told is kept because it holds more.
    let mut told_spared: Option<PathBuf> = None;
    let mut last_attempt: Option<DateTime<Utc>> = None;
    loop {
        let now = Utc::now();
        let newest = list(&config.dir)
            .ok()
            .and_then(|found| found.last().map(|(at, _)| *at));
        let since = newest.max(last_attempt);
        let every = chrono::Duration::from_std(config.every).unwrap_or(chrono::TimeDelta::MAX);
        let due = since.is_none_or(|at| now - at >= every);
        if due {
            last_attempt = Some(now);
            match take(&store, &config, now).await {
                Ok((written, _)) => {
                    tracing::info!(path = %written.path.display(), bytes = written.bytes, "backup written");
                    metrics.backup_written();
                    told_admins = false;
                    if let Some(spared) = &written.spared
                        && told_spared.as_ref() != Some(spared)
                    {
                        messenger.tell_admins(
                            &Msg::new("admin-backup-spared")
                                .text("file", spared.display().to_string()),
                        );
                        told_spared = Some(spared.clone());
                    }
                }
                Err(e) => {
                    tracing::error!(error = format!("{e:#}"), "backup failed");
                    metrics.backup_failed();
                    if !std::mem::replace(&mut told_admins, true) {
                        messenger.tell_admins(
                            &Msg::new("admin-backup-failed")
                                .text("dir", config.dir.display().to_string()),
                        );
                    }
                }
            }
        }
        tokio::select! {
            _ = shutdown.cancelled() => return,
            _ = tokio::time::sleep(LOOK_EVERY) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn names_carry_the_time_and_only_the_newest_are_kept() {
        let dir = tempfile::tempdir().unwrap();
        let at = |h| Utc.with_ymd_and_hms(2026, 11, 29, h, 0, 0).unwrap();
        for h in [3, 1, 9, 6] {
            write_whole(&dir.path().join(name_at(at(h))), b"x").unwrap();
        }
        std::fs::write(dir.path().join("notes.txt"), "mine").unwrap();
        assert_eq!(
            list(dir.path()).unwrap().first().map(|(t, _)| *t),
            Some(at(1)),
            "a name carries its time"
        );
        prune(dir.path(), 2, &Default::default()).unwrap();
        let kept: Vec<_> = list(dir.path())
            .unwrap()
            .into_iter()
            .map(|(t, _)| t)
            .collect();
        assert_eq!(kept, vec![at(6), at(9)]);
        assert!(dir.path().join("notes.txt").exists());
        assert!(list(&dir.path().join("missing")).unwrap().is_empty());
    }

    #[tokio::test(flavor = "multi_thread")]
    async fn an_older_backup_that_holds_more_than_the_store_now_is_not_rotated_away() {
        let dir = tempfile::tempdir().unwrap();
        let backups = dir.path().join("backups");
        let store = Store::open(&dir.path().join("db")).unwrap();
        let config = BackupConfig {
            dir: backups.clone(),
            every: Duration::from_secs(3600),
            keep: 2,
        };
        let at = |h| Utc.with_ymd_and_hms(2026, 11, 29, h, 0, 0).unwrap();
        let whatsapp = crate::domain::ServiceId::parse("whatsapp").unwrap();
        for chat in 0..300 {
            store
                .subscribe(crate::domain::ChatId(chat), std::slice::from_ref(&whatsapp))
                .await
                .unwrap();
        }
        let (good, _) = take(&store, &config, at(1)).await.unwrap();
        // The store loses most of its chats; then backups go on.
        for chat in 0..290 {
            store
                .forget_chat(crate::domain::ChatId(chat))
                .await
                .unwrap();
        }
        for h in 2..=5 {
            let (written, _) = take(&store, &config, at(h)).await.unwrap();
            // Kept once it would otherwise be the one rotated out.
            let expected = (h >= 3).then_some(&good.path);
            assert_eq!(written.spared.as_ref(), expected, "at {h}");
        }
        let kept: Vec<_> = list(&backups)
            .unwrap()
            .into_iter()
            .map(|(_, p)| p)
            .collect();
        assert_eq!(kept.len(), 3, "the two newest, and the good one: {kept:?}");
        assert!(kept.contains(&good.path));
    }
}
