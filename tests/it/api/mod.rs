//! The JSON API under `/api/v1`: bearer tokens, reading and writing posts and comments with
//! the pages' rules, JSON errors in the caller's language, and the OpenAPI document.

mod comment_threads;
mod openapi;
use lupa::{
    auth::{CurrentUser, Role},
    comments::{model::CommentId, service as comments},
    entities::post_revision,
    i18n::{Lang, Tr},
    people::{service as people, store as people_store},
};
use reqwest::{Method, StatusCode, header};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::{Value, json};

use crate::helpers::{TestApp, TestUser};

// ----- A JSON client -----

/// A client of the API, with or without a token, sending `Accept-Language` if given.
struct Api {
    base: String,
    http: reqwest::Client,
    token: Option<String>,
    language: Option<String>,
}

/// A response with its body parsed as JSON (`Value::Null` if it was not JSON).
#[derive(Debug)]
struct Answer {
    status: StatusCode,
    headers: header::HeaderMap,
    json: Value,
}

impl Answer {
    /// `error.code` of a JSON error.
    fn code(&self) -> &str {
        self.json["error"]["code"].as_str().unwrap_or_default()
    }
    fn message(&self) -> &str {
        self.json["error"]["message"].as_str().unwrap_or_default()
    }
    fn field(&self, name: &str) -> Option<&str> {
        self.json["error"]["fields"][name].as_str()
    }
}

impl Api {
    fn reader(app: &TestApp) -> Api {
        Api {
            base: app.address.clone(),
            http: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .expect("an HTTP client"),
            token: None,
            language: None,
        }
    }

    fn with_token(app: &TestApp, token: &str) -> Api {
        Api {
            token: Some(token.to_owned()),
            ..Api::reader(app)
        }
    }

    fn in_language(mut self, accept_language: &str) -> Api {
        self.language = Some(accept_language.to_owned());
        self
    }

    /// Send `body` as it is, with `content_type` if given.
    async fn send_raw(
        &self,
        method: Method,
        path: &str,
        content_type: Option<&str>,
        body: Vec<u8>,
    ) -> Answer {
        let mut request = self
            .http
            .request(method.clone(), format!("{}{}", self.base, path));
        if let Some(token) = &self.token {
            request = request.bearer_auth(token);
        }
        if let Some(lang) = &self.language {
            request = request.header(header::ACCEPT_LANGUAGE, lang);
        }
        if let Some(ct) = content_type {
            request = request.header(header::CONTENT_TYPE, ct);
        }
        if !body.is_empty() {
            request = request.body(body);
        }
        let response = request
            .send()
            .await
            .unwrap_or_else(|e| panic!("{method} {path}: {e}"));
        let status = response.status();
        let headers = response.headers().clone();
        let text = response.text().await.expect("reading the body");
        Answer {
            status,
            headers,
            json: serde_json::from_str(&text).unwrap_or(Value::Null),
        }
    }

    async fn send(&self, method: Method, path: &str, body: Option<Value>) -> Answer {
        match body {
            Some(body) => {
                let bytes = serde_json::to_vec(&body).expect("JSON");
                self.send_raw(method, path, Some("application/json"), bytes)
                    .await
            }
            None => self.send_raw(method, path, None, Vec::new()).await,
        }
    }

    async fn get(&self, path: &str) -> Answer {
        self.send(Method::GET, path, None).await
    }

    async fn post(&self, path: &str, body: Value) -> Answer {
        self.send(Method::POST, path, Some(body)).await
    }

    async fn patch(&self, path: &str, body: Value) -> Answer {
        self.send(Method::PATCH, path, Some(body)).await
    }

    /// Write a post and return it, failing the test if that does not work.
    async fn create_post(&self, title: &str, visibility: &str, status: &str) -> Value {
        let answer = self
            .post(
                "/api/v1/posts",
                json!({
                    "title": title,
                    "body": format!("Tekstiä otsikolla *{title}*."),
                    "labels": ["asiakaskokemus"],
                    "visibility": visibility,
                    "status": status,
                }),
            )
            .await;
        assert_eq!(answer.status, StatusCode::CREATED, "{:#}", answer.json);
        answer.json
    }
}

