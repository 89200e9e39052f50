//! Logging: `tracing` to stderr (teloxide's `log` records included), with every
//! registered secret — the bot token — blanked out of every line before it is written.
//! Lines are for people by default; `OUTAGE_BOT_LOG_FORMAT=json` makes them JSON, one
//! object per line, for log collectors.

use std::io::{self, Write};
use std::sync::RwLock;

use tracing_subscriber::EnvFilter;
use tracing_subscriber::fmt::MakeWriter;

/// Texts that must never reach a log line. A std lock: never held across an await.
static SECRETS: RwLock<Vec<String>> = RwLock::new(Vec::new());

/// Starts logging at `default_level` (`info`, `warn`…); `RUST_LOG` overrides it.
pub fn init(default_level: &str) {
    // teloxide logs through `log`; sled does too, but its lines repeat what its errors
    // say, which we report once, with the path. Installed before the subscriber, whose
    // own bridge would otherwise take everything (its attempt then fails harmlessly).
    let _ = tracing_log::LogTracer::builder()
        .ignore_crate("sled")
        .init();
    let filter =
        EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(default_level));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(RedactingStderr)
        .with_target(false);
    // A second init (tests start several applications) keeps the first subscriber.
    let _ = match LogFormat::from_env(std::env::var("OUTAGE_BOT_LOG_FORMAT").ok().as_deref()) {
        LogFormat::Json => builder.json().flatten_event(true).try_init(),
        LogFormat::Text => builder.try_init(),
    };
}

/// How log lines are written.
#[derive(Debug, PartialEq, Eq)]
enum LogFormat {
    Text,
    Json,
}

impl LogFormat {
    /// `json` (any case) means JSON; anything else, or nothing, the readable text.
    fn from_env(value: Option<&str>) -> LogFormat {
        match value {
            Some(v) if v.trim().eq_ignore_ascii_case("json") => LogFormat::Json,
            _ => LogFormat::Text,
        }
    }
}

/// Blanks `secret` out of all later log lines and of `redact`'s results.
pub fn register_secret(secret: &str) {
    if secret.is_empty() {
        return;
    }
    let mut secrets = SECRETS.write().unwrap_or_else(|p| p.into_inner());
    if !secrets.iter().any(|s| s == secret) {
        secrets.push(secret.to_owned());
    }
}

/// `text` with every registered secret replaced by `[redacted]`.
pub fn redact(text: &str) -> String {
    let secrets = SECRETS.read().unwrap_or_else(|p| p.into_inner());
    secrets.iter().fold(text.to_owned(), |acc, secret| {
        acc.replace(secret.as_str(), "[redacted]")
    })
}

/// Makes one buffer per log event and writes it, redacted, when the event is done.
struct RedactingStderr;

struct EventBuffer(Vec<u8>);

impl<'a> MakeWriter<'a> for RedactingStderr {
    type Writer = EventBuffer;
    fn make_writer(&'a self) -> EventBuffer {
        EventBuffer(Vec::with_capacity(256))
    }
}

impl Write for EventBuffer {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl Drop for EventBuffer {
    fn drop(&mut self) {
        let line = redact(&String::from_utf8_lossy(&self.0));
        let _ = io::stderr().write_all(line.as_bytes());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registered_secrets_are_blanked() {
        register_secret("123:SECRET-abc");
        assert_eq!(
            redact("GET https://x/bot123:SECRET-abc/GetMe failed"),
            "GET https://x/bot[redacted]/GetMe failed"
        );
        assert_eq!(redact("nothing here"), "nothing here");
    }
}
