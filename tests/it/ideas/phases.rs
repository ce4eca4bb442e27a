//! The phases: ideas only while collecting, votes only while voting, a form that keeps what
//! was typed, and the facilitator's editor.
use super::*;

#[tokio::test]
async fn ideas_are_collected_first_and_voted_on_after_and_neither_phase_takes_the_other() {
    let w = world().await;
    let task = w.task(Setup::default()).await;
    let a = w.idea(w.member(0), task, "Chat-neuvonta iltaisin").await;
    // The facilitator writes ideas too.
    let b = w.idea(&w.fac, task, "Yksi asiointitili").await;

    // While collecting there is no ballot, and a vote is refused.
    let page = w.member(1).get(&board(task)).await;
    assert!(page.exists("form[action$=\"/ideas\"]"));
    assert!(!page.exists("form[action$=\"/votes\"]"));
    let early = w.vote(w.member(1), task, &[(a, "5")]).await;
    assert_eq!(early.status, StatusCode::BAD_REQUEST, "{}", early.body);

    w.phase(task, "voting").await;

    // Now a new idea is refused, with the form kept and the reason beside it.
    let late = w
        .submit(w.member(2), task, "Myöhäinen idea", "Vielä yksi")
        .await;
    assert_eq!(
        late.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        late.body
    );
    assert_eq!(late.attr("#title", "value"), ["Myöhäinen idea"]);
    assert_eq!(
        late.select("#title-error"),
        ["Ideoita voi lähettää vain ideointivaiheessa."]
    );
    assert_eq!(w.ideas(task).await.len(), 2);
    // And a vote goes through, once per member, changeable (a named task).
    let page = w.member(1).get(&board(task)).await;
    assert!(page.exists(&format!("input[name=q0_o{a}]")));
    assert!(page.exists(&format!("input[name=q0_o{b}]")));
    let voted = w.vote(w.member(1), task, &[(a, "6"), (b, "4")]).await;
    assert_eq!(voted.status, StatusCode::SEE_OTHER, "{}", voted.body);
    let again = w.member(1).get(&board(task)).await;
    assert_eq!(again.attr(&format!("input[name=q0_o{a}]"), "value"), ["6"]);
    // Facilitators run the vote; they do not cast one.
    let facilitator = w.vote(&w.fac, task, &[(a, "6")]).await;
    assert_eq!(facilitator.status, StatusCode::FORBIDDEN);

    w.phase(task, "closed").await;
    let closed = w.vote(w.member(2), task, &[(a, "6")]).await;
    assert_eq!(closed.status, StatusCode::BAD_REQUEST);
    let list = w.member(0).get(&format!("/panels/{SLUG}/tasks")).await;
    assert!(
        list.select(".poll-task .badge")
            .iter()
            .any(|b| b == "Päättynyt")
    );
}

#[tokio::test]
async fn the_ideas_task_form_comes_back_filled_in_with_each_problem_beside_its_field() {
    let w = world().await;
    let page = format!("/panels/{SLUG}/tasks/new-ideas");
    let refused = w
        .fac
        .form_post(
            &page,
            &page,
            &[
                ("title", "Ideakilpailu"),
                ("opens_at", "2030-03-10T09:00"),
                ("voting_opens_at", "2030-03-01T09:00"),
                ("closes_at", "2030-03-20T09:00"),
                ("results", "always"),
                ("method", "dots"),
                ("points", "500"),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused.attr("#title", "value"), ["Ideakilpailu"]);
    assert!(refused.exists("#voting_opens_at[aria-invalid=true]"));
    assert!(refused.exists("#points[aria-invalid=true]"));
    assert_eq!(refused.select(".error-summary li").len(), 2);
    // Members do not write tasks.
    let member = w.member(0).get(&page).await;
    assert_eq!(member.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn once_open_the_settings_members_saw_stay_as_they_were() {
    let w = world().await;
    let task = w.task(Setup::default()).await;
    let edit = format!("{}/edit", board(task));
    let form = w.fac.get(&edit).await;
    assert_eq!(form.status, StatusCode::OK);
    assert_eq!(form.attr("#title", "value"), ["Ideoita asiointiin"]);
    // Hiding the ideas, naming a new method and a new title: only the title changes.
    let voting = form.attr("#voting_opens_at", "value").remove(0);
    let closes = form.attr("#closes_at", "value").remove(0);
    let saved = w
        .fac
        .form_post(
            &edit,
            &edit,
            &[
                ("title", "Ideoita asiointiin 2027"),
                ("opens_at", "2020-01-01T09:00"),
                ("voting_opens_at", &voting),
                ("closes_at", &closes),
                ("results", "facilitators_only"),
                ("method", "ranking"),
                ("points", "10"),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let page = w.member(0).get(&board(task)).await;
    assert_eq!(page.text("h1"), "Ideoita asiointiin 2027");
    let settings = store::settings(w.app.db(), task).await.unwrap().unwrap();
    assert!(
        settings.ideas_visible,
        "whether ideas show is fixed once open"
    );
    // The method may still change while collecting: the vote has not begun.
    assert_eq!(settings.method.as_str(), "ranking");
    let row = lupa::tasks::store::task_in_panel(w.app.db(), w.panel_id, task)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(row.results_visibility, "always");
    assert!(row.opens_at > Utc::now() - Duration::hours(2));
}
