//! Workshops: scheduling, registration, calendars.
use chrono::Duration;
use lupa::{
    auth::Role,
    db::now,
    entities::{email_outbox, workshop, workshop_registration},
};
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

use crate::{
    fixtures::{PanelWorld, PrivatePanel, WorkshopRow},
    helpers::{TestApp, TestClient},
};

const SLUG: &str = "asiointi";

/// A site with a private panel: one facilitator and `members` seated members.
type World = PanelWorld;

async fn world(members: usize) -> World {
    PanelWorld::new(
        &PrivatePanel {
            slug: SLUG,
            name: "Asiointipaneeli",
            organization: "kunta",
            term_end: (2027, 12, 31),
            seat_target: 20,
            seat_cap: 30,
        },
        members,
        None,
    )
    .await
}

async fn emails_to(app: &TestApp, to: &str) -> Vec<email_outbox::Model> {
    email_outbox::Entity::find()
        .filter(email_outbox::Column::ToAddress.eq(to))
        .order_by_asc(email_outbox::Column::Id)
        .all(app.db())
        .await
        .unwrap()
}

/// The facilitator opens a poll with three days 9–12; returns its path.
async fn open_poll(fac: &TestClient) -> String {
    let page = format!("/panels/{SLUG}/scheduling");
    let created = fac
        .form_post(
            &page,
            &page,
            &[
                ("title", "Kevään työpaja"),
                ("description", "Käydään läpi kyselyn tulokset."),
                ("dates", "2030-03-29\n2030-04-02, 2030-04-03"),
                ("start", "9.00"),
                ("end", "12:00"),
            ],
        )
        .await;
    assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.body);
    created.location().unwrap()
}

/// Slot ids of the poll page's answer form, in time order.
fn slot_ids(body: &str) -> Vec<String> {
    crate::helpers::attr(body, "#answer-form input[type=radio][value=yes]", "name")
}

#[tokio::test]
async fn members_answer_a_poll_and_the_grid_puts_the_best_slot_first_with_totals() {
    let w = world(3).await;
    let fac = w.app.client_for(&w.facilitator).await;
    let path = open_poll(&fac).await;
    for m in &w.members {
        assert_eq!(
            emails_to(&w.app, &m.email).await.len(),
            1,
            "every member hears of the poll"
        );
    }

    let first = w.app.client_for(&w.members[0]).await;
    let slots = slot_ids(&first.get(&path).await.body);
    assert_eq!(slots.len(), 3);
    let answers = [
        ["yes", "no", "maybe"],
        ["no", "yes", "yes"],
        ["maybe", "yes", "yes"],
    ];
    for (member, row) in w.members.iter().zip(answers) {
        let client = w.app.client_for(member).await;
        let fields: Vec<(&str, &str)> = slots.iter().map(String::as_str).zip(row).collect();
        let saved = client
            .form_post(&path, &format!("{path}/answers"), &fields)
            .await;
        assert_eq!(saved.status, StatusCode::SEE_OTHER);
    }
    // The first member changes their mind about the first day.
    first
        .form_post(
            &path,
            &format!("{path}/answers"),
            &[(slots[0].as_str(), "no")],
        )
        .await;

    let page = first.get(&path).await;
    assert_eq!(page.status, StatusCode::OK);
    let rows = page.select("#slot-results tbody tr");
    assert_eq!(rows.len(), 3);
    // 3 April: 2 yes + 1 if need be; 2 April: 2 yes + 0 if need be; 29 March: 0 yes.
    assert!(
        page.select("#slot-results tbody th")[0].contains("3"),
        "{rows:?}"
    );
    assert_eq!(
        page.select("#slot-results tbody tr:first-child td"),
        ["2", "1", "0"]
    );
    assert_eq!(
        page.select("#slot-results tbody tr:last-child td"),
        ["0", "1", "2"]
    );
    assert_eq!(page.select("#answer-grid tbody tr").len(), 3);
    assert!(page.exists("#answer-form input[type=radio][value=no][checked]"));
}

