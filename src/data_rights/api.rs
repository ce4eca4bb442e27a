//! The same use cases in the JSON API: `/api/v1/me/data-download` (ask, see, fetch),
//! `/api/v1/me/erase` (and `DELETE /api/v1/me`, the same erasure), `/api/v1/admin/people/{id}/erase` and `/api/v1/admin/data-rights`.
use axum::{
    Json,
    extract::{Path, State},
    http::StatusCode,
    response::{IntoResponse, Response},
};
use serde::Deserialize;
use serde_json::json;

use super::{
    download::{self, Status},
    erase::{self, Erased},
    handlers::zip_response,
    model::{DataRightsSettings, RawDataRights},
    settings,
};
use crate::{
    auth::ApiUser,
    error::{AppError, AppResult},
    state::AppState,
    web::ApiJson,
};

fn status_json(status: &Status) -> serde_json::Value {
    match status {
        Status::None => json!({ "status": "none" }),
        Status::Pending => json!({ "status": "pending" }),
        Status::Ready { expires_at, .. } => json!({ "status": "ready", "expires_at": expires_at }),
    }
}

/// `POST /api/v1/me/data-download`: 202; the link comes by email when the file is ready.
pub async fn ask(State(state): State<AppState>, ApiUser(me): ApiUser) -> AppResult<Response> {
    let id = download::request(&state.db, &me).await?;
    Ok((
        StatusCode::ACCEPTED,
        Json(json!({ "id": id, "status": "pending" })),
    )
        .into_response())
}

/// `GET /api/v1/me/data-download`: where the newest request stands.
pub async fn status(
    State(state): State<AppState>,
    ApiUser(me): ApiUser,
) -> AppResult<Json<serde_json::Value>> {
    Ok(Json(status_json(
        &download::status(&state.db, me.id).await?,
    )))
}

/// `GET /api/v1/me/data-download/{token}`: the ZIP file (the emailed link's secret).
pub async fn fetch(
    State(state): State<AppState>,
    ApiUser(me): ApiUser,
    Path(token): Path<String>,
) -> AppResult<Response> {
    Ok(zip_response(download::fetch(&state.db, &me, &token).await?))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EraseMe {
    #[serde(default)]
    pub password: String,
}

/// `POST /api/v1/me/erase`: erase the caller (their password in the body); 200 with what
/// was done, after which the token no longer works.
pub async fn erase_me(
    State(state): State<AppState>,
    ApiUser(me): ApiUser,
    ApiJson(body): ApiJson<EraseMe>,
) -> AppResult<Json<Erased>> {
    let mut done = erase::erase_self(&state, &me, &body.password)
        .await
        .map_err(|e| match e {
            // The API names its own field.
            AppError::Validation(mut fields) => {
                for f in &mut fields {
                    f.field = "password".into();
                }
                AppError::Validation(fields)
            }
            other => other,
        })?;
    // Other people's texts are for an admin to review, not for the person erased.
    done.to_review.clear();
    Ok(Json(done))
}

/// `DELETE /api/v1/me`: the caller deletes their account, which is the same erasure as
/// `POST /api/v1/me/erase` (there is one way to leave); 204, after which the token used here
/// no longer works.
pub async fn delete_me(
    state: State<AppState>,
    me: ApiUser,
    body: ApiJson<EraseMe>,
) -> AppResult<Response> {
    let _erased = erase_me(state, me, body).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// `POST /api/v1/admin/people/{id}/erase`: an admin erases a person; 200 with the texts of
/// others that name them, for review.
pub async fn erase_person(
    State(state): State<AppState>,
    ApiUser(me): ApiUser,
    Path(id): Path<i32>,
    ApiJson(former): ApiJson<erase::Former>,
) -> AppResult<Json<Erased>> {
    Ok(Json(erase::erase_by_admin(&state, &me, id, former).await?))
}

fn settings_json(s: &DataRightsSettings) -> serde_json::Value {
    json!({
        "erasure_policy": s.erasure_policy.as_str(),
        "retention_declined_months": s.retention_declined_months,
        "retention_sessions_days": s.retention_sessions_days,
        "retention_outbox_days": s.retention_outbox_days,
    })
}

/// `GET /api/v1/admin/data-rights`: the erasure policy and retention periods.
pub async fn get_settings(
    State(state): State<AppState>,
    ApiUser(me): ApiUser,
) -> AppResult<Json<serde_json::Value>> {
    settings::require_admin(&me)?;
    Ok(Json(settings_json(&settings::current(&state.db).await?)))
}

/// The settings as JSON: numbers may come as numbers or as text.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SettingsBody {
    #[serde(default)]
    erasure_policy: String,
    #[serde(default)]
    retention_declined_months: serde_json::Value,
    #[serde(default)]
    retention_sessions_days: serde_json::Value,
    #[serde(default)]
    retention_outbox_days: serde_json::Value,
}

fn as_text(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// `PUT /api/v1/admin/data-rights`: change them (422 naming each wrong field).
pub async fn put_settings(
    State(state): State<AppState>,
    ApiUser(me): ApiUser,
    ApiJson(body): ApiJson<SettingsBody>,
) -> AppResult<Json<serde_json::Value>> {
    settings::require_admin(&me)?;
    let raw = RawDataRights {
        erasure_policy: body.erasure_policy,
        retention_declined_months: as_text(&body.retention_declined_months),
        retention_sessions_days: as_text(&body.retention_sessions_days),
        retention_outbox_days: as_text(&body.retention_outbox_days),
    };
    let new = DataRightsSettings::parse(&raw).map_err(AppError::Validation)?;
    settings::save(&state.db, &me, new).await?;
    Ok(Json(settings_json(&new)))
}
