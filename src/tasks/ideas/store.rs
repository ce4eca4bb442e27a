//! Queries for ideas tasks' settings, ideas, their credits and comments. The only writer of
//! the four `idea*` tables.
use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait,
    QueryFilter, QueryOrder, sea_query::Expr, sea_query::OnConflict,
};

use super::model::{IdeaId, IdeaSettings, IdeaState, VoteMethod};
use crate::entities::tasks::{
    idea, idea_comment as comment, idea_credit as credit, idea_task, task,
};

fn settings_of_row(row: &idea_task::Model) -> IdeaSettings {
    IdeaSettings {
        voting_opens_at: row.voting_opens_at,
        // An unknown method reads as dots, the kind that cannot strand a vote.
        method: VoteMethod::parse(&row.vote_method).unwrap_or(VoteMethod::Dots),
        points: row.vote_points.max(1) as u32,
        ideas_visible: row.ideas_visible,
    }
}

/// The ideas settings of a task; `None` for a task of another kind.
pub async fn settings(
    db: &impl ConnectionTrait,
    task_id: i32,
) -> Result<Option<IdeaSettings>, DbErr> {
    Ok(idea_task::Entity::find_by_id(task_id)
        .one(db)
        .await?
        .as_ref()
        .map(settings_of_row))
}

/// The ideas settings of those of `task_ids` that are ideas tasks, by task id.
pub async fn settings_among(
    db: &impl ConnectionTrait,
    task_ids: &[i32],
) -> Result<HashMap<i32, IdeaSettings>, DbErr> {
    if task_ids.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(idea_task::Entity::find()
        .filter(idea_task::Column::TaskId.is_in(task_ids.iter().copied()))
        .all(db)
        .await?
        .iter()
        .map(|row| (row.task_id, settings_of_row(row)))
        .collect())
}

/// Write a task's ideas settings (a new row, or over the one it has). `revealed` is kept.
pub async fn save_settings(
    db: &impl ConnectionTrait,
    task_id: i32,
    s: &IdeaSettings,
) -> Result<(), DbErr> {
    idea_task::Entity::insert(idea_task::ActiveModel {
        task_id: Set(task_id),
        voting_opens_at: Set(s.voting_opens_at),
        vote_method: Set(s.method.as_str().to_owned()),
        vote_points: Set(s.points as i32),
        ideas_visible: Set(s.ideas_visible),
        revealed: Set(false),
    })
    .on_conflict(
        OnConflict::column(idea_task::Column::TaskId)
            .update_columns([
                idea_task::Column::VotingOpensAt,
                idea_task::Column::VoteMethod,
                idea_task::Column::VotePoints,
                idea_task::Column::IdeasVisible,
            ])
            .to_owned(),
    )
    .exec_without_returning(db)
    .await?;
    Ok(())
}

/// Tasks that hide ideas while collecting, whose voting began by `now`, and whose ideas were
/// not yet handed to search.
pub async fn unrevealed_due(
    db: &impl ConnectionTrait,
    now: DateTime<Utc>,
) -> Result<Vec<i32>, DbErr> {
    Ok(idea_task::Entity::find()
        .filter(idea_task::Column::IdeasVisible.eq(false))
        .filter(idea_task::Column::Revealed.eq(false))
        .filter(idea_task::Column::VotingOpensAt.lte(now))
        .all(db)
        .await?
        .into_iter()
        .map(|r| r.task_id)
        .collect())
}

/// Mark a task's ideas as handed to search; `false` when another node (or an earlier pass)
/// already had: the update is the claim.
pub async fn claim_reveal(db: &impl ConnectionTrait, task_id: i32) -> Result<bool, DbErr> {
    let done = idea_task::Entity::update_many()
        .col_expr(idea_task::Column::Revealed, Expr::value(true))
        .filter(idea_task::Column::TaskId.eq(task_id))
        .filter(idea_task::Column::Revealed.eq(false))
        .exec(db)
        .await?;
    Ok(done.rows_affected > 0)
}

// ----- Ideas -----

/// A task's ideas (merged ones too), in the order they are shown: by time written, then by
/// id (an anonymous task's ideas have no time, so their random ids decide).
pub async fn ideas_of(db: &impl ConnectionTrait, task_id: i32) -> Result<Vec<idea::Model>, DbErr> {
    ideas_of_tasks(db, &[task_id]).await
}

/// The ideas of several tasks, each task's in the order `ideas_of` gives.
pub async fn ideas_of_tasks(
    db: &impl ConnectionTrait,
    task_ids: &[i32],
) -> Result<Vec<idea::Model>, DbErr> {
    if task_ids.is_empty() {
        return Ok(Vec::new());
    }
    idea::Entity::find()
        .filter(idea::Column::TaskId.is_in(task_ids.iter().copied()))
        .order_by_asc(idea::Column::CreatedAt)
        .order_by_asc(idea::Column::Id)
        .all(db)
        .await
}

