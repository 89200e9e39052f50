//! Purpose: plain words read as a question — «হোয়াটসঅ্যাপ চলছে না», «whatsapp down?»,
//! «বিকাশে টাকা পাঠাতে সমস্যা». People in trouble do not type commands; a message that
//! names one service and says it fails is answered with that service's status and a
//! one-tap report, not with "I only answer commands". Pure: strings in, a service out.

use crate::domain::service::Form;
use crate::domain::{Catalog, Lang, Service};

/// Bengali ways of saying it fails, compared with the spaces taken out (people write
/// «চলছেনা» as often as «চলছে না»).
const TROUBLE_BN: &[&str] = &[
    "চলছেনা",
    "চলেনা",
    "চলতেছেনা",
    "কাজকরছেনা",
    "কাজকরেনা",
    "কাজকরতেছেনা",
    "হচ্ছেনা",
    "যাচ্ছেনা",
    "আসছেনা",
    "খুলছেনা",
    "ঢুকতেপারছিনা",
    "পারছিনা",
    "বন্ধ",
    "ডাউন",
    "সমস্যা",
    "নষ্ট",
    "বিভ্রাট",
];

/// Bengali in Latin letters, as people type it on a phone without a Bengali keyboard
/// («whatsapp kaj korche na», «bkash cholchena»), compared with the spaces taken out.
const TROUBLE_ROMAN: &[&str] = &[
    "cholchena",
    "choltesena",
    "choltechena",
    "cholena",
    "kajkorchena",
    "kajkortesena",
    "kajkorena",
    "hocchena",
    "hochchena",
    "hoitesena",
    "jacchena",
    "jachchena",
    "khulchena",
    "dhukteparchina",
    "parchina",
    "somossa",
    "shomossha",
    "somossha",
    "bondho",
];

/// English ways of saying it, as whole words in order.
const TROUBLE_EN: &[&str] = &[
    "down",
    "not working",
    "isn't working",
    "isnt working",
    "doesn't work",
    "doesnt work",
    "not loading",
    "won't load",
    "wont load",
    "can't connect",
    "cant connect",
    "problem",
    "problems",
    "outage",
    "broken",
    "offline",
];

/// Lowercase words, punctuation gone.
fn words(text: &str) -> Vec<String> {
    text.to_lowercase()
        .split(|c: char| c.is_whitespace() || "?!.,।;:\"“”‘’()".contains(c))
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Whether `needle` (already in words) appears in `hay` as whole words in a row.
fn has_words(hay: &[String], needle: &[String]) -> bool {
    !needle.is_empty() && hay.windows(needle.len()).any(|w| w == needle)
}

/// Every way `service` may be written in a sentence: its spellings and, in Bengali, its
/// genitive and locative («হোয়াটসঅ্যাপের», «বিকাশে»). (An English possessive,
/// "WhatsApp's", is cut to the name where the message is read.)
fn written_forms(service: &Service) -> Vec<Vec<String>> {
    let mut forms: Vec<String> = std::iter::once(service.id.as_str().to_owned())
        .chain(service.names.values().cloned())
        .chain(service.aliases.iter().cloned())
        .collect();
    for lang in service.names.keys().filter(|l| l.base() == Lang::BN) {
        for form in [Form::Genitive, Form::Locative] {
            forms.push(service.form(*lang, form).0);
        }
    }
    forms.iter().map(|f| words(f)).collect()
}

/// The service a plain message asks about, if it names exactly one and says it fails
/// (or is only the name with a question mark: «বিকাশ?»).
pub fn trouble_question<'a>(text: &str, catalog: &'a Catalog) -> Option<&'a Service> {
    let said: Vec<String> = words(text)
        .into_iter()
        .map(|w| {
            w.strip_suffix("'s")
                .or(w.strip_suffix("’s"))
                .unwrap_or(&w)
                .to_owned()
        })
        .collect();
    let named: Vec<&Service> = catalog
        .iter()
        .filter(|s| written_forms(s).iter().any(|f| has_words(&said, f)))
        .collect();
    let [service] = named[..] else {
        return None;
    };
    let squeezed: String = said.concat();
    let troubled = TROUBLE_BN.iter().any(|p| squeezed.contains(p))
        || TROUBLE_ROMAN.iter().any(|p| squeezed.contains(p))
        || TROUBLE_EN.iter().any(|p| has_words(&said, &words(p)));
    let only_asked = text.trim_end().ends_with('?') && written_forms(service).contains(&said);
    (troubled || only_asked).then_some(service)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn catalog() -> Catalog {
        crate::config::Config::parse("", None, &|_| None)
            .expect("defaults parse")
            .catalog
    }

    #[test]
    fn plain_words_that_say_a_service_fails_name_it() {
        let catalog = catalog();
        let asked = |text: &str| trouble_question(text, &catalog).map(|s| s.id.to_string());
        for (text, service) in [
            ("হোয়াটসঅ্যাপ চলছে না", "whatsapp"),
            ("হোয়াটসঅ্যাপ চলছেনা!!", "whatsapp"),
            ("whatsapp down?", "whatsapp"),
            ("Is WhatsApp down for everyone", "whatsapp"),
            ("WhatsApp's not working", "whatsapp"),
            ("বিকাশ কাজ করছে না", "bkash"),
            ("বিকাশে টাকা পাঠাতে সমস্যা হচ্ছে", "bkash"),
            ("ফেসবুকে ঢুকতে পারছি না", "facebook"),
            ("বিকাশ?", "bkash"),
            ("bkash?", "bkash"),
            ("whatsapp kaj korche na", "whatsapp"),
            ("bkash cholchena", "bkash"),
            ("fb te dhukte parchi na", "facebook"),
            ("Bkash e somossa hocche", "bkash"),
        ] {
            assert_eq!(asked(text).as_deref(), Some(service), "{text}");
        }
    }

    #[test]
    fn other_words_are_not_read_as_a_question() {
        let catalog = catalog();
        for text in [
            "hello",
            "ধন্যবাদ",
            "I downloaded whatsapp yesterday",
            "whatsapp",
            "whatsapp and facebook are down",
            "কী খবর?",
            "",
        ] {
            assert!(trouble_question(text, &catalog).is_none(), "{text}");
        }
    }
}
