//! Aimed tasks: a task aimed at part of its panel does not exist for the others — not in the
//! list, its pages, the API, search or the counts — while the aimed members and the
//! facilitators see it as any task.
use chrono::{Duration, Utc};
use lupa::{
    people::service as people,
    tasks::{editing::model::TaskInput, model::helsinki_input, service},
};
use reqwest::StatusCode;
use serde_json::json;

use super::{SLUG, World, path, q, question_ids, world};
use crate::helpers::TestClient;

/// A task open now, aimed as `kind` at `values`; returns its id.
pub(super) async fn aimed_task(w: &World, title: &str, kind: &str, values: &[&str]) -> i32 {
    let now = Utc::now();
    let checked = service::check_task(&TaskInput {
        title: title.into(),
        intro: "Kerro, miten jakelu sujuu.".into(),
        opens_at: helsinki_input(&(now - Duration::days(1))),
        closes_at: helsinki_input(&(now + Duration::days(1))),
        results: "always".into(),
        aim_kind: kind.into(),
        aim_values: values.iter().map(|v| (*v).to_owned()).collect(),
        questions: vec![q("Toimiiko jakelu?", "yes_no", &[])],
        ..Default::default()
    })
    .expect("a valid task");
    service::create_task(w.app.db(), w.panel, 1, checked, now - Duration::days(5))
        .await
        .expect("creating a task")
        .id
}

/// The panel's facilitator's user id.
async fn facilitator_of(w: &World) -> i32 {
    use lupa::entities::panel_member;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    panel_member::Entity::find()
        .filter(panel_member::Column::PanelId.eq(w.panel.0))
        .filter(panel_member::Column::Role.eq("facilitator"))
        .one(w.app.db())
        .await
        .unwrap()
        .unwrap()
        .user_id
}

