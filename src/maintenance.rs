//! Planned maintenance at work: admins (in a chat or through the API) plan, extend,
//! cancel and end windows; a timer on the app's clock reminds, starts and ends them.
//! Every notice goes through the durable outbox, and a window's newer notice makes its
//! older one stale (see `delivery/schedule.rs`). Windows live in the store, so after a
//! restart the timer does what came due meanwhile: it starts or ends the windows whose
//! time came, and skips — telling the admins — reminders whose moment passed while the
//! bot was down.

use std::sync::Arc;
use std::time::Duration as StdDuration;

use chrono::{DateTime, Duration, Utc};
use tokio::sync::Notify;
use tokio_util::sync::CancellationToken;

use crate::clock::{Clock, Looked};
use crate::delivery::messenger::Messenger;
use crate::desk::IncidentDesk;
use crate::domain::maintenance::{MaintenanceError, MaintenanceEvent, Window};
use crate::domain::{NoticeText, ReportTo, ServiceId, Source};
use crate::i18n::{Arg, Msg};
use crate::store::{Store, WindowTx};

/// How often the timer looks at the clock: a window starts within this of its time.
const LOOK_EVERY: StdDuration = StdDuration::from_millis(500);

/// Why a window was not planned or changed.
#[derive(Debug, thiserror::Error)]
pub enum PlanError {
    #[error(transparent)]
    Rules(MaintenanceError),
    #[error("{pending} broadcasts are waiting to go out (the cap is {limit}); try again shortly")]
    OutboxFull { pending: usize, limit: usize },
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl From<crate::store::StoreError> for PlanError {
    fn from(e: crate::store::StoreError) -> Self {
        PlanError::Internal(anyhow::Error::new(e).context("recording a maintenance window"))
    }
}

/// A window as a change left it, and how many subscribers hear of it.
#[derive(Debug)]
pub struct Changed {
    pub window: Window,
    pub subscribers: u64,
    /// The service is not back as the window ends (`WindowTx::outage_left`): what
    /// subscribers are told, and the admin too.
    pub outage_open: bool,
}

#[derive(Clone)]
pub struct Maintenance {
    store: Store,
    /// Weighs the alarms held back once a window ends.
    desk: IncidentDesk,
    clock: Arc<dyn Clock>,
    /// Rung after a change so delivery starts at once.
    delivery_wake: Arc<Notify>,
    /// Rung after a change so the timer looks again at once.
    changed: Arc<Notify>,
    /// The app-clock time of the timer's last look.
    looked: Looked,
    remind_before: Duration,
    max_pending_broadcasts: usize,
}

/// What a change decided on the writer comes back as.
type Decided = crate::store::Result<Result<Changed, PlanError>>;

impl Maintenance {
    pub fn new(
        store: Store,
        desk: IncidentDesk,
        clock: Arc<dyn Clock>,
        delivery_wake: Arc<Notify>,
        remind_before: Duration,
        max_pending_broadcasts: usize,
    ) -> Maintenance {
        Maintenance {
            store,
            desk,
            clock,
            delivery_wake,
            changed: Arc::new(Notify::new()),
            looked: Looked::new(),
            remind_before,
            max_pending_broadcasts,
        }
    }

    pub fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    /// Plans a window of `service` from `starts` for `length`; subscribers hear of it.
    pub async fn plan(
        &self,
        service: &ServiceId,
        starts: DateTime<Utc>,
        length: Duration,
        text: NoticeText,
        by: Source,
        report_to: Option<ReportTo>,
    ) -> Result<Changed, PlanError> {
        let (service, now, remind_before) = (service.clone(), self.now(), self.remind_before);
        self.change(move |tx| {
            let others = tx.windows()?;
            match Window::plan(
                tx.next_id()?,
                service,
                starts,
                length,
                text.into_inner(),
                by,
                now,
                remind_before,
                &others,
            ) {
                Ok(window) => announce(tx, window, MaintenanceEvent::Scheduled, now, report_to),
                Err(e) => Ok(Err(PlanError::Rules(e))),
            }
        })
        .await
    }

    /// Moves the end of window `id` later by `by`.
    pub async fn extend(
        &self,
        id: u64,
        by: Duration,
        report_to: Option<ReportTo>,
    ) -> Result<Changed, PlanError> {
        let now = self.now();
        self.change(move |tx| {
            let others = tx.windows()?;
            with_window(tx, id, |tx, mut window| {
                match window.extend(by, &others, now) {
                    Ok(()) => announce(tx, window, MaintenanceEvent::Extended, now, report_to),
                    Err(e) => Ok(Err(PlanError::Rules(e))),
                }
            })
        })
        .await
    }

    /// Calls off window `id` before it starts.
    pub async fn cancel(&self, id: u64, report_to: Option<ReportTo>) -> Result<Changed, PlanError> {
        let now = self.now();
        self.change(move |tx| {
            with_window(tx, id, |tx, mut window| match window.cancel(now) {
                Ok(()) => announce(tx, window, MaintenanceEvent::Cancelled, now, report_to),
                Err(e) => Ok(Err(PlanError::Rules(e))),
            })
        })
        .await
    }

    /// Ends running window `id` now, before its time.
    pub async fn end_early(
        &self,
        id: u64,
        report_to: Option<ReportTo>,
    ) -> Result<Changed, PlanError> {
        let now = self.now();
        let ended = self
            .change(move |tx| {
                with_window(tx, id, |tx, mut window| match window.end_early(now) {
                    Ok(event) => announce(tx, window, event, now, report_to),
                    Err(e) => Ok(Err(PlanError::Rules(e))),
                })
            })
            .await?;
        // What the automatic intakes held back is weighed again.
        self.desk.weigh_again(&ended.window.service).await;
        Ok(ended)
    }

