//! Parsing what people type: commands, from plain strings, with no I/O. The richer
//! commands' arguments are read beside it, in `arguments.rs`; button presses below the
//! bot, in `button_press.rs` (the crowd alert writes them too).

use crate::domain::Catalog;

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
    /// A short text to pass on (SMS, another app) when the service fails for many.
    Share {
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
    /// A backup now, sent to the admin as a file.
    Backup,
    /// Planned maintenance: list, plan, cancel, extend, end (the words after it).
    Maintenance {
        args: Option<String>,
    },
    /// The chat's preferences, with buttons.
    Settings,
    /// Quiet hours: `22:00-07:00` or `off`.
    Quiet {
        hours: Option<String>,
    },
    /// Only full outages (`outages`) or everything (`all`).
    Only {
        choice: Option<String>,
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
    /// One of our commands with more arguments than it takes (`/mysubs whatsapp`), with
    /// what came after its name (a service's name may be several words).
    ExtraArguments(CommandName, String),
}

/// Every command the bot knows. Each fact about a command — its name and aliases, what
/// it takes, who may run it, its help line and usage example — is one exhaustive match
/// below, so a new command cannot compile without all of them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CommandName {
    Start,
    Help,
    Language,
    Services,
    Subscribe,
    Unsubscribe,
    MySubs,
    Status,
    History,
    Report,
    Share,
    Stop,
    Down,
    Degraded,
    Update,
    Up,
    Mute,
    Unmute,
    Backup,
    Settings,
    Quiet,
    Only,
    Maintenance,
}

/// What a command takes after its name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Takes {
    Nothing,
    /// At most one word.
    OneWord,
    /// Any number of names, in groups between commas.
    Words,
    /// A service, then free text to the end.
    ServiceAndText,
    /// Everything after the name, as one piece (a deep-link payload).
    Rest,
}

impl CommandName {
    /// In the order menus and help list them.
    pub const ALL: [CommandName; 23] = [
        CommandName::Start,
        CommandName::Help,
        CommandName::Language,
        CommandName::Services,
        CommandName::Subscribe,
        CommandName::Unsubscribe,
        CommandName::MySubs,
        CommandName::Status,
        CommandName::History,
        CommandName::Report,
        CommandName::Share,
        CommandName::Settings,
        CommandName::Quiet,
        CommandName::Only,
        CommandName::Stop,
        CommandName::Down,
        CommandName::Degraded,
        CommandName::Update,
        CommandName::Up,
        CommandName::Mute,
        CommandName::Unmute,
        CommandName::Maintenance,
        CommandName::Backup,
    ];

