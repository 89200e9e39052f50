//! Purpose: the incident API (`/api/v1/…`) and `/healthz`. What it answers is its own
//! shapes (`…Dto`), with every name spelled out here: renaming something in the domain
//! cannot change the public API.

use std::collections::BTreeMap;

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::json::{ApiError, ApiJson, OptionalJson};
use super::text::{TextBody, text_parts};
use super::{HttpState, refusal, service_id};
use crate::desk::Posted;
use crate::domain::{Incident, IncidentEvent, Phase, Severity, Source, TimelineEntry};

/// How many of an incident's latest updates `GET /api/v1/status` shows.
const STATUS_UPDATES: usize = 5;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OpenBody {
    service: String,
    #[serde(default)]
    severity: Option<String>,
    #[serde(default)]
    text: TextBody,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UpdateBody {
    #[serde(default)]
    phase: Option<String>,
    #[serde(default)]
    text: TextBody,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct ResolveBody {
    #[serde(default)]
    text: TextBody,
}

/// Severities as the API names them, both ways.
fn severity_name(severity: Severity) -> &'static str {
    match severity {
        Severity::MajorOutage => "major_outage",
        Severity::Degraded => "degraded",
    }
}

fn parse_severity(name: Option<&str>) -> Result<Severity, ApiError> {
    match name {
        None | Some("major_outage") => Ok(Severity::MajorOutage),
        Some("degraded") => Ok(Severity::Degraded),
        Some(other) => Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_severity",
            format!("`{other}` is not major_outage or degraded"),
        )),
    }
}

/// An incident as the API shows it.
#[derive(Serialize)]
pub struct IncidentDto {
    id: u64,
    service: String,
    severity: &'static str,
    phase: &'static str,
    started_at: DateTime<Utc>,
    resolved_at: Option<DateTime<Utc>>,
    /// admin, api, alertmanager, monitor, crowd or probe.
    source: &'static str,
    /// The latest updates, oldest first.
    updates: Vec<UpdateDto>,
    /// Updates before those shown.
    earlier_updates: usize,
}

/// One entry of an incident's timeline.
#[derive(Serialize)]
struct UpdateDto {
    at: DateTime<Utc>,
    /// opened, severity_changed, updated or resolved.
    event: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    severity: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    phase: Option<&'static str>,
    /// One text per language code, `any` for text without a language marker.
    text: BTreeMap<String, String>,
}

impl UpdateDto {
    fn from_entry(entry: &TimelineEntry) -> UpdateDto {
        let (event, severity, phase) = match entry.event {
            IncidentEvent::Opened(s) => ("opened", Some(severity_name(s)), None),
            IncidentEvent::SeverityChanged(s) => ("severity_changed", Some(severity_name(s)), None),
            IncidentEvent::Updated(p) => ("updated", None, Some(p.key())),
            IncidentEvent::Resolved => ("resolved", None, None),
        };
        UpdateDto {
            at: entry.at,
            event,
            severity,
            phase,
            text: text_parts(&entry.text),
        }
    }
}

impl IncidentDto {
    /// The incident with at most `latest` of its updates (all with `None`).
    pub fn new(incident: &Incident, latest: Option<usize>) -> IncidentDto {
        let shown = latest.unwrap_or(usize::MAX).min(incident.timeline.len());
        let skipped = incident.timeline.len() - shown;
        IncidentDto {
            id: incident.id,
            service: incident.service.to_string(),
            severity: severity_name(incident.severity),
            phase: incident.phase.key(),
            started_at: incident.started_at,
            resolved_at: incident.resolved_at,
            source: incident.source.key(),
            updates: incident.timeline[skipped..]
                .iter()
                .map(UpdateDto::from_entry)
                .collect(),
            earlier_updates: skipped + incident.folded as usize,
        }
    }
}

/// What a write call answers: the incident and how many chats the notice goes to.
#[derive(Serialize)]
pub struct PostedDto {
    incident: IncidentDto,
    notifying: u64,
}

fn posted(status: StatusCode, posted: Posted) -> (StatusCode, Json<PostedDto>) {
    (
        status,
        Json(PostedDto {
            incident: IncidentDto::new(&posted.incident, None),
            notifying: posted.subscribers,
        }),
    )
}

pub async fn open(
    State(state): State<HttpState>,
    ApiJson(body): ApiJson<OpenBody>,
) -> Result<(StatusCode, Json<PostedDto>), ApiError> {
    let service = service_id(&state, &body.service)?;
    let severity = parse_severity(body.severity.as_deref())?;
    let text = body.text.parse()?;
    let done = state
        .desk
        .raise(&service, severity, text, Source::Api, None)
        .await
        .map_err(refusal)?;
    Ok(posted(StatusCode::CREATED, done))
}

