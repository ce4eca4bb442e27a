//! A workshop's agenda built from the panel's task results, and the record kept afterwards:
//! minutes, attachments, outcomes and attendance. Facilitators write; members read, and
//! never learn through the agenda results that are hidden from them.

mod minutes;
mod search;
use chrono::{Duration, Utc};
use lupa::{
    auth::Role,
    db::now,
    entities::{
        search_outbox, workshop, workshop_agenda_item, workshop_attendance, workshop_registration,
    },
    panels::{access::PanelRole, model::PanelId},
    tasks::{
        answering::model::AnswerFields,
        editing::model::{QuestionDraftInput, TaskInput},
        model::helsinki_input,
        service as polls,
    },
    workshops::{
        agenda::{model::parse_markdown, service::record_minutes},
        model::WorkshopId,
    },
};
use reqwest::StatusCode;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, TransactionTrait,
};

use crate::{
    fixtures::{PanelWorld, PrivatePanel, WorkshopRow},
    helpers::{TestApp, TestClient, TestUser},
};

const SLUG: &str = "kehittajat";

/// A private panel with a facilitator, three members and an outsider.
struct World {
    app: TestApp,
    panel: PanelId,
    facilitator: TestClient,
    members: Vec<(TestUser, TestClient)>,
    outsider: TestClient,
}

async fn world() -> World {
    let panel = PrivatePanel {
        slug: SLUG,
        name: "Kehittäjäpaneeli",
        organization: "virasto",
        term_end: (2030, 12, 31),
        seat_target: 10,
        seat_cap: 20,
    };
    let w = PanelWorld::new(&panel, 3, Some("ict")).await;
    let app = w.app;
    let mut members = Vec::new();
    for user in w.members {
        let client = app.client_for(&user).await;
        members.push((user, client));
    }
    let outsider = app.create_user(Role::Member).await;
    World {
        facilitator: app.client_for(&w.facilitator).await,
        outsider: app.client_for(&outsider).await,
        panel: PanelId(w.panel_id),
        members,
        app,
    }
}

fn question(prompt: &str, kind: &str, options: &[&str]) -> QuestionDraftInput {
    QuestionDraftInput {
        prompt: prompt.into(),
        kind: kind.into(),
        required: true,
        options: options.join("\n"),
        points: "10".into(),
        ..Default::default()
    }
}

/// An open task with one question, results visible as `results` says; returns its id.
async fn task(w: &World, title: &str, results: &str, q: QuestionDraftInput) -> i32 {
    let at = Utc::now();
    let checked = polls::check_task(&TaskInput {
        title: title.into(),
        intro: String::new(),
        opens_at: helsinki_input(&(at - Duration::days(1))),
        closes_at: helsinki_input(&(at + Duration::days(5))),
        anonymous: false,
        results: results.into(),
        shuffle: false,
        aim_kind: String::new(),
        aim_values: Vec::new(),
        questions: vec![q],
    })
    .expect("a valid task");
    polls::create_task(w.app.db(), w.panel, 1, checked, at - Duration::days(2))
        .await
        .expect("creating a task")
        .id
}

/// The task's only question id and its option ids by label.
async fn ids(w: &World, task: i32) -> (i32, Vec<(String, i32)>) {
    let view = polls::task_view(w.app.db(), w.panel, task)
        .await
        .unwrap()
        .unwrap();
    let q = &view.questions[0];
    (
        q.id.0,
        q.options
            .iter()
            .map(|o| (o.label.clone(), o.id.0))
            .collect(),
    )
}

