//! `/privacy`: the privacy notice, and for admins the form to change it.
use askama::Template;
use axum::{
    Form,
    extract::State,
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
};

use super::service::{self, Notice};
use crate::{
    auth::permissions,
    error::{AppError, AppResult},
    i18n::Lang,
    markdown::SafeHtml,
    state::AppState,
    web::{FormErrors, PageCtx, render},
};

#[derive(Template)]
#[template(path = "privacy/notice.html")]
pub struct NoticePage {
    ctx: PageCtx,
    body: SafeHtml,
    form: Notice,
    errors: FormErrors,
    can_edit: bool,
}

impl NoticePage {
    /// The edit form's fields: (field name, language, text).
    fn fields(&self) -> Vec<(String, Lang, &str)> {
        Lang::ALL
            .iter()
            .map(|&l| {
                let text = match l {
                    Lang::Fi => self.form.fi.as_str(),
                    Lang::Sv => self.form.sv.as_str(),
                    Lang::En => self.form.en.as_str(),
                };
                (format!("privacy_{}", l.code()), l, text)
            })
            .collect()
    }
}

pub async fn page(State(state): State<AppState>, ctx: PageCtx) -> AppResult<Response> {
    let form = service::stored(&state.db).await?;
    let body = service::rendered(&form, ctx.lang);
    let can_edit = permissions::can_manage_people(ctx.actor());
    let errors = FormErrors::none(ctx.t);
    Ok(render(&NoticePage {
        ctx,
        body,
        form,
        errors,
        can_edit,
    })?
    .into_response())
}

/// The edit form as sent: one textarea per language.
#[derive(Clone, Debug, Default, serde::Deserialize)]
pub struct NoticeForm {
    #[serde(default)]
    privacy_fi: String,
    #[serde(default)]
    privacy_sv: String,
    #[serde(default)]
    privacy_en: String,
}

pub async fn update(
    State(state): State<AppState>,
    ctx: PageCtx,
    Form(form): Form<NoticeForm>,
) -> AppResult<Response> {
    let Some(user) = ctx.user.clone() else {
        return Err(AppError::Unauthorized);
    };
    if !permissions::can_manage_people(Some(user.actor())) {
        return Err(AppError::Forbidden);
    }
    let notice = Notice {
        fi: form.privacy_fi,
        sv: form.privacy_sv,
        en: form.privacy_en,
    };
    match notice.clone().check() {
        Ok(notice) => {
            service::save(&state.db, &user, notice).await?;
            ctx.flash("privacy-saved", None).await?;
            Ok(Redirect::to("/privacy").into_response())
        }
        Err(errors) => {
            let body = service::rendered(&service::stored(&state.db).await?, ctx.lang);
            let errors = FormErrors::new(ctx.t, errors);
            let page = NoticePage {
                ctx,
                body,
                form: notice,
                errors,
                can_edit: true,
            };
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
        }
    }
}
