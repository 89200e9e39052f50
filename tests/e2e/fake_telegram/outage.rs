//! Telegram's bad minutes and its distance: an outage that hits every method alike (an
//! answer such as a JSON 502 or an HTML page, connections cut, calls that hang), and the
//! latency of each call. Serving is done connection by connection with hyper, so a cut
//! connection is really cut: the client gets no answer at all.

use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use hyper::body::Incoming;
use hyper_util::rt::{TokioExecutor, TokioIo};
use tower::ServiceExt;

use super::{Failure, Inner};

/// How Telegram fails for everyone while an outage lasts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outage {
    /// Every call gets this answer: a JSON 5xx, an HTML error page, a 429...
    Answer(Failure),
    /// Every connection is cut as a request arrives, before any answer.
    Reset,
    /// Every call is taken (a send is applied) but answered only after `hold` — past
    /// the client's timeout, so the client never hears.
    Hang { hold: Duration },
}

/// How long each call takes: Telegram acts on it `before` after it was sent (where its
/// limits count it) and answers `after` that.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Latency {
    pub before: Duration,
    pub after: Duration,
}

/// What the fake's sky is like now.
#[derive(Default)]
pub(super) struct Weather {
    pub(super) outage: Option<Outage>,
    pub(super) latency: Latency,
    /// Calls failed, cut or held by an outage.
    pub(super) failed_calls: u64,
    /// Chats whose send was applied during a `Hang` and never answered in time.
    pub(super) applied_unanswered: Vec<i64>,
    /// How long `getChatAdministrators` takes, and how many were asked.
    pub(super) admin_lookup: Duration,
    pub(super) admin_lookups: usize,
}

/// A connection cut on purpose (the error makes hyper drop it without an answer).
#[derive(Debug)]
struct Cut;

impl std::fmt::Display for Cut {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("connection cut by the fake's outage")
    }
}

impl std::error::Error for Cut {}

/// Serves `app` on `listener`, cutting connections while the outage is `Reset`.
pub(super) async fn serve(listener: tokio::net::TcpListener, app: axum::Router, inner: Arc<Inner>) {
    loop {
        let Ok((stream, _)) = listener.accept().await else {
            continue;
        };
        let (app, inner) = (app.clone(), inner.clone());
        tokio::spawn(async move {
            let service = hyper::service::service_fn(move |request: hyper::Request<Incoming>| {
                let app = app.clone();
                let cut = {
                    let mut weather = inner.weather();
                    let cut = weather.outage == Some(Outage::Reset);
                    if cut {
                        weather.failed_calls += 1;
                    }
                    cut
                };
                async move {
                    if cut {
                        return Err(Cut);
                    }
                    let answer: Result<_, Infallible> = app.oneshot(request.map(Body::new)).await;
                    Ok(answer.unwrap_or_else(|never| match never {}))
                }
            });
            let _ = hyper_util::server::conn::auto::Builder::new(TokioExecutor::new())
                .serve_connection(TokioIo::new(stream), service)
                .await;
        });
    }
}
