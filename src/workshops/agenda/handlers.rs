//! The agenda pages: facilitators pick task results (or write free items), reorder, edit
//! and remove them at `/panels/{slug}/workshops/{id}/agenda`; the workshop page shows the
//! agenda to everyone who reads the panel, with links to results only for those who may see
//! them.
use std::collections::HashMap;

use askama::Template;
use axum::{
    Form,
    body::Bytes,
    extract::{Path, State},
    response::{Html, IntoResponse, Redirect, Response},
};
use sea_orm::{ConnectionTrait, DbErr};
use serde::Deserialize;

use super::{
    super::{
        model::WorkshopId,
        pages::{unprocessable, workshop_for, workshop_path, workshop_to_run},
    },
    model::{
        self, Candidate, CandidateGroup, Direction, Figure, ItemId, MAX_NOTE_CHARS, Pick, Problem,
        Problems, parse_duration, parse_markdown, parse_title,
    },
    service::{self, AgendaError, ItemDraft},
    store,
};
use crate::{
    actions,
    db::now,
    entities::{workshop, workshop_agenda_item},
    error::{AppError, AppResult},
    i18n::Tr,
    markdown::SafeHtml,
    panels::{access::PanelAccess, nav::PanelNav},
    state::AppState,
    tasks::{
        self,
        results::{count_all, one_decimal},
        service::TaskView,
    },
    web::{PageCtx, render},
};

// ----- What the workshop page shows -----

/// One agenda item as a reader sees it.
#[derive(Clone, Debug)]
pub struct AgendaItemView {
    pub id: i32,
    pub title: String,
    pub note: Option<SafeHtml>,
    /// "45 min", when given.
    pub duration: Option<String>,
    /// The task's results page at the question, only for readers who may see the results.
    pub results_link: Option<String>,
    /// The link's text ("Results: <task>").
    pub source: String,
    pub outcome: Option<SafeHtml>,
}

/// An attachment link.
#[derive(Clone, Debug)]
pub struct AttachmentView {
    pub id: i32,
    pub title: String,
    pub url: String,
}

/// The agenda, minutes and attachments of a workshop as one reader may see them; rendered
/// by `templates/workshops/agenda_section.html` (which expects `ctx`, `slug`, `w` and
/// `agenda` on the page).
#[derive(Clone, Debug, Default)]
pub struct AgendaSection {
    pub items: Vec<AgendaItemView>,
    pub minutes: Option<SafeHtml>,
    /// When the minutes were last saved, in the reader's language.
    pub minutes_updated: Option<String>,
    pub attachments: Vec<AttachmentView>,
    /// Whether to offer the editing links.
    pub facilitator: bool,
    /// Whether the workshop has started (minutes can be written).
    pub started: bool,
}

impl AgendaSection {
    /// Whether there is anything recorded after the workshop.
    pub fn has_record(&self) -> bool {
        self.minutes.is_some()
            || !self.attachments.is_empty()
            || self.items.iter().any(|i| i.outcome.is_some())
    }
}

fn results_url(slug: &str, task: i32, question: Option<i32>) -> String {
    match question {
        Some(q) => format!("/panels/{slug}/tasks/{task}/results#all-r{q}"),
        None => format!("/panels/{slug}/tasks/{task}/results"),
    }
}

/// The tasks behind linked items whose results this reader may see now (task id → title).
async fn visible_sources(
    db: &impl ConnectionTrait,
    access: &PanelAccess,
    items: &[workshop_agenda_item::Model],
) -> Result<HashMap<i32, String>, DbErr> {
    let mut ids: Vec<i32> = items.iter().filter_map(|i| i.task_id).collect();
    ids.sort_unstable();
    ids.dedup();
    let at = now();
    let mut visible = HashMap::new();
    for id in ids {
        let Some(task) = tasks::service::task_for(db, access, id).await? else {
            continue;
        };
        let answered = match access.actor {
            Some(a) => tasks::store::has_answered(db, id, a.id).await?,
            None => false,
        };
        if task.results_visible_to(access.role, answered, at) {
            visible.insert(id, task.row.title);
        }
    }
    Ok(visible)
}

