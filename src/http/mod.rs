//! The HTTP front end (optional, `[http] listen`): the incident API, monitoring
//! webhooks and `/healthz`. Write calls need `Authorization: Bearer $OUTAGE_BOT_API_TOKEN`.
//!
//! Errors are JSON, `{"error": {"code": "…", "message": "…"}}`, meant for the
//! developers wiring systems together (subscribers never see them).

mod api;
mod hooks;
mod json;
mod maintenance_api;
mod public;
mod reports_api;
pub mod server;
mod text;
pub(crate) mod write_guard;

use std::sync::Arc;

use axum::Router;
use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::{StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::routing::{get, post};
use tokio::net::TcpListener;
use tokio_util::sync::CancellationToken;

use crate::config::Config;
use crate::delivery::messenger::Messenger;
use crate::desk::{DeskError, IncidentDesk};
use crate::domain::ServiceId;
use crate::domain::service::Lookup;
use crate::health::Health;
use crate::metrics::Metrics;
use crate::store::Store;
pub use json::ApiError;
pub use reports_api::ClientLimits;

/// Largest request body accepted by the API.
pub const MAX_BODY_BYTES: usize = 64 * 1024;
/// Largest webhook body: Alertmanager groups can be large (100 alerts are ~73 KB).
pub const MAX_HOOK_BODY_BYTES: usize = 1024 * 1024;

/// What the handlers share.
#[derive(Clone)]
pub struct HttpState {
    pub desk: IncidentDesk,
    pub maintenance: crate::maintenance::Maintenance,
    pub store: Store,
    pub config: Arc<Config>,
    pub health: Arc<Health>,
    pub metrics: Arc<Metrics>,
    /// Tells the admins what they should know (a monitor held back for flooding).
    pub messenger: Messenger,
    /// Refused calls are logged one in a while, not each.
    pub refusals_logged: Arc<LogSampler>,
    /// The `Idempotency-Key`s of write calls seen lately, with their answers.
    pub write_keys: Arc<write_guard::Keys>,
    /// The status page, feeds and Statuspage JSON, rendered from a cached snapshot.
    pub public: crate::public::PublicView,
    /// For the admins' alert when a website's reports surge.
    pub i18n: crate::i18n::I18n,
    /// Crowd reports posted per client address, a minute at a time.
    pub report_limits: Arc<ClientLimits>,
}

pub fn router(state: HttpState) -> Router {
    let api = Router::new()
        .route("/api/v1/incidents", post(api::open))
        .route("/api/v1/incidents/{service}/updates", post(api::update))
        .route("/api/v1/incidents/{service}/resolve", post(api::resolve))
        .route("/api/v1/maintenances", post(maintenance_api::plan))
        .route("/api/v1/reports", post(reports_api::add))
        .route(
            "/api/v1/maintenances/{id}/extend",
            post(maintenance_api::extend),
        )
        .route(
            "/api/v1/maintenances/{id}/cancel",
            post(maintenance_api::cancel),
        )
        .route(
            "/api/v1/maintenances/{id}/done",
            post(maintenance_api::done),
        )
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES));
    let hooks = Router::new()
        .route("/hooks/alertmanager", post(hooks::alertmanager))
        .route("/hooks/monitor", post(hooks::monitor))
        .layer(DefaultBodyLimit::max(MAX_HOOK_BODY_BYTES));
    // The token is checked before any body is read, then the guard: once per
    // Idempotency-Key, and a truthful answer within its deadline.
    let writes = api
        .merge(hooks)
        .route_layer(middleware::from_fn_with_state(
            state.clone(),
            write_guard::guard,
        ))
        .route_layer(middleware::from_fn_with_state(state.clone(), require_token));
    Router::new()
        .route("/healthz", get(api::health))
        .route("/metrics", get(metrics))
        .route("/api/v1/status", get(api::status))
        .route("/api/v1/maintenances", get(maintenance_api::list))
        .route("/api/v1/reports", get(reports_api::list))
        .route("/", get(public::home))
        .route("/{lang}", get(public::home_in))
        .route("/incidents/{id}", get(public::incident))
        .route("/{lang}/incidents/{id}", get(public::incident_in))
        .route("/{lang}/feed.atom", get(public::feed))
        .route("/api/v2/status.json", get(public::status_json))
        .route("/api/v2/summary.json", get(public::summary_json))
        .route("/api/v2/incidents.json", get(public::incidents_json))
        .route(
            "/api/v2/scheduled-maintenances.json",
            get(public::maintenances_json),
        )
        .merge(writes)
        .fallback(|| async {
            ApiError::new(
                StatusCode::NOT_FOUND,
                "not_found",
                "no such endpoint; see openapi.yaml",
            )
        })
        .method_not_allowed_fallback(|| async {
            ApiError::new(
                StatusCode::METHOD_NOT_ALLOWED,
                "method_not_allowed",
                "this endpoint does not take that method; see openapi.yaml",
            )
        })
        .with_state(state)
}

