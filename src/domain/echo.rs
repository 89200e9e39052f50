//! What someone typed, as an answer (a chat's, the API's) repeats it: cut short, so a
//! 10 KB argument is not sent back whole.

/// Longest text echoed back.
pub const MAX_ECHO_CHARS: usize = 40;

/// What someone typed, as an answer repeats it: at most `MAX_ECHO_CHARS` characters.
pub fn echo(typed: &str) -> String {
    typed.chars().take(MAX_ECHO_CHARS).collect()
}
