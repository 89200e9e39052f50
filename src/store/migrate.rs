//! Bringing a database to the current layout when it is opened.
//!
//! Schema 1 (the releases before pages) kept a key per chat (`chats`: its settings as a
//! JSON record), one per subscription (`subs`: service, chat) and one per chat's
//! subscription (`chat_subs`: chat, service). Schema 2 keeps chats and subscribers many
//! to a value (`chat_pages`, `sub_pages`; see `pages.rs`). Every other tree is the same
//! in both.
//!
//! The rewrite builds the new trees beside the old ones and flushes them, then records
//! schema 2, then drops the old trees. Stopped anywhere, the next start either begins
//! again from the untouched old trees (schema still 1) or finishes the clean-up.
//!
//! Schema 3 writes pages in their second layout (lengths of any size). Schema 2's pages
//! gave an entry one length byte, and cut a chat's entry past 255 bytes: such a chat
//! could not be read, answered nor even stopped. Every first-layout page is rewritten in
//! place, and a cut chat is made whole again from what survives — its kind and language
//! (before the cut), its subscriptions and preferences (whole beside each subscription in
//! `sub_pages`). A page not yet rewritten still reads, so a rewrite stopped anywhere is
//! simply done again.

use std::iter::Peekable;

use sled::Tree;

use std::collections::BTreeMap;

use super::codec::{chat_key, decode_record, key_chat};
use super::entries::{ChatEntry, decode_recipient, encode_recipient};
use super::pages::{Page, PageWriter};
use super::{CHAT_PAGE, Result, SUB_PAGE, StoreError, corrupt, sub_prefix};
use crate::domain::{ChatId, ChatSettings, Recipient, ServiceId};

/// The layout this build reads and writes.
pub const SCHEMA_VERSION: u32 = 3;
/// Trees of schema 1 that schema 2 no longer has.
const OLD_TREES: [&str; 3] = ["chats", "subs", "chat_subs"];

/// Records the schema of a new database, rewrites one of schema 1, and refuses one
/// this build does not know.
/// What opening found the store to be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Layout {
    /// No layout recorded: a new store (or one whose `meta` is gone).
    New,
    /// Of an older layout, rewritten now.
    Rewritten,
    /// Of this build's layout.
    Current,
}

pub(super) fn bring_up_to_date(db: &sled::Db, meta: &Tree) -> Result<Layout> {
    let schema = meta
        .get("schema")?
        .map(|v| {
            <[u8; 4]>::try_from(v.as_ref())
                .map(u32::from_be_bytes)
                .map_err(|_| corrupt("meta", "a schema version that is not 4 bytes"))
        })
        .transpose()?;
    let layout = match schema {
        None => {
            meta.insert("schema", &SCHEMA_VERSION.to_be_bytes())?;
            db.flush()?;
            Layout::New
        }
        Some(1) => {
            rewrite_schema_1(db)?;
            rewrite_first_layout_pages(&db.open_tree("chat_pages")?, &db.open_tree("sub_pages")?)?;
            meta.insert("schema", &SCHEMA_VERSION.to_be_bytes())?;
            db.flush()?;
            Layout::Rewritten
        }
        Some(2) => {
            rewrite_first_layout_pages(&db.open_tree("chat_pages")?, &db.open_tree("sub_pages")?)?;
            db.flush()?;
            meta.insert("schema", &SCHEMA_VERSION.to_be_bytes())?;
            db.flush()?;
            Layout::Rewritten
        }
        Some(SCHEMA_VERSION) => Layout::Current,
        Some(other) => {
            return Err(StoreError::Corrupt {
                tree: "meta",
                reason: format!(
                    "schema version {other} is not one this build reads ({SCHEMA_VERSION})"
                ),
            });
        }
    };
    // What a rewrite stopped after recording schema 2 left behind.
    for name in OLD_TREES {
        if db
            .tree_names()
            .iter()
            .any(|n| n.as_ref() == name.as_bytes())
        {
            db.drop_tree(name)?;
        }
    }
    db.flush()?;
    Ok(layout)
}

