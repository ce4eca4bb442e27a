//! Panel rules: versions and their history, accepting them when joining (every door) and
//! after a change, the facilitators' view of who has accepted, the API, personal data and
//! erasure, and who may read, edit and accept (a table of roles, pages and API).
use lupa::{
    data_rights::archive,
    entities::{panel_log, panel_rules_acceptance, user},
    people::service::RemovedBy,
};

use super::api::{api, token_for};
use super::*;
use crate::helpers::{TestUser, private_panel, seat};

const RULES_1: &str = "1. Kunnioitamme toisiamme.\n2. Yritysten tiedot jäävät paneeliin.";
const RULES_2: &str = "1. Kunnioitamme toisiamme.\n2. Yritysten tiedot jäävät paneeliin.\n3. Muistiinpanot ilman nimiä.";

/// Save a version through the editor as `client`.
async fn write_rules(
    client: &TestClient,
    path: &str,
    body: &str,
    note: &str,
) -> crate::helpers::TestResponse {
    let edit = format!("{path}/rules/edit");
    client
        .form_post(&edit, &edit, &[("body", body), ("note", note)])
        .await
}

async fn accepted(app: &TestApp, user_id: i32) -> Option<i32> {
    panel_rules_acceptance::Entity::find()
        .filter(panel_rules_acceptance::Column::UserId.eq(user_id))
        .one(app.db())
        .await
        .unwrap()
        .map(|a| a.version)
}

#[tokio::test]
async fn each_save_is_a_new_version_with_history_and_old_versions_stay_readable() {
    let w = world().await;
    let path = create_panel(&w, "Sääntöpaneeli", "private", "10").await;
    // No rules yet: the page says so, and the facilitator gets the editor link.
    let empty = w.fclient.get(&format!("{path}/rules")).await;
    assert_eq!(empty.status, StatusCode::OK);
    assert!(empty.exists("#rules-empty"));
    assert!(empty.exists("a#rules-edit"));
    assert!(empty.exists(&format!(".panel-nav a[href=\"{path}/rules\"]")));

    let saved = write_rules(&w.fclient, &path, RULES_1, "").await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let saved = write_rules(&w.fclient, &path, RULES_2, "Lisättiin kohta 3.").await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);

    let page = w.fclient.get(&format!("{path}/rules")).await;
    assert!(
        page.text("#rules-version").contains("Versio 2"),
        "{}",
        page.body
    );
    assert!(page.text("#rules-version").contains("Lisättiin kohta 3."));
    assert_eq!(page.select("#rules-text li").len(), 3);

    let history = w.fclient.get(&format!("{path}/rules/history")).await;
    assert_eq!(history.select("#rules-versions > li").len(), 2);
    let old = w.fclient.get(&format!("{path}/rules/versions/1")).await;
    assert_eq!(old.status, StatusCode::OK);
    assert!(old.exists("#rules-old-note"));
    assert_eq!(old.select("#rules-text li").len(), 2);
    let missing = w.fclient.get(&format!("{path}/rules/versions/9")).await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);

    // Empty text is refused with the form kept.
    let refused = write_rules(&w.fclient, &path, "  ", "Tyhjä").await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.exists("#body[aria-invalid=true]"));
    assert_eq!(refused.attr("#note", "value"), ["Tyhjä"]);

    // The panel log records both versions.
    let logged = panel_log::Entity::find()
        .filter(panel_log::Column::Action.eq("rules-changed"))
        .all(w.app.db())
        .await
        .unwrap();
    assert_eq!(logged.len(), 2);
}

/// A newcomer's join fields: the company's, and the account's (no email on an invitation,
/// which has its own).
fn newcomer(company_name: &str, email: Option<&str>, name: &str) -> Vec<(&'static str, String)> {
    let mut fields = company(company_name);
    if let Some(e) = email {
        fields.push(("email", e.into()));
    }
    fields.push(("display_name", name.into()));
    fields.push(("password", PASSWORD.into()));
    fields
}

