//! Parsing what people type: commands and button presses, from plain strings, with no I/O.

/// A command as typed, before any service name is looked up.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Command {
    Start {
        payload: Option<String>,
    },
    Help,
    Language {
        code: Option<String>,
    },
    Services,
    Subscribe {
        services: Vec<String>,
    },
    Unsubscribe {
        services: Vec<String>,
    },
    MySubs,
    Status {
        service: Option<String>,
    },
    History {
        service: Option<String>,
    },
    Report {
        service: Option<String>,
    },
    Stop,
    Down {
        service: Option<String>,
        text: String,
    },
    Degraded {
        service: Option<String>,
        text: String,
    },
    Update {
        service: Option<String>,
        text: String,
    },
    Up {
        service: Option<String>,
        text: String,
    },
    Mute {
        service: Option<String>,
    },
    Unmute {
        service: Option<String>,
    },
}

/// What a message amounts to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Parsed {
    Command(Command),
    /// A command this bot does not have (the name, lowercased, for the answer).
    Unknown(String),
    /// A command addressed to another bot in a group (`/start@other_bot`): ignore it.
    ForAnotherBot,
    /// Plain text, not a command.
    NotACommand,
    /// One of our commands with arguments it cannot take (`/mysubs whatsapp`).
    ExtraArguments(&'static str),
}

/// Every command's name, in the order menus and help list them.
pub const USER_COMMANDS: &[&str] = &[
    "start",
    "help",
    "language",
    "services",
    "subscribe",
    "unsubscribe",
    "mysubs",
    "status",
    "history",
    "report",
    "stop",
];
pub const ADMIN_COMMANDS: &[&str] = &["down", "degraded", "update", "up", "mute", "unmute"];

impl Command {
    /// Whether only configured admins may use it.
    pub fn is_admin_only(&self) -> bool {
        matches!(
            self,
            Command::Down { .. }
                | Command::Degraded { .. }
                | Command::Update { .. }
                | Command::Up { .. }
                | Command::Mute { .. }
                | Command::Unmute { .. }
        )
    }

    /// Whether in a group it changes the group's own settings, which only the group's
    /// administrators may do.
    pub fn changes_chat(&self) -> bool {
        matches!(
            self,
            Command::Subscribe { .. }
                | Command::Unsubscribe { .. }
                | Command::Stop
                | Command::Language { code: Some(_) }
        ) || matches!(self, Command::Start { payload: Some(_) })
    }
}

/// Invisible characters that sneak into pasted text and must not change its meaning.
fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200F}' | '\u{2060}'..='\u{2064}' | '\u{FEFF}' | '\u{00AD}')
}

/// Removes invisible characters and trims.
pub fn clean(text: &str) -> String {
    text.chars()
        .filter(|&c| !is_invisible(c))
        .collect::<String>()
        .trim()
        .to_owned()
}

