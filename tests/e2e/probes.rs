//! The bot's own probes against a local HTTP server that goes down and comes back:
//! thresholds honoured, subscribers told once each way, a muted probe silent, and an
//! incident a person opened left to that person.

use std::sync::atomic::Ordering;

use crate::fake_telegram::FakeTelegram;
use crate::support::{ADMIN, probed_bkash, spawn_app_with, texts_containing};

#[tokio::test(flavor = "multi_thread")]
async fn a_probe_opens_and_resolves_and_a_muted_probe_stays_silent() {
    let (healthy, config) =
        probed_bkash("", "fail_after = 3\nrecover_after = 2\nflap_limit = 10").await;
    let app = spawn_app_with(&config).await;
    let rahim = FakeTelegram::user(2, "Rahim", Some("bn"));
    app.expect_reply(&rahim, "/subscribe bkash", "এখন থেকে বিকাশের খবর পাবেন")
        .await;

    healthy.store(false, Ordering::SeqCst);
    app.probe_rounds(3).await;
    app.wait_for_text(2, "বিকাশের সেবা বন্ধ", 1).await;
    healthy.store(true, Ordering::SeqCst);
    app.probe_rounds(2).await;
    app.wait_for_text(2, "আবার চালু হলো বিকাশ", 1).await;
    let admin = FakeTelegram::user(ADMIN, "Admin", Some("en"));
    app.expect_reply(&admin, "/history", "automatic check (probe)")
        .await;

    // Muted: a failure opens nothing.
    app.expect_reply(&admin, "/mute bkash", "are paused").await;
    healthy.store(false, Ordering::SeqCst);
    app.probe_rounds(8).await;
    app.expect_reply(&rahim, "/status bkash", "স্বাভাবিকভাবে চলছে")
        .await;
    app.expect_reply(&admin, "/unmute bkash", "are back on")
        .await;
    app.probe_rounds(3).await;
    app.wait_for_text(2, "বিকাশের সেবা বন্ধ", 2).await;

    // An incident an admin opened is not closed by the probe seeing the service back.
    healthy.store(true, Ordering::SeqCst);
    app.probe_rounds(2).await;
    app.wait_for_text(2, "আবার চালু হলো বিকাশ", 2).await;
    app.expect_reply(&admin, "/mute bkash", "are paused").await;
    healthy.store(false, Ordering::SeqCst);
    app.expect_reply(
        &admin,
        "/down bkash Card payments fail",
        "Sending to the one chat",
    )
    .await;
    app.expect_reply(&admin, "/unmute bkash", "are back on")
        .await;
    app.probe_rounds(8).await;
    healthy.store(true, Ordering::SeqCst);
    app.probe_rounds(8).await;
    app.expect_reply(&admin, "/status bkash", "bKash: down")
        .await;
    app.settle().await;
    assert_eq!(
        texts_containing(&app.fake, 2, "আবার চালু হলো বিকাশ"),
        2,
        "no third 'back' notice"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_flapping_service_is_reported_to_the_admins_not_to_every_subscriber() {
    let (healthy, config) =
        probed_bkash("", "fail_after = 1\nrecover_after = 1\nflap_limit = 2").await;
    let app = spawn_app_with(&config).await;
    let admin = FakeTelegram::user(ADMIN, "Admin", Some("en"));
    let john = FakeTelegram::user(3, "John", Some("en"));
    app.expect_reply(&admin, "/start", "Hello").await;
    app.expect_reply(&john, "/subscribe bkash", "Subscribed")
        .await;
    for round in 0..4 {
        healthy.store(false, Ordering::SeqCst);
        app.probe_rounds(1).await;
        if round == 0 {
            app.wait_for_text(3, "bKash is down", 1).await;
        }
        healthy.store(true, Ordering::SeqCst);
        app.probe_rounds(1).await;
        if round == 0 {
            app.wait_for_text(3, "bKash is back", 1).await;
        }
    }
    app.settle().await;
    assert_eq!(
        texts_containing(&app.fake, ADMIN, "bKash keeps going down and coming back"),
        1,
        "told once per window"
    );
    // The first outage reached subscribers; once it flapped, the next ones were held back.
    assert_eq!(texts_containing(&app.fake, 3, "bKash is down"), 1);
    assert_eq!(texts_containing(&app.fake, 3, "bKash is back"), 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_flap_that_ends_down_gets_its_incident_and_a_restart_keeps_the_probe_in_charge() {
    let (healthy, config) = probed_bkash(
        "",
        "fail_after = 1\nrecover_after = 1\nflap_limit = 2\nflap_window_minutes = 5",
    )
    .await;
    let mut app = spawn_app_with(&config).await;
    let john = FakeTelegram::user(3, "John", Some("en"));
    app.expect_reply(&john, "/subscribe bkash", "Subscribed")
        .await;
    // Down, up, down (each told before the next): the third change is flapping, held
    // back from subscribers — and then it stays down.
    for (healthy_now, told) in [
        (false, Some("bKash is down")),
        (true, Some("bKash is back")),
        (false, None),
    ] {
        healthy.store(healthy_now, Ordering::SeqCst);
        app.probe_rounds(1).await;
        if let Some(told) = told {
            app.wait_for_text(3, told, 1).await;
        }
    }
    app.settle().await;
    assert_eq!(
        texts_containing(&app.fake, 3, "bKash is down"),
        1,
        "the first outage only"
    );
    assert_eq!(texts_containing(&app.fake, 3, "bKash is back"), 1);
    // Still down when the flap window has passed: now subscribers hear of it.
    app.later(chrono::Duration::minutes(6)).await;
    app.wait_for_text(3, "bKash is down", 2).await;

    // A restart in the middle of the probe's incident: the probe still closes it.
    app.restart().await;
    healthy.store(true, Ordering::SeqCst);
    app.probe_rounds(1).await;
    app.wait_for_text(3, "bKash is back", 2).await;
    app.settle().await;
    assert_eq!(texts_containing(&app.fake, 3, "bKash is down"), 2);
}
