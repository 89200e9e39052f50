//! No chat waits for another: a busy group whose administrators take Telegram 300 ms to
//! list does not hold a private chat up and costs one lookup, not one per command; a chat
//! that changes its language sixty times sets its menu once; and a thousand admins'
//! menus do not keep the first update waiting.

use std::time::{Duration, Instant};

use crate::fake_telegram::FakeTelegram;
use crate::support::{PATIENCE, free_port, spawn_app, start_bot};

#[tokio::test(flavor = "multi_thread")]
async fn a_private_help_is_answered_at_once_while_a_busy_group_waits_for_its_admins() {
    let app = spawn_app().await;
    let group = -1_000_000_500;
    app.fake.register_group(group, false, &[30]);
    app.fake.set_admin_lookup_delay(Duration::from_millis(300));
    let members: Vec<(i64, crate::fake_telegram::TgUser, String)> = (0..150)
        .map(|i| {
            let member = FakeTelegram::user(40_000 + i, "Member", Some("en"));
            (group, member, "/subscribe whatsapp".to_owned())
        })
        .collect();
    app.fake.push_texts(&members);
    let private = FakeTelegram::user(7, "Private", Some("en"));
    let asked = Instant::now();
    app.expect_reply(&private, "/help", "/status").await;
    let waited = asked.elapsed();
    assert!(
        waited < Duration::from_secs(1),
        "the private /help waited {waited:?} behind the group"
    );
    // Every member's command is taken and handled (their answers go out at a group's
    // twenty a minute): one lookup served them all.
    app.wait_until_handled().await;
    app.fake
        .wait_until("the group's first answers", PATIENCE, |f| {
            f.sent_to(group).len() >= 10
        })
        .await;
    assert!(
        app.fake.admin_lookups() <= 2,
        "{} lookups for one group",
        app.fake.admin_lookups()
    );
    assert!(
        app.fake.sent_to(group)[0]
            .text
            .contains("Only this group's administrators"),
        "{:?}",
        app.fake.sent_to(group)[0].text
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn sixty_language_changes_set_a_chat_menu_once() {
    let app = spawn_app().await;
    let user = FakeTelegram::user(9, "Fickle", Some("en"));
    let changes: Vec<(i64, crate::fake_telegram::TgUser, String)> = (0..60)
        .map(|i| {
            let to = if i % 2 == 0 { "bn-BD" } else { "en" };
            (9, user.clone(), format!("/language {to}"))
        })
        .collect();
    app.fake.push_texts(&changes);
    // Every change is handled; then the moment after the last comes (the app's clock).
    app.wait_until_handled().await;
    app.later(chrono::Duration::seconds(2)).await;
    app.fake
        .wait_until("the chat's menu", PATIENCE, |f| {
            f.my_commands_calls()
                .iter()
                .any(|c| c["scope"]["chat_id"] == 9)
        })
        .await;
    let menus: Vec<_> = app
        .fake
        .my_commands_calls()
        .into_iter()
        .filter(|c| c["scope"]["chat_id"] == 9)
        .collect();
    assert_eq!(menus.len(), 1, "{menus:#?}");
    let status = menus[0]["commands"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["command"] == "status")
        .unwrap()["description"]
        .clone();
    assert_eq!(
        status, "Is a service down right now?",
        "the last language, English"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_thousand_admins_menus_do_not_keep_the_first_update_waiting() {
    let fake = FakeTelegram::start().await;
    let dir = tempfile::tempdir().unwrap();
    let admins: Vec<String> = (1..=1000).map(|i| (500_000 + i).to_string()).collect();
    let config = dir.path().join("bot.toml");
    std::fs::write(
        &config,
        format!(
            "data_dir = {:?}\nadmins = [{}]\n[http]\nlisten = \"127.0.0.1:{}\"\n",
            dir.path().join("db").display().to_string(),
            admins.join(", "),
            free_port()
        ),
    )
    .unwrap();
    fake.set_latency(crate::fake_telegram::Latency {
        before: Duration::from_millis(10),
        after: Duration::from_millis(10),
    });
    let started = Instant::now();
    let _bot = start_bot(&fake, &config);
    let user = FakeTelegram::user(8, "First", Some("en"));
    fake.send_text(8, &user, "/help");
    fake.wait_until("the first answer", PATIENCE, |f| !f.sent_to(8).is_empty())
        .await;
    let answered = started.elapsed();
    // A thousand menus one by one at 20 ms each take 20 s; polling starts beside them.
    assert!(
        answered < Duration::from_secs(5),
        "the first answer came {answered:?} after the start"
    );
    fake.wait_until("every admin's menu", Duration::from_secs(60), |f| {
        f.my_commands_calls().len() >= 1000
    })
    .await;
}
