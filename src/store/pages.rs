//! Chats kept many to a value: pages of entries sorted by chat id, each page keyed by its
//! first chat. A million subscribers are about a thousand values rather than a million
//! keys — a fraction of the disk, and a fan-out reads them in order with little memory.
//!
//! A page's key is `prefix` then the chat key of its first chat; it holds chats from its
//! key up to the next page's key. Pages split in two when they pass their capacity and
//! are deleted when empty; they are never merged, so an entry only ever moves to a page
//! with a larger key. A reader that walks pages in key order and keeps only chats above
//! the last one it took therefore never takes a chat twice and never misses one that
//! stayed, whatever the writer does meanwhile.
//!
//! Writes are decided on the writer thread (`plan_*`, reading the tree as it is) and
//! applied by the caller in one transaction with whatever else changes with them.

use sled::{Batch, Tree};

use super::codec::{chat_key, key_chat, put_len, take_len};
use super::{Result, corrupt};
use crate::domain::ChatId;

/// The first byte of a page value: the layout. Version 1 gave each entry one length
/// byte, so an entry over 255 bytes (a chat following forty services) was cut when
/// written and could not be read back; version 2 gives it `put_len`'s length, however
/// long. Version 1 pages are still read, and rewritten as version 2 when opened
/// (`migrate.rs`) or changed.
const PAGE_VERSION: u8 = 2;
const PAGE_VERSION_1: u8 = 1;

/// A page: entries sorted by chat, each with its payload.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(super) struct Page {
    pub entries: Vec<(ChatId, Vec<u8>)>,
}

/// A page as it was found: its entries, and whether it was written in the first layout.
pub(super) struct Found {
    pub page: Page,
    pub version_1: bool,
}

impl Page {
    pub fn decode(tree: &'static str, bytes: &[u8]) -> Result<Page> {
        Ok(Page::read(tree, bytes)?.page)
    }

    /// Either layout, saying which.
    pub fn read(tree: &'static str, bytes: &[u8]) -> Result<Found> {
        let (version_1, mut rest) = match bytes.split_first() {
            Some((&PAGE_VERSION, rest)) => (false, rest),
            Some((&PAGE_VERSION_1, rest)) => (true, rest),
            _ => return Err(corrupt(tree, "a page of an unknown version")),
        };
        let cut = || corrupt(tree, "a page entry cut short");
        let mut entries = Vec::new();
        while !rest.is_empty() {
            let chat = key_chat(rest).ok_or_else(cut)?;
            let (len, tail) = if version_1 {
                let (&len, tail) = rest[8..].split_first().ok_or_else(cut)?;
                (usize::from(len), tail)
            } else {
                take_len(&rest[8..]).ok_or_else(cut)?
            };
            let payload = tail.get(..len).ok_or_else(cut)?;
            entries.push((chat, payload.to_vec()));
            rest = &tail[len..];
        }
        Ok(Found {
            page: Page { entries },
            version_1,
        })
    }

    pub fn encode(&self) -> Vec<u8> {
        let size: usize = self.entries.iter().map(|(_, p)| 12 + p.len()).sum();
        let mut out = Vec::with_capacity(1 + size);
        out.push(PAGE_VERSION);
        for (chat, payload) in &self.entries {
            out.extend_from_slice(&chat_key(*chat));
            put_len(&mut out, payload.len());
            out.extend_from_slice(payload);
        }
        out
    }

    fn position(&self, chat: ChatId) -> std::result::Result<usize, usize> {
        self.entries.binary_search_by_key(&chat, |(c, _)| *c)
    }

    pub fn get(&self, chat: ChatId) -> Option<&[u8]> {
        self.position(chat)
            .ok()
            .map(|i| self.entries[i].1.as_slice())
    }
}

/// One change to a tree: a key set to a value, or removed.
pub(super) type Write = (Vec<u8>, Option<Vec<u8>>);

/// The pages under one prefix of one tree.
pub(super) struct Pages<'t> {
    pub tree: &'t Tree,
    pub name: &'static str,
    pub prefix: Vec<u8>,
    /// Entries a page holds before it splits.
    pub capacity: usize,
}

