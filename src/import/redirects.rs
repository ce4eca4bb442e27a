//! Old addresses keep working: a request for an imported post's address on the old blog
//! (`/2009/12/some-title.html`, `/2009/12/some-title/`, `/?p=123`) is answered with a 301 to
//! the post, when the reader may open it. Other requests pass untouched, most without a
//! query: only the recorded shapes are looked up.
use axum::{
    extract::{Request, State},
    http::{Method, StatusCode, header},
    middleware::Next,
    response::{IntoResponse, Response},
};

use super::{model::OldPath, store};
use crate::{auth::MaybeUser, blog, state::AppState};

/// The middleware on the site's pages.
pub async fn answer_old_addresses(
    State(state): State<AppState>,
    user: MaybeUser,
    request: Request,
    next: Next,
) -> Response {
    if matches!(*request.method(), Method::GET | Method::HEAD)
        && let Some(old) = OldPath::from_request(request.uri().path(), request.uri().query())
    {
        match new_address(&state, user, &old).await {
            Ok(Some(url)) => {
                return (StatusCode::MOVED_PERMANENTLY, [(header::LOCATION, url)]).into_response();
            }
            Ok(None) => {}
            Err(e) => return crate::error::AppError::from(e).into_response(),
        }
    }
    next.run(request).await
}

/// Where an old address leads now, if the reader may open the post there (a draft, a
/// members-only post for a visitor or a post under moderation is answered as any unknown
/// address would be).
async fn new_address(
    state: &AppState,
    user: MaybeUser,
    old: &OldPath,
) -> Result<Option<String>, sea_orm::DbErr> {
    let Some(post_id) = store::redirect_target(&state.db, old).await? else {
        return Ok(None);
    };
    let Some(post) = blog::store::post_by_id(&state.db, post_id).await? else {
        return Ok(None);
    };
    let readable =
        blog::visibility::is_published(&post) && blog::visibility::readable_by(user.actor(), &post);
    Ok(readable.then(|| blog::visibility::url(&post)))
}
