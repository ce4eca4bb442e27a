//! The JSON API for scheduling polls, slot answers, workshops and registrations: the pages'
//! permissions, field errors, the waiting list, and the workshop and poll `lupa demo` makes.
use lupa::db::now;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::fixtures::{API_PANEL_SLUG, Client, Panel, panel_with};

const SLUG: &str = API_PANEL_SLUG;

fn scheduling() -> String {
    format!("/api/v1/panels/{SLUG}/scheduling")
}

/// Three mornings in 2030 (the first on the last Sunday of March).
fn three_mornings() -> Value {
    json!({
        "title": "Kevään työpaja",
        "description": "Käydään läpi *tehtävien* tulokset.",
        "slots": [
            {"date": "2030-04-02", "start": "9.00", "end": "12:00"},
            {"date": "2030-03-31", "start": "09:00", "end": "12:00"},
            {"date": "2030-04-03", "start": "13:00", "end": "16:00"},
            {"date": "2030-04-02", "start": "09:00", "end": "12:00"}
        ]
    })
}

/// The facilitator opens the three-morning poll; returns it.
async fn open_poll(p: &Panel) -> Value {
    let created = p.facilitator.post(&scheduling(), three_mornings()).await;
    assert_eq!(created.status, StatusCode::CREATED, "{:#}", created.json);
    created.json
}

fn slot_ids(poll: &Value) -> Vec<i64> {
    poll["slots"]
        .as_array()
        .expect("slots")
        .iter()
        .map(|s| s["id"].as_i64().unwrap())
        .collect()
}

fn poll_path(poll: &Value) -> String {
    format!("{}/{}", scheduling(), poll["id"])
}

// ----- Scheduling polls -----

