//! The JSON API for writing and editing tasks: facilitators only, every field's problem
//! named, and the settings, opening time and questions fixed once the task opens.
use chrono::Duration;
use lupa::{db::now, tasks::model::helsinki_input};
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::fixtures::{API_PANEL_SLUG as SLUG, Panel, panel_with};

fn tasks() -> String {
    format!("/api/v1/panels/{SLUG}/tasks")
}

fn task_path(task: &Value) -> String {
    format!("{}/{}", tasks(), task["id"])
}

/// A task with one question of every kind, opening at `opens` (Helsinki wall clock).
fn every_kind(opens: &str, closes: &str) -> Value {
    json!({
        "title": "Asiointi nyt",
        "intro": "Kerro, miten *yrityksesi* asioi kanssamme.",
        "opens_at": opens,
        "closes_at": closes,
        "results_visibility": "after_closing",
        "questions": [
            {"prompt": "Tärkein kanava?", "kind": "single", "options": ["Verkko", "Puhelin"]},
            {"prompt": "Mitä käytätte?", "kind": "multiple",
             "options": ["Verkko", "Puhelin", "Chat"], "min_picks": 1, "max_picks": 2},
            {"prompt": "Kuinka hyvin sujuu?", "kind": "scale", "scale": [1, 5, "huonosti", "hyvin"]},
            {"prompt": "Järjestä", "kind": "ranking", "options": ["A", "B", "C"]},
            {"prompt": "Jaa pisteet", "kind": "dots", "options": ["A", "B"], "points": 6},
            {"prompt": "Mitä muuta?", "kind": "text", "required": false},
            {"prompt": "Onko valtuutus käytössä?", "kind": "yes_no"}
        ]
    })
}

async fn create(p: &Panel, body: Value) -> Value {
    let created = p.facilitator.post(&tasks(), body).await;
    assert_eq!(created.status, StatusCode::CREATED, "{:#}", created.json);
    created.json
}

/// A task that opened an hour ago and closes in a week.
async fn open_task(p: &Panel) -> Value {
    let opens = helsinki_input(&(now() - Duration::hours(1)));
    let closes = helsinki_input(&(now() + Duration::days(7)));
    let mut body = every_kind(&opens, &closes);
    body["anonymous"] = json!(true);
    create(p, body).await
}

#[tokio::test]
async fn a_facilitator_writes_a_task_with_every_kind_of_question_and_reads_it_back() {
    let p = panel_with(1).await;
    let task = create(&p, every_kind("2030-03-02T09:00", "2030-03-16T16:00")).await;
    // Helsinki winter time is two hours ahead of UTC.
    assert_eq!(task["opens_at"], "2030-03-02T07:00:00Z");
    assert_eq!(task["closes_at"], "2030-03-16T14:00:00Z");
    assert_eq!(
        (
            &task["phase"],
            &task["anonymous"],
            &task["results_visibility"]
        ),
        (&json!("upcoming"), &json!(false), &json!("after_closing"))
    );
    assert_eq!(task["intro"], "Kerro, miten *yrityksesi* asioi kanssamme.");
    assert!(
        task["intro_html"]
            .as_str()
            .unwrap()
            .contains("<em>yrityksesi</em>")
    );
    let kinds: Vec<&str> = task["questions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| q["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        [
            "single", "multiple", "scale", "ranking", "dots", "text", "yes_no"
        ]
    );
    let q = &task["questions"];
    assert_eq!(
        (&q[1]["min_picks"], &q[1]["max_picks"]),
        (&json!(1), &json!(2))
    );
    assert_eq!(q[2]["scale"], json!([1, 5, "huonosti", "hyvin"]));
    assert_eq!(q[4]["points"], 6);
    assert_eq!(q[5]["required"], false);
    assert_eq!(q[6]["required"], true, "questions are required unless told");
    assert_eq!(q[0]["options"][1]["label"], "Puhelin");

    let read = p.members[0].1.get(&task_path(&task)).await;
    assert_eq!(read.status, StatusCode::OK);
    assert_eq!(read.json["title"], "Asiointi nyt");
    let listed = p.members[0].1.get(&tasks()).await;
    assert_eq!(listed.json["tasks"][0]["id"], task["id"]);
}

