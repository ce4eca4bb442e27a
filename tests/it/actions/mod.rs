//! Actions and follow-through end to end: writing an action from a source, moving it on with
//! updates, the progress page and who sees what of it, "my actions", overdue actions on the
//! next workshop's agenda, the JSON API, and the owner's reminders at chosen instants.
mod api;
mod notify;
mod pages;
mod reminders;
mod year;

use chrono::{DateTime, Utc};
use lupa::{
    auth::Role,
    email::EmailKind,
    entities::email_outbox,
    feedback::{model::NewFeedback, store as feedback_store},
    i18n::Lang,
    markdown,
};
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

use crate::{
    fixtures::{PanelWorld, PrivatePanel, seat_company},
    helpers::{TestClient, TestUser},
};

/// The panel the tests use; it belongs to the organisation `kunta`.
pub const SLUG: &str = "asiointi";

/// A private panel with a facilitator who is also staff of the panel's organisation (so may
/// see its feedback), and `members` seated members.
pub struct World {
    pub w: PanelWorld,
    pub staff: TestUser,
}

pub async fn world(members: usize) -> World {
    let w = PanelWorld::new(
        &PrivatePanel {
            slug: SLUG,
            name: "Asiointipaneeli",
            organization: "kunta",
            term_end: (2040, 12, 31),
            seat_target: 20,
            seat_cap: 30,
        },
        members,
        None,
    )
    .await;
    let staff = w.app.create_user_in("kunta", Role::Member).await;
    seat_company(&w.app, w.panel_id, staff.id, "facilitator", None).await;
    World { w, staff }
}

impl World {
    pub async fn staff_client(&self) -> TestClient {
        self.w.app.client_for(&self.staff).await
    }

    pub async fn facilitator_client(&self) -> TestClient {
        self.w.app.client_for(&self.w.facilitator).await
    }

    /// A feedback item sent to the panel's organisation; returns its id.
    pub async fn feedback(&self, text: &str) -> i32 {
        let db = self.w.app.db();
        let org = self.w.app.create_organization("kunta").await;
        let topic = feedback_store::insert_topic(db, org.id, "Asiointi", self.w.app.now())
            .await
            .unwrap();
        feedback_store::insert_item(
            db,
            org.id,
            None,
            NewFeedback {
                topic_id: topic.id,
                body_md: text.to_owned(),
                html: markdown::render(text).unwrap(),
                email: None,
                may_publish: false,
                language: Lang::Fi,
            },
            self.w.app.now(),
        )
        .await
        .unwrap()
        .id
    }
}

/// Write an action through the page as `client`; returns the new action's path.
pub async fn write_action(client: &TestClient, fields: &[(&str, &str)]) -> String {
    let page = format!("/panels/{SLUG}/actions/new");
    let done = client.form_post(&page, &page, fields).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    done.location().expect("a redirect to the action")
}

/// Emails of the action reminder kind to `to`, oldest first.
pub async fn reminders_to(w: &PanelWorld, to: &str) -> Vec<email_outbox::Model> {
    email_outbox::Entity::find()
        .filter(email_outbox::Column::ToAddress.eq(to))
        .filter(email_outbox::Column::Kind.eq(EmailKind::ActionReminder.as_str()))
        .order_by_asc(email_outbox::Column::Id)
        .all(w.app.db())
        .await
        .unwrap()
}

pub fn at(s: &str) -> DateTime<Utc> {
    s.parse().unwrap()
}
