//! Whether a workshop's minutes are shown, whose they are and where they are read: the rules
//! search asks the workshops for, as pure functions of the workshop's row.
use crate::entities::workshop;

/// Whether the workshop's minutes are shown (and found): not for a cancelled workshop.
pub fn minutes_shown(workshop: &workshop::Model) -> bool {
    workshop.cancelled_at.is_none()
}

/// Who the minutes are by: whoever saved them last, else the workshop's creator.
pub fn minutes_author(workshop: &workshop::Model) -> i32 {
    workshop.minutes_by.unwrap_or(workshop.created_by)
}

/// The workshop's page (with its minutes), in the panel `slug`.
pub fn url(slug: &str, id: i32) -> String {
    format!("/panels/{slug}/workshops/{id}")
}