/// Finds a service by id or display name, or answers 404 with a suggestion.
fn service_id(state: &HttpState, typed: &str) -> Result<ServiceId, ApiError> {
    match state.config.catalog.lookup(typed) {
        Lookup::Found(s) => Ok(s.id.clone()),
        Lookup::Unknown { suggestion } => {
            let hint = suggestion
                .map(|s| format!("; did you mean `{}`?", s.id))
                .unwrap_or_default();
            let shown = crate::domain::echo::echo(typed);
            Err(ApiError::new(
                StatusCode::NOT_FOUND,
                "unknown_service",
                format!("no service `{shown}`{hint}"),
            ))
        }
    }
}

/// Each of the desk's refusals as an HTTP answer.
fn refusal(e: DeskError) -> ApiError {
    let status = match &e {
        DeskError::AlreadyOpen { .. }
        | DeskError::NoOpenIncident { .. }
        | DeskError::NothingFiring { .. }
        | DeskError::Refused { .. }
        | DeskError::HeldForMaintenance { .. } => StatusCode::CONFLICT,
        DeskError::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
        DeskError::OutboxFull { .. } => StatusCode::SERVICE_UNAVAILABLE,
        DeskError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
    };
    match e {
        DeskError::Internal(e) => ApiError::internal(e),
        e => ApiError::new(status, e.code(), e.to_string()),
    }
}

/// Which token a write call presented, by name (the log says which, never its value).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Caller {
    /// `OUTAGE_BOT_API_TOKEN`: a person's powers.
    Api,
    /// `OUTAGE_BOT_HOOK_TOKEN`: a monitor's webhook, and nothing else.
    Hooks,
    /// `OUTAGE_BOT_REPORTS_TOKEN`: a website's crowd reports, and nothing else.
    Reports,
}

impl Caller {
    fn name(self) -> &'static str {
        match self {
            Caller::Api => "api",
            Caller::Hooks => "hooks",
            Caller::Reports => "reports",
        }
    }
}

/// How often a refused call is logged at most (past it, they are counted in
/// `/metrics` only): a scanner must not fill the log.
const REFUSALS_LOGGED_EVERY: std::time::Duration = std::time::Duration::from_secs(10);

