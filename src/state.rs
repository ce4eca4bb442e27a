//! `AppState`: the shared handles every handler, service entry point and worker reaches (the
//! database, the settings, the mailer, this node's search index). Below every feature, so
//! features import it from here and never from `startup`, which builds it.
use std::sync::Arc;

use sea_orm::DatabaseConnection;

use crate::{
    clock::Clock, config::Settings, db, email::sender::Mailer, metrics::recorder::Metrics,
    page_cache::PageCache, search,
};

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub db: DatabaseConnection,
    pub settings: Arc<Settings>,
    pub mailer: Mailer,
    /// Statements run so far by this app's pool.
    pub queries: db::QueryCounter,
    /// This node's search index (`catch_up` applies the outbox now).
    pub search: search::Search,
    /// This app's clock (`db::now()` reads it during requests and in the workers).
    pub clock: Clock,
    /// This node's request counters and gauges (read on the metrics listener, when on).
    pub metrics: Metrics,
    /// This node's cached visitor pages (dropped as the search index follows the outbox).
    pub page_cache: PageCache,
}
