//! The daily retention pass and the admin's settings for it: old declined applications,
//! sessions not used for long and sent email go (once a day, however often it is run), and
//! each pass is in the audit log.
use chrono::Duration;
use lupa::{
    data_rights::retention,
    entities::{audit_entry, email_outbox, panel_application, session},
};
use reqwest::StatusCode;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};
use serde_json::json;

use crate::{
    fixtures::Client,
    helpers::{TestApp, private_panel},
};

async fn application(
    app: &TestApp,
    panel: i32,
    user: i32,
    status: &str,
    decided_days_ago: i64,
) -> i32 {
    let decided = app.now() - Duration::days(decided_days_ago);
    panel_application::ActiveModel {
        panel_id: Set(panel),
        user_id: Set(user),
        company_name: Set("Konepaja Oy".into()),
        business_id: Set(String::new()),
        industry: Set("manufacturing".into()),
        region: Set("pirkanmaa".into()),
        stage: Set("small".into()),
        role_in_company: Set(String::new()),
        message: Set(String::new()),
        consent_at: Set(decided),
        status: Set(status.into()),
        decided_at: Set(Some(decided)),
        created_at: Set(decided),
        ..Default::default()
    }
    .insert(app.db())
    .await
    .unwrap()
    .id
}

#[tokio::test]
async fn the_daily_pass_deletes_what_is_past_its_time_once_a_day_and_logs_it() {
    let app = TestApp::spawn().await;
    let admin = app.setup_site().await;
    let panel = private_panel(&app, "paneeli", admin.id).await;
    let old_declined = application(&app, panel.id, admin.id, "declined", 400).await;
    let new_declined = application(&app, panel.id, admin.id, "declined", 30).await;
    let old_accepted = application(&app, panel.id, admin.id, "accepted", 400).await;
    // Mail: one sent long ago, one sent yesterday.
    lupa::email::enqueue(
        app.db(),
        lupa::email::OutgoingEmail {
            to: "vanha@example.fi".into(),
            subject: "Vanha".into(),
            text: "Vanha viesti".into(),
            html: None,
        },
    )
    .await
    .unwrap();
    app.state().mailer.send_due().await.unwrap();
    let sent = email_outbox::Entity::find().all(app.db()).await.unwrap();
    for row in &sent {
        email_outbox::ActiveModel {
            id: Set(row.id),
            sent_at: Set(Some(app.now() - Duration::days(200))),
            ..Default::default()
        }
        .update(app.db())
        .await
        .unwrap();
    }
    // A session last used 100 days ago (expired long since: kept only by a long idle time).
    let stale = session::ActiveModel {
        id: Set("stale-session".into()),
        user_id: Set(Some(admin.id)),
        data: Set("{}".into()),
        expires_at: Set((app.now() - Duration::days(100)).timestamp()),
    };
    stale.insert(app.db()).await.unwrap();

    let swept = retention::run_due(app.state(), app.now())
        .await
        .unwrap()
        .expect("the day's pass");
    assert_eq!(swept.declined_applications, 1);
    assert!(swept.emails >= 1 && swept.sessions >= 1, "{swept:?}");
    let left: Vec<i32> = panel_application::Entity::find()
        .all(app.db())
        .await
        .unwrap()
        .into_iter()
        .map(|a| a.id)
        .collect();
    assert!(!left.contains(&old_declined));
    assert!(left.contains(&new_declined) && left.contains(&old_accepted));
    assert!(
        email_outbox::Entity::find()
            .all(app.db())
            .await
            .unwrap()
            .is_empty()
    );
    for row in &sent {
        let file = app
            .state()
            .settings
            .data_dir
            .join(format!("outbox/{}.eml", row.id));
        assert!(!file.exists(), "{}", file.display());
    }
    assert!(
        session::Entity::find_by_id("stale-session")
            .one(app.db())
            .await
            .unwrap()
            .is_none()
    );
    // Once a day: a second run the same day does nothing; the next day runs again.
    assert!(
        retention::run_due(app.state(), app.now())
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        retention::run_due(app.state(), app.now() + Duration::days(1))
            .await
            .unwrap()
            .is_some()
    );
    let logged = audit_entry::Entity::find()
        .filter(audit_entry::Column::Action.eq("retention_pass"))
        .all(app.db())
        .await
        .unwrap();
    assert_eq!(logged.len(), 2);
    assert!(
        logged[0].after.contains("declined_applications=1"),
        "{:?}",
        logged[0]
    );
}

#[tokio::test]
async fn the_settings_are_checked_the_same_on_the_page_and_in_the_api() {
    let app = TestApp::spawn().await;
    let admin = app.setup_site().await;
    let bad = app
        .form_post(
            "/admin/data-rights",
            "/admin/data-rights",
            &[
                ("erasure_policy", "keep"),
                ("retention_declined_months", "0"),
                ("retention_sessions_days", "30"),
                ("retention_outbox_days", "many"),
            ],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.exists("#retention_declined_months-error"));
    assert!(bad.exists("#retention_outbox_days-error"));
    // What was typed stays in the form.
    assert!(bad.body.contains("value=\"many\""), "{}", bad.body);
    let api = Client::for_user(&app, &admin).await;
    let refused = api
        .put(
            "/api/v1/admin/data-rights",
            json!({ "erasure_policy": "shred", "retention_declined_months": 12,
                    "retention_sessions_days": 30, "retention_outbox_days": 30 }),
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused.fields(), ["erasure_policy"]);
    let saved = api
        .put(
            "/api/v1/admin/data-rights",
            json!({ "erasure_policy": "remove", "retention_declined_months": 6,
                    "retention_sessions_days": 30, "retention_outbox_days": 45 }),
        )
        .await;
    assert_eq!(saved.status, StatusCode::OK, "{:#}", saved.json);
    assert_eq!(
        api.get("/api/v1/admin/data-rights").await.json["erasure_policy"],
        "remove"
    );
    let page = app.get("/admin/data-rights").await;
    assert!(
        page.exists("#erasure_policy-remove[checked]"),
        "{}",
        page.body
    );
    // Not for others.
    let member = app.create_user_in("vero", lupa::auth::Role::Member).await;
    assert_eq!(
        Client::for_user(&app, &member)
            .await
            .get("/api/v1/admin/data-rights")
            .await
            .status,
        StatusCode::FORBIDDEN
    );
}
