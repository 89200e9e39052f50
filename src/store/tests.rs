//! Store tests on a real sled database in a temporary folder.

use chrono::{Duration, TimeZone, Utc};

use super::codec::{encode_record, id_key, millis};
use super::*;
use crate::domain::{
    ChatKind, IncidentEvent, IncidentNotice, LocalizedText, Notice, QuietHours, Severity, Source,
};
use crate::domain::{ChatSettings, Incident, Lang, ReportOutcome, ReportWindow, UserId};

fn sid(s: &str) -> ServiceId {
    ServiceId::parse(s).unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn subscriptions_survive_a_reopen() {
    let dir = tempfile::tempdir().unwrap();
    {
        let store = Store::open(dir.path()).unwrap();
        assert_eq!(
            store
                .subscribe(ChatId(5), &[sid("whatsapp"), sid("bkash")])
                .await
                .unwrap()
                .len(),
            2
        );
        assert_eq!(
            store
                .subscribe(ChatId(5), &[sid("whatsapp")])
                .await
                .unwrap(),
            Vec::<ServiceId>::new()
        );
        store
            .chat_or_insert(
                ChatId(5),
                ChatSettings::new(ChatKind::Private, Some("bn-BD")),
            )
            .await
            .unwrap();
    }
    let store = Store::open(dir.path()).unwrap();
    assert_eq!(
        store.subscriptions(ChatId(5)).unwrap(),
        vec![sid("bkash"), sid("whatsapp")]
    );
    assert_eq!(
        store
            .chat(ChatId(5))
            .unwrap()
            .unwrap()
            .first_user_lang
            .as_deref(),
        Some("bn-BD")
    );
}

#[test]
fn a_second_open_of_the_same_folder_is_refused_with_its_path() {
    let dir = tempfile::tempdir().unwrap();
    let _first = Store::open(dir.path()).unwrap();
    let e = Store::open(dir.path())
        .err()
        .expect("second open must fail")
        .to_string();
    assert!(e.contains(&dir.path().display().to_string()), "{e}");
}

#[tokio::test(flavor = "multi_thread")]
async fn subscribers_are_paged_in_chat_order_across_negative_ids() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    for chat in [7, -100, 3, 12, -5] {
        store
            .subscribe(ChatId(chat), &[sid("whatsapp")])
            .await
            .unwrap();
    }
    store
        .subscribe(ChatId(99), &[sid("whatsapp2")])
        .await
        .unwrap();
    let first = chats_of(store.subscribers_after(&sid("whatsapp"), None, 2).unwrap());
    assert_eq!(first, vec![ChatId(-100), ChatId(-5)]);
    let rest = chats_of(
        store
            .subscribers_after(&sid("whatsapp"), Some(ChatId(-5)), 10)
            .unwrap(),
    );
    assert_eq!(rest, vec![ChatId(3), ChatId(7), ChatId(12)]);
    assert_eq!(store.subscriber_count(&sid("whatsapp")), 5);
}

#[tokio::test(flavor = "multi_thread")]
async fn forget_and_migrate_move_everything() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    store.subscribe(ChatId(-1), &[sid("bkash")]).await.unwrap();
    store
        .set_chat_lang(
            ChatId(-1),
            Lang::BN,
            ChatSettings::new(ChatKind::Group, None),
        )
        .await
        .unwrap();
    store.migrate_chat(ChatId(-1), ChatId(-1001)).await.unwrap();
    assert!(store.subscriptions(ChatId(-1)).unwrap().is_empty());
    assert_eq!(
        store.subscriptions(ChatId(-1001)).unwrap(),
        vec![sid("bkash")]
    );
    assert_eq!(
        store.chat(ChatId(-1001)).unwrap().unwrap().chosen_lang,
        Some(Lang::BN)
    );
    assert_eq!(
        chats_of(store.subscribers_after(&sid("bkash"), None, 10).unwrap()),
        vec![ChatId(-1001)]
    );
    assert_eq!(
        store.forget_chat(ChatId(-1001)).await.unwrap(),
        vec![sid("bkash")]
    );
    assert_eq!(store.subscriber_count(&sid("bkash")), 0);
    assert!(store.chat(ChatId(-1001)).unwrap().is_none());
}

/// WhatsApp down, posted by an admin at `at`: incident 10.
fn whatsapp_down(at: chrono::DateTime<Utc>) -> Incident {
    Incident::open(
        10,
        sid("whatsapp"),
        Severity::MajorOutage,
        LocalizedText::parse("x"),
        at,
        Source::Admin(UserId(1)),
    )
}

async fn record(store: &Store, incident: Incident, broadcast: Broadcast) {
    store
        .change_incident(incident.service.clone(), move |tx| {
            tx.record(incident, broadcast);
            Ok(())
        })
        .await
        .unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn an_event_stores_the_incident_and_its_broadcast_together() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let at = Utc.with_ymd_and_hms(2022, 11, 1, 6, 30, 0).unwrap();
    let mut incident = whatsapp_down(at);
    let broadcast = |incident: &Incident, id| {
        Broadcast::new(
            id,
            Notice::Incident(IncidentNotice::latest_of(incident)),
            crate::domain::Audience::Subscribers,
            0,
            None,
        )
    };
    record(&store, incident.clone(), broadcast(&incident, 1)).await;
    assert_eq!(
        store.open_incident(&sid("whatsapp")).unwrap().unwrap().id,
        incident.id
    );
    incident
        .resolve(LocalizedText::default(), at + Duration::hours(2))
        .unwrap();
    record(&store, incident.clone(), broadcast(&incident, 2)).await;
    assert!(store.open_incident(&sid("whatsapp")).unwrap().is_none());
    let pending = store.pending_broadcasts().unwrap();
    assert_eq!(
        pending
            .iter()
            .map(|b| event_of(&b.notice))
            .collect::<Vec<_>>(),
        vec![
            IncidentEvent::Opened(Severity::MajorOutage),
            IncidentEvent::Resolved
        ]
    );
    store.finish_broadcast(1).await.unwrap();
    assert_eq!(store.pending_broadcasts().unwrap().len(), 1);
    assert_eq!(
        store.recent_incidents(None, 5).unwrap()[0].resolved_at,
        Some(at + Duration::hours(2))
    );
}

/// Each chat's first notice of an incident is kept while the incident runs (the first
/// one stays first) and goes when the broadcast that ends it finishes; a thread whose
/// ending was cut short goes when its incident folds into the history.
#[tokio::test(flavor = "multi_thread")]
async fn a_chats_first_notice_is_kept_while_its_incident_runs() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let at = Utc.with_ymd_and_hms(2022, 11, 1, 6, 30, 0).unwrap();
    let mut incident = whatsapp_down(at);
    let broadcast = |incident: &Incident, id, audience| {
        Broadcast::new(
            id,
            Notice::Incident(IncidentNotice::latest_of(incident)),
            audience,
            0,
            None,
        )
    };
    record(
        &store,
        incident.clone(),
        broadcast(&incident, 1, crate::domain::Audience::Subscribers),
    )
    .await;
    let opened = store.pending_broadcasts().unwrap().remove(0);
    let thread = opened.notice.thread();
    let first = |chat| store.first_notice(thread, ChatId(chat)).unwrap();
    store
        .save_broadcast(&opened, vec![(ChatId(5), 42), (ChatId(-1_001_234), 7)])
        .await
        .unwrap();
    store
        .save_broadcast(&opened, vec![(ChatId(5), 43)])
        .await
        .unwrap();
    store.finish_broadcast(opened.id).await.unwrap();
    assert_eq!(
        (first(5), first(-1_001_234), first(6)),
        (Some(42), Some(7), None)
    );

    incident
        .resolve(LocalizedText::default(), at + Duration::hours(2))
        .unwrap();
    record(
        &store,
        incident.clone(),
        broadcast(&incident, 2, crate::domain::Audience::Listed),
    )
    .await;
    record(
        &store,
        incident.clone(),
        broadcast(&incident, 3, crate::domain::Audience::Subscribers),
    )
    .await;
    // The reporters' copy of the ending leaves the thread to the subscribers' copy.
    store.finish_broadcast(2).await.unwrap();
    assert_eq!(first(5), Some(42));
    store.finish_broadcast(3).await.unwrap();
    assert_eq!((first(5), first(-1_001_234)), (None, None));

    // Left behind (as a cut-short ending leaves it): gone when the incident folds.
    store
        .save_broadcast(&opened, vec![(ChatId(5), 42)])
        .await
        .unwrap();
    assert_eq!(first(5), Some(42));
    store.fold_history(at + Duration::days(1)).await.unwrap();
    assert_eq!(first(5), None);
}

