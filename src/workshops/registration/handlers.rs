//! Workshop pages under `/panels/{slug}/workshops`: the list, one workshop, registering,
//! the participant list, the calendar file, and the facilitators' new time or cancellation.
//! Thin: parse the form into the use case's command, call the service, render or redirect.
use askama::Template;
use axum::{
    Form,
    extract::{Path, State},
    http::header,
    response::{Html, IntoResponse, Redirect, Response},
};

use super::{
    super::{
        agenda::handlers::{AgendaSection, for_workshop_page},
        ics,
        model::{RegistrationStatus, WorkshopId},
        pages::{access, unprocessable, workshop_path},
        service::{Mail, Site, WorkshopError, event, when},
        store,
    },
    command::{Register, RegisterForm, Reschedule, RescheduleForm},
    service::{
        self, Change, DeadlineEdit, Participant, Registered, deadline_passed, registration_open,
    },
};
use crate::{
    auth::CurrentUser,
    db::now,
    entities::{scheduling_poll, workshop},
    error::{AppError, AppResult, FieldError},
    markdown::SafeHtml,
    panels::{access::PanelAccess, nav::PanelNav},
    state::AppState,
    web::{FormErrors, PageCtx, render},
};

// ----- The list -----

#[derive(Template)]
#[template(path = "workshops/index.html")]
struct WorkshopsPage {
    ctx: PageCtx,
    nav: PanelNav,
    slug: String,
    workshops: Vec<(workshop::Model, String)>,
    polls: Vec<scheduling_poll::Model>,
    feed: Option<FeedBox>,
}

/// The member's calendar feed on the workshops page.
pub struct FeedBox {
    /// When the current address was made (formatted), if there is one.
    pub created: Option<String>,
    /// The address, only on the answer that made it: it is stored hashed, never shown again.
    pub new_url: Option<String>,
}

/// The workshops page; `new_feed_url` is shown once, right after the address was made.
pub(crate) async fn index_page(
    state: &AppState,
    ctx: PageCtx,
    access: &PanelAccess,
    slug: &str,
    new_feed_url: Option<String>,
) -> AppResult<Html<String>> {
    let workshops = store::workshops_of(&state.db, access.id())
        .await?
        .into_iter()
        .map(|w| {
            let when = when(ctx.t, w.starts_at, w.ends_at);
            (w, when)
        })
        .collect();
    let polls = store::polls_of(&state.db, access.id())
        .await?
        .into_iter()
        .filter(|p| p.closed_at.is_none())
        .collect();
    let feed = match (access.role, ctx.actor()) {
        (Some(_), Some(actor)) => Some(FeedBox {
            created: store::feed_of(&state.db, access.id(), actor.id)
                .await?
                .map(|f| ctx.t.long_datetime(&f.created_at)),
            new_url: new_feed_url,
        }),
        _ => None,
    };
    let ctx = ctx.with_csrf().await?;
    render(&WorkshopsPage {
        nav: PanelNav::new(access, "workshops"),
        slug: slug.to_owned(),
        ctx,
        workshops,
        polls,
        feed,
    })
}

pub async fn workshops_index(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(slug): Path<String>,
) -> AppResult<Response> {
    let access = access(&state, &ctx, &slug).await?;
    access.require_reader()?;
    Ok(index_page(&state, ctx, &access, &slug, None)
        .await?
        .into_response())
}

// ----- One workshop -----

#[derive(Template)]
#[template(path = "workshops/show.html")]
struct WorkshopPage {
    ctx: PageCtx,
    nav: PanelNav,
    slug: String,
    w: workshop::Model,
    when: String,
    description: SafeHtml,
    mine: Option<RegistrationStatus>,
    seats_left: i32,
    can_register: bool,
    facilitator: bool,
    participants: Vec<Participant>,
    colleague: String,
    /// The reschedule form's values: the workshop's own, or what was typed when refused.
    reschedule: RescheduleForm,
    errors: FormErrors,
    /// The agenda, minutes and attachments (`workshops/agenda_section.html`).
    agenda: AgendaSection,
}

