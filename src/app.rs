//! Assembly shared by every front end: configuration → translations → store → the core
//! and the delivery engine, given the front end's transport.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::Notify;
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

use crate::bot::{ChatMenus, Core, GroupAdmins, Platform};
use crate::clock::Clock;
use crate::config::Config;
use crate::delivery::limiter::Limiter;
use crate::delivery::messenger::Messenger;
use crate::delivery::{Engine, Reporting};
use crate::desk::IncidentDesk;
use crate::health::Health;
use crate::http::HttpState;
use crate::i18n::{I18n, Problem, Translations, locale_files};
use crate::maintenance::Maintenance;
use crate::metrics::Metrics;
use crate::outbound::Transport;
use crate::store::{Store, StoreError};

/// Why the bot could not start; each names what to fix.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error("{0}")]
    Config(#[from] crate::config::ConfigError),
    #[error("translations are broken:\n{}", .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"))]
    Locales(Vec<Problem>),
    #[error("cannot read the locales folder {path}: {reason}")]
    LocalesDir { path: PathBuf, reason: String },
    #[error("{0}")]
    Store(#[from] StoreError),
    #[error("{0}")]
    Token(#[from] crate::secret::TokenError),
    #[error("Telegram refused the bot token (check TELOXIDE_TOKEN)")]
    TokenRejected,
    #[error("TELOXIDE_API_URL is not a URL: {0}")]
    ApiUrl(String),
    #[error("cannot listen for HTTP on {addr}: {reason}")]
    Http {
        addr: std::net::SocketAddr,
        reason: String,
    },
    #[error("cannot reach Telegram: {0}")]
    Telegram(String),
    #[error("{reason}. Nothing was changed. {}", match newest_backup {
        Some(path) => format!("Restore the newest backup into an empty folder (`outage-bot import {} --data-dir NEW_DIR`) and point data_dir there, or start with --accept-damage to use this store as it is.", path.display()),
        None => "Restore a backup with `outage-bot import`, or start with --accept-damage to use this store as it is.".to_owned(),
    })]
    Damaged {
        reason: String,
        newest_backup: Option<PathBuf>,
    },
}

impl StartError {
    /// The process exit code: 2 for a bad token (the contract), 1 for everything else.
    pub fn exit_code(&self) -> i32 {
        match self {
            StartError::Token(_) | StartError::TokenRejected | StartError::ApiUrl(_) => 2,
            _ => 1,
        }
    }
}

/// Loads the translations the configuration asks for (a folder, or the embedded ones).
pub fn load_translations(config: &Config) -> Result<Translations, StartError> {
    let files = match &config.locales_dir {
        Some(dir) => locale_files::from_dir(dir).map_err(|e| StartError::LocalesDir {
            path: dir.clone(),
            reason: e.to_string(),
        })?,
        None => locale_files::embedded(),
    };
    Translations::build(&files).map_err(StartError::Locales)
}

/// What every front end shares, assembled and not yet running.
pub struct Parts {
    pub config: Arc<Config>,
    pub store: Store,
    pub i18n: I18n,
    /// "Now" for every time-dependent rule (a test or the console moves it by hand).
    pub clock: Arc<dyn Clock>,
    /// Telegram's limits, shared by replies and bulk sends.
    pub limiter: Arc<Limiter>,
    /// Rings when the outbox has a new broadcast.
    pub delivery_wake: Arc<Notify>,
    /// Where the running parts leave their heartbeats for `/healthz`.
    pub health: Arc<Health>,
    /// What `/metrics` serves.
    pub metrics: Arc<Metrics>,
    /// Updates taken from Telegram and not yet handled.
    pub updates_in_hand: crate::activity::Activity,
    /// Answers handed to the reply queues and not yet sent.
    pub answers_in_hand: crate::activity::Activity,
    /// How far the channels are up to date.
    pub channels_caught_up: crate::channels::CaughtUp,
    /// Planned maintenance windows (one timer, shared by chat and API).
    pub maintenance: Maintenance,
    /// How far each configured probe has looked at the clock (`config.probes` order).
    pub probe_looks: Vec<crate::clock::Looked>,
    /// How far the retention sweep has looked at the clock.
    pub retention_look: crate::clock::Looked,
    /// Where incidents change: one desk, shared by the chat, the API, the webhooks, the
    /// probes and the maintenance timer.
    desk: IncidentDesk,
    /// The HTTP API's socket, when `[http]` is configured.
    http_listener: Option<std::net::TcpListener>,
}

