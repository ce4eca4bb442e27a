//! "Download my data": the person asks (settings page or API), a background worker prepares
//! the ZIP file (`archive`) and emails a link through the outbox in the same transaction as
//! it stores the file. The request is a row: a node that restarts prepares what is waiting.
//! The link works for `LINK_VALID_DAYS` days and only for the person signed in (the page) or
//! calling with their own token (the API); the retention pass deletes expired files.
use std::sync::LazyLock;

use chrono::Duration;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, DatabaseConnection, DbErr, EntityTrait,
    QueryFilter, QueryOrder, sea_query::Expr,
};
use tokio::sync::Notify;

use super::{archive, entities::data_export};
use crate::{
    auth::{CurrentUser, tokens},
    db::{begin_write, now},
    email::{self, OutgoingEmail},
    entities::{site_settings, user},
    error::{AppError, AppResult},
    i18n::{Lang, Tr},
    state::AppState,
};

/// How long a prepared download can be fetched.
pub const LINK_VALID_DAYS: i64 = 7;

/// How often the worker looks for waiting requests besides being woken.
const POLL: std::time::Duration = std::time::Duration::from_secs(60);

static WAKE: LazyLock<Notify> = LazyLock::new(Notify::new);

/// Where a person stands: nothing asked, being prepared, or ready until a time.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Status {
    None,
    Pending,
    Ready {
        id: i32,
        expires_at: chrono::DateTime<chrono::Utc>,
    },
}

/// The person's newest request that has not expired.
pub async fn status(db: &DatabaseConnection, user_id: i32) -> Result<Status, DbErr> {
    let newest = data_export::Entity::find()
        .filter(data_export::Column::UserId.eq(user_id))
        .order_by_desc(data_export::Column::Id)
        .one(db)
        .await?;
    Ok(match newest {
        Some(row) if row.status == "pending" => Status::Pending,
        Some(row) => match row.expires_at {
            Some(at) if at > now() => Status::Ready {
                id: row.id,
                expires_at: at,
            },
            _ => Status::None,
        },
        None => Status::None,
    })
}

/// Ask for a download; a request still waiting is not asked twice. Returns its id.
#[tracing::instrument(skip_all, fields(user = me.id))]
pub async fn request(db: &DatabaseConnection, me: &CurrentUser) -> AppResult<i32> {
    let txn = begin_write(db).await?;
    let waiting = data_export::Entity::find()
        .filter(data_export::Column::UserId.eq(me.id))
        .filter(data_export::Column::Status.eq("pending"))
        .one(&txn)
        .await?;
    let id = match waiting {
        Some(row) => row.id,
        None => {
            data_export::ActiveModel {
                user_id: Set(me.id),
                status: Set("pending".to_owned()),
                created_at: Set(now()),
                ..Default::default()
            }
            .insert(&txn)
            .await?
            .id
        }
    };
    txn.commit().await?;
    WAKE.notify_one();
    Ok(id)
}

/// Prepare every waiting request: the archive, its link's hash and expiry, and the email
/// with the link, in one transaction per request. Returns how many were prepared.
pub async fn run_due(state: &AppState) -> AppResult<usize> {
    let db = &state.db;
    let waiting = data_export::Entity::find()
        .filter(data_export::Column::Status.eq("pending"))
        .order_by_asc(data_export::Column::Id)
        .all(db)
        .await?;
    let mut done = 0;
    for row in waiting {
        if prepare(state, row).await? {
            done += 1;
        }
    }
    Ok(done)
}

async fn prepare(state: &AppState, row: data_export::Model) -> AppResult<bool> {
    let db = &state.db;
    let Some(person) = user::Entity::find_by_id(row.user_id)
        .one(db)
        .await?
        .filter(|u| u.removed_at.is_none())
    else {
        return Ok(false);
    };
    let lang = person
        .language
        .as_deref()
        .and_then(Lang::parse)
        .unwrap_or(Lang::Fi);
    let data = archive::collect(db, &person).await?;
    let page = archive::html(&data, lang)?;
    let bytes = archive::zip(&data, &page).map_err(|e| AppError::Internal(e.into()))?;
    let token = tokens::random_token();
    let at = now();
    let txn = begin_write(db).await?;
    // Another node may have prepared it meanwhile: only a still-waiting row is filled.
    let filled = data_export::Entity::update_many()
        .col_expr(data_export::Column::Status, Expr::value("ready"))
        .col_expr(
            data_export::Column::TokenHash,
            Expr::value(Some(tokens::hash_token(&token))),
        )
        .col_expr(data_export::Column::Archive, Expr::value(Some(bytes)))
        .col_expr(data_export::Column::ReadyAt, Expr::value(Some(at)))
        .col_expr(
            data_export::Column::ExpiresAt,
            Expr::value(Some(at + Duration::days(LINK_VALID_DAYS))),
        )
        .filter(data_export::Column::Id.eq(row.id))
        .filter(data_export::Column::Status.eq("pending"))
        .exec(&txn)
        .await?
        .rows_affected;
    if filled == 0 {
        return Ok(false);
    }
    let t = Tr::new(lang);
    let site = site_settings::Entity::find_by_id(1)
        .one(&txn)
        .await?
        .map(|s| s.network_name)
        .unwrap_or_else(|| "Lupa".to_owned());
    let link = format!(
        "{}{}",
        state.settings.base_url().trim_end_matches('/'),
        link_path(&token)
    );
    email::enqueue(
        &txn,
        OutgoingEmail {
            to: person.email.clone(),
            subject: t.arg("data-rights-email-subject", "site", &site),
            text: format!(
                "{}\n\n{link}\n\n{}\n",
                t.arg("data-rights-email-body", "site", &site),
                t.count("data-rights-email-expiry", LINK_VALID_DAYS),
            ),
            html: None,
        },
    )
    .await?;
    txn.commit().await?;
    state.mailer.wake();
    tracing::info!(user = person.id, "data download prepared");
    Ok(true)
}

/// The page address of a download link.
pub fn link_path(token: &str) -> String {
    format!("/settings/data-download/{token}")
}

/// The ZIP file behind a link, for its owner only while it has not expired; anything else
/// is "not found" (a link of someone else's reveals nothing).
pub async fn fetch(db: &DatabaseConnection, me: &CurrentUser, token: &str) -> AppResult<Vec<u8>> {
    data_export::Entity::find()
        .filter(data_export::Column::TokenHash.eq(tokens::hash_token(token)))
        .filter(data_export::Column::UserId.eq(me.id))
        .one(db)
        .await?
        .filter(|row| row.expires_at.is_some_and(|at| at > now()))
        .and_then(|row| row.archive)
        .ok_or(AppError::NotFound)
}

/// The worker: prepares waiting requests when woken, and once a minute (so requests left
/// by a node that stopped are prepared too).
pub fn spawn(state: AppState) {
    crate::clock::spawn(async move {
        loop {
            if let Err(e) = run_due(&state).await {
                tracing::warn!(error = %e, "data downloads could not be prepared");
            }
            tokio::select! {
                _ = WAKE.notified() => {},
                _ = tokio::time::sleep(POLL) => {},
            }
        }
    });
}
