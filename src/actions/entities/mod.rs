//! The actions tables (migration `m20261206_250000_create_actions`), kept in the feature's
//! folder: only `actions::store` queries them.
pub mod action;
pub mod action_reminder;
pub mod action_update;
