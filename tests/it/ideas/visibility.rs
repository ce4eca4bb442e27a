//! Who sees ideas: a task that hides them shows a member only their own until voting (pages,
//! API and search alike), and nobody outside the panel sees any — pages, API or search.
use lupa::tasks::ideas::service::reveal_due;
use sea_orm::{ActiveModelTrait, ActiveValue::Set};

use super::*;
use crate::fixtures::Client;

/// The titles and addresses of `client`'s search hits for `q`.
async fn hits(client: &TestClient, q: &str) -> Vec<(String, String)> {
    let page = client.get(&format!("/search?q={q}")).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    page.select(".search-hit__title a")
        .into_iter()
        .zip(page.attr(".search-hit__title a", "href"))
        .collect()
}

#[tokio::test]
async fn hidden_ideas_show_a_member_only_their_own_until_voting_begins() {
    let w = world().await;
    let task = w
        .task(Setup {
            visible: false,
            ..Setup::default()
        })
        .await;
    let mine = w.idea(w.member(0), task, "Oma ideani").await;
    let theirs = w.idea(w.member(1), task, "Toisen idea").await;

    assert_eq!(w.board_titles(w.member(0), task).await, ["Oma ideani"]);
    let page = w.member(0).get(&board(task)).await;
    assert_eq!(
        page.select(".ideas-not-shown"),
        ["Lisäksi 1 muiden kirjaama idea, joka näkyy, kun äänestys alkaa."]
    );
    assert_eq!(
        w.member(0).get(&idea_path(task, theirs)).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        w.member(0).get(&idea_path(task, mine)).await.status,
        StatusCode::OK
    );
    // The API the same way.
    let api = Client::for_user(&w.app, &w.members[0].0).await;
    let listed = api
        .get(&format!("/api/v1/panels/{SLUG}/tasks/{task}/ideas"))
        .await;
    assert_eq!(listed.status, StatusCode::OK);
    let titles: Vec<&str> = listed.json["ideas"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["title"].as_str().unwrap())
        .collect();
    assert_eq!(titles, ["Oma ideani"]);
    assert_eq!(listed.json["not_shown"], 1);
    assert_eq!(
        api.get(&format!(
            "/api/v1/panels/{SLUG}/tasks/{task}/ideas/{theirs}"
        ))
        .await
        .status,
        StatusCode::NOT_FOUND
    );
    // Facilitators see every idea.
    let mut all = w.board_titles(&w.fac, task).await;
    all.sort();
    assert_eq!(all, ["Oma ideani", "Toisen idea"]);

    w.phase(task, "voting").await;
    let mut now_shown = w.board_titles(w.member(0), task).await;
    now_shown.sort();
    assert_eq!(now_shown, ["Oma ideani", "Toisen idea"]);
}

#[tokio::test]
async fn members_of_another_panel_and_visitors_see_no_ideas_anywhere() {
    let w = world().await;
    let task = w.task(Setup::default()).await;
    let idea = w.idea(w.member(0), task, "Tuulivoimalaneuvonta").await;
    w.app.state().search.catch_up().await.unwrap();

    let visitor = w.app.new_client();
    for client in [&w.stranger, &visitor] {
        for path in [board(task), idea_path(task, idea)] {
            let page = client.get(&path).await;
            assert_eq!(page.status, StatusCode::NOT_FOUND, "{path}");
        }
        let submitted = client
            .post_form(&format!("{}/ideas", board(task)), &[("title", "Murto")])
            .await;
        assert!(!submitted.status.is_success(), "{}", submitted.status);
    }
    assert!(w.ideas(task).await.iter().all(|i| i.title != "Murto"));
    let stranger_api = Client::for_user(&w.app, &w.stranger_user).await;
    for path in [
        format!("/api/v1/panels/{SLUG}/tasks/{task}/ideas"),
        format!("/api/v1/panels/{SLUG}/tasks/{task}/ideas/{idea}"),
    ] {
        assert_eq!(stranger_api.get(&path).await.status, StatusCode::NOT_FOUND);
        assert_eq!(
            Client::anonymous(&w.app).get(&path).await.status,
            StatusCode::NOT_FOUND
        );
    }
    // Search finds the idea for the panel's member, at the task's page, and for nobody else.
    let found = hits(w.member(1), "Tuulivoimalaneuvonta").await;
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].1, board(task));
    assert!(hits(&w.stranger, "Tuulivoimalaneuvonta").await.is_empty());
    assert!(hits(&visitor, "Tuulivoimalaneuvonta").await.is_empty());
}

#[tokio::test]
async fn hidden_ideas_reach_search_once_voting_begins_by_the_date_and_only_once() {
    let w = world().await;
    let task = w
        .task(Setup {
            visible: false,
            ..Setup::default()
        })
        .await;
    w.idea(w.member(0), task, "Kuunsiltapalvelu").await;
    w.app.state().search.catch_up().await.unwrap();
    // Hidden from the other members while collecting: not in search for them.
    assert!(hits(w.member(1), "Kuunsiltapalvelu").await.is_empty());
    assert_eq!(reveal_due(w.app.db(), Utc::now()).await.unwrap(), 0);

    // The voting day comes by the date (no write notices it): the pass queues the task once.
    let row = lupa::entities::tasks::idea_task::Entity::find_by_id(task)
        .one(w.app.db())
        .await
        .unwrap()
        .unwrap();
    let mut active: lupa::entities::tasks::idea_task::ActiveModel = row.into();
    active.voting_opens_at = Set(Utc::now() - Duration::minutes(1));
    active.update(w.app.db()).await.unwrap();
    assert_eq!(reveal_due(w.app.db(), Utc::now()).await.unwrap(), 1);
    assert_eq!(reveal_due(w.app.db(), Utc::now()).await.unwrap(), 0);
    w.app.state().search.catch_up().await.unwrap();
    let found = hits(w.member(1), "Kuunsiltapalvelu").await;
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(hits(&w.stranger, "Kuunsiltapalvelu").await.is_empty());
}

#[tokio::test]
async fn a_held_idea_waits_for_a_facilitator_and_a_hidden_one_leaves_the_ballot() {
    let w = world().await;
    let task = w.task(Setup::default()).await;
    let kept = w.idea(w.member(0), task, "Selkokieliset päätökset").await;
    let gone = w.idea(w.member(1), task, "Mainos: osta tästä").await;
    let page = idea_path(task, gone);
    let hidden = w
        .fac
        .form_post(&page, &format!("{page}/moderate"), &[("action", "hide")])
        .await;
    assert_eq!(hidden.status, StatusCode::SEE_OTHER, "{}", hidden.body);
    // Its author still sees it, marked; other members do not.
    assert_eq!(w.member(1).get(&page).await.status, StatusCode::OK);
    assert_eq!(w.member(2).get(&page).await.status, StatusCode::NOT_FOUND);
    assert_eq!(
        w.board_titles(w.member(2), task).await,
        ["Selkokieliset päätökset"]
    );
    w.phase(task, "voting").await;
    let ballot = w.member(2).get(&board(task)).await;
    assert!(ballot.exists(&format!("input[name=q0_o{kept}]")));
    assert!(!ballot.exists(&format!("input[name=q0_o{gone}]")));
    // Members do not moderate.
    let refused = w
        .member(2)
        .post_form(&format!("{page}/moderate"), &[("action", "show")])
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
}
