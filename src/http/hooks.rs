//! Purpose: monitoring webhooks, translated into what the incident desk understands.
//! Prometheus Alertmanager (payload version 4): every alert is an alarm, by fingerprint,
//! and a service is down while any of its alerts fires and back when all are resolved.
//! Uptime Kuma and Gatus: each monitor is an alarm, by name. The desk decides what may
//! change (a machine never closes or lowers a person's incident); the answer says, per
//! service, what happened and why. A status this bot does not know changes nothing: 422.

use std::collections::BTreeMap;

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::json::{ApiError, ApiJson};
use super::{HttpState, service_id};
use crate::desk::{AlarmChange, Class, DeskError, Outcome, Posted, Retry};
use crate::domain::notice_text::public_words;
use crate::domain::service::Lookup;
use crate::domain::{Alarm, ServiceId, Severity, Source};

/// What a webhook did to each service it named.
#[derive(Default, Serialize)]
pub struct Answer {
    opened: Vec<String>,
    updated: Vec<String>,
    resolved: Vec<String>,
    unchanged: Vec<String>,
    /// Services the desk would not change, and why.
    refused: Vec<Refused>,
    /// Names this bot does not know (no such service, no service label).
    ignored: Vec<String>,
    /// Set when a refusal's reason passes (the outbox drains, the machines' rate window
    /// moves on): the sender is asked, with 503 and `Retry-After`, to post again then.
    /// What it said is kept meanwhile, and weighed again on its own (`reconcile`).
    #[serde(skip_serializing_if = "Option::is_none")]
    retry_after_seconds: Option<u64>,
}

#[derive(Serialize)]
struct Refused {
    service: String,
    /// The desk's stable code (`refused`, `rate_limited`, …), as the API answers.
    code: &'static str,
    reason: String,
}

impl axum::response::IntoResponse for Answer {
    fn into_response(self) -> axum::response::Response {
        match self.retry_after_seconds {
            Some(seconds) => (
                StatusCode::SERVICE_UNAVAILABLE,
                [(axum::http::header::RETRY_AFTER, seconds.to_string())],
                Json(self),
            )
                .into_response(),
            None => Json(self).into_response(),
        }
    }
}

impl Answer {
    /// Records what the desk did with one service's alarms.
    fn record(
        &mut self,
        state: &HttpState,
        service: &ServiceId,
        result: Result<Posted, DeskError>,
    ) -> Result<(), ApiError> {
        let name = service.to_string();
        let refused = match result {
            Ok(posted) => {
                match posted.outcome() {
                    Outcome::Opened => self.opened.push(name),
                    Outcome::Updated => self.updated.push(name),
                    Outcome::Resolved => self.resolved.push(name),
                }
                return Ok(());
            }
            Err(e) => e,
        };
        match refused.class() {
            Class::Unchanged => self.unchanged.push(name),
            Class::Internal => {
                return Err(ApiError::internal(
                    anyhow::Error::new(refused).context("weighing a webhook's alarms"),
                ));
            }
            Class::Refused | Class::Transient => {
                if let Some(msg) = refused.admin_notice() {
                    state.messenger.tell_admins(&msg);
                }
                if let Retry::After(wait) = refused.retry() {
                    let seconds = wait.as_secs().max(1);
                    self.retry_after_seconds =
                        Some(self.retry_after_seconds.unwrap_or(0).max(seconds));
                }
                tracing::info!(%service, reason = %refused, "a webhook's change was refused");
                self.refused.push(Refused {
                    service: name,
                    code: refused.code(),
                    reason: refused.to_string(),
                });
            }
        }
        Ok(())
    }
}

fn invalid_status(what: &str, allowed: &str) -> ApiError {
    let shown = crate::domain::echo::echo(what);
    ApiError::new(
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid_status",
        format!("status `{shown}` is not {allowed}; nothing was changed"),
    )
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
    /// Alertmanager's identity of the alert; older senders may leave it out.
    #[serde(default)]
    fingerprint: Option<String>,
}

impl Alert {
    /// Its identity: Alertmanager's fingerprint, else its labels (which is what the
    /// fingerprint is a hash of).
    fn id(&self) -> String {
        match &self.fingerprint {
            Some(fingerprint) if !fingerprint.is_empty() => fingerprint.clone(),
            _ => self
                .labels
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect::<Vec<_>>()
                .join(","),
        }
    }

