//! Every write that changes a public page drops it on another node sharing the database,
//! through the search outbox: each test caches pages on the second node, writes on the
//! first, lets the second follow the outbox, and finds the pages rendered afresh.
use super::*;

#[tokio::test]
async fn a_new_comment_on_one_node_drops_the_post_page_on_the_other() {
    let site = Site::new().await;
    for path in [site.post.clone(), format!("{}/comments.atom", site.post)] {
        site.cached(&path).await;
    }
    let (_, member) = site.person(Role::Member).await;
    site.comment(&member, "Uusi kommentti toiselta solmulta")
        .await;
    for path in [site.post.clone(), format!("{}/comments.atom", site.post)] {
        let page = site.fresh(&path).await;
        assert!(
            page.body.contains("Uusi kommentti toiselta solmulta"),
            "{path}"
        );
    }
}

#[tokio::test]
async fn an_edited_post_is_fresh_on_its_page_the_front_page_the_feed_and_its_authors_page() {
    let site = Site::new().await;
    let author = format!("/people/{}", site.writer.id);
    for path in [site.post.as_str(), "/", "/feed.atom", author.as_str()] {
        site.cached(path).await;
    }
    site.edit_post("Otsikko muuttui", "public").await;
    for path in [site.post.as_str(), "/", "/feed.atom", author.as_str()] {
        let page = site.fresh(path).await;
        assert!(page.body.contains("Otsikko muuttui"), "{path}");
    }
}

#[tokio::test]
async fn a_post_made_members_only_leaves_every_visitor_page() {
    let site = Site::new().await;
    for path in [site.post.as_str(), "/", "/labels/kokeilu", "/feed.atom"] {
        assert!(
            site.cached(path)
                .await
                .body
                .contains("Välimuistin koekirjoitus")
        );
    }
    site.edit_post("Välimuistin koekirjoitus", "members").await;
    site.follow().await;
    assert_eq!(site.visit(&site.post).await.status, StatusCode::NOT_FOUND);
    for path in ["/", "/labels/kokeilu", "/feed.atom"] {
        let page = site.visit(path).await;
        assert!(!page.body.contains("Välimuistin koekirjoitus"), "{path}");
    }
}

#[tokio::test]
async fn a_hidden_comment_leaves_the_cached_post_page() {
    let site = Site::new().await;
    let (_, member) = site.person(Role::Member).await;
    let id = site.comment(&member, "Asiaton kommentti").await;
    site.follow().await;
    assert!(
        site.cached(&site.post)
            .await
            .body
            .contains("Asiaton kommentti")
    );
    site.hide(id).await;
    assert!(
        !site
            .fresh(&site.post)
            .await
            .body
            .contains("Asiaton kommentti")
    );
}

#[tokio::test]
async fn a_moderators_decision_reaches_the_cached_post_page() {
    let site = Site::new().await;
    let (_, member) = site.person(Role::Member).await;
    let id = site.comment(&member, "Kommentti ennen moderointia").await;
    site.follow().await;
    site.cached(&site.post).await;
    let (_, editor) = site.person(Role::Editor).await;
    let decided = editor
        .form_post(
            "/moderation",
            &format!("/moderation/comment/{id}/edit"),
            &[
                ("body", "Moderaattorin korjaama kommentti"),
                ("note", "Siistitty"),
            ],
        )
        .await;
    assert_eq!(decided.status, StatusCode::SEE_OTHER, "{}", decided.body);
    let page = site.fresh(&site.post).await;
    assert!(page.body.contains("Moderaattorin korjaama kommentti"));
    assert!(!page.body.contains("Kommentti ennen moderointia"));
}

/// A search that finds the site's post (by its author, of the test organisation).
const SEARCH: &str = "/search?q=koekirjoitus";

