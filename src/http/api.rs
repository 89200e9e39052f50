//! Purpose: the incident API (`/api/v1/…`) and `/healthz`.

use std::collections::BTreeMap;

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde::Deserialize;
use serde_json::{Value, json};

use super::HttpState;
use super::json::{ApiError, ApiJson, OptionalJson};
use crate::desk::{self, DeskError, Posted};
use crate::domain::service::Lookup;
use crate::domain::{Incident, Lang, LocalizedText, Phase, ServiceId, Severity, Source};

/// Free text: a string (with optional `[en] … [bn] …` markers) or one string per language.
#[derive(Deserialize, Default)]
#[serde(untagged)]
pub enum TextBody {
    #[default]
    None,
    Plain(String),
    PerLanguage(BTreeMap<String, String>),
}

impl TextBody {
    pub fn parse(self) -> Result<LocalizedText, ApiError> {
        let text = match self {
            TextBody::None => LocalizedText::default(),
            TextBody::Plain(text) => LocalizedText::parse(&text),
            TextBody::PerLanguage(parts) => {
                let mut out = Vec::new();
                for (code, text) in parts {
                    let lang = Lang::parse(&code).ok_or_else(|| {
                        ApiError::new(
                            StatusCode::UNPROCESSABLE_ENTITY,
                            "invalid_language",
                            format!("`{code}` is not a language code"),
                        )
                    })?;
                    out.push((Some(lang), text));
                }
                LocalizedText::from_parts(out)
            }
        };
        desk::fits(text).map_err(refusal)
    }
}

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

/// Finds a service by id or display name, or answers 404 with a suggestion.
pub fn service(state: &HttpState, typed: &str) -> Result<ServiceId, ApiError> {
    match state.config.catalog.lookup(typed) {
        Lookup::Found(s) => Ok(s.id.clone()),
        Lookup::Unknown { suggestion } => {
            let hint = suggestion
                .map(|s| format!("; did you mean `{s}`?"))
                .unwrap_or_default();
            let shown: String = typed.chars().take(40).collect();
            Err(ApiError::new(
                StatusCode::NOT_FOUND,
                "unknown_service",
                format!("no service `{shown}`{hint}"),
            ))
        }
    }
}

/// The desk's refusals as HTTP answers.
pub fn refusal(e: DeskError) -> ApiError {
    match e {
        DeskError::AlreadyOpen { service, since } => ApiError::new(
            StatusCode::CONFLICT,
            "already_open",
            format!("{service} has had an open incident of that severity since {since}"),
        ),
        DeskError::NoOpenIncident { service } => ApiError::new(
            StatusCode::CONFLICT,
            "no_open_incident",
            format!("{service} has no open incident"),
        ),
        DeskError::TextTooLong { length, limit } => ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "text_too_long",
            format!("a text part is {length} characters; the limit is {limit}"),
        ),
        DeskError::Internal(e) => ApiError::internal(e),
    }
}

pub fn severity_key(severity: Severity) -> &'static str {
    match severity {
        Severity::MajorOutage => "major_outage",
        Severity::Degraded => "degraded",
    }
}

fn source_key(source: Source) -> &'static str {
    match source {
        Source::Admin(_) => "admin",
        Source::Api => "api",
        Source::Alertmanager => "alertmanager",
        Source::Monitor => "monitor",
        Source::Crowd(_) => "crowd",
        Source::Probe => "probe",
    }
}

fn text_json(text: &LocalizedText) -> Value {
    let parts: BTreeMap<String, &str> = text
        .parts()
        .map(|(lang, t)| {
            (
                lang.map(|l| l.to_string()).unwrap_or_else(|| "any".into()),
                t,
            )
        })
        .collect();
    json!(parts)
}

pub fn incident_json(incident: &Incident) -> Value {
    json!({
        "id": incident.id,
        "service": incident.service,
        "severity": severity_key(incident.severity),
        "phase": incident.phase.key(),
        "started_at": incident.started_at,
        "resolved_at": incident.resolved_at,
        "source": source_key(incident.source),
        "updates": incident.timeline.iter().map(|e| json!({ "at": e.at, "event": format!("{:?}", e.event), "text": text_json(&e.text) })).collect::<Vec<_>>(),
    })
}

fn posted(status: StatusCode, posted: Posted) -> (StatusCode, Json<Value>) {
    (
        status,
        Json(
            json!({ "incident": incident_json(&posted.incident), "notifying": posted.subscribers }),
        ),
    )
}

pub async fn open(
    State(state): State<HttpState>,
    ApiJson(body): ApiJson<OpenBody>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let service = service(&state, &body.service)?;
    let severity = match body.severity.as_deref() {
        None | Some("major_outage") => Severity::MajorOutage,
        Some("degraded") => Severity::Degraded,
        Some(other) => {
            return Err(ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "invalid_severity",
                format!("`{other}` is not major_outage or degraded"),
            ));
        }
    };
    let text = body.text.parse()?;
    let done = state
        .desk
        .open(&service, severity, text, Source::Api, None)
        .await
        .map_err(refusal)?;
    Ok(posted(StatusCode::CREATED, done))
}

pub async fn update(
    State(state): State<HttpState>,
    Path(typed): Path<String>,
    ApiJson(body): ApiJson<UpdateBody>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let service = service(&state, &typed)?;
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
        .update(&service, phase, text, None)
        .await
        .map_err(refusal)?;
    Ok(posted(StatusCode::OK, done))
}

pub async fn resolve(
    State(state): State<HttpState>,
    Path(typed): Path<String>,
    OptionalJson(body): OptionalJson<ResolveBody>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let service = service(&state, &typed)?;
    let text = body.text.parse()?;
    let done = state
        .desk
        .resolve(&service, text, None)
        .await
        .map_err(refusal)?;
    Ok(posted(StatusCode::OK, done))
}

pub async fn status(State(state): State<HttpState>) -> Result<Json<Value>, ApiError> {
    let mut services = Vec::new();
    for service in state.config.catalog.iter() {
        let incident = state
            .store
            .open_incident(&service.id)
            .map_err(|e| ApiError::internal(e.into()))?;
        let names: BTreeMap<String, &str> = service
            .names
            .iter()
            .map(|(l, n)| (l.to_string(), n.as_str()))
            .collect();
        services.push(json!({
            "id": service.id,
            "names": names,
            "state": incident.as_ref().map(|i| severity_key(i.severity)).unwrap_or("operational"),
            "incident": incident.as_ref().map(incident_json),
        }));
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
