//! Backups: every tree of the store, copied at one instant, in one self-describing file
//! that a later build can read — the way to keep the subscriber list safe and to move
//! it to another machine or a newer store (sled's own files change between versions
//! and sled 0.34 has open corruption-after-crash reports, spacejam/sled#1533).
//!
//! # The file
//! gzip of: one line of JSON (the header), a newline, then the body. The header says
//! what the file is (`format`), its `format_version`, the store's `schema`, how many
//! entries each tree holds and the body's SHA-256. The body is every entry of every
//! tree, trees in `TreeName::BACKED_UP` order and entries in key order, each as
//! `tree index (u8) · key length (u32 BE) · key · value length (u32 BE) · value`, the
//! bytes exactly as the store keeps them. Nothing in it depends on when or where it was
//! written, so the same data always gives the same file, byte for byte.
//!
//! A file is read whole and checked — format, versions, checksum, counts — before
//! anything is written; a truncated, altered or foreign file is refused.

use std::collections::BTreeMap;
use std::io::{Read, Write};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::migrate::SCHEMA_VERSION;
use super::{Result, StoreError, TreeName, Trees, corrupt};

/// What the header's `format` says.
const FORMAT: &str = "outage-bot-backup";
/// The layout of the file itself (not of the store inside it).
pub const FORMAT_VERSION: u32 = 1;
/// Largest file read (decompressed): far above a store of millions of subscribers (a
/// million take about 70 MB), and a limit on what a crafted file can make us hold.
const MAX_BYTES: u64 = 1024 * 1024 * 1024;

/// Why a backup file cannot be read; each says what is wrong with the file.
#[derive(Debug, thiserror::Error)]
pub enum SnapshotError {
    #[error("not a readable backup (gzip): {0}")]
    Unreadable(String),
    #[error("not an outage-bot backup: {0}")]
    Foreign(String),
    #[error(
        "written by a newer outage-bot (backup format {found}; this build reads up to {FORMAT_VERSION})"
    )]
    NewerFormat { found: u32 },
    #[error(
        "holds a store of schema {found}; this build reads schemas 2 to {SCHEMA_VERSION} (import it with the release that wrote it, or a newer one)"
    )]
    OtherSchema { found: u32 },
    #[error("damaged: {0}")]
    Damaged(String),
}

/// The first line of a backup file.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
pub struct Header {
    pub format: String,
    pub format_version: u32,
    pub schema: u32,
    /// Entries per tree.
    pub trees: BTreeMap<String, u64>,
    /// SHA-256 of the body, hex.
    pub sha256: String,
}

impl Header {
    /// The header of the backup file at `path`, read without the rest of the file.
    pub fn peek(path: &std::path::Path) -> Option<Header> {
        use std::io::BufRead;
        let file = std::fs::File::open(path).ok()?;
        let mut reader =
            std::io::BufReader::new(flate2::read::GzDecoder::new(file).take(64 * 1024));
        let mut line = Vec::new();
        reader.read_until(b'\n', &mut line).ok()?;
        serde_json::from_slice(line.strip_suffix(b"\n")?).ok()
    }

    /// Whether it holds more chats' pages, subscribers' pages or incidents than `now`
    /// (pages only split and empty, never merge, so fewer of them is less held).
    pub fn holds_more_than(&self, now: &BTreeMap<String, u64>) -> bool {
        ["chat_pages", "sub_pages", "incidents"].iter().any(|tree| {
            self.trees.get(*tree).copied().unwrap_or(0) > now.get(*tree).copied().unwrap_or(0)
        })
    }
}

/// Every entry of every tree at one instant, as raw bytes.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Snapshot {
    /// Per tree (index into `TreeName::BACKED_UP`): its entries in key order.
    pub trees: Vec<Vec<(Vec<u8>, Vec<u8>)>>,
}

/// The highest id an imported store may hold: half the id space is more than a bot
/// will ever use, and the other half is room to grow.
const MOST_ID: u64 = u64::MAX / 2;

