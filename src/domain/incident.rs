//! Incidents: one outage of one service, its severity, its phase and its timeline.
//!
//! Phases go investigating → identified → monitoring → resolved; an admin may move
//! between the open phases freely (things get worse again), but a resolved incident is
//! closed for good — the next outage is a new incident.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use super::{LocalizedText, ServiceId, UserId};

#[derive(Clone, Copy, PartialEq, Eq, Debug, Serialize, Deserialize)]
pub enum Severity {
    /// The service does not work at all.
    MajorOutage,
    /// The service works, slowly or partly.
    Degraded,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug, Serialize, Deserialize)]
pub enum Phase {
    Investigating,
    Identified,
    Monitoring,
    Resolved,
}

impl Phase {
    /// The phase names admins may type in `/update`; `resolved` is `/up`'s job.
    pub fn parse_open(word: &str) -> Option<Phase> {
        match word.to_lowercase().as_str() {
            "investigating" => Some(Phase::Investigating),
            "identified" => Some(Phase::Identified),
            "monitoring" => Some(Phase::Monitoring),
            _ => None,
        }
    }

    /// The key used in message ids and selectors, e.g. `identified`.
    pub fn key(self) -> &'static str {
        match self {
            Phase::Investigating => "investigating",
            Phase::Identified => "identified",
            Phase::Monitoring => "monitoring",
            Phase::Resolved => "resolved",
        }
    }
}

impl Severity {
    pub fn key(self) -> &'static str {
        match self {
            Severity::MajorOutage => "major",
            Severity::Degraded => "degraded",
        }
    }
}

/// Where an incident came from, shown to admins.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Serialize, Deserialize)]
pub enum Source {
    /// An admin's command in a chat.
    Admin(UserId),
    /// The HTTP API.
    Api,
    /// A Prometheus Alertmanager webhook.
    Alertmanager,
    /// An Uptime Kuma or Gatus webhook.
    Monitor,
    /// An admin declared it from crowd reports.
    Crowd(UserId),
    /// The bot's own probe of the service.
    Probe,
}

impl Source {
    /// Whether an automatic intake (Alertmanager, a monitor) that opened an incident
    /// may also close it. An incident a person opened is closed by a person.
    pub fn closes_itself(self) -> bool {
        matches!(self, Source::Alertmanager | Source::Monitor | Source::Probe)
    }
}

/// What happened to an incident; each event is one notice to every subscriber.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Serialize, Deserialize)]
pub enum IncidentEvent {
    Opened(Severity),
    SeverityChanged(Severity),
    Updated(Phase),
    Resolved,
}

/// One line of an incident's timeline.
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
pub struct TimelineEntry {
    /// When the event was posted (UTC).
    pub at: DateTime<Utc>,
    pub event: IncidentEvent,
    pub text: LocalizedText,
}

#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
pub struct Incident {
    pub id: u64,
    pub service: ServiceId,
    pub severity: Severity,
    pub phase: Phase,
    pub started_at: DateTime<Utc>,
    pub resolved_at: Option<DateTime<Utc>>,
    pub source: Source,
    /// Every event in order; the first is always `Opened`.
    pub timeline: Vec<TimelineEntry>,
}

/// A rule an incident event would break; each maps to an answer the admin reads.
#[derive(Clone, Copy, PartialEq, Eq, Debug, thiserror::Error)]
pub enum IncidentError {
    #[error("the incident is already resolved")]
    AlreadyResolved,
    #[error("the incident already has that severity")]
    SameSeverity,
}

impl Incident {
    pub fn open(
        id: u64,
        service: ServiceId,
        severity: Severity,
        text: LocalizedText,
        at: DateTime<Utc>,
        source: Source,
    ) -> Incident {
        Incident {
            id,
            service,
            severity,
            phase: Phase::Investigating,
            started_at: at,
            resolved_at: None,
            source,
            timeline: vec![TimelineEntry {
                at,
                event: IncidentEvent::Opened(severity),
                text,
            }],
        }
    }

    pub fn is_open(&self) -> bool {
        self.phase != Phase::Resolved
    }

    /// Adds an update, optionally moving to another open phase.
    pub fn update(
        &mut self,
        phase: Option<Phase>,
        text: LocalizedText,
        at: DateTime<Utc>,
    ) -> Result<IncidentEvent, IncidentError> {
        self.ensure_open()?;
        if let Some(phase) = phase.filter(|&p| p != Phase::Resolved) {
            self.phase = phase;
        }
        Ok(self.record(IncidentEvent::Updated(self.phase), text, at))
    }

    /// Moves an open incident to another severity (a slowdown that became an outage).
    pub fn change_severity(
        &mut self,
        severity: Severity,
        text: LocalizedText,
        at: DateTime<Utc>,
    ) -> Result<IncidentEvent, IncidentError> {
        self.ensure_open()?;
        if self.severity == severity {
            return Err(IncidentError::SameSeverity);
        }
        self.severity = severity;
        Ok(self.record(IncidentEvent::SeverityChanged(severity), text, at))
    }

