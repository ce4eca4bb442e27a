//! The use cases of the agenda and of the record kept after a workshop. Every write locks
//! the workshop row, and every change to what search shows (minutes, outcomes, agenda
//! items, attachments) records a search outbox row in the same transaction.
use std::collections::{HashMap, hash_map::Entry};

use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DatabaseConnection, DbErr};

use super::{
    model::{AttachmentId, Direction, ItemId, Pick, Problem, Rendered},
    store::{self, NewItem},
};
use crate::{
    db::begin_write,
    entities::workshop,
    error::AppError,
    panels::model::PanelId,
    search::outbox::{self, Change},
    tasks::{
        model::QuestionKind,
        service::{TaskView, task_view},
    },
    workshops::{
        model::{RegistrationStatus, WorkshopId},
        store as workshop_store,
    },
};

/// What went wrong in an agenda or minutes use case.
#[derive(Debug, thiserror::Error)]
pub enum AgendaError {
    #[error("not found")]
    NotFound,
    #[error("invalid input")]
    Fields(Vec<Problem>),
    #[error(transparent)]
    Db(#[from] DbErr),
}

impl From<AgendaError> for AppError {
    fn from(e: AgendaError) -> Self {
        match e {
            AgendaError::NotFound => AppError::NotFound,
            AgendaError::Fields(_) => AppError::BadRequest("workshops-agenda-invalid"),
            AgendaError::Db(e) => AppError::Internal(e.into()),
        }
    }
}

/// Most items one workshop's agenda may have.
pub const MAX_ITEMS: usize = 100;

fn fields(field: &str, key: &'static str) -> AgendaError {
    AgendaError::Fields(vec![Problem::new(field, key)])
}

/// The workshop row, locked for the transaction, if it is the panel's.
async fn locked(
    db: &impl ConnectionTrait,
    panel: PanelId,
    id: WorkshopId,
) -> Result<workshop::Model, AgendaError> {
    workshop_store::workshop_for_update(db, id)
        .await?
        .filter(|w| w.panel_id == panel.0)
        .ok_or(AgendaError::NotFound)
}

/// Whether the after-workshop record may be written: once the workshop has started, and
/// never for a cancelled one. `field` is the form field the refusal is shown at.
pub fn check_after(
    w: &workshop::Model,
    now: DateTime<Utc>,
    field: &str,
) -> Result<(), AgendaError> {
    if w.cancelled_at.is_some() {
        Err(fields(field, "workshops-agenda-cancelled"))
    } else if w.starts_at > now {
        Err(fields(field, "workshops-agenda-not-started"))
    } else {
        Ok(())
    }
}

// ----- Agenda -----

/// A free item, or the editable part of any item.
#[derive(Clone, Debug)]
pub struct ItemDraft {
    pub title: String,
    pub note: Option<Rendered>,
    pub duration: Option<i32>,
}

fn next_position(items: &[crate::entities::workshop_agenda_item::Model]) -> i32 {
    items.iter().map(|i| i.position).max().unwrap_or(0) + 1
}

fn clip(s: &str, max: usize) -> String {
    s.chars().take(max).collect()
}

/// The item a pick makes: the option's label (or a scale question's prompt) as its title.
fn item_for(task: &TaskView, pick: Pick) -> Option<NewItem> {
    let q = task.questions.iter().find(|q| q.id.0 == pick.question)?;
    let title = match pick.option {
        Some(o) if q.kind.has_options() => q.options.iter().find(|c| c.id.0 == o)?.label.clone(),
        None if matches!(q.kind, QuestionKind::Scale { .. }) => q.prompt.clone(),
        _ => return None,
    };
    Some(NewItem {
        title: clip(&title, super::model::MAX_TITLE_CHARS),
        task_id: Some(pick.task),
        question_id: Some(pick.question),
        option_id: pick.option,
        ..Default::default()
    })
}

/// Add picked results at the end of the agenda, in the order given; results already on the
/// agenda are not added twice. Returns how many were added.
pub async fn add_picks(
    db: &DatabaseConnection,
    panel: PanelId,
    id: WorkshopId,
    picks: &[Pick],
) -> Result<usize, AgendaError> {
    if picks.is_empty() {
        return Err(fields("picks", "workshops-agenda-pick-none"));
    }
    let txn = begin_write(db).await?;
    locked(&txn, panel, id).await?;
    let items = store::items_of(&txn, id).await?;
    let mut position = next_position(&items);
    let mut tasks: HashMap<i32, TaskView> = HashMap::new();
    let mut added = 0;
    let mut seen: Vec<(Option<i32>, Option<i32>, Option<i32>)> = items
        .iter()
        .map(|i| (i.task_id, i.question_id, i.option_id))
        .collect();
    for pick in picks {
        let task = match tasks.entry(pick.task) {
            Entry::Occupied(known) => known.into_mut(),
            Entry::Vacant(slot) => slot.insert(
                task_view(&txn, panel, pick.task)
                    .await?
                    .ok_or_else(|| fields("picks", "workshops-agenda-pick-unknown"))?,
            ),
        };
        let new = item_for(task, *pick)
            .ok_or_else(|| fields("picks", "workshops-agenda-pick-unknown"))?;
        let key = (new.task_id, new.question_id, new.option_id);
        if seen.contains(&key) {
            continue;
        }
        if seen.len() >= MAX_ITEMS {
            return Err(fields("picks", "workshops-agenda-too-many-items"));
        }
        seen.push(key);
        store::insert_item(&txn, id, position, new).await?;
        position += 1;
        added += 1;
    }
    outbox::enqueue(&txn, Change::Workshop(id.0)).await?;
    txn.commit().await?;
    Ok(added)
}

/// Add a free item at the end of the agenda.
pub async fn add_item(
    db: &DatabaseConnection,
    panel: PanelId,
    id: WorkshopId,
    draft: ItemDraft,
) -> Result<ItemId, AgendaError> {
    let txn = begin_write(db).await?;
    locked(&txn, panel, id).await?;
    let items = store::items_of(&txn, id).await?;
    if items.len() >= MAX_ITEMS {
        return Err(fields("title", "workshops-agenda-too-many-items"));
    }
    let (note_md, note_html) = draft
        .note
        .map(|n| (n.source, n.html.into_string()))
        .unwrap_or_default();
    let row = store::insert_item(
        &txn,
        id,
        next_position(&items),
        NewItem {
            title: draft.title,
            note_md,
            note_html,
            duration_minutes: draft.duration,
            ..Default::default()
        },
    )
    .await?;
    outbox::enqueue(&txn, Change::Workshop(id.0)).await?;
    txn.commit().await?;
    Ok(ItemId(row.id))
}

/// Change an item's title, note and duration (its link to a result stays).
pub async fn edit_item(
    db: &DatabaseConnection,
    panel: PanelId,
    id: WorkshopId,
    item: ItemId,
    draft: ItemDraft,
) -> Result<(), AgendaError> {
    let txn = begin_write(db).await?;
    locked(&txn, panel, id).await?;
    store::item_of(&txn, id, item)
        .await?
        .ok_or(AgendaError::NotFound)?;
    let (note_md, note_html) = draft
        .note
        .map(|n| (n.source, n.html.into_string()))
        .unwrap_or_default();
    store::update_item(&txn, item, draft.title, note_md, note_html, draft.duration).await?;
    outbox::enqueue(&txn, Change::Workshop(id.0)).await?;
    txn.commit().await?;
    Ok(())
}

/// Swap an item with its neighbour above or below; the first item going up (or the last
/// going down) stays where it is. Positions are renumbered 1, 2, 3… on the way.
pub async fn move_item(
    db: &DatabaseConnection,
    panel: PanelId,
    id: WorkshopId,
    item: ItemId,
    direction: Direction,
) -> Result<(), AgendaError> {
    let txn = begin_write(db).await?;
    locked(&txn, panel, id).await?;
    let mut items = store::items_of(&txn, id).await?;
    let at = items
        .iter()
        .position(|i| i.id == item.0)
        .ok_or(AgendaError::NotFound)?;
    let other = match direction {
        Direction::Up => at.checked_sub(1),
        Direction::Down => Some(at + 1).filter(|o| *o < items.len()),
    };
    if let Some(other) = other {
        items.swap(at, other);
        for (n, row) in items.iter().enumerate() {
            let position = n as i32 + 1;
            if row.position != position {
                store::set_position(&txn, ItemId(row.id), position).await?;
            }
        }
        outbox::enqueue(&txn, Change::Workshop(id.0)).await?;
    }
    txn.commit().await?;
    Ok(())
}

/// Take an item off the agenda (its outcome goes with it).
pub async fn remove_item(
    db: &DatabaseConnection,
    panel: PanelId,
    id: WorkshopId,
    item: ItemId,
) -> Result<(), AgendaError> {
    let txn = begin_write(db).await?;
    locked(&txn, panel, id).await?;
    store::item_of(&txn, id, item)
        .await?
        .ok_or(AgendaError::NotFound)?;
    store::delete_item(&txn, item).await?;
    outbox::enqueue(&txn, Change::Workshop(id.0)).await?;
    txn.commit().await?;
    Ok(())
}

// ----- After the workshop -----

/// Write the minutes (`None` removes them) and the outcomes of the listed agenda items,
/// with the search outbox row, on the caller's transaction.
pub async fn record_minutes(
    db: &impl ConnectionTrait,
    id: WorkshopId,
    minutes: Option<Rendered>,
    outcomes: Vec<(ItemId, Option<Rendered>)>,
    by: i32,
    at: DateTime<Utc>,
) -> Result<(), DbErr> {
    store::set_minutes(
        db,
        id,
        minutes.map(|m| (m.source, m.html.into_string())),
        by,
        at,
    )
    .await?;
    for (item, outcome) in outcomes {
        store::set_outcome(db, item, outcome.map(|o| (o.source, o.html.into_string()))).await?;
    }
    outbox::enqueue(db, Change::Workshop(id.0)).await
}

/// Save the minutes and the outcomes; outcomes of items no longer on the agenda are ignored.
pub async fn save_minutes(
    db: &DatabaseConnection,
    panel: PanelId,
    id: WorkshopId,
    by: i32,
    minutes: Option<Rendered>,
    outcomes: Vec<(ItemId, Option<Rendered>)>,
    now: DateTime<Utc>,
) -> Result<(), AgendaError> {
    let txn = begin_write(db).await?;
    let w = locked(&txn, panel, id).await?;
    check_after(&w, now, "minutes")?;
    let items: Vec<i32> = store::items_of(&txn, id)
        .await?
        .iter()
        .map(|i| i.id)
        .collect();
    let outcomes = outcomes
        .into_iter()
        .filter(|(item, _)| items.contains(&item.0))
        .collect();
    record_minutes(&txn, id, minutes, outcomes, by, now).await?;
    txn.commit().await?;
    Ok(())
}

/// Attach a link to the minutes.
pub async fn add_attachment(
    db: &DatabaseConnection,
    panel: PanelId,
    id: WorkshopId,
    by: i32,
    title: String,
    url: String,
    now: DateTime<Utc>,
) -> Result<(), AgendaError> {
    let txn = begin_write(db).await?;
    let w = locked(&txn, panel, id).await?;
    check_after(&w, now, "url")?;
    store::insert_attachment(&txn, id, title, url, by).await?;
    outbox::enqueue(&txn, Change::Workshop(id.0)).await?;
    txn.commit().await?;
    Ok(())
}

pub async fn remove_attachment(
    db: &DatabaseConnection,
    panel: PanelId,
    id: WorkshopId,
    attachment: AttachmentId,
) -> Result<(), AgendaError> {
    let txn = begin_write(db).await?;
    locked(&txn, panel, id).await?;
    if !store::delete_attachment(&txn, id, attachment).await? {
        return Err(AgendaError::NotFound);
    }
    outbox::enqueue(&txn, Change::Workshop(id.0)).await?;
    txn.commit().await?;
    Ok(())
}

/// One person's attendance as marked: they came or not, and their named colleague.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Mark {
    pub user_id: i32,
    pub attended: bool,
    pub colleague_attended: bool,
}

