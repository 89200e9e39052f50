//! Chats and their subscriptions: each chat's settings and services in `chat_pages`, and
//! each service's subscribers (with the language and preferences a notice needs) in
//! `sub_pages`, changed together in one transaction.

use sled::transaction::{ConflictableTransactionError, Transactional};

use super::codec::chat_key;
use super::entries::{ChatEntry, decode_recipient, encode_recipient};
use super::pages::{PageWriter, Pages, Write};
use super::{CHAT_PAGE, Result, SUB_PAGE, Store, StoreError, Trees, put, report_key, sub_prefix};
use crate::domain::{ChatId, ChatSettings, Lang, Preferences, Recipient, ServiceId, UserId};

impl Store {
    pub fn chat(&self, chat: ChatId) -> Result<Option<ChatSettings>> {
        self.trees.chat(chat)
    }

    /// The chat's settings for choosing its language: `None` when the chat is unknown,
    /// or when they cannot be read (logged; the default language serves then).
    pub fn chat_for_language(&self, chat: ChatId) -> Option<ChatSettings> {
        self.chat(chat).unwrap_or_else(|e| {
            tracing::warn!(error = %e, chat = chat.0, "cannot read chat settings; using the default language");
            None
        })
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
}

impl Trees {
    pub(super) fn chat_pages(&self) -> Pages<'_> {
        Pages {
            tree: &self.chat_pages,
            name: "chat_pages",
            prefix: Vec::new(),
            capacity: CHAT_PAGE,
        }
    }

    pub(super) fn sub_pages(&self, service: &ServiceId) -> Pages<'_> {
        Pages {
            tree: &self.sub_pages,
            name: "sub_pages",
            prefix: sub_prefix(service),
            capacity: SUB_PAGE,
        }
    }

    pub(super) fn chat_entry(&self, chat: ChatId) -> Result<Option<ChatEntry>> {
        self.chat_pages()
            .get(chat)?
            .map(|bytes| ChatEntry::decode("chat_pages", &bytes))
            .transpose()
    }

    pub(super) fn chat(&self, chat: ChatId) -> Result<Option<ChatSettings>> {
        Ok(self.chat_entry(chat)?.and_then(|entry| entry.settings))
    }

    /// Stores `entry` as `chat`'s, with its language and preferences beside each of its subscriptions.
    pub(super) fn save_chat(&self, chat: ChatId, entry: &ChatEntry) -> Result<()> {
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

    pub(super) fn subscriptions(&self, chat: ChatId) -> Result<Vec<ServiceId>> {
        Ok(self
            .chat_entry(chat)?
            .map(|entry| entry.services)
            .unwrap_or_default())
    }

    pub(super) fn subscriber_count(&self, service: &ServiceId) -> usize {
        self.subscriber_counts.get(service) as usize
    }

    pub(super) fn is_subscribed(&self, chat: ChatId, service: &ServiceId) -> Result<bool> {
        Ok(self.subscriptions(chat)?.contains(service))
    }

    /// Page writes to both page trees, in one transaction.
    pub(super) fn apply_pages(
        &self,
        chat_writes: Vec<Write>,
        sub_writes: Vec<Write>,
    ) -> Result<()> {
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

    pub(super) fn change_subscriptions(
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
}