impl Snapshot {
    /// Decodes every record of every tree that holds records, before anything is
    /// written from the snapshot: an import never writes what the store cannot read.
    pub fn check_records(&self) -> Result<()> {
        use super::codec::decode_record;
        use super::entries::{ChatEntry, decode_recipient};
        use super::pages::Page;
        use crate::domain::maintenance::Window;
        use crate::domain::{Alarm, Broadcast, Incident};
        for (tree, entries) in TreeName::BACKED_UP.iter().zip(&self.trees) {
            let name = tree.name();
            for (_, value) in entries {
                match tree {
                    TreeName::ChatPages => {
                        let found = Page::read(name, value)?;
                        // A page of the first layout may hold an entry it cut: the
                        // rewrite after the import makes it whole again.
                        if !found.version_1 {
                            for (_, entry) in found.page.entries {
                                ChatEntry::decode(name, &entry)?;
                            }
                        }
                    }
                    TreeName::SubPages => {
                        for (_, entry) in Page::read(name, value)?.page.entries {
                            decode_recipient(name, &entry)?;
                        }
                    }
                    TreeName::Incidents => drop(decode_record::<Incident>(value)?),
                    TreeName::Outbox => drop(decode_record::<Broadcast>(value)?),
                    TreeName::Alarms => drop(decode_record::<Alarm>(value)?),
                    TreeName::History => {
                        decode_record::<crate::domain::PastIncidents>(value)?;
                    }
                    TreeName::Maintenance => drop(decode_record::<Window>(value)?),
                    // Keys and empty values, ids and times: nothing to decode.
                    TreeName::Open
                    | TreeName::Reports
                    | TreeName::Alerts
                    | TreeName::Muted
                    | TreeName::Listed
                    // Kept as they were: records this build could not read.
                    | TreeName::Quarantine
                    | TreeName::IncidentIndex
                    | TreeName::Threads
                    | TreeName::ChannelPosts
                    | TreeName::Answers
                    | TreeName::TakenUpdates
                    // Counts: checked when read.
                    | TreeName::ReportCounts
                    | TreeName::ReportBaseline => {}
                }
            }
        }
        Ok(())
    }

    /// Entries per tree, by name.
    pub fn counts(&self) -> BTreeMap<String, u64> {
        TreeName::BACKED_UP
            .iter()
            .zip(&self.trees)
            .map(|(name, entries)| (name.name().to_owned(), entries.len() as u64))
            .collect()
    }

    /// The backup file's bytes.
    pub fn encode(&self) -> Vec<u8> {
        let mut body = Vec::new();
        for (index, entries) in self.trees.iter().enumerate() {
            for (key, value) in entries {
                body.push(index as u8);
                for part in [key, value] {
                    body.extend_from_slice(&(part.len() as u32).to_be_bytes());
                    body.extend_from_slice(part);
                }
            }
        }
        let header = Header {
            format: FORMAT.to_owned(),
            format_version: FORMAT_VERSION,
            schema: SCHEMA_VERSION,
            trees: self.counts(),
            sha256: hex(&Sha256::digest(&body)),
        };
        let mut plain = serde_json::to_vec(&header).expect("a header always serialises");
        plain.push(b'\n');
        plain.extend_from_slice(&body);
        gzip(&plain)
    }

    /// Reads and checks a backup file; nothing of a file that fails a check is kept.
    pub fn decode(file: &[u8]) -> std::result::Result<(Header, Snapshot), SnapshotError> {
        let plain = gunzip(file).map_err(|e| SnapshotError::Unreadable(e.to_string()))?;
        let newline = plain
            .iter()
            .position(|&b| b == b'\n')
            .ok_or_else(|| SnapshotError::Foreign("no header line".into()))?;
        let header: Header = serde_json::from_slice(&plain[..newline])
            .map_err(|e| SnapshotError::Foreign(format!("the header is not ours: {e}")))?;
        if header.format != FORMAT {
            return Err(SnapshotError::Foreign(format!(
                "the header says `{}`",
                header.format
            )));
        }
        if header.format_version > FORMAT_VERSION {
            return Err(SnapshotError::NewerFormat {
                found: header.format_version,
            });
        }
        // Schema 2 differs only in how pages are laid out: its pages still read, and
        // `restore` rewrites them.
        if !(2..=SCHEMA_VERSION).contains(&header.schema) {
            return Err(SnapshotError::OtherSchema {
                found: header.schema,
            });
        }
        let body = &plain[newline + 1..];
        if hex(&Sha256::digest(body)) != header.sha256 {
            return Err(SnapshotError::Damaged(
                "the checksum does not match: the file was changed or cut short".into(),
            ));
        }
        let snapshot = parse_body(body)?;
        let counts = snapshot.counts();
        // A tree added since the file was written is simply empty in it.
        let agree = header.trees.keys().all(|name| counts.contains_key(name))
            && counts
                .iter()
                .all(|(name, n)| header.trees.get(name).copied().unwrap_or(0) == *n);
        if !agree {
            return Err(SnapshotError::Damaged(format!(
                "the header counts {:?} but the file holds {:?}",
                header.trees, counts
            )));
        }
        Ok((header, snapshot))
    }
}