/// Everything the workshop page needs for its agenda and minutes. Items carry only the
/// text the facilitator chose: no live figures, and a link to the results only when the
/// reader may open them.
pub async fn for_workshop_page(
    db: &impl ConnectionTrait,
    access: &PanelAccess,
    slug: &str,
    w: &workshop::Model,
    t: Tr,
) -> Result<AgendaSection, DbErr> {
    let id = WorkshopId(w.id);
    let items = store::items_of(db, id).await?;
    let sources = visible_sources(db, access, &items).await?;
    let items = items
        .into_iter()
        .map(|i| {
            let source = i
                .task_id
                .and_then(|task| sources.get(&task).map(|title| (task, title)));
            AgendaItemView {
                id: i.id,
                note: (!i.note_html.is_empty()).then(|| SafeHtml::from_stored(i.note_html)),
                duration: i
                    .duration_minutes
                    .map(|d| t.count("workshops-agenda-duration-count", d)),
                results_link: source.map(|(task, _)| results_url(slug, task, i.question_id)),
                source: source
                    .map(|(_, title)| t.arg("workshops-agenda-see-results", "task", title))
                    .unwrap_or_default(),
                outcome: i.outcome_html.map(SafeHtml::from_stored),
                title: i.title,
            }
        })
        .collect();
    let attachments = store::attachments_of(db, id)
        .await?
        .into_iter()
        .map(|a| AttachmentView {
            id: a.id,
            title: a.title,
            url: a.url,
        })
        .collect();
    Ok(AgendaSection {
        items,
        minutes: w.minutes_html.clone().map(SafeHtml::from_stored),
        minutes_updated: w
            .minutes_html
            .as_ref()
            .and(w.minutes_updated_at)
            .map(|at| t.long_datetime(&at)),
        attachments,
        facilitator: access.is_facilitator(),
        started: w.starts_at <= now(),
    })
}

// ----- Shared by the agenda and minutes pages -----

/// The reader's view of the agenda and minutes (for those who do not run the panel).
#[derive(Template)]
#[template(path = "workshops/agenda_read.html")]
pub(crate) struct ReadPage {
    pub ctx: PageCtx,
    pub nav: PanelNav,
    pub heading: String,
    pub slug: String,
    pub w: workshop::Model,
    pub agenda: AgendaSection,
}

pub(crate) async fn read_page(
    state: &AppState,
    ctx: PageCtx,
    access: &PanelAccess,
    slug: &str,
    w: workshop::Model,
    heading_key: &str,
) -> AppResult<Response> {
    let agenda = for_workshop_page(&state.db, access, slug, &w, ctx.t).await?;
    Ok(render(&ReadPage {
        nav: PanelNav::new(access, "workshops"),
        heading: ctx.t.arg(heading_key, "title", &w.title),
        slug: slug.to_owned(),
        ctx,
        w,
        agenda,
    })?
    .into_response())
}

// ----- The facilitator's agenda page -----

/// A candidate as the facilitator sees it: what would be copied and its current figure.
pub struct CandidateRow {
    pub key: String,
    pub label: String,
    pub figure: String,
}

/// A question's candidates.
pub struct CandidateBlock {
    pub heading: String,
    pub rows: Vec<CandidateRow>,
}

/// A task's candidates.
pub struct TaskBlock {
    pub id: i32,
    pub title: String,
    pub phase: String,
    pub blocks: Vec<CandidateBlock>,
}

/// An item on the facilitator's list.
pub struct EditRow {
    pub id: i32,
    pub title: String,
    pub duration: Option<String>,
    pub results_link: Option<String>,
    pub has_outcome: bool,
}

/// The free item form as typed.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct ItemForm {
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub note: String,
    #[serde(default)]
    pub duration: String,
}

#[derive(Template)]
#[template(path = "workshops/agenda.html")]
struct AgendaPage {
    ctx: PageCtx,
    nav: PanelNav,
    slug: String,
    w: workshop::Model,
    items: Vec<EditRow>,
    tasks: Vec<TaskBlock>,
    picked: Vec<String>,
    form: ItemForm,
    errors: Problems,
    /// The panel's overdue actions, offered to carry onto this agenda.
    overdue: Vec<OverdueRow>,
}

/// An overdue action the agenda editor offers.
pub struct OverdueRow {
    pub id: i32,
    pub title: String,
    pub href: String,
    pub due: String,
    pub owner: String,
}

impl AgendaPage {
    pub fn is_picked(&self, key: &str) -> bool {
        self.picked.iter().any(|p| p == key)
    }
}

