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

/// The grammatical forms a sentence may need of a service's name.
#[derive(Clone, Copy, PartialEq, Eq, Debug, PartialOrd, Ord)]
pub enum Form {
    /// «হোয়াটসঅ্যাপ» — the name as it stands.
    Nominative,
    /// «হোয়াটসঅ্যাপের» — of it.
    Genitive,
    /// «হোয়াটসঅ্যাপে» — in it, on it.
    Locative,
}

/// A service with its display name (and, where a language inflects names, its forms)
/// in each language, and other spellings people type for it.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Service {
    pub id: ServiceId,
    pub names: BTreeMap<Lang, String>,
    /// Inflected forms given in the configuration, by language and form; a form not
    /// given is made by rule (`inflect`).
    pub forms: BTreeMap<(Lang, Form), String>,
    /// Other spellings people type («হোয়াটসআপ», «বিকাস»), for lookups only.
    pub aliases: Vec<String>,
    /// Services people turn to when this one fails: "what still works" is said of them.
    pub alternatives: Vec<ServiceId>,
}

impl Service {
    /// A service known by `names` only (forms by rule, no aliases).
    pub fn new(id: ServiceId, names: BTreeMap<Lang, String>) -> Service {
        Service {
            id,
            names,
            forms: BTreeMap::new(),
            aliases: Vec::new(),
            alternatives: Vec::new(),
        }
    }

    /// The name in `lang` (a variant falls back to its base language), else in
    /// English, else the id.
    pub fn name(&self, lang: Lang) -> &str {
        self.names
            .get(&lang)
            .or_else(|| self.names.get(&lang.base()))
            .or_else(|| self.names.get(&Lang::EN))
            .map(String::as_str)
            .unwrap_or(self.id.as_str())
    }

    /// The name in `lang` in `form`, and whether it had to be made by rule.
    pub fn form(&self, lang: Lang, form: Form) -> (String, bool) {
        let name = self.name(lang);
        if form == Form::Nominative {
            return (name.to_owned(), false);
        }
        match self
            .forms
            .get(&(lang, form))
            .or_else(|| self.forms.get(&(lang.base(), form)))
        {
            Some(given) => (given.clone(), false),
            None => (inflect(name, lang, form), true),
        }
    }

    /// Every name it goes by: id, display names, aliases.
    fn spellings(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.id.as_str())
            .chain(self.names.values().map(String::as_str))
            .chain(self.aliases.iter().map(String::as_str))
    }
}

/// What a typed name is looked up as: without a leading `#`, its words one space apart,
/// in lower case.
fn spelling_of(typed: &str) -> String {
    one_spaced(typed.trim().trim_start_matches('#')).to_lowercase()
}

