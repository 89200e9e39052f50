//! The incident desk: the one place incidents change. Admin commands, the HTTP API and
//! monitor webhooks all come here; each event is stored with its broadcast in one
//! transaction, flushed, and the delivery engine is woken.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use tokio::sync::Notify;

use crate::clock::Clock;
use crate::domain::{
    Audience, Broadcast, Incident, IncidentError, IncidentEvent, LocalizedText, Notice, Phase,
    ReportTo, ServiceId, Severity, Source, Tally,
};
use crate::store::Store;

/// Longest free text per language part, in characters. A notice is one Telegram message
/// (at most 4096 characters), and the localized headline needs room too.
pub const MAX_TEXT_CHARS: usize = 3000;

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
    #[error("a text part is {length} characters; the limit is {limit}")]
    TextTooLong { length: usize, limit: usize },
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl From<crate::store::StoreError> for DeskError {
    fn from(e: crate::store::StoreError) -> Self {
        DeskError::Internal(e.into())
    }
}

/// An event that was posted.
#[derive(Debug)]
pub struct Posted {
    pub incident: Incident,
    /// Subscribers the notice is on its way to.
    pub subscribers: u64,
}

#[derive(Clone)]
pub struct IncidentDesk {
    store: Store,
    clock: Arc<dyn Clock>,
    /// Rung after each event so the delivery engine starts at once.
    delivery_wake: Arc<Notify>,
}

/// Parses free text into language parts, refusing parts too long for one message.
pub fn parse_text(text: &str) -> Result<LocalizedText, DeskError> {
    fits(LocalizedText::parse(text))
}

/// Refuses text with a part too long for one notice; every intake checks through here.
pub fn fits(text: LocalizedText) -> Result<LocalizedText, DeskError> {
    match text.parts().map(|(_, t)| t.chars().count()).max() {
        Some(length) if length > MAX_TEXT_CHARS => Err(DeskError::TextTooLong {
            length,
            limit: MAX_TEXT_CHARS,
        }),
        _ => Ok(text),
    }
}

impl IncidentDesk {
    pub fn new(store: Store, clock: Arc<dyn Clock>, delivery_wake: Arc<Notify>) -> IncidentDesk {
        IncidentDesk {
            store,
            clock,
            delivery_wake,
        }
    }

    /// Opens an incident, or moves the open one to `severity` (a slowdown that became
    /// an outage is the same incident). The same severity again is `AlreadyOpen`.
    pub async fn open(
        &self,
        service: &ServiceId,
        severity: Severity,
        text: LocalizedText,
        source: Source,
        report_to: Option<ReportTo>,
    ) -> Result<Posted, DeskError> {
        let now = self.clock.now();
        let incident = match self.store.open_incident(service)? {
            Some(mut incident) => match incident.change_severity(severity, text, now) {
                Ok(_) => incident,
                Err(IncidentError::SameSeverity) => {
                    return Err(DeskError::AlreadyOpen {
                        service: service.clone(),
                        since: incident.started_at,
                    });
                }
                Err(e @ IncidentError::AlreadyResolved) => {
                    return Err(anyhow::Error::from(e).into());
                }
            },
            None => Incident::open(
                self.store.next_id()?,
                service.clone(),
                severity,
                text,
                now,
                source,
            ),
        };
        self.publish(incident, report_to).await
    }

    /// Adds news to the open incident, optionally moving it to another open phase.
    pub async fn update(
        &self,
        service: &ServiceId,
        phase: Option<Phase>,
        text: LocalizedText,
        report_to: Option<ReportTo>,
    ) -> Result<Posted, DeskError> {
        let mut incident = self.open_incident(service)?;
        incident
            .update(phase, text, self.clock.now())
            .map_err(anyhow::Error::from)?;
        self.publish(incident, report_to).await
    }

    /// Resolves the open incident: everyone learns it is back and after how long.
    pub async fn resolve(
        &self,
        service: &ServiceId,
        text: LocalizedText,
        report_to: Option<ReportTo>,
    ) -> Result<Posted, DeskError> {
        let mut incident = self.open_incident(service)?;
        incident
            .resolve(text, self.clock.now())
            .map_err(anyhow::Error::from)?;
        self.publish(incident, report_to).await
    }

    fn open_incident(&self, service: &ServiceId) -> Result<Incident, DeskError> {
        self.store
            .open_incident(service)?
            .ok_or_else(|| DeskError::NoOpenIncident {
                service: service.clone(),
            })
    }

    /// Stores the incident with a broadcast of its latest event, then wakes delivery.
    async fn publish(
        &self,
        incident: Incident,
        report_to: Option<ReportTo>,
    ) -> Result<Posted, DeskError> {
        let subscribers = self.store.subscriber_count(&incident.service) as u64;
        let broadcast = Broadcast {
            id: self.store.next_id()?,
            notice: Notice::latest_of(&incident),
            cursor: None,
            total: subscribers,
            tally: Tally::default(),
            report_to,
            progress_message: None,
            audience: Audience::Subscribers,
        };
        self.store.record_event(&incident, &broadcast)?;
        // People who reported it down hear it is back, subscribed or not.
        if broadcast.notice.event == IncidentEvent::Resolved {
            let to_reporters = Broadcast {
                id: self.store.next_id()?,
                report_to: None,
                audience: Audience::Listed,
                ..broadcast.clone()
            };
            let reporters = self.store.queue_for_reporters(to_reporters)?;
            tracing::info!(service = %incident.service, reporters, "reporters will hear it is back");
        }
        self.store.flush().await?;
        self.delivery_wake.notify_one();
        tracing::info!(
            incident = incident.id,
            service = %incident.service,
            event = ?broadcast.notice.event,
            source = ?incident.source,
            subscribers,
            "incident event posted"
        );
        Ok(Posted {
            incident,
            subscribers,
        })
    }
}
