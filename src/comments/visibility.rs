//! Whether a comment is shown and where, as pure functions of its row: the rules search and
//! feeds ask the comments for.
use crate::entities::comment;

/// Whether the comment is shown to readers: neither removed by its writer nor hidden by a
/// moderator, and out of moderation (not held, rejected or hidden by flags).
pub fn is_shown(comment: &comment::Model) -> bool {
    comment.deleted_at.is_none() && comment.hidden_at.is_none() && comment.moderation().is_visible()
}

/// The comment's place on the page of its post, read at `post_url`.
pub fn url(post_url: &str, id: i32) -> String {
    format!("{post_url}#comment-{id}")
}
