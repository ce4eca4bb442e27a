//! Turns an `ErrorReport` left on a response by `AppError` into a friendly page in the reader's
//! language (or a JSON error under `/api/`), and answers unknown URLs with 404.
use askama::Template;
use axum::{
    Json,
    extract::{FromRequestParts, Request, State},
    http::{StatusCode, header},
    middleware::Next,
    response::{Html, IntoResponse, Redirect, Response},
};

use super::page::{PageCtx, request_lang, urlencode};
use crate::{
    error::{AppError, ErrorReport},
    i18n::Tr,
    state::AppState,
};

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    ctx: PageCtx,
    title: String,
    message: String,
}

/// Unknown URLs.
pub async fn not_found() -> AppError {
    AppError::NotFound
}

/// Known URLs asked with a method they do not take.
pub async fn method_not_allowed() -> AppError {
    AppError::MethodNotAllowed
}

/// axum's own rejections (a malformed query, path or form) are plain-text English; give them
/// the same friendly page or JSON error as ours, keeping their status.
fn rejection_report(response: &Response) -> Option<ErrorReport> {
    let status = response.status();
    let plain = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_none_or(|v| v.starts_with("text/plain"));
    (status.is_client_error() && plain).then(|| ErrorReport {
        status,
        code: match status {
            StatusCode::NOT_FOUND => "not_found",
            StatusCode::METHOD_NOT_ALLOWED => "method_not_allowed",
            StatusCode::PAYLOAD_TOO_LARGE => "too_large",
            _ => "bad_request",
        },
        message_key: match status {
            StatusCode::NOT_FOUND => "error-not-found",
            StatusCode::METHOD_NOT_ALLOWED => "error-method-not-allowed",
            StatusCode::PAYLOAD_TOO_LARGE => "error-too-large",
            _ => "error-bad-request",
        },
        fields: Vec::new(),
    })
}

/// Middleware: render error reports.
pub async fn render_errors(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let is_api = request.uri().path().starts_with("/api/");
    let (parts, body) = request.into_parts();
    // A copy of the request head (with the session) to render the error page from.
    let mut probe_parts = parts.clone();
    let response = next.run(Request::from_parts(parts, body)).await;
    let Some(report) = response
        .extensions()
        .get::<ErrorReport>()
        .cloned()
        .or_else(|| rejection_report(&response))
    else {
        return response;
    };
    let lang = request_lang(&probe_parts, state.settings.default_language, None);
    if is_api {
        let t = Tr::new(lang);
        let fields: serde_json::Map<String, serde_json::Value> = report
            .fields
            .iter()
            .map(|f| (f.field.to_string(), f.message(&t).into()))
            .collect();
        let body = serde_json::json!({
            "error": {
                "code": report.code,
                "message": t.get(report.message_key),
                "fields": fields,
            }
        });
        let mut out = (report.status, Json(body)).into_response();
        if report.status == StatusCode::UNAUTHORIZED {
            out.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                header::HeaderValue::from_static("Bearer"),
            );
        }
        return out;
    }
    if report.status == StatusCode::UNAUTHORIZED {
        let next = probe_parts
            .uri
            .path_and_query()
            .map(|p| p.as_str().to_owned())
            .unwrap_or_else(|| "/".into());
        // After a POST the form is gone; come back to where it was shown.
        let target = if probe_parts.method == axum::http::Method::GET {
            next
        } else {
            probe_parts
                .headers
                .get(header::REFERER)
                .and_then(|v| v.to_str().ok())
                .and_then(|r| r.split_once("://").map(|(_, rest)| rest))
                .and_then(|rest| rest.find('/').map(|i| rest[i..].to_owned()))
                .unwrap_or_else(|| "/".into())
        };
        return Redirect::to(&format!("/sign-in?next={}", urlencode(&target))).into_response();
    }
    // With the database away, asking it for the page's context would wait as long again.
    let ctx = if report.status == StatusCode::SERVICE_UNAVAILABLE {
        PageCtx::without_database(&probe_parts, lang)
    } else {
        match PageCtx::from_request_parts(&mut probe_parts, &state).await {
            Ok(ctx) => Some(ctx),
            Err(_) => PageCtx::without_database(&probe_parts, lang),
        }
    };
    let page = ctx.and_then(|ctx| {
        let t = ctx.t;
        ErrorPage {
            title: t
                .try_get(&format!("error-title-{}", report.status.as_u16()))
                .unwrap_or_else(|| t.get("error-title-400")),
            message: t.get(report.message_key),
            ctx,
        }
        .render()
        .ok()
    });
    match page {
        Some(html) => (report.status, Html(html)).into_response(),
        None => {
            let t = Tr::new(lang);
            (report.status, t.get(report.message_key)).into_response()
        }
    }
}
