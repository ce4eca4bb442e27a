//! Agenda outcomes, minutes and tasks in search, for exactly the panel's readers.
use super::*;

/// The titles and kinds of `client`'s search hits for `q`.
async fn search_hits(client: &TestClient, q: &str) -> Vec<(String, String)> {
    let page = client
        .get(&format!(
            "/search?{}",
            serde_urlencoded::to_string([("q", q)]).unwrap()
        ))
        .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    page.select(".search-hit__title a")
        .into_iter()
        .zip(page.attr(".search-hit__title a", "href"))
        .collect()
}

#[tokio::test]
async fn minutes_and_outcomes_are_found_by_exactly_the_panels_readers() {
    let w = world().await;
    let id = workshop_at(&w, -Duration::hours(3)).await;
    assert_eq!(add_free(&w, id, "Jatkotoimet").await, StatusCode::SEE_OTHER);
    let item = items(&w, id).await[0].id;
    let saved = w
        .facilitator
        .form_post(
            &page(id, "/minutes"),
            &page(id, "/minutes"),
            &[
                (
                    "minutes",
                    "Keskustelimme yrityspalvelujen sähköisestä asioinnista.",
                ),
                (
                    &format!("outcome-{item}"),
                    "Sovittiin kokeiluista ja pilotoinnista.",
                ),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    w.app.state().search.catch_up().await.unwrap();

    let url = format!("/panels/{SLUG}/workshops/{id}");
    let member = &w.members[0].1;
    // A word of the minutes and one of an outcome, in their base forms where Voikko runs
    // (Snowball's stems do not join these forms), as written otherwise.
    let voikko = lupa::search::voikko::Voikko::load().is_some();
    let words = if voikko {
        ["asiointi", "pilotointi"]
    } else {
        ["asioinnista", "pilotoinnista"]
    };
    for q in words {
        let hits = search_hits(member, q).await;
        assert_eq!(hits.len(), 1, "{q}: {hits:?}");
        assert_eq!(hits[0].1, url, "{q}");
    }
    let page_of_member = member.get(&format!("/search?q={}", words[0])).await;
    assert_eq!(
        page_of_member.select(".search-hit__kind"),
        ["Työpajan muistio"]
    );
    // Not for someone outside the panel, nor a visitor; counts say nothing either.
    for reader in [&w.outsider, &w.app.new_client()] {
        assert!(search_hits(reader, words[0]).await.is_empty());
        let page = reader.get(&format!("/search?q={}", words[1])).await;
        assert_eq!(page.select(".search-total"), ["Ei osumia"]);
    }

    // Cleared minutes and outcome: gone from search.
    let cleared = w
        .facilitator
        .form_post(
            &page(id, "/minutes"),
            &page(id, "/minutes"),
            &[("minutes", ""), (&format!("outcome-{item}"), "")],
        )
        .await;
    assert_eq!(cleared.status, StatusCode::SEE_OTHER, "{}", cleared.body);
    w.app.state().search.catch_up().await.unwrap();
    assert!(search_hits(member, words[0]).await.is_empty());
    assert!(search_hits(member, words[1]).await.is_empty());
}

#[tokio::test]
async fn panel_tasks_are_found_by_their_questions_and_options_only_by_the_panels_readers() {
    let w = world().await;
    let id = task(
        &w,
        "Sähköisen asioinnin arviointi",
        "after_closing",
        question(
            "Mitä verkkopalvelun uudistuksessa pitäisi korjata ensin?",
            "single",
            &["Kirjautuminen", "Lomakkeiden tallennus"],
        ),
    )
    .await;
    w.app.state().search.catch_up().await.unwrap();
    let url = format!("/panels/{SLUG}/tasks/{id}");
    let member = &w.members[0].1;
    // The title in another form (with Voikko), a question's compound part, an option.
    let voikko = lupa::search::voikko::Voikko::load().is_some();
    let title_word = if voikko { "arvioinnin" } else { "arviointi" };
    for q in [title_word, "palvelu", "lomakkeiden"] {
        let hits = search_hits(member, q).await;
        assert_eq!(
            hits,
            [("Sähköisen asioinnin arviointi".to_owned(), url.clone())],
            "{q}"
        );
    }
    assert_eq!(
        member
            .get("/search?q=arviointi")
            .await
            .select(".search-hit__kind"),
        ["Paneelin tehtävä"]
    );
    for reader in [&w.outsider, &w.app.new_client()] {
        assert!(search_hits(reader, "arviointi").await.is_empty());
    }
}
