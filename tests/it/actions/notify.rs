//! When an action moves, the people who put something into it hear of it: who answered its
//! task, who came to its workshop, its owner when someone else moved it. Never the mover,
//! never someone who did not take part, never someone who may no longer read the panel; on
//! the notifications page, in the API and in the weekly digest by default.
use chrono::{Datelike, Duration, Utc, Weekday};
use lupa::{
    db::now,
    entities::{
        email_outbox, tasks::participation, tasks::task, workshop_agenda_item, workshop_attendance,
        workshop_registration,
    },
    notifications::{entities::notification, mail},
};
use reqwest::StatusCode;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, TransactionTrait,
};

use super::{SLUG, world, write_action};
use crate::fixtures::WorkshopRow;

/// A named task of the panel opened yesterday, answered by the given members.
async fn answered_task(world: &super::World, answered_by: &[usize]) -> i32 {
    let at = now();
    let id = task::ActiveModel {
        panel_id: Set(world.w.panel_id),
        title: Set("Asiointikysely".to_owned()),
        intro_md: Set(String::new()),
        intro_html: Set(String::new()),
        anonymous: Set(false),
        results_visibility: Set("always".to_owned()),
        shuffle_options: Set(false),
        opens_at: Set(at - Duration::days(1)),
        closes_at: Set(at + Duration::days(6)),
        created_by: Set(world.staff.id),
        created_at: Set(at),
        updated_at: Set(at),
        ..Default::default()
    }
    .insert(world.w.app.db())
    .await
    .unwrap()
    .id;
    for m in answered_by {
        participation::ActiveModel {
            task_id: Set(id),
            user_id: Set(world.w.members[*m].id),
        }
        .insert(world.w.app.db())
        .await
        .unwrap();
    }
    id
}

/// Move the action at `path` as `client`.
async fn move_to(client: &crate::helpers::TestClient, path: &str, status: &str, note: &str) {
    let moved = client
        .form_post(
            path,
            &format!("{path}/status"),
            &[("status", status), ("note", note)],
        )
        .await;
    assert_eq!(moved.status, StatusCode::SEE_OTHER, "{}", moved.body);
}

/// The action-moved notifications of a person: (status, action id), oldest first.
async fn told(world: &super::World, user_id: i32) -> Vec<(String, i32)> {
    notification::Entity::find()
        .filter(notification::Column::UserId.eq(user_id))
        .filter(notification::Column::Kind.eq("action-moved"))
        .all(world.w.app.db())
        .await
        .unwrap()
        .into_iter()
        .map(|n| {
            (
                n.detail.unwrap_or_default(),
                n.action_id.unwrap_or_default(),
            )
        })
        .collect()
}

fn action_id(path: &str) -> i32 {
    path.rsplit('/').next().unwrap().parse().unwrap()
}

#[tokio::test]
async fn an_action_from_a_task_tells_who_answered_it_and_its_owner_when_it_moves() {
    let world = world(3).await;
    let task = answered_task(&world, &[0, 1]).await;
    let staff = world.staff_client().await;
    let owner = world.w.facilitator.id.to_string();
    let path = write_action(
        &staff,
        &[
            ("title", "Kyselyn palaute lomakkeisiin"),
            ("owner", &owner),
            ("due", "2030-03-29"),
            ("source", &format!("task:{task}")),
        ],
    )
    .await;
    let id = action_id(&path);
    // Writing it tells nobody: nothing has moved yet.
    assert!(told(&world, world.w.members[0].id).await.is_empty());

    move_to(&staff, &path, "in_progress", "Lomakkeet käydään läpi.").await;
    let moved = vec![("in_progress".to_owned(), id)];
    assert_eq!(told(&world, world.w.members[0].id).await, moved);
    assert_eq!(told(&world, world.w.members[1].id).await, moved);
    // The owner hears when someone else moves their action; the mover never of their own.
    assert_eq!(told(&world, world.w.facilitator.id).await, moved);
    assert!(told(&world, world.staff.id).await.is_empty());
    // A member who did not answer the task is not told.
    assert!(told(&world, world.w.members[2].id).await.is_empty());

    // A member who has left the panel since is not told of the next move.
    let left = world
        .w
        .client(1)
        .await
        .form_post(
            &format!("/panels/{SLUG}"),
            &format!("/panels/{SLUG}/leave"),
            &[],
        )
        .await;
    assert_eq!(left.status, StatusCode::SEE_OTHER, "{}", left.body);
    let fac = world.facilitator_client().await;
    move_to(&fac, &path, "done", "Uudet ohjeet ovat verkossa.").await;
    assert_eq!(
        told(&world, world.w.members[0].id).await,
        [("in_progress".to_owned(), id), ("done".to_owned(), id)]
    );
    assert_eq!(told(&world, world.w.members[1].id).await, moved);
    assert_eq!(told(&world, world.w.facilitator.id).await, moved);

    // The member reads it on the notifications page, in their language, with the update.
    let page = world.w.client(0).await.get("/notifications").await;
    assert_eq!(page.status, StatusCode::OK);
    let items = page.select("li[data-kind=action-moved] > a");
    assert_eq!(items.len(), 2, "{}", page.body);
    assert!(
        items[0].contains("siirsi toimenpiteen tilaan Tehty: Kyselyn palaute lomakkeisiin"),
        "{items:?}"
    );
    assert!(
        page.attr("li[data-kind=action-moved] > a", "href")
            .iter()
            .all(|h| h == &path)
    );
    // The member who left reads nothing of it any more.
    let gone = world.w.client(1).await.get("/notifications").await;
    assert!(!gone.exists("li[data-kind=action-moved]"), "{}", gone.body);

    // The same through the API.
    let api = crate::fixtures::Client::for_user(&world.w.app, &world.w.members[0])
        .await
        .get("/api/v1/notifications")
        .await;
    assert_eq!(api.status, StatusCode::OK);
    let first = &api.json["days"][0]["items"][0];
    assert_eq!(first["kind"], "action-moved");
    assert_eq!(first["status"], "done");
    assert_eq!(first["title"], "Kyselyn palaute lomakkeisiin");
    assert_eq!(first["url"], path);
    assert_eq!(first["snippet"], "Uudet ohjeet ovat verkossa.");
}

