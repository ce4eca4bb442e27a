//! Placeholder handlers, replaced by the feature.
use crate::error::AppError;

pub async fn create_comment() -> AppError {
    AppError::NotFound
}

pub async fn create_post() -> AppError {
    AppError::NotFound
}

pub async fn get_post() -> AppError {
    AppError::NotFound
}

pub async fn list_posts() -> AppError {
    AppError::NotFound
}

pub async fn openapi() -> AppError {
    AppError::NotFound
}

pub async fn update_post() -> AppError {
    AppError::NotFound
}

