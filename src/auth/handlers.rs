//! Sign-in and sign-out pages.
use askama::Template;
use axum::{
    Form,
    extract::{Query, State},
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
};
use serde::Deserialize;

use super::{service, service::SignInError, start_signed_in_session};
use crate::{
    error::{AppError, AppResult},
    state::AppState,
    web::{PageCtx, render, return_address::safe_next},
};

pub use super::client_ip::ClientIp;

#[derive(Template)]
#[template(path = "auth/sign_in.html")]
struct SignInPage {
    ctx: PageCtx,
    email: String,
    next: String,
    error: Option<String>,
    /// Whether customers may register (the site's comment policy): then the page links there.
    registration_open: bool,
}

#[derive(Deserialize)]
pub struct NextQuery {
    next: Option<String>,
}

pub async fn sign_in_form(
    State(state): State<AppState>,
    ctx: PageCtx,
    Query(q): Query<NextQuery>,
) -> AppResult<Response> {
    if ctx.user.is_some() {
        return Ok(Redirect::to(&safe_next(q.next.as_deref())).into_response());
    }
    let ctx = ctx.with_csrf().await?;
    Ok(render(&SignInPage {
        ctx,
        email: String::new(),
        next: safe_next(q.next.as_deref()),
        error: None,
        registration_open: registration_open(&state).await?,
    })?
    .into_response())
}

#[derive(Deserialize)]
pub struct SignInForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    next: Option<String>,
}

pub async fn sign_in(
    State(state): State<AppState>,
    ctx: PageCtx,
    ClientIp(ip): ClientIp,
    Form(form): Form<SignInForm>,
) -> AppResult<Response> {
    let next = safe_next(form.next.as_deref());
    match service::check_credentials(&state.db, &form.email, &form.password, &ip).await? {
        Ok(user) => {
            start_signed_in_session(ctx.session(), user.id).await?;
            Ok(Redirect::to(&next).into_response())
        }
        Err(why) => {
            let (status, key) = match why {
                SignInError::Invalid => (StatusCode::UNAUTHORIZED, "sign-in-invalid"),
                SignInError::Locked => (StatusCode::TOO_MANY_REQUESTS, "sign-in-locked"),
                SignInError::Suspended => (StatusCode::FORBIDDEN, "sign-in-suspended"),
            };
            let ctx = ctx.with_csrf().await?;
            let error = Some(ctx.t.get(key));
            let registration_open = registration_open(&state).await?;
            Ok((
                status,
                render(&SignInPage {
                    ctx,
                    email: form.email,
                    next,
                    error,
                    registration_open,
                })?,
            )
                .into_response())
        }
    }
}

pub async fn sign_out(ctx: PageCtx) -> AppResult<Response> {
    // Deletes the session row: the old cookie is worthless from here on.
    ctx.session().flush().await.map_err(AppError::from)?;
    Ok(Redirect::to("/").into_response())
}

async fn registration_open(state: &AppState) -> AppResult<bool> {
    Ok(super::participation::comment_policy(&state.db)
        .await?
        .opens_registration())
}
