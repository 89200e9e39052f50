//! Prometheus metrics, served at `GET /metrics` (OpenMetrics text), with
//! `prometheus-client`, the Prometheus project's own Rust client.
//!
//! What happens (messages sent, latencies, backups) is counted where it happens, through
//! `Metrics`; what is (subscribers, open incidents, the outbox, the store's writer,
//! polling) is read at each scrape by `Snapshot`, so it can never drift from the store.
//! Names follow Prometheus' conventions: `outage_bot_` prefix, base units in the name,
//! `_total` on counters, labels from small fixed sets (and the catalog's service ids).

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use prometheus_client::collector::Collector;
use prometheus_client::encoding::{DescriptorEncoder, EncodeMetric};
use prometheus_client::metrics::counter::{ConstCounter, Counter};
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::ConstGauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::{Registry, Unit};

use crate::clock::Clock;
use crate::domain::service::Catalog;
use crate::health::Health;
use crate::outbound::SendOutcome;
use crate::store::Store;

/// What a message to a chat was.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MessageKind {
    /// A broadcast's notice to a subscriber.
    Notice,
    /// An answer to a command (or an admin alert).
    Reply,
    /// An edit of a message already sent (an admin's progress line).
    Edit,
}

impl MessageKind {
    fn label(self) -> &'static str {
        match self {
            MessageKind::Notice => "notice",
            MessageKind::Reply => "reply",
            MessageKind::Edit => "edit",
        }
    }
}

/// The label of each way a send can end.
fn outcome_label(outcome: &SendOutcome) -> &'static str {
    match outcome {
        SendOutcome::Sent { .. } => "ok",
        SendOutcome::RetryAfter(_) => "rate_limited",
        SendOutcome::Transient(_) => "server_error",
        SendOutcome::Blocked(_) => "blocked",
        SendOutcome::MigratedTo(_) => "migrated",
        SendOutcome::Rejected(_) => "rejected",
    }
}

type Labels = [(&'static str, &'static str); 2];

/// The metrics the bot counts as things happen, and the registry that serves them.
pub struct Metrics {
    registry: Registry,
    sent: Family<Labels, Counter>,
    reply_latency: Histogram,
    first_notice: Histogram,
    broadcast_duration: Histogram,
    backups: Family<[(&'static str, &'static str); 1], Counter>,
    api_auth_failures: Counter,
    telegram_pauses: Counter,
    clock: Arc<dyn Clock>,
}

impl std::fmt::Debug for Metrics {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Metrics")
    }
}

impl Metrics {
    /// Metrics that read the rest from `store`, `health` and `catalog` at each scrape.
    pub fn new(
        store: Store,
        health: Arc<Health>,
        catalog: Arc<Catalog>,
        clock: Arc<dyn Clock>,
        backup_dir: std::path::PathBuf,
    ) -> Metrics {
        let mut registry = Registry::default();
        let sent = Family::<Labels, Counter>::default();
        registry.register(
            "outage_bot_messages_sent",
            "Messages sent to chats, by kind (notice, reply, edit) and outcome (ok, rate_limited, server_error, blocked, migrated, rejected)",
            sent.clone(),
        );
        // 1 ms … about 33 min: a reply in the fast lane, or a notice behind a long broadcast.
        let seconds = || Histogram::new(exponential_buckets(0.001, 2.0, 22));
        let reply_latency = seconds();
        registry.register_with_unit(
            "outage_bot_reply_latency",
            "From an answer being ready to Telegram accepting it",
            Unit::Seconds,
            reply_latency.clone(),
        );
        let first_notice = seconds();
        registry.register_with_unit(
            "outage_bot_time_to_first_notice",
            "From an incident event being posted to its first subscriber's notice",
            Unit::Seconds,
            first_notice.clone(),
        );
        let broadcast_duration = seconds();
        registry.register_with_unit(
            "outage_bot_broadcast_duration",
            "From an incident event being posted to its broadcast ending",
            Unit::Seconds,
            broadcast_duration.clone(),
        );
        let backups = Family::default();
        registry.register(
            "outage_bot_backups",
            "Scheduled backups attempted, by outcome (ok, failed)",
            backups.clone(),
        );
        let api_auth_failures = Counter::default();
        registry.register(
            "outage_bot_api_auth_failures",
            "HTTP write calls refused for a missing or wrong bearer token",
            api_auth_failures.clone(),
        );
        let telegram_pauses = Counter::default();
        registry.register(
            "outage_bot_telegram_pauses",
            "Times sending was paused because Telegram failed for every chat",
            telegram_pauses.clone(),
        );
        registry.register_collector(Box::new(Snapshot {
            store,
            health,
            catalog,
            clock: clock.clone(),
            backup_dir,
        }));
        Metrics {
            registry,
            sent,
            reply_latency,
            first_notice,
            broadcast_duration,
            backups,
            api_auth_failures,
            telegram_pauses,
            clock,
        }
    }

