//! Queries for tasks, their questions and answer sets. A task with its questions loads in
//! two queries, however many questions and options it has.
use std::collections::{HashMap, HashSet};

use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, sea_query::OnConflict,
};

use super::{
    editing::model::QuestionDraft,
    model::{Choice, OptionId, Question, QuestionId, QuestionKind, ResultsVisibility},
};
use crate::entities::tasks::{answer_set, option, participation, question, task};

/// A panel's tasks, the most recently opening first.
pub async fn tasks_of_panel(
    db: &impl ConnectionTrait,
    panel_id: i32,
) -> Result<Vec<task::Model>, DbErr> {
    task::Entity::find()
        .filter(task::Column::PanelId.eq(panel_id))
        .order_by_desc(task::Column::OpensAt)
        .order_by_desc(task::Column::Id)
        .all(db)
        .await
}

/// A task, if it belongs to the panel.
pub async fn task_in_panel(
    db: &impl ConnectionTrait,
    panel_id: i32,
    task_id: i32,
) -> Result<Option<task::Model>, DbErr> {
    task::Entity::find_by_id(task_id)
        .filter(task::Column::PanelId.eq(panel_id))
        .one(db)
        .await
}

/// A task row's result visibility, read from its stored name in this one place (an unknown
/// name shows the results to facilitators only).
pub fn results_visibility(row: &task::Model) -> ResultsVisibility {
    ResultsVisibility::parse(&row.results_visibility).unwrap_or(ResultsVisibility::FacilitatorsOnly)
}

/// A question row's kind, read from its stored code in this one place.
fn kind_of(row: &question::Model) -> QuestionKind {
    match row.kind.as_str() {
        "multiple" => QuestionKind::MultipleChoice {
            min: row.min_picks.unwrap_or(0).max(0) as u32,
            max: row.max_picks.unwrap_or(i32::MAX).max(0) as u32,
        },
        "scale" => QuestionKind::Scale {
            min: row.scale_min.unwrap_or(1),
            max: row.scale_max.unwrap_or(5),
            min_label: row.scale_min_label.clone(),
            max_label: row.scale_max_label.clone(),
        },
        "ranking" => QuestionKind::Ranking,
        "dots" => QuestionKind::Dots {
            points: row.points.unwrap_or(10).max(0) as u32,
        },
        "text" => QuestionKind::FreeText,
        "yes_no" => QuestionKind::YesNo,
        _ => QuestionKind::SingleChoice,
    }
}

/// A task's questions with their options, in order.
pub async fn questions_of(db: &impl ConnectionTrait, task_id: i32) -> Result<Vec<Question>, DbErr> {
    let rows = question::Entity::find()
        .filter(question::Column::TaskId.eq(task_id))
        .order_by_asc(question::Column::Position)
        .order_by_asc(question::Column::Id)
        .all(db)
        .await?;
    let ids: Vec<i32> = rows.iter().map(|q| q.id).collect();
    let mut options: HashMap<i32, Vec<Choice>> = HashMap::new();
    if !ids.is_empty() {
        for o in option::Entity::find()
            .filter(option::Column::QuestionId.is_in(ids))
            .order_by_asc(option::Column::Position)
            .order_by_asc(option::Column::Id)
            .all(db)
            .await?
        {
            options.entry(o.question_id).or_default().push(Choice {
                id: OptionId(o.id),
                label: o.label,
            });
        }
    }
    Ok(rows
        .into_iter()
        .map(|row| Question {
            id: QuestionId(row.id),
            prompt: row.prompt.clone(),
            kind: kind_of(&row),
            required: row.required,
            options: options.remove(&row.id).unwrap_or_default(),
        })
        .collect())
}

/// Write a task's questions (after deleting any it had).
pub async fn replace_questions(
    db: &impl ConnectionTrait,
    task_id: i32,
    drafts: &[QuestionDraft],
) -> Result<(), DbErr> {
    question::Entity::delete_many()
        .filter(question::Column::TaskId.eq(task_id))
        .exec(db)
        .await?;
    for (i, d) in drafts.iter().enumerate() {
        let (min_picks, max_picks, scale, points) = match &d.kind {
            QuestionKind::MultipleChoice { min, max } => {
                (Some(*min as i32), Some(*max as i32), None, None)
            }
            QuestionKind::Scale {
                min,
                max,
                min_label,
                max_label,
            } => (
                None,
                None,
                Some((*min, *max, min_label.clone(), max_label.clone())),
                None,
            ),
            QuestionKind::Dots { points } => (None, None, None, Some(*points as i32)),
            _ => (None, None, None, None),
        };
        let saved = question::ActiveModel {
            task_id: Set(task_id),
            position: Set(i as i32),
            prompt: Set(d.prompt.clone()),
            kind: Set(d.kind.code().to_owned()),
            required: Set(d.required),
            min_picks: Set(min_picks),
            max_picks: Set(max_picks),
            scale_min: Set(scale.as_ref().map(|s| s.0)),
            scale_max: Set(scale.as_ref().map(|s| s.1)),
            scale_min_label: Set(scale.as_ref().map(|s| s.2.clone()).unwrap_or_default()),
            scale_max_label: Set(scale.as_ref().map(|s| s.3.clone()).unwrap_or_default()),
            points: Set(points),
            ..Default::default()
        }
        .insert(db)
        .await?;
        for (j, label) in d.options.iter().enumerate() {
            option::ActiveModel {
                question_id: Set(saved.id),
                position: Set(j as i32),
                label: Set(label.clone()),
                ..Default::default()
            }
            .insert(db)
            .await?;
        }
    }
    Ok(())
}

