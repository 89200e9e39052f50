//! Assembly shared by every front end: configuration → translations → store → the core
//! and the delivery engine, given the front end's transport.

use std::path::PathBuf;
use std::sync::Arc;

use tokio::sync::Notify;
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

use crate::bot::{Core, GroupAdmins};
use crate::clock::Clock;
use crate::config::Config;
use crate::delivery::Engine;
use crate::delivery::limiter::Limiter;
use crate::desk::IncidentDesk;
use crate::http::HttpState;
use crate::i18n::{I18n, Problem, Translations, locale_files};
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

/// What every front end shares.
pub struct Parts {
    pub config: Arc<Config>,
    pub store: Store,
    pub i18n: I18n,
    pub clock: Arc<dyn Clock>,
    pub limiter: Arc<Limiter>,
    /// Rings when the outbox has a new broadcast.
    pub delivery_wake: Arc<Notify>,
    /// The HTTP API's socket, when `[http]` is configured.
    http_listener: Option<std::net::TcpListener>,
}

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

impl Parts {
    pub fn assemble(config: Config, clock: Arc<dyn Clock>) -> Result<Parts, StartError> {
        let translations = Arc::new(load_translations(&config)?);
        // Bound now, so a taken port is a start-up error that names it.
        let http_listener = match &config.http {
            Some(http) => Some(bind(http.listen)?),
            None => None,
        };
        let store = Store::open(&config.data_dir)?;
        let config = Arc::new(config);
        let i18n = I18n::new(
            translations,
            Arc::new(config.catalog.clone()),
            config.timezone,
            clock.clone(),
            config.default_language,
        );
        Ok(Parts {
            http_listener,
            limiter: Arc::new(Limiter::new(&config.telegram)),
            delivery_wake: Arc::new(Notify::new()),
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

    /// Starts the HTTP API, if configured, until `shutdown`.
    pub fn start_http(
        &mut self,
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
            store: self.store.clone(),
            config: self.config.clone(),
        };
        Ok(Some(tokio::spawn(async move {
            if let Err(e) = crate::http::serve(listener, state, shutdown).await {
                tracing::error!(error = %e, %addr, "the HTTP API stopped");
            }
        })))
    }

    /// Starts the configured probes, sending admins' alerts through `engine`.
    pub fn start_probes(&self, engine: Engine, shutdown: CancellationToken) -> JoinHandle<()> {
        let prober = crate::probes::Prober {
            config: self.config.clone(),
            desk: self.desk(),
            store: self.store.clone(),
            clock: self.clock.clone(),
            i18n: self.i18n.clone(),
            engine,
        };
        tokio::spawn(prober.run(shutdown))
    }

    pub fn desk(&self) -> IncidentDesk {
        IncidentDesk::new(
            self.store.clone(),
            self.clock.clone(),
            self.delivery_wake.clone(),
        )
    }

    pub fn core(&self, group_admins: Arc<dyn GroupAdmins>) -> Core {
        Core::new(
            self.store.clone(),
            self.i18n.clone(),
            self.config.clone(),
            self.clock.clone(),
            group_admins,
            self.desk(),
        )
    }

    pub fn engine(&self, transport: Arc<dyn Transport>) -> Engine {
        Engine::new(
            self.store.clone(),
            self.i18n.clone(),
            transport,
            self.limiter.clone(),
            self.delivery_wake.clone(),
        )
    }
}
