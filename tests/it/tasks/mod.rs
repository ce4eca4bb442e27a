//! Polls and surveys end to end: facilitators write tasks, members answer every question
//! type, results stay hidden until their time, anonymous answers leave no trace of who gave
//! them, simultaneous submissions leave one answer set, and outsiders see nothing.

mod aimed;
mod log;
mod rounds;
use chrono::{Duration, Utc};
use lupa::{
    auth::Role,
    entities::tasks::answer_set,
    panels::{access::PanelRole, model::PanelId},
    people::service as people,
    tasks::{
        answering::model::AnswerFields,
        editing::model::{QuestionDraftInput, TaskInput},
        model::helsinki_input,
        service,
    },
};
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use crate::helpers::{TestApp, TestClient, TestUser, seat};

const SLUG: &str = "yrityspalvelut";

/// A private panel with a facilitator, three member companies and an outsider.
struct World {
    app: TestApp,
    panel: PanelId,
    facilitator: TestClient,
    members: Vec<(TestUser, TestClient)>,
    outsider: TestClient,
}

async fn world() -> World {
    let app = TestApp::spawn().await;
    let admin = app.setup_site().await;
    let row = crate::helpers::private_panel(&app, SLUG, admin.id).await;
    let facilitator = app.create_user(Role::Member).await;
    seat(&app, row.id, facilitator.id, "facilitator", "", "other").await;
    let mut members = Vec::new();
    for (company, industry) in [
        ("Pajala Oy", "ict"),
        ("Kivijalka Ky", "ict"),
        ("Leipomo Lämmin", "hospitality"),
    ] {
        let user = app.create_user(Role::Member).await;
        seat(&app, row.id, user.id, "member", company, industry).await;
        let client = app.client_for(&user).await;
        members.push((user, client));
    }
    let outsider_user = app.create_user(Role::Member).await;
    World {
        facilitator: app.client_for(&facilitator).await,
        outsider: app.client_for(&outsider_user).await,
        panel: PanelId(row.id),
        members,
        app,
    }
}

fn q(prompt: &str, kind: &str, options: &[&str]) -> QuestionDraftInput {
    QuestionDraftInput {
        prompt: prompt.into(),
        kind: kind.into(),
        required: true,
        options: options.join("\n"),
        ..Default::default()
    }
}

/// When a task takes answers, relative to now.
#[derive(Clone, Copy)]
enum When {
    Open,
    Closed,
    Upcoming,
}

/// Create a task through the service with explicit times; returns its id.
async fn task(w: &World, when: When, anonymous: bool, results: &str) -> i32 {
    task_with(
        w,
        when,
        anonymous,
        results,
        vec![q("Toimiiko palvelu?", "yes_no", &[])],
    )
    .await
}

async fn task_with(
    w: &World,
    when: When,
    anonymous: bool,
    results: &str,
    questions: Vec<QuestionDraftInput>,
) -> i32 {
    let now = Utc::now();
    let (opens, closes) = match when {
        When::Open => (now - Duration::days(1), now + Duration::days(1)),
        When::Closed => (now - Duration::days(3), now - Duration::days(1)),
        When::Upcoming => (now + Duration::days(1), now + Duration::days(3)),
    };
    let checked = service::check_task(&TaskInput {
        title: "Asiointikokemus".into(),
        intro: "Kerro, miten asiointi sujuu.".into(),
        opens_at: helsinki_input(&opens),
        closes_at: helsinki_input(&closes),
        anonymous,
        results: results.into(),
        shuffle: false,
        aim_kind: String::new(),
        aim_values: Vec::new(),
        questions,
    })
    .expect("a valid task");
    let created = service::create_task(w.app.db(), w.panel, 1, checked, now - Duration::days(5))
        .await
        .expect("creating a task");
    created.id
}

/// Answer a task as of a moment it is open, straight through the service (for closed
/// tasks' answers and races).
async fn answer_at(w: &World, task_id: i32, member: usize, fields: &[(&str, &str)]) {
    let view = service::task_view(w.app.db(), w.panel, task_id)
        .await
        .unwrap()
        .unwrap();
    let user = &w.members[member].0;
    let company = service::company_of(w.app.db(), w.panel, user.id)
        .await
        .unwrap();
    service::submit(
        w.app.db(),
        &view,
        Some(PanelRole::Member),
        user.id,
        company.as_ref(),
        &AnswerFields::from_pairs(fields.iter().map(|(k, v)| (*k, *v))),
        view.row.opens_at + Duration::minutes(1),
    )
    .await
    .expect("answering");
}

