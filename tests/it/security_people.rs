//! The security review's people items (issue 13, items 7–10): who may see a person, results
//! breakdowns that could give a company away, caps on what one request may make, and the
//! rate of writing, counted in the database so a second app node does not double it.
use chrono::{Duration, Utc};
use lupa::{
    auth::Role,
    panels::model::PanelId,
    tasks::{
        editing::model::{QuestionDraftInput, TaskInput},
        model::helsinki_input,
        service as polls,
    },
};
use reqwest::StatusCode;

use crate::helpers::{TestApp, TestClient, TestUser, private_panel, seat, write_post};

const SLUG: &str = "asiakaspaneeli";

// ----- 7. People pages -----

#[tokio::test]
async fn a_private_panels_member_has_no_person_page_and_looks_like_an_unknown_id() {
    let app = TestApp::spawn().await;
    let admin = app.setup_site().await;
    let panel = private_panel(&app, SLUG, admin.id).await.id;
    let panelist = app.create_user(Role::Panelist).await;
    let quiet_member = app.create_user(Role::Member).await;
    seat(&app, panel, panelist.id, "member", "Pajala Oy", "ict").await;
    seat(
        &app,
        panel,
        quiet_member.id,
        "member",
        "Kivijalka Ky",
        "ict",
    )
    .await;
    let writer = app.create_user(Role::Writer).await;
    write_post(&app.client_for(&writer).await, "Julkinen juttu", "public").await;

    let visitor = app.new_client();
    let colleague = app.client_for(&app.create_user(Role::Member).await).await;
    let unknown = visitor.get("/people/999999").await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    for client in [&visitor, &colleague] {
        for person in [&panelist, &quiet_member] {
            for path in [
                format!("/people/{}", person.id),
                format!("/people/{}/feed.atom", person.id),
            ] {
                let seen = client.get(&path).await;
                assert_eq!(seen.status, StatusCode::NOT_FOUND, "{path}");
                assert!(!seen.body.contains(&person.display_name), "{path}");
            }
        }
        // The same page as for an id nobody has.
        assert_eq!(
            client
                .get(&format!("/people/{}", panelist.id))
                .await
                .select("h1"),
            client.get("/people/999999").await.select("h1")
        );
        // A writer's page is for everyone.
        let page = client.get(&format!("/people/{}", writer.id)).await;
        assert_eq!(page.status, StatusCode::OK);
        assert_eq!(
            page.select("h1"),
            std::slice::from_ref(&writer.display_name)
        );
    }
}

#[tokio::test]
async fn an_organisation_page_names_only_people_whose_writing_the_reader_may_read() {
    let app = TestApp::spawn().await;
    app.setup_site().await;
    let quiet = app.create_user(Role::Member).await;
    let public_writer = app.create_user(Role::Writer).await;
    let internal_writer = app.create_user(Role::Writer).await;
    write_post(&app.client_for(&public_writer).await, "Avoin", "public").await;
    write_post(
        &app.client_for(&internal_writer).await,
        "Sisäinen",
        "members",
    )
    .await;

    let path = "/organizations/testivirasto";
    let visitor = app.new_client().get(path).await;
    assert!(visitor.body.contains(&public_writer.display_name));
    assert!(!visitor.body.contains(&internal_writer.display_name));
    assert!(!visitor.body.contains(&quiet.display_name));
    let member = app
        .client_for(&app.create_user(Role::Member).await)
        .await
        .get(path)
        .await;
    assert!(member.body.contains(&internal_writer.display_name));
    assert!(!member.body.contains(&quiet.display_name));
    // Only members-only writing: a page for staff, none for visitors.
    let page = format!("/people/{}", internal_writer.id);
    assert_eq!(
        app.new_client().get(&page).await.status,
        StatusCode::NOT_FOUND
    );
    let staff = app.client_for(&app.create_user(Role::Member).await).await;
    assert_eq!(staff.get(&page).await.status, StatusCode::OK);
}

// ----- 8. Breakdowns -----

