//! The search page: suggestions, filters, order and pages, the analyser, ranking.
use super::*;

pub(super) async fn search_page(app: &TestApp, q: &str) -> TestResponse {
    search(&app.new_client(), q).await
}

/// Write a post with labels and a language; returns its path.
async fn write_labelled(client: &TestClient, title: &str, body: &str, labels: &str) -> String {
    let mut fields = post_fields(title, body, "public", "published");
    fields[2] = ("labels", labels);
    let r = client.form_post("/posts/new", "/posts", &fields).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    r.location().expect("a redirect to the post")
}

async fn search_with(client: &TestClient, query: &str) -> TestResponse {
    client.get(&format!("/search?{query}")).await
}

#[tokio::test]
async fn a_misspelt_query_suggests_a_spelling_the_reader_can_find() {
    let (app, writer, _member) = site().await;
    write_post(
        &writer,
        "Neuvonta",
        "Neuvonta palvelee kuntalaisia joka päivä.",
        "public",
        "published",
    )
    .await;
    write_post(
        &writer,
        "Sisäinen",
        "Salassapidettävä suunnitelma.",
        "members",
        "published",
    )
    .await;
    index(&app).await;
    let reader = app.new_client();

    let page = search(&reader, "neuvotna").await;
    assert!(titles(&page).is_empty());
    assert_eq!(page.select(".search-suggestion a"), ["neuvonta"]);
    let href = page.attr(".search-suggestion a", "href").remove(0);
    assert_eq!(titles(&reader.get(&href).await), ["Neuvonta"]);

    // A word found only in members' content is never suggested to a reader...
    let page = search(&reader, "salassapidettava suunnitelmaa").await;
    assert!(!page.exists(".search-suggestion"), "{}", page.body);
    let page = search(&reader, "suunnitelna").await;
    assert!(!page.exists(".search-suggestion"), "{}", page.body);
    // ...but is to a member.
    let page = search(&_member, "suunnitelna").await;
    assert_eq!(page.select(".search-suggestion a"), ["suunnitelma"]);
}

#[tokio::test]
async fn a_finnish_word_voikko_knows_is_not_respelt_into_another_word() {
    for voikko in [true, false] {
        if voikko && !crate::search_relevance::voikko_installed("a known word with Voikko") {
            continue;
        }
        let (app, writer, _member) = super::site_analysed_with(voikko).await;
        write_post(
            &writer,
            "Hakemus",
            "Hakemus lähti eilen.",
            "public",
            "published",
        )
        .await;
        index(&app).await;
        let reader = app.new_client();
        // A typo is respelt either way.
        let page = search(&reader, "hakmus").await;
        assert_eq!(page.select(".search-suggestion a"), ["hakemus"], "{voikko}");
        // *kokemus* (experience) is a word of its own: with Voikko it is not turned into
        // *hakemus* (application); without Voikko nothing tells it from a typo.
        let page = search(&reader, "kokemus").await;
        assert!(titles(&page).is_empty());
        let offered = page.select(".search-suggestion a");
        if voikko {
            assert!(offered.is_empty(), "{offered:?}");
        } else {
            assert_eq!(offered, ["hakemus"]);
        }
    }
}

