//! Fixtures more than one test file starts from: private panels with seated members (made
//! straight in the database, as the tests have always made them), a JSON client of the API,
//! the editor's post form with every field, and the check that rendered user content is
//! harmless. `helpers.rs` holds the app itself; this holds the worlds the tests build in it.
use chrono::{DateTime, Duration, NaiveDate, Utc};
use lupa::{
    auth::Role,
    db::now,
    entities::{panel, panel_member, workshop},
    people::service as people,
};
use reqwest::{Method, StatusCode, header};
use sea_orm::{ActiveModelTrait, ActiveValue::Set};
use serde_json::Value;

use crate::helpers::{TestApp, TestClient, TestUser};

// ----- Panels and seats -----

/// A private, unlisted panel to make straight in the database; its term starts on
/// 1 January 2026.
pub(crate) struct PrivatePanel<'a> {
    pub slug: &'a str,
    pub name: &'a str,
    /// The short name of the organisation it belongs to (created if missing).
    pub organization: &'a str,
    /// The last day of its term (year, month, day).
    pub term_end: (i32, u32, u32),
    pub seat_target: i32,
    pub seat_cap: i32,
}

impl PrivatePanel<'_> {
    /// Insert the panel, created by `created_by`; returns its id.
    pub async fn insert(&self, app: &TestApp, created_by: i32) -> i32 {
        let org = app.create_organization(self.organization).await;
        let at = now();
        let (year, month, day) = self.term_end;
        panel::ActiveModel {
            slug: Set(self.slug.to_owned()),
            name: Set(self.name.to_owned()),
            description_md: Set(String::new()),
            description_html: Set(String::new()),
            organization_id: Set(org.id),
            term_start: Set(NaiveDate::from_ymd_opt(2026, 1, 1).unwrap()),
            term_end: Set(NaiveDate::from_ymd_opt(year, month, day).unwrap()),
            seat_target: Set(self.seat_target),
            seat_cap: Set(self.seat_cap),
            visibility: Set("private".to_owned()),
            listed_publicly: Set(false),
            created_by: Set(created_by),
            created_at: Set(at),
            updated_at: Set(at),
            ..Default::default()
        }
        .insert(app.db())
        .await
        .expect("creating a panel")
        .id
    }
}

/// Seat the person `user_id` in a panel as `role` (`member`, `facilitator`) for the company
/// "Yritys {user_id}", in `industry` if given, straight in the database.
pub(crate) async fn seat_company(
    app: &TestApp,
    panel_id: i32,
    user_id: i32,
    role: &str,
    industry: Option<&str>,
) {
    panel_member::ActiveModel {
        panel_id: Set(panel_id),
        user_id: Set(user_id),
        role: Set(role.to_owned()),
        company_name: Set(format!("Yritys {user_id}")),
        business_id: Set(None),
        industry: Set(industry.map(str::to_owned)),
        region: Set(None),
        stage: Set(None),
        role_in_company: Set(String::new()),
        joined_at: Set(now()),
        ..Default::default()
    }
    .insert(app.db())
    .await
    .expect("seating a member");
}

/// A fresh site (set up by its admin) with one private panel: a facilitator and `members`
/// seated members, each a company in `industry` (if given).
pub(crate) struct PanelWorld {
    pub app: TestApp,
    pub facilitator: TestUser,
    pub members: Vec<TestUser>,
    pub panel_id: i32,
}

impl PanelWorld {
    pub async fn new(panel: &PrivatePanel<'_>, members: usize, industry: Option<&str>) -> Self {
        let app = TestApp::spawn().await;
        let admin = app.setup_site().await;
        let panel_id = panel.insert(&app, admin.id).await;
        let facilitator = app.create_user(Role::Member).await;
        seat_company(&app, panel_id, facilitator.id, "facilitator", industry).await;
        let mut seated = Vec::new();
        for _ in 0..members {
            let m = app.create_user(Role::Member).await;
            seat_company(&app, panel_id, m.id, "member", industry).await;
            seated.push(m);
        }
        PanelWorld {
            app,
            facilitator,
            members: seated,
            panel_id,
        }
    }

    /// A client signed in as the `member`th member.
    pub async fn client(&self, member: usize) -> TestClient {
        self.app.client_for(&self.members[member]).await
    }
}

