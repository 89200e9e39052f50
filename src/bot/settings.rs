//! `/settings`, `/quiet` and `/only`: how a chat hears notices — quietly at night, only
//! about full outages, with or without planned maintenance — shown in its language with
//! buttons, and changed by button or by command (in a group, by its administrators).

use anyhow::Context;

use super::arguments::{OnlyChoice, QuietChoice};
use super::{Ctx, Failure, Handled, usage};
use crate::button_press::{ButtonPress, PreferenceChange};
use crate::domain::{ChatSettings, Preferences, QuietHours};
use crate::i18n::Msg;
use crate::i18n::clock_text::clock_msg;
use crate::outbound::{Content, Reply};

/// The quiet hours the button turns on: the night, as most people sleep it.
const NIGHT: QuietHours = QuietHours {
    from: 22 * 60,
    to: 7 * 60,
};

/// A minute of the day as the reader's clock says it («রাত ১০টা», "10:00 pm"), with the
/// small hours named as their notices name them (Kolkata's «ভোর ৩টা», Dhaka's «রাত ৩টা»).
fn clock(ctx: &Ctx<'_>, minute: u16) -> Msg {
    let at =
        chrono::DateTime::<chrono::Utc>::UNIX_EPOCH + chrono::Duration::minutes(i64::from(minute));
    let day_starts_at = ctx.core.i18n.reading(ctx.lang).day_starts_at;
    clock_msg(at.with_timezone(&chrono_tz::UTC), day_starts_at)
}

/// Quiet hours as a message argument pair.
fn quiet_msg(ctx: &Ctx<'_>, id: &'static str, quiet: QuietHours) -> Msg {
    Msg::new(id)
        .msg("from", clock(ctx, quiet.from))
        .msg("to", clock(ctx, quiet.to))
}

/// The chat's preferences as it has them now.
fn current(ctx: &Ctx<'_>) -> Result<Preferences, Failure> {
    Ok(ctx
        .core
        .store
        .chat(ctx.chat)
        .context("reading the chat's preferences")?
        .map(|s| s.preferences)
        .unwrap_or_default())
}

/// The panel: each preference on a line, a button to change each, and the commands.
fn panel(ctx: &Ctx<'_>, preferences: Preferences, edit: Option<i32>) -> Reply {
    let quiet = match preferences.quiet {
        Some(quiet) => quiet_msg(ctx, "settings-quiet", quiet).key("quiet", "on"),
        None => Msg::new("settings-quiet").key("quiet", "off"),
    };
    let on_off = |on| if on { "on" } else { "off" };
    let lines = [
        Msg::new("settings-heading"),
        quiet,
        Msg::new("settings-only").key("only", on_off(preferences.only_outages)),
        Msg::new("settings-maintenance").key("announced", on_off(preferences.maintenance)),
        Msg::new("settings-footer"),
    ];
    let text = lines
        .iter()
        .map(|m| ctx.render(m))
        .collect::<Vec<_>>()
        .join("\n");
    let button = |msg: Msg, change: PreferenceChange| {
        vec![ctx.button(ctx.render(&msg), ButtonPress::Preference(change))]
    };
    let buttons = vec![
        match preferences.quiet {
            Some(_) => button(
                Msg::new("settings-button-quiet-off"),
                PreferenceChange::QuietOff,
            ),
            None => button(
                quiet_msg(ctx, "settings-button-quiet-night", NIGHT),
                PreferenceChange::QuietNight,
            ),
        },
        if preferences.only_outages {
            button(Msg::new("settings-button-all"), PreferenceChange::OnlyAll)
        } else {
            button(
                Msg::new("settings-button-only-outages"),
                PreferenceChange::OnlyOutages,
            )
        },
        if preferences.maintenance {
            button(
                Msg::new("settings-button-maintenance-off"),
                PreferenceChange::MaintenanceOff,
            )
        } else {
            button(
                Msg::new("settings-button-maintenance-on"),
                PreferenceChange::MaintenanceOn,
            )
        },
    ];
    Reply {
        chat: ctx.chat,
        content: Content::with_buttons(text, buttons),
        edit,
    }
}

pub fn settings(ctx: &Ctx<'_>) -> Handled {
    Ok(vec![panel(ctx, current(ctx)?, None)])
}

/// Changes the chat's preferences and returns them.
async fn change(
    ctx: &Ctx<'_>,
    change: impl FnOnce(&mut Preferences) + Send + 'static,
) -> Result<Preferences, Failure> {
    Ok(ctx
        .core
        .store
        .change_preferences(
            ctx.chat,
            ChatSettings::new(ctx.chat_kind, ctx.telegram_lang.as_deref()),
            change,
        )
        .await
        .context("saving the chat's preferences")?)
}

/// `/quiet 22:00-07:00` or `/quiet off`.
pub async fn quiet(ctx: &Ctx<'_>, hours: Option<&str>) -> Handled {
    let Some(typed) = hours else {
        return Err(usage(super::command::CommandName::Quiet));
    };
    let wanted = match QuietChoice::parse(typed) {
        Some(QuietChoice::Off) => None,
        Some(QuietChoice::Hours(hours)) => Some(hours),
        None => {
            return Err(Failure::User(
                Msg::new("error-quiet-hours").text("typed", super::echo(typed.trim())),
            ));
        }
    };
    change(ctx, move |p| p.quiet = wanted).await?;
    let msg = match wanted {
        Some(quiet) => quiet_msg(ctx, "quiet-set", quiet),
        None => Msg::new("quiet-off"),
    };
    Ok(vec![ctx.reply(&msg)])
}

/// `/only outages` or `/only all`.
pub async fn only(ctx: &Ctx<'_>, choice: Option<&str>) -> Handled {
    let Some(typed) = choice else {
        return Err(usage(super::command::CommandName::Only));
    };
    let only_outages = match OnlyChoice::parse(typed) {
        Some(OnlyChoice::Outages) => true,
        Some(OnlyChoice::All) => false,
        None => return Err(usage(super::command::CommandName::Only)),
    };
    change(ctx, move |p| p.only_outages = only_outages).await?;
    Ok(vec![ctx.reply(&Msg::new(if only_outages {
        "only-outages-set"
    } else {
        "only-all-set"
    }))])
}

/// A button of the panel: the change, then the panel again in place.
pub async fn press(ctx: &Ctx<'_>, pressed: PreferenceChange, message_id: i32) -> Handled {
    let preferences = change(ctx, move |p| match pressed {
        PreferenceChange::QuietOff => p.quiet = None,
        PreferenceChange::QuietNight => p.quiet = Some(NIGHT),
        PreferenceChange::OnlyOutages => p.only_outages = true,
        PreferenceChange::OnlyAll => p.only_outages = false,
        PreferenceChange::MaintenanceOn => p.maintenance = true,
        PreferenceChange::MaintenanceOff => p.maintenance = false,
    })
    .await?;
    Ok(vec![panel(ctx, preferences, Some(message_id))])
}
