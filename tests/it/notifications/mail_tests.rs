//! Notification email driven with explicit times: immediate emails combined per thread,
//! digests at a local hour across the DST changes, period boundaries, access checked at send
//! time, two nodes at once, a crash before the commit, and real SMTP delivery.
use chrono::Duration;
use lupa::{config::Secret, db::now, notifications::mail::Period};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, TransactionTrait};

use super::*;
use crate::smtp;

/// A post by the writer with a comment by the member; returns the post's path and the
/// writer's "comment" notification.
async fn commented(w: &World) -> (String, notification::Model) {
    let path = w.post("Koosteeseen", "public").await;
    w.comment(&w.mclient, &path, "Tärkeä huomio koosteeseen.", None)
        .await;
    let n = notifications_of(&w.app, w.writer.id).await.pop().unwrap();
    (path, n)
}

#[tokio::test]
async fn replies_within_the_window_are_combined_into_one_email_sent_after_it() {
    let w = World::at("2026-12-07T08:00:00Z").await;
    let (path, _) = commented(&w).await;
    let c = notifications_of(&w.app, w.writer.id).await[0]
        .comment_id
        .unwrap();
    w.comment(&w.wclient, &path, "Vastaus yksi.", Some(c)).await;
    w.comment(&w.wclient, &path, "Vastaus kaksi.", Some(c))
        .await;
    let start = at("2026-12-07T08:00:00Z");
    assert_eq!(
        mail_at(&w.app, start + Duration::minutes(2)).await,
        0,
        "within the window"
    );
    assert_eq!(mail_at(&w.app, start + Duration::minutes(6)).await, 1);
    assert_eq!(mail_at(&w.app, start + Duration::minutes(7)).await, 0);
    let mails = emails_to(&w.app, &w.member.email).await;
    assert_eq!(mails.len(), 1);
    assert!(
        mails[0].subject.starts_with("2 uutta ilmoitusta"),
        "{}",
        mails[0].subject
    );
    assert!(mails[0].body_text.contains("Vastaus yksi."));
    assert!(mails[0].body_text.contains("Vastaus kaksi."));
    assert_eq!(mails[0].kind, "notify-reply");
    // The writer's comment notification goes in the weekly digest, not at once.
    assert!(emails_to(&w.app, &w.writer.email).await.is_empty());
}

#[tokio::test]
async fn a_digest_set_for_03_goes_at_04_on_the_march_change_day() {
    let w = World::at("2026-03-28T10:00:00Z").await;
    choose(&w.wclient, &[("comment", "daily")], "3").await;
    commented(&w).await;
    // 29 March 2026: 02:59 EET is followed by 04:00 EEST (01:00 UTC).
    assert_eq!(mail_at(&w.app, at("2026-03-29T00:59:00Z")).await, 0);
    assert!(emails_to(&w.app, &w.writer.email).await.is_empty());
    assert_eq!(mail_at(&w.app, at("2026-03-29T01:00:00Z")).await, 1);
    let mails = emails_to(&w.app, &w.writer.email).await;
    assert_eq!(mails.len(), 1);
    assert_eq!(mails[0].kind, "digest");
    assert_eq!(mails[0].subject, "Päivän kooste: 1 uusi asia");
    assert!(mails[0].body_text.contains("Tärkeä huomio koosteeseen."));
    assert!(mails[0].body_text.contains("Koosteeseen"));
}

#[tokio::test]
async fn a_digest_set_for_03_goes_exactly_once_on_the_october_change_day() {
    let w = World::at("2026-10-24T10:00:00Z").await;
    choose(&w.wclient, &[("comment", "daily")], "3").await;
    commented(&w).await;
    // 25 October 2026: 03:00 EEST (00:00 UTC), then 03:00 EET again (01:00 UTC).
    assert_eq!(mail_at(&w.app, at("2026-10-24T23:59:00Z")).await, 0);
    assert_eq!(mail_at(&w.app, at("2026-10-25T00:00:00Z")).await, 1);
    assert_eq!(mail_at(&w.app, at("2026-10-25T01:00:00Z")).await, 0);
    assert_eq!(mail_at(&w.app, at("2026-10-25T01:30:00Z")).await, 0);
    assert_eq!(
        mail_at(&w.app, at("2026-10-26T01:00:00Z")).await,
        0,
        "nothing new"
    );
    assert_eq!(emails_to(&w.app, &w.writer.email).await.len(), 1);
}

#[tokio::test]
async fn an_item_at_the_digest_hour_belongs_to_the_next_period() {
    let w = World::at("2026-12-06T10:00:00Z").await;
    choose(&w.wclient, &[("comment", "daily")], "7").await;
    let (path, first) = commented(&w).await;
    w.comment(&w.mclient, &path, "Toinen huomio rajalla.", None)
        .await;
    let second = notifications_of(&w.app, w.writer.id).await.pop().unwrap();
    for (n, when) in [
        (&first, "2026-12-07T04:59:59Z"),
        (&second, "2026-12-07T05:00:00Z"),
    ] {
        let mut row: notification::ActiveModel = n.clone().into();
        row.created_at = Set(at(when));
        row.update(w.app.db()).await.unwrap();
    }
    assert_eq!(mail_at(&w.app, at("2026-12-07T05:00:00Z")).await, 1);
    assert_eq!(mail_at(&w.app, at("2026-12-08T05:00:00Z")).await, 1);
    let mails = emails_to(&w.app, &w.writer.email).await;
    assert!(mails[0].body_text.contains("Tärkeä huomio koosteeseen."));
    assert!(!mails[0].body_text.contains("Toinen huomio rajalla."));
    assert!(mails[1].body_text.contains("Toinen huomio rajalla."));
    assert!(!mails[1].body_text.contains("Tärkeä huomio koosteeseen."));
}

