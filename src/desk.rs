//! The incident desk: the one place incidents change, and the one place the rules for
//! changing them are applied. Admin commands, the HTTP API, monitoring webhooks and the
//! bot's own probes all come here with text that already fits (`NoticeText`); the desk
//! decides, on the store's writer, whether the change may be made (`may_change`: a
//! person may change anything; a machine raises anything but lowers or closes only what
//! it opened), records the event with its broadcast in one transaction, and wakes
//! delivery. Machines are also held to a per-service rate, and the outbox to a cap.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};

use chrono::{DateTime, Duration, Utc};
use tokio::sync::Notify;

use crate::clock::Clock;
use crate::config::DeskRules;
use crate::domain::incident::{MAX_ALARMS_PER_SERVICE, lowers, may_change};
use crate::domain::{
    Alarm, Audience, Broadcast, Incident, IncidentError, IncidentEvent, IncidentNotice, Notice,
    NoticeText, Phase, Refusal, ReportTo, ServiceId, Severity, Source,
};
use crate::i18n::{Arg, Msg};
use crate::store::{IncidentTx, Store};

/// Why an incident event was not posted.
#[derive(Debug, thiserror::Error)]
pub enum DeskError {
    #[error("{service} already has an open incident of that severity")]
    AlreadyOpen {
        service: ServiceId,
        since: DateTime<Utc>,
    },
    #[error("{service} has no open incident")]
    NoOpenIncident { service: ServiceId },
    #[error("{service}: {}", .refusal.reason())]
    Refused {
        service: ServiceId,
        refusal: Refusal,
    },
    #[error("{service}: more than {limit} automatic events in {minutes} minutes; held back")]
    RateLimited {
        service: ServiceId,
        limit: u32,
        minutes: i64,
        /// The first refusal in this window (the admins are told once).
        first: bool,
        /// When the window has room again.
        free_in: std::time::Duration,
    },
    #[error("{service} is under planned maintenance until {until}; held back")]
    HeldForMaintenance {
        service: ServiceId,
        window: u64,
        until: DateTime<Utc>,
        /// The first alarm this window held back (the admins are told once).
        first: bool,
    },
    #[error("{pending} broadcasts are waiting to go out (the cap is {limit}); try again shortly")]
    OutboxFull { pending: usize, limit: usize },
    #[error("{service}: no alarm is firing")]
    NothingFiring { service: ServiceId },
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

/// Whether a machine should offer a refused change again, and when.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Retry {
    /// The answer will not change (the rules refuse it, or there was nothing to do).
    Never,
    /// The reason passes: try again after this long.
    After(std::time::Duration),
}

/// How long a full outbox or a failed write is given before the change is offered again.
const RETRY_SOON: std::time::Duration = std::time::Duration::from_secs(30);

/// A refusal as whoever sent the change should take it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Class {
    /// Nothing to do: it is already so.
    Unchanged,
    /// The rules refuse it (a person's incident, planned maintenance).
    Refused,
    /// Refused for now, for a reason that passes (`retry` says when).
    Transient,
    /// The bot failed: logged, and the change is offered again.
    Internal,
}

impl DeskError {
    /// How the sender should take it; adapters match this exhaustively.
    pub fn class(&self) -> Class {
        match self {
            DeskError::AlreadyOpen { .. }
            | DeskError::NoOpenIncident { .. }
            | DeskError::NothingFiring { .. } => Class::Unchanged,
            DeskError::Refused { .. } | DeskError::HeldForMaintenance { .. } => Class::Refused,
            DeskError::RateLimited { .. } | DeskError::OutboxFull { .. } => Class::Transient,
            DeskError::Internal(_) => Class::Internal,
        }
    }

