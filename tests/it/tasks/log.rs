//! What the server log says of an anonymous answer.
use super::*;

/// A `lupa serve` of its own on the test's database, logging at `filter` into a file, so a
/// test can read what an operator's log would hold.
struct LoggingNode {
    child: std::process::Child,
    address: String,
    log: std::path::PathBuf,
    _dir: tempfile::TempDir,
}

impl LoggingNode {
    async fn start(app: &TestApp, filter: &str) -> LoggingNode {
        let dir = tempfile::tempdir().unwrap();
        let log = dir.path().join("lupa.log");
        // Standard output and error into one file (the log goes to standard output).
        let out = std::fs::File::create(&log).unwrap();
        let port = crate::fixtures::free_port();
        let child = std::process::Command::new(env!("CARGO_BIN_EXE_lupa"))
            .arg("serve")
            .arg("--bind")
            .arg(format!("127.0.0.1:{port}"))
            .arg("--data-dir")
            .arg(dir.path().join("data"))
            .arg("--database-url")
            .arg(app.state().settings.effective_database_url())
            .env_remove("DATABASE_URL")
            .env("LUPA_LOG", filter)
            .env("NO_COLOR", "1")
            .stdout(out.try_clone().unwrap())
            .stderr(out)
            .spawn()
            .expect("starting lupa serve");
        let node = LoggingNode {
            child,
            address: format!("http://127.0.0.1:{port}"),
            log,
            _dir: dir,
        };
        crate::fixtures::wait_until_serving(&node.address).await;
        node
    }

    /// Stop the node and return everything it logged.
    fn stop(mut self) -> String {
        let _ = self.child.kill();
        let _ = self.child.wait();
        std::fs::read_to_string(&self.log).unwrap()
    }
}

impl Drop for LoggingNode {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[tokio::test]
async fn answering_an_anonymous_task_leaves_no_trace_of_the_answerer_in_the_log() {
    let w = world().await;
    let id = task_with(
        &w,
        When::Open,
        true,
        "always",
        vec![q("Terveiset", "text", &[])],
    )
    .await;
    let qid = question_ids(&w, id).await[0];
    // The real binary, logging everything down to `trace` (far more than production's
    // `info`), serves two members: one answers through the form, one through the API.
    let node = LoggingNode::start(&w.app, "trace").await;
    let (by_form, _) = &w.members[0];
    let (by_api, _) = &w.members[1];
    let browser = TestClient::new(&node.address, None);
    assert_eq!(
        browser
            .sign_in(&by_form.email, &by_form.password)
            .await
            .status,
        StatusCode::SEE_OTHER
    );
    let session = browser.session_cookie().expect("signed in with a session");
    let answered = browser
        .form_post(
            &path(id),
            &format!("{}/answers", path(id)),
            &[(&format!("q{qid}"), "Lomakkeen salaisuus")],
        )
        .await;
    assert_eq!(answered.status, StatusCode::SEE_OTHER, "{}", answered.body);
    let token = people::create_api_token(w.app.db(), by_api.id, "t")
        .await
        .unwrap();
    let put = reqwest::Client::new()
        .put(format!("{}/api/v1{}/answers", node.address, path(id)))
        .bearer_auth(&token)
        .json(&serde_json::json!({"answers": {qid.to_string(): "Rajapinnan salaisuus"}}))
        .send()
        .await
        .unwrap();
    assert_eq!(put.status(), StatusCode::NO_CONTENT);
    let log = node.stop();

    // Both answers are stored, without anyone on them.
    let sets = answer_sets(&w, id).await;
    assert_eq!(sets.len(), 2);
    assert!(sets.iter().all(|s| s.respondent_id.is_none()));
    let stored: String = sets.iter().map(|s| s.answers.clone()).collect();
    assert!(stored.contains("Lomakkeen salaisuus") && stored.contains("Rajapinnan salaisuus"));

    // The log saw both answer requests...
    let answer_lines: Vec<&str> = log.lines().filter(|l| l.contains("/answers")).collect();
    assert!(
        answer_lines.len() >= 2,
        "the trace log records requests, so these lines must exist:\n{log}"
    );
    // ...and nothing in it names who answered: no id as a field of those requests, and
    // nowhere an email, a name, a company, the session or token that leads to a person.
    for person in [by_form, by_api] {
        for line in &answer_lines {
            for key in ["user", "user_id", "author", "actor", "respondent", "member"] {
                assert!(
                    !line.contains(&format!("{key}={}", person.id)),
                    "{key} of the answerer in: {line}"
                );
            }
        }
        assert!(!log.contains(&person.email), "email in the log:\n{log}");
        assert!(!log.contains(&person.display_name), "name in the log");
    }
    for secret in [
        "Pajala Oy",
        "Kivijalka Ky",
        session.as_str(),
        token.as_str(),
    ] {
        assert!(!log.contains(secret), "{secret:?} in the log");
    }
    // Nor what they answered: the words stay in the database only.
    assert!(!log.contains("salaisuus"), "an answer in the log");
}
