//! After a workshop: minutes, attachments as links, outcomes and attendance. Facilitators
//! write them at `/panels/{slug}/workshops/{id}/minutes` once the workshop has started;
//! other readers get the minutes there (and on the workshop page) to read.
use std::collections::HashMap;

use askama::Template;
use axum::{
    Form, Router,
    body::Bytes,
    extract::{Path, State},
    response::{Html, IntoResponse, Redirect, Response},
    routing::{get, post},
};
use serde::Deserialize;

use super::{
    agenda::{
        handlers::{AttachmentView, read_page},
        model::{
            AttachmentId, ItemId, MAX_NOTE_CHARS, Problem, Problems, Rendered, parse_markdown,
            parse_title, parse_url,
        },
        service::{self, AgendaError, Mark},
        store,
    },
    model::{RegistrationStatus, WorkshopId},
    pages::{unprocessable, workshop_for, workshop_path, workshop_to_run},
    store as workshop_store,
};
use crate::{
    auth::CurrentUser,
    db::now,
    entities::workshop,
    error::{AppError, AppResult},
    markdown::MAX_MARKDOWN_BYTES,
    panels::{access::PanelAccess, nav::PanelNav},
    state::AppState,
    web::{PageCtx, render},
};

/// This part's pages, merged into the feature's `pages()`.
pub fn pages() -> Router<AppState> {
    Router::new()
        .route(
            "/panels/{slug}/workshops/{id}/minutes",
            get(minutes_page).post(save_minutes),
        )
        .route(
            "/panels/{slug}/workshops/{id}/minutes/attachments",
            post(add_attachment),
        )
        .route(
            "/panels/{slug}/workshops/{id}/minutes/attachments/{attachment}/delete",
            post(remove_attachment),
        )
        .route(
            "/panels/{slug}/workshops/{id}/minutes/attendance",
            post(mark_attendance),
        )
}

/// The minutes form as typed: the minutes and each agenda item's outcome.
#[derive(Clone, Debug, Default)]
pub struct MinutesForm {
    pub minutes: String,
    pub outcomes: HashMap<i32, String>,
}

/// The attachment form as typed.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct AttachmentForm {
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub url: String,
}

/// Attendance as typed: person → (came?, colleague came?).
type AttendanceForm = HashMap<i32, (Option<bool>, bool)>;

/// An agenda item's outcome field.
pub struct OutcomeRow {
    pub id: i32,
    pub title: String,
    pub value: String,
}

impl OutcomeRow {
    pub fn field(&self) -> String {
        format!("outcome-{}", self.id)
    }
}

/// A seated participant on the attendance list.
pub struct AttendanceRow {
    pub user_id: i32,
    pub name: String,
    pub colleague: Option<String>,
    pub attended: Option<bool>,
    pub colleague_attended: bool,
}

#[derive(Template)]
#[template(path = "workshops/minutes.html")]
struct MinutesPage {
    ctx: PageCtx,
    nav: PanelNav,
    slug: String,
    w: workshop::Model,
    /// Why nothing can be written yet, if so.
    blocked: Option<String>,
    minutes: String,
    outcomes: Vec<OutcomeRow>,
    attachments: Vec<AttachmentView>,
    attachment: AttachmentForm,
    people: Vec<AttendanceRow>,
    errors: Problems,
}

