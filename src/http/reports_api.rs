//! Crowd reports over HTTP: `GET /api/v1/reports?service=…&hours=…` gives the counts by
//! 5-minute bucket, network and area (no one's id, no chat), and `POST /api/v1/reports`
//! lets a website's "not working for me" button feed the same counts, with its own token
//! (`OUTAGE_BOT_REPORTS_TOKEN`) and a limit per client address.

use std::net::{IpAddr, SocketAddr};
use std::num::NonZeroU32;

use axum::Json;
use axum::extract::{ConnectInfo, FromRequest, RawQuery, Request, State};
use axum::http::StatusCode;
use chrono::{Duration, SecondsFormat};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use serde::Deserialize;
use serde_json::{Value, json};

use super::json::{ApiError, ApiJson};
use super::{HttpState, service_id};
use crate::domain::report::BUCKET_SECS;
use crate::domain::{PlaceKind, ReportOutcome, ReportPlace};
use crate::store::Reporter;

/// The longest look back `GET` gives (the counts are kept two days).
const MOST_HOURS: i64 = 48;
/// Addresses remembered before the forgotten ones are dropped.
const CLIENTS_KEPT: usize = 10_000;

/// Reports accepted per client address: a burst of a minute's worth, then the pace.
pub struct ClientLimits(DefaultKeyedRateLimiter<IpAddr>);

impl ClientLimits {
    pub fn new(per_minute: u32) -> ClientLimits {
        let per_minute = NonZeroU32::new(per_minute).unwrap_or(NonZeroU32::MIN);
        ClientLimits(RateLimiter::keyed(Quota::per_minute(per_minute)))
    }

    /// Whether `client` may post one more now.
    fn allow(&self, client: IpAddr) -> bool {
        if self.0.len() > CLIENTS_KEPT {
            self.0.retain_recent();
        }
        self.0.check_key(&client).is_ok()
    }
}

pub async fn list(
    State(state): State<HttpState>,
    RawQuery(query): RawQuery,
) -> Result<Json<Value>, ApiError> {
    let mut service = None;
    let mut hours = 2;
    for (key, value) in url::form_urlencoded::parse(query.unwrap_or_default().as_bytes()) {
        match key.as_ref() {
            "service" => service = Some(value.into_owned()),
            "hours" => {
                hours = value
                    .parse::<i64>()
                    .ok()
                    .filter(|h| (1..=MOST_HOURS).contains(h))
                    .ok_or_else(|| {
                        ApiError::new(
                            StatusCode::BAD_REQUEST,
                            "bad_hours",
                            format!("hours must be a whole number from 1 to {MOST_HOURS}"),
                        )
                    })?
            }
            _ => {}
        }
    }
    let typed = service.ok_or_else(|| {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            "missing_service",
            "name a service: ?service=whatsapp",
        )
    })?;
    let service = service_id(&state, &typed)?;
    let now = state.maintenance.now();
    let from = now - Duration::hours(hours);
    let buckets = state
        .store
        .report_buckets(&service, from)
        .map_err(|e| ApiError::internal(anyhow::Error::new(e).context("reading reports")))?;
    let mut by_network = serde_json::Map::new();
    let mut by_area = serde_json::Map::new();
    let mut total = 0u64;
    let time = |t: chrono::DateTime<chrono::Utc>| t.to_rfc3339_opts(SecondsFormat::Secs, true);
    let rows: Vec<Value> = buckets
        .iter()
        .map(|b| {
            total += u64::from(b.count);
            for (map, id) in [
                (&mut by_network, &b.place.network),
                (&mut by_area, &b.place.area),
            ] {
                let key = id.clone().unwrap_or_else(|| "unsaid".to_owned());
                let was = map.get(&key).and_then(Value::as_u64).unwrap_or(0);
                map.insert(key, json!(was + u64::from(b.count)));
            }
            json!({
                "start": time(b.starts_at()),
                "network": b.place.network,
                "area": b.place.area,
                "count": b.count,
            })
        })
        .collect();
    Ok(Json(json!({
        "service": service.as_str(),
        "bucket_minutes": BUCKET_SECS / 60,
        "from": time(from),
        "to": time(now),
        "total": total,
        "by_network": by_network,
        "by_area": by_area,
        "buckets": rows,
    })))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewReport {
    service: String,
    network: Option<String>,
    area: Option<String>,
}

pub async fn add(
    State(state): State<HttpState>,
    request: Request,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let client = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(peer)| peer.ip());
    if let Some(client) = client
        && !state.report_limits.allow(client)
    {
        return Err(ApiError::new(
            StatusCode::TOO_MANY_REQUESTS,
            "rate_limited",
            format!(
                "at most {} reports a minute from one address",
                state.config.reports_per_client_per_minute
            ),
        ));
    }
    let ApiJson(body) = ApiJson::<NewReport>::from_request(request, &state).await?;
    let service = service_id(&state, &body.service)?;
    let places = &state.config.report_places;
    for (kind, id) in [
        (PlaceKind::Network, &body.network),
        (PlaceKind::Area, &body.area),
    ] {
        if let Some(id) = id
            && !places.knows(kind, id)
        {
            return Err(ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "unknown_place",
                format!("no {} `{}`", kind.code(), crate::domain::echo::echo(id)),
            ));
        }
    }
    let now = state.maintenance.now();
    let place = ReportPlace {
        network: body.network,
        area: body.area,
    };
    let recorded = state
        .store
        .record_report(&service, Reporter::Web(place), now, &state.config.reports)
        .await
        .map_err(|e| ApiError::internal(anyhow::Error::new(e).context("recording a report")))?;
    let (reporters, alerted) = match recorded.outcome {
        ReportOutcome::Alert { reporters } => (reporters, true),
        ReportOutcome::Counted { reporters } => (reporters, false),
        // A website's reports are not told apart by who made them.
        ReportOutcome::AlreadyCounted => (0, false),
    };
    if alerted {
        tracing::warn!(service = %service, reporters, "crowd reports crossed the threshold (API)");
        let replies = crate::crowd::alert_admins(
            &state.store,
            &state.config,
            &state.i18n,
            &service,
            reporters,
            recorded.usual,
            now,
        )
        .await
        .map_err(ApiError::internal)?;
        state.messenger.send(replies);
    }
    Ok((
        StatusCode::ACCEPTED,
        Json(json!({
            "service": service.as_str(),
            "reporters_in_window": reporters,
            "admins_alerted": alerted,
        })),
    ))
}
