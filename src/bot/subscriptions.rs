//! Purpose: `/services`, `/subscribe`, `/unsubscribe`, `/mysubs`, `/stop` and the
//! subscribe/unsubscribe buttons.

use super::{Ctx, Failure, Handled};
use crate::button_press::ButtonPress;
use crate::domain::{Service, ServiceId};
use crate::i18n::Msg;
use crate::outbound::Reply;
use crate::outbound::{Button, Content};
use anyhow::Context;

/// The words that mean every subscription in `/unsubscribe all`.
const ALL: &[&str] = &["all", "সব", "সবগুলো"];
/// What the "all of them" button sends.
const ALL_BUTTON: &str = "all";

/// Looks up every name (one of several words too: «স্টেট ব্যাঙ্ক»); any unknown one
/// fails the whole command, so nothing changes.
fn lookup_all<'c>(ctx: &'c Ctx<'_>, typed: &[String]) -> Result<Vec<&'c Service>, Failure> {
    let mut services: Vec<&Service> = Vec::new();
    // Within a comma's group, the words of a name of several words are put together.
    let names = typed.iter().flat_map(|group| {
        let words: Vec<String> = group.split_whitespace().map(str::to_owned).collect();
        ctx.core.config.catalog.join_names(&words)
    });
    for name in &names.collect::<Vec<_>>() {
        let service = ctx.service(name)?;
        if !services.iter().any(|s| s.id == service.id) {
            services.push(service);
        }
    }
    Ok(services)
}

/// Names in the chat's language, in catalog order, joined for a sentence.
fn names(ctx: &Ctx<'_>, ids: &[ServiceId]) -> String {
    ctx.core.i18n.service_list(ctx.lang, ids).0
}

/// The names as a list, and as a list with its last name in the genitive, as `$names`
/// and `$names_gen`.
fn with_names(msg: Msg, ctx: &Ctx<'_>, ids: &[ServiceId]) -> Msg {
    let (names, genitive) = ctx.core.i18n.service_list(ctx.lang, ids);
    msg.num("count", ids.len())
        .text("names", names)
        .text("names_gen", genitive)
}

/// One line per known service: its state, its name, what to type.
pub fn services(ctx: &Ctx<'_>) -> Handled {
    let subscribed = ctx
        .core
        .store
        .subscriptions(ctx.chat)
        .context("reading the chat's subscriptions")?;
    let now = ctx.core.clock.now();
    let under_maintenance: Vec<_> = ctx
        .core
        .maintenance
        .active()?
        .into_iter()
        .filter(|w| w.holds_alarms_at(now))
        .map(|w| w.service)
        .collect();
    let mut lines = vec![ctx.render(&Msg::new("services-heading"))];
    for service in ctx.core.config.catalog.iter() {
        let state = match ctx
            .core
            .store
            .open_incident(&service.id)
            .context("reading a service's state for /services")?
        {
            Some(incident) => incident.severity.key(),
            None if under_maintenance.contains(&service.id) => "maintenance",
            None => "operational",
        };
        lines.push(
            ctx.render(
                &Msg::new("services-line")
                    .key("state", state)
                    .service("name", &service.id)
                    .text("id", service.id.as_str())
                    .flag("subscribed", subscribed.contains(&service.id)),
            ),
        );
    }
    lines.push(String::new());
    let example = ctx
        .core
        .config
        .catalog
        .iter()
        .last()
        .map(|s| s.name(ctx.lang).to_owned())
        .unwrap_or_default();
    lines.push(ctx.render(&Msg::new("services-footer").text("example", example)));
    Ok(ctx.reply_long(&lines.join("\n")))
}

/// Subscribes and says what changed; shared by `/subscribe`, `/start sub_…` and buttons.
pub async fn subscribe_ids(ctx: &Ctx<'_>, ids: &[ServiceId]) -> Result<String, Failure> {
    let added = match ctx.core.store.subscribe(ctx.chat, ids).await {
        Ok(added) => added,
        Err(crate::store::StoreError::TooManySubscriptions { most }) => {
            return Err(Failure::User(
                Msg::new("error-too-many-subscriptions").num("most", most),
            ));
        }
        Err(e) => {
            return Err(anyhow::Error::from(e)
                .context("saving new subscriptions")
                .into());
        }
    };
    let already: Vec<ServiceId> = ids
        .iter()
        .filter(|id| !added.contains(id))
        .cloned()
        .collect();
    let mut parts = Vec::new();
    if !added.is_empty() {
        parts.push(ctx.render(&with_names(Msg::new("subscribed"), ctx, &added)));
    }
    if !already.is_empty() {
        parts.push(ctx.render(&with_names(Msg::new("already-subscribed"), ctx, &already)));
    }
    Ok(parts.join("\n"))
}

pub async fn subscribe(ctx: &Ctx<'_>, typed: &[String]) -> Handled {
    if typed.is_empty() {
        return Ok(vec![subscribe_menu(ctx, None)?]);
    }
    let ids: Vec<ServiceId> = lookup_all(ctx, typed)?
        .into_iter()
        .map(|s| s.id.clone())
        .collect();
    let text = subscribe_ids(ctx, &ids).await?;
    Ok(vec![ctx.reply_content(Content::text(text))])
}

pub async fn unsubscribe(ctx: &Ctx<'_>, typed: &[String]) -> Handled {
    if typed.is_empty() {
        return Ok(vec![unsubscribe_menu(ctx, None)?]);
    }
    let ids: Vec<ServiceId> =
        if typed.len() == 1 && ALL.iter().any(|a| typed[0].eq_ignore_ascii_case(a)) {
            ctx.core
                .store
                .subscriptions(ctx.chat)
                .context("reading the chat's subscriptions")?
        } else {
            lookup_all(ctx, typed)?
                .into_iter()
                .map(|s| s.id.clone())
                .collect()
        };
    let text = unsubscribe_ids(ctx, &ids).await?;
    Ok(vec![ctx.reply_content(Content::text(text))])
}

