//! Who is told when an action moves: the people who put something into it. An action from an
//! idea tells the idea's authors and those who gave it points or a place in the vote (in an
//! anonymous vote, where nobody knows who voted for what, everyone who voted); from a task's
//! results, everyone who answered the task; from a workshop's agenda, those who came (or,
//! before attendance is marked, those registered). The owner is told when someone else moves
//! their action. Nobody is told of their own move, and nobody who may not read the panel now.
//! The notification is written in the move's transaction, so it exists exactly when the move
//! does; the notifications' email sends it at once or in a digest, as the person chose.
use std::collections::BTreeSet;

use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DbErr};

use super::{
    entities::{action, action_update},
    model::Source,
};
use crate::{
    notifications::{
        events::reads_panel_now,
        model::NotificationKind,
        store::{self as notify_store, About, NewNotification},
    },
    panels::model::PanelId,
    people,
    tasks::{
        answering::model::Answer,
        ideas::{model::IdeaId, store as idea_store},
        service::answers_of,
        store as task_store,
    },
    workshops::{agenda::store as agenda_store, model::RegistrationStatus, model::WorkshopId},
};

/// Tell the action's people that `mover` moved it, with `update` (its status and note), at
/// `at`.
pub async fn moved(
    db: &impl ConnectionTrait,
    row: &action::Model,
    update: &action_update::Model,
    mover: i32,
    at: DateTime<Utc>,
) -> Result<(), DbErr> {
    let mut ids = contributors(db, row).await?;
    ids.extend(row.owner_id);
    ids.remove(&mover);
    if ids.is_empty() {
        return Ok(());
    }
    let people = people::store::users_by_ids(db, ids.iter().copied().collect()).await?;
    let mut rows = Vec::new();
    for id in ids {
        let Some(person) = people.get(&id) else {
            continue;
        };
        // The owner opens their own action even outside the panel; others must read it.
        let owner = row.owner_id == Some(id);
        if !owner && !reads_panel_now(db, person, PanelId(row.panel_id)).await? {
            continue;
        }
        rows.push(NewNotification {
            user_id: id,
            kind: NotificationKind::ActionMoved,
            actor_id: Some(mover),
            about: About::Action {
                action: row.id,
                update: update.id,
            },
            detail: Some(update.status.clone()),
        });
    }
    notify_store::insert(db, rows, at).await
}

/// The people who put something into the action's source.
async fn contributors(
    db: &impl ConnectionTrait,
    row: &action::Model,
) -> Result<BTreeSet<i32>, DbErr> {
    let mut out = BTreeSet::new();
    match Source::from_stored(&row.source_kind, row.source_id) {
        Source::Idea(id) => {
            let Some(idea) = idea_store::idea(db, IdeaId(id)).await? else {
                return Ok(out);
            };
            if let Some(credits) = idea_store::credits_of(db, &[id]).await?.remove(&id) {
                out.extend(credits);
            }
            let mut anonymous = false;
            for set in task_store::answer_sets_of(db, idea.task_id).await? {
                match set.respondent_id {
                    Some(who) => {
                        if answers_of(&set).values().any(|a| gave_to(a, id)) {
                            out.insert(who);
                        }
                    }
                    None => anonymous = true,
                }
            }
            if anonymous {
                out.extend(crate::workshops::store::task_participants(db, idea.task_id).await?);
            }
        }
        Source::Task(id) => out.extend(crate::workshops::store::task_participants(db, id).await?),
        Source::Agenda(id) => {
            let Some(item) = agenda_store::item_by_id(db, id).await? else {
                return Ok(out);
            };
            let workshop = WorkshopId(item.workshop_id);
            let marked = agenda_store::attendance_of(db, workshop).await?;
            if marked.is_empty() {
                out.extend(
                    crate::workshops::store::registrations_of(db, workshop)
                        .await?
                        .into_iter()
                        .filter(|r| r.status == RegistrationStatus::Registered)
                        .map(|r| r.user_id),
                );
            } else {
                out.extend(marked.into_iter().filter(|m| m.attended).map(|m| m.user_id));
            }
        }
        // A feedback item's sender is not a reader of the panel; by hand, nobody gave input.
        Source::Feedback(_) | Source::Manual => {}
    }
    Ok(out)
}

/// Whether an answer gave the idea points or a place.
fn gave_to(answer: &Answer, idea: i32) -> bool {
    match answer {
        Answer::Dots(points) => points.iter().any(|(id, n)| *id == idea && *n > 0),
        Answer::Ranking(order) => order.contains(&idea),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_points_or_a_place_count_as_a_vote_for_the_idea() {
        assert!(gave_to(&Answer::Dots(vec![(3, 2), (4, 1)]), 4));
        assert!(!gave_to(&Answer::Dots(vec![(3, 2), (4, 0)]), 4));
        assert!(!gave_to(&Answer::Dots(vec![(3, 2)]), 4));
        assert!(gave_to(&Answer::Ranking(vec![5, 4]), 4));
        assert!(!gave_to(&Answer::Ranking(vec![5]), 4));
        assert!(!gave_to(&Answer::Single(4), 4));
    }
}
