//! The inbox: who may see it, states, assignment, notes, replies through the outbox,
//! publishing with permission, privacy of the address, retention, counts and CSV.
use chrono::Duration;
use lupa::{
    audit::model::Action,
    auth::Role,
    entities::{audit_entry, email_outbox, post},
    feedback::{entities::feedback_item, retention},
};
use reqwest::StatusCode;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};

use super::{ORG, latest, world};
use crate::helpers::TestApp;

async fn actions(app: &TestApp, item: i32) -> Vec<String> {
    audit_entry::Entity::find()
        .filter(audit_entry::Column::TargetKind.eq("feedback"))
        .filter(audit_entry::Column::TargetId.eq(item))
        .all(app.db())
        .await
        .expect("reading the audit log")
        .into_iter()
        .map(|e| e.action)
        .collect()
}

#[tokio::test]
async fn only_the_organisations_staff_and_admins_see_its_inbox() {
    let w = world().await;
    let id = w.feedback("Jonot ovat pitkiä", "", false, "fi").await;
    let item = format!("/feedback/{ORG}/inbox/{id}");
    // Staff of the organisation and an admin of the site.
    for user in [&w.member, &w.editor, &w.admin] {
        let client = w.app.client_for(user).await;
        let inbox = client.get(&format!("/feedback/{ORG}/inbox")).await;
        assert_eq!(inbox.status, StatusCode::OK, "{:?}", user.role);
        assert_eq!(inbox.select("tr.feedback-item").len(), 1);
        assert_eq!(client.get(&item).await.status, StatusCode::OK);
        let list = client.get("/feedback").await;
        assert!(list.exists(&format!("a[href='/feedback/{ORG}/inbox']")));
    }
    // Another organisation's editor, a panelist and a customer: nothing there.
    let other = w.app.create_user_in("toinen", Role::Editor).await;
    let panelist = w.app.create_user_in(ORG, Role::Panelist).await;
    let customer = w.app.create_user_in(ORG, Role::Customer).await;
    for user in [&other, &panelist, &customer] {
        let client = w.app.client_for(user).await;
        for path in [
            format!("/feedback/{ORG}/inbox"),
            item.clone(),
            format!("/feedback/{ORG}/stats"),
            format!("/feedback/{ORG}/stats.csv"),
        ] {
            assert_eq!(
                client.get(&path).await.status,
                StatusCode::NOT_FOUND,
                "{:?} {path}",
                user.role
            );
        }
        let changed = client
            .post_form(&format!("{item}/status"), &[("status", "closed")])
            .await;
        assert_eq!(changed.status, StatusCode::NOT_FOUND);
    }
    assert_eq!(
        w.app
            .client_for(&panelist)
            .await
            .get("/feedback")
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    // A visitor is sent to sign in.
    let visitor = w.app.new_client().get(&item).await;
    assert_eq!(visitor.status, StatusCode::SEE_OTHER);
    assert!(visitor.location().unwrap().starts_with("/sign-in?next="));
    assert_eq!(latest(&w.app).await.status, "new");
}

#[tokio::test]
async fn staff_move_an_item_through_its_states_and_assign_it_with_an_audit_entry_each() {
    let w = world().await;
    let id = w.feedback("Tulostin ei toimi", "", false, "fi").await;
    let client = w.app.client_for(&w.member).await;
    let base = format!("/feedback/{ORG}/inbox/{id}");
    let moved = client
        .form_post(
            &base,
            &format!("{base}/status"),
            &[("status", "in_progress")],
        )
        .await;
    assert_eq!(moved.status, StatusCode::SEE_OTHER);
    let editor_id = w.editor.id.to_string();
    let assigned = client
        .form_post(
            &base,
            &format!("{base}/assign"),
            &[("assignee", &editor_id)],
        )
        .await;
    assert_eq!(assigned.status, StatusCode::SEE_OTHER);
    let noted = client
        .form_post(
            &base,
            &format!("{base}/notes"),
            &[("note", "Soitin IT-tukeen")],
        )
        .await;
    assert_eq!(noted.status, StatusCode::SEE_OTHER);
    let page = client.get(&base).await;
    assert_eq!(page.text(".feedback-status"), "Käsittelyssä");
    assert_eq!(
        page.attr("#assignee option[selected]", "value"),
        std::slice::from_ref(&editor_id)
    );
    assert_eq!(page.text(".feedback-note__body"), "Soitin IT-tukeen");
    // Filters by state.
    let in_progress = client
        .get(&format!("/feedback/{ORG}/inbox?status=in_progress"))
        .await;
    assert_eq!(in_progress.select("tr.feedback-item").len(), 1);
    let new = client
        .get(&format!("/feedback/{ORG}/inbox?status=new"))
        .await;
    assert_eq!(new.select("tr.feedback-item").len(), 0);
    // Someone outside the organisation cannot be assigned.
    let outsider = w
        .app
        .create_user_in("toinen", Role::Member)
        .await
        .id
        .to_string();
    let refused = client
        .form_post(&base, &format!("{base}/assign"), &[("assignee", &outsider)])
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.exists("#assignee-error"));
    assert_eq!(
        actions(&w.app, id).await,
        [
            Action::FeedbackStatus.as_str(),
            Action::FeedbackAssign.as_str()
        ]
    );
}