fn path(id: i32) -> String {
    format!("/panels/{SLUG}/tasks/{id}")
}

/// The form field names of the answer form, by question prompt order.
async fn question_ids(w: &World, id: i32) -> Vec<i32> {
    service::task_view(w.app.db(), w.panel, id)
        .await
        .unwrap()
        .unwrap()
        .questions
        .iter()
        .map(|q| q.id.0)
        .collect()
}

async fn first_field(w: &World, id: i32) -> String {
    format!("q{}", question_ids(w, id).await[0])
}

async fn option_ids(w: &World, id: i32, question: usize) -> Vec<i32> {
    service::task_view(w.app.db(), w.panel, id)
        .await
        .unwrap()
        .unwrap()
        .questions[question]
        .options
        .iter()
        .map(|o| o.id.0)
        .collect()
}

async fn answer_sets(w: &World, task_id: i32) -> Vec<answer_set::Model> {
    answer_set::Entity::find()
        .filter(answer_set::Column::TaskId.eq(task_id))
        .all(w.app.db())
        .await
        .unwrap()
}

#[tokio::test]
async fn facilitator_writes_a_task_and_members_see_it_awaiting_their_answer() {
    let w = world().await;
    let now = Utc::now();
    let opens = helsinki_input(&(now - Duration::hours(1)));
    let closes = helsinki_input(&(now + Duration::days(7)));
    let response = w
        .facilitator
        .form_post(
            &format!("/panels/{SLUG}/tasks/new"),
            &format!("/panels/{SLUG}/tasks"),
            &[
                ("title", "Kanavakartoitus"),
                ("intro", "Mitä kanavia käytätte?"),
                ("opens_at", &opens),
                ("closes_at", &closes),
                ("anonymity", "named"),
                ("results", "after_answering"),
                ("q0_prompt", "Käytättekö chattia?"),
                ("q0_kind", "yes_no"),
                ("q0_required", "1"),
                ("q0_options", ""),
                ("q1_prompt", ""),
                ("q1_kind", "single"),
                ("q1_options", ""),
                ("action", "save"),
            ],
        )
        .await;
    assert_eq!(response.status, StatusCode::SEE_OTHER, "{}", response.body);
    let list = w.members[0].1.get(&format!("/panels/{SLUG}/tasks")).await;
    assert_eq!(list.status, StatusCode::OK);
    assert_eq!(list.select(".poll-task h2"), ["Kanavakartoitus"]);
    assert_eq!(list.select(".poll-awaiting").len(), 1);
    let waiting = service::awaiting(w.app.db(), w.panel, w.members[0].0.id)
        .await
        .unwrap();
    assert_eq!(waiting.len(), 1);
    assert_eq!(waiting[0].title, "Kanavakartoitus");
    // The page says plainly who sees what.
    let page = w.members[0].1.get(&response.location().unwrap()).await;
    assert_eq!(page.select(".poll-disclosure li").len(), 3);
}

#[tokio::test]
async fn a_task_without_questions_is_refused_with_the_form_kept() {
    let w = world().await;
    let response = w
        .facilitator
        .form_post(
            &format!("/panels/{SLUG}/tasks/new"),
            &format!("/panels/{SLUG}/tasks"),
            &[
                ("title", "Tyhjä"),
                ("intro", ""),
                ("opens_at", "2026-03-29T03:30"),
                ("closes_at", "2030-04-02T09:00"),
                ("anonymity", "named"),
                ("results", "always"),
                ("q0_prompt", ""),
                ("q0_kind", "single"),
                ("q0_options", ""),
            ],
        )
        .await;
    assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(response.attr("#title", "value"), ["Tyhjä"]);
    let errors = response.select(".error-summary li");
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert!(response.exists("#opens_at-error"));
}

