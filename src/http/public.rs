//! Purpose: the public surfaces on the HTTP listener, for anyone, with no token: the
//! status page (`/`, `/bn-BD`, `/bn-IN`, `/en`), an incident's page, the Atom feeds and
//! Statuspage-compatible JSON. Every answer comes from `PublicView`'s cache, with an
//! `ETag` (a reload that changes nothing costs a 304), `Last-Modified` and a short
//! `Cache-Control`.

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::HttpState;
use super::json::ApiError;
use crate::domain::Lang;
use crate::i18n::Msg;
use crate::public::{Document, MAX_AGE_SECONDS, Rendered};

/// The page's language from the path: one of the offered languages, spelled as the
/// switch spells it (any case).
fn offered(state: &HttpState, typed: &str) -> Option<Lang> {
    let wished = Lang::parse(typed)?;
    state
        .public
        .languages()
        .into_iter()
        .find(|l| *l == wished && l.code().eq_ignore_ascii_case(typed))
}

fn accept_language(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
}

/// The document for now: from the cache when it is ready, else read and rendered on
/// a blocking thread (a store read and a 500 KB render must not hold the async ones).
async fn fetch(
    state: &HttpState,
    document: Document,
    lang: Lang,
) -> Result<Option<Arc<Rendered>>, ApiError> {
    if let Some(ready) = state.public.ready(document, lang) {
        return Ok(Some(ready));
    }
    let public = state.public.clone();
    let failed = |e: anyhow::Error| ApiError::internal(e.context("reading the public snapshot"));
    tokio::task::spawn_blocking(move || public.document(document, lang))
        .await
        .map_err(|e| failed(anyhow::Error::new(e)))?
        .map_err(|e| failed(anyhow::Error::new(e)))
}

/// Serves a document, or 304 when the reader already holds this version.
async fn serve(
    state: &HttpState,
    document: Document,
    lang: Lang,
    headers: &HeaderMap,
    negotiated: bool,
) -> Response {
    match fetch(state, document, lang).await {
        Ok(Some(rendered)) => answer(&rendered, headers, negotiated),
        Ok(None) => not_found(state, lang),
        Err(e) => e.into_response(),
    }
}

/// Whether the reader takes gzip (`Accept-Encoding` names it, and not with `q=0`).
fn takes_gzip(headers: &HeaderMap) -> bool {
    headers
        .get(header::ACCEPT_ENCODING)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|accepted| {
            accepted.split(',').any(|coding| {
                let mut parts = coding.split(';').map(str::trim);
                let named = parts.next().is_some_and(|c| c.eq_ignore_ascii_case("gzip"));
                let refused = parts.any(|p| {
                    p.strip_prefix("q=")
                        .and_then(|q| q.parse::<f32>().ok())
                        .is_some_and(|q| q == 0.0)
                });
                named && !refused
            })
        })
}

fn answer(rendered: &Arc<Rendered>, headers: &HeaderMap, negotiated: bool) -> Response {
    let gzip = takes_gzip(headers);
    let etag = if gzip {
        rendered.gzipped_etag()
    } else {
        rendered.etag.clone()
    };
    let fresh = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        // Weak comparison, as If-None-Match asks: a proxy may have weakened the tag.
        .is_some_and(|tags| {
            tags.split(',')
                .map(|t| t.trim().trim_start_matches("W/"))
                .any(|t| t == etag || t == "*")
        });
    let mut response = if fresh {
        StatusCode::NOT_MODIFIED.into_response()
    } else if gzip {
        (
            [
                (header::CONTENT_TYPE, rendered.content_type),
                (header::CONTENT_ENCODING, "gzip"),
            ],
            rendered.gzipped.clone(),
        )
            .into_response()
    } else {
        (
            [(header::CONTENT_TYPE, rendered.content_type)],
            rendered.body.clone(),
        )
            .into_response()
    };
    let set = response.headers_mut();
    if let Ok(tag) = HeaderValue::from_str(&etag) {
        set.insert(header::ETAG, tag);
    }
    let modified = rendered
        .last_modified
        .format("%a, %d %b %Y %H:%M:%S GMT")
        .to_string();
    if let Ok(modified) = HeaderValue::from_str(&modified) {
        set.insert(header::LAST_MODIFIED, modified);
    }
    if let Ok(cache) = HeaderValue::from_str(&format!("public, max-age={MAX_AGE_SECONDS}")) {
        set.insert(header::CACHE_CONTROL, cache);
    }
    set.insert(
        header::VARY,
        HeaderValue::from_static(if negotiated {
            "Accept-Language, Accept-Encoding"
        } else {
            "Accept-Encoding"
        }),
    );
    response
}

