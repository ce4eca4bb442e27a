//! Voting: the dots budget, rankings counted as hand-computed Borda points, breakdowns and the
//! CSV, and an anonymous task that keeps no trace of who wrote or voted what.
use lupa::entities::tasks::{answer_set, idea_credit};
use sea_orm::PaginatorTrait;

use super::*;

#[tokio::test]
async fn a_dot_vote_over_the_budget_is_refused_with_the_votes_kept() {
    let w = world().await;
    let task = w
        .task(Setup {
            points: "5",
            ..Setup::default()
        })
        .await;
    let a = w.idea(w.member(0), task, "Idea A").await;
    let b = w.idea(w.member(1), task, "Idea B").await;
    w.phase(task, "voting").await;

    let over = w.vote(w.member(2), task, &[(a, "4"), (b, "2")]).await;
    assert_eq!(
        over.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        over.body
    );
    assert_eq!(
        over.select("#ballot-error"),
        ["Voit jakaa enintään 5 pistettä; nyt annoit 6."]
    );
    assert_eq!(over.attr(&format!("input[name=q0_o{a}]"), "value"), ["4"]);
    assert_eq!(
        answer_set::Entity::find()
            .filter(answer_set::Column::TaskId.eq(task))
            .count(w.app.db())
            .await
            .unwrap(),
        0
    );
    let within = w.vote(w.member(2), task, &[(a, "3"), (b, "2")]).await;
    assert_eq!(within.status, StatusCode::SEE_OTHER, "{}", within.body);
    // The API names the problem under `votes`.
    let api = crate::fixtures::Client::for_user(&w.app, &w.members[1].0).await;
    let refused = api
        .put(
            &format!("/api/v1/panels/{SLUG}/tasks/{task}/votes"),
            serde_json::json!({"points": {a.to_string(): 5, b.to_string(): 1}}),
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused.fields(), ["votes"]);
}

#[tokio::test]
async fn ranking_results_are_borda_points_as_counted_by_hand() {
    let w = world().await;
    let task = w
        .task(Setup {
            method: "ranking",
            ..Setup::default()
        })
        .await;
    let a = w.idea(w.member(0), task, "Idea A").await;
    let b = w.idea(w.member(1), task, "Idea B").await;
    let c = w.idea(w.member(2), task, "Idea C").await;
    w.phase(task, "voting").await;
    // Places given by the three members (1 = first).
    for (member, places) in [
        (0, [(a, "1"), (b, "2"), (c, "3")]),
        (1, [(b, "1"), (a, "2"), (c, "3")]),
        (2, [(b, "1"), (c, "2"), (a, "3")]),
    ] {
        let v = w.vote(w.member(member), task, &places).await;
        assert_eq!(v.status, StatusCode::SEE_OTHER, "{}", v.body);
    }
    // A ranking that leaves an idea out is refused.
    let partial = w.vote(w.member(0), task, &[(a, "1"), (b, "2")]).await;
    assert_eq!(partial.status, StatusCode::UNPROCESSABLE_ENTITY);

    // With 3 ideas first earns 3, second 2, third 1:
    // B: 2 + 3 + 3 = 8 (average place 4/3), A: 3 + 2 + 1 = 6 (2), C: 1 + 1 + 2 = 4 (8/3).
    let results = crate::fixtures::Client::for_user(&w.app, &w.members[0].0)
        .await
        .get(&format!("/api/v1/panels/{SLUG}/tasks/{task}/results"))
        .await;
    assert_eq!(results.status, StatusCode::OK);
    let q = &results.json["questions"][0];
    assert_eq!(q["question_id"], 0);
    assert_eq!(q["tally"]["kind"], "ranking");
    let rows: Vec<(String, u64, f64)> = q["tally"]["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["label"].as_str().unwrap().to_owned(),
                r["value"].as_u64().unwrap(),
                r["average_rank"].as_f64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        rows,
        vec![
            ("Idea B".into(), 8, 4.0 / 3.0),
            ("Idea A".into(), 6, 2.0),
            ("Idea C".into(), 4, 8.0 / 3.0),
        ]
    );
    // The results page: an SVG chart and its table, and (for the facilitator of a named
    // task) a breakdown by industry.
    let all = w.member(0).get(&format!("{}/results", board(task))).await;
    assert!(all.exists(".poll-result svg[role=img]"));
    assert_eq!(
        all.select(".poll-table tbody th"),
        ["Idea B", "Idea A", "Idea C"]
    );
    assert_eq!(
        all.select(".poll-table tbody td:nth-of-type(1)"),
        ["8", "6", "4"]
    );
    let by = w
        .fac
        .get(&format!("{}/results?by=industry", board(task)))
        .await;
    assert_eq!(by.status, StatusCode::OK);
    let mut groups = by.select(".poll-group h2");
    groups.sort();
    assert_eq!(
        groups,
        [
            "Informaatio ja viestintä (2 vastausta)",
            "Majoitus- ja ravitsemistoiminta (1 vastaus)"
        ]
    );
    // The CSV names the voters of a named task.
    let (status, csv) = w
        .fac
        .get_bytes(&format!("{}/results.csv", board(task)))
        .await;
    assert_eq!(status, StatusCode::OK);
    let csv = String::from_utf8(csv).unwrap();
    assert!(csv.contains(&w.members[0].0.display_name), "{csv}");
}

