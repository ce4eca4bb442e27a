//! The date-dependent behaviour on awkward days: a whole site runs on a clock set to late on
//! a Saturday, just after midnight on a Sunday or a Monday, on Christmas Eve, on both nights
//! the clocks change and on New Year's Eve and Night (Helsinki time), and the demo, a workshop
//! for next week, its poll, registration deadline, calendar file and reminders, and the
//! monthly archive are checked end to end on each. One app per instant.
use chrono::{DateTime, Datelike, Duration, NaiveDate, TimeZone, Utc};
use chrono_tz::Europe::Helsinki;
use lupa::{
    demo::DEMO_PASSWORD,
    email::EmailKind,
    entities::{email_outbox, scheduling_slot, workshop, workshop_registration},
    i18n::Lang,
    panels::demo::SLUG,
    workshops::{reminders, service::Site},
};
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use crate::helpers::{
    TestApp, TestClient, demo::assert_demo_made_a_full_workshop_and_an_open_poll, write_post,
};

const ADMIN: &str = "aino.administraattori@vero.example";
const FACILITATOR: &str = "eero.toimittaja@te.example";
const MEMBER: &str = "kirsi.koivisto@konepaja-koivisto-oy.example";

#[tokio::test]
async fn saturday_late_evening() {
    a_day_at("2026-12-05T23:30:00+02:00").await;
}

#[tokio::test]
async fn sunday_just_after_midnight() {
    a_day_at("2026-12-06T00:30:00+02:00").await;
}

#[tokio::test]
async fn monday_just_after_midnight() {
    a_day_at("2026-12-07T00:30:00+02:00").await;
}

#[tokio::test]
async fn christmas_eve_late_evening() {
    a_day_at("2026-12-24T23:30:00+02:00").await;
}

#[tokio::test]
async fn the_night_the_clocks_go_forward() {
    // Half an hour past midnight: at 03:00 the clocks jump to 04:00.
    a_day_at("2027-03-28T00:30:00+02:00").await;
}

#[tokio::test]
async fn the_night_the_clocks_go_back() {
    // The first 03:30 (summer time): at 04:00 the clocks go back to 03:00.
    a_day_at("2027-10-31T03:30:00+03:00").await;
}

#[tokio::test]
async fn new_years_eve_late_evening() {
    a_day_at("2026-12-31T23:30:00+02:00").await;
}

#[tokio::test]
async fn new_years_night_when_it_is_still_december_in_utc() {
    a_day_at("2027-01-01T00:30:00+02:00").await;
}

/// An instant on `date` at `hour`:`minute` in Helsinki.
fn helsinki(date: NaiveDate, hour: u32, minute: u32) -> DateTime<Utc> {
    Helsinki
        .from_local_datetime(&date.and_hms_opt(hour, minute, 0).unwrap())
        .single()
        .expect("one such time in Helsinki")
        .to_utc()
}

/// Everything date-dependent, on a site whose clock starts at `instant`.
async fn a_day_at(instant: &str) {
    let app = TestApp::spawn_at(instant).await;
    let today = app.now().with_timezone(&Helsinki).date_naive();
    lupa_demo(&app, today).await;
    assert_demo_made_a_full_workshop_and_an_open_poll(app.db(), app.now()).await;

    let facilitator = signed_in(&app, FACILITATOR).await;
    let member = signed_in(&app, MEMBER).await;
    let next_week = today + Duration::days(7);
    let id = a_workshop_next_week(&app, &facilitator, &member, next_week, today).await;
    the_member_registers_before_the_deadline(&app, &member, id).await;
    the_calendar_file_is_in_helsinki_time(&member, id, next_week).await;
    only_the_day_reminder_goes_out(&app, id, next_week).await;
    a_post_published_now_is_in_this_months_archive(&app).await;
}

/// `lupa demo --today` on the app's database, as an operator would run it that day.
pub(crate) async fn lupa_demo(app: &TestApp, today: NaiveDate) {
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_lupa"));
    command
        .arg("demo")
        .arg("--today")
        .arg(today.to_string())
        .arg("--database-url")
        .arg(app.database_url())
        .env_remove("DATABASE_URL")
        .env("LUPA_LOG", "warn");
    let output = tokio::task::spawn_blocking(move || command.output())
        .await
        .unwrap()
        .expect("running lupa demo");
    assert!(output.status.success(), "{today}: {output:?}");
}

async fn signed_in(app: &TestApp, email: &str) -> TestClient {
    let client = app.new_client();
    let response = client.sign_in(email, DEMO_PASSWORD).await;
    assert_eq!(response.status, StatusCode::SEE_OTHER, "{email} signs in");
    client
}

