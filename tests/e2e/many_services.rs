//! A chat that follows many services: forty at once, then every command still works,
//! across a restart; past the most a chat may follow, a clear answer and no change.

use crate::fake_telegram::FakeTelegram;
use crate::support::spawn_app_with;

/// A catalog of `count` services, `service_number_01` … (two digits and more).
fn catalog(count: usize) -> String {
    (1..=count)
        .map(|i| {
            format!(
                "[[services]]\nid = \"service_number_{i:02}\"\nname = {{ en = \"Service {i:02}\", bn = \"সেবা {i:02}\" }}\n"
            )
        })
        .collect()
}

fn ids(range: std::ops::RangeInclusive<usize>) -> String {
    range
        .map(|i| format!("service_number_{i:02}"))
        .collect::<Vec<_>>()
        .join(" ")
}

#[tokio::test(flavor = "multi_thread")]
async fn a_chat_that_follows_forty_services_can_still_do_everything() {
    let mut app = spawn_app_with(&catalog(40)).await;
    let user = FakeTelegram::user(77, "Many", Some("en"));
    app.expect_reply(
        &user,
        &format!("/subscribe {}", ids(1..=40)),
        "✅ Subscribed",
    )
    .await;
    let mine = app.ask(&user, "/mysubs").await;
    assert!(
        mine.contains("Service 01") && mine.contains("Service 40"),
        "{mine}"
    );
    app.restart().await;
    let mine = app.ask(&user, "/mysubs").await;
    assert!(mine.contains("Service 40"), "after a restart: {mine}");
    app.expect_reply(&user, "/unsubscribe service_number_07", "Unsubscribed")
        .await;
    let mine = app.ask(&user, "/mysubs").await;
    assert!(!mine.contains("Service 07"), "{mine}");
    app.expect_reply(&user, "/stop", "deleted").await;
    let mine = app.ask(&user, "/mysubs").await;
    assert!(!mine.contains("Service 01"), "nothing left: {mine}");
}

#[tokio::test(flavor = "multi_thread")]
async fn past_the_most_a_chat_may_follow_nothing_changes_and_the_answer_says_why() {
    let app = spawn_app_with(&catalog(501)).await;
    let user = FakeTelegram::user(78, "Greedy", Some("en"));
    for start in (1..=500).step_by(100) {
        app.expect_reply(
            &user,
            &format!("/subscribe {}", ids(start..=start + 99)),
            "✅ Subscribed",
        )
        .await;
    }
    app.expect_reply(
        &user,
        "/subscribe service_number_501",
        "A chat can follow at most 500 services. Nothing was changed",
    )
    .await;
    let mine = app.ask(&user, "/mysubs").await;
    assert!(!mine.contains("Service 501"), "{mine}");
}
