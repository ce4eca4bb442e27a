//! A person's own settings: /settings (profile, password, API tokens).
use askama::Template;
use axum::{
    Form,
    extract::{Path, State},
    http::header,
    response::{Html, IntoResponse, Redirect, Response},
};
use serde::Deserialize;

use super::{
    super::{
        model::{DisplayName, short_text},
        service::{self},
    },
    JOB_TITLE_MAX, form_errors, parse_password, unprocessable,
};
use crate::{
    auth::{CurrentUser, csrf},
    entities::api_token,
    error::{AppError, AppResult, FieldError},
    i18n::Lang,
    state::AppState,
    web::{Flash, FormErrors, PageCtx, forms::collect, language::lang_cookie, render},
};

/// The profile form, as typed.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct ProfileForm {
    #[serde(default)]
    pub display_name: String,
    #[serde(default)]
    pub job_title: String,
    #[serde(default)]
    pub language: String,
}

#[derive(Deserialize)]
pub struct PasswordForm {
    #[serde(default)]
    current_password: String,
    #[serde(default)]
    new_password: String,
}

#[derive(Default, Deserialize)]
pub struct TokenForm {
    #[serde(default)]
    name: String,
}

#[derive(Template)]
#[template(path = "people/settings.html")]
struct SettingsPage {
    ctx: PageCtx,
    email: String,
    profile: ProfileForm,
    token_name: String,
    tokens: Vec<api_token::Model>,
    errors: FormErrors,
}

/// What to refill the settings page with after a failed form.
#[derive(Default)]
struct SettingsRefill {
    profile: Option<ProfileForm>,
    token_name: String,
}

async fn settings_response(
    state: &AppState,
    ctx: PageCtx,
    user: &CurrentUser,
    refill: SettingsRefill,
    errors: Vec<FieldError>,
) -> AppResult<Html<String>> {
    let own = service::own_settings(&state.db, user.id).await?;
    let ctx = ctx.with_csrf().await?;
    let profile = refill.profile.unwrap_or_else(|| ProfileForm {
        display_name: own.person.display_name.clone(),
        job_title: own.person.job_title.clone(),
        language: own
            .person
            .language
            .as_deref()
            .and_then(Lang::parse)
            .unwrap_or(ctx.lang)
            .code()
            .to_owned(),
    });
    let errors = FormErrors::new(ctx.t, errors);
    render(&SettingsPage {
        ctx,
        email: own.person.email,
        profile,
        token_name: refill.token_name,
        tokens: own.tokens,
        errors,
    })
}

pub async fn settings_page(
    State(state): State<AppState>,
    user: CurrentUser,
    ctx: PageCtx,
) -> AppResult<Response> {
    Ok(
        settings_response(&state, ctx, &user, SettingsRefill::default(), Vec::new())
            .await?
            .into_response(),
    )
}

pub async fn update_profile(
    State(state): State<AppState>,
    user: CurrentUser,
    ctx: PageCtx,
    Form(form): Form<ProfileForm>,
) -> AppResult<Response> {
    let mut errors = Vec::new();
    let display_name = collect(&mut errors, DisplayName::parse(&form.display_name));
    let job_title = collect(
        &mut errors,
        short_text(&form.job_title, "job_title", JOB_TITLE_MAX),
    );
    let language = collect(
        &mut errors,
        Lang::parse(&form.language).ok_or(FieldError {
            field: "language".into(),
            message_key: "people-language-invalid",
            args: Vec::new(),
        }),
    );
    if let (Some(display_name), Some(job_title), Some(language)) =
        (display_name, job_title, language)
    {
        let profile = service::Profile {
            display_name,
            job_title,
            language,
        };
        service::update_profile(&state.db, user.id, profile).await?;
        ctx.flash("settings-profile-saved", None).await?;
        // The saved language takes effect in this browser too, over an earlier switch.
        let mut response = Redirect::to("/settings").into_response();
        response.headers_mut().insert(
            header::SET_COOKIE,
            lang_cookie(language, state.settings.cookies_secure()),
        );
        return Ok(response);
    }
    let refill = SettingsRefill {
        profile: Some(form),
        ..Default::default()
    };
    Ok(unprocessable(
        settings_response(&state, ctx, &user, refill, errors).await?,
    ))
}

pub async fn change_password(
    State(state): State<AppState>,
    user: CurrentUser,
    ctx: PageCtx,
    Form(form): Form<PasswordForm>,
) -> AppResult<Response> {
    let errors = match parse_password(&form.new_password, "new_password") {
        Ok(new) => {
            let keep = ctx.session().id();
            match service::change_password(
                &state.db,
                user.id,
                &form.current_password,
                new,
                keep.as_ref(),
            )
            .await
            {
                Ok(()) => {
                    // This session stays, under a fresh id and with a fresh CSRF token.
                    ctx.session().cycle_id().await?;
                    csrf::renew(ctx.session()).await?;
                    ctx.flash("settings-password-changed", None).await?;
                    return Ok(Redirect::to("/settings").into_response());
                }
                Err(e) => form_errors(e)?,
            }
        }
        Err(e) => vec![e],
    };
    Ok(unprocessable(
        settings_response(&state, ctx, &user, SettingsRefill::default(), errors).await?,
    ))
}

/// Makes a token and shows it on the page this once: it is not kept anywhere, not even in
/// the session, so this answer is the only place it appears.
pub async fn create_token(
    State(state): State<AppState>,
    user: CurrentUser,
    mut ctx: PageCtx,
    Form(form): Form<TokenForm>,
) -> AppResult<Response> {
    match service::create_api_token(&state.db, user.id, &form.name).await {
        Ok(token) => {
            ctx.flash = Some(Flash {
                message_key: "token-created".to_owned(),
                detail: Some(token),
            });
            Ok(
                settings_response(&state, ctx, &user, SettingsRefill::default(), Vec::new())
                    .await?
                    .into_response(),
            )
        }
        Err(e) => {
            let errors = form_errors(e)?;
            let refill = SettingsRefill {
                token_name: form.name,
                ..Default::default()
            };
            Ok(unprocessable(
                settings_response(&state, ctx, &user, refill, errors).await?,
            ))
        }
    }
}

pub async fn revoke_token(
    State(state): State<AppState>,
    user: CurrentUser,
    ctx: PageCtx,
    Path(id): Path<String>,
) -> AppResult<Response> {
    let id: i32 = id.parse().map_err(|_| AppError::NotFound)?;
    service::revoke_api_token(&state.db, user.id, id).await?;
    ctx.flash("token-revoked", None).await?;
    Ok(Redirect::to("/settings").into_response())
}
