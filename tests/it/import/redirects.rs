//! Old addresses of imported posts answer with a 301 to the post, for each shape the old
//! blogs used, and only when the reader may open the post.
use lupa::{auth::Role, blog::model::Visibility, import::model::Format};
use reqwest::StatusCode;

use super::{data, import, import_as, post_titled};
use crate::helpers::{TEST_ORG, TestApp};

#[tokio::test]
async fn each_old_address_shape_answers_with_a_301_to_the_post() {
    let app = TestApp::spawn().await;
    app.setup_site().await;
    app.create_organization(TEST_ORG).await;
    import(&app, Format::Blogger, &data("blogger-classic.xml"))
        .await
        .unwrap();
    import(&app, Format::Blogger, &data("blogger-takeout.atom"))
        .await
        .unwrap();
    import(&app, Format::WordPress, &data("wordpress.xml"))
        .await
        .unwrap();
    let blogger = post_titled(&app, "Asiakaspalvelu uudistuu").await;
    let takeout = post_titled(&app, "Etätyön arki kolmen vuoden jälkeen").await;
    let wordpress = post_titled(&app, "Digituki kirjastoissa").await;
    let dated = post_titled(&app, "Avoin data kunnassa").await;
    let visitor = app.new_client();
    let cases = [
        ("/2009/12/asiakaspalvelu-uudistuu.html", &blogger),
        ("/2021/03/etatyon-arki-kolmen-vuoden-jalkeen.html", &takeout),
        ("/2019/05/digituki-kirjastoissa/", &wordpress),
        ("/2019/05/digituki-kirjastoissa", &wordpress),
        ("/?p=123", &wordpress),
        ("/2019/06/03/avoin-data-kunnassa/", &dated),
        ("/?p=130", &dated),
    ];
    for (old, post) in cases {
        let response = visitor.get(old).await;
        assert_eq!(response.status, StatusCode::MOVED_PERMANENTLY, "{old}");
        assert_eq!(
            response.location().as_deref(),
            Some(format!("/posts/{}", post.slug).as_str()),
            "{old}"
        );
        let followed = visitor.get(&response.location().unwrap()).await;
        assert_eq!(followed.status, StatusCode::OK, "{old}");
    }
    // An address nobody had, and the front page without an old id, are what they were.
    assert_eq!(
        visitor.get("/2009/12/ei-ollut-koskaan.html").await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(visitor.get("/").await.status, StatusCode::OK);
    assert_eq!(visitor.get("/?p=999").await.status, StatusCode::OK);
}

#[tokio::test]
async fn old_addresses_of_drafts_and_members_only_posts_stay_closed_to_those_who_may_not_read_them()
{
    let app = TestApp::spawn().await;
    app.setup_site().await;
    app.create_organization(TEST_ORG).await;
    import_as(
        &app,
        Format::WordPress,
        &data("wordpress.xml"),
        Visibility::Members,
    )
    .await
    .unwrap();
    let post = post_titled(&app, "Digituki kirjastoissa").await;
    let visitor = app.new_client();
    // A draft's old address says nothing about it, even to a member.
    let member = app.client_for(&app.create_user(Role::Member).await).await;
    for client in [&visitor, &member] {
        let draft = client.get("/?p=124").await;
        assert_ne!(draft.status, StatusCode::MOVED_PERMANENTLY);
        assert!(draft.location().is_none());
    }
    // A members-only post: a visitor is not told where it went, a member is.
    let closed = visitor.get("/2019/05/digituki-kirjastoissa/").await;
    assert_eq!(closed.status, StatusCode::NOT_FOUND);
    assert!(!closed.body.contains(&format!("/posts/{}", post.slug)));
    let open = member.get("/2019/05/digituki-kirjastoissa/").await;
    assert_eq!(open.status, StatusCode::MOVED_PERMANENTLY);
    assert_eq!(
        open.location().as_deref(),
        Some(format!("/posts/{}", post.slug).as_str())
    );
}
