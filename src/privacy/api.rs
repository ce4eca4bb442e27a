//! `GET/PUT /api/v1/site/privacy`: the privacy notice's texts as admins wrote them.
use axum::{Json, extract::State};

use super::service::{self, Notice};
use crate::{
    auth::ApiUser,
    error::{AppError, AppResult},
    state::AppState,
    web::ApiJson,
};

/// `GET /api/v1/site/privacy`: public; empty texts mean the default notice is shown.
pub async fn show(State(state): State<AppState>) -> AppResult<Json<Notice>> {
    Ok(Json(service::stored(&state.db).await?))
}

/// `PUT /api/v1/site/privacy` (admins)
pub async fn update(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiJson(notice): ApiJson<Notice>,
) -> AppResult<Json<Notice>> {
    let notice = notice.check().map_err(AppError::Validation)?;
    service::save(&state.db, &user, notice.clone()).await?;
    Ok(Json(notice))
}