impl Pages<'_> {
    fn key(&self, first: ChatId) -> Vec<u8> {
        [self.prefix.as_slice(), &chat_key(first)].concat()
    }

    /// The page that holds `chat` or would: the last page keyed at or below it, else the
    /// first page; `None` when there are no pages.
    fn page_for(&self, chat: ChatId) -> Result<Option<(Vec<u8>, Page)>> {
        let at_or_below = self
            .tree
            .range(self.prefix.clone()..=self.key(chat))
            .next_back()
            .transpose()?;
        let found = match at_or_below {
            Some((key, value)) if key.starts_with(&self.prefix) => Some((key, value)),
            _ => self.tree.scan_prefix(&self.prefix).next().transpose()?,
        };
        found
            .map(|(key, value)| Ok((key.to_vec(), Page::decode(self.name, &value)?)))
            .transpose()
    }

    /// The payload kept for `chat`.
    pub fn get(&self, chat: ChatId) -> Result<Option<Vec<u8>>> {
        Ok(self
            .page_for(chat)?
            .and_then(|(_, page)| page.get(chat).map(<[u8]>::to_vec)))
    }

    /// The writes that set `chat`'s payload (adding the entry if new); none when it
    /// already is that.
    pub fn plan_set(&self, chat: ChatId, payload: Vec<u8>) -> Result<Vec<Write>> {
        let (old_key, mut page) = match self.page_for(chat)? {
            Some(found) => found,
            None => {
                let page = Page {
                    entries: vec![(chat, payload)],
                };
                return Ok(vec![(self.key(chat), Some(page.encode()))]);
            }
        };
        match page.position(chat) {
            Ok(i) if page.entries[i].1 == payload => return Ok(Vec::new()),
            Ok(i) => page.entries[i].1 = payload,
            Err(i) => page.entries.insert(i, (chat, payload)),
        }
        Ok(self.rewrite(old_key, page))
    }

    /// The writes that remove `chat`'s entry; none when there is none.
    pub fn plan_remove(&self, chat: ChatId) -> Result<Vec<Write>> {
        let Some((old_key, mut page)) = self.page_for(chat)? else {
            return Ok(Vec::new());
        };
        let Ok(i) = page.position(chat) else {
            return Ok(Vec::new());
        };
        page.entries.remove(i);
        Ok(self.rewrite(old_key, page))
    }

    /// `page`, changed, stored again: under the key of its first chat (a chat below
    /// every page moves the first page's key down), in two halves when over capacity,
    /// or not at all when empty.
    fn rewrite(&self, old_key: Vec<u8>, page: Page) -> Vec<Write> {
        let Some(&(first, _)) = page.entries.first() else {
            return vec![(old_key, None)];
        };
        let mut writes = Vec::new();
        let key = self.key(first);
        if key != old_key {
            writes.push((old_key, None));
        }
        if page.entries.len() <= self.capacity {
            writes.push((key, Some(page.encode())));
            return writes;
        }
        let mut left = page;
        let right = Page {
            entries: left.entries.split_off(left.entries.len() / 2),
        };
        writes.push((key, Some(left.encode())));
        writes.push((self.key(right.entries[0].0), Some(right.encode())));
        writes
    }

    /// Up to `limit` entries after `after` (from the first when `None`), in chat order.
    pub fn entries_after(
        &self,
        after: Option<ChatId>,
        limit: usize,
    ) -> Result<Vec<(ChatId, Vec<u8>)>> {
        let start = match after {
            // The page holding `after` may hold chats after it too.
            Some(chat) => self
                .page_for(chat)?
                .map_or_else(|| self.prefix.clone(), |(key, _)| key),
            None => self.prefix.clone(),
        };
        let mut out = Vec::new();
        let mut last = after;
        for page in self.tree.range(start..) {
            let (key, value) = page?;
            if !key.starts_with(&self.prefix) || out.len() >= limit {
                break;
            }
            for (chat, payload) in Page::decode(self.name, &value)?.entries {
                // Strictly increasing: a page split under us cannot give a chat twice.
                if last.is_some_and(|l| chat <= l) {
                    continue;
                }
                if out.len() >= limit {
                    break;
                }
                last = Some(chat);
                out.push((chat, payload));
            }
        }
        Ok(out)
    }

    /// How many entries there are (reads every page of the prefix; the store keeps
    /// its counts in `indexes.rs`).
    #[cfg(test)]
    pub fn count(&self) -> Result<usize> {
        let mut total = 0;
        for page in self.tree.scan_prefix(&self.prefix).values() {
            total += Page::decode(self.name, &page?)?.entries.len();
        }
        Ok(total)
    }
}

