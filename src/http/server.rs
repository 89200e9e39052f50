//! Serving the HTTP listener connection by connection, so that no client can hold the
//! bot up: headers must arrive within `HEADER_READ_TIMEOUT` (hyper), a request must be
//! answered within `REQUEST_TIMEOUT` (tower-http, 408), at most `MAX_CONNECTIONS` are
//! open at once (more are closed at once), and at shutdown open connections get
//! `SHUTDOWN_GRACE` to finish before they are dropped.

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::Request;
use axum::http::StatusCode;
use hyper::body::Incoming;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto::Builder;
use hyper_util::server::graceful::GracefulShutdown;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tokio::task::JoinSet;
use tokio_util::sync::CancellationToken;
use tower::Service;
use tower_http::timeout::TimeoutLayer;

/// A client that has not sent its request headers by then is disconnected.
pub const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(5);
/// A request not answered by then gets 408.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(15);
/// Connections open at once; more are closed as soon as they are accepted.
pub const MAX_CONNECTIONS: usize = 256;
/// At shutdown, how long open connections may take to finish.
pub const SHUTDOWN_GRACE: Duration = Duration::from_secs(3);

/// Serves `router` on `listener` until `shutdown`, then lets open connections finish
/// for at most `SHUTDOWN_GRACE`.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    shutdown: CancellationToken,
) -> std::io::Result<()> {
    let router = router.layer(TimeoutLayer::with_status_code(
        StatusCode::REQUEST_TIMEOUT,
        REQUEST_TIMEOUT,
    ));
    let mut builder = Builder::new(TokioExecutor::new());
    builder
        .http1()
        .timer(TokioTimer::new())
        .header_read_timeout(HEADER_READ_TIMEOUT);
    let builder = Arc::new(builder);
    let graceful = GracefulShutdown::new();
    let slots = Arc::new(Semaphore::new(MAX_CONNECTIONS));
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
        let Ok(slot) = slots.clone().try_acquire_owned() else {
            tracing::warn!(%peer, "too many HTTP connections; closing this one");
            drop(socket);
            continue;
        };
        let service = router.clone();
        let hyper_service = hyper::service::service_fn(move |request: Request<Incoming>| {
            service.clone().call(request)
        });
        let connection = builder
            .serve_connection_with_upgrades(TokioIo::new(socket), hyper_service)
            .into_owned();
        let connection = graceful.watch(connection);
        connections.spawn(async move {
            if let Err(e) = connection.await {
                tracing::debug!(error = %e, %peer, "an HTTP connection ended with an error");
            }
            drop(slot);
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
