//! The year's JSON API: the same entries as the page, and adding a milestone.
use axum::{
    Json,
    extract::{Path, State},
    http::StatusCode,
    response::{IntoResponse, Response},
};
use chrono::Datelike;
use serde::Deserialize;
use serde_json::{Value, json};

use super::{model::MilestoneForm, service};
use crate::{
    auth::{ApiCaller, ApiUser},
    error::{AppError, AppResult},
    state::AppState,
    web::ApiJson,
};

/// `GET /api/v1/panels/{slug}/year/{year}`
pub async fn show(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path((slug, year)): Path<(String, String)>,
) -> AppResult<Json<Value>> {
    let year: i32 = year.parse().map_err(|_| AppError::NotFound)?;
    let access = service::open(&state.db, &slug, year, caller.actor()).await?;
    let entries = service::entries(&state.db, &access, year).await?;
    Ok(Json(json!({
        "year": year,
        "entries": entries
            .iter()
            .map(|e| json!({
                "kind": e.kind,
                "id": e.id,
                "title": e.title,
                "start": e.start.to_string(),
                "end": e.end.to_string(),
                "href": e.href,
            }))
            .collect::<Vec<_>>(),
    })))
}

/// A milestone as JSON.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MilestoneBody {
    pub title: String,
    /// `YYYY-MM-DD`.
    pub day: String,
}

/// `POST /api/v1/panels/{slug}/milestones` (facilitators): 201.
pub async fn add_milestone(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(slug): Path<String>,
    ApiJson(body): ApiJson<MilestoneBody>,
) -> AppResult<Response> {
    let this_year = crate::actions::service::day_of(crate::db::now()).year();
    let access = service::open(&state.db, &slug, this_year, Some(user.actor())).await?;
    let form = MilestoneForm {
        title: body.title,
        day: body.day,
    };
    let new = service::add_milestone(&state.db, &access, &user, &form).await?;
    Ok((
        StatusCode::CREATED,
        Json(json!({ "title": new.title, "day": new.day.to_string() })),
    )
        .into_response())
}
