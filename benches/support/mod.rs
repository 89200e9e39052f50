//! What the benchmarks that drive the real release binary share: the bot as a child
//! process, its peak memory, and percentiles of what they measure.

use std::process::{Child, Command, Stdio};
use std::time::Duration;

use crate::fake_telegram::FakeTelegram;

/// The bot as a child process, killed when dropped.
pub struct RunningBot(pub Child);

impl Drop for RunningBot {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts the release binary with `config` against `fake`, and waits until it polls.
pub async fn start_bot(fake: &FakeTelegram, config: &std::path::Path) -> RunningBot {
    let bot = RunningBot(
        Command::new(env!("CARGO_BIN_EXE_outage-bot"))
            .args(["run", "--config", config.to_str().unwrap()])
            .env("TELOXIDE_TOKEN", FakeTelegram::TOKEN)
            .env("TELOXIDE_API_URL", fake.api_url())
            .env("RUST_LOG", "error")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    fake.wait_until("the bot to poll", Duration::from_secs(30), |f| {
        f.polls() > 0
    })
    .await;
    bot
}

/// The most memory the process has held, in MB (`VmHWM`).
pub fn peak_memory_mb(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .unwrap_or_default()
        .lines()
        .find(|l| l.starts_with("VmHWM"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|n| n.parse::<u64>().ok())
        .unwrap_or(0)
        / 1024
}

/// The `p` quantile of `sorted` (nearest rank).
pub fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}
