//! The rules' JSON API v1: the same service and parser as the pages (a private panel the
//! caller may not know is 404).
use axum::{
    Json,
    extract::{Path, State},
};
use serde::{Deserialize, Serialize};

use super::{
    model::RulesDraft,
    service::{self, MemberAcceptance, VersionView},
};
use crate::{
    auth::{ApiCaller, ApiUser, CurrentUser},
    error::{AppError, AppResult},
    i18n::Tr,
    panels::access::{self, PanelAccess},
    state::AppState,
};

/// The rules as the API shows them: the version (`null` while the panel has no rules) and,
/// for a member, the version they accepted.
#[derive(Serialize)]
pub struct RulesOut {
    pub version: Option<i32>,
    pub body_md: String,
    pub body_html: String,
    pub author: String,
    pub note: Option<String>,
    pub created_at: Option<String>,
    /// The current version (for an old one asked for by number).
    pub current_version: Option<i32>,
    /// The version the caller accepted last (members only).
    pub accepted_version: Option<i32>,
    /// Whether the caller is a member who has not accepted the current version.
    pub acceptance_pending: bool,
}

fn rules_out(access: &PanelAccess, v: Option<VersionView>) -> RulesOut {
    let (version, body_md, body_html, author, note, created_at) = match v {
        Some(v) => (
            Some(v.version),
            v.body_md,
            v.body_html,
            v.author,
            v.note,
            Some(crate::i18n::iso_datetime(&v.created_at)),
        ),
        None => (
            None,
            String::new(),
            String::new(),
            String::new(),
            None,
            None,
        ),
    };
    RulesOut {
        version,
        body_md,
        body_html,
        author,
        note,
        created_at,
        current_version: access.rules.current,
        accepted_version: access.rules.accepted,
        acceptance_pending: access.rules_pending(),
    }
}

fn tr(user: Option<&CurrentUser>) -> Tr {
    Tr::new(user.and_then(|u| u.language).unwrap_or_default())
}

/// `GET /api/v1/panels/{slug}/rules`
pub async fn show(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(slug): Path<String>,
) -> AppResult<Json<RulesOut>> {
    let access = access::panel_for(&state.db, &slug, caller.actor()).await?;
    access.require_reader()?;
    let v = service::read(&state.db, &access, None, &tr(caller.0.as_ref())).await?;
    Ok(Json(rules_out(&access, v)))
}

/// `GET /api/v1/panels/{slug}/rules/versions/{number}`
pub async fn version(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path((slug, number)): Path<(String, i32)>,
) -> AppResult<Json<RulesOut>> {
    let access = access::panel_for(&state.db, &slug, caller.actor()).await?;
    access.require_reader()?;
    let v = service::read(&state.db, &access, Some(number), &tr(caller.0.as_ref())).await?;
    Ok(Json(rules_out(&access, v)))
}

/// A new version as sent to the API.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RulesIn {
    pub body_md: String,
    #[serde(default)]
    pub note: String,
}

/// `PUT /api/v1/panels/{slug}/rules`: save a new version (facilitators).
pub async fn save(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(slug): Path<String>,
    crate::web::ApiJson(body): crate::web::ApiJson<RulesIn>,
) -> AppResult<Json<RulesOut>> {
    let access = access::panel_for(&state.db, &slug, Some(user.actor())).await?;
    access.require_facilitator()?;
    let draft = RulesDraft::parse(&body.body_md, &body.note).map_err(AppError::Validation)?;
    service::save(&state.db, &user, &access, draft).await?;
    let access = access::panel_for(&state.db, &slug, Some(user.actor())).await?;
    let v = service::read(&state.db, &access, None, &tr(Some(&user))).await?;
    Ok(Json(rules_out(&access, v)))
}

#[derive(Serialize)]
pub struct History {
    pub versions: Vec<VersionView>,
}

/// `GET /api/v1/panels/{slug}/rules/history`: every version, newest first.
pub async fn history(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(slug): Path<String>,
) -> AppResult<Json<History>> {
    let access = access::panel_for(&state.db, &slug, caller.actor()).await?;
    access.require_reader()?;
    let versions = service::history(&state.db, &access, &tr(caller.0.as_ref())).await?;
    Ok(Json(History { versions }))
}

#[derive(Serialize)]
pub struct Accepted {
    pub accepted_version: i32,
}

/// `POST /api/v1/panels/{slug}/rules/accept`: the caller (a member) accepts the current
/// version; 404 when the panel has no rules.
pub async fn accept(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(slug): Path<String>,
) -> AppResult<Json<Accepted>> {
    let access = access::panel_for(&state.db, &slug, Some(user.actor())).await?;
    access.require_member()?;
    let n = service::accept_current(&state.db, &user, &access).await?;
    Ok(Json(Accepted {
        accepted_version: n,
    }))
}

#[derive(Serialize)]
pub struct AcceptanceList {
    pub current_version: Option<i32>,
    pub members: Vec<MemberAcceptance>,
}

/// `GET /api/v1/panels/{slug}/rules/acceptances`: who has accepted which version
/// (facilitators).
pub async fn acceptances(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(slug): Path<String>,
) -> AppResult<Json<AcceptanceList>> {
    let access = access::panel_for(&state.db, &slug, Some(user.actor())).await?;
    access.require_facilitator()?;
    let (current_version, members) =
        service::acceptances(&state.db, &access, &tr(Some(&user))).await?;
    Ok(Json(AcceptanceList {
        current_version,
        members,
    }))
}
