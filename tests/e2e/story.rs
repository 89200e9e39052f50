//! The seed story: WhatsApp goes down on 1 Nov 2022 at 12:30 in Dhaka and comes back
//! 1 h 52 min later; Bengali and English subscribers each hear every step once, in
//! their own language.

use chrono::Duration;

use crate::fake_telegram::FakeTelegram;
use crate::support::{ADMIN, PATIENCE, has_ascii_digit, spawn_app, texts_containing};

#[tokio::test(flavor = "multi_thread")]
async fn the_outage_reaches_every_subscriber_once_in_their_language() {
    let app = spawn_app().await;
    let admin = FakeTelegram::user(ADMIN, "Admin", Some("en"));
    let rahim = FakeTelegram::user(2, "Rahim", Some("bn-BD"));
    let anita = FakeTelegram::user(3, "Anita", Some("bn-IN"));
    let john = FakeTelegram::user(4, "John", Some("en-GB"));
    let karl = FakeTelegram::user(5, "Karl", Some("de"));

    // Each Bengali in its own newspapers' words: Dhaka's and Kolkata's.
    app.expect_reply(
        &rahim,
        "/start sub_whatsapp",
        "এখন থেকে হোয়াটসঅ্যাপের খবর পাবেন: বন্ধ হলে এবং আবার চালু হলে",
    )
    .await;
    app.expect_reply(
        &anita,
        "/subscribe হোয়াটসঅ্যাপ",
        "এখন থেকে হোয়াট্সঅ্যাপের খবর পাবেন: বন্ধ হলে এবং আবার চালু হলে",
    )
    .await;
    app.expect_reply(&john, "/subscribe whatsapp", "Subscribed to WhatsApp")
        .await;
    app.expect_reply(&karl, "/subscribe WhatsApp", "Subscribed to WhatsApp")
        .await;

    let posted = app
        .ask(
            &admin,
            "/down whatsapp [en] Main server down [bn] মূল সার্ভার বসে গেছে",
        )
        .await;
    assert!(
        posted.contains("Sending to 4 chats subscribed to WhatsApp"),
        "{posted}"
    );
    for (chat, headline) in [
        (2, "হোয়াটসঅ্যাপের সেবা বন্ধ"),
        (3, "স্তব্ধ হোয়াট্সঅ্যাপের পরিষেবা"),
        (4, "WhatsApp is down"),
        (5, "WhatsApp is down"),
    ] {
        app.wait_for_text(chat, headline, 1).await;
    }
    let bn_notice = app.fake.sent_to(2).last().unwrap().text.clone();
    assert!(
        bn_notice.contains("দুপুর সাড়ে ১২টা থেকে হোয়াটসঅ্যাপ অচল"),
        "{bn_notice}"
    );
    // Kolkata's clock is half an hour behind Dhaka's.
    let in_notice = app.fake.sent_to(3).last().unwrap().text.clone();
    assert!(in_notice.contains("দুপুর ১২টা থেকে পরিষেবা বন্ধ"), "{in_notice}");
    assert!(
        bn_notice.contains("মূল সার্ভার বসে গেছে") && !bn_notice.contains("Main server"),
        "{bn_notice}"
    );
    assert!(!has_ascii_digit(&bn_notice), "{bn_notice}");
    let en_notice = app.fake.sent_to(4).last().unwrap().text.clone();
    assert!(
        en_notice.contains("Not working since 12:30 pm") && en_notice.contains("Main server down"),
        "{en_notice}"
    );
    assert!(!en_notice.contains("মূল"), "{en_notice}");

    app.clock.advance(Duration::minutes(40));
    app.ask(
        &admin,
        "/update whatsapp identified [en] A DNS fault [bn] ডিএনএসে গোলমাল",
    )
    .await;
    app.wait_for_text(2, "সমস্যার কারণ জানা গেছে", 1).await;
    app.wait_for_text(5, "cause found, fix under way", 1).await;
    assert!(
        app.fake
            .sent_to(3)
            .last()
            .unwrap()
            .text
            .contains("৪০ মিনিট হয়ে গেল")
    );

    app.clock.advance(Duration::minutes(72));
    app.ask(&admin, "/up whatsapp").await;
    app.wait_for_text(2, "✅ প্রায় দুই ঘণ্টা পর আবার চালু হলো হোয়াটসঅ্যাপ", 1)
        .await;
    app.wait_for_text(3, "✅ প্রায় দু’ঘণ্টা পর ফের চালু হল হোয়াট্সঅ্যাপের পরিষেবা", 1)
        .await;
    for chat in [4, 5] {
        app.wait_for_text(chat, "WhatsApp is back after about two hours", 1)
            .await;
    }
    let bd_back = app.fake.sent_to(2).last().unwrap().text.clone();
    assert!(
        bd_back.contains(
            "দুপুর সাড়ে ১২টা থেকে ২টা ২২ মিনিট পর্যন্ত হোয়াটসঅ্যাপের সেবা বন্ধ ছিল (১ ঘণ্টা ৫২ মিনিট)।"
        ),
        "{bd_back}"
    );
    let in_back = app.fake.sent_to(3).last().unwrap().text.clone();
    assert!(
        in_back
            .contains("দুপুর ১২টা থেকে ১টা ৫২ মিনিট পর্যন্ত হোয়াট্সঅ্যাপের পরিষেবা বন্ধ ছিল (১ ঘণ্টা ৫২ মিনিট)।"),
        "{in_back}"
    );
    assert!(
        app.fake
            .sent_to(4)
            .last()
            .unwrap()
            .text
            .contains("for 1 hour 52 minutes, from 12:30 to 2:22 pm (Dhaka time)")
    );

    // The admin watched it go: the last progress message says all four were reached.
    app.fake
        .wait_until("the final summary", PATIENCE, |f| {
            texts_containing(f, ADMIN, "✅ WhatsApp: reached all 4 chats") == 3
        })
        .await;

    // Exactly once each: three notices per subscriber and nothing else after subscribing.
    app.settle().await;
    for chat in [2, 3, 4, 5] {
        let sent = app.fake.sent_to(chat);
        assert_eq!(
            sent.len(),
            4,
            "chat {chat}: {:#?}",
            sent.iter().map(|s| &s.text).collect::<Vec<_>>()
        );
        assert!(
            sent.iter()
                .all(|s| s.parse_mode.is_none() && !s.text.contains('\u{2068}'))
        );
    }
    assert_eq!(app.fake.violations(), 0);
}

