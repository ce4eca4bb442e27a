//! The gauges sampled each time `/metrics` is read: the database pool, the search outbox and
//! every node's index position, and the email outbox.
use sea_orm::{DatabaseConnection, DbBackend, DbErr, EntityTrait};

use super::recorder::Metrics;
use crate::{entities::search_node, search::Search};

/// Sample every gauge into `metrics`.
pub async fn sample(
    metrics: &Metrics,
    db: &DatabaseConnection,
    search: &Search,
) -> Result<(), DbErr> {
    pool(metrics, db);
    let newest = search
        .outbox_position()
        .await
        .map_err(|e| DbErr::Custom(e.to_string()))?;
    metrics.gauge("lupa_search_outbox_position", &[], newest as f64);
    metrics.gauge(
        "lupa_search_index_position_this_node",
        &[("node", search.node())],
        search.position().await as f64,
    );
    for node in search_node::Entity::find().all(db).await? {
        let labels = [("node", node.node.as_str())];
        metrics.gauge("lupa_search_index_position", &labels, node.position as f64);
        metrics.gauge(
            "lupa_search_index_lag",
            &labels,
            (newest - node.position).max(0) as f64,
        );
    }
    let pending = crate::email::store::pending_count(db).await?;
    metrics.gauge("lupa_email_outbox_pending", &[], pending as f64);
    let failed = crate::email::store::failed_count(db).await?;
    metrics.gauge("lupa_email_outbox_failed", &[], failed as f64);
    Ok(())
}

/// Connections open, idle and allowed in this node's pool.
fn pool(metrics: &Metrics, db: &DatabaseConnection) {
    let (size, idle, max) = match db.get_database_backend() {
        DbBackend::Sqlite => {
            let p = db.get_sqlite_connection_pool();
            (
                p.size(),
                p.num_idle() as u32,
                p.options().get_max_connections(),
            )
        }
        DbBackend::Postgres => {
            let p = db.get_postgres_connection_pool();
            (
                p.size(),
                p.num_idle() as u32,
                p.options().get_max_connections(),
            )
        }
        _ => return,
    };
    metrics.gauge(
        "lupa_db_pool_connections",
        &[("state", "idle")],
        f64::from(idle),
    );
    metrics.gauge(
        "lupa_db_pool_connections",
        &[("state", "in_use")],
        f64::from(size.saturating_sub(idle)),
    );
    metrics.gauge("lupa_db_pool_max_connections", &[], f64::from(max));
}
