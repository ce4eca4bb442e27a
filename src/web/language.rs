//! The language switcher: `GET /language?lang=sv&next=/path` remembers the choice in a
//! cookie for this browser and returns to the page. It saves nothing else: a GET changes no
//! stored state, so a signed-in person's saved language changes only through the settings
//! form (which sets the cookie too). The cookie wins over the saved language.
use axum::{
    extract::{Query, State},
    http::{HeaderValue, header},
    response::{IntoResponse, Redirect, Response},
};
use serde::Deserialize;

use super::{page::LANG_COOKIE, return_address::safe_next};
use crate::{error::AppResult, i18n::Lang, state::AppState};

#[derive(Deserialize)]
pub struct LanguageQuery {
    lang: Option<String>,
    next: Option<String>,
}

/// The `Set-Cookie` value that makes `lang` this browser's language for a year.
pub fn lang_cookie(lang: Lang, secure: bool) -> HeaderValue {
    let secure = if secure { "; Secure" } else { "" };
    let cookie = format!(
        "{LANG_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax; HttpOnly{secure}",
        lang.code()
    );
    HeaderValue::from_str(&cookie).expect("a language code and fixed text make a header")
}

pub async fn switch(
    State(state): State<AppState>,
    Query(q): Query<LanguageQuery>,
) -> AppResult<Response> {
    let mut response = Redirect::to(&safe_next(q.next.as_deref())).into_response();
    // An unknown or missing language changes nothing.
    if let Some(lang) = q.lang.as_deref().and_then(Lang::parse) {
        response.headers_mut().insert(
            header::SET_COOKIE,
            lang_cookie(lang, state.settings.cookies_secure()),
        );
    }
    Ok(response)
}
