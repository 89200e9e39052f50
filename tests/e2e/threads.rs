//! One story per incident in the chat: every notice after a chat's first of an incident
//! arrives as a reply to that first one, across a restart; a deleted first notice only
//! costs the threading; and nothing is kept once the incident is over.

use chrono::Duration;
use futures::future::join_all;
use outage_bot::domain::{ChatId, ServiceId, Thread};

use crate::fake_telegram::{FakeTelegram, Sent};
use crate::support::{ADMIN, PATIENCE, is_progress, spawn_app_with};

const CHATS: i64 = 1_500;
const FIRST_CHAT: i64 = 10_000;

/// The notices `chat` was sent, in order.
fn notices(fake: &FakeTelegram, chat: i64) -> Vec<Sent> {
    fake.sent_to(chat)
        .into_iter()
        .filter(|s| s.method == "sendMessage" && s.text.contains("WhatsApp"))
        .collect()
}

async fn wait_for_notices(fake: &FakeTelegram, chats: &[i64], count: usize) {
    fake.wait_until(
        &format!("{count} notices in each of {} chats", chats.len()),
        PATIENCE,
        |f| {
            let by_chat = f.texts_by_chat();
            chats.iter().all(|chat| {
                by_chat.get(chat).map_or(0, |texts| {
                    texts.iter().filter(|t| t.contains("WhatsApp")).count()
                }) >= count
            })
        },
    )
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn every_notice_of_an_incident_replies_to_the_chats_first_one() {
    let mut app = spawn_app_with("[telegram]\nmessages_per_second = 1000\n").await;
    let admin = FakeTelegram::user(ADMIN, "Admin", Some("en"));
    let whatsapp = ServiceId::parse("whatsapp").unwrap();
    let chats: Vec<i64> = (FIRST_CHAT..FIRST_CHAT + CHATS).collect();
    join_all(chats.iter().map(|&chat| {
        let store = app.store().clone();
        let whatsapp = whatsapp.clone();
        async move {
            store
                .subscribe(ChatId(chat), std::slice::from_ref(&whatsapp))
                .await
                .unwrap()
        }
    }))
    .await;

    let posted = app.ask(&admin, "/down whatsapp Main server down").await;
    assert!(posted.contains("1,500 chats"), "{posted}");
    wait_for_notices(&app.fake, &chats, 1).await;
    app.wait_until_delivered().await;
    let incident = app.store().open_incident(&whatsapp).unwrap().unwrap().id;

    // Some readers delete the notice; one more subscribes during the outage.
    let deleters: Vec<i64> = chats.iter().copied().filter(|c| c % 7 == 0).collect();
    for &chat in &deleters {
        let first = notices(&app.fake, chat)[0].message_id;
        app.fake.delete_message(chat, first);
    }
    let late = FakeTelegram::user(77, "Late", Some("en"));
    app.ask(&late, "/subscribe whatsapp").await;

    app.clock.advance(Duration::minutes(30));
    app.ask(&admin, "/update whatsapp identified A DNS fault")
        .await;
    let everyone: Vec<i64> = chats.iter().copied().chain([77]).collect();
    wait_for_notices(&app.fake, &everyone, 2).await;
    app.wait_until_delivered().await;

    // What the first notices were survives a restart.
    app.restart().await;
    app.clock.advance(Duration::minutes(30));
    app.ask(&admin, "/up whatsapp").await;
    wait_for_notices(&app.fake, &everyone, 3).await;
    app.wait_until_delivered().await;

    for &chat in &chats {
        let got = notices(&app.fake, chat);
        assert_eq!(got.len(), 3, "chat {chat}: {got:#?}");
        let [down, update, back] = [&got[0], &got[1], &got[2]];
        assert!(down.text.contains("WhatsApp is down"), "{}", down.text);
        assert_eq!(down.reply_to, None, "chat {chat}");
        if deleters.contains(&chat) {
            // Its first notice is gone: the others arrive on their own, not lost.
            assert_eq!(
                (update.reply_to, back.reply_to),
                (None, None),
                "chat {chat}"
            );
        } else {
            assert_eq!(update.reply_to, Some(down.message_id), "chat {chat}");
            assert_eq!(back.reply_to, Some(down.message_id), "chat {chat}");
        }
        assert!(back.text.contains("back"), "{}", back.text);
    }
    // The late reader heard the whole story first, and "back" replies to that.
    let got = notices(&app.fake, 77);
    let (story, back) = (&got[got.len() - 2], &got[got.len() - 1]);
    assert!(!is_progress(&story.text));
    assert_eq!(story.reply_to, None, "{}", story.text);
    assert_eq!(back.reply_to, Some(story.message_id), "{}", back.text);
    assert!(
        app.fake.failed_attempts().is_empty(),
        "{:?}",
        app.fake.failed_attempts()
    );

    // The incident is over: nothing is kept to reply to.
    for chat in everyone {
        assert_eq!(
            app.store()
                .first_notice(Thread::Incident(incident), ChatId(chat))
                .unwrap(),
            None,
            "chat {chat}"
        );
    }
}
