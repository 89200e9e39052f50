//! Built-in probes: the bot checks configured services itself (an HTTP GET that must
//! answer with a status, or a TCP connection that must open). Consecutive failures open
//! an incident, consecutive successes resolve it, flapping goes to the admins instead of
//! the subscribers, and a muted probe does nothing. A probe never resolves an incident a
//! person opened unless `probes.resolve_admin_incidents` says so.

use std::sync::Arc;

use tokio::task::JoinSet;
use tokio_util::sync::CancellationToken;

use crate::clock::{Clock, Looked};
use crate::config::{Config, ProbeConfig, ProbeTarget};
use crate::delivery::messenger::Messenger;
use crate::desk::{DeskError, IncidentDesk};
use crate::domain::probe::{ProbeTracker, Verdict};
use crate::domain::{NoticeText, ServiceId, Severity, Source};
use crate::i18n::{I18n, Msg};
use crate::store::Store;

/// What every probe task shares.
#[derive(Clone)]
pub struct Prober {
    pub config: Arc<Config>,
    pub desk: IncidentDesk,
    pub store: Store,
    pub clock: Arc<dyn Clock>,
    pub i18n: I18n,
    /// Sends the admins' flapping alerts.
    pub messenger: Messenger,
    /// How far each probe (in `config.probes` order) has looked at the clock.
    pub looks: Vec<Looked>,
}

impl Prober {
    /// Runs every configured probe until `shutdown`.
    pub async fn run(self, shutdown: CancellationToken) {
        let mut tasks = JoinSet::new();
        for (probe, looked) in self
            .config
            .probes
            .clone()
            .into_iter()
            .zip(self.looks.clone())
        {
            tasks.spawn(self.clone().watch(probe, looked, shutdown.clone()));
        }
        while tasks.join_next().await.is_some() {}
    }

    /// Checks `probe` every `probe.every` of the app's clock: on the wall clock in
    /// production, and at once when a test or the console moves the clock by hand.
    async fn watch(self, probe: ProbeConfig, looked: Looked, shutdown: CancellationToken) {
        let client = match reqwest::Client::builder().timeout(probe.timeout).build() {
            Ok(client) => client,
            Err(e) => {
                tracing::error!(error = %e, service = %probe.service, "cannot build the probe's HTTP client");
                return;
            }
        };
        let mut tracker = ProbeTracker::default();
        // An incident this probe opened before a restart is still its to close.
        match self.store.open_incident(&probe.service) {
            Ok(Some(incident)) if incident.source == Source::Probe => tracker.resume_down(),
            Ok(_) => {}
            Err(e) => {
                tracing::error!(error = %e, service = %probe.service, "cannot read the probe's open incident")
            }
        }
        let every = chrono::Duration::from_std(probe.every).unwrap_or(chrono::Duration::MAX);
        let mut moves = self.clock.moves();
        let mut due = self.clock.now();
        loop {
            let now = self.clock.now();
            if now >= due {
                // The next check counts from this one, however late it came.
                due = now + every;
                if !self.store.is_probe_muted(&probe.service).unwrap_or(false) {
                    let ok = check(&client, &probe).await;
                    let verdict = tracker.record(ok, self.clock.now(), &self.config.probe_rule);
                    self.act(&probe.service, verdict, &mut tracker).await;
                }
            }
            looked.at(now);
            let wait = (due - now).to_std().unwrap_or_default();
            tokio::select! {
                _ = shutdown.cancelled() => return,
                () = tokio::time::sleep(wait) => {}
                () = crate::clock::moved(&mut moves) => {}
            }
        }
    }

    /// Tells the desk (or, for flapping, the admins) what the probe saw.
    async fn act(&self, service: &ServiceId, verdict: Verdict, tracker: &mut ProbeTracker) {
        let result = match verdict {
            Verdict::Steady => return,
            Verdict::WentDown => {
                self.desk
                    .raise(
                        service,
                        Severity::MajorOutage,
                        NoticeText::default(),
                        Source::Probe,
                        None,
                    )
                    .await
            }
            Verdict::CameBack => {
                self.desk
                    .resolve(service, NoticeText::default(), Source::Probe, None)
                    .await
            }
            Verdict::Flapping => {
                let rule = self.config.probe_rule;
                let msg = Msg::new("probe-flapping")
                    .service("service", service)
                    .text("id", service.as_str())
                    .num("count", rule.flap_limit + 1)
                    .num("minutes", rule.flap_window.num_minutes());
                tracing::warn!(%service, "probe flapping; telling the admins, not the subscribers");
                self.messenger.tell_admins(&msg);
                return;
            }
        };
        match result {
            Ok(_)
            | Err(
                DeskError::AlreadyOpen { .. }
                | DeskError::NoOpenIncident { .. }
                | DeskError::NothingFiring { .. },
            ) => {}
            Err(DeskError::Refused { refusal, .. }) => {
                tracing::info!(%service, reason = %refusal.reason(), "the probe's change was refused");
            }
            Err(refused @ (DeskError::RateLimited { .. } | DeskError::OutboxFull { .. })) => {
                // Refused for a reason that passes: what the probe saw is offered again
                // at its next check, so a service that stays down is announced then.
                tracker.not_taken(verdict);
                tracing::info!(%service, reason = %refused, "the probe's change was held back; it will try again");
                if let Some(msg) = refused.admin_notice() {
                    self.messenger.tell_admins(&msg);
                }
            }
            Err(held @ DeskError::HeldForMaintenance { .. }) => {
                // Down on purpose: try again on the next failure, so an outage that
                // outlasts the window still opens an incident.
                tracker.held_back();
                tracing::info!(%service, reason = %held, "the probe's alarm was held back");
                if let Some(msg) = held.admin_notice() {
                    self.messenger.tell_admins(&msg);
                }
            }
            Err(e @ DeskError::Internal(_)) => {
                tracker.not_taken(verdict);
                tracing::error!(error = %e, %service, "a probe could not act on what it saw; it will try again");
            }
        }
    }
}
/// One probe: true when the service answered as expected within the timeout.
async fn check(client: &reqwest::Client, probe: &ProbeConfig) -> bool {
    match &probe.target {
        ProbeTarget::Http { url, expect_status } => match client.get(url).send().await {
            Ok(response) => response.status().as_u16() == *expect_status,
            Err(e) => {
                tracing::debug!(error = %e, service = %probe.service, "probe request failed");
                false
            }
        },
        ProbeTarget::Tcp { address } => {
            matches!(
                tokio::time::timeout(probe.timeout, tokio::net::TcpStream::connect(address)).await,
                Ok(Ok(_))
            )
        }
    }
}
