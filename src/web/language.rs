//! The language switcher: `GET /language?lang=sv&next=/path` remembers the choice in a cookie
//! (and in a signed-in person's settings) and returns to the page.
use axum::{
    extract::{Query, State},
    http::header,
    response::{IntoResponse, Redirect, Response},
};
use sea_orm::{ActiveModelTrait, ActiveValue::Set};
use serde::Deserialize;

use super::page::LANG_COOKIE;
use crate::{auth::MaybeUser, entities::user, error::AppResult, i18n::Lang, startup::AppState};

#[derive(Deserialize)]
pub struct LanguageQuery {
    lang: Option<String>,
    next: Option<String>,
}

/// Only paths on this site are followed after switching or signing in.
pub fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(n) if n.starts_with('/') && !n.starts_with("//") && !n.contains('\\') => n.to_owned(),
        _ => "/".to_owned(),
    }
}

pub async fn switch(
    State(state): State<AppState>,
    user: MaybeUser,
    Query(q): Query<LanguageQuery>,
) -> AppResult<Response> {
    let back = Redirect::to(&safe_next(q.next.as_deref())).into_response();
    // An unknown or missing language changes nothing.
    let Some(lang) = q.lang.as_deref().and_then(Lang::parse) else {
        return Ok(back);
    };
    if let Some(u) = &user.0 {
        user::ActiveModel {
            id: Set(u.id),
            language: Set(Some(lang.code().to_owned())),
            ..Default::default()
        }
        .update(&state.db)
        .await?;
    }
    let secure = if state.settings.cookies_secure() {
        "; Secure"
    } else {
        ""
    };
    let cookie = format!(
        "{LANG_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax; HttpOnly{secure}",
        lang.code()
    );
    let mut response = back;
    response.headers_mut().insert(
        header::SET_COOKIE,
        header::HeaderValue::from_str(&cookie).map_err(anyhow::Error::from)?,
    );
    Ok(response)
}