fn figure_text(t: &Tr, f: &Figure) -> String {
    match f {
        Figure::Points(n) => t.count("workshops-agenda-figure-points", *n),
        Figure::Chosen(n) => t.count("workshops-agenda-figure-chosen", *n),
        Figure::Average(a) => t.arg(
            "workshops-agenda-figure-average",
            "average",
            one_decimal(*a, t.lang),
        ),
    }
}

/// Every task of the panel that has opened, with its top results (facilitators see all).
async fn task_blocks(
    db: &impl ConnectionTrait,
    access: &PanelAccess,
    t: &Tr,
) -> Result<Vec<TaskBlock>, DbErr> {
    let yes_no = (t.get("poll-yes"), t.get("poll-no"));
    let at = now();
    let mut out = Vec::new();
    for row in tasks::store::tasks_of_panel(db, access.id().0).await? {
        if row.opens_at > at {
            continue;
        }
        let Some(task): Option<TaskView> =
            tasks::service::task_view(db, access.id(), row.id).await?
        else {
            continue;
        };
        let responses = tasks::service::responses(db, &task).await?;
        let refs: Vec<&tasks::results::Response> = responses.iter().collect();
        let results = count_all(&task.questions, &refs, (&yes_no.0, &yes_no.1));
        let groups: Vec<CandidateGroup> = model::candidates(task.row.id, &results);
        if groups.is_empty() {
            continue;
        }
        let row_of = |c: &Candidate| CandidateRow {
            key: c.pick.key(),
            label: c.label.clone(),
            figure: figure_text(t, &c.figure),
        };
        out.push(TaskBlock {
            id: task.row.id,
            phase: t.get(task.phase(at).label_key()),
            blocks: groups
                .iter()
                .map(|g| CandidateBlock {
                    heading: g
                        .prompt
                        .clone()
                        .unwrap_or_else(|| t.get("workshops-agenda-scale-group")),
                    rows: g.candidates.iter().map(row_of).collect(),
                })
                .collect(),
            title: task.row.title,
        });
    }
    Ok(out)
}

#[allow(clippy::too_many_arguments)]
async fn agenda_edit_page(
    state: &AppState,
    ctx: PageCtx,
    access: &PanelAccess,
    slug: &str,
    w: workshop::Model,
    picked: Vec<String>,
    form: ItemForm,
    problems: Vec<Problem>,
) -> AppResult<Html<String>> {
    let t = ctx.t;
    let items = store::items_of(&state.db, WorkshopId(w.id))
        .await?
        .into_iter()
        .map(|i| EditRow {
            id: i.id,
            duration: i
                .duration_minutes
                .map(|d| t.count("workshops-agenda-duration-count", d)),
            results_link: i.task_id.map(|task| results_url(slug, task, i.question_id)),
            has_outcome: i.outcome_html.is_some(),
            title: i.title,
        })
        .collect();
    let tasks = task_blocks(&state.db, access, &t).await?;
    let overdue = actions::service::overdue_views(&state.db, &access.panel, now())
        .await?
        .into_iter()
        .map(|a| OverdueRow {
            id: a.row.id,
            due: actions::service::due_text(&t, a.row.due_on),
            owner: a.owner_name.unwrap_or_else(|| t.get("actions-owner-gone")),
            href: a.href,
            title: a.row.title,
        })
        .collect();
    let ctx = ctx.with_csrf().await?;
    render(&AgendaPage {
        overdue,
        nav: PanelNav::new(access, "workshops"),
        slug: slug.to_owned(),
        errors: Problems::new(t, &problems),
        ctx,
        w,
        items,
        tasks,
        picked,
        form,
    })
}

/// `GET …/agenda`: the editor for facilitators, the agenda for other readers.
pub async fn agenda_page(
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
            "workshops-agenda-page-title",
        )
        .await;
    }
    Ok(agenda_edit_page(
        &state,
        ctx,
        &access,
        &slug,
        w,
        Vec::new(),
        ItemForm::default(),
        Vec::new(),
    )
    .await?
    .into_response())
}

fn agenda_path(slug: &str, id: i32) -> String {
    format!("{}/agenda", workshop_path(slug, id))
}

