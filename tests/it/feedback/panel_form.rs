//! A panel's own public feedback form: off until the panel's settings turn it on, then the
//! same form and defences at `/panels/{slug}/feedback` (page and API), landing in the panel's
//! organisation's inbox marked with the panel, and published to that panel by default.
use lupa::entities::panel;
use reqwest::StatusCode;
use sea_orm::{ActiveModelTrait, ActiveValue::Set};
use serde_json::json;

use super::{ORG, latest, world};
use crate::fixtures::Client;
use crate::helpers::{csrf_from, private_panel, seat};

const SLUG: &str = "asukaspaneeli";

#[tokio::test]
async fn a_panels_form_is_off_until_its_settings_turn_it_on_and_feedback_lands_marked_in_the_inbox()
{
    let w = world().await;
    let org = lupa::people::store::organization_by_short(w.app.db(), ORG)
        .await
        .unwrap()
        .unwrap();
    let made = private_panel(&w.app, SLUG, w.admin.id).await;
    let mut moved: panel::ActiveModel = made.into();
    moved.organization_id = Set(org.id);
    let made = moved.update(w.app.db()).await.unwrap();
    seat(
        &w.app,
        made.id,
        w.member.id,
        "facilitator",
        "Kaupunki",
        "public",
    )
    .await;
    let visitor = w.app.new_client();
    let form = format!("/panels/{SLUG}/feedback");
    assert_eq!(visitor.get(&form).await.status, StatusCode::NOT_FOUND);
    let api = Client::anonymous(&w.app);
    assert_eq!(
        api.get(&format!("/api/v1/panels/{SLUG}/feedback"))
            .await
            .status,
        StatusCode::NOT_FOUND
    );

    // The facilitator turns it on in the panel's settings.
    let facilitator = w.app.client_for(&w.member).await;
    let edit = format!("/panels/{SLUG}/edit");
    let page = facilitator.get(&edit).await;
    assert!(page.exists("input#feedback_form[type=checkbox]:not([checked])"));
    let org_id = org.id.to_string();
    let facilitator_id = w.member.id.to_string();
    let saved = facilitator
        .form_post(
            &edit,
            &edit,
            &[
                ("name", "Asukaspaneeli"),
                ("slug", SLUG),
                ("description", "Kuvaus"),
                ("organization_id", &org_id),
                ("term_start", "2026-01-01"),
                ("term_end", "2031-12-31"),
                ("seat_target", "20"),
                ("seat_cap", "40"),
                ("visibility", "private"),
                ("feedback_form", "yes"),
                ("facilitators", &facilitator_id),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    assert!(
        facilitator
            .get(&edit)
            .await
            .exists("input#feedback_form[checked]")
    );

    // The form, for anyone, named after the panel.
    let shown = visitor.get(&form).await;
    assert_eq!(shown.status, StatusCode::OK);
    assert!(shown.text("h1").contains("Asukaspaneeli"), "{}", shown.body);
    assert_eq!(shown.attr("form.feedback-form", "action"), [form.as_str()]);
    // Refused input comes back filled in, from the panel's form.
    let token = csrf_from(&shown.body).unwrap();
    let stamp = w.stamp_ago(60).await;
    let topic = w.topics[0].to_string();
    let refused = visitor
        .post_raw(
            &form,
            &[
                ("csrf_token", &token),
                ("started", &stamp),
                ("topic", &topic),
                ("body", ""),
                ("email", "asukas@example.fi"),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused.attr("#email", "value"), ["asukas@example.fi"]);
    assert_eq!(
        refused.attr("form.feedback-form", "action"),
        [form.as_str()]
    );
    let sent = visitor
        .post_raw(
            &form,
            &[
                ("csrf_token", &token),
                ("started", &stamp),
                ("topic", &topic),
                ("body", "Paneelin kautta tullut toive"),
                ("may_publish", "yes"),
            ],
        )
        .await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    assert_eq!(sent.location().as_deref(), Some(&*format!("{form}/thanks")));
    assert_eq!(
        visitor.get(&format!("{form}/thanks")).await.status,
        StatusCode::OK
    );
    let item = latest(&w.app).await;
    assert_eq!(item.panel_id, Some(made.id));
    assert_eq!(item.organization_id, org.id);

    // In the inbox, marked; publishing offers the panel first.
    let base = format!("/feedback/{ORG}/inbox/{}", item.id);
    let page = facilitator.get(&base).await;
    assert!(
        page.text(".feedback-through-panel")
            .contains("Asukaspaneeli"),
        "{}",
        page.body
    );
    assert_eq!(
        page.attr("#target option[selected]", "value"),
        [format!("panel:{SLUG}")]
    );

    // The API door: the same form data, and a sending that records the panel.
    let data = api.get(&format!("/api/v1/panels/{SLUG}/feedback")).await;
    assert_eq!(data.status, StatusCode::OK);
    assert_eq!(data.json["panel"]["slug"], SLUG);
    let stamp = w.stamp_ago(60).await;
    let sent = api
        .post(
            &format!("/api/v1/panels/{SLUG}/feedback"),
            json!({ "topic": w.topics[1], "body": "API:n kautta paneelille", "started": stamp }),
        )
        .await;
    assert_eq!(sent.status, StatusCode::CREATED, "{:?}", sent.json);
    assert_eq!(latest(&w.app).await.panel_id, Some(made.id));
    let staff = Client::for_user(&w.app, &w.member).await;
    let listed = staff
        .get(&format!("/api/v1/feedback/{ORG}/items/{}", sent.json["id"]))
        .await;
    assert_eq!(listed.json["panel_id"], made.id, "{:?}", listed.json);
}
