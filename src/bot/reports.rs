//! Purpose: `/report <service>` — "it's down for me": counted once per user per window,
//! answered at once with how many others report it and from where («is it WhatsApp or
//! is it me?»), with two optional rows of buttons to say which network and which area;
//! a surge above the usual for the hour of the week alerts every admin once per window,
//! with the split and the last two hours, or, when most reports of several services
//! come from one network, proposes an outage of that network instead.

use super::command::CommandName;
use super::{Ctx, Failure, Handled, usage};
use crate::button_press::ButtonPress;
use crate::domain::report::{RECENT, bucket_of, bucket_start};
use crate::domain::{
    CrowdCounts, Lang, NoticeText, PlaceKind, ReportOutcome, ReportPlace, ServiceId, Severity,
    Source, Spread,
};
use crate::i18n::{Arg, Msg};
use crate::outbound::{Button, Content, Reply};
use crate::store::Reporter;
use anyhow::Context;

/// How many others must have reported before the answer says it is the service.
const FEW_TO_BLAME: u32 = 5;

pub async fn report(ctx: &Ctx<'_>, typed: Option<&str>) -> Handled {
    let Some(typed) = typed else {
        return Err(usage(CommandName::Report));
    };
    let service = ctx.service(typed)?.id.clone();
    let core = ctx.core;
    let now = core.clock.now();
    let recorded = core
        .store
        .record_report(
            &service,
            Reporter::User(ctx.user),
            now,
            &core.config.reports,
        )
        .await
        .context("recording a report")?;
    let again = recorded.outcome == ReportOutcome::AlreadyCounted;
    let mut replies = vec![answer(ctx, &service, again, None)?];
    if let ReportOutcome::Alert { reporters } = recorded.outcome {
        tracing::warn!(service = %service, reporters, "crowd reports crossed the threshold");
        replies.extend(
            crate::crowd::alert_admins(
                &core.store,
                &core.config,
                &core.i18n,
                &service,
                reporters,
                recorded.usual,
                now,
            )
            .await
            .context("telling the admins of a surge of reports")?,
        );
    }
    Ok(replies)
}

/// A tap on a network or an area under the answer: the report moves there, and the
/// answer is written again with what that changes.
pub async fn place(
    ctx: &Ctx<'_>,
    service: &str,
    kind: PlaceKind,
    id: &str,
    message_id: i32,
) -> Handled {
    let service = ctx.service(service)?.id.clone();
    let core = ctx.core;
    if !core.config.report_places.knows(kind, id) {
        return Err(Failure::User(Msg::new("report-place-gone")));
    }
    let placed = core
        .store
        .place_report(
            &service,
            ctx.user,
            kind,
            id.to_owned(),
            core.clock.now(),
            &core.config.reports,
        )
        .await
        .context("recording where a report came from")?;
    if placed.is_none() {
        return Ok(vec![
            ctx.reply(
                &Msg::new("report-place-expired")
                    .service("service", &service)
                    .text("id", service.as_str()),
            ),
        ]);
    }
    Ok(vec![answer(ctx, &service, false, Some(message_id))?])
}

/// The reporter's answer as things stand: the open incident, or how many others
/// reported in the last 15 minutes and what that suggests; then the buttons to say where
/// from, and to pass the word on.
fn answer(
    ctx: &Ctx<'_>,
    service: &ServiceId,
    again: bool,
    edit: Option<i32>,
) -> Result<Reply, Failure> {
    let core = ctx.core;
    let now = core.clock.now();
    let places = &core.config.report_places;
    let (mine_at, mine) = core
        .store
        .report_of(service, ctx.user)
        .context("reading a reporter's report")?
        .unwrap_or((now, ReportPlace::default()));
    let since = bucket_start(bucket_of(now - RECENT));
    let counts = core
        .store
        .crowd_counts(service, since)
        .context("reading the recent reports")?;
    // The reader's own report is not one of the others.
    let others = if mine_at >= since {
        counts.without(&mine)
    } else {
        counts
    };
    let subscribed = core
        .store
        .subscriptions(ctx.chat)
        .context("reading a reporter's subscriptions")?
        .contains(service);
    let open = core
        .store
        .open_incident(service)
        .context("reading the open incident for a report")?;
    // Off on purpose: said so, rather than counting others as if it had failed.
    let maintenance = match open {
        Some(_) => None,
        None => core
            .store
            .maintenance_running(service, now)
            .context("reading the maintenance running for a report")?,
    };
    let mut parts = Vec::new();
    if again {
        parts.push(
            ctx.render(
                &Msg::new("report-already")
                    .service("service", service)
                    .num("window", core.config.reports.window.num_minutes()),
            ),
        );
    }
    parts.push(
        ctx.render(&match (&open, &maintenance) {
            (None, Some(window)) => Msg::new("report-maintenance")
                .service("service", service)
                .flag("subscribed", subscribed)
                .arg("zone", Arg::ZoneName)
                .arg("until", Arg::Time(window.ends)),
            (Some(incident), _) => Msg::new("report-known")
                .service("service", service)
                .text("id", service.as_str())
                .flag("subscribed", subscribed)
                .num("others", others.total)
                .arg("others_words", in_words(others.total))
                .num("minutes", RECENT.num_minutes())
                .key("severity", incident.severity.key())
                .arg("since", Arg::Time(incident.started_at))
                // Down since it went down, not since the trouble before it began, nor
                // since it first went down when it was partly back in between.
                .arg(
                    "down_since",
                    Arg::Time(
                        incident
                            .latest_change()
                            .map_or(incident.started_at, |(_, at)| at),
                    ),
                ),
            (None, None) => crowd_msg(ctx.lang, places, service, &others),
        }),
    );
    let said = [mine.network.as_deref(), mine.area.as_deref()];
    match said {
        [Some(network), Some(area)] => parts.push(
            ctx.render(
                &Msg::new("report-place-said")
                    .text(
                        "network",
                        places.name(PlaceKind::Network, network, ctx.lang),
                    )
                    .text("area", places.name(PlaceKind::Area, area, ctx.lang)),
            ),
        ),
        // Off on purpose: which network says nothing then.
        _ if !ctx.chat_kind.is_shared() && maintenance.is_none() => {
            parts.push(ctx.render(&Msg::new("report-where")))
        }
        _ => {}
    }
    let mut rows = Vec::new();
    // In a group a tap would be refused to all but its administrators: the rows are for
    // a private chat, and for a service that may be failing (not one off on purpose).
    let offered = if ctx.chat_kind.is_shared() || maintenance.is_some() {
        Vec::new()
    } else {
        vec![
            (PlaceKind::Network, &mine.network, 3),
            (PlaceKind::Area, &mine.area, 4),
        ]
    };
    for (kind, chosen, per_row) in offered {
        let buttons: Vec<Button> = places
            .offered(ctx.lang, kind)
            .iter()
            .map(|id| {
                let name = places.name(kind, id, ctx.lang);
                let label = match chosen.as_deref() == Some(id.as_str()) {
                    true => format!("✓ {name}"),
                    false => name.to_owned(),
                };
                ctx.button(
                    label,
                    ButtonPress::Place {
                        service: service.to_string(),
                        kind,
                        id: id.clone(),
                    },
                )
            })
            .collect();
        rows.extend(buttons.chunks(per_row).map(<[Button]>::to_vec));
    }
    let mut last = Vec::new();
    if let Some(share) = share_button(ctx, service) {
        last.push(share);
    }
    if (open.is_some() || maintenance.is_some()) && !subscribed {
        last.push(ctx.button(
            ctx.render(&Msg::new("report-subscribe-button")),
            ButtonPress::Subscribe(service.to_string()),
        ));
    }
    if !last.is_empty() {
        rows.push(last);
    }
    Ok(Reply {
        chat: ctx.chat,
        content: Content::with_buttons(parts.join("\n\n"), rows),
        edit,
    })
}

