//! Ideas tasks end to end: members collect ideas and comment, facilitators merge duplicates
//! (credits, comments and votes carried over), members vote with dots or a ranking, the
//! results are counted as hand-computed, hidden ideas stay hidden (pages, API, search), other
//! panels and visitors see nothing, anonymity leaves no trace, and ideas reach the agenda,
//! actions and a person's data.
mod api;
mod links;
mod merge;
mod phases;
mod visibility;
mod voting;

use chrono::{Duration, Utc};
use lupa::{
    auth::Role,
    entities::tasks::{idea, idea_comment},
    tasks::{ideas::store, model::helsinki_input},
};
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

use crate::{
    fixtures::{PanelWorld, PrivatePanel, seat_company},
    helpers::{TestApp, TestClient, TestResponse, TestUser},
};

/// The panel the tests use.
pub const SLUG: &str = "ideapaneeli";

/// A private panel with a facilitator and three members (companies in three industries), a
/// member of another panel, and the clients of each.
pub struct World {
    pub app: TestApp,
    pub panel_id: i32,
    pub facilitator: TestUser,
    pub fac: TestClient,
    pub members: Vec<(TestUser, TestClient)>,
    /// A member of another panel.
    pub stranger_user: TestUser,
    pub stranger: TestClient,
}

pub async fn world() -> World {
    let w = PanelWorld::new(
        &PrivatePanel {
            slug: SLUG,
            name: "Ideapaneeli",
            organization: "kunta",
            term_end: (2040, 12, 31),
            seat_target: 20,
            seat_cap: 30,
        },
        0,
        None,
    )
    .await;
    let app = w.app;
    let mut members = Vec::new();
    for industry in ["ict", "hospitality", "ict"] {
        let m = app.create_user(Role::Member).await;
        seat_company(&app, w.panel_id, m.id, "member", Some(industry)).await;
        let client = app.client_for(&m).await;
        members.push((m, client));
    }
    let other = PrivatePanel {
        slug: "toinen-paneeli",
        name: "Toinen paneeli",
        organization: "kunta",
        term_end: (2040, 12, 31),
        seat_target: 20,
        seat_cap: 30,
    }
    .insert(&app, w.facilitator.id)
    .await;
    let stranger = app.create_user(Role::Member).await;
    seat_company(&app, other, stranger.id, "member", None).await;
    World {
        fac: app.client_for(&w.facilitator).await,
        stranger: app.client_for(&stranger).await,
        stranger_user: stranger,
        facilitator: w.facilitator,
        panel_id: w.panel_id,
        members,
        app,
    }
}

/// How a test's ideas task is set up.
pub struct Setup {
    pub visible: bool,
    pub anonymous: bool,
    pub method: &'static str,
    pub points: &'static str,
    pub results: &'static str,
}

impl Default for Setup {
    fn default() -> Self {
        Setup {
            visible: true,
            anonymous: false,
            method: "dots",
            points: "10",
            results: "always",
        }
    }
}

pub fn board(id: i32) -> String {
    format!("/panels/{SLUG}/tasks/{id}")
}

pub fn idea_path(task: i32, idea: i32) -> String {
    format!("/panels/{SLUG}/tasks/{task}/ideas/{idea}")
}

impl World {
    pub fn member(&self, i: usize) -> &TestClient {
        &self.members[i].1
    }

    /// Write an ideas task through the facilitator's form, collecting ideas since an hour
    /// ago; returns its id.
    pub async fn task(&self, setup: Setup) -> i32 {
        let now = Utc::now();
        let opens = helsinki_input(&(now - Duration::hours(1)));
        let voting = helsinki_input(&(now + Duration::days(7)));
        let closes = helsinki_input(&(now + Duration::days(14)));
        let mut fields = vec![
            ("title", "Ideoita asiointiin"),
            ("intro", "Mikä helpottaisi yrityksenne asiointia?"),
            ("opens_at", opens.as_str()),
            ("voting_opens_at", voting.as_str()),
            ("closes_at", closes.as_str()),
            ("results", setup.results),
            ("method", setup.method),
            ("points", setup.points),
        ];
        if setup.visible {
            fields.push(("ideas_visible", "on"));
        }
        if setup.anonymous {
            fields.push(("anonymous", "on"));
        }
        let page = format!("/panels/{SLUG}/tasks/new-ideas");
        let done = self.fac.form_post(&page, &page, &fields).await;
        assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
        let to = done.location().expect("a redirect to the task");
        to.rsplit('/').next().unwrap().parse().expect("a task id")
    }

    /// Submit an idea through the board's form as `client`.
    pub async fn submit(
        &self,
        client: &TestClient,
        task: i32,
        title: &str,
        body: &str,
    ) -> TestResponse {
        client
            .form_post(
                &board(task),
                &format!("{}/ideas", board(task)),
                &[("title", title), ("body", body)],
            )
            .await
    }

    /// Submit an idea that must go through; returns its id.
    pub async fn idea(&self, client: &TestClient, task: i32, title: &str) -> i32 {
        let done = self.submit(client, task, title, "").await;
        assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
        self.ideas(task)
            .await
            .into_iter()
            .find(|i| i.title == title)
            .expect("the idea was stored")
            .id
    }

    /// Every idea of a task, as stored.
    pub async fn ideas(&self, task: i32) -> Vec<idea::Model> {
        store::ideas_of(self.app.db(), task).await.unwrap()
    }

    /// Every comment on an idea, as stored.
    pub async fn comments(&self, idea: i32) -> Vec<idea_comment::Model> {
        idea_comment::Entity::find()
            .filter(idea_comment::Column::IdeaId.eq(idea))
            .order_by_asc(idea_comment::Column::Id)
            .all(self.app.db())
            .await
            .unwrap()
    }

    /// Move the task on with the facilitator's button (`voting`, `closed`).
    pub async fn phase(&self, task: i32, phase: &str) {
        let done = self
            .fac
            .form_post(
                &board(task),
                &format!("{}/phase", board(task)),
                &[("phase", phase)],
            )
            .await;
        assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    }

    /// Vote through the board's ballot as `client`.
    pub async fn vote(
        &self,
        client: &TestClient,
        task: i32,
        votes: &[(i32, &str)],
    ) -> TestResponse {
        let fields: Vec<(String, String)> = votes
            .iter()
            .map(|(idea, v)| (format!("q0_o{idea}"), (*v).to_owned()))
            .collect();
        let pairs: Vec<(&str, &str)> = fields
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        client
            .form_post(&board(task), &format!("{}/votes", board(task)), &pairs)
            .await
    }

    /// Comment on an idea through its page.
    pub async fn comment(
        &self,
        client: &TestClient,
        task: i32,
        idea: i32,
        body: &str,
    ) -> TestResponse {
        let page = idea_path(task, idea);
        client
            .form_post(&page, &format!("{page}/comments"), &[("body", body)])
            .await
    }

    /// Titles of the ideas a client sees on the board.
    pub async fn board_titles(&self, client: &TestClient, task: i32) -> Vec<String> {
        let page = client.get(&board(task)).await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.body);
        page.select(".idea h3 a")
    }
}