/// What the reader typed into one of the page's forms when it was refused.
#[derive(Default)]
struct Typed {
    colleague: String,
    reschedule: Option<RescheduleForm>,
}

async fn workshop_page(
    state: &AppState,
    ctx: PageCtx,
    access: &PanelAccess,
    slug: &str,
    id: WorkshopId,
    typed: Typed,
    errors: Vec<FieldError>,
) -> AppResult<Html<String>> {
    let Typed {
        colleague,
        reschedule,
    } = typed;
    let w = store::workshop_in_panel(&state.db, access.id(), id)
        .await?
        .ok_or(AppError::NotFound)?;
    let participants = service::participants(&state.db, id).await?;
    let taken: i32 = participants
        .iter()
        .filter(|p| p.status == RegistrationStatus::Registered)
        .map(|p| 1 + i32::from(p.colleague.is_some()))
        .sum();
    let mine = match ctx.actor() {
        Some(a) => store::registration_of(&state.db, id, a.id)
            .await?
            .map(|r| r.status)
            .filter(|s| *s != RegistrationStatus::Cancelled),
        None => None,
    };
    let description = SafeHtml::from_stored(w.description_html.clone());
    let when = when(ctx.t, w.starts_at, w.ends_at);
    let reschedule = reschedule.unwrap_or_else(|| RescheduleForm::of(&w));
    let open = registration_open(&w, now());
    let facilitator = access.is_facilitator();
    let agenda = for_workshop_page(&state.db, access, slug, &w, ctx.t).await?;
    let ctx = ctx.with_csrf().await?;
    let errors = FormErrors::new(ctx.t, errors);
    render(&WorkshopPage {
        nav: PanelNav::new(access, "workshops"),
        slug: slug.to_owned(),
        seats_left: (w.capacity - taken).max(0),
        can_register: open && access.role.is_some(),
        participants: if facilitator {
            participants
        } else {
            Vec::new()
        },
        facilitator,
        ctx,
        w,
        when,
        description,
        mine,
        colleague,
        reschedule,
        errors,
        agenda,
    })
}

pub async fn show_workshop(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path((slug, id)): Path<(String, i32)>,
) -> AppResult<Response> {
    let access = access(&state, &ctx, &slug).await?;
    access.require_reader()?;
    Ok(workshop_page(
        &state,
        ctx,
        &access,
        &slug,
        WorkshopId(id),
        Typed::default(),
        Vec::new(),
    )
    .await?
    .into_response())
}

// ----- Registration -----

pub async fn register(
    State(state): State<AppState>,
    user: CurrentUser,
    ctx: PageCtx,
    Path((slug, id)): Path<(String, i32)>,
    Form(form): Form<RegisterForm>,
) -> AppResult<Response> {
    let access = access(&state, &ctx, &slug).await?;
    access.require_member()?;
    let w = store::workshop_in_panel(&state.db, access.id(), WorkshopId(id))
        .await?
        .ok_or(AppError::NotFound)?;
    let parsed = if w.cancelled_at.is_none() && deadline_passed(&w, now()) {
        // Say why, on the workshop's own page, rather than a bare "closed".
        Err(vec![FieldError::new(
            "registration-heading",
            "workshops-reminders-deadline-passed",
        )])
    } else {
        Register::try_from(&form)
    };
    let registration = match parsed {
        Ok(registration) => registration,
        Err(errors) => {
            return Ok(unprocessable(
                workshop_page(
                    &state,
                    ctx,
                    &access,
                    &slug,
                    WorkshopId(id),
                    Typed {
                        colleague: form.colleague,
                        ..Typed::default()
                    },
                    errors,
                )
                .await?,
            ));
        }
    };
    let asked_colleague = registration.colleague.is_some();
    let outcome = service::register(
        &state.db,
        &Mail::of(&state),
        &slug,
        &access.panel.name,
        WorkshopId(id),
        user.id,
        registration.colleague,
        now(),
    )
    .await?;
    let flash = match outcome {
        Registered::Seat { with_colleague } if asked_colleague && !with_colleague => {
            "workshops-registered-without-colleague"
        }
        Registered::Seat { .. } => "workshops-registered",
        Registered::Waiting => "workshops-waiting",
    };
    ctx.flash(flash, None).await?;
    Ok(Redirect::to(&workshop_path(&slug, id)).into_response())
}

