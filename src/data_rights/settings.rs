//! The admin's data-rights settings (stored in `site_settings`): read for the erasure and the
//! retention pass, changed on `/admin/data-rights` or through the API, with an audit entry.
use sea_orm::{ActiveModelTrait, ActiveValue::Set, DatabaseConnection, DbErr, EntityTrait};

use super::model::DataRightsSettings;
use crate::{
    audit::{
        self,
        model::{Action, NewEntry, TargetKind},
    },
    auth::CurrentUser,
    db::begin_write,
    entities::site_settings,
    error::AppResult,
};

/// The settings now (the defaults before the site is set up).
pub async fn current(db: &impl sea_orm::ConnectionTrait) -> Result<DataRightsSettings, DbErr> {
    Ok(site_settings::Entity::find_by_id(1)
        .one(db)
        .await?
        .map(|s| DataRightsSettings::of(&s))
        .unwrap_or_default())
}

/// Only admins see and change these settings (as the site settings).
pub use crate::site_settings::service::require_admin;

/// Save `new` as `admin`, with an audit entry naming what they were before.
#[tracing::instrument(skip_all, fields(admin = admin.id))]
pub async fn save(
    db: &DatabaseConnection,
    admin: &CurrentUser,
    new: DataRightsSettings,
) -> AppResult<()> {
    require_admin(admin)?;
    let txn = begin_write(db).await?;
    let before = current(&txn).await?;
    site_settings::ActiveModel {
        id: Set(1),
        erasure_policy: Set(new.erasure_policy.as_str().to_owned()),
        retention_declined_months: Set(new.retention_declined_months),
        retention_sessions_days: Set(new.retention_sessions_days),
        retention_outbox_days: Set(new.retention_outbox_days),
        ..Default::default()
    }
    .update(&txn)
    .await?;
    audit::store::record(
        &txn,
        NewEntry {
            before: before.describe(),
            after: new.describe(),
            ..NewEntry::new(
                Some(admin.id),
                Action::ChangeDataRights,
                TargetKind::Settings,
                None,
            )
        },
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
