//! The OpenAPI document: the base written by hand beside this file, plus the `paths` and
//! `components.schemas` each feature writes beside its own code (`src/<feature>/openapi.json`),
//! merged once at first request.
use std::sync::LazyLock;

use serde_json::{Map, Value};

/// The fragments, base first. A feature with API routes adds its file here.
const PARTS: [&str; 15] = [
    include_str!("openapi.json"),
    include_str!("search/openapi.json"),
    include_str!("email/openapi.json"),
    include_str!("panels/openapi.json"),
    include_str!("panels/rules/openapi.json"),
    include_str!("tasks/openapi.json"),
    include_str!("tasks/ideas/openapi.json"),
    include_str!("workshops/openapi.json"),
    include_str!("registration/openapi.json"),
    include_str!("feedback/openapi.json"),
    include_str!("moderation/openapi.json"),
    include_str!("notifications/openapi.json"),
    include_str!("actions/openapi.json"),
    include_str!("year/openapi.json"),
    include_str!("data_rights/openapi.json"),
];

static DOCUMENT: LazyLock<String> = LazyLock::new(|| merge(&PARTS).to_string());

/// `GET /api/v1/openapi.json`
pub async fn serve() -> axum::response::Response {
    use axum::response::IntoResponse;
    (
        [(axum::http::header::CONTENT_TYPE, "application/json")],
        document(),
    )
        .into_response()
}

/// The whole document as JSON text.
pub fn document() -> &'static str {
    &DOCUMENT
}

/// Merge the fragments' `paths` and `components.schemas` into the first one. Every fragment is
/// compiled in, so a malformed one fails the test below, not a request.
fn merge(parts: &[&str]) -> Value {
    let mut docs = parts
        .iter()
        .map(|p| serde_json::from_str::<Value>(p).expect("an OpenAPI fragment is valid JSON"));
    let mut base = docs.next().expect("the base document");
    for doc in docs {
        for section in ["paths", "components.schemas"] {
            let from = lookup(&doc, section);
            let into = lookup_mut(&mut base, section);
            for (key, value) in from {
                into.insert(key, value);
            }
        }
    }
    base
}

fn lookup(doc: &Value, path: &str) -> Map<String, Value> {
    path.split('.')
        .try_fold(doc, |v, k| v.get(k))
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default()
}

fn lookup_mut<'a>(doc: &'a mut Value, path: &str) -> &'a mut Map<String, Value> {
    let mut v = doc;
    for k in path.split('.') {
        let obj = v.as_object_mut().expect("an object in the base document");
        v = obj
            .entry(k.to_owned())
            .or_insert_with(|| Value::Object(Map::new()));
    }
    v.as_object_mut().expect("an object in the base document")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_fragment_is_merged_and_no_path_is_declared_twice() {
        let merged = merge(&PARTS);
        let mut seen = std::collections::HashSet::new();
        let mut total = 0;
        for part in PARTS {
            let doc: Value = serde_json::from_str(part).unwrap();
            for key in lookup(&doc, "paths").keys() {
                assert!(seen.insert(key.clone()), "{key} is declared twice");
                total += 1;
            }
        }
        assert_eq!(lookup(&merged, "paths").len(), total);
        assert!(lookup(&merged, "paths").contains_key("/api/v1/posts"));
    }

    #[test]
    fn a_fragment_adds_its_paths_and_schemas() {
        let merged = merge(&[
            r#"{"paths":{"/a":{}},"components":{"schemas":{"A":{}}}}"#,
            r#"{"paths":{"/b":{}},"components":{"schemas":{"B":{}}}}"#,
        ]);
        assert_eq!(lookup(&merged, "paths").len(), 2);
        assert_eq!(lookup(&merged, "components.schemas").len(), 2);
    }
}
