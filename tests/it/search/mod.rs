//! Search end to end: Finnish inflections and compounds, access scopes that never leak
//! (hits and totals), visibility changes, hidden and removed comments, drafts, safe
//! snippets, and an index that resumes from the outbox position recorded in its commits.

mod page;

use lupa::{
    auth::Role,
    entities::post,
    i18n::Lang,
    people::{model::DisplayName, service as people},
    search::{Analyser, Search},
};
use page::search_page;
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
pub(crate) async fn comment(client: &TestClient, path: &str, body: &str) -> i32 {
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

/// A site whose workers run (the indexer, and the memories kept beside cached pages), and a
/// writer.
async fn site_with_workers() -> (TestApp, TestClient) {
    let app = TestApp::spawn_with(|s| s.run_workers = true).await;
    app.setup_site().await;
    let writer = app
        .client_for(&app.create_user_in("vero", Role::Writer).await)
        .await;
    (app, writer)
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
    let (app, writer) = site_with_workers().await;
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
