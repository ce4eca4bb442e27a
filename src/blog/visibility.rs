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
    crate::auth::permissions::can_read_post(
        actor,
        crate::auth::permissions::PostFacts {
            author_id: post.author_id,
            visibility: post.post_visibility(),
            status: post.post_status(),
        },
    ) && crate::moderation::rules::shows_to(
        post.moderation(),
        post.author_id,
        actor,
        crate::auth::permissions::can_moderate(actor),
    )
}

/// Where the post is read on the blog (a panel's discussion topic is read in its panel:
/// `panels::visibility::topic_url`).
pub fn url(post: &post::Model) -> String {
    format!("/posts/{}", post.slug)
}
