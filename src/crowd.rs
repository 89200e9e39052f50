//! Crowd reports, whichever door they come in by (a chat's `/report`, a website's
//! `POST /api/v1/reports`): what the admins are told when reports surge — the split by
//! network and area and the last two hours as a line, with one-tap "declare outage" —
//! or, when most reports of several services come from one network, the network's
//! outage to declare instead.

use anyhow::Context;
use chrono::{DateTime, Duration, Utc};

use crate::button_press::ButtonPress;
use crate::config::Config;
use crate::domain::report::{bucket_of, bucket_start, network_cluster, sparkline};
use crate::domain::{CrowdCounts, Lang, PlaceKind, ServiceId};
use crate::i18n::{I18n, Msg};
use crate::outbound::{Button, Content, Reply};
use crate::store::Store;

/// How far back the admins' alert draws its line of reports.
const SPARKLINE_SPAN: Duration = Duration::hours(2);

/// The reports of `service` in the window, by network and area, and the last two
/// hours as a line: what the admins need to judge an alert.
pub async fn alert_admins(
    store: &Store,
    config: &Config,
    i18n: &I18n,
    service: &ServiceId,
    reporters: u32,
    usual: Option<f64>,
    now: DateTime<Utc>,
) -> anyhow::Result<Vec<Reply>> {
    // Already declared: the reports are the outage's, not news to the admins.
    if store
        .open_incident(service)
        .context("reading the open incident for an alert")?
        .is_some()
    {
        return Ok(Vec::new());
    }
    let window = config.reports.window;
    let in_window = |service: &ServiceId| {
        store
            .crowd_counts(service, now - window)
            .context("reading the reports in the window")
    };
    let counts = in_window(service)?;
    // Several services at once, each with reports enough to alert and most of them
    // from one network: the network, not them. Once per window; after that, each
    // service's own alert.
    if counts.dominant_network().is_some() {
        let mut all = Vec::new();
        for other in config.catalog.iter() {
            let counts = in_window(&other.id)?;
            if counts.total >= config.reports.threshold {
                all.push((other.id.clone(), counts));
            }
        }
        if let Some((network, services)) =
            network_cluster(all.iter().map(|(id, counts)| (id, counts)))
            && services.contains(service)
            && store
                .claim_network_alert(&network, now, &config.reports)
                .await
                .context("noting a network's alert")?
        {
            return Ok(network_alert(
                config, i18n, store, &network, &services, &all,
            ));
        }
    }
    let history: Vec<u32> = {
        let first = bucket_of(now - SPARKLINE_SPAN) + 1;
        let mut line = vec![0u32; (bucket_of(now) - first + 1).max(0) as usize];
        for each in store
            .report_buckets(service, bucket_start(first))
            .context("reading the last two hours of reports")?
        {
            if let Some(slot) = line.get_mut((each.bucket - first) as usize) {
                *slot += each.count;
            }
        }
        line
    };
    let admins = crate::delivery::messenger::admin_chats(&config.admins, store, i18n);
    let mut replies = Vec::new();
    for (chat, lang) in admins {
        let split = |kind: PlaceKind, map| {
            let items: Vec<String> = CrowdCounts::top(map, 4)
                .into_iter()
                .map(|(id, n)| {
                    i18n.render(
                        lang,
                        &Msg::new("report-split-item")
                            .text("place", config.report_places.name(kind, id, lang))
                            .num("count", n),
                    )
                })
                .collect();
            match items.is_empty() {
                true => i18n.render(lang, &Msg::new("report-split-none")),
                false => i18n.list(lang, &items),
            }
        };
        let alert = Msg::new("report-alert")
            .service("service", service)
            .text("id", service.as_str())
            .num("count", reporters)
            .num("minutes", window.num_minutes())
            .key(
                "usual",
                match usual.map(f64::round) {
                    None => "none",
                    Some(n) if n < 1.0 => "nobody",
                    Some(_) => "some",
                },
            )
            .num("usual_count", usual.unwrap_or(0.0).round() as i64)
            .text("networks", split(PlaceKind::Network, &counts.by_network))
            .text("areas", split(PlaceKind::Area, &counts.by_area))
            .text("sparkline", sparkline(&history));
        replies.push(Reply {
            chat,
            content: Content::with_buttons(
                i18n.render(lang, &alert),
                declare_buttons(i18n, lang, service),
            ),
            edit: None,
        });
    }
    Ok(replies)
}

/// "Declare outage" and "Dismiss" for `service`.
fn declare_buttons(i18n: &I18n, lang: Lang, service: &ServiceId) -> Vec<Vec<Button>> {
    let button = |label: &'static str, press: ButtonPress| {
        Button::press(i18n.render(lang, &Msg::new(label)), press.data())
    };
    vec![vec![
        button(
            "report-declare-button",
            ButtonPress::Declare(service.to_string()),
        ),
        button(
            "report-dismiss-button",
            ButtonPress::Dismiss(service.to_string()),
        ),
    ]]
}

/// The admins hear once per window that one network's users report several services:
/// the outage to declare, if the catalog has the network, is the network's.
fn network_alert(
    config: &Config,
    i18n: &I18n,
    store: &Store,
    network: &str,
    services: &[ServiceId],
    counts: &[(ServiceId, CrowdCounts)],
) -> Vec<Reply> {
    let window = config.reports.window;
    let network_service = ServiceId::parse(network)
        .ok()
        .filter(|id| config.catalog.get(id).is_some());
    let admins = crate::delivery::messenger::admin_chats(&config.admins, store, i18n);
    let mut replies = Vec::new();
    for (chat, lang) in admins {
        let items: Vec<String> = services
            .iter()
            .map(|service| {
                let reports = counts
                    .iter()
                    .find(|(id, _)| id == service)
                    .and_then(|(_, c)| c.by_network.get(network).copied())
                    .unwrap_or(0);
                i18n.render(
                    lang,
                    &Msg::new("report-split-item")
                        .text(
                            "place",
                            config
                                .catalog
                                .get(service)
                                .map_or(service.as_str(), |s| s.name(lang)),
                        )
                        .num("count", reports),
                )
            })
            .collect();
        let alert = Msg::new("report-network-alert")
            .text(
                "network",
                config.report_places.name(PlaceKind::Network, network, lang),
            )
            .num("minutes", window.num_minutes())
            .text("services", i18n.list(lang, &items))
            .flag("declarable", network_service.is_some());
        let buttons = match &network_service {
            Some(id) => declare_buttons(i18n, lang, id),
            None => Vec::new(),
        };
        replies.push(Reply {
            chat,
            content: Content::with_buttons(i18n.render(lang, &alert), buttons),
            edit: None,
        });
    }
    replies
}