/// A person with a fresh API token, and a client using it.
async fn person_with_token(app: &TestApp, role: Role) -> (TestUser, String, Api) {
    let user = app.create_user(role).await;
    let token = people::create_api_token(app.db(), user.id, "test")
        .await
        .expect("creating a token");
    let api = Api::with_token(app, &token);
    (user, token, api)
}

/// A set-up site with a writer holding a token.
async fn site_with_writer() -> (TestApp, TestUser, Api) {
    let app = TestApp::spawn().await;
    app.setup_site().await;
    let (writer, _, api) = person_with_token(&app, Role::Writer).await;
    (app, writer, api)
}

fn titles(list: &Answer) -> Vec<String> {
    list.json["posts"]
        .as_array()
        .unwrap_or_else(|| panic!("a post list: {:#}", list.json))
        .iter()
        .map(|p| p["title"].as_str().unwrap_or_default().to_owned())
        .collect()
}

fn slug(post: &Value) -> String {
    post["slug"].as_str().expect("a slug").to_owned()
}

// ----- Reading -----

#[tokio::test]
async fn a_reader_lists_only_public_posts_and_a_member_with_a_token_also_sees_members_only_ones() {
    let (app, _, writer) = site_with_writer().await;
    writer.create_post("Julkinen", "public", "published").await;
    writer
        .create_post("Jäsenille", "members", "published")
        .await;
    writer.create_post("Luonnos", "public", "draft").await;

    let list = Api::reader(&app).get("/api/v1/posts").await;
    assert_eq!(list.status, StatusCode::OK);
    assert_eq!(titles(&list), ["Julkinen"]);
    assert_eq!(list.json["total"], 1);
    assert_eq!(list.json["page"], 1);
    assert_eq!(list.json["per_page"], 10);

    let (_, _, member) = person_with_token(&app, Role::Member).await;
    let list = member.get("/api/v1/posts").await;
    assert_eq!(list.status, StatusCode::OK);
    // Newest first; drafts are never listed.
    assert_eq!(titles(&list), ["Jäsenille", "Julkinen"]);
    assert_eq!(list.json["total"], 2);
}

#[tokio::test]
async fn listings_filter_by_label_author_and_organization_and_page_through() {
    let (app, writer_user, writer) = site_with_writer().await;
    let (_, _, other) = {
        let user = app.create_user_in("toinenvirasto", Role::Writer).await;
        let token = people::create_api_token(app.db(), user.id, "test")
            .await
            .expect("creating a token");
        let api = Api::with_token(&app, &token);
        (user, token, api)
    };
    for n in 1..=11 {
        writer
            .create_post(&format!("Kirjoitus {n}"), "public", "published")
            .await;
    }
    let answer = other
        .post(
            "/api/v1/posts",
            json!({"title": "Verotuksesta", "body": "x", "labels": ["Verotus"],
                   "visibility": "public", "status": "published"}),
        )
        .await;
    assert_eq!(answer.status, StatusCode::CREATED, "{:#}", answer.json);
    let reader = Api::reader(&app);

    let by_label = reader.get("/api/v1/posts?label=verotus").await;
    assert_eq!(titles(&by_label), ["Verotuksesta"]);
    let by_org = reader.get("/api/v1/posts?organization=toinenvirasto").await;
    assert_eq!(titles(&by_org), ["Verotuksesta"]);
    let by_author = reader
        .get(&format!("/api/v1/posts?author={}", writer_user.id))
        .await;
    assert_eq!(by_author.json["total"], 11);
    assert_eq!(titles(&by_author).len(), 10);
    assert_eq!(titles(&by_author)[0], "Kirjoitus 11");
    let second = reader
        .get(&format!("/api/v1/posts?author={}&page=2", writer_user.id))
        .await;
    assert_eq!(titles(&second), ["Kirjoitus 1"]);
    assert_eq!(second.json["page"], 2);
    let far = reader.get("/api/v1/posts?page=18446744073709551615").await;
    assert_eq!(far.status, StatusCode::OK);
    assert_eq!(far.json["posts"], json!([]));
    assert_eq!(far.json["total"], 12);

    for nothing in [
        "label=ei-ole",
        "organization=ei-ole",
        "author=999999",
        "author=abc",
    ] {
        let empty = reader.get(&format!("/api/v1/posts?{nothing}")).await;
        assert_eq!(empty.status, StatusCode::OK, "{nothing}");
        assert_eq!(empty.json["total"], 0, "{nothing}");
    }
}

