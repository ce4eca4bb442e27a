//! `/admin/settings`: the participation and moderation settings form for admins.
use askama::Template;
use axum::{
    Form,
    extract::State,
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
};

use super::{
    model::{RANGES, RawSettings, SiteRules},
    service,
};
use crate::{
    auth::{CurrentUser, permissions::CommentPolicy},
    error::AppResult,
    state::AppState,
    web::{FormErrors, PageCtx, render},
};

#[derive(Template)]
#[template(path = "site_settings/form.html")]
pub struct SettingsPage {
    ctx: PageCtx,
    form: RawSettings,
    errors: FormErrors,
}

impl SettingsPage {
    fn policies(&self) -> Vec<(&'static str, String)> {
        CommentPolicy::ALL
            .into_iter()
            .map(|p| {
                (
                    p.as_str(),
                    format!("site-settings-policy-{}", p.as_str().replace('_', "-")),
                )
            })
            .collect()
    }

    /// The number fields: (name, value typed, min, max).
    fn numbers(&self) -> Vec<(&'static str, &str, i32, i32)> {
        let f = &self.form;
        RANGES
            .iter()
            .map(|&(name, min, max)| {
                let value = match name {
                    "premoderate_first" => f.premoderate_first.as_str(),
                    "flags_to_hide" => f.flags_to_hide.as_str(),
                    "newcomer_days" => f.newcomer_days.as_str(),
                    "newcomer_writes_per_hour" => f.newcomer_writes_per_hour.as_str(),
                    "newcomer_links" => f.newcomer_links.as_str(),
                    _ => f.feedback_retention_months.as_str(),
                };
                (name, value, min, max)
            })
            .collect()
    }

    fn label_key(name: &str) -> String {
        format!("site-settings-{}", name.replace('_', "-"))
    }
}

pub async fn page(
    State(state): State<AppState>,
    ctx: PageCtx,
    user: CurrentUser,
) -> AppResult<Response> {
    service::require_admin(&user)?;
    let form = service::current(&state.db).await?.raw();
    let errors = FormErrors::none(ctx.t);
    Ok(render(&SettingsPage { ctx, form, errors })?.into_response())
}

pub async fn update(
    State(state): State<AppState>,
    ctx: PageCtx,
    user: CurrentUser,
    Form(form): Form<RawSettings>,
) -> AppResult<Response> {
    service::require_admin(&user)?;
    match SiteRules::parse(&form) {
        Ok(rules) => {
            service::save(&state.db, &user, rules).await?;
            ctx.flash("site-settings-saved", None).await?;
            Ok(Redirect::to("/admin/settings").into_response())
        }
        Err(errors) => {
            let errors = FormErrors::new(ctx.t, errors);
            let page = SettingsPage { ctx, form, errors };
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
        }
    }
}
