//! The test harness: a real Lupa on a random port against a fresh database (a temp SQLite
//! file, or a fresh PostgreSQL database when `TEST_DATABASE_URL` is set), HTTP clients that
//! keep cookies and CSRF tokens like a browser, and HTML assertions with CSS selectors.
mod database;
pub mod demo;

use std::sync::{
    Arc, Mutex,
    atomic::{AtomicU32, Ordering},
};

use chrono::{DateTime, Utc};
use lupa::{
    auth::{Role, password::Password},
    config::{Secret, Settings, WriteRate},
    entities::{organization, panel, panel_member},
    people::{
        model::{DisplayName, Email, OrgName, ShortName},
        service::{self as people, NewUser},
        store,
    },
    startup::Application,
    state::AppState,
};
use reqwest::{
    StatusCode, Url,
    cookie::{CookieStore, Jar},
    header::{self, HeaderMap},
    redirect,
};
use scraper::{Html, Selector};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, DatabaseConnection};
use tempfile::TempDir;

use database::{PgDatabase, TestDatabase, test_database_url};

/// The password every test person gets (long enough for the 12-character rule).
pub const PASSWORD: &str = "oikea hevonen patteri niitti";
/// The organisation `create_user` puts people in (created on first use).
pub const TEST_ORG: &str = "testivirasto";
/// Name of the session cookie.
pub const SESSION_COOKIE: &str = "lupa_session";

/// A running Lupa with its own database; everything is cleaned up when it is dropped.
pub struct TestApp {
    /// `http://127.0.0.1:<port>`
    pub address: String,
    /// The app's default client; `setup_site` signs it in as the administrator.
    pub client: TestClient,
    state: AppState,
    server: tokio::task::JoinHandle<()>,
    // Dropped after the server handle is aborted (fields drop in declaration order).
    _database: TestDatabase,
}

/// Another app node serving the same database (see `TestApp::spawn_second_node`).
pub struct SecondNode {
    /// `http://127.0.0.1:<port>`
    pub address: String,
    /// The node's state (its search index and page cache), for tests that drive it.
    #[allow(
        dead_code,
        reason = "for tests that make the second node follow the outbox"
    )]
    pub state: AppState,
    server: tokio::task::JoinHandle<()>,
    _dir: TempDir,
}

impl Drop for SecondNode {
    fn drop(&mut self) {
        self.server.abort();
    }
}

/// A private, unlisted panel of the test organisation made straight in the database.
pub async fn private_panel(app: &TestApp, slug: &str, created_by: i32) -> panel::Model {
    let org = app.create_organization(TEST_ORG).await;
    let now = chrono::Utc::now();
    panel::ActiveModel {
        slug: Set(slug.into()),
        name: Set("Yrityspalvelujen asiakaspaneeli".into()),
        description_md: Set(String::new()),
        description_html: Set(String::new()),
        organization_id: Set(org.id),
        term_start: Set(now.date_naive()),
        term_end: Set((now + chrono::Duration::days(700)).date_naive()),
        seat_target: Set(15),
        seat_cap: Set(20),
        visibility: Set("private".into()),
        listed_publicly: Set(false),
        created_by: Set(created_by),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(app.db())
    .await
    .expect("creating a panel")
}

/// Seat `user` in a panel straight in the database, with their company's facts.
pub async fn seat(app: &TestApp, panel: i32, user: i32, role: &str, company: &str, industry: &str) {
    panel_member::ActiveModel {
        panel_id: Set(panel),
        user_id: Set(user),
        role: Set(role.into()),
        company_name: Set(company.into()),
        business_id: Set(None),
        industry: Set(Some(industry.into())),
        region: Set(Some("pirkanmaa".into())),
        stage: Set(Some("small".into())),
        role_in_company: Set(String::new()),
        joined_at: Set(chrono::Utc::now()),
        ..Default::default()
    }
    .insert(app.db())
    .await
    .expect("seating a member");
}

/// Publish a post through the editor; returns its path (`/posts/{slug}`).
pub async fn write_post(client: &TestClient, title: &str, visibility: &str) -> String {
    let response = client
        .form_post(
            "/posts/new",
            "/posts",
            &editor_fields(title, "Kirjoituksen teksti.", visibility),
        )
        .await;
    assert_eq!(response.status, StatusCode::SEE_OTHER, "{}", response.body);
    response.location().expect("a redirect to the post")
}

/// The editor's fields for a published Finnish post labelled `kokeilu`.
pub fn editor_fields<'a>(
    title: &'a str,
    body: &'a str,
    visibility: &'a str,
) -> [(&'static str, &'a str); 7] {
    [
        ("title", title),
        ("body", body),
        ("labels", "kokeilu"),
        ("language", "fi"),
        ("visibility", visibility),
        ("status", "published"),
        ("action", "save"),
    ]
}

