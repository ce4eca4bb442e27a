//! The use cases of actions: writing one (by hand or from an agenda outcome, a task's
//! results or a feedback item), moving it on with a short update, the panel's progress page,
//! an owner's own list, and the overdue ones a workshop's agenda is offered.
use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use sea_orm::{ConnectionTrait, DatabaseConnection, DbErr};

use super::{
    access,
    entities::{action, action_update as update},
    model::{ActionForm, ActionId, NewAction, Source, Status, StatusChange},
    store,
};
use crate::{
    auth::{CurrentUser, Role, permissions::Actor},
    db::{begin_write, now},
    entities::{panel, user},
    error::{AppError, FieldError},
    feedback,
    i18n::{FluentArg, Tr},
    panels::{
        self,
        access::{PanelAccess, panel_for},
        model::PanelId,
    },
    people, tasks,
    workshops::{
        self, agenda,
        model::WorkshopId,
        time::{helsinki_to_utc, to_helsinki},
    },
};

/// Why an action use case did not go through.
#[derive(Debug, thiserror::Error)]
pub enum ActionError {
    #[error("not found")]
    NotFound,
    #[error("not allowed")]
    Forbidden,
    #[error("invalid fields")]
    Fields(Vec<FieldError>),
    #[error(transparent)]
    Db(#[from] DbErr),
    /// The panel's own refusal, as it answers it.
    #[error("{0}")]
    App(AppError),
}

impl From<ActionError> for AppError {
    fn from(e: ActionError) -> Self {
        match e {
            ActionError::NotFound => AppError::NotFound,
            ActionError::Forbidden => AppError::Forbidden,
            ActionError::Fields(fields) => AppError::Validation(fields),
            ActionError::Db(e) => e.into(),
            ActionError::App(e) => e,
        }
    }
}

impl From<AppError> for ActionError {
    fn from(e: AppError) -> Self {
        ActionError::App(e)
    }
}

type Result<T> = std::result::Result<T, ActionError>;

/// Today on the Helsinki calendar, at `at`.
pub fn day_of(at: DateTime<Utc>) -> NaiveDate {
    to_helsinki(at).date_naive()
}

/// A due day as a long date ("maanantai 29. maaliskuuta 2027").
pub fn due_text(t: &Tr, day: NaiveDate) -> String {
    let noon = NaiveTime::from_hms_opt(12, 0, 0).unwrap_or_default();
    let at = helsinki_to_utc(day, noon).unwrap_or_else(|_| day.and_time(noon).and_utc());
    t.long_date(&at)
}

// ----- Who -----

/// The people who may own an action of the panel: its facilitators and the active staff
/// (members and up) of the panel's organisation, by name.
pub async fn owners(db: &impl ConnectionTrait, p: &panel::Model) -> Result<Vec<user::Model>> {
    let facilitators = panels::store::facilitator_ids(db, PanelId(p.id)).await?;
    let mut by_id = people::store::users_by_ids(db, facilitators).await?;
    for u in people::store::people_of_organization(db, p.organization_id).await? {
        if u.user_role().is_some_and(|r| r >= Role::Member) {
            by_id.insert(u.id, u);
        }
    }
    let mut out: Vec<user::Model> = by_id
        .into_values()
        .filter(|u| u.active && u.removed_at.is_none())
        .collect();
    out.sort_by(|a, b| a.display_name.cmp(&b.display_name).then(a.id.cmp(&b.id)));
    Ok(out)
}

/// The panel `slug` as `actor` approaches it for one of its actions: content readers, and
/// the action's owner even when they are not part of the panel.
pub async fn open_action(
    db: &DatabaseConnection,
    slug: &str,
    id: i32,
    actor: Option<Actor>,
) -> Result<(PanelAccess, action::Model)> {
    let p = panels::store::panel_by_slug(db, slug)
        .await?
        .ok_or(ActionError::NotFound)?;
    let row = store::action(db, ActionId(id))
        .await?
        .filter(|a| a.panel_id == p.id)
        .ok_or(ActionError::NotFound)?;
    let owner = actor.is_some_and(|a| row.owner_id == Some(a.id));
    let access = if owner {
        let role = panels::access::role_in(db, PanelId(p.id), actor).await?;
        let rules = panels::access::rules_standing(db, PanelId(p.id), role, actor).await?;
        PanelAccess {
            panel: p,
            role,
            actor,
            rules,
        }
    } else {
        let access = panel_for(db, slug, actor).await?;
        access.require_reader()?;
        access
    };
    Ok((access, row))
}

/// The panel `slug` for its progress page (content readers only).
pub async fn open_panel(
    db: &DatabaseConnection,
    slug: &str,
    actor: Option<Actor>,
) -> Result<PanelAccess> {
    let access = panel_for(db, slug, actor).await?;
    access.require_reader()?;
    Ok(access)
}

// ----- Sources -----

/// A source an action may be written from, as the form offers it.
#[derive(Clone, Debug)]
pub struct SourceChoice {
    pub key: String,
    /// The catalogue key of its kind.
    pub kind_key: &'static str,
    pub label: String,
}

/// What the form offers as sources: the outcomes recorded on the panel's workshops' agenda
/// items, the panel's tasks that have opened, and (for the organisation's staff) its
/// feedback items.
pub async fn source_choices(
    db: &DatabaseConnection,
    access: &PanelAccess,
    user: &CurrentUser,
) -> Result<Vec<SourceChoice>> {
    let mut out = Vec::new();
    for w in workshops::store::workshops_of(db, access.id()).await? {
        if !workshops::visibility::minutes_shown(&w) {
            continue;
        }
        for item in agenda::store::items_of(db, WorkshopId(w.id)).await? {
            if item.outcome_html.is_some() {
                out.push(SourceChoice {
                    key: Source::Agenda(item.id).key(),
                    kind_key: "actions-source-agenda",
                    label: format!("{}: {}", w.title, item.title),
                });
            }
        }
    }
    let at = now();
    for t in tasks::store::tasks_of_panel(db, access.panel.id).await? {
        if t.opens_at <= at {
            out.push(SourceChoice {
                key: Source::Task(t.id).key(),
                kind_key: "actions-source-task",
                label: t.title,
            });
        }
    }
    for (id, label) in tasks::ideas::service::action_sources(db, access.panel.id, at).await? {
        out.push(SourceChoice {
            key: Source::Idea(id).key(),
            kind_key: "actions-source-idea",
            label,
        });
    }
    if feedback::access::can_work_inbox(user, access.panel.organization_id) {
        for item in feedback::store::items(
            db,
            access.panel.organization_id,
            feedback::store::Filter::default(),
        )
        .await?
        {
            out.push(SourceChoice {
                key: Source::Feedback(item.id).key(),
                kind_key: "actions-source-feedback",
                label: crate::markdown::excerpt(&item.body_md, 80),
            });
        }
    }
    Ok(out)
}

/// Whether `source` is something of this panel the writer may build on.
async fn source_belongs(
    db: &impl ConnectionTrait,
    access: &PanelAccess,
    user: &CurrentUser,
    source: Source,
) -> Result<bool> {
    Ok(match source {
        Source::Manual => true,
        Source::Agenda(id) => match agenda::store::item_by_id(db, id).await? {
            Some(item) => {
                item.outcome_html.is_some()
                    && workshops::store::workshop_in_panel(
                        db,
                        access.id(),
                        WorkshopId(item.workshop_id),
                    )
                    .await?
                    .is_some_and(|w| workshops::visibility::minutes_shown(&w))
            }
            None => false,
        },
        Source::Task(id) => tasks::store::task_in_panel(db, access.panel.id, id)
            .await?
            .is_some_and(|t| t.opens_at <= now()),
        Source::Idea(id) => tasks::ideas::service::idea_in_panel(db, access.panel.id, id)
            .await?
            .is_some_and(|(idea, t, settings)| {
                idea.merged_into_id.is_none()
                    && tasks::ideas::service::shown_to_every_reader(&idea, &t, &settings, now())
            }),
        Source::Feedback(id) => {
            feedback::access::can_work_inbox(user, access.panel.organization_id)
                && feedback::store::item(db, access.panel.organization_id, id)
                    .await?
                    .is_some()
        }
    })
}

/// Where an action came from, as one reader may see it: a label and, when the reader may
/// open it, a link.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourceView {
    /// The catalogue key of the kind ("From a workshop's outcome").
    pub kind_key: &'static str,
    /// What it was (a workshop and item, a task's title); `None` when the reader may not know.
    pub label: Option<String>,
    pub href: Option<String>,
}

