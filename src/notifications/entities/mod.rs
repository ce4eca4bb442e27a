//! The notification tables (migration `m20261206_200000_create_notifications`), kept in the
//! feature's folder: only `notifications::store` queries them.
pub mod follow;
pub mod handle;
pub mod notification;
pub mod notification_delivery;
pub mod notification_prefs;
pub mod sent_digest;
