//! The moderation API: the same rules as the pages, in JSON.
use serde_json::json;

use super::*;
use crate::fixtures::Client;

#[tokio::test]
async fn the_queue_approve_flag_suspend_and_audit_log_work_over_the_api() {
    let w = World::new().await;
    w.reply(&w.cclient, "API:n kautta hyväksyttävä.").await;
    let c = w.comment("API:n kautta hyväksyttävä.").await;
    let facilitator = Client::for_user(&w.app, &w.facilitator).await;
    let member = Client::for_user(&w.app, &w.member).await;

    let queue = facilitator.get("/api/v1/moderation/queue").await;
    assert_eq!(queue.status, StatusCode::OK);
    assert_eq!(queue.json["items"][0]["id"], c.id);
    assert_eq!(queue.json["items"][0]["state"], "held");
    assert_eq!(
        member.get("/api/v1/moderation/queue").await.status,
        StatusCode::NOT_FOUND
    );

    let bad = facilitator
        .post(
            &format!("/api/v1/moderation/comment/{}/reject", c.id),
            json!({}),
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(bad.field("reason"), "Kirjoita syy.");
    let ok = facilitator
        .post(
            &format!("/api/v1/moderation/comment/{}/approve", c.id),
            json!({}),
        )
        .await;
    assert_eq!(ok.status, StatusCode::NO_CONTENT);
    assert_eq!(
        w.comment("API:n kautta hyväksyttävä.")
            .await
            .moderation_state,
        "visible"
    );

    let flagged = member
        .post(
            &format!("/api/v1/flags/comment/{}", c.id),
            json!({"reason": "spam"}),
        )
        .await;
    assert_eq!(flagged.status, StatusCode::CREATED);
    assert_eq!(flagged.json["outcome"], "recorded");
    let again = member
        .post(
            &format!("/api/v1/flags/comment/{}", c.id),
            json!({"reason": "spam"}),
        )
        .await;
    assert_eq!(again.json["outcome"], "already_flagged");
    let no_reason = member
        .post(
            &format!("/api/v1/flags/comment/{}", c.id),
            json!({"reason": "x"}),
        )
        .await;
    assert_eq!(no_reason.status, StatusCode::UNPROCESSABLE_ENTITY);

    let admin_user = w.app.create_user(Role::Admin).await;
    let admin = Client::for_user(&w.app, &admin_user).await;
    let suspended = admin
        .post(
            &format!("/api/v1/moderation/people/{}/suspend", w.customer.id),
            json!({"days": "3", "reason": "Roskapostia"}),
        )
        .await;
    assert_eq!(suspended.status, StatusCode::OK, "{}", suspended.json);
    assert_eq!(suspended.json["suspended"], true);

    let log = admin.get("/api/v1/admin/audit?action=suspend").await;
    assert_eq!(log.status, StatusCode::OK);
    assert_eq!(log.json["total"], 1);
    assert_eq!(log.json["entries"][0]["reason"], "Roskapostia");
    assert_eq!(
        facilitator.get("/api/v1/admin/audit").await.status,
        StatusCode::NOT_FOUND
    );
}
