//! The real binary: start-up failures are one clear line with the right exit code, and
//! the token never shows; `check` validates what ships.

use std::process::{Command, Output};

use crate::fake_telegram::FakeTelegram;

fn outage_bot(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_outage-bot"));
    command
        .args(args)
        .env_remove("TELOXIDE_TOKEN")
        .env_remove("OUTAGE_BOT_CONFIG")
        .env_remove("OUTAGE_BOT_ADMINS")
        .env_remove("OUTAGE_BOT_DATA_DIR");
    for (key, value) in env {
        command.env(key, value);
    }
    command.output().expect("the binary runs")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn a_missing_or_malformed_token_is_one_line_and_exit_2() {
    let missing = outage_bot(&["run"], &[]);
    assert_eq!(missing.status.code(), Some(2));
    assert_eq!(stderr(&missing).lines().count(), 1, "{}", stderr(&missing));
    assert!(stderr(&missing).contains("TELOXIDE_TOKEN is not set"));

    let secret = "12345:this-is-not-a-token with spaces";
    let malformed = outage_bot(&[], &[("TELOXIDE_TOKEN", secret)]);
    assert_eq!(malformed.status.code(), Some(2));
    assert_eq!(
        stderr(&malformed).lines().count(),
        1,
        "{}",
        stderr(&malformed)
    );
    assert!(
        stderr(&malformed).contains("malformed") && !stderr(&malformed).contains("this-is-not")
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_rejected_token_is_exit_2_and_never_printed() {
    let fake = FakeTelegram::start().await;
    let dir = tempfile::tempdir().unwrap();
    let wrong = "999999:WRONG-token_abcdefghijklmnopqrstuvwxyz";
    let url = fake.api_url();
    let data = dir.path().display().to_string();
    let output = tokio::task::spawn_blocking(move || {
        outage_bot(
            &["run"],
            &[
                ("TELOXIDE_TOKEN", wrong),
                ("TELOXIDE_API_URL", &url),
                ("OUTAGE_BOT_DATA_DIR", &data),
            ],
        )
    })
    .await
    .unwrap();
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(stderr(&output).contains("Telegram refused the bot token"));
    assert!(
        !stderr(&output).contains("WRONG-token"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn a_locked_or_unreadable_data_dir_is_named_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("db");
    let _held = outage_bot::store::Store::open(&data).unwrap();
    let token = FakeTelegram::TOKEN;
    let output = outage_bot(
        &["run"],
        &[
            ("TELOXIDE_TOKEN", token),
            ("OUTAGE_BOT_DATA_DIR", data.to_str().unwrap()),
            ("TELOXIDE_API_URL", "http://127.0.0.1:9/"),
        ],
    );
    assert_eq!(output.status.code(), Some(1));
    let err = stderr(&output);
    assert!(
        err.contains(data.to_str().unwrap()) && err.contains("locked"),
        "{err}"
    );
    assert!(!err.contains(token));

    // A damaged database: one line naming the path, and the files left as they were.
    let damaged = dir.path().join("damaged");
    drop(outage_bot::store::Store::open(&damaged).unwrap());
    std::fs::write(damaged.join("conf"), b"\xff\xfe not a sled config \x00\x01").unwrap();
    let output = outage_bot(
        &["console"],
        &[("OUTAGE_BOT_DATA_DIR", damaged.to_str().unwrap())],
    );
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(stderr(&output).lines().count(), 1, "{}", stderr(&output));
    assert!(
        stderr(&output).contains(damaged.to_str().unwrap()),
        "{}",
        stderr(&output)
    );
    assert_eq!(
        std::fs::read(damaged.join("conf")).unwrap(),
        b"\xff\xfe not a sled config \x00\x01"
    );

    let file = dir.path().join("not-a-dir");
    std::fs::write(&file, "precious").unwrap();
    let output = outage_bot(
        &["console"],
        &[("OUTAGE_BOT_DATA_DIR", file.to_str().unwrap())],
    );
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains(file.to_str().unwrap()),
        "{}",
        stderr(&output)
    );
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        "precious",
        "nothing deleted"
    );
}

#[test]
fn check_passes_on_what_ships_and_names_file_and_key_otherwise() {
    let ok = outage_bot(&["check"], &[]);
    assert_eq!(
        ok.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&ok.stdout)
    );
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("bot.toml");
    std::fs::write(&config, "timezone = \"Mars/Olympus\"\n").unwrap();
    let bad = outage_bot(&["check", "--config", config.to_str().unwrap()], &[]);
    assert_eq!(bad.status.code(), Some(1));
    let out = String::from_utf8_lossy(&bad.stdout);
    assert!(
        out.contains("bot.toml") && out.contains("timezone"),
        "{out}"
    );
}

#[test]
fn the_console_plays_the_story_without_a_token() {
    use std::io::{BufRead, Write};
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("db");
    let mut child = Command::new(env!("CARGO_BIN_EXE_outage-bot"))
        .args(["console", "--user", "7", "--lang", "bn"])
        .env("OUTAGE_BOT_DATA_DIR", &data)
        .env("OUTAGE_BOT_ADMINS", "1")
        .env_remove("TELOXIDE_TOKEN")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let (lines, seen) = std::sync::mpsc::channel();
    let stdout = child.stdout.take().unwrap();
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            if lines.send(line).is_err() {
                break;
            }
        }
    });
    let mut out = String::new();
    // Typed as a person types: each step once the one before has been seen.
    let mut stdin = child.stdin.take().unwrap();
    let mut step = |typed: &str, until: &str| {
        stdin.write_all(typed.as_bytes()).unwrap();
        while !out.contains(until) {
            let line = seen
                .recv_timeout(std::time::Duration::from_secs(20))
                .unwrap_or_else(|_| panic!("waiting for {until:?} in:\n{out}"));
            out.push_str(&line);
            out.push('\n');
        }
    };
    step("/subscribe whatsapp\n", "এখন থেকে হোয়াটসঅ্যাপের খবর পাবেন");
    step(
        "/as 1 en\n/down whatsapp [en] Main server down [bn] মূল সার্ভার বসে গেছে\n",
        "→ chat 7 [bn-BD]: 🔴 হোয়াটসঅ্যাপের সেবা বন্ধ",
    );
    step(
        "/later 112\n/up whatsapp\n",
        "→ chat 7 [bn-BD]: ✅ প্রায় দুই ঘণ্টা পর আবার চালু হলো হোয়াটসঅ্যাপ",
    );
    step("/quit\n", "");
    drop(stdin);
    let status = child.wait().unwrap();
    while let Ok(line) = seen.recv_timeout(std::time::Duration::from_secs(5)) {
        out.push_str(&line);
        out.push('\n');
    }
    assert!(status.success(), "{out}");
    assert!(out.contains("মূল সার্ভার বসে গেছে"), "{out}");
    assert!(out.contains("✅ WhatsApp: reached the one chat"), "{out}");
}

