//! Blogger's classic and newer exports.
use lupa::{
    auth::{Role, password::Password},
    entities::user,
    import::model::{Format, SkipReason},
    people::{
        model::{DisplayName, Email, ShortName},
        service::{self as people, NewUser},
    },
};
use reqwest::StatusCode;
use sea_orm::EntityTrait;

use super::{comments_of, count_comments, count_posts, data, import, post_titled, skipped};
use crate::helpers::{TEST_ORG, TestApp};

#[tokio::test]
async fn classic_blogger_export_brings_posts_comments_labels_and_threads() {
    let app = TestApp::spawn().await;
    app.setup_site().await;
    app.create_organization(TEST_ORG).await;
    // Maija has an account here already: her post is hers, found by her address.
    let maija = people::create_user(
        app.db(),
        NewUser {
            email: Email::parse("maija.meikalainen@vero.example").unwrap(),
            display_name: DisplayName::parse("Maija M.").unwrap(),
            org_short: ShortName::parse(TEST_ORG).unwrap(),
            role: Role::Writer,
            job_title: String::new(),
            password: Password::parse("pitkä ja hyvä salasana").unwrap(),
        },
    )
    .await
    .unwrap();

    let summary = import(&app, Format::Blogger, &data("blogger-classic.xml"))
        .await
        .unwrap();
    assert_eq!(summary.posts, 2, "{summary}");
    assert_eq!(summary.comments, 2, "{summary}");
    assert_eq!(summary.labels_created, 2, "{summary}");
    assert_eq!(summary.authors_matched, 1, "{summary}");
    // Pekka (the draft's author) and the two commenters have no account here.
    assert_eq!(summary.authors_created, 3, "{summary}");
    assert_eq!(skipped(&summary, SkipReason::Page), 1, "{summary}");
    assert_eq!(skipped(&summary, SkipReason::NotAPost), 2, "{summary}");

    let post = post_titled(&app, "Asiakaspalvelu uudistuu").await;
    assert_eq!(post.author_id, maija.id);
    assert_eq!(post.status, "published");
    assert_eq!(
        post.published_at.unwrap().to_rfc3339(),
        "2009-12-06T10:00:00+00:00"
    );
    assert_eq!(post.updated_at.to_rfc3339(), "2009-12-09T07:30:00+00:00");
    assert_eq!(post.published_month.as_deref(), Some("2009-12"));
    // The excerpt is the text, with the entity decoded.
    assert!(
        post.excerpt
            .starts_with("Verotoimiston asiakaspalvelu uudistuu & palvelee"),
        "{}",
        post.excerpt
    );

    let page = app.get(&format!("/posts/{}", post.slug)).await;
    assert_eq!(page.status, StatusCode::OK);
    let body = page.select("article").join(" ");
    assert!(body.contains("palvelee jatkossa myös iltaisin"), "{body}");
    assert!(
        body.contains("tuotu Blogger-blogista"),
        "the note is missing: {body}"
    );
    assert!(
        body.contains("/2009/12/asiakaspalvelu-uudistuu.html"),
        "{body}"
    );
    for hostile in [
        "<script",
        "document.cookie",
        "javascript:",
        "onerror",
        "<iframe",
        "style=",
    ] {
        assert!(
            !post.body_html.contains(hostile),
            "{hostile} kept: {}",
            post.body_html
        );
    }
    for hostile in [
        "document.cookie",
        "javascript:alert",
        "onerror",
        "evil.example",
    ] {
        assert!(!page.body.contains(hostile), "{hostile} on the page");
    }
    assert!(
        post.body_html.contains(r#"alt="Palvelutiski""#),
        "{}",
        post.body_html
    );
    let labels = page.select("a[href^='/labels/']").join(",");
    assert!(
        labels.contains("Asiakaspalvelu") && labels.contains("Verotus"),
        "{labels}"
    );

    // The reply came before the comment it answers in the file; it is threaded under it.
    let thread = comments_of(&app, post.id).await;
    assert_eq!(thread.len(), 2);
    let question = thread
        .iter()
        .find(|c| c.body_md.contains("Milloin"))
        .unwrap();
    let reply = thread
        .iter()
        .find(|c| c.body_md.contains("Kiitos"))
        .unwrap();
    assert_eq!(question.parent_id, None);
    assert_eq!(reply.parent_id, Some(question.id));
    assert_eq!(reply.depth, 1);
    assert!(!reply.body_html.contains("script") && !question.body_html.contains("javascript"));
    assert_eq!(
        question.created_at.to_rfc3339(),
        "2009-12-07T10:15:00+00:00"
    );
    // Commenters without an account are shown by name, and cannot sign in.
    let anonymous = user::Entity::find_by_id(question.author_id)
        .one(app.db())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(anonymous.display_name, "Anonymous");
    assert!(!anonymous.active && anonymous.password_hash.is_empty());
    assert!(anonymous.organization_id.is_none());
    assert!(page.body.contains("Teemu Tavallinen"));

    // The draft stays a draft, by a placeholder author in the organisation named.
    let draft = post_titled(&app, "Luonnos: kevään asiakaskysely").await;
    assert_eq!(draft.status, "draft");
    assert_eq!(draft.published_at, None);
    let pekka = user::Entity::find_by_id(draft.author_id)
        .one(app.db())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(pekka.display_name, "Pekka Virtanen");
    assert!(!pekka.active);
    let org = app.create_organization(TEST_ORG).await;
    assert_eq!(pekka.organization_id, Some(org.id));
    let front = app.new_client().get("/").await;
    assert!(!front.body.contains("kevään asiakaskysely"));
}

#[tokio::test]
async fn a_second_run_imports_nothing_twice() {
    let app = TestApp::spawn().await;
    app.setup_site().await;
    app.create_organization(TEST_ORG).await;
    let first = import(&app, Format::Blogger, &data("blogger-classic.xml"))
        .await
        .unwrap();
    let (posts, comments) = (count_posts(&app).await, count_comments(&app).await);
    let users = user::Entity::find().all(app.db()).await.unwrap().len();

    let second = import(&app, Format::Blogger, &data("blogger-classic.xml"))
        .await
        .unwrap();
    assert_eq!(
        (
            second.posts,
            second.comments,
            second.labels_created,
            second.authors_created
        ),
        (0, 0, 0, 0),
        "{second}"
    );
    assert_eq!(
        skipped(&second, SkipReason::AlreadyImported),
        first.posts + first.comments,
        "{second}"
    );
    assert_eq!(count_posts(&app).await, posts);
    assert_eq!(count_comments(&app).await, comments);
    assert_eq!(
        user::Entity::find().all(app.db()).await.unwrap().len(),
        users
    );
}

#[tokio::test]
async fn newer_blogger_export_keeps_drafts_threads_and_leaves_out_trash_and_spam() {
    let app = TestApp::spawn().await;
    app.setup_site().await;
    app.create_organization(TEST_ORG).await;
    let summary = import(&app, Format::Blogger, &data("blogger-takeout.atom"))
        .await
        .unwrap();
    assert_eq!((summary.posts, summary.comments), (2, 2), "{summary}");
    assert_eq!(skipped(&summary, SkipReason::Trashed), 1, "{summary}");
    assert_eq!(skipped(&summary, SkipReason::Page), 1, "{summary}");
    assert_eq!(skipped(&summary, SkipReason::NotApproved), 1, "{summary}");

    let post = post_titled(&app, "Etätyön arki kolmen vuoden jälkeen").await;
    assert_eq!(post.status, "published");
    assert!(post.body_html.contains("<li>Kävelykokoukset</li>"));
    assert!(!post.body_html.contains("onclick") && !post.body_html.contains("style"));
    let draft = post_titled(&app, "Keskeneräinen: toimiston paluu").await;
    assert_eq!(draft.status, "draft");
    // Riikka's two entries (one with her address, one without) are one placeholder author.
    assert_eq!(draft.author_id, post.author_id);

    let thread = comments_of(&app, post.id).await;
    let liisa = thread.iter().find(|c| c.body_md.contains("Hyviä")).unwrap();
    let answer = thread.iter().find(|c| c.body_md.contains("Kiva")).unwrap();
    assert_eq!(answer.parent_id, Some(liisa.id));
    // The author answered as herself (the same address): the same person as the post's.
    assert_eq!(answer.author_id, post.author_id);
}
