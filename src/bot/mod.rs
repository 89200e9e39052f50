//! The bot's logic, shared by Telegram and the console: an incoming message or button
//! press goes in, replies come out, incident events go to the outbox.
//!
//! One file per feature (`welcome`, `language`, `subscriptions`, `status`, `incidents`,
//! `reports`, `settings`, `maintenance`, `backups`); this file holds the context every handler gets and the rules every
//! command passes first (admins only, group administrators only).

mod arguments;
mod backups;
mod chat_menu;
pub mod command;
mod group_admins;
mod incidents;
mod language;
mod maintenance;
mod plain_words;
mod reports;
mod settings;
mod share;
pub mod status;
mod subscriptions;
mod welcome;

use std::sync::Arc;

use futures::future::BoxFuture;

use crate::button_press::ButtonPress;
use crate::clock::Clock;
use crate::config::Config;
use crate::desk::{DeskError, IncidentDesk};
use crate::domain::service::Lookup;
use crate::domain::{
    ChatId, ChatKind, ChatSettings, Lang, LocalizedText, NoticeText, ReportTo, Service, UserId,
};
use crate::i18n::{Arg, I18n, Msg};
use crate::maintenance::Maintenance;
use crate::outbound::{Button, Content, MessageText, Reply};
use crate::store::Store;
use command::{Command, CommandName, Parsed};

use crate::domain::echo::echo;

/// A message or button press as the adapters hand it over.
#[derive(Clone, Debug)]
pub struct Incoming {
    pub chat: ChatId,
    pub chat_kind: ChatKind,
    pub user: UserId,
    /// The sender's Telegram `language_code`, if any.
    pub user_lang: Option<String>,
    pub body: Body,
}

#[derive(Clone, Debug)]
pub enum Body {
    Text(String),
    /// An inline button was pressed on the bot's message `message_id`.
    Button {
        data: String,
        message_id: i32,
    },
}

/// Asks the platform who administers a group (kept a while by `AdminCache`).
pub trait GroupAdmins: Send + Sync + 'static {
    fn administrators(&self, chat: ChatId) -> BoxFuture<'static, anyhow::Result<Vec<UserId>>>;
}

/// Shows a chat its own command menu (Telegram's `setMyCommands` for one chat).
pub trait ChatMenus: Send + Sync + 'static {
    fn set_menu(
        &self,
        chat: ChatId,
        commands: Vec<(&'static str, String)>,
    ) -> BoxFuture<'static, anyhow::Result<()>>;
}

/// What the chat platform answers for the core: who runs a group, and where a chat's
/// own command menu is set.
pub struct Platform {
    pub group_admins: Arc<dyn GroupAdmins>,
    pub menus: Arc<dyn ChatMenus>,
}

/// Everything the handlers share; cheap to clone.
#[derive(Clone)]
pub struct Core {
    pub store: Store,
    pub i18n: I18n,
    pub config: Arc<Config>,
    pub clock: Arc<dyn Clock>,
    /// Where incidents change (shared with the HTTP API).
    pub desk: IncidentDesk,
    /// Where maintenance windows are planned (shared with the HTTP API).
    pub maintenance: Maintenance,
    /// Who administers each group, asked of the platform once in a while.
    group_admins: Arc<group_admins::AdminCache>,
    /// Where a chat's command menu is set when it chooses a language.
    menus: Arc<chat_menu::MenuSetter>,
    /// Our Telegram username, to tell `/cmd@us` from `/cmd@another_bot`.
    bot_username: Option<String>,
}

/// What went wrong in a handler: the user's mistake (answered in their language) or
/// ours (logged with its cause, answered with an apology).
#[derive(Debug)]
pub enum Failure {
    User(Msg),
    Internal(anyhow::Error),
}

impl From<anyhow::Error> for Failure {
    fn from(e: anyhow::Error) -> Self {
        Failure::Internal(e)
    }
}

/// Each of the desk's refusals, as a person in a chat reads it.
impl From<DeskError> for Failure {
    fn from(e: DeskError) -> Self {
        match e {
            DeskError::AlreadyOpen { service, since } => Failure::User(
                Msg::new("error-already-open")
                    .service("service", &service)
                    .arg("since", Arg::Time(since)),
            ),
            DeskError::NoOpenIncident { service } => {
                Failure::User(Msg::new("error-no-open-incident").service("service", &service))
            }
            DeskError::OutboxFull { pending, .. } => {
                Failure::User(Msg::new("error-outbox-full").num("pending", pending))
            }
            // People are never refused or rate-limited: these are machines' answers.
            e @ (DeskError::Refused { .. }
            | DeskError::RateLimited { .. }
            | DeskError::HeldForMaintenance { .. }
            | DeskError::NothingFiring { .. }) => {
                Failure::Internal(anyhow::Error::new(e).context("a person's change was refused"))
            }
            DeskError::Internal(e) => Failure::Internal(e),
        }
    }
}