/// Member `m` gives each option (by label) a value: a rank or a number of dots.
async fn answer(w: &World, task: i32, m: usize, values: &[(&str, &str)]) {
    let view = polls::task_view(w.app.db(), w.panel, task)
        .await
        .unwrap()
        .unwrap();
    let q = &view.questions[0];
    let fields: Vec<(String, String)> = values
        .iter()
        .map(|(label, v)| {
            let o = q.options.iter().find(|o| o.label == *label).unwrap();
            (q.option_field(o.id), v.to_string())
        })
        .collect();
    let user = &w.members[m].0;
    let company = polls::company_of(w.app.db(), w.panel, user.id)
        .await
        .unwrap();
    polls::submit(
        w.app.db(),
        &view,
        Some(PanelRole::Member),
        user.id,
        company.as_ref(),
        &AnswerFields::from_pairs(fields),
        Utc::now(),
    )
    .await
    .expect("answering");
}

/// A workshop starting `starts_in` from now (negative: it has started).
async fn workshop_at(w: &World, starts_in: Duration) -> i32 {
    let at = now();
    WorkshopRow {
        panel_id: w.panel.0,
        uid_key: "agenda-test",
        title: "Kevään työpaja",
        description_md: "",
        description_html: "",
        starts_at: at + starts_in,
        place: None,
        capacity: 20,
        created_by: 1,
        at,
    }
    .insert(&w.app)
    .await
}

fn page(id: i32, rest: &str) -> String {
    format!("/panels/{SLUG}/workshops/{id}{rest}")
}

async fn items(w: &World, id: i32) -> Vec<workshop_agenda_item::Model> {
    workshop_agenda_item::Entity::find()
        .filter(workshop_agenda_item::Column::WorkshopId.eq(id))
        .order_by_asc(workshop_agenda_item::Column::Position)
        .order_by_asc(workshop_agenda_item::Column::Id)
        .all(w.app.db())
        .await
        .unwrap()
}

async fn titles(w: &World, id: i32) -> Vec<String> {
    items(w, id).await.into_iter().map(|i| i.title).collect()
}

async fn outbox_rows(w: &World, id: i32) -> u64 {
    search_outbox::Entity::find()
        .filter(search_outbox::Column::Kind.eq("workshop"))
        .filter(search_outbox::Column::EntityId.eq(id))
        .count(w.app.db())
        .await
        .unwrap()
}

async fn add_free(w: &World, id: i32, title: &str) -> reqwest::StatusCode {
    w.facilitator
        .form_post(
            &page(id, "/agenda"),
            &page(id, "/agenda/items"),
            &[("title", title), ("note", ""), ("duration", "")],
        )
        .await
        .status
}

/// A ranking task (Borda: B 11, A 9, D 6, C 4) and a dot-vote task (Y 14, X 10, Z 6).
async fn ranking_and_dots(w: &World, results: &str) -> (i32, i32) {
    let ranking = task(
        w,
        "Kehittämiskohteet",
        results,
        question("Mikä ensin?", "ranking", &["A", "B", "C", "D"]),
    )
    .await;
    answer(
        w,
        ranking,
        0,
        &[("A", "1"), ("B", "2"), ("C", "3"), ("D", "4")],
    )
    .await;
    answer(
        w,
        ranking,
        1,
        &[("B", "1"), ("A", "2"), ("D", "3"), ("C", "4")],
    )
    .await;
    answer(
        w,
        ranking,
        2,
        &[("B", "1"), ("D", "2"), ("A", "3"), ("C", "4")],
    )
    .await;
    let dots = task(
        w,
        "Pisteäänestys",
        results,
        question("Mihin panostetaan?", "dots", &["X", "Y", "Z"]),
    )
    .await;
    answer(w, dots, 0, &[("X", "5"), ("Y", "5")]).await;
    answer(w, dots, 1, &[("Y", "4"), ("Z", "6")]).await;
    answer(w, dots, 2, &[("X", "5"), ("Y", "5")]).await;
    (ranking, dots)
}

