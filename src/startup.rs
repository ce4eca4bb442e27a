//! `Application::build`: the only way to make a running Lupa, used by `main` and every test.
use std::sync::Arc;

use axum::serve::{ListenerExt, TapIo};
use sea_orm::DatabaseConnection;
use tokio::net::{TcpListener, TcpStream};
use tower_sessions::{Expiry, SessionManagerLayer, cookie::SameSite};

use crate::state::AppState;
use crate::{
    auth::session_store::DbSessionStore, clock, config::Settings, db, email, routes, search,
};

/// A bound, migrated, ready-to-serve Lupa.
pub struct Application {
    listener: Listener,
    router: axum::Router,
    state: AppState,
}

impl Application {
    /// Connect, migrate, bind the port (0 = any free port) and assemble the site.
    pub async fn build(settings: Settings) -> anyhow::Result<Application> {
        let (db, queries) = db::connect_counted(&settings).await?;
        db::migrate(&db).await?;
        let listener = without_nagle(TcpListener::bind(settings.bind).await?);
        let settings = Arc::new(settings);
        let mailer = email::Mailer::new(db.clone(), settings.clone());
        let analyser = search::Analyser::detect(settings.search_voikko);
        tracing::info!(analyser = analyser.description(), "Finnish search analyser");
        let search = search::Search::open(db.clone(), &settings.data_dir, analyser)?;
        let state = AppState {
            db: db.clone(),
            settings: settings.clone(),
            mailer,
            queries,
            search,
            clock: settings.clock(),
        };
        crate::web::assets::warm();
        let store = DbSessionStore::new(db);
        let sessions = SessionManagerLayer::new(store)
            .with_name("lupa_session")
            .with_secure(settings.cookies_secure())
            .with_http_only(true)
            .with_same_site(SameSite::Lax)
            .with_expiry(Expiry::OnInactivity(time::Duration::minutes(
                settings.session_idle_minutes,
            )));
        // Outermost, so everything a request does (sessions included) runs on the app's clock.
        let router = routes::router(state.clone(), sessions).layer(
            axum::middleware::from_fn_with_state(state.clock, clock::layer),
        );
        Ok(Application {
            listener,
            router,
            state,
        })
    }

    /// The port actually bound.
    pub fn port(&self) -> u16 {
        axum::serve::Listener::local_addr(&self.listener)
            .map(|a| a.port())
            .unwrap_or(0)
    }

    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// Serve until the process ends (or `shutdown` resolves), with the background workers.
    pub async fn run_until(
        self,
        shutdown: impl std::future::Future<Output = ()> + Send + 'static,
    ) -> anyhow::Result<()> {
        if self.state.settings.run_workers {
            // Each worker is started with `clock::spawn`, so it keeps the app's clock.
            clock::scope(self.state.clock, async {
                self.state.mailer.spawn_sender();
                spawn_session_cleanup(self.state.db.clone());
                self.state.search.spawn_indexer();
                crate::workshops::reminders::spawn(self.state.clone());
            })
            .await;
        }
        axum::serve(
            self.listener,
            self.router
                .into_make_service_with_connect_info::<std::net::SocketAddr>(),
        )
        .with_graceful_shutdown(shutdown)
        .await?;
        Ok(())
    }

    pub async fn run(self) -> anyhow::Result<()> {
        self.run_until(std::future::pending()).await
    }
}

/// The listener Lupa serves from: a TCP listener whose accepted connections have Nagle's
/// algorithm off.
pub type Listener = TapIo<TcpListener, fn(&mut TcpStream)>;

/// Set `TCP_NODELAY` on every accepted connection. Without it a response written in more than
/// one piece (headers, then the body) waits for the client's delayed ACK: 40 ms per request.
pub fn without_nagle(listener: TcpListener) -> Listener {
    listener.tap_io(set_nodelay as fn(&mut TcpStream))
}

fn set_nodelay(stream: &mut TcpStream) {
    if let Err(e) = stream.set_nodelay(true) {
        tracing::debug!(error = %e, "could not set TCP_NODELAY on an accepted connection");
    }
}

fn spawn_session_cleanup(db: DatabaseConnection) {
    clock::spawn(async move {
        let store = DbSessionStore::new(db.clone());
        let mut tick = tokio::time::interval(std::time::Duration::from_secs(3600));
        let mut last_retention = None;
        loop {
            tick.tick().await;
            crate::feedback::retention::tick(&db, &mut last_retention).await;
            if let Err(e) = store.delete_expired().await {
                tracing::warn!(error = %e, "could not delete expired sessions");
            }
        }
    });
}