#[tokio::test]
async fn moving_one_slot_clears_only_that_slots_answers() {
    let w = world(1).await;
    let fac = w.app.client_for(&w.facilitator).await;
    let path = open_poll(&fac).await;
    let member = w.app.client_for(&w.members[0]).await;
    let slots = slot_ids(&member.get(&path).await.body);
    let fields: Vec<(&str, &str)> = slots.iter().map(|s| (s.as_str(), "yes")).collect();
    member
        .form_post(&path, &format!("{path}/answers"), &fields)
        .await;

    let moved_id = slots[1].trim_start_matches("slot-");
    let moved = fac
        .form_post(
            &path,
            &format!("{path}/slots/{moved_id}"),
            &[("date", "2030-04-02"), ("start", "13:00"), ("end", "16:00")],
        )
        .await;
    assert_eq!(moved.status, StatusCode::SEE_OTHER);
    let page = member.get(&path).await;
    assert_eq!(
        page.attr("#answer-form input[checked]", "name"),
        [slots[0].clone(), slots[2].clone()]
    );
}

#[tokio::test]
async fn a_time_in_the_skipped_hour_of_march_is_refused_with_a_clear_message() {
    let w = world(0).await;
    let fac = w.app.client_for(&w.facilitator).await;
    let page = format!("/panels/{SLUG}/scheduling");
    let refused = fac
        .form_post(
            &page,
            &page,
            &[
                ("title", "Yötyöpaja"),
                ("dates", "2030-03-31"),
                ("start", "03:30"),
                ("end", "05:00"),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.text("#start-error").contains("3.00"));
    assert_eq!(refused.attr("#start", "aria-describedby"), ["start-error"]);
    assert_eq!(
        refused.attr("#title", "value"),
        ["Yötyöpaja"],
        "the form is kept filled in"
    );
}

#[tokio::test]
async fn confirming_a_slot_creates_the_workshop_and_tells_everyone_who_answered() {
    let w = world(2).await;
    let fac = w.app.client_for(&w.facilitator).await;
    let path = open_poll(&fac).await;
    let answering = w.app.client_for(&w.members[0]).await;
    let slots = slot_ids(&answering.get(&path).await.body);
    answering
        .form_post(
            &path,
            &format!("{path}/answers"),
            &[(slots[0].as_str(), "yes")],
        )
        .await;

    let slot_id = slots[0].trim_start_matches("slot-").to_owned();
    let confirmed = fac
        .form_post(
            &path,
            &format!("{path}/confirm"),
            &[
                ("slot", slot_id.as_str()),
                ("capacity", "12"),
                ("place", "Kaupungintalo"),
                ("online_url", ""),
            ],
        )
        .await;
    assert_eq!(
        confirmed.status,
        StatusCode::SEE_OTHER,
        "{}",
        confirmed.body
    );
    let workshop_page = confirmed.location().unwrap();
    let page = fac.get(&workshop_page).await;
    assert_eq!(page.text("h1"), "Kevään työpaja");
    assert_eq!(page.text("#seats-left"), "12 / 12");

    let subjects = |emails: Vec<email_outbox::Model>| -> Vec<String> {
        emails.into_iter().map(|e| e.subject).collect()
    };
    let answered = subjects(emails_to(&w.app, &w.members[0].email).await);
    assert!(
        answered.iter().any(|s| s.starts_with("Aika vahvistettu")),
        "{answered:?}"
    );
    let silent = subjects(emails_to(&w.app, &w.members[1].email).await);
    assert!(
        !silent.iter().any(|s| s.starts_with("Aika vahvistettu")),
        "{silent:?}"
    );
    // The poll is closed for answers.
    let late = answering
        .form_post(
            &path,
            &format!("{path}/answers"),
            &[(slots[1].as_str(), "yes")],
        )
        .await;
    assert_eq!(late.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn an_over_long_place_is_refused_on_the_page_as_the_api_refuses_it() {
    let w = world(1).await;
    let fac = w.app.client_for(&w.facilitator).await;
    let path = open_poll(&fac).await;
    let slots = slot_ids(&fac.get(&path).await.body);
    let slot_id = slots[0].trim_start_matches("slot-").to_owned();
    let place = "Kaupungintalo ".repeat(30);
    let refused = fac
        .form_post(
            &path,
            &format!("{path}/confirm"),
            &[
                ("slot", slot_id.as_str()),
                ("capacity", "12"),
                ("place", place.as_str()),
                ("online_url", ""),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.exists("#place-error"), "{}", refused.body);
    assert_eq!(refused.attr("#place", "aria-describedby"), ["place-error"]);
    let made = workshop::Entity::find()
        .filter(workshop::Column::PanelId.eq(w.panel_id))
        .all(w.app.db())
        .await
        .unwrap();
    assert!(made.is_empty(), "no workshop was made");
}

async fn a_workshop(w: &World, capacity: i32) -> i32 {
    let at = now();
    let description = "Tervetuloa **kaikki**.";
    WorkshopRow {
        panel_id: w.panel_id,
        uid_key: "abc123",
        title: "Syystyöpaja",
        description_md: description,
        description_html: &lupa::markdown::render(description).unwrap().into_string(),
        starts_at: at + Duration::days(30),
        place: Some("Kaupungintalo, Helsinki"),
        capacity,
        created_by: w.facilitator.id,
        at,
    }
    .insert(&w.app)
    .await
}

async fn statuses(w: &World, workshop_id: i32) -> Vec<(i32, String)> {
    let mut rows: Vec<(i32, String)> = workshop_registration::Entity::find()
        .filter(workshop_registration::Column::WorkshopId.eq(workshop_id))
        .all(w.app.db())
        .await
        .unwrap()
        .into_iter()
        .map(|r| (r.user_id, r.status))
        .collect();
    rows.sort();
    rows
}

#[tokio::test]
async fn concurrent_registrations_never_exceed_the_capacity() {
    let w = world(8).await;
    let id = a_workshop(&w, 3).await;
    let path = format!("/panels/{SLUG}/workshops/{id}");
    let mut clients = Vec::new();
    for m in &w.members {
        let c = w.app.client_for(m).await;
        c.get(&path).await;
        clients.push(c);
    }
    let action = format!("{path}/register");
    let results = futures_join_all(clients.iter().map(|c| c.post_form(&action, &[]))).await;
    assert!(results.iter().all(|r| r.status == StatusCode::SEE_OTHER));
    let all = statuses(&w, id).await;
    let registered = all.iter().filter(|(_, s)| s == "registered").count();
    let waiting = all.iter().filter(|(_, s)| s == "waiting").count();
    assert_eq!((registered, waiting), (3, 5));
}

/// Drive the futures at the same time in this task (a tiny `join_all`); the requests they
/// make are served in parallel by the app.
async fn futures_join_all<F: std::future::Future>(
    futures: impl Iterator<Item = F>,
) -> Vec<F::Output> {
    let handles: Vec<_> = futures.map(Box::pin).collect();
    let mut out = Vec::new();
    let mut pending: Vec<_> = handles.into_iter().map(Some).collect();
    std::future::poll_fn(|cx| {
        let mut done = true;
        for slot in pending.iter_mut() {
            if let Some(f) = slot {
                match f.as_mut().poll(cx) {
                    std::task::Poll::Ready(v) => {
                        out.push(v);
                        *slot = None;
                    }
                    std::task::Poll::Pending => done = false,
                }
            }
        }
        if done {
            std::task::Poll::Ready(())
        } else {
            std::task::Poll::Pending
        }
    })
    .await;
    out
}

#[tokio::test]
async fn a_freed_seat_goes_to_the_first_on_the_waiting_list_with_an_email_and_invitation() {
    let w = world(3).await;
    let id = a_workshop(&w, 2).await;
    let path = format!("/panels/{SLUG}/workshops/{id}");
    let a = w.app.client_for(&w.members[0]).await;
    let b = w.app.client_for(&w.members[1]).await;
    let c = w.app.client_for(&w.members[2]).await;
    let with_colleague = a
        .form_post(
            &path,
            &format!("{path}/register"),
            &[("colleague", "Kalle Kollega")],
        )
        .await;
    assert_eq!(with_colleague.status, StatusCode::SEE_OTHER);
    assert_eq!(
        a.get(&path).await.text("#seats-left"),
        "0 / 2",
        "the colleague takes a seat"
    );
    b.form_post(&path, &format!("{path}/register"), &[]).await;
    c.form_post(&path, &format!("{path}/register"), &[]).await;
    assert_eq!(b.get(&path).await.text("#my-registration"), "Olet jonossa.");

    let cancelled = a
        .form_post(&path, &format!("{path}/cancel-registration"), &[])
        .await;
    assert_eq!(cancelled.status, StatusCode::SEE_OTHER);
    assert_eq!(
        b.get(&path).await.text("#my-registration"),
        "Olet ilmoittautunut."
    );
    assert_eq!(
        c.get(&path).await.text("#my-registration"),
        "Olet ilmoittautunut."
    );
    let moved = emails_to(&w.app, &w.members[1].email).await;
    let last = moved.last().unwrap();
    assert!(last.subject.starts_with("Sait paikan"), "{}", last.subject);
    let ics = last.attachment_body.clone().unwrap();
    assert!(ics.contains("METHOD:REQUEST\r\n"));
    assert!(
        last.attachment_type
            .as_deref()
            .unwrap()
            .contains("method=REQUEST")
    );
}

#[tokio::test]
async fn facilitators_export_the_participants_but_members_may_not() {
    let w = world(2).await;
    let id = a_workshop(&w, 1).await;
    let path = format!("/panels/{SLUG}/workshops/{id}");
    for m in &w.members {
        let c = w.app.client_for(m).await;
        c.form_post(&path, &format!("{path}/register"), &[]).await;
    }
    let fac = w.app.client_for(&w.facilitator).await;
    let csv = fac.get(&format!("{path}/participants.csv")).await;
    assert_eq!(csv.status, StatusCode::OK);
    assert!(csv.header("content-type").unwrap().starts_with("text/csv"));
    let lines: Vec<&str> = csv.body.lines().collect();
    assert_eq!(
        lines[0],
        "Nimi,Sähköposti,Tila,Kollega,Osallistui,Kollega osallistui"
    );
    assert!(
        lines[1].ends_with(",,"),
        "no attendance before it is marked: {}",
        lines[1]
    );
    assert!(lines[1].contains(&w.members[0].email) && lines[1].contains("ilmoittautunut"));
    assert!(lines[2].contains(&w.members[1].email) && lines[2].contains("jonossa"));
    assert_eq!(
        fac.get(&path).await.select("#participants tbody tr").len(),
        2
    );

    let member = w.app.client_for(&w.members[0]).await;
    assert_eq!(
        member.get(&format!("{path}/participants.csv")).await.status,
        StatusCode::FORBIDDEN
    );
    assert!(!member.get(&path).await.exists("#participants"));
}

#[tokio::test]
async fn the_ics_download_is_a_calendar_in_helsinki_time_and_outsiders_see_nothing() {
    let w = world(1).await;
    let id = a_workshop(&w, 5).await;
    let path = format!("/panels/{SLUG}/workshops/{id}/workshop.ics");
    let member = w.app.client_for(&w.members[0]).await;
    let ics = member.get(&path).await;
    assert_eq!(ics.status, StatusCode::OK);
    assert!(
        ics.header("content-type")
            .unwrap()
            .starts_with("text/calendar")
    );
    assert!(ics.body.starts_with("BEGIN:VCALENDAR\r\n"));
    assert!(ics.body.contains("TZID:Europe/Helsinki\r\n"));
    assert!(
        ics.body
            .contains(&format!("UID:workshop-{id}-abc123@127.0.0.1\r\n"))
    );

    let outsider = w.app.create_user(Role::Member).await;
    let stranger = w.app.client_for(&outsider).await;
    assert_eq!(stranger.get(&path).await.status, StatusCode::NOT_FOUND);
    assert_eq!(
        w.app.new_client().get(&path).await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn a_new_time_sends_an_update_of_the_same_event_and_a_cancellation_follows() {
    let w = world(1).await;
    let id = a_workshop(&w, 5).await;
    let path = format!("/panels/{SLUG}/workshops/{id}");
    let member = w.app.client_for(&w.members[0]).await;
    member
        .form_post(&path, &format!("{path}/register"), &[])
        .await;
    let fac = w.app.client_for(&w.facilitator).await;

    let moved = fac
        .form_post(
            &path,
            &format!("{path}/reschedule"),
            &[("date", "2030-10-27"), ("start", "10:00"), ("end", "12:00")],
        )
        .await;
    assert_eq!(moved.status, StatusCode::SEE_OTHER, "{}", moved.body);
    let cancelled = fac.form_post(&path, &format!("{path}/cancel"), &[]).await;
    assert_eq!(cancelled.status, StatusCode::SEE_OTHER);

    let calendars: Vec<String> = emails_to(&w.app, &w.members[0].email)
        .await
        .into_iter()
        .filter_map(|e| e.attachment_body)
        .collect();
    assert_eq!(calendars.len(), 3, "registration, update, cancellation");
    let uid = format!("UID:workshop-{id}-abc123@127.0.0.1\r\n");
    assert!(
        calendars.iter().all(|c| c.contains(&uid)),
        "one event throughout"
    );
    assert!(calendars[0].contains("SEQUENCE:0\r\n"));
    assert!(calendars[1].contains("METHOD:REQUEST\r\n"));
    assert!(calendars[1].contains("SEQUENCE:1\r\n"));
    // 27 October 2030 is the last Sunday of October: 10:00 is winter time again.
    assert!(calendars[1].contains("DTSTART;TZID=Europe/Helsinki:20301027T100000\r\n"));
    assert!(calendars[2].contains("METHOD:CANCEL\r\n") && calendars[2].contains("SEQUENCE:2\r\n"));
    assert!(calendars[2].contains("STATUS:CANCELLED\r\n"));
    assert!(member.get(&path).await.exists("#workshop-cancelled"));
}

#[tokio::test]
async fn the_new_time_form_starts_from_the_workshop_and_keeps_what_was_typed() {
    let w = world(1).await;
    let id = a_workshop(&w, 5).await;
    let path = format!("/panels/{SLUG}/workshops/{id}");
    let row = lupa::entities::workshop::Entity::find_by_id(id)
        .one(w.app.db())
        .await
        .unwrap()
        .unwrap();
    let starts = lupa::workshops::time::to_helsinki(row.starts_at);
    let ends = lupa::workshops::time::to_helsinki(row.ends_at);
    let fac = w.app.client_for(&w.facilitator).await;
    let page = fac.get(&path).await;
    let value = |page: &crate::helpers::TestResponse, name: &str| {
        page.attr(&format!("#reschedule-form input[name={name}]"), "value")
    };
    // WCAG 3.3.7: moving a workshop does not ask for its time again from nothing.
    assert_eq!(
        value(&page, "date"),
        vec![starts.format("%Y-%m-%d").to_string()]
    );
    assert_eq!(
        value(&page, "start"),
        vec![starts.format("%H:%M").to_string()]
    );
    assert_eq!(value(&page, "end"), vec![ends.format("%H:%M").to_string()]);

    // Refused (the end before the start): 422, and the form shows what was typed.
    let refused = fac
        .form_post(
            &path,
            &format!("{path}/reschedule"),
            &[("date", "2030-03-31"), ("start", "14:00"), ("end", "09:00")],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(value(&refused, "date"), vec!["2030-03-31".to_owned()]);
    assert_eq!(value(&refused, "start"), vec!["14:00".to_owned()]);
    assert_eq!(value(&refused, "end"), vec!["09:00".to_owned()]);
}
