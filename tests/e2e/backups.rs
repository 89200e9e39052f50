//! Backups and the store tools, on the real binary: the running bot writes its own
//! backups; `export`, `import` and `verify` move and check a stopped bot's store.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::fake_telegram::FakeTelegram;
use crate::support::{ADMIN, spawn_app};

fn outage_bot(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_outage-bot"))
        .args(args)
        .env_remove("OUTAGE_BOT_CONFIG")
        .env_remove("OUTAGE_BOT_DATA_DIR")
        .env_remove("OUTAGE_BOT_BACKUP_DIR")
        .output()
        .expect("the binary runs")
}

fn said(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

fn path(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn backups_in(dir: &Path) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| entries.map(|e| e.unwrap().path()).collect())
        .unwrap_or_default();
    found.retain(|p| p.extension().is_some_and(|e| e == "backup"));
    found.sort();
    found
}

#[tokio::test(flavor = "multi_thread")]
async fn a_stopped_bots_store_exports_imports_and_verifies_byte_for_byte() {
    let mut app = spawn_app().await;
    let admin = FakeTelegram::user(ADMIN, "Admin", Some("en"));
    for id in 1..=40 {
        let user = FakeTelegram::user(id, "Reader", Some(if id % 2 == 0 { "bn" } else { "en" }));
        app.ask(&user, "/subscribe whatsapp bkash").await;
    }
    app.ask(&admin, "/down whatsapp Messages are not delivered")
        .await;
    app.settle().await;
    let data = app.data_path();
    let backup_dir = PathBuf::from(format!("{}-backups", data.display()));
    // The running bot took its first backup at start, beside the data directory.
    let at_start = backups_in(&backup_dir);
    assert_eq!(at_start.len(), 1, "{at_start:?}");

    // While the bot runs, the tools refuse and point to the backups.
    let busy = outage_bot(&["export", "--data-dir", path(&data), "--out", "/dev/null"]);
    assert_eq!(busy.status.code(), Some(1), "{}", said(&busy));
    assert!(
        said(&busy).contains("in use by a running outage-bot"),
        "{}",
        said(&busy)
    );
    assert!(said(&busy).contains(path(&backup_dir)), "{}", said(&busy));
    app.stop().await;

    let work = tempfile::tempdir().unwrap();
    let (first, second) = (
        work.path().join("first.backup"),
        work.path().join("second.backup"),
    );
    let moved = work.path().join("moved");
    let export = outage_bot(&["export", "--data-dir", path(&data), "--out", path(&first)]);
    assert_eq!(export.status.code(), Some(0), "{}", said(&export));
    let import = outage_bot(&["import", path(&first), "--data-dir", path(&moved)]);
    assert_eq!(import.status.code(), Some(0), "{}", said(&import));
    assert!(said(&import).contains("incidents"), "{}", said(&import));
    let again = outage_bot(&["export", "--data-dir", path(&moved), "--out", path(&second)]);
    assert_eq!(again.status.code(), Some(0), "{}", said(&again));
    assert_eq!(
        std::fs::read(&first).unwrap(),
        std::fs::read(&second).unwrap()
    );
    let verify = outage_bot(&["verify", "--data-dir", path(&moved)]);
    assert_eq!(verify.status.code(), Some(0), "{}", said(&verify));
    assert!(said(&verify).starts_with("ok: "), "{}", said(&verify));

    // The bot's own backup restores too, and a second import over data is refused.
    let from_bot = work.path().join("from-bot");
    let restore = outage_bot(&["import", path(&at_start[0]), "--data-dir", path(&from_bot)]);
    assert_eq!(restore.status.code(), Some(0), "{}", said(&restore));
    let over = outage_bot(&["import", path(&first), "--data-dir", path(&moved)]);
    assert_eq!(over.status.code(), Some(1), "{}", said(&over));
    assert!(said(&over).contains("not empty"), "{}", said(&over));

    // A cut-short or altered file is refused and nothing is written.
    let bytes = std::fs::read(&first).unwrap();
    let cut = work.path().join("cut.backup");
    std::fs::write(&cut, &bytes[..bytes.len() * 2 / 3]).unwrap();
    let nowhere = work.path().join("nowhere");
    let refused = outage_bot(&["import", path(&cut), "--data-dir", path(&nowhere)]);
    assert_eq!(refused.status.code(), Some(1), "{}", said(&refused));
    assert!(
        said(&refused).contains("nothing was written"),
        "{}",
        said(&refused)
    );
    assert!(!nowhere.exists());
    let foreign = work.path().join("foreign.backup");
    std::fs::write(&foreign, b"not a backup at all").unwrap();
    let refused = outage_bot(&["import", path(&foreign), "--data-dir", path(&nowhere)]);
    assert_eq!(refused.status.code(), Some(1), "{}", said(&refused));
    assert!(!nowhere.exists());
}

