//! The blog's half of the permission matrix: for each role × each kind of moderated content
//! (held, rejected, hidden by flags, hidden by a moderator, a suspended author's) × posts and
//! comments on a public post × each door a reader can use (the page, the JSON API, the Atom
//! feed, the search page and the search API), the expected answer. The panel half, with the
//! flag and moderate actions and the queue, is `matrix.rs`.
use lupa::entities::{post as post_entity, user};
use sea_orm::{ActiveModelTrait, ActiveValue::Set};

use super::*;
use crate::fixtures::Client;
use crate::helpers::{private_panel, seat, write_post};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum A {
    /// Shown.
    Yes,
    /// The page or answer comes, without it.
    No,
    /// 404.
    Gone,
}
use A::*;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Held,
    Rejected,
    Flagged,
    Hidden,
    /// Visible, by an author who is now suspended.
    Suspended,
}

const KINDS: [Kind; 5] = [
    Kind::Held,
    Kind::Rejected,
    Kind::Flagged,
    Kind::Hidden,
    Kind::Suspended,
];

/// Readers who see a moderated post or comment where it stands: the blog's moderators.
const NOBODY: Answers = [
    [No, No, No, No, No],
    [No, No, No, No, No],
    [No, No, No, No, No],
    [No, No, No, No, No],
    [Yes, Yes, Yes, Yes, Yes],
];
const MODERATOR: Answers = [
    [Yes, Yes, No, No, No],
    [Yes, Yes, No, No, No],
    [Yes, Yes, No, No, No],
    [Yes, Yes, No, No, No],
    [Yes, Yes, Yes, Yes, Yes],
];
const NOBODY_POSTS: Answers = [
    [Gone, Gone, No, No, No],
    [Gone, Gone, No, No, No],
    [Gone, Gone, No, No, No],
    [Gone, Gone, No, No, No],
    [Yes, Yes, Yes, Yes, Yes],
];

/// Per kind (rows in `KINDS` order): [page, API, feed, search page, search API].
type Answers = [[A; 5]; 5];

/// Per role: for comments, then for posts.
#[rustfmt::skip]
const MATRIX: [(&str, Answers, Answers); 9] = [
    ("visitor",              NOBODY,    NOBODY_POSTS),
    ("unconfirmed customer", NOBODY,    NOBODY_POSTS),
    ("customer",             NOBODY,    NOBODY_POSTS),
    ("panel member",         NOBODY,    NOBODY_POSTS),
    ("member",               NOBODY,    NOBODY_POSTS),
    ("writer",               NOBODY,    NOBODY_POSTS),
    ("editor",               MODERATOR, MODERATOR),
    ("admin",                MODERATOR, MODERATOR),
    // A panel's facilitator moderates their panel only, not the blog.
    ("facilitator",          NOBODY,    NOBODY_POSTS),
];

fn word(content: &str, kind: Kind) -> String {
    format!("Blogimatriisi{content}{kind:?}")
}

fn state(kind: Kind) -> &'static str {
    match kind {
        Kind::Held => "held",
        Kind::Rejected => "rejected",
        Kind::Flagged => "flagged",
        Kind::Hidden => "hidden",
        Kind::Suspended => "visible",
    }
}

async fn post_by_path(app: &TestApp, path: &str) -> post_entity::Model {
    let slug = path.trim_start_matches("/posts/");
    post_entity::Entity::find()
        .filter(post_entity::Column::Slug.eq(slug))
        .one(app.db())
        .await
        .unwrap()
        .unwrap()
}

/// 200 with or without `word`, or 404.
fn seen(status: StatusCode, body: &str, word: &str) -> A {
    match status {
        StatusCode::OK if body.contains(word) => Yes,
        StatusCode::OK => No,
        StatusCode::NOT_FOUND => Gone,
        s => panic!("unexpected status {s}"),
    }
}

