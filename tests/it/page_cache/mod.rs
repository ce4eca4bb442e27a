//! The page cache for visitors: what it keeps and answers (`ETag`, `304`, per language),
//! that it never answers a signed-in reader nor shows members-only content, and that every
//! write that changes a public page drops it on another node sharing the database, through
//! the search outbox (`invalidation`).
mod invalidation;
mod members;
mod privacy;
mod serving;

use lupa::auth::Role;
use reqwest::StatusCode;

use crate::helpers::{
    SecondNode, TestApp, TestClient, TestResponse, TestUser, editor_fields, write_post,
};

/// Whether the page cache answered (`x-lupa-cache: hit`), rendered (`miss`) or stayed out.
fn cache_of(response: &TestResponse) -> Option<String> {
    response.header("x-lupa-cache")
}

/// Two nodes on one database with the page cache on (it needs the indexer, a worker): the
/// default client of the first is the site's admin; a writer of the organisation `vero` has
/// published one public post.
struct Site {
    app: TestApp,
    node: SecondNode,
    writer: TestUser,
    writer_client: TestClient,
    /// `/posts/{slug}`
    post: String,
}

impl Site {
    async fn new() -> Site {
        let app = TestApp::spawn_with(|s| s.run_workers = true).await;
        app.setup_site().await;
        let writer = app.create_user_in("vero", Role::Writer).await;
        let writer_client = app.client_for(&writer).await;
        let post = write_post(&writer_client, "Välimuistin koekirjoitus", "public").await;
        let node = app.spawn_second_node().await;
        let site = Site {
            app,
            node,
            writer,
            writer_client,
            post,
        };
        site.follow().await;
        site
    }

    /// A visitor (no cookies) on the second node.
    async fn visit(&self, path: &str) -> TestResponse {
        TestClient::new(&self.node.address, None).get(path).await
    }

    /// The second node has applied the outbox up to every change committed so far (what its
    /// indexer does within a poll interval).
    async fn follow(&self) {
        self.node
            .state
            .search
            .catch_up()
            .await
            .expect("the second node catches up");
    }

    /// Visit `path` on the second node until its page is cached there; returns the cached
    /// page.
    async fn cached(&self, path: &str) -> TestResponse {
        let first = self.visit(path).await;
        assert_eq!(first.status, StatusCode::OK, "{path}: {}", first.body);
        let second = self.visit(path).await;
        assert_eq!(cache_of(&second).as_deref(), Some("hit"), "{path}");
        second
    }

    /// After a write on the first node: the second node follows the outbox and renders
    /// `path` afresh.
    async fn fresh(&self, path: &str) -> TestResponse {
        self.follow().await;
        let page = self.visit(path).await;
        assert_eq!(cache_of(&page).as_deref(), Some("miss"), "{path}");
        page
    }

    /// A new signed-in person of the test organisation on the first node.
    async fn person(&self, role: Role) -> (TestUser, TestClient) {
        let user = self.app.create_user(role).await;
        let client = self.app.client_for(&user).await;
        (user, client)
    }

    /// Comment on the post as `client`; returns the comment's id.
    async fn comment(&self, client: &TestClient, body: &str) -> i32 {
        crate::search::comment(client, &self.post, body).await
    }

    /// A new editor hides comment `id` on the first node; returns the editor's client.
    async fn hide(&self, id: i32) -> TestClient {
        let (_, editor) = self.person(Role::Editor).await;
        let hidden = editor
            .form_post(
                &self.post,
                &format!("/comments/{id}/hide"),
                &[("action", "hide")],
            )
            .await;
        assert_eq!(hidden.status, StatusCode::SEE_OTHER, "{}", hidden.body);
        editor
    }

    /// Save the post through the editor with `title` and `visibility`.
    async fn edit_post(&self, title: &str, visibility: &str) {
        let response = self
            .writer_client
            .form_post(
                &format!("{}/edit", self.post),
                &self.post,
                &editor_fields(title, "Muokattu teksti.", visibility),
            )
            .await;
        assert_eq!(response.status, StatusCode::SEE_OTHER, "{}", response.body);
    }
}
