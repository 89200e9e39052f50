//! Serving the HTTP listener connection by connection, so that no client can hold the
//! bot up:
//! - HTTP/1.1 only (Telegram's webhook, Alertmanager, Uptime Kuma, Gatus, Prometheus and
//!   the health check all speak it; nothing needs HTTP/2, whose preface is refused), so
//!   hyper's header deadline runs from the moment a connection opens and again while a
//!   kept-alive one waits: a socket that sends nothing, or its headers a byte at a time,
//!   is closed after `HEADER_READ_TIMEOUT`;
//! - a request must be answered within `REQUEST_TIMEOUT` (tower-http, 408);
//! - at most `MAX_CONNECTIONS` are open at once and `MAX_PER_PEER` from one address;
//! - past the first cap, `RESERVED` more are taken for what must answer even then —
//!   `/healthz` and Telegram's webhook — with a one-second header deadline and one
//!   request each; anything else asked on them gets 503;
//! - at shutdown open connections get `SHUTDOWN_GRACE` to finish before they are dropped.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::extract::Request;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use tokio::net::TcpListener;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tokio::task::JoinSet;
use tokio_util::sync::CancellationToken;
use tower::Service;
use tower_http::timeout::TimeoutLayer;

use super::ApiError;

/// A client that has not sent its request headers by then is disconnected.
pub const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(5);
/// The same on a reserved connection, which must be quick to be worth keeping.
pub const RESERVED_HEADER_READ_TIMEOUT: Duration = Duration::from_secs(1);
/// A request not answered by then gets 408.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(15);
/// Connections open at once before the reserved share is used.
pub const MAX_CONNECTIONS: usize = 256;
/// Connections kept for `/healthz` and Telegram's webhook when the others are taken.
pub const RESERVED: usize = 16;
/// Connections one address may hold at once.
pub const MAX_PER_PEER: usize = 32;
/// At shutdown, how long open connections may take to finish.
pub const SHUTDOWN_GRACE: Duration = Duration::from_secs(3);

/// Connections open per address; a place is given back when dropped.
#[derive(Clone, Default)]
struct Peers(Arc<Mutex<HashMap<IpAddr, usize>>>);

struct PeerPlace {
    peers: Peers,
    address: IpAddr,
}

impl Peers {
    fn enter(&self, address: IpAddr) -> Option<PeerPlace> {
        let mut open = self.0.lock().unwrap_or_else(|p| p.into_inner());
        let count = open.entry(address).or_insert(0);
        if *count >= MAX_PER_PEER {
            return None;
        }
        *count += 1;
        Some(PeerPlace {
            peers: self.clone(),
            address,
        })
    }
}

impl Drop for PeerPlace {
    fn drop(&mut self) {
        let mut open = self.peers.0.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(count) = open.get_mut(&self.address) {
            *count -= 1;
            if *count == 0 {
                open.remove(&self.address);
            }
        }
    }
}

/// Serves `router` on `listener` until `shutdown`, then lets open connections finish
/// for at most `SHUTDOWN_GRACE`. `reserved_paths` are answered on the reserved share.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    reserved_paths: Vec<String>,
    shutdown: CancellationToken,
) -> std::io::Result<()> {
    let router = router.layer(TimeoutLayer::with_status_code(
        StatusCode::REQUEST_TIMEOUT,
        REQUEST_TIMEOUT,
    ));
    let reserved_paths = Arc::new(reserved_paths);
    let graceful = GracefulShutdown::new();
    let slots = Arc::new(Semaphore::new(MAX_CONNECTIONS));
    let reserve = Arc::new(Semaphore::new(RESERVED));
    let peers = Peers::default();
    let mut connections = JoinSet::new();
    loop {
        let (socket, peer) = tokio::select! {
            _ = shutdown.cancelled() => break,
            Some(_) = connections.join_next(), if !connections.is_empty() => continue,
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(e) => {
                    // Out of file descriptors and the like: wait a moment, keep serving.
                    tracing::warn!(error = %e, "cannot accept an HTTP connection");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
        };
        let Some(place) = peers.enter(peer.ip()) else {
            tracing::debug!(%peer, "too many HTTP connections from one address; closing this one");
            continue;
        };
        let (slot, reserved): (OwnedSemaphorePermit, bool) = match slots.clone().try_acquire_owned()
        {
            Ok(slot) => (slot, false),
            Err(_) => match reserve.clone().try_acquire_owned() {
                Ok(slot) => (slot, true),
                Err(_) => {
                    tracing::warn!(%peer, "too many HTTP connections; closing this one");
                    continue;
                }
            },
        };
        let service = router.clone();
        let paths = reserved_paths.clone();
        let hyper_service = hyper::service::service_fn(move |mut request: Request<Incoming>| {
            let mut service = service.clone();
            // Who is calling, for limits kept per client (`POST /api/v1/reports`).
            request
                .extensions_mut()
                .insert(axum::extract::ConnectInfo(peer));
            let allowed = !reserved || paths.iter().any(|p| p == request.uri().path());
            async move {
                if allowed {
                    service.call(request).await
                } else {
                    Ok(ApiError::new(
                        StatusCode::SERVICE_UNAVAILABLE,
                        "busy",
                        "every connection is taken; try again shortly",
                    )
                    .into_response())
                }
            }
        });
        let mut builder = http1::Builder::new();
        builder
            .timer(TokioTimer::new())
            .header_read_timeout(if reserved {
                RESERVED_HEADER_READ_TIMEOUT
            } else {
                HEADER_READ_TIMEOUT
            });
        if reserved {
            builder.keep_alive(false);
        }
        let connection = builder.serve_connection(TokioIo::new(socket), hyper_service);
        let connection = graceful.watch(connection);
        connections.spawn(async move {
            if let Err(e) = connection.await {
                tracing::debug!(error = %e, %peer, "an HTTP connection ended with an error");
            }
            drop(slot);
            drop(place);
        });
    }
    drop(listener);
    if tokio::time::timeout(SHUTDOWN_GRACE, graceful.shutdown())
        .await
        .is_err()
    {
        tracing::warn!("HTTP connections still open at shutdown; closing them");
    }
    connections.abort_all();
    while connections.join_next().await.is_some() {}
    Ok(())
}
