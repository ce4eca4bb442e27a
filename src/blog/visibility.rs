//! Who may find a post and where it is read: the blog's rules that search, feeds and email
//! ask for, as pure functions of the post's row.
use super::model::{PostStatus, Visibility};
use crate::{auth::permissions::Actor, entities::post};

/// Whether the post is out: published and not under moderation (a draft, or a topic
/// waiting for a moderator, rejected or hidden by flags, is never found, listed or sent).
pub fn is_published(post: &post::Model) -> bool {
    post.post_status() == PostStatus::Published && post.moderation().is_visible()
}

/// Whether anyone may read the post, signed in or not (otherwise the network's members).
pub fn is_public(post: &post::Model) -> bool {
    post.post_visibility() == Visibility::Public
}

/// Whether `actor` (or a visitor, `None`) may read the post.
pub fn readable_by(actor: Option<Actor>, post: &post::Model) -> bool {
    super::service::readable_by(actor, post)
}

/// Where the post is read on the blog (a panel's discussion topic is read in its panel:
/// `panels::visibility::topic_url`).
pub fn url(post: &post::Model) -> String {
    format!("/posts/{}", post.slug)
}