async fn send(
    client: &TestClient,
    form: &str,
    fields: &[(&'static str, String)],
) -> crate::helpers::TestResponse {
    let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    client.form_post(form, form, &pairs).await
}

/// Send a join form without the rules box (refused with 422, the form kept filled in and
/// the error on the box), then with it (joined or applied, the version recorded).
async fn refused_then_accepted(
    w: &World,
    form: &str,
    fields: Vec<(&'static str, String)>,
    email: &str,
) {
    let client = w.app.new_client();
    let shown = client.get(form).await;
    assert!(
        shown.exists("input#accept_rules[type=checkbox]"),
        "{}",
        shown.body
    );
    assert!(shown.exists("#join-rules-text li"));
    let refused = send(&client, form, &fields).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.exists("#accept_rules[aria-invalid=true]"));
    assert!(
        refused
            .text("#accept_rules-error")
            .contains("Hyväksy paneelin säännöt"),
        "{}",
        refused.body
    );
    assert_eq!(
        refused.attr("#company_name", "value"),
        [fields[0].1.clone()]
    );
    let mut fields = fields;
    fields.push(("accept_rules", "yes".into()));
    let sent = send(&client, form, &fields).await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    let person = user::Entity::find()
        .filter(user::Column::Email.eq(email))
        .one(w.app.db())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(accepted(&w.app, person.id).await, Some(1));
}

#[tokio::test]
async fn an_application_needs_the_rules_accepted_and_records_the_version() {
    let w = world().await;
    let path = create_panel(&w, "Hakupaneeli", "private", "10").await;
    write_rules(&w.fclient, &path, RULES_1, "").await;
    let email = "saanto@yritys.example";
    let fields = newcomer("Sääntö Oy", Some(email), "Sanna Sääntö");
    refused_then_accepted(&w, &format!("{path}/apply"), fields, email).await;
}

#[tokio::test]
async fn the_refusal_is_in_the_readers_language() {
    let w = world().await;
    let path = create_panel(&w, "Kielipaneeli", "private", "10").await;
    write_rules(&w.fclient, &path, RULES_1, "").await;
    let client = w.app.client_with_language("en");
    let fields = newcomer("Language Ltd", Some("lang@yritys.example"), "Lena Lang");
    let refused = send(&client, &format!("{path}/apply"), &fields).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused
            .text("#accept_rules-error")
            .contains("Accept the panel's rules"),
        "{}",
        refused.body
    );
}

#[tokio::test]
async fn an_invitation_needs_the_rules_accepted() {
    let w = world().await;
    let path = create_panel(&w, "Kutsupaneeli", "private", "10").await;
    write_rules(&w.fclient, &path, RULES_1, "").await;
    let email = "kutsuttu@yritys.example";
    let link = invitation_link(&w, &path, email).await;
    let fields = newcomer("Kutsu Oy", None, "Kalle Kutsuttu");
    refused_then_accepted(&w, &link, fields, email).await;
}

#[tokio::test]
async fn joining_an_open_panel_at_once_needs_the_rules_accepted() {
    let w = world().await;
    let path = create_panel(&w, "Avoin sääntöpaneeli", "open", "10").await;
    let row = lupa::entities::panel::Entity::find()
        .one(w.app.db())
        .await
        .unwrap()
        .unwrap();
    let mut active: lupa::entities::panel::ActiveModel = row.into();
    active.open_join = Set(true);
    active.update(w.app.db()).await.unwrap();
    write_rules(&w.fclient, &path, RULES_1, "").await;

    let joiner = w.app.create_user(Role::Customer).await;
    let client = w.app.client_for(&joiner).await;
    let overview = client.get(&path).await;
    assert!(overview.exists("a#join-panel-rules"), "{}", overview.body);
    let join = format!("{path}/join");
    let refused = client.form_post(&format!("{path}/rules"), &join, &[]).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.exists("#accept_rules[aria-invalid=true]"));
    assert!(refused.exists("#rules-text li"));
    let joined = client
        .form_post(&format!("{path}/rules"), &join, &[("accept_rules", "yes")])
        .await;
    assert_eq!(joined.status, StatusCode::SEE_OTHER, "{}", joined.body);
    assert_eq!(accepted(&w.app, joiner.id).await, Some(1));

    // Through the API the same: without `accept_rules` 422, with it joined.
    let other = w.app.create_user(Role::Customer).await;
    let token = token_for(&w.app, other.id).await;
    let slug = path.trim_start_matches("/panels/");
    let (status, body) = api(
        &w.app,
        reqwest::Method::POST,
        &format!("/api/v1/panels/{slug}/join"),
        Some(&token),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert!(body.to_string().contains("accept_rules"), "{body}");
    let (status, _) = api(
        &w.app,
        reqwest::Method::POST,
        &format!("/api/v1/panels/{slug}/join?accept_rules=true"),
        Some(&token),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(accepted(&w.app, other.id).await, Some(1));
}

/// A private panel with rules (one version), a seated member who accepted it, and the
/// facilitator's client.
struct Ruled {
    w: World,
    path: String,
    slug: String,
    member: TestUser,
    mclient: TestClient,
}

async fn ruled() -> Ruled {
    let w = world().await;
    let path = create_panel(&w, "Paneeli säännöin", "private", "10").await;
    let slug = path.trim_start_matches("/panels/").to_owned();
    let panel = lupa::entities::panel::Entity::find()
        .one(w.app.db())
        .await
        .unwrap()
        .unwrap();
    let member = w.app.create_user(Role::Panelist).await;
    seat(&w.app, panel.id, member.id, "member", "Jäsen Oy", "ict").await;
    let mclient = w.app.client_for(&member).await;
    write_rules(&w.fclient, &path, RULES_1, "").await;
    Ruled {
        w,
        path,
        slug,
        member,
        mclient,
    }
}

#[tokio::test]
async fn after_a_change_members_see_a_notice_until_they_accept_and_facilitators_see_who_has() {
    let r = ruled().await;
    // Seated before the rules existed: asked to accept, and still reads everything.
    let topics = r.mclient.get(&format!("{}/topics", r.path)).await;
    assert_eq!(topics.status, StatusCode::OK);
    assert!(topics.exists("#rules-notice"), "{}", topics.body);
    let accept = format!("{}/rules/accept", r.path);
    let done = r.mclient.form_post(&r.path, &accept, &[]).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER);
    assert_eq!(accepted(&r.w.app, r.member.id).await, Some(1));
    assert!(!r.mclient.get(&r.path).await.exists("#rules-notice"));

    let fpage = r.w.fclient.get(&format!("{}/rules", r.path)).await;
    assert!(fpage.select("#rules-not-yet li").is_empty());
    assert!(fpage.text("#rules-acceptance-table").contains("Jäsen Oy"));

    write_rules(&r.w.fclient, &r.path, RULES_2, "Uusi kohta").await;
    let overview = r.mclient.get(&r.path).await;
    assert!(overview.exists("#rules-notice form[action$=\"/rules/accept\"]"));
    let fpage = r.w.fclient.get(&format!("{}/rules", r.path)).await;
    assert_eq!(fpage.select("#rules-not-yet li").len(), 1);
    assert!(fpage.text("#rules-not-yet").contains("Jäsen Oy"));

    // The API says the same and accepts.
    let token = token_for(&r.w.app, r.member.id).await;
    let rules_path = format!("/api/v1/panels/{}/rules", r.slug);
    let (_, body) = api(
        &r.w.app,
        reqwest::Method::GET,
        &rules_path,
        Some(&token),
        None,
    )
    .await;
    assert_eq!(body["version"], 2);
    assert_eq!(body["accepted_version"], 1);
    assert_eq!(body["acceptance_pending"], true);
    let (status, body) = api(
        &r.w.app,
        reqwest::Method::POST,
        &format!("{rules_path}/accept"),
        Some(&token),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["accepted_version"], 2);
    let ftoken = token_for(&r.w.app, r.w.facilitator.id).await;
    let (status, body) = api(
        &r.w.app,
        reqwest::Method::GET,
        &format!("{rules_path}/acceptances"),
        Some(&ftoken),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["current_version"], 2);
    let members = body["members"].as_array().unwrap();
    assert!(members.iter().all(|m| m["pending"] == false), "{body}");
    assert!(!r.mclient.get(&r.path).await.exists("#rules-notice"));
}

#[tokio::test]
async fn the_api_saves_versions_and_reads_history_with_the_same_parser() {
    let r = ruled().await;
    let ftoken = token_for(&r.w.app, r.w.facilitator.id).await;
    let rules_path = format!("/api/v1/panels/{}/rules", r.slug);
    let (status, body) = api(
        &r.w.app,
        reqwest::Method::PUT,
        &rules_path,
        Some(&ftoken),
        Some(serde_json::json!({ "body_md": " ", "note": "" })),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body.to_string().contains("\"body\""), "{body}");
    let (status, body) = api(
        &r.w.app,
        reqwest::Method::PUT,
        &rules_path,
        Some(&ftoken),
        Some(serde_json::json!({ "body_md": RULES_2, "note": "Rajapinnasta" })),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["version"], 2);
    assert_eq!(body["note"], "Rajapinnasta");
    let (_, history) = api(
        &r.w.app,
        reqwest::Method::GET,
        &format!("{rules_path}/history"),
        Some(&ftoken),
        None,
    )
    .await;
    let numbers: Vec<i64> = history["versions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["version"].as_i64().unwrap())
        .collect();
    assert_eq!(numbers, [2, 1]);
    let (status, one) = api(
        &r.w.app,
        reqwest::Method::GET,
        &format!("{rules_path}/versions/1"),
        Some(&ftoken),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(one["body_md"], RULES_1);
}

#[tokio::test]
async fn acceptances_are_in_a_persons_data_and_go_with_erasure_while_written_versions_stay() {
    let r = ruled().await;
    let accept = format!("{}/rules/accept", r.path);
    r.mclient.form_post(&r.path, &accept, &[]).await;
    let row = user::Entity::find_by_id(r.member.id)
        .one(r.w.app.db())
        .await
        .unwrap()
        .unwrap();
    let data = archive::collect(r.w.app.db(), &row).await.unwrap();
    assert_eq!(data["panel_rules"][0]["rules_version"], 1);
    assert_eq!(data["panel_rules"][0]["panel"], "Paneeli säännöin");
    for id in [r.member.id, r.w.facilitator.id] {
        lupa::data_rights::erase::erase_records(
            r.w.app.db(),
            id,
            RemovedBy::Themself,
            lupa::data_rights::erase::Former::default(),
        )
        .await
        .unwrap();
    }
    assert_eq!(accepted(&r.w.app, r.member.id).await, None);
    // The version the erased facilitator wrote keeps its text, under a former participant.
    let page = r.w.app.get(&format!("{}/rules", r.path)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.select("#rules-text li").len(), 2);
    assert!(
        !page
            .text("#rules-version")
            .contains(&r.w.facilitator.display_name),
        "{}",
        page.text("#rules-version")
    );
}

/// Who, as whom (none: signed out), and the statuses the pages and the API answer them.
type Expected<'a> = (
    &'a str,
    Option<&'a TestUser>,
    [StatusCode; 4],
    [StatusCode; 4],
);

/// What each kind of person gets from the rules' pages and API on a private, unlisted panel.
#[tokio::test]
async fn who_may_read_edit_and_accept_the_rules() {
    let app = TestApp::spawn().await;
    let admin = app.setup_site().await;
    let facilitator = app.create_user(Role::Member).await;
    let member = app.create_user(Role::Panelist).await;
    let customer = app.create_user(Role::Customer).await;
    let staff = app.create_user(Role::Member).await;
    let editor = app.create_user(Role::Editor).await;
    let panel = private_panel(&app, "salainen", admin.id).await;
    seat(&app, panel.id, facilitator.id, "facilitator", "", "ict").await;
    seat(&app, panel.id, member.id, "member", "Jäsen Oy", "ict").await;
    let fclient = app.client_for(&facilitator).await;
    let saved = write_rules(&fclient, "/panels/salainen", RULES_1, "").await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);

    use StatusCode as S;
    // (who, read, edit form, save, accept) for the pages; then the API's (read, save, accept,
    // acceptances).
    let people: Vec<Expected> = vec![
        (
            "visitor",
            None,
            [S::NOT_FOUND, S::NOT_FOUND, S::SEE_OTHER, S::SEE_OTHER],
            [
                S::NOT_FOUND,
                S::UNAUTHORIZED,
                S::UNAUTHORIZED,
                S::UNAUTHORIZED,
            ],
        ),
        (
            "customer",
            Some(&customer),
            [S::NOT_FOUND; 4],
            [S::NOT_FOUND; 4],
        ),
        (
            "staff outside",
            Some(&staff),
            [S::NOT_FOUND; 4],
            [S::NOT_FOUND; 4],
        ),
        (
            "editor outside",
            Some(&editor),
            [S::NOT_FOUND; 4],
            [S::NOT_FOUND; 4],
        ),
        (
            "member",
            Some(&member),
            [S::OK, S::FORBIDDEN, S::FORBIDDEN, S::SEE_OTHER],
            [S::OK, S::FORBIDDEN, S::OK, S::FORBIDDEN],
        ),
        (
            "facilitator",
            Some(&facilitator),
            [S::OK, S::OK, S::SEE_OTHER, S::SEE_OTHER],
            [S::OK, S::OK, S::OK, S::OK],
        ),
        (
            "admin",
            Some(&admin),
            [S::OK, S::OK, S::SEE_OTHER, S::SEE_OTHER],
            [S::OK, S::OK, S::OK, S::OK],
        ),
    ];
    for (who, person, pages, apis) in people {
        let client = match person {
            Some(p) => app.client_for(p).await,
            None => app.new_client(),
        };
        let read = client.get("/panels/salainen/rules").await.status;
        let edit = client.get("/panels/salainen/rules/edit").await.status;
        let save = client
            .post_form(
                "/panels/salainen/rules/edit",
                &[("body", RULES_2), ("note", "")],
            )
            .await
            .status;
        let accept = client
            .post_form("/panels/salainen/rules/accept", &[])
            .await
            .status;
        assert_eq!([read, edit, save, accept], pages, "pages for {who}");
        if who == "visitor" {
            // A visitor's writes go to the sign-in page.
            let to = client
                .post_form("/panels/salainen/rules/accept", &[])
                .await
                .location()
                .unwrap_or_default();
            assert!(to.starts_with("/sign-in"), "{to}");
        }
        let token = match person {
            Some(p) => Some(token_for(&app, p.id).await),
            None => None,
        };
        let t = token.as_deref();
        let base = "/api/v1/panels/salainen/rules";
        let read = api(&app, reqwest::Method::GET, base, t, None).await.0;
        let save = api(
            &app,
            reqwest::Method::PUT,
            base,
            t,
            Some(serde_json::json!({ "body_md": RULES_1 })),
        )
        .await
        .0;
        let accept = api(
            &app,
            reqwest::Method::POST,
            &format!("{base}/accept"),
            t,
            None,
        )
        .await
        .0;
        let list = api(
            &app,
            reqwest::Method::GET,
            &format!("{base}/acceptances"),
            t,
            None,
        )
        .await
        .0;
        assert_eq!([read, save, accept, list], apis, "API for {who}");
    }
}
