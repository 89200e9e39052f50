//! The commands that work on a stopped bot's store: `export`, `import` and `verify`.
//!
//! sled locks its folder, so these refuse, politely, while the bot runs, and point to
//! the backups the running bot writes by itself. Each prints what it did and returns
//! the exit code: 0 done, 1 refused or problems found.

use std::io::{IsTerminal, Read, Write};
use std::path::Path;
use std::process::ExitCode;

use crate::config::Config;
use crate::store::{Snapshot, Store, StoreError};

/// `outage-bot export`: a backup file of the store, to `out` or to standard output.
pub async fn export(config: &Config, out: Option<&Path>) -> ExitCode {
    if out.is_none() && std::io::stdout().is_terminal() {
        eprintln!(
            "error: a backup is binary; redirect it to a file (`outage-bot export > bot.backup`) or pass --out FILE"
        );
        return ExitCode::from(1);
    }
    if let Some(path) = out
        && crate::config::inside(path, &config.data_dir)
    {
        eprintln!(
            "error: --out {} is inside the store's folder {}: writing there would damage the store; choose a file elsewhere",
            path.display(),
            config.data_dir.display()
        );
        return ExitCode::from(1);
    }
    let Some(store) = open(config) else {
        return ExitCode::from(1);
    };
    let (counts, bytes) = match store.snapshot().await {
        Ok(snapshot) => (snapshot.counts(), snapshot.encode()),
        Err(e) => {
            eprintln!("error: cannot read the store: {e}");
            return ExitCode::from(1);
        }
    };
    leave(&store).await;
    let written = match out {
        // A file is written whole or not at all, and private; a device or a pipe
        // (`/dev/stdout`) is simply written to.
        Some(path) if path.exists() && !path.is_file() => std::fs::write(path, &bytes),
        Some(path) => crate::backup_files::write_whole(path, &bytes),
        None => std::io::stdout()
            .lock()
            .write_all(&bytes)
            .and_then(|()| std::io::stdout().flush()),
    };
    match written {
        Ok(()) => {
            let to = out.map_or("standard output".to_owned(), |p| p.display().to_string());
            eprintln!(
                "exported {} ({} bytes) to {to}",
                describe(&counts),
                bytes.len()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: cannot write the backup: {e}");
            ExitCode::from(1)
        }
    }
}

/// `outage-bot import FILE --data-dir DIR`: a new store from a backup, into an empty
/// folder only. The whole file is checked before anything is written.
pub async fn import(file: &Path, data_dir: &Path) -> ExitCode {
    let mut bytes = Vec::new();
    if let Err(e) = std::fs::File::open(file).and_then(|mut f| f.read_to_end(&mut bytes)) {
        eprintln!("error: cannot read {}: {e}", file.display());
        return ExitCode::from(1);
    }
    let snapshot = match Snapshot::decode(&bytes) {
        Ok((_, snapshot)) => snapshot,
        Err(e) => {
            eprintln!("error: {} {e}; nothing was written", file.display());
            return ExitCode::from(1);
        }
    };
    match std::fs::read_dir(data_dir).map(|mut entries| entries.next().is_some()) {
        Ok(true) => {
            eprintln!(
                "error: {} is not empty; import only into a new or empty folder (nothing was written)",
                data_dir.display()
            );
            return ExitCode::from(1);
        }
        Ok(false) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => {
            eprintln!("error: cannot read {}: {e}", data_dir.display());
            return ExitCode::from(1);
        }
    }
    let counts = snapshot.counts();
    let restored = match Store::open(data_dir) {
        Ok(store) => {
            let restored = store.restore(snapshot).await;
            if restored.is_ok() {
                leave(&store).await;
            }
            restored
        }
        Err(e) => Err(e),
    };
    match restored {
        Ok(()) => {
            eprintln!(
                "imported into {}: {}",
                data_dir.display(),
                describe(&counts)
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: the import into {} failed: {e}", data_dir.display());
            ExitCode::from(1)
        }
    }
}

/// `outage-bot verify [--repair]`: every record decoded and the store's parts checked
/// against each other; with `repair`, what is derived is rebuilt first.
pub async fn verify(config: &Config, repair: bool) -> ExitCode {
    let Some(store) = open(config) else {
        return ExitCode::from(1);
    };
    // A crowd report older than its window should have gone; one left is a problem.
    let stale_before = Some(chrono::Utc::now() - config.reports.window);
    if repair {
        match store.verify(stale_before).await {
            Ok(before) if before.problems.is_empty() => {}
            Ok(before) => {
                eprintln!("{} problem(s) before repair", before.problems.len());
                if let Err(e) = store.repair(stale_before).await {
                    eprintln!("error: the repair failed: {e}");
                    return ExitCode::from(1);
                }
            }
            Err(e) => {
                eprintln!("error: cannot read the store: {e}");
                return ExitCode::from(1);
            }
        }
    }
    let verified = store.verify(stale_before).await;
    leave(&store).await;
    match verified {
        Ok(found) => {
            for problem in &found.problems {
                println!("{problem}");
            }
            for note in &found.notes {
                println!("note: {note}");
            }
            let checked = describe(
                &found
                    .checked
                    .iter()
                    .map(|(tree, n)| ((*tree).to_owned(), *n))
                    .collect(),
            );
            if found.problems.is_empty() {
                println!("ok: {checked}");
                ExitCode::SUCCESS
            } else {
                println!(
                    "{} problem(s) found; checked {checked}",
                    found.problems.len()
                );
                ExitCode::from(1)
            }
        }
        Err(e) => {
            eprintln!("error: cannot read the store: {e}");
            ExitCode::from(1)
        }
    }
}

/// Opens the store, or says why not: while the bot runs, where its backups are.
/// The stopped bot's store; one that disagrees with its own count is opened all the
/// same (to export what is left, or to see what `verify` says), with a warning.
fn open(config: &Config) -> Option<Store> {
    match Store::open_with(&config.data_dir, true) {
        Ok(store) => {
            if let Some(damage) = store.damage() {
                eprintln!(
                    "warning: {} holds less than it counted when it last stopped ({damage}); backups of it are in {}",
                    config.data_dir.display(),
                    config.backup.dir.display()
                );
            }
            Some(store)
        }
        Err(StoreError::Open { reason, .. }) if reason.contains("locked") => {
            eprintln!(
                "error: {} is in use by a running outage-bot. Stop it first, or take its newest backup from {} (admins can ask for one with /backup).",
                config.data_dir.display(),
                config.backup.dir.display()
            );
            None
        }
        Err(e) => {
            eprintln!("error: {e}");
            None
        }
    }
}

/// Closes the store as the bot does when it stops cleanly: it keeps its own count, which
/// the bot's next start holds it to (unless the store was found damaged).
async fn leave(store: &Store) {
    if let Err(e) = store.close().await {
        eprintln!("warning: cannot record the store's count: {e}");
    }
}

/// "12 chat_pages, 3 incidents, …" without the empty trees.
fn describe(counts: &std::collections::BTreeMap<String, u64>) -> String {
    let parts: Vec<String> = counts
        .iter()
        .filter(|(_, n)| **n > 0)
        .map(|(tree, n)| format!("{n} {tree}"))
        .collect();
    if parts.is_empty() {
        "an empty store".to_owned()
    } else {
        parts.join(", ")
    }
}
