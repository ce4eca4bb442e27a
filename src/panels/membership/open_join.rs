//! Joining an open panel (`panels.open_join`) with one click: any signed-in person who may
//! see the panel and is not in it becomes a member at once while a seat is free. Their
//! site role stays what it was (a customer stays a customer).
use sea_orm::{ActiveModelTrait, ActiveValue::Set, DatabaseConnection};

use super::service::seats_spoken_for;
use crate::{
    auth::CurrentUser,
    db::{begin_write, now},
    entities::panel_member,
    panels::{
        access::PanelAccess,
        model::{LogAction, MemberRole},
        rules::service as rules,
        service::{PanelError, log, one},
        store,
    },
};

/// Whether `user` could join this panel by themself now (the button is shown).
pub fn offers_join(access: &PanelAccess, user: Option<&CurrentUser>, is_in: bool) -> bool {
    access.panel.open_join && user.is_some() && !is_in
}

/// Join the panel as a member (accepting its rules, when it has some). A full panel
/// answers with `panel-join-full` on `panel`, unticked rules with an error on `accept_rules`.
#[tracing::instrument(skip_all, fields(panel = access.panel.id, user = user.id))]
pub async fn join(
    db: &DatabaseConnection,
    user: &CurrentUser,
    access: &PanelAccess,
    accepts_rules: bool,
) -> Result<(), PanelError> {
    if !access.panel.open_join {
        return Err(PanelError::Forbidden);
    }
    // An account whose email is not confirmed contributes nowhere, panels included.
    if !user.email_confirmed {
        return Err(one("panel", "panel-join-confirm-first"));
    }
    let panel = access.id();
    let txn = begin_write(db).await?;
    if store::membership(&txn, panel, user.id).await?.is_some() {
        return Err(one("panel", "panel-already-member"));
    }
    if seats_spoken_for(&txn, panel).await? >= u64::try_from(access.panel.seat_cap).unwrap_or(0) {
        return Err(one("panel", "panel-join-full"));
    }
    let rules_version = rules::version_to_accept(&txn, panel, accepts_rules).await?;
    panel_member::ActiveModel {
        panel_id: Set(panel.0),
        user_id: Set(user.id),
        role: Set(MemberRole::Member.as_str().to_owned()),
        company_name: Set(String::new()),
        business_id: Set(None),
        industry: Set(None),
        region: Set(None),
        stage: Set(None),
        role_in_company: Set(String::new()),
        joined_at: Set(now()),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    rules::record_joining(&txn, panel, user.id, rules_version).await?;
    log(
        &txn,
        panel,
        Some(user.id),
        Some(user.id),
        LogAction::Joined,
        &user.display_name,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
