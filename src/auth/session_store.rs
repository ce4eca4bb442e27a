//! A tower-sessions store in our own `sessions` table, through sea-orm, so sessions survive
//! restarts, are shared by every app node on PostgreSQL, and a person's sessions can be ended
//! together (password change, deactivation) by `user_id`.
//!
//! Why not tower-sessions-sqlx-store: it creates its own tables outside our migrations, needs a
//! separate store type per database, and keeps no user id we could end sessions by.
use async_trait::async_trait;
use sea_orm::{
    ActiveValue::{NotSet, Set},
    ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter,
};
use time::OffsetDateTime;
use tower_sessions::{
    SessionStore,
    session::{Id, Record},
    session_store,
};

use crate::entities::session;

/// The name of the session cookie.
pub const SESSION_COOKIE: &str = "lupa_session";

/// The key under which the signed-in person's id lives in a session.
pub const USER_ID_KEY: &str = "user_id";

#[derive(Clone, Debug)]
pub struct DbSessionStore {
    db: DatabaseConnection,
}

impl DbSessionStore {
    pub fn new(db: DatabaseConnection) -> Self {
        Self { db }
    }

    /// Remove expired sessions; run now and then by a background task.
    pub async fn delete_expired(&self) -> Result<u64, sea_orm::DbErr> {
        let now = OffsetDateTime::now_utc().unix_timestamp();
        let res = session::Entity::delete_many()
            .filter(session::Column::ExpiresAt.lt(now))
            .exec(&self.db)
            .await?;
        Ok(res.rows_affected)
    }
}

fn backend(err: impl std::fmt::Display) -> session_store::Error {
    session_store::Error::Backend(err.to_string())
}

fn active_model(record: &Record) -> session_store::Result<session::ActiveModel> {
    let data = serde_json::to_string(&record.data)
        .map_err(|e| session_store::Error::Encode(e.to_string()))?;
    let user_id = record
        .data
        .get(USER_ID_KEY)
        .and_then(|v| v.as_i64())
        .and_then(|v| i32::try_from(v).ok());
    Ok(session::ActiveModel {
        id: Set(record.id.to_string()),
        user_id: Set(user_id),
        data: Set(data),
        expires_at: Set(record.expiry_date.unix_timestamp()),
    })
}

#[async_trait]
impl SessionStore for DbSessionStore {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        // A fresh random id colliding with a live one is astronomically unlikely; if it ever
        // happens the insert fails and we draw again rather than overwrite someone's session.
        for _ in 0..3 {
            let model = active_model(record)?;
            match session::Entity::insert(model).exec(&self.db).await {
                Ok(_) => return Ok(()),
                Err(_) => record.id = Id::default(),
            }
        }
        Err(backend("could not create a session"))
    }

    /// Write back a session that was loaded and changed. Only an UPDATE, never an insert: if
    /// the row is gone (signed out, ended by a password change or deactivation on any node,
    /// or expired) while this request ran, the session stays gone and its next request
    /// starts afresh. New sessions come through `create`.
    async fn save(&self, record: &Record) -> session_store::Result<()> {
        let now = OffsetDateTime::now_utc().unix_timestamp();
        let mut model = active_model(record)?;
        model.id = NotSet;
        session::Entity::update_many()
            .set(model)
            .filter(session::Column::Id.eq(record.id.to_string()))
            .filter(session::Column::ExpiresAt.gt(now))
            .exec(&self.db)
            .await
            .map_err(backend)?;
        Ok(())
    }

    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        let now = OffsetDateTime::now_utc().unix_timestamp();
        let Some(row) = session::Entity::find_by_id(id.to_string())
            .filter(session::Column::ExpiresAt.gt(now))
            .one(&self.db)
            .await
            .map_err(backend)?
        else {
            return Ok(None);
        };
        let data = serde_json::from_str(&row.data)
            .map_err(|e| session_store::Error::Decode(e.to_string()))?;
        let expiry_date = OffsetDateTime::from_unix_timestamp(row.expires_at)
            .map_err(|e| session_store::Error::Decode(e.to_string()))?;
        Ok(Some(Record {
            id: *id,
            data,
            expiry_date,
        }))
    }

    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        session::Entity::delete_by_id(id.to_string())
            .exec(&self.db)
            .await
            .map_err(backend)?;
        Ok(())
    }
}

/// End every session of a person, except optionally the one they are using.
pub async fn end_sessions_of(
    db: &impl sea_orm::ConnectionTrait,
    user_id: i32,
    keep: Option<&Id>,
) -> Result<(), sea_orm::DbErr> {
    let mut query = session::Entity::delete_many().filter(session::Column::UserId.eq(user_id));
    if let Some(keep) = keep {
        query = query.filter(session::Column::Id.ne(keep.to_string()));
    }
    query.exec(db).await?;
    Ok(())
}