    /// The stable code the API and webhooks answer with.
    pub fn code(&self) -> &'static str {
        match self {
            DeskError::AlreadyOpen { .. } => "already_open",
            DeskError::NoOpenIncident { .. } => "no_open_incident",
            DeskError::NothingFiring { .. } => "nothing_firing",
            DeskError::Refused { .. } => "refused",
            DeskError::RateLimited { .. } => "rate_limited",
            DeskError::HeldForMaintenance { .. } => "held_for_maintenance",
            DeskError::OutboxFull { .. } => "outbox_full",
            DeskError::Internal(_) => "internal",
        }
    }

    /// Whether the source should offer this change again. Held back for maintenance is
    /// `Never`: the alarm is kept, and weighed again when the window ends.
    pub fn retry(&self) -> Retry {
        match self {
            DeskError::RateLimited { free_in, .. } => Retry::After(*free_in),
            DeskError::OutboxFull { .. } | DeskError::Internal(_) => Retry::After(RETRY_SOON),
            DeskError::AlreadyOpen { .. }
            | DeskError::NoOpenIncident { .. }
            | DeskError::Refused { .. }
            | DeskError::HeldForMaintenance { .. }
            | DeskError::NothingFiring { .. } => Retry::Never,
        }
    }

    /// What the admins are told about a machine's refused change, once per occasion: a
    /// flood held back, or the first alarm held back by planned maintenance.
    pub fn admin_notice(&self) -> Option<Msg> {
        match self {
            DeskError::RateLimited {
                service,
                limit,
                minutes,
                first: true,
                ..
            } => Some(
                Msg::new("automatic-rate-limited")
                    .service("service", service)
                    .text("id", service.as_str())
                    .num("limit", *limit)
                    .num("minutes", *minutes),
            ),
            DeskError::HeldForMaintenance {
                service,
                window,
                until,
                first: true,
            } => Some(
                Msg::new("maintenance-held")
                    .service("service", service)
                    .text("service_id", service.as_str())
                    .text("id", window.to_string())
                    .arg("until", Arg::Time(*until)),
            ),
            _ => None,
        }
    }
}

impl From<crate::store::StoreError> for DeskError {
    fn from(e: crate::store::StoreError) -> Self {
        DeskError::Internal(anyhow::Error::new(e).context("recording an incident event"))
    }
}

/// An event that was posted.
#[derive(Debug)]
pub struct Posted {
    pub incident: Incident,
    /// Subscribers the notice is on its way to.
    pub subscribers: u64,
    /// People who reported the service down, not subscribed, told it is back too.
    pub reporters: u64,
}

/// What a posted event did to its incident.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    Opened,
    Updated,
    Resolved,
}

impl Posted {
    /// What the event did, for answers that say so.
    pub fn outcome(&self) -> Outcome {
        match self.incident.latest().event {
            IncidentEvent::Opened(_) => Outcome::Opened,
            IncidentEvent::SeverityChanged(_) | IncidentEvent::Updated(_) => Outcome::Updated,
            IncidentEvent::Resolved => Outcome::Resolved,
        }
    }
}

/// What an automatic intake says about one of its alarms for a service.
#[derive(Clone, Debug)]
pub struct AlarmChange {
    /// The alarm's identity within its intake: an Alertmanager fingerprint, a monitor's
    /// name, `probe` for the bot's own probe of the service.
    pub id: String,
    /// `Some` while it fires, `None` once it is resolved.
    pub firing: Option<Alarm>,
}

#[derive(Clone)]
pub struct IncidentDesk {
    store: Store,
    clock: Arc<dyn Clock>,
    /// Rung after each event so the delivery engine starts at once.
    delivery_wake: Arc<Notify>,
    rules: DeskRules,
    /// What machines posted lately, per service.
    automatic: Arc<Mutex<HashMap<ServiceId, AutomaticEvents>>>,
    /// The soonest moment a refused change may be made (the reconciler weighs again then).
    retry_at: Arc<Mutex<Option<DateTime<Utc>>>>,
}

/// One service's recent automatic events, and whether a refusal was reported in the
/// current window. Kept under a std mutex locked only on the store's writer, never
/// across an await.
#[derive(Default)]
struct AutomaticEvents {
    at: VecDeque<DateTime<Utc>>,
    refusal_told: bool,
}

/// What a change decided on the writer comes back as.
type Decided = crate::store::Result<Result<Posted, DeskError>>;

impl IncidentDesk {
    pub fn new(
        store: Store,
        clock: Arc<dyn Clock>,
        delivery_wake: Arc<Notify>,
        rules: DeskRules,
    ) -> IncidentDesk {
        IncidentDesk {
            store,
            clock,
            delivery_wake,
            rules,
            automatic: Arc::new(Mutex::new(HashMap::new())),
            retry_at: Arc::new(Mutex::new(None)),
        }
    }