#[tokio::test(flavor = "multi_thread")]
async fn json_logs_are_one_object_a_line_and_a_refused_api_call_is_logged_without_its_token() {
    let fake = FakeTelegram::start().await;
    let dir = tempfile::tempdir().unwrap();
    let port = crate::support::free_port();
    let config = dir.path().join("bot.toml");
    std::fs::write(
        &config,
        format!(
            "data_dir = {:?}\n[http]\nlisten = \"127.0.0.1:{port}\"\n",
            dir.path().join("db").display().to_string()
        ),
    )
    .unwrap();
    let log = dir.path().join("log");
    let mut bot = crate::support::start_bot_with(
        &fake,
        &config,
        &[
            ("OUTAGE_BOT_LOG_FORMAT", "json"),
            ("OUTAGE_BOT_API_TOKEN", crate::support::API_TOKEN),
            ("RUST_LOG", "info"),
        ],
        std::fs::File::create(&log).unwrap().into(),
    );
    fake.wait_until("polling", crate::support::PATIENCE, |f| f.polls() > 0)
        .await;
    let tried = "tried-this-token-0123456789abcdefghijkl";
    let addr = ([127, 0, 0, 1], port).into();
    let (status, _) =
        crate::support::request(addr, "POST", "/api/v1/incidents", Some(tried), b"{}").await;
    assert_eq!(status, 401);
    let (stopped, clean) = bot.terminate(std::time::Duration::from_secs(10));
    assert!(stopped.is_some() && clean);
    let written = std::fs::read_to_string(&log).unwrap();
    assert!(!written.contains(tried), "{written}");
    let lines: Vec<serde_json::Value> = written
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect();
    assert!(
        lines
            .iter()
            .all(|l| l["level"].is_string() && l["timestamp"].is_string())
    );
    let refused = lines
        .iter()
        .find(|l| {
            l["message"]
                .as_str()
                .is_some_and(|m| m.contains("missing or wrong bearer token"))
        })
        .unwrap_or_else(|| panic!("the refusal is not logged:\n{written}"));
    assert_eq!(refused["level"], "WARN");
    assert_eq!(refused["path"], "/api/v1/incidents");
}

#[tokio::test(flavor = "multi_thread")]
async fn an_update_the_bot_cannot_read_is_passed_over_without_logging_what_was_written() {
    let fake = FakeTelegram::start().await;
    let dir = tempfile::tempdir().unwrap();
    let port = crate::support::free_port();
    let url = format!("http://127.0.0.1:{port}/telegram");
    let config = dir.path().join("bot.toml");
    std::fs::write(
        &config,
        format!(
            "data_dir = {:?}\n[http]\nlisten = \"127.0.0.1:{port}\"\n[telegram]\nwebhook_url = \"{url}\"\n",
            dir.path().join("db").display().to_string()
        ),
    )
    .unwrap();
    let log = dir.path().join("log");
    let mut bot = crate::support::start_bot_with(
        &fake,
        &config,
        &[("RUST_LOG", "info")],
        std::fs::File::create(&log).unwrap().into(),
    );
    fake.wait_until("the webhook", crate::support::PATIENCE, |f| {
        f.webhook().is_some()
    })
    .await;
    let secret = fake.webhook().unwrap().1.unwrap();
    // A message whose id is not a number: teloxide cannot read it.
    let unreadable = serde_json::json!({
        "update_id": 71,
        "message": {"message_id": "seventy", "date": 0,
            "chat": {"id": 79, "type": "private", "first_name": "Diary"},
            "text": "my private diary entry"}
    });
    let answer = reqwest::Client::new()
        .post(&url)
        .header("X-Telegram-Bot-Api-Secret-Token", &secret)
        .json(&unreadable)
        .send()
        .await
        .unwrap();
    assert_eq!(
        answer.status().as_u16(),
        200,
        "answered, so not posted again"
    );
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let (stopped, _) = bot.terminate(std::time::Duration::from_secs(10));
    assert!(stopped.is_some());
    let written = std::fs::read_to_string(&log).unwrap();
    assert!(!written.contains("private diary"), "{written}");
    assert!(written.contains("passed over"), "{written}");
}