#[tokio::test]
async fn every_role_gets_the_expected_answer_for_moderated_blog_content_at_every_door() {
    let app = TestApp::spawn().await;
    app.setup_site().await;
    let editor = app.create_user_in("vero", Role::Editor).await;
    let editor_client = app.client_for(&editor).await;

    // The public post the comments are on, and the people who write the moderated content.
    let host_writer = app.create_user_in("vero", Role::Writer).await;
    let host_path = write_post(
        &app.client_for(&host_writer).await,
        "Avoin keskustelu",
        "public",
    )
    .await;
    let host = post_by_path(&app, &host_path).await;
    let commenter = app.create_user(Role::Customer).await;
    let suspended_commenter = app.create_user(Role::Customer).await;
    let writer = app.create_user_in("vero", Role::Writer).await;
    let suspended_writer = app.create_user_in("vero", Role::Writer).await;

    let mut comment_words = Vec::new();
    let mut post_paths = Vec::new();
    for kind in KINDS {
        let w = word("Kommentti", kind);
        let author = if kind == Kind::Suspended {
            suspended_commenter.id
        } else {
            commenter.id
        };
        let saved = comment::ActiveModel {
            post_id: Set(host.id),
            parent_id: Set(None),
            depth: Set(0),
            author_id: Set(author),
            body_md: Set(w.clone()),
            body_html: Set(format!("<p>{w}</p>")),
            created_at: Set(lupa::db::now()),
            moderation_state: Set(if kind == Kind::Hidden {
                "visible".into()
            } else {
                state(kind).into()
            }),
            moderation_reason: Set((kind == Kind::Rejected).then(|| "Syy".into())),
            // A comment hidden by a moderator is the comments' own hiding.
            hidden_at: Set((kind == Kind::Hidden).then(lupa::db::now)),
            hidden_by: Set((kind == Kind::Hidden).then_some(editor.id)),
            ..Default::default()
        }
        .insert(app.db())
        .await
        .unwrap();
        lupa::search::outbox::enqueue(app.db(), lupa::search::outbox::Change::Comment(saved.id))
            .await
            .unwrap();
        comment_words.push(w);

        let w = word("Kirjoitus", kind);
        let by = if kind == Kind::Suspended {
            &suspended_writer
        } else {
            &writer
        };
        let path = write_post(&app.client_for(by).await, &w, "public").await;
        let mut row: post_entity::ActiveModel = post_by_path(&app, &path).await.into();
        row.moderation_state = Set(state(kind).into());
        let row = row.update(app.db()).await.unwrap();
        lupa::search::outbox::enqueue(app.db(), lupa::search::outbox::Change::Post(row.id))
            .await
            .unwrap();
        post_paths.push(path);
    }
    for person in [&suspended_commenter, &suspended_writer] {
        let done = editor_client
            .form_post(
                "/moderation",
                &format!("/moderation/people/{}/suspend", person.id),
                &[("days", ""), ("reason", "Matriisi")],
            )
            .await;
        assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    }
    app.state().search.catch_up().await.unwrap();

    // One person per row, with a browser and an API token.
    let unconfirmed = app.create_user(Role::Customer).await;
    let mut row: user::ActiveModel = user::Entity::find_by_id(unconfirmed.id)
        .one(app.db())
        .await
        .unwrap()
        .unwrap()
        .into();
    row.email_confirmed_at = Set(None);
    row.update(app.db()).await.unwrap();
    let panel = private_panel(&app, "blogimatriisi", editor.id).await;
    let panelist = app.create_user(Role::Panelist).await;
    seat(&app, panel.id, panelist.id, "member", "Yritys", "public").await;
    let facilitator = app.create_user_in("vero", Role::Member).await;
    seat(
        &app,
        panel.id,
        facilitator.id,
        "facilitator",
        "Vero",
        "public",
    )
    .await;
    let mut people = vec![
        ("unconfirmed customer", unconfirmed),
        ("customer", app.create_user(Role::Customer).await),
        ("panel member", panelist),
        ("member", app.create_user_in("vero", Role::Member).await),
        ("writer", app.create_user_in("vero", Role::Writer).await),
        ("editor", editor.clone()),
        ("admin", app.create_user_in("vero", Role::Admin).await),
        ("facilitator", facilitator),
    ];
    let mut readers = vec![("visitor", app.new_client(), Client::anonymous(&app))];
    for (who, person) in people.drain(..) {
        readers.push((
            who,
            app.client_for(&person).await,
            Client::for_user(&app, &person).await,
        ));
    }

    let host_slug = host.slug.clone();
    let mut wrong = Vec::new();
    for (who, comments_expected, posts_expected) in MATRIX {
        let (_, browser, api) = readers.iter().find(|(n, _, _)| *n == who).unwrap();
        // The doors that show the comments, read once per reader.
        let page = browser.get(&host_path).await;
        let json = api.get(&format!("/api/v1/posts/{host_slug}")).await;
        let json_text = json.json.to_string();
        let feed = browser.get(&format!("{host_path}/comments.atom")).await;
        let site_feed = browser.get("/feed.atom").await;
        for (k, kind) in KINDS.into_iter().enumerate() {
            let w = &comment_words[k];
            let found = browser.get(&format!("/search?q={w}")).await;
            let found_api = api.get(&format!("/api/v1/search?q={w}")).await;
            let got = [
                seen(page.status, &page.select("main").concat(), w),
                seen(json.status, &json_text, w),
                seen(feed.status, &feed.body, w),
                seen(found.status, &found.select("main").concat(), w),
                seen(found_api.status, &found_api.json.to_string(), w),
            ];
            if got != comments_expected[k] {
                wrong.push(format!(
                    "{who} × comment {kind:?}: got {got:?}, expected {:?}",
                    comments_expected[k]
                ));
            }

            let w = word("Kirjoitus", kind);
            let path = &post_paths[k];
            let slug = path.trim_start_matches("/posts/");
            let page = browser.get(path).await;
            let one = api.get(&format!("/api/v1/posts/{slug}")).await;
            let found = browser.get(&format!("/search?q={w}")).await;
            let found_api = api.get(&format!("/api/v1/search?q={w}")).await;
            let got = [
                seen(page.status, &page.select("main").concat(), &w),
                seen(one.status, &one.json.to_string(), &w),
                seen(site_feed.status, &site_feed.body, &w),
                seen(found.status, &found.select("main").concat(), &w),
                seen(found_api.status, &found_api.json.to_string(), &w),
            ];
            if got != posts_expected[k] {
                wrong.push(format!(
                    "{who} × post {kind:?}: got {got:?}, expected {:?}",
                    posts_expected[k]
                ));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[tokio::test]
async fn a_moderator_hides_a_flagged_post_and_approving_it_shows_it_again() {
    let app = TestApp::spawn().await;
    app.setup_site().await;
    let writer = app.create_user_in("vero", Role::Writer).await;
    let writer_client = app.client_for(&writer).await;
    let path = write_post(&writer_client, "Piilotettava kirjoitus", "public").await;
    let id = post_by_path(&app, &path).await.id;
    let flagger = app.create_user_in("vero", Role::Member).await;
    let flagger = app.client_for(&flagger).await;
    let page = format!("/flag/post/{id}");
    let flagged = flagger
        .form_post(&page, &page, &[("reason", "spam"), ("details", "")])
        .await;
    assert_eq!(flagged.status, StatusCode::SEE_OTHER, "{}", flagged.body);

    let editor = app.create_user_in("vero", Role::Editor).await;
    let editor = app.client_for(&editor).await;
    let queue = editor.get("/moderation").await;
    let hide = format!("/moderation/post/{id}/hide");
    assert!(
        queue.exists(&format!("#item-post-{id} form[action='{hide}']")),
        "the queue offers hiding a post"
    );
    let hidden = editor
        .form_post("/moderation", &hide, &[("reason", "Mainos")])
        .await;
    assert_eq!(hidden.status, StatusCode::SEE_OTHER, "{}", hidden.body);
    assert_eq!(post_by_path(&app, &path).await.moderation_state, "hidden");
    assert_eq!(
        app.new_client().get(&path).await.status,
        StatusCode::NOT_FOUND
    );
    assert!(
        !app.new_client()
            .get("/")
            .await
            .body
            .contains("Piilotettava")
    );
    // Its author sees it, marked, with the reason.
    let own = writer_client.get(&path).await;
    assert_eq!(own.status, StatusCode::OK);
    assert!(
        own.text(".post__moderation").contains("piilotti"),
        "{}",
        own.body
    );
    assert!(own.text(".post__moderation").contains("Mainos"));
    let entry = audit_entries(&app)
        .await
        .into_iter()
        .rfind(|e| e.action == "hide")
        .expect("an audit entry");
    assert_eq!(entry.target_id, Some(id));
    assert_eq!(entry.after, "hidden");

    let approved = editor
        .post_form(&format!("/moderation/post/{id}/approve"), &[])
        .await;
    assert_eq!(approved.status, StatusCode::SEE_OTHER);
    assert_eq!(app.new_client().get(&path).await.status, StatusCode::OK);
}