    /// What Telegram's menu shows and people type (ASCII, lowercase).
    pub fn name(self) -> &'static str {
        match self {
            CommandName::Start => "start",
            CommandName::Help => "help",
            CommandName::Language => "language",
            CommandName::Services => "services",
            CommandName::Subscribe => "subscribe",
            CommandName::Unsubscribe => "unsubscribe",
            CommandName::MySubs => "mysubs",
            CommandName::Status => "status",
            CommandName::History => "history",
            CommandName::Report => "report",
            CommandName::Share => "share",
            CommandName::Stop => "stop",
            CommandName::Down => "down",
            CommandName::Degraded => "degraded",
            CommandName::Update => "update",
            CommandName::Up => "up",
            CommandName::Mute => "mute",
            CommandName::Unmute => "unmute",
            CommandName::Backup => "backup",
            CommandName::Settings => "settings",
            CommandName::Quiet => "quiet",
            CommandName::Only => "only",
            CommandName::Maintenance => "maintenance",
        }
    }

    /// Other names that work too (not shown in menus).
    pub fn aliases(self) -> &'static [&'static str] {
        match self {
            CommandName::Language => &["lang"],
            CommandName::Subscribe => &["sub"],
            CommandName::Unsubscribe => &["unsub"],
            CommandName::Maintenance => &["maint"],
            CommandName::Start
            | CommandName::Help
            | CommandName::Services
            | CommandName::MySubs
            | CommandName::Status
            | CommandName::History
            | CommandName::Report
            | CommandName::Share
            | CommandName::Stop
            | CommandName::Down
            | CommandName::Degraded
            | CommandName::Update
            | CommandName::Up
            | CommandName::Mute
            | CommandName::Unmute
            | CommandName::Backup
            | CommandName::Settings
            | CommandName::Quiet
            | CommandName::Only => &[],
        }
    }

    pub fn takes(self) -> Takes {
        match self {
            CommandName::Start => Takes::Rest,
            CommandName::Help
            | CommandName::Services
            | CommandName::MySubs
            | CommandName::Stop
            | CommandName::Backup
            | CommandName::Settings => Takes::Nothing,
            // `22:00 - 07:00` may come with spaces; a plan is several words and text.
            CommandName::Quiet | CommandName::Maintenance => Takes::Rest,
            CommandName::Only => Takes::OneWord,
            // A language's name may be several words: «বাংলা (বাংলাদেশ)».
            CommandName::Language => Takes::Rest,
            CommandName::Status
            | CommandName::History
            | CommandName::Report
            | CommandName::Share
            | CommandName::Mute
            | CommandName::Unmute => Takes::OneWord,
            CommandName::Subscribe | CommandName::Unsubscribe => Takes::Words,
            CommandName::Down | CommandName::Degraded | CommandName::Update | CommandName::Up => {
                Takes::ServiceAndText
            }
        }
    }

    /// Whether only configured admins may run it.
    pub fn admin_only(self) -> bool {
        match self {
            CommandName::Down
            | CommandName::Degraded
            | CommandName::Update
            | CommandName::Up
            | CommandName::Mute
            | CommandName::Unmute
            | CommandName::Backup
            | CommandName::Maintenance => true,
            CommandName::Start
            | CommandName::Help
            | CommandName::Language
            | CommandName::Services
            | CommandName::Subscribe
            | CommandName::Unsubscribe
            | CommandName::MySubs
            | CommandName::Status
            | CommandName::History
            | CommandName::Report
            | CommandName::Share
            | CommandName::Stop
            | CommandName::Settings
            | CommandName::Quiet
            | CommandName::Only => false,
        }
    }

    /// The message id of its one-line description (help and Telegram's menu).
    pub fn description_id(self) -> &'static str {
        match self {
            CommandName::Start => "cmd-start",
            CommandName::Help => "cmd-help",
            CommandName::Language => "cmd-language",
            CommandName::Services => "cmd-services",
            CommandName::Subscribe => "cmd-subscribe",
            CommandName::Unsubscribe => "cmd-unsubscribe",
            CommandName::MySubs => "cmd-mysubs",
            CommandName::Status => "cmd-status",
            CommandName::History => "cmd-history",
            CommandName::Report => "cmd-report",
            CommandName::Share => "cmd-share",
            CommandName::Stop => "cmd-stop",
            CommandName::Down => "cmd-down",
            CommandName::Degraded => "cmd-degraded",
            CommandName::Update => "cmd-update",
            CommandName::Up => "cmd-up",
            CommandName::Mute => "cmd-mute",
            CommandName::Unmute => "cmd-unmute",
            CommandName::Backup => "cmd-backup",
            CommandName::Settings => "cmd-settings",
            CommandName::Quiet => "cmd-quiet",
            CommandName::Only => "cmd-only",
            CommandName::Maintenance => "cmd-maintenance",
        }
    }

    /// The message id of an example of its use, for commands that take something.
    pub fn usage_id(self) -> Option<&'static str> {
        match self {
            CommandName::Language => Some("usage-language"),
            CommandName::Subscribe => Some("usage-subscribe"),
            CommandName::Unsubscribe => Some("usage-unsubscribe"),
            CommandName::Status => Some("usage-status"),
            CommandName::History => Some("usage-history"),
            CommandName::Report => Some("usage-report"),
            CommandName::Share => Some("usage-share"),
            CommandName::Down => Some("usage-down"),
            CommandName::Degraded => Some("usage-degraded"),
            CommandName::Update => Some("usage-update"),
            CommandName::Up => Some("usage-up"),
            CommandName::Mute => Some("usage-mute"),
            CommandName::Unmute => Some("usage-unmute"),
            CommandName::Quiet => Some("usage-quiet"),
            CommandName::Only => Some("usage-only"),
            CommandName::Maintenance => Some("usage-maintenance"),
            CommandName::Start
            | CommandName::Help
            | CommandName::Services
            | CommandName::MySubs
            | CommandName::Stop
            | CommandName::Backup
            | CommandName::Settings => None,
        }
    }

    /// The command typed as `name` (lowercase), by its name or an alias.
    pub fn lookup(name: &str) -> Option<CommandName> {
        CommandName::ALL
            .into_iter()
            .find(|c| c.name() == name || c.aliases().contains(&name))
    }
}

