//! JSON API for a person's own account: `DELETE /api/v1/me` deletes it, with the password in
//! the body as the settings form asks for it.
use axum::{
    extract::State,
    http::StatusCode,
    response::{IntoResponse, Response},
};
use serde::Deserialize;

use super::service;
use crate::{auth::ApiUser, error::AppResult, state::AppState, web::ApiJson};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeleteMe {
    #[serde(default)]
    pub password: String,
}

/// `DELETE /api/v1/me`: 204, after which the token used here no longer works.
pub async fn delete_me(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiJson(body): ApiJson<DeleteMe>,
) -> AppResult<Response> {
    service::delete_own_account(&state.db, user.id, &body.password)
        .await
        .map_err(|e| match e {
            // The API names its own field.
            service::PeopleError::Field(mut f) => {
                f.field = "password".into();
                service::PeopleError::Field(f)
            }
            other => other,
        })?;
    Ok(StatusCode::NO_CONTENT.into_response())
}
