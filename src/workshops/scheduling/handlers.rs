//! Scheduling poll pages under `/panels/{slug}/scheduling`. Thin: parse the form into the
//! use case's command, call the service, render or redirect.
use askama::Template;
use axum::{
    Form,
    body::Bytes,
    extract::{Path, State},
    response::{Html, IntoResponse, Redirect, Response},
};
use serde::Deserialize;

use super::{
    super::{
        model::{Answer, PollId, SlotId, parse_slots, parse_span},
        pages::{access, unprocessable},
        service::{Mail, WorkshopError, when},
        store,
    },
    command::{ConfirmForm, ConfirmTime, NewPoll, PollForm, answers_from_form},
    service::{self, PollView},
};
use crate::{
    auth::CurrentUser,
    entities::scheduling_poll,
    error::{AppError, AppResult, FieldError},
    panels::{access::PanelAccess, nav::PanelNav},
    state::AppState,
    web::{FormErrors, PageCtx, render},
};

// ----- The list and a new poll -----

#[derive(Template)]
#[template(path = "workshops/scheduling_index.html")]
struct SchedulingIndexPage {
    ctx: PageCtx,
    nav: PanelNav,
    polls: Vec<scheduling_poll::Model>,
    facilitator: bool,
    form: PollForm,
    errors: FormErrors,
}

async fn scheduling_index_page(
    state: &AppState,
    ctx: PageCtx,
    access: &PanelAccess,
    form: PollForm,
    errors: Vec<FieldError>,
) -> AppResult<Html<String>> {
    let polls = store::polls_of(&state.db, access.id()).await?;
    let ctx = ctx.with_csrf().await?;
    let errors = FormErrors::new(ctx.t, errors);
    render(&SchedulingIndexPage {
        nav: PanelNav::new(access, "workshops"),
        facilitator: access.is_facilitator(),
        ctx,
        polls,
        form,
        errors,
    })
}

pub async fn scheduling_index(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(slug): Path<String>,
) -> AppResult<Response> {
    let access = access(&state, &ctx, &slug).await?;
    access.require_reader()?;
    Ok(
        scheduling_index_page(&state, ctx, &access, PollForm::default(), Vec::new())
            .await?
            .into_response(),
    )
}

pub async fn create_poll(
    State(state): State<AppState>,
    user: CurrentUser,
    ctx: PageCtx,
    Path(slug): Path<String>,
    Form(form): Form<PollForm>,
) -> AppResult<Response> {
    let access = access(&state, &ctx, &slug).await?;
    access.require_facilitator()?;
    let poll = match NewPoll::try_from(&form) {
        Ok(poll) => poll,
        Err(errors) => {
            return Ok(unprocessable(
                scheduling_index_page(&state, ctx, &access, form, errors).await?,
            ));
        }
    };
    let id = service::create_poll(
        &state.db,
        &Mail::of(&state),
        access.id(),
        &slug,
        user.id,
        &poll,
    )
    .await?;
    ctx.flash("workshops-poll-created", None).await?;
    Ok(Redirect::to(&format!("/panels/{slug}/scheduling/{}", id.0)).into_response())
}

// ----- One poll -----

/// One row of the results table.
pub struct SlotRow {
    pub id: i32,
    pub label: String,
    pub holiday: Option<String>,
    pub yes: usize,
    pub if_need_be: usize,
    pub no: usize,
    pub mine: Option<Answer>,
}

impl SlotRow {
    /// Whether the reader's answer to this slot is `a`.
    pub fn answered(&self, a: &Answer) -> bool {
        self.mine.as_ref() == Some(a)
    }
}