#[tokio::test]
async fn a_renamed_person_is_renamed_on_every_cached_page() {
    let site = Site::new().await;
    let author = format!("/people/{}", site.writer.id);
    // The search page names the author by each hit and in the author filter (from the names
    // kept beside the pages, `search::names`).
    site.follow().await;
    for path in [site.post.as_str(), author.as_str(), "/", SEARCH] {
        assert!(
            site.cached(path)
                .await
                .body
                .contains(&site.writer.display_name)
        );
    }
    let renamed = site
        .writer_client
        .form_post(
            "/settings",
            "/settings",
            &[
                ("display_name", "Veera Uusinimi"),
                ("job_title", ""),
                ("language", "fi"),
            ],
        )
        .await;
    assert_eq!(renamed.status, StatusCode::SEE_OTHER, "{}", renamed.body);
    for path in [site.post.as_str(), author.as_str(), "/", SEARCH] {
        let page = site.fresh(path).await;
        assert!(page.body.contains("Veera Uusinimi"), "{path}");
        assert!(!page.body.contains(&site.writer.display_name), "{path}");
    }
}

#[tokio::test]
async fn a_renamed_organisation_is_renamed_on_its_cached_pages() {
    let site = Site::new().await;
    site.follow().await;
    for path in [
        "/organizations/vero",
        "/organizations",
        site.post.as_str(),
        SEARCH,
    ] {
        let page = site.cached(path).await;
        assert!(page.body.contains("Organisaatio vero"), "{path}");
    }
    let renamed = site
        .app
        .form_post(
            "/admin/organizations",
            "/admin/organizations/vero",
            &[
                ("name", "Verohallinto uudella nimellä"),
                ("description", ""),
            ],
        )
        .await;
    assert_eq!(renamed.status, StatusCode::SEE_OTHER, "{}", renamed.body);
    for path in [
        "/organizations/vero",
        "/organizations",
        site.post.as_str(),
        SEARCH,
    ] {
        assert!(
            site.fresh(path)
                .await
                .body
                .contains("Verohallinto uudella nimellä"),
            "{path}"
        );
    }
}

#[tokio::test]
async fn changed_site_settings_drop_the_cached_pages() {
    let site = Site::new().await;
    site.cached(&site.post).await;
    let fields = crate::participation::settings_fields("registered");
    let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let saved = site
        .app
        .form_post("/admin/settings", "/admin/settings", &pairs)
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    site.fresh(&site.post).await;
}

#[tokio::test]
async fn a_suspension_and_its_end_drop_the_cached_pages() {
    let site = Site::new().await;
    let (member, _) = site.person(Role::Member).await;
    let (_, admin) = site.person(Role::Admin).await;
    for action in ["suspend", "unsuspend"] {
        site.cached(&site.post).await;
        let done = admin
            .form_post(
                "/moderation",
                &format!("/moderation/people/{}/{action}", member.id),
                &[("days", ""), ("reason", "Koe")],
            )
            .await;
        assert_eq!(
            done.status,
            StatusCode::SEE_OTHER,
            "{action}: {}",
            done.body
        );
        site.fresh(&site.post).await;
    }
}

#[tokio::test]
async fn a_removed_account_leaves_the_cached_pages_without_its_name() {
    let site = Site::new().await;
    let (member, client) = site.person(Role::Member).await;
    site.comment(&client, "Kommentti ennen poistoa").await;
    site.follow().await;
    assert!(
        site.cached(&site.post)
            .await
            .body
            .contains(&member.display_name)
    );
    let removed = client
        .form_post(
            "/settings/data",
            "/settings/data/erase",
            &[("erase_password", &member.password)],
        )
        .await;
    assert_eq!(removed.status, StatusCode::SEE_OTHER, "{}", removed.body);
    assert!(
        !site
            .fresh(&site.post)
            .await
            .body
            .contains(&member.display_name)
    );
}