/// Mark attendance from the registration list. Only people holding a seat can be marked
/// (anyone else is refused at their field and nothing is saved); the colleague's mark
/// counts only for a registration that named one.
pub async fn mark_attendance(
    db: &DatabaseConnection,
    panel: PanelId,
    id: WorkshopId,
    by: i32,
    marks: &[Mark],
    now: DateTime<Utc>,
) -> Result<(), AgendaError> {
    let txn = begin_write(db).await?;
    let w = locked(&txn, panel, id).await?;
    check_after(&w, now, "attendance")?;
    let seated: HashMap<i32, bool> = workshop_store::registrations_of(&txn, id)
        .await?
        .into_iter()
        .filter(|r| r.status == RegistrationStatus::Registered)
        .map(|r| (r.user_id, r.colleague_name.is_some()))
        .collect();
    let unknown: Vec<Problem> = marks
        .iter()
        .filter(|m| !seated.contains_key(&m.user_id))
        .map(|_| Problem::new("attendance", "workshops-agenda-attendance-unregistered"))
        .take(1)
        .collect();
    if !unknown.is_empty() {
        return Err(AgendaError::Fields(unknown));
    }
    for m in marks {
        let colleague = seated[&m.user_id].then_some(m.colleague_attended);
        store::upsert_attendance(&txn, id, m.user_id, m.attended, colleague, by).await?;
    }
    txn.commit().await?;
    Ok(())
}
