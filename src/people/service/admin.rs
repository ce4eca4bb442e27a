//! What admins change about people: their role, organisation and whether they are active,
//! and the overview of people and open invitations.
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ConnectionTrait, DatabaseConnection};

use super::{super::store, PeopleError, field};
use crate::audit::model::{Action, NewEntry, TargetKind};
use crate::{
    auth::{
        Role,
        permissions::{self, Actor},
    },
    db::{begin_write, now},
    entities::{invitation, organization, user},
};

/// Deactivate or reactivate a person. A deactivated person's sessions end and their tokens
/// stop working at once; what they wrote stays.
pub async fn set_active(
    db: &DatabaseConnection,
    user_id: i32,
    active: bool,
) -> Result<(), PeopleError> {
    let txn = begin_write(db).await?;
    set_active_in(&txn, user_id, active).await?;
    txn.commit().await?;
    Ok(())
}

async fn set_active_in(
    db: &impl ConnectionTrait,
    user_id: i32,
    active: bool,
) -> Result<(), PeopleError> {
    user::ActiveModel {
        id: Set(user_id),
        active: Set(active),
        deactivated_at: Set((!active).then(now)),
        ..Default::default()
    }
    .update(db)
    .await?;
    if !active {
        crate::auth::session_store::end_sessions_of(db, user_id, None).await?;
    }
    Ok(())
}

/// What an admin changes about someone; `None` leaves it as it is.
#[derive(Clone, Copy, Debug, Default)]
pub struct PersonChange {
    pub role: Option<Role>,
    pub active: Option<bool>,
}

/// An admin changes a person's role or (de)activates them. Admins cannot demote or
/// deactivate themselves, so the network always keeps an admin.
#[tracing::instrument(skip(db))]
pub async fn change_person(
    db: &DatabaseConnection,
    actor: Actor,
    target_id: i32,
    change: PersonChange,
) -> Result<user::Model, PeopleError> {
    if !permissions::can_manage_people(Some(actor)) {
        return Err(PeopleError::Forbidden);
    }
    if target_id == actor.id {
        if change.active == Some(false) {
            return Err(field("people", "person-cannot-deactivate-self"));
        }
        if change.role.is_some_and(|r| r != actor.role) {
            return Err(field("people", "person-cannot-demote-self"));
        }
    }
    let txn = begin_write(db).await?;
    let target = store::user_by_id(&txn, target_id)
        .await?
        .ok_or(PeopleError::NotFound)?;
    if let Some(role) = change.role.filter(|r| target.role != r.as_str()) {
        let entry = NewEntry {
            subject_user_id: Some(target.id),
            before: target.role.clone(),
            after: role.as_str().to_owned(),
            ..NewEntry::new(
                Some(actor.id),
                Action::ChangeRole,
                TargetKind::User,
                Some(target.id),
            )
        };
        crate::audit::store::record(&txn, entry).await?;
        user::ActiveModel {
            id: Set(target.id),
            role: Set(role.as_str().to_owned()),
            ..Default::default()
        }
        .update(&txn)
        .await?;
    }
    if let Some(active) = change.active.filter(|&a| a != target.active) {
        let action = if active {
            Action::Reactivate
        } else {
            Action::Deactivate
        };
        let entry = NewEntry {
            subject_user_id: Some(target.id),
            ..NewEntry::new(Some(actor.id), action, TargetKind::User, Some(target.id))
        };
        crate::audit::store::record(&txn, entry).await?;
        set_active_in(&txn, target.id, active).await?;
    }
    let updated = store::user_by_id(&txn, target.id)
        .await?
        .ok_or(PeopleError::NotFound)?;
    // A role or an organisation shows on the person's page: the page caches drop it.
    crate::search::outbox::enqueue(&txn, crate::search::outbox::Change::Site).await?;
    txn.commit().await?;
    Ok(updated)
}

/// One row of the people list: the person and their organisation's name.
pub struct PersonRow {
    pub person: user::Model,
    pub organization: Option<organization::Model>,
    pub role: Option<Role>,
}

/// One open invitation for the people list.
pub struct InvitationRow {
    pub invitation: invitation::Model,
    pub organization: Option<organization::Model>,
    pub role: Option<Role>,
}

/// Everything the people page lists.
pub struct PeopleOverview {
    pub people: Vec<PersonRow>,
    pub invitations: Vec<InvitationRow>,
    pub organizations: Vec<organization::Model>,
}

pub async fn people_overview(db: &impl ConnectionTrait) -> Result<PeopleOverview, sea_orm::DbErr> {
    let organizations = store::all_organizations(db).await?;
    let org = |id: Option<i32>| organizations.iter().find(|o| Some(o.id) == id).cloned();
    let people = store::all_people(db)
        .await?
        .into_iter()
        .map(|person| PersonRow {
            organization: org(person.organization_id),
            role: person.user_role(),
            person,
        })
        .collect();
    let invitations = store::open_invitations(db)
        .await?
        .into_iter()
        .map(|invitation| InvitationRow {
            organization: org(Some(invitation.organization_id)),
            role: invitation.invited_role(),
            invitation,
        })
        .collect();
    Ok(PeopleOverview {
        people,
        invitations,
        organizations,
    })
}
