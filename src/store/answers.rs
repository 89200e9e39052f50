//! What the HTTP API answered to writes sent with an `Idempotency-Key`, kept for a day:
//! a client that retries after the bot restarted (a deploy, a crash) is given the first
//! answer again rather than having its write applied twice. Transient, so not backed up
//! nor counted; swept hourly with the other old records.
//!
//! A value is a version byte (1), the time the answer was given (ms, i64 BE), the HTTP
//! status (u16 BE) and the body as it was sent.

use chrono::{DateTime, Utc};

use super::codec::{self, millis};
use super::{Result, Store, corrupt, remove_where};

const VERSION: u8 = 1;
/// How long an answer is kept (and replayed).
pub const ANSWER_KEPT_FOR: std::time::Duration = std::time::Duration::from_secs(24 * 3_600);
/// The longest key kept (the guard refuses longer ones before they come here).
const MOST_KEY_BYTES: usize = 512;

/// An answer as it was given.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeptAnswer {
    pub at: DateTime<Utc>,
    pub status: u16,
    pub body: Vec<u8>,
}

impl KeptAnswer {
    fn encode(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(11 + self.body.len());
        out.push(VERSION);
        out.extend_from_slice(&millis(self.at));
        out.extend_from_slice(&self.status.to_be_bytes());
        out.extend_from_slice(&self.body);
        out
    }

    pub(super) fn decode(bytes: &[u8]) -> Result<KeptAnswer> {
        let unreadable = |why: &str| corrupt("answers", why);
        let (&version, rest) = bytes.split_first().ok_or_else(|| unreadable("empty"))?;
        if version != VERSION {
            return Err(unreadable("a version this build does not know"));
        }
        let at = rest
            .get(..8)
            .and_then(codec::time)
            .ok_or_else(|| unreadable("no time"))?;
        let status = rest
            .get(8..10)
            .and_then(|b| <[u8; 2]>::try_from(b).ok())
            .map(u16::from_be_bytes)
            .ok_or_else(|| unreadable("no status"))?;
        Ok(KeptAnswer {
            at,
            status,
            body: rest[10..].to_vec(),
        })
    }
}

impl Store {
    /// Keeps the answer given to the write sent with `key`; on disk when this returns.
    pub async fn keep_answer(&self, key: String, answer: KeptAnswer) -> Result<()> {
        if key.len() > MOST_KEY_BYTES {
            return Ok(());
        }
        self.writer
            .write(move |t| {
                t.answers.insert(key.as_bytes(), answer.encode())?;
                Ok(())
            })
            .await
    }

    /// The answer given to the write sent with `key`, if it was given at `since` or after.
    pub fn kept_answer(&self, key: &str, since: DateTime<Utc>) -> Result<Option<KeptAnswer>> {
        let Some(value) = self.trees.answers.get(key.as_bytes())? else {
            return Ok(None);
        };
        let answer = KeptAnswer::decode(&value)?;
        Ok((answer.at >= since).then_some(answer))
    }

    /// Forgets the answers given before `before` (and any this build cannot read);
    /// returns how many.
    pub async fn forget_answers(&self, before: DateTime<Utc>) -> Result<usize> {
        self.writer
            .write(move |t| {
                remove_where(&t.answers, |value| {
                    !KeptAnswer::decode(value).is_ok_and(|a| a.at >= before)
                })
            })
            .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[tokio::test(flavor = "multi_thread")]
    async fn an_answer_is_kept_across_a_reopen_for_its_day_and_then_forgotten() {
        let dir = tempfile::tempdir().unwrap();
        let at = Utc.with_ymd_and_hms(2026, 12, 3, 10, 0, 0).unwrap();
        let answer = KeptAnswer {
            at,
            status: 201,
            body: br#"{"incident":7}"#.to_vec(),
        };
        {
            let store = Store::open(dir.path()).unwrap();
            store
                .keep_answer("Api /api/incidents k1".into(), answer.clone())
                .await
                .unwrap();
            store.close().await.unwrap();
        }
        let store = Store::open(dir.path()).unwrap();
        let day = chrono::Duration::days(1);
        assert_eq!(
            store
                .kept_answer("Api /api/incidents k1", at - day)
                .unwrap(),
            Some(answer)
        );
        assert_eq!(
            store
                .kept_answer("Api /api/incidents k2", at - day)
                .unwrap(),
            None
        );
        // Past its day it is not replayed, and the sweep takes it.
        let later = at + day + chrono::Duration::minutes(1);
        assert_eq!(
            store
                .kept_answer("Api /api/incidents k1", later - day)
                .unwrap(),
            None
        );
        assert_eq!(store.forget_answers(later - day).await.unwrap(), 1);
        assert_eq!(
            store.verify(None).await.unwrap().problems,
            Vec::<String>::new()
        );
    }

    #[test]
    fn any_bytes_are_read_or_refused() {
        // Empty, cut before the time or the status, or of an unknown version.
        for bytes in [&[][..], &[1], &[1, 0, 0], &[2; 20], &[1; 9], &[1; 10]] {
            assert!(KeptAnswer::decode(bytes).is_err(), "{bytes:?}");
        }
        let answer = KeptAnswer {
            at: Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap(),
            status: 409,
            body: Vec::new(),
        };
        assert_eq!(KeptAnswer::decode(&answer.encode()).unwrap(), answer);
    }
}
