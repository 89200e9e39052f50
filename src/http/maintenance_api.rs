//! Purpose: planned maintenance in the API (`/api/v1/maintenances…`): plan, list,
//! extend, cancel and end windows, with the same rules and notices as `/maintenance`.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::json::{ApiError, ApiJson};
use super::text::{TextBody, text_parts};
use super::{HttpState, service_id};
use crate::domain::Source;
use crate::domain::maintenance::{MaintenanceError, Window, furthest_ahead, longest, parse_length};
use crate::maintenance::{Changed, PlanError};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanBody {
    service: String,
    /// RFC 3339, with its offset: `2026-12-01T02:00:00+06:00`.
    starts: DateTime<chrono::FixedOffset>,
    /// `30m`, `3h`, `1h30m`, `2d`.
    duration: String,
    #[serde(default)]
    text: TextBody,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExtendBody {
    /// How much longer: `30m`, `1h`.
    by: String,
}

/// A window as the API shows it.
#[derive(Serialize)]
pub struct MaintenanceDto {
    id: u64,
    service: String,
    starts: DateTime<Utc>,
    ends: DateTime<Utc>,
    /// planned, running, completed, ended_early or cancelled.
    state: &'static str,
    /// One text per language code, `any` for text without a language marker.
    text: std::collections::BTreeMap<String, String>,
    /// Automatic alarms held back while it ran.
    held_alarms: u32,
}

impl MaintenanceDto {
    pub fn new(window: &Window, now: DateTime<Utc>) -> MaintenanceDto {
        MaintenanceDto {
            id: window.id,
            service: window.service.to_string(),
            starts: window.starts,
            ends: window.ends,
            // A window whose start the timer has not reached yet is running all the same.
            state: if window.holds_alarms_at(now) {
                "running"
            } else {
                window.state.key()
            },
            text: text_parts(&window.text),
            held_alarms: window.held,
        }
    }
}

/// What a write call answers: the window and how many chats its notice goes to.
#[derive(Serialize)]
pub struct ChangedDto {
    maintenance: MaintenanceDto,
    notifying: u64,
}

fn changed(state: &HttpState, status: StatusCode, c: Changed) -> (StatusCode, Json<ChangedDto>) {
    (
        status,
        Json(ChangedDto {
            maintenance: MaintenanceDto::new(&c.window, state.maintenance.now()),
            notifying: c.subscribers,
        }),
    )
}

fn duration(typed: &str, field: &str) -> Result<chrono::Duration, ApiError> {
    parse_length(typed).map_err(|_| {
        let shown = crate::domain::echo::echo(typed);
        ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_duration",
            format!("{field} `{shown}` is not a duration like 30m, 3h, 1h30m or 2d"),
        )
    })
}

/// Each refusal as an HTTP answer.
fn refusal(e: PlanError) -> ApiError {
    let rule = match e {
        PlanError::Rules(rule) => rule,
        PlanError::OutboxFull { pending, limit } => {
            return ApiError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "outbox_full",
                format!(
                    "{pending} broadcasts are waiting to go out (the cap is {limit}); try again shortly"
                ),
            );
        }
        PlanError::Internal(e) => return ApiError::internal(e),
    };
    let (status, code, message) = match rule {
        MaintenanceError::StartsInThePast => (
            StatusCode::UNPROCESSABLE_ENTITY,
            "starts_in_the_past",
            "the start has already passed".to_owned(),
        ),
        MaintenanceError::Empty => (
            StatusCode::UNPROCESSABLE_ENTITY,
            "empty_duration",
            "the duration must be longer than zero".to_owned(),
        ),
        MaintenanceError::TooLong => (
            StatusCode::UNPROCESSABLE_ENTITY,
            "too_long",
            format!(
                "a window lasts at most {} days, extensions included",
                longest().num_days()
            ),
        ),
        MaintenanceError::TooFarAhead => (
            StatusCode::UNPROCESSABLE_ENTITY,
            "too_far_ahead",
            format!(
                "a window starts at most a year ({} days) ahead",
                furthest_ahead().num_days()
            ),
        ),
        MaintenanceError::Overlaps(other) => (
            StatusCode::CONFLICT,
            "overlaps",
            format!(
                "{} already has maintenance {} from {} to {}",
                other.service, other.id, other.starts, other.ends
            ),
        ),
        MaintenanceError::Unknown(id) => (
            StatusCode::NOT_FOUND,
            "unknown_maintenance",
            format!("no maintenance {id}"),
        ),
        MaintenanceError::Over(w) => (
            StatusCode::CONFLICT,
            "over",
            format!("maintenance {} is already {}", w.id, w.state.key()),
        ),
        MaintenanceError::AlreadyStarted(w) => (
            StatusCode::CONFLICT,
            "already_started",
            format!(
                "maintenance {} is under way; end it with …/{}/done",
                w.id, w.id
            ),
        ),
        MaintenanceError::NotStarted(w) => (
            StatusCode::CONFLICT,
            "not_started",
            format!(
                "maintenance {} has not started; call it off with …/{}/cancel",
                w.id, w.id
            ),
        ),
    };
    ApiError::new(status, code, message)
}

pub async fn plan(
    State(state): State<HttpState>,
    ApiJson(body): ApiJson<PlanBody>,
) -> Result<(StatusCode, Json<ChangedDto>), ApiError> {
    let service = service_id(&state, &body.service)?;
    let length = duration(&body.duration, "duration")?;
    let text = body.text.parse()?;
    let done = state
        .maintenance
        .plan(
            &service,
            body.starts.with_timezone(&Utc),
            length,
            text,
            Source::Api,
            None,
        )
        .await
        .map_err(refusal)?;
    Ok(changed(&state, StatusCode::CREATED, done))
}

pub async fn list(State(state): State<HttpState>) -> Result<Json<serde_json::Value>, ApiError> {
    let now = state.maintenance.now();
    let windows = state.maintenance.active().map_err(ApiError::internal)?;
    let shown: Vec<MaintenanceDto> = windows
        .iter()
        .map(|w| MaintenanceDto::new(w, now))
        .collect();
    Ok(Json(serde_json::json!({ "maintenances": shown })))
}

pub async fn extend(
    State(state): State<HttpState>,
    Path(id): Path<u64>,
    ApiJson(body): ApiJson<ExtendBody>,
) -> Result<(StatusCode, Json<ChangedDto>), ApiError> {
    let by = duration(&body.by, "by")?;
    let done = state
        .maintenance
        .extend(id, by, None)
        .await
        .map_err(refusal)?;
    Ok(changed(&state, StatusCode::OK, done))
}

pub async fn cancel(
    State(state): State<HttpState>,
    Path(id): Path<u64>,
) -> Result<(StatusCode, Json<ChangedDto>), ApiError> {
    let done = state.maintenance.cancel(id, None).await.map_err(refusal)?;
    Ok(changed(&state, StatusCode::OK, done))
}

pub async fn done(
    State(state): State<HttpState>,
    Path(id): Path<u64>,
) -> Result<(StatusCode, Json<ChangedDto>), ApiError> {
    let done = state
        .maintenance
        .end_early(id, None)
        .await
        .map_err(refusal)?;
    Ok(changed(&state, StatusCode::OK, done))
}
