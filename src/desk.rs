//! The incident desk: the one place incidents change. Admin commands, the HTTP API and
//! monitor webhooks all come here; each event is stored with its broadcast in one
//! transaction, flushed, and the delivery engine is woken.

use std::sync::Arc;

use chrono::{DateTime, Utc};

use tokio::sync::Notify;

use crate::clock::Clock;
use crate::domain::{
    Audience, Broadcast, Incident, IncidentError, IncidentEvent, LocalizedText, Notice, Phase,
    ReportTo, ServiceId, Severity, Source,
};
use crate::store::{IncidentTx, Store};

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
        let id = service.clone();
        self.change(service, move |tx| {
            let incident = match tx.open_incident()? {
                Some(mut incident) => match incident.change_severity(severity, text, now) {
                    Ok(_) => incident,
                    Err(IncidentError::SameSeverity) => {
                        return Ok(Err(DeskError::AlreadyOpen {
                            service: id,
                            since: incident.started_at,
                        }));
                    }
                    Err(e @ IncidentError::AlreadyResolved) => {
                        return Ok(Err(anyhow::Error::from(e).into()));
                    }
                },
                None => Incident::open(tx.next_id()?, id, severity, text, now, source),
            };
            publish(tx, incident, report_to).map(Ok)
        })
        .await
    }

    /// Adds news to the open incident, optionally moving it to another open phase.
    pub async fn update(
        &self,
        service: &ServiceId,
        phase: Option<Phase>,
        text: LocalizedText,
        report_to: Option<ReportTo>,
    ) -> Result<Posted, DeskError> {
        let now = self.clock.now();
        let id = service.clone();
        self.change(service, move |tx| {
            let Some(mut incident) = tx.open_incident()? else {
                return Ok(Err(DeskError::NoOpenIncident { service: id }));
            };
            if let Err(e) = incident.update(phase, text, now) {
                return Ok(Err(anyhow::Error::from(e).into()));
            }
            publish(tx, incident, report_to).map(Ok)
        })
        .await
    }

    /// Resolves the open incident: everyone learns it is back and after how long.
    pub async fn resolve(
        &self,
        service: &ServiceId,
        text: LocalizedText,
        report_to: Option<ReportTo>,
    ) -> Result<Posted, DeskError> {
        let now = self.clock.now();
        let id = service.clone();
        self.change(service, move |tx| {
            let Some(mut incident) = tx.open_incident()? else {
                return Ok(Err(DeskError::NoOpenIncident { service: id }));
            };
            if let Err(e) = incident.resolve(text, now) {
                return Ok(Err(anyhow::Error::from(e).into()));
            }
            publish(tx, incident, report_to).map(Ok)
        })
        .await
    }

    /// Runs `decide` on the store's writer, where nothing else can change the incident
    /// meanwhile, then wakes delivery for what it posted.
    async fn change(
        &self,
        service: &ServiceId,
        decide: impl FnOnce(&mut IncidentTx<'_>) -> crate::store::Result<Result<Posted, DeskError>>
        + Send
        + 'static,
    ) -> Result<Posted, DeskError> {
        let posted = self
            .store
            .change_incident(service.clone(), decide)
            .await??;
        self.delivery_wake.notify_one();
        let latest = posted.incident.latest();
        tracing::info!(
            incident = posted.incident.id,
            service = %posted.incident.service,
            event = ?latest.event,
            source = ?posted.incident.source,
            subscribers = posted.subscribers,
            "incident event posted"
        );
        Ok(posted)
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
    let broadcast = Broadcast::new(
        tx.next_id()?,
        Notice::latest_of(&incident),
        Audience::Subscribers,
        subscribers,
        report_to,
    );
    if broadcast.notice.event == IncidentEvent::Resolved {
        let to_reporters = Broadcast {
            id: tx.next_id()?,
            report_to: None,
            audience: Audience::Listed,
            ..broadcast.clone()
        };
        let reporters = tx.tell_reporters(to_reporters)?;
        tracing::info!(service = %incident.service, reporters, "reporters will hear it is back");
    }
    tx.record(incident.clone(), broadcast);
    Ok(Posted {
        incident,
        subscribers,
    })
}
