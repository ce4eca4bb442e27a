//! A panel's discussion: topics and replies.
pub mod handlers;
pub mod service;
