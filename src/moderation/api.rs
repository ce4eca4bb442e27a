//! The moderation API: the queue, its actions, suspensions and flags, through the same
//! parsers and services as the pages.
use axum::{
    Json,
    extract::{Path, State},
    http::StatusCode,
    response::{IntoResponse, Response},
};
use serde::{Deserialize, Serialize};

use super::{
    handlers::{ActionForm, Decision, SuspendForm, parse_suspension},
    model::{ItemKind, NewFlag},
    service::{self, FlagOutcome, QueueItem},
};
use crate::{
    auth::ApiUser,
    error::{AppError, AppResult},
    state::AppState,
    web::ApiJson,
};

/// A queue action's JSON body: the form's fields, nothing else.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActionIn {
    #[serde(default)]
    pub reason: String,
    #[serde(default)]
    pub body: String,
    #[serde(default)]
    pub note: String,
}

/// A suspension's JSON body.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SuspendIn {
    #[serde(default)]
    pub days: String,
    #[serde(default)]
    pub reason: String,
}

/// A flag's JSON body.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FlagIn {
    #[serde(default)]
    pub reason: String,
    #[serde(default)]
    pub details: String,
}

/// One flag as the queue shows it (the flagger is not named).
#[derive(Serialize)]
pub struct FlagOut {
    pub reason: String,
    pub details: String,
    pub created_at: chrono::DateTime<chrono::Utc>,
}

/// One item waiting for a moderator.
#[derive(Serialize)]
pub struct QueueItemOut {
    pub kind: &'static str,
    pub id: i32,
    /// `held`, `flagged`, or `visible` with open flags.
    pub state: &'static str,
    pub url: String,
    pub post_title: String,
    pub author_id: i32,
    pub author: String,
    /// Markdown as written.
    pub body: String,
    pub panel_id: Option<i32>,
    pub flags: Vec<FlagOut>,
}

impl QueueItemOut {
    /// The item as JSON, its author named for a reader of language `t`.
    fn new(q: QueueItem, t: &crate::i18n::Tr) -> Self {
        QueueItemOut {
            kind: q.item.kind.as_str(),
            id: q.item.id(),
            state: q.item.state().as_str(),
            post_title: q.item.post.title.clone(),
            author_id: q.item.author_id(),
            author: q
                .author
                .as_ref()
                .map(|u| crate::people::model::PersonName::of(u).shown(t))
                .unwrap_or_default(),
            body: q.item.text().to_owned(),
            panel_id: q.item.panel.map(|p| p.0),
            flags: q
                .flags
                .into_iter()
                .map(|f| FlagOut {
                    reason: f.reason,
                    details: f.details,
                    created_at: f.created_at,
                })
                .collect(),
            url: q.url,
        }
    }
}

#[derive(Serialize)]
pub struct QueueOut {
    pub items: Vec<QueueItemOut>,
}

/// `GET /api/v1/moderation/queue`: what waits for the caller (404 for non-moderators).
pub async fn queue(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    crate::web::page::ApiLang(t): crate::web::page::ApiLang,
) -> AppResult<Json<QueueOut>> {
    if !service::has_queue(&state.db, &user).await? {
        return Err(AppError::NotFound);
    }
    let items = service::queue(&state.db, &user).await?;
    Ok(Json(QueueOut {
        items: items
            .into_iter()
            .map(|q| QueueItemOut::new(q, &t))
            .collect(),
    }))
}

/// `POST /api/v1/moderation/{kind}/{id}/{action}`: approve, reject (`reason`), edit
/// (`body`, `note`), hide or dismiss; 204 when done.
pub async fn act(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path((kind, id, action)): Path<(String, i32, String)>,
    ApiJson(body): ApiJson<ActionIn>,
) -> AppResult<StatusCode> {
    let kind = ItemKind::parse(&kind).ok_or(AppError::NotFound)?;
    let form = ActionForm {
        reason: body.reason,
        body: body.body,
        note: body.note,
    };
    Decision::parse(&action, &form)?
        .run(&state, &user, kind, id)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// A person's suspension as answered.
#[derive(Serialize)]
pub struct SuspensionOut {
    pub user_id: i32,
    pub suspended: bool,
    pub suspended_until: Option<chrono::DateTime<chrono::Utc>>,
}

fn suspension_out(u: crate::entities::user::Model) -> SuspensionOut {
    SuspensionOut {
        user_id: u.id,
        suspended: u.suspended_at.is_some(),
        suspended_until: u.suspended_until,
    }
}

/// `POST /api/v1/moderation/people/{id}/suspend`: `days` (empty or 0: for good), `reason`.
pub async fn suspend(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<i32>,
    ApiJson(body): ApiJson<SuspendIn>,
) -> AppResult<Json<SuspensionOut>> {
    let (length, reason) = parse_suspension(&SuspendForm {
        days: body.days,
        reason: body.reason,
        item: String::new(),
    })?;
    let saved = service::suspend(&state.db, &user, id, length, reason).await?;
    Ok(Json(suspension_out(saved)))
}

/// `POST /api/v1/moderation/people/{id}/unsuspend`
pub async fn unsuspend(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<i32>,
) -> AppResult<Json<SuspensionOut>> {
    let saved = service::unsuspend(&state.db, &user, id).await?;
    Ok(Json(suspension_out(saved)))
}

#[derive(Serialize)]
pub struct FlagAnswer {
    /// `recorded`, `already_flagged` or `hidden` (this flag hid it pending review).
    pub outcome: &'static str,
}

/// `POST /api/v1/flags/{kind}/{id}`: `reason` and `details`; 201, or 200 when already flagged.
pub async fn flag(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path((kind, id)): Path<(String, i32)>,
    ApiJson(body): ApiJson<FlagIn>,
) -> AppResult<Response> {
    let kind = ItemKind::parse(&kind).ok_or(AppError::NotFound)?;
    let new = NewFlag::parse(&body.reason, &body.details).map_err(AppError::Validation)?;
    let outcome = service::flag(&state.db, &user, kind, id, new).await?;
    let (status, outcome) = match outcome {
        FlagOutcome::Recorded => (StatusCode::CREATED, "recorded"),
        FlagOutcome::Hidden => (StatusCode::CREATED, "hidden"),
        FlagOutcome::AlreadyFlagged => (StatusCode::OK, "already_flagged"),
    };
    Ok((status, Json(FlagAnswer { outcome })).into_response())
}