    /// What subscribers may read of it: its `public_summary`, else (with
    /// `hooks.public_text`) its summary or description; links and addresses taken out.
    fn public_text(&self, hooks: &crate::config::HooksConfig) -> String {
        let written_for_them = self.annotations.get("public_summary");
        let said = written_for_them.or_else(|| {
            hooks
                .public_text
                .then(|| {
                    self.annotations
                        .get("summary")
                        .or_else(|| self.annotations.get("description"))
                })
                .flatten()
        });
        said.map(|text| public_words(text)).unwrap_or_default()
    }
}

pub async fn alertmanager(
    State(state): State<HttpState>,
    ApiJson(payload): ApiJson<AlertmanagerPayload>,
) -> Result<Answer, ApiError> {
    if payload.version != "4" {
        return Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "unsupported_version",
            format!("payload version {} is not 4", payload.version),
        ));
    }
    // Every alert is read before anything changes: one odd status refuses them all.
    if let Some(odd) = payload
        .alerts
        .iter()
        .find(|a| a.status != "firing" && a.status != "resolved")
    {
        return Err(invalid_status(&odd.status, "`firing` or `resolved`"));
    }
    let hooks = &state.config.hooks;
    let mut by_service: BTreeMap<ServiceId, Vec<AlarmChange>> = BTreeMap::new();
    let mut outcome = Answer::default();
    for alert in &payload.alerts {
        let Some(named) = alert.labels.get(&hooks.service_label) else {
            outcome.ignored.push(format!(
                "an alert without a `{}` label",
                hooks.service_label
            ));
            continue;
        };
        let Ok(service) = service_id(&state, named) else {
            outcome.ignored.push(named.clone());
            continue;
        };
        let outage = alert.labels.get(&hooks.severity_label).is_some_and(|s| {
            matches!(
                s.to_lowercase().as_str(),
                "critical" | "page" | "major" | "emergency"
            )
        });
        let firing = (alert.status == "firing").then(|| {
            let severity = if outage {
                Severity::MajorOutage
            } else {
                Severity::Degraded
            };
            Alarm::new(severity, &alert.public_text(hooks))
        });
        by_service.entry(service).or_default().push(AlarmChange {
            id: alert.id(),
            firing,
        });
    }
    for (service, changes) in by_service {
        let result = state
            .desk
            .alarms(&service, Source::Alertmanager, changes)
            .await;
        outcome.record(&state, &service, result)?;
    }
    Ok(outcome)
}

// --- Uptime Kuma and Gatus --------------------------------------------------------------

/// What a monitor said: which monitor, down or up, and why.
#[derive(Debug)]
struct MonitorEvent {
    name: String,
    down: bool,
    message: String,
}

/// Reads Uptime Kuma's webhook body (`heartbeat.status` 0 = down, 1 = up; `monitor.name`),
/// Gatus's custom-alert default body (`{"text": "TRIGGERED: name - description"}`), or the
/// JSON body suggested in the README for Gatus (`endpoint`, `status`, `description`).
/// `Ok(None)`: not a body this bot knows; `Err`: a known body with a status it does not.
fn monitor_event(body: &Value) -> Result<Option<MonitorEvent>, ApiError> {
    if let (Some(heartbeat), Some(monitor)) = (
        body.get("heartbeat").filter(|h| h.is_object()),
        body.get("monitor").filter(|m| m.is_object()),
    ) {
        let status = heartbeat.get("status").cloned().unwrap_or(Value::Null);
        let down = match status.as_i64() {
            Some(0) => true,
            Some(1) => false,
            // 2 is pending, 3 maintenance: neither tells subscribers anything yet.
            _ => return Err(invalid_status(&status.to_string(), "0 (down) or 1 (up)")),
        };
        let Some(name) = monitor.get("name").and_then(Value::as_str) else {
            return Ok(None);
        };
        let message = heartbeat
            .get("msg")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned();
        return Ok(Some(MonitorEvent {
            name: name.to_owned(),
            down,
            message,
        }));
    }
    let gatus = |status: &str| match status {
        "TRIGGERED" => Ok(true),
        "RESOLVED" => Ok(false),
        other => Err(invalid_status(other, "`TRIGGERED` or `RESOLVED`")),
    };
    if let (Some(name), Some(status)) = (
        body.get("endpoint").and_then(Value::as_str),
        body.get("status").and_then(Value::as_str),
    ) {
        let message = body
            .get("description")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned();
        return Ok(Some(MonitorEvent {
            name: name.to_owned(),
            down: gatus(status)?,
            message,
        }));
    }
    let Some(text) = body.get("text").and_then(Value::as_str) else {
        return Ok(None);
    };
    let Some((status, rest)) = text.split_once(": ") else {
        return Ok(None);
    };
    let (name, message) = rest.split_once(" - ").unwrap_or((rest, ""));
    Ok(Some(MonitorEvent {
        name: name.trim().to_owned(),
        down: gatus(status)?,
        message: message.trim().to_owned(),
    }))
}

