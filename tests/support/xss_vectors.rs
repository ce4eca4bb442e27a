// Shared by the unit tests (`src/markdown_tests.rs`) and the integration tests
// (`tests/it/helpers.rs`), which include it: one way to find the third-party vectors.

/// The XSS vectors in `../shared/test-data/xss/vectors.json` (third-party material kept
/// beside the project, not in it). A clone without that folder skips the test that needs them
/// and says so; with `TEST_REQUIRE_SHARED` set (as `.ci/run` sets it) a missing file fails.
pub fn xss_vectors(test: &str) -> Option<Vec<serde_json::Value>> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/test-data/xss/vectors.json");
    match std::fs::read_to_string(&path) {
        Ok(text) => Some(serde_json::from_str(&text).expect("the XSS vectors are JSON")),
        Err(e) if std::env::var_os("TEST_REQUIRE_SHARED").is_some() => {
            panic!(
                "{test}: TEST_REQUIRE_SHARED is set but {} cannot be read: {e}",
                path.display()
            )
        }
        Err(_) => {
            eprintln!(
                "skipped {test}: {} is not there (the XSS vectors live beside the project)",
                path.display()
            );
            None
        }
    }
}
