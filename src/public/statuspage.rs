//! Statuspage-compatible JSON (`/api/v2/status.json`, `summary.json`, `incidents.json`,
//! `scheduled-maintenances.json`): the shapes Atlassian Statuspage publishes, so widgets
//! and aggregators that read a Statuspage read this bot unchanged. Services are
//! components; each incident and window is one of Statuspage's incidents, its timeline
//! entries the incident's updates. Every name of the format is spelled here, never
//! taken from the domain.

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::snapshot::{ServiceState, Snapshot};
use super::{PageInfo, words_of};
use crate::domain::maintenance::{Window, WindowState};
use crate::domain::{Incident, IncidentEvent, Lang, Phase, Severity};
use crate::i18n::{I18n, Msg};

/// How many incidents `incidents.json` lists, as Statuspage does.
const INCIDENTS_LISTED: usize = 50;

#[derive(Serialize)]
struct PageDto {
    id: String,
    name: String,
    url: String,
    time_zone: String,
    updated_at: DateTime<Utc>,
}

#[derive(Serialize)]
struct StatusDto {
    /// `none`, `minor`, `major`, `critical`.
    indicator: &'static str,
    description: String,
}

#[derive(Serialize)]
struct ComponentDto {
    id: String,
    name: String,
    /// `operational`, `degraded_performance`, `partial_outage`, `major_outage`,
    /// `under_maintenance`.
    status: &'static str,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
    position: usize,
    description: Option<String>,
    showcase: bool,
    start_date: Option<String>,
    group_id: Option<String>,
    page_id: String,
    group: bool,
    only_show_if_degraded: bool,
}

#[derive(Serialize)]
struct AffectedDto {
    code: String,
    name: String,
    old_status: &'static str,
    new_status: &'static str,
}

#[derive(Serialize)]
struct UpdateDto {
    id: String,
    status: &'static str,
    body: String,
    incident_id: String,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
    display_at: DateTime<Utc>,
    affected_components: Vec<AffectedDto>,
    deliver_notifications: bool,
    custom_tweet: Option<String>,
    tweet_id: Option<String>,
}

#[derive(Serialize)]
struct IncidentDto {
    id: String,
    name: String,
    /// `investigating`, `identified`, `monitoring`, `resolved` (for maintenance:
    /// `scheduled`, `in_progress`, `verifying`, `completed`).
    status: &'static str,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
    monitoring_at: Option<DateTime<Utc>>,
    resolved_at: Option<DateTime<Utc>>,
    /// `none`, `minor`, `major`, `critical`, `maintenance`.
    impact: &'static str,
    shortlink: String,
    started_at: DateTime<Utc>,
    page_id: String,
    incident_updates: Vec<UpdateDto>,
    components: Vec<ComponentDto>,
    #[serde(skip_serializing_if = "Option::is_none")]
    scheduled_for: Option<DateTime<Utc>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    scheduled_until: Option<DateTime<Utc>>,
}

/// The JSON documents, in the page's language.
pub struct StatuspageJson<'a> {
    pub snapshot: &'a Snapshot,
    pub page: &'a PageInfo,
    pub i18n: &'a I18n,
    pub lang: Lang,
}

