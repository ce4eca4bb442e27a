//! What the workshop pages share: the panel as the reader may see it, the workshop in it, and
//! the 422 answer that re-renders a form with its errors.
use axum::{
    http::StatusCode,
    response::{Html, IntoResponse, Response},
};

use super::{model::WorkshopId, store};
use crate::{
    entities::workshop,
    error::{AppError, AppResult},
    panels::access::{PanelAccess, panel_for},
    state::AppState,
    web::PageCtx,
};

/// The panel as the reader may see it (the caller checks the role the page needs).
pub(crate) async fn access(state: &AppState, ctx: &PageCtx, slug: &str) -> AppResult<PanelAccess> {
    panel_for(&state.db, slug, ctx.actor()).await
}

/// The panel (for readers) and the workshop in it, or 404.
pub(crate) async fn workshop_for(
    state: &AppState,
    ctx: &PageCtx,
    slug: &str,
    id: i32,
) -> AppResult<(PanelAccess, workshop::Model)> {
    let access = access(state, ctx, slug).await?;
    access.require_reader()?;
    workshop_in(state, access, id).await
}

/// Like `workshop_for`, for facilitators only (403 for members, 404 for outsiders).
pub(crate) async fn workshop_to_run(
    state: &AppState,
    ctx: &PageCtx,
    slug: &str,
    id: i32,
) -> AppResult<(PanelAccess, workshop::Model)> {
    let access = access(state, ctx, slug).await?;
    access.require_facilitator()?;
    workshop_in(state, access, id).await
}

async fn workshop_in(
    state: &AppState,
    access: PanelAccess,
    id: i32,
) -> AppResult<(PanelAccess, workshop::Model)> {
    let w = store::workshop_in_panel(&state.db, access.id(), WorkshopId(id))
        .await?
        .ok_or(AppError::NotFound)?;
    Ok((access, w))
}

/// A form page shown again with its errors.
pub(crate) fn unprocessable(html: Html<String>) -> Response {
    (StatusCode::UNPROCESSABLE_ENTITY, html).into_response()
}

pub(crate) fn workshop_path(slug: &str, id: i32) -> String {
    format!("/panels/{slug}/workshops/{id}")
}
