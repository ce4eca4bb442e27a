//! Customer panels end to end: creating panels, the join application with a new panel-member
//! account, the review queue and waiting list, invitations, leaving and removal with the log,
//! the members page, the discussion, and private panels (and panel topics) staying invisible
//! to everyone outside them.

mod api;
mod discussion;
mod rules;
use lupa::{
    auth::Role,
    entities::{email_outbox, panel_application, panel_log, user},
};
use reqwest::StatusCode;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder,
};

use crate::{
    fixtures::write_post,
    helpers::{PASSWORD, TestApp, TestClient, TestUser},
};

/// A site with an admin (the app's default client), a staff member who facilitates, and
/// the facilitator's client.
struct World {
    app: TestApp,
    facilitator: TestUser,
    fclient: TestClient,
}

async fn world() -> World {
    let app = TestApp::spawn().await;
    app.setup_site().await;
    let facilitator = app.create_user(Role::Member).await;
    let fclient = app.client_for(&facilitator).await;
    World {
        app,
        facilitator,
        fclient,
    }
}

async fn org_id(app: &TestApp) -> String {
    app.create_organization("testivirasto").await.id.to_string()
}

/// Create a panel through the form as the admin; returns its path.
async fn create_panel(w: &World, name: &str, visibility: &str, cap: &str) -> String {
    let org = org_id(&w.app).await;
    let facilitator = w.facilitator.id.to_string();
    let response = w
        .app
        .form_post(
            "/panels/new",
            "/panels",
            &[
                ("name", name),
                ("slug", ""),
                ("description", "Kehitämme **yrityspalveluja** yhdessä."),
                ("organization_id", &org),
                ("term_start", "2026-01-01"),
                ("term_end", "2028-12-31"),
                ("seat_target", cap),
                ("seat_cap", cap),
                ("visibility", visibility),
                ("listed_publicly", "yes"),
                ("facilitators", &facilitator),
            ],
        )
        .await;
    assert_eq!(response.status, StatusCode::SEE_OTHER, "{}", response.body);
    response.location().expect("a redirect to the panel")
}

fn company(name: &str) -> Vec<(&'static str, String)> {
    vec![
        ("company_name", name.to_owned()),
        ("business_id", "0112038-9".to_owned()),
        ("industry", "ict".to_owned()),
        ("region", "pirkanmaa".to_owned()),
        ("stage", "growing-home".to_owned()),
        ("role_in_company", "Toimitusjohtaja".to_owned()),
        ("message", "Haluamme vaikuttaa palveluun.".to_owned()),
        ("consent", "yes".to_owned()),
    ]
}

/// A stranger applies with a new account; returns their signed-in client and email.
async fn stranger_applies(app: &TestApp, path: &str, company_name: &str) -> (TestClient, String) {
    let client = app.new_client();
    let email = format!(
        "{}@yritys.example",
        lupa::blog::model::slugify(company_name)
    );
    let mut fields = company(company_name);
    fields.push(("email", email.clone()));
    fields.push(("display_name", format!("Edustaja {company_name}")));
    fields.push(("password", PASSWORD.to_owned()));
    let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let response = client
        .form_post(&format!("{path}/apply"), &format!("{path}/apply"), &pairs)
        .await;
    assert_eq!(response.status, StatusCode::SEE_OTHER, "{}", response.body);
    (client, email)
}

async fn application_id(app: &TestApp, email: &str) -> String {
    let person = user::Entity::find()
        .filter(user::Column::Email.eq(email))
        .one(app.db())
        .await
        .unwrap()
        .unwrap();
    panel_application::Entity::find()
        .filter(panel_application::Column::UserId.eq(person.id))
        .order_by_desc(panel_application::Column::Id)
        .one(app.db())
        .await
        .unwrap()
        .unwrap()
        .id
        .to_string()
}

async fn decide(
    w: &World,
    path: &str,
    email: &str,
    decision: &str,
) -> crate::helpers::TestResponse {
    let id = application_id(&w.app, email).await;
    w.fclient
        .form_post(
            &format!("{path}/applications"),
            &format!("{path}/applications/{id}"),
            &[("decision", decision), ("message", "")],
        )
        .await
}