impl StatuspageJson<'_> {
    /// `status.json`: the page and its overall indicator.
    pub fn status(&self) -> serde_json::Value {
        serde_json::json!({ "page": self.page_dto(), "status": self.status_dto() })
    }

    /// `summary.json`: every component, the unresolved incidents and the maintenance
    /// planned or under way.
    pub fn summary(&self) -> serde_json::Value {
        let components: Vec<_> = self
            .snapshot
            .services
            .iter()
            .enumerate()
            .map(|(i, (id, state))| self.component(i, id, *state))
            .collect();
        let open: Vec<_> = self
            .snapshot
            .incidents
            .iter()
            .filter(|i| i.is_open())
            .map(|i| self.incident(i))
            .collect();
        let windows: Vec<_> = self
            .snapshot
            .active_windows()
            .map(|w| self.maintenance(w))
            .collect();
        serde_json::json!({
            "page": self.page_dto(),
            "components": components,
            "incidents": open,
            "scheduled_maintenances": windows,
            "status": self.status_dto(),
        })
    }

    /// `incidents.json`: the latest incidents, resolved or not, newest first.
    pub fn incidents(&self) -> serde_json::Value {
        let incidents: Vec<_> = self
            .snapshot
            .incidents
            .iter()
            .take(INCIDENTS_LISTED)
            .map(|i| self.incident(i))
            .collect();
        serde_json::json!({ "page": self.page_dto(), "incidents": incidents })
    }

    /// `scheduled-maintenances.json`: every window of the last 90 days and ahead,
    /// latest start first.
    pub fn scheduled_maintenances(&self) -> serde_json::Value {
        let windows: Vec<_> = self
            .snapshot
            .windows
            .iter()
            // Statuspage has no word for a window called off: it is gone, as there.
            .filter(|w| w.state != WindowState::Cancelled)
            .rev()
            .map(|w| self.maintenance(w))
            .collect();
        serde_json::json!({ "page": self.page_dto(), "scheduled_maintenances": windows })
    }

    fn render(&self, msg: &Msg) -> String {
        self.i18n.render(self.lang, msg)
    }

    fn page_dto(&self) -> PageDto {
        PageDto {
            id: self.page.id.clone(),
            name: self.page.name(self.i18n, self.lang),
            url: self.page.url_of(&format!("/{}", self.lang.code())),
            time_zone: self.i18n.zone(self.lang).name().to_owned(),
            updated_at: self.snapshot.updated_at,
        }
    }

    fn status_dto(&self) -> StatusDto {
        let worst = self.snapshot.worst();
        StatusDto {
            indicator: match worst {
                ServiceState::Outage => "major",
                ServiceState::Degraded => "minor",
                ServiceState::Maintenance | ServiceState::Operational => "none",
            },
            description: self.render(
                &Msg::new("page-overall")
                    .key("condition", worst.key())
                    .num("count", self.snapshot.count(worst)),
            ),
        }
    }

    fn component(
        &self,
        position: usize,
        id: &crate::domain::ServiceId,
        state: ServiceState,
    ) -> ComponentDto {
        let updated_at = self
            .snapshot
            .incidents_of(id)
            .map(|i| i.latest().at)
            .chain(
                self.snapshot
                    .windows_of(id)
                    .map(super::snapshot::window_changed_at),
            )
            .filter(|&t| t <= self.snapshot.taken_at)
            .max()
            .unwrap_or(self.snapshot.began_at);
        ComponentDto {
            id: id.to_string(),
            name: self
                .i18n
                .catalog()
                .get(id)
                .map_or_else(|| id.to_string(), |s| s.name(self.lang).to_owned()),
            status: component_status(state),
            created_at: self.snapshot.began_at,
            updated_at,
            position: position + 1,
            description: None,
            showcase: true,
            start_date: None,
            group_id: None,
            page_id: self.page.id.clone(),
            group: false,
            only_show_if_degraded: false,
        }
    }

    /// The component as it is now, for an incident's or window's `components`.
    fn component_of(&self, id: &crate::domain::ServiceId) -> Vec<ComponentDto> {
        self.snapshot
            .services
            .iter()
            .enumerate()
            .filter(|(_, (s, _))| s == id)
            .map(|(i, (s, state))| self.component(i, s, *state))
            .collect()
    }

    fn incident(&self, incident: &Incident) -> IncidentDto {
        let id = incident.id.to_string();
        let name = self.i18n.catalog().get(&incident.service).map_or_else(
            || incident.service.to_string(),
            |s| s.name(self.lang).to_owned(),
        );
        let mut status_before = "operational";
        let mut updates: Vec<UpdateDto> = incident
            .timeline
            .iter()
            .enumerate()
            .map(|(n, entry)| {
                let (status, now_status) = match entry.event {
                    IncidentEvent::Opened(s) | IncidentEvent::SeverityChanged(s) => {
                        (phase_status(phase_at(incident, n)), severity_status(s))
                    }
                    IncidentEvent::Updated(p) => (phase_status(p), status_before),
                    IncidentEvent::Resolved => ("resolved", "operational"),
                };
                let affected = AffectedDto {
                    code: incident.service.to_string(),
                    name: name.clone(),
                    old_status: status_before,
                    new_status: now_status,
                };
                status_before = now_status;
                // Stable as the timeline is trimmed: the opening is 0, every later
                // entry counts the ones folded away before it.
                let number = if n == 0 {
                    0
                } else {
                    n as u64 + u64::from(incident.folded)
                };
                UpdateDto {
                    id: format!("{id}-{number}"),
                    status,
                    body: words_of(self.i18n, self.lang, incident, entry),
                    incident_id: id.clone(),
                    created_at: entry.at,
                    updated_at: entry.at,
                    display_at: entry.at,
                    affected_components: vec![affected],
                    deliver_notifications: true,
                    custom_tweet: None,
                    tweet_id: None,
                }
            })
            .collect();
        // Statuspage lists an incident's updates newest first.
        updates.reverse();
        let monitoring_at = incident
            .timeline
            .iter()
            .find(|e| e.event == IncidentEvent::Updated(Phase::Monitoring))
            .map(|e| e.at);
        IncidentDto {
            id: id.clone(),
            name: self.render(&super::incident_title(incident)),
            status: phase_status(incident.phase),
            created_at: incident.started_at,
            updated_at: incident.latest().at,
            monitoring_at,
            resolved_at: incident.resolved_at,
            impact: match incident.worst_severity() {
                Severity::MajorOutage => "major",
                Severity::Degraded => "minor",
            },
            shortlink: self
                .page
                .url_of(&format!("/{}/incidents/{id}", self.lang.code())),
            started_at: incident.started_at,
            page_id: self.page.id.clone(),
            incident_updates: updates,
            components: self.component_of(&incident.service),
            scheduled_for: None,
            scheduled_until: None,
        }
    }

    fn maintenance(&self, window: &Window) -> IncidentDto {
        let id = format!("m{}", window.id);
        let status = match window.state {
            WindowState::Planned => "scheduled",
            WindowState::Running => "in_progress",
            WindowState::Completed | WindowState::EndedEarly | WindowState::Cancelled => {
                "completed"
            }
        };
        let body = super::maintenance_words(self.lang, window, window.scheduled_end())
            .iter()
            .map(|m| self.render(m))
            .collect::<Vec<_>>()
            .join("\n");
        let update = UpdateDto {
            id: format!("{id}-0"),
            status,
            body,
            incident_id: id.clone(),
            created_at: window.planned_at,
            updated_at: super::snapshot::window_changed_at(window),
            display_at: window.planned_at,
            affected_components: Vec::new(),
            deliver_notifications: true,
            custom_tweet: None,
            tweet_id: None,
        };
        let ended = matches!(
            window.state,
            WindowState::Completed | WindowState::EndedEarly
        );
        IncidentDto {
            id,
            name: self
                .render(&Msg::new("page-maintenance-title").service("service", &window.service)),
            status,
            created_at: window.planned_at,
            updated_at: super::snapshot::window_changed_at(window),
            monitoring_at: None,
            resolved_at: ended.then_some(window.ends),
            impact: "maintenance",
            shortlink: self.page.url_of(&format!("/{}", self.lang.code())),
            started_at: window.starts,
            page_id: self.page.id.clone(),
            incident_updates: vec![update],
            components: self.component_of(&window.service),
            scheduled_for: Some(window.starts),
            // As scheduled, as its words say; `resolved_at` says when it ended.
            scheduled_until: Some(window.scheduled_end()),
        }
    }
}

/// The phase an incident was in at its `n`th timeline entry.
fn phase_at(incident: &Incident, n: usize) -> Phase {
    incident.timeline[..=n]
        .iter()
        .rev()
        .find_map(|e| match e.event {
            IncidentEvent::Updated(p) => Some(p),
            IncidentEvent::Resolved => Some(Phase::Resolved),
            _ => None,
        })
        .unwrap_or(Phase::Investigating)
}

fn phase_status(phase: Phase) -> &'static str {
    match phase {
        Phase::Investigating => "investigating",
        Phase::Identified => "identified",
        Phase::Monitoring => "monitoring",
        Phase::Resolved => "resolved",
    }
}

fn severity_status(severity: Severity) -> &'static str {
    match severity {
        Severity::MajorOutage => "major_outage",
        Severity::Degraded => "degraded_performance",
    }
}

fn component_status(state: ServiceState) -> &'static str {
    match state {
        ServiceState::Outage => "major_outage",
        ServiceState::Degraded => "degraded_performance",
        ServiceState::Maintenance => "under_maintenance",
        ServiceState::Operational => "operational",
    }
}
