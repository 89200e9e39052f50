//! The networks and areas a reporter may say they report from: which are offered to a
//! reader of each language, and what each is called in it.

use std::collections::BTreeMap;

use super::Lang;
use super::report::PlaceKind;

/// A network or an area with its name in each language.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Place {
    pub kind: PlaceKind,
    pub id: String,
    pub names: BTreeMap<Lang, String>,
    /// «ঢাকায়»: the name's locative where a language inflects names and the rule would
    /// not give it; made by rule when absent.
    pub locatives: BTreeMap<Lang, String>,
}

/// Every place known, and the lists offered by language.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ReportPlaces {
    places: Vec<Place>,
    /// The ids offered to readers of a language, networks then areas.
    offered: BTreeMap<Lang, (Vec<String>, Vec<String>)>,
    /// Offered to a language with no list of its own (the deployment's region's).
    fallback: (Vec<String>, Vec<String>),
}

impl ReportPlaces {
    pub fn new(
        places: Vec<Place>,
        offered: BTreeMap<Lang, (Vec<String>, Vec<String>)>,
        fallback: (Vec<String>, Vec<String>),
    ) -> ReportPlaces {
        ReportPlaces {
            places,
            offered,
            fallback,
        }
    }

    /// The ids of `kind` offered to a reader of `lang`, in the order shown.
    pub fn offered(&self, lang: Lang, kind: PlaceKind) -> &[String] {
        let lists = self
            .offered
            .get(&lang)
            .or_else(|| self.offered.get(&lang.base()))
            .unwrap_or(&self.fallback);
        match kind {
            PlaceKind::Network => &lists.0,
            PlaceKind::Area => &lists.1,
        }
    }

    pub fn get(&self, kind: PlaceKind, id: &str) -> Option<&Place> {
        self.places.iter().find(|p| p.kind == kind && p.id == id)
    }

    /// The name of `id` in `lang` (a variant falls back to its base language), else in
    /// English, else the id itself.
    pub fn name<'a>(&'a self, kind: PlaceKind, id: &'a str, lang: Lang) -> &'a str {
        self.get(kind, id)
            .and_then(|place| {
                place
                    .names
                    .get(&lang)
                    .or_else(|| place.names.get(&lang.base()))
                    .or_else(|| place.names.get(&Lang::EN))
            })
            .map_or(id, String::as_str)
    }

    /// The name of `id` in `lang` as «in …» says it («ঢাকায়»; English as it stands).
    pub fn locative(&self, kind: PlaceKind, id: &str, lang: Lang) -> String {
        let given = self.get(kind, id).and_then(|place| {
            place
                .locatives
                .get(&lang)
                .or_else(|| place.locatives.get(&lang.base()))
        });
        match given {
            Some(given) => given.clone(),
            None => super::service::inflect(
                self.name(kind, id, lang),
                lang,
                super::service::Form::Locative,
            ),
        }
    }

    /// Whether `id` is a known place of `kind`.
    pub fn knows(&self, kind: PlaceKind, id: &str) -> bool {
        self.get(kind, id).is_some()
    }
}

impl PlaceKind {
    pub const ALL: [PlaceKind; 2] = [PlaceKind::Network, PlaceKind::Area];

    /// How it is written in configuration and button data.
    pub fn code(self) -> &'static str {
        match self {
            PlaceKind::Network => "network",
            PlaceKind::Area => "area",
        }
    }

    pub fn parse(code: &str) -> Option<PlaceKind> {
        PlaceKind::ALL.into_iter().find(|k| k.code() == code)
    }

    /// One letter, for a button's data (which Telegram caps at 64 bytes).
    pub fn letter(self) -> &'static str {
        match self {
            PlaceKind::Network => "n",
            PlaceKind::Area => "a",
        }
    }

    pub fn from_letter(letter: &str) -> Option<PlaceKind> {
        PlaceKind::ALL.into_iter().find(|k| k.letter() == letter)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn place(kind: PlaceKind, id: &str, en: &str, bn: &str) -> Place {
        Place {
            kind,
            id: id.into(),
            names: [(Lang::EN, en.into()), (Lang::BN, bn.into())].into(),
            locatives: BTreeMap::new(),
        }
    }

    #[test]
    fn a_reader_gets_their_languages_list_else_the_deployments() {
        let places = ReportPlaces::new(
            vec![
                place(PlaceKind::Network, "robi", "Robi", "রবি"),
                place(PlaceKind::Network, "jio", "Jio", "জিও"),
                place(PlaceKind::Area, "dhaka", "Dhaka", "ঢাকা"),
            ],
            [(Lang::BN_IN, (vec!["jio".into()], vec![]))].into(),
            (vec!["robi".into()], vec!["dhaka".into()]),
        );
        assert_eq!(places.offered(Lang::BN_IN, PlaceKind::Network), ["jio"]);
        assert_eq!(places.offered(Lang::BN_BD, PlaceKind::Network), ["robi"]);
        assert_eq!(places.offered(Lang::EN, PlaceKind::Area), ["dhaka"]);
        assert_eq!(places.name(PlaceKind::Network, "robi", Lang::BN_BD), "রবি");
        assert_eq!(places.name(PlaceKind::Area, "dhaka", Lang::EN), "Dhaka");
        assert_eq!(places.name(PlaceKind::Area, "nowhere", Lang::EN), "nowhere");
        assert!(!places.knows(PlaceKind::Area, "robi"));
        assert_eq!(places.locative(PlaceKind::Area, "dhaka", Lang::EN), "Dhaka");
    }
}