/// Show or hide the (only) panel's name from outsiders.
async fn set_listed(app: &TestApp, listed: bool) {
    let row = lupa::entities::panel::Entity::find()
        .one(app.db())
        .await
        .unwrap()
        .unwrap();
    let mut active: lupa::entities::panel::ActiveModel = row.into();
    active.listed_publicly = Set(listed);
    active.update(app.db()).await.unwrap();
}

async fn log_actions(app: &TestApp) -> Vec<String> {
    panel_log::Entity::find()
        .order_by_asc(panel_log::Column::Id)
        .all(app.db())
        .await
        .unwrap()
        .into_iter()
        .map(|l| l.action)
        .collect()
}

/// A facilitator invites `email` through the form; returns the link's path from the email.
async fn invitation_link(w: &World, path: &str, email: &str) -> String {
    let sent = w
        .fclient
        .form_post(
            &format!("{path}/applications"),
            &format!("{path}/invitations"),
            &[("email", email)],
        )
        .await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    let mail = emails_to(&w.app, email).await;
    let link = mail[0]
        .body_text
        .split_whitespace()
        .find(|w| w.contains("/panels/invitations/"))
        .expect("a link in the invitation");
    link[link.find("/panels/").unwrap()..].to_owned()
}

async fn emails_to(app: &TestApp, to: &str) -> Vec<email_outbox::Model> {
    email_outbox::Entity::find()
        .filter(email_outbox::Column::ToAddress.eq(to))
        .order_by_asc(email_outbox::Column::Id)
        .all(app.db())
        .await
        .unwrap()
}

#[tokio::test]
async fn admin_creates_a_private_panel_with_a_facilitator() {
    let w = world().await;
    let path = create_panel(&w, "Yrityspalvelujen asiakaspaneeli", "private", "15").await;
    assert_eq!(path, "/panels/yrityspalvelujen-asiakaspaneeli");

    let page = w.fclient.get(&path).await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.select("h1"), ["Yrityspalvelujen asiakaspaneeli"]);
    assert!(page.exists(".panel-description strong"));
    assert!(
        page.text(".panel-facts")
            .contains(&w.facilitator.display_name)
    );
    // The facilitator's tabs include the queue and the log.
    let tabs = page.select(".panel-nav li a");
    assert!(tabs.contains(&"Hakemukset".to_owned()), "{tabs:?}");
    assert_eq!(log_actions(&w.app).await, ["created", "facilitator-added"]);
}

#[tokio::test]
async fn a_panel_form_with_mistakes_is_shown_again_filled_in_with_422() {
    let w = world().await;
    let org = org_id(&w.app).await;
    let response = w
        .app
        .form_post(
            "/panels/new",
            "/panels",
            &[
                ("name", "Paneeli"),
                ("description", "Kuvaus"),
                ("organization_id", &org),
                ("term_start", "2027-01-01"),
                ("term_end", "2026-01-01"),
                ("seat_target", "20"),
                ("seat_cap", "10"),
                ("visibility", "private"),
            ],
        )
        .await;
    assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(response.attr("#name", "value"), ["Paneeli"]);
    assert!(response.exists("#term_end[aria-invalid=true]"));
    assert!(response.exists("#seat_cap[aria-invalid=true]"));
    assert!(response.exists("#seat_cap-error"));
}

