//! Placeholder handlers, replaced by the feature.
use crate::error::AppError;

pub async fn create() -> AppError {
    AppError::NotFound
}

pub async fn delete() -> AppError {
    AppError::NotFound
}

pub async fn edit_form() -> AppError {
    AppError::NotFound
}

pub async fn hide() -> AppError {
    AppError::NotFound
}

pub async fn update() -> AppError {
    AppError::NotFound
}

