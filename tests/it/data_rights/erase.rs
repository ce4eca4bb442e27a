//! Erasing a person: "erase me", and an admin's erasure of a demo person, after which their
//! name and address are nowhere: not in the SQLite file (freed pages included) or a
//! `pg_dump`, not in the search index's segment files, not in the outbox or its `.eml` files.
use std::path::Path;

use lupa::{
    data_rights::{self, model::ErasurePolicy},
    entities::{audit_entry, comment, email_outbox, user},
    state::AppState,
};
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::json;

use super::person;
use crate::{
    fixtures::Client,
    helpers::{PASSWORD, TestApp},
    participation::{approve_newest_comment, confirmed_customer, send_comment, site_with_policy},
};

const NAME: &str = "Bengt Kund";
const EMAIL: &str = "bengt.kund@example.fi";

/// Every byte of every file under `dir` (the SQLite file with its WAL, or an index folder).
fn files_under(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return out;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(files_under(&path));
        } else if let Ok(bytes) = std::fs::read(&path) {
            out.push((path.display().to_string(), bytes));
        }
    }
    out
}

fn holds(bytes: &[u8], needle: &str) -> bool {
    bytes
        .windows(needle.len())
        .any(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

/// Where the needles are found in the database: the files of a SQLite database, or a
/// PostgreSQL dump.
fn database_holding(app: &TestApp, needles: &[&str]) -> Vec<String> {
    let url = app.database_url();
    let mut found = Vec::new();
    if url.starts_with("postgres") {
        let dump = std::process::Command::new("pg_dump")
            .arg("--dbname")
            .arg(&url)
            .output()
            .expect("running pg_dump");
        assert!(
            dump.status.success(),
            "{}",
            String::from_utf8_lossy(&dump.stderr)
        );
        for n in needles {
            if holds(&dump.stdout, n) {
                found.push(format!("pg_dump: {n}"));
            }
        }
    } else {
        for (path, bytes) in files_under(&app.state().settings.data_dir) {
            if path.contains("lupa.db") {
                for n in needles {
                    if holds(&bytes, n) {
                        found.push(format!("{path}: {n}"));
                    }
                }
            }
        }
    }
    found
}

/// Which of these lower-cased words the search index's segments still hold as terms of any
/// field (deleted documents' terms included: only a merge removes them).
fn index_terms(state: &AppState, words: &[&str]) -> Vec<String> {
    let searcher = state.search.searcher();
    let schema = searcher.schema().clone();
    let mut found = Vec::new();
    for segment in searcher.segment_readers() {
        for (field, entry) in schema.fields() {
            if !entry.is_indexed()
                || !matches!(entry.field_type(), tantivy::schema::FieldType::Str(_))
            {
                continue;
            }
            let inverted = segment.inverted_index(field).expect("an inverted index");
            for w in words {
                if inverted
                    .terms()
                    .get(w.as_bytes())
                    .expect("a term lookup")
                    .is_some()
                {
                    found.push(format!("{}: {w}", entry.name()));
                }
            }
        }
    }
    found
}

#[tokio::test]
async fn an_admin_erases_a_demo_person_and_their_name_and_address_are_nowhere() {
    let app = TestApp::spawn().await;
    crate::calendar_days::lupa_demo(&app, app.now().date_naive()).await;
    let bengt = person(&app, EMAIL).await;
    let admin_user = person(&app, "aino.administraattori@vero.example").await;
    // Mail to and about Bengt, sent into `.eml` files.
    let client = app.new_client();
    assert_eq!(
        client.sign_in(EMAIL, "lupa-demo-salasana").await.status,
        StatusCode::SEE_OTHER
    );
    let asked = client
        .form_post("/settings/data", "/settings/data/download", &[])
        .await;
    assert_eq!(asked.status, StatusCode::SEE_OTHER, "{}", asked.body);
    data_rights::download::run_due(app.state()).await.unwrap();
    // The demo's own mail fills the first batches: send until nothing is left.
    while app.state().mailer.send_due().await.unwrap() > 0 {}
    app.state().search.rebuild(|_, _| {}).await.unwrap();
    let outbox_dir = app.state().settings.data_dir.join("outbox");
    // Before: everything holds them (so the checks below can fail).
    assert!(!database_holding(&app, &[NAME, EMAIL]).is_empty());
    assert!(!index_terms(app.state(), &["bengt"]).is_empty());
    assert!(
        files_under(&outbox_dir)
            .iter()
            .any(|(_, b)| holds(b, EMAIL))
    );

    let admin = Client::for_user(
        &app,
        &crate::helpers::TestUser {
            id: admin_user.id,
            email: admin_user.email.clone(),
            password: "lupa-demo-salasana".into(),
            display_name: admin_user.display_name.clone(),
            role: lupa::auth::Role::Admin,
        },
    )
    .await;
    let erased = admin
        .post(
            &format!("/api/v1/admin/people/{}/erase", bengt.id),
            json!({}),
        )
        .await;
    assert_eq!(erased.status, StatusCode::OK, "{:#}", erased.json);
    assert_eq!(erased.json["policy"], "keep");

    let row = user::Entity::find_by_id(bengt.id)
        .one(app.db())
        .await
        .unwrap()
        .unwrap();
    assert!(row.removed_at.is_some() && row.display_name.is_empty());
    // Kept under "former participant" (the default policy).
    let comments = comment::Entity::find()
        .filter(comment::Column::AuthorId.eq(bengt.id))
        .all(app.db())
        .await
        .unwrap();
    assert!(
        comments
            .iter()
            .any(|c| c.deleted_at.is_none() && !c.body_md.is_empty())
    );
    assert!(
        email_outbox::Entity::find()
            .filter(email_outbox::Column::ToAddress.eq(EMAIL))
            .all(app.db())
            .await
            .unwrap()
            .is_empty()
    );
    let logged = audit_entry::Entity::find()
        .filter(audit_entry::Column::Action.eq("erase_person"))
        .filter(audit_entry::Column::SubjectUserId.eq(bengt.id))
        .all(app.db())
        .await
        .unwrap();
    assert_eq!(logged.len(), 1);
    assert_eq!(logged[0].actor_id, Some(admin_user.id));

    assert_eq!(database_holding(&app, &[NAME, EMAIL]), Vec::<String>::new());
    assert_eq!(index_terms(app.state(), &["bengt"]), Vec::<String>::new());
    let searcher = app.state().search.searcher();
    assert!(
        searcher
            .segment_readers()
            .iter()
            .all(|s| s.num_deleted_docs() == 0)
    );
    for (path, bytes) in files_under(&outbox_dir) {
        assert!(!holds(&bytes, EMAIL) && !holds(&bytes, NAME), "{path}");
    }
}

#[tokio::test]
async fn erase_me_needs_the_password_and_removes_contributions_when_the_policy_says_so() {
    let (app, path) = site_with_policy("registered").await;
    let set = app
        .form_post(
            "/admin/data-rights",
            "/admin/data-rights",
            &[
                ("erasure_policy", ErasurePolicy::Remove.as_str()),
                ("retention_declined_months", "12"),
                ("retention_sessions_days", "90"),
                ("retention_outbox_days", "90"),
            ],
        )
        .await;
    assert_eq!(set.status, StatusCode::SEE_OTHER, "{}", set.body);
    let customer = confirmed_customer(&app, "Asiakas Anna", "anna@example.fi").await;
    let sent = send_comment(&customer, &path, "Annan kommentti poistettavaksi").await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER);
    approve_newest_comment(&app).await;
    // Someone else names her: listed for review, never rewritten.
    let other = send_comment(&app.client, &path, "Kiitos Asiakas Anna, hyvä huomio.").await;
    assert_eq!(other.status, StatusCode::SEE_OTHER, "{}", other.body);
    let anna = person(&app, "anna@example.fi").await;

    let wrong = customer
        .form_post(
            "/settings/data",
            "/settings/data/erase",
            &[("erase_password", "väärä")],
        )
        .await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(wrong.exists("#erase_password-error"));
    assert!(person(&app, "anna@example.fi").await.removed_at.is_none());

    let done = customer
        .form_post(
            "/settings/data",
            "/settings/data/erase",
            &[("erase_password", PASSWORD)],
        )
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    assert!(!customer.is_signed_in().await);
    let theirs = comment::Entity::find()
        .filter(comment::Column::AuthorId.eq(anna.id))
        .all(app.db())
        .await
        .unwrap();
    assert!(
        theirs
            .iter()
            .all(|c| c.deleted_at.is_some() && c.body_md.is_empty())
    );
    let page = app.new_client().get(&path).await;
    assert!(!page.body.contains("Annan kommentti"), "{}", page.body);
    // The other person's text is kept as written, and the audit entry lists it for review.
    assert!(page.body.contains("Kiitos Asiakas Anna"));
    let logged = audit_entry::Entity::find()
        .filter(audit_entry::Column::Action.eq("erase_person"))
        .one(app.db())
        .await
        .unwrap()
        .unwrap();
    assert!(logged.after.starts_with("comment:"), "{logged:?}");
}

#[tokio::test]
async fn only_admins_erase_others_and_the_review_list_names_the_texts() {
    let (app, path) = site_with_policy("registered").await;
    confirmed_customer(&app, "Asiakas Anna", "anna@example.fi").await;
    let mention = send_comment(
        &app.client,
        &path,
        "Asiakas Anna kysyi tätä jo viime viikolla.",
    )
    .await;
    assert_eq!(mention.status, StatusCode::SEE_OTHER);
    // Another case, and the address in capitals: still her.
    let shouted = send_comment(
        &app.client,
        &path,
        "asiakas anna (ANNA@EXAMPLE.FI) vastasi sähköpostilla.",
    )
    .await;
    assert_eq!(shouted.status, StatusCode::SEE_OTHER);
    let anna = person(&app, "anna@example.fi").await;
    // A mention by @handle names her too, though her name is not written out.
    let handle = lupa::notifications::mentions::handle_of(app.db(), anna.id)
        .await
        .unwrap();
    let by_handle = send_comment(
        &app.client,
        &path,
        &format!("Kysytään @{handle} itseltään."),
    )
    .await;
    assert_eq!(by_handle.status, StatusCode::SEE_OTHER);
    let member = app.create_user_in("vero", lupa::auth::Role::Member).await;
    let member_client = app.client_for(&member).await;
    assert_eq!(
        member_client
            .get(&format!("/admin/people/{}/erase", anna.id))
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    let by_api = Client::for_user(&app, &member)
        .await
        .post(
            &format!("/api/v1/admin/people/{}/erase", anna.id),
            json!({}),
        )
        .await;
    assert_eq!(by_api.status, StatusCode::FORBIDDEN);
    assert!(person(&app, "anna@example.fi").await.removed_at.is_none());

    let page = app.get(&format!("/admin/people/{}/erase", anna.id)).await;
    assert_eq!(page.status, StatusCode::OK);
    let done = app
        .form_post(
            &format!("/admin/people/{}/erase", anna.id),
            &format!("/admin/people/{}/erase", anna.id),
            &[],
        )
        .await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.body);
    let listed = done.select(".data-rights-review a");
    assert_eq!(listed.len(), 3, "{}", done.body);
    assert!(
        person(&app, &format!("removed-{}@invalid", anna.id))
            .await
            .removed_at
            .is_some()
    );
}

#[tokio::test]
async fn every_node_merges_the_erased_persons_terms_out_of_its_own_index() {
    let (app, path) = site_with_policy("registered").await;
    let second = app.spawn_second_node().await;
    let customer = confirmed_customer(&app, "Zenobia Asiakas", "zenobia@example.fi").await;
    let sent = send_comment(&customer, &path, "Tämä kommentti jää talteen").await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    approve_newest_comment(&app).await;
    let other = send_comment(&app.client, &path, "Toisen ihmisen kommentti").await;
    assert_eq!(other.status, StatusCode::SEE_OTHER, "{}", other.body);
    let zenobia = person(&app, "zenobia@example.fi").await;
    // Each node has the byline in its own segment files, in one segment with documents that
    // outlive the erasure (a segment whose every document is deleted is dropped whole).
    app.state().search.rebuild(|_, _| {}).await.unwrap();
    second.state.search.rebuild(|_, _| {}).await.unwrap();
    assert!(!index_terms(app.state(), &["zenobia"]).is_empty());
    assert!(!index_terms(&second.state, &["zenobia"]).is_empty());

    let done = app
        .form_post(
            &format!("/admin/people/{}/erase", zenobia.id),
            &format!("/admin/people/{}/erase", zenobia.id),
            &[],
        )
        .await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.body);
    assert_eq!(index_terms(app.state(), &["zenobia"]), Vec::<String>::new());
    // The other node was not asked by anyone: it learns of the erasure from the outbox.
    second.state.search.catch_up().await.unwrap();
    assert_eq!(
        index_terms(&second.state, &["zenobia"]),
        Vec::<String>::new()
    );
    assert!(
        second
            .state
            .search
            .searcher()
            .segment_readers()
            .iter()
            .all(|s| s.num_deleted_docs() == 0)
    );
    // The comment itself is still found on both, under "former participant" (the default
    // policy keeps contributions).
    for state in [app.state(), &second.state] {
        let hits = state
            .search
            .searcher()
            .search(&tantivy::query::AllQuery, &tantivy::collector::Count)
            .unwrap();
        assert!(hits > 0);
    }
}