    pub fn resolve(
        &mut self,
        text: LocalizedText,
        at: DateTime<Utc>,
    ) -> Result<IncidentEvent, IncidentError> {
        self.ensure_open()?;
        self.phase = Phase::Resolved;
        // A clock that went backwards must not give a negative outage.
        self.resolved_at = Some(at.max(self.started_at));
        Ok(self.record(IncidentEvent::Resolved, text, at))
    }

    /// How long the outage lasted, or has lasted by `now` while open.
    pub fn elapsed(&self, now: DateTime<Utc>) -> Duration {
        (self.resolved_at.unwrap_or(now) - self.started_at).max(Duration::zero())
    }

    pub fn latest(&self) -> &TimelineEntry {
        // `open` always records the first entry and entries are never removed.
        self.timeline
            .last()
            .expect("an incident always has its opening entry")
    }

    /// The latest entry that carries text, for `/status`.
    pub fn latest_with_text(&self) -> Option<&TimelineEntry> {
        self.timeline.iter().rev().find(|e| !e.text.is_empty())
    }

    fn ensure_open(&self) -> Result<(), IncidentError> {
        if self.is_open() {
            Ok(())
        } else {
            Err(IncidentError::AlreadyResolved)
        }
    }

    fn record(
        &mut self,
        event: IncidentEvent,
        text: LocalizedText,
        at: DateTime<Utc>,
    ) -> IncidentEvent {
        self.timeline.push(TimelineEntry { at, event, text });
        event
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(h: u32, m: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2022, 11, 1, h, m, 0).unwrap()
    }

    fn whatsapp_down() -> Incident {
        Incident::open(
            1,
            ServiceId::parse("whatsapp").unwrap(),
            Severity::MajorOutage,
            LocalizedText::parse("Messages fail"),
            at(6, 30),
            Source::Admin(UserId(7)),
        )
    }

    #[test]
    fn an_incident_walks_through_its_phases_and_resolves() {
        let mut i = whatsapp_down();
        assert_eq!(i.phase, Phase::Investigating);
        assert_eq!(
            i.update(Some(Phase::Identified), LocalizedText::default(), at(7, 0)),
            Ok(IncidentEvent::Updated(Phase::Identified))
        );
        assert_eq!(
            i.update(None, LocalizedText::parse("still"), at(7, 30)),
            Ok(IncidentEvent::Updated(Phase::Identified))
        );
        assert_eq!(
            i.update(Some(Phase::Monitoring), LocalizedText::default(), at(8, 0)),
            Ok(IncidentEvent::Updated(Phase::Monitoring))
        );
        assert_eq!(
            i.resolve(LocalizedText::default(), at(8, 22)),
            Ok(IncidentEvent::Resolved)
        );
        assert!(!i.is_open());
        assert_eq!(i.elapsed(at(23, 0)), Duration::minutes(112));
        assert_eq!(i.timeline.len(), 5);
        assert_eq!(
            i.latest_with_text().map(|e| &e.text),
            Some(&LocalizedText::parse("still"))
        );
    }

    #[test]
    fn a_resolved_incident_takes_no_more_events() {
        let mut i = whatsapp_down();
        i.resolve(LocalizedText::default(), at(8, 0)).unwrap();
        assert_eq!(
            i.resolve(LocalizedText::default(), at(9, 0)),
            Err(IncidentError::AlreadyResolved)
        );
        assert_eq!(
            i.update(None, LocalizedText::default(), at(9, 0)),
            Err(IncidentError::AlreadyResolved)
        );
        assert_eq!(
            i.change_severity(Severity::Degraded, LocalizedText::default(), at(9, 0)),
            Err(IncidentError::AlreadyResolved)
        );
        assert_eq!(i.resolved_at, Some(at(8, 0)));
    }

    #[test]
    fn severity_changes_only_to_a_different_one() {
        let mut i = whatsapp_down();
        assert_eq!(
            i.change_severity(Severity::MajorOutage, LocalizedText::default(), at(7, 0)),
            Err(IncidentError::SameSeverity)
        );
        assert_eq!(
            i.change_severity(Severity::Degraded, LocalizedText::default(), at(7, 0)),
            Ok(IncidentEvent::SeverityChanged(Severity::Degraded))
        );
    }

    #[test]
    fn elapsed_never_goes_negative() {
        let mut i = whatsapp_down();
        assert_eq!(i.elapsed(at(6, 0)), Duration::zero());
        i.resolve(LocalizedText::default(), at(6, 0)).unwrap();
        assert_eq!(i.elapsed(at(6, 0)), Duration::zero());
    }

    #[test]
    fn update_cannot_resolve() {
        let mut i = whatsapp_down();
        i.update(Some(Phase::Resolved), LocalizedText::default(), at(7, 0))
            .unwrap();
        assert!(i.is_open());
        assert_eq!(Phase::parse_open("resolved"), None);
        assert_eq!(Phase::parse_open("Monitoring"), Some(Phase::Monitoring));
    }
}