/// What a front end brings to the running bot.
pub struct FrontEnd {
    /// How messages reach chats.
    pub transport: Arc<dyn Transport>,
    /// Who may change a group's settings.
    pub group_admins: Arc<dyn GroupAdmins>,
    /// Where a chat's own command menu is set.
    pub menus: Arc<dyn ChatMenus>,
    /// Our Telegram username, to tell `/cmd@us` from `/cmd@another_bot`.
    pub bot_username: Option<String>,
    /// Whether this front end polls Telegram (so a silent poll is a health problem).
    pub polls: bool,
    /// Routes served on the HTTP listener beside the API (Telegram's webhook).
    pub routes: Option<axum::Router>,
}

/// The bot while it runs: the core every message goes through, the delivery engine,
/// and the background tasks that `stop` winds down.
pub struct Running {
    pub core: Core,
    pub engine: Engine,
    pub health: Arc<Health>,
    /// Where the HTTP API listens, when configured.
    pub http_addr: Option<std::net::SocketAddr>,
    store: Store,
    shutdown: CancellationToken,
    /// Delivery, the HTTP API and the probes, by name for the log.
    tasks: Vec<(&'static str, JoinHandle<()>)>,
}

/// How long the background tasks get to finish at shutdown (in-flight sends complete,
/// cursors are saved); what is still running then is dropped, and resumes at the next
/// start. Together with the front end's own grace this stays under 10 s.
const TASKS_GRACE: Duration = Duration::from_secs(4);
/// How often (on the app's clock) alarms refused for a passing reason are weighed again.
const RECONCILE_EVERY: chrono::Duration = chrono::Duration::seconds(30);
/// How long the last flush may take at shutdown.
const FLUSH_GRACE: Duration = Duration::from_secs(2);

fn bind(addr: std::net::SocketAddr) -> Result<std::net::TcpListener, StartError> {
    let listener = std::net::TcpListener::bind(addr).map_err(|e| StartError::Http {
        addr,
        reason: e.to_string(),
    })?;
    listener
        .set_nonblocking(true)
        .map_err(|e| StartError::Http {
            addr,
            reason: e.to_string(),
        })?;
    Ok(listener)
}

/// The store, checked against its own count (`Store::open_with`), and never used empty
/// while backups sit beside it: a folder lost or emptied must not become a bot that
/// forgets every subscriber and then rotates the good backups away. Either refusal
/// names the newest backup to restore; `--accept-damage` overrides both.
fn open_store(config: &Config) -> Result<Store, StartError> {
    let newest_backup = || {
        crate::backup_files::list(&config.backup.dir)
            .ok()
            .and_then(|found| found.last().map(|(_, path)| path.clone()))
    };
    let store = match Store::open_with(&config.data_dir, config.accept_damage) {
        Ok(store) => store,
        Err(e @ StoreError::Damaged { .. }) => {
            return Err(StartError::Damaged {
                reason: e.to_string(),
                newest_backup: newest_backup(),
            });
        }
        Err(e) => return Err(e.into()),
    };
    let census = store.census()?;
    // Empty beside a backup that is not: its data went missing.
    let holding_backup = || {
        crate::backup_files::list(&config.backup.dir)
            .ok()?
            .into_iter()
            .rev()
            .map(|(_, path)| path)
            .find(|path| {
                crate::store::Header::peek(path).is_some_and(|h| h.holds_more_than(&census.trees))
            })
    };
    if !config.accept_damage
        && census.is_empty()
        && let Some(backup) = holding_backup()
    {
        return Err(StartError::Damaged {
            reason: format!(
                "the store at {} is empty, but backups of it are in {}",
                config.data_dir.display(),
                config.backup.dir.display()
            ),
            newest_backup: Some(backup),
        });
    }
    Ok(store)
}

impl Parts {
    pub fn assemble(config: Config, clock: Arc<dyn Clock>) -> Result<Parts, StartError> {
        let translations = Arc::new(load_translations(&config)?);
        // Bound now, so a taken port is a start-up error that names it.
        let http_listener = match &config.http {
            Some(http) => Some(bind(http.listen)?),
            None => None,
        };
        let store = open_store(&config)?;
        let config = Arc::new(config);
        let i18n = I18n::new(
            translations,
            Arc::new(config.catalog.clone()),
            config.timezone,
            clock.clone(),
            config.default_language,
        )
        .with_preferred_variant(config.bengali_variant);
        let health = Arc::new(Health::new(
            Some(store.writer_stats()),
            config.health_stuck_after,
        ));
        let metrics = Arc::new(Metrics::new(
            store.clone(),
            health.clone(),
            Arc::new(config.catalog.clone()),
            clock.clone(),
            config.backup.dir.clone(),
        ));
        let delivery_wake = Arc::new(Notify::new());
        // One desk for every intake: its per-service limit on machines counts what
        // probes, webhooks and the timer post together.
        let desk = IncidentDesk::new(
            store.clone(),
            clock.clone(),
            delivery_wake.clone(),
            config.desk,
        );
        let maintenance = Maintenance::new(
            store.clone(),
            desk.clone(),
            clock.clone(),
            delivery_wake.clone(),
            config.maintenance_remind_before,
            config.desk.max_pending_broadcasts,
        );
        Ok(Parts {
            http_listener,
            desk,
            maintenance,
            probe_looks: config.probes.iter().map(|_| Default::default()).collect(),
            retention_look: Default::default(),
            updates_in_hand: Default::default(),
            answers_in_hand: Default::default(),
            channels_caught_up: Default::default(),
            limiter: Arc::new(Limiter::new(&config.telegram)),
            delivery_wake,
            health,
            metrics,
            config,
            store,
            i18n,
            clock,
        })
    }

