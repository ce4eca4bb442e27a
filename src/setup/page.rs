//! The setup form page, which the front page shows while the site has no settings and
//! `/setup` shows again with errors.
use askama::Template;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use crate::{
    error::AppResult,
    web::{FormErrors, PageCtx, render},
};

/// What the person typed, kept to refill the form.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct SetupForm {
    #[serde(default)]
    pub network_name: String,
    #[serde(default)]
    pub language: String,
    #[serde(default)]
    pub org_name: String,
    #[serde(default)]
    pub short_name: String,
    #[serde(default)]
    pub display_name: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub password: String,
}

#[derive(Template)]
#[template(path = "setup/form.html")]
pub struct SetupPage {
    pub ctx: PageCtx,
    pub form: SetupForm,
    pub errors: FormErrors,
}

/// The setup form page (the front page renders it while the site has no settings).
pub async fn form_page(ctx: PageCtx) -> AppResult<Response> {
    let ctx = ctx.with_csrf().await?;
    let form = SetupForm {
        language: ctx.lang.code().to_owned(),
        ..Default::default()
    };
    let errors = FormErrors::none(ctx.t);
    Ok(render(&SetupPage { ctx, form, errors })?.into_response())
}
