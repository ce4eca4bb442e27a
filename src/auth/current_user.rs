//! The signed-in person, from the session: `CurrentUser` (required) and `MaybeUser` (optional).
use axum::{extract::FromRequestParts, http::request::Parts};
use sea_orm::EntityTrait;
use tower_sessions::Session;

use super::{
    Role,
    permissions::Actor,
    session_store::{self, USER_ID_KEY},
};
use crate::{entities::user, error::AppError, i18n::Lang, state::AppState};

/// A signed-in, active person.
#[derive(Clone, Debug)]
pub struct CurrentUser {
    pub id: i32,
    pub email: String,
    pub display_name: String,
    pub role: Role,
    pub organization_id: Option<i32>,
    pub language: Option<Lang>,
    /// Whether the person has confirmed their email address (self-registered customers
    /// contribute only once they have).
    pub email_confirmed: bool,
}

impl CurrentUser {
    pub fn actor(&self) -> Actor {
        Actor {
            id: self.id,
            role: self.role,
        }
    }

    /// From a database row; `None` for a deactivated, removed or suspended person or an
    /// unknown role, so their session ends at their next request.
    pub fn from_row(row: user::Model) -> Option<CurrentUser> {
        if !row.active || row.removed_at.is_some() || row.is_suspended_at(crate::db::now()) {
            return None;
        }
        let role = row.user_role()?;
        let email_confirmed = row.email_confirmed();
        Some(CurrentUser {
            id: row.id,
            email: row.email,
            display_name: row.display_name,
            role,
            organization_id: row.organization_id,
            language: row.language.as_deref().and_then(Lang::parse),
            email_confirmed,
        })
    }
}

/// The person if signed in, else a reader.
#[derive(Clone, Debug)]
pub struct MaybeUser(pub Option<CurrentUser>);

impl MaybeUser {
    pub fn actor(&self) -> Option<Actor> {
        self.0.as_ref().map(CurrentUser::actor)
    }
}

/// Cached per request so that several extractors load the person once.
#[derive(Clone)]
struct Loaded(Option<CurrentUser>);

impl FromRequestParts<AppState> for MaybeUser {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        if let Some(Loaded(user)) = parts.extensions.get::<Loaded>() {
            return Ok(MaybeUser(user.clone()));
        }
        let session = Session::from_request_parts(parts, state)
            .await
            .map_err(|(_, msg)| AppError::Internal(anyhow::anyhow!("session layer: {msg}")))?;
        let user = match session.get::<i32>(USER_ID_KEY).await? {
            None => None,
            Some(id) => {
                // Read with the session when this request loaded it, else asked for here.
                let row = match session_store::person_read_with_session(id) {
                    Some(row) => row,
                    None => user::Entity::find_by_id(id).one(&state.db).await?,
                };
                let user = row.and_then(CurrentUser::from_row);
                if user.is_none() {
                    // Deactivated or removed while signed in: the session ends here.
                    session.flush().await?;
                } else {
                    keep_alive(&session).await?;
                }
                user
            }
        };
        parts.extensions.insert(Loaded(user.clone()));
        Ok(MaybeUser(user))
    }
}

/// When a signed-in session was last touched (Unix seconds).
const SEEN_KEY: &str = "seen_at";

/// The session store only writes a session that changed, and with it its expiry. Touch a
/// signed-in session at most once a minute so that the idle timeout counts from the last
/// request, not from the last change; page views in between write nothing.
async fn keep_alive(session: &Session) -> Result<(), AppError> {
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    let seen = session.get::<i64>(SEEN_KEY).await?.unwrap_or(0);
    if now - seen >= 60 {
        session.insert(SEEN_KEY, now).await?;
    }
    Ok(())
}

impl FromRequestParts<AppState> for CurrentUser {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        MaybeUser::from_request_parts(parts, state)
            .await?
            .0
            .ok_or(AppError::Unauthorized)
    }
}

/// The one way a session becomes signed in as `user_id` (sign-in form, setup, invitations,
/// a panel application with a new account): a new session id and a new CSRF token, so
/// neither an id nor a token planted or read before sign-in can be used afterwards.
pub async fn start_signed_in_session(session: &Session, user_id: i32) -> Result<(), AppError> {
    session.cycle_id().await?;
    session.insert(USER_ID_KEY, user_id).await?;
    // Touched now (the new session is written anyway), so the first page after signing in
    // does not write it again.
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    session.insert(SEEN_KEY, now).await?;
    super::csrf::renew(session).await?;
    Ok(())
}
