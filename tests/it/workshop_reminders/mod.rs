//! Workshop reminders (with a chosen clock), the private calendar feed, and the
//! registration deadline.

mod deadline;
mod feed;
use chrono::{DateTime, Duration, SubsecRound, Utc};
use lupa::{
    auth::Role,
    db::now,
    email::{EmailKind, preferences},
    entities::{
        email_outbox, panel_member,
        tasks::{participation, task},
        user, workshop, workshop_registration,
    },
    i18n::Lang,
    panels::model::PanelId,
    workshops::{
        model::WorkshopId,
        registration::service::{self, Change},
        reminders,
        service::Site,
    },
};
use reqwest::StatusCode;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, ModelTrait, QueryFilter,
    QueryOrder,
};

use crate::{
    fixtures::{PanelWorld, PrivatePanel, WorkshopRow, seat_company},
    helpers::{TestApp, TestClient},
};

const SLUG: &str = "asiointi";

/// A site with a private panel: one facilitator and `members` seated members.
type World = PanelWorld;

impl World {
    fn site(&self) -> Site {
        Site {
            base_url: self.app.state().settings.base_url(),
            default_lang: Lang::Fi,
        }
    }

    /// One reminder pass at `at`.
    async fn remind_at(&self, at: DateTime<Utc>) -> usize {
        reminders::run_due(self.app.db(), &self.site(), at)
            .await
            .expect("a reminder pass")
    }
}

/// A private panel of the organisation `kunta` whose term runs to 2040.
fn panel<'a>(slug: &'a str, name: &'a str) -> PrivatePanel<'a> {
    PrivatePanel {
        slug,
        name,
        organization: "kunta",
        term_end: (2040, 12, 31),
        seat_target: 20,
        seat_cap: 30,
    }
}

async fn a_panel(app: &TestApp, slug: &str, admin: i32) -> i32 {
    panel(slug, &format!("Paneeli {slug}"))
        .insert(app, admin)
        .await
}

async fn world(members: usize) -> World {
    PanelWorld::new(&panel(SLUG, &format!("Paneeli {SLUG}")), members, None).await
}

/// A workshop 30 days from now (whole seconds), in the world's panel; returns (id, start).
async fn a_workshop(w: &World, capacity: i32) -> (i32, DateTime<Utc>) {
    let at = now();
    let start = (at + Duration::days(30)).trunc_subsecs(0);
    let id = WorkshopRow {
        panel_id: w.panel_id,
        uid_key: "abc123",
        title: "Syystyöpaja",
        description_md: "Tervetuloa.",
        description_html: "<p>Tervetuloa.</p>",
        starts_at: start,
        place: Some("Kaupungintalo, Helsinki"),
        capacity,
        created_by: w.facilitator.id,
        at,
    }
    .insert(&w.app)
    .await;
    (id, start)
}

async fn register(w: &World, member: usize, workshop_id: i32) {
    let path = format!("/panels/{SLUG}/workshops/{workshop_id}");
    let done = w
        .client(member)
        .await
        .form_post(&path, &format!("{path}/register"), &[])
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
}

/// Emails of `kind` to `to`, oldest first.
async fn emails(app: &TestApp, to: &str, kind: EmailKind) -> Vec<email_outbox::Model> {
    email_outbox::Entity::find()
        .filter(email_outbox::Column::ToAddress.eq(to))
        .filter(email_outbox::Column::Kind.eq(kind.as_str()))
        .order_by_asc(email_outbox::Column::Id)
        .all(app.db())
        .await
        .unwrap()
}

async fn set_language(app: &TestApp, user_id: i32, lang: &str) {
    user::ActiveModel {
        id: Set(user_id),
        language: Set(Some(lang.to_owned())),
        ..Default::default()
    }
    .update(app.db())
    .await
    .unwrap();
}

// ----- Workshop reminders -----

