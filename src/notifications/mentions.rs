//! @handles and mentions. Every person has a handle (made from their name the first time one
//! is needed, unique); they may change it, and every handle they ever had still resolves to
//! them, so a mention, which is resolved to a person id when written, keeps its meaning.
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait,
    QueryFilter, QueryOrder, QuerySelect, sea_query::Query,
};
use std::collections::HashMap;

use serde::Serialize;

use super::entities::handle;
use crate::{db::now, entities::user, error::FieldError, markdown::SafeHtml};

/// A handle as a person types it in their settings: 2–30 of `a-z 0-9 _ -`, starting with a
/// letter or digit (a leading `@` is dropped, upper case folded).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Handle(String);

impl Handle {
    pub fn parse(raw: &str) -> Result<Handle, FieldError> {
        let s = raw.trim().trim_start_matches('@').to_ascii_lowercase();
        let ok = (2..=30).contains(&s.len())
            && s.chars().next().is_some_and(|c| c.is_ascii_alphanumeric())
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
        if ok {
            Ok(Handle(s))
        } else {
            Err(FieldError {
                field: "handle".into(),
                message_key: "notify-handle-invalid",
                args: Vec::new(),
            })
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The base of a person's first handle: their name in URL-safe letters.
fn base_of(name: &str) -> String {
    let s: String = slug::slugify(name).chars().take(24).collect();
    let s = s.trim_end_matches('-').to_owned();
    if s.len() < 2 { "henkilo".to_owned() } else { s }
}

/// Give every person without a handle one (`aino-administraattori`, then `-2`, `-3`, ...).
pub async fn assign_missing(db: &impl ConnectionTrait) -> Result<(), DbErr> {
    let without = user::Entity::find()
        .filter(
            user::Column::Id.not_in_subquery(
                Query::select()
                    .column(handle::Column::UserId)
                    .from(handle::Entity)
                    .to_owned(),
            ),
        )
        .filter(user::Column::RemovedAt.is_null())
        .order_by_asc(user::Column::Id)
        .all(db)
        .await?;
    for person in without {
        let base = base_of(&person.display_name);
        let mut n = 1;
        loop {
            let candidate = if n == 1 {
                base.clone()
            } else {
                format!("{base}-{n}")
            };
            if owner_of(db, &candidate).await?.is_none() {
                insert(db, person.id, &candidate).await?;
                break;
            }
            n += 1;
        }
    }
    Ok(())
}

async fn insert(db: &impl ConnectionTrait, user_id: i32, handle: &str) -> Result<(), DbErr> {
    handle::ActiveModel {
        user_id: Set(user_id),
        handle: Set(handle.to_owned()),
        created_at: Set(now()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

/// Who a handle (current or old) belongs to.
pub async fn owner_of(db: &impl ConnectionTrait, handle: &str) -> Result<Option<i32>, DbErr> {
    Ok(handle::Entity::find()
        .filter(handle::Column::Handle.eq(handle.to_ascii_lowercase()))
        .one(db)
        .await?
        .map(|h| h.user_id))
}

/// The person's current handle (given one first if they have none).
pub async fn handle_of(db: &impl ConnectionTrait, user_id: i32) -> Result<String, DbErr> {
    if let Some(h) = current(db, user_id).await? {
        return Ok(h);
    }
    assign_missing(db).await?;
    Ok(current(db, user_id).await?.unwrap_or_default())
}

/// Every handle the person has had, oldest first.
pub async fn handles_of(db: &impl ConnectionTrait, user_id: i32) -> Result<Vec<String>, DbErr> {
    Ok(handle::Entity::find()
        .filter(handle::Column::UserId.eq(user_id))
        .order_by_asc(handle::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|h| h.handle)
        .collect())
}

async fn current(db: &impl ConnectionTrait, user_id: i32) -> Result<Option<String>, DbErr> {
    Ok(handle::Entity::find()
        .filter(handle::Column::UserId.eq(user_id))
        .order_by_desc(handle::Column::CreatedAt)
        .order_by_desc(handle::Column::Id)
        .one(db)
        .await?
        .map(|h| h.handle))
}

/// Whom these handles (current or old) belong to, and the current handle of each of them,
/// in one query.
pub async fn owners(
    db: &impl ConnectionTrait,
    handles: &[String],
) -> Result<(HashMap<String, i32>, HashMap<i32, String>), DbErr> {
    let mut owner = HashMap::new();
    let mut current = HashMap::new();
    if handles.is_empty() {
        return Ok((owner, current));
    }
    let rows = handle::Entity::find()
        .filter(
            handle::Column::UserId.in_subquery(
                Query::select()
                    .column(handle::Column::UserId)
                    .from(handle::Entity)
                    .and_where(handle::Column::Handle.is_in(handles.iter().cloned()))
                    .to_owned(),
            ),
        )
        .order_by_asc(handle::Column::CreatedAt)
        .order_by_asc(handle::Column::Id)
        .all(db)
        .await?;
    for h in rows {
        if handles.contains(&h.handle) {
            owner.insert(h.handle.clone(), h.user_id);
        }
        // The newest comes last.
        current.insert(h.user_id, h.handle);
    }
    Ok((owner, current))
}

/// Make `handle` the person's current one; `false` when someone else has (or had) it.
pub async fn change(
    db: &impl ConnectionTrait,
    user_id: i32,
    handle: &Handle,
) -> Result<bool, DbErr> {
    match handle::Entity::find()
        .filter(handle::Column::Handle.eq(handle.as_str()))
        .one(db)
        .await?
    {
        Some(h) if h.user_id != user_id => Ok(false),
        Some(h) => {
            // One of their own old handles: current again.
            let mut row: handle::ActiveModel = h.into();
            row.created_at = Set(now());
            row.update(db).await?;
            Ok(true)
        }
        None => {
            insert(db, user_id, handle.as_str()).await?;
            Ok(true)
        }
    }
}

/// The people a rendered text mentions (by any handle they ever had), each once.
pub async fn mentioned(db: &impl ConnectionTrait, html: &SafeHtml) -> Result<Vec<i32>, DbErr> {
    let handles = crate::markdown::mention_handles(html);
    if handles.is_empty() {
        return Ok(Vec::new());
    }
    assign_missing(db).await?;
    let mut ids: Vec<i32> = handle::Entity::find()
        .select_only()
        .column(handle::Column::UserId)
        .filter(handle::Column::Handle.is_in(handles))
        .into_tuple()
        .all(db)
        .await?;
    ids.sort_unstable();
    ids.dedup();
    Ok(ids)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn handles_are_url_safe_and_lower_case() {
        assert_eq!(Handle::parse(" @Aino_V ").unwrap().as_str(), "aino_v");
        for bad in ["a", "-aino", "äiti", "aino virtanen", "", &"x".repeat(31)] {
            assert!(Handle::parse(bad).is_err(), "{bad:?}");
        }
        assert_eq!(base_of("Åsa Öhman-Äijälä"), "asa-ohman-aijala");
        assert_eq!(base_of("Ö"), "henkilo");
    }
}
