//! Where a panel's things live: the addresses search and email link to.

/// The page of a panel's discussion topic (a post), in the panel `slug`.
pub fn topic_url(slug: &str, post_id: i32) -> String {
    format!("/panels/{slug}/topics/{post_id}")
}
