//! End-to-end tests: the real bot against a fake Telegram Bot API server.

mod binary;
mod fake_selftest;
mod fake_telegram;
mod locales;
mod persistence;
mod rules;
mod story;
mod support;
