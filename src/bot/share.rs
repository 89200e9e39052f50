//! Purpose: `/share <service>` — a short text to pass on outside Telegram (an SMS, a
//! family group in another app) when a service fails for many: what is wrong and the
//! bot's link to hear when it is back. Two SMS segments at most, even in Bengali.

use super::command::CommandName;
use super::{Ctx, Handled, usage};
use crate::domain::ServiceId;
use crate::i18n::Msg;

/// The text for `service`, with the bot's deep link (`t.me/<bot>?start=sub_<id>`) when
/// its username is known. No `https://`: phones make `t.me/…` a link, and the units
/// are better spent on words.
pub fn share_msg(service: &ServiceId, bot_username: Option<&str>) -> Msg {
    let link = bot_username
        .map(|bot| format!("t.me/{bot}?start=sub_{service}"))
        .unwrap_or_default();
    Msg::new("share-text")
        .service("service", service)
        .flag("linked", !link.is_empty())
        .text("link", link)
}

pub fn share(ctx: &Ctx<'_>, typed: Option<&str>) -> Handled {
    let Some(typed) = typed else {
        return Err(usage(CommandName::Share));
    };
    let service = ctx.service(typed)?;
    Ok(vec![ctx.reply(&share_msg(
        &service.id,
        ctx.core.bot_username.as_deref(),
    ))])
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::domain::Lang;
    use crate::i18n::{I18n, Translations, locale_files};

    /// The most UTF-16 units the text may take: two concatenated SMS segments of UCS-2
    /// (67 each), which Bengali needs.
    const SMS_UNITS: usize = 2 * 67;

    /// Every service of both regions' catalogs, in each language, with the longest
    /// username Telegram allows: two SMS segments at most.
    #[test]
    fn the_share_text_fits_two_sms_segments_for_every_service_and_variant() {
        let translations =
            Arc::new(Translations::build(&locale_files::embedded()).expect("locales build"));
        let longest_bot = "a".repeat(32);
        let mut checked = 0;
        for (variant, zone) in [("bn-BD", "Asia/Dhaka"), ("bn-IN", "Asia/Kolkata")] {
            let config = crate::config::Config::parse(
                &format!("bengali_variant = \"{variant}\"\ntimezone = \"{zone}\"\n"),
                None,
                &|_| None,
            )
            .expect("config parses");
            let lang = Lang::parse(variant).unwrap();
            let i18n = I18n::new(
                translations.clone(),
                Arc::new(config.catalog.clone()),
                config.timezone,
                Arc::new(crate::clock::ManualClock::new(chrono::Utc::now())),
                lang,
            );
            for service in config.catalog.iter() {
                for reader in [lang, Lang::EN] {
                    let text = i18n.render(reader, &share_msg(&service.id, Some(&longest_bot)));
                    let units = text.encode_utf16().count();
                    if reader == Lang::EN {
                        // GSM-7 when plain ASCII: 153 characters a segment.
                        assert!(text.is_ascii() && text.len() <= 2 * 153, "{text}");
                    } else {
                        assert!(units <= SMS_UNITS, "{units} units: {text}");
                    }
                    assert!(
                        text.contains(&format!("?start=sub_{}", service.id)),
                        "{text}"
                    );
                    checked += 1;
                }
                let unlinked = i18n.render(lang, &share_msg(&service.id, None));
                assert!(!unlinked.contains("t.me"), "{unlinked}");
            }
        }
        assert!(checked >= 20, "{checked}");
    }
}
