//! Moderation: what waits for a moderator (newcomers' first contributions), flags, the
//! moderation queue, suspensions and the limits for new accounts.
pub mod model;
