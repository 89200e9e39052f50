//! What the bot stores survives a restart: subscriptions, languages, incidents, history.

use chrono::Duration;

use crate::fake_telegram::FakeTelegram;
use crate::support::{ADMIN, spawn_app};

#[tokio::test(flavor = "multi_thread")]
async fn a_restart_keeps_subscriptions_languages_and_history() {
    // John chose Kolkata's Bengali: that choice, and its clock, survive too.
    let mut app = spawn_app().await;
    let admin = FakeTelegram::user(ADMIN, "Admin", Some("en"));
    let john = FakeTelegram::user(3, "John", Some("en"));
    app.ask(&john, "/subscribe whatsapp bkash").await;
    app.ask(&john, "/language bn-IN").await;
    app.ask(&admin, "/down whatsapp").await;
    app.wait_for_text(3, "স্তব্ধ হোয়াট্সঅ্যাপের পরিষেবা", 1).await;

    app.restart().await;

    app.expect_reply(&john, "/mysubs", "হোয়াট্সঅ্যাপ ও বিকাশ").await;
    app.expect_reply(&john, "/status whatsapp", "🔴 হোয়াট্সঅ্যাপ: দুপুর ১২টা থেকে বন্ধ")
        .await;
    app.clock.advance(Duration::minutes(30));
    app.ask(&admin, "/up whatsapp").await;
    app.wait_for_text(3, "আধ ঘণ্টা পর ফের চালু হল হোয়াট্সঅ্যাপের পরিষেবা", 1)
        .await;

    app.restart().await;

    let history = app.ask(&john, "/history").await;
    assert!(
        history.contains("দুপুর ১২টা থেকে সাড়ে ১২টা পর্যন্ত (৩০ মিনিট)"),
        "{history}"
    );
    assert_eq!(
        crate::support::texts_containing(&app.fake, 3, "স্তব্ধ হোয়াট্সঅ্যাপের পরিষেবা"),
        1,
        "no notice twice after restarts"
    );
    app.expect_reply(&john, "/stop", "আপনার ২টি সাবস্ক্রিপশন বাতিল হল")
        .await;

    app.restart().await;

    // /stop forgot the chat: its language too, so the answer is in John's Telegram language.
    app.expect_reply(&john, "/mysubs", "You have no subscriptions yet")
        .await;
}
