//! Digits as people type them: Bengali readers write ২২:০০ as often as 22:00.

/// `text` with Bengali digits turned into ASCII ones, everything else as it was.
pub fn ascii_digits(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '০'..='৯' => char::from(b'0' + (c as u32 - '০' as u32) as u8),
            c => c,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn bengali_digits_become_ascii() {
        assert_eq!(
            super::ascii_digits("২০২৬-১২-০১ ০২:৩০ 3h"),
            "2026-12-01 02:30 3h"
        );
    }
}
