//! `AppError`: the one error type handlers return. It becomes a friendly page (or a JSON error
//! under `/api/`) in the reader's language with the right status; only 5xx are logged.
use std::borrow::Cow;

use axum::{
    http::StatusCode,
    response::{IntoResponse, Response},
};

/// What went wrong, as far as the person asking needs to know.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("not found")]
    NotFound,
    #[error("forbidden")]
    Forbidden,
    /// Signing in would help: pages redirect to the sign-in form, the API answers 401.
    #[error("sign-in required")]
    Unauthorized,
    #[error("CSRF token missing or wrong")]
    Csrf,
    #[error("too many failed sign-ins")]
    TooManyAttempts,
    /// One person wrote more than the configured rate allows (`auth::write_rate`).
    #[error("too many contributions")]
    TooManyContributions,
    /// A new account is over one of its limits (`moderation::rules`), with the message key.
    #[error("a new account's limit")]
    NewcomerLimit(&'static str),
    #[error("request body too large")]
    TooLarge,
    #[error("method not allowed")]
    MethodNotAllowed,
    /// Input the handler could not take, with a message key from the catalogue.
    #[error("bad request: {0}")]
    BadRequest(&'static str),
    /// Field-level validation errors (used by the JSON API; pages re-render their forms).
    #[error("validation failed")]
    Validation(Vec<FieldError>),
    /// The database could not be reached in time (no connection within the pool's acquire
    /// timeout): 503, the page rendered without the database, try again shortly.
    #[error("database unavailable: {0}")]
    Unavailable(sea_orm::DbErr),
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

/// One field's problem: the field's name as the client sent it (`title`, or a dynamic one such
/// as `questions[2]`) and a catalogue message key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldError {
    pub field: Cow<'static, str>,
    pub message_key: &'static str,
    /// Numbers the message names ("Pick at least {min} options."), by placeholder.
    pub args: Vec<(&'static str, i64)>,
}

impl FieldError {
    pub fn new(field: impl Into<Cow<'static, str>>, message_key: &'static str) -> Self {
        FieldError {
            field: field.into(),
            message_key,
            args: Vec::new(),
        }
    }

    /// The message in the reader's language, with its numbers filled in.
    pub fn message(&self, t: &crate::i18n::Tr) -> String {
        if self.args.is_empty() {
            return t.get(self.message_key);
        }
        let args: Vec<(&str, crate::i18n::FluentArg)> = self
            .args
            .iter()
            .map(|(k, v)| (*k, crate::i18n::FluentArg::Num(*v)))
            .collect();
        t.args(self.message_key, &args)
    }
}

impl From<sea_orm::DbErr> for AppError {
    fn from(err: sea_orm::DbErr) -> Self {
        match err {
            // No connection within the acquire timeout: the database is away (or swamped).
            // A pool closed on purpose is no outage, and stays a 500.
            sea_orm::DbErr::ConnectionAcquire(sea_orm::error::ConnAcquireErr::Timeout) => {
                AppError::Unavailable(err)
            }
            err => AppError::Internal(err.into()),
        }
    }
}

impl From<askama::Error> for AppError {
    fn from(err: askama::Error) -> Self {
        AppError::Internal(anyhow::anyhow!("template: {err}"))
    }
}

impl From<tower_sessions::session::Error> for AppError {
    fn from(err: tower_sessions::session::Error) -> Self {
        AppError::Internal(anyhow::anyhow!("session: {err}"))
    }
}

/// The part of an error that survives into the response, for `crate::web::errors` to render
/// in the reader's language once it knows the request.
#[derive(Clone, Debug)]
pub struct ErrorReport {
    pub status: StatusCode,
    pub code: &'static str,
    pub message_key: &'static str,
    pub fields: Vec<FieldError>,
}

impl AppError {
    pub fn status(&self) -> StatusCode {
        match self {
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::Forbidden | AppError::Csrf => StatusCode::FORBIDDEN,
            AppError::Unauthorized => StatusCode::UNAUTHORIZED,
            AppError::TooManyAttempts
            | AppError::TooManyContributions
            | AppError::NewcomerLimit(_) => StatusCode::TOO_MANY_REQUESTS,
            AppError::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            AppError::BadRequest(_) => StatusCode::BAD_REQUEST,
            AppError::Validation(_) => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn report(&self) -> ErrorReport {
        let (code, message_key) = match self {
            AppError::NotFound => ("not_found", "error-not-found"),
            AppError::Forbidden => ("forbidden", "error-forbidden"),
            AppError::Unauthorized => ("unauthorized", "error-unauthorized"),
            AppError::Csrf => ("csrf", "error-csrf"),
            AppError::TooManyAttempts => ("too_many_attempts", "error-too-many-attempts"),
            AppError::TooManyContributions => {
                ("too_many_contributions", "error-too-many-contributions")
            }
            AppError::NewcomerLimit(key) => ("newcomer_limit", *key),
            AppError::TooLarge => ("too_large", "error-too-large"),
            AppError::MethodNotAllowed => ("method_not_allowed", "error-method-not-allowed"),
            AppError::BadRequest(key) => ("bad_request", *key),
            AppError::Validation(_) => ("validation", "error-validation"),
            AppError::Unavailable(_) => ("unavailable", "error-unavailable"),
            AppError::Internal(_) => ("internal", "error-internal"),
        };
        ErrorReport {
            status: self.status(),
            code,
            message_key,
            fields: match self {
                AppError::Validation(fields) => fields.clone(),
                _ => Vec::new(),
            },
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        match &self {
            AppError::Internal(cause) => tracing::error!(error = ?cause, "request failed"),
            AppError::Unavailable(cause) => {
                tracing::error!(error = %cause, "request failed: database unavailable")
            }
            _ => {}
        }
        let report = self.report();
        let mut response = report.status.into_response();
        response.extensions_mut().insert(report);
        response
    }
}

/// Shorthand for handler results.
pub type AppResult<T> = Result<T, AppError>;
