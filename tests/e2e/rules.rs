//! Bad input gets a clear answer in the user's language and changes nothing; admins'
//! and groups' rules hold; buttons work.

use crate::fake_telegram::FakeTelegram;
use crate::support::{ADMIN, spawn_app};

#[tokio::test(flavor = "multi_thread")]
async fn a_non_admin_is_refused_politely_and_nothing_changes() {
    let app = spawn_app().await;
    let rahim = FakeTelegram::user(2, "Rahim", Some("bn"));
    let john = FakeTelegram::user(3, "John", Some("en"));
    app.ask(&john, "/subscribe whatsapp").await;
    let refusal = app.ask(&rahim, "/down whatsapp সব বন্ধ").await;
    assert!(refusal.contains("কেবল বটের অ্যাডমিনদের জন্য"), "{refusal}");
    app.expect_reply(&john, "/up whatsapp", "Only the bot's admins")
        .await;
    app.expect_reply(&john, "/status whatsapp", "working normally")
        .await;
    app.expect_reply(&john, "/history", "No outages recorded yet")
        .await;
    assert_eq!(
        app.fake.sent_to(3).len(),
        4,
        "john got only his own four answers"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn bad_input_is_answered_in_the_users_language() {
    let app = spawn_app().await;
    let rahim = FakeTelegram::user(2, "Rahim", Some("bn"));
    let john = FakeTelegram::user(3, "John", Some("en"));
    let admin = FakeTelegram::user(ADMIN, "Admin", Some("en"));
    for (user, input, expected) in [
        (&john, "/frobnicate", "There is no /frobnicate command"),
        (&rahim, "/frobnicate", "/frobnicate নামে কোনো কমান্ড নেই"),
        (
            &john,
            "/subscribe whatsap",
            "Did you mean WhatsApp (whatsapp)?",
        ),
        (
            &rahim,
            "/subscribe whatsap",
            "আপনি কি হোয়াটসঅ্যাপ (whatsapp) বোঝাতে চেয়েছিলেন?",
        ),
        (
            &john,
            "/subscribe netflix",
            "We don't follow a service called “netflix”",
        ),
        (&john, "/mysubs please", "/mysubs needs nothing after it"),
        (
            &john,
            "/status whatsapp facebook",
            "After /status, write just one name",
        ),
        (&john, "/STATUS WHATSAPP", "WhatsApp is working normally"),
        (
            &john,
            "/status\u{200B} whats\u{200D}app",
            "WhatsApp is working normally",
        ),
        (&john, "/report", "How to use /report"),
        (&john, "hello bot 🙂", "We answer commands"),
        (
            &john,
            "/language xx",
            "We don't know a language called “xx”",
        ),
        (&admin, "/down", "How to use /down"),
        (&admin, "/up whatsapp", "WhatsApp has no open incident"),
        (&admin, "/update whatsapp", "How to use /update"),
    ] {
        let answer = app.ask(user, input).await;
        assert!(answer.contains(expected), "{input:?} → {answer:?}");
    }
    // A 10 KB argument is answered briefly, without echoing it back.
    let huge = format!("/subscribe {}", "x".repeat(10_000));
    let answer = app.ask(&john, &huge).await;
    assert!(answer.len() < 300, "{} bytes", answer.len());
    // Nothing of the above subscribed anyone to anything.
    app.expect_reply(&john, "/mysubs", "no subscriptions yet")
        .await;
    app.expect_reply(&rahim, "/mysubs", "এখনো কোনো সেবায় সাবস্ক্রাইব করেননি")
        .await;
}

/// A service's name may be several words: an alias like «হোয়াটস অ্যাপ» or "google
/// mail" is one name in every command that takes names, and two names are still two.
#[tokio::test(flavor = "multi_thread")]
async fn a_name_of_several_words_is_one_name() {
    let app = spawn_app().await;
    let rahim = FakeTelegram::user(2, "Rahim", Some("bn"));
    let john = FakeTelegram::user(3, "John", Some("en"));
    app.expect_reply(
        &rahim,
        "/subscribe হোয়াটস   অ্যাপ, facebook messenger বিকাশ",
        "হোয়াটসঅ্যাপ, মেসেঞ্জার ও বিকাশের খবর পাবেন",
    )
    .await;
    for (user, input, expected) in [
        (&john, "/status google mail", "Gmail is working normally"),
        (
            &john,
            "/history Google  Mail",
            "Gmail has had no recorded outages",
        ),
        (&john, "/status whats app", "WhatsApp is working normally"),
        (
            &john,
            "/status whatsapp google mail",
            "After /status, write just one name",
        ),
        (
            &john,
            "/status whatsapp,bkash",
            "After /status, write just one name",
        ),
        // A comma parts names: "google, mail" is not "google mail".
        (&john, "/subscribe google, mail", "“google”"),
        (&john, "/report google", "“google”"),
    ] {
        let answer = app.ask(user, input).await;
        assert!(answer.contains(expected), "{input:?} → {answer:?}");
    }
    app.expect_reply(
        &rahim,
        "/unsubscribe facebook messenger",
        "মেসেঞ্জারের সাবস্ক্রিপশন বাতিল",
    )
    .await;
    app.expect_reply(&rahim, "/mysubs", "হোয়াটসঅ্যাপ ও বিকাশ").await;

    // An admin's command: the whole name, then their words.
    let admin = FakeTelegram::user(ADMIN, "Admin", Some("en"));
    app.ask(&admin, "/down google  mail Sign-in fails for some")
        .await;
    let status = app.ask(&john, "/status gmail").await;
    assert!(status.contains("🔴 Gmail"), "{status}");
    assert!(status.contains(": Sign-in fails for some"), "{status}");
    app.ask(&admin, "/up Google Mail").await;
    app.expect_reply(&john, "/status gmail", "Gmail is working normally")
        .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn admin_text_is_delivered_literally_and_overlong_text_is_refused() {
    let app = spawn_app().await;
    let admin = FakeTelegram::user(ADMIN, "Admin", Some("en"));
    let john = FakeTelegram::user(3, "John", Some("en"));
    app.ask(&john, "/subscribe bkash").await;
    let too_long = format!("/down bkash {}", "a".repeat(3001));
    let refusal = app.ask(&admin, &too_long).await;
    assert!(
        refusal.contains("3,001 characters") && refusal.contains("3,000"),
        "{refusal}"
    );
    assert!(
        app.ask(&john, "/status bkash")
            .await
            .contains("working normally"),
        "the refused post opened nothing"
    );
    app.ask(
        &admin,
        "/degraded bkash Payments <b>slow</b> & retries fail *sometimes*",
    )
    .await;
    app.wait_for_text(3, "Payments <b>slow</b> & retries fail *sometimes*", 1)
        .await;
    let notice = app.fake.sent_to(3).last().unwrap().clone();
    assert!(notice.parse_mode.is_none(), "sent as plain text");
    assert!(
        notice.text.starts_with("🟠 bKash is having problems"),
        "{}",
        notice.text
    );
    let again = app.ask(&admin, "/degraded bkash still").await;
    assert!(
        again.contains("bKash has had an open incident since"),
        "{again}"
    );
    // Escalating the same incident is a new notice, not a new incident.
    app.ask(&admin, "/down bkash Now nothing works").await;
    app.wait_for_text(3, "bKash is now completely down", 1)
        .await;
    app.expect_reply(&john, "/history", "🗂 Recent incidents (1)")
        .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn only_a_groups_administrators_change_its_subscriptions() {
    let app = spawn_app().await;
    let group = -100_123;
    let owner = FakeTelegram::user(10, "Owner", Some("en"));
    let member = FakeTelegram::user(11, "Member", Some("bn"));
    app.fake.register_group(group, false, &[10]);
    // The member wrote first, so the group is served in the member's Bengali.
    let refusal = app
        .say_in(group, &member, "/subscribe@outage_test_bot whatsapp", 1)
        .await;
    assert!(
        refusal[0].text.contains("কেবল গ্রুপের অ্যাডমিনরা"),
        "{}",
        refusal[0].text
    );
    let ok = app
        .say_in(group, &owner, "/subscribe@outage_test_bot whatsapp", 1)
        .await;
    assert!(
        ok[0].text.contains("এখন থেকে হোয়াটসঅ্যাপের খবর পাবেন"),
        "{}",
        ok[0].text
    );
    // Anyone may ask; talk not addressed to the bot is ignored.
    let status = app
        .say_in(group, &member, "/status@outage_test_bot", 1)
        .await;
    assert!(status[0].text.contains("১১টি সেবাই"), "{}", status[0].text);
    app.fake.send_text(group, &member, "lunch?");
    app.fake.send_text(group, &member, "/status@some_other_bot");
    app.settle().await;
    assert_eq!(app.fake.sent_to(group).len(), 3);
    let admin = FakeTelegram::user(ADMIN, "Admin", Some("en"));
    app.ask(&admin, "/down whatsapp").await;
    app.wait_for_text(group, "হোয়াটসঅ্যাপের সেবা বন্ধ", 1).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn language_and_subscription_buttons() {
    let app = spawn_app().await;
    let john = FakeTelegram::user(3, "John", Some("en"));
    let menu = app.say(&john, "/language", 1).await.remove(0);
    let labels = menu.buttons("text");
    assert_eq!(labels, ["বাংলা (বাংলাদেশ)", "বাংলা (ভারত)", "English"]);
    let before = app.fake.sent_to(3).len();
    app.fake
        .press_button(3, &john, menu.message_id, "lang:bn-IN");
    app.fake
        .wait_until("the language confirmation", crate::support::PATIENCE, |f| {
            f.sent_to(3).len() > before
        })
        .await;
    assert!(
        app.fake
            .sent_to(3)
            .last()
            .unwrap()
            .text
            .contains("এখন থেকে আপনাকে বাংলায় লিখব")
    );
    assert_eq!(
        app.fake.answered_callbacks().len(),
        1,
        "the button's spinner stops"
    );

    let menu = app.say(&john, "/subscribe", 1).await.remove(0);
    assert!(menu.text.contains("কোন পরিষেবার খবর চান?"), "{}", menu.text);
    let before = app.fake.sent_to(3).len();
    app.fake
        .press_button(3, &john, menu.message_id, "sub:bkash");
    app.fake
        .wait_until("the edited menu", crate::support::PATIENCE, |f| {
            f.sent_to(3).len() > before
        })
        .await;
    let edited = app.fake.sent_to(3).last().unwrap().clone();
    assert_eq!(
        (edited.method.as_str(), edited.message_id),
        ("editMessageText", menu.message_id)
    );
    assert!(
        edited.text.contains("এখন থেকে বিকাশের খবর পাবেন"),
        "{}",
        edited.text
    );
    assert!(
        !edited
            .reply_markup
            .unwrap()
            .to_string()
            .contains("sub:bkash"),
        "bKash is no longer offered"
    );
    app.expect_reply(&john, "/mysubs", "বিকাশ").await;

    // The buttons to unsubscribe come in the catalog's order, as `/services` lists them.
    app.say(&john, "/subscribe instagram whatsapp facebook", 1)
        .await;
    let menu = app.say(&john, "/unsubscribe", 1).await.remove(0);
    assert_eq!(
        menu.buttons("callback_data"),
        [
            "unsub:whatsapp",
            "unsub:facebook",
            "unsub:instagram",
            "unsub:bkash",
            "unsub:all"
        ]
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn command_menus_are_registered_in_each_language_and_for_admins() {
    let app = spawn_app().await;
    app.fake
        .wait_until("the menus", crate::support::PATIENCE, |f| {
            f.my_commands_calls().len() >= 4
        })
        .await;
    let calls = app.fake.my_commands_calls();
    let menu = |language: Option<&str>, scope: &str| {
        calls
            .iter()
            .find(|c| {
                c["language_code"].as_str() == language
                    && c["scope"]["type"].as_str().unwrap_or("default") == scope
            })
            .unwrap_or_else(|| panic!("no {scope} menu for {language:?} in {calls:#?}"))
            .clone()
    };
    let describe = |menu: &serde_json::Value, command: &str| {
        menu["commands"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["command"] == command)
            .map(|c| c["description"].as_str().unwrap().to_owned())
    };
    let bn = menu(Some("bn"), "default");
    assert_eq!(
        describe(&bn, "status").as_deref(),
        Some("এখন কী বন্ধ আর কী চলছে, দেখে নিন")
    );
    assert_eq!(
        describe(&bn, "down"),
        None,
        "admin commands stay out of public menus"
    );
    let en = menu(Some("en"), "default");
    assert_eq!(
        describe(&en, "status").as_deref(),
        Some("Is a service down right now?")
    );
    let admin = menu(None, "chat");
    assert_eq!(admin["scope"]["chat_id"], ADMIN);
    assert_eq!(
        describe(&admin, "up").as_deref(),
        Some("Post that a service is working again")
    );

    // What a new user sees before pressing Start, in both languages.
    let descriptions = app.fake.description_calls();
    for (method, code) in [
        ("setMyDescription", Some("bn")),
        ("setMyDescription", Some("en")),
        ("setMyShortDescription", Some("bn")),
        ("setMyShortDescription", None),
    ] {
        assert!(
            descriptions
                .iter()
                .any(|(m, body)| *m == method && body["language_code"].as_str() == code),
            "no {method} for {code:?} in {descriptions:#?}"
        );
    }

    // A chat that picks its language by name gets its own menu in that language
    // (Telegram itself has no Bengali, so its app asks for the English one).
    let john = FakeTelegram::user(3, "John", Some("en"));
    app.expect_reply(&john, "/language বাংলা", "বাংলায় লিখব").await;
    // It is set a moment after the last change, by the app's clock.
    app.later(chrono::Duration::seconds(2)).await;
    app.fake
        .wait_until("John's own menu", crate::support::PATIENCE, |f| {
            f.my_commands_calls()
                .iter()
                .any(|c| c["scope"]["chat_id"] == 3)
        })
        .await;
    let calls = app.fake.my_commands_calls();
    let johns = calls
        .iter()
        .rev()
        .find(|c| c["scope"]["chat_id"] == 3)
        .unwrap();
    assert_eq!(johns["scope"]["type"], "chat");
    assert_eq!(
        describe(johns, "status").as_deref(),
        Some("এখন কী বন্ধ আর কী চলছে, দেখে নিন")
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn crowd_reports_alert_the_admins_who_declare_with_one_tap() {
    let app =
        crate::support::spawn_app_with("[reports]\nthreshold = 2\nwindow_minutes = 30\n").await;
    let admin = FakeTelegram::user(ADMIN, "Admin", Some("en"));
    let rahim = FakeTelegram::user(2, "Rahim", Some("bn"));
    let john = FakeTelegram::user(3, "John", Some("en"));
    app.expect_reply(&admin, "/start", "Hello").await;
    app.expect_reply(&john, "/subscribe whatsapp", "Subscribed")
        .await;
    app.expect_reply(
        &rahim,
        "/report whatsapp",
        "গত ১৫ মিনিটে হোয়াটসঅ্যাপ নিয়ে আর কেউ অভিযোগ জানাননি",
    )
    .await;
    app.expect_reply(&rahim, "/report whatsapp", "একজনের অভিযোগ একবারই গোনা হয়")
        .await;
    app.expect_reply(
        &john,
        "/report WhatsApp",
        "In the last 15 minutes, one other person has reported a problem with WhatsApp.",
    )
    .await;
    app.wait_for_text(ADMIN, "🚨 2 people reported problems with WhatsApp", 1)
        .await;
    let alert = app
        .fake
        .sent_to(ADMIN)
        .into_iter()
        .find(|s| s.text.contains("🚨"))
        .unwrap();
    assert!(
        alert
            .reply_markup
            .as_ref()
            .unwrap()
            .to_string()
            .contains("declare:whatsapp")
    );

    // Someone who is not an admin cannot press it (were the message forwarded).
    app.fake
        .press_button(3, &john, alert.message_id, "declare:whatsapp");
    app.wait_for_text(3, "Only the bot's admins", 1).await;

    app.fake
        .press_button(ADMIN, &admin, alert.message_id, "declare:whatsapp");
    app.wait_for_text(
        ADMIN,
        "🔴 Declared: WhatsApp is down. Sending to the one subscribed chat",
        1,
    )
    .await;
    app.wait_for_text(3, "WhatsApp is down", 1).await;
    app.expect_reply(
        &admin,
        "/status whatsapp",
        "Declared from users' reports by admin 1001",
    )
    .await;
    app.expect_reply(&rahim, "/report whatsapp", "আমরা জানি")
        .await;

    // Everyone who reported hears it is back: Rahim, who never subscribed, once; John,
    // who is subscribed, once too (not twice).
    // The admin hears that the reporter who is not subscribed is told as well (the
    // Bengali review's M9: "nobody was notified" while reporters were).
    app.expect_reply(
        &admin,
        "/up whatsapp",
        "Sending to the one chat subscribed to WhatsApp… The one person who reported it will hear too.",
    )
    .await;
    // Rahim, not subscribed, never heard it declared: he hears it whole («… বন্ধ থাকার
    // পর আবার চালু হলো»), not a bare "back".
    app.wait_for_text(2, "থাকার পর আবার চালু হলো হোয়াটসঅ্যাপ", 1).await;
    app.wait_for_text(3, "WhatsApp is back", 1).await;
    app.settle().await;
    assert_eq!(
        crate::support::texts_containing(&app.fake, 3, "WhatsApp is back"),
        1
    );
    assert_eq!(
        crate::support::texts_containing(&app.fake, 2, "আবার চালু হলো হোয়াটসঅ্যাপ"),
        1
    );
}

/// `/share` prints the text to pass on outside Telegram, in the reader's language, with
/// the bot's link that subscribes whoever opens it; it asks which service when none is
/// given.
#[tokio::test(flavor = "multi_thread")]
async fn share_prints_a_text_to_pass_on_with_the_bots_link() {
    let app = spawn_app().await;
    let rahim = FakeTelegram::user(2, "Rahim", Some("bn"));
    let john = FakeTelegram::user(3, "John", Some("en"));
    let link = format!("t.me/{}?start=sub_whatsapp", FakeTelegram::BOT_USERNAME);
    let said = app.say(&john, "/share WhatsApp", 1).await;
    assert_eq!(
        said[0].text,
        format!("Is WhatsApp not working for you either? Find out when it is back: {link}")
    );
    let said = app.say(&rahim, "/share whatsapp", 1).await;
    assert_eq!(
        said[0].text,
        format!("হোয়াটসঅ্যাপ কি আপনারও চলছে না? কখন ঠিক হবে, জানতে: {link}")
    );
    assert!(
        said[0].text.encode_utf16().count() <= 134,
        "two SMS segments"
    );
    let said = app.say(&john, "/share", 1).await;
    assert!(said[0].text.contains("/share whatsapp"), "{}", said[0].text);
    // The link does what it says: whoever opens it is subscribed.
    let friend = FakeTelegram::user(4, "Karim", Some("bn"));
    let said = app.say(&friend, "/start sub_whatsapp", 1).await;
    assert!(said[0].text.contains("হোয়াটসঅ্যাপ"), "{}", said[0].text);
    assert!(
        app.store()
            .subscriptions(outage_bot::domain::ChatId(4))
            .unwrap()
            .iter()
            .any(|s| s.as_str() == "whatsapp")
    );
}

/// Plain words that say a service fails are a question about it: its status, and a
/// button that reports it in one tap — not "I only answer commands".
#[tokio::test(flavor = "multi_thread")]
async fn plain_words_about_a_failing_service_get_its_status_and_a_report_button() {
    let app = spawn_app().await;
    let rahim = FakeTelegram::user(2, "Rahim", Some("bn"));
    let john = FakeTelegram::user(3, "John", Some("en"));
    let said = app.say(&rahim, "হোয়াটসঅ্যাপ চলছেনা!", 1).await;
    assert!(
        said[0].text.contains("হোয়াটসঅ্যাপ স্বাভাবিকভাবে চলছে"),
        "{}",
        said[0].text
    );
    assert_eq!(said[0].buttons("text"), ["📣 হোয়াটসঅ্যাপ চলছে না — জানিয়ে দিন"]);
    assert_eq!(said[0].buttons("callback_data"), ["report:whatsapp"]);
    let before = app.fake.sent_to(2).len();
    app.fake
        .press_button(2, &rahim, said[0].message_id, "report:whatsapp");
    app.fake
        .wait_until("the report's answer", crate::support::PATIENCE, |f| {
            f.sent_to(2).len() > before
        })
        .await;
    let answer = app.fake.sent_to(2).pop().unwrap();
    assert!(answer.text.contains("🙏"), "counted: {}", answer.text);
    let said = app.say(&john, "is bkash down?", 1).await;
    assert!(
        said[0].text.contains("bKash is working normally"),
        "{}",
        said[0].text
    );
    assert_eq!(said[0].buttons("callback_data"), ["report:bkash"]);
    let said = app.say(&john, "hello", 1).await;
    assert!(said[0].buttons("text").is_empty());
    assert!(
        said[0].text.contains("/help"),
        "still the usual answer: {}",
        said[0].text
    );
}