#[tokio::test]
async fn a_weekly_digest_drops_what_the_reader_may_no_longer_open_and_is_not_sent_empty() {
    // Wednesday 2 December 2026; the weekly digest goes on Monday 7 December at 07:00.
    let w = World::at("2026-12-02T10:00:00Z").await;
    let first = w.post("Aloitus", "public").await;
    for client in [&w.mclient, &w.cclient] {
        follow(client, &first, "person", w.writer.id, "follow").await;
    }
    let path = w.post("Muuttuva kirjoitus", "public").await;
    assert_eq!(kinds_of(&w.app, w.customer.id).await, ["new-post"]);
    let r = w
        .wclient
        .form_post(
            &format!("{path}/edit"),
            &path,
            &[
                ("title", "Muuttuva kirjoitus"),
                ("body", "Nyt vain henkilöstölle."),
                ("labels", ""),
                ("language", "fi"),
                ("visibility", "members"),
                ("status", "published"),
                ("action", "save"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(mail_at(&w.app, at("2026-12-07T04:59:00Z")).await, 0);
    assert_eq!(mail_at(&w.app, at("2026-12-07T05:00:00Z")).await, 1);
    let to_member = emails_to(&w.app, &w.member.email).await;
    assert_eq!(to_member.len(), 1);
    assert_eq!(to_member[0].subject, "Viikon kooste: 1 uusi asia");
    assert!(to_member[0].body_text.contains("Muuttuva kirjoitus"));
    assert!(
        emails_to(&w.app, &w.customer.email).await.is_empty(),
        "the only item was dropped, so no digest at all"
    );
}

#[tokio::test]
async fn two_nodes_running_the_digest_pass_at_once_send_one_digest() {
    let w = World::at("2026-12-02T10:00:00Z").await;
    commented(&w).await;
    let monday = at("2026-12-07T05:00:00Z");
    let (a, b) = tokio::join!(mail_at(&w.app, monday), mail_at(&w.app, monday));
    assert_eq!(a + b, 1);
    assert_eq!(emails_to(&w.app, &w.writer.email).await.len(), 1);
}

#[tokio::test]
async fn a_crash_between_composing_and_recording_leaves_the_digest_to_the_next_pass() {
    let w = World::at("2026-12-02T10:00:00Z").await;
    commented(&w).await;
    let monday = at("2026-12-07T05:00:00Z");
    let txn = w.app.db().begin().await.unwrap();
    let composed = mail::send_digest(&txn, &site(&w.app), w.writer.id, Period::Weekly, monday)
        .await
        .unwrap();
    assert!(composed);
    drop(txn); // the node dies before its commit
    assert!(emails_to(&w.app, &w.writer.email).await.is_empty());
    assert_eq!(mail_at(&w.app, monday).await, 1);
    assert_eq!(mail_at(&w.app, monday + Duration::minutes(1)).await, 0);
    assert_eq!(emails_to(&w.app, &w.writer.email).await.len(), 1);
}

#[tokio::test]
async fn a_digest_arrives_over_smtp_with_both_parts_and_one_click_unsubscribe() {
    let Some(mut server) = smtp::start_aiosmtpd(0, false).await else {
        return;
    };
    let url = server.url.clone();
    let w = World::with(move |s| {
        s.smtp_url = Some(Secret::new(url));
        s.clock_start = Some(at("2026-12-02T10:00:00Z"));
    })
    .await;
    commented(&w).await;
    assert_eq!(mail_at(&w.app, at("2026-12-07T05:00:00Z")).await, 1);
    let pass = w.app.state().mailer.send_due_at(now()).await.unwrap();
    assert_eq!(pass.sent, 1);
    let received = tokio::time::timeout(std::time::Duration::from_secs(10), server.inbox.recv())
        .await
        .expect("a message within 10 s")
        .expect("the SMTP server is running");
    assert_eq!(received.to, vec![w.writer.email.clone()]);
    assert_eq!(received.subject(), "Viikon kooste: 1 uusi asia");
    assert!(received.text().contains("Tärkeä huomio koosteeseen."));
    assert!(received.html().contains("Tärkeä huomio koosteeseen."));
    let one_click = received.header("List-Unsubscribe").unwrap();
    let one_click = one_click.trim_matches(['<', '>']);
    assert_eq!(
        received.header("List-Unsubscribe-Post").as_deref(),
        Some("List-Unsubscribe=One-Click")
    );
    let path = one_click
        .split_once("/api/")
        .map(|(_, p)| format!("/api/{p}"))
        .unwrap();
    let r = reqwest::Client::new()
        .post(w.app.url(&path))
        .form(&[("List-Unsubscribe", "One-Click")])
        .send()
        .await
        .unwrap();
    assert!(r.status().is_success(), "{}", r.status());
    // The settings now say no digest, and the next week's sends none.
    let page = w.wclient.get("/settings/email").await;
    assert!(
        page.exists("#delivery-comment-never[checked]"),
        "{}",
        page.body
    );
    w.comment(
        &w.mclient,
        &w.post("Toinen viikko", "public").await,
        "Uusi",
        None,
    )
    .await;
    assert_eq!(mail_at(&w.app, at("2026-12-14T05:00:00Z")).await, 0);
}
