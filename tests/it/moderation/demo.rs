//! `lupa demo`'s moderation part: something in the queue for the demo's editors.
use super::*;

#[tokio::test]
async fn the_demo_has_a_held_comment_a_flagged_one_and_one_hidden_by_flags() {
    let app = TestApp::spawn().await;
    lupa::demo::fill(app.db(), lupa::db::now()).await.unwrap();
    let states: Vec<String> = comment::Entity::find()
        .all(app.db())
        .await
        .unwrap()
        .into_iter()
        .map(|c| c.moderation_state)
        .filter(|s| s != "visible")
        .collect();
    assert_eq!(states, ["held", "flagged"]);
    let flags = lupa::entities::flag::Entity::find()
        .all(app.db())
        .await
        .unwrap();
    assert_eq!(
        flags.len(),
        5,
        "two on one comment, three on the hidden one"
    );
    assert!(
        audit_entries(&app)
            .await
            .iter()
            .any(|e| e.action == "auto_hide_by_flags")
    );
    // Running the moderation demo again adds nothing twice.
    lupa::moderation::demo::demo(app.db(), lupa::demo::DEMO_PASSWORD)
        .await
        .unwrap();
    assert_eq!(
        lupa::entities::flag::Entity::find()
            .all(app.db())
            .await
            .unwrap()
            .len(),
        5
    );
}
