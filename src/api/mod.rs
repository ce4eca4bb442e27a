//! api
pub mod handlers;