/// Writes entries given in chat order as new pages (into an empty prefix), each filled
/// to three quarters so the first subscribes after do not split every page at once. For
/// rewrites and bulk loads, outside the writer thread's transactions.
pub(super) struct PageWriter<'t> {
    tree: &'t Tree,
    prefix: Vec<u8>,
    fill: usize,
    page: Page,
    batch: Batch,
    batched: usize,
    written: usize,
}

impl<'t> PageWriter<'t> {
    pub fn new(tree: &'t Tree, prefix: Vec<u8>, capacity: usize) -> PageWriter<'t> {
        PageWriter {
            tree,
            prefix,
            fill: (capacity * 3 / 4).max(1),
            page: Page::default(),
            batch: Batch::default(),
            batched: 0,
            written: 0,
        }
    }

    pub fn push(&mut self, chat: ChatId, payload: Vec<u8>) -> Result<()> {
        self.page.entries.push((chat, payload));
        self.written += 1;
        if self.page.entries.len() >= self.fill {
            self.close_page()?;
        }
        Ok(())
    }

    fn close_page(&mut self) -> Result<()> {
        let Some(&(first, _)) = self.page.entries.first() else {
            return Ok(());
        };
        let key = [self.prefix.as_slice(), &chat_key(first)].concat();
        self.batch
            .insert(key, std::mem::take(&mut self.page).encode());
        self.batched += 1;
        if self.batched >= 64 {
            self.tree.apply_batch(std::mem::take(&mut self.batch))?;
            self.batched = 0;
        }
        Ok(())
    }

    /// Writes what is left; returns how many entries were written.
    pub fn finish(mut self) -> Result<usize> {
        self.close_page()?;
        self.tree.apply_batch(std::mem::take(&mut self.batch))?;
        Ok(self.written)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn apply(tree: &Tree, writes: Vec<Write>) {
        for (key, value) in writes {
            match value {
                Some(v) => tree.insert(key, v).unwrap(),
                None => tree.remove(key).unwrap(),
            };
        }
    }

    /// Every chat under `pages`, in the order a reader gets them.
    fn every_chat(pages: &Pages<'_>) -> Vec<i64> {
        let entries = pages.entries_after(None, usize::MAX).unwrap();
        entries.into_iter().map(|(c, _)| c.0).collect()
    }

    #[test]
    fn pages_hold_each_chat_once_in_order_through_splits_and_removals() {
        let db = sled::Config::new().temporary(true).open().unwrap();
        let tree = db.open_tree("t").unwrap();
        let pages = |prefix: &[u8]| Pages {
            tree: &tree,
            name: "t",
            prefix: prefix.to_vec(),
            capacity: 4,
        };
        let (a, b) = (pages(b"a\0"), pages(b"b\0"));
        // Out of order, negative and positive, with a prefix beside it.
        let mut chats: Vec<i64> = (0..40).map(|i| (i * 7919) % 61 - 30).collect();
        chats.dedup();
        for &c in &chats {
            apply(&tree, a.plan_set(ChatId(c), vec![c as u8]).unwrap());
            apply(&tree, b.plan_set(ChatId(c * 2), vec![1]).unwrap());
        }
        let mut want: Vec<i64> = chats.clone();
        want.sort();
        want.dedup();
        let got = every_chat(&a);
        assert_eq!(got, want);
        assert!(tree.scan_prefix(b"a\0").count() > 5, "it split");
        assert_eq!(a.get(ChatId(want[3])).unwrap(), Some(vec![want[3] as u8]));
        // Setting the same value writes nothing; a new one writes.
        assert!(
            a.plan_set(ChatId(want[3]), vec![want[3] as u8])
                .unwrap()
                .is_empty()
        );
        apply(&tree, a.plan_set(ChatId(want[3]), vec![9]).unwrap());
        assert_eq!(a.get(ChatId(want[3])).unwrap(), Some(vec![9]));
        // Read in small steps from a cursor, as a broadcast does.
        let mut cursor = None;
        let mut stepped = Vec::new();
        loop {
            let step = a.entries_after(cursor, 3).unwrap();
            if step.is_empty() {
                break;
            }
            cursor = step.last().map(|(c, _)| *c);
            stepped.extend(step.into_iter().map(|(c, _)| c.0));
        }
        assert_eq!(stepped, want);
        // Remove every other chat; empty pages go.
        for &c in want.iter().step_by(2) {
            apply(&tree, a.plan_remove(ChatId(c)).unwrap());
        }
        assert!(a.plan_remove(ChatId(want[0])).unwrap().is_empty());
        let left: Vec<i64> = want.iter().copied().skip(1).step_by(2).collect();
        let got = every_chat(&a);
        assert_eq!(got, left);
        assert_eq!(a.count().unwrap(), left.len());
        assert_eq!(
            b.count().unwrap(),
            want.len(),
            "the other prefix is untouched"
        );
        for &c in &left {
            apply(&tree, a.plan_remove(ChatId(c)).unwrap());
        }
        assert_eq!(
            tree.scan_prefix(b"a\0").count(),
            0,
            "no empty pages are left"
        );
    }

    #[test]
    fn a_reader_never_takes_a_chat_twice_while_a_page_splits() {
        let db = sled::Config::new().temporary(true).open().unwrap();
        let tree = db.open_tree("t").unwrap();
        let pages = Pages {
            tree: &tree,
            name: "t",
            prefix: Vec::new(),
            capacity: 4,
        };
        for c in [10, 20, 30, 40] {
            apply(&tree, pages.plan_set(ChatId(c), vec![]).unwrap());
        }
        // The reader took 10 and 20 from the full page; then a chat joins and the page
        // splits, moving 30 and 40 to a new page.
        let first = pages.entries_after(None, 2).unwrap();
        apply(&tree, pages.plan_set(ChatId(25), vec![]).unwrap());
        let rest = pages
            .entries_after(first.last().map(|(c, _)| *c), 10)
            .unwrap();
        let all: Vec<i64> = first.iter().chain(&rest).map(|(c, _)| c.0).collect();
        assert_eq!(all, [10, 20, 25, 30, 40]);
    }

    #[test]
    fn a_damaged_page_is_an_error_not_a_guess() {
        for bad in [&[][..], &[3, 0][..], &[PAGE_VERSION, 1, 2, 3][..]] {
            assert!(Page::decode("t", bad).is_err(), "{bad:?}");
        }
        let mut cut = Page {
            entries: vec![(ChatId(7), vec![5; 300])],
        }
        .encode();
        cut.truncate(200);
        assert!(Page::decode("t", &cut).is_err(), "a long entry cut short");
        let page = Page {
            entries: vec![(ChatId(-5), vec![1, 2]), (ChatId(7), vec![])],
        };
        assert_eq!(Page::decode("t", &page.encode()).unwrap(), page);
    }

    #[test]
    fn entries_of_any_length_read_back_and_first_layout_pages_still_read() {
        let page = Page {
            entries: vec![
                (ChatId(1), vec![7; 127]),
                (ChatId(2), vec![8; 128]),
                (ChatId(3), vec![9; 255]),
                (ChatId(4), vec![1; 70_000]),
            ],
        };
        assert_eq!(Page::decode("t", &page.encode()).unwrap(), page);
        // The first layout: one length byte per entry.
        let mut old = vec![PAGE_VERSION_1];
        for (chat, payload) in &page.entries[..3] {
            old.extend_from_slice(&chat_key(*chat));
            old.push(payload.len() as u8);
            old.extend_from_slice(payload);
        }
        let found = Page::read("t", &old).unwrap();
        assert!(found.version_1);
        assert_eq!(found.page.entries, page.entries[..3]);
    }
}
