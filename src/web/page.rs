//! `PageCtx`: everything the base template needs, extracted once per request.
use axum::{
    extract::FromRequestParts,
    http::{header, request::Parts},
};
use sea_orm::EntityTrait;
use tower_sessions::Session;

use crate::{
    auth::{CurrentUser, MaybeUser, csrf, permissions},
    entities::site_settings,
    error::AppError,
    i18n::{self, Lang, Tr},
    state::AppState,
};

/// Name of the cookie the language switcher sets.
pub const LANG_COOKIE: &str = "lupa_lang";
const FLASH_KEY: &str = "flash";

/// A one-time notice shown on the next page (e.g. "Post published").
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct Flash {
    pub message_key: String,
    /// Optional text shown after the message (e.g. an invitation link).
    pub detail: Option<String>,
}

/// The per-request page context.
#[derive(Clone, Debug)]
pub struct PageCtx {
    pub t: Tr,
    pub lang: Lang,
    pub user: Option<CurrentUser>,
    pub site_name: String,
    pub site_default_lang: Lang,
    pub setup_done: bool,
    /// Path and query of this request, for the language switcher and sign-in return.
    pub path: String,
    pub flash: Option<Flash>,
    /// The signed-in reader's unread notifications (the bell in the header).
    pub unread: u64,
    csrf: Option<String>,
    session: Session,
}

impl PageCtx {
    /// A context that needs no database: for error pages when the database itself failed.
    pub fn without_database(parts: &Parts, lang: Lang) -> Option<PageCtx> {
        let session = parts.extensions.get::<Session>()?.clone();
        Some(PageCtx {
            t: Tr::new(lang),
            lang,
            user: None,
            site_name: "Lupa".to_owned(),
            site_default_lang: lang,
            setup_done: true,
            path: parts
                .uri
                .path_and_query()
                .map(|p| p.as_str().to_owned())
                .unwrap_or_else(|| "/".to_owned()),
            flash: None,
            unread: 0,
            csrf: None,
            session,
        })
    }

    /// The CSRF token for forms, masked for this response; empty only on pages that did not call `with_csrf`
    /// (which then have no forms for readers).
    pub fn csrf(&self) -> &str {
        self.csrf.as_deref().unwrap_or("")
    }

    /// Make sure this page has a CSRF token (needed by any page with a form for readers).
    pub async fn with_csrf(mut self) -> Result<Self, AppError> {
        if self.csrf.is_none() {
            self.csrf = Some(csrf::masked(&csrf::token(&self.session).await?));
        }
        Ok(self)
    }

    /// Show `message_key` on the next page this person opens.
    pub async fn flash(&self, message_key: &str, detail: Option<String>) -> Result<(), AppError> {
        set_flash(&self.session, message_key, detail).await
    }

    /// The URL of a file under `static/`, with its content hash (the one way templates link
    /// to a stylesheet, script or icon).
    pub fn asset(&self, name: &str) -> &'static str {
        super::assets::url(name)
    }

    pub fn session(&self) -> &Session {
        &self.session
    }

    pub fn actor(&self) -> Option<permissions::Actor> {
        self.user.as_ref().map(CurrentUser::actor)
    }

    pub fn can_write(&self) -> bool {
        permissions::can_write_posts(self.actor())
    }

    /// Staff (members and above): they work their organisation's feedback inbox.
    pub fn is_staff(&self) -> bool {
        permissions::is_staff(self.actor())
    }

    /// Editors and admins: they work the moderation queue.
    pub fn can_moderate(&self) -> bool {
        permissions::can_moderate(self.actor())
    }

    pub fn can_invite(&self) -> bool {
        permissions::can_invite(self.actor())
    }

    pub fn is_admin(&self) -> bool {
        permissions::can_manage_people(self.actor())
    }

    /// Links of the language switcher: (language, href, is current).
    pub fn language_links(&self) -> Vec<(Lang, String, bool)> {
        Lang::ALL
            .iter()
            .map(|&l| {
                let href = format!("/language?lang={}&next={}", l.code(), urlencode(&self.path));
                (l, href, l == self.lang)
            })
            .collect()
    }

    /// The sign-in link that returns here afterwards.
    pub fn sign_in_href(&self) -> String {
        format!("/sign-in?next={}", urlencode(&self.path))
    }

    pub fn format_date(&self, at: &chrono::DateTime<chrono::Utc>) -> String {
        self.t.long_date(at)
    }

    pub fn format_datetime(&self, at: &chrono::DateTime<chrono::Utc>) -> String {
        self.t.long_datetime(at)
    }
}

/// Store a flash message in a session.
pub async fn set_flash(
    session: &Session,
    message_key: &str,
    detail: Option<String>,
) -> Result<(), AppError> {
    session
        .insert(
            FLASH_KEY,
            Flash {
                message_key: message_key.to_owned(),
                detail,
            },
        )
        .await?;
    Ok(())
}

