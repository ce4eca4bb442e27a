//! The notifications API: the list, marking read, follows and the email settings, through
//! the same parsers and services as the pages. Every route needs a token.
use std::collections::HashMap;

use axum::{
    Json,
    extract::{Path, Query, State},
    response::{IntoResponse, Response},
};
use serde::{Deserialize, Serialize};

use super::{
    handlers::ListQuery,
    model::{EmailSettings, FollowTarget},
    service::{self, Followable, Page, SettingsInput},
};
use crate::{
    auth::ApiUser,
    error::{AppError, AppResult},
    state::AppState,
    web::ApiJson,
};

/// `GET /api/v1/notifications`: the newest page, grouped by day (`?before=` for older).
pub async fn list(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Query(q): Query<ListQuery>,
) -> AppResult<Json<Page>> {
    Ok(Json(service::page(&state.db, &user, q.before).await?))
}

/// Which notifications to mark read: `ids`, or `all`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReadIn {
    #[serde(default)]
    pub ids: Option<Vec<i32>>,
    #[serde(default)]
    pub all: bool,
}

#[derive(Serialize)]
pub struct ReadOut {
    pub marked: u64,
    pub unread: u64,
}

/// `POST /api/v1/notifications/read`.
pub async fn mark_read(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiJson(body): ApiJson<ReadIn>,
) -> AppResult<Json<ReadOut>> {
    let ids = match (body.all, body.ids) {
        (true, None) => None,
        (false, Some(ids)) => Some(ids),
        _ => return Err(AppError::BadRequest("notify-read-ids-or-all")),
    };
    let marked = service::mark_read(&state.db, &user, ids).await?;
    let unread = super::bell::unread(&state.db, user.id).await?;
    Ok(Json(ReadOut { marked, unread }))
}

/// `GET /api/v1/follows`.
pub async fn follows(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
) -> AppResult<Json<Vec<Followable>>> {
    Ok(Json(service::following(&state.db, &user).await?))
}

async fn set(
    state: &AppState,
    user: &crate::auth::CurrentUser,
    kind: &str,
    id: &str,
    on: bool,
) -> AppResult<Response> {
    let target = FollowTarget::parse(kind, id).ok_or(AppError::NotFound)?;
    let found = service::set_following(&state.db, user, target, on).await?;
    Ok(Json(FollowOut {
        following: on,
        target: found,
    })
    .into_response())
}

#[derive(Serialize)]
pub struct FollowOut {
    pub following: bool,
    #[serde(flatten)]
    pub target: Followable,
}

/// `PUT /api/v1/follows/{kind}/{id}`: follow.
pub async fn follow(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path((kind, id)): Path<(String, String)>,
) -> AppResult<Response> {
    set(&state, &user, &kind, &id, true).await
}

/// `DELETE /api/v1/follows/{kind}/{id}`: unfollow.
pub async fn unfollow(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path((kind, id)): Path<(String, String)>,
) -> AppResult<Response> {
    set(&state, &user, &kind, &id, false).await
}

/// `GET /api/v1/notifications/settings`.
pub async fn settings(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
) -> AppResult<Json<SettingsOut>> {
    let s = service::settings(&state.db, user.id).await?;
    let handle = service::handle(&state.db, user.id).await?;
    Ok(Json(SettingsOut::new(s, handle)))
}

/// The email settings as JSON: each kind's delivery (the notification kinds, and the other
/// optional emails at once or never), the digest hour, the window, the handle.
#[derive(Serialize)]
pub struct SettingsOut {
    pub deliveries: HashMap<&'static str, &'static str>,
    pub digest_hour: u8,
    pub combine_minutes: u8,
    pub handle: String,
}

impl SettingsOut {
    fn new(s: EmailSettings, handle: String) -> SettingsOut {
        SettingsOut {
            deliveries: s
                .deliveries
                .iter()
                .map(|(k, d)| (k.as_str(), d.as_str()))
                .chain(s.others.iter().map(|(k, d)| (k.as_str(), d.as_str())))
                .collect(),
            digest_hour: s.digest_hour.get(),
            combine_minutes: s.combine_minutes.get(),
            handle,
        }
    }
}

/// A change of the settings: any of the fields (left out: unchanged).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SettingsIn {
    #[serde(default)]
    pub deliveries: HashMap<String, String>,
    #[serde(default)]
    pub digest_hour: Option<i64>,
    #[serde(default)]
    pub combine_minutes: Option<i64>,
    #[serde(default)]
    pub handle: Option<String>,
}

/// `PUT /api/v1/notifications/settings`: 422 with field errors, as the page shows them.
pub async fn save_settings(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiJson(body): ApiJson<SettingsIn>,
) -> AppResult<Json<SettingsOut>> {
    let current = service::settings(&state.db, user.id).await?;
    let hour = body.digest_hour.map(|h| h.to_string()).unwrap_or_default();
    let combine = body
        .combine_minutes
        .map(|m| m.to_string())
        .unwrap_or_default();
    let input = SettingsInput {
        deliveries: body
            .deliveries
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect(),
        digest_hour: &hour,
        combine_minutes: &combine,
    };
    let parsed = service::parse_settings(&input, &current).map_err(AppError::Validation)?;
    if let Some(h) = &body.handle {
        service::change_handle(&state.db, &user, h).await?;
    }
    service::save_settings(&state.db, &user, &parsed).await?;
    let handle = service::handle(&state.db, user.id).await?;
    Ok(Json(SettingsOut::new(parsed, handle)))
}