/// One idea of a task.
pub async fn idea_in_task(
    db: &impl ConnectionTrait,
    task_id: i32,
    id: IdeaId,
) -> Result<Option<idea::Model>, DbErr> {
    idea::Entity::find_by_id(id.0)
        .filter(idea::Column::TaskId.eq(task_id))
        .one(db)
        .await
}

/// One idea, whatever its task.
pub async fn idea(db: &impl ConnectionTrait, id: IdeaId) -> Result<Option<idea::Model>, DbErr> {
    idea::Entity::find_by_id(id.0).one(db).await
}

/// Whether an idea id is taken (random ids are drawn until a free one comes up).
pub async fn idea_id_taken(db: &impl ConnectionTrait, id: i32) -> Result<bool, DbErr> {
    Ok(idea::Entity::find_by_id(id).one(db).await?.is_some())
}

/// A new idea.
pub struct NewIdea {
    pub id: i32,
    pub task_id: i32,
    pub title: String,
    pub body_md: String,
    pub body_html: String,
    pub state: IdeaState,
    pub created_at: Option<DateTime<Utc>>,
}

pub async fn insert_idea(db: &impl ConnectionTrait, new: NewIdea) -> Result<idea::Model, DbErr> {
    idea::ActiveModel {
        id: Set(new.id),
        task_id: Set(new.task_id),
        title: Set(new.title),
        body_md: Set(new.body_md),
        body_html: Set(new.body_html),
        state: Set(new.state.as_str().to_owned()),
        merged_into_id: Set(None),
        created_at: Set(new.created_at),
        edited_at: Set(None),
    }
    .insert(db)
    .await
}

/// Replace an idea's text.
pub async fn update_text(
    db: &impl ConnectionTrait,
    row: idea::Model,
    title: String,
    body_md: String,
    body_html: String,
    at: DateTime<Utc>,
) -> Result<idea::Model, DbErr> {
    let mut active: idea::ActiveModel = row.into();
    active.title = Set(title);
    active.body_md = Set(body_md);
    active.body_html = Set(body_html);
    active.edited_at = Set(Some(at));
    active.update(db).await
}

/// Set an idea's moderation state.
pub async fn set_idea_state(
    db: &impl ConnectionTrait,
    id: IdeaId,
    state: IdeaState,
) -> Result<(), DbErr> {
    idea::Entity::update_many()
        .col_expr(idea::Column::State, Expr::value(state.as_str()))
        .filter(idea::Column::Id.eq(id.0))
        .exec(db)
        .await?;
    Ok(())
}

/// Point `duplicate`, and every idea merged into it before, at `into`.
pub async fn merge_into(
    db: &impl ConnectionTrait,
    duplicate: IdeaId,
    into: IdeaId,
) -> Result<(), DbErr> {
    idea::Entity::update_many()
        .col_expr(idea::Column::MergedIntoId, Expr::value(into.0))
        .filter(
            sea_orm::Condition::any()
                .add(idea::Column::Id.eq(duplicate.0))
                .add(idea::Column::MergedIntoId.eq(duplicate.0)),
        )
        .exec(db)
        .await?;
    Ok(())
}

// ----- Credits -----

/// Who is credited for each of the ideas, by idea id.
pub async fn credits_of(
    db: &impl ConnectionTrait,
    idea_ids: &[i32],
) -> Result<HashMap<i32, Vec<i32>>, DbErr> {
    let mut out: HashMap<i32, Vec<i32>> = HashMap::new();
    if idea_ids.is_empty() {
        return Ok(out);
    }
    for c in credit::Entity::find()
        .filter(credit::Column::IdeaId.is_in(idea_ids.iter().copied()))
        .order_by_asc(credit::Column::UserId)
        .all(db)
        .await?
    {
        out.entry(c.idea_id).or_default().push(c.user_id);
    }
    Ok(out)
}

/// Credit `user` for an idea (nothing happens when they already are).
pub async fn add_credit(db: &impl ConnectionTrait, idea: IdeaId, user: i32) -> Result<(), DbErr> {
    credit::Entity::insert(credit::ActiveModel {
        idea_id: Set(idea.0),
        user_id: Set(user),
    })
    .on_conflict(
        OnConflict::columns([credit::Column::IdeaId, credit::Column::UserId])
            .do_nothing()
            .to_owned(),
    )
    .exec_without_returning(db)
    .await?;
    Ok(())
}

/// The ideas `user` is credited for.
pub async fn ideas_credited_to(
    db: &impl ConnectionTrait,
    user: i32,
) -> Result<Vec<idea::Model>, DbErr> {
    let ids: Vec<i32> = credit::Entity::find()
        .filter(credit::Column::UserId.eq(user))
        .all(db)
        .await?
        .into_iter()
        .map(|c| c.idea_id)
        .collect();
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    idea::Entity::find()
        .filter(idea::Column::Id.is_in(ids))
        .order_by_asc(idea::Column::CreatedAt)
        .order_by_asc(idea::Column::Id)
        .all(db)
        .await
}