#[allow(clippy::too_many_arguments)]
async fn edit_page(
    state: &AppState,
    ctx: PageCtx,
    access: &PanelAccess,
    slug: &str,
    w: workshop::Model,
    typed: Option<MinutesForm>,
    attachment: AttachmentForm,
    attendance: Option<AttendanceForm>,
    problems: Vec<Problem>,
) -> AppResult<Html<String>> {
    let t = ctx.t;
    let id = WorkshopId(w.id);
    let items = store::items_of(&state.db, id).await?;
    let outcomes = items
        .into_iter()
        .map(|i| OutcomeRow {
            value: match &typed {
                Some(f) => f.outcomes.get(&i.id).cloned().unwrap_or_default(),
                None => i.outcome_md.clone().unwrap_or_default(),
            },
            id: i.id,
            title: i.title,
        })
        .collect();
    let minutes = match &typed {
        Some(f) => f.minutes.clone(),
        None => w.minutes.clone().unwrap_or_default(),
    };
    let attachments = store::attachments_of(&state.db, id)
        .await?
        .into_iter()
        .map(|a| AttachmentView {
            id: a.id,
            title: a.title,
            url: a.url,
        })
        .collect();
    let regs: Vec<_> = workshop_store::registrations_of(&state.db, id)
        .await?
        .into_iter()
        .filter(|r| r.status == RegistrationStatus::Registered)
        .collect();
    let names: HashMap<i32, String> =
        workshop_store::users_by_id(&state.db, regs.iter().map(|r| r.user_id).collect())
            .await?
            .into_iter()
            .map(|u| (u.id, crate::people::model::PersonName::of(&u).shown(&ctx.t)))
            .collect();
    let marked: HashMap<i32, (Option<bool>, bool)> = match attendance {
        Some(typed) => typed,
        None => store::attendance_of(&state.db, id)
            .await?
            .into_iter()
            .map(|a| {
                (
                    a.user_id,
                    (Some(a.attended), a.colleague_attended.unwrap_or(false)),
                )
            })
            .collect(),
    };
    let mut people: Vec<AttendanceRow> = regs
        .into_iter()
        .map(|r| {
            let (attended, colleague_attended) =
                marked.get(&r.user_id).copied().unwrap_or((None, false));
            AttendanceRow {
                name: names.get(&r.user_id).cloned().unwrap_or_default(),
                user_id: r.user_id,
                colleague: r.colleague_name,
                attended,
                colleague_attended,
            }
        })
        .collect();
    people.sort_by(|a, b| a.name.cmp(&b.name));
    let blocked = service::check_after(&w, now(), "minutes")
        .err()
        .and_then(|e| match e {
            AgendaError::Fields(p) => p.first().map(|p| t.get(p.message_key)),
            _ => None,
        });
    let ctx = ctx.with_csrf().await?;
    render(&MinutesPage {
        nav: PanelNav::new(access, "workshops"),
        slug: slug.to_owned(),
        errors: Problems::new(t, &problems),
        ctx,
        w,
        blocked,
        minutes,
        outcomes,
        attachments,
        attachment,
        people,
    })
}

fn minutes_path(slug: &str, id: i32) -> String {
    format!("{}/minutes", workshop_path(slug, id))
}

/// `GET …/minutes`: the forms for facilitators, the minutes for other readers.
pub async fn minutes_page(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path((slug, id)): Path<(String, i32)>,
) -> AppResult<Response> {
    let (access, w) = workshop_for(&state, &ctx, &slug, id).await?;
    if !access.is_facilitator() {
        return read_page(
            &state,
            ctx,
            &access,
            &slug,
            w,
            "workshops-agenda-minutes-page-title",
        )
        .await;
    }
    Ok(edit_page(
        &state,
        ctx,
        &access,
        &slug,
        w,
        None,
        AttachmentForm::default(),
        None,
        Vec::new(),
    )
    .await?
    .into_response())
}

fn form_pairs(body: &Bytes) -> AppResult<Vec<(String, String)>> {
    serde_urlencoded::from_bytes(body).map_err(|_| AppError::BadRequest("workshops-bad-form"))
}

/// Check the minutes form: the minutes and every outcome, all problems at once.
#[allow(clippy::type_complexity)]
fn check_minutes(
    form: &MinutesForm,
) -> Result<(Option<Rendered>, Vec<(ItemId, Option<Rendered>)>), Vec<Problem>> {
    let mut problems = Vec::new();
    let minutes = parse_markdown(&form.minutes, MAX_MARKDOWN_BYTES)
        .map_err(|key| problems.push(Problem::new("minutes", key)))
        .ok()
        .flatten();
    let mut ids: Vec<&i32> = form.outcomes.keys().collect();
    ids.sort();
    let mut outcomes = Vec::new();
    for id in ids {
        match parse_markdown(&form.outcomes[id], MAX_NOTE_CHARS) {
            Ok(o) => outcomes.push((ItemId(*id), o)),
            Err(key) => problems.push(Problem::new(format!("outcome-{id}"), key)),
        }
    }
    if problems.is_empty() {
        Ok((minutes, outcomes))
    } else {
        Err(problems)
    }
}

/// `POST …/minutes`: `minutes` and `outcome-<item id>` for each agenda item.
pub async fn save_minutes(
    State(state): State<AppState>,
    user: CurrentUser,
    ctx: PageCtx,
    Path((slug, id)): Path<(String, i32)>,
    body: Bytes,
) -> AppResult<Response> {
    let (access, w) = workshop_to_run(&state, &ctx, &slug, id).await?;
    let mut form = MinutesForm::default();
    for (k, v) in form_pairs(&body)? {
        if k == "minutes" {
            form.minutes = v;
        } else if let Some(item) = k.strip_prefix("outcome-").and_then(|i| i.parse().ok()) {
            form.outcomes.insert(item, v);
        }
    }
    let saved = match check_minutes(&form) {
        Ok((minutes, outcomes)) => {
            service::save_minutes(
                &state.db,
                access.id(),
                WorkshopId(id),
                user.id,
                minutes,
                outcomes,
                now(),
            )
            .await
        }
        Err(problems) => Err(AgendaError::Fields(problems)),
    };
    match saved {
        Ok(()) => {
            ctx.flash("workshops-agenda-minutes-saved", None).await?;
            Ok(Redirect::to(&minutes_path(&slug, id)).into_response())
        }
        Err(AgendaError::Fields(problems)) => Ok(unprocessable(
            edit_page(
                &state,
                ctx,
                &access,
                &slug,
                w,
                Some(form),
                AttachmentForm::default(),
                None,
                problems,
            )
            .await?,
        )),
        Err(e) => Err(e.into()),
    }
}

