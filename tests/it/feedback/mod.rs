//! The feedback channel end to end: the public form and its bot defences, the inbox and who
//! may see it, replies through the outbox, publishing, privacy, counts and the API.
mod api;
mod form;
mod inbox;
mod panel_form;
mod publish;

use chrono::Duration;
use lupa::{
    auth::Role,
    feedback::{bots, entities::feedback_item, store},
};
use reqwest::StatusCode;
use sea_orm::{EntityTrait, QueryOrder};

use crate::helpers::{TestApp, TestClient, TestUser, csrf_from};

/// The organisation whose form the tests use.
pub const ORG: &str = "kaupunki";

/// A set-up site with an organisation that keeps two topics, and its staff.
pub struct World {
    pub app: TestApp,
    pub admin: TestUser,
    pub member: TestUser,
    pub editor: TestUser,
    pub topics: Vec<i32>,
}

pub async fn world() -> World {
    let app = TestApp::spawn().await;
    let admin = app.setup_site().await;
    let org = app.create_organization(ORG).await;
    let mut topics = Vec::new();
    for name in ["Aukioloajat", "Verkkosivut"] {
        topics.push(
            store::insert_topic(app.db(), org.id, name, app.now())
                .await
                .expect("adding a topic")
                .id,
        );
    }
    let member = app.create_user_in(ORG, Role::Member).await;
    let editor = app.create_user_in(ORG, Role::Editor).await;
    World {
        app,
        admin,
        member,
        editor,
        topics,
    }
}

impl World {
    /// A stamp for a form shown `seconds` ago (a person who took their time).
    pub async fn stamp_ago(&self, seconds: i64) -> String {
        bots::stamp(self.app.db(), self.app.now() - Duration::seconds(seconds))
            .await
            .expect("a stamp")
    }

    /// Open the form as `client`, then send `fields` with the page's CSRF token and a stamp
    /// from a minute ago (unless `fields` has its own).
    pub async fn send(
        &self,
        client: &TestClient,
        fields: &[(&str, &str)],
    ) -> crate::helpers::TestResponse {
        let page = client.get(&format!("/feedback/{ORG}")).await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.body);
        let token = csrf_from(&page.body).expect("the form has a CSRF token");
        let stamp = self.stamp_ago(60).await;
        let mut all: Vec<(&str, &str)> = fields.to_vec();
        all.push(("csrf_token", &token));
        if !fields.iter().any(|(k, _)| *k == "started") {
            all.push(("started", &stamp));
        }
        client.post_raw(&format!("/feedback/{ORG}"), &all).await
    }

    /// Send ordinary feedback on the first topic as a new visitor; returns the item's id.
    pub async fn feedback(&self, body: &str, email: &str, may_publish: bool, lang: &str) -> i32 {
        let topic = self.topics[0].to_string();
        let mut fields = vec![
            ("topic", topic.as_str()),
            ("body", body),
            ("email", email),
            ("language", lang),
        ];
        if may_publish {
            fields.push(("may_publish", "yes"));
        }
        let sent = self.send(&self.app.new_client(), &fields).await;
        assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
        latest(&self.app).await.id
    }
}

/// The newest item.
pub async fn latest(app: &TestApp) -> feedback_item::Model {
    feedback_item::Entity::find()
        .order_by_desc(feedback_item::Column::Id)
        .one(app.db())
        .await
        .expect("reading items")
        .expect("an item")
}

/// How many items there are.
pub async fn count(app: &TestApp) -> usize {
    feedback_item::Entity::find()
        .all(app.db())
        .await
        .expect("reading items")
        .len()
}
