//! Task pages under `/panels/{slug}/tasks`: the list, the answer form, the editor, results
//! with charts and tables, and the CSV export. Thin: parse, ask the service, render.
use askama::Template;
use axum::{
    extract::{Path, State},
    response::{IntoResponse, Response},
};
use chrono::{DateTime, Utc};

use super::{
    ideas::model::IdeaPhase,
    model::{Phase, ResultsVisibility, Window},
    service::{self, TaskView},
    store,
};
use crate::{
    db::now,
    error::{AppError, AppResult},
    i18n::Tr,
    panels::{
        access::{self, PanelAccess, PanelRole},
        nav::PanelNav,
    },
    state::AppState,
    web::{PageCtx, render},
};

pub(super) async fn panel(state: &AppState, ctx: &PageCtx, slug: &str) -> AppResult<PanelAccess> {
    let access = access::panel_for(&state.db, slug, ctx.actor()).await?;
    access.require_reader()?;
    Ok(access)
}

pub(super) async fn task_of(
    state: &AppState,
    access: &PanelAccess,
    id: i32,
) -> AppResult<TaskView> {
    service::task_for(&state.db, access, id)
        .await?
        .ok_or(AppError::NotFound)
}

pub(super) fn task_url(access: &PanelAccess, id: i32) -> String {
    format!("/panels/{}/tasks/{id}", access.panel.slug)
}

/// "Who sees what and when", in plain sentences.
pub fn disclosure(t: &Tr, task: &TaskView) -> Vec<String> {
    let mut out = Vec::new();
    out.push(if task.anonymity().is_anonymous() {
        t.get("poll-disclose-anonymous")
    } else {
        t.get("poll-disclose-named")
    });
    out.push(match task.results_visibility() {
        ResultsVisibility::Always => t.get("poll-disclose-results-always"),
        ResultsVisibility::AfterAnswering => t.get("poll-disclose-results-after-answering"),
        ResultsVisibility::AfterClosing => t.arg(
            "poll-disclose-results-after-closing",
            "date",
            t.long_datetime(&task.row.closes_at),
        ),
        ResultsVisibility::FacilitatorsOnly => t.get("poll-disclose-results-facilitators"),
    });
    out.push(t.get("poll-disclose-facilitators"));
    out
}

pub(super) fn require_facilitator(access: &PanelAccess) -> AppResult<()> {
    access.require_facilitator()
}

// ----- List -----

/// One task in the list.
pub struct TaskItem {
    pub id: i32,
    pub title: String,
    pub phase: Phase,
    pub opens_at: DateTime<Utc>,
    pub closes_at: DateTime<Utc>,
    pub anonymous: bool,
    pub awaiting: bool,
    pub answered: bool,
    pub answer_sets: u64,
    /// An ideas task's phase (its badge replaces the survey's).
    pub ideas_phase: Option<IdeaPhase>,
    /// Aimed at part of the panel.
    pub aimed: bool,
    /// The task's round (1 for a first round).
    pub round: i32,
}

#[derive(Template)]
#[template(path = "tasks/list.html")]
pub struct ListPage {
    pub ctx: PageCtx,
    pub nav: PanelNav,
    pub slug: String,
    pub items: Vec<TaskItem>,
    pub facilitator: bool,
}

/// `GET /panels/{slug}/tasks`
pub async fn list(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(slug): Path<String>,
) -> AppResult<Response> {
    let access = panel(&state, &ctx, &slug).await?;
    let at = now();
    let tasks = service::tasks_seen(&state.db, &access).await?;
    let answered = match &ctx.user {
        Some(u) => {
            store::answered_among(&state.db, u.id, tasks.iter().map(|t| t.id).collect()).await?
        }
        None => Default::default(),
    };
    let counts = service::answer_counts(&state.db, &tasks).await?;
    let ids: Vec<i32> = tasks.iter().map(|t| t.id).collect();
    let ideas = super::ideas::store::settings_among(&state.db, &ids).await?;
    let is_member = access.role == Some(PanelRole::Member);
    let items = tasks
        .into_iter()
        .map(|t| {
            let phase = if at < t.opens_at {
                Phase::Upcoming
            } else if at < t.closes_at {
                Phase::Open
            } else {
                Phase::Closed
            };
            let done = answered.contains(&t.id);
            let ideas_phase = ideas.get(&t.id).and_then(|s| {
                Window::new(t.opens_at, t.closes_at)
                    .ok()
                    .map(|w| s.phase(w, at))
            });
            // An ideas task awaits a member's vote, not their ideas.
            let takes_answers = match ideas_phase {
                Some(p) => p == IdeaPhase::Voting,
                None => phase == Phase::Open,
            };
            TaskItem {
                aimed: super::aim::Aim::of(&t).is_aimed(),
                round: t.round,
                ideas_phase,
                awaiting: is_member && takes_answers && !done,
                answered: done,
                answer_sets: counts.get(&t.id).copied().unwrap_or(0),
                id: t.id,
                title: t.title,
                phase,
                opens_at: t.opens_at,
                closes_at: t.closes_at,
                anonymous: t.anonymous,
            }
        })
        .collect();
    Ok(render(&ListPage {
        nav: PanelNav::new(&access, "tasks"),
        facilitator: access.is_facilitator(),
        slug,
        items,
        ctx,
    })?
    .into_response())
}