async fn unsubscribe_ids(ctx: &Ctx<'_>, ids: &[ServiceId]) -> Result<String, Failure> {
    if ids.is_empty() {
        return Ok(ctx.render(&Msg::new("not-subscribed-any")));
    }
    let removed = ctx
        .core
        .store
        .unsubscribe(ctx.chat, ids)
        .await
        .context("cancelling subscriptions")?;
    if removed.is_empty() {
        // "You weren't subscribed to WhatsApp or Robi": none of them, not both.
        let msg = with_names(Msg::new("not-subscribed"), ctx, ids)
            .text("names_or", ctx.core.i18n.service_list_or(ctx.lang, ids));
        return Ok(ctx.render(&msg));
    }
    Ok(ctx.render(&with_names(Msg::new("unsubscribed"), ctx, &removed)))
}

pub fn my_subscriptions(ctx: &Ctx<'_>) -> Handled {
    let ids = ctx
        .core
        .store
        .subscriptions(ctx.chat)
        .context("reading the chat's subscriptions")?;
    let msg = if ids.is_empty() {
        Msg::new("mysubs-none")
    } else {
        with_names(Msg::new("mysubs"), ctx, &ids)
    };
    Ok(vec![ctx.reply(&msg)])
}

/// Forgets the chat entirely; the goodbye is in the language it had.
pub async fn stop(ctx: &Ctx<'_>) -> Handled {
    let removed = ctx
        .core
        .store
        .forget_chat(ctx.chat)
        .await
        .context("forgetting the chat for /stop")?;
    Ok(vec![
        ctx.reply(&Msg::new("stopped").num("count", removed.len())),
    ])
}

/// Buttons for the services this chat does not have yet.
fn subscribe_menu(ctx: &Ctx<'_>, edit: Option<(i32, String)>) -> Result<Reply, Failure> {
    let have = ctx
        .core
        .store
        .subscriptions(ctx.chat)
        .context("reading the chat's subscriptions")?;
    let buttons: Vec<Button> = ctx
        .core
        .config
        .catalog
        .iter()
        .filter(|s| !have.contains(&s.id))
        .map(|s| {
            ctx.button(
                s.name(ctx.lang).to_owned(),
                ButtonPress::Subscribe(s.id.to_string()),
            )
        })
        .collect();
    let prompt = ctx.render(&Msg::new(if buttons.is_empty() {
        "subscribe-menu-empty"
    } else {
        "subscribe-menu"
    }));
    Ok(menu_reply(ctx, edit, prompt, buttons))
}

/// Buttons for the services this chat has, and one for all of them.
fn unsubscribe_menu(ctx: &Ctx<'_>, edit: Option<(i32, String)>) -> Result<Reply, Failure> {
    let have = ctx
        .core
        .store
        .subscriptions(ctx.chat)
        .context("reading the chat's subscriptions")?;
    // In the catalog's order, as `/services` lists them; a service the catalog no
    // longer has goes last.
    let catalog = &ctx.core.config.catalog;
    let mut have: Vec<_> = have.iter().collect();
    have.sort_by_key(|id| {
        catalog
            .iter()
            .position(|s| s.id == **id)
            .unwrap_or(usize::MAX)
    });
    let mut buttons: Vec<Button> = have
        .into_iter()
        .map(|id| {
            ctx.button(
                names(ctx, std::slice::from_ref(id)),
                ButtonPress::Unsubscribe(id.to_string()),
            )
        })
        .collect();
    if buttons.len() > 1 {
        buttons.push(ctx.button(
            ctx.render(&Msg::new("unsubscribe-all-button")),
            ButtonPress::Unsubscribe(ALL_BUTTON.to_owned()),
        ));
    }
    let prompt = ctx.render(&Msg::new(if buttons.is_empty() {
        "mysubs-none"
    } else {
        "unsubscribe-menu"
    }));
    Ok(menu_reply(ctx, edit, prompt, buttons))
}

/// A menu message, two buttons a row; when editing, the outcome stands above the prompt.
fn menu_reply(
    ctx: &Ctx<'_>,
    edit: Option<(i32, String)>,
    prompt: String,
    buttons: Vec<Button>,
) -> Reply {
    let rows = buttons.chunks(2).map(<[Button]>::to_vec).collect();
    let (edit, text) = match edit {
        Some((message_id, outcome)) => (Some(message_id), format!("{outcome}\n\n{prompt}")),
        None => (None, prompt),
    };
    Reply {
        chat: ctx.chat,
        content: Content::with_buttons(text, rows),
        edit,
    }
}

pub async fn press_subscribe(ctx: &Ctx<'_>, id: &str, message_id: i32) -> Handled {
    let service = ctx.service(id)?.id.clone();
    let outcome = subscribe_ids(ctx, &[service]).await?;
    Ok(vec![subscribe_menu(ctx, Some((message_id, outcome)))?])
}

pub async fn press_unsubscribe(ctx: &Ctx<'_>, id: &str, message_id: i32) -> Handled {
    let ids = if id == ALL_BUTTON {
        ctx.core
            .store
            .subscriptions(ctx.chat)
            .context("reading the chat's subscriptions")?
    } else {
        vec![ctx.service(id)?.id.clone()]
    };
    let outcome = unsubscribe_ids(ctx, &ids).await?;
    Ok(vec![unsubscribe_menu(ctx, Some((message_id, outcome)))?])
}
