//! Comments through the API: writing, replies, placeholders, drafts.
use super::*;

// ----- Comments -----

#[tokio::test]
async fn a_comment_and_a_reply_written_through_the_api_appear_on_the_post_with_parent_id() {
    let (app, _, writer) = site_with_writer().await;
    let post = writer
        .create_post("Keskustellaan", "members", "published")
        .await;
    let comments_path = format!("/api/v1/posts/{}/comments", slug(&post));
    let (member_user, _, member) = person_with_token(&app, Role::Member).await;

    let first = member
        .post(&comments_path, json!({"body": "Hyvä *kokeilu*!"}))
        .await;
    assert_eq!(first.status, StatusCode::CREATED, "{:#}", first.json);
    assert_eq!(first.json["parent_id"], Value::Null);
    assert_eq!(first.json["author"]["id"], member_user.id);
    assert_eq!(first.json["body_html"], "<p>Hyvä <em>kokeilu</em>!</p>\n");
    let first_id = first.json["id"].as_i64().expect("an id");

    let reply = writer
        .post(
            &comments_path,
            json!({"body": "Kiitos!", "parent_id": first_id}),
        )
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{:#}", reply.json);
    assert_eq!(reply.json["parent_id"], first_id);

    let read = member.get(&format!("/api/v1/posts/{}", slug(&post))).await;
    assert_eq!(read.status, StatusCode::OK);
    assert_eq!(read.json["comment_count"], 2);
    let comments = read.json["comments"].as_array().expect("comments");
    assert_eq!(comments.len(), 2, "{comments:#?}");
    assert_eq!(comments[0]["id"], first_id);
    assert_eq!(comments[0]["body"], "Hyvä *kokeilu*!");
    assert_eq!(comments[0]["state"], "visible");
    assert_eq!(comments[1]["parent_id"], first_id);
    assert_eq!(comments[1]["body"], "Kiitos!");
    assert!(comments[1]["created_at"].is_string());
    assert!(comments[1]["edited_at"].is_null());

    // The same rules as the page: an empty comment, a reply to nothing, a reader.
    let answer = member.post(&comments_path, json!({"body": "  "})).await;
    assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(answer.field("body").is_some());
    let answer = member
        .post(&comments_path, json!({"body": "Hei", "parent_id": 999_999}))
        .await;
    assert_eq!(
        answer.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{:#}",
        answer.json
    );
    assert!(answer.field("parent_id").is_some());
    let answer = Api::reader(&app)
        .post(&comments_path, json!({"body": "Hei"}))
        .await;
    assert_eq!(answer.status, StatusCode::UNAUTHORIZED);
    // A members-only post does not exist for a reader, comments included.
    let answer = Api::reader(&app)
        .get(&format!("/api/v1/posts/{}", slug(&post)))
        .await;
    assert_eq!(answer.status, StatusCode::NOT_FOUND);
}

/// The person as the services take them.
async fn current_user(app: &TestApp, user: &TestUser) -> CurrentUser {
    let row = people_store::user_by_id(app.db(), user.id)
        .await
        .expect("reading the person")
        .expect("the person");
    CurrentUser::from_row(row).expect("an active person")
}

#[tokio::test]
async fn removed_and_hidden_comments_are_textless_placeholders_except_hidden_ones_for_editors() {
    let (app, writer_user, writer) = site_with_writer().await;
    let post = writer
        .create_post("Keskustelu", "public", "published")
        .await;
    let comments_path = format!("/api/v1/posts/{}/comments", slug(&post));
    let mut ids = Vec::new();
    for (body, parent) in [
        ("Poistan tämän", None),
        ("Vastaus", Some(0)),
        ("Piilotettava", None),
        ("Yksin poistettu", None),
    ] {
        let parent_id = parent.map(|i: usize| ids[i]);
        let answer = writer
            .post(
                &comments_path,
                json!({"body": body, "parent_id": parent_id}),
            )
            .await;
        assert_eq!(answer.status, StatusCode::CREATED, "{:#}", answer.json);
        ids.push(answer.json["id"].as_i64().expect("an id"));
    }
    let author = current_user(&app, &writer_user).await;
    let editor_user = app.create_user(Role::Editor).await;
    let editor = current_user(&app, &editor_user).await;
    let id = |i: usize| CommentId(ids[i] as i32);
    comments::remove(app.db(), &author, id(0))
        .await
        .expect("removing");
    comments::remove(app.db(), &author, id(3))
        .await
        .expect("removing");
    comments::set_hidden(app.db(), &editor, id(2), true)
        .await
        .expect("hiding");

    let read = Api::reader(&app)
        .get(&format!("/api/v1/posts/{}", slug(&post)))
        .await;
    assert_eq!(read.json["comment_count"], 1);
    let comments = read.json["comments"].as_array().expect("comments").clone();
    let outline: Vec<(i64, Value, &str)> = comments
        .iter()
        .map(|c| {
            (
                c["id"].as_i64().unwrap_or_default(),
                c["parent_id"].clone(),
                c["state"].as_str().unwrap_or_default(),
            )
        })
        .collect();
    // The removed comment with a reply stays as a placeholder; the lone removed one is gone.
    assert_eq!(
        outline,
        [
            (ids[0], Value::Null, "removed"),
            (ids[1], json!(ids[0]), "visible"),
            (ids[2], Value::Null, "hidden"),
        ]
    );
    for placeholder in [&comments[0], &comments[2]] {
        assert!(placeholder["body"].is_null(), "{placeholder:#}");
        assert!(placeholder["body_html"].is_null(), "{placeholder:#}");
        assert!(placeholder["author"].is_null(), "{placeholder:#}");
    }

    let editor_token = people::create_api_token(app.db(), editor_user.id, "test")
        .await
        .expect("a token");
    let read = Api::with_token(&app, &editor_token)
        .get(&format!("/api/v1/posts/{}", slug(&post)))
        .await;
    let hidden = &read.json["comments"][2];
    assert_eq!(hidden["state"], "hidden");
    assert_eq!(hidden["body"], "Piilotettava");
    assert_eq!(hidden["author"]["id"], writer_user.id);
}

#[tokio::test]
async fn a_draft_cannot_be_commented_on_even_by_its_author() {
    let (_app, _, writer) = site_with_writer().await;
    let draft = writer.create_post("Luonnos", "public", "draft").await;
    let answer = writer
        .post(
            &format!("/api/v1/posts/{}/comments", slug(&draft)),
            json!({"body": "Muistiinpano"}),
        )
        .await;
    assert_eq!(answer.status, StatusCode::FORBIDDEN);
}
