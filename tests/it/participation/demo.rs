//! `lupa demo` opens the site to customers.
use lupa::{
    auth::Role,
    entities::{comment, panel, site_settings, user},
};
use reqwest::StatusCode;
use sea_orm::EntityTrait;

use crate::helpers::TestApp;

#[tokio::test]
async fn the_demo_has_registered_customers_with_comments_a_privacy_notice_and_an_open_panel() {
    let app = TestApp::spawn().await;
    crate::calendar_days::lupa_demo(&app, app.now().date_naive()).await;

    let site = site_settings::Entity::find_by_id(1)
        .one(app.db())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(site.comment_policy, "registered");
    assert!(!site.privacy_notice_fi.is_empty() && !site.privacy_notice_sv.is_empty());
    let customers: Vec<user::Model> = user::Entity::find()
        .all(app.db())
        .await
        .unwrap()
        .into_iter()
        // (The data-rights demo has erased one customer's account, and the imported blog's
        // commenters are placeholders who cannot sign in.)
        .filter(|u| u.user_role() == Some(Role::Customer) && u.removed_at.is_none() && u.active)
        .collect();
    // Three from open participation's demo, more from moderation's.
    assert!(customers.len() >= 3, "{customers:?}");
    assert!(customers.iter().all(|c| c.email_confirmed()));
    let comments = comment::Entity::find().all(app.db()).await.unwrap();
    assert!(
        customers
            .iter()
            .all(|c| comments.iter().any(|m| m.author_id == c.id))
    );
    let panels = panel::Entity::find().all(app.db()).await.unwrap();
    assert!(panels.iter().any(|p| p.open_join));
    assert_eq!(
        app.new_client().get("/register").await.status,
        StatusCode::OK
    );
}
