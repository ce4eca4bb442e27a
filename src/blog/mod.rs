//! The team blog: posts, their revisions and labels, and every listing of them (front page,
//! archives, label, author and organisation pages).
pub mod api;
pub mod handlers;
pub mod json;
pub mod model;
pub mod page;
pub mod service;
pub mod store;