#[tokio::test]
async fn the_week_reminder_goes_out_seven_days_before_and_only_once() {
    let w = world(1).await;
    let (id, start) = a_workshop(&w, 5).await;
    register(&w, 0, id).await;
    let to = &w.members[0].email;

    let a_week_and_an_hour_before = start - Duration::days(7) - Duration::hours(1);
    assert_eq!(w.remind_at(a_week_and_an_hour_before).await, 0);
    assert!(emails(&w.app, to, EmailKind::Reminder).await.is_empty());

    let just_inside_the_week = start - Duration::days(7) + Duration::minutes(1);
    assert_eq!(w.remind_at(just_inside_the_week).await, 1);
    assert_eq!(
        w.remind_at(just_inside_the_week + Duration::minutes(1))
            .await,
        0,
        "the second pass finds it sent"
    );
    let sent = emails(&w.app, to, EmailKind::Reminder).await;
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].subject, "Viikon päästä: Syystyöpaja");
    assert!(
        sent[0]
            .body_text
            .contains("Paikka: Kaupungintalo, Helsinki")
    );
    assert!(
        sent[0]
            .body_text
            .contains(&format!("/panels/{SLUG}/workshops/{id}"))
    );
    assert!(
        sent[0].unsubscribe_token_hash.is_some(),
        "it can be stopped"
    );
}

#[tokio::test]
async fn two_nodes_running_the_same_pass_at_once_send_one_reminder() {
    let w = world(2).await;
    let (id, start) = a_workshop(&w, 5).await;
    register(&w, 0, id).await;
    register(&w, 1, id).await;
    let at = start - Duration::hours(20);
    let (a, b) = tokio::join!(w.remind_at(at), w.remind_at(at));
    assert_eq!(a + b, 2, "one email per person between the two nodes");
    for m in &w.members {
        assert_eq!(emails(&w.app, &m.email, EmailKind::Reminder).await.len(), 1);
    }
}

#[tokio::test]
async fn the_day_reminder_comes_in_the_members_language_and_only_once() {
    let w = world(1).await;
    let (id, start) = a_workshop(&w, 5).await;
    register(&w, 0, id).await;
    set_language(&w.app, w.members[0].id, "sv").await;

    assert_eq!(
        w.remind_at(start - Duration::days(1) - Duration::minutes(1))
            .await,
        0
    );
    let a_day_before = start - Duration::days(1) + Duration::minutes(1);
    assert_eq!(w.remind_at(a_day_before).await, 1);
    assert_eq!(w.remind_at(a_day_before + Duration::hours(2)).await, 0);
    let sent = emails(&w.app, &w.members[0].email, EmailKind::Reminder).await;
    assert_eq!(sent.len(), 1);
    assert!(
        sent[0].subject.starts_with("Påminnelse: Syystyöpaja"),
        "{}",
        sent[0].subject
    );
    assert!(sent[0].body_text.contains("Plats: Kaupungintalo"));
    assert_eq!(
        w.remind_at(start + Duration::minutes(1)).await,
        0,
        "nothing once it has started"
    );
}

#[tokio::test]
async fn the_waiting_list_and_cancelled_registrations_get_no_reminder() {
    let w = world(3).await;
    let (id, start) = a_workshop(&w, 1).await;
    register(&w, 0, id).await;
    register(&w, 1, id).await; // full: waiting list
    register(&w, 2, id).await; // waiting list, then cancels
    let path = format!("/panels/{SLUG}/workshops/{id}");
    let cancelled = w
        .client(2)
        .await
        .form_post(&path, &format!("{path}/cancel-registration"), &[])
        .await;
    assert_eq!(cancelled.status, StatusCode::SEE_OTHER);

    assert_eq!(w.remind_at(start - Duration::hours(3)).await, 1);
    assert_eq!(
        emails(&w.app, &w.members[0].email, EmailKind::Reminder)
            .await
            .len(),
        1
    );
    for waiting_or_cancelled in &w.members[1..] {
        assert!(
            emails(&w.app, &waiting_or_cancelled.email, EmailKind::Reminder)
                .await
                .is_empty()
        );
    }
}