    /// Windows planned or running, soonest first.
    pub fn active(&self) -> anyhow::Result<Vec<Window>> {
        let mut windows: Vec<Window> = self
            .store
            .windows()?
            .into_iter()
            .filter(Window::is_active)
            .collect();
        windows.sort_by_key(|w| (w.starts, w.id));
        Ok(windows)
    }

    /// Wakes the timer and waits (a few seconds at most) until it has looked at the
    /// clock at `now` or later: the console's `/later` moves the clock and then shows
    /// what came due.
    pub async fn caught_up(&self, now: DateTime<Utc>) -> bool {
        self.changed.notify_one();
        self.looked.caught_up(now).await
    }

    /// Runs `decide` on the store's writer, then wakes delivery and the timer.
    async fn change(
        &self,
        decide: impl FnOnce(&mut WindowTx<'_>) -> Decided + Send + 'static,
    ) -> Result<Changed, PlanError> {
        let limit = self.max_pending_broadcasts;
        let changed = self
            .store
            .change_windows(move |tx| {
                let pending = tx.pending_broadcasts();
                if pending >= limit {
                    return Ok(Err(PlanError::OutboxFull { pending, limit }));
                }
                decide(tx)
            })
            .await??;
        self.delivery_wake.notify_one();
        self.changed.notify_one();
        tracing::info!(
            window = changed.window.id,
            service = %changed.window.service,
            state = changed.window.state.key(),
            subscribers = changed.subscribers,
            "maintenance window changed"
        );
        Ok(changed)
    }

    /// Reminds, starts and ends windows as the clock reaches their moments, until
    /// `shutdown`; tells the admins (through `messenger`) of reminders it had to skip.
    pub async fn run(self, messenger: Messenger, shutdown: CancellationToken) {
        let mut last_look: Option<DateTime<Utc>> = None;
        let mut looks = tokio::time::interval(LOOK_EVERY);
        looks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        // A clock moved by hand (a test, the console's `/later`) is looked at at once.
        let mut moves = self.clock.moves();
        loop {
            tokio::select! {
                _ = shutdown.cancelled() => return,
                _ = looks.tick() => {}
                _ = self.changed.notified() => {}
                () = crate::clock::moved(&mut moves) => {}
            }
            let now = self.now();
            match self.take_due_steps(now, last_look).await {
                Ok((skipped, ended)) => {
                    for service in ended {
                        self.desk.weigh_again(&service).await;
                    }
                    for window in skipped {
                        messenger.tell_admins(
                            &Msg::new("maintenance-reminder-skipped")
                                .service("service", &window.service)
                                .text("id", window.id.to_string())
                                .arg("start", Arg::Time(window.starts)),
                        );
                    }
                    last_look = Some(now);
                    self.looked.at(now);
                }
                Err(e) => {
                    tracing::error!(error = %e, "cannot move maintenance windows on; trying again")
                }
            }
        }
    }

    /// Takes every step due at `now` in one write; returns the windows whose reminder
    /// was skipped, and the services whose window ended.
    async fn take_due_steps(
        &self,
        now: DateTime<Utc>,
        last_look: Option<DateTime<Utc>>,
    ) -> crate::store::Result<(Vec<Window>, Vec<ServiceId>)> {
        let remind_before = self.remind_before;
        // Looked at without the writer first: a look that finds nothing due (nearly
        // every look) writes and flushes nothing.
        let windows = self.store.windows()?;
        if !windows
            .iter()
            .any(|w| w.due(now, remind_before, last_look).is_some())
        {
            return Ok((Vec::new(), Vec::new()));
        }
        let done = self
            .store
            .change_windows(move |tx| {
                let mut skipped = Vec::new();
                let mut ended = Vec::new();
                for mut window in tx.windows()? {
                    while let Some(step) = window.due(now, remind_before, last_look) {
                        let event = window.apply(step, now);
                        match event {
                            None => skipped.push(window.clone()),
                            Some(MaintenanceEvent::Ended) => ended.push(window.service.clone()),
                            Some(_) => {}
                        }
                        tracing::info!(window = window.id, service = %window.service, ?step, "maintenance window moved on");
                        tx.record(window.clone(), event.map(|e| (e, now)), None)?;
                    }
                }
                Ok((skipped, ended))
            })
            .await?;
        self.delivery_wake.notify_one();
        Ok(done)
    }
}

/// Finds window `id` and hands it to `change`.
fn with_window(
    tx: &mut WindowTx<'_>,
    id: u64,
    change: impl FnOnce(&mut WindowTx<'_>, Window) -> Decided,
) -> Decided {
    match tx.window(id)? {
        Some(window) => change(tx, window),
        None => Ok(Err(PlanError::Rules(MaintenanceError::Unknown(id)))),
    }
}

/// Records `window` with a notice of `event` to its service's subscribers.
fn announce(
    tx: &mut WindowTx<'_>,
    window: Window,
    event: MaintenanceEvent,
    now: DateTime<Utc>,
    report_to: Option<ReportTo>,
) -> Decided {
    let (subscribers, outage_open) = tx.record(window.clone(), Some((event, now)), report_to)?;
    Ok(Ok(Changed {
        window,
        subscribers,
        outage_open,
    }))
}
