//! @mentions: handles, who is told, code is not a mention, and an old handle still resolves.
use lupa::notifications::mentions;

use super::*;

async fn handle(w: &World, user_id: i32) -> String {
    mentions::handle_of(w.app.db(), user_id).await.unwrap()
}

async fn write(w: &World, title: &str, body: &str, visibility: &str) -> String {
    let r = w
        .wclient
        .form_post(
            "/posts/new",
            "/posts",
            &[
                ("title", title),
                ("body", body),
                ("labels", ""),
                ("language", "fi"),
                ("visibility", visibility),
                ("status", "published"),
                ("action", "save"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    r.location().unwrap()
}

#[tokio::test]
async fn a_mention_tells_the_person_named_if_they_may_read_it_and_code_mentions_nobody() {
    let w = World::new().await;
    let m = handle(&w, w.member.id).await;
    let c = handle(&w, w.customer.id).await;
    assert!(m.starts_with("testi-member"), "made from the name: {m}");
    write(
        &w,
        "Koodia",
        &format!("Esimerkki: `@{m}` ja\n\n    @{c}\n"),
        "public",
    )
    .await;
    assert!(kinds_of(&w.app, w.member.id).await.is_empty());
    assert!(kinds_of(&w.app, w.customer.id).await.is_empty());

    write(&w, "Sisäinen", &format!("Kiitos @{m} ja @{c}!"), "members").await;
    assert_eq!(kinds_of(&w.app, w.member.id).await, ["mention"]);
    assert!(
        kinds_of(&w.app, w.customer.id).await.is_empty(),
        "the customer may not read a members-only post"
    );
    let page = w.mclient.get("/notifications").await;
    assert!(
        page.text(".notification[data-kind=mention] a")
            .contains("mainitsi sinut")
    );
}

#[tokio::test]
async fn a_changed_handle_is_used_and_the_old_one_still_resolves() {
    let w = World::new().await;
    let old = handle(&w, w.member.id).await;
    let r = w
        .mclient
        .form_post(
            "/settings/notifications",
            "/settings/handle",
            &[("handle", "Ei kelpaa!")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.exists("#handle[aria-invalid=true]"));
    assert_eq!(r.attr("#handle", "value"), ["Ei kelpaa!"], "kept as typed");
    let taken = handle(&w, w.writer.id).await;
    let r = w
        .mclient
        .form_post(
            "/settings/notifications",
            "/settings/handle",
            &[("handle", &taken)],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);

    let r = w
        .mclient
        .form_post(
            "/settings/notifications",
            "/settings/handle",
            &[("handle", "@Kela_Maija")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(handle(&w, w.member.id).await, "kela_maija");
    write(&w, "Uusi nimi", "Hei @kela_maija!", "public").await;
    write(&w, "Vanha nimi", &format!("Hei @{old}!"), "public").await;
    assert_eq!(kinds_of(&w.app, w.member.id).await, ["mention", "mention"]);
}
