//! Invitations: a facilitator invites by email; accepting the link seats the company.
use chrono::Duration;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, DatabaseConnection};

use crate::panels::membership::service::*;
use crate::panels::rules::service as rules;
use crate::panels::{
    access::PanelAccess,
    model::{LogAction, PanelId},
    service::{PanelError, log, one},
    store,
};
use crate::{
    auth::{CurrentUser, tokens},
    db::{begin_write, now},
    email::{self, OutgoingEmail},
    entities::{panel, panel_invitation, user},
    i18n::{Lang, Tr},
    people::model::Email,
    people::store as people_store,
};

/// How long an invitation link works.
pub const INVITATION_DAYS: i64 = 14;

/// Invite someone by email; returns the link's secret (only its hash is stored).
#[tracing::instrument(skip_all, fields(panel = access.panel.id))]
pub async fn invite(
    db: &DatabaseConnection,
    mailer: &crate::email::Mailer,
    actor: &CurrentUser,
    access: &PanelAccess,
    raw_email: &str,
    base_url: &str,
) -> Result<String, PanelError> {
    if !access.is_facilitator() {
        return Err(PanelError::Forbidden);
    }
    let email = Email::parse(raw_email).map_err(|e| PanelError::Fields(vec![e]))?;
    let token = tokens::random_token();
    let panel = access.id();
    let txn = begin_write(db).await?;
    panel_invitation::ActiveModel {
        panel_id: Set(panel.0),
        email: Set(email.as_str().to_owned()),
        token_hash: Set(tokens::hash_token(&token)),
        invited_by: Set(actor.id),
        created_at: Set(now()),
        expires_at: Set(now() + Duration::days(INVITATION_DAYS)),
        used_at: Set(None),
        used_by: Set(None),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    log(
        &txn,
        panel,
        Some(actor.id),
        None,
        LogAction::Invited,
        email.as_str(),
    )
    .await?;
    let t = Tr::new(actor.language.unwrap_or_default());
    let link = format!(
        "{}/panels/invitations/{token}",
        base_url.trim_end_matches('/')
    );
    email::enqueue(
        &txn,
        OutgoingEmail {
            to: email.as_str().to_owned(),
            subject: t.arg("panel-email-invited-subject", "panel", &access.panel.name),
            text: format!(
                "{}\n\n{link}\n",
                t.arg("panel-email-invited-body", "panel", &access.panel.name)
            ),
            html: None,
        },
    )
    .await?;
    txn.commit().await?;
    mailer.wake();
    Ok(token)
}

/// Accept an invitation: an account is made if needed and the company takes a seat at once
/// (if one is free). The link is then spent.
#[tracing::instrument(skip_all)]
pub async fn accept_invitation(
    db: &DatabaseConnection,
    token: &str,
    applicant: Applicant<'_>,
    company: Company,
    accepts_rules: bool,
    language: Lang,
) -> Result<(user::Model, panel::Model), PanelError> {
    let txn = begin_write(db).await?;
    let inv = store::open_invitation_by_token(&txn, token)
        .await?
        .ok_or(PanelError::NotFound)?;
    let panel_row = store::panel_by_id(&txn, PanelId(inv.panel_id))
        .await?
        .ok_or(PanelError::NotFound)?;
    let panel = PanelId(panel_row.id);
    let person = match &applicant {
        Applicant::Existing(u) => people_store::user_by_id(&txn, u.id)
            .await?
            .ok_or(PanelError::NotFound)?,
        Applicant::New(account) => insert_account(&txn, account, language).await?,
    };
    if store::membership(&txn, panel, person.id).await?.is_some() {
        return Err(one("company_name", "panel-already-member"));
    }
    if seats_spoken_for(&txn, panel).await? >= panel_row.seat_cap as u64 {
        return Err(one("company_name", "panel-seats-full"));
    }
    let rules_version = rules::version_to_accept(&txn, panel, accepts_rules).await?;
    member_row(panel, person.id, &company).insert(&txn).await?;
    rules::record_joining(&txn, panel, person.id, rules_version).await?;
    let mut active: panel_invitation::ActiveModel = inv.clone().into();
    active.used_at = Set(Some(now()));
    active.used_by = Set(Some(person.id));
    active.update(&txn).await?;
    log(
        &txn,
        panel,
        Some(person.id),
        Some(person.id),
        LogAction::JoinedByInvitation,
        &company.name,
    )
    .await?;
    txn.commit().await?;
    Ok((person, panel_row))
}