/// A private panel with a seated facilitator and three member companies (two in ICT, one in
/// hospitality), and a named task whose results members see at once, answered by all three.
async fn answered_named_task() -> (TestApp, TestClient, TestClient, i32) {
    let app = TestApp::spawn().await;
    let admin = app.setup_site().await;
    let panel = private_panel(&app, SLUG, admin.id).await.id;
    let facilitator = app.create_user(Role::Member).await;
    seat(&app, panel, facilitator.id, "facilitator", "", "other").await;
    let mut members: Vec<TestUser> = Vec::new();
    for (company, industry) in [
        ("Pajala Oy", "ict"),
        ("Kivijalka Ky", "ict"),
        ("Leipomo Lämmin", "hospitality"),
    ] {
        let user = app.create_user(Role::Member).await;
        seat(&app, panel, user.id, "member", company, industry).await;
        members.push(user);
    }
    let now = Utc::now();
    let checked = polls::check_task(&TaskInput {
        title: "Asiointikokemus".into(),
        intro: String::new(),
        opens_at: helsinki_input(&(now - Duration::days(1))),
        closes_at: helsinki_input(&(now + Duration::days(1))),
        anonymous: false,
        results: "always".into(),
        shuffle: false,
        aim_kind: String::new(),
        aim_values: Vec::new(),
        questions: vec![QuestionDraftInput {
            prompt: "Toimiiko palvelu?".into(),
            kind: "yes_no".into(),
            required: true,
            ..Default::default()
        }],
    })
    .expect("a valid task");
    let task = polls::create_task(
        app.db(),
        PanelId(panel),
        1,
        checked,
        now - Duration::days(2),
    )
    .await
    .expect("creating a task")
    .id;
    let view = polls::task_view(app.db(), PanelId(panel), task)
        .await
        .unwrap()
        .unwrap();
    let field = format!("q{}", view.questions[0].id.0);
    let mut member_client = None;
    for user in &members {
        let client = app.client_for(user).await;
        let answered = client
            .form_post(
                &format!("/panels/{SLUG}/tasks/{task}"),
                &format!("/panels/{SLUG}/tasks/{task}/answers"),
                &[(field.as_str(), "yes")],
            )
            .await;
        assert_eq!(answered.status, StatusCode::SEE_OTHER, "{}", answered.body);
        member_client = Some(client);
    }
    let facilitator = app.client_for(&facilitator).await;
    (app, facilitator, member_client.unwrap(), task)
}

#[tokio::test]
async fn a_member_sees_no_breakdown_group_under_five_answer_sets_and_the_page_says_so() {
    let (_app, facilitator, member, task) = answered_named_task().await;
    let path = format!("/panels/{SLUG}/tasks/{task}/results?by=industry");
    let seen = member.get(&path).await;
    assert_eq!(seen.status, StatusCode::OK);
    assert!(
        seen.select(".poll-group h2").is_empty(),
        "{:?}",
        seen.select(".poll-group h2")
    );
    assert_eq!(seen.select(".poll-groups-hidden").len(), 1, "{}", seen.body);
    // The facilitator, who knows the answers by name anyway, sees every group.
    let theirs = facilitator.get(&path).await;
    assert_eq!(theirs.select(".poll-group h2").len(), 2);
    assert!(theirs.select(".poll-groups-hidden").is_empty());
}

// ----- 9. Caps -----

