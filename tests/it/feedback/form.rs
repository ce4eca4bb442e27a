//! The public form: sending, the thank-you page, and each bot defence.
use reqwest::StatusCode;

use super::{ORG, count, latest, world};
use crate::helpers::exists;

#[tokio::test]
async fn a_visitor_sends_feedback_and_sees_the_thank_you_page() {
    let w = world().await;
    let visitor = w.app.client_with_language("sv");
    let page = visitor.get(&format!("/feedback/{ORG}")).await;
    assert_eq!(page.select("h1").len(), 1);
    assert!(
        page.exists("a[href='/privacy']"),
        "links the privacy notice"
    );
    assert!(page.exists("div[hidden][aria-hidden=true] input[name=website][tabindex='-1']"));
    assert_eq!(
        page.attr("select#language option[selected]", "value"),
        ["sv"]
    );
    let topic = w.topics[1].to_string();
    let sent = w
        .send(
            &visitor,
            &[
                ("topic", &topic),
                ("body", "Sidan är **bra**"),
                ("email", "Anna@Example.FI"),
                ("may_publish", "yes"),
            ],
        )
        .await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER);
    assert_eq!(
        sent.location().as_deref(),
        Some("/feedback/kaupunki/thanks")
    );
    let thanks = visitor.get("/feedback/kaupunki/thanks").await;
    assert_eq!(thanks.text("h1"), "Tack för din respons");
    let item = latest(&w.app).await;
    assert_eq!(item.topic_id, w.topics[1]);
    assert_eq!(item.email.as_deref(), Some("anna@example.fi"));
    assert_eq!(item.language, "sv");
    assert!(item.may_publish);
    assert_eq!(item.status, "new");
    assert!(item.body_html.contains("<strong>bra</strong>"));
}

#[tokio::test]
async fn missing_fields_are_named_in_the_readers_language_and_the_form_keeps_the_text() {
    let w = world().await;
    let visitor = w.app.client_with_language("en");
    let sent = w
        .send(
            &visitor,
            &[
                ("topic", ""),
                ("body", "Kept text"),
                ("email", "not-an-address"),
            ],
        )
        .await;
    assert_eq!(sent.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(sent.exists(".error-summary a[href='#topic']"));
    assert_eq!(sent.text("#topic-error"), "Choose a topic from the list.");
    assert!(sent.exists("#email[aria-invalid=true]"));
    assert_eq!(sent.text("textarea#body"), "Kept text");
    assert_eq!(count(&w.app).await, 0);
}

#[tokio::test]
async fn a_filled_honeypot_is_refused_with_422_and_nothing_is_saved() {
    let w = world().await;
    let topic = w.topics[0].to_string();
    let sent = w
        .send(
            &w.app.new_client(),
            &[
                ("topic", &topic),
                ("body", "Osta halpaa"),
                ("website", "http://spam.example"),
            ],
        )
        .await;
    assert_eq!(sent.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(sent.exists("#body-error"));
    assert_eq!(sent.text("textarea#body"), "Osta halpaa");
    assert_eq!(count(&w.app).await, 0);
}

#[tokio::test]
async fn a_form_sent_at_once_or_with_a_forged_stamp_is_refused_with_422() {
    let w = world().await;
    let topic = w.topics[0].to_string();
    let just_now = w.stamp_ago(0).await;
    let forged = {
        let genuine = w.stamp_ago(60).await;
        let (secs, mac) = genuine.split_once('.').unwrap();
        format!("{}.{mac}", secs.parse::<i64>().unwrap() - 600)
    };
    for stamp in [just_now.as_str(), forged.as_str(), "", "123.abc"] {
        let sent = w
            .send(
                &w.app.new_client(),
                &[("topic", &topic), ("body", "Nopea"), ("started", stamp)],
            )
            .await;
        assert_eq!(
            sent.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "stamp {stamp:?}"
        );
        assert_eq!(
            sent.text("#body-error"),
            "Lomake lähti liian nopeasti tai se on vanhentunut. Tarkista teksti ja lähetä uudelleen."
        );
    }
    assert_eq!(count(&w.app).await, 0);
}

#[tokio::test]
async fn the_sixth_sending_from_one_address_within_an_hour_is_refused_with_429() {
    let w = world().await;
    for n in 0..5 {
        w.feedback(&format!("Palaute {n}"), "", false, "fi").await;
    }
    let topic = w.topics[0].to_string();
    let sent = w
        .send(
            &w.app.new_client(),
            &[("topic", &topic), ("body", "Kuudes")],
        )
        .await;
    assert_eq!(sent.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(sent.text("textarea#body"), "Kuudes");
    assert!(sent.exists("#body-error"));
    assert_eq!(count(&w.app).await, 5);
}

#[tokio::test]
async fn text_over_the_size_cap_is_refused_with_413_and_kept() {
    let w = world().await;
    let topic = w.topics[0].to_string();
    let long = "a".repeat(lupa::feedback::model::MAX_TEXT_CHARS + 1);
    let sent = w
        .send(&w.app.new_client(), &[("topic", &topic), ("body", &long)])
        .await;
    assert_eq!(sent.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(sent.text("textarea#body").len(), long.len());
    assert_eq!(count(&w.app).await, 0);
}

#[tokio::test]
async fn a_retired_topic_is_not_offered_nor_taken() {
    let w = world().await;
    let editor = w.app.client_for(&w.editor).await;
    let retired = w.topics[0];
    let changed = editor
        .form_post(
            "/feedback/kaupunki/topics",
            &format!("/feedback/kaupunki/topics/{retired}"),
            &[("name", "Aukioloajat"), ("retired", "yes")],
        )
        .await;
    assert_eq!(changed.status, StatusCode::SEE_OTHER, "{}", changed.body);
    let form = w.app.new_client().get("/feedback/kaupunki").await;
    assert!(!exists(&form.body, &format!("option[value='{retired}']")));
    let topic = retired.to_string();
    let sent = w
        .send(
            &w.app.new_client(),
            &[("topic", &topic), ("body", "Vanha aihe")],
        )
        .await;
    assert_eq!(sent.status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn an_unknown_organisation_has_no_form() {
    let w = world().await;
    assert_eq!(
        w.app.new_client().get("/feedback/eiole").await.status,
        StatusCode::NOT_FOUND
    );
}
