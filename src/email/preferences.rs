//! Which kinds of email a person receives: every optional kind until they turn it off, on
//! the email settings page (`/settings/email`) or by an email's unsubscribe link (which works
//! without signing in).
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter,
    sea_query::OnConflict,
};

use super::{EmailKind, store};
use crate::{db::now, entities::email_opt_out};

/// Whether the person receives emails of `kind`.
pub async fn is_subscribed(
    db: &impl ConnectionTrait,
    user_id: i32,
    kind: EmailKind,
) -> Result<bool, DbErr> {
    if !kind.is_optional() {
        return Ok(true);
    }
    Ok(
        email_opt_out::Entity::find_by_id((user_id, kind.as_str().to_owned()))
            .one(db)
            .await?
            .is_none(),
    )
}

/// Receive emails of `kind` again (idempotent).
pub async fn opt_in(db: &impl ConnectionTrait, user_id: i32, kind: EmailKind) -> Result<(), DbErr> {
    email_opt_out::Entity::delete_many()
        .filter(email_opt_out::Column::UserId.eq(user_id))
        .filter(email_opt_out::Column::Kind.eq(kind.as_str()))
        .exec(db)
        .await?;
    Ok(())
}

/// The kinds the person turned off, in one query.
pub async fn opted_out(db: &impl ConnectionTrait, user_id: i32) -> Result<Vec<EmailKind>, DbErr> {
    Ok(email_opt_out::Entity::find()
        .filter(email_opt_out::Column::UserId.eq(user_id))
        .all(db)
        .await?
        .iter()
        .filter_map(|o| EmailKind::parse(&o.kind))
        .collect())
}

/// Stop emails of `kind` to the person (idempotent).
pub async fn opt_out(
    db: &impl ConnectionTrait,
    user_id: i32,
    kind: EmailKind,
) -> Result<(), DbErr> {
    email_opt_out::Entity::insert(email_opt_out::ActiveModel {
        user_id: Set(user_id),
        kind: Set(kind.as_str().to_owned()),
        created_at: Set(now()),
    })
    .on_conflict(
        OnConflict::columns([email_opt_out::Column::UserId, email_opt_out::Column::Kind])
            .do_nothing()
            .to_owned(),
    )
    .exec_without_returning(db)
    .await?;
    Ok(())
}

/// The person and kind an unsubscribe link stands for, if the token is one of ours.
pub async fn resolve_token(
    db: &impl ConnectionTrait,
    token: &str,
) -> Result<Option<(i32, EmailKind)>, DbErr> {
    if token.len() != 64 || !token.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Ok(None);
    }
    Ok(store::by_unsubscribe_token(db, token)
        .await?
        .and_then(|row| Some((row.user_id?, row.email_kind()?)))
        .filter(|(_, kind)| kind.is_optional()))
}

/// Unsubscribe by an email's link; returns the kind, or `None` for an unknown token.
pub async fn unsubscribe_by_token(
    db: &impl ConnectionTrait,
    token: &str,
) -> Result<Option<EmailKind>, DbErr> {
    let Some((user_id, kind)) = resolve_token(db, token).await? else {
        return Ok(None);
    };
    opt_out(db, user_id, kind).await?;
    Ok(Some(kind))
}
