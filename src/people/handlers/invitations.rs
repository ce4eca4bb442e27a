//! Accepting an invitation: /invitations/{token}.
use askama::Template;
use axum::{
    Form,
    extract::{Path, State},
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
};
use serde::Deserialize;

use super::{
    super::{
        model::{DisplayName, short_text},
        service::{self, PeopleError},
    },
    JOB_TITLE_MAX, form_errors, parse_language, parse_password, unprocessable,
};
use crate::{
    auth::start_signed_in_session,
    error::AppResult,
    state::AppState,
    web::{FormErrors, PageCtx, forms::collect, render},
};

/// What the invited person typed, kept to refill the form (never the password).
#[derive(Clone, Debug, Default, Deserialize)]
pub struct InvitationForm {
    #[serde(default)]
    pub display_name: String,
    #[serde(default)]
    pub job_title: String,
    #[serde(default)]
    pub password: String,
    #[serde(default)]
    pub language: String,
}

#[derive(Template)]
#[template(path = "people/invitation.html")]
struct InvitationPage {
    ctx: PageCtx,
    token: String,
    invitation: service::InvitationView,
    form: InvitationForm,
    errors: FormErrors,
}

/// A link that is unknown, expired or used: 404 with the reason.
#[derive(Template)]
#[template(path = "error.html")]
struct InvitationInvalidPage {
    ctx: PageCtx,
    title: String,
    message: String,
}

fn invitation_invalid(ctx: PageCtx) -> AppResult<Response> {
    let title = ctx.t.get("invitation-invalid-title");
    let message = ctx.t.get("invitation-invalid");
    Ok((
        StatusCode::NOT_FOUND,
        render(&InvitationInvalidPage {
            ctx,
            title,
            message,
        })?,
    )
        .into_response())
}

pub async fn invitation_form(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(token): Path<String>,
) -> AppResult<Response> {
    let Some(invitation) = service::invitation_view(&state.db, &token).await? else {
        return invitation_invalid(ctx);
    };
    let ctx = ctx.with_csrf().await?;
    let form = InvitationForm {
        language: ctx.lang.code().to_owned(),
        ..Default::default()
    };
    let errors = FormErrors::none(ctx.t);
    Ok(render(&InvitationPage {
        ctx,
        token,
        invitation,
        form,
        errors,
    })?
    .into_response())
}

pub async fn accept_invitation(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(token): Path<String>,
    Form(mut form): Form<InvitationForm>,
) -> AppResult<Response> {
    let Some(invitation) = service::invitation_view(&state.db, &token).await? else {
        return invitation_invalid(ctx);
    };
    let mut errors = Vec::new();
    let name = collect(&mut errors, DisplayName::parse(&form.display_name));
    let job_title = collect(
        &mut errors,
        short_text(&form.job_title, "job_title", JOB_TITLE_MAX),
    );
    let password = collect(&mut errors, parse_password(&form.password, "password"));
    let language = parse_language(&form.language, ctx.lang);
    if let (Some(name), Some(job_title), Some(password), true) =
        (name, job_title, password, errors.is_empty())
    {
        let accepted = service::accept_invitation(
            &state.db,
            &token,
            name,
            job_title,
            password,
            Some(language.code().to_owned()),
        )
        .await;
        match accepted {
            Ok(person) => {
                start_signed_in_session(ctx.session(), person.id).await?;
                ctx.flash("invitation-accepted", None).await?;
                return Ok(Redirect::to("/").into_response());
            }
            Err(PeopleError::NotFound) => return invitation_invalid(ctx),
            Err(e) => errors = form_errors(e)?,
        }
    }
    form.password.clear();
    let ctx = ctx.with_csrf().await?;
    let errors = FormErrors::new(ctx.t, errors);
    Ok(unprocessable(render(&InvitationPage {
        ctx,
        token,
        invitation,
        form,
        errors,
    })?))
}