#[tokio::test]
async fn a_write_on_a_node_drops_its_own_pages_as_soon_as_it_has_answered() {
    // One node: no waiting for the outbox for the node that took the write.
    let site = Site::new().await;
    let client = TestClient::new(&site.app.url(""), None);
    for _ in 0..2 {
        client.get(&site.post).await;
    }
    assert_eq!(
        cache_of(&client.get(&site.post).await).as_deref(),
        Some("hit")
    );
    let (_, member) = site.person(Role::Member).await;
    site.comment(&member, "Heti näkyvä kommentti").await;
    let page = client.get(&site.post).await;
    assert_eq!(cache_of(&page).as_deref(), Some("miss"));
    assert!(page.body.contains("Heti näkyvä kommentti"));
}

#[tokio::test]
async fn a_changed_handle_drops_the_pages_that_mention_it() {
    let site = Site::new().await;
    let old = lupa::notifications::mentions::handle_of(site.app.db(), site.writer.id)
        .await
        .unwrap();
    let (_, member) = site.person(Role::Member).await;
    site.comment(&member, &format!("Kiitos @{old}")).await;
    site.follow().await;
    let link = format!(".comment__body a[href='/people/{}']", site.writer.id);
    assert_eq!(
        site.cached(&site.post).await.select(&link),
        [format!("@{old}")]
    );
    let r = site
        .writer_client
        .form_post(
            "/settings/email",
            "/settings/handle",
            &[("handle", "vaihdettu")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(site.fresh(&site.post).await.select(&link), ["@vaihdettu"]);
}

/// Every page shows the site's name, which this node keeps in memory with its pages: a
/// node that read it before setup shows the new name once it follows the outbox.
#[tokio::test]
async fn the_site_name_set_up_on_one_node_reaches_the_pages_of_another() {
    let app = TestApp::spawn_with(|s| s.run_workers = true).await;
    let node = app.spawn_second_node().await;
    let visitor = TestClient::new(&node.address, None);
    let before = visitor.get("/").await;
    assert_eq!(before.status, StatusCode::OK, "{}", before.body);
    assert_eq!(before.text(".site-name"), "Lupa");

    app.setup_site().await;
    // This node's own pages show it at once (its write dropped what it kept).
    assert_eq!(
        app.new_client().get("/sign-in").await.text(".site-name"),
        "Testiverkosto"
    );
    node.state
        .search
        .catch_up()
        .await
        .expect("the second node catches up");
    assert_eq!(
        visitor.get("/sign-in").await.text(".site-name"),
        "Testiverkosto"
    );
}

#[tokio::test]
async fn a_new_post_on_one_node_reaches_a_visitors_cached_search_on_the_other() {
    let site = Site::new().await;
    let path = "/search?q=kuukausiraportti";
    let before = site.cached(path).await;
    assert!(!before.body.contains("Kuukausiraportti valmistui"));
    write_post(&site.writer_client, "Kuukausiraportti valmistui", "public").await;
    let page = site.fresh(path).await;
    assert!(
        page.body.contains("Kuukausiraportti valmistui"),
        "{}",
        page.body
    );
}

#[tokio::test]
async fn an_import_reaches_the_cached_front_page_archive_and_feed_of_another_node() {
    // `lupa import` writes through the blog's services and the outbox like any other write,
    // from its own process: here on the first node's database, as the command would.
    let site = Site::new().await;
    // The import's organisation is the test organisation's, made with its first person
    // (before the pages are cached, so that only the import can drop them).
    site.person(Role::Writer).await;
    site.follow().await;
    // What each page shows of the export's post of May 2019.
    let shown = [
        ("/", "Digituki kirjastoissa"),
        ("/archive", "/archive/2019/05"),
        ("/feed.atom", "Digituki kirjastoissa"),
    ];
    for (path, text) in shown {
        assert!(!site.cached(path).await.body.contains(text), "{path}");
    }
    let file = crate::import::data("wordpress.xml");
    crate::import::import(&site.app, lupa::import::model::Format::WordPress, &file)
        .await
        .expect("the export is imported");
    for (path, text) in shown {
        let page = site.fresh(path).await;
        assert!(page.body.contains(text), "{path}: {}", page.body);
    }
}