    /// Counts one attempt to send (or edit) a message and how Telegram answered.
    pub fn sent(&self, kind: MessageKind, outcome: &SendOutcome) {
        self.sent
            .get_or_create(&[("kind", kind.label()), ("outcome", outcome_label(outcome))])
            .inc();
    }

    pub fn reply_sent_after(&self, waited: Duration) {
        self.reply_latency.observe(waited.as_secs_f64());
    }

    /// The first subscriber of an event posted at `posted` has its notice now.
    pub fn first_notice_of(&self, posted: DateTime<Utc>) {
        self.first_notice.observe(self.seconds_since(posted));
    }

    /// The broadcast of an event posted at `posted` has ended now.
    pub fn broadcast_ended(&self, posted: DateTime<Utc>) {
        self.broadcast_duration.observe(self.seconds_since(posted));
    }

    fn seconds_since(&self, at: DateTime<Utc>) -> f64 {
        seconds_between(at, self.clock.now())
    }

    pub fn backup_written(&self) {
        self.backups.get_or_create(&[("outcome", "ok")]).inc();
    }

    pub fn backup_failed(&self) {
        self.backups.get_or_create(&[("outcome", "failed")]).inc();
    }

    pub fn api_auth_failed(&self) {
        self.api_auth_failures.inc();
    }

    /// Telegram failed for every chat: sending paused until it answers.
    pub fn telegram_paused(&self) {
        self.telegram_pauses.inc();
    }

    /// The exposition a scrape gets.
    pub fn render(&self) -> String {
        let mut out = String::new();
        if let Err(e) = prometheus_client::encoding::text::encode(&mut out, &self.registry) {
            tracing::error!(error = %e, "cannot encode the metrics");
        }
        out
    }
}

fn seconds_between(from: DateTime<Utc>, to: DateTime<Utc>) -> f64 {
    (to - from).num_milliseconds().max(0) as f64 / 1000.0
}

/// What is read at each scrape.
struct Snapshot {
    store: Store,
    health: Arc<Health>,
    catalog: Arc<Catalog>,
    clock: Arc<dyn Clock>,
    /// Where backups are: the newest file's time is the last backup's, however it was
    /// taken (on schedule, by `/backup`, before a restart).
    backup_dir: std::path::PathBuf,
}

impl std::fmt::Debug for Snapshot {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("metrics::Snapshot")
    }
}

/// Writes one metric without labels.
fn one(
    encoder: &mut DescriptorEncoder,
    name: &str,
    help: &str,
    unit: Option<&Unit>,
    metric: impl EncodeMetric,
) -> Result<(), std::fmt::Error> {
    let metric_encoder = encoder.encode_descriptor(name, help, unit, metric.metric_type())?;
    metric.encode(metric_encoder)
}

