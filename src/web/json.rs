//! `ApiJson`: the JSON body extractor of every API endpoint, whose refusals are the common
//! JSON error (413 for a body over the limit, else 400 `error-bad-json`).
use axum::{
    Json,
    extract::{FromRequest, Request, rejection::JsonRejection},
    http::StatusCode,
    response::{IntoResponse, Response},
};
use serde::de::DeserializeOwned;

use crate::error::AppError;

/// `Json<T>` whose rejections are our JSON errors: 413 for a body over the size limit, else
/// 400 (`error-bad-json`) for a missing content type, broken JSON, wrong types or unknown fields.
pub struct ApiJson<T>(pub T);

/// Why a JSON body was refused.
#[derive(Debug)]
pub enum ApiJsonRejection {
    TooLarge,
    Bad,
}

impl IntoResponse for ApiJsonRejection {
    fn into_response(self) -> Response {
        match self {
            ApiJsonRejection::Bad => AppError::BadRequest("error-bad-json").into_response(),
            ApiJsonRejection::TooLarge => AppError::TooLarge.into_response(),
        }
    }
}

impl<T, S> FromRequest<S> for ApiJson<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiJsonRejection;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        match Json::<T>::from_request(request, state).await {
            Ok(Json(value)) => Ok(ApiJson(value)),
            Err(rejection) => {
                tracing::debug!(%rejection, "JSON body refused");
                Err(rejection.into())
            }
        }
    }
}

impl From<JsonRejection> for ApiJsonRejection {
    fn from(rejection: JsonRejection) -> Self {
        if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
            ApiJsonRejection::TooLarge
        } else {
            ApiJsonRejection::Bad
        }
    }
}