#[tokio::test]
async fn members_answer_every_question_type_and_the_results_count_them() {
    let w = world().await;
    let id = task_with(
        &w,
        When::Open,
        false,
        "always",
        vec![
            q("Yksi", "single", &["A", "B"]),
            QuestionDraftInput {
                max_picks: "2".into(),
                ..q("Monta", "multiple", &["Sähköposti", "Puhelin", "Chat"])
            },
            q("Asteikko", "scale", &[]),
            q("Järjestys", "ranking", &["X", "Y", "Z"]),
            QuestionDraftInput {
                points: "5".into(),
                ..q("Pisteet", "dots", &["P", "Q"])
            },
            q("Teksti", "text", &[]),
            q("Kyllä vai ei", "yes_no", &[]),
        ],
    )
    .await;
    let qs = question_ids(&w, id).await;
    let single = option_ids(&w, id, 0).await;
    let multi = option_ids(&w, id, 1).await;
    let rank = option_ids(&w, id, 3).await;
    let dots = option_ids(&w, id, 4).await;
    let f = |i: usize| format!("q{}", qs[i]);
    let o = |i: usize, opt: i32| format!("q{}_o{opt}", qs[i]);
    for (member, picks) in [(0usize, vec![multi[0], multi[1]]), (1, vec![multi[0]])] {
        let mut fields: Vec<(String, String)> = vec![
            (f(0), single[0].to_string()),
            (f(2), "4".into()),
            (o(3, rank[0]), "2".into()),
            (o(3, rank[1]), "1".into()),
            (o(3, rank[2]), "3".into()),
            (o(4, dots[0]), "3".into()),
            (o(4, dots[1]), "2".into()),
            (f(5), format!("Vastaus {member}")),
            (f(6), "yes".into()),
        ];
        fields.extend(picks.iter().map(|p| (f(1), p.to_string())));
        let pairs: Vec<(&str, &str)> = fields
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        let client = &w.members[member].1;
        let response = client
            .form_post(&path(id), &format!("{}/answers", path(id)), &pairs)
            .await;
        assert_eq!(response.status, StatusCode::SEE_OTHER, "{}", response.body);
    }
    let results = w.members[2].1.get(&format!("{}/results", path(id))).await;
    assert_eq!(results.status, StatusCode::OK, "{}", results.body);
    // Multiple choice counts each option picked: Sähköposti 2, Puhelin 1, Chat 0.
    let table = format!("#all-r{} + p + figure + .table-wrap td", qs[1]);
    let cells = results.select(&table);
    assert_eq!(cells[0], "2");
    assert_eq!(cells[2], "1");
    assert_eq!(cells[4], "0");
    // Every chart is an SVG image with a title, and has a table beside it.
    assert_eq!(results.select("svg[role=img] title").len(), 6);
    assert_eq!(results.select("table.poll-table").len(), 6);
    assert!(
        results
            .select(".poll-texts li")
            .contains(&"Vastaus 1".to_owned())
    );
    // Ranking: Y was first twice (3+3), X second twice (2+2), Z last (1+1).
    let ranking = results.select(&format!("#all-r{} ~ .table-wrap tbody th", qs[3]));
    assert_eq!(ranking, ["Y", "X", "Z"]);
    let average = results.select(&format!("#all-r{} + p", qs[2]));
    assert!(average[0].contains("keskiarvo 4,0"), "{average:?}");
}

#[tokio::test]
async fn an_invalid_answer_is_refused_with_422_and_the_form_kept() {
    let w = world().await;
    let id = task_with(
        &w,
        When::Open,
        false,
        "always",
        vec![QuestionDraftInput {
            points: "5".into(),
            ..q("Pisteet", "dots", &["P", "Q"])
        }],
    )
    .await;
    let qs = question_ids(&w, id).await;
    let opts = option_ids(&w, id, 0).await;
    let a = format!("q{}_o{}", qs[0], opts[0]);
    let b = format!("q{}_o{}", qs[0], opts[1]);
    let response = w.members[0]
        .1
        .form_post(
            &path(id),
            &format!("{}/answers", path(id)),
            &[(&a, "4"), (&b, "3")],
        )
        .await;
    assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        response.text(".field__error"),
        "Voit jakaa enintään 5 pistettä; nyt annoit 7."
    );
    assert_eq!(response.attr(&format!("#{a}"), "value"), ["4"]);
    assert!(answer_sets(&w, id).await.is_empty());
}

