//! Configuration: the TOML file, then environment overrides, validated into `Config`.
//!
//! Lookup order: `--config FILE`, else `$OUTAGE_BOT_CONFIG`, else `./outage-bot.toml` if
//! present, else built-in defaults. `OUTAGE_BOT_DATA_DIR` and `OUTAGE_BOT_ADMINS` override
//! the file. Unknown keys and bad values are errors that name the key and the file.

use std::collections::{BTreeMap, BTreeSet};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use chrono::Duration;
use chrono_tz::Tz;
use serde::Deserialize;

use crate::domain::probe::ProbeRule;
use crate::domain::service::Form;
use crate::domain::{
    Catalog, Lang, Place, PlaceKind, ReportPlaces, ReportWindow, Service, ServiceId, UserId,
};
use crate::secret::ApiToken;

/// The file read when neither `--config` nor `$OUTAGE_BOT_CONFIG` names one.
pub const DEFAULT_FILE: &str = "outage-bot.toml";
const BUILT_IN_SERVICES: &str = include_str!("../locales/services.toml");
/// The built-in services of each region, after the shared ones.
const BUILT_IN_BD: &str = include_str!("../locales/services-bd.toml");
const BUILT_IN_IN: &str = include_str!("../locales/services-in.toml");
/// The networks and areas crowd reports may name, by region.
const BUILT_IN_PLACES: &str = include_str!("../locales/report-places.toml");
/// How long a subscriber stays owed a notice while sends to it fail, by default
/// (`delivery.give_up_after`).
pub const GIVE_UP_AFTER: std::time::Duration = std::time::Duration::from_secs(24 * 3_600);

#[derive(Clone, Debug)]
pub struct Config {
    /// Where the sled database lives.
    pub data_dir: PathBuf,
    /// For chats whose Telegram language is not served.
    pub default_language: Lang,
    /// What plain `bn` means here: `bn-BD` or `bn-IN` (by default, `bn-IN` when the
    /// deployment's zone is Asia/Kolkata, else `bn-BD`).
    pub bengali_variant: Lang,
    /// Times in messages are shown in this zone.
    pub timezone: Tz,
    /// Telegram user ids allowed to post incidents.
    pub admins: BTreeSet<UserId>,
    pub telegram: TelegramLimits,
    /// Where Telegram posts updates (`[telegram] webhook_url`); long polling without it.
    pub webhook_url: Option<url::Url>,
    pub http: Option<HttpConfig>,
    /// The public status page's name and address (`[page]`).
    pub page: PageConfig,
    /// Telegram channels each incident is posted to (`[[channels]]`).
    pub channels: Vec<ChannelConfig>,
    /// The HTTP tokens and what each may do.
    pub tokens: Tokens,
    /// `run --accept-damage`: use a store that disagrees with its own count, or is empty
    /// beside backups. Never from the file: the operator says so for one start.
    pub accept_damage: bool,
    pub hooks: HooksConfig,
    /// Services the bot checks by itself.
    pub probes: Vec<ProbeConfig>,
    pub probe_rule: ProbeRule,
    /// Who may change what, the rate machines are held to, and the outbox's cap.
    pub desk: DeskRules,
    pub catalog: Catalog,
    pub reports: ReportWindow,
    /// How many crowd reports one address may post a minute through the API.
    pub reports_per_client_per_minute: u32,
    /// The networks and areas `/report` offers (`[reports] networks`, `areas`).
    pub report_places: ReportPlaces,
    /// Load translations from this folder instead of the embedded ones.
    pub locales_dir: Option<PathBuf>,
    /// How long a part of the running bot may be silent before `/healthz` says it is stuck.
    pub health_stuck_after: std::time::Duration,
    /// `delivery.give_up_after`: how long a subscriber stays owed a notice while sends
    /// to it fail in ways worth another try.
    pub give_up_after: std::time::Duration,
    pub backup: BackupConfig,
    /// Incidents resolved longer ago than this are folded into per-service summaries.
    pub history_keep: chrono::Duration,
    /// How long before a maintenance window its reminder goes out (`[maintenance]
    /// remind_before`).
    pub maintenance_remind_before: chrono::Duration,
    /// The file this came from, for messages; `None` for built-in defaults.
    pub file: Option<PathBuf>,
}

/// Telegram's sending limits as this deployment sees them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TelegramLimits {
    /// Global budget; Telegram allows about 30 a second without paid broadcasts.
    pub messages_per_second: u32,
    /// Per chat; Telegram allows about one a second.
    pub per_chat_per_second: u32,
    /// Per group or channel; Telegram allows 20 a minute.
    pub per_group_per_minute: u32,
}

/// `[[channels]]`: a Telegram channel the bot posts each incident to, once, editing the
/// post as the incident moves on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChannelConfig {
    pub chat: ChannelChat,
    /// The language its posts are written in (`language`; `default_language` if absent).
    pub language: Lang,
    /// The services it hears of (`services`); every service when `None`.
    pub services: Option<BTreeSet<ServiceId>>,
}

/// How a channel is named: its public `@username`, or its numeric id (a private one).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ChannelChat {
    Username(String),
    Id(crate::domain::ChatId),
}

impl std::fmt::Display for ChannelChat {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ChannelChat::Username(name) => f.write_str(name),
            ChannelChat::Id(id) => write!(f, "{}", id.0),
        }
    }
}

impl ChannelConfig {
    /// Whether it hears of `service`.
    pub fn covers(&self, service: &ServiceId) -> bool {
        self.services.as_ref().is_none_or(|s| s.contains(service))
    }
}

/// `[page]`: what the public status page, its feeds and its JSON call themselves.
#[derive(Clone, Debug, Default)]
pub struct PageConfig {
    /// The page's name in every language (`name`); the locales' own when absent.
    pub name: Option<String>,
    /// Where readers find the page (`url`): feeds and the JSON give absolute links to
    /// it; without it, links are relative to the page.
    pub url: Option<url::Url>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HttpConfig {
    pub listen: SocketAddr,
}

/// One service's built-in probe.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProbeConfig {
    pub service: ServiceId,
    pub target: ProbeTarget,
    pub every: std::time::Duration,
    pub timeout: std::time::Duration,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ProbeTarget {
    /// A GET that must answer with this status.
    Http { url: String, expect_status: u16 },
    /// A TCP connection to `host:port` that must open.
    Tcp { address: String },
}

/// The running bot's own backups (`[backup]`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BackupConfig {
    /// Where backups are written (`OUTAGE_BOT_BACKUP_DIR` overrides).
    pub dir: PathBuf,
    /// How often one is taken.
    pub every: std::time::Duration,
    /// How many are kept; older ones are deleted.
    pub keep: usize,
}

/// How monitoring webhooks name services.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HooksConfig {
    /// The Alertmanager label that names the service (`service`).
    pub service_label: String,
    /// The Alertmanager label whose `critical`/`page` means an outage, else degraded.
    pub severity_label: String,
    /// Monitor names (Uptime Kuma, Gatus) → service ids; unmapped names are looked up
    /// in the catalog by id or display name.
    pub monitors: BTreeMap<String, ServiceId>,
    /// Whether what monitors say (an alert's summary, a monitor's message) reaches
    /// subscribers, without its links and addresses (`hooks.public_text`, off by default:
    /// subscribers read the localized notice alone). An Alertmanager alert's
    /// `public_summary` annotation is always published: it is written for them.
    pub public_text: bool,
}