#[tokio::test]
async fn filters_narrow_the_results_and_count_within_the_readers_scopes() {
    let app = TestApp::spawn().await;
    app.setup_site().await;
    let vero = app
        .client_for(&app.create_user_in("vero", Role::Writer).await)
        .await;
    let kela = app
        .client_for(&app.create_user_in("kela", Role::Writer).await)
        .await;
    let path = write_labelled(
        &vero,
        "Lomakkeet uusiksi",
        "Lomake on liian pitkä.",
        "lomakkeet",
    )
    .await;
    write_labelled(
        &kela,
        "Lomakkeiden saavutettavuus",
        "Lomake toimii ruudunlukijalla.",
        "saavutettavuus",
    )
    .await;
    write_post(
        &kela,
        "Sisäinen lomake",
        "Lomake vain jäsenille.",
        "members",
        "published",
    )
    .await;
    comment(&kela, &path, "Lomake kannattaa jakaa osiin.").await;
    index(&app).await;
    let reader = app.new_client();

    let page = search(&reader, "lomake").await;
    assert_eq!(page.text(".search-total"), "3 osumaa");
    // Counts are of what the reader may find: the members' post is not in them.
    let orgs = page.select("#search-organization option");
    assert_eq!(orgs.len(), 3, "{orgs:?}");
    assert!(orgs.iter().any(|o| o.ends_with("(2)")), "{orgs:?}");
    let kinds = page.select("#search-kind option");
    assert!(kinds.contains(&"Kirjoitus (2)".to_owned()), "{kinds:?}");
    assert!(kinds.contains(&"Kommentti (1)".to_owned()), "{kinds:?}");

    // Several words: counted over the texts that have them all, in the reader's scopes.
    let page = search(&reader, "lomake osiin").await;
    let kinds = page.select("#search-kind option");
    assert!(kinds.contains(&"Kommentti (1)".to_owned()), "{kinds:?}");
    assert!(
        !kinds.iter().any(|k| k.starts_with("Kirjoitus (")),
        "{kinds:?}"
    );
    let page = search(&reader, "lomake jäsenille").await;
    assert_eq!(page.text(".search-total"), "Ei osumia");
    let kinds = page.select("#search-kind option");
    assert!(!kinds.iter().any(|k| k.ends_with(')')), "{kinds:?}");

    // A label reaches the comments on its posts too.
    let page = search_with(&reader, "q=lomake&label=lomakkeet").await;
    let mut kinds = page.select(".search-hit__kind");
    kinds.sort();
    assert_eq!(kinds, ["Kirjoitus", "Kommentti"]);
    assert_eq!(
        page.attr("#search-label-filter option[selected]", "value"),
        ["lomakkeet"],
        "the filter stays chosen in the form"
    );

    let page = search_with(&reader, "q=lomake&kind=comment").await;
    assert_eq!(page.select(".search-hit__kind"), ["Kommentti"]);
    let page = search_with(&reader, "q=lomake&organization=vero&kind=post").await;
    assert_eq!(titles(&page), ["Lomakkeet uusiksi"]);
    let page = search_with(&reader, "q=lomake&organization=nobody").await;
    assert_eq!(page.text(".search-total"), "Ei osumia");

    // Dates: everything was written today.
    let today = chrono::Utc::now().date_naive();
    let page = search_with(&reader, &format!("q=lomake&from={today}&to={today}")).await;
    assert_eq!(page.text(".search-total"), "3 osumaa");
    let page = search_with(&reader, "q=lomake&to=2000-01-01").await;
    assert_eq!(page.text(".search-total"), "Ei osumia");
    let year_link = page.attr(".search-years a", "href");
    assert_eq!(year_link.len(), 1, "the year shows the reader's hits");

    // An unreadable date is told about at its field, and the rest is kept.
    let page = search_with(&reader, "q=lomake&from=31.12.2026&label=lomakkeet").await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        page.attr("#search-from", "aria-describedby"),
        ["search-from-error"]
    );
    assert!(page.exists("#search-from-error"));
    assert_eq!(page.attr("#search-from", "value"), ["31.12.2026"]);
    assert_eq!(page.attr("#search-page-q", "value"), ["lomake"]);
}

#[tokio::test]
async fn newest_first_and_pages_keep_every_parameter() {
    let (app, writer, _member) = site().await;
    for i in 1..=12 {
        write_post(
            &writer,
            &format!("Tiedote {i:02}"),
            "Tiedotamme asiakkaita.",
            "public",
            "published",
        )
        .await;
    }
    index(&app).await;
    let reader = app.new_client();
    let page = search_with(&reader, "q=tiedote&sort=newest&kind=post").await;
    assert_eq!(page.text(".search-total"), "12 osumaa");
    assert_eq!(titles(&page)[0], "Tiedote 12");
    assert_eq!(
        page.attr("#search-sort option[selected]", "value"),
        ["newest"]
    );
    let next = page.attr(".pagination a[rel=next]", "href").remove(0);
    assert!(
        next.contains("sort=newest") && next.contains("kind=post"),
        "{next}"
    );
    let second = reader.get(&next).await;
    assert_eq!(titles(&second), ["Tiedote 02", "Tiedote 01"]);
}

