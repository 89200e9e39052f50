//! Built-in probes: the bot checks configured services itself (an HTTP GET that must
//! answer with a status, or a TCP connection that must open). Consecutive failures raise
//! the probe's alarm, consecutive successes clear it, and the desk decides from it as
//! from any intake's; flapping goes to the admins instead of the subscribers, and a
//! muted probe does nothing. A probe never resolves an incident a person opened unless
//! `probes.resolve_admin_incidents` says so.

use std::sync::Arc;

use tokio::task::JoinSet;
use tokio_util::sync::CancellationToken;

use crate::clock::{Clock, Looked};
use crate::config::{Config, ProbeConfig, ProbeTarget};
use crate::delivery::messenger::Messenger;
use crate::desk::{AlarmChange, Class, IncidentDesk};
use crate::domain::probe::{ProbeTracker, Verdict};
use crate::domain::{Alarm, ServiceId, Severity, Source};
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
        // What this probe saw before a restart is still its to finish.
        if self.resume(&probe.service) {
            tracker.resume_down();
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

    /// Whether the probe left the service down before a restart: it holds its alarm
    /// (a store from before probes kept alarms gave its probe incidents theirs at open).
    fn resume(&self, service: &ServiceId) -> bool {
        self.store
            .holds_alarms(service, Source::Probe)
            .unwrap_or_else(|e| {
                tracing::error!(error = %e, %service, "cannot read the probe's alarm");
                false
            })
    }

    /// Records what the probe saw as its alarm, for the desk to decide from (or, for
    /// flapping, tells the admins). Whatever the desk answers, the alarm is kept: a
    /// change refused for a reason that passes is made when the desk weighs the alarms
    /// again (the rate window frees, the outbox drains, the maintenance window ends).
    async fn act(&self, service: &ServiceId, verdict: Verdict, tracker: &mut ProbeTracker) {
        let firing = match verdict {
            Verdict::Steady => return,
            Verdict::WentDown => true,
            Verdict::CameBack => false,
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
        let Err(refused) = self
            .desk
            .alarms(service, Source::Probe, vec![alarm(firing)])
            .await
        else {
            return;
        };
        if let Some(msg) = refused.admin_notice() {
            self.messenger.tell_admins(&msg);
        }
        match refused.class() {
            Class::Unchanged => {}
            Class::Transient => {
                tracing::info!(%service, reason = %refused, "the probe's alarm is kept; the change waits for the reason to pass");
            }
            Class::Refused => {
                tracing::info!(%service, reason = %refused, "the probe's alarm is kept; the rules refuse the change");
            }
            Class::Internal => {
                // Perhaps not even recorded: offered again at the next check that agrees.
                tracker.not_taken(verdict);
                tracing::error!(error = %refused, %service, "a probe could not record what it saw; it will try again");
            }
        }
    }
}

/// The probe's one alarm for its service: firing (down) or cleared (back).
fn alarm(firing: bool) -> AlarmChange {
    AlarmChange {
        id: crate::domain::probe::PROBE_ALARM_ID.to_string(),
        firing: firing.then(|| Alarm::new(Severity::MajorOutage, "")),
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