/// `text` with each run of spaces one space.
fn one_spaced(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether `c` is a Bengali vowel sign: a name ending in one takes «র»/«তে» (গুগল পের),
/// one ending in a consonant «ের»/«ে».
fn is_vowel_sign(c: char) -> bool {
    matches!(c, '\u{09BE}'..='\u{09CC}' | '\u{09D7}' | '\u{09E2}'..='\u{09E3}')
}

/// Whether `c` is an independent Bengali vowel: a name ending in one glides into its
/// ending with «য়» (পাঠাওয়ের, পাঠাওয়ে; এআইয়ের), never «পাঠাওর».
fn is_independent_vowel(c: char) -> bool {
    matches!(c, '\u{0985}'..='\u{0994}' | '\u{09E0}'..='\u{09E1}')
}

fn is_bengali(c: char) -> bool {
    ('\u{0980}'..='\u{09FF}').contains(&c)
}

/// The form a language's grammar makes of `name` when none is given. Bengali attaches
/// the ending: a consonant takes «ের»/«ে» (ফেসবুকের, ফেসবুকে), a vowel «র»/«তে»; after
/// a name in Latin letters the ending is hyphenated («bKash-এর»), as the press writes
/// it. Other languages use the name as it stands.
pub fn inflect(name: &str, lang: Lang, form: Form) -> String {
    if lang.base() != Lang::BN || form == Form::Nominative {
        return name.to_owned();
    }
    let Some(last) = name.chars().last() else {
        return name.to_owned();
    };
    let ending = match form {
        Form::Nominative => "",
        _ if !is_bengali(last) => match form {
            Form::Genitive => "-এর",
            _ => "-এ",
        },
        _ if is_independent_vowel(last) => match form {
            Form::Genitive => "য়ের",
            _ => "য়ে",
        },
        _ if is_vowel_sign(last) => match form {
            Form::Genitive => "র",
            _ => "তে",
        },
        Form::Genitive => "ের",
        Form::Locative => "ে",
    };
    format!("{name}{ending}")
}

/// The services this deployment knows, in the order they were configured.
#[derive(Clone, Debug, Default)]
pub struct Catalog {
    services: Vec<Service>,
    /// Every spelling, lowercased with one space between its words, to its service's
    /// place in `services`: a lookup is one hash, however long the list typed.
    spellings: std::collections::HashMap<String, usize>,
    /// The most words any spelling has.
    longest_name: usize,
}

/// What looking up a user-typed service name found.
#[derive(Debug, PartialEq, Eq)]
pub enum Lookup<'a> {
    Found(&'a Service),
    /// Unknown, with the closest known service when one is near enough to be a typo.
    Unknown {
        suggestion: Option<&'a Service>,
    },
}

impl Catalog {
    pub fn new(services: Vec<Service>) -> Catalog {
        let mut spellings = std::collections::HashMap::new();
        for (i, service) in services.iter().enumerate() {
            for spelling in service.spellings() {
                // The first service to claim a spelling keeps it, as the list's order did.
                spellings
                    .entry(one_spaced(spelling).to_lowercase())
                    .or_insert(i);
            }
        }
        let longest_name = spellings
            .keys()
            .map(|n| n.split(' ').count())
            .max()
            .unwrap_or(1);
        Catalog {
            services,
            spellings,
            longest_name,
        }
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

    /// The service `typed` names exactly: an id, a display name in any language or an
    /// alias, in any case, with any run of spaces between its words.
    fn named(&self, typed: &str) -> Option<&Service> {
        self.spelled(&spelling_of(typed))
    }

    /// The service whose spelling is `wanted`, already made a spelling (`spelling_of`).
    fn spelled(&self, wanted: &str) -> Option<&Service> {
        self.spellings.get(wanted).map(|&i| &self.services[i])
    }

    /// Words as typed, with the names of several words put back together («স্টেট
    /// ব্যাঙ্ক», "google pay"): at each word, the longest run of words that is a name.
    pub fn join_names(&self, words: &[String]) -> Vec<String> {
        let mut joined = Vec::with_capacity(words.len());
        let mut at = 0;
        while at < words.len() {
            let run = self.name_run(&words[at..]).unwrap_or(1);
            joined.push(words[at..at + run].join(" "));
            at += run;
        }
        joined
    }

    /// How many of `words`' first words make the longest name of several words, if any.
    fn name_run<W: AsRef<str>>(&self, words: &[W]) -> Option<usize> {
        let most = self.longest_name.min(words.len());
        (2..=most).rev().find(|&n| {
            let phrase: Vec<&str> = words[..n].iter().map(AsRef::as_ref).collect();
            self.named(&phrase.join(" ")).is_some()
        })
    }

    /// A name of several words at the start of `text`, and the text after it:
    /// `/down state bank card payments fail` names «state bank», not «state». When the
    /// first word names another service, the longer name is taken only if it is all
    /// there is: `/down facebook messenger` is Messenger (its alias), but in `/down
    /// facebook messenger also fails` the admin means Facebook.
    pub fn leading_name<'t>(&self, text: &'t str) -> Option<(String, &'t str)> {
        let mut words = Vec::new();
        let mut rest = text.trim_start();
        while words.len() < self.longest_name && !rest.is_empty() {
            let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
            words.push((&rest[..end], &rest[end..]));
            rest = rest[end..].trim_start();
        }
        let run = self.name_run(&words.iter().map(|(w, _)| *w).collect::<Vec<_>>())?;
        let name = words[..run]
            .iter()
            .map(|(w, _)| *w)
            .collect::<Vec<_>>()
            .join(" ");
        let rest = words[run - 1].1.trim();
        if let Some(first) = self.named(words[0].0)
            && self.named(&name).map(|s| &s.id) != Some(&first.id)
            && !rest.is_empty()
        {
            return None;
        }
        Some((name, rest))
    }

    /// Finds what a user typed: an id, a display name in any language or an alias, in
    /// any case.
    pub fn lookup(&self, typed: &str) -> Lookup<'_> {
        let wanted = spelling_of(typed);
        if let Some(service) = self.spelled(&wanted) {
            return Lookup::Found(service);
        }
        // A typo is at most two edits away (counted in letters, so Bengali's
        // multi-byte letters count once; two letters swapped are one edit), and less
        // than half the word.
        let distance = |spelling: &str| {
            let spelling = spelling.to_lowercase();
            let d = strsim::osa_distance(&spelling, &wanted);
            (d <= 2 && d * 2 < spelling.chars().count().max(2)).then_some(d)
        };
        let suggestion = self
            .services
            .iter()
            .filter_map(|s| s.spellings().filter_map(distance).min().map(|d| (d, s)))
            .min_by_key(|&(d, _)| d)
            .map(|(_, s)| s);
        Lookup::Unknown { suggestion }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn catalog() -> Catalog {
        let service = |id: &str, en: &str, bn: &str, aliases: &[&str]| Service {
            aliases: aliases.iter().map(|a| a.to_string()).collect(),
            ..Service::new(
                ServiceId::parse(id).unwrap(),
                BTreeMap::from([(Lang::EN, en.to_owned()), (Lang::BN, bn.to_owned())]),
            )
        };
        Catalog::new(vec![
            service("whatsapp", "WhatsApp", "হোয়াটসঅ্যাপ", &["হোয়াটসআপ"]),
            service("bkash", "bKash", "বিকাশ", &["বিকাস"]),
        ])
    }

    #[test]
    fn names_of_several_words_are_put_back_together() {
        let mut services: Vec<Service> = catalog().iter().cloned().collect();
        services.push(Service {
            aliases: vec![
                "state bank".into(),
                "স্টেট ব্যাঙ্ক".into(),
                "state bank of india".into(),
            ],
            ..Service::new(
                ServiceId::parse("sbi").unwrap(),
                BTreeMap::from([(Lang::EN, "SBI".to_owned())]),
            )
        });
        let catalog = Catalog::new(services);
        let words = |text: &str| text.split(' ').map(str::to_owned).collect::<Vec<_>>();
        assert_eq!(
            catalog.join_names(&words("whatsapp স্টেট ব্যাঙ্ক bkash")),
            ["whatsapp", "স্টেট ব্যাঙ্ক", "bkash"]
        );
        // The longest run wins; a word alone stays itself, known or not.
        assert_eq!(
            catalog.join_names(&words("State Bank of India state bank bank")),
            ["State Bank of India", "state bank", "bank"]
        );
        assert_eq!(
            catalog.lookup("state   bank"),
            Lookup::Found(catalog.get(&ServiceId::parse("sbi").unwrap()).unwrap())
        );
        assert!(catalog.join_names(&[]).is_empty());
        // An admin's command: the name, then their words as written (lines kept).
        assert_eq!(
            catalog.leading_name("State  Bank of India  card payments fail\nsince noon"),
            Some((
                "State Bank of India".to_owned(),
                "card payments fail\nsince noon"
            ))
        );
        assert_eq!(
            catalog.leading_name("স্টেট ব্যাঙ্ক"),
            Some(("স্টেট ব্যাঙ্ক".to_owned(), ""))
        );
        // A name of one word is the command's own split.
        assert_eq!(catalog.leading_name("whatsapp web is slow"), None);
        // A first word that names a service is never taken for another's longer name.
        let with_web_alias = Catalog::new(
            catalog
                .iter()
                .cloned()
                .chain([Service {
                    aliases: vec!["whatsapp web".into()],
                    ..Service::new(
                        ServiceId::parse("web").unwrap(),
                        BTreeMap::from([(Lang::EN, "Web".to_owned())]),
                    )
                }])
                .collect(),
        );
        assert_eq!(with_web_alias.leading_name("whatsapp web is slow"), None);
        // The longer name alone is that name: nothing is left to be the admin's words.
        assert_eq!(
            with_web_alias.leading_name("Whatsapp  web"),
            Some(("Whatsapp web".to_owned(), ""))
        );
        assert_eq!(catalog.leading_name("state of things"), None);
        assert_eq!(catalog.leading_name(""), None);
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
        assert!(
            matches!(c.lookup("বিকাস"), Lookup::Found(s) if s.id.as_str() == "bkash"),
            "an alias"
        );
        assert!(matches!(c.lookup("হোয়াটসআপ"), Lookup::Found(s) if s.id.as_str() == "whatsapp"));
    }

    #[test]
    fn typos_get_a_suggestion_and_nonsense_does_not() {
        let c = catalog();
        let suggested = |typed| match c.lookup(typed) {
            Lookup::Unknown { suggestion } => suggestion.map(|s| s.id.to_string()),
            Lookup::Found(_) => panic!("{typed} should be unknown"),
        };
        assert_eq!(suggested("whatsap").as_deref(), Some("whatsapp"));
        assert_eq!(suggested("bkahs").as_deref(), Some("bkash"));
        assert_eq!(
            suggested("হোয়াটসএপ").as_deref(),
            Some("whatsapp"),
            "Bengali typos too"
        );
        assert_eq!(suggested("netflix"), None);
        assert_eq!(suggested("x"), None);
    }

    #[test]
    fn bengali_names_take_their_case_endings() {
        let form = |name: &str, form| inflect(name, Lang::BN_BD, form);
        assert_eq!(form("ফেসবুক", Form::Genitive), "ফেসবুকের");
        assert_eq!(form("ফেসবুক", Form::Locative), "ফেসবুকে");
        assert_eq!(form("মাই ব্যাংক", Form::Genitive), "মাই ব্যাংকের");
        assert_eq!(form("গুগল পে", Form::Genitive), "গুগল পের");
        assert_eq!(form("গুগল পে", Form::Locative), "গুগল পেতে");
        // After an independent vowel the ending glides in with «য়» (review L31).
        assert_eq!(form("পাঠাও", Form::Genitive), "পাঠাওয়ের");
        assert_eq!(form("পাঠাও", Form::Locative), "পাঠাওয়ে");
        assert_eq!(form("জিও", Form::Genitive), "জিওয়ের");
        assert_eq!(form("এআই", Form::Locative), "এআইয়ে");
        assert_eq!(
            form("bKash", Form::Genitive),
            "bKash-এর",
            "after Latin letters, a hyphen"
        );
        assert_eq!(inflect("WhatsApp", Lang::EN, Form::Genitive), "WhatsApp");
        let mut s = catalog().iter().next().unwrap().clone();
        assert_eq!(
            s.form(Lang::BN_IN, Form::Locative),
            ("হোয়াটসঅ্যাপে".to_owned(), true)
        );
        s.forms
            .insert((Lang::BN, Form::Locative), "হোয়াটসঅ্যাপে".into());
        assert_eq!(
            s.form(Lang::BN_IN, Form::Locative),
            ("হোয়াটসঅ্যাপে".to_owned(), false),
            "given"
        );
    }

    #[test]
    fn name_falls_back_to_english_then_id() {
        let mut s = catalog().iter().next().unwrap().clone();
        assert_eq!(s.name(Lang::BN), "হোয়াটসঅ্যাপ");
        assert_eq!(
            s.name(Lang::BN_BD),
            "হোয়াটসঅ্যাপ",
            "a variant reads its base's name"
        );
        assert_eq!(s.name(Lang::parse("fr").unwrap()), "WhatsApp");
        s.names.clear();
        assert_eq!(s.name(Lang::BN), "whatsapp");
    }
}
