//! Who is calling the API: a bearer token (`Authorization: Bearer lupa_…`) or nobody. The API
//! never reads the session cookie, so a browser's session cannot be used to write through it
//! (and the API needs no CSRF token).
use axum::{
    extract::FromRequestParts,
    http::{header, request::Parts},
};

use crate::{
    auth::{CurrentUser, permissions::Actor},
    error::AppError,
    people::service as people,
    state::AppState,
};

/// The caller: the token's owner, or a reader (public content only) when no token was sent.
/// A token that is malformed, unknown, revoked or belongs to a deactivated person is refused
/// with 401 rather than treated as a reader, so a broken integration notices.
#[derive(Clone, Debug)]
pub struct ApiCaller(pub Option<CurrentUser>);

impl ApiCaller {
    pub fn actor(&self) -> Option<Actor> {
        self.0.as_ref().map(CurrentUser::actor)
    }
}

/// A caller that must have sent a working token (for writes): 401 without one.
#[derive(Clone, Debug)]
pub struct ApiUser(pub CurrentUser);

/// The token in an `Authorization` header, if the header is there at all.
/// `Some(None)`: a header that is not a bearer token.
fn bearer_token(parts: &Parts) -> Option<Option<&str>> {
    let value = parts.headers.get(header::AUTHORIZATION)?;
    let token = value.to_str().ok().and_then(|v| {
        let (scheme, token) = v.trim().split_once(' ')?;
        let token = token.trim();
        (scheme.eq_ignore_ascii_case("bearer") && !token.is_empty()).then_some(token)
    });
    Some(token)
}

impl FromRequestParts<AppState> for ApiCaller {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        if let Some(cached) = parts.extensions.get::<ApiCaller>() {
            return Ok(cached.clone());
        }
        let caller = match bearer_token(parts) {
            None => ApiCaller(None),
            Some(None) => return Err(AppError::Unauthorized),
            Some(Some(token)) => {
                let row = people::user_for_api_token(&state.db, token).await?;
                let user = row
                    .and_then(CurrentUser::from_row)
                    .ok_or(AppError::Unauthorized)?;
                ApiCaller(Some(user))
            }
        };
        parts.extensions.insert(caller.clone());
        Ok(caller)
    }
}

impl FromRequestParts<AppState> for ApiUser {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        ApiCaller::from_request_parts(parts, state)
            .await?
            .0
            .map(ApiUser)
            .ok_or(AppError::Unauthorized)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::Request;

    fn parts(authorization: Option<&str>) -> Parts {
        let mut builder = Request::builder().uri("/api/v1/posts");
        if let Some(value) = authorization {
            builder = builder.header(header::AUTHORIZATION, value);
        }
        builder.body(()).unwrap().into_parts().0
    }

    #[test]
    fn bearer_tokens_are_read_from_the_authorization_header() {
        assert_eq!(bearer_token(&parts(None)), None);
        assert_eq!(
            bearer_token(&parts(Some("Bearer lupa_abc"))),
            Some(Some("lupa_abc"))
        );
        assert_eq!(
            bearer_token(&parts(Some("bearer  lupa_abc "))),
            Some(Some("lupa_abc"))
        );
        assert_eq!(bearer_token(&parts(Some("Basic dXNlcjpwdw=="))), Some(None));
        assert_eq!(bearer_token(&parts(Some("Bearer"))), Some(None));
    }
}