#[tokio::test(flavor = "multi_thread")]
async fn a_backup_that_cannot_be_written_is_told_to_the_admins_and_the_bot_goes_on() {
    let app = crate::support::spawn_app_with("[backup]\ndir = \"/dev/null/backups\"\n").await;
    app.wait_for_text(ADMIN, "could not write its backup to /dev/null/backups", 1)
        .await;
    let reader = FakeTelegram::user(7, "Reader", Some("bn"));
    app.expect_reply(&reader, "/subscribe bkash", "বিকাশ").await;
    assert_eq!(
        crate::support::texts_containing(&app.fake, ADMIN, "backup"),
        1
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn backup_sends_an_admin_the_file_in_private_and_nobody_else() {
    let app = spawn_app().await;
    let admin = FakeTelegram::user(ADMIN, "Admin", Some("bn"));
    for id in 1..=12 {
        let user = FakeTelegram::user(id, "Reader", Some("en"));
        app.ask(&user, "/subscribe bkash").await;
    }
    let sent = app.say(&admin, "/backup", 1).await;
    let document = sent[0].document.as_ref().expect("a file");
    assert_eq!(sent[0].method, "sendDocument");
    assert!(
        document.file_name.starts_with("outage-bot-") && document.file_name.ends_with(".backup")
    );
    // The file is a whole backup of the store as it is, and the one kept on the server.
    let (header, _) = outage_bot::store::Snapshot::decode(&document.bytes).unwrap();
    assert!(header.trees["chat_pages"] >= 1 && header.trees["sub_pages"] >= 1);
    let kept =
        PathBuf::from(format!("{}-backups", app.data_path().display())).join(&document.file_name);
    assert_eq!(std::fs::read(kept).unwrap(), document.bytes);
    // The caption in the admin's Bengali, with Bengali digits.
    assert!(sent[0].text.contains("কিলোবাইট"), "{}", sent[0].text);
    let before_the_path = sent[0].text.split("/tmp").next().unwrap();
    assert!(
        !crate::support::has_ascii_digit(before_the_path),
        "{}",
        sent[0].text
    );

    // Not an admin: refused; an admin in a group: told to ask in private.
    let reader = FakeTelegram::user(5, "Reader", Some("en"));
    let refused = app.ask(&reader, "/backup").await;
    assert!(refused.contains("admins"), "{refused}");
    app.fake.register_group(-500, false, &[ADMIN]);
    let in_group = app.say_in(-500, &admin, "/backup", 1).await;
    assert_eq!(in_group[0].method, "sendMessage");
    assert!(in_group[0].text.contains("/backup"), "{}", in_group[0].text);
    assert!(
        app.fake
            .sent()
            .iter()
            .filter(|s| s.document.is_some())
            .count()
            == 1
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn history_older_than_it_keeps_is_folded_and_still_shown() {
    let app = crate::support::spawn_app_with(
        "[history]\nkeep_days = 1\n[http]\nlisten = \"127.0.0.1:0\"\n",
    )
    .await;
    let admin = FakeTelegram::user(ADMIN, "Admin", Some("en"));
    let reader = FakeTelegram::user(9, "Reader", Some("bn"));
    for _ in 0..2 {
        app.ask(&admin, "/down bkash Payments fail").await;
        app.clock.advance(chrono::Duration::minutes(90));
        app.ask(&admin, "/up bkash").await;
        app.settle().await;
    }
    // Folding runs at start and every hour of the app's clock: two days on, it has run.
    app.later(chrono::Duration::days(2)).await;
    app.ask(&admin, "/down whatsapp Messages are late").await;
    app.settle().await;
    let history = app.ask(&admin, "/history").await;
    assert!(history.contains("WhatsApp"), "{history}");
    assert!(
        history.contains("Before that")
            && history.contains("bKash had 2 incidents, 3 hours in all"),
        "{history}"
    );
    let bengali = app.ask(&reader, "/history bkash").await;
    assert!(bengali.contains("বিকাশে ২টি"), "{bengali}");
    let (status, body) = app.get("/api/v1/status").await;
    assert_eq!(status, 200);
    let bkash = body["services"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == "bkash")
        .unwrap();
    assert_eq!(bkash["earlier"]["incidents"], 2);
    assert_eq!(bkash["earlier"]["downtime_seconds"], 3 * 3600);
}

#[tokio::test(flavor = "multi_thread")]
async fn the_store_and_its_backups_are_the_owners_only_and_never_written_into_each_other() {
    use std::os::unix::fs::PermissionsExt;
    let mut app = spawn_app().await;
    let reader = FakeTelegram::user(3, "Reader", Some("en"));
    app.ask(&reader, "/subscribe whatsapp").await;
    app.stop().await;
    let data = app.data_path();
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&data), 0o700, "the store's folder");
    let backup_dir = PathBuf::from(format!("{}-backups", data.display()));
    assert_eq!(mode(&backup_dir), 0o700, "the backups' folder");
    for backup in backups_in(&backup_dir) {
        assert_eq!(mode(&backup), 0o600, "{}", backup.display());
    }
    // An export into the store's own folder is refused, and the store is untouched.
    let into_store = data.join("db");
    let before = std::fs::read(&into_store).unwrap();
    let refused = outage_bot(&[
        "export",
        "--data-dir",
        path(&data),
        "--out",
        path(&into_store),
    ]);
    assert_eq!(refused.status.code(), Some(1), "{}", said(&refused));
    assert!(
        said(&refused).contains("inside the store's folder"),
        "{}",
        said(&refused)
    );
    assert_eq!(std::fs::read(&into_store).unwrap(), before);
    // So is a configuration that keeps backups inside the store's folder.
    let config = data.parent().unwrap().join("inside.toml");
    std::fs::write(
        &config,
        format!(
            "data_dir = {:?}\n[backup]\ndir = {:?}\n",
            path(&data),
            path(&data.join("backups"))
        ),
    )
    .unwrap();
    let check = outage_bot(&["check", "--config", path(&config)]);
    assert_eq!(check.status.code(), Some(1), "{}", said(&check));
    assert!(said(&check).contains("backup.dir"), "{}", said(&check));
    // An export to a private file is the owner's only too.
    let out = data.parent().unwrap().join("out.backup");
    let export = outage_bot(&["export", "--data-dir", path(&data), "--out", path(&out)]);
    assert_eq!(export.status.code(), Some(0), "{}", said(&export));
    assert_eq!(mode(&out), 0o600);
}
