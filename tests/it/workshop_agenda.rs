//! A workshop's agenda built from the panel's task results, and the record kept afterwards:
//! minutes, attachments, outcomes and attendance. Facilitators write; members read, and
//! never learn through the agenda results that are hidden from them.
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

#[tokio::test]
async fn minutes_wait_for_the_workshop_to_start_and_are_rendered_safely() {
    let w = world().await;
    let upcoming = workshop_at(&w, Duration::days(2)).await;
    let early = w
        .facilitator
        .form_post(
            &page(upcoming, "/agenda"),
            &page(upcoming, "/minutes"),
            &[("minutes", "Liian aikaisin")],
        )
        .await;
    assert_eq!(early.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(early.exists(".error-summary"));
    assert!(
        w.facilitator
            .get(&page(upcoming, "/minutes"))
            .await
            .exists("#minutes-blocked")
    );
    assert_eq!(outbox_rows(&w, upcoming).await, 0);

    let id = workshop_at(&w, -Duration::hours(3)).await;
    assert_eq!(add_free(&w, id, "Päätökset").await, StatusCode::SEE_OTHER);
    let item = items(&w, id).await[0].id;
    let outcome_field = format!("outcome-{item}");
    let deep = ">".repeat(40) + " syvä";
    let bad = w
        .facilitator
        .form_post(
            &page(id, "/minutes"),
            &page(id, "/minutes"),
            &[("minutes", &deep), (&outcome_field, "Sovittiin jatkosta.")],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.exists("#minutes[aria-invalid=true]"));
    assert_eq!(bad.text("#minutes"), deep, "the form stays filled");
    assert_eq!(
        bad.text(&format!("#{outcome_field}")),
        "Sovittiin jatkosta."
    );

    let hostile = "## Päätös\n\n**Tärkeää** [klikkaa](javascript:alert(1))\n\n\
                   <script>alert(1)</script>\n\n<img src=x onerror=alert(1)>";
    let saved = w
        .facilitator
        .form_post(
            &page(id, "/minutes"),
            &page(id, "/minutes"),
            &[
                ("minutes", hostile),
                (&outcome_field, "Sovittiin **jatkosta**."),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let row = workshop::Entity::find_by_id(id)
        .one(w.app.db())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        row.minutes.as_deref(),
        Some(hostile),
        "the source is kept as written"
    );
    let html = row.minutes_html.unwrap();
    assert!(html.contains("<strong>Tärkeää</strong>"));
    for bad in ["<script", "javascript:", "onerror"] {
        assert!(!html.contains(bad), "{bad} in {html}");
    }
    assert!(row.minutes_updated_at.is_some());
    assert!(row.minutes_by.is_some());

    let read = w.members[0].1.get(&page(id, "/minutes")).await;
    assert_eq!(read.status, StatusCode::OK);
    assert_eq!(read.select("#minutes h2"), ["Päätös"]);
    assert!(!read.exists("#minutes script"));
    assert!(!read.exists("#minutes img[onerror]"));
    assert_eq!(read.select(".agenda-item__outcome strong"), ["jatkosta"]);

    // Emptying the minutes removes them.
    w.facilitator
        .form_post(
            &page(id, "/minutes"),
            &page(id, "/minutes"),
            &[("minutes", " ")],
        )
        .await;
    let row = workshop::Entity::find_by_id(id)
        .one(w.app.db())
        .await
        .unwrap()
        .unwrap();
    assert_eq!((row.minutes, row.minutes_html), (None, None));
}

#[tokio::test]
async fn attachments_must_be_web_links() {
    let w = world().await;
    let id = workshop_at(&w, -Duration::hours(1)).await;
    let minutes = page(id, "/minutes");
    let attach = page(id, "/minutes/attachments");
    for url in [
        "javascript:alert(1)",
        "ftp://tiedostot.fi/a",
        "https://",
        "data:text/html,x",
    ] {
        let res = w
            .facilitator
            .form_post(&minutes, &attach, &[("title", "Diat"), ("url", url)])
            .await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{url}");
        assert!(res.exists("#url[aria-invalid=true]"), "{url}");
        assert_eq!(res.attr("#url", "value"), [url], "the form stays filled");
        assert_eq!(res.attr("#attachment-title", "value"), ["Diat"]);
    }
    let untitled = w
        .facilitator
        .form_post(
            &minutes,
            &attach,
            &[("title", ""), ("url", "https://diat.fi/1")],
        )
        .await;
    assert_eq!(untitled.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(untitled.exists("#attachment-title[aria-invalid=true]"));

    let ok = w
        .facilitator
        .form_post(
            &minutes,
            &attach,
            &[
                ("title", "Diat"),
                ("url", "https://diat.example.fi/tyopaja.pdf"),
            ],
        )
        .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.body);
    let read = w.members[0].1.get(&minutes).await;
    assert_eq!(
        read.attr("#attachments a", "href"),
        ["https://diat.example.fi/tyopaja.pdf"]
    );
    assert_eq!(read.select("#attachments a"), ["Diat"]);

    let form = w.facilitator.get(&minutes).await;
    let remove = form.attr("form[action*='/attachments/'][action$='/delete']", "action");
    assert_eq!(remove.len(), 1);
    let gone = w.facilitator.form_post(&minutes, &remove[0], &[]).await;
    assert_eq!(gone.status, StatusCode::SEE_OTHER);
    assert!(!w.members[0].1.get(&minutes).await.exists("#attachments"));
}

async fn register(w: &World, id: i32, user: i32, status: &str, colleague: Option<&str>) {
    let at = now();
    workshop_registration::ActiveModel {
        workshop_id: Set(id),
        user_id: Set(user),
        status: Set(status.into()),
        colleague_name: Set(colleague.map(str::to_owned)),
        created_at: Set(at),
        updated_at: Set(at),
        ..Default::default()
    }
    .insert(w.app.db())
    .await
    .expect("registering");
}

#[tokio::test]
async fn attendance_is_marked_only_for_people_holding_a_seat() {
    let w = world().await;
    let id = workshop_at(&w, -Duration::hours(2)).await;
    let (seated, waiting, cancelled) = (w.members[0].0.id, w.members[1].0.id, w.members[2].0.id);
    register(&w, id, seated, "registered", Some("Kaisa Kollega")).await;
    register(&w, id, waiting, "waiting", None).await;
    register(&w, id, cancelled, "cancelled", None).await;

    let minutes = page(id, "/minutes");
    let form = w.facilitator.get(&minutes).await;
    assert_eq!(
        form.attr("#attendance-table tbody tr", "data-user"),
        [seated.to_string()],
        "only the seated participant is listed"
    );
    assert!(form.exists(&format!("#colleague-{seated}")));

    let f_seated = format!("attended-{seated}");
    let f_colleague = format!("colleague-{seated}");
    let f_waiting = format!("attended-{waiting}");
    let refused = w
        .facilitator
        .form_post(
            &minutes,
            &page(id, "/minutes/attendance"),
            &[(&f_seated, "yes"), (&f_waiting, "yes")],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.exists(".error-summary"));
    assert!(
        refused.exists(&format!("#attended-{seated}-yes[checked]")),
        "the form stays filled"
    );
    let marked = workshop_attendance::Entity::find()
        .count(w.app.db())
        .await
        .unwrap();
    assert_eq!(marked, 0, "nothing saved when one mark is refused");

    let ok = w
        .facilitator
        .form_post(
            &minutes,
            &page(id, "/minutes/attendance"),
            &[(&f_seated, "yes"), (&f_colleague, "yes")],
        )
        .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.body);
    let rows = workshop_attendance::Entity::find()
        .all(w.app.db())
        .await
        .unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(
        (
            rows[0].user_id,
            rows[0].attended,
            rows[0].colleague_attended
        ),
        (seated, true, Some(true))
    );
    let again = w.facilitator.get(&minutes).await;
    assert!(again.exists(&format!("#attended-{seated}-yes[checked]")));
    // The participants' CSV tells who came: the seated one and the colleague.
    let csv = w.facilitator.get(&page(id, "/participants.csv")).await;
    assert_eq!(csv.status, StatusCode::OK);
    let seated_row = csv
        .body
        .lines()
        .find(|l| l.contains("Kaisa Kollega"))
        .unwrap_or_else(|| panic!("{}", csv.body));
    assert!(seated_row.ends_with(",kyllä,kyllä"), "{seated_row}");

    // Changing one's mind overwrites the mark.
    w.facilitator
        .form_post(
            &minutes,
            &page(id, "/minutes/attendance"),
            &[(&f_seated, "no")],
        )
        .await;
    let row = workshop_attendance::Entity::find()
        .one(w.app.db())
        .await
        .unwrap()
        .unwrap();
    assert_eq!((row.attended, row.colleague_attended), (false, Some(false)));
    let csv = w.facilitator.get(&page(id, "/participants.csv")).await;
    assert!(
        csv.body.lines().any(|l| l.ends_with(",ei,ei")),
        "{}",
        csv.body
    );
}

#[tokio::test]
async fn minutes_and_their_search_outbox_row_are_written_in_one_transaction() {
    let w = world().await;
    let id = workshop_at(&w, -Duration::hours(2)).await;
    let minutes = parse_markdown("Sovittiin jatkosta.", 1000).unwrap();

    let txn = w.app.db().begin().await.unwrap();
    record_minutes(&txn, WorkshopId(id), minutes.clone(), Vec::new(), 1, now())
        .await
        .unwrap();
    txn.rollback().await.unwrap();
    let row = workshop::Entity::find_by_id(id)
        .one(w.app.db())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(row.minutes, None);
    assert_eq!(outbox_rows(&w, id).await, 0, "rolled back together");

    let txn = w.app.db().begin().await.unwrap();
    record_minutes(&txn, WorkshopId(id), minutes, Vec::new(), 1, now())
        .await
        .unwrap();
    txn.commit().await.unwrap();
    let row = workshop::Entity::find_by_id(id)
        .one(w.app.db())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(row.minutes.as_deref(), Some("Sovittiin jatkosta."));
    assert_eq!(outbox_rows(&w, id).await, 1, "committed together");

    let saved = w
        .facilitator
        .form_post(
            &page(id, "/minutes"),
            &page(id, "/minutes"),
            &[("minutes", "Uusi versio")],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER);
    assert_eq!(
        outbox_rows(&w, id).await,
        2,
        "the page's save records the change too"
    );
}

/// The titles and kinds of `client`'s search hits for `q`.
async fn search_hits(client: &TestClient, q: &str) -> Vec<(String, String)> {
    let page = client
        .get(&format!(
            "/search?{}",
            serde_urlencoded::to_string([("q", q)]).unwrap()
        ))
        .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    page.select(".search-hit__title a")
        .into_iter()
        .zip(page.attr(".search-hit__title a", "href"))
        .collect()
}

#[tokio::test]
async fn minutes_and_outcomes_are_found_by_exactly_the_panels_readers() {
    let w = world().await;
    let id = workshop_at(&w, -Duration::hours(3)).await;
    assert_eq!(add_free(&w, id, "Jatkotoimet").await, StatusCode::SEE_OTHER);
    let item = items(&w, id).await[0].id;
    let saved = w
        .facilitator
        .form_post(
            &page(id, "/minutes"),
            &page(id, "/minutes"),
            &[
                (
                    "minutes",
                    "Keskustelimme yrityspalvelujen sähköisestä asioinnista.",
                ),
                (
                    &format!("outcome-{item}"),
                    "Sovittiin kokeiluista ja pilotoinnista.",
                ),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    w.app.state().search.catch_up().await.unwrap();

    let url = format!("/panels/{SLUG}/workshops/{id}");
    let member = &w.members[0].1;
    // A word of the minutes and one of an outcome, in their base forms where Voikko runs
    // (Snowball's stems do not join these forms), as written otherwise.
    let voikko = lupa::search::voikko::Voikko::load().is_some();
    let words = if voikko {
        ["asiointi", "pilotointi"]
    } else {
        ["asioinnista", "pilotoinnista"]
    };
    for q in words {
        let hits = search_hits(member, q).await;
        assert_eq!(hits.len(), 1, "{q}: {hits:?}");
        assert_eq!(hits[0].1, url, "{q}");
    }
    let page_of_member = member.get(&format!("/search?q={}", words[0])).await;
    assert_eq!(
        page_of_member.select(".search-hit__kind"),
        ["Työpajan muistio"]
    );
    // Not for someone outside the panel, nor a visitor; counts say nothing either.
    for reader in [&w.outsider, &w.app.new_client()] {
        assert!(search_hits(reader, words[0]).await.is_empty());
        let page = reader.get(&format!("/search?q={}", words[1])).await;
        assert_eq!(page.select(".search-total"), ["Ei osumia"]);
    }

    // Cleared minutes and outcome: gone from search.
    let cleared = w
        .facilitator
        .form_post(
            &page(id, "/minutes"),
            &page(id, "/minutes"),
            &[("minutes", ""), (&format!("outcome-{item}"), "")],
        )
        .await;
    assert_eq!(cleared.status, StatusCode::SEE_OTHER, "{}", cleared.body);
    w.app.state().search.catch_up().await.unwrap();
    assert!(search_hits(member, words[0]).await.is_empty());
    assert!(search_hits(member, words[1]).await.is_empty());
}

#[tokio::test]
async fn panel_tasks_are_found_by_their_questions_and_options_only_by_the_panels_readers() {
    let w = world().await;
    let id = task(
        &w,
        "Sähköisen asioinnin arviointi",
        "after_closing",
        question(
            "Mitä verkkopalvelun uudistuksessa pitäisi korjata ensin?",
            "single",
            &["Kirjautuminen", "Lomakkeiden tallennus"],
        ),
    )
    .await;
    w.app.state().search.catch_up().await.unwrap();
    let url = format!("/panels/{SLUG}/tasks/{id}");
    let member = &w.members[0].1;
    // The title in another form (with Voikko), a question's compound part, an option.
    let voikko = lupa::search::voikko::Voikko::load().is_some();
    let title_word = if voikko { "arvioinnin" } else { "arviointi" };
    for q in [title_word, "palvelu", "lomakkeiden"] {
        let hits = search_hits(member, q).await;
        assert_eq!(
            hits,
            [("Sähköisen asioinnin arviointi".to_owned(), url.clone())],
            "{q}"
        );
    }
    assert_eq!(
        member
            .get("/search?q=arviointi")
            .await
            .select(".search-hit__kind"),
        ["Paneelin tehtävä"]
    );
    for reader in [&w.outsider, &w.app.new_client()] {
        assert!(search_hits(reader, "arviointi").await.is_empty());
    }
}