impl Command {
    pub fn name(&self) -> CommandName {
        match self {
            Command::Start { .. } => CommandName::Start,
            Command::Help => CommandName::Help,
            Command::Language { .. } => CommandName::Language,
            Command::Services => CommandName::Services,
            Command::Subscribe { .. } => CommandName::Subscribe,
            Command::Unsubscribe { .. } => CommandName::Unsubscribe,
            Command::MySubs => CommandName::MySubs,
            Command::Status { .. } => CommandName::Status,
            Command::History { .. } => CommandName::History,
            Command::Report { .. } => CommandName::Report,
            Command::Share { .. } => CommandName::Share,
            Command::Stop => CommandName::Stop,
            Command::Down { .. } => CommandName::Down,
            Command::Degraded { .. } => CommandName::Degraded,
            Command::Update { .. } => CommandName::Update,
            Command::Up { .. } => CommandName::Up,
            Command::Mute { .. } => CommandName::Mute,
            Command::Unmute { .. } => CommandName::Unmute,
            Command::Backup => CommandName::Backup,
            Command::Maintenance { .. } => CommandName::Maintenance,
            Command::Settings => CommandName::Settings,
            Command::Quiet { .. } => CommandName::Quiet,
            Command::Only { .. } => CommandName::Only,
        }
    }

    /// An admin's command whose service is a name of several words (`/up state bank
    /// back since 3 pm`): the name whole, the words after it the text. The parser cut
    /// at the first space, not knowing the catalog.
    pub fn with_whole_name(mut self, catalog: &Catalog) -> Command {
        if let Command::Down { service, text }
        | Command::Degraded { service, text }
        | Command::Update { service, text }
        | Command::Up { service, text } = &mut self
            && let Some(first) = service
            && !text.is_empty()
            && let Some((name, rest)) = catalog.leading_name(&format!("{first} {text}"))
        {
            *text = rest.to_owned();
            *service = Some(name);
        }
        self
    }

    /// Whether only configured admins may use it.
    pub fn is_admin_only(&self) -> bool {
        self.name().admin_only()
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
                | Command::Start { payload: Some(_) }
                | Command::Quiet { hours: Some(_) }
                | Command::Only { choice: Some(_) }
        )
    }
}

/// What came after a command's name, split the way the command takes it.
enum Arguments {
    Nothing,
    One(Option<String>),
    Words(Vec<String>),
    ServiceAndText(Option<String>, String),
    Rest(Option<String>),
}

