//! What the public surfaces show, read from the store once per change: every service's
//! state now, the incidents and maintenance of the last 90 days, and when the history
//! begins. Every page, feed and JSON document renders from one of these.

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, Utc};

use crate::domain::maintenance::{Window, WindowState};
use crate::domain::uptime::STRIP_DAYS;
use crate::domain::{Incident, ServiceId, Severity};
use crate::store::Store;

/// A service's state now, worst first.
#[derive(Clone, Copy, PartialEq, Eq, Debug, PartialOrd, Ord)]
pub enum ServiceState {
    Outage,
    Degraded,
    Maintenance,
    Operational,
}

impl ServiceState {
    pub const ALL: [ServiceState; 4] = [
        ServiceState::Outage,
        ServiceState::Degraded,
        ServiceState::Maintenance,
        ServiceState::Operational,
    ];

    /// The key used in message selectors and CSS classes.
    pub fn key(self) -> &'static str {
        match self {
            ServiceState::Outage => "outage",
            ServiceState::Degraded => "degraded",
            ServiceState::Maintenance => "maintenance",
            ServiceState::Operational => "operational",
        }
    }
}

/// The public view of the store at one instant.
#[derive(Debug)]
pub struct Snapshot {
    /// When it was read (the app's clock).
    pub taken_at: DateTime<Utc>,
    /// Every service in the catalog's order, with its state now.
    pub services: Vec<(ServiceId, ServiceState)>,
    /// Incidents still open or begun in the last 90 days, newest first.
    pub incidents: Vec<Incident>,
    /// Windows planned or running, and those that held a service in the last 90 days,
    /// soonest start first.
    pub windows: Vec<Window>,
    /// From when the history holds each day in detail: `history.keep_days` back, or
    /// when the bot began keeping records if that is later.
    pub known_from: DateTime<Utc>,
    /// When the records began (a fixed time: what Statuspage calls a component's
    /// creation).
    pub began_at: DateTime<Utc>,
    /// When anything shown last changed: the newest incident event or window change.
    pub updated_at: DateTime<Utc>,
}

impl Snapshot {
    /// Reads the store at `now`, the records begun at `began_at`, what is known from
    /// `known_from` on. Every kept incident is read (retention bounds them to
    /// `history.keep_days`) and those of the strip kept: once per change or minute, never
    /// per request.
    pub fn read(
        store: &Store,
        catalog: &crate::domain::Catalog,
        (began_at, known_from): (DateTime<Utc>, DateTime<Utc>),
        now: DateTime<Utc>,
    ) -> crate::store::Result<Snapshot> {
        let strip_from = now - Duration::days(i64::from(STRIP_DAYS) + 1);
        let mut incidents = Vec::new();
        for incident in store.recent_incidents(None, usize::MAX)? {
            if incident.resolved_at.is_none_or(|end| end >= strip_from) {
                incidents.push(incident);
            }
        }
        let mut windows: Vec<Window> = store
            .windows()?
            .into_iter()
            // A window called off stays for the feed, which told it was planned — when
            // the moment it was called off is known (not for one called off before it
            // was kept).
            .filter(|w| {
                w.is_active()
                    || (w.state != WindowState::Cancelled || w.cancelled_at.is_some())
                        && w.changed_at() >= strip_from
            })
            .collect();
        windows.sort_by_key(|w| (w.starts, w.id));
        let worst: BTreeMap<&ServiceId, Severity> = incidents
            .iter()
            .filter(|i| i.is_open())
            .map(|i| (&i.service, i.severity))
            .collect();
        let services = catalog
            .iter()
            .map(|s| {
                let state = match worst.get(&s.id) {
                    Some(Severity::MajorOutage) => ServiceState::Outage,
                    Some(Severity::Degraded) => ServiceState::Degraded,
                    None if Window::running_for(&windows, &s.id, now).is_some() => {
                        ServiceState::Maintenance
                    }
                    None => ServiceState::Operational,
                };
                (s.id.clone(), state)
            })
            .collect();
        let updated_at = incidents
            .iter()
            .map(|i| i.latest().at)
            .chain(windows.iter().map(window_changed_at))
            .filter(|&t| t <= now)
            .max()
            .unwrap_or(known_from);
        Ok(Snapshot {
            taken_at: now,
            services,
            incidents,
            windows,
            known_from,
            began_at,
            updated_at,
        })
    }

    /// The incidents of one service, newest first.
    pub fn incidents_of<'a>(
        &'a self,
        service: &'a ServiceId,
    ) -> impl Iterator<Item = &'a Incident> {
        self.incidents.iter().filter(move |i| &i.service == service)
    }

    /// The windows of one service.
    pub fn windows_of<'a>(&'a self, service: &'a ServiceId) -> impl Iterator<Item = &'a Window> {
        self.windows.iter().filter(move |w| &w.service == service)
    }

    /// Windows still to come or under way, soonest first.
    pub fn active_windows(&self) -> impl Iterator<Item = &Window> {
        self.windows.iter().filter(|w| w.is_active())
    }

    pub fn incident(&self, id: u64) -> Option<&Incident> {
        self.incidents.iter().find(|i| i.id == id)
    }

    /// How many services are in `state` now.
    pub fn count(&self, state: ServiceState) -> usize {
        self.services.iter().filter(|(_, s)| *s == state).count()
    }

    /// The worst state of any service now.
    pub fn worst(&self) -> ServiceState {
        self.services
            .iter()
            .map(|(_, s)| *s)
            .min()
            .unwrap_or(ServiceState::Operational)
    }
}

/// When a window last changed as readers see it (`Window::changed_at`).
pub fn window_changed_at(window: &Window) -> DateTime<Utc> {
    window.changed_at()
}