#[tokio::test]
async fn a_facilitator_opens_a_poll_in_helsinki_time_and_members_answer_each_slot() {
    let p = panel_with(3).await;
    let poll = open_poll(&p).await;
    assert_eq!(poll["open"], true);
    let slots = poll["slots"].as_array().unwrap();
    assert_eq!(slots.len(), 3, "the repeated time is kept once");
    // 31 March 2030 is after the change to summer time: 9.00 in Helsinki is 06:00 UTC.
    assert_eq!(slots[0]["starts_at"], "2030-03-31T06:00:00Z");
    assert_eq!(
        (&slots[0]["date"], &slots[0]["start"], &slots[0]["end"]),
        (&json!("2030-03-31"), &json!("09:00"), &json!("12:00"))
    );
    let ids = slot_ids(&poll);
    let rows = [
        ["yes", "no", "if_need_be"],
        ["no", "yes", "yes"],
        ["if_need_be", "yes", "yes"],
    ];
    for ((_, member), row) in p.members.iter().zip(rows) {
        let answers: serde_json::Map<String, Value> = ids
            .iter()
            .zip(row)
            .map(|(id, a)| (id.to_string(), json!(a)))
            .collect();
        let saved = member
            .put(
                &format!("{}/answers", poll_path(&poll)),
                json!({ "answers": answers }),
            )
            .await;
        assert_eq!(saved.status, StatusCode::OK, "{:#}", saved.json);
    }
    // The first member changes one answer; the others stay.
    let first = &p.members[0].1;
    let changed = first
        .put(
            &format!("{}/answers", poll_path(&poll)),
            json!({ "answers": { ids[0].to_string(): "no" } }),
        )
        .await;
    assert_eq!(changed.status, StatusCode::OK);
    let mine: Vec<&Value> = changed.json["slots"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| &s["my_answer"])
        .collect();
    assert_eq!(mine, [&json!("no"), &json!("no"), &json!("if_need_be")]);

    let read = p.facilitator.get(&poll_path(&poll)).await;
    assert_eq!(read.status, StatusCode::OK);
    let totals: Vec<(i64, i64, i64)> = read.json["slots"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            let t = &s["totals"];
            (
                t["yes"].as_i64().unwrap(),
                t["if_need_be"].as_i64().unwrap(),
                t["no"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(totals, [(0, 1, 2), (2, 0, 1), (2, 1, 0)]);
    assert_eq!(read.json["best_first"], json!([ids[2], ids[1], ids[0]]));
    assert_eq!(read.json["respondents"].as_array().unwrap().len(), 3);
    assert!(
        read.json["slots"][0]["my_answer"].is_null(),
        "the facilitator did not answer"
    );

    let list = p.members[1].1.get(&scheduling()).await;
    assert_eq!(list.status, StatusCode::OK);
    assert_eq!(list.json["polls"][0]["title"], "Kevään työpaja");
}

#[tokio::test]
async fn outsiders_do_not_find_a_private_panels_polls_and_workshops_and_writing_needs_a_token() {
    let p = panel_with(1).await;
    let poll = open_poll(&p).await;
    let answers = format!("{}/answers", poll_path(&poll));
    let nobody = Client::anonymous(&p.app);
    for client in [&p.outsider, &nobody] {
        for path in [
            scheduling(),
            poll_path(&poll),
            format!("/api/v1/panels/{SLUG}/workshops"),
        ] {
            assert_eq!(
                client.get(&path).await.status,
                StatusCode::NOT_FOUND,
                "{path}"
            );
        }
    }
    let body = json!({ "answers": { slot_ids(&poll)[0].to_string(): "yes" } });
    assert_eq!(
        p.outsider.put(&answers, body.clone()).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        p.outsider
            .post(&scheduling(), three_mornings())
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        nobody.put(&answers, body).await.status,
        StatusCode::UNAUTHORIZED
    );
    let after = p.facilitator.get(&poll_path(&poll)).await;
    assert_eq!(after.json["respondents"], json!([]), "nothing was saved");
}

#[tokio::test]
async fn members_may_not_open_polls_confirm_times_or_read_the_participant_list() {
    let p = panel_with(1).await;
    let poll = open_poll(&p).await;
    let member = &p.members[0].1;
    let opened = member.post(&scheduling(), three_mornings()).await;
    assert_eq!(opened.status, StatusCode::FORBIDDEN);
    assert_eq!(opened.json["error"]["code"], "forbidden");
    let confirm = json!({ "slot_id": slot_ids(&poll)[0], "capacity": 10 });
    assert_eq!(
        member
            .post(&format!("{}/confirm", poll_path(&poll)), confirm.clone())
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    let made = p
        .facilitator
        .post(&format!("{}/confirm", poll_path(&poll)), confirm)
        .await;
    assert_eq!(made.status, StatusCode::CREATED, "{:#}", made.json);
    let participants = format!(
        "/api/v1/panels/{SLUG}/workshops/{}/participants",
        made.json["id"]
    );
    assert_eq!(
        member.get(&participants).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        p.outsider.get(&participants).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        p.facilitator.get(&participants).await.status,
        StatusCode::OK
    );
    let polls = p.facilitator.get(&scheduling()).await.json["polls"].clone();
    assert_eq!(
        polls.as_array().unwrap().len(),
        1,
        "the member's poll was not made"
    );
}

#[tokio::test]
async fn a_bad_poll_is_refused_with_each_fields_problem_in_the_callers_language() {
    let p = panel_with(1).await;
    let fac = p.facilitator.clone().in_language("en");
    let refused = fac
        .post(
            &scheduling(),
            json!({
                "title": "  ",
                "slots": [
                    {"date": "2.4.2030", "start": "9:00", "end": "12:00"},
                    {"date": "2030-04-03", "start": "12:00", "end": "9:00"},
                    {"date": "2030-03-31", "start": "03:30", "end": "05:00"}
                ]
            }),
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused.json["error"]["code"], "validation");
    assert_eq!(
        refused.fields(),
        ["slots[0].date", "slots[1].end", "slots[2].start", "title"]
    );
    assert_eq!(refused.field("title"), "Write a title.");
    assert!(refused.field("slots[2].start").contains("does not exist"));
    let empty = fac.post(&scheduling(), json!({"title": "Aika"})).await;
    assert_eq!(empty.fields(), ["slots"]);
    let odd = fac
        .post(&scheduling(), json!({"title": "Aika", "when": "huomenna"}))
        .await;
    assert_eq!(
        odd.status,
        StatusCode::BAD_REQUEST,
        "unknown fields are refused"
    );
    assert_eq!(fac.get(&scheduling()).await.json["polls"], json!([]));

    let poll = open_poll(&p).await;
    let member = p.members[0].1.clone().in_language("fi");
    let answers = format!("{}/answers", poll_path(&poll));
    let wrong = member
        .put(
            &answers,
            json!({ "answers": { slot_ids(&poll)[0].to_string(): "ehkä", "999999": "yes" } }),
        )
        .await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        wrong.fields(),
        [
            format!("answers.{}", slot_ids(&poll)[0]),
            "answers.999999".into()
        ]
    );
    assert_eq!(
        wrong.field("answers.999999"),
        "Kyselyssä ei ole tätä ajankohtaa."
    );
    let none = member.put(&answers, json!({ "answers": {} })).await;
    assert_eq!(none.fields(), ["answers"]);

    let confirm = format!("{}/confirm", poll_path(&poll));
    let bad = fac
        .post(
            &confirm,
            json!({ "slot_id": 1_000_000, "capacity": 0, "online_url": "teams" }),
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(bad.fields(), ["capacity", "online_url", "slot_id"]);
    let still = fac.get(&poll_path(&poll)).await;
    assert_eq!(still.json["open"], true, "nothing was confirmed");
    assert_eq!(still.json["respondents"], json!([]), "no answer was saved");
}

// ----- Workshops and registration -----

/// Open a poll and confirm its first slot with `capacity` seats; returns the workshop.
async fn workshop(p: &Panel, capacity: i64) -> Value {
    let poll = open_poll(p).await;
    let made = p
        .facilitator
        .post(
            &format!("{}/confirm", poll_path(&poll)),
            json!({
                "slot_id": slot_ids(&poll)[0],
                "capacity": capacity,
                "place": "Kauppakatu 1, Kuopio",
                "online_url": "https://meet.example/paja"
            }),
        )
        .await;
    assert_eq!(made.status, StatusCode::CREATED, "{:#}", made.json);
    let closed = p.facilitator.get(&poll_path(&poll)).await;
    assert_eq!(closed.json["open"], false);
    assert_eq!(closed.json["workshop_id"], made.json["id"]);
    assert_eq!(
        p.members[0]
            .1
            .put(
                &format!("{}/answers", poll_path(&poll)),
                json!({ "answers": { slot_ids(&poll)[1].to_string(): "yes" } })
            )
            .await
            .status,
        StatusCode::BAD_REQUEST,
        "a closed poll takes no answers"
    );
    made.json
}

fn workshop_path(w: &Value) -> String {
    format!("/api/v1/panels/{SLUG}/workshops/{}", w["id"])
}

#[tokio::test]
async fn registrations_fill_the_seats_then_the_waiting_list_which_moves_up_when_a_seat_frees() {
    let p = panel_with(3).await;
    let w = workshop(&p, 3).await;
    assert_eq!(w["title"], "Kevään työpaja");
    assert_eq!(w["starts_at"], "2030-03-31T06:00:00Z");
    assert_eq!(
        (&w["place"], &w["capacity"], &w["seats_left"]),
        (&json!("Kauppakatu 1, Kuopio"), &json!(3), &json!(3))
    );
    assert_eq!(w["registration_open"], true);
    let registration = format!("{}/registration", workshop_path(&w));
    let (a, b, c) = (&p.members[0].1, &p.members[1].1, &p.members[2].1);

    let first = a
        .post(&registration, json!({ "colleague": "Kaisa Kollega" }))
        .await;
    assert_eq!(first.status, StatusCode::OK, "{:#}", first.json);
    assert_eq!(
        first.json,
        json!({"status": "registered", "colleague": "Kaisa Kollega", "waiting_position": null})
    );
    let again = a.post(&registration, json!({})).await;
    assert_eq!(
        again.json["status"], "registered",
        "registering twice changes nothing"
    );

    // One seat left: B takes it (an empty body is fine); C goes to the waiting list.
    let second = b.send(Method::POST, &registration, None).await;
    assert_eq!(second.json["status"], "registered");
    let third = c
        .post(&registration, json!({ "colleague": "Ville Vieras" }))
        .await;
    assert_eq!(
        third.json,
        json!({"status": "waiting", "colleague": "Ville Vieras", "waiting_position": 1})
    );
    let full = c.get(&workshop_path(&w)).await;
    assert_eq!(
        (
            &full.json["seats_taken"],
            &full.json["seats_left"],
            &full.json["waiting"]
        ),
        (&json!(3), &json!(0), &json!(1))
    );
    assert_eq!(full.json["my_registration"]["status"], "waiting");

    let list = p
        .facilitator
        .get(&format!("{}/participants", workshop_path(&w)))
        .await;
    let rows: Vec<(String, Value)> = list.json["participants"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["status"].as_str().unwrap().to_owned(),
                r["waiting_position"].clone(),
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            ("registered".to_owned(), Value::Null),
            ("registered".to_owned(), Value::Null),
            ("waiting".to_owned(), json!(1))
        ]
    );
    assert_eq!(list.json["participants"][0]["colleague"], "Kaisa Kollega");

    // A cancels: two seats free, so C moves up with the colleague.
    let cancelled = a.delete(&registration).await;
    assert_eq!(cancelled.status, StatusCode::NO_CONTENT);
    let moved = c.get(&workshop_path(&w)).await;
    assert_eq!(
        moved.json["my_registration"],
        json!({"status": "registered", "colleague": "Ville Vieras", "waiting_position": null})
    );
    assert_eq!(moved.json["waiting"], 0);
    let gone = a.get(&workshop_path(&w)).await;
    assert_eq!(gone.json["my_registration"]["status"], "cancelled");
    assert_eq!(
        p.outsider.delete(&registration).await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn a_registration_with_a_bad_colleague_or_body_is_refused_and_nothing_is_saved() {
    let p = panel_with(1).await;
    let w = workshop(&p, 5).await;
    let registration = format!("{}/registration", workshop_path(&w));
    let member = &p.members[0].1;
    let long = member
        .post(&registration, json!({ "colleague": "x".repeat(121) }))
        .await;
    assert_eq!(long.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(long.fields(), ["colleague"]);
    let odd = member
        .post(&registration, json!({ "guest": "Kaisa" }))
        .await;
    assert_eq!(odd.status, StatusCode::BAD_REQUEST);
    assert!(
        member.get(&workshop_path(&w)).await.json["my_registration"].is_null(),
        "no registration was made"
    );
    assert_eq!(
        member.delete(&registration).await.status,
        StatusCode::NOT_FOUND,
        "nothing to cancel"
    );
    let list = member
        .get(&format!("/api/v1/panels/{SLUG}/workshops"))
        .await;
    assert_eq!(list.status, StatusCode::OK);
    assert_eq!(list.json["workshops"][0]["id"], w["id"]);
}

// ----- The demo -----

#[tokio::test]
async fn lupa_demo_makes_a_workshop_with_a_waiting_list_and_an_open_poll_with_answers() {
    use lupa::{config::Settings, db};

    let dir = tempfile::tempdir().unwrap();
    let demo = std::process::Command::new(env!("CARGO_BIN_EXE_lupa"))
        .arg("demo")
        .arg("--data-dir")
        .arg(dir.path())
        .env_remove("DATABASE_URL")
        .env("LUPA_LOG", "warn")
        .output()
        .expect("running lupa demo");
    assert!(demo.status.success(), "{demo:?}");
    let settings = Settings {
        data_dir: dir.path().to_owned(),
        ..Settings::default()
    };
    let conn = db::connect(&settings).await.unwrap();
    crate::helpers::demo::assert_demo_made_a_full_workshop_and_an_open_poll(&conn, now()).await;
}

/// The days `lupa demo --today` is tried on: the next Saturday, Sunday and Monday, Christmas
/// Eve, both DST change days (last Sundays of March and October) and New Year's Eve, each the
/// next one from today (so the demo's workshops are still ahead whenever the test runs).
fn awkward_days() -> Vec<chrono::NaiveDate> {
    use chrono::{Datelike, Duration, NaiveDate, Weekday};
    let today = chrono::Utc::now()
        .with_timezone(&chrono_tz::Europe::Helsinki)
        .date_naive();
    let next = |ok: &dyn Fn(NaiveDate) -> bool| {
        (1..800)
            .map(|n| today + Duration::days(n))
            .find(|d| ok(*d))
            .expect("within two years")
    };
    let last_sunday_of = |month: u32| {
        move |d: NaiveDate| {
            d.month() == month
                && d.weekday() == Weekday::Sun
                && (d + Duration::days(7)).month() != month
        }
    };
    vec![
        next(&|d| d.weekday() == Weekday::Sat),
        next(&|d| d.weekday() == Weekday::Sun),
        next(&|d| d.weekday() == Weekday::Mon),
        next(&|d| d.month() == 12 && d.day() == 24),
        next(&last_sunday_of(3)),
        next(&last_sunday_of(10)),
        next(&|d| d.month() == 12 && d.day() == 31),
    ]
}

#[tokio::test]
async fn lupa_demo_proposes_distinct_working_days_whatever_day_it_runs() {
    use chrono::{Datelike, Weekday};
    use lupa::{config::Settings, db, entities::scheduling_slot};
    use sea_orm::{EntityTrait, QueryOrder};

    let runs: Vec<_> = awkward_days()
        .into_iter()
        .map(|day| {
            let dir = tempfile::tempdir().unwrap();
            let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_lupa"));
            command
                .arg("demo")
                .arg("--today")
                .arg(day.to_string())
                .arg("--data-dir")
                .arg(dir.path())
                .env_remove("DATABASE_URL")
                .env("LUPA_LOG", "warn");
            (day, dir, std::thread::spawn(move || command.output()))
        })
        .collect();
    for (day, dir, run) in runs {
        let output = run.join().unwrap().expect("running lupa demo");
        assert!(output.status.success(), "{day}: {output:?}");
        let conn = db::connect(&Settings {
            data_dir: dir.path().to_owned(),
            ..Settings::default()
        })
        .await
        .unwrap();
        let slots = scheduling_slot::Entity::find()
            .order_by_asc(scheduling_slot::Column::Id)
            .all(&conn)
            .await
            .unwrap();
        let mut by_poll: std::collections::BTreeMap<i32, Vec<chrono::NaiveDate>> =
            Default::default();
        for slot in &slots {
            let date = slot
                .starts_at
                .with_timezone(&chrono_tz::Europe::Helsinki)
                .date_naive();
            assert!(
                !matches!(date.weekday(), Weekday::Sat | Weekday::Sun),
                "{day}: a slot on {date}"
            );
            assert!(date > day, "{day}: a slot on {date}");
            by_poll.entry(slot.poll_id).or_default().push(date);
        }
        let sizes: Vec<usize> = by_poll.values().map(Vec::len).collect();
        assert_eq!(sizes, [3, 4], "{day}: the spring and autumn polls");
        for dates in by_poll.values() {
            let distinct: std::collections::BTreeSet<_> = dates.iter().collect();
            assert_eq!(distinct.len(), dates.len(), "{day}: {dates:?}");
        }
        conn.close().await.unwrap();
    }
}

#[tokio::test]
async fn facilitators_move_and_cancel_a_workshop_and_members_may_not() {
    let p = panel_with(1).await;
    let w = workshop(&p, 5).await;
    let path = workshop_path(&w);
    let member = p.members[0].1.clone();
    let seat = member
        .post(&format!("{path}/registration"), json!({}))
        .await;
    assert_eq!(seat.json["status"], "registered", "{:#}", seat.json);

    let reschedule = format!("{path}/reschedule");
    let new_time = json!({"date": "2030-04-09", "start": "13.00", "end": "16:00"});
    assert_eq!(
        member.post(&reschedule, new_time.clone()).await.status,
        StatusCode::FORBIDDEN
    );
    let fac = p.facilitator.clone().in_language("en");
    let bad = fac
        .post(
            &reschedule,
            json!({"date": "2030-04-09", "start": "13.00", "end": "12.00"}),
        )
        .await;
    assert_eq!(
        bad.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{:#}",
        bad.json
    );
    assert_eq!(bad.fields(), ["end"]);
    let late = fac
        .post(
            &reschedule,
            json!({"date": "2030-04-09", "start": "13.00", "end": "16.00",
                   "registration_deadline": "2030-04-10 12.00"}),
        )
        .await;
    assert_eq!(late.fields(), ["registration_deadline"]);
    assert_eq!(
        fac.get(&path).await.json["starts_at"],
        w["starts_at"],
        "nothing moved on refusal"
    );

    let moved = fac.post(&reschedule, new_time).await;
    assert_eq!(moved.status, StatusCode::OK, "{:#}", moved.json);
    // 13.00 in Helsinki in April (summer time, UTC+3).
    assert_eq!(moved.json["starts_at"], "2030-04-09T10:00:00Z");
    assert_eq!(moved.json["ends_at"], "2030-04-09T13:00:00Z");

    let cancel = format!("{path}/cancel");
    assert_eq!(
        member.post(&cancel, json!({})).await.status,
        StatusCode::FORBIDDEN
    );
    assert!(fac.get(&path).await.json["cancelled_at"].is_null());
    let cancelled = fac.post(&cancel, json!({})).await;
    assert_eq!(cancelled.status, StatusCode::OK, "{:#}", cancelled.json);
    assert!(
        cancelled.json["cancelled_at"].is_string(),
        "{:#}",
        cancelled.json
    );
}
