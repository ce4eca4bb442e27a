//! Organisations: creating them (setup, admins) and editing them.
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ConnectionTrait, DatabaseConnection};

use super::{
    super::{
        model::{OrgName, ShortName},
        store,
    },
    PeopleError, field,
};
use crate::{
    auth::permissions::{self, Actor},
    db::{begin_write, now},
    entities::organization,
};

// Organisations

pub async fn create_organization(
    db: &impl ConnectionTrait,
    name: OrgName,
    short: ShortName,
    description: &str,
) -> Result<organization::Model, PeopleError> {
    if store::organization_by_short(db, short.as_str())
        .await?
        .is_some()
    {
        return Err(field("short_name", "short-name-taken"));
    }
    Ok(organization::ActiveModel {
        name: Set(name.as_str().to_owned()),
        short_name: Set(short.as_str().to_owned()),
        description: Set(description.to_owned()),
        created_at: Set(now()),
        ..Default::default()
    }
    .insert(db)
    .await?)
}

/// Every organisation, by name.
pub async fn organizations(
    db: &impl ConnectionTrait,
) -> Result<Vec<organization::Model>, sea_orm::DbErr> {
    store::all_organizations(db).await
}

/// An admin adds an organisation.
#[tracing::instrument(skip(db, name, description))]
pub async fn add_organization(
    db: &DatabaseConnection,
    actor: Actor,
    name: OrgName,
    short: ShortName,
    description: &str,
) -> Result<organization::Model, PeopleError> {
    if !permissions::can_manage_people(Some(actor)) {
        return Err(PeopleError::Forbidden);
    }
    let txn = begin_write(db).await?;
    let org = create_organization(&txn, name, short, description).await?;
    // The organisations' list changed: every node's page cache drops it.
    crate::search::outbox::enqueue(&txn, crate::search::outbox::Change::Site).await?;
    txn.commit().await?;
    Ok(org)
}

/// Rename an organisation or change its description (its short name, the URL, stays).
#[tracing::instrument(skip(db, name, description))]
pub async fn update_organization(
    db: &DatabaseConnection,
    actor: Actor,
    short: &str,
    name: OrgName,
    description: &str,
) -> Result<organization::Model, PeopleError> {
    if !permissions::can_manage_people(Some(actor)) {
        return Err(PeopleError::Forbidden);
    }
    let txn = begin_write(db).await?;
    let org = store::organization_by_short(&txn, short)
        .await?
        .ok_or(PeopleError::NotFound)?;
    let renamed = org.name != name.as_str();
    let saved = organization::ActiveModel {
        id: Set(org.id),
        name: Set(name.as_str().to_owned()),
        description: Set(description.to_owned()),
        ..Default::default()
    }
    .update(&txn)
    .await?;
    // Bylines are searchable: a renamed organisation's content is indexed again. A new
    // description shows on its page only: the page caches drop it.
    let change = if renamed {
        crate::search::outbox::Change::Organization(org.id)
    } else {
        crate::search::outbox::Change::Site
    };
    crate::search::outbox::enqueue(&txn, change).await?;
    txn.commit().await?;
    Ok(saved)
}