// ----- Comments -----

/// The comments on these ideas, oldest first.
pub async fn comments_of(
    db: &impl ConnectionTrait,
    idea_ids: &[i32],
) -> Result<Vec<comment::Model>, DbErr> {
    if idea_ids.is_empty() {
        return Ok(Vec::new());
    }
    comment::Entity::find()
        .filter(comment::Column::IdeaId.is_in(idea_ids.iter().copied()))
        .order_by_asc(comment::Column::Id)
        .all(db)
        .await
}

/// One comment on an idea.
pub async fn comment_on(
    db: &impl ConnectionTrait,
    idea: IdeaId,
    id: i32,
) -> Result<Option<comment::Model>, DbErr> {
    comment::Entity::find_by_id(id)
        .filter(comment::Column::IdeaId.eq(idea.0))
        .one(db)
        .await
}

/// A new comment.
pub struct NewComment {
    pub idea_id: i32,
    pub author_id: Option<i32>,
    pub body_md: String,
    pub body_html: String,
    pub state: IdeaState,
    pub created_at: Option<DateTime<Utc>>,
}

pub async fn insert_comment(
    db: &impl ConnectionTrait,
    new: NewComment,
) -> Result<comment::Model, DbErr> {
    comment::ActiveModel {
        idea_id: Set(new.idea_id),
        author_id: Set(new.author_id),
        body_md: Set(new.body_md),
        body_html: Set(new.body_html),
        state: Set(new.state.as_str().to_owned()),
        moved_from_idea_id: Set(None),
        created_at: Set(new.created_at),
        ..Default::default()
    }
    .insert(db)
    .await
}

/// The state a comment's author removed it to: its text is gone for good.
pub const REMOVED: &str = "removed";

/// Set a comment's moderation state.
pub async fn set_comment_state(
    db: &impl ConnectionTrait,
    id: i32,
    state: IdeaState,
) -> Result<(), DbErr> {
    comment::Entity::update_many()
        .col_expr(comment::Column::State, Expr::value(state.as_str()))
        .filter(comment::Column::Id.eq(id))
        .filter(comment::Column::State.ne(REMOVED))
        .exec(db)
        .await?;
    Ok(())
}

/// Remove comments: their text is blanked and they read as removed.
pub async fn blank_comments(db: &impl ConnectionTrait, ids: &[i32]) -> Result<(), DbErr> {
    if ids.is_empty() {
        return Ok(());
    }
    comment::Entity::update_many()
        .col_expr(comment::Column::BodyMd, Expr::value(""))
        .col_expr(comment::Column::BodyHtml, Expr::value(""))
        .col_expr(comment::Column::State, Expr::value(REMOVED))
        .filter(comment::Column::Id.is_in(ids.iter().copied()))
        .exec(db)
        .await?;
    Ok(())
}

/// Move a merged duplicate's comments onto the idea it joined, remembering where each was
/// written (a comment moved twice keeps its first idea).
pub async fn move_comments(
    db: &impl ConnectionTrait,
    duplicate: IdeaId,
    into: IdeaId,
) -> Result<(), DbErr> {
    comment::Entity::update_many()
        .col_expr(comment::Column::MovedFromIdeaId, Expr::value(duplicate.0))
        .filter(comment::Column::IdeaId.eq(duplicate.0))
        .filter(comment::Column::MovedFromIdeaId.is_null())
        .exec(db)
        .await?;
    comment::Entity::update_many()
        .col_expr(comment::Column::IdeaId, Expr::value(into.0))
        .filter(comment::Column::IdeaId.eq(duplicate.0))
        .exec(db)
        .await?;
    Ok(())
}

/// The comments `user` wrote.
pub async fn comments_by(
    db: &impl ConnectionTrait,
    user: i32,
) -> Result<Vec<comment::Model>, DbErr> {
    comment::Entity::find()
        .filter(comment::Column::AuthorId.eq(user))
        .order_by_asc(comment::Column::Id)
        .all(db)
        .await
}

/// How many comments each idea shows to everyone (visible ones).
pub fn visible_counts(comments: &[comment::Model]) -> HashMap<i32, u64> {
    let mut out = HashMap::new();
    for c in comments
        .iter()
        .filter(|c| c.state == IdeaState::Visible.as_str())
    {
        *out.entry(c.idea_id).or_default() += 1;
    }
    out
}

/// The titles of these tasks, by id.
pub async fn task_titles(
    db: &impl ConnectionTrait,
    mut ids: Vec<i32>,
) -> Result<HashMap<i32, String>, DbErr> {
    ids.sort_unstable();
    ids.dedup();
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(task::Entity::find()
        .filter(task::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|t| (t.id, t.title))
        .collect())
}
