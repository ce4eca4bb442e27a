//! Email outbox: delivery, retries, crash safety, unsubscribe.
//! Delivery tests talk to Python's aiosmtpd, a separate SMTP server process (see `smtp.rs`).
use std::time::Duration as StdDuration;

use chrono::Duration;
use lupa::{
    auth::Role,
    config::Secret,
    db::now,
    email::{self, Attachment, EmailKind, KindEmail, Recipient, preferences, sender},
    entities::email_outbox,
    i18n::Lang,
};
use reqwest::StatusCode;
use sea_orm::{EntityTrait, PaginatorTrait, TransactionTrait};

use crate::{
    helpers::{TestApp, TestUser},
    smtp::{self, PySmtp, Received},
};

async fn app_with_smtp(server: &PySmtp) -> TestApp {
    let url = server.url.clone();
    TestApp::spawn_with(move |s| s.smtp_url = Some(Secret::new(url))).await
}

fn reminder_for(user: &TestUser, lang: Lang) -> KindEmail {
    KindEmail {
        kind: EmailKind::Reminder,
        to: Recipient {
            user_id: user.id,
            address: user.email.clone(),
            lang,
        },
        subject: "Työpaja huomenna".to_owned(),
        text: "Tervetuloa työpajaan huomenna kello 9.".to_owned(),
        html: Some(
            "<html><body><p>Tervetuloa työpajaan huomenna kello 9.</p></body></html>".to_owned(),
        ),
        attachment: None,
    }
}

/// Queue one email in a transaction, as a feature would.
async fn queue(app: &TestApp, email: KindEmail) -> bool {
    let txn = app.db().begin().await.unwrap();
    let queued = email::enqueue_email(&txn, "https://lupa.example", email)
        .await
        .unwrap();
    txn.commit().await.unwrap();
    queued
}

async fn next_message(server: &mut PySmtp) -> Received {
    tokio::time::timeout(StdDuration::from_secs(10), server.inbox.recv())
        .await
        .expect("a message within 10 s")
        .expect("the SMTP server is running")
}

async fn the_only_row(app: &TestApp) -> email_outbox::Model {
    let mut rows = email_outbox::Entity::find().all(app.db()).await.unwrap();
    assert_eq!(rows.len(), 1);
    rows.remove(0)
}

#[tokio::test]
async fn a_queued_email_arrives_once_as_text_and_html_with_its_attachment_and_unsubscribe_headers()
{
    let Some(mut server) = smtp::start_aiosmtpd(0, false).await else {
        return;
    };
    let app = app_with_smtp(&server).await;
    let member = app.create_user(Role::Member).await;
    let mut mail = reminder_for(&member, Lang::Fi);
    mail.attachment = Some(Attachment {
        filename: "invite.ics".to_owned(),
        content_type: "text/calendar; method=REQUEST; charset=UTF-8".to_owned(),
        body: "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n".to_owned(),
    });
    assert!(queue(&app, mail).await);

    let pass = app.state().mailer.send_due_at(now()).await.unwrap();
    assert_eq!(pass.sent, 1);
    let received = next_message(&mut server).await;

    assert_eq!(received.to, vec![member.email.clone()]);
    assert_eq!(received.subject(), "Työpaja huomenna");
    assert_eq!(
        received.part_types(),
        [
            "multipart/mixed",
            "multipart/alternative",
            "text/plain",
            "text/html",
            "text/calendar"
        ]
    );
    assert!(received.text().contains("Tervetuloa työpajaan"));
    assert_eq!(
        received.part("text/calendar").unwrap(),
        "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"
    );
    assert!(
        received
            .text()
            .contains("https://lupa.example/email/unsubscribe/")
    );
    assert!(received.html().contains("/email/unsubscribe/"));
    let list_unsubscribe = received.header("List-Unsubscribe").unwrap();
    assert!(list_unsubscribe.starts_with("<https://lupa.example/api/v1/email/unsubscribe/"));
    assert_eq!(
        received.header("List-Unsubscribe-Post").as_deref(),
        Some("List-Unsubscribe=One-Click")
    );
    let row = the_only_row(&app).await;
    let key = row.message_key.clone().unwrap();
    assert_eq!(
        received.header("Message-ID").unwrap(),
        format!("<lupa.{key}@localhost>")
    );
    assert!(row.sent_at.is_some());

    let later = app
        .state()
        .mailer
        .send_due_at(now() + Duration::days(1))
        .await
        .unwrap();
    assert_eq!(later.sent, 0, "a sent row is never sent again");
}

