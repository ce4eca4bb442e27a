//! The feedback channel's JSON API: the public form's data and sending (with the same bot
//! defences and parser as the page), and the inbox for staff with tokens. An inbox the
//! caller may not work does not exist for them (404).
use axum::{
    Json,
    extract::{Path, Query, State},
    http::{HeaderMap, StatusCode, header},
    response::{IntoResponse, Response},
};
use serde::Deserialize;
use serde_json::{Value, json};

use super::{
    auth_inbox,
    entities::{feedback_item as item, feedback_topic as topic},
    handlers::InboxQuery,
    model::{FeedbackForm, Status},
    service::{self, FeedbackError, FormTarget},
};
use crate::{
    auth::{ApiUser, ClientIp},
    error::{AppError, AppResult},
    i18n,
    state::AppState,
    web::ApiJson,
};

fn topic_json(t: &topic::Model) -> Value {
    json!({ "id": t.id, "name": t.name, "retired": t.retired_at.is_some() })
}

/// An item as staff see it (the sender's address included: the API is staff-only here).
fn item_json(row: &item::Model) -> Value {
    json!({
        "id": row.id,
        "topic_id": row.topic_id,
        "panel_id": row.panel_id,
        "status": row.status,
        "body": row.body_md,
        "body_html": row.body_html,
        "email": row.email,
        "may_publish": row.may_publish,
        "language": row.language,
        "assignee_id": row.assignee_id,
        "reply": row.reply_md,
        "replied_at": row.replied_at.map(|at| i18n::iso_datetime(&at)),
        "published_post_id": row.published_post_id,
        "created_at": i18n::iso_datetime(&row.created_at),
    })
}

/// `GET /api/v1/feedback/{org}`: what a client needs to send feedback: the open topics and
/// a signed start time (send it back as `started`, no sooner than `min_fill_seconds`).
pub async fn form(
    State(state): State<AppState>,
    Path(short): Path<String>,
) -> AppResult<Json<Value>> {
    let target = service::organization_form(&state.db, &short).await?;
    form_json(&state, &target).await
}

/// `GET /api/v1/panels/{slug}/feedback`: the same for a panel's form (404 when it has none).
pub async fn panel_form(
    State(state): State<AppState>,
    Path(slug): Path<String>,
) -> AppResult<Json<Value>> {
    let target = service::panel_form(&state.db, &slug).await?;
    form_json(&state, &target).await
}

async fn form_json(state: &AppState, target: &FormTarget) -> AppResult<Json<Value>> {
    let org = &target.org;
    let topics = service::open_topics(&state.db, org.id).await?;
    Ok(Json(json!({
        "organization": { "short_name": org.short_name, "name": org.name },
        "panel": target.panel.as_ref().map(|p| json!({ "slug": p.slug, "name": p.name })),
        "topics": topics.iter().map(topic_json).collect::<Vec<_>>(),
        "started": service::form_stamp(&state.db).await?,
        "min_fill_seconds": super::bots::MIN_FILL_SECONDS,
        "max_text_chars": super::model::MAX_TEXT_CHARS,
    })))
}

/// `POST /api/v1/feedback/{org}`: send feedback (no account needed).
pub async fn send(
    State(state): State<AppState>,
    ClientIp(address): ClientIp,
    headers: HeaderMap,
    Path(short): Path<String>,
    ApiJson(body): ApiJson<SendBody>,
) -> AppResult<Response> {
    let target = service::organization_form(&state.db, &short).await?;
    send_to(&state, &address, &headers, &target, body).await
}

/// `POST /api/v1/panels/{slug}/feedback`: the same through a panel's form.
pub async fn send_panel(
    State(state): State<AppState>,
    ClientIp(address): ClientIp,
    headers: HeaderMap,
    Path(slug): Path<String>,
    ApiJson(body): ApiJson<SendBody>,
) -> AppResult<Response> {
    let target = service::panel_form(&state.db, &slug).await?;
    send_to(&state, &address, &headers, &target, body).await
}

async fn send_to(
    state: &AppState,
    address: &str,
    headers: &HeaderMap,
    target: &FormTarget,
    body: SendBody,
) -> AppResult<Response> {
    let lang = i18n::negotiate(
        None,
        None,
        headers
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok()),
        state.settings.default_language,
    );
    let form = body.into_form();
    let saved = service::submit(&state.db, target, &form, address, lang).await?;
    Ok((
        StatusCode::CREATED,
        Json(json!({ "id": saved.id, "status": saved.status })),
    )
        .into_response())
}

/// The body of a sending; `may_publish` is a boolean here.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SendBody {
    #[serde(default)]
    pub topic: Option<i32>,
    #[serde(default)]
    pub body: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub may_publish: bool,
    #[serde(default)]
    pub language: String,
    #[serde(default)]
    pub website: String,
    #[serde(default)]
    pub started: String,
}

impl SendBody {
    fn into_form(self) -> FeedbackForm {
        FeedbackForm {
            topic: self.topic.map(|t| t.to_string()).unwrap_or_default(),
            body: self.body,
            email: self.email,
            may_publish: if self.may_publish {
                "yes".into()
            } else {
                String::new()
            },
            language: self.language,
            website: self.website,
            started: self.started,
        }
    }
}

/// `GET /api/v1/feedback/{org}/topics`: every topic, retired ones marked (staff).
pub async fn topics(
    State(state): State<AppState>,
    ApiUser(staff): ApiUser,
    Path(short): Path<String>,
) -> AppResult<Json<Value>> {
    let inbox = auth_inbox(&state, &staff, &short).await?;
    let topics = service::all_topics(&state.db, &inbox).await?;
    Ok(Json(
        json!({ "topics": topics.iter().map(topic_json).collect::<Vec<_>>() }),
    ))
}