/// The session's flash message, removed so it shows once. Only a session that has one is
/// changed: tower-sessions marks a session modified on any `remove`, even of an absent key,
/// and a modified session is written back, so an unconditional remove cost every signed-in
/// page view a write of its session row (on SQLite, a turn at the one write lock).
async fn take_flash(session: &Session) -> Result<Option<Flash>, AppError> {
    if session.get_value(FLASH_KEY).await?.is_none() {
        return Ok(None);
    }
    Ok(session.remove::<Flash>(FLASH_KEY).await?)
}

/// Percent-encode a string for a query parameter.
pub fn urlencode(s: &str) -> String {
    serde_urlencoded::to_string([("", s)])
        .map(|q| q.trim_start_matches('=').to_owned())
        .unwrap_or_default()
}

/// The language cookie's value, if any.
pub fn lang_cookie(parts: &Parts) -> Option<String> {
    cookie(&parts.headers, LANG_COOKIE)
}

/// The value of the request's cookie `name`, if it sent one.
pub fn cookie(headers: &axum::http::HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|c| c.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_owned())
}

/// The language a reader asks for without being signed in (the language cookie, else
/// `Accept-Language`), before the site's default fills in: what a visitor's page varies on.
pub fn asked_lang(headers: &axum::http::HeaderMap) -> Option<Lang> {
    cookie(headers, LANG_COOKIE)
        .as_deref()
        .and_then(Lang::parse)
        .or_else(|| {
            headers
                .get(header::ACCEPT_LANGUAGE)
                .and_then(|v| v.to_str().ok())
                .and_then(Lang::from_accept_language)
        })
}

/// What every page and feed shows of the site's settings: its name and default language.
/// They are set at setup, whose write records `Change::Site` (as every write to the settings
/// does), so this node keeps them in memory with its cached pages and reads them again when
/// those are dropped (`PageCache::remember`), instead of once per request.
#[derive(Clone, Debug)]
pub struct SiteFrame {
    pub network_name: String,
    pub default_language: Option<Lang>,
}

/// The site's frame; `None` before setup.
pub async fn site_frame(state: &AppState) -> Result<Option<SiteFrame>, sea_orm::DbErr> {
    let cache = &state.page_cache;
    if let Some(kept) = cache.remembered::<Option<SiteFrame>>() {
        return Ok(Option::clone(&kept));
    }
    let ticket = cache.ticket();
    let frame = site_settings(&state.db).await?.map(|s| SiteFrame {
        default_language: s.language(),
        network_name: s.network_name,
    });
    cache.remember(ticket, std::sync::Arc::new(frame.clone()));
    Ok(frame)
}

/// The site's own settings, if the setup form has been filled in.
pub async fn site_settings(
    db: &sea_orm::DatabaseConnection,
) -> Result<Option<site_settings::Model>, sea_orm::DbErr> {
    site_settings::Entity::find_by_id(1).one(db).await
}

/// Language for a request without loading the person (error pages use it).
pub fn request_lang(parts: &Parts, site_default: Lang, preference: Option<Lang>) -> Lang {
    i18n::negotiate(
        preference,
        lang_cookie(parts).as_deref(),
        parts
            .headers
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok()),
        site_default,
    )
}

/// The reader's language for a JSON answer (`Accept-Language`, else the site's default): what
/// names of removed people ("former participant") and other words in API answers are shown in.
#[derive(Clone, Copy, Debug)]
pub struct ApiLang(pub Tr);

impl FromRequestParts<AppState> for ApiLang {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let default = site_frame(state)
            .await?
            .and_then(|s| s.default_language)
            .unwrap_or(state.settings.default_language);
        Ok(ApiLang(Tr::new(request_lang(parts, default, None))))
    }
}

impl FromRequestParts<AppState> for PageCtx {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let session = Session::from_request_parts(parts, state)
            .await
            .map_err(|(_, msg)| AppError::Internal(anyhow::anyhow!("session layer: {msg}")))?;
        let MaybeUser(user) = MaybeUser::from_request_parts(parts, state).await?;
        let frame = site_frame(state).await?;
        let site_default_lang = frame
            .as_ref()
            .and_then(|s| s.default_language)
            .unwrap_or(state.settings.default_language);
        let lang = request_lang(
            parts,
            site_default_lang,
            user.as_ref().and_then(|u| u.language),
        );
        // Masked afresh for this response, so compressing the page cannot reveal it (BREACH).
        let csrf = if user.is_some() {
            Some(csrf::token(&session).await?)
        } else {
            csrf::existing_token(&session).await?
        }
        .map(|token| csrf::masked(&token));
        let flash = take_flash(&session).await?;
        let unread = match &user {
            Some(u) => match crate::auth::session_store::badge_read_with_session(u.id) {
                Some(unread) => unread,
                None => crate::notifications::bell::unread(&state.db, u.id).await?,
            },
            None => 0,
        };
        let path = parts
            .uri
            .path_and_query()
            .map(|p| p.as_str().to_owned())
            .unwrap_or_else(|| "/".to_owned());
        Ok(PageCtx {
            t: Tr::new(lang),
            lang,
            user,
            setup_done: frame.is_some(),
            site_name: frame.map_or_else(|| "Lupa".to_owned(), |s| s.network_name),
            site_default_lang,
            path,
            flash,
            unread,
            csrf,
            session,
        })
    }
}
