//! The actions' JSON API: the same parser, rules and visibility as the pages.
use reqwest::StatusCode;
use serde_json::json;

use super::{SLUG, world};
use crate::fixtures::Client;

#[tokio::test]
async fn the_api_writes_lists_moves_and_lists_ones_own_actions() {
    let world = world(1).await;
    let staff = Client::for_user(&world.w.app, &world.staff).await;
    let created = staff
        .post(
            &format!("/api/v1/panels/{SLUG}/actions"),
            json!({
                "title": "Ajanvaraus verkkoon",
                "description": "Asiakkaat toivoivat ajanvarausta.",
                "owner_id": world.staff.id,
                "due": "2027-06-01",
            }),
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{:?}", created.json);
    assert_eq!(created.json["status"], "planned");
    assert_eq!(created.json["source"]["kind"], "manual");
    assert_eq!(created.json["history"].as_array().unwrap().len(), 1);
    let id = created.json["id"].as_i64().unwrap();

    let member = Client::for_user(&world.w.app, &world.w.members[0]).await;
    let listed = member.get(&format!("/api/v1/panels/{SLUG}/actions")).await;
    assert_eq!(listed.status, StatusCode::OK);
    assert_eq!(listed.json["actions"]["planned"][0]["id"], id);
    assert_eq!(listed.json["actions"]["done"], json!([]));

    let path = format!("/api/v1/panels/{SLUG}/actions/{id}/updates");
    let refused = member
        .post(&path, json!({ "status": "done", "note": "Valmis" }))
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let moved = staff
        .post(
            &path,
            json!({ "status": "in_progress", "note": "Toimittaja valittu." }),
        )
        .await;
    assert_eq!(moved.status, StatusCode::OK, "{:?}", moved.json);
    assert_eq!(moved.json["status"], "in_progress");
    assert_eq!(moved.json["history"][1]["note"], "Toimittaja valittu.");

    let mine = staff.get("/api/v1/actions/mine").await;
    assert_eq!(mine.json["actions"][0]["id"], id);
    assert_eq!(mine.json["actions"][0]["panel"], "Asiointipaneeli");
    let theirs = member.get("/api/v1/actions/mine").await;
    assert_eq!(theirs.json["actions"], json!([]));
}

#[tokio::test]
async fn the_api_names_bad_fields_and_hides_the_panel_from_outsiders() {
    let world = world(1).await;
    let staff = Client::for_user(&world.w.app, &world.staff)
        .await
        .in_language("en");
    let refused = staff
        .post(
            &format!("/api/v1/panels/{SLUG}/actions"),
            json!({ "title": "", "owner_id": 0, "due": "huomenna", "source": "wish:1" }),
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused.fields(), ["due", "owner", "source", "title"]);
    assert_eq!(
        refused.field("due"),
        "Give the due date as YYYY-MM-DD, for example 2027-03-29."
    );
    let member = Client::for_user(&world.w.app, &world.w.members[0]).await;
    let written = member
        .post(
            &format!("/api/v1/panels/{SLUG}/actions"),
            json!({ "title": "Oma", "owner_id": world.staff.id, "due": "2027-01-01" }),
        )
        .await;
    assert_eq!(written.status, StatusCode::FORBIDDEN);
    let bad_status = staff
        .post(
            &format!("/api/v1/panels/{SLUG}/actions"),
            json!({ "title": "Oma", "owner_id": world.staff.id, "due": "2027-01-01" }),
        )
        .await;
    let id = bad_status.json["id"].as_i64().unwrap();
    let refused = staff
        .post(
            &format!("/api/v1/panels/{SLUG}/actions/{id}/updates"),
            json!({ "status": "finished", "note": "" }),
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused.fields(), ["note", "status"]);

    let outsider = world.w.app.create_user(lupa::auth::Role::Writer).await;
    let outsider = Client::for_user(&world.w.app, &outsider).await;
    for path in [
        format!("/api/v1/panels/{SLUG}/actions"),
        format!("/api/v1/panels/{SLUG}/actions/{id}"),
    ] {
        assert_eq!(
            outsider.get(&path).await.status,
            StatusCode::NOT_FOUND,
            "{path}"
        );
    }
}
