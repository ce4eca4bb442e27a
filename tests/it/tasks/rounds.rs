//! Rounds: a task copied as the next round keeps the earlier one, and its results set each
//! question's figures beside the earlier round's — checked here against figures counted by
//! hand — overall, by segment, in the API and in the CSV's round column.
use chrono::Utc;
use lupa::{people::service as people, tasks::service};
use reqwest::StatusCode;

use super::{
    When, World, aimed::api_json, answer_at, option_ids, path, q, question_ids, task_with, world,
};

/// Round 1 (closed) and its copy as round 2, each answered by all three members:
///
/// | member (industry)   | round 1         | round 2         |
/// |---------------------|-----------------|-----------------|
/// | 0 Pajala (ict)      | Verkko, 2       | Chat, 5         |
/// | 1 Kivijalka (ict)   | Verkko, 4       | Puhelin, 5      |
/// | 2 Leipomo (hospit.) | Puhelin, 5      | Puhelin, 4      |
async fn two_rounds(w: &World) -> (i32, i32) {
    let first = task_with(
        w,
        When::Closed,
        false,
        "always",
        vec![
            q(
                "Mitä kanavaa käytätte eniten?",
                "single",
                &["Verkko", "Puhelin", "Chat"],
            ),
            q("Kuinka hyvin asiointi sujuu?", "scale", &[]),
        ],
    )
    .await;
    let view = service::task_view(w.app.db(), w.panel, first)
        .await
        .unwrap()
        .unwrap();
    let copy = service::duplicate(w.app.db(), &view, 1, "Kierros 2".into(), Utc::now())
        .await
        .expect("the copy");
    for (task, picks) in [
        (first, [(0usize, "2"), (0, "4"), (1, "5")]),
        (copy.id, [(2, "5"), (1, "5"), (1, "4")]),
    ] {
        let qs = question_ids(w, task).await;
        let options = option_ids(w, task, 0).await;
        for (member, (option, scale)) in picks.iter().enumerate() {
            let channel = options[*option].to_string();
            answer_at(
                w,
                task,
                member,
                &[
                    (&format!("q{}", qs[0]), &channel),
                    (&format!("q{}", qs[1]), scale),
                ],
            )
            .await;
        }
    }
    (first, copy.id)
}

#[tokio::test]
async fn the_next_round_keeps_the_earlier_one_and_sets_the_figures_side_by_side() {
    let w = world().await;
    let (first, second) = two_rounds(&w).await;
    let copy = service::task_view(w.app.db(), w.panel, second)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(copy.row.previous_task_id, Some(first));
    assert_eq!(copy.row.round, 2);

    let page = w
        .facilitator
        .get(&format!("{}/results", path(second)))
        .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert_eq!(
        page.select(".poll-rounds thead th"),
        [
            "Vaihtoehto",
            "Kierros 1",
            "Kierros 2",
            "Vaihtoehto",
            "Kierros 1",
            "Kierros 2"
        ]
    );
    // Channels by hand: round 1 Verkko 2/3, Puhelin 1/3, Chat 0/3; round 2 Verkko 0/3,
    // Puhelin 2/3, Chat 1/3.
    let channel = page.select(".poll-rounds .poll-round-result:nth-of-type(1) tbody td");
    assert_eq!(
        channel,
        [
            "2 (66,7 %)",
            "0 (0,0 %)",
            "1 (33,3 %)",
            "2 (66,7 %)",
            "0 (0,0 %)",
            "1 (33,3 %)",
            "3",
            "3",
        ]
    );
    // The scale's averages: (2 + 4 + 5) / 3 = 3.7 and (5 + 5 + 4) / 3 = 4.7.
    let scale =
        page.select(".poll-rounds .poll-round-result:nth-of-type(2) tbody tr:last-child td");
    assert_eq!(scale, ["3,7", "4,7"]);
    // A small chart for each round of each question: 2 questions × 2 rounds.
    assert_eq!(page.select(".poll-rounds svg[role=img] title").len(), 4);
    // The first round's own results compare with nothing.
    let earlier = w.facilitator.get(&format!("{}/results", path(first))).await;
    assert!(!earlier.exists(".poll-rounds"));
}