impl Arguments {
    /// Splits `args` as `takes` says; `None` when there is more than it takes.
    fn split(args: &str, takes: Takes) -> Option<Arguments> {
        let words = || -> Vec<String> {
            args.split(|c: char| c.is_whitespace() || c == ',')
                .filter(|w| !w.is_empty())
                .map(str::to_owned)
                .collect()
        };
        Some(match takes {
            Takes::Nothing if args.is_empty() => Arguments::Nothing,
            Takes::Nothing => return None,
            Takes::OneWord => match words().as_slice() {
                [] => Arguments::One(None),
                [w] => Arguments::One(Some(w.clone())),
                _ => return None,
            },
            // Names, comma-separated or not: each comma's group as typed (one space between
            // its words), since a name may be several words («স্টেট ব্যাঙ্ক») and the
            // catalog, not the parser, knows which.
            Takes::Words => Arguments::Words(
                args.split(',')
                    .map(|group| group.split_whitespace().collect::<Vec<_>>().join(" "))
                    .filter(|group| !group.is_empty())
                    .collect(),
            ),
            Takes::ServiceAndText => match args.split_once(char::is_whitespace) {
                Some((s, t)) => Arguments::ServiceAndText(Some(s.to_owned()), t.trim().to_owned()),
                None if args.is_empty() => Arguments::ServiceAndText(None, String::new()),
                None => Arguments::ServiceAndText(Some(args.to_owned()), String::new()),
            },
            Takes::Rest => Arguments::Rest((!args.is_empty()).then(|| args.to_owned())),
        })
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

/// The command a mistyped name most likely meant (`subscrib` → `subscribe`): at most
/// two edits away, and less than half the word.
pub fn nearest(typed: &str) -> Option<CommandName> {
    CommandName::ALL
        .into_iter()
        .flat_map(|c| {
            std::iter::once(c.name())
                .chain(c.aliases().iter().copied())
                .map(move |n| (c, n))
        })
        // Two letters swapped count as one slip: `/stauts` meant `/status`, not `/start`.
        .map(|(c, n)| (strsim::osa_distance(n, typed), c, n))
        .filter(|&(d, _, n)| d <= 2 && d * 2 < n.len())
        .min_by_key(|&(d, _, _)| d)
        .map(|(_, c, _)| c)
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
    let Some(command) = CommandName::lookup(&name) else {
        return Parsed::Unknown(name);
    };
    let Some(arguments) = Arguments::split(args, command.takes()) else {
        return Parsed::ExtraArguments(command, args.to_owned());
    };
    Parsed::Command(build(command, arguments))
}

/// `name` with `phrase` as its one argument, when it takes one: for a name of several
/// words («/status স্টেট ব্যাঙ্ক»), once the catalog knows the phrase as one.
pub fn with_one_name(name: CommandName, phrase: &str) -> Option<Command> {
    (name.takes() == Takes::OneWord).then(|| build(name, Arguments::One(Some(phrase.to_owned()))))
}

/// The command with its arguments, which `Arguments::split` cut to the shape it takes.
fn build(name: CommandName, arguments: Arguments) -> Command {
    let (one, words, (service, text), rest) = match arguments {
        Arguments::Nothing => (None, Vec::new(), (None, String::new()), None),
        Arguments::One(one) => (one, Vec::new(), (None, String::new()), None),
        Arguments::Words(words) => (None, words, (None, String::new()), None),
        Arguments::ServiceAndText(s, t) => (None, Vec::new(), (s, t), None),
        Arguments::Rest(rest) => (None, Vec::new(), (None, String::new()), rest),
    };
    match name {
        CommandName::Start => Command::Start { payload: rest },
        CommandName::Help => Command::Help,
        CommandName::Language => Command::Language { code: rest },
        CommandName::Services => Command::Services,
        CommandName::Subscribe => Command::Subscribe { services: words },
        CommandName::Unsubscribe => Command::Unsubscribe { services: words },
        CommandName::MySubs => Command::MySubs,
        CommandName::Status => Command::Status { service: one },
        CommandName::History => Command::History { service: one },
        CommandName::Report => Command::Report { service: one },
        CommandName::Share => Command::Share { service: one },
        CommandName::Stop => Command::Stop,
        CommandName::Down => Command::Down { service, text },
        CommandName::Degraded => Command::Degraded { service, text },
        CommandName::Update => Command::Update { service, text },
        CommandName::Up => Command::Up { service, text },
        CommandName::Mute => Command::Mute { service: one },
        CommandName::Unmute => Command::Unmute { service: one },
        CommandName::Backup => Command::Backup,
        CommandName::Maintenance => Command::Maintenance { args: rest },
        CommandName::Settings => Command::Settings,
        CommandName::Quiet => Command::Quiet { hours: rest },
        CommandName::Only => Command::Only { choice: one },
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
    fn a_mistyped_command_finds_the_one_meant() {
        assert_eq!(
            nearest("stauts"),
            Some(CommandName::Status),
            "two letters swapped"
        );
        assert_eq!(nearest("statsu"), Some(CommandName::Status));
        assert_eq!(nearest("subscrib"), Some(CommandName::Subscribe));
        assert_eq!(nearest("strat"), Some(CommandName::Start));
        assert_eq!(nearest("xyzzy"), None);
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
                services: vec!["whatsapp".into(), "bkash facebook".into()]
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
            Parsed::ExtraArguments(CommandName::MySubs, "please".into())
        );
        assert_eq!(
            parse("/status a b", None),
            Parsed::ExtraArguments(CommandName::Status, "a b".into())
        );
        assert_eq!(
            parse("/stop 🙂", None),
            Parsed::ExtraArguments(CommandName::Stop, "🙂".into())
        );
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
        assert!(cmd("/quiet 22:00-07:00").changes_chat());
        assert!(cmd("/only outages").changes_chat());
        assert!(!cmd("/settings").changes_chat());
        assert!(!cmd("/quiet").changes_chat());
        assert_eq!(
            cmd("/maintenance bkash tomorrow 02:00 3h [en] Core upgrade"),
            Command::Maintenance {
                args: Some("bkash tomorrow 02:00 3h [en] Core upgrade".into())
            }
        );
        assert!(cmd("/maint").is_admin_only());
    }

    #[test]
    fn every_command_name_and_alias_parses_back_to_its_command() {
        for name in CommandName::ALL {
            for typed in std::iter::once(name.name()).chain(name.aliases().iter().copied()) {
                match parse(&format!("/{typed}"), None) {
                    Parsed::Command(c) => assert_eq!(c.name(), name, "/{typed}"),
                    other => panic!("/{typed} parsed as {other:?}"),
                }
            }
            assert!(name.name().is_ascii() && name.name() == name.name().to_lowercase());
        }
    }
}
