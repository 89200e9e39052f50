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

use std::iter::Peekable;

use sled::Tree;

use super::codec::{chat_key, decode_record, key_chat};
use super::entries::{ChatEntry, encode_recipient};
use super::pages::PageWriter;
use super::{CHAT_PAGE, Result, SUB_PAGE, StoreError, corrupt, sub_prefix};
use crate::domain::{ChatId, ChatSettings, ServiceId};

/// The layout this build reads and writes.
pub const SCHEMA_VERSION: u32 = 2;
/// Trees of schema 1 that schema 2 no longer has.
const OLD_TREES: [&str; 3] = ["chats", "subs", "chat_subs"];

/// Records the schema of a new database, rewrites one of schema 1, and refuses one
/// this build does not know.
pub(super) fn bring_up_to_date(db: &sled::Db, meta: &Tree) -> Result<()> {
    let schema = meta
        .get("schema")?
        .map(|v| {
            <[u8; 4]>::try_from(v.as_ref())
                .map(u32::from_be_bytes)
                .map_err(|_| corrupt("meta", "a schema version that is not 4 bytes"))
        })
        .transpose()?;
    match schema {
        None => {
            meta.insert("schema", &SCHEMA_VERSION.to_be_bytes())?;
            db.flush()?;
        }
        Some(1) => {
            rewrite_schema_1(db)?;
            meta.insert("schema", &SCHEMA_VERSION.to_be_bytes())?;
            db.flush()?;
        }
        Some(SCHEMA_VERSION) => {}
        Some(other) => {
            return Err(StoreError::Corrupt {
                tree: "meta",
                reason: format!(
                    "schema version {other} is not one this build reads ({SCHEMA_VERSION})"
                ),
            });
        }
    }
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
    Ok(())
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