#[tokio::test]
async fn a_task_with_more_than_200_questions_is_refused_with_422_and_the_form_kept() {
    let (_app, facilitator, _member, _task) = answered_named_task().await;
    let now = Utc::now();
    let opens = helsinki_input(&(now + Duration::days(1)));
    let closes = helsinki_input(&(now + Duration::days(3)));
    let names: Vec<(String, String)> = (0..201)
        .flat_map(|i| {
            [
                (format!("q{i}_prompt"), format!("Kysymys numero {i}")),
                (format!("q{i}_kind"), "yes_no".to_owned()),
            ]
        })
        .collect();
    let mut fields: Vec<(&str, &str)> = vec![
        ("title", "Liian pitkä kysely"),
        ("intro", ""),
        ("opens_at", &opens),
        ("closes_at", &closes),
        ("anonymity", "named"),
        ("results", "always"),
        ("action", "save"),
    ];
    fields.extend(names.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    let refused = facilitator
        .form_post(
            &format!("/panels/{SLUG}/tasks/new"),
            &format!("/panels/{SLUG}/tasks"),
            &fields,
        )
        .await;
    assert_eq!(
        refused.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        refused.status
    );
    assert_eq!(refused.select("#q200_prompt-error").len(), 1);
    assert_eq!(refused.attr("#title", "value"), ["Liian pitkä kysely"]);
}

#[tokio::test]
async fn a_scheduling_poll_with_more_than_100_times_is_refused_with_422_and_the_form_kept() {
    let (_app, facilitator, _member, _task) = answered_named_task().await;
    let first = Utc::now().date_naive() + Duration::days(30);
    let dates: Vec<String> = (0..101)
        .map(|i| (first + Duration::days(i)).format("%Y-%m-%d").to_string())
        .collect();
    let dates = dates.join("\n");
    let page = format!("/panels/{SLUG}/scheduling");
    let refused = facilitator
        .form_post(
            &page,
            &page,
            &[
                ("title", "Työpajan aika"),
                ("description", ""),
                ("dates", &dates),
                ("start", "09:00"),
                ("end", "11:00"),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused.select("#dates-error").len(), 1);
    // The dates typed are kept (the selector text comes back with whitespace collapsed).
    assert_eq!(
        refused.select("textarea#dates")[0],
        dates.replace('\n', " ")
    );
}

// ----- 10. Rate of writing -----

#[tokio::test]
async fn the_eleventh_comment_in_a_minute_through_a_second_node_is_refused_with_429_and_kept() {
    // The defaults: ten a minute, a hundred an hour.
    let app = TestApp::spawn_with(|s| s.write_rate = lupa::config::WriteRate::default()).await;
    app.setup_site().await;
    let writer = app.create_user(Role::Writer).await;
    let post = write_post(&app.client_for(&writer).await, "Kommentoitava", "public").await;
    let member = app.create_user(Role::Member).await;
    let client = app.client_for(&member).await;
    let action = format!("{post}/comments");
    for n in 1..=10 {
        let body = format!("Kommentti {n}");
        let saved = client
            .form_post(&post, &action, &[("body", &body), ("parent_id", "")])
            .await;
        assert_eq!(
            saved.status,
            StatusCode::SEE_OTHER,
            "comment {n}: {}",
            saved.body
        );
    }
    let node = app.spawn_second_node().await;
    let elsewhere = client.via(&node.address);
    let refused = elsewhere
        .form_post(
            &post,
            &action,
            &[("body", "Yhdestoista ajatus"), ("parent_id", "")],
        )
        .await;
    assert_eq!(
        refused.status,
        StatusCode::TOO_MANY_REQUESTS,
        "{}",
        refused.body
    );
    assert_eq!(
        refused.select("textarea[name=body]")[0],
        "Yhdestoista ajatus"
    );
    assert_eq!(refused.select(".field__error").len(), 1, "{}", refused.body);

    // The JSON API counts the same contributions.
    let token = lupa::people::service::create_api_token(app.db(), member.id, "testi")
        .await
        .unwrap();
    let slug = post.trim_start_matches("/posts/");
    let api = reqwest::Client::new()
        .post(format!("{}/api/v1/posts/{slug}/comments", node.address))
        .bearer_auth(&token)
        .json(&serde_json::json!({ "body": "Vielä yksi" }))
        .send()
        .await
        .unwrap();
    assert_eq!(api.status(), StatusCode::TOO_MANY_REQUESTS);
    let body: serde_json::Value = api.json().await.unwrap();
    assert_eq!(body["error"]["code"], "too_many_contributions", "{body}");
}

#[tokio::test]
async fn the_comments_feed_links_only_commenters_who_have_a_page_for_visitors() {
    let app = TestApp::spawn().await;
    app.setup_site().await;
    let writer = app.create_user(Role::Writer).await;
    let writer_client = app.client_for(&writer).await;
    let post = write_post(&writer_client, "Kommentoitu juttu", "public").await;
    let member = app.create_user(Role::Member).await;
    for (client, body) in [
        (&app.client_for(&member).await, "Jäsenen kommentti"),
        (&writer_client, "Kirjoittajan vastaus"),
    ] {
        let saved = client
            .form_post(
                &post,
                &format!("{post}/comments"),
                &[("body", body), ("parent_id", "")],
            )
            .await;
        assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    }
    let feed = app.new_client().get(&format!("{post}/comments.atom")).await;
    assert_eq!(feed.status, StatusCode::OK);
    assert!(
        feed.body.contains(&format!("/people/{}</uri>", writer.id)),
        "{}",
        feed.body
    );
    assert!(
        !feed.body.contains(&format!("/people/{}<", member.id)),
        "a member who has published nothing has no page to link to:\n{}",
        feed.body
    );
}
