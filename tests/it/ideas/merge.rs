//! Merging duplicates: every author keeps their credit, comments move over (and say where they
//! were written), votes already given carry over, and the duplicate points to its idea.
use super::*;

#[tokio::test]
async fn a_merged_idea_keeps_both_authors_credit_and_the_duplicates_comments_and_votes() {
    let w = world().await;
    let task = w.task(Setup::default()).await;
    let first = w.idea(w.member(0), task, "Chat-neuvonta iltaisin").await;
    let dup = w.idea(w.member(1), task, "Iltachat").await;
    let other = w.idea(w.member(2), task, "Tekstiviesti-ilmoitukset").await;
    let said = w
        .comment(w.member(2), task, dup, "Kannatan iltachattia!")
        .await;
    assert_eq!(said.status, StatusCode::SEE_OTHER, "{}", said.body);

    w.phase(task, "voting").await;
    // Member 2 gave points to both before the merge; member 0 only to the duplicate.
    let v = w
        .vote(w.member(2), task, &[(first, "3"), (dup, "4"), (other, "2")])
        .await;
    assert_eq!(v.status, StatusCode::SEE_OTHER, "{}", v.body);
    let v = w.vote(w.member(0), task, &[(dup, "10")]).await;
    assert_eq!(v.status, StatusCode::SEE_OTHER, "{}", v.body);

    // Only facilitators merge.
    let page = idea_path(task, dup);
    let refused = w
        .member(0)
        .post_form(&format!("{page}/merge"), &[("into", &first.to_string())])
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    // Into itself: refused, the form says why.
    let itself = w
        .fac
        .form_post(
            &page,
            &format!("{page}/merge"),
            &[("into", &dup.to_string())],
        )
        .await;
    assert_eq!(itself.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(itself.exists("#into[aria-invalid=true]"));
    let merged = w
        .fac
        .form_post(
            &page,
            &format!("{page}/merge"),
            &[("into", &first.to_string())],
        )
        .await;
    assert_eq!(merged.status, StatusCode::SEE_OTHER, "{}", merged.body);

    // The idea it joined names both authors and lists the duplicate; the comment moved.
    let joined = w.member(1).get(&idea_path(task, first)).await;
    let byline = joined.select(".idea-page .post-meta").join(" ");
    for (user, _) in &w.members[..2] {
        assert!(
            byline.contains(&user.display_name),
            "{byline} lacks {}",
            user.display_name
        );
    }
    assert_eq!(joined.select(".idea-merged li"), ["Iltachat"]);
    assert_eq!(joined.select(".comment__body"), ["Kannatan iltachattia!"]);
    assert!(
        joined
            .select(".comment__meta")
            .join(" ")
            .contains("kirjoitettu ideaan ”Iltachat”")
    );
    // The duplicate stays, pointing to the idea it joined; it is off the board and ballot.
    let old = w.member(1).get(&page).await;
    assert_eq!(old.status, StatusCode::OK);
    assert_eq!(old.attr(".poll-status a", "href"), [idea_path(task, first)]);
    let titles = w.board_titles(w.member(1), task).await;
    assert_eq!(titles.len(), 2, "{titles:?}");
    assert!(!titles.contains(&"Iltachat".to_owned()));

    // Votes carried over: first = 3 + 4 + 10 = 17, other = 2.
    let results = crate::fixtures::Client::for_user(&w.app, &w.members[0].0)
        .await
        .get(&format!("/api/v1/panels/{SLUG}/tasks/{task}/results"))
        .await;
    assert_eq!(results.status, StatusCode::OK, "{:?}", results.json);
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
    assert_eq!(rows, vec![(i64::from(first), 17), (i64::from(other), 2)]);
    assert_eq!(results.json["answer_sets"], 2);
    // A member's own vote now reads as carried over, and saves again within the budget.
    let mine = w.member(0).get(&board(task)).await;
    assert_eq!(
        mine.attr(&format!("input[name=q0_o{first}]"), "value"),
        ["10"]
    );
}
