//! Comments on posts: threads up to three levels, editing, removal and moderation.
pub mod handlers;
pub mod model;
pub mod service;
pub mod store;
pub mod visibility;