#[tokio::test]
async fn a_reply_goes_through_the_outbox_in_the_senders_language_and_answers_the_item() {
    let w = world().await;
    let id = w
        .feedback("Var finns blanketten?", "kund@example.fi", false, "sv")
        .await;
    let client = w.app.client_for(&w.member).await;
    let base = format!("/feedback/{ORG}/inbox/{id}");
    let page = client.get(&base).await;
    assert_eq!(
        page.text(".feedback-email"),
        "kund@example.fi",
        "staff see the address"
    );
    let sent = client
        .form_post(
            &base,
            &format!("{base}/reply"),
            &[("reply", "Blanketten finns på sidan X.")],
        )
        .await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    let mail = email_outbox::Entity::find()
        .filter(email_outbox::Column::ToAddress.eq("kund@example.fi"))
        .one(w.app.db())
        .await
        .unwrap()
        .expect("the reply is queued");
    assert!(
        mail.subject.starts_with("Svar på din respons"),
        "{}",
        mail.subject
    );
    assert!(mail.body_text.contains("Blanketten finns på sidan X."));
    assert!(mail.body_text.contains("> Var finns blanketten?"));
    let item = latest(&w.app).await;
    assert_eq!(item.status, "answered");
    assert_eq!(
        item.reply_md.as_deref(),
        Some("Blanketten finns på sidan X.")
    );
    assert_eq!(actions(&w.app, id).await, [Action::FeedbackReply.as_str()]);
    // Nothing to answer to without an address.
    let silent = w.feedback("Ei osoitetta", "", false, "fi").await;
    let base = format!("/feedback/{ORG}/inbox/{silent}");
    let refused = client
        .post_form(&format!("{base}/reply"), &[("reply", "Hei")])
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn feedback_is_published_only_with_permission_and_never_with_the_address() {
    let w = world().await;
    let writer = w.app.create_user_in(ORG, Role::Writer).await;
    let client = w.app.client_for(&writer).await;
    let private = w
        .feedback("Älä julkaise tätä", "salainen@example.fi", false, "fi")
        .await;
    let base = format!("/feedback/{ORG}/inbox/{private}");
    let refused = client.post_form(&format!("{base}/publish"), &[]).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(post::Entity::find().all(w.app.db()).await.unwrap().len(), 0);

    let open = w
        .feedback("Hyvä uusi **palvelu**", "julkinen@example.fi", true, "fi")
        .await;
    let base = format!("/feedback/{ORG}/inbox/{open}");
    client
        .form_post(&base, &format!("{base}/reply"), &[("reply", "Kiitos!")])
        .await;
    let published = client
        .form_post(&base, &format!("{base}/publish"), &[])
        .await;
    assert_eq!(
        published.status,
        StatusCode::SEE_OTHER,
        "{}",
        published.body
    );
    let posts = post::Entity::find().all(w.app.db()).await.unwrap();
    assert_eq!(posts.len(), 1);
    assert_eq!(posts[0].author_id, writer.id);
    let page = w
        .app
        .new_client()
        .get(&format!("/posts/{}", posts[0].slug))
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Kiitos!"));
    assert!(
        !page.body.contains("julkinen@example.fi"),
        "the address is never public"
    );
    assert!(
        actions(&w.app, open)
            .await
            .contains(&Action::FeedbackPublish.as_str().to_owned())
    );
    let again = client.post_form(&format!("{base}/publish"), &[]).await;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn no_public_page_shows_a_senders_address() {
    let w = world().await;
    w.feedback("Palautetta", "yksityinen@example.fi", true, "fi")
        .await;
    let visitor = w.app.new_client();
    for path in [
        "/",
        "/feedback/kaupunki",
        "/feedback/kaupunki/thanks",
        "/organizations/kaupunki",
        "/search?q=yksityinen",
    ] {
        let page = visitor.get(path).await;
        assert!(!page.body.contains("yksityinen@example.fi"), "{path}");
    }
}

#[tokio::test]
async fn retention_erases_only_addresses_older_than_the_period() {
    let w = world().await;
    let old = w.feedback("Vanha", "vanha@example.fi", false, "fi").await;
    let fresh = w.feedback("Uusi", "uusi@example.fi", false, "fi").await;
    let now = w.app.now();
    let mut row: feedback_item::ActiveModel = feedback_item::Entity::find_by_id(old)
        .one(w.app.db())
        .await
        .unwrap()
        .unwrap()
        .into();
    row.created_at = Set(now - Duration::days(370));
    row.update(w.app.db()).await.unwrap();
    let erased = retention::run_due(w.app.db(), now).await.unwrap();
    assert_eq!(erased, 1);
    let db = w.app.db();
    let read = |id| async move {
        feedback_item::Entity::find_by_id(id)
            .one(db)
            .await
            .unwrap()
            .unwrap()
    };
    let old_row = read(old).await;
    assert_eq!(old_row.email, None);
    assert_eq!(old_row.email_erased_at, Some(now));
    assert_eq!(old_row.body_md, "Vanha", "only the address goes");
    assert_eq!(read(fresh).await.email.as_deref(), Some("uusi@example.fi"));
    assert_eq!(
        actions(&w.app, old).await,
        [Action::FeedbackEraseEmail.as_str()]
    );
    // A second pass finds nothing more.
    assert_eq!(retention::run_due(w.app.db(), now).await.unwrap(), 0);
}

#[tokio::test]
async fn counts_per_topic_and_month_come_as_a_chart_a_table_and_a_csv_with_bom() {
    let w = world().await;
    for _ in 0..2 {
        w.feedback("Aukiolo", "", false, "fi").await;
    }
    let month = w
        .app
        .now()
        .with_timezone(&chrono_tz::Europe::Helsinki)
        .format("%Y-%m")
        .to_string();
    let client = w.app.client_for(&w.member).await;
    let page = client.get(&format!("/feedback/{ORG}/stats")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.exists("figure svg[role=img] title"));
    assert_eq!(page.select("svg rect").len(), 1);
    assert_eq!(
        page.select("table.feedback-stats thead th"),
        ["Kuukausi", "Aukioloajat", "Verkkosivut"]
    );
    assert_eq!(
        page.select("table.feedback-stats tbody th"),
        std::slice::from_ref(&month)
    );
    assert_eq!(page.select("table.feedback-stats tbody td"), ["2", "0"]);
    let csv = client.get(&format!("/feedback/{ORG}/stats.csv")).await;
    assert_eq!(
        csv.header("content-type").as_deref(),
        Some("text/csv; charset=utf-8")
    );
    assert_eq!(
        csv.body,
        format!("\u{feff}Kuukausi,Aukioloajat,Verkkosivut\r\n{month},2,0\r\n")
    );
}

#[tokio::test]
async fn editors_keep_the_topic_list_and_members_only_read_it() {
    let w = world().await;
    let editor = w.app.client_for(&w.editor).await;
    let added = editor
        .form_post(
            &format!("/feedback/{ORG}/topics"),
            &format!("/feedback/{ORG}/topics"),
            &[("name", "Pysäköinti")],
        )
        .await;
    assert_eq!(added.status, StatusCode::SEE_OTHER);
    let empty = editor
        .post_form(&format!("/feedback/{ORG}/topics"), &[("name", " ")])
        .await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(empty.exists("#name-error"));
    let form = w.app.new_client().get(&format!("/feedback/{ORG}")).await;
    assert!(
        form.select("#topic option")
            .contains(&"Pysäköinti".to_owned())
    );
    let member = w.app.client_for(&w.member).await;
    let page = member.get(&format!("/feedback/{ORG}/topics")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(!page.exists("form[action$='/topics']"));
    let refused = member
        .post_form(&format!("/feedback/{ORG}/topics"), &[("name", "Oma")])
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn hostile_feedback_renders_inert_in_the_inbox() {
    let w = world().await;
    let id = w
        .feedback(
            "<script>alert(1)</script> [x](javascript:alert(2)) <img src=x onerror=alert(3)>",
            "",
            false,
            "fi",
        )
        .await;
    let client = w.app.client_for(&w.member).await;
    for (path, part) in [
        (
            format!("/feedback/{ORG}/inbox"),
            "main td.feedback-item__excerpt",
        ),
        (format!("/feedback/{ORG}/inbox/{id}"), "main .feedback-body"),
    ] {
        let page = client.get(&path).await;
        let doc = scraper::Html::parse_document(&page.body);
        let selector = scraper::Selector::parse(part).unwrap();
        let shown = doc
            .select(&selector)
            .next()
            .expect("the feedback is shown")
            .inner_html();
        crate::fixtures::assert_harmless(&shown, &path, &["script"], None);
        assert!(!page.body.contains("<script>alert"), "{path}");
    }
}

#[tokio::test]
async fn staff_publishing_one_item_at_once_make_one_post() {
    let w = world().await;
    let id = w
        .feedback(
            "Kiitos nopeasta vastauksesta",
            "nopea@example.fi",
            true,
            "fi",
        )
        .await;
    let base = format!("/feedback/{ORG}/inbox/{id}");
    let mut clients = Vec::new();
    for _ in 0..4 {
        let writer = w.app.create_user_in(ORG, Role::Writer).await;
        clients.push(w.app.client_for(&writer).await);
    }
    let publish = format!("{base}/publish");
    let answers = futures::future::join_all(
        clients
            .iter()
            .map(|c| c.post_form(&publish, &[("target", "post")])),
    )
    .await;
    let done = answers
        .iter()
        .filter(|r| r.status == StatusCode::SEE_OTHER)
        .count();
    assert_eq!(done, 1, "exactly one publishing succeeds");
    for r in answers.iter().filter(|r| r.status != StatusCode::SEE_OTHER) {
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    }
    let posts = post::Entity::find().all(w.app.db()).await.unwrap();
    assert_eq!(posts.len(), 1, "the others wrote no post");
    assert_eq!(latest(&w.app).await.published_post_id, Some(posts[0].id));
}
