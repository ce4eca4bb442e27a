//! Who may do what with an action. Reading follows the panel (its content readers see the
//! progress page), plus the owner, who always sees their own action; writing one is for the
//! panel's facilitators; moving one on is for its owner and the facilitators.
use super::entities::action;
use crate::panels::access::PanelAccess;

/// Whether `user_id` may move the action to another status (with an update).
pub fn may_move(access: &PanelAccess, row: &action::Model, user_id: i32) -> bool {
    access.is_facilitator() || row.owner_id == Some(user_id)
}

/// Whether the reader may write actions in the panel.
pub fn may_create(access: &PanelAccess) -> bool {
    access.is_facilitator()
}