#[tokio::test(flavor = "multi_thread")]
async fn status_and_history_tell_the_story_in_bengali() {
    let app = spawn_app().await;
    let admin = FakeTelegram::user(ADMIN, "Admin", Some("en"));
    let rahim = FakeTelegram::user(2, "Rahim", Some("bn"));
    app.ask(&admin, "/down whatsapp").await;
    app.clock.advance(Duration::minutes(65));
    let status = app.ask(&rahim, "/status whatsapp").await;
    assert!(
        status.contains("🔴 হোয়াটসঅ্যাপ: দুপুর সাড়ে ১২টা থেকে বন্ধ (১ ঘণ্টা ৫ মিনিট ধরে)"),
        "{status}"
    );
    let all = app.ask(&rahim, "/status").await;
    assert!(all.contains("🔴 ১টি সেবা বন্ধ · 🟢 বাকি ১০টি স্বাভাবিক"), "{all}");
    app.ask(&admin, "/up whatsapp আবার চালু").await;
    let history = app.ask(&rahim, "/history").await;
    assert!(
        history.contains("• হোয়াটসঅ্যাপ বন্ধ ছিল: দুপুর সাড়ে ১২টা থেকে ১টা ৩৫ মিনিট পর্যন্ত (১ ঘণ্টা ৫ মিনিট)"),
        "{history}"
    );
    assert!(!has_ascii_digit(&history));
    app.clock.advance(Duration::days(2));
    let later = app.ask(&rahim, "/history whatsapp").await;
    assert!(
        later.contains("গত মঙ্গলবার দুপুর সাড়ে ১২টা থেকে ১টা ৩৫ মিনিট পর্যন্ত"),
        "{later}"
    );
    app.expect_reply(&rahim, "/status whatsapp", "হোয়াটসঅ্যাপ স্বাভাবিকভাবে চলছে")
        .await;
    // Nobody was subscribed: the admin heard so once, and no "0 of 0" summary after.
    app.settle().await;
    let admin_saw = app.fake.sent_to(ADMIN);
    assert!(
        admin_saw.iter().all(|s| !s.text.contains(" of 0 ")),
        "{:#?}",
        admin_saw.iter().map(|s| &s.text).collect::<Vec<_>>()
    );
    assert_eq!(
        texts_containing(&app.fake, ADMIN, "Nobody is subscribed to WhatsApp yet"),
        2
    );

    // Trouble that became an outage and still is: /history dates each from its start,
    // never "down since" the trouble began.
    app.ask(&admin, "/degraded bkash").await;
    app.clock.advance(Duration::minutes(20));
    app.ask(&admin, "/down bkash").await;
    app.clock.advance(Duration::minutes(10));
    let history = app.ask(&rahim, "/history bkash").await;
    assert!(
        history.contains(
            "• বিকাশ: দুপুর ১টা ৩৫ মিনিট থেকে বিভ্রাট, ১টা ৫৫ মিনিট থেকে পুরোপুরি বন্ধ; এখনো চালু হয়নি"
        ),
        "{history}"
    );
    let john = FakeTelegram::user(3, "John", Some("en"));
    app.expect_reply(
        &john,
        "/history bkash",
        "• bKash has had problems since 1:35 pm, and has been fully down since 1:55 pm",
    )
    .await;

    // The other way: down, then partly back. Each dated from its own start too.
    app.ask(&admin, "/down nagad").await;
    app.clock.advance(Duration::minutes(30));
    app.ask(&admin, "/degraded nagad").await;
    app.clock.advance(Duration::minutes(5));
    app.expect_reply(
        &rahim,
        "/status nagad",
        "🟠 নগদ: দুপুর ২টা ৫ মিনিট থেকে পুরোপুরি বন্ধ ছিল, ২টা ৩৫ মিনিট থেকে আংশিক চালু",
    )
    .await;
    app.expect_reply(
        &john,
        "/history nagad",
        "• Nagad was down from 2:05 pm, and has been partly back since 2:35 pm",
    )
    .await;

    // And down again: not "down since 2:05", which hides the spell partly back, nor
    // "down from 2:05, partly back since" once it eases a second time (both proxies).
    app.clock.advance(Duration::minutes(10));
    app.ask(&admin, "/down nagad").await;
    app.clock.advance(Duration::minutes(5));
    app.expect_reply(
        &rahim,
        "/status nagad",
        "🔴 নগদ: দুপুর ২টা ৫ মিনিট থেকে কখনো পুরোপুরি বন্ধ, কখনো আংশিক চালু; ২টা ৫০ মিনিট থেকে আবার পুরোপুরি বন্ধ",
    )
    .await;
    app.expect_reply(
        &rahim,
        "/report nagad",
        "নগদ যে দুপুর ২টা ৫০ মিনিট থেকে বন্ধ, তা আমরা জানি।",
    )
    .await;
    app.clock.advance(Duration::minutes(5));
    app.ask(&admin, "/degraded nagad").await;
    app.expect_reply(
        &john,
        "/history nagad",
        "• Nagad has been up and down since 2:05 pm, and partly back since 3:00 pm",
    )
    .await;
    app.expect_reply(
        &john,
        "/status nagad",
        "🟠 Nagad: up and down since 2:05 pm, partly back since 3:00 pm",
    )
    .await;
}