#[tokio::test]
async fn anonymous_answers_leave_no_trace_of_who_gave_them() {
    let w = world().await;
    let id = task_with(
        &w,
        When::Open,
        true,
        "always",
        vec![q("Terveiset", "text", &[])],
    )
    .await;
    let field = format!("q{}", question_ids(&w, id).await[0]);
    let (member, client) = &w.members[0];
    let response = client
        .form_post(
            &path(id),
            &format!("{}/answers", path(id)),
            &[(&field, "Salainen toive")],
        )
        .await;
    assert_eq!(response.status, StatusCode::SEE_OTHER);
    // The stored set has no respondent and no time.
    let sets = answer_sets(&w, id).await;
    assert_eq!(sets.len(), 1);
    assert_eq!(sets[0].respondent_id, None);
    assert_eq!(sets[0].saved_at, None);
    assert_eq!(sets[0].industry, None, "no company facts either");
    // Not in the results page, not in the export, not in the API.
    let results = w.facilitator.get(&format!("{}/results", path(id))).await;
    assert!(results.body.contains("Salainen toive"));
    assert!(!results.body.contains(&member.display_name));
    assert!(!results.body.contains("Pajala"));
    let csv = w
        .facilitator
        .get(&format!("{}/results.csv", path(id)))
        .await;
    assert_eq!(csv.status, StatusCode::OK);
    assert!(csv.body.contains("Salainen toive"));
    assert!(!csv.body.contains(&member.display_name));
    assert!(!csv.body.contains("Pajala"));
    assert!(!csv.body.contains(&member.email));
    let token = people::create_api_token(w.app.db(), member.id, "t")
        .await
        .unwrap();
    let api = reqwest::Client::new()
        .get(w.app.url(&format!("/api/v1{}/results", path(id))))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(api.contains("Salainen toive"));
    assert!(!api.contains(&member.display_name));
    assert!(!api.contains(&format!("\"{}\"", member.id)));
    // Answered once: a second answer is refused, and the form is not offered again.
    let again = client
        .post_form(&format!("{}/answers", path(id)), &[(&field, "Toinen")])
        .await;
    assert_eq!(again.status, StatusCode::SEE_OTHER);
    assert_eq!(answer_sets(&w, id).await.len(), 1);
    let page = client.get(&path(id)).await;
    assert!(!page.exists("form.poll-form"));
}

