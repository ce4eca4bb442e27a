//! comments
pub mod handlers;
