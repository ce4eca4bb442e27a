//! `/register`: the registration form, the confirmation link and "send a new link".
use askama::Template;
use axum::{
    Form,
    extract::{Path, State},
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
};

use super::{
    model::{self, RawRegistration},
    service::{self, Letter, RegistrationError},
};
use crate::{
    auth::{CurrentUser, client_ip::ClientIp, start_signed_in_session},
    error::{AppError, AppResult, FieldError},
    i18n::Lang,
    state::AppState,
    web::{FormErrors, PageCtx, render},
};

#[derive(Template)]
#[template(path = "registration/form.html")]
pub struct RegisterPage {
    ctx: PageCtx,
    form: RawRegistration,
    errors: FormErrors,
}

impl RegisterPage {
    fn languages(&self) -> &'static [Lang] {
        &Lang::ALL
    }

    fn chosen_language(&self) -> &str {
        if self.form.language.is_empty() {
            self.ctx.lang.code()
        } else {
            &self.form.language
        }
    }
}

fn form_page(ctx: PageCtx, mut form: RawRegistration, errors: Vec<FieldError>) -> RegisterPage {
    // The password is never sent back.
    form.password = String::new();
    let errors = FormErrors::new(ctx.t, errors);
    RegisterPage { ctx, form, errors }
}

pub async fn form(State(state): State<AppState>, ctx: PageCtx) -> AppResult<Response> {
    if !service::is_open(&state.db).await? {
        return Err(AppError::NotFound);
    }
    if ctx.user.is_some() {
        return Ok(Redirect::to("/").into_response());
    }
    let ctx = ctx.with_csrf().await?;
    Ok(render(&form_page(ctx, RawRegistration::default(), Vec::new()))?.into_response())
}

pub async fn register(
    State(state): State<AppState>,
    ctx: PageCtx,
    ClientIp(ip): ClientIp,
    Form(form): Form<RawRegistration>,
) -> AppResult<Response> {
    if !service::is_open(&state.db).await? {
        return Err(AppError::NotFound);
    }
    let ctx = ctx.with_csrf().await?;
    let errors = match model::parse(&form) {
        Ok(new) => {
            let base_url = state.settings.base_url();
            let letter = Letter {
                base_url: &base_url,
            };
            match service::register(&state.db, &state.mailer, letter, new, &ip).await {
                Ok(person) => {
                    start_signed_in_session(ctx.session(), person.id).await?;
                    ctx.flash("registration-done", None).await?;
                    return Ok(Redirect::to("/").into_response());
                }
                Err(RegistrationError::Invalid(errors)) => errors,
                Err(RegistrationError::TooMany) => {
                    let errors = vec![FieldError::new("email", "registration-too-many")];
                    let page = form_page(ctx, form, errors);
                    return Ok((StatusCode::TOO_MANY_REQUESTS, render(&page)?).into_response());
                }
                Err(e) => return Err(e.into()),
            }
        }
        Err(errors) => errors,
    };
    let page = form_page(ctx, form, errors);
    Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
}

#[derive(Template)]
#[template(path = "registration/confirmed.html")]
pub struct ConfirmedPage {
    ctx: PageCtx,
    /// Whether the link worked; if not, the page offers a new one.
    confirmed: bool,
}

/// `GET /register/confirm/{token}`: confirms once; a used, expired or unknown link gets a
/// page (404) that explains it and offers a new link.
pub async fn confirm(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(token): Path<String>,
) -> AppResult<Response> {
    match service::confirm(&state.db, &token).await {
        Ok(_) => Ok(render(&ConfirmedPage {
            ctx,
            confirmed: true,
        })?
        .into_response()),
        Err(RegistrationError::LinkInvalid) => {
            let ctx = ctx.with_csrf().await?;
            let page = ConfirmedPage {
                ctx,
                confirmed: false,
            };
            Ok((StatusCode::NOT_FOUND, render(&page)?).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

/// `POST /register/resend`: a new link for the signed-in person (throttled: 429).
pub async fn resend(
    State(state): State<AppState>,
    ctx: PageCtx,
    user: CurrentUser,
) -> AppResult<Response> {
    let base_url = state.settings.base_url();
    let letter = Letter {
        base_url: &base_url,
    };
    match service::resend(&state.db, &state.mailer, letter, user.id).await {
        Ok(()) => {
            ctx.flash("registration-link-sent", None).await?;
            Ok(Redirect::to("/").into_response())
        }
        // Already confirmed: nothing to send.
        Err(RegistrationError::LinkInvalid) => Ok(Redirect::to("/").into_response()),
        Err(e) => Err(e.into()),
    }
}