fn parse_body(mut body: &[u8]) -> std::result::Result<Snapshot, SnapshotError> {
    let cut = || SnapshotError::Damaged("an entry is cut short".into());
    let mut snapshot = Snapshot {
        trees: vec![Vec::new(); TreeName::BACKED_UP.len()],
    };
    while let Some((&index, rest)) = body.split_first() {
        let entries = snapshot
            .trees
            .get_mut(index as usize)
            .ok_or_else(|| SnapshotError::Damaged(format!("an entry of unknown tree {index}")))?;
        let mut rest = rest;
        let mut part = || -> std::result::Result<Vec<u8>, SnapshotError> {
            let (len, tail) = rest.split_first_chunk::<4>().ok_or_else(cut)?;
            let len = u32::from_be_bytes(*len) as usize;
            let bytes = tail.get(..len).ok_or_else(cut)?;
            rest = &tail[len..];
            Ok(bytes.to_vec())
        };
        let key = part()?;
        let value = part()?;
        if entries.last().is_some_and(|(last, _)| *last >= key) {
            return Err(SnapshotError::Damaged(format!(
                "entries of `{}` out of order",
                TreeName::BACKED_UP[index as usize].name()
            )));
        }
        entries.push((key, value));
        body = rest;
    }
    Ok(snapshot)
}

/// Compresses; flate2's encoder writes no time and no file name, so the same data makes
/// the same file.
fn gzip(plain: &[u8]) -> Vec<u8> {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(plain).expect("writing to memory cannot fail");
    gz.finish().expect("writing to memory cannot fail")
}

