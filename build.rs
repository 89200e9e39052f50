//! Embeds every `locales/<lang>/*.ftl` file into the binary, so the bot runs from any
//! directory and a new language folder is picked up by the next build with no code change.

use std::fmt::Write as _;
use std::path::Path;
use std::{env, fs};

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("locales");
    println!("cargo:rerun-if-changed={}", root.display());
    let mut entries = Vec::new();
    for lang_dir in fs::read_dir(&root).expect("locales/ is readable") {
        let lang_dir = lang_dir.expect("locales/ entry").path();
        if !lang_dir.is_dir() {
            continue;
        }
        println!("cargo:rerun-if-changed={}", lang_dir.display());
        let lang = lang_dir.file_name().unwrap().to_string_lossy().into_owned();
        for file in fs::read_dir(&lang_dir).expect("language folder is readable") {
            let path = file.expect("language folder entry").path();
            if path.extension().is_some_and(|e| e == "ftl") {
                println!("cargo:rerun-if-changed={}", path.display());
                let name = path.file_name().unwrap().to_string_lossy().into_owned();
                entries.push((lang.clone(), name, path));
            }
        }
    }
    entries.sort();
    let mut code =
        String::from("/// (language folder, file name, contents) of every embedded locale file.\n");
    code.push_str("pub static EMBEDDED_LOCALES: &[(&str, &str, &str)] = &[\n");
    for (lang, name, path) in &entries {
        writeln!(
            code,
            "    ({lang:?}, {name:?}, include_str!({:?})),",
            path.display().to_string()
        )
        .unwrap();
    }
    code.push_str("];\n");
    let out = Path::new(&env::var("OUT_DIR").unwrap()).join("embedded_locales.rs");
    fs::write(out, code).expect("OUT_DIR is writable");
}