pub type Handled = Result<Vec<Reply>, Failure>;

/// "How to use /command", with its example.
pub fn usage(name: CommandName) -> Failure {
    let mut msg = Msg::new("error-usage").text("usage", name.name());
    if let Some(example) = name.usage_id() {
        msg = msg.msg("example", Msg::new(example));
    }
    Failure::User(msg)
}

/// More after a command than it takes: say what it does take.
fn too_much_after(name: CommandName) -> Failure {
    match name.usage_id() {
        Some(example) => Failure::User(
            Msg::new("error-one-argument")
                .text("command", name.name())
                .msg("example", Msg::new(example)),
        ),
        None => Failure::User(Msg::new("error-extra-arguments").text("command", name.name())),
    }
}

/// The per-message context handlers work in.
pub struct Ctx<'a> {
    pub core: &'a Core,
    pub chat: ChatId,
    pub chat_kind: ChatKind,
    pub user: UserId,
    /// The language this chat is answered in.
    pub lang: Lang,
    /// Whether the chat chose it (else it follows Telegram's, or the default).
    pub lang_chosen: bool,
    /// The sender's Telegram `language_code`, if any.
    pub telegram_lang: Option<String>,
}

/// An admin's free text, refused (with the numbers) when a part is too long for a notice.
pub(super) fn persons_text(text: &str) -> Result<NoticeText, Failure> {
    NoticeText::from_person(LocalizedText::parse(text)).map_err(|too_long| {
        Failure::User(
            Msg::new("error-text-too-long")
                .num("length", too_long.length)
                .num("limit", too_long.limit)
                .key("part", too_long.part_key()),
        )
    })
}

impl Ctx<'_> {
    /// Where an admin's change from this chat reports its broadcast's progress.
    pub fn report_to(&self) -> Option<ReportTo> {
        Some(ReportTo {
            chat: self.chat,
            lang: self.lang,
        })
    }

    pub fn render(&self, msg: &Msg) -> String {
        self.core.i18n.render(self.lang, msg)
    }

    /// A reply to this chat.
    pub fn reply(&self, msg: &Msg) -> Reply {
        self.reply_content(Content::text(self.render(msg)))
    }

    /// A text that may grow with the catalog or the news (`/status`, `/history`,
    /// `/services`): as many messages as it needs, split between paragraphs.
    pub fn reply_long(&self, text: &str) -> Vec<Reply> {
        MessageText::split(text)
            .into_iter()
            .map(|text| {
                self.reply_content(Content {
                    text,
                    ..Content::default()
                })
            })
            .collect()
    }

    pub fn reply_content(&self, content: Content) -> Reply {
        Reply {
            chat: self.chat,
            content,
            edit: None,
        }
    }

    /// Finds a service as typed, or fails with an answer that suggests a close one.
    pub fn service(&self, typed: &str) -> Result<&Service, Failure> {
        match self.core.config.catalog.lookup(typed) {
            Lookup::Found(service) => Ok(service),
            Lookup::Unknown { suggestion } => {
                let shown = echo(typed);
                let msg = match suggestion {
                    Some(service) => Msg::new("error-unknown-service-suggest")
                        .text("name", shown)
                        .service("suggestion", &service.id)
                        .text("suggestion_id", service.id.as_str()),
                    None => Msg::new("error-unknown-service").text("name", shown),
                };
                Err(Failure::User(msg))
            }
        }
    }

    pub fn button(&self, label: String, press: ButtonPress) -> Button {
        Button::press(label, press.data())
    }
}

impl Core {
    pub fn new(
        store: Store,
        i18n: I18n,
        config: Arc<Config>,
        clock: Arc<dyn Clock>,
        platform: Platform,
        desk: IncidentDesk,
        maintenance: Maintenance,
    ) -> Core {
        let Platform {
            group_admins,
            menus,
        } = platform;
        let menus = Arc::new(chat_menu::MenuSetter::new(menus, clock.clone()));
        Core {
            store,
            i18n,
            config,
            clock,
            desk,
            maintenance,
            group_admins: Arc::new(group_admins::AdminCache::new(group_admins)),
            menus,
            bot_username: None,
        }
    }

