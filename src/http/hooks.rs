//! Purpose: monitoring webhooks. Prometheus Alertmanager (payload version 4) and the
//! monitors Uptime Kuma and Gatus open incidents when they see trouble and resolve them
//! when it clears. Repeats and grouped alerts are idempotent: one incident per service,
//! no duplicate notices. An incident a person opened is never closed by a webhook.

use std::collections::BTreeMap;

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Deserialize;
use serde_json::{Value, json};

use super::HttpState;
use super::api::{refusal, service};
use super::json::{ApiError, ApiJson};
use crate::desk::{DeskError, Posted};
use crate::domain::service::Lookup;
use crate::domain::{LocalizedText, ServiceId, Severity, Source};

/// What a webhook did to each service it named.
#[derive(Default)]
struct Outcome {
    opened: Vec<String>,
    resolved: Vec<String>,
    unchanged: Vec<String>,
    ignored: Vec<String>,
}

impl Outcome {
    fn json(self) -> Json<Value> {
        Json(
            json!({ "opened": self.opened, "resolved": self.resolved, "unchanged": self.unchanged, "ignored": self.ignored }),
        )
    }
}

/// Opens (or escalates) an incident unless one of that severity is already open.
async fn raise(
    state: &HttpState,
    service: &ServiceId,
    severity: Severity,
    text: LocalizedText,
    source: Source,
    outcome: &mut Outcome,
) -> Result<(), ApiError> {
    match state.desk.open(service, severity, text, source, None).await {
        Ok(Posted { .. }) => outcome.opened.push(service.to_string()),
        Err(DeskError::AlreadyOpen { .. }) => outcome.unchanged.push(service.to_string()),
        Err(e) => return Err(refusal(e)),
    }
    Ok(())
}

/// Resolves the open incident if an automatic intake opened it.
async fn clear(
    state: &HttpState,
    service: &ServiceId,
    text: LocalizedText,
    outcome: &mut Outcome,
) -> Result<(), ApiError> {
    let open = state
        .store
        .open_incident(service)
        .map_err(|e| ApiError::internal(e.into()))?;
    match open {
        Some(incident) if incident.source.closes_itself() => {
            match state.desk.resolve(service, text, None).await {
                Ok(_) => outcome.resolved.push(service.to_string()),
                Err(DeskError::NoOpenIncident { .. }) => {
                    outcome.unchanged.push(service.to_string())
                }
                Err(e) => return Err(refusal(e)),
            }
        }
        Some(_) => {
            tracing::info!(%service, "a webhook says it is back, but a person opened this incident; leaving it to them");
            outcome.unchanged.push(service.to_string());
        }
        None => outcome.unchanged.push(service.to_string()),
    }
    Ok(())
}

// --- Alertmanager ---------------------------------------------------------------------

#[derive(Deserialize)]
pub struct AlertmanagerPayload {
    version: String,
    alerts: Vec<Alert>,
}

#[derive(Deserialize)]
struct Alert {
    status: String,
    #[serde(default)]
    labels: BTreeMap<String, String>,
    #[serde(default)]
    annotations: BTreeMap<String, String>,
}

impl Alert {
    fn text(&self) -> LocalizedText {
        let summary = self
            .annotations
            .get("summary")
            .or_else(|| self.annotations.get("description"));
        LocalizedText::parse(summary.map(String::as_str).unwrap_or_default())
    }
}

pub async fn alertmanager(
    State(state): State<HttpState>,
    ApiJson(payload): ApiJson<AlertmanagerPayload>,
) -> Result<Json<Value>, ApiError> {
    if payload.version != "4" {
        return Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "unsupported_version",
            format!("payload version {} is not 4", payload.version),
        ));
    }
    let hooks = &state.config.hooks;
    // Alerts grouped by the service they name; one incident per service.
    let mut by_service: BTreeMap<ServiceId, Vec<&Alert>> = BTreeMap::new();
    let mut outcome = Outcome::default();
    for alert in &payload.alerts {
        let Some(named) = alert.labels.get(&hooks.service_label) else {
            outcome.ignored.push(format!(
                "an alert without a `{}` label",
                hooks.service_label
            ));
            continue;
        };
        match service(&state, named) {
            Ok(id) => by_service.entry(id).or_default().push(alert),
            Err(_) => outcome.ignored.push(named.clone()),
        }
    }
    for (service, alerts) in by_service {
        let firing: Vec<&&Alert> = alerts.iter().filter(|a| a.status == "firing").collect();
        if let Some(first) = firing.first() {
            let outage = firing.iter().any(|a| {
                a.labels.get(&hooks.severity_label).is_some_and(|s| {
                    matches!(
                        s.to_lowercase().as_str(),
                        "critical" | "page" | "major" | "emergency"
                    )
                })
            });
            let severity = if outage {
                Severity::MajorOutage
            } else {
                Severity::Degraded
            };
            raise(
                &state,
                &service,
                severity,
                first.text(),
                Source::Alertmanager,
                &mut outcome,
            )
            .await?;
        } else {
            clear(&state, &service, alerts[0].text(), &mut outcome).await?;
        }
    }
    Ok(outcome.json())
}