#[tokio::test]
async fn an_account_deleted_before_deleting_meant_erasing_is_erased_with_what_the_request_says() {
    let (app, path) = site_with_policy("registered").await;
    let customer = confirmed_customer(&app, "Cecilia Vanha", "cecilia@example.fi").await;
    let mention = send_comment(&app.client, &path, "Cecilia Vanha oli tästä oikeassa.").await;
    assert_eq!(mention.status, StatusCode::SEE_OTHER, "{}", mention.body);
    drop(customer);
    let cecilia = person(&app, "cecilia@example.fi").await;
    // What an earlier version's "delete my account" did: the account ended, nothing more.
    lupa::people::service::remove_account(
        app.db(),
        cecilia.id,
        lupa::people::service::RemovedBy::Themself,
    )
    .await
    .unwrap();
    let mail_to_her = || async {
        email_outbox::Entity::find()
            .filter(email_outbox::Column::ToAddress.eq("cecilia@example.fi"))
            .all(app.db())
            .await
            .unwrap()
    };
    assert!(!mail_to_her().await.is_empty(), "her confirmation email");

    let page = app
        .get(&format!("/admin/people/{}/erase", cecilia.id))
        .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.exists("#former_name") && page.exists("#former_email"));
    let done = app
        .form_post(
            &format!("/admin/people/{}/erase", cecilia.id),
            &format!("/admin/people/{}/erase", cecilia.id),
            &[
                ("former_name", "Cecilia Vanha"),
                ("former_email", "cecilia@example.fi"),
            ],
        )
        .await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.body);
    assert_eq!(
        done.select(".data-rights-review a").len(),
        1,
        "{}",
        done.body
    );
    assert!(mail_to_her().await.is_empty());
    let logged = audit_entry::Entity::find()
        .filter(audit_entry::Column::Action.eq("erase_person"))
        .filter(audit_entry::Column::SubjectUserId.eq(cecilia.id))
        .all(app.db())
        .await
        .unwrap();
    assert_eq!(logged.len(), 1);
    assert!(!format!("{logged:?}").contains("cecilia@example.fi"));
}