    /// Opens an incident, or moves the open one to `severity` (a slowdown that became
    /// an outage is the same incident). The same severity again is `AlreadyOpen`.
    pub async fn raise(
        &self,
        service: &ServiceId,
        severity: Severity,
        text: NoticeText,
        source: Source,
        report_to: Option<ReportTo>,
    ) -> Result<Posted, DeskError> {
        let decide = self.decider(service, source);
        self.change(service, move |tx| {
            let rule = decide.rule.clone();
            decide.run(tx, |tx| raise(tx, &rule, severity, text, report_to))
        })
        .await
    }

    /// Adds news to the open incident, optionally moving it to another open phase.
    pub async fn update(
        &self,
        service: &ServiceId,
        phase: Option<Phase>,
        text: NoticeText,
        source: Source,
        report_to: Option<ReportTo>,
    ) -> Result<Posted, DeskError> {
        let decide = self.decider(service, source);
        self.change(service, move |tx| {
            let rule = decide.rule.clone();
            decide.run(tx, |tx| {
                let Some(mut incident) = tx.open_incident()? else {
                    return Ok(Err(rule.no_open_incident()));
                };
                if let Err(refusal) = rule.may(&incident, false) {
                    return Ok(Err(refusal));
                }
                match incident.update(phase, text.into_inner(), rule.now) {
                    Ok(_) => publish(tx, incident, report_to).map(Ok),
                    Err(e) => Ok(Err(anyhow::Error::from(e).into())),
                }
            })
        })
        .await
    }

    /// Resolves the open incident: everyone learns it is back and after how long.
    pub async fn resolve(
        &self,
        service: &ServiceId,
        text: NoticeText,
        source: Source,
        report_to: Option<ReportTo>,
    ) -> Result<Posted, DeskError> {
        let decide = self.decider(service, source);
        self.change(service, move |tx| {
            let rule = decide.rule.clone();
            decide.run(tx, |tx| resolve(tx, &rule, text, report_to))
        })
        .await
    }

    /// What an automatic intake (Alertmanager, a monitor, a probe) now says about its
    /// alarms for `service`: they are recorded, and then the service is down (at the
    /// worst severity among them) while any fires, and back when none is left — of any
    /// intake's but a muted probe's.
    pub async fn alarms(
        &self,
        service: &ServiceId,
        source: Source,
        changes: Vec<AlarmChange>,
    ) -> Result<Posted, DeskError> {
        self.weigh_alarms(service, source, changes, true).await
    }

    /// Weighs again, for every service, what the automatic intakes hold wherever it
    /// disagrees with the incidents (see `weigh_again`).
    pub async fn reconcile(&self) {
        let (with_alarms, open) = match (
            self.store.services_with_alarms(),
            self.store.services_with_open_incidents(),
        ) {
            (Ok(with_alarms), Ok(open)) => (with_alarms, open),
            (Err(e), _) | (_, Err(e)) => {
                tracing::error!(error = %e, "cannot read the alarms and incidents to weigh them again");
                return;
            }
        };
        let windows = self.store.windows().unwrap_or_default();
        for service in with_alarms.union(&open) {
            self.weigh_again_under(service, &windows).await;
        }
    }

    /// Weighs again what the automatic intakes (Alertmanager, monitors, probes) hold for
    /// `service` wherever it disagrees with its incident: with nothing open, an intake's
    /// alarms still firing open it; an incident an intake opened with none of its alarms
    /// left is resolved (unless another intake's still fire). A change refused for a
    /// reason that passes (the machines' rate, a full outbox, a failed write, planned
    /// maintenance) is thus made once the reason is gone, even for an intake that speaks
    /// only when something changes. Another's open incident is left as it stands (a
    /// person may have lowered it on purpose), and a muted probe's alarm is not weighed
    /// until it is unmuted. The reconciler calls this, and the maintenance timer when a
    /// window ends; while one runs, nothing is weighed.
    pub async fn weigh_again(&self, service: &ServiceId) {
        let windows = self.store.windows().unwrap_or_default();
        self.weigh_again_under(service, &windows).await;
    }