/// A person made for a test, with the password to sign in with.
#[derive(Clone, Debug)]
pub struct TestUser {
    pub id: i32,
    pub email: String,
    pub password: String,
    pub display_name: String,
    pub role: Role,
}

impl TestApp {
    /// A fresh, empty site (the front page shows the setup form), without background workers.
    pub async fn spawn() -> TestApp {
        Self::spawn_with(|_| {}).await
    }

    /// Like `spawn`, on a clock that starts at `instant` (RFC 3339, e.g.
    /// `"2026-12-24T23:30:00+02:00"`) and runs on: what `LUPA_CLOCK__START` does for
    /// `lupa serve`. Requests, workers and this harness's own arrangements see that time.
    pub async fn spawn_at(instant: &str) -> TestApp {
        let start = DateTime::parse_from_rfc3339(instant)
            .unwrap_or_else(|e| panic!("{instant:?} is not an RFC 3339 instant: {e}"))
            .to_utc();
        Self::spawn_with(|s| s.clock_start = Some(start)).await
    }

    /// Like `spawn`, after letting the test adjust the settings (e.g. `run_workers = true`).
    pub async fn spawn_with(configure: impl FnOnce(&mut Settings)) -> TestApp {
        init_test_logging();
        let dir = tempfile::Builder::new()
            .prefix("lupa-test-")
            .tempdir()
            .expect("creating a temp folder");
        let postgres = match test_database_url() {
            Some(server_url) => Some(PgDatabase::create(&server_url).await),
            None => None,
        };
        let mut settings = Settings {
            bind: "127.0.0.1:0".parse().expect("a socket address"),
            data_dir: dir.path().to_owned(),
            database_url: postgres.as_ref().map(|pg| Secret::new(pg.url.clone())),
            run_workers: false,
            // Tests arrange content in bulk through one person; the rate of writing is tested
            // where it is the subject, with `WriteRate::default()`.
            write_rate: WriteRate {
                per_minute: 100_000,
                per_hour: 100_000,
            },
            ..Settings::default()
        };
        configure(&mut settings);
        let app = Application::build(settings)
            .await
            .expect("building the application");
        let address = format!("http://127.0.0.1:{}", app.port());
        let state = app.state().clone();
        let server = tokio::spawn(async move {
            if let Err(e) = app.run().await {
                panic!("the test server stopped: {e:#}");
            }
        });
        TestApp {
            client: TestClient::new(&address, None),
            address,
            state,
            server,
            _database: TestDatabase {
                _dir: dir,
                _postgres: postgres,
            },
        }
    }

    /// The app's state, for arranging data through the service layer.
    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// The app's database connection.
    pub fn db(&self) -> &DatabaseConnection {
        &self.state.db
    }

    /// The time on the app's clock (whole seconds, as `db::now()` gives it to the app).
    #[allow(dead_code, reason = "for tests of an app spawned at another instant")]
    pub fn now(&self) -> DateTime<Utc> {
        use chrono::SubsecRound;
        self.state.clock.now().trunc_subsecs(0)
    }