/// `GET` an API path with a bearer token, as JSON.
pub(super) async fn api_json(w: &World, token: &str, path: &str) -> serde_json::Value {
    reqwest::Client::new()
        .get(w.app.url(path))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

/// What one reader gets of a task: (in the list, page, results, answer, API read, API list,
/// API results, search page, search API).
#[derive(Debug, PartialEq, Eq)]
struct Sees {
    list: bool,
    page: StatusCode,
    results: StatusCode,
    answer: StatusCode,
    api: StatusCode,
    api_list: bool,
    api_results: StatusCode,
    search: bool,
    search_api: bool,
}

async fn sees(w: &World, client: &TestClient, user_id: Option<i32>, id: i32, title: &str) -> Sees {
    let list = client.get(&format!("/panels/{SLUG}/tasks")).await;
    let field = format!("q{}", question_ids(w, id).await[0]);
    let answer = client
        .post_form(&format!("{}/answers", path(id)), &[(&field, "yes")])
        .await;
    let token = match user_id {
        Some(u) => Some(people::create_api_token(w.app.db(), u, "t").await.unwrap()),
        None => None,
    };
    let api = |p: String| {
        let mut r = reqwest::Client::new().get(w.app.url(&p));
        if let Some(t) = &token {
            r = r.bearer_auth(t);
        }
        r
    };
    let api_read = api(format!("/api/v1{}", path(id))).send().await.unwrap();
    let api_list = api(format!("/api/v1/panels/{SLUG}/tasks"))
        .send()
        .await
        .unwrap();
    let api_list_ok = api_list.status() == StatusCode::OK;
    let api_list_body = api_list.text().await.unwrap();
    let api_results = api(format!("/api/v1{}/results", path(id)))
        .send()
        .await
        .unwrap();
    let search = client.get("/search?q=jakelureittien").await;
    let search_api = api("/api/v1/search?q=jakelureittien".to_owned())
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    Sees {
        list: list.select(".poll-task h2").contains(&title.to_owned()),
        page: client.get(&path(id)).await.status,
        results: client.get(&format!("{}/results", path(id))).await.status,
        // A member's answer redirects back to the task; the rest are refused.
        answer: answer.status,
        api: api_read.status(),
        api_list: api_list_ok && api_list_body.contains(title),
        api_results: api_results.status(),
        search: search
            .select(".search-hit__title a")
            .contains(&title.to_owned()),
        search_api: search_api.contains(title),
    }
}

fn yes(answer: StatusCode) -> Sees {
    Sees {
        list: true,
        page: StatusCode::OK,
        results: StatusCode::OK,
        answer,
        api: StatusCode::OK,
        api_list: true,
        api_results: StatusCode::OK,
        search: true,
        search_api: true,
    }
}

fn no() -> Sees {
    Sees {
        list: false,
        page: StatusCode::NOT_FOUND,
        results: StatusCode::NOT_FOUND,
        answer: StatusCode::NOT_FOUND,
        api: StatusCode::NOT_FOUND,
        api_list: false,
        api_results: StatusCode::NOT_FOUND,
        search: false,
        search_api: false,
    }
}

/// The authorisation matrix: aimed member / other member / facilitator / outsider ×
/// list / page / answer / results / API / search.
#[tokio::test]
async fn an_aimed_task_exists_only_for_its_members_and_the_facilitators() {
    let w = world().await;
    let title = "Jakelureittien kartoitus";
    // Aimed at hospitality: only Leipomo Lämmin (member 2).
    let id = aimed_task(&w, title, "industry", &["hospitality"]).await;
    let everyone = super::task(&w, super::When::Open, false, "always").await;
    w.app.state().search.catch_up().await.expect("indexed");
    let facilitator_id = facilitator_of(&w).await;
    let outsider_id = {
        use lupa::entities::user;
        use sea_orm::{EntityTrait, QueryOrder};
        user::Entity::find()
            .order_by_desc(user::Column::Id)
            .one(w.app.db())
            .await
            .unwrap()
            .unwrap()
            .id
    };

    let aimed = sees(&w, &w.members[2].1, Some(w.members[2].0.id), id, title).await;
    assert_eq!(aimed, yes(StatusCode::SEE_OTHER), "the aimed member");
    let other = sees(&w, &w.members[0].1, Some(w.members[0].0.id), id, title).await;
    assert_eq!(other, no(), "a member the task is not aimed at");
    let facilitator = sees(&w, &w.facilitator, Some(facilitator_id), id, title).await;
    // Facilitators see everything but answer nothing.
    assert_eq!(
        facilitator,
        yes(StatusCode::FORBIDDEN),
        "a facilitator of the panel"
    );
    let outsider = sees(&w, &w.outsider, Some(outsider_id), id, title).await;
    assert_eq!(outsider, no(), "an outsider");

    // The other member still sees the task aimed at everyone.
    let list = w.members[0].1.get(&format!("/panels/{SLUG}/tasks")).await;
    assert_eq!(list.select(".poll-task").len(), 1);
    assert_eq!(
        w.members[0].1.get(&path(everyone)).await.status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn counts_and_the_year_leave_out_tasks_aimed_at_others() {
    let w = world().await;
    let title = "Jakelureittien kartoitus";
    let id = aimed_task(&w, title, "members", &[&w.members[1].0.id.to_string()]).await;
    for (member, expected) in [(0usize, 0usize), (1, 1), (2, 0)] {
        let waiting = service::awaiting(w.app.db(), w.panel, w.members[member].0.id)
            .await
            .unwrap();
        assert_eq!(waiting.len(), expected, "member {member} awaits");
        let overview = w.members[member].1.get(&format!("/panels/{SLUG}")).await;
        assert_eq!(
            overview
                .body
                .contains(&format!("/panels/{SLUG}/tasks/{id}")),
            expected == 1,
            "member {member}'s overview"
        );
        let year = w.members[member]
            .1
            .get(&format!(
                "/panels/{SLUG}/year/{}",
                lupa::db::now().format("%Y")
            ))
            .await;
        assert_eq!(
            year.body.contains(title),
            expected == 1,
            "member {member}'s year"
        );
    }
}

#[tokio::test]
async fn the_aim_is_written_in_the_editor_shown_in_the_results_and_fixed_once_open() {
    let w = world().await;
    let now = Utc::now();
    let opens = helsinki_input(&(now + Duration::days(1)));
    let closes = helsinki_input(&(now + Duration::days(7)));
    let editor = w
        .facilitator
        .get(&format!("/panels/{SLUG}/tasks/new"))
        .await;
    // The panel's industries are offered, each once, by name (Informaatio…, Majoitus…).
    assert_eq!(
        editor.attr("input[name=aim_industry]", "value"),
        ["ict", "hospitality"]
    );
    assert!(editor.exists("#aim-everyone[checked]"));
    let fields = [
        ("title", "Kohdennettu kysely"),
        ("intro", ""),
        ("opens_at", opens.as_str()),
        ("closes_at", closes.as_str()),
        ("anonymity", "named"),
        ("results", "always"),
        ("aim_kind", "industry"),
        ("q0_prompt", "Toimiiko?"),
        ("q0_kind", "yes_no"),
        ("q0_options", ""),
        ("action", "save"),
    ];
    // An aim without a value is refused.
    let refused = w
        .facilitator
        .form_post(
            &format!("/panels/{SLUG}/tasks/new"),
            &format!("/panels/{SLUG}/tasks"),
            &fields,
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused.attr(".error-summary a", "href"), ["#aim"]);
    // A list of members naming someone not seated in the panel is refused too, the form kept.
    let mut stranger = fields.to_vec();
    stranger[6] = ("aim_kind", "members");
    stranger.push(("aim_members", "999999"));
    let refused = w
        .facilitator
        .form_post(
            &format!("/panels/{SLUG}/tasks/new"),
            &format!("/panels/{SLUG}/tasks"),
            &stranger,
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused.attr(".error-summary a", "href"), ["#aim"]);
    assert!(
        refused
            .body
            .contains("Valitse vain tämän paneelin jäseniä."),
        "{}",
        refused.body
    );
    assert_eq!(refused.attr("#title", "value"), ["Kohdennettu kysely"]);
    let mut with_value = fields.to_vec();
    with_value.push(("aim_industry", "ict"));
    with_value.push(("aim_region", "lappi"));
    let saved = w
        .facilitator
        .form_post(
            &format!("/panels/{SLUG}/tasks/new"),
            &format!("/panels/{SLUG}/tasks"),
            &with_value,
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let url = saved.location().unwrap();
    let id: i32 = url.rsplit('/').next().unwrap().parse().unwrap();
    let view = service::task_view(w.app.db(), w.panel, id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(view.row.aim_kind, "industry");
    assert_eq!(view.row.aim_values, "ict", "only the chosen kind's values");
    let edit = w.facilitator.get(&format!("{url}/edit")).await;
    assert!(edit.exists("#aim-industry[checked]"));
    assert!(edit.exists("#aim-industry-ict[checked]"));
    // Results name the aim and how many it reaches: Pajala and Kivijalka are in ICT.
    let results = w.facilitator.get(&format!("{url}/results")).await;
    let notes = results.select(".poll-aim li");
    assert_eq!(notes.len(), 2, "{notes:?}");
    assert!(notes[1].contains('2'), "{notes:?}");
    // Once open, the aim is fixed like the other settings.
    let mut open = service::input_of(&view);
    open.aim_kind = "everyone".into();
    open.aim_values.clear();
    let checked = service::check_task(&open).unwrap();
    let at = view.row.opens_at + Duration::minutes(1);
    assert!(
        service::update_task(w.app.db(), &view, checked.clone(), at)
            .await
            .is_err()
    );
    // Before it opens it may change, and the task goes to search again.
    service::update_task(w.app.db(), &view, checked, now)
        .await
        .expect("an upcoming task's aim changes");
    let view = service::task_view(w.app.db(), w.panel, id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(view.row.aim_kind, "everyone");
}

#[tokio::test]
async fn the_api_reads_and_writes_the_aim() {
    let w = world().await;
    let id = aimed_task(&w, "Jakelureittien kartoitus", "region", &["lappi"]).await;
    let facilitator = facilitator_of(&w).await;
    let token = people::create_api_token(w.app.db(), facilitator, "t")
        .await
        .unwrap();
    let read = api_json(&w, &token, &format!("/api/v1{}", path(id))).await;
    assert_eq!(read["aim"]["kind"], "region");
    assert_eq!(read["aim"]["values"], serde_json::json!(["lappi"]));
    assert_eq!(read["round"], 1);
    assert_eq!(read["previous_task_id"], serde_json::Value::Null);
    let now = Utc::now();
    let created = reqwest::Client::new()
        .post(w.app.url(&format!("/api/v1/panels/{SLUG}/tasks")))
        .bearer_auth(&token)
        .json(&serde_json::json!({
            "title": "API:n kohdennettu",
            "opens_at": (now + Duration::days(1)).to_rfc3339(),
            "closes_at": (now + Duration::days(3)).to_rfc3339(),
            "aim": {"kind": "members", "values": [w.members[0].0.id.to_string()]},
            "questions": [{"prompt": "Toimiiko?", "kind": "yes_no"}]
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), StatusCode::CREATED);
    let body: serde_json::Value = created.json().await.unwrap();
    // An id that is not one of the panel's seated members would aim at nobody: refused.
    for values in [json!(["999999"]), json!([facilitator.to_string()])] {
        let refused = reqwest::Client::new()
            .post(w.app.url(&format!("/api/v1/panels/{SLUG}/tasks")))
            .bearer_auth(&token)
            .json(&json!({
                "title": "Ei kenellekään",
                "opens_at": (now + Duration::days(1)).to_rfc3339(),
                "closes_at": (now + Duration::days(3)).to_rfc3339(),
                "aim": {"kind": "members", "values": values},
                "questions": [{"prompt": "Toimiiko?", "kind": "yes_no"}]
            }))
            .send()
            .await
            .unwrap();
        assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let problem: serde_json::Value = refused.json().await.unwrap();
        assert!(problem["error"]["fields"]["aim"].is_string(), "{problem}");
    }
    let moved_off = reqwest::Client::new()
        .patch(w.app.url(&format!(
            "/api/v1{}",
            path(body["id"].as_i64().unwrap() as i32)
        )))
        .bearer_auth(&token)
        .json(&json!({"aim": {"kind": "members", "values": ["999999"]}}))
        .send()
        .await
        .unwrap();
    assert_eq!(moved_off.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["aim"]["kind"], "members");
    let bad = reqwest::Client::new()
        .patch(w.app.url(&format!(
            "/api/v1{}",
            path(body["id"].as_i64().unwrap() as i32)
        )))
        .bearer_auth(&token)
        .json(&serde_json::json!({"aim": {"kind": "industry", "values": []}}))
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let problem: serde_json::Value = bad.json().await.unwrap();
    assert!(problem["error"]["fields"]["aim"].is_string(), "{problem}");
}

#[tokio::test]
async fn a_member_named_in_an_aim_finds_it_in_their_data_and_erasure_takes_them_off() {
    use lupa::{data_rights::archive, entities::user};
    use sea_orm::EntityTrait;
    let w = world().await;
    let named = w.members[1].0.id;
    let other = w.members[2].0.id;
    let id = aimed_task(
        &w,
        "Toimitusaikojen kartoitus",
        "members",
        &[&named.to_string(), &other.to_string()],
    )
    .await;
    let db = w.app.db();
    let person =
        |id: i32| async move { user::Entity::find_by_id(id).one(db).await.unwrap().unwrap() };
    let theirs = archive::collect(w.app.db(), &person(named).await)
        .await
        .unwrap();
    assert_eq!(theirs["tasks_aimed_at_you"][0]["task_id"], id);
    assert_eq!(
        theirs["tasks_aimed_at_you"][0]["title"],
        "Toimitusaikojen kartoitus"
    );
    let not_named = archive::collect(w.app.db(), &person(w.members[0].0.id).await)
        .await
        .unwrap();
    assert_eq!(not_named["tasks_aimed_at_you"], serde_json::json!([]));

    lupa::data_rights::erase::erase_records(
        w.app.db(),
        named,
        lupa::people::service::RemovedBy::Themself,
        lupa::data_rights::erase::Former::default(),
    )
    .await
    .unwrap();
    let row = lupa::entities::tasks::task::Entity::find_by_id(id)
        .one(w.app.db())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        row.aim_values.lines().collect::<Vec<_>>(),
        [other.to_string()]
    );
}
