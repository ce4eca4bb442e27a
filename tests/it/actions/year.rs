//! The panel's year: workshops, tasks, action due days and milestones on the circle and in
//! the table, the same in the API and the `.ics`, and who may add milestones.
use chrono::{Duration, TimeZone, Utc};
use lupa::entities::tasks::task;
use reqwest::StatusCode;
use sea_orm::{ActiveModelTrait, ActiveValue::Set};
use serde_json::json;

use super::{SLUG, world, write_action};
use crate::fixtures::{Client, WorkshopRow};

/// A task of the panel open between two instants, straight in the database.
async fn a_task(
    world: &super::World,
    title: &str,
    opens: (u32, u32),
    closes: (u32, u32),
    year: i32,
) {
    let at = lupa::db::now();
    task::ActiveModel {
        panel_id: Set(world.w.panel_id),
        title: Set(title.to_owned()),
        intro_md: Set(String::new()),
        intro_html: Set(String::new()),
        anonymous: Set(false),
        results_visibility: Set("after_closing".to_owned()),
        shuffle_options: Set(false),
        opens_at: Set(Utc
            .with_ymd_and_hms(year, opens.0, opens.1, 9, 0, 0)
            .unwrap()),
        closes_at: Set(Utc
            .with_ymd_and_hms(year, closes.0, closes.1, 9, 0, 0)
            .unwrap()),
        created_by: Set(world.staff.id),
        created_at: Set(at),
        updated_at: Set(at),
        ..Default::default()
    }
    .insert(world.w.app.db())
    .await
    .expect("a task");
}

#[tokio::test]
async fn the_year_shows_workshops_tasks_due_days_and_milestones_as_a_circle_and_a_table() {
    let world = world(1).await;
    let staff = world.staff_client().await;
    let owner = world.staff.id.to_string();
    write_action(
        &staff,
        &[
            ("title", "Ohjeet selkokielelle"),
            ("owner", &owner),
            ("due", "2027-03-29"),
        ],
    )
    .await;
    write_action(
        &staff,
        &[
            ("title", "Ensi vuoden asia"),
            ("owner", &owner),
            ("due", "2028-01-05"),
        ],
    )
    .await;
    WorkshopRow {
        panel_id: world.w.panel_id,
        uid_key: "vuosi",
        title: "Kevättyöpaja",
        description_md: "",
        description_html: "",
        starts_at: Utc.with_ymd_and_hms(2027, 4, 20, 9, 0, 0).unwrap(),
        place: None,
        capacity: 20,
        created_by: world.staff.id,
        at: lupa::db::now() - Duration::days(1),
    }
    .insert(&world.w.app)
    .await;
    a_task(&world, "Asiointikysely", (2, 1), (2, 28), 2027).await;

    let page = format!("/panels/{SLUG}/year/2027");
    // Members may not add milestones; facilitators may, and a bad day comes back filled in.
    let member = world.w.client(0).await;
    let refused = member
        .post_form(
            &format!("{page}/milestones"),
            &[("title", "Oma"), ("day", "2027-09-15")],
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let bad = staff
        .form_post(
            &page,
            &format!("{page}/milestones"),
            &[("title", "Talousarvio"), ("day", "15.9.2027")],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(bad.attr("#title", "value"), ["Talousarvio"]);
    assert!(bad.exists("#day-error"));
    let added = staff
        .form_post(
            &page,
            &format!("{page}/milestones"),
            &[("title", "Talousarvio"), ("day", "2027-09-15")],
        )
        .await;
    assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", added.body);

    // The task opens in 2027: members do not see it yet, facilitators do.
    let seen = staff.get(&page).await;
    assert_eq!(seen.status, StatusCode::OK);
    assert_eq!(
        seen.select(".year-table tbody td:nth-child(3)"),
        [
            "Asiointikysely",
            "Ohjeet selkokielelle",
            "Kevättyöpaja",
            "Talousarvio"
        ]
    );
    assert_eq!(seen.select("svg .year-span title"), ["Asiointikysely"]);
    assert_eq!(
        seen.select("svg .year-mark--workshop title"),
        ["Kevättyöpaja"]
    );
    assert_eq!(
        seen.select("svg .year-mark--action title"),
        ["Ohjeet selkokielelle"]
    );
    assert_eq!(
        seen.select("svg .year-mark--milestone title"),
        ["Talousarvio"]
    );
    let seen = member.get(&page).await;
    assert_eq!(
        seen.select(".year-table tbody td:nth-child(3)"),
        ["Ohjeet selkokielelle", "Kevättyöpaja", "Talousarvio"]
    );
    assert!(!seen.exists("svg .year-span"));
    assert!(!seen.exists("#milestone-form"));

    let api = Client::for_user(&world.w.app, &world.staff).await;
    let year = api.get(&format!("/api/v1/panels/{SLUG}/year/2027")).await;
    assert_eq!(year.status, StatusCode::OK);
    let kinds: Vec<&str> = year.json["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["task", "action", "workshop", "milestone"]);
    assert_eq!(year.json["entries"][0]["start"], "2027-02-01");
    assert_eq!(year.json["entries"][0]["end"], "2027-02-28");

    let ics = member.get(&format!("{page}/calendar.ics")).await;
    assert_eq!(ics.status, StatusCode::OK);
    assert!(
        ics.header("content-type")
            .unwrap()
            .starts_with("text/calendar")
    );
    assert_eq!(ics.body.matches("BEGIN:VEVENT").count(), 3);
    assert!(ics.body.contains("SUMMARY:Talousarvio – Asiointipaneeli"));
    assert!(
        ics.body
            .contains("DTSTART;TZID=Europe/Helsinki:20270915T000000")
    );

    let outsider = world.w.app.create_user(lupa::auth::Role::Writer).await;
    let outsider = world.w.app.client_for(&outsider).await;
    assert_eq!(outsider.get(&page).await.status, StatusCode::NOT_FOUND);
    assert_eq!(
        outsider.get(&format!("{page}/calendar.ics")).await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn a_task_not_yet_open_stands_on_the_year_only_for_facilitators() {
    let world = world(1).await;
    a_task(&world, "Tuleva kysely", (3, 1), (3, 20), 2099).await;
    let page = format!("/panels/{SLUG}/year/2099");
    let member = world.w.client(0).await;
    assert!(
        member
            .get(&page)
            .await
            .select(".year-table tbody a")
            .is_empty()
    );
    let staff = world.staff_client().await;
    assert_eq!(
        staff.get(&page).await.select(".year-table tbody a"),
        ["Tuleva kysely"]
    );
    let api = Client::for_user(&world.w.app, &world.staff).await;
    let added = api
        .post(
            &format!("/api/v1/panels/{SLUG}/milestones"),
            json!({ "title": "", "day": "x" }),
        )
        .await;
    assert_eq!(added.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(added.fields(), ["day", "title"]);
    assert_eq!(
        member
            .get(&format!("/panels/{SLUG}/year/1999"))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
}