    /// The command menu in `lang`: everyone's commands, and the admins' too for admins.
    pub fn menu(&self, lang: Lang, admin: bool) -> Vec<(&'static str, String)> {
        command::CommandName::ALL
            .into_iter()
            .filter(|c| admin || !c.admin_only())
            .map(|c| {
                (
                    c.name(),
                    self.i18n.render(lang, &Msg::new(c.description_id())),
                )
            })
            .collect()
    }

    /// Sets `chat`'s own menu in `lang` (with the admin commands in an admin's private
    /// chat), in the background a moment later (`chat_menu.rs`); returns at once.
    pub fn show_menu(&self, chat: ChatId, user: UserId, lang: Lang) {
        let admin = self.config.is_admin(user) && chat == user.private_chat();
        self.menus.set(chat, self.menu(lang, admin));
    }

    /// Telegram says a member of `chat` changed: who administers it is asked again.
    pub fn group_members_changed(&self, chat: ChatId) {
        self.group_admins.forget(chat);
    }

    pub fn with_bot_username(mut self, username: Option<String>) -> Core {
        self.bot_username = username;
        self
    }

    /// The language `chat` is served in.
    pub fn chat_lang(&self, settings: Option<&ChatSettings>) -> Lang {
        self.i18n.lang_for(settings)
    }

    /// Handles one message or button press and returns the replies to send. Never
    /// fails: mistakes and internal errors become answers too.
    pub async fn handle(&self, incoming: Incoming) -> Vec<Reply> {
        let settings = match self
            .store
            .chat_or_insert(
                incoming.chat,
                ChatSettings::new(incoming.chat_kind, incoming.user_lang.as_deref()),
            )
            .await
        {
            Ok(settings) => Some(settings),
            Err(e) => {
                tracing::error!(error = %e, chat = incoming.chat.0, "cannot read chat settings");
                None
            }
        };
        let ctx = Ctx {
            core: self,
            chat: incoming.chat,
            chat_kind: incoming.chat_kind,
            user: incoming.user,
            lang: self.chat_lang(settings.as_ref()),
            lang_chosen: settings.as_ref().is_some_and(|s| s.chosen_lang.is_some()),
            telegram_lang: incoming.user_lang.clone(),
        };
        let outcome = match &incoming.body {
            Body::Text(text) => self.handle_text(&ctx, text).await,
            Body::Button { data, message_id } => self.handle_button(&ctx, data, *message_id).await,
        };
        match outcome {
            Ok(replies) => replies,
            Err(Failure::User(msg)) => vec![ctx.reply(&msg)],
            Err(Failure::Internal(e)) => {
                tracing::error!(error = ?e, chat = ctx.chat.0, "handling a message failed");
                vec![ctx.reply(&Msg::new("error-internal"))]
            }
        }
    }

