//! # outage-bot
//!
//! A Telegram bot that tells people, in Bengali or English, when a service they rely on
//! goes down and when it comes back.
//!
//! # Layout
//! - `domain/` — pure types and rules: services, languages, chats, incidents, notices,
//!   crowd reports. No Telegram, no sled, no Fluent.
//! - `i18n/` — Fluent bundles per language, `Msg` (an id and its arguments), times,
//!   durations and numbers in each language's own way, the locale linter.
//! - `bot/` — the logic every front end shares: a message in, replies out, incident
//!   events to the outbox. One file per feature; `command.rs` parses plain strings.
//! - `delivery/` — the engine that brings each notice to every subscriber once, within
//!   Telegram's limits, resuming after a restart: `broadcast.rs` (one broadcast's
//!   state), `schedule.rs` (which runs when), `limiter.rs` (Telegram's limits, counted
//!   from each answer), `replies.rs` (answers queued per chat), `progress.rs` (the
//!   admin's progress message), `messenger.rs` (the fast lane alone: tell the admins,
//!   answer a chat), `notice_text.rs` (a notice as a reader reads it).
//! - `store/` — sled, the only module that touches it; trees and keys documented in
//!   `mod.rs` (open, flush, the trees), named once in `tree_name.rs`. A room per
//!   aggregate: `chats.rs` (settings and subscriptions), `incidents.rs` (and the alarms
//!   and probes beside them; changes in `incident_tx.rs`), `outbox.rs`, `maintenance.rs`
//!   (changes in `window_tx.rs`), `reports.rs`, `answers.rs` (HTTP writes' answers).
//!   Beside them: `writer.rs` (the one thread that writes and flushes), `pages.rs` and
//!   `entries.rs` (chats and subscribers many to a value), `records.rs` (stored record
//!   types), `codec.rs`, `migrate.rs` (older layouts rewritten at open), `snapshot.rs`
//!   (the backup file: every tree at one instant), `verify.rs` (checks and repairs),
//!   `retention.rs` (old history folded into summaries), `indexes.rs` (what is derived
//!   so a read costs the same however big the store), `census.rs` (the store's own
//!   count, to see damage).
//! - `telegram/` — teloxide: polling or the webhook, the handler tree, the transport,
//!   command menus.
//! - `desk.rs` — the incident desk: the one place incidents change, for every intake;
//!   `maintenance.rs` — planned maintenance windows and the timer that moves them on.
//! - `http/` — the optional HTTP API, monitoring webhooks and `/healthz` (axum, served
//!   with hyper-util's timeouts); `health.rs` — the heartbeats `/healthz` reports.
//! - `probes.rs` — the bot's own checks of configured services.
//! - `metrics.rs` — `/metrics` for Prometheus; `backup.rs` — the running bot's own
//!   backups (`backup_files.rs`: backup names and the folder, a leaf); `retention.rs` — folding old history, hourly; `data_tools.rs` —
//!   `export`, `import` and `verify` on a stopped bot's store.
//! - `console.rs` — the same bot in a terminal.
//! - `app.rs` — assembly shared by the front ends; `cli.rs` — the command line;
//!   `config.rs` — configuration; `check.rs` — `outage-bot check`.
//! - `chat_queue.rs` — work kept in order per chat, one task per chat (answers out,
//!   updates in); `activity.rs` — the work in hand, counted (the tests wait for none);
//!   `button_press.rs` — what a button's data asks for, written and read in one table.
//! - `outbound.rs` — the `Transport` port; `clock.rs` — time as a dependency;
//!   `secret.rs` — the token; `telemetry.rs` — logging with secrets blanked out.

pub mod activity;
pub mod app;
pub mod backup;
pub mod backup_files;
pub mod bot;
pub mod button_press;
pub mod channels;
pub mod chat_queue;
pub mod check;
pub mod cli;
pub mod clock;
pub mod config;
pub mod console;
pub mod crowd;
pub mod data_tools;
pub mod delivery;
pub mod desk;
pub mod domain;
pub mod health;
pub mod http;
pub mod i18n;
pub mod maintenance;
pub mod metrics;
pub mod outbound;
pub mod probes;
pub mod public;
pub mod retention;
pub mod secret;
pub mod store;
pub mod telegram;
pub mod telemetry;