#[tokio::test]
async fn only_facilitators_write_tasks_and_outsiders_do_not_find_the_panel() {
    let p = panel_with(1).await;
    let body = every_kind("2030-03-02T09:00", "2030-03-16T16:00");
    let member = &p.members[0].1;
    assert_eq!(
        member.post(&tasks(), body.clone()).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        p.outsider.post(&tasks(), body.clone()).await.status,
        StatusCode::NOT_FOUND
    );
    let nobody = crate::fixtures::Client::anonymous(&p.app);
    assert_eq!(
        nobody.post(&tasks(), body.clone()).await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(p.facilitator.get(&tasks()).await.json["tasks"], json!([]));

    let task = create(&p, body).await;
    let change = json!({ "title": "Toinen otsikko" });
    assert_eq!(
        member.patch(&task_path(&task), change.clone()).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        p.outsider
            .patch(&task_path(&task), change.clone())
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        nobody.put(&task_path(&task), change).await.status,
        StatusCode::UNAUTHORIZED
    );
    let after = p.facilitator.get(&task_path(&task)).await;
    assert_eq!(after.json["title"], "Asiointi nyt");
}

#[tokio::test]
async fn a_bad_task_is_refused_with_every_fields_problem_and_nothing_is_saved() {
    let p = panel_with(1).await;
    let fac = p.facilitator.clone().in_language("en");
    let refused = fac
        .post(
            &tasks(),
            json!({
                "title": "",
                "opens_at": "2030-03-16T09:00",
                "closes_at": "2030-03-02T09:00",
                "results_visibility": "sometimes",
                "questions": [
                    {"prompt": "Hyvä kysymys", "kind": "yes_no"},
                    {"prompt": "Yksi vaihtoehto", "kind": "single", "options": ["Ainoa"]},
                    {"prompt": "", "kind": "text"},
                    {"prompt": "Outo", "kind": "essay"}
                ]
            }),
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused.json["error"]["code"], "validation");
    assert_eq!(
        refused.fields(),
        [
            "closes_at",
            "questions[1]",
            "questions[2]",
            "questions[3]",
            "results_visibility",
            "title"
        ]
    );
    assert!(!refused.field("title").is_empty());
    let skipped = fac
        .post(
            &tasks(),
            json!({"title": "T", "opens_at": "2030-03-31T03:30", "closes_at": "2030-04-02T09:00"}),
        )
        .await;
    assert_eq!(skipped.fields(), ["opens_at", "questions"]);
    let unknown = fac
        .post(&tasks(), json!({"title": "T", "deadline": "huomenna"}))
        .await;
    assert_eq!(unknown.status, StatusCode::BAD_REQUEST);
    assert_eq!(fac.get(&tasks()).await.json["tasks"], json!([]));
}

#[tokio::test]
async fn an_upcoming_task_is_patched_field_by_field_or_replaced_whole() {
    let p = panel_with(1).await;
    let task = create(&p, every_kind("2030-03-02T09:00", "2030-03-16T16:00")).await;
    let renamed = p
        .facilitator
        .patch(
            &task_path(&task),
            json!({ "title": "Uusi otsikko", "anonymous": true }),
        )
        .await;
    assert_eq!(renamed.status, StatusCode::OK, "{:#}", renamed.json);
    assert_eq!(renamed.json["title"], "Uusi otsikko");
    assert_eq!(
        renamed.json["anonymous"], true,
        "settings change freely before opening"
    );
    assert_eq!(
        renamed.json["questions"].as_array().unwrap().len(),
        7,
        "questions kept"
    );
    assert_eq!(renamed.json["opens_at"], task["opens_at"]);

    let fewer = p
        .facilitator
        .patch(
            &task_path(&task),
            json!({ "questions": [{"prompt": "Vain tämä", "kind": "yes_no"}] }),
        )
        .await;
    assert_eq!(fewer.json["questions"].as_array().unwrap().len(), 1);

    // What GET returns can be sent back whole with PUT (times as RFC 3339 instants).
    let read = p.facilitator.get(&task_path(&task)).await.json;
    let whole = json!({
        "title": read["title"],
        "intro": read["intro"],
        "opens_at": read["opens_at"],
        "closes_at": read["closes_at"],
        "anonymous": read["anonymous"],
        "results_visibility": read["results_visibility"],
        "shuffle_options": read["shuffle_options"],
        "questions": read["questions"],
    });
    let same = p.facilitator.put(&task_path(&task), whole).await;
    assert_eq!(same.status, StatusCode::OK, "{:#}", same.json);
    assert_eq!(same.json["opens_at"], read["opens_at"]);
    assert_eq!(same.json["questions"][0]["prompt"], "Vain tämä");

    // PUT replaces everything: what is left out takes the defaults.
    let replaced = p
        .facilitator
        .put(
            &task_path(&task),
            json!({
                "title": "Korvattu",
                "opens_at": "2030-05-04T10:00",
                "closes_at": "2030-05-18T10:00",
                "questions": [{"prompt": "Kyllä vai ei?", "kind": "yes_no"}]
            }),
        )
        .await;
    assert_eq!(replaced.status, StatusCode::OK, "{:#}", replaced.json);
    assert_eq!(replaced.json["anonymous"], false);
    assert_eq!(replaced.json["results_visibility"], "after_answering");
    assert_eq!(replaced.json["intro"], "");
    assert_eq!(replaced.json["opens_at"], "2030-05-04T07:00:00Z");
}

#[tokio::test]
async fn once_open_only_the_title_intro_and_closing_time_change() {
    let p = panel_with(1).await;
    let task = open_task(&p).await;
    assert_eq!(task["phase"], "open");
    let path = task_path(&task);
    let fac = p.facilitator.clone().in_language("en");

    let later = helsinki_input(&(now() + Duration::days(10)));
    let allowed = fac
        .patch(
            &path,
            json!({ "title": "Jatkettu", "intro": "Lisää aikaa.", "closes_at": later }),
        )
        .await;
    assert_eq!(allowed.status, StatusCode::OK, "{:#}", allowed.json);
    assert_eq!(allowed.json["title"], "Jatkettu");

    let named = fac.patch(&path, json!({ "anonymous": false })).await;
    assert_eq!(named.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(named.fields(), ["settings"]);
    let shown = fac
        .patch(&path, json!({ "results_visibility": "always" }))
        .await;
    assert_eq!(shown.fields(), ["settings"]);
    let moved = fac
        .patch(
            &path,
            json!({ "opens_at": helsinki_input(&(now() - Duration::days(2))) }),
        )
        .await;
    assert_eq!(moved.fields(), ["opens_at"]);
    let asked = fac
        .patch(
            &path,
            json!({ "questions": [{"prompt": "Uusi kysymys", "kind": "yes_no"}] }),
        )
        .await;
    assert_eq!(asked.fields(), ["questions"]);
    // A whole replacement that leaves the settings out would make it named: refused.
    let whole = fac
        .put(
            &path,
            json!({
                "title": "Jatkettu",
                "opens_at": task["opens_at"],
                "closes_at": later,
                "questions": task["questions"]
            }),
        )
        .await;
    assert_eq!(whole.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        whole.fields().contains(&"settings".to_owned()),
        "{:?}",
        whole.fields()
    );

    let after = fac.get(&path).await.json;
    assert_eq!(
        (
            &after["anonymous"],
            &after["results_visibility"],
            &after["opens_at"]
        ),
        (&json!(true), &json!("after_closing"), &task["opens_at"])
    );
    assert_eq!(after["questions"].as_array().unwrap().len(), 7);
    assert_eq!(after["title"], "Jatkettu");
}