    async fn handle_text(&self, ctx: &Ctx<'_>, text: &str) -> Handled {
        let command = match command::parse(text, self.bot_username.as_deref()) {
            Parsed::Command(command) => command.with_whole_name(&self.config.catalog),
            Parsed::ForAnotherBot => return Ok(vec![]),
            // In groups, people talk to each other; only answer what is addressed to us.
            Parsed::NotACommand if ctx.chat_kind.is_shared() => return Ok(vec![]),
            Parsed::NotACommand => {
                return match plain_words::trouble_question(text, &self.config.catalog) {
                    Some(service) => status::asked_in_plain_words(ctx, &service.id),
                    None => Err(Failure::User(Msg::new("error-not-a-command"))),
                };
            }
            Parsed::Unknown(name) => {
                let shown = echo(&name);
                let msg = match command::nearest(&name) {
                    Some(near) => Msg::new("error-unknown-command-suggest")
                        .text("command", shown)
                        .text("suggestion", near.name()),
                    None => Msg::new("error-unknown-command").text("command", shown),
                };
                return Err(Failure::User(msg));
            }
            // A service's name may be several words («/status স্টেট ব্যাঙ্ক», "google pay").
            Parsed::ExtraArguments(name, args) => {
                let words: Vec<String> = args
                    .split(|c: char| c.is_whitespace() || c == ',')
                    .filter(|w| !w.is_empty())
                    .map(str::to_owned)
                    .collect();
                match self.config.catalog.join_names(&words).as_slice() {
                    // Two names apart are two, however they join: «whatsapp, bkash».
                    _ if args.contains(',') => return Err(too_much_after(name)),
                    [one] => {
                        command::with_one_name(name, one).ok_or_else(|| too_much_after(name))?
                    }
                    _ => return Err(too_much_after(name)),
                }
            }
        };
        if command.is_admin_only() && !self.config.is_admin(ctx.user) {
            return Err(Failure::User(Msg::new("error-admins-only")));
        }
        self.ensure_may_change_chat(ctx, command.changes_chat())
            .await?;
        match command {
            Command::Start { payload } => welcome::start(ctx, payload.as_deref()).await,
            Command::Help => welcome::help(ctx),
            Command::Language { code } => language::language(ctx, code.as_deref()).await,
            Command::Services => subscriptions::services(ctx),
            Command::Subscribe { services } => subscriptions::subscribe(ctx, &services).await,
            Command::Unsubscribe { services } => subscriptions::unsubscribe(ctx, &services).await,
            Command::MySubs => subscriptions::my_subscriptions(ctx),
            Command::Stop => subscriptions::stop(ctx).await,
            Command::Status { service } => status::status(ctx, service.as_deref()),
            Command::History { service } => status::history(ctx, service.as_deref()).await,
            Command::Report { service } => reports::report(ctx, service.as_deref()).await,
            Command::Share { service } => share::share(ctx, service.as_deref()),
            Command::Down { service, text } => {
                incidents::open(
                    ctx,
                    service.as_deref(),
                    &text,
                    crate::domain::Severity::MajorOutage,
                )
                .await
            }
            Command::Degraded { service, text } => {
                incidents::open(
                    ctx,
                    service.as_deref(),
                    &text,
                    crate::domain::Severity::Degraded,
                )
                .await
            }
            Command::Update { service, text } => {
                incidents::update(ctx, service.as_deref(), &text).await
            }
            Command::Up { service, text } => {
                incidents::resolve(ctx, service.as_deref(), &text).await
            }
            Command::Mute { service } => incidents::mute(ctx, service.as_deref(), true).await,
            Command::Unmute { service } => incidents::mute(ctx, service.as_deref(), false).await,
            Command::Backup => backups::backup(ctx).await,
            Command::Maintenance { args } => maintenance::maintenance(ctx, args.as_deref()).await,
            Command::Settings => settings::settings(ctx),
            Command::Quiet { hours } => settings::quiet(ctx, hours.as_deref()).await,
            Command::Only { choice } => settings::only(ctx, choice.as_deref()).await,
        }
    }

    async fn handle_button(&self, ctx: &Ctx<'_>, data: &str, message_id: i32) -> Handled {
        let Some(press) = ButtonPress::parse(data) else {
            return Err(Failure::User(Msg::new("error-stale-button")));
        };
        if press.is_admin_only() && !self.config.is_admin(ctx.user) {
            return Err(Failure::User(Msg::new("error-admins-only")));
        }
        self.ensure_may_change_chat(ctx, true).await?;
        match press {
            ButtonPress::Language(code) => language::language(ctx, Some(&code)).await,
            ButtonPress::Subscribe(id) => {
                subscriptions::press_subscribe(ctx, &id, message_id).await
            }
            ButtonPress::Declare(id) => reports::declare(ctx, &id, message_id).await,
            ButtonPress::Dismiss(id) => reports::dismiss(ctx, &id, message_id),
            ButtonPress::Report(id) => reports::report(ctx, Some(&id)).await,
            ButtonPress::Place { service, kind, id } => {
                reports::place(ctx, &service, kind, &id, message_id).await
            }
            ButtonPress::Preference(change) => settings::press(ctx, change, message_id).await,
            ButtonPress::Unsubscribe(id) => {
                subscriptions::press_unsubscribe(ctx, &id, message_id).await
            }
        }
    }

    /// In a group, only its administrators change its subscriptions and language.
    async fn ensure_may_change_chat(
        &self,
        ctx: &Ctx<'_>,
        changes_chat: bool,
    ) -> Result<(), Failure> {
        if !changes_chat || !ctx.chat_kind.is_shared() {
            return Ok(());
        }
        if self.group_admins.is_admin(ctx.chat, ctx.user).await? {
            Ok(())
        } else {
            Err(Failure::User(Msg::new("error-group-admins-only")))
        }
    }
}
