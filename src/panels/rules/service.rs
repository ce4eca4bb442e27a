//! Panel rules' use cases: facilitators save a new version (logged in the panel log),
//! members accept the current one, joining asks for it, and facilitators see who has
//! accepted what. Reading needs only the panel's own rules (`PanelAccess`).
use sea_orm::{ActiveValue::Set, ConnectionTrait, DatabaseConnection, DbErr};
use serde::Serialize;

use super::{
    model::{RulesDraft, RulesStanding},
    store,
};
use crate::{
    auth::CurrentUser,
    db::{begin_write, now},
    entities::{panel_rules_version as version, user},
    error::FieldError,
    panels::{
        access::PanelAccess,
        model::{LogAction, PanelId},
        service::{PanelError, log, one},
        store as panel_store,
    },
};

/// The form field (and API member) that says the joiner accepts the rules.
pub const ACCEPT_FIELD: &str = "accept_rules";

/// Save `draft` as the panel's next version (facilitators and admins).
#[tracing::instrument(skip_all, fields(panel = access.panel.id, author = author.id))]
pub async fn save(
    db: &DatabaseConnection,
    author: &CurrentUser,
    access: &PanelAccess,
    draft: RulesDraft,
) -> Result<version::Model, PanelError> {
    if !access.is_facilitator() {
        return Err(PanelError::Forbidden);
    }
    let panel = access.id();
    let txn = begin_write(db).await?;
    let number = store::current_number(&txn, panel).await?.unwrap_or(0) + 1;
    let saved = store::insert_version(
        &txn,
        version::ActiveModel {
            panel_id: Set(panel.0),
            version: Set(number),
            body_md: Set(draft.body_md),
            body_html: Set(draft.html.into_string()),
            author_id: Set(Some(author.id)),
            note: Set(draft.note),
            created_at: Set(now()),
            ..Default::default()
        },
    )
    .await?;
    log(
        &txn,
        panel,
        Some(author.id),
        None,
        LogAction::RulesChanged,
        &number.to_string(),
    )
    .await?;
    txn.commit().await?;
    Ok(saved)
}

/// A member accepts the current version; returns its number. `NotFound` when the panel has
/// no rules, `Forbidden` for someone not in the panel.
pub async fn accept_current(
    db: &DatabaseConnection,
    user: &CurrentUser,
    access: &PanelAccess,
) -> Result<i32, PanelError> {
    access.require_member().map_err(|_| PanelError::Forbidden)?;
    let number = store::current_number(db, access.id())
        .await?
        .ok_or(PanelError::NotFound)?;
    store::accept(db, access.id(), user.id, number).await?;
    Ok(number)
}

/// The version someone joining accepts, checked inside the joining transaction: none while
/// the panel has no rules; a field error on `accept_rules` when it has and they did not
/// tick the box.
pub async fn version_to_accept(
    db: &impl ConnectionTrait,
    panel: PanelId,
    accepts: bool,
) -> Result<Option<i32>, PanelError> {
    match store::current_number(db, panel).await? {
        Some(_) if !accepts => Err(one(ACCEPT_FIELD, "panel-rules-accept-required")),
        number => Ok(number),
    }
}

/// The join forms' own check, so the box's error shows with the form's other mistakes
/// ([`version_to_accept`] decides again when the joining is written).
pub fn check_ticked(standing: RulesStanding, accepts: bool, errors: &mut Vec<FieldError>) {
    if standing.exist() && !accepts {
        errors.push(FieldError {
            field: ACCEPT_FIELD.into(),
            message_key: "panel-rules-accept-required",
            args: Vec::new(),
        });
    }
}

/// Record the joiner's acceptance of `version` (from [`version_to_accept`]) in the joining
/// transaction.
pub async fn record_joining(
    db: &impl ConnectionTrait,
    panel: PanelId,
    user: i32,
    version: Option<i32>,
) -> Result<(), DbErr> {
    match version {
        Some(n) => store::accept(db, panel, user, n).await,
        None => Ok(()),
    }
}

/// One version as readers see it.
#[derive(Clone, Debug, Serialize)]
pub struct VersionView {
    pub version: i32,
    #[serde(skip)]
    pub html: crate::markdown::SafeHtml,
    pub body_md: String,
    pub body_html: String,
    /// The author's name as the reader's language shows it ("former participant" after
    /// erasure).
    pub author: String,
    pub note: Option<String>,
    pub created_at: chrono::DateTime<chrono::Utc>,
    /// `created_at` as the reader's language writes a date.
    #[serde(skip)]
    pub date: String,
}

impl VersionView {
    fn of(row: version::Model, author: Option<&user::Model>, t: &crate::i18n::Tr) -> VersionView {
        VersionView {
            version: row.version,
            html: crate::markdown::SafeHtml::from_stored(row.body_html.clone()),
            author: author
                .map(|u| crate::people::model::PersonName::of(u).shown(t))
                .unwrap_or_default(),
            body_md: row.body_md,
            body_html: row.body_html,
            note: row.note,
            date: t.long_date(&row.created_at),
            created_at: row.created_at,
        }
    }
}