    /// The URL of the app's database, for a `lupa` command run against it.
    #[allow(
        dead_code,
        reason = "for tests that run the lupa binary on the app's database"
    )]
    pub fn database_url(&self) -> String {
        self.state.settings.effective_database_url()
    }

    /// The absolute URL of a path on this app, for requests made without a `TestClient`.
    #[allow(
        dead_code,
        reason = "for tests that need a bare reqwest request (e.g. the JSON API)"
    )]
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.address, path)
    }

    /// A second app node on the same database (its own port, index folder and pool), as a
    /// load balancer would have behind it; stopped when dropped.
    pub async fn spawn_second_node(&self) -> SecondNode {
        let dir = tempfile::Builder::new()
            .prefix("lupa-node-")
            .tempdir()
            .expect("creating a temp folder");
        let first = &self.state.settings;
        let settings = Settings {
            bind: "127.0.0.1:0".parse().expect("a socket address"),
            data_dir: dir.path().to_owned(),
            database_url: Some(Secret::new(first.effective_database_url())),
            // The same time as the first node, not the instant it started at.
            clock_start: first.clock_start.map(|_| self.state.clock.now()),
            ..(**first).clone()
        };
        let app = Application::build(settings)
            .await
            .expect("building the second node");
        let address = format!("http://127.0.0.1:{}", app.port());
        let state = app.state().clone();
        let server = tokio::spawn(async move {
            if let Err(e) = app.run().await {
                panic!("the second node stopped: {e:#}");
            }
        });
        SecondNode {
            address,
            state,
            server,
            _dir: dir,
        }
    }

    /// A new client with no cookies (a different browser).
    pub fn new_client(&self) -> TestClient {
        TestClient::new(&self.address, None)
    }

    /// A new client whose browser asks for `accept_language` (e.g. `"sv"` or `"en-GB,en"`).
    pub fn client_with_language(&self, accept_language: &str) -> TestClient {
        TestClient::new(&self.address, Some(accept_language))
    }

    /// GET with the default client.
    pub async fn get(&self, path: &str) -> TestResponse {
        self.client.get(path).await
    }

    /// POST a form with the default client, adding its CSRF token.
    pub async fn post_form(&self, path: &str, fields: &[(&str, &str)]) -> TestResponse {
        self.client.post_form(path, fields).await
    }

    /// GET `page` with the default client, then POST `fields` to `action` with the page's token.
    pub async fn form_post(
        &self,
        page: &str,
        action: &str,
        fields: &[(&str, &str)],
    ) -> TestResponse {
        self.client.form_post(page, action, fields).await
    }

    /// Fill in the one-time setup form on the front page with the default client, which is
    /// then signed in as the administrator. Returns the administrator.
    pub async fn setup_site(&self) -> TestUser {
        let fields = setup_fields();
        let response = self.form_post("/", "/setup", &fields.as_pairs()).await;
        assert_eq!(
            response.status,
            StatusCode::SEE_OTHER,
            "the setup form was not accepted:\n{}",
            response.body
        );
        let admin = store::user_by_email(self.db(), fields.email)
            .await
            .expect("reading the administrator")
            .expect("setup created the administrator");
        TestUser {
            id: admin.id,
            email: fields.email.to_owned(),
            password: fields.password.to_owned(),
            display_name: fields.display_name.to_owned(),
            role: Role::Admin,
        }
    }

    /// An organisation with this short name, created if missing.
    pub async fn create_organization(&self, short: &str) -> organization::Model {
        if let Some(org) = store::organization_by_short(self.db(), short)
            .await
            .expect("reading organisations")
        {
            return org;
        }
        let name = OrgName::parse(&format!("Organisaatio {short}")).expect("an organisation name");
        let short = ShortName::parse(short).expect("a valid short name");
        let created = people::create_organization(self.db(), name, short, "");
        lupa::clock::scope(self.state.clock, created)
            .await
            .expect("creating an organisation")
    }

    /// A new active person with `role` in the test organisation (`TEST_ORG`).
    pub async fn create_user(&self, role: Role) -> TestUser {
        self.create_user_in(TEST_ORG, role).await
    }

    /// A new active person with `role` in the organisation `org_short` (created if missing).
    pub async fn create_user_in(&self, org_short: &str, role: Role) -> TestUser {
        static NEXT: AtomicU32 = AtomicU32::new(1);
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let org = self.create_organization(org_short).await;
        let email = format!("{}-{n}@{}.example", role.as_str(), org.short_name);
        let display_name = format!("Testi {} {n}", role.as_str());
        let created = people::create_user(
            self.db(),
            NewUser {
                email: Email::parse(&email).expect("a valid email"),
                display_name: DisplayName::parse(&display_name).expect("a valid name"),
                org_short: ShortName::parse(&org.short_name).expect("a valid short name"),
                role,
                job_title: String::new(),
                password: Password::parse(PASSWORD).expect("a valid password"),
            },
        );
        let user = lupa::clock::scope(self.state.clock, created)
            .await
            .expect("creating a person");
        TestUser {
            id: user.id,
            email: user.email,
            password: PASSWORD.to_owned(),
            display_name,
            role,
        }
    }

    /// A new client signed in as `user` through the sign-in form.
    pub async fn client_for(&self, user: &TestUser) -> TestClient {
        let client = self.new_client();
        let response = client.sign_in(&user.email, &user.password).await;
        assert_eq!(
            response.status,
            StatusCode::SEE_OTHER,
            "{} ({:?}) could not sign in:\n{}",
            user.email,
            user.role,
            response.body
        );
        client
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        self.server.abort();
    }
}

