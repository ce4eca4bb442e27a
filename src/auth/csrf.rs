//! CSRF protection for every state-changing form: a per-session token, sent back as the
//! `csrf_token` form field (or `X-CSRF-Token` header). The check runs as middleware on every
//! non-GET request outside the token-authenticated JSON API, so no form can forget it.
use argon2::password_hash::rand_core::{OsRng, RngCore};
use axum::{
    body::{Body, to_bytes},
    extract::Request,
    http::{Method, header},
    middleware::Next,
    response::{IntoResponse, Response},
};
use tower_sessions::Session;

use super::tokens::{random_token, same_secret};
use crate::error::AppError;

const SESSION_KEY: &str = "csrf";
/// Form bodies are read whole to find the token; larger ones are refused.
pub const MAX_FORM_BYTES: usize = 2 * 1024 * 1024;

/// The session's token, made on first use (this creates the session for a reader).
pub async fn token(session: &Session) -> Result<String, AppError> {
    if let Some(existing) = session.get::<String>(SESSION_KEY).await? {
        return Ok(existing);
    }
    let fresh = random_token();
    session.insert(SESSION_KEY, &fresh).await?;
    Ok(fresh)
}

/// Replace the session's token with a fresh one (at sign-in and password change, when the
/// session's privileges change) and return it.
pub async fn renew(session: &Session) -> Result<String, AppError> {
    let fresh = random_token();
    session.insert(SESSION_KEY, &fresh).await?;
    Ok(fresh)
}

/// The session's token if it has one (pages for readers without forms do not make one).
pub async fn existing_token(session: &Session) -> Result<Option<String>, AppError> {
    Ok(session.get::<String>(SESSION_KEY).await?)
}

/// The session's token as one response carries it: a fresh random mask, then the token XORed
/// with it (hex). Every page shows different bytes, so a compressed page that also reflects the
/// reader's input cannot reveal the token through its length (BREACH); `require_token`
/// takes the masked form as well as the plain one.
pub fn masked(token: &str) -> String {
    let Ok(secret) = hex::decode(token) else {
        return token.to_owned();
    };
    let mut mask = vec![0u8; secret.len()];
    OsRng.fill_bytes(&mut mask);
    let xored: Vec<u8> = secret.iter().zip(&mask).map(|(s, m)| s ^ m).collect();
    format!("{}{}", hex::encode(&mask), hex::encode(xored))
}

/// Whether `given` (masked or plain) is the session's token `expected`.
pub fn matches(given: &str, expected: &str) -> bool {
    if given.len() == 2 * expected.len() {
        let (mask, xored) = given.split_at(expected.len());
        let (Ok(mask), Ok(xored)) = (hex::decode(mask), hex::decode(xored)) else {
            return false;
        };
        let unmasked: Vec<u8> = xored.iter().zip(&mask).map(|(x, m)| x ^ m).collect();
        return same_secret(&hex::encode(unmasked), expected);
    }
    same_secret(given, expected)
}

/// Refuse (403) any unsafe request that does not carry the session's token.
pub async fn require_token(request: Request, next: Next) -> Response {
    let safe = matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    );
    if safe || request.uri().path().starts_with("/api/") {
        return next.run(request).await;
    }
    let Some(session) = request.extensions().get::<Session>().cloned() else {
        return AppError::Csrf.into_response();
    };
    let expected = match existing_token(&session).await {
        Ok(Some(token)) => token,
        Ok(None) => return AppError::Csrf.into_response(),
        Err(e) => return e.into_response(),
    };
    let header_token = request
        .headers()
        .get("x-csrf-token")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    if let Some(given) = header_token {
        return if matches(&given, &expected) {
            next.run(request).await
        } else {
            AppError::Csrf.into_response()
        };
    }
    let is_form = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    if !is_form {
        return AppError::Csrf.into_response();
    }
    let (parts, body) = request.into_parts();
    let Ok(bytes) = to_bytes(body, MAX_FORM_BYTES).await else {
        return AppError::TooLarge.into_response();
    };
    let given = form_urlencoded_field(&bytes, "csrf_token");
    if !given.is_some_and(|g| matches(&g, &expected)) {
        return AppError::Csrf.into_response();
    }
    next.run(Request::from_parts(parts, Body::from(bytes)))
        .await
}

fn form_urlencoded_field(body: &[u8], name: &str) -> Option<String> {
    serde_urlencoded::from_bytes::<Vec<(String, String)>>(body)
        .ok()?
        .into_iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_masked_token_differs_every_time_and_still_verifies() {
        let token = random_token();
        let (a, b) = (masked(&token), masked(&token));
        assert_ne!(a, b);
        assert!(!a.contains(&token));
        assert!(matches(&a, &token) && matches(&b, &token));
        // The plain token (pages rendered before masking) is still accepted.
        assert!(matches(&token, &token));
    }

    #[test]
    fn a_masked_token_of_another_session_or_altered_is_refused() {
        let token = random_token();
        let other = random_token();
        assert!(!matches(&masked(&other), &token));
        let mut altered = masked(&token).into_bytes();
        altered[100] = if altered[100] == b'0' { b'1' } else { b'0' };
        assert!(!matches(&String::from_utf8(altered).unwrap(), &token));
        assert!(!matches(&"z".repeat(128), &token));
        assert!(!matches("", &token));
    }
}