#[tokio::test]
async fn the_agenda_offers_the_top_ranked_and_top_dot_voted_results_and_adds_the_picked_ones() {
    let w = world().await;
    let (ranking, dots) = ranking_and_dots(&w, "always").await;
    let id = workshop_at(&w, Duration::days(10)).await;

    let editor = w.facilitator.get(&page(id, "/agenda")).await;
    assert_eq!(editor.status, StatusCode::OK, "{}", editor.body);
    assert_eq!(
        editor.select(&format!("#task-{ranking} .agenda-candidate__label")),
        ["B", "A", "D"],
        "the three highest-ranked options, best first"
    );
    assert_eq!(
        editor.select(&format!("#task-{dots} .agenda-candidate__label")),
        ["Y", "X", "Z"]
    );
    let (rq, ro) = ids(&w, ranking).await;
    let (dq, dopt) = ids(&w, dots).await;
    let opt = |list: &[(String, i32)], l: &str| list.iter().find(|(x, _)| x == l).unwrap().1;
    let picks = [
        format!("t{ranking}-q{rq}-o{}", opt(&ro, "B")),
        format!("t{ranking}-q{rq}-o{}", opt(&ro, "A")),
        format!("t{ranking}-q{rq}-o{}", opt(&ro, "D")),
        format!("t{dots}-q{dq}-o{}", opt(&dopt, "Y")),
    ];
    let mut fields: Vec<(&str, &str)> = picks.iter().map(|p| ("pick", p.as_str())).collect();
    let added = w
        .facilitator
        .form_post(&page(id, "/agenda"), &page(id, "/agenda/picks"), &fields)
        .await;
    assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", added.body);
    assert_eq!(titles(&w, id).await, ["B", "A", "D", "Y"]);

    // Picking the same result again adds nothing twice.
    fields.truncate(1);
    w.facilitator
        .form_post(&page(id, "/agenda"), &page(id, "/agenda/picks"), &fields)
        .await;
    assert_eq!(items(&w, id).await.len(), 4);

    let member = w.members[0].1.get(&page(id, "/agenda")).await;
    assert_eq!(member.status, StatusCode::OK);
    assert_eq!(
        member.select("#agenda .agenda-item__title"),
        ["B", "A", "D", "Y"]
    );
    let links = member.attr("#agenda .agenda-item__results", "href");
    assert_eq!(
        links[0],
        format!("/panels/{SLUG}/tasks/{ranking}/results#all-r{rq}"),
        "linked to the question on the results page"
    );
    assert_eq!(
        links[3],
        format!("/panels/{SLUG}/tasks/{dots}/results#all-r{dq}")
    );

    // A forged pick from outside the panel's tasks is refused and nothing is added.
    let forged = w
        .facilitator
        .form_post(
            &page(id, "/agenda"),
            &page(id, "/agenda/picks"),
            &[("pick", &format!("t{}-q{rq}-o1", ranking + 100))],
        )
        .await;
    assert_eq!(forged.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(forged.exists(".error-summary"));
    assert_eq!(items(&w, id).await.len(), 4);
}

#[tokio::test]
async fn facilitators_reorder_edit_and_remove_items_and_each_change_reaches_search() {
    let w = world().await;
    let id = workshop_at(&w, Duration::days(10)).await;
    for title in ["Avaus", "Tulokset", "Jatko"] {
        assert_eq!(add_free(&w, id, title).await, StatusCode::SEE_OTHER);
    }
    assert_eq!(outbox_rows(&w, id).await, 3);
    let ids: Vec<i32> = items(&w, id).await.iter().map(|i| i.id).collect();

    let moved = w
        .facilitator
        .form_post(
            &page(id, "/agenda"),
            &page(id, &format!("/agenda/items/{}/move", ids[2])),
            &[("direction", "up")],
        )
        .await;
    assert_eq!(moved.status, StatusCode::SEE_OTHER);
    assert_eq!(titles(&w, id).await, ["Avaus", "Jatko", "Tulokset"]);
    // The first item going up stays first.
    w.facilitator
        .form_post(
            &page(id, "/agenda"),
            &page(id, &format!("/agenda/items/{}/move", ids[0])),
            &[("direction", "up")],
        )
        .await;
    assert_eq!(titles(&w, id).await, ["Avaus", "Jatko", "Tulokset"]);
    w.facilitator
        .form_post(
            &page(id, "/agenda"),
            &page(id, &format!("/agenda/items/{}/move", ids[0])),
            &[("direction", "down")],
        )
        .await;
    assert_eq!(titles(&w, id).await, ["Jatko", "Avaus", "Tulokset"]);
    let editor = w.facilitator.get(&page(id, "/agenda")).await;
    assert_eq!(
        editor.select("#agenda-items .agenda-item__title"),
        ["Jatko", "Avaus", "Tulokset"]
    );
    assert_eq!(
        editor
            .select("#agenda-items li:first-child button[value=up]")
            .len(),
        0,
        "no way up from the top"
    );

    let edit = page(id, &format!("/agenda/items/{}", ids[1]));
    let bad = w
        .facilitator
        .form_post(
            &edit,
            &edit,
            &[
                ("title", "  "),
                ("note", "Muistiinpano"),
                ("duration", "90 min"),
            ],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.exists("#title[aria-invalid=true]"));
    assert!(bad.exists("#duration[aria-invalid=true]"));
    assert_eq!(bad.text("#note"), "Muistiinpano", "the form stays filled");
    assert_eq!(bad.attr("#duration", "value"), ["90 min"]);

    let saved = w
        .facilitator
        .form_post(
            &edit,
            &edit,
            &[
                ("title", "Kyselyn tulokset"),
                ("note", "Käydään läpi *kolme* kärkeä."),
                ("duration", "45"),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let row = items(&w, id)
        .await
        .into_iter()
        .find(|i| i.id == ids[1])
        .unwrap();
    assert_eq!(row.title, "Kyselyn tulokset");
    assert_eq!(row.duration_minutes, Some(45));
    assert!(row.note_html.contains("<em>kolme</em>"));

    let removed = w
        .facilitator
        .form_post(
            &page(id, "/agenda"),
            &page(id, &format!("/agenda/items/{}/delete", ids[0])),
            &[],
        )
        .await;
    assert_eq!(removed.status, StatusCode::SEE_OTHER);
    assert_eq!(titles(&w, id).await, ["Jatko", "Kyselyn tulokset"]);
    assert_eq!(
        outbox_rows(&w, id).await,
        3 + 2 + 1 + 1,
        "adds, two real moves, the edit and the removal (the refused edit and the no-op move write nothing)"
    );
}

#[tokio::test]
async fn members_cannot_edit_the_agenda_or_minutes_and_outsiders_do_not_find_them() {
    let w = world().await;
    let id = workshop_at(&w, -Duration::hours(4)).await;
    assert_eq!(add_free(&w, id, "Avaus").await, StatusCode::SEE_OTHER);
    let item = items(&w, id).await[0].id;
    let member = &w.members[0].1;

    let read = member.get(&page(id, "/agenda")).await;
    assert_eq!(read.status, StatusCode::OK);
    assert_eq!(read.select("#agenda .agenda-item__title"), ["Avaus"]);
    assert!(!read.exists("form[action$='/agenda/items']"));
    assert!(!read.exists("#agenda-edit-link"));
    let minutes = member.get(&page(id, "/minutes")).await;
    assert_eq!(minutes.status, StatusCode::OK);
    assert!(!minutes.exists("#minutes-form"));

    let attempts = [
        (page(id, "/agenda/items"), vec![("title", "Oma")]),
        (page(id, "/agenda/picks"), vec![("pick", "t1-q1-o1")]),
        (
            page(id, &format!("/agenda/items/{item}")),
            vec![("title", "Muutettu")],
        ),
        (
            page(id, &format!("/agenda/items/{item}/move")),
            vec![("direction", "down")],
        ),
        (page(id, &format!("/agenda/items/{item}/delete")), vec![]),
        (page(id, "/minutes"), vec![("minutes", "Kirjoitin")]),
        (
            page(id, "/minutes/attachments"),
            vec![("title", "x"), ("url", "https://x.fi")],
        ),
        (page(id, "/minutes/attendance"), vec![]),
    ];
    for (action, fields) in &attempts {
        let res = member.form_post(&page(id, "/agenda"), action, fields).await;
        assert_eq!(res.status, StatusCode::FORBIDDEN, "member POST {action}");
    }
    assert_eq!(
        member
            .get(&page(id, &format!("/agenda/items/{item}")))
            .await
            .status,
        StatusCode::FORBIDDEN
    );

    for path in [page(id, "/agenda"), page(id, "/minutes")] {
        assert_eq!(
            w.outsider.get(&path).await.status,
            StatusCode::NOT_FOUND,
            "{path}"
        );
    }
    for (action, fields) in &attempts {
        let res = w.outsider.post_form(action, fields).await;
        assert_eq!(res.status, StatusCode::NOT_FOUND, "outsider POST {action}");
    }
    assert_eq!(titles(&w, id).await, ["Avaus"]);
    let row = workshop::Entity::find_by_id(id)
        .one(w.app.db())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(row.minutes, None);
}

#[tokio::test]
async fn members_do_not_learn_hidden_results_through_the_agenda() {
    let w = world().await;
    let (hidden, _) = ranking_and_dots(&w, "facilitators_only").await;
    let shown = task(
        &w,
        "Julkinen kysely",
        "always",
        question("Mikä toimii?", "single", &["Haku", "Lomake"]),
    )
    .await;
    answer_single(&w, shown).await;
    let id = workshop_at(&w, Duration::days(3)).await;
    let (hq, ho) = ids(&w, hidden).await;
    let (sq, so) = ids(&w, shown).await;
    let picks = [
        format!("t{hidden}-q{hq}-o{}", ho[1].1),
        format!("t{shown}-q{sq}-o{}", so[0].1),
    ];
    let fields: Vec<(&str, &str)> = picks.iter().map(|p| ("pick", p.as_str())).collect();
    let res = w
        .facilitator
        .form_post(&page(id, "/agenda"), &page(id, "/agenda/picks"), &fields)
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);

    let editor = w.facilitator.get(&page(id, "/agenda")).await;
    assert!(
        editor
            .select(".agenda-candidate__figure")
            .iter()
            .any(|f| f.contains("11")),
        "facilitators see the figures: {:?}",
        editor.select(".agenda-candidate__figure")
    );

    let member = w.members[0].1.get(&page(id, "/agenda")).await;
    assert_eq!(member.select("#agenda .agenda-item__title"), ["B", "Haku"]);
    let links = member.attr("#agenda .agenda-item__results", "href");
    assert_eq!(
        links,
        [format!("/panels/{SLUG}/tasks/{shown}/results#all-r{sq}")],
        "only the visible task's results are linked"
    );
    assert!(!member.body.contains(&format!("/tasks/{hidden}/results")));
    assert!(
        !member.exists(".agenda-candidate"),
        "no candidates and no figures"
    );
    let agenda_text = member.text("#agenda");
    assert!(
        !agenda_text.chars().any(|c| c.is_ascii_digit()),
        "no figures on the agenda: {agenda_text}"
    );
    assert!(
        !member.body.contains("Kehittämiskohteet"),
        "not even the hidden task's title"
    );
    // The results page itself stays closed to them.
    assert_eq!(
        w.members[0]
            .1
            .get(&format!("/panels/{SLUG}/tasks/{hidden}/results"))
            .await
            .status,
        StatusCode::FORBIDDEN
    );
}

async fn answer_single(w: &World, task: i32) {
    let (q, opts) = ids(w, task).await;
    let view = polls::task_view(w.app.db(), w.panel, task)
        .await
        .unwrap()
        .unwrap();
    let user = &w.members[1].0;
    let company = polls::company_of(w.app.db(), w.panel, user.id)
        .await
        .unwrap();
    polls::submit(
        w.app.db(),
        &view,
        Some(PanelRole::Member),
        user.id,
        company.as_ref(),
        &AnswerFields::from_pairs([(format!("q{q}"), opts[0].1.to_string())]),
        Utc::now(),
    )
    .await
    .expect("answering");
}
