//! WordPress's WXR export.
use lupa::{
    auth::Role,
    entities::{label, user},
    import::model::{Format, SkipReason},
};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, EntityTrait};

use super::{comments_of, data, import, post_titled, skipped};
use crate::helpers::{TEST_ORG, TestApp};

#[tokio::test]
async fn wordpress_export_brings_posts_labels_threads_and_authors() {
    let app = TestApp::spawn().await;
    app.setup_site().await;
    // Ansa works here under another address: her posts are hers, found by her name.
    let ansa = app.create_user(Role::Writer).await;
    rename(&app, ansa.id, "Ansa Asiantuntija").await;

    let summary = import(&app, Format::WordPress, &data("wordpress.xml"))
        .await
        .unwrap();
    assert_eq!((summary.posts, summary.comments), (3, 2), "{summary}");
    assert_eq!(summary.labels_created, 2, "{summary}");
    assert_eq!(summary.authors_matched, 1, "{summary}");
    // Olli (no account here) and Kalle, who commented as a guest.
    assert_eq!(summary.authors_created, 2, "{summary}");
    assert_eq!(skipped(&summary, SkipReason::Page), 1, "{summary}");
    assert_eq!(skipped(&summary, SkipReason::NotAPost), 1, "{summary}");
    assert_eq!(skipped(&summary, SkipReason::Trashed), 1, "{summary}");
    assert_eq!(skipped(&summary, SkipReason::NotApproved), 1, "{summary}");
    assert_eq!(skipped(&summary, SkipReason::Pingback), 1, "{summary}");

    let post = post_titled(&app, "Digituki kirjastoissa").await;
    assert_eq!(post.author_id, ansa.id);
    assert_eq!(
        post.published_at.unwrap().to_rfc3339(),
        "2019-05-20T07:30:00+00:00"
    );
    // Blank lines became paragraphs; the script and the inline style are gone.
    assert!(
        post.body_html.contains("<p>Kirjastoissa voi nyt saada <strong>henkilökohtaista digitukea</strong> joka tiistai.<br>"),
        "{}",
        post.body_html
    );
    assert!(post.body_html.contains("<h2>Mitä tukea saa?</h2>"));
    assert!(!post.body_html.contains("alert") && !post.body_html.contains("style"));
    let page = app.get(&format!("/posts/{}", post.slug)).await;
    let labels = page.select("a[href^='/labels/']").join(",");
    assert!(
        labels.contains("Digituki") && labels.contains("Kirjastot"),
        "{labels}"
    );
    // WordPress's "Uncategorized" is no label.
    let all_labels = label::Entity::find().all(app.db()).await.unwrap();
    assert!(all_labels.iter().all(|l| l.name != "Uncategorized"));

    let thread = comments_of(&app, post.id).await;
    assert_eq!(thread.len(), 2);
    let question = thread.iter().find(|c| c.parent_id.is_none()).unwrap();
    let answer = thread.iter().find(|c| c.parent_id.is_some()).unwrap();
    assert_eq!(answer.parent_id, Some(question.id));
    // Ansa answered as herself (she had an account on the old blog).
    assert_eq!(answer.author_id, ansa.id);
    assert!(
        question
            .body_html
            .contains("<p>Onko tukea myös ruotsiksi?</p>")
    );
    let kalle = user::Entity::find_by_id(question.author_id)
        .one(app.db())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(kalle.display_name, "Kalle Kuntalainen");
    assert!(!kalle.active);

    let olli_post = post_titled(&app, "Avoin data kunnassa").await;
    let olli = user::Entity::find_by_id(olli_post.author_id)
        .one(app.db())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(olli.display_name, "Olli Ohjelmoija");
    assert_eq!(
        olli.organization_id,
        Some(app.create_organization(TEST_ORG).await.id)
    );
    assert!(
        olli.email.ends_with(".invalid"),
        "a placeholder gets no real address"
    );

    let draft = post_titled(&app, "Luonnos: saavutettavuus").await;
    assert_eq!(draft.status, "draft");
    assert_eq!(draft.author_id, olli.id);
}

/// Give a test person the name the export knows them by.
async fn rename(app: &TestApp, id: i32, name: &str) {
    user::ActiveModel {
        id: Set(id),
        display_name: Set(name.to_owned()),
        ..Default::default()
    }
    .update(app.db())
    .await
    .unwrap();
}