#[tokio::test]
async fn a_members_only_post_or_someone_elses_draft_is_not_found_rather_than_forbidden() {
    let (app, _, writer) = site_with_writer().await;
    let members = writer
        .create_post("Jäsenille", "members", "published")
        .await;
    let draft = writer.create_post("Keskeneräinen", "public", "draft").await;
    let reader = Api::reader(&app);

    let answer = reader
        .get(&format!("/api/v1/posts/{}", slug(&members)))
        .await;
    assert_eq!(answer.status, StatusCode::NOT_FOUND);
    assert_eq!(answer.code(), "not_found");
    let answer = reader.get(&format!("/api/v1/posts/{}", slug(&draft))).await;
    assert_eq!(answer.status, StatusCode::NOT_FOUND);

    let (_, _, member) = person_with_token(&app, Role::Member).await;
    let answer = member
        .get(&format!("/api/v1/posts/{}", slug(&members)))
        .await;
    assert_eq!(answer.status, StatusCode::OK);
    let answer = member.get(&format!("/api/v1/posts/{}", slug(&draft))).await;
    assert_eq!(answer.status, StatusCode::NOT_FOUND);
    // Not even a PATCH tells a writer that someone else's draft exists.
    let (_, _, other_writer) = person_with_token(&app, Role::Writer).await;
    let answer = other_writer
        .patch(
            &format!("/api/v1/posts/{}", slug(&draft)),
            json!({"title": "Minun"}),
        )
        .await;
    assert_eq!(answer.status, StatusCode::NOT_FOUND);
}

// ----- Writing posts -----

