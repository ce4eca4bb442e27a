//! Email pages: unsubscribing by an email's link (no sign-in needed) and the administrators'
//! list of failed emails with a retry button. The choices of what to receive are on the one
//! email settings page (`notifications::handlers`, `/settings/email`).
use askama::Template;
use axum::{
    extract::{Path, State},
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
};

use super::{preferences, store};
use crate::{
    auth::{CurrentUser, Role},
    entities::email_outbox,
    error::{AppError, AppResult},
    state::AppState,
    web::{PageCtx, render},
};

#[derive(Template)]
#[template(path = "email/unsubscribe.html")]
struct UnsubscribePage {
    ctx: PageCtx,
    token: String,
    kind_name: String,
    done: bool,
}

#[derive(Template)]
#[template(path = "error.html")]
struct InvalidLinkPage {
    ctx: PageCtx,
    title: String,
    message: String,
}

fn invalid_link(ctx: PageCtx) -> AppResult<Response> {
    let title = ctx.t.get("email-unsubscribe-invalid-title");
    let message = ctx.t.get("email-unsubscribe-invalid");
    Ok((
        StatusCode::NOT_FOUND,
        render(&InvalidLinkPage {
            ctx,
            title,
            message,
        })?,
    )
        .into_response())
}

/// The page an unsubscribe link opens: a button to confirm (a GET changes nothing, so link
/// checkers in mail systems cannot unsubscribe anyone).
pub async fn unsubscribe_page(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(token): Path<String>,
) -> AppResult<Response> {
    let Some((_, kind)) = preferences::resolve_token(&state.db, &token).await? else {
        return invalid_link(ctx);
    };
    let ctx = ctx.with_csrf().await?;
    let kind_name = ctx.t.get(&kind.label_key());
    Ok(render(&UnsubscribePage {
        ctx,
        token,
        kind_name,
        done: false,
    })?
    .into_response())
}

/// The confirm button.
pub async fn unsubscribe(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(token): Path<String>,
) -> AppResult<Response> {
    let Some(kind) = preferences::unsubscribe_by_token(&state.db, &token).await? else {
        return invalid_link(ctx);
    };
    let ctx = ctx.with_csrf().await?;
    let kind_name = ctx.t.get(&kind.label_key());
    Ok(render(&UnsubscribePage {
        ctx,
        token,
        kind_name,
        done: true,
    })?
    .into_response())
}

/// RFC 8058 one-click unsubscribe, POSTed by mail programs to the `List-Unsubscribe` address.
pub async fn one_click_unsubscribe(
    State(state): State<AppState>,
    Path(token): Path<String>,
) -> AppResult<Response> {
    match preferences::unsubscribe_by_token(&state.db, &token).await? {
        Some(_) => Ok((StatusCode::OK, "unsubscribed").into_response()),
        None => Err(AppError::NotFound),
    }
}

#[derive(Template)]
#[template(path = "email/admin_failed.html")]
struct FailedPage {
    ctx: PageCtx,
    failed: Vec<email_outbox::Model>,
    pending: u64,
}

fn require_admin(user: &CurrentUser) -> AppResult<()> {
    if user.role == Role::Admin {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

/// Emails that could not be delivered, for the administrators.
pub async fn admin_failed(
    State(state): State<AppState>,
    user: CurrentUser,
    ctx: PageCtx,
) -> AppResult<Response> {
    require_admin(&user)?;
    let failed = store::failed(&state.db, 200).await?;
    let pending = store::pending_count(&state.db).await?;
    let ctx = ctx.with_csrf().await?;
    Ok(render(&FailedPage {
        ctx,
        failed,
        pending,
    })?
    .into_response())
}

/// Put a failed email back in the queue.
pub async fn admin_retry(
    State(state): State<AppState>,
    user: CurrentUser,
    ctx: PageCtx,
    Path(id): Path<i32>,
) -> AppResult<Response> {
    require_admin(&user)?;
    if !state.mailer.retry(&state.db, id).await? {
        return Err(AppError::NotFound);
    }
    ctx.flash("email-admin-retried", None).await?;
    Ok(Redirect::to("/admin/email").into_response())
}
