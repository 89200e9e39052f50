//! What an inline button asks for, written into its callback data and read back when it
//! is pressed: one table each way, so a button cannot send what nothing reads. Pure, and
//! below the bot: whoever makes a button the bot will read (a chat's answers, the crowd
//! alert to the admins) writes it here.

use crate::domain::PlaceKind;

/// What an inline button asks for; its data is `<action>:<value>`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ButtonPress {
    Language(String),
    Subscribe(String),
    Unsubscribe(String),
    /// An admin declares an outage from crowd reports.
    Declare(String),
    /// An admin dismisses crowd reports.
    Dismiss(String),
    /// "It's not working for me": a report of the service, in one tap.
    Report(String),
    /// The reporter says which network, or which area, they report from.
    Place {
        service: String,
        kind: PlaceKind,
        id: String,
    },
    /// A preference set from `/settings`.
    Preference(PreferenceChange),
}

impl ButtonPress {
    pub fn parse(data: &str) -> Option<ButtonPress> {
        let (action, value) = data.split_once(':')?;
        let value = value.to_owned();
        match action {
            "lang" => Some(ButtonPress::Language(value)),
            "sub" => Some(ButtonPress::Subscribe(value)),
            "unsub" => Some(ButtonPress::Unsubscribe(value)),
            "declare" => Some(ButtonPress::Declare(value)),
            "dismiss" => Some(ButtonPress::Dismiss(value)),
            "report" => Some(ButtonPress::Report(value)),
            "pref" => PreferenceChange::parse(&value).map(ButtonPress::Preference),
            "place" => {
                let (service, rest) = value.split_once(':')?;
                let (kind, id) = rest.split_once(':')?;
                Some(ButtonPress::Place {
                    service: service.to_owned(),
                    kind: PlaceKind::from_letter(kind)?,
                    id: id.to_owned(),
                })
            }
            _ => None,
        }
    }

    /// Whether only an admin may press it (the check is made once, before any handler).
    pub fn is_admin_only(&self) -> bool {
        match self {
            ButtonPress::Declare(_) | ButtonPress::Dismiss(_) => true,
            ButtonPress::Language(_)
            | ButtonPress::Subscribe(_)
            | ButtonPress::Unsubscribe(_)
            | ButtonPress::Report(_)
            | ButtonPress::Place { .. }
            | ButtonPress::Preference(_) => false,
        }
    }

    pub fn data(&self) -> String {
        match self {
            ButtonPress::Language(v) => format!("lang:{v}"),
            ButtonPress::Subscribe(v) => format!("sub:{v}"),
            ButtonPress::Unsubscribe(v) => format!("unsub:{v}"),
            ButtonPress::Declare(v) => format!("declare:{v}"),
            ButtonPress::Dismiss(v) => format!("dismiss:{v}"),
            ButtonPress::Report(v) => format!("report:{v}"),
            ButtonPress::Preference(change) => format!("pref:{}", change.data()),
            ButtonPress::Place { service, kind, id } => {
                format!("place:{service}:{}:{id}", kind.letter())
            }
        }
    }
}

/// A `/settings` button: the one change it makes. Its data and its reading are one
/// table, so a button cannot send what nothing reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PreferenceChange {
    QuietOff,
    QuietNight,
    OnlyOutages,
    OnlyAll,
    MaintenanceOn,
    MaintenanceOff,
}

impl PreferenceChange {
    pub const ALL: [PreferenceChange; 6] = [
        PreferenceChange::QuietOff,
        PreferenceChange::QuietNight,
        PreferenceChange::OnlyOutages,
        PreferenceChange::OnlyAll,
        PreferenceChange::MaintenanceOn,
        PreferenceChange::MaintenanceOff,
    ];

    /// What the button carries (after `pref:`).
    pub fn data(self) -> &'static str {
        match self {
            PreferenceChange::QuietOff => "quiet:off",
            PreferenceChange::QuietNight => "quiet:night",
            PreferenceChange::OnlyOutages => "only:outages",
            PreferenceChange::OnlyAll => "only:all",
            PreferenceChange::MaintenanceOn => "maintenance:on",
            PreferenceChange::MaintenanceOff => "maintenance:off",
        }
    }

    pub fn parse(data: &str) -> Option<PreferenceChange> {
        PreferenceChange::ALL.into_iter().find(|c| c.data() == data)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buttons_round_trip() {
        for b in [
            ButtonPress::Language("bn".into()),
            ButtonPress::Subscribe("whatsapp".into()),
            ButtonPress::Unsubscribe("all".into()),
            ButtonPress::Declare("bkash".into()),
            ButtonPress::Dismiss("bkash".into()),
            ButtonPress::Preference(PreferenceChange::OnlyOutages),
            ButtonPress::Report("whatsapp".into()),
            ButtonPress::Place {
                service: "whatsapp".into(),
                kind: PlaceKind::Area,
                id: "north-24-parganas".into(),
            },
        ] {
            // Telegram takes at most 64 bytes of callback data.
            assert!(b.data().len() <= 64, "{}", b.data());
            assert_eq!(ButtonPress::parse(&b.data()), Some(b));
        }
        assert_eq!(ButtonPress::parse("place:whatsapp:planet:mars"), None);
        // The longest a service and a place may be named still fits.
        let longest = ButtonPress::Place {
            service: "s".repeat(32),
            kind: PlaceKind::Network,
            id: "p".repeat(20),
        };
        assert!(longest.data().len() <= 64, "{}", longest.data());
        assert_eq!(ButtonPress::parse("nonsense"), None);
        assert_eq!(ButtonPress::parse("x:y"), None);
    }

    #[test]
    fn every_preference_button_reads_back_as_the_change_it_carries() {
        for change in PreferenceChange::ALL {
            assert_eq!(PreferenceChange::parse(change.data()), Some(change));
        }
        assert_eq!(PreferenceChange::parse("only:some"), None);
    }
}