/// The facilitator polls for next week 9–12 with a registration deadline at the end of
/// today, and confirms it; returns the workshop's id.
async fn a_workshop_next_week(
    app: &TestApp,
    facilitator: &TestClient,
    member: &TestClient,
    next_week: NaiveDate,
    today: NaiveDate,
) -> i32 {
    let page = format!("/panels/{SLUG}/scheduling");
    let created = facilitator
        .form_post(
            &page,
            &page,
            &[
                ("title", "Ensi viikon työpaja"),
                ("description", ""),
                ("dates", &next_week.to_string()),
                ("start", "9.00"),
                ("end", "12:00"),
            ],
        )
        .await;
    assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.body);
    let poll = created.location().unwrap();

    let shown = member.get(&poll).await;
    let slots = crate::helpers::attr(
        &shown.body,
        "#answer-form input[type=radio][value=yes]",
        "name",
    );
    assert_eq!(slots.len(), 1, "the member can answer the new poll");
    let slot_id: i32 = slots[0].trim_start_matches("slot-").parse().unwrap();
    let slot = scheduling_slot::Entity::find_by_id(slot_id)
        .one(app.db())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        slot.starts_at,
        helsinki(next_week, 9, 0),
        "9.00 in Helsinki"
    );
    assert_eq!(slot.ends_at, helsinki(next_week, 12, 0));

    let confirmed = facilitator
        .form_post(
            &poll,
            &format!("{poll}/confirm"),
            &[
                ("slot", slot_id.to_string().as_str()),
                ("capacity", "12"),
                ("place", "Kaupungintalo"),
                ("online_url", ""),
                ("registration_deadline", &format!("{today} 23.59")),
            ],
        )
        .await;
    assert_eq!(
        confirmed.status,
        StatusCode::SEE_OTHER,
        "{}",
        confirmed.body
    );
    let id: i32 = confirmed
        .location()
        .unwrap()
        .rsplit('/')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let w = workshop::Entity::find_by_id(id)
        .one(app.db())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(w.starts_at, helsinki(next_week, 9, 0));
    assert_eq!(w.registration_deadline, Some(helsinki(today, 23, 59)));
    id
}

/// The deadline is later today, so the workshop is open and the member gets a seat.
async fn the_member_registers_before_the_deadline(app: &TestApp, member: &TestClient, id: i32) {
    let path = format!("/panels/{SLUG}/workshops/{id}");
    let page = member.get(&path).await;
    assert_eq!(page.status, StatusCode::OK);
    let registered = member
        .form_post(&path, &format!("{path}/register"), &[("colleague", "")])
        .await;
    assert_eq!(
        registered.status,
        StatusCode::SEE_OTHER,
        "{}",
        registered.body
    );
    let seats = workshop_registration::Entity::find()
        .filter(workshop_registration::Column::WorkshopId.eq(id))
        .all(app.db())
        .await
        .unwrap();
    assert_eq!(seats.len(), 1);
    assert_eq!(seats[0].status, "registered");
}

async fn the_calendar_file_is_in_helsinki_time(member: &TestClient, id: i32, day: NaiveDate) {
    let ics = member
        .get(&format!("/panels/{SLUG}/workshops/{id}/workshop.ics"))
        .await;
    assert_eq!(ics.status, StatusCode::OK);
    let date = day.format("%Y%m%d");
    assert!(
        ics.body
            .contains(&format!("DTSTART;TZID=Europe/Helsinki:{date}T090000\r\n")),
        "{}",
        ics.body
    );
    assert!(
        ics.body
            .contains(&format!("DTEND;TZID=Europe/Helsinki:{date}T120000\r\n"))
    );
}

/// Now, the week reminder has either not fallen due yet or fell due before the member's
/// seat (their registration email was the reminder); the day before, the day reminder goes out,
/// with the time in Helsinki.
async fn only_the_day_reminder_goes_out(app: &TestApp, id: i32, day: NaiveDate) {
    let site = Site {
        base_url: app.state().settings.base_url(),
        default_lang: Lang::Fi,
    };
    let reminded = async || {
        email_outbox::Entity::find()
            .filter(email_outbox::Column::ToAddress.eq(MEMBER))
            .filter(email_outbox::Column::Kind.eq(EmailKind::Reminder.as_str()))
            .all(app.db())
            .await
            .unwrap()
            .into_iter()
            .filter(|e| e.body_text.contains(&format!("/workshops/{id}")))
            .collect::<Vec<_>>()
    };
    reminders::run_due(app.db(), &site, app.now())
        .await
        .unwrap();
    assert_eq!(reminded().await.len(), 0, "no reminder yet");
    let the_day_before = helsinki(day, 9, 0) - Duration::days(1);
    reminders::run_due(app.db(), &site, the_day_before)
        .await
        .unwrap();
    let sent = reminded().await;
    assert_eq!(sent.len(), 1, "the day reminder");
    assert!(
        sent[0].subject.contains("09:00–12:00"),
        "{}",
        sent[0].subject
    );
}

/// A post published now is filed under this month in Helsinki, whatever month it is in UTC.
async fn a_post_published_now_is_in_this_months_archive(app: &TestApp) {
    let admin = signed_in(app, ADMIN).await;
    let title = "Kirjoitettu juuri nyt";
    let path = write_post(&admin, title, "public").await;
    let local = app.now().with_timezone(&Helsinki);
    let month = format!("/archive/{}/{:02}", local.year(), local.month());
    let titles = app
        .new_client()
        .get(&month)
        .await
        .select(".post-summary__title a");
    assert!(titles.iter().any(|t| t == title), "{month}: {titles:?}");
    let utc = app.now();
    if utc.month() != local.month() {
        let wrong = format!("/archive/{}/{:02}", utc.year(), utc.month());
        let titles = app
            .new_client()
            .get(&wrong)
            .await
            .select(".post-summary__title a");
        assert!(!titles.iter().any(|t| t == title), "{wrong}: {titles:?}");
    }
    assert!(path.starts_with("/posts/"));
}