/// The current version (`None` for a panel without rules), or version `number`; readers
/// of the panel only.
pub async fn read(
    db: &DatabaseConnection,
    access: &PanelAccess,
    number: Option<i32>,
    t: &crate::i18n::Tr,
) -> Result<Option<VersionView>, PanelError> {
    access.require_reader().map_err(not_reader)?;
    let row = match number {
        None => store::current(db, access.id()).await?,
        Some(n) => Some(
            store::version(db, access.id(), n)
                .await?
                .ok_or(PanelError::NotFound)?,
        ),
    };
    let Some(row) = row else { return Ok(None) };
    let people = panel_store::users_by_id(db, row.author_id.into_iter().collect()).await?;
    let author = row.author_id.and_then(|a| people.get(&a));
    Ok(Some(VersionView::of(row, author, t)))
}

/// The current version for someone about to join (the join form shows it, also to people
/// who do not read the panel yet).
pub async fn for_joining(
    db: &impl ConnectionTrait,
    panel: PanelId,
) -> Result<Option<JoinRules>, DbErr> {
    Ok(store::current(db, panel).await?.map(|r| JoinRules {
        version: r.version,
        html: crate::markdown::SafeHtml::from_stored(r.body_html),
    }))
}

/// The rules a join form shows above its "I accept" box.
#[derive(Clone, Debug)]
pub struct JoinRules {
    pub version: i32,
    pub html: crate::markdown::SafeHtml,
}

/// Every version, newest first; readers of the panel only.
pub async fn history(
    db: &DatabaseConnection,
    access: &PanelAccess,
    t: &crate::i18n::Tr,
) -> Result<Vec<VersionView>, PanelError> {
    access.require_reader().map_err(not_reader)?;
    let rows = store::versions(db, access.id()).await?;
    let people =
        panel_store::users_by_id(db, rows.iter().filter_map(|r| r.author_id).collect()).await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let author = r.author_id.and_then(|a| people.get(&a));
            VersionView::of(r, author, t)
        })
        .collect())
}

fn not_reader(e: crate::error::AppError) -> PanelError {
    match e {
        crate::error::AppError::NotFound => PanelError::NotFound,
        _ => PanelError::Forbidden,
    }
}

/// A panel member (or facilitator) and the version they accepted last.
#[derive(Clone, Debug, Serialize)]
pub struct MemberAcceptance {
    pub user_id: i32,
    pub name: String,
    pub company: String,
    pub facilitator: bool,
    pub accepted_version: Option<i32>,
    pub accepted_at: Option<chrono::DateTime<chrono::Utc>>,
    /// A member who has not accepted the current version (facilitators write the rules and
    /// are never pending).
    pub pending: bool,
    /// `accepted_at` as the reader's language writes a date ("" if never).
    #[serde(skip)]
    pub accepted_on: String,
}

/// Who has accepted which version: every member and facilitator of the panel, members who
/// have not accepted the current version first (facilitators only).
pub async fn acceptances(
    db: &DatabaseConnection,
    access: &PanelAccess,
    t: &crate::i18n::Tr,
) -> Result<(Option<i32>, Vec<MemberAcceptance>), PanelError> {
    if !access.is_facilitator() {
        return Err(PanelError::Forbidden);
    }
    let panel = access.id();
    let current = store::current_number(db, panel).await?;
    let members = panel_store::members_with_people(db, panel).await?;
    let accepted = store::acceptances(db, panel).await?;
    let mut rows: Vec<MemberAcceptance> = members
        .into_iter()
        .map(|(m, u)| {
            let a = accepted.iter().find(|a| a.user_id == m.user_id);
            MemberAcceptance {
                user_id: m.user_id,
                name: crate::people::model::PersonName::of(&u).shown(t),
                facilitator: m.role == crate::panels::model::MemberRole::Facilitator.as_str(),
                company: m.company_name,
                accepted_version: a.map(|a| a.version),
                accepted_at: a.map(|a| a.accepted_at),
                accepted_on: a.map(|a| t.long_date(&a.accepted_at)).unwrap_or_default(),
                pending: m.role == crate::panels::model::MemberRole::Member.as_str()
                    && RulesStanding {
                        current,
                        accepted: a.map(|a| a.version),
                    }
                    .pending(),
            }
        })
        .collect();
    rows.sort_by_key(|r| (!r.pending, r.facilitator, r.name.clone()));
    Ok((current, rows))
}

/// A person's acceptances, for their own data.
pub async fn personal_data(
    db: &impl ConnectionTrait,
    user: i32,
) -> Result<Vec<serde_json::Value>, DbErr> {
    let rows = store::acceptances_of(db, user).await?;
    let mut out = Vec::new();
    for a in rows {
        let panel = panel_store::panel_by_id(db, PanelId(a.panel_id)).await?;
        out.push(serde_json::json!({
            "panel": panel.map(|p| p.name).unwrap_or_default(),
            "rules_version": a.version,
            "accepted_at": a.accepted_at,
        }));
    }
    Ok(out)
}