/// `POST …/agenda/picks`: the chosen results (`pick=t1-q2-o3`, repeated) become items.
pub async fn add_picks(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path((slug, id)): Path<(String, i32)>,
    body: Bytes,
) -> AppResult<Response> {
    let (access, w) = workshop_to_run(&state, &ctx, &slug, id).await?;
    let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(&body)
        .map_err(|_| AppError::BadRequest("workshops-bad-form"))?;
    let raw: Vec<String> = pairs
        .into_iter()
        .filter(|(k, _)| k == "pick")
        .map(|(_, v)| v)
        .collect();
    let picks: Option<Vec<Pick>> = raw.iter().map(|r| Pick::parse(r)).collect();
    let outcome = match picks {
        Some(picks) => service::add_picks(&state.db, access.id(), WorkshopId(id), &picks).await,
        None => Err(AgendaError::Fields(vec![Problem::new(
            "picks",
            "workshops-agenda-pick-unknown",
        )])),
    };
    match outcome {
        Ok(n) => {
            let key = if n == 0 {
                "workshops-agenda-picks-already"
            } else {
                "workshops-agenda-picks-added"
            };
            ctx.flash(key, None).await?;
            Ok(Redirect::to(&agenda_path(&slug, id)).into_response())
        }
        Err(AgendaError::Fields(problems)) => Ok(unprocessable(
            agenda_edit_page(
                &state,
                ctx,
                &access,
                &slug,
                w,
                raw,
                ItemForm::default(),
                problems,
            )
            .await?,
        )),
        Err(e) => Err(e.into()),
    }
}

/// Check the item form, collecting every problem.
fn item_draft(form: &ItemForm) -> Result<ItemDraft, Vec<Problem>> {
    let mut problems = Vec::new();
    let title = parse_title(&form.title, "title").map_err(|e| problems.push(e.into()));
    let duration = parse_duration(&form.duration).map_err(|e| problems.push(e.into()));
    let note = parse_markdown(&form.note, MAX_NOTE_CHARS)
        .map_err(|key| problems.push(Problem::new("note", key)));
    match (title, duration, note) {
        (Ok(title), Ok(duration), Ok(note)) if problems.is_empty() => Ok(ItemDraft {
            title,
            note,
            duration,
        }),
        _ => Err(problems),
    }
}

/// The overdue action to carry onto the agenda.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct CarryForm {
    #[serde(default)]
    pub action: String,
}

/// `POST …/agenda/actions`: an overdue action of the panel becomes an item at the end, with
/// its due day, owner and a link to its progress in the note.
pub async fn carry_action(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path((slug, id)): Path<(String, i32)>,
    Form(form): Form<CarryForm>,
) -> AppResult<Response> {
    let (access, w) = workshop_to_run(&state, &ctx, &slug, id).await?;
    let action_id: i32 = form.action.trim().parse().map_err(|_| AppError::NotFound)?;
    let (title, note) =
        actions::service::agenda_entry(&state.db, &access.panel, action_id, now(), &ctx.t).await?;
    let draft = ItemDraft {
        title: model::clip_title(&title),
        note: parse_markdown(&note, MAX_NOTE_CHARS).ok().flatten(),
        duration: None,
    };
    match service::add_item(&state.db, access.id(), WorkshopId(id), draft).await {
        Ok(_) => {
            ctx.flash("actions-agenda-added", None).await?;
            Ok(Redirect::to(&agenda_path(&slug, id)).into_response())
        }
        Err(AgendaError::Fields(problems)) => Ok(unprocessable(
            agenda_edit_page(
                &state,
                ctx,
                &access,
                &slug,
                w,
                Vec::new(),
                ItemForm::default(),
                problems,
            )
            .await?,
        )),
        Err(e) => Err(e.into()),
    }
}

/// `POST …/agenda/items`: a free item at the end.
pub async fn add_item(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path((slug, id)): Path<(String, i32)>,
    Form(form): Form<ItemForm>,
) -> AppResult<Response> {
    let (access, w) = workshop_to_run(&state, &ctx, &slug, id).await?;
    match item_draft(&form) {
        Ok(draft) => match service::add_item(&state.db, access.id(), WorkshopId(id), draft).await {
            Ok(_) => {
                ctx.flash("workshops-agenda-item-added", None).await?;
                Ok(Redirect::to(&agenda_path(&slug, id)).into_response())
            }
            // A full agenda: the form comes back filled in, with 422.
            Err(AgendaError::Fields(problems)) => Ok(unprocessable(
                agenda_edit_page(&state, ctx, &access, &slug, w, Vec::new(), form, problems)
                    .await?,
            )),
            Err(e) => Err(e.into()),
        },
        Err(problems) => Ok(unprocessable(
            agenda_edit_page(&state, ctx, &access, &slug, w, Vec::new(), form, problems).await?,
        )),
    }
}