    /// `weigh_again`, with the maintenance `windows` read once for many services.
    async fn weigh_again_under(
        &self,
        service: &ServiceId,
        windows: &[crate::domain::maintenance::Window],
    ) {
        let now = self.clock.now();
        if crate::domain::maintenance::Window::running_for(windows, service, now).is_some() {
            return;
        }
        let opened_by = match self.store.open_incident(service) {
            Ok(incident) => incident.map(|i| i.source),
            Err(e) => {
                tracing::error!(error = %e, %service, "cannot read the open incident to weigh its alarms again");
                return;
            }
        };
        for source in Source::KEEPING_ALARMS {
            // Alarms gone quiet (unrepeated for a day) no longer raise anything, but
            // silence is no news that a service is back: only cleared ones close.
            let holds = self.store.holds_alarms(service, source).unwrap_or(true);
            let may_resolve = opened_by == Some(source);
            // Its own incident still held, nothing held to raise, or another's incident
            // open: nothing to weigh.
            if holds == may_resolve || (opened_by.is_some() && !may_resolve) {
                continue;
            }
            if source == Source::Probe && self.store.is_probe_muted(service).unwrap_or(false) {
                continue;
            }
            match self
                .weigh_alarms(service, source, Vec::new(), may_resolve)
                .await
            {
                Ok(posted) => {
                    tracing::info!(%service, source = source.key(), incident = posted.incident.id, "a change held back before was made now")
                }
                Err(e) => match e.class() {
                    Class::Unchanged => {}
                    Class::Refused | Class::Transient | Class::Internal => {
                        tracing::debug!(%service, reason = %e, "weighed again, still not made")
                    }
                },
            }
        }
    }

    /// Runs `reconcile` every `every` of the app's clock, and as soon as a machine's
    /// refused change may be made (the machines' rate window has room, the outbox has had
    /// time to drain), until `shutdown`. It looks every second, and at once when a test
    /// or the console moves the clock by hand.
    pub async fn run_reconciler(
        self,
        every: Duration,
        shutdown: tokio_util::sync::CancellationToken,
    ) {
        let mut ticks = tokio::time::interval(std::time::Duration::from_secs(1));
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        let mut moves = self.clock.moves();
        let mut last = self.clock.now();
        loop {
            tokio::select! {
                () = shutdown.cancelled() => return,
                _ = ticks.tick() => {}
                () = crate::clock::moved(&mut moves) => {}
            }
            let now = self.clock.now();
            let retry_due = {
                let mut retry_at = self.retry_at.lock().unwrap_or_else(|p| p.into_inner());
                let due = retry_at.is_some_and(|at| at <= now);
                if due {
                    *retry_at = None;
                }
                due
            };
            if now - last >= every || retry_due {
                last = now;
                self.reconcile().await;
            }
        }
    }

    /// Keeps the soonest moment a refused change may be made, for the reconciler.
    fn retry_later(&self, refused: &DeskError) {
        let Retry::After(after) = refused.retry() else {
            return;
        };
        let at = self.clock.now() + Duration::from_std(after).unwrap_or(Duration::MAX);
        let mut retry_at = self.retry_at.lock().unwrap_or_else(|p| p.into_inner());
        *retry_at = Some(retry_at.map_or(at, |soonest| soonest.min(at)));
    }

    /// Records `changes`, then raises the worst alarm still firing; with none left, resolves
    /// (when `may_resolve`) or leaves things as they are.
    async fn weigh_alarms(
        &self,
        service: &ServiceId,
        source: Source,
        changes: Vec<AlarmChange>,
        may_resolve: bool,
    ) -> Result<Posted, DeskError> {
        let decide = self.decider(service, source);
        self.change(service, move |tx| {
            let now = decide.rule.now;
            for change in &changes {
                let mut firing = change.firing.clone();
                if let Some(alarm) = firing.as_mut() {
                    if source.alarms_go_quiet() {
                        alarm.seen = Some(now);
                    }
                    if !tx.alarm_fits(source, &change.id, MAX_ALARMS_PER_SERVICE)? {
                        tracing::warn!(service = %decide.rule.service, id = %change.id, "too many alarms for one service; this one is not kept");
                        continue;
                    }
                }
                tx.set_alarm(source, &change.id, firing);
            }
            let firing = tx.alarms(source, now)?;
            let rule = decide.rule.clone();
            decide.run(tx, |tx| {
                let Some(worst) = firing.iter().map(|a| a.severity).reduce(Severity::worst) else {
                    let nothing = || {
                        Ok(Err(DeskError::NothingFiring {
                            service: rule.service.clone(),
                        }))
                    };
                    if !may_resolve {
                        return nothing();
                    }
                    // The service is down while any intake's alarm fires: what this
                    // intake may close stays open while another's fires (what it may
                    // not close is refused as such by `resolve`).
                    if tx.others_fire(source, rule.now)?
                        && tx
                            .open_incident()?
                            .is_some_and(|open| rule.may(&open, true).is_ok())
                    {
                        return nothing();
                    }
                    return resolve(tx, &rule, NoticeText::default(), None);
                };
                // The words of what just fired, else of the worst alarm still firing.
                let newest = changes.iter().rev().find_map(|c| c.firing.as_ref());
                let words = newest
                    .or_else(|| firing.iter().find(|a| a.severity == worst))
                    .map(|a| a.text.as_str())
                    .unwrap_or_default();
                let text = NoticeText::from_machine(crate::domain::LocalizedText::parse(words));
                raise(tx, &rule, worst, text, None)
            })
        })
        .await
    }

