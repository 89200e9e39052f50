//! The translator's guide promises that a language is added with a folder and service
//! names, nothing else. This adds a throwaway third language and uses it.

use std::path::Path;

use crate::fake_telegram::FakeTelegram;
use crate::support::spawn_app_with;

/// A copy of `locales/` plus `xx/`: the English files with every message marked.
fn locales_with_a_third_language(root: &Path) {
    for file in outage_bot::i18n::locale_files::embedded() {
        let target = root
            .join(&file.lang_dir)
            .join(file.path.file_name().unwrap());
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::write(&target, &file.text).unwrap();
        if file.lang_dir == "en" {
            // "Translate" by prefixing every single-line message value with ⟪xx⟫.
            let translated: String = file
                .text
                .lines()
                .map(|line| match line.split_once(" = ") {
                    Some((id, value))
                        if !id.starts_with(' ')
                            && !id.starts_with('#')
                            && !value.is_empty()
                            && !id.starts_with("locale-") =>
                    {
                        format!("{id} = ⟪xx⟫ {value}\n")
                    }
                    _ => format!(
                        "{}\n",
                        line.replace("locale-name = English", "locale-name = Xx-lingo")
                    ),
                })
                .collect();
            let xx = root.join("xx").join(file.path.file_name().unwrap());
            std::fs::create_dir_all(xx.parent().unwrap()).unwrap();
            std::fs::write(xx, translated).unwrap();
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_new_language_needs_only_a_folder_and_service_names() {
    let dir = tempfile::tempdir().unwrap();
    locales_with_a_third_language(dir.path());
    let extra = format!(
        "locales_dir = {:?}\n[[services]]\nid = \"whatsapp\"\nname = {{ en = \"WhatsApp\", bn = \"হোয়াটসঅ্যাপ\", xx = \"Whatsy\" }}\n",
        dir.path().display().to_string()
    );
    let config_file = dir.path().join("bot.toml");
    std::fs::write(&config_file, &extra).unwrap();
    let report = outage_bot::check::check(Some(&config_file), &|_| None);
    assert_eq!(report.problems, Vec::<String>::new());
    assert!(
        report.summary.contains("bn-BD, bn-IN, en, xx"),
        "{}",
        report.summary
    );

    let app = spawn_app_with(&extra).await;
    let speaker = FakeTelegram::user(8, "Xavier", Some("xx-YY"));
    app.expect_reply(
        &speaker,
        "/subscribe whatsy",
        "⟪xx⟫ ✅ Subscribed to Whatsy",
    )
    .await;
    let menu = app.say(&speaker, "/language", 1).await.remove(0);
    assert!(menu.reply_markup.unwrap().to_string().contains("Xx-lingo"));
    let english = FakeTelegram::user(9, "Eve", Some("en"));
    app.expect_reply(&english, "/language xx", "⟪xx⟫").await;
}
