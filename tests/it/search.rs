//! Search end to end: Finnish inflections and compounds, access scopes that never leak
//! (hits and totals), visibility changes, hidden and removed comments, drafts, safe
//! snippets, and an index that resumes from the outbox position recorded in its commits.
use lupa::{
    auth::Role,
    entities::post,
    i18n::Lang,
    people::{model::DisplayName, service as people},
    search::{Analyser, Search},
};
use reqwest::StatusCode;
use sea_orm::{EntityTrait, PaginatorTrait};

use crate::helpers::{TestApp, TestClient, TestResponse};

/// Write a post through the editor; returns its path (`/posts/{slug}`).
async fn write_post(
    client: &TestClient,
    title: &str,
    body: &str,
    visibility: &str,
    status: &str,
) -> String {
    crate::fixtures::write_post(client, title, body, "", visibility, status).await
}

fn post_fields<'a>(
    title: &'a str,
    body: &'a str,
    visibility: &'a str,
    status: &'a str,
) -> [(&'static str, &'a str); 7] {
    [
        ("title", title),
        ("body", body),
        ("labels", ""),
        ("language", "fi"),
        ("visibility", visibility),
        ("status", status),
        ("action", "save"),
    ]
}

/// Comment on a post; returns the comment's id.
async fn comment(client: &TestClient, path: &str, body: &str) -> i32 {
    let response = client
        .form_post(
            path,
            &format!("{path}/comments"),
            &[("body", body), ("parent_id", "")],
        )
        .await;
    assert_eq!(response.status, StatusCode::SEE_OTHER, "{}", response.body);
    response
        .location()
        .and_then(|l| {
            l.rsplit_once("#comment-")
                .and_then(|(_, id)| id.parse().ok())
        })
        .expect("the comment's id in the redirect")
}

/// A site with a writer and a member, each with a signed-in client.
async fn site() -> (TestApp, TestClient, TestClient) {
    site_analysed_with(true).await
}

/// `site()` with Voikko (when installed) or with Snowball + n-grams.
async fn site_analysed_with(voikko: bool) -> (TestApp, TestClient, TestClient) {
    let app = TestApp::spawn_with(|s| s.search_voikko = voikko).await;
    app.setup_site().await;
    let writer = app
        .client_for(&app.create_user_in("vero", Role::Writer).await)
        .await;
    let member = app
        .client_for(&app.create_user_in("te", Role::Member).await)
        .await;
    (app, writer, member)
}

/// Apply the outbox to the index now, as the indexer task would.
async fn index(app: &TestApp) {
    app.state()
        .search
        .catch_up()
        .await
        .expect("the index catches up");
}

async fn search(client: &TestClient, q: &str) -> TestResponse {
    let page = client
        .get(&format!(
            "/search?{}",
            serde_urlencoded::to_string([("q", q)]).unwrap()
        ))
        .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    page
}

/// The titles of the hits on a results page.
fn titles(page: &TestResponse) -> Vec<String> {
    page.select(".search-hit__title a")
}

#[tokio::test]
async fn inflected_finnish_forms_and_compound_parts_are_found_with_snowball_and_ngrams() {
    inflected_finnish_forms_and_compound_parts_are_found(false).await;
}

#[tokio::test]
async fn inflected_finnish_forms_and_compound_parts_are_found_with_voikko() {
    if crate::search_relevance::voikko_installed("inflected forms with Voikko") {
        inflected_finnish_forms_and_compound_parts_are_found(true).await;
    }
}