/// `POST …/minutes/attachments`: a titled `http(s)` link.
pub async fn add_attachment(
    State(state): State<AppState>,
    user: CurrentUser,
    ctx: PageCtx,
    Path((slug, id)): Path<(String, i32)>,
    Form(form): Form<AttachmentForm>,
) -> AppResult<Response> {
    let (access, w) = workshop_to_run(&state, &ctx, &slug, id).await?;
    let title = parse_title(&form.title, "attachment-title");
    let url = parse_url(&form.url);
    let saved = match (title, url) {
        (Ok(title), Ok(url)) => {
            service::add_attachment(
                &state.db,
                access.id(),
                WorkshopId(id),
                user.id,
                title,
                url,
                now(),
            )
            .await
        }
        (title, url) => Err(AgendaError::Fields(
            [title.err(), url.err()]
                .into_iter()
                .flatten()
                .map(Problem::from)
                .collect(),
        )),
    };
    match saved {
        Ok(()) => {
            ctx.flash("workshops-agenda-attachment-added", None).await?;
            Ok(
                Redirect::to(&format!("{}#attachments-heading", minutes_path(&slug, id)))
                    .into_response(),
            )
        }
        Err(AgendaError::Fields(problems)) => Ok(unprocessable(
            edit_page(&state, ctx, &access, &slug, w, None, form, None, problems).await?,
        )),
        Err(e) => Err(e.into()),
    }
}

/// `POST …/minutes/attachments/{attachment}/delete`.
pub async fn remove_attachment(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path((slug, id, attachment)): Path<(String, i32, i32)>,
) -> AppResult<Response> {
    let (access, _) = workshop_to_run(&state, &ctx, &slug, id).await?;
    service::remove_attachment(
        &state.db,
        access.id(),
        WorkshopId(id),
        AttachmentId(attachment),
    )
    .await?;
    ctx.flash("workshops-agenda-attachment-removed", None)
        .await?;
    Ok(Redirect::to(&format!("{}#attachments-heading", minutes_path(&slug, id))).into_response())
}

/// `POST …/minutes/attendance`: `attended-<user id>=yes|no` for each seated participant and
/// `colleague-<user id>=yes` when their named colleague came.
pub async fn mark_attendance(
    State(state): State<AppState>,
    user: CurrentUser,
    ctx: PageCtx,
    Path((slug, id)): Path<(String, i32)>,
    body: Bytes,
) -> AppResult<Response> {
    let (access, w) = workshop_to_run(&state, &ctx, &slug, id).await?;
    let mut typed: AttendanceForm = HashMap::new();
    let mut problems = Vec::new();
    for (k, v) in form_pairs(&body)? {
        if let Some(person) = k.strip_prefix("attended-").and_then(|p| p.parse().ok()) {
            let came = match v.as_str() {
                "yes" => Some(true),
                "no" => Some(false),
                _ => {
                    problems.push(Problem::new(
                        "attendance",
                        "workshops-agenda-attendance-invalid",
                    ));
                    None
                }
            };
            typed.entry(person).or_insert((None, false)).0 = came;
        } else if let Some(person) = k.strip_prefix("colleague-").and_then(|p| p.parse().ok()) {
            typed.entry(person).or_insert((None, false)).1 = v == "yes";
        }
    }
    let saved = if problems.is_empty() {
        let mut marks: Vec<Mark> = typed
            .iter()
            .filter_map(|(person, (came, colleague))| {
                Some(Mark {
                    user_id: *person,
                    attended: (*came)?,
                    colleague_attended: *colleague,
                })
            })
            .collect();
        marks.sort_by_key(|m| m.user_id);
        service::mark_attendance(
            &state.db,
            access.id(),
            WorkshopId(id),
            user.id,
            &marks,
            now(),
        )
        .await
    } else {
        Err(AgendaError::Fields(problems))
    };
    match saved {
        Ok(()) => {
            ctx.flash("workshops-agenda-attendance-saved", None).await?;
            Ok(
                Redirect::to(&format!("{}#attendance-heading", minutes_path(&slug, id)))
                    .into_response(),
            )
        }
        Err(AgendaError::Fields(problems)) => Ok(unprocessable(
            edit_page(
                &state,
                ctx,
                &access,
                &slug,
                w,
                None,
                AttachmentForm::default(),
                Some(typed),
                problems,
            )
            .await?,
        )),
        Err(e) => Err(e.into()),
    }
}
