//! `Application::build`: the only way to make a running Lupa, used by `main` and every test.
use std::{future::IntoFuture, sync::Arc};

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
    /// The metrics listener, when `LUPA_METRICS__BIND` turns it on.
    metrics_listener: Option<TcpListener>,
    router: axum::Router,
    state: AppState,
}

impl Application {
    /// Connect, migrate, bind the port (0 = any free port) and assemble the site.
    pub async fn build(settings: Settings) -> anyhow::Result<Application> {
        let (db, queries) = db::connect_counted(&settings).await?;
        db::migrate(&db).await?;
        let listener = without_nagle(TcpListener::bind(settings.bind).await?);
        let metrics_listener = match settings.metrics_bind {
            Some(address) => Some(TcpListener::bind(address).await?),
            None => None,
        };
        let settings = Arc::new(settings);
        let mailer = email::Mailer::new(db.clone(), settings.clone());
        let analyser = search::Analyser::detect(settings.search_voikko);
        tracing::info!(analyser = analyser.description(), "Finnish search analyser");
        let search = search::Search::open(db.clone(), &settings.data_dir, analyser)?;
        // Only a node that runs its indexer follows the outbox, so only it may cache pages.
        let page_cache = crate::page_cache::PageCache::new(
            search.applied_feed(),
            if settings.run_workers {
                settings.page_cache_max_age
            } else {
                std::time::Duration::ZERO
            },
        );
        search.keep_names_in(page_cache.clone());
        let state = AppState {
            db: db.clone(),
            settings: settings.clone(),
            mailer,
            queries,
            search,
            clock: settings.clock(),
            metrics: crate::metrics::Metrics::new(),
            page_cache,
        };
        crate::web::assets::warm();
        // The bell's count comes with the session: one statement for who is signed in.
        let store = DbSessionStore::new(db)
            .with_badge(crate::notifications::bell::unread_of_session_person());
        let sessions = SessionManagerLayer::new(store)
            .with_name(crate::auth::session_store::SESSION_COOKIE)
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
            metrics_listener,
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

    /// The port of the metrics listener, when it is on.
    pub fn metrics_port(&self) -> Option<u16> {
        let listener = self.metrics_listener.as_ref()?;
        listener.local_addr().ok().map(|a| a.port())
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
                crate::notifications::mail::spawn(self.state.clone());
                crate::actions::reminders::spawn(self.state.clone());
                crate::tasks::ideas::service::spawn_reveal(self.state.clone());
                crate::data_rights::spawn_workers(&self.state);
            })
            .await;
        }
        let metrics = self.metrics_listener.map(|listener| {
            let site = crate::metrics::endpoint::router(self.state.clone());
            tokio::spawn(async move { axum::serve(listener, site).await })
        });
        // Graceful shutdown: when `shutdown` resolves the listener closes, idle connections
        // end, and requests in flight finish, for at most the grace period.
        let grace = self.state.settings.shutdown_grace;
        let (stopping, stopped) = tokio::sync::oneshot::channel::<()>();
        let signal = async move {
            shutdown.await;
            tracing::info!(
                grace_seconds = grace.as_secs(),
                "shutting down: finishing the requests in flight"
            );
            let _ = stopping.send(());
        };
        let deadline = async move {
            match stopped.await {
                Ok(()) => tokio::time::sleep(grace).await,
                Err(_) => std::future::pending().await,
            }
        };
        let serve = axum::serve(
            self.listener,
            self.router
                .into_make_service_with_connect_info::<std::net::SocketAddr>(),
        )
        .with_graceful_shutdown(signal)
        .into_future();
        tokio::select! {
            served = serve => served?,
            () = deadline => tracing::warn!(
                grace_seconds = grace.as_secs(),
                "requests still running after the grace period were cut off"
            ),
        }
        if let Some(metrics) = metrics {
            metrics.abort();
        }
        flush_search_index(&self.state, grace).await;
        tracing::info!("stopped");
        Ok(())
    }

    pub async fn run(self) -> anyhow::Result<()> {
        self.run_until(std::future::pending()).await
    }
}

/// Apply what the search outbox holds to this node's index and commit it (waiting for a
/// commit already under way), so the next start has nothing of this node's to replay.
async fn flush_search_index(state: &AppState, limit: std::time::Duration) {
    let flush = clock::scope(state.clock, state.search.tick(false));
    match tokio::time::timeout(limit, flush).await {
        Ok(Ok(position)) => tracing::info!(position, "search index committed"),
        Ok(Err(e)) => tracing::warn!(error = %e, "search index not flushed at shutdown"),
        Err(_) => tracing::warn!("search index flush took longer than the grace period"),
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