#[tokio::test]
async fn an_action_from_a_workshop_outcome_tells_who_came_and_arrives_in_the_weekly_digest() {
    let world = world(3).await;
    let app = &world.w.app;
    let workshop = WorkshopRow {
        panel_id: world.w.panel_id,
        uid_key: "toimenpide-tyopaja",
        title: "Syksyn työpaja",
        description_md: "",
        description_html: "",
        starts_at: Utc::now() - Duration::days(3),
        place: None,
        capacity: 20,
        created_by: world.w.facilitator.id,
        at: Utc::now() - Duration::days(30),
    }
    .insert(app)
    .await;
    let at = now();
    let item = workshop_agenda_item::ActiveModel {
        workshop_id: Set(workshop),
        position: Set(0),
        title: Set("Neuvonnan ajanvaraus".to_owned()),
        note_md: Set(String::new()),
        note_html: Set(String::new()),
        outcome_md: Set(Some("Kokeillaan iltavastaanottoa.".to_owned())),
        outcome_html: Set(Some("<p>Kokeillaan iltavastaanottoa.</p>".to_owned())),
        created_at: Set(at),
        updated_at: Set(at),
        ..Default::default()
    }
    .insert(app.db())
    .await
    .unwrap()
    .id;
    // Members 0 and 1 registered; member 2 did not.
    for m in [0, 1] {
        workshop_registration::ActiveModel {
            workshop_id: Set(workshop),
            user_id: Set(world.w.members[m].id),
            status: Set("registered".to_owned()),
            created_at: Set(at),
            updated_at: Set(at),
            ..Default::default()
        }
        .insert(app.db())
        .await
        .unwrap();
    }
    let fac = world.facilitator_client().await;
    let owner = world.staff.id.to_string();
    let path = write_action(
        &fac,
        &[
            ("title", "Iltavastaanoton kokeilu"),
            ("owner", &owner),
            ("due", "2030-05-31"),
            ("source", &format!("agenda:{item}")),
        ],
    )
    .await;
    let id = action_id(&path);
    // Before attendance is marked, the registered hear of a move.
    move_to(&fac, &path, "in_progress", "Ajat sovittu.").await;
    for m in [0, 1] {
        assert_eq!(
            told(&world, world.w.members[m].id).await,
            [("in_progress".to_owned(), id)]
        );
    }
    assert!(told(&world, world.w.members[2].id).await.is_empty());
    // Once attendance is marked, only those who came: member 1 did not come.
    for (m, came) in [(0, true), (1, false)] {
        workshop_attendance::ActiveModel {
            workshop_id: Set(workshop),
            user_id: Set(world.w.members[m].id),
            attended: Set(came),
            colleague_attended: Set(None),
            marked_by: Set(Some(world.w.facilitator.id)),
            marked_at: Set(at),
        }
        .insert(app.db())
        .await
        .unwrap();
    }
    move_to(&fac, &path, "dropped", "Kävijöitä ei tullut.").await;
    assert_eq!(told(&world, world.w.members[0].id).await.len(), 2);
    assert_eq!(told(&world, world.w.members[1].id).await.len(), 1);
    // The owner (staff) heard of both moves, made by the facilitator.
    assert_eq!(told(&world, world.staff.id).await.len(), 2);

    // Nothing goes at once by default: the moves come in the weekly digest.
    let member = &world.w.members[0];
    let site = lupa::workshops::service::Site {
        base_url: app.state().settings.base_url(),
        default_lang: lupa::i18n::Lang::Fi,
    };
    assert_eq!(
        mail::run_immediate(app.db(), &site, now()).await.unwrap(),
        0
    );
    let monday = next_digest_monday(now());
    let txn = app.db().begin().await.unwrap();
    let sent = mail::send_digest(&txn, &site, member.id, mail::Period::Weekly, monday)
        .await
        .unwrap();
    txn.commit().await.unwrap();
    assert!(sent);
    let digest = email_outbox::Entity::find()
        .filter(email_outbox::Column::ToAddress.eq(&member.email))
        .one(app.db())
        .await
        .unwrap()
        .expect("a digest");
    assert_eq!(digest.kind, "digest");
    assert!(
        digest
            .body_text
            .contains("siirsi toimenpiteen tilaan Luovuttu: Iltavastaanoton kokeilu"),
        "{}",
        digest.body_text
    );
    assert!(
        digest.body_text.contains("Kävijöitä ei tullut."),
        "{}",
        digest.body_text
    );
    assert!(digest.body_text.contains(&path));
}

/// The first Monday 07:00 Helsinki time after `after`: the weekly digest that covers it.
fn next_digest_monday(after: chrono::DateTime<Utc>) -> chrono::DateTime<Utc> {
    let mut day = after
        .with_timezone(&chrono_tz::Europe::Helsinki)
        .date_naive();
    loop {
        if day.weekday() == Weekday::Mon && mail::scheduled(day, 7) > after {
            return mail::scheduled(day, 7);
        }
        day += Duration::days(1);
    }
}
