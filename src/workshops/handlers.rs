//! Workshop pages: scheduling polls under `/panels/{slug}/scheduling`, workshops and
//! registration under `/panels/{slug}/workshops`. Thin: parse, call the service, render.
use askama::Template;
use axum::{
    Form,
    body::Bytes,
    extract::{Path, State},
    http::{StatusCode, header},
    response::{Html, IntoResponse, Redirect, Response},
};
use sea_orm::EntityTrait;
use serde::Deserialize;

use super::{
    holidays::Holiday,
    model::{
        Answer, PollId, RegistrationStatus, SlotId, Title, WorkshopId, parse_capacity,
        parse_colleague, parse_deadline, parse_online_url, parse_slots,
    },
    service::{
        self, Change, DeadlineEdit, Participant, PollView, Registered, Site, WorkshopDraft,
        WorkshopError,
    },
    store,
};
use crate::{
    auth::CurrentUser,
    entities::{scheduling_poll, user, workshop},
    error::{AppError, AppResult, FieldError},
    i18n::Tr,
    panels::{
        access::{PanelAccess, panel_for},
        nav::PanelNav,
    },
    state::AppState,
    web::{FormErrors, PageCtx, forms::collect, render},
};

pub(super) fn site(state: &AppState) -> Site {
    Site {
        base_url: state.settings.base_url(),
        default_lang: state.settings.default_language,
    }
}

pub(super) async fn access(state: &AppState, ctx: &PageCtx, slug: &str) -> AppResult<PanelAccess> {
    panel_for(&state.db, slug, ctx.actor()).await
}

fn unprocessable(html: Html<String>) -> Response {
    (StatusCode::UNPROCESSABLE_ENTITY, html).into_response()
}

fn holiday_name(t: &Tr, h: Option<Holiday>) -> Option<String> {
    h.map(|h| t.get(h.label_key()))
}

// ----- Scheduling: list and new poll -----

#[derive(Default, Deserialize, Clone)]
pub struct PollForm {
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub dates: String,
    #[serde(default)]
    pub start: String,
    #[serde(default)]
    pub end: String,
}

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
    let mut errors = Vec::new();
    let title = collect(&mut errors, Title::parse(&form.title));
    let slots = match parse_slots(&form.dates, &form.start, &form.end) {
        Ok(s) => Some(s),
        Err(e) => {
            errors.extend(e);
            None
        }
    };
    if let (Some(title), Some(slots)) = (title, slots)
        && errors.is_empty()
    {
        let id = service::create_poll(
            &state.db,
            &site(&state),
            access.id(),
            &slug,
            user.id,
            title.as_str(),
            form.description.trim(),
            &slots,
        )
        .await?;
        state.mailer.wake();
        ctx.flash("workshops-poll-created", None).await?;
        return Ok(Redirect::to(&format!("/panels/{slug}/scheduling/{}", id.0)).into_response());
    }
    Ok(unprocessable(
        scheduling_index_page(&state, ctx, &access, form, errors).await?,
    ))
}

// ----- Scheduling: one poll -----

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

#[derive(Default, Deserialize, Clone)]
pub struct ConfirmForm {
    #[serde(default)]
    pub slot: String,
    #[serde(default)]
    pub capacity: String,
    #[serde(default)]
    pub place: String,
    #[serde(default)]
    pub online_url: String,
    #[serde(default)]
    pub registration_deadline: String,
}

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
        label: service::when(t, s.slot.starts_at, s.slot.ends_at),
        holiday: holiday_name(&t, s.span().holiday()),
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
            (u.display_name.clone(), cells)
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
    let answers: Vec<(SlotId, Answer)> = pairs
        .iter()
        .filter_map(|(k, v)| {
            let slot = k.strip_prefix("slot-")?.parse().ok()?;
            Some((SlotId(slot), Answer::parse(v)?))
        })
        .collect();
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
            Err(WorkshopError::Fields(_)) => vec![FieldError {
                field: "dates".into(),
                message_key: "workshops-api-too-many-slots",
            }],
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
    match parse_slots(&form.date, &form.start, &form.end) {
        Ok(spans) if spans.len() == 1 => {
            service::edit_slot(&state.db, access.id(), PollId(id), SlotId(slot), spans[0]).await?;
            ctx.flash("workshops-slot-saved", None).await?;
            Ok(Redirect::to(&format!("/panels/{slug}/scheduling/{id}")).into_response())
        }
        Ok(_) => Err(AppError::Validation(vec![FieldError {
            field: "date".into(),
            message_key: "workshops-dates-invalid",
        }])),
        Err(errors) => Err(AppError::Validation(errors)),
    }
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
    let mut errors = Vec::new();
    let slot = collect(
        &mut errors,
        form.slot.trim().parse::<i32>().map_err(|_| FieldError {
            field: "slot".into(),
            message_key: "workshops-slot-missing",
        }),
    );
    let capacity = collect(&mut errors, parse_capacity(&form.capacity));
    let online_url = collect(&mut errors, parse_online_url(&form.online_url));
    let deadline = collect(&mut errors, parse_deadline(&form.registration_deadline));
    if let (Some(slot), Some(capacity), Some(online_url), Some(deadline)) =
        (slot, capacity, online_url, deadline)
    {
        let place = Some(form.place.trim().to_owned()).filter(|p| !p.is_empty());
        let confirmed = service::confirm_with_deadline(
            &state.db,
            &site(&state),
            access.id(),
            &slug,
            PollId(id),
            SlotId(slot),
            WorkshopDraft {
                capacity,
                place,
                online_url,
            },
            deadline,
            user.id,
        )
        .await;
        match confirmed {
            Ok(workshop) => {
                state.mailer.wake();
                ctx.flash("workshops-time-confirmed", None).await?;
                return Ok(
                    Redirect::to(&format!("/panels/{slug}/workshops/{}", workshop.0))
                        .into_response(),
                );
            }
            Err(WorkshopError::Fields(fields)) => errors.extend(fields),
            Err(e) => return Err(e.into()),
        }
    }
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

