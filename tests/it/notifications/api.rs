//! The notifications API: list, mark read, follow and unfollow, settings — the same rules
//! as the pages, with a token.
use serde_json::json;

use super::*;
use crate::fixtures::Client;

#[tokio::test]
async fn the_api_lists_notifications_marks_them_read_and_follows_and_unfollows() {
    let w = World::new().await;
    let writer = Client::for_user(&w.app, &w.writer).await;
    let member = Client::for_user(&w.app, &w.member).await;
    assert_eq!(
        Client::anonymous(&w.app)
            .get("/api/v1/notifications")
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
    let path = w.post("Rajapinnasta", "public").await;
    w.comment(&w.mclient, &path, "Kommentti rajapinnasta.", None)
        .await;

    let list = writer.get("/api/v1/notifications").await;
    assert_eq!(list.status, StatusCode::OK, "{}", list.json);
    assert_eq!(list.json["unread"], 1);
    let item = &list.json["days"][0]["items"][0];
    assert_eq!(item["kind"], "comment");
    assert_eq!(item["title"], "Rajapinnasta");
    assert_eq!(item["read"], false);

    let bad = writer
        .post(
            "/api/v1/notifications/read",
            json!({"all": true, "ids": [1]}),
        )
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    let id = item["id"].as_i64().unwrap();
    let other = member
        .post("/api/v1/notifications/read", json!({"ids": [id]}))
        .await;
    assert_eq!(other.json["marked"], 0, "not someone else's");
    let read = writer
        .post("/api/v1/notifications/read", json!({"all": true}))
        .await;
    assert_eq!(
        (read.json["marked"].clone(), read.json["unread"].clone()),
        (json!(1), json!(0))
    );

    let followed = member
        .put(
            &format!("/api/v1/follows/person/{}", w.writer.id),
            json!(null),
        )
        .await;
    assert_eq!(followed.status, StatusCode::OK, "{}", followed.json);
    assert_eq!(followed.json["following"], true);
    let list = member.get("/api/v1/follows").await;
    let kinds: Vec<&str> = list
        .json
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["target"]["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["post", "person"]);
    w.post("Seuraava", "public").await;
    assert_eq!(kinds_of(&w.app, w.member.id).await, ["new-post"]);
    let r = member
        .delete(&format!("/api/v1/follows/person/{}", w.writer.id))
        .await;
    assert_eq!(r.json["following"], false);
    w.post("Kolmas", "public").await;
    assert_eq!(kinds_of(&w.app, w.member.id).await.len(), 1);

    let customer = Client::for_user(&w.app, &w.customer).await;
    let members_only = w.post("Sisäinen", "members").await;
    let pid = w.post_at(&members_only).await.id;
    let r = customer
        .put(&format!("/api/v1/follows/post/{pid}"), json!(null))
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_api_reads_and_changes_the_email_settings_with_the_pages_rules() {
    let w = World::new().await;
    let member = Client::for_user(&w.app, &w.member).await;
    let s = member.get("/api/v1/notifications/settings").await;
    assert_eq!(s.status, StatusCode::OK);
    assert_eq!(s.json["deliveries"]["reply"], "immediately");
    assert_eq!(s.json["deliveries"]["new-post"], "weekly");
    assert_eq!(s.json["digest_hour"], 7);

    let bad = member
        .put(
            "/api/v1/notifications/settings",
            json!({"deliveries": {"reply": "sometimes", "reminder": "daily"}, "digest_hour": 24}),
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        bad.fields(),
        ["delivery-reminder", "delivery-reply", "digest_hour"],
        "a workshop reminder comes at once or not at all"
    );

    let ok = member
        .put(
            "/api/v1/notifications/settings",
            json!({"deliveries": {"new-post": "daily", "reminder": "never"}, "digest_hour": 18, "handle": "maija-api"}),
        )
        .await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.json);
    assert_eq!(ok.json["deliveries"]["new-post"], "daily");
    assert_eq!(ok.json["deliveries"]["reminder"], "never");
    assert_eq!(ok.json["deliveries"]["panel-invitation"], "immediately");
    assert_eq!(ok.json["deliveries"]["reply"], "immediately");
    assert_eq!(ok.json["handle"], "maija-api");
    let page = w.mclient.get("/settings/email").await;
    assert!(page.exists("#delivery-new-post-daily[checked]"));
    assert!(page.exists("#delivery-reminder-never[checked]"));
    assert!(page.exists("#digest_hour option[value='18'][selected]"));
}