pub async fn cancel_registration(
    State(state): State<AppState>,
    user: CurrentUser,
    ctx: PageCtx,
    Path((slug, id)): Path<(String, i32)>,
) -> AppResult<Response> {
    let access = access(&state, &ctx, &slug).await?;
    access.require_member()?;
    service::cancel_registration(
        &state.db,
        &Mail::of(&state),
        &access.panel,
        WorkshopId(id),
        user.id,
    )
    .await?;
    ctx.flash("workshops-registration-cancelled", None).await?;
    Ok(Redirect::to(&workshop_path(&slug, id)).into_response())
}

/// The facilitators' participant list as CSV.
pub async fn participants_csv(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path((slug, id)): Path<(String, i32)>,
) -> AppResult<Response> {
    let access = access(&state, &ctx, &slug).await?;
    access.require_facilitator()?;
    let w = store::workshop_in_panel(&state.db, access.id(), WorkshopId(id))
        .await?
        .ok_or(AppError::NotFound)?;
    let list = service::participants(&state.db, WorkshopId(id)).await?;
    let csv = service::participants_csv(ctx.t, &list);
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!(
                    "attachment; filename=\"workshop-{}-participants.csv\"",
                    w.id
                ),
            ),
        ],
        csv,
    )
        .into_response())
}

/// The workshop as an `.ics` file.
pub async fn ics_download(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path((slug, id)): Path<(String, i32)>,
) -> AppResult<Response> {
    let access = access(&state, &ctx, &slug).await?;
    access.require_reader()?;
    let w = store::workshop_in_panel(&state.db, access.id(), WorkshopId(id))
        .await?
        .ok_or(AppError::NotFound)?;
    let event = event(&Site::of(&state), &slug, &access.panel.name, &w, Vec::new());
    let body = ics::calendar(ics::Method::Publish, None, &[event]);
    Ok((
        [
            (header::CONTENT_TYPE, ics::Method::Publish.content_type()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"workshop-{}.ics\"", w.id),
            ),
        ],
        body,
    )
        .into_response())
}

// ----- A new time, or a cancellation -----

/// A new time for the workshop (the facilitator's form).
pub async fn reschedule(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path((slug, id)): Path<(String, i32)>,
    Form(form): Form<RescheduleForm>,
) -> AppResult<Response> {
    let access = access(&state, &ctx, &slug).await?;
    access.require_facilitator()?;
    let errors = match Reschedule::try_from(&form) {
        Err(errors) => errors,
        Ok(new_time) => {
            let changed = service::apply_change(
                &state.db,
                &Mail::of(&state),
                access.id(),
                &slug,
                &access.panel.name,
                WorkshopId(id),
                Change::Rescheduled(new_time.span),
                new_time.deadline,
            )
            .await;
            match changed {
                Ok(()) => {
                    ctx.flash("workshops-rescheduled", None).await?;
                    return Ok(Redirect::to(&workshop_path(&slug, id)).into_response());
                }
                Err(WorkshopError::Fields(fields)) => fields,
                Err(e) => return Err(e.into()),
            }
        }
    };
    Ok(unprocessable(
        workshop_page(
            &state,
            ctx,
            &access,
            &slug,
            WorkshopId(id),
            Typed {
                reschedule: Some(form),
                ..Typed::default()
            },
            errors,
        )
        .await?,
    ))
}

/// Cancel the workshop; participants get a calendar cancellation.
pub async fn cancel_workshop(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path((slug, id)): Path<(String, i32)>,
) -> AppResult<Response> {
    let access = access(&state, &ctx, &slug).await?;
    access.require_facilitator()?;
    service::apply_change(
        &state.db,
        &Mail::of(&state),
        access.id(),
        &slug,
        &access.panel.name,
        WorkshopId(id),
        Change::Cancelled,
        DeadlineEdit::Keep,
    )
    .await?;
    ctx.flash("workshops-cancelled-done", None).await?;
    Ok(Redirect::to(&workshop_path(&slug, id)).into_response())
}
