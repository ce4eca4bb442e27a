//! The team blog: posts, their revisions and labels, and every listing of them (front page,
//! archives, label, author and organisation pages).
pub mod handlers;
pub mod model;
pub mod page;
pub mod service;
pub mod store;
pub mod visibility;