/// A workshop of three hours to insert straight in the database: not cancelled, no
/// registration deadline, no online link, sequence 0.
pub(crate) struct WorkshopRow<'a> {
    pub panel_id: i32,
    pub uid_key: &'a str,
    pub title: &'a str,
    pub description_md: &'a str,
    pub description_html: &'a str,
    pub starts_at: DateTime<Utc>,
    pub place: Option<&'a str>,
    pub capacity: i32,
    pub created_by: i32,
    /// Its `created_at` and `updated_at`.
    pub at: DateTime<Utc>,
}

impl WorkshopRow<'_> {
    /// Insert the workshop; returns its id.
    pub async fn insert(&self, app: &TestApp) -> i32 {
        workshop::ActiveModel {
            panel_id: Set(self.panel_id),
            uid_key: Set(self.uid_key.to_owned()),
            title: Set(self.title.to_owned()),
            description_md: Set(self.description_md.to_owned()),
            description_html: Set(self.description_html.to_owned()),
            starts_at: Set(self.starts_at),
            ends_at: Set(self.starts_at + Duration::hours(3)),
            place: Set(self.place.map(str::to_owned)),
            online_url: Set(None),
            capacity: Set(self.capacity),
            registration_deadline: Set(None),
            sequence: Set(0),
            cancelled_at: Set(None),
            created_by: Set(self.created_by),
            created_at: Set(self.at),
            updated_at: Set(self.at),
            ..Default::default()
        }
        .insert(app.db())
        .await
        .expect("creating a workshop")
        .id
    }
}

// ----- A JSON client and a panel to call -----

/// The slug of the panel `panel_with` makes.
pub(crate) const API_PANEL_SLUG: &str = "api-paneeli";

/// A client of the API with one person's token (or none).
#[derive(Clone)]
pub(crate) struct Client {
    base: String,
    http: reqwest::Client,
    token: Option<String>,
    language: Option<&'static str>,
}

/// A response with its JSON body (`Null` when there was none).
#[derive(Debug)]
pub(crate) struct Reply {
    pub status: StatusCode,
    pub json: Value,
}

impl Reply {
    /// `error.fields`' names, sorted.
    pub fn fields(&self) -> Vec<String> {
        let mut names: Vec<String> = self.json["error"]["fields"]
            .as_object()
            .map(|m| m.keys().cloned().collect())
            .unwrap_or_default();
        names.sort();
        names
    }
    pub fn field(&self, name: &str) -> &str {
        self.json["error"]["fields"][name].as_str().unwrap_or("")
    }
}

impl Client {
    pub fn anonymous(app: &TestApp) -> Client {
        Client {
            base: app.address.clone(),
            http: reqwest::Client::new(),
            token: None,
            language: None,
        }
    }

    pub async fn for_user(app: &TestApp, user: &TestUser) -> Client {
        let token = people::create_api_token(app.db(), user.id, "test")
            .await
            .expect("creating a token");
        Client {
            token: Some(token),
            ..Client::anonymous(app)
        }
    }

    pub fn in_language(mut self, lang: &'static str) -> Client {
        self.language = Some(lang);
        self
    }

    pub async fn send(&self, method: Method, path: &str, body: Option<Value>) -> Reply {
        let mut request = self.http.request(method, format!("{}{path}", self.base));
        if let Some(token) = &self.token {
            request = request.bearer_auth(token);
        }
        if let Some(lang) = self.language {
            request = request.header(header::ACCEPT_LANGUAGE, lang);
        }
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.expect("sending a request");
        let status = response.status();
        let text = response.text().await.expect("reading a body");
        Reply {
            status,
            json: serde_json::from_str(&text).unwrap_or(Value::Null),
        }
    }

    pub async fn get(&self, path: &str) -> Reply {
        self.send(Method::GET, path, None).await
    }
    pub async fn post(&self, path: &str, body: Value) -> Reply {
        self.send(Method::POST, path, Some(body)).await
    }
    pub async fn put(&self, path: &str, body: Value) -> Reply {
        self.send(Method::PUT, path, Some(body)).await
    }
    pub async fn patch(&self, path: &str, body: Value) -> Reply {
        self.send(Method::PATCH, path, Some(body)).await
    }
    pub async fn delete(&self, path: &str) -> Reply {
        self.send(Method::DELETE, path, None).await
    }
}

