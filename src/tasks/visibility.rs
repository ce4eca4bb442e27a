//! Where a panel's task lives: the address search and email link to.

/// The task's page, in the panel `slug`.
pub fn url(slug: &str, id: i32) -> String {
    format!("/panels/{slug}/tasks/{id}")
}