// --- Uptime Kuma and Gatus --------------------------------------------------------------

/// What a monitor said: which monitor, down or up, and why.
struct MonitorEvent {
    name: String,
    down: bool,
    message: String,
}

/// Reads Uptime Kuma's webhook body (`heartbeat.status` 0 = down, 1 = up; `monitor.name`),
/// Gatus's custom-alert default body (`{"text": "TRIGGERED: name - description"}`), or the
/// JSON body suggested in the README for Gatus (`endpoint`, `status`, `description`).
fn monitor_event(body: &Value) -> Option<MonitorEvent> {
    if let (Some(heartbeat), Some(monitor)) = (
        body.get("heartbeat").filter(|h| h.is_object()),
        body.get("monitor"),
    ) {
        let down = match heartbeat.get("status")?.as_i64()? {
            0 => true,
            1 => false,
            _ => return None, // pending or maintenance: nothing to tell subscribers yet
        };
        let message = heartbeat
            .get("msg")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned();
        return Some(MonitorEvent {
            name: monitor.get("name")?.as_str()?.to_owned(),
            down,
            message,
        });
    }
    if let (Some(name), Some(status)) = (
        body.get("endpoint").and_then(Value::as_str),
        body.get("status").and_then(Value::as_str),
    ) {
        let message = body
            .get("description")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned();
        return Some(MonitorEvent {
            name: name.to_owned(),
            down: status.eq_ignore_ascii_case("TRIGGERED"),
            message,
        });
    }
    let text = body.get("text")?.as_str()?;
    let (status, rest) = text.split_once(": ")?;
    let down = match status {
        "TRIGGERED" => true,
        "RESOLVED" => false,
        _ => return None,
    };
    let (name, message) = rest.split_once(" - ").unwrap_or((rest, ""));
    Some(MonitorEvent {
        name: name.trim().to_owned(),
        down,
        message: message.trim().to_owned(),
    })
}

pub async fn monitor(
    State(state): State<HttpState>,
    ApiJson(body): ApiJson<Value>,
) -> Result<Json<Value>, ApiError> {
    let event = monitor_event(&body).ok_or_else(|| {
        ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "unknown_payload",
            "not an Uptime Kuma or Gatus webhook body (see the README)",
        )
    })?;
    let mut outcome = Outcome::default();
    let mapped = state.config.hooks.monitors.get(&event.name).cloned();
    let service = match mapped {
        Some(id) => id,
        None => match state.config.catalog.lookup(&event.name) {
            Lookup::Found(s) => s.id.clone(),
            Lookup::Unknown { .. } => {
                outcome.ignored.push(event.name);
                return Ok(outcome.json());
            }
        },
    };
    let text = LocalizedText::parse(&event.message);
    if event.down {
        raise(
            &state,
            &service,
            Severity::MajorOutage,
            text,
            Source::Monitor,
            &mut outcome,
        )
        .await?;
    } else {
        clear(&state, &service, text, &mut outcome).await?;
    }
    Ok(outcome.json())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uptime_kuma_bodies_are_read() {
        let down = json!({"heartbeat": {"status": 0, "msg": "timeout"}, "monitor": {"name": "WhatsApp"}, "msg": "[WhatsApp] [🔴 Down] timeout"});
        let e = monitor_event(&down).unwrap();
        assert_eq!(
            (e.name.as_str(), e.down, e.message.as_str()),
            ("WhatsApp", true, "timeout")
        );
        let up = json!({"heartbeat": {"status": 1, "msg": "OK"}, "monitor": {"name": "WhatsApp"}});
        assert!(!monitor_event(&up).unwrap().down);
        let pending = json!({"heartbeat": {"status": 2}, "monitor": {"name": "WhatsApp"}});
        assert!(monitor_event(&pending).is_none());
        let test_notification = json!({"heartbeat": null, "monitor": null, "msg": "Testing"});
        assert!(monitor_event(&test_notification).is_none());
    }

    #[test]
    fn gatus_bodies_are_read() {
        let default_body =
            json!({"text": "TRIGGERED: bkash - healthcheck failed 3 time(s) in a row"});
        let e = monitor_event(&default_body).unwrap();
        assert_eq!(
            (e.name.as_str(), e.down, e.message.as_str()),
            ("bkash", true, "healthcheck failed 3 time(s) in a row")
        );
        let suggested = json!({"endpoint": "bkash", "status": "RESOLVED", "description": "ok"});
        assert!(!monitor_event(&suggested).unwrap().down);
        assert!(monitor_event(&json!({"text": "hello"})).is_none());
    }
}