// ----- Workshops -----

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
pub(super) async fn index_page(
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
            let when = service::when(ctx.t, w.starts_at, w.ends_at);
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

#[derive(Template)]
#[template(path = "workshops/show.html")]
struct WorkshopPage {
    ctx: PageCtx,
    nav: PanelNav,
    slug: String,
    w: workshop::Model,
    when: String,
    description: crate::markdown::SafeHtml,
    mine: Option<RegistrationStatus>,
    seats_left: i32,
    can_register: bool,
    facilitator: bool,
    participants: Vec<Participant>,
    colleague: String,
    errors: FormErrors,
    /// The agenda, minutes and attachments (`workshops/agenda_section.html`).
    agenda: super::agenda::AgendaSection,
}

async fn workshop_page(
    state: &AppState,
    ctx: PageCtx,
    access: &PanelAccess,
    slug: &str,
    id: WorkshopId,
    colleague: String,
    errors: Vec<FieldError>,
) -> AppResult<Html<String>> {
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
            .and_then(|r| RegistrationStatus::parse(&r.status))
            .filter(|s| *s != RegistrationStatus::Cancelled),
        None => None,
    };
    let description = crate::markdown::SafeHtml::from_stored(w.description_html.clone());
    let when = service::when(ctx.t, w.starts_at, w.ends_at);
    let now = crate::db::now();
    let open = w.cancelled_at.is_none()
        && w.starts_at > now
        && w.registration_deadline.is_none_or(|d| d >= now);
    let facilitator = access.is_facilitator();
    let agenda = super::agenda::for_workshop_page(&state.db, access, slug, &w, ctx.t).await?;
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
        String::new(),
        Vec::new(),
    )
    .await?
    .into_response())
}

#[derive(Deserialize, Default)]
pub struct RegisterForm {
    #[serde(default)]
    pub colleague: String,
}

async fn me(state: &AppState, user: &CurrentUser) -> AppResult<user::Model> {
    user::Entity::find_by_id(user.id)
        .one(&state.db)
        .await?
        .ok_or(AppError::Unauthorized)
}

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
    if w.cancelled_at.is_none()
        && w.registration_deadline
            .is_some_and(|d| d < crate::db::now())
    {
        // Say why, on the workshop's own page, rather than a bare "closed".
        let closed = FieldError {
            field: "registration-heading".into(),
            message_key: "workshops-reminders-deadline-passed",
        };
        return Ok(unprocessable(
            workshop_page(
                &state,
                ctx,
                &access,
                &slug,
                WorkshopId(id),
                form.colleague,
                vec![closed],
            )
            .await?,
        ));
    }
    let colleague = match parse_colleague(&form.colleague) {
        Ok(c) => c,
        Err(e) => {
            return Ok(unprocessable(
                workshop_page(
                    &state,
                    ctx,
                    &access,
                    &slug,
                    WorkshopId(id),
                    form.colleague,
                    vec![e],
                )
                .await?,
            ));
        }
    };
    let asked_colleague = colleague.is_some();
    let who = me(&state, &user).await?;
    let outcome = service::register(
        &state.db,
        &site(&state),
        &slug,
        &access.panel.name,
        WorkshopId(id),
        &who,
        colleague,
        crate::db::now(),
    )
    .await?;
    state.mailer.wake();
    let flash = match outcome {
        Registered::Seat { with_colleague } if asked_colleague && !with_colleague => {
            "workshops-registered-without-colleague"
        }
        Registered::Seat { .. } => "workshops-registered",
        Registered::Waiting => "workshops-waiting",
    };
    ctx.flash(flash, None).await?;
    Ok(Redirect::to(&format!("/panels/{slug}/workshops/{id}")).into_response())
}