    /// Where the HTTP API listens (the real port when configured as `:0`).
    pub fn http_addr(&self) -> Option<std::net::SocketAddr> {
        self.http_listener
            .as_ref()
            .and_then(|l| l.local_addr().ok())
    }

    /// Starts the bot behind `front`: delivery, the HTTP API and probes run until
    /// `shutdown` is cancelled or `Running::stop` is called.
    pub fn start(
        mut self,
        front: FrontEnd,
        shutdown: CancellationToken,
    ) -> Result<Running, StartError> {
        if front.polls {
            self.health.expect_polls();
        }
        let core = self
            .core(front.group_admins, front.menus)
            .with_bot_username(front.bot_username);
        let engine = self.engine(front.transport);
        let http_addr = self.http_addr();
        let mut tasks = vec![(
            "delivery",
            tokio::spawn(engine.clone().run(shutdown.clone())),
        )];
        tasks.push((
            "maintenance",
            tokio::spawn(self.maintenance().run(engine.messenger(), shutdown.clone())),
        ));
        if let Some(http) = self.start_http(engine.messenger(), front.routes, shutdown.clone())? {
            tasks.push(("http", http));
        }
        tasks.push((
            "probes",
            self.start_probes(engine.messenger(), shutdown.clone()),
        ));
        if !self.config.channels.is_empty() {
            let channels = crate::channels::Channels {
                config: self.config.clone(),
                store: self.store.clone(),
                i18n: self.i18n.clone(),
                messenger: engine.messenger(),
                caught_up: self.channels_caught_up.clone(),
            };
            tasks.push(("channels", tokio::spawn(channels.run(shutdown.clone()))));
        }
        tasks.push((
            "reconcile",
            tokio::spawn(
                self.desk()
                    .run_reconciler(RECONCILE_EVERY, shutdown.clone()),
            ),
        ));
        tasks.push((
            "retention",
            tokio::spawn(crate::retention::run(
                self.store.clone(),
                self.config.history_keep,
                self.config.reports.window,
                self.clock.clone(),
                self.retention_look.clone(),
                shutdown.clone(),
            )),
        ));
        tasks.push((
            "backups",
            tokio::spawn(crate::backup::run(
                self.store.clone(),
                self.config.backup.clone(),
                engine.messenger(),
                self.metrics.clone(),
                shutdown.clone(),
            )),
        ));
        Ok(Running {
            core,
            engine,
            health: self.health,
            http_addr,
            store: self.store,
            shutdown,
            tasks,
        })
    }

    /// Starts the HTTP API, if configured, until `shutdown`.
    fn start_http(
        &mut self,
        messenger: Messenger,
        routes: Option<axum::Router>,
        shutdown: CancellationToken,
    ) -> Result<Option<JoinHandle<()>>, StartError> {
        let Some(listener) = self.http_listener.take() else {
            return Ok(None);
        };
        let addr = listener.local_addr().map_err(|e| StartError::Http {
            addr: self
                .config
                .http
                .as_ref()
                .map(|h| h.listen)
                .unwrap_or(([0, 0, 0, 0], 0).into()),
            reason: e.to_string(),
        })?;
        let listener =
            tokio::net::TcpListener::from_std(listener).map_err(|e| StartError::Http {
                addr,
                reason: e.to_string(),
            })?;
        let state = HttpState {
            desk: self.desk(),
            maintenance: self.maintenance(),
            store: self.store.clone(),
            config: self.config.clone(),
            health: self.health.clone(),
            metrics: self.metrics.clone(),
            messenger,
            i18n: self.i18n.clone(),
            report_limits: Arc::new(crate::http::ClientLimits::new(
                self.config.reports_per_client_per_minute,
            )),
            refusals_logged: Arc::default(),
            write_keys: Arc::new(crate::http::write_guard::Keys::new(
                self.store.clone(),
                self.clock.clone(),
            )),
            public: crate::public::PublicView::new(
                self.store.clone(),
                self.config.clone(),
                self.i18n.clone(),
            ),
        };
        Ok(Some(tokio::spawn(async move {
            if let Err(e) = state.public.learn_beginning().await {
                tracing::warn!(error = %e, "cannot read when the records began; the page counts from the history's horizon");
            }
            if let Err(e) = crate::http::serve(listener, state, routes, shutdown).await {
                tracing::error!(error = %e, %addr, "the HTTP API stopped");
            }
        })))
    }