#[tokio::test]
async fn a_cancelled_workshop_sends_no_reminders() {
    let w = world(1).await;
    let (id, start) = a_workshop(&w, 5).await;
    register(&w, 0, id).await;
    service::change_workshop(
        w.app.db(),
        &w.site(),
        PanelId(w.panel_id),
        SLUG,
        "Paneeli",
        WorkshopId(id),
        Change::Cancelled,
    )
    .await
    .unwrap();
    assert_eq!(w.remind_at(start - Duration::days(7)).await, 0);
    assert_eq!(w.remind_at(start - Duration::hours(1)).await, 0);
    assert!(
        emails(&w.app, &w.members[0].email, EmailKind::Reminder)
            .await
            .is_empty()
    );
}

#[tokio::test]
async fn a_moved_workshop_is_reminded_of_again_for_its_new_time() {
    let w = world(1).await;
    let (id, start) = a_workshop(&w, 5).await;
    register(&w, 0, id).await;
    assert_eq!(w.remind_at(start - Duration::hours(12)).await, 1);

    let later = start + Duration::days(2);
    service::change_workshop(
        w.app.db(),
        &w.site(),
        PanelId(w.panel_id),
        SLUG,
        "Paneeli",
        WorkshopId(id),
        Change::Rescheduled(lupa::workshops::model::Span {
            start: later,
            end: later + Duration::hours(2),
        }),
    )
    .await
    .unwrap();
    assert_eq!(w.remind_at(start - Duration::hours(11)).await, 0);
    assert_eq!(w.remind_at(later - Duration::hours(12)).await, 1);
    assert_eq!(w.remind_at(later - Duration::hours(11)).await, 0);
}

#[tokio::test]
async fn a_person_who_turned_reminders_off_gets_none() {
    let w = world(2).await;
    let (id, start) = a_workshop(&w, 5).await;
    register(&w, 0, id).await;
    register(&w, 1, id).await;
    preferences::opt_out(w.app.db(), w.members[1].id, EmailKind::Reminder)
        .await
        .unwrap();
    assert_eq!(w.remind_at(start - Duration::hours(5)).await, 1);
    assert!(
        emails(&w.app, &w.members[1].email, EmailKind::Reminder)
            .await
            .is_empty()
    );
}

#[tokio::test]
async fn a_reminder_is_written_out_as_an_eml_with_text_html_and_unsubscribe() {
    let w = world(1).await;
    let (id, start) = a_workshop(&w, 5).await;
    register(&w, 0, id).await;
    set_language(&w.app, w.members[0].id, "en").await;
    // The registration email goes out first.
    w.app.state().mailer.send_due().await.unwrap();

    assert_eq!(w.remind_at(start - Duration::days(7)).await, 1);
    assert_eq!(w.app.state().mailer.send_due().await.unwrap(), 1);
    let row = emails(&w.app, &w.members[0].email, EmailKind::Reminder)
        .await
        .pop()
        .unwrap();
    let raw = std::fs::read(
        w.app
            .state()
            .settings
            .data_dir
            .join("outbox")
            .join(format!("{}.eml", row.id)),
    )
    .expect("the .eml file");
    let mail = mailparse::parse_mail(&raw).unwrap();
    assert_eq!(mail.ctype.mimetype, "multipart/alternative");
    let subject = mail
        .headers
        .iter()
        .find(|h| h.get_key_ref().eq_ignore_ascii_case("subject"))
        .map(|h| h.get_value())
        .unwrap();
    assert_eq!(subject, "In a week: Syystyöpaja");
    assert!(
        mail.headers
            .iter()
            .any(|h| h.get_key_ref().eq_ignore_ascii_case("list-unsubscribe"))
    );
    let text = mail.subparts[0].get_body().unwrap();
    assert!(text.contains("you have a seat at the workshop Syystyöpaja"));
    assert!(text.contains("/email/unsubscribe/"));
    let html = mail.subparts[1].get_body().unwrap();
    assert!(crate::helpers::exists(
        &html,
        "a[href*='/email/unsubscribe/']"
    ));
}

// ----- Task closing -----

