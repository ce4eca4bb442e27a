//! Each member's private calendar feed of a panel's workshops:
//! `/panels/{slug}/calendar/{token}.ics`, where the token is a random secret of which only a
//! hash is stored (like every other token, `auth::tokens`). The address is therefore shown
//! once, when it is made; making a new one (the "reset") replaces the hash, so the old
//! address stops working at once. The feed answers 404 for an unknown or replaced token and
//! for a person no longer in the panel.
use axum::{
    Router,
    extract::{Path, State},
    http::header,
    response::{IntoResponse, Response},
    routing::{get, post},
};
use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DbErr, EntityTrait};

use super::{
    ics::{self, Method},
    pages::access,
    registration::handlers::index_page,
    service::{self, Site},
    store,
};
use crate::{
    auth::{
        CurrentUser,
        permissions::Actor,
        tokens::{self, hash_token},
    },
    entities::user,
    error::{AppError, AppResult},
    panels::{access::panel_for, model::PanelId},
    state::AppState,
    web::PageCtx,
};

/// This part's pages, merged into the feature's `pages()`.
pub fn pages() -> Router<AppState> {
    Router::new()
        .route("/panels/{slug}/calendar", post(new_address))
        .route("/panels/{slug}/calendar/{file}", get(calendar))
}

/// The feed's address for a token.
pub fn feed_url(base_url: &str, panel_slug: &str, token: &str) -> String {
    format!(
        "{}/panels/{panel_slug}/calendar/{token}.ics",
        base_url.trim_end_matches('/')
    )
}

/// Make (or replace) a person's feed of a panel; returns the new token, which is not stored.
pub async fn new_token(
    db: &impl ConnectionTrait,
    panel: PanelId,
    user_id: i32,
    at: DateTime<Utc>,
) -> Result<String, DbErr> {
    let token = tokens::random_token();
    store::save_feed(db, panel, user_id, &hash_token(&token), at).await?;
    Ok(token)
}

/// The calendar for a feed token, or `None` (→ 404) when the token is unknown or replaced,
/// the panel is not the token's, or its person is no longer active or in the panel.
pub async fn calendar_for(
    db: &impl ConnectionTrait,
    site: &Site,
    panel_slug: &str,
    token: &str,
) -> Result<Option<String>, AppError> {
    if token.len() != 64 || !token.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Ok(None);
    }
    let Some(feed) = store::feed_by_token_hash(db, &hash_token(token)).await? else {
        return Ok(None);
    };
    let Some(person) = user::Entity::find_by_id(feed.user_id)
        .one(db)
        .await?
        .filter(|u| u.active)
    else {
        return Ok(None);
    };
    let actor = person.user_role().map(|role| Actor {
        id: person.id,
        role,
    });
    let access = match panel_for(db, panel_slug, actor).await {
        Ok(a) => a,
        Err(AppError::NotFound) => return Ok(None),
        Err(e) => return Err(e),
    };
    if access.id() != PanelId(feed.panel_id) || access.role.is_none() {
        return Ok(None);
    }
    let events: Vec<ics::Event> = store::live_workshops_of(db, access.id())
        .await?
        .iter()
        .map(|w| service::event(site, panel_slug, &access.panel.name, w, Vec::new()))
        .collect();
    Ok(Some(ics::calendar(
        Method::Publish,
        Some(&access.panel.name),
        &events,
    )))
}

/// `GET /panels/{slug}/calendar/{token}.ics`: the feed, for calendar programs (no session).
pub async fn calendar(
    State(state): State<AppState>,
    Path((slug, file)): Path<(String, String)>,
) -> AppResult<Response> {
    let token = file.strip_suffix(".ics").ok_or(AppError::NotFound)?;
    let body = calendar_for(&state.db, &Site::of(&state), &slug, token)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok((
        [
            (header::CONTENT_TYPE, Method::Publish.content_type()),
            (header::CACHE_CONTROL, "private, max-age=300".to_owned()),
            (
                header::HeaderName::from_static("x-robots-tag"),
                "noindex".to_owned(),
            ),
        ],
        body,
    )
        .into_response())
}

/// `POST /panels/{slug}/calendar`: make the member's feed address, or replace it (the old
/// one stops working). The answer is the workshops page showing the address this once.
pub async fn new_address(
    State(state): State<AppState>,
    user: CurrentUser,
    ctx: PageCtx,
    Path(slug): Path<String>,
) -> AppResult<Response> {
    let access = access(&state, &ctx, &slug).await?;
    access.require_member()?;
    let token = new_token(&state.db, access.id(), user.id, crate::db::now()).await?;
    let url = feed_url(&state.settings.base_url(), &slug, &token);
    Ok(index_page(&state, ctx, &access, &slug, Some(url))
        .await?
        .into_response())
}