/// A count of people as English prose says it: one to nine in words, then digits.
fn in_words(count: u32) -> Arg {
    Arg::in_words(count, Arg::Number(i64::from(count)))
}

/// What the others' reports say, in the reader's words.
fn crowd_msg(
    lang: Lang,
    places: &crate::domain::ReportPlaces,
    service: &ServiceId,
    others: &CrowdCounts,
) -> Msg {
    let spread = others.spread();
    let every_network = {
        let offered = places.offered(lang, PlaceKind::Network);
        !offered.is_empty() && offered.iter().all(|n| others.by_network.contains_key(n))
    };
    let (verdict, network) = match &spread {
        Spread::MostlyOn(network) => ("network", network.as_str()),
        _ if others.total >= FEW_TO_BLAME || spread == Spread::Wide => ("service", ""),
        _ => ("unsure", ""),
    };
    let spread_key = match spread {
        Spread::Wide if every_network && others.by_area.len() >= 2 => "everywhere",
        Spread::Wide => "wide",
        Spread::MostlyOn(_) | Spread::Unsaid => "unsaid",
    };
    Msg::new("report-crowd")
        .service("service", service)
        .num("others", others.total)
        .arg("others_words", in_words(others.total))
        .num("minutes", RECENT.num_minutes())
        .key("spread", spread_key)
        .key("verdict", verdict)
        .text("network", places.name(PlaceKind::Network, network, lang))
}

/// Telegram's share link with the bot's deep link, when the bot knows its name.
pub fn share_button(ctx: &Ctx<'_>, service: &ServiceId) -> Option<Button> {
    let bot = ctx.core.bot_username.as_deref()?;
    Some(Button::share(
        ctx.render(&Msg::new("share-button")),
        bot,
        service,
        &ctx.render(&Msg::new("share-invite").service("service", service)),
    ))
}

/// The crowd-report alert after an admin acted on it: the outcome, no more buttons.
fn settled(ctx: &Ctx<'_>, message_id: i32, msg: &Msg) -> Reply {
    Reply {
        chat: ctx.chat,
        content: Content::text(ctx.render(msg)),
        edit: Some(message_id),
    }
}

/// "Declare outage" on a crowd-report alert: opens the incident and notifies subscribers.
pub async fn declare(ctx: &Ctx<'_>, id: &str, message_id: i32) -> Handled {
    let service = ctx.service(id)?.id.clone();
    let report_to = ctx.report_to();
    let outcome = ctx
        .core
        .desk
        .raise(
            &service,
            Severity::MajorOutage,
            NoticeText::default(),
            Source::Crowd(ctx.user),
            report_to,
        )
        .await;
    let msg = match outcome.map_err(Failure::from) {
        Ok(posted) => Msg::new("report-declared")
            .service("service", &service)
            .num("count", posted.subscribers),
        // The outcome replaces the buttons, even when it is a refusal.
        Err(Failure::User(refusal)) => refusal,
        Err(internal) => return Err(internal),
    };
    Ok(vec![settled(ctx, message_id, &msg)])
}

/// "Dismiss" on a crowd-report alert: nothing is posted.
pub fn dismiss(ctx: &Ctx<'_>, id: &str, message_id: i32) -> Handled {
    let service = ctx.service(id)?.id.clone();
    Ok(vec![settled(
        ctx,
        message_id,
        &Msg::new("report-dismissed").service("service", &service),
    )])
}
