//! The bot token, parsed so a malformed one fails at start-up, and wrapped so `Debug`
//! and `Display` can never print it.

use std::fmt;

pub struct BotToken(String);

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum TokenError {
    #[error("TELOXIDE_TOKEN is not set (get a token from @BotFather)")]
    Missing,
    #[error(
        "TELOXIDE_TOKEN is malformed (expected digits, a colon and at least 30 letters, digits, - or _, as @BotFather gives it)"
    )]
    Malformed,
}

impl BotToken {
    /// Parses a token of BotFather's shape, `<bot id>:<secret>`.
    pub fn parse(raw: Option<&str>) -> Result<BotToken, TokenError> {
        let raw = raw
            .map(str::trim)
            .filter(|r| !r.is_empty())
            .ok_or(TokenError::Missing)?;
        let (id, secret) = raw.split_once(':').ok_or(TokenError::Malformed)?;
        let id_ok = (1..=20).contains(&id.len()) && id.bytes().all(|b| b.is_ascii_digit());
        let secret_ok = (30..=100).contains(&secret.len())
            && secret
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        if id_ok && secret_ok {
            Ok(BotToken(raw.to_owned()))
        } else {
            Err(TokenError::Malformed)
        }
    }

    /// The token itself, for teloxide only.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for BotToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("BotToken([redacted])")
    }
}

/// The shortest API token accepted.
pub const MIN_API_TOKEN_CHARS: usize = 32;

/// The bearer token the HTTP API's write calls must present (`OUTAGE_BOT_API_TOKEN`).
#[derive(Clone)]
pub struct ApiToken(String);

impl ApiToken {
    /// At least 32 characters (characters, not bytes: 16 Bengali letters are 48
    /// bytes but no harder to guess): a short token is guessable.
    pub fn parse(raw: &str) -> Result<ApiToken, String> {
        let raw = raw.trim();
        let length = raw.chars().count();
        if length < MIN_API_TOKEN_CHARS {
            return Err(format!(
                "must be at least {MIN_API_TOKEN_CHARS} characters (it has {length}); e.g. `openssl rand -hex 24`"
            ));
        }
        Ok(ApiToken(raw.to_owned()))
    }

    /// A secret the bot made itself (the webhook's), of whatever length it has.
    pub fn from_generated(secret: String) -> ApiToken {
        ApiToken(secret)
    }

    /// Compares in constant time, so response timing reveals nothing about the token.
    pub fn matches(&self, presented: &str) -> bool {
        use subtle::ConstantTimeEq;
        let (a, b) = (self.0.as_bytes(), presented.as_bytes());
        a.len() == b.len() && bool::from(a.ct_eq(b))
    }
}

impl fmt::Debug for ApiToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ApiToken([redacted])")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn botfather_shaped_tokens_parse_and_never_print() {
        let token = BotToken::parse(Some("123456:ABC-DEF1234ghIkl-zyx57W2v1u123ew11")).unwrap();
        assert_eq!(format!("{token:?}"), "BotToken([redacted])");
        assert_eq!(token.expose(), "123456:ABC-DEF1234ghIkl-zyx57W2v1u123ew11");
    }

    #[test]
    fn api_tokens_compare_exactly_and_never_print() {
        let token = ApiToken::parse("s3cret-s3cret-s3cret-s3cret-s3cret").unwrap();
        assert!(token.matches("s3cret-s3cret-s3cret-s3cret-s3cret"));
        assert!(!token.matches("s3cret-s3cret-s3cret-s3cret-s3creT"));
        assert!(!token.matches("s3cret"));
        assert_eq!(format!("{token:?}"), "ApiToken([redacted])");
        assert!(ApiToken::parse("short").is_err());
        // Counted in characters: 31 Bengali letters are 93 bytes, still too short.
        assert!(ApiToken::parse(&"ক".repeat(31)).is_err());
        assert!(ApiToken::parse(&"ক".repeat(32)).is_ok());
    }

    #[test]
    fn missing_and_malformed_tokens_are_refused() {
        assert_eq!(BotToken::parse(None).unwrap_err(), TokenError::Missing);
        assert_eq!(
            BotToken::parse(Some("  ")).unwrap_err(),
            TokenError::Missing
        );
        for bad in [
            "abc",
            "123456",
            "123:short",
            "x12:ABC-DEF1234ghIkl-zyx57W2v1u123ew11",
            "123:ABC DEF1234ghIkl-zyx57W2v1u123ew11xx",
        ] {
            assert_eq!(
                BotToken::parse(Some(bad)).unwrap_err(),
                TokenError::Malformed,
                "{bad}"
            );
        }
    }
}
