//! A tower-sessions store in our own `sessions` table, through sea-orm, so sessions survive
//! restarts, are shared by every app node on PostgreSQL, and a person's sessions can be ended
//! together (password change, deactivation) by `user_id`.
//!
//! Why not tower-sessions-sqlx-store: it creates its own tables outside our migrations, needs a
//! separate store type per database, and keeps no user id we could end sessions by.
use std::cell::RefCell;

use async_trait::async_trait;
use axum::{extract::Request, middleware::Next, response::Response};
use sea_orm::{
    ActiveValue::{NotSet, Set},
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, FromQueryResult, JoinType,
    QueryFilter, QuerySelect, QueryTrait,
    sea_query::Expr,
};
use time::OffsetDateTime;
use tower_sessions::{
    SessionStore,
    session::{Id, Record},
    session_store,
};

use crate::entities::{session, user};

/// The name of the session cookie.
pub const SESSION_COOKIE: &str = "lupa_session";

/// The key under which the signed-in person's id lives in a session.
pub const USER_ID_KEY: &str = "user_id";

#[derive(Clone, Debug)]
pub struct DbSessionStore {
    db: DatabaseConnection,
    /// A number shown beside the signed-in person on every page (the unread notifications),
    /// as an expression over `sessions.user_id`, read in the session's own statement.
    badge: Option<Expr>,
}

impl DbSessionStore {
    pub fn new(db: DatabaseConnection) -> Self {
        Self { db, badge: None }
    }

    /// Read `badge` (an expression over `sessions.user_id`, e.g. a count of the person's rows)
    /// with each session; `badge_read_with_session` hands it out.
    pub fn with_badge(mut self, badge: Expr) -> Self {
        self.badge = Some(badge);
        self
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

/// The badge's column in the session's statement.
const BADGE: &str = "badge";

/// What the session's statement read beside it, for the request that loaded it.
#[derive(Debug)]
struct ReadWithSession {
    /// The person the session row names (`sessions.user_id`).
    user_id: i32,
    /// Their row (`Some(None)` when it is gone), until handed out.
    person: Option<Option<user::Model>>,
    badge: Option<u64>,
}

tokio::task_local! {
    static READ_WITH_SESSION: RefCell<Option<ReadWithSession>>;
}

/// The request layer: what a session's statement reads beside it is kept for the rest of the
/// request (and dropped with it), so that the signed-in person costs no statement of their own.
pub async fn remember_what_the_session_read(request: Request, next: Next) -> Response {
    READ_WITH_SESSION
        .scope(RefCell::new(None), next.run(request))
        .await
}

/// The row of person `user_id` as this request's session statement read it: `Some(None)` when
/// the row is gone, `None` when no session statement of this request read it (ask the
/// database). Handed out once.
pub fn person_read_with_session(user_id: i32) -> Option<Option<user::Model>> {
    READ_WITH_SESSION
        .try_with(|slot| {
            let mut slot = slot.borrow_mut();
            slot.as_mut()
                .filter(|r| r.user_id == user_id)
                .and_then(|r| r.person.take())
        })
        .ok()
        .flatten()
}

/// The badge of person `user_id` as this request's session statement read it.
pub fn badge_read_with_session(user_id: i32) -> Option<u64> {
    READ_WITH_SESSION
        .try_with(|slot| {
            slot.borrow()
                .as_ref()
                .filter(|r| r.user_id == user_id)
                .and_then(|r| r.badge)
        })
        .ok()
        .flatten()
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

    /// One statement for the session, its person and the badge; the person and the badge are
    /// left for this request's `person_read_with_session` and `badge_read_with_session`.
    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        let now = OffsetDateTime::now_utc().unix_timestamp();
        let person = session::Entity::belongs_to(user::Entity)
            .from(session::Column::UserId)
            .to(user::Column::Id)
            .into();
        let mut select = session::Entity::find_by_id(id.to_string())
            .filter(session::Column::ExpiresAt.gt(now))
            .join(JoinType::LeftJoin, person)
            .select_also(user::Entity);
        if let Some(badge) = &self.badge {
            select = select.expr_as(badge.clone(), BADGE);
        }
        let statement = select.build(self.db.get_database_backend());
        let Some(found) = self.db.query_one_raw(statement).await.map_err(backend)? else {
            return Ok(None);
        };
        let row = session::Model::from_query_result(&found, "A_").map_err(backend)?;
        if let Some(user_id) = row.user_id {
            let person = user::Model::from_query_result_optional(&found, "B_").map_err(backend)?;
            let badge = match self.badge {
                Some(_) => Some(found.try_get::<i64>("", BADGE).map_err(backend)?),
                None => None,
            };
            // Outside a request (`remember_what_the_session_read` not around it) nothing is
            // kept, and the person is read again when asked for.
            let _ = READ_WITH_SESSION.try_with(|slot| {
                *slot.borrow_mut() = Some(ReadWithSession {
                    user_id,
                    person: Some(person),
                    badge: badge.map(|n| u64::try_from(n).unwrap_or(0)),
                });
            });
        }
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