async fn inflected_finnish_forms_and_compound_parts_are_found(voikko: bool) {
    let (app, writer, _member) = site_analysed_with(voikko).await;
    write_post(
        &writer,
        "Asiakkaiden palaute",
        "Kerroimme asiakkaalle uudesta verkkopalvelusta.",
        "public",
        "published",
    )
    .await;
    write_post(
        &writer,
        "Puhelinjonot",
        "Asiakaspalvelussa jonotettiin ennen kauan.",
        "public",
        "published",
    )
    .await;
    write_post(
        &writer,
        "Yrittäjän ääni",
        "Kuuntelimme yrittäjiä.",
        "public",
        "published",
    )
    .await;
    index(&app).await;
    let reader = app.new_client();

    // Inflected forms first, then the compound that has `asiakas` as a part.
    assert_eq!(
        titles(&search(&reader, "asiakas").await),
        ["Asiakkaiden palaute", "Puhelinjonot"]
    );
    let mut service = titles(&search(&reader, "palvelu").await);
    service.sort();
    assert_eq!(service, ["Asiakkaiden palaute", "Puhelinjonot"]);
    // Typed on a phone without ä and ö.
    assert_eq!(
        titles(&search(&reader, "yrittajan").await),
        ["Yrittäjän ääni"]
    );
    // Words are ANDed.
    assert!(titles(&search(&reader, "asiakas kuuntelimme").await).is_empty());
    // Matched words are marked in the snippet.
    let page = search(&reader, "asiakkaille").await;
    assert!(page.exists(".search-hit__snippet mark"), "{}", page.body);
    assert_eq!(
        page.attr("#search-page-q", "value"),
        ["asiakkaille"],
        "the query stays in the box"
    );
    // (With Voikko *asiakkaille* also finds *asiakaspalvelussa*: `asiakas` is its part.)
    let kinds = page.select(".search-hit__kind");
    assert!(
        !kinds.is_empty() && kinds.iter().all(|k| k == "Kirjoitus"),
        "{kinds:?}"
    );
}

#[tokio::test]
async fn phrases_and_excluded_words_narrow_the_results() {
    let (app, writer, _member) = site().await;
    write_post(
        &writer,
        "Hyvä palvelu",
        "Asiakas sai hyvää palvelua nopeasti.",
        "public",
        "published",
    )
    .await;
    write_post(
        &writer,
        "Nopea vastaus",
        "Palvelua nopeasti, mutta hyvää ei sanottu.",
        "public",
        "published",
    )
    .await;
    index(&app).await;
    let reader = app.new_client();
    // A two-word phrase (one term of the word-pair field), marked in the snippet.
    let page = search(&reader, "\"hyvää palvelua\"").await;
    assert_eq!(titles(&page), ["Hyvä palvelu"]);
    assert!(
        page.body
            .contains("<mark>hyvää</mark> <mark>palvelua</mark>"),
        "{}",
        page.body
    );
    // Inflected as in the text, in another form than typed: the pair is of stems.
    assert_eq!(
        titles(&search(&reader, "\"hyvä palvelu\"").await),
        ["Hyvä palvelu"]
    );
    // Three words: positions.
    assert_eq!(
        titles(&search(&reader, "\"hyvää palvelua nopeasti\"").await),
        ["Hyvä palvelu"]
    );
    assert!(titles(&search(&reader, "\"nopeasti hyvää palvelua\"").await).is_empty());
    // A phrase and a word, both required; words with an exclusion.
    assert_eq!(
        titles(&search(&reader, "\"palvelua nopeasti\" asiakas").await),
        ["Hyvä palvelu"]
    );
    assert_eq!(
        titles(&search(&reader, "\"palvelua nopeasti\" vastaus").await),
        ["Nopea vastaus"]
    );
    assert_eq!(
        titles(&search(&reader, "nopeasti -asiakas").await),
        ["Nopea vastaus"]
    );
    assert_eq!(
        titles(&search(&reader, "palvelua nopeasti -asiakas").await),
        ["Nopea vastaus"]
    );
    let mut both = titles(&search(&reader, "nope*").await);
    both.sort();
    assert_eq!(both, ["Hyvä palvelu", "Nopea vastaus"]);
}

#[tokio::test]
async fn members_only_posts_and_their_comments_never_reach_readers() {
    let (app, writer, member) = site().await;
    let path = write_post(
        &writer,
        "Sisäinen muistio",
        "Tässä kerrotaan luottamuksellisesta kokeilusta.",
        "members",
        "published",
    )
    .await;
    comment(
        &member,
        &path,
        "Luottamuksellinen kokeilu kuulostaa hyvältä.",
    )
    .await;
    index(&app).await;

    let page = search(&app.new_client(), "luottamuksellinen").await;
    assert!(titles(&page).is_empty(), "{}", page.body);
    assert_eq!(page.text(".search-total"), "Ei osumia");
    assert!(
        !page.body.contains("kokeilu"),
        "nothing of the text leaks into the page"
    );

    let page = search(&member, "luottamuksellinen").await;
    let mut kinds = page.select(".search-hit__kind");
    kinds.sort();
    assert_eq!(kinds, ["Kirjoitus", "Kommentti"]);
    assert_eq!(page.text(".search-total"), "2 osumaa");
}

