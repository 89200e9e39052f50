//! A damaged store is seen, never used silently: one that holds less than it counted at
//! its last clean stop, or is empty beside backups, is refused at start with a message
//! naming the newest backup (`--accept-damage` overrides); a folder sled cannot read is
//! an error with its path, not a crash.

use std::path::Path;
use std::process::{Command, Output};

use crate::fake_telegram::FakeTelegram;
use crate::support::{ADMIN, PATIENCE, raw_db, spawn_app};

/// The real binary started on the test app's store, until it exits or 20 s pass.
fn run_on(data: &Path, extra: &[&str]) -> Output {
    let config = data.with_file_name("bot.toml");
    std::fs::write(
        &config,
        format!("data_dir = {:?}\n", data.display().to_string()),
    )
    .unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_outage-bot"))
        .arg("run")
        .args(["--config", config.to_str().unwrap()])
        .args(extra)
        .env("TELOXIDE_TOKEN", FakeTelegram::TOKEN)
        // Nothing listens there: a store that is accepted shows as "cannot reach".
        .env("TELOXIDE_API_URL", "http://127.0.0.1:9/")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let started = std::time::Instant::now();
    while child.try_wait().unwrap().is_none()
        && started.elapsed() < std::time::Duration::from_secs(4)
    {
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let _ = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status();
    child.wait_with_output().unwrap()
}

fn said(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// A store with chats in it, stopped cleanly (so it left its count), and its backups.
async fn stopped_store() -> crate::support::TestApp {
    let mut app = spawn_app().await;
    for id in 2..=40 {
        let user = FakeTelegram::user(id, "Reader", Some("en"));
        app.ask(&user, "/subscribe whatsapp bkash").await;
    }
    // A backup of what it holds now (the one taken at start was of an empty store).
    let admin = FakeTelegram::user(ADMIN, "Admin", Some("en"));
    app.fake.send_text(ADMIN, &admin, "/backup");
    app.fake
        .wait_until("the backup", PATIENCE, |f| {
            f.sent_to(ADMIN).iter().any(|s| s.document.is_some())
        })
        .await;
    app.stop().await;
    app
}

#[tokio::test(flavor = "multi_thread")]
async fn a_store_that_lost_records_is_refused_naming_the_newest_backup() {
    let app = stopped_store().await;
    let data = app.data_path();
    {
        // As sled may after damage: it opens, and a page of chats is gone.
        let db = raw_db(&data);
        let pages = db.open_tree("chat_pages").unwrap();
        let first = pages.iter().keys().next().unwrap().unwrap();
        pages.remove(first).unwrap();
        db.flush().unwrap();
    }
    let refused = run_on(&data, &[]);
    assert_eq!(refused.status.code(), Some(1), "{}", said(&refused));
    assert!(said(&refused).contains("is damaged"), "{}", said(&refused));
    assert!(
        said(&refused).contains("outage-bot import"),
        "{}",
        said(&refused)
    );
    assert!(
        said(&refused).contains(".backup"),
        "names the backup: {}",
        said(&refused)
    );
    // `verify` says so too (it opens the damaged store to let it be read and exported).
    let verify = Command::new(env!("CARGO_BIN_EXE_outage-bot"))
        .args(["verify", "--data-dir", data.to_str().unwrap()])
        .env_remove("OUTAGE_BOT_CONFIG")
        .output()
        .unwrap();
    assert_eq!(verify.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&verify.stdout).contains("holds less than it counted"),
        "{}",
        String::from_utf8_lossy(&verify.stdout)
    );
    // The operator's word: used as it is.
    let accepted = run_on(&data, &["--accept-damage"]);
    assert!(
        !said(&accepted).contains("is damaged"),
        "{}",
        said(&accepted)
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn an_empty_store_beside_backups_is_refused() {
    let app = stopped_store().await;
    let data = app.data_path();
    std::fs::remove_dir_all(&data).unwrap();
    let refused = run_on(&data, &[]);
    assert_eq!(refused.status.code(), Some(1), "{}", said(&refused));
    assert!(
        said(&refused).contains("is empty, but backups of it are in"),
        "{}",
        said(&refused)
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_folder_sled_cannot_read_is_an_error_not_a_crash() {
    let app = stopped_store().await;
    let data = app.data_path();
    let db = data.join("db");
    let mut bytes = std::fs::read(&db).unwrap();
    for (i, byte) in bytes.iter_mut().enumerate() {
        if i % 7 == 3 {
            *byte ^= 0x5a;
        }
    }
    std::fs::write(&db, bytes).unwrap();
    let refused = run_on(&data, &[]);
    assert_eq!(
        refused.status.code(),
        Some(1),
        "not a panic's 101: {}",
        said(&refused)
    );
    assert!(
        said(&refused).contains(data.to_str().unwrap()),
        "{}",
        said(&refused)
    );
}