#[tokio::test(flavor = "multi_thread")]
async fn reports_alert_once_per_window() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let rule = report_rule(2);
    let t0 = Utc.with_ymd_and_hms(2022, 11, 1, 6, 30, 0).unwrap();
    let s = sid("whatsapp");
    assert_eq!(
        store
            .record_report(&s, Reporter::User(UserId(1)), t0, &rule)
            .await
            .unwrap()
            .outcome,
        ReportOutcome::Counted { reporters: 1 }
    );
    assert_eq!(
        store
            .record_report(&s, Reporter::User(UserId(1)), t0, &rule)
            .await
            .unwrap()
            .outcome,
        ReportOutcome::AlreadyCounted
    );
    assert_eq!(
        store
            .record_report(&s, Reporter::User(UserId(2)), t0, &rule)
            .await
            .unwrap()
            .outcome,
        ReportOutcome::Alert { reporters: 2 }
    );
    assert_eq!(
        store
            .record_report(&s, Reporter::User(UserId(3)), t0, &rule)
            .await
            .unwrap()
            .outcome,
        ReportOutcome::Counted { reporters: 3 }
    );
    let later = t0 + Duration::minutes(31);
    assert_eq!(
        store
            .record_report(&s, Reporter::User(UserId(4)), later, &rule)
            .await
            .unwrap()
            .outcome,
        ReportOutcome::Counted { reporters: 1 }
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn reporters_who_are_not_subscribed_are_listed_once_and_the_reports_spent() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let rule = report_rule(10);
    let t0 = Utc.with_ymd_and_hms(2022, 11, 1, 6, 30, 0).unwrap();
    let s = sid("whatsapp");
    for user in [2, 3, 4] {
        store
            .record_report(&s, Reporter::User(UserId(user)), t0, &rule)
            .await
            .unwrap();
    }
    store
        .subscribe(ChatId(3), std::slice::from_ref(&s))
        .await
        .unwrap();
    let incident = Incident::open(
        1,
        s.clone(),
        Severity::MajorOutage,
        LocalizedText::default(),
        t0,
        Source::Api,
    );
    let broadcast = Broadcast::new(
        77,
        Notice::Incident(IncidentNotice::latest_of(&incident)),
        crate::domain::Audience::Listed,
        0,
        None,
    );
    let listed = broadcast.clone();
    let told = store
        .change_incident(s.clone(), move |tx| tx.tell_reporters(listed))
        .await
        .unwrap();
    assert_eq!(told, 2);
    assert_eq!(
        chats_of(store.audience_after(&broadcast, None, 10).unwrap()),
        vec![ChatId(2), ChatId(4)]
    );
    assert_eq!(
        chats_of(
            store
                .audience_after(&broadcast, Some(ChatId(2)), 10)
                .unwrap()
        ),
        vec![ChatId(4)]
    );
    assert_eq!(store.pending_broadcasts().unwrap()[0].total, 2);
    // The reports are spent: the next outage starts counting from zero.
    assert_eq!(
        store
            .record_report(&s, Reporter::User(UserId(2)), t0, &rule)
            .await
            .unwrap()
            .outcome,
        ReportOutcome::Counted { reporters: 1 }
    );
    store.finish_broadcast(77).await.unwrap();
    assert!(chats_of(store.audience_after(&broadcast, None, 10).unwrap()).is_empty());
    // The next "back" goes to those who reported since: a minute later, user 4 alone.
    store
        .record_report(
            &s,
            Reporter::User(UserId(4)),
            t0 + Duration::minutes(1),
            &rule,
        )
        .await
        .unwrap();
    let next = Broadcast {
        id: 78,
        ..broadcast.clone()
    };
    let told = store
        .change_incident(s.clone(), move |tx| tx.tell_reporters(next))
        .await
        .unwrap();
    assert_eq!(told, 1);
}