#[derive(Template)]
#[template(path = "workshops/poll.html")]
struct PollPage {
    ctx: PageCtx,
    nav: PanelNav,
    slug: String,
    view: PollView,
    /// Best first.
    ranked: Vec<SlotRow>,
    /// In time order (the answer form and the answers table).
    in_order: Vec<SlotRow>,
    /// (name, answers in time order as message keys).
    grid: Vec<(String, Vec<&'static str>)>,
    can_answer: bool,
    facilitator: bool,
    answers: [Answer; 3],
    form: PollForm,
    confirm: ConfirmForm,
    errors: FormErrors,
}

/// The poll page, with the add-times form (`form`) and the confirm form (`confirm`) as sent.
#[allow(clippy::too_many_arguments)]
async fn poll_page(
    state: &AppState,
    ctx: PageCtx,
    access: &PanelAccess,
    slug: &str,
    id: PollId,
    form: PollForm,
    confirm: ConfirmForm,
    errors: Vec<FieldError>,
) -> AppResult<Html<String>> {
    let view = service::poll_view(&state.db, access.id(), id).await?;
    let me = ctx.actor().map(|a| a.id);
    let t = ctx.t;
    let row = |s: &service::SlotView| SlotRow {
        id: s.slot.id,
        label: when(t, s.slot.starts_at, s.slot.ends_at),
        holiday: s.span().holiday().map(|h| t.get(h.label_key())),
        yes: s.tally.yes,
        if_need_be: s.tally.if_need_be,
        no: s.tally.no,
        mine: me.and_then(|m| s.answers.get(&m).copied()),
    };
    let ranked = view.ranked().into_iter().map(row).collect();
    let in_order = view.slots.iter().map(row).collect();
    let grid = view
        .respondents
        .iter()
        .map(|u| {
            let cells = view
                .slots
                .iter()
                .map(|s| {
                    s.answers
                        .get(&u.id)
                        .map_or("workshops-answer-none", |a| a.label_key())
                })
                .collect();
            (crate::people::model::PersonName::of(u).shown(&ctx.t), cells)
        })
        .collect();
    let open = view.poll.closed_at.is_none();
    let ctx = ctx.with_csrf().await?;
    let errors = FormErrors::new(ctx.t, errors);
    render(&PollPage {
        nav: PanelNav::new(access, "workshops"),
        slug: slug.to_owned(),
        can_answer: open && access.role.is_some(),
        facilitator: open && access.is_facilitator(),
        ctx,
        view,
        ranked,
        in_order,
        grid,
        answers: Answer::ALL,
        form,
        confirm,
        errors,
    })
}

pub async fn show_poll(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path((slug, id)): Path<(String, i32)>,
) -> AppResult<Response> {
    let access = access(&state, &ctx, &slug).await?;
    access.require_reader()?;
    let confirm = ConfirmForm {
        capacity: "20".to_owned(),
        ..Default::default()
    };
    Ok(poll_page(
        &state,
        ctx,
        &access,
        &slug,
        PollId(id),
        PollForm::default(),
        confirm,
        Vec::new(),
    )
    .await?
    .into_response())
}

/// The answer form: `slot-<id>=yes|maybe|no` for each slot.
pub async fn answer(
    State(state): State<AppState>,
    user: CurrentUser,
    ctx: PageCtx,
    Path((slug, id)): Path<(String, i32)>,
    body: Bytes,
) -> AppResult<Response> {
    let access = access(&state, &ctx, &slug).await?;
    access.require_member()?;
    let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(&body)
        .map_err(|_| AppError::BadRequest("workshops-bad-form"))?;
    let answers = answers_from_form(&pairs);
    service::answer(&state.db, access.id(), PollId(id), user.id, &answers).await?;
    ctx.flash("workshops-answers-saved", None).await?;
    Ok(Redirect::to(&format!("/panels/{slug}/scheduling/{id}")).into_response())
}

pub async fn add_slots(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path((slug, id)): Path<(String, i32)>,
    Form(form): Form<PollForm>,
) -> AppResult<Response> {
    let access = access(&state, &ctx, &slug).await?;
    access.require_facilitator()?;
    let errors = match parse_slots(&form.dates, &form.start, &form.end) {
        Ok(slots) => match service::add_slots(&state.db, access.id(), PollId(id), &slots).await {
            Ok(()) => {
                ctx.flash("workshops-slots-added", None).await?;
                return Ok(Redirect::to(&format!("/panels/{slug}/scheduling/{id}")).into_response());
            }
            // Too many times in all: the form's dates field says so.
            Err(WorkshopError::Fields(_)) => {
                vec![FieldError::new("dates", "workshops-api-too-many-slots")]
            }
            Err(e) => return Err(e.into()),
        },
        Err(errors) => errors,
    };
    Ok(unprocessable(
        poll_page(
            &state,
            ctx,
            &access,
            &slug,
            PollId(id),
            form,
            ConfirmForm::default(),
            errors,
        )
        .await?,
    ))
}

#[derive(Deserialize)]
pub struct SlotForm {
    #[serde(default)]
    pub date: String,
    #[serde(default)]
    pub start: String,
    #[serde(default)]
    pub end: String,
}

/// Move one slot (its answers are cleared, the others' kept).
pub async fn edit_slot(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path((slug, id, slot)): Path<(String, i32, i32)>,
    Form(form): Form<SlotForm>,
) -> AppResult<Response> {
    let access = access(&state, &ctx, &slug).await?;
    access.require_facilitator()?;
    let span = parse_span(&form.date, &form.start, &form.end).map_err(AppError::Validation)?;
    service::edit_slot(&state.db, access.id(), PollId(id), SlotId(slot), span).await?;
    ctx.flash("workshops-slot-saved", None).await?;
    Ok(Redirect::to(&format!("/panels/{slug}/scheduling/{id}")).into_response())
}

pub async fn confirm(
    State(state): State<AppState>,
    user: CurrentUser,
    ctx: PageCtx,
    Path((slug, id)): Path<(String, i32)>,
    Form(form): Form<ConfirmForm>,
) -> AppResult<Response> {
    let access = access(&state, &ctx, &slug).await?;
    access.require_facilitator()?;
    let errors = match ConfirmTime::try_from(&form) {
        Err(errors) => errors,
        Ok(time) => {
            let confirmed = service::confirm(
                &state.db,
                &Mail::of(&state),
                access.id(),
                &slug,
                PollId(id),
                time,
                user.id,
            )
            .await;
            match confirmed {
                Ok(workshop) => {
                    ctx.flash("workshops-time-confirmed", None).await?;
                    return Ok(
                        Redirect::to(&format!("/panels/{slug}/workshops/{}", workshop.0))
                            .into_response(),
                    );
                }
                Err(WorkshopError::Fields(fields)) => fields,
                Err(e) => return Err(e.into()),
            }
        }
    };
    Ok(unprocessable(
        poll_page(
            &state,
            ctx,
            &access,
            &slug,
            PollId(id),
            PollForm::default(),
            form,
            errors,
        )
        .await?,
    ))
}