#[tokio::test]
async fn a_temporarily_refused_email_is_retried_with_growing_back_off_until_it_is_delivered() {
    let Some(mut server) = smtp::start_aiosmtpd(2, false).await else {
        return;
    };
    let app = app_with_smtp(&server).await;
    let member = app.create_user(Role::Member).await;
    queue(&app, reminder_for(&member, Lang::Fi)).await;
    let mailer = &app.state().mailer;
    let t0 = now();

    assert_eq!(mailer.send_due_at(t0).await.unwrap().retried, 1);
    let row = the_only_row(&app).await;
    assert_eq!(row.attempts, 1);
    assert_eq!(row.next_attempt_at, t0 + Duration::minutes(1));
    assert!(row.last_error.unwrap().contains("451"));

    assert_eq!(
        mailer
            .send_due_at(t0 + Duration::seconds(30))
            .await
            .unwrap(),
        sender::Pass::default(),
        "not due yet"
    );
    assert_eq!(
        mailer
            .send_due_at(t0 + Duration::minutes(1))
            .await
            .unwrap()
            .retried,
        1
    );
    let row = the_only_row(&app).await;
    assert_eq!(row.attempts, 2);
    assert_eq!(
        row.next_attempt_at,
        t0 + Duration::minutes(3),
        "the second wait is two minutes"
    );

    assert_eq!(
        mailer
            .send_due_at(t0 + Duration::minutes(3))
            .await
            .unwrap()
            .sent,
        1
    );
    let received = next_message(&mut server).await;
    assert_eq!(received.subject(), "Työpaja huomenna");
    let row = the_only_row(&app).await;
    assert_eq!(row.attempts, 3);
    assert!(row.sent_at.is_some() && row.last_error.is_none() && row.failed_at.is_none());
}

#[tokio::test]
async fn a_permanently_refused_email_is_listed_for_administrators_who_can_queue_it_again() {
    let Some(server) = smtp::start_aiosmtpd(0, true).await else {
        return;
    };
    let app = app_with_smtp(&server).await;
    app.setup_site().await;
    let member = app.create_user(Role::Member).await;
    queue(&app, reminder_for(&member, Lang::Fi)).await;

    let pass = app.state().mailer.send_due_at(now()).await.unwrap();
    assert_eq!(pass.failed, 1, "a 5xx refusal is not retried");
    let row = the_only_row(&app).await;
    assert!(row.failed_at.is_some());

    let page = app.get("/admin/email").await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.select("#failed-emails tbody tr").len(), 1);
    assert!(
        page.text("#failed-emails tbody td:nth-child(4)")
            .contains("550")
    );

    let member_client = app.client_for(&member).await;
    assert_eq!(
        member_client.get("/admin/email").await.status,
        StatusCode::FORBIDDEN
    );

    let retried = app
        .form_post(
            "/admin/email",
            &format!("/admin/email/{}/retry", row.id),
            &[],
        )
        .await;
    assert_eq!(retried.status, StatusCode::SEE_OTHER);
    let row = the_only_row(&app).await;
    assert!(row.failed_at.is_none());
    assert_eq!(row.attempts, 0);
    assert!(!app.get("/admin/email").await.exists("#failed-emails"));
}

#[tokio::test]
async fn an_email_claimed_by_a_sender_that_crashed_is_sent_exactly_once_after_its_lease() {
    let Some(mut server) = smtp::start_aiosmtpd(0, false).await else {
        return;
    };
    let app = app_with_smtp(&server).await;
    let member = app.create_user(Role::Member).await;
    queue(&app, reminder_for(&member, Lang::Fi)).await;
    let mailer = &app.state().mailer;
    let t0 = now();

    // A sender claims the row and dies before sending.
    let claimed = mailer.claim_due_at(t0).await.unwrap();
    assert_eq!(claimed.len(), 1);
    drop(claimed);

    assert_eq!(
        mailer
            .send_due_at(t0 + Duration::minutes(1))
            .await
            .unwrap()
            .sent,
        0,
        "nobody sends a row under a live lease"
    );
    let after_lease = t0 + sender::LEASE + Duration::seconds(1);
    assert_eq!(mailer.send_due_at(after_lease).await.unwrap().sent, 1);
    next_message(&mut server).await;
    assert_eq!(
        mailer
            .send_due_at(after_lease + Duration::days(2))
            .await
            .unwrap()
            .sent,
        0
    );
    let row = the_only_row(&app).await;
    assert_eq!(row.attempts, 2, "the crashed claim counts as an attempt");
}

