//! The HTTP port survives abuse: sockets that never send a byte, headers a byte at a
//! time, half-sent HTTP/2 prefaces and every slot taken from many addresses — `/healthz`
//! still answers within a second, silent sockets are closed, and a method a route does
//! not take is a JSON 405 before any token is asked for.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpSocket, TcpStream};

use crate::support::{request, spawn_app_with};

const HTTP: &str = "[http]\nlisten = \"127.0.0.1:0\"\n";

/// A connection to `to` from the loopback address `from` (127.0.0.x).
async fn connect_from(from: [u8; 4], to: SocketAddr) -> Option<TcpStream> {
    let socket = TcpSocket::new_v4().ok()?;
    socket.bind(SocketAddr::from((from, 0))).ok()?;
    socket.connect(to).await.ok()
}

/// `/healthz` from 127.0.0.1, with how long it took; `None` if it did not answer in 3 s.
async fn healthz_took(addr: SocketAddr) -> Option<(u16, Duration)> {
    let asked = Instant::now();
    let (code, _) = tokio::time::timeout(
        Duration::from_secs(3),
        request(addr, "GET", "/healthz", None, b""),
    )
    .await
    .ok()?;
    Some((code, asked.elapsed()))
}

/// Whether the server has closed `stream` (after whatever it answered) within `within`.
async fn closed_within(stream: &mut TcpStream, within: Duration) -> bool {
    let mut answer = Vec::new();
    tokio::time::timeout(within, stream.read_to_end(&mut answer))
        .await
        .is_ok()
}

#[tokio::test(flavor = "multi_thread")]
async fn silent_sockets_and_slow_headers_do_not_take_the_port() {
    let app = spawn_app_with(HTTP).await;
    let addr = app.http.unwrap();
    // 300 silent sockets from one address, more than the whole listener holds.
    let mut silent = Vec::new();
    for _ in 0..300 {
        if let Some(stream) = connect_from([127, 0, 0, 2], addr).await {
            silent.push(stream);
        }
    }
    // Headers a byte at a time, and an HTTP/2 preface cut in the middle.
    let mut slow = connect_from([127, 0, 0, 3], addr).await.unwrap();
    slow.write_all(b"GET /hea").await.unwrap();
    let mut h2 = connect_from([127, 0, 0, 4], addr).await.unwrap();
    h2.write_all(b"PRI * HTTP/2.0\r\n\r\nSM").await.unwrap();
    for _ in 0..5 {
        let (code, took) = healthz_took(addr).await.expect("/healthz answers");
        assert_eq!(code, 200);
        assert!(took < Duration::from_secs(1), "/healthz took {took:?}");
    }
    // The silent, the slow and the half-sent are closed once the header deadline passes.
    let deadline = Duration::from_secs(8);
    assert!(closed_within(&mut slow, deadline).await, "slow headers");
    assert!(
        closed_within(&mut h2, deadline).await,
        "a cut HTTP/2 preface"
    );
    let mut open = 0;
    for stream in silent.iter_mut().take(20) {
        if !closed_within(stream, Duration::from_millis(200)).await {
            open += 1;
        }
    }
    assert_eq!(open, 0, "silent sockets still open");
}

#[tokio::test(flavor = "multi_thread")]
async fn with_every_slot_taken_from_many_addresses_healthz_still_answers() {
    let app = spawn_app_with(HTTP).await;
    let addr = app.http.unwrap();
    // 32 silent sockets from each of ten addresses fill the 256 ordinary slots.
    let mut silent = Vec::new();
    for host in 10..20u8 {
        for _ in 0..32 {
            if let Some(stream) = connect_from([127, 0, 0, host], addr).await {
                silent.push(stream);
            }
        }
    }
    // The reserved share took sixteen of them too, for the one second a reserved
    // connection has to send its request; then it is free for the health check.
    tokio::time::sleep(Duration::from_millis(1500)).await;
    for _ in 0..5 {
        let (code, took) = healthz_took(addr).await.expect("/healthz answers");
        assert_eq!(code, 200);
        assert!(took < Duration::from_secs(1), "/healthz took {took:?}");
    }
    // What is not kept for the health check is told to come back, in JSON.
    let (code, body) = request(addr, "GET", "/api/v1/status", None, b"").await;
    assert!(
        code == 503 || code == 200,
        "{code} {body}: answered, busy or not"
    );
    if code == 503 {
        assert_eq!(body["error"]["code"], "busy", "{body}");
    }
    drop(silent);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_get_on_a_write_route_is_a_json_405_before_the_token_is_asked_for() {
    let app = spawn_app_with(HTTP).await;
    let addr = app.http.unwrap();
    let (code, body) = request(addr, "GET", "/api/v1/incidents", None, b"").await;
    assert_eq!(code, 405, "{body}");
    assert_eq!(body["error"]["code"], "method_not_allowed", "{body}");
    let (code, _) = request(addr, "POST", "/api/v1/incidents", None, b"{}").await;
    assert_eq!(code, 401, "a POST still needs its token");
}