/// A private panel (`API_PANEL_SLUG`) with a facilitator, seated members and an outsider
/// (a writer), each with a token.
pub(crate) struct Panel {
    pub app: TestApp,
    pub facilitator: Client,
    pub members: Vec<(TestUser, Client)>,
    pub outsider: Client,
}

pub(crate) async fn panel_with(members: usize) -> Panel {
    let w = PanelWorld::new(
        &PrivatePanel {
            slug: API_PANEL_SLUG,
            name: "Rajapintapaneeli",
            organization: "kunta",
            term_end: (2031, 12, 31),
            seat_target: 20,
            seat_cap: 30,
        },
        members,
        None,
    )
    .await;
    let app = w.app;
    let mut seated = Vec::new();
    for m in w.members {
        let client = Client::for_user(&app, &m).await;
        seated.push((m, client));
    }
    let outsider = app.create_user(Role::Writer).await;
    Panel {
        facilitator: Client::for_user(&app, &w.facilitator).await,
        outsider: Client::for_user(&app, &outsider).await,
        members: seated,
        app,
    }
}

// ----- Posts -----

/// Write a post through the editor with every field; returns its path (`/posts/{slug}`).
/// (`helpers::write_post` is the short form.)
pub async fn write_post(
    client: &TestClient,
    title: &str,
    body: &str,
    labels: &str,
    visibility: &str,
    status: &str,
) -> String {
    write_post_in(client, "fi", title, body, labels, visibility, status).await
}

/// `write_post` with the post's language (`fi`, `sv`, `en`).
pub async fn write_post_in(
    client: &TestClient,
    language: &str,
    title: &str,
    body: &str,
    labels: &str,
    visibility: &str,
    status: &str,
) -> String {
    let response = client
        .form_post(
            "/posts/new",
            "/posts",
            &[
                ("title", title),
                ("body", body),
                ("labels", labels),
                ("language", language),
                ("visibility", visibility),
                ("status", status),
                ("action", "save"),
            ],
        )
        .await;
    assert_eq!(response.status, StatusCode::SEE_OTHER, "{}", response.body);
    response.location().expect("a redirect to the post")
}

/// What no rendered user content may contain: none of the elements `banned`, no `on…`
/// attribute, and no `javascript:`, `vbscript:` or `data:` address in `url_attributes` (in
/// any attribute when `None`).
pub(crate) fn assert_harmless(
    html: &str,
    context: &str,
    banned: &[&str],
    url_attributes: Option<&[&str]>,
) {
    let doc = scraper::Html::parse_fragment(html);
    for element in doc
        .root_element()
        .descendants()
        .filter_map(scraper::ElementRef::wrap)
    {
        let name = element.value().name();
        assert!(
            !banned.contains(&name),
            "{context}: <{name}> survived in {html}"
        );
        for (attr, value) in element.value().attrs() {
            assert!(
                !attr.to_ascii_lowercase().starts_with("on"),
                "{context}: {attr} survived in {html}"
            );
            if url_attributes.is_none_or(|names| names.contains(&attr)) {
                let v: String = value
                    .chars()
                    .filter(|c| !c.is_whitespace() && !c.is_control())
                    .collect::<String>()
                    .to_ascii_lowercase();
                assert!(
                    !(v.starts_with("javascript:")
                        || v.starts_with("vbscript:")
                        || v.starts_with("data:")),
                    "{context}: {attr}={value} survived"
                );
            }
        }
    }
}

// ----- A `lupa serve` of a test's own -----

/// A port free on 127.0.0.1 for a child `lupa serve` to bind.
pub(crate) fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Wait (up to a minute) until the server at `address` answers `/healthz` with 200.
pub(crate) async fn wait_until_serving(address: &str) {
    let http = reqwest::Client::new();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    loop {
        if let Ok(r) = http.get(format!("{address}/healthz")).send().await
            && r.status() == StatusCode::OK
        {
            return;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "lupa serve never answered"
        );
        // Polling for an observable state (the port answers), not guessing a delay.
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
}
