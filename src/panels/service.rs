//! What every panel use case shares: `PanelError` and the panel log. The use cases live in
//! `settings/`, `membership/`, `invitations/` and `discussion/`.
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ConnectionTrait, DbErr};

use super::model::{LogAction, PanelId};
use crate::auth::write_rate::RateError;
use crate::{
    comments::service::CommentError,
    db::now,
    entities::panel_log,
    error::{AppError, FieldError},
};

/// Why a panel change failed.
#[derive(Debug, thiserror::Error)]
pub enum PanelError {
    #[error("not found")]
    NotFound,
    #[error("not allowed")]
    Forbidden,
    #[error("invalid input")]
    Fields(Vec<FieldError>),
    /// The author is over the rate of writing.
    #[error("too many contributions")]
    TooFast,
    /// A new account is over one of its limits (message key).
    #[error("a new account's limit")]
    Newcomer(&'static str),
    #[error(transparent)]
    Db(#[from] DbErr),
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

pub(crate) fn one(field: &'static str, message_key: &'static str) -> PanelError {
    PanelError::Fields(vec![FieldError {
        field: field.into(),
        message_key,
        args: Vec::new(),
    }])
}

/// The comment rules' verdicts, as a panel reports them.
impl From<CommentError> for PanelError {
    fn from(e: CommentError) -> Self {
        match e {
            CommentError::NotFound => PanelError::NotFound,
            CommentError::Forbidden => PanelError::Forbidden,
            CommentError::ParentGone => one("body", "comment-parent-gone"),
            CommentError::Rate(e) => e.into(),
            CommentError::Db(e) => PanelError::Db(e),
        }
    }
}

impl From<RateError> for PanelError {
    fn from(e: RateError) -> Self {
        match e {
            RateError::TooFast => PanelError::TooFast,
            RateError::NewcomerTooFast | RateError::TooManyLinks => {
                PanelError::Newcomer(e.message_key())
            }
            RateError::Db(e) => PanelError::Db(e),
        }
    }
}

impl From<PanelError> for AppError {
    fn from(e: PanelError) -> Self {
        match e {
            PanelError::NotFound => AppError::NotFound,
            PanelError::Forbidden => AppError::Forbidden,
            PanelError::Fields(f) => AppError::Validation(f),
            PanelError::TooFast => AppError::TooManyContributions,
            PanelError::Newcomer(key) => AppError::NewcomerLimit(key),
            PanelError::Db(e) => e.into(),
            PanelError::Internal(e) => AppError::Internal(e),
        }
    }
}

/// Record what happened, inside the caller's transaction.
pub async fn log(
    db: &impl ConnectionTrait,
    panel: PanelId,
    actor: Option<i32>,
    subject: Option<i32>,
    action: LogAction,
    detail: &str,
) -> Result<(), DbErr> {
    panel_log::ActiveModel {
        panel_id: Set(panel.0),
        actor_id: Set(actor),
        subject_user_id: Set(subject),
        action: Set(action.as_str().to_owned()),
        detail: Set(detail.to_owned()),
        created_at: Set(now()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}
