//! Reminders to an action's owner, with the instants chosen by the test: a week before, on
//! the due day, weekly while overdue, each once; across the change to summer time and over
//! a weekend; never for an action that is done.
use chrono::DateTime;
use chrono::Utc;
use lupa::{actions::reminders, i18n::Lang, workshops::service::Site};
use reqwest::StatusCode;
use serde_json::json;

use super::{SLUG, at, reminders_to, world};
use crate::fixtures::Client;

async fn remind_at(world: &super::World, now: DateTime<Utc>) -> usize {
    let site = Site {
        base_url: world.w.app.state().settings.base_url(),
        default_lang: Lang::Fi,
    };
    reminders::run_due(world.w.app.db(), &site, now)
        .await
        .expect("a reminder pass")
}

async fn action_due(world: &super::World, due: &str) -> i64 {
    let staff = Client::for_user(&world.w.app, &world.staff).await;
    let created = staff
        .post(
            &format!("/api/v1/panels/{SLUG}/actions"),
            json!({ "title": "Selkokielinen ohje", "owner_id": world.staff.id, "due": due }),
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{:?}", created.json);
    created.json["id"].as_i64().unwrap()
}

#[tokio::test]
async fn the_owner_is_reminded_once_a_week_before_on_the_day_and_weekly_while_overdue() {
    let world = world(0).await;
    // Due Monday 29 March 2027, the day after the clocks move to summer time.
    action_due(&world, "2027-03-29").await;
    let steps = [
        // 08:00 Helsinki is 06:00Z in winter ...
        ("2027-03-22T05:59:00Z", 0),
        ("2027-03-22T06:00:00Z", 1),
        ("2027-03-22T06:01:00Z", 0),
        ("2027-03-25T12:00:00Z", 0),
        // ... and 05:00Z in summer.
        ("2027-03-29T04:59:00Z", 0),
        ("2027-03-29T05:00:00Z", 1),
        ("2027-03-30T05:00:00Z", 0),
        ("2027-04-05T05:00:00Z", 1),
        ("2027-04-05T09:00:00Z", 0),
        ("2027-04-12T05:00:00Z", 1),
    ];
    for (now, queued) in steps {
        assert_eq!(remind_at(&world, at(now)).await, queued, "at {now}");
    }
    let subjects: Vec<String> = reminders_to(&world.w, &world.staff.email)
        .await
        .into_iter()
        .map(|e| e.subject)
        .collect();
    assert_eq!(
        subjects,
        [
            "Viikko aikaa: Selkokielinen ohje",
            "Määräpäivä käsillä: Selkokielinen ohje",
            "Myöhässä: Selkokielinen ohje",
            "Myöhässä: Selkokielinen ohje",
        ]
    );
}

#[tokio::test]
async fn a_due_day_on_a_weekend_is_reminded_on_the_friday_before_and_a_node_back_after_weeks_sends_one()
 {
    let world = world(0).await;
    // Due Sunday 28 March 2027, the very day of the change to summer time.
    action_due(&world, "2027-03-28").await;
    assert_eq!(remind_at(&world, at("2027-03-19T05:59:00Z")).await, 0);
    assert_eq!(remind_at(&world, at("2027-03-19T06:00:00Z")).await, 1);
    assert_eq!(remind_at(&world, at("2027-03-26T05:59:00Z")).await, 0);
    assert_eq!(remind_at(&world, at("2027-03-26T06:00:00Z")).await, 1);
    assert_eq!(remind_at(&world, at("2027-03-28T06:00:00Z")).await, 0);
    // Down for five weeks: one overdue reminder, not five.
    assert_eq!(remind_at(&world, at("2027-05-03T12:00:00Z")).await, 1);
    assert_eq!(remind_at(&world, at("2027-05-03T12:05:00Z")).await, 0);
    assert_eq!(reminders_to(&world.w, &world.staff.email).await.len(), 3);
}

#[tokio::test]
async fn a_done_or_dropped_action_is_not_reminded() {
    let world = world(0).await;
    let id = action_due(&world, "2027-03-29").await;
    let staff = Client::for_user(&world.w.app, &world.staff).await;
    let moved = staff
        .post(
            &format!("/api/v1/panels/{SLUG}/actions/{id}/updates"),
            json!({ "status": "done", "note": "Valmis etuajassa." }),
        )
        .await;
    assert_eq!(moved.status, StatusCode::OK);
    for now in [
        "2027-03-22T06:00:00Z",
        "2027-03-29T05:00:00Z",
        "2027-04-05T05:00:00Z",
    ] {
        assert_eq!(remind_at(&world, at(now)).await, 0, "at {now}");
    }
    assert!(reminders_to(&world.w, &world.staff.email).await.is_empty());
}
