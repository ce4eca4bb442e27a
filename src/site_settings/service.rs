//! Reading and changing the site's participation and moderation settings; every change is
//! audited with the settings before and after, in the same transaction.
use sea_orm::{ActiveModelTrait, ActiveValue::Set, DatabaseConnection, EntityTrait};

use super::model::SiteRules;
use crate::{
    audit::{
        self,
        model::{Action, NewEntry, TargetKind},
    },
    auth::{CurrentUser, permissions},
    db::begin_write,
    entities::site_settings,
    error::{AppError, AppResult},
};

/// The settings as stored; 404 before setup.
pub async fn current(db: &DatabaseConnection) -> AppResult<SiteRules> {
    let site = site_settings::Entity::find_by_id(1)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(SiteRules::of(&site))
}

/// Only admins read and change the settings.
pub fn require_admin(user: &CurrentUser) -> AppResult<()> {
    if permissions::can_manage_people(Some(user.actor())) {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

/// Save `rules` as `admin`, with an audit entry naming what they were before.
#[tracing::instrument(skip_all, fields(admin = admin.id))]
pub async fn save(db: &DatabaseConnection, admin: &CurrentUser, rules: SiteRules) -> AppResult<()> {
    require_admin(admin)?;
    let txn = begin_write(db).await?;
    let before = site_settings::Entity::find_by_id(1)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    let before = SiteRules::of(&before);
    site_settings::ActiveModel {
        id: Set(1),
        comment_policy: Set(rules.comment_policy.0.as_str().to_owned()),
        premoderate_first: Set(rules.premoderate_first),
        flags_to_hide: Set(rules.flags_to_hide),
        newcomer_days: Set(rules.newcomer_days),
        newcomer_writes_per_hour: Set(rules.newcomer_writes_per_hour),
        newcomer_links: Set(rules.newcomer_links),
        feedback_retention_months: Set(rules.feedback_retention_months),
        ..Default::default()
    }
    .update(&txn)
    .await?;
    audit::store::record(
        &txn,
        NewEntry {
            before: before.describe(),
            after: rules.describe(),
            ..NewEntry::new(
                Some(admin.id),
                Action::ChangeSettings,
                TargetKind::Settings,
                None,
            )
        },
    )
    .await?;
    // The comment policy shows on post pages: every node's page cache drops them.
    crate::search::outbox::enqueue(&txn, crate::search::outbox::Change::Site).await?;
    txn.commit().await?;
    Ok(())
}
