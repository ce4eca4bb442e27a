//! `POST /api/v1/registrations`: register without a token, through the form's parser and
//! throttle. The answer carries no session; the person signs in on the site or makes a token
//! there once confirmed.
use axum::{
    Json,
    extract::State,
    http::StatusCode,
    response::{IntoResponse, Response},
};
use serde::{Deserialize, Serialize};

use super::{
    model::{self, RawRegistration},
    service::{self, Letter},
};
use crate::{
    auth::client_ip::ClientIp,
    error::{AppError, AppResult},
    state::AppState,
    web::ApiJson,
};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegistrationIn {
    pub display_name: String,
    pub email: String,
    pub password: String,
    pub language: String,
    /// Consent to the terms and the privacy notice.
    pub consent: bool,
}

#[derive(Serialize)]
pub struct RegistrationOut {
    pub id: i32,
    pub display_name: String,
    pub role: &'static str,
    pub email_confirmed: bool,
}

pub async fn create(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    ApiJson(body): ApiJson<RegistrationIn>,
) -> AppResult<Response> {
    if !service::is_open(&state.db).await? {
        return Err(AppError::NotFound);
    }
    let raw = RawRegistration {
        display_name: body.display_name,
        email: body.email,
        password: body.password,
        language: body.language,
        consent: if body.consent { "yes" } else { "" }.to_owned(),
    };
    let new = model::parse(&raw).map_err(AppError::Validation)?;
    let base_url = state.settings.base_url();
    let person = service::register(
        &state.db,
        &state.mailer,
        Letter {
            base_url: &base_url,
        },
        new,
        &ip,
    )
    .await?;
    let out = RegistrationOut {
        id: person.id,
        display_name: person.display_name,
        role: "customer",
        email_confirmed: false,
    };
    Ok((StatusCode::CREATED, Json(out)).into_response())
}
