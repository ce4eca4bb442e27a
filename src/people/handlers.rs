//! Placeholder handlers, replaced by the feature.
use crate::error::AppError;

pub async fn accept_invitation() -> AppError {
    AppError::NotFound
}

pub async fn admin_create_organization() -> AppError {
    AppError::NotFound
}

pub async fn admin_organizations() -> AppError {
    AppError::NotFound
}

pub async fn admin_people() -> AppError {
    AppError::NotFound
}

pub async fn admin_update_organization() -> AppError {
    AppError::NotFound
}

pub async fn admin_update_person() -> AppError {
    AppError::NotFound
}

pub async fn change_password() -> AppError {
    AppError::NotFound
}

pub async fn create_token() -> AppError {
    AppError::NotFound
}

pub async fn invitation_form() -> AppError {
    AppError::NotFound
}

pub async fn invite() -> AppError {
    AppError::NotFound
}

pub async fn revoke_token() -> AppError {
    AppError::NotFound
}

pub async fn settings_page() -> AppError {
    AppError::NotFound
}

pub async fn update_profile() -> AppError {
    AppError::NotFound
}

