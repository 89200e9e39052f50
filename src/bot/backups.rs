//! Purpose: `/backup` — an admin takes a backup now and gets the file in their private
//! chat, to keep it somewhere other than the server.

use super::{Ctx, Failure, Handled};
use crate::domain::ChatKind;
use crate::i18n::{Arg, Msg};
use crate::outbound::{Content, Document, MAX_DOCUMENT_BYTES};

pub async fn backup(ctx: &Ctx<'_>) -> Handled {
    // A backup holds every subscriber: it goes to an admin alone, never to a group.
    if ctx.chat_kind != ChatKind::Private {
        return Err(Failure::User(Msg::new("backup-private-only")));
    }
    let core = ctx.core;
    let config = &core.config.backup;
    // Backups are dated by the wall clock (see `backup.rs`).
    let now = chrono::Utc::now();
    let (written, bytes) = match crate::backup::take(&core.store, config, now).await {
        Ok(taken) => taken,
        Err(e) => {
            tracing::error!(
                error = format!("{e:#}"),
                "a backup asked for with /backup failed"
            );
            return Err(Failure::User(
                Msg::new("backup-failed").text("dir", config.dir.display().to_string()),
            ));
        }
    };
    let kilobytes = bytes.len().div_ceil(1024) as i64;
    let kept_in = config.dir.display().to_string();
    if bytes.len() > MAX_DOCUMENT_BYTES {
        return Ok(vec![
            ctx.reply(
                &Msg::new("backup-too-big")
                    .num("kilobytes", kilobytes)
                    .text("dir", kept_in),
            ),
        ]);
    }
    let file_name = written
        .path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| crate::backup_files::name_at(now));
    let caption = ctx.render(
        &Msg::new("backup-sent")
            .arg("time", Arg::Time(now))
            .num("kilobytes", kilobytes)
            .text("dir", kept_in),
    );
    Ok(vec![ctx.reply_content(Content::document(
        caption,
        Document {
            file_name,
            bytes: bytes.into(),
        },
    ))])
}