/// What `setup_site` types into the setup form.
#[derive(Clone, Debug)]
pub struct SetupFields {
    pub network_name: &'static str,
    pub language: &'static str,
    pub org_name: &'static str,
    pub short_name: &'static str,
    pub display_name: &'static str,
    pub email: &'static str,
    pub password: &'static str,
}

impl SetupFields {
    /// The fields as form pairs, in the form's order.
    pub fn as_pairs(&self) -> Vec<(&'static str, &'static str)> {
        vec![
            ("network_name", self.network_name),
            ("language", self.language),
            ("org_name", self.org_name),
            ("short_name", self.short_name),
            ("display_name", self.display_name),
            ("email", self.email),
            ("password", self.password),
        ]
    }
}

/// A valid setup form: a Finnish network whose administrator works at "Ylläpito".
pub fn setup_fields() -> SetupFields {
    SetupFields {
        network_name: "Testiverkosto",
        language: "fi",
        org_name: "Ylläpito",
        short_name: "yllapito",
        display_name: "Ylläpitäjä Testinen",
        email: "admin@yllapito.example",
        password: PASSWORD,
    }
}

// ----- Clients -----

/// A browser: keeps cookies, does not follow redirects, and remembers the CSRF token of the
/// last page it saw so that `post_form` can send it like the page's form would.
pub struct TestClient {
    base: String,
    http: reqwest::Client,
    jar: Arc<Jar>,
    csrf: Mutex<Option<String>>,
}

impl TestClient {
    /// A client for the app at `base`, optionally sending `Accept-Language`.
    pub fn new(base: &str, accept_language: Option<&str>) -> TestClient {
        Self::with_jar(base, accept_language, Arc::new(Jar::default()))
    }

    fn with_jar(base: &str, accept_language: Option<&str>, jar: Arc<Jar>) -> TestClient {
        let mut headers = HeaderMap::new();
        if let Some(lang) = accept_language {
            headers.insert(
                header::ACCEPT_LANGUAGE,
                lang.parse().expect("a valid Accept-Language"),
            );
        }
        let http = reqwest::Client::builder()
            .cookie_provider(jar.clone())
            .redirect(redirect::Policy::none())
            .default_headers(headers)
            .build()
            .expect("building an HTTP client");
        TestClient {
            base: base.to_owned(),
            http,
            jar,
            csrf: Mutex::new(None),
        }
    }

    /// A new client that sends exactly this cookie (e.g. a stolen or replayed session cookie).
    pub fn with_cookie(&self, name: &str, value: &str) -> TestClient {
        let jar = Arc::new(Jar::default());
        jar.add_cookie_str(&format!("{name}={value}; Path=/"), &self.base_url());
        Self::with_jar(&self.base, None, jar)
    }

    /// The same browser (same cookies) talking to another node, e.g. `SecondNode::address`.
    pub fn via(&self, base: &str) -> TestClient {
        Self::with_jar(base, None, self.jar.clone())
    }

    fn base_url(&self) -> Url {
        Url::parse(&self.base).expect("the app's address")
    }

    fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    /// The value of a cookie this client holds for the app.
    pub fn cookie(&self, name: &str) -> Option<String> {
        let header = self.jar.cookies(&self.base_url())?;
        header
            .to_str()
            .ok()?
            .split(';')
            .filter_map(|c| c.trim().split_once('='))
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.to_owned())
    }

    /// The session cookie's value, if the app has given one.
    pub fn session_cookie(&self) -> Option<String> {
        self.cookie(SESSION_COOKIE)
    }

    /// GET a path.
    pub async fn get(&self, path: &str) -> TestResponse {
        let response = self
            .http
            .get(self.url(path))
            .send()
            .await
            .unwrap_or_else(|e| panic!("GET {path}: {e}"));
        self.read(response).await
    }

    /// GET a path and keep the body as bytes (a file download).
    #[allow(dead_code, reason = "for tests of downloads")]
    pub async fn get_bytes(&self, path: &str) -> (StatusCode, Vec<u8>) {
        let response = self
            .http
            .get(self.url(path))
            .send()
            .await
            .unwrap_or_else(|e| panic!("GET {path}: {e}"));
        let status = response.status();
        (status, response.bytes().await.expect("a body").to_vec())
    }

    /// POST a form, adding the CSRF token the app gave this client.
    pub async fn post_form(&self, path: &str, fields: &[(&str, &str)]) -> TestResponse {
        let token = self.csrf_token().await;
        let mut with_token = fields.to_vec();
        with_token.push(("csrf_token", token.as_str()));
        self.post_raw(path, &with_token).await
    }

    /// GET `page`, then POST `fields` to `action` with the CSRF token from that page's form.
    pub async fn form_post(
        &self,
        page: &str,
        action: &str,
        fields: &[(&str, &str)],
    ) -> TestResponse {
        let shown = self.get(page).await;
        let token = csrf_from(&shown.body).unwrap_or_else(|| {
            panic!(
                "GET {page} ({}) has no form with a CSRF token:\n{}",
                shown.status, shown.body
            )
        });
        let mut with_token = fields.to_vec();
        with_token.push(("csrf_token", token.as_str()));
        self.post_raw(action, &with_token).await
    }

    /// POST exactly these fields, with no token added.
    pub async fn post_raw(&self, path: &str, fields: &[(&str, &str)]) -> TestResponse {
        let session_before = self.session_cookie();
        let response = self
            .http
            .post(self.url(path))
            .form(fields)
            .send()
            .await
            .unwrap_or_else(|e| panic!("POST {path}: {e}"));
        let response = self.read(response).await;
        let renewed =
            self.session_cookie() != session_before && csrf_from(&response.body).is_none();
        if renewed || (path == "/sign-out" && response.status.is_redirection()) {
            // A new session (sign-in) comes with a new token, and after sign-out the session
            // and its token are gone: the next page shows the one to use.
            *self.csrf.lock().expect("csrf lock") = None;
        }
        response
    }

    /// Sign in through the sign-in form.
    pub async fn sign_in(&self, email: &str, password: &str) -> TestResponse {
        self.form_post(
            "/sign-in",
            "/sign-in",
            &[("email", email), ("password", password)],
        )
        .await
    }

    /// Sign out with the button every page has.
    pub async fn sign_out(&self) -> TestResponse {
        self.post_form("/sign-out", &[]).await
    }

    /// Whether the app treats this client as signed in (the sign-in page sends them on).
    pub async fn is_signed_in(&self) -> bool {
        let page = self.get("/sign-in").await;
        match page.status {
            StatusCode::SEE_OTHER => true,
            StatusCode::OK => false,
            other => panic!("GET /sign-in answered {other}"),
        }
    }

    /// The session's CSRF token: the one on the last page seen, else one from the sign-in page
    /// (or, when signed in, from the page it sends us to, whose sign-out form carries it).
    pub async fn csrf_token(&self) -> String {
        if let Some(token) = self.csrf.lock().expect("csrf lock").clone() {
            return token;
        }
        let mut page = self.get("/sign-in").await;
        if let Some(to) = page.location().filter(|_| page.status.is_redirection()) {
            page = self.get(&to).await;
        }
        csrf_from(&page.body).unwrap_or_else(|| {
            panic!(
                "found no CSRF token on the sign-in page or where it led:\n{}",
                page.body
            )
        })
    }

    async fn read(&self, response: reqwest::Response) -> TestResponse {
        let status = response.status();
        let headers = response.headers().clone();
        let body = response.text().await.expect("reading the body");
        if let Some(token) = csrf_from(&body) {
            *self.csrf.lock().expect("csrf lock") = Some(token);
        }
        TestResponse {
            status,
            headers,
            body,
        }
    }
}

