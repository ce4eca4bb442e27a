//! Publishing feedback as a panel discussion topic, and `lupa demo`'s feedback.
use lupa::{
    entities::{panel, post},
    feedback::{entities::feedback_item, model::Status},
};
use reqwest::StatusCode;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, EntityTrait};

use super::{ORG, latest, world};
use crate::helpers::{TestApp, private_panel, seat};

#[tokio::test]
async fn feedback_is_published_as_a_topic_of_the_organisations_panel_the_staff_member_is_in() {
    let w = world().await;
    let org = w.app.create_organization(ORG).await;
    let made = private_panel(&w.app, "kaupunkipaneeli", w.admin.id).await;
    let mut moved: panel::ActiveModel = made.into();
    moved.organization_id = Set(org.id);
    let ours = moved.update(w.app.db()).await.unwrap();
    seat(
        &w.app,
        ours.id,
        w.member.id,
        "facilitator",
        "Kaupunki",
        "public",
    )
    .await;
    let elsewhere = private_panel(&w.app, "muu-paneeli", w.admin.id).await;
    seat(
        &w.app,
        elsewhere.id,
        w.member.id,
        "facilitator",
        "Kaupunki",
        "public",
    )
    .await;

    let id = w
        .feedback("Toivon iltavastaanottoa", "asukas@example.fi", true, "fi")
        .await;
    let client = w.app.client_for(&w.member).await;
    let base = format!("/feedback/{ORG}/inbox/{id}");
    let page = client.get(&base).await;
    assert_eq!(
        page.attr("#target option", "value"),
        ["post", "panel:kaupunkipaneeli"],
        "only the organisation's panels the person is in"
    );
    let refused = client
        .post_form(
            &format!("{base}/publish"),
            &[("target", "panel:muu-paneeli")],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.exists("#publish-error"));
    let published = client
        .post_form(
            &format!("{base}/publish"),
            &[("target", "panel:kaupunkipaneeli")],
        )
        .await;
    assert_eq!(
        published.status,
        StatusCode::SEE_OTHER,
        "{}",
        published.body
    );
    let item = latest(&w.app).await;
    assert_eq!(item.published_kind.as_deref(), Some("topic"));
    let topic_path = format!(
        "/panels/kaupunkipaneeli/topics/{}",
        item.published_post_id.unwrap()
    );
    let topic = client.get(&topic_path).await;
    assert_eq!(topic.status, StatusCode::OK);
    assert!(topic.body.contains("Toivon iltavastaanottoa"));
    assert!(!topic.body.contains("asukas@example.fi"));
    let shown = client.get(&base).await;
    assert_eq!(shown.attr(".feedback-published a", "href"), [topic_path]);
}

#[tokio::test]
async fn the_demo_has_feedback_in_every_state_and_one_published() {
    let app = TestApp::spawn().await;
    lupa::clock::scope(app.state().clock, lupa::demo::fill(app.db(), app.now()))
        .await
        .expect("filling the demo");
    let items = feedback_item::Entity::find().all(app.db()).await.unwrap();
    for status in Status::ALL {
        assert!(
            items.iter().any(|i| i.status == status.as_str()),
            "{status:?}"
        );
    }
    assert!(
        items.iter().any(|i| i.panel_id.is_some()),
        "one came through the panel's own form"
    );
    let published: Vec<_> = items.iter().filter_map(|i| i.published_post_id).collect();
    assert_eq!(published.len(), 1);
    let post = post::Entity::find_by_id(published[0])
        .one(app.db())
        .await
        .unwrap()
        .unwrap();
    let page = app.new_client().get(&format!("/posts/{}", post.slug)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(!page.body.contains("kund@example.se"));
}
