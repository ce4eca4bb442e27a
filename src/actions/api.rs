//! The JSON API of actions: the progress list, one action with its history, writing one
//! (facilitators), moving one on (its owner and facilitators), and the caller's own list.
//! The same parsers and rules as the pages.
use axum::{
    Json,
    extract::{Path, State},
    http::StatusCode,
    response::{IntoResponse, Response},
};
use serde::Deserialize;
use serde_json::{Value, json};

use super::{
    model::{ActionForm, StatusChange, UpdateForm},
    service::{self, ActionView, UpdateView},
};
use crate::{
    auth::{ApiCaller, ApiUser},
    error::{AppError, AppResult},
    i18n,
    state::AppState,
    web::ApiJson,
};

fn action_json(a: &ActionView) -> Value {
    json!({
        "id": a.row.id,
        "title": a.row.title,
        "description": a.row.description_md,
        "description_html": a.row.description_html,
        "status": a.status,
        "owner_id": a.row.owner_id,
        "owner_name": a.owner_name,
        "due": a.row.due_on.to_string(),
        "overdue": a.overdue,
        "source": {
            "kind": a.row.source_kind,
            "label": a.source.label,
            "href": a.source.href,
        },
        "href": a.href,
        "created_at": i18n::iso_datetime(&a.row.created_at),
        "updated_at": i18n::iso_datetime(&a.row.updated_at),
    })
}

fn update_json(u: &UpdateView) -> Value {
    json!({
        "status": u.status,
        "note": u.row.note,
        "author": u.author,
        "at": i18n::iso_datetime(&u.row.created_at),
    })
}

/// `GET /api/v1/panels/{slug}/actions`: the panel's actions, grouped by status.
pub async fn list(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(slug): Path<String>,
) -> AppResult<Json<Value>> {
    let access = service::open_panel(&state.db, &slug, caller.actor()).await?;
    let groups = service::progress(&state.db, &access, caller.0.as_ref()).await?;
    let mut out = serde_json::Map::new();
    for (status, actions) in groups {
        out.insert(
            status.as_str().to_owned(),
            Value::Array(actions.iter().map(action_json).collect()),
        );
    }
    Ok(Json(json!({ "actions": out })))
}

/// A new action as JSON; read through the same parser as the form.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActionBody {
    pub title: String,
    #[serde(default)]
    pub description: String,
    pub owner_id: i32,
    /// `YYYY-MM-DD`.
    pub due: String,
    /// `agenda:12`, `task:5`, `idea:7`, `feedback:3`; none for an action written by hand.
    #[serde(default)]
    pub source: Option<String>,
}

/// `POST /api/v1/panels/{slug}/actions` (facilitators): 201 with the action.
pub async fn create(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(slug): Path<String>,
    ApiJson(body): ApiJson<ActionBody>,
) -> AppResult<Response> {
    let access = service::open_panel(&state.db, &slug, Some(user.actor())).await?;
    let form = ActionForm {
        title: body.title,
        description: body.description,
        owner: body.owner_id.to_string(),
        due: body.due,
        source: body.source.unwrap_or_default(),
    };
    let row = service::create(&state.db, &access, &user, &form).await?;
    let (view, updates) = service::action_view(&state.db, &access, row, Some(&user)).await?;
    Ok((StatusCode::CREATED, Json(with_history(&view, &updates))).into_response())
}

fn with_history(view: &ActionView, updates: &[UpdateView]) -> Value {
    let mut out = action_json(view);
    out["history"] = Value::Array(updates.iter().map(update_json).collect());
    out
}

/// `GET /api/v1/panels/{slug}/actions/{id}`: the action with its history.
pub async fn show(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path((slug, id)): Path<(String, i32)>,
) -> AppResult<Json<Value>> {
    let (access, row) = service::open_action(&state.db, &slug, id, caller.actor()).await?;
    let (view, updates) = service::action_view(&state.db, &access, row, caller.0.as_ref()).await?;
    Ok(Json(with_history(&view, &updates)))
}

/// A status change as JSON.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UpdateBody {
    pub status: String,
    pub note: String,
}

/// `POST /api/v1/panels/{slug}/actions/{id}/updates` (its owner, facilitators).
pub async fn change_status(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path((slug, id)): Path<(String, i32)>,
    ApiJson(body): ApiJson<UpdateBody>,
) -> AppResult<Json<Value>> {
    let (access, row) = service::open_action(&state.db, &slug, id, Some(user.actor())).await?;
    let change = StatusChange::parse(&UpdateForm {
        status: body.status,
        note: body.note,
    })
    .map_err(AppError::Validation)?;
    let saved = service::change_status(&state.db, &access, &row, &user, change).await?;
    let (view, updates) = service::action_view(&state.db, &access, saved, Some(&user)).await?;
    Ok(Json(with_history(&view, &updates)))
}

/// `GET /api/v1/actions/mine`: the caller's own actions, soonest due first.
pub async fn mine(State(state): State<AppState>, ApiUser(user): ApiUser) -> AppResult<Json<Value>> {
    let rows = service::mine(&state.db, &user).await?;
    Ok(Json(json!({
        "actions": rows
            .iter()
            .map(|own| {
                let mut v = action_json(&own.view);
                v["panel"] = Value::String(own.panel_name.clone());
                v
            })
            .collect::<Vec<_>>(),
    })))
}