/// Parses a message. `bot_username` is ours, without `@`, when known.
pub fn parse(text: &str, bot_username: Option<&str>) -> Parsed {
    let text = clean(text);
    let Some(rest) = text.strip_prefix('/') else {
        return Parsed::NotACommand;
    };
    let (head, args) = match rest.find(char::is_whitespace) {
        Some(i) => (&rest[..i], rest[i..].trim()),
        None => (rest, ""),
    };
    let (name, addressee) = match head.split_once('@') {
        Some((name, to)) => (name, Some(to)),
        None => (head, None),
    };
    if let (Some(to), Some(me)) = (addressee, bot_username)
        && !to.eq_ignore_ascii_case(me)
    {
        return Parsed::ForAnotherBot;
    }
    let name = name.to_lowercase();
    let words = || -> Vec<String> {
        args.split(|c: char| c.is_whitespace() || c == ',')
            .filter(|w| !w.is_empty())
            .map(str::to_owned)
            .collect()
    };
    let one = || -> Option<Option<String>> {
        match words().as_slice() {
            [] => Some(None),
            [w] => Some(Some(w.clone())),
            _ => None,
        }
    };
    let none = |c: Command, n: &'static str| {
        if args.is_empty() {
            Parsed::Command(c)
        } else {
            Parsed::ExtraArguments(n)
        }
    };
    let service_and_text = || -> (Option<String>, String) {
        match args.split_once(char::is_whitespace) {
            Some((s, t)) => (Some(s.to_owned()), t.trim().to_owned()),
            None if args.is_empty() => (None, String::new()),
            None => (Some(args.to_owned()), String::new()),
        }
    };
    let command = match name.as_str() {
        "start" => Command::Start {
            payload: (!args.is_empty()).then(|| args.to_owned()),
        },
        "help" => return none(Command::Help, "help"),
        "language" | "lang" => match one() {
            Some(code) => Command::Language { code },
            None => return Parsed::ExtraArguments("language"),
        },
        "services" => return none(Command::Services, "services"),
        "subscribe" | "sub" => Command::Subscribe { services: words() },
        "unsubscribe" | "unsub" => Command::Unsubscribe { services: words() },
        "mysubs" => return none(Command::MySubs, "mysubs"),
        "status" => match one() {
            Some(service) => Command::Status { service },
            None => return Parsed::ExtraArguments("status"),
        },
        "history" => match one() {
            Some(service) => Command::History { service },
            None => return Parsed::ExtraArguments("history"),
        },
        "report" => match one() {
            Some(service) => Command::Report { service },
            None => return Parsed::ExtraArguments("report"),
        },
        "stop" => return none(Command::Stop, "stop"),
        "down" => {
            let (service, text) = service_and_text();
            Command::Down { service, text }
        }
        "degraded" => {
            let (service, text) = service_and_text();
            Command::Degraded { service, text }
        }
        "update" => {
            let (service, text) = service_and_text();
            Command::Update { service, text }
        }
        "up" => {
            let (service, text) = service_and_text();
            Command::Up { service, text }
        }
        "mute" => match one() {
            Some(service) => Command::Mute { service },
            None => return Parsed::ExtraArguments("mute"),
        },
        "unmute" => match one() {
            Some(service) => Command::Unmute { service },
            None => return Parsed::ExtraArguments("unmute"),
        },
        _ => return Parsed::Unknown(name),
    };
    Parsed::Command(command)
}

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
            _ => None,
        }
    }

    pub fn data(&self) -> String {
        match self {
            ButtonPress::Language(v) => format!("lang:{v}"),
            ButtonPress::Subscribe(v) => format!("sub:{v}"),
            ButtonPress::Unsubscribe(v) => format!("unsub:{v}"),
            ButtonPress::Declare(v) => format!("declare:{v}"),
            ButtonPress::Dismiss(v) => format!("dismiss:{v}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cmd(text: &str) -> Command {
        match parse(text, Some("outage_bot")) {
            Parsed::Command(c) => c,
            other => panic!("{text:?} parsed as {other:?}"),
        }
    }

    #[test]
    fn user_commands() {
        assert_eq!(cmd("/start"), Command::Start { payload: None });
        assert_eq!(
            cmd("/start sub_whatsapp"),
            Command::Start {
                payload: Some("sub_whatsapp".into())
            }
        );
        assert_eq!(
            cmd("/subscribe whatsapp, bkash  facebook"),
            Command::Subscribe {
                services: vec!["whatsapp".into(), "bkash".into(), "facebook".into()]
            }
        );
        assert_eq!(
            cmd("/unsubscribe all"),
            Command::Unsubscribe {
                services: vec!["all".into()]
            }
        );
        assert_eq!(cmd("/status"), Command::Status { service: None });
        assert_eq!(
            cmd("/status bkash"),
            Command::Status {
                service: Some("bkash".into())
            }
        );
        assert_eq!(
            cmd("/language bn"),
            Command::Language {
                code: Some("bn".into())
            }
        );
        assert_eq!(cmd("/report"), Command::Report { service: None });
    }

    #[test]
    fn admin_commands_keep_their_text_whole() {
        assert_eq!(
            cmd("/down whatsapp [en] Main server down [bn] মূল সার্ভার বসে গেছে"),
            Command::Down {
                service: Some("whatsapp".into()),
                text: "[en] Main server down [bn] মূল সার্ভার বসে গেছে".into()
            }
        );
        assert_eq!(
            cmd("/up whatsapp"),
            Command::Up {
                service: Some("whatsapp".into()),
                text: String::new()
            }
        );
        assert_eq!(
            cmd("/down"),
            Command::Down {
                service: None,
                text: String::new()
            }
        );
        assert_eq!(
            cmd("/update whatsapp identified DNS <b>&</b>"),
            Command::Update {
                service: Some("whatsapp".into()),
                text: "identified DNS <b>&</b>".into()
            }
        );
        assert!(cmd("/up x").is_admin_only());
        assert_eq!(
            cmd("/mute bkash"),
            Command::Mute {
                service: Some("bkash".into())
            }
        );
        assert!(cmd("/unmute").is_admin_only());
        assert!(!cmd("/status").is_admin_only());
    }

    #[test]
    fn bot_username_suffix_and_case() {
        assert_eq!(cmd("/status@outage_bot"), Command::Status { service: None });
        assert_eq!(
            cmd("/STATUS@Outage_Bot whatsapp"),
            Command::Status {
                service: Some("whatsapp".into())
            }
        );
        assert_eq!(
            parse("/status@other_bot", Some("outage_bot")),
            Parsed::ForAnotherBot
        );
        assert_eq!(cmd("/Help"), Command::Help);
    }

    #[test]
    fn invisible_characters_are_ignored() {
        assert_eq!(
            cmd("\u{200B}/status\u{200D} what\u{FEFF}sapp"),
            Command::Status {
                service: Some("whatsapp".into())
            }
        );
    }

    #[test]
    fn not_commands_unknown_commands_and_extra_arguments() {
        assert_eq!(parse("hello", None), Parsed::NotACommand);
        assert_eq!(parse("", None), Parsed::NotACommand);
        assert_eq!(
            parse("/frobnicate now", None),
            Parsed::Unknown("frobnicate".into())
        );
        assert_eq!(parse("/", None), Parsed::Unknown(String::new()));
        assert_eq!(
            parse("/mysubs please", None),
            Parsed::ExtraArguments("mysubs")
        );
        assert_eq!(parse("/status a b", None), Parsed::ExtraArguments("status"));
        assert_eq!(parse("/stop 🙂", None), Parsed::ExtraArguments("stop"));
    }

    #[test]
    fn a_huge_argument_is_still_parsed_without_panic() {
        let huge = format!("/subscribe {}", "ক".repeat(10_000));
        assert!(
            matches!(parse(&huge, None), Parsed::Command(Command::Subscribe { services }) if services.len() == 1)
        );
    }

    #[test]
    fn group_changes_are_marked() {
        assert!(cmd("/subscribe whatsapp").changes_chat());
        assert!(cmd("/language bn").changes_chat());
        assert!(!cmd("/language").changes_chat());
        assert!(!cmd("/status").changes_chat());
    }

    #[test]
    fn buttons_round_trip() {
        for b in [
            ButtonPress::Language("bn".into()),
            ButtonPress::Subscribe("whatsapp".into()),
            ButtonPress::Unsubscribe("all".into()),
            ButtonPress::Declare("bkash".into()),
            ButtonPress::Dismiss("bkash".into()),
        ] {
            assert_eq!(ButtonPress::parse(&b.data()), Some(b));
        }
        assert_eq!(ButtonPress::parse("nonsense"), None);
        assert_eq!(ButtonPress::parse("x:y"), None);
    }
}
