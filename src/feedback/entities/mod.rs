//! The feedback channel's tables (migration `m20261206_120000_create_feedback`), kept in the
//! feature's folder: only `feedback::store` queries them.
pub mod feedback_item;
pub mod feedback_key;
pub mod feedback_note;
pub mod feedback_sending;
pub mod feedback_topic;