async fn source_view(
    db: &impl ConnectionTrait,
    p: &panel::Model,
    row: &action::Model,
    viewer: Option<&CurrentUser>,
) -> Result<SourceView> {
    let source = Source::from_stored(&row.source_kind, row.source_id);
    let mut view = SourceView {
        kind_key: match source {
            Source::Manual => "actions-source-manual",
            Source::Agenda(_) => "actions-source-agenda",
            Source::Task(_) => "actions-source-task",
            Source::Idea(_) => "actions-source-idea",
            Source::Feedback(_) => "actions-source-feedback",
        },
        label: None,
        href: None,
    };
    match source {
        Source::Manual => {}
        Source::Agenda(id) => {
            if let Some(item) = agenda::store::item_by_id(db, id).await?
                && let Some(w) = workshops::store::workshop_in_panel(
                    db,
                    PanelId(p.id),
                    WorkshopId(item.workshop_id),
                )
                .await?
                && workshops::visibility::minutes_shown(&w)
            {
                view.label = Some(format!("{}: {}", w.title, item.title));
                view.href = Some(workshops::visibility::url(&p.slug, w.id));
            }
        }
        Source::Task(id) => {
            if let Some(t) = tasks::store::task_in_panel(db, p.id, id).await? {
                view.label = Some(t.title);
                view.href = Some(tasks::visibility::url(&p.slug, t.id));
            }
        }
        // An idea is named and linked while every reader of the panel sees it (a hidden or
        // held one, or one of a task still hiding ideas, is only "a member's idea").
        Source::Idea(id) => {
            if let Some((idea, t, settings)) =
                tasks::ideas::service::idea_in_panel(db, p.id, id).await?
                && tasks::ideas::service::shown_to_every_reader(&idea, &t, &settings, now())
            {
                view.label = Some(idea.title.clone());
                view.href = Some(tasks::ideas::service::url(&p.slug, t.id, idea.id));
            }
        }
        // Feedback is the organisation's staff's only: others learn where it came from,
        // never what it said.
        Source::Feedback(id) => {
            if let Some(u) = viewer
                && feedback::access::can_work_inbox(u, p.organization_id)
                && let Some(org) = people::store::organization_by_id(db, p.organization_id).await?
                && let Some(item) = feedback::store::item(db, p.organization_id, id).await?
            {
                view.label = Some(crate::markdown::excerpt(&item.body_md, 80));
                view.href = Some(format!("/feedback/{}/inbox/{}", org.short_name, item.id));
            }
        }
    }
    Ok(view)
}

