//! The HTTP front end (optional, `[http] listen`): the incident API, monitoring
//! webhooks and `/healthz`. Write calls need `Authorization: Bearer $OUTAGE_BOT_API_TOKEN`.
//!
//! Errors are JSON, `{"error": {"code": "…", "message": "…"}}`, meant for the
//! developers wiring systems together (subscribers never see them).

mod api;
mod hooks;
mod json;
pub mod server;

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
use crate::desk::IncidentDesk;
use crate::health::Health;
use crate::store::Store;
pub use json::ApiError;

/// Largest request body accepted.
pub const MAX_BODY_BYTES: usize = 64 * 1024;

/// What the handlers share.
#[derive(Clone)]
pub struct HttpState {
    pub desk: IncidentDesk,
    pub store: Store,
    pub config: Arc<Config>,
    pub health: Arc<Health>,
}

pub fn router(state: HttpState) -> Router {
    let writes = Router::new()
        .route("/api/v1/incidents", post(api::open))
        .route("/api/v1/incidents/{service}/updates", post(api::update))
        .route("/api/v1/incidents/{service}/resolve", post(api::resolve))
        .route("/hooks/alertmanager", post(hooks::alertmanager))
        .route("/hooks/monitor", post(hooks::monitor))
        .route_layer(middleware::from_fn_with_state(state.clone(), require_token));
    Router::new()
        .route("/healthz", get(api::health))
        .route("/api/v1/status", get(api::status))
        .merge(writes)
        .fallback(|| async {
            ApiError::new(
                StatusCode::NOT_FOUND,
                "not_found",
                "no such endpoint; see openapi.yaml",
            )
        })
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .with_state(state)
}

/// Refuses write calls without the right bearer token, before anything is read.
async fn require_token(
    State(state): State<HttpState>,
    request: Request,
    next: Next,
) -> Result<Response, ApiError> {
    let Some(token) = &state.config.api_token else {
        return Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            "write calls are off: OUTAGE_BOT_API_TOKEN is not set on the server",
        ));
    };
    let presented = request
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or_default();
    if !token.matches(presented) {
        return Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            "missing or wrong bearer token",
        ));
    }
    Ok(next.run(request).await)
}

/// Serves until `shutdown` is cancelled (see `server.rs` for the limits on clients).
pub async fn serve(
    listener: TcpListener,
    state: HttpState,
    shutdown: CancellationToken,
) -> std::io::Result<()> {
    if let Ok(addr) = listener.local_addr() {
        tracing::info!(%addr, "HTTP API listening");
    }
    server::serve(listener, router(state), shutdown).await
}