#[tokio::test]
async fn a_sender_killed_with_fifty_emails_queued_delays_at_most_one_and_only_for_two_minutes() {
    let Some(mut server) = smtp::start_aiosmtpd(0, false).await else {
        return;
    };
    let app = app_with_smtp(&server).await;
    let member = app.create_user(Role::Member).await;
    for _ in 0..50 {
        queue(&app, reminder_for(&member, Lang::Fi)).await;
    }
    let t0 = now();

    // The node claims what it holds at once while sending, and is killed.
    let held = app.state().mailer.claim_due_at(t0).await.unwrap();
    assert!(!held.is_empty());
    drop(held);

    // The restarted node (a new sender on the same database), driven by its clock.
    let restarted = lupa::email::Mailer::new(app.db().clone(), app.state().settings.clone());
    let within_a_minute = restarted
        .send_due_at(t0 + Duration::minutes(1))
        .await
        .unwrap()
        .sent;
    assert!(
        within_a_minute >= 45,
        "{within_a_minute} of 50 sent a minute after the crash"
    );
    let within_two = restarted
        .send_due_at(t0 + Duration::minutes(2))
        .await
        .unwrap()
        .sent;
    assert_eq!(
        within_a_minute + within_two,
        50,
        "all 50 within two minutes"
    );
    for _ in 0..50 {
        next_message(&mut server).await;
    }
}

#[tokio::test]
async fn two_senders_racing_over_the_same_outbox_send_every_email_once() {
    let Some(mut server) = smtp::start_aiosmtpd(0, false).await else {
        return;
    };
    let app = app_with_smtp(&server).await;
    let member = app.create_user(Role::Member).await;
    for _ in 0..6 {
        queue(&app, reminder_for(&member, Lang::Fi)).await;
    }
    // A second sender (another app node) on the same database.
    let other_node = lupa::email::Mailer::new(app.db().clone(), app.state().settings.clone());
    let at = now();
    let (a, b) = tokio::join!(
        app.state().mailer.send_due_at(at),
        other_node.send_due_at(at)
    );
    assert_eq!(a.unwrap().sent + b.unwrap().sent, 6);
    for _ in 0..6 {
        next_message(&mut server).await;
    }
    let unsent = email_outbox::Entity::find()
        .all(app.db())
        .await
        .unwrap()
        .into_iter()
        .filter(|r| r.sent_at.is_none())
        .count();
    assert_eq!(unsent, 0);
}

fn unsubscribe_path(text: &str) -> String {
    let line = text
        .lines()
        .find(|l| l.contains("/email/unsubscribe/"))
        .expect("an unsubscribe link");
    line.trim()
        .trim_start_matches("https://lupa.example")
        .to_owned()
}