#[tokio::test]
async fn the_search_page_says_which_finnish_analyser_runs() {
    let (app, _writer, _member) = site_analysed_with(false).await;
    let page = search_page(&app, "").await;
    assert!(page.text(".search-analyser").contains("Snowball"));
    if crate::search_relevance::voikko_installed("the footer with Voikko") {
        let (app, _writer, _member) = site_analysed_with(true).await;
        let page = search_page(&app, "").await;
        assert!(page.text(".search-analyser").contains("Voikko"));
        assert!(!page.text(".search-analyser").contains("Snowball"));
    }
}

#[tokio::test]
async fn switching_the_finnish_analyser_rebuilds_the_index_from_the_database() {
    if !crate::search_relevance::voikko_installed("switching analysers") {
        return;
    }
    let (app, writer, _member) = site().await;
    write_post(
        &writer,
        "Verkkopalvelun uudistus",
        "Asiakkaiden toiveet kirjattiin.",
        "public",
        "published",
    )
    .await;
    let dir = tempfile::tempdir().unwrap();
    let snowball = Search::open(app.db().clone(), dir.path(), Analyser::Snowball).unwrap();
    snowball.catch_up().await.unwrap();
    assert!(snowball.folder().await.starts_with("v7-snowball-"));
    assert_eq!(
        snowball.search("palvelu", None, 0, 10).await.unwrap().total,
        1
    );
    drop(snowball);

    // The same data folder opened with Voikko: another folder, filled from the database.
    let voikko = Search::open(app.db().clone(), dir.path(), Analyser::detect(true)).unwrap();
    let folder = voikko.folder().await;
    assert!(folder.starts_with("v7-voikko-"), "{folder}");
    voikko.catch_up().await.unwrap();
    let found = voikko.search("asiakas", None, 0, 10).await.unwrap();
    assert_eq!(found.total, 1);
    assert_eq!(
        voikko.search("palvelu", None, 0, 10).await.unwrap().total,
        1
    );
    // The Snowball folder is gone.
    let left: Vec<String> = std::fs::read_dir(dir.path().join("search"))
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('v'))
        .collect();
    assert_eq!(left, [folder]);
}

#[tokio::test]
async fn a_title_ranks_above_a_body_and_a_post_above_its_comment() {
    let (app, writer, _member) = site().await;
    write_post(
        &writer,
        "Muistio",
        "Tässä kerrotaan myös kirjastoista.",
        "public",
        "published",
    )
    .await;
    let path = write_post(
        &writer,
        "Kirjasto uudistuu",
        "Lainaus muuttuu.",
        "public",
        "published",
    )
    .await;
    comment(&writer, &path, "Kirjasto uudistuu.").await;
    index(&app).await;
    let page = search(&app.new_client(), "kirjasto").await;
    assert_eq!(
        page.select(".search-hit__kind"),
        ["Kirjoitus", "Kommentti", "Kirjoitus"],
        "{}",
        page.body
    );
    assert_eq!(titles(&page)[0], "Kirjasto uudistuu");
}

#[tokio::test]
async fn a_visitors_search_reads_its_posts_and_comments_in_one_statement() {
    // With the workers running, names are kept beside the cached pages (`search::names`).
    let (app, writer) = site_with_workers().await;
    write_post(
        &writer,
        "Kirjasto",
        "Kirjasto aukeaa.",
        "public",
        "published",
    )
    .await;
    let path = write_post(
        &writer,
        "Lainaus",
        "Lainaus muuttuu.",
        "public",
        "published",
    )
    .await;
    comment(&writer, &path, "Kirjasto on kiinni maanantaisin.").await;
    comment(&writer, &path, "Kirjasto myös lainaa.").await;
    index(&app).await;
    let reader = app.new_client();
    // The first search reads the names of the people and organisations, which are kept.
    search(&reader, "kirjasto").await;
    // The counter is the whole app's, and the workers query too while a search runs, so
    // each of three searches not asked before is counted and the fewest statements kept.
    let mut fewest = u64::MAX;
    for query in ["kirjastoa", "kirjastossa", "kirjastot"] {
        let before = app.state().queries.get();
        let page = search(&reader, query).await;
        fewest = fewest.min(app.state().queries.get() - before);
        assert_eq!(titles(&page).len(), 3, "{query}: {}", page.body);
        assert_eq!(
            page.select(".search-hit__kind"),
            ["Kirjoitus", "Kommentti", "Kommentti"]
        );
    }
    assert!(
        fewest <= 1,
        "a search of posts and comments took at least {fewest} statements"
    );
}
