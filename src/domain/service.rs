//! Services people subscribe to (`whatsapp`, `bkash`, …) and the catalog that holds them.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use super::Lang;

/// The id users type: 1–32 characters of `a-z`, `0-9`, `_`, `-`.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Debug, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ServiceId(String);

impl ServiceId {
    pub const MAX_LEN: usize = 32;

    /// Parses an id exactly as written (no case folding: configuration must be exact).
    pub fn parse(text: &str) -> Result<ServiceId, String> {
        let valid_char =
            |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-';
        if text.is_empty() || text.len() > Self::MAX_LEN || !text.chars().all(valid_char) {
            return Err(format!(
                "`{text}` is not a service id (1–{} characters of a-z, 0-9, _ and -)",
                Self::MAX_LEN
            ));
        }
        Ok(ServiceId(text.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for ServiceId {
    type Error = String;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        ServiceId::parse(&value)
    }
}

impl From<ServiceId> for String {
    fn from(id: ServiceId) -> String {
        id.0
    }
}

impl fmt::Display for ServiceId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A service with its display name in each language.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Service {
    pub id: ServiceId,
    pub names: BTreeMap<Lang, String>,
}

impl Service {
    /// The name in `lang`, else in English, else the id.
    pub fn name(&self, lang: Lang) -> &str {
        self.names
            .get(&lang)
            .or_else(|| self.names.get(&Lang::EN))
            .map(String::as_str)
            .unwrap_or(self.id.as_str())
    }
}

/// The services this deployment knows, in the order they were configured.
#[derive(Clone, Debug, Default)]
pub struct Catalog {
    services: Vec<Service>,
}

/// What looking up a user-typed service name found.
#[derive(Debug, PartialEq, Eq)]
pub enum Lookup<'a> {
    Found(&'a Service),
    /// Unknown, with the closest known id when one is near enough to be a typo.
    Unknown {
        suggestion: Option<&'a ServiceId>,
    },
}

impl Catalog {
    pub fn new(services: Vec<Service>) -> Catalog {
        Catalog { services }
    }

    pub fn iter(&self) -> impl Iterator<Item = &Service> {
        self.services.iter()
    }

    pub fn len(&self) -> usize {
        self.services.len()
    }

    pub fn is_empty(&self) -> bool {
        self.services.is_empty()
    }

    pub fn get(&self, id: &ServiceId) -> Option<&Service> {
        self.services.iter().find(|s| &s.id == id)
    }

    /// Finds what a user typed: an id in any case, or a display name in any language.
    pub fn lookup(&self, typed: &str) -> Lookup<'_> {
        let wanted = typed.trim().trim_start_matches('#').to_lowercase();
        let found = self.services.iter().find(|s| {
            s.id.as_str() == wanted || s.names.values().any(|n| n.to_lowercase() == wanted)
        });
        if let Some(service) = found {
            return Lookup::Found(service);
        }
        // A typo is at most two edits away, and less than half the word.
        let suggestion = self
            .services
            .iter()
            .map(|s| (strsim::levenshtein(s.id.as_str(), &wanted), &s.id))
            .filter(|&(distance, id)| distance <= 2 && distance * 2 < id.as_str().len().max(2))
            .min_by_key(|&(distance, _)| distance)
            .map(|(_, id)| id);
        Lookup::Unknown { suggestion }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn catalog() -> Catalog {
        let service = |id: &str, en: &str, bn: &str| Service {
            id: ServiceId::parse(id).unwrap(),
            names: BTreeMap::from([(Lang::EN, en.to_owned()), (Lang::BN, bn.to_owned())]),
        };
        Catalog::new(vec![
            service("whatsapp", "WhatsApp", "হোয়াটসঅ্যাপ"),
            service("bkash", "bKash", "বিকাশ"),
        ])
    }

    #[test]
    fn ids_are_parsed_strictly() {
        assert!(ServiceId::parse("whatsapp").is_ok());
        assert!(ServiceId::parse("my_bank-2").is_ok());
        for bad in ["", "WhatsApp", "what sapp", "হোয়াটসঅ্যাপ", &"a".repeat(33)]
        {
            assert!(ServiceId::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn lookup_accepts_ids_in_any_case_and_names_in_any_language() {
        let c = catalog();
        for typed in ["whatsapp", "WhatsApp", "WHATSAPP", "হোয়াটসঅ্যাপ", " whatsapp "]
        {
            assert!(
                matches!(c.lookup(typed), Lookup::Found(s) if s.id.as_str() == "whatsapp"),
                "{typed}"
            );
        }
        assert!(matches!(c.lookup("বিকাশ"), Lookup::Found(s) if s.id.as_str() == "bkash"));
    }

    #[test]
    fn typos_get_a_suggestion_and_nonsense_does_not() {
        let c = catalog();
        let suggested = |typed| match c.lookup(typed) {
            Lookup::Unknown { suggestion } => suggestion.map(|id| id.to_string()),
            Lookup::Found(_) => panic!("{typed} should be unknown"),
        };
        assert_eq!(suggested("whatsap").as_deref(), Some("whatsapp"));
        assert_eq!(suggested("bkahs").as_deref(), Some("bkash"));
        assert_eq!(suggested("netflix"), None);
        assert_eq!(suggested("x"), None);
    }

    #[test]
    fn name_falls_back_to_english_then_id() {
        let mut s = catalog().iter().next().unwrap().clone();
        assert_eq!(s.name(Lang::BN), "হোয়াটসঅ্যাপ");
        assert_eq!(s.name(Lang::parse("fr").unwrap()), "WhatsApp");
        s.names.clear();
        assert_eq!(s.name(Lang::BN), "whatsapp");
    }
}
