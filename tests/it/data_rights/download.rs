//! "Download my data": asked for on the page or through the API, prepared in the
//! background, the link emailed, and the ZIP file given to its owner only.
use std::io::Read;

use lupa::data_rights;
use reqwest::StatusCode;
use serde_json::Value;

use super::person;
use crate::{
    fixtures::Client,
    participation::{
        approve_newest_comment, confirmed_customer, emailed_link, send_comment, site_with_policy,
    },
};

fn unzip(bytes: &[u8]) -> (Value, String) {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a ZIP file");
    let mut json = String::new();
    archive
        .by_name("data.json")
        .expect("data.json")
        .read_to_string(&mut json)
        .unwrap();
    let mut html = String::new();
    archive
        .by_name("index.html")
        .expect("index.html")
        .read_to_string(&mut html)
        .unwrap();
    (serde_json::from_str(&json).unwrap(), html)
}

#[tokio::test]
async fn a_person_downloads_everything_about_them_and_no_one_else_can() {
    let (app, path) = site_with_policy("registered").await;
    let anna = confirmed_customer(&app, "Asiakas Anna", "anna@example.fi").await;
    let sent = send_comment(&anna, &path, "Kommentti, joka kuuluu Annan tietoihin").await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER);
    approve_newest_comment(&app).await;

    let page = anna.get("/settings/data").await;
    assert_eq!(page.status, StatusCode::OK);
    let asked = anna
        .form_post("/settings/data", "/settings/data/download", &[])
        .await;
    assert_eq!(asked.status, StatusCode::SEE_OTHER, "{}", asked.body);
    assert!(
        anna.get("/settings/data")
            .await
            .exists(".data-rights-status")
    );
    // Prepared in the background (here: one pass of the worker), the link emailed.
    assert_eq!(
        data_rights::download::run_due(app.state()).await.unwrap(),
        1
    );
    assert_eq!(
        data_rights::download::run_due(app.state()).await.unwrap(),
        0
    );
    let link = emailed_link(&app, "anna@example.fi", "/settings/data-download/").await;

    let zip = anna.get_bytes(&link).await;
    assert_eq!(zip.0, StatusCode::OK);
    let (data, html) = unzip(&zip.1);
    assert_eq!(data["profile"][0]["email"], "anna@example.fi");
    assert!(
        data["comments"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["text"] == "Kommentti, joka kuuluu Annan tietoihin"),
        "{data:#}"
    );
    assert!(!data.to_string().contains("password"), "{data:#}");
    // Commenting made her follow the post; nothing is left out any more.
    assert!(
        data["follows"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["what"] == "post"),
        "{data:#}"
    );
    assert!(data.get("not_included").is_none());
    assert!(html.contains("Asiakas Anna") && html.contains("Kommentti, joka kuuluu"));

    // Someone else signed in, or no one: nothing.
    let other = confirmed_customer(&app, "Bertta Muu", "bertta@example.fi").await;
    assert_eq!(other.get_bytes(&link).await.0, StatusCode::NOT_FOUND);
    let anonymous = app.new_client().get(&link).await;
    assert_ne!(anonymous.status, StatusCode::OK);

    // The API: ask, see the status, fetch with the link's secret.
    let me = person(&app, "anna@example.fi").await;
    let token = lupa::people::service::create_api_token(app.db(), me.id, "t")
        .await
        .unwrap();
    let api = Client::anonymous(&app);
    let http = reqwest::Client::new();
    let asked = http
        .post(app.url("/api/v1/me/data-download"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(asked.status(), StatusCode::ACCEPTED);
    let status: Value = http
        .get(app.url("/api/v1/me/data-download"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(status["status"], "pending");
    let secret = link.rsplit('/').next().unwrap();
    let fetched = http
        .get(app.url(&format!("/api/v1/me/data-download/{secret}")))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(fetched.status(), StatusCode::OK);
    assert_eq!(
        api.get(&format!("/api/v1/me/data-download/{secret}"))
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
}