/// Builds `chat_pages` and `sub_pages` from schema 1's trees (which stay as they are).
fn rewrite_schema_1(db: &sled::Db) -> Result<()> {
    let started = std::time::Instant::now();
    let chats = db.open_tree("chats")?;
    let chat_subs = db.open_tree("chat_subs")?;
    let subs = db.open_tree("subs")?;
    let chat_pages = db.open_tree("chat_pages")?;
    let sub_pages = db.open_tree("sub_pages")?;
    // An earlier rewrite may have stopped half-way.
    chat_pages.clear()?;
    sub_pages.clear()?;

    // Each chat with its settings and subscriptions: both trees are in chat order.
    let mut chat_writer = PageWriter::new(&chat_pages, Vec::new(), CHAT_PAGE);
    let mut settings = chats.iter().peekable();
    let mut subscriptions = chat_subs.iter().keys().peekable();
    loop {
        let next_settings = peek_chat(&mut settings, |(k, _)| k)?;
        let next_subscription = peek_chat(&mut subscriptions, |k| k)?;
        let Some(chat) = next_settings.into_iter().chain(next_subscription).min() else {
            break;
        };
        let mut entry = match next_settings {
            Some(c) if c == chat => {
                let (_, value) = settings.next().expect("peeked")?;
                ChatEntry::new(Some(decode_record::<ChatSettings>(&value)?))
            }
            _ => ChatEntry::new(None),
        };
        while peek_chat(&mut subscriptions, |k| k)? == Some(chat) {
            let key = subscriptions.next().expect("peeked")?;
            let id = std::str::from_utf8(&key[8..]).map_err(|e| corrupt("chat_subs", e))?;
            entry
                .services
                .push(ServiceId::parse(id).map_err(|e| corrupt("chat_subs", e))?);
        }
        entry.services.sort();
        chat_writer.push(chat, entry.encode())?;
    }
    let chat_count = chat_writer.finish()?;

    // Each service's subscribers, in service and then chat order, with their language.
    let mut subscribers = 0;
    let mut current: Option<(ServiceId, PageWriter<'_>)> = None;
    for key in subs.iter().keys() {
        let key = key?;
        let split = key
            .iter()
            .position(|&b| b == 0)
            .ok_or_else(|| corrupt("subs", "a key without a service"))?;
        let service = std::str::from_utf8(&key[..split])
            .map_err(|e| corrupt("subs", e))
            .and_then(|s| ServiceId::parse(s).map_err(|e| corrupt("subs", e)))?;
        let chat = key_chat(&key[split + 1..]).ok_or_else(|| corrupt("subs", "a short key"))?;
        if current.as_ref().is_none_or(|(s, _)| *s != service) {
            if let Some((_, writer)) = current.take() {
                subscribers += writer.finish()?;
            }
            let writer = PageWriter::new(&sub_pages, sub_prefix(&service), SUB_PAGE);
            current = Some((service, writer));
        }
        let language = match chats.get(chat_key(chat))? {
            Some(value) => decode_record::<ChatSettings>(&value)?.recipient(),
            None => Default::default(),
        };
        let (_, writer) = current.as_mut().expect("set above");
        writer.push(chat, encode_recipient(&language))?;
    }
    if let Some((_, writer)) = current {
        subscribers += writer.finish()?;
    }
    db.flush()?;
    tracing::info!(
        chats = chat_count,
        subscribers,
        seconds = started.elapsed().as_secs_f64(),
        "rewrote the database into pages (schema 1 to 2)"
    );
    Ok(())
}

/// The chat the next key of a schema 1 tree is about (its first 8 bytes).
fn peek_chat<I, T>(
    iter: &mut Peekable<I>,
    key: impl Fn(&T) -> &sled::IVec,
) -> Result<Option<ChatId>>
where
    I: Iterator<Item = sled::Result<T>>,
{
    match iter.peek() {
        None => Ok(None),
        Some(Ok(item)) => key_chat(key(item))
            .map(Some)
            .ok_or_else(|| corrupt("chats", "a short key")),
        // Take the error out to return it.
        Some(Err(_)) => Err(iter.next().expect("peeked").err().expect("an error").into()),
    }
}

/// What survives of a chat whose entry the first page layout cut short.
#[derive(Default)]
struct Salvage {
    /// Its kind and language, read before the cut (`None`: not even those).
    settings: Option<ChatSettings>,
    /// Its subscriptions, from `sub_pages`.
    services: Vec<ServiceId>,
    /// Its language and preferences as kept beside a subscription.
    recipient: Option<Recipient>,
}

/// Rewrites every page of the first layout in the second, making whole the chats whose
/// entries it cut (see the module's opening). Run when a store of schema 2 is opened and
/// after a backup of schema 2 is imported; a page already rewritten is left alone.
pub(super) fn rewrite_first_layout_pages(chat_pages: &Tree, sub_pages: &Tree) -> Result<()> {
    // The chats whose entries were cut.
    let mut cut: BTreeMap<ChatId, Salvage> = BTreeMap::new();
    for page in chat_pages.iter().values() {
        let found = Page::read("chat_pages", &page?)?;
        if !found.version_1 {
            continue;
        }
        for (chat, payload) in found.page.entries {
            if ChatEntry::decode("chat_pages", &payload).is_err() {
                let settings = ChatEntry::decode_settings_of_cut("chat_pages", &payload)
                    .ok()
                    .flatten();
                cut.insert(
                    chat,
                    Salvage {
                        settings,
                        ..Salvage::default()
                    },
                );
            }
        }
    }
    // Their subscriptions, gathered while the subscriber pages are rewritten.
    let mut rewritten = 0;
    for page in sub_pages.iter() {
        let (key, value) = page?;
        let split = key
            .iter()
            .position(|&b| b == 0)
            .ok_or_else(|| corrupt("sub_pages", "a key without a service"))?;
        let service = std::str::from_utf8(&key[..split])
            .map_err(|e| corrupt("sub_pages", e))
            .and_then(|s| ServiceId::parse(s).map_err(|e| corrupt("sub_pages", e)))?;
        let found = Page::read("sub_pages", &value)?;
        for (chat, payload) in &found.page.entries {
            if let Some(salvage) = cut.get_mut(chat) {
                salvage.services.push(service.clone());
                salvage.recipient = decode_recipient("sub_pages", payload).ok();
            }
        }
        if found.version_1 {
            sub_pages.insert(key, found.page.encode())?;
            rewritten += 1;
        }
    }
    for page in chat_pages.iter() {
        let (key, value) = page?;
        let mut found = Page::read("chat_pages", &value)?;
        if !found.version_1 {
            continue;
        }
        for (chat, payload) in &mut found.page.entries {
            let Some(salvage) = cut.remove(chat) else {
                continue;
            };
            let mut settings = salvage.settings;
            if let (Some(settings), Some(recipient)) = (&mut settings, &salvage.recipient) {
                settings.preferences = recipient.preferences;
            }
            let mut services = salvage.services;
            services.sort();
            services.dedup();
            tracing::warn!(
                chat = chat.0,
                subscriptions = services.len(),
                "a chat the old page layout had cut short is whole again"
            );
            *payload = ChatEntry { settings, services }.encode_checked()?;
        }
        chat_pages.insert(key, found.page.encode())?;
        rewritten += 1;
    }
    if rewritten > 0 {
        tracing::info!(
            pages = rewritten,
            "rewrote the pages in their second layout (schema 2 to 3)"
        );
    }
    Ok(())
}