fn gunzip(file: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut plain = Vec::new();
    flate2::read::GzDecoder::new(file)
        .take(MAX_BYTES)
        .read_to_end(&mut plain)?;
    Ok(plain)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

impl Trees {
    /// Copies every tree. Run on the writer thread, so no write lands in between: the
    /// copy is one instant.
    pub(super) fn snapshot(&self) -> Result<Snapshot> {
        let mut snapshot = Snapshot::default();
        for name in TreeName::BACKED_UP {
            let mut entries = Vec::new();
            for entry in self.get(name).iter() {
                let (key, value) = entry?;
                entries.push((key.to_vec(), value.to_vec()));
            }
            snapshot.trees.push(entries);
        }
        Ok(snapshot)
    }

    /// A new id for an incident or a broadcast, above every id this store has given.
    pub(super) fn next_id(&self) -> Result<u64> {
        let floor = self.id_floor.load(std::sync::atomic::Ordering::Acquire);
        self.db
            .generate_id()?
            .checked_add(1)
            .and_then(|id| id.checked_add(floor))
            .ok_or_else(|| {
                corrupt(
                    "meta",
                    "the ids are used up (an id floor near the largest id)",
                )
            })
    }

    /// The highest id the data holds: every tree keyed by an id from the counter
    /// (incidents, broadcasts, broadcasts set aside, maintenance windows).
    fn highest_id(snapshot: &Snapshot) -> u64 {
        [
            TreeName::Incidents,
            TreeName::Outbox,
            TreeName::Quarantine,
            TreeName::Maintenance,
        ]
        .iter()
        .filter_map(|name| TreeName::BACKED_UP.iter().position(|t| t == name))
        .filter_map(|index| snapshot.trees[index].last())
        .filter_map(|(key, _)| <[u8; 8]>::try_from(key.as_slice()).ok())
        .map(u64::from_be_bytes)
        .max()
        .unwrap_or(0)
    }

    /// Writes a snapshot into a store that holds nothing yet. sled's id counter is not
    /// in any tree, so the new store's ids are set to begin above the highest id the
    /// data holds: nothing posted after an import overwrites what was imported.
    pub(super) fn restore(&self, snapshot: &Snapshot) -> Result<()> {
        snapshot.check_records()?;
        if Trees::highest_id(snapshot) > MOST_ID {
            return Err(corrupt(
                "meta",
                format!("an id above {MOST_ID}: the ids after it would run out"),
            ));
        }
        if let Some(name) = TreeName::ALL
            .into_iter()
            .find(|&t| !self.get(t).is_empty())
            .map(TreeName::name)
        {
            return Err(StoreError::Corrupt {
                tree: "meta",
                reason: format!("a backup is restored only into an empty store; `{name}` has data"),
            });
        }
        for (name, entries) in TreeName::BACKED_UP.iter().zip(&snapshot.trees) {
            let tree = self.get(*name);
            for chunk in entries.chunks(1024) {
                let mut batch = sled::Batch::default();
                for (key, value) in chunk {
                    batch.insert(key.as_slice(), value.as_slice());
                }
                tree.apply_batch(batch)?;
            }
        }
        super::migrate::rewrite_first_layout_pages(&self.chat_pages, &self.sub_pages)?;
        let floor = Trees::highest_id(snapshot);
        self.meta.insert("id_floor", &floor.to_be_bytes())?;
        self.id_floor
            .store(floor, std::sync::atomic::Ordering::Release);
        self.rebuild_incident_index()?;
        self.forget_report_totals();
        self.recount_subscribers()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Snapshot {
        let mut trees = vec![Vec::new(); TreeName::BACKED_UP.len()];
        trees[0] = vec![(vec![1, 2], vec![3; 300]), (vec![1, 3], vec![])];
        trees[4] = vec![(vec![0; 8], b"broadcast".to_vec())];
        Snapshot { trees }
    }

    #[test]
    fn a_snapshot_reads_back_as_written_and_encodes_to_the_same_bytes() {
        let file = sample().encode();
        let (header, read) = Snapshot::decode(&file).unwrap();
        assert_eq!(read, sample());
        assert_eq!(header.schema, SCHEMA_VERSION);
        assert_eq!(header.trees["chat_pages"], 2);
        assert_eq!(read.encode(), file);
    }

    #[test]
    fn a_cut_short_or_altered_file_is_refused() {
        let file = sample().encode();
        for len in [0, 10, file.len() / 2, file.len() - 1] {
            assert!(Snapshot::decode(&file[..len]).is_err(), "cut at {len}");
        }
        let mut plain = gunzip(&file).unwrap();
        let last = plain.len() - 1;
        plain[last] ^= 1;
        let altered = gzip(&plain);
        assert!(matches!(
            Snapshot::decode(&altered),
            Err(SnapshotError::Damaged(_))
        ));
    }

    #[test]
    fn a_newer_format_or_another_schema_is_refused_by_name() {
        let rewrite = |edit: &dyn Fn(&mut Header)| {
            let plain = gunzip(&sample().encode()).unwrap();
            let newline = plain.iter().position(|&b| b == b'\n').unwrap();
            let mut header: Header = serde_json::from_slice(&plain[..newline]).unwrap();
            edit(&mut header);
            let mut out = serde_json::to_vec(&header).unwrap();
            out.extend_from_slice(&plain[newline..]);
            gzip(&out)
        };
        let newer = rewrite(&|h| h.format_version = FORMAT_VERSION + 1);
        assert!(matches!(
            Snapshot::decode(&newer),
            Err(SnapshotError::NewerFormat { .. })
        ));
        let schema_2 = rewrite(&|h| h.schema = 2);
        assert!(
            Snapshot::decode(&schema_2).is_ok(),
            "schema 2 differs in page layout only, and is rewritten on import"
        );
        let other = rewrite(&|h| h.schema = 1);
        assert!(matches!(
            Snapshot::decode(&other),
            Err(SnapshotError::OtherSchema { found: 1 })
        ));
        let miscounted = rewrite(&|h| {
            h.trees.insert("outbox".into(), 5);
        });
        assert!(matches!(
            Snapshot::decode(&miscounted),
            Err(SnapshotError::Damaged(_))
        ));
        assert!(matches!(
            Snapshot::decode(&rewrite(&|h| h.format = "tarball".into())),
            Err(SnapshotError::Foreign(_))
        ));
    }
}