#[tokio::test]
async fn a_post_that_changes_visibility_disappears_and_reappears() {
    let (app, writer, _member) = site().await;
    let path = write_post(
        &writer,
        "Avoin selvitys",
        "Selvitimme neuvontaa.",
        "public",
        "published",
    )
    .await;
    let reader = app.new_client();
    index(&app).await;
    assert_eq!(
        titles(&search(&reader, "selvitys").await),
        ["Avoin selvitys"]
    );

    let edit = |visibility: &'static str| {
        let writer = &writer;
        let path = path.clone();
        async move {
            let fields = post_fields(
                "Avoin selvitys",
                "Selvitimme neuvontaa.",
                visibility,
                "published",
            );
            let r = writer
                .form_post(&format!("{path}/edit"), &path, &fields)
                .await;
            assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        }
    };
    edit("members").await;
    index(&app).await;
    let page = search(&reader, "selvitys").await;
    assert!(titles(&page).is_empty());
    assert_eq!(page.text(".search-total"), "Ei osumia");

    edit("public").await;
    index(&app).await;
    assert_eq!(
        titles(&search(&reader, "selvitys").await),
        ["Avoin selvitys"]
    );
}

#[tokio::test]
async fn hidden_and_removed_comments_disappear() {
    let (app, writer, member) = site().await;
    let path = write_post(
        &writer,
        "Kysely",
        "Mitä mieltä olette?",
        "public",
        "published",
    )
    .await;
    let kept = comment(&member, &path, "Kiinnostava ajatus.").await;
    let hidden = comment(&member, &path, "Kiinnostava mutta sopimaton kommentti.").await;
    let removed = comment(&member, &path, "Kiinnostava, mutta poistan tämän.").await;
    index(&app).await;
    let reader = app.new_client();
    assert_eq!(
        search(&reader, "kiinnostava")
            .await
            .select(".search-hit__kind")
            .len(),
        3
    );

    let hide = app
        .form_post(
            &path,
            &format!("/comments/{hidden}/hide"),
            &[("action", "hide")],
        )
        .await;
    assert_eq!(hide.status, StatusCode::SEE_OTHER, "{}", hide.body);
    let remove = member
        .form_post(&path, &format!("/comments/{removed}/delete"), &[])
        .await;
    assert_eq!(remove.status, StatusCode::SEE_OTHER, "{}", remove.body);
    index(&app).await;

    let page = search(&reader, "kiinnostava").await;
    assert_eq!(
        page.attr(".search-hit__title a", "href"),
        [format!("{path}#comment-{kept}")]
    );
    assert_eq!(page.text(".search-total"), "1 osuma");
}

#[tokio::test]
async fn drafts_never_appear_not_even_to_their_author() {
    let (app, writer, _member) = site().await;
    write_post(
        &writer,
        "Keskeneräinen luonnos",
        "Luonnostelen vielä.",
        "public",
        "draft",
    )
    .await;
    index(&app).await;
    assert!(titles(&search(&writer, "luonnos").await).is_empty());
    assert!(titles(&search(&app.new_client(), "luonnos").await).is_empty());
}

#[tokio::test]
async fn snippets_escape_what_people_wrote() {
    let (app, writer, _member) = site().await;
    write_post(
        &writer,
        "Vaarallinen teksti",
        "Asiakas <img src=x onerror=alert(1)> kirjoitti <b>tämän</b>.",
        "public",
        "published",
    )
    .await;
    index(&app).await;
    let page = search(&app.new_client(), "asiakas").await;
    assert_eq!(titles(&page), ["Vaarallinen teksti"]);
    assert!(!page.exists(".search-hit__snippet img"), "{}", page.body);
    assert!(!page.exists(".search-hit__snippet b"), "{}", page.body);
    assert!(page.exists(".search-hit__snippet mark"));
}

#[tokio::test]
async fn every_page_has_a_search_box_in_its_header() {
    let app = TestApp::spawn().await;
    app.setup_site().await;
    let page = app.new_client().get("/").await;
    assert_eq!(page.attr("header form[role=search]", "action"), ["/search"]);
    assert!(page.exists("header form[role=search] label[for=site-search-q]"));
}

