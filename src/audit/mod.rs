//! The audit log: every moderation and administrative action across the site, appended in
//! the transaction of the action itself.
pub mod model;
pub mod store;