#[tokio::test]
async fn rounds_by_segment_count_each_group_in_each_round() {
    let w = world().await;
    let (_, second) = two_rounds(&w).await;
    let page = w
        .facilitator
        .get(&format!("{}/results?by=industry", path(second)))
        .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let groups = page.select(".poll-rounds > section.poll-group > h3");
    assert_eq!(groups.len(), 2, "{groups:?}");
    // Groups in the order of their codes: hospitality, then ict.
    let cells = |group: usize| {
        page.select(&format!(
            ".poll-rounds section[aria-labelledby=rg{group}] .poll-round-result:nth-of-type(1) tbody td"
        ))
    };
    let (hospitality, ict) = (cells(1), cells(2));
    // ICT (members 0 and 1): Verkko 2/2 then 0/2, Puhelin 0/2 then 1/2, Chat 0/2 then 1/2.
    assert_eq!(
        ict,
        [
            "2 (100,0 %)",
            "0 (0,0 %)",
            "0 (0,0 %)",
            "1 (50,0 %)",
            "0 (0,0 %)",
            "1 (50,0 %)",
            "2",
            "2",
        ]
    );
    // Hospitality (member 2): Puhelin in both rounds.
    assert_eq!(
        hospitality,
        [
            "0 (0,0 %)",
            "0 (0,0 %)",
            "1 (100,0 %)",
            "1 (100,0 %)",
            "0 (0,0 %)",
            "0 (0,0 %)",
            "1",
            "1",
        ]
    );
    // Each group has its own small chart per round and question (2 groups × 2 questions ×
    // 2 rounds), each counting the group's own answer sets.
    let group_charts = page.select(".poll-rounds section.poll-group svg[role=img] title");
    assert_eq!(group_charts.len(), 8, "{group_charts:?}");
    let ict_charts = page.select(".poll-rounds section[aria-labelledby=rg2] svg[role=img] desc");
    assert!(
        ict_charts.iter().all(|d| d.contains("2 vastausta")),
        "{ict_charts:?}"
    );
}

#[tokio::test]
async fn the_api_compares_the_rounds_and_the_csv_names_each_rows_round() {
    let w = world().await;
    let (first, second) = two_rounds(&w).await;
    let token = people::create_api_token(w.app.db(), w.members[0].0.id, "t")
        .await
        .unwrap();
    let body = api_json(&w, &token, &format!("/api/v1{}/results", path(second))).await;
    let rounds = &body["rounds"];
    assert_eq!(rounds["rounds"][0]["task_id"], first);
    assert_eq!(rounds["rounds"][1]["round"], 2);
    let verkko = &rounds["questions"][0]["rows"][0];
    assert_eq!(verkko["label"], "Verkko");
    assert_eq!(verkko["cells"][0]["value"], 2);
    assert_eq!(verkko["cells"][1]["value"], 0);
    let share = verkko["cells"][0]["percent"].as_f64().unwrap();
    assert!((share - 200.0 / 3.0).abs() < 1e-9, "{share}");
    assert_eq!(
        rounds["questions"][1]["averages"][1].as_f64(),
        Some(14.0 / 3.0)
    );
    let read = api_json(&w, &token, &format!("/api/v1{}", path(second))).await;
    assert_eq!(read["round"], 2);
    assert_eq!(read["previous_task_id"], first);

    let csv = w
        .facilitator
        .get(&format!("{}/results.csv", path(second)))
        .await;
    assert_eq!(csv.status, StatusCode::OK);
    let lines: Vec<&str> = csv.body.split("\r\n").filter(|l| !l.is_empty()).collect();
    assert!(
        lines[0].starts_with("\u{feff}Kierros,Nimi,"),
        "{}",
        lines[0]
    );
    assert_eq!(lines.len(), 7, "a header and three answer sets a round");
    let rounds: Vec<&str> = lines[1..].iter().map(|l| &l[..2]).collect();
    assert_eq!(rounds, ["1,", "1,", "1,", "2,", "2,", "2,"]);
    // The earlier round's answers sit under the matching question.
    assert_eq!(
        lines[1..4]
            .iter()
            .filter(|l| l.contains(",Verkko,"))
            .count(),
        2
    );
    assert_eq!(
        lines[4..].iter().filter(|l| l.contains(",Chat,")).count(),
        1
    );
}