// ----- Writing and moving on -----

/// Write an action in the panel (facilitators only); it starts as planned, with its first
/// history entry.
#[tracing::instrument(skip_all, fields(panel = access.panel.id))]
pub async fn create(
    db: &DatabaseConnection,
    access: &PanelAccess,
    user: &CurrentUser,
    form: &ActionForm,
) -> Result<action::Model> {
    access.require_facilitator()?;
    let owner_ids: Vec<i32> = owners(db, &access.panel)
        .await?
        .iter()
        .map(|u| u.id)
        .collect();
    let new = NewAction::parse(form, &owner_ids).map_err(ActionError::Fields)?;
    if !source_belongs(db, access, user, new.source).await? {
        return Err(ActionError::Fields(vec![FieldError::new(
            "source",
            "actions-source-invalid",
        )]));
    }
    let txn = begin_write(db).await?;
    let at = now();
    let row = store::insert_action(&txn, access.panel.id, new, user.id, at).await?;
    store::insert_update(&txn, ActionId(row.id), user.id, Status::Planned, "", at).await?;
    txn.commit().await?;
    Ok(row)
}

/// Move an action to a status with a short update: its owner and the panel's facilitators.
#[tracing::instrument(skip_all, fields(action = row.id))]
pub async fn change_status(
    db: &DatabaseConnection,
    access: &PanelAccess,
    row: &action::Model,
    user: &CurrentUser,
    change: StatusChange,
) -> Result<action::Model> {
    if !access::may_move(access, row, user.id) {
        return Err(ActionError::Forbidden);
    }
    let txn = begin_write(db).await?;
    let current = store::action(&txn, ActionId(row.id))
        .await?
        .ok_or(ActionError::NotFound)?;
    let at = now();
    let saved = store::set_status(&txn, current, change.status, at).await?;
    let update = store::insert_update(
        &txn,
        ActionId(saved.id),
        user.id,
        change.status,
        &change.note,
        at,
    )
    .await?;
    super::notify::moved(&txn, &saved, &update, user.id, at).await?;
    txn.commit().await?;
    Ok(saved)
}

// ----- Reading -----

/// An action with what its pages show.
#[derive(Clone, Debug)]
pub struct ActionView {
    pub row: action::Model,
    pub status: Status,
    pub owner_name: Option<String>,
    pub source: SourceView,
    pub overdue: bool,
    pub href: String,
}

/// One step of an action's history with its author's name.
#[derive(Clone, Debug)]
pub struct UpdateView {
    pub row: update::Model,
    pub status: Status,
    pub author: Option<String>,
}

async fn views(
    db: &impl ConnectionTrait,
    p: &panel::Model,
    rows: Vec<action::Model>,
    viewer: Option<&CurrentUser>,
) -> Result<Vec<ActionView>> {
    let names =
        people::store::users_by_ids(db, rows.iter().filter_map(|a| a.owner_id).collect()).await?;
    let today = day_of(now());
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        let status = Status::parse(&row.status).unwrap_or(Status::Planned);
        out.push(ActionView {
            source: source_view(db, p, &row, viewer).await?,
            owner_name: row
                .owner_id
                .and_then(|id| names.get(&id))
                .map(|u| u.display_name.clone()),
            overdue: status.is_open() && row.due_on < today,
            href: super::url(&p.slug, row.id),
            status,
            row,
        });
    }
    Ok(out)
}