    fn decider(&self, service: &ServiceId, source: Source) -> Decider {
        Decider {
            rule: Rule {
                service: service.clone(),
                source,
                now: self.clock.now(),
                rules: self.rules,
            },
            automatic: self.automatic.clone(),
        }
    }

    /// Runs `decide` on the store's writer, where nothing else can change the incident
    /// meanwhile, then wakes delivery for what it posted.
    async fn change(
        &self,
        service: &ServiceId,
        decide: impl FnOnce(&mut IncidentTx<'_>) -> Decided + Send + 'static,
    ) -> Result<Posted, DeskError> {
        let decided = match self.store.change_incident(service.clone(), decide).await {
            Ok(decided) => decided,
            Err(e) => Err(e.into()),
        };
        let posted = decided.inspect_err(|refused| self.retry_later(refused))?;
        self.delivery_wake.notify_one();
        let latest = posted.incident.latest();
        tracing::info!(
            incident = posted.incident.id,
            service = %posted.incident.service,
            event = ?latest.event,
            source = posted.incident.source.key(),
            subscribers = posted.subscribers,
            "incident event posted"
        );
        Ok(posted)
    }
}

/// One change's circumstances: who asks, about what, when, under which rules.
#[derive(Clone)]
struct Rule {
    service: ServiceId,
    source: Source,
    now: DateTime<Utc>,
    rules: DeskRules,
}

impl Rule {
    fn may(&self, open: &Incident, lowers_or_resolves: bool) -> Result<(), DeskError> {
        may_change(
            self.source,
            open,
            lowers_or_resolves,
            self.rules.probes_resolve_persons,
        )
        .map_err(|refusal| DeskError::Refused {
            service: self.service.clone(),
            refusal,
        })
    }