/// `GET /api/v1/feedback/{org}/items?status=&topic=`
pub async fn list(
    State(state): State<AppState>,
    ApiUser(staff): ApiUser,
    Path(short): Path<String>,
    Query(query): Query<InboxQuery>,
) -> AppResult<Json<Value>> {
    let inbox = auth_inbox(&state, &staff, &short).await?;
    let items = service::list(&state.db, &inbox, query.filter()).await?;
    Ok(Json(
        json!({ "items": items.iter().map(item_json).collect::<Vec<_>>() }),
    ))
}

/// `GET /api/v1/feedback/{org}/items/{id}`: the item with its internal notes.
pub async fn show(
    State(state): State<AppState>,
    ApiUser(staff): ApiUser,
    crate::web::page::ApiLang(t): crate::web::page::ApiLang,
    Path((short, id)): Path<(String, i32)>,
) -> AppResult<Json<Value>> {
    let inbox = auth_inbox(&state, &staff, &short).await?;
    let view = service::item_view(&state.db, &inbox, id).await?;
    let mut out = item_json(&view.item);
    out["notes"] = view
        .notes
        .iter()
        .map(|(n, name)| {
            json!({ "id": n.id, "author_id": n.author_id, "author": name.shown(&t), "body": n.body,
                    "created_at": i18n::iso_datetime(&n.created_at) })
        })
        .collect();
    Ok(Json(out))
}

/// The fields `PATCH` may change.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UpdateBody {
    #[serde(default)]
    pub status: Option<String>,
    /// A person's id, or `null` to unassign (leave the field out to keep it).
    #[serde(default, with = "serde_with_double_option")]
    pub assignee_id: Option<Option<i32>>,
}

/// `Option<Option<T>>` that tells a missing field from `null`.
mod serde_with_double_option {
    use serde::{Deserialize, Deserializer};
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Option<i32>>, D::Error> {
        Ok(Some(Option::<i32>::deserialize(d)?))
    }
}

/// `PATCH /api/v1/feedback/{org}/items/{id}`: change the state and/or the assignee.
pub async fn update(
    State(state): State<AppState>,
    ApiUser(staff): ApiUser,
    Path((short, id)): Path<(String, i32)>,
    ApiJson(body): ApiJson<UpdateBody>,
) -> AppResult<Json<Value>> {
    let inbox = auth_inbox(&state, &staff, &short).await?;
    service::item(&state.db, &inbox, id).await?;
    if let Some(raw) = &body.status {
        let status = Status::parse_field(raw).map_err(|e| AppError::Validation(vec![e]))?;
        service::set_status(&state.db, &inbox, id, status).await?;
    }
    if let Some(assignee) = body.assignee_id {
        service::assign(&state.db, &inbox, id, assignee).await?;
    }
    Ok(Json(item_json(
        &service::item(&state.db, &inbox, id).await?,
    )))
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TextBody {
    #[serde(default)]
    pub body: String,
}

/// `POST /api/v1/feedback/{org}/items/{id}/notes`
pub async fn add_note(
    State(state): State<AppState>,
    ApiUser(staff): ApiUser,
    Path((short, id)): Path<(String, i32)>,
    ApiJson(body): ApiJson<TextBody>,
) -> AppResult<Response> {
    let inbox = auth_inbox(&state, &staff, &short).await?;
    let note = service::add_note(&state.db, &inbox, id, &body.body)
        .await
        .map_err(|e| rename(e, "note", "body"))?;
    Ok((
        StatusCode::CREATED,
        Json(json!({ "id": note.id, "body": note.body })),
    )
        .into_response())
}

/// `POST /api/v1/feedback/{org}/items/{id}/reply`: email the sender; the item is answered.
pub async fn reply(
    State(state): State<AppState>,
    ApiUser(staff): ApiUser,
    Path((short, id)): Path<(String, i32)>,
    ApiJson(body): ApiJson<TextBody>,
) -> AppResult<Json<Value>> {
    let inbox = auth_inbox(&state, &staff, &short).await?;
    let saved = service::reply(&state.db, &state.mailer, &inbox, id, &body.body)
        .await
        .map_err(|e| rename(e, "reply", "body"))?;
    Ok(Json(item_json(&saved)))
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PublishBody {
    /// `post` (the default) or `panel:{slug}`.
    #[serde(default)]
    pub target: String,
}

/// `POST /api/v1/feedback/{org}/items/{id}/publish`: as a public post or a panel topic
/// (only with the sender's permission).
pub async fn publish(
    State(state): State<AppState>,
    ApiUser(staff): ApiUser,
    Path((short, id)): Path<(String, i32)>,
    ApiJson(body): ApiJson<PublishBody>,
) -> AppResult<Json<Value>> {
    let inbox = auth_inbox(&state, &staff, &short).await?;
    let to = service::Destination::parse_field(&body.target)
        .map_err(|e| AppError::Validation(vec![e]))?;
    let saved = service::publish(&state.db, &inbox, id, to, state.settings.write_rate).await?;
    let mut out = item_json(&saved);
    out["published_path"] = service::published_path(&state.db, &saved).await?.into();
    Ok(Json(out))
}

/// The page's field name for an error becomes the API body's.
fn rename(e: FeedbackError, from: &'static str, to: &'static str) -> FeedbackError {
    match e {
        FeedbackError::Fields(fields) => FeedbackError::Fields(
            fields
                .into_iter()
                .map(|mut f| {
                    if f.field == from {
                        f.field = to.into();
                    }
                    f
                })
                .collect(),
        ),
        other => other,
    }
}
