//! Sign-in and sign-out pages.
use std::net::SocketAddr;

use askama::Template;
use axum::{
    Form,
    extract::{ConnectInfo, FromRequestParts, Query, State},
    http::{StatusCode, request::Parts},
    response::{IntoResponse, Redirect, Response},
};
use serde::Deserialize;

use super::{service, service::SignInError, start_signed_in_session};
use crate::{
    error::{AppError, AppResult},
    state::AppState,
    web::{PageCtx, render, return_address::safe_next},
};

/// The client's address: the TCP peer, or behind a trusted reverse proxy the last
/// `X-Forwarded-For` entry.
pub struct ClientIp(pub String);

impl FromRequestParts<AppState> for ClientIp {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let forwarded = state
            .settings
            .trust_forwarded_for
            .then(|| {
                parts
                    .headers
                    .get_all("x-forwarded-for")
                    .iter()
                    .filter_map(|v| v.to_str().ok())
                    .flat_map(|v| v.split(','))
                    .map(str::trim)
                    .rfind(|v| !v.is_empty())
                    .map(str::to_owned)
            })
            .flatten();
        let peer = || {
            parts
                .extensions
                .get::<ConnectInfo<SocketAddr>>()
                .map(|c| c.0.ip().to_string())
                .unwrap_or_else(|| "unknown".to_owned())
        };
        Ok(ClientIp(forwarded.unwrap_or_else(peer)))
    }
}

#[derive(Template)]
#[template(path = "auth/sign_in.html")]
struct SignInPage {
    ctx: PageCtx,
    email: String,
    next: String,
    error: Option<String>,
}

#[derive(Deserialize)]
pub struct NextQuery {
    next: Option<String>,
}

pub async fn sign_in_form(ctx: PageCtx, Query(q): Query<NextQuery>) -> AppResult<Response> {
    if ctx.user.is_some() {
        return Ok(Redirect::to(&safe_next(q.next.as_deref())).into_response());
    }
    let ctx = ctx.with_csrf().await?;
    Ok(render(&SignInPage {
        ctx,
        email: String::new(),
        next: safe_next(q.next.as_deref()),
        error: None,
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
            Ok((
                status,
                render(&SignInPage {
                    ctx,
                    email: form.email,
                    next,
                    error,
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