    fn no_open_incident(&self) -> DeskError {
        DeskError::NoOpenIncident {
            service: self.service.clone(),
        }
    }
}

/// Wraps a decision in the checks every change passes on the writer: the outbox cap,
/// and for machines the per-service rate.
struct Decider {
    rule: Rule,
    automatic: Arc<Mutex<HashMap<ServiceId, AutomaticEvents>>>,
}

impl Decider {
    fn run(
        self,
        tx: &mut IncidentTx<'_>,
        decide: impl FnOnce(&mut IncidentTx<'_>) -> Decided,
    ) -> Decided {
        let rules = self.rule.rules;
        let pending = tx.pending_broadcasts();
        if pending >= rules.max_pending_broadcasts {
            return Ok(Err(DeskError::OutboxFull {
                pending,
                limit: rules.max_pending_broadcasts,
            }));
        }
        if self.rule.source.is_person() {
            return decide(tx);
        }
        let now = self.rule.now;
        let window = rules.automatic_window;
        {
            let mut recent = self.automatic.lock().unwrap_or_else(|p| p.into_inner());
            let events = recent.entry(self.rule.service.clone()).or_default();
            while events.at.front().is_some_and(|&t| now - t >= window) {
                events.at.pop_front();
            }
            if events.at.is_empty() {
                events.refusal_told = false;
            }
            if events.at.len() >= rules.automatic_events as usize {
                let first = !events.refusal_told;
                events.refusal_told = true;
                let free_in = events
                    .at
                    .front()
                    .map(|&oldest| (oldest + window - now).to_std().unwrap_or_default())
                    .unwrap_or_default();
                return Ok(Err(DeskError::RateLimited {
                    service: self.rule.service.clone(),
                    limit: rules.automatic_events,
                    minutes: window.num_minutes(),
                    first,
                    free_in,
                }));
            }
        }
        let decided = decide(tx)?;
        if decided.is_ok() {
            let mut recent = self.automatic.lock().unwrap_or_else(|p| p.into_inner());
            recent
                .entry(self.rule.service.clone())
                .or_default()
                .at
                .push_back(now);
        }
        Ok(decided)
    }
}

/// Opens an incident at `severity`, or moves the open one there. A machine's alarm is
/// held back while planned maintenance runs: the service is down on purpose.
fn raise(
    tx: &mut IncidentTx<'_>,
    rule: &Rule,
    severity: Severity,
    text: NoticeText,
    report_to: Option<ReportTo>,
) -> Decided {
    if !rule.source.is_person()
        && let Some(window) = tx.maintenance_at(rule.now)?
    {
        let held = DeskError::HeldForMaintenance {
            service: rule.service.clone(),
            window: window.id,
            until: window.ends,
            first: window.held == 0,
        };
        tx.hold(window);
        return Ok(Err(held));
    }
    let incident = match tx.open_incident()? {
        None => Incident::open(
            tx.next_id()?,
            rule.service.clone(),
            severity,
            text.into_inner(),
            rule.now,
            rule.source,
        ),
        Some(mut incident) => {
            if let Err(refusal) = rule.may(&incident, lowers(&incident, severity)) {
                return Ok(Err(refusal));
            }
            match incident.change_severity(severity, text.into_inner(), rule.now) {
                Ok(_) => incident,
                Err(IncidentError::SameSeverity) => {
                    return Ok(Err(DeskError::AlreadyOpen {
                        service: rule.service.clone(),
                        since: incident.started_at,
                    }));
                }
                Err(e @ IncidentError::AlreadyResolved) => {
                    return Ok(Err(anyhow::Error::from(e).into()));
                }
            }
        }
    };
    publish(tx, incident, report_to).map(Ok)
}

/// Resolves the open incident, if the rule lets this source.
fn resolve(
    tx: &mut IncidentTx<'_>,
    rule: &Rule,
    text: NoticeText,
    report_to: Option<ReportTo>,
) -> Decided {
    let Some(mut incident) = tx.open_incident()? else {
        return Ok(Err(rule.no_open_incident()));
    };
    if let Err(refusal) = rule.may(&incident, true) {
        return Ok(Err(refusal));
    }
    if rule.source.is_person() {
        // A person says it is back: what the machines still hold is stale, and must
        // not open the incident again at their next word about another alert (a probe
        // speaks again when it sees the service come back and fail anew).
        for source in Source::KEEPING_ALARMS {
            tx.clear_alarms(source)?;
        }
    }
    match incident.resolve(text.into_inner(), rule.now) {
        Ok(_) => publish(tx, incident, report_to).map(Ok),
        Err(e) => Ok(Err(anyhow::Error::from(e).into())),
    }
}

/// Records the incident with a broadcast of its latest event to every subscriber; when
/// it is resolved, the people who reported it down hear it is back, subscribed or not.
fn publish(
    tx: &mut IncidentTx<'_>,
    incident: Incident,
    report_to: Option<ReportTo>,
) -> crate::store::Result<Posted> {
    let subscribers = tx.subscriber_count();
    let notice = IncidentNotice::latest_of(&incident);
    let resolved = notice.event == IncidentEvent::Resolved;
    let broadcast = Broadcast::new(
        tx.next_id()?,
        Notice::Incident(notice),
        Audience::Subscribers,
        subscribers,
        report_to,
    );
    let mut reporters = 0;
    if resolved {
        let to_reporters = Broadcast {
            id: tx.next_id()?,
            report_to: None,
            audience: Audience::Listed,
            ..broadcast.clone()
        };
        reporters = tx.tell_reporters(to_reporters)?;
        tracing::info!(service = %incident.service, reporters, "reporters will hear it is back");
    }
    tx.record(incident.clone(), broadcast);
    Ok(Posted {
        incident,
        subscribers,
        reporters,
    })
}