    /// Starts the configured probes, sending admins' alerts through `messenger`.
    fn start_probes(&self, messenger: Messenger, shutdown: CancellationToken) -> JoinHandle<()> {
        let prober = crate::probes::Prober {
            config: self.config.clone(),
            desk: self.desk(),
            store: self.store.clone(),
            clock: self.clock.clone(),
            i18n: self.i18n.clone(),
            messenger,
            looks: self.probe_looks.clone(),
        };
        tokio::spawn(prober.run(shutdown))
    }

    fn desk(&self) -> IncidentDesk {
        self.desk.clone()
    }

    fn maintenance(&self) -> Maintenance {
        self.maintenance.clone()
    }

    fn core(&self, group_admins: Arc<dyn GroupAdmins>, menus: Arc<dyn ChatMenus>) -> Core {
        Core::new(
            self.store.clone(),
            self.i18n.clone(),
            self.config.clone(),
            self.clock.clone(),
            Platform {
                group_admins,
                menus,
            },
            self.desk(),
            self.maintenance(),
        )
    }

    /// The delivery engine on `transport` (also for benchmarks that drive it alone).
    pub fn engine(&self, transport: Arc<dyn Transport>) -> Engine {
        Engine::new(
            self.store.clone(),
            self.i18n.clone(),
            transport,
            self.limiter.clone(),
            self.delivery_wake.clone(),
            Reporting {
                health: self.health.clone(),
                metrics: self.metrics.clone(),
                answers_in_hand: self.answers_in_hand.clone(),
            },
            self.config.admins.iter().copied().collect(),
        )
        .giving_up_after(self.config.give_up_after)
        .telling_reports(
            self.config.report_places.clone(),
            self.config.reports.window,
        )
    }
}

impl Running {
    /// The store the running bot writes to.
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// Stops within `TASKS_GRACE` and `FLUSH_GRACE` (see `stop_by`).
    pub async fn stop(self) -> Result<(), StartError> {
        self.stop_by(tokio::time::Instant::now() + TASKS_GRACE + FLUSH_GRACE)
            .await
    }

    /// Stops by `deadline`: background tasks are cancelled and given until
    /// `FLUSH_GRACE` before it to finish (sends in flight complete, cursors are saved)
    /// while the answers still queued go out, then the store is flushed. Whatever did
    /// not finish resumes at the next start (an answer not sent by then is lost; the
    /// person can ask again). A flush that fails or does not finish is an error: the
    /// bot did not stop cleanly.
    pub async fn stop_by(self, deadline: tokio::time::Instant) -> Result<(), StartError> {
        self.shutdown.cancel();
        let tasks_until = deadline
            .checked_sub(FLUSH_GRACE)
            .unwrap_or(deadline)
            .max(tokio::time::Instant::now());
        for (name, mut task) in self.tasks {
            if tokio::time::timeout_at(tasks_until, &mut task)
                .await
                .is_err()
            {
                tracing::warn!(
                    task = name,
                    "still running at the shutdown deadline; stopping it"
                );
                task.abort();
            }
        }
        let left = tasks_until.saturating_duration_since(tokio::time::Instant::now());
        self.engine.replies_sent(left).await;
        drop(self.core);
        drop(self.engine);
        let flush_until = deadline.max(tokio::time::Instant::now() + Duration::from_millis(500));
        // The last write: the store's own count, which the next start holds it to.
        match tokio::time::timeout_at(flush_until, self.store.close()).await {
            Ok(closed) => drop(closed?),
            Err(_) => {
                return Err(StartError::Store(StoreError::Flush(
                    "the store's last flush did not finish in time; what it held is written at the next start, or was already".into(),
                )));
            }
        }
        Ok(())
    }
}