/// Refuses write calls without a token that may make them, before anything is read:
/// the API token anywhere, the hook token on `/hooks/` only. A call with a method the
/// route does not take is left to the router's 405.
async fn require_token(
    State(state): State<HttpState>,
    mut request: Request,
    next: Next,
) -> Result<Response, ApiError> {
    if request.method() != axum::http::Method::POST {
        return Ok(next.run(request).await);
    }
    let tokens = &state.config.tokens;
    if tokens.api.is_none() && tokens.reports.is_none() {
        return Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            "write calls are off: OUTAGE_BOT_API_TOKEN is not set on the server",
        ));
    }
    let presented = request
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(bearer_token)
        .unwrap_or_default();
    let hook_route = request.uri().path().starts_with("/hooks/");
    let reports_route = request.uri().path() == "/api/v1/reports";
    let holds = |token: &Option<crate::secret::ApiToken>| {
        token.as_ref().is_some_and(|t| t.matches(presented))
    };
    let caller = if holds(&tokens.api) {
        Some(Caller::Api)
    } else if holds(&tokens.hooks) {
        Some(Caller::Hooks)
    } else if holds(&tokens.reports) {
        Some(Caller::Reports)
    } else {
        None
    };
    let refusal = match caller {
        Some(Caller::Hooks) if !hook_route => Some((
            StatusCode::FORBIDDEN,
            "forbidden",
            "the hook token may only post monitoring webhooks",
        )),
        Some(Caller::Reports) if !reports_route => Some((
            StatusCode::FORBIDDEN,
            "forbidden",
            "the reports token may only post crowd reports",
        )),
        Some(_) => None,
        None => Some((
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            "missing or wrong bearer token",
        )),
    };
    if let Some((status, code, message)) = refusal {
        state.metrics.api_auth_failed();
        if state.refusals_logged.allow() {
            // Who tried and what, never the token they presented.
            tracing::warn!(
                method = %request.method(),
                path = request.uri().path(),
                presented = match caller {
                    Some(caller) => caller.name(),
                    None if presented.is_empty() => "nothing",
                    None => "a wrong token",
                },
                reason = message,
                "an HTTP write call was refused: missing or wrong bearer token, or one that may not make it (more in the next 10 s are counted, not logged)"
            );
        }
        return Err(ApiError::new(status, code, message));
    }
    let caller = caller.expect("refused above when none");
    tracing::info!(
        token = caller.name(),
        path = request.uri().path(),
        "an HTTP write call"
    );
    request.extensions_mut().insert(caller);
    Ok(next.run(request).await)
}

/// At most one log line per `REFUSALS_LOGGED_EVERY`.
#[derive(Default)]
pub struct LogSampler {
    /// When the last line was written. A std mutex, never held across an await.
    last: std::sync::Mutex<Option<std::time::Instant>>,
}

impl LogSampler {
    fn allow(&self) -> bool {
        let mut last = self.last.lock().unwrap_or_else(|p| p.into_inner());
        let now = std::time::Instant::now();
        if last.is_some_and(|at| now.duration_since(at) < REFUSALS_LOGGED_EVERY) {
            return false;
        }
        *last = Some(now);
        true
    }
}

/// `GET /metrics`: the Prometheus exposition (OpenMetrics text); with
/// `OUTAGE_BOT_METRICS_TOKEN` set, only for a scraper that presents it.
async fn metrics(State(state): State<HttpState>, headers: axum::http::HeaderMap) -> Response {
    if let Some(token) = &state.config.tokens.metrics {
        let presented = headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(bearer_token)
            .unwrap_or_default();
        if !token.matches(presented) {
            state.metrics.api_auth_failed();
            return axum::response::IntoResponse::into_response(ApiError::new(
                StatusCode::UNAUTHORIZED,
                "unauthorized",
                "missing or wrong bearer token for /metrics",
            ));
        }
    }
    // Reading the store for the gauges is blocking work.
    let metrics = state.metrics.clone();
    let body = tokio::task::spawn_blocking(move || metrics.render())
        .await
        .unwrap_or_default();
    Response::builder()
        .header(
            header::CONTENT_TYPE,
            "application/openmetrics-text; version=1.0.0; charset=utf-8",
        )
        .body(body.into())
        .unwrap_or_default()
}

/// The token of an `Authorization: Bearer …` header; the scheme is case-insensitive
/// (RFC 9110), so `bearer` and `BEARER` work too.
fn bearer_token(header: &str) -> Option<&str> {
    let (scheme, token) = header.trim().split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then_some(token.trim())
}

/// Serves until `shutdown` is cancelled (see `server.rs` for the limits on clients).
/// `also` is served beside the API: Telegram's webhook route, in webhook mode.
pub async fn serve(
    listener: TcpListener,
    state: HttpState,
    also: Option<Router>,
    shutdown: CancellationToken,
) -> std::io::Result<()> {
    if let Ok(addr) = listener.local_addr() {
        tracing::info!(%addr, "HTTP API listening");
    }
    // What must answer even when every other connection is taken: the health check,
    // and in webhook mode Telegram's own posts.
    let mut reserved = vec!["/healthz".to_owned()];
    if let Some(url) = &state.config.webhook_url {
        reserved.push(url.path().to_owned());
    }
    let app = match also {
        Some(extra) => router(state).merge(extra),
        None => router(state),
    };
    server::serve(listener, app, reserved, shutdown).await
}
