//! End-to-end tests: the real bot against a fake Telegram Bot API server.

mod backups;
mod binary;
mod delivery;
mod fake_selftest;
mod fake_telegram;
mod faults;
mod glossary;
mod http_api;
mod locales;
mod many_services;
mod maintenance;
mod metrics;
mod new_language;
mod owed;
mod persistence;
mod preferences;
mod probes;
mod real_alertmanager;
mod rules;
mod story;
mod support;
mod surge;
mod telegram_outage;
mod transcripts;
mod truth;
mod webhook;