/// The folder opened with sled alone, as a tool would, without its background flusher
/// (which keeps the folder locked after the handle is dropped), waiting as `Store::open`
/// does for a store just dropped, whose writer thread lets go a moment later.
fn raw_db(dir: &std::path::Path) -> sled::Db {
    let started = std::time::Instant::now();
    loop {
        match sled::Config::new().path(dir).flush_every_ms(None).open() {
            Err(e) if is_locked(&e) && started.elapsed() < LOCK_WAIT => {
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
            opened => return opened.unwrap(),
        }
    }
}

/// A database as the first release wrote it (`tests/fixtures/store-v1.json`, with a
/// README saying what is in it), restored key by key into a fresh sled folder.
fn restore_v1(dir: &std::path::Path) {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/store-v1.json");
    let dump: std::collections::BTreeMap<String, Vec<(String, String)>> =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let hex = |s: &str| -> Vec<u8> {
        (0..s.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
            .collect()
    };
    let db = raw_db(dir);
    for (name, entries) in dump {
        let tree = db.open_tree(name).unwrap();
        for (key, value) in entries {
            tree.insert(hex(&key), hex(&value)).unwrap();
        }
    }
    db.flush().unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn records_written_by_the_first_release_still_read() {
    let dir = tempfile::tempdir().unwrap();
    restore_v1(dir.path());
    let store = Store::open(dir.path()).unwrap();
    let group = store.chat(ChatId(-987654321)).unwrap().unwrap();
    assert_eq!(
        (
            group.chosen_lang,
            group.first_user_lang.as_deref(),
            group.kind
        ),
        (Some(Lang::BN), Some("en"), ChatKind::Group)
    );
    let private = store.chat(ChatId(5550001)).unwrap().unwrap();
    assert_eq!(private.first_user_lang.as_deref(), Some("bn-BD"));
    assert_eq!(
        store.chat(ChatId(-1001500000001)).unwrap().unwrap().kind,
        ChatKind::Channel
    );
    assert_eq!(
        store.subscriptions(ChatId(-987654321)).unwrap(),
        vec![sid("bkash"), sid("facebook"), sid("whatsapp")]
    );

    let bkash = store.open_incident(&sid("bkash")).unwrap().unwrap();
    assert_eq!(
        (bkash.id, bkash.source, bkash.severity),
        (6, Source::Alertmanager, Severity::MajorOutage)
    );
    assert_eq!(
        bkash.timeline.iter().map(|e| e.event).collect::<Vec<_>>(),
        vec![
            IncidentEvent::Opened(Severity::Degraded),
            IncidentEvent::SeverityChanged(Severity::MajorOutage)
        ]
    );
    assert_eq!(
        bkash.timeline[0].text.for_lang(Lang::BN),
        Some("Payments are slow (alert BkashLatencyHigh)")
    );
    let whatsapp = &store.recent_incidents(Some(&sid("whatsapp")), 5).unwrap()[0];
    assert_eq!(whatsapp.source, Source::Admin(UserId(1001)));
    assert_eq!(whatsapp.elapsed(Utc::now()), Duration::hours(2));
    assert_eq!(
        whatsapp.timeline[1].event,
        IncidentEvent::Updated(crate::domain::Phase::Identified)
    );
    assert_eq!(whatsapp.timeline[1].text.for_lang(Lang::BN), Some("ডিএনএস"));

    let outbox = store.outbox().unwrap();
    assert!(outbox.unreadable.is_empty(), "{:?}", outbox.unreadable);
    let ids: Vec<u64> = outbox.readable.iter().map(|b| b.id).collect();
    assert_eq!(ids, vec![4, 5, 7, 8]);
    let resumed = &outbox.readable[0];
    assert_eq!(event_of(&resumed.notice), IncidentEvent::Resolved);
    assert_eq!(resumed.cursor, Some(ChatId(5550001)));
    assert!(
        resumed.pending.is_empty(),
        "the first release had no pending list"
    );
    assert_eq!((resumed.tally.delivered, resumed.tally.blocked), (2, 1));
    assert_eq!(
        resumed.report_to.map(|r| (r.chat, r.lang)),
        Some((ChatId(1001), Lang::BN))
    );
    assert_eq!(resumed.progress_message, Some(77));
    assert_eq!(
        chats_of(store.audience_after(resumed, resumed.cursor, 10).unwrap()),
        vec![ChatId(5550002)],
        "the rest of the audience is still to go"
    );
    let listed = &outbox.readable[1];
    assert_eq!(listed.audience, crate::domain::Audience::Listed);
    assert_eq!(
        chats_of(store.audience_after(listed, None, 10).unwrap()),
        vec![ChatId(7000001), ChatId(7000002)]
    );
    assert!(store.is_probe_muted(&sid("bkash")).unwrap());

    // Each subscriber's language now sits beside its subscription.
    let readers: Vec<(ChatId, Option<Lang>, Option<String>)> = store
        .subscribers_after(&sid("whatsapp"), None, 10)
        .unwrap()
        .into_iter()
        .map(|(chat, l)| (chat, l.language.chosen, l.language.telegram))
        .collect();
    assert_eq!(
        readers,
        vec![
            (ChatId(-987654321), Some(Lang::BN), Some("en".to_owned())),
            (ChatId(5550001), None, Some("bn-BD".to_owned())),
            (ChatId(5550002), Some(Lang::EN), Some("bn".to_owned())),
        ]
    );
    assert_eq!(store.subscriber_count(&sid("bkash")), 3);

    // And what this build writes, it reads back the same.
    let again = Broadcast::try_from(records::BroadcastRecord::from(resumed)).unwrap();
    assert_eq!(&again, resumed);
}

/// The chats of an audience, without their languages.
fn event_of(notice: &Notice) -> IncidentEvent {
    match notice {
        Notice::Incident(n) => n.event,
        Notice::Maintenance(n) => panic!("an incident's notice expected, not {n:?}"),
    }
}

fn chats_of(audience: Vec<(ChatId, crate::domain::Recipient)>) -> Vec<ChatId> {
    audience.into_iter().map(|(chat, _)| chat).collect()
}

/// A database the release before pages wrote (`tests/fixtures/store-v1-db`, made with
/// its console: users 11–16 and admin 1; see the fixture's README), copied to `dir`.
fn copy_current_release_db(dir: &std::path::Path) {
    let from = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/store-v1-db");
    std::fs::create_dir_all(dir.join("blobs")).unwrap();
    for file in ["conf", "db"] {
        std::fs::copy(from.join(file), dir.join(file)).unwrap();
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_database_of_the_release_before_pages_is_rewritten_once_and_keeps_everything() {
    let dir = tempfile::tempdir().unwrap();
    copy_current_release_db(dir.path());
    for opening in 0..2 {
        let store = Store::open(dir.path()).unwrap();
        let chat = |id| store.chat(ChatId(id)).unwrap().unwrap();
        assert_eq!(chat(11).first_user_lang.as_deref(), Some("bn"));
        assert_eq!(
            (chat(12).chosen_lang, chat(12).first_user_lang.as_deref()),
            (Some(Lang::BN_IN), Some("bn"))
        );
        assert_eq!(chat(14).chosen_lang, Some(Lang::BN_BD));
        assert_eq!(chat(16).kind, ChatKind::Private);
        assert_eq!(
            store.subscriptions(ChatId(11)).unwrap(),
            vec![sid("bkash"), sid("whatsapp")]
        );
        assert_eq!(
            store.subscriptions(ChatId(13)).unwrap(),
            vec![sid("facebook"), sid("whatsapp")]
        );
        assert!(store.subscriptions(ChatId(14)).unwrap().is_empty());
        let whatsapp: Vec<(ChatId, Option<Lang>)> = store
            .subscribers_after(&sid("whatsapp"), None, 10)
            .unwrap()
            .into_iter()
            .map(|(c, l)| (c, l.language.chosen))
            .collect();
        assert_eq!(
            whatsapp,
            vec![
                (ChatId(11), None),
                (ChatId(12), Some(Lang::BN_IN)),
                (ChatId(13), None)
            ]
        );
        let incident = store.open_incident(&sid("whatsapp")).unwrap().unwrap();
        assert_eq!(incident.timeline.len(), 1);
        assert!(store.is_probe_muted(&sid("bkash")).unwrap());
        let names: Vec<String> = store
            .trees
            .db
            .tree_names()
            .iter()
            .map(|n| String::from_utf8_lossy(n).into_owned())
            .collect();
        for old in ["chats", "subs", "chat_subs"] {
            assert!(
                !names.contains(&old.to_owned()),
                "{old} is gone ({opening})"
            );
        }
        // It goes on working: a new subscriber joins the pages.
        store
            .subscribe(ChatId(14), &[sid("whatsapp")])
            .await
            .unwrap();
        assert_eq!(store.subscriber_count(&sid("whatsapp")), 4);
        store
            .unsubscribe(ChatId(14), &[sid("whatsapp")])
            .await
            .unwrap();
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_rewrite_stopped_half_way_starts_again_and_one_stopped_after_cleans_up() {
    // Stopped half-way: the new trees hold a partial page, the schema is still 1.
    let dir = tempfile::tempdir().unwrap();
    restore_v1(dir.path());
    {
        let db = raw_db(dir.path());
        let partial = db.open_tree("chat_pages").unwrap();
        partial.insert(chat_key(ChatId(1)), &[1u8, 0, 0]).unwrap();
        db.flush().unwrap();
    }
    {
        let store = Store::open(dir.path()).unwrap();
        assert_eq!(
            store.subscriptions(ChatId(5550001)).unwrap(),
            vec![sid("bkash"), sid("whatsapp")]
        );
        assert!(
            store.chat(ChatId(1)).unwrap().is_none(),
            "the partial page went"
        );
    }
    // Stopped after schema 2 was recorded: an old tree is still there.
    {
        let db = raw_db(dir.path());
        db.open_tree("subs").unwrap().insert(b"junk", b"").unwrap();
        db.flush().unwrap();
    }
    let store = Store::open(dir.path()).unwrap();
    assert!(
        !store
            .trees
            .db
            .tree_names()
            .iter()
            .any(|n| n.as_ref() == b"subs")
    );
    assert_eq!(store.subscriber_count(&sid("whatsapp")), 3);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_chat_seen_after_it_subscribed_gets_its_language_beside_its_subscriptions() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    store.subscribe(ChatId(9), &[sid("bkash")]).await.unwrap();
    assert!(store.chat(ChatId(9)).unwrap().is_none());
    store
        .chat_or_insert(ChatId(9), ChatSettings::new(ChatKind::Private, Some("bn")))
        .await
        .unwrap();
    store
        .set_chat_lang(
            ChatId(9),
            Lang::BN_IN,
            ChatSettings::new(ChatKind::Private, None),
        )
        .await
        .unwrap();
    let (chat, language) = store
        .subscribers_after(&sid("bkash"), None, 1)
        .unwrap()
        .remove(0);
    assert_eq!(
        (
            chat,
            language.language.chosen,
            language.language.telegram.as_deref()
        ),
        (ChatId(9), Some(Lang::BN_IN), Some("bn"))
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn chats_loaded_at_once_read_as_if_each_had_subscribed() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let chats: Vec<_> = (0..1_000i64)
        .rev()
        .map(|i| {
            let services = if i % 3 == 0 {
                vec![sid("whatsapp"), sid("bkash")]
            } else {
                vec![sid("whatsapp")]
            };
            let code = if i % 2 == 0 { "bn" } else { "en" };
            (
                ChatId(i - 500),
                ChatSettings::new(ChatKind::Private, Some(code)),
                services,
            )
        })
        .collect();
    assert_eq!(store.load_chats(chats.clone()).await.unwrap(), 1_000);
    assert_eq!(store.subscriber_count(&sid("whatsapp")), 1_000);
    assert_eq!(store.subscriber_count(&sid("bkash")), 334);
    assert_eq!(
        store.subscriptions(ChatId(-500)).unwrap(),
        vec![sid("bkash"), sid("whatsapp")]
    );
    let first = store.subscribers_after(&sid("whatsapp"), None, 2).unwrap();
    assert_eq!(first[0].0, ChatId(-500));
    assert_eq!(first[0].1.language.telegram.as_deref(), Some("bn"));
    assert_eq!(first[1].1.language.telegram.as_deref(), Some("en"));
    // Then it works as usual, and a second load is refused.
    store
        .unsubscribe(ChatId(-500), &[sid("bkash")])
        .await
        .unwrap();
    assert_eq!(store.subscriber_count(&sid("bkash")), 333);
    assert!(store.load_chats(chats).await.is_err());
}

#[tokio::test(flavor = "multi_thread")]
async fn a_backup_restored_elsewhere_is_the_same_store_byte_for_byte_and_verifies_clean() {
    let (first, second) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    copy_current_release_db(first.path());
    let original = Store::open(first.path()).unwrap();
    original
        .subscribe(ChatId(-1002), &[sid("bkash")])
        .await
        .unwrap();
    let verified = original.verify(None).await.unwrap();
    assert_eq!(verified.problems, Vec::<String>::new());
    assert!(verified.checked["chat_pages"] > 0 && verified.checked["incidents"] > 0);
    let file = original.snapshot().await.unwrap().encode();

    let (header, snapshot) = Snapshot::decode(&file).unwrap();
    let copy = Store::open(second.path()).unwrap();
    copy.restore(snapshot).await.unwrap();
    assert_eq!(copy.snapshot().await.unwrap().encode(), file);
    assert_eq!(copy.verify(None).await.unwrap().checked, verified.checked);
    assert_eq!(
        copy.subscriptions(ChatId(-1002)).unwrap(),
        vec![sid("bkash")]
    );
    assert_eq!(header.trees["chat_pages"], verified.checked["chat_pages"]);
    // A store with data is never overwritten.
    let (_, again) = Snapshot::decode(&file).unwrap();
    assert!(copy.restore(again).await.is_err());
    // What is posted after the import gets ids above every imported one, also after
    // a restart: nothing imported is overwritten.
    let highest = copy.recent_incidents(None, 1).unwrap()[0].id;
    let imported = copy.recent_incidents(None, 100).unwrap().len();
    drop(copy);
    let copy = Store::open(second.path()).unwrap();
    let at = Utc.with_ymd_and_hms(2026, 11, 29, 6, 0, 0).unwrap();
    let id = incident_that_lasted(&copy, "gmail", at, 30).await;
    assert!(id > highest, "new id {id} not above {highest}");
    assert_eq!(
        copy.recent_incidents(None, 100).unwrap().len(),
        imported + 1
    );
    let new_broadcasts: Vec<u64> = copy
        .pending_broadcasts()
        .unwrap()
        .iter()
        .filter(|b| b.notice.incident_id() == Some(id))
        .map(|b| b.id)
        .collect();
    assert!(!new_broadcasts.is_empty() && new_broadcasts.iter().all(|&b| b > highest));
}

#[tokio::test(flavor = "multi_thread")]
async fn verify_lists_what_disagrees_and_repair_mends_what_is_derived() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    for chat in 1..=300 {
        store
            .chat_or_insert(
                ChatId(chat),
                ChatSettings::new(ChatKind::Private, Some("bn")),
            )
            .await
            .unwrap();
        store
            .subscribe(ChatId(chat), &[sid("whatsapp"), sid("bkash")])
            .await
            .unwrap();
    }
    assert_eq!(
        store.verify(None).await.unwrap().problems,
        Vec::<String>::new()
    );
    let at = Utc.with_ymd_and_hms(2022, 11, 1, 6, 30, 0).unwrap();
    let incident = whatsapp_down(at);
    let mut orphan = Incident {
        id: 77,
        ..incident.clone()
    };
    orphan.service = sid("bkash");
    let stray = Broadcast::new(
        5,
        Notice::Incident(IncidentNotice::latest_of(&orphan)),
        crate::domain::Audience::Listed,
        0,
        None,
    );
    // Damage behind the store's back: a subscriber page entry lost, a broadcast of an
    // incident that is not kept (with its audience list), a list of no broadcast, a
    // report left behind long after its window, a stale index entry.
    let t = &store.trees;
    let whatsapp = t.sub_pages(&sid("whatsapp"));
    for (key, value) in whatsapp.plan_remove(ChatId(150)).unwrap() {
        match value {
            Some(v) => t.sub_pages.insert(key, v).unwrap(),
            None => t.sub_pages.remove(key).unwrap(),
        };
    }
    t.outbox.insert(id_key(5), encode_record(&stray)).unwrap();
    for broadcast in [5, 9] {
        t.listed
            .insert(
                [id_key(broadcast).as_slice(), &chat_key(ChatId(3))].concat(),
                &[],
            )
            .unwrap();
    }
    t.reports
        .insert(report_key(&sid("bkash"), UserId(999)), &millis(at))
        .unwrap();
    // A report made in a group by someone who never wrote in private is fine.
    let now = at + Duration::days(1);
    t.reports
        .insert(
            report_key(&sid("bkash"), UserId(998)),
            &millis(now - Duration::minutes(5)),
        )
        .unwrap();
    t.open.insert("gmail", &id_key(404)).unwrap();

    let window = Some(now - Duration::minutes(30));
    let verified = store.verify(window).await.unwrap();
    // A report past its window no longer counts, and the hourly sweep takes it: a note.
    assert!(
        verified.notes.iter().any(|n| n
            .contains("reports: a report by 999 from 2022-11-01 06:30:00 UTC, past its window")),
        "{verified:#?}"
    );
    let found = verified.problems;
    let expect = [
        "chat 150 follows whatsapp but is missing from its subscribers",
        "outbox: broadcast 5 names incident 77, which does not exist",
        "open: gmail points to no incident",
        "belongs to no broadcast in the outbox",
        // The count the writer keeps is no longer what the pages hold.
        "subscriber count of whatsapp: 300 kept, 299 in the pages",
    ];
    for problem in expect {
        assert!(
            found.iter().any(|p| p.contains(problem)),
            "{problem} not in {found:#?}"
        );
    }
    assert_eq!(found.len(), expect.len(), "{found:#?}");

    // One repair mends it all; the stray broadcast is kept, set aside, and noted.
    store.repair(window).await.unwrap();
    let after = store.verify(window).await.unwrap();
    assert_eq!(after.problems, Vec::<String>::new());
    assert_eq!(after.notes.len(), 1, "{after:#?}");
    assert!(after.notes[0].starts_with("quarantine: 1 "), "{after:#?}");
    assert_eq!(store.subscriber_count(&sid("whatsapp")), 300);
    assert_eq!(store.subscriber_count(&sid("bkash")), 300);
    assert!(store.pending_broadcasts().unwrap().is_empty());
    assert_eq!(t.reports.len(), 1, "the fresh report stays");
    assert!(t.listed.is_empty());

    // A chat that does not decode (written by a newer build, say): repair would rebuild
    // from less than there is, so it changes nothing.
    t.chat_pages
        .insert(chat_key(ChatId(1_000_000)), &[9, 9, 9])
        .unwrap();
    let pages_before: Vec<_> = t.sub_pages.iter().collect();
    assert!(store.repair(window).await.is_err());
    assert_eq!(t.sub_pages.iter().collect::<Vec<_>>(), pages_before);
    assert!(!store.verify(window).await.unwrap().problems.is_empty());
}

/// An incident of `service` opened at `at` and resolved `minutes` later, stored with the
/// broadcasts of both events, which are then finished as delivery would.
async fn incident_that_lasted(
    store: &Store,
    service: &str,
    at: chrono::DateTime<Utc>,
    minutes: i64,
) -> u64 {
    let service = sid(service);
    store
        .change_incident(service.clone(), move |tx| {
            let id = tx.next_id()?;
            let mut incident = Incident::open(
                id,
                service,
                Severity::MajorOutage,
                LocalizedText::parse("Payments fail"),
                at,
                Source::Admin(UserId(1)),
            );
            for update in 0..3 {
                let text = LocalizedText::parse(&format!(
                    "[en] Still failing, update {update} [bn] এখনো সমস্যা"
                ));
                incident
                    .update(None, text, at + Duration::minutes(update + 1))
                    .unwrap();
            }
            incident
                .resolve(LocalizedText::default(), at + Duration::minutes(minutes))
                .unwrap();
            let broadcast = Broadcast::new(
                tx.next_id()?,
                Notice::Incident(IncidentNotice::latest_of(&incident)),
                crate::domain::Audience::Subscribers,
                0,
                None,
            );
            tx.record(incident, broadcast);
            Ok(id)
        })
        .await
        .unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn old_incidents_fold_into_a_summary_and_recent_or_unsent_ones_stay() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let start = Utc.with_ymd_and_hms(2025, 1, 1, 0, 0, 0).unwrap();
    for day in 0..4 {
        incident_that_lasted(&store, "bkash", start + Duration::days(day), 60).await;
    }
    for b in store.pending_broadcasts().unwrap().into_iter().skip(1) {
        store.finish_broadcast(b.id).await.unwrap();
    }
    // The first incident's broadcast is still going: it waits; the last is recent.
    let folded = store.fold_history(start + Duration::days(3)).await.unwrap();
    assert_eq!(folded, 2);
    let summary = store.past_incidents(None).unwrap();
    assert_eq!(summary.len(), 1);
    assert_eq!(summary[0].1.count, 2);
    assert_eq!(summary[0].1.downtime, Duration::hours(2));
    assert_eq!(summary[0].1.since, start + Duration::days(1));
    assert_eq!(store.recent_incidents(None, 10).unwrap().len(), 2);
    // Once its broadcast is done, the first folds in too, and the summary adds up.
    for b in store.pending_broadcasts().unwrap() {
        store.finish_broadcast(b.id).await.unwrap();
    }
    assert_eq!(
        store.fold_history(start + Duration::days(3)).await.unwrap(),
        1
    );
    let summary = store.past_incidents(Some(&sid("bkash"))).unwrap();
    assert_eq!((summary[0].1.count, summary[0].1.since), (3, start));
    assert!(
        store
            .past_incidents(Some(&sid("gmail")))
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        store.verify(None).await.unwrap().problems,
        Vec::<String>::new()
    );
}

/// Soak: 5,000 incidents with updates over two years, the history keeping 30 days. What
/// the store holds stops growing once the first 30 days have passed (the records kept
/// and the bytes of them), and so do sled's files, once its segments are reused (about
/// 2.6 MB here from the fifth month on).
#[tokio::test(flavor = "multi_thread")]
async fn five_thousand_incidents_leave_a_store_that_stops_growing() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let start = Utc.with_ymd_and_hms(2024, 1, 1, 0, 0, 0).unwrap();
    let services = ["bkash", "whatsapp", "gmail", "facebook", "youtube"];
    let keep = Duration::days(30);
    let live_bytes = |store: &Store| -> u64 {
        let snapshot = &store.trees;
        TreeName::BACKED_UP
            .iter()
            .map(|name| {
                snapshot
                    .get(*name)
                    .iter()
                    .map(|e| {
                        let (k, v) = e.unwrap();
                        (k.len() + v.len()) as u64
                    })
                    .sum::<u64>()
            })
            .sum()
    };
    let mut samples = Vec::new();
    for n in 0..5_000i64 {
        // About seven incidents a day.
        let at = start + Duration::minutes(n * 205);
        incident_that_lasted(&store, services[n as usize % services.len()], at, 45).await;
        for b in store.pending_broadcasts().unwrap() {
            store.finish_broadcast(b.id).await.unwrap();
        }
        if n % 168 == 167 {
            store.fold_history(at - keep).await.unwrap();
            samples.push((
                store.trees.incidents.len(),
                live_bytes(&store),
                store.trees.db.size_on_disk().unwrap(),
            ));
        }
    }
    // After the first 30 days (about 210 incidents), the incidents kept and the bytes
    // held stay within the same bounds to the end.
    let settled = &samples[2..];
    let most = settled.iter().map(|s| s.0).max().unwrap();
    let least = settled.iter().map(|s| s.0).min().unwrap();
    assert!(most <= 215 && least >= 200, "{samples:?}");
    let (first_bytes, last_bytes) = (settled[0].1, settled.last().unwrap().1);
    assert!(
        last_bytes <= first_bytes + first_bytes / 10,
        "the store grew from {first_bytes} to {last_bytes} bytes: {samples:?}"
    );
    let (disk_then, disk_at_end) = (samples[5].2, samples.last().unwrap().2);
    assert!(
        disk_at_end <= disk_then + disk_then / 10,
        "sled's files grew from {disk_then} to {disk_at_end} bytes: {samples:?}"
    );
    let summary = store.past_incidents(None).unwrap();
    let folded: u64 = summary.iter().map(|(_, p)| p.count).sum();
    assert_eq!(folded as usize + store.trees.incidents.len(), 5_000);
}

/// Plans a two-hour window of bkash `day` days after `start` (the planning moment);
/// `over` runs it to its end at once. Returns its id.
async fn window_on(store: &Store, start: chrono::DateTime<Utc>, day: i64, over: bool) -> u64 {
    use crate::domain::maintenance::{MaintenanceEvent, Step, Window};
    store
        .change_windows(move |tx| {
            let mut window = Window::plan(
                tx.next_id()?,
                sid("bkash"),
                start + Duration::days(day),
                Duration::hours(2),
                LocalizedText::default(),
                Source::Api,
                start,
                Duration::hours(1),
                &tx.windows()?,
            )
            .expect("a window that can be planned");
            let event = if over {
                window.apply(Step::Start, window.ends);
                window.apply(Step::End, window.ends)
            } else {
                Some(MaintenanceEvent::Scheduled)
            };
            let id = window.id;
            tx.record(window, event.map(|e| (e, start)), None)?;
            Ok(id)
        })
        .await
        .unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn windows_over_long_enough_are_deleted_once_their_notices_are_out() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let start = Utc.with_ymd_and_hms(2025, 1, 1, 0, 0, 0).unwrap();
    for (day, over) in [(0, true), (1, true), (40, false)] {
        window_on(&store, start, day, over).await;
    }
    // The first two ended; the notice of the second is still going out.
    let pending = store.pending_broadcasts().unwrap();
    store.finish_broadcast(pending[0].id).await.unwrap();
    let before = start + Duration::days(30);
    assert_eq!(store.forget_windows(before).await.unwrap(), 1);
    assert_eq!(store.windows().unwrap().len(), 2);
    for b in store.pending_broadcasts().unwrap() {
        store.finish_broadcast(b.id).await.unwrap();
    }
    assert_eq!(store.forget_windows(before).await.unwrap(), 1);
    let left = store.windows().unwrap();
    assert_eq!(left.len(), 1, "the planned one stays");
    assert!(left[0].is_active());
    assert_eq!(
        store.verify(None).await.unwrap().problems,
        Vec::<String>::new()
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_window_planned_after_an_import_never_takes_an_imported_windows_id() {
    let (first, second) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let original = Store::open(first.path()).unwrap();
    let start = Utc.with_ymd_and_hms(2025, 1, 1, 0, 0, 0).unwrap();
    // The window's id is the highest the data holds, and its notice went out.
    let imported = window_on(&original, start, 5, false).await;
    for b in original.pending_broadcasts().unwrap() {
        original.finish_broadcast(b.id).await.unwrap();
    }
    let (_, snapshot) = Snapshot::decode(&original.snapshot().await.unwrap().encode()).unwrap();
    let copy = Store::open(second.path()).unwrap();
    copy.restore(snapshot).await.unwrap();
    let planned = window_on(&copy, start, 9, false).await;
    assert!(planned > imported, "new id {planned} not above {imported}");
    assert_eq!(
        copy.windows().unwrap().len(),
        2,
        "the imported window is kept"
    );
}

/// A database of the release whose pages gave an entry one length byte
/// (`tests/fixtures/store-v2-db`, made with its console on a 43-service catalog; see the
/// fixture's README), copied to `dir`.
fn copy_first_layout_db(dir: &std::path::Path) {
    let from = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/store-v2-db");
    std::fs::create_dir_all(dir.join("blobs")).unwrap();
    for file in ["conf", "db"] {
        std::fs::copy(from.join(file), dir.join(file)).unwrap();
    }
}

fn forty() -> Vec<ServiceId> {
    (1..=40)
        .map(|i| sid(&format!("service_number_{i:02}")))
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_database_of_the_first_page_layout_keeps_every_chat_and_the_cut_one_is_whole_again() {
    let dir = tempfile::tempdir().unwrap();
    copy_first_layout_db(dir.path());
    for opening in 0..2 {
        let store = Store::open(dir.path()).unwrap();
        let chat = |id| store.chat(ChatId(id)).unwrap().unwrap();
        assert_eq!(chat(11).first_user_lang.as_deref(), Some("bn"));
        assert_eq!(chat(12).chosen_lang, Some(Lang::BN_IN));
        assert_eq!(
            chat(12).preferences.quiet,
            QuietHours::new(22 * 60, 7 * 60),
            "opening {opening}"
        );
        assert!(chat(14).preferences.only_outages);
        assert_eq!(chat(16).kind, ChatKind::Private);
        assert_eq!(
            store.subscriptions(ChatId(11)).unwrap(),
            vec![sid("bkash"), sid("whatsapp")]
        );
        assert_eq!(
            store.subscriptions(ChatId(14)).unwrap(),
            vec![sid("facebook"), sid("whatsapp")]
        );
        // The chat the old layout cut short: its forty subscriptions and its settings.
        assert_eq!(store.subscriptions(ChatId(13)).unwrap(), forty());
        assert_eq!(chat(13).first_user_lang.as_deref(), Some("en"));
        assert_eq!(store.subscriber_count(&sid("service_number_17")), 1);
        assert_eq!(store.subscriber_count(&sid("whatsapp")), 3);
        assert!(store.open_incident(&sid("whatsapp")).unwrap().is_some());
        let verified = store.verify(None).await.unwrap();
        assert!(verified.problems.is_empty(), "{:?}", verified.problems);
        // And it can leave.
        if opening == 1 {
            assert_eq!(store.forget_chat(ChatId(13)).await.unwrap(), forty());
            assert!(store.chat(ChatId(13)).unwrap().is_none());
            assert_eq!(store.subscriber_count(&sid("service_number_17")), 0);
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_backup_of_the_first_page_layout_imports_whole() {
    // The fixture's trees as a backup of that release holds them.
    let dir = tempfile::tempdir().unwrap();
    copy_first_layout_db(dir.path());
    let mut snapshot = Snapshot::default();
    {
        let db = raw_db(dir.path());
        for name in TreeName::BACKED_UP {
            let tree = db.open_tree(name.name()).unwrap();
            let entries = tree
                .iter()
                .map(|e| e.map(|(k, v)| (k.to_vec(), v.to_vec())).unwrap())
                .collect();
            snapshot.trees.push(entries);
        }
    }
    let fresh = tempfile::tempdir().unwrap();
    let store = Store::open(fresh.path()).unwrap();
    store.restore(snapshot).await.unwrap();
    assert_eq!(store.subscriptions(ChatId(13)).unwrap(), forty());
    assert_eq!(store.subscriptions(ChatId(11)).unwrap().len(), 2);
    let verified = store.verify(None).await.unwrap();
    assert!(verified.problems.is_empty(), "{:?}", verified.problems);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_chat_may_follow_every_service_up_to_the_most_and_no_more() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let many: Vec<ServiceId> = (0..entries::MAX_SUBSCRIPTIONS)
        .map(|i| sid(&format!("a-service-with-a-long-id-{i:05}")))
        .collect();
    store.subscribe(ChatId(7), &many).await.unwrap();
    assert_eq!(store.subscriptions(ChatId(7)).unwrap().len(), many.len());
    let one_more = sid("one_more_service");
    assert!(matches!(
        store.subscribe(ChatId(7), std::slice::from_ref(&one_more)).await,
        Err(StoreError::TooManySubscriptions { most }) if most == entries::MAX_SUBSCRIPTIONS
    ));
    assert_eq!(store.subscriber_count(&one_more), 0, "nothing was written");
    assert_eq!(store.subscriptions(ChatId(7)).unwrap().len(), many.len());
    assert_eq!(
        store.forget_chat(ChatId(7)).await.unwrap().len(),
        many.len()
    );
}

mod round_trip {
    use proptest::prelude::*;

    use super::*;

    /// A catalog of 200 services with ids of every length a configuration allows.
    fn catalog() -> Vec<ServiceId> {
        (0..200)
            .map(|i| {
                let id = format!("s{i:03}-{}", "x".repeat(i % 29));
                sid(&id[..id.len().min(ServiceId::MAX_LEN)])
            })
            .collect()
    }

    fn language() -> impl Strategy<Value = (Option<Lang>, Option<String>)> {
        (
            prop::option::of(prop::sample::select(vec![
                Lang::EN,
                Lang::BN,
                Lang::BN_BD,
                Lang::BN_IN,
            ])),
            prop::option::of("[a-zA-Z-]{0,40}|বাংলা-[a-z]{0,30}"),
        )
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(24))]

        #[test]
        fn random_chats_with_any_of_two_hundred_services_read_back(
            chats in prop::collection::vec(
                (
                    any::<i64>(),
                    prop::collection::vec(0usize..200, 0..200),
                    language(),
                    any::<bool>(),
                    prop::option::of((0u16..1440, 0u16..1440)),
                ),
                1..12,
            )
        ) {
            let runtime = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()
                .unwrap();
            runtime.block_on(async {
                let dir = tempfile::tempdir().unwrap();
                let store = Store::open(dir.path()).unwrap();
                let catalog = catalog();
                let mut expected = std::collections::BTreeMap::new();
                for (id, picks, (chosen, telegram), only_outages, quiet) in chats {
                    let chat = ChatId(id);
                    let mut services: Vec<ServiceId> =
                        picks.iter().map(|&i| catalog[i].clone()).collect();
                    let settings = ChatSettings::new(ChatKind::Private, telegram.as_deref());
                    store.chat_or_insert(chat, settings.clone()).await.unwrap();
                    if let Some(lang) = chosen {
                        store.set_chat_lang(chat, lang, settings.clone()).await.unwrap();
                    }
                    let quiet = quiet.and_then(|(from, to)| QuietHours::new(from, to));
                    store
                        .change_preferences(chat, settings, move |p| {
                            p.only_outages = only_outages;
                            p.quiet = quiet;
                        })
                        .await
                        .unwrap();
                    store.subscribe(chat, &services).await.unwrap();
                    services.sort();
                    services.dedup();
                    expected.insert(chat, services);
                }
                // Read back, then again after the store is opened anew.
                drop(store);
                let store = Store::open(dir.path()).unwrap();
                for (chat, services) in &expected {
                    assert_eq!(&store.subscriptions(*chat).unwrap(), services);
                    let recipient = store.recipient(*chat).unwrap();
                    for service in services {
                        let beside = store
                            .subscribers_after(service, Some(ChatId(chat.0.saturating_sub(1))), 1)
                            .unwrap();
                        if chat.0 != i64::MIN {
                            assert_eq!(beside[0].0, *chat);
                            assert_eq!(beside[0].1, recipient);
                        }
                    }
                }
                let verified = store.verify(None).await.unwrap();
                assert!(verified.problems.is_empty(), "{:?}", verified.problems);
            });
        }

        #[test]
        fn an_entry_reads_back_as_written_or_is_refused(
            picks in prop::collection::vec(0usize..200, 0..600),
            (chosen, telegram) in language(),
            kind in prop::sample::select(vec![ChatKind::Private, ChatKind::Group, ChatKind::Channel]),
        ) {
            let catalog = catalog();
            let mut services: Vec<ServiceId> = picks.iter().map(|&i| catalog[i].clone()).collect();
            services.sort();
            services.dedup();
            let mut settings = ChatSettings::new(kind, telegram.as_deref());
            settings.chosen_lang = chosen;
            let entry = entries::ChatEntry { settings: Some(settings), services };
            let bytes = entry.encode_checked().unwrap();
            let page = pages::Page { entries: vec![(ChatId(1), bytes)] };
            let back = pages::Page::decode("t", &page.encode()).unwrap();
            let read = entries::ChatEntry::decode("t", &back.entries[0].1).unwrap();
            let want = entry.clone();
            prop_assert_eq!(read, want);
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn an_import_with_a_record_the_store_cannot_read_or_an_id_near_the_end_writes_nothing() {
    let index = |name: &str| {
        TreeName::BACKED_UP
            .iter()
            .position(|t| t.name() == name)
            .unwrap()
    };
    let empty = || Snapshot {
        trees: vec![Vec::new(); TreeName::BACKED_UP.len()],
    };
    let mut undecodable = empty();
    undecodable.trees[index("incidents")] = vec![(7u64.to_be_bytes().to_vec(), b"\x01{}".to_vec())];
    let mut cut_page = empty();
    cut_page.trees[index("chat_pages")] =
        vec![(vec![0; 8], vec![2, 0x80, 0, 0, 0, 0, 0, 0, 1, 50])];
    let mut near_the_end = empty();
    near_the_end.trees[index("outbox")] = vec![(
        (u64::MAX - 3).to_be_bytes().to_vec(),
        store_broadcast_bytes(),
    )];
    for (what, snapshot) in [
        ("an incident that is not one", undecodable),
        ("a page cut short", cut_page),
        ("an id near the largest", near_the_end),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        assert!(store.restore(snapshot).await.is_err(), "{what}");
        let left = store.snapshot().await.unwrap();
        assert!(
            left.trees.iter().all(Vec::is_empty),
            "{what}: nothing written"
        );
    }
}

/// A broadcast record as the store writes it.
fn store_broadcast_bytes() -> Vec<u8> {
    let notice = IncidentNotice::latest_of(&Incident::open(
        1,
        sid("whatsapp"),
        Severity::MajorOutage,
        LocalizedText::default(),
        Utc.with_ymd_and_hms(2022, 11, 1, 6, 30, 0).unwrap(),
        Source::Api,
    ));
    codec::encode_record(&Broadcast::new(
        2,
        Notice::Incident(notice),
        crate::domain::Audience::Subscribers,
        0,
        None,
    ))
}

/// `count` reports of one service from distinct users at once, each spawned: the
/// handles, to be awaited.
fn report_burst(
    store: &Store,
    count: i64,
    now: chrono::DateTime<Utc>,
    rule: ReportWindow,
) -> Vec<tokio::task::JoinHandle<Recorded>> {
    (0..count)
        .map(|user| {
            let store = store.clone();
            tokio::spawn(async move {
                store
                    .record_report(
                        &sid("whatsapp"),
                        Reporter::User(UserId(10_000 + user)),
                        now,
                        &rule,
                    )
                    .await
                    .unwrap()
            })
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "timed: beside five other tests on two cores the writer gets too little CPU to say; .ci/run runs it on its own"]
async fn a_subscribe_is_not_held_behind_twelve_thousand_reports() {
    let now = Utc.with_ymd_and_hms(2022, 11, 1, 6, 30, 0).unwrap();
    // What a thousand reports cost on this machine and build: the yardstick, so the
    // bound below says "linear", not "fast on the machine it was written on" (a debug
    // build took 0.8 s for the twelve thousand on one machine, 1.3 s on another).
    let yardstick = {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        let started = std::time::Instant::now();
        for report in report_burst(&store, 1_000, now, report_rule(100_000)) {
            report.await.unwrap();
        }
        started.elapsed()
    };
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let rule = report_rule(100);
    let started = std::time::Instant::now();
    let reports = report_burst(&store, 12_000, now, rule);
    tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    let asked = std::time::Instant::now();
    store.subscribe(ChatId(7), &[sid("bkash")]).await.unwrap();
    let waited = asked.elapsed();
    let mut alerts = 0;
    for report in reports {
        if matches!(report.await.unwrap().outcome, ReportOutcome::Alert { .. }) {
            alerts += 1;
        }
    }
    eprintln!(
        "the subscribe waited {waited:?}; all took {:?}; a thousand alone {yardstick:?}",
        started.elapsed()
    );
    assert_eq!(alerts, 1, "the hundredth reporter alerted, once");
    // Each report costs the same however many came before it, so the subscribe waits
    // at most for twelve thousand at a thousand's price (three times over, for the
    // noise of a shared machine; 14 times the yardstick is usual). The stall this
    // guards against read every earlier report for each new one: 144 times the
    // yardstick and more, 39 s in a release build.
    assert!(
        waited < yardstick * 36,
        "the subscribe waited {waited:?} ({:?} for all; a thousand alone {yardstick:?})",
        started.elapsed()
    );
    assert_eq!(
        store
            .record_report(&sid("whatsapp"), Reporter::User(UserId(10_000)), now, &rule)
            .await
            .unwrap()
            .outcome,
        ReportOutcome::AlreadyCounted
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_services_history_is_read_through_its_index_and_the_index_mends_itself() {
    let dir = tempfile::tempdir().unwrap();
    let start = Utc.with_ymd_and_hms(2025, 1, 1, 0, 0, 0).unwrap();
    let mut bkash = Vec::new();
    {
        let store = Store::open(dir.path()).unwrap();
        // bKash is quiet: two incidents among many of WhatsApp's.
        for day in 0..40 {
            let service = if day % 20 == 7 { "bkash" } else { "whatsapp" };
            let id = incident_that_lasted(&store, service, start + Duration::days(day), 30).await;
            if service == "bkash" {
                bkash.push(id);
            }
        }
        bkash.reverse();
        let ids = |incidents: Vec<Incident>| incidents.iter().map(|i| i.id).collect::<Vec<_>>();
        assert_eq!(
            ids(store.recent_incidents(Some(&sid("bkash")), 10).unwrap()),
            bkash
        );
        assert_eq!(
            store
                .recent_incidents(Some(&sid("whatsapp")), 5)
                .unwrap()
                .len(),
            5
        );
        assert!(
            store
                .recent_incidents(Some(&sid("gmail")), 10)
                .unwrap()
                .is_empty()
        );
        // Folded incidents leave the index in the same write.
        for b in store.pending_broadcasts().unwrap() {
            store.finish_broadcast(b.id).await.unwrap();
        }
        store
            .fold_history(start + Duration::days(10))
            .await
            .unwrap();
        assert_eq!(
            ids(store.recent_incidents(Some(&sid("bkash")), 10).unwrap()),
            bkash[..1]
        );
        assert_eq!(
            store.verify(None).await.unwrap().problems,
            Vec::<String>::new()
        );
        store.close().await.unwrap();
    }
    // An index that lost entries (as a store made before it had one) is built again.
    {
        let db = raw_db(dir.path());
        let index = db.open_tree("incident_index").unwrap();
        let first = index.iter().keys().next().unwrap().unwrap();
        index.remove(first).unwrap();
        db.flush().unwrap();
    }
    let store = Store::open(dir.path()).unwrap();
    assert_eq!(
        store.verify(None).await.unwrap().problems,
        Vec::<String>::new()
    );
    assert_eq!(
        store
            .recent_incidents(Some(&sid("bkash")), 10)
            .unwrap()
            .len(),
        1
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn verify_finds_an_index_entry_that_points_nowhere_and_repair_drops_it() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let start = Utc.with_ymd_and_hms(2025, 1, 1, 0, 0, 0).unwrap();
    incident_that_lasted(&store, "bkash", start, 30).await;
    store
        .trees
        .incident_index
        .insert(indexes::incident_index_key(&sid("bkash"), 999), &[])
        .unwrap();
    let problems = store.verify(None).await.unwrap().problems;
    assert!(
        problems.iter().any(|p| p.contains("incident_index")),
        "{problems:?}"
    );
    store.repair(None).await.unwrap();
    assert_eq!(
        store.verify(None).await.unwrap().problems,
        Vec::<String>::new()
    );
}

/// The subscriber counts the writer keeps agree with the pages whatever two writers do
/// at once: subscribe, unsubscribe, stop, a group moving to a supergroup; and again
/// after a reopen, an import and a bulk load.
#[tokio::test(flavor = "multi_thread")]
async fn subscriber_counts_kept_by_the_writer_agree_with_the_pages() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let services = [sid("whatsapp"), sid("bkash"), sid("gmail")];
    let mut writers = Vec::new();
    for writer in 0..2i64 {
        let store = store.clone();
        let services = services.clone();
        writers.push(tokio::spawn(async move {
            for step in 0..400i64 {
                let chat = ChatId((step * 7 + writer * 3) % 97 - 40);
                let some = &services[(step % 3) as usize..];
                match step % 5 {
                    0 | 1 => drop(store.subscribe(chat, some).await.unwrap()),
                    2 => drop(store.unsubscribe(chat, &services[..2]).await.unwrap()),
                    3 => drop(store.forget_chat(chat).await.unwrap()),
                    _ => store
                        .migrate_chat(chat, ChatId(-chat.0 - 1000))
                        .await
                        .unwrap(),
                }
            }
        }));
    }
    for writer in writers {
        writer.await.unwrap();
    }
    let counted = |store: &Store| {
        services
            .iter()
            .map(|s| {
                let mut n = 0;
                let mut after = None;
                loop {
                    let page = store.subscribers_after(s, after, 100).unwrap();
                    let Some((last, _)) = page.last() else { break };
                    after = Some(*last);
                    n += page.len();
                }
                (store.subscriber_count(s), n)
            })
            .collect::<Vec<_>>()
    };
    for (kept, read) in counted(&store) {
        assert_eq!(kept, read);
    }
    assert!(counted(&store).iter().any(|&(n, _)| n > 0));
    assert_eq!(
        store.verify(None).await.unwrap().problems,
        Vec::<String>::new()
    );
    let before = counted(&store);
    let snapshot = store.snapshot().await.unwrap();
    store.close().await.unwrap();
    drop(store);
    let store = Store::open(dir.path()).unwrap();
    assert_eq!(counted(&store), before);
    let elsewhere = tempfile::tempdir().unwrap();
    let imported = Store::open(elsewhere.path()).unwrap();
    imported.restore(snapshot).await.unwrap();
    assert_eq!(counted(&imported), before);
    let loaded_dir = tempfile::tempdir().unwrap();
    let loaded = Store::open(loaded_dir.path()).unwrap();
    loaded
        .load_chats(vec![
            (
                ChatId(1),
                ChatSettings::new(ChatKind::Private, None),
                services.to_vec(),
            ),
            (
                ChatId(2),
                ChatSettings::new(ChatKind::Private, None),
                vec![sid("gmail")],
            ),
        ])
        .await
        .unwrap();
    assert_eq!(
        services
            .iter()
            .map(|s| loaded.subscriber_count(s))
            .collect::<Vec<_>>(),
        vec![1, 1, 2]
    );
}

/// Every record the store writes reads back as it was, for records built the way the bot
/// builds them with any values; and any bytes at all given to any decoder are read or
/// refused, never a panic (a damaged disk can hold anything).
mod every_encoding {
    use chrono::{DateTime, Duration, Utc};
    use proptest::prelude::*;

    use super::super::codec::{self, decode_record, encode_record};
    use super::super::entries::{ChatEntry, decode_recipient};
    use super::super::pages::Page;
    use super::super::records::Record;
    use crate::domain::maintenance::{Window, WindowState};
    use crate::domain::{
        Alarm, Audience, Broadcast, ChatId, Incident, IncidentNotice, Lang, LocalizedText,
        MaintenanceNotice, Notice, PastIncidents, Phase, Reach, ReportTo, ServiceId, Severity,
        Source, Tally, UserId,
    };

    fn at(ms: i64) -> DateTime<Utc> {
        DateTime::from_timestamp_millis(ms).unwrap()
    }

    fn time() -> impl Strategy<Value = DateTime<Utc>> {
        // 2001 … 2100, to the millisecond the store keeps.
        (978_307_200_000i64..4_102_444_800_000).prop_map(at)
    }

    fn service() -> impl Strategy<Value = ServiceId> {
        "[a-z][a-z0-9_]{0,30}".prop_map(|id| ServiceId::parse(&id).unwrap())
    }

    fn words() -> impl Strategy<Value = LocalizedText> {
        prop_oneof![
            "\\PC{0,60}",
            ("\\PC{0,30}", "\\PC{0,30}").prop_map(|(en, bn)| format!("[en] {en} [bn] {bn}")),
        ]
        .prop_map(|text| LocalizedText::parse(&text))
    }

    fn severity() -> impl Strategy<Value = Severity> {
        prop_oneof![Just(Severity::MajorOutage), Just(Severity::Degraded)]
    }

    fn source() -> impl Strategy<Value = Source> {
        prop_oneof![
            any::<i64>().prop_map(|u| Source::Admin(UserId(u))),
            Just(Source::Api),
            Just(Source::Alertmanager),
            Just(Source::Monitor),
            any::<i64>().prop_map(|u| Source::Crowd(UserId(u))),
            Just(Source::Probe),
        ]
    }

    /// An incident opened, updated, moved between severities and phases, maybe resolved.
    fn incident() -> impl Strategy<Value = Incident> {
        let step = prop_oneof![
            (
                prop::option::of(prop_oneof![
                    Just(Phase::Identified),
                    Just(Phase::Monitoring),
                    Just(Phase::Investigating)
                ]),
                words()
            )
                .prop_map(|(p, t)| (0u8, p, t)),
            words().prop_map(|t| (1u8, None, t)),
        ];
        (
            any::<u64>(),
            service(),
            severity(),
            words(),
            time(),
            source(),
            prop::collection::vec((step, 0i64..100_000_000), 0..6),
            prop::option::of((words(), 0i64..100_000_000)),
        )
            .prop_map(|(id, service, severity, text, start, source, steps, end)| {
                let mut incident = Incident::open(id, service, severity, text, start, source);
                let mut now = start;
                for ((kind, phase, text), after) in steps {
                    now += Duration::milliseconds(after);
                    let _ = match kind {
                        0 => incident.update(phase, text, now),
                        _ => {
                            let other = match incident.severity {
                                Severity::MajorOutage => Severity::Degraded,
                                Severity::Degraded => Severity::MajorOutage,
                            };
                            incident.change_severity(other, text, now)
                        }
                    };
                }
                if let Some((text, after)) = end {
                    incident
                        .resolve(text, now + Duration::milliseconds(after))
                        .unwrap();
                }
                incident
            })
    }

    fn window() -> impl Strategy<Value = Window> {
        (
            any::<u64>(),
            service(),
            time(),
            1i64..10_000_000,
            words(),
            prop_oneof![
                Just(WindowState::Planned),
                Just(WindowState::Running),
                Just(WindowState::Completed),
                Just(WindowState::EndedEarly),
                Just(WindowState::Cancelled),
            ],
            any::<bool>(),
            source(),
            any::<u32>(),
        )
            .prop_map(
                |(id, service, starts, long, text, state, remind, planned_by, held)| Window {
                    id,
                    service,
                    starts,
                    ends: starts + Duration::milliseconds(long),
                    text,
                    state,
                    remind,
                    planned_by,
                    planned_at: starts - Duration::days(1),
                    held,
                    cancelled_at: (state == WindowState::Cancelled)
                        .then(|| starts - Duration::hours(2)),
                    was_to_end: (state == WindowState::EndedEarly)
                        .then(|| starts + Duration::milliseconds(long) + Duration::hours(1)),
                    first_end: (held % 2 == 1).then(|| starts + Duration::milliseconds(long / 2)),
                    extended_at: (held % 2 == 1).then(|| starts - Duration::hours(1)),
                },
            )
    }

    fn chats() -> impl Strategy<Value = Vec<ChatId>> {
        prop::collection::vec(any::<i64>().prop_map(ChatId), 0..8)
    }

    fn broadcast() -> impl Strategy<Value = Broadcast> {
        let notice = prop_oneof![
            incident().prop_map(|i| Notice::Incident(IncidentNotice::latest_of(&i))),
            (window(), time()).prop_map(|(w, at)| Notice::Maintenance(MaintenanceNotice::of(
                &w,
                crate::domain::maintenance::MaintenanceEvent::Scheduled,
                at
            ))),
        ];
        (
            any::<u64>(),
            notice,
            prop_oneof![Just(Audience::Subscribers), Just(Audience::Listed)],
            any::<u64>(),
            prop::option::of((any::<i64>(), prop_oneof![Just(Lang::EN), Just(Lang::BN)])),
            prop::option::of(any::<i64>()),
            chats(),
            (any::<u32>(), any::<u32>(), any::<u32>(), any::<u32>()),
            prop::option::of(any::<i32>()),
            prop::option::of((prop::option::of(any::<i64>()), chats())),
        )
            .prop_map(
                |(id, notice, audience, total, report_to, cursor, pending, t, progress, reach)| {
                    let mut b = Broadcast::new(
                        id,
                        notice,
                        audience,
                        total,
                        report_to.map(|(chat, lang)| ReportTo {
                            chat: ChatId(chat),
                            lang,
                        }),
                    );
                    b.cursor = cursor.map(ChatId);
                    b.pending = pending;
                    b.tally = Tally {
                        delivered: t.0.into(),
                        blocked: t.1.into(),
                        failed: t.2.into(),
                        skipped: t.3.into(),
                    };
                    b.progress_message = progress;
                    b.previous_reach = reach.map(|(up_to, except)| Reach {
                        up_to: up_to.map(ChatId),
                        except,
                    });
                    b
                },
            )
    }

    fn reads_back<T: Record + PartialEq + std::fmt::Debug>(value: &T) -> Result<(), TestCaseError> {
        let read: T =
            decode_record(&encode_record(value)).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(&read, value);
        Ok(())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        #[test]
        fn incidents_and_their_summaries_read_back(incident in incident()) {
            reads_back(&incident)?;
            if let Some(past) = PastIncidents::of(&incident) {
                reads_back(&past)?;
            }
        }

        #[test]
        fn broadcasts_read_back(broadcast in broadcast()) {
            reads_back(&broadcast)?;
        }

        #[test]
        fn windows_and_alarms_read_back(
            window in window(),
            severity in severity(),
            text in "\\PC{0,200}",
            seen in prop::option::of(time()),
        ) {
            reads_back(&window)?;
            let mut alarm = Alarm::new(severity, &text);
            alarm.seen = seen;
            reads_back(&alarm)?;
        }

        /// Any bytes, and any bytes after the version byte (where JSON is expected), are
        /// read or refused by every decoder the store has.
        #[test]
        fn any_bytes_are_read_or_refused_by_every_decoder(
            raw in prop::collection::vec(any::<u8>(), 0..300),
            json in "\\PC{0,200}",
        ) {
            let versioned = [&[codec::VALUE_VERSION][..], json.as_bytes()].concat();
            for bytes in [&raw[..], &versioned[..]] {
                let _ = decode_record::<Incident>(bytes);
                let _ = decode_record::<Broadcast>(bytes);
                let _ = decode_record::<Window>(bytes);
                let _ = decode_record::<Alarm>(bytes);
                let _ = decode_record::<PastIncidents>(bytes);
                let _ = ChatEntry::decode("chat_pages", bytes);
                let _ = decode_recipient("sub_pages", bytes);
                let _ = Page::read("chat_pages", bytes);
                let _ = codec::take_len(bytes);
                let _ = codec::time(bytes);
                let _ = codec::key_chat(bytes);
                let _ = super::super::answers::KeptAnswer::decode(bytes);
            }
        }

        /// A record cut short or with one byte changed is refused or read as some
        /// record, never a panic; cut, it is never read as the record it was.
        #[test]
        fn a_damaged_record_is_refused_or_read_never_a_panic(
            incident in incident(),
            cut in any::<prop::sample::Index>(),
            flip in any::<prop::sample::Index>(),
            to in any::<u8>(),
        ) {
            let bytes = encode_record(&incident);
            let short = &bytes[..cut.index(bytes.len())];
            if let Ok(read) = decode_record::<Incident>(short) {
                prop_assert_ne!(read, incident.clone());
            }
            let mut changed = bytes.clone();
            let i = flip.index(changed.len());
            changed[i] = to;
            let _ = decode_record::<Incident>(&changed);
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_backup_holds_every_tree_the_store_says_it_backs_up() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    // Pages as the store writes them (its count reads them); one raw entry elsewhere.
    store.subscribe(ChatId(1), &[sid("bkash")]).await.unwrap();
    for name in TreeName::ALL {
        if matches!(name, TreeName::ChatPages | TreeName::SubPages) {
            continue;
        }
        store
            .trees
            .get(name)
            .insert(format!("a key of {}", name.name()), b"x".as_slice())
            .unwrap();
    }
    let snapshot = store.snapshot().await.unwrap();
    let counts = snapshot.counts();
    for name in TreeName::ALL {
        let carried = counts.get(name.name()).copied().unwrap_or(0);
        assert_eq!(carried, u64::from(name.backed_up()), "{}", name.name());
    }
    // And the store's own count covers the same trees.
    let census = store.census().unwrap();
    assert_eq!(census.trees, counts);
}

/// Saying where one reports from moves one's count (it is not a second report);
/// `/stop` deletes the reporter's choice, and the counts, which name no one, stay.
#[tokio::test(flavor = "multi_thread")]
async fn saying_where_moves_a_count_and_stop_deletes_the_choice() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let rule = report_rule(3);
    let t0 = Utc.with_ymd_and_hms(2022, 11, 1, 6, 30, 0).unwrap();
    let s = sid("whatsapp");
    for user in 1..=2 {
        store
            .record_report(&s, Reporter::User(UserId(user)), t0, &rule)
            .await
            .unwrap();
        for (kind, id) in [
            (crate::domain::PlaceKind::Network, "robi"),
            (crate::domain::PlaceKind::Area, "dhaka"),
        ] {
            let placed = store
                .place_report(&s, UserId(user), kind, id.into(), t0, &rule)
                .await
                .unwrap();
            assert!(placed.is_some());
        }
    }
    let counts = store.crowd_counts(&s, t0 - Duration::minutes(30)).unwrap();
    assert_eq!(counts.total, 2);
    assert_eq!(counts.by_network.get("robi"), Some(&2));
    assert_eq!(counts.by_area.get("dhaka"), Some(&2));
    assert_eq!(
        store
            .record_report(&s, Reporter::User(UserId(3)), t0, &rule)
            .await
            .unwrap()
            .outcome,
        ReportOutcome::Alert { reporters: 3 }
    );
    store.forget_chat(ChatId(1)).await.unwrap();
    assert_eq!(store.report_of(&s, UserId(1)).unwrap(), None);
    assert_eq!(store.crowd_counts(&s, t0).unwrap().total, 3);
}

/// Reports counted in a 30-minute window, `threshold` of them making an alert.
fn report_rule(threshold: u32) -> ReportWindow {
    ReportWindow {
        window: Duration::minutes(30),
        threshold,
        surge_factor: 3,
    }
}

/// A reporter of an outage still open stays on the list past the window (they were
/// promised the "back"); one of a service that works is swept.
#[tokio::test(flavor = "multi_thread")]
async fn reports_of_an_open_outage_outlive_their_window() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let rule = report_rule(100);
    let t0 = Utc.with_ymd_and_hms(2022, 11, 1, 6, 30, 0).unwrap();
    let incident = whatsapp_down(t0);
    let broadcast = Broadcast::new(
        1,
        Notice::Incident(IncidentNotice::latest_of(&incident)),
        crate::domain::Audience::Subscribers,
        0,
        None,
    );
    record(&store, incident, broadcast).await;
    for service in ["whatsapp", "bkash"] {
        store
            .record_report(&sid(service), Reporter::User(UserId(7)), t0, &rule)
            .await
            .unwrap();
    }
    assert_eq!(
        store.sweep_reports(t0 + Duration::hours(2)).await.unwrap(),
        1
    );
    assert!(
        store
            .report_of(&sid("whatsapp"), UserId(7))
            .unwrap()
            .is_some()
    );
    assert!(store.report_of(&sid("bkash"), UserId(7)).unwrap().is_none());
}

/// A store from before probes kept alarms: its probe incidents get their probe's alarm
/// at the first open of this build (else the desk would close them as held by
/// nothing), and only then — an alarm the probe clears later is not given back.
#[tokio::test(flavor = "multi_thread")]
async fn probe_incidents_of_an_older_store_are_given_their_alarm_once() {
    let dir = tempfile::tempdir().unwrap();
    let at = Utc.with_ymd_and_hms(2022, 11, 1, 6, 30, 0).unwrap();
    {
        let store = Store::open(dir.path()).unwrap();
        let by_probe = Incident {
            source: Source::Probe,
            ..whatsapp_down(at)
        };
        let by_admin = Incident {
            id: 11,
            service: sid("bkash"),
            ..whatsapp_down(at)
        };
        for incident in [by_probe, by_admin] {
            let id = incident.id + 100;
            let broadcast = Broadcast::new(
                id,
                Notice::Incident(IncidentNotice::latest_of(&incident)),
                crate::domain::Audience::Subscribers,
                0,
                None,
            );
            record(&store, incident, broadcast).await;
        }
        store.close().await.unwrap();
    }
    // As an older build left it: no mark that the alarms were given.
    {
        let db = raw_db(dir.path());
        db.open_tree("meta")
            .unwrap()
            .remove("probe_alarms")
            .unwrap();
        db.flush().unwrap();
    }
    let store = Store::open(dir.path()).unwrap();
    assert!(store.holds_alarms(&sid("whatsapp"), Source::Probe).unwrap());
    assert!(
        !store.holds_alarms(&sid("bkash"), Source::Probe).unwrap(),
        "a person's incident"
    );
    // The probe sees WhatsApp back; its alarm, cleared, is not given again at the next open.
    store
        .change_incident(sid("whatsapp"), |tx| {
            tx.set_alarm(Source::Probe, "probe", None);
            Ok(())
        })
        .await
        .unwrap();
    store.close().await.unwrap();
    drop(store);
    let store = Store::open(dir.path()).unwrap();
    assert!(!store.holds_alarms(&sid("whatsapp"), Source::Probe).unwrap());
}
