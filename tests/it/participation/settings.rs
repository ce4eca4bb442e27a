//! The admin's site settings, the privacy notice and open panels.
use lupa::{
    auth::Role,
    entities::{audit_entry, panel, site_settings},
};
use reqwest::StatusCode;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};
use serde_json::json;

use super::*;
use crate::{fixtures::Client, helpers::private_panel};

#[tokio::test]
async fn the_settings_form_checks_ranges_keeps_the_form_and_audits_changes() {
    let (app, _) = site_with_policy("staff").await;
    let mut fields = settings_fields("registered");
    fields[2].1 = "0".into(); // flags_to_hide
    let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let refused = app
        .form_post("/admin/settings", "/admin/settings", &pairs)
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.exists("#flags_to_hide-error"));
    assert!(
        refused.exists("#comment_policy-registered[checked]"),
        "{}",
        refused.body
    );
    assert_eq!(refused.attr("#flags_to_hide", "value"), ["0"]);

    set_policy(&app, "registered").await;
    let site = site_settings::Entity::find_by_id(1)
        .one(app.db())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(site.comment_policy, "registered");
    let audited = audit_entry::Entity::find()
        .filter(audit_entry::Column::Action.eq("change_settings"))
        .all(app.db())
        .await
        .unwrap();
    let last = audited.last().expect("an audit entry");
    assert!(
        last.before.contains("comment_policy=staff"),
        "{}",
        last.before
    );
    assert!(last.after.contains("comment_policy=registered"));
}

#[tokio::test]
async fn only_admins_reach_the_settings() {
    let (app, _) = site_with_policy("staff").await;
    let editor = app.client_for(&app.create_user(Role::Editor).await).await;
    assert_eq!(
        editor.get("/admin/settings").await.status,
        StatusCode::FORBIDDEN
    );
    let editor_user = app.create_user(Role::Editor).await;
    let api = Client::for_user(&app, &editor_user).await;
    assert_eq!(
        api.get("/api/v1/site/settings").await.status,
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn the_settings_api_uses_the_same_parser() {
    let (app, _) = site_with_policy("staff").await;
    let admin = lupa::people::store::user_by_email(app.db(), crate::helpers::setup_fields().email)
        .await
        .unwrap()
        .unwrap();
    let admin = crate::helpers::TestUser {
        id: admin.id,
        email: admin.email,
        password: PASSWORD.into(),
        display_name: admin.display_name,
        role: Role::Admin,
    };
    let api = Client::for_user(&app, &admin).await;
    let read = api.get("/api/v1/site/settings").await;
    assert_eq!(read.status, StatusCode::OK);
    assert_eq!(read.json["comment_policy"], "staff");
    assert_eq!(read.json["flags_to_hide"], 3);
    let body = json!({"comment_policy": "panel_members", "premoderate_first": 2, "flags_to_hide": 4,
        "newcomer_days": 14, "newcomer_writes_per_hour": 5, "newcomer_links": 200,
        "feedback_retention_months": 12});
    let refused = api.put("/api/v1/site/settings", body.clone()).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused.fields(), ["newcomer_links"]);
    let mut ok = body;
    ok["newcomer_links"] = json!(3);
    let saved = api.put("/api/v1/site/settings", ok).await;
    assert_eq!(saved.status, StatusCode::OK, "{:#}", saved.json);
    assert_eq!(
        api.get("/api/v1/site/settings").await.json["comment_policy"],
        "panel_members"
    );
}

#[tokio::test]
async fn the_privacy_notice_has_a_default_text_in_each_language_and_admins_edit_it() {
    let (app, _) = site_with_policy("staff").await;
    let page = app.new_client().get("/privacy").await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.select("h1"), ["Tietosuojaseloste"]);
    assert!(page.exists("footer a[href='/privacy']"));
    let sv = app.client_with_language("sv").get("/privacy").await;
    assert_eq!(sv.select("h1"), ["Dataskyddsbeskrivning"]);

    let saved = app
        .form_post(
            "/privacy",
            "/privacy",
            &[
                (
                    "privacy_fi",
                    "## Rekisterinpitäjä\n\nKunta <script>x</script>",
                ),
                ("privacy_sv", ""),
                ("privacy_en", "Our notice"),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let page = app.new_client().get("/privacy").await;
    assert_eq!(page.select(".privacy-notice h2"), ["Rekisterinpitäjä"]);
    assert!(!page.body.contains("<script>x"));
    let en = app.client_with_language("en").get("/privacy").await;
    assert!(en.text(".privacy-notice").contains("Our notice"));
    let audited = audit_entry::Entity::find()
        .filter(audit_entry::Column::Action.eq("change_privacy_notice"))
        .all(app.db())
        .await
        .unwrap();
    assert_eq!(audited.len(), 1);
    // Others may not change it.
    let member = app.client_for(&app.create_user(Role::Member).await).await;
    let refused = member
        .form_post("/privacy", "/privacy", &[("privacy_fi", "x")])
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_customer_joins_an_open_panel_at_once_and_stays_a_customer_until_it_is_full() {
    let (app, _) = site_with_policy("registered").await;
    let facilitator = app.create_user(Role::Member).await;
    let p = private_panel(&app, "avoin-paneeli", facilitator.id).await;
    let mut open: panel::ActiveModel = p.clone().into();
    open.visibility = Set("open".into());
    open.open_join = Set(true);
    open.seat_cap = Set(1);
    open.update(app.db()).await.unwrap();
    crate::helpers::seat(&app, p.id, facilitator.id, "facilitator", "", "it").await;

    // Not before the email address is confirmed.
    let (unconfirmed, _) = register(&app, "Vahvistamaton", "uusi@example.fi").await;
    let refused = unconfirmed
        .form_post("/panels/avoin-paneeli", "/panels/avoin-paneeli/join", &[])
        .await;
    assert_eq!(refused.status, StatusCode::SEE_OTHER);
    let told = unconfirmed.get("/panels/avoin-paneeli").await;
    assert!(told.text(".flash").contains("Vahvista"), "{}", told.body);

    let customer = confirmed_customer(&app, "Asiakas Anna", "anna@example.fi").await;
    let page = customer.get("/panels/avoin-paneeli").await;
    assert!(page.exists("#join-panel"), "{}", page.body);
    let joined = customer
        .form_post("/panels/avoin-paneeli", "/panels/avoin-paneeli/join", &[])
        .await;
    assert_eq!(joined.status, StatusCode::SEE_OTHER, "{}", joined.body);
    let anna = lupa::people::store::user_by_email(app.db(), "anna@example.fi")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(anna.user_role(), Some(Role::Customer));
    assert!(
        !customer
            .get("/panels/avoin-paneeli")
            .await
            .exists("#join-panel")
    );

    // The panel is now full (one seat): the next one is told so.
    let bengt = confirmed_customer(&app, "Bengt Kund", "bengt@example.fi").await;
    let full = bengt
        .form_post("/panels/avoin-paneeli", "/panels/avoin-paneeli/join", &[])
        .await;
    assert_eq!(full.status, StatusCode::SEE_OTHER);
    let after = bengt.get("/panels/avoin-paneeli").await;
    assert!(after.text(".flash").contains("täynnä"), "{}", after.body);
}
