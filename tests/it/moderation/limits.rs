//! The limits for new accounts: contributions per hour and links per contribution, refused
//! with 429 and a clear message, the text kept.
use super::*;

#[tokio::test]
async fn a_new_accounts_reply_with_three_links_is_refused_and_the_text_kept() {
    let w = World::new().await;
    let text = "Katso https://a.example, https://b.example ja www.c.example";
    let r = w.reply(&w.cclient, text).await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS, "{}", r.body);
    assert!(r.body.contains("vain muutaman linkin"), "{}", r.body);
    assert_eq!(r.select("textarea#body"), [text]);
    assert!(
        comment::Entity::find()
            .filter(comment::Column::AuthorId.eq(w.customer.id))
            .one(w.app.db())
            .await
            .unwrap()
            .is_none()
    );
    // Two links are fine; staff are never limited.
    let ok = w
        .reply(&w.cclient, "Katso https://a.example ja https://b.example")
        .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER);
    let staff = w.reply(&w.mclient, text).await;
    assert_eq!(staff.status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn a_new_account_sends_five_contributions_an_hour_and_the_sixth_waits() {
    let w = World::new().await;
    for n in 1..=5 {
        let r = w.reply(&w.cclient, &format!("Viesti numero {n}.")).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "reply {n}: {}", r.body);
    }
    let r = w.reply(&w.cclient, "Kuudes viesti.").await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(r.body.contains("rajallisen määrän"), "{}", r.body);
    assert_eq!(r.select("textarea#body"), ["Kuudes viesti."]);
}
