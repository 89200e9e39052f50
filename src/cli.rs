//! The command line: `run` (default), `console`, `check`, `health`, `export`, `import`,
//! `verify`; signals; exit codes.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::{Arc, Mutex};

use clap::{Parser, Subcommand};
use tokio_util::sync::CancellationToken;

use crate::app::{Parts, StartError};
use crate::clock::{OffsetClock, SystemClock};
use crate::config::Config;
use crate::console::{self, ConsoleOptions};
use crate::data_tools;
use crate::secret::BotToken;

#[derive(Parser)]
#[command(
    name = "outage-bot",
    version,
    about = "Tells people, in Bengali or English, when a service they rely on goes down and when it comes back."
)]
pub struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Run the bot on Telegram by long polling (token from TELOXIDE_TOKEN).
    Run {
        #[arg(long)]
        config: Option<PathBuf>,
        /// Use the store even though it holds less than it counted at its last clean
        /// stop, or is empty beside backups (after you have read why it was refused).
        #[arg(long)]
        accept_damage: bool,
    },
    /// The same bot in this terminal: no token, no network.
    Console {
        #[arg(long)]
        config: Option<PathBuf>,
        /// The acting user's language (bn or en).
        #[arg(long)]
        lang: Option<String>,
        /// The acting user's Telegram id.
        #[arg(long)]
        user: Option<i64>,
    },
    /// Validate the configuration and every locale; exit 0 or 1.
    Check {
        #[arg(long)]
        config: Option<PathBuf>,
    },
    /// Write a backup of a stopped bot's store to --out FILE or standard output.
    Export {
        #[arg(long)]
        config: Option<PathBuf>,
        #[arg(long)]
        data_dir: Option<PathBuf>,
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Make a new store from a backup file (into an empty folder only).
    Import {
        file: PathBuf,
        #[arg(long)]
        data_dir: PathBuf,
    },
    /// Check a stopped bot's store: every record read, every index agreeing; exit 0 or 1.
    Verify {
        #[arg(long)]
        config: Option<PathBuf>,
        #[arg(long)]
        data_dir: Option<PathBuf>,
        /// Rebuild what is derived and drop what points nowhere, then check again.
        #[arg(long)]
        repair: bool,
    },
    /// Ask a running bot's /healthz; exit 0 when it is healthy, 1 when not (for a
    /// Docker HEALTHCHECK).
    Health {
        /// The health endpoint; by default the configured `[http] listen` address.
        #[arg(long)]
        url: Option<String>,
        #[arg(long)]
        config: Option<PathBuf>,
    },
}

fn env_var(name: &str) -> Option<String> {
    std::env::var(name).ok()
}

/// Parses the command line and runs it; returns the process exit code.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    // In the console, log lines would bury the conversation: only warnings and worse.
    crate::telemetry::init(if matches!(cli.command, Some(Command::Console { .. })) {
        "warn"
    } else {
        "info"
    });
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return ExitCode::from(1);
        }
    };
    let result = runtime.block_on(async {
        match cli.command.unwrap_or(Command::Run {
            config: None,
            accept_damage: false,
        }) {
            Command::Run {
                config,
                accept_damage,
            } => run_telegram(config, accept_damage).await,
            Command::Console { config, lang, user } => run_console(config, lang, user).await,
            Command::Check { config } => return check(config),
            Command::Health { url, config } => return health(url, config).await,
            Command::Export {
                config,
                data_dir,
                out,
            } => {
                let config = load_with_data_dir(config, data_dir)?;
                return Ok(data_tools::export(&config, out.as_deref()).await);
            }
            Command::Import { file, data_dir } => {
                return Ok(data_tools::import(&file, &data_dir).await);
            }
            Command::Verify {
                config,
                data_dir,
                repair,
            } => {
                let config = load_with_data_dir(config, data_dir)?;
                return Ok(data_tools::verify(&config, repair).await);
            }
        }
        .map(|()| ExitCode::SUCCESS)
    });
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(e.exit_code() as u8)
        }
    }
}

