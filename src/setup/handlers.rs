//! The setup form: shown by the front page on an empty database, posted to `/setup`.
use axum::{
    Form,
    extract::State,
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
};

use super::{
    page::{SetupForm, SetupPage},
    service::{self, SetupError, SetupInput},
};
use crate::{
    auth::{password::Password, start_signed_in_session},
    error::{AppError, AppResult, FieldError},
    i18n::Lang,
    people::{
        model::{DisplayName, Email, OrgName, ShortName},
        service::PeopleError,
    },
    state::AppState,
    web::{FormErrors, PageCtx, forms::collect, render},
};

fn parse(form: &SetupForm) -> Result<SetupInput, Vec<FieldError>> {
    let mut errors = Vec::new();
    let network_name = collect(&mut errors, service::network_name(&form.network_name));
    let org_name = collect(&mut errors, OrgName::parse(&form.org_name));
    let org_short = collect(&mut errors, ShortName::parse(&form.short_name));
    let admin_name = collect(&mut errors, DisplayName::parse(&form.display_name));
    let admin_email = collect(&mut errors, Email::parse(&form.email));
    let password = collect(
        &mut errors,
        Password::parse(&form.password).map_err(|e| FieldError {
            field: "password".into(),
            message_key: e.message_key(),
            args: Vec::new(),
        }),
    );
    let language = Lang::parse(&form.language).unwrap_or_default();
    match (
        network_name,
        org_name,
        org_short,
        admin_name,
        admin_email,
        password,
    ) {
        (
            Some(network_name),
            Some(org_name),
            Some(org_short),
            Some(admin_name),
            Some(admin_email),
            Some(password),
        ) if errors.is_empty() => Ok(SetupInput {
            network_name,
            language,
            org_name,
            org_short,
            admin_name,
            admin_email,
            password,
        }),
        _ => Err(errors),
    }
}

pub async fn submit(
    State(state): State<AppState>,
    ctx: PageCtx,
    Form(form): Form<SetupForm>,
) -> AppResult<Response> {
    if ctx.setup_done {
        return Err(AppError::NotFound);
    }
    let errors = match parse(&form) {
        Ok(input) => match service::run(&state.db, input).await {
            Ok(admin) => {
                start_signed_in_session(ctx.session(), admin.id).await?;
                ctx.flash("setup-done", None).await?;
                return Ok(Redirect::to("/").into_response());
            }
            Err(SetupError::AlreadyDone) => return Err(AppError::NotFound),
            Err(SetupError::People(PeopleError::Field(f))) => vec![f],
            Err(SetupError::People(e)) => return Err(e.into()),
            Err(SetupError::Db(e)) => return Err(e.into()),
        },
        Err(errors) => errors,
    };
    let mut form = form;
    form.password.clear();
    let ctx = ctx.with_csrf().await?;
    let errors = FormErrors::new(ctx.t, errors);
    Ok((
        StatusCode::UNPROCESSABLE_ENTITY,
        render(&SetupPage { ctx, form, errors })?,
    )
        .into_response())
}
