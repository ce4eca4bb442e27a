//! The moderation queue: who has one, and each action with its audit entry.
use lupa::entities::{email_outbox, user};

use super::*;

async fn act(
    client: &TestClient,
    kind: &str,
    id: i32,
    action: &str,
    fields: &[(&str, &str)],
) -> TestResponse {
    client
        .form_post(
            "/moderation",
            &format!("/moderation/{kind}/{id}/{action}"),
            fields,
        )
        .await
}

#[tokio::test]
async fn the_queue_is_for_editors_admins_and_facilitators_only() {
    let w = World::new().await;
    w.reply(&w.cclient, "Jonossa odottava.").await;
    let c = w.comment("Jonossa odottava.").await;
    let (_, editor) = w.staff(Role::Editor).await;
    for client in [&editor, &w.app.client, &w.fclient] {
        let q = client.get("/moderation").await;
        assert_eq!(q.status, StatusCode::OK);
        assert!(q.exists(&format!("#item-comment-{}", c.id)), "{}", q.body);
        assert_eq!(q.select("h1").len(), 1);
    }
    let (_, writer) = w.staff(Role::Writer).await;
    for client in [&w.mclient, &w.cclient, &writer] {
        assert_eq!(
            client.get("/moderation").await.status,
            StatusCode::NOT_FOUND
        );
        let r = act(client, "comment", c.id, "approve", &[]).await;
        assert!(
            matches!(r.status, StatusCode::NOT_FOUND | StatusCode::FORBIDDEN),
            "{}",
            r.status
        );
    }
    assert_eq!(
        w.comment("Jonossa odottava.").await.moderation_state,
        "held"
    );
}