#[tokio::test]
async fn editors_create_panels_but_writers_and_members_may_not() {
    let w = world().await;
    let editor = w.app.create_user(Role::Editor).await;
    let editor_client = w.app.client_for(&editor).await;
    assert_eq!(
        editor_client.get("/panels/new").await.status,
        StatusCode::OK
    );
    let writer = w.app.create_user(Role::Writer).await;
    let writer_client = w.app.client_for(&writer).await;
    assert_eq!(
        writer_client.get("/panels/new").await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        w.fclient.get("/panels/new").await.status,
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn a_stranger_applies_with_a_new_account_and_the_facilitator_accepts() {
    let w = world().await;
    let path = create_panel(&w, "Paneeli", "private", "15").await;
    let (client, email) = stranger_applies(&w.app, &path, "Konepaja Oy").await;

    // Signed in as a panel-member account, with the application waiting.
    let person = lupa::people::store::user_by_email(w.app.db(), &email)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(person.role, "panelist");
    let page = client.get(&path).await;
    assert_eq!(page.text(".panel-application-status"), "Odottaa käsittelyä");
    // Not a member yet: no discussion.
    assert_eq!(
        client.get(&format!("{path}/topics")).await.status,
        StatusCode::NOT_FOUND
    );

    let queue = w.fclient.get(&format!("{path}/applications")).await;
    assert!(
        queue
            .text("#pending-title + article h3")
            .contains("Konepaja Oy")
    );
    let response = decide(&w, &path, &email, "accept").await;
    assert_eq!(response.status, StatusCode::SEE_OTHER, "{}", response.body);

    assert_eq!(
        client.get(&format!("{path}/topics")).await.status,
        StatusCode::OK
    );
    let members = client.get(&format!("{path}/members")).await;
    assert_eq!(members.select(".panel-companies tbody th"), ["Konepaja Oy"]);
    let mail = emails_to(&w.app, &email).await;
    assert_eq!(mail.len(), 1);
    assert!(mail[0].subject.contains("Paneeli"), "{}", mail[0].subject);
    assert_eq!(log_actions(&w.app).await[2..], ["applied", "accepted"]);
}

#[tokio::test]
async fn the_join_form_with_a_bad_business_id_is_kept_filled_in_with_422() {
    let w = world().await;
    let path = create_panel(&w, "Paneeli", "private", "15").await;
    let client = w.app.new_client();
    let mut fields = company("Konepaja Oy");
    fields[1].1 = "0112038-8".into();
    fields.retain(|(k, _)| *k != "consent");
    fields.push(("email", "konepaja@yritys.example".into()));
    fields.push(("display_name", "Kalle".into()));
    fields.push(("password", PASSWORD.into()));
    let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let response = client
        .form_post(&format!("{path}/apply"), &format!("{path}/apply"), &pairs)
        .await;
    assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(response.attr("#company_name", "value"), ["Konepaja Oy"]);
    assert_eq!(response.attr("#business_id", "aria-invalid"), ["true"]);
    assert!(response.attr("#business_id", "aria-describedby")[0].contains("business_id-error"));
    assert!(response.exists("#consent-error"));
    assert!(response.exists("#industry option[value=ict][selected]"));
    // The password is never sent back.
    assert_eq!(response.attr("#password", "value"), [""]);
    assert!(
        lupa::people::store::user_by_email(w.app.db(), "konepaja@yritys.example")
            .await
            .unwrap()
            .is_none()
    );
}

#[tokio::test]
async fn a_freed_seat_is_offered_to_the_first_on_the_waiting_list() {
    let w = world().await;
    let path = create_panel(&w, "Pieni paneeli", "private", "1").await;
    let (first, _) = stranger_applies(&w.app, &path, "Eka Oy").await;
    let (second, second_email) = stranger_applies(&w.app, &path, "Toka Oy").await;
    let (_, third_email) = stranger_applies(&w.app, &path, "Kolmas Oy").await;
    let first_email = format!("{}@yritys.example", "eka-oy");
    assert_eq!(
        decide(&w, &path, &first_email, "accept").await.status,
        StatusCode::SEE_OTHER
    );
    // Full: accepting the second is refused with a message, and they go on the list.
    let refused = decide(&w, &path, &second_email, "accept").await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.exists(".error-summary"));
    assert_eq!(
        decide(&w, &path, &second_email, "wait").await.status,
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        decide(&w, &path, &third_email, "wait").await.status,
        StatusCode::SEE_OTHER
    );
    let queue = w.fclient.get(&format!("{path}/applications")).await;
    let waiting = queue.select(".panel-waiting > li");
    assert!(
        waiting[0].contains("Toka Oy") && waiting[1].contains("Kolmas Oy"),
        "{waiting:?}"
    );

    // The first member leaves: the seat is offered to the second, by email too.
    let left = first.form_post(&path, &format!("{path}/leave"), &[]).await;
    assert_eq!(left.status, StatusCode::SEE_OTHER);
    let offers = emails_to(&w.app, &second_email).await;
    assert!(offers.last().unwrap().subject.contains("vapautui paikka"));
    assert!(
        emails_to(&w.app, &third_email)
            .await
            .iter()
            .all(|m| !m.subject.contains("vapautui"))
    );
    let actions = log_actions(&w.app).await;
    assert_eq!(actions[actions.len() - 2..], ["left", "seat-offered"]);

    let page = second.get(&path).await;
    assert!(page.exists("form[action$='/take-seat']"));
    let taken = second
        .form_post(&path, &format!("{path}/take-seat"), &[])
        .await;
    assert_eq!(taken.status, StatusCode::SEE_OTHER);
    assert_eq!(
        second.get(&format!("{path}/topics")).await.status,
        StatusCode::OK
    );
    assert_eq!(
        first.get(&format!("{path}/topics")).await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn removal_frees_the_seat_and_the_log_is_for_facilitators_only() {
    let w = world().await;
    let path = create_panel(&w, "Paneeli", "private", "1").await;
    let (member, email) = stranger_applies(&w.app, &path, "Eka Oy").await;
    let (_, waiting_email) = stranger_applies(&w.app, &path, "Toka Oy").await;
    decide(&w, &path, &email, "accept").await;
    decide(&w, &path, &waiting_email, "wait").await;
    let person = lupa::people::store::user_by_email(w.app.db(), &email)
        .await
        .unwrap()
        .unwrap();

    assert_eq!(
        member.get(&format!("{path}/log")).await.status,
        StatusCode::FORBIDDEN
    );
    let removed = w
        .fclient
        .form_post(
            &format!("{path}/members"),
            &format!("{path}/members/{}/remove", person.id),
            &[],
        )
        .await;
    assert_eq!(removed.status, StatusCode::SEE_OTHER);
    let log = w.fclient.get(&format!("{path}/log")).await;
    let rows = log.select(".panel-log tbody tr td:nth-child(2)");
    assert_eq!(rows[0], "Vapautunutta paikkaa tarjottiin");
    assert_eq!(rows[1], "Poistettiin");
    assert!(!emails_to(&w.app, &waiting_email).await.is_empty());
}

#[tokio::test]
async fn a_facilitator_invites_by_email_and_the_link_works_once() {
    let w = world().await;
    let path = create_panel(&w, "Paneeli", "private", "10").await;
    let link = invitation_link(&w, &path, "kutsuttu@yritys.example").await;
    let link_path = link.as_str();

    let client = w.app.new_client();
    let mut fields = company("Kutsuttu Oy");
    fields.push(("display_name", "Kaisa Kutsuttu".into()));
    fields.push(("password", PASSWORD.into()));
    let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let joined = client.form_post(link_path, link_path, &pairs).await;
    assert_eq!(joined.status, StatusCode::SEE_OTHER, "{}", joined.body);
    assert_eq!(
        client.get(&format!("{path}/members")).await.status,
        StatusCode::OK
    );
    assert!(
        log_actions(&w.app)
            .await
            .contains(&"joined-by-invitation".to_owned())
    );
    assert_eq!(
        w.app.new_client().get(link_path).await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn the_members_page_charts_companies_with_a_data_table() {
    let w = world().await;
    let path = create_panel(&w, "Paneeli", "open", "10").await;
    // An open panel seats applicants at once.
    let (client, _) = stranger_applies(&w.app, &path, "Eka Oy").await;
    stranger_applies(&w.app, &path, "Toka Oy").await;
    let page = client.get(&format!("{path}/members")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.exists("#breakdown-industry-title + figure svg[role=img] rect"));
    assert!(
        page.select(".panel-breakdown table tbody th")
            .contains(&"Informaatio ja viestintä".to_owned())
    );
    let counts = page.select(".panel-breakdown table tbody td:nth-child(2)");
    assert_eq!(counts[0], "2");
}

#[tokio::test]
async fn a_private_panel_does_not_exist_for_outsiders() {
    let w = world().await;
    let path = create_panel(&w, "Salainen paneeli", "private", "10").await;
    let (member, email) = stranger_applies(&w.app, &path, "Eka Oy").await;
    decide(&w, &path, &email, "accept").await;
    member
        .form_post(
            &format!("{path}/topics"),
            &format!("{path}/topics"),
            &[("title", "Ensimmäinen aihe"), ("body", "Tekstiä")],
        )
        .await;
    let topic_id = lupa::entities::panel_topic::Entity::find()
        .one(w.app.db())
        .await
        .unwrap()
        .unwrap()
        .post_id;
    set_listed(&w.app, false).await;

    let staff = w.app.create_user(Role::Writer).await;
    let staff_client = w.app.client_for(&staff).await;
    let other = w.app.new_client();
    for client in [&other, &staff_client] {
        for page in [
            path.clone(),
            format!("{path}/topics"),
            format!("{path}/topics/{topic_id}"),
            format!("{path}/members"),
            format!("{path}/apply"),
            format!("{path}/applications"),
            format!("{path}/log"),
        ] {
            assert_eq!(
                client.get(&page).await.status,
                StatusCode::NOT_FOUND,
                "{page}"
            );
        }
        let list = client.get("/panels").await;
        assert!(!list.body.contains("Salainen paneeli"));
    }
    // The member still sees it all.
    assert_eq!(
        member
            .get(&format!("{path}/topics/{topic_id}"))
            .await
            .status,
        StatusCode::OK
    );
    // Listed publicly: the name and description show, the content does not.
    set_listed(&w.app, true).await;
    assert_eq!(other.get(&path).await.status, StatusCode::OK);
    assert_eq!(
        other.get(&format!("{path}/topics")).await.status,
        StatusCode::NOT_FOUND
    );
    assert!(other.get("/panels").await.body.contains("Salainen paneeli"));
}

#[tokio::test]
async fn the_demo_panel_has_fifteen_companies_and_two_topics() {
    let app = TestApp::spawn().await;
    lupa::demo::fill(app.db(), lupa::db::now()).await.unwrap();
    lupa::panels::demo::demo(app.db(), lupa::demo::DEMO_PASSWORD)
        .await
        .unwrap();
    let panel = lupa::panels::store::panel_by_slug(app.db(), "yrityspalvelujen-asiakaspaneeli")
        .await
        .unwrap()
        .unwrap();
    let id = lupa::panels::model::PanelId(panel.id);
    assert_eq!(
        lupa::panels::access::companies(app.db(), id)
            .await
            .unwrap()
            .len(),
        15
    );
    assert_eq!(
        lupa::panels::store::topics_of(app.db(), id)
            .await
            .unwrap()
            .len(),
        2
    );
    // Running it again changes nothing.
    lupa::panels::demo::demo(app.db(), lupa::demo::DEMO_PASSWORD)
        .await
        .unwrap();
    assert_eq!(
        lupa::panels::access::companies(app.db(), id)
            .await
            .unwrap()
            .len(),
        15
    );
}

/// A signed-in applicant sends the join form again (no account fields).
async fn apply_again(client: &TestClient, path: &str, company_name: &str) -> StatusCode {
    let fields = company(company_name);
    let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    client
        .form_post(&format!("{path}/apply"), &format!("{path}/apply"), &pairs)
        .await
        .status
}

async fn withdraw(client: &TestClient, path: &str) -> StatusCode {
    client
        .form_post(path, &format!("{path}/withdraw"), &[])
        .await
        .status
}

#[tokio::test]
async fn an_applicant_withdraws_from_the_queue_and_may_apply_again() {
    let w = world().await;
    let path = create_panel(&w, "Paneeli", "private", "5").await;
    let (applicant, _) = stranger_applies(&w.app, &path, "Eka Oy").await;
    let overview = applicant.get(&path).await;
    assert!(overview.exists("form[action$='/withdraw']"));
    assert!(!overview.exists("a[href$='/apply']"));

    assert_eq!(withdraw(&applicant, &path).await, StatusCode::SEE_OTHER);
    // Gone from the review queue, logged, and the status says so.
    let queue = w.fclient.get(&format!("{path}/applications")).await;
    assert!(!queue.body.contains("Eka Oy"));
    assert_eq!(log_actions(&w.app).await.last().unwrap(), "withdrew");
    let log = w.fclient.get(&format!("{path}/log")).await;
    assert_eq!(
        log.select(".panel-log tbody tr td:nth-child(2)")[0],
        "Hakemus peruttiin"
    );
    let overview = applicant.get(&path).await;
    assert_eq!(overview.text(".panel-application-status"), "Peruttu");
    assert!(!overview.exists("form[action$='/withdraw']"));
    // Nothing left to withdraw.
    assert_eq!(withdraw(&applicant, &path).await, StatusCode::NOT_FOUND);

    // Later they apply again and are back in the queue.
    assert!(overview.exists("a[href$='/apply']"));
    assert_eq!(
        apply_again(&applicant, &path, "Eka Oy").await,
        StatusCode::SEE_OTHER
    );
    let queue = w.fclient.get(&format!("{path}/applications")).await;
    assert!(queue.body.contains("Eka Oy"));
}

#[tokio::test]
async fn withdrawing_from_the_waiting_list_or_an_offered_seat_moves_the_next_one_up() {
    let w = world().await;
    let path = create_panel(&w, "Pieni paneeli", "private", "1").await;
    let (member, member_email) = stranger_applies(&w.app, &path, "Eka Oy").await;
    let (second, second_email) = stranger_applies(&w.app, &path, "Toka Oy").await;
    let (_, third_email) = stranger_applies(&w.app, &path, "Kolmas Oy").await;
    decide(&w, &path, &member_email, "accept").await;
    decide(&w, &path, &second_email, "wait").await;
    decide(&w, &path, &third_email, "wait").await;

    // The first in line withdraws: the list holds only the third.
    assert_eq!(withdraw(&second, &path).await, StatusCode::SEE_OTHER);
    let queue = w.fclient.get(&format!("{path}/applications")).await;
    let waiting = queue.select(".panel-waiting > li");
    assert_eq!(waiting.len(), 1, "{waiting:?}");
    assert!(waiting[0].contains("Kolmas Oy"));

    // A seat frees up and goes to the third, not to the one who withdrew.
    member.form_post(&path, &format!("{path}/leave"), &[]).await;
    assert!(
        emails_to(&w.app, &second_email)
            .await
            .iter()
            .all(|m| !m.subject.contains("vapautui"))
    );
    assert!(
        emails_to(&w.app, &third_email)
            .await
            .last()
            .unwrap()
            .subject
            .contains("vapautui paikka")
    );
    // The one who withdrew may queue again.
    assert_eq!(
        apply_again(&second, &path, "Toka Oy").await,
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        decide(&w, &path, &second_email, "wait").await.status,
        StatusCode::SEE_OTHER
    );

    // The third turns the offered seat down: it goes on to the next in line.
    let third = w.app.new_client();
    third.sign_in(&third_email, PASSWORD).await;
    assert!(third.get(&path).await.exists("form[action$='/take-seat']"));
    assert_eq!(withdraw(&third, &path).await, StatusCode::SEE_OTHER);
    assert!(!third.get(&path).await.exists("form[action$='/take-seat']"));
    assert!(second.get(&path).await.exists("form[action$='/take-seat']"));
    let actions = log_actions(&w.app).await;
    assert_eq!(actions[actions.len() - 2..], ["withdrew", "seat-offered"]);
}

#[tokio::test]
async fn a_second_application_is_filled_in_with_the_company_given_in_the_first() {
    let w = world().await;
    let first = create_panel(&w, "Ensimmäinen paneeli", "private", "15").await;
    let second = create_panel(&w, "Toinen paneeli", "private", "15").await;
    let (client, _) = stranger_applies(&w.app, &first, "Muistava Oy").await;

    // Signed in now: the account is not asked again, and the company is already there.
    let page = client.get(&format!("{second}/apply")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(!page.exists("#email") && !page.exists("#password"));
    assert_eq!(page.attr("#company_name", "value"), ["Muistava Oy"]);
    assert_eq!(page.attr("#business_id", "value"), ["0112038-9"]);
    assert_eq!(page.attr("#industry option[selected]", "value"), ["ict"]);
    assert_eq!(
        page.attr("#region option[selected]", "value"),
        ["pirkanmaa"]
    );
    assert_eq!(
        page.attr("input[name=stage][checked]", "value"),
        ["growing-home"]
    );
    assert_eq!(page.attr("#role_in_company", "value"), ["Toimitusjohtaja"]);
    // Why they apply is about this panel: asked afresh.
    assert_eq!(page.text("#message"), "");

    // Someone who never applied gets an empty form.
    let page = w.fclient.get(&format!("{second}/apply")).await;
    assert_eq!(page.attr("#company_name", "value"), [""]);
}
