//! The database going away under a running node (PostgreSQL only: SQLite is a file, not a
//! network away). The app reaches its database through a TCP relay that the test cuts, as an
//! outage or a restart of the database server would: `/healthz` answers 503 at once (the pool
//! alone would keep retrying for its whole acquire timeout), pages answer a 503 page in the
//! reader's language instead of hanging, and the node recovers by itself when the relay is back.
use std::{
    sync::{Arc, Mutex},
    time::{Duration, Instant},
};

use reqwest::StatusCode;
use tokio::{
    net::{TcpListener, TcpStream},
    task::JoinHandle,
};

use crate::helpers::TestApp;

/// A TCP relay to the database server that can be cut and restored on the same port.
struct Relay {
    port: u16,
    target: String,
    accept: Option<JoinHandle<()>>,
    links: Arc<Mutex<Vec<JoinHandle<()>>>>,
}

impl Relay {
    async fn start(target: String) -> Relay {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let mut relay = Relay {
            port: listener.local_addr().unwrap().port(),
            target,
            accept: None,
            links: Arc::default(),
        };
        relay.serve(listener);
        relay
    }

    fn serve(&mut self, listener: TcpListener) {
        let (target, links) = (self.target.clone(), self.links.clone());
        self.accept = Some(tokio::spawn(async move {
            while let Ok((mut inbound, _)) = listener.accept().await {
                let target = target.clone();
                let link = tokio::spawn(async move {
                    if let Ok(mut outbound) = TcpStream::connect(&target).await {
                        let _ = tokio::io::copy_bidirectional(&mut inbound, &mut outbound).await;
                    }
                });
                links.lock().unwrap().push(link);
            }
        }));
    }

    /// Close the port and every open connection: new connections are refused.
    async fn cut(&mut self) {
        if let Some(accept) = self.accept.take() {
            accept.abort();
            let _ = accept.await;
        }
        let links: Vec<_> = self.links.lock().unwrap().drain(..).collect();
        for link in links {
            link.abort();
            let _ = link.await;
        }
    }

    async fn restore(&mut self) {
        let listener = TcpListener::bind(("127.0.0.1", self.port)).await.unwrap();
        self.serve(listener);
    }
}

/// The PostgreSQL server's `host:port`, when the tests run on PostgreSQL.
fn postgres_server() -> Option<String> {
    let url = reqwest::Url::parse(&std::env::var("TEST_DATABASE_URL").ok()?).unwrap();
    Some(format!(
        "{}:{}",
        url.host_str().unwrap(),
        url.port().unwrap_or(5432)
    ))
}

/// An app whose database connections all go through `relay`.
async fn app_behind(relay: &Relay, acquire_timeout: Option<Duration>) -> TestApp {
    let port = relay.port;
    TestApp::spawn_with(move |s| {
        let url = s.database_url.as_ref().expect("a PostgreSQL URL").expose();
        let mut url = reqwest::Url::parse(url).unwrap();
        url.set_host(Some("127.0.0.1")).unwrap();
        url.set_port(Some(port)).unwrap();
        s.database_url = Some(lupa::config::Secret::new(url.to_string()));
        if let Some(timeout) = acquire_timeout {
            s.database_acquire_timeout = timeout;
        }
    })
    .await
}

async fn healthz(app: &TestApp) -> (StatusCode, Duration) {
    let started = Instant::now();
    let status = app.get("/healthz").await.status;
    (status, started.elapsed())
}

#[tokio::test]
async fn healthz_answers_503_at_once_while_the_database_is_unreachable_and_200_when_back() {
    let Some(server) = postgres_server() else {
        return; // SQLite run: no network between the node and its database.
    };
    let mut relay = Relay::start(server).await;
    // The default acquire timeout (10 s): the health check must not wait for it.
    let app = app_behind(&relay, None).await;
    assert_eq!(healthz(&app).await.0, StatusCode::OK);

    relay.cut().await;
    let (status, took) = healthz(&app).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(took < Duration::from_secs(4), "/healthz took {took:?}");

    relay.restore().await;
    let deadline = Instant::now() + Duration::from_secs(20);
    // Polling the app's recovery, which nothing announces.
    while healthz(&app).await.0 != StatusCode::OK {
        assert!(Instant::now() < deadline, "the node did not recover");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test]
async fn pages_answer_a_503_page_in_the_readers_language_while_the_database_is_unreachable() {
    let Some(server) = postgres_server() else {
        return; // SQLite run: no network between the node and its database.
    };
    let mut relay = Relay::start(server).await;
    let app = app_behind(&relay, Some(Duration::from_secs(2))).await;
    let normally = app.get("/").await.status;
    assert!(
        normally.is_success() || normally.is_redirection(),
        "{normally}"
    );

    relay.cut().await;
    let started = Instant::now();
    let page = app.client_with_language("sv").get("/").await;
    let took = started.elapsed();
    assert_eq!(
        page.status,
        StatusCode::SERVICE_UNAVAILABLE,
        "{}",
        page.body
    );
    assert!(page.body.contains("<html"), "{}", page.body);
    assert!(page.body.contains("når inte sin databas"), "{}", page.body);
    // The acquire timeout once, not once more for the error page's own context.
    assert!(took < Duration::from_secs(4), "the page took {took:?}");
    let api = app.client_with_language("en").get("/api/v1/posts").await;
    assert_eq!(api.status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(api.body.contains("\"unavailable\""), "{}", api.body);

    relay.restore().await;
    let deadline = Instant::now() + Duration::from_secs(20);
    while app.get("/").await.status != normally {
        assert!(
            Instant::now() < deadline,
            "the front page did not come back"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}