#[tokio::test]
async fn an_anonymous_ideas_task_keeps_no_trace_of_who_wrote_or_voted() {
    let w = world().await;
    let task = w
        .task(Setup {
            anonymous: true,
            ..Setup::default()
        })
        .await;
    let a = w.idea(w.member(0), task, "Nimetön idea").await;
    let said = w.comment(w.member(1), task, a, "Hyvä ajatus.").await;
    assert_eq!(said.status, StatusCode::SEE_OTHER, "{}", said.body);
    w.phase(task, "voting").await;
    let v = w.vote(w.member(2), task, &[(a, "7")]).await;
    assert_eq!(v.status, StatusCode::SEE_OTHER, "{}", v.body);
    // Once only.
    let again = w.member(2).get(&board(task)).await;
    assert!(!again.exists("form[action$=\"/votes\"]"));

    let stored = w.ideas(task).await;
    assert_eq!(stored[0].created_at, None);
    assert_eq!(
        idea_credit::Entity::find()
            .filter(idea_credit::Column::IdeaId.eq(a))
            .count(w.app.db())
            .await
            .unwrap(),
        0
    );
    let comments = w.comments(a).await;
    assert_eq!(
        (comments[0].author_id, comments[0].created_at),
        (None, None)
    );
    let sets = answer_set::Entity::find()
        .filter(answer_set::Column::TaskId.eq(task))
        .all(w.app.db())
        .await
        .unwrap();
    assert_eq!(sets.len(), 1);
    assert_eq!((sets[0].respondent_id, sets[0].saved_at), (None, None));
    assert_eq!(sets[0].industry, None);
    // Pages and the API say "anonymous"; nobody's name shows.
    let page = w.fac.get(&idea_path(task, a)).await;
    let text = page.select("main").join(" ");
    assert!(text.contains("nimetön"), "{text}");
    for (user, _) in &w.members {
        assert!(!text.contains(&user.display_name), "{text}");
    }
    let api = crate::fixtures::Client::for_user(&w.app, &w.facilitator).await;
    let listed = api
        .get(&format!("/api/v1/panels/{SLUG}/tasks/{task}/ideas/{a}"))
        .await;
    assert_eq!(listed.json["credits"], serde_json::json!([]));
    assert_eq!(
        listed.json["comment_list"][0]["author"],
        serde_json::Value::Null
    );
    // The CSV has answers only.
    let (_, csv) = w
        .fac
        .get_bytes(&format!("{}/results.csv", board(task)))
        .await;
    let csv = String::from_utf8(csv).unwrap();
    for (user, _) in &w.members {
        assert!(!csv.contains(&user.display_name), "{csv}");
    }
}