#[tokio::test]
async fn a_reopened_index_resumes_from_the_position_in_its_last_commit() {
    let (app, writer, _member) = site().await;
    write_post(
        &writer,
        "Ensimmäinen raportti",
        "Raportoimme.",
        "public",
        "published",
    )
    .await;
    let dir = tempfile::tempdir().unwrap();

    // A node's index, filled and closed.
    let first = Search::open(app.db().clone(), dir.path(), Analyser::detect(true)).unwrap();
    let reached = first.catch_up().await.unwrap();
    assert!(reached > 0);
    drop(first);

    write_post(
        &writer,
        "Toinen raportti",
        "Raportoimme taas.",
        "public",
        "published",
    )
    .await;

    // Reopened, it starts where the last commit said and applies only what is new.
    let second = Search::open(app.db().clone(), dir.path(), Analyser::detect(true)).unwrap();
    assert_eq!(second.position().await, reached);
    let now = second.catch_up().await.unwrap();
    assert!(now > reached);
    let found = second.search("raportti", None, 0, 10).await.unwrap();
    let published = post::Entity::find().count(app.db()).await.unwrap();
    assert_eq!(found.total, published);
    assert_eq!(found.hits.len(), 2);
}

#[tokio::test]
async fn a_renamed_author_is_found_by_the_new_name() {
    let app = TestApp::spawn().await;
    app.setup_site().await;
    let writer = app.create_user_in("vero", Role::Writer).await;
    let client = app.client_for(&writer).await;
    write_post(
        &client,
        "Kuukauden katsaus",
        "Katsoimme taaksepäin.",
        "public",
        "published",
    )
    .await;
    index(&app).await;
    assert!(titles(&search(&client, "Väinämöinen").await).is_empty());

    people::update_profile(
        app.db(),
        writer.id,
        people::Profile {
            display_name: DisplayName::parse("Väinö Väinämöinen").unwrap(),
            job_title: String::new(),
            language: Lang::Fi,
        },
    )
    .await
    .unwrap();
    index(&app).await;
    let page = search(&app.new_client(), "väinämöinen").await;
    assert_eq!(titles(&page), ["Kuukauden katsaus"]);
    assert_eq!(page.select(".search-hit__meta").len(), 1);
    assert!(page.text(".search-hit__meta").contains("Väinö Väinämöinen"));
}

#[tokio::test]
async fn swedish_and_english_posts_are_stemmed_in_their_own_language() {
    let (app, writer, _member) = site().await;
    for (title, body, lang) in [
        ("Kunderna först", "Vi lyssnade på kunderna i Vasa.", "sv"),
        ("Serving customers", "We served our customers better.", "en"),
    ] {
        let mut fields = post_fields(title, body, "public", "published");
        fields[3] = ("language", lang);
        let r = writer.form_post("/posts/new", "/posts", &fields).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    }
    index(&app).await;
    let reader = app.new_client();
    assert_eq!(titles(&search(&reader, "kund").await), ["Kunderna först"]);
    assert_eq!(
        titles(&search(&reader, "customer").await),
        ["Serving customers"]
    );
    let page = search(&reader, "customer").await;
    assert_eq!(page.attr(".search-hit__snippet", "lang"), ["en"]);
}

#[tokio::test]
async fn the_indexer_task_indexes_new_posts_by_itself() {
    let app = TestApp::spawn_with(|s| s.run_workers = true).await;
    app.setup_site().await;
    let writer = app
        .client_for(&app.create_user_in("vero", Role::Writer).await)
        .await;
    write_post(
        &writer,
        "Itsestään löytyvä",
        "Indeksoija hoitaa tämän.",
        "public",
        "published",
    )
    .await;
    let search = &app.state().search;
    let target = search.outbox_position().await.unwrap();
    tokio::time::timeout(std::time::Duration::from_secs(10), search.applied(target))
        .await
        .expect("the indexer applied the outbox");
    assert_eq!(
        titles(&search_page(&app, "indeksoija").await),
        ["Itsestään löytyvä"]
    );
}

async fn search_page(app: &TestApp, q: &str) -> TestResponse {
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
    assert!(snowball.folder().await.starts_with("v4-snowball-"));
    assert_eq!(
        snowball.search("palvelu", None, 0, 10).await.unwrap().total,
        1
    );
    drop(snowball);

    // The same data folder opened with Voikko: another folder, filled from the database.
    let voikko = Search::open(app.db().clone(), dir.path(), Analyser::detect(true)).unwrap();
    let folder = voikko.folder().await;
    assert!(folder.starts_with("v4-voikko-"), "{folder}");
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