/// What each token of the HTTP listener may do. A person's powers (every write call:
/// incidents, maintenance, and the webhooks too) go with `api`; a monitor's (its own
/// webhook only: raising and clearing its own alarms) with `hooks`; `metrics`, when
/// set, is asked of `/metrics` scrapers. Without `api` write calls are refused.
#[derive(Clone, Debug, Default)]
pub struct Tokens {
    /// `OUTAGE_BOT_API_TOKEN`.
    pub api: Option<ApiToken>,
    /// `OUTAGE_BOT_HOOK_TOKEN`.
    pub hooks: Option<ApiToken>,
    /// `OUTAGE_BOT_METRICS_TOKEN`.
    pub metrics: Option<ApiToken>,
    /// `OUTAGE_BOT_REPORTS_TOKEN`: a website's "not working for me" button, which may
    /// only add crowd reports.
    pub reports: Option<ApiToken>,
}

/// A configuration mistake, naming the file (if any) and the key.
#[derive(Debug, thiserror::Error)]
#[error("{}{key}: {message}", source_prefix(.file))]
pub struct ConfigError {
    pub file: Option<PathBuf>,
    pub key: String,
    pub message: String,
}

fn source_prefix(file: &Option<PathBuf>) -> String {
    file.as_ref()
        .map(|f| format!("{}: ", f.display()))
        .unwrap_or_default()
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    data_dir: Option<PathBuf>,
    default_language: Option<String>,
    bengali_variant: Option<String>,
    timezone: Option<String>,
    admins: Option<Vec<i64>>,
    telegram: Option<RawTelegram>,
    http: Option<RawHttp>,
    page: Option<RawPage>,
    channels: Option<Vec<RawChannel>>,
    reports: Option<RawReports>,
    hooks: Option<RawHooks>,
    probes: Option<RawProbeRule>,
    limits: Option<RawLimits>,
    health: Option<RawHealth>,
    delivery: Option<RawDelivery>,
    backup: Option<RawBackup>,
    history: Option<RawHistory>,
    maintenance: Option<RawMaintenance>,
    locales_dir: Option<PathBuf>,
    services: Option<Vec<RawService>>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawTelegram {
    webhook_url: Option<String>,
    messages_per_second: Option<i64>,
    per_chat_per_second: Option<i64>,
    per_group_per_minute: Option<i64>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawLimits {
    automatic_events: Option<i64>,
    automatic_window: Option<String>,
    outbox: Option<i64>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawHealth {
    stuck_after: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawDelivery {
    give_up_after: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawHistory {
    keep_days: Option<i64>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawMaintenance {
    remind_before: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawBackup {
    dir: Option<PathBuf>,
    every: Option<String>,
    keep: Option<i64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawHttp {
    listen: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawChannel {
    chat: toml::Value,
    language: Option<String>,
    services: Option<Vec<String>>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawPage {
    name: Option<String>,
    url: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawReports {
    threshold: Option<i64>,
    window_minutes: Option<i64>,
    surge_factor: Option<i64>,
    /// How many reports one address may post a minute (`POST /api/v1/reports`).
    per_client_per_minute: Option<i64>,
    /// Per language code, the network ids offered.
    networks: Option<BTreeMap<String, Vec<String>>>,
    /// Per language code, the area ids offered.
    areas: Option<BTreeMap<String, Vec<String>>>,
    /// Places beyond the built-in ones.
    places: Option<Vec<RawPlace>>,
}

/// `[[reports.places]]`: a network or an area of the deployment's own.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPlace {
    kind: String,
    id: String,
    name: BTreeMap<String, String>,
    locative: Option<BTreeMap<String, String>>,
}

/// `locales/report-places.toml`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPlacesFile {
    bd: RawRegionPlaces,
    #[serde(rename = "in")]
    india: RawRegionPlaces,
    networks: Vec<RawNamedPlace>,
    areas: Vec<RawNamedPlace>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRegionPlaces {
    networks: Vec<String>,
    areas: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawNamedPlace {
    id: String,
    name: BTreeMap<String, String>,
    locative: Option<BTreeMap<String, String>>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawHooks {
    service_label: Option<String>,
    severity_label: Option<String>,
    monitors: Option<BTreeMap<String, String>>,
    public_text: Option<bool>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawServicesFile {
    services: Vec<RawService>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawService {
    id: String,
    name: BTreeMap<String, String>,
    /// The name's genitive and locative per language (`bn`), where the language
    /// inflects names; made by rule when not given.
    genitive: Option<BTreeMap<String, String>>,
    locative: Option<BTreeMap<String, String>>,
    /// Other spellings people type.
    aliases: Option<Vec<String>>,
    /// Services people turn to when this one fails (ids from the catalog).
    alternatives: Option<Vec<String>>,
    probe: Option<RawProbe>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawProbe {
    url: Option<String>,
    tcp: Option<String>,
    every: Option<String>,
    timeout: Option<String>,
    expect_status: Option<u16>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawProbeRule {
    fail_after: Option<i64>,
    recover_after: Option<i64>,
    flap_limit: Option<i64>,
    flap_window_minutes: Option<i64>,
    resolve_admin_incidents: Option<bool>,
}

/// Where the environment's overrides come from; a function so tests need not touch the
/// process environment.
pub type Env<'a> = &'a dyn Fn(&str) -> Option<String>;

impl Config {
    /// Finds and reads the configuration as the contract says, then applies `env`.
    pub fn load(explicit: Option<&Path>, env: Env) -> Result<Config, ConfigError> {
        let file = explicit
            .map(Path::to_path_buf)
            .or_else(|| env("OUTAGE_BOT_CONFIG").map(PathBuf::from))
            .or_else(|| {
                Path::new(DEFAULT_FILE)
                    .exists()
                    .then(|| PathBuf::from(DEFAULT_FILE))
            });
        let text = match &file {
            Some(path) => std::fs::read_to_string(path).map_err(|e| ConfigError {
                file: Some(path.clone()),
                key: "file".into(),
                message: format!("cannot read: {e}"),
            })?,
            None => String::new(),
        };
        Config::parse(&text, file, env)
    }

    /// Parses TOML text (empty for defaults) and applies `env`. Reads like the file:
    /// one small function per section.
    pub fn parse(text: &str, file: Option<PathBuf>, env: Env) -> Result<Config, ConfigError> {
        let at = Field { file: &file };
        let raw: RawConfig = toml::from_str(text).map_err(|e| {
            let key = e
                .span()
                .map(|s| format!("line {}", 1 + text[..s.start].matches('\n').count()))
                .unwrap_or_else(|| "file".into());
            at.error(&key, e.message())
        })?;
        let timezone = timezone(&at, raw.timezone.as_deref())?;
        let variant = bengali_variant(&at, raw.bengali_variant.as_deref(), timezone)?;
        let (catalog, probes) = services(&at, raw.services, variant)?;
        let probe_rules = probe_rules(&at, raw.probes.unwrap_or_default())?;
        let data_dir = data_dir(&at, raw.data_dir, env)?;
        Ok(Config {
            backup: backup(&at, raw.backup.unwrap_or_default(), &data_dir, env)?,
            history_keep: history_keep(&at, raw.history.unwrap_or_default())?,
            maintenance_remind_before: chrono::Duration::from_std(at.duration(
                "maintenance.remind_before",
                raw.maintenance.unwrap_or_default().remind_before.as_deref(),
                std::time::Duration::from_secs(3_600),
                (
                    std::time::Duration::from_secs(60),
                    std::time::Duration::from_secs(7 * 86_400),
                ),
            )?)
            .unwrap_or(chrono::Duration::hours(1)),
            data_dir,
            default_language: default_language(&at, raw.default_language.as_deref())?,
            bengali_variant: variant,
            timezone,
            admins: admins(&at, raw.admins, env)?,
            webhook_url: webhook_url(&at, raw.telegram.as_ref(), raw.http.is_some(), env)?,
            telegram: telegram(&at, raw.telegram.unwrap_or_default())?,
            http: http(&at, raw.http, env)?,
            page: page(&at, raw.page.unwrap_or_default())?,
            channels: channels(
                &at,
                raw.channels.unwrap_or_default(),
                &catalog,
                raw.default_language.as_deref(),
            )?,
            tokens: tokens(env)?,
            accept_damage: false,
            hooks: hooks(&at, raw.hooks.unwrap_or_default(), &catalog)?,
            probes,
            probe_rule: probe_rules.0,
            desk: desk_rules(&at, raw.limits.unwrap_or_default(), probe_rules.1)?,
            catalog,
            reports: reports(&at, raw.reports.as_ref())?,
            report_places: report_places(&at, raw.reports.as_ref(), variant)?,
            reports_per_client_per_minute: at.ranged(
                "reports.per_client_per_minute",
                raw.reports.as_ref().and_then(|r| r.per_client_per_minute),
                20,
                100_000,
            )?,
            locales_dir: raw.locales_dir,
            health_stuck_after: at.duration(
                "health.stuck_after",
                raw.health.unwrap_or_default().stuck_after.as_deref(),
                crate::health::STUCK_AFTER,
                (
                    std::time::Duration::from_secs(1),
                    std::time::Duration::from_secs(3_600),
                ),
            )?,
            give_up_after: at.duration(
                "delivery.give_up_after",
                raw.delivery.unwrap_or_default().give_up_after.as_deref(),
                GIVE_UP_AFTER,
                (
                    std::time::Duration::from_secs(60),
                    std::time::Duration::from_secs(30 * 86_400),
                ),
            )?,
            file,
        })
    }

    pub fn is_admin(&self, user: UserId) -> bool {
        self.admins.contains(&user)
    }
}

/// Names the file a configuration value came from, for errors that point at its key.
struct Field<'a> {
    file: &'a Option<PathBuf>,
}

impl Field<'_> {
    fn error(&self, key: &str, message: impl Into<String>) -> ConfigError {
        ConfigError {
            file: self.file.clone(),
            key: key.to_owned(),
            message: message.into(),
        }
    }

    /// A whole number in `1..=max`, or `default` when absent.
    fn ranged(
        &self,
        key: &str,
        value: Option<i64>,
        default: u32,
        max: u32,
    ) -> Result<u32, ConfigError> {
        match value {
            None => Ok(default),
            Some(v) if (1..=i64::from(max)).contains(&v) => Ok(v as u32),
            Some(v) => Err(self.error(key, format!("{v} is out of range 1..={max}"))),
        }
    }

    /// A duration such as `30s` within `min..=max`, or `default` when absent.
    fn duration(
        &self,
        key: &str,
        value: Option<&str>,
        default: std::time::Duration,
        (min, max): (std::time::Duration, std::time::Duration),
    ) -> Result<std::time::Duration, ConfigError> {
        let Some(text) = value else {
            return Ok(default);
        };
        let d = parse_duration(text).ok_or_else(|| {
            self.error(
                key,
                format!("`{text}` is not a duration like 30s, 500ms, 2m, 6h or 1d"),
            )
        })?;
        if d < min || d > max {
            return Err(self.error(
                key,
                format!("`{text}` is out of range {}..={}", show(min), show(max)),
            ));
        }
        Ok(d)
    }
}

/// Whether `path` is `dir` or lies inside it (compared as absolute paths, the file's
/// folder resolved through links where it exists).
pub fn inside(path: &Path, dir: &Path) -> bool {
    let absolute = |p: &Path| {
        let p = if p.is_absolute() {
            p.to_path_buf()
        } else {
            std::env::current_dir().unwrap_or_default().join(p)
        };
        p.canonicalize().unwrap_or_else(|_| {
            match (
                p.parent().and_then(|d| d.canonicalize().ok()),
                p.file_name(),
            ) {
                (Some(parent), Some(name)) => parent.join(name),
                _ => p,
            }
        })
    };
    absolute(path).starts_with(absolute(dir))
}

/// A bound as a person would write it back.
fn show(d: std::time::Duration) -> String {
    let s = d.as_secs();
    match s {
        0 => format!("{}ms", d.as_millis()),
        s if s % 86_400 == 0 => format!("{}d", s / 86_400),
        s if s % 3_600 == 0 => format!("{}h", s / 3_600),
        s if s % 60 == 0 => format!("{}m", s / 60),
        s => format!("{s}s"),
    }
}

fn data_dir(at: &Field, file: Option<PathBuf>, env: Env) -> Result<PathBuf, ConfigError> {
    let dir = env("OUTAGE_BOT_DATA_DIR")
        .map(PathBuf::from)
        .or(file)
        .unwrap_or_else(|| PathBuf::from("data"));
    if dir.as_os_str().is_empty() {
        return Err(at.error("data_dir", "must not be empty"));
    }
    Ok(dir)
}

/// `[history] keep_days`: a year by default, at least a day, at most a century.
fn history_keep(at: &Field, raw: RawHistory) -> Result<chrono::Duration, ConfigError> {
    let days = raw.keep_days.unwrap_or(365);
    if !(1..=36_500).contains(&days) {
        return Err(at.error(
            "history.keep_days",
            format!("`{days}` is out of range 1..=36500"),
        ));
    }
    Ok(chrono::Duration::days(days))
}

/// `[backup]`; by default backups go beside the data directory (`data` → `data-backups`),
/// never inside it: sled owns that folder.
fn backup(
    at: &Field,
    raw: RawBackup,
    data_dir: &Path,
    env: Env,
) -> Result<BackupConfig, ConfigError> {
    let beside_data = || match data_dir.file_name() {
        Some(name) => data_dir.with_file_name(format!("{}-backups", name.to_string_lossy())),
        None => PathBuf::from("backups"),
    };
    let dir = env("OUTAGE_BOT_BACKUP_DIR")
        .map(PathBuf::from)
        .or(raw.dir)
        .unwrap_or_else(beside_data);
    if dir.as_os_str().is_empty() {
        return Err(at.error("backup.dir", "must not be empty"));
    }
    if inside(&dir, data_dir) {
        return Err(at.error(
            "backup.dir",
            format!(
                "`{}` is inside data_dir `{}`: backups there would go with the store they are meant to survive",
                dir.display(),
                data_dir.display()
            ),
        ));
    }
    let keep = raw.keep.unwrap_or(8);
    if !(1..=1000).contains(&keep) {
        return Err(at.error("backup.keep", format!("`{keep}` is out of range 1..=1000")));
    }
    Ok(BackupConfig {
        dir,
        every: at.duration(
            "backup.every",
            raw.every.as_deref(),
            std::time::Duration::from_secs(6 * 3600),
            (
                std::time::Duration::from_secs(60),
                std::time::Duration::from_secs(30 * 86_400),
            ),
        )?,
        keep: keep as usize,
    })
}

fn default_language(at: &Field, code: Option<&str>) -> Result<Lang, ConfigError> {
    match code {
        None => Ok(Lang::EN),
        Some(code) => Lang::parse(code).ok_or_else(|| {
            at.error(
                "default_language",
                format!("`{code}` is not a language code (e.g. en, bn)"),
            )
        }),
    }
}

fn bengali_variant(at: &Field, code: Option<&str>, zone: Tz) -> Result<Lang, ConfigError> {
    match code {
        None if matches!(zone, chrono_tz::Asia::Kolkata | chrono_tz::Asia::Calcutta) => {
            Ok(Lang::BN_IN)
        }
        None => Ok(Lang::BN_BD),
        Some(code) => Lang::parse(code)
            .filter(|l| *l == Lang::BN_BD || *l == Lang::BN_IN)
            .ok_or_else(|| at.error("bengali_variant", format!("`{code}` is not bn-BD or bn-IN"))),
    }
}

fn timezone(at: &Field, name: Option<&str>) -> Result<Tz, ConfigError> {
    match name {
        None => Ok(chrono_tz::Asia::Dhaka),
        Some(name) => name.parse::<Tz>().map_err(|_| {
            at.error(
                "timezone",
                format!("`{name}` is not an IANA time zone (e.g. Asia/Dhaka)"),
            )
        }),
    }
}

fn admins(at: &Field, file: Option<Vec<i64>>, env: Env) -> Result<BTreeSet<UserId>, ConfigError> {
    if let Some(list) = env("OUTAGE_BOT_ADMINS") {
        return parse_admin_list(&list).map_err(|m| ConfigError {
            file: None,
            key: "OUTAGE_BOT_ADMINS".into(),
            message: m,
        });
    }
    let admins: BTreeSet<UserId> = file.unwrap_or_default().into_iter().map(UserId).collect();
    if admins.iter().any(|a| a.0 <= 0) {
        return Err(at.error("admins", "Telegram user ids are positive numbers"));
    }
    Ok(admins)
}

fn telegram(at: &Field, raw: RawTelegram) -> Result<TelegramLimits, ConfigError> {
    Ok(TelegramLimits {
        messages_per_second: at.ranged(
            "telegram.messages_per_second",
            raw.messages_per_second,
            30,
            1000,
        )?,
        per_chat_per_second: at.ranged(
            "telegram.per_chat_per_second",
            raw.per_chat_per_second,
            1,
            30,
        )?,
        per_group_per_minute: at.ranged(
            "telegram.per_group_per_minute",
            raw.per_group_per_minute,
            20,
            60,
        )?,
    })
}

/// `[telegram] webhook_url`: an http(s) URL with a host, served on the HTTP listener, so
/// `[http] listen` (or `OUTAGE_BOT_HTTP_LISTEN`) must be set too.
fn webhook_url(
    at: &Field,
    raw: Option<&RawTelegram>,
    http_in_file: bool,
    env: Env,
) -> Result<Option<url::Url>, ConfigError> {
    let Some(text) = raw.and_then(|r| r.webhook_url.as_deref()) else {
        return Ok(None);
    };
    let key = "telegram.webhook_url";
    let url = url::Url::parse(text.trim())
        .map_err(|e| at.error(key, format!("`{text}` is not a URL: {e}")))?;
    if !matches!(url.scheme(), "https" | "http") || url.host().is_none() {
        return Err(at.error(
            key,
            format!(
                "`{text}` must be an https:// address (http:// only for a self-hosted Bot API server)"
            ),
        ));
    }
    // The route is served beside the API's: it must not take one of theirs.
    let path = url.path();
    let taken = ["/healthz", "/metrics", "/api/", "/hooks/"];
    if path == "/"
        || taken
            .iter()
            .any(|t| path == t.trim_end_matches('/') || path.starts_with(t))
    {
        return Err(at.error(
            key,
            format!("the path `{path}` is the API's; use one of its own, such as /telegram"),
        ));
    }
    let listening = match env("OUTAGE_BOT_HTTP_LISTEN") {
        Some(listen) => !listen.trim().is_empty(),
        None => http_in_file,
    };
    if !listening {
        return Err(at.error(
            key,
            "updates arrive on the HTTP listener: set [http] listen too",
        ));
    }
    Ok(Some(url))
}

/// `[http] listen`, which `OUTAGE_BOT_HTTP_LISTEN` overrides (empty: no listener).
fn http(at: &Field, raw: Option<RawHttp>, env: Env) -> Result<Option<HttpConfig>, ConfigError> {
    let (key, listen) = match env("OUTAGE_BOT_HTTP_LISTEN") {
        Some(listen) if listen.trim().is_empty() => return Ok(None),
        Some(listen) => ("OUTAGE_BOT_HTTP_LISTEN", listen),
        None => match raw {
            Some(raw) => ("http.listen", raw.listen),
            None => return Ok(None),
        },
    };
    let listen = listen.trim().parse().map_err(|_| {
        at.error(
            key,
            format!("`{listen}` is not an address like 127.0.0.1:8080"),
        )
    })?;
    Ok(Some(HttpConfig { listen }))
}

/// `[[channels]]`: each a public `@username` (5–32 letters, digits or `_`) or a numeric
/// id of a channel (`-100…`), a language code, and services of the catalog.
fn channels(
    at: &Field,
    raw: Vec<RawChannel>,
    catalog: &Catalog,
    default_language: Option<&str>,
) -> Result<Vec<ChannelConfig>, ConfigError> {
    let mut channels: Vec<ChannelConfig> = Vec::new();
    for (i, raw) in raw.into_iter().enumerate() {
        let key = |field: &str| format!("channels[{i}].{field}");
        let chat = match &raw.chat {
            toml::Value::Integer(id) if *id < 0 => ChannelChat::Id(crate::domain::ChatId(*id)),
            toml::Value::String(name)
                if name.starts_with('@')
                    && (6..=33).contains(&name.len())
                    && name[1..]
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b == b'_') =>
            {
                ChannelChat::Username(name.clone())
            }
            other => {
                return Err(at.error(
                    &key("chat"),
                    format!("`{other}` is not a channel: give its @username or its id (-100…)"),
                ));
            }
        };
        // Telegram's usernames are the same whatever their case.
        let same = |a: &ChannelChat, b: &ChannelChat| match (a, b) {
            (ChannelChat::Username(a), ChannelChat::Username(b)) => a.eq_ignore_ascii_case(b),
            _ => a == b,
        };
        if channels.iter().any(|c| same(&c.chat, &chat)) {
            return Err(at.error(&key("chat"), format!("`{chat}` is listed twice")));
        }
        let code = raw.language.as_deref().or(default_language).unwrap_or("en");
        let language = Lang::parse(code).ok_or_else(|| {
            at.error(
                &key("language"),
                format!("`{code}` is not a language code (e.g. bn-BD, bn-IN, en)"),
            )
        })?;
        let services = raw
            .services
            .map(|typed| {
                typed
                    .iter()
                    .map(|t| match catalog.lookup(t) {
                        crate::domain::service::Lookup::Found(s) => Ok(s.id.clone()),
                        crate::domain::service::Lookup::Unknown { .. } => Err(at.error(
                            &key("services"),
                            format!("`{t}` is not a service of the catalog"),
                        )),
                    })
                    .collect::<Result<BTreeSet<_>, _>>()
            })
            .transpose()?;
        channels.push(ChannelConfig {
            chat,
            language,
            services,
        });
    }
    Ok(channels)
}

/// `[page]`: a name of at most 100 characters, an http(s) address with a host.
fn page(at: &Field, raw: RawPage) -> Result<PageConfig, ConfigError> {
    let name = raw.name.map(|n| n.trim().to_owned());
    if let Some(name) = &name
        && (name.is_empty() || name.chars().count() > 100)
    {
        return Err(at.error("page.name", "give a name of 1 to 100 characters"));
    }
    let url = raw
        .url
        .map(|text| {
            let url = url::Url::parse(text.trim())
                .map_err(|e| at.error("page.url", format!("`{text}` is not a URL: {e}")))?;
            if !matches!(url.scheme(), "https" | "http") || url.host().is_none() {
                return Err(at.error(
                    "page.url",
                    format!("`{text}` must be an http:// or https:// address"),
                ));
            }
            Ok(url)
        })
        .transpose()?;
    Ok(PageConfig { name, url })
}

/// A token from the environment variable `key`, at least 32 characters when set.
fn token(env: Env, key: &str) -> Result<Option<ApiToken>, ConfigError> {
    env(key)
        .map(|raw| {
            ApiToken::parse(&raw).map_err(|m| ConfigError {
                file: None,
                key: key.into(),
                message: m,
            })
        })
        .transpose()
}

/// The HTTP tokens: each names what it may do, and no two may be the same.
fn tokens(env: Env) -> Result<Tokens, ConfigError> {
    let tokens = Tokens {
        api: token(env, "OUTAGE_BOT_API_TOKEN")?,
        hooks: token(env, "OUTAGE_BOT_HOOK_TOKEN")?,
        metrics: token(env, "OUTAGE_BOT_METRICS_TOKEN")?,
        reports: token(env, "OUTAGE_BOT_REPORTS_TOKEN")?,
    };
    let raw = |key| env(key).map(|t| t.trim().to_owned());
    let set: Vec<(&str, String)> = [
        "OUTAGE_BOT_API_TOKEN",
        "OUTAGE_BOT_HOOK_TOKEN",
        "OUTAGE_BOT_METRICS_TOKEN",
        "OUTAGE_BOT_REPORTS_TOKEN",
    ]
    .into_iter()
    .filter_map(|key| raw(key).map(|t| (key, t)))
    .collect();
    for (i, (key, value)) in set.iter().enumerate() {
        if let Some((other, _)) = set[..i].iter().find(|(_, v)| v == value) {
            return Err(ConfigError {
                file: None,
                key: (*key).into(),
                message: format!(
                    "is the same as {other}: give each its own, so each grants only its own powers"
                ),
            });
        }
    }
    Ok(tokens)
}

fn reports(at: &Field, raw: Option<&RawReports>) -> Result<ReportWindow, ConfigError> {
    let raw = |get: fn(&RawReports) -> Option<i64>| raw.and_then(get);
    // Reports are counted in 5-minute buckets: a shorter window would count nothing.
    if let Some(minutes) = raw(|r| r.window_minutes).filter(|&m| m < 10) {
        return Err(at.error(
            "reports.window_minutes",
            format!(
                "{minutes} is too short: at least 10 (reports are counted five minutes at a time)"
            ),
        ));
    }
    Ok(ReportWindow {
        threshold: at.ranged("reports.threshold", raw(|r| r.threshold), 5, 1_000_000)?,
        window: Duration::minutes(i64::from(at.ranged(
            "reports.window_minutes",
            raw(|r| r.window_minutes),
            30,
            24 * 60,
        )?)),
        surge_factor: at.ranged("reports.surge_factor", raw(|r| r.surge_factor), 3, 100)?,
    })
}

/// The longest place id: `place:<service>:n:<place>` stays within the 64 bytes Telegram
/// allows a button (a service id is at most 32).
const MOST_PLACE_ID: usize = 20;

/// The built-in places, then the deployment's own; the built-in lists of the
/// deployment's region, unless `[reports] networks` or `areas` names others for a
/// language.
fn report_places(
    at: &Field,
    raw: Option<&RawReports>,
    variant: Lang,
) -> Result<ReportPlaces, ConfigError> {
    let built_in: RawPlacesFile =
        toml::from_str(BUILT_IN_PLACES).expect("the built-in places are valid (checked by tests)");
    let mut places = Vec::new();
    let no_forms = BTreeMap::new();
    let named = |kind: PlaceKind,
                 id: &str,
                 name: &BTreeMap<String, String>,
                 locative: Option<&BTreeMap<String, String>>| {
        if id.len() > MOST_PLACE_ID {
            return Err((
                ".id".to_owned(),
                format!("at most {MOST_PLACE_ID} characters (it travels in a button's data)"),
            ));
        }
        Ok::<_, (String, String)>(Place {
            locatives: lang_texts("locative", locative.unwrap_or(&no_forms))?,
            kind,
            id: ServiceId::parse(id)
                .map_err(|m| (".id".to_owned(), m))?
                .as_str()
                .to_owned(),
            names: lang_texts("name", name)?,
        })
    };
    for (kind, list) in [
        (PlaceKind::Network, &built_in.networks),
        (PlaceKind::Area, &built_in.areas),
    ] {
        for raw in list {
            places.push(
                named(kind, &raw.id, &raw.name, raw.locative.as_ref())
                    .expect("the built-in places are valid (checked by tests)"),
            );
        }
    }
    for (i, own) in raw
        .and_then(|r| r.places.as_ref())
        .into_iter()
        .flatten()
        .enumerate()
    {
        let key = format!("reports.places[{i}]");
        let kind = PlaceKind::parse(&own.kind).ok_or_else(|| {
            at.error(
                &format!("{key}.kind"),
                format!("`{}` is not network or area", own.kind),
            )
        })?;
        let place = named(kind, &own.id, &own.name, own.locative.as_ref())
            .map_err(|(field, message)| at.error(&format!("{key}{field}"), message))?;
        places.retain(|p: &Place| !(p.kind == kind && p.id == place.id));
        places.push(place);
    }
    let bd = (built_in.bd.networks, built_in.bd.areas);
    let india = (built_in.india.networks, built_in.india.areas);
    let fallback = if variant == Lang::BN_IN { &india } else { &bd }.clone();
    let mut offered: BTreeMap<Lang, (Vec<String>, Vec<String>)> =
        [(Lang::BN_BD, bd), (Lang::BN_IN, india)].into();
    for (kind, field, lists) in [
        (
            PlaceKind::Network,
            "networks",
            raw.and_then(|r| r.networks.as_ref()),
        ),
        (PlaceKind::Area, "areas", raw.and_then(|r| r.areas.as_ref())),
    ] {
        for (code, ids) in lists.into_iter().flatten() {
            let key = format!("reports.{field}.{code}");
            let lang = Lang::parse(code)
                .filter(|l| l.code() == *code)
                .ok_or_else(|| at.error(&key, format!("`{code}` is not a language code")))?;
            for id in ids {
                if !places.iter().any(|p| p.kind == kind && &p.id == id) {
                    let known: Vec<&str> = places
                        .iter()
                        .filter(|p| p.kind == kind)
                        .map(|p| p.id.as_str())
                        .collect();
                    return Err(at.error(
                        &key,
                        format!(
                            "no {} `{id}`: name one of {} or add it under [[reports.places]]",
                            kind.code(),
                            known.join(", ")
                        ),
                    ));
                }
            }
            // A list for `bn` is both Bengalis' (a variant's own list, given too, wins).
            let mut langs = vec![lang];
            if !lang.has_region() {
                langs.extend(
                    offered
                        .keys()
                        .filter(|l| l.base() == lang && **l != lang)
                        .copied(),
                );
            }
            for lang in langs {
                let entry = offered.entry(lang).or_insert_with(|| fallback.clone());
                match kind {
                    PlaceKind::Network => entry.0 = ids.clone(),
                    PlaceKind::Area => entry.1 = ids.clone(),
                }
            }
        }
    }
    Ok(ReportPlaces::new(places, offered, fallback))
}

/// The probe thresholds, and whether a probe may resolve a person's incident.
fn probe_rules(at: &Field, raw: RawProbeRule) -> Result<(ProbeRule, bool), ConfigError> {
    let rule = ProbeRule {
        fail_after: at.ranged("probes.fail_after", raw.fail_after, 3, 100)?,
        recover_after: at.ranged("probes.recover_after", raw.recover_after, 2, 100)?,
        flap_limit: at.ranged("probes.flap_limit", raw.flap_limit, 4, 100)?,
        flap_window: Duration::minutes(i64::from(at.ranged(
            "probes.flap_window_minutes",
            raw.flap_window_minutes,
            30,
            24 * 60,
        )?)),
    };
    Ok((rule, raw.resolve_admin_incidents.unwrap_or(false)))
}

/// The incident desk's rules (`desk.rs`), from `[limits]` and `[probes]`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DeskRules {
    /// Whether a probe that sees a service back may resolve an incident a person opened.
    pub probes_resolve_persons: bool,
    /// Events a machine may post per service within `automatic_window`.
    pub automatic_events: u32,
    pub automatic_window: Duration,
    /// Broadcasts waiting at most; more events are refused until they drain.
    pub max_pending_broadcasts: usize,
}

/// `[limits]`, and whether probes may resolve a person's incident.
fn desk_rules(
    at: &Field,
    raw: RawLimits,
    probes_resolve_persons: bool,
) -> Result<DeskRules, ConfigError> {
    let window = at.duration(
        "limits.automatic_window",
        raw.automatic_window.as_deref(),
        std::time::Duration::from_secs(600),
        (
            std::time::Duration::from_secs(60),
            std::time::Duration::from_secs(86_400),
        ),
    )?;
    Ok(DeskRules {
        probes_resolve_persons,
        automatic_events: at.ranged("limits.automatic_events", raw.automatic_events, 6, 1000)?,
        automatic_window: Duration::from_std(window).unwrap_or(Duration::minutes(10)),
        max_pending_broadcasts: at.ranged("limits.outbox", raw.outbox, 1000, 100_000)? as usize,
    })
}

fn hooks(at: &Field, raw: RawHooks, catalog: &Catalog) -> Result<HooksConfig, ConfigError> {
    let mut monitors = BTreeMap::new();
    for (name, id) in raw.monitors.unwrap_or_default() {
        let key = format!("hooks.monitors.{name:?}");
        let id = ServiceId::parse(&id).map_err(|m| at.error(&key, m))?;
        if catalog.get(&id).is_none() {
            return Err(at.error(&key, format!("`{id}` is not a configured service")));
        }
        monitors.insert(name, id);
    }
    Ok(HooksConfig {
        service_label: raw.service_label.unwrap_or_else(|| "service".to_owned()),
        severity_label: raw.severity_label.unwrap_or_else(|| "severity".to_owned()),
        monitors,
        public_text: raw.public_text.unwrap_or(false),
    })
}

/// `[[services]]` in one pass: the catalog and each service's probe. Without any, the
/// built-in catalog of the deployment's region serves (and probes nothing).
fn services(
    at: &Field,
    raw: Option<Vec<RawService>>,
    variant: Lang,
) -> Result<(Catalog, Vec<ProbeConfig>), ConfigError> {
    let Some(raw) = raw else {
        return Ok((built_in_catalog(variant), Vec::new()));
    };
    let mut services: Vec<Service> = Vec::new();
    let mut probes = Vec::new();
    for (i, raw) in raw.into_iter().enumerate() {
        let key = format!("services[{i}]");
        let service = service(&raw).map_err(|(field, m)| at.error(&format!("{key}{field}"), m))?;
        if services.iter().any(|known| known.id == service.id) {
            return Err(at.error(
                &format!("{key}.id"),
                format!("`{}` is listed twice", service.id),
            ));
        }
        if let Some(probe) = &raw.probe {
            probes.push(probe_config(
                at,
                &format!("{key}.probe"),
                service.id.clone(),
                probe,
            )?);
        }
        services.push(service);
    }
    known_alternatives(&services)
        .map_err(|(i, m)| at.error(&format!("services[{i}].alternatives"), m))?;
    Ok((Catalog::new(services), probes))
}

/// Every alternative a service names is a service of the catalog, and not itself; the
/// error gives the service's place and what is wrong.
fn known_alternatives(services: &[Service]) -> Result<(), (usize, String)> {
    for (i, service) in services.iter().enumerate() {
        for alternative in &service.alternatives {
            if alternative == &service.id {
                return Err((i, format!("`{alternative}` cannot be its own alternative")));
            }
            if !services.iter().any(|s| &s.id == alternative) {
                return Err((i, format!("no service `{alternative}` in the catalog")));
            }
        }
    }
    Ok(())
}

/// Texts by language code (`name = { en = "…", bn = "…" }`), each code a language and
/// each text not empty; the error names the field (`.name.xx`) and what is wrong.
fn lang_texts(
    field: &str,
    raw: &BTreeMap<String, String>,
) -> Result<BTreeMap<Lang, String>, (String, String)> {
    let mut out = BTreeMap::new();
    for (code, text) in raw {
        let lang = Lang::parse(code)
            .filter(|l| l.code() == *code)
            .ok_or_else(|| {
                (
                    format!(".{field}.{code}"),
                    format!("`{code}` is not a language code"),
                )
            })?;
        if text.trim().is_empty() {
            return Err((format!(".{field}.{code}"), "must not be empty".to_owned()));
        }
        out.insert(lang, text.trim().to_owned());
    }
    Ok(out)
}

/// One service's id and names; an error names the field under `services[i]`.
fn service(raw: &RawService) -> Result<Service, (String, String)> {
    let id = ServiceId::parse(&raw.id).map_err(|m| (".id".to_owned(), m))?;
    let texts = lang_texts;
    let names = texts("name", &raw.name)?;
    if names.is_empty() {
        return Err((
            ".name".to_owned(),
            "needs a name in at least one language".into(),
        ));
    }
    let mut forms = BTreeMap::new();
    for (field, form, given) in [
        ("genitive", Form::Genitive, &raw.genitive),
        ("locative", Form::Locative, &raw.locative),
    ] {
        for (lang, text) in texts(field, given.as_ref().unwrap_or(&BTreeMap::new()))? {
            forms.insert((lang, form), text);
        }
    }
    let aliases = raw
        .aliases
        .iter()
        .flatten()
        .map(|a| a.trim().to_owned())
        .filter(|a| !a.is_empty())
        .collect();
    let alternatives = raw
        .alternatives
        .iter()
        .flatten()
        .map(|a| ServiceId::parse(a).map_err(|m| (".alternatives".to_owned(), m)))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Service {
        id,
        names,
        forms,
        aliases,
        alternatives,
    })
}

/// Probe intervals: from half a second to a day; a timeout up to a minute.
const PROBE_EVERY: (std::time::Duration, std::time::Duration) = (
    std::time::Duration::from_millis(50),
    std::time::Duration::from_secs(86_400),
);
const PROBE_TIMEOUT: (std::time::Duration, std::time::Duration) = (
    std::time::Duration::from_millis(50),
    std::time::Duration::from_secs(60),
);

fn probe_config(
    at: &Field,
    key: &str,
    service: ServiceId,
    probe: &RawProbe,
) -> Result<ProbeConfig, ConfigError> {
    let target = match (&probe.url, &probe.tcp) {
        (Some(url), None) if url.starts_with("http://") || url.starts_with("https://") => {
            ProbeTarget::Http {
                url: url.clone(),
                expect_status: probe.expect_status.unwrap_or(200),
            }
        }
        (None, Some(address)) if address.contains(':') => ProbeTarget::Tcp {
            address: address.clone(),
        },
        _ => {
            return Err(at.error(
                key,
                "needs either url = \"http(s)://…\" or tcp = \"host:port\"",
            ));
        }
    };
    Ok(ProbeConfig {
        service,
        target,
        every: at.duration(
            &format!("{key}.every"),
            probe.every.as_deref(),
            std::time::Duration::from_secs(30),
            PROBE_EVERY,
        )?,
        timeout: at.duration(
            &format!("{key}.timeout"),
            probe.timeout.as_deref(),
            std::time::Duration::from_secs(5),
            PROBE_TIMEOUT,
        )?,
    })
}

/// Parses "500ms", "30s", "2m", "6h", "1d"; `None` for anything else, zero, or a
/// number too large to be a duration at all.
fn parse_duration(text: &str) -> Option<std::time::Duration> {
    let text = text.trim();
    let (number, unit) = text.split_at(text.find(|c: char| !c.is_ascii_digit())?);
    let n: u64 = number.parse().ok()?;
    let per_unit_ms: u64 = match unit {
        "ms" => 1,
        "s" => 1_000,
        "m" => 60_000,
        "h" => 3_600_000,
        "d" => 86_400_000,
        _ => return None,
    };
    let d = std::time::Duration::from_millis(n.checked_mul(per_unit_ms)?);
    (!d.is_zero()).then_some(d)
}

fn parse_admin_list(list: &str) -> Result<BTreeSet<UserId>, String> {
    list.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| match s.parse::<i64>() {
            Ok(id) if id > 0 => Ok(UserId(id)),
            _ => Err(format!("`{s}` is not a Telegram user id")),
        })
        .collect()
}

/// The shared built-in services, then those of `variant`'s region: bKash, Nagad,
/// Rocket, Grameenphone and Robi for Bangladesh; UPI, SBI, Jio, Airtel and IRCTC for
/// West Bengal.
fn built_in_catalog(variant: Lang) -> Catalog {
    let regional = if variant == Lang::BN_IN {
        BUILT_IN_IN
    } else {
        BUILT_IN_BD
    };
    let services = [BUILT_IN_SERVICES, regional]
        .into_iter()
        .flat_map(|file| {
            toml::from_str::<RawServicesFile>(file)
                .expect("the built-in catalog is valid (checked by tests)")
                .services
        })
        .map(|raw| service(&raw))
        .collect::<Result<Vec<_>, _>>()
        .expect("the built-in catalog is valid (checked by tests)");
    known_alternatives(&services).expect("the built-in catalog is valid (checked by tests)");
    Catalog::new(services)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn no_env(_: &str) -> Option<String> {
        None
    }

    fn parse(text: &str) -> Result<Config, ConfigError> {
        Config::parse(text, Some(PathBuf::from("bot.toml")), &no_env)
    }

    #[test]
    fn defaults_serve_the_built_in_catalog() {
        let c = Config::parse("", None, &no_env).unwrap();
        assert_eq!(c.default_language, Lang::EN);
        assert_eq!(c.timezone, chrono_tz::Asia::Dhaka);
        assert_eq!(c.telegram.messages_per_second, 30);
        let ids: Vec<_> = c.catalog.iter().map(|s| s.id.to_string()).collect();
        assert_eq!(
            ids,
            [
                "whatsapp",
                "facebook",
                "messenger",
                "instagram",
                "youtube",
                "gmail",
                "bkash",
                "nagad",
                "rocket",
                "grameenphone",
                "robi"
            ]
        );
        assert!(
            c.catalog
                .iter()
                .all(|s| s.names.contains_key(&Lang::BN) && s.names.contains_key(&Lang::EN))
        );
        // A Kolkata deployment's catalog is West Bengal's.
        let kolkata = Config::parse("timezone = \"Asia/Kolkata\"", None, &no_env).unwrap();
        let ids: Vec<_> = kolkata.catalog.iter().map(|s| s.id.to_string()).collect();
        assert_eq!(
            ids[6..],
            ["upi", "sbi", "jio", "airtel", "irctc"],
            "after the shared six"
        );
    }

    #[test]
    fn the_contract_example_parses() {
        let c = parse(
            r#"
data_dir = "data"
default_language = "en"
timezone = "Asia/Dhaka"
admins = [123456789]

[telegram]
messages_per_second = 30

[http]
listen = "127.0.0.1:8080"

[[services]]
id = "whatsapp"
name = { en = "WhatsApp", bn = "হোয়াটসঅ্যাপ" }
"#,
        )
        .unwrap();
        assert!(c.is_admin(UserId(123456789)));
        assert_eq!(c.catalog.len(), 1);
        assert_eq!(c.http.unwrap().listen.port(), 8080);
    }

    #[test]
    fn mistakes_name_the_file_and_key() {
        let cases = [
            ("colour = 1", "unknown field `colour`"),
            ("timezone = \"Asia/Dhak\"", "timezone"),
            ("default_language = \"bengali\"", "default_language"),
            (
                "[telegram]\nmessages_per_second = 0",
                "telegram.messages_per_second",
            ),
            ("[http]\nlisten = \"port 80\"", "http.listen"),
            (
                "[[services]]\nid = \"Whats App\"\nname = { en = \"x\" }",
                "services[0].id",
            ),
            (
                "[[services]]\nid = \"a\"\nname = { english = \"x\" }",
                "services[0].name.english",
            ),
            ("admins = [-5]", "admins"),
            ("admins = \"me\"", "line 1"),
        ];
        for (text, key) in cases {
            let e = parse(text).unwrap_err().to_string();
            assert!(e.starts_with("bot.toml: "), "{e}");
            assert!(e.contains(key), "{text:?} gave {e}");
        }
    }

    #[test]
    fn probes_are_read_with_their_defaults() {
        let c = parse("[[services]]\nid = \"bkash\"\nname = { en = \"bKash\" }\nprobe = { url = \"https://x.example/health\", every = \"500ms\" }\n[[services]]\nid = \"db\"\nname = { en = \"DB\" }\nprobe = { tcp = \"db.example:5432\", timeout = \"2s\" }\n").unwrap();
        assert_eq!(c.probes.len(), 2);
        assert_eq!(c.probes[0].every, std::time::Duration::from_millis(500));
        assert_eq!(
            c.probes[0].target,
            ProbeTarget::Http {
                url: "https://x.example/health".into(),
                expect_status: 200
            }
        );
        assert_eq!(c.probes[1].timeout, std::time::Duration::from_secs(2));
        assert_eq!(c.probe_rule.fail_after, 3);
        let bad = parse("[[services]]\nid = \"a\"\nname = { en = \"A\" }\nprobe = { url = \"https://x\", every = \"often\" }\n").unwrap_err();
        assert!(bad.to_string().contains("services[0].probe.every"), "{bad}");
        let neither =
            parse("[[services]]\nid = \"a\"\nname = { en = \"A\" }\nprobe = { every = \"1s\" }\n")
                .unwrap_err();
        assert!(
            neither.to_string().contains("services[0].probe"),
            "{neither}"
        );
    }

    #[test]
    fn a_webhook_needs_the_http_listener_and_a_path_of_its_own() {
        let with = |webhook: &str, http: bool| {
            let http = if http {
                "[http]\nlisten = \"127.0.0.1:8080\"\n"
            } else {
                ""
            };
            parse(&format!("{http}[telegram]\nwebhook_url = \"{webhook}\"\n"))
        };
        let ok = with("https://bot.example.org/telegram", true).unwrap();
        assert_eq!(ok.webhook_url.unwrap().path(), "/telegram");
        for (url, http, says) in [
            ("https://bot.example.org/telegram", false, "[http] listen"),
            ("https://bot.example.org/metrics", true, "is the API's"),
            ("https://bot.example.org/api/v1/x", true, "is the API's"),
            ("https://bot.example.org/", true, "is the API's"),
            ("ftp://bot.example.org/telegram", true, "https://"),
            ("not a url", true, "is not a URL"),
        ] {
            let e = with(url, http).unwrap_err().to_string();
            assert!(
                e.contains("telegram.webhook_url") && e.contains(says),
                "{url}: {e}"
            );
        }
    }

    #[test]
    fn durations_are_bounded_and_never_wrap() {
        let service = |every: &str| {
            parse(&format!(
                "[[services]]\nid = \"a\"\nname = {{ en = \"A\" }}\nprobe = {{ url = \"https://x\", every = \"{every}\" }}\n"
            ))
        };
        assert_eq!(
            service("6h").unwrap().probes[0].every,
            std::time::Duration::from_secs(6 * 3600)
        );
        for bad in [
            "307445734561825861m",
            "18446744073709551616s",
            "2d",
            "0s",
            "10ms",
        ] {
            let e = service(bad).unwrap_err().to_string();
            assert!(e.contains("services[0].probe.every"), "{bad}: {e}");
        }
    }

    #[test]
    fn the_http_listener_can_be_set_or_turned_off_from_the_environment() {
        let on = |k: &str| (k == "OUTAGE_BOT_HTTP_LISTEN").then(|| "0.0.0.0:8080".to_owned());
        let c = Config::parse("", None, &on).unwrap();
        assert_eq!(c.http.unwrap().listen.port(), 8080);
        let off = |k: &str| (k == "OUTAGE_BOT_HTTP_LISTEN").then(String::new);
        let c = Config::parse("[http]\nlisten = \"127.0.0.1:1\"", None, &off).unwrap();
        assert!(c.http.is_none());
        let bad = |k: &str| (k == "OUTAGE_BOT_HTTP_LISTEN").then(|| "eight".to_owned());
        let e = Config::parse("", None, &bad).unwrap_err().to_string();
        assert!(e.contains("OUTAGE_BOT_HTTP_LISTEN"), "{e}");
    }

    #[test]
    fn environment_overrides_the_file() {
        let env = |k: &str| match k {
            "OUTAGE_BOT_DATA_DIR" => Some("/var/lib/bot".to_owned()),
            "OUTAGE_BOT_ADMINS" => Some("11, 22".to_owned()),
            _ => None,
        };
        let c = Config::parse("data_dir = \"x\"\nadmins = [1]", None, &env).unwrap();
        assert_eq!(c.data_dir, PathBuf::from("/var/lib/bot"));
        assert_eq!(c.admins, BTreeSet::from([UserId(11), UserId(22)]));
        let bad = |k: &str| (k == "OUTAGE_BOT_ADMINS").then(|| "11,abc".to_owned());
        assert!(
            Config::parse("", None, &bad)
                .unwrap_err()
                .to_string()
                .contains("OUTAGE_BOT_ADMINS")
        );
    }

    #[test]
    fn an_alternative_must_be_a_service_of_the_catalog() {
        let parse = |alternatives: &str| {
            Config::parse(
                &format!(
                    "[[services]]\nid = \"a\"\nname = {{ en = \"A\" }}\nalternatives = {alternatives}\n\n[[services]]\nid = \"b\"\nname = {{ en = \"B\" }}\n"
                ),
                None,
                &|_| None,
            )
        };
        assert_eq!(
            parse("[\"b\"]")
                .unwrap()
                .catalog
                .iter()
                .next()
                .unwrap()
                .alternatives
                .len(),
            1
        );
        let unknown = parse("[\"c\"]").unwrap_err().to_string();
        assert!(
            unknown.contains("services[0].alternatives: no service `c`"),
            "{unknown}"
        );
        let itself = parse("[\"a\"]").unwrap_err().to_string();
        assert!(itself.contains("cannot be its own alternative"), "{itself}");
    }

    #[test]
    fn report_places_are_offered_by_language_and_named_ids_must_exist() {
        let config = Config::parse(
            "[reports]\nnetworks = { en = [\"robi\", \"jio\"] }\n\n[[reports.places]]\nkind = \"area\"\nid = \"cumilla\"\nname = { en = \"Cumilla\", bn = \"কুমিল্লা\" }\nlocative = { bn = \"কুমিল্লায়\" }\n",
            None,
            &|_| None,
        )
        .unwrap();
        let places = &config.report_places;
        assert_eq!(
            places.offered(Lang::EN, PlaceKind::Network),
            ["robi", "jio"]
        );
        // English areas stay the region's; Dhaka's Bengali keeps its own lists.
        assert_eq!(places.offered(Lang::EN, PlaceKind::Area)[0], "dhaka");
        assert_eq!(
            places.offered(Lang::BN_BD, PlaceKind::Network)[0],
            "grameenphone"
        );
        assert_eq!(places.offered(Lang::BN_IN, PlaceKind::Area)[0], "kolkata");
        assert_eq!(
            places.locative(PlaceKind::Area, "cumilla", Lang::BN_BD),
            "কুমিল্লায়"
        );
        assert_eq!(
            places.locative(PlaceKind::Area, "dhaka", Lang::BN_IN),
            "ঢাকায়"
        );
        let wrong = Config::parse(
            "[reports]\nareas = { bn-BD = [\"atlantis\"] }\n",
            None,
            &|_| None,
        )
        .unwrap_err()
        .to_string();
        assert!(
            wrong.contains("reports.areas.bn-BD: no area `atlantis`"),
            "{wrong}"
        );
    }
}
