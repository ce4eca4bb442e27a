//! The OpenAPI document against the routes the app really has.
use super::*;

// ----- The OpenAPI document -----

/// Every `/api/v1/…` path in `src/routes.rs`.
fn routed_api_paths() -> Vec<String> {
    // The features' own routers that src/routes.rs merges: `<feature>::api()` in
    // src/<feature>/mod.rs (or src/<feature>/routes.rs, where the feature sits below AppState),
    // and the routers of a feature's parts that it merges (src/tasks/ideas/mod.rs).
    let src = concat!(env!("CARGO_MANIFEST_DIR"), "/src");
    let mut files = vec![std::path::PathBuf::from(src).join("routes.rs")];
    let mut folders: Vec<std::path::PathBuf> = Vec::new();
    for entry in std::fs::read_dir(src).expect("reading src/") {
        let folder = entry.expect("a src/ entry").path();
        if folder.is_dir() {
            for inner in std::fs::read_dir(&folder).expect("reading a feature") {
                let inner = inner.expect("a feature's entry").path();
                if inner.is_dir() {
                    folders.push(inner);
                }
            }
            folders.push(folder);
        }
    }
    for folder in folders {
        for name in ["mod.rs", "routes.rs"] {
            if folder.join(name).is_file() {
                files.push(folder.join(name));
            }
        }
    }
    let mut paths: Vec<String> = files
        .iter()
        .flat_map(|file| {
            let text = std::fs::read_to_string(file).expect("reading a route file");
            text.split('"')
                .filter(|piece| piece.starts_with("/api/v1/"))
                .map(str::to_owned)
                .collect::<Vec<_>>()
        })
        .collect();
    paths.sort();
    paths.dedup();
    assert!(paths.len() >= 4, "found only {paths:?} in the route files");
    paths
}

/// Follow a local `$ref` (`#/components/...`) in `doc`.
fn resolve<'a>(doc: &'a Value, reference: &str) -> Option<&'a Value> {
    doc.pointer(reference.strip_prefix('#')?)
}

fn collect_refs(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                match (k.as_str(), v) {
                    ("$ref", Value::String(r)) => out.push(r.clone()),
                    _ => collect_refs(v, out),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|v| collect_refs(v, out)),
        _ => {}
    }
}

#[tokio::test]
async fn the_openapi_document_describes_every_api_route_and_method() {
    let app = TestApp::spawn().await;
    let answer = Api::reader(&app).get("/api/v1/openapi.json").await;
    assert_eq!(answer.status, StatusCode::OK);
    assert!(
        answer
            .headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|ct| ct.starts_with("application/json"))
    );
    let doc = answer.json;
    assert!(
        doc["openapi"].as_str().is_some_and(|v| v.starts_with("3.")),
        "openapi: {}",
        doc["openapi"]
    );
    assert_eq!(
        doc["components"]["securitySchemes"]["bearerToken"]["scheme"],
        "bearer"
    );

    let documented = doc["paths"].as_object().expect("paths");
    for path in routed_api_paths() {
        let item = documented
            .get(&path)
            .unwrap_or_else(|| panic!("{path} is routed but not in openapi.json"));
        // The router says which methods it takes in `Allow` when asked with one it does not.
        let concrete = path.replace("{slug}", "ei-ole");
        let probe = Api::reader(&app)
            .send(
                Method::from_bytes(b"PROPFIND").expect("a method"),
                &concrete,
                None,
            )
            .await;
        assert_eq!(probe.status, StatusCode::METHOD_NOT_ALLOWED, "{path}");
        let allow = probe
            .headers
            .get(header::ALLOW)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_else(|| panic!("{path}: no Allow header"))
            .to_ascii_lowercase();
        for method in allow.split(',').map(str::trim).filter(|m| *m != "head") {
            let operation = &item[method];
            assert!(
                operation.is_object(),
                "{method} {path} is routed but not documented"
            );
            assert!(
                operation["responses"].is_object(),
                "{method} {path}: no responses"
            );
        }
        for method in ["get", "post", "put", "patch", "delete"] {
            if item.get(method).is_some() {
                assert!(
                    allow.split(',').any(|m| m.trim() == method),
                    "{method} {path} is documented but not routed"
                );
            }
        }
    }
    for path in documented.keys() {
        assert!(
            routed_api_paths().contains(path),
            "{path} is documented but not routed"
        );
    }

    let mut refs = Vec::new();
    collect_refs(&doc, &mut refs);
    assert!(!refs.is_empty());
    for r in refs {
        assert!(resolve(&doc, &r).is_some(), "{r} does not resolve");
    }
    for schema in [
        "Post",
        "PostWrite",
        "PostList",
        "Comment",
        "CommentWrite",
        "Error",
    ] {
        assert!(doc["components"]["schemas"][schema].is_object(), "{schema}");
    }
}
