//! The ideas API: the same parsers and rules as the pages.
use serde_json::json;

use super::*;
use crate::fixtures::Client;

#[tokio::test]
async fn an_ideas_task_runs_through_the_api_from_writing_to_results() {
    let w = world().await;
    let fac = Client::for_user(&w.app, &w.facilitator).await;
    let member = Client::for_user(&w.app, &w.members[0].0).await;
    let other = Client::for_user(&w.app, &w.members[1].0).await;
    let now = Utc::now();
    // Refusals name their fields.
    let bad = fac
        .post(
            &format!("/api/v1/panels/{SLUG}/idea-tasks"),
            json!({"title": "", "opens_at": "2030-01-10T09:00", "voting_opens_at": "2030-01-01T09:00",
                   "closes_at": "2030-01-20T09:00", "results_visibility": "joskus", "method": "arpa"}),
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        bad.fields(),
        ["method", "results_visibility", "title", "voting_opens_at"]
    );
    // Members do not write tasks.
    let refused = member
        .post(&format!("/api/v1/panels/{SLUG}/idea-tasks"), json!({}))
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);

    let created = fac
        .post(
            &format!("/api/v1/panels/{SLUG}/idea-tasks"),
            json!({
                "title": "Rajapinnan ideat",
                "opens_at": (now - Duration::hours(1)).to_rfc3339(),
                "voting_opens_at": (now + Duration::days(3)).to_rfc3339(),
                "closes_at": (now + Duration::days(6)).to_rfc3339(),
                "results_visibility": "always",
                "method": "dots",
                "points": 3
            }),
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{:?}", created.json);
    assert_eq!(created.json["phase"], "collecting");
    let task = created.json["task_id"].as_i64().unwrap();
    // The task list says what kind it is.
    let list = member.get(&format!("/api/v1/panels/{SLUG}/tasks")).await;
    assert_eq!(list.json["tasks"][0]["kind"], "ideas");
    assert_eq!(list.json["tasks"][0]["ideas_phase"], "collecting");

    let ideas = format!("/api/v1/panels/{SLUG}/tasks/{task}/ideas");
    let empty = member.post(&ideas, json!({"title": " "})).await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(empty.fields(), ["title"]);
    let a = member
        .post(
            &ideas,
            json!({"title": "Ilmoitus puhelimeen", "body": "Tekstiviesti *päätöksestä*."}),
        )
        .await;
    assert_eq!(a.status, StatusCode::CREATED, "{:?}", a.json);
    assert!(
        a.json["body_html"]
            .as_str()
            .unwrap()
            .contains("<em>päätöksestä</em>")
    );
    assert_eq!(a.json["credits"][0], w.members[0].0.display_name.as_str());
    let b = other.post(&ideas, json!({"title": "Chat"})).await;
    let (a, b) = (
        a.json["id"].as_i64().unwrap(),
        b.json["id"].as_i64().unwrap(),
    );
    let comment = other
        .post(&format!("{ideas}/{a}/comments"), json!({"body": "Hyvä!"}))
        .await;
    assert_eq!(comment.status, StatusCode::CREATED, "{:?}", comment.json);
    assert_eq!(comment.json["author"], w.members[1].0.display_name.as_str());
    // A vote while collecting is refused.
    let votes = format!("/api/v1/panels/{SLUG}/tasks/{task}/votes");
    let early = member
        .put(&votes, json!({"points": {a.to_string(): 2}}))
        .await;
    assert_eq!(early.status, StatusCode::BAD_REQUEST);

    let phase = format!("/api/v1/panels/{SLUG}/tasks/{task}/phase");
    assert_eq!(
        member.post(&phase, json!({"phase": "voting"})).await.status,
        StatusCode::FORBIDDEN
    );
    let moved = fac.post(&phase, json!({"phase": "voting"})).await;
    assert_eq!(moved.status, StatusCode::OK, "{:?}", moved.json);
    assert_eq!(moved.json["phase"], "voting");
    // Moving again from where it no longer is: refused, naming the phase.
    let stale = fac.post(&phase, json!({"phase": "voting"})).await;
    assert_eq!(stale.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(stale.fields(), ["phase"]);

    let shape = member.put(&votes, json!({})).await;
    assert_eq!(shape.fields(), ["votes"]);
    for (client, points) in [
        (&member, json!({a.to_string(): 1, b.to_string(): 2})),
        (&other, json!({b.to_string(): 3})),
    ] {
        let v = client.put(&votes, json!({"points": points})).await;
        assert_eq!(v.status, StatusCode::NO_CONTENT, "{:?}", v.json);
    }
    let results = member
        .get(&format!("/api/v1/panels/{SLUG}/tasks/{task}/results"))
        .await;
    let rows: Vec<(i64, u64)> = results.json["questions"][0]["tally"]["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["option_id"].as_i64().unwrap(),
                r["value"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(rows, vec![(b, 5), (a, 1)]);

    // Merging through the API: the joined idea lists both authors.
    let merged = fac
        .post(&format!("{ideas}/{a}/merge"), json!({"into": b}))
        .await;
    assert_eq!(merged.status, StatusCode::OK, "{:?}", merged.json);
    assert_eq!(merged.json["merged_here"], json!([a]));
    let mut credits: Vec<String> = merged.json["credits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap().to_owned())
        .collect();
    credits.sort();
    let mut expected = vec![
        w.members[0].0.display_name.clone(),
        w.members[1].0.display_name.clone(),
    ];
    expected.sort();
    assert_eq!(credits, expected);
    assert_eq!(
        merged.json["comment_list"][0]["moved_from"],
        "Ilmoitus puhelimeen"
    );
    // The survey editor does not take an ideas task.
    let patched = fac
        .patch(
            &format!("/api/v1/panels/{SLUG}/tasks/{task}"),
            json!({"title": "Uusi"}),
        )
        .await;
    assert_eq!(patched.status, StatusCode::UNPROCESSABLE_ENTITY);
    // Nobody outside the panel reaches any of it.
    let stranger = Client::for_user(&w.app, &w.stranger_user).await;
    assert_eq!(stranger.get(&ideas).await.status, StatusCode::NOT_FOUND);
    assert_eq!(
        stranger.post(&ideas, json!({"title": "x"})).await.status,
        StatusCode::NOT_FOUND
    );
}