pub async fn cancel_registration(
    State(state): State<AppState>,
    user: CurrentUser,
    ctx: PageCtx,
    Path((slug, id)): Path<(String, i32)>,
) -> AppResult<Response> {
    let access = access(&state, &ctx, &slug).await?;
    access.require_member()?;
    store::workshop_in_panel(&state.db, access.id(), WorkshopId(id))
        .await?
        .ok_or(AppError::NotFound)?;
    service::cancel_registration(
        &state.db,
        &site(&state),
        &slug,
        &access.panel.name,
        WorkshopId(id),
        user.id,
    )
    .await?;
    state.mailer.wake();
    ctx.flash("workshops-registration-cancelled", None).await?;
    Ok(Redirect::to(&format!("/panels/{slug}/workshops/{id}")).into_response())
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
    let event = service::event(&site(&state), &slug, &access.panel.name, &w, Vec::new());
    let body = super::ics::calendar(super::ics::Method::Publish, None, &[event]);
    Ok((
        [
            (
                header::CONTENT_TYPE,
                super::ics::Method::Publish.content_type(),
            ),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"workshop-{}.ics\"", w.id),
            ),
        ],
        body,
    )
        .into_response())
}

/// The facilitator's form for a new time and, optionally, the registration deadline (left
/// out of the form: the deadline is kept while it still falls before the new start).
#[derive(Deserialize)]
pub struct RescheduleForm {
    #[serde(default)]
    pub date: String,
    #[serde(default)]
    pub start: String,
    #[serde(default)]
    pub end: String,
    pub registration_deadline: Option<String>,
}

/// A new time for the workshop (the facilitator's form).
pub async fn reschedule(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path((slug, id)): Path<(String, i32)>,
    Form(form): Form<RescheduleForm>,
) -> AppResult<Response> {
    let access = access(&state, &ctx, &slug).await?;
    access.require_facilitator()?;
    let mut errors = Vec::new();
    let span = match parse_slots(&form.date, &form.start, &form.end) {
        Ok(spans) if spans.len() == 1 => Some(spans[0]),
        Ok(_) => {
            return Err(AppError::Validation(vec![FieldError {
                field: "date".into(),
                message_key: "workshops-dates-invalid",
            }]));
        }
        Err(e) => {
            errors.extend(e);
            None
        }
    };
    let deadline = match &form.registration_deadline {
        None => Some(DeadlineEdit::Keep),
        Some(raw) => collect(&mut errors, parse_deadline(raw)).map(DeadlineEdit::Set),
    };
    if let (Some(span), Some(deadline)) = (span, deadline) {
        let changed = service::change_with_deadline(
            &state.db,
            &site(&state),
            access.id(),
            &slug,
            &access.panel.name,
            WorkshopId(id),
            Change::Rescheduled(span),
            deadline,
        )
        .await;
        match changed {
            Ok(()) => {}
            Err(WorkshopError::Fields(fields)) => errors.extend(fields),
            Err(e) => return Err(e.into()),
        }
    }
    if !errors.is_empty() {
        return Ok(unprocessable(
            workshop_page(
                &state,
                ctx,
                &access,
                &slug,
                WorkshopId(id),
                String::new(),
                errors,
            )
            .await?,
        ));
    }
    state.mailer.wake();
    ctx.flash("workshops-rescheduled", None).await?;
    Ok(Redirect::to(&format!("/panels/{slug}/workshops/{id}")).into_response())
}

/// Cancel the workshop; participants get a calendar cancellation.
pub async fn cancel_workshop(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path((slug, id)): Path<(String, i32)>,
) -> AppResult<Response> {
    let access = access(&state, &ctx, &slug).await?;
    access.require_facilitator()?;
    service::change_workshop(
        &state.db,
        &site(&state),
        access.id(),
        &slug,
        &access.panel.name,
        WorkshopId(id),
        Change::Cancelled,
    )
    .await?;
    state.mailer.wake();
    ctx.flash("workshops-cancelled-done", None).await?;
    Ok(Redirect::to(&format!("/panels/{slug}/workshops/{id}")).into_response())
}