impl Collector for Snapshot {
    fn encode(&self, mut encoder: DescriptorEncoder) -> Result<(), std::fmt::Error> {
        let health = self.health.report();
        let gauge = |v: u64| ConstGauge::new(v as i64);
        {
            let mut family = encoder.encode_descriptor(
                "outage_bot_subscribers",
                "Chats subscribed, per service",
                None,
                prometheus_client::metrics::MetricType::Gauge,
            )?;
            for service in self.catalog.iter() {
                let labels = [("service", service.id.as_str())];
                let count = self.store.subscriber_count(&service.id) as u64;
                gauge(count).encode(family.encode_family(&labels)?)?;
            }
        }
        one(
            &mut encoder,
            "outage_bot_open_incidents",
            "Incidents open now",
            None,
            gauge(self.store.open_incident_count() as u64),
        )?;
        one(
            &mut encoder,
            "outage_bot_updates_unhandled",
            "Updates taken from Telegram and kept until handled (after a crash, those left to handle)",
            None,
            gauge(self.store.taken_update_count() as u64),
        )?;
        let outbox = self.store.pending_broadcasts().unwrap_or_default();
        one(
            &mut encoder,
            "outage_bot_outbox_broadcasts",
            "Broadcasts waiting or under way",
            None,
            gauge(outbox.len() as u64),
        )?;
        let oldest = outbox
            .iter()
            .map(|b| b.notice.at())
            .min()
            .map(|at| seconds_between(at, self.clock.now()))
            .unwrap_or(0.0);
        one(
            &mut encoder,
            "outage_bot_outbox_oldest_age",
            "How long the oldest broadcast waiting or under way has been (0 when none)",
            Some(&Unit::Seconds),
            ConstGauge::new(oldest),
        )?;
        one(
            &mut encoder,
            "outage_bot_outbox_quarantined",
            "Unreadable outbox records set aside",
            None,
            gauge(health.quarantined_broadcasts),
        )?;
        one(
            &mut encoder,
            "outage_bot_telegram_failing",
            "1 while Telegram fails for every chat and sending is paused, else 0",
            None,
            gauge(u64::from(health.telegram != "ok")),
        )?;
        one(
            &mut encoder,
            "outage_bot_store_writes",
            "Writes the store's writer applied",
            None,
            ConstCounter::new(health.store_writes),
        )?;
        one(
            &mut encoder,
            "outage_bot_store_flushes",
            "Flushes to disk (one per batch of writes)",
            None,
            ConstCounter::new(health.store_flushes),
        )?;
        one(
            &mut encoder,
            "outage_bot_store_flush_failures",
            "Flushes that failed",
            None,
            ConstCounter::new(health.store_flush_failures),
        )?;
        one(
            &mut encoder,
            "outage_bot_store_largest_batch",
            "The most writes one flush has covered",
            None,
            gauge(health.store_largest_batch),
        )?;
        one(
            &mut encoder,
            "outage_bot_store_queue",
            "Writes waiting for the store's writer",
            None,
            gauge(health.store_queue),
        )?;
        if let Some((at, _)) = crate::backup_files::list(&self.backup_dir)
            .ok()
            .and_then(|found| found.into_iter().last())
        {
            one(
                &mut encoder,
                "outage_bot_last_backup_timestamp",
                "When the newest backup in backup.dir was taken (Unix time)",
                Some(&Unit::Seconds),
                ConstGauge::new(at.timestamp()),
            )?;
        }
        one(
            &mut encoder,
            "outage_bot_polling_errors",
            "getUpdates calls that failed",
            None,
            ConstCounter::new(health.poll_errors_total),
        )?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    fn metrics(dir: &std::path::Path) -> Metrics {
        let config = Config::parse("", None, &|_| None).unwrap();
        Metrics::new(
            Store::open(dir).unwrap(),
            Arc::new(Health::new(None, crate::health::STUCK_AFTER)),
            Arc::new(config.catalog),
            Arc::new(crate::clock::SystemClock),
            dir.join("backups"),
        )
    }

    /// Every metric the shipped dashboard and alert rules use is one the bot exposes,
    /// so a rename cannot leave them silently empty.
    #[test]
    fn the_dashboard_and_the_alert_rules_use_only_metrics_the_bot_exposes() {
        let dir = tempfile::tempdir().unwrap();
        let m = metrics(dir.path());
        // A family shows once it has a sample.
        m.sent(MessageKind::Notice, &SendOutcome::Sent { message_id: 1 });
        m.backup_written();
        std::fs::create_dir_all(dir.path().join("backups")).unwrap();
        std::fs::write(
            dir.path()
                .join("backups")
                .join(crate::backup_files::name_at(chrono::Utc::now())),
            b"x",
        )
        .unwrap();
        let exposition = m.render();
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("ops");
        let mut used = 0;
        for file in ["grafana-dashboard.json", "prometheus-rules.yml"] {
            let text = std::fs::read_to_string(root.join(file)).unwrap();
            for (at, _) in text.match_indices("outage_bot_") {
                let name: String = text[at..]
                    .chars()
                    .take_while(|c| c.is_ascii_lowercase() || *c == '_')
                    .collect();
                let base = ["_total", "_bucket", "_count", "_sum"]
                    .iter()
                    .find_map(|suffix| name.strip_suffix(suffix))
                    .unwrap_or(&name);
                assert!(
                    exposition.contains(&format!("# TYPE {base} ")),
                    "{file} uses {name}, which the bot does not expose:\n{exposition}"
                );
                used += 1;
            }
        }
        assert!(used > 20, "only {used} metric references found");
    }

    #[test]
    fn sends_are_counted_by_kind_and_outcome() {
        let dir = tempfile::tempdir().unwrap();
        let m = metrics(dir.path());
        m.sent(MessageKind::Notice, &SendOutcome::Sent { message_id: 1 });
        m.sent(
            MessageKind::Notice,
            &SendOutcome::RetryAfter(Duration::from_secs(1)),
        );
        m.sent(MessageKind::Edit, &SendOutcome::Sent { message_id: 2 });
        let text = m.render();
        for sample in [
            r#"outage_bot_messages_sent_total{kind="notice",outcome="ok"} 1"#,
            r#"outage_bot_messages_sent_total{kind="notice",outcome="rate_limited"} 1"#,
            r#"outage_bot_messages_sent_total{kind="edit",outcome="ok"} 1"#,
        ] {
            assert!(text.contains(sample), "{sample} not in {text}");
        }
        assert!(text.contains("# TYPE outage_bot_reply_latency_seconds histogram"));
    }
}
