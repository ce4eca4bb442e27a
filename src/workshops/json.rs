//! What the workshop JSON API shares: the caller's panel, the caller's language, and Helsinki
//! times as the API writes them.
use axum::http::{HeaderMap, header};
use chrono::{DateTime, Utc};
use serde::Serialize;

use super::time::to_helsinki;
use crate::{
    auth::ApiCaller,
    error::AppResult,
    i18n::Lang,
    panels::access::{self, PanelAccess},
    state::AppState,
};

/// The panel for a content reader (404 for a private panel the caller is not part of).
pub(crate) async fn reader(
    state: &AppState,
    caller: &ApiCaller,
    slug: &str,
) -> AppResult<PanelAccess> {
    let access = access::panel_for(&state.db, slug, caller.actor()).await?;
    access.require_reader()?;
    Ok(access)
}

/// The language of holiday names: `Accept-Language`, else the site's default.
pub(crate) fn lang_of(state: &AppState, headers: &HeaderMap) -> Lang {
    headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .and_then(Lang::from_accept_language)
        .unwrap_or(state.settings.default_language)
}

/// Helsinki wall-clock date and times of a span, as the API writes and reads them.
#[derive(Serialize)]
pub struct LocalTimes {
    /// `YYYY-MM-DD` in Europe/Helsinki.
    pub date: String,
    /// `HH:MM` in Europe/Helsinki.
    pub start: String,
    pub end: String,
}

pub(crate) fn local(start: DateTime<Utc>, end: DateTime<Utc>) -> LocalTimes {
    let (s, e) = (to_helsinki(start), to_helsinki(end));
    LocalTimes {
        date: s.format("%Y-%m-%d").to_string(),
        start: s.format("%H:%M").to_string(),
        end: e.format("%H:%M").to_string(),
    }
}
