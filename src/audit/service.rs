//! Reading the audit log: entries with people by their current names (a removed account is a
//! "former participant"), filtered, a page at a time or all for the CSV file. Admins only.
use std::collections::HashMap;

use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter};

use super::{
    model::{Action, TargetKind},
    store::{self, Filter},
};
use crate::{
    auth::CurrentUser,
    entities::{audit_entry, user},
    error::AppError,
    i18n::Tr,
};

/// Most entries in one CSV file.
pub const MAX_EXPORT: u64 = 50_000;

/// One entry as people read it.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Line {
    pub id: i32,
    pub at: chrono::DateTime<chrono::Utc>,
    pub actor_id: Option<i32>,
    /// The actor's current name; empty for the system.
    pub actor: String,
    pub action: String,
    pub target_kind: String,
    pub target_id: Option<i32>,
    pub panel_id: Option<i32>,
    pub subject_id: Option<i32>,
    pub subject: String,
    pub reason: String,
    pub before: String,
    pub after: String,
}

impl Line {
    /// The catalogue key of the action's name.
    pub fn action_key(&self) -> String {
        Action::parse(&self.action).map_or_else(|| self.action.clone(), |a| a.label_key())
    }
    pub fn target_key(&self) -> String {
        TargetKind::parse(&self.target_kind)
            .map_or_else(|| self.target_kind.clone(), |t| t.label_key())
    }
}

/// Only admins read the log; everyone else is told it is not there.
pub fn require_reader(user: &CurrentUser) -> Result<(), AppError> {
    if crate::moderation::rules::reads_audit_log(Some(user.actor())) {
        Ok(())
    } else {
        Err(AppError::NotFound)
    }
}

/// A page of lines (newest first) and the number matching.
pub async fn lines(
    db: &impl ConnectionTrait,
    t: &Tr,
    filter: &Filter,
    offset: u64,
    limit: u64,
) -> Result<(Vec<Line>, u64), DbErr> {
    let (rows, total) = store::list(db, filter, offset, limit).await?;
    Ok((named(db, t, rows).await?, total))
}

/// Entries with people's current names, in one query for the people.
async fn named(
    db: &impl ConnectionTrait,
    t: &Tr,
    rows: Vec<audit_entry::Model>,
) -> Result<Vec<Line>, DbErr> {
    let mut ids: Vec<i32> = rows
        .iter()
        .flat_map(|r| [r.actor_id, r.subject_user_id])
        .flatten()
        .collect();
    ids.sort_unstable();
    ids.dedup();
    let people: HashMap<i32, user::Model> = if ids.is_empty() {
        HashMap::new()
    } else {
        user::Entity::find()
            .filter(user::Column::Id.is_in(ids))
            .all(db)
            .await?
            .into_iter()
            .map(|u| (u.id, u))
            .collect()
    };
    let name = |id: Option<i32>| -> String {
        match id.and_then(|i| people.get(&i)) {
            Some(u) if u.removed_at.is_some() => t.get("audit-former-participant"),
            Some(u) => u.display_name.clone(),
            None if id.is_some() => t.get("audit-former-participant"),
            None => String::new(),
        }
    };
    Ok(rows
        .into_iter()
        .map(|r| Line {
            actor: if r.actor_id.is_some() {
                name(r.actor_id)
            } else {
                t.get("audit-system")
            },
            subject: name(r.subject_user_id),
            id: r.id,
            at: r.at,
            actor_id: r.actor_id,
            action: r.action,
            target_kind: r.target_kind,
            target_id: r.target_id,
            panel_id: r.panel_id,
            subject_id: r.subject_user_id,
            reason: r.reason,
            before: r.before,
            after: r.after,
        })
        .collect())
}

/// The CSV file: a BOM (spreadsheets then read UTF-8), a header row in the reader's
/// language, one row per entry; formula-like cells are kept as text.
pub fn csv(t: &Tr, lines: &[Line]) -> Result<Vec<u8>, csv::Error> {
    use crate::tasks::results::csv::cell;
    let mut out = Vec::from("\u{feff}".as_bytes());
    {
        let mut w = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .from_writer(&mut out);
        let header = [
            "audit-col-when",
            "audit-col-who",
            "audit-col-what",
            "audit-col-target",
            "audit-col-target-id",
            "audit-col-subject",
            "audit-col-reason",
            "audit-col-before",
            "audit-col-after",
        ]
        .map(|k| t.get(k));
        w.write_record(&header)?;
        for l in lines {
            let record = [
                l.at.to_rfc3339(),
                l.actor.clone(),
                t.get(&l.action_key()),
                t.get(&l.target_key()),
                l.target_id.map(|i| i.to_string()).unwrap_or_default(),
                l.subject.clone(),
                l.reason.clone(),
                l.before.clone(),
                l.after.clone(),
            ];
            w.write_record(record.iter().map(|s| cell(s)))?;
        }
        w.flush()?;
    }
    Ok(out)
}
