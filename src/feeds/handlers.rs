//! Placeholder handlers, replaced by the feature.
use crate::error::AppError;

pub async fn author() -> AppError {
    AppError::NotFound
}

pub async fn label() -> AppError {
    AppError::NotFound
}

pub async fn organization() -> AppError {
    AppError::NotFound
}

pub async fn post_comments() -> AppError {
    AppError::NotFound
}

pub async fn site() -> AppError {
    AppError::NotFound
}

