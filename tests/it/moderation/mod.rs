//! Moderation end to end: newcomers' contributions held for approval, flags, the queue and
//! its actions, suspensions, the limits for new accounts, the audit log, the API, and who
//! may do what (the permission matrix).
use lupa::{
    auth::Role,
    entities::{audit_entry, comment, post},
};
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

use crate::fixtures::{PanelWorld, PrivatePanel, seat_company};
use crate::helpers::{TestApp, TestClient, TestResponse, TestUser};

mod api;
mod audit;
mod blog_matrix;
mod demo;
mod flags;
mod limits;
mod matrix;
mod premoderation;
mod queue;

pub(crate) const SLUG: &str = "moderointi";

/// A private panel with a topic by its facilitator, a staff member seated in it, and a
/// customer seated in it (customers take part through panels until the site opens the blog
/// to them).
pub(crate) struct World {
    pub app: TestApp,
    pub facilitator: TestUser,
    pub fclient: TestClient,
    pub member: TestUser,
    pub mclient: TestClient,
    pub customer: TestUser,
    pub cclient: TestClient,
    pub topic_id: i32,
}

impl World {
    pub async fn new() -> World {
        let w = PanelWorld::new(
            &PrivatePanel {
                slug: SLUG,
                name: "Moderointipaneeli",
                organization: "kunta",
                term_end: (2031, 12, 31),
                seat_target: 20,
                seat_cap: 30,
            },
            1,
            None,
        )
        .await;
        let app = w.app;
        let customer = app.create_user(Role::Customer).await;
        seat_company(&app, w.panel_id, customer.id, "member", None).await;
        let fclient = app.client_for(&w.facilitator).await;
        let mclient = app.client_for(&w.members[0]).await;
        let cclient = app.client_for(&customer).await;
        let topics = format!("/panels/{SLUG}/topics");
        let created = fclient
            .form_post(
                &topics,
                &topics,
                &[
                    ("title", "Palautteen aihe"),
                    ("body", "Kertokaa ajatuksianne."),
                ],
            )
            .await;
        assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.body);
        let topic_id = created
            .location()
            .unwrap()
            .rsplit('/')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        World {
            app,
            facilitator: w.facilitator,
            fclient,
            member: w.members[0].clone(),
            mclient,
            customer,
            cclient,
            topic_id,
        }
    }

    pub fn topic_path(&self) -> String {
        format!("/panels/{SLUG}/topics/{}", self.topic_id)
    }

    /// Send a reply in the topic as `client`.
    pub async fn reply(&self, client: &TestClient, body: &str) -> TestResponse {
        let path = self.topic_path();
        client
            .form_post(&path, &format!("{path}/replies"), &[("body", body)])
            .await
    }

    /// The comment with this text.
    pub async fn comment(&self, body: &str) -> comment::Model {
        comment::Entity::find()
            .filter(comment::Column::BodyMd.eq(body))
            .one(self.app.db())
            .await
            .unwrap()
            .unwrap_or_else(|| panic!("no comment {body:?}"))
    }

    /// A staff person's client.
    pub async fn staff(&self, role: Role) -> (TestUser, TestClient) {
        let u = self.app.create_user(role).await;
        let c = self.app.client_for(&u).await;
        (u, c)
    }
}

/// The audit entries, oldest first.
pub(crate) async fn audit_entries(app: &TestApp) -> Vec<audit_entry::Model> {
    audit_entry::Entity::find()
        .order_by_asc(audit_entry::Column::Id)
        .all(app.db())
        .await
        .unwrap()
}

/// A post by its id.
pub(crate) async fn post_by_id(app: &TestApp, id: i32) -> post::Model {
    post::Entity::find_by_id(id)
        .one(app.db())
        .await
        .unwrap()
        .unwrap()
}
