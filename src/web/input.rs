//! Every form and JSON body passes through here before any handler (or the CSRF check)
//! reads it: bodies over the limit are refused with 413, and the control characters
//! `crate::text` names are dropped from every value, so no stored text field can hold them,
//! including fields added later. Other bodies pass untouched.
use axum::{
    body::{Body, Bytes, to_bytes},
    extract::Request,
    http::header,
    middleware::Next,
    response::{IntoResponse, Response},
};
use serde_json::Value;

use crate::{auth::csrf::MAX_FORM_BYTES, error::AppError, text};

enum Kind {
    Form,
    Json,
}

fn kind(request: &Request) -> Option<Kind> {
    let content_type = request
        .headers()
        .get(header::CONTENT_TYPE)?
        .to_str()
        .ok()?
        .split(';')
        .next()?
        .trim()
        .to_ascii_lowercase();
    if content_type == "application/x-www-form-urlencoded" {
        Some(Kind::Form)
    } else if content_type == "application/json" || content_type.ends_with("+json") {
        Some(Kind::Json)
    } else {
        None
    }
}

/// Middleware: read form and JSON bodies whole (at most `MAX_FORM_BYTES`) and clean them.
pub async fn clean_text_input(request: Request, next: Next) -> Response {
    let Some(kind) = kind(&request) else {
        return next.run(request).await;
    };
    let (parts, body) = request.into_parts();
    let Ok(bytes) = to_bytes(body, MAX_FORM_BYTES).await else {
        return AppError::TooLarge.into_response();
    };
    let bytes = match kind {
        Kind::Form => clean_form(&bytes),
        Kind::Json => clean_json(&bytes),
    }
    .unwrap_or(bytes);
    next.run(Request::from_parts(parts, Body::from(bytes)))
        .await
}

/// A cleaned copy of a form body, or `None` when it needs none (or is not a form at all:
/// the handler's own extractor then answers as it always did).
fn clean_form(bytes: &Bytes) -> Option<Bytes> {
    let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(bytes).ok()?;
    let dirty = |s: &String| s.chars().any(text::is_forbidden);
    if !pairs.iter().any(|(k, v)| dirty(k) || dirty(v)) {
        return None;
    }
    let cleaned: Vec<(String, String)> = pairs
        .iter()
        .map(|(k, v)| (text::clean(k).into_owned(), text::clean(v).into_owned()))
        .collect();
    serde_urlencoded::to_string(cleaned).ok().map(Bytes::from)
}

/// A cleaned copy of a JSON body, or `None` when it needs none or is not JSON.
fn clean_json(bytes: &Bytes) -> Option<Bytes> {
    let mut value: Value = serde_json::from_slice(bytes).ok()?;
    if !clean_value(&mut value) {
        return None;
    }
    serde_json::to_vec(&value).ok().map(Bytes::from)
}

/// Clean every string and key in place; whether anything changed.
fn clean_value(value: &mut Value) -> bool {
    match value {
        Value::String(s) => match text::clean(s) {
            std::borrow::Cow::Owned(cleaned) => {
                *s = cleaned;
                true
            }
            std::borrow::Cow::Borrowed(_) => false,
        },
        Value::Array(items) => {
            // Every item, not only up to the first that changed.
            let mut changed = false;
            for item in items {
                changed |= clean_value(item);
            }
            changed
        }
        Value::Object(map) => {
            let mut changed = false;
            if map.keys().any(|k| k.chars().any(text::is_forbidden)) {
                let old = std::mem::take(map);
                for (k, v) in old {
                    map.insert(text::clean(&k).into_owned(), v);
                }
                changed = true;
            }
            for v in map.values_mut() {
                changed |= clean_value(v);
            }
            changed
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_form_is_rewritten_only_when_it_holds_a_forbidden_character() {
        let clean = Bytes::from_static(b"title=Hei+maailma&body=a%0D%0Ab");
        assert_eq!(clean_form(&clean), None);
        let dirty = Bytes::from_static(b"title=Hei%00%01&body=a%09b&x%1B=1");
        let cleaned = clean_form(&dirty).expect("rewritten");
        let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(&cleaned).unwrap();
        assert_eq!(
            pairs,
            [
                ("title".to_owned(), "Hei".to_owned()),
                ("body".to_owned(), "a\tb".to_owned()),
                ("x".to_owned(), "1".to_owned()),
            ]
        );
    }

    #[test]
    fn json_strings_and_keys_are_cleaned_at_any_depth_and_numbers_left_alone() {
        let body = Bytes::from_static(
            br#"{"title":"a\u0000b","n":12345678901234567890,"q":[{"t\u0001":["\u001f"]}]}"#,
        );
        let cleaned: Value = serde_json::from_slice(&clean_json(&body).unwrap()).unwrap();
        assert_eq!(cleaned["title"], "ab");
        assert_eq!(cleaned["q"][0]["t"][0], "");
        assert_eq!(cleaned["n"].to_string(), "12345678901234567890");
        assert_eq!(clean_json(&Bytes::from_static(br#"{"a":"\t\n"}"#)), None);
        assert_eq!(clean_json(&Bytes::from_static(b"not json")), None);
    }
}