pub async fn update(
    State(state): State<HttpState>,
    Path(typed): Path<String>,
    ApiJson(body): ApiJson<UpdateBody>,
) -> Result<(StatusCode, Json<PostedDto>), ApiError> {
    let service = service_id(&state, &typed)?;
    let phase = match body.phase.as_deref() {
        None => None,
        Some(word) => Some(Phase::parse_open(word).ok_or_else(|| {
            ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "invalid_phase",
                format!("`{word}` is not investigating, identified or monitoring"),
            )
        })?),
    };
    let text = body.text.parse()?;
    if phase.is_none() && text.is_empty() {
        return Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "empty_update",
            "an update needs a phase or a text",
        ));
    }
    let done = state
        .desk
        .update(&service, phase, text, Source::Api, None)
        .await
        .map_err(refusal)?;
    Ok(posted(StatusCode::OK, done))
}

pub async fn resolve(
    State(state): State<HttpState>,
    Path(typed): Path<String>,
    OptionalJson(body): OptionalJson<ResolveBody>,
) -> Result<(StatusCode, Json<PostedDto>), ApiError> {
    let service = service_id(&state, &typed)?;
    let text = body.text.parse()?;
    let done = state
        .desk
        .resolve(&service, text, Source::Api, None)
        .await
        .map_err(refusal)?;
    Ok(posted(StatusCode::OK, done))
}

/// One service in `GET /api/v1/status`.
#[derive(Serialize)]
struct ServiceDto {
    id: String,
    names: BTreeMap<String, String>,
    /// operational, degraded, major_outage, or maintenance (a window runs and no
    /// incident is open).
    state: &'static str,
    incident: Option<IncidentDto>,
    /// The maintenance window running now, else the next one planned.
    #[serde(skip_serializing_if = "Option::is_none")]
    maintenance: Option<super::maintenance_api::MaintenanceDto>,
    /// Incidents older than the history keeps, summed up (absent when there are none).
    #[serde(skip_serializing_if = "Option::is_none")]
    earlier: Option<EarlierDto>,
}

/// `history.keep_days` folds old incidents into this.
#[derive(Serialize)]
struct EarlierDto {
    incidents: u64,
    downtime_seconds: i64,
    since: chrono::DateTime<chrono::Utc>,
}

pub async fn status(State(state): State<HttpState>) -> Result<Json<Value>, ApiError> {
    let reading = |e| ApiError::internal(anyhow::Error::new(e).context("reading the status"));
    let mut earlier: BTreeMap<_, _> = state
        .store
        .past_incidents(None)
        .map_err(reading)?
        .into_iter()
        .collect();
    let now = state.maintenance.now();
    let windows = state.maintenance.active().map_err(ApiError::internal)?;
    let mut services = Vec::new();
    for service in state.config.catalog.iter() {
        let incident = state.store.open_incident(&service.id).map_err(reading)?;
        let window = windows.iter().find(|w| w.service == service.id);
        let under_maintenance = window.is_some_and(|w| w.holds_alarms_at(now));
        services.push(ServiceDto {
            id: service.id.to_string(),
            names: service
                .names
                .iter()
                .map(|(l, n)| (l.to_string(), n.clone()))
                .collect(),
            state: match &incident {
                Some(i) => severity_name(i.severity),
                None if under_maintenance => "maintenance",
                None => "operational",
            },
            maintenance: window.map(|w| super::maintenance_api::MaintenanceDto::new(w, now)),
            incident: incident
                .as_ref()
                .map(|i| IncidentDto::new(i, Some(STATUS_UPDATES))),
            earlier: earlier.remove(&service.id).map(|past| EarlierDto {
                incidents: past.count,
                downtime_seconds: past.downtime.num_seconds(),
                since: past.since,
            }),
        });
    }
    Ok(Json(json!({ "services": services })))
}

/// Liveness from heartbeats only: it never waits on the store. 503 with the reasons
/// when something is stuck.
pub async fn health(State(state): State<HttpState>) -> (StatusCode, Json<Value>) {
    let report = state.health.report();
    let status = if report.ok {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    let mut body = serde_json::to_value(&report).unwrap_or_default();
    body["status"] = json!(if report.ok { "ok" } else { "stuck" });
    (status, Json(body))
}