/// Which of the tasks the person has answered.
pub async fn answered_among(
    db: &impl ConnectionTrait,
    user_id: i32,
    task_ids: Vec<i32>,
) -> Result<HashSet<i32>, DbErr> {
    if task_ids.is_empty() {
        return Ok(HashSet::new());
    }
    Ok(participation::Entity::find()
        .filter(participation::Column::UserId.eq(user_id))
        .filter(participation::Column::TaskId.is_in(task_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|p| p.task_id)
        .collect())
}

/// Whether the person has answered the task.
pub async fn has_answered(
    db: &impl ConnectionTrait,
    task_id: i32,
    user_id: i32,
) -> Result<bool, DbErr> {
    Ok(participation::Entity::find_by_id((task_id, user_id))
        .one(db)
        .await?
        .is_some())
}

/// Record that a person has answered; `false` if they already had.
pub async fn record_participation(
    db: &impl ConnectionTrait,
    task_id: i32,
    user_id: i32,
) -> Result<bool, DbErr> {
    let inserted = participation::Entity::insert(participation::ActiveModel {
        task_id: Set(task_id),
        user_id: Set(user_id),
    })
    .on_conflict(
        OnConflict::columns([participation::Column::TaskId, participation::Column::UserId])
            .do_nothing()
            .to_owned(),
    )
    .exec_without_returning(db)
    .await?;
    Ok(inserted > 0)
}

/// How many answer sets each task has.
pub async fn answer_counts(
    db: &impl ConnectionTrait,
    task_ids: &[i32],
) -> Result<HashMap<i32, u64>, DbErr> {
    let mut out = HashMap::new();
    for id in task_ids {
        let n = answer_set::Entity::find()
            .filter(answer_set::Column::TaskId.eq(*id))
            .count(db)
            .await?;
        out.insert(*id, n);
    }
    Ok(out)
}

/// Every answer set of a task, in the order of their random ids (which says nothing about
/// who answered when).
pub async fn answer_sets_of(
    db: &impl ConnectionTrait,
    task_id: i32,
) -> Result<Vec<answer_set::Model>, DbErr> {
    answer_set::Entity::find()
        .filter(answer_set::Column::TaskId.eq(task_id))
        .order_by_asc(answer_set::Column::Id)
        .all(db)
        .await
}

/// A person's own answer set of a named task.
pub async fn own_answer_set(
    db: &impl ConnectionTrait,
    task_id: i32,
    user_id: i32,
) -> Result<Option<answer_set::Model>, DbErr> {
    answer_set::Entity::find()
        .filter(answer_set::Column::TaskId.eq(task_id))
        .filter(answer_set::Column::RespondentId.eq(user_id))
        .one(db)
        .await
}

/// Whether an answer-set id is taken (random ids are drawn until a free one comes up).
pub async fn answer_set_id_taken(db: &impl ConnectionTrait, id: i32) -> Result<bool, DbErr> {
    Ok(answer_set::Entity::find_by_id(id).one(db).await?.is_some())
}

/// Insert an answer set; for a named task one already there for the respondent is replaced
/// in the same statement, so two saves at once still leave one set.
pub async fn upsert_answer_set(
    db: &impl ConnectionTrait,
    row: answer_set::ActiveModel,
) -> Result<(), DbErr> {
    answer_set::Entity::insert(row)
        .on_conflict(
            OnConflict::columns([answer_set::Column::TaskId, answer_set::Column::RespondentId])
                .update_columns([
                    answer_set::Column::Answers,
                    answer_set::Column::Industry,
                    answer_set::Column::Region,
                    answer_set::Column::Stage,
                    answer_set::Column::SavedAt,
                ])
                .to_owned(),
        )
        .exec_without_returning(db)
        .await?;
    Ok(())
}

/// Replace the answers of a stored answer set (a merge of ideas carries votes over).
pub async fn set_answers(db: &impl ConnectionTrait, id: i32, answers: String) -> Result<(), DbErr> {
    answer_set::Entity::update_many()
        .col_expr(
            answer_set::Column::Answers,
            sea_orm::sea_query::Expr::value(answers),
        )
        .filter(answer_set::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

/// Move a task's opening and closing (an ideas task's phase changed by a facilitator).
pub async fn set_window(
    db: &impl ConnectionTrait,
    task_id: i32,
    opens_at: chrono::DateTime<chrono::Utc>,
    closes_at: chrono::DateTime<chrono::Utc>,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(), DbErr> {
    task::Entity::update_many()
        .col_expr(
            task::Column::OpensAt,
            sea_orm::sea_query::Expr::value(opens_at),
        )
        .col_expr(
            task::Column::ClosesAt,
            sea_orm::sea_query::Expr::value(closes_at),
        )
        .col_expr(
            task::Column::UpdatedAt,
            sea_orm::sea_query::Expr::value(now),
        )
        .filter(task::Column::Id.eq(task_id))
        .exec(db)
        .await?;
    Ok(())
}

/// Open tasks of a panel at `now`.
pub async fn open_tasks(
    db: &impl ConnectionTrait,
    panel_id: i32,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<Vec<task::Model>, DbErr> {
    task::Entity::find()
        .filter(task::Column::PanelId.eq(panel_id))
        .filter(task::Column::OpensAt.lte(now))
        .filter(task::Column::ClosesAt.gt(now))
        .order_by_asc(task::Column::ClosesAt)
        .all(db)
        .await
}

/// People by id (for a named task's export).
pub async fn users_by_ids(
    db: &impl ConnectionTrait,
    ids: &[i32],
) -> Result<Vec<crate::entities::user::Model>, DbErr> {
    use crate::entities::user;
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    user::Entity::find()
        .filter(user::Column::Id.is_in(ids.to_vec()))
        .all(db)
        .await
}