#[tokio::test]
async fn a_rejection_needs_a_reason_which_the_author_sees_and_gets_by_email() {
    let w = World::new().await;
    w.reply(&w.cclient, "Hylättävä viesti.").await;
    let c = w.comment("Hylättävä viesti.").await;
    let r = act(&w.fclient, "comment", c.id, "reject", &[("reason", " ")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    // The error is tied to this item's reason field, whose disclosure opens.
    let field = format!("reason-comment-{}", c.id);
    assert_eq!(r.attr(".error-summary a", "href"), [format!("#{field}")]);
    assert!(r.exists(&format!("details[open] #{field}[aria-invalid=true]")));
    assert!(r.exists(&format!("#{field}-error")));

    let r = act(
        &w.fclient,
        "comment",
        c.id,
        "reject",
        &[("reason", "Ei liity aiheeseen")],
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let c = w.comment("Hylättävä viesti.").await;
    assert_eq!(c.moderation_state, "rejected");
    let own = w.cclient.get(&w.topic_path()).await;
    assert!(
        own.text(".comment__moderation")
            .contains("Ei liity aiheeseen")
    );
    assert!(
        !w.mclient
            .get(&w.topic_path())
            .await
            .body
            .contains("Hylättävä")
    );

    let mail = email_outbox::Entity::find()
        .filter(email_outbox::Column::ToAddress.eq(w.customer.email.as_str()))
        .one(w.app.db())
        .await
        .unwrap()
        .expect("an email to the author");
    assert_eq!(mail.subject, "Kirjoitustasi ei julkaistu");
    assert!(mail.body_text.contains("Ei liity aiheeseen"));
    assert!(
        mail.body_text.contains("Hylättävä viesti."),
        "the text is not lost"
    );
    let entry = audit_entries(&w.app).await.pop().unwrap();
    assert_eq!(
        (entry.action.as_str(), entry.reason.as_str(), entry.actor_id),
        ("reject", "Ei liity aiheeseen", Some(w.facilitator.id))
    );
}

#[tokio::test]
async fn a_moderators_edit_keeps_before_and_after_in_the_audit_log() {
    let w = World::new().await;
    w.reply(&w.cclient, "Puhelinnumeroni on 040 123 4567.")
        .await;
    let c = w.comment("Puhelinnumeroni on 040 123 4567.").await;
    let r = act(
        &w.fclient,
        "comment",
        c.id,
        "edit",
        &[
            ("body", "Puhelinnumeroni on [poistettu]."),
            ("note", "Henkilötieto poistettu"),
        ],
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let entry = audit_entries(&w.app).await.pop().unwrap();
    assert_eq!(entry.action, "edit");
    assert_eq!(entry.before, "Puhelinnumeroni on 040 123 4567.");
    assert_eq!(entry.after, "Puhelinnumeroni on [poistettu].");
    assert_eq!(entry.reason, "Henkilötieto poistettu");
    assert_eq!(entry.subject_user_id, Some(w.customer.id));
}

#[tokio::test]
async fn hiding_and_dismissing_flags_settle_a_flagged_reply() {
    let w = World::new().await;
    w.reply(&w.mclient, "Ilmoitettu viesti.").await;
    let c = w.comment("Ilmoitettu viesti.").await;
    let page = format!("/flag/comment/{}", c.id);
    w.cclient
        .form_post(&page, &page, &[("reason", "spam")])
        .await;
    assert!(
        w.fclient
            .get("/moderation")
            .await
            .exists(&format!("#item-comment-{}", c.id))
    );
    let r = act(&w.fclient, "comment", c.id, "dismiss", &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(
        !w.fclient
            .get("/moderation")
            .await
            .exists(&format!("#item-comment-{}", c.id))
    );
    let r = act(&w.fclient, "comment", c.id, "hide", &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(w.comment("Ilmoitettu viesti.").await.hidden_at.is_some());
    let actions: Vec<String> = audit_entries(&w.app)
        .await
        .into_iter()
        .map(|e| e.action)
        .collect();
    assert_eq!(actions, ["dismiss_flags", "hide"]);
}

#[tokio::test]
async fn a_suspension_ends_sessions_and_tokens_at_once_and_sign_in_says_why() {
    let w = World::new().await;
    w.reply(&w.cclient, "Häiriköivä viesti.").await;
    let token_client = crate::fixtures::Client::for_user(&w.app, &w.customer).await;
    assert_eq!(
        token_client.get("/api/v1/posts").await.status,
        StatusCode::OK
    );
    assert!(w.cclient.is_signed_in().await);

    // Only editors and admins suspend; a facilitator may not.
    let path = format!("/moderation/people/{}/suspend", w.customer.id);
    let r = w
        .fclient
        .form_post(
            "/moderation",
            &path,
            &[("days", "7"), ("reason", "Häirintä")],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let (_, editor) = w.staff(Role::Editor).await;
    let r = editor
        .form_post("/moderation", &path, &[("days", "kolme"), ("reason", "")])
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let r = editor
        .form_post(
            "/moderation",
            &path,
            &[("days", "7"), ("reason", "Häirintä")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);

    assert!(!w.cclient.is_signed_in().await);
    assert_eq!(
        token_client.get("/api/v1/moderation/queue").await.status,
        StatusCode::UNAUTHORIZED
    );
    let again = w
        .app
        .new_client()
        .sign_in(&w.customer.email, &w.customer.password)
        .await;
    assert_eq!(again.status, StatusCode::FORBIDDEN);
    assert!(again.body.contains("jäädyttänyt"), "{}", again.body);
    let row = user::Entity::find_by_id(w.customer.id)
        .one(w.app.db())
        .await
        .unwrap()
        .unwrap();
    assert!(row.suspended_until.is_some());
    let entry = audit_entries(&w.app).await.pop().unwrap();
    assert_eq!(
        (entry.action.as_str(), entry.reason.as_str()),
        ("suspend", "Häirintä")
    );

    // What they wrote stays where it was, and lifting the suspension lets them in again.
    let r = editor
        .form_post(
            "/moderation",
            &format!("/moderation/people/{}/unsuspend", w.customer.id),
            &[],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    w.app.client_for(&w.customer).await;
    assert_eq!(
        audit_entries(&w.app).await.pop().unwrap().action,
        "unsuspend"
    );
}

#[tokio::test]
async fn the_queue_takes_a_fixed_number_of_queries_however_many_items_wait() {
    let w = World::new().await;
    let queries_for_queue = || async {
        let before = w.app.state().queries.get();
        let page = w.fclient.get("/moderation").await;
        assert_eq!(page.status, StatusCode::OK);
        (
            w.app.state().queries.get() - before,
            page.select(".moderation-item").len(),
        )
    };
    let sent = w.reply(&w.cclient, "Ensimmäinen odottava vastaus.").await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    // The moderator's next page shows and removes any flash of what they did before (a
    // session write of its own, once); count from the page after.
    w.fclient.get("/").await;
    let (with_one, shown) = queries_for_queue().await;
    assert_eq!(shown, 1);
    for i in 2..=4 {
        let sent = w.reply(&w.cclient, &format!("Odottava vastaus {i}.")).await;
        assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    }
    let (with_four, shown) = queries_for_queue().await;
    assert_eq!(shown, 4);
    assert_eq!(with_one, with_four, "the queue runs a query per item");
}
