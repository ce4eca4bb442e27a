//! Placeholder handlers, replaced by the feature.
use crate::error::AppError;

pub async fn archive_index() -> AppError {
    AppError::NotFound
}

pub async fn archive_month() -> AppError {
    AppError::NotFound
}

pub async fn archive_year() -> AppError {
    AppError::NotFound
}

pub async fn author_page() -> AppError {
    AppError::NotFound
}

pub async fn create() -> AppError {
    AppError::NotFound
}

pub async fn drafts() -> AppError {
    AppError::NotFound
}

pub async fn edit_form() -> AppError {
    AppError::NotFound
}

pub async fn front_page() -> AppError {
    AppError::NotFound
}

pub async fn label_page() -> AppError {
    AppError::NotFound
}

pub async fn labels_index() -> AppError {
    AppError::NotFound
}

pub async fn new_form() -> AppError {
    AppError::NotFound
}

pub async fn organization_page() -> AppError {
    AppError::NotFound
}

pub async fn organizations_index() -> AppError {
    AppError::NotFound
}

pub async fn revisions() -> AppError {
    AppError::NotFound
}

pub async fn show() -> AppError {
    AppError::NotFound
}

pub async fn update() -> AppError {
    AppError::NotFound
}