/// A response read whole.
#[derive(Debug)]
pub struct TestResponse {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
}

impl TestResponse {
    /// A header as text.
    pub fn header(&self, name: &str) -> Option<String> {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    }

    /// Where a redirect points.
    pub fn location(&self) -> Option<String> {
        self.header("location")
    }

    /// Every `Set-Cookie` header.
    pub fn set_cookies(&self) -> Vec<String> {
        self.headers
            .get_all(header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .map(str::to_owned)
            .collect()
    }

    /// The whole `Set-Cookie` header for the cookie `name`.
    pub fn set_cookie(&self, name: &str) -> Option<String> {
        let prefix = format!("{name}=");
        self.set_cookies()
            .into_iter()
            .find(|c| c.starts_with(&prefix))
    }

    /// Texts of the elements matching `css`.
    pub fn select(&self, css: &str) -> Vec<String> {
        select(&self.body, css)
    }

    /// Whether anything matches `css`.
    pub fn exists(&self, css: &str) -> bool {
        exists(&self.body, css)
    }

    /// The attribute `name` of each element matching `css`.
    pub fn attr(&self, css: &str, name: &str) -> Vec<String> {
        attr(&self.body, css, name)
    }

    /// The text of the one element matching `css` (panics if there is not exactly one).
    pub fn text(&self, css: &str) -> String {
        let mut found = self.select(css);
        assert_eq!(found.len(), 1, "expected one `{css}`, found {found:?}");
        found.remove(0)
    }

    /// `<html lang>`.
    pub fn lang(&self) -> Option<String> {
        self.attr("html", "lang").into_iter().next()
    }
}

// ----- HTML -----

fn selector(css: &str) -> Selector {
    Selector::parse(css).unwrap_or_else(|e| panic!("bad CSS selector {css:?}: {e}"))
}

/// Texts of the elements matching `css`, whitespace collapsed.
pub fn select(html: &str, css: &str) -> Vec<String> {
    Html::parse_document(html)
        .select(&selector(css))
        .map(|el| el.text().collect::<Vec<_>>().join(" "))
        .map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect()
}

/// Whether any element matches `css`.
pub fn exists(html: &str, css: &str) -> bool {
    Html::parse_document(html)
        .select(&selector(css))
        .next()
        .is_some()
}

/// The attribute `name` of each element matching `css` that has it.
pub fn attr(html: &str, css: &str, name: &str) -> Vec<String> {
    Html::parse_document(html)
        .select(&selector(css))
        .filter_map(|el| el.value().attr(name).map(str::to_owned))
        .collect()
}

/// The CSRF token of the first form on a page.
pub fn csrf_from(html: &str) -> Option<String> {
    attr(html, "input[name=csrf_token]", "value")
        .into_iter()
        .find(|t| !t.is_empty())
}

/// Logs only when `TEST_LOG` is set: `TEST_LOG=1` for Lupa's debug logs, or a filter of its
/// own such as `TEST_LOG=lupa=trace,sqlx=info`.
fn init_test_logging() {
    let Some(value) = std::env::var("TEST_LOG").ok().filter(|v| !v.is_empty()) else {
        return;
    };
    let filter = match value.as_str() {
        "1" | "true" | "yes" | "on" => "info,lupa=debug,sqlx=warn,tower_sessions=warn",
        custom => custom,
    };
    lupa::telemetry::init(filter);
}

// ----- Third-party test material -----

// The XSS vectors: `xss_vectors`, shared with the unit tests.
include!("../support/xss_vectors.rs");
