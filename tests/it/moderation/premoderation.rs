//! A customer's first contribution waits for a moderator and shows only to them until then.
use super::*;

#[tokio::test]
async fn a_customers_first_reply_waits_for_moderation_and_only_they_see_it() {
    let w = World::new().await;
    let sent = w.reply(&w.cclient, "Hei, olen uusi täällä.").await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    let held = w.comment("Hei, olen uusi täällä.").await;
    assert_eq!(held.moderation_state, "held");

    // Another member of the panel sees neither the reply nor a count that includes it.
    let page = w.mclient.get(&w.topic_path()).await;
    assert!(!page.body.contains("olen uusi"), "{}", page.body);
    assert!(!page.exists(&format!("#comment-{}", held.id)));
    assert_eq!(page.text("#comments-title"), "Ei kommentteja");
    let list = w.mclient.get(&format!("/panels/{SLUG}/topics")).await;
    assert!(
        !list.body.contains(">1<"),
        "the topic list counts no replies"
    );

    // Its author sees it in place, marked as waiting.
    let own = w.cclient.get(&w.topic_path()).await;
    assert!(own.exists(&format!("#comment-{} .comment__moderation", held.id)));
    assert!(
        own.text(".comment__moderation")
            .contains("Odottaa moderointia")
    );

    // Approved, it shows to everyone, and the next reply by the same person shows at once.
    let done = w
        .fclient
        .form_post(
            "/moderation",
            &format!("/moderation/comment/{}/approve", held.id),
            &[],
        )
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    let page = w.mclient.get(&w.topic_path()).await;
    assert!(page.exists(&format!("#comment-{}", held.id)));
    assert!(!page.exists(".comment__moderation"));
    w.reply(&w.cclient, "Toinen viestini.").await;
    assert_eq!(
        w.comment("Toinen viestini.").await.moderation_state,
        "visible"
    );
}

#[tokio::test]
async fn staff_replies_are_never_held() {
    let w = World::new().await;
    w.reply(&w.mclient, "Henkilökunnan vastaus.").await;
    assert_eq!(
        w.comment("Henkilökunnan vastaus.").await.moderation_state,
        "visible"
    );
}

#[tokio::test]
async fn a_customers_first_topic_waits_and_is_missing_from_the_list_for_others() {
    let w = World::new().await;
    let topics = format!("/panels/{SLUG}/topics");
    let created = w
        .cclient
        .form_post(
            &topics,
            &topics,
            &[
                ("title", "Asiakkaan aihe"),
                ("body", "Ensimmäinen aiheeni."),
            ],
        )
        .await;
    assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.body);
    let path = created.location().unwrap();
    let id: i32 = path.rsplit('/').next().unwrap().parse().unwrap();
    assert_eq!(post_by_id(&w.app, id).await.moderation_state, "held");

    assert!(!w.mclient.get(&topics).await.body.contains("Asiakkaan aihe"));
    assert_eq!(w.mclient.get(&path).await.status, StatusCode::NOT_FOUND);
    let reply = w
        .mclient
        .post_form(&format!("{path}/replies"), &[("body", "Vastaus")])
        .await;
    assert_eq!(
        reply.status,
        StatusCode::NOT_FOUND,
        "no replies to a held topic"
    );
    let own = w.cclient.get(&path).await;
    assert_eq!(own.status, StatusCode::OK);
    assert!(own.exists(".post__moderation"));
    // The facilitator finds it in the queue and in place.
    let queue = w.fclient.get("/moderation").await;
    assert!(queue.exists(&format!("#item-post-{id}")), "{}", queue.body);
    assert_eq!(w.fclient.get(&path).await.status, StatusCode::OK);
}

#[tokio::test]
async fn held_replies_are_left_out_of_the_api_thread_and_search() {
    let w = World::new().await;
    w.reply(&w.mclient, "Hakusanaharvinainen näkyvä viesti.")
        .await;
    w.reply(&w.cclient, "Hakusanaharvinainen odottava viesti.")
        .await;
    let held = w.comment("Hakusanaharvinainen odottava viesti.").await;
    w.app.state().search.catch_up().await.unwrap();
    let found = w.mclient.get("/search?q=Hakusanaharvinainen").await;
    assert!(found.body.contains("näkyvä viesti"), "{}", found.body);
    assert!(!found.body.contains("odottava viesti"), "{}", found.body);
    // The JSON thread of a panel topic is the panel's; the blog API leaves it out whole,
    // and the comments' own rule says it is not shown.
    assert!(!lupa::comments::visibility::is_shown(&held));
}
