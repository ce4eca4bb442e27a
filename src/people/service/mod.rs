//! Use cases for people and organisations: creating them, invitations, personal settings,
//! API tokens, and what admins may change; one file per use case.
mod accounts;
mod admin;
mod invitations;
mod organizations;
mod removal;
mod settings;

pub use self::{accounts::*, admin::*, invitations::*, organizations::*, removal::*, settings::*};
use crate::error::{AppError, FieldError};

/// Why a change to people or organisations was not made.
#[derive(Debug, thiserror::Error)]
pub enum PeopleError {
    #[error("{}", .0.message_key)]
    Field(FieldError),
    /// The person asking may not do this.
    #[error("forbidden")]
    Forbidden,
    /// No such person, organisation or token (or not one of yours).
    #[error("not found")]
    NotFound,
    #[error(transparent)]
    Db(#[from] sea_orm::DbErr),
    #[error(transparent)]
    Other(#[from] anyhow::Error),
}

impl From<PeopleError> for AppError {
    fn from(e: PeopleError) -> Self {
        match e {
            PeopleError::Field(f) => AppError::Validation(vec![f]),
            PeopleError::Forbidden => AppError::Forbidden,
            PeopleError::NotFound => AppError::NotFound,
            PeopleError::Db(e) => e.into(),
            PeopleError::Other(e) => AppError::Internal(e),
        }
    }
}

fn field(field: &'static str, message_key: &'static str) -> PeopleError {
    PeopleError::Field(FieldError {
        field: field.into(),
        message_key,
        args: Vec::new(),
    })
}

#[cfg(test)]
mod tests;
