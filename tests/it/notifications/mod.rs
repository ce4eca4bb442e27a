//! Follows, notifications, mentions and their email (issue 16), end to end: who is told of
//! what (and never of what they may not read), the bell and the notifications page, the
//! following page and buttons, @handles, immediate emails and digests driven with explicit
//! times, and the JSON API.
use chrono::{DateTime, Utc};
use lupa::{
    auth::Role,
    entities::{email_outbox, post},
    i18n::Lang,
    notifications::{entities::notification, mail},
    workshops::service::Site,
};
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

use crate::helpers::{TestApp, TestClient, TestUser, write_post};

mod api;
mod following;
mod mail_tests;
mod mentions;
mod on_site;

/// A set-up site with a writer and a member of staff in other organisations, and a customer.
/// The app's default client is the administrator.
pub(crate) struct World {
    pub app: TestApp,
    pub writer: TestUser,
    pub wclient: TestClient,
    pub member: TestUser,
    pub mclient: TestClient,
    pub customer: TestUser,
    pub cclient: TestClient,
}

impl World {
    pub async fn new() -> World {
        Self::on(TestApp::spawn().await).await
    }

    /// A world on an app whose clock starts at `instant`.
    pub async fn at(instant: &str) -> World {
        Self::on(TestApp::spawn_at(instant).await).await
    }

    /// A world on an app with adjusted settings.
    pub async fn with(configure: impl FnOnce(&mut lupa::config::Settings)) -> World {
        Self::on(TestApp::spawn_with(configure).await).await
    }

    async fn on(app: TestApp) -> World {
        app.setup_site().await;
        let writer = app.create_user_in("vero", Role::Writer).await;
        let member = app.create_user_in("kela", Role::Member).await;
        let customer = app.create_user_in("yritys", Role::Customer).await;
        let wclient = app.client_for(&writer).await;
        let mclient = app.client_for(&member).await;
        let cclient = app.client_for(&customer).await;
        World {
            app,
            writer,
            wclient,
            member,
            mclient,
            customer,
            cclient,
        }
    }

    /// Publish a post as the writer; returns its path.
    pub async fn post(&self, title: &str, visibility: &str) -> String {
        write_post(&self.wclient, title, visibility).await
    }

    /// The post at `path` (`/posts/{slug}`).
    pub async fn post_at(&self, path: &str) -> post::Model {
        let slug = path.trim_start_matches("/posts/");
        post::Entity::find()
            .filter(post::Column::Slug.eq(slug))
            .one(self.app.db())
            .await
            .unwrap()
            .unwrap()
    }

    /// Comment on the post at `path` as `client` (a reply when `parent` is given).
    pub async fn comment(&self, client: &TestClient, path: &str, body: &str, parent: Option<i32>) {
        let parent = parent.map(|p| p.to_string()).unwrap_or_default();
        let r = client
            .form_post(
                path,
                &format!("{path}/comments"),
                &[("body", body), ("parent_id", parent.as_str())],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    }
}

/// Save the email settings form as `client`: `delivery-{kind}` fields, the digest hour.
pub(crate) async fn choose(client: &TestClient, deliveries: &[(&str, &str)], hour: &str) {
    let mut fields: Vec<(String, String)> = deliveries
        .iter()
        .map(|(k, d)| (format!("delivery-{k}"), (*d).to_owned()))
        .collect();
    fields.push(("digest_hour".into(), hour.into()));
    fields.push(("combine_minutes".into(), "5".into()));
    let pairs: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let r = client
        .form_post("/settings/email", "/settings/email", &pairs)
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
}

/// Follow or unfollow through the button's form, from the page at `page`.
pub(crate) async fn follow(
    client: &TestClient,
    page: &str,
    kind: &str,
    id: i32,
    action: &str,
) -> StatusCode {
    let id = id.to_string();
    client
        .form_post(
            page,
            "/follows",
            &[
                ("kind", kind),
                ("id", id.as_str()),
                ("action", action),
                ("next", page),
            ],
        )
        .await
        .status
}

/// Every notification of a person, oldest first.
pub(crate) async fn notifications_of(app: &TestApp, user_id: i32) -> Vec<notification::Model> {
    notification::Entity::find()
        .filter(notification::Column::UserId.eq(user_id))
        .order_by_asc(notification::Column::Id)
        .all(app.db())
        .await
        .unwrap()
}

/// The kinds of a person's notifications, oldest first.
pub(crate) async fn kinds_of(app: &TestApp, user_id: i32) -> Vec<String> {
    notifications_of(app, user_id)
        .await
        .into_iter()
        .map(|n| n.kind)
        .collect()
}

/// The emails queued to an address, oldest first.
pub(crate) async fn emails_to(app: &TestApp, address: &str) -> Vec<email_outbox::Model> {
    email_outbox::Entity::find()
        .filter(email_outbox::Column::ToAddress.eq(address))
        .order_by_asc(email_outbox::Column::Id)
        .all(app.db())
        .await
        .unwrap()
}

/// The app's site for the email passes.
pub(crate) fn site(app: &TestApp) -> Site {
    Site {
        base_url: app.state().settings.base_url(),
        default_lang: Lang::Fi,
    }
}

/// One notification email pass at `at`.
pub(crate) async fn mail_at(app: &TestApp, at: DateTime<Utc>) -> usize {
    mail::run_due(app.db(), &site(app), at)
        .await
        .expect("a notification email pass")
}

pub(crate) fn at(s: &str) -> DateTime<Utc> {
    s.parse().unwrap()
}
