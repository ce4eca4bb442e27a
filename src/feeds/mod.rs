//! feeds
pub mod handlers;