pub async fn monitor(
    State(state): State<HttpState>,
    ApiJson(body): ApiJson<Value>,
) -> Result<Answer, ApiError> {
    let event = monitor_event(&body)?.ok_or_else(|| {
        ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "unknown_payload",
            "not an Uptime Kuma or Gatus webhook body (see the README)",
        )
    })?;
    let mut outcome = Answer::default();
    let mapped = state.config.hooks.monitors.get(&event.name).cloned();
    let service = match mapped {
        Some(id) => id,
        None => match state.config.catalog.lookup(&event.name) {
            Lookup::Found(s) => s.id.clone(),
            Lookup::Unknown { .. } => {
                outcome.ignored.push(event.name);
                return Ok(outcome);
            }
        },
    };
    let change = AlarmChange {
        firing: event.down.then(|| {
            let said = if state.config.hooks.public_text {
                public_words(&event.message)
            } else {
                String::new()
            };
            Alarm::new(Severity::MajorOutage, &said)
        }),
        id: event.name,
    };
    let result = state
        .desk
        .alarms(&service, Source::Monitor, vec![change])
        .await;
    outcome.record(&state, &service, result)?;
    Ok(outcome)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn read(body: Value) -> MonitorEvent {
        monitor_event(&body).unwrap().unwrap()
    }

    #[test]
    fn uptime_kuma_bodies_are_read() {
        let down = json!({"heartbeat": {"status": 0, "msg": "timeout"}, "monitor": {"name": "WhatsApp"}, "msg": "[WhatsApp] [🔴 Down] timeout"});
        let e = read(down);
        assert_eq!(
            (e.name.as_str(), e.down, e.message.as_str()),
            ("WhatsApp", true, "timeout")
        );
        let up = json!({"heartbeat": {"status": 1, "msg": "OK"}, "monitor": {"name": "WhatsApp"}});
        assert!(!read(up).down);
        let test_notification = json!({"heartbeat": null, "monitor": null, "msg": "Testing"});
        assert!(monitor_event(&test_notification).unwrap().is_none());
    }

    #[test]
    fn statuses_this_bot_does_not_know_are_refused() {
        for body in [
            json!({"heartbeat": {"status": 2}, "monitor": {"name": "WhatsApp"}}),
            json!({"heartbeat": {"status": "down"}, "monitor": {"name": "WhatsApp"}}),
            json!({"endpoint": "bkash", "status": "still failing"}),
            json!({"endpoint": "bkash", "status": "resolved"}),
            json!({"text": "Firing: bkash - broken"}),
        ] {
            assert!(monitor_event(&body).is_err(), "{body}");
        }
    }

    #[test]
    fn gatus_bodies_are_read() {
        let e = read(json!({"text": "TRIGGERED: bkash - healthcheck failed 3 time(s) in a row"}));
        assert_eq!(
            (e.name.as_str(), e.down, e.message.as_str()),
            ("bkash", true, "healthcheck failed 3 time(s) in a row")
        );
        let suggested = json!({"endpoint": "bkash", "status": "RESOLVED", "description": "ok"});
        assert!(!read(suggested).down);
        assert!(monitor_event(&json!({"text": "hello"})).unwrap().is_none());
    }

    mod generated {
        use proptest::prelude::*;
        use serde_json::{Value, json};

        use super::super::monitor_event;
        use crate::domain::notice_text::public_words;

        /// Any JSON value, a few levels deep, with the keys the hooks look for among
        /// others, so the parsers meet their own shapes half-broken.
        fn any_json() -> impl Strategy<Value = Value> {
            let key = prop_oneof![
                Just("heartbeat".to_owned()),
                Just("monitor".to_owned()),
                Just("status".to_owned()),
                Just("name".to_owned()),
                Just("msg".to_owned()),
                Just("text".to_owned()),
                Just("endpoint".to_owned()),
                Just("description".to_owned()),
                Just("alerts".to_owned()),
                Just("version".to_owned()),
                "\\PC{0,8}",
            ];
            let leaf = prop_oneof![
                Just(Value::Null),
                any::<bool>().prop_map(Value::from),
                any::<i64>().prop_map(Value::from),
                any::<f64>().prop_map(|f| json!(f)),
                "\\PC{0,40}".prop_map(Value::from),
                prop_oneof![
                    Just("TRIGGERED: x - y"),
                    Just("RESOLVED: "),
                    Just(": - "),
                    Just("4"),
                    Just("firing"),
                ]
                .prop_map(Value::from),
            ];
            leaf.prop_recursive(4, 48, 6, move |inner| {
                prop_oneof![
                    prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
                    prop::collection::btree_map(key.clone(), inner, 0..6)
                        .prop_map(|m| Value::Object(m.into_iter().collect())),
                ]
            })
        }

        fn strings_of(value: &Value, out: &mut Vec<String>) {
            match value {
                Value::String(s) => out.push(s.clone()),
                Value::Array(items) => items.iter().for_each(|v| strings_of(v, out)),
                Value::Object(map) => map.values().for_each(|v| strings_of(v, out)),
                _ => {}
            }
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(2000))]

            /// Whatever a monitor posts, the parser answers (read, refused, or not
            /// ours); it never panics, and what it reads names a monitor.
            #[test]
            fn any_monitor_body_is_read_refused_or_passed_over(body in any_json()) {
                if let Ok(Some(event)) = monitor_event(&body) {
                    // What it read, it read from the body: a name and a message each
                    // taken from one of the body's strings.
                    let mut strings = Vec::new();
                    strings_of(&body, &mut strings);
                    prop_assert!(strings.iter().any(|s| s.contains(&event.name)), "{:?} from {}", event.name, body);
                    prop_assert!(strings.iter().any(|s| s.contains(&event.message)), "{:?} from {}", event.message, body);
                }
            }

            /// A Kuma or Gatus body built as each tool builds it reads back as written.
            #[test]
            fn bodies_as_the_tools_write_them_read_back(
                name in "[A-Za-z0-9_][A-Za-z0-9_ .-]{0,30}[A-Za-z0-9_]",
                message in "[^\\s]{0,10}( [^\\s]{1,10}){0,5}",
                down in any::<bool>(),
            ) {
                let kuma = json!({"heartbeat": {"status": if down { 0 } else { 1 }, "msg": message}, "monitor": {"name": name}});
                let e = monitor_event(&kuma).unwrap().unwrap();
                prop_assert_eq!((&e.name, e.down, &e.message), (&name, down, &message));
                prop_assume!(!name.contains(" - ") && !name.contains(": "));
                let status = if down { "TRIGGERED" } else { "RESOLVED" };
                let gatus = json!({"text": format!("{status}: {name} - {message}")});
                let e = monitor_event(&gatus).unwrap().unwrap();
                prop_assert_eq!((e.name.as_str(), e.down, e.message.as_str()), (name.trim(), down, message.trim()));
            }

            /// No link, address or query survives `public_words`, wherever it sits in
            /// the text and whatever surrounds it.
            #[test]
            fn what_reaches_the_public_holds_no_link_address_or_query(
                before in "\\PC{0,30}",
                after in "\\PC{0,30}",
                private in prop_oneof![
                    "https?://[a-z0-9.-]{1,20}(/[a-z0-9]{0,8})?",
                    "(25[0-5]|1[0-9]{2}|[1-9]?[0-9])(\\.(25[0-5]|1[0-9]{2}|[1-9]?[0-9])){3}(:[0-9]{1,5})?",
                    "[a-z]{1,8}\\?[a-z]{1,8}=[a-zA-Z0-9]{1,16}",
                    "fe80::[0-9a-f]{1,4}",
                ],
                wrap in prop_oneof![Just(("", "")), Just(("(", ")")), Just(("<", ">.")), Just(("\"", "\","))],
            ) {
                let text = format!("{before} {}{private}{} {after}", wrap.0, wrap.1);
                let public = public_words(&text);
                prop_assert!(!public.contains(&private), "{:?} kept {:?}", public, private);
            }
        }
    }
}