async fn a_task(w: &World, anonymous: bool, closes_at: DateTime<Utc>) -> i32 {
    let at = now();
    task::ActiveModel {
        panel_id: Set(w.panel_id),
        title: Set(if anonymous {
            "Nimetön kysely"
        } else {
            "Kysely"
        }
        .to_owned()),
        intro_md: Set(String::new()),
        intro_html: Set(String::new()),
        opens_at: Set(at - Duration::days(1)),
        closes_at: Set(closes_at),
        anonymous: Set(anonymous),
        results_visibility: Set("always".to_owned()),
        shuffle_options: Set(false),
        created_by: Set(w.facilitator.id),
        created_at: Set(at),
        updated_at: Set(at),
        ..Default::default()
    }
    .insert(w.app.db())
    .await
    .unwrap()
    .id
}

async fn answered(w: &World, task_id: i32, member: usize) {
    participation::ActiveModel {
        task_id: Set(task_id),
        user_id: Set(w.members[member].id),
    }
    .insert(w.app.db())
    .await
    .unwrap();
}

#[tokio::test]
async fn members_who_have_not_answered_hear_two_days_before_a_task_closes() {
    let w = world(3).await;
    let closes = (now() + Duration::days(10)).trunc_subsecs(0);
    let named = a_task(&w, false, closes).await;
    let anonymous = a_task(&w, true, closes).await;
    answered(&w, named, 0).await;
    answered(&w, anonymous, 1).await;
    preferences::opt_out(w.app.db(), w.members[2].id, EmailKind::TaskClosing)
        .await
        .unwrap();

    assert_eq!(
        w.remind_at(closes - Duration::days(2) - Duration::hours(1))
            .await,
        0
    );
    let two_days_before = closes - Duration::days(2) + Duration::minutes(1);
    assert_eq!(
        w.remind_at(two_days_before).await,
        2,
        "member 1 for the named task, member 0 for the anonymous one"
    );
    assert_eq!(w.remind_at(two_days_before + Duration::hours(1)).await, 0);

    let to_first = emails(&w.app, &w.members[0].email, EmailKind::TaskClosing).await;
    assert_eq!(to_first.len(), 1);
    assert_eq!(
        to_first[0].subject,
        "Vastausaika päättyy pian: Nimetön kysely"
    );
    assert!(
        to_first[0]
            .body_text
            .contains(&format!("/panels/{SLUG}/tasks/{anonymous}"))
    );
    let to_second = emails(&w.app, &w.members[1].email, EmailKind::TaskClosing).await;
    assert_eq!(to_second.len(), 1);
    assert_eq!(to_second[0].subject, "Vastausaika päättyy pian: Kysely");
    assert!(
        emails(&w.app, &w.members[2].email, EmailKind::TaskClosing)
            .await
            .is_empty(),
        "opted out"
    );
    assert!(
        emails(&w.app, &w.facilitator.email, EmailKind::TaskClosing)
            .await
            .is_empty(),
        "facilitators do not answer tasks"
    );
    assert_eq!(w.remind_at(closes + Duration::minutes(1)).await, 0);
}

#[tokio::test]
async fn a_task_aimed_at_some_members_reminds_only_them() {
    let w = world(3).await;
    let closes = (now() + Duration::days(10)).trunc_subsecs(0);
    let id = a_task(&w, false, closes).await;
    let mut row: task::ActiveModel = task::Entity::find_by_id(id)
        .one(w.app.db())
        .await
        .unwrap()
        .unwrap()
        .into();
    row.aim_kind = Set("members".to_owned());
    row.aim_values = Set(format!("{}\n{}", w.members[0].id, w.members[2].id));
    row.update(w.app.db()).await.unwrap();
    answered(&w, id, 2).await;
    let two_days_before = closes - Duration::days(2) + Duration::minutes(1);
    assert_eq!(
        w.remind_at(two_days_before).await,
        1,
        "member 0 only: member 1 is not aimed at, member 2 has answered"
    );
    assert_eq!(
        w.remind_at(two_days_before + Duration::hours(1)).await,
        0,
        "once"
    );
    assert_eq!(
        emails(&w.app, &w.members[0].email, EmailKind::TaskClosing)
            .await
            .len(),
        1
    );
    assert!(
        emails(&w.app, &w.members[1].email, EmailKind::TaskClosing)
            .await
            .is_empty()
    );
}