/// The configuration with `--data-dir` taking the place of `OUTAGE_BOT_DATA_DIR`, so
/// what follows from the data directory (the backups beside it) follows it too.
fn load_with_data_dir(
    config: Option<PathBuf>,
    data_dir: Option<PathBuf>,
) -> Result<Config, StartError> {
    let data_dir = data_dir.map(|d| d.display().to_string());
    let env = |key: &str| match (key, &data_dir) {
        ("OUTAGE_BOT_DATA_DIR", Some(dir)) => Some(dir.clone()),
        _ => env_var(key),
    };
    Ok(Config::load(config.as_deref(), &env)?)
}

async fn run_telegram(config: Option<PathBuf>, accept_damage: bool) -> Result<(), StartError> {
    // The token is checked first: without it nothing else matters.
    let token = BotToken::parse(env_var("TELOXIDE_TOKEN").as_deref())?;
    let mut config = Config::load(config.as_deref(), &env_var)?;
    config.accept_damage = accept_damage;
    let parts = Parts::assemble(config, Arc::new(SystemClock))?;
    let shutdown = CancellationToken::new();
    tokio::spawn(cancel_on_signal(shutdown.clone()));
    crate::telegram::run(
        parts,
        token,
        env_var("TELOXIDE_API_URL").as_deref(),
        shutdown,
    )
    .await
}

async fn run_console(
    config: Option<PathBuf>,
    lang: Option<String>,
    user: Option<i64>,
) -> Result<(), StartError> {
    let config = Config::load(config.as_deref(), &env_var)?;
    let clock = Arc::new(OffsetClock::new());
    let parts = Parts::assemble(config, clock.clone())?;
    let out: console::Output = Arc::new(Mutex::new(Box::new(std::io::stdout())));
    let stdin = tokio::io::BufReader::new(tokio::io::stdin());
    console::run(parts, clock, ConsoleOptions { lang, user }, stdin, out).await
}

fn check(config: Option<PathBuf>) -> Result<ExitCode, StartError> {
    let report = crate::check::check(config.as_deref(), &env_var);
    let mut stdout = std::io::stdout();
    for note in &report.notes {
        let _ = writeln!(stdout, "note: {note}");
    }
    if report.problems.is_empty() {
        let _ = writeln!(stdout, "{}", report.summary);
        Ok(ExitCode::SUCCESS)
    } else {
        for problem in &report.problems {
            let _ = writeln!(stdout, "{problem}");
        }
        let _ = writeln!(stdout, "{} problem(s) found", report.problems.len());
        Ok(ExitCode::from(1))
    }
}

/// How long `outage-bot health` waits for an answer.
const HEALTH_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(5);

async fn health(url: Option<String>, config: Option<PathBuf>) -> Result<ExitCode, StartError> {
    let url = match url {
        Some(url) => url,
        None => {
            let config = Config::load(config.as_deref(), &env_var)?;
            let Some(http) = &config.http else {
                eprintln!("error: no [http] listen in the configuration; pass --url");
                return Ok(ExitCode::from(1));
            };
            // A bot listening on every interface is asked on this machine's loopback.
            let mut addr = http.listen;
            if addr.ip().is_unspecified() {
                addr.set_ip(std::net::Ipv4Addr::LOCALHOST.into());
            }
            format!("http://{addr}/healthz")
        }
    };
    let answer = match reqwest::Client::builder().timeout(HEALTH_TIMEOUT).build() {
        Ok(client) => client.get(&url).send().await,
        Err(e) => {
            eprintln!("error: cannot make an HTTP client: {e}");
            return Ok(ExitCode::from(1));
        }
    };
    match answer {
        Ok(response) => {
            let healthy = response.status().is_success();
            let status = response.status();
            let body = response.text().await.unwrap_or_default();
            println!("{status} {body}");
            Ok(ExitCode::from(if healthy { 0 } else { 1 }))
        }
        Err(e) => {
            println!("unreachable: {url}: {e}");
            Ok(ExitCode::from(1))
        }
    }
}

/// Cancels `token` on SIGINT or SIGTERM.
async fn cancel_on_signal(token: CancellationToken) {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let (Ok(mut term), Ok(mut int)) = (
            signal(SignalKind::terminate()),
            signal(SignalKind::interrupt()),
        ) else {
            tracing::error!("cannot listen for signals; stop with SIGKILL");
            return;
        };
        tokio::select! {
            _ = term.recv() => tracing::info!("SIGTERM: stopping"),
            _ = int.recv() => tracing::info!("SIGINT: stopping"),
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
    token.cancel();
}