#[tokio::test]
async fn named_answers_can_be_changed_until_closing_and_stay_one_set() {
    let w = world().await;
    let id = task(&w, When::Open, false, "always").await;
    let field = format!("q{}", question_ids(&w, id).await[0]);
    let client = &w.members[0].1;
    for value in ["yes", "no"] {
        let r = client
            .form_post(
                &path(id),
                &format!("{}/answers", path(id)),
                &[(&field, value)],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
    }
    let sets = answer_sets(&w, id).await;
    assert_eq!(sets.len(), 1);
    assert!(sets[0].answers.contains("false"));
    // The form shows the saved answer.
    let page = client.get(&path(id)).await;
    assert_eq!(page.attr(&format!("#{field}-no[checked]"), "value"), ["no"]);
    let csv = w
        .facilitator
        .get(&format!("{}/results.csv", path(id)))
        .await;
    assert!(csv.body.contains(&w.members[0].0.display_name));
    assert!(csv.body.starts_with('\u{feff}'));
}

#[tokio::test]
async fn a_closed_task_takes_no_answers() {
    let w = world().await;
    let id = task(&w, When::Closed, false, "always").await;
    let field = format!("q{}", question_ids(&w, id).await[0]);
    let page = w.members[0].1.get(&path(id)).await;
    assert!(!page.exists("form.poll-form"));
    let r = w.members[0]
        .1
        .post_form(&format!("{}/answers", path(id)), &[(&field, "yes")])
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(answer_sets(&w, id).await.is_empty());
}

async fn results_status(client: &TestClient, id: i32) -> StatusCode {
    client.get(&format!("{}/results", path(id))).await.status
}

#[tokio::test]
async fn results_stay_hidden_until_their_time() {
    let w = world().await;
    let member = &w.members[0].1;
    // After closing, still open: hidden from members, shown to facilitators.
    let open_after_closing = task(&w, When::Open, false, "after_closing").await;
    answer_at(
        &w,
        open_after_closing,
        0,
        &[(&first_field(&w, open_after_closing).await, "yes")],
    )
    .await;
    assert_eq!(
        results_status(member, open_after_closing).await,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        results_status(&w.facilitator, open_after_closing).await,
        StatusCode::OK
    );
    let token = people::create_api_token(w.app.db(), w.members[0].0.id, "t")
        .await
        .unwrap();
    let api = reqwest::Client::new()
        .get(
            w.app
                .url(&format!("/api/v1{}/results", path(open_after_closing))),
        )
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(api.status(), StatusCode::FORBIDDEN);
    let page = member.get(&path(open_after_closing)).await;
    assert!(!page.body.contains("/results\""));
    // After closing, closed: shown.
    let closed = task(&w, When::Closed, false, "after_closing").await;
    assert_eq!(results_status(member, closed).await, StatusCode::OK);
    // After answering: hidden before, shown after.
    let after_answering = task(&w, When::Open, false, "after_answering").await;
    assert_eq!(
        results_status(member, after_answering).await,
        StatusCode::FORBIDDEN
    );
    answer_at(
        &w,
        after_answering,
        0,
        &[(&first_field(&w, after_answering).await, "no")],
    )
    .await;
    assert_eq!(
        results_status(member, after_answering).await,
        StatusCode::OK
    );
    assert_eq!(
        results_status(&w.members[1].1, after_answering).await,
        StatusCode::FORBIDDEN
    );
    // Facilitators only: never for members, not even closed; nor the export.
    let hidden = task(&w, When::Closed, false, "facilitators_only").await;
    assert_eq!(results_status(member, hidden).await, StatusCode::FORBIDDEN);
    assert_eq!(
        member
            .get(&format!("{}/results.csv", path(hidden)))
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(results_status(&w.facilitator, hidden).await, StatusCode::OK);
    // Always: shown even before answering, even before opening.
    let always = task(&w, When::Upcoming, false, "always").await;
    assert_eq!(results_status(member, always).await, StatusCode::OK);
}

#[tokio::test]
async fn two_simultaneous_submissions_leave_exactly_one_answer_set() {
    let w = world().await;
    for anonymous in [false, true] {
        let id = task(&w, When::Open, anonymous, "always").await;
        let field = format!("q{}", question_ids(&w, id).await[0]);
        let view = service::task_view(w.app.db(), w.panel, id)
            .await
            .unwrap()
            .unwrap();
        let user = w.members[0].0.id;
        let at = view.row.opens_at + Duration::minutes(1);
        let yes = AnswerFields::from_pairs([(field.as_str(), "yes")]);
        let no = AnswerFields::from_pairs([(field.as_str(), "no")]);
        let db = w.app.db();
        let (a, b) = tokio::join!(
            service::submit(db, &view, Some(PanelRole::Member), user, None, &yes, at),
            service::submit(db, &view, Some(PanelRole::Member), user, None, &no, at),
        );
        assert_eq!(answer_sets(&w, id).await.len(), 1, "anonymous: {anonymous}");
        if anonymous {
            assert!(
                a.is_ok() != b.is_ok(),
                "exactly one anonymous answer is taken"
            );
        } else {
            assert!(a.is_ok() && b.is_ok());
        }
    }
}

#[tokio::test]
async fn non_members_see_nothing_of_a_private_panels_tasks() {
    let w = world().await;
    let id = task(&w, When::Open, false, "always").await;
    let paths = [
        format!("/panels/{SLUG}/tasks"),
        path(id),
        format!("{}/results", path(id)),
        format!("{}/results.csv", path(id)),
        format!("{}/edit", path(id)),
    ];
    let reader = w.app.new_client();
    for p in &paths {
        assert_eq!(w.outsider.get(p).await.status, StatusCode::NOT_FOUND, "{p}");
        assert_eq!(reader.get(p).await.status, StatusCode::NOT_FOUND, "{p}");
    }
    let field = format!("q{}", question_ids(&w, id).await[0]);
    let r = w
        .outsider
        .post_form(&format!("{}/answers", path(id)), &[(&field, "yes")])
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    for p in [
        format!("/api/v1/panels/{SLUG}/tasks"),
        format!("/api/v1{}", path(id)),
        format!("/api/v1{}/results", path(id)),
    ] {
        let status = reqwest::get(w.app.url(&p)).await.unwrap().status();
        assert_eq!(status, StatusCode::NOT_FOUND, "{p}");
    }
    // Members may not run the panel.
    assert_eq!(
        w.members[0]
            .1
            .get(&format!("{}/edit", path(id)))
            .await
            .status,
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn answers_through_the_api_are_checked_like_the_form() {
    let w = world().await;
    let id = task_with(
        &w,
        When::Open,
        false,
        "always",
        vec![q("Järjestys", "ranking", &["X", "Y"])],
    )
    .await;
    let qid = question_ids(&w, id).await[0];
    let opts = option_ids(&w, id, 0).await;
    let token = people::create_api_token(w.app.db(), w.members[0].0.id, "t")
        .await
        .unwrap();
    let url = w.app.url(&format!("/api/v1{}/answers", path(id)));
    let bad = reqwest::Client::new()
        .put(&url)
        .bearer_auth(&token)
        .header("accept-language", "en")
        .json(&serde_json::json!({"answers": {qid.to_string(): [opts[0]]}}))
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: serde_json::Value = bad.json().await.unwrap();
    assert_eq!(
        body["error"]["fields"][qid.to_string()],
        "Give every option a place."
    );
    let good = reqwest::Client::new()
        .put(&url)
        .bearer_auth(&token)
        .json(&serde_json::json!({"answers": {qid.to_string(): [opts[1], opts[0]]}}))
        .send()
        .await
        .unwrap();
    assert_eq!(good.status(), StatusCode::NO_CONTENT);
    let sets = answer_sets(&w, id).await;
    assert_eq!(sets.len(), 1);
}

#[tokio::test]
async fn an_open_tasks_settings_cannot_change_and_a_copy_starts_over() {
    let w = world().await;
    let id = task(&w, When::Open, true, "after_closing").await;
    let view = service::task_view(w.app.db(), w.panel, id)
        .await
        .unwrap()
        .unwrap();
    let mut input = service::input_of(&view);
    input.anonymous = false;
    let checked = service::check_task(&input).unwrap();
    let refused = service::update_task(w.app.db(), &view, checked, Utc::now()).await;
    assert!(refused.is_err(), "an anonymous task cannot become named");
    assert!(
        service::task_view(w.app.db(), w.panel, id)
            .await
            .unwrap()
            .unwrap()
            .row
            .anonymous
    );
    // Duplicate as a template through the page.
    let r = w
        .facilitator
        .form_post(&path(id), &format!("{}/duplicate", path(id)), &[])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let editor = w.facilitator.get(&r.location().unwrap()).await;
    assert_eq!(editor.attr("#title", "value"), ["Asiointikokemus (kopio)"]);
    assert_eq!(editor.attr("#q0_prompt", "value"), ["Toimiiko palvelu?"]);
    assert!(editor.exists("#anonymity-anonymous[checked]"));
}

#[tokio::test]
async fn the_demo_adds_tasks_open_closed_in_a_second_round_and_aimed_with_answers() {
    let w = world().await;
    lupa::tasks::demo::demo(w.app.db(), w.panel, lupa::db::now())
        .await
        .expect("the demo tasks");
    let list = w.facilitator.get(&format!("/panels/{SLUG}/tasks")).await;
    assert_eq!(list.select(".poll-task").len(), 4);
    assert_eq!(list.select(".poll-aimed").len(), 1);
    assert_eq!(list.select(".poll-round").len(), 1);
    // The aimed task is for ICT (two of the three companies): the bakery does not see it.
    let bakery = w.members[2].1.get(&format!("/panels/{SLUG}/tasks")).await;
    assert_eq!(bakery.select(".poll-task").len(), 3);
    let tasks = lupa::tasks::store::tasks_of_panel(w.app.db(), w.panel.0)
        .await
        .unwrap();
    for t in &tasks {
        assert!(!answer_sets(&w, t.id).await.is_empty(), "{}", t.title);
        let results = w.facilitator.get(&format!("{}/results", path(t.id))).await;
        assert_eq!(results.status, StatusCode::OK);
    }
}