#[derive(Template)]
#[template(path = "workshops/agenda_item.html")]
struct ItemPage {
    ctx: PageCtx,
    nav: PanelNav,
    slug: String,
    w: workshop::Model,
    item_id: i32,
    results_link: Option<String>,
    form: ItemForm,
    errors: Problems,
}

#[allow(clippy::too_many_arguments)]
async fn item_page(
    ctx: PageCtx,
    access: &PanelAccess,
    slug: &str,
    w: workshop::Model,
    item: &workshop_agenda_item::Model,
    form: ItemForm,
    problems: Vec<Problem>,
) -> AppResult<Html<String>> {
    let t = ctx.t;
    let ctx = ctx.with_csrf().await?;
    render(&ItemPage {
        nav: PanelNav::new(access, "workshops"),
        slug: slug.to_owned(),
        item_id: item.id,
        results_link: item
            .task_id
            .map(|task| results_url(slug, task, item.question_id)),
        errors: Problems::new(t, &problems),
        ctx,
        w,
        form,
    })
}

async fn item_or_404(
    state: &AppState,
    w: &workshop::Model,
    item: i32,
) -> AppResult<workshop_agenda_item::Model> {
    store::item_of(&state.db, WorkshopId(w.id), ItemId(item))
        .await?
        .ok_or(AppError::NotFound)
}

/// `GET …/agenda/items/{item}`: the edit form.
pub async fn edit_form(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path((slug, id, item)): Path<(String, i32, i32)>,
) -> AppResult<Response> {
    let (access, w) = workshop_to_run(&state, &ctx, &slug, id).await?;
    let row = item_or_404(&state, &w, item).await?;
    let form = ItemForm {
        title: row.title.clone(),
        note: row.note_md.clone(),
        duration: row
            .duration_minutes
            .map(|d| d.to_string())
            .unwrap_or_default(),
    };
    Ok(item_page(ctx, &access, &slug, w, &row, form, Vec::new())
        .await?
        .into_response())
}

/// `POST …/agenda/items/{item}`: save the edit.
pub async fn save_item(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path((slug, id, item)): Path<(String, i32, i32)>,
    Form(form): Form<ItemForm>,
) -> AppResult<Response> {
    let (access, w) = workshop_to_run(&state, &ctx, &slug, id).await?;
    let row = item_or_404(&state, &w, item).await?;
    match item_draft(&form) {
        Ok(draft) => {
            service::edit_item(&state.db, access.id(), WorkshopId(id), ItemId(item), draft).await?;
            ctx.flash("workshops-agenda-item-saved", None).await?;
            Ok(Redirect::to(&agenda_path(&slug, id)).into_response())
        }
        Err(problems) => Ok(unprocessable(
            item_page(ctx, &access, &slug, w, &row, form, problems).await?,
        )),
    }
}

#[derive(Deserialize)]
pub struct MoveForm {
    #[serde(default)]
    pub direction: String,
}

/// `POST …/agenda/items/{item}/move` with `direction=up|down`.
pub async fn move_item(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path((slug, id, item)): Path<(String, i32, i32)>,
    Form(form): Form<MoveForm>,
) -> AppResult<Response> {
    let (access, _) = workshop_to_run(&state, &ctx, &slug, id).await?;
    let direction =
        Direction::parse(&form.direction).ok_or(AppError::BadRequest("workshops-bad-form"))?;
    service::move_item(
        &state.db,
        access.id(),
        WorkshopId(id),
        ItemId(item),
        direction,
    )
    .await?;
    ctx.flash("workshops-agenda-item-moved", None).await?;
    Ok(Redirect::to(&format!("{}#agenda-item-{item}", agenda_path(&slug, id))).into_response())
}

/// `POST …/agenda/items/{item}/delete`.
pub async fn remove_item(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path((slug, id, item)): Path<(String, i32, i32)>,
) -> AppResult<Response> {
    let (access, _) = workshop_to_run(&state, &ctx, &slug, id).await?;
    service::remove_item(&state.db, access.id(), WorkshopId(id), ItemId(item)).await?;
    ctx.flash("workshops-agenda-item-removed", None).await?;
    Ok(Redirect::to(&agenda_path(&slug, id)).into_response())
}