#[tokio::test]
async fn an_unsubscribe_link_works_without_signing_in_and_stops_only_that_kind() {
    let app = TestApp::spawn().await;
    app.setup_site().await;
    let member = app.create_user(Role::Member).await;
    queue(&app, reminder_for(&member, Lang::En)).await;
    let row = the_only_row(&app).await;
    assert!(
        row.body_text
            .contains("You receive this because you are subscribed to: Reminders")
    );
    let path = unsubscribe_path(&row.body_text);

    let stranger = app.new_client();
    let page = stranger.get(&path).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        preferences::is_subscribed(app.db(), member.id, EmailKind::Reminder)
            .await
            .unwrap(),
        "opening the link changes nothing"
    );
    let done = stranger.form_post(&path, &path, &[]).await;
    assert_eq!(done.status, StatusCode::OK);
    assert!(done.exists("p[role=status]"));

    assert!(
        !queue(&app, reminder_for(&member, Lang::Fi)).await,
        "no more reminders"
    );
    let mut changed = reminder_for(&member, Lang::Fi);
    changed.kind = EmailKind::WorkshopChanged;
    assert!(queue(&app, changed).await, "other kinds still arrive");

    assert_eq!(
        stranger.get("/email/unsubscribe/0123abcd").await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn a_mail_program_can_unsubscribe_with_one_click() {
    let app = TestApp::spawn().await;
    let member = app.create_user(Role::Member).await;
    queue(&app, reminder_for(&member, Lang::Fi)).await;
    let path = unsubscribe_path(&the_only_row(&app).await.body_text);
    let one_click = path.replace("/email/unsubscribe/", "/api/v1/email/unsubscribe/");
    let response = reqwest::Client::new()
        .post(app.url(&one_click))
        .form(&[("List-Unsubscribe", "One-Click")])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert!(
        !preferences::is_subscribed(app.db(), member.id, EmailKind::Reminder)
            .await
            .unwrap()
    );
}

#[tokio::test]
async fn a_person_chooses_every_kind_of_email_on_the_one_email_settings_page() {
    let app = TestApp::spawn().await;
    app.setup_site().await;
    let member = app.create_user(Role::Member).await;
    let client = app.client_for(&member).await;
    let page = client.get("/settings/email").await;
    assert_eq!(page.status, StatusCode::OK);
    // Notifications in four ways, the other optional emails at once or never.
    assert_eq!(page.select("#delivery-reply input[type=radio]").len(), 4);
    assert_eq!(page.select("#delivery-reminder input[type=radio]").len(), 2);
    assert!(page.exists("#delivery-reminder-immediately[checked]"));
    assert!(page.exists("#digest_hour") && page.exists("#combine_minutes"));
    let saved = client
        .form_post(
            "/settings/email",
            "/settings/email",
            &[
                ("delivery-reminder", "never"),
                ("delivery-registration", "immediately"),
                ("delivery-mention", "daily"),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    assert!(
        !preferences::is_subscribed(app.db(), member.id, EmailKind::Reminder)
            .await
            .unwrap()
    );
    assert!(
        preferences::is_subscribed(app.db(), member.id, EmailKind::Registration)
            .await
            .unwrap()
    );
    let page = client.get("/settings/email").await;
    assert!(page.exists("#delivery-reminder-never[checked]"));
    assert!(page.exists("#delivery-mention-daily[checked]"));
    // A digest cannot carry a workshop reminder: the form comes back filled in, with 422.
    let refused = client
        .form_post(
            "/settings/email",
            "/settings/email",
            &[
                ("delivery-reminder", "weekly"),
                ("delivery-mention", "weekly"),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused.exists("#delivery-reminder-never[checked]"),
        "{}",
        refused.body
    );
    assert!(
        !preferences::is_subscribed(app.db(), member.id, EmailKind::Reminder)
            .await
            .unwrap()
    );
}

#[tokio::test]
async fn the_old_notification_settings_address_redirects_to_the_email_settings() {
    let app = TestApp::spawn().await;
    app.setup_site().await;
    let member = app.create_user(Role::Member).await;
    let client = app.client_for(&member).await;
    let old = client.get("/settings/notifications").await;
    assert_eq!(old.status, StatusCode::PERMANENT_REDIRECT);
    assert_eq!(old.location().as_deref(), Some("/settings/email"));
    let posted = client
        .form_post(
            "/settings/email",
            "/settings/notifications",
            &[("digest_hour", "9")],
        )
        .await;
    assert_eq!(posted.status, StatusCode::PERMANENT_REDIRECT);
    assert_eq!(posted.location().as_deref(), Some("/settings/email"));
    let settings = client.get("/settings").await;
    assert_eq!(settings.attr("a[href='/settings/email']", "href").len(), 1);
}

#[tokio::test]
async fn without_smtp_emails_are_written_to_the_outbox_folder_as_eml_files() {
    let app = TestApp::spawn().await;
    let member = app.create_user(Role::Member).await;
    queue(&app, reminder_for(&member, Lang::Fi)).await;
    assert_eq!(app.state().mailer.send_due().await.unwrap(), 1);
    let row = the_only_row(&app).await;
    let file = app
        .state()
        .settings
        .data_dir
        .join("outbox")
        .join(format!("{}.eml", row.id));
    let raw = std::fs::read(&file).expect("the .eml file");
    let parsed = mailparse::parse_mail(&raw).unwrap();
    assert_eq!(parsed.ctype.mimetype, "multipart/alternative");
    assert_eq!(
        email_outbox::Entity::find().count(app.db()).await.unwrap(),
        1
    );
}
