//! The JSON API: sending with the same defences, and the inbox for staff with tokens.
use reqwest::StatusCode;
use serde_json::json;

use super::{ORG, count, world};
use crate::fixtures::Client;

#[tokio::test]
async fn a_client_sends_feedback_through_the_api_with_the_same_limits() {
    let w = world().await;
    let anyone = Client::anonymous(&w.app).in_language("en");
    let form = anyone.get(&format!("/api/v1/feedback/{ORG}")).await;
    assert_eq!(form.status, StatusCode::OK);
    assert_eq!(form.json["topics"].as_array().unwrap().len(), 2);
    // The stamp just handed out is too fresh to send with.
    let topic = w.topics[0];
    let hasty = anyone
        .post(
            &format!("/api/v1/feedback/{ORG}"),
            json!({ "topic": topic, "body": "Hi", "started": form.json["started"] }),
        )
        .await;
    assert_eq!(hasty.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        hasty.field("body"),
        "The form was sent too quickly, or it has grown too old. Check your text and send it again."
    );
    let stamp = w.stamp_ago(30).await;
    let bot = anyone
        .post(
            &format!("/api/v1/feedback/{ORG}"),
            json!({ "topic": topic, "body": "Hi", "started": stamp, "website": "x" }),
        )
        .await;
    assert_eq!(bot.status, StatusCode::UNPROCESSABLE_ENTITY);
    let invalid = anyone
        .post(
            &format!("/api/v1/feedback/{ORG}"),
            json!({ "body": "", "started": stamp, "email": "nope" }),
        )
        .await;
    assert_eq!(invalid.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(invalid.fields(), ["body", "email", "topic"]);
    let huge = anyone
        .post(
            &format!("/api/v1/feedback/{ORG}"),
            json!({ "topic": topic, "body": "x".repeat(6000), "started": stamp }),
        )
        .await;
    assert_eq!(huge.status, StatusCode::PAYLOAD_TOO_LARGE);
    let sent = anyone
        .post(&format!("/api/v1/feedback/{ORG}"), json!({ "topic": topic, "body": "Good service", "started": stamp, "may_publish": true }))
        .await;
    assert_eq!(sent.status, StatusCode::CREATED, "{}", sent.json);
    assert_eq!(sent.json["status"], "new");
    assert_eq!(count(&w.app).await, 1);
    for _ in 0..4 {
        anyone
            .post(
                &format!("/api/v1/feedback/{ORG}"),
                json!({ "topic": topic, "body": "Again", "started": stamp }),
            )
            .await;
    }
    let limited = anyone
        .post(
            &format!("/api/v1/feedback/{ORG}"),
            json!({ "topic": topic, "body": "Sixth", "started": stamp }),
        )
        .await;
    assert_eq!(limited.status, StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn staff_work_the_inbox_through_the_api_and_others_find_nothing() {
    let w = world().await;
    let id = w
        .feedback("Palvelu on hidas", "asiakas@example.fi", false, "fi")
        .await;
    let staff = Client::for_user(&w.app, &w.member).await;
    let list = staff
        .get(&format!("/api/v1/feedback/{ORG}/items?status=new"))
        .await;
    assert_eq!(list.status, StatusCode::OK);
    assert_eq!(list.json["items"][0]["id"], id);
    let item = format!("/api/v1/feedback/{ORG}/items/{id}");
    let updated = staff
        .patch(
            &item,
            json!({ "status": "in_progress", "assignee_id": w.editor.id }),
        )
        .await;
    assert_eq!(updated.status, StatusCode::OK, "{}", updated.json);
    assert_eq!(updated.json["status"], "in_progress");
    assert_eq!(updated.json["assignee_id"], w.editor.id);
    let bad = staff.patch(&item, json!({ "status": "spam" })).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(bad.fields(), ["status"]);
    let note = staff
        .post(&format!("{item}/notes"), json!({ "body": "Sisäinen" }))
        .await;
    assert_eq!(note.status, StatusCode::CREATED);
    let replied = staff
        .post(
            &format!("{item}/reply"),
            json!({ "body": "Korjaamme asian." }),
        )
        .await;
    assert_eq!(replied.status, StatusCode::OK, "{}", replied.json);
    assert_eq!(replied.json["status"], "answered");
    let shown = staff.get(&item).await;
    assert_eq!(shown.json["notes"][0]["body"], "Sisäinen");
    let refused = staff.post(&format!("{item}/publish"), json!({})).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    let topics = staff.get(&format!("/api/v1/feedback/{ORG}/topics")).await;
    assert_eq!(topics.json["topics"].as_array().unwrap().len(), 2);

    let other = w
        .app
        .create_user_in("toinen", lupa::auth::Role::Editor)
        .await;
    let other = Client::for_user(&w.app, &other).await;
    assert_eq!(other.get(&item).await.status, StatusCode::NOT_FOUND);
    assert_eq!(
        other
            .patch(&item, json!({ "status": "closed" }))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        Client::anonymous(&w.app).get(&item).await.status,
        StatusCode::UNAUTHORIZED
    );
}