/// A short page that says there is no such page, in the reader's language.
fn not_found(state: &HttpState, lang: Lang) -> Response {
    let i18n = state.public.i18n();
    let text = i18n.render(lang, &Msg::new("page-not-found"));
    let back = i18n.render(lang, &Msg::new("page-back"));
    let body = maud::html! {
        (maud::DOCTYPE)
        html lang=(lang.code()) {
            head { meta charset="utf-8"; meta name="viewport" content="width=device-width, initial-scale=1"; title { (text) } }
            body { p { (text) } p { a href=(format!("/{}", lang.code())) { (back) } } }
        }
    };
    (
        StatusCode::NOT_FOUND,
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        body.into_string(),
    )
        .into_response()
}

/// `/`: the page in the reader's language (`Accept-Language`).
pub async fn home(State(state): State<HttpState>, headers: HeaderMap) -> Response {
    let lang = state.public.negotiate(accept_language(&headers));
    serve(&state, Document::Page, lang, &headers, true).await
}

/// A document in the language the path names; a path that names no offered language
/// is not found.
async fn in_language(
    state: &HttpState,
    typed: &str,
    document: Document,
    headers: &HeaderMap,
) -> Response {
    match offered(state, typed) {
        Some(lang) => serve(state, document, lang, headers, false).await,
        None => not_found(state, state.public.negotiate(accept_language(headers))),
    }
}

/// `/{lang}`: the page in one language.
pub async fn home_in(
    State(state): State<HttpState>,
    Path(lang): Path<String>,
    headers: HeaderMap,
) -> Response {
    in_language(&state, &lang, Document::Page, &headers).await
}

/// `/incidents/{id}`: an incident's page in the reader's language.
pub async fn incident(
    State(state): State<HttpState>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Response {
    let lang = state.public.negotiate(accept_language(&headers));
    match id.parse() {
        Ok(id) => serve(&state, Document::Incident(id), lang, &headers, true).await,
        Err(_) => not_found(&state, lang),
    }
}

/// `/{lang}/incidents/{id}`.
pub async fn incident_in(
    State(state): State<HttpState>,
    Path((lang, id)): Path<(String, String)>,
    headers: HeaderMap,
) -> Response {
    match id.parse() {
        Ok(id) => in_language(&state, &lang, Document::Incident(id), &headers).await,
        Err(_) => not_found(&state, state.public.negotiate(accept_language(&headers))),
    }
}

/// `/{lang}/feed.atom`.
pub async fn feed(
    State(state): State<HttpState>,
    Path(lang): Path<String>,
    headers: HeaderMap,
) -> Response {
    in_language(&state, &lang, Document::Feed, &headers).await
}

/// The Statuspage documents, in the deployment's default language.
async fn statuspage(state: &HttpState, document: Document, headers: &HeaderMap) -> Response {
    let lang = state.public.i18n().default_lang();
    match fetch(state, document, lang).await {
        Ok(Some(rendered)) => answer(&rendered, headers, false),
        Ok(None) => {
            ApiError::new(StatusCode::NOT_FOUND, "not_found", "no such document").into_response()
        }
        Err(e) => e.into_response(),
    }
}

pub async fn status_json(State(state): State<HttpState>, headers: HeaderMap) -> Response {
    statuspage(&state, Document::Status, &headers).await
}

pub async fn summary_json(State(state): State<HttpState>, headers: HeaderMap) -> Response {
    statuspage(&state, Document::Summary, &headers).await
}

pub async fn incidents_json(State(state): State<HttpState>, headers: HeaderMap) -> Response {
    statuspage(&state, Document::Incidents, &headers).await
}

pub async fn maintenances_json(State(state): State<HttpState>, headers: HeaderMap) -> Response {
    statuspage(&state, Document::Maintenances, &headers).await
}
