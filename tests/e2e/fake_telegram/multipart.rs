//! `multipart/form-data` bodies, as teloxide sends them for files (`sendDocument`):
//! text fields become the call's parameters, file parts are kept as uploads.

use serde_json::{Map, Value};

/// A file part of a request.
#[derive(Clone, Debug)]
pub struct Upload {
    /// The form field (`document`).
    pub field: String,
    pub file_name: String,
    pub bytes: Vec<u8>,
}

/// The boundary of a `multipart/form-data` content type, if it is one.
pub fn boundary(content_type: &str) -> Option<String> {
    let (kind, params) = content_type.split_once(';')?;
    if !kind.trim().eq_ignore_ascii_case("multipart/form-data") {
        return None;
    }
    params.split(';').find_map(|p| {
        let (key, value) = p.trim().split_once('=')?;
        key.eq_ignore_ascii_case("boundary")
            .then(|| value.trim_matches('"').to_owned())
    })
}

/// Splits `body` into its text fields (as JSON parameters; JSON-looking values such as
/// `reply_markup` parsed) and its files; `Err` names what is malformed.
pub fn parse(body: &[u8], boundary: &str) -> Result<(Value, Vec<Upload>), String> {
    let delimiter = format!("--{boundary}").into_bytes();
    let mut params = Map::new();
    let mut uploads = Vec::new();
    let mut parts = split(body, &delimiter).into_iter();
    // What comes before the first delimiter is a preamble.
    parts.next();
    for part in parts {
        if part.starts_with(b"--") {
            break;
        }
        let part = part.strip_prefix(b"\r\n").unwrap_or(part);
        let part = part.strip_suffix(b"\r\n").unwrap_or(part);
        let Some(split_at) = find(part, b"\r\n\r\n") else {
            return Err("a part without headers".into());
        };
        let head = String::from_utf8_lossy(&part[..split_at]);
        let data = &part[split_at + 4..];
        let disposition = head
            .lines()
            .find(|l| l.to_ascii_lowercase().starts_with("content-disposition"))
            .ok_or("a part without Content-Disposition")?;
        let attribute = |name: &str| {
            disposition.split(';').find_map(|p| {
                let (key, value) = p.trim().split_once('=')?;
                (key == name).then(|| value.trim_matches('"').to_owned())
            })
        };
        let field = attribute("name").ok_or("a part without a name")?;
        match attribute("filename") {
            Some(file_name) => uploads.push(Upload {
                field,
                file_name,
                bytes: data.to_vec(),
            }),
            None => {
                let text = String::from_utf8_lossy(data).into_owned();
                let value = match serde_json::from_str::<Value>(&text) {
                    Ok(v @ (Value::Object(_) | Value::Array(_) | Value::Number(_))) => v,
                    _ => Value::String(text),
                };
                params.insert(field, value);
            }
        }
    }
    Ok((Value::Object(params), uploads))
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn split<'a>(mut body: &'a [u8], delimiter: &[u8]) -> Vec<&'a [u8]> {
    let mut parts = Vec::new();
    while let Some(at) = find(body, delimiter) {
        parts.push(&body[..at]);
        body = &body[at + delimiter.len()..];
    }
    parts.push(body);
    parts
}