#[tokio::test]
async fn a_writer_creates_reads_and_updates_a_post_with_a_token() {
    let (app, writer_user, writer) = site_with_writer().await;
    let created = writer
        .post(
            "/api/v1/posts",
            json!({
                "title": "Asiakaspalvelu yli rajojen",
                "body": "Kokeilimme **yhteistä** palvelupistettä.",
                "labels": ["yhteistyö", "Asiakaskokemus"],
                "language": "fi",
                "visibility": "public",
                "status": "published",
            }),
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{:#}", created.json);
    let post = &created.json;
    assert_eq!(post["slug"], "asiakaspalvelu-yli-rajojen");
    assert_eq!(
        created
            .headers
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok()),
        Some("/api/v1/posts/asiakaspalvelu-yli-rajojen")
    );
    assert_eq!(
        post["url"],
        format!(
            "{}/posts/asiakaspalvelu-yli-rajojen",
            app.state().settings.base_url()
        )
    );
    assert_eq!(post["body"], "Kokeilimme **yhteistä** palvelupistettä.");
    assert_eq!(
        post["body_html"],
        "<p>Kokeilimme <strong>yhteistä</strong> palvelupistettä.</p>\n"
    );
    assert_eq!(post["labels"], json!(["Asiakaskokemus", "yhteistyö"]));
    assert_eq!(post["language"], "fi");
    assert_eq!(post["visibility"], "public");
    assert_eq!(post["status"], "published");
    assert_eq!(post["author"]["id"], writer_user.id);
    assert_eq!(post["author"]["name"], writer_user.display_name.as_str());
    assert_eq!(post["organisation"]["short_name"], crate::helpers::TEST_ORG);
    assert!(
        chrono::DateTime::parse_from_rfc3339(post["published_at"].as_str().unwrap_or("")).is_ok(),
        "{post:#}"
    );
    assert!(post["edited_at"].is_null());
    assert_eq!(post["comment_count"], 0);

    let read = Api::reader(&app)
        .get("/api/v1/posts/asiakaspalvelu-yli-rajojen")
        .await;
    assert_eq!(read.status, StatusCode::OK);
    assert_eq!(read.json["title"], "Asiakaspalvelu yli rajojen");
    assert_eq!(read.json["comments"], json!([]));

    let updated = writer
        .patch(
            "/api/v1/posts/asiakaspalvelu-yli-rajojen",
            json!({"title": "Asiakaspalvelu ilman rajoja", "labels": []}),
        )
        .await;
    assert_eq!(updated.status, StatusCode::OK, "{:#}", updated.json);
    let read = Api::reader(&app)
        .get("/api/v1/posts/asiakaspalvelu-yli-rajojen")
        .await;
    assert_eq!(read.json["title"], "Asiakaspalvelu ilman rajoja");
    assert_eq!(read.json["labels"], json!([]));
    // The page shows the same post.
    let page = app.get("/posts/asiakaspalvelu-yli-rajojen").await;
    assert_eq!(page.text("h1"), "Asiakaspalvelu ilman rajoja");
}

#[tokio::test]
async fn patch_keeps_omitted_fields_and_records_a_revision_shown_as_edited() {
    let (app, _, writer) = site_with_writer().await;
    let post = writer
        .create_post("Alkuperäinen", "public", "published")
        .await;
    let path = format!("/api/v1/posts/{}", slug(&post));
    let page = app.get(&format!("/posts/{}", slug(&post))).await;
    assert!(!page.exists(".post__edited"));

    let answer = writer.patch(&path, json!({"body": "Uusi teksti."})).await;
    assert_eq!(answer.status, StatusCode::OK, "{:#}", answer.json);
    let after = &answer.json;
    assert_eq!(after["body"], "Uusi teksti.");
    for kept in [
        "title",
        "labels",
        "language",
        "visibility",
        "status",
        "published_at",
        "slug",
    ] {
        assert_eq!(after[kept], post[kept], "{kept} changed");
    }
    assert!(after["edited_at"].is_string(), "{after:#}");

    let post_id = lupa::blog::store::post_by_slug(app.db(), &slug(&post))
        .await
        .expect("reading the post")
        .expect("the post")
        .id;
    let revisions = post_revision::Entity::find()
        .filter(post_revision::Column::PostId.eq(post_id))
        .all(app.db())
        .await
        .expect("reading revisions");
    assert_eq!(revisions.len(), 1);
    assert_eq!(
        revisions[0].body_md,
        post["body"].as_str().unwrap_or_default()
    );

    let page = app.get(&format!("/posts/{}", slug(&post))).await;
    assert!(page.exists(".post__edited"), "{}", page.body);

    // A change that leaves the title and text alone keeps no revision.
    let answer = writer
        .patch(&path, json!({"visibility": "members", "title": null}))
        .await;
    assert_eq!(answer.status, StatusCode::OK, "{:#}", answer.json);
    assert_eq!(answer.json["visibility"], "members");
    assert_eq!(answer.json["title"], "Alkuperäinen");
    let count = post_revision::Entity::find()
        .filter(post_revision::Column::PostId.eq(post_id))
        .count(app.db())
        .await
        .expect("counting revisions");
    assert_eq!(count, 1);
}

#[tokio::test]
async fn a_writer_cannot_patch_another_writers_post_but_an_editor_can() {
    let (app, _, writer) = site_with_writer().await;
    let post = writer
        .create_post("Minun kirjoitukseni", "public", "published")
        .await;
    let path = format!("/api/v1/posts/{}", slug(&post));

    let (_, _, other) = person_with_token(&app, Role::Writer).await;
    let answer = other.patch(&path, json!({"title": "Kaapattu"})).await;
    assert_eq!(answer.status, StatusCode::FORBIDDEN);
    assert_eq!(answer.code(), "forbidden");
    // Even a broken body is refused for who is asking before what is sent.
    let answer = other.patch(&path, json!({"title": ""})).await;
    assert_eq!(answer.status, StatusCode::FORBIDDEN);

    let (_, _, editor) = person_with_token(&app, Role::Editor).await;
    let answer = editor.patch(&path, json!({"title": "Toimitettu"})).await;
    assert_eq!(answer.status, StatusCode::OK, "{:#}", answer.json);

    let read = Api::reader(&app).get(&path).await;
    assert_eq!(read.json["title"], "Toimitettu");
}

#[tokio::test]
async fn a_member_cannot_create_posts_and_a_reader_must_bring_a_token() {
    let app = TestApp::spawn().await;
    app.setup_site().await;
    let (_, _, member) = person_with_token(&app, Role::Member).await;
    let body = json!({"title": "Jäsenen kirjoitus", "body": "x", "status": "published"});

    let answer = member.post("/api/v1/posts", body.clone()).await;
    assert_eq!(answer.status, StatusCode::FORBIDDEN);
    assert_eq!(answer.code(), "forbidden");

    let answer = Api::reader(&app).post("/api/v1/posts", body).await;
    assert_eq!(answer.status, StatusCode::UNAUTHORIZED);
    assert_eq!(answer.code(), "unauthorized");
    assert_eq!(
        answer
            .headers
            .get(header::WWW_AUTHENTICATE)
            .and_then(|v| v.to_str().ok()),
        Some("Bearer")
    );
    let list = Api::reader(&app).get("/api/v1/posts").await;
    assert_eq!(list.json["total"], 0);
}

#[tokio::test]
async fn an_invalid_post_is_refused_with_every_fields_message() {
    let (app, _, writer) = site_with_writer().await;
    let answer = writer
        .post(
            "/api/v1/posts",
            json!({
                "title": "   ",
                "body": "",
                "labels": ["x".repeat(51)],
                "language": "de",
                "visibility": "everyone",
                "status": "gone",
            }),
        )
        .await;
    assert_eq!(
        answer.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{:#}",
        answer.json
    );
    assert_eq!(answer.code(), "validation");
    let t = Tr::new(Lang::Fi);
    assert_eq!(answer.message(), t.get("error-validation"));
    for (field, key) in [
        ("title", "field-required"),
        ("body", "field-required"),
        ("labels", "label-too-long"),
        ("language", "language-invalid"),
        ("visibility", "visibility-invalid"),
        ("status", "status-invalid"),
    ] {
        assert_eq!(answer.field(field), Some(t.get(key).as_str()), "{field}");
    }
    // A post without a title or text is not a post: both are reported at once.
    let answer = writer.post("/api/v1/posts", json!({})).await;
    assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(answer.field("title").is_some() && answer.field("body").is_some());
    let list = Api::reader(&app).get("/api/v1/posts").await;
    assert_eq!(list.json["total"], 0);
}

#[tokio::test]
async fn a_body_that_is_not_the_expected_json_is_a_400_json_error_and_a_huge_one_413() {
    let (_app, _, writer) = site_with_writer().await;
    let t = Tr::new(Lang::Fi);
    let cases: [(&str, Option<&str>, &[u8]); 5] = [
        ("broken JSON", Some("application/json"), b"{\"title\": "),
        (
            "no content type",
            None,
            b"{\"title\": \"x\", \"body\": \"y\"}",
        ),
        (
            "a form",
            Some("application/x-www-form-urlencoded"),
            b"title=x&body=y",
        ),
        (
            "wrong types",
            Some("application/json"),
            b"{\"title\": 5, \"labels\": \"a,b\"}",
        ),
        (
            "an unknown field",
            Some("application/json"),
            b"{\"title\": \"x\", \"body\": \"y\", \"titel\": \"z\"}",
        ),
    ];
    for (what, content_type, body) in cases {
        let answer = writer
            .send_raw(Method::POST, "/api/v1/posts", content_type, body.to_vec())
            .await;
        assert_eq!(
            answer.status,
            StatusCode::BAD_REQUEST,
            "{what}: {:#}",
            answer.json
        );
        assert_eq!(answer.code(), "bad_request", "{what}");
        assert_eq!(answer.message(), t.get("error-bad-json"), "{what}");
        assert_eq!(answer.json["error"]["fields"], json!({}), "{what}");
    }

    let huge = json!({"title": "Iso", "body": "a".repeat(3 * 1024 * 1024)});
    let answer = writer.post("/api/v1/posts", huge).await;
    assert_eq!(answer.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(answer.code(), "too_large");
    assert_eq!(answer.message(), t.get("error-too-large"));

    // Under the request limit but over the Markdown limit: the field says so.
    let long = json!({"title": "Pitkä", "body": "a".repeat(300 * 1024)});
    let answer = writer.post("/api/v1/posts", long).await;
    assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        answer.field("body"),
        Some(t.get("markdown-too-long").as_str())
    );
}

// ----- Tokens -----

#[tokio::test]
async fn a_revoked_or_unknown_token_is_refused_with_401_and_never_read_as_a_reader() {
    let (app, writer_user, writer) = site_with_writer().await;
    writer.create_post("Julkinen", "public", "published").await;
    assert_eq!(writer.get("/api/v1/posts").await.status, StatusCode::OK);

    let token_id = people_store::active_tokens_of(app.db(), writer_user.id)
        .await
        .expect("reading tokens")[0]
        .id;
    people::revoke_api_token(app.db(), writer_user.id, token_id)
        .await
        .expect("revoking the token");

    let unknown = Api::with_token(
        &app,
        "lupa_0000000000000000000000000000000000000000000000000000000000000000",
    );
    let not_bearer = Api::reader(&app);
    for (what, answer) in [
        ("revoked", writer.get("/api/v1/posts").await),
        ("unknown", unknown.get("/api/v1/posts").await),
        ("not a bearer token", {
            let r = not_bearer
                .http
                .get(format!("{}/api/v1/posts", app.address))
                .basic_auth("admin", Some("salasana"))
                .send()
                .await
                .expect("GET");
            Answer {
                status: r.status(),
                headers: r.headers().clone(),
                json: r.json().await.unwrap_or(Value::Null),
            }
        }),
    ] {
        assert_eq!(answer.status, StatusCode::UNAUTHORIZED, "{what}");
        assert_eq!(answer.code(), "unauthorized", "{what}");
        assert_eq!(
            answer
                .headers
                .get(header::WWW_AUTHENTICATE)
                .and_then(|v| v.to_str().ok()),
            Some("Bearer"),
            "{what}"
        );
    }
    let answer = writer
        .post("/api/v1/posts", json!({"title": "x", "body": "y"}))
        .await;
    assert_eq!(answer.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn a_deactivated_persons_token_stops_working() {
    let (app, writer_user, writer) = site_with_writer().await;
    writer.create_post("Ennen", "public", "published").await;
    people::set_active(app.db(), writer_user.id, false)
        .await
        .expect("deactivating");

    let answer = writer.get("/api/v1/posts").await;
    assert_eq!(answer.status, StatusCode::UNAUTHORIZED);
    let answer = writer
        .post("/api/v1/posts", json!({"title": "Jälkeen", "body": "y"}))
        .await;
    assert_eq!(answer.status, StatusCode::UNAUTHORIZED);
    // What they wrote stays.
    let list = Api::reader(&app).get("/api/v1/posts").await;
    assert_eq!(titles(&list), ["Ennen"]);
}

#[tokio::test]
async fn the_api_never_reads_the_session_cookie() {
    let app = TestApp::spawn().await;
    app.setup_site().await;
    // The default client is signed in as the administrator; its cookie does not count here.
    let session = app.client.session_cookie().expect("a session");
    let answer = Api::reader(&app)
        .http
        .post(format!("{}/api/v1/posts", app.address))
        .header(
            header::COOKIE,
            format!("{}={session}", crate::helpers::SESSION_COOKIE),
        )
        .json(&json!({"title": "x", "body": "y"}))
        .send()
        .await
        .expect("POST");
    assert_eq!(answer.status(), StatusCode::UNAUTHORIZED);
}

// ----- Languages -----

#[tokio::test]
async fn error_messages_follow_accept_language_and_default_to_finnish() {
    let (app, _, writer) = site_with_writer().await;
    for (accept, lang) in [
        (None, Lang::Fi),
        (Some("sv-FI,sv;q=0.9"), Lang::Sv),
        (Some("en-GB,en;q=0.8"), Lang::En),
    ] {
        let t = Tr::new(lang);
        let reader = match accept {
            Some(a) => Api::reader(&app).in_language(a),
            None => Api::reader(&app),
        };
        let answer = reader.get("/api/v1/posts/ei-ole-olemassa").await;
        assert_eq!(answer.status, StatusCode::NOT_FOUND);
        assert_eq!(answer.message(), t.get("error-not-found"), "{lang}");

        let writer = match accept {
            Some(a) => Api {
                language: Some(a.to_owned()),
                token: writer.token.clone(),
                ..Api::reader(&app)
            },
            None => Api::with_token(&app, writer.token.as_deref().unwrap_or_default()),
        };
        let answer = writer.post("/api/v1/posts", json!({"body": "x"})).await;
        assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(answer.message(), t.get("error-validation"), "{lang}");
        assert_eq!(
            answer.field("title"),
            Some(t.get("field-required").as_str()),
            "{lang}"
        );
    }
    assert_ne!(
        Tr::new(Lang::Sv).get("error-not-found"),
        Tr::new(Lang::En).get("error-not-found")
    );
}
