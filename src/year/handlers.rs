//! The year page: the 12-month circle as SVG with the same data as a table, the milestone
//! form for facilitators, and the year's `.ics`. Thin: parse, call `service`, render.
use askama::Template;
use axum::{
    Form,
    extract::{Path, State},
    http::{StatusCode, header},
    response::{IntoResponse, Response},
};
use chrono::{Datelike, NaiveDate};

use super::{
    model::{Circle, Entry, Kind, MilestoneForm},
    service,
};
use crate::{
    auth::CurrentUser,
    db::now,
    error::{AppError, AppResult, FieldError},
    panels::{access::PanelAccess, nav::PanelNav},
    state::AppState,
    web::{FormErrors, PageCtx, render, see_other},
    workshops::service::Site,
};

/// The year's page.
pub fn url(slug: &str, year: i32) -> String {
    format!("/panels/{slug}/year/{year}")
}

fn parse_year(raw: &str) -> Result<i32, AppError> {
    raw.parse().map_err(|_| AppError::NotFound)
}

#[derive(Template)]
#[template(path = "year/year.html")]
struct YearPage {
    ctx: PageCtx,
    nav: PanelNav,
    year: i32,
    base: String,
    entries: Vec<Entry>,
    circle: Circle,
    can_add: bool,
    form: MilestoneForm,
    errors: FormErrors,
}

impl YearPage {
    fn date(&self, day: &NaiveDate) -> String {
        crate::actions::service::due_text(&self.ctx.t, *day)
    }
    fn month_name(&self, month: &u32) -> String {
        self.ctx.t.get(&format!("month-{month}"))
    }
}

#[allow(clippy::too_many_arguments)]
async fn year_page(
    state: &AppState,
    ctx: PageCtx,
    access: &PanelAccess,
    year: i32,
    form: MilestoneForm,
    errors: Vec<FieldError>,
    status: StatusCode,
) -> AppResult<Response> {
    let entries = service::entries(&state.db, access, year).await?;
    let page = YearPage {
        nav: PanelNav::new(access, "year"),
        base: url(&access.panel.slug, year),
        circle: Circle::new(year, &entries),
        can_add: access.is_facilitator(),
        errors: FormErrors::new(ctx.t, errors),
        ctx: ctx.with_csrf().await?,
        year,
        entries,
        form,
    };
    Ok((status, render(&page)?).into_response())
}

/// `GET /panels/{slug}/year`: this year's view.
pub async fn this_year(Path(slug): Path<String>) -> Response {
    let year = crate::actions::service::day_of(now()).year();
    see_other(&url(&slug, year)).into_response()
}

/// `GET /panels/{slug}/year/{year}`
pub async fn show(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path((slug, year)): Path<(String, String)>,
) -> AppResult<Response> {
    let year = parse_year(&year)?;
    let access = service::open(&state.db, &slug, year, ctx.actor()).await?;
    year_page(
        &state,
        ctx,
        &access,
        year,
        MilestoneForm::default(),
        Vec::new(),
        StatusCode::OK,
    )
    .await
}

/// `POST /panels/{slug}/year/{year}/milestones` (facilitators).
pub async fn add_milestone(
    State(state): State<AppState>,
    ctx: PageCtx,
    user: CurrentUser,
    Path((slug, year)): Path<(String, String)>,
    Form(form): Form<MilestoneForm>,
) -> AppResult<Response> {
    let year = parse_year(&year)?;
    let access = service::open(&state.db, &slug, year, ctx.actor()).await?;
    match service::add_milestone(&state.db, &access, &user, &form).await {
        Ok(new) => {
            ctx.flash("year-milestone-added", None).await?;
            Ok(see_other(&url(&slug, new.day.year())).into_response())
        }
        Err(AppError::Validation(errors)) => {
            year_page(
                &state,
                ctx,
                &access,
                year,
                form,
                errors,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(e) => Err(e),
    }
}

/// `GET /panels/{slug}/year/{year}/calendar.ics`
pub async fn calendar(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path((slug, year)): Path<(String, String)>,
) -> AppResult<Response> {
    let year = parse_year(&year)?;
    let access = service::open(&state.db, &slug, year, ctx.actor()).await?;
    let entries = service::entries(&state.db, &access, year).await?;
    let body = service::calendar(&Site::of(&state), &access, &entries, now());
    Ok((
        [
            (
                header::CONTENT_TYPE,
                "text/calendar; charset=UTF-8".to_owned(),
            ),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{slug}-{year}.ics\""),
            ),
        ],
        body,
    )
        .into_response())
}
