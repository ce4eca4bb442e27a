//! `GET/PUT /api/v1/site/settings`: the same settings and parser as the admin form.
use axum::{Json, extract::State};
use serde::Deserialize;

use super::{
    model::{RawSettings, SiteRules},
    service,
};
use crate::{
    auth::ApiUser,
    error::{AppError, AppResult},
    state::AppState,
    web::ApiJson,
};

/// The JSON body: the policy's code and the numbers.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SettingsIn {
    pub comment_policy: String,
    pub premoderate_first: i64,
    pub flags_to_hide: i64,
    pub newcomer_days: i64,
    pub newcomer_writes_per_hour: i64,
    pub newcomer_links: i64,
    pub feedback_retention_months: i64,
}

impl From<SettingsIn> for RawSettings {
    fn from(s: SettingsIn) -> RawSettings {
        RawSettings {
            comment_policy: s.comment_policy,
            premoderate_first: s.premoderate_first.to_string(),
            flags_to_hide: s.flags_to_hide.to_string(),
            newcomer_days: s.newcomer_days.to_string(),
            newcomer_writes_per_hour: s.newcomer_writes_per_hour.to_string(),
            newcomer_links: s.newcomer_links.to_string(),
            feedback_retention_months: s.feedback_retention_months.to_string(),
        }
    }
}

/// `GET /api/v1/site/settings` (admins)
pub async fn show(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
) -> AppResult<Json<SiteRules>> {
    service::require_admin(&user)?;
    Ok(Json(service::current(&state.db).await?))
}

/// `PUT /api/v1/site/settings` (admins): all fields, checked like the form.
pub async fn update(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiJson(body): ApiJson<SettingsIn>,
) -> AppResult<Json<SiteRules>> {
    service::require_admin(&user)?;
    let rules = SiteRules::parse(&body.into()).map_err(AppError::Validation)?;
    service::save(&state.db, &user, rules).await?;
    Ok(Json(rules))
}