/// The panel's actions, grouped by status in the order of `Status::ALL`.
pub async fn progress(
    db: &DatabaseConnection,
    access: &PanelAccess,
    viewer: Option<&CurrentUser>,
) -> Result<Vec<(Status, Vec<ActionView>)>> {
    let rows = store::actions_of_panel(db, access.panel.id).await?;
    let all = views(db, &access.panel, rows, viewer).await?;
    Ok(Status::ALL
        .into_iter()
        .map(|s| (s, all.iter().filter(|a| a.status == s).cloned().collect()))
        .collect())
}

/// One action with its history.
pub async fn action_view(
    db: &DatabaseConnection,
    access: &PanelAccess,
    row: action::Model,
    viewer: Option<&CurrentUser>,
) -> Result<(ActionView, Vec<UpdateView>)> {
    let id = ActionId(row.id);
    let view = views(db, &access.panel, vec![row], viewer)
        .await?
        .pop()
        .ok_or(ActionError::NotFound)?;
    let rows = store::updates_of(db, id).await?;
    let names =
        people::store::users_by_ids(db, rows.iter().filter_map(|u| u.author_id).collect()).await?;
    let updates = rows
        .into_iter()
        .map(|row| UpdateView {
            status: Status::parse(&row.status).unwrap_or(Status::Planned),
            author: row
                .author_id
                .and_then(|id| names.get(&id))
                .map(|u| u.display_name.clone()),
            row,
        })
        .collect();
    Ok((view, updates))
}

/// An action on its owner's list, with its panel.
#[derive(Clone, Debug)]
pub struct OwnAction {
    pub panel_name: String,
    pub view: ActionView,
}

/// The actions `user` owns, soonest due first.
pub async fn mine(db: &DatabaseConnection, user: &CurrentUser) -> Result<Vec<OwnAction>> {
    let rows = store::actions_of_owner(db, user.id).await?;
    let mut panels_by_id: HashMap<i32, panel::Model> = HashMap::new();
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        let p = match panels_by_id.get(&row.panel_id) {
            Some(p) => p.clone(),
            None => {
                let Some(p) = panels::store::panel_by_id(db, PanelId(row.panel_id)).await? else {
                    continue;
                };
                panels_by_id.insert(p.id, p.clone());
                p
            }
        };
        if let Some(view) = views(db, &p, vec![row], Some(user)).await?.pop() {
            out.push(OwnAction {
                panel_name: p.name.clone(),
                view,
            });
        }
    }
    Ok(out)
}

/// The panel's open actions whose due day has passed at `at`: what a workshop's agenda is
/// offered to carry on.
pub async fn overdue(
    db: &impl ConnectionTrait,
    panel: PanelId,
    at: DateTime<Utc>,
) -> Result<Vec<action::Model>> {
    let today = day_of(at);
    Ok(store::actions_of_panel(db, panel.0)
        .await?
        .into_iter()
        .filter(|a| Status::parse(&a.status).is_some_and(Status::is_open) && a.due_on < today)
        .collect())
}

/// The panel's overdue actions with their owners, as a workshop's agenda offers them.
pub async fn overdue_views(
    db: &impl ConnectionTrait,
    p: &panel::Model,
    at: DateTime<Utc>,
) -> Result<Vec<ActionView>> {
    let rows = overdue(db, PanelId(p.id), at).await?;
    views(db, p, rows, None).await
}

/// An overdue action of the panel carried onto an agenda: its title, and a note (Markdown,
/// in the facilitator's language) with its due day, owner and a link to its progress.
/// 404 for an action that is not the panel's or not overdue.
pub async fn agenda_entry(
    db: &impl ConnectionTrait,
    p: &panel::Model,
    id: i32,
    at: DateTime<Utc>,
    t: &Tr,
) -> Result<(String, String)> {
    let view = overdue_views(db, p, at)
        .await?
        .into_iter()
        .find(|a| a.row.id == id)
        .ok_or(ActionError::NotFound)?;
    let owner = view
        .owner_name
        .clone()
        .unwrap_or_else(|| t.get("actions-owner-gone"));
    let note = t.args(
        "actions-agenda-note",
        &[
            ("due", FluentArg::Str(due_text(t, view.row.due_on))),
            ("owner", FluentArg::Str(owner)),
            ("link", FluentArg::Str(view.href.clone())),
        ],
    );
    Ok((view.row.title, note))
}
