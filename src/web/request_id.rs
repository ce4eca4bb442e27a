//! Request ids: every request carries one in `X-Request-Id`, kept from the proxy in front when
//! it sent a sane one (letters, digits, `-`, `_`, `.`, `:`, at most 64), made here otherwise.
//! The request's tracing span records it, so every log line of the request has it, and the
//! response returns it, so a person reporting a problem can quote it.
use argon2::password_hash::rand_core::{OsRng, RngCore};
use axum::{
    extract::Request,
    http::{HeaderName, HeaderValue},
    middleware::Next,
    response::Response,
};

pub const HEADER: HeaderName = HeaderName::from_static("x-request-id");

/// The longest incoming id kept.
const MAX_LEN: usize = 64;

/// Make sure the request has a sane id, and return it on the response.
pub async fn assign(mut request: Request, next: Next) -> Response {
    let id = request
        .headers()
        .get(&HEADER)
        .and_then(|v| v.to_str().ok())
        .filter(|v| is_sane(v))
        .and_then(|v| HeaderValue::from_str(v).ok())
        .unwrap_or_else(fresh);
    request.headers_mut().insert(HEADER, id.clone());
    let mut response = next.run(request).await;
    response.headers_mut().insert(HEADER, id);
    response
}

/// The id of a request that went through `assign` (empty before it).
pub fn of(request: &Request) -> &str {
    request
        .headers()
        .get(&HEADER)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
}

fn is_sane(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= MAX_LEN
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b':'))
}

/// 16 random bytes in hex.
fn fresh() -> HeaderValue {
    let mut bytes = [0u8; 16];
    OsRng.fill_bytes(&mut bytes);
    HeaderValue::from_str(&hex::encode(bytes)).expect("hex is a valid header value")
}

#[cfg(test)]
mod tests {
    use super::is_sane;

    #[test]
    fn only_short_plain_ids_from_the_proxy_are_kept() {
        assert!(is_sane("0a1b-2c3d"));
        assert!(is_sane("req_42.nginx:1"));
        assert!(!is_sane(""));
        assert!(!is_sane("with space"));
        assert!(!is_sane("line\nbreak"));
        assert!(!is_sane("<script>"));
        assert!(!is_sane(&"x".repeat(65)));
    }
}
