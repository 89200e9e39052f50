//! Backup files by name: what a backup is called, the backups in a folder, and writing
//! one whole or not at all. A leaf, so the backup task, the tools and `/metrics` (the
//! newest backup's time) read the folder the same way without depending on each other.

use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDateTime, Utc};

const PREFIX: &str = "outage-bot-";
const SUFFIX: &str = ".backup";
/// The time in a backup's name: sortable, and free of characters file systems refuse.
const NAME_TIME: &str = "%Y%m%dT%H%M%S%.3fZ";

/// The file name of a backup taken at `at`.
pub fn name_at(at: DateTime<Utc>) -> String {
    format!("{PREFIX}{}{SUFFIX}", at.format(NAME_TIME))
}

/// When the backup named `name` was taken; `None` for any other file.
fn taken_at(name: &str) -> Option<DateTime<Utc>> {
    let time = name.strip_prefix(PREFIX)?.strip_suffix(SUFFIX)?;
    NaiveDateTime::parse_from_str(time, NAME_TIME)
        .ok()
        .map(|t| t.and_utc())
}

/// The backups in `dir`, oldest first.
pub fn list(dir: &Path) -> std::io::Result<Vec<(DateTime<Utc>, PathBuf)>> {
    let mut found = Vec::new();
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(found),
        Err(e) => return Err(e),
    };
    for entry in entries {
        let entry = entry?;
        if let Some(at) = entry.file_name().to_str().and_then(taken_at) {
            found.push((at, entry.path()));
        }
    }
    found.sort();
    Ok(found)
}

/// Writes `bytes` to `path` whole or not at all: to a temporary name, synced, renamed.
/// A backup holds every subscriber: the folder is the owner's only (0700), the file too
/// (0600).
pub fn write_whole(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))?;
    }
    let partial = path.with_extension("partial");
    let result = (|| {
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(true)
            .mode(0o600)
            .open(&partial)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        std::fs::rename(&partial, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&partial);
    }
    result
}
